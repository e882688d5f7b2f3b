"""Checks: GX suites, verdicts, the draft check, baselines, reviews and the JSON contract."""
