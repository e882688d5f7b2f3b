"""Engines: the local engine (processes) and Spark, on the same public claims API."""
