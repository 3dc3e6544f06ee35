"""Publish stage: RSS 2.0, Atom 1.0 and JSON Feed 1.1 from the briefings of a build.

Feeds are read by programs that cache what they see forever, so every choice here favours
stability over convenience:

* Item ids come from the seed's path (``feed_item_id``), never from the title or the text, so
  editing a report updates the item instead of announcing a new one.
* Every date comes from the reports. An empty feed gets a fixed date from ``SOURCE_DATE_EPOCH``
  (1970-01-01 when it is unset), never the build time, so the same input gives the same bytes.
* Items are sorted once, newest first, ties by seed path; entries are appended in that order
  (feedgen prepends by default).
* All URLs in a feed are absolute: item links, category schemes, and every ``href``/``src`` inside
  the HTML content, resolved against the report page's own URL.

RSS and Atom are written with feedgen, one generator per format, because the two formats want
different things from the same report (RSS: HTML description + ``content:encoded`` + ``dc:creator``;
Atom: a text summary + typed HTML content + ``<author><name>``). JSON Feed is a small serializer of
our own. Drafts are never published in feeds: feed readers keep what they fetched.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from feedgen.feed import FeedGenerator

from briefing.model import Briefing, Tag

log = logging.getLogger(__name__)

GENERATOR = "Briefing Digest"
JSONFEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NS = "http://www.w3.org/2005/Atom"

# Output file name and MIME type per format; the same names are used for the per-tag feeds.
FORMATS: dict[str, tuple[str, str, str]] = {
    # key: (file name, MIME type, label shown to readers)
    "rss": ("feed.xml", "application/rss+xml", "RSS"),
    "atom": ("atom.xml", "application/atom+xml", "Atom"),
    "json": ("feed.json", "application/feed+json", "JSON Feed"),
}

# XML 1.0 forbids C0 controls other than tab/LF/CR, lone surrogates and U+FFFE/U+FFFF; C1
# controls are allowed but discouraged and never meaningful in a report, so they go too.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Elements kept in item content. Anything else is unwrapped (its text stays) or, for the ones in
# _DROP_WITH_CONTENT, removed with its content: readers must not run scripts or forms from a feed,
# and the W3C validator flags both.
_ALLOWED_ELEMENTS = frozenset[str]().union(
    {"a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "bdi", "big"},
    {"blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup", "data", "dd"},
    {"del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1"},
    {"h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img", "ins", "kbd", "li"},
    {"main", "map", "mark", "nav", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s"},
    {"samp", "section", "small", "source", "span", "strike", "strong", "sub", "summary", "sup"},
    {"table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "track", "tt", "u", "ul", "var"},
    {"video", "wbr"},
)
_DROP_WITH_CONTENT = frozenset[str]().union(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript"},
    {"template", "form", "input", "button", "select", "textarea", "option", "optgroup", "base"},
    {"meta", "link", "head", "title", "math", "svg", "canvas", "dialog", "noframes", "param"},
    {"xmp", "plaintext"},
)
_URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite", "longdesc", "background", "action"})
_SAFE_SLUG = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp", ""})


@dataclass(frozen=True)
class FeedConfig:
    """Site-level feed settings (from ``extra.digest`` and ``site_url`` in mkdocs.yml)."""

    site_url: str  # absolute, ends with "/", e.g. "https://example.org/briefing/"
    title: str
    description: str
    language: str = "en"
    limit: int = 50  # items per feed (main and per tag)
    formats: tuple[str, ...] = ("rss", "atom", "json")
    icon: str | None = None  # site-relative path of an icon/logo, made absolute here
    author: str | None = None  # feed-level author name, optional
    # The site address item ids are made from, when it is not site_url: the address the feeds
    # were first published at, so a site that moves keeps its items' ids (see feed_item_id).
    ids_from: str | None = None

    @property
    def id_base(self) -> str:
        return self.ids_from or self.site_url

    def __post_init__(self) -> None:
        # Collect every problem, then raise once, so a user fixes the config in one go.
        problems: list[str] = []
        parts = urlsplit(self.site_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(
                f"site_url must be an absolute http(s) URL, got {self.site_url!r}; "
                "feeds need absolute links"
            )
        elif not self.site_url.endswith("/"):
            problems.append(f"site_url must end with '/', got {self.site_url!r}")
        if self.limit < 1:
            problems.append(f"feed item limit must be at least 1, got {self.limit}")
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown:
            problems.append(f"unknown feed format(s) {unknown}; choose from {sorted(FORMATS)}")
        if not _clean(self.title).strip():
            problems.append("feed title must not be empty")
        if problems:
            raise ValueError("invalid feed configuration: " + "; ".join(problems))


@dataclass(frozen=True)
class _Channel:
    """What differs between the main feed and a per-tag feed."""

    title: str
    description: str
    home_url: str  # absolute URL of the HTML page the feed mirrors
    prefix: str  # output folder relative to the site root: "" or "tags/<slug>/"


@dataclass(frozen=True)
class _Item:
    """One report, prepared once and written by every format."""

    id: str
    url: str
    title: str
    summary: str  # plain text
    content_html: str  # links absolute, unsafe markup removed
    date: dt.datetime  # UTC, whole seconds
    # The date plus a sub-second offset, unique in the build (see _atom_stamps).
    atom_updated: dt.datetime
    authors: tuple[str, ...]
    tags: tuple[tuple[str, str], ...]  # (name, absolute URL of the tag page)
    original_url: str | None = None  # the report where its publisher put it (front matter url)


# ---------------------------------------------------------------------------------------------
# Public API


def feed_item_id(relpath: str, site_url: str) -> str:
    """Stable GUID of a report: a name-based UUID (v5) of the site and the seed's path.

    The seed path is the report's identity (DESIGN "Identity"): titles and text may be edited and
    the GUID stays, so readers update the item instead of showing it twice. The site URL is part
    of the name so two sites built from the same seeds do not share GUIDs; a site that moves
    passes the address it was first published at (`extra.digest.feed_ids_from`), or every item
    would be new to its readers again.
    """
    path = relpath.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    name = f"{site_url}#seed={path}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def feed_links(
    cfg: FeedConfig, tag_slug: str | None = None, tag_name: str | None = None
) -> list[tuple[str, str, str]]:
    """(MIME type, title, site-relative href) of each configured feed, for ``<link rel=alternate>``.

    Hrefs are relative to the site root (no leading "/") so the theme can prefix its own
    ``base_url``: an absolute href would make a locally served site reach for the live one.
    """
    prefix = _tag_prefix(tag_slug) if tag_slug else ""
    base_title = f"{cfg.title} — {tag_name or tag_slug}" if tag_slug else cfg.title
    return [
        (FORMATS[f][1], f"{_clean(base_title)} ({FORMATS[f][2]})", prefix + FORMATS[f][0])
        for f in _ordered_formats(cfg)
    ]


def default_tag_path(tag: Tag) -> str:
    """Site-relative URL path of a tag's page; the per-tag feeds live in the same folder."""
    return _tag_prefix(tag.slug)


def build_feeds(
    briefings: Sequence[Briefing],
    cfg: FeedConfig,
    *,
    page_path: Callable[[Briefing], str],
    content_html: Callable[[Briefing], str],
    tag_path: Callable[[Tag], str] = default_tag_path,
) -> dict[str, bytes]:
    """{output path relative to the site root: file bytes} for every configured feed.

    Writes ``feed.xml``, ``atom.xml``, ``feed.json`` and ``tags/<slug>/…`` for each tag with at
    least one (non-draft) report. ``page_path`` and ``tag_path`` return site-relative URL paths
    ("reports/2024/slug/"); ``content_html`` returns the report body as an HTML fragment, whose
    relative links are resolved against that report's page URL. The same input always gives the
    same bytes.
    """
    published = [b for b in briefings if not b.report.draft]
    if len(published) != len(briefings):
        log.debug("feeds: left out %d draft(s)", len(briefings) - len(published))
    ordered = _newest_first(published)
    _check_unique_ids(ordered, cfg.id_base)

    stamps = _atom_stamps(ordered, cfg.id_base)
    items: dict[str, _Item] = {}  # by relpath; built lazily, only for items that get published

    def item_of(b: Briefing) -> _Item:
        if b.report.relpath not in items:
            items[b.report.relpath] = _make_item(
                b, cfg, page_path, content_html, tag_path, stamps[b.report.relpath]
            )
        return items[b.report.relpath]

    out: dict[str, bytes] = {}
    main = _Channel(
        title=_clean(cfg.title),
        description=_clean(cfg.description),
        home_url=cfg.site_url,
        prefix="",
    )
    out.update(_write_channel(main, [item_of(b) for b in ordered[: cfg.limit]], cfg))

    for tag, tagged in _by_tag(ordered):
        channel = _Channel(
            title=_clean(f"{cfg.title} — {tag.name}"),
            description=_clean(f"Reports tagged “{tag.name}” from {cfg.title}"),
            home_url=_absolute(cfg.site_url, tag_path(tag)),
            prefix=_tag_prefix(tag.slug),
        )
        out.update(_write_channel(channel, [item_of(b) for b in tagged[: cfg.limit]], cfg))
    return out


def tag_sitemaps(feed_files: Iterable[str], site_url: str) -> dict[str, bytes]:
    """{``tags/<slug>/sitemap.xml``: bytes} for each tag folder among ``feed_files``.

    A tag page's head names the tag's feeds with ``<link rel="alternate">``, and the theme's
    script fetches sitemap.xml next to every such link (it takes them for language versions):
    without this file each visit to a tag page would log a 404. Like the site's own
    sitemap.xml, it is an index that points at sitemap-pages.xml, so crawlers lose nothing.
    """
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"  <sitemap><loc>{html.escape(_absolute(site_url, 'sitemap-pages.xml'))}</loc></sitemap>\n"
        "</sitemapindex>\n"
    ).encode()
    folders = {path.rpartition("/")[0] for path in feed_files if path.startswith("tags/")}
    return {f"{folder}/sitemap.xml": index for folder in sorted(folders)}


# ---------------------------------------------------------------------------------------------
# Preparing items


def _clean(text: str) -> str:
    """Drop characters XML cannot carry: feedgen raises on them and readers choke."""
    return _ILLEGAL_XML.sub("", text)


def _tag_prefix(slug: str) -> str:
    return f"tags/{slug}/"


def _absolute(site_url: str, site_path: str) -> str:
    """Site-relative path → absolute URL; a leading "/" would escape a site served in a subpath."""
    return urljoin(site_url, site_path.lstrip("/"))


def _ordered_formats(cfg: FeedConfig) -> list[str]:
    """Configured formats in a fixed order, each once, whatever order the config lists them in."""
    return [f for f in FORMATS if f in cfg.formats]


def _newest_first(briefings: Sequence[Briefing]) -> list[Briefing]:
    """Date descending, seed path ascending on ties: two stable sorts, the tie-break first."""
    by_path = sorted(briefings, key=lambda b: b.report.relpath)
    return sorted(by_path, key=lambda b: b.report.date, reverse=True)


def _check_unique_ids(briefings: Sequence[Briefing], site_url: str) -> None:
    seen: dict[str, str] = {}
    for b in briefings:
        guid = feed_item_id(b.report.relpath, site_url)
        if guid in seen:
            raise ValueError(
                f"two reports share the seed path {b.report.relpath!r} (feed id {guid}); "
                "each seed must be published once"
            )
        seen[guid] = b.report.relpath


def _by_tag(ordered: Sequence[Briefing]) -> list[tuple[Tag, list[Briefing]]]:
    """Reports per tag slug, keeping the newest-first order; tags sorted by slug.

    A tag's display name is taken from its newest report, so a renamed tag shows its new name.
    """
    groups: dict[str, tuple[Tag, list[Briefing]]] = {}
    for b in ordered:
        for tag in _unique_tags(b.tags):
            if tag.slug not in groups:
                groups[tag.slug] = (tag, [])
            groups[tag.slug][1].append(b)
    return [groups[slug] for slug in sorted(groups)]


def _unique_tags(tags: Sequence[Tag]) -> tuple[Tag, ...]:
    seen: set[str] = set()
    out: list[Tag] = []
    for tag in tags:
        if not _SAFE_SLUG.fullmatch(tag.slug):
            # The slug becomes a folder and a URL: "../x" or "a b" would escape or break both.
            raise ValueError(
                f"tag {tag.name!r} has slug {tag.slug!r}, which cannot name a feed folder; "
                "slugs may use letters, digits, '-', '_', '.' and '~' and not start with '.'"
            )
        if tag.slug not in seen:
            seen.add(tag.slug)
            out.append(tag)
    return tuple(out)


def _utc(when: dt.datetime) -> dt.datetime:
    """UTC and whole seconds: RFC 822 has no fractions, and one form keeps formats in step."""
    if when.tzinfo is None:
        raise ValueError(f"report date {when.isoformat()} has no time zone")
    return when.astimezone(dt.UTC).replace(microsecond=0)


def _make_item(
    b: Briefing,
    cfg: FeedConfig,
    page_path: Callable[[Briefing], str],
    content_html: Callable[[Briefing], str],
    tag_path: Callable[[Tag], str],
    atom_updated: dt.datetime,
) -> _Item:
    url = _absolute(cfg.site_url, page_path(b))
    title = _clean(b.report.title).strip() or _clean(b.id)
    authors = tuple(a for a in (_clean(x).strip() for x in b.report.authors) if a)
    content = prepare_content(_capped(content_html(b), url) + _source_note(b), url)
    # An entry with no text at all is one readers show blank (W3C: MissingTextualContent).
    summary = _clean(b.description).strip() or ("" if content else title)
    return _Item(
        id=feed_item_id(b.report.relpath, cfg.id_base),
        url=url,
        title=title,
        summary=summary,
        content_html=content,
        date=_utc(b.report.date),
        atom_updated=atom_updated,
        authors=authors,
        tags=tuple(
            (_clean(t.name), _absolute(cfg.site_url, tag_path(t))) for t in _unique_tags(b.tags)
        ),
        original_url=_resolve_url(b.report.url, url) if b.report.url else None,
    )


# Characters of HTML an item carries, about 15,000 words: every report an analyst writes fits,
# while a 2 MB paste would otherwise make the site's feeds and each of its tags' feeds 2 MB
# apiece, which readers fetch again on every poll (and some refuse).
FEED_CONTENT_LIMIT = 100_000


def _capped(fragment: str, url: str) -> str:
    """The report's HTML, or its first blocks up to ``FEED_CONTENT_LIMIT`` characters and a
    line saying the rest is on its page: cut between blocks, so no tag is left open. The block
    that does not fit gives what fits of it: a list its first items, a table its header and
    first rows, any other block its first words (a report of one huge paragraph still says
    something)."""
    if len(fragment) <= FEED_CONTENT_LIMIT:
        return fragment
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    words = len(root.text_content().split())
    kept: list[str] = []
    room = FEED_CONTENT_LIMIT
    for block in root:
        block.tail = None  # whitespace between blocks
        text = lxml.html.tostring(block, encoding="unicode", method="html")
        if len(text) <= room:
            kept.append(text)
            room -= len(text)
            continue
        tag = block.tag.lower() if isinstance(block.tag, str) else ""
        if tag in ("ul", "ol"):
            if items := _first_parts(block, room - 10):
                kept.append(f"<{tag}>{''.join(items)}</{tag}>")
        elif tag == "table" and (head := block.find("thead")) is not None:
            head.tail = None
            head_html = lxml.html.tostring(head, encoding="unicode", method="html")
            rows = block.find("tbody")
            room -= len(head_html) + len("<table><tbody></tbody></table>")
            if rows is not None and (first := _first_parts(rows, room)):
                kept.append(f"<table>{head_html}<tbody>{''.join(first)}</tbody></table>")
        elif room > 200:
            kept.append(f"<p>{_escaped_words(block.text_content(), room - 10)} …</p>")
        break
    more = (
        f"<p>The report continues on its page ({words:,} words in all): "
        f'<a href="{html.escape(url)}">read it in full</a>.</p>'
    )
    return "\n".join([*kept, more])


def _first_parts(parent: lxml.html.HtmlElement, room: int) -> list[str]:
    """The HTML of a list's first items, or a table body's first rows, that fit in ``room``."""
    parts: list[str] = []
    for part in parent:
        part.tail = None
        text = lxml.html.tostring(part, encoding="unicode", method="html")
        if len(text) > room:
            break
        parts.append(text)
        room -= len(text)
    return parts


def _escaped_words(text: str, limit: int) -> str:
    """The first words of ``text``, HTML-escaped, at most ``limit`` characters once escaped
    ("&" takes five)."""
    start = text[:limit]
    while True:
        start = start.rsplit(" ", 1)[0] if " " in start else start
        escaped = html.escape(start, quote=False)
        if len(escaped) <= limit:
            return escaped
        start = start[: len(start) * limit // len(escaped)]


def _source_note(b: Briefing) -> str:
    """The closing line of an item's content: who published the report, and where.

    The report page says so in its footer, which feed content does not carry; without this a
    reader showed reports with no publisher at all (feeds have no common field that readers
    show for one). An HTML fragment, made safe with the rest of the content.
    """
    source = _clean(b.report.source or "").strip()
    link = f'<a href="{html.escape(b.report.url)}">original report</a>' if b.report.url else ""
    if source and link:
        return f"\n<p>Source: {html.escape(source, quote=False)} · {link}</p>"
    if source:
        return f"\n<p>Source: {html.escape(source, quote=False)}</p>"
    if link:
        return f"\n<p>Source: {link}</p>"
    return ""


def prepare_content(fragment: str, base_url: str) -> str:
    """Make an HTML fragment safe to ship in a feed: absolute URLs, no active content.

    Readers show item content outside the site, where a relative link points nowhere; and they
    render it inside their own UI, where a script or form has no business running. Parsed with
    lxml.html (never regex), so attribute quoting and entities are handled by a real parser.
    """
    fragment = _clean(fragment)
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for el in list(root.iterdescendants()):
        # Comments and processing instructions have a non-string tag.
        if not isinstance(el.tag, str) or el.tag.lower() in _DROP_WITH_CONTENT:
            el.drop_tree()
        elif el.tag.lower() not in _ALLOWED_ELEMENTS:
            el.drop_tag()
        else:
            _clean_attributes(el, base_url)
    text = lxml.html.tostring(root, encoding="unicode", method="html")
    # Strip the wrapper we added: "<div>" … "</div>".
    return text[len("<div>") : -len("</div>")]


def _clean_attributes(el: lxml.html.HtmlElement, base_url: str) -> None:
    for name in list(el.attrib):
        lname = name.lower()
        value = el.attrib[name]
        if lname.startswith("on") or lname in ("style", "srcdoc", "formaction"):
            del el.attrib[name]
        elif lname in _URL_ATTRIBUTES:
            resolved = _resolve_url(value, base_url)
            if resolved is None:
                del el.attrib[name]
            else:
                el.attrib[name] = resolved
        elif lname == "srcset":
            el.attrib[name] = _resolve_srcset(value, base_url)


def _resolve_url(value: str, base_url: str) -> str | None:
    """Absolute form of a link, or None for a scheme readers must not follow (javascript:…)."""
    value = value.strip()
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return None
    if scheme not in _SAFE_SCHEMES:
        return None
    return urljoin(base_url, value)


def _resolve_srcset(value: str, base_url: str) -> str:
    candidates = []
    for part in value.split(","):
        bits = part.split()
        if not bits:
            continue
        url = _resolve_url(bits[0], base_url)
        if url is not None:
            candidates.append(" ".join([url, *bits[1:]]))
    return ", ".join(candidates)


def _atom_stamps(ordered: Sequence[Briefing], site_url: str) -> dict[str, dt.datetime]:
    """Atom ``updated`` per seed path: the report date plus a sub-second offset from its GUID.

    Reports often share a date (seeds added in one commit tie on their git date), and readers,
    like the W3C validator (DuplicateUpdated), take entries with equal ``updated`` for a feed that
    stamps everything with one time. The offset stays below one second, so the date a person
    reads is the report's own; it depends only on the report's GUID, so adding reports never
    changes another entry's stamp, except to step past a rare equal offset (in feed order).
    """
    stamps: dict[str, dt.datetime] = {}
    used: set[dt.datetime] = set()
    for b in ordered:
        base = _utc(b.report.date)
        micros = uuid.UUID(feed_item_id(b.report.relpath, site_url)[len("urn:uuid:") :]).int
        micros %= 1_000_000
        stamp = base.replace(microsecond=micros)
        while stamp in used:
            micros = (micros + 1) % 1_000_000
            stamp = base.replace(microsecond=micros)
        used.add(stamp)
        stamps[b.report.relpath] = stamp
    return stamps


def _empty_feed_date() -> dt.datetime:
    """The date an empty feed carries: SOURCE_DATE_EPOCH if set (reproducible builds), else 1970."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    try:
        seconds = int(raw)
    except ValueError:
        raise ValueError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {raw!r}"
        ) from None
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


# ---------------------------------------------------------------------------------------------
# Writing feeds


def _write_channel(channel: _Channel, items: list[_Item], cfg: FeedConfig) -> dict[str, bytes]:
    updated = items[0].date if items else _empty_feed_date()
    writers = {"rss": _rss_bytes, "atom": _atom_bytes, "json": _json_bytes}
    out: dict[str, bytes] = {}
    for fmt in _ordered_formats(cfg):
        name = FORMATS[fmt][0]
        out[channel.prefix + name] = writers[fmt](channel, items, cfg, updated)
    return out


def _feed_url(cfg: FeedConfig, channel: _Channel, fmt: str) -> str:
    return _absolute(cfg.site_url, channel.prefix + FORMATS[fmt][0])


# RSS 2.0 allows only these image formats in <channel><image> (W3C: ImageUrlFormat).
_RSS_IMAGE_TYPES = (".png", ".gif", ".jpg", ".jpeg")


def _rss_bytes(
    channel: _Channel, items: list[_Item], cfg: FeedConfig, updated: dt.datetime
) -> bytes:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.title(channel.title)
    # Readers render RSS descriptions as HTML, the channel's too: escape the text once here.
    fg.description(html.escape(channel.description or channel.title, quote=False))
    fg.language(cfg.language)
    fg.generator(GENERATOR)
    fg.lastBuildDate(updated)
    if cfg.icon and cfg.icon.lower().endswith(_RSS_IMAGE_TYPES):
        fg.image(url=_absolute(cfg.site_url, cfg.icon))
    if cfg.author:
        fg.dc.dc_creator(_clean(cfg.author))
    for item in items:
        fe = fg.add_entry(order="append")
        fe.guid(item.id, permalink=False)
        fe.title(item.title)
        fe.link(href=item.url)
        # RSS description is HTML: plain text is escaped here, then once more by the XML writer.
        if item.summary:
            fe.description(html.escape(item.summary, quote=False))
        if item.content_html:
            fe.content(item.content_html)
        fe.published(item.date)
        if item.authors:
            # One dc:creator naming them all, as the page's meta line does: with one element per
            # author, readers (newsboat, feedparser's `author`) show only the last one.
            fe.dc.dc_creator(", ".join(item.authors))
        for name, tag_url in item.tags:
            fe.category(term=name, scheme=tag_url)
    # The channel <link> is the last link set (a feedgen quirk): self first, the page last.
    fg.link(href=_feed_url(cfg, channel, "rss"), rel="self", type=FORMATS["rss"][1])
    fg.link(href=channel.home_url, rel="alternate")
    return _rss_profile_escapes(fg.rss_str(pretty=True))


def _rss_profile_escapes(xml: bytes) -> bytes:
    """Write "&", "<", ">" as hexadecimal character references, as the RSS Profile advises.

    Readers disagree on whether RSS titles are text or HTML; the hex form is the agreed signal
    that a "<" or "&" is text, and the W3C validator warns without it. lxml writes no CDATA and no
    comments here, so every "&lt;"/"&gt;"/"&amp;" in the output is an escape and the swap is exact.
    """
    return xml.replace(b"&amp;", b"&#x26;").replace(b"&lt;", b"&#x3C;").replace(b"&gt;", b"&#x3E;")


def _atom_bytes(
    channel: _Channel, items: list[_Item], cfg: FeedConfig, updated: dt.datetime
) -> bytes:
    fg = FeedGenerator()
    fg.id(_absolute(cfg.id_base, channel.prefix + FORMATS["atom"][0]))  # as permanent as the items'
    fg.title(channel.title)
    if channel.description:
        fg.subtitle(channel.description)
    fg.language(cfg.language)
    fg.generator(GENERATOR)
    fg.updated(max((item.atom_updated for item in items), default=updated))
    # Atom needs an author for every entry; the feed-level one covers reports without a byline.
    fg.author(name=_clean(cfg.author or cfg.title))
    if cfg.icon:
        fg.icon(_absolute(cfg.site_url, cfg.icon))
    fg.link(href=_feed_url(cfg, channel, "atom"), rel="self", type=FORMATS["atom"][1])
    fg.link(href=channel.home_url, rel="alternate", type="text/html")
    for item in items:
        fe = fg.add_entry(order="append")
        fe.id(item.id)
        fe.title(item.title)
        fe.link(href=item.url, rel="alternate", type="text/html")
        fe.published(item.date)
        fe.updated(item.atom_updated)
        for name in item.authors:
            fe.author(name=name)
        for name, tag_url in item.tags:
            fe.category(term=name, scheme=tag_url, label=name)
        if item.summary:
            fe.summary(item.summary, type="text")
        if item.content_html:
            fe.content(item.content_html, type="html")
    return _atom_text_types(fg.atom_str(pretty=True))


def _atom_text_types(xml: bytes) -> bytes:
    """Declare type="html" on Atom text that a reader could mistake for markup.

    A plain-text construct holding "</p>" or "&amp;" is ambiguous to readers (and the W3C
    validator warns). Such text is HTML-escaped and typed as html, which means exactly the same
    characters; text without "<" or "&" stays type text. feedgen cannot type titles itself.
    """
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    root = lxml.etree.fromstring(xml, parser)
    for el in root.iter(f"{{{ATOM_NS}}}title", f"{{{ATOM_NS}}}subtitle", f"{{{ATOM_NS}}}summary"):
        if el.get("type", "text") == "text" and el.text and re.search("[<&]", el.text):
            el.text = html.escape(el.text, quote=False)
            el.set("type", "html")
    return lxml.etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _json_bytes(
    channel: _Channel, items: list[_Item], cfg: FeedConfig, updated: dt.datetime
) -> bytes:
    """JSON Feed 1.1, keys in the spec's order; no "now" anywhere, so the bytes are stable."""
    del updated  # JSON Feed has no feed-level date
    feed: dict[str, object] = {
        "version": JSONFEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.home_url,
        "feed_url": _feed_url(cfg, channel, "json"),
    }
    if channel.description:
        feed["description"] = channel.description
    if cfg.icon:
        feed["icon"] = _absolute(cfg.site_url, cfg.icon)
    if cfg.author:
        feed["authors"] = [{"name": _clean(cfg.author)}]
    feed["language"] = cfg.language
    feed["items"] = [_json_item(item) for item in items]
    text = json.dumps(feed, ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")


def _json_item(item: _Item) -> dict[str, object]:
    out: dict[str, object] = {"id": item.id, "url": item.url}
    if item.original_url:
        out["external_url"] = item.original_url
    out["title"] = item.title
    # content_html or content_text is required; a report with an empty body still says something.
    if item.content_html:
        out["content_html"] = item.content_html
    else:
        out["content_text"] = item.summary or item.title
    if item.summary:
        out["summary"] = item.summary
    stamp = item.date.isoformat().replace("+00:00", "Z")
    out["date_published"] = stamp
    out["date_modified"] = stamp
    if item.authors:
        out["authors"] = [{"name": name} for name in item.authors]
    if item.tags:
        out["tags"] = [name for name, _ in item.tags]
    return out
