"""`explain`: why a question is asked, what a group of questions is about, what a rule does or
what a triage level means, in the rule base's and the questionnaire's own words."""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process

from rules.catalogue import by_id
from rules.scale import DISPOSITIONS, Level
from triage import FieldProblem, IntakeError, group_texts, shown
from triage.interview import GROUPINGS, item_by_id

Kind = Literal["question", "group", "rule", "level"]

LEVEL_MEANINGS: dict[Level, str] = {
    Level.EMERGENCY_AMBULANCE: "The most urgent level: a warning sign means the person must not "
    "travel on their own; call an ambulance now.",
    Level.EMERGENCY: "A warning sign calls for emergency care now, at an emergency department.",
    Level.CONSULTATION_24: "A warning sign or the picture calls for a doctor within 24 hours.",
    Level.CONSULTATION: "See a physiotherapist, a sports-medicine doctor or a GP; also the level "
    "whenever answers needed for home care are unknown.",
    Level.SELF_CARE: "Home care with the advice given, only on positive evidence of a mild and "
    "recent overload with every warning sign answered; see someone if it does not improve, and "
    "at once if a warning sign appears.",
}
"""What each level means (contract §3), beside who to see and how soon."""


class Explanation(BaseModel):
    """What an id of the rule base or the questionnaire means, and where it comes from."""

    id: str = Field(description="The id explained.")
    kind: Kind = Field(description="question, group (of questions), rule, or level (of triage).")
    text: str = Field(
        description="A question's or a group's words as asked; a rule's plain description; a "
        "level's who to see and how soon."
    )
    why: str = Field(
        description="Why a question or group is asked; what a level means; for a rule, its area "
        "of the rule base."
    )
    source: str | None = Field(description="A rule's source (paper, article or clinical estimate).")
    related: list[str] = Field(
        description="A rule's questions, a group's items; empty for a question or a level."
    )


@cache
def _explained() -> dict[str, Explanation]:
    found: dict[str, Explanation] = {}
    for item in item_by_id().values():
        found[item.id] = Explanation(
            id=item.id, kind="question", text=item.text, why=item.why, source=None, related=[]
        )
    texts = group_texts()
    for grouping in GROUPINGS:
        words = texts[grouping.id]
        found[grouping.id] = Explanation(
            id=grouping.id,
            kind="group",
            text=words.text,
            why=words.why,
            source=None,
            related=list(grouping.members),
        )
    for rule in by_id().values():
        found[rule.id] = Explanation(
            id=rule.id,
            kind="rule",
            text=rule.info.description,
            why=f"A rule of the {rule.info.area} area of the rule base.",
            source=rule.source_text or None,
            related=[q.value for q in rule.questions],
        )
    for level, referral in DISPOSITIONS.items():
        found[level.value] = Explanation(
            id=level.value,
            kind="level",
            text=f"{referral.see} {referral.within}",
            why=LEVEL_MEANINGS[level],
            source=None,
            related=[],
        )
    return found


def explain(topic: str) -> Explanation:
    """The explanation of an id; raises IntakeError naming `id`, with the nearest id, if unknown."""
    found = _explained().get(topic)
    if found is not None:
        return found
    match = process.extractOne(topic[:100], list(_explained()), scorer=fuzz.ratio, score_cutoff=60)
    nearest = match[0] if match else None
    hint = f"; did you mean '{nearest}'?" if nearest else ""
    message = f"'{shown(topic)}' is not a question, group, rule or level id{hint}"
    raise IntakeError([FieldProblem(("id",), message, "unknown_id", nearest)])
