"""Advice, staged as the article stages it and fitted to the assessment (stage three).

The article's stages are: settle the pain, glute work, hamstring strengthening, return to running.
Where the evidence (clinical facts §6.2) disagrees with the article (complete rest; hamstring stretching early on)
the item follows the evidence and its `evidence_note` says why. Exercise advice is never given
with an emergency or same-day level, nor to a suspected avulsion before it has been assessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from experta import NOT, KnowledgeEngine, L

from rules.base import (
    Advise,
    Disposition,
    LikelihoodBand,
    RedFlag,
    Source,
    article,
    brief,
    clinical_rule,
)
from rules.scale import Band, Condition, Level


class Stage(StrEnum):
    """Advice stages, in the order they are shown."""

    URGENT = "urgent"
    ASSESSMENT = "assessment"
    SETTLE_PAIN = "settle_pain"
    GLUTE_WORK = "glute_work"
    HAMSTRING_STRENGTHENING = "hamstring_strengthening"
    RETURN_TO_RUNNING = "return_to_running"
    SAFETY_NET = "safety_net"


@dataclass(frozen=True, slots=True)
class AdviceItem:
    """A piece of advice: its stage, its words, its source and any departure from the article."""

    id: str
    stage: Stage
    text: str
    source: Source
    evidence_note: str | None = None


GOOM = "§6.1 Goom et al. 2016; Nasser et al. 2021 expert consensus"

ADVICE_ITEMS: tuple[AdviceItem, ...] = (
    AdviceItem(
        "follow_urgent_advice",
        Stage.URGENT,
        "Follow the urgent advice above now. Do not wait to see whether it settles.",
        brief("§4.2 red-flag dispositions; §5 triage scale"),
    ),
    AdviceItem(
        "no_exercise_until_seen",
        Stage.URGENT,
        "Do not exercise, stretch or run on the leg until a doctor has seen you.",
        brief("§4.2: serious causes must be excluded before any loading programme"),
    ),
    AdviceItem(
        "protect_suspected_tear",
        Stage.ASSESSMENT,
        "Avoid stretching and strengthening the hamstring until it has been assessed. If the "
        "tendon has torn off the bone, repair within 6 weeks gives a faster return to sport.",
        brief("§3 acute avulsion: Subbu 2015, early repair returned 9 weeks sooner"),
    ),
    AdviceItem(
        "book_assessment",
        Stage.ASSESSMENT,
        "Book an assessment with a physiotherapist or sports-medicine doctor to confirm the "
        "cause and work out why it developed.",
        article("'I would suggest visiting a sports injury professional for an assessment'"),
    ),
    AdviceItem(
        "relative_rest",
        Stage.SETTLE_PAIN,
        "Cut back running and anything that flares the pain, especially speed work, hills, deep "
        "lunges and long sitting, but keep active within comfort.",
        brief(GOOM),
        "The article advises resting from running and sport. The evidence favours relative "
        "rest: reduce the aggravating load and keep the tendon working, because complete rest "
        "weakens it further (clinical facts §6.2).",
    ),
    AdviceItem(
        "sitting_offload",
        Stage.SETTLE_PAIN,
        "When sitting, use a cushion, change position often and try a rolled towel under the "
        "thigh so that the sit bone takes less pressure.",
        brief("§6.2 sitting advice (a gap in the article); reader comment 2"),
    ),
    AdviceItem(
        "avoid_early_stretching",
        Stage.SETTLE_PAIN,
        "Avoid hamstring stretches for now, including the bent-knee stretch. If you stretch at "
        "all later on, keep it gentle and pain-free.",
        brief("§6.2: Beatty 2017; Nasser 2021; Cacchio 2012"),
        "The article recommends a bent-knee hamstring stretch several times a day. Stretching "
        "presses the tendon against the sit bone, and the bent-knee stretch is the very test "
        "used to provoke this pain, so the evidence advises against it in the early stage.",
    ),
    AdviceItem(
        "ice_optional",
        Stage.SETTLE_PAIN,
        "Ice is optional: if it helps, 10 minutes at a time after activities that flare it.",
        article("'10 minutes at a time, every 2-3 hours or after anything which aggravates'"),
    ),
    AdviceItem(
        "glute_activation",
        Stage.GLUTE_WORK,
        "Start glute work: lying on your front, squeeze your buttocks (3 seconds, 10 times), "
        "then lift the thigh with the knee bent, then progress to bridges.",
        article("glute max exercises; consistent with kinetic-chain work (Nasser 2021)"),
    ),
    AdviceItem(
        "hip_flexor_stretch",
        Stage.GLUTE_WORK,
        "If the front of your hip is tight, a kneeling hip-flexor stretch (30 seconds, three "
        "times) is fine: it does not press on the hamstring tendon.",
        article("hip flexor stretches"),
    ),
    AdviceItem(
        "hamstring_strengthening",
        Stage.HAMSTRING_STRENGTHENING,
        "Once daily activities are pain-free, strengthen the hamstrings: start with holds "
        "(isometrics) with the hip straight, then slow band or machine leg curls and bridges, "
        "adding load gradually; leave deadlifts and Nordic curls until last.",
        brief("§6.1 Malliaras 2013 (heavy slow resistance); Rio 2017; article stage 3"),
        "The article moves from strengthening to eccentrics. The evidence supports a gradual "
        "progression of heavy, slow loading, with loading in lengthened positions last; "
        "eccentrics are not better on their own (clinical facts §6.2).",
    ),
    AdviceItem(
        "return_to_running",
        Stage.RETURN_TO_RUNNING,
        "Go back to running when there is no pain at rest, a drop lunge is pain-free and your "
        "leg-curl strength is equal on both sides. Start with 10-15 minutes on the flat, wait "
        "2-3 days, and build up; add hills and speed last. Watch how it feels the next day.",
        brief("§6.1 Goom return-to-running criteria; article return to running"),
        "The article gives times but no criteria; the evidence adds criteria and puts hills and "
        "speed last because they load the tendon most (clinical facts §6.2).",
    ),
    AdviceItem(
        "check_training",
        Stage.RETURN_TO_RUNNING,
        "Ask a coach or experienced runner to look over your training for the error that may "
        "have caused this, and keep doing the exercises once back to full training.",
        article("return to running: training errors; continue rehabilitation exercises"),
    ),
    AdviceItem(
        "safety_net",
        Stage.SAFETY_NET,
        "Get help at once if you develop numbness around the genitals or back passage, bladder "
        "or bowel trouble, weakness, fever, a swollen calf, breathlessness or chest pain. See a "
        "physiotherapist if it is not improving after two to three weeks.",
        brief("§4.2 red flags; §5 self_care: observe and consult if symptoms worsen"),
    ),
)

ADVICE: dict[str, AdviceItem] = {item.id: item for item in ADVICE_ITEMS}

EMERGENCY_LEVELS = L(Level.EMERGENCY_AMBULANCE) | L(Level.EMERGENCY)
HOME_LEVELS = L(Level.CONSULTATION) | L(Level.SELF_CARE)
FITS_TENDINOPATHY = L(Band.MODERATE) | L(Band.HIGH)
TEAR = L(Condition.HAMSTRING_AVULSION) | L(Condition.APOPHYSEAL_AVULSION)


def _advise(*items: str) -> list[Advise]:
    return [Advise(item=item) for item in items]


class AdviceRules(KnowledgeEngine):  # type: ignore[misc]
    """Which advice to give, from the final level, the likelihood band and suspected tears."""

    @clinical_rule(Disposition(level=EMERGENCY_LEVELS), source=brief("§4.2; §5"))
    def advice_emergency(self) -> None:
        """An emergency gets the urgent instruction and no exercise advice."""
        self.declare(*_advise("follow_urgent_advice", "no_exercise_until_seen"))

    @clinical_rule(Disposition(level=Level.CONSULTATION_24), source=brief("§4.2; §5"))
    def advice_same_day(self) -> None:
        """A same-day review comes before any exercise."""
        self.declare(*_advise("no_exercise_until_seen"))

    @clinical_rule(
        RedFlag(condition=TEAR),
        Disposition(level=~L(Level.EMERGENCY_AMBULANCE) & ~L(Level.EMERGENCY)),
        source=brief("§3 acute avulsion; Subbu 2015"),
    )
    def advice_protect_suspected_tear(self) -> None:
        """A suspected tear is protected from stretching and strengthening until assessed."""
        self.declare(*_advise("protect_suspected_tear"))

    @clinical_rule(Disposition(level=Level.CONSULTATION), source=article("assessment"))
    def advice_book_assessment(self) -> None:
        """A consultation level gets advice on whom to book."""
        self.declare(*_advise("book_assessment"))

    @clinical_rule(Disposition(level=HOME_LEVELS), source=brief(GOOM))
    def advice_settle_pain(self) -> None:
        """Without urgency, the first stage settles the pain by modifying load."""
        self.declare(
            *_advise("relative_rest", "sitting_offload", "avoid_early_stretching", "ice_optional")
        )

    @clinical_rule(
        Disposition(level=HOME_LEVELS),
        LikelihoodBand(band=FITS_TENDINOPATHY),
        NOT(RedFlag(condition=TEAR)),
        source=article("treatment stages: glutes, hamstring strengthening, return to running"),
    )
    def advice_rehabilitation(self) -> None:
        """When tendinopathy fits and nothing is urgent, the article's later stages follow."""
        self.declare(
            *_advise(
                "glute_activation",
                "hip_flexor_stretch",
                "hamstring_strengthening",
                "return_to_running",
                "check_training",
            )
        )

    @clinical_rule(Disposition(level=Level.SELF_CARE), source=brief("§5 self_care"))
    def advice_safety_net(self) -> None:
        """Home care always comes with the warning signs to watch for."""
        self.declare(*_advise("safety_net"))
