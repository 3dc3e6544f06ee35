"""Tags from the user's taxonomy (placeholder: whole-phrase, case-insensitive alias matching)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.model import Issue, Tag
from briefing.text import slugify


@dataclass(frozen=True)
class Taxonomy:
    entries: tuple[tuple[Tag, tuple[str, ...]], ...]  # tag and its aliases


def load_taxonomy(path: Path) -> tuple[Taxonomy, list[Issue]]:
    if not path.exists():
        return Taxonomy(()), []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return Taxonomy(()), [
            Issue(path.name, f"not valid YAML ({exc})", line=mark.line + 1 if mark else None)
        ]
    entries = []
    for kind, items in raw.items():
        for name, aliases in (items or {}).items():
            entry_aliases = (*tuple(str(a) for a in aliases or []), str(name))
            entries.append(
                (Tag(str(name), slugify(str(name)), str(kind).rstrip("s")), entry_aliases)
            )
    return Taxonomy(tuple(entries)), []


def match_tags(taxonomy: Taxonomy, title: str, text: str) -> tuple[Tag, ...]:
    haystack = f"{title}\n{text}".lower()
    found = []
    for tag, aliases in taxonomy.entries:
        if any(re.search(rf"\b{re.escape(a.lower())}\b", haystack) for a in aliases):
            found.append(tag)
    return tuple(found)
