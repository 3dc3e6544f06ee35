"""Search index: Pagefind over the built site, rebuilt only when an indexed page changed.

Pagefind splits the index into small chunks that the browser fetches per query, so no page load
pays for the whole archive (README "Search"). This module is the step `make search-index` runs
after the site is built; it reads HTML files only and never imports MkDocs.

Pagefind is given small views of the report pages (see `indexed_view`), not the site itself,
which keeps its memory under 2 GiB at 5,000 reports (benchmarks/SEARCH.md). `mkdocs build`
empties `site/` on every run, so the bundle is kept in the cache folder and linked back into
`site/pagefind/` when nothing it depends on changed: the paths and views of the pages that
carry `data-pagefind-body` (report pages, marked by the theme override), the Pagefind version
and the options below.
"""

from __future__ import annotations

import hashlib
import json
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
from briefing.output import atomic_write

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"  # where the bundle goes inside the site; search.js loads it from there
BODY_MARKER = b"data-pagefind-body"
STAMP = ".briefing-fingerprint"
SCAN = "pages.json"  # per-page sizes, times and digests from the last run
# Parts of a report page that are not the report: permalink pilcrows, the "Related reports" list
# (other reports' titles would make this page match their words), the seed-file footer, the
# meta line and the tag chips (date, reading time and tag names would fill excerpts; source,
# authors and tags are indexed from a hidden line the theme override adds at the end), the
# summary box's "Summary" label, and the key figures, whose sentences are the report's own
# sentences again (indexing them twice costs Pagefind memory and finds nothing new).
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".digest-meta",
    ".digest-tags",
    ".digest-indexed .admonition-title",
    ".digest-indexed > .admonition.info",
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
        if self.pages == 0:
            return "Search index: no reports yet, nothing to index"
        if self.rebuilt:
            return f"Search index built: {self.pages} reports in {self.seconds:.1f} s"
        return (
            f"Search index unchanged: {self.pages} reports, no report page changed "
            f"({self.seconds:.2f} s)"
        )


def _html_files(site_dir: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """Every HTML file of the site outside the bundle, as (relative path, entry).

    Plain strings and `os.scandir`, not pathlib: at 5,000 report folders, path objects alone
    cost more than the whole no-change run may take.
    """
    stack = [("", str(site_dir))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if not (prefix == "" and entry.name == BUNDLE_DIR):
                        stack.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".html"):
                    yield f"{prefix}{entry.name}", entry


def pagefind_version() -> str:
    """The installed Pagefind, so that upgrading it re-indexes (its index format may change)."""
    try:
        return metadata.version("pagefind-bin")
    except metadata.PackageNotFoundError:
        return "missing"


def indexed_view(data: bytes) -> bytes | None:
    """What Pagefind needs of one page, as a page of its own; None when it is not indexed.

    That is the <html> tag (the language) and the marked region, up to the end of the article.
    Pagefind is given these views instead of the site: it holds every page in memory while it
    works, and the head and navigation would more than double that. Hashing the view, not the
    page, means a new navigation entry or a change to the home page, tag lists or archive never
    rebuilds the index, while any change to a report does.
    """
    marker = data.find(BODY_MARKER)
    if marker < 0:
        return None
    start = data.find(b"<html")
    root = data[start : data.find(b">", start) + 1] if start >= 0 else b"<html>"
    begin = data.rfind(b"<", 0, marker)
    end = data.find(b"</article>", marker)
    region = data[begin : end if end >= 0 else len(data)]
    return (
        b"".join((b"<!doctype html>", root, b'<head><meta charset="utf-8"></head><body>', region))
        + b"</body></html>\n"
    )


def page_digest(data: bytes) -> str | None:
    view = indexed_view(data)
    return None if view is None else hashlib.blake2b(view, digest_size=16).hexdigest()


def write_views(site_dir: Path, pages: dict[str, list], dest: Path) -> None:
    """The indexed pages' views at their own paths under `dest`, so URLs stay the same."""
    for rel, (_, _, digest) in pages.items():
        if digest is None:
            continue
        view = indexed_view((site_dir / rel).read_bytes())
        if view is None:  # changed since it was scanned: the next run will see it
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(view)


def scan(site_dir: Path, known: dict[str, list]) -> dict[str, list]:
    """Every HTML page as {path: [size, mtime_ns, digest or None]}.

    A page whose size and modification time match `known` keeps its digest unread, so running
    the step twice costs one stat per page; after `mkdocs build` rewrote the site, every page
    is read again (about half a second at 5,000 reports).
    """
    pages: dict[str, list] = {}
    for rel, entry in _html_files(site_dir):
        info = entry.stat()
        before = known.get(rel)
        if before and before[0] == info.st_size and before[1] == info.st_mtime_ns:
            pages[rel] = before
        else:
            with open(entry.path, "rb") as handle:
                data = handle.read()
            pages[rel] = [info.st_size, info.st_mtime_ns, page_digest(data)]
    return pages


def fingerprint(pages: dict[str, list]) -> tuple[str, int]:
    """One hash of all indexed pages (path and digest), the Pagefind version, the options, and
    this module's code (which decides how Pagefind is run and what it is shown)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (pagefind_version(), *EXCLUDE_SELECTORS):
        digest.update(part.encode() + b"\0")
    try:
        digest.update(Path(__file__).read_bytes() + b"\0")
    except OSError:  # an install without sources
        digest.update(b"?\0")
    count = 0
    for rel, (_, _, page) in sorted(pages.items()):
        if page is not None:
            count += 1
            digest.update(f"{rel}\0{page}\n".encode())
    return digest.hexdigest(), count


def _load_scan(path: Path) -> dict[str, list]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


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


def _pin_to_cpus(cpus: int | None):
    """A pre-exec hook giving Pagefind only `cpus` of our CPUs, or None to leave it be.

    Pagefind's peak memory grows with how many pages it works on at once: at 5,000 reports it
    stayed under 2 GiB on one CPU and went past it on two (benchmarks/SEARCH.md). Where the OS
    cannot pin a process (not Linux), Pagefind simply gets every CPU.
    """
    if not cpus or not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))[:cpus]
    return lambda: os.sched_setaffinity(0, allowed)


def _run_pagefind(pages_dir: Path, output: Path, cpus: int | None) -> None:
    command = pagefind_command(pages_dir, output)
    log.debug("running %s", " ".join(command))
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        preexec_fn=_pin_to_cpus(cpus),  # one syscall, no lock: safe even after threads
    )
    failed = completed.returncode != 0
    for line in (completed.stdout + completed.stderr).splitlines():
        if line.strip():
            log.log(logging.ERROR if failed else logging.INFO, "pagefind: %s", line)
    if failed:
        raise SearchIndexError(
            f"Pagefind failed (exit {completed.returncode}) indexing the report pages; "
            "its messages are above"
        )


def index_site(
    site_dir: Path, cache_dir: Path, *, force: bool = False, cpus: int | None = 1
) -> IndexResult:
    """Make `site_dir/pagefind/` the index of the site's report pages, rebuilding only if needed.

    `cache_dir` keeps the last bundle and its fingerprint between builds of `site/`; `cpus`
    limits Pagefind's CPUs (None: all), which bounds its memory.
    """
    started = time.perf_counter()
    if not (site_dir / "index.html").is_file():
        raise SearchIndexError(
            f"no built site in {site_dir}: build it first ('make site' or 'briefing build')"
        )
    scanned = scan(site_dir, _load_scan(cache_dir / SCAN))
    current, pages = fingerprint(scanned)
    if pages == 0 and not any((site_dir / "reports").glob("**/*.html")):
        # a new digest with no reports yet: nothing to search, and no stale bundle either
        shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
        return IndexResult(0, False, time.perf_counter() - started, "")
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
            views, fresh = Path(tmp) / "pages", Path(tmp) / BUNDLE_DIR
            write_views(site_dir, scanned, views)
            _run_pagefind(views, fresh, cpus)
            (fresh / STAMP).write_text(current + "\n", encoding="ascii")
            shutil.rmtree(cached, ignore_errors=True)
            fresh.rename(cached)
    if rebuilt or _read_stamp(live) != current:
        _link_tree(cached, live)
    cache_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(cache_dir / SCAN, json.dumps(scanned, separators=(",", ":")).encode())
    return IndexResult(pages, rebuilt, time.perf_counter() - started, current)
