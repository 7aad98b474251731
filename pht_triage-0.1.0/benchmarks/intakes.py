"""Distinct, realistic intakes for benchmarks and equivalence tests, from plausible clinical profiles.

A profile is a presentation seen in a hamstring or buttock-pain clinic (a runner with tendinopathy,
lumbar radiculopathy, an acute tear, ...): for each question it gives the chance of a "yes". Most
people screen negative for red flags, so red-flag questions are rarely "yes" outside the profiles
built around them. Every generator is seeded, so a run can be repeated exactly, and drops duplicates,
so that no cache could answer a repeated intake.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rules.vocabulary import QUESTIONS, RED_FLAG_QUESTIONS, Kind, Q

IntakeData = dict[str, Any]
"""An intake as a caller sends it (contract §1)."""

RED_FLAG_RATE = 0.005
"""Chance of a "yes" to a red-flag question that a profile does not name."""

BACKGROUND_RATE = 0.1
"""Chance of a "yes" to any other question that a profile does not name."""


@dataclass(frozen=True, slots=True)
class Profile:
    """A clinical presentation: the chance of "yes" per question, ages, weeks of pain, severity."""

    name: str
    weight: float
    yes: dict[Q, float]
    ages: tuple[int, int]
    weeks: tuple[float, float]
    severity: tuple[int, int]
    female: float = 0.5
    red_flags: dict[Q, float] = field(default_factory=dict)


PROFILES: tuple[Profile, ...] = (
    Profile(
        "tendinopathy_runner",
        0.40,
        {
            Q.SIT_BONE_PAIN: 0.95,
            Q.SITTING_PAIN: 0.85,
            Q.HILL_LUNGE_PAIN: 0.75,
            Q.ACCELERATION_PAIN: 0.7,
            Q.STRETCH_PAIN: 0.7,
            Q.SIT_BONE_TENDER: 0.6,
            Q.RESISTED_BEND_PAIN: 0.6,
            Q.EASES_WITH_WARMUP: 0.55,
            Q.MORNING_STIFFNESS: 0.5,
            Q.THIGH_RADIATION: 0.4,
            Q.RUNS_OR_SPRINT_SPORT: 0.9,
            Q.TRAINING_INCREASE: 0.6,
            Q.PREVIOUS_HAMSTRING_INJURY: 0.3,
            Q.PURANEN_ORAVA_TEST: 0.75,
            Q.BENT_KNEE_STRETCH_TEST: 0.8,
            Q.MODIFIED_BENT_KNEE_STRETCH_TEST: 0.85,
            Q.SUDDEN_ONSET: 0.05,
            Q.BELOW_KNEE_PAIN: 0.05,
            Q.CONSTANT_PAIN: 0.15,
            Q.SLEEP_OR_DAILY_IMPACT: 0.2,
        },
        (18, 65),
        (3, 104),
        (2, 7),
    ),
    Profile(
        "lumbar_radiculopathy",
        0.20,
        {
            Q.BACK_PAIN: 0.85,
            Q.BELOW_KNEE_PAIN: 0.75,
            Q.LEG_TINGLING: 0.7,
            Q.COUGH_SNEEZE_PAIN: 0.4,
            Q.STRAIGHT_LEG_RAISE_TEST: 0.8,
            Q.SLUMP_TEST: 0.7,
            Q.CROSSED_STRAIGHT_LEG_RAISE_TEST: 0.25,
            Q.NEURO_DEFICIT: 0.3,
            Q.SITTING_PAIN: 0.5,
            Q.SIT_BONE_PAIN: 0.3,
            Q.CONSTANT_PAIN: 0.4,
            Q.SLEEP_OR_DAILY_IMPACT: 0.5,
        },
        (25, 80),
        (1, 52),
        (4, 9),
    ),
    Profile(
        "acute_tear",
        0.10,
        {
            Q.SUDDEN_ONSET: 0.95,
            Q.FELT_POP: 0.6,
            Q.THIGH_BRUISING: 0.5,
            Q.WALKING_DIFFICULTY: 0.6,
            Q.SIT_BONE_PAIN: 0.7,
            Q.RUNS_OR_SPRINT_SPORT: 0.7,
            Q.HAMSTRING_GAP_OR_WEAKNESS: 0.3,
            Q.RESISTED_BEND_PAIN: 0.7,
            Q.SIT_BONE_TENDER: 0.6,
        },
        (14, 60),
        (0, 4),
        (5, 9),
    ),
    Profile(
        "deep_gluteal",
        0.10,
        {
            Q.SITTING_PAIN: 0.85,
            Q.LEG_TINGLING: 0.6,
            Q.PIRIFORMIS_TESTS: 0.8,
            Q.THIGH_RADIATION: 0.5,
            Q.SIT_BONE_PAIN: 0.3,
            Q.BACK_PAIN: 0.3,
            Q.LONG_STRIDE_PAIN: 0.2,
        },
        (25, 70),
        (4, 104),
        (3, 7),
        female=0.6,
    ),
    Profile(
        "other_mimic",
        0.15,
        {
            Q.LONG_STRIDE_PAIN: 0.4,
            Q.EXERTIONAL_CRAMP_RELIEF: 0.2,
            Q.HOP_PAIN: 0.3,
            Q.LOW_ENERGY_OR_AMENORRHOEA: 0.2,
            Q.CYCLICAL_PAIN: 0.1,
            Q.CALF_PAIN: 0.2,
            Q.SIT_BONE_PAIN: 0.5,
            Q.SITTING_PAIN: 0.5,
            Q.TRAINING_INCREASE: 0.4,
            Q.RUNS_OR_SPRINT_SPORT: 0.5,
        },
        (16, 75),
        (1, 52),
        (2, 8),
        female=0.65,
    ),
    Profile(
        "red_flag",
        0.05,
        {Q.SIT_BONE_PAIN: 0.4, Q.BACK_PAIN: 0.5, Q.CONSTANT_PAIN: 0.5, Q.NEURO_DEFICIT: 0.2},
        (8, 90),
        (0, 26),
        (5, 10),
        red_flags=dict.fromkeys(RED_FLAG_QUESTIONS, 0.15),
    ),
)
"""The presentations intakes are drawn from, with how often each is seen."""


def _answer(rng: random.Random, profile: Profile, question: Q) -> Any:
    spec = QUESTIONS[question]
    if spec.kind is Kind.NUMBER:
        if question is Q.DURATION_WEEKS:
            return round(rng.uniform(*profile.weeks), 1)
        if question is Q.PAIN_SEVERITY:
            return rng.randint(*profile.severity)
        assert spec.minimum is not None
        assert spec.maximum is not None
        return rng.randint(int(spec.minimum), int(spec.maximum))
    if question in RED_FLAG_QUESTIONS:
        chance = profile.red_flags.get(question, RED_FLAG_RATE)
    else:
        chance = profile.yes.get(question, BACKGROUND_RATE)
    return "yes" if rng.random() < chance else "no"


def full_intake(rng: random.Random) -> IntakeData:
    """One realistic intake with every question answered."""
    profile = rng.choices(PROFILES, weights=[p.weight for p in PROFILES])[0]
    female = rng.random() < profile.female
    answers = {q.value: _answer(rng, profile, q) for q in QUESTIONS}
    if not female:
        answers[Q.CYCLICAL_PAIN.value] = "no"
        answers[Q.LOW_ENERGY_OR_AMENORRHOEA.value] = (
            "yes" if rng.random() < 0.03 else answers[Q.LOW_ENERGY_OR_AMENORRHOEA.value]
        )
    return {
        "age": rng.randint(*profile.ages),
        "sex": "female" if female else "male",
        "answers": answers,
    }


def sparse_intake(rng: random.Random) -> IntakeData:
    """One realistic intake early in an interview: a handful of answers, some of them unknown."""
    full = full_intake(rng)
    questions = list(full["answers"])
    chosen = rng.sample(questions, rng.randint(3, 12))
    answers = {q: ("unknown" if rng.random() < 0.1 else full["answers"][q]) for q in chosen}
    intake: IntakeData = {"answers": answers}
    if rng.random() < 0.7:
        intake["age"] = full["age"]
    if rng.random() < 0.7:
        intake["sex"] = full["sex"]
    return intake


def interview_intake(rng: random.Random) -> IntakeData:
    """One intake part-way through an interview: the screen in order, then other items."""
    full = full_intake(rng)
    order = [q.value for q in RED_FLAG_QUESTIONS] + [
        q.value for q in QUESTIONS if q not in RED_FLAG_QUESTIONS
    ]
    asked = rng.randint(0, len(order))
    answers = {q: full["answers"][q] for q in order[:asked]}
    return {"age": full["age"], "sex": full["sex"], "answers": answers}


def random_intake(rng: random.Random) -> IntakeData:
    """One intake with no clinical shape: any density, any mix of yes, no, unknown and numbers."""
    density, yes = rng.random(), rng.random()
    answers: dict[str, Any] = {}
    for question, spec in QUESTIONS.items():
        if rng.random() >= density:
            continue
        if spec.kind is Kind.NUMBER:
            assert spec.minimum is not None
            assert spec.maximum is not None
            low, high = spec.minimum, spec.maximum
            answers[question.value] = rng.choice(
                [rng.randint(int(low), int(high)), rng.uniform(low, min(high, 20)), "unknown"]
            )
        else:
            answers[question.value] = rng.choice(
                ["yes"] * int(1 + 4 * yes) + ["no", "no", "unknown"]
            )
    intake: IntakeData = {"answers": answers}
    if rng.random() < 0.8:
        intake["age"] = rng.randint(0, 120)
    if rng.random() < 0.8:
        intake["sex"] = rng.choice(["female", "male", "other", "unknown"])
    return intake


def distinct(
    make: Callable[[random.Random], IntakeData], count: int, seed: int
) -> list[IntakeData]:
    """`count` different intakes from one generator, reproducibly."""
    return list(distinct_stream(make, count, seed))


def distinct_stream(
    make: Callable[[random.Random], IntakeData], count: int, seed: int
) -> Iterator[IntakeData]:
    """The same intakes as `distinct`, one at a time: only a digest of each is kept in memory."""
    rng = random.Random(seed)
    seen: set[bytes] = set()
    found = 0
    for intake in _draws(make, rng):
        if found == count:
            return
        key = hashlib.blake2b(json.dumps(intake, sort_keys=True).encode(), digest_size=16).digest()
        if key not in seen:
            seen.add(key)
            found += 1
            yield intake


def _draws(make: Callable[[random.Random], IntakeData], rng: random.Random) -> Iterator[IntakeData]:
    while True:
        yield make(rng)


GENERATORS: dict[str, Callable[[random.Random], IntakeData]] = {
    "full": full_intake,
    "sparse": sparse_intake,
    "interview": interview_intake,
    "random": random_intake,
}
"""The intake generators by name."""


def table_rows(intakes: list[IntakeData]) -> Iterator[list[str]]:
    """Intakes as the rows of a spreadsheet: a header (id, age, sex, every question), then cells.

    An unknown answer is an empty cell; the id is `P` and the row's number.
    """
    columns = [q.value for q in QUESTIONS]
    yield ["id", "age", "sex", *columns]
    for number, intake in enumerate(intakes, start=1):
        answers = intake.get("answers", {})
        cells = [_cell(answers.get(column)) for column in columns]
        yield [f"P{number}", _cell(intake.get("age")), _cell(intake.get("sex")), *cells]


def _cell(value: Any) -> str:
    if value is None or value == "unknown":
        return ""
    return repr(value) if isinstance(value, float) else str(value)
