"""Small text helpers shared by every stage: cleaning strings that must be safe anywhere."""

from __future__ import annotations

import hashlib
import html
import html.entities
import re
import unicodedata
from collections.abc import Sequence

# C0/C1 control characters except tab and newline, plus characters that change how text is
# displayed without being visible (bidi overrides, zero-width space, BOM): they can make a title
# read differently from what it is, and XML 1.0 forbids most of the C0 ones outright.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
    "\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)
# Terminal colour and cursor codes (ESC [ … letter) come with text copied from a console; without
# this, dropping the ESC alone would leave "[31m" in the report.
_ANSI = re.compile(
    r"\x1b\[[0-9;:?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]"
)
# Unicode's line and paragraph separators, and what word processors and PDFs put between
# lines and pages: a vertical tab (a manual line break in Word) and a form feed (a new page).
_LINE_SEPARATORS = re.compile("[\u2028\u2029\x85\x0b\x0c]")
# Typographic ligatures that text copied from a PDF keeps ("ofﬁcials"): NFC leaves them, and a
# search for "officials" would not find the word.
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
    | {"\ufb05": "st", "\ufb06": "st"}
)
# Windows-1252 punctuation that went through a Latin-1 decoder on its way here arrives as C1
# control characters: "executive \x97 Google" meant "executive — Google". Dropped as controls,
# the dash or the quotation mark would be lost, so they are read as Windows-1252 meant them.
_CP1252_PUNCTUATION = {
    "\x91": "‘",
    "\x92": "’",
    "\x93": "“",
    "\x94": "”",
    "\x95": "•",
    "\x96": "–",
    "\x97": "—",
}


def _punctuation_or_nothing(found: re.Match[str]) -> str:
    """What an invisible or control character becomes: the Windows-1252 punctuation it stood
    for, or nothing (found in the one pass that drops them: another pass costs ~4% of ingest)."""
    return _CP1252_PUNCTUATION.get(found.group(), "")


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


# An HTML character reference ("&#39;", "&eacute;", "&#x2019;"), with the semicolon HTML
# requires: "AT&T", "D&G" and "?a=1&para=2" are not references. Text taken from a page's source
# or a feed carries them, and a reader would see "Kim&#39;s". An escaped ampersand before it
# ("&amp;#39;", escaped twice over) is part of it, so one pass decodes what would otherwise
# take several, and a cleaned text read again stays the same.
_CHARACTER_REFERENCE = re.compile(
    r"&(?P<escaped>(?:amp;|AMP;|#0*38;|#[xX]0*26;)*)"
    r"(?P<ref>#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"
)


def _decoded_reference(ref: str) -> str | None:
    if ref[0] != "#" and ref not in html.entities.html5:
        return None  # not a reference after all ("&notaname;")
    char = html.unescape("&" + ref)
    if char == "\ufffd":  # "&#0;", "&#xD800;": a reference to no character stands for nothing
        return ""
    return " " if char in "\n\r\t\x0b\x0c\x85\u2028\u2029" else char  # no new line mid-line


def decode_entities(text: str) -> tuple[str, int]:
    """The text with HTML character references as the characters they stand for, and how many
    were decoded. Markup is not interpreted: a decoded "<" is text, escaped wherever shown."""
    if "&" not in text:
        return text, 0
    decoded = 0

    def replace(found: re.Match[str]) -> str:
        nonlocal decoded
        char = _decoded_reference(found.group("ref"))
        if char is None:  # only the escaped ampersands before it were references
            decoded += found.group("escaped") != ""
            return "&" + found.group("ref")
        decoded += 1
        return char

    return _CHARACTER_REFERENCE.sub(replace, text), decoded


def clean_text(text: str, *, keep_indent: bool = False) -> str:
    """Normalise newlines and Unicode (NFC) and drop invisible/control characters.

    Quotes and dashes stay as written: analysts quote sources and the typography is theirs.
    `keep_indent` leaves spaces alone (only trailing ones go): YAML front matter needs its
    indentation, and a wrapped value continues on an indented line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _ANSI.sub("", text)
    text = _INVISIBLE.sub(_punctuation_or_nothing, text)
    text = unicodedata.normalize("NFC", text).translate(_LIGATURES)
    if keep_indent:
        return "\n".join(line.rstrip() for line in text.split("\n"))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def one_line(text: str) -> str:
    """Collapse any string to a single clean line (for titles, names, metadata values)."""
    return " ".join(clean_text(str(text)).split())


def balance_quotes(sentence: str) -> str:
    """A sentence shown on its own (a summary bullet, a key figure, a description) gets back the
    quotation marks its neighbours held: in “… tailors. They get paid $150 …,” the source said.
    the second sentence alone has a closing mark with no opening one. Only curly marks are
    balanced; a straight " does not say which way it faces."""
    depth = unopened = 0
    for char in sentence:
        if char == "“":
            depth += 1
        elif char == "”":
            if depth:
                depth -= 1
            else:
                unopened += 1
    if not depth and not unopened:
        return sentence
    return "“" * unopened + sentence + "”" * depth


# A single quotation mark opens where a word starts ("a 'disgusting, violent attack'") and
# closes where one ends; an apostrophe inside a word ("Korea's") is neither.
_SINGLE_OPENS = re.compile(r"(?:^|(?<=[\s(\[“\"]))['‘](?=\w)")
_SINGLE_CLOSES = re.compile(r"(?<=[\w.,!?])['’](?=[\s,.;:!?)\]”\"]|$)")


def quote_left_open(text: str) -> bool:
    """Whether the text opens a quotation it does not close: a title cut there ("… in a
    'disgusting") reads as a quotation that goes nowhere. A plural possessive ("workers' pay")
    counts as a close, so at worst it hides an open quote, never invents one."""
    if text.count("“") > text.count("”") or text.count('"') % 2:
        return True
    return len(_SINGLE_OPENS.findall(text)) > len(_SINGLE_CLOSES.findall(text))


def shorten(text: str, limit: int, *, ellipsis: str = "…") -> str:
    """Cut at a word boundary so the result, ellipsis included, fits in `limit` characters."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ellipsis) + 1]
    cut = cut[: cut.rindex(" ")] if " " in cut else cut[: limit - len(ellipsis)]
    return cut.rstrip(" ,;:–—-") + ellipsis


# Words running text cannot be cut after: they promise more ("…, according", "… deployment to",
# "… Daily NK has").
_NEEDS_MORE_TEXT = """a an the its their his her our my your this these those of to and or but nor with
as than such very more most so because while whether although if that which who according
claiming saying including despite is are was were be been being has have had in on at for
from by into about over after only just even also"""
NEEDS_MORE = frozenset(_NEEDS_MORE_TEXT.split())


def ends_mid_phrase(text: str) -> bool:
    """True when the last word promises more: a function word, or a common noun's possessive
    ("…the country’s"; a name's stays: dropping it would cut "Rolling Stone's" in two)."""
    words = text.split()
    if not words:
        return True
    last = words[-1].strip(",;:")
    return last.lower() in NEEDS_MORE or (last.islower() and last.endswith(("’s", "'s")))


# A sentence's closing attribution: a comma, at most six words, a verb of saying, the end.
# "Told" and "reports" count only with a name: "…, a source told Daily NK.", "…, NK News
# reports." are attributions; "…, and residents were told to stay indoors." and "…, despite
# earlier reports." are not.
# Either may end on when or how it was said: "…, a source told Daily NK on Monday.", "…,
# officials said in a statement.", "…, traders said last week."
_ATTRIBUTION_TAIL = re.compile(
    r",\s+(?:according to [^,]{1,60}"
    r"|(?:(?:[^\s,]+\s+){0,6}?(?:said|says|say|has learned|have learned|learned|reported)"
    r"|(?:[^\s,]+\s+){0,6}?told(?:\s+[A-Z][^\s,]*){1,3}"
    r"|(?:[A-Z][^\s,]*\s+){1,4}reports)"
    r"(?:\s+(?:on|last|this|earlier this|in a|in an)\s+[A-Za-z]+|\s+(?:yesterday|today))?"
    r")[.!?\"”’]*$"
)


def shorten_prose(text: str, limit: int) -> str:
    """``shorten`` for a sentence a person reads (titles, descriptions): never end inside a
    quotation just opened or on a word that needs more ("…for deployment to…" reads
    "…for deployment…"). Not at a comma: in news copy most commas inside the last third
    part a list or a name from its apposition ("a giant 400lb, 11ft-long alligator")."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    # A sentence that runs past the limit only by its attribution ("…, Daily NK has learned.")
    # loses the attribution whole: "…state coffers…" reads better than "…state coffers, Daily
    # NK…", which names a speaker with no verb.
    tail = _ATTRIBUTION_TAIL.search(text)
    if tail and tail.start() <= limit - 1 and not ends_mid_phrase(text[: tail.start()]):
        return text[: tail.start()].rstrip(" ,;:–—-") + "…"
    cut = shorten(text, limit)[:-1]
    opened = cut.rfind("“")
    if opened > cut.rfind("”") and opened >= limit // 2:
        cut = cut[:opened]
    words = cut.split()
    while len(words) > 3 and ends_mid_phrase(words[-1]):
        words.pop()
    return " ".join(words).rstrip(" ,;:–—-") + "…"


# Letters that NFKD does not split into an ASCII letter plus accents.
_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "TH",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
    }
)


def slugify(text: str, *, max_length: int = 80, prefix: str = "report") -> str:
    """ASCII, lowercase, hyphen-separated; never empty, never '.', '..' or containing '/'.

    A text with no ASCII letter or digit to spell (Hangul, Chinese, Cyrillic, only emoji or
    punctuation) gets `prefix` and a short hash of the text, so "경제" and "정치" get two
    stable slugs rather than one fallback that the second must number (and that moves as
    reports come and go). Any text with something to spell keeps the slug it always had:
    slugs are addresses.
    """
    text = text.translate(_TRANSLITERATE)
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length]
        if "-" in slug[max_length // 2 :]:
            slug = slug[: slug.rindex("-")]
        slug = slug.strip("-")
    if not slug and text.strip():
        return f"{prefix}-{hashlib.sha1(text.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"
    slug = slug or prefix
    return f"{slug}-page" if is_reserved_slug(slug) else slug


# Names a page may not take: "index" would become its folder's index page, and the rest are device
# names that Windows refuses as file names (a clone of the docs on Windows would fail).
RESERVED_SLUGS = frozenset(
    ["index", "con", "prn", "aux", "nul"]
    + [f"com{n}" for n in range(10)]
    + [f"lpt{n}" for n in range(10)]
)


def is_reserved_slug(slug: str) -> bool:
    return slug in RESERVED_SLUGS


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def labelled_rows(rows: Sequence[Sequence[str]]) -> list[tuple[str, list[str]]]:
    """Each row under a table's header as a reader says it: its first cell, which names the
    row, and each other cell after its column's heading ("Pyongyang: 6,800 won"), empty cells
    left out. A table that is only a header is that row's cells."""
    header, *body = rows
    if not body:
        return [("", [cell for cell in header if cell])]
    return [
        (
            row[0],
            [
                f"{column}: {cell}" if column else cell
                for column, cell in zip(header[1:], row[1:], strict=False)
                if cell
            ],
        )
        for row in body
    ]


def table_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    """A table's rows as lines a reader can follow without the grid, each cell with the labels
    that say what it is: "Rice (1 kg) — Pyongyang: 6,800 won; Hyesan: 6,900 won"."""
    lines = []
    for label, cells in labelled_rows(rows):
        if label and cells:
            lines.append(f"{label} — {'; '.join(cells)}")
        elif label or cells:
            lines.append(label or "; ".join(cells))
    return lines
