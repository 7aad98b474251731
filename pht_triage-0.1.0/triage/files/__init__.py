"""Readers of intake files: strict JSON (a repeated key is refused), JSON Lines and CSV."""
