"""The triage scale (contract §3), the likelihood bands and the differential conditions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """A triage level, named as chatbot platforms name them; most urgent first."""

    EMERGENCY_AMBULANCE = "emergency_ambulance"
    EMERGENCY = "emergency"
    CONSULTATION_24 = "consultation_24"
    CONSULTATION = "consultation"
    SELF_CARE = "self_care"

    @property
    def urgency(self) -> int:
        """Higher is more urgent: self_care is 0, emergency_ambulance is 4."""
        return _URGENCY[self]

    def is_emergency(self) -> bool:
        """Whether this level sends the person to emergency care now."""
        return self.urgency >= Level.EMERGENCY.urgency


_URGENCY = {level: rank for rank, level in enumerate(reversed(list(Level)))}


def most_urgent(levels: list[Level] | tuple[Level, ...], default: Level = Level.SELF_CARE) -> Level:
    """The most urgent of some levels, or the default when there are none."""
    return max(levels, key=lambda level: level.urgency, default=default)


@dataclass(frozen=True, slots=True)
class Referral:
    """Who to see and how soon, in words a person can act on (NHS wording, clinical facts §5)."""

    see: str
    within: str


DISPOSITIONS: dict[Level, Referral] = {
    Level.EMERGENCY_AMBULANCE: Referral(
        see="Call an ambulance (999 in the UK, 112 in Europe, 911 in North America).",
        within="Now. Do not drive yourself.",
    ),
    Level.EMERGENCY: Referral(
        see="Go to an emergency department (A&E). If you cannot get there, call an ambulance.",
        within="Now.",
    ),
    Level.CONSULTATION_24: Referral(
        see="Contact your GP surgery or an urgent care service (NHS 111 in England) today.",
        within="Within 24 hours. If things get suddenly worse, go to an emergency department.",
    ),
    Level.CONSULTATION: Referral(
        see="Book an appointment with a physiotherapist, a sports-medicine doctor or your GP.",
        within="Within the next one to two weeks; sooner if it gets worse.",
    ),
    Level.SELF_CARE: Referral(
        see="You can manage this at home with the advice below.",
        within=(
            "See a physiotherapist or GP if it is not improving after two to three weeks, "
            "and get help at once if any warning sign appears."
        ),
    ),
}


class Band(StrEnum):
    """A likelihood band."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Support(StrEnum):
    """How strongly the answers point to a differential condition."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Condition(StrEnum):
    """The conditions the rule base reasons about; ids are public and stable."""

    PROXIMAL_HAMSTRING_TENDINOPATHY = "proximal_hamstring_tendinopathy"
    LUMBAR_RADICULOPATHY = "lumbar_radiculopathy"
    HAMSTRING_AVULSION = "hamstring_avulsion"
    APOPHYSEAL_AVULSION = "apophyseal_avulsion"
    DEEP_GLUTEAL_SYNDROME = "deep_gluteal_syndrome"
    ISCHIOFEMORAL_IMPINGEMENT = "ischiofemoral_impingement"
    STRESS_FRACTURE = "stress_fracture"
    VASCULAR_CLAUDICATION = "vascular_claudication"
    DEEP_VEIN_THROMBOSIS = "deep_vein_thrombosis"
    PULMONARY_EMBOLISM = "pulmonary_embolism"
    CAUDA_EQUINA_SYNDROME = "cauda_equina_syndrome"
    INFECTION = "infection"
    MALIGNANCY = "malignancy"
    FRACTURE = "fracture"
    CYCLICAL_SCIATICA = "cyclical_sciatica"
    ISCHIAL_BURSITIS = "ischial_bursitis"
    COMPARTMENT_SYNDROME = "compartment_syndrome"
