"""The project's ConText against medspaCy's, on the same targets and the project's annotated set.

medspaCy is not a dependency of the project (docs/free-text.md says why), so this runs in two
virtual environments:

    .venv/bin/python -m benchmarks.context_compare dump /tmp/compare.json
    python3.11 -m venv /tmp/ms && /tmp/ms/bin/pip install medspacy==1.3.1
    /tmp/ms/bin/python benchmarks/context_compare.py compare /tmp/compare.json

`dump` writes the reader's compiled phrases, each sentence as the reader normalises it, its
annotated yes/no mentions and the reader's own. `compare` (which imports nothing of the project)
finds the same phrases, gives way between them by the same rule, and lets medspaCy's ConText with
its default rules decide each mention's status on a blank English pipeline; then it scores both.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

Mention = dict[str, str]


def dump(path: Path) -> None:
    """Write the phrases, the normalised sentences, and the annotated and read yes/no mentions."""
    from benchmarks.parse import SET
    from rules.vocabulary import QUESTIONS, Kind
    from triage.freetext import parse
    from triage.freetext.lexicon import lexicon
    from triage.freetext.text import normalise

    words = lexicon()
    yes_no = {q.value for q, s in QUESTIONS.items() if s.kind is Kind.YES_NO}
    phrases = [
        {
            "id": item.id.value,
            "absent": absent,
            "pattern": phrase.pattern.pattern,
            "past_counts": item.past_counts,
            "yields_to": sorted(q.value for q in item.yields_to),
        }
        for item in words.items
        for absent, group in ((False, item.present), (True, item.absent))
        for phrase in group
    ]
    cases = []
    for line in SET.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        read = parse(case["text"]).mentions
        cases.append(
            {
                "text": normalise(case["text"], words.misspellings).text,
                "gold": [m for m in case["mentions"] if m["id"] in yes_no],
                "project": [
                    {"id": m.id, "value": str(m.value), "status": m.status.value}
                    for m in read
                    if m.id in yes_no
                ],
            }
        )
    path.write_text(json.dumps({"phrases": phrases, "cases": cases}), encoding="utf-8")


def _targets(text: str, phrases: list[tuple[dict[str, Any], re.Pattern[str]]]) -> list[Any]:
    found = [(p, m.start(), m.end()) for p, rx in phrases for m in rx.finditer(text)]
    kept = []
    for i, (p, s, e) in enumerate(found):
        gives_way = any(
            j != i
            and s2 <= s
            and e <= e2
            and (q["id"] == p["id"] or q["id"] in p["yields_to"])
            and (e2 - s2 > e - s or ((s2, e2) == (s, e) and j < i))
            for j, (q, s2, e2) in enumerate(found)
        )
        if not gives_way:
            kept.append((p, s, e))
    return kept


def compare(path: Path) -> None:
    """Read every sentence with medspaCy's ConText and print both readers' figures."""
    started = time.perf_counter()
    import medspacy  # type: ignore[import-not-found,unused-ignore]  # noqa: F401 (its components)
    import spacy  # type: ignore[import-not-found,unused-ignore]

    imported = time.perf_counter()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("medspacy_context")
    built = time.perf_counter()
    data = json.loads(path.read_text(encoding="utf-8"))
    phrases = [(p, re.compile(p["pattern"])) for p in data["phrases"]]
    for case in data["cases"]:
        case["medspacy"] = []
        for p, s, e in _targets(case["text"], phrases):
            doc = nlp.make_doc(case["text"])
            span = doc.char_span(s, e, label=p["id"], alignment_mode="expand")
            if span is None:
                continue
            doc.ents = [span]
            for _, component in nlp.pipeline:
                doc = component(doc)
            case["medspacy"].append(_mention(p, doc.ents[0]))
    print(f"import {imported - started:.2f} s, pipeline {built - imported:.2f} s")
    for reader in ("project", "medspacy"):
        precision, recall, missed = _score(data["cases"], reader)
        print(
            f"{reader:<9} precision {precision:.3f} recall {recall:.3f}, {missed} stated red flags not read yes"
        )


def _mention(phrase: dict[str, Any], ent: Any) -> Mention:
    if ent._.is_family:
        status = "other_person"
    elif ent._.is_hypothetical:
        status = "hypothetical"
    elif ent._.is_uncertain:
        status = "uncertain"
    elif ent._.is_negated:
        status = "negated"
    elif ent._.is_historical and not phrase["past_counts"]:
        status = "historical"
    else:
        status = "affirmed"
    negated = (status == "negated") != phrase["absent"]
    if status in ("affirmed", "negated"):
        status = "negated" if negated else "affirmed"
    return {"id": phrase["id"], "value": "no" if negated else "yes", "status": status}


RED_FLAGS = {
    "saddle_numbness", "bladder_bowel_change", "both_legs_symptoms", "breathless_or_chest_pain",
    "leg_weakness_worsening", "fever_or_unwell", "infection_risk", "cannot_bear_weight",
    "major_trauma", "osteoporosis", "calf_thigh_swelling", "cancer_history", "weight_loss",
    "night_pain", "palpable_mass", "worse_with_rest",
}  # fmt: skip
"""The contract's red-flag ids (§2), written out: this side imports nothing of the project."""


def _score(cases: list[dict[str, Any]], reader: str) -> tuple[float, float, int]:
    right = read = annotated = missed = 0
    for case in cases:
        found: list[Mention] = []
        for mention in case[reader]:
            if mention not in found:
                found.append(mention)
        read += len(found)
        annotated += len(case["gold"])
        for gold in case["gold"]:
            if gold in found:
                right += 1
                found.remove(gold)
            stated = gold["id"] in RED_FLAGS and gold["status"] == "affirmed"
            if stated and {**gold, "value": "yes"} not in case[reader]:
                missed += 1
    return right / read, right / annotated, missed


if __name__ == "__main__":
    command, file = sys.argv[1], Path(sys.argv[2])
    dump(file) if command == "dump" else compare(file)
