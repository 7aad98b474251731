"""A QuestionnaireResponse to the intake Questionnaire, read into an `Intake` (and written back).

Each question item's `linkId` is a question id (or `age`, `sex`); section `group` items hold them,
as do the adaptive form's group items (`<group>`, `<group>.<n>`), whose answers are read alike.
A yes/no answer is a `valueCoding` of the project's answer CodeSystem, the age a `valueInteger`,
a question's number a `valueDecimal` (2.5 weeks; a `valueInteger` is read too, as older forms
wrote it),
`sex` a `valueCoding` of FHIR's administrative-gender. An item sent without an answer was asked and
not known: it becomes `"unknown"` (for `age` and `sex`, null), exactly as in a JSON intake, so that
the interview does not ask it again. An item `<id>.again` is a warning-sign question asked a second
time (the adaptive form's repeat): its answer is the interview's `second_answers.<id>`, and the
intake assessed holds the more telling of the two answers (`InterviewRequest.intake`). Nothing is
dropped silently: an unknown linkId, a wrong answer
type, an item or an answer given twice, a key given twice in one JSON object (read with
`strict_json.loads(..., on_repeat="mark")`) or a modifier extension each raise `IntakeError`, whose
problems (`ItemProblem`) name the item's linkId in a FHIRPath expression.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rules.vocabulary import RED_FLAG_QUESTIONS, SEXES, YesNo
from triage.errors import FieldProblem, IntakeError
from triage.fhir import canonical
from triage.fhir.narrative import response_narrative
from triage.fhir.questionnaire import (
    answer_coding,
    group_id_of,
    number_value,
    sections,
    sex_coding,
)
from triage.files.strict_json import RepeatedKeys, repeated_message
from triage.interview.next_question import SECOND_ANSWERS, InterviewRequest, parse_request
from triage.interview.questionnaire import SEX_CHOICE, Item, item_by_id
from triage.models import Intake, parse_intake

RESOURCE = "QuestionnaireResponse"

_ELEMENTS = frozenset(
    [
        "resourceType",
        "id",
        "meta",
        "implicitRules",
        "language",
        "text",
        "contained",
        "extension",
        "modifierExtension",
        "identifier",
        "basedOn",
        "partOf",
        "questionnaire",
        "status",
        "subject",
        "encounter",
        "authored",
        "author",
        "source",
        "item",
    ]
)
_ITEM_ELEMENTS = frozenset(
    ["id", "extension", "modifierExtension", "linkId", "definition", "text", "answer", "item"]
)
_SECTIONS = frozenset(sections())
_REPEATABLE = frozenset(question.value for question in RED_FLAG_QUESTIONS)


@dataclass(frozen=True, slots=True)
class ItemProblem(FieldProblem):
    """A bad part of a QuestionnaireResponse: `loc` is its JSON path, `expression` its FHIRPath."""

    link_id: str | None = field(default=None)
    expression: str | None = field(default=None)


@dataclass(frozen=True, slots=True)
class _Where:
    """Where an item sits: its JSON path and its FHIRPath, which names every linkId on the way."""

    loc: tuple[str | int, ...]
    expression: str
    link_id: str | None = None

    def problem(self, message: str, kind: str, suggestion: str | None = None) -> ItemProblem:
        return ItemProblem(self.loc, message, kind, suggestion, self.link_id, self.expression)

    def child(self, index: int, link_id: str) -> _Where:
        return _Where(
            (*self.loc, "item", index),
            f"{self.expression}.item.where(linkId='{link_id}')",
            link_id,
        )


_ROOT = _Where((), RESOURCE)


def read_request(data: Any, issued: Iterable[str] = ()) -> InterviewRequest:
    """The interview request a QuestionnaireResponse gives (`.again` items as `second_answers`).

    `issued` names the items the adaptive form issued: one the response leaves out was asked and is
    not known (a form filler such as LHC-Forms leaves unanswered items out).
    """
    return parse_request(_Reader(issued).intake_data(data))


def read_response(data: Any) -> Intake:
    """The intake a QuestionnaireResponse gives; raises IntakeError naming each bad item."""
    return read_request(data).intake()


def intake_data(data: Any) -> dict[str, Any]:
    """The JSON intake (contract §1) equivalent to a QuestionnaireResponse, checked like one."""
    found = _Reader().intake_data(data)  # the same checks as a JSON intake, named by linkId
    if SECOND_ANSWERS not in found:
        return found
    # The combined answers are set without validation (`model_copy(update=...)`), so pydantic
    # warns that a str stands where it expects the enum; the str is that enum's value.
    combined = parse_request(found).intake()
    return combined.model_dump(mode="json", exclude_unset=True, warnings=False)


def is_response(data: Any) -> bool:
    """Whether a parsed JSON document says it is a QuestionnaireResponse."""
    return isinstance(data, Mapping) and data.get("resourceType") == RESOURCE


class _Reader:
    """One reading: the answers found so far, where each item was, and every problem."""

    def __init__(self, issued: Iterable[str] = ()) -> None:
        self.issued = tuple(issued)
        self.problems: list[ItemProblem] = []
        self.places: dict[str, _Where] = {}
        self.intake: dict[str, Any] = {"answers": {}}
        self.second: dict[str, Any] = {}

    def intake_data(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            kind = type(data).__name__
            raise IntakeError(
                [_ROOT.problem(f"expected a {RESOURCE}, got {kind}", "object_expected")]
            )
        self.check_resource(data)
        items = data.get("item", [])
        if not isinstance(items, list):
            self.problems.append(
                _loc(_ROOT, "item").problem("expected a list of items", "list_expected")
            )
        else:
            self.read_items(items, _ROOT)
        if self.problems:
            raise IntakeError(self.problems)
        self.left_out_as_unknown()
        if self.second:
            self.intake[SECOND_ANSWERS] = self.second
        try:
            parse_request(self.intake)
        except IntakeError as error:
            raise IntakeError([self.placed(problem) for problem in error.problems]) from None
        return self.intake

    def left_out_as_unknown(self) -> None:
        """Every issued item the response leaves out: asked, and not known."""
        for link_id in self.issued:
            if link_id in self.places:
                continue
            question = item_by_id()[link_id.removesuffix(canonical.AGAIN_SUFFIX)]
            if link_id.endswith(canonical.AGAIN_SUFFIX):
                self.second.setdefault(question.id, YesNo.UNKNOWN.value)
            else:
                self.store(question, None if question.id in ("age", "sex") else "unknown")

    def check_resource(self, data: Mapping[str, Any]) -> None:
        self.refuse_repeats(data, _ROOT, nested=False)
        if data.get("resourceType") != RESOURCE:
            where = _loc(_ROOT, "resourceType")
            self.problems.append(
                where.problem(f"expected resourceType '{RESOURCE}'", "wrong_resource")
            )
        for name in data:
            if name not in _ELEMENTS:
                self.problems.append(
                    _loc(_ROOT, name).problem(
                        f"'{name}' is not an element of {RESOURCE}", "unknown_field"
                    )
                )
        if "modifierExtension" in data:
            self.problems.append(_modifier(_loc(_ROOT, "modifierExtension")))
        if data.get("status") == "entered-in-error":
            where = _loc(_ROOT, "status")
            self.problems.append(
                where.problem("a response entered in error cannot be assessed", "entered_in_error")
            )
        questionnaire = data.get("questionnaire")
        if questionnaire is not None and not _names_the_intake(questionnaire, data):
            where = _loc(_ROOT, "questionnaire")
            self.problems.append(
                where.problem(
                    f"expected a response to {canonical.QUESTIONNAIRE_URL}, got {_short(questionnaire)}",
                    "wrong_questionnaire",
                )
            )

    def read_items(self, items: list[Any], parent: _Where) -> None:
        for index, item in enumerate(items):
            link_id = item.get("linkId") if isinstance(item, Mapping) else None
            if not isinstance(link_id, str):
                where = _Where((*parent.loc, "item", index), f"{parent.expression}.item[{index}]")
                self.problems.append(
                    where.problem("expected an item with a string linkId", "item_expected")
                )
                continue
            self.read_item(item, parent.child(index, link_id))

    def read_item(self, item: Mapping[str, Any], where: _Where) -> None:
        link_id = where.link_id
        assert link_id is not None
        self.refuse_repeats(item, where, nested=False)
        for name in item:
            if name not in _ITEM_ELEMENTS:
                self.problems.append(
                    _loc(where, name).problem(
                        f"'{name}' is not an element of an item", "unknown_field"
                    )
                )
        if "modifierExtension" in item:
            self.problems.append(_modifier(_loc(where, "modifierExtension")))
        answers = item.get("answer", [])
        children = item.get("item", [])
        if not isinstance(answers, list) or not isinstance(children, list):
            self.problems.append(
                where.problem("'answer' and 'item' must be lists", "list_expected")
            )
            return
        if _holds_items(link_id) or link_id.endswith(canonical.HELP_SUFFIX):
            stem = link_id.removesuffix(canonical.HELP_SUFFIX)
            known = _holds_items(link_id) or _question_of(stem) or _holds_items(stem)
            if not known:
                self.problems.append(_unknown(where, link_id))
            elif answers:
                self.problems.append(
                    where.problem(
                        f"'{link_id}' is not a question: it takes no answer", "wrong_answer_type"
                    )
                )
            self.read_items(children, where)
            return
        again = link_id.endswith(canonical.AGAIN_SUFFIX)
        question = item_by_id().get(link_id.removesuffix(canonical.AGAIN_SUFFIX))
        if question is None:
            self.problems.append(_unknown(where, link_id))
            return
        if again and question.id not in _REPEATABLE:
            self.problems.append(
                where.problem(
                    f"'{question.id}' is not a warning-sign question; only those are asked a "
                    "second time",
                    "not_repeatable",
                )
            )
            return
        if link_id in self.places:
            first = self.places[link_id].expression
            self.problems.append(
                where.problem(
                    f"'{link_id}' is given more than once (first at {first}); send each item once",
                    "repeated_item",
                )
            )
            return
        self.places[link_id] = where
        self.read_items(children, where)
        if len(answers) > 1:
            self.problems.append(
                where.problem(
                    f"'{link_id}' has {len(answers)} answers; it takes one", "repeated_answer"
                )
            )
            return
        if answers:
            value = self.answer(question, answers[0], _loc(where, "answer", 0))
        else:
            value = None if question.id in ("age", "sex") else YesNo.UNKNOWN.value
        if again:
            self.second[question.id] = value
        else:
            self.store(question, value)

    def answer(self, question: Item, answer: Any, where: _Where) -> Any:
        if not isinstance(answer, Mapping):
            self.problems.append(where.problem("expected an answer object", "wrong_answer_type"))
            return None
        self.refuse_repeats(answer, where, nested=True)
        for child_index, child in enumerate(answer.get("item", []) or []):
            if isinstance(child, Mapping) and isinstance(child.get("linkId"), str):
                self.read_item(child, _loc(where, "item", child_index, link=child["linkId"]))
        values = [name for name in answer if name.startswith("value")]
        expected, found = _expected(question), _value(question, answer, values)
        if found is None:
            got = ", ".join(_short(answer[name], name) for name in values) or "no value"
            self.problems.append(
                where.problem(f"'{question.id}' takes {expected}; got {got}", "wrong_answer_type")
            )
        return found

    def store(self, question: Item, value: Any) -> None:
        if question.id in ("age", "sex"):
            self.intake[question.id] = value
        else:
            self.intake["answers"][question.id] = value

    def refuse_repeats(self, value: Any, where: _Where, *, nested: bool) -> None:
        """A repeated key in this object (and, when nested, in any object inside it but items)."""
        for repeated in _repeated_keys(value, nested):
            self.problems.append(
                where.problem(
                    repeated_message(
                        repeated, f" in the item '{where.link_id}'" if where.link_id else ""
                    ),
                    "duplicate_key",
                )
            )

    def placed(self, problem: FieldProblem) -> FieldProblem:
        """A JSON intake's problem (e.g. a number out of range) moved to the item it came from."""
        name = str(problem.loc[-1]) if problem.loc else ""
        if problem.loc[:1] == (SECOND_ANSWERS,):
            name += canonical.AGAIN_SUFFIX
        where = self.places.get(name)
        if where is None:
            return problem
        return where.problem(problem.message, problem.type, problem.suggestion)


def response_from_intake(
    intake: Intake | Mapping[str, Any],
    *,
    questionnaire: str = f"{canonical.QUESTIONNAIRE_URL}|{canonical.VERSION}",
    status: str = "completed",
) -> dict[str, Any]:
    """A QuestionnaireResponse holding an intake's items, by section; an unknown item has no answer."""
    parsed = parse_intake(intake)
    present = set(parsed.answers.model_fields_set)
    present.update(name for name in ("age", "sex") if name in parsed.model_fields_set)
    groups = []
    for group, found in sections().items():
        answered = [_item(item, parsed) for item in found if item.id in present]
        if answered:
            groups.append({"linkId": group, "item": answered})
    resource = {
        "resourceType": RESOURCE,
        "questionnaire": questionnaire,
        "status": status,
        "item": groups,
    }
    return {**resource, "text": response_narrative(resource)}


def _item(item: Item, intake: Intake) -> dict[str, Any]:
    value = (
        getattr(intake, item.id) if item.id in ("age", "sex") else getattr(intake.answers, item.id)
    )
    found: dict[str, Any] = {"linkId": item.id, "text": item.text}
    if value is None:
        return found
    if item.kind == SEX_CHOICE:
        answer: dict[str, Any] = {"valueCoding": sex_coding(value)}
    elif item.minimum is not None:
        number = float(value)
        whole = int(number) if number.is_integer() else number
        answer = {number_value(item): whole}
    else:
        answer = {"valueCoding": answer_coding(YesNo(value))}
    found["answer"] = [answer]
    return found


def _value(question: Item, answer: Mapping[str, Any], values: list[str]) -> Any:
    if len(values) != 1:
        return None
    [name] = values
    value = answer[name]
    if question.minimum is not None:
        # A question's number is written as a valueDecimal (`response_from_intake`), and so read;
        # a valueInteger, as forms wrote it before, is read too. The age's type checks whole years.
        number = int if name == "valueInteger" else int | float if name == "valueDecimal" else None
        ok = number is not None and isinstance(value, number) and not isinstance(value, bool)
        return value if ok else None
    if name != "valueCoding" or not isinstance(value, Mapping):
        return None
    system, codes = (
        (canonical.SEX_SYSTEM, SEXES)
        if question.kind == SEX_CHOICE
        else (canonical.ANSWER_SYSTEM, tuple(answer.value for answer in YesNo))
    )
    code = value.get("code")
    return code if value.get("system") == system and code in codes else None


def _expected(question: Item) -> str:
    if question.minimum is not None:
        value = number_value(question)
        either = value if value == "valueInteger" else f"{value} (or valueInteger)"
        return f"a {either} from {question.minimum:g} to {question.maximum:g}"
    if question.kind == SEX_CHOICE:
        return f"a valueCoding of {canonical.SEX_SYSTEM} ({', '.join(SEXES)})"
    return f"a valueCoding of {canonical.ANSWER_SYSTEM} (yes, no or unknown)"


def _repeated_keys(value: Any, nested: bool) -> Iterator[str]:
    if isinstance(value, RepeatedKeys):
        yield from value.repeated
    if not nested:
        return
    children = (
        (v for k, v in value.items() if k != "item")
        if isinstance(value, Mapping)
        else iter(value)
        if isinstance(value, list)
        else iter(())
    )
    for child in children:
        yield from _repeated_keys(child, True)


def _names_the_intake(questionnaire: Any, data: Mapping[str, Any]) -> bool:
    if not isinstance(questionnaire, str):
        return False
    if questionnaire.startswith("#"):
        contained = data.get("contained")
        return isinstance(contained, list) and any(
            isinstance(r, Mapping)
            and r.get("resourceType") == "Questionnaire"
            and r.get("id") == questionnaire[1:]
            for r in contained
        )
    return questionnaire.split("|", 1)[0] == canonical.QUESTIONNAIRE_URL


def _holds_items(link_id: str) -> bool:
    """Whether a linkId is a section's, or a group's of the adaptive form (its answers nested)."""
    return link_id in _SECTIONS or group_id_of(link_id) is not None


def _question_of(link_id: str) -> bool:
    """Whether a linkId is a question's, or a warning-sign question's asked again."""
    if link_id.endswith(canonical.AGAIN_SUFFIX):
        return link_id.removesuffix(canonical.AGAIN_SUFFIX) in _REPEATABLE
    return link_id in item_by_id()


def _loc(where: _Where, *parts: str | int, link: str | None = None) -> _Where:
    expression = where.expression
    for part in parts:
        expression += f"[{part}]" if isinstance(part, int) else f".{part}"
    if link is not None:
        expression = f"{expression}.item.where(linkId='{link}')"
    return _Where((*where.loc, *parts), expression, link if link is not None else where.link_id)


def _unknown(where: _Where, link_id: str) -> ItemProblem:
    known = list(item_by_id()) + sorted(_SECTIONS)
    close = difflib.get_close_matches(link_id.lower(), known, n=1, cutoff=0.6)
    suggestion = close[0] if close else None
    message = f"'{link_id}' is not a linkId of the intake Questionnaire"
    if suggestion:
        message += f"; did you mean '{suggestion}'?"
    return where.problem(message, "unknown_link_id", suggestion)


def _modifier(where: _Where) -> ItemProblem:
    return where.problem(
        "modifier extensions change the meaning of what they sit on and none is understood here",
        "modifier_extension",
    )


def _short(value: Any, name: str | None = None) -> str:
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"{name}={text}" if name else text
