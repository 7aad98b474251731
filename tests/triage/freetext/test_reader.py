"""`triage.freetext.parse`: what a careful reader takes from a person's own words (contract §7)."""

from __future__ import annotations

import pytest

from rules.vocabulary import RED_FLAG_QUESTIONS
from triage.errors import TextTooLongError
from triage.freetext import MAX_TEXT_CHARS, Reading, parse


def _statuses(reading: Reading) -> dict[str, set[tuple[object, str]]]:
    found: dict[str, set[tuple[object, str]]] = {}
    for mention in reading.mentions:
        found.setdefault(mention.id, set()).add((mention.value, mention.status.value))
    return found


def test_the_issues_first_message_gives_its_answers_and_keeps_the_fever() -> None:
    text = (
        "deep ache in my sit bone for two months, worse sitting, no numbness, but I've had a fever"
    )
    reading = parse(text)
    assert reading.answers == {
        "fever_or_unwell": "yes",
        "duration_weeks": 8.7,
        "sit_bone_pain": "yes",
        "leg_tingling": "no",
        "sitting_pain": "yes",
    }


def test_a_negation_stops_at_but_and_reaches_the_next_clause_no_further() -> None:
    found = _statuses(parse("No back pain but I do get tingling in my foot."))
    assert found == {"back_pain": {("no", "negated")}, "leg_tingling": {("yes", "affirmed")}}


def test_a_negation_reaches_every_item_of_a_list_and_stops_at_a_clause_comma() -> None:
    found = _statuses(parse("No fever, chills or sweats, worse sitting."))
    assert found["fever_or_unwell"] == {("no", "negated")}
    assert found["sitting_pain"] == {("yes", "affirmed")}


def test_a_negation_inside_the_gap_of_a_phrase_denies_it() -> None:
    assert parse("Sitting doesn't hurt.").answers == {"sitting_pain": "no"}


def test_a_negative_word_that_is_part_of_the_phrase_states_it() -> None:
    assert parse("says she can't feel it when she wipes").answers == {"saddle_numbness": "yes"}
    assert parse("I can't put any weight on my leg").answers == {"cannot_bear_weight": "yes"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Not sure if I felt a pop.", "uncertain"),
        ("Maybe a bit of numbness in my groin.", "uncertain"),
        ("Could this be cancer?", "hypothetical"),
        ("If I get a fever should I go to hospital?", "hypothetical"),
        ("My mum had cancer.", "other_person"),
        ("Cancer runs in my family.", "other_person"),
        ("I used to get back pain.", "historical"),
    ],
)
def test_doubt_fear_another_person_and_the_past_propose_nothing(text: str, status: str) -> None:
    reading = parse(text)
    assert [m.status.value for m in reading.mentions] == [status]
    assert reading.answers == {}


def test_a_scope_about_another_person_stops_where_the_person_speaks_of_themself() -> None:
    assert parse("My wife says I've lost weight.").answers == {"weight_loss": "yes"}


def test_a_past_cancer_is_still_cancer_history_but_past_back_pain_is_not_back_pain() -> None:
    assert parse("I had breast cancer five years ago.").answers == {"cancer_history": "yes"}
    assert parse("When I was younger I had back pain.").answers == {}


def test_a_denied_red_flag_is_reported_but_never_answered_no() -> None:
    reading = parse("No saddle numbness, no fever, no chest pain, I can walk fine.")
    denied = {m.id for m in reading.mentions if m.status.value == "negated"}
    assert {"saddle_numbness", "fever_or_unwell", "breathless_or_chest_pain"} <= denied
    assert not set(reading.answers) & {q.value for q in RED_FLAG_QUESTIONS}


def test_a_red_flag_stated_once_is_yes_even_if_denied_elsewhere() -> None:
    reading = parse("I don't have a fever. Actually I had a fever last night.")
    assert reading.answers["fever_or_unwell"] == "yes"


def test_an_ordinary_item_stated_both_ways_is_left_to_be_asked() -> None:
    assert "back_pain" not in parse("No back pain. My lower back aches.").answers


def test_a_longer_phrase_of_another_item_wins_over_the_words_inside_it() -> None:
    found = _statuses(parse("There's numbness around my groin and inner thighs."))
    assert set(found) == {"saddle_numbness"}


def test_each_mention_points_at_its_words_in_the_text_as_written() -> None:
    text = "Ive had a FEAVER and chills"
    reading = parse(text)
    fever = reading.mentions[0]
    assert (fever.id, fever.text) == ("fever_or_unwell", "FEAVER")
    assert text[fever.start : fever.end] == "FEAVER"


def test_the_worst_pain_score_and_the_first_duration_are_the_answers() -> None:
    reading = parse("Usually about a 3, but sitting makes it about a 6. It's been 5 weeks.")
    assert reading.answers["pain_severity"] == 6
    assert reading.answers["duration_weeks"] == 5


def test_age_and_sex_are_read_from_the_person_not_from_someone_else() -> None:
    reading = parse("I'm a 34 year old woman. My son is 8 years old.")
    assert (reading.age, reading.sex) == (34, "female")


def test_nothing_to_read_gives_nothing() -> None:
    reading = parse("Hello, can you help me? Thanks.")
    assert reading.mentions == ()
    assert (reading.answers, reading.age, reading.sex) == ({}, None, None)


def test_a_text_over_the_limit_is_refused_not_cut() -> None:
    with pytest.raises(TextTooLongError, match=str(MAX_TEXT_CHARS)):
        parse("a" * (MAX_TEXT_CHARS + 1))


def test_the_reading_as_json_data_has_the_contract_shape() -> None:
    data = parse("Pain 7/10 at my sit bone").as_dict()
    assert set(data) == {"mentions", "answers", "age", "sex"}
    assert set(data["mentions"][0]) == {"id", "value", "status", "start", "end", "text"}


def test_a_denial_about_another_person_keeps_its_value_and_proposes_nothing() -> None:
    reading = parse("Nobody in my family has had cancer.")
    [mention] = reading.mentions
    assert (mention.value, mention.status.value) == ("no", "other_person")
    assert reading.answers == {}


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        ("My hip clunks when I walk.", {"hip_snapping": "yes"}),
        ("There's a clicking deep in my buttock when I lift the leg.", {"hip_snapping": "yes"}),
        ("No clicking or clunking anywhere.", {"hip_snapping": "no"}),
        ("I had a hip replacement in 2019.", {"hip_surgery": "yes"}),
        ("I've never had an operation.", {"hip_surgery": "no"}),
    ],
)
def test_a_clunking_hip_and_a_hip_operation_are_read(text: str, answers: dict[str, str]) -> None:
    assert parse(text).answers == answers


def test_a_snap_felt_at_the_moment_of_injury_is_a_pop_not_a_snapping_hip() -> None:
    assert set(_statuses(parse("I felt a snap in my buttock while sprinting."))) >= {"felt_pop"}
    assert "hip_snapping" not in parse("I felt a snap in my buttock while sprinting.").answers


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        ("My left buttock is swollen and hot.", {"buttock_swelling": "yes"}),
        ("There is redness and swelling on my right buttock.", {"buttock_swelling": "yes"}),
        ("My glute pain eases when I warm up.", {"eases_with_warmup": "yes"}),
        ("I lay on the floor for three hours after I fell.", {"long_lie": "yes"}),
        ("I passed out and was found on the kitchen floor.", {"long_lie": "yes"}),
        ("I couldn't get up for hours.", {"long_lie": "yes"}),
    ],
)
def test_a_swollen_buttock_and_a_long_lie_are_read(text: str, answers: dict[str, str]) -> None:
    assert parse(text).answers == answers


def test_a_lump_in_the_buttock_stays_a_lump() -> None:
    assert parse("I have a lump in my buttock.").answers == {"palpable_mass": "yes"}


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("No swelling in my buttock.", "buttock_swelling"),
        ("I never lay on the floor for hours.", "long_lie"),
    ],
)
def test_a_red_flag_of_its_own_is_never_ruled_out_by_a_text(text: str, item: str) -> None:
    # Contract §7: a red flag the text denies is still asked; a yes alone to either is a red flag.
    assert item not in parse(text).answers
