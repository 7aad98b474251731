"""The core's settings: plain values; only `from_environment` reads `TRIAGE_*`, when a program asks."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

import triage
from triage import Triage, from_environment

RUNNER = {"age": 34, "answers": {"sit_bone_pain": "yes", "sitting_pain": "yes"}}


def probability(core: Triage) -> float:
    return core.assess(RUNNER).likelihood.probability


def test_the_core_never_reads_the_environment_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    before = probability(Triage())
    monkeypatch.setenv("TRIAGE_PRIOR", "0.9")
    monkeypatch.setenv("TRIAGE_ENGINE", "experta")
    assert probability(Triage()) == before
    assert triage.assess(RUNNER).likelihood.probability == before
    read = from_environment()
    assert (read.prior, read.engine) == (0.9, "experta")
    assert from_environment(prior=0.2).prior == 0.2  # a value given wins over the environment
    assert "TRIAGE_PRIOR" in os.environ


def test_a_bad_setting_in_the_environment_is_refused_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRIAGE_ENGINE", "fast")
    with pytest.raises(ValidationError, match="engine"):
        from_environment()


def test_a_language_without_locale_files_is_refused_naming_the_ones_there_are() -> None:
    with pytest.raises(ValidationError, match="choose one of en"):
        triage.CoreSettings(locale="xx")
