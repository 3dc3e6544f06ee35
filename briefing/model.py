"""The records that flow between stages: Seed → Report → Briefing.

Each stage takes one of these and returns the next; nothing else crosses a stage boundary.
They are frozen so a stage can never change what an earlier stage decided.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"  # the report cannot be published
    WARNING = "warning"  # published, but the user should look (fails --strict)
    INFO = "info"  # a decision worth explaining (which rule fired), never a failure


# The date cascade's rules (ingest): a date the report stated itself, or the date it was filed
# (the remaining rule, "unknown", is neither).
DATE_STATED = frozenset({"front matter", "written in the text"})
DATE_FILED = frozenset({"first added to git", "file modification time"})


# The seeds folder as messages and pages name it unless the project sets extra.digest.seeds_dir
DEFAULT_SEEDS = "seeds"
DEFAULT_TAXONOMY = "taxonomy.yml"
# What sets the size limit of a report, as the message refusing a larger one names it
MAX_BYTES_SETTING = "extra.digest.max_report_bytes in mkdocs.yml"


@dataclass(frozen=True)
class Issue:
    """A problem found in one input file, with enough detail to fix it."""

    path: str  # as the user knows it, e.g. "seeds/report-7.txt"
    message: str  # what is wrong and what to do
    severity: Severity = Severity.ERROR
    line: int | None = None
    column: int | None = None

    @property
    def where(self) -> str:
        """path[:line[:column]], as compilers and editors print it."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        return f"{self.where}: {self.severity.value}: {self.message}"


@dataclass(frozen=True)
class DateHints:
    """Dates the build knows about a seed from outside its text (see DESIGN: Dates)."""

    git_added: dt.datetime | None = None
    mtime: dt.datetime | None = None


@dataclass(frozen=True)
class Block:
    """One unit of the cleaned body: a paragraph of prose, an item of a bulleted list (its text
    without the bullet) or a subhead; or a repeat, which is never shown: a sentence the page
    printed again as a caption or pull quote, or a captioned page's labelled photo caption.
    The summarizer still counts it, since what a page repeats or pictures is what its editors
    stressed. A `.md` report also has tables and code blocks, shown as such and never
    summarised: a table's `rows` are its cells (the header row first) and its text those rows
    read as lines (`text.table_lines`: "Rice (1 kg) — Pyongyang: 6,800 won; …"); a code
    block's text is its lines as written."""

    kind: str  # "paragraph" | "item" | "heading" | "repeat" | "table" | "code"
    text: str
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells, row by row


@dataclass(frozen=True)
class Seed:
    """A report file as found on disk, before any interpretation."""

    path: Path  # absolute
    relpath: str  # relative to the seeds folder, POSIX separators; the report's identity
    data: bytes


@dataclass(frozen=True)
class Report:
    """What ingest made of a seed: clean text and detected metadata."""

    relpath: str
    title: str
    body: tuple[Block, ...]
    date: dt.datetime  # timezone-aware
    source: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    slug: str | None = None  # pinned by front matter; otherwise derived from the title
    draft: bool = False
    front_matter_tags: tuple[str, ...] = ()
    front_matter_summary: tuple[str, ...] = ()
    date_origin: str = "front matter"  # which rule of the date cascade decided (see below)
    issues: tuple[Issue, ...] = ()
    explanations: tuple[
        str, ...
    ] = ()  # which rule fired for each decision, for `analyze --format text`


@dataclass(frozen=True)
class Tag:
    name: str  # as shown to readers, e.g. "Workers' Party of Korea"
    slug: str  # URL-safe, e.g. "workers-party-of-korea"
    kind: str  # topic | place | organisation | person


@dataclass(frozen=True)
class Figure:
    """A key number from the text, with the sentence it came from. A range or a change is one
    figure ("30%–55%", "USD 7,200 → USD 10,000"), with its two ends as the sentence has them."""

    text: str  # as shown, e.g. "USD 10,000", "30%–55%", "USD 7,200 → USD 10,000"
    kind: str  # money | percent | people | count
    sentence: str
    form: str = "single"  # single | range | change
    ends: tuple[str, ...] = ()  # a range's or change's two ends as written: ("30%", "55%")


@dataclass(frozen=True)
class Briefing:
    """A report plus everything analysis found in it; what render and publish consume."""

    report: Report
    id: str  # URL slug, unique across the build
    summary: tuple[str, ...]
    description: str  # ≤ 160 characters
    tags: tuple[Tag, ...]
    keyphrases: tuple[str, ...]
    figures: tuple[Figure, ...]
    reading_time: int  # minutes, at least 1
    related: tuple[str, ...] = field(
        default=()
    )  # ids of similar reports, filled by the corpus step
