"""An MkDocs hook that gives `mkdocs serve` (and so `make serve`) a working search box.

`make site` indexes `site/` with Pagefind (`briefing search-index`) after MkDocs has built it.
`mkdocs serve` builds into a temporary folder of its own, which nothing else indexes, so a
preview's search box could only say the index is missing. Under `serve`, this hook indexes
each preview build with the same code once MkDocs has written it; Pagefind runs again only when
a report page changed, and not at all above ``PREVIEW_LIMIT`` reports (the reload would wait).
Under `build` it does nothing, and removing it from mkdocs.yml only takes search out of the
preview. `mkdocs serve --clean` tells hooks its first build is a `build`; the preview is known
only when MkDocs starts watching files (`on_serve`), so that first build is indexed then.
`mkdocs serve --clean --no-livereload` never says it serves: that preview has no search.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.search_preview")

_serving = {"on": False}
# Above this many report pages a preview is not indexed: indexing runs again after every edit
# to a report, and takes about 4 s per 1,000 reports on two cores (benchmarks/SEARCH.md).
PREVIEW_LIMIT = 1000


def on_startup(command: str, dirty: bool) -> None:
    _serving["on"] = command == "serve"


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    if not _serving["on"]:  # `serve --clean`: its first build ran as a "build"
        _serving["on"] = True
        _index_preview(config)
    return server


def on_post_build(config: Any) -> None:
    if _serving["on"]:
        _index_preview(config)


def _index_preview(config: Any) -> None:
    from briefing.errors import BriefingError
    from briefing.search import index_site

    digest = (config["extra"] or {}).get("digest") or {}
    root = Path(config["config_file_path"]).resolve().parent
    # apart from `make site`'s bundle: the preview's pages carry the preview's addresses
    cache = root / str(digest.get("cache_dir", ".cache/briefing")) / "search-preview"
    site = Path(config["site_dir"])
    reports = sum(1 for _ in (site / "reports").glob("**/*.html"))
    if reports > PREVIEW_LIMIT:  # Pagefind would hold up every reload for many seconds
        log.info(
            "search preview: %d reports, over %d; search works in `make site` + "
            "`python3 -m http.server -d site`",
            reports,
            PREVIEW_LIMIT,
        )
        return
    try:
        result = index_site(site, cache)
    except (BriefingError, OSError) as exc:  # a preview without search is still a preview
        log.warning("search preview: %s", exc)
        return
    log.info("search preview: %s", result.summary_line())
