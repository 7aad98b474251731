"""The test suite. The `rules` gate, which makes experta importable, runs before any test module."""

import rules  # noqa: F401
