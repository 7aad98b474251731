"""The pydantic models of the contract: the intake a caller sends and the assessment it gets back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import islice
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    create_model,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from rules.scale import Band, Condition, Level, Support
from rules.vocabulary import AGE_RANGE, QUESTION_IDS, QUESTIONS, Kind, Q, Question, YesNo
from triage.errors import (
    MAX_LISTED,
    MORE_PROBLEMS,
    FieldProblem,
    IntakeError,
    field_problems,
    shown,
)
from triage.files.strict_json import RepeatedKeys, repeated_message
from triage.texts import question_text

AnswerValue = YesNo | float
"""A known answer: yes or no for yes/no questions, a number for numeric ones."""


class BoundedExtras(BaseModel):
    """A model (with `extra="forbid"`) that validates at most `MAX_LISTED` unknown keys and counts the rest.

    pydantic reports every unknown key, so a body of many thousands would cost time and memory in
    proportion. Here the keys beyond the first `MAX_LISTED` unknown ones are left out before
    validation and reported as one `more_problems` detail with their count.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _bound_unknown_keys(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        fields = cls.model_fields
        if not isinstance(data, dict) or len(data) <= len(fields) + MAX_LISTED:
            return handler(data)
        unknown = len(data) - sum(1 for name in fields if name in data)
        if unknown <= MAX_LISTED:
            return handler(data)
        kept = {name: data[name] for name in fields if name in data}
        kept.update((k, data[k]) for k in islice((k for k in data if k not in fields), MAX_LISTED))
        try:
            return handler(kept)
        except ValidationError as error:
            raise _with_more(error, unknown - MAX_LISTED) from None


def _with_more(error: ValidationError, more: int) -> ValidationError:
    """The same validation error, plus a detail counting `more` problems that were not validated."""
    details: list[InitErrorDetails] = [
        {"type": PydanticCustomError(d["type"], d["msg"]), "loc": d["loc"], "input": d["input"]}
        for d in error.errors(include_url=False)
    ]
    counted = PydanticCustomError(MORE_PROBLEMS, "{count} more unknown keys", {"count": more})
    details.append({"type": counted, "loc": (), "input": None})
    return ValidationError.from_exception_data(error.title, details)


def _number_validator(question: Question) -> PlainValidator:
    low, high = question.minimum, question.maximum

    def check(value: object) -> float | None:
        if value is None or value == YesNo.UNKNOWN:
            return None
        expected = f"expected a number from {low:g} to {high:g}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError("number_expected", f"{expected}, or 'unknown'")
        if not question.accepts_number(value):
            shown_value = shown(str(value))
            raise PydanticCustomError(
                "number_out_of_range", f"{shown_value} is out of range: {expected}"
            )
        return float(value)

    return PlainValidator(check)


_YES_NO_ANSWERS: dict[str, YesNo | None] = {
    answer.value: None if answer is YesNo.UNKNOWN else answer for answer in YesNo
}
"""What each accepted text means: "unknown" is the same as no answer. A dict lookup, since this
runs for every yes/no answer of every intake."""


def _yes_no(value: object) -> YesNo | None:
    if value is None:
        return None
    if isinstance(value, str):  # YesNo members are str too
        try:
            return _YES_NO_ANSWERS[value]
        except KeyError:
            pass
    raise PydanticCustomError("yes_no_expected", "expected 'yes', 'no' or 'unknown'")


def _answer_field(question: Question) -> tuple[Any, Any]:
    description = question_text(question.id).text
    if question.kind is Kind.NUMBER:
        schema = {
            "anyOf": [
                {"type": "number", "minimum": question.minimum, "maximum": question.maximum},
                {"type": "string", "enum": ["unknown"]},
                {"type": "null"},
            ],
            "description": f"{description} ({question.unit})",
        }
        annotation: Any = Annotated[
            float | None, _number_validator(question), WithJsonSchema(schema)
        ]
    else:
        # The schema comes from `YesNo` itself, so every yes/no answer shares one component.
        validator = PlainValidator(_yes_no, json_schema_input_type=YesNo | None)
        annotation = Annotated[YesNo | None, validator]
    return annotation, Field(default=None, description=description)


def refuse_repeated_keys(value: object) -> object:
    """Refuse an object read with a repeated key (`strict_json.RepeatedKeys`), naming the key."""
    if isinstance(value, RepeatedKeys):
        key = value.repeated[0]
        # The key is added to the error's location by `triage.errors.problems_from_details`.
        raise PydanticCustomError(
            "duplicate_key", "{message}", {"key": key, "message": repeated_message(key)}
        )
    return value


def _age(value: object) -> int | None:
    """An age in whole years; "unknown" (or null) means the same as no age (contract §1).

    JSON does not tell 34 from 34.0, so a float with no fraction is read as the whole number.
    """
    if value is None or value == YesNo.UNKNOWN:
        return None
    low, high = AGE_RANGE
    expected = f"expected whole years from {low} to {high}, or 'unknown'"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("age_expected", expected)
    if not low <= value <= high:
        raise PydanticCustomError(
            "age_out_of_range", f"{shown(str(value))} is out of range: {expected}"
        )
    return value


def _unknown_is_none(value: object) -> object:
    """ "unknown" means the same as no value (contract §1), so the rules never tell them apart."""
    return None if value == YesNo.UNKNOWN else value


_AGE_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": AGE_RANGE[0], "maximum": AGE_RANGE[1]},
        {"type": "string", "enum": ["unknown"]},
        {"type": "null"},
    ]
}


class _StrictAnswers(BoundedExtras):
    model_config = ConfigDict(extra="forbid", frozen=True)


def answers_model(name: str, questions: Iterable[Question], doc: str) -> type[BaseModel]:
    """A frozen model with one optional answer field per question, unknown fields refused."""
    fields: dict[str, Any] = {question.id.value: _answer_field(question) for question in questions}
    model: type[BaseModel] = create_model(name, __base__=_StrictAnswers, __doc__=doc, **fields)
    return model


if TYPE_CHECKING:
    Answers = BaseModel
else:
    Answers = answers_model(
        "Answers",
        QUESTIONS.values(),
        "The answers given so far, keyed by question id. Missing or 'unknown' means unknown.",
    )


class Intake(BoundedExtras):
    """What a caller knows about one person (contract §1)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "age": 34,
                    "sex": "male",
                    "answers": {
                        "sit_bone_pain": "yes",
                        "sitting_pain": "yes",
                        "below_knee_pain": "no",
                        "duration_weeks": 8,
                    },
                }
            ]
        },
    )

    age: Annotated[int | None, PlainValidator(_age), WithJsonSchema(_AGE_SCHEMA)] = Field(
        default=None, description="Age in whole years, 0 to 120; 'unknown' when not known."
    )
    sex: Annotated[
        Literal["female", "male", "other", "unknown"] | None, BeforeValidator(_unknown_is_none)
    ] = Field(
        default=None, description="Sex, if known; 'unknown' means the same as leaving it out."
    )
    answers: Annotated[Answers, BeforeValidator(refuse_repeated_keys)] = Field(
        default_factory=Answers, description=Answers.__doc__
    )

    @model_validator(mode="before")
    @classmethod
    def _no_repeated_keys(cls, data: object) -> object:
        return refuse_repeated_keys(data)

    def known(self) -> dict[Q, AnswerValue]:
        """The answered questions (yes, no or a number), in questionnaire order."""
        values = self.answers.model_dump(exclude_none=True)
        # The ids come from a table: each `q.value` would cost a property call.
        return {
            q: values[key] for q, key in zip(QUESTIONS, QUESTION_IDS, strict=True) if key in values
        }

    def answer(self, question: Q) -> AnswerValue | None:
        """The answer to one question, or None when it is unknown."""
        value: AnswerValue | None = getattr(self.answers, question.value)
        return value

    def with_answers(self, **answers: str | float | None) -> Intake:
        """A copy with some answers added or replaced (None or 'unknown' clears one)."""
        merged: dict[str, Any] = {q.value: v for q, v in self.known().items()}
        merged.update(answers)
        return parse_intake({"age": self.age, "sex": self.sex, "answers": merged})


def parse_intake(data: Intake | Mapping[str, Any]) -> Intake:
    """An intake from a model or a plain mapping; raises IntakeError naming every bad field."""
    if isinstance(data, Intake):
        return data
    if not isinstance(data, Mapping):
        kind = type(data).__name__
        raise IntakeError([FieldProblem((), f"expected an object, got {kind}", "object_expected")])
    try:
        return Intake.model_validate(data)
    except ValidationError as error:
        raise IntakeError.of(field_problems(error)) from None


# --- The assessment (contract §4) -------------------------------------------------------------


class Contribution(BaseModel):
    """How one answer moved the likelihood."""

    question: Q
    answer: str
    likelihood_ratio: float = Field(description="The likelihood ratio this answer carries.")
    group: str = Field(description="Findings that measure the same thing share a group.")
    counted: bool = Field(
        description="Whether it was counted: only the strongest answer of a group counts."
    )
    rule: str
    source: str


class Likelihood(BaseModel):
    """The probability of proximal hamstring tendinopathy, its band and how it was reached."""

    condition: Literal["proximal_hamstring_tendinopathy"] = "proximal_hamstring_tendinopathy"
    probability: float = Field(ge=0, le=1)
    band: Band
    prior: float = Field(ge=0, le=1)
    contributions: list[Contribution] = Field(default_factory=list)
    statement: str = Field(
        default="",
        description="The band in words and the figure as an estimate, for a person to read.",
    )


class TriageResult(BaseModel):
    """The triage level, who to see, how soon, and why."""

    level: Level
    see: str
    within: str
    reasons: list[str]


class RedFlagFound(BaseModel):
    """A red flag found in the answers and the level it forces."""

    id: str
    level: Level
    condition: Condition
    message: str
    rule: str
    questions: list[Q]


class RedFlagScreen(BaseModel):
    """Whether every red-flag question has been answered yes or no."""

    complete: bool
    unanswered: list[Q]


class Differential(BaseModel):
    """Another condition the answers point to, with its support and reasons."""

    condition: Condition
    support: Support
    score: int
    reasons: list[str]
    rules: list[str]


class Weighted(BaseModel):
    """An answer that raised or lowered the likelihood, with its weight and rule."""

    question: Q
    answer: str
    weight: float = Field(description="The likelihood ratio this answer carries.")
    counted: bool = Field(description="False when a stronger answer of its group counted instead.")
    rule: str


class Explanation(BaseModel):
    """Why the assessment came out as it did."""

    supporting: list[Weighted]
    conflicting: list[Weighted]
    unanswered: list[Q] = Field(description="Key questions still unanswered, most useful first.")
    fired_rules: list[str] = Field(description="The rules that fired, in firing order.")


class Advice(BaseModel):
    """One piece of advice, its stage and its source."""

    id: str
    stage: str
    text: str
    source: str
    evidence_note: str | None = Field(
        default=None, description="Where the advice departs from the article, and why."
    )


class RankedCondition(BaseModel):
    """One condition in the ranked list: its place, its support or probability, and why."""

    rank: int = Field(ge=1, description="1 is the best-supported condition.")
    condition: Condition
    support: Support = Field(
        description="How well the answers support it; for tendinopathy, its likelihood band."
    )
    probability: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Tendinopathy only: the estimated probability (see `likelihood`).",
    )
    score: int | None = Field(
        default=None, description="The other conditions: the summed weight of their signs."
    )
    reasons: list[str]
    rules: list[str]


class Assessment(BaseModel):
    """The assessment of one intake (contract §4)."""

    likelihood: Likelihood
    triage: TriageResult
    red_flags: list[RedFlagFound]
    red_flag_screen: RedFlagScreen
    differentials: list[Differential]
    explanation: Explanation
    advice: list[Advice]
    rule_base_version: str
    disclaimer: str
    conditions: list[RankedCondition] = Field(
        description="Every condition considered, tendinopathy included, best supported first.",
    )
