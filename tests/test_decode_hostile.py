"""Decoding inputs a hostile-input review found mishandled.

A CRLF report with front matter hung the build (a pattern over lines backtracked exponentially);
an `encoding:` line in a report's body re-decoded the whole file; UTF-16 without a byte-order mark
holding Korean, Chinese or Cyrillic text was refused as binary. Each test says what it guards.
"""

from __future__ import annotations

import codecs
import datetime as dt
import random
import struct
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
        b"---\nencoding: cp1252\n\nText.\n",  # never closed
        b"---\nencoding: cp1252\n----\n",  # a longer rule is not a fence
        b"----\nencoding: cp1252\n---\n",
    ],
    ids=["no-opening", "unclosed", "long-closing", "long-opening"],
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


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_front_matter_after_blank_lines_declares_the_encoding(newline: str) -> None:
    """split_front_matter reads front matter after blank lines, so the encoding in it counts."""
    text = newline.join(["", " ", "---", "encoding: cp1252", "---", "", "“Traders” said.", ""])
    decoded = decode_report(text.encode("cp1252"), PATH)
    assert (decoded.encoding, decoded.issues) == ("cp1252", ())


def test_many_blank_lines_and_no_fence_are_read_in_linear_time() -> None:
    """Each repeat of the blank-line pattern takes one byte: no two ways to match a run."""
    data = b"\r\n" * 50_000 + b"Text without front matter.\r\n"
    assert decode._front_matter_block(data) is None


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


# --- 3. UTF-16 without a byte-order mark, in any script ---------------------------------------

# Prose as reports have it: spaces or line ends, a few digits, far less ASCII than English.
TEXTS = {
    "korean": "혜산 장마당 쌀값 상승\n\n혜산장마당에서는 이번달 쌀값이 크게 올랐다고 현지 상인들이 "
    "전했다. 국경통제가 강화되면서 밀수가 줄어들었고 중국산 쌀의 공급도 크게 감소했다고 소식통은 "
    "설명했다. 쌀 1킬로그램은 이제 두배 가격이다.\n",
    "chinese": "惠山市场米价上涨\n\n据消息人士称，中朝边境贸易在暂停两周后于周一恢复，大米价格上涨了百分之十。"
    "一位商人说，上个月一公斤大米卖4000元。\n",
    "russian": "Цены на рис в Хесане\n\nТорговцы в Хесане сказали, что цены на рис снова выросли "
    "на 10 процентов за неделю.\n",
}


def test_the_texts_have_too_little_ascii_for_the_old_heuristic() -> None:
    """It wanted a NUL in 30% of the high bytes: these tests are about text with less ASCII."""
    for text in TEXTS.values():
        assert sum(ch.isascii() for ch in text) < 0.3 * len(text)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("language", sorted(TEXTS))
def test_bomless_utf16_in_another_script_is_decoded_with_a_warning(
    language: str, encoding: str
) -> None:
    """It was refused as 'binary file, not text (NUL byte …)': the old test wanted mostly ASCII."""
    text = TEXTS[language] * 3
    decoded = decode_report(text.encode(encoding), PATH)
    assert (decoded.text, decoded.encoding) == (text, encoding)
    [issue] = decoded.issues
    assert issue.severity is Severity.WARNING and issue.path == PATH
    assert (
        issue.message
        == f"decoded as {encoding} (no byte-order mark); save it as UTF-8 to silence this"
    )


def test_a_korean_bomless_utf16_report_is_published() -> None:
    body = published(
        ("---\ntitle: 혜산 쌀값\ndate: 2024-03-05\n---\n\n" + TEXTS["korean"]).encode("utf-16-le")
    )
    assert "혜산장마당에서는 이번달 쌀값이 크게 올랐다고" in body


def test_bomless_utf16_mostly_in_ascii_is_still_decoded() -> None:
    text = f"Rice prices climb in Hyesan\n\n{LINE}\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        assert decode_report(text.encode(encoding), PATH).encoding == encoding


def test_utf16_without_any_ascii_is_not_guessed() -> None:
    """Decision: no space, line end or digit means no NUL pattern to go by, and a legacy Korean
    file (EUC-KR) reads as Hangul syllables in UTF-16 just as well, so this is refused as before
    rather than guessed (a BOM or UTF-8 makes it certain). It was refused as a "binary file";
    the message now says what the file probably is and how to save it."""
    text = "혜산장마당에서쌀값이이번달크게올랐다고상인들이말했다" * 20
    for encoding in ("utf-16-le", "utf-16-be"):
        decoded = decode_report(text.encode(encoding), PATH)
        assert decoded.text is None
        [issue] = decoded.issues
        assert issue.severity is Severity.ERROR and issue.path == PATH
        assert issue.message == (
            "not UTF-8: it reads as Hangul text in UTF-16 without a byte-order mark, but with no "
            "space or line end that is only a guess (a legacy double-byte encoding reads the "
            "same); save it as UTF-8, or as UTF-16 with a byte-order mark"
        )
    legacy = decode_report(text.encode("euc-kr"), PATH)  # the same letters, 8-bit and legacy
    assert legacy.encoding is not None and not legacy.encoding.startswith("utf-16")


def _random_bytes(rng: random.Random, size: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(size))


@pytest.mark.parametrize(
    "data",
    [
        TEXTS["russian"].encode("utf-32-le"),
        TEXTS["korean"].encode("utf-32-be"),
        b"".join(struct.pack("<H", n) for n in range(0, 6000, 3)),  # 16-bit samples
        b"\x00\x01\x02\x03" * 200,
        TEXTS["korean"].encode("utf-16-le")[:40]
        + b"\x00\xd8"
        + TEXTS["korean"].encode("utf-16-le"),
    ],
    ids=["utf32-le", "utf32-be", "int16-samples", "counter", "lone-surrogate"],
)
def test_binary_data_with_nuls_is_not_utf16(data: bytes) -> None:
    """NULs on one side are not enough; the decoded text must read as prose. (The old test
    published the counter bytes as UTF-16: control characters dropped, 'ȃ' 200 times.)"""
    decoded = decode_report(data, PATH)
    assert decoded.text is None
    assert decoded.issues[0].message.startswith("binary file, not text")


def test_random_bytes_never_decode_as_utf16() -> None:
    """Random bytes, some with NULs put on one side as UTF-16 would have them, are not guessed
    to be BOM-less UTF-16. The old test took short ones for it (71 of these 1,400)."""
    rng = random.Random(20240305)
    for size in (8, 10, 16, 32, 100, 600, 5000):
        for _ in range(200):
            data = bytearray(_random_bytes(rng, size))
            if rng.random() < 0.5:
                for i in range(1, size, 2):
                    if rng.random() < 0.2:
                        data[i] = 0
            decoded = decode_report(bytes(data), PATH)  # (a UTF-16 BOM at the start is certain)
            assert decoded.encoding not in ("utf-16-le", "utf-16-be"), bytes(data)


@pytest.mark.parametrize("offset", [40, 41, 101])
def test_8bit_text_with_stray_nuls_is_still_refused(offset: int) -> None:
    """Guard: ASCII text with NULs is not read as UTF-16 (which would make it CJK mojibake)."""
    data = bytearray(front_matter_report([LINE, ""] * 10))
    data[offset] = data[offset + 60] = 0
    decoded = decode_report(bytes(data), PATH)
    assert decoded.text is None
    assert decoded.issues[0].message.startswith(
        f"binary file, not text (NUL byte at offset {offset})"
    )


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be", "utf-16", "utf-16-be"])
def test_a_byte_order_mark_names_utf_32_as_well_as_utf_16(encoding: str) -> None:
    text = "---\ntitle: 평양 시장\n---\n\n“Traders” in Pyongyang said prices rose.\n"
    data = text.encode(encoding)
    if not data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and "32" in encoding:
        data = codecs.BOM_UTF32_BE + data  # Python writes no mark for an explicit byte order
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and "16" in encoding:
        data = codecs.BOM_UTF16_BE + data
    decoded = decode_report(data, PATH)
    assert decoded.issues == () and decoded.text == text


def test_utf_8_sig_declared_in_a_file_without_the_mark_is_utf_8() -> None:
    """utf-8-sig writes a mark first, so it failed the 'front matter written in it' check."""
    decoded = decode_report("---\nencoding: utf-8-sig\n---\nCafé prices rose.\n".encode(), PATH)
    assert (decoded.encoding, decoded.issues) == ("utf-8-sig", ())
    assert decoded.text is not None and "Café" in decoded.text


def test_an_encoding_written_twice_is_the_last_one_as_yaml_reads_it() -> None:
    """The front matter reader warns that the later value is used: so must the decoder."""
    data = "---\nencoding: koi8-r\nencoding: cp1252\n---\nCafé prices rose.\n".encode("cp1252")
    decoded = decode_report(data, PATH)
    assert decoded.encoding == "cp1252" and decoded.text is not None and "Café" in decoded.text
