"""Corpus steps: ids, and the warnings that only the whole set of reports can give."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from test_render import make

from briefing.corpus import assign_ids, moved_pages, pinned_slug_clashes
from briefing.model import Briefing, Severity

DAY = dt.datetime(2024, 3, 5, tzinfo=dt.UTC)


def report(relpath: str, title_slug: str, pinned: str | None = None) -> Briefing:
    """A briefing as analysis leaves it: its id is the pinned slug, or the title's."""
    b = make(1, DAY)
    return replace(
        b, report=replace(b.report, relpath=relpath, slug=pinned), id=pinned or title_slug
    )


def test_a_pinned_slug_is_kept_against_a_report_whose_title_makes_it() -> None:
    """a-new.txt sorts first, but z-pinned.txt asked for the address in its front matter."""
    ids = assign_ids(
        [report("a-new.txt", "hyesan-grain"), report("z-pinned.txt", "other", "hyesan-grain")]
    )
    assert {b.report.relpath: b.id for b in ids} == {
        "a-new.txt": "hyesan-grain-2",
        "z-pinned.txt": "hyesan-grain",
    }


def test_two_reports_pinning_one_slug_are_told() -> None:
    briefings = [
        report("b.txt", "b", "prices"),
        report("a.txt", "a", "prices"),
        report("c.txt", "c", "other"),
        report("d.txt", "prices"),  # not pinned: it quietly takes the next number
    ]
    ids = {b.report.relpath: b.id for b in assign_ids(briefings)}
    assert ids == {"a.txt": "prices", "b.txt": "prices-2", "c.txt": "other", "d.txt": "prices-3"}
    [issue] = pinned_slug_clashes(briefings)
    assert issue.path == "seeds/b.txt" and issue.severity is Severity.WARNING
    assert issue.message == (
        "front matter 'slug: prices' is pinned by seeds/a.txt too, which keeps it; this "
        "report's page gets a numbered address instead. Give one of them another slug"
    )


def test_the_report_that_had_an_address_keeps_it_against_a_copy() -> None:
    """An analyst copied fm_good.txt to a_corn.txt to start a new report and left its `slug:` in:
    the copy sorts first by path, so it took the address readers had for the old report, which
    moved to a numbered one, and the warning fell on the old report. The one that had it keeps
    it; the newcomer is the one told. The same for two titles that make one slug."""
    previous = {
        "fm_good.txt": "reports/2024/hyesan-grain-prices/",
        "z-old.txt": "reports/2024/fuel-queues/",
    }
    briefings = [
        report("fm_good.txt", "grain-prices", "hyesan-grain-prices"),
        report("a_corn.txt", "corn-prices", "hyesan-grain-prices"),
        report("z-old.txt", "fuel-queues"),
        report("a-new.txt", "fuel-queues"),
    ]
    ids = {b.report.relpath: b.id for b in assign_ids(briefings, previous)}
    assert ids == {
        "fm_good.txt": "hyesan-grain-prices",
        "a_corn.txt": "hyesan-grain-prices-2",
        "z-old.txt": "fuel-queues",
        "a-new.txt": "fuel-queues-2",
    }
    [issue] = pinned_slug_clashes(assign_ids(briefings, previous), previous=previous)
    assert issue.path == "seeds/a_corn.txt"
    assert "is pinned by seeds/fm_good.txt too, which keeps it" in issue.message
    # with no record of the last build (a fresh checkout, an evicted CI cache), the seed that
    # came first keeps it: the review found the copy took the address on every such build
    first_seen = {
        "fm_good.txt": dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
        "z-old.txt": dt.datetime(2024, 1, 3, tzinfo=dt.UTC),
        "a_corn.txt": dt.datetime(2024, 2, 1, tzinfo=dt.UTC),
        "a-new.txt": dt.datetime(2024, 2, 1, tzinfo=dt.UTC),
    }
    assert {b.report.relpath: b.id for b in assign_ids(briefings, None, first_seen)} == ids
    [issue] = pinned_slug_clashes(assign_ids(briefings, None, first_seen), first_seen=first_seen)
    assert issue.path == "seeds/a_corn.txt"
    # with neither, seed path order decides, as before
    first = {b.report.relpath: b.id for b in assign_ids(briefings)}
    assert first["a_corn.txt"] == "hyesan-grain-prices" and first["a-new.txt"] == "fuel-queues"


def test_a_page_that_moved_since_the_last_build_is_noted_with_how_to_keep_its_address() -> None:
    before = {
        "a.txt": "reports/2024/rice-prices-climb/",
        "b.txt": "reports/2024/fuel-queues/",
        "c.txt": "reports/2023/border-trade/",
        "gone.txt": "reports/2024/gone/",
    }
    after = {
        "a.txt": "reports/2024/rice-prices-climb-in-hyesan/",  # its title was edited
        "b.txt": "reports/2024/fuel-queues/",
        "c.txt": "reports/2024/border-trade/",  # its date was corrected
        "new.txt": "reports/2024/new/",
    }
    notes = moved_pages(before, after, "data/reports")
    assert [(n.path, n.severity) for n in notes] == [
        ("data/reports/a.txt", Severity.INFO),
        ("data/reports/c.txt", Severity.INFO),
    ]
    assert notes[0].message == (
        "its page moved from reports/2024/rice-prices-climb/ to "
        "reports/2024/rice-prices-climb-in-hyesan/ since the last build, so links to the old "
        "address no longer work; to keep the old one, add 'slug: rice-prices-climb' to its "
        "front matter"
    )
    assert notes[1].message.endswith(
        "the year of its date is part of the address, and that changed"
    )
    assert moved_pages({}, after) == []  # the first build, or one after `briefing clean`
