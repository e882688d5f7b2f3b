"""Code health that a reader relies on: no import cycles, no swallowed exceptions, and each
vocabulary spelled in one module."""
import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "facts"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _code(path: Path) -> str:
    """The source without docstrings and comments: where a vocabulary may be mentioned in prose."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            body[0].value.value = ""
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            node.value.value = ""  # attribute docstrings
    return ast.unparse(tree)


def _imports() -> dict[str, set[str]]:
    modules = {_module(p): p for p in SOURCES}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    found = f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
                    if found in modules and found != name:
                        graph[name].add(found)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle of `graph`, each once (from its smallest node)."""
    found = []

    def visit(start, node, path):
        for nxt in sorted(graph[node]):
            if nxt == start:
                found.append(path)
            elif nxt not in path and nxt > start:
                visit(start, nxt, path + [nxt])

    for node in sorted(graph):
        visit(node, node, [node])
    return found


def test_no_import_cycle():
    assert _cycles(_imports()) == []


def test_the_cycle_check_finds_a_cycle():
    """The check above is not vacuous: a graph with a cycle is caught."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_swallowed_exception():
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler):
                assert not (len(node.body) == 1 and isinstance(node.body[0], ast.Pass)), \
                    f"{path.name}:{node.lineno}: `except ...: pass`"


@pytest.mark.parametrize("pattern, home", [
    (r"\b(?:january|september|december)\b", "lexicon.py"),  # month names
    (r"\b(?:monday|wednesday)\b", "lexicon.py"),
    (r"\b(?:thirteen|seventeen|ninety)\b", "numbers.py"),  # number words
    (r"[€£¥₹]", None),  # currency signs: only in data/units.json
])
def test_each_vocabulary_is_spelled_in_one_module(pattern, home):
    spelled = sorted(p.name for p in SOURCES if re.search(pattern, _code(p), re.IGNORECASE))
    assert spelled == ([home] if home else []), spelled


def test_no_module_imports_a_private_name_of_another():
    """Modules share code through public names only (Spark calls the same public comparison as
    the local engine, not `align._pairs`): a private name is free to change in its own module."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__" and (node.level or (
                    node.module or "").startswith("facts")):
                found += [f"{_module(path)}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_")]
    assert found == []


@pytest.mark.parametrize("package, owners", [
    ("spacy", {"facts.parse.nlp"}),
    ("thinc", {"facts.parse.nlp"}),
    ("quantulum3", {"facts.figures.units"}),
    ("pyspark", {"facts.engines.spark"}),
    # the suites' runner, and the GX plugin a user imports into a GX project of their own
    ("great_expectations", {"facts.checks.suites", "facts.gx"}),
])
def test_each_heavy_dependency_has_one_owner(package, owners):
    """One module owns each heavy dependency (README, "How it works"): only it imports it."""
    importers = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            if any(name == package or name.startswith(package + ".") for name in names):
                importers.add(_module(path))
    assert importers == owners
