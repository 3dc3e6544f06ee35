"""An optional MkDocs hook that makes generated pages cheaper to build; the site is the same
without it.

MkDocs converts every page with Python-Markdown, one after another on one core, and keeps every
page's HTML and Markdown in memory from reading until the whole site is written. The pages
Briefing Digest generates (reports, tags, archive, editions: all but a handful of a digest's
pages) change only when their Markdown does. This hook:

1. before MkDocs reads the pages (``on_nav``), converts the generated pages whose HTML is not in
   the cache (``<cache_dir>/html/``) in forked worker processes, with MkDocs' own
   ``Page.render`` and the site's own Markdown settings, and stores what rendering produced;
2. when MkDocs reads such a page (``on_page_markdown``, after every other plugin), hands it that
   stored result instead of converting the Markdown again;
3. sets the page's HTML and Markdown aside once every plugin has seen them (``on_page_content``,
   only when no plugin changed the HTML) and reads them back just before the page is written
   (``on_page_context``, before other plugins), then drops them (``on_post_page``): MkDocs then
   holds one generated page's text at a time instead of all of them.

Hand-written pages are never touched. A page whose rendering logged a warning is never stored,
so MkDocs renders it itself and counts the warning (``--strict`` still fails). The cache key
covers the page's Markdown and path, the Markdown settings, the versions of MkDocs, Python-Markdown
and pymdown-extensions, and whether each page it links to exists; on any miss MkDocs renders the
page as usual. Remove ``hooks:`` from mkdocs.yml and the same pages come out.
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

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

log = logging.getLogger("mkdocs.hooks.prerendered")

# The folders Briefing Digest generates (see .gitignore); hand-written pages are left alone.
GENERATED = ("reports/", "tags/", "archive/", "editions/")
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
    """What this build knows: the settings part of every key, where the cache is, and which
    generated pages are served from it."""

    def __init__(self) -> None:
        self.settings = b""
        self.folder: Path | None = None
        self.generated: frozenset[str] = frozenset()
        self.known: frozenset[str] = frozenset()  # every documentation page
        self.keys: dict[str, str] = {}  # page → its cache key, when served from it
        self.installed: dict[str, str] = {}  # page → the HTML handed to MkDocs
        self.deferred: set[str] = set()  # pages whose HTML and Markdown were set aside


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

_command = {"name": "build"}


def on_startup(command: str, dirty: bool) -> None:
    # `mkdocs serve` runs a web server and a file watcher in threads, and forking a process
    # with threads can copy a lock in the held state: there, pages come from the cache or
    # from MkDocs itself, never from forked workers.
    _command["name"] = command


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    global _state
    _state = _State()  # a new build (mkdocs serve rebuilds in the same process)
    settings = _settings_key(config)
    if settings is None:
        log.info("prerendered: Markdown settings hold objects; pages render as usual")
        _state.folder = None
        return nav
    _state.settings = settings
    # next to the analysis cache (extra.digest.cache_dir), so `make distclean` empties both
    digest = (config["extra"] or {}).get("digest") or {}
    root = Path(config["config_file_path"]).resolve().parent
    _state.folder = root / str(digest.get("cache_dir", ".cache/briefing")) / "html"
    known = frozenset(f.src_uri for f in files.documentation_pages())
    _state.generated = frozenset(u for u in known if u.startswith(GENERATED))
    missing: dict[str, str] = {}
    for uri in sorted(_state.generated):
        file = files.get_file_from_path(uri)
        try:
            markdown, _ = meta.get_data(file.content_string)
        except (OSError, ValueError):
            continue  # MkDocs reports it when it reads the page
        key = _key(uri, markdown, known)
        if not _path(key).exists():
            missing[uri] = key
    forking = _command["name"] != "serve"
    rendered = _render_all(list(missing), config, files) if forking else {}
    for uri, value in rendered.items():
        if value is not None:
            _store(missing[uri], value)
    log.debug(
        "prerendered: %d generated pages, %d converted in workers",
        len(_state.generated),
        len(rendered),
    )
    _state.known = known
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
    _state.installed[page.file.src_uri] = content


@event_priority(-100)  # last: the Markdown the key is made from is what MkDocs would convert
def on_page_markdown(markdown: str, page: Page, config: Any, files: Any) -> str:
    if _state.folder is not None and page.file.src_uri in _state.generated:
        key = _key(page.file.src_uri, markdown, _state.known)
        value = _load(key)
        if value is not None:
            _state.keys[page.file.src_uri] = key
            _install(page, value, files)
    return markdown


@event_priority(-100)  # after every other plugin has seen (and maybe changed) the HTML
def on_page_content(html: str, page: Page, config: Any, files: Any) -> str:
    """MkDocs keeps every page's HTML and Markdown from reading until all pages are written; a
    generated page's are set aside here (when no plugin changed them) and read back from the
    cache just before the page is written."""
    uri = page.file.src_uri
    installed = _state.installed.pop(uri, None)
    if installed is not None and html is installed:
        _state.deferred.add(uri)
        page.markdown = ""  # not None: `page.title` takes the front matter title as before
        return ""
    _state.keys.pop(uri, None)
    return html


@event_priority(100)  # first: other plugins' page_context handlers see the page as usual
def on_page_context(context: Any, page: Page, config: Any, nav: Any) -> Any:
    uri = page.file.src_uri
    if uri in _state.deferred:
        _state.deferred.discard(uri)
        value = _load(_state.keys.pop(uri))
        if value is None:  # the cache was emptied during the build
            raise PluginError(f"prerendered: the cached HTML of {uri} is gone; build again")
        page.content = value[0]
        page.markdown, _ = meta.get_data(page.file.content_string)
    return context


@event_priority(-100)
def on_post_page(output: str, page: Page, config: Any) -> str:
    if page.file.src_uri in _state.generated:
        page.content = None  # written; nothing reads a generated page's HTML after this
        page.markdown = ""
        page.toc = []  # type: ignore[assignment]
    return output
