"""Search in a real browser: the four seeds built and indexed once, served from 127.0.0.1 under
the path of site_url, driven through Debian's Chromium (README "Search").

Expected values are read from the generated pages' front matter and from the seeds, never from
the search index itself.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import frontmatter
import pytest
from conftest import ROOT, SEEDS, make_project, run_briefing
from playwright.sync_api import Browser, Page, expect

from briefing.config import load_config

pytestmark = pytest.mark.browser

RESULT = "#digest-search-results .digest-search__result"


@dataclass(frozen=True)
class Report:
    title: str
    path: str  # site-relative URL path, e.g. "reports/2024/slug/"
    seed: str  # seed file name
    tags: tuple[str, ...]
    source: str | None
    year: str
    filed: bool  # its date says when it was filed (the page's meta line says "Filed …")


@dataclass
class Tab:
    """A page plus everything it did that a test may want to check afterwards."""

    page: Page
    errors: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built end to end and indexed, once for the whole module."""
    project = make_project(tmp_path_factory.mktemp("search") / "project", git=True)
    scripts = project / "docs" / "javascripts"
    if not scripts.exists():  # when conftest does not copy it along with the other assets
        shutil.copytree(ROOT / "docs" / "javascripts", scripts)
    for command in (("build",), ("search-index",)):
        result = run_briefing(project, *command)
        assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture(scope="module")
def reports(project: Path) -> list[Report]:
    found = []
    for md in sorted((project / "docs" / "reports").rglob("*.md")):
        post = frontmatter.load(md)
        rel = md.relative_to(project / "docs").with_suffix("").as_posix()
        found.append(
            Report(
                title=html.unescape(post["title"]),
                path=rel + "/",
                seed=Path(post["seed"]).name,
                tags=tuple(post["tags"]),
                source=post["source"],
                year=str(post["date"])[:4],
                filed=post.get("filed", False),
            )
        )
    assert len(found) == len(SEEDS)
    return found


@pytest.fixture(scope="module")
def base_url(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served from 127.0.0.1 under the path of site_url, as on the real host."""
    prefix = urlparse(load_config(project).site_url).path.strip("/")
    root = tmp_path_factory.mktemp("www")
    (root / prefix).parent.mkdir(parents=True, exist_ok=True)
    (root / prefix).symlink_to(project / "site", target_is_directory=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/{prefix}/"
    server.shutdown()
    server.server_close()


# `browser` is the session-wide Chromium from tests/conftest.py (one sync Playwright per process).


def open_tab(browser: Browser, url: str, **context_options: object) -> Tab:
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    tab = Tab(page)
    page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    page.on("request", lambda request: tab.urls.append(request.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return tab


@pytest.fixture
def tabs(browser: Browser) -> Iterator[list[Tab]]:
    opened: list[Tab] = []
    yield opened
    for tab in opened:
        tab.page.context.close()


def assert_clean(tab: Tab, base_url: str) -> None:
    """No console error, no uncaught exception, and no request left 127.0.0.1."""
    assert tab.errors == []
    host = urlparse(base_url).netloc
    assert [u for u in tab.urls if urlparse(u).netloc != host and not u.startswith("data:")] == []


def search(page: Page, term: str) -> None:
    page.keyboard.press("/")
    expect(page.locator("#digest-search-input")).to_be_focused()
    page.keyboard.type(term)
    expect(page.locator("#digest-search-status")).to_contain_text(term)


def seeds_containing(word: str) -> list[str]:
    return [s.name for s in SEEDS if word.lower() in s.read_text(encoding="utf-8").lower()]


def _titles_found(
    browser: Browser, base_url: str, tabs: list[Tab], term: str
) -> tuple[Tab, list[str]]:
    """A new tab that has searched `term`, and the titles of the results it shows."""
    tab = open_tab(browser, base_url)
    tabs.append(tab)
    search(tab.page, term)
    titles = tab.page.locator(f"{RESULT} .digest-search__title")
    expect(titles.first).to_be_visible()
    return tab, titles.all_inner_texts()


def by_seed(reports: list[Report], seed: str) -> Report:
    return next(r for r in reports if r.seed == seed)


# --- tests ------------------------------------------------------------------------------------


def test_page_load_fetches_no_index_until_the_box_is_used(
    browser: Browser, base_url: str, tabs: list[Tab]
) -> None:
    tab = open_tab(browser, base_url)
    tabs.append(tab)
    assert tab.page.locator("#digest-search").is_visible()
    # the box sits in the header bar, not somewhere below it
    assert tab.page.locator("header .md-header__inner #digest-search").count() == 1
    assert [u for u in tab.urls if "/pagefind/" in u] == []
    tab.page.locator("#digest-search-input").focus()
    tab.page.wait_for_load_state("networkidle")
    assert any(u.endswith("/pagefind/pagefind.js") for u in tab.urls)
    assert_clean(tab, base_url)


def test_word_in_one_report_finds_that_report(
    browser: Browser, base_url: str, tabs: list[Tab], reports: list[Report]
) -> None:
    [seed] = seeds_containing("Komsomol")
    expected = by_seed(reports, seed)
    tab = open_tab(browser, base_url)
    tabs.append(tab)
    search(tab.page, "Komsomol")
    results = tab.page.locator(RESULT)
    expect(results).to_have_count(1)
    result = results.first
    expect(result.locator(".digest-search__title")).to_have_text(expected.title)
    facts = result.locator(".digest-search__facts")
    expect(facts).to_contain_text(expected.year)
    # a filing date is labelled as on the page ("Filed 23 November 2026 · RFA")
    if expected.filed:
        expect(facts).to_have_text(re.compile(r"^Filed \d"))
    else:
        expect(facts).not_to_contain_text("Filed")
    if expected.source:
        expect(facts).to_contain_text(expected.source)
    expect(result.locator(".digest-search__tag")).to_have_text(list(expected.tags))
    expect(result.locator(".digest-search__excerpt mark").first).to_contain_text("Komsomol")
    href = result.locator("a").get_attribute("href") or ""
    assert urlparse(href).path == urlparse(base_url).path + expected.path
    expect(tab.page.locator("#digest-search-status")).to_have_text("1 report found for “Komsomol”.")
    assert_clean(tab, base_url)


def test_only_report_text_is_indexed(
    browser: Browser, base_url: str, tabs: list[Tab], reports: list[Report]
) -> None:
    tab = open_tab(browser, base_url)
    tabs.append(tab)
    # "Editions" is in every page's navigation tabs, but in no report
    assert seeds_containing("Editions") == []
    search(tab.page, "Editions")
    expect(tab.page.locator("#digest-search-status")).to_have_text(
        "No report found for “Editions”."
    )
    # A title word of one report is also in the other reports' "Related reports" lists:
    # only the report itself may match.
    [seed] = seeds_containing("Hamgyong")
    tab.page.locator("#digest-search-input").fill("Hamgyong")
    expect(tab.page.locator(RESULT)).to_have_count(1)
    expect(tab.page.locator(f"{RESULT} .digest-search__title")).to_have_text(
        by_seed(reports, seed).title
    )
    assert_clean(tab, base_url)


def test_source_and_authors_are_searchable(
    browser: Browser, base_url: str, tabs: list[Tab], reports: list[Report], project: Path
) -> None:
    authored = next(
        post
        for post in map(frontmatter.load, sorted((project / "docs/reports").rglob("*.md")))
        if post["authors"]
    )
    tab, titles = _titles_found(browser, base_url, tabs, authored["authors"][0])
    assert html.unescape(authored["title"]) in titles
    # excerpts carry report text, not the page's date and reading-time line
    for excerpt in tab.page.locator(f"{RESULT} .digest-search__excerpt").all_inner_texts():
        assert "min read" not in excerpt
    assert_clean(tab, base_url)


def test_tags_are_searchable_but_excerpts_show_the_report(
    browser: Browser, base_url: str, tabs: list[Tab], project: Path
) -> None:
    posts = [frontmatter.load(p) for p in sorted((project / "docs/reports").rglob("*.md"))]
    # a tag no seed's text contains: a report can only be found by it through its tag list
    tag, tagged = next((t, post) for post in posts for t in post["tags"] if not seeds_containing(t))
    tab, titles = _titles_found(browser, base_url, tabs, tag)
    assert html.unescape(tagged["title"]) in titles
    # a word in every report: excerpts come from the text, not the chips or the box's label
    tab.page.locator("#digest-search-input").fill("workers")
    # the tag's results stay on screen until the new search ends: wait for the new ones
    expect(tab.page.locator("#digest-search-status")).to_contain_text("for “workers”")
    expect(tab.page.locator(RESULT).first).to_be_visible()
    excerpts = tab.page.locator(f"{RESULT} .digest-search__excerpt").all_inner_texts()
    assert excerpts
    for excerpt in excerpts:
        assert "Summary" not in excerpt and "Labour export" not in excerpt, excerpt
    assert_clean(tab, base_url)


def test_keyboard_slash_arrows_and_enter_open_the_report_with_the_term_marked(
    browser: Browser, base_url: str, tabs: list[Tab], reports: list[Report]
) -> None:
    [seed] = seeds_containing("Mongolia")
    target = by_seed(reports, seed)
    start = next(r for r in reports if r.seed != seed)
    tab = open_tab(browser, base_url + start.path)
    tabs.append(tab)
    page = tab.page
    search(page, "Mongolia")
    expect(page.locator(RESULT)).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"{RESULT} a").first).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#digest-search-input")).to_be_focused()
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    url = urlparse(page.url)
    assert url.path == urlparse(base_url).path + target.path
    assert parse_qs(url.query)["highlight"] == ["mongolia"]
    marks = page.locator("[data-pagefind-body] mark.digest-search-hit")
    expect(marks.first).to_be_visible()
    assert {m.lower() for m in marks.all_inner_texts()} == {"mongolia"}
    page.wait_for_load_state("networkidle")
    assert_clean(tab, base_url)


def test_enter_in_the_box_opens_the_first_result_and_escape_closes(
    browser: Browser, base_url: str, tabs: list[Tab], reports: list[Report]
) -> None:
    [seed] = seeds_containing("Komsomol")
    tab = open_tab(browser, base_url)
    tabs.append(tab)
    page = tab.page
    search(page, "Komsomol")
    expect(page.locator(RESULT)).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator("#digest-search-panel")).to_be_hidden()
    # typing "/" into the box types a slash; it does not re-trigger anything
    page.keyboard.press("End")
    page.keyboard.type("/")
    expect(page.locator("#digest-search-input")).to_have_value("Komsomol/")
    page.keyboard.press("Backspace")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path.endswith(by_seed(reports, seed).path)
    assert_clean(tab, base_url)


def test_filters_by_tag_and_year(
    browser: Browser, base_url: str, tabs: list[Tab], reports: list[Report]
) -> None:
    tab = open_tab(browser, base_url)
    tabs.append(tab)
    page = tab.page
    tag = "Party finances"  # on one seed (002), which mentions workers; not on 003 (Komsomol)
    with_tag = sorted(r.title for r in reports if tag in r.tags)
    assert 0 < len(with_tag) < len(reports)  # the seeds make this a real filter
    search(page, "workers")
    all_matches = page.locator(RESULT)
    expect(all_matches.first).to_be_visible()
    years = sorted({r.year for r in reports}, reverse=True)
    year_options = page.locator("#digest-search-year option")
    expect(year_options).to_have_count(len(years) + 1)
    tag_values = page.locator("#digest-search-tag option").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)"
    )
    assert sorted(tag_values) == sorted({t for r in reports for t in r.tags})

    # a term and a tag: only matching reports carrying that tag
    page.select_option("#digest-search-tag", tag)
    expect(page.locator("#digest-search-status")).to_contain_text("workers")
    titles = page.locator(f"{RESULT} .digest-search__title")
    expect(titles).not_to_have_count(0)
    assert set(titles.all_inner_texts()) <= set(with_tag)
    for result in page.locator(RESULT).all():
        assert tag in result.locator(".digest-search__tag").all_inner_texts()

    # the tag alone lists every report that has it
    page.locator("#digest-search-input").fill("")
    page.select_option("#digest-search-tag", tag)
    expect(titles).to_have_count(len(with_tag))
    assert sorted(titles.all_inner_texts()) == with_tag

    # a word of a report without the tag finds nothing under that tag
    [seed] = seeds_containing("Komsomol")
    assert tag not in by_seed(reports, seed).tags
    page.locator("#digest-search-input").fill("Komsomol")
    expect(page.locator("#digest-search-status")).to_have_text("No report found for “Komsomol”.")

    # year: every report of that year, whatever the tag
    page.select_option("#digest-search-tag", "")
    page.locator("#digest-search-input").fill("")
    page.select_option("#digest-search-year", years[0])
    expect(titles).to_have_count(sum(r.year == years[0] for r in reports))
    assert_clean(tab, base_url)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_ui_has_no_serious_accessibility_violations(
    browser: Browser, base_url: str, tabs: list[Tab], scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab = open_tab(browser, base_url, color_scheme=scheme)
    tabs.append(tab)
    page = tab.page
    expected_scheme = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected_scheme
    search(page, "workers")
    expect(page.locator(RESULT).first).to_be_visible()
    page.keyboard.press("ArrowDown")  # a result focused, as a keyboard user leaves it
    # Leaving the box starts a 0.25 s colour transition of the form; judge the settled colours,
    # not a frame halfway through (that made this check fail now and then).
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    results = Axe().run(page, context="#digest-search")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
    assert_clean(tab, base_url)


def test_on_a_wide_screen_escape_in_an_empty_box_leaves_it(
    browser: Browser, base_url: str, tabs: list[Tab]
) -> None:
    """ "/" then Escape: nothing to close, so focus leaves the box (one Escape, not two)."""
    tab = open_tab(browser, base_url)
    tabs.append(tab)
    page = tab.page
    page.keyboard.press("/")
    expect(page.locator("#digest-search-input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#digest-search-input")).not_to_be_focused()
    assert_clean(tab, base_url)


def test_narrow_screen_opens_the_box_from_a_button(
    browser: Browser, base_url: str, tabs: list[Tab]
) -> None:
    tab = open_tab(browser, base_url, viewport={"width": 390, "height": 800})
    tabs.append(tab)
    page = tab.page
    box = page.locator("#digest-search-input")
    opener = page.locator(".digest-search__open")

    def open_box() -> None:
        opener.click()
        expect(box).to_be_visible()
        expect(box).to_be_focused()

    def escape_back_to_the_button() -> None:
        """Escape closes the box and hands focus back to the button (it fell to the body)."""
        page.keyboard.press("Escape")
        expect(box).to_be_hidden()
        expect(opener).to_be_focused()

    expect(box).to_be_hidden()
    open_box()
    escape_back_to_the_button()  # before anything is typed: the results panel is not open yet
    open_box()
    page.keyboard.type("Komsomol")
    expect(page.locator(RESULT)).to_have_count(1)
    result_box = page.locator(RESULT).first.bounding_box()
    assert result_box is not None and result_box["x"] >= 0
    assert result_box["x"] + result_box["width"] <= 390
    escape_back_to_the_button()  # from the box with results
    open_box()
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"{RESULT} a").first).to_be_focused()
    escape_back_to_the_button()  # and from a result
    assert_clean(tab, base_url)


def test_highlight_marks_only_the_report_text(
    browser: Browser, base_url: str, tabs: list[Tab], reports: list[Report]
) -> None:
    target = reports[0]
    tab = open_tab(browser, f"{base_url}{target.path}?highlight=north")
    tabs.append(tab)
    marks = tab.page.locator("mark.digest-search-hit")
    expect(marks.first).to_be_visible()
    # the hidden metadata block and the navigation are never marked
    assert tab.page.locator("[data-pagefind-ignore] mark, .md-nav mark, header mark").count() == 0
    assert re.fullmatch(r"north", marks.first.inner_text(), re.IGNORECASE)
    assert_clean(tab, base_url)
