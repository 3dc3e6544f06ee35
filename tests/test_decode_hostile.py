"""Decoding inputs a hostile-input review found mishandled.

A CRLF report with front matter hung the build (a pattern over lines backtracked exponentially);
an `encoding:` line in a report's body re-decoded the whole file. Each test says what it guards.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import briefing.decode as decode
from briefing.decode import decode_report
from briefing.ingest import DateHints, ingest
from briefing.model import Seed, Severity

PATH = "seeds/x.txt"
HINTS = DateHints(git_added=dt.datetime(2024, 2, 20, tzinfo=dt.UTC))
LINE = "Traders said rice prices rose again in Hyesan this week, a source said."


def front_matter_report(body_lines: list[str], newline: str = "\n", header: str = "") -> bytes:
    """A report with a three-line front matter block and the given body, with one line end."""
    lines = ["---", "title: Rice prices", "date: 2024-03-05", *header.splitlines(), "---", ""]
    return (newline.join([*lines, *body_lines]) + newline).encode("utf-8")


def published(data: bytes) -> str:
    """Ingest the bytes as a seed and return the report body; fail if it was not published."""
    result = ingest(Seed(Path("x.txt"), "x.txt", data), dates=HINTS)
    assert result.report is not None, [str(issue) for issue in result.issues]
    return "\n".join(block.text for block in result.report.body)


# --- 1. front matter is found in linear time, whatever the line ends --------------------------


def test_a_long_crlf_report_with_front_matter_decodes_as_utf8() -> None:
    """200 CRLF lines: the old pattern took 2^n steps here (it hangs without the fix)."""
    data = front_matter_report([LINE, ""] * 100, newline="\r\n")
    decoded = decode_report(data, PATH)
    assert (decoded.encoding, decoded.issues) == ("utf-8", ())
    assert decoded.text == data.decode("utf-8")


def test_an_unclosed_crlf_front_matter_over_a_long_body_decodes_as_utf8() -> None:
    """The worst case for the old pattern: nothing ends the search for 'encoding:' early."""
    data = ("\r\n".join(["---", "title: Rice prices", *[LINE] * 200]) + "\r\n").encode("utf-8")
    assert decode_report(data, PATH).encoding == "utf-8"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
@pytest.mark.parametrize("closing", ["---", "...", "---  "])
def test_the_front_matter_block_is_the_lines_between_the_fences(
    newline: str, bom: bytes, closing: str
) -> None:
    """Structurally: the block ends at the first closing fence, so the body is never searched."""
    head = newline.join(["---", "title: T", "encoding: cp1252", closing, "", LINE])
    data = bom + (head + newline + "encoding: utf-16" + newline).encode("ascii")
    block = decode._front_matter_block(data)
    assert block == newline.join(["title: T", "encoding: cp1252", ""]).encode("ascii")
    assert decode._declared_encoding(data) == "cp1252"


def test_an_empty_front_matter_block_is_empty() -> None:
    assert decode._front_matter_block(b"---\r\n---\r\n\r\nText.\r\n") == b""


@pytest.mark.parametrize(
    "data",
    [
        b"title: T\nencoding: cp1252\n---\n",  # no opening fence
        b"\n---\nencoding: cp1252\n---\n",  # the opening fence is not the first line
        b"---\nencoding: cp1252\n\nText.\n",  # never closed
        b"---\nencoding: cp1252\n----\n",  # a longer rule is not a fence
        b"----\nencoding: cp1252\n---\n",
    ],
    ids=["no-opening", "blank-first", "unclosed", "long-closing", "long-opening"],
)
def test_no_front_matter_block_declares_nothing(data: bytes) -> None:
    """As split_front_matter reads the file after decoding: no block there, none here."""
    assert decode._front_matter_block(data) is None
    assert decode._declared_encoding(data) is None


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_a_declared_encoding_counts_with_crlf_and_cr_line_ends(newline: str) -> None:
    """Classic Mac line ends were not read before: the declared cp1252 was guessed, with a warning."""
    text = newline.join(
        ["---", "title: Café prices", "encoding: cp1252", "---", "", "“Traders” said.", ""]
    )
    decoded = decode_report(text.encode("cp1252"), PATH)
    assert (decoded.encoding, decoded.issues) == ("cp1252", ())
    assert decoded.text == text


# --- 2. only the front matter may declare the encoding ----------------------------------------


def test_an_encoding_line_in_the_body_is_report_text() -> None:
    """It re-decoded the whole file as UTF-16: CJK mojibake, published without an issue."""
    data = front_matter_report([LINE, "", "encoding: utf-16", "", LINE])
    decoded = decode_report(data, PATH)
    assert (decoded.encoding, decoded.issues) == ("utf-8", ())
    assert "encoding: utf-16" in published(data)


def test_a_body_encoding_line_does_not_refuse_a_valid_utf8_report() -> None:
    """It refused the report, saying falsely that its front matter says 'encoding: ascii'."""
    data = front_matter_report(
        ["Café owners said prices rose, a source said.", "", "encoding: ascii"]
    )
    decoded = decode_report(data, PATH)
    assert (decoded.encoding, decoded.issues) == ("utf-8", ())
    assert "Café owners" in published(data)


def test_an_unclosed_front_matter_declares_nothing() -> None:
    """An `encoding:` under a `---` that is never closed is not front matter, so UTF-8 stands."""
    data = "---\nencoding: ascii\ntitle: Café\n\nCafé owners said prices rose.\n".encode()
    decoded = decode_report(data, PATH)
    assert (decoded.encoding, decoded.issues) == ("utf-8", ())


@pytest.mark.parametrize("name", ["utf-16", "utf-16-le", "UTF-32", "cp500"])
def test_front_matter_cannot_declare_an_encoding_it_is_not_written_in(name: str) -> None:
    """ASCII front matter naming UTF-16 (or EBCDIC) would publish mojibake: refused, saying why."""
    data = front_matter_report([LINE], header=f"encoding: {name}")
    decoded = decode_report(data, PATH)
    assert decoded.text is None
    [issue] = decoded.issues
    assert issue.severity is Severity.ERROR and issue.path == PATH
    assert (
        f"front matter says 'encoding: {name}', but the front matter itself is not written"
        in issue.message
    )
    assert "name the encoding the file was saved in" in issue.message


def test_a_codec_that_is_not_a_text_encoding_is_unknown() -> None:
    data = front_matter_report([LINE], header="encoding: rot13")
    [issue] = decode_report(data, PATH).issues
    assert "front matter names an unknown encoding 'rot13'" in issue.message


def test_a_utf8_byte_order_mark_wins_over_a_different_declaration_with_a_warning() -> None:
    """The mark sits before the front matter, which is found after it; UTF-8 agrees silently."""
    body = ["Café owners said prices rose, a source said."]
    agrees = b"\xef\xbb\xbf" + front_matter_report(body, header="encoding: utf-8")
    assert decode_report(agrees, PATH).issues == ()
    differs = b"\xef\xbb\xbf" + front_matter_report(body, header="encoding: cp1252")
    decoded = decode_report(differs, PATH)
    assert decoded.encoding == "utf-8-sig" and "Café owners" in (decoded.text or "")
    [issue] = decoded.issues
    assert issue.severity is Severity.WARNING and issue.path == PATH
    assert (
        "starts with a UTF-8 byte-order mark but its front matter says 'encoding: cp1252'"
        in issue.message
    )
    assert "Remove the 'encoding:' line" in issue.message
