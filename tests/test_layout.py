"""The tests mirror the modules: `tests/<package>/test_<module>[_<aspect>].py` tests `<package>/<module>.py`.

A package's own `__init__` is tested by `test_<package>[_<aspect>].py` in its folder. Tests of the
project as a whole (safety properties over every input, privacy, several instances, a generated
client) sit at the top of `tests/`; `tests/docs/` tests the documentation.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "triage", "rules")
WHOLE = (ROOT / "tests", ROOT / "tests" / "docs")
"""Folders of tests that are not about one module."""


def mirrored_module(test: Path) -> Path | None:
    """The module a test module mirrors, or None when it mirrors none."""
    folder = ROOT / test.parent.relative_to(ROOT / "tests")
    words = test.stem.removeprefix("test_").split("_")
    for end in range(len(words), 0, -1):
        name = "_".join(words[:end])
        if (folder / f"{name}.py").is_file():
            return folder / f"{name}.py"
        if name == folder.name and (folder / "__init__.py").is_file():
            return folder / "__init__.py"
    return None


def every_test_file() -> list[Path]:
    return sorted((ROOT / "tests").rglob("test_*.py"))


def test_every_test_module_mirrors_the_module_it_tests() -> None:
    strays = [
        str(test.relative_to(ROOT))
        for test in every_test_file()
        if test.parent not in WHOLE and mirrored_module(test) is None
    ]
    assert not strays, (
        "name each test module after the module it tests, in the mirrored folder "
        f"(tests/<package>/test_<module>[_<aspect>].py): {strays}"
    )


def test_the_tests_of_a_package_sit_in_its_mirrored_folder() -> None:
    for package in PACKAGES:
        for folder in (ROOT / package).rglob("*"):
            if folder.is_dir() and (folder / "__init__.py").is_file():
                tests = ROOT / "tests" / folder.relative_to(ROOT)
                if tests.is_dir():
                    assert (tests / "__init__.py").is_file(), f"{tests} is not a package"
