"""Red flags: answers that force a minimum triage level whatever the likelihood (brief §4).

Each row is one rule. Its level is a floor: the final level is the most urgent of all floors, so a
red flag can only ever make the triage more urgent, never less. Combinations that the brief
escalates (fever with infection risk, chest symptoms with a swollen leg, cancer history with night
pain, ...) have rows of their own, next to the single answers they build on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from experta import KnowledgeEngine

from rules.base import (
    RedFlag,
    Source,
    article,
    brief,
    estimate,
    generated_rule,
    install,
    predicate,
    when,
)
from triage.scale import Condition, Level
from triage.vocabulary import YES

CHILD = predicate("under 18", lambda age: age < 18)
"""Under 18: septic arthritis or osteomyelitis must be excluded the same day (contract §2)."""

APOPHYSIS_OPEN = predicate("11 to 25", lambda age: 11 <= age <= 25)
"""Roughly 11 to 25 years, while the ischial apophysis may be unfused (brief §3)."""

CES = brief("§4.2 cauda equina syndrome: NHS leaflets (Royal Free; Torbay & South Devon)")
INFECTION = brief("§4.2 infection: Yusuf, Finucane & Selfe 2019")
FRACTURE = brief("§4.2 fracture")
MALIGNANCY = brief("§4.2 malignancy: NHS Lothian MSCC criteria; NICE CKS sciatica red flags")
THROMBOSIS = brief("§4.2 DVT / PE: Theiss 2011; PE as the emergent exemplar in Semigran 2015")
AVULSION = brief("§3 and §4.2 acute hamstring avulsion: Subbu 2015 (repair within 6 weeks)")


@dataclass(frozen=True, slots=True)
class Flag:
    """One red-flag rule: when it applies, the level it forces, and what to tell the person."""

    id: str
    when: dict[str, Any]
    level: Level
    condition: Condition
    message: str
    source: Source
    rationale: str


FLAGS: tuple[Flag, ...] = (
    # Cauda equina syndrome: emergency (brief §4.2).
    Flag(
        "saddle_numbness",
        {"saddle_numbness": YES},
        Level.EMERGENCY,
        Condition.CAUDA_EQUINA_SYNDROME,
        "Numbness around the genitals or back passage can mean the nerves at the base of the "
        "spine are being squeezed (cauda equina syndrome). Go to an emergency department now.",
        CES,
        "Saddle numbness is a cardinal sign of cauda equina syndrome.",
    ),
    Flag(
        "bladder_bowel_change",
        {"bladder_bowel_change": YES},
        Level.EMERGENCY,
        Condition.CAUDA_EQUINA_SYNDROME,
        "New bladder or bowel trouble with back or leg pain can mean cauda equina syndrome. "
        "Go to an emergency department now.",
        CES,
        "New bladder or bowel dysfunction is a cardinal sign of cauda equina syndrome.",
    ),
    Flag(
        "both_legs_symptoms",
        {"both_legs_symptoms": YES},
        Level.EMERGENCY,
        Condition.CAUDA_EQUINA_SYNDROME,
        "Pain, numbness or weakness in both legs points to the spine and can mean cauda equina "
        "syndrome. Go to an emergency department now.",
        CES,
        "Sciatica on both sides or weakness in both legs sends a person to A&E (NHS).",
    ),
    # Thrombosis: a swollen leg is a same-day check; chest symptoms are an emergency.
    Flag(
        "breathless_or_chest_pain",
        {"breathless_or_chest_pain": YES},
        Level.EMERGENCY,
        Condition.PULMONARY_EMBOLISM,
        "New breathlessness or chest pain needs urgent assessment: it can be a blood clot in the "
        "lungs. Go to an emergency department now; call an ambulance if it is severe.",
        estimate(
            "New chest pain or breathlessness cannot be assessed remotely; PE is the brief's "
            "emergent exemplar (§4.2), so it goes to emergency even without a swollen leg."
        ),
        "Chest pain or breathlessness may be a pulmonary embolism.",
    ),
    Flag(
        "breathless_with_leg_swelling",
        {"breathless_or_chest_pain": YES, "calf_thigh_swelling": YES},
        Level.EMERGENCY_AMBULANCE,
        Condition.PULMONARY_EMBOLISM,
        "Breathlessness or chest pain with a swollen leg can mean a blood clot has reached the "
        "lungs. Call an ambulance now.",
        THROMBOSIS,
        "PE symptoms with signs of DVT: emergency_ambulance (brief §4.2).",
    ),
    Flag(
        "breathless_with_calf_pain",
        {"breathless_or_chest_pain": YES, "calf_pain": YES},
        Level.EMERGENCY_AMBULANCE,
        Condition.PULMONARY_EMBOLISM,
        "Breathlessness or chest pain with an aching calf can mean a blood clot has reached the "
        "lungs. Call an ambulance now.",
        THROMBOSIS,
        "Calf pain is a DVT sign; with chest symptoms it is treated as possible PE.",
    ),
    Flag(
        "calf_thigh_swelling",
        {"calf_thigh_swelling": YES},
        Level.CONSULTATION_24,
        Condition.DEEP_VEIN_THROMBOSIS,
        "A swollen, warm or red calf or thigh can be a blood clot (deep vein thrombosis) and "
        "should be checked today.",
        THROMBOSIS,
        "Suspected DVT: same-day assessment (brief §4.2).",
    ),
    # Neurological deficit.
    Flag(
        "leg_weakness_worsening",
        {"leg_weakness_worsening": YES},
        Level.CONSULTATION_24,
        Condition.LUMBAR_RADICULOPATHY,
        "Weakness of the leg or foot that is getting worse means a nerve may be under pressure. "
        "See a doctor today.",
        brief("§4.2 progressive neuro deficit: NHS Lothian RefHelp"),
        "Progressive weakness needs a doctor within 24 hours (brief §4.2).",
    ),
    Flag(
        "worsening_weakness_with_deficit",
        {"leg_weakness_worsening": YES, "neuro_deficit": YES},
        Level.EMERGENCY,
        Condition.LUMBAR_RADICULOPATHY,
        "Worsening weakness with a deficit found on examination needs urgent specialist "
        "assessment. Go to an emergency department now.",
        brief("§4.2 progressive or severe neuro deficit: discuss with on-call neurosurgery"),
        "A confirmed, progressing deficit is the severe end of the brief's emergency range.",
    ),
    # Infection.
    Flag(
        "fever_or_unwell",
        {"fever_or_unwell": YES},
        Level.CONSULTATION_24,
        Condition.INFECTION,
        "Fever or feeling unwell with this pain can be a sign of infection. See a doctor today.",
        estimate(
            "Fever alone with buttock pain has many benign causes, but a bone or joint infection "
            "must be excluded promptly; the brief sends fever with risk factors to emergency."
        ),
        "Fever with musculoskeletal pain needs same-day assessment.",
    ),
    Flag(
        "fever_with_infection_risk",
        {"fever_or_unwell": YES, "infection_risk": YES},
        Level.EMERGENCY,
        Condition.INFECTION,
        "Fever with weakened immunity, diabetes, drug injection or a recent infection or "
        "operation can mean a serious infection. Go to an emergency department now.",
        INFECTION,
        "Fever plus an infection risk factor: emergency (brief §4.2).",
    ),
    Flag(
        "fever_cannot_bear_weight",
        {"fever_or_unwell": YES, "cannot_bear_weight": YES},
        Level.EMERGENCY,
        Condition.INFECTION,
        "Fever with being unable to stand on the leg can mean a joint or bone infection. "
        "Go to an emergency department now.",
        INFECTION,
        "Fever with inability to bear weight points to infection (brief §4.2).",
    ),
    Flag(
        "fever_in_child",
        {"fever_or_unwell": YES, "age": CHILD},
        Level.EMERGENCY,
        Condition.INFECTION,
        "A child or teenager with fever and hip or buttock pain must be checked for a joint or "
        "bone infection today. Go to an emergency department now.",
        brief("Contract §2 fever_or_unwell; §4.2 infection, especially in children"),
        "Septic arthritis or osteomyelitis must be excluded the same day in under-18s.",
    ),
    # Fracture and weight bearing.
    Flag(
        "cannot_bear_weight",
        {"cannot_bear_weight": YES},
        Level.CONSULTATION_24,
        Condition.FRACTURE,
        "Not being able to stand or walk on the leg can mean a fracture, an infection or a torn "
        "tendon. Get it checked today.",
        estimate(
            "Inability to bear weight alone needs same-day imaging or examination; with trauma, "
            "fever or in a child it is an emergency (rows below)."
        ),
        "Inability to bear weight: fracture, infection or avulsion (contract §2).",
    ),
    Flag(
        "trauma_cannot_bear_weight",
        {"major_trauma": YES, "cannot_bear_weight": YES},
        Level.EMERGENCY,
        Condition.FRACTURE,
        "After a significant fall or accident, not being able to stand on the leg can mean a "
        "broken bone. Go to an emergency department now.",
        FRACTURE,
        "Trauma with inability to weight-bear: emergency (brief §4.2).",
    ),
    Flag(
        "child_cannot_bear_weight",
        {"cannot_bear_weight": YES, "age": CHILD},
        Level.EMERGENCY,
        Condition.INFECTION,
        "A child or teenager who cannot stand on the leg needs to be seen today to rule out an "
        "infection or fracture. Go to an emergency department now.",
        INFECTION,
        "Acute pain with inability to bear weight in children (brief §4.2).",
    ),
    Flag(
        "major_trauma",
        {"major_trauma": YES},
        Level.CONSULTATION_24,
        Condition.FRACTURE,
        "Pain that began after a significant fall or accident may come from a broken bone. "
        "Get it checked today.",
        estimate(
            "Significant trauma is the brief's first fracture trigger; when the person can still "
            "bear weight, same-day assessment rather than emergency care is proportionate."
        ),
        "Pain after significant trauma: possible fracture (brief §4.2).",
    ),
    Flag(
        "trauma_with_osteoporosis",
        {"major_trauma": YES, "osteoporosis": YES},
        Level.EMERGENCY,
        Condition.FRACTURE,
        "A fall or accident with thin bones or long-term steroids can break the hip or pelvis. "
        "Go to an emergency department now.",
        estimate(
            "Osteoporosis or steroid use with trauma makes a hip or pelvic fracture likely "
            "(brief §4.2 fracture risk factors); such fractures need emergency imaging."
        ),
        "Fragility fracture risk after trauma.",
    ),
    # Malignancy: cancer history with other signs within 24 hours; with neurology, emergency.
    Flag(
        "cancer_with_night_pain",
        {"cancer_history": YES, "night_pain": YES},
        Level.CONSULTATION_24,
        Condition.MALIGNANCY,
        "Night pain after a cancer needs to be checked soon. See a doctor within 24 hours.",
        MALIGNANCY,
        "Cancer history with night pain: urgent review (brief §4.2).",
    ),
    Flag(
        "cancer_with_weight_loss",
        {"cancer_history": YES, "weight_loss": YES},
        Level.CONSULTATION_24,
        Condition.MALIGNANCY,
        "Unexplained weight loss after a cancer needs to be checked soon. See a doctor within "
        "24 hours.",
        MALIGNANCY,
        "Cancer history with weight loss: urgent review (brief §4.2).",
    ),
    Flag(
        "cancer_with_mass",
        {"cancer_history": YES, "palpable_mass": YES},
        Level.CONSULTATION_24,
        Condition.MALIGNANCY,
        "A new lump after a cancer needs to be checked soon. See a doctor within 24 hours.",
        MALIGNANCY,
        "Cancer history with a lump: urgent review (brief §4.2).",
    ),
    Flag(
        "cancer_with_worsening_weakness",
        {"cancer_history": YES, "leg_weakness_worsening": YES},
        Level.EMERGENCY,
        Condition.MALIGNANCY,
        "Worsening weakness after a cancer can mean pressure on the spinal cord or nerves. "
        "Go to an emergency department now.",
        MALIGNANCY,
        "Known cancer with new neurological signs: MSCC pathway, emergency.",
    ),
    Flag(
        "mass_with_night_pain",
        {"palpable_mass": YES, "night_pain": YES},
        Level.CONSULTATION_24,
        Condition.MALIGNANCY,
        "A lump with pain at night should be checked soon. See a doctor within 24 hours.",
        estimate(
            "A palpable mass with non-mechanical night pain is the brief's tumour picture "
            "(schwannoma, sarcoma); it warrants the same urgency as cancer history with a lump."
        ),
        "Mass plus night pain suggests a tumour.",
    ),
    Flag(
        "palpable_mass",
        {"palpable_mass": YES},
        Level.CONSULTATION,
        Condition.MALIGNANCY,
        "A lump in the buttock or back of the thigh should always be examined. Book an "
        "appointment with your GP.",
        brief("§3 tumour (sciatic schwannoma, Ewing sarcoma): palpable mass"),
        "Any new lump needs examination.",
    ),
    Flag(
        "weight_loss",
        {"weight_loss": YES},
        Level.CONSULTATION,
        Condition.MALIGNANCY,
        "Losing weight without trying should be checked by your GP.",
        brief("§4.2 malignancy triggers: unexplained weight loss"),
        "Unexplained weight loss is a malignancy trigger.",
    ),
    Flag(
        "night_pain",
        {"night_pain": YES},
        Level.CONSULTATION,
        Condition.MALIGNANCY,
        "Pain that wakes you at night and does not ease with moving is unusual for a tendon "
        "problem and should be checked.",
        brief("§4.2 malignancy and infection triggers: night or rest pain that does not ease"),
        "Non-mechanical night pain.",
    ),
    Flag(
        "worse_with_rest",
        {"worse_with_rest": YES},
        Level.CONSULTATION,
        Condition.PROXIMAL_HAMSTRING_TENDINOPATHY,
        "Pain that gets worse, or does not improve at all, despite rest needs a professional "
        "assessment: the cause may lie elsewhere, for example in the back.",
        article(
            "reader comment 1, author's reply: 'if it is not improving at all with rest, you "
            "need to see someone'"
        ),
        "Not improving with rest is the article's signal to see someone.",
    ),
    # Acute avulsion: prompt assessment and MRI (repair within 6 weeks), not an emergency.
    Flag(
        "suspected_avulsion",
        {"sudden_onset": YES, "felt_pop": YES},
        Level.CONSULTATION_24,
        Condition.HAMSTRING_AVULSION,
        "A sudden start with a pop can mean the hamstring tendon has torn from the bone. It "
        "should be assessed within 24 hours: early repair gives the best results.",
        AVULSION,
        "Sudden onset with a pop is the avulsion picture.",
    ),
    Flag(
        "avulsion_with_bruising",
        {"sudden_onset": YES, "thigh_bruising": YES},
        Level.CONSULTATION_24,
        Condition.HAMSTRING_AVULSION,
        "A sudden start with bruising down the back of the thigh can mean a torn tendon. It "
        "should be assessed within 24 hours.",
        AVULSION,
        "Posterior thigh ecchymosis after a sudden onset (brief §3).",
    ),
    Flag(
        "hamstring_gap",
        {"hamstring_gap_or_weakness": YES},
        Level.CONSULTATION_24,
        Condition.HAMSTRING_AVULSION,
        "A gap below the sit bone or marked weakness bending the knee suggests a complete tear. "
        "It needs imaging and a surgical opinion promptly.",
        AVULSION,
        "A palpable defect or weak knee flexion marks a complete avulsion.",
    ),
    Flag(
        "adolescent_avulsion",
        {"sudden_onset": YES, "age": APOPHYSIS_OPEN},
        Level.CONSULTATION_24,
        Condition.APOPHYSEAL_AVULSION,
        "In a young person, a sudden start of sit-bone pain can be a piece of bone pulled off "
        "with the tendon. It needs an X-ray of the pelvis within 24 hours.",
        brief("§3 adolescent apophyseal avulsion: Rossi & Dragoni 2001; BMJ 2004 radiograph rule"),
        "Age 11-25 with a sudden onset: apophyseal avulsion until an X-ray says otherwise.",
    ),
    Flag(
        "adolescent_tender_sit_bone",
        {"sit_bone_tender": YES, "age": CHILD},
        Level.CONSULTATION_24,
        Condition.APOPHYSEAL_AVULSION,
        "In a child or teenager, a tender sit bone needs an X-ray of the pelvis to rule out an "
        "injury to the growth area of the bone.",
        brief("§3: an adolescent with ischial tenderness needs a pelvic radiograph (BMJ 2004)"),
        "Apophyseal avulsion can present insidiously (brief §3).",
    ),
    # Stress fracture and vascular causes.
    Flag(
        "stress_fracture",
        {"low_energy_or_amenorrhoea": YES, "hop_pain": YES},
        Level.CONSULTATION_24,
        Condition.STRESS_FRACTURE,
        "Pain on hopping with missed periods, low food intake or earlier stress fractures can "
        "be a stress fracture. Stop running and get it checked within 24 hours.",
        brief("§3 stress fracture (Sports Health 2019; Kahanov 2011); §4.2 fracture"),
        "Female-athlete-triad features with a positive hop test.",
    ),
    Flag(
        "exertional_claudication",
        {"exertional_cramp_relief": YES},
        Level.CONSULTATION,
        Condition.VASCULAR_CLAUDICATION,
        "Cramping pain during exercise that goes within minutes of stopping can come from the "
        "arteries. Ask your GP about a vascular check.",
        brief("§4.2 vascular claudication: consultation (AMSSM cases)"),
        "Exertional pain relieved by rest within minutes.",
    ),
)


def _rule_id(flag: Flag) -> str:
    return f"red_flag_{flag.id}"


class RedFlagRules(KnowledgeEngine):  # type: ignore[misc]
    """Red flags (brief §4): each rule declares a red flag with the level it forces."""


install(
    RedFlagRules,
    {
        _rule_id(flag): generated_rule(
            _rule_id(flag),
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
