"""The language the rule base is written in: its facts, its sources and the `clinical_rule` decorator.

A rule is a method of an experta `KnowledgeEngine` subclass. Its method name is its stable id (the
trace shows it), its docstring's first line is its plain description, and `clinical_rule` attaches
its source. Rule bodies only declare facts; the engine stamps each declared fact with the id of the
rule that declared it, and the assessment is built from the set of facts, so the order in which
rules fire never changes the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from experta import Fact, P, Rule

from rules.fact import BaseFact
from rules.vocabulary import Q

# --- Facts ----------------------------------------------------------------------------------------


class Answers(BaseFact):
    """The known answers of one intake, keyed by question id, with `age` and `sex` when known."""


class RedFlag(BaseFact):
    """A red flag: `id`, the `level` it forces, a plain `message` and the `questions` behind it."""


class Evidence(BaseFact):
    """An answer's `likelihood_ratio` for tendinopathy, with its `question`, `answer` and `group`."""


class Sign(BaseFact):
    """A `reason` that points to (`weight` > 0) or away from (< 0) a differential `condition`."""


class Concern(BaseFact):
    """A non-red-flag reason to raise the triage `level`, with its `reason` in plain words.

    `questions`, when given, are the question ids the reason is about; the reason shown names them.
    """


class LikelihoodBand(BaseFact):
    """Stage two: the likelihood `band`, whether the red-flag screen is `screen_complete`, and the
    red-flag question ids still `unanswered` (a tuple, in the contract's order)."""


class Supported(BaseFact):
    """Stage two: a differential `condition` and its `support` (low, moderate or high)."""


class Disposition(BaseFact):
    """Stage three: the final triage `level`, from which the advice is chosen."""


class Advise(BaseFact):
    """An advice `item` to give."""


def predicate(description: str, test: Callable[[Any], bool]) -> P:
    """A test on one answer (e.g. an age range), carrying a description for the catalogue."""
    constraint = P(test)
    constraint.description = description
    return constraint


def describe_value(value: Any) -> str:
    """How a rule's condition on one answer reads in the catalogue."""
    description = getattr(value, "description", None)
    if description:
        return str(description)
    return str(getattr(value, "value", value))


def when(**answers: Any) -> Answers:
    """A pattern on the intake's answers; rejects, at import, any key that is not a question id."""
    allowed = {q.value for q in Q} | {"age", "sex"}
    unknown = sorted(set(answers) - allowed)
    if unknown:
        raise KeyError(f"not question ids: {', '.join(unknown)}")
    return Answers(**answers)


# --- Sources --------------------------------------------------------------------------------------


class SourceKind(StrEnum):
    """Where a rule's knowledge comes from."""

    ARTICLE = "article"
    BRIEF = "brief"
    ESTIMATE = "clinical_estimate"


@dataclass(frozen=True, slots=True)
class Source:
    """A rule's source: the article, a paper cited in the clinical facts, or a reasoned estimate."""

    kind: SourceKind
    detail: str

    def __str__(self) -> str:
        labels = {
            SourceKind.ARTICLE: "Article",
            SourceKind.BRIEF: "Clinical facts",
            SourceKind.ESTIMATE: "Clinical estimate",
        }
        return f"{labels[self.kind]}: {self.detail}"


def article(section: str) -> Source:
    """The article the project started from (described in `docs/clinical-facts.md`)."""
    return Source(SourceKind.ARTICLE, section)


def brief(reference: str) -> Source:
    """A paper or guideline in `docs/clinical-facts.md`, named with its section there (§...)."""
    return Source(SourceKind.BRIEF, reference)


def estimate(reasoning: str) -> Source:
    """A clinical estimate, with the reasoning behind it."""
    return Source(SourceKind.ESTIMATE, reasoning)


# --- Rules ----------------------------------------------------------------------------------------

SOURCE_ATTRIBUTE = "__clinical_source__"


def clinical_rule(*patterns: Any, source: Source, salience: int = 0) -> Callable[..., Rule]:
    """Make a method a rule of the rule base, with its source attached."""

    def decorate(method: Callable[..., None]) -> Rule:
        setattr(method, SOURCE_ATTRIBUTE, source)
        return Rule(*patterns, salience=salience)(method)

    return decorate


def generated_rule(
    rule_id: str,
    patterns: tuple[Any, ...],
    declares: tuple[tuple[type[Fact], dict[str, Any]], ...],
    description: str,
    source: Source,
) -> Rule:
    """Build a rule from a row of a clinical table: it declares fresh copies of the given facts."""

    def body(engine: Any) -> None:
        engine.declare(*(fact_type(**fields) for fact_type, fields in declares))

    body.__name__ = body.__qualname__ = rule_id
    body.__doc__ = description
    rule: Rule = clinical_rule(*patterns, source=source)(body)
    return rule


def attach_rules(engine_class: type, rules: dict[str, Rule]) -> None:
    """Attach generated rules to a rule-base class, where experta finds them by introspection."""
    for rule_id, rule in rules.items():
        if hasattr(engine_class, rule_id):
            raise ValueError(f"duplicate rule id {rule_id!r} in {engine_class.__name__}")
        setattr(engine_class, rule_id, rule)
