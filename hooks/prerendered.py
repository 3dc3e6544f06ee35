"""An optional MkDocs hook that makes report pages cheaper to build; the site is the same without it.

MkDocs converts every page with Python-Markdown, one page after another on one core, and keeps
each page's HTML until the whole site is written. Report pages are most of a digest's pages, and
each one changes only when its report (or a linked title) changes. This hook:

1. before MkDocs reads the pages (``on_nav``), converts the report pages whose HTML is not in
   ``.cache/briefing/html/`` in worker processes, with MkDocs' own ``Page.render`` and the
   site's own Markdown settings, and stores what rendering produced;
2. when MkDocs gets to a report page (``on_page_markdown``, after every other plugin), hands it
   that stored result instead of converting the Markdown again;
3. after a report page is written (``on_post_page``), drops its HTML, which nothing reads later.

Only report pages (``docs/reports/``) are touched. A page whose rendering logged a warning is
never stored, so MkDocs renders it itself and counts the warning (``--strict`` still fails).
The cache key covers the page's Markdown, its path, the Markdown settings, the versions of MkDocs
and Python-Markdown and whether each page it links to exists; anything else is a miss and MkDocs
renders the page as usual. Remove ``hooks:`` from mkdocs.yml and the same pages come out.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import multiprocessing
import os
import pickle
import posixpath
import re
import tempfile
from pathlib import Path
from types import MethodType
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

log = logging.getLogger("mkdocs.hooks.prerendered")

REPORTS = "reports/"
_VERSION = "2"
_MD_LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)\s]*)?\)")
_MIN_BATCH = 32  # below this, starting workers costs more than converting in MkDocs


def _versions() -> str:
    parts = [_VERSION]
    for name in ("mkdocs", "Markdown", "pymdown-extensions"):
        try:
            parts.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(name)
    return " ".join(parts)


class _State:
    """What this build knows: the settings part of every key and where the cache is."""

    settings = b""
    folder: Path | None = None
    report_uris: frozenset[str] = frozenset()


_state = _State()


def _settings_key(config: Any) -> bytes | None:
    extensions = config["markdown_extensions"]
    if not all(isinstance(e, str) for e in extensions):
        return None  # extension objects have no stable description: no cache
    described = repr(
        (
            _versions(),
            extensions,
            sorted((config["mdx_configs"] or {}).items()),
            config["use_directory_urls"],
            repr(config["validation"]),
        )
    )
    if " at 0x" in described:  # a function in the settings (e.g. a custom slugify)
        return None
    return described.encode()


def _key(src_uri: str, markdown: str, known: frozenset[str]) -> str:
    """The page, its settings, and whether each page it links to exists."""
    folder = posixpath.dirname(src_uri)
    targets = sorted(
        {posixpath.normpath(posixpath.join(folder, m)) for m in _MD_LINK.findall(markdown)}
    )
    links = "\n".join(f"{t} {t in known}" for t in targets)
    digest = hashlib.sha256(_state.settings)
    for part in (src_uri, markdown, links):
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _path(key: str) -> Path:
    assert _state.folder is not None
    return _state.folder / key[:2] / f"{key}.pickle"


def _store(key: str, value: tuple) -> None:
    target = _path(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, target)
    except OSError as exc:  # a read-only cache only makes the next build slower
        log.debug("could not store pre-rendered HTML (%s)", exc)


def _load(key: str) -> tuple | None:
    try:
        with open(_path(key), "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, truncated or from another version: MkDocs renders the page
        return None


# --- rendering in worker processes (forked: they inherit config and files) --------------------

_work: dict[str, Any] = {}


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _render_one(src_uri: str) -> tuple[str, tuple | None]:
    """MkDocs' own rendering of one page; None when it warned (MkDocs must then warn itself)."""
    config, files = _work["config"], _work["files"]
    file = files.get_file_from_path(src_uri)
    page = Page(None, file, config)
    page.read_source(config)
    counter = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        page.render(config, files)
    except Exception:
        return src_uri, None
    finally:
        logger.removeHandler(counter)
    if counter.count:
        return src_uri, None
    # links to anchors (the headings' own permalinks) are kept by path: File objects belong
    # to one build, and MkDocs checks these anchors once every page is rendered
    anchors = {f.src_uri: dict(links) for f, links in (page.links_to_anchors or {}).items()}
    content = (page.content, page.toc, page._title_from_render, page.present_anchor_ids)
    return src_uri, (*content, anchors)


def _quiet_worker() -> None:
    """A worker's messages would repeat MkDocs' own: the page is rendered again by MkDocs."""
    logger = logging.getLogger("mkdocs")
    logger.handlers = []
    logger.propagate = False
    logger.setLevel(logging.WARNING)


def _worker(uris: list[str], conn: Any) -> None:
    _quiet_worker()
    try:
        conn.send([_render_one(uri) for uri in uris])
    finally:
        conn.close()


def _render_all(uris: list[str], config: Any, files: Any) -> dict[str, tuple | None]:
    """Each worker takes every n-th page; forked workers see config and files as they are.

    Plain processes and pipes rather than a Pool: a Pool pickles the function it runs by its
    module's name, and MkDocs loads hooks from a file path, not as an importable module.
    """
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(uris) < _MIN_BATCH:
        return {}
    if "fork" not in multiprocessing.get_all_start_methods():
        return {}
    context = multiprocessing.get_context("fork")
    _work.update(config=config, files=files)
    results: dict[str, tuple | None] = {}
    try:
        jobs = []
        for number in range(workers):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(uris[number::workers], send))
            process.start()
            send.close()
            jobs.append((process, receive))
        for process, receive in jobs:
            # a worker that died sent nothing: its pages are rendered by MkDocs as usual
            with contextlib.suppress(EOFError):
                results.update(receive.recv())
            process.join()
    finally:
        _work.clear()
    return results


# --- MkDocs events ----------------------------------------------------------------------------


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    settings = _settings_key(config)
    if settings is None:
        log.info("prerendered: Markdown settings hold objects; report pages render as usual")
        _state.folder = None
        return nav
    _state.settings = settings
    # next to the analysis cache (extra.digest.cache_dir), so `make distclean` empties both
    digest = (config["extra"] or {}).get("digest") or {}
    root = Path(config["config_file_path"]).resolve().parent
    _state.folder = root / str(digest.get("cache_dir", ".cache/briefing")) / "html"
    known = frozenset(f.src_uri for f in files.documentation_pages())
    _state.report_uris = frozenset(u for u in known if u.startswith(REPORTS))
    missing: dict[str, str] = {}
    for uri in sorted(_state.report_uris):
        file = files.get_file_from_path(uri)
        try:
            markdown, _ = meta.get_data(file.content_string)
        except (OSError, ValueError):
            continue  # MkDocs reports it when it reads the page
        key = _key(uri, markdown, known)
        if not _path(key).exists():
            missing[uri] = key
    rendered = _render_all(list(missing), config, files)
    for uri, value in rendered.items():
        if value is not None:
            _store(missing[uri], value)
    log.debug(
        "prerendered: %d report pages, %d converted in workers",
        len(_state.report_uris),
        len(rendered),
    )
    _state.known = known  # type: ignore[attr-defined]
    return nav


def _install(page: Page, value: tuple, files: Any) -> None:
    content, toc, title, present, anchor_links = value
    links = {}
    for uri, anchors in anchor_links.items():
        target = files.get_file_from_path(uri)
        if target is None:
            return  # the page links to one that is gone: MkDocs renders it and says so
        links[target] = anchors

    def render(self: Page, config: Any, files: Any) -> None:
        self.content, self.toc, self._title_from_render = content, toc, title
        self.present_anchor_ids = present
        if log.getEffectiveLevel() > logging.DEBUG:  # as MkDocs' own render does
            self.links_to_anchors = links

    page.render = MethodType(render, page)  # type: ignore[method-assign]


@event_priority(-100)  # last: the Markdown the key is made from is what MkDocs would convert
def on_page_markdown(markdown: str, page: Page, config: Any, files: Any) -> str:
    if _state.folder is not None and page.file.src_uri in _state.report_uris:
        known = getattr(_state, "known", frozenset())
        value = _load(_key(page.file.src_uri, markdown, known))
        if value is not None:
            _install(page, value, files)
    return markdown


@event_priority(-100)
def on_post_page(output: str, page: Page, config: Any) -> str:
    if page.file.src_uri in _state.report_uris:
        page.content = None  # written; nothing reads a report page's HTML after this
        page.toc = []  # type: ignore[assignment]
    return output
