"""Untrusted text written through markdown_safe renders as exactly that text, never as markup."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from briefing.markdown_safe import (
    code_block,
    escape_block,
    escape_inline,
    escape_table,
    render_html,
)
from briefing.text import clean_text, one_line

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](https://tracker.example/pixel.png)",
    "# heading",
    "1. list",
    "- bullet",
    '!!! danger "admonition"',
    '{: onclick="alert(1)" }',
    "{{ config.site_name }} {% raw %}",
    '--8<-- "mkdocs.yml"',
    "[TOC]",
    "*[HTML]: abbreviation",
    "<!-- comment -->",
    "&lt; already escaped &amp;",
    "<http://autolink.example>",
    "| a | b |",
    "`code` **bold** __under__",
    "/// details",
    "??? note",
]


def visible_text(rendered: str) -> str:
    """What a reader sees: tags removed, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_text(text: str) -> None:
    rendered = render_html(escape_block(text))
    assert re.fullmatch(r"<p>.*</p>", rendered, re.DOTALL), rendered
    assert visible_text(rendered) == text
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_paragraph_renders_as_itself(text: str) -> None:
    expected = one_line(text)  # control and invisible characters are dropped first
    rendered = render_html(escape_block(text))
    if not expected:
        assert visible_text(rendered) == ""
        return
    assert visible_text(rendered) == expected
    # one paragraph, no element other than <p> created from the text
    assert re.findall(r"<(\w+)", rendered) == ["p"]


@pytest.mark.parametrize("text", ["]:", "Q&A]: prices", "a]: b", "[x]: y"])
def test_a_closing_bracket_and_colon_in_link_text_is_not_a_reference_definition(text: str) -> None:
    """Found by the property below: "[a\\]:](target.md)" was read as the definition of a link
    reference named "a\\", and the whole link vanished from the page."""
    rendered = render_html(f"[{escape_inline(text)}](target.md)")
    assert rendered.startswith('<p><a href="target.md">'), rendered
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)) == text


@given(st.text(max_size=80).filter(lambda t: "\n" not in t))
def test_inline_text_inside_a_link_stays_text(text: str) -> None:
    rendered = render_html(f"[{escape_inline(text)}](target.md)")
    anchors = re.findall(r"<a ", rendered)
    assert len(anchors) == 1


# A `.md` report's tables and code blocks: the body's only structure besides lists and subheads
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)


@given(st.lists(st.lists(ANY_TEXT, min_size=1, max_size=4), min_size=1, max_size=4))
@example(
    [["| a", "<b>x</b>", "`c`"], ["{: #id }", '--8<-- "mkdocs.yml"', "1. y"], ["-", "", "\\|"]]
)
def test_any_cells_render_as_a_table_of_exactly_those_cells(rows: list[list[str]]) -> None:
    width = max(len(row) for row in rows)
    body = rows[1:] or [[""]]  # Python-Markdown gives a table of a header alone an empty row
    rendered = render_html(escape_table(rows))
    assert re.findall(r"<(\w+)", rendered) == (
        ["table", "thead", "tr", *["th"] * width, "tbody"]
        + [tag for _ in body for tag in ("tr", *["td"] * width)]
    )
    cells = [visible_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rendered, re.S)]
    assert cells == [
        one_line(cell) for row in [rows[0], *body] for cell in [*row, *[""] * (width - len(row))]
    ]


@given(ANY_TEXT)
@example('</code></pre><script>alert(1)</script>\n--8<-- "mkdocs.yml"\n\n  {{ x }}')
def test_any_code_renders_as_itself_in_one_code_block(text: str) -> None:
    rendered = render_html(code_block(text))
    assert re.findall(r"<(\w+)", rendered) == ["pre", "code"]
    shown = html.unescape(re.fullmatch(r"<pre><code>(.*)</code></pre>", rendered, re.S)[1])
    assert shown == clean_text(text, keep_indent=True)
