"""The analysis cache and incremental writes: what makes rebuilds fast without making them wrong."""

from __future__ import annotations

import calendar
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

import briefing.build
from briefing.build import LAST_BUILD, AnalysisCache, BuildOptions, StrictModeError, build
from briefing.config import load_config
from briefing.errors import OwnershipError
from tests.conftest import TAXONOMY_FILE, run_briefing

DATED = "---\ntitle: Rice prices rise in Hyesan\ndate: 2023-05-04\n---\n\n{body}\n"
UNDATED = "Rice prices rise in Hyesan\n\n{body}\n"
BODY = (
    "Traders in Hyesan said rice cost more this week than last. "
    "The source said sanctions on Chinese trade were to blame. "
    "Officials did not comment on the change."
)


def _build(project: Path) -> int:
    """Build the digest only and return how many reports were analysed (not from the cache)."""
    result = build(load_config(project), BuildOptions(jobs=1, site=False))
    assert not result.errors, result.issues
    return result.analysed


def _forbid(monkeypatch: pytest.MonkeyPatch, name: str, why: str) -> None:
    """Make `briefing.build.<name>` fail the test if the build calls it."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError(why)

    monkeypatch.setattr(briefing.build, name, forbidden)


def _touch(path: Path, seconds: int) -> None:
    os.utime(path, (seconds, seconds))


@pytest.fixture
def one_seed(project: Path) -> Path:
    for seed in (project / "seeds").iterdir():
        seed.unlink()
    return project / "seeds" / "rice.txt"


def test_a_new_mtime_alone_does_not_invalidate_a_dated_report(
    project: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A CI checkout gives every file a new mtime; a report dated in its front matter keeps its entry.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _touch(one_seed, 1_600_000_000)
    assert _build(project) == 1
    _touch(one_seed, 1_700_000_000)
    assert _build(project) == 0


def test_a_report_dated_by_its_mtime_is_reanalysed_when_the_mtime_changes(
    project: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    one_seed.write_text(UNDATED.format(body=BODY), encoding="utf-8")
    _touch(one_seed, 1_600_000_000)
    assert _build(project) == 1
    assert _build(project) == 0
    _touch(one_seed, 1_700_000_000)
    assert _build(project) == 1
    page = next((project / "docs" / "reports").rglob("*.md")).read_text(encoding="utf-8")
    assert "date: 2023-11-14" in page  # 1_700_000_000 s after the epoch, not the cached 2020 date


def test_editing_one_report_reanalyses_only_that_report(project: Path, one_seed: Path) -> None:
    for number in range(3):
        path = project / "seeds" / f"r{number}.txt"
        path.write_text(DATED.format(body=f"{BODY} Report number {number}."), encoding="utf-8")
    assert _build(project) == 3
    edited = project / "seeds" / "r1.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert _build(project) == 1


def test_a_no_op_rebuild_writes_nothing(project: Path, one_seed: Path) -> None:
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _build(project)
    pages = sorted((project / "docs").rglob("*.md"))
    before = {p: p.stat().st_mtime_ns for p in pages}
    result = build(load_config(project), BuildOptions(jobs=1, site=False))
    assert result.stats is not None and result.stats.written == 0
    assert {p: p.stat().st_mtime_ns for p in pages} == before


def test_a_no_op_rebuild_reads_no_cache_entry_and_reports_what_the_last_build_found(
    project: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Nothing changed" is decided from keys alone; the warnings and counts come from the record.
    one_seed.write_text(DATED.format(body=BODY).replace("date:", "tilte: x\ndate:"), "utf-8")
    (project / "seeds" / "empty.txt").write_bytes(b"")
    first = build(load_config(project), BuildOptions(jobs=1, site=False))
    assert (first.published, first.skipped, first.analysed) == (1, 1, 2)
    # every seed read is either analysed or taken from the cache (it said "-1 from cache")
    assert "; 2 analysed, 0 from cache;" in first.summary_line()

    def no_entry(*args: object) -> None:
        raise AssertionError("a no-op build loaded an analysis cache entry")

    monkeypatch.setattr(AnalysisCache, "get", no_entry)
    again = build(load_config(project), BuildOptions(jobs=1, site=False))
    assert (again.published, again.skipped, again.analysed) == (1, 1, 0)
    assert again.stats is not None and again.stats.written == 0
    assert [str(i) for i in again.issues] == [str(i) for i in first.issues]
    assert any("unknown front matter key 'tilte'" in str(i) for i in again.issues)
    assert any(i.path == "seeds/empty.txt" for i in again.issues)
    assert "1 published, 1 skipped" in again.summary_line()
    assert "; 0 analysed, 2 from cache;" in again.summary_line()
    with pytest.raises(StrictModeError):  # strict mode still sees the stored warning
        build(load_config(project), BuildOptions(jobs=1, site=False, strict=True))


def test_a_no_op_rebuild_reads_no_seed(
    project: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    assert _build(project) == 1

    _forbid(monkeypatch, "read_found", "a no-op build read a seed")
    result = build(load_config(project), BuildOptions(jobs=1, site=False))
    assert (result.published, result.analysed) == (1, 0)


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(project: Path, one_seed: Path) -> None:
    # `touch -r` after an edit, or an editor that restores the time: the ctime still moves
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _touch(one_seed, 1_600_000_000)
    assert _build(project) == 1
    edited = DATED.format(body=BODY.replace("rice", "corn"))
    assert len(edited) == len(DATED.format(body=BODY))
    time.sleep(0.01)  # a ctime of its own even on a coarse clock
    one_seed.write_text(edited, encoding="utf-8")
    _touch(one_seed, 1_600_000_000)
    assert _build(project) == 1
    page = next((project / "docs" / "reports").rglob("*.md")).read_text(encoding="utf-8")
    assert "corn" in page


def test_a_taxonomy_or_date_hint_change_is_not_a_no_op(
    project: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    one_seed.write_text(UNDATED.format(body=BODY), encoding="utf-8")
    _touch(one_seed, 1_600_000_000)
    assert _build(project) == 1
    _touch(one_seed, 1_700_000_000)  # the report's date comes from its mtime
    assert _build(project) == 1
    taxonomy = project / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _build(project) == 1


def test_a_deleted_or_edited_output_is_written_again(project: Path, one_seed: Path) -> None:
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _build(project)
    page = next((project / "docs" / "reports").rglob("*.md"))
    original = page.read_bytes()
    page.unlink()
    _build(project)
    assert page.read_bytes() == original
    page.write_bytes(original + b"\nedited by hand\n")
    _build(project)
    assert page.read_bytes() == original


def test_a_settings_change_regenerates_what_it_affects(project: Path, one_seed: Path) -> None:
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _build(project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "site_name: Briefing Digest" in text
    config.write_text(text.replace("site_name: Briefing Digest", "site_name: Hyesan Watch"))
    result = build(load_config(project), BuildOptions(jobs=1, site=False))
    assert result.stats is not None and result.stats.written >= 1  # the feed names the site
    assert b"Hyesan Watch" in (project / "docs" / "feed.xml").read_bytes()


def test_generated_files_are_readable_like_any_other_file(project: Path, one_seed: Path) -> None:
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    previous = os.umask(0o022)
    try:
        _build(project)
    finally:
        os.umask(previous)
    page = next((project / "docs" / "reports").rglob("*.md"))
    assert page.stat().st_mode & 0o777 == 0o644


def _generated(project: Path) -> dict[str, bytes]:
    docs = project / "docs"
    manifest = json.loads((docs / ".digest-manifest.json").read_text(encoding="utf-8"))
    return {rel: (docs / rel).read_bytes() for rel in manifest["files"]}


def test_a_clean_checkout_with_the_cache_writes_the_stored_pages_back(
    project: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CI: a fresh checkout (no generated pages) with the cache restored
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _build(project)
    before = _generated(project)
    assert run_briefing(project, "clean").returncode == 0
    assert not (project / "docs" / "feed.xml").exists()

    _forbid(monkeypatch, "generate", "pages were generated although the store had them")
    result = build(load_config(project), BuildOptions(jobs=1, site=False))
    assert result.stats is not None and result.stats.written == len(before)
    assert _generated(project) == before
    again = build(load_config(project), BuildOptions(jobs=1, site=False))  # and then a no-op
    assert again.stats is not None and again.stats.written == 0


@pytest.mark.parametrize("restored", [False, True], ids=["generated", "restored"])
def test_a_hand_written_file_in_a_page_s_place_names_the_report_either_way(
    project: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch, restored: bool
) -> None:
    """A build that wrote the last build's pages back from the store named no report, so the
    way out that keeps the hand-written file (another slug) went unsaid."""
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _build(project)
    page = project / "docs" / "reports" / "2023" / "rice-prices-rise-in-hyesan.md"
    assert page.is_file()
    assert run_briefing(project, "clean").returncode == 0
    page.parent.mkdir(parents=True)
    page.write_text("# My notes on rice\n", encoding="utf-8")
    if restored:
        _forbid(monkeypatch, "generate", "pages were generated although the store had them")
    else:
        shutil.rmtree(project / ".cache")
    with pytest.raises(OwnershipError) as error:
        build(load_config(project), BuildOptions(jobs=1, site=False))
    assert str(error.value) == (
        "these files were not written by the digest but sit where it writes its pages: "
        "docs/reports/2023/rice-prices-rise-in-hyesan.md (the page of seeds/rice.txt). Move or "
        "rename them (the digest never overwrites hand-written files), or give the report "
        "another 'slug:'."
    )
    assert page.read_text(encoding="utf-8") == "# My notes on rice\n"


def test_a_damaged_store_means_generating_again(project: Path, one_seed: Path) -> None:
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _build(project)
    before = _generated(project)
    for blob in (project / ".cache" / "briefing" / "outputs").glob("*/*"):
        blob.write_bytes(b"damaged")
    assert run_briefing(project, "clean").returncode == 0
    _build(project)
    assert _generated(project) == before


def test_the_store_keeps_only_the_current_build(project: Path, one_seed: Path) -> None:
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _build(project)
    one_seed.write_text(DATED.format(body=BODY + " A later line."), encoding="utf-8")
    _build(project)
    stored = {blob.name for blob in (project / ".cache" / "briefing" / "outputs").glob("*/*")}
    assert len(stored) == len(set(_generated(project).values()))


def test_new_file_times_alone_leave_a_build_of_dated_reports_unchanged(
    project: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fresh CI checkout gives every seed a new mtime and ctime; reports that state their date
    # do not depend on either, so with the cache restored nothing is generated again.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _touch(one_seed, 1_600_000_000)
    _build(project)
    before = _generated(project)
    assert run_briefing(project, "clean").returncode == 0
    one_seed.write_bytes(one_seed.read_bytes())  # a new ctime, as a checkout makes
    _touch(one_seed, 1_700_000_000)

    _forbid(monkeypatch, "generate", "pages were generated although only file times changed")
    result = build(load_config(project), BuildOptions(jobs=1, site=False))
    assert result.analysed == 0 and _generated(project) == before


def test_a_touched_seed_is_read_once_then_the_no_op_reads_nothing(
    project: Path, one_seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _touch(one_seed, 1_600_000_000)
    _build(project)
    _touch(one_seed, 1_650_000_000)  # a dated report: same build, but the seed is read again
    assert _build(project) == 0

    _forbid(monkeypatch, "read_found", "the seed was read again although nothing changed since")
    assert _build(project) == 0


@pytest.mark.parametrize(
    "damage",
    [
        {"files": {"x": 5}},
        {"files": []},
        {"hinted": [[1]]},
        {"hashes": [1]},
        {"seeds": [1]},
        {"issues": [["too", "short"]]},
    ],
)
def test_a_damaged_build_record_means_building_as_usual(
    project: Path, one_seed: Path, damage: dict
) -> None:
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _build(project)
    before = _generated(project)
    record = project / ".cache" / "briefing" / "last-build.json"
    record.write_text(json.dumps({**json.loads(record.read_text()), **damage}), encoding="utf-8")
    next((project / "docs" / "reports").rglob("*.md")).unlink()
    _build(project)
    assert _generated(project) == before


def test_source_date_epoch_is_part_of_the_no_op_key(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for seed in (project / "seeds").iterdir():
        seed.unlink()  # no reports: the empty feed is dated by SOURCE_DATE_EPOCH
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(load_config(project), BuildOptions(jobs=1, site=False))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")
    build(load_config(project), BuildOptions(jobs=1, site=False))
    assert "2024-03-09" in (project / "docs" / "atom.xml").read_text(encoding="utf-8")


def _entries(folder: Path) -> dict[str, Path]:
    """Cache entries in two-hex-digit shards, by file name."""
    return {p.name: p for p in folder.glob("[0-9a-f][0-9a-f]/*")}


def test_entries_no_build_uses_go_after_a_week_and_recent_ones_stay(
    project: Path, one_seed: Path
) -> None:
    cache = project / ".cache" / "briefing"
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    _build(project)
    first = {"analysis": _entries(cache), "feed html": _entries(cache / "body-html")}
    assert len(first["analysis"]) == 1 and len(first["feed html"]) == 1
    one_seed.write_text(DATED.format(body=BODY + " A later line."), encoding="utf-8")
    _build(project)
    # the first version's entries are a day old: a revert would still find them
    day_old = time.time() - 86400
    for entry in (*first["analysis"].values(), *first["feed html"].values()):
        _touch(entry, int(day_old))
    (cache / "0d" / "not-a-key").parent.mkdir(exist_ok=True)
    (cache / "0d" / "not-a-key").write_bytes(b"left over from a crash")
    _touch(cache / "0d" / "not-a-key", int(time.time() - 8 * 86400))
    one_seed.write_text(DATED.format(body=BODY + " A later line. And another."), encoding="utf-8")
    _build(project)
    assert set(first["analysis"]) < set(_entries(cache)), "a day-old entry was removed"
    assert set(first["feed html"]) < set(_entries(cache / "body-html"))
    assert "not-a-key" not in _entries(cache)
    # eight days later the first version's entries go; the current ones stay whatever their age
    current = {"analysis": _entries(cache), "feed html": _entries(cache / "body-html")}
    for entry in (*current["analysis"].values(), *current["feed html"].values()):
        _touch(entry, int(time.time() - 8 * 86400))
    one_seed.write_text(DATED.format(body=BODY + " A later line."), encoding="utf-8")  # 2nd
    _build(project)
    left = {"analysis": _entries(cache), "feed html": _entries(cache / "body-html")}
    assert len(left["analysis"]) == 1 and len(left["feed html"]) == 1
    assert set(left["analysis"]) < set(current["analysis"]) - set(first["analysis"])
    # what lives beside the shards is never touched
    assert (cache / "outputs").is_dir() and (cache / LAST_BUILD).is_file()


def test_the_analysis_cache_key_follows_the_ingest_and_analyze_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change to how reports are read or analysed must miss the cache; one to how pages are
    rendered must not (pages are regenerated anyway)."""
    import shutil

    from briefing.analyze import settings

    copy = tmp_path / "briefing"
    shutil.copytree(Path(settings.__file__).resolve().parent.parent, copy)
    monkeypatch.setattr(settings, "_PACKAGE", copy)
    before = settings.stage_fingerprint()
    (copy / "render.py").write_text("# rendering changed\n", encoding="utf-8")
    assert settings.stage_fingerprint() == before
    for changed in ("ingest.py", "analyze/keyphrases.py", "analyze/data/english_words.tsv"):
        path = copy / changed
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert settings.stage_fingerprint() != before, changed
        path.write_bytes(original)
    assert settings.stage_fingerprint() == before


def test_a_revert_finds_the_entry_an_earlier_build_used_however_old_it_is(
    project: Path, one_seed: Path
) -> None:
    cache = project / ".cache" / "briefing"
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")
    assert _build(project) == 1
    month_ago = int(time.time() - 30 * 86400)
    for entry in (*_entries(cache).values(), *_entries(cache / "body-html").values()):
        _touch(entry, month_ago)  # written a month ago...
    other = project / "seeds" / "other.txt"
    other.write_text(DATED.format(body=BODY + " Another report."), encoding="utf-8")
    assert _build(project) == 1  # ...and used by this build, which also generates pages
    one_seed.write_text(DATED.format(body=BODY + " An edit."), encoding="utf-8")
    assert _build(project) == 1
    one_seed.write_text(DATED.format(body=BODY), encoding="utf-8")  # the edit reverted
    assert _build(project) == 0


def _corpus_project(root: Path, count: int) -> Path:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import corpus

    from tests.conftest import make_project

    project = make_project(root, seeds=[])
    for report in corpus.reports(count, TAXONOMY_FILE, seed=3):
        (project / "seeds" / f"{report.stem}.txt").write_text(corpus.seed_text(report), "utf-8")
    return project


def _docs(project: Path) -> dict[str, bytes]:
    docs = project / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def _with_page_size(project: Path, size: int) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    archive_page_size: 50\n" in text
    config.write_text(text.replace("archive_page_size: 50", f"archive_page_size: {size}"), "utf-8")
    return project


@pytest.mark.parametrize("page_size", [50, 2], ids=["one-page-lists", "paginated-lists"])
def test_pages_taken_back_from_the_last_build_are_the_pages_a_fresh_build_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page_size: int
) -> None:
    """Each change, built on the last build's cache, gives the bytes a cold build of the same
    seeds gives, while most report pages come back from the store instead of being rendered.
    With short list pages, a change also moves other reports to another page of their week or
    month, which their footers name."""
    from briefing import render

    project = _with_page_size(_corpus_project(tmp_path / "warm", 30), page_size)
    _build(project)
    rendered: list[str] = []
    real = render.report_page

    def counting(b, related=(), *, filed, **options):
        rendered.append(b.id)
        return real(b, related, filed=filed, **options)

    monkeypatch.setattr(render, "report_page", counting)
    seeds = sorted((project / "seeds").iterdir())

    def add(path: Path) -> None:
        path.write_text(
            seeds[0].read_text(encoding="utf-8").replace("title: ", "title: Added ", 1), "utf-8"
        )

    def retitle(path: Path) -> None:  # its title is in other reports' related lists
        path.write_text(
            path.read_text(encoding="utf-8").replace("title: ", "title: Retitled ", 1), "utf-8"
        )

    def redate(path: Path) -> None:  # its year, so its path, changes
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"date: \d{4}", "date: 2019", text, count=1), "utf-8")

    def add_to_the_top_of_the_busiest_month(path: Path) -> None:
        # every other report of that month moves down a place: with two to a page, some move
        # to the next page, and their footers must say so
        months = [re.search(r"^date: (\d{4}-\d{2})", p.read_text("utf-8"), re.M) for p in seeds]
        busiest = Counter(m.group(1) for m in months if m).most_common(1)[0][0]
        year, month = map(int, busiest.split("-"))
        last_moment = f"{busiest}-{calendar.monthrange(year, month)[1]}T23:59:00"
        # words no other report uses, and no tag: related to none, so only the list pages move
        body = "Quorble flimmets zandered the vostrel. Plimber quorbles were sneaped twice."
        path.write_text(f"---\ntitle: Quorbles\ndate: {last_moment}\n---\n\n{body}\n", "utf-8")

    changes = [
        ("a report added", lambda: add(project / "seeds" / "zz-added.txt")),
        (
            "a report added on top",
            lambda: add_to_the_top_of_the_busiest_month(seeds[0].with_name("zz-top.txt")),
        ),
        ("a related report's title edited", lambda: retitle(seeds[5])),
        ("a report's date moved to another year", lambda: redate(seeds[9])),
        ("a report deleted", lambda: seeds[12].unlink()),
    ]
    for name, change in changes:
        change()
        rendered.clear()
        _build(project)
        assert 0 < len(rendered) < len(seeds) // 2, (name, rendered)
        fresh = tmp_path / name.replace(" ", "-").replace("'", "")
        fresh_project = _with_page_size(_corpus_project(fresh, 0), page_size)
        shutil.rmtree(fresh_project / "seeds")
        shutil.copytree(project / "seeds", fresh_project / "seeds")
        result = build(
            load_config(fresh_project), BuildOptions(jobs=1, site=False, use_cache=False)
        )
        assert not result.errors
        assert _docs(project) == _docs(fresh_project), name


_SAME_PROCESS = """
import sys
from pathlib import Path
from briefing.build import BuildOptions, build
from briefing.config import load_config
from briefing.errors import OwnershipError

project, render = Path(sys.argv[1]), Path(sys.argv[2])
options = BuildOptions(jobs=1, site=False)
build(load_config(project), options)
# the code on disk changes while this process (think `briefing serve`) keeps running
render.write_text(render.read_text().replace("## Related reports", "## See also"))
seed = sorted((project / "seeds").iterdir())[0]
seed.write_text(seed.read_text() + "\\nOne more line.\\n")
build(load_config(project), options)
"""


_CLI = "from briefing.cli import main; raise SystemExit(main())"


class _CopiedPackage:
    """A copy of the package for a test to change under running processes, and those
    processes: `python -c SCRIPT ARGS` with the copy first on the path, run away from this
    checkout (`python -c` puts the current folder first on sys.path)."""

    def __init__(self, tmp_path: Path) -> None:
        self.folder = tmp_path
        self.package = tmp_path / "code" / "briefing"
        shutil.copytree(Path(__file__).resolve().parents[1] / "briefing", self.package)
        self.env = dict(
            os.environ, PYTHONPATH=str(self.package.parent), SOURCE_DATE_EPOCH="1709251200"
        )
        where = self.run("import briefing; print(briefing.__file__)")
        # the copy runs, not this checkout
        assert where.stdout.startswith(str(self.package)), (where.stdout, where.stderr)

    def run(self, script: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, *map(str, args)],
            env=self.env,
            capture_output=True,
            text=True,
            cwd=self.folder,
        )

    def build(self, project: Path) -> None:
        """`briefing build --no-site` in a new process running the copy."""
        ran = self.run(_CLI, "--project", project, "build", "--no-site")
        assert ran.returncode == 0, ran.stderr


def test_pages_made_by_old_code_are_not_kept_as_the_new_code_s(tmp_path: Path) -> None:
    """A long-running process rebuilds with the code it imported after the files changed on
    disk: what it records must not be taken back by a process that runs the new code."""
    code = _CopiedPackage(tmp_path)
    project = _corpus_project(tmp_path / "project", 12)
    render = code.package / "render.py"
    ran = code.run(_SAME_PROCESS, str(project), str(render))
    assert ran.returncode == 0, ran.stderr
    # a new process, running the new code: another edit, then every page must have it
    seed = sorted((project / "seeds").iterdir())[1]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nAnother line.\n", encoding="utf-8")
    code.build(project)
    pages = [p.read_text(encoding="utf-8") for p in (project / "docs/reports").rglob("*.md")]
    related = [p for p in pages if "Related reports" in p or "See also" in p]
    assert related and all("## See also" in p for p in related)


_RENDER_LOADED_AFTER_A_CHANGE = """
import sys
from pathlib import Path
from briefing.build import BuildOptions, build
from briefing.config import load_config
from briefing.errors import OwnershipError

project, render = Path(sys.argv[1]), Path(sys.argv[2])
options = BuildOptions(jobs=1, site=False)
build(load_config(project), options)  # nothing to do: the pages' key is read...
assert "briefing.render" not in sys.modules  # ...but the page code is not loaded
original = render.read_text()
render.write_text(original.replace("## Related reports", "## See also"))
seed = sorted((project / "seeds").iterdir())[0]
seed.write_text(seed.read_text() + "\\nOne more line.\\n")
build(load_config(project), options)  # loads and runs the changed page code
render.write_text(original)  # the change is undone before the next process starts
"""


def test_pages_by_code_loaded_after_the_key_was_made_are_not_recorded(tmp_path: Path) -> None:
    """A long-running process reads the pages' key on its first build and loads the page code
    only when something changes; if the files changed in between, its pages are not that key's,
    and a process running the code the key names must not take them back."""
    code = _CopiedPackage(tmp_path)
    project = _corpus_project(tmp_path / "project", 12)
    code.build(project)
    render = code.package / "render.py"
    ran = code.run(_RENDER_LOADED_AFTER_A_CHANGE, str(project), str(render))
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr.count("code changed on disk since this process started") == 1
    # a new process, the original code, the same inputs: its pages, not the changed code's
    code.build(project)
    pages = [p.read_text(encoding="utf-8") for p in (project / "docs/reports").rglob("*.md")]
    assert any("## Related reports" in p for p in pages)
    assert not any("## See also" in p for p in pages)


def test_feed_html_is_converted_again_when_the_converter_changes(tmp_path: Path) -> None:
    """Report bodies' HTML for the feeds is cached by their Markdown; it was keyed on the
    Markdown library's version alone, so a change to our extensions served the old HTML."""
    from tests.conftest import make_project

    code = _CopiedPackage(tmp_path)
    project = make_project(tmp_path / "project", seeds=[])
    body = 'Traders said "prices rose again" -- the third rise this month -- in Hyesan.'
    (project / "seeds" / "rice.txt").write_text(DATED.format(body=body), encoding="utf-8")
    code.build(project)
    feed = project / "docs" / "feed.xml"
    assert "“prices rose again”" not in feed.read_text(encoding="utf-8")
    converter = code.package / "markdown_safe.py"
    source = converter.read_text(encoding="utf-8")
    # smart quotes and dashes: "…" becomes “…” in the feed
    changed = source.replace('"tables", "toc"]', '"tables", "toc", "smarty"]')
    assert changed != source
    converter.write_text(changed, encoding="utf-8")
    code.build(project)
    assert "“prices rose again”" in feed.read_text(encoding="utf-8")


_LOADED_LATER = """
import sys
from pathlib import Path
from briefing.build import BuildOptions, build
from briefing.config import load_config
from briefing.errors import OwnershipError

project, pipeline, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
options = BuildOptions(jobs=jobs, site=False)
build(load_config(project), options)  # nothing to analyse: the cache keys' version is read...
assert "briefing.analyze.pipeline" not in sys.modules  # ...but the analyzers are not loaded
original = pipeline.read_text()
pipeline.write_text(original.replace("DESCRIPTION_LIMIT = 160", "DESCRIPTION_LIMIT = 20"))
for seed in (project / "seeds").iterdir():
    seed.write_text(seed.read_text() + "\\nOne more line.\\n")
build(load_config(project), options)  # loads and runs the changed analyzers
pipeline.write_text(original)  # the change is undone before the next process starts
"""


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "worker-processes"])
def test_analyses_by_code_loaded_after_the_keys_were_made_are_not_cached(
    tmp_path: Path, jobs: int
) -> None:
    """A long-running process fixes its cache keys' version on its first build; if it loads
    the analyzers only later, after their files changed, what they make is not that version's."""
    code = _CopiedPackage(tmp_path)
    count = 64 if jobs > 1 else 3
    assert count >= briefing.build._PARALLEL_THRESHOLD or jobs == 1
    project = _corpus_project(tmp_path / "project", count)
    code.build(project)
    pipeline = code.package / "analyze" / "pipeline.py"
    ran = code.run(_LOADED_LATER, str(project), str(pipeline), str(jobs))
    assert ran.returncode == 0, ran.stderr
    assert "analyses are not cached" in ran.stderr
    # a new process running the original code: descriptions must be its own, not the 20-letter ones
    code.build(project)
    pages = [p.read_text(encoding="utf-8") for p in (project / "docs/reports").rglob("*.md")]
    descriptions = [re.search(r"^description: (.*)$", p, re.M) for p in pages]
    assert len(pages) == count and all(descriptions)
    assert all(len(d.group(1)) > 40 for d in descriptions if d), descriptions[:3]


_DATA_CHANGED_AFTER_LOADING = """
import sys
from pathlib import Path
import briefing.analyze.pipeline  # the analyzers are loaded first...
from briefing.build import BuildOptions, build
from briefing.config import load_config
from briefing.errors import OwnershipError

project, table, changed = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
options = BuildOptions(jobs=1, site=False)
build(load_config(project), options)  # nothing to analyse: the cache keys' version is read
original = table.read_text(encoding="utf-8")
table.write_text(changed.read_text(encoding="utf-8"), encoding="utf-8")  # ...then their data changes
for seed in (project / "seeds").iterdir():
    seed.write_text(seed.read_text() + "\\nOne more line.\\n")
build(load_config(project), options)
table.write_text(original, encoding="utf-8")  # undone before the next process starts
"""


def _first_line_only(text: str) -> str:
    return text.splitlines()[0] + "\n"


def _weights_reversed(text: str) -> str:
    """Every sentence feature counts against a sentence instead of for it."""
    weights = json.loads(text)
    for model in ("base", "single_sentence_paragraphs"):
        weights[model] = {name: -value for name, value in weights[model].items()}
    return json.dumps(weights)


@pytest.mark.parametrize(
    ("data_file", "change", "field", "page_field"),
    [
        ("english_words.tsv", _first_line_only, "keyphrases", "keywords"),
        ("../summary_weights.json", _weights_reversed, "summary", "summary"),
    ],
    ids=["keyphrase-word-table", "summary-weights"],
)
def test_data_files_are_read_when_the_analyzers_load_not_at_the_first_report(
    tmp_path: Path,
    data_file: str,
    change: Callable[[str], str],
    field: str,
    page_field: str,
) -> None:
    """The keyphrase word table was read at the first report: a process that loaded the
    analyzers, then saw the table change, cached analyses made with the changed table under
    the version of the table it loaded. The same holds for every data file an analyzer reads."""
    import frontmatter

    code = _CopiedPackage(tmp_path)
    project = _corpus_project(tmp_path / "project", 3)
    code.build(project)
    table = (code.package / "analyze" / "data" / data_file).resolve()
    changed = tmp_path / "changed"
    changed.write_text(change(table.read_text(encoding="utf-8")), encoding="utf-8")
    ran = code.run(_DATA_CHANGED_AFTER_LOADING, str(project), str(table), str(changed))
    assert ran.returncode == 0, ran.stderr
    # a new process with the original table: the pages' keyphrases are what it finds itself
    code.build(project)
    seeds = sorted((project / "seeds").iterdir())
    analysed = code.run(_CLI, "--project", str(project), "analyze", "--format", "jsonl", *seeds)
    assert analysed.returncode == 0, analysed.stderr
    found = analysed.stdout.splitlines()
    expected = {Path(r["file"]).stem: r[field] for r in map(json.loads, found)}
    pages = list((project / "docs/reports").rglob("*.md"))
    published = {}
    for page in pages:
        post = frontmatter.loads(page.read_text(encoding="utf-8"))
        published[str(post["title"])] = post[page_field]
    titles = {Path(r["file"]).stem: r["title"] for r in map(json.loads, found)}
    assert len(published) == len(expected) == 3
    for stem, phrases in expected.items():
        assert published[titles[stem]] == phrases, stem


_CHANGED_BETWEEN_STAGES = """
import sys
from pathlib import Path
import briefing.ingest  # one stage is loaded...
from briefing.build import BuildOptions, build
from briefing.config import load_config
from briefing.errors import OwnershipError

project, ingest = Path(sys.argv[1]), Path(sys.argv[2])
with ingest.open("a", encoding="utf-8") as out:  # ...then changes on disk: every title marked
    out.write(
        "\\n\\nimport dataclasses\\n\\n_unmarked = ingest\\n\\n\\n"
        "def ingest(*args, **kwargs):\\n"
        "    found = _unmarked(*args, **kwargs)\\n"
        "    report = dataclasses.replace(found.report, title='Marked ' + found.report.title)\\n"
        "    return dataclasses.replace(found, report=report)\\n"
    )
for seed in (project / "seeds").iterdir():
    seed.write_text(seed.read_text() + "\\nOne more line.\\n")
build(load_config(project), BuildOptions(jobs=1, site=False))  # the analyzers load now
"""


def test_a_stage_changed_between_loading_one_module_and_the_next_caches_nothing(
    tmp_path: Path,
) -> None:
    """The version was read when the analyzers loaded: a stage module loaded before a change
    (ingest, here) ran its old code while the analyses were cached under the new code's key."""
    code = _CopiedPackage(tmp_path)
    project = _corpus_project(tmp_path / "project", 3)
    code.build(project)
    ingest = code.package / "ingest.py"
    ran = code.run(_CHANGED_BETWEEN_STAGES, str(project), str(ingest))
    assert ran.returncode == 0, ran.stderr
    assert "analyses are not cached" in ran.stderr
    # a new process runs the changed ingest: every page has its title
    code.build(project)
    pages = [p.read_text(encoding="utf-8") for p in (project / "docs/reports").rglob("*.md")]
    titles = [re.search(r"^title: (.*)$", p, re.M) for p in pages]
    assert len(pages) == 3 and all(titles)
    assert all(t.group(1).strip("'\"").startswith("Marked ") for t in titles if t), titles


_TAXONOMY_PARSED_BY_OLD_CODE = """
import multiprocessing
import sys
from pathlib import Path

# workers import the package afresh, as they do on macOS and with Python 3.14's forkserver
multiprocessing.set_start_method("spawn")
from briefing.build import BuildOptions, build  # loads the tag code that parses the taxonomy
from briefing.config import load_config
from briefing.errors import OwnershipError

project, tags = Path(sys.argv[1]), Path(sys.argv[2])
with tags.open("a", encoding="utf-8") as out:  # from now on every tag's name is marked
    out.write(
        "\\n\\nfrom dataclasses import replace\\n\\n_unmarked = _Loader.taxonomy\\n\\n\\n"
        "def _marked(self, root):\\n"
        "    found = _unmarked(self, root)\\n"
        "    return Taxonomy(tuple(replace(e, name='Marked ' + e.name) for e in found.entries))\\n"
        "\\n\\n_Loader.taxonomy = _marked\\n"
    )
for seed in (project / "seeds").iterdir():
    seed.write_text(seed.read_text() + "\\nOne more line.\\n")
build(load_config(project), BuildOptions(jobs=2, site=False))  # workers load the new code
"""


def test_analyses_by_new_workers_with_the_old_code_s_taxonomy_are_not_cached(
    tmp_path: Path,
) -> None:
    """Workers are handed the taxonomy this process parsed. Workers that load the analyzers
    after a change record the new version, but the taxonomy they were given was parsed by the
    old code: what they make is no version's, and a process running the new code must not
    take it back."""
    code = _CopiedPackage(tmp_path)
    import frontmatter

    count = 64
    assert count >= briefing.build._PARALLEL_THRESHOLD
    project = _corpus_project(tmp_path / "project", count)
    for seed in (project / "seeds").iterdir():  # every tag from the taxonomy, none stated
        post = frontmatter.loads(seed.read_text(encoding="utf-8"))
        del post["tags"]
        seed.write_text(frontmatter.dumps(post), encoding="utf-8")
    code.build(project)
    tags = code.package / "analyze" / "tags.py"
    ran = code.run(_TAXONOMY_PARSED_BY_OLD_CODE, str(project), str(tags))
    assert ran.returncode == 0, ran.stderr
    assert "analyses are not cached" in ran.stderr
    # a new process runs the changed tag code: every tag on every page is marked
    code.build(project)
    pages = [p.read_text(encoding="utf-8") for p in (project / "docs/reports").rglob("*.md")]
    tag_names = [str(t) for page in pages for t in frontmatter.loads(page).get("tags", [])]
    assert len(pages) == count and tag_names
    assert all(name.startswith("Marked ") for name in tag_names), tag_names[:5]


def test_forgetting_the_last_build_with_the_cache_off_keeps_the_record(tmp_path: Path) -> None:
    record = tmp_path / "last-build.json"
    record.write_text("{}", encoding="utf-8")
    briefing.build.LastBuild(record, enabled=False).forget()  # `--no-cache`: not ours to change
    assert record.read_text(encoding="utf-8") == "{}"
    briefing.build.LastBuild(record).forget()
    assert not record.exists()


def test_a_record_that_cannot_be_removed_is_a_warning_not_a_crash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    record = tmp_path / "last-build.json"
    (record / "inside").mkdir(parents=True)  # unlink() of a folder fails, even for root
    briefing.build.LastBuild(record).forget()
    assert record.is_dir()
    assert any(
        "could not remove the build record" in r.message and r.levelname == "WARNING"
        for r in caplog.records
    )


def test_check_uses_what_a_build_stored_and_stores_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefing.cli import main

    cache = project / ".cache" / "briefing"
    argv = ["--project", str(project), "check", "--suggest-tags"]
    assert main(argv) == 0  # nothing stored yet: every seed analysed...
    assert not _entries(cache)  # ...and nothing written
    first = capsys.readouterr().out
    assert _build(project) == 4
    _forbid(monkeypatch, "_run_job", "check re-analysed a report the build had stored")
    assert main(argv) == 0
    assert capsys.readouterr().out == first  # the same verdict and suggestions


def test_a_lost_manifest_is_written_again_by_a_build_with_nothing_else_to_do(
    project: Path,
) -> None:
    """The build record did not count the manifest among the outputs: with every page in place
    the build did nothing, the manifest stayed lost, and `briefing clean` removed nothing."""
    run_briefing(project, "build", "--no-site", check=True)
    manifest = project / "docs" / ".digest-manifest.json"
    listed = manifest.read_bytes()
    manifest.unlink()
    run_briefing(project, "build", "--no-site", check=True)
    assert manifest.read_bytes() == listed
    cleaned = run_briefing(project, "clean", check=True)
    assert "Removed 0 generated files" not in cleaned.stdout, cleaned.stdout
    assert not list((project / "docs" / "reports").rglob("*.md"))
