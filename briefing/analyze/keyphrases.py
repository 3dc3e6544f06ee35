"""Keyphrases (placeholder: frequent capitalised phrases and content words)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_STOP = set(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
        "said",
        "says",
        "will",
        "would",
        "could",
        "can",
        "not",
        "but",
        "also",
        "more",
        "most",
        "than",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "how",
        "about",
        "into",
        "over",
        "after",
        "before",
    ]
)


def extract_keyphrases(title: str, sentences: Sequence[str], n: int = 10) -> list[str]:
    counts: Counter[str] = Counter()
    for text in (title, *sentences):
        for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text):
            if word.lower() not in _STOP and len(word) > 2:
                counts[word.lower()] += 1
    return [w for w, _ in counts.most_common(n)]
