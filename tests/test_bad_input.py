"""Every kind of bad input: the good reports still publish, each bad one is named with what is wrong
and what to do, and `--strict` reports everything while writing nothing.

The cases live in tests/inputs/bad/ (one file each, expected messages in cases.yml); the ones that
need the file system (a 20 MB file, symbolic links, names that are not reports) are made here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import ROOT, TAXONOMY_FILE, commit_all, make_project, run_briefing

from briefing import build as build_module
from briefing.analyze.pipeline import AnalysisSettings
from briefing.analyze.tags import load_taxonomy
from briefing.build import _Job, _run_job, discover_seeds, git_added_dates
from briefing.ingest import DateHints, ingest, oversize_issue
from briefing.model import Seed, Severity

BAD = ROOT / "tests" / "inputs" / "bad"
CASES: dict[str, dict] = yaml.safe_load((BAD / "cases.yml").read_text(encoding="utf-8"))
TAXONOMY, _ = load_taxonomy(TAXONOMY_FILE)
HINTS = DateHints(git_added=dt.datetime(2024, 2, 20, tzinfo=dt.UTC))

# What the body of a published case must say, read back from the cleaned report.
BODY_TEXT = {
    "cp1252.txt": "“traders said” — café owners too",
    "latin1.txt": "printemps déjà passé",
    "utf16-bom.txt": "twice what it did in the spring",
    "utf16le-no-bom.txt": "twice what it did in the spring",
    "utf16be-no-bom.txt": "twice what it did in the spring",
    "crlf.txt": "twice what it did in the spring.",
    "cr-only.txt": "twice what it did in the spring.",
    "control-chars.txt": "Rice prices in Hyesan rose sharply",
    "fm-declared-cp1252.txt": "“traders” said",
}


def run_case(name: str, data: bytes | None = None, max_bytes: int = 2 * 1024 * 1024):
    data = (BAD / name).read_bytes() if data is None else data
    job = _Job(Seed(BAD / name, name, data), HINTS, max_bytes, AnalysisSettings())
    return _run_job(job, TAXONOMY)


def test_every_case_file_has_an_entry_and_every_entry_a_file() -> None:
    files = {p.name for p in BAD.iterdir() if p.name != "cases.yml"}
    assert files == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_case(name: str) -> None:
    case = CASES[name]
    briefing, issues = run_case(name)
    lines = [str(issue) for issue in issues]
    assert (briefing is not None) == case["published"], lines
    for pattern in case["expect"]:
        assert any(re.search(pattern, line) for line in lines), (pattern, lines)
    if case.get("clean"):
        assert not [i for i in issues if i.severity is not Severity.INFO], lines
    if not case["published"]:
        assert any(i.severity is Severity.ERROR for i in issues)
    else:
        assert not [i for i in issues if i.severity is Severity.ERROR], lines


@pytest.mark.parametrize("name", sorted(BODY_TEXT))
def test_published_case_reads_as_written(name: str) -> None:
    briefing, _ = run_case(name)
    assert briefing is not None
    body = "\n".join(block.text for block in briefing.report.body)
    assert BODY_TEXT[name] in body
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\r]", body + briefing.report.title)
    assert briefing.report.title == "Rice prices climb in Hyesan" or name == "latin1.txt"


def test_line_ends_do_not_change_the_report() -> None:
    """CRLF and CR-only files give the same report as the LF original."""
    lf = (BAD / "crlf.txt").read_bytes().replace(b"\r\n", b"\n")
    reference, _ = run_case("lf.txt", lf)
    for name in ("crlf.txt", "cr-only.txt"):
        briefing, _ = run_case(name)
        assert briefing is not None and reference is not None
        assert briefing.report.body == reference.report.body
        assert briefing.report.title == reference.report.title


def test_unknown_tag_is_still_used() -> None:
    briefing, _ = run_case("fm-unknown-tag.txt")
    assert briefing is not None
    assert "Cheese exports" in [t.name for t in briefing.tags]


@pytest.mark.parametrize(
    ("limit", "shown"),
    [
        (10, "10 bytes"),
        (1023, "1,023 bytes"),
        (1024, "1,024 bytes (1.0 KB)"),
        (5000, "5,000 bytes (4.9 KB)"),
        (1_048_524, "1,048,524 bytes (1023.9 KB)"),
        (1_048_575, "1,048,575 bytes (1.0 MB)"),  # not "(1024.0 KB)"
        (2 * 1024 * 1024, "2,097,152 bytes (2.0 MB)"),
    ],
)
def test_size_limit_is_named_in_a_unit_that_reads(limit: int, shown: str) -> None:
    assert oversize_issue("seeds/big.txt", 30_000_000, limit).message == (
        f"is 30,000,000 bytes (28.6 MB), over the limit of {shown}; split it, or raise "
        "extra.digest.max_report_bytes in mkdocs.yml"
    )


def test_unknown_tag_close_to_a_taxonomy_entry_gets_a_suggestion() -> None:
    data = (BAD / "fm-unknown-tag.txt").read_bytes().replace(b"Cheese exports", b"Sanctons")
    _, issues = run_case("typo.txt", data)
    assert any("tag 'Sanctons' is not in the taxonomy" in i.message for i in issues)
    assert any("did you mean 'Sanctions'?" in i.message for i in issues)


def test_a_template_with_a_bad_setting_names_every_problem_at_once() -> None:
    """A front matter error stopped ingest: the template's placeholder and the unknown tag were
    named only once the slug was fixed, one more build each."""
    data = b"---\nslug: Not A Slug\ntags: [Cheese exports]\n---\n\nWrite the report here.\n"
    briefing, issues = run_case("template.txt", data)
    assert briefing is None
    assert [(i.severity, i.line, i.message.split(";")[0]) for i in issues] == [
        (
            Severity.ERROR,
            2,
            "front matter 'slug': a slug is lowercase ASCII letters, digits and "
            "single hyphens, at most 80 characters",
        ),
        (
            Severity.ERROR,
            None,
            "is still the template `briefing new` made ('Write the report here.')",
        ),
        (Severity.WARNING, 3, "tag 'Cheese exports' is not in the taxonomy (used anyway)"),
    ]


def test_a_refused_date_brings_no_warning_about_the_date_used_instead() -> None:
    """Once `date:` is fixed it dates the report: a warning that the file's time was used
    instead would send the user after a problem that is not there."""
    data = (BAD / "fm-bad-date.txt").read_bytes()
    undated = DateHints(mtime=dt.datetime(2024, 2, 20, tzinfo=dt.UTC))
    job = _Job(Seed(BAD / "d.txt", "d.txt", data), undated, 2**20, AnalysisSettings())
    briefing, issues = _run_job(job, TAXONOMY)
    assert briefing is None
    assert [(i.severity, i.line) for i in issues] == [(Severity.ERROR, 2)]
    assert "modification time" not in " ".join(i.message for i in issues)


def test_size_limit_names_both_sizes() -> None:
    data = b"Rice prices rose sharply this month, traders said. " * 10  # 51 bytes * 10
    result = ingest(Seed(BAD / "big.txt", "big.txt", data), max_bytes=100)
    assert result.report is None
    assert str(result.issues[0]) == (
        "seeds/big.txt: error: is 510 bytes, over the limit of 100 bytes; "
        "split it, or raise extra.digest.max_report_bytes in mkdocs.yml"
    )
    # exactly at the limit is fine
    assert ingest(Seed(BAD / "b.txt", "b.txt", data), max_bytes=len(data)).report is not None


def test_discovery_ignores_files_that_are_not_reports(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "sub").mkdir(parents=True)
    (seeds / ".git").mkdir()
    for name in (
        "a.txt",
        "b.md",
        "sub/c.TXT",
        ".DS_Store",
        "Thumbs.db",
        "a.txt~",
        ".a.txt.swp",
        "a.txt.bak",
        "notes.docx",
        ".git/HEAD",
        ".hidden.txt",
    ):
        (seeds / name).write_text("x", encoding="utf-8")
    found, issues = discover_seeds(seeds)
    assert [p.relative_to(seeds).as_posix() for p in found] == ["a.txt", "b.md", "sub/c.TXT"]
    assert issues == []


def test_discovery_refuses_links_out_of_seeds_and_broken_links(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "secret.txt").write_text("not a report", encoding="utf-8")
    (seeds / "real.txt").write_text("x", encoding="utf-8")
    (seeds / "inside.txt").symlink_to("real.txt")  # published once, as real.txt
    (seeds / "store").mkdir()
    (seeds / "store" / "original.data").write_text("y", encoding="utf-8")  # not a report name
    (seeds / "link-a.txt").symlink_to("store/original.data")  # the first of two links wins
    (seeds / "link-b.txt").symlink_to("store/original.data")
    (seeds / "outside.txt").symlink_to("../secret.txt")
    (seeds / "absolute.txt").symlink_to(tmp_path / "secret.txt")
    (seeds / "folder").symlink_to(tmp_path, target_is_directory=True)
    (seeds / "broken.txt").symlink_to("gone.txt")
    found, issues = discover_seeds(seeds)
    assert [p.name for p in found] == ["link-a.txt", "real.txt"]
    messages = {i.path: i.message for i in issues}
    assert set(messages) == {
        "seeds/outside.txt",
        "seeds/absolute.txt",
        "seeds/folder",
        "seeds/broken.txt",
        "seeds/inside.txt",
        "seeds/link-b.txt",
    }
    # one report makes one page: a second way to the same file is named, not published
    assert messages["seeds/inside.txt"] == (
        "is a link to seeds/real.txt, which is published already (not published twice); "
        "delete the link"
    )
    assert messages["seeds/link-b.txt"].startswith("is a link to seeds/link-a.txt, which is")
    assert messages["seeds/outside.txt"].startswith(
        "is a symbolic link to something outside seeds/"
    )
    assert "copy the file into seeds/" in messages["seeds/absolute.txt"]
    assert messages["seeds/broken.txt"].startswith(
        "is a symbolic link to a file that does not exist"
    )


def test_discovery_refuses_a_link_that_leads_to_itself(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "real.txt").write_text("x", encoding="utf-8")
    (seeds / "loop.txt").symlink_to("loop.txt")
    found, issues = discover_seeds(seeds)
    assert [p.name for p in found] == ["real.txt"]
    assert [(i.path, i.message.split(" (")[0]) for i in issues] == [
        ("seeds/loop.txt", "is a symbolic link that leads back to itself")
    ]


def test_discovery_refuses_names_that_are_not_readable_text(tmp_path: Path) -> None:
    """A name is a report's identity and is printed in messages and in its page's footer: one
    with a line break could end the footer's code span and put HTML on the page, one with a
    text-direction control can pose as another name, and bytes that are not UTF-8 have no text
    form at all. Each is refused by an escaped name; the other reports go on."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text("x", encoding="utf-8")
    (seeds / "보고서.txt").write_text("x", encoding="utf-8")  # not ASCII, but text: fine
    (seeds / "x\n\n<img src=x onerror=alert(1)>\n.txt").write_text("x", encoding="utf-8")
    (seeds / "report\u202etxt.md").write_text("x", encoding="utf-8")
    (seeds / "good\u200b.txt").write_text("x", encoding="utf-8")  # looks like good.txt
    with open(os.fsencode(seeds) + b"/bad\xff\xfe.txt", "wb") as raw:  # a name only bytes can
        raw.write(b"x")
    found, issues = discover_seeds(seeds)
    assert sorted(p.name for p in found) == ["good.txt", "보고서.txt"]
    messages = {i.path: i.message for i in issues}
    unreadable = (
        "its name contains a control, invisible or text-direction character (not published); "
        "rename the file"
    )
    assert messages == {
        "seeds/x\\n\\n<img src=x onerror=alert(1)>\\n.txt": unreadable,
        "seeds/report\\u202etxt.md": unreadable,
        "seeds/good\\u200b.txt": unreadable,
        "seeds/bad\\xff\\xfe.txt": "its name is not valid UTF-8 (not published); rename the file",
    }


def test_git_dates_reach_names_outside_ascii(tmp_path: Path) -> None:
    """git quotes such names unless asked not to; a Korean file name lost its date to the
    checkout time, which changes on every CI run."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args: str, when: str) -> None:
        dated = env | {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        subprocess.run(["git", *args], cwd=tmp_path, env=dated, check=True, capture_output=True)

    seeds = tmp_path / "project" / "seeds"
    seeds.mkdir(parents=True)
    git("init", "-q", when="2020-01-01T00:00:00Z")
    (seeds / "보고서 1.txt").write_text("x", encoding="utf-8")
    (seeds / "plain.txt").write_text("x", encoding="utf-8")
    git("add", ".", when="2020-01-01T00:00:00Z")
    git("commit", "-qm", "first", when="2020-01-02T03:04:05Z")
    (seeds / "später.txt").write_text("x", encoding="utf-8")
    (seeds / "plain.txt").write_text("changed", encoding="utf-8")  # a change, not an addition
    git("add", ".", when="2021-06-01T00:00:00Z")
    git("commit", "-qm", "second", when="2021-06-01T00:00:00Z")
    first = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert git_added_dates(seeds) == {
        "보고서 1.txt": first,
        "plain.txt": first,
        "später.txt": dt.datetime(2021, 6, 1, tzinfo=dt.UTC),
    }


def test_shallow_clone_gives_no_git_date_to_seeds_older_than_its_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shallow checkout shows every older seed as added in the commit where its history
    starts, i.e. the latest push: taken as the filing date, every deploy would re-date those
    reports and put them back at the top of every feed."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    origin = tmp_path / "origin"
    (origin / "seeds").mkdir(parents=True)

    def git(*args: str, when: str = "2020-01-01T00:00:00Z", cwd: Path = origin) -> None:
        dated = env | {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        subprocess.run(["git", *args], cwd=cwd, env=dated, check=True, capture_output=True)

    git("init", "-q")
    for name, when in [("a.txt", "2020-01-01"), ("b.txt", "2021-01-01"), ("c.txt", "2022-01-01")]:
        (origin / "seeds" / name).write_text("x", encoding="utf-8")
        git("add", ".")
        git("commit", "-qm", name, when=f"{when}T00:00:00Z")
    git("clone", "-q", "--depth", "2", origin.as_uri(), "shallow", cwd=tmp_path)
    warned: list[str] = []
    recorder = build_module._WarnOnce()
    recorder.warn = warned.append  # type: ignore[method-assign]  # every warning, not only the first
    monkeypatch.setattr(build_module, "_shallow_history", recorder, raising=False)

    dates = git_added_dates(tmp_path / "shallow" / "seeds")

    # b.txt was added in the oldest commit the clone has, and a.txt looks added there too
    assert dates == {"c.txt": dt.datetime(2022, 1, 1, tzinfo=dt.UTC)}
    assert len(warned) == 1
    assert "git history is shallow: 2 seed(s)" in warned[0]
    assert "fetch-depth: 0" in warned[0]
    # a full clone keeps every date and says nothing
    warned.clear()
    assert git_added_dates(origin / "seeds") == {
        name: dt.datetime(year, 1, 1, tzinfo=dt.UTC)
        for name, year in [("a.txt", 2020), ("b.txt", 2021), ("c.txt", 2022)]
    }
    assert warned == []


# --- the whole corpus through the real command line ----------------------------------------

IGNORED = (".DS_Store", "Thumbs.db", "report.txt~", ".report.txt.swp", "notes.docx")
PUBLISHED_CASES = sorted(n for n, c in CASES.items() if c["published"])
SKIPPED_CASES = sorted(n for n, c in CASES.items() if not c["published"])
HUGE = 20 * 1024 * 1024


@pytest.fixture(scope="module")
def bad_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four seeds plus every bad case, committed to git (dates come from history)."""
    base = tmp_path_factory.mktemp("bad")
    project = make_project(base / "project")
    for name in CASES:
        shutil.copy2(BAD / name, project / "seeds" / name)
    (base / "outside").mkdir()
    (base / "outside" / "secret.txt").write_text("Private notes.\n", encoding="utf-8")
    (project / "seeds" / "link-outside.txt").symlink_to("../../outside/secret.txt")
    (project / "seeds" / "link-inside.txt").symlink_to("crlf.txt")
    (project / "seeds" / "link-broken.txt").symlink_to("nothing-here.txt")
    os.link(project / "seeds" / "crlf.txt", project / "seeds" / "second-name.txt")  # a hard link
    for name in IGNORED:
        (project / "seeds" / name).write_bytes(b"\x00\x01 not a report")
    commit_all(project)
    # made after the commit: 20 MB of perfectly good sentences, refused for its size alone
    sentence = b"Rice prices in Hyesan rose sharply this month, traders said. "
    (project / "seeds" / "huge.txt").write_bytes(sentence * (HUGE // len(sentence) + 1))
    return project


@pytest.fixture(scope="module")
def lenient_build(bad_project: Path):
    return run_briefing(bad_project, "-vv", "build")


def test_lenient_build_publishes_the_good_and_summarises(lenient_build, bad_project: Path) -> None:
    result = lenient_build
    assert result.returncode == 1, result.stderr
    # 4 seeds + 12 published cases (a link or a hard link to one of them is not a second report);
    # 22 skipped cases + the 20 MB file + a link out of seeds/ + a broken link
    assert len(PUBLISHED_CASES) == 12 and len(SKIPPED_CASES) == 22
    assert re.search(r"^16 published, 25 skipped \(see above\)", result.stdout, re.M), result.stdout
    feed = feedparser.parse((bad_project / "site" / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert len(feed.entries) == 16
    home = (bad_project / "site" / "index.html").read_text(encoding="utf-8")
    assert "North Korea" in home


def test_lenient_build_names_every_bad_file(lenient_build) -> None:
    lines = lenient_build.stderr.splitlines()
    for name, case in CASES.items():
        for pattern in case["expect"]:
            assert any(re.search(pattern, line) for line in lines), (name, pattern)
    expected = [
        r"^seeds/huge\.txt: error: is 20,971,5\d\d bytes \(20\.0 MB\), over the limit of "
        r"2,097,152 bytes \(2\.0 MB\); split it, or raise extra\.digest\.max_report_bytes in "
        r"mkdocs\.yml$",
        r"^seeds/link-outside\.txt: error: is a symbolic link to something outside seeds/",
        r"^seeds/link-broken\.txt: error: is a symbolic link to a file that does not exist",
        r"^seeds/link-inside\.txt: warning: is a link to seeds/crlf\.txt, which is published",
        r"^seeds/second-name\.txt: warning: is a hard link to seeds/crlf\.txt, which is "
        r"published already \(not published twice\); delete one of the two names$",
    ]
    for pattern in expected:
        assert any(re.search(pattern, line) for line in lines), pattern
    for name in IGNORED:  # ignored with a debug note, never an error
        assert not any(line.startswith(f"seeds/{name}:") for line in lines)
        assert re.search(
            rf"DEBUG: seeds/{re.escape(name)}: (not a report file|hidden file) \(ignored\)",
            lenient_build.stderr,
        ), name
    assert "Private notes" not in lenient_build.stdout + lenient_build.stderr


def test_published_cases_have_pages_and_skipped_ones_none(lenient_build, bad_project) -> None:
    seeds_of_pages = {
        re.search(r"^seed: (.*)$", md.read_text(encoding="utf-8"), re.M).group(1)
        for md in (bad_project / "docs" / "reports").rglob("*.md")
    }
    for name in PUBLISHED_CASES:
        assert f"seeds/{name}" in seeds_of_pages, name
    for name in SKIPPED_CASES:
        assert f"seeds/{name}" not in seeds_of_pages, name
    assert "seeds/link-inside.txt" not in seeds_of_pages  # crlf.txt is published once
    assert "seeds/second-name.txt" not in seeds_of_pages


def _snapshot(project: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder under docs/ and site/, with its modification time and bytes."""
    state: dict[str, tuple[int, bytes]] = {}
    for folder in ("docs", "site"):
        for path in sorted((project / folder).rglob("*")) if (project / folder).exists() else []:
            stat = path.lstat()
            data = path.read_bytes() if path.is_file() else b""
            state[path.relative_to(project).as_posix()] = (stat.st_mtime_ns, data)
    return state


def test_strict_build_reports_everything_and_writes_nothing(lenient_build, bad_project) -> None:
    before = _snapshot(bad_project)
    result = run_briefing(bad_project, "build", "--strict")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    for name, case in CASES.items():  # every problem, not just the first
        for pattern in case["expect"]:
            assert any(re.search(pattern, line) for line in lines), (name, pattern)
    assert any(line.startswith("seeds/huge.txt: error:") for line in lines)
    assert re.search(
        r"strict mode: 25 errors and \d+ warnings .*nothing was written", result.stderr
    )
    assert _snapshot(bad_project) == before


def test_strict_build_of_a_fresh_project_creates_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    shutil.copy2(BAD / "fm-unknown-key.txt", project / "seeds")  # a single warning is enough
    commit_all(project)
    docs_before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*"))
    result = run_briefing(project, "build", "--strict")
    assert result.returncode == 1
    assert "unknown front matter key 'tilte'" in result.stderr
    assert "strict mode: 0 errors and 1 warnings" in result.stderr
    assert sorted(p.relative_to(project) for p in (project / "docs").rglob("*")) == docs_before
    assert not (project / "site").exists()


def test_check_reports_the_same_problems_without_writing(bad_project: Path) -> None:
    before = _snapshot(bad_project)
    result = run_briefing(bad_project, "check")
    assert result.returncode == 1
    assert "seeds/fm-unclosed.txt:1: error: front matter starts here but is never closed" in (
        result.stderr
    )
    assert _snapshot(bad_project) == before


def test_unreadable_folder_named_like_a_report_is_not_a_report(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "seeds" / "folder.txt").mkdir()
    os.utime(project / "seeds", None)
    commit_all(project)
    result = run_briefing(project, "build", "--no-site")
    assert result.returncode == 0, result.stderr
    assert "4 published, 0 skipped" in result.stdout
