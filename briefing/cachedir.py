"""Keeping content-addressed caches at one site's worth plus recent history.

Every cache in ``.cache/briefing/`` is keyed by content: an edited report, a new taxonomy or a
new release writes new entries and never overwrites the old ones. Left alone, a CI cache that
is restored and saved on every push grows with each edit. A build that has just used the
entries it needs removes the others, but only once they are older than ``KEEP_UNUSED_DAYS``:
switching to a branch built last week, or reverting an edit, still finds its entries.
"""

from __future__ import annotations

import logging
import os
import string
import time
from collections.abc import Collection
from pathlib import Path

log = logging.getLogger(__name__)

KEEP_UNUSED_DAYS = 7
_HEX = frozenset(string.hexdigits.lower())


def prune(
    folder: Path,
    used: Collection[str],
    *,
    suffix: str = "",
    keep_days: float = KEEP_UNUSED_DAYS,
    now: float | None = None,
) -> int:
    """Remove the files ``folder/<xx>/<key><suffix>`` whose key is not in ``used`` and that
    were last written more than ``keep_days`` ago; returns how many were removed.

    Only two-hex-digit subfolders are looked at, so stores kept beside the entries (in longer
    folder names) are never touched. Leftover temporary files count as unused. Errors are
    logged, never raised: a cache that cannot be pruned is only bigger.
    """
    cutoff = (time.time() if now is None else now) - keep_days * 86400
    removed = 0
    try:
        shards = [e for e in os.scandir(folder) if _is_shard(e.name) and e.is_dir()]
    except OSError:
        return 0  # no cache yet
    for shard in shards:
        try:
            with os.scandir(shard.path) as entries:
                for entry in entries:
                    name = entry.name
                    if not suffix:
                        key: str | None = name
                    else:
                        key = name[: -len(suffix)] if name.endswith(suffix) else None
                    if key is not None and key in used:
                        continue
                    if entry.is_file() and entry.stat().st_mtime < cutoff:
                        os.unlink(entry.path)
                        removed += 1
        except OSError as exc:
            log.warning("could not prune the cache in %s (%s)", shard.path, exc)
    if removed:
        log.info("removed %d cache entries unused for %d days from %s", removed, keep_days, folder)
    return removed


def _is_shard(name: str) -> bool:
    return len(name) == 2 and set(name) <= _HEX
