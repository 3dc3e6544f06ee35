"""Tag pages are paginated like the archive once a tag has more reports than a page holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin

import frontmatter
import lxml.etree
import lxml.html
import pytest

from briefing import render
from briefing.build import BuildOptions, StrictModeError, build
from briefing.config import load_config
from tests.test_render import RUSSIA, make


def _pages(count: int, size: int) -> dict[str, str]:
    briefings = [
        make(i, dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=i), tags=(RUSSIA,))
        for i in range(count)
    ]
    return render.tag_pages(briefings, render.SiteLinks(archive_page_size=size))


def test_a_tag_over_the_page_size_gets_numbered_pages_in_its_feed_folder() -> None:
    pages = _pages(5, 2)
    assert sorted(p for p in pages if p != "tags/index.md") == [
        "tags/russia.md",
        "tags/russia/page-2.md",
        "tags/russia/page-3.md",
    ]
    first, last = pages["tags/russia.md"], pages["tags/russia/page-3.md"]
    # newest first: report 4 opens page 1, report 0 is alone on page 3
    assert "Report number 4" in first and "Report number 2" not in first
    assert last.count('<article class="digest-card"') == 1 and "Report number 0" in last
    assert "# Russia, page 1 of 3\n" in first and "# Russia, page 3 of 3\n" in last
    assert "Reports 1–2 of 5, newest first" in first
    assert "Report 5 of 5, newest first" in last  # alone on its page: not "5–5"
    # pager links, relative to each page's own folder
    assert "[Page 2 →](russia/page-2.md)" in first
    assert "[← Page 2](page-2.md)" in last and "→" not in last.split("digest-pager")[1]
    assert frontmatter.loads(last)["title"] == "Tag: Russia, page 3 of 3"
    assert "(../../reports/2024/report-0.md)" in last


def test_a_tag_that_fits_on_one_page_has_no_pager() -> None:
    pages = _pages(2, 2)
    assert [p for p in pages if p.startswith("tags/russia")] == ["tags/russia.md"]
    assert "digest-pager" not in pages["tags/russia.md"]
    assert "2 reports, newest first ·" in pages["tags/russia.md"]


def _tagged_seeds(project: Path, taxonomy_extra: str = "") -> None:
    for seed in (project / "seeds").iterdir():
        seed.unlink()
    for name, tag in (("a.txt", "Kŭmsan"), ("b.txt", "Kumsan"), ("c.txt", "kumsan")):
        (project / "seeds" / name).write_text(
            f"---\ntitle: Compilers report {name}\ndate: 2024-03-01\ntags: [{tag}]\n---\n\n"
            "Engineers in Pyongyang wrote a new compiler this spring.\n",
            encoding="utf-8",
        )
    if taxonomy_extra:
        path = project / "taxonomy.yml"
        path.write_text(path.read_text(encoding="utf-8") + taxonomy_extra, encoding="utf-8")


def test_two_tag_names_that_make_one_page_are_a_warning_every_build(project: Path) -> None:
    _tagged_seeds(project)
    for _ in range(2):  # the second build is a no-op and must say it again
        result = build(load_config(project), BuildOptions(jobs=1, site=False))
        shared = [i for i in result.issues if "make the same page" in i.message]
        # "kumsan" is "Kumsan" in another case: the same tag, no warning of its own
        assert len(shared) == 1, result.issues
        assert shared[0].path == "seeds/b.txt"
        assert "'Kumsan'" in shared[0].message and "'Kŭmsan' (seeds/a.txt)" in shared[0].message
        assert "tags/kumsan/" in shared[0].message and "alias" in shared[0].message
    with pytest.raises(StrictModeError):
        build(load_config(project), BuildOptions(jobs=1, site=False, strict=True))


def test_the_advised_taxonomy_entry_makes_one_tag_with_one_name(project: Path) -> None:
    _tagged_seeds(project, "\n  - name: Kumsan\n    aliases: [Kŭmsan]\n")
    result = build(load_config(project), BuildOptions(jobs=1, site=False))
    assert not [i for i in result.issues if "make the same page" in i.message], result.issues
    page = (project / "docs" / "tags" / "kumsan.md").read_text(encoding="utf-8")
    assert "3 reports" in page and "Kŭmsan" not in page


def test_a_tag_page_offers_feed_readers_the_tag_s_feeds_first(built_site: Path) -> None:
    """Feed readers look for <link rel="alternate"> (many match the attribute exactly) and offer
    the first of each type: on a tag page that must be the tag's feed, not the whole site's."""
    page = built_site / "site" / "tags" / "russia" / "index.html"
    head = lxml.html.fromstring(page.read_bytes()).find("head")
    found = [
        (link.get("type"), link.get("title"), urljoin("/tags/russia/", link.get("href")))
        for link in head.iter("link")
        if link.get("rel") == "alternate"
    ]
    assert found == [
        ("application/rss+xml", "Russia (RSS)", "/tags/russia/feed.xml"),
        ("application/atom+xml", "Russia (Atom)", "/tags/russia/atom.xml"),
        ("application/feed+json", "Russia (JSON Feed)", "/tags/russia/feed.json"),
        ("application/rss+xml", "Briefing Digest (RSS)", "/feed.xml"),
        ("application/atom+xml", "Briefing Digest (Atom)", "/atom.xml"),
        ("application/feed+json", "Briefing Digest (JSON Feed)", "/feed.json"),
    ]
    # the theme's script fetches sitemap.xml next to each of those links: it is there, a small
    # index naming the site's full sitemap, as the root one does
    for folder in ("", "tags/russia/"):
        index = lxml.etree.fromstring((built_site / "site" / folder / "sitemap.xml").read_bytes())
        assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
        locs = [loc.text for loc in index.iter("{*}loc")]
        assert locs == ["https://example.org/briefing/sitemap-pages.xml"], folder
