"""Split a paragraph into sentences.

We use ``sentencex`` (rule-based, maintained, no model download): it already handles the hard
cases of news text ("Jan. 5", "U.S.", "No. 2", "$1.2bn", quotes, "Mr."/"Dr." titles) and costs a
few hundredths of a millisecond per paragraph, where pysbd costs milliseconds per document and
would eat most of the per-report CPU budget. A few cases it gets wrong are repaired afterwards by
merging fragments back together (see ``_should_merge``); the repairs only ever *join* its pieces,
so no character of the text is added, dropped or changed apart from the whitespace around
sentences.
"""

from __future__ import annotations

import bisect
import logging
import re

from sentencex import segment

logger = logging.getLogger(__name__)

# Abbreviations that sentencex treats as sentence ends although in news text they are almost
# always followed by a number or a name ("Vol. 3", "Fig. 2", "approx. 40").
_ABBREVIATIONS_BEFORE_CONTINUATION = frozenset(
    {"vol", "fig", "figs", "art", "approx", "para", "nos", "ch", "pp", "p", "ed", "eds"}
)
_TIME_ABBREVIATION = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_LAST_WORD = re.compile(r"([A-Za-z]+)\.$")
_DAYS_AND_MONTHS = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April"
    r"|May|June|July|August|September|October|November|December|local\b|on\b|in\b|at\b|and\b)"
)
# sentencex never splits inside quotation marks, so a quoted passage of several sentences (common
# in news copy) comes back as one long piece, and it keeps a few acronym ends such as "the SEC.
# The company" together. Inside each piece we also cut where a sentence end is followed by a
# capital, unless the word before the full stop is a title, a month, a company suffix, an
# initial or a dotted abbreviation ("U.S.", "p.m."), which usually continue the sentence.
_INNER_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z])")
_NO_BREAK_AFTER = frozenset(
    """mr mrs ms dr prof st jr sr gen col lt sgt rev gov sen rep capt cllr vs no nos co corp inc
    ltd bros jan feb mar apr jun jul aug sep sept oct nov dec mt ft vol fig figs approx est dept
    pres adm maj cmdr supt insp det gov univ ave rd op pp""".split()  # noqa: SIM905
)
# A piece with no letter or digit (a stray closing quote, a dash) belongs to the sentence before.
_NO_WORD = re.compile(r"^[^\w]*$")


def _should_merge(previous: str, following: str) -> bool:
    """Decide whether sentencex cut between two pieces where a reader would not."""
    if _NO_WORD.match(following):
        return True
    if following[:1].islower():
        # A sentence never starts in lower case in edited prose; the cut was after an
        # abbreviation sentencex did not know.
        return True
    word = _LAST_WORD.search(previous)
    if word and word.group(1).lower() in _ABBREVIATIONS_BEFORE_CONTINUATION:
        return bool(following[:1].isdigit() or following[:1].isupper())
    if _TIME_ABBREVIATION.search(previous):
        # "at 5 p.m. Monday" is one sentence; "... at 5 p.m. The police ..." is two.
        return bool(_DAYS_AND_MONTHS.match(following))
    return False


def _spans(paragraph: str) -> list[tuple[int, int]]:
    """sentencex's pieces as (start, end) offsets into ``paragraph``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    position = 0
    for piece in segment("en", paragraph):
        core = piece.strip()
        if not core:
            position += len(piece)
            continue
        # sentencex returns consecutive substrings; searching from the running offset keeps us
        # aligned even if a future version trims or drops whitespace between pieces.
        found = paragraph.find(core, position)
        if found < 0:
            logger.debug("sentencex piece not found in paragraph; keeping the rest whole")
            break
        spans.append((found, found + len(core)))
        position = found + len(core)
    rest = paragraph[position:].strip()
    if rest:
        found = paragraph.find(rest, position)
        spans.append((found, found + len(rest)))
    return spans


_WORD_RUN = re.compile(r"\S+")


def _inner_breaks(text: str) -> list[int]:
    """Offsets inside one sentencex piece where a new sentence starts (see _INNER_END)."""
    breaks: list[int] = []
    words: list[tuple[int, int]] | None = None  # (start, end) of every word, found once
    for match in _INNER_END.finditer(text):
        if match.group().lstrip()[:1] == ".":
            # the word the full stop follows; slicing all the text before each stop made a
            # paragraph of very many short sentences cost time in the square of its length
            if words is None:
                words = [found.span() for found in _WORD_RUN.finditer(text)]
            index = bisect.bisect_left(words, (match.start(),)) - 1
            word = text[words[index][0] : min(words[index][1], match.start())] if index >= 0 else ""
            bare = word.lstrip("\"'(\u201c\u2018")
            if (
                bare.lower() in _NO_BREAK_AFTER
                or (len(bare) == 1 and bare.isupper())
                or "." in bare
            ):
                continue
        breaks.append(match.end())
    return breaks


def _refine(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    refined: list[tuple[int, int]] = []
    for start, end in spans:
        cut = start
        for offset in _inner_breaks(paragraph[start:end]):
            piece = paragraph[cut : start + offset].rstrip()
            refined.append((cut, cut + len(piece)))
            cut = start + offset
        refined.append((cut, end))
    return refined


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences, each stripped of surrounding whitespace.

    Every sentence is an exact slice of the paragraph and together they cover all its
    non-whitespace text in order; empty or whitespace-only input gives an empty list.
    """
    merged: list[tuple[int, int]] = []
    for start, end in _refine(paragraph, _spans(paragraph)):
        # _should_merge reads only the end of the sentence so far (its last word): the whole of
        # it, sliced for every piece merged into it, cost time in the square of its length
        previous_end = (
            paragraph[max(merged[-1][0], merged[-1][1] - 64) : merged[-1][1]] if merged else ""
        )
        if merged and _should_merge(previous_end, paragraph[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [paragraph[start:end] for start, end in merged]
