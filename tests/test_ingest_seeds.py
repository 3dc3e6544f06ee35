"""The four example reports: what a careful reader would write down about each (issue: report
understanding). Expected values were read off the reports by a person, not copied from output."""

from __future__ import annotations

import re

import pytest
from conftest import SEED_DIR

from briefing.ingest import ingest
from briefing.model import Seed

SEEDS = SEED_DIR


def load(name: str):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    result = ingest(Seed(path, path.name, path.read_bytes()))
    assert result.report is not None, result.issues
    return result.report, path.read_text(encoding="utf-8")


def body_text(report) -> str:
    return "\n".join(block.text for block in report.body)


EXPECTED = {
    # seed: (source, authors)
    "000": ("Daily NK", ("Jong So Yong",)),
    "001": (None, ()),  # the report names no outlet, so no source is guessed
    "002": ("Daily NK", ("Seulkee Jang",)),
    # the translator (Leejin Jun) is not an author
    "003": ("RFA", ("Myungchul Lee", "Eugene Whong")),
}

FURNITURE = {
    "000": [
        "A screenshot of explanatory materials for the insurance scheme that Daily NK obtained last year. / Image: Daily NK",
        "Please direct any comments or questions about this article to",
        "Read in Korean",
        "Jong So Yong is one of Daily NK's freelance reporters.",
    ],
    "001": [],
    "002": [
        "A construction site in Russia photographed in June 2019.",
        "/ Image: Daily NK",
        "Please direct any comments or questions about this article to",
        "Read in Korean",
        "Seulkee Jang is one of Daily NK's full-time journalists.",
    ],
    "003": [
        "Email story",
        "Comment on this story",
        "Print story",
        "North Korean workers at a fish processing plant in Hunchun, China",
        "AP Photo/Ng Han Guan",
        "Reported by Myungchul Lee",
        "Translated by Leejin Jun",
        "More Listening Options",
        "View Full Site",
    ],
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_source_and_authors(seed: str) -> None:
    report, _ = load(seed)
    assert (report.source, report.authors) == EXPECTED[seed]


def test_headline_first_lines_become_titles() -> None:
    assert (
        load("001")[0].title
        == "North Korea’s Ministry of Social Security recruits workers for Russia"
    )
    assert (
        load("003")[0].title == "North Koreans Increasingly Look For Work Abroad To Earn Higher Pay"
    )


def test_titles_built_from_the_lead_are_the_clause_a_reader_would_pick() -> None:
    # 000: the lead without "recently" and its purpose clause; 002: without "substantially",
    # cut after the quoted term (the words after it are a clause with a subject of its own)
    assert load("000")[0].title == (
        "The people’s committee of North Hamgyong Province convened an “emergency meeting”"
    )
    assert load("002")[0].title == "North Korean authorities have hiked the “party contributions”"


@pytest.mark.parametrize("seed", ["000", "002"])
def test_titles_built_from_the_lead_read_like_headlines(seed: str) -> None:
    report, text = load(seed)
    first_line = text.splitlines()[0]
    assert len(report.title) <= 90
    assert not report.title.endswith((".", ",", "…"))
    # built from the lead: its words come from the first sentence, in order
    words = report.title.split()
    assert first_line.startswith(words[0]) and all(w in first_line for w in words)
    assert "Image" not in report.title and "Daily NK" not in report.title


@pytest.mark.parametrize("seed", sorted(FURNITURE))
def test_no_furniture_left_in_body(seed: str) -> None:
    report, _ = load(seed)
    body = body_text(report)
    for line in FURNITURE[seed]:
        assert line not in body


@pytest.mark.parametrize("seed", sorted(FURNITURE))
def test_no_body_sentence_lost(seed: str) -> None:
    """Every line of the file that is not furniture or the title is in the body, word for word."""
    report, text = load(seed)
    body = " ".join(body_text(report).split())
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line or line == report.title or any(f in line for f in FURNITURE[seed]):
            continue
        if re.search(r"is one of Daily NK's", line):  # the bio line (furniture, with its tail)
            continue
        assert line in body, line


def test_repeated_standfirst_is_kept_once() -> None:
    report, _ = load("001")
    opening = "The recruitment drive is part of North Korea’s broader strategy to support Russia"
    assert body_text(report).count(opening) == 1


def test_subheads_become_headings() -> None:
    report, _ = load("003")
    headings = [b.text for b in report.body if b.kind == "heading"]
    assert headings == ["Proof of loyalty required", "Legally Illegal"]


def test_each_decision_is_explained() -> None:
    report, _ = load("003")
    why = "\n".join(report.explanations)
    assert "title: line 1 reads like a headline" in why
    assert "(photo-credit): AP Photo/Ng Han Guan" in why
    assert "source: RFA (byline)" in why
