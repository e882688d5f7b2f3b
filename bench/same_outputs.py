"""Do two versions of facts give the same outputs? For changes that must not change behaviour
(a refactor, a move): the reports and tables of BEFORE and AFTER, compared byte for byte.

    python bench/same_outputs.py BEFORE [AFTER]      (git revisions; AFTER defaults to the working tree)

Each version runs from its own checkout (a temporary `git worktree`; the working tree as it is
for AFTER), in a child process of this virtualenv, through the CLI only (`facts.cli.cli`, the one
entry that does not move), and writes:
- `facts check seeds --format json` and the text report, `facts extract seeds -o seeds.csv`;
- `facts check --format json` on every GVA dev folder (bench/data/gva-dev: incidents and
  perturbed), when built;
- `facts check --format json` and the text report on the GVA dev mixed set
  (bench/data/gva-dev-mixed: mixed and mixed-perturbed), when built;
- `bench/equate.py`, but its seconds column, when ../shared/eval/equate is there.
Prints `same` or `DIFFERENT` per output and exits 1 when any differs.
"""
from __future__ import annotations

import filecmp
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUNNER = r'''
import sys
from pathlib import Path
from click.testing import CliRunner
from facts.cli import cli

root, data, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
run = lambda *args: CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
# seeds/ as a relative path (the child runs in the checkout): the JSON names each input's path
(out / "seeds.json").write_text(run("check", "seeds", "--format", "json").stdout)
(out / "seeds.txt").write_text(run("check", "seeds").stdout)
run("extract", "seeds", "-q", "-o", out / "seeds.csv")
gva = data / "gva-dev"
for sub in ("incidents", "perturbed"):
    if (gva / sub).is_dir():
        (out / "gva" / sub).mkdir(parents=True, exist_ok=True)
        for folder in sorted((gva / sub).iterdir()):
            (out / "gva" / sub / f"{folder.name}.json").write_text(run("check", folder, "--format", "json").stdout)
mixed = data / "gva-dev-mixed"
for sub in ("mixed", "mixed-perturbed"):
    if (mixed / sub).is_dir():
        (out / f"{sub}.json").write_text(run("check", mixed / sub, "--format", "json").stdout)
if (mixed / "mixed").is_dir():
    (out / "mixed.txt").write_text(run("check", mixed / "mixed").stdout)
'''


def outputs(checkout: Path, out: Path) -> None:
    """Write the outputs of the facts in `checkout` to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    env = {"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "COLUMNS": "100"}
    subprocess.run([sys.executable, "-c", RUNNER, str(checkout), str(ROOT / "bench" / "data"), str(out)],
                   cwd=checkout, env=env, check=True)
    if (ROOT.parent / "shared" / "eval" / "equate").is_dir():
        shared = checkout.parent / "shared"
        if not shared.exists() and checkout != ROOT:
            shared.symlink_to(ROOT.parent / "shared")
        text = subprocess.run([sys.executable, "bench/equate.py"], cwd=checkout, env=env, check=True,
                              capture_output=True, text=True).stdout
        (out / "equate.txt").write_text("\n".join(re.sub(r"\s+[\d.]+\s*$", "", line) for line in text.splitlines()))


def compare(a: Path, b: Path) -> list[str]:
    """The outputs that differ (or exist on one side only), relative to `a`."""
    differ = []
    cmp = filecmp.dircmp(a, b)
    differ += [f"only before: {n}" for n in cmp.left_only] + [f"only after: {n}" for n in cmp.right_only]
    differ += [n for n in cmp.common_files if not filecmp.cmp(a / n, b / n, shallow=False)]
    for sub in cmp.common_dirs:
        differ += [f"{sub}/{n}" for n in compare(a / sub, b / sub)]
    return differ


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory(prefix="facts-same-") as tmp:
        tmp_path = Path(tmp)
        results = []
        for name, rev in (("before", argv[0]), ("after", argv[1] if len(argv) > 1 else None)):
            if rev is None:
                checkout = ROOT
            else:
                checkout = tmp_path / "checkouts" / name / "facts"
                checkout.parent.mkdir(parents=True)
                subprocess.run(["git", "worktree", "add", "--detach", "-q", str(checkout), rev], cwd=ROOT, check=True)
            try:
                outputs(checkout, tmp_path / name)
            finally:
                if rev is not None:
                    subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=ROOT, check=True)
            results.append(tmp_path / name)
        differ = compare(*results)
        produced = sorted(str(p.relative_to(results[0])) for p in results[0].rglob("*") if p.is_file())
        groups = sorted({p.split("/")[0] for p in produced})
        for group in groups:
            bad = [d for d in differ if d.split("/")[0] == group or d.endswith(group)]
            count = sum(1 for p in produced if p.split("/")[0] == group)
            print(f"{'DIFFERENT' if bad else 'same':9}  {group} ({count} file{'s' if count > 1 else ''})")
        for d in differ:
            print(f"  differs: {d}")
        return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
