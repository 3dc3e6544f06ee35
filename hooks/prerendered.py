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
   holds one generated page's text at a time instead of all of them;
4. for generated pages the nav does not list (all but three), stores the theme's output too
   (``<cache_dir>/html/pages/``, zlib-compressed) and, when the page and everything the theme
   reads are unchanged, writes that instead of running Material's templates again, which are
   most of what a build with cached HTML still costs (see "whole pages" below).

Hand-written pages are never touched. A page whose rendering logged a warning is never stored,
so MkDocs renders it itself and counts the warning (``--strict`` still fails). The cache key
covers the page's Markdown and path, the Markdown settings, this hook's code, the versions of MkDocs,
Python-Markdown and pymdown-extensions, and whether each page it links to exists; on any miss MkDocs renders the
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
import zlib
from pathlib import Path
from types import MethodType
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import meta

log = logging.getLogger("mkdocs.hooks.prerendered")

# The folders Briefing Digest generates (see .gitignore); hand-written pages are left alone.
GENERATED = ("reports/", "tags/", "archive/", "editions/")
_VERSION = "2"
_MD_LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)\s]*)?\)")
_MIN_BATCH = 32  # below this, starting workers costs more than converting in MkDocs


def _versions() -> str:
    """What every key holds besides the page: this hook's own code (a hand-bumped number alone
    was easy to forget) and the versions of the libraries that render."""
    try:
        own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    except OSError:
        own = "?"
    parts = [_VERSION, own]
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
        self.theme = ""  # the whole-page part of every key; "" when whole pages are not cached
        self.outside_nav: frozenset[str] = frozenset()  # generated pages the nav does not list
        self.whole: dict[str, tuple[str, str]] = {}  # page → (whole-page key, content key)
        self.nav: Any = None
        self.used: set[str] = set()  # content keys of this build's pages, stored or not
        self.used_whole: set[str] = set()  # whole-page keys of this build's pages


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


def _body(text: str, has_meta: bool = True) -> str:
    """The Markdown after a page's YAML front matter, as MkDocs' ``meta.get_data`` returns it
    when that front matter is a mapping, without parsing the YAML again: MkDocs has parsed it
    once already, and a second and third parse per page cost more than a second of a 5,000-page
    build. ``has_meta`` False (MkDocs found no mapping there): ask MkDocs itself."""
    match = meta.YAML_RE.match(text)
    if match is None or not has_meta:
        return meta.get_data(text)[0]
    return text[match.end() :].lstrip("\n")


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


def _whole_path(key: str) -> Path:
    assert _state.folder is not None
    return _state.folder / "pages" / key[:2] / f"{key}.html.z"


def _load_whole(key: str) -> str | None:
    try:
        return zlib.decompress(_whole_path(key).read_bytes()).decode("utf-8")
    except (OSError, zlib.error, UnicodeDecodeError):
        return None


def _store_whole(key: str, output: str) -> None:
    """Compressed: a page is ~25 KB of mostly the theme's markup, ~7 KB after zlib level 1,
    which costs ~0.3 ms per page once and ~0.1 ms to read back."""
    target = _whole_path(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(zlib.compress(output.encode("utf-8", "surrogatepass"), 1))
        os.replace(temp, target)
    except OSError as exc:
        log.debug("could not store a rendered page (%s)", exc)


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


def _worker(keys: dict[str, str], conn: Any) -> None:
    """Render, then store each page straight into the cache: the parent only learns how many
    were stored, so it never holds (or unpickles) every page's HTML at once."""
    _quiet_worker()
    stored = 0
    try:
        for uri, key in keys.items():
            _, value = _render_one(uri)
            if value is not None:
                _store(key, value)
                stored += 1
    finally:
        conn.send(stored)
        conn.close()


def _render_all(keys: dict[str, str], config: Any, files: Any) -> int:
    """Each worker takes every n-th page; forked workers see config and files as they are.
    Returns how many pages the workers stored.

    Plain processes and pipes rather than a Pool: a Pool pickles the function it runs by its
    module's name, and MkDocs loads hooks from a file path, not as an importable module.
    """
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(keys) < _MIN_BATCH:
        return 0
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    context = multiprocessing.get_context("fork")
    _work.update(config=config, files=files)
    uris = list(keys)
    stored = 0
    try:
        jobs = []
        for number in range(workers):
            receive, send = context.Pipe(duplex=False)
            share = {uri: keys[uri] for uri in uris[number::workers]}
            process = context.Process(target=_worker, args=(share, send))
            process.start()
            send.close()
            jobs.append((process, receive))
        for process, receive in jobs:
            # a worker that died stored what it finished; MkDocs renders the rest as usual
            with contextlib.suppress(EOFError):
                stored += receive.recv()
            process.join()
    finally:
        _work.clear()
    return stored


# --- MkDocs events ----------------------------------------------------------------------------

_command: dict[str, Any] = {"name": "build", "dirty": False}


def on_startup(command: str, dirty: bool) -> None:
    # `mkdocs serve` runs a web server and a file watcher in threads, and forking a process
    # with threads can copy a lock in the held state: there, pages come from the cache or
    # from MkDocs itself, never from forked workers.
    _command["name"] = command
    _command["dirty"] = dirty


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    # `mkdocs serve --clean` calls its builds "build"; its rebuilds run beside the server's
    # threads all the same, so from here on they are treated as `serve`'s. Its first build
    # runs before this, with no server thread yet: it forks and prunes like any build. (Under
    # `--no-livereload` this is never called, and there are no rebuilds.)
    _command["name"] = "serve"
    return server


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
            # a guess at the Markdown MkDocs will hand on_page_markdown: if it is wrong, the key
            # made there differs and MkDocs renders the page itself
            markdown = _body(file.content_string)
        except (OSError, ValueError):
            continue  # MkDocs reports it when it reads the page
        key = _key(uri, markdown, known)
        _state.used.add(key)
        if not _path(key).exists():
            missing[uri] = key
    forking = _command["name"] != "serve"
    stored = _render_all(missing, config, files) if forking else 0
    log.debug(
        "prerendered: %d generated pages, %d converted in workers", len(_state.generated), stored
    )
    _state.known = known
    _state.nav = nav
    return nav


# --- whole pages: the theme's templates are most of a warm build ------------------------------
#
# Once every page's HTML comes from the cache, MkDocs spends most of its time in Jinja, putting
# each page into Material's templates. For a generated page the nav does not list, the result
# depends only on the page (its file, its cached HTML, its address and title) and on what is the
# same for the whole site (the config, our template overrides, the nav, the versions of MkDocs,
# Material and Jinja): with all of those in the key, the stored output is what the templates would
# write. Whole pages are only used when no other plugin has a page_context handler (it could
# change the context per page) and the page uses the default template.


def _nav_signature(items: Any) -> str:
    parts = []
    for item in items or []:
        # the theme draws every nav item on every page, with its title, address and what its
        # front matter says (Material shows subtitle, icon and status)
        url = getattr(item, "url", None)
        meta = getattr(item, "meta", None)
        index = getattr(item, "is_index", None)
        parts.append(f"{type(item).__name__}|{item.title}|{url}|{index}|{meta!r}")
        children = getattr(item, "children", None)
        if children:
            parts.append("[" + _nav_signature(children) + "]")
    return "\n".join(parts)


# Settings that decide where or how a build runs, not what a page says (plugins are named below).
_NOT_IN_OUTPUT = frozenset({"plugins", "hooks", "site_dir", "strict", "watch", "dev_addr"})


def _theme_key(config: Any, nav: Any) -> str:
    """What every generated page's template output shares; "" when it cannot be described."""
    parts = [_versions()]
    for name in ("mkdocs-material", "Jinja2", "MarkupSafe"):
        try:
            parts.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(name)
    for name in sorted(config.keys()):
        if name in _NOT_IN_OUTPUT:
            continue
        value = config[name]
        if name == "theme":  # its static_templates is a set, whose order changes between runs
            value = (value.name, value.dirs, sorted(value.static_templates), dict(value.items()))
        described = repr(value)
        if " at 0x" in described:  # an object without a stable description
            return ""
        parts.append(f"{name}={described}")
    parts.append("plugins=" + ",".join(config["plugins"]))
    custom = getattr(config["theme"], "custom_dir", None)
    if custom:
        for path in sorted(Path(custom).rglob("*")):
            if path.is_file():
                parts.append(f"{path.relative_to(custom).as_posix()}:{path.read_bytes()!r}")
    parts.append(_nav_signature(nav.items))
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _whole_key(page: Page, content_key: str) -> str:
    parts = (
        _state.theme,
        content_key,
        page.file.content_string,
        page.url,
        str(page.canonical_url),
        str(page.edit_url),
        str(page.title),
        str(page.is_homepage),
        repr(page.meta),  # as read and as any plugin left it
    )
    digest = hashlib.sha256()
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class _WholePageTemplate:
    """The theme's page template, answered from the store when the page's key is there."""

    def __init__(self, template: Any) -> None:
        self._template = template

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = args[0] if args else kwargs
        page = context.get("page")
        entry = _state.whole.pop(page.file.src_uri, None) if page is not None else None
        if entry is None:
            return self._template.render(*args, **kwargs)
        whole, content_key = entry
        output = _load_whole(whole)
        if output is not None:
            return output
        if page.content is None:  # set aside in on_page_context, expecting the stored page
            value = _load(content_key)
            if value is None:
                raise PluginError(f"prerendered: the cached HTML of {page.file.src_uri} is gone")
            page.content = value[0]
        output = self._template.render(*args, **kwargs)
        _store_whole(whole, output)
        return output


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Every page has been read by now and the nav has its titles: the shared key can be made."""
    if _state.folder is None or _command["name"] == "serve":
        return env  # `mkdocs serve` rebuilds on edits to templates it may not see here
    others = [h for h in config["plugins"].events["page_context"] if h is not on_page_context]
    if others:
        return env
    nav = _state.nav
    _state.theme = _theme_key(config, nav)
    if not _state.theme:
        return env
    listed = {page.file.src_uri for page in nav.pages}
    _state.outside_nav = frozenset(u for u in _state.generated if u not in listed)
    get_template = env.get_template

    def wrapped(name: Any, *args: Any, **kwargs: Any) -> Any:
        template = get_template(name, *args, **kwargs)
        return _WholePageTemplate(template) if name == "main.html" else template

    env.get_template = wrapped
    return env


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

    # MkDocs has no event that hands a page its HTML, so this one Page object gets its own render
    # (mypy forbids assigning to a method, which is the point here)
    page.render = MethodType(render, page)  # type: ignore[method-assign]
    _state.installed[page.file.src_uri] = content


@event_priority(-100)  # last: the Markdown the key is made from is what MkDocs would convert
def on_page_markdown(markdown: str, page: Page, config: Any, files: Any) -> str:
    if _state.folder is not None and page.file.src_uri in _state.generated:
        key = _key(page.file.src_uri, markdown, _state.known)
        _state.used.add(key)
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
        content_key = _state.keys.pop(uri)
        page.markdown = _body(page.file.content_string, has_meta=bool(page.meta))
        if (
            _state.theme
            and uri in _state.outside_nav
            and page.meta.get("template", "main.html") == "main.html"
        ):
            whole = _whole_key(page, content_key)
            _state.whole[uri] = (whole, content_key)
            _state.used_whole.add(whole)
            if _whole_path(whole).exists():
                page.content = None  # the template will not run; if it must, it loads the HTML
                return context
        value = _load(content_key)
        if value is None:  # the cache was emptied during the build
            raise PluginError(f"prerendered: the cached HTML of {uri} is gone; build again")
        page.content = value[0]
    return context


@event_priority(-100)
def on_post_page(output: str, page: Page, config: Any) -> str:
    if page.file.src_uri in _state.generated:
        page.content = None  # written; nothing reads a generated page's HTML after this
        page.markdown = ""
        page.toc = TableOfContents([])  # the page is written: nothing reads its TOC again
    return output


def on_post_build(config: Any) -> None:
    """Every page is written, so every entry this build needs is known: entries no page used
    go once they are older than a week (briefing.cachedir), and the stores stay one site's worth
    plus recent history instead of growing with every edit."""
    if _state.folder is None or _command["name"] == "serve" or _command["dirty"]:
        return  # a preview or --dirty build does not see every page; the next full build prunes
    from briefing.cachedir import prune

    prune(_state.folder, _state.used, suffix=".pickle")
    if _state.theme:  # whole pages were looked up in this build
        prune(_state.folder / "pages", _state.used_whole, suffix=".html.z")
