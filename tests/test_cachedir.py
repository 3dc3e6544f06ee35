"""Pruning a content-addressed cache: unused and old goes; used, recent or elsewhere stays."""

from __future__ import annotations

import os
from pathlib import Path

from briefing.cachedir import prune

NOW = 2_000_000_000.0
OLD = NOW - 8 * 86400
RECENT = NOW - 6 * 86400


def _put(path: Path, when: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"entry")
    os.utime(path, (when, when))
    return path


def test_only_unused_entries_older_than_the_limit_are_removed(tmp_path: Path) -> None:
    used_old = _put(tmp_path / "ab" / "abc1.pickle", OLD)
    unused_old = _put(tmp_path / "ab" / "abc2.pickle", OLD)
    unused_recent = _put(tmp_path / "cd" / "cde3.pickle", RECENT)
    temp_old = _put(tmp_path / "cd" / "abc1.pickle.tmp123", OLD)  # a crashed write's leftover
    assert prune(tmp_path, {"abc1"}, suffix=".pickle", now=NOW) == 2
    assert used_old.exists() and unused_recent.exists()
    assert not unused_old.exists() and not temp_old.exists()


def test_only_two_hex_digit_shards_are_looked_at(tmp_path: Path) -> None:
    beside = [
        _put(tmp_path / "outputs" / "ab" / "old", OLD),  # another store, one level down
        _put(tmp_path / "zz" / "old", OLD),
        _put(tmp_path / "last-build.json", OLD),
    ]
    assert prune(tmp_path, set(), now=NOW) == 0
    assert all(path.exists() for path in beside)


def test_a_missing_folder_is_nothing_to_prune(tmp_path: Path) -> None:
    assert prune(tmp_path / "absent", set()) == 0


def test_without_a_suffix_the_file_name_is_the_key(tmp_path: Path) -> None:
    kept = _put(tmp_path / "0f" / "0fa", OLD)
    gone = _put(tmp_path / "0f" / "0fb", OLD)
    prune(tmp_path, ["0fa"], now=NOW)
    assert kept.exists() and not gone.exists()


def test_a_used_entry_counts_from_its_last_use_not_from_when_it_was_written(
    tmp_path: Path,
) -> None:
    entry = _put(tmp_path / "ab" / "abc1", NOW - 30 * 86400)  # written a month ago
    prune(tmp_path, {"abc1"}, now=NOW)  # a build used it just now
    assert os.stat(entry).st_mtime == NOW
    # six days later no build needs it (an edit), and it is still there for a revert
    prune(tmp_path, set(), now=NOW + 6 * 86400)
    assert entry.exists()
    prune(tmp_path, set(), now=NOW + 8 * 86400)
    assert not entry.exists()


def test_a_recently_used_entry_is_not_touched_again(tmp_path: Path) -> None:
    entry = _put(tmp_path / "ab" / "abc1", NOW - 3600)
    prune(tmp_path, ["abc1"], now=NOW)  # a list works as well as a set
    assert os.stat(entry).st_mtime == NOW - 3600
