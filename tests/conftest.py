import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
"""Headless Chromium (Debian package chromium) for the tests of what a browser shows; they skip without it."""
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync"]


def chromium_dom(url: str, profile: Path, *flags: str) -> str:
    """The DOM Chromium builds from `url`, after its scripts ran (a fresh profile in `profile`)."""
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *flags, "--dump-dom", url],
                          capture_output=True, text=True, timeout=90)
    return done.stdout


def load_cases(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def no_default_cache(monkeypatch):
    """CLI runs in tests extract every document unless the test names a cache (`--cache DIR`):
    no test of extraction is answered from an earlier test's cache, and nothing is written beside
    the inputs (seeds/ is in the repository). tests/test_cache.py tests the default location."""
    monkeypatch.setattr("facts.api.default_cache", lambda paths: None)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


POSTS_SEED = "004_fedec94c8fe0c9b1.txt"


def copy_seeds(seeds_dir: Path, folder: Path, names=None) -> Path:
    """Copy the seed articles (all, or `names`) into `folder`."""
    import shutil

    for path in sorted(seeds_dir.glob("*.txt")):
        if names is None or path.name in names:
            shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def perturbed(tmp_path_factory, seeds_dir) -> Path:
    """The seeds with one figure changed: 004 says 20 military posts where the others say 12."""
    folder = copy_seeds(seeds_dir, tmp_path_factory.mktemp("perturbed"))
    target = folder / POSTS_SEED
    target.write_text(target.read_text().replace("reinforced a dozen military posts", "reinforced 20 military posts"))
    return folder


def library_counts(folder: Path) -> dict:
    """Claims, facts and documents of `folder` as the library counts them: what every report
    must agree with (tests compare against this instead of pinning today's numbers)."""
    import facts

    facts_df, documents_df = facts.extract_paths([str(folder)])
    result = facts.validate(facts_df, documents_df)
    return {"claims": len(result.claims), "facts": len(facts_df), "documents": len(documents_df),
            "conflicts": int((result.claims["verdict"] == "conflict").sum())}
