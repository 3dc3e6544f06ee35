"""Front matter written to hurt: alias bombs, dates that do not exist, lone surrogates, thousands
of keys, duplicate keys, tags that make bytes, control characters. Each becomes an issue with a
line (or is read as the user meant), never a crash, a hang or a message the size of a file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.frontmatter_in import FrontMatter, split_front_matter
from briefing.ingest import DateHints, ingest
from briefing.model import Seed, Severity

PATH = "seeds/r.txt"
BODY = (
    "Border trade between Sinuiju and Dandong resumed on Monday after a two-week pause, "
    "traders said.\n"
)
# A message names the file and line and says what to do; anything longer than this is echoing
# the input back.
MAX_MESSAGE = 400


def fm(*lines: str, body: str = BODY) -> FrontMatter:
    return split_front_matter(
        "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" + body, PATH
    )


def only_issue(front: FrontMatter) -> tuple[int | None, str, Severity]:
    assert len(front.issues) == 1, [str(i) for i in front.issues]
    issue = front.issues[0]
    return issue.line, issue.message, issue.severity


def assert_safe(front: FrontMatter) -> None:
    """Every message is short, encodable and free of raw control or bidi characters."""
    for issue in front.issues:
        text = str(issue)
        assert len(issue.message) <= MAX_MESSAGE, text[:200]
        text.encode("utf-8")  # a lone surrogate would raise here, as the build's record did
        assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", text)


def bomb(levels: int, key: str) -> list[str]:
    lines = ["title: bomb", "z0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    lines += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 10)}]" for n in range(1, levels + 1)]
    return [*lines, f"{key}: *a{levels}"]


# 1. Alias bombs --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["date", "url", "slug", "title", "unknown"])
def test_alias_bomb_is_refused_at_its_first_anchor(key: str) -> None:
    # Four levels (10,000 items) is harmless to build but would print a 50 KB repr for date;
    # the reviewer's seven levels took 1.5 GB (date) and over 8.9 GB (url).
    front = fm(*bomb(4, key))
    line, message, severity = only_issue(front)
    assert (line, severity) == (3, Severity.ERROR)
    assert "YAML anchor '&a0'" in message and "write each value out in full" in message
    assert front.failed and front.values == {}
    assert_safe(front)


def test_alias_is_refused_on_its_own_line() -> None:
    front = split_front_matter(
        "---\ntitle: Grain prices\nsource: &s Daily NK\nauthors: [*s]\n---\n" + BODY, PATH
    )
    # the anchor comes first, so it is what the user is told about
    assert only_issue(front)[:2] == (
        3,
        "front matter uses the YAML anchor '&s'; remove it and write each value out in full "
        "(anchors and aliases are not accepted in front matter)",
    )


def test_alias_without_a_known_anchor_is_still_an_error() -> None:
    line, message, _ = only_issue(fm("title: x", "source: *nowhere"))
    assert line == 3 and "*nowhere" in message


def test_messages_never_embed_an_unbounded_value() -> None:
    long_text = "x" * 10_000
    # a plain key is at most 1,024 characters; '? ' writes a key of any length
    front = fm(f"date: '{long_text}'", f"? {long_text}", ": 1", f"url: '{long_text}'")
    assert len(front.issues) == 3
    assert_safe(front)
    assert all("..." in issue.message for issue in front.issues)


def test_yaml_error_quoting_a_long_tag_is_cut_short() -> None:
    """PyYAML's own message quotes the tag, which can be as long as the file."""
    front = fm("title: !<tag:example.org," + "a" * 10_000 + "> x")
    line, message, _ = only_issue(front)
    assert line == 2
    assert message.startswith("front matter is not valid YAML (could not determine a constructor")
    assert_safe(front)


# 2. Dates that do not exist, and other values PyYAML raises on --------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-02-30", "day is out of range for month"),
        ("2024-13-01", "month must be in 1..12"),
        ("2023-02-29", "day is out of range for month"),
        ("2024-03-05 10:00:00 +99:00", "the time zone offset must be less than 24 hours"),
    ],
)
def test_date_that_does_not_exist_is_an_error_on_its_line(value: str, reason: str) -> None:
    line, message, severity = only_issue(fm("title: x", f"date: {value}"))
    assert (line, severity) == (3, Severity.ERROR)
    assert message == (
        f"front matter value '{value}' is not a date that exists ({reason}); write a real date "
        "as YYYY-MM-DD (e.g. 2024-03-05), or put the value in quotes if it is not meant as a date"
    )


def test_bad_date_fails_only_its_own_report() -> None:
    """ingest returns issues for the file instead of raising out of the whole build."""
    text = f"---\ntitle: Bad date\ndate: 2024-02-30\n---\n\n{BODY}"
    result = ingest(Seed(Path("/x/r.txt"), "r.txt", text.encode()), dates=DateHints())
    assert result.report is None
    assert [str(i).split(": error: ")[0] for i in result.issues] == ["seeds/r.txt:3:7"]


@pytest.mark.parametrize(
    ("line", "expect"),
    [
        ("title: !!int abc", "cannot be read as '!!int'"),
        ("title: !!float abc", "cannot be read as '!!float'"),
        ("draft: !!bool maybe", "cannot be read as '!!bool'"),
        ("date: !!timestamp someday", "cannot be read as '!!timestamp'"),
        ("tags: [!!int x]", "cannot be read as '!!int'"),
        ("title: !!int", "cannot be read as '!!int'"),  # empty: an IndexError in PyYAML
        ("title: !!float", "cannot be read as '!!float'"),
        ("draft: !!bool", "cannot be read as '!!bool'"),
        ("title: " + "1" * 5000, "number is 5,000 characters long"),  # int() refuses > 4,300
        ("title: 0x" + "f" * 4000, "number is 4,002 characters long"),  # str() would refuse
        ("title: 1" + ":1" * 300 + ".5", "number is 603 characters long"),  # float overflow
        ("title: " + "[" * 5000 + "]" * 5000, "nested more than 8 levels deep"),  # recursion
    ],
)
def test_value_that_crashed_the_loader_is_an_error(line: str, expect: str) -> None:
    error_line, message, severity = only_issue(fm("source: x", line))
    assert (error_line, severity) == (3, Severity.ERROR)
    assert expect in message
    assert len(message) <= MAX_MESSAGE


# 3. Lone surrogates -----------------------------------------------------------------------------


def test_lone_surrogate_in_a_key_never_leaves_the_parser() -> None:
    front = fm("title: Surrogate key", '"\\ud800bad": 1', "date: 2024-03-05")
    assert_safe(front)
    assert [(i.line, i.severity) for i in front.issues] == [(3, Severity.WARNING)] * 2
    assert "'\\ud800' is half of a UTF-16 surrogate pair" in front.issues[0].message
    assert "unknown front matter key '\ufffdbad'" in front.issues[1].message
    assert front.values["title"] == "Surrogate key"


def test_lone_surrogate_in_values_becomes_replacement_character_with_a_warning() -> None:
    front = fm('title: "Grain \\ud800 prices"', 'authors: ["Kim \\udc00"]')
    assert front.values["title"] == "Grain \ufffd prices"
    assert front.values["authors"] == ("Kim \ufffd",)
    assert [(i.line, i.severity) for i in front.issues] == [
        (2, Severity.WARNING),
        (3, Severity.WARNING),
    ]
    assert_safe(front)
    for value in (front.values["title"], *front.values["authors"]):
        value.encode("utf-8")


def test_escaped_surrogate_pair_is_the_character_it_encodes() -> None:
    front = fm('title: "Grain prices \\ud83d\\udcc8"')
    assert front.values["title"] == "Grain prices \U0001f4c8"
    assert front.issues == ()


# 4. Line numbers in one pass --------------------------------------------------------------------


def test_line_numbers_of_many_keys() -> None:
    """5,000 keys: warnings have their key's line (the rescan per key took 12 s here), and past
    ten unknown keys one warning counts the rest instead of printing 4,990 more lines."""
    keys = [f"k{n}: v" for n in range(5000)]
    front = fm("title: Many keys", *keys, "draft: maybe")
    lines = [issue.line for issue in front.issues]
    assert lines == [*range(3, 14), 5003]
    assert front.issues[0].message.startswith("unknown front matter key 'k0' (ignored);")
    assert front.issues[10].message.startswith("4,990 more unknown front matter keys (ignored);")
    assert front.issues[-1].message == "front matter 'draft': expected true or false"
    assert front.values == {"title": "Many keys"}


def test_line_numbers_of_keys_written_in_quotes_or_as_null() -> None:
    front = fm("title: x", '"draft": maybe', "null: 3", "'tags': {a: b}")
    assert [(i.line, i.message.split(";")[0]) for i in front.issues] == [
        (3, "front matter 'draft': expected true or false"),
        (4, "unknown front matter key 'null' (ignored)"),  # as written, not Python's None
        (5, "front matter 'tags': expected a list of names, e.g. [Jane Doe, John Roe]"),
    ]


# 5. Blank lines before the opening fence -----------------------------------------------------


@pytest.mark.parametrize("lead", ["\n", "\n\n\n", "   \n\t\n", " \n"])
def test_front_matter_after_leading_blank_lines(lead: str) -> None:
    text = (
        f"{lead}---\ntitle: Leading blank line\ndate: 2024-03-05\nsource: Daily NK\n---\n\n{BODY}"
    )
    front = split_front_matter(text, PATH)
    assert front.issues == ()
    assert front.values["title"] == "Leading blank line" and front.values["source"] == "Daily NK"
    assert front.body == "\n" + BODY
    assert front.body_first_line == lead.count("\n") + 6


def test_leading_blank_lines_keep_issue_and_body_line_numbers() -> None:
    text = f"\n\n---\ndate: 2024-03-05\ndraft: maybe\n---\n\n{BODY}"
    assert only_issue(split_front_matter(text, PATH))[0] == 5
    text = f"\n\n---\ndate: 2024-02-30\n---\n\n{BODY}"
    assert only_issue(split_front_matter(text, PATH))[0] == 4
    text = f"\n\n---\ntitle: Never closed\n\n{BODY}"
    assert only_issue(split_front_matter(text, PATH))[0] == 3


def test_leading_blank_lines_in_a_whole_report() -> None:
    text = (
        "\n\n---\ndate: 2024-03-05\nsource: Daily NK\n---\n\n"
        f"Grain prices climb in Hyesan\n\n{BODY}\nPhoto: Yonhap\n"
    )
    result = ingest(Seed(Path("/x/r.txt"), "r.txt", text.encode()), dates=DateHints())
    report = result.report
    assert report is not None and report.source == "Daily NK"
    assert report.date == dt.datetime(2024, 3, 5, tzinfo=dt.UTC)
    assert report.title == "Grain prices climb in Hyesan"
    lines = text.split("\n")
    headline, credit = (
        lines.index("Grain prices climb in Hyesan") + 1,
        lines.index("Photo: Yonhap") + 1,
    )
    assert f"title: line {headline} reads like a headline" in report.explanations
    assert any(e.startswith(f"dropped line {credit} (photo-credit)") for e in report.explanations)


def test_encoding_after_leading_blank_lines_is_a_setting_like_the_others() -> None:
    front = split_front_matter(f"\n---\ntitle: x\nencoding: cp1252\n---\n{BODY}", PATH)
    assert front.issues == () and front.values["encoding"] == "cp1252"


# 6. Duplicate keys ----------------------------------------------------------------------------


def test_duplicate_key_warns_on_its_line_and_says_which_value_is_used() -> None:
    front = fm("title: dup", "date: 2024-01-01", "title: dup2")
    assert only_issue(front) == (
        4,
        "front matter key 'title' is set again here (first on line 2); this later value is used. "
        "Remove the line you do not mean",
        Severity.WARNING,
    )
    assert front.values["title"] == "dup2"


def test_key_written_three_times_warns_twice_naming_the_first_line() -> None:
    front = fm("tilte: a", "tilte: b", "tilte: c")
    duplicates = [i for i in front.issues if "set again" in i.message]
    assert [(i.line, "(first on line 2)" in i.message) for i in duplicates] == [
        (3, True),
        (4, True),
    ]


def test_keys_that_python_finds_equal_are_not_called_duplicates() -> None:
    """`1:` and `true:` are one key to Python (1 == True); they were named as one set twice."""
    front = fm("1: a", "true: b", "1.0: c")
    assert not [i for i in front.issues if "set again" in i.message]
    # each is named as written, on its own line (one of them was lost)
    unknown = [(i.line, i.message.split(" (")[0]) for i in front.issues]
    assert unknown == [
        (2, "unknown front matter key '1'"),
        (3, "unknown front matter key 'true'"),
        (4, "unknown front matter key '1.0'"),
    ]


def test_merged_keys_overridden_by_the_mapping_are_not_duplicates() -> None:
    front = fm("<<: {title: merged, source: Daily NK}", "title: own")
    assert front.values == {"title": "own", "source": "Daily NK"}
    assert front.issues == ()


# 7. Values that are not text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("title: !!binary aGVsbG8=", "front matter 'title': expected a single line of text"),
        ("source: !!set {a, b}", "front matter 'source': expected a single line of text"),
        (
            "url: !!binary aGVsbG8=",
            "front matter 'url': expected an absolute http(s) URL (got b'hello')",
        ),
        ("url: [https://example.org/]", "front matter 'url': expected an absolute http(s) URL"),
        ("slug: !!binary aGVsbG8=", "front matter 'slug': a slug is lowercase ASCII letters"),
        ("authors: [!!binary aGVsbG8=]", "front matter 'authors': expected a list of names"),
    ],
)
def test_value_that_is_not_text_is_refused(line: str, message: str) -> None:
    error_line, got, severity = only_issue(fm("date: 2024-03-05", line))
    assert (error_line, severity) == (3, Severity.ERROR)
    assert got.startswith(message)


@pytest.mark.parametrize("empty", ["", " ''", ' ""', " ~", " null", "   "])
def test_a_key_left_empty_is_not_given(empty: str) -> None:
    """As `briefing new` writes a report's template ("source: ''" when no --source): the
    report failed with "front matter 'source': is empty" until the line was deleted."""
    lines = [f"{key}:{empty}" for key in ("title", "source", "date", "url", "slug", "draft")]
    front = fm(*lines, "encoding:" + empty, "summary:" + empty)
    assert front.values == {}
    assert front.issues == ()


def test_an_empty_source_leaves_the_report_s_own_evidence_to_decide() -> None:
    data = (
        b"---\ntitle: ''\nsource: ''\ndate:\n---\nHYESAN, March 5, 2024 - Rice rose in Hyesan, a "
        b"source told Daily NK. Traders said deliveries had slowed before the harvest.\n"
    )
    result = ingest(Seed(Path(PATH), "x.txt", data))
    assert result.issues == ()
    assert result.report is not None
    assert result.report.source == "Daily NK"
    assert result.report.title.startswith("Rice rose in Hyesan")
    assert result.report.date.date() == dt.date(2024, 3, 5)


def test_numbers_and_dates_are_still_text_where_text_is_expected() -> None:
    front = fm("title: 2024", "source: 2024-03-05", "slug: 2024")
    assert front.values == {"title": "2024", "source": "2024-03-05", "slug": "2024"}


# 8. Control characters, ANSI escapes and bidi overrides in messages -------------------------


def test_control_and_bidi_characters_are_escaped_in_messages() -> None:
    front = fm(
        "title: x",
        '"\\e[31mred\\e[0m": 1',
        '"\\x00nul\\u202e": 2',
        '"\\u2066isolate\\x9b": 3',
        'date: "\\e[2J\\u202egone"',
    )
    assert_safe(front)
    messages = [i.message for i in front.issues]
    assert "unknown front matter key '\\x1b[31mred\\x1b[0m' (ignored)" in messages[0]
    assert "unknown front matter key '\\x00nul\\u202e' (ignored)" in messages[1]
    assert "unknown front matter key '\\u2066isolate\\x9b' (ignored)" in messages[2]
    assert "cannot read '\\x1b[2J\\u202egone' as a date" in messages[3]


# 9. Where a YAML syntax error is reported -------------------------------------------------------

ADVICE = "; fix it, or remove the --- lines if the text is not front matter"


@pytest.mark.parametrize(
    ("lines", "where", "explanation"),
    [
        # YAML notices the missing quote only at the closing fence (line 4): the error was
        # reported there, after the block, and "while scanning a quoted scalar" was dropped
        (
            ['title: "Broken quote', "source: X"],
            (2, 8),
            "while scanning a quoted scalar that starts here, found unexpected end of stream "
            "on line 4",
        ),
        (
            ["title: T", "source: X", "tags: [a, b", "slug: x"],
            (4, 7),
            "while parsing a flow sequence that starts here, expected ',' or ']', but got ':' "
            "on line 5",
        ),
        (
            ["title: T", "just words", "source: X"],
            (3, 1),
            "while scanning a simple key that starts here, could not find expected ':' on line 4",
        ),
        # a block mapping starts at the top of the block: the mistake is where YAML noticed it
        (
            ["title: T", "- item"],
            (3, 1),
            "expected <block end>, but found '-', while parsing a block mapping that starts on "
            "line 2",
        ),
        (
            ['title: "a\\q"'],
            (2, 11),
            "while scanning a double-quoted scalar: found unknown escape character 'q'",
        ),
    ],
)
def test_yaml_syntax_error_is_reported_where_the_broken_construct_starts(
    lines: list[str], where: tuple[int, int], explanation: str
) -> None:
    front = fm(*lines)
    assert len(front.issues) == 1, [str(i) for i in front.issues]
    issue = front.issues[0]
    assert (issue.line, issue.column) == where
    assert issue.message == f"front matter is not valid YAML ({explanation}){ADVICE}"
    assert front.failed
    assert_safe(front)


def test_yaml_syntax_error_line_counts_blank_lines_before_the_fence() -> None:
    front = split_front_matter('\n\n---\ntitle: "Broken quote\nsource: X\n---\n' + BODY, PATH)
    assert str(front.issues[0]) == (
        "seeds/r.txt:4:8: error: front matter is not valid YAML (while scanning a quoted scalar "
        f"that starts here, found unexpected end of stream on line 6){ADVICE}"
    )
