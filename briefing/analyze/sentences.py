"""Sentence splitting (placeholder until the tuned splitter lands): sentencex, whitespace-trimmed."""

from __future__ import annotations

from sentencex import segment


def split_sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in segment("en", paragraph) if s.strip()]
