"""The table of common English words shipped with the package, and how often each is used.

Generated from the ``wordfreq`` package by ``scripts/make_word_table.py`` (see
``analyze/data/NOTICE.md``) and read once per process. Keyphrases rank words by their rarity in
it; ingest asks it whether "indus-" and "try" at a line break are one word.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

WORD_TABLE = Path(__file__).with_name("analyze") / "data" / "english_words.tsv"


@dataclass(frozen=True)
class Lexicon:
    zipf: dict[str, float]  # word → Zipf frequency (log10 of uses per billion words)
    stem: dict[str, str]  # word → Porter stem, where it differs


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Word → Zipf frequency and Porter stem; empty (with a warning) if the table is missing."""
    zipf: dict[str, float] = {}
    stem: dict[str, str] = {}
    try:
        text = WORD_TABLE.read_text(encoding="utf-8")
    except OSError as err:
        log.warning("word table unreadable (%s); ranking keyphrases by frequency only", err)
        return Lexicon(zipf, stem)
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, value, word_stem = line.split("\t")
        zipf[word] = int(value) / 10
        if word_stem:
            stem[word] = word_stem
    return Lexicon(zipf, stem)


def is_common_word(lower: str) -> bool:
    """The word (in lower case) is in the table of common English words."""
    return lower in lexicon().zipf
