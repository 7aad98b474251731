"""Hypothesis strategies for intakes and the contract's safety rules (§5) as reusable checks.

For the tests of the project and of anyone who changes the rule base::

    from hypothesis import given
    from triage.devtools import testing

    @given(testing.intakes(), testing.red_flag_questions())
    def test_a_red_flag_never_lowers_the_level(intake, question):
        testing.check_adding_red_flag_never_less_urgent(intake, question)

Strategies draw intakes as plain JSON-like mappings, the shape a caller sends (contract §1). Every
check takes an intake (a mapping or an `Intake`), assesses it as often as it needs, and raises
`AssertionError` with a message naming the safety rule and what broke it; it returns nothing.
`check_safety(intake)` runs every check that needs only an intake.

hypothesis is not among the runtime dependencies: this module comes with the `testing` extra
(`pip install 'pht-triage[testing]'`), and the red-flag floor check that `triage check` runs lives
in `triage.devtools.safety`, which needs no hypothesis.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as missing:  # pragma: no cover  (the tests always have hypothesis)
    raise ModuleNotFoundError(
        "triage.devtools.testing needs hypothesis: pip install 'pht-triage[testing]'",
        name="hypothesis",
    ) from missing

from rules.catalogue import by_id
from rules.findings import FINDINGS
from rules.levels import LONG_DURATION_WEEKS, SEVERE_PAIN_SCORE
from rules.patterns import candidate_values, satisfied_by, satisfies, values_satisfying
from rules.red_flags import FLAGS, Flag
from rules.scale import Band, Level
from rules.vocabulary import AGE_RANGE, QUESTIONS, RED_FLAG_QUESTIONS, SEXES, Audience, Kind, Q
from triage.core import assess
from triage.core import next_question as default_next_question
from triage.core import next_step as _interview_step
from triage.devtools.conversation import INTERVIEW_STEP_LIMIT as INTERVIEW_STEP_LIMIT
from triage.devtools.conversation import Played as Played
from triage.devtools.conversation import full_request, play_interview
from triage.devtools.safety import check_red_flag_floor as check_red_flag_floor  # re-exported
from triage.devtools.safety import known_answers
from triage.devtools.witness import SCREEN_NO, IntakeData, as_data, assign
from triage.interview.next_question import InterviewStep, StopReason, not_asked_of, parse_request
from triage.models import Assessment, Intake, parse_intake

SUPPORTING_FINDINGS: tuple[Q, ...] = tuple(
    finding.question for finding in FINDINGS if finding.yes is not None and finding.yes > 1
)
"""The yes/no findings whose "yes" supports tendinopathy (safety rule 6)."""

NON_SCREEN_QUESTIONS: tuple[Q, ...] = tuple(q for q in Q if q not in RED_FLAG_QUESTIONS)
"""Every question outside the red-flag screen."""

# --- Strategies -----------------------------------------------------------------------------


def answer_values(question: Q, *, known: bool = False) -> st.SearchStrategy[Any]:
    """Answers to one question: yes/no (or a number in range), and "unknown" unless `known`."""
    spec = QUESTIONS[question]
    if spec.kind is Kind.NUMBER:
        assert spec.minimum is not None
        assert spec.maximum is not None
        low, high = int(spec.minimum), int(spec.maximum)
        values: st.SearchStrategy[Any] = st.integers(low, high) | st.floats(
            spec.minimum, spec.maximum, allow_nan=False
        )
    else:
        values = st.sampled_from(["yes", "no"])
    return values if known else values | st.just("unknown")


def _ages() -> st.SearchStrategy[int]:
    return st.integers(*AGE_RANGE)


def _intake(person: Mapping[str, Any], answers: Mapping[str, Any]) -> IntakeData:
    return {**person, "answers": dict(answers)}


def _people() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={"age": _ages(), "sex": st.sampled_from(SEXES)})


def intakes() -> st.SearchStrategy[IntakeData]:
    """Any valid intake: each question left out, unknown, or answered; age and sex optional."""
    answers = st.fixed_dictionaries({}, optional={q.value: answer_values(q) for q in Q})
    return st.tuples(_people(), answers).map(lambda drawn: _intake(*drawn))


def full_intakes() -> st.SearchStrategy[IntakeData]:
    """Intakes with age, sex and every question answered (no unknowns)."""
    person = st.fixed_dictionaries({"age": _ages(), "sex": st.sampled_from(SEXES)})
    answers = st.fixed_dictionaries({q.value: answer_values(q, known=True) for q in Q})
    return st.tuples(person, answers).map(lambda drawn: _intake(*drawn))


@st.composite
def sparse_intakes(draw: st.DrawFn, max_answers: int = 5) -> IntakeData:
    """Intakes with at most `max_answers` questions answered, as early in an interview."""
    questions = draw(st.lists(st.sampled_from(list(Q)), max_size=max_answers, unique=True))
    answers = {q.value: draw(answer_values(q)) for q in questions}
    return _intake(draw(_people()), answers)


def red_flag_questions() -> st.SearchStrategy[Q]:
    """A question of the red-flag screen."""
    return st.sampled_from(RED_FLAG_QUESTIONS)


def supporting_findings() -> st.SearchStrategy[Q]:
    """A yes/no finding whose "yes" supports tendinopathy."""
    return st.sampled_from(SUPPORTING_FINDINGS)


@st.composite
def intakes_with_red_flags(draw: st.DrawFn) -> IntakeData:
    """Intakes that meet the conditions of at least one red-flag rule (drawn from `FLAGS`)."""
    flag = draw(st.sampled_from(FLAGS))
    values = {
        key: draw(st.sampled_from(values_satisfying(key, constraint)))
        for key, constraint in flag.when.items()
    }
    return assign(draw(intakes()), values)


@st.composite
def intakes_without_red_flags(draw: st.DrawFn, complete_screen: bool = True) -> IntakeData:
    """Intakes that meet no red-flag rule; the screen is answered "no" throughout by default."""
    intake = draw(intakes())
    if complete_screen:
        return without_red_flags(assign(intake, SCREEN_NO))
    screened = {
        q.value: draw(st.sampled_from(["no", "unknown"]))
        for q in RED_FLAG_QUESTIONS
        if intake["answers"].get(q.value) == "yes"
    }
    return without_red_flags(assign(intake, screened))


def without_red_flags(intake: IntakeData) -> IntakeData:
    """A copy of the intake changed as little as needed so that no red-flag rule's conditions hold.

    For each red flag that holds, its first condition is answered otherwise ("no"), or left out.
    """
    for _ in range(len(FLAGS)):
        met = [flag for flag in FLAGS if satisfied_by(flag.when, known_answers(intake))]
        if not met:
            return intake
        intake = assign(intake, dict(_broken(flag) for flag in met))
    raise AssertionError("could not remove every red flag from the intake")  # pragma: no cover


def _broken(flag: Flag) -> tuple[str, Any]:
    key, constraint = next(iter(flag.when.items()))
    others = [v for v in candidate_values(key) if not satisfies(constraint, v)]
    return key, others[0] if others else None


# --- Checks of the safety rules (contract §5) ----------------------------------------------


def _with(intake: IntakeData | Intake | Mapping[str, Any], question: Q, value: Any) -> IntakeData:
    return assign(as_data(intake), {question.value: value})


def _level(assessment: Assessment) -> Level:
    return assessment.triage.level


def check_adding_red_flag_never_less_urgent(
    intake: IntakeData | Intake | Mapping[str, Any], question: Q, answer: str = "yes"
) -> None:
    """Rule 2: answering a red-flag question "yes" (or `answer`) never makes the level less urgent."""
    before = assess(intake)
    after = assess(_with(intake, question, answer))
    assert _level(after).urgency >= _level(before).urgency, (
        f"safety rule 2: answering {question.value}={answer} lowered the level from "
        f"{_level(before).value} to {_level(after).value}"
    )
    check_red_flag_floor(_with(intake, question, answer), after)


NextQuestion = Callable[[Intake], str | None]
"""An interview's choice of the next item (a question id, `age` or `sex`); None when it stops."""


def check_interview_screens_red_flags(
    intake: IntakeData | Intake | Mapping[str, Any], next_question: NextQuestion | None = None
) -> None:
    """Rule 3: an interview stops only once the red-flag screen is answered, or at an emergency.

    `next_question` defaults to the default `Triage`'s (`triage.next_question`).
    """
    chooser = next_question if next_question is not None else default_next_question
    parsed = parse_intake(intake)
    if chooser(parsed) is not None:
        return
    unanswered = [q.value for q in RED_FLAG_QUESTIONS if parsed.answer(q) is None]
    if not unanswered:
        return
    level = _level(assess(parsed))
    assert level.is_emergency(), (
        f"safety rule 3: the interview stopped at level {level.value} with red-flag questions "
        f"unanswered: {', '.join(unanswered)}"
    )


def check_unknown_is_not_no(intake: IntakeData | Intake | Mapping[str, Any]) -> None:
    """Rule 4: an unanswered question is reported as unanswered, never used as a "no"."""
    data = as_data(intake)
    result = assess(data)
    unknown = {q for q in Q if q.value not in data["answers"]}
    screen_open = [q for q in RED_FLAG_QUESTIONS if q in unknown]
    assert result.red_flag_screen.unanswered == screen_open, (
        "safety rule 4: the red-flag screen lists "
        f"{[q.value for q in result.red_flag_screen.unanswered]} as unanswered, expected "
        f"{[q.value for q in screen_open]}"
    )
    assert result.red_flag_screen.complete is (not screen_open), (
        "safety rule 4: red-flag screen completeness is wrong"
    )
    if screen_open:
        assert _level(result) is not Level.SELF_CARE, (
            "safety rule 4: self_care was advised with red-flag questions unanswered"
        )
    used = {c.question for c in result.likelihood.contributions}
    used |= {q for flag in result.red_flags for q in flag.questions}
    assert not used & unknown, (
        f"safety rule 4: unanswered questions were used: {sorted(q.value for q in used & unknown)}"
    )
    explicit = assign(data, {q.value: "unknown" for q in unknown})
    assert assess(explicit) == result, (
        'safety rule 4: answering "unknown" gave a different assessment from leaving it out'
    )


def check_order_independent(intake: IntakeData | Intake | Mapping[str, Any], seed: int = 0) -> None:
    """Rule 5: the same answers in another order give the same assessment."""
    data = as_data(intake)
    expected = assess(data)
    items = list(data["answers"].items())
    shuffled = items[:]
    random.Random(seed).shuffle(shuffled)
    for order in (items[::-1], shuffled):
        other = {"answers": dict(order), **{k: v for k, v in data.items() if k != "answers"}}
        assert assess(other) == expected, (
            "safety rule 5: the same answers in another order gave a different assessment"
        )


def check_likelihood_monotone(intake: IntakeData | Intake | Mapping[str, Any], question: Q) -> None:
    """Rule 6: the likelihood is in [0, 1]; "yes" to a supporting finding never lowers it."""
    if question not in SUPPORTING_FINDINGS:
        raise ValueError(f"{question.value} is not a finding whose yes supports tendinopathy")
    data = assign(as_data(intake), {question.value: None})
    probabilities = {
        answer: assess(_with(data, question, answer)).likelihood.probability
        for answer in ("unknown", "no", "yes")
    }
    for answer, probability in probabilities.items():
        assert 0 <= probability <= 1, f"safety rule 6: likelihood {probability} is outside [0, 1]"
        assert probabilities["yes"] >= probability, (
            f"safety rule 6: {question.value}=yes gives likelihood {probabilities['yes']}, "
            f"lower than {probability} for {answer}"
        )


def check_rules_documented(assessment: Assessment) -> None:
    """Rule 7: every rule that fired is in the catalogue with a description and a source."""
    catalogue = by_id()
    fired = assessment.explanation.fired_rules
    for rule in fired:
        assert rule in catalogue, f"safety rule 7: rule {rule} fired but is not in the catalogue"
        info = catalogue[rule].info
        assert info.description.strip(), f"safety rule 7: rule {rule} has no description"
        assert str(info.source or "").strip(), f"safety rule 7: rule {rule} has no source"
    named = {flag.rule for flag in assessment.red_flags}
    named |= {c.rule for c in assessment.likelihood.contributions}
    named |= {rule for d in assessment.differentials for rule in d.rules}
    unlisted = sorted(named - set(fired))
    assert not unlisted, f"safety rule 7: rules cited but not listed as fired: {unlisted}"


def check_safety(intake: IntakeData | Intake | Mapping[str, Any]) -> None:
    """Every check that needs only an intake: rules 1, 2 (each screen question), 4, 5, 6 and 7."""
    assessment = assess(intake)
    check_red_flag_floor(intake, assessment)
    check_rules_documented(assessment)
    check_unknown_is_not_no(intake)
    check_order_independent(intake)
    for question in RED_FLAG_QUESTIONS:
        check_adding_red_flag_never_less_urgent(intake, question)
    for finding in SUPPORTING_FINDINGS:
        check_likelihood_monotone(intake, finding)


# --- Playing an interview as a chatbot would (contract §5, rule 3) ------------------------------


def answer_sheets() -> st.SearchStrategy[dict[str, Any]]:
    """What a person would answer to every item, if asked: yes, no, a number or "unknown" for each
    question; age and sex given, null or left out; and a second answer to each warning sign."""
    person = st.fixed_dictionaries(
        {},
        optional={"age": st.none() | _ages(), "sex": st.none() | st.sampled_from(SEXES)},
    )
    answers = st.fixed_dictionaries({q.value: answer_values(q) for q in Q})
    second = st.fixed_dictionaries({q.value: answer_values(q) for q in RED_FLAG_QUESTIONS})
    return st.tuples(person, answers, second).map(
        lambda drawn: {**drawn[0], "answers": drawn[1], "second_answers": drawn[2]}
    )


def all_unknown_sheets() -> st.SearchStrategy[dict[str, Any]]:
    """A person who answers "I don't know" to everything, with age and sex left out or null."""
    person = st.fixed_dictionaries(
        {}, optional={"age": st.none(), "sex": st.none() | st.just("unknown")}
    )
    return person.map(lambda drawn: {**drawn, "answers": {}})


def check_interview_ends_safely(
    sheet: Mapping[str, Any],
    next_step: Callable[[dict[str, Any]], InterviewStep] | None = None,
    *,
    conversation: Mapping[str, Any] | None = None,
) -> Played:
    """Rule 3, played out: the interview stops within `INTERVIEW_STEP_LIMIT` steps; no item is
    asked a third time; every warning-sign question is asked before a stop that is not an
    emergency; nothing is asked that does not apply to the person (an examination item of a
    patient, an item of the other sex); and the final level is never less urgent than the full
    assessment of every answer in the sheet that could be asked. Returns the conversation."""
    played = play_interview(sheet, next_step, conversation=conversation)
    repeated = sorted({item for item in played.asked if played.asked.count(item) > 2})
    assert not repeated, f"safety rule 3: asked a third time: {', '.join(repeated)}"
    audience = Audience((conversation or {}).get("audience", Audience.PATIENT))
    sex = parse_request(played.request).sex
    unasked = not_asked_of(audience, sex)
    wrong = sorted(unasked.intersection(played.asked))
    assert not wrong, f"contract §6: asked what does not apply ({audience.value}): {wrong}"
    one_sex = [q.value for q, question in QUESTIONS.items() if question.not_for_sexes]
    for item in set(one_sex).intersection(played.asked):
        first = played.asked.index(item)
        assert "sex" in played.asked[:first], f"contract §6: {item} asked before the sex"
    last = played.last
    if last.stop_reason is not StopReason.EMERGENCY:
        missing = [q.value for q in RED_FLAG_QUESTIONS if q.value not in played.asked]
        assert not missing, (
            f"safety rule 3: stopped ({last.stop_reason}) before asking {', '.join(missing)}"
        )
        if not last.assessment or not last.assessment.red_flag_screen.complete:
            assert last.triage.level is not Level.SELF_CARE, (
                "safety rule 3: home care with the warning-sign screen incomplete"
            )
    full = assess(parse_request(full_request(sheet, unasked)).intake())
    assert last.triage.level.urgency >= full.triage.level.urgency, (
        f"safety rule 3: the interview ended at {last.triage.level.value}, less urgent than "
        f"{full.triage.level.value} for every answer of the sheet"
    )
    return played


def check_home_care_on_positive_evidence(intake: IntakeData | Intake | Mapping[str, Any]) -> None:
    """Contract §3: `self_care` only with a complete screen, a high likelihood, a short duration
    and a pain that is not severe both known, no nerve symptom and no differential listed."""
    result = assess(intake)
    if result.triage.level is not Level.SELF_CARE:
        return
    parsed = parse_intake(intake)
    duration, severity = parsed.answer(Q.DURATION_WEEKS), parsed.answer(Q.PAIN_SEVERITY)
    problems = [
        ("the screen is incomplete", not result.red_flag_screen.complete),
        ("the likelihood is not high", result.likelihood.band is not Band.HIGH),
        ("the duration is not known and short", not _below(duration, LONG_DURATION_WEEKS)),
        ("the worst pain is not known and mild", not _below(severity, SEVERE_PAIN_SCORE)),
        ("a nerve symptom", any(parsed.answer(q) == "yes" for q in _NERVE_SYMPTOMS)),
        ("a differential is listed", bool(result.differentials)),
    ]
    broken = [name for name, failed in problems if failed]
    assert not broken, f"contract §3: self_care although {', '.join(broken)}"


_NERVE_SYMPTOMS = (Q.LEG_TINGLING, Q.BELOW_KNEE_PAIN, Q.COUGH_SNEEZE_PAIN)


def _below(value: object, limit: float) -> bool:
    return isinstance(value, int | float) and value < limit


def _next_step(request: dict[str, Any]) -> InterviewStep:
    return _interview_step(request)
