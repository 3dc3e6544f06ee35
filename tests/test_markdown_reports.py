"""A `.md` report read as a reader sees it: tables, code blocks, HTML tags and marks across lines.

Each case is a report an analyst could paste; the page must read well, its summary must be
prose, and nothing of the report may become markup (the body stays escaped Markdown).
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from conftest import TAXONOMY_FILE

from briefing.analyze.pipeline import AnalysisSettings, analyze
from briefing.analyze.tags import load_taxonomy
from briefing.ingest import DateHints, ingest
from briefing.markdown_in import read_markdown
from briefing.markdown_safe import render_html
from briefing.model import Block, Report, Seed
from briefing.render import body_markdown

TAXONOMY, _ = load_taxonomy(TAXONOMY_FILE)
LEAD = (
    "Rice prices rose sharply this month in the markets of Pyongyang and Hyesan, traders told "
    "Daily NK, as the state cut rations."
)
CLOSE = "Traders expect prices to keep rising until the autumn harvest, a source in Hyesan said."


def run_md(text: str, name: str = "r.md") -> Report:
    result = ingest(Seed(Path(name), name, text.encode()), dates=DateHints())
    assert result.report is not None, result.issues
    return result.report


def shown(report: Report) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in report.body if b.kind != "repeat"]


def page_html(report: Report) -> str:
    return render_html(body_markdown(analyze(report, TAXONOMY, AnalysisSettings())))


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# --- tables ----------------------------------------------------------------------------------

PRICES = (
    "| Price | Pyongyang | Hyesan |\n"
    "|---|:-:|--:|\n"
    "| Rice (1 kg) | 6,800 won | 6,900 won |\n"
    "| **Corn** (1 kg) | [3,100 won](https://example.org/c) | 3,200 won |\n"
)


def test_a_table_is_a_block_of_its_own_shown_as_a_table() -> None:
    """A pasted table came out as paragraphs of pipes, a "|---|---|" line among them, and a row
    could be a summary sentence. It is a table of the page now, its cells read as inline
    Markdown, and the text around it stays as it was."""
    report = run_md(f"# Rice prices climb\n\n{LEAD}\n\n{PRICES}\n{CLOSE}\n")
    assert report.title == "Rice prices climb"
    [table] = [b for b in report.body if b.kind == "table"]
    assert table.rows == (
        ("Price", "Pyongyang", "Hyesan"),
        ("Rice (1 kg)", "6,800 won", "6,900 won"),
        ("Corn (1 kg)", "3,100 won", "3,200 won"),
    )
    # its rows read as lines, each cell with its labels (what tags, keyphrases and figures read)
    assert table.text == (
        "Rice (1 kg) — Pyongyang: 6,800 won; Hyesan: 6,900 won\n"
        "Corn (1 kg) — Pyongyang: 3,100 won; Hyesan: 3,200 won"
    )
    assert [kind for kind, _ in shown(report)] == ["paragraph", "table", "paragraph"]
    assert "table at line 5 (2 rows): shown as a block of its own" in " ".join(report.explanations)
    rendered = page_html(report)
    assert "|" not in text_of(rendered) and "---" not in rendered
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rendered)
    assert cells == [
        "Price", "Pyongyang", "Hyesan", "Rice (1 kg)", "6,800 won", "6,900 won",
        "Corn (1 kg)", "3,100 won", "3,200 won",
    ]  # fmt: skip


def test_a_table_row_is_never_a_summary_sentence_and_its_figures_carry_their_labels() -> None:
    briefing = analyze(
        run_md(f"Rice prices climb\n\n{LEAD}\n\n{PRICES}\n{CLOSE}\n"), TAXONOMY, AnalysisSettings()
    )
    assert briefing.summary == (LEAD, CLOSE)
    assert not any("|" in s or "—" in s for s in briefing.summary)
    sentences = {f.text: f.sentence for f in briefing.figures}
    assert sentences["6,800 won"] == "Rice (1 kg) — Pyongyang: 6,800 won"
    assert sentences["3,200 won"] == "Corn (1 kg) — Hyesan: 3,200 won"
    assert "Hyesan" in briefing.keyphrases or "Pyongyang" in briefing.keyphrases


def test_a_table_s_rows_are_cut_or_padded_to_its_header_and_pipes_may_be_escaped() -> None:
    text = (
        f"Markets\n\n{LEAD}\n\n"
        "Item | Price\n--- | ---\nRice \\| paddy | 6,800 won | extra cell\nCorn was scarce.\n\n"
        "| Wheat | 4,000 won |\n"
    )
    report = run_md(text)
    [table] = [b for b in report.body if b.kind == "table"]
    # a line without a "|" ends the table; a lone row after a blank line has no header: text
    assert table.rows == (("Item", "Price"), ("Rice | paddy", "6,800 won"))
    assert shown(report)[-2:] == [
        ("paragraph", "Corn was scarce."),
        ("paragraph", "| Wheat | 4,000 won |"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "| a | b |\n| --- |\n| 1 | 2 |",  # the delimiter row has fewer cells than the header
        "a | b\n---",  # a heading's underline, with no "|"
        "| a | b |\n| -- | x |",  # not a delimiter row
        "Prices | up\nRice | 6,800 won",  # no delimiter row at all
    ],
)
def test_lines_with_pipes_but_no_delimiter_row_are_text(text: str) -> None:
    assert read_markdown(text).blocks == []


def test_a_headline_over_a_table_alone_is_a_report() -> None:
    report = run_md("# Rice prices in March\n\n| Item | Price |\n|---|---|\n| Rice | 6,800 won |\n")
    assert report.title == "Rice prices in March"
    assert [b.kind for b in report.body] == ["table"]
    briefing = analyze(report, TAXONOMY, AnalysisSettings())
    assert briefing.summary == () and briefing.figures[0].sentence == "Rice — Price: 6,800 won"
    # a subhead over a table heads it, even at the end of the report
    report = run_md(f"Markets\n\n{LEAD}\n\nPrices in March\n\n{PRICES}")
    assert [b.kind for b in report.body] == ["paragraph", "heading", "table"]


# --- code blocks -------------------------------------------------------------------------------


def test_code_blocks_are_shown_as_written_and_never_summarised() -> None:
    """Fenced (``` or ~~~) and indented code came out as paragraphs, fence marks and all."""
    text = (
        f"Markets\n\n{LEAD}\n\n"
        "```python\n  rice = 6800  # **not emphasis** &amp; <b>no tag</b>\n\n```\n\n"
        "~~~~\n```\nstill code\n~~~~\n\n"
        "    indented line\n\n      more indented\n\n"
        "<pre class=x><code>&lt;b&gt; as text\n  kept</code></pre>\n\n"
        f"{CLOSE}\n"
    )
    report = run_md(text)
    assert shown(report) == [
        ("paragraph", LEAD),
        ("code", "  rice = 6800  # **not emphasis** &amp; <b>no tag</b>"),
        ("code", "```\nstill code"),
        ("code", "indented line\n\n  more indented"),
        ("code", "<b> as text\n  kept"),
        ("paragraph", CLOSE),
    ]
    briefing = analyze(report, TAXONOMY, AnalysisSettings())
    assert briefing.summary == (LEAD, CLOSE)
    rendered = render_html(body_markdown(briefing))
    assert rendered.count("<pre><code>") == 4
    assert "```python" not in rendered and "~~~" not in rendered  # no fence shows
    assert "<pre><code>  rice = 6800  # **not emphasis** &amp;amp; &lt;b&gt;no tag" in rendered


def test_an_unclosed_fence_or_a_list_s_indented_lines_are_no_code() -> None:
    # a stray fence shows nothing, and the lines after it stay text
    report = run_md(f"Markets\n\n{LEAD}\n\n```\n\n{CLOSE}\n")
    assert shown(report) == [("paragraph", LEAD), ("paragraph", CLOSE)]
    # lines indented under a list's item are the item's; indented lines within a paragraph too
    text = f"Markets\n\n- Rice rose\n\n    in every market\n\n{LEAD}\n    wrapped on\n"
    assert not [b for b in run_md(text).body if b.kind == "code"]


# --- HTML ------------------------------------------------------------------------------------


def test_html_tags_leave_their_text_and_block_tags_break_the_text() -> None:
    """ "<b>", "<br>", "<div>", "<span class=…>", "<sup>" showed as escaped text."""
    text = (
        "<h1>Rice prices climb</h1>\n\n"
        'Prices rose, traders in <b>Hyesan</b> told <a href="https://example.org">Daily NK</a>.'
        '<br>Officials <span class="x">denied</span> it.<sup>1</sup>\n\n'
        "<div>A paragraph in a div, a source said.</div><p>Another one, the source said.</p>\n\n"
        "<ul><li>Rice rose 10%</li><li>Corn rose 5%</li></ul>\n\n"
        "Prices in m<sup>2</sup> and H<sub>2</sub>O, as `<b>` and \\<i> and &lt;u&gt; and "
        "<Pyongyang> show.\n"
    )
    report = run_md(text)
    assert report.title == "Rice prices climb" and report.source == "Daily NK"
    assert shown(report) == [
        ("paragraph", "Prices rose, traders in Hyesan told Daily NK."),
        ("paragraph", "Officials denied it.¹"),
        ("paragraph", "A paragraph in a div, a source said."),
        ("paragraph", "Another one, the source said."),
        ("item", "Rice rose 10%"),
        ("item", "Corn rose 5%"),
        # a code span, an escaped "<", a character reference and a name no tag has stay text
        ("paragraph", "Prices in m² and H₂O, as <b> and <i> and <u> and <Pyongyang> show."),
    ]
    # and stays text on the page
    assert "&lt;b&gt; and &lt;i&gt; and &lt;u&gt; and &lt;Pyongyang&gt;" in page_html(report)


def test_a_script_or_style_never_reaches_the_page() -> None:
    text = (
        f"Markets\n\n{LEAD} <script>alert('x');\nvar a = 1;</script> Stalls closed.\n\n"
        "<STYLE type=text/css>body { display: none }</STYLE>\n\n"
        "Stalls closed on Monday, a trader wrote. <script>Left open, to the paragraph's end.\n\n"
        f"{CLOSE} As `<script>` shows, a code span is text.\n"
    )
    report = run_md(text)
    assert shown(report) == [
        ("paragraph", f"{LEAD} Stalls closed."),  # one paragraph, as the page showed it
        ("paragraph", "Stalls closed on Monday, a trader wrote."),
        ("paragraph", f"{CLOSE} As <script> shows, a code span is text."),
    ]
    assert not re.search(r"alert|display|var a|Left open", " ".join(b.text for b in report.body))


# --- marks across lines, and line numbers ------------------------------------------------------


def test_emphasis_and_links_across_a_wrapped_line_keep_their_words_in_one_paragraph() -> None:
    text = (
        "Markets\n\nTraders said **North Korea\nsaid** it would _not\ncomment_ on `rice\n"
        "prices`, as [Daily\nNK](https://example.org) and ![a\nphoto](p.png) showed.\n\n"
        "But a *mark left open in one paragraph of a report, as a trader wrote it\n\n"
        "is closed* in vain in the next, traders said.\n"
    )
    report = run_md(text)
    assert shown(report) == [
        (
            "paragraph",
            "Traders said North Korea said it would not comment on rice prices, as Daily NK "
            "and showed.",
        ),
        ("paragraph", "But a *mark left open in one paragraph of a report, as a trader wrote it"),
        ("paragraph", "is closed* in vain in the next, traders said."),
    ]


def test_line_numbers_stay_the_file_s_where_tags_split_or_marks_join_lines() -> None:
    text = (
        "---\ndate: 2024-03-01\n---\n"  # lines 1-3
        "Markets reopen\n\n"  # 4-5
        "Traders said<br>prices rose, a source told **Daily\nNK** on Monday.\n\n"  # 6-8
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"  # 9-12
        f"{LEAD}\n\nShare this story\n"  # 13-15
    )
    report = run_md(text)
    explained = " ".join(report.explanations)
    assert "title: line 4 reads like a headline" in explained
    assert "table at line 9 (1 row)" in explained
    assert "dropped line 15 (widget): Share this story" in explained


# --- speed -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "piece",
    ["```x\n", "~~~\n", "| a |\n|---|\n", "|", "    x\n\n", "<pre>\n", "<script>", "<b a='x' ",
     "**x\n", "<br>", "[x\n"],
)  # fmt: skip
def test_markdown_blocks_and_tags_are_read_in_linear_time(piece: str) -> None:
    """Each block or tag rule on 256 KB of its own marks, unclosed: a rule that searched
    again from every opening took minutes here (the 2 MB figures: benchmarks/hostile_inputs.py)."""
    start = time.process_time()
    read_markdown(piece * (256 * 1024 // len(piece)))
    assert time.process_time() - start < 2.0


def test_the_page_s_markdown_saved_as_a_md_report_reads_back_as_the_same_report() -> None:
    """Cleaning is idempotent for `.md` too: the body the page shows (escaped Markdown, with its
    tables and code blocks), saved as a `.md` report, gives the same blocks again."""
    text = (
        f"# Rice prices climb\n\n{LEAD} <b>Bold</b> &amp; *marks* \\| ~~~ `x`\n\n{PRICES}\n"
        "```\n<b>code</b> &amp; | ~~~\n  indented\n```\n\n"
        "- An item with | a pipe and <i>tags</i>\n\n"
        f"{CLOSE}\n"
    )
    report = run_md(text)
    saved = f"---\ntitle: {report.title}\n---\n\n{page_markdown(report)}\n"
    again = run_md(saved)
    assert again.body == tuple(b for b in report.body if b.kind != "repeat")


def page_markdown(report: Report) -> str:
    return body_markdown(analyze(report, TAXONOMY, AnalysisSettings()))


def test_a_table_block_renders_whatever_its_cells_hold_as_text() -> None:
    rows = (("| a", "<b>", "`x`"), ("{: #id }", '--8<-- "x"', "1. y"), ("", "", "-"))
    block = Block("table", "x", rows)
    report = Report("r.md", "T", (block,), date=__import__("datetime").datetime(2024, 1, 1))
    rendered = page_html(report)
    assert rendered.count("<tr>") == 3 and "<b>" not in rendered and "<code>" not in rendered
    cells = [text_of(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rendered)]
    assert cells == ["| a", "<b>", "`x`", "{: #id }", '--8<-- "x"', "1. y", "", "", "-"]
