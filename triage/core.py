"""The front door of the core: a `Triage` owns its settings, rule base, engines and tables.

Everything that runs the rules goes through one: an assessment, an interview step, a screening,
a validation. A program builds one at start-up from the settings it read (the command line and the
service read the environment then, once) and keeps it; two with different settings work side by
side in one process, each with its own engines. `triage.assess` and its friends call a default
one, built with the default settings, for the library user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from threading import Lock
from typing import Any

from rules.rulebase import RuleBase
from rules.vocabulary import Audience
from triage.assessment import pipeline
from triage.devtools.validate import Report, ValidationCase, validate
from triage.engine import ENGINES, EnginePool, engine_class_for
from triage.freetext import Reading, lexicon, parse
from triage.interview.foresight import Tables, build_tables
from triage.interview.next_question import InterviewRequest, InterviewStep, interview_step
from triage.interview.questionnaire import items
from triage.models import Assessment, Intake
from triage.screening.runner import Runner
from triage.settings import CoreSettings
from triage.texts import Texts

__all__ = ["Triage", "assess", "default", "evaluate", "next_question", "next_step"]


class Triage:
    """The core's operations, run with one set of settings on one rule base, in one language.

    `rule_base` runs another rule base, a subclass of `RuleBase` (for example a test's copy with
    one rule changed); its rule ids must be the catalogue's. Engines are built as runs need them
    and at most `settings.idle_engines` are kept for reuse.
    """

    def __init__(
        self, settings: CoreSettings | None = None, *, rule_base: type[RuleBase] = RuleBase
    ) -> None:
        self.settings = settings if settings is not None else CoreSettings()
        self.rule_base = rule_base
        engine_class = engine_class_for(ENGINES[self.settings.engine], rule_base)
        self.engines = EnginePool(engine_class, max_idle=self.settings.idle_engines)
        self.texts = Texts(self.settings.locale)
        """The words its assessments show a person, in the settings' language."""

    def __repr__(self) -> str:
        return f"Triage({self.settings!r}, rule_base={self.rule_base.__name__})"

    @cached_property
    def tables(self) -> Tables:
        """What each rule of this rule base could change, read once (the interview's foresight)."""
        return build_tables(self.rule_base)

    def warm(self, engines: int = 1) -> None:
        """Build engines, the interview's tables and the free-text reader's phrases ahead of the
        first call."""
        self.engines.warm(engines)
        _ = self.tables
        items()
        lexicon()

    def assess(
        self,
        intake: Intake | Mapping[str, Any],
        *,
        prior: float | None = None,
        audience: Audience | None = None,
    ) -> Assessment:
        """Assess one intake (a model or a plain mapping) and return the contract's assessment.

        `prior` replaces the settings' prior for this call. `audience` is who gave the answers,
        when known: for a patient, the examination items left unknown are not listed one by one
        as key questions; one reason says they count as not done (contract §6).
        """
        return self.evaluate(intake, prior=prior, audience=audience).assessment

    def evaluate(
        self,
        intake: Intake | Mapping[str, Any],
        *,
        prior: float | None = None,
        audience: Audience | None = None,
    ) -> pipeline.Evaluation:
        """Assess one intake and keep the rule-by-rule trace."""
        start = self.settings.prior if prior is None else pipeline.checked_prior(prior)
        with self.engines.engine() as engine:
            return pipeline.evaluate_on(engine, intake, start, audience, self.texts)

    def next_step(
        self,
        request: InterviewRequest | Intake | Mapping[str, Any],
        *,
        prior: float | None = None,
    ) -> InterviewStep:
        """The next step of an interview, given every answer so far; raises IntakeError on bad input."""
        return interview_step(request, self, prior=prior)

    def screener(self, jobs: int = 1, *, workers: bool | None = None) -> Runner:
        """What screens a file's rows with this `Triage`: `jobs` worker processes (each builds a
        `Triage` of these settings), or this process for one job unless `workers` (a server)."""
        return Runner(self, jobs, workers=workers)

    def validate(self, cases: Iterable[ValidationCase]) -> Report:
        """Assess every case of known outcome and compare level, likelihood and ranking."""
        return validate(cases, self.assess)

    def parse(self, text: str, language: str = "en") -> Reading:
        """Read a person's own words into answers (free text may rule a red flag in, never out)."""
        return parse(text, language)


_DEFAULT: list[Triage] = []
_DEFAULT_LOCK = Lock()


def default() -> Triage:
    """The library's default `Triage`: default settings, the project's rule base."""
    if not _DEFAULT:
        with _DEFAULT_LOCK:
            if not _DEFAULT:
                _DEFAULT.append(Triage())
    return _DEFAULT[0]


def assess(
    intake: Intake | Mapping[str, Any],
    *,
    prior: float | None = None,
    audience: Audience | None = None,
) -> Assessment:
    """Assess one intake with the library's default `Triage` (see `Triage.assess`)."""
    return default().assess(intake, prior=prior, audience=audience)


def evaluate(
    intake: Intake | Mapping[str, Any],
    *,
    prior: float | None = None,
    audience: Audience | None = None,
) -> pipeline.Evaluation:
    """Assess one intake with the default `Triage` and keep the rule-by-rule trace."""
    return default().evaluate(intake, prior=prior, audience=audience)


def next_step(
    request: InterviewRequest | Intake | Mapping[str, Any], *, prior: float | None = None
) -> InterviewStep:
    """The next step of an interview with the default `Triage` (see `Triage.next_step`)."""
    return default().next_step(request, prior=prior)


def next_question(request: InterviewRequest | Intake | Mapping[str, Any]) -> str | None:
    """The id of the next item the default `Triage` asks, or None when the interview stops."""
    step = next_step(request)
    return step.question.id if step.question is not None else None
