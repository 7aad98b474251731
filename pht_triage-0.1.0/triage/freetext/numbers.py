"""Numbers people write: how long the pain has lasted (in weeks), how bad it is, age and sex.

Durations: "a fortnight", "10 days", "2-3 months", "a year and a half", "since about six weeks", and
the clinical "3/12" (three months) and "2/52" (two weeks). A range is read at its longer end, so that
a duration never looks more recent than the person said. Pain: "7/10", "seven out of ten", "about a
6" (in a sentence about pain); the worst score stated is the one taken, as the question asks for
the worst pain. Words and units come from the language's lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rules.vocabulary import Q
from triage.freetext.lexicon import Lexicon, Numbers, lexicon
from triage.freetext.phrases import alternation

_CLINICAL_FRACTION = {"7": 1 / 7, "52": 1.0, "12": 52.14 / 12}
"""The clinical shorthand n/7 (days), n/52 (weeks), n/12 (months), in weeks."""


@dataclass(frozen=True, slots=True)
class Found:
    """A number found in the text: the question or field it answers, its value and place."""

    field: str
    value: float | str
    """A number; for `sex`, "female" or "male"."""
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Patterns:
    duration: re.Pattern[str]
    clinical: re.Pattern[str]
    pain_scale: re.Pattern[str]
    pain_before: re.Pattern[str]
    pain_cue: re.Pattern[str]
    excluded: re.Pattern[str]
    age: re.Pattern[str]
    sex: re.Pattern[str]


@cache
def _patterns(language: str) -> _Patterns:
    words = lexicon(language).numbers
    number = rf"(?:\d+(?:[.,]\d+)?|{alternation(list(words.words))})"
    ten = rf"(?:10|[0-9](?:\.5)?|{alternation([w for w, v in words.words.items() if v <= 10 and v == int(v) and len(w) > 2])})"
    half = alternation(list(words.half))
    ranges = alternation(list(words.range_words))
    units = alternation(list(words.units_in_weeks))
    sex_words = alternation([*words.female, *words.male])
    return _Patterns(
        duration=re.compile(
            rf"(?<![\w'/])(?P<n1>{number})(?:\s*(?:{ranges})\s*(?P<n2>{number}))?"
            rf"(?P<half1>\s+(?:{half}))?[\s-]*(?P<unit>{units})(?P<half2>\s+(?:{half}))?(?![\w/])"
        ),
        clinical=re.compile(r"(?<![\w/])(?P<n>\d{1,2})/(?P<d>7|52|12)(?![\w/])"),
        pain_scale=re.compile(
            rf"(?<![\w/.])(?P<n1>{ten})(?:\s*(?:-|to|or)\s*(?P<n2>{ten}))?\s*(?:{alternation(list(words.pain_scale))})(?!\w)"
        ),
        pain_before=re.compile(
            rf"(?<![\w'])(?:{alternation(list(words.pain_before))})\s+(?P<n1>{ten})"
            rf"(?:\s*(?:-|to|or)\s*(?P<n2>{ten}))?(?![\w/.,%:]|\s*(?:{units}|years|yrs|am|pm|times|miles|km|k|minutes|mins|foot|feet|ft))"
        ),
        pain_cue=re.compile(rf"(?<![\w'])(?:{alternation(list(words.pain_cue))})(?!\w)"),
        excluded=re.compile(rf"(?<![\w'])(?:{alternation(list(words.not_pain_duration))})(?!\w)"),
        age=re.compile(
            rf"(?:(?<![\w'])(?:{alternation(list(words.age_before))})\s+(?P<a1>\d{{1,3}})(?![\w/%:]|[.,]\d|\s*(?:{units}|/))"
            rf"|(?<![\w./])(?P<a2>\d{{1,3}})[\s-]*(?:{alternation(list(words.age_units))})(?:[\s-]*old)?(?!\s+(?:ago|of pain|of this))(?!\w)"
            rf"|(?<![\w./])(?P<a3>\d{{1,3}})\s?(?:yof|yom|f|m)(?!\w)"
            rf"|(?<![\w'])(?:{sex_words}),?\s+(?:aged\s+)?(?P<a4>\d{{1,3}})(?!\w)"
            rf"|(?<![\w./])(?P<a5>\d{{1,3}}),?\s+(?:{sex_words})(?!\w))"
        ),
        sex=re.compile(
            rf"(?:(?<![\w'])(?:{alternation(list(words.self_words))})\s+(?:[\w-]+\s+){{0,3}}?"
            rf"|(?<![\w./])\d{{1,3}}[\s-]*(?:{alternation(list(words.age_units))})?(?:[\s-]*old)?[\s,-]*)"
            rf"(?P<s>{sex_words})(?!\w)"
            rf"|(?<![\w'])(?P<t>{alternation([w for w in (*words.female, *words.male) if len(w) > 1])}),?\s+(?:aged\s+)?\d{{1,3}}(?!\w)"
        ),
    )


def find_numbers(text: str, words_of: Lexicon, sentences: list[tuple[int, int]]) -> list[Found]:
    """Every duration, pain score, age and sex the text states, in order of place."""
    patterns = _patterns(words_of.language)
    words = words_of.numbers
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for match in patterns.pain_scale.finditer(text):
        found.append(Found(Q.PAIN_SEVERITY.value, _high(match, words), *match.span()))
        taken.append(match.span())
    for start, end in sentences:
        if patterns.pain_cue.search(text, start, end):
            for match in patterns.pain_before.finditer(text, start, end):
                if not _overlaps(match.span(), taken):
                    found.append(Found(Q.PAIN_SEVERITY.value, _high(match, words), *match.span()))
                    taken.append(match.span())
    for match in patterns.age.finditer(text):
        if _overlaps(match.span(), taken):
            continue
        age = int(next(g for g in match.group("a1", "a2", "a3", "a4", "a5") if g))
        if age <= 120:
            found.append(Found("age", age, *match.span()))
            taken.append(match.span())
    for match in patterns.clinical.finditer(text):
        weeks = int(match.group("n")) * _CLINICAL_FRACTION[match.group("d")]
        found.append(Found(Q.DURATION_WEEKS.value, round(weeks, 1), *match.span()))
        taken.append(match.span())
    for match in patterns.duration.finditer(text):
        if _overlaps(match.span(), taken) or _excluded(text, match.start(), patterns.excluded):
            continue
        duration = _weeks(match, words)
        if duration is not None and 0 < duration <= 520:
            found.append(Found(Q.DURATION_WEEKS.value, duration, *match.span()))
    for match in patterns.sex.finditer(text):
        word = match.group("s") or match.group("t")
        found.append(Found("sex", "female" if word in words.female else "male", *match.span()))
    return sorted(found, key=lambda f: f.start)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _excluded(text: str, start: int, excluded: re.Pattern[str]) -> bool:
    """Whether the five words before a duration say it is not the pain's ("running for 5 years")."""
    before = re.split(r"[.!?;]", text[max(0, start - 60) : start])[-1].split()[-5:]
    return bool(excluded.search(" ".join(before)))


def _value(word: str, numbers: Numbers) -> float:
    word = " ".join(word.split())
    if word in numbers.words:
        return numbers.words[word]
    return float(word.replace(",", "."))


def _high(match: re.Match[str], numbers: Numbers) -> float:
    values = [_value(match.group(g), numbers) for g in ("n1", "n2") if match.group(g)]
    return max(values)


def _weeks(match: re.Match[str], numbers: Numbers) -> float | None:
    try:
        count = _high(match, numbers)
    except ValueError:
        return None
    if match.group("half1") or match.group("half2"):
        count += 0.5
    unit = numbers.units_in_weeks[" ".join(match.group("unit").split())]
    return round(count * unit, 1)
