"""Read the optional YAML front matter of a report: the user's word overrides anything detected."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from briefing.model import Issue, Severity
from briefing.text import is_reserved_slug, one_line

KNOWN_KEYS = (
    "title",
    "date",
    "source",
    "authors",
    "tags",
    "summary",
    "url",
    "draft",
    "slug",
    "encoding",
)
# An opening fence followed by a known setting, with no closing fence anywhere: without this check
# the settings would be published as the first paragraph of the report.
_UNCLOSED = re.compile(rf"\A---[ \t]*\n(?:{'|'.join(KNOWN_KEYS)})[ \t]*:")
_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_first_line: int = 1  # 1-based line number of the body's first line in the file
    issues: tuple[Issue, ...] = ()

    @property
    def failed(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Separate a leading `---` … `---` YAML block from the body and validate its keys."""
    match = _FENCE.match(text)
    if not match:
        if _UNCLOSED.match(text):
            return FrontMatter(
                body=text,
                issues=(
                    Issue(
                        path,
                        "front matter starts here but is never closed; add a line '---' after "
                        "its last setting (or remove the opening '---' if it is not front matter)",
                        line=1,
                    ),
                ),
            )
        return FrontMatter(body=text)
    block = match.group(1) or ""
    body = text[match.end() :]
    first_line = text[: match.end()].count("\n") + 1
    try:
        values = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 2 if mark else None  # +1 for 1-based, +1 for the opening ---
        column = mark.column + 1 if mark else None
        return FrontMatter(
            body=body,
            body_first_line=first_line,
            issues=(
                Issue(
                    path,
                    f"front matter is not valid YAML ({problem}); fix it, or remove the --- lines if the "
                    "text is not front matter",
                    line=line,
                    column=column,
                ),
            ),
        )
    if values is None:
        values = {}
    if not isinstance(values, dict):
        # A report may open with a rule made of dashes: then this was never front matter.
        return FrontMatter(
            body=text,
            issues=(
                Issue(
                    path,
                    "starts with '---' but what follows is not a list of 'key: value' settings; "
                    "treated it as report text",
                    Severity.WARNING,
                    line=1,
                ),
            ),
        )

    issues: list[Issue] = []
    clean: dict[str, Any] = {}
    for key, value in values.items():
        name = str(key)
        line = _line_of_key(block, name)
        if name not in KNOWN_KEYS:
            close = difflib.get_close_matches(name, KNOWN_KEYS, n=1)
            hint = (
                f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(KNOWN_KEYS)}"
            )
            issues.append(
                Issue(
                    path,
                    f"unknown front matter key '{name}' (ignored); {hint}",
                    Severity.WARNING,
                    line=line,
                )
            )
            continue
        checked, problem = _check_value(name, value)
        if problem:
            issues.append(Issue(path, f"front matter '{name}': {problem}", line=line))
        else:
            clean[name] = checked
    return FrontMatter(clean, body, first_line, tuple(issues))


def _line_of_key(block: str, key: str) -> int | None:
    for number, line in enumerate(block.split("\n"), start=2):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return number
    return None


def _string_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        items = [part for part in re.split(r"[;,]", value)]
    elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        items = [str(v) for v in value]
    else:
        return None
    return tuple(item for item in (one_line(i) for i in items) if item)


def _check_value(key: str, value: Any) -> tuple[Any, str | None]:
    if key == "date":
        parsed = parse_date(value)
        if parsed is None:
            return None, (
                f"cannot read {value!r} as a date; write it as YYYY-MM-DD "
                "(optionally with a time, e.g. 2024-03-05T09:30:00+09:00)"
            )
        return parsed, None
    if key in ("authors", "tags"):
        items = _string_list(value)
        if items is None:
            return None, "expected a list of names, e.g. [Jane Doe, John Roe]"
        return items, None
    if key == "summary":
        if isinstance(value, str):
            return (one_line(value),), None
        items = _string_list(value)
        if items is None:
            return None, "expected a sentence or a list of sentences"
        return items, None
    if key == "draft":
        if not isinstance(value, bool):
            return None, "expected true or false"
        return value, None
    if key == "url":
        url = one_line(str(value))
        if not re.match(r"https?://[^\s<>\"']+\Z", url):
            return None, f"expected an absolute http(s) URL (got {url!r})"
        return url, None
    if key == "slug":
        slug = str(value)
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) or len(slug) > 80:
            return (
                None,
                "a slug is lowercase ASCII letters, digits and single hyphens, at most 80 characters",
            )
        if is_reserved_slug(slug):
            return None, f"'{slug}' is a reserved name; choose another slug, e.g. '{slug}-report'"
        return slug, None
    if isinstance(value, dict | list) or value is None:
        return None, "expected a single line of text"
    text = one_line(str(value))
    if not text:
        return None, "is empty"
    return text, None


_TEXT_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d")


def parse_date(value: Any) -> dt.datetime | None:
    """Read a date the way users write them; a date without a time means midnight UTC."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    except ValueError:
        pass
    for fmt in _TEXT_DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None
