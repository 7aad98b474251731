"""Findings that move the likelihood of proximal hamstring tendinopathy, as likelihood ratios.

Each row gives a question's likelihood ratio when answered yes and when answered no. The published
ratios come from the clinical facts (Cacchio 2012 for the three stretch tests; van der Windt 2010 and Martin
2014 for the tests of the main mimics); every other ratio is a clinical estimate and says why.

Findings that measure the same thing share a `group`; only the strongest answer of a group counts
(see `triage.assessment.likelihood`), so that, for example, a positive self-reported stretch and a positive
bent-knee stretch test are not counted twice.

Tests that look for a mimic (straight-leg raise, slump, piriformis tests) are evidence against
tendinopathy when positive: their ratio here is the inverse of the published ratio for the mimic.
When negative they rule the mimic out but are no evidence for tendinopathy among the other causes
of buttock pain, so they carry no ratio.
"""

from __future__ import annotations

from dataclasses import dataclass

from experta import KnowledgeEngine

from rules.base import (
    Evidence,
    Source,
    attach_rules,
    brief,
    clinical_rule,
    estimate,
    generated_rule,
    predicate,
    when,
)
from rules.competing import COMPETING_RATIO, RED_FLAG_EVIDENCE
from rules.vocabulary import NO, YES, Q, YesNo

CACCHIO = "§2.1 Cacchio et al. 2012, Table 4"


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A question's likelihood ratios for tendinopathy, each with its rule's id, and their source.

    A row names the rule of each ratio it gives (`likelihood_<question>_<answer>`), so that a rule
    id in a trace can be found here by search; a row whose ids do not say that is refused.
    """

    question: Q
    group: str
    yes_rule: str | None = None
    yes: float | None = None
    no_rule: str | None = None
    no: float | None = None
    source: Source
    rationale: str

    def __post_init__(self) -> None:
        for answer in (YES, NO):
            written, ratio = self.rule(answer), self.ratio(answer)
            expected = None if ratio is None else evidence_rule_id(self.question, answer)
            if written != expected:
                raise ValueError(f"{self.question.value}: rule id {written!r}, not {expected!r}")

    def ratio(self, answer: YesNo) -> float | None:
        """The likelihood ratio for one answer, or None when that answer carries none."""
        return self.yes if answer is YES else self.no

    def rule(self, answer: YesNo) -> str | None:
        """The id of the rule for one answer, or None when that answer carries no ratio."""
        return self.yes_rule if answer is YES else self.no_rule


def evidence_rule_id(question: Q, answer: YesNo) -> str:
    """The id of the rule that gives a question's ratio for one answer."""
    return f"likelihood_{question.value}_{answer.value}"


FINDINGS: tuple[Finding, ...] = (
    # Where the pain is.
    Finding(
        question=Q.SIT_BONE_PAIN,
        group="location",
        yes_rule="likelihood_sit_bone_pain_yes",
        yes=3.0,
        no_rule="likelihood_sit_bone_pain_no",
        no=0.2,
        source=estimate(
            "Pain at the ischial tuberosity is part of every case definition (Goom 2016; NHS CHT; "
            "Cacchio 2012 reference standard), so its absence argues strongly against; "
            "self-reported location is imprecise, so the positive ratio is modest."
        ),
        rationale="Deep buttock pain at the sit bone is the defining symptom.",
    ),
    Finding(
        question=Q.SIT_BONE_TENDER,
        group="location",
        yes_rule="likelihood_sit_bone_tender_yes",
        yes=2.0,
        no_rule="likelihood_sit_bone_tender_no",
        no=0.6,
        source=estimate(
            "Present in 41% of surgically confirmed cases (Benazzo 2013), so a negative answer "
            "rules little out; no accuracy study exists (clinical facts §2.2)."
        ),
        rationale="Tenderness on and just below the sit bone (article symptom list).",
    ),
    Finding(
        question=Q.THIGH_RADIATION,
        group="radiation",
        yes_rule="likelihood_thigh_radiation_yes",
        yes=1.2,
        no=None,
        source=estimate(
            "The article and Benazzo 2013 describe spread down the posterior thigh; weak."
        ),
        rationale="Pain spreading a little down the back of the thigh.",
    ),
    # Compression: sitting, lunging, hills and deep squats load the tendon against the bone.
    Finding(
        question=Q.SITTING_PAIN,
        group="compression",
        yes_rule="likelihood_sitting_pain_yes",
        yes=2.0,
        no_rule="likelihood_sitting_pain_no",
        no=0.5,
        source=estimate(
            "Consistently described as typical (Puranen & Orava 1988; Cushman 2015; Goom 2016) "
            "with no accuracy data (clinical facts §2.2)."
        ),
        rationale="Pain sitting, especially on hard seats or driving.",
    ),
    Finding(
        question=Q.HILL_LUNGE_PAIN,
        group="compression",
        yes_rule="likelihood_hill_lunge_pain_yes",
        yes=1.8,
        no_rule="likelihood_hill_lunge_pain_no",
        no=0.8,
        source=estimate(
            "Hills, lunges and squats compress the tendon (Beatty 2017); no accuracy data."
        ),
        rationale="Pain running uphill, lunging, squatting or bending forward.",
    ),
    # Stretch provocation: the self-report proxy and the three published tests.
    Finding(
        question=Q.STRETCH_PAIN,
        group="stretch_provocation",
        yes_rule="likelihood_stretch_pain_yes",
        yes=2.5,
        no_rule="likelihood_stretch_pain_no",
        no=0.6,
        source=estimate(
            "A self-report proxy for the stretch tests, discounted from the Puranen-Orava test's "
            "LR+ 4.2 and LR- 0.29 as the clinical facts advise (§2.1 caveat 4)."
        ),
        rationale="Stretching the hamstring reproduces the buttock pain.",
    ),
    Finding(
        question=Q.PURANEN_ORAVA_TEST,
        group="stretch_provocation",
        yes_rule="likelihood_puranen_orava_test_yes",
        yes=4.2,
        no_rule="likelihood_puranen_orava_test_no",
        no=0.29,
        source=brief(CACCHIO),
        rationale="Puranen-Orava test: sensitivity 0.76, specificity 0.82.",
    ),
    Finding(
        question=Q.BENT_KNEE_STRETCH_TEST,
        group="stretch_provocation",
        yes_rule="likelihood_bent_knee_stretch_test_yes",
        yes=6.5,
        no_rule="likelihood_bent_knee_stretch_test_no",
        no=0.18,
        source=brief(CACCHIO),
        rationale="Bent-knee stretch test: sensitivity 0.84, specificity 0.87.",
    ),
    Finding(
        question=Q.MODIFIED_BENT_KNEE_STRETCH_TEST,
        group="stretch_provocation",
        yes_rule="likelihood_modified_bent_knee_stretch_test_yes",
        yes=10.2,
        no_rule="likelihood_modified_bent_knee_stretch_test_no",
        no=0.12,
        source=brief(CACCHIO),
        rationale="Modified bent-knee stretch test: sensitivity 0.89, specificity 0.91.",
    ),
    # Loading the tendon.
    Finding(
        question=Q.ACCELERATION_PAIN,
        group="speed",
        yes_rule="likelihood_acceleration_pain_yes",
        yes=2.0,
        no_rule="likelihood_acceleration_pain_no",
        no=0.7,
        source=estimate(
            "Sprinting and acceleration are impaired (Benazzo 2013; Puranen & Orava 1988: "
            "'running fast'); no accuracy data."
        ),
        rationale="Pain with bursts of speed (article symptom list).",
    ),
    Finding(
        question=Q.RESISTED_BEND_PAIN,
        group="contraction",
        yes_rule="likelihood_resisted_bend_pain_yes",
        yes=1.8,
        no_rule="likelihood_resisted_bend_pain_no",
        no=0.6,
        source=estimate("Pain on concentric contraction in 47% of confirmed cases (Benazzo 2013)."),
        rationale="Pain bending the knee or extending the hip against resistance (article symptom list).",
    ),
    Finding(
        question=Q.EASES_WITH_WARMUP,
        group="warm_up",
        yes_rule="likelihood_eases_with_warmup_yes",
        yes=1.5,
        no=None,
        source=estimate("A typical tendinopathy pattern named by the article; no research source."),
        rationale="Pain eases once warmed up and returns after stopping.",
    ),
    Finding(
        question=Q.MORNING_STIFFNESS,
        group="stiffness",
        yes_rule="likelihood_morning_stiffness_yes",
        yes=1.2,
        no=None,
        source=estimate(
            "Named by the article and a clinic page only; the clinical facts call it weak (§1.1)."
        ),
        rationale="Stiffness in the morning or after sitting still.",
    ),
    # History.
    Finding(
        question=Q.SUDDEN_ONSET,
        group="onset",
        yes_rule="likelihood_sudden_onset_yes",
        yes=0.3,
        no_rule="likelihood_sudden_onset_no",
        no=1.5,
        source=estimate(
            "Onset is gradual in tendinopathy (Beatty 2017; article); a sudden start points to a "
            "strain or avulsion instead."
        ),
        rationale="Gradual onset supports tendinopathy; sudden onset argues against it.",
    ),
    Finding(
        question=Q.FELT_POP,
        group="onset",
        yes_rule="likelihood_felt_pop_yes",
        yes=0.3,
        no=None,
        source=estimate(
            "A pop or snap is the avulsion picture (clinical facts §3), not tendinopathy."
        ),
        rationale="A pop at onset argues against tendinopathy.",
    ),
    Finding(
        question=Q.THIGH_BRUISING,
        group="onset",
        yes_rule="likelihood_thigh_bruising_yes",
        yes=0.4,
        no=None,
        source=estimate(
            "Posterior thigh bruising follows a tear (clinical facts §3), not an overuse injury."
        ),
        rationale="Bruising argues against tendinopathy.",
    ),
    Finding(
        question=Q.RUNS_OR_SPRINT_SPORT,
        group="running_load",
        yes_rule="likelihood_runs_or_sprint_sport_yes",
        yes=1.5,
        no_rule="likelihood_runs_or_sprint_sport_no",
        no=0.8,
        source=estimate(
            "Mainly runners and sprinting sports (Beatty 2017; Lempainen 2009), though "
            "non-athletes are affected too."
        ),
        rationale="Running or a sprinting sport.",
    ),
    Finding(
        question=Q.TRAINING_INCREASE,
        group="running_load",
        yes_rule="likelihood_training_increase_yes",
        yes=1.4,
        no=None,
        source=estimate(
            "'Running too much, too quickly' is the article's first cause; no accuracy data."
        ),
        rationale="A recent rise in training load.",
    ),
    Finding(
        question=Q.PREVIOUS_HAMSTRING_INJURY,
        group="previous_injury",
        yes_rule="likelihood_previous_hamstring_injury_yes",
        yes=1.3,
        no=None,
        source=estimate("Puranen & Orava 1988 found a history of recurrent hamstring 'tears'."),
        rationale="An earlier hamstring injury on this side.",
    ),
    # Features of the mimics.
    Finding(
        question=Q.BELOW_KNEE_PAIN,
        group="radicular_symptoms",
        yes_rule="likelihood_below_knee_pain_yes",
        yes=0.4,
        no_rule="likelihood_below_knee_pain_no",
        no=1.3,
        source=estimate(
            "Pain below the knee separates radiculopathy from hamstring problems (clinical facts §3); "
            "tendinopathy pain reaches the popliteal fossa at most (Benazzo 2013)."
        ),
        rationale="Pain shooting below the knee points to a nerve root.",
    ),
    Finding(
        question=Q.LEG_TINGLING,
        group="radicular_symptoms",
        yes_rule="likelihood_leg_tingling_yes",
        yes=0.6,
        no=None,
        source=estimate(
            "Paraesthesia is radicular (clinical facts §3), though sciatic irritation occurs in PHT."
        ),
        rationale="Pins and needles point to a nerve.",
    ),
    Finding(
        question=Q.COUGH_SNEEZE_PAIN,
        group="radicular_symptoms",
        yes_rule="likelihood_cough_sneeze_pain_yes",
        yes=0.5,
        no=None,
        source=estimate("Pain on coughing or sneezing is a radicular feature (clinical facts §3)."),
        rationale="Pain worse on coughing or sneezing points to the spine.",
    ),
    Finding(
        question=Q.BACK_PAIN,
        group="back",
        yes_rule="likelihood_back_pain_yes",
        yes=0.8,
        no=None,
        source=estimate(
            "Back pain favours a spinal source (clinical facts §3) but is common in everyone."
        ),
        rationale="Low back pain.",
    ),
    Finding(
        question=Q.NEURO_DEFICIT,
        group="neuro_exam",
        yes_rule="likelihood_neuro_deficit_yes",
        yes=0.3,
        no=None,
        source=estimate(
            "There is no neurological deficit in proximal hamstring syndrome (Young et al.)."
        ),
        rationale="A neurological deficit points away from the tendon.",
    ),
    Finding(
        question=Q.STRAIGHT_LEG_RAISE_TEST,
        group="neural_tension",
        yes_rule="likelihood_straight_leg_raise_test_yes",
        yes=round(1 / 1.28, 2),
        no=None,
        source=brief(
            "§3 van der Windt 2010 (Cochrane): radiculopathy LR+ 0.92/0.72 = 1.28, inverted"
        ),
        rationale="A positive straight-leg raise is weak evidence for radiculopathy.",
    ),
    Finding(
        question=Q.SLUMP_TEST,
        group="neural_tension",
        yes_rule="likelihood_slump_test_yes",
        yes=round(1 / 2.76, 2),
        no=None,
        source=brief(
            "§3 small study: slump sensitivity 0.80, specificity 0.71, LR+ 2.76, inverted"
        ),
        rationale="A positive slump test points to nerve irritation.",
    ),
    Finding(
        question=Q.CROSSED_STRAIGHT_LEG_RAISE_TEST,
        group="neural_tension",
        yes_rule="likelihood_crossed_straight_leg_raise_test_yes",
        yes=round(1 / 2.8, 2),
        no=None,
        source=brief(
            "§3 van der Windt 2010: crossed SLR sensitivity 0.28, specificity 0.90, inverted"
        ),
        rationale="A positive crossed straight-leg raise strongly suggests radiculopathy.",
    ),
    Finding(
        question=Q.PIRIFORMIS_TESTS,
        group="deep_gluteal",
        yes_rule="likelihood_piriformis_tests_yes",
        yes=round(1 / 4.57**0.5, 2),
        no=None,
        source=brief(
            "§3 Martin 2014: either piriformis test positive, LR+ 4.57 for deep gluteal "
            "syndrome; inverted and halved on the log scale because sciatic entrapment and "
            "tendinopathy can coexist (clinical facts §1.1)"
        ),
        rationale="Positive piriformis tests point to deep gluteal syndrome.",
    ),
    Finding(
        question=Q.LONG_STRIDE_PAIN,
        group="ischiofemoral",
        yes_rule="likelihood_long_stride_pain_yes",
        yes=0.7,
        no=None,
        source=estimate(
            "The long-stride test points to ischiofemoral impingement (sens 0.95, spec 0.84, "
            "Gómez-Hoyos 2016), which can coexist with tendinopathy, so the ratio is mild."
        ),
        rationale="Long-stride pain points to ischiofemoral impingement.",
    ),
    Finding(
        question=Q.EXERTIONAL_CRAMP_RELIEF,
        group="vascular",
        yes_rule="likelihood_exertional_cramp_relief_yes",
        yes=0.5,
        no=None,
        source=estimate(
            "Pain that resolves within minutes of rest is the vascular picture (clinical facts §3)."
        ),
        rationale="Exertional cramping relieved by rest points to the arteries.",
    ),
    Finding(
        question=Q.CALF_PAIN,
        group="venous",
        yes_rule="likelihood_calf_pain_yes",
        yes=0.5,
        no=None,
        source=estimate(
            "An aching, tight calf is the thrombosis picture (clinical facts §3 DVT, Theiss 2011), "
            "and tendinopathy pain reaches the back of the knee at most (Benazzo 2013, as for pain "
            "below the knee); 0.5 as for the other mimics' own symptoms (exertional cramp)."
        ),
        rationale="An aching calf points to a clot or the calf muscle, not the tendon.",
    ),
    Finding(
        question=Q.CYCLICAL_PAIN,
        group="cyclical",
        yes_rule="likelihood_cyclical_pain_yes",
        yes=0.6,
        no=None,
        source=estimate(
            "Sciatica that follows the menstrual cycle suggests endometriosis (clinical facts §3)."
        ),
        rationale="Pain that follows the menstrual cycle.",
    ),
    Finding(
        question=Q.HAMSTRING_GAP_OR_WEAKNESS,
        group="onset",
        yes_rule="likelihood_hamstring_gap_or_weakness_yes",
        yes=0.3,
        no=None,
        source=estimate(
            "A palpable gap or weak knee flexion marks a complete avulsion (clinical facts §3)."
        ),
        rationale="A gap below the sit bone argues against tendinopathy and for a tear.",
    ),
)


def _competing(question: Q, rule: str, group: str, signals: str) -> Finding:
    return Finding(
        question=question,
        group=group,
        yes_rule=rule,
        yes=COMPETING_RATIO,
        source=estimate(
            f"A red flag of {signals} (clinical facts §4.2), not a feature of tendinopathy: "
            "0.5, the ratio of a mimic's own symptom (exertional cramp, an aching calf). "
            "Pre-specified before measuring (clinical facts §9.5); no study gives the ratio."
        ),
        rationale=f"A warning sign of {signals} points away from the tendon.",
    )


FINDINGS += tuple(_competing(*row) for row in RED_FLAG_EVIDENCE)

FINDINGS_BY_QUESTION: dict[Q, Finding] = {finding.question: finding for finding in FINDINGS}


def _evidence_rule(finding: Finding, answer: YesNo, ratio: float) -> tuple[str, object]:
    rule_id = str(finding.rule(answer))
    direction = "raises" if ratio > 1 else "lowers"
    return rule_id, generated_rule(
        rule_id,
        (when(**{finding.question.value: answer}),),
        (
            (
                Evidence,
                {
                    "question": finding.question,
                    "answer": answer.value,
                    "likelihood_ratio": ratio,
                    "group": finding.group,
                },
            ),
        ),
        f"{finding.rationale} Answered {answer.value}, it {direction} the likelihood "
        f"(ratio {ratio:g}).",
        finding.source,
    )


class FindingRules(KnowledgeEngine):  # type: ignore[misc]
    """Likelihood ratios of single answers, and of how long the pain has lasted."""

    @clinical_rule(
        when(duration_weeks=predicate("12 or more", lambda weeks: weeks >= 12)),
        source=estimate(
            "Tendinopathy is chronic: cohorts had symptoms for a mean of 23 months (Benazzo "
            "2013) and at least 6 months (Cacchio 2012); a long history fits it mildly."
        ),
    )
    def likelihood_duration_chronic(self) -> None:
        """Pain for 12 weeks or more fits a chronic tendinopathy (ratio 1.3)."""
        self.declare(
            Evidence(
                question=Q.DURATION_WEEKS,
                answer="12 weeks or more",
                likelihood_ratio=1.3,
                group="duration",
            )
        )

    @clinical_rule(
        when(duration_weeks=predicate("under 2", lambda weeks: weeks < 2)),
        source=estimate(
            "Tendinopathy builds up gradually (Beatty 2017); pain of under two weeks is more "
            "often an acute strain or a passing overload."
        ),
    )
    def likelihood_duration_recent(self) -> None:
        """Pain for under two weeks fits an acute injury better than tendinopathy (ratio 0.7)."""
        self.declare(
            Evidence(
                question=Q.DURATION_WEEKS,
                answer="under 2 weeks",
                likelihood_ratio=0.7,
                group="duration",
            )
        )


attach_rules(
    FindingRules,
    dict(
        _evidence_rule(finding, answer, ratio)
        for finding in FINDINGS
        for answer in (YES, NO)
        if (ratio := finding.ratio(answer)) is not None
    ),
)
