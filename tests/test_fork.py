"""A team forks the project, puts its own reports in seeds/ and edits taxonomy.yml for its own
subject; its CI runs `make test` on every push. So the tests must not read what those files hold:
they use the copies in tests/inputs/. (They read seeds/ and taxonomy.yml directly, and a fork that
replaced the four sample reports got 64 failing tests.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

# what a checkout holds besides the tracked files: never copied
_SKIP_TOP = {".git", ".venv", ".cache", "site", "test-artifacts", ".pytest_cache", ".hypothesis"}
_SKIP_DOCS = {"reports", "tags", "archive", "editions", "_digest"}  # a build's output in docs/

# the test files that read the sample reports or the sample vocabulary
_TESTS = [
    "tests/test_ingest_seeds.py",
    "tests/test_figures.py",
    "tests/test_tags.py",
    "tests/test_keyphrases.py",
    "tests/test_summarize.py",
    "tests/test_cli.py",
    "tests/test_golden.py",
]

_THEIR_REPORT = """\
---
title: Ferry timetable cut on the northern route
date: 2025-01-14
source: Harbour Desk
---
The port authority cut the winter ferry timetable to two sailings a day on Monday, citing
a shortage of crew. Passengers who held tickets for cancelled sailings were moved to the
morning boat.
"""

_THEIR_TAXONOMY = """\
topics:
  - name: Transport
    aliases: [ferry, ferries, timetable]
"""


def _ignore(folder: str, names: list[str]) -> set[str]:
    where = Path(folder)
    if where == ROOT:
        return {n for n in names if n in _SKIP_TOP}
    if where == ROOT / "docs":
        return {n for n in names if n in _SKIP_DOCS or n.startswith(".digest-")}
    return {n for n in names if n in {"__pycache__", "work"}}


@pytest.mark.slow
def test_the_tests_pass_in_a_fork_with_its_own_reports_and_vocabulary(tmp_path: Path) -> None:
    fork = tmp_path / "fork"
    shutil.copytree(ROOT, fork, ignore=_ignore, symlinks=True)
    shutil.rmtree(fork / "seeds")
    (fork / "seeds").mkdir()
    (fork / "seeds" / "ferry-timetable.txt").write_text(_THEIR_REPORT, encoding="utf-8")
    (fork / "taxonomy.yml").write_text(_THEIR_TAXONOMY, encoding="utf-8")
    env = dict(
        os.environ,
        PYTHONPATH=str(fork),  # the fork's own code, not the checkout's editable install
        PYTHONDONTWRITEBYTECODE="1",
        HYPOTHESIS_PROFILE="default",  # the property tests are not what this is about
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *_TESTS],
        cwd=fork,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
