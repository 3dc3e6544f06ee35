"""Key figures: the amounts, percentages and head counts a reader would underline.

Why patterns and not a parser: figures in reports follow a few written conventions
("USD 10,000", "$500 million per year", "£3.5m", "55 per cent", "an estimated 50,000 North
Koreans"), and each match keeps the words around the number that make it meaningful (the
currency, the "per month", the "about"). Ranking puts money and people first, bigger sums
before smaller ones, and figures from the lead before those buried at the end.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.model import Figure

# Words before a figure that belong to it ("about 200 workers"); looked for behind a match
# rather than inside the patterns, so scanning only starts at digits and currency signs.
_QUALIFIER = re.compile(
    r"\b(?:about|around|approximately|roughly|nearly|almost|some|over|more\s+than|less\s+than"
    r"|fewer\s+than|at\s+least|up\s+to|as\s+many\s+as|an\s+estimated|estimated|only|just"
    r"|close\s+to)\s+$",
    re.IGNORECASE,
)
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
class _Found:
    figure: Figure
    score: float
    order: int  # position in the text, for stable ties


def _value(match: re.Match[str]) -> float:
    """The number the match stands for, with "million"/"bn"/"m" applied (only a scale inside
    the match: "$5 T-shirt" is five dollars)."""
    digits = next(g for g in match.groups() if g)
    value = float(digits.replace(",", ""))
    scale = _SCALE_AFTER.match(match.string, match.end(match.lastindex or 0), match.end())
    if scale:
        value *= _SCALE_WORDS[scale.group(1).lower()]
    return value


def _candidates(sentences: Sequence[str]) -> list[_Found]:
    found: list[_Found] = []
    total = max(len(sentences), 1)
    for index, sentence in enumerate(sentences):
        if not _DIGIT.search(sentence):  # every pattern starts at or needs a digit
            continue
        # a mark per character a figure took: "$500 million" is not also a count, and checking
        # costs the figure's length, so a sentence of thousands of sums stays linear
        taken = bytearray(len(sentence))
        stripped = sentence.strip()  # once: a sentence of thousands of sums stays linear
        for kind, pattern, weight in _PATTERNS:
            for match in pattern.finditer(sentence):
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
                value = _value(match)
                magnitude = math.log10(value) if value > 1 else 0.0
                lead = 1.0 - index / total  # figures in the lead are the story's own
                score = weight + 0.25 * magnitude + lead
                qualifier = _QUALIFIER.search(sentence, max(0, start - 24), start)
                if qualifier:
                    start = qualifier.start()
                text = " ".join(sentence[start:end].split())
                figure = Figure(text=text, kind=kind, sentence=stripped)
                found.append(_Found(figure, score, index * 10_000 + start))
    return found


def _dedup_key(figure: Figure) -> str:
    return re.sub(r"\W+", " ", figure.text.casefold()).strip()


def extract_figures(sentences: Sequence[str], limit: int = 5) -> tuple[Figure, ...]:
    """Up to ``limit`` key figures, most newsworthy first; a figure repeated later in the
    report is kept once, with the sentence where it first appears."""
    if limit <= 0:
        return ()
    seen: set[str] = set()
    unique: list[_Found] = []
    for item in sorted(_candidates(sentences), key=lambda f: f.order):
        key = _dedup_key(item.figure)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    unique.sort(key=lambda f: (-f.score, f.order))
    return tuple(item.figure for item in unique[:limit])
