"""Ranked keyphrases for one report, from that report alone.

Why this shape: readers (and the crowd-annotated KPCrowd benchmark we measure on) pick many
single content words, the names of people, places and organisations, and a few multi-word
terms. So the ranking scores every content word by how often the report uses it, how rare the
word is in general English (a fixed background table shipped with the package, so analysis of
one report never needs the corpus), whether the title uses it and how early it first appears.
Multi-word phrases compete on the same scale when the report repeats them or they are names.
Candidates are deduplicated by stem so "worker" and "workers" never take two slots.

The background table (``data/english_words.tsv``) is generated from the ``wordfreq`` package by
``scripts/make_word_table.py``; it is loaded once per process.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

WORD_TABLE = Path(__file__).with_name("data") / "english_words.tsv"

# Function words and reporting verbs that never make a keyphrase on their own.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst an and another any anybody anyone anything anyway anywhere
    are around as at back be became because become becomes becoming been before beforehand
    behind being below beside besides between beyond both but by can cannot could did do does
    doing done down during each either else elsewhere enough etc even ever every everybody
    everyone everything everywhere except few for former formerly from further get gets getting
    got had has have having he hence her here hereafter hereby herein hers herself him himself
    his how however i if in indeed into is it its itself just last latter least less like
    made make many may me meanwhile might mine more moreover most mostly much must my myself
    namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of
    off often on once one only onto or other others otherwise our ours ourselves out over own
    per perhaps please quite rather re really said same say says see seem seemed seeming seems
    several she should since so some somehow someone something sometime sometimes somewhere
    still such than that the their theirs them themselves then thence there thereafter thereby
    therefore therein thereupon these they this those though through throughout thru thus to
    together too toward towards under until up upon us very via was we well were what whatever
    when whence whenever where whereafter whereas whereby wherein whereupon wherever whether
    which while whither who whoever whole whom whose why will with within without would yet
    you your yours yourself yourselves s t d ll m ve re don didn doesn isn wasn weren won
    wouldn shouldn couldn hasn haven hadn aren ain mr mrs ms dr st told tell according
    """.split()
)

_UNKNOWN_ZIPF = 2.0  # words missing from the table are rarer than its rarest entries
_MAX_ZIPF = 8.0
_TITLE_WEIGHT = 1.6  # a title occurrence counts for more than one in the body

# Logistic-regression weights over the features of ``_features`` (same order), fitted on the
# KPCrowd dev split by ``evaluation/fit_keyphrases.py``: a handful of numbers, no word lists.
WEIGHTS: tuple[float, ...] = (
    0.5988, 0.2575, 0.3392, -0.9717, 0.5362, -1.1185, 1.1044, -0.5298,
    -0.4936, 0.2956, -2.1737, -3.8430, 0.0788, 0.1750, -0.3817, -0.1505,
    1.4659, -0.9014, 0.1103, 0.3141, 1.1454,
)


@dataclass(frozen=True)
class _Lexicon:
    zipf: dict[str, float]
    stem: dict[str, str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Word → Zipf frequency and Porter stem; empty (with a warning) if the table is missing."""
    zipf: dict[str, float] = {}
    stem: dict[str, str] = {}
    try:
        text = WORD_TABLE.read_text(encoding="utf-8")
    except OSError as err:
        log.warning("keyphrase background table unreadable (%s); ranking by frequency only", err)
        return _Lexicon(zipf, stem)
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, value, word_stem = line.split("\t")
        zipf[word] = int(value) / 10
        if word_stem:
            stem[word] = word_stem
    return _Lexicon(zipf, stem)


_SUFFIXES = (("ies", "i"), ("sses", "ss"), ("ness", ""), ("ing", ""), ("ed", ""), ("s", ""))


def _light_stem(word: str) -> str:
    """Fallback for words outside the table: fold the commonest inflections only."""
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: -len(suffix)] + repl
    return word


def word_key(lower: str) -> str:
    """Dedup key of one lower-cased word: punctuation dropped, then stemmed."""
    bare = lower.replace("'", "").replace("-", "")
    lex = _lexicon()
    if lower in lex.stem:
        return lex.stem[lower]
    if lower in lex.zipf:
        return bare
    return _light_stem(bare)


_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_POSSESSIVE = re.compile(r"[’']s$", re.IGNORECASE)


@dataclass
class _Candidate:
    words: tuple[str, ...]  # lower-cased words as written
    surfaces: dict[str, int] = field(default_factory=dict)
    count: float = 0.0
    first: int = 1 << 30  # token index of the first occurrence (title tokens are 0)
    in_title: bool = False
    capitalised: int = 0  # occurrences written with every word capitalised, not sentence-initial


@dataclass
class _Names:
    """Words seen inside multi-word capitalised runs ("Kim Jong Un"), and the runs themselves."""

    members: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    tails: set[str] = field(default_factory=set)
    full: set[tuple[str, ...]] = field(default_factory=set)


def _chunks(text: str) -> list[list[str]]:
    """Runs of tokens not separated by punctuation; phrases never cross a comma or a dash."""
    runs: list[list[str]] = [[]]
    end = 0
    for match in _TOKEN.finditer(text):
        gap = text[end : match.start()]
        if gap.strip() and runs[-1]:
            runs.append([])
        runs[-1].append(_POSSESSIVE.sub("", match.group()).replace("’", "'"))
        end = match.end()
    return [run for run in runs if run]


def _is_content(lower: str) -> bool:
    return lower not in STOPWORDS and not lower.isdigit() and len(lower) > 1


def _note_names(run: list[str], lowers: list[str], content: list[bool], names: _Names) -> None:
    i = 0
    while i < len(run):
        j = i
        while j < len(run) and content[j] and run[j][:1].isupper():
            j += 1
        if j - i >= 2:
            seq = tuple(lowers[i:j])
            names.members.update(seq)
            names.heads.add(seq[0])
            names.tails.add(seq[-1])
            names.full.add(seq)
        i = max(j, i + 1)


def _collect(
    title: str, sentences: Sequence[str]
) -> tuple[dict[tuple[str, ...], _Candidate], _Names, int]:
    """Every unigram and 2–3-word content run keyed by stems, the names seen, the token count."""
    candidates: dict[tuple[str, ...], _Candidate] = {}
    names = _Names()
    position = 0
    for index, text in enumerate([title, *sentences]):
        is_title = index == 0
        for run in _chunks(text):
            lowers = [token.lower() for token in run]
            content = [_is_content(lower) for lower in lowers]
            _note_names(run, lowers, content, names)
            for i in range(len(run)):
                position += 0 if is_title else 1
                if not content[i]:
                    continue
                for j in range(i + 1, min(i + 3, len(run)) + 1):
                    if not content[j - 1]:
                        break
                    words = tuple(lowers[i:j])
                    key = tuple(word_key(w) for w in words)
                    cand = candidates.get(key)
                    if cand is None:
                        cand = candidates[key] = _Candidate(words)
                    surface = " ".join(run[i:j])
                    cand.surfaces[surface] = cand.surfaces.get(surface, 0) + 1
                    cand.count += _TITLE_WEIGHT if is_title else 1.0
                    cand.in_title |= is_title
                    cand.first = min(cand.first, position)
                    if (i > 0 or is_title) and all(t[:1].isupper() for t in run[i:j]):
                        cand.capitalised += 1
    return candidates, names, position


def _rarity(word: str) -> float:
    """Surprise of the word in general English: 8 minus its Zipf frequency."""
    zipf = _lexicon().zipf.get(word)
    if zipf is None:
        zipf = _lexicon().zipf.get(word.replace("-", ""), _UNKNOWN_ZIPF)
    return max(_MAX_ZIPF - zipf, 0.5)


def _features(cand: _Candidate, surface: str, names: _Names, total: int) -> tuple[float, ...]:
    """What the ranking weighs: frequency, rarity, title, position, shape and name evidence."""
    rarities = [_rarity(w) for w in cand.words]
    rarity = sum(rarities) / len(rarities)
    unigram = len(cand.words) == 1
    word = cand.words[0]
    return (
        math.log(cand.count),
        float(cand.count >= 2),
        rarity,
        rarity * rarity / 10,
        min(rarities),
        float(cand.in_title),
        cand.first / max(total, 1),
        math.log1p(cand.first),
        float(cand.first < 20),
        math.log1p(cand.capitalised),
        float(len(cand.words) == 2),
        float(len(cand.words) == 3),
        float(surface.endswith("ing")),
        float(surface.endswith("ed")),
        float(surface.endswith("ly")),
        float(surface[:1].isupper()),
        len(surface) / 10,
        float(unigram and word in names.members),
        float(unigram and word in names.heads),
        float(unigram and word in names.tails),
        float(cand.words in names.full),
    )


def _score(features: tuple[float, ...]) -> float:
    return sum(w * f for w, f in zip(WEIGHTS, features, strict=True))


def _surface(cand: _Candidate) -> str:
    """The form the report uses most; a lower-case form wins ties over sentence-initial caps."""
    return max(cand.surfaces.items(), key=lambda item: (item[1], item[0].islower(), item[0]))[0]


def candidate_features(
    title: str, sentences: Sequence[str]
) -> list[tuple[str, tuple[float, ...]]]:
    """Each distinct candidate (by stem) with its feature vector; what the weights were fitted on."""
    candidates, names, total = _collect(title, sentences)
    out = []
    for cand in candidates.values():
        surface = _surface(cand)
        out.append((surface, _features(cand, surface, names, total)))
    return out


def extract_keyphrases(title: str, sentences: Sequence[str], n: int = 10) -> list[str]:
    """Up to ``n`` keyphrases of 1–3 words, best first, as written in the text."""
    if n <= 0:
        return []
    scored = [(-_score(f), surface) for surface, f in candidate_features(title, sentences)]
    scored.sort()
    return [surface for _, surface in scored[:n]]
