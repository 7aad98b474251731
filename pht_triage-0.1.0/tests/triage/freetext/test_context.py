"""ConText scopes: where a trigger's reach stops."""

from __future__ import annotations

from triage.freetext import parse


def _status(text: str, qid: str) -> str:
    [mention] = [m for m in parse(text).mentions if m.id == qid]
    return mention.status.value


def test_a_list_closed_by_a_conjunction_carries_the_negation_to_its_last_item() -> None:
    assert _status("Denies fever, night sweats or weight loss.", "weight_loss") == "negated"


def test_a_comma_that_ends_a_clause_ends_the_negation() -> None:
    assert _status("No back pain, sitting hurts.", "sitting_pain") == "affirmed"


def test_a_terminating_word_ends_a_backward_trigger_too() -> None:
    assert (
        _status("My sit bone aches but the numbness has gone away.", "sit_bone_pain") == "affirmed"
    )
    assert _status("My sit bone aches but the numbness has gone away.", "leg_tingling") == "negated"


def test_a_pseudo_trigger_is_no_trigger() -> None:
    assert _status("Not only does sitting hurt, it aches at night.", "sitting_pain") == "affirmed"


def test_a_sentence_end_ends_every_scope() -> None:
    assert _status("I'm not sure. I had a fever.", "fever_or_unwell") == "affirmed"


def test_a_change_that_has_gone_somewhere_is_no_denial() -> None:
    assert parse("My thigh has gone swollen and red.").answers == {"calf_thigh_swelling": "yes"}


def test_a_clause_of_the_person_after_and_ends_a_list_negation() -> None:
    text = "Pain for 3 months, no tingling, no bladder issues, and I've had breast cancer."
    assert parse(text).answers["cancer_history"] == "yes"
