"""The site's reference generator (`docs/hooks/reference.py`, a MkDocs hook), loaded from its file
for the tests, as MkDocs loads it."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from tests.docs.blocks import DOCS


def load_reference() -> ModuleType:
    """The hook module, loaded from docs/hooks/reference.py."""
    spec = importlib.util.spec_from_file_location("docs_reference", DOCS / "hooks" / "reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = load_reference()
