"""How well `facts` dates articles that date themselves in their text: the texts a person dated
by hand (tests/data/dated_texts.json) read as `facts` reads any input, and compared.

    python bench/dates.py [DATA_DIR]      (default bench/data; the texts live in the git-ignored data)

Prints each text whose date was missed or wrong, then found / missed / wrong / rightly undated.
A wrong date (one the person did not read) is worse than none: the bar is zero."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "dated_texts.json"


def read(data: Path, case: dict) -> tuple[str, str]:
    """(date, rule) `facts` reads for one hand-dated text (the corpus's own Published: line removed
    when the case says so)."""
    from facts.inputs.text import from_text

    text = (data / case["path"]).read_text(encoding="utf-8")
    if case.get("strip_published"):
        text = re.sub(r"(?m)^Published: .*\n", "", text, count=1)
    doc = from_text(case["path"], case["path"], text)
    return doc.published, doc.dated_by


def measure(data: Path, held_out: bool | None = None) -> dict:
    """found, missed, wrong over the hand-dated texts (only the held-out ones, or only the others,
    when `held_out` says so)."""
    cases = [c for c in json.loads(CASES.read_text(encoding="utf-8"))["texts"]
             if held_out is None or bool(c.get("held_out")) == held_out]
    out = {"texts": len(cases), "dated": 0, "found": 0, "missed": [], "wrong": [], "undated_right": 0}
    for case in cases:
        got, rule = read(data, case)
        want = case["date"] or ""
        out["dated"] += bool(want)
        if want and got == want:
            out["found"] += 1
        elif not want and not got:
            out["undated_right"] += 1
        elif want and not got:
            out["missed"].append((case["path"], want, case["seen"]))
        else:
            out["wrong"].append((case["path"], want or "none", f"{got} ({rule})", case["seen"]))
    return out


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "data"
    if not (data / "ecb-dev").is_dir():
        sys.exit(f"{data}: no ecb-dev/ here; give the folder that holds the benchmark data")
    for name, held_out in (("read while the rules were written", False), ("held out", True), ("all", None)):
        r = measure(data, held_out)
        if held_out is None:
            for path, want, seen in r["missed"]:
                print(f"missed {path}: {want} ({seen})")
            for path, want, got, seen in r["wrong"]:
                print(f"WRONG  {path}: read {got}, the person read {want} ({seen})")
        print(f"{name}: {r['texts']} texts, {r['dated']} dated by the person: found {r['found']}/{r['dated']}, "
              f"missed {len(r['missed'])}, wrong {len(r['wrong'])}; undated and left undated "
              f"{r['undated_right']}/{r['texts'] - r['dated']}")


if __name__ == "__main__":
    main()
