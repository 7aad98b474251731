"""Every `triage` command, and the service's app, work without the development tools installed."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import packages_distributions, requires
from pathlib import Path

from triage.cli import commands

ROOT = Path(__file__).parent.parent

# Runs in a fresh interpreter where every module of a development-only distribution is missing
# (an import raises ImportError), as after `pip install .`.
SCRIPT = """
import contextlib, io, json, sys
for name in json.loads(sys.argv[1]):
    sys.modules[name] = None
from triage.cli import main
statuses = {}
for argv in json.loads(sys.argv[2]):
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            statuses[" ".join(argv)] = main(argv)
        except SystemExit as stop:  # --help
            statuses[" ".join(argv)] = stop.code
from api.app import create_app
create_app()
print(json.dumps(statuses))
"""


def _development_only_modules() -> list[str]:
    extras = [r for r in requires("pht-triage") or [] if "extra ==" in r]
    runtime = {r.split(";")[0].strip() for r in requires("pht-triage") or [] if "extra ==" not in r}
    names = {r.split(";")[0].split("[")[0].split(">")[0].split("=")[0].strip() for r in extras}
    names -= {r.split("[")[0].split(">")[0].split("=")[0].strip() for r in runtime}
    wanted = {n.lower().replace("_", "-") for n in names}
    return sorted(
        module
        for module, distributions in packages_distributions().items()
        if any(d.lower().replace("_", "-") in wanted for d in distributions)
    )


def test_hypothesis_and_pytest_are_among_the_development_only_modules() -> None:
    modules = _development_only_modules()
    assert {"hypothesis", "pytest", "schemathesis"} <= set(modules)


def test_every_command_runs_without_the_development_tools() -> None:
    runs = [
        ["--help"],
        *([command.name, "--help"] for command in commands()),
        ["assess", str(ROOT / "examples" / "runner.json")],
        ["rules", "--json"],
        ["questions"],
        ["check", "--no-witnesses"],
        ["coverage", str(ROOT / "tests" / "cases")],
    ]
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(_development_only_modules()), json.dumps(runs)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    statuses = json.loads(result.stdout)
    assert statuses == {" ".join(argv): 0 for argv in runs}
