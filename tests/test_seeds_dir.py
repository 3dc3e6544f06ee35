"""A project whose reports live elsewhere (`extra.digest.seeds_dir`) has its files named by that
folder, as the user would type them: every message, `briefing new`, `check` and `analyze` said
"seeds/x.txt" for a file that was really reports/x.txt, and so did each page's `seed:` field."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import frontmatter
import pytest
from conftest import SEEDS, make_project, run_briefing
from test_corpus import report

from briefing.corpus import pinned_slug_clashes, shared_tag_pages
from briefing.model import Tag

# A report the taxonomy has no tag for (a warning made during analysis, so it is cached), and a
# file that is not text (an error made while reading it).
GOOD = "---\ndate: 2024-02-12\ntags: [Grain harvest]\n---\n\n" + SEEDS[0].read_text(
    encoding="utf-8"
)
BAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def use_folder(project: Path, folder: str) -> Path:
    """Point the project's seeds_dir at `folder` and put one good and one bad report in it;
    there is no seeds/ folder at all."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    seeds_dir: seeds\n" in text
    config.write_text(text.replace("    seeds_dir: seeds\n", f"    seeds_dir: {folder}\n"))
    shutil.rmtree(project / "seeds")
    seeds = project / folder
    seeds.mkdir(parents=True)
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "scan.txt").write_bytes(BAD)
    return seeds


def assert_named_by(folder: str, output: str) -> None:
    assert f"{folder}/scan.txt: error: binary file" in output, output
    assert f"remove it from {folder}/ or export the report" in output, output
    assert f"{folder}/good.txt:3: warning: tag 'Grain harvest' is not in the taxonomy" in output
    assert "seeds/" not in output, output


@pytest.mark.parametrize("folder", ["reports", "data/reports"])
def test_build_and_check_name_files_by_the_configured_folder(tmp_path: Path, folder: str) -> None:
    project = make_project(tmp_path / "project", [])
    seeds = use_folder(project, folder)
    (seeds / "link.txt").symlink_to("good.txt")
    os.link(seeds / "good.txt", seeds / "second.txt")
    (seeds / "outside.txt").symlink_to(SEEDS[1])
    build = run_briefing(project, "build", "--no-site")
    assert build.returncode == 1, build.stdout + build.stderr
    assert "1 published, 2 skipped" in build.stdout, build.stdout
    assert_named_by(folder, build.stderr)
    assert f"{folder}/link.txt: warning: is a link to {folder}/good.txt, which" in build.stderr
    assert f"{folder}/second.txt: warning: is a hard link to {folder}/good.txt," in build.stderr
    assert (
        f"{folder}/outside.txt: error: is a symbolic link to something outside {folder}/ "
        f"(not published); copy the file into {folder}/ instead"
    ) in build.stderr
    (page,) = (project / "docs" / "reports").rglob("*.md")
    assert frontmatter.load(page)["seed"] == f"{folder}/good.txt"

    check = run_briefing(project, "check")
    assert check.returncode == 1
    assert_named_by(folder, check.stdout + check.stderr)


@pytest.mark.parametrize("folder", ["reports", "data/reports"])
def test_analyze_and_new_name_the_configured_folder(tmp_path: Path, folder: str) -> None:
    project = make_project(tmp_path / "project", [])
    use_folder(project, folder)
    analyze = run_briefing(project, "analyze", "--format", "text", f"{folder}/scan.txt")
    assert analyze.returncode == 1
    assert f"== {folder}/scan.txt" in analyze.stdout
    assert f"remove it from {folder}/ or export the report" in analyze.stdout, analyze.stdout
    assert "seeds/" not in analyze.stdout + analyze.stderr

    new = run_briefing(project, "new", "Grain prices climb")
    assert new.returncode == 0, new.stderr
    assert new.stdout == f"Created {folder}/grain-prices-climb.txt\n"
    assert (project / folder / "grain-prices-climb.txt").is_file()
    again = run_briefing(project, "new", "Grain prices climb")
    assert again.returncode == 2
    assert f"{folder}/grain-prices-climb.txt already exists" in again.stderr, again.stderr


def test_a_missing_nested_folder_is_named_in_full(tmp_path: Path) -> None:
    """It said "reports/: folder not found" for data/reports."""
    project = make_project(tmp_path / "project", [])
    shutil.rmtree(use_folder(project, "data/reports"))
    build = run_briefing(project, "build", "--no-site")
    assert build.returncode == 2
    assert "data/reports/: folder not found" in build.stderr, build.stderr


def test_an_empty_digest_says_where_to_add_reports(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", [])
    for seed in use_folder(project, "data/reports").iterdir():
        seed.unlink()
    build = run_briefing(project, "build", "--no-site")
    assert build.returncode == 0, build.stderr
    home = (project / "docs" / "_digest" / "home.md").read_text(encoding="utf-8")
    assert "add a `.txt` file to `data/reports/` and build again" in home, home


def test_moving_the_seeds_folder_renames_what_the_cache_kept(tmp_path: Path) -> None:
    """Analyses and report pages are kept between builds, but what they say names the folder:
    after `mv seeds reports` (and seeds_dir: reports) nothing may still say seeds/."""
    project = make_project(tmp_path / "project", [])
    (project / "seeds" / "good.txt").write_text(GOOD, encoding="utf-8")
    (project / "seeds" / "scan.txt").write_bytes(BAD)
    first = run_briefing(project, "build", "--no-site")
    assert "seeds/scan.txt: error: binary file" in first.stderr, first.stderr
    (page,) = (project / "docs" / "reports").rglob("*.md")
    assert frontmatter.load(page)["seed"] == "seeds/good.txt"

    (project / "seeds").rename(project / "reports")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    seeds_dir: seeds\n", "    seeds_dir: reports\n"))
    second = run_briefing(project, "build", "--no-site")
    assert "1 published, 1 skipped" in second.stdout, second.stdout
    assert_named_by("reports", second.stderr)
    assert frontmatter.load(page)["seed"] == "reports/good.txt"


def test_the_salt_of_analysis_keys_changes_with_the_folder(tmp_path: Path) -> None:
    """A build takes the keys the last one recorded when no seed's file changed and their
    shared part (the salt) is the same; the keys name the folder, so the salt must too, or a
    moved folder would be read under keys whose entries name the old one."""
    from briefing.build import AnalysisCache
    from briefing.config import load_config

    project = make_project(tmp_path / "project", [])
    before = load_config(project)
    use_folder(project, "reports")
    after = load_config(project)
    assert after.seeds_shown == "reports"
    assert AnalysisCache.salt(before, b"") != AnalysisCache.salt(after, b"")


def test_corpus_warnings_name_the_configured_folder() -> None:
    pinned = [report("b.txt", "b", "prices"), report("a.txt", "a", "prices")]
    [clash] = pinned_slug_clashes(pinned, "data/reports")
    assert clash.path == "data/reports/b.txt"
    assert "'slug: prices' is pinned by data/reports/a.txt too" in clash.message
    tagged = [
        replace(b, tags=(Tag(name, "kumsan", "place"),))
        for b, name in zip(
            [report("a.txt", "a"), report("b.txt", "b")], ["Kŭmsan", "Kumsan"], strict=True
        )
    ]
    [shared] = shared_tag_pages(tagged, "data/reports")
    assert shared.path == "data/reports/b.txt"
    assert "'Kŭmsan' (data/reports/a.txt)" in shared.message


def test_analyze_reads_the_taxonomy_the_project_names(tmp_path: Path) -> None:
    """`extra.digest.taxonomy` is what build and check tag with; analyze read taxonomy.yml."""
    project = make_project(tmp_path / "project", [])
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    taxonomy: taxonomy.yml\n" in text
    config.write_text(text.replace("    taxonomy: taxonomy.yml\n", "    taxonomy: vocab.yml\n"))
    (project / "vocab.yml").write_text(
        "topics:\n  - name: Ferries\n    aliases: [ferry]\n", encoding="utf-8"
    )
    report = project / "seeds" / "ferry.txt"
    report.write_text(
        "Ferry cut\n\nThe port cut the winter ferry timetable to two sailings a day on Monday, "
        "citing a shortage of crew, officials said.\n",
        encoding="utf-8",
    )
    result = run_briefing(project, "analyze", "--format", "text", str(report))
    assert result.returncode == 0, result.stderr
    assert "tags:     Ferries" in result.stdout, result.stdout


def use_vocabulary(project: Path, name: str, was: str = "taxonomy.yml") -> None:
    """Point extra.digest.taxonomy at `name` (the vocabulary, moved there from `was`)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert f"    taxonomy: {was}\n" in text
    config.write_text(text.replace(f"    taxonomy: {was}\n", f"    taxonomy: {name}\n"))
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / was).rename(project / name)


def test_messages_name_the_taxonomy_the_project_names(tmp_path: Path) -> None:
    """Advice to add a tag to the vocabulary names the file the project reads: it said
    "taxonomy.yml" whatever `extra.digest.taxonomy` was, in build, check and analyze. Check
    warns of two names on one tag page as a build does (it said nothing)."""
    project = make_project(tmp_path / "project", [])
    use_vocabulary(project, "vocab/tags.yml")
    seeds = project / "seeds"
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    for stem, name in (("a", "Kŭmsan"), ("b", "Kumsan")):  # two names, one tag page
        (seeds / f"{stem}.txt").write_text(
            f"---\ndate: 2024-02-1{stem == 'b':d}\ntags: [{name}]\n---\n\n"
            + SEEDS[1].read_text(encoding="utf-8"),
            encoding="utf-8",
        )
    unknown = "warning: tag 'Grain harvest' is not in the taxonomy (used anyway); add it to "
    build = run_briefing(project, "build", "--no-site")
    assert build.returncode == 0, build.stderr
    check = run_briefing(project, "check", "--suggest-tags")
    analyze = run_briefing(project, "analyze", "--format", "text", "seeds/good.txt")
    for output in (build.stderr, check.stdout + check.stderr):
        assert f"seeds/good.txt:3: {unknown}vocab/tags.yml, with aliases" in output, output
        assert "add it to vocab/tags.yml with the other spelling as an alias" in output, output
        assert "taxonomy.yml" not in output.replace("vocab/tags.yml", ""), output
    assert "add them to vocab/tags.yml to tag reports" in check.stdout, check.stdout
    analysed = unknown.replace("warning:", "warning at line 3:")
    assert f"{analysed}vocab/tags.yml, with aliases" in analyze.stdout, analyze.stdout

    # what the cache kept names the file too: after a rename, nothing says the old name
    use_vocabulary(project, "terms.yml", was="vocab/tags.yml")
    again = run_briefing(project, "build", "--no-site")
    assert f"seeds/good.txt:3: {unknown}terms.yml, with aliases" in again.stderr, again.stderr
    assert "vocab/tags.yml" not in again.stderr, again.stderr
