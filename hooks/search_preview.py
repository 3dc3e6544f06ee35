"""An MkDocs hook that gives `mkdocs serve` (and so `make serve`) a working search box.

`make site` indexes `site/` with Pagefind (`briefing search-index`) after MkDocs has built it.
`mkdocs serve` builds into a temporary folder of its own, which nothing else indexes, so a
preview's search box could only say the index is missing. Under `serve`, this hook indexes
each preview build with the same code once MkDocs has written it; Pagefind runs again only when
a report page changed. Under `build` it does nothing, and removing it from mkdocs.yml only
takes search out of the preview.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.search_preview")

_serving = {"on": False}


def on_startup(command: str, dirty: bool) -> None:
    _serving["on"] = command == "serve"


def on_post_build(config: Any) -> None:
    if not _serving["on"]:
        return
    from briefing.errors import BriefingError
    from briefing.search import index_site

    digest = (config["extra"] or {}).get("digest") or {}
    root = Path(config["config_file_path"]).resolve().parent
    # apart from `make site`'s bundle: the preview's pages carry the preview's addresses
    cache = root / str(digest.get("cache_dir", ".cache/briefing")) / "search-preview"
    try:
        result = index_site(Path(config["site_dir"]), cache)
    except (BriefingError, OSError) as exc:  # a preview without search is still a preview
        log.warning("search preview: %s", exc)
        return
    log.info("search preview: %s", result.summary_line())
