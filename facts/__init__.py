"""facts: numeric fact extraction and cross-source consistency checks for news."""
from __future__ import annotations

import importlib

__all__ = [
    "DOCUMENT_COLUMNS",
    "FACT_COLUMNS",
    "Document",
    "DocumentError",
    "ExtractOptions",
    "FactsError",
    "OutputError",
    "SuiteError",
    "claims",
    "compare_pairs",
    "compare_texts",
    "extract_documents",
    "extract_paths",
    "extract_text",
    "load_documents",
    "load_suites",
    "run_suites",
    "validate",
]
__version__ = "0.1.0"

_HOMES = {
    "extract_text": "api", "extract_paths": "api", "extract_documents": "api",
    "load_documents": "inputs.documents", "claims": "claims.group", "validate": "checks.audit",
    "compare_texts": "checks.audit", "compare_pairs": "checks.audit", "load_suites": "checks.suites",
    "run_suites": "checks.suites", "ExtractOptions": "parse.options", "Document": "types",
    "FACT_COLUMNS": "types", "DOCUMENT_COLUMNS": "types", "FactsError": "errors",
    "DocumentError": "errors", "SuiteError": "errors", "OutputError": "errors",
}


def __getattr__(name: str):
    """Import on first use, so `facts --help` does not load pandas or spaCy."""
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module 'facts' has no attribute {name!r}")
