"""The README and the pages users read: a README a newcomer reads in minutes, links from it that
resolve, and no development history (commit hashes, issue numbers, dated measurements), which
belongs in CHANGELOG.md and benchmarks/results/."""

from __future__ import annotations

import re

from tests.docs.blocks import FENCE, README, pages
from tests.paths import ROOT

HISTORY = {
    "a commit hash": re.compile(r"(?<![\w.:;/-])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b"),
    "an issue number": re.compile(r"\b(?:issues?|PR|pull request) #?\d+", re.IGNORECASE),
    "a date": re.compile(r"\b20\d\d-\d\d-\d\d\b"),
}
"""What a user should not have to read past: the project's history told in its pages."""


def prose(text: str) -> str:
    """A page without its code blocks, inline code and web addresses, which may hold ids and
    dates as data."""
    text = FENCE.sub("", text)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.sub(r"https?://\S+", "", text)


def test_the_readme_is_at_most_250_lines() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 250


def test_the_readme_gives_the_two_set_up_commands_and_an_example_for_each_reader() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make serve" in text
    assert "make test" in text
    for heading in ("## For a chatbot", "## For a clinic", "## For a rule-base developer"):
        assert heading in text


def test_every_link_in_the_readme_leads_to_a_file_of_the_project() -> None:
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if not t.startswith(("http://", "https://"))]
    assert len(local) >= 20
    assert [t for t in local if not (ROOT / t).exists()] == []


def test_no_page_users_read_tells_the_project_history() -> None:
    found = []
    for page in pages():
        text = prose(page.read_text(encoding="utf-8"))
        for what, pattern in HISTORY.items():
            found += [f"{page.relative_to(ROOT)}: {what} {m!r}" for m in pattern.findall(text)]
    assert not found


def test_the_history_check_finds_a_hash_an_issue_and_a_date() -> None:
    text = prose("Measured on 2026-12-02 before 9ff5eab, as issue 9 asked. `2026-12-02` in code.")
    assert [bool(p.search(text)) for p in HISTORY.values()] == [True, True, True]
    assert not HISTORY["a date"].search(prose("`benchmarks/results/2026-11-25-make-bench.md`"))
