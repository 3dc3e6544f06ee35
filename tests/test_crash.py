"""kill -9 at random moments of a build: docs/ stays readable, and the next build repairs it.

A build of many reports is started and killed with SIGKILL several times: at random moments of the
whole build, and at random moments after it has started writing (found by watching the
manifest). After every kill each file in docs/ must be whole (exactly its old or its new bytes),
the manifest must parse, and hand-written files must be untouched; the build after the last kill
must leave docs/ byte-identical to a clean build of the same input.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import EPOCH, ROOT, commit_all, make_project

from briefing.build import LAST_BUILD
from briefing.output import LOCK, MANIFEST

REPORTS = 160
KILLS_ANYWHERE = 3
KILLS_WHILE_WRITING = 3
_WORDS = [
    "market",
    "traders",
    "rice",
    "prices",
    "border",
    "officials",
    "factory",
    "workers",
    "province",
    "harvest",
    "fuel",
    "inspection",
    "smuggling",
    "currency",
    "exchange",
    "rate",
    "ministry",
    "residents",
    "police",
    "transport",
    "railway",
    "electricity",
    "shortage",
    "students",
    "meeting",
    "campaign",
    "soldiers",
]


def report_text(number: int, version: int) -> str:
    rnd = random.Random(number * 7 + version)
    title = f"Report {number} on {' '.join(rnd.sample(_WORDS, 3)).capitalize()}"
    paragraphs = []
    for _ in range(4):
        sentences = [
            f"{' '.join(rnd.sample(_WORDS, 6)).capitalize()} in Hyesan, a source said."
            for _ in range(3)
        ]
        paragraphs.append(" ".join(sentences))
    day = 1 + number % 28
    return (
        f"---\ntitle: {title} (v{version})\ndate: 2024-{1 + number % 12:02d}-{day:02d}\n---\n\n"
        + "\n\n".join(paragraphs)
        + "\n"
    )


def write_inputs(project: Path, version: int) -> None:
    """Version 1: reports 0…N-1. Version 2: every third rewritten, some gone, some new."""
    seeds = project / "seeds"
    for path in seeds.glob("r*.txt"):
        path.unlink()
    numbers = range(REPORTS) if version == 1 else range(10, REPORTS + 10)
    for n in numbers:
        changed = version == 2 and n % 3 == 0
        (seeds / f"r{n:04d}.txt").write_text(report_text(n, 2 if changed else 1), encoding="utf-8")


def docs_state(project: Path) -> dict[str, bytes]:
    docs = project / "docs"
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for p in sorted(docs.rglob("*"))
        if p.is_file() and p.name != LOCK
    }


def start_build(project: Path) -> subprocess.Popen:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", "--project", str(project), "build", "--no-site"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill reaches worker processes too
    )


def kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def assert_readable(project: Path, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    """Every file is whole: old bytes or new bytes, never a mixture or a fragment."""
    state = docs_state(project)
    json.loads(state[MANIFEST])  # parses
    for path, data in state.items():
        if path == MANIFEST:
            continue
        name = path.rsplit("/", 1)[-1]
        if name.startswith(".") and name.endswith(".tmp"):
            continue  # a temporary file the next build removes; MkDocs ignores dot files
        assert data in (old.get(path), new.get(path)), path
    for path in ("index.md", "about.md"):
        assert state[path] == old[path]


def test_killed_builds_leave_readable_output_and_the_next_build_repairs(tmp_path: Path) -> None:
    clean = make_project(tmp_path / "clean", seeds=[])
    write_inputs(clean, 2)
    commit_all(clean)
    started = time.perf_counter()
    proc = start_build(clean)
    assert proc.wait() == 0, proc.stderr.read()
    duration = time.perf_counter() - started
    expected = docs_state(clean)

    project = make_project(tmp_path / "p", seeds=[])
    write_inputs(project, 1)
    commit_all(project)
    first = start_build(project)
    assert first.wait() == 0, first.stderr.read()
    old = docs_state(project)
    write_inputs(project, 2)
    commit_all(project, "Edit reports")
    new = expected

    seed = int(os.environ.get("CRASH_SEED", random.randrange(1 << 30)))
    rnd = random.Random(seed)
    old_docs = tmp_path / "old-docs"
    shutil.copytree(project / "docs", old_docs)
    kills_that_landed = 0
    # Kills while writing come first, each from the old output with no record of a finished
    # build, so every one of them has the whole old → new rewrite ahead of it (once a build
    # completes, the next one has nothing left to write and could not be caught writing).
    for attempt in range(KILLS_WHILE_WRITING + KILLS_ANYWHERE):
        writing = attempt < KILLS_WHILE_WRITING
        if writing:
            shutil.rmtree(project / "docs")
            shutil.copytree(old_docs, project / "docs")
            (project / ".cache" / "briefing" / LAST_BUILD).unlink(missing_ok=True)
        manifest = project / "docs" / MANIFEST
        before = manifest.stat().st_mtime_ns
        proc = start_build(project)
        if not writing:
            time.sleep(rnd.uniform(0.0, duration))
        else:  # wait until the build starts writing, then a little more
            deadline = time.perf_counter() + 4 * duration + 10
            while manifest.stat().st_mtime_ns == before and proc.poll() is None:
                assert time.perf_counter() < deadline, "the build never started writing"
                time.sleep(0.001)
            # writes take tens of milliseconds (renames, no fsync): kill within the first few
            time.sleep(rnd.uniform(0.0, 0.01))
            kills_that_landed += proc.poll() is None
        kill(proc)
        assert_readable(project, old, new), f"CRASH_SEED={seed}"
    assert kills_that_landed >= KILLS_WHILE_WRITING // 2 + 1, f"CRASH_SEED={seed}"

    repair = start_build(project)
    assert repair.wait() == 0, repair.stderr.read()
    assert docs_state(project) == expected, f"CRASH_SEED={seed}"
    # and nothing was left behind: no temporary files anywhere in docs/
    assert not [p for p in (project / "docs").rglob("*.tmp")]
