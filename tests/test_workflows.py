"""The CI and Pages workflows pass actionlint and the GitHub workflow schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
BIN = Path(sys.executable).parent  # the venv's own tools: a new user's shell has no venv on PATH


def test_actionlint_is_clean() -> None:
    result = subprocess.run(
        [str(BIN / "actionlint"), *map(str, WORKFLOWS)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_schema() -> None:
    result = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command() -> None:
    ci = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    steps = ci["jobs"]["test"]["steps"]
    assert any(step.get("run") == "make test" for step in steps)
    assert (
        "make test" in (ROOT / "README.md").read_text()
        and "make test" in (ROOT / ".ci/run").read_text()
    )


def test_pages_deploys_with_full_history_and_least_privilege() -> None:
    pages = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build_steps = pages["jobs"]["build"]["steps"]
    checkout = next(s for s in build_steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    uses = [s.get("uses", "") for s in build_steps + pages["jobs"]["deploy"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(s.get("run") == "make site" for s in build_steps)


def test_pages_cache_key_changes_with_every_build_input() -> None:
    """actions/cache saves only under a key it has not seen. The key hashed the seeds, the
    taxonomy and the package only, so after an edit to mkdocs.yml, overrides/, hooks/ or a pinned
    version every build restored an exact match, redid the work and saved none of it."""
    pages = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    step = next(
        s
        for s in pages["jobs"]["build"]["steps"]
        if s.get("uses", "").startswith("actions/cache@")
        and s["with"]["path"].strip() == ".cache/briefing"
    )
    key, restore = step["with"]["key"], step["with"]["restore-keys"]
    for read_by_the_build in (
        "seeds/**",
        "taxonomy.yml",
        "mkdocs.yml",
        "docs/**",
        "overrides/**",
        "hooks/**",
        "briefing/**",
        "requirements.lock",
    ):
        assert f"'{read_by_the_build}'" in key, read_by_the_build
    assert key.startswith(restore.strip())  # any earlier copy is a warm start


def test_ci_pip_cache_key_covers_both_lock_files() -> None:
    """`make test` installs requirements.lock and requirements-dev.lock; a key on the second
    alone kept saving nothing after the first changed."""
    ci = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    step = next(
        s for s in ci["jobs"]["test"]["steps"] if s.get("uses", "").startswith("actions/cache@")
    )
    assert "'requirements.lock'" in step["with"]["key"]
    assert "'requirements-dev.lock'" in step["with"]["key"]
