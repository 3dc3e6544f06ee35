"""A deterministic synthetic corpus of field reports for the benchmark.

Every report is built from small word lists and sentence templates written for this file, driven
by `random.Random(seed)`, so the same N always gives byte-identical files on every machine. Tags
come from the project's own taxonomy.yml (its tag names and aliases), so the analyzer finds the
tags in the text exactly as it would in real reports, whatever the taxonomy holds.

The same reports are also written as Material blog posts and Pelican articles, so the three
builders are timed on the same text.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

WORDS_PER_REPORT = 800
# Three years that end before the tests' fixed build day (1 March 2024): a report dated after the
# day of its build is warned of, and the tests build generated reports with --strict.
START_DATE = dt.date(2021, 3, 1)
SPAN_DAYS = 3 * 365

_PLACES = [
    "Sangdong",
    "Okpo",
    "Taeryong",
    "Hwasong-ri",
    "Kumchon",
    "Songrim-dong",
    "Paekam",
    "Tongsin",
    "Ryonghung",
    "Sokchon",
    "Unha",
    "Chongbong",
    "Mirim",
    "Tosan",
    "Kwanmo",
    "Yonggang",
]
_PROVINCES = [
    "the northern district",
    "the eastern county",
    "the coastal county",
    "the inland district",
    "the mountain county",
    "the western district",
]
_ACTORS = [
    "local officials",
    "shop keepers",
    "factory managers",
    "office clerks",
    "bus drivers",
    "farm hands",
    "young people",
    "neighbours",
    "pensioners",
    "housewives",
    "construction crews",
    "railway staff",
    "fishermen",
    "nurses",
    "doctors",
]
_ORGS = [
    "the county office",
    "the district administration",
    "the local works office",
    "the town management office",
    "the farm management board",
    "the district planning office",
    "the county transport office",
    "the local supply office",
]
_VERBS_PAST = [
    "reported",
    "complained",
    "warned",
    "confirmed",
    "noted",
    "explained",
    "revealed",
    "suggested",
    "claimed",
    "acknowledged",
]
_ACTIONS = [
    "ordered an inspection of",
    "changed the schedule for",
    "issued new paperwork for",
    "quietly relaxed rules on",
    "began keeping records of",
    "held an emergency meeting about",
    "published a notice about",
    "set new limits on",
    "reorganised the handling of",
    "set up a new office to manage",
]
_OBJECTS = [
    "grain sales",
    "bicycle repairs",
    "bus timetables",
    "private plots",
    "fuel deliveries",
    "fertiliser supplies",
    "building materials",
    "water pumps",
    "firewood",
    "housing permits",
    "coal deliveries",
    "seafood catches",
    "street lighting",
]
_REASONS = [
    "because the harvest fell short of the plan",
    "after a difficult winter",
    "ahead of an important anniversary",
    "as the authorities try to show results",
    "while residents struggle to buy food",
    "following orders from the centre",
    "because several managers were replaced last month",
    "as costs kept going up",
]
_QUOTES = [
    "People are tired of giving money every month",
    "Nobody dares to say no to the managers",
    "The rules change so often that nobody can keep up",
    "Everyone is waiting to see how long this lasts",
    "Some families are doing better than the rest",
    "They say it is voluntary, but everyone knows it is not",
]
_HEADS = [
    "What residents say",
    "A wider pattern",
    "Pressure from above",
    "Reaction in the town",
    "What happens next",
    "How it began",
]
_TITLE_PATTERNS = [
    "{Actors} in {place} face new rules on {object}",
    "{place} officials push residents over {object}",
    "New rules on {object} spread to {province}",
    "{Actors} say {object} costs are rising in {place}",
    "Offices in {province} change the rules on {object}",
]
_FIRST = [
    "Min-jun",
    "Seo-yeon",
    "Ji-ho",
    "Ha-eun",
    "Do-hyun",
    "Su-bin",
    "Jae-won",
    "Ye-jin",
    "Anna",
    "Tom",
    "Maria",
    "David",
    "Lena",
    "Peter",
]
_LAST = [
    "Kim",
    "Lee",
    "Park",
    "Choi",
    "Jung",
    "Kang",
    "Cho",
    "Yoon",
    "Jang",
    "Lim",
    "Smith",
    "Novak",
]
_SOURCES = ["Daily NK", "Field Desk", "Border Monitor", "Korea Risk Wire"]


@dataclass(frozen=True)
class SyntheticReport:
    """One generated report, in the terms all three builders understand."""

    stem: str
    title: str
    date: dt.date
    source: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]  # prose paragraphs; a line starting "## " is a subhead


def load_vocabulary(taxonomy_path: Path) -> list[tuple[str, list[str]]]:
    """(tag name, words that mean it) for every tag in the taxonomy; the name itself comes first."""
    raw = yaml.safe_load(taxonomy_path.read_text(encoding="utf-8")) or {}
    vocabulary: list[tuple[str, list[str]]] = []
    for items in raw.values():
        # a section is a list of entries ("- name: X" with aliases, or a bare "- X");
        # the older layout, a mapping of name → aliases, is still read
        if isinstance(items, dict):
            items = [{"name": k, "aliases": v} for k, v in items.items()]
        for item in items or []:
            entry = item if isinstance(item, dict) else {"name": item}
            name = str(entry["name"])
            aliases = [str(a) for a in entry.get("aliases") or []]
            vocabulary.append((name, [name, *aliases]))
    if not vocabulary:
        raise ValueError(f"{taxonomy_path}: no tags; the benchmark needs a tag vocabulary")
    return vocabulary


def _sentence(rng: random.Random, tag_words: list[str]) -> str:
    place = rng.choice(_PLACES)
    kind = rng.randrange(6)
    if kind == 0:
        return (
            f"A source in {rng.choice(_PROVINCES)} told the reporter that {rng.choice(_ORGS)} "
            f"{rng.choice(_ACTIONS)} {rng.choice(_OBJECTS)} in {place} {rng.choice(_REASONS)}."
        )
    if kind == 1:
        return f"“{rng.choice(_QUOTES)},” one of the {rng.choice(_ACTORS)} in {place} said."
    if kind == 2:
        amount = rng.randrange(2, 400) * 50
        share = rng.randrange(5, 80)
        return (
            f"{rng.choice(_ACTORS).capitalize()} in {place} now pay about {amount:,} won for "
            f"{rng.choice(_OBJECTS)}, roughly {share}% more than a year ago."
        )
    if kind == 3 and tag_words:
        return (
            f"The measures are linked to {rng.choice(tag_words)}, according to "
            f"{rng.choice(_ACTORS)} who {rng.choice(_VERBS_PAST)} the change in {place}."
        )
    if kind == 4:
        return (
            f"In {place}, {rng.choice(_ACTORS)} {rng.choice(_VERBS_PAST)} that "
            f"{rng.choice(_ORGS)} {rng.choice(_ACTIONS)} {rng.choice(_OBJECTS)}."
        )
    return (
        f"Since {rng.choice(['January', 'March', 'June', 'September', 'November'])}, "
        f"{rng.choice(_ACTORS)} have had to deal with {rng.choice(_OBJECTS)} "
        f"{rng.choice(_REASONS)}, the source added."
    )


def make_report(index: int, vocabulary: list[tuple[str, list[str]]], seed: int) -> SyntheticReport:
    """Report number `index`; depends only on (index, vocabulary, seed), not on N."""
    rng = random.Random(f"{seed}:{index}")
    chosen = rng.sample(vocabulary, k=min(len(vocabulary), rng.randint(2, 4)))
    tag_words = [word for _, words in chosen for word in words]
    place = rng.choice(_PLACES)
    title = rng.choice(_TITLE_PATTERNS).format(
        Actors=rng.choice(_ACTORS).capitalize(),
        place=place,
        object=rng.choice(_OBJECTS),
        province=rng.choice(_PROVINCES),
    )
    paragraphs: list[str] = []
    words = 0
    heads = iter(rng.sample(_HEADS, k=3))
    while words < WORDS_PER_REPORT:
        if paragraphs and len(paragraphs) % 4 == 0:
            head = next(heads, None)
            if head:
                paragraphs.append(f"## {head}")
        sentences = [_sentence(rng, tag_words) for _ in range(rng.randint(2, 5))]
        # Every chosen tag is named at least once, early, so the analyzer finds it in the text.
        if len(paragraphs) < len(chosen):
            _name, aliases = chosen[len(paragraphs)]
            sentences.insert(
                1, f"The case is one more sign of how {rng.choice(aliases)} shapes daily life."
            )
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    authors = tuple(
        f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.choice((1, 1, 2)))
    )
    return SyntheticReport(
        stem=f"{index:05d}-{_slug(title)[:40]}",
        title=title,
        date=START_DATE + dt.timedelta(days=rng.randrange(SPAN_DAYS)),
        source=rng.choice(_SOURCES),
        authors=authors,
        tags=tuple(name for name, _ in chosen),
        paragraphs=tuple(paragraphs),
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def reports(n: int, taxonomy_path: Path, seed: int = 2024) -> Iterator[SyntheticReport]:
    vocabulary = load_vocabulary(taxonomy_path)
    for index in range(n):
        yield make_report(index, vocabulary, seed)


def _front(values: dict[str, object]) -> str:
    return "---\n" + yaml.safe_dump(values, sort_keys=False, allow_unicode=True) + "---\n\n"


def _plain_body(report: SyntheticReport) -> str:
    """The body as an analyst would save it: paragraphs, subheads as short lines of their own."""
    return "\n\n".join(p.removeprefix("## ") for p in report.paragraphs) + "\n"


def seed_text(report: SyntheticReport) -> str:
    front = {
        "title": report.title,
        "date": report.date,
        "source": report.source,
        "authors": list(report.authors),
        "tags": list(report.tags),
    }
    return _front(front) + _plain_body(report)


def material_post(report: SyntheticReport) -> str:
    """A Material blog post: front matter date and tags, an excerpt marker after the lead."""
    front = {"date": report.date, "tags": list(report.tags)}
    body = list(report.paragraphs)
    body.insert(1, "<!-- more -->")
    return _front(front) + f"# {report.title}\n\n" + "\n\n".join(body) + "\n"


def pelican_article(report: SyntheticReport) -> str:
    """A Pelican Markdown article: its metadata header is `Key: value` lines."""
    header = [
        f"Title: {report.title}",
        f"Date: {report.date.isoformat()}",
        f"Tags: {', '.join(report.tags)}",
        f"Authors: {', '.join(report.authors)}",
        f"Slug: {report.stem}",
    ]
    return "\n".join(header) + "\n\n" + "\n\n".join(report.paragraphs) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Keep unchanged files untouched, so their modification times (and caches) survive a rerun."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def prune(folder: Path, keep: set[str]) -> None:
    """Remove generated files of an earlier, larger run from a folder only the benchmark writes."""
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file() and path.name not in keep:
                path.unlink()
