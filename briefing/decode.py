"""Bytes → text, refusing what is not text and saying which encoding was used when not UTF-8."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from briefing.model import DEFAULT_SEEDS, Issue, Severity
from briefing.text import clean_text

# Only the leading front matter block may name the encoding: an `encoding:` line in the body is
# report text. The block is found in the raw bytes, as split_front_matter finds it after decoding:
# an opening `---` line at the start (after a UTF-8 byte-order mark and blank lines, if any), then lines up to
# the first closing `---` or `...` line. Its lines are ASCII in every encoding we accept, and line
# ends may be LF, CRLF or CR (they are normalised only after decoding). No pattern repeats over
# lines, so finding the block takes time linear in its length whatever the line ends.
# Blank lines may come first, as split_front_matter allows; each repeat takes one line-end byte,
# so even this repeat can match a run of blank lines only one way.
_OPENING_FENCE = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:[ \t]*[\r\n])*---[ \t]*(?:\r\n|\n|\r)")
_CLOSING_FENCE = re.compile(rb"(?<=[\r\n])(?:---|\.\.\.)[ \t]*(?=[\r\n]|\Z)")
_DECLARED_ENCODING = re.compile(rb"(?:\A|(?<=[\r\n]))encoding[ \t]*:[ \t]*['\"]?([\w.-]+)")


# Formats that people save by mistake under a .txt name. Some contain no NUL byte near the start
# (PDF, RTF is text but not a report), so sniffing the signature gives the better message.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Excel document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"{\\rtf", "an RTF document"),
    (b"RIFF", "a media file"),
    (b"ID3", "an MP3 file"),
)
# The one legacy encoding we try before guessing: Western text exported from Windows is by far the
# most common non-UTF-8 report, and a statistical guesser misreads short samples of it (a pound
# sign became a Japanese half-width character in one of our evaluation files).
_WESTERN = "cp1252"
_TYPOGRAPHY = set("‘’‚“”„–—…•·€£¥¢©®™°±×÷§¶½¼¾¹²³«»¡¿ªº€ ")


@dataclass(frozen=True)
class Decoded:
    text: str | None  # None when the file cannot be read as text
    encoding: str | None
    issues: tuple[Issue, ...]


def _front_matter_block(data: bytes) -> bytes | None:
    """The raw bytes between the leading `---` line and its closing line, or None.

    Only this block may declare the encoding; a block that is never closed declares nothing (the
    front matter reader reports it as unclosed).
    """
    opening = _OPENING_FENCE.match(data)
    if opening is None:
        return None
    closing = _CLOSING_FENCE.search(data, opening.end())
    return None if closing is None else data[opening.end() : closing.start()]


def _declared_encoding(data: bytes) -> str | None:
    """The value of an `encoding:` key at the start of a line of the front matter block."""
    block = _front_matter_block(data)
    # the last one, as YAML reads a key written twice (and the front matter reader warns)
    declared = _DECLARED_ENCODING.findall(block) if block is not None else []
    return declared[-1].decode("ascii") if declared else None


def _is_utf8(name: str) -> bool:
    try:
        return codecs.lookup(name).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def _ascii_compatible(name: str) -> bool:
    """Can the front matter that names this encoding be written in it?

    The declaration was read as ASCII bytes, so an encoding that writes ASCII differently (UTF-16,
    UTF-32, EBCDIC) cannot be the file's: decoding with it would turn the report into mojibake.
    """
    if _is_utf8(name):  # utf-8-sig writes a mark first, but reads a file without one too
        return True
    sample = "---\nencoding: x\n"
    try:
        return sample.encode(name) == sample.encode("ascii")
    except (UnicodeError, LookupError):
        return False


# Control characters that real UTF-16 text does not hold (NUL is refused outright; tab, line ends,
# form feed and ESC of terminal colour codes are cleaned later, as in 8-bit text).
_UTF16_CONTROLS = re.compile("[\x01-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: (encoding, text), or None when the bytes do not read as UTF-16 text.

    Every ASCII character (a space, a newline, a digit) has a NUL high byte, so NULs gather in the
    odd bytes (little-endian) or the even ones (big-endian). English is about half NULs; Korean,
    Chinese or Cyrillic text has far fewer, so the side with more is only tried first, and the
    decoded text decides (see _reads_as_utf16_text): binary data, UTF-32 and 8-bit text with stray
    NULs do not read as prose. Text with no ASCII at all has no space or line end to show and is
    not guessed: read as UTF-16, a legacy double-byte file (EUC-KR) gives Hangul syllables too.
    """
    if len(data) < 8 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if not even_nuls and not odd_nuls:
        return None
    order = ("utf-16-le", "utf-16-be") if odd_nuls >= even_nuls else ("utf-16-be", "utf-16-le")
    for encoding in order:
        try:
            text = data.decode(encoding)  # strict: a lone surrogate fails
        except UnicodeDecodeError:
            continue
        if _reads_as_utf16_text(text):
            return encoding, text
    return None


def _unspaced_utf16_script(data: bytes) -> str | None:
    """The script BOM-less UTF-16 with no space or line end would be written in ("Hangul"), or
    None. Such a file is still refused (see _bomless_utf16), but its message can say what it
    probably is and how to save it, rather than call it binary."""
    if len(data) < 8 or len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _reads_as_utf16_text(text, spaced=False):
            continue
        letters = [ch for ch in text[:4096] if ch.isalpha()]
        script = Counter(_script(ch) for ch in letters).most_common(1)[0][0]
        # Latin prose has spaces; a few letters over and over is a pattern, not prose
        if script != "LATIN" and len(set(letters)) >= 8:
            return script.title()
    return None


def _reads_as_utf16_text(text: str, *, spaced: bool = True) -> bool:
    """Does text decoded as BOM-less UTF-16 read as prose rather than binary data?

    It has an ASCII space or line end (what put NULs in the bytes; random bytes give one in 20,000
    characters; not asked when `spaced` is false), no NUL, hardly any control characters, almost no unassigned, private-use or
    surrogate code points (random bytes give one in seven), mostly letters, marks or digits, and
    at least 16 letters, most of them in one script or ASCII.
    """
    if "\x00" in text or (spaced and not any(ch in text for ch in " \n\r")):
        return False
    if len(_UTF16_CONTROLS.findall(text)) > len(text) // 100:
        return False
    sample = text[:4096]
    unassigned = sum(1 for ch in sample if unicodedata.category(ch) in ("Cn", "Co", "Cs"))
    if unassigned > len(sample) // 200:
        return False
    visible = [ch for ch in sample if not ch.isspace()]
    wordy = sum(1 for ch in visible if ch.isalnum() or unicodedata.category(ch)[0] == "M")
    if not visible or wordy < 0.6 * len(visible):
        return False
    # Prose is written in one script, quoting ASCII (names, acronyms); random code points are
    # scattered over Han, Hangul, Latin-1 and dozens more, none of them most of the letters. Fewer
    # letters than a headline has are too few to tell text from a few random bytes.
    letters = [ch for ch in visible if ch.isalpha()]
    scripts = Counter(_script(ch) for ch in letters if not ch.isascii())
    main = scripts.most_common(1)[0][1] if scripts else 0
    return len(letters) >= 16 and main + len(letters) - scripts.total() >= 0.7 * len(letters)


def _script(letter: str) -> str:
    """A letter's script, from the first word of its name: HANGUL, CJK, CYRILLIC, LATIN, …

    Japanese writes Han and both kana in one sentence, so they count as one script.
    """
    script = unicodedata.name(letter, "?").split()[0]
    return "CJK" if script in ("HIRAGANA", "KATAKANA") else script


def _empty(path: str, size: int) -> Decoded:
    what = (
        "the file is empty"
        if size == 0
        else "the file is empty (only blank or invisible characters)"
    )
    return Decoded(
        None, None, (Issue(path, f"{what}; write the report text into it or delete it"),)
    )


def _binary(path: str, why: str, folder: str) -> Decoded:
    return Decoded(
        None,
        None,
        (
            Issue(
                path,
                f"binary file, not text ({why}); only plain-text reports can be published — "
                f"remove it from {folder}/ or export the report as plain text",
            ),
        ),
    )


def decode_report(data: bytes, path: str, folder: str = DEFAULT_SEEDS) -> Decoded:
    """Decode a report's bytes; a guessed encoding (no BOM, no declaration) carries a warning.
    Issues name the file `path`; `folder` is the seeds folder as messages name it.

    Text whose encoding is certain (UTF-8, a byte-order mark, a declared `encoding:`) decodes
    silently; everything that cannot become text is refused with an error naming why.
    """
    decoded = _decode(data, path, folder)
    if decoded.text is not None and not clean_text(decoded.text).strip():
        return _empty(path, len(data))
    return decoded


def _decode_declared(data: bytes, name: str, path: str) -> Decoded:
    """Decode with the encoding the front matter names: the user's word, so no warning."""
    try:
        "".encode(name)  # LookupError for unknown names and for codecs that are not text (rot13)
    except LookupError:
        return _refused(
            path,
            f"front matter names an unknown encoding {name!r}; use a name such as cp1252 or latin-1",
        )
    if not _ascii_compatible(name):
        return _refused(
            path,
            f"front matter says 'encoding: {name}', but the front matter itself is not written in "
            f"{name} (it reads as plain ASCII); name the encoding the file was saved in, e.g. "
            "cp1252, or remove the 'encoding:' line",
        )
    try:
        return Decoded(data.decode(name), name, ())
    except UnicodeDecodeError as exc:
        return _refused(
            path,
            f"not valid {name} (invalid byte 0x{data[exc.start]:02X} at offset {exc.start}) although its front matter says 'encoding: {name}'; fix the byte or the declared encoding",
        )


def _refused(path: str, message: str) -> Decoded:
    return Decoded(None, None, (Issue(path, message),))


def _guessed(text: str, encoding: str, path: str, message: str) -> Decoded:
    """Decoded by a guess: published, with a warning that says how to make it certain."""
    return Decoded(text, encoding, (Issue(path, message, Severity.WARNING),))


def _decode(data: bytes, path: str, folder: str) -> Decoded:
    if not data.strip():
        return _empty(path, len(data))
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return _binary(path, f"it starts like {what}", folder)

    declared = _declared_encoding(data)
    bom_issues: tuple[Issue, ...] = ()
    if declared is not None and not data.startswith(codecs.BOM_UTF8):
        return _decode_declared(data, declared, path)
    if declared is not None and not _is_utf8(declared):
        bom_issues = (
            Issue(
                path,
                f"starts with a UTF-8 byte-order mark but its front matter says 'encoding: {declared}'; "
                "decoded it as UTF-8, as the mark says. Remove the 'encoding:' line, or save the "
                f"file without the mark if it really is {declared}",
                Severity.WARNING,
            ),
        )

    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        # before UTF-16: the UTF-32 little-endian mark begins with the UTF-16 one, and read as
        # UTF-16 the file became text with a NUL after every character
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding, bom_issues)
            except UnicodeDecodeError as exc:
                return _refused(
                    path,
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} (invalid data at offset {exc.start}); save it again as UTF-8",
                )

    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        encoding, text = utf16
        return _guessed(
            text,
            encoding,
            path,
            f"decoded as {encoding} (no byte-order mark); save it as UTF-8 to silence this",
        )

    if b"\x00" in data:
        script = _unspaced_utf16_script(data)
        if script is not None:
            return _refused(
                path,
                f"not UTF-8: it reads as {script} text in UTF-16 without a byte-order mark, but "
                "with no space or line end that is only a guess (a legacy double-byte encoding "
                "reads the same); save it as UTF-8, or as UTF-16 with a byte-order mark",
            )
        return _binary(path, f"NUL byte at offset {data.index(0)}", folder)
    controls = sum(data.count(bytes([b])) for b in _BINARY_CONTROLS)
    if controls > max(8, len(data) // 100):
        return _binary(path, f"{controls} control bytes in {len(data):,}", folder)

    try:
        return Decoded(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError as exc:
        bad = f"invalid byte 0x{data[exc.start]:02X} at offset {exc.start}"

    guess = _guess_legacy_encoding(data)
    if guess is not None:
        encoding, text = guess
        return _guessed(
            text,
            encoding,
            path,
            f"not UTF-8 ({bad}); decoded it as {encoding}. Save it as UTF-8, or add 'encoding: {encoding}' to its front matter",
        )
    return _refused(
        path,
        f"not UTF-8 ({bad}), and neither cp1252 nor a detected encoding reads it as text; save it as UTF-8, or name its encoding in its front matter, e.g. 'encoding: cp1251'",
    )


_BINARY_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")


def _plausible_western(text: str) -> bool:
    """Does text decoded as cp1252 read like a Western language rather than mojibake?

    Accented letters and typographic punctuation come one or two at a time between ASCII letters;
    Cyrillic, Greek or CJK text read as cp1252 gives long runs of symbols and accented capitals.
    """
    foreign = [ch for ch in text if ord(ch) > 127]
    if not foreign:
        return True
    in_runs = sum(len(run) for run in re.findall(r"[^\x00-\x7f]{3,}", text))
    odd = sum(1 for ch in foreign if not (ch.isalpha() or ch in _TYPOGRAPHY))
    return in_runs <= len(foreign) // 5 and odd <= max(1, len(foreign) // 10)


def _guess_legacy_encoding(data: bytes) -> tuple[str, str] | None:
    """cp1252 when it reads as Western text; otherwise ask charset-normalizer, but only believe
    answers that look like prose."""
    try:
        western = data.decode(_WESTERN)
    except UnicodeDecodeError:
        western = None
    if western is not None and _plausible_western(western):
        return _WESTERN, western
    from charset_normalizer import from_bytes  # imported lazily: most reports are UTF-8

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > max(2, len(text) // 200):
        return None
    return best.encoding, text
