"""codestate: what counts as the package's code changing under a running process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing import codestate


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package of three files, noted as at import."""
    (tmp_path / "analyze").mkdir()
    (tmp_path / "ingest.py").write_text("RULE = 1\n", encoding="utf-8")
    (tmp_path / "render.py").write_text("PAGE = 1\n", encoding="utf-8")
    (tmp_path / "analyze" / "words.tsv").write_text("the\t1\n", encoding="utf-8")
    monkeypatch.setattr(codestate, "PACKAGE", tmp_path)
    monkeypatch.setattr(codestate, "AT_START", codestate.file_states())
    return tmp_path


def in_analyze(name: str) -> bool:
    return name.startswith("analyze/")


def test_nothing_changed(package: Path) -> None:
    assert codestate.unchanged_since_start()
    assert codestate.unchanged_since_start(in_analyze)


def test_a_removed_file_is_a_change_of_its_part(package: Path) -> None:
    (package / "analyze" / "words.tsv").unlink()
    assert not codestate.unchanged_since_start(in_analyze)
    assert not codestate.unchanged_since_start()


def test_an_added_file_is_a_change_of_its_part(package: Path) -> None:
    (package / "analyze" / "more.py").write_text("X = 1\n", encoding="utf-8")
    assert not codestate.unchanged_since_start(in_analyze)


def test_a_change_elsewhere_is_not_a_change_of_the_part(package: Path) -> None:
    (package / "render.py").write_text("PAGE = 22\n", encoding="utf-8")
    assert codestate.unchanged_since_start(in_analyze)
    assert not codestate.unchanged_since_start()


def test_a_file_replaced_by_one_of_the_same_size_and_time_is_a_change(package: Path) -> None:
    """Editors save by writing a new file and renaming it over the old one."""
    rule = package / "ingest.py"
    before = rule.stat()
    replacement = package / "ingest.py.new"
    replacement.write_text("RULE = 2\n", encoding="utf-8")  # same size
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))  # same time
    keep_inode_busy = package / "old-ingest"
    os.link(rule, keep_inode_busy)  # so the new file cannot be given the old inode
    os.replace(replacement, rule)
    assert rule.stat().st_size == before.st_size
    assert not codestate.unchanged_since_start()


def test_the_stage_files_are_the_files_the_stage_check_watches() -> None:
    """The analysis cache's key reads `stage_files()`; whether they changed is asked with
    `is_stage_file`: both must name the same files."""
    from briefing.analyze.settings import is_stage_file, stage_files

    keyed = {p.relative_to(codestate.PACKAGE).as_posix() for p in stage_files()}
    watched = {name for name in codestate.AT_START if is_stage_file(name)}
    assert keyed == watched
    assert {"ingest.py", "analyze/summary_weights.json", "analyze/tags.py"} <= watched
