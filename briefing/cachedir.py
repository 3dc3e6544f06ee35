"""Keeping content-addressed caches at one site's worth plus recent history.

Every cache in ``.cache/briefing/`` is keyed by content: an edited report, a new taxonomy or a
new release writes new entries and never overwrites the old ones. Left alone, a CI cache that
is restored and saved on every push grows with each edit. A build that has just used the
entries it needs marks them as used (their file time, refreshed at most once a day) and removes
the others once no build has used them for ``KEEP_UNUSED_DAYS``: switching to a branch built
last week, or reverting an edit, still finds its entries.
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
_REFRESH_SECONDS = 86400  # a used entry's time is brought up to date once it is a day old


def prune(
    folder: Path,
    used: Collection[str],
    *,
    suffix: str = "",
    keep_days: float = KEEP_UNUSED_DAYS,
    now: float | None = None,
) -> int:
    """Remove the files ``folder/<xx>/<key><suffix>`` whose key is not in ``used`` and that no
    build has used for ``keep_days``; returns how many were removed. Entries in ``used`` get
    their file time set to now when it is more than a day old: the time says when a build last
    needed the entry, not when it was written (reading an entry does not change its time).

    Only two-hex-digit subfolders are looked at, so stores kept beside the entries (in longer
    folder names) are never touched. Leftover temporary files count as unused. Errors are
    logged, never raised: a cache that cannot be pruned is only bigger.
    """
    used = used if isinstance(used, (set, frozenset, dict)) else set(used)
    now = time.time() if now is None else now
    cutoff = now - keep_days * 86400
    stale = now - _REFRESH_SECONDS
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
                        if entry.stat().st_mtime < stale:
                            os.utime(entry.path, (now, now))
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
