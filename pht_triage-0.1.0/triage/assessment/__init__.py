"""Assessing one intake: the three-stage pipeline, the likelihood, differential support, trace and report."""
