"""The search-index step on small hand-made sites: what gets indexed, and when it is rebuilt."""

from __future__ import annotations

import gzip
import json
import shutil
import time
from pathlib import Path

import pytest
from conftest import make_project, run_briefing

from briefing import search
from briefing.search import SearchIndexError, index_site

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<nav>Navigation words: zeppelin</nav>
<article>{body}</article>
<footer>Footer words: quokka</footer>
</body></html>
"""
REPORT = """<div class="digest-indexed" data-pagefind-body data-pagefind-filter="year:2024">
<div hidden data-pagefind-ignore><span data-pagefind-meta="source">Wire</span></div>
<h1>{title}</h1>
<p class="digest-meta">20 February 2024 · Wire · 7 min read</p>
<p class="digest-tags"><a class="digest-tag" href="../../tags/narwhals/">Narwhals</a></p>
<div class="admonition abstract"><p class="admonition-title">Synopsis</p><ul><li>{text}</li></ul></div>
<p>{text}</p>
<h2 id="related-reports">Related reports<a class="headerlink" href="#related-reports">¶</a></h2>
<ul><li><a href="../other/">Another report about walruses</a></li></ul>
<p class="digest-source">Source: Wire · seed file <code>seedfile.txt</code></p>
</div>"""


def write_site(site: Path, reports: dict[str, str]) -> None:
    """A home page that is not indexed, and one marked page per report."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(
        PAGE.format(title="Home", body="<p>Latest reports: lemming</p>"), encoding="utf-8"
    )
    for slug, text in reports.items():
        page = site / "reports" / slug / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        body = REPORT.format(title=f"Report {slug}", text=text)
        page.write_text(PAGE.format(title=slug, body=body), encoding="utf-8")


def fragments(bundle: Path) -> list[dict]:
    """Pagefind's per-page records: gzip, a short signature, then JSON."""
    records = []
    for path in sorted((bundle / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        records.append(json.loads(data[data.index(b"{") :]))
    return records


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write_site(site, {"alpha": "Grain prices rose in Hyesan.", "beta": "Ferries stopped at Nampo."})
    return site


def test_indexes_report_text_only(site: Path, tmp_path: Path) -> None:
    result = index_site(site, tmp_path / "cache")
    assert result.rebuilt and result.pages == 2
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 2
    records = fragments(site / "pagefind")
    assert sorted(r["url"] for r in records) == ["/reports/alpha/", "/reports/beta/"]
    text = " ".join(r["content"] for r in records)
    assert "Hyesan" in text and "Nampo" in text
    # navigation, footer, home page, related list, seed footer and permalink signs are left out
    # and the tag chips and the summary box's label, which would fill every excerpt
    for word in ("zeppelin", "quokka", "lemming", "walruses", "seedfile", "¶", "min read"):
        assert word not in text, word
    for word in ("Narwhals", "Synopsis"):
        assert word not in text, word
    alpha = next(r for r in records if r["url"] == "/reports/alpha/")
    assert alpha["meta"]["source"] == "Wire"
    assert alpha["meta"]["title"] == "Report alpha"
    assert alpha["filters"] == {"year": ["2024"]}


def test_unchanged_site_is_not_reindexed(site: Path, tmp_path: Path) -> None:
    first = index_site(site, tmp_path / "cache")
    started = time.perf_counter()
    second = index_site(site, tmp_path / "cache")
    assert time.perf_counter() - started < 1.0
    assert first.rebuilt and not second.rebuilt
    assert second.fingerprint == first.fingerprint
    assert "unchanged" in second.summary_line()
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_rebuilt_site_gets_the_cached_bundle_back(site: Path, tmp_path: Path) -> None:
    """`mkdocs build` empties site/: identical report pages must not cost a new index."""
    index_site(site, tmp_path / "cache")
    shutil.rmtree(site)
    write_site(site, {"alpha": "Grain prices rose in Hyesan.", "beta": "Ferries stopped at Nampo."})
    again = index_site(site, tmp_path / "cache")
    assert not again.rebuilt
    assert len(fragments(site / "pagefind")) == 2


def test_only_a_report_change_triggers_a_rebuild(site: Path, tmp_path: Path) -> None:
    index_site(site, tmp_path / "cache")
    (site / "index.html").write_text(PAGE.format(title="Home", body="new home"), encoding="utf-8")
    assert not index_site(site, tmp_path / "cache").rebuilt
    write_site(site, {"beta": "Ferries resumed at Nampo, carrying cement."})
    changed = index_site(site, tmp_path / "cache")
    assert changed.rebuilt
    beta = next(r for r in fragments(site / "pagefind") if r["url"] == "/reports/beta/")
    assert "cement" in beta["content"]


def test_force_rebuilds(site: Path, tmp_path: Path) -> None:
    index_site(site, tmp_path / "cache")
    assert index_site(site, tmp_path / "cache", force=True).rebuilt


def test_missing_site_says_to_build_first(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match=r"no built site .*make site"):
        index_site(tmp_path / "site", tmp_path / "cache")


def test_report_pages_without_the_marker_are_an_error(tmp_path: Path) -> None:
    # a theme override that lost data-pagefind-body: indexing nothing would hide the mistake
    site = tmp_path / "site"
    write_site(site, {"alpha": "walrus"})
    page = site / "reports" / "alpha" / "index.html"
    page.write_text(page.read_text().replace("data-pagefind-body", ""), encoding="utf-8")
    with pytest.raises(SearchIndexError, match=r"data-pagefind-body.*overrides/main\.html"):
        index_site(site, tmp_path / "cache")


def test_unmarked_report_pages_are_an_error_without_directory_urls(tmp_path: Path) -> None:
    # use_directory_urls: false names report pages reports/<year>/<slug>.html
    site = tmp_path / "site"
    write_site(site, {})
    (site / "reports" / "2024").mkdir(parents=True)
    (site / "reports" / "2024" / "alpha.html").write_text(PAGE.format(title="a", body="walrus"))
    with pytest.raises(SearchIndexError, match="data-pagefind-body"):
        index_site(site, tmp_path / "cache")


def test_a_digest_with_no_reports_yet_has_nothing_to_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, {"alpha": "walrus"})
    index_site(site, tmp_path / "cache")
    assert (site / "pagefind" / "pagefind.js").is_file()
    shutil.rmtree(site / "reports")  # the last report was removed
    result = index_site(site, tmp_path / "cache")
    assert result.pages == 0 and "no reports yet" in result.summary_line()
    assert not (site / "pagefind").exists(), "search must not find reports that are gone"


def test_cli_indexes_a_new_empty_digest_without_failing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=[])
    run_briefing(project, "build", check=True)
    result = run_briefing(project, "search-index")
    assert result.returncode == 0, result.stderr
    assert "no reports yet" in result.stdout


def test_cli_reports_a_missing_site(project: Path) -> None:
    result = run_briefing(project, "search-index")
    assert result.returncode == 1
    assert "no built site" in result.stderr and "make site" in result.stderr


def test_cli_help_names_the_command() -> None:
    from briefing.cli import build_parser

    assert "search-index" in build_parser().format_help()


def test_pagefind_runs_on_one_cpu_by_default() -> None:
    """One CPU bounds Pagefind's memory (README "Search"); the hook must really pin the child."""
    import subprocess
    import sys

    from briefing.search import _pin_to_cpus

    probe = [sys.executable, "-c", "import os; print(len(os.sched_getaffinity(0)))"]
    pinned = subprocess.run(probe, capture_output=True, text=True, preexec_fn=_pin_to_cpus(1))
    assert pinned.stdout.strip() == "1"
    assert _pin_to_cpus(None) is None


def test_the_index_key_follows_this_module_s_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How Pagefind is run is decided here: new code must not reuse the old code's bundle."""
    pages = {"reports/a/index.html": [10, 1, "d1"]}
    copy = tmp_path / "search.py"
    copy.write_bytes(Path(search.__file__).read_bytes())
    monkeypatch.setattr(search, "__file__", str(copy))
    first, count = search.fingerprint(pages)
    assert count == 1 and search.fingerprint(pages)[0] == first
    copy.write_bytes(copy.read_bytes() + b"\n# another way to run Pagefind\n")
    assert search.fingerprint(pages)[0] != first
