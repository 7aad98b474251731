"""What the browser tests share: Debian's chromium driven by Playwright, and a patient who plays
the intake page, answering each question from a policy."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Request, sync_playwright

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

SCENARIOS = Path(__file__).resolve().parents[2] / "cases" / "scenarios"

Policy = Callable[[str], str]
"""How a patient answers: the answer (a form value) for an item's field."""


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
def watched(browser: Browser, *, javascript: bool) -> Iterator[Watched]:
    """A new context (JavaScript on or off) recording every request it makes."""
    context = browser.new_context(java_script_enabled=javascript)
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


def scenario(name: str) -> dict[str, Any]:
    """A clinical scenario's intake."""
    data: dict[str, Any] = json.loads((SCENARIOS / f"{name}.json").read_text(encoding="utf-8"))
    intake: dict[str, Any] = data["intake"]
    return intake


def answering(intake: Mapping[str, Any]) -> Policy:
    """A patient who answers from an intake, and "I don't know" to whatever it leaves out."""

    def answer(field_name: str) -> str:
        head, _, name = field_name.partition(".")
        value = intake.get(head) if not name else intake.get("answers", {}).get(name)
        return "unknown" if value is None else str(value)

    return answer


def unknowing(field_name: str) -> str:
    """A patient who answers "I don't know" to everything."""
    return "unknown"


@dataclass(frozen=True)
class Played:
    """An interview played to its end: what was asked, and whether answers were checked."""

    asked: list[str]
    checked: bool


Visit = Callable[[Page, str], None]
"""Called on each page a patient reaches, with its kind: `question`, `check` or `result`."""


def play(
    page: Page, base: str, policy: Policy, *, visit: Visit | None = None, limit: int = 200
) -> Played:
    """Start the intake and answer every question, then accept the answers to check."""
    page.goto(f"{base}/intake")
    submit(page, "Start now")
    asked: list[str] = []
    checked = False
    for _ in range(limit):
        page.wait_for_load_state("domcontentloaded")
        current = page.locator("input[name=item]")
        if current.count() == 0:
            if page.locator("#check").count():
                checked = True
                if visit is not None:
                    visit(page, "check")
                submit(page, "See your result")
                continue
            if visit is not None:
                visit(page, "result")
            return Played(asked, checked)
        field_name = current.get_attribute("value") or ""
        if visit is not None:
            visit(page, "question")
        asked.append(field_name)
        answer(page, policy(field_name))
        submit(page, "Continue")
    raise AssertionError(f"the intake did not end within {limit} pages: {asked}")


BUTTONS = {"Start now": "start", "Continue": "continue", "See your result": "result"}
"""The value of each button a patient presses (CSS finds it faster than its role and name)."""


def submit(page: Page, button: str) -> None:
    """Press a form's button and wait until the page it leads to starts to arrive."""
    with page.expect_navigation(wait_until="commit"):
        page.locator(f"button[value={BUTTONS[button]}]").click()


def answer(page: Page, value: str) -> None:
    """Give one answer on a question page, as a person would."""
    if page.locator("input[name=number]").count():
        if value == "unknown":
            page.locator("#answer-unknown").check()
        else:
            page.locator("input[name=number]").fill(value)
        return
    page.locator(f"input[name=answer][value='{value}']").check()
