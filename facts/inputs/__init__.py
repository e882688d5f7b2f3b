"""Inputs: paths and readers (text, HTML, JSONL, CSV, stdin), metadata, page chrome, sentences."""
