"""Properties that hold for any input text (Hypothesis).

Profiles (tests/conftest.py): "default" 200 examples, "ci" 1,000 (when CI is set), "fuzz" 10,000
(`make fuzz`). MkDocs runs once per batch of generated reports, not once per example.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import feedparser
import frontmatter
import yaml
from conftest import TAXONOMY_FILE, make_project
from hypothesis import example, given
from hypothesis import strategies as st

from briefing import feeds, frontmatter_in, render
from briefing.analyze.pipeline import AnalysisSettings, analyze
from briefing.analyze.summarize import summarize
from briefing.analyze.tags import load_taxonomy
from briefing.build import generate
from briefing.config import load_config
from briefing.corpus import assign_ids
from briefing.decode import decode_report
from briefing.ingest import DateHints, ingest
from briefing.model import Block, Briefing, Report, Seed, Severity
from briefing.output import write_outputs
from briefing.text import RESERVED_SLUGS, clean_text, slugify

TAXONOMY, _ = load_taxonomy(TAXONOMY_FILE)
HINTS = DateHints(git_added=dt.datetime(2024, 2, 20, tzinfo=dt.UTC))
SETTINGS = AnalysisSettings()
FEED = feeds.FeedConfig(site_url="https://example.org/briefing/", title="T", description="D")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# --- strategies -------------------------------------------------------------------------------

ANY_CHAR = st.characters(blacklist_categories=("Cs",))  # everything UTF-8 can encode
WORDS = st.sampled_from(
    [
        "rice",
        "prices",
        "traders",
        "said",
        "market",
        "border",
        "officials",
        "Hyesan",
        "Sinuiju",
        "the",
        "a",
        "of",
        "in",
        "on",
        "rose",
        "fell",
        "sharply",
        "this",
        "month",
        "workers",
        "Korea",
        "sanctions",
        "Russia",
        "Chinese",
        "source",
        "residents",
    ]
)
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "![i](http://t.example/p.png)",
        "{{ config }}",
        "{% raw %}",
        "{: #id onclick=x }",
        '--8<-- "mkdocs.yml"',
        "---",
        "...",
        "]]>",
        "<![CDATA[",
        "&amp;",
        "&#0;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "&amp;amp;#39;",
        "&#10;",
        "&#x202e;",
        "&lt;b&gt;",
        "\x00",
        "\x1b[31m",
        "\u202e",
        "\ufeff",
        "\r\n",
        "\r",
        "\n",
        "\n\n",
        "# ",
        "1. ",
        "- ",
        "> ",
        "!!! note",
        "|",
        "`",
        "*",
        "_",
        "\\",
        ":",
        "key: value",
        "\u2028",
        "\x85",
        "\ufffe",
        "🚢",
        "북한",
        "ﬁ",
        "\x0b",
        "indus-\ntry",
    ]
)
TOKEN = st.one_of(WORDS, WORDS, WORDS, HOSTILE, st.text(ANY_CHAR, min_size=1, max_size=8))
SENTENCE = st.lists(TOKEN, min_size=3, max_size=14).map(lambda t: " ".join(t).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
LINE = st.lists(TOKEN, min_size=1, max_size=8).map(" ".join)
FRONT = st.fixed_dictionaries(
    {"date": st.sampled_from(["2024-01-05", "2024-02-20", "2023-12-31"])},
    optional={
        "title": LINE,
        "source": LINE,
        "authors": st.lists(LINE, max_size=3),
        "tags": st.lists(LINE, max_size=3),
        "summary": st.lists(SENTENCE, min_size=1, max_size=2),
    },
)

# Lines that ingest drops as a pasted page's furniture, or reads as structure, around the text.
PAGE_LINE = st.one_of(
    st.sampled_from(
        [
            "Home > North Korea > Economy",
            "March 5, 2024",
            "Updated: 2024-01-18 10:32 KST",
            "Tags: China, trade, Dandong",
            "Related articles",
            "Latest news",
            "Rice (1 kg):",
            "Hyesan: 6,900 won",
            "(Reporting by Ann Park; Editing by Bo Kim)",
            "Trucks wait at the bridge. Photo: AFP",
            "Share via Email",
            "© 2024 NK Insider",
            # a PDF's page marks, which may stand inside a sentence
            "Page 3 of 5",
            "- 4 -",
            "12",
            "2 | Daily NK",
            "Daily NK | 3",
            "workers do not have fixed incomes and",
            "\x0c",
        ]
    ),
    st.tuples(st.sampled_from(["- ", "* ", "• ", "– ", "· ", "▪ "]), LINE).map("".join),
    st.tuples(LINE, st.sampled_from([" > ", " → ", ": "]), LINE).map("".join),
)


@st.composite
def report_texts(draw: st.DrawFn) -> str:
    """Mostly report-shaped text made of hostile pieces; sometimes anything at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(ANY_CHAR, max_size=400))
    parts = []
    if draw(st.booleans()):
        dumped = yaml.safe_dump(draw(FRONT), allow_unicode=draw(st.booleans()), sort_keys=False)
        parts.append(f"---\n{dumped}---\n")
    parts.append(draw(LINE))
    parts += draw(st.lists(st.one_of(PARAGRAPH, PARAGRAPH, PAGE_LINE), min_size=1, max_size=7))
    return draw(st.sampled_from(["\n\n", "\r\n\r\n", "\n"])).join(parts) + "\n"


# Markdown's marks, and HTML, as a `.md` report has them: openers, closers, and each alone
MD_TOKEN = st.one_of(
    TOKEN,
    st.sampled_from(
        [
            "**",
            "*",
            "__",
            "_",
            "`",
            "``",
            "[",
            "](https://example.org/a)",
            "![",
            "<b>",
            "</b>",
            "<br>",
            "<div>",
            "</div>",
            "<p class=x>",
            "<li>",
            "<sup>2</sup>",
            "<span onclick='alert(1)'>",
            "<script>",
            "</script>",
            "<style>",
            "<!--",
            "-->",
            "<pre>",
            "</pre>",
            "&lt;b&gt;",
            "&amp;",
            "&#124;",
            "\\*",
            "\\|",
            "\\",
            "|",
            "\n",
            "\n    ",
        ]
    ),
)
MD_LINE = st.lists(MD_TOKEN, min_size=1, max_size=8).map(" ".join)
MD_CELL = st.lists(MD_TOKEN, max_size=3).map(lambda t: " ".join(t).replace("\n", " "))


@st.composite
def markdown_blocks(draw: st.DrawFn) -> str:
    """One block of a `.md` report: prose with marks (wrapped or not), a table, code, HTML."""
    kind = draw(st.integers(0, 6))
    if kind == 0:  # a table, sometimes with a row of the wrong width
        width = draw(st.integers(1, 4))
        rows = draw(st.lists(st.lists(MD_CELL, min_size=1, max_size=5), min_size=1, max_size=4))
        header = draw(st.lists(MD_CELL, min_size=width, max_size=width))
        lines = [header, ["---"] * width, *rows]
        return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)
    if kind == 1:  # fenced code, closed or not
        fence = draw(st.sampled_from(["```", "~~~", "````", "``` python"]))
        body = draw(st.lists(MD_LINE, max_size=3))
        close = draw(st.sampled_from([fence.split()[0], fence.split()[0], ""]))
        return "\n".join([fence, *body, close])
    if kind == 2:  # indented code
        return "\n".join("    " + line for line in draw(st.lists(LINE, min_size=1, max_size=3)))
    if kind == 3:  # HTML around prose
        tag = draw(st.sampled_from(["div", "p", "pre", "script", "style", "blockquote", "b"]))
        return f"<{tag}>{draw(PARAGRAPH)}</{tag}>"
    # prose with marks, wrapped at some of its spaces
    words = draw(st.lists(st.one_of(MD_TOKEN, WORDS, WORDS), min_size=3, max_size=20))
    breaks = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    return (
        "".join(w + ("\n" if b else " ") for w, b in zip(words, breaks, strict=True)).strip() + "."
    )


@st.composite
def markdown_texts(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.booleans()):
        dumped = yaml.safe_dump(draw(FRONT), allow_unicode=draw(st.booleans()), sort_keys=False)
        parts.append(f"---\n{dumped}---\n")
    parts.append(draw(st.sampled_from(["# ", "", "## "])) + draw(LINE))
    blocks = st.one_of(markdown_blocks(), PARAGRAPH, PAGE_LINE)
    parts += draw(st.lists(blocks, min_size=1, max_size=7))
    return draw(st.sampled_from(["\n\n", "\r\n\r\n", "\n"])).join(parts) + "\n"


def ingest_text(name: str, text: str):
    return ingest(Seed(Path(name), name, text.encode("utf-8")), dates=HINTS)


def published_or_refused(name: str, text: str) -> Report | None:
    """The report ``text`` makes, or None when it is refused, which only an error may do."""
    result = ingest_text(name, text)
    if result.report is None:
        assert [i for i in result.issues if i.severity is Severity.ERROR]
    return result.report


def clean_output(report: Report) -> str:
    """What a user would get by saving the published report as a new seed."""
    front = yaml.safe_dump(
        {"title": report.title, "date": report.date.date().isoformat()}, allow_unicode=True
    )
    body = "\n\n".join(
        f"- {block.text}" if block.kind == "item" else block.text
        for block in report.body
        if block.kind != "repeat"  # never shown
    )  # a list's items keep their bullets
    return f"---\n{front}---\n\n{body}\n"


# --- properties -------------------------------------------------------------------------------


@given(st.binary(max_size=600))
def test_any_bytes_are_decoded_or_refused_with_a_reason(data: bytes) -> None:
    decoded = decode_report(data, "seeds/x.txt")
    if decoded.text is None:
        assert [i for i in decoded.issues if i.severity is Severity.ERROR]
    else:
        assert clean_text(decoded.text).strip()
    for name in ("x.txt", "x.md"):  # a .md report's Markdown is read too
        result = ingest(Seed(Path(name), name, data), dates=HINTS)  # never raises
        assert (result.report is None) == any(i.severity is Severity.ERROR for i in result.issues)


# Front matter as people write it by hand (not only as yaml.safe_dump writes it): keys, plain,
# quoted and flow values, lists, comments, and any characters at all.
YAML_PIECE = st.one_of(
    TOKEN,
    st.sampled_from(
        [
            ": ",
            ":",
            "- ",
            "[",
            "]",
            "{",
            "}",
            ", ",
            "'",
            '"',
            "#",
            " # c",
            "\t",
            "  ",
            "&a ",
            "*a",
            "!!str ",
            "!!int ",
            "? ",
            "|",
            ">",
            "%YAML 1.1",
            "\\ud83d\\ude00",
            "\\x41",
        ]
    ),
)
YAML_LINE = st.one_of(
    st.tuples(
        st.sampled_from(["title", "date", "source", "authors", "tags", "slug", "other"]),
        st.lists(YAML_PIECE, max_size=6).map("".join),
    ).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.lists(YAML_PIECE, max_size=6).map("".join),
)


@given(st.one_of(st.lists(YAML_LINE, max_size=6).map("\n".join), FRONT.map(yaml.safe_dump)))
@example("title: |#")
@example("|# ")
def test_libyaml_reads_front_matter_as_pure_python_pyyaml_does(written: str) -> None:
    """Front matter is parsed by libyaml when PyYAML has it, and by PyYAML's own parser when
    libyaml refuses the text or is known to be more lenient ("title: |#", a block scalar's header
    run into a comment, found by this test at 10,000 examples). What the product reads must come
    out as the pure-Python parser reads it: the same values, lines and warnings, or the same
    refusal. libyaml stays more lenient on tabs ("title: <tab>" is an empty title to it and a
    syntax error to PyYAML's parser); that is the one way they may differ."""
    if frontmatter_in._FastLoader is None:
        return  # PyYAML without libyaml: only the pure-Python parser runs
    block = clean_text(written, keep_indent=True)  # as ingest hands it over (no BOM, NUL, …)
    results = []
    for parse in (
        frontmatter_in._load,  # what ingest runs
        lambda text, line: frontmatter_in._parse(frontmatter_in._Loader, text, line),
    ):
        try:
            results.append(("read", parse(block, 2)))
        except frontmatter_in._Refused as exc:  # what the user is told, and where
            mark = exc.problem_mark
            results.append(("refused", (exc.problem, mark and (mark.line, mark.column))))
        except yaml.YAMLError as exc:
            results.append(("error", str(exc)))
    product, pure = results
    if pure[0] == "error" and product[0] != "error":  # libyaml read on where PyYAML stops
        assert "\t" in block, block
        return
    assert repr(product) == repr(pure), block  # repr: NaN is not equal to itself


@given(st.text(ANY_CHAR, max_size=200))
def test_slugs_are_always_safe(title: str) -> None:
    slug = slugify(title)
    assert SLUG.fullmatch(slug) and len(slug) <= 80
    assert slug not in RESERVED_SLUGS and ".." not in slug and "/" not in slug


def _briefing(title: str, relpath: str, slug: str | None = None) -> Briefing:
    report = Report(
        relpath=relpath,
        title=title,
        body=(Block("paragraph", "x"),),
        date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        slug=slug,
    )
    return Briefing(report, slug or slugify(title), (), "", (), (), (), 1)


@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(["Index", "a", "a-2", "CON", ""]), LINE), st.booleans()
        ),
        min_size=1,
        max_size=25,
    )
)
def test_ids_are_unique_safe_and_stable(titles: list[tuple[str, bool]]) -> None:
    briefings = [
        _briefing(t, f"r{i:03d}.txt", slug=slugify(t) + "-pinned" if pin else None)
        for i, (t, pin) in enumerate(titles)
    ]
    ids = {b.report.relpath: b.id for b in assign_ids(briefings)}
    assert len(set(ids.values())) == len(briefings)
    for slug in ids.values():
        assert SLUG.fullmatch(slug) and slug not in RESERVED_SLUGS
    # stable: the order briefings arrive in does not change anyone's id
    assert {b.report.relpath: b.id for b in assign_ids(briefings[::-1])} == ids
    # and the next build, which knows who had which address, gives everyone the same one
    previous = {relpath: f"reports/2024/{slug}/" for relpath, slug in ids.items()}
    assert {b.report.relpath: b.id for b in assign_ids(briefings[::-1], previous)} == ids


# Sentences from a handful of words, so that many repeat one another's words (the summarizer
# passes over a sentence a chosen one repeats, and drops a chosen one a later pick repeats).
_FEW_WORDS = st.sampled_from(["rice", "prices", "rose", "in", "Hyesan", "traders", "said", "the"])
_SENTENCE = st.lists(_FEW_WORDS, min_size=1, max_size=9).map(lambda w: " ".join(w) + ".")


@given(
    st.lists(st.lists(_SENTENCE, min_size=1, max_size=4), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=6),
    st.lists(st.booleans(), max_size=30),
)
def test_a_summary_has_k_sentences_while_the_report_has_them(
    paragraphs: list[list[str]], k: int, repeats: list[bool]
) -> None:
    n = sum(len(p) for p in paragraphs)
    repeats = repeats[:n]
    chosen = summarize(paragraphs, k, repeats=repeats)
    shown = [i for i in range(n) if not (i < len(repeats) and repeats[i])]
    assert chosen == sorted(set(chosen)) and set(chosen) <= set(shown)
    assert len(chosen) == min(k, len(shown))


# What the body of a page holds: elements of the structure ingest decides, none from the text
BODY_ELEMENTS = {"p", "ul", "li", "h2", "table", "thead", "tbody", "tr", "th", "td", "pre", "code"}


def page_markdown(briefing: Briefing) -> str:
    """What a user gets by saving a `.md` report's page as a new `.md` report: its title and
    date, and the body's Markdown as the page has it (escaped, with its tables and code)."""
    report = briefing.report
    front = yaml.safe_dump(
        {"title": report.title, "date": report.date.date().isoformat()}, allow_unicode=True
    )
    return f"---\n{front}---\n\n{render.body_markdown(briefing)}\n"


def test_markdown_reports_round_trip_and_build(tmp_path: Path) -> None:
    """For any `.md` report: its summary is prose (never a table's row or a line of code), its
    page body holds no element made from its text, the page's Markdown saved as a `.md` report
    reads back as the same report (cleaning is idempotent), and MkDocs builds every page."""
    published: list[Briefing] = []

    @given(markdown_texts())
    @example("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\n<b>x</b>\n```\n")
    @example("# rice\n\n|  |\n| --- |\n| rice rice rice |\n\n    \\\n")  # "\</code>"
    @example("# rice\n\n|  |\n| --- |\n|  |\n\n- rice rice the\n\n- rice\n")  # an item ending "the"
    def check(text: str) -> None:
        name = f"md-{len(published):05d}.md"
        report = published_or_refused(name, text)
        if report is None:
            return
        briefing = analyze(report, TAXONOMY, SETTINGS)
        prose = [b.text for b in report.body if b.kind in ("paragraph", "item", "repeat")]
        for sentence in () if report.front_matter_summary else briefing.summary:
            assert any(sentence in text for text in prose), sentence
        body = render.body_html(briefing)
        assert set(re.findall(r"<(\w+)", body)) <= BODY_ELEMENTS, body
        assert body.count("<code>") == body.count("<pre><code>"), body  # no code span

        again = ingest_text(name, page_markdown(briefing)).report
        assert again is not None
        assert again.title == report.title
        assert again.body == tuple(b for b in report.body if b.kind != "repeat")
        published.append(replace(briefing, report=replace(report, relpath=name)))

    check()
    assert len(published) >= 20, "the strategy should mostly produce publishable reports"
    project = make_project(tmp_path / "project", seeds=[])
    config = load_config(project)
    write_outputs(config.docs_dir, generate(config, render.newest_first(assign_ids(published))))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr


def test_generated_reports_round_trip_feed_and_build(tmp_path: Path) -> None:
    """For any report text: front matter round-trips, feeds parse cleanly, cleaning is
    idempotent; then all generated reports are built by MkDocs at once."""
    published: list[Briefing] = []

    @given(report_texts())
    def check(text: str) -> None:
        name = f"gen-{len(published):05d}.txt"
        report = published_or_refused(name, text)
        if report is None:
            return

        # ingest is idempotent on its own clean output
        again = ingest_text(name, clean_output(report)).report
        assert again is not None
        assert again.title == report.title
        assert again.body == tuple(b for b in report.body if b.kind != "repeat")

        briefing = analyze(report, TAXONOMY, SETTINGS)
        page = render.report_page(briefing, filed=render.FIRST_PAGES)
        post = frontmatter.loads(page)
        assert frontmatter.loads(frontmatter.dumps(post)).metadata == post.metadata
        assert post["title"] == html.escape(report.title)
        assert post["authors"] == list(report.authors)
        assert post["summary"] == list(briefing.summary)
        # the escaped title as one heading line, then the meta line: nothing of the text between
        heading, meta = post.content.split("\n\n", 2)[:2]
        assert heading == f"# {render._esc(report.title)}" and "\n" not in heading
        assert meta.startswith('<p class="digest-meta" markdown>')

        for path, data in feeds.build_feeds(
            [briefing],
            FEED,
            page_path=lambda b: render.page_url(render.report_path(b)),
            content_html=render.body_html,
        ).items():
            if path.endswith(".json"):
                json.loads(data)
            else:
                parsed = feedparser.parse(data)
                assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
                assert len(parsed.entries) == 1
        published.append(replace(briefing, report=replace(report, relpath=name)))

    check()
    assert len(published) >= 20, "the strategy should mostly produce publishable reports"

    project = make_project(tmp_path / "project", seeds=[])
    config = load_config(project)
    briefings = render.newest_first(assign_ids(published))
    assert len({b.id for b in briefings}) == len(briefings)
    write_outputs(config.docs_dir, generate(config, briefings))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],  # --quiet hides warnings
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    for b in briefings:
        page = project / "site" / render.page_url(render.report_path(b)) / "index.html"
        assert page.is_file(), b.id
    for feed in (project / "site").rglob("*.xml"):
        if feed.name != "sitemap.xml":
            assert feedparser.parse(feed.read_bytes()).bozo == 0, feed
