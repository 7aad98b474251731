"""`triage serve`: options with safe defaults, and bad values refused before uvicorn starts."""

from __future__ import annotations

import argparse

import pytest

from api.cli import APP_FACTORY, COMMAND, SETTINGS
from api.settings import Settings
from triage.cli import build_parser, main


def test_serve_listens_on_loopback_port_8000_with_one_worker_by_default() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers, args.log_level) == ("127.0.0.1", 8000, 1, "info")


def test_serve_points_uvicorn_at_the_app_factory() -> None:
    module, _, name = APP_FACTORY.partition(":")
    imported = __import__(module, fromlist=[name])
    assert callable(getattr(imported, name))


@pytest.mark.parametrize("option", [["--port", "70000"], ["--workers", "0"]])
def test_serve_refuses_a_bad_port_or_worker_count(
    option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *option]) == 2
    assert option[0] in capsys.readouterr().err


def test_serve_offers_an_option_for_each_timeout_the_cap_and_the_proxies() -> None:
    limits = ["--body-timeout", "5", "--keep-alive", "2", "--limit-concurrency", "9"]
    args = build_parser().parse_args(
        ["serve", *limits, "--shutdown-timeout", "4", "--trusted-proxies", "10.0.0.1"]
    )
    assert (args.body_timeout_s, args.keep_alive_s, args.limit_concurrency) == (5.0, 2, 9)
    assert (args.shutdown_timeout_s, args.trusted_proxies) == (4, "10.0.0.1")


def test_the_serve_options_are_generated_from_the_settings_model() -> None:
    args = build_parser().parse_args(["serve"])
    assert args.body_timeout_s is None  # not given: the environment or the default decides
    helps = {action.dest: action.help or "" for action in _serve_parser()._actions}
    for name in SETTINGS:
        field = Settings.model_fields[name]
        assert (field.description or "").rstrip(".") in helps[name]
        assert f"TRIAGE_API_{name.upper()}" in helps[name]


def _serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    COMMAND.configure(parser)
    return parser


def test_serve_refuses_a_bad_setting_naming_its_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRIAGE_API_BODY_TIMEOUT_S", "30")  # restored after the test
    assert main(["serve", "--body-timeout", "0"]) == 2
    assert "TRIAGE_API_BODY_TIMEOUT_S" in capsys.readouterr().err
