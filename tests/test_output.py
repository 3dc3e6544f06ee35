"""Owned, atomic output: the generator replaces only what it wrote, never half a file, and one
build at a time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import make_project, run_briefing

from briefing import output
from briefing.errors import BuildLockedError, OwnershipError
from briefing.output import (
    LOCK,
    MANIFEST,
    atomic_write,
    build_lock,
    read_manifest,
    remove_outputs,
    write_outputs,
)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != LOCK
    }


def test_atomic_write_writes_once_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.md"
    assert atomic_write(target, b"one") is True
    assert atomic_write(target, b"one") is False  # unchanged bytes: not rewritten
    assert target.read_bytes() == b"one"
    assert [p.name for p in target.parent.iterdir()] == ["b.md"]


def test_written_files_are_readable_by_everyone_the_umask_allows(tmp_path: Path) -> None:
    """mkstemp makes 0600 files; a published feed must not be private to the builder."""
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "feed.xml", b"<rss/>")
    finally:
        os.umask(old)
    assert (tmp_path / "feed.xml").stat().st_mode & 0o777 == 0o644


def test_failed_write_keeps_the_old_file_and_removes_the_temp(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"old")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_manifest_lists_outputs_and_stale_files_are_removed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "reports" / "2024").mkdir(parents=True)
    (docs / "reports" / "2024" / "mine.md").write_bytes(b"hand-written, next to generated pages")
    first = {"reports/2024/a.md": b"a", "reports/2023/b.md": b"b", "feed.xml": b"<rss/>"}
    stats = write_outputs(docs, first)
    assert (stats.written, stats.unchanged, stats.removed) == (3, 0, 0)
    assert read_manifest(docs) == set(first)
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"] == sorted(first)

    second = {"reports/2024/a.md": b"a", "feed.xml": b"<rss>changed</rss>"}
    stats = write_outputs(docs, second)
    assert (stats.written, stats.unchanged, stats.removed) == (1, 1, 1)
    assert not (docs / "reports" / "2023").exists()  # emptied folder pruned
    assert (docs / "reports" / "2024" / "mine.md").read_bytes().startswith(b"hand-written")
    assert read_manifest(docs) == set(second)


def test_a_hand_written_file_in_a_report_page_s_place_names_the_report(tmp_path: Path) -> None:
    """'docs/reports/2024/clash-test.md … Move or rename them' did not say which report wanted
    that place, so the one way out that keeps the hand-written file (another slug) was hidden."""
    docs = tmp_path / "docs"
    (docs / "reports" / "2024").mkdir(parents=True)
    (docs / "reports" / "2024" / "clash-test.md").write_bytes(b"# Mine\n")
    outputs = {"reports/2024/clash-test.md": b"generated", "tags/index.md": b"generated"}
    with pytest.raises(OwnershipError) as error:
        write_outputs(docs, outputs, {"reports/2024/clash-test.md": "seeds/clash.txt"})
    assert str(error.value) == (
        "these files were not written by the digest but sit where it writes its pages: "
        "docs/reports/2024/clash-test.md (the page of seeds/clash.txt). Move or rename them (the "
        "digest never overwrites hand-written files), or give the report another 'slug:'."
    )


def test_hand_written_file_at_a_generated_path_stops_everything(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_outputs(docs, {"tags/index.md": b"generated", "feed.xml": b"old feed"})
    (docs / "tags" / "sanctions.md").write_bytes(b"# My notes on sanctions\n")
    before = tree(docs)
    with pytest.raises(OwnershipError) as error:
        write_outputs(
            docs,
            {"tags/index.md": b"new", "tags/sanctions.md": b"generated", "feed.xml": b"new feed"},
        )
    message = str(error.value)
    assert "docs/tags/sanctions.md" in message and "never overwrites" in message
    assert "docs/tags/index.md" not in message  # ours: not a conflict
    assert tree(docs) == before  # nothing at all was written, not even the unrelated feed


@pytest.mark.parametrize("kind", ["folder", "link", "broken-link", "file-where-folder-goes"])
def test_other_things_at_generated_paths_are_conflicts(tmp_path: Path, kind: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "elsewhere.md").write_bytes(b"precious")
    if kind == "folder":
        (docs / "feed.xml").mkdir()
        expected = "docs/feed.xml"
    elif kind == "link":
        (docs / "feed.xml").symlink_to(tmp_path / "elsewhere.md")
        expected = "docs/feed.xml"
    elif kind == "broken-link":
        (docs / "feed.xml").symlink_to(tmp_path / "missing.md")
        expected = "docs/feed.xml"
    else:
        (docs / "tags").write_bytes(b"a file called tags")
        expected = "docs/tags"
    with pytest.raises(OwnershipError, match=expected):
        write_outputs(docs, {"feed.xml": b"<rss/>", "tags/x.md": b"x"})
    assert (tmp_path / "elsewhere.md").read_bytes() == b"precious"
    assert not (docs / MANIFEST).exists()


def test_identical_file_without_a_manifest_is_taken_over(tmp_path: Path) -> None:
    """A lost manifest must not block a rebuild whose files are exactly what is there."""
    docs = tmp_path / "docs"
    outputs = {"reports/2024/a.md": b"a", "tags/index.md": b"tags"}
    write_outputs(docs, outputs)
    (docs / MANIFEST).unlink()
    stats = write_outputs(docs, outputs)
    assert (stats.written, stats.unchanged) == (0, 2)
    assert read_manifest(docs) == set(outputs)


def test_damaged_manifest_is_an_error_not_a_guess(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_outputs(docs, {"feed.xml": b"x"})
    (docs / MANIFEST).write_text('{"files": ["feed.xml"', encoding="utf-8")
    with pytest.raises(OwnershipError, match=r"docs/\.digest-manifest\.json is damaged"):
        write_outputs(docs, {"feed.xml": b"y"})
    with pytest.raises(OwnershipError, match="damaged"):
        remove_outputs(docs)
    assert (docs / "feed.xml").read_bytes() == b"x"


def test_manifest_entries_outside_docs_are_never_deleted(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "mkdocs.yml").write_bytes(b"site_name: mine")
    (docs / "index.md").write_bytes(b"# Home")
    (docs / MANIFEST).write_text(
        json.dumps(
            {
                "files": [
                    "../mkdocs.yml",
                    str(tmp_path / "mkdocs.yml"),
                    "reports/../index.md",
                    "./index.md",
                    MANIFEST,
                ]
            }
        ),
        encoding="utf-8",
    )
    write_outputs(docs, {"feed.xml": b"x"})
    assert (tmp_path / "mkdocs.yml").read_bytes() == b"site_name: mine"
    assert (docs / "index.md").read_bytes() == b"# Home"
    assert remove_outputs(docs) == 1  # only feed.xml
    assert (tmp_path / "mkdocs.yml").exists() and (docs / "index.md").exists()


def test_folder_replaced_by_a_link_is_not_followed_when_deleting(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_outputs(docs, {"reports/2024/a.md": b"a", "feed.xml": b"f"})
    outside = tmp_path / "my-archive"
    (outside / "2024").mkdir(parents=True)
    (outside / "2024" / "a.md").write_bytes(b"the user's copy")
    for child in (docs / "reports" / "2024").iterdir():
        child.unlink()
    (docs / "reports" / "2024").rmdir()
    (docs / "reports").rmdir()
    (docs / "reports").symlink_to(outside, target_is_directory=True)
    write_outputs(docs, {"feed.xml": b"f"})  # reports/2024/a.md is stale
    assert (outside / "2024" / "a.md").read_bytes() == b"the user's copy"


def test_temp_files_left_by_a_killed_build_are_removed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_outputs(docs, {"reports/2024/a.md": b"a"})
    leftover = docs / "reports" / "2024" / ".a.md.k2j4h5g6.tmp"
    leftover.write_bytes(b"half")
    manifest_leftover = docs / "..digest-manifest.json.abcd1234.tmp"  # mkstemp prefix "." + name
    manifest_leftover.write_bytes(b"{")
    users = docs / "reports" / "2024" / ".notes.md.abcd1234.tmp"  # not next to a file of ours
    users.write_bytes(b"mine")
    write_outputs(docs, {"reports/2024/a.md": b"a"})
    assert not leftover.exists() and not manifest_leftover.exists()
    assert users.read_bytes() == b"mine"


def test_lock_refuses_a_second_build_and_is_released(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    locked = pytest.raises(BuildLockedError, match="another build is writing to docs/ right now")
    with build_lock(docs), locked, build_lock(docs):
        pass
    with build_lock(docs):  # released
        pass


HOLD_LOCK = textwrap.dedent(
    """
    import fcntl, sys, time
    handle = open(sys.argv[1], "a+")
    fcntl.flock(handle, fcntl.LOCK_EX)
    print("locked", flush=True)
    time.sleep(60)
    """
)


def test_build_while_another_holds_the_lock_fails_clearly(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert run_briefing(project, "build", "--no-site").returncode == 0
    before = tree(project / "docs")
    (project / "seeds" / "000_0c47161101c188b3.txt").unlink()  # this build would change docs/
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(project / "docs" / LOCK)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = run_briefing(project, "build", "--no-site")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert "error: another build is writing to docs/ right now; wait for it to finish" in (
        result.stderr
    )
    assert tree(project / "docs") == before
    assert run_briefing(project, "build", "--no-site").returncode == 0  # the lock died with it


def test_two_builds_at_once_leave_one_consistent_output(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    clean = make_project(tmp_path / "clean")
    assert run_briefing(clean, "build", "--no-site", "--no-cache").returncode == 0
    env = dict(os.environ, SOURCE_DATE_EPOCH="1709251200", PYTHONPATH=str(Path.cwd()))
    command = [sys.executable, "-m", "briefing", "--project", str(project), "build", "--no-site"]
    procs = [
        subprocess.Popen(
            command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    results = [(p.wait(), p.stderr.read()) for p in procs]
    for code, err in results:
        assert code == 0 or "another build is writing" in err, err
    assert any(code == 0 for code, _ in results)
    assert tree(project / "docs") == tree(clean / "docs")
