"""Key figures (placeholder: currency amounts and percentages with their sentence)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.model import Figure

_MONEY = re.compile(r"(?:USD|US\$|\$|£|€)\s?\d[\d,.]*(?:\s?(?:million|billion|bn|m))?")
_PERCENT = re.compile(r"\d+(?:\.\d+)?\s?(?:%|per ?cent)")


def extract_figures(sentences: Sequence[str], limit: int = 5) -> tuple[Figure, ...]:
    found: list[Figure] = []
    seen: set[str] = set()
    for sentence in sentences:
        for kind, pattern in (("money", _MONEY), ("percent", _PERCENT)):
            for match in pattern.finditer(sentence):
                text = match.group(0).strip()
                if text not in seen:
                    seen.add(text)
                    found.append(Figure(text, kind, sentence))
    return tuple(found[:limit])
