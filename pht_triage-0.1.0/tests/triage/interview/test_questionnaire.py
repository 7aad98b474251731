"""The questionnaire: age, sex and every question, each with its field, kind, choices and text."""

from __future__ import annotations

from rules.vocabulary import QUESTIONS, Q
from triage.interview.questionnaire import PERSON_GROUP, item_by_id, items
from triage.texts import question_texts


def test_the_questionnaire_is_age_sex_then_every_question_in_order() -> None:
    assert [item.id for item in items()] == ["age", "sex", *(q.value for q in Q)]
    assert [item.order for item in items()] == list(range(len(items())))


def test_every_item_says_where_its_answer_goes_in_an_intake() -> None:
    assert item_by_id()["age"].field == "age"
    assert item_by_id()["sex"].field == "sex"
    assert all(item_by_id()[q.value].field == f"answers.{q.value}" for q in Q)


def test_every_item_has_a_text_and_a_reason_and_questions_use_the_locale_text() -> None:
    texts = question_texts()
    assert all(item.text and item.why for item in items())
    assert all(item_by_id()[q.value].text == texts[q].text for q in Q)


def test_kinds_choices_and_ranges_follow_the_vocabulary() -> None:
    for question in QUESTIONS.values():
        item = item_by_id()[question.id.value]
        assert item.group == question.group.value
        assert (item.minimum, item.maximum) == (question.minimum, question.maximum)
        if item.kind == "yes_no":
            assert item.choices == ("yes", "no", "unknown")
        else:
            assert item.choices is None
    assert item_by_id()["sex"].choices == ("female", "male", "other", "unknown")
    assert item_by_id()["age"].group == PERSON_GROUP
