"""Bytes → text, refusing what is not text and saying which encoding was used when not UTF-8."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from briefing.model import Issue, Severity

# A front matter line such as `encoding: cp1252` is ASCII in every encoding we accept, so we can
# look for it before we know how to decode the rest.
_DECLARED_ENCODING = re.compile(
    rb"\A---\r?\n(?:.*\r?\n)*?encoding:\s*['\"]?([\w.-]+)", re.MULTILINE
)


@dataclass(frozen=True)
class Decoded:
    text: str | None  # None when the file cannot be read as text
    encoding: str | None
    issues: tuple[Issue, ...]


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-range text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode_report(data: bytes, path: str) -> Decoded:
    """Decode a report's bytes; every outcome other than clean UTF-8 carries an Issue."""
    if not data.strip():
        return Decoded(
            None,
            None,
            (Issue(path, "the file is empty; write the report text into it or delete it"),),
        )

    declared = _DECLARED_ENCODING.match(data)
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            return Decoded(data.decode(name), name, ())
        except LookupError:
            return Decoded(
                None,
                None,
                (
                    Issue(
                        path,
                        f"front matter names an unknown encoding {name!r}; use a name such as cp1252 or latin-1",
                    ),
                ),
            )
        except UnicodeDecodeError as exc:
            return Decoded(
                None,
                None,
                (
                    Issue(
                        path,
                        f"not valid {name} (invalid byte 0x{data[exc.start]:02X} at offset {exc.start}) although its front matter says 'encoding: {name}'; fix the byte or the declared encoding",
                    ),
                ),
            )

    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding, ())
            except UnicodeDecodeError as exc:
                return Decoded(
                    None,
                    None,
                    (
                        Issue(
                            path,
                            f"starts with a {encoding} byte-order mark but is not valid {encoding} (invalid data at offset {exc.start}); save it again as UTF-8",
                        ),
                    ),
                )

    utf16 = _looks_like_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = None
        if text is not None:
            return Decoded(
                text,
                utf16,
                (
                    Issue(
                        path,
                        f"decoded as {utf16} (no byte-order mark); save it as UTF-8 to silence this",
                        Severity.WARNING,
                    ),
                ),
            )

    if b"\x00" in data:
        offset = data.index(b"\x00")
        return Decoded(
            None,
            None,
            (
                Issue(
                    path,
                    f"binary file, not text (NUL byte at offset {offset}); only plain-text reports can be published — remove it from seeds/ or export it as .txt",
                ),
            ),
        )

    try:
        return Decoded(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError as exc:
        bad = f"invalid byte 0x{data[exc.start]:02X} at offset {exc.start}"

    guess = _guess_legacy_encoding(data)
    if guess is not None:
        encoding, text = guess
        return Decoded(
            text,
            encoding,
            (
                Issue(
                    path,
                    f"not UTF-8 ({bad}); decoded it as {encoding}. Save it as UTF-8, or add 'encoding: {encoding}' to its front matter",
                    Severity.WARNING,
                ),
            ),
        )
    return Decoded(
        None,
        None,
        (
            Issue(
                path,
                f"not UTF-8 ({bad}) and no other encoding fits; save it as UTF-8 or add 'encoding: <name>' to its front matter",
            ),
        ),
    )


def _guess_legacy_encoding(data: bytes) -> tuple[str, str] | None:
    """Ask charset-normalizer, but only believe answers that look like prose."""
    from charset_normalizer import from_bytes  # imported lazily: most reports are UTF-8

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > max(2, len(text) // 200):
        return None
    return best.encoding, text
