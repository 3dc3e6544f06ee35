"""Briefings → Markdown pages: report pages, the home digest, tags, archive and weekly editions.

Everything here is a pure function from briefings to {path relative to docs/: text}. Report text
reaches Markdown only through `markdown_safe`, and front matter only through the YAML dumper, so
nothing a report contains can become markup or break a page's metadata.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import frontmatter
import yaml

from briefing.markdown_safe import escape_block, escape_inline, render_html
from briefing.model import Briefing, Tag

KIND_TITLES = {
    "topic": "Topics",
    "place": "Places",
    "organisation": "Organisations",
    "person": "People",
}
HOME_PARTIAL = "_digest/home.md"


@dataclass(frozen=True)
class SiteLinks:
    """What pages need to know about the site around them."""

    feed_links: tuple[tuple[str, str, str], ...] = ()  # (mime, title, site-relative href)
    tag_feed_links: dict[str, tuple[tuple[str, str, str], ...]] | None = None  # by tag slug
    archive_page_size: int = 50
    home_reports: int = 12


def newest_first(briefings: Iterable[Briefing]) -> list[Briefing]:
    """The one order used everywhere: date descending, ties broken by seed path."""
    by_path = sorted(briefings, key=lambda b: b.report.relpath)
    return sorted(by_path, key=lambda b: b.report.date, reverse=True)


def report_path(briefing: Briefing) -> str:
    return f"reports/{briefing.report.date.year}/{briefing.id}.md"


def page_url(md_path: str) -> str:
    """docs-relative Markdown path → site-relative URL with directory URLs (MkDocs' default)."""
    stem = md_path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def _link(from_md: str, to_md: str) -> str:
    """Relative link between two docs pages, as MkDocs validates and rewrites them."""
    return posixpath.relpath(to_md, posixpath.dirname(from_md) or ".")


def _date(value: dt.datetime) -> str:
    return f"{value:%-d %B %Y}"


def _dump(metadata: dict[str, object], content: str) -> str:
    post = frontmatter.Post(content, **metadata)
    text = frontmatter.dumps(
        post, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, width=1000
    )
    return text + "\n"


def _meta_line(b: Briefing) -> str:
    parts = [_date(b.report.date)]
    if b.report.source:
        parts.append(escape_inline(b.report.source))
    if b.report.authors:
        parts.append(escape_inline(", ".join(b.report.authors)))
    parts.append(f"{b.reading_time} min read")
    return " · ".join(parts)


def _tag_links(b: Briefing, from_md: str) -> str:
    return " ".join(
        f"[{escape_inline(tag.name)}]({_link(from_md, tag_path(tag))}){{ .digest-tag }}"
        for tag in b.tags
    )


def tag_path(tag: Tag) -> str:
    return f"tags/{tag.slug}.md"


def body_markdown(b: Briefing) -> str:
    """The cleaned report as Markdown: paragraphs and subheads, every character escaped."""
    blocks = []
    for block in b.report.body:
        if block.kind == "heading":
            blocks.append(f"## {escape_inline(block.text)}")
        else:
            blocks.append(escape_block(block.text))
    return "\n\n".join(blocks)


def body_html(b: Briefing) -> str:
    """The report body as an HTML fragment, for feed content."""
    return render_html(body_markdown(b))


def report_page(b: Briefing, related: Sequence[Briefing] = ()) -> str:
    path = report_path(b)
    metadata: dict[str, object] = {
        # Material inserts title and description into HTML without escaping: escape them here.
        "title": html.escape(b.report.title),
        "date": b.report.date.date(),
        "source": b.report.source,
        "authors": list(b.report.authors),
        "tags": [t.name for t in b.tags],
        "summary": list(b.summary),
        "description": html.escape(b.description),
        "keywords": list(b.keyphrases),
        "reading_time": b.reading_time,
        "seed": f"seeds/{b.report.relpath}",
        "id": b.id,
    }
    if b.report.url:
        metadata["url"] = b.report.url
    lines = [f'<p class="digest-meta" markdown>{_meta_line(b)}</p>', ""]
    if b.summary:
        lines += ['!!! abstract "Summary"', ""]
        lines += [f"    - {escape_inline(s)}" for s in b.summary]
        lines.append("")
    if b.figures:
        lines += ['!!! info "Key figures"', ""]
        lines += [
            f"    - **{escape_inline(f.text)}** — {escape_inline(f.sentence)}" for f in b.figures
        ]
        lines.append("")
    if b.tags:
        lines += [f'<p class="digest-tags" markdown>{_tag_links(b, path)}</p>', ""]
    lines += [body_markdown(b), ""]
    if related:
        lines += ["## Related reports", ""]
        lines += [
            f"- [{escape_inline(r.report.title)}]({_link(path, report_path(r))}) — "
            f"{_date(r.report.date)}"
            for r in related
        ]
        lines.append("")
    source = escape_inline(b.report.source) if b.report.source else "No source stated in the report"
    footer = f"**Source:** {source}"
    if b.report.url:
        # ingest accepts only http(s) URLs without spaces, quotes or angle brackets
        safe_url = b.report.url.replace("(", "%28").replace(")", "%29")
        footer += f" · [original report]({safe_url})"
    footer += f" · seed file `{b.report.relpath.replace('`', '')}`"
    lines += ["---", "", f'<p class="digest-source" markdown>{footer}</p>']
    return _dump(metadata, "\n".join(lines))


def report_card(b: Briefing, from_md: str, *, sentences: int = 3) -> str:
    """A report as it appears in lists: title link, meta line, tags, summary."""
    lines = [
        f"### [{escape_inline(b.report.title)}]({_link(from_md, report_path(b))})",
        "",
        f'<p class="digest-meta" markdown>{_meta_line(b)}</p>',
        "",
    ]
    if b.tags:
        lines += [f'<p class="digest-tags" markdown>{_tag_links(b, from_md)}</p>', ""]
    summary = " ".join(escape_inline(s) for s in b.summary[:sentences])
    if summary:
        lines += [summary, ""]
    if b.figures:
        figure = b.figures[0]
        lines += [f"**Key figure:** {escape_inline(figure.text)}", ""]
    return "\n".join(lines)


def _subscribe(links: Sequence[tuple[str, str, str]], from_md: str) -> str:
    if not links:
        return ""
    items = [f"[{escape_inline(title)}]({_link(from_md, href)})" for _, title, href in links]
    return "**Subscribe:** " + " · ".join(items)


def home_partial(briefings: Sequence[Briefing], links: SiteLinks) -> str:
    """The generated part of the home page; docs/index.md includes it, so links are from index.md."""
    ordered = newest_first(briefings)
    parts = []
    subscribe = _subscribe(links.feed_links, "index.md")
    if subscribe:
        parts.append(subscribe)
    if ordered:
        week = iso_week(ordered[0].report.date)
        parts.append(
            f"**This week:** [{week_title(week)}](editions/{week_slug(week)}.md) · "
            "[All editions](editions/index.md) · [Archive](archive/index.md)"
        )
    else:
        parts.append("No reports yet: add a `.txt` file to `seeds/` and build again.")
    parts.append("## Latest reports")
    parts += [report_card(b, "index.md") for b in ordered[: links.home_reports]]
    if len(ordered) > links.home_reports:
        parts.append(f"[All {len(ordered)} reports in the archive](archive/index.md)")
    return "\n\n".join(parts) + "\n"


# --- tags -------------------------------------------------------------------------------------


def tag_pages(briefings: Sequence[Briefing], links: SiteLinks) -> dict[str, str]:
    by_tag: dict[str, list[Briefing]] = defaultdict(list)
    tags: dict[str, Tag] = {}
    for b in briefings:
        for tag in b.tags:
            by_tag[tag.slug].append(b)
            tags.setdefault(tag.slug, tag)
    pages: dict[str, str] = {}
    index = ["# Tags", "", f"{len(tags)} tags across {len(briefings)} reports.", ""]
    by_kind: dict[str, list[Tag]] = defaultdict(list)
    for tag in tags.values():
        by_kind[tag.kind].append(tag)
    for kind in sorted(
        by_kind, key=lambda k: (list(KIND_TITLES).index(k) if k in KIND_TITLES else 99, k)
    ):
        index += [f"## {KIND_TITLES.get(kind, escape_inline(kind.title()))}", ""]
        for tag in sorted(by_kind[kind], key=lambda t: (-len(by_tag[t.slug]), t.name.lower())):
            index.append(f"- [{escape_inline(tag.name)}]({tag.slug}.md) ({len(by_tag[tag.slug])})")
        index.append("")
    pages["tags/index.md"] = _dump({"title": "Tags"}, "\n".join(index))
    for slug, tag in tags.items():
        path = tag_path(tag)
        lines = [
            f"# {escape_inline(tag.name)}",
            "",
            f"{len(by_tag[slug])} reports · {KIND_TITLES.get(tag.kind, tag.kind)[:-1].lower()}",
            "",
        ]
        tag_links = (links.tag_feed_links or {}).get(slug, ())
        if tag_links:
            lines += [_subscribe(tag_links, path), ""]
        lines += [report_card(b, path) for b in newest_first(by_tag[slug])]
        pages[path] = _dump({"title": html.escape(tag.name), "tag_slug": slug}, "\n".join(lines))
    return pages


# --- archive and editions ---------------------------------------------------------------------


def iso_week(date: dt.datetime) -> tuple[int, int]:
    year, week, _ = date.isocalendar()
    return year, week


def week_slug(week: tuple[int, int]) -> str:
    return f"{week[0]}-w{week[1]:02d}"


def week_title(week: tuple[int, int]) -> str:
    monday = dt.date.fromisocalendar(week[0], week[1], 1)
    sunday = monday + dt.timedelta(days=6)
    return f"Week {week[1]}, {week[0]} ({monday:%-d %b} – {sunday:%-d %b})"


def _chunks(items: Sequence[Briefing], size: int) -> list[Sequence[Briefing]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def archive_pages(briefings: Sequence[Briefing], links: SiteLinks) -> dict[str, str]:
    by_month: dict[tuple[int, int], list[Briefing]] = defaultdict(list)
    for b in briefings:
        by_month[(b.report.date.year, b.report.date.month)].append(b)
    pages: dict[str, str] = {}
    index = ["# Archive", "", f"{len(briefings)} reports, newest first, by month.", ""]
    for year, month in sorted(by_month, reverse=True):
        name = dt.date(year, month, 1).strftime("%B %Y")
        index.append(f"- [{name}]({year}-{month:02d}.md) ({len(by_month[(year, month)])})")
        reports = newest_first(by_month[(year, month)])
        chunks = _chunks(reports, links.archive_page_size)
        for number, chunk in enumerate(chunks, start=1):
            path = (
                f"archive/{year}-{month:02d}.md"
                if number == 1
                else f"archive/{year}-{month:02d}-{number}.md"
            )
            lines = [
                f"# {name}" + (f" (page {number} of {len(chunks)})" if len(chunks) > 1 else ""),
                "",
            ]
            lines += [report_card(b, path, sentences=2) for b in chunk]
            if len(chunks) > 1:
                nav = []
                if number > 1:
                    prev = (
                        f"{year}-{month:02d}.md"
                        if number == 2
                        else f"{year}-{month:02d}-{number - 1}.md"
                    )
                    nav.append(f"[← Newer]({prev})")
                if number < len(chunks):
                    nav.append(f"[Older →]({year}-{month:02d}-{number + 1}.md)")
                lines.append(" · ".join(nav))
            pages[path] = _dump({"title": f"Archive: {name}"}, "\n".join(lines))
    pages["archive/index.md"] = _dump({"title": "Archive"}, "\n".join(index))
    return pages


def edition_pages(briefings: Sequence[Briefing], links: SiteLinks) -> dict[str, str]:
    by_week: dict[tuple[int, int], list[Briefing]] = defaultdict(list)
    for b in briefings:
        by_week[iso_week(b.report.date)].append(b)
    weeks = sorted(by_week, reverse=True)
    pages: dict[str, str] = {}
    index = [
        "# Weekly editions",
        "",
        "Each edition collects the reports dated in one ISO week.",
        "",
    ]
    index += [f"- [{week_title(w)}]({week_slug(w)}.md) ({len(by_week[w])} reports)" for w in weeks]
    pages["editions/index.md"] = _dump({"title": "Editions"}, "\n".join(index) + "\n")
    for position, week in enumerate(weeks):
        path = f"editions/{week_slug(week)}.md"
        lines = [f"# {week_title(week)}", ""]
        lines += [report_card(b, path) for b in newest_first(by_week[week])]
        nav = []
        if position + 1 < len(weeks):
            older = weeks[position + 1]
            nav.append(f"[← {week_title(older)}]({week_slug(older)}.md)")
        if position > 0:
            newer = weeks[position - 1]
            nav.append(f"[{week_title(newer)} →]({week_slug(newer)}.md)")
        if nav:
            lines += ["---", "", " · ".join(nav)]
        pages[path] = _dump({"title": week_title(week)}, "\n".join(lines))
    return pages
