"""The adaptive Questionnaire's items: the turns the service issued, read back and written out.

Each top-level item of the contained Questionnaire is one turn of the interview: a question
(`<id>`, or `<id>.again` for a warning sign asked a second time), or, when the form asks for
groups (contract §6), one `group` item holding the questions of that turn, linked by the group's id
(`<group>.<n>` the n-th time a group is asked, as linkIds are unique in a Questionnaire). The
questions issued are the top-level questions and the children of the groups; a section item (a
client's copy of the intake's layout) is descended; a help item is not a question.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rules.vocabulary import RED_FLAG_QUESTIONS, Q
from triage.errors import IntakeError
from triage.fhir import canonical
from triage.fhir.questionnaire import group_id_of, group_item, question_item, sections
from triage.fhir.response import RESOURCE, ItemProblem
from triage.interview.groups import QuestionGroup
from triage.interview.next_question import InterviewStep, repeated
from triage.interview.questionnaire import Item, item_by_id
from triage.texts import form_texts

ADAPTIVE_ID = "pht-intake-adaptive"
"""The id of the contained Questionnaire when the client's response names none."""

_REPEATABLE = frozenset(question.value for question in RED_FLAG_QUESTIONS)


@dataclass(frozen=True, slots=True)
class Turn:
    """One top-level item issued: a question (`members` None), or a group of questions."""

    link_id: str
    members: tuple[str, ...] | None = None

    @property
    def questions(self) -> tuple[str, ...]:
        """The linkIds of the questions this turn asked."""
        return (self.link_id,) if self.members is None else self.members


def issued_items(response: Mapping[str, Any]) -> tuple[str, tuple[Turn, ...]]:
    """The id of the contained Questionnaire the response names, and the turns it issued.

    A contained Questionnaire that is not adaptive (the client's copy of another form) issued
    nothing: it is replaced. An item it holds that the service never issues is a 422.
    """
    named = response.get("questionnaire")
    if not (isinstance(named, str) and named.startswith("#") and len(named) > 1):
        return ADAPTIVE_ID, ()
    contained = response.get("contained")
    for index, resource in enumerate(contained if isinstance(contained, list) else []):
        if not (
            isinstance(resource, Mapping)
            and resource.get("resourceType") == "Questionnaire"
            and resource.get("id") == named[1:]
        ):
            continue
        if not _is_adaptive(resource):
            return named[1:], ()
        where = f"{RESOURCE}.contained[{index}]"
        found = list(turns_in(resource.get("item"), where, ("contained", index)))
        problems = [turn for turn in found if isinstance(turn, ItemProblem)]
        if problems:
            raise IntakeError(problems)
        return named[1:], tuple(merged([t for t in found if isinstance(t, Turn)]))
    return named[1:], ()


def questions_of(turns: Iterable[Turn]) -> tuple[str, ...]:
    """The linkIds of every question the turns asked, in order."""
    return tuple(link_id for turn in turns for link_id in turn.questions)


def turns_in(items: Any, where: str, loc: tuple[str | int, ...]) -> Iterator[Turn | ItemProblem]:
    """The turns a list of items holds (a Questionnaire's, or a response's), or what is wrong."""
    for index, item in enumerate(items if isinstance(items, list) else []):
        link_id = item.get("linkId") if isinstance(item, Mapping) else None
        here = f"{where}.item[{index}]"
        at = (*loc, "item", index)
        if not isinstance(link_id, str):
            yield ItemProblem(at, "expected an item with a string linkId", "item_expected")
        elif group_id_of(link_id) is not None:
            inside = list(turns_in(item.get("item"), here, at))
            yield from (turn for turn in inside if isinstance(turn, ItemProblem))
            members = questions_of(turn for turn in inside if isinstance(turn, Turn))
            if members:
                yield Turn(link_id, members)
        elif link_id in sections():
            yield from turns_in(item.get("item"), here, at)
        elif _issues(link_id):
            yield Turn(link_id)
        elif not link_id.endswith(canonical.HELP_SUFFIX):
            message = f"{link_id!r} in the contained Questionnaire is not an item this form issues"
            yield ItemProblem(at, message, "unknown_link_id", expression=here)


def merged(turns: Iterable[Turn]) -> list[Turn]:
    """The turns in order, each question in the first turn that asked it and each linkId once
    (a group asked again is linked `<group>.<n>`); a turn with nothing new is left out."""
    seen: set[str] = set()
    links: set[str] = set()
    found: list[Turn] = []
    for turn in turns:
        questions = tuple(q for q in turn.questions if q not in seen)
        if not questions:
            continue
        seen.update(questions)
        if turn.members is None:
            found.append(turn)
            continue
        link_id = turn.link_id
        if link_id in links:
            group = group_id_of(link_id)
            link_id = next(
                f"{group}.{n}" for n in itertools.count(2) if f"{group}.{n}" not in links
            )
        links.add(link_id)
        found.append(Turn(link_id, questions))
    return found


def turn_of(step: InterviewStep) -> Turn | None:
    """The turn a step of the interview asks: its question, or its group; None when it stops."""
    suffix = canonical.AGAIN_SUFFIX if step.repeat else ""
    if isinstance(step.question, QuestionGroup):
        return Turn(step.question.id, tuple(item.id + suffix for item in step.question.items))
    return None if step.question is None else Turn(step.question.id + suffix)


def adaptive_questionnaire(turns: Sequence[Turn], held: str = ADAPTIVE_ID) -> dict[str, Any]:
    """The adaptive Questionnaire holding the turns issued, in the order issued (SDC adapt)."""
    texts = form_texts()
    return {
        "resourceType": "Questionnaire",
        "id": held,
        "extension": [{"url": canonical.ADAPTIVE, "valueBoolean": True}],
        # No `url` (sdc-questionnaire-adapt prohibits it): a one-off cut of the intake.
        "version": canonical.VERSION,
        "title": f"{texts.title} (adaptive)",
        "derivedFrom": [f"{canonical.QUESTIONNAIRE_URL}|{canonical.VERSION}"],
        "status": "active",
        "subjectType": ["Patient"],
        "item": [
            question_item(_item(turn.link_id), enable_when=False)
            if turn.members is None
            else group_item(turn.link_id, [_item(member) for member in turn.members])
            for turn in turns
        ],
    }


def _is_adaptive(questionnaire: Mapping[str, Any]) -> bool:
    extensions = questionnaire.get("extension")
    return isinstance(extensions, list) and any(
        isinstance(e, Mapping) and e.get("url") == canonical.ADAPTIVE and e.get("valueBoolean")
        for e in extensions
    )


def _issues(link_id: str) -> bool:
    if link_id.endswith(canonical.AGAIN_SUFFIX):
        return link_id.removesuffix(canonical.AGAIN_SUFFIX) in _REPEATABLE
    return link_id in item_by_id()


def _item(link_id: str) -> Item:
    if link_id.endswith(canonical.AGAIN_SUFFIX):
        return asked_again(link_id.removesuffix(canonical.AGAIN_SUFFIX))
    return item_by_id()[link_id]


def asked_again(question_id: str) -> Item:
    """A warning-sign question as the interview asks it the second time, linked `<id>.again`."""
    item = repeated(Q(question_id))
    return dataclasses.replace(item, id=item.id + canonical.AGAIN_SUFFIX)
