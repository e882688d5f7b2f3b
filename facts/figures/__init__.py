"""Figures in plain text, no spaCy: vocabularies (numbers, months, units, events), spotting
numbers, their time scope and their role in a story."""
