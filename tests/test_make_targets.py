"""The Makefile and the README agree with the tree: every script or module a recipe runs
exists, and every `make X` the README tells a user to type is a target. (`make eval` once
pointed at a script that was never written; nothing ran it, so nothing noticed.)"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _recipes() -> list[str]:
    return [line.strip() for line in MAKEFILE.splitlines() if line.startswith("\t")]


def _targets() -> set[str]:
    return {m.group(1) for m in re.finditer(r"^([a-z][\w-]*):", MAKEFILE, re.MULTILINE)}


def test_every_script_a_recipe_runs_exists() -> None:
    scripts = [m.group(1) for r in _recipes() for m in re.finditer(r"\$\(PY\) ([\w/.-]+\.py)", r)]
    assert scripts, "the pattern no longer finds the recipes' scripts"
    missing = [s for s in scripts if not (ROOT / s).is_file()]
    assert not missing, missing


def test_every_module_a_recipe_runs_exists() -> None:
    modules = [m.group(1) for r in _recipes() for m in re.finditer(r"\$\(PY\) -m ([\w.]+)", r)]
    assert "evaluation.keyphrases" in modules, modules
    sys.path.insert(0, str(ROOT))  # `python -m` from the repository root sees its packages
    try:
        missing = [m for m in modules if importlib.util.find_spec(m) is None]
    finally:
        sys.path.remove(str(ROOT))
    assert not missing, missing


def test_every_make_command_in_the_readme_is_a_target() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # commands in backticks or on a line of a code block, not the word "make" in prose
    asked = set(re.findall(r"(?:`|^\s*)make ([a-z][\w-]*)", readme, re.MULTILINE))
    assert {"site", "test", "serve"} <= asked
    assert not asked - _targets(), sorted(asked - _targets())


def _make_site(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`make site` in a copy of the project, with this checkout's virtualenv (never remade there)."""
    from conftest import EPOCH

    for name in ("Makefile", "build_digest.py"):
        shutil.copy2(ROOT / name, project / name)
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-o",
            ".venv/.site-deps",
            "site",
            f"PY={sys.executable}",
            *args,
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def test_make_site_still_indexes_the_published_reports_when_one_is_skipped(tmp_path: Path) -> None:
    """One bad report made `make site` stop after the build: the other reports were published
    but site/ had no search index (and the log never said why search was gone)."""
    from conftest import make_project

    project = make_project(tmp_path / "p")
    (project / "seeds" / "broken.txt").write_bytes(b"\x00\x01 not a report")
    result = _make_site(project)
    assert result.returncode != 0  # a skipped report still fails the build (and CI)
    assert "seeds/broken.txt: error: binary file" in result.stderr
    assert "4 published, 1 skipped" in result.stdout
    assert (project / "site" / "pagefind" / "pagefind-entry.json").is_file()


def test_make_site_strict_fails_on_a_warning_before_writing(tmp_path: Path) -> None:
    from conftest import SEEDS, make_project

    project = make_project(tmp_path / "p", seeds=SEEDS[:1])
    text = SEEDS[0].read_text(encoding="utf-8")
    (project / "seeds" / "odd.txt").write_text(f"---\ntitel: x\n---\n{text}", encoding="utf-8")
    assert _make_site(project).returncode == 0  # an unknown key is only a warning
    shutil.rmtree(project / "site")
    result = _make_site(project, "STRICT=1")
    assert result.returncode != 0
    assert "odd.txt" in result.stderr and "titel" in result.stderr
    assert not (project / "site").exists()


def test_seeds_folder_survives_removing_every_sample_report() -> None:
    """A fork that ran `git rm seeds/*` to make room for its own reports pushed a tree without
    seeds/ (git keeps no empty folder), and the Pages build stopped: 'seeds/: folder not found'."""
    assert (ROOT / "seeds" / ".gitkeep").is_file()
