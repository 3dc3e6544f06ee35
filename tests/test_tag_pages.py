"""Tag pages are paginated like the archive once a tag has more reports than a page holds."""

from __future__ import annotations

import datetime as dt

import frontmatter

from briefing import render
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
    assert "(page 1 of 3: 1–2)" in first and "(page 3 of 3: 5–5)" in last
    # pager links, relative to each page's own folder
    assert "[Page 2 →](russia/page-2.md)" in first
    assert "[← Page 2](page-2.md)" in last and "→" not in last.split("digest-pager")[1]
    assert frontmatter.loads(last)["title"] == "Russia (page 3)"
    assert "(../../reports/2024/report-0.md)" in last


def test_a_tag_that_fits_on_one_page_has_no_pager() -> None:
    pages = _pages(2, 2)
    assert [p for p in pages if p.startswith("tags/russia")] == ["tags/russia.md"]
    assert "digest-pager" not in pages["tags/russia.md"]
    assert "2 reports, newest first ·" in pages["tags/russia.md"]
