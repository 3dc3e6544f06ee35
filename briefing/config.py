"""Read the project's settings from mkdocs.yml into a typed Config.

mkdocs.yml is the one file users already edit for the site, so digest settings live under
`extra.digest` there instead of a second config file. We read it with our own YAML loader (not
MkDocs) so the core stays independent of the site builder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefing.errors import ConfigError
from briefing.model import DEFAULT_SEEDS

DEFAULT_FORMATS = ("rss", "atom", "json")


@dataclass(frozen=True)
class Config:
    root: Path  # the project folder (where mkdocs.yml is)
    site_name: str
    site_url: str | None  # absolute and ending in "/", or None when unset
    site_description: str
    docs_dir: Path
    site_dir: Path
    seeds_dir: Path
    taxonomy_path: Path
    cache_dir: Path
    language: str = "en"
    feed_title: str | None = None
    feed_limit: int = 50
    feed_formats: tuple[str, ...] = DEFAULT_FORMATS
    feeds_enabled: bool = True
    summary_sentences: int = 3
    max_report_bytes: int = 2 * 1024 * 1024
    home_reports: int = 12
    archive_page_size: int = 50
    icon: str | None = None
    feed_ids_from: str | None = None  # the address feed item ids are made from; None: site_url
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def feed_name(self) -> str:
        return self.feed_title or self.site_name

    def shown(self, path: Path) -> str:
        """A path as messages name it: relative to the project when it is inside it, so the
        message reads the same on every machine."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def seeds_shown(self) -> str:
        """The seeds folder as messages and pages name it ("seeds", "reports", "data/seeds"):
        a seed is `<seeds_shown>/<its path in the folder>`, as the user would type it."""
        return self.shown(self.seeds_dir)

    @property
    def taxonomy_shown(self) -> str:
        """The taxonomy file as messages name it ("taxonomy.yml", "vocab/tags.yml")."""
        return self.shown(self.taxonomy_path)


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads mkdocs.yml's custom tags (!ENV, !!python/name:…) as plain values.

    We only need a few scalar settings; failing on a tag that MkDocs understands would be wrong,
    and constructing Python objects from it would be unsafe.
    """


def _construct_any(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if suffix == "ENV":  # MkDocs' !ENV [NAME, …, default]: first variable set, else the default
        names = (
            [loader.construct_scalar(node)]
            if isinstance(node, yaml.ScalarNode)
            else [loader.construct_object(child) for child in node.value]
        )  # type: ignore[union-attr]
        for name in names[:-1] if len(names) > 1 else names:
            if os.environ.get(str(name)):
                return os.environ[str(name)]
        return names[-1] if len(names) > 1 else None
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _construct_any)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_any)


def _positive_int(digest: dict[str, Any], key: str, default: int, problems: list[str]) -> int:
    value = digest.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(f"extra.digest.{key} must be a whole number ≥ 1 (got {value!r})")
        return default
    return value


def _optional_text(digest: dict[str, Any], key: str, problems: list[str]) -> str | None:
    value = digest.get(key)
    if value is not None and not (isinstance(value, str) and value.strip()):
        problems.append(f"extra.digest.{key} must be a non-empty text (got {value!r})")
        return None
    return value


def _path(
    settings: dict[str, Any], key: str, default: str, problems: list[str], prefix: str = ""
) -> str:
    """A file or folder setting: a non-empty text. `str()` of anything else built from a
    folder named "5" or "['a']" and went on quietly, untagged or with no reports."""
    value = settings.get(key)
    if value is None:  # unset, empty or an unset `!ENV` variable: the default, as MkDocs reads it
        return default
    if not (isinstance(value, str) and value.strip()):
        problems.append(
            f"{prefix}{key} must be a path as text, relative to the project folder or absolute "
            f"(got {value!r}); e.g. {key}: {default}"
        )
        return default
    return value


def load_config(root: Path, config_file: str = "mkdocs.yml") -> Config:
    """Read `root/config_file`; raise ConfigError listing every problem found, not just the first."""
    path = root / config_file
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except FileNotFoundError:
        raise ConfigError(
            f"{config_file}: not found in {root}; run briefing from the project folder"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{config_file}{where}: not valid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{config_file}: expected a mapping of settings at the top level")

    problems: list[str] = []
    extra = raw.get("extra") or {}
    digest = extra.get("digest") or {} if isinstance(extra, dict) else {}
    if not isinstance(digest, dict):
        problems.append("extra.digest must be a mapping of settings")
        digest = {}

    site_url = raw.get("site_url")
    if site_url is not None:
        site_url = str(site_url).strip()
        if not site_url.startswith(("http://", "https://")):
            problems.append(f"site_url must be an absolute http(s) URL (got {site_url!r})")
            site_url = None
        elif not site_url.endswith("/"):
            site_url += "/"

    formats = digest.get("feeds", list(DEFAULT_FORMATS))
    if formats is False or formats == []:
        feed_formats: tuple[str, ...] = ()
    elif isinstance(formats, list) and all(f in DEFAULT_FORMATS for f in formats):
        feed_formats = tuple(formats)
    else:
        problems.append(
            f"extra.digest.feeds must be a list drawn from {list(DEFAULT_FORMATS)}, or false "
            f"(got {formats!r})"
        )
        feed_formats = DEFAULT_FORMATS
    if feed_formats and site_url is None:
        problems.append(
            "site_url is not set, but feeds need absolute links: set site_url in mkdocs.yml "
            "(e.g. https://example.org/briefing/), or switch feeds off with extra.digest.feeds: false"
        )

    feed_ids_from = _optional_text(digest, "feed_ids_from", problems)
    if feed_ids_from is not None:
        feed_ids_from = feed_ids_from.strip()
        if not feed_ids_from.startswith(("http://", "https://")):
            problems.append(
                "extra.digest.feed_ids_from must be the absolute http(s) address the feeds were "
                f"first published at (got {feed_ids_from!r})"
            )
            feed_ids_from = None
        elif not feed_ids_from.endswith("/"):
            feed_ids_from += "/"

    theme = raw.get("theme") or {}
    icon = _optional_text(digest, "icon", problems)
    if icon is None and isinstance(theme, dict) and theme.get("favicon") is not None:
        favicon = theme["favicon"]
        if isinstance(favicon, str) and favicon.strip():
            icon = favicon
        else:
            problems.append(f"theme.favicon must be a path as text (got {favicon!r})")

    config = Config(
        root=root,
        site_name=str(raw.get("site_name") or "Briefing Digest"),
        site_url=site_url,
        site_description=str(raw.get("site_description") or ""),
        docs_dir=root / _path(raw, "docs_dir", "docs", problems),
        site_dir=root / _path(raw, "site_dir", "site", problems),
        seeds_dir=root / _path(digest, "seeds_dir", DEFAULT_SEEDS, problems, "extra.digest."),
        taxonomy_path=root / _path(digest, "taxonomy", "taxonomy.yml", problems, "extra.digest."),
        cache_dir=root / _path(digest, "cache_dir", ".cache/briefing", problems, "extra.digest."),
        language=str((theme.get("language") if isinstance(theme, dict) else None) or "en"),
        feed_title=_optional_text(digest, "feed_title", problems),
        feed_limit=_positive_int(digest, "feed_limit", 50, problems),
        feed_formats=feed_formats,
        feeds_enabled=bool(feed_formats),
        summary_sentences=_positive_int(digest, "summary_sentences", 3, problems),
        max_report_bytes=_positive_int(digest, "max_report_bytes", 2 * 1024 * 1024, problems),
        home_reports=_positive_int(digest, "home_reports", 12, problems),
        archive_page_size=_positive_int(digest, "archive_page_size", 50, problems),
        icon=icon,
        feed_ids_from=feed_ids_from,
        extra=digest,
    )
    if problems:
        raise ConfigError(f"{config_file}: " + "; ".join(problems))
    return config
