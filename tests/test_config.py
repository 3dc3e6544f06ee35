"""Settings under extra.digest in mkdocs.yml: defaults, and a clear refusal of wrong values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.build import feed_config
from briefing.config import load_config
from briefing.errors import ConfigError
from tests.conftest import make_project


def _with_digest_settings(project: Path, *lines: str) -> Path:
    """mkdocs.yml with these `key: value` lines under extra.digest, replacing the shipped ones."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  digest:\n" in text
    for line in lines:
        key = line.split(":", 1)[0]
        text, replaced = re.subn(rf"(?m)^    {key}:.*$", f"    {line}", text, count=1)
        if not replaced:
            text = text.replace("\n  digest:\n", f"\n  digest:\n    {line}\n", 1)
    config.write_text(text, encoding="utf-8")
    return project


def test_the_shipped_settings_are_the_defaults(tmp_path: Path) -> None:
    config = load_config(make_project(tmp_path / "p"))
    assert (config.feed_limit, config.summary_sentences, config.home_reports) == (50, 3, 12)
    assert (config.archive_page_size, config.max_report_bytes) == (50, 2 * 1024 * 1024)
    assert config.feed_formats == ("rss", "atom", "json")
    assert config.feed_name == config.site_name  # no feed_title: the site's name
    assert config.cache_dir == config.root / ".cache" / "briefing"


def test_feed_title_names_the_feeds(tmp_path: Path) -> None:
    project = _with_digest_settings(make_project(tmp_path / "p"), "feed_title: Hyesan Watch")
    assert load_config(project).feed_name == "Hyesan Watch"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("feed_limit: 0", "extra.digest.feed_limit must be a whole number ≥ 1 (got 0)"),
        ("home_reports: twelve", "extra.digest.home_reports must be a whole number ≥ 1"),
        ("summary_sentences: true", "extra.digest.summary_sentences must be a whole number"),
        ("feeds: [rss, gopher]", "extra.digest.feeds must be a list drawn from"),
        ("feed_title: [a, b]", "extra.digest.feed_title must be a non-empty text (got ['a', 'b'])"),
        ("feed_title: '  '", "extra.digest.feed_title must be a non-empty text"),
        ("taxonomy: 5", "extra.digest.taxonomy must be a path as text"),
        ("seeds_dir: [a, b]", "extra.digest.seeds_dir must be a path as text"),
        ("cache_dir: true", "extra.digest.cache_dir must be a path as text"),
        ("icon: {a: 1}", "extra.digest.icon must be a non-empty text (got {'a': 1})"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_key(tmp_path: Path, line: str, message: str) -> None:
    project = _with_digest_settings(make_project(tmp_path / "p"), line)
    with pytest.raises(ConfigError) as refused:
        load_config(project)
    assert message in str(refused.value)
    assert "mkdocs.yml" in str(refused.value)


def test_every_wrong_value_is_listed_at_once(tmp_path: Path) -> None:
    project = _with_digest_settings(
        make_project(tmp_path / "p"), "feed_limit: -1", "archive_page_size: 0", "feed_title: 7"
    )
    with pytest.raises(ConfigError) as refused:
        load_config(project)
    for key in ("feed_limit", "archive_page_size", "feed_title"):
        assert f"extra.digest.{key}" in str(refused.value)


def test_a_wrong_mkdocs_folder_setting_is_refused_naming_the_key(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text("docs_dir: [docs]\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"docs_dir must be a path as text"):
        load_config(project)


def test_an_unset_folder_setting_is_the_default_as_mkdocs_reads_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text("docs_dir: !ENV [BRIEFING_TEST_UNSET_VARIABLE]\nsite_dir:\n" + text, "utf-8")
    loaded = load_config(project)
    assert (loaded.docs_dir, loaded.site_dir) == (project / "docs", project / "site")


def test_a_favicon_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  favicon: " in text
    text = re.sub(r"(?m)^    icon: .*\n", "", text)  # no feed icon of its own: the favicon's
    config.write_text(re.sub(r"(?m)^  favicon: .*$", "  favicon: [a.svg]", text), "utf-8")
    with pytest.raises(ConfigError, match=r"theme\.favicon must be a path as text"):
        load_config(project)


def test_feed_ids_can_keep_the_address_the_feeds_were_first_published_at(tmp_path: Path) -> None:
    project = _with_digest_settings(
        make_project(tmp_path / "p"), "feed_ids_from: https://owner.github.io/briefing"
    )
    assert load_config(project).feed_ids_from == "https://owner.github.io/briefing/"
    feeds = feed_config(load_config(project))  # what the build gives the feeds
    assert feeds is not None and feeds.id_base == "https://owner.github.io/briefing/"
    assert load_config(make_project(tmp_path / "q")).feed_ids_from is None
    wrong = _with_digest_settings(make_project(tmp_path / "r"), "feed_ids_from: owner.github.io")
    with pytest.raises(ConfigError, match=r"extra.digest.feed_ids_from must be the absolute"):
        load_config(wrong)
