"""Extractive summary (placeholder: centrality to the document's word profile, lead-weighted)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

SUMMARIZER_VERSION = "0-placeholder"


def summarize(
    paragraphs: Sequence[Sequence[str]], k: int = 3, *, title: str | None = None
) -> list[int]:
    sentences = [s for p in paragraphs for s in p]
    if len(sentences) <= k:
        return list(range(len(sentences)))
    bags = [Counter(re.findall(r"\w+", s.lower())) for s in sentences]
    total: Counter[str] = Counter()
    for bag in bags:
        total.update(bag)

    def score(i: int) -> float:
        bag = bags[i]
        norm = math.sqrt(sum(v * v for v in bag.values())) or 1.0
        return sum(total[w] * c for w, c in bag.items()) / norm / (1 + i) ** 0.3

    best = sorted(range(len(sentences)), key=lambda i: (-score(i), i))[:k]
    return sorted(best)
