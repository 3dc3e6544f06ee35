"""Outside-in check: the shared feed kit (jing + RFC 4287 schema, RSS rules, feedparser, newsboat,
JSON Feed checker, and the W3C Feed Validator when FEEDVALIDATOR_DIR is set) over feeds written
from a small synthetic site, in strict mode: any error or warning fails.

The kit lives next to the repository (``../shared/tools/feeds``), as it does in CI. Its setup
installs system packages once per machine; it is idempotent and runs here only when its venv is
missing.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import shared_missing

from briefing.feeds import FeedConfig, build_feeds
from briefing.model import Block, Briefing, Report, Tag

REPO = Path(__file__).resolve().parents[1]
KIT = REPO.parent / "shared" / "tools" / "feeds"
BASE = "https://example.org/digest/"  # each variant is published at BASE + its folder name

WP = Tag("Workers' Party", "workers-party", "organisation")
RU = Tag("Russia", "russia", "place")
EC = Tag("Economy & Trade", "economy-trade", "topic")
DAY = dt.datetime(2024, 3, 2, 9, 0, tzinfo=dt.UTC)


def _briefing(relpath, title, date, authors=(), tags=(), description=None, body=""):
    report = Report(
        relpath=relpath,
        title=title,
        body=(Block("paragraph", body or f"Text of {title}."),),
        date=date,
        authors=authors,
    )
    return Briefing(
        report=report,
        id=relpath.removesuffix(".txt"),
        summary=(description,),
        description=f"About {title}." if description is None else description,
        tags=tags,
        keyphrases=(),
        figures=(),
        reading_time=1,
    )


def _reports() -> list[Briefing]:
    earlier = DAY - dt.timedelta(days=40)
    return [
        _briefing(
            "b.txt",
            "Quotas & “emergency” meetings 😀",
            DAY,
            ("Kim Lee",),
            (WP,),
            'Officials meet; costs < 5% & "rising".',
        ),
        _briefing("a.txt", "Why <b> tags\x01 and 'quotes' matter", DAY, (), (WP, RU)),
        _briefing("c.txt", "Workers sent abroad", DAY, ("Ann One", "Bob Two"), (RU, EC)),
        _briefing(
            "d.txt",
            "Older field report",
            earlier,
            ("Lee Min",),
            (EC,),
            body="Line with a \x0b vertical tab.",
        ),
        _briefing("e.txt", "Oldest report", earlier - dt.timedelta(days=1)),
        # No description and (see _content) no body: the feeds still need some text.
        _briefing("f.txt", "Bare report", earlier - dt.timedelta(days=2), description=""),
    ]


def _content(b: Briefing) -> str:
    if b.id == "f":
        return ""
    text = html.escape(b.report.body[0].text)
    return (
        f"<h2>Report</h2><p>{text}</p>"
        f'<p><a href="../tags/russia/">Russia</a> and <a href="/digest/about/">about</a>, '
        f'<img src="img/photo.jpg" alt="photo"> <a href="#top">top</a></p>'
    )


VARIANTS: dict[str, tuple[dict, list[Briefing]]] = {
    "full": ({"icon": "assets/logo.png", "author": "The Desk", "limit": 3}, _reports()),
    "plain": ({}, _reports()),
}
EMPTY = "empty"  # no reports: valid, but the kit's reader checks call a feed without items an error


@pytest.fixture(scope="session")
def feed_kit() -> tuple[Path, Path]:
    """(kit folder, the kit's Python) after setting the kit up if this machine lacks it."""
    if not (KIT / "check_feeds.sh").is_file():
        shared_missing(
            f"feed kit not found at {KIT} (the shared tools folder beside the repository)"
        )
    kit_dir = Path(os.environ.get("FEED_KIT_DIR") or Path(tempfile.gettempdir()) / "feed-kit")
    if not (kit_dir / "venv" / "bin" / "python").exists():
        setup = subprocess.run(
            [str(KIT / "setup.sh")], capture_output=True, text=True, timeout=900, check=False
        )
        assert setup.returncode == 0, f"feed kit setup failed:\n{setup.stdout}\n{setup.stderr}"
    return KIT, kit_dir / "venv" / "bin" / "python"


def _write_site(root: Path, variants: dict[str, tuple[dict, list[Briefing]]]) -> int:
    count = 0
    for name, (extra, briefings) in variants.items():
        cfg = FeedConfig(
            site_url=f"{BASE}{name}/",
            title="Briefing Digest",
            description="Field reports & briefings",
            **extra,
        )
        files = build_feeds(
            briefings, cfg, page_path=lambda b: f"reports/{b.id}/", content_html=_content
        )
        for rel, data in files.items():
            path = root / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            count += 1
    return count


def _run(cmd: list[str], **kw) -> tuple[int, str]:
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False, **kw)
    return run.returncode, f"{run.stdout}\n{run.stderr}"


def test_feeds_pass_every_checker_strictly(feed_kit: tuple[Path, Path], tmp_path: Path) -> None:
    kit, _ = feed_kit
    site = tmp_path / "site"
    written = _write_site(site, VARIANTS)
    # full: main + 3 tags; plain: main + 3 tags; three formats each.
    assert written == (4 + 4) * 3
    env = {**os.environ, "STRICT": "1", "CHECK_FEEDS_LOG": str(tmp_path / "reports")}
    code, report = _run([str(kit / "check_feeds.sh"), str(site), BASE], env=env)
    summary = re.search(r"feeds: (\d+) checked, (\d+) with errors, (\d+) with warnings", report)
    assert summary, report
    assert summary.groups() == (str(written), "0", "0"), report
    assert code == 0, report
    assert "FAIL" not in report, report


def test_empty_feeds_pass_the_format_checkers(
    feed_kit: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site with no reports yet still publishes valid feeds (the schema and format rules).

    An empty feed is dated by SOURCE_DATE_EPOCH; builds set it. Without it the date is
    1970-01-01, which the W3C validator calls implausible (it warns before 1990).
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    kit, python = feed_kit
    site = tmp_path / "site"
    assert _write_site(site, {EMPTY: ({}, [])}) == 3
    folder = site / EMPTY
    checks = [
        [str(kit / "validate_atom_schema.sh"), str(folder / "atom.xml")],
        [str(python), str(kit / "rss_rules.py"), str(folder / "feed.xml")],
        [str(python), str(kit / "validate_jsonfeed.py"), str(folder / "feed.json")],
    ]
    for cmd in checks:
        code, report = _run(cmd)
        assert code == 0, report
        assert not re.search(r"\b[1-9]\d* (error|warning)", report), report
    # The W3C validator too, where it is configured (exit 3 with "SKIP" when it is not).
    for name in ("atom.xml", "feed.xml"):
        code, report = _run(
            [str(kit / "validate_feed.sh"), str(folder / name), f"{BASE}{EMPTY}/{name}"]
        )
        assert code == 0 or (code == 3 and report.startswith("SKIP ")), report


def test_seed_build_feeds_pass_every_checker_strictly(
    feed_kit: tuple[Path, Path], built_site: Path, tmp_path: Path
) -> None:
    """The feeds `make site` publishes for the four seeds: every checker, no error, no warning.
    newsboat (the kit's reader check) must load every item of every feed."""
    kit, _ = feed_kit
    site = built_site / "site"
    feeds = sorted(p for p in site.rglob("*") if p.name in ("feed.xml", "atom.xml", "feed.json"))
    assert len(feeds) >= 3 * 4  # main feeds plus at least three tags
    env = {**os.environ, "STRICT": "1", "CHECK_FEEDS_LOG": str(tmp_path / "reports")}
    code, report = _run(
        [str(kit / "check_feeds.sh"), str(site), "https://example.org/briefing/"], env=env
    )
    summary = re.search(r"feeds: (\d+) checked, (\d+) with errors, (\d+) with warnings", report)
    assert summary, report
    assert summary.groups() == (str(len(feeds)), "0", "0"), report
    assert code == 0, report


def test_newsboat_shows_every_seed_item_with_its_title(
    feed_kit: tuple[Path, Path], built_site: Path
) -> None:
    kit, _ = feed_kit
    import feedparser

    feed = built_site / "site" / "feed.xml"
    titles = [entry.title for entry in feedparser.parse(feed.read_bytes()).entries]
    code, report = _run([str(kit / "reader_check.sh"), str(feed)])
    assert code == 0, report
    assert "items stored: 4 (file has 4 item/entry elements)" in report, report
    for title in titles:
        assert f"- '{title}'" in report, (title, report)
