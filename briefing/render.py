"""Briefings → Markdown pages: report pages, the home digest, tags, archive and weekly editions.

Everything here is a pure function from briefings to {path relative to docs/: text}. Report text
reaches Markdown only through `markdown_safe`, and front matter only through the YAML dumper, so
nothing a report contains can become markup or break a page's metadata. The HTML written here is
fixed markup (class names the site's stylesheet knows); `md_in_html` renders Markdown inside it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import frontmatter
import yaml

from briefing.markdown_safe import (
    code_block,
    escape_block,
    escape_inline,
    escape_table,
    render_html,
)
from briefing.model import DATE_FILED, DEFAULT_SEEDS, Briefing, Figure, Tag
from briefing.text import balance_quotes, one_line

KIND_TITLES = {
    "topic": "Topics",
    "place": "Places",
    "organisation": "Organisations",
    "person": "People",
}
KIND_NAMES = {
    "topic": "Topic",
    "place": "Place",
    "organisation": "Organisation",
    "person": "Person",
}
HOME_PARTIAL = "_digest/home.md"
# Generated list pages are all cards: the left nav only repeats the tabs and the right table of
# contents only repeats the card titles, so both are hidden to give the cards the width.
LIST_PAGE_HIDE = ["navigation", "toc"]
# Reports are not in the nav (see mkdocs.yml), so the left sidebar of a report would be an empty
# column; the table of contents (its subheads) stays.
REPORT_PAGE_HIDE = ["navigation"]
# Chips on a card, and on a report page before "N more tags" (a phone's first screen holds
# the title, the meta line and about three rows of chips)
CARD_TAGS = 6
PAGE_FIGURES = 6  # figures in a report's "Key figures" box


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


def tag_path(tag: Tag, number: int = 1) -> str:
    """Page `number` (from 1) of a tag's reports. Later pages go in the folder the tag's feeds
    are in, so no tag slug ("russia-2") can ever collide with another tag's page 2."""
    return f"tags/{tag.slug}.md" if number == 1 else f"tags/{tag.slug}/page-{number}.md"


def month_path(year: int, month: int, number: int = 1) -> str:
    """Archive page `number` (from 1) of a month; later pages are addressed as a tag's are
    (archive/2024-03/page-2/), not as "2024-03-2", which reads like a date."""
    name = f"{year}-{month:02d}"
    return f"archive/{name}.md" if number == 1 else f"archive/{name}/page-{number}.md"


def edition_path(week: tuple[int, int], number: int = 1) -> str:
    """Page `number` (from 1) of a week's edition; later pages as a tag's and a month's are."""
    name = week_slug(week)
    return f"editions/{name}.md" if number == 1 else f"editions/{name}/page-{number}.md"


def page_url(md_path: str) -> str:
    """docs-relative Markdown path → site-relative URL with directory URLs (MkDocs' default)."""
    stem = md_path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def _link(from_md: str, to_md: str) -> str:
    """Relative link between two docs pages, as MkDocs validates and rewrites them.

    Both paths are docs-relative and normalised (no "." or ".." parts), so this is
    `posixpath.relpath(to_md, dirname(from_md))` done on strings alone: relpath makes both
    absolute against the working directory first, a system call per link, and list pages make
    hundreds of thousands of links at N = 5,000.
    """
    start = from_md.split("/")[:-1]
    target = to_md.split("/")
    common = 0
    for a, b in zip(start, target, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


@lru_cache(maxsize=1 << 16)
def _esc(text: str) -> str:
    """`escape_inline`, remembered: list pages escape the same titles, names and summary
    sentences once per page a report appears on."""
    return escape_inline(text)


def _date(value: dt.date) -> str:
    return f"{value:%-d %B %Y}"


def _time(value: dt.datetime) -> str:
    """A date readers see, with the machine-readable date beside it."""
    return f'<time datetime="{value.date().isoformat()}">{_date(value)}</time>'


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _and_list(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _reports_and_sources(reports: Sequence[Briefing]) -> str:
    """A count of reports and where they come from, true of those that state no source too:
    "4 reports from Daily NK and RFA, 1 with no source stated", "2 reports, none with a
    source stated"."""
    sources = sorted({b.report.source for b in reports if b.report.source}, key=str.lower)
    unsourced = sum(1 for b in reports if not b.report.source)
    about = _plural(len(reports), "report")
    if not sources:
        return about + (
            ", with no source stated" if unsourced == 1 else ", none with a source stated"
        )
    about += " from " + _and_list([_esc(s) for s in sources])
    return about + (f", {unsourced} with no source stated" if unsourced else "")


def _span(first: int, count: int, total: int) -> str:
    """Which of a list's reports a page shows: "Reports 51–100 of 120", "Report 121 of 121"."""
    if count == 1:
        return f"Report {first} of {total}"
    return f"Reports {first}–{first + count - 1} of {total}"


def _page_of(number: int, pages: int) -> str:
    """What headings and titles add on a list of several pages: ", page 2 of 3"."""
    return f", page {number} of {pages}" if pages > 1 else ""


# libyaml's emitter is several times faster than PyYAML's pure-Python one and writes the same
# bytes for ordinary text. It differs on characters outside the Basic Multilingual Plane (emoji:
# libyaml escapes them) and on some control and separator characters, so values holding any of
# those go through the pure-Python dumper: the output never depends on whether libyaml is there.
_FAST_DUMPER = getattr(yaml, "CSafeDumper", None)


def _plain_text(value: object) -> bool:
    """Whether both YAML emitters are known to write this value alike."""
    if isinstance(value, str):
        return (value.isascii() and value.isprintable()) or all(
            c == " " or (c.isprintable() and c <= "\uffff") for c in value
        )
    if isinstance(value, list | tuple):
        return all(_plain_text(item) for item in value)
    return value is None or isinstance(value, bool | int | dt.date)


def _dump(metadata: dict[str, object], content: str) -> str:
    post = frontmatter.Post(content, **metadata)
    fast = _FAST_DUMPER is not None and all(_plain_text(v) for v in metadata.values())
    dumper = _FAST_DUMPER if fast else yaml.SafeDumper
    text = frontmatter.dumps(post, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)
    return text + "\n"


def _meta_line(b: Briefing) -> str:
    dated = _time(b.report.date)
    # a date no report stated: the reader sees when it was filed, not when it happened
    parts = [f"Filed {dated}" if b.report.date_origin in DATE_FILED else dated]
    if b.report.source:
        parts.append(_esc(b.report.source))
    if b.report.authors:
        parts.append(_esc(", ".join(b.report.authors)))
    parts.append(f"{b.reading_time} min read")
    return " · ".join(parts)


def _chip(tag: Tag, from_md: str, count: int | None = None, *, in_week: bool = False) -> str:
    """A tag as a chip link; a count is followed by words only screen readers hear. A week's
    count says so, in those words and in a tooltip: the chip leads to the tag's page, which
    lists every week's reports (this week's first)."""
    text = _esc(tag.name)
    attrs = ".digest-tag"
    if count is not None:
        counted = f"{count} {'report' if count == 1 else 'reports'}"
        words = f" {counted.split(' ', 1)[1]}" + (" this week" if in_week else "")
        text += f' <span class="digest-count">{count}<span class="digest-sr">{words}</span></span>'
        if in_week:
            attrs += f' title="{counted} this week; the tag page lists them all"'
    return f"[{text}]({_link(from_md, tag_path(tag))}){{ {attrs} }}"


def more_tags_label(count: int) -> str:
    """The disclosure's words ("1 more tag", "8 more tags")."""
    return f"{count} more {'tag' if count == 1 else 'tags'}"


def _tag_links(tags: Sequence[Tag], from_md: str) -> str:
    return " ".join(_chip(tag, from_md) for tag in tags)


def _trimmed(text: str) -> str:
    # A figure is shown on its own, so punctuation that ended it in the sentence goes.
    return text.strip().rstrip(",;:")


def _figure_text(figure: Figure) -> str:
    return _trimmed(figure.text)


_CONTEXT_BEFORE, _CONTEXT_AFTER = 5, 6  # words shown around a card's key figure
# An ellipsis never hides only one or two words: "… hands in Ryonghung now pay" read as if the
# sentence were about hands; "Farm hands in Ryonghung now pay" costs one word more.
_CONTEXT_SLACK = 2


def _whole(part: str) -> str:
    """A pattern for ``part`` as a whole number: "USD 10" is not the start of "USD 100"."""
    return rf"(?<![\w.,]){re.escape(part)}(?![\w]|[.,]\d)"


_ENDS_APART = 100  # characters between the two ends of a range or change at most


def _figure_found(sentence: str, ends: Sequence[str]) -> re.Match[str] | None:
    """Where the sentence has the figure: its one part, or a range's or change's two ends,
    the first the nearest before the second ("On 30 May … from **30** to **40 per cent**")."""
    first = _whole(ends[0])
    if len(ends) == 1:
        return re.search(rf"(?P<first>{first})", sentence)
    gap = rf"(?P<gap>(?:(?!{first}).){{0,{_ENDS_APART}}}?)"
    return re.search(rf"(?P<first>{first}){gap}(?P<second>{_whole(ends[1])})", sentence, re.DOTALL)


def _figure_in_context(figure: Figure) -> str:
    """The figure with a few words of its sentence on each side, as Markdown: "USD 10,000"
    alone does not say what cost that much ("… a fee of **USD 10,000** for a job in …"). A
    range or change is shown as the sentence writes it, its ends in bold ("raised from
    **USD 7,200** to **USD 10,000**, while …")."""
    text = _figure_text(figure)
    sentence = balance_quotes(figure.sentence)
    ends = [_trimmed(end) for end in figure.ends] or [text]
    found = _figure_found(sentence, ends) if all(ends) else None
    if found is None:
        return f"<strong>{_esc(text)}</strong>"
    before = sentence[: found.start()].split()
    after = sentence[found.end() :].split()
    # a word the figure ends inside of ("$150-a-month") stays whole
    glued = "" if not after or sentence[found.end() : found.end() + 1].isspace() else after.pop(0)
    if len(before) > _CONTEXT_BEFORE + _CONTEXT_SLACK:
        cut = before[:-_CONTEXT_BEFORE]
        before = [f"{_left_open(cut, '“', '”')}…", *before[-_CONTEXT_BEFORE:]]
    if len(after) > _CONTEXT_AFTER + _CONTEXT_SLACK:
        after = [*after[:_CONTEXT_AFTER], f"…{_left_open(after[_CONTEXT_AFTER:], '”', '“')}"]
    lead, tail = " ".join(before), " ".join(after)
    parts = [_esc(lead), f"{_in_bold(found)}{_esc(glued)}", _esc(tail)]
    return " ".join(part for part in parts if part)


def _left_open(words: list[str], opening: str, closing: str) -> str:
    """The quotation mark that ``words``, cut from beside an excerpt, leave open: a straight
    one, or ``opening`` when they hold more of it than of ``closing``. The excerpt carries it,
    so a quote's mark never stands alone ("“… a fine of 500,000 won.”")."""
    text = " ".join(words)
    if text.count('"') % 2:
        return '"'
    return opening if text.count(opening) > text.count(closing) else ""


def _in_bold(found: re.Match[str]) -> str:
    """The figure as found, its ends in bold: "**30%** at the low end to **55%**"; ends
    joined by a dash alone are one, "**30-55%**"."""
    gap = found.groupdict().get("gap")
    if gap is None or not any(char.isspace() for char in gap):
        return f"<strong>{_esc(found.group())}</strong>"
    first, second = _esc(found.group("first")), _esc(found.group("second"))
    return f"<strong>{first}</strong> {_esc(gap)} <strong>{second}</strong>"


def _grouped_figures(figures: Sequence[Figure]) -> list[tuple[list[str], str]]:
    """Figures grouped by the sentence they came from, each sentence once, in text order."""
    groups: dict[str, list[str]] = {}
    for figure in figures[:PAGE_FIGURES]:
        texts = groups.setdefault(figure.sentence, [])
        text = _figure_text(figure)
        if text and text not in texts:
            texts.append(text)
    return [(texts, sentence) for sentence, texts in groups.items() if texts]


def body_markdown(b: Briefing) -> str:
    """The cleaned report as Markdown: paragraphs, bulleted lists, subheads, tables and code
    blocks, every character escaped."""
    blocks: list[str] = []
    previous = None
    for block in b.report.body:
        if block.kind == "repeat":
            continue  # a caption restating a sentence the body has
        if block.kind == "heading":
            blocks.append(f"## {_esc(block.text)}")
        elif block.kind == "item" and previous == "item":
            blocks[-1] += f"\n- {escape_inline(block.text)}"  # the same list goes on
        elif block.kind == "item":
            blocks.append(f"- {escape_inline(block.text)}")
        elif block.kind == "table":
            blocks.append(escape_table(block.rows))
        elif block.kind == "code":
            blocks.append(code_block(block.text))
        else:
            blocks.append(escape_block(block.text))
        previous = block.kind
    return "\n\n".join(blocks)


def body_html(b: Briefing) -> str:
    """The report body as an HTML fragment, for feed content."""
    return render_html(body_markdown(b))


class Filed(NamedTuple):
    """Which page of its week's edition and of its month's archive lists a report (from 1)."""

    edition_page: int = 1
    month_page: int = 1


FIRST_PAGES = Filed()


def by_week(briefings: Iterable[Briefing]) -> dict[tuple[int, int], list[Briefing]]:
    """Reports by the ISO week (year, week) of their date: what an edition lists."""
    weeks: dict[tuple[int, int], list[Briefing]] = defaultdict(list)
    for b in briefings:
        weeks[iso_week(b.report.date)].append(b)
    return weeks


def by_month(briefings: Iterable[Briefing]) -> dict[tuple[int, int], list[Briefing]]:
    """Reports by the (year, month) of their date: what an archive month lists."""
    months: dict[tuple[int, int], list[Briefing]] = defaultdict(list)
    for b in briefings:
        months[(b.report.date.year, b.report.date.month)].append(b)
    return months


def filed_pages(briefings: Sequence[Briefing], page_size: int) -> dict[str, Filed]:
    """Report id → the edition and archive pages that list it, counted as edition_pages and
    archive_pages count (newest first, `page_size` to a page). A new report moves the others of
    its week and month down one place, which changes the page of only those at a boundary."""
    edition: dict[str, int] = {}
    month: dict[str, int] = {}
    for groups, pages in ((by_week(briefings), edition), (by_month(briefings), month)):
        for group in groups.values():
            for position, b in enumerate(newest_first(group)):
                pages[b.id] = position // page_size + 1
    return {b.id: Filed(edition[b.id], month[b.id]) for b in briefings}


def _source_footer(b: Briefing, path: str, filed: Filed) -> list[str]:
    source = _esc(b.report.source) if b.report.source else "not stated in the report"
    footer = f"**Source:** {source}"
    if b.report.url:
        # ingest accepts only http(s) URLs without spaces, quotes or angle brackets
        safe_url = b.report.url.replace("(", "%28").replace(")", "%29")
        footer += f" · [original report]({safe_url})"
    # The seed's file name is not shown: it means nothing to a reader (and may say more than the
    # report does); editors find it in the page's front matter (`seed:`) in docs/reports/.
    week = iso_week(b.report.date)
    month = (b.report.date.year, b.report.date.month)
    edition = edition_path(week, filed.edition_page)
    archive = month_path(*month, filed.month_page)
    where = (
        f"Filed in the [{week_title(week)} edition]({_link(path, edition)})"
        f" and the [{_month_name(*month)} archive]({_link(path, archive)})."
    )
    return [
        '<footer class="digest-source" markdown>',
        "",
        footer,
        "",
        where,
        "",
        "</footer>",
    ]


@dataclass(frozen=True)
class RelatedLink:
    """What a report page shows of another report in its "Related reports" list: all a page
    takes from other reports, so a page is a function of its briefing and these alone."""

    title: str
    path: str  # the report page's path in docs/
    date: dt.datetime
    source: str | None
    filed: bool = False  # the date says when the report was filed, as its own meta line says


def related_link(b: Briefing) -> RelatedLink:
    filed = b.report.date_origin in DATE_FILED
    return RelatedLink(b.report.title, report_path(b), b.report.date, b.report.source, filed)


def report_page(
    b: Briefing,
    related: Sequence[RelatedLink] = (),
    *,
    filed: Filed,
    folder: str = DEFAULT_SEEDS,
) -> str:
    """A report's page; `related` and `filed` (the list pages it is on) come from the corpus:
    `filed` has no default, so no caller can quietly link every report to page 1. `folder`:
    the seeds folder as the project names it, for the page's `seed:` field."""
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
        "seed": f"{folder}/{b.report.relpath}",
        "id": b.id,
        "hide": REPORT_PAGE_HIDE,
    }
    if b.report.date_origin in DATE_FILED:
        # the date says when the report was filed, not when it happened: the meta line says
        # "Filed …", and the search results read this to say it too
        metadata["filed"] = True
    if b.report.url:
        metadata["url"] = b.report.url
    # The title as the page's own first heading (Material would add one without an id): the
    # theme's "Skip to content" link goes to the first heading with an id, which must be this.
    lines = [f"# {_esc(b.report.title)}", ""]
    lines += [f'<p class="digest-meta" markdown>{_meta_line(b)}</p>', ""]
    if b.tags:
        lines += [f'<p class="digest-tags" markdown>{_tag_links(b.tags[:CARD_TAGS], path)}</p>', ""]
    if len(b.tags) > CARD_TAGS:  # a long list would fill a phone's first screen
        rest = b.tags[CARD_TAGS:]
        lines += [
            '<details class="digest-tags digest-more-tags" markdown>',
            # the marker turns when open: the state is shown by shape, not colour alone
            '<summary><span class="digest-more-marker" aria-hidden="true"></span>'
            f"{more_tags_label(len(rest))}</summary>",
            "",
            _tag_links(rest, path),
            "",
            "</details>",
            "",
        ]
    if b.summary:
        lines += ['!!! abstract "Summary"', ""]
        lines += [f"    - {_esc(balance_quotes(s))}" for s in b.summary]
        lines.append("")
    groups = _grouped_figures(b.figures)
    if groups:
        lines += ['!!! info "Key figures"', ""]
        for texts, sentence in groups:
            numbers = ", ".join(f"**{_esc(t)}**" for t in texts)
            lines.append(f"    - {numbers} — {_esc(balance_quotes(sentence))}")
        lines.append("")
    lines += [body_markdown(b), ""]
    if related:
        lines += ["## Related reports", "", '<ul class="digest-related" markdown>']
        for r in related:
            dated = f"Filed {_time(r.date)}" if r.filed else _time(r.date)
            about = " · ".join([dated] + ([_esc(r.source)] if r.source else []))
            lines.append(
                f"<li markdown>[{_esc(r.title)}]({_link(path, r.path)})"
                f' <span class="digest-meta">{about}</span></li>'
            )
        lines += ["</ul>", ""]
    lines += _source_footer(b, path, filed)
    return _dump(metadata, "\n".join(lines))


def report_card(b: Briefing, from_md: str, *, sentences: int = 3, level: int = 3) -> str:
    """A report as it appears in lists: title link, meta line, tags, summary, key figure.

    `level` is the card title's heading level, so headings nest under the page's own.
    """
    lines = [
        '<article class="digest-card" markdown>',
        "",
        f"{'#' * level} [{_esc(b.report.title)}]({_link(from_md, report_path(b))})",
        "",
        f'<p class="digest-meta" markdown>{_meta_line(b)}</p>',
        "",
    ]
    if b.tags:
        chips = _tag_links(b.tags[:CARD_TAGS], from_md)
        lines += [f'<p class="digest-tags" markdown>{chips}</p>', ""]
    summary = " ".join(_esc(balance_quotes(s)) for s in b.summary[:sentences])
    if summary:
        lines += [summary, ""]
    figure = next((f for f in b.figures if _figure_text(f)), None)
    if figure is not None:
        lines += [
            '<p class="digest-figure" markdown>Key figure '
            f'<span class="digest-figure-context">{_figure_in_context(figure)}</span></p>',
            "",
        ]
    lines += ["</article>", ""]
    return "\n".join(lines)


def _cards(briefings: Sequence[Briefing], from_md: str, *, sentences: int, level: int) -> str:
    cards = [report_card(b, from_md, sentences=sentences, level=level) for b in briefings]
    return "\n".join(['<div class="digest-cards" markdown>', "", *cards, "</div>", ""])


def _subscribe(links: Sequence[tuple[str, str, str]], from_md: str, label: str) -> str:
    """Feed links that show only their format ("RSS · Atom · JSON Feed"): the label says whose
    feeds they are, and a screen reader, listing links out of context, hears the feed's whole
    name before the format. The full name three times ran to five lines on a phone."""
    if not links:
        return ""
    items = []
    for _, title, href in links:
        name, _, kind = title.rpartition(" (")  # feeds.feed_links: "<name> (<format>)"
        hidden = f'<span class="digest-sr">{_esc(name)} </span>' if name else ""
        items.append(f"[{hidden}{_esc(kind.removesuffix(')') or title)}]({_link(from_md, href)})")
    return f'<p class="digest-subscribe" markdown>{label} ' + " · ".join(items) + "</p>"


def _top_tags(briefings: Sequence[Briefing], limit: int) -> list[tuple[Tag, int]]:
    """The most used tags in a set of reports, by count then name."""
    counts: Counter[str] = Counter()
    tags: dict[str, Tag] = {}
    for b in briefings:
        for tag in b.tags:
            counts[tag.slug] += 1
            tags.setdefault(tag.slug, tag)
    ranked = sorted(tags.values(), key=lambda t: (-counts[t.slug], t.name.lower()))
    return [(tag, counts[tag.slug]) for tag in ranked[:limit]]


def home_partial(
    briefings: Sequence[Briefing], links: SiteLinks, folder: str = DEFAULT_SEEDS
) -> str:
    """The generated part of the home page; docs/index.md includes it, so links are from
    index.md. `folder`: the seeds folder as the project names it, for an empty digest's hint."""
    ordered = newest_first(briefings)
    parts = []
    if not ordered:
        shown = one_line(folder).replace("`", "")
        parts.append(f"No reports yet: add a `.txt` file to `{shown}/` and build again.")
    else:
        week = iso_week(ordered[0].report.date)
        latest_week = [b for b in ordered if iso_week(b.report.date) == week]
        parts.append(
            '<div class="digest-actions" markdown>\n\n'
            f"[Latest edition: {week_title(week)}]({edition_path(week)})"
            "{ .md-button .md-button--primary }"
            " [All editions](editions/index.md){ .md-button }"
            " [Archive](archive/index.md){ .md-button }\n\n</div>"
        )
        parts.append(
            f'<p class="digest-meta">{_plural(len(latest_week), "report")} that week · '
            f"{len(ordered)} in all · latest {_time(ordered[0].report.date)}</p>"
        )
        top = _top_tags(latest_week, 8)
        if top:
            chips = " ".join(_chip(tag, "index.md", n, in_week=True) for tag, n in top)
            parts.append(f'<p class="digest-tags" markdown>In this edition: {chips}</p>')
    subscribe = _subscribe(links.feed_links, "index.md", "Subscribe:")
    if subscribe:
        parts.append(subscribe)
    if ordered:
        parts.append("## Latest reports")
        parts.append(_cards(ordered[: links.home_reports], "index.md", sentences=2, level=3))
        if len(ordered) > links.home_reports:
            parts.append(f"[All {len(ordered)} reports in the archive →](archive/index.md)")
    return "\n\n".join(parts) + "\n"


# --- tags -------------------------------------------------------------------------------------


def _kind_order(kind: str) -> tuple[int, str]:
    return (list(KIND_TITLES).index(kind) if kind in KIND_TITLES else len(KIND_TITLES), kind)


def tag_pages(briefings: Sequence[Briefing], links: SiteLinks) -> dict[str, str]:
    by_tag: dict[str, list[Briefing]] = defaultdict(list)
    tags: dict[str, Tag] = {}
    for b in briefings:
        for tag in b.tags:
            by_tag[tag.slug].append(b)
            tags.setdefault(tag.slug, tag)
    pages: dict[str, str] = {}
    index = [
        "# Tags",
        "",
        f'<p class="digest-meta">{_plural(len(tags), "tag")} across '
        f"{_plural(len(briefings), 'report')}, most used first.</p>",
        "",
    ]
    by_kind: dict[str, list[Tag]] = defaultdict(list)
    for tag in tags.values():
        by_kind[tag.kind].append(tag)
    for kind in sorted(by_kind, key=_kind_order):
        ranked = sorted(by_kind[kind], key=lambda t: (-len(by_tag[t.slug]), t.name.lower()))
        chips = " ".join(_chip(t, "tags/index.md", len(by_tag[t.slug])) for t in ranked)
        index += [
            f"## {KIND_TITLES.get(kind, _esc(kind.title()))}",
            "",
            f'<p class="digest-tags digest-tag-index" markdown>{chips}</p>',
            "",
        ]
    metadata = {
        "title": "Tags",
        "description": "Every tag with its count of reports: topics, places, organisations "
        "and people.",
        "hide": LIST_PAGE_HIDE,
    }
    pages["tags/index.md"] = _dump(metadata, "\n".join(index))
    for slug, tag in tags.items():
        reports = newest_first(by_tag[slug])
        kind = KIND_NAMES.get(tag.kind, _esc(tag.kind.title()))
        # A tag on hundreds of reports gets pages of `archive_page_size` cards, as a month does.
        chunks = _chunks(reports, links.archive_page_size)
        for number, chunk in enumerate(chunks, start=1):
            path = tag_path(tag, number)
            if len(chunks) > 1:
                first = (number - 1) * links.archive_page_size + 1
                about = f"{_span(first, len(chunk), len(reports))}, newest first"
            else:
                about = f"{_plural(len(reports), 'report')}, newest first"
            lines = [
                f"# {_esc(tag.name)}{_page_of(number, len(chunks))}",
                "",
                f'<p class="digest-meta" markdown>{kind} · {about}'
                f" · [all tags]({_link(path, 'tags/index.md')})</p>",
                "",
            ]
            tag_links = (links.tag_feed_links or {}).get(slug, ())
            if tag_links:
                lines += [_subscribe(tag_links, path, "Follow this tag:"), ""]
            lines.append(_cards(chunk, path, sentences=2, level=2))
            if len(chunks) > 1:
                newer = (f"Page {number - 1}", tag_path(tag, number - 1)) if number > 1 else None
                older = (
                    (f"Page {number + 1}", tag_path(tag, number + 1))
                    if number < len(chunks)
                    else None
                )
                lines += [_pager(path, older, newer), ""]
            # the browser tab and a shared link say what the page is, not only the tag's name
            title = f"Tag: {tag.name}" + _page_of(number, len(chunks))
            metadata = {
                "title": html.escape(title),
                "description": html.escape(
                    f"{_plural(len(reports), 'report')} tagged {tag.name}, newest first, "
                    "with summaries."
                ),
                "tag_slug": slug,
                "tag_name": html.escape(tag.name),  # the tag's feeds are named by it
                "hide": LIST_PAGE_HIDE,
            }
            pages[path] = _dump(metadata, "\n".join(lines))
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
    # no-break spaces: a phone must not wrap "4 / Mar"
    return f"Week {week[1]}, {week[0]} ({monday:%-d\u00a0%b} – {sunday:%-d\u00a0%b})"


def _month_name(year: int, month: int) -> str:
    return dt.date(year, month, 1).strftime("%B %Y")


def _chunks(items: Sequence[Briefing], size: int) -> list[Sequence[Briefing]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _pager(from_md: str, older: tuple[str, str] | None, newer: tuple[str, str] | None) -> str:
    """Previous/next links as a labelled navigation landmark; each is (label, target page)."""
    items = []
    if newer:
        items.append(f"[← {newer[0]}]({_link(from_md, newer[1])}){{ .digest-pager__newer }}")
    if older:
        items.append(f"[{older[0]} →]({_link(from_md, older[1])}){{ .digest-pager__older }}")
    if not items:
        return ""
    return (
        '<nav class="digest-pager" aria-label="More reports" markdown>' + " ".join(items) + "</nav>"
    )


Group = tuple[int, int]  # (year, month) or (ISO year, week)


def _stream_pager(
    path: str,
    number: int,
    pages: dict[Group, int],
    group: Group,
    neighbours: tuple[Group | None, Group | None],
    page_path: Callable[[Group, int], str],
    name: Callable[[Group], str],
) -> str:
    """The pager of page `number` of a group (a month, a week) in a stream of groups read newest
    first: page by page within the group, then on to the first page of the older group, and
    back to the last page of the newer one. `pages` counts each group's pages;
    `neighbours` is (newer group, older group)."""
    newer_group, older_group = neighbours
    if number > 1:
        newer = (f"Page {number - 1}", page_path(group, number - 1))
    elif newer_group:
        newer = (name(newer_group), page_path(newer_group, pages[newer_group]))
    else:
        newer = None
    if number < pages[group]:
        older = (f"Page {number + 1}", page_path(group, number + 1))
    elif older_group:
        older = (name(older_group), page_path(older_group, 1))
    else:
        older = None
    return _pager(path, older, newer)


def _listed(count: int, pages: int) -> str:
    """An index line's size: "60 reports on 3 pages" tells a reader a busy week or month goes
    on past its first page before they open it."""
    listed = _plural(count, "report") + (f" on {pages} pages" if pages > 1 else "")
    return listed.replace(" ", "\u00a0")  # kept on one line beside the link on a phone


def _list_meta(title: str, count: int, whence: str) -> dict[str, object]:
    """Front matter of a month's or a week's page: what the browser tab and a link preview say."""
    description = f"{_plural(count, 'report')} from {whence}, newest first, with summaries."
    return {"title": title, "description": description, "hide": LIST_PAGE_HIDE}


def _neighbours(groups: list[Group], position: int) -> tuple[Group | None, Group | None]:
    """(newer, older) of the group at `position` in a list sorted newest first."""
    newer = groups[position - 1] if position > 0 else None
    older = groups[position + 1] if position + 1 < len(groups) else None
    return newer, older


def archive_pages(briefings: Sequence[Briefing], links: SiteLinks) -> dict[str, str]:
    months_reports = by_month(briefings)
    pages: dict[str, str] = {}
    index = [
        "# Archive",
        "",
        f'<p class="digest-meta">{_plural(len(briefings), "report")} by month, newest first.</p>',
        "",
    ]
    # The month pages read as one stream, newest first, like the editions: a month's last page
    # leads on to the month before, its first page back to the last page of the month after.
    months = sorted(months_reports, reverse=True)
    page_counts = {m: len(_chunks(months_reports[m], links.archive_page_size)) for m in months}
    year_seen = None
    for position, (year, month) in enumerate(months):
        if year != year_seen:
            index += ["", f"## {year}", ""]
            year_seen = year
        index.append(
            f"- [{_month_name(year, month)}]({_link('archive/index.md', month_path(year, month))})"
            f" — {_listed(len(months_reports[(year, month)]), page_counts[(year, month)])}"
        )
        reports = newest_first(months_reports[(year, month)])
        chunks = _chunks(reports, links.archive_page_size)
        for number, chunk in enumerate(chunks, start=1):
            path = month_path(year, month, number)
            name = _month_name(year, month)
            heading = name + _page_of(number, len(chunks))
            first = (number - 1) * links.archive_page_size + 1
            shown = (
                _span(first, len(chunk), len(reports))
                if len(chunks) > 1
                else _plural(len(reports), "report")
            )
            lines = [
                f"# {heading}",
                "",
                f'<p class="digest-meta" markdown>{shown} from {name}, newest first · '
                f"[all months]({_link(path, 'archive/index.md')})</p>",
                "",
                _cards(chunk, path, sentences=2, level=2),
            ]
            lines.append(
                _stream_pager(
                    path,
                    number,
                    page_counts,
                    (year, month),
                    _neighbours(months, position),
                    lambda m, n: month_path(*m, n),
                    lambda m: _month_name(*m),
                )
            )
            pages[path] = _dump(
                _list_meta(f"Archive: {heading}", len(reports), name), "\n".join(lines) + "\n"
            )
    metadata = {
        "title": "Archive",
        "description": "Every report by the month it is dated, newest month first.",
        "hide": ["navigation"],
    }
    pages["archive/index.md"] = _dump(metadata, "\n".join(index) + "\n")
    return pages


def edition_pages(briefings: Sequence[Briefing], links: SiteLinks) -> dict[str, str]:
    weeks_reports = by_week(briefings)
    weeks = sorted(weeks_reports, reverse=True)
    pages: dict[str, str] = {}
    index = [
        "# Weekly editions",
        "",
        '<p class="digest-meta">Each edition collects the reports dated in one week '
        "(Monday to Sunday), newest first.</p>",
        "",
    ]
    # A busy week gets pages of `archive_page_size` cards, as a month does. The pager reads the
    # editions as one stream, newest first: a week's last page leads on to the week before, and
    # its first page back to the last page of the week after.
    page_counts = {w: len(_chunks(weeks_reports[w], links.archive_page_size)) for w in weeks}
    year_seen = None
    for week in weeks:
        if week[0] != year_seen:
            index += ["", f"## {week[0]}", ""]
            year_seen = week[0]
        index.append(
            f"- [{week_title(week)}]({week_slug(week)}.md)"
            f" — {_listed(len(weeks_reports[week]), page_counts[week])}"
        )
    metadata = {
        "title": "Editions",
        "description": "Weekly editions, Monday to Sunday, newest first: the reports of each week.",
        "hide": ["navigation"],
    }
    pages["editions/index.md"] = _dump(metadata, "\n".join(index) + "\n")
    for position, week in enumerate(weeks):
        reports = newest_first(weeks_reports[week])
        chunks = _chunks(reports, links.archive_page_size)
        for number, chunk in enumerate(chunks, start=1):
            path = edition_path(week, number)
            heading = week_title(week) + _page_of(number, len(chunks))
            lines = [f"# {heading}", ""]
            all_editions = f"[all editions]({_link(path, 'editions/index.md')})"
            if number == 1:
                about = _reports_and_sources(reports)
                if len(chunks) > 1:
                    about += f" · {len(chunk)} on this page, newest first"
                lines += [f'<p class="digest-meta" markdown>{about} · {all_editions}</p>', ""]
                top = _top_tags(reports, 8)
                if top:
                    chips = " ".join(_chip(tag, path, n, in_week=True) for tag, n in top)
                    lines += [f'<p class="digest-tags" markdown>In this edition: {chips}</p>', ""]
            else:
                first = (number - 1) * links.archive_page_size + 1
                lines += [
                    f'<p class="digest-meta" markdown>{_span(first, len(chunk), len(reports))} '
                    f"from this week, newest first · {all_editions}</p>",
                    "",
                ]
            lines.append(_cards(chunk, path, sentences=2, level=2))
            lines.append(
                _stream_pager(
                    path,
                    number,
                    page_counts,
                    week,
                    _neighbours(weeks, position),
                    edition_path,
                    lambda w: f"Week {w[1]}, {w[0]}",
                )
            )
            metadata = _list_meta(f"Edition: {heading}", len(reports), week_title(week))
            pages[path] = _dump(metadata, "\n".join(lines) + "\n")
    return pages
