"""Golden feeds: the exact bytes of the seed build's feeds (Pelican-style functional test).

Regenerate with `make golden` ONLY after reading the diff it prints and agreeing with every
changed line: a feed change reaches every subscriber. The build is pinned by SOURCE_DATE_EPOCH and
a fixed git commit date (tests/conftest.py), so nothing here depends on the clock.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
FILES = ["feed.xml", "atom.xml", "feed.json", "tags/russia/feed.xml"]


@pytest.mark.parametrize("name", FILES)
def test_feed_bytes_match_golden(built_site: Path, name: str) -> None:
    produced = (built_site / "site" / name).read_bytes()
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
    assert golden.is_file(), f"no golden file {golden}; run `make golden` and review it"
    assert produced == golden.read_bytes(), (
        f"{name} differs from {golden}; if intended, run `make golden` and review the diff"
    )
