"""What changed since an earlier audit: two `facts check --format json` results compared.

Claim ids are numbers in order of appearance and shift when an article is added, so claims are
matched by what they are: their claim key, unit and time window, and, among claims that share
those, by the documents and sentences they are stated in. A mention is matched by its document,
its sentence with every figure masked, and its place among that sentence's figures, so that
"two main highways" and "three main highways" are the same mention stating another figure.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BaselineError
from ..figures import numbers
from ..types import Verdict
from .contract import FORMAT, FORMAT_VERSION, READABLE_VERSIONS

_NUMBER_WORDS = sorted({*numbers.SMALL, *numbers.TENS, *numbers.SCALES, "dozen"}, key=len, reverse=True)
_FIGURE = re.compile(r"[-+]?\d[\d,.]*|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b")
_RUN = re.compile(r"#(?:[\s-]+#)+")


def load(path: str) -> dict:
    """An earlier result, checked: BaselineError names the file and what was expected."""
    expected = f"expected the JSON result of `facts check --format json` (format version {FORMAT_VERSION})"
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file; {expected}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise BaselineError(f"{path}: cannot read the baseline ({e}); {expected}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise BaselineError(f"{path}: not JSON (line {e.lineno}, column {e.colno}: {e.msg}); {expected}") from None
    return check(data, path)


def check(data, path: str) -> dict:
    """`data` if it is a result this version can compare with, else BaselineError."""
    expected = f"expected the JSON result of `facts check --format json` (format version {FORMAT_VERSION})"
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BaselineError(f"{path}: not a facts check result (no \"format\": \"{FORMAT}\"); {expected}")
    version = data.get("format_version")
    if version not in READABLE_VERSIONS:
        raise BaselineError(f"{path}: format version {version!r} cannot be compared with this facts (format "
                            f"versions {', '.join(map(str, READABLE_VERSIONS))}); re-run `facts check --format json` "
                            "with this version to make a new baseline")
    for field in ("documents", "claims"):
        if not isinstance(data.get(field), list):
            raise BaselineError(f"{path}: field {field!r} missing or not a list; {expected}")
    return data


@dataclass(frozen=True)
class Baseline:
    """The differences between a baseline result and a new one. Each entry is a plain dict
    (as in the JSON contract), in the new result's order."""

    path: str
    new_conflicts: tuple
    known_conflicts: tuple
    resolved_conflicts: tuple
    changed_figures: tuple
    new_claims: tuple
    gone_claims: tuple
    new_documents: tuple
    gone_documents: tuple
    strict: bool = False

    @property
    def failed(self) -> bool:
        """A new conflict, or with `strict` a changed figure: what fails a run with a baseline."""
        return bool(self.new_conflicts) or (self.strict and bool(self.changed_figures))

    def known(self, claim_id: str) -> dict | None:
        """The baseline's record of a conflict of the new result that was already there."""
        return next((k for k in self.known_conflicts if k["claim_id"] == claim_id), None)

    def to_dict(self) -> dict:
        return {"path": self.path, "new_conflicts": list(self.new_conflicts),
                "known_conflicts": list(self.known_conflicts), "resolved_conflicts": list(self.resolved_conflicts),
                "changed_figures": list(self.changed_figures), "new_claims": list(self.new_claims),
                "gone_claims": list(self.gone_claims), "new_documents": list(self.new_documents),
                "gone_documents": list(self.gone_documents)}


def masked(sentence: str) -> str:
    """A sentence with every number (digits or words) replaced by "#" and white space folded:
    what stays the same when a figure is changed."""
    return _RUN.sub("#", " ".join(_FIGURE.sub("#", sentence.lower()).split()))


def place(mention: dict) -> str:
    """The mention's sentence with its own figure ("a dozen", "20") and every other number
    masked."""
    sentence, surface = mention["sentence"], mention["surface"]
    i = sentence.find(surface)
    if i >= 0:
        sentence = f"{sentence[:i]} # {sentence[i + len(surface):]}"
    return masked(sentence)


def _identity(claim: dict, stories: bool = True) -> tuple:
    """Claims match within a story: a claim of one story never matches a claim of another. A
    result written before stories existed (no `story` on any claim) is matched without them."""
    story = claim.get("story", "") if stories else ""
    return story, claim.get("claim_key", ""), claim.get("unit", ""), claim.get("time_window", "")


def _places(claim: dict) -> set:
    return {(m["doc_id"], place(m)) for m in claim["mentions"]}


def match_claims(old: list[dict], new: list[dict]) -> dict[int, int]:
    """new index -> old index of the same claim: same identity and at least one shared
    (document, masked sentence) place, the most shared first. Linear in the places: an index
    from (identity, place) to the old claims stated there."""
    stories = any("story" in claim for claim in old)
    index: dict[tuple, list[int]] = {}
    for j, claim in enumerate(old):
        identity = _identity(claim, stories)
        for place_key in _places(claim):
            index.setdefault((identity, place_key), []).append(j)
    candidates = []
    for i, claim in enumerate(new):
        identity = _identity(claim, stories)
        shared: dict[int, int] = {}
        for place_key in _places(claim):
            for j in index.get((identity, place_key), ()):
                shared[j] = shared.get(j, 0) + 1
        candidates += [(-count, i, j) for j, count in shared.items()]
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(candidates):
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched


def mention_keys(claim: dict) -> dict[tuple, dict]:
    """(document, masked sentence, which of the equal ones) -> mention."""
    out: dict[tuple, dict] = {}
    groups: dict[tuple, list[dict]] = {}
    for m in claim["mentions"]:
        groups.setdefault((m["doc_id"], place(m)), []).append(m)
    for (doc, sentence), mentions in groups.items():
        for k, m in enumerate(sorted(mentions, key=lambda m: m.get("start", 0))):
            out[(doc, sentence, k)] = m
    return out


def _claim_summary(claim: dict) -> dict:
    return {"claim_id": claim["claim_id"], "claim_key": claim.get("claim_key", ""),
            "label": claim.get("label") or claim["concept"], "concept": claim["concept"],
            "unit": claim.get("unit", ""), "time_window": claim.get("time_window", ""), "verdict": claim["verdict"],
            "reason": claim["reason"],
            "figures": [{"doc_id": m["doc_id"], "surface": m["surface"], "line": m.get("line")}
                        for m in claim["mentions"]]}


def _figure(m: dict) -> dict:
    return {"surface": m["surface"], "value": m["value"], "low": m["low"], "high": m["high"],
            "sentence": m["sentence"], "line": m.get("line")}


def compare(old: dict, new: dict, path: str = "", strict: bool = False) -> Baseline:
    """The differences from `old` to `new` (both results as the JSON contract gives them)."""
    old_claims, new_claims = old["claims"], new["claims"]
    matched = match_claims(old_claims, new_claims)
    matched_old = set(matched.values())
    new_conflicts, known, changed, added = [], [], [], []
    for i, claim in enumerate(new_claims):
        before = old_claims[matched[i]] if i in matched else None
        if claim["verdict"] == Verdict.CONFLICT:
            if before is not None and before["verdict"] == Verdict.CONFLICT:
                known.append({**_claim_summary(claim), "baseline_claim_id": before["claim_id"],
                              "baseline_reason": before["reason"]})
            else:
                new_conflicts.append(_claim_summary(claim))
        if before is None:
            added.append(_claim_summary(claim))
            continue
        old_mentions = mention_keys(before)
        for key, m in mention_keys(claim).items():
            was = old_mentions.get(key)
            if was is not None and (was["surface"] != m["surface"] or was["value"] != m["value"]):
                changed.append({"claim_id": claim["claim_id"], "label": claim.get("label") or claim["concept"],
                                "concept": claim["concept"], "doc_id": m["doc_id"],
                                "old": _figure(was), "new": _figure(m)})
    now = {j: new_claims[i] for i, j in matched.items()}  # old index -> the same claim in the new result
    resolved = [_claim_summary(c) for j, c in enumerate(old_claims)
                if c["verdict"] == Verdict.CONFLICT and (j not in now or now[j]["verdict"] != Verdict.CONFLICT)]
    gone = [_claim_summary(c) for j, c in enumerate(old_claims) if j not in matched_old]
    old_docs = {d["doc_id"] for d in old["documents"]}
    new_docs = {d["doc_id"] for d in new["documents"]}
    return Baseline(
        path=path, new_conflicts=tuple(new_conflicts), known_conflicts=tuple(known),
        resolved_conflicts=tuple(resolved), changed_figures=tuple(changed), new_claims=tuple(added),
        gone_claims=tuple(gone),
        new_documents=tuple(d["doc_id"] for d in new["documents"] if d["doc_id"] not in old_docs),
        gone_documents=tuple(d["doc_id"] for d in old["documents"] if d["doc_id"] not in new_docs),
        strict=strict)


def apply(result, old: dict, path: str, strict: bool = False):
    """`result` with its `baseline`: what changed since `old`."""
    from dataclasses import replace

    from .contract import audit_to_dict

    return replace(result, baseline=compare(old, audit_to_dict(result), path, strict))
