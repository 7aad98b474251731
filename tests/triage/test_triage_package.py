"""`from triage import assess` gives the library call (the import direction is import-linter's)."""

from __future__ import annotations


def test_from_triage_import_assess_is_the_function() -> None:
    from triage import assess

    assert callable(assess)
    assert assess({"answers": {}}).red_flag_screen.complete is False
