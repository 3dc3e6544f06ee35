"""Cutting sentences for display (titles, descriptions): expected values worked out by hand."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.text import clean_text, decode_entities, quote_left_open, shorten_prose, slugify


def test_text_that_fits_is_returned_whole() -> None:
    assert shorten_prose("Rice prices rise in Hyesan", 40) == "Rice prices rise in Hyesan"


def test_a_cut_never_ends_on_a_word_that_needs_more() -> None:
    # a plain cut gives "Workers were sent to the…"
    assert shorten_prose("Workers were sent to the occupied territories in the east", 30) == (
        "Workers were sent…"
    )


def test_a_focus_word_needs_more_but_a_negation_is_never_dropped() -> None:
    # "…sent to the camp only…" promises the rest; "…did not…" must keep its "not"
    text = "Two traders were sent to the camp only to be released a week later"
    assert shorten_prose(text, 40) == "Two traders were sent to the camp…"
    text = "The ministry did not say how many workers had been sent"
    assert shorten_prose(text, 22) == "The ministry did not…"


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


def test_titles_in_scripts_without_ascii_get_distinct_stable_slugs() -> None:
    """They all became "report", "report-2", …, numbered in seed order, so a page's address
    moved whenever a report with an earlier name came or went; front-matter tags such as
    "경제" and "정치" shared one page."""
    economy, politics = slugify("북한 경제 동향"), slugify("북한 정치 동향")
    assert re.fullmatch(r"report-[0-9a-f]{10}", economy) and economy != politics
    assert slugify("북한 경제 동향") == economy
    assert re.fullmatch(r"tag-[0-9a-f]{10}", slugify("경제", prefix="tag"))
    from briefing.analyze.pipeline import _front_matter_tag
    from briefing.analyze.tags import Taxonomy

    assert _front_matter_tag(Taxonomy(), "경제").slug != _front_matter_tag(Taxonomy(), "정치").slug
    # every other text keeps the slug it always had: slugs are addresses
    assert slugify("Kim Jong Un (김정은) visits Moscow") == "kim-jong-un-visits-moscow"
    assert slugify("Korea—Russia talks") == "korearussia-talks"
    assert slugify("Sinŭiju market") == "sinuiju-market"
    # nothing to spell at all: a hash too, so "🎉" and "★" tags do not share a page
    assert re.fullmatch(r"tag-[0-9a-f]{10}", slugify("🎉", prefix="tag"))
    assert slugify("🎉", prefix="tag") != slugify("★", prefix="tag")
    assert slugify("") == "report" and slugify("  ") == "report"


def test_a_sentence_too_long_only_by_its_attribution_loses_the_attribution_whole() -> None:
    """ "…state coffers, Daily NK…" named a speaker without the verb (seed 002's description)."""
    sentence = (
        "North Korean authorities have substantially hiked the “party contributions” North "
        "Korean workers in Russia must contribute to state coffers, Daily NK has learned."
    )
    assert shorten_prose(sentence, 160) == sentence[: sentence.index(", Daily")] + "…"
    # when even the sentence before the attribution is too long, it is cut at a word as before
    long = "Prices rose " + "again and " * 20 + "again, traders said."
    assert shorten_prose(long, 160).endswith("again…") and "traders" not in shorten_prose(long, 160)
    # a comma that opens no attribution is not a place to stop
    told = (
        "Prices in Hyesan and Musan rose sharply this month because of the crackdown on "
        "smuggling, a source told Daily NK."
    )
    assert shorten_prose(told, 100) == told[: told.index(", a source")] + "…"
    # …also when the attribution says when or how it was said
    for when in (" on Monday", " last week", " in a statement", " yesterday"):
        dated = told.replace("Daily NK.", f"Daily NK{when}.")
        assert shorten_prose(dated, 100) == told[: told.index(", a source")] + "…", when
        said = told.replace("a source told Daily NK.", f"traders said{when}.")
        assert shorten_prose(said, 100) == told[: told.index(", a source")] + "…", when
    # "reports" after "despite" is a noun: no attribution, so a word cut as before
    # "told" and "reports" only with a name: an ordinary clause is not an attribution
    indoors = "Typhoid fever broke out in three districts of Hyesan, and residents were told to stay indoors."
    assert "residents were told" in shorten_prose(indoors, 90)
    nk_news = "Prices of imported Chinese goods in the markets of Sinuiju have risen sharply, NK News reports."
    assert shorten_prose(nk_news, 90) == nk_news[: nk_news.index(", NK News")] + "…"
    despite = (
        "The talks between the two delegations went on for most of the week in the border "
        "city and then collapsed on Friday, despite earlier reports."
    )
    assert "despite" in shorten_prose(despite, len(despite) - 5)
    listing = "Rice, maize, soybeans and " + "wheat flour from China " * 8 + "were sold, at last."
    assert shorten_prose(listing, 160).startswith("Rice, maize, soybeans and wheat flour")


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Kim&#39;s caf&#233; &amp; the &quot;jangmadang&quot;", 'Kim\'s café & the "jangmadang"'),
        ("&#x2019; &#8230; &mdash; &pound;5", "’ … — £5"),
        ("&#150; in a Windows-1252 page", "– in a Windows-1252 page"),
        # escaped twice over: decoded in one pass, so reading the result again changes nothing
        ("Kim&amp;#39;s and &amp;amp;lt;b&amp;amp;gt;", "Kim's and <b>"),
        # not references: no semicolon, or no such name
        (
            "AT&T, D&G, ?a=1&para=2, &copy 2024, &notaname;",
            "AT&T, D&G, ?a=1&para=2, &copy 2024, &notaname;",
        ),
        ("&amp;notaname;", "&notaname;"),
        # a line break or a reference to no character does not break or mark the line
        ("one&#10;line&#0;&#xD800;", "one line"),
        ("one&#x2028;line&#x2029;too&#133;", "one line too…"),  # 133: cp1252 "…"
    ],
)
def test_html_character_references_are_read_as_characters(written: str, read: str) -> None:
    decoded, _ = decode_entities(written)
    assert decoded == read
    assert decode_entities(decoded)[0] == decoded  # idempotent


def test_decoded_references_are_counted() -> None:
    assert decode_entities("no references & no semicolons") == ("no references & no semicolons", 0)
    assert decode_entities("&amp;notaname; &notaname; &#39;")[1] == 2


@pytest.mark.parametrize(
    ("text", "left_open"),
    [
        ("in a 'disgusting", True),
        ("in a ‘disgusting", True),
        ('he said "we', True),
        ("he said “we", True),
        ("in a 'disgusting, violent attack' because", False),
        ("Korea's workers' pay", False),  # apostrophes, not quotation marks
        ("'Bones' star", False),
        ("rock 'n' roll", False),
    ],
)
def test_a_quotation_left_open_is_found(text: str, left_open: bool) -> None:
    assert quote_left_open(text) is left_open


def test_text_from_a_pdf_or_a_word_processor_reads_as_typed() -> None:
    """A ligature ("ofﬁcials", one character) is two letters again, so search and tags find
    "officials"; a form feed (a new page) and a vertical tab (Word's manual line break) break
    the line instead of vanishing and gluing two words together."""
    assert clean_text("ofﬁcials \ufb02ed the eﬀort") == "officials fled the effort"
    assert clean_text("the end\x0cPage 2\x0bnext") == "the end\nPage 2\nnext"
