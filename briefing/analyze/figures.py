"""Key figures: the amounts, percentages and head counts a reader would underline.

Why patterns and not a parser: figures in reports follow a few written conventions
("USD 10,000", "$500 million per year", "£3.5m", "55 per cent", "an estimated 50,000 North
Koreans"), and each match keeps the words around the number that make it meaningful (the
currency, the "per month", the "about"). Ranking puts money and people first, bigger sums
before smaller ones, and figures from the lead before those buried at the end.

A range or a change is one figure: "from 30% at the low end to 55%" is "30%–55%", "raised from
USD 7,200 to USD 10,000" is "USD 7,200 → USD 10,000". Listed apart and sorted by size, the two
numbers lose what the sentence says of them, and take two of the few places a page shows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from briefing.model import Figure

# Words before a figure that belong to it ("about 200 workers"); looked for behind a match
# rather than inside the patterns, so scanning only starts at digits and currency signs.
_QUALIFIER_WORDS = (
    r"(?:about|around|approximately|roughly|nearly|almost|some|over|more\s+than|less\s+than"
    r"|fewer\s+than|at\s+least|up\s+to|as\s+many\s+as|an\s+estimated|estimated|only|just"
    r"|close\s+to)"
)
_QUALIFIER = re.compile(rf"\b{_QUALIFIER_WORDS}\s+$", re.IGNORECASE)
_QUALIFIER_REACH = 24
# A number ends where its digits do: "$45,00" (a typo) and "£147notjustanumber" (a hashtag)
# are no amounts, rather than "$45" and "£147". It starts where they do, too: "12,5%" is not
# "5%", and a run of thousands of digits is tried once, not again from each digit (quadratic).
_NUMBER = (
    r"(?<!\d)(?<!\d[.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?![.,]?\d|(?!(?i:thousand|million|billion|trillion|mn|bn|tn|m|k|b|t)\b)[^\W\d])"
)
_SCALE_WORDS = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "t": 1e12,
}
# "$5B", "$10K", "$1.2T", "$5Bn": a one-letter scale counts only glued to the number ("$5 T-shirt").
_SCALE = (
    r"(?:\s?(?:thousand|million|billion|trillion|(?i:mn|bn|tn)|m|k)\b|[KMBT]\b|[BMT][Nn]\b|[bt]\b)"
)
_SYMBOL = r"(?:US|HK|A|C|NZ|S)?[$£€¥₩₽]"
_CODE = r"(?:USD|EUR|GBP|CNY|RMB|JPY|KRW|KPW|RUB|CHF|HKD)"
_CURRENCY_WORD = (
    r"(?:US\s+[Dd]ollars?|[Dd]ollars?|[Ee]uros?|pounds?(?:\s+sterling)?|yuan|renminbi|won"
    r"|rubles?|roubles?|yen)"
)
_PER = (
    r"(?:(?:\s+|-)(?:per|a|an|each)(?:\s+|-)(?:month|year|day|week|hour|person|head|worker"
    r"|kilogram|kg|ton|tonne)\b(?!\s+(?:earlier|ago|later|before|after|previously|prior)\b))?"
)  # "5,400 won a month earlier" is a price then, not a monthly rate; "$33,000-a-month" is
_MONEY = re.compile(
    rf"(?:{_SYMBOL}\s?(?P<a>{_NUMBER}){_SCALE}?|{_CODE}\s?(?P<b>{_NUMBER}){_SCALE}?"
    rf"|(?P<c>{_NUMBER}){_SCALE}?\s+(?:{_CURRENCY_WORD}|{_CODE})\b){_PER}"
)
_PERCENT = re.compile(
    rf"(?P<a>{_NUMBER})\s?(?:%|per\s?cent\b|percent\b|percentage\s+points?\b)",
    re.IGNORECASE,
)
_PEOPLE_NOUN = (
    r"(?:people|persons|individuals|workers|labou?rers|North\s+Koreans|Koreans|residents"
    r"|citizens|civilians|soldiers|troops|officials|officers|cadres|defectors|refugees"
    r"|prisoners|inmates|detainees|students|teachers|educators|children|women|men|farmers"
    r"|employees|staff|migrants|households|families|traders|merchants|loggers|patients"
    r"|victims|members|volunteers|recruits|delegates|tourists|journalists)\b"
)
_PEOPLE_ADJECTIVE = (
    r"(?:(?:[A-Z][\w'’-]+|new|more|young|female|male|ordinary|overseas|foreign|local|civilian"
    r"|additional|other|skilled|unskilled|former|elderly|dispatched|construction|forestry"
    r"|factory|party|military)\s+)"
)
_PEOPLE = re.compile(rf"(?P<a>{_NUMBER}){_SCALE}?\s+{_PEOPLE_ADJECTIVE}{{0,2}}{_PEOPLE_NOUN}")
_UNIT = (
    r"(?:kilograms?|kilogrammes?|kg|grams?|tons?|tonnes?|hectares?|acres?|kilometres?"
    r"|kilometers?|km|miles?|litres?|liters?|barrels?|square\s+met(?:re|er)s?)\b"
)
_COUNT = re.compile(rf"(?P<a>{_NUMBER}){_SCALE}?\s+{_UNIT}", re.IGNORECASE)

# (kind, pattern, base weight): money and people are what reports of this kind turn on.
_PATTERNS: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("money", _MONEY, 3.0),
    ("people", _PEOPLE, 2.5),
    ("percent", _PERCENT, 2.5),
    ("count", _COUNT, 1.5),
)
# A sum converted into another currency in brackets right after it: "$250,000 (£179,000)",
# not "$5bn ($2bn from China)".
_CONVERSION_BEFORE = re.compile(rf"(?:{_SYMBOL}|{_CODE}\s?)\d[\d,.]*{_SCALE}?\s*\($")
_CONVERSION_REACH = 40
# "Halo 2 won …": a one-digit number after a capitalised word, then "won", is a name and a verb
# ("At 5 won a kilo" is a price)
_TITLE_NUMBER_WON = re.compile(
    r"\b(?!(?:At|In|On|For|By|About|Around|Only|Just|Nearly|Almost|Some|Over|Under|From|To)\b)"
    r"[A-Z][\w'’-]* \d won$"
)


def _is_conversion(sentence: str, start: int, end: int) -> bool:
    before = _CONVERSION_BEFORE.search(sentence, max(0, start - _CONVERSION_REACH), start)
    return before is not None and sentence[end : end + 2].lstrip().startswith(")")


_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_SCALE_AFTER = re.compile(
    rf"\s?({'|'.join(sorted(_SCALE_WORDS, key=len, reverse=True))})\b", re.IGNORECASE
)


@dataclass(frozen=True)
class _End:
    """A number as written in the sentence: a whole figure ("USD 7,200") or a bare number
    that takes its unit from the figure it is joined to (the "30" of "30 to 40 per cent")."""

    start: int  # its currency sign or first digit
    end: int
    number: float
    scale: float | None  # "million", "bn" when written with it


@dataclass(frozen=True)
class _Single:
    """One figure as a pattern finds it, before ranges and changes are joined."""

    kind: str
    at: _End
    weight: float
    unit: str  # what a head count or measure counts ("workers"): two ends must count the same


@dataclass(frozen=True)
class _Span:
    """What one figure shows: a single figure, or two numbers joined as a range or change."""

    kind: str
    form: str  # single | range | change
    start: int
    end: int  # where the text it took ends
    text: str  # without the qualifier before it
    ends: tuple[str, ...]
    value: float  # the larger end, for ranking
    weight: float


@dataclass(frozen=True)
class _Found:
    figure: Figure
    score: float
    order: int  # position in the text, for stable ties


def _scale_of(text: str) -> float | None:
    scale = _SCALE_AFTER.match(text)
    return _SCALE_WORDS[scale.group(1).lower()] if scale else None


def _end_of(match: re.Match[str]) -> _End:
    """The number a figure's match stands for, and the "million"/"bn"/"m" inside the match
    ("$5 T-shirt" is five dollars)."""
    digits = next(g for g in match.groups() if g)
    scale = _scale_of(match.string[match.end(match.lastindex or 0) : match.end()])
    return _End(match.start(), match.end(), float(digits.replace(",", "")), scale)


def _singles(sentence: str, most: int) -> list[_Single]:
    """The sentence's figures in text order, from the first ``most`` matches of each pattern;
    where two patterns match the same words, the one listed first in _PATTERNS takes them
    ("$500 million" is not also a count)."""
    # a mark per character a figure took: checking costs the figure's length, so a sentence of
    # thousands of sums stays linear
    taken = bytearray(len(sentence))
    found: list[_Single] = []
    for kind, pattern, weight in _PATTERNS:
        for match in islice(pattern.finditer(sentence), most):
            start, end = match.span()
            if taken.find(1, start, end) != -1:
                continue
            number = next(g for g in match.groups() if g)
            if kind == "people" and _YEAR.fullmatch(number):
                continue  # "in 2018 North Koreans ..." is a year, not a head count
            if kind == "money" and _is_conversion(sentence, start, end):
                continue  # "$250,000 (£179,000)": the same sum in another currency
            if kind == "money" and _TITLE_NUMBER_WON.search(sentence, max(0, end - 40), end):
                continue  # "Burnout 3 won six awards": a game's name and a verb
            taken[start:end] = b"\x01" * (end - start)
            unit = match.group().rsplit(None, 1)[-1].casefold()
            found.append(_Single(kind, _end_of(match), weight, unit))
    found.sort(key=lambda single: single.at.start)
    return found


# What joins two numbers into one figure, read between them: "30-55%", "30 – 55%", "between 5
# and 10 per cent", "from 30% at the low end to 55%", "from 5.1% in 2010 to 7.2%", "from $5 up
# to more than $10". Words before "to" only follow a "from" (see _form); a spaced hyphen or an
# em dash is a dash in the sentence ("300 workers — 200 of them women"), not a range.
_JOIN = (
    r"(?:(?P<dash>[-–]|\s+–\s+)"
    rf"|(?P<filler>(?:\s+(?:[A-Za-z]+|{_YEAR.pattern})){{0,4}}?)\s+(?:up\s+)?to\s+"
    rf"(?P<inner>{_QUALIFIER_WORDS}\s+)?"
    r"|\s+(?P<both>and)\s+)"
)
_JOIN_REACH = 60  # longer text between two numbers is no join, and is never read
_JOINED = re.compile(_JOIN)
# A number with no unit of its own takes the other end's: "30 to 40 per cent", "$5-10 million".
# Before a range only after a space or bracket: "COVID-19 patients" is no range.
_BARE = rf"(?P<number>{_NUMBER})(?P<scale>{_SCALE})?"
_BARE_BEFORE = re.compile(rf"(?<![^\s(]){_BARE}{_JOIN}$")
_BARE_AFTER = re.compile(rf"{_JOIN}{_BARE}")
_HEAD = re.compile(r"\b(?:[Ff]rom|(?P<between>[Bb]etween))\s+$")
_WORDS = re.compile(r"[a-z]+")
_CLAUSE_BREAK = re.compile(r"[,;:()“”\"—–]")
# "from X to Y" is a change ("raised from USD 7,200 to USD 10,000", "fell from 55% to 30%")
# unless the words before it make it a range: "ranging from", "by anywhere from".
_RANGE_WORDS = frozenset(
    (
        *("range", "ranges", "ranged", "ranging", "vary", "varies", "varied", "varying"),
        *("span", "spans", "spanned", "spanning"),
    )
)
_RANGE_RIGHT_BEFORE = frozenset(
    ("anywhere", "anything", "somewhere", "by", "cost", "costs", "costing", "priced")
)
# Before a bare "X to Y": "rose 5% to 10%" (by how much, and to what), "adding $1.89 to
# $48.62", "won 52% to 48%" (a result) are two figures, not a range.
_NO_RANGE_WORDS = frozenset(
    (
        *("rise", "rises", "rose", "risen", "rising", "raise", "raises", "raised", "raising"),
        *("increase", "increases", "increased", "increasing", "hike", "hikes", "hiked", "lift"),
        *("lifts", "lifted", "boost", "boosts", "boosted", "grow", "grows", "grew", "grown"),
        *("growing", "growth", "climb", "climbs", "climbed", "jump", "jumps", "jumped", "soar"),
        *("soars", "soared", "surge", "surged", "gain", "gains", "gained", "gaining", "add"),
        *("adds", "added", "adding", "advance", "advanced", "rally", "rallied", "up", "upped"),
        *("fall", "falls", "fell", "fallen", "falling", "drop", "drops", "dropped", "decline"),
        *("declines", "declined", "decrease", "decreases", "decreased", "cut", "cuts", "reduce"),
        *("reduces", "reduced", "reduction", "lower", "lowers", "lowered", "slash", "slashed"),
        *("shrink", "shrank", "shrunk", "slip", "slipped", "slump", "slumped", "plunge", "down"),
        *("plunged", "tumble", "tumbled", "sink", "sank", "shed", "sheds", "ease", "eased"),
        *("dip", "dipped", "slide", "slid", "trim", "trimmed", "widen", "widened", "narrow"),
        *("narrowed", "go", "goes", "went", "gone", "going", "move", "moved", "change"),
        *("changed", "revise", "revised", "adjust", "adjusted", "by", "won", "win", "wins"),
        *("lost", "lose", "loses", "beat", "beats", "led", "lead", "leads", "trailed", "trail"),
        *("trails", "vote", "votes", "voted", "margin"),
    )
)


def _words_before(sentence: str, at: int, count: int) -> list[str]:
    """The last ``count`` words of the clause that ends at ``at``, lower-cased."""
    clause = _CLAUSE_BREAK.split(sentence[max(0, at - 48) : at])[-1]
    return _WORDS.findall(clause.casefold())[-count:]


def _qualified_start(sentence: str, start: int) -> int:
    """Where a figure starts with its "about", "an estimated" ("about 200 workers")."""
    qualifier = _QUALIFIER.search(sentence, max(0, start - _QUALIFIER_REACH), start)
    return qualifier.start() if qualifier else start


def _form(sentence: str, join: re.Match[str], start: int, low: float, high: float) -> str | None:
    """ "range" or "change" when the two numbers ``join`` joins are one figure, else None.
    ``start``: where the first one starts with its qualifier; ``low``, ``high``: the two
    values in the order written (a range is written from low to high)."""
    head = _HEAD.search(sentence, max(0, start - 9), start)
    between = head is not None and head.group("between") is not None
    if join.group("dash"):
        return "range" if low < high else None
    if join.group("both") or between:  # "between 5 and 10", "between 5 to 10 per cent"
        return "range" if between else None
    if head is not None:  # "from"
        words = _words_before(sentence, head.start(), 4)
        if _RANGE_WORDS.intersection(words) or _RANGE_RIGHT_BEFORE.intersection(words[-1:]):
            return "range"  # "raised ... by anywhere from 30% to 55%"
        return "change"
    if join.group("filler"):
        return None  # "paid $5 for them to 10 …": words before "to" only after a "from"
    if _NO_RANGE_WORDS.intersection(_words_before(sentence, start, 3)):
        return None
    return "range" if low < high else None


def _value(end: _End, other: _End, ascending: bool) -> float:
    """An end's value; written without a scale it takes the other end's in a range written
    upwards ("2 to 3 million" is two million; "500 to 2 million" is five hundred)."""
    scale = end.scale or (other.scale if ascending else None)
    return end.number * (scale or 1.0)


def _joined(
    sentence: str, kind: str, left: _End, right: _End, join: re.Match[str], weight: float
) -> _Span | None:
    """``left`` and ``right`` as one figure, when what joins them makes them a range or a
    change: "30%–55%", "USD 7,200 → USD 10,000", "30–40 per cent", "$5–10 million"."""
    ascending = left.number < right.number
    low, high = _value(left, right, ascending), _value(right, left, ascending)
    form = _form(sentence, join, _qualified_start(sentence, left.start), low, high)
    if form is None:
        return None
    first = " ".join(sentence[left.start : left.end].split())
    second = " ".join(f"{join.group('inner') or ''}{sentence[right.start : right.end]}".split())
    if form == "change":
        text = f"{first} → {second}"
    else:  # a spaced dash between ends of several words: "USD 7,200 – USD 10,000"
        text = f"{first} – {second}" if " " in first else f"{first}–{second}"
    value = max(low, high)
    return _Span(kind, form, left.start, right.end, text, (first, second), value, weight)


def _single(sentence: str, single: _Single) -> _Span:
    at = single.at
    text = sentence[at.start : at.end]
    value = at.number * (at.scale or 1.0)
    return _Span(single.kind, "single", at.start, at.end, text, (), value, single.weight)


def _bare_end(found: re.Match[str]) -> _End:
    number = float(found.group("number").replace(",", ""))
    scale = _scale_of(found.group("scale") or "")
    end = max(found.end("number"), found.end("scale"))
    return _End(found.start("number"), end, number, scale)


def _with_next(sentence: str, single: _Single, after: _Single) -> _Span | None:
    """Two figures of one kind as one: "from USD 7,200 to USD 10,000", "30%-55%"."""
    if after.kind != single.kind or after.at.start - single.at.end > _JOIN_REACH:
        return None
    if single.kind in ("people", "count") and single.unit != after.unit:
        return None  # "between 5 workers and 10 soldiers" counts two things
    join = _JOINED.fullmatch(sentence, single.at.end, after.at.start)
    if join is None:
        return None
    return _joined(sentence, single.kind, single.at, after.at, join, single.weight)


def _with_bare_before(sentence: str, single: _Single, free: int) -> _Span | None:
    """A figure and the number before it that has no unit: "30 to 40 per cent", "200-300
    workers" (``free``: where the text no other figure took begins)."""
    window = max(free, single.at.start - _JOIN_REACH)
    found = _BARE_BEFORE.search(sentence, window, single.at.start)
    if found is None or _YEAR.fullmatch(found.group("number")):
        return None  # "grew in the decade from 2010 to 3,000 workers": a year, not an end
    return _joined(sentence, single.kind, _bare_end(found), single.at, found, single.weight)


def _with_bare_after(sentence: str, single: _Single, limit: int) -> _Span | None:
    """A sum written currency first and the number after it that takes the currency: "$5-10",
    "from $5 to 10 million" (``limit``: where the next figure starts)."""
    if single.kind != "money" or sentence[single.at.start].isdigit():
        return None
    limit = min(limit, single.at.end + _JOIN_REACH)
    found = _BARE_AFTER.match(sentence, single.at.end, limit)
    if found is None or not (found.group("scale") or found.group("dash")):
        return None  # "from £808m to 8,177 cases": a number of something else
    return _joined(sentence, "money", single.at, _bare_end(found), found, single.weight)


def _converted(sentence: str, before: _Span, span: _Span) -> bool:
    """Whether ``span`` is in brackets right after ``before``, both sums and one of them a
    range: "between £415m and £425m ($779m-798m)" is one range in two currencies (a single
    sum converted was left out with _is_conversion)."""
    if not before.kind == span.kind == "money" or before.form == span.form == "single":
        return False
    opened = sentence[before.end : span.start].strip() == "("
    return opened and sentence[span.end : span.end + 2].lstrip().startswith(")")


def _spans(sentence: str, most: int) -> list[_Span]:
    """The sentence's figures in text order, a range or a change as one (``most``: see
    _singles)."""
    singles = _singles(sentence, most)
    spans: list[_Span] = []
    free = 0  # where the text no figure took so far begins
    index = 0
    while index < len(singles):
        single = singles[index]
        after = singles[index + 1] if index + 1 < len(singles) else None
        both = _with_next(sentence, single, after) if after else None
        limit = after.at.start if after else len(sentence)
        span = (
            both
            or _with_bare_before(sentence, single, free)
            or _with_bare_after(sentence, single, limit)
            or _single(sentence, single)
        )
        if not (spans and _converted(sentence, spans[-1], span)):
            spans.append(span)
        free = span.end
        index += 2 if both else 1
    return spans


# A report of thousands of figures is a table or junk, not prose (news reports in the eval set
# have at most 38): reading its first thousand keeps a hostile 2 MB report to about a second.
_FIGURES_READ = 1_000


def _candidates(sentences: Sequence[str]) -> list[_Found]:
    found: list[_Found] = []
    total = max(len(sentences), 1)
    for index, sentence in enumerate(sentences):
        if len(found) >= _FIGURES_READ:
            break
        if not _DIGIT.search(sentence):  # every pattern starts at or needs a digit
            continue
        stripped = sentence.strip()  # once: a sentence of thousands of sums stays linear
        lead = 1.0 - index / total  # figures in the lead are the story's own
        for span in _spans(sentence, _FIGURES_READ - len(found)):
            magnitude = math.log10(span.value) if span.value > 1 else 0.0
            score = span.weight + 0.25 * magnitude + lead
            start = _qualified_start(sentence, span.start)
            text = " ".join(f"{sentence[start : span.start]}{span.text}".split())
            figure = Figure(text, span.kind, stripped, form=span.form, ends=span.ends)
            found.append(_Found(figure, score, index * 10_000 + start))
    return found


def _dedup_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def extract_figures(sentences: Sequence[str], limit: int = 5) -> tuple[Figure, ...]:
    """Up to ``limit`` key figures, most newsworthy first; a figure repeated later in the
    report is kept once, with the sentence where it first appears, and so is one that
    repeats an end of a range or change before it ("from $5 to $10 …; the $10 fee")."""
    if limit <= 0:
        return ()
    seen: set[str] = set()
    unique: list[_Found] = []
    for item in sorted(_candidates(sentences), key=lambda f: f.order):
        key = _dedup_key(item.figure.text)
        if key not in seen:
            seen.add(key)
            seen.update(_dedup_key(end) for end in item.figure.ends)
            unique.append(item)
    unique.sort(key=lambda f: (-f.score, f.order))
    return tuple(item.figure for item in unique[:limit])
