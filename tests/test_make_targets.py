"""The Makefile and the README agree with the tree: every script or module a recipe runs
exists, and every `make X` the README tells a user to type is a target. (`make eval` once
pointed at a script that was never written; nothing ran it, so nothing noticed.)"""

from __future__ import annotations

import importlib.util
import re
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
