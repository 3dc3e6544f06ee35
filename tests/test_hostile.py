"""Report text is untrusted: nothing in tests/inputs/hostile/ may run or change a page's structure.

The corpus is built into a real site once. Then the built HTML and feeds are searched for any
payload that survived as markup, and Chromium loads every page to check that no alert, console
message or payload element appears.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import frontmatter
import lxml.etree
import lxml.html
import pytest
from conftest import ROOT, commit_all, make_project, run_briefing

HOSTILE = sorted((ROOT / "tests" / "inputs" / "hostile").glob("*.[tm][xd]*"))
MARKER = "pwn"  # every payload that could create an element or run code carries it
DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "form", "frame", "frameset", "applet"}
# Payload ids and classes start with "pwn-"; ids MkDocs derives from a heading's text (which
# may contain it as text) do not.
PAYLOAD_NAME = re.compile(rf"(?:^|\s){MARKER}-", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile") / "project", seeds=HOSTILE)
    commit_all(project)
    result = run_briefing(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def report_pages(project: Path) -> dict[str, Path]:
    """Built report page by seed file name."""
    pages = {}
    for md in (project / "docs" / "reports").rglob("*.md"):
        seed = frontmatter.load(md)["seed"].removeprefix("seeds/")
        rel = md.relative_to(project / "docs").with_suffix("")
        pages[seed] = project / "site" / rel / "index.html"
    return pages


def markup_problems(root: lxml.html.HtmlElement) -> list[str]:
    """Elements or attributes that only a payload could have made."""
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        # the only forms are the site's own search box (ours, or the theme's before it)
        if tag in DANGEROUS_TAGS and not element.get("class", "").startswith(
            ("md-", "digest-search")
        ):
            problems.append(f"<{tag}>")
        if tag == "meta" and element.get("http-equiv"):
            problems.append("<meta http-equiv>")
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                problems.append(f"<{tag} {name}>")
            if lowered in URL_ATTRIBUTES:
                url = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if url.startswith(("javascript:", "vbscript:", "data:text")):
                    problems.append(f"<{tag} {name}={value!r}>")
            if lowered in ("id", "class", "name") and PAYLOAD_NAME.search(value):
                problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "style") and MARKER in (element.text or "").lower():
            problems.append(f"<{tag}> with payload")
    return problems


def test_corpus_is_all_published(hostile_site: Path) -> None:
    assert set(report_pages(hostile_site)) == {p.name for p in HOSTILE}
    for page in report_pages(hostile_site).values():
        assert page.is_file(), page


@pytest.mark.parametrize("page", ["index.html", "tags/index.html", "archive/index.html", "*"])
def test_no_payload_survives_as_markup_in_html(hostile_site: Path, page: str) -> None:
    site = hostile_site / "site"
    pages = html_pages(site) if page == "*" else [site / page]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        problems = markup_problems(lxml.html.document_fromstring(text))
        assert not problems, (path.relative_to(site).as_posix(), problems)
        assert "1337" not in text, path  # {{ 7*191 }} was never evaluated by a template engine


# (seed, XPath that must find nothing in its page, why)
STRUCTURE = [
    # a Markdown marker that worked is gone from the text: the element starts with what followed it
    ("02-markdown-in-body.txt", "//h1[starts-with(normalize-space(), 'Fake')]", "heading"),
    ("02-markdown-in-body.txt", "//h2[starts-with(normalize-space(), 'Fake')]", "heading"),
    ("02-markdown-in-body.txt", "//li[starts-with(normalize-space(), 'a fake ordered')]", "list"),
    ("02-markdown-in-body.txt", "//article//blockquote", "quotation"),
    ("02-markdown-in-body.txt", "//*[contains(@class, 'danger')]", "admonition"),
    ("02-markdown-in-body.txt", "//table", "table"),
    ("02-markdown-in-body.txt", "//abbr", "abbreviation"),
    ("02-markdown-in-body.txt", "//img[contains(@src, 'tracker')]", "image"),
    ("02-markdown-in-body.txt", "//a[contains(@href, 'autolink')]", "autolink"),
    ("02-markdown-in-body.txt", "//article//code[. = 'code']", "code span"),
    ("02-markdown-in-body.txt", "//article//strong[. = 'bold']", "bold"),
    ("02-markdown-in-body.txt", "//*[@id = 'pwn-attr']", "attribute list"),
    ("02-markdown-in-body.txt", "//*[contains(@class, 'toc')][ancestor::article]", "[TOC]"),
    ("01-html-in-body.txt", "//article//b | //article//svg[@id] | //article//img", "raw HTML"),
    ("01-html-in-body.txt", "//*[contains(@class, 'pwn-block')]", "raw HTML block"),
    ("06-yaml-markers.txt", "//*[contains(., 'pwn-yaml-exec') and self::pre]", "YAML tag"),
    ("04-xml-breaking.txt", "//article//script | //this | //that", "decoded reference"),
    # a .md report's HTML is read as a reader sees it: no tag of it reaches the page
    (
        "11-markdown-report.md",
        "//article//b | //article//img | //span[@onmouseover]",
        "inline HTML",
    ),
    (
        "11-markdown-report.md",
        "//article//iframe | //article//sup | //article//div[@markdown]",
        "HTML",
    ),
    ("11-markdown-report.md", "//article//script | //article//style", "script or style"),
    ("11-markdown-report.md", "//article//td//* | //article//th//*", "markup in a cell"),
    ("11-markdown-report.md", "//article//pre//*[not(self::code)]", "markup in code"),
]


def test_a_bulleted_line_is_a_list_item_of_plain_text(hostile_site: Path) -> None:
    """A pasted bullet ("- a fake list item") is an item of a list, as subheads are headings:
    ingest decides that structure, and the item's text is escaped like any other."""
    page = report_pages(hostile_site)["02-markdown-in-body.txt"]
    root = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    [item] = root.xpath("//article//li[starts-with(normalize-space(), 'a fake list')]")
    assert item.text_content().strip() == "a fake list item" and len(item) == 0


@pytest.mark.parametrize(("seed", "xpath", "why"), STRUCTURE)
def test_report_markup_does_not_change_page_structure(hostile_site, seed, xpath, why) -> None:
    page = report_pages(hostile_site)[seed]
    root = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    assert root.xpath(xpath) == [], why


# (seed, text a reader must see on the page exactly as the report wrote it)
SHOWN_AS_TEXT = [
    ("01-html-in-body.txt", '<script>window.__pwned = 1; alert("pwn-script-1");'),
    ("01-html-in-body.txt", '<img id="pwn-img" src="x" onerror="alert(\'pwn-img\');'),
    ("02-markdown-in-body.txt", "[traders said](javascript:alert('pwn-md-link'))"),
    ("02-markdown-in-body.txt", '{{ config.site_name }} {{ 7*191 }} {% include "pwn.html" %}'),
    ("02-markdown-in-body.txt", '--8<-- "mkdocs.yml"'),
    ("02-markdown-in-body.txt", "{: #pwn-attr onclick=\"alert('pwn-attr')\" }"),
    ("03-front-matter.txt", "<script>alert('pwn-fm-title')</script> Border trade resumes"),
    ("03-front-matter.txt", "<img src=x onerror=alert('pwn-fm-source')> Daily <b>NK</b>"),
    ("03-front-matter.txt", "John {{ 7*191 }} Roe"),
    ("04-xml-breaking.txt", "</description></item><item><title>pwn-injected-item</title>"),
    # HTML character references are read as the characters they stand for, and those are text
    ("04-xml-breaking.txt", "<script> stays escaped & so does <this> and <that>."),
    ("04-xml-breaking.txt", "북한 中国 Россия العربية — “quotes” and emoji 🚢"),
    ("05-control-chars.txt", "Traders said prices rose sharply this month"),
    ("06-yaml-markers.txt", "title: pwn-second-document"),
    ("11-markdown-report.md", "Traders in Hyesan told Daily NK that rice prices rose sharply"),
    ("11-markdown-report.md", "Officials denied it.¹"),
    ("11-markdown-report.md", "A block in a div is a paragraph of its own, a source said."),
]


@pytest.mark.parametrize(("seed", "text"), SHOWN_AS_TEXT)
def test_payloads_are_shown_as_text(hostile_site: Path, seed: str, text: str) -> None:
    page = report_pages(hostile_site)[seed]
    root = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    visible = " ".join(" ".join(root.xpath("//article")[0].itertext()).split())
    assert " ".join(text.split()) in visible


def test_snippet_marker_includes_nothing(hostile_site: Path) -> None:
    for seed in ("02-markdown-in-body.txt", "11-markdown-report.md"):
        page = report_pages(hostile_site)[seed].read_text(encoding="utf-8")
        assert "markdown_extensions" not in page


def test_a_markdown_reports_tables_and_code_show_their_text_as_written(hostile_site: Path) -> None:
    """A `.md` report's table is a table of the page and its code blocks are code blocks, and
    whatever markup a cell or a line of code holds is its text; a script's or a style's
    contents reach no page and no feed at all."""
    page = report_pages(hostile_site)["11-markdown-report.md"]
    text = page.read_text(encoding="utf-8")
    [article] = lxml.html.document_fromstring(text).xpath("//article")
    [table] = article.xpath(".//table")
    cells = [[" ".join(c.text_content().split()) for c in row] for row in table.xpath(".//tr")]
    assert cells == [
        ["Price", "Pyongyang", "Hyesan"],
        ["Rice (1 kg)", "6,800 won", '</td></tr></table><b id="pwn-cell-code">'],
        ["Corn | maize", "{{ 7*191 }} pwn-cell-template", '--8<-- "mkdocs.yml"'],
        ["{: #pwn-cell-attr }", '!!! danger "pwn-cell-admonition"', "<b>pwn-cell-entity</b>"],
    ]
    code = [pre.text_content() for pre in article.xpath(".//pre")]
    assert code == [
        '</code></pre><script>alert("pwn-code-fence")</script>\n--8<-- "mkdocs.yml"\n'
        '{{ 7*191 }} pwn-code-template\n<div class="pwn-code-div" markdown="1">**pwn-code-md**</div>',
        '</pre><img id="pwn-code-indented" src=x onerror="alert(\'pwn-code-indented\')">\n'
        '--8<-- "mkdocs.yml"',
        '</pre><b id="pwn-code-pre">pwn-code-pre</b>',
    ]
    site = hostile_site / "site"
    for path in [*html_pages(site), *site.rglob("*.xml"), *site.rglob("*.json")]:
        data = path.read_text(encoding="utf-8", errors="replace")
        for payload in ("pwn-md-script", "pwn-md-console", "pwn-md-style", "pwn-cell-script"):
            assert payload not in data, (path, payload)


def test_slugs_are_safe_and_unique(hostile_site: Path) -> None:
    paths = sorted((hostile_site / "docs" / "reports").rglob("*.md"))
    names = [p.stem for p in paths]
    assert len(set(names)) == len(names) == len(HOSTILE)
    for path in paths:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", path.stem), path
        assert path.parent.parent == hostile_site / "docs" / "reports"
    by_seed = {frontmatter.load(p)["seed"]: p.stem for p in paths}
    # the same hostile title twice: the first by seed path keeps the slug, the second gets -2
    assert by_seed["seeds/07-slug-hostile.txt"] == "index-page"
    assert by_seed["seeds/08-slug-duplicate.txt"] == "index-page-2"


def test_front_matter_round_trips_and_holds_no_markup(hostile_site: Path) -> None:
    for md in (hostile_site / "docs" / "reports").rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        post = frontmatter.loads(text)
        assert frontmatter.loads(frontmatter.dumps(post)).metadata == post.metadata
        assert text.startswith("---\n") and text.count("\n---\n") >= 1
        for key in ("title", "description"):  # inserted into HTML unescaped by the theme
            assert "<" not in str(post[key]), (md.name, key)
    post = frontmatter.load(next((hostile_site / "docs" / "reports").rglob("index-page.md")))
    assert post["seed"] == "seeds/07-slug-hostile.txt"


def _fragments_from_feed(data: bytes) -> list[str]:
    """Every piece of a feed that a reader renders as HTML.

    RSS <description> and <content:encoded> are always HTML; Atom <summary>/<content> are HTML
    only with type="html" (type="text", the default, is shown as text).
    """
    root = lxml.etree.fromstring(data)  # well-formed, or this raises
    atom = root.tag == "{http://www.w3.org/2005/Atom}feed"
    fragments = []
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.text:
            continue
        name = lxml.etree.QName(element).localname
        if atom and name in ("summary", "content", "title", "subtitle"):
            if element.get("type") == "html":
                fragments.append(element.text)
        elif not atom and name in ("description", "encoded"):
            fragments.append(element.text)
    return fragments


def test_feeds_are_well_formed_and_carry_no_markup(hostile_site: Path) -> None:
    site = hostile_site / "site"
    feeds = sorted(site.rglob("*.xml"))
    feeds = [f for f in feeds if f.name != "sitemap.xml"]
    assert feeds
    for path in feeds:
        data = path.read_bytes()
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        titles = [e.title for e in parsed.entries]
        assert "pwn-injected-item" not in titles
        for fragment in _fragments_from_feed(data):
            problems = markup_problems(lxml.html.fragment_fromstring(fragment, create_parent="div"))
            assert not problems, (path.name, problems)
    main = feedparser.parse((site / "feed.xml").read_bytes())
    assert len(main.entries) == len(HOSTILE)
    assert any(
        t.startswith("<script>alert('pwn-fm-title')</script>")
        for t in (e.title for e in main.entries)
    )
    json_feed = site / "feed.json"
    if json_feed.exists():
        for item in json.loads(json_feed.read_text(encoding="utf-8"))["items"]:
            html = item.get("content_html") or "<p></p>"
            assert not markup_problems(lxml.html.fragment_fromstring(html, create_parent="div"))


# --- in a real browser ------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served_site(hostile_site: Path):
    handler = functools.partial(_QuietHandler, directory=str(hostile_site / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_no_payload_runs_in_chromium(hostile_site: Path, served_site: str, browser) -> None:
    site = hostile_site / "site"
    pages = [p for p in html_pages(site) if "/search/" not in p.as_posix()]
    context = browser.new_context()
    events: list[str] = []
    context.on(
        "dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss())
    )
    page = context.new_page()
    page.on(
        "console",
        lambda msg: events.append(f"console {msg.type}: {msg.text}"),
    )
    # a payload that reaches out (tracking pixel, redirect) shows as a request to another host
    page.on(
        "request",
        lambda r: not r.url.startswith(served_site) and events.append(f"request: {r.url}"),
    )
    page.on("pageerror", lambda error: events.append(f"page error: {error}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and events.append(f"HTTP {r.status}: {r.url}"),
    )
    for path in pages:
        url = served_site + path.relative_to(site).as_posix().removesuffix("index.html")
        page.goto(url, wait_until="load")
        page.wait_for_timeout(50)  # let onerror/onload handlers of broken images fire
        found = page.evaluate(
            '() => [document.querySelectorAll(\'[id^="pwn-"], [class^="pwn-"], [class*=" pwn-"], iframe, base, '
            "object, embed, meta[http-equiv]').length, typeof window.__pwned]"
        )
        assert found == [0, "undefined"], url
    context.close()
    assert not events, "\n".join(events)


# Each bulleted line of 10-list-items.txt, as a reader must see it: one item of one flat list.
LIST_ITEMS = [
    "<script>alert('pwn-item-script')</script>",
    "[pwn-item-link](javascript:alert('pwn-item-link'))",
    "- a nested pwn-item-dash",
    "* a nested pwn-item-star",
    "1. a nested pwn-item-ordered",
    "> a pwn-item-quote",
    "# a pwn-item-heading",
    '!!! danger "pwn-item-admonition"',
    '??? note "pwn-item-details"',
    "{: #pwn-item-attr onclick=\"alert('pwn-item-attr')\" }",
    '--8<-- "mkdocs.yml"',
    "| pwn-item-table | b |",
    "| --- | --- |",
    '<div markdown="1">**pwn-item-html**</div>',
    # "- ***" is a section break (marks alone), left out: no item, and no <hr> (asserted below)
    "pwn-item-code",
    "*[HTML]: pwn-item-abbr",
    "{{ 7*191 }} pwn-item-template",
]


def test_list_items_are_one_flat_list_of_plain_text(hostile_site: Path) -> None:
    """Every bullet ingest reads ("- ", "* ", "• ", "– ", "· ", "▪ ") starts an item of one list,
    and whatever Markdown or HTML the item holds stays its text: no nested list, heading,
    quotation, admonition, table, attribute or included file."""
    page = report_pages(hostile_site)["10-list-items.txt"]
    root = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    [article] = root.xpath("//article")
    [body_list] = article.xpath(".//ul[li[contains(., 'pwn-item-script')]]")
    items = body_list.xpath("li")
    assert [" ".join(li.text_content().split()) for li in items] == LIST_ITEMS
    assert all(len(li) == 0 for li in items)  # no element inside an item: text only
    assert not article.xpath(
        ".//blockquote | .//table | .//pre | .//abbr | .//details | .//ol | .//hr"
    )
    assert not article.xpath(".//*[contains(@class, 'danger') or contains(@class, 'note')]")
    assert not article.xpath(".//*[starts-with(@id, 'pwn')]")
    assert "markdown_extensions" not in page.read_text(encoding="utf-8")
