"""Report → Briefing: everything that depends on one report alone (so it can be cached per report)."""

from __future__ import annotations

import difflib
import importlib
import math
import re

from briefing.analyze.figures import extract_figures
from briefing.analyze.keyphrases import extract_keyphrases
from briefing.analyze.sentences import split_sentences
from briefing.analyze.settings import AnalysisSettings, loaded_version
from briefing.analyze.summarize import needs_antecedent, opens_with_linking_word, summarize
from briefing.analyze.tags import Taxonomy, match_tags
from briefing.ingest import DATELINE, looks_like_outlet
from briefing.model import Block, Briefing, Issue, Report, Severity, Tag
from briefing.text import balance_quotes, labelled_rows, shorten_prose, slugify, word_count


def _load_every_stage() -> str:
    """Import the stage modules this one does not use and read the data files the analyzers
    read lazily, then return the version that is now in memory. A long-running process
    (`briefing serve`) may have fixed its cache keys' version before the files changed and loaded
    the analyzers after: its results must not be cached under the old code's version."""
    from briefing.analyze import keyphrases, summarize

    # imported for what importing does: decode loads charset-normalizer lazily, for legacy
    # encodings, and the ingest modules are not used here
    for module in (
        "charset_normalizer",
        "briefing.decode",
        "briefing.frontmatter_in",
        "briefing.ingest",
    ):
        importlib.import_module(module)

    keyphrases.load_data()
    summarize.load_data()
    return loaded_version()


# The version of the code this process analyses with (see _load_every_stage).
LOADED_VERSION = _load_every_stage()

DESCRIPTION_LIMIT = 160
WORDS_PER_MINUTE = 230


# Each paragraph, list item and repeat of the body (subheads and code are no summary
# candidates), split into sentences once: the summarizer reads all of them, the rest of the
# analysis only what a reader is shown. A table is read as its lines ("Rice (1 kg) — Pyongyang:
# 6,800 won; …") for tags, keyphrases and figures, and never summarised.
_Split = list[tuple[Block, list[str]]]
_PROSE = ("paragraph", "item")


def _split_blocks(report: Report) -> _Split:
    return [
        (block, block.text.split("\n") if block.kind == "table" else split_sentences(block.text))
        for block in report.body
        if block.kind in ("paragraph", "item", "repeat", "table")
    ]


def _shown(blocks: _Split) -> list[list[str]]:
    return [sentences for block, sentences in blocks if block.kind in _PROSE]


def _read(blocks: _Split) -> tuple[list[list[str]], list[bool]]:
    read = [(block.kind == "repeat", s) for block, s in blocks if block.kind != "table"]
    flags = [repeat for repeat, sentences in read for _ in sentences]
    return [sentences for _, sentences in read], flags


def paragraph_sentences(report: Report) -> list[list[str]]:
    """The body's paragraphs and list items, each split into sentences."""
    return _shown(_split_blocks(report))


def summary_input(report: Report) -> tuple[list[list[str]], list[bool]]:
    """What the summarizer reads: the paragraphs and list items, and the repeats the page
    printed between them (a caption restating a sentence), with a flag per sentence saying
    which are repeats, never to be chosen."""
    return _read(_split_blocks(report))


# The summarizer compares every sentence with every other (dense matrices): a 2 MB report of
# 20,000 sentences would need gigabytes. Summaries come from the opening of a report anyway.
SUMMARY_CANDIDATES = 400


def _leading(paragraphs: list[list[str]], limit: int = SUMMARY_CANDIDATES) -> list[list[str]]:
    """The first `limit` sentences, still in their paragraphs (indices stay valid)."""
    kept: list[list[str]] = []
    left = limit
    for paragraph in paragraphs:
        if left <= 0:
            break
        kept.append(paragraph[:left])
        left -= len(kept[-1])
    return kept


# A note that corrects the report repeats the wrong figure: "Correction: An earlier version of
# this article said 500 workers were affected."
_CORRECTION = re.compile(
    r"(?:correction|clarification|editor[’']?s note)\s*:|an earlier version of this (?:article|report|story)",
    re.IGNORECASE,
)


def _is_correction(paragraph: list[str]) -> bool:
    return bool(paragraph) and _CORRECTION.match(paragraph[0]) is not None


# A row of a list under a lead-in: "Rice (1 kg):" then "Pyongyang: 6,800 won".
_ROW = re.compile(r"[^:]{1,40}:\s+\S.{0,60}")


def figure_sentences(blocks: _Split) -> list[str]:
    """The sentences key figures are read from, in the order of the text: no correction note
    (it repeats the wrong figure), and a row of a list carries its lead-in, or "Pyongyang:
    6,800 won" would not say 6,800 won for what ("Rice (1 kg) — Pyongyang: 6,800 won"); so
    does each cell of a table, its row's and its column's labels."""
    out: list[str] = []
    lead_in: str | None = None
    for block, paragraph in blocks:
        if block.kind == "table":  # each value with its labels; a row's label is no figure
            for label, cells in labelled_rows(block.rows):
                out.extend(f"{label} — {cell}" if label else cell for cell in cells)
            lead_in = None
            continue
        if block.kind not in _PROSE:
            continue
        if _is_correction(paragraph):
            lead_in = None
            continue
        text = " ".join(paragraph)
        if lead_in is not None and len(paragraph) == 1 and _ROW.fullmatch(text):
            out.append(f"{lead_in} — {text}")
            continue
        out.extend(paragraph)
        is_lead_in = len(paragraph) == 1 and text.endswith(":") and len(text) <= 60
        lead_in = text.rstrip(" :") if is_lead_in else None
    return out


# Any outlet's dateline with its dash, where DATELINE knows only acronyms and Reuters: "April
# 1 (Bloomberg) - …", "THURSDAY, March 31 (HealthDay News) - …".
_WIRE_DATELINE = re.compile(
    r"^(?:[A-Z][\w.,' ]{0,40}?\s)?\((?P<org>[A-Z][\w&.'-]+(?: [A-Z][\w&.'-]*){0,2})\)"
    r"\s*(?:--|—|–|-)\s+"
)


def _without_dateline(sentence: str) -> str:
    found = DATELINE.match(sentence)
    if found is None and (wire := _WIRE_DATELINE.match(sentence)):
        found = wire if looks_like_outlet(wire.group("org")) else None  # not "(D) - West …"
    if found is None or not (
        sentence.startswith("(") or re.search(r"(?:--|—|–|-)\s*$", found.group())
    ):
        return sentence  # "The spy agency (NIS) Director said": a name, not a dateline
    rest = sentence[found.end() :]
    return rest if len(rest.split()) >= 4 and rest[:1].isupper() else sentence


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _points_back(sentence: str) -> bool:
    """ "He now meets …", "But …": read alone, it needs the sentence before it."""
    return needs_antecedent(sentence) or opens_with_linking_word(sentence)


def _opens_a_description(lead: str) -> bool:
    """Whether the report's first sentence can stand first on its own: a sentence, not a
    dateline ("Murrayfield, Edinburgh"), a score line in brackets or a "But …" of its own."""
    return (
        len(lead.split()) >= 4
        and lead[:1] not in "(["
        and bool(_SENTENCE_END.search(lead))
        and not _points_back(lead)
    )


def describe(summary: tuple[str, ...], lead: str | None = None) -> str:
    """One line for meta descriptions and feed summaries: whole sentences while they fit. A
    summary that opens with a sentence needing the one before it ("He now meets …", "But …")
    is read after the report's ``lead``, as a search result or a feed reader shows the line
    alone."""
    description = ""
    opens_badly = bool(summary) and _points_back(summary[0])
    if opens_badly and lead and lead not in summary and _opens_a_description(lead):
        summary = (lead, *summary)
    summary = tuple(balance_quotes(sentence) for sentence in summary)
    for sentence in summary:
        candidate = f"{description} {sentence}".strip()
        if len(candidate) > DESCRIPTION_LIMIT:
            break
        description = candidate
    if description or not summary:
        return description
    return shorten_prose(summary[0], DESCRIPTION_LIMIT)  # one long sentence


def analyze(report: Report, taxonomy: Taxonomy, settings: AnalysisSettings) -> Briefing:
    blocks = _split_blocks(report)
    paragraphs = _shown(blocks)
    sentences = [s for p in paragraphs for s in p]
    # what tags, keyphrases and reading time read: the prose, and a table's lines in their place
    words = [s for block, p in blocks if block.kind in (*_PROSE, "table") for s in p]
    if report.front_matter_summary:
        summary = report.front_matter_summary
    else:
        read, repeats = _read(blocks)
        read = _leading(read)
        chosen = summarize(read, settings.summary_sentences, title=report.title, repeats=repeats)
        read_sentences = [s for p in read for s in p]
        # "SEOUL, March 3 (Reuters) - North Korea …": the body keeps its dateline; a summary
        # sentence, read on its own, starts with the news
        summary = tuple(_without_dateline(read_sentences[i]) for i in chosen)
    lead = _without_dateline(sentences[0]) if sentences else None
    body_text = "\n".join(words)
    tags = list(match_tags(taxonomy, report.title, body_text))
    for name in report.front_matter_tags:
        if all(t.name.lower() != name.lower() for t in tags):
            tags.append(_front_matter_tag(taxonomy, name))
    return Briefing(
        report=report,
        id=report.slug or slugify(report.title),
        summary=summary,
        description=describe(summary, None if report.front_matter_summary else lead),
        tags=tuple(tags),
        keyphrases=tuple(extract_keyphrases(report.title, words, settings.keyphrases)),
        figures=extract_figures(figure_sentences(blocks)),
        reading_time=max(1, math.ceil(word_count(body_text) / WORDS_PER_MINUTE)),
    )


def _taxonomy_entry(taxonomy: Taxonomy, name: str) -> Tag | None:
    entry = taxonomy.entry_named(name)
    return entry.tag if entry is not None else None


def _front_matter_tag(taxonomy: Taxonomy, name: str) -> Tag:
    """A tag the user wrote by hand: the taxonomy's entry when it has one, else a new topic."""
    # "tag-<hash>" for a name ASCII cannot spell, as the taxonomy's own entries get
    return _taxonomy_entry(taxonomy, name) or Tag(name, slugify(name, prefix="tag"), "topic")


_UNKNOWN_TAG = "is not in the taxonomy (used anyway)"


def is_unknown_tag_issue(issue: Issue) -> bool:
    """Whether the issue is unknown_tag_issues' warning: noise while the taxonomy itself is
    broken, when every tag is unknown."""
    return issue.severity is Severity.WARNING and _UNKNOWN_TAG in issue.message


def unknown_tag_issues(
    tags: tuple[str, ...], taxonomy: Taxonomy, path: str, line: int | None = None
) -> tuple[Issue, ...]:
    """Front matter tags the taxonomy does not know: still used, but often a typo worth a
    warning. `path`: the seed as messages name it; `line`: the line of its `tags:`. Checked
    for a report refused for another problem too, so that one run names them all."""
    issues = []
    for name in tags:
        if _taxonomy_entry(taxonomy, name) is not None:
            continue
        labels = taxonomy.label_names
        close = difflib.get_close_matches(name.lower(), list(labels), n=1)
        hint = f"did you mean '{labels[close[0]]}'? Otherwise add" if close else "add"
        issues.append(
            Issue(
                path,
                f"tag '{name}' {_UNKNOWN_TAG}; {hint} it to {taxonomy.file}, with "
                "aliases, so other reports that mention it get it too",
                Severity.WARNING,
                line=line,
            )
        )
    return tuple(issues)
