"""Corpus steps: ids, and the warnings that only the whole set of reports can give."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from test_render import make

from briefing.corpus import assign_ids, pinned_slug_clashes
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
