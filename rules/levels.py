"""Triage without red flags: the article's signals, the likelihood and the differentials.

These rules raise the level to a consultation when something needs a professional's eye. The
first group reads the answers; the second reads the stage-two summary (`LikelihoodBand`,
`Supported`) that the engine declares once the likelihood and differentials are known.
"""

from __future__ import annotations

from experta import MATCH, KnowledgeEngine, L

from rules.base import (
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

    @clinical_rule(
        when(pain_severity=predicate("7 or more", lambda score: score >= 7)),
        source=estimate(
            "The NHS CHT page sends severe pain to the GP (clinical facts §4.2); 7 of 10 is the usual "
            "lower bound of 'severe' on a numeric rating scale."
        ),
    )
    def triage_severe_pain(self) -> None:
        """Worst pain of 7 or more out of 10 warrants a consultation."""
        self.declare(
            Concern(level=Level.CONSULTATION, reason="The pain has been severe (7 or more of 10).")
        )

    @clinical_rule(
        when(duration_weeks=predicate("6 or more", lambda weeks: weeks >= 6)),
        source=estimate(
            "The article expects mild cases to ease in days and severe ones in a couple of weeks; "
            "a reader still in pain at 4 weeks was told to see someone. Six weeks without "
            "recovery is past both."
        ),
    )
    def triage_long_duration(self) -> None:
        """Pain lasting 6 weeks or more should be assessed by a professional."""
        self.declare(
            Concern(
                level=Level.CONSULTATION,
                reason="The pain has lasted 6 weeks or more.",
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
        LikelihoodBand(screen_complete=True, band=L(Band.MODERATE) | L(Band.HIGH)),
        source=article(
            "'You should find after a bit of rest and stretching that the symptoms ease'"
        ),
    )
    def triage_self_care(self) -> None:
        """With no warning sign and a fitting picture, home care with safety-netting is enough."""
        self.declare(
            Concern(
                level=Level.SELF_CARE,
                reason="No warning signs, and the answers fit a tendon overload that usually "
                "settles with the advice below.",
            )
        )
