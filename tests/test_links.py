"""The built site, read as files: no broken internal link, and the pages search engines and link
previews read (sitemap.xml, robots.txt, Open Graph tags) say what they should."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import frontmatter
import lxml.etree
import pytest

SITE_URL = "https://example.org/briefing/"  # the default in mkdocs.yml; tests do not set SITE_URL
PREFIX = urlparse(SITE_URL).path


class _Page(HTMLParser):
    """Collects link targets and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for attr in ("href", "src"):
            if attr in values and tag in ("a", "link", "img", "script", "source"):
                self.links.append((tag, values[attr]))
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content", "")


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def page_url(site: Path, path: Path) -> str:
    """The address a file is served at, under site_url's path."""
    rel = path.relative_to(site).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return "http://site" + PREFIX + rel


def target_file(site: Path, url: str) -> Path | None:
    """The file an internal URL names, or None when the URL leaves the site."""
    parsed = urlparse(url)
    if parsed.netloc != "site" or not parsed.path.startswith(PREFIX):
        return None
    rel = unquote(parsed.path[len(PREFIX) :])
    target = site / rel
    if rel == "" or rel.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[Path, _Page]:
    return {path: parse(path) for path in sorted(site.rglob("*.html"))}


def test_no_broken_internal_links(site: Path, pages: dict[Path, _Page]) -> None:
    broken = []
    checked = 0
    for path, page in pages.items():
        base = page_url(site, path)
        for tag, href in page.links:
            if href.startswith(("mailto:", "data:")):
                continue
            assert not href.lower().startswith("javascript:"), f"{path}: {tag} {href}"
            url = urljoin(base, href)
            if urlparse(url).netloc not in ("site", ""):
                continue  # external: the browser tests check that pages request none
            target = target_file(site, url)
            if target is None or not target.is_file():
                broken.append(f"{path.relative_to(site)}: {href}")
                continue
            checked += 1
            fragment = unquote(urlparse(url).fragment)
            if fragment and target.suffix == ".html" and fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {href} (no #{fragment})")
    assert checked > 200, "the checker followed suspiciously few links"
    assert not broken, "\n".join(broken)


def test_the_checker_sees_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="../b/">b</a><a href="#x">x</a>')
    page = parse(tmp_path / "a" / "index.html")
    target = target_file(tmp_path, urljoin(page_url(tmp_path, tmp_path / "a/index.html"), "../b/"))
    assert target == tmp_path / "b" / "index.html" and not target.is_file()
    assert "x" not in page.ids


def test_sitemap_lists_every_report_page(built_site: Path) -> None:
    # sitemap.xml is a small index (the theme fetches it on every page); the list is behind it
    index = lxml.etree.fromstring((built_site / "site" / "sitemap.xml").read_bytes())
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert [loc.text for loc in index.iter("{*}loc")] == [f"{SITE_URL}sitemap-pages.xml"]
    pages = lxml.etree.fromstring((built_site / "site" / "sitemap-pages.xml").read_bytes())
    assert pages.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locations = {loc.text for loc in pages.iter("{*}loc")}
    reports = sorted((built_site / "docs" / "reports").rglob("*.md"))
    assert len(reports) == 4
    for md in reports:
        rel = md.relative_to(built_site / "docs").with_suffix("").as_posix()
        assert f"{SITE_URL}{rel}/" in locations
    assert SITE_URL in locations and f"{SITE_URL}tags/" in locations


def test_robots_txt_allows_crawling_and_names_the_sitemap(built_site: Path) -> None:
    robots = (built_site / "site" / "robots.txt").read_text(encoding="utf-8")
    lines = [line for line in robots.splitlines() if line.strip()]
    assert lines == ["User-agent: *", "Allow: /", f"Sitemap: {SITE_URL}sitemap.xml"]


def test_404_page_links_to_the_site_from_any_address(site: Path) -> None:
    page = parse(site / "404.html")
    hrefs = {href for tag, href in page.links if tag == "a"}
    for section in ("", "editions/", "archive/", "tags/"):
        assert PREFIX + section in hrefs


def test_report_pages_carry_description_and_sharing_tags(built_site: Path) -> None:
    for md in sorted((built_site / "docs" / "reports").rglob("*.md")):
        post = frontmatter.load(md)
        rel = md.relative_to(built_site / "docs").with_suffix("")
        meta = parse(built_site / "site" / rel / "index.html").meta
        title = html.unescape(post["title"])
        description = html.unescape(post["description"])
        assert meta["description"] == description
        assert meta["og:title"] == title and meta["twitter:title"] == title
        assert meta["og:description"] == description == meta["twitter:description"]
        assert meta["og:type"] == "article"
        assert meta["og:site_name"] == "Briefing Digest"
        assert meta["article:published_time"] == str(post["date"])
        assert meta["og:url"] == f"{SITE_URL}{rel.as_posix()}/"
