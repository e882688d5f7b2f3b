"""Errors the library raises; the CLI turns each into a message and exit code 2 (4 for a
`SetupError`)."""


class FactsError(Exception):
    """Base class of every error `facts` raises on purpose."""


class DocumentError(FactsError):
    """An input path or option cannot be used at all (missing path, unknown format)."""


class SuiteError(FactsError):
    """An expectation suite file is not valid JSON or names something GX cannot build."""


class OutputError(FactsError):
    """The requested output file cannot be written (unknown suffix, missing directory)."""


class BaselineError(FactsError):
    """A baseline (an earlier `facts check --format json` result) that cannot be used."""


class SetupError(FactsError):
    """facts is not installed completely (the spaCy model is missing): not bad input, and not a
    bug; the message names the command that fixes it."""


class ContextError(FactsError):
    """A Great Expectations context (`check --gx-context DIR`) that cannot be opened or written."""


class CacheWarning(UserWarning):
    """The extraction cache could not be used as it was (`engines.cache`): rebuilt, an entry
    dropped, or off for this run. Never a wrong result: what was not read from it is extracted."""
