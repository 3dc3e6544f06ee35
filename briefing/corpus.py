"""Steps that need the whole corpus: unique ids, related reports and tag pages shared by
different names.

They run after per-report analysis (which is cached) and never compare all pairs: related reports
come from an inverted index over each report's keyphrases and tags.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from briefing.model import DEFAULT_SEEDS, DEFAULT_TAXONOMY, Briefing, Issue, Severity

RELATED_COUNT = 3


def _claim_order(
    briefings: Sequence[Briefing],
    previous: Mapping[str, str] | None,
    first_seen: Mapping[str, dt.datetime] | None,
) -> list[Briefing]:
    """Who gets a contested id first: a pinned slug before a title's, then the report whose page
    had that address at the last build (``previous``: seed path → page URL), then the seed that
    came first (``first_seen``: when git first saw it; one git has not seen comes after), then
    seed path. A copy of a report, made to start a new one with its `slug:` left in, so never
    takes the address the old one's readers follow, with the last build's record or without it
    (a fresh checkout, an evicted CI cache)."""
    held = {
        relpath: url.rstrip("/").rpartition("/")[2] for relpath, url in (previous or {}).items()
    }
    seen = first_seen or {}
    never = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(
        briefings,
        key=lambda b: (
            b.report.slug is None,
            held.get(b.report.relpath) != (b.report.slug or b.id),
            seen.get(b.report.relpath, never),
            b.report.relpath,
        ),
    )


def assign_ids(
    briefings: Sequence[Briefing],
    previous: Mapping[str, str] | None = None,
    first_seen: Mapping[str, dt.datetime] | None = None,
) -> list[Briefing]:
    """Make ids unique; collisions get -2, -3… (``_claim_order``), so ids are stable."""
    taken: set[str] = set()
    result = []
    pinned = {b.report.slug for b in briefings if b.report.slug}
    for b in _claim_order(briefings, previous, first_seen):
        base = b.id
        candidate, n = base, 2
        while candidate in taken or (b.report.slug is None and candidate in pinned):
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        result.append(replace(b, id=candidate))
    return result


def pinned_slug_clashes(
    briefings: Sequence[Briefing],
    folder: str = DEFAULT_SEEDS,
    previous: Mapping[str, str] | None = None,
    first_seen: Mapping[str, dt.datetime] | None = None,
) -> list[Issue]:
    """Two reports that pin one `slug:` cannot both have it: the one ``assign_ids`` gives it to
    (the one that had it, else the first by seed path) keeps it, and the other is told, so a
    link someone shared does not move unnoticed. `folder`: the seeds folder as messages name
    it."""
    owner: dict[str, str] = {}
    issues = []
    for b in _claim_order(briefings, previous, first_seen):
        slug = b.report.slug
        if slug is None:
            continue
        if slug not in owner:
            owner[slug] = b.report.relpath
            continue
        issues.append(
            Issue(
                f"{folder}/{b.report.relpath}",
                f"front matter 'slug: {slug}' is pinned by {folder}/{owner[slug]} too, which keeps "
                "it; this report's page gets a numbered address instead. Give one of them "
                "another slug",
                Severity.WARNING,
            )
        )
    return issues


def shared_tag_pages(
    briefings: Sequence[Briefing],
    folder: str = DEFAULT_SEEDS,
    taxonomy_file: str = DEFAULT_TAXONOMY,
) -> list[Issue]:
    """Tags with different names but one slug ("Sinŭiju" and "Sinuiju", or "C++" and "C", all
    make one page) are shown as one tag under one name: a warning on each later seed that
    brings another name. Names that differ only in case are the same tag and need no warning.
    `folder` and `taxonomy_file`: the seeds folder and the taxonomy as messages name them."""
    first: dict[str, dict[str, tuple[str, str]]] = {}  # slug → casefolded name → (name, seed)
    for b in sorted(briefings, key=lambda b: b.report.relpath):
        for tag in b.tags:
            first.setdefault(tag.slug, {}).setdefault(
                tag.name.casefold(), (tag.name, b.report.relpath)
            )
    issues = []
    for slug, names in sorted(first.items()):
        (shown, where), *others = names.values()
        for name, seed in others:
            issues.append(
                Issue(
                    f"{folder}/{seed}",
                    f"tag '{name}' and tag '{shown}' ({folder}/{where}) make the same page, "
                    f"tags/{slug}/, and are shown there as one tag; if they are one thing, add "
                    f"it to {taxonomy_file} with the other spelling as an alias, so every report "
                    "shows one name; if not, rename one",
                    Severity.WARNING,
                )
            )
    return issues


def _terms(b: Briefing) -> set[str]:
    return {p.lower() for p in b.keyphrases} | {f"tag:{t.slug}" for t in b.tags}


def related_reports(briefings: Sequence[Briefing], count: int = RELATED_COUNT) -> list[Briefing]:
    """Attach the ids of the most similar reports (shared keyphrases and tags, IDF-weighted)."""
    n = len(briefings)
    if n < 2:
        return list(briefings)
    terms = [_terms(b) for b in briefings]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, doc_terms in enumerate(terms):
        for term in doc_terms:
            postings[term].append(index)
    # Terms shared by a large part of the corpus say little and would make this quadratic.
    cap = max(20, int(4 * math.sqrt(n)))
    idf = {t: math.log(n / len(p)) for t, p in postings.items() if 1 < len(p) <= cap}
    result = []
    for index, b in enumerate(briefings):
        scores: dict[int, float] = defaultdict(float)
        for term in sorted(terms[index]):  # fixed order: float sums must not depend on hashing
            weight = idf.get(term)
            if weight:
                for other in postings[term]:
                    if other != index:
                        scores[other] += weight
        best = sorted(scores, key=lambda o: (-round(scores[o], 9), briefings[o].report.relpath))[
            :count
        ]
        result.append(replace(b, related=tuple(briefings[o].id for o in best)))
    return result


def moved_pages(
    before: Mapping[str, str], after: Mapping[str, str], folder: str = DEFAULT_SEEDS
) -> list[Issue]:
    """A note for each report whose page address changed since the last build (seed path →
    the URL its page has): links shared to the old address stop working. The address follows
    the title (and the year of the date) unless the report pins `slug:`; a note, not a warning,
    since a strict build could not otherwise accept a page that was meant to move."""
    issues = []
    for relpath in sorted(before.keys() & after.keys()):
        old, new = before[relpath], after[relpath]
        if old == new:
            continue
        old_year, _, old_slug = old.rstrip("/").rpartition("/")
        new_year = new.rstrip("/").rpartition("/")[0]
        keep = (
            f"to keep the old one, add 'slug: {old_slug}' to its front matter"
            if old_year == new_year
            else "the year of its date is part of the address, and that changed"
        )
        issues.append(
            Issue(
                f"{folder}/{relpath}",
                f"its page moved from {old} to {new} since the last build, so links to the "
                f"old address no longer work; {keep}",
                Severity.INFO,
            )
        )
    return issues
