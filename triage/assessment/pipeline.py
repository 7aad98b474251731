"""The library call: one intake in, one assessment out.

The rule base runs in three stages on one engine. Stage one reads the answers and declares red flags,
likelihood evidence, differential signs and concerns. Between stages the engine's facts are summed up
here (the likelihood, the differentials' support, the level), which is plain arithmetic over a set of
facts and so does not depend on the order in which rules fired. Stage two reads the likelihood band
and the differentials; stage three reads the final level and chooses the advice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rules.advice import ADVICE, Stage
from rules.base import (
    Advise,
    Answers,
    Concern,
    Disposition,
    Evidence,
    LikelihoodBand,
    RedFlag,
    Sign,
    Supported,
)
from rules.catalogue import by_id
from rules.findings import FINDINGS, Finding
from rules.rulebase import RULE_BASE_VERSION
from rules.scale import DISPOSITIONS, Level, most_urgent
from rules.vocabulary import QUESTION_IDS, QUESTIONS, RED_FLAG_QUESTIONS, Audience, Q
from triage.assessment import likelihood, ranking, support
from triage.engine import Firing, RecordingEngine
from triage.errors import PriorError
from triage.models import (
    Advice,
    Assessment,
    Contribution,
    Explanation,
    Intake,
    Likelihood,
    RedFlagFound,
    RedFlagScreen,
    TriageResult,
    Weighted,
    parse_intake,
)
from triage.texts import Texts, message

ENGLISH = Texts()

DISCLAIMER = message("disclaimer")
"""What every assessment says it is not (a diagnosis), and what to do when worried."""

NOT_EXAMINED = message("not_examined")
"""The one reason an assessment of a patient's answers gives for every examination item unknown."""

KEY_QUESTIONS_SHOWN = 5
"""How many of the most informative unanswered findings the explanation lists."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """An assessment together with the rule firings that produced it."""

    assessment: Assessment
    firings: tuple[Firing, ...]


def evaluate_on(
    engine: RecordingEngine,
    intake: Intake | Mapping[str, Any],
    prior: float,
    audience: Audience | None = None,
    texts: Texts = ENGLISH,
) -> Evaluation:
    """Assess one intake on an engine that no other run is using, with a checked prior, worded in
    `texts`' language."""
    return _Stages(engine, parse_intake(intake), prior, audience, texts).evaluate()


def checked_prior(prior: float) -> float:
    """A prior given for one call, checked: a number strictly between 0 and 1."""
    if not (isinstance(prior, int | float) and 0 < prior < 1 and math.isfinite(prior)):
        raise PriorError(f"prior must be a number strictly between 0 and 1, got {prior!r}")
    return float(prior)


def rule_values(intake: Intake) -> dict[str, Any]:
    """The known answers keyed as the rules read them, with age and sex when known.

    Keys come in questionnaire order, so that every run looks the same.
    """
    answers = intake.answers
    # `Intake.known()`, without a pydantic dump: the answered questions in questionnaire order.
    values: dict[str, Any] = {
        name: value for name in QUESTION_IDS if (value := getattr(answers, name)) is not None
    }
    if intake.age is not None:
        values["age"] = intake.age
    if intake.sex is not None:
        values["sex"] = intake.sex
    return values


def answers_fact(intake: Intake, values: dict[str, Any] | None = None) -> Answers:
    """The intake as one fact: its `rule_values` (`values`, when the caller has them already)."""
    fact = Answers()
    # Every value is a str, a number or a str enum member, which experta's `freeze` keeps as it
    # is, so the values go in directly rather than one `Fact.__setitem__` at a time.
    dict.update(fact, rule_values(intake) if values is None else values)
    return fact


class _Stages:
    """One assessment's run through the three stages of the rule base."""

    def __init__(
        self,
        engine: RecordingEngine,
        intake: Intake,
        prior: float,
        audience: Audience | None = None,
        texts: Texts = ENGLISH,
    ) -> None:
        self.engine = engine
        self.intake = intake
        self.prior = prior
        self.audience = audience
        self.texts = texts
        self.known: dict[str, Any] = {}

    def evaluate(self) -> Evaluation:
        engine = self.engine
        # The answered ids, once: a `Q` is a str, so it is looked up here without `.value`.
        self.known = rule_values(self.intake)
        engine.start(answers_fact(self.intake, self.known))
        engine.run()

        ratios = [likelihood.ratio_of(fact) for fact in engine.facts_of(Evidence)]
        prior = likelihood.starting_prior(self.prior, self.intake.age)
        # The ratio that counts in each group, chosen once for the probability and the report.
        counted = likelihood.counted(ratios)
        probability = likelihood.posterior_of_counted(prior, counted)
        band = likelihood.band(probability)
        known = self.known
        unanswered = [q for q in RED_FLAG_QUESTIONS if q not in known]
        found = support.summarise(engine.facts_of(Sign))

        engine.declare(
            LikelihoodBand(
                band=band,
                screen_complete=not unanswered,
                unanswered=tuple(q.value for q in unanswered),
            ),
            *(Supported(condition=d.condition, support=d.support) for d in found),
        )
        engine.run()

        red_flags = sorted(
            (_red_flag(fact) for fact in engine.facts_of(RedFlag)),
            key=lambda flag: (-flag.level.urgency, flag.id),
        )
        concerns = engine.facts_of(Concern)
        # With nothing declared, a consultation: home care needs a rule that shows it is enough.
        level = most_urgent(
            [flag.level for flag in red_flags] + [c["level"] for c in concerns],
            default=Level.CONSULTATION,
        )

        engine.declare(Disposition(level=level))
        engine.run()

        contributions = [_contribution(ratio, ratio in counted) for ratio in _by_strength(ratios)]
        tendinopathy = Likelihood(
            probability=round(probability, 4),
            band=band,
            prior=prior,
            contributions=contributions,
            statement=likelihood.statement(probability),
        )
        assessment = Assessment(
            likelihood=tendinopathy,
            triage=_triage(level, red_flags, concerns, self._not_examined(level), self.texts),
            red_flags=red_flags,
            red_flag_screen=RedFlagScreen(complete=not unanswered, unanswered=unanswered),
            differentials=found,
            explanation=Explanation(
                supporting=[_weighted(c) for c in contributions if c.likelihood_ratio > 1],
                conflicting=[_weighted(c) for c in contributions if c.likelihood_ratio < 1],
                unanswered=unanswered + self._key_findings_unanswered(),
                fired_rules=[firing.rule for firing in engine.record.firings],
            ),
            advice=_advice(engine.facts_of(Advise)),
            rule_base_version=RULE_BASE_VERSION,
            disclaimer=self.texts.message("disclaimer"),
            conditions=ranking.ranked(tendinopathy, found),
        )
        return Evaluation(assessment, tuple(engine.record.firings))

    def _key_findings_unanswered(self) -> list[Q]:
        # The findings are ranked once; a stable sort of the open ones would keep the same order.
        known = self.known
        audience = self.audience
        open_findings = [
            f
            for f in _findings_by_information()
            if f.question not in known
            and (audience is None or audience.asks(QUESTIONS[f.question].group))
        ]
        return [f.question for f in open_findings[:KEY_QUESTIONS_SHOWN]]

    def _not_examined(self, level: Level) -> list[str]:
        """The one reason for a patient's examination items left unknown (none in an emergency,
        where nothing should distract from getting help)."""
        if self.audience is None or level.is_emergency():
            return []
        answer = self.intake.answer
        unknown = any(
            answer(q) is None and not self.audience.asks(question.group)
            for q, question in QUESTIONS.items()
        )
        return [self.texts.message("not_examined")] if unknown else []


@cache
def _findings_by_information() -> tuple[Finding, ...]:
    """Every finding, the most informative first (its strongest ratio's distance from 1)."""
    return tuple(sorted(FINDINGS, key=lambda f: -max(abs(math.log(r)) for r in (f.yes, f.no) if r)))


def _by_strength(ratios: list[likelihood.Ratio]) -> list[likelihood.Ratio]:
    return sorted(ratios, key=likelihood.strength, reverse=True)


@cache
def _source_of(rule_id: str) -> str:
    """A rule's source as text (one per rule id, from the cached catalogue)."""
    return by_id()[rule_id].source_text


def _contribution(ratio: likelihood.Ratio, is_counted: bool) -> Contribution:
    return Contribution(
        question=Q(ratio.question),
        answer=ratio.answer,
        likelihood_ratio=ratio.likelihood_ratio,
        group=ratio.group,
        counted=is_counted,
        rule=ratio.rule,
        source=_source_of(ratio.rule),
    )


def _weighted(contribution: Contribution) -> Weighted:
    return Weighted(
        question=contribution.question,
        answer=contribution.answer,
        weight=contribution.likelihood_ratio,
        counted=contribution.counted,
        rule=contribution.rule,
    )


def _red_flag(fact: RedFlag) -> RedFlagFound:
    rule_id = str(fact["rule"])
    return RedFlagFound(
        id=str(fact["id"]),
        level=Level(fact["level"]),
        condition=fact["condition"],
        message=str(fact["message"]),
        rule=rule_id,
        questions=list(by_id()[rule_id].questions),
    )


def _triage(
    level: Level,
    red_flags: list[RedFlagFound],
    concerns: list[Concern],
    notes: list[str],
    texts: Texts,
) -> TriageResult:
    reasons = [flag.message for flag in red_flags]
    reasons += sorted({_reason(c, texts) for c in concerns if Level(c["level"]) is level})
    disposition = DISPOSITIONS[level]
    return TriageResult(
        level=level,
        see=disposition.see,
        within=disposition.within,
        reasons=(reasons or [texts.message("no_reason_for_home_care")]) + notes,
    )


def _reason(concern: Concern, words: Texts) -> str:
    """A concern's reason, naming in plain words the questions it is about, when it has any."""
    reason = str(concern["reason"])
    about = concern.get("questions")
    if not about:
        return reason
    texts = words.questions()
    signs = [texts[Q(q)].sign or texts[Q(q)].text for q in about]
    return words.message("not_yet_checked", reason=reason, signs="; ".join(signs))


def _advice(facts: list[Advise]) -> list[Advice]:
    rank = _advice_rank()
    items = sorted({str(fact["item"]) for fact in facts}, key=rank.__getitem__)
    return [
        Advice(
            id=item.id,
            stage=item.stage.value,
            text=item.text,
            source=str(item.source),
            evidence_note=item.evidence_note,
        )
        for item in (ADVICE[name] for name in items)
    ]


@cache
def _advice_rank() -> dict[str, tuple[int, int]]:
    """Where each advice item is shown: by stage, then in the order the advice table lists it."""
    stages = list(Stage)
    return {name: (stages.index(item.stage), n) for n, (name, item) in enumerate(ADVICE.items())}
