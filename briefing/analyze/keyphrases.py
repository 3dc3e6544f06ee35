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

import heapq
import logging
import math
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

WORD_TABLE = Path(__file__).with_name("data") / "english_words.tsv"

# Function words and reporting verbs that never make a keyphrase on their own.
_STOPWORD_TEXT = """
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
    """
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())

_UNKNOWN_ZIPF = 2.0  # words missing from the table are rarer than its rarest entries
_MAX_ZIPF = 8.0
_TITLE_WEIGHT = 1.6  # a title occurrence counts for more than one in the body

# Logistic-regression weights over the features of ``_features`` (same order), fitted on the
# KPCrowd dev split by ``evaluation/fit_keyphrases.py``: a handful of numbers, no word lists.
# fmt: off
WEIGHTS: tuple[float, ...] = (
    0.6003, 0.2827, 0.3092, -0.8000, 0.4236, -0.9660, 1.0525, -0.4950,
    -0.5423, 0.2968, -2.7073, -4.3835, 0.0919, 0.2295, -0.4445, -0.1273,
    1.9100, -0.9163, 0.1388, 0.3224, 1.1979,
)
# fmt: on


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
    lex = _lexicon()
    if lower in lex.stem:
        return lex.stem[lower]
    bare = lower.replace("'", "").replace("-", "")
    if lower in lex.zipf:
        return bare
    return _light_stem(bare)


# A word (letters/digits, inner hyphens or apostrophes) or one punctuation mark, which breaks
# phrases: phrases never cross a comma, a dash or a sentence end.
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[^\w\s]")


@dataclass(slots=True)
class _Candidate:
    words: tuple[str, ...]  # lower-cased words as written
    surfaces: dict[str, int]
    count: float = 0.0
    first: int = 1 << 30  # token index of the first occurrence (title tokens are 0)
    in_title: bool = False
    capitalised: int = 0  # occurrences written with every word capitalised, not phrase-initial
    upper: int = 0  # occurrences starting with a capital, wherever they stand

    def add(self, surface: str, weight: float, position: int, is_title: bool, caps: bool) -> None:
        self.surfaces[surface] = self.surfaces.get(surface, 0) + 1
        self.count += weight
        self.upper += surface[0].isupper()
        self.in_title |= is_title
        self.first = min(self.first, position)
        self.capitalised += caps


@dataclass
class _Names:
    """Words seen inside multi-word capitalised runs ("Kim Jong Un"), and the runs themselves."""

    members: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    tails: set[str] = field(default_factory=set)
    full: set[tuple[str, ...]] = field(default_factory=set)

    def note(self, run: list[str]) -> None:
        if len(run) >= 2:
            self.members.update(run)
            self.heads.add(run[0])
            self.tails.add(run[-1])
            self.full.add(tuple(run))


def _is_content(lower: str) -> bool:
    return lower not in STOPWORDS and not lower.isdigit() and len(lower) > 1


# What one token means, computed once per distinct token: (surface, lower, stem key,
# is a content word, starts with a capital, the token as written); None for punctuation.
_Info = tuple[str, str, str, bool, bool, str] | None


@lru_cache(maxsize=1 << 16)
def _token_info(token: str) -> _Info:
    """Cached across reports: the same words recur, and the answer depends on the word alone."""
    if not token[0].isalnum():
        return None
    written = token
    if token[-2:] in ("'s", "'S"):  # "Russia's" counts as "Russia"
        token = token[:-2]
    lower = token.lower()
    return token, lower, word_key(lower), _is_content(lower), token[0].isupper(), written


def _collect(title: str, sentences: Sequence[str]) -> tuple[list[_Candidate], _Names, int]:
    """Every content word, every two-word content run that the report repeats, writes as a name
    or puts in its title, and every three-word name ("Kim Jong Un"), merged by stem; plus the
    names seen and the token count. Other phrases almost never rank (measured on KPCrowd), so
    they are not collected: that keeps one report well under a millisecond."""
    memo: dict[str, _Info] = {}
    words: dict[str, _Candidate] = {}
    pairs: dict[tuple[str, str], _Candidate] = {}
    names = _Names()
    triples: dict[tuple[str, ...], str] = {}  # three-word names → a surface form
    position = 0
    body = " . ".join(sentences)
    for is_title, text in ((True, title), (False, body)):
        weight = _TITLE_WEIGHT if is_title else 1.0
        prev: _Info = None
        at_start = True  # the previous token was punctuation (or there was none)
        run: list[_Info] = []  # the current run of capitalised content words
        for token in _TOKEN.findall(text.replace("’", "'")):
            if token in memo:
                info = memo[token]
            else:
                info = memo[token] = _token_info(token)
            if not is_title:
                position += 1
            if info is None or not info[3]:
                if len(run) > 1:
                    _note_run(run, names, triples)
                run = []
                prev = None
                at_start = info is None
                continue
            surface, lower, key, _, upper, _ = info
            caps = upper and (is_title or not at_start)
            at_start = False
            if upper:
                run.append(info)
            else:
                if len(run) > 1:
                    _note_run(run, names, triples)
                run = []
            # (inlined _Candidate.add: this loop runs once per word of every report)
            cand = words.get(key)
            if cand is None:
                cand = words[key] = _Candidate((lower,), {}, first=position)
            cand.surfaces[surface] = cand.surfaces.get(surface, 0) + 1
            cand.count += weight
            cand.in_title |= is_title
            cand.capitalised += caps
            cand.upper += upper
            if prev is not None:
                pkey = (prev[2], key)
                cand = pairs.get(pkey)
                if cand is None:
                    cand = pairs[pkey] = _Candidate((prev[1], lower), {}, first=position)
                # inside a phrase the possessive stays as written: "people's committee"
                cand.add(f"{prev[5]} {surface}", weight, position, is_title, caps and prev[4])
            prev = info
        if len(run) > 1:
            _note_run(run, names, triples)
    kept = [c for c in pairs.values() if c.count >= 2 or c.capitalised or c.in_title]
    for lowers, surface in triples.items():
        kept.append(_name_candidate(lowers, surface, words))
    return [*words.values(), *kept], names, position


def _note_run(run: list[_Info], names: _Names, triples: dict[tuple[str, ...], str]) -> None:
    lowers = [info[1] for info in run if info]
    names.note(lowers)
    if len(lowers) == 3:
        words = [info[5] for info in run[:-1] if info] + [run[-1][0] if run[-1] else ""]
        triples.setdefault(tuple(lowers), " ".join(words))


def _name_candidate(
    lowers: tuple[str, ...], surface: str, words: dict[str, _Candidate]
) -> _Candidate:
    """A three-word name, with the evidence of its rarest word (names repeat by surname)."""
    members = [words[word_key(w)] for w in lowers if word_key(w) in words]
    anchor = min(members, key=lambda c: c.count) if members else None
    cand = _Candidate(lowers, {surface: 1}, capitalised=1, upper=1)
    if anchor is not None:
        cand.count = anchor.count
        cand.first = anchor.first
        cand.in_title = anchor.in_title
    return cand


def _rarity(word: str) -> float:
    """Surprise of the word in general English: 8 minus its Zipf frequency."""
    zipf = _lexicon().zipf.get(word)
    if zipf is None:
        zipf = _lexicon().zipf.get(word.replace("-", ""), _UNKNOWN_ZIPF)
    return max(_MAX_ZIPF - zipf, 0.5)


def _features(cand: _Candidate, names: _Names, total: int) -> tuple[float, ...]:
    """What the ranking weighs: frequency, rarity, title, position, shape and name evidence."""
    words = cand.words
    last = words[-1]
    if len(words) == 1:
        rarity = low = _rarity(last)
        member = last in names.members
        head = last in names.heads
        tail = last in names.tails
        length = len(last)
    else:
        rarities = [_rarity(w) for w in words]
        rarity = sum(rarities) / len(rarities)
        low = min(rarities)
        member = head = tail = False
        length = sum(map(len, words)) + len(words) - 1
    occurrences = sum(cand.surfaces.values())
    return (
        math.log(cand.count),
        float(cand.count >= 2),
        rarity,
        rarity * rarity / 10,
        low,
        float(cand.in_title),
        cand.first / (total or 1),
        math.log1p(cand.first),
        float(cand.first < 20),
        math.log1p(cand.capitalised),
        float(len(words) == 2),
        float(len(words) == 3),
        float(last.endswith("ing")),
        float(last.endswith("ed")),
        float(last.endswith("ly")),
        float(2 * cand.upper > occurrences),
        length / 10,
        float(member),
        float(head),
        float(tail),
        float(words in names.full),
    )


def _score(features: tuple[float, ...]) -> float:
    """The model's score: the weighted sum of the features (what the fit optimises)."""
    return sum(map(operator.mul, WEIGHTS, features))


def _fast_score(cand: _Candidate, names: _Names, total: int) -> float:
    """``_score(_features(...))`` with the zero terms skipped, for the hot path.

    Kept in step with ``_features`` by a test; change both together.
    """
    w = WEIGHTS
    words = cand.words
    last = words[-1]
    count = cand.count
    first = cand.first
    if len(words) == 1:
        rarity = low = _rarity(last)
        score = w[16] * len(last) / 10
        if last in names.members:
            score += w[17] + (w[18] if last in names.heads else 0.0)
            score += w[19] if last in names.tails else 0.0
    else:
        rarities = [_rarity(word) for word in words]
        rarity = sum(rarities) / len(rarities)
        low = min(rarities)
        score = w[10] if len(words) == 2 else w[11]
        score += w[16] * (sum(map(len, words)) + len(words) - 1) / 10
        score += w[20] if words in names.full else 0.0
    score += w[0] * math.log(count) + w[2] * rarity + w[3] * rarity * rarity / 10 + w[4] * low
    score += w[6] * first / (total or 1) + w[7] * math.log1p(first)
    if count >= 2:
        score += w[1]
    if cand.in_title:
        score += w[5]
    if first < 20:
        score += w[8]
    if cand.capitalised:
        score += w[9] * math.log1p(cand.capitalised)
    if last.endswith("ing"):
        score += w[12]
    elif last.endswith("ed"):
        score += w[13]
    elif last.endswith("ly"):
        score += w[14]
    if 2 * cand.upper > sum(cand.surfaces.values()):
        score += w[15]
    return score


def _surface(cand: _Candidate) -> str:
    """The form the report uses most; a lower-case form wins ties over sentence-initial caps."""
    return max(cand.surfaces.items(), key=lambda item: (item[1], item[0].islower(), item[0]))[0]


def candidate_features(title: str, sentences: Sequence[str]) -> list[tuple[str, tuple[float, ...]]]:
    """Each distinct candidate (by stem) with its feature vector; what the weights were fitted on."""
    candidates, names, total = _collect(title, sentences)
    return [(_surface(c), _features(c, names, total)) for c in candidates]


# A word used at least this often inside one longer phrase is shown as that phrase; names
# ("North", "Hamgyong") expand readily, common words only when nearly always in the phrase.
_FRAGMENT_SHARE = 0.5
_WORD_SHARE = 0.9


def _expand_fragments(
    ranked: list[_Candidate], candidates: list[_Candidate], threshold: float, word_share: float
) -> list[_Candidate]:
    """Replace a word that mostly occurs inside one longer phrase by the phrase ("Hamgyong" →
    "North Hamgyong"), and keep each phrase once: a reader should never see "North" and
    "Korean" as separate keyphrases."""
    if threshold > 1:
        return ranked
    wanted = {cand.words[0] for cand in ranked if len(cand.words) == 1}
    containing: dict[str, list[_Candidate]] = {}
    for cand in candidates:
        if len(cand.words) > 1:
            for word in cand.words:
                if word in wanted:
                    containing.setdefault(word, []).append(cand)
    out: list[_Candidate] = []
    seen: set[tuple[str, ...]] = set()
    for cand in ranked:
        if len(cand.words) == 1:
            share = threshold if 2 * cand.upper > cand.count else word_share
            wider = [p for p in containing.get(cand.words[0], ()) if p.count >= share * cand.count]
            if wider:
                cand = max(wider, key=lambda p: (p.count, len(p.words), p.words))
        if cand.words not in seen:
            seen.add(cand.words)
            out.append(cand)
    return out


def extract_keyphrases(
    title: str, sentences: Sequence[str], n: int = 10, *, expand_fragments: bool = True
) -> list[str]:
    """Up to ``n`` keyphrases of 1–3 words, best first, as written in the text.

    ``expand_fragments=False`` keeps the raw model ranking (single name parts such as "North"
    included); it scores slightly higher on KPCrowd but reads worse, see RESULTS-keyphrases.md.
    """
    if n <= 0:
        return []
    candidates, names, total = _collect(title, sentences)
    scored = [(_fast_score(c, names, total), i, c) for i, c in enumerate(candidates)]
    best = [c for *_, c in heapq.nlargest(2 * n, scored, key=lambda item: (item[0], -item[1]))]
    if expand_fragments:
        best = _expand_fragments(best, candidates, _FRAGMENT_SHARE, _WORD_SHARE)
    return [_surface(c) for c in best[:n]]
