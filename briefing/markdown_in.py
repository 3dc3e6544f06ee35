"""A `.md` report read as the text a reader sees, before the plain-text ingest reads that text.

"# Smuggling in Hyesan" was the title with its "#", "**Hyesan**" kept its stars and "[Daily
NK](https://…) reported" hid the source. So Markdown's marks go and their words stay: a
heading's "#"s, a quotation's ">", emphasis and code marks, a link's address, an image, a
comment, a link reference's definition, an HTML tag (an inline one leaves its text, a block one
breaks the line, a script or style goes with its contents), and a backslash keeps a mark as
written. Two kinds of block are no text to read as paragraphs, and are handed over as blocks of
their own, never to be summarised: a table (its cells, each read as inline Markdown), and a
code block (fenced, indented or `<pre>`, its lines exactly as written).

What ingest says about "line 12" stays the file's line 12: a block's lines are left blank, and
where a tag breaks a line in two (`<br>`, `<div>`), or a comment, a script or a mark spans lines
(which are then one line, so that its words stay in one paragraph), each line of the text is
mapped to the file's line it starts on (`MarkdownRead.origin`).

Every pattern stops at the next mark of its kind or within a few hundred characters, and every
search for a block's end starts only where an end is known to follow, so a 2 MB line of unclosed
marks ("**x ", "[x", "<b a=", "```x") stays linear: the first versions took 100 s for 128 KB of
"**x " (`benchmarks/hostile_inputs.py`, cases "md-*").
"""

from __future__ import annotations

import bisect
import html
import re
from typing import NamedTuple

from briefing.model import Block
from briefing.text import clean_text, decode_entities, one_line, table_lines

# --- inline marks ---------------------------------------------------------------------------

# Inline marks may cross the line breaks of a wrapped paragraph ("**North Korea\nsaid**"), never
# a blank line. The lines a mark spans are one line of the text, so that the words in it stay in
# one paragraph ("[Daily\nNK]" is no "Daily" ending one paragraph and "NK" starting the next),
# and so are the lines a comment or a script spans: its line breaks are _JOINED until the pass is
# done, then spaces (`_joined`; the text holds no control character, so no _JOINED of its own).
_WRAP = r"\n(?!\n)"
_JOINED = "\x1f"
_MD_HEADING = re.compile(r" {0,3}#{1,6}[ \t]+")  # matched line by line
_MD_QUOTE = re.compile(r"^ {0,3}>[ \t]?", re.MULTILINE)
_MD_TARGET = r"\([^()\n]{0,500}(?:\([^()\n]{0,500}\)[^()\n]{0,500})?\)"
_MD_LINK_TEXT = rf"(?:[^\[\]\n]|{_WRAP}){{0,500}}"
_MD_IMAGE = re.compile(rf"!\[{_MD_LINK_TEXT}\]{_MD_TARGET}")
_MD_LINK = re.compile(rf"\[({_MD_LINK_TEXT})\]{_MD_TARGET}")
# "[words][label]" or "[label][]": a link only when the file defines the label (else text)
_MD_REFERENCE = re.compile(r"\[([^\[\]\n]{1,500})\]\[([^\[\]\n]{0,100})\]")
# "[label]: address" with an optional title; "[Update]: An earlier version said …" is text
_MD_DEFINITION = re.compile(
    r"^ {0,3}\[([^\[\]\n]{1,100})\]:[ \t]+<?\S+?>?"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$",
    re.MULTILINE,
)
# A mark after a backslash is the writer's ("\\*not emphasis\\*"); a run of backticks is at most
# eight long, so a line of them stays linear (an unbounded run took 80 s at 100 KB).
_MD_EMPHASIS = re.compile(
    rf"(?<!\\)\*\*(?=\S)((?:[^*\n]|\*(?!\*)|{_WRAP}){{1,300}}?)(?<=[^\s\\])\*\*"
    rf"|(?<!\\)__(?=\S)((?:[^_\n]|_(?!_)|{_WRAP}){{1,300}}?)(?<=[^\s\\])__"
    rf"|(?<![\w*\\])\*(?=[^\s*])((?:[^*\n]|{_WRAP}){{1,300}}?)(?<=[^\s*\\])\*(?![\w*])"
    rf"|(?<![\w_\\])_(?=[^\s_])((?:[^_\n]|{_WRAP}){{1,300}}?)(?<=[^\s_\\])_(?![\w_])"
    rf"|(?<![`\\])(`{{1,8}})(?!`)((?:[^`\n]|{_WRAP}){{1,300}}?)(?<!`)\5(?!`)"
)
# An address in angle brackets is shown bare.
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^\s<>]{1,2000})>")
# "[Daily NK]" alone, when the file defines "Daily NK", is a link: its words stay
_MD_SHORTCUT = re.compile(r"\[([^\[\]\n]{1,100})\](?![(\[:])")
# Any ASCII punctuation after a backslash is the character itself (CommonMark): "\|" in a
# table's cell, "\<b>" that is no tag.
_MD_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")

# A code span, which keeps what looks like a tag or a script inside it as written: the tag and
# script passes match it first, and leave it be.
_CODE_SPAN = r"(?<![`\\])(?P<ticks>`{1,8})(?!`)[^`\n]{1,300}?(?<!`)(?P=ticks)(?!`)"

# --- HTML -----------------------------------------------------------------------------------

# An HTML tag: a name, then attributes (possessive: a line of "<b a a a …" is read once).
# A tag is read only by a name HTML knows, so "<Pyongyang>" or "a <b and c> d"… stay text.
_TAG = (
    r"(?<!\\)<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9]{0,15})(?=[\s/>])"
    r"(?:\s+[^\s\"'<>/=]{1,100}+(?:\s*=\s*(?:\"[^\"\n]{0,1000}+\"|'[^'\n]{0,1000}+'"
    r"|[^\s\"'=<>`][^\s<>]{0,1000}+))?){0,100}+\s*/?>"
)
_MD_TAG = re.compile(rf"(?P<code>{_CODE_SPAN})|{_TAG}")
# Formatting inside a line, or an element with no text of its own (an image, a frame, a form's
# control): the tag goes, and any text it holds stays.
# fmt: off
_INLINE_TAGS = frozenset({
    "a", "abbr", "acronym", "area", "audio", "b", "base", "bdi", "bdo", "big", "button", "canvas",
    "cite", "code", "data", "del", "dfn", "em", "embed", "font", "frame", "frameset", "i",
    "iframe", "img", "input", "ins", "kbd", "label", "link", "map", "mark", "math", "meta", "nobr",
    "noframes", "noscript", "object", "optgroup", "option", "param", "picture", "q", "rp", "rt",
    "ruby", "s", "samp", "select", "small", "source", "span", "strike", "strong", "sub", "sup",
    "svg", "template", "textarea", "time", "title", "track", "tt", "u", "var", "video", "wbr",
})
# A block of its own: the tag ends the paragraph (a cell of an HTML table is one line's part).
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "col", "colgroup",
    "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "legend",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
})
# fmt: on
# Never text: what a script or style holds, up to its closing tag (or, left open, the end of
# its paragraph: a "<script>" written into a sentence hides no more than that paragraph).
_MD_SCRIPT = re.compile(
    rf"(?P<code>{_CODE_SPAN})|(?<!\\)<(?P<name>script|style)(?=[\s/>])[^>\n]{{0,1000}}>",
    re.IGNORECASE,
)


# A superscript or subscript of digits is a character of its own: "m<sup>2</sup>" reads "m²",
# a footnote's "it.<sup>1</sup>" reads "it.¹" (not "it.1"), "H<sub>2</sub>O" reads "H₂O".
_MD_SCRIPT_DIGITS = re.compile(r"<(?P<tag>su[bp])>(?P<digits>[0-9+\-=()]{1,10})</(?P=tag)>", re.I)
_SUPERSCRIPT = str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


def _scripted_digits(match: re.Match[str]) -> str:
    table = _SUPERSCRIPT if match["tag"].lower() == "sup" else _SUBSCRIPT
    return match["digits"].translate(table)


def _tag_replacement(match: re.Match[str], *, breaks: bool) -> str:
    """What a reader sees of a tag: nothing of an inline one, a line break for <br>, an item's
    bullet for <li>, a paragraph break for a block; inside a table's cell (`breaks` off) a
    space for any of those. Code spans and tags HTML does not know stay as written."""
    if match["code"] is not None:
        return match[0]
    name = match["name"].lower()
    if name in _INLINE_TAGS:
        return ""
    if name in ("td", "th"):
        return " "
    if not breaks and (name in _BLOCK_TAGS or name in ("br", "li")):
        return " "
    if name == "br":
        return "\n"
    if name == "li":
        return "\n\n" if match["close"] else "\n\n- "
    if name in _BLOCK_TAGS:
        return "\n\n"
    return match[0]


def _without_scripts(text: str) -> str:
    """Text without what a `<script>` or `<style>` holds, the lines one spans _JOINED."""
    if "<" not in text:
        return text
    lower = text.lower()
    last_close = {name: lower.rfind(f"</{name}") for name in ("script", "style")}
    parts: list[str] = []
    at = 0
    while found := _MD_SCRIPT.search(text, at):
        if found["code"] is not None:
            parts.append(text[at : found.end()])
            at = found.end()
            continue
        name = found["name"].lower()
        # searched only when a closing tag follows: a line of "<script>" stays linear
        close = lower.find(f"</{name}", found.end()) if last_close[name] > found.end() else -1
        if close >= 0:
            end = lower.find(">", close)
            end = end + 1 if end >= 0 else len(text)
        else:  # left open: to the end of its paragraph
            end = text.find("\n\n", found.end())
            end = len(text) if end < 0 else end
        parts += [text[at : found.start()], _JOINED * text.count("\n", found.start(), end)]
        at = end
    return "".join(parts) + text[at:]


Origin = list[int] | None  # each line of a text: the line of the file it starts on (from 1);
# None when they are the same lines


def _line_of(origin: Origin, index: int) -> int:
    return origin[index] if origin else index + 1


def _joined(text: str, origin: Origin) -> tuple[str, Origin]:
    """The text with its _JOINED line breaks as spaces, and the file's line of each line."""
    if _JOINED not in text:
        return text, origin
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append(_line_of(origin, at))
        at += line.count(_JOINED) + 1
    return text.replace(_JOINED, " "), lines


def _without_tags(text: str, origin: Origin) -> tuple[str, Origin]:
    """Text without its HTML tags, and the file's line of each line, where a tag broke one."""
    if "<" not in text:
        return text, origin
    lines = text.split("\n")
    broken: Origin = None  # each line's line in `text` (from 1), once a tag broke one
    for index, line in enumerate(lines):
        if "<" in line:
            line = _MD_SCRIPT_DIGITS.sub(_scripted_digits, line)
            line = lines[index] = _MD_TAG.sub(lambda m: _tag_replacement(m, breaks=True), line)
            if broken is None and "\n" in line:
                broken = list(range(1, index + 1))
        if broken is not None:
            broken.extend([index + 1] * (line.count("\n") + 1))
    if broken is not None:
        origin = [_line_of(origin, line - 1) for line in broken]
    return "\n".join(lines), origin


def _without_comments(text: str) -> str:
    """Text without its "<!-- … -->" comments, the lines one spans _JOINED. Searched with
    str.find: an unclosed "<!--" ends the search (no later one can close)."""
    parts: list[str] = []
    at = 0
    while (start := text.find("<!--", at)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
        parts += [text[at:start], _JOINED * text.count("\n", start, end)]
        at = end + 3
    return "".join(parts) + text[at:]


def _without_heading_marks(text: str) -> str:
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if heading := _MD_HEADING.match(line):
            title = line[heading.end() :].rstrip()
            bare = title.rstrip("#")
            # "## Arrests ##": closing hashes after a space go; "C#" keeps its own
            lines[number] = bare.rstrip() if bare != title and bare[-1:] in " \t" else title
    return "\n".join(lines)


def _emphasised_text(match: re.Match[str]) -> str:
    text = next(g for g in (match[1], match[2], match[3], match[4], match[6]) if g is not None)
    return text.replace("\n", _JOINED)


def _joined_lines(match: re.Match[str]) -> str:
    """A link's words, or nothing of an image, on one line."""
    words = match[1] if match.re is _MD_LINK else ""
    return words.replace("\n", _JOINED) + _JOINED * (match[0].count("\n") - words.count("\n"))


def _link_labels(text: str) -> set[str]:
    return {label.strip().casefold() for label in _MD_DEFINITION.findall(text)}


def _inline_marks(text: str, labels: set[str]) -> str:
    """Text without links' addresses, images, emphasis and code marks, and backslashes."""
    text = _MD_IMAGE.sub(_joined_lines, text)
    text = _MD_LINK.sub(_joined_lines, text)
    text = _MD_REFERENCE.sub(
        lambda m: m[1] if (m[2] or m[1]).strip().casefold() in labels else m[0], text
    )
    if labels:
        text = _MD_SHORTCUT.sub(lambda m: m[1] if m[1].strip().casefold() in labels else m[0], text)
    for _ in range(3):  # "***Breaking***", "**Officials *denied* it.**": marks inside marks
        plain = _MD_EMPHASIS.sub(_emphasised_text, text)
        if plain == text:
            break
        text = plain
    return _MD_ESCAPE.sub(r"\1", text)


# What may make a cell's text other than as written: a mark, a tag or a reference
_CELL_MARKS = re.compile(r"[*_`\[\]<&\\]")


def _cell_text(cell: str, labels: set[str]) -> str:
    """A table's cell as a reader sees it: one line of inline Markdown, its character
    references read (the body's are read by ingest, after this)."""
    if not _CELL_MARKS.search(cell):  # most cells: the passes below would change nothing
        return " ".join(cell.split())
    cell = _without_scripts(_without_comments(cell)).replace(_JOINED, " ")
    cell = _MD_SCRIPT_DIGITS.sub(_scripted_digits, cell)
    cell = _MD_TAG.sub(lambda m: _tag_replacement(m, breaks=False), cell)
    cell = _inline_marks(_MD_AUTOLINK.sub(r"\1", cell), labels)
    return one_line(decode_entities(cell)[0])


# --- blocks: code and tables ----------------------------------------------------------------

# A fence opens with three or more backticks or tildes (a backtick fence's info string has no
# backtick) and closes with a run of the same, at least as long, alone on its line.
_FENCE_OPEN = re.compile(r" {0,3}(?P<run>`{3,}(?=[^`]*$)|~{3,})")
_FENCE_CLOSE = re.compile(r" {0,3}(?P<run>`{3,}|~{3,})[ \t]*")
_INDENTED = re.compile(r"(?: {4}|\t)")
_INDENT_REMOVED = re.compile(r"^(?: {1,4}|\t)", re.MULTILINE)  # of each line of a block
# A list's item; lines indented under it are the item's, not code.
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+•]|\d{1,9}[.)])(?:[ \t]|$)")
_PRE_OPEN = re.compile(r" {0,3}<pre(?=[\s>])[^>\n]{0,1000}>", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"</pre\s*>", re.IGNORECASE)
_ANY_TAG = re.compile(_TAG.removeprefix(r"(?<!\\)"))  # in HTML, a backslash escapes nothing
_DELIMITER_CELL = re.compile(r":?-+:?")
# What a line that begins a block may hold; a text without any of it has no block to look for
_MAY_HOLD_BLOCKS = re.compile(r"\||```|~~~|<pre|^(?: {4}|\t)", re.MULTILINE | re.IGNORECASE)
_CELL_BORDER = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> list[str]:
    """A table row's cells: split at each "|" not after a backslash, the outer ones dropped."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip() for cell in _CELL_BORDER.split(row)]


def _delimiter_cells(line: str) -> int:
    """How many columns a table's delimiter row ("|---|:--:|") has; 0 if it is no such row."""
    if "|" not in line or "-" not in line:
        return 0
    cells = _cells(line)
    return len(cells) if all(_DELIMITER_CELL.fullmatch(cell) for cell in cells) else 0


def _code_text(lines: list[str]) -> str:
    """A code block's lines, without the blank lines around them (nor, from a <pre> block's
    character references, control characters)."""
    return clean_text("\n".join(lines), keep_indent=True).strip("\n")


def _pre_text(raw: str) -> str:
    """What a <pre> block shows: its text, tags out and character references read."""
    return html.unescape(_ANY_TAG.sub("", raw)).removeprefix("\n")


class _Blocks:
    """The tables and code blocks of a list of lines, found in one pass; their lines are left
    blank in the list. Each is found as (the index of its first line, its Block), a table's as
    its rows of cells as written, to be read once the file's link labels are known."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.found: list[tuple[int, Block | list[list[str]]]] = []
        text = "\n".join(lines)
        self.fences = "```" in text or "~~~" in text
        self.pre = "<pre" in text.lower()
        # where a block may close: searched from an opening only when one closes after it
        self.closers: list[tuple[int, str, int]] = []  # (line, fence character, run length)
        if self.fences:
            for index, line in enumerate(lines):
                if ("`" in line or "~" in line) and (close := _FENCE_CLOSE.fullmatch(line)):
                    self.closers.append((index, close["run"][0], len(close["run"])))
        self.longest_after: dict[str, list[int]] = {}  # per character: longest closer from k on
        for char in "`~":
            longest, best = [0] * (len(self.closers) + 1), 0
            for k in range(len(self.closers) - 1, -1, -1):
                if self.closers[k][1] == char:
                    best = max(best, self.closers[k][2])
                longest[k] = best
            self.longest_after[char] = longest
        self.last_pre_close = -1
        if self.pre:
            self.last_pre_close = max(
                (i for i, line in enumerate(lines) if _PRE_CLOSE.search(line)), default=-1
            )

    def scan(self) -> list[tuple[int, Block | list[list[str]]]]:
        lines = self.lines
        after_blank, in_list = True, False
        index = 0
        while index < len(lines):
            line = lines[index]
            if not line.strip():
                after_blank = True
                index += 1
                continue
            end = self._block(index, after_blank, in_list)
            if end is not None:
                after_blank, in_list = True, False
                index = end
                continue
            if not _INDENTED.match(line):
                if _LIST_ITEM.match(line):
                    in_list = True
                elif after_blank:
                    in_list = False
            after_blank = False
            index += 1
        return self.found

    def _block(self, index: int, after_blank: bool, in_list: bool) -> int | None:
        """The index after the block starting at line `index`, if one does (found, its lines
        blanked), else None."""
        line = self.lines[index]
        if self.fences and (fence := _FENCE_OPEN.match(line)):
            return self._fenced(index, fence["run"], fence.start("run"))
        if self.pre and "<" in line and (opening := _PRE_OPEN.match(line)):
            return self._pre(index, opening.end())
        if after_blank and not in_list and _INDENTED.match(line):
            return self._indented(index)
        if "|" in line and index + 1 < len(self.lines):
            columns = _delimiter_cells(self.lines[index + 1])
            if columns and len(_cells(line)) == columns:
                return self._table(index, columns)
        return None

    def _keep(self, start: int, end: int, block: Block | list[list[str]] | None) -> int:
        if block is not None:
            self.found.append((start, block))
        self.lines[start:end] = [""] * (end - start)
        return end

    def _fenced(self, index: int, run: str, indent: int) -> int:
        """A fenced block, up to the first closer that matches; an opening never closed is
        only its line, which goes (a stray "```" shows nothing; the lines after stay text)."""
        first = bisect.bisect_right(self.closers, (index, "\uffff", 0))
        if self.longest_after[run[0]][first] < len(run):
            return self._keep(index, index + 1, None)
        while (closer := self.closers[first])[1] != run[0] or closer[2] < len(run):
            first += 1  # each line passed over is in the block: read once
        line = closer[0]
        # each line without as many spaces as indent the opening fence, if it has them
        content = [
            text[min(indent, len(text) - len(text.lstrip(" "))) :]
            for text in self.lines[index + 1 : line]
        ]
        code = _code_text(content)
        return self._keep(index, line + 1, Block("code", code) if code.strip() else None)

    def _pre(self, index: int, start: int) -> int | None:
        """A <pre> block up to its closing tag; one never closed is no block (its tag breaks
        the paragraph, as any block tag does)."""
        if self.last_pre_close < index:
            return None
        raw: list[str] = []
        end, text = index, self.lines[index][start:]
        while (close := _PRE_CLOSE.search(text)) is None:
            raw.append(text)
            end += 1
            if end == len(self.lines):  # the last closing tag was before the opening one
                self.last_pre_close = -1
                return None
            text = self.lines[end]
        raw.append(text[: close.start()])
        code = _code_text(_pre_text("\n".join(raw)).split("\n"))
        rest = text[close.end() :]
        self._keep(index, end + 1, Block("code", code) if code.strip() else None)
        self.lines[end] = rest  # text after the closing tag stays text
        return end if rest.strip() else end + 1

    def _indented(self, index: int) -> int:
        """Lines indented four spaces (or a tab) after a blank line, outside a list, with the
        blank lines between them."""
        end = index
        last = index
        while end < len(self.lines) and (
            not self.lines[end].strip() or _INDENTED.match(self.lines[end])
        ):
            if self.lines[end].strip():
                last = end
            end += 1
        code = _code_text(
            _INDENT_REMOVED.sub("", "\n".join(self.lines[index : last + 1])).split("\n")
        )
        return self._keep(index, last + 1, Block("code", code))

    def _table(self, index: int, columns: int) -> int:
        """A header row, its delimiter row, then each line with a "|" until a blank line or a
        line without one; every row cut or padded to the header's number of cells."""
        end = index + 2
        while end < len(self.lines) and self.lines[end].strip() and "|" in self.lines[end]:
            end += 1
        rows = [_cells(self.lines[index])]
        rows += [(_cells(line) + [""] * columns)[:columns] for line in self.lines[index + 2 : end]]
        return self._keep(index, end, rows)


# --- the whole report -----------------------------------------------------------------------


class MarkdownRead(NamedTuple):
    text: str  # the text a reader sees, the lines of its tables and code blocks left blank
    blocks: list[tuple[int, int, Block]]  # each table and code block: its line in text, in the
    # file's text (both from 1), and the block
    origin: Origin  # each line of text: the line of the file's text it starts on (from 1), where
    # a tag broke a line in two or a mark, comment or script joined lines; None when the same


def _table_block(rows: list[list[str]]) -> Block | None:
    """A table's Block, from its rows of cells as a reader sees them (header first); None when
    every cell is empty. Its text is its rows read as lines (`table_lines`)."""
    text = "\n".join(table_lines(rows))
    return Block("table", text, tuple(map(tuple, rows))) if text else None


def read_markdown(text: str) -> MarkdownRead:
    """A `.md` report as the text a reader sees, and its tables and code blocks."""
    lines = text.split("\n")
    if _MAY_HOLD_BLOCKS.search(text):
        found = _Blocks(lines).scan()
        text = "\n".join(lines)
    else:
        found = []
    text, origin = _joined(_without_scripts(_without_comments(text)), None)
    labels = _link_labels(text)
    text = _MD_DEFINITION.sub("", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text, origin = _without_tags(text, origin)
    text = _MD_QUOTE.sub("", _without_heading_marks(text))
    text, origin = _joined(_inline_marks(text, labels), origin)
    blocks = []
    for index, raw in found:
        block = (
            raw
            if isinstance(raw, Block)
            else _table_block([[_cell_text(c, labels) for c in row] for row in raw])
        )
        if block is None:
            continue
        line = bisect.bisect_left(origin, index + 1) + 1 if origin else index + 1
        blocks.append((line, index + 1, block))
    return MarkdownRead(text, blocks, origin)
