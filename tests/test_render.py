"""Render's page Markdown, checked on hand-made briefings (no build, no MkDocs)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import replace

import frontmatter
import pytest

from briefing import render
from briefing.markdown_safe import render_html
from briefing.model import Block, Briefing, Figure, Report, Tag

UTC = dt.UTC


def make(
    n: int,
    date: dt.datetime,
    *,
    title: str | None = None,
    tags: tuple[Tag, ...] = (),
    figures: tuple[Figure, ...] = (),
    source: str | None = "Daily NK",
) -> Briefing:
    report = Report(
        relpath=f"{n:04d}.txt",
        title=title or f"Report number {n}",
        body=(Block("paragraph", f"Body of report {n}."), Block("heading", "What happened")),
        date=date,
        source=source,
        authors=("Jane Doe",),
    )
    return Briefing(
        report=report,
        id=f"report-{n}",
        summary=(f"First sentence of {n}.", f"Second sentence of {n}.", f"Third sentence of {n}."),
        description=f"First sentence of {n}.",
        tags=tags,
        keyphrases=("report",),
        figures=figures,
        reading_time=2,
    )


RUSSIA = Tag("Russia", "russia", "place")
CHINA = Tag("China", "china", "place")
LABOUR = Tag("Labour export", "labour-export", "topic")
WPK = Tag("Workers' Party of Korea", "workers-party-of-korea", "organisation")
KIM = Tag("Kim Jong Un", "kim-jong-un", "person")


def links_in(markdown: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", markdown)


def test_archive_month_is_split_into_pages_of_at_most_the_page_size() -> None:
    day = dt.datetime(2024, 3, 10, tzinfo=UTC)
    briefings = [make(i, day + dt.timedelta(minutes=i)) for i in range(120)]
    pages = render.archive_pages(briefings, render.SiteLinks(archive_page_size=50))
    month = sorted(p for p in pages if p.startswith("archive/2024-03"))
    # later pages sit in the month's folder, as a tag's do: archive/2024-03/page-2/
    assert month == ["archive/2024-03.md", "archive/2024-03/page-2.md", "archive/2024-03/page-3.md"]
    counts = {p: pages[p].count('class="digest-card"') for p in month}
    assert counts == {
        "archive/2024-03.md": 50,
        "archive/2024-03/page-2.md": 50,
        "archive/2024-03/page-3.md": 20,
    }
    # newest first: report 119 (latest minute) opens page 1, report 0 closes page 3
    assert "Report number 119" in pages["archive/2024-03.md"].split('class="digest-card"')[1]
    assert pages["archive/2024-03/page-3.md"].rstrip().count("Report number 0]") == 1
    # the middle page links both ways, the ends only inwards
    assert {"../2024-03.md", "page-3.md"} <= set(links_in(pages["archive/2024-03/page-2.md"]))
    assert "2024-03/page-2.md" in links_in(pages["archive/2024-03.md"])
    assert "page-4.md" not in links_in(pages["archive/2024-03/page-3.md"])


def test_month_pages_lead_on_to_the_month_before_and_back() -> None:
    march = [make(i, dt.datetime(2024, 3, 10, i, tzinfo=UTC)) for i in range(3)]
    april = [make(10 + i, dt.datetime(2024, 4, 2, i, tzinfo=UTC)) for i in range(3)]
    february = [make(20, dt.datetime(2024, 2, 5, tzinfo=UTC))]
    pages = render.archive_pages([*march, *april, *february], render.SiteLinks(archive_page_size=2))
    first, last = pages["archive/2024-03.md"], pages["archive/2024-03/page-2.md"]
    assert "# March 2024, page 1 of 2\n" in first
    # the browser tab and a link preview say what the page is
    assert frontmatter.loads(first).metadata == {
        "title": "Archive: March 2024, page 1 of 2",
        "description": "3 reports from March 2024, newest first, with summaries.",
        "hide": ["navigation", "toc"],
    }
    assert "Reports 1–2 of 3 from March 2024" in first and "Report 3 of 3 from March" in last
    # newest first: from April's last page into March, and from March's last page to February
    assert links_in(first.split("<nav")[1]) == ["2024-04/page-2.md", "2024-03/page-2.md"]
    assert links_in(last.split("<nav")[1]) == ["../2024-03.md", "../2024-02.md"]
    assert "[all months](../index.md)" in last
    only = pages["archive/2024-02.md"]
    assert "# February 2024\n" in only and "1 report from February 2024" in only
    assert links_in(only.split("<nav")[1]) == ["2024-03/page-2.md"]  # the oldest: newer only


def test_a_report_s_footer_links_to_the_list_pages_that_show_it() -> None:
    """In a busy week or month a report may be on page 3: its footer must send the reader there,
    not to page 1."""
    start = dt.datetime(2024, 3, 4, tzinfo=UTC)  # a Monday
    briefings = [make(i, start + dt.timedelta(hours=5 * i)) for i in range(70)]  # 15 days
    links = render.SiteLinks(archive_page_size=4)
    lists = {**render.edition_pages(briefings, links), **render.archive_pages(briefings, links)}
    filed = render.filed_pages(briefings, links.archive_page_size)
    assert {f.edition_page for f in filed.values()} >= {1, 2, 3, 4}
    for b in briefings:
        page = render.report_page(b, filed=filed[b.id])
        footer = page.split('<footer class="digest-source"', 1)[1]
        targets = [t for t in links_in(footer) if t.startswith("../../")]
        assert len(targets) == 2, footer
        for target in targets:
            list_path = target.removeprefix("../../")
            back = posixpath.relpath(render.report_path(b), posixpath.dirname(list_path))
            assert f"({back})" in lists[list_path], (b.id, target)


def test_archive_index_lists_months_newest_first_with_counts() -> None:
    briefings = [
        make(1, dt.datetime(2023, 12, 31, tzinfo=UTC)),
        make(2, dt.datetime(2024, 1, 1, tzinfo=UTC)),
        make(3, dt.datetime(2024, 1, 20, tzinfo=UTC)),
    ]
    index = render.archive_pages(briefings, render.SiteLinks())["archive/index.md"]
    assert index.index("January 2024") < index.index("December 2023")
    assert "[January 2024](2024-01.md) — 2\u00a0reports\n" in index
    assert "[December 2023](2023-12.md) — 1\u00a0report\n" in index
    # with one report to a page, January runs to two pages, and the index says so
    index = render.archive_pages(briefings, render.SiteLinks(archive_page_size=1))
    assert (
        "[January 2024](2024-01.md) — 2\u00a0reports\u00a0on\u00a02\u00a0pages\n"
        in index["archive/index.md"]
    )


def test_editions_follow_iso_weeks_and_link_to_each_other() -> None:
    # 30 Dec 2024 is a Monday in ISO week 1 of 2025; 29 Dec 2024 is in week 52 of 2024.
    briefings = [
        make(1, dt.datetime(2024, 12, 29, tzinfo=UTC)),
        make(2, dt.datetime(2024, 12, 30, tzinfo=UTC)),
        make(3, dt.datetime(2025, 1, 5, tzinfo=UTC)),
        make(4, dt.datetime(2025, 1, 6, tzinfo=UTC)),
    ]
    pages = render.edition_pages(briefings, render.SiteLinks())
    assert set(pages) == {
        "editions/index.md",
        "editions/2024-w52.md",
        "editions/2025-w01.md",
        "editions/2025-w02.md",
    }
    week1 = pages["editions/2025-w01.md"]
    assert "Report number 2" in week1 and "Report number 3" in week1
    assert "Report number 1]" not in week1 and "Report number 4]" not in week1
    assert "30\u00a0Dec – 5\u00a0Jan" in week1
    assert {"2024-w52.md", "2025-w02.md"} <= set(links_in(week1))
    newest = pages["editions/2025-w02.md"]
    assert "2025-w01.md" in links_in(newest) and "2025-w03.md" not in newest


def test_a_busy_week_is_split_into_pages_that_lead_on_to_the_next_week() -> None:
    monday = dt.datetime(2024, 3, 4, tzinfo=UTC)  # week 10 of 2024
    busy = [make(i, monday + dt.timedelta(minutes=i), tags=(RUSSIA,)) for i in range(60)]
    before = make(100, dt.datetime(2024, 2, 28, tzinfo=UTC))  # week 9
    after = [make(200 + i, dt.datetime(2024, 3, 12, i, tzinfo=UTC)) for i in range(3)]  # week 11
    pages = render.edition_pages([*busy, before, *after], render.SiteLinks(archive_page_size=2))
    # (page size 2 here so week 11 has pages too; then 25 for the busy week's own checks)
    assert links_in(pages["editions/2024-w10.md"].split("<nav")[1])[0] == "2024-w11/page-2.md"
    pages = render.edition_pages([*busy, before, *after], render.SiteLinks(archive_page_size=25))
    week = sorted(p for p in pages if p.startswith("editions/2024-w10"))
    assert week == [
        "editions/2024-w10.md",
        "editions/2024-w10/page-2.md",
        "editions/2024-w10/page-3.md",
    ]
    counts = [pages[p].count('class="digest-card"') for p in week]
    assert counts == [25, 25, 10]
    first, last = pages["editions/2024-w10.md"], pages["editions/2024-w10/page-3.md"]
    assert "60 reports" in first and "In this edition:" in first
    # the week's count says it is the week's: the chip leads to the tag's page of every week
    assert (
        '[Russia <span class="digest-count">60<span class="digest-sr"> reports this week</span>'
        '</span>](../tags/russia.md){ .digest-tag title="60 reports this week; the tag page '
        'lists them all" }'
    ) in first
    assert "# Week 10, 2024 (4\u00a0Mar – 10\u00a0Mar), page 1 of 3" in first
    assert (
        frontmatter.loads(first)["title"]
        == "Edition: Week 10, 2024 (4\u00a0Mar – 10\u00a0Mar), page 1 of 3"
    )
    assert frontmatter.loads(first)["description"] == (
        "60 reports from Week 10, 2024 (4\u00a0Mar – 10\u00a0Mar), newest first, with summaries."
    )
    assert "Reports 51–60 of 60 from this week" in last
    # newest first through the pages, then on to the week before; back to the week after
    assert "Report number 59" in first.split('class="digest-card"')[1]
    assert "Report number 0]" in last
    assert links_in(first.split("<nav")[1]) == ["2024-w11.md", "2024-w10/page-2.md"]
    assert links_in(last.split("<nav")[1]) == ["page-2.md", "../2024-w09.md"]
    # the editions index counts the week once, with every report, and says it runs to 3 pages;
    # a week that fits on one page says nothing about pages
    index = pages["editions/index.md"]
    assert "2024-w10.md) — 60\u00a0reports\u00a0on\u00a03\u00a0pages\n" in index
    assert "2024-w09.md) — 1\u00a0report\n" in index


def test_tag_index_groups_kinds_and_sorts_by_count_then_name() -> None:
    day = dt.datetime(2024, 3, 1, tzinfo=UTC)
    briefings = [
        make(1, day, tags=(LABOUR, RUSSIA, CHINA, KIM)),
        make(2, day, tags=(RUSSIA, WPK)),
        make(3, day, tags=(CHINA,)),
        make(4, day, tags=(RUSSIA,)),
    ]
    index = render.tag_pages(briefings, render.SiteLinks())["tags/index.md"]
    headings = re.findall(r"^## (.+)$", index, flags=re.M)
    assert headings == ["Topics", "Places", "Organisations", "People"]
    places = index.split("## Places")[1].split("##")[0]
    # Russia (3) before China (2)
    assert places.index("[Russia") < places.index("[China")
    assert re.search(r"\[Russia <span class=\"digest-count\">3", places)
    assert '3<span class="digest-sr"> reports</span>' in places  # every report, all the time


def test_tags_with_equal_counts_sort_by_name() -> None:
    day = dt.datetime(2024, 3, 1, tzinfo=UTC)
    briefings = [make(1, day, tags=(RUSSIA, CHINA))]
    places = render.tag_pages(briefings, render.SiteLinks())["tags/index.md"].split("## Places")[1]
    assert places.index("[China") < places.index("[Russia")


def test_tag_page_lists_its_reports_newest_first_with_summaries_and_feeds() -> None:
    briefings = [
        make(1, dt.datetime(2024, 1, 1, tzinfo=UTC), tags=(RUSSIA,)),
        make(2, dt.datetime(2024, 2, 1, tzinfo=UTC), tags=(RUSSIA,)),
        make(3, dt.datetime(2024, 3, 1, tzinfo=UTC), tags=(CHINA,)),
    ]
    feeds = {"russia": (("application/rss+xml", "RSS", "tags/russia/feed.xml"),)}
    page = render.tag_pages(briefings, render.SiteLinks(tag_feed_links=feeds))["tags/russia.md"]
    assert page.index("Report number 2") < page.index("Report number 1")
    assert "Report number 3" not in page
    assert "First sentence of 2." in page
    assert "[RSS](russia/feed.xml)" in page
    assert frontmatter.loads(page)["tag_slug"] == "russia"


def test_feed_links_show_their_format_and_tell_screen_readers_whose_feed() -> None:
    """The full feed name, three times, ran to five lines on a phone."""
    feeds = {
        "russia": (
            (
                "application/rss+xml",
                "Briefing Digest — Russia <b>& co</b> (RSS)",
                "tags/russia/feed.xml",
            ),
            (
                "application/feed+json",
                "Briefing Digest — Russia <b>& co</b> (JSON Feed)",
                "tags/russia/feed.json",
            ),
        )
    }
    briefings = [make(1, dt.datetime(2024, 1, 1, tzinfo=UTC), tags=(RUSSIA,))]
    page = render.tag_pages(briefings, render.SiteLinks(tag_feed_links=feeds))["tags/russia.md"]
    html = render_html(frontmatter.loads(page).content)
    hidden = '<span class="digest-sr">Briefing Digest — Russia &lt;b&gt;&amp; co&lt;/b&gt; </span>'
    assert f'<a href="russia/feed.xml">{hidden}RSS</a>' in html
    assert f'<a href="russia/feed.json">{hidden}JSON Feed</a>' in html
    assert "<b>" not in html


def test_home_shows_newest_reports_latest_edition_link_and_subscribe_links() -> None:
    briefings = [make(i, dt.datetime(2024, 3, i + 1, tzinfo=UTC)) for i in range(5)]
    links = render.SiteLinks(
        feed_links=(
            ("application/rss+xml", "RSS", "feed.xml"),
            ("application/atom+xml", "Atom", "atom.xml"),
        ),
        home_reports=3,
    )
    home = render.home_partial(briefings, links)
    # 5 March 2024 (report 4) is in ISO week 10; the build cannot know whether that week is
    # still "this week" when someone reads the page, so it is named the latest edition
    assert (
        "[Latest edition: Week 10, 2024 (4\u00a0Mar – 10\u00a0Mar)](editions/2024-w10.md)" in home
    )
    assert "this week" not in home.lower()
    assert "[RSS](feed.xml)" in home and "[Atom](atom.xml)" in home
    assert home.count('class="digest-card"') == 3
    assert (
        home.index("Report number 4")
        < home.index("Report number 3")
        < home.index("Report number 2")
    )
    assert "Report number 1]" not in home
    assert "[All 5 reports in the archive →](archive/index.md)" in home


@pytest.mark.parametrize(
    ("origin", "shown"),
    [
        ("front matter", '<time datetime="2024-03-05">5 March 2024</time> · Daily NK'),
        ("written in the text", '<time datetime="2024-03-05">5 March 2024</time> · Daily NK'),
        ("first added to git", 'Filed <time datetime="2024-03-05">5 March 2024</time> · Daily'),
        ("file modification time", 'Filed <time datetime="2024-03-05">5 March'),
    ],
)
def test_a_date_the_report_did_not_state_is_labelled_as_filed(origin: str, shown: str) -> None:
    b = make(1, dt.datetime(2024, 3, 5, tzinfo=UTC))
    b = replace(b, report=replace(b.report, date_origin=origin))
    post = frontmatter.loads(render.report_page(b, filed=render.FIRST_PAGES))
    assert f'<p class="digest-meta" markdown>{shown}' in post.content
    # the search results label it from the page's front matter
    assert post.get("filed", False) is origin.startswith(("first", "file"))
    card = render.home_partial([b], render.SiteLinks())
    assert ("Filed <time" in card) == origin.startswith(("first", "file"))
    # and so does another report's "Related reports" list
    other = make(2, dt.datetime(2024, 3, 6, tzinfo=UTC))
    page = render.report_page(other, [render.related_link(b)], filed=render.FIRST_PAGES)
    related = page.split("## Related reports", 1)[1]
    assert ('<span class="digest-meta">Filed <time' in related) == origin.startswith(
        ("first", "file")
    )


def test_the_title_is_the_page_s_first_heading_escaped() -> None:
    b = make(1, dt.datetime(2024, 3, 5, tzinfo=UTC), title="Fees *up* <b>30%</b> in [Rason]")
    body = frontmatter.loads(render.report_page(b, filed=render.FIRST_PAGES)).content
    first = body.lstrip().splitlines()[0]
    assert first.startswith("# Fees ") and "<b>" not in first and "*up*" not in first


def test_report_page_has_meta_summary_figures_related_and_source() -> None:
    figures = (
        Figure("30%", "percent", "Fees rose 30% to 55%."),
        Figure("55%,", "percent", "Fees rose 30% to 55%."),
        Figure("USD 7,200", "money", "The fee was USD 7,200."),
    )
    b = make(1, dt.datetime(2024, 3, 5, tzinfo=UTC), tags=(RUSSIA,), figures=figures)
    other = make(2, dt.datetime(2024, 3, 4, tzinfo=UTC))
    page = render.report_page(b, [render.related_link(other)], filed=render.FIRST_PAGES)
    post = frontmatter.loads(page)
    assert post["title"] == "Report number 1" and post["id"] == "report-1"
    # not in the nav, so no nav sidebar; the table of contents of its subheads stays
    assert post["hide"] == ["navigation"]
    body = post.content
    assert (
        "5 March 2024" in body
        and "Daily NK" in body
        and "Jane Doe" in body
        and "2 min read" in body
    )
    assert '!!! abstract "Summary"' in body
    # figures from one sentence are shown together, once, without the trailing comma
    assert "**30%**, **55%** — Fees rose 30% to 55%." in body
    assert "## What happened" in body
    assert "## Related reports" in body and "(report-2.md)" in body
    assert "**Source:** Daily NK" in body
    assert "(../../tags/russia.md)" in body
    assert "(../../editions/2024-w10.md)" in body and "(../../archive/2024-03.md)" in body


HOSTILE = '<script>alert("x")</script> *bold* [link](javascript:alert(1)) & {: .cls }'


def test_hostile_title_is_text_in_front_matter_and_html() -> None:
    b = make(1, dt.datetime(2024, 3, 5, tzinfo=UTC), title=HOSTILE)
    post = frontmatter.loads(render.report_page(b, filed=render.FIRST_PAGES))
    # Material prints the title raw, so it is stored HTML-escaped
    assert post["title"] == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; *bold* [link](javascript:alert(1)) "
        "&amp; {: .cls }"
    )
    card_html = render_html(render.report_card(b, "index.md"))
    assert "<script" not in card_html and "<em>" not in card_html
    assert 'href="javascript' not in card_html
    assert "&lt;script&gt;" in card_html


def test_the_footer_names_the_source_not_the_seed_file() -> None:
    """A seed's file name ("003_6c950b1d5a50da93.txt") means nothing to a reader and may say more
    than the report does: the page never shows it, even a name made of markup."""
    b = make(1, dt.datetime(2024, 3, 5, tzinfo=UTC))
    name = "inbox/analyst-kim_0c47161101c188b3\n\n<img src=x onerror=alert(1)>\n\n`.txt"
    b = replace(b, report=replace(b.report, relpath=name))
    text = render.report_page(b, filed=render.FIRST_PAGES)
    page = render_html(frontmatter.loads(text).content)
    assert "<img" not in page
    for part in ("analyst-kim", "0c47161101c188b3", ".txt", "seed file"):
        assert part not in page, part
    footer = page.split('<footer class="digest-source"', 1)[1]
    assert "Source:" in footer


@pytest.mark.parametrize(
    ("sources", "about"),
    [
        (["Daily NK"], "1 report from Daily NK"),
        ([None], "1 report, with no source stated"),
        ([None, None], "2 reports, none with a source stated"),
        (["RFA", "Daily NK", "Daily NK"], "3 reports from Daily NK and RFA"),
        (
            ["RFA", "Daily NK", "Daily NK", None],
            "4 reports from Daily NK and RFA, 1 with no source stated",
        ),
        (
            ["NK News", None, "RFA", None, "Daily NK"],
            "5 reports from Daily NK, NK News and RFA, 2 with no source stated",
        ),
    ],
)
def test_an_edition_counts_its_reports_without_a_source(sources: list, about: str) -> None:
    """A week of four reports, one with no source, read "4 reports from Daily NK, RFA"."""
    monday = dt.datetime(2026, 11, 23, tzinfo=UTC)  # week 48 of 2026
    briefings = [
        make(i, monday + dt.timedelta(hours=i), source=source) for i, source in enumerate(sources)
    ]
    page = render.edition_pages(briefings, render.SiteLinks())["editions/2026-w48.md"]
    meta = page.split('<p class="digest-meta" markdown>', 1)[1].split(" · ", 1)[0]
    assert meta == about


@pytest.mark.parametrize("count", [0, 1])
def test_pager_is_empty_for_a_single_edition(count: int) -> None:
    briefings = [make(i, dt.datetime(2024, 3, 5, tzinfo=UTC)) for i in range(count)]
    pages = render.edition_pages(briefings, render.SiteLinks())
    for path, text in pages.items():
        if path != "editions/index.md":
            assert "digest-pager" not in text


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("They pay $150 a month,” the source said.", "“They pay $150 a month,” the source said."),
        ("“The best jobs are for cooks.", "“The best jobs are for cooks.”"),
        ("He said “no” twice.", "He said “no” twice."),
        ('Straight "quotes" are left alone.', 'Straight "quotes" are left alone.'),
    ],
)
def test_a_sentence_shown_alone_gets_its_quotation_marks_back(sentence: str, shown: str) -> None:
    b = make(1, dt.datetime(2024, 3, 5, tzinfo=UTC))
    b = replace(
        b,
        summary=(sentence,),
        figures=(Figure("$150", "money", sentence),),
    )
    body = frontmatter.loads(render.report_page(b, filed=render.FIRST_PAGES)).content
    escaped = render._esc(shown)
    assert f"    - {escaped}" in body  # the summary bullet
    assert f"— {escaped}" in body  # the key figure's sentence
    assert escaped in render.home_partial([b], render.SiteLinks())  # the card


@pytest.mark.parametrize(
    ("text", "sentence", "shown"),
    [
        (
            "USD 10,000",
            "The fee for a construction job was raised from USD 7,200 to USD 10,000, while that "
            "of forestry workers was unchanged this year in the province.",
            "… raised from USD 7,200 to <strong>USD 10,000</strong>, while that of forestry "
            "workers was …",
        ),
        ("30%", "30% of the workers went home.", "<strong>30%</strong> of the workers went home."),
        ("$150", "A figure the sentence does not hold.", "<strong>$150</strong>"),
        (  # the figure as a whole number, not the start of a longer one
            "USD 10",
            "The fee rose from USD 100 to USD 10 this year.",
            "The fee rose from USD 100 to <strong>USD 10</strong> this year.",
        ),
        (  # an ellipsis never hides only one or two words
            "USD 20",
            "Farm hands in Ryonghung now pay USD 20 a month to the farm's party committee.",
            "Farm hands in Ryonghung now pay <strong>USD 20</strong> a month to the farm's party "
            "committee.",
        ),
        (
            "USD 20",
            "Since the spring, farm hands in the county of Ryonghung now pay USD 20 a month, "
            "a source said.",
            "… county of Ryonghung now pay <strong>USD 20</strong> a month, a source said.",
        ),
        ("USD 10", "It cost USD 100.5 then.", "<strong>USD 10</strong>"),
        (  # a quote the excerpt starts or ends inside keeps its marks on both sides
            "500,000 won",
            '"Anyone caught selling phones in the market of the city will have to pay a fine of '
            '500,000 won."',
            '"… to pay a fine of <strong>500,000 won</strong>."',
        ),
        (
            "500,000 won",
            "A source said: “Traders will now pay a fine of 500,000 won for every phone that the "
            "security police find in their stalls,” adding that few could.",
            "“… now pay a fine of <strong>500,000 won</strong> for every phone that the "
            "security …”",
        ),
    ],
)
def test_a_card_shows_its_key_figure_with_the_words_around_it(
    text: str, sentence: str, shown: str
) -> None:
    b = make(1, dt.datetime(2024, 3, 5, tzinfo=UTC), figures=(Figure(text, "money", sentence),))
    card = render.report_card(b, "index.md")
    assert f'Key figure <span class="digest-figure-context">{shown}</span>' in card


RAISES = (
    "In the case of construction workers, the yearly contribution was raised from USD 7,200 to "
    "USD 10,000, while that of forestry workers was raised from USD 4,500 to USD 7,000."
)


@pytest.mark.parametrize(
    ("figure", "shown"),
    [
        (
            Figure(
                "USD 7,200 → USD 10,000", "money", RAISES, "change", ("USD 7,200", "USD 10,000")
            ),
            "… yearly contribution was raised from <strong>USD 7,200</strong> to "
            "<strong>USD 10,000</strong>, while that of forestry workers was …",
        ),
        (  # the first end nearest the second: not the "30" of the date
            Figure(
                "30 → 40 per cent",
                "percent",
                "On 30 May, prices rose from 30 to 40 per cent.",
                "change",
                ("30", "40 per cent"),
            ),
            "On 30 May, prices rose from <strong>30</strong> to <strong>40 per cent</strong>.",
        ),
        (  # ends glued by a dash are one
            Figure("5–7%", "percent", "Inflation is 5-7% now.", "range", ("5", "7%")),
            "Inflation is <strong>5-7%</strong> now.",
        ),
        (  # the words between the ends are escaped like the rest of the sentence
            Figure("30%–55%", "percent", "From 30% *or so* to 55%.", "range", ("30%", "55%")),
            "From <strong>30%</strong> \\*or so\\* to <strong>55%</strong>.",
        ),
        (  # ends the sentence does not hold: the figure alone
            Figure("$5–$10", "money", "Fees went up.", "range", ("$5", "$10")),
            "<strong>$5–$10</strong>",
        ),
    ],
)
def test_a_card_shows_a_range_or_change_as_the_sentence_writes_it(
    figure: Figure, shown: str
) -> None:
    """ "USD 7,200 → USD 10,000" is not in the sentence: the card shows the words between the
    ends ("raised from … to …"), each end in bold."""
    b = make(1, dt.datetime(2024, 3, 5, tzinfo=UTC), figures=(figure,))
    card = render.report_card(b, "index.md")
    assert f'Key figure <span class="digest-figure-context">{shown}</span>' in card


def test_a_card_skips_a_figure_with_no_text() -> None:
    b = make(1, dt.datetime(2024, 3, 5, tzinfo=UTC), figures=(Figure(" ,", "money", "A ,"),))
    assert "Key figure" not in render.report_card(b, "index.md")


DAY = dt.datetime(2024, 3, 10, tzinfo=UTC)


def test_a_report_page_shows_six_tags_and_the_rest_behind_a_disclosure() -> None:
    names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India"]
    tags = tuple(Tag(name, name.lower(), "topic") for name in names)
    html = render_html(
        frontmatter.loads(
            render.report_page(make(1, DAY, tags=tags), filed=render.FIRST_PAGES)
        ).content
    )
    shown, hidden = html.split('<details class="digest-tags digest-more-tags">')
    chips = re.compile(r'<a class="digest-tag" href="\.\./\.\./tags/(\w+)\.md">')
    assert chips.findall(shown) == [n.lower() for n in names[:6]]
    marker = '<span class="digest-more-marker" aria-hidden="true"></span>'
    assert f"<summary>{marker}3 more tags</summary>" in hidden
    assert chips.findall(hidden) == ["golf", "hotel", "india"]
    # six or fewer: all shown, nothing to open
    six = render_html(
        frontmatter.loads(
            render.report_page(make(2, DAY, tags=tags[:6]), filed=render.FIRST_PAGES)
        ).content
    )
    assert len(chips.findall(six)) == 6 and "<details" not in six
    seven = render_html(
        frontmatter.loads(
            render.report_page(make(3, DAY, tags=tags[:7]), filed=render.FIRST_PAGES)
        ).content
    )
    assert f"<summary>{marker}1 more tag</summary>" in seven


def test_a_repeat_block_is_never_shown() -> None:
    b = make(1, dt.datetime(2024, 3, 5, tzinfo=UTC))
    caption = "Shut: the crossing (pictured) was closed on Monday."
    body = (b.report.body[0], Block("repeat", caption), Block("paragraph", "More text here."))
    b = replace(b, report=replace(b.report, body=body))
    markdown = render.body_markdown(b)
    assert "Shut" not in markdown and "pictured" not in markdown
    assert "Body of report 1." in markdown and "More text here." in markdown
    assert "Shut" not in render.body_html(b)


def test_the_index_pages_say_what_they_are_in_their_own_description() -> None:
    """A link preview or search result of the tag, archive and edition indexes described the
    site instead of the page."""
    briefings = [make(n, dt.datetime(2024, 3, n, tzinfo=UTC), tags=(RUSSIA,)) for n in (1, 2)]
    pages = {
        **render.tag_pages(briefings, render.SiteLinks()),
        **render.archive_pages(briefings, render.SiteLinks()),
        **render.edition_pages(briefings, render.SiteLinks()),
    }
    descriptions = {
        path: frontmatter.loads(pages[path]).get("description")
        for path in ("tags/index.md", "archive/index.md", "editions/index.md")
    }
    assert all(descriptions.values()), descriptions
    assert len(set(descriptions.values())) == 3
