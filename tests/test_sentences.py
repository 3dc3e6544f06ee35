"""Sentence splitting on text written for these tests."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.analyze.sentences import split_sentences


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "The delegation left on Jan. 5 for Beijing. It returned a week later.",
            ["The delegation left on Jan. 5 for Beijing.", "It returned a week later."],
        ),
        (
            "Trade with the U.S. fell sharply. Officials blamed the sanctions.",
            ["Trade with the U.S. fell sharply.", "Officials blamed the sanctions."],
        ),
        (
            "Factory No. 2 stopped work. Workers went home.",
            ["Factory No. 2 stopped work.", "Workers went home."],
        ),
        (
            "Rice cost 3.5 times more than in 2019. Wages stayed flat.",
            ["Rice cost 3.5 times more than in 2019.", "Wages stayed flat."],
        ),
        (
            'A trader said: "Prices are up. Nobody can buy." The market closed early.',
            ['A trader said: "Prices are up.', 'Nobody can buy."', "The market closed early."],
        ),
        (
            "They waited... and waited. Then the train came.",
            ["They waited... and waited.", "Then the train came."],
        ),
        (
            "Dr. Kim met Mr. Lee at 5 p.m. Monday. They spoke for an hour.",
            ["Dr. Kim met Mr. Lee at 5 p.m. Monday.", "They spoke for an hour."],
        ),
        (
            "The meeting ended at 9 p.m. The guards then left.",
            ["The meeting ended at 9 p.m.", "The guards then left."],
        ),
        (
            "See Vol. 3 of the report. It lists every site.",
            ["See Vol. 3 of the report.", "It lists every site."],
        ),
        ("Is it true? Nobody knows!", ["Is it true?", "Nobody knows!"]),
        ("One sentence without a full stop", ["One sentence without a full stop"]),
    ],
)
def test_split(paragraph: str, expected: list[str]) -> None:
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize("blank", ["", "   ", "\n\t "])
def test_blank_paragraph_has_no_sentences(blank: str) -> None:
    assert split_sentences(blank) == []


def test_sentences_are_stripped_slices_of_the_paragraph() -> None:
    paragraph = "  First one here.   Second one, with 2.5 kg.  Third?  "
    sentences = split_sentences(paragraph)
    assert sentences == ["First one here.", "Second one, with 2.5 kg.", "Third?"]
    assert all(s == s.strip() and s in paragraph for s in sentences)


_ALPHABET = st.sampled_from([*list("abcXYZ .!?\"'12 ,\n"), "Mr.", "U.S.", "No. ", "…", "“"])


@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_no_character_is_lost_or_changed(paragraph: str) -> None:
    sentences = split_sentences(paragraph)
    assert re.sub(r"\s+", "", "".join(sentences)) == re.sub(r"\s+", "", paragraph)
    assert all(s and s == s.strip() for s in sentences)
