"""Write untrusted report text into Markdown so that it renders as exactly that text.

Report text may contain HTML, Markdown syntax, attribute lists or snippet markers. Escaping here
(rather than disabling Markdown features site-wide) keeps hand-written pages fully featured while
guaranteeing that nothing from a report becomes markup. `tests/test_markdown_safe.py` checks the
guarantee by rendering escaped text with the site's own Markdown extensions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import markdown

from briefing.text import clean_text, one_line

# Characters with inline meaning to Python-Markdown or the extensions in mkdocs.yml. Links and
# images need "[", attribute lists "{", so "(", ")", "!" and ":" can stay as written.
_INLINE = re.compile(r"([\\`*_\[\]{}#|])")
# At the start of a line these begin a list, setext underline, admonition or block, and "~~~"
# a fence, to a reader of the page's Markdown saved as a `.md` report.
_LINE_START = re.compile(r"^([-+=!?/:~])")
# Python-Markdown honours backslash escapes only for these; others are written as entities.
_BACKSLASHABLE = set("\\`*_{}[]()#+-.!")
# The extensions the site renders report pages with (see mkdocs.yml), for HTML made outside MkDocs.
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(1)
    # "]" as an entity: the block parser reads "[a\]: x" at the start of a line as a link
    # reference definition before any escape is honoured, and a link around text holding "]:"
    # ("[a\]:](page.md)") vanished from the page.
    if char in _BACKSLASHABLE and char != "]":
        return "\\" + char
    return f"&#{ord(char)};"


def escape_inline(text: str) -> str:
    """Escape one line of plain text for use anywhere inline in Markdown (and in link text)."""
    # Control characters never reach Markdown: Python-Markdown uses \x02/\x03 as placeholders.
    text = one_line(text)
    text = html.escape(text, quote=False)  # & < > first, so they never start a tag or entity
    text = _INLINE.sub(_escape_char, text)
    text = _LINE_START.sub(_escape_char, text)
    # A line starting with digits and a dot would become an ordered list item.
    return re.sub(r"^(\d+)\.", r"\1\\.", text)


def escape_block(text: str) -> str:
    """A paragraph of plain text as a Markdown paragraph (a single line, never indented)."""
    return escape_inline(text)


def escape_table(rows: Sequence[Sequence[str]]) -> str:
    """Rows of plain-text cells (the header row first) as a Markdown table, each cell escaped
    inline: a "|" in a cell is an entity, so no cell ends early or makes another."""
    width = max(len(row) for row in rows)
    lines = [
        "| " + " | ".join(escape_inline(cell) for cell in [*row, *[""] * (width - len(row))]) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


# In a code block: what Python-Markdown would change even in raw HTML (it expands tabs in the
# whole page) or what would end the block's one line
_CODE_CHARACTERS = str.maketrans({"\n": "&#10;", "\t": "&#9;"})


def code_block(text: str) -> str:
    """Plain text shown as written, in a code block: a `<pre>` element on one line, its text
    HTML-escaped and its line breaks and tabs written as "&#10;" and "&#9;". Markdown's own
    code blocks show text as written too, but every line of one begins a line of the page,
    where the snippets extension reads "--8<--" as an instruction to include a file; this
    one's only line begins "<pre>", and a raw HTML block is passed through whole."""
    text = html.escape(clean_text(text, keep_indent=True), quote=False)
    return f"<pre><code>{text.translate(_CODE_CHARACTERS)}</code></pre>"


def render_html(markdown_text: str) -> str:
    """Markdown → HTML with the site's extensions: for feeds, which must not depend on MkDocs."""
    return markdown.markdown(markdown_text, extensions=MARKDOWN_EXTENSIONS)
