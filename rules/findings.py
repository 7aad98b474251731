"""Findings that move the likelihood of proximal hamstring tendinopathy, as likelihood ratios.

Each row gives a question's likelihood ratio when answered yes and when answered no. The published
ratios come from the brief (Cacchio 2012 for the three stretch tests; van der Windt 2010 and Martin
2014 for the tests of the main mimics); every other ratio is a clinical estimate and says why.

Findings that measure the same thing share a `group`; only the strongest answer of a group counts
(see `triage.likelihood`), so that, for example, a positive self-reported stretch and a positive
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
    brief,
    clinical_rule,
    estimate,
    generated_rule,
    install,
    predicate,
    when,
)
from triage.vocabulary import NO, YES, Q, YesNo

CACCHIO = "§2.1 Cacchio et al. 2012, Table 4"


@dataclass(frozen=True, slots=True)
class Finding:
    """A question's likelihood ratios for tendinopathy, its group and where they come from."""

    question: Q
    group: str
    yes: float | None
    no: float | None
    source: Source
    rationale: str

    def ratio(self, answer: YesNo) -> float | None:
        """The likelihood ratio for one answer, or None when that answer carries none."""
        return self.yes if answer is YES else self.no


FINDINGS: tuple[Finding, ...] = (
    # Where the pain is.
    Finding(
        Q.SIT_BONE_PAIN,
        "location",
        3.0,
        0.2,
        estimate(
            "Pain at the ischial tuberosity is part of every case definition (Goom 2016; NHS CHT; "
            "Cacchio 2012 reference standard), so its absence argues strongly against; "
            "self-reported location is imprecise, so the positive ratio is modest."
        ),
        "Deep buttock pain at the sit bone is the defining symptom.",
    ),
    Finding(
        Q.SIT_BONE_TENDER,
        "location",
        2.0,
        0.6,
        estimate(
            "Present in 41% of surgically confirmed cases (Benazzo 2013), so a negative answer "
            "rules little out; no accuracy study exists (brief §2.2)."
        ),
        "Tenderness on and just below the sit bone (article symptom list).",
    ),
    Finding(
        Q.THIGH_RADIATION,
        "radiation",
        1.2,
        None,
        estimate("The article and Benazzo 2013 describe spread down the posterior thigh; weak."),
        "Pain spreading a little down the back of the thigh.",
    ),
    # Compression: sitting, lunging, hills and deep squats load the tendon against the bone.
    Finding(
        Q.SITTING_PAIN,
        "compression",
        2.0,
        0.5,
        estimate(
            "Consistently described as typical (Puranen & Orava 1988; Cushman 2015; Goom 2016) "
            "with no accuracy data (brief §2.2)."
        ),
        "Pain sitting, especially on hard seats or driving.",
    ),
    Finding(
        Q.HILL_LUNGE_PAIN,
        "compression",
        1.8,
        0.8,
        estimate("Hills, lunges and squats compress the tendon (Beatty 2017); no accuracy data."),
        "Pain running uphill, lunging, squatting or bending forward.",
    ),
    # Stretch provocation: the self-report proxy and the three published tests.
    Finding(
        Q.STRETCH_PAIN,
        "stretch_provocation",
        2.5,
        0.6,
        estimate(
            "A self-report proxy for the stretch tests, discounted from the Puranen-Orava test's "
            "LR+ 4.2 and LR- 0.29 as the brief advises (§2.1 caveat 4)."
        ),
        "Stretching the hamstring reproduces the buttock pain.",
    ),
    Finding(
        Q.PURANEN_ORAVA_TEST,
        "stretch_provocation",
        4.2,
        0.29,
        brief(CACCHIO),
        "Puranen-Orava test: sensitivity 0.76, specificity 0.82.",
    ),
    Finding(
        Q.BENT_KNEE_STRETCH_TEST,
        "stretch_provocation",
        6.5,
        0.18,
        brief(CACCHIO),
        "Bent-knee stretch test: sensitivity 0.84, specificity 0.87.",
    ),
    Finding(
        Q.MODIFIED_BENT_KNEE_STRETCH_TEST,
        "stretch_provocation",
        10.2,
        0.12,
        brief(CACCHIO),
        "Modified bent-knee stretch test: sensitivity 0.89, specificity 0.91.",
    ),
    # Loading the tendon.
    Finding(
        Q.ACCELERATION_PAIN,
        "speed",
        2.0,
        0.7,
        estimate(
            "Sprinting and acceleration are impaired (Benazzo 2013; Puranen & Orava 1988: "
            "'running fast'); no accuracy data."
        ),
        "Pain with bursts of speed (article symptom list).",
    ),
    Finding(
        Q.RESISTED_BEND_PAIN,
        "contraction",
        1.8,
        0.6,
        estimate("Pain on concentric contraction in 47% of confirmed cases (Benazzo 2013)."),
        "Pain bending the knee or extending the hip against resistance (article symptom list).",
    ),
    Finding(
        Q.EASES_WITH_WARMUP,
        "warm_up",
        1.5,
        None,
        estimate("A typical tendinopathy pattern named by the article; no research source."),
        "Pain eases once warmed up and returns after stopping.",
    ),
    Finding(
        Q.MORNING_STIFFNESS,
        "stiffness",
        1.2,
        None,
        estimate("Named by the article and a clinic page only; the brief calls it weak."),
        "Stiffness in the morning or after sitting still.",
    ),
    # History.
    Finding(
        Q.SUDDEN_ONSET,
        "onset",
        0.3,
        1.5,
        estimate(
            "Onset is gradual in tendinopathy (Beatty 2017; article); a sudden start points to a "
            "strain or avulsion instead."
        ),
        "Gradual onset supports tendinopathy; sudden onset argues against it.",
    ),
    Finding(
        Q.FELT_POP,
        "onset",
        0.3,
        None,
        estimate("A pop or snap is the avulsion picture (brief §3), not tendinopathy."),
        "A pop at onset argues against tendinopathy.",
    ),
    Finding(
        Q.THIGH_BRUISING,
        "onset",
        0.4,
        None,
        estimate("Posterior thigh bruising follows a tear (brief §3), not an overuse injury."),
        "Bruising argues against tendinopathy.",
    ),
    Finding(
        Q.RUNS_OR_SPRINT_SPORT,
        "running_load",
        1.5,
        0.8,
        estimate(
            "Mainly runners and sprinting sports (Beatty 2017; Lempainen 2009), though "
            "non-athletes are affected too."
        ),
        "Running or a sprinting sport.",
    ),
    Finding(
        Q.TRAINING_INCREASE,
        "running_load",
        1.4,
        None,
        estimate("'Running too much, too quickly' is the article's first cause; no accuracy data."),
        "A recent rise in training load.",
    ),
    Finding(
        Q.PREVIOUS_HAMSTRING_INJURY,
        "previous_injury",
        1.3,
        None,
        estimate("Puranen & Orava 1988 found a history of recurrent hamstring 'tears'."),
        "An earlier hamstring injury on this side.",
    ),
    # Features of the mimics.
    Finding(
        Q.BELOW_KNEE_PAIN,
        "radicular_symptoms",
        0.4,
        1.3,
        estimate(
            "Pain below the knee separates radiculopathy from hamstring problems (brief §3); "
            "tendinopathy pain reaches the popliteal fossa at most (Benazzo 2013)."
        ),
        "Pain shooting below the knee points to a nerve root.",
    ),
    Finding(
        Q.LEG_TINGLING,
        "radicular_symptoms",
        0.6,
        None,
        estimate("Paraesthesia is radicular (brief §3), though sciatic irritation occurs in PHT."),
        "Pins and needles point to a nerve.",
    ),
    Finding(
        Q.COUGH_SNEEZE_PAIN,
        "radicular_symptoms",
        0.5,
        None,
        estimate("Pain on coughing or sneezing is a radicular feature (brief §3)."),
        "Pain worse on coughing or sneezing points to the spine.",
    ),
    Finding(
        Q.BACK_PAIN,
        "back",
        0.8,
        None,
        estimate("Back pain favours a spinal source (brief §3) but is common in everyone."),
        "Low back pain.",
    ),
    Finding(
        Q.NEURO_DEFICIT,
        "neuro_exam",
        0.3,
        None,
        estimate("There is no neurological deficit in proximal hamstring syndrome (Young et al.)."),
        "A neurological deficit points away from the tendon.",
    ),
    Finding(
        Q.STRAIGHT_LEG_RAISE_TEST,
        "neural_tension",
        round(1 / 1.28, 2),
        None,
        brief("§3 van der Windt 2010 (Cochrane): radiculopathy LR+ 0.92/0.72 = 1.28, inverted"),
        "A positive straight-leg raise is weak evidence for radiculopathy.",
    ),
    Finding(
        Q.SLUMP_TEST,
        "neural_tension",
        round(1 / 2.76, 2),
        None,
        brief("§3 small study: slump sensitivity 0.80, specificity 0.71, LR+ 2.76, inverted"),
        "A positive slump test points to nerve irritation.",
    ),
    Finding(
        Q.CROSSED_STRAIGHT_LEG_RAISE_TEST,
        "neural_tension",
        round(1 / 2.8, 2),
        None,
        brief("§3 van der Windt 2010: crossed SLR sensitivity 0.28, specificity 0.90, inverted"),
        "A positive crossed straight-leg raise strongly suggests radiculopathy.",
    ),
    Finding(
        Q.PIRIFORMIS_TESTS,
        "deep_gluteal",
        round(1 / 4.57**0.5, 2),
        None,
        brief(
            "§3 Martin 2014: either piriformis test positive, LR+ 4.57 for deep gluteal "
            "syndrome; inverted and halved on the log scale because sciatic entrapment and "
            "tendinopathy can coexist (brief §1.1)"
        ),
        "Positive piriformis tests point to deep gluteal syndrome.",
    ),
    Finding(
        Q.LONG_STRIDE_PAIN,
        "ischiofemoral",
        0.7,
        None,
        estimate(
            "The long-stride test points to ischiofemoral impingement (sens 0.95, spec 0.84, "
            "Gómez-Hoyos 2016), which can coexist with tendinopathy, so the ratio is mild."
        ),
        "Long-stride pain points to ischiofemoral impingement.",
    ),
    Finding(
        Q.EXERTIONAL_CRAMP_RELIEF,
        "vascular",
        0.5,
        None,
        estimate("Pain that resolves within minutes of rest is the vascular picture (brief §3)."),
        "Exertional cramping relieved by rest points to the arteries.",
    ),
    Finding(
        Q.CYCLICAL_PAIN,
        "cyclical",
        0.6,
        None,
        estimate("Sciatica that follows the menstrual cycle suggests endometriosis (brief §3)."),
        "Pain that follows the menstrual cycle.",
    ),
    Finding(
        Q.HAMSTRING_GAP_OR_WEAKNESS,
        "onset",
        0.3,
        None,
        estimate("A palpable gap or weak knee flexion marks a complete avulsion (brief §3)."),
        "A gap below the sit bone argues against tendinopathy and for a tear.",
    ),
)

FINDINGS_BY_QUESTION: dict[Q, Finding] = {finding.question: finding for finding in FINDINGS}


def _evidence_rule(finding: Finding, answer: YesNo, ratio: float) -> tuple[str, object]:
    rule_id = f"likelihood_{finding.question.value}_{answer.value}"
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


install(
    FindingRules,
    dict(
        _evidence_rule(finding, answer, ratio)
        for finding in FINDINGS
        for answer in (YES, NO)
        if (ratio := finding.ratio(answer)) is not None
    ),
)
