"""Search index: Pagefind over the built site, rebuilt only when an indexed page changed.

Pagefind splits the index into small chunks that the browser fetches per query, so no page load
pays for the whole archive (README "Search"). This module is the step `make search-index` runs
after the site is built; it reads HTML files only and never imports MkDocs.

`mkdocs build` empties `site/` on every run, so the bundle is kept in the cache folder and linked
back into `site/pagefind/` when nothing it depends on changed. What it depends on: the bytes and
paths of the pages that carry `data-pagefind-body` (report pages, marked by the theme override),
the Pagefind version and the options below.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from briefing.errors import BuildError

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"  # where the bundle goes inside the site; search.js loads it from there
BODY_MARKER = b"data-pagefind-body"
STAMP = ".briefing-fingerprint"
# Parts of a report page that are not the report: permalink pilcrows, the "Related reports" list
# (other reports' titles would make this page match their words), the seed-file footer, and the
# meta line (date and reading time would fill excerpts; source and authors are indexed from a
# hidden line the theme override adds at the end).
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".digest-meta",
    "#related-reports",
    ".digest-indexed > ul",
    ".digest-related",
    ".digest-source",
)


class SearchIndexError(BuildError):
    """The site is missing or Pagefind failed; the message says which and what to do."""


@dataclass(frozen=True)
class IndexResult:
    pages: int  # pages in the index (report pages)
    rebuilt: bool  # False: the cached bundle was still right and nothing was indexed
    seconds: float
    fingerprint: str

    def summary_line(self) -> str:
        if self.rebuilt:
            return f"Search index built: {self.pages} reports in {self.seconds:.1f} s"
        return (
            f"Search index unchanged: {self.pages} reports, no report page changed "
            f"({self.seconds:.2f} s)"
        )


def _html_files(site_dir: Path) -> Iterator[Path]:
    """Every HTML file of the site outside the bundle, in a stable order."""
    for folder, dirs, files in os.walk(site_dir):
        if Path(folder) == site_dir and BUNDLE_DIR in dirs:
            dirs.remove(BUNDLE_DIR)
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                yield Path(folder) / name


def pagefind_version() -> str:
    """The installed Pagefind, so that upgrading it re-indexes (its index format may change)."""
    try:
        return metadata.version("pagefind-bin")
    except metadata.PackageNotFoundError:
        return "missing"


def fingerprint(site_dir: Path) -> tuple[str, int]:
    """Hash of everything the index is made from, and the number of indexed pages.

    Only pages that Pagefind indexes count, so a change to the home page, tag lists or archive
    alone does not trigger a rebuild; a theme change that touches report pages does.
    """
    digest = hashlib.blake2b(digest_size=20)
    for part in (pagefind_version(), *EXCLUDE_SELECTORS):
        digest.update(part.encode() + b"\0")
    pages = 0
    for path in _html_files(site_dir):
        data = path.read_bytes()
        if BODY_MARKER not in data:
            continue
        pages += 1
        rel = path.relative_to(site_dir).as_posix().encode()
        digest.update(len(rel).to_bytes(4, "big") + rel)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest(), pages


def pagefind_command(site_dir: Path, output: Path) -> list[str]:
    """The Pagefind invocation: the bundled binary of the `pagefind[bin]` wheel, offline."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise SearchIndexError(
            "Pagefind is not installed in this environment: run 'make site' (it installs "
            "requirements.lock), or pip install 'pagefind[bin]'"
        ) from exc
    command = [str(get_executable()), "--site", str(site_dir), "--output-path", str(output)]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return [*command, "--quiet"]


def _read_stamp(bundle: Path) -> str | None:
    try:
        return (bundle / STAMP).read_text(encoding="ascii").strip()
    except OSError:
        return None


def _link_tree(source: Path, target: Path) -> None:
    """Copy a bundle by hard links when possible: thousands of files in well under a second."""

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    tmp = target.with_name(f".{target.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(source, tmp, copy_function=link_or_copy)
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)


def _run_pagefind(site_dir: Path, output: Path) -> None:
    command = pagefind_command(site_dir, output)
    log.debug("running %s", " ".join(command))
    completed = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    for line in (completed.stdout + completed.stderr).splitlines():
        if line.strip():
            log.info("pagefind: %s", line)
    if completed.returncode != 0:
        raise SearchIndexError(
            f"Pagefind failed (exit {completed.returncode}) indexing {site_dir}; "
            "its messages are above"
        )


def index_site(site_dir: Path, cache_dir: Path, *, force: bool = False) -> IndexResult:
    """Make `site_dir/pagefind/` the index of the site's report pages, rebuilding only if needed.

    `cache_dir` keeps the last bundle and its fingerprint between builds of `site/`.
    """
    started = time.perf_counter()
    if not (site_dir / "index.html").is_file():
        raise SearchIndexError(
            f"no built site in {site_dir}: build it first ('make site' or 'briefing build')"
        )
    current, pages = fingerprint(site_dir)
    if pages == 0:
        raise SearchIndexError(
            f"no page in {site_dir} is marked for indexing (data-pagefind-body): is "
            "overrides/main.html the one from this project?"
        )
    cached = cache_dir / BUNDLE_DIR
    live = site_dir / BUNDLE_DIR
    rebuilt = force or _read_stamp(cached) != current
    if rebuilt:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".pagefind-") as tmp:
            fresh = Path(tmp) / BUNDLE_DIR
            _run_pagefind(site_dir, fresh)
            (fresh / STAMP).write_text(current + "\n", encoding="ascii")
            shutil.rmtree(cached, ignore_errors=True)
            fresh.rename(cached)
    if rebuilt or _read_stamp(live) != current:
        _link_tree(cached, live)
    return IndexResult(pages, rebuilt, time.perf_counter() - started, current)
