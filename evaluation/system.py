"""Our summarizer, called the way ``briefing analyze`` calls it on the evaluation files.

Each file goes through the product's own ingest (``briefing.ingest``), so the summarizer sees
exactly what it sees when the maintainers' scorer runs ``briefing analyze`` on it: the title the
ingest rules find (BBC line 1 reads as a headline; a CNN/DM first line is a sentence, so the
title is built from it and it stays in the body), page furniture such as "Scroll down for
video." already removed, paragraphs split by our own splitter. The scorer then scores whatever
text we return.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.analyze.pipeline import summary_input
from briefing.analyze.summarize import summarize
from briefing.ingest import ingest
from briefing.model import Seed


@dataclass(frozen=True)
class Document:
    title: str | None
    paragraphs: list[list[str]]
    repeats: list[bool]  # per sentence: a copy the page printed again, read but never chosen

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in p]


def product_document(path: Path) -> Document:
    """The title and sentences that ``briefing analyze`` would summarise for this file."""
    result = ingest(Seed(path.resolve(), path.name, path.read_bytes()))
    if result.report is None:
        return Document(None, [], [])
    report = result.report
    paragraphs, repeats = summary_input(report)
    return Document(report.title, [p for p in paragraphs if p], repeats)


def our_summary(path: Path, k: int) -> list[str]:
    document = product_document(path)
    sentences = document.sentences
    chosen = summarize(document.paragraphs, k, title=document.title, repeats=document.repeats)
    return [sentences[i] for i in chosen]


def command_summaries(command: str, files: Sequence[Path], k: int) -> dict[str, list[str]]:
    """Run ``CMD --summary-sentences K FILE...`` and read its JSON Lines, keyed by file as given."""
    argv = [*shlex.split(command), "--summary-sentences", str(k), *map(str, files)]
    completed = subprocess.run(argv, capture_output=True, text=True, check=False)
    results: dict[str, list[str]] = {}
    for line in completed.stdout.splitlines():
        if line.strip():
            record = json.loads(line)
            results[record["file"]] = list(record.get("summary", []))
    return results
