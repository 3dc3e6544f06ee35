"""Our summarizer, called the way ``briefing analyze`` calls it on the evaluation files.

BBC files: line 1 is the title, paragraphs are separated by blank lines. CNN/DM files: every line
is body text (the first line is the lead sentence, not a headline), one sentence or paragraph per
line. Sentences come from our own splitter, as in the product; the scorer then scores whatever
text we return.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.analyze.sentences import split_sentences
from briefing.analyze.summarize import summarize


@dataclass(frozen=True)
class Document:
    title: str | None
    paragraphs: list[list[str]]

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in p]


def bbc_document(text: str) -> Document:
    lines = text.splitlines()
    title = lines[0].strip() if lines else None
    blocks = "\n".join(lines[1:]).split("\n\n")
    paragraphs = [split_sentences(" ".join(b.split())) for b in blocks]
    return Document(title or None, [p for p in paragraphs if p])


def cnndm_document(text: str) -> Document:
    paragraphs = [split_sentences(line) for line in text.splitlines()]
    return Document(None, [p for p in paragraphs if p])


def document_for(kind: str, text: str) -> Document:
    return bbc_document(text) if kind == "bbc" else cnndm_document(text)


def our_summary(kind: str, text: str, k: int) -> list[str]:
    document = document_for(kind, text)
    sentences = document.sentences
    return [sentences[i] for i in summarize(document.paragraphs, k, title=document.title)]


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
