"""What a per-report analysis depends on besides the report and the taxonomy: its settings and
the analyzers' version. Kept apart from the analyzers so a build can tell whether its cache is
current without importing them (and NumPy): a rebuild with nothing to do stays quick."""

from __future__ import annotations

from dataclasses import dataclass

# Bump when the summarizer's output changes for the same input (summarize.py re-exports it).
SUMMARIZER_VERSION = "3"
# Bump the first part when any other analysis output changes: both are in the cache key.
ANALYZER_VERSION = f"1/{SUMMARIZER_VERSION}"


@dataclass(frozen=True)
class AnalysisSettings:
    summary_sentences: int = 3
    keyphrases: int = 10
