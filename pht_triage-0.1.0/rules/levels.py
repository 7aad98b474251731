"""Triage without red flags: the article's signals, the likelihood and the differentials.

These rules raise the level to a consultation when something needs a professional's eye. The
first group reads the answers; the second reads the stage-two summary (`LikelihoodBand`,
`Supported`) that the engine declares once the likelihood and differentials are known.

Home care needs positive evidence (contract §3): `triage_self_care` fires only on a complete
screen, a high likelihood and a duration and a worst pain both known and mild; every other rule
here names what stands in its way, what is not known included (unknown is not mild). With no
rule declaring a level at all, the level is a consultation (`triage.assess`). The thresholds live
once, below, and both the consultation rules and the home-care rule read them.
"""

from __future__ import annotations

from experta import MATCH, NOT, KnowledgeEngine, L, W

from rules.base import (
    Answers,
    Concern,
    LikelihoodBand,
    Supported,
    article,
    brief,
    clinical_rule,
    estimate,
    predicate,
    when,
)
from rules.scale import Band, Level, Support
from rules.vocabulary import YES

NHS_CHT = brief("§4.2 non-red-flag routine advice: NHS Calderdale & Huddersfield PHT page")

LONG_DURATION_WEEKS = 4
"""Pain lasting this many weeks or more is past what home care is expected to settle."""

SEVERE_PAIN_SCORE = 7
"""A worst pain of this much or more out of 10 counts as severe."""

LONG_DURATION = predicate(
    f"{LONG_DURATION_WEEKS} or more", lambda weeks: weeks >= LONG_DURATION_WEEKS
)
SEVERE_PAIN = predicate(f"{SEVERE_PAIN_SCORE} or more", lambda score: score >= SEVERE_PAIN_SCORE)

DURATION_SOURCE = article(
    "'For mild cases this may only take a few days. For more severe cases you might need a "
    "couple of weeks'; a reader still in pain about 4 weeks after the injury was told 'you need "
    "to see someone about it' (reader comment, May 2015)"
)
SEVERITY_SOURCE = estimate(
    "The NHS CHT page sends severe pain to the GP (clinical facts §4.2); 7 of 10 is the usual lower bound "
    "of 'severe' on a numeric rating scale."
)
NERVE_SOURCE = brief(
    "§3 lumbar radiculopathy / sciatica: pain below the knee, paraesthesia or numbness, worse "
    "with cough or sneeze; §3 deep gluteal syndrome: sciatica-like pain"
)
POSITIVE_EVIDENCE = estimate(
    "Home care is advised only on positive evidence of a mild, recent overload (contract §3): "
    "without an answer the problem cannot be shown to be mild, so a professional should judge it."
)


class TriageRules(KnowledgeEngine):  # type: ignore[misc]
    """Reasons to see a professional when no red flag is present, and when home care is enough."""

    @clinical_rule(
        when(constant_pain=YES),
        source=article("symptom list: 'as the condition gets worse the pain is more constant'"),
    )
    def triage_constant_pain(self) -> None:
        """Pain present most of the time means the problem has progressed: book an assessment."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="The pain is there most of the time, a sign the problem has progressed.",
            )
        )

    @clinical_rule(when(sleep_or_daily_impact=YES), source=NHS_CHT)
    def triage_sleep_or_daily_impact(self) -> None:
        """Pain that disturbs sleep or daily life warrants a consultation."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="The pain disturbs sleep or daily activities.",
            )
        )

    @clinical_rule(when(pain_severity=SEVERE_PAIN), source=SEVERITY_SOURCE)
    def triage_severe_pain(self) -> None:
        """Worst pain of 7 or more out of 10 warrants a consultation."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason=f"The pain has been severe ({SEVERE_PAIN_SCORE} or more of 10).",
            )
        )

    @clinical_rule(when(duration_weeks=LONG_DURATION), source=DURATION_SOURCE)
    def triage_long_duration(self) -> None:
        """Pain lasting 4 weeks or more should be assessed by a professional."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason=f"The pain has lasted {LONG_DURATION_WEEKS} weeks or more.",
            )
        )

    @clinical_rule(LikelihoodBand(), NOT(Answers(duration_weeks=W())), source=POSITIVE_EVIDENCE)
    def triage_duration_unknown(self) -> None:
        """Without knowing how long the pain has lasted, home care alone is not advised."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="How long the pain has lasted is not known, so home care alone cannot "
                "be advised.",
            )
        )

    @clinical_rule(LikelihoodBand(), NOT(Answers(pain_severity=W())), source=POSITIVE_EVIDENCE)
    def triage_severity_unknown(self) -> None:
        """Without knowing how bad the pain has been, home care alone is not advised."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="How bad the pain has been at its worst is not known, so home care alone "
                "cannot be advised.",
            )
        )

    @clinical_rule(when(leg_tingling=YES), source=NERVE_SOURCE)
    def triage_leg_tingling(self) -> None:
        """Pins and needles or numbness in the leg can mean a nerve is involved: see someone."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="Pins and needles or numbness in the leg can mean a nerve is involved.",
            )
        )

    @clinical_rule(when(below_knee_pain=YES), source=NERVE_SOURCE)
    def triage_below_knee_pain(self) -> None:
        """Pain shooting below the knee points to a nerve rather than the tendon: see someone."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="Pain shooting below the knee points to a nerve rather than the tendon.",
            )
        )

    @clinical_rule(when(cough_sneeze_pain=YES), source=NERVE_SOURCE)
    def triage_cough_sneeze_pain(self) -> None:
        """Leg pain worse on coughing or sneezing points to a nerve root: see someone."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="Leg pain that is worse on coughing or sneezing points to a nerve in the "
                "back.",
            )
        )

    @clinical_rule(
        when(walking_difficulty=YES),
        source=estimate(
            "A limp after an injury can mean a tear (clinical facts §3, asymmetric gait in avulsion) and "
            "needs an examination, though not urgently when the person can bear weight."
        ),
    )
    def triage_walking_difficulty(self) -> None:
        """Limping or difficulty walking warrants an examination."""
        self.declare(
            Concern(level=Level.CONSULTATION, reason="Walking is difficult or you are limping.")
        )

    @clinical_rule(
        LikelihoodBand(screen_complete=False, unanswered=MATCH.unanswered),
        source=brief(
            "Contract §1 (unknown is never read as no); §5 NHS Pathways: never a lower level "
            "than needed"
        ),
    )
    def triage_screen_incomplete(self, unanswered: tuple[str, ...]) -> None:
        """Home care alone is not advised until every warning-sign question is answered."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason=(
                    "Not every warning sign has been checked, so home care alone cannot be "
                    "advised: a professional can check them."
                ),
                questions=unanswered,
            )
        )

    @clinical_rule(
        LikelihoodBand(band=Band.LOW),
        source=estimate(
            "When the answers do not fit tendinopathy, the cause is unclear and needs a "
            "professional diagnosis before any exercise programme."
        ),
    )
    def triage_low_likelihood(self) -> None:
        """A low likelihood of tendinopathy means the cause needs a professional diagnosis."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="The answers do not fit hamstring tendinopathy well; the cause needs a "
                "professional diagnosis.",
            )
        )

    @clinical_rule(
        LikelihoodBand(band=Band.MODERATE),
        source=estimate(
            "Home care suits a clear picture of tendon overload (contract §3); when the answers "
            "fit tendinopathy only in part, a professional should confirm the cause."
        ),
    )
    def triage_moderate_likelihood(self) -> None:
        """A picture that fits tendinopathy only in part needs a professional's view."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="The answers fit hamstring tendinopathy only in part; a professional "
                "should confirm the cause.",
            )
        )

    @clinical_rule(
        Supported(support=Support.LOW),
        source=brief("§3: the mimics need examination and often imaging to tell apart"),
    )
    def triage_differential_possible(self) -> None:
        """A sign of another condition, even a weak one, rules out home care alone."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="Some answers point a little to another condition, which a professional "
                "should rule out.",
            )
        )

    @clinical_rule(
        Supported(support=L(Support.MODERATE) | L(Support.HIGH)),
        source=brief("§3: the mimics need examination and often imaging to tell apart"),
    )
    def triage_differential_needs_assessment(self) -> None:
        """A well-supported alternative diagnosis needs a professional assessment."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="Some answers point to another condition that needs examining.",
            )
        )

    @clinical_rule(
        LikelihoodBand(screen_complete=True, band=Band.HIGH),
        when(duration_weeks=~LONG_DURATION, pain_severity=~SEVERE_PAIN),
        source=article(
            "'You should find after a bit of rest and stretching that the symptoms ease'"
        ),
    )
    def triage_self_care(self) -> None:
        """A complete screen, a clear picture, and short, not severe pain: home care is enough."""
        self.declare(
            Concern(
                level=Level.SELF_CARE,
                reason="No warning signs, and the answers fit a recent, mild tendon overload "
                "that usually settles with the advice below.",
            )
        )
