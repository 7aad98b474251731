"""Benchmarks of the triage core and the REST service (`python -m benchmarks.run`)."""
