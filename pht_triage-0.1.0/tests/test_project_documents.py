"""The project's own documents: every reference resolves inside the project, and the contract page
names exactly the ids the code uses."""

from __future__ import annotations

import re
from pathlib import Path

from rules.base import SourceKind
from rules.catalogue import catalogue
from rules.scale import Level
from rules.vocabulary import RED_FLAG_QUESTIONS, SEXES, Q

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"


def _sections(page: Path) -> set[str]:
    return set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", page.read_text(), flags=re.MULTILINE))


def _table_ids(text: str) -> list[str]:
    return re.findall(r"^\| `([a-z0-9_]+)` \|", text, flags=re.MULTILINE)


def test_every_section_a_rule_cites_is_a_section_of_the_clinical_facts() -> None:
    facts, contract = _sections(DOCS / "clinical-facts.md"), _sections(DOCS / "contract.md")
    assert {"1.1", "2.1", "3", "4.2", "5", "6.2", "7", "8"} <= facts
    missing = []
    for entry in catalogue():
        source = entry.info.source
        if source is None:
            continue
        text = source.detail
        cited = re.findall(r"clinical facts \(?§(\d+(?:\.\d+)?)", text)
        if source.kind is SourceKind.BRIEF:
            for clause in text.split(";"):
                pages = contract if "contract" in clause.lower() else facts
                cited_here = re.findall(r"§(\d+(?:\.\d+)?)", clause)
                missing += [f"{entry.id}: §{s}" for s in cited_here if s not in pages]
        missing += [f"{entry.id}: clinical facts §{s}" for s in cited if s not in facts]
    assert not missing


def test_no_document_or_source_sends_readers_to_files_outside_the_project() -> None:
    files = [ROOT / "README.md", *DOCS.glob("*.md")]
    for package in ("triage", "rules", "api"):
        files += (ROOT / package).rglob("*.py")
    outside = [str(f.relative_to(ROOT)) for f in files if "shared/" in f.read_text()]
    assert not outside


def test_the_contract_page_lists_every_question_level_and_sex_the_code_knows() -> None:
    text = (DOCS / "contract.md").read_text()
    ids = _table_ids(text)
    assert sorted(ids[: len(Q)]) == sorted(q.value for q in Q)
    assert ids[: len(RED_FLAG_QUESTIONS)] == [q.value for q in RED_FLAG_QUESTIONS]
    assert ids[len(Q) :] == [level.value for level in Level]
    for sex in SEXES:
        assert f"`{sex}`" in text
