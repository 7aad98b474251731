"""Red flags: answers that force a minimum triage level whatever the likelihood (clinical facts §4).

Each row is one rule. Its level is a floor: the final level is the most urgent of all floors, so a
red flag can only ever make the triage more urgent, never less. Combinations that the clinical facts
escalate (fever with infection risk, chest symptoms with a swollen leg, cancer history with night
pain, ...) have rows of their own, next to the single answers they build on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from experta import KnowledgeEngine

from rules.ages import APOPHYSIS_OPEN, CHILD, PAST_APOPHYSIS
from rules.base import (
    RedFlag,
    Source,
    article,
    attach_rules,
    brief,
    estimate,
    generated_rule,
    predicate,
    when,
)
from rules.levels import SEVERE_PAIN, SEVERE_PAIN_SCORE
from rules.scale import Condition, Level
from rules.vocabulary import YES

SUDDEN_INJURY = brief(
    "§4.2 fracture (an injury with inability to bear weight); §9.9: the NHS hip-fracture page "
    "(unable to stand after a fall: hospital now); Kwong & Patel 2006"
)
ADULT_AVULSION = brief(
    "§9.9: bruising appears only after 2-4 days (Bengtzen 2018), repair within 6 weeks (Subbu "
    "2015); §3 hamstring tears: avulsions peak over 40 (PLoS One 2016); §4.2 acute avulsion"
)
CES = brief("§4.2 cauda equina syndrome: NHS leaflets (Royal Free; Torbay & South Devon)")
INFECTION = brief("§4.2 infection: Yusuf, Finucane & Selfe 2019")
FRACTURE = brief("§4.2 fracture")
MALIGNANCY = brief("§4.2 malignancy: NHS Lothian MSCC criteria; NICE CKS sciatica red flags")
THROMBOSIS = brief("§4.2 DVT / PE: Theiss 2011; PE as the emergent exemplar in Semigran 2015")
AVULSION = brief("§3 and §4.2 acute hamstring avulsion: Subbu 2015 (repair within 6 weeks)")
STRESS_FRACTURE_SAME_DAY = brief(
    "§9.1 femoral-neck stress fracture: Robertson & Wood 2017 (delay lets it displace); "
    "non-weight-bearing until MRI; §3 stress fracture; §4.2 fracture"
)
NG12_BONE = brief(
    "§9.3 NICE NG12: unexplained bone pain in a child or young person, a very urgent X-ray "
    "within 48 hours; §3 adolescent apophyseal avulsion (BMJ 2004 radiograph rule)"
)
UNDER_25 = predicate("under 25", lambda age: age < 25)
"""Children and young people in NICE NG12's terms (to 24 years)."""

COMPARTMENT = estimate(
    "Clinical facts §4.2 compartment syndrome (Donaldson 2014; Henson 2009; the Injury 2022 "
    "review of 139 gluteal cases; Gavriilidis 2022): a surgical emergency, whose classical sign "
    "is pain out of proportion to the injury, in a swollen, tense compartment, with nerve "
    "symptoms, after an injury, a fall or a long spell lying still. No question asks about pain "
    "out of proportion or a tense compartment: a worst pain of "
    f"{SEVERE_PAIN_SCORE} or more of 10 (the rule base's threshold for severe pain, the usual "
    "lower bound of 'severe' on a numeric rating scale) stands in for it, and it must come with a "
    "sudden start or an injury, a swollen calf or thigh and a nerve symptom, so that a swollen "
    "leg alone stays with the same-day thrombosis check. The 2022 case had pain of 10 of 10."
)
TRAUMA_NERVE = estimate(
    "Clinical facts §4.2 compartment syndrome: nerve symptoms in the sciatic territory after an "
    "injury or a fall; the swollen, tense compartment may be the buttock, which no question asks "
    "about. In the Injury 2022 review of 139 gluteal cases sciatic neuropathy was present in 74%, "
    "and 12 of 14 with a deficit treated without surgery kept it; a gluteal case a day after a fall "
    "in an 83-year-old had weakness in the sciatic territory and needed emergency fasciotomy "
    "(Hinton 2024). §4.2 fracture also sends a significant injury with a serious sign to "
    "emergency. A nerve sign after a significant injury is therefore an emergency without a "
    "swollen calf or thigh or a pain score."
)
TRAUMA_UNWELL = estimate(
    "Clinical facts §4.2 compartment syndrome: the Injury 2022 review of 139 gluteal cases found "
    "rhabdomyolysis in 94%, after trauma or a long spell lying still (35%, from drink, drugs or "
    "loss of consciousness); a man admitted after a fall with loss of consciousness had worsening "
    "renal failure from an unrecognised gluteal compartment syndrome (Mustafa 2009). §4.2 "
    "infection sends feeling unwell all over to emergency. Feeling unwell all over after a "
    "significant fall is an emergency: a clinical estimate, since the intake cannot ask about "
    "lying still or dark urine."
)
BUTTOCK_SWELLING = brief(
    "§9.17 a swollen, red or hot buttock: the NHS skin-abscess page (a painful, red or hot lump: "
    "an urgent GP appointment or NHS 111); Yoo 2009; §4.2 infection and malignancy"
)
BUTTOCK_COMPARTMENT = estimate(
    "Clinical facts §9.17 and §4.2 compartment syndrome: tense, swollen buttocks with severe pain "
    "(Diaz Dilernia 2016); after a fall, buttock swelling, tense gluteal compartments and severe "
    f"pain (Hinton 2024). A worst pain of {SEVERE_PAIN_SCORE} or more of 10 stands in for pain "
    "out of proportion, as in the rows for a swollen calf or thigh."
)
LONG_LIE = estimate(
    "Clinical facts §9.17: a long lie (an hour or more on the floor, unable to get up; Fleming "
    "2008) presses on the buttock muscles, which can break down; a gluteal compartment syndrome "
    "followed a long spell lying still in 35% of the 139 cases of the Injury 2022 review, with "
    "rhabdomyolysis in 94%. Checking crushed muscle the same day is a clinical estimate."
)
LONG_LIE_COMPARTMENT = estimate(
    "Clinical facts §9.17 and §4.2 compartment syndrome: after a long spell lying still, a nerve "
    "symptom (sciatic neuropathy in 74% of the Injury 2022 review's cases; Tasch 2016; Lawrence "
    "2016), a swollen compartment, severe pain or feeling unwell all over (rhabdomyolysis, as "
    "after a significant fall) is the compartment-syndrome picture. A clinical estimate: no study "
    "gives the accuracy of any one of them after a long lie."
)
COMPARTMENT_ACTION = (
    "Go to an emergency department now: the pressure has to be relieved within hours. "
    "Do not wait to see whether it settles."
)
"""What every compartment-syndrome flag tells the person to do (ischaemic damage may be
irreversible within six hours, Donaldson 2014; clinical facts §4.2)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Flag:
    """One red-flag rule: its id, when it applies, the level it forces, what to tell the person.

    `rule` is `red_flag_<id>`, written out so that a rule id in a trace can be found by search; a
    row whose rule id does not say that is refused.
    """

    rule: str
    id: str
    when: dict[str, Any]
    level: Level
    condition: Condition
    message: str
    source: Source
    rationale: str

    def __post_init__(self) -> None:
        if self.rule != f"red_flag_{self.id}":
            raise ValueError(
                f"red flag {self.id!r}: rule id {self.rule!r}, not 'red_flag_{self.id}'"
            )


def _after_long_lie(rule: str, answer: str, value: Any, *, now: str, finding: str) -> Flag:
    """A long lie with one more sign of a compartment syndrome: an emergency (clinical facts §9.17).

    `now` is what the person has now, in the message; `finding` names it in the rationale.
    """
    return Flag(
        rule=rule,
        id=rule.removeprefix("red_flag_"),
        when={"long_lie": YES, answer: value},
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message=f"Lying still for an hour or more and now {now} can mean pressure building up "
        "inside the buttock muscles (compartment syndrome) or crushed muscle. "
        f"{COMPARTMENT_ACTION}",
        source=LONG_LIE_COMPARTMENT,
        rationale=f"A long lie with {finding}.",
    )


FLAGS: tuple[Flag, ...] = (
    # Cauda equina syndrome: emergency (clinical facts §4.2).
    Flag(
        rule="red_flag_saddle_numbness",
        id="saddle_numbness",
        when={"saddle_numbness": YES},
        level=Level.EMERGENCY,
        condition=Condition.CAUDA_EQUINA_SYNDROME,
        message="Numbness around the genitals or back passage can mean the nerves at the base of the "
        "spine are being squeezed (cauda equina syndrome). Go to an emergency department now.",
        source=CES,
        rationale="Saddle numbness is a cardinal sign of cauda equina syndrome.",
    ),
    Flag(
        rule="red_flag_bladder_bowel_change",
        id="bladder_bowel_change",
        when={"bladder_bowel_change": YES},
        level=Level.EMERGENCY,
        condition=Condition.CAUDA_EQUINA_SYNDROME,
        message="New bladder or bowel trouble with back or leg pain can mean cauda equina syndrome. "
        "Go to an emergency department now.",
        source=CES,
        rationale="New bladder or bowel dysfunction is a cardinal sign of cauda equina syndrome.",
    ),
    Flag(
        rule="red_flag_both_legs_symptoms",
        id="both_legs_symptoms",
        when={"both_legs_symptoms": YES},
        level=Level.EMERGENCY,
        condition=Condition.CAUDA_EQUINA_SYNDROME,
        message="Pain, numbness or weakness in both legs points to the spine and can mean cauda equina "
        "syndrome. Go to an emergency department now.",
        source=CES,
        rationale="Sciatica on both sides or weakness in both legs sends a person to A&E (NHS).",
    ),
    # Thrombosis: a swollen leg is a same-day check; chest symptoms are an emergency.
    Flag(
        rule="red_flag_breathless_or_chest_pain",
        id="breathless_or_chest_pain",
        when={"breathless_or_chest_pain": YES},
        level=Level.EMERGENCY_AMBULANCE,
        condition=Condition.PULMONARY_EMBOLISM,
        message="New breathlessness or chest pain with your leg or buttock pain can mean a blood clot "
        "has reached the lungs. Call an ambulance now.",
        source=brief(
            "§4.2 symptoms of pulmonary embolism: emergency_ambulance; §9.16: every person asked has "
            "a painful buttock or thigh, and an NHS DVT leaflet (Gloucestershire Hospitals) says to "
            "call 999 for the symptoms of a pulmonary embolism"
        ),
        rationale="Chest pain or breathlessness may be a pulmonary embolism.",
    ),
    Flag(
        rule="red_flag_breathless_with_leg_swelling",
        id="breathless_with_leg_swelling",
        when={"breathless_or_chest_pain": YES, "calf_thigh_swelling": YES},
        level=Level.EMERGENCY_AMBULANCE,
        condition=Condition.PULMONARY_EMBOLISM,
        message="Breathlessness or chest pain with a swollen leg can mean a blood clot has reached the "
        "lungs. Call an ambulance now.",
        source=THROMBOSIS,
        rationale="PE symptoms with signs of DVT: emergency_ambulance (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_breathless_with_calf_pain",
        id="breathless_with_calf_pain",
        when={"breathless_or_chest_pain": YES, "calf_pain": YES},
        level=Level.EMERGENCY_AMBULANCE,
        condition=Condition.PULMONARY_EMBOLISM,
        message="Breathlessness or chest pain with an aching calf can mean a blood clot has reached the "
        "lungs. Call an ambulance now.",
        source=THROMBOSIS,
        rationale="Calf pain is a DVT sign; with chest symptoms it is treated as possible PE.",
    ),
    Flag(
        rule="red_flag_calf_thigh_swelling",
        id="calf_thigh_swelling",
        when={"calf_thigh_swelling": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.DEEP_VEIN_THROMBOSIS,
        message="A swollen, warm or red calf or thigh can be a blood clot (deep vein thrombosis) and "
        "should be checked today.",
        source=THROMBOSIS,
        rationale="Suspected DVT: same-day assessment (clinical facts §4.2).",
    ),
    # Compartment syndrome: an emergency (clinical facts §4.2). A swollen calf or thigh alone is
    # the thrombosis row above; these rows need a sudden start or an injury, a nerve symptom and
    # severe pain as well, one row for each way of answering them.
    Flag(
        rule="red_flag_compartment_syndrome",
        id="compartment_syndrome",
        when={
            "sudden_onset": YES,
            "calf_thigh_swelling": YES,
            "leg_tingling": YES,
            "pain_severity": SEVERE_PAIN,
        },
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="Severe pain in a swollen calf or thigh that started suddenly, with pins and needles "
        "or numbness, can mean pressure is building up inside the muscle and cutting off its blood "
        f"supply (compartment syndrome). {COMPARTMENT_ACTION}",
        source=COMPARTMENT,
        rationale="A sudden start, a swollen calf or thigh, pins and needles and severe pain: the "
        "compartment-syndrome picture.",
    ),
    Flag(
        rule="red_flag_compartment_syndrome_after_trauma",
        id="compartment_syndrome_after_trauma",
        when={
            "major_trauma": YES,
            "calf_thigh_swelling": YES,
            "leg_tingling": YES,
            "pain_severity": SEVERE_PAIN,
        },
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="Severe pain in a swollen calf or thigh after a fall or accident, with pins and "
        "needles or numbness, can mean pressure is building up inside the muscle and cutting off "
        f"its blood supply (compartment syndrome). {COMPARTMENT_ACTION}",
        source=COMPARTMENT,
        rationale="A significant fall or accident, a swollen calf or thigh, pins and needles and "
        "severe pain: the compartment-syndrome picture.",
    ),
    Flag(
        rule="red_flag_compartment_syndrome_with_weakness",
        id="compartment_syndrome_with_weakness",
        when={
            "sudden_onset": YES,
            "calf_thigh_swelling": YES,
            "leg_weakness_worsening": YES,
            "pain_severity": SEVERE_PAIN,
        },
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="Severe pain in a swollen calf or thigh that started suddenly, with weakness of the "
        "leg that is getting worse, can mean pressure is building up inside the muscle and "
        f"squeezing its nerves (compartment syndrome). {COMPARTMENT_ACTION}",
        source=COMPARTMENT,
        rationale="A sudden start, a swollen calf or thigh, worsening weakness and severe pain: the "
        "compartment-syndrome picture with a motor sign.",
    ),
    Flag(
        rule="red_flag_compartment_syndrome_after_trauma_with_weakness",
        id="compartment_syndrome_after_trauma_with_weakness",
        when={
            "major_trauma": YES,
            "calf_thigh_swelling": YES,
            "leg_weakness_worsening": YES,
            "pain_severity": SEVERE_PAIN,
        },
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="Severe pain in a swollen calf or thigh after a fall or accident, with weakness of "
        "the leg that is getting worse, can mean pressure is building up inside the muscle and "
        f"squeezing its nerves (compartment syndrome). {COMPARTMENT_ACTION}",
        source=COMPARTMENT,
        rationale="A significant fall or accident, a swollen calf or thigh, worsening weakness and "
        "severe pain: the compartment-syndrome picture with a motor sign.",
    ),
    Flag(
        rule="red_flag_compartment_syndrome_with_deficit",
        id="compartment_syndrome_with_deficit",
        when={
            "sudden_onset": YES,
            "calf_thigh_swelling": YES,
            "neuro_deficit": YES,
            "pain_severity": SEVERE_PAIN,
        },
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="Severe pain in a swollen calf or thigh that started suddenly, with a loss of "
        "power, feeling or reflexes found on examination, can mean compartment syndrome. "
        f"{COMPARTMENT_ACTION}",
        source=COMPARTMENT,
        rationale="A sudden start, a swollen calf or thigh, a neurological deficit on examination "
        "and severe pain: the compartment-syndrome picture.",
    ),
    Flag(
        rule="red_flag_compartment_syndrome_after_trauma_with_deficit",
        id="compartment_syndrome_after_trauma_with_deficit",
        when={
            "major_trauma": YES,
            "calf_thigh_swelling": YES,
            "neuro_deficit": YES,
            "pain_severity": SEVERE_PAIN,
        },
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="Severe pain in a swollen calf or thigh after a fall or accident, with a loss of "
        "power, feeling or reflexes found on examination, can mean compartment syndrome. "
        f"{COMPARTMENT_ACTION}",
        source=COMPARTMENT,
        rationale="A significant fall or accident, a swollen calf or thigh, a neurological deficit "
        "on examination and severe pain: the compartment-syndrome picture.",
    ),
    # After a significant fall, a nerve sign or feeling unwell is an emergency on its own: the
    # swelling may be in the buttock, which no question asks about (clinical facts §4.2).
    Flag(
        rule="red_flag_deficit_after_trauma",
        id="deficit_after_trauma",
        when={"major_trauma": YES, "neuro_deficit": YES},
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="A weak or numb leg after a significant fall or accident can mean pressure building "
        "up inside the buttock or thigh muscles and squeezing the sciatic nerve (compartment "
        f"syndrome), or an injured nerve. {COMPARTMENT_ACTION}",
        source=TRAUMA_NERVE,
        rationale="A significant fall or accident with a neurological deficit on examination.",
    ),
    Flag(
        rule="red_flag_weakness_after_trauma",
        id="weakness_after_trauma",
        when={"major_trauma": YES, "leg_weakness_worsening": YES},
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="A leg getting weaker after a significant fall or accident can mean pressure "
        "building up inside the buttock or thigh muscles and squeezing the sciatic nerve "
        f"(compartment syndrome), or an injured nerve. {COMPARTMENT_ACTION}",
        source=TRAUMA_NERVE,
        rationale="A significant fall or accident with weakness of the leg that is getting worse.",
    ),
    Flag(
        rule="red_flag_unwell_after_trauma",
        id="unwell_after_trauma",
        when={"major_trauma": YES, "fever_or_unwell": YES},
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="Feeling unwell all over after a significant fall or accident, with this pain, can "
        "mean crushed muscle releasing its contents into the blood, or pressure building up inside "
        "the buttock or thigh muscles (compartment syndrome). Go to an emergency department now.",
        source=TRAUMA_UNWELL,
        rationale="A significant fall or accident and feeling unwell all over.",
    ),
    # A swollen buttock and a long lie on the floor (clinical facts §9.17).
    Flag(
        rule="red_flag_buttock_swelling",
        id="buttock_swelling",
        when={"buttock_swelling": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.INFECTION,
        message="A swollen, tight, warm or red buttock can mean an infection (an abscess), bleeding "
        "into the muscle or a growth. See a doctor today.",
        source=BUTTOCK_SWELLING,
        rationale="A painful, red or hot swelling needs same-day help (clinical facts §9.17).",
    ),
    Flag(
        rule="red_flag_buttock_swelling_after_trauma",
        id="buttock_swelling_after_trauma",
        when={"major_trauma": YES, "buttock_swelling": YES, "pain_severity": SEVERE_PAIN},
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="Severe pain in a swollen buttock after a fall or accident can mean pressure is "
        "building up inside the buttock muscles (compartment syndrome). "
        f"{COMPARTMENT_ACTION}",
        source=BUTTOCK_COMPARTMENT,
        rationale="A significant fall or accident, a swollen buttock and severe pain: the gluteal "
        "compartment-syndrome picture.",
    ),
    Flag(
        rule="red_flag_buttock_swelling_after_sudden_start",
        id="buttock_swelling_after_sudden_start",
        when={"sudden_onset": YES, "buttock_swelling": YES, "pain_severity": SEVERE_PAIN},
        level=Level.EMERGENCY,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="Severe pain in a swollen buttock that started suddenly can mean pressure is "
        "building up inside the buttock muscles (compartment syndrome). "
        f"{COMPARTMENT_ACTION}",
        source=BUTTOCK_COMPARTMENT,
        rationale="A sudden start, a swollen buttock and severe pain: the gluteal "
        "compartment-syndrome picture.",
    ),
    Flag(
        rule="red_flag_long_lie",
        id="long_lie",
        when={"long_lie": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.COMPARTMENT_SYNDROME,
        message="Lying still for an hour or more before the pain began can crush the buttock "
        "muscles. See a doctor today; go to an emergency department at once if the buttock "
        "swells, the leg tingles or weakens, or you feel unwell.",
        source=LONG_LIE,
        rationale="A long lie: crushed muscle is checked the same day (clinical facts §9.17).",
    ),
    _after_long_lie(
        "red_flag_long_lie_with_buttock_swelling",
        "buttock_swelling",
        YES,
        now="a swollen buttock",
        finding="a swollen buttock",
    ),
    _after_long_lie(
        "red_flag_long_lie_with_leg_swelling",
        "calf_thigh_swelling",
        YES,
        now="a swollen calf or thigh",
        finding="a swollen calf or thigh",
    ),
    _after_long_lie(
        "red_flag_long_lie_with_tingling",
        "leg_tingling",
        YES,
        now="pins and needles or numbness in the leg",
        finding="pins and needles or numbness",
    ),
    _after_long_lie(
        "red_flag_long_lie_with_weakness",
        "leg_weakness_worsening",
        YES,
        now="a leg getting weaker",
        finding="weakness getting worse",
    ),
    _after_long_lie(
        "red_flag_long_lie_with_deficit",
        "neuro_deficit",
        YES,
        now="a loss of power, feeling or reflexes found on examination",
        finding="a neurological deficit on examination",
    ),
    _after_long_lie(
        "red_flag_long_lie_unwell",
        "fever_or_unwell",
        YES,
        now="feeling unwell all over",
        finding="feeling unwell all over",
    ),
    _after_long_lie(
        "red_flag_long_lie_severe_pain",
        "pain_severity",
        SEVERE_PAIN,
        now="severe pain",
        finding="severe pain",
    ),
    # Neurological deficit.
    Flag(
        rule="red_flag_leg_weakness_worsening",
        id="leg_weakness_worsening",
        when={"leg_weakness_worsening": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.LUMBAR_RADICULOPATHY,
        message="Weakness of the leg or foot that is getting worse means a nerve may be under pressure. "
        "See a doctor today.",
        source=brief("§4.2 progressive neuro deficit: NHS Lothian RefHelp"),
        rationale="Progressive weakness needs a doctor within 24 hours (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_worsening_weakness_with_deficit",
        id="worsening_weakness_with_deficit",
        when={"leg_weakness_worsening": YES, "neuro_deficit": YES},
        level=Level.EMERGENCY,
        condition=Condition.LUMBAR_RADICULOPATHY,
        message="Worsening weakness with a deficit found on examination needs urgent specialist "
        "assessment. Go to an emergency department now.",
        source=brief("§4.2 progressive or severe neuro deficit: discuss with on-call neurosurgery"),
        rationale="A confirmed, progressing deficit is the severe end of the emergency range (clinical facts §4.2).",
    ),
    # Infection.
    Flag(
        rule="red_flag_fever_or_unwell",
        id="fever_or_unwell",
        when={"fever_or_unwell": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.INFECTION,
        message="Fever or feeling unwell with this pain can be a sign of infection. See a doctor today.",
        source=estimate(
            "Fever alone with buttock pain has many benign causes, but a bone or joint infection "
            "must be excluded promptly; clinical facts §4.2 send fever with risk factors to emergency."
        ),
        rationale="Fever with musculoskeletal pain needs same-day assessment.",
    ),
    Flag(
        rule="red_flag_fever_with_infection_risk",
        id="fever_with_infection_risk",
        when={"fever_or_unwell": YES, "infection_risk": YES},
        level=Level.EMERGENCY,
        condition=Condition.INFECTION,
        message="Fever with weakened immunity, diabetes, drug injection or a recent infection or "
        "operation can mean a serious infection. Go to an emergency department now.",
        source=INFECTION,
        rationale="Fever plus an infection risk factor: emergency (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_fever_cannot_bear_weight",
        id="fever_cannot_bear_weight",
        when={"fever_or_unwell": YES, "cannot_bear_weight": YES},
        level=Level.EMERGENCY,
        condition=Condition.INFECTION,
        message="Fever with being unable to stand on the leg can mean a joint or bone infection. "
        "Go to an emergency department now.",
        source=INFECTION,
        rationale="Fever with inability to bear weight points to infection (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_fever_with_worsening_pain",
        id="fever_with_worsening_pain",
        when={"fever_or_unwell": YES, "worse_with_rest": YES},
        level=Level.EMERGENCY,
        condition=Condition.INFECTION,
        message="Fever or feeling unwell with pain that keeps getting worse despite rest can mean an "
        "infection of a joint or bone of the pelvis. Go to an emergency department now.",
        source=estimate(
            "The brief sends suspected infection to emergency (§4.2: fever, feeling systemically "
            "unwell). A passing fever does not make pain worse despite rest: with both, the "
            "infection picture is no longer a benign fever (septic sacroiliitis in a footballer "
            "whose pain worsened despite treatment and who then became febrile, Guin 2026)."
        ),
        rationale="Fever with pain worsening despite rest points to a joint or bone infection.",
    ),
    Flag(
        rule="red_flag_fever_with_cancer_history",
        id="fever_with_cancer_history",
        when={"fever_or_unwell": YES, "cancer_history": YES},
        level=Level.EMERGENCY,
        condition=Condition.INFECTION,
        message="Fever or feeling unwell with this pain after a cancer or its treatment can mean a "
        "serious infection. Go to an emergency department now.",
        source=estimate(
            "Cancer and its treatment weaken immunity, a risk factor of the infection row of the "
            "brief (§4.2; the infection_risk question already counts chemotherapy); fever with a "
            "risk factor is an emergency there (sacroiliitis and gluteal abscess after prostate "
            "cancer surgery, Llop Vilaltella 2015)."
        ),
        rationale="Fever with a cancer history: an infection risk factor with fever (§4.2).",
    ),
    Flag(
        rule="red_flag_fever_with_walking_difficulty",
        id="fever_with_walking_difficulty",
        when={"fever_or_unwell": YES, "walking_difficulty": YES},
        level=Level.EMERGENCY,
        condition=Condition.INFECTION,
        message="Fever or feeling unwell with a limp or difficulty walking can mean an infection in a "
        "joint or bone of the hip or pelvis. Go to an emergency department now.",
        source=estimate(
            "The brief sends suspected infection to emergency (§4.2: fever, feeling systemically "
            "unwell; acute severe pain with inability to bear weight). A febrile person who can "
            "still stand but limps has the same picture short of its extreme, and a benign fever "
            "does not explain a limp (pyogenic sacroiliitis at 19, Kadir 2004)."
        ),
        rationale="Fever with difficulty walking points to a joint or bone infection.",
    ),
    Flag(
        rule="red_flag_fever_in_child",
        id="fever_in_child",
        when={"fever_or_unwell": YES, "age": CHILD},
        level=Level.EMERGENCY,
        condition=Condition.INFECTION,
        message="A child or teenager with fever and hip or buttock pain must be checked for a joint or "
        "bone infection today. Go to an emergency department now.",
        source=brief("docs/contract.md §2 fever_or_unwell; §4.2 infection, especially in children"),
        rationale="Septic arthritis or osteomyelitis must be excluded the same day in under-18s.",
    ),
    # Fracture and weight bearing.
    Flag(
        rule="red_flag_cannot_bear_weight",
        id="cannot_bear_weight",
        when={"cannot_bear_weight": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.FRACTURE,
        message="Not being able to stand or walk on the leg can mean a fracture, an infection or a torn "
        "tendon. Get it checked today.",
        source=estimate(
            "Inability to bear weight alone needs same-day imaging or examination; with trauma, "
            "fever or in a child it is an emergency (rows below)."
        ),
        rationale="Inability to bear weight: fracture, infection or avulsion (contract §2).",
    ),
    Flag(
        rule="red_flag_trauma_cannot_bear_weight",
        id="trauma_cannot_bear_weight",
        when={"major_trauma": YES, "cannot_bear_weight": YES},
        level=Level.EMERGENCY,
        condition=Condition.FRACTURE,
        message="After a significant fall or accident, not being able to stand on the leg can mean a "
        "broken bone. Go to an emergency department now.",
        source=FRACTURE,
        rationale="Trauma with inability to weight-bear: emergency (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_sudden_start_cannot_bear_weight",
        id="sudden_start_cannot_bear_weight",
        when={"sudden_onset": YES, "cannot_bear_weight": YES},
        level=Level.EMERGENCY,
        condition=Condition.FRACTURE,
        message="Pain that started at one moment and now stops you standing or walking on the leg "
        "can mean a broken bone or a torn tendon. Go to an emergency department now.",
        source=SUDDEN_INJURY,
        rationale="A sudden start is an injury; an injury with inability to bear weight is an "
        "emergency (clinical facts §4.2 fracture, §9.9).",
    ),
    Flag(
        rule="red_flag_child_cannot_bear_weight",
        id="child_cannot_bear_weight",
        when={"cannot_bear_weight": YES, "age": CHILD},
        level=Level.EMERGENCY,
        condition=Condition.INFECTION,
        message="A child or teenager who cannot stand on the leg needs to be seen today to rule out an "
        "infection or fracture. Go to an emergency department now.",
        source=INFECTION,
        rationale="Acute pain with inability to bear weight in children (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_major_trauma",
        id="major_trauma",
        when={"major_trauma": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.FRACTURE,
        message="Pain that began after a significant fall or accident may come from a broken bone. "
        "Get it checked today.",
        source=estimate(
            "Significant trauma is the first fracture trigger (clinical facts §4.2); when the person can still "
            "bear weight, same-day assessment rather than emergency care is proportionate."
        ),
        rationale="Pain after significant trauma: possible fracture (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_trauma_with_osteoporosis",
        id="trauma_with_osteoporosis",
        when={"major_trauma": YES, "osteoporosis": YES},
        level=Level.EMERGENCY,
        condition=Condition.FRACTURE,
        message="A fall or accident with thin bones or long-term steroids can break the hip or pelvis. "
        "Go to an emergency department now.",
        source=estimate(
            "Osteoporosis or steroid use with trauma makes a hip or pelvic fracture likely "
            "(clinical facts §4.2 fracture risk factors); such fractures need emergency imaging."
        ),
        rationale="Fragility fracture risk after trauma.",
    ),
    # Malignancy: cancer history with other signs within 24 hours; with neurology, emergency.
    Flag(
        rule="red_flag_cancer_with_night_pain",
        id="cancer_with_night_pain",
        when={"cancer_history": YES, "night_pain": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.MALIGNANCY,
        message="Night pain after a cancer needs to be checked soon. See a doctor within 24 hours.",
        source=MALIGNANCY,
        rationale="Cancer history with night pain: urgent review (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_cancer_with_weight_loss",
        id="cancer_with_weight_loss",
        when={"cancer_history": YES, "weight_loss": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.MALIGNANCY,
        message="Unexplained weight loss after a cancer needs to be checked soon. See a doctor within "
        "24 hours.",
        source=MALIGNANCY,
        rationale="Cancer history with weight loss: urgent review (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_cancer_with_mass",
        id="cancer_with_mass",
        when={"cancer_history": YES, "palpable_mass": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.MALIGNANCY,
        message="A new lump after a cancer needs to be checked soon. See a doctor within 24 hours.",
        source=MALIGNANCY,
        rationale="Cancer history with a lump: urgent review (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_cancer_with_worsening_weakness",
        id="cancer_with_worsening_weakness",
        when={"cancer_history": YES, "leg_weakness_worsening": YES},
        level=Level.EMERGENCY,
        condition=Condition.MALIGNANCY,
        message="Worsening weakness after a cancer can mean pressure on the spinal cord or nerves. "
        "Go to an emergency department now.",
        source=MALIGNANCY,
        rationale="Known cancer with new neurological signs: MSCC pathway, emergency.",
    ),
    Flag(
        rule="red_flag_mass_with_night_pain",
        id="mass_with_night_pain",
        when={"palpable_mass": YES, "night_pain": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.MALIGNANCY,
        message="A lump with pain at night should be checked soon. See a doctor within 24 hours.",
        source=estimate(
            "A palpable mass with non-mechanical night pain is the tumour picture of clinical facts §3 "
            "(schwannoma, sarcoma); it warrants the same urgency as cancer history with a lump."
        ),
        rationale="Mass plus night pain suggests a tumour.",
    ),
    Flag(
        rule="red_flag_weight_loss_with_night_pain",
        id="weight_loss_with_night_pain",
        when={"weight_loss": YES, "night_pain": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.MALIGNANCY,
        message="Losing weight without trying, with pain that wakes you at night, should be checked "
        "soon. See a doctor within 24 hours.",
        source=estimate(
            "Clinical facts §4.2 malignancy lists unexplained weight loss and pain at night that "
            "does not ease among its features, with consultation_24 or an urgent referral within "
            "days when there is no neurological emergency. Each alone is common and stays a "
            "routine appointment here; the two together are the tumour picture, as a lump with "
            "night pain is (a 65-year-old with a month of sciatica worsening day and night, "
            "weight loss and renal carcinoma metastases, Hopkinson 1999)."
        ),
        rationale="Unexplained weight loss with night pain suggests a tumour.",
    ),
    Flag(
        rule="red_flag_palpable_mass",
        id="palpable_mass",
        when={"palpable_mass": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.MALIGNANCY,
        message="A lump in the buttock or back of the thigh needs to be checked soon. See a doctor "
        "within 24 hours.",
        source=brief(
            "§4.2 malignancy: a lump that can be felt; otherwise consultation_24 or an urgent "
            "referral within days (NICE CKS)"
        ),
        rationale="A lump that can be felt is a malignancy trigger: urgent review (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_weight_loss",
        id="weight_loss",
        when={"weight_loss": YES},
        level=Level.CONSULTATION,
        condition=Condition.MALIGNANCY,
        message="Losing weight without trying should be checked by your GP.",
        source=brief("§4.2 malignancy triggers: unexplained weight loss"),
        rationale="Unexplained weight loss is a malignancy trigger.",
    ),
    Flag(
        rule="red_flag_night_pain",
        id="night_pain",
        when={"night_pain": YES},
        level=Level.CONSULTATION,
        condition=Condition.MALIGNANCY,
        message="Pain that wakes you at night and does not ease with moving is unusual for a tendon "
        "problem and should be checked.",
        source=brief(
            "§4.2 malignancy and infection triggers: night or rest pain that does not ease"
        ),
        rationale="Non-mechanical night pain.",
    ),
    Flag(
        rule="red_flag_worse_with_rest",
        id="worse_with_rest",
        when={"worse_with_rest": YES},
        level=Level.CONSULTATION,
        condition=Condition.PROXIMAL_HAMSTRING_TENDINOPATHY,
        message="Pain that gets worse, or does not improve at all, despite rest needs a professional "
        "assessment: the cause may lie elsewhere, for example in the back.",
        source=article(
            "reader comment 1, author's reply: 'if it is not improving at all with rest, you "
            "need to see someone'"
        ),
        rationale="Not improving with rest is the article's signal to see someone.",
    ),
    # Acute avulsion: prompt assessment and MRI (repair within 6 weeks), not an emergency.
    Flag(
        rule="red_flag_suspected_avulsion",
        id="suspected_avulsion",
        when={"sudden_onset": YES, "felt_pop": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.HAMSTRING_AVULSION,
        message="A sudden start with a pop can mean the hamstring tendon has torn from the bone. It "
        "should be assessed within 24 hours: early repair gives the best results.",
        source=AVULSION,
        rationale="Sudden onset with a pop is the avulsion picture.",
    ),
    Flag(
        rule="red_flag_avulsion_with_bruising",
        id="avulsion_with_bruising",
        when={"sudden_onset": YES, "thigh_bruising": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.HAMSTRING_AVULSION,
        message="A sudden start with bruising down the back of the thigh can mean a torn tendon. It "
        "should be assessed within 24 hours.",
        source=AVULSION,
        rationale="Posterior thigh ecchymosis after a sudden onset (clinical facts §3).",
    ),
    Flag(
        rule="red_flag_hamstring_gap",
        id="hamstring_gap",
        when={"hamstring_gap_or_weakness": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.HAMSTRING_AVULSION,
        message="A gap below the sit bone or marked weakness bending the knee suggests a complete tear. "
        "It needs imaging and a surgical opinion promptly.",
        source=AVULSION,
        rationale="A palpable defect or weak knee flexion marks a complete avulsion.",
    ),
    Flag(
        rule="red_flag_adolescent_avulsion",
        id="adolescent_avulsion",
        when={"sudden_onset": YES, "age": APOPHYSIS_OPEN},
        level=Level.CONSULTATION_24,
        condition=Condition.APOPHYSEAL_AVULSION,
        message="In a young person, a sudden start of sit-bone pain can be a piece of bone pulled off "
        "with the tendon. It needs an X-ray of the pelvis within 24 hours.",
        source=brief(
            "§3 adolescent apophyseal avulsion: Rossi & Dragoni 2001; BMJ 2004 radiograph rule"
        ),
        rationale="Age 11-25 with a sudden onset: apophyseal avulsion until an X-ray says otherwise.",
    ),
    Flag(
        rule="red_flag_sudden_start_adult",
        id="sudden_start_adult",
        when={"sudden_onset": YES, "age": PAST_APOPHYSIS},
        level=Level.CONSULTATION_24,
        condition=Condition.HAMSTRING_AVULSION,
        message="Pain that started suddenly at one moment can mean the hamstring tendon has torn "
        "from the bone, even without bruising at first. It should be assessed within 24 hours: "
        "early repair gives the best results.",
        source=ADULT_AVULSION,
        rationale="From 26 a sudden start is an avulsion until an examination says otherwise, as "
        "it is at 11-25 (clinical facts §9.9).",
    ),
    Flag(
        rule="red_flag_adolescent_tender_sit_bone",
        id="adolescent_tender_sit_bone",
        when={"sit_bone_tender": YES, "age": CHILD},
        level=Level.CONSULTATION_24,
        condition=Condition.APOPHYSEAL_AVULSION,
        message="In a child or teenager, a tender sit bone needs an X-ray of the pelvis to rule out an "
        "injury to the growth area of the bone.",
        source=brief(
            "§3: an adolescent with ischial tenderness needs a pelvic radiograph (BMJ 2004)"
        ),
        rationale="Apophyseal avulsion can present insidiously (clinical facts §3).",
    ),
    # Stress fracture and vascular causes.
    Flag(
        rule="red_flag_stress_fracture",
        id="stress_fracture",
        when={"low_energy_or_amenorrhoea": YES, "hop_pain": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.STRESS_FRACTURE,
        message="Pain on hopping with missed periods, low food intake or earlier stress fractures can "
        "be a stress fracture. Stop running and get it checked within 24 hours.",
        source=brief("§3 stress fracture (Sports Health 2019; Kahanov 2011); §4.2 fracture"),
        rationale="Female-athlete-triad features with a positive hop test.",
    ),
    Flag(
        rule="red_flag_runner_hop_pain",
        id="runner_hop_pain",
        when={"runs_or_sprint_sport": YES, "hop_pain": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.STRESS_FRACTURE,
        message="In a runner, pain on hopping can be a stress fracture of the pelvis or thigh bone. "
        "Stop running and get it checked within 24 hours.",
        source=brief(
            "§3 stress fracture: runners, pain on weight-bearing or hopping (Kahanov 2011: a hop "
            "test found a sacral stress fracture in a man); §4.2 fracture: stress fracture"
        ),
        rationale="A positive hop test in a runner, whatever the sex or energy availability.",
    ),
    Flag(
        rule="red_flag_runner_walking_difficulty",
        id="runner_walking_difficulty",
        when={"runs_or_sprint_sport": YES, "walking_difficulty": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.STRESS_FRACTURE,
        message="In a runner, a limp or pain on walking can be a stress fracture of the hip or "
        "pelvis, which can break through if it is walked on. Stop running, keep weight off the leg "
        "as far as you can, and get it checked within 24 hours.",
        source=STRESS_FRACTURE_SAME_DAY,
        rationale="Weight-bearing pain in a runner: a femoral-neck or pelvic stress fracture "
        "until imaging says otherwise.",
    ),
    Flag(
        rule="red_flag_energy_deficiency_walking_difficulty",
        id="energy_deficiency_walking_difficulty",
        when={"low_energy_or_amenorrhoea": YES, "walking_difficulty": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.STRESS_FRACTURE,
        message="A limp or pain on walking with missed periods, low food intake or earlier stress "
        "fractures can be a stress fracture of the hip or pelvis. Keep weight off the leg as far "
        "as you can and get it checked within 24 hours.",
        source=STRESS_FRACTURE_SAME_DAY,
        rationale="Weight-bearing pain with relative energy deficiency: a stress fracture until "
        "imaging says otherwise.",
    ),
    Flag(
        rule="red_flag_cancer_with_worsening_pain",
        id="cancer_with_worsening_pain",
        when={"cancer_history": YES, "worse_with_rest": YES},
        level=Level.CONSULTATION_24,
        condition=Condition.MALIGNANCY,
        message="Pain that keeps getting worse despite rest, after a cancer, needs to be checked "
        "soon. See a doctor within 24 hours.",
        source=MALIGNANCY,
        rationale="Known or previous cancer with progressive pain: the MSCC criteria's urgent "
        "review (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_cancer_with_severe_pain",
        id="cancer_with_severe_pain",
        when={"cancer_history": YES, "pain_severity": SEVERE_PAIN},
        level=Level.CONSULTATION_24,
        condition=Condition.MALIGNANCY,
        message="Severe pain after a cancer needs to be checked soon. See a doctor within 24 hours.",
        source=MALIGNANCY,
        rationale="Known or previous cancer with severe pain (7 or more of 10): the MSCC "
        "criteria's urgent review (clinical facts §4.2).",
    ),
    Flag(
        rule="red_flag_young_night_pain",
        id="young_night_pain",
        when={"night_pain": YES, "age": UNDER_25},
        level=Level.CONSULTATION_24,
        condition=Condition.MALIGNANCY,
        message="In a child or young person, bone pain that wakes them at night needs an X-ray "
        "soon to rule out a bone tumour. See a doctor within 24 hours.",
        source=NG12_BONE,
        rationale="Unexplained bone pain in a child or young person: a very urgent X-ray "
        "(NICE NG12).",
    ),
    Flag(
        rule="red_flag_adolescent_sit_bone_pain",
        id="adolescent_sit_bone_pain",
        when={"sit_bone_pain": YES, "age": CHILD},
        level=Level.CONSULTATION_24,
        condition=Condition.APOPHYSEAL_AVULSION,
        message="In a child or teenager, pain at the sit bone needs an X-ray of the pelvis soon, "
        "to rule out an injury to the growth area of the bone. See a doctor within 24 hours.",
        source=NG12_BONE,
        rationale="Sit-bone pain under 18: apophyseal injury (which can start insidiously) or "
        "another bone cause until a radiograph says otherwise.",
    ),
    Flag(
        rule="red_flag_exertional_claudication",
        id="exertional_claudication",
        when={"exertional_cramp_relief": YES},
        level=Level.CONSULTATION,
        condition=Condition.VASCULAR_CLAUDICATION,
        message="Cramping pain during exercise that goes within minutes of stopping can come from the "
        "arteries. Ask your GP about a vascular check.",
        source=brief("§4.2 vascular claudication: consultation (AMSSM cases)"),
        rationale="Exertional pain relieved by rest within minutes.",
    ),
)

ON_ITS_OWN: frozenset[str] = frozenset(
    next(iter(flag.when)) for flag in FLAGS if len(flag.when) == 1
)
"""The items whose "yes" is a red flag with no other answer: a text may rule them in, never out
(contract §7), and each counts against tendinopathy (clinical facts §9.5)."""


class RedFlagRules(KnowledgeEngine):  # type: ignore[misc]
    """Red flags (clinical facts §4): each rule declares a red flag with the level it forces."""


attach_rules(
    RedFlagRules,
    {
        flag.rule: generated_rule(
            flag.rule,
            (when(**flag.when),),
            (
                (
                    RedFlag,
                    {
                        "id": flag.id,
                        "level": flag.level,
                        "condition": flag.condition,
                        "message": flag.message,
                    },
                ),
            ),
            f"{flag.rationale} Forces at least {flag.level.value}.",
            flag.source,
        )
        for flag in FLAGS
    },
)
