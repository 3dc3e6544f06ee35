"""Cutting sentences for display (titles, descriptions): expected values worked out by hand."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing.text import shorten_prose


def test_text_that_fits_is_returned_whole() -> None:
    assert shorten_prose("Rice prices rise in Hyesan", 40) == "Rice prices rise in Hyesan"


def test_a_cut_never_ends_on_a_word_that_needs_more() -> None:
    # a plain cut gives "Workers were sent to the…"
    assert shorten_prose("Workers were sent to the occupied territories in the east", 30) == (
        "Workers were sent…"
    )


def test_a_common_noun_s_possessive_needs_more_but_a_name_s_does_not() -> None:
    text = "Many residents have left the country’s northern border towns"
    assert shorten_prose(text, 40) == "Many residents have left…"
    # "Rolling Stone's" is a name: dropping the possessive would cut the name in two
    text = "A student was named by Rolling Stone's magazine editors"
    assert shorten_prose(text, 40) == "A student was named by Rolling Stone's…"


def test_a_cut_never_ends_inside_a_quotation_just_opened() -> None:
    text = "Officials said the plan was “a necessary step for the whole nation”"
    assert shorten_prose(text, 50) == "Officials said the plan…"


@given(st.text(alphabet=st.sampled_from("ab’s “” ,.-"), max_size=300), st.integers(10, 200))
def test_the_result_always_fits(text: str, limit: int) -> None:
    assert len(shorten_prose(text, limit)) <= limit
