"""Developer tools: reading case files, measuring the rule base against them, checking it."""
