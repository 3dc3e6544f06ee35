"""Read the optional YAML front matter of a report: the user's word overrides anything detected."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import reprlib
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node

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
# the settings would be published as the first paragraph of the report. Both patterns are matched
# where the first non-blank line starts: an editor or a copy from an e-mail easily leaves a blank
# line above the opening fence, and the user still means front matter.
_UNCLOSED = re.compile(rf"---[ \t]*\n(?:{'|'.join(KNOWN_KEYS)})[ \t]*:")
_FENCE = re.compile(r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_LEADING_BLANKS = re.compile(r"(?:[ \t]*\n)*")


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_first_line: int = 1  # 1-based line number of the body's first line in the file
    issues: tuple[Issue, ...] = ()
    # the file's line of each accepted setting, for problems found later (a date out of range)
    lines: dict[str, int] = field(default_factory=dict)
    # settings whose value was refused (an error each): the rest were read, so the report can
    # still be checked for its other problems, though it is not published
    refused: frozenset[str] = frozenset()

    @property
    def failed(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)


# Anything echoed from a key or value into a message goes through _shown: escaped as repr() does
# (control characters, ANSI escapes, bidi overrides and surrogates become \x1b, \u202e, …) and cut
# short, so a hostile value can neither restyle the terminal nor fill the log.
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdict = 4
_REPR.maxlevel = 2


def _shown(value: Any) -> str:
    """A short, escaped form of a front matter key or value, safe to put in a message."""
    return _REPR.repr(value)


def _clipped(problem: str, limit: int = 160) -> str:
    """PyYAML's own description of a problem, cut short: it quotes tags and tokens from the input
    (a tag can be as long as the file), mostly but not always escaped."""
    text = problem if len(problem) <= limit else problem[:limit] + "…"
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


# Settings are a flat mapping whose values are at most lists of names; nothing needs deeper
# nesting, and an unbounded depth exhausts Python's recursion limit while YAML is composed.
_MAX_DEPTH = 8
# No setting is a number this long; Python refuses to turn longer integers into text (4,300
# digits), and a sexagesimal YAML 1.1 integer (1:2:3:…) takes quadratic time to compute.
_MAX_NUMBER_CHARS = 64
# Past this many unknown keys one warning counts the rest: a block of 20,000 made 20,000 lines.
_UNKNOWN_KEYS_NAMED = 10
_SURROGATE = re.compile("[\ud800-\udfff]")
_TAG_PREFIX = "tag:yaml.org,2002:"


class _Refused(yaml.MarkedYAMLError):
    """YAML that front matter does not accept; `problem` holds the whole message."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(problem=message, problem_mark=mark)


class _Checks:
    """SafeLoader that refuses what could hurt the build and notes what the user should know.

    Anchors and aliases are refused: seven lines of aliases expand to gigabytes once a value is
    turned into text. Dates that do not exist, over-long numbers and values their tag cannot
    read are errors with a line instead of a crash of the whole build. A key written twice and
    a lone UTF-16 surrogate are warnings. The line of each top-level key is recorded in the one
    pass that builds the mapping (a rescan per key was quadratic).
    """

    def __init__(self, block: str, first_line: int) -> None:
        super().__init__(block)
        self.first_line = first_line  # the file's line number of the block's first line
        self.root: Node | None = None
        self.key_lines: dict[Any, int] = {}  # top-level key → its line in the file
        self.notes: list[tuple[int, str]] = []  # (line in the file, warning)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(
                f"front matter uses the YAML alias {_shown('*' + event.anchor)}; write the value "
                "out in full instead (anchors and aliases are not accepted in front matter)",
                event.start_mark,
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(
                f"front matter uses the YAML anchor {_shown('&' + anchor)}; remove it and write "
                "each value out in full (anchors and aliases are not accepted in front matter)",
                event.start_mark,
            )
        if self._depth >= _MAX_DEPTH:
            raise _Refused(
                f"front matter is nested more than {_MAX_DEPTH} levels deep; a setting is a "
                "single value or a list of values, e.g. tags: [Markets, Trade]",
                event.start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        """A value its tag cannot read (`!!int abc`, `!!bool maybe`) is an error, not a crash."""
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
            tag = node.tag.replace(_TAG_PREFIX, "!!")
            raise _Refused(
                f"front matter value {_shown(node.value)} cannot be read as {_shown(tag)} "
                f"({_shown(str(exc))}); fix the value, or remove the tag",
                node.start_mark,
            ) from exc

    def construct_scalar(self, node: Node) -> Any:
        """Join escaped surrogate pairs ("\\ud83d\\ude00" is one emoji, as in JSON); replace a
        lone surrogate with U+FFFD and warn: it is no character, and writing it to a UTF-8
        file (a page, the build's record) fails, in this build and every later one."""
        value = super().construct_scalar(node)
        if isinstance(value, str) and _SURROGATE.search(value):
            lone = _lone_surrogates(value)
            value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
            if lone:
                self.notes.append(
                    (
                        self.first_line + node.start_mark.line,
                        f"front matter: {_shown(lone[0])} is half of a UTF-16 surrogate pair, "
                        "not a character; replaced it with U+FFFD. Write the character itself "
                        "(or both halves of the pair, e.g. \\ud83d\\ude00)",
                    )
                )
        return value

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        """SafeConstructor's mapping, plus a warning for a key written twice (YAML lets the last
        one win without a word) and the line of each top-level key."""
        if not isinstance(node, MappingNode):
            raise ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        merge = _TAG_PREFIX + "merge"
        own = sum(1 for key_node, _ in node.value if key_node.tag != merge)
        self.flatten_mapping(node)
        first_own = len(node.value) - own  # merged entries come first: own keys override them
        mapping: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        first: dict[tuple[type, Any], int] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            key = self.construct_object(key_node, deep=deep)
            if node is self.root and not isinstance(key, str) and key_node.id == "scalar":
                key = key_node.value  # a setting's name as written: `true:` is the key 'true'
            if not isinstance(key, Hashable):
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                )
            line = self.first_line + key_node.start_mark.line
            if index >= first_own:
                written = (type(key), key)  # `1:`, `1.0:` and `true:` are equal keys to Python
                if written in first:
                    self.notes.append(
                        (
                            line,
                            f"front matter key {_shown(str(key))} is set again here (first on "
                            f"line {first[written]}); this later value is used. Remove the line "
                            "you do not mean",
                        )
                    )
                first.setdefault(written, line)
                lines[key] = line  # the line of the value that is used
            mapping[key] = self.construct_object(value_node, deep=deep)
        if node is self.root:
            self.key_lines = lines
        return mapping

    def construct_yaml_int(self, node: Node) -> int:
        _check_number_length(node)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: Node) -> float:
        _check_number_length(node)
        return super().construct_yaml_float(node)

    def construct_yaml_timestamp(self, node: Node) -> dt.date:
        """PyYAML raises a bare ValueError for 2024-02-30: make it an error on its line."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            reason = str(exc)
            if "offset" in reason:  # datetime.timezone's long "strictly between …" message
                reason = "the time zone offset must be less than 24 hours"
            raise _Refused(
                f"front matter value {_shown(node.value)} is not a date that exists ({reason}); "
                "write a real date as YYYY-MM-DD (e.g. 2024-03-05), or put the value in quotes "
                "if it is not meant as a date",
                node.start_mark,
            ) from exc


class _Loader(_Checks, yaml.SafeLoader):
    """The checks on PyYAML's pure-Python SafeLoader."""


_FastLoader: type[_Checks] | None = None  # PyYAML built without libyaml has only _Loader
try:
    from yaml.cyaml import CParser
except ImportError:
    pass
else:

    class _LibyamlSafeLoader(
        yaml.composer.Composer,  # before CParser: nodes are composed in Python, with the checks
        CParser,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """SafeLoader's parts on libyaml's parser: scanning and parsing front matter in pure
        Python took more time than all the rest of ingest (0.6 of 1.3 ms per report)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    class _LibyamlLoader(_Checks, _LibyamlSafeLoader):
        """The same checks, on libyaml's parser."""

    _FastLoader = _LibyamlLoader


# SafeConstructor dispatches on a table of functions, not on methods: register the overrides.
for _loader in (_Loader, _FastLoader):
    if _loader is not None:
        _loader.add_constructor(_TAG_PREFIX + "int", _Checks.construct_yaml_int)
        _loader.add_constructor(_TAG_PREFIX + "float", _Checks.construct_yaml_float)
        _loader.add_constructor(_TAG_PREFIX + "timestamp", _Checks.construct_yaml_timestamp)


def _check_number_length(node: Node) -> None:
    if len(node.value) > _MAX_NUMBER_CHARS:
        raise _Refused(
            f"front matter number is {len(node.value):,} characters long, longer than any "
            f"setting needs (at most {_MAX_NUMBER_CHARS}); put it in quotes if it is text",
            node.start_mark,
        )


def _lone_surrogates(text: str) -> list[str]:
    """The surrogates in `text` that are not half of a high-low pair."""
    lone: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if "\ud800" <= char <= "\udbff" and "\udc00" <= text[index + 1 : index + 2] <= "\udfff":
            index += 2
            continue
        if "\ud800" <= char <= "\udfff":
            lone.append(char)
        index += 1
    return lone


# What libyaml reads and PyYAML's own parser refuses, besides tabs: a block scalar's header run
# into a comment ("title: |#"). Such a block goes to PyYAML's parser, so users get its message.
_LIBYAML_LENIENT = re.compile(r"[|>][-+0-9]*#")


def _load(block: str, first_line: int) -> tuple[Any, dict[Any, int], list[tuple[int, str]]]:
    """Parse the block: (value, line of each top-level key, warnings). libyaml reads it when it
    can; what libyaml refuses is read again by PyYAML's own parser, whose messages and leniency
    (an escaped surrogate pair such as "\\ud83d\\ude00" is one character) are the ones users see."""
    if _FastLoader is not None and not _LIBYAML_LENIENT.search(block):
        try:
            return _parse(_FastLoader, block, first_line)
        except _Refused:
            raise  # one of our checks, which PyYAML's parser would meet too
        except yaml.YAMLError:
            pass
    return _parse(_Loader, block, first_line)


def _parse(
    loader_class: type, block: str, first_line: int
) -> tuple[Any, dict[Any, int], list[tuple[int, str]]]:
    loader = loader_class(block, first_line)
    try:
        loader.root = loader.get_single_node()
        value = loader.construct_document(loader.root) if loader.root is not None else None
        return value, loader.key_lines, loader.notes
    finally:
        loader.dispose()


# What PyYAML was reading when it failed, where that has to be closed: a quote, a bracket, a
# block scalar, a key still waiting for its colon. When YAML notices on a later line, the mistake
# is where the construct starts ("title: \"Broken quote" is noticed at the end of the block).
# A block mapping or collection is not one of them: it starts at the top of the block.
_UNCLOSED_CONTEXT = re.compile(r"while (?:scanning|parsing a flow) ")


def yaml_error_where(
    exc: yaml.YAMLError, first_line: int = 1
) -> tuple[str, int | None, int | None]:
    """What PyYAML refused and where the broken construct starts: (explanation, line, column).
    `first_line`: the file's line of the YAML's first line (PyYAML's marks are 0-based)."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    problem_mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark
    explanation = _clipped(problem)
    if context and context_mark and problem_mark and context_mark.line < problem_mark.line:
        noticed = f"{explanation} on line {problem_mark.line + first_line}"
        if _UNCLOSED_CONTEXT.match(context):
            mark = context_mark
            explanation = f"{_clipped(context)} that starts here, {noticed}"
        else:
            starts = context_mark.line + first_line
            explanation = f"{explanation}, {_clipped(context)} that starts on line {starts}"
    elif context:
        explanation = f"{_clipped(context)}: {explanation}"
    return (
        explanation,
        mark.line + first_line if mark else None,
        mark.column + 1 if mark else None,
    )


def _yaml_issue(exc: yaml.YAMLError, path: str, first_line: int) -> Issue:
    """The error for front matter PyYAML refused, at the line where the broken construct starts
    (`first_line`: the file's line of the block's first line)."""
    if isinstance(exc, _Refused):
        mark = exc.problem_mark
        return Issue(path, exc.problem or "", line=mark.line + first_line, column=mark.column + 1)
    explanation, line, column = yaml_error_where(exc, first_line)
    return Issue(
        path,
        f"front matter is not valid YAML ({explanation}); fix it, or remove the --- lines if the "
        "text is not front matter",
        line=line,
        column=column,
    )


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Separate a leading `---` … `---` YAML block from the body and validate its keys."""
    leading = _LEADING_BLANKS.match(text)
    start = leading.end() if leading else 0
    fence_line = text.count("\n", 0, start) + 1
    match = _FENCE.match(text, start)
    if not match:
        if _UNCLOSED.match(text, start):
            return FrontMatter(
                body=text,
                issues=(
                    Issue(
                        path,
                        "front matter starts here but is never closed; add a line '---' after "
                        "its last setting (or remove the opening '---' if it is not front matter)",
                        line=fence_line,
                    ),
                ),
            )
        return FrontMatter(body=text)
    block = match.group(1) or ""
    body = text[match.end() :]
    first_line = text[: match.end()].count("\n") + 1
    try:
        values, key_lines, notes = _load(block, fence_line + 1)
    except yaml.YAMLError as exc:
        return FrontMatter(
            body=body, body_first_line=first_line, issues=(_yaml_issue(exc, path, fence_line + 1),)
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
                    line=fence_line,
                ),
            ),
        )

    issues = [Issue(path, note, Severity.WARNING, line=line) for line, note in notes]
    clean: dict[str, Any] = {}
    lines: dict[str, int] = {}
    refused: set[str] = set()
    unknown = 0
    first_unnamed: int | None = None  # the line of the first unknown key not named
    for key, value in values.items():
        name = str(key)
        line = key_lines.get(key)
        if name not in KNOWN_KEYS:
            unknown += 1
            if unknown > _UNKNOWN_KEYS_NAMED:
                first_unnamed = line if first_unnamed is None else first_unnamed
                continue
            close = difflib.get_close_matches(name, KNOWN_KEYS, n=1)
            hint = (
                f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(KNOWN_KEYS)}"
            )
            issues.append(
                Issue(
                    path,
                    f"unknown front matter key {_shown(name)} (ignored); {hint}",
                    Severity.WARNING,
                    line=line,
                )
            )
            continue
        if value is None or (isinstance(value, str) and not one_line(value)):
            continue  # "source:" or "source: ''", as a template leaves it: not given
        checked, problem = _check_value(name, value)
        if problem:
            issues.append(Issue(path, f"front matter '{name}': {problem}", line=line))
            refused.add(name)
        else:
            clean[name] = checked
            if line is not None:
                lines[name] = line
    if unknown > _UNKNOWN_KEYS_NAMED:
        issues.append(
            Issue(
                path,
                f"{unknown - _UNKNOWN_KEYS_NAMED:,} more unknown front matter keys (ignored); is "
                "this block front matter at all? Remove the --- lines if it is report text",
                Severity.WARNING,
                line=first_unnamed,  # after the ten it counts on from
            )
        )
    issues.sort(key=lambda issue: issue.line or 0)
    return FrontMatter(clean, body, first_line, tuple(issues), lines, frozenset(refused))


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
                f"cannot read {_shown(value)} as a date; write it as YYYY-MM-DD "
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
        url = one_line(value) if isinstance(value, str) else None
        if url is None or not re.match(r"https?://[^\s<>\"']+\Z", url):
            return None, f"expected an absolute http(s) URL (got {_shown(url or value)})"
        return url, None
    if key == "slug":
        slug = str(value) if isinstance(value, str | int) else ""
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) or len(slug) > 80:
            return (
                None,
                "a slug is lowercase ASCII letters, digits and single hyphens, at most 80 characters",
            )
        if is_reserved_slug(slug):
            return None, f"'{slug}' is a reserved name; choose another slug, e.g. '{slug}-report'"
        return slug, None
    # Only what reads as written: bytes (!!binary) would be published as "b'…'" and a set as
    # "{'a', 'b'}". A date or a number is text the user typed (title: 2024 Review).
    if not isinstance(value, str | int | float | dt.date):
        return None, "expected a single line of text"
    return one_line(str(value)), None  # never empty: an empty value is no value (see above)


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
