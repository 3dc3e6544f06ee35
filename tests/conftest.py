"""Shared fixtures: a throwaway copy of the project, and one end-to-end build of the seeds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# The sample reports the tests are written against: a copy kept in tests/, because seeds/ is the
# user's own (a fork that replaces the samples with its reports must still pass `make test`).
SEED_DIR = ROOT / "tests" / "inputs" / "seeds"
SEEDS = sorted(SEED_DIR.glob("*.txt"))
# The same for the tag vocabulary the tests expect: taxonomy.yml is the user's to edit.
TAXONOMY_FILE = ROOT / "tests" / "inputs" / "taxonomy.yml"
# A fixed "now" for every build in the tests: 2024-03-01T00:00:00Z.
EPOCH = "1709251200"

settings.register_profile(
    "default", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)


def shared_missing(reason: str) -> None:
    """`../shared` (evaluation data, feed kit) is missing: fail in CI, skip elsewhere.

    The project's CI always has it. GitHub's CI cannot (the data is research-only and never
    published), so its workflow says so with BRIEFING_WITHOUT_SHARED=1 and these tests skip there.
    """
    if os.environ.get("BRIEFING_WITHOUT_SHARED") == "1":
        pytest.skip(f"{reason} (BRIEFING_WITHOUT_SHARED=1)")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must provide ../shared so this check runs")
    pytest.skip(reason)


# What a project needs to build, copied into each test's own folder (never the real docs/).
PROJECT_FILES = (
    "mkdocs.yml",
    "docs/index.md",
    "docs/about.md",
    "docs/assets",
    "docs/stylesheets",
    "docs/javascripts",
    "overrides",
    "hooks",
)


GIT_DATE = "2024-02-20T09:00:00+00:00"


def commit_all(project: Path, message: str = "Add reports", date: str = GIT_DATE) -> None:
    """Commit the project as an analyst would, at a fixed date (report dates fall back to it)."""
    env = dict(
        os.environ,
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
        GIT_AUTHOR_NAME="Analyst",
        GIT_AUTHOR_EMAIL="analyst@example.org",
        GIT_COMMITTER_NAME="Analyst",
        GIT_COMMITTER_EMAIL="analyst@example.org",
    )
    if not (project / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=project, check=True, env=env)


def make_project(dest: Path, seeds: list[Path] | None = None, *, git: bool = False) -> Path:
    for name in PROJECT_FILES:
        source = ROOT / name
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    shutil.copy2(TAXONOMY_FILE, dest / "taxonomy.yml")
    (dest / "seeds").mkdir()
    for seed in SEEDS if seeds is None else seeds:
        shutil.copy2(seed, dest / "seeds" / seed.name)
    if git:
        commit_all(dest)
    return dest


def run_briefing(
    project: Path, *args: str, env: dict[str, str] | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a project folder, as a user would."""
    full_env = dict(
        os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT)
    )
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "briefing", "--project", str(project), *args],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        check=check,
        stdin=subprocess.DEVNULL,
    )


# --- one Chromium for every browser test (Playwright allows one sync instance per process) -----

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Flags that keep Chromium from phoning home, so any request off 127.0.0.1 is the site's doing.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    pytest.fail(
        "Browser tests need Debian's chromium package and it is not installed. "
        "Run 'sudo apt-get install -y chromium' (or 'make test' as root, which installs it).",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four seeds built once, end to end (digest + MkDocs + feeds), committed to git as in
    real use, so dates come from git history."""
    project = make_project(tmp_path_factory.mktemp("e2e") / "project", git=True)
    result = run_briefing(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project
