"""The tag vocabulary: loading (with located errors), matching, suggestions and slugs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEED_DIR, TAXONOMY_FILE
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyze.tags import (
    _BREAK,
    Taxonomy,
    _tokens,
    load_taxonomy,
    match_tags,
    normalise_words,
    not_a_tag,
    reads_like_a_topic,
    slugify,
    suggest_tags,
)
from briefing.model import Severity, Tag

SEEDS = SEED_DIR

SMALL = """\
topics:
  - name: Labour export
    aliases: [overseas workers, labor export]
    keywords: [dispatched]
  - name: Social security and welfare
    aliases: [social insurance]
places:
  - name: Russia
    aliases: [russian, moscow]
  - North Korea
organisations:
  - name: Workers' Party of Korea
    aliases: [workers' party, wpk]
  - name: Ministry of Social Security
people:
  - name: Kim Jong Un
    aliases: [kim jong-un]
"""


def _loaded(tmp_path: Path, text: str) -> Taxonomy:
    path = tmp_path / "taxonomy.yml"
    path.write_text(text, encoding="utf-8")
    taxonomy, issues = load_taxonomy(path)
    assert issues == []
    return taxonomy


@pytest.fixture
def small(tmp_path: Path) -> Taxonomy:
    return _loaded(tmp_path, SMALL)


def names(tags: tuple[Tag, ...]) -> list[str]:
    return [tag.name for tag in tags]


# --- slugs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Workers' Party", "workers-party"),
        ("Workers’ Party of Korea", "workers-party-of-korea"),
        ("North Korea–Russia relations", "north-korea-russia-relations"),
        ("Société Générale", "societe-generale"),
        ("../../etc/passwd", "etc-passwd"),
        ("  Sanctions  ", "sanctions"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize("name", ["", "!!!", "北朝鮮", "..", "/"])
def test_slug_is_never_empty_or_a_path(name: str) -> None:
    slug = slugify(name)
    assert slug and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert "/" not in slug and ".." not in slug


def test_distinct_non_ascii_names_get_distinct_slugs() -> None:
    assert slugify("北朝鮮") != slugify("朝鮮労働党")


# --- normalisation and matching --------------------------------------------------------------


def test_word_forms_fold_case_apostrophes_plurals_and_accents() -> None:
    assert normalise_words("Workers’ Party") == normalise_words("workers party")
    assert normalise_words("the worker's parties") == normalise_words("The Workers' Party")
    assert normalise_words("Juárez") == ["juarez"]
    assert normalise_words("U.S. sanctions") == ["united", "state", "sanction"]


def test_aliases_match_in_any_written_form(small: Taxonomy) -> None:
    text = "Members of the WORKERS’ PARTY met Kim Jong-un. Overseas workers were dispatched."
    tags = names(match_tags(small, "", text))
    assert "Workers' Party of Korea" in tags
    assert "Kim Jong Un" in tags
    assert "Labour export" in tags  # alias + keyword in one sentence: capped at 1


def test_entry_name_is_itself_an_alias(small: Taxonomy) -> None:
    tags = match_tags(small, "", "North Korea said so. North Korea said it again.")
    assert names(tags) == ["North Korea"]
    assert tags[0] == Tag(name="North Korea", slug="north-korea", kind="place")


def test_longest_alias_wins_so_a_ministry_is_not_a_welfare_topic(small: Taxonomy) -> None:
    text = "The Ministry of Social Security recruited guards. The Ministry of Social Security denied it."
    tags = names(match_tags(small, "", text))
    assert tags == ["Ministry of Social Security"]


def test_keyword_alone_is_not_enough(small: Taxonomy) -> None:
    assert names(match_tags(small, "", "Two teams were dispatched.")) == []


HINTS = """\
topics:
  - name: Markets and prices
    aliases: [market prices]
    keywords: [market, prices, traders]
    min_score: 1.5
  - name: War in Ukraine
    aliases: [war in ukraine]
    keywords: [ukraine, occupied territories]
places:
  - name: Middle East
    keywords: [syria, iran]
"""


@pytest.fixture
def hints(tmp_path: Path) -> Taxonomy:
    return _loaded(tmp_path, HINTS)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # 0.5 a sentence, 1.5 in all: a tech story was "Markets and prices"
        ("", "The phone market grew. Nintendo leads the market. Sony enters the market next year."),
        # in the title a keyword counts double, 1.0 + 0.5: still one keyword, not a war
        ("Ukraine revisits state sell-offs", "Ukraine will review the sales."),
    ],
)
def test_one_keyword_however_often_is_no_topic(hints: Taxonomy, title: str, text: str) -> None:
    """One keyword repeated never says in which sense it is used."""
    assert names(match_tags(hints, title, text)) == []


def test_different_keywords_or_an_alias_make_a_topic(hints: Taxonomy) -> None:
    text = "The market opened early. Prices rose. Traders complained."  # three keywords: 1.5
    assert names(match_tags(hints, "", text)) == ["Markets and prices"]
    text = "Market prices rose. The market was busy."  # an alias and a keyword: 1.5
    assert names(match_tags(hints, "", text)) == ["Markets and prices"]


def test_one_place_keyword_is_enough_for_its_region(hints: Taxonomy) -> None:
    """A place's keywords are places within it: Iran in four sentences is the Middle East."""
    text = "Iran voted. Iran's budget grew. Iran sold oil. Iran spent more."
    assert names(match_tags(hints, "", text)) == ["Middle East"]


def test_lower_case_abbreviations_in_the_vocabulary_match_as_news_writes_them(
    tmp_path: Path,
) -> None:
    """Text reads "US" as "united states" (the pronoun "us" stays itself); the shipped aliases
    "us dollars" and "un resolution" were read as written and never matched anything."""
    path = tmp_path / "taxonomy.yml"
    path.write_text(
        "topics:\n  - name: Foreign currency\n    aliases: [us dollars]\n"
        "  - name: Sanctions\n    aliases: [un resolution]\n",
        encoding="utf-8",
    )
    taxonomy, _ = load_taxonomy(path)
    text = "Traders hoard US dollars. A second UN resolution was drafted."
    assert names(match_tags(taxonomy, "", text)) == ["Foreign currency", "Sanctions"]
    assert names(match_tags(taxonomy, "", "they hoard us dollars.")) == ["Foreign currency"]
    entry = taxonomy.entry_named("US dollars")  # a front-matter tag
    assert entry is not None and entry.name == "Foreign currency"
    # written with dots, the last one ends no sentence and the phrase still matches
    dotted = "Traders hoard U.S. dollars. A second U.N. resolution was drafted."
    assert names(match_tags(taxonomy, "", dotted)) == ["Foreign currency", "Sanctions"]


def test_an_initialism_s_last_dot_ends_no_sentence() -> None:
    """ "the total U.S. population, … 3 million Americans" is one sentence, so it is one
    mention of the United States (each sentence adds at most one), not two."""
    words = _tokens("The U.S. population rose at 9 a.m. on Monday. Prices fell.")
    assert words.count(_BREAK) == 1  # after "Monday." (the text's last dot ends nothing)
    assert words[words.index(_BREAK) - 1] == "monday"
    assert words[:4] == ["the", "united", "state", "population"]


SENSES = """\
topics:
  - name: Social security and welfare
    aliases: [welfare, pensions]
    other_senses: [animal welfare]
places:
  - name: United States
    aliases: [american, americans]
    other_senses: [latin american, south american]
"""


@pytest.fixture
def senses(tmp_path: Path) -> Taxonomy:
    path = tmp_path / "taxonomy.yml"
    path.write_text(SENSES, encoding="utf-8")
    taxonomy, issues = load_taxonomy(path)
    assert issues == []  # other_senses is a known field
    return taxonomy


@pytest.mark.parametrize(
    "text",
    [
        "MPs debated the animal welfare bill. Animal welfare groups wrote to them.",
        "Latin American leaders met. South American markets rose.",
    ],
)
def test_an_alias_inside_one_of_its_other_senses_counts_for_nothing(
    senses: Taxonomy, text: str
) -> None:
    """An angling story was "Social security and welfare" for its "animal welfare"."""
    assert names(match_tags(senses, "", text)) == []


def test_the_alias_outside_its_other_senses_still_counts(senses: Taxonomy) -> None:
    text = "Animal welfare groups marched. Welfare payments were cut. Americans voted."
    assert names(match_tags(senses, "", text)) == ["Social security and welfare"]
    text = "Latin American and American diplomats met. Americans voted."
    assert names(match_tags(senses, "", text)) == ["United States"]


def test_an_other_sense_may_still_be_suggested_as_a_tag(senses: Taxonomy) -> None:
    counts = {"animal welfare": 4, "welfare": 3}
    assert [s.phrase for s in suggest_tags(senses, counts)] == ["animal welfare"]


def test_place_named_once_in_passing_is_not_a_tag(small: Taxonomy) -> None:
    text = "Workers in Siberia complained. A few were later sent to Moscow."
    assert "Russia" not in names(match_tags(small, "", text))
    text2 = "Moscow agreed. Russian officials signed the deal."
    assert "Russia" in names(match_tags(small, "", text2))


def test_one_sentence_listing_a_place_many_times_counts_once(small: Taxonomy) -> None:
    text = "Russia, Russian firms and Moscow banks were named."
    assert "Russia" not in names(match_tags(small, "", text))


def test_title_mention_counts_double(small: Taxonomy) -> None:
    assert "Russia" in names(match_tags(small, "Workers head to Russia", "They left."))


def test_order_is_relevance_then_name(small: Taxonomy) -> None:
    text = (
        "Overseas workers went to Moscow. Overseas workers paid the WPK. "
        "Russian firms hired overseas workers. Social insurance was promised."
    )
    tags = names(match_tags(small, "", text))
    # Labour export 3, Russia 2, then the two single mentions by name
    assert tags == [
        "Labour export",
        "Russia",
        "Social security and welfare",
        "Workers' Party of Korea",
    ]


def test_matching_is_deterministic(small: Taxonomy) -> None:
    text = "Russia. Moscow. Overseas workers. Social insurance. WPK."
    assert len({match_tags(small, "", text) for _ in range(5)}) == 1


# --- loading ---------------------------------------------------------------------------------


def test_malformed_yaml_is_an_issue_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yml"
    path.write_text("topics:\n  - name: Sanctions\n    aliases: [sanctions\n", encoding="utf-8")
    taxonomy, issues = load_taxonomy(path)
    assert taxonomy.entries == ()
    assert len(issues) == 1
    issue = issues[0]
    assert issue.severity is Severity.ERROR
    assert issue.path == path.as_posix()
    assert issue.line is not None and issue.line >= 3
    assert issue.column is not None
    assert "YAML" in issue.message and "fix" in issue.message
    assert str(issue).startswith(f"{path.as_posix()}:{issue.line}:")


def test_structural_problems_are_reported_and_good_entries_kept(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yml"
    path.write_text(
        "topics:\n"
        "  - name: Sanctions\n"
        "  - aliases: [no name here]\n"  # line 3: missing name
        "  - name: Markets\n"
        "    aliases: 12\n"  # line 5: not a list → taken as one alias "12"
        "    colour: red\n"  # line 6: unknown field (warning)
        "regions:\n"  # line 7: unknown section
        "  - Asia\n",
        encoding="utf-8",
    )
    taxonomy, issues = load_taxonomy(path)
    assert [e.name for e in taxonomy.entries] == ["Sanctions", "Markets"]
    by_line = {issue.line: issue for issue in issues}
    assert "no 'name:'" in by_line[3].message
    assert by_line[6].severity is Severity.WARNING and "colour" in by_line[6].message
    assert "unknown section 'regions'" in by_line[7].message


def test_keys_that_are_lists_or_mappings_are_named_not_a_crash(tmp_path: Path) -> None:
    """YAML allows any node as a key ("? [topics]"); such a key raised TypeError and stopped
    every build."""
    path = tmp_path / "taxonomy.yml"
    path.write_text(
        "? [topics]\n"  # line 1: a list as a section name
        ": []\n"
        "places:\n"
        "  - name: Russia\n"
        "    ? [aliases]\n"  # line 5: a list as a field name
        "    : [Moscow]\n"
        "  - China\n",
        encoding="utf-8",
    )
    taxonomy, issues = load_taxonomy(path)
    assert [e.name for e in taxonomy.entries] == ["Russia", "China"]
    assert [(i.line, i.severity, i.message) for i in issues] == [
        (1, Severity.ERROR, "a section name must be a plain word such as 'topics:'"),
        (5, Severity.ERROR, "a place entry's fields are plain words such as 'name:'"),
    ]


def test_duplicate_slug_is_an_issue(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yml"
    path.write_text("places:\n  - Russia\n  - name: russia\n", encoding="utf-8")
    taxonomy, issues = load_taxonomy(path)
    assert len(taxonomy.entries) == 1
    assert issues[0].line == 3 and "same slug" in issues[0].message


def test_a_phrase_in_two_entries_is_a_warning_naming_both(tmp_path: Path) -> None:
    """An alias added to the wrong entry tagged every report that mentions it twice over, and
    check said nothing."""
    path = tmp_path / "taxonomy.yml"
    path.write_text(
        "topics:\n  - name: Sanctions\n    aliases: [sanctions regime]\n"
        "places:\n  - name: Ryanggang Province\n    aliases: [ryanggang, hyesan]\n"
        "  - name: Mongolia\n    aliases: [mongolian, Hyesan, sanction]\n",
        encoding="utf-8",
    )
    taxonomy, issues = load_taxonomy(path, shown_as="taxonomy.yml")
    assert len(taxonomy.entries) == 3  # still loaded: a warning, not an error
    assert [(i.severity, i.line, i.column) for i in issues] == [
        (Severity.WARNING, 8, 26),
        (Severity.WARNING, 8, 34),
    ]
    assert issues[0].message.startswith(
        "'Hyesan' (Mongolia) is also a name or alias of 'Ryanggang Province' (line 6)"
    )
    assert "'sanction' (Mongolia) is also a name or alias of 'Sanctions' (line 2)" in (
        issues[1].message
    )


@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a\n- b\n", "just text", "[1, 2"])
def test_any_content_gives_a_taxonomy_and_no_exception(tmp_path: Path, text: str) -> None:
    path = tmp_path / "taxonomy.yml"
    path.write_text(text, encoding="utf-8")
    taxonomy, issues = load_taxonomy(path)
    assert isinstance(taxonomy, Taxonomy)
    assert all(issue.path == path.as_posix() for issue in issues)


def test_missing_file_is_a_warning(tmp_path: Path) -> None:
    taxonomy, issues = load_taxonomy(tmp_path / "nope.yml")
    assert taxonomy.entries == ()
    assert [i.severity for i in issues] == [Severity.WARNING]


def test_binary_file_is_an_issue(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yml"
    path.write_bytes(b"\xff\xfe\x00\x00garbage\x80")
    taxonomy, issues = load_taxonomy(path)
    assert taxonomy.entries == () and issues and issues[0].severity is Severity.ERROR


# --- suggestions -----------------------------------------------------------------------------


def test_suggest_tags_lists_frequent_uncovered_keyphrases(small: Taxonomy) -> None:
    counts = {
        "blueberries": 4,
        "Blueberry": 1,  # pooled with "blueberries"
        "overseas workers": 9,  # an alias already
        "Russian": 7,  # an alias already
        "North Korean loggers": 3,  # "korean" is not the alias "korea": uncovered
        "logging": 1,  # too rare
        "Workers' Party": 5,  # alias, written differently
    }
    suggestions = suggest_tags(small, counts)
    assert [(s.phrase, s.reports) for s in suggestions] == [
        ("blueberries", 5),
        ("North Korean loggers", 3),
    ]
    assert suggestions[0].slug == "blueberries"


def test_keyphrases_in_most_reports_are_not_suggested_once_there_are_enough_reports(
    small: Taxonomy,
) -> None:
    counts = {"source": 31, "fertiliser": 20, "blueberries": 4}
    suggested = [s.phrase for s in suggest_tags(small, counts, total_reports=40)]
    assert suggested == ["fertiliser", "blueberries"]  # 20 of 40 is half, not more
    # with few reports a share says little: everything frequent is still suggested
    few = [s.phrase for s in suggest_tags(small, {"source": 12, "fertiliser": 3}, total_reports=19)]
    assert few == ["source", "fertiliser"]


@pytest.mark.parametrize(
    ("phrase", "texts", "expected"),
    [
        ("measures", ["Officials announced the measures on Monday."], True),
        ("deliveries", ["Traders waited for coal deliveries."], True),
        ("linked", ["The measures are linked to the harvest."], False),
        ("acknowledged", ["An official acknowledged the delays."], False),
        ("presidential", ["The presidential race began in the spring."], False),  # a modifier
        ("race", ["The presidential race began in the spring."], False),  # one word too many
        ("race", ["Voters watched the race, then voted."], True),
        ("Ryonghung", ["Ryonghung acknowledged nothing."], True),  # a name
        ("coal deliveries", ["Deliveries were late."], True),  # a phrase
        ("million", ["Traders lost a million won."], False),  # an amount, not a topic
        # used as a noun in one report of eleven: under a tenth
        ("change", ["The change was fast."] + ["Prices change daily."] * 10, False),
        ("change", ["The change was fast."] + ["Prices change daily."] * 9, True),
    ],
)
def test_a_suggestion_must_read_like_a_topic(phrase: str, texts: list[str], expected: bool) -> None:
    assert reads_like_a_topic(phrase, texts) is expected


@pytest.mark.parametrize(
    ("phrase", "texts", "expected"),
    [
        # the people every report speaks through or about: nouns, but no curator's tag
        ("source", ["A source told Daily NK.", "The source said prices rose."], "everyday people"),
        ("authorities", ["The authorities fined traders."], "everyday people"),
        # capitalised only at the head of sentences: a word, not a name
        ("Residents", ["Residents say rice ran out. Residents complained."], "everyday people"),
        # "residents say": a subject, so a noun (it was judged "not a noun" before)
        ("traders", ["Traders say rice ran out.", "Traders who hid grain were fined."], None),
        # an adjective coordinated with another modifier is no noun
        ("provincial", ["Officials at the provincial and city level met."], "not a noun"),
        ("provincial", ["It spread to the provincial, city, and county levels."], "not a noun"),
        ("measures", ["Officials lifted the measures, sanctions and tariffs."], None),
        # a capitalised word the reports write inside longer names is not a tag on its own
        (
            "Ministry",
            ["The Ministry of State Security arrested him.", "Ministry of Social Security staff"],
            "name part",
        ),
        ("Korea", ["Workers left North Korea in May."], "name part"),
        ("Hyesan", ["Traders in Hyesan sold rice. Hyesan Youth Park was closed."], None),
        ("Pyongyang", ["Officials in Pyongyang met."], None),
        # days and months are capitalised like names, but say when, not what about
        ("Wednesday", ["Police said on Wednesday that the talks failed."], "amount or time"),
        ("October", ["Rice rose in October. Prices fell after October."], "amount or time"),
        ("May", ["Theresa May met May and her aides."], None),  # as often a person
        # business news: a period of its accounts, and who it speaks through and about
        ("quarter", ["Sales fell in the quarter."], "amount or time"),
        ("company", ["The company said profits rose."], "everyday people"),
        ("economists", ["Economists say growth will slow."], "everyday people"),
    ],
)
def test_what_a_curator_would_not_add(phrase: str, texts: list[str], expected: str | None) -> None:
    assert not_a_tag(phrase, texts) == expected


def test_suggestions_skip_what_is_not_a_topic_and_still_fill_the_list(small: Taxonomy) -> None:
    counts = {"linked": 9, "fertiliser": 5, "firewood": 4, "timetables": 3}
    asked: list[str] = []

    def is_topic(phrase: str) -> bool:
        asked.append(phrase)
        return phrase != "linked"

    suggested = suggest_tags(small, counts, limit=2, is_topic=is_topic)
    assert [s.phrase for s in suggested] == ["fertiliser", "firewood"]
    assert asked == ["linked", "fertiliser", "firewood"]  # not "timetables": the list was full


# --- the shipped vocabulary on the four seeds -----------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Taxonomy:
    taxonomy, issues = load_taxonomy(TAXONOMY_FILE)
    assert issues == []
    return taxonomy


def test_shipped_vocabulary_covers_the_domain(shipped: Taxonomy) -> None:
    kinds = {(e.kind, e.name) for e in shipped.entries}
    for topic in (
        "Labour export",
        "Party finances",
        "Social security and welfare",
        "Markets and prices",
        "Surveillance and control",
        "Sanctions",
    ):
        assert ("topic", topic) in kinds
    for place in (
        "North Korea",
        "Russia",
        "China",
        "North Hamgyong Province",
        "Ryanggang Province",
    ):
        assert ("place", place) in kinds
    assert ("organisation", "Workers' Party of Korea") in kinds
    assert ("organisation", "Ministry of Social Security") in kinds


def _seed_tags(shipped: Taxonomy, name: str) -> list[str]:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return names(match_tags(shipped, "", text))


@pytest.mark.parametrize(
    ("seed", "expected", "wrong"),
    [
        (  # educators pressed to join the social insurance scheme in North Hamgyong
            "000",
            {
                "Social security and welfare",
                "Education",
                "North Hamgyong Province",
                "North Korea",
                "People's committees",
                "Legislation",
            },
            {"Labour export", "Russia", "Sanctions", "Party finances"},
        ),
        (  # the Ministry of Social Security recruits workers for Russia's occupied Donbas
            "001",
            {
                "Labour export",
                "Russia",
                "North Korea",
                "Ministry of Social Security",
                "War in Ukraine",
                "Kim Jong Un",
                "Vladimir Putin",
                "Sanctions",
            },
            {"Social security and welfare", "Party finances"},
        ),
        (  # party contributions of North Korean workers in Russia raised 30–55 %
            "002",
            {"Labour export", "Party finances", "Russia", "North Korea", "Foreign currency"},
            {"Social security and welfare", "Mongolia", "Middle East"},
        ),
        (  # Pyongyang residents seek work in China and Russia despite UN sanctions
            "003",
            {
                "Labour export",
                "Sanctions",
                "North Korea",
                "Pyongyang",
                "China",
                "Russia",
                "Bribery and corruption",
                "Kim Jong Un",
                "United Nations",
                "Workers' Party of Korea",
            },
            {"Party finances", "Social security and welfare"},
        ),
    ],
)
def test_seed_tags(shipped: Taxonomy, seed: str, expected: set[str], wrong: set[str]) -> None:
    tags = _seed_tags(shipped, seed)
    assert expected <= set(tags), f"missing {expected - set(tags)} from {tags}"
    assert not wrong & set(tags), f"unexpected {wrong & set(tags)} in {tags}"


def test_seed_002_leads_with_its_subject(shipped: Taxonomy) -> None:
    tags = _seed_tags(shipped, "002")
    assert "Party finances" in tags[:2]


@pytest.mark.parametrize(
    ("text", "not_meant"),
    [
        ("Di Maria was left out of the starting XI on Sunday.", "Xi Jinping"),
        ("He chairs the all-party committee on Lords reform.", "Workers' Party of Korea"),
        (
            "MPs published the animal welfare bill. Animal welfare groups welcomed it.",
            "Social security and welfare",
        ),
        (
            "Latin American leaders met. South American exports rose. Central American ones fell.",
            "United States",
        ),
        ("She collects fine china. Her bone china sold for a fortune.", "China"),
        (
            "He is a partner at the law firm. Nobody said he had broken the law.",
            "Legislation",
        ),
    ],
)
def test_shipped_vocabulary_leaves_other_senses_of_its_aliases(
    shipped: Taxonomy, text: str, not_meant: str
) -> None:
    """Seen on general news: football's "starting XI" was Xi Jinping, a Westminster
    "all-party committee" the Workers' Party of Korea, an angling bill's "animal welfare"
    social security, "Latin American" countries the United States."""
    assert not_meant not in names(match_tags(shipped, "", text))


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("President Xi met Kim Jong Un.", "Xi Jinping"),
        ("The provincial party committee met.", "Workers' Party of Korea"),
        ("Welfare payments were cut. Pensions were frozen.", "Social security and welfare"),
        ("American officials said so. Americans voted.", "United States"),
        ("A new law was adopted. The law takes effect in May.", "Legislation"),
    ],
)
def test_shipped_aliases_outside_those_senses_still_tag(
    shipped: Taxonomy, text: str, meant: str
) -> None:
    assert meant in names(match_tags(shipped, "", text))


def test_shipped_vocabulary_reads_a_currency_unit_as_a_hint(shipped: Taxonomy) -> None:
    """A Chinese firm's results in yuan were "Foreign currency": a unit is only a hint, as
    "dollars" already was; with another hint or an alias it still counts."""
    text = "Net income rose to 3bn yuan from 1.4bn yuan. Sales reached 6.2bn yuan."
    assert "Foreign currency" not in names(match_tags(shipped, "", text))
    text = "Rice now costs 8 yuan. Traders want dollars. Workers are paid in yuan."
    assert "Foreign currency" in names(match_tags(shipped, "", text))


# --- properties ------------------------------------------------------------------------------


@settings(deadline=None)
@given(st.text(max_size=80))
def test_any_name_gives_a_url_safe_slug(name: str) -> None:
    slug = slugify(name)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert len(slug) <= 80


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_file_content_loads_without_raising(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("tax") / "taxonomy.yml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    taxonomy, issues = load_taxonomy(path)
    assert isinstance(taxonomy, Taxonomy)
    assert all(isinstance(issue.message, str) and issue.message for issue in issues)


_SHIPPED, _ = load_taxonomy(TAXONOMY_FILE)


@settings(deadline=None)
@given(st.text(max_size=400), st.text(max_size=60))
def test_matching_any_text_returns_known_tags(text: str, title: str) -> None:
    taxonomy = _SHIPPED
    known = {entry.tag for entry in taxonomy.entries}
    tags = match_tags(taxonomy, title, text)
    assert set(tags) <= known and len(set(tags)) == len(tags)


def test_fingerprint_follows_content_not_formatting(tmp_path: Path) -> None:
    one, two, three = (tmp_path / f"{n}.yml" for n in ("one", "two", "three"))
    one.write_text("places:\n  - name: Russia\n    aliases: [moscow]\n", encoding="utf-8")
    two.write_text("# comment\nplaces:\n- {name: Russia, aliases: [moscow]}\n", encoding="utf-8")
    three.write_text(
        "places:\n  - name: Russia\n    aliases: [moscow, kremlin]\n", encoding="utf-8"
    )
    prints = [load_taxonomy(path)[0].fingerprint for path in (one, two, three)]
    assert prints[0] == prints[1] != prints[2]
