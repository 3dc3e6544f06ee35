"""The command line contract: `briefing analyze` output, exit codes, help on every command."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest
from conftest import EPOCH, ROOT, SEEDS, TAXONOMY_FILE, run_briefing

from briefing.cli import build_parser

CONTRACT_KEYS = [
    "file",
    "title",
    "source",
    "authors",
    "date",
    "body",
    "summary",
    "description",
    "tags",
    "keyphrases",
    "figures",
    "issues",
]


def test_analyze_jsonl_prints_one_object_per_file_in_order(tmp_path: Path) -> None:
    files = [str(p.relative_to(ROOT)) for p in SEEDS]
    result = run_briefing(
        ROOT,
        "analyze",
        "--taxonomy",
        str(TAXONOMY_FILE),
        "--format",
        "jsonl",
        "--summary-sentences",
        "2",
        *files,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in records] == files
    for record, path in zip(records, SEEDS, strict=True):
        assert list(record) == CONTRACT_KEYS
        assert len(record["summary"]) == 2
        original = " ".join(path.read_text(encoding="utf-8").split())
        for sentence in record["summary"]:  # extractive: every sentence is the report's own
            assert sentence in original
        assert len(record["description"]) <= 160


# A report any analysis accepts: a headline and one sentence of text.
SINUIJU = (
    "Markets reopen in Sinuiju\n\nTraders in Sinuiju reopened stalls on Monday after a "
    "two-week closure, residents said.\n"
)


def test_analyze_exit_status_when_a_file_cannot_be_analysed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SINUIJU, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = run_briefing(ROOT, "analyze", str(good), str(empty))
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in records] == [str(good), str(empty)]
    assert records[0]["title"] == "Markets reopen in Sinuiju"
    assert records[1]["summary"] == [] and "empty" in records[1]["issues"][0]["message"]


def test_analyze_text_explains_decisions() -> None:
    result = run_briefing(
        ROOT, "analyze", "--taxonomy", str(TAXONOMY_FILE), "--format", "text", str(SEEDS[3])
    )
    assert result.returncode == 0
    assert "source:   RFA" in result.stdout
    assert "(widget): Email story" in result.stdout


def test_analyze_gives_a_range_or_change_as_one_figure_with_its_ends() -> None:
    """`form` and `ends` are added after the fields evaluation scripts read, which keep their
    names; the text listing says the form beside the kind."""
    seed = next(p for p in SEEDS if p.name.startswith("002_"))
    jsonl = run_briefing(ROOT, "analyze", "--taxonomy", str(TAXONOMY_FILE), str(seed))
    figures = json.loads(jsonl.stdout)["figures"]
    assert all(list(f) == ["text", "kind", "sentence", "form", "ends"] for f in figures)
    first = {key: value for key, value in figures[0].items() if key != "sentence"}
    assert first == {
        "text": "USD 7,200 → USD 10,000",
        "kind": "money",
        "form": "change",
        "ends": ["USD 7,200", "USD 10,000"],
    }
    assert figures[-1]["form"] == "single" and figures[-1]["ends"] == []
    text = run_briefing(ROOT, "analyze", "--format", "text", str(seed)).stdout
    assert "    - 30%–55% (percent range)\n" in text
    assert "    - about 200 workers (people)\n" in text


def test_analyze_names_the_line_of_a_front_matter_error(tmp_path: Path) -> None:
    """The text listing printed no line at all; JSON Lines gives the same line."""
    report = tmp_path / "broken.txt"
    report.write_text(
        '---\ntitle: "Broken quote\nsource: X\n---\nBody text here. More text.\n',
        encoding="utf-8",
    )
    text = run_briefing(tmp_path, "analyze", "--format", "text", str(report))
    assert text.returncode == 1
    assert text.stdout.splitlines()[1] == (
        "  error at line 2, column 8: front matter is not valid YAML (while scanning a quoted "
        "scalar that starts here, found unexpected end of stream on line 4); fix it, or remove "
        "the --- lines if the text is not front matter"
    )
    jsonl = run_briefing(tmp_path, "analyze", str(report))
    assert [i["line"] for i in json.loads(jsonl.stdout)["issues"]] == [2]


def test_a_report_with_an_error_is_named_with_its_warnings_too(tmp_path: Path) -> None:
    """A bad `url:` skipped the report before its tags were checked: build, check and analyze
    named the unknown tag only in the run after the url was fixed."""
    from conftest import make_project

    project = make_project(tmp_path / "p", seeds=[])
    (project / "seeds" / "r.txt").write_text(
        f"---\ndate: 2024-02-12\nurl: not a link\ntags: [Grain harvest]\n---\n\n{SINUIJU}",
        encoding="utf-8",
    )
    url = "error: front matter 'url': expected an absolute http(s) URL (got 'not a link')"
    tag = "warning: tag 'Grain harvest' is not in the taxonomy (used anyway); add it to"
    build = run_briefing(project, "build", "--no-site")
    check = run_briefing(project, "check")
    assert (build.returncode, check.returncode) == (1, 1)
    for output in (build.stderr, check.stderr):
        assert f"seeds/r.txt:3: {url}\n" in output, output
        assert f"seeds/r.txt:4: {tag} taxonomy.yml" in output, output
    assert "0 published, 1 skipped (see above), 1 warnings" in build.stdout, build.stdout
    assert "0 reports ok, 1 with errors, 1 warnings" in check.stdout, check.stdout
    assert not list((project / "docs" / "reports").rglob("*.md"))
    analyze = run_briefing(project, "analyze", "--format", "text", "seeds/r.txt")
    assert analyze.returncode == 1
    assert analyze.stdout.splitlines()[1:4] == [
        f"  {url.replace('error:', 'error at line 3:')}",
        f"  {tag.replace('warning:', 'warning at line 4:')} taxonomy.yml, with aliases, so "
        "other reports that mention it get it too",
        "  (not analysed)",
    ]


def test_usage_error_exits_2() -> None:
    assert run_briefing(ROOT, "analyze", "--summary-sentences", "0", str(SEEDS[0])).returncode == 2
    assert run_briefing(ROOT, "frobnicate").returncode == 2


@pytest.mark.parametrize("command", ["build", "analyze"])
@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_a_usage_error(
    command: str, jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--jobs 0 and --jobs -3 were accepted silently (0 meant one per core, -3 one process)."""
    args = [command, "--jobs", jobs] + (["report.txt"] if command == "analyze" else [])
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(args)
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"briefing {command}: error: argument --jobs: expected a number of worker processes, "
        f"1 or more (got '{jobs}'); leave --jobs out for one per core"
    )


@pytest.mark.parametrize("limit", ["0", "-1", "2MB"])
def test_max_bytes_below_one_is_a_usage_error(
    limit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--max-bytes 0 refused every file, each with a size error, rather than the option."""
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["analyze", "--max-bytes", limit, "report.txt"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "briefing analyze: error: argument --max-bytes: expected a size in bytes, 1 or more "
        f"(got '{limit}'); leave --max-bytes out for 2 MB"
    )
    assert build_parser().parse_args(["analyze", "--max-bytes", "10", "r.txt"]).max_bytes == 10


def test_jobs_takes_a_number_of_processes() -> None:
    assert build_parser().parse_args(["build", "--jobs", "3"]).jobs == 3
    assert build_parser().parse_args(["build"]).jobs is None


def test_a_taxonomy_named_on_the_command_line_must_exist(tmp_path: Path) -> None:
    """--taxonomy nope.yml warned "no taxonomy file: reports get no tags" and exited 0."""
    report = tmp_path / "report.txt"
    report.write_text(SINUIJU, encoding="utf-8")
    missing = run_briefing(tmp_path, "analyze", "--taxonomy", "nope.yml", str(report))
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == (
        "error: --taxonomy 'nope.yml' does not exist; give the path of a taxonomy file, or "
        "leave --taxonomy out to use the project's\n"
    )
    folder = run_briefing(tmp_path, "analyze", "--taxonomy", str(tmp_path), str(report))
    assert folder.returncode == 2 and f"{str(tmp_path)!r} is not a file;" in folder.stderr
    # the project's own taxonomy missing stays a warning: reports are analysed, untagged
    default = run_briefing(tmp_path, "analyze", str(report))
    assert default.returncode == 0
    assert "taxonomy.yml: warning: no taxonomy file: reports get no tags" in default.stderr
    assert json.loads(default.stdout)["tags"] == []


def test_analyze_max_bytes_names_the_flag_that_set_the_limit(tmp_path: Path) -> None:
    """The refusal said "(0.0 MB) … raise extra.digest.max_report_bytes in mkdocs.yml"."""
    report = tmp_path / "report.txt"
    report.write_bytes(b"Traders in Sinuiju reopened stalls on Monday, residents said.\n")  # 62
    result = run_briefing(tmp_path, "analyze", "--max-bytes", "10", str(report))
    assert result.returncode == 1
    assert [i["message"] for i in json.loads(result.stdout)["issues"]] == [
        "is 62 bytes, over the limit of 10 bytes; split it, or raise --max-bytes"
    ]


def test_missing_site_url_is_a_config_error(project: Path) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "\n".join(line for line in config.splitlines() if not line.startswith("site_url")),
        encoding="utf-8",
    )
    result = run_briefing(project, "build", "--no-site")
    assert result.returncode == 2
    assert "site_url is not set" in result.stderr and "feeds: false" in result.stderr


def test_a_broken_taxonomy_is_named_once_by_its_project_path(project: Path) -> None:
    """It said "error: /home/…/taxonomy.yml:2:…: error: invalid YAML"; then it named the end of
    the file, not the line where the unclosed bracket starts."""
    (project / "taxonomy.yml").write_text("topics:\n  - name: [x\n", encoding="utf-8")
    build = run_briefing(project, "build", "--no-site")
    assert build.returncode == 2
    assert build.stderr.startswith("error: taxonomy.yml:2:11: invalid YAML:"), build.stderr
    assert build.stderr.count("error:") == 1 and str(project) not in build.stderr
    check = run_briefing(project, "check")
    assert "taxonomy.yml:2:11: error: invalid YAML:" in check.stdout + check.stderr
    assert str(project) not in check.stdout + check.stderr
    assert check.returncode == 1  # as build refuses it, check must not pass it (it exited 0)
    # with the vocabulary unreadable every tag is unknown: saying so for each is noise
    (project / "seeds" / "tagged.txt").write_text(
        "---\ntitle: Rice prices\ndate: 2024-03-01\ntags: [Markets and prices]\n---\n"
        "Rice prices in Hyesan rose sharply this week as smuggling stalled, traders said.\n",
        encoding="utf-8",
    )
    check = run_briefing(project, "check")
    assert "not in the taxonomy" not in check.stdout + check.stderr
    assert check.returncode == 1


def test_a_second_link_to_a_report_is_a_warning_that_neither_build_nor_check_fails(
    project: Path,
) -> None:
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    (project / "seeds" / "zz-link.txt").symlink_to(seed.name)
    build = run_briefing(project, "build", "--no-site")
    assert build.returncode == 0, build.stdout + build.stderr
    assert "seeds/zz-link.txt: warning: is a link to seeds/" in build.stderr
    assert ", 0 skipped," in build.stdout
    check = run_briefing(project, "check")
    assert check.returncode == 0 and ", 0 with errors, " in check.stdout, check.stdout


@pytest.mark.parametrize("command", ["build", "analyze", "check", "serve", "new", "clean"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: briefing" in capsys.readouterr().out


def test_every_build_option_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for option in (
        "--strict",
        "--no-site",
        "--jobs",
        "--no-cache",
        "--summary-sentences",
        "--format",
    ):
        assert option in readme, option


def test_suggest_tags_leaves_out_keyphrases_most_reports_share(tmp_path: Path) -> None:
    import sys

    from conftest import make_project

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus

    project = make_project(tmp_path / "p", seeds=[])
    for report in corpus.reports(24, TAXONOMY_FILE, seed=3):
        (project / "seeds" / f"{report.stem}.txt").write_text(corpus.seed_text(report), "utf-8")
    out = run_briefing(project, "check", "--suggest-tags", check=True).stdout
    suggested, _, left_out = out.partition("Left out, in more than half of the 24 reports")
    # the generated reports all quote a "source": never worth a tag
    assert "source" in left_out.splitlines()[0]
    assert "  source (" not in suggested
    assert "reports)" in suggested  # and the rest are still suggested
    # "linked" (as in "the measures are linked to…") is frequent, but no topic
    assert "  linked (" not in suggested
    assert "linked" in left_out.split("seldom used as nouns of their own")[1]


# Reports written for this test, in the manner of the desk's field reports: every one quotes
# "a source", names "authorities" and "residents", and a ministry by its full name.
_FIELD_REPORTS = {
    "rice": """Authorities in Ryanggang Province tighten controls on rice sales

Authorities in Ryanggang Province have tightened controls on private rice sales in Hyesan, a
source in the province told Daily NK on Tuesday.

According to the source, the provincial people's committee is distributing rice from state
warehouses, and market inspectors have tightened checks on traders. Residents say the rice
distributed so far covers less than a week of need. Officials at the provincial and city level
discussed the shortage at a meeting last week, the source said.

Residents complained that traders who hid grain were fined. The Ministry of State Security has
also tightened surveillance along the Yalu River, the source added.
""",
    "executions": """Regime executes smugglers in Hoeryong

North Korea executes three smugglers in Hoeryong after a public trial, a source in North
Hamgyong Province told Daily NK.

The source said the Ministry of State Security executed the three men for importing South
Korean films and distributing them on USB drives. Residents were ordered to attend the trial
on Wednesday, and the men were shot on Wednesday afternoon.

"The authorities discussed the case for weeks before the execution," the source said.
Provincial security officials have tightened inspections of mobile phones, and residents fear
further crackdowns. Residents say electricity cuts made the films hard to watch anyway: the
electricity in Hoeryong comes on for an hour a night.
""",
    "power": """Power cuts worsen in Chongjin as coal deliveries stall

Power cuts have worsened in Chongjin, a source in North Hamgyong Province said on Wednesday,
as coal deliveries to the city's power plant have stalled.

According to the source, residents receive electricity for two hours a day at most. The
provincial authorities discussed the shortage on Wednesday and ordered factories to cut their
use of electricity. "Residents are buying solar panels from Chinese traders," the source said.
""",
}


def test_suggest_tags_offers_what_a_curator_would_add(tmp_path: Path) -> None:
    from conftest import make_project

    project = make_project(tmp_path / "p", seeds=[])
    for stem, text in _FIELD_REPORTS.items():
        (project / "seeds" / f"{stem}.txt").write_text(
            f"---\ndate: 2024-03-0{len(stem) % 9 + 1}\n---\n{text}", "utf-8"
        )
    out = run_briefing(project, "check", "--suggest-tags", check=True).stdout
    suggested, _, left_out = out.partition("Left out")
    lines = suggested.splitlines()
    # the people every report speaks through, and an adjective, are never offered as tags
    for generic in ("source", "authorities", "Residents", "residents", "provincial"):
        assert f"  {generic} (" not in lines, out
    # a specific topic two of the reports share is
    assert "  electricity (2 reports)" in lines, out
    assert "people every report names (tag the named ones instead): " in left_out
    assert "Residents" in left_out and "source" in left_out
    assert "provincial" in left_out.split("seldom used as nouns of their own")[1]
    # a day the reports were filed on is no topic either, nor listed as a verb or adjective
    assert "  Wednesday (" not in lines, out
    assert "amounts, days and months (they say how much or when, not what about): " in out
    assert "Wednesday" in left_out.split("amounts, days and months")[1], out


def test_a_report_made_with_new_keeps_its_address_when_its_title_is_edited(
    tmp_path: Path,
) -> None:
    """`briefing new` pins the slug: a page's address followed its title, so fixing a typo in
    the title moved the page and broke every link to it."""
    from conftest import make_project

    project = make_project(tmp_path / "p", seeds=[])
    run_briefing(project, "new", "Rice prices climb in Hyesna", check=True)
    seed = project / "seeds" / "rice-prices-climb-in-hyesna.txt"
    text = seed.read_text(encoding="utf-8")
    assert "\nslug: rice-prices-climb-in-hyesna\n" in text, text
    body = (
        "Rice rose to 6,900 won a kilogram in Hyesan markets this week, traders said, as "
        "deliveries from the south slowed before the harvest."
    )
    text = re.sub(r"(?m)^date: .*$", "date: 2024-03-04", text)  # not today: a stable year
    seed.write_text(text.replace("Write the report here.", body), encoding="utf-8")
    run_briefing(project, "build", "--no-site", check=True)
    page = project / "docs" / "reports" / "2024" / "rice-prices-climb-in-hyesna.md"
    assert page.is_file(), sorted((project / "docs" / "reports").rglob("*.md"))

    seed.write_text(
        seed.read_text(encoding="utf-8").replace("in Hyesna", "in Hyesan"), encoding="utf-8"
    )
    run_briefing(project, "build", "--no-site", check=True)
    assert frontmatter.load(page)["title"] == "Rice prices climb in Hyesan"
    assert [p.name for p in (project / "docs" / "reports").rglob("*.md")] == [page.name]


def test_the_template_new_makes_is_not_published_until_the_report_is_written(
    tmp_path: Path,
) -> None:
    """A build right after `briefing new` published a report reading "Write the report here."
    to the site and its feeds (feed readers keep what they fetched)."""
    from conftest import make_project

    project = make_project(tmp_path / "p", seeds=[])
    run_briefing(project, "new", "Rice prices climb in Hyesan", check=True)
    build = run_briefing(project, "build", "--no-site")
    assert build.returncode == 1
    assert (
        "seeds/rice-prices-climb-in-hyesan.txt: error: is still the template `briefing new` "
        "made ('Write the report here.'); write the report in place of that line, or delete "
        "the file"
    ) in build.stderr, build.stderr
    assert not list((project / "docs" / "reports").rglob("*.md"))
    assert "Write the report" not in (project / "docs" / "feed.xml").read_text(encoding="utf-8")


UNDATED = (
    "Rice rose to 6,900 won a kilogram in Hyesan this week, traders said, as deliveries "
    "slowed before the harvest.\n"
)


def test_analyze_text_gives_an_undated_report_the_date_a_build_would(tmp_path: Path) -> None:
    """It said "date: (none) (unknown)" where a build uses the file's time; JSON keeps null, so
    what a scorer reads never depends on when a file was checked out."""
    report = tmp_path / "undated.txt"
    report.write_text(UNDATED, encoding="utf-8")
    filed = dt.datetime(2024, 2, 10, 12, tzinfo=dt.UTC).timestamp()  # before SOURCE_DATE_EPOCH
    os.utime(report, (filed, filed))
    out = run_briefing(tmp_path, "analyze", "--format", "text", str(report), check=True).stdout
    assert "  date:     2024-02-10 (file modification time)\n" in out, out
    assert "  warning: no date in front matter, in the text or in git history; used the " in out
    assert "1970" not in out, out
    jsonl = run_briefing(tmp_path, "analyze", str(report), check=True).stdout
    assert json.loads(jsonl)["date"] is None

    # touched after SOURCE_DATE_EPOCH (2024-03-01), as a build it is dated no later than that
    os.utime(report, (filed + 40 * 86400, filed + 40 * 86400))
    out = run_briefing(tmp_path, "analyze", "--format", "text", str(report), check=True).stdout
    assert "  date:     2024-03-01 (file modification time)\n" in out, out


def test_analyze_text_dates_a_committed_report_by_git_as_a_build_does(tmp_path: Path) -> None:
    from conftest import GIT_DATE, commit_all

    (tmp_path / "seeds").mkdir()
    report = tmp_path / "seeds" / "undated.txt"
    report.write_text(UNDATED, encoding="utf-8")
    commit_all(tmp_path)
    out = run_briefing(tmp_path, "analyze", "--format", "text", "seeds/undated.txt").stdout
    assert f"  date:     {GIT_DATE[:10]} (first added to git)\n" in out, out
    assert "warning" not in out, out


def test_analyze_text_says_what_a_build_does_when_no_date_is_known() -> None:
    from briefing.cli import _date_shown
    from briefing.model import Report

    report = Report(
        "r.txt", "Title", (), dt.datetime(1970, 1, 1, tzinfo=dt.UTC), date_origin="unknown"
    )
    assert _date_shown(report) == (
        "none stated (a build dates it by when git first added the file, else by the file's "
        "modification time)"
    )


def test_a_copy_never_takes_the_address_of_the_report_it_was_copied_from(tmp_path: Path) -> None:
    """A copy made to start a new report, its `slug:` left in, sorts first by name: it took the
    old report's address whenever the build had no record of the last one (--no-cache, a fresh
    checkout in CI). The seed git saw first keeps it."""
    from conftest import commit_all, make_project

    project = make_project(tmp_path / "p", seeds=[])
    front = "---\ntitle: {}\nslug: hyesan-grain-prices\ndate: 2024-02-20\n---\n"
    body = "Rice rose to 6,900 won a kilogram in Hyesan markets this week, traders said.\n"
    (project / "seeds" / "z-original.txt").write_text(front.format("Grain prices") + body, "utf-8")
    commit_all(project, date="2024-01-05T10:00:00Z")
    copy = front.format("Corn prices") + body.replace("Rice", "Corn")
    (project / "seeds" / "a-copy.txt").write_text(copy, "utf-8")
    commit_all(project, "Add the copy", date="2024-02-25T10:00:00Z")
    for run in (("build", "--no-site", "--no-cache"), ("build", "--no-site")):
        result = run_briefing(project, *run, check=True)
        assert (
            "seeds/a-copy.txt: warning: front matter 'slug: hyesan-grain-prices'" in result.stderr
        )
        page = project / "docs" / "reports" / "2024" / "hyesan-grain-prices.md"
        assert "title: Grain prices" in page.read_text(encoding="utf-8")


def test_a_build_notes_once_that_a_report_s_page_moved(tmp_path: Path) -> None:
    """A title edited in the text moves the page (its address follows the title): links to it
    break, and the build said nothing."""
    from conftest import make_project

    project = make_project(tmp_path / "p", seeds=[])
    seed = project / "seeds" / "rice.txt"
    body = (
        "Rice rose to 6,900 won a kilogram in Hyesan markets this week, traders said, as "
        "deliveries from the south slowed before the harvest.\n"
    )
    seed.write_text(f"---\ndate: 2024-02-26\n---\nRice prices climb\n\n{body}", "utf-8")
    first = run_briefing(project, "build", "--no-site", check=True)
    assert "moved" not in first.stderr, first.stderr

    seed.write_text(f"---\ndate: 2024-02-26\n---\nRice prices climb in Hyesan\n\n{body}", "utf-8")
    moved = run_briefing(project, "build", "--no-site", check=True)
    assert (
        "seeds/rice.txt: info: its page moved from reports/2024/rice-prices-climb/ to "
        "reports/2024/rice-prices-climb-in-hyesan/ since the last build, so links to the old "
        "address no longer work; to keep the old one, add 'slug: rice-prices-climb' to its "
        "front matter"
    ) in moved.stderr, moved.stderr
    assert "0 warnings" in moved.stdout  # a note: a strict build is not failed by it
    again = run_briefing(project, "build", "--no-site", check=True)
    assert "moved" not in again.stderr, again.stderr  # said once
    strict = run_briefing(project, "build", "--no-site", "--strict", check=True)
    assert "moved" not in strict.stderr


@pytest.mark.parametrize(
    ("args", "stderr_too"),
    [
        (("analyze", "--format", "text", "SEED"), False),
        (("analyze", "--format", "json", "SEED"), False),
        (("analyze", "SEED"), False),
        (("check", "--suggest-tags"), False),
        (("check",), True),  # `briefing check 2>&1 | head -1`
        (("build", "--no-site"), False),
    ],
)
def test_a_reader_that_closes_the_pipe_ends_the_command_quietly(
    project: Path, args: tuple[str, ...], stderr_too: bool
) -> None:
    """`briefing analyze … | head -1` ended in a BrokenPipeError traceback. Here the reader is
    gone before the command writes a byte; it exits as a shell reports SIGPIPE: 128 + 13."""
    seed = str(project / "seeds" / SEEDS[0].name)
    command = [sys.executable, "-m", "briefing", "--project", str(project)]
    command += [seed if arg == "SEED" else arg for arg in args]
    proc = subprocess.Popen(
        command,
        cwd=project,
        env=dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT)),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if stderr_too else subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    proc.stdout.close()
    stderr = "" if proc.stderr is None else proc.stderr.read()
    if proc.stderr is not None:
        proc.stderr.close()
    assert proc.wait() == 141
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
