"""What the tests of the grouped adaptive form share: answering a turn as a form filler does, and
the turns the interview itself asks (`triage.interview.next_question.next_step`, grouped)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rules.scale import Level
from rules.vocabulary import YesNo
from triage import next_step
from triage.fhir import canonical
from triage.fhir.adaptive import ADAPTIVE_ID
from triage.fhir.questionnaire import answer_coding, group_id_of, number_value, sex_coding
from triage.interview.questionnaire import SEX_CHOICE, item_by_id

EMPTY: dict[str, Any] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}


def adaptive(response: Mapping[str, Any]) -> dict[str, Any]:
    """The response's contained adaptive Questionnaire."""
    [found] = [r for r in response["contained"] if r["id"] == ADAPTIVE_ID]
    return dict(found)


def value_of(intake: Mapping[str, Any], link_id: str) -> Any:
    """The intake's answer to an item (`<id>.again`: its `second_answers`), else unknown."""
    if link_id.endswith(canonical.AGAIN_SUFFIX):
        stem = link_id.removesuffix(canonical.AGAIN_SUFFIX)
        return intake.get("second_answers", {}).get(stem, "unknown")
    found = {**intake, **intake.get("answers", {})}.get(link_id, "unknown")
    return "unknown" if found is None else found


def answer_item(link_id: str, value: Any) -> dict[str, Any] | None:
    """A response item answering one question; None for unknown (a form filler leaves it out)."""
    item = item_by_id()[link_id.removesuffix(canonical.AGAIN_SUFFIX)]
    if value in (None, "unknown"):
        return None
    if item.minimum is not None:
        answer: dict[str, Any] = {number_value(item): value}
    elif item.kind == SEX_CHOICE:
        answer = {"valueCoding": sex_coding(value)}
    else:
        answer = {"valueCoding": answer_coding(YesNo(value))}
    return {"linkId": link_id, "answer": [answer]}


def questions_in(turn: Mapping[str, Any]) -> tuple[str, ...]:
    """The question linkIds of one issued item: a group's questions, or the question itself."""
    if turn.get("type") != "group":
        return (turn["linkId"],)
    return tuple(
        child["linkId"]
        for child in turn["item"]
        if not child["linkId"].endswith(canonical.HELP_SUFFIX)
    )


def answered_turn(turn: Mapping[str, Any], intake: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What a form filler sends for an issued item: a group's answered questions nested under
    it (FHIR's item.item), or the one answered question; nothing when nothing is answered."""
    found = [
        answer
        for link_id in questions_in(turn)
        if (answer := answer_item(link_id, value_of(intake, link_id))) is not None
    ]
    if turn.get("type") == "group" and found:
        return [{"linkId": turn["linkId"], "item": found}]
    return found


def expected_turns(intake: Mapping[str, Any]) -> tuple[list[tuple[str, tuple[str, ...]]], Level]:
    """What the grouped interview asks of an intake's person (each turn: the group's id or the
    question's, and its questions' linkIds), and its level at the end."""
    turns: list[tuple[str, tuple[str, ...]]] = []
    so_far: dict[str, Any] = {"answers": {}, "grouped": True}
    while not (step := next_step(so_far)).should_stop:
        suffix = canonical.AGAIN_SUFFIX if step.repeat else ""
        ids = tuple(item.id + suffix for item in step.items())
        assert step.question is not None
        turns.append((step.question.id + ("" if ids[1:] else suffix), ids))
        for link_id in ids:
            value = value_of(intake, link_id)
            if step.repeat:
                so_far.setdefault("second_answers", {})[link_id.removesuffix(suffix)] = value
            elif link_id in ("age", "sex"):
                so_far[link_id] = None if value == "unknown" else value
            else:
                so_far["answers"][link_id] = value
    return turns, step.triage.level


def turn_ids(questionnaire: Mapping[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    """The issued items of an adaptive Questionnaire as (group or question id, question linkIds)."""
    return [
        (group_id_of(turn["linkId"]) or turn["linkId"], questions_in(turn))
        for turn in questionnaire["item"]
    ]
