"""The foundation's acceptance, end to end: four seeds in, a themed site and a valid feed out."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import frontmatter
import pytest
from conftest import make_project, run_briefing

SITE_URL = "https://example.org/briefing/"


def test_home_lists_every_report_newest_first(built_site: Path) -> None:
    home = (built_site / "site" / "index.html").read_text(encoding="utf-8")
    titles = [
        frontmatter.load(p)["title"] for p in sorted((built_site / "docs/reports").rglob("*.md"))
    ]
    assert len(titles) == 4
    for title in titles:
        assert title in home
    # all four were committed together (one git date), so "newest first" falls back to seed path order
    positions = [home.index("North Korea’s Ministry"), home.index("North Koreans Increasingly")]
    assert positions == sorted(positions)


def test_report_pages_are_not_in_the_nav(built_site: Path) -> None:
    home = (built_site / "site" / "index.html").read_text(encoding="utf-8")
    nav_links = [
        tag
        for tag in re.findall(r"<a [^>]*>", home)
        if "md-nav__link" in tag or "md-tabs__link" in tag
    ]
    hrefs = [re.search(r'href="([^"]*)"', tag).group(1) for tag in nav_links]
    assert hrefs, "no navigation links found"
    assert not [h for h in hrefs if "reports/" in h]
    for section in ("tags/", "archive/", "editions/", "about/"):
        assert section in hrefs


def test_mkdocs_does_not_list_generated_pages_as_missing_from_the_nav(built_site: Path) -> None:
    """They are left out of the nav on purpose; `make serve` printed every one of them, on every
    rebuild, as a page the nav lacks."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "site-again"],
        cwd=built_site,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        check=True,
    )
    assert "Documentation built" in result.stderr
    assert "not included in the" not in result.stderr, result.stderr[:2000]
    assert "tags/index.md" in (built_site / "mkdocs.yml").read_text(encoding="utf-8")  # in nav
    shutil.rmtree(built_site / "site-again")


def test_every_report_has_a_built_page(built_site: Path) -> None:
    for md in (built_site / "docs/reports").rglob("*.md"):
        rel = md.relative_to(built_site / "docs").with_suffix("")
        page = built_site / "site" / rel / "index.html"
        assert page.is_file(), page
        text = page.read_text(encoding="utf-8")
        assert "Summary" in text and "Source:" in text


def test_feed_has_four_items_with_absolute_links_to_built_pages(built_site: Path) -> None:
    feed = feedparser.parse((built_site / "site" / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) == 4
    guids = set()
    for entry in feed.entries:
        assert entry.link.startswith(SITE_URL)
        path = urlparse(entry.link).path.removeprefix(urlparse(SITE_URL).path)
        assert (built_site / "site" / path / "index.html").is_file(), entry.link
        assert entry.summary and entry.id.startswith("urn:uuid:")
        assert entry.published_parsed is not None
        guids.add(entry.id)
    assert len(guids) == 4


def test_front_matter_round_trips(built_site: Path) -> None:
    for md in (built_site / "docs/reports").rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        post = frontmatter.loads(text)
        for key in (
            "title",
            "date",
            "source",
            "authors",
            "tags",
            "summary",
            "description",
            "seed",
            "id",
        ):
            assert key in post.metadata, (md.name, key)
        assert frontmatter.loads(frontmatter.dumps(post)).metadata == post.metadata
        assert len(post["description"]) <= 160


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = make_project(tmp_path / "a")
    second = make_project(tmp_path / "b")
    for project in (first, second):
        result = run_briefing(project, "build", "--no-cache")
        assert result.returncode == 0, result.stderr
    for sub in ("docs/reports", "docs/tags"):
        assert _digest(first / sub) == _digest(second / sub)
    assert (first / "site/feed.xml").read_bytes() == (second / "site/feed.xml").read_bytes()


def test_strict_build_is_clean(built_site: Path) -> None:
    """`briefing build --strict` fails on any warning of ours and runs `mkdocs build --strict`."""
    result = run_briefing(built_site, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 warnings" in result.stdout


def test_mkdocs_warnings_are_shown_and_fail_a_strict_build(tmp_path: Path) -> None:
    """A broken link in a hand-written page: MkDocs ran with --quiet, which drops warnings
    before --strict counts them, so the warning was never shown and a strict build passed."""
    project = make_project(tmp_path / "p", seeds=[])
    (project / "seeds" / "rice.txt").write_text(
        "---\ndate: 2024-02-26\n---\nRice prices climb\n\nRice rose to 6,900 won a kilogram "
        "in Hyesan markets this week, traders said.\n",
        encoding="utf-8",
    )
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[More](missing.md)\n", "utf-8")
    warned = "WARNING: mkdocs: Doc file 'about.md' contains a link 'missing.md'"
    lenient = run_briefing(project, "build")
    assert lenient.returncode == 0, lenient.stderr
    assert warned in lenient.stderr, lenient.stderr
    assert "INFO" not in lenient.stderr  # MkDocs' progress lines only with -v
    strict = run_briefing(project, "build", "--strict")
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert warned in strict.stderr
    assert "mkdocs build failed (exit 1)" in strict.stderr, strict.stderr


def test_dates_come_from_git_when_the_text_has_none(built_site: Path) -> None:
    for md in (built_site / "docs/reports").rglob("*.md"):
        assert str(frontmatter.load(md)["date"]) == "2024-02-20"


def test_unreadable_report_is_named_and_the_others_still_publish(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "seeds" / "scan.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    )
    result = run_briefing(project, "build")
    assert result.returncode == 1
    assert re.search(r"seeds/scan\.txt: error: binary file", result.stderr), result.stderr
    assert "4 published, 1 skipped" in result.stdout
    assert len(feedparser.parse((project / "site/feed.xml").read_bytes()).entries) == 4


def test_new_report_dropped_into_seeds_is_published(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert run_briefing(project, "build").returncode == 0
    (project / "seeds" / "extra.txt").write_text(
        "Grain prices climb in Hyesan markets\n\nRice prices in Hyesan rose sharply this month, "
        "traders said. A kilogram now costs more than twice what it did in spring.\n",
        encoding="utf-8",
    )
    result = run_briefing(project, "build")
    assert result.returncode == 0, result.stderr
    assert "Grain prices climb in Hyesan markets" in (project / "site/index.html").read_text(
        encoding="utf-8"
    )
    assert len(feedparser.parse((project / "site/feed.xml").read_bytes()).entries) == 5


def test_hand_written_pages_are_never_touched(built_site: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    before = (project / "docs/index.md").read_bytes(), (project / "docs/about.md").read_bytes()
    assert run_briefing(project, "build").returncode == 0
    assert (
        (project / "docs/index.md").read_bytes(),
        (project / "docs/about.md").read_bytes(),
    ) == before
    # …and a hand-written file where the digest writes stops the build instead of being overwritten
    shutil.rmtree(project / "docs/tags")
    (project / "docs/.digest-manifest.json").unlink()
    (project / "docs/tags").mkdir()
    (project / "docs/tags/index.md").write_text("# My tags\n", encoding="utf-8")
    result = run_briefing(project, "build")
    assert result.returncode == 1
    assert "docs/tags/index.md" in result.stderr and "never overwrites" in result.stderr
    assert (project / "docs/tags/index.md").read_text(encoding="utf-8") == "# My tags\n"


def test_every_page_advertises_the_feeds(built_site: Path) -> None:
    """Autodiscovery: main RSS, Atom and JSON feeds on every page; tag pages add their own."""
    pages = sorted((built_site / "site").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        links = re.findall(r'<link rel="alternate" type="([^"]+)"[^>]*href="([^"]+)"', head)
        rel_site = page.parent.relative_to(built_site / "site")
        # 404.html uses absolute hrefs (it is served at any path); other pages relative ones
        resolved = {
            (
                mime,
                href.removeprefix("/briefing")
                if href.startswith("/")
                else (Path("/") / rel_site / href).resolve().as_posix(),
            )
            for mime, href in links
        }
        for mime, name in (
            ("application/rss+xml", "feed.xml"),
            ("application/atom+xml", "atom.xml"),
            ("application/feed+json", "feed.json"),
        ):
            assert (mime, f"/{name}") in resolved, (page, links)
            assert (built_site / "site" / name).is_file()
        if rel_site.parts[:1] == ("tags",) and len(rel_site.parts) == 2:
            slug = rel_site.parts[1]
            assert ("application/atom+xml", f"/tags/{slug}/atom.xml") in resolved, page
            assert (built_site / "site" / "tags" / slug / "atom.xml").is_file()
            # the tag's own feed first: a reader given this page's address offers it first
            assert links[0] == ("application/rss+xml", "feed.xml"), (page, links)


def test_skip_to_content_goes_to_the_report_title(built_site: Path) -> None:
    """Material's "Skip to content" link targets the first heading with an id: on a report page
    that must be its title, not a subhead or "Related reports" halfway down."""
    pages = sorted((built_site / "site" / "reports").rglob("index.html"))
    assert len(pages) == 4
    for page in pages:
        html = page.read_text(encoding="utf-8")
        skip = re.search(r'<a href="#([^"]+)" class="md-skip"', html)
        h1s = re.findall(r'<h1 id="([^"]+)">([^<]*)', html)
        assert skip and len(h1s) == 1, page
        assert skip.group(1) == h1s[0][0], page
        title = frontmatter.load(
            built_site / "docs" / page.parent.relative_to(built_site / "site").with_suffix(".md")
        ).metadata["title"]
        assert h1s[0][1].strip() == title, page


def test_a_date_no_report_stated_is_shown_as_the_filing_date(built_site: Path) -> None:
    # the seeds state no date: their pages say when they were filed (first added to git)
    page = next((built_site / "site" / "reports").rglob("index.html")).read_text("utf-8")
    assert (
        '<p class="digest-meta">Filed <time datetime="2024-02-20">20 February 2024</time>' in page
    )


def _tab_marks(site: Path) -> dict[str, str]:
    """Generated list page → the tab position it names for the theme to mark."""
    marks = {}
    for page in ("tags/russia", "archive/2024-03", "editions/2024-w10"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        found = re.findall(r'<meta name="digest-tab" content="(\d+)">', html)
        marks[page] = ",".join(found)
    return marks


DATED_SEED = (
    "---\ntitle: Rice in Hyesan\ndate: 2024-03-05\ntags: [Russia]\n---\n\n"
    "Traders in Russia said rice rose.\n"
)


@pytest.mark.parametrize(
    ("nav", "expected"),
    [
        (None, {"tags/russia": "2", "archive/2024-03": "3", "editions/2024-w10": "4"}),
        (  # a section is one tab: the theme shows it by its first page
            "nav:\n  - Home: index.md\n  - Browse:\n    - Tags: tags/index.md\n"
            "    - Archive: archive/index.md\n    - Editions: editions/index.md\n"
            "  - About: about.md\n",
            {"tags/russia": "2", "archive/2024-03": "2", "editions/2024-w10": "2"},
        ),
    ],
    ids=["pages-as-tabs", "pages-in-a-section"],
)
def test_generated_list_pages_name_the_tab_of_their_section(
    tmp_path: Path, nav: str | None, expected: dict[str, str]
) -> None:
    project = make_project(tmp_path / "p", seeds=[])
    (project / "seeds" / "rice.txt").write_text(DATED_SEED, encoding="utf-8")
    if nav:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        text, replaced = re.subn(r"(?ms)^nav:\n(?:  - .*?\n)+", nav, text, count=1)
        assert replaced == 1
        config.write_text(text, encoding="utf-8")
    ran = run_briefing(project, "build")
    assert ran.returncode == 0, ran.stderr
    assert _tab_marks(project / "site") == expected


def test_pages_offer_the_site_feeds_by_the_name_the_feeds_carry(tmp_path: Path) -> None:
    """With `feed_title` set, pages offered "Briefing Digest (RSS)" while the feed a reader then
    subscribed to called itself by the feed title: two names for one subscription."""
    project = make_project(tmp_path / "p", seeds=[])
    (project / "seeds" / "rice.txt").write_text(DATED_SEED, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("    feed_limit: 50", "    feed_limit: 50\n    feed_title: Hyesan & Co Wire"),
        "utf-8",
    )
    ran = run_briefing(project, "build")
    assert ran.returncode == 0, ran.stderr
    assert feedparser.parse(project / "site" / "feed.xml").feed.title == "Hyesan & Co Wire"
    site_feeds = [
        "Hyesan &amp; Co Wire (RSS)",
        "Hyesan &amp; Co Wire (Atom)",
        "Hyesan &amp; Co Wire (JSON Feed)",
    ]
    tag_feeds = ["Russia (RSS)", "Russia (Atom)", "Russia (JSON Feed)"]  # a tag page's, first
    for page, expected in (
        ("index.html", site_feeds),
        ("about/index.html", site_feeds),
        ("tags/russia/index.html", tag_feeds + site_feeds),
    ):
        html = (project / "site" / page).read_text(encoding="utf-8")
        titles = re.findall(r'<link rel="alternate" [^>]*title="([^"]*)"', html)
        assert titles == expected, (page, titles)


def test_every_page_of_a_tag_offers_its_feeds_by_the_tag_s_name(tmp_path: Path) -> None:
    """The feed links took the page's title, so page 2 offered "Russia, page 2 of 2 (RSS)"."""
    project = make_project(tmp_path / "p", seeds=[])
    for day in (5, 6):
        seed = DATED_SEED.replace("2024-03-05", f"2024-03-0{day}").replace("Rice", f"Rice {day}")
        (project / "seeds" / f"rice-{day}.txt").write_text(seed, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("archive_page_size: 50", "archive_page_size: 1"), "utf-8")
    ran = run_briefing(project, "build")
    assert ran.returncode == 0, ran.stderr
    for page in ("tags/russia", "tags/russia/page-2"):
        html = (project / "site" / page / "index.html").read_text(encoding="utf-8")
        titles = re.findall(r'<link rel="alternate" [^>]*title="([^"]*)"', html)
        assert titles[:3] == ["Russia (RSS)", "Russia (Atom)", "Russia (JSON Feed)"], (page, titles)
