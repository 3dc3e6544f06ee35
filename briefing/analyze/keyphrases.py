"""Ranked keyphrases for one report, from that report alone.

Why this shape: readers (and the crowd-annotated KPCrowd benchmark we measure on) pick many
single content words, the names of people, places and organisations, and a few multi-word
terms. So the ranking scores every content word by how often the report uses it, how rare the
word is in general English (a fixed background table shipped with the package, so analysis of
one report never needs the corpus), whether the title uses it and how early it first appears.
Multi-word phrases compete on the same scale when the report repeats them or they are names.
Candidates are deduplicated by stem so "worker" and "workers" never take two slots.

The background table is ``briefing.lexicon``'s (``data/english_words.tsv``, generated from the
``wordfreq`` package by ``scripts/make_word_table.py``); it is loaded once per process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from briefing.lexicon import lexicon as _lexicon

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


def load_data() -> None:
    """Read the word table now, not at the first report: a process records the analyzers'
    version once their data is in memory (pipeline.LOADED_VERSION)."""
    _lexicon()


_SUFFIXES = (("ies", "i"), ("sses", "ss"), ("ness", ""), ("ing", ""), ("ed", ""), ("s", ""))


def _light_stem(word: str) -> str:
    """Fallback for words outside the table: fold the commonest inflections only."""
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            word = word[: -len(suffix)] + repl
            break
    # like Porter, drop a final "e" so "apologises", "apologised", "apologise" share one key
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


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

# What the word before an occurrence says about the word's part of speech: after a determiner
# it is a noun (readers pick nouns), after an auxiliary or a pronoun mostly a verb, after a
# preposition a noun or a name. Indexes into ``_Candidate.context``.
_CONTEXT_TEXT = {
    0: "the a an this these those his her their its our my your whose every each another",
    1: "will would can could has have had is was be been are were did does do may might must"
    " should shall being",
    2: "of in on at for with from by about into over after under between against during"
    " without through",
    3: "he she they we i it who you",
}
_CONTEXT: dict[str, int] = {w: k for k, text in _CONTEXT_TEXT.items() for w in text.split()}


@dataclass(slots=True)
class _Candidate:
    words: tuple[str, ...]  # lower-cased words as written
    surfaces: dict[str, int]
    count: float = 0.0
    first: int = 1 << 30  # token index of the first occurrence (title tokens are 0)
    in_title: bool = False
    capitalised: int = 0  # occurrences written with every word capitalised, not phrase-initial
    upper: int = 0  # occurrences starting with a capital, wherever they stand
    sentences: int = 0  # body sentences that use it
    last_sentence: int = -1
    context: list[int] = field(default_factory=lambda: [0, 0, 0, 0])

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
    context = _CONTEXT
    position = 0
    texts = [title, *sentences]
    for index, text in enumerate(texts):
        is_title = index == 0
        sentence = index - 1  # -1 for the title
        weight = _TITLE_WEIGHT if is_title else 1.0
        prev: _Info = None
        before = ""  # the previous token, lower-cased, whatever it was
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
                before = "" if info is None else info[1]
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
            if sentence > cand.last_sentence:
                cand.last_sentence = sentence
                cand.sentences += 1
            kind = context.get(before)
            if kind is not None:
                cand.context[kind] += 1
            before = lower
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


@lru_cache(maxsize=1 << 16)
def _rarity(word: str) -> float:
    """Surprise of the word in general English: 8 minus its Zipf frequency (cached: it
    depends on the word alone and the same words recur in every report)."""
    zipf = _lexicon().zipf.get(word)
    if zipf is None:
        zipf = _lexicon().zipf.get(word.replace("-", ""), _UNKNOWN_ZIPF)
    return max(_MAX_ZIPF - zipf, 0.5)


# The columns of ``_feature_matrix``, in order: what the fitted weights refer to.
FEATURES: tuple[str, ...] = (
    "log count",
    "repeated",
    "rarity",
    "rarity squared",
    "rarest word's rarity",
    "in title",
    "first position / length",
    "log first position",
    "in first 20 tokens",
    "log capitalised occurrences",
    "two words",
    "three words",
    "ends in -ing",
    "ends in -ed",
    "ends in -ly",
    "mostly capitalised",
    "characters / 10",
    "part of a name",
    "first part of a name",
    "last part of a name",
    "whole name",
    "share of sentences using the word",
    "its square root",
    "count / top word count",
    "log rank of count x rarity",
    "characters (capped at 12) / 10",
    "its square",
    "share after a determiner",
    "share after an auxiliary",
    "share after a preposition",
    "share after a pronoun",
    "hyphenated",
)

# Logistic-regression weights over ``FEATURES``, fitted on the KPCrowd dev split by
# ``evaluation/fit_keyphrases.py``: a handful of numbers, no word lists.
# fmt: off
WEIGHTS: tuple[float, ...] = (
    0.2888, 0.1626, 0.1161, -0.4861, 0.3078, -0.3739, 0.4102, -0.2683,
    -0.2351, 0.1485, -2.4755, -3.2066, 0.0089, 0.1950, -0.5217, -0.0564,
    0.6205, -0.8023, 0.0377, 0.3130, 1.0146, -1.9749, 2.4037, 0.3734,
    -0.1880, 3.0551, -0.8027, 0.4658, 0.4572, 0.4099, 0.1864, -0.8009,
)
# fmt: on


def _feature_matrix(
    candidates: Sequence[_Candidate], names: _Names, total: int, n_sentences: int
) -> np.ndarray:
    """One row of ``FEATURES`` per candidate: frequency, spread, rarity, title, position,
    shape, context and name evidence. Built column-wise with numpy, as one report has a few
    hundred candidates and this is the ranking's hot path."""
    rows = []
    members, heads, tails = names.members, names.heads, names.tails
    no_name = (False, False, False, False)
    for cand in candidates:
        words = cand.words
        last = words[-1]
        single = len(words) == 1
        if single:
            rarity = low = _rarity(last)
            length = len(last)
            name = (True, last in heads, last in tails, False) if last in members else no_name
        else:
            rarities = [_rarity(w) for w in words]
            rarity = sum(rarities) / len(rarities)
            low = min(rarities)
            length = sum(map(len, words)) + len(words) - 1
            name = (False, False, False, words in names.full)
        ctx = cand.context
        rows.append(
            (
                cand.count,
                rarity,
                low,
                float(cand.in_title),
                cand.first,
                cand.capitalised,
                len(words),
                last.endswith("ing"),
                last.endswith("ed"),
                last.endswith("ly"),
                2 * cand.upper > sum(cand.surfaces.values()),
                length,
                *name,
                cand.sentences,
                single,
                ctx[0],
                ctx[1],
                ctx[2],
                ctx[3],
                "-" in last,
            )
        )
    raw = np.array(rows, dtype=float).reshape(len(rows), 23)
    count, rarity, low, title, first, capitalised, n_words = raw[:, :7].T
    single = raw[:, 17]
    occurrences = np.maximum(count, 1.0)
    tf_rarity = np.where(single > 0, count * rarity, -1.0)
    # rank of each candidate's count x rarity among the single words (0 = the top one)
    order = np.argsort(-tf_rarity, kind="stable")
    rank = np.empty(len(rows))
    rank[order] = np.arange(len(rows))
    top_count = count[single > 0].max() if single.any() else 1.0
    capped = np.minimum(raw[:, 11], 12) / 10
    share = single * raw[:, 16] / max(n_sentences, 1)
    return np.column_stack(
        (
            np.log(occurrences),
            count >= 2,
            rarity,
            rarity * rarity / 10,
            low,
            title,
            first / (total or 1),
            np.log1p(first),
            first < 20,
            np.log1p(capitalised),
            n_words == 2,
            n_words == 3,
            raw[:, 7:11],
            raw[:, 11] / 10,
            raw[:, 12:16],
            share,
            np.sqrt(share),
            single * count / top_count,
            single * np.log1p(rank),
            capped,
            capped * capped,
            single[:, None] * raw[:, 18:22] / occurrences[:, None],
            raw[:, 22],
        )
    ).astype(float)


def _surface(cand: _Candidate) -> str:
    """The form the report uses most; a lower-case form wins ties over sentence-initial caps."""
    return max(cand.surfaces.items(), key=lambda item: (item[1], item[0].islower(), item[0]))[0]


def candidate_features(title: str, sentences: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Each distinct candidate (by stem) and its feature row; what the weights were fitted on."""
    candidates, names, total = _collect(title, sentences)
    if not candidates:
        return [], np.zeros((0, len(FEATURES)))
    matrix = _feature_matrix(candidates, names, total, len(sentences))
    return [_surface(c) for c in candidates], matrix


# A name part used in one longer name at least this often is shown as that name ("Hamgyong"
# → "North Hamgyong Province"). Common words are never widened: readers take "insurance" as
# well as "social insurance", and on KPCrowd widening them too cost another 0.4 F1@10.
_FRAGMENT_SHARE = 0.5
_WORD_SHARE = float("inf")


def _expand_fragments(
    ranked: list[_Candidate],
    candidates: list[_Candidate],
    threshold: float,
    word_share: float,
    shown: Callable[[_Candidate], bool] | None = None,
) -> list[_Candidate]:
    """Replace a word that mostly occurs inside one longer phrase by the phrase ("Hamgyong" →
    "North Hamgyong"), and keep each phrase once: a reader should never see "North" and
    "Korean" as separate keyphrases. A word is only widened into a phrase that ``shown``
    accepts, or the widening would lose the word too ("Xinjiang" → "China's Xinjiang")."""
    if threshold > 1:
        return ranked
    wanted = {cand.words[0] for cand in ranked if len(cand.words) == 1}
    containing: dict[str, list[_Candidate]] = {}
    for cand in candidates:
        # only into a phrase the report writes as a name: "Chelsea" stays "Chelsea" when the
        # title says "Chelsea enter the race"
        if len(cand.words) > 1 and cand.capitalised and not wanted.isdisjoint(cand.words):
            if shown is not None and not shown(cand):
                continue
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
    if not candidates:
        return []
    scores = _feature_matrix(candidates, names, total, len(sentences)) @ np.array(WEIGHTS)
    # best first; equal scores keep collection order (title, then first use), so it is stable
    order = np.argsort(-scores, kind="stable")[: 2 * n]
    best = [candidates[i] for i in order]

    verdicts: dict[tuple[str, ...], bool] = {}  # a candidate may be asked about twice

    def shown(cand: _Candidate) -> bool:
        if cand.words not in verdicts:
            verdicts[cand.words] = not _owner_and_name(_surface(cand), sentences)
        return verdicts[cand.words]

    if expand_fragments:
        best = _expand_fragments(best, candidates, _FRAGMENT_SHARE, _WORD_SHARE, shown)
    phrases = [_surface(cand) for cand in best if shown(cand)][:n]
    return [_as_written(phrase, title, sentences) for phrase in phrases]


# "North Korea's Ministry", "China's Xinjiang": an owner the report also names on its own, and
# the start of another name; not one keyphrase. "People's Republic", "Valentine's Day" (no
# "People" or "Valentine" alone) and "people's committee" (lower case) are one.
_OWNER_AND_NAME = re.compile(r"^(.+?)'s [A-Z]")
# what may come before a sentence's first word: quotes, brackets, a dash
_SENTENCE_OPENING = re.compile(r"""[\s"'“‘(\[—–-]*""")


def _owner_and_name(phrase: str, sentences: Sequence[str]) -> bool:
    """True when the owner also stands alone as a name in the body. A use at a sentence's
    start counts only if the report never writes the owner in lower case: "People queued…"
    says nothing about "People's Liberation Army" when "people" is a word of the report. The
    title is not read, as titles are often capitalised throughout."""
    found = _OWNER_AND_NAME.match(phrase)
    if found is None:
        return False
    owner = found.group(1)
    alone = re.compile(rf"(?<![\w'’]){re.escape(owner)}(?!\w|['’]s\b)")
    lower = re.compile(rf"(?<![\w'’]){re.escape(owner.lower())}(?!\w)")
    initial_counts: bool | None = None  # decided at the first sentence-initial use
    for sentence in sentences:
        opening = _SENTENCE_OPENING.match(sentence)
        start = opening.end() if opening else 0
        for use in alone.finditer(sentence):
            if use.start() != start:
                return True
            if initial_counts is None:
                initial_counts = not any(lower.search(text) for text in sentences)
            if initial_counts:
                return True
    return False


def _as_written(phrase: str, title: str, sentences: Sequence[str]) -> str:
    """Words are matched with a plain apostrophe; show the one the report wrote ("people’s")."""
    if "'" not in phrase:
        return phrase
    curly = phrase.replace("'", "’")
    if curly in title or any(curly in sentence for sentence in sentences):
        return curly
    return phrase
