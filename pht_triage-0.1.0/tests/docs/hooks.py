"""The site's reference generator (`docs/hooks/reference.py`, a MkDocs hook), loaded from its file
for the tests, as MkDocs loads it."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.docs.blocks import DOCS


def load_reference() -> ModuleType:
    """The hook module, loaded from docs/hooks/reference.py with its folder on the import path
    while it loads, as MkDocs does."""
    folder = DOCS / "hooks"
    spec = importlib.util.spec_from_file_location("docs_reference", folder / "reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(folder))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    return module


REFERENCE = load_reference()
