"""What the browser tests share: Debian's chromium driven by Playwright, and a patient who plays
the intake pages, answering each page from a policy (`tests.api.web.player`) as a person would."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Request, sync_playwright

from tests.api.web.player import Policy, ticks

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium (`apt-get install -y chromium`); Playwright never downloads a browser here."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
"""Where the browser tests save their screenshots (git-ignored)."""


def chromium_or_skip() -> None:
    """Install Debian's chromium when it is missing and the machine allows (as root), else skip."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get") is not None:
        subprocess.run(["apt-get", "install", "-y", "chromium"], check=False, capture_output=True)
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless chromium for the duration of the block."""
    chromium_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watched:
    """A browser context whose every request and console message is recorded."""

    context: BrowserContext
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def page(self) -> Page:
        """A new page of this context, watched."""
        page = self.context.new_page()
        page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        return page

    def blocked(self) -> list[str]:
        """Console messages of a Content-Security-Policy violation."""
        return [text for text in self.console if "Content Security Policy" in text]

    def outside(self, base: str) -> list[str]:
        """The requests made to anywhere but the service under test (its blobs are its own)."""
        local = (f"{base}/", f"blob:{base}/")
        return [url for url in self.requests if not url.startswith(local)]


PHONE = (375, 667)
"""A phone's window in CSS pixels (an iPhone SE / 8)."""

DESKTOP = (1280, 720)
"""A desktop browser's window (Playwright's default)."""


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than its window (0 when nothing overflows)."""
    width: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return max(width, 0)


SERIOUS = {"serious", "critical"}
"""The axe-core impacts a page may not have."""


def serious(page: Page) -> list[str]:
    """axe-core's serious and critical violations on a page, with the elements at fault."""
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in found
        if v["impact"] in SERIOUS
    ]


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as `tests/artifacts/NAME.png` and say where."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


@contextmanager
def watched(browser: Browser, *, javascript: bool, width: int = DESKTOP[0]) -> Iterator[Watched]:
    """A new context (JavaScript on or off, a window this wide) recording every request it makes."""
    size = PHONE if width == PHONE[0] else (width, DESKTOP[1])
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": size[0], "height": size[1]}
    )
    found = Watched(context)

    def note(request: Request) -> None:
        found.requests.append(request.url)

    def fail(request: Request) -> None:
        found.failed.append(request.url)

    context.on("request", note)
    context.on("requestfailed", fail)
    try:
        yield found
    finally:
        context.close()


@dataclass(frozen=True)
class Played:
    """An interview played to its end: the fields each page asked, and whether answers were checked."""

    pages: list[list[str]]
    checked: bool

    @property
    def asked(self) -> list[str]:
        """Every field asked, in order."""
        return [field for page in self.pages for field in page]


Visit = Callable[[Page, str], None]
"""Called on each page a patient reaches, with its kind: `question`, `check` or `result`."""


def play(
    page: Page,
    base: str,
    policy: Policy,
    *,
    visit: Visit | None = None,
    start: str = "intake",
    limit: int = 60,
) -> Played:
    """Open the start page (`start`), answer every page, then accept the answers to check."""
    page.goto(f"{base}/{start}")
    submit(page, "Start now")
    pages: list[list[str]] = []
    checked = False
    for _ in range(limit):
        page.wait_for_load_state("domcontentloaded")
        items = page.locator("input[name=item]")
        if items.count() == 0:
            if page.locator("#check").count():
                checked = True
                if visit is not None:
                    visit(page, "check")
                submit(page, "See your result")
                continue
            if visit is not None:
                visit(page, "result")
            return Played(pages, checked)
        fields = [items.nth(n).get_attribute("value") or "" for n in range(items.count())]
        kind = style(page)
        if visit is not None:
            visit(page, kind)
        pages.append(fields)
        fill(page, kind, fields, policy)
        submit(page, "Continue")
    raise AssertionError(f"the intake did not end within {limit} pages: {pages}")


def style(page: Page) -> str:
    """How a question page asks: `checkboxes`, `inputs` (one per item) or `question`."""
    if page.locator("input[name=ticked]").count():
        return "checkboxes"
    return "inputs" if page.locator("input[name^='answer:']").count() else "question"


BUTTONS = {"Start now": "start", "Continue": "continue", "See your result": "result"}
"""The value of each button a patient presses (CSS finds it faster than its role and name)."""


def submit(page: Page, button: str) -> None:
    """Press a form's button and wait until the page it leads to starts to arrive."""
    with page.expect_navigation(wait_until="commit"):
        page.locator(f"button[value={BUTTONS[button]}]").click()


def fill(page: Page, kind: str, fields: list[str], policy: Policy) -> None:
    """Answer a question page as a person would: tick, type or choose."""
    if kind == "checkboxes":
        for value in ticks(fields, policy):
            page.locator(f"input[name=ticked][value='{value}']").check()
        return
    for field_name in fields:
        suffix = f":{field_name}" if kind == "inputs" else ""
        value = policy(field_name)
        number = page.locator(f"input[name='number{suffix}']")
        if number.count() and value != "unknown":
            number.fill(value)
        else:
            page.locator(f"input[name='answer{suffix}'][value='{value}']").check()
