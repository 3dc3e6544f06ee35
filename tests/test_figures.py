"""Key figures on sentences written for these tests, plus the seeds."""

from __future__ import annotations

import pytest
from conftest import SEED_DIR

from briefing.analyze.figures import extract_figures
from briefing.model import Figure

SEEDS = SEED_DIR


def texts(figures: tuple[Figure, ...]) -> list[str]:
    return [f.text for f in figures]


@pytest.mark.parametrize(
    ("sentence", "text", "kind"),
    [
        ("The fee rose to USD 10,000 this year.", "USD 10,000", "money"),
        ("Cooks are paid $150 per month abroad.", "$150 per month", "money"),
        ("The scheme earns $500 million a year.", "$500 million a year", "money"),
        ("The club paid £3.5m for him.", "£3.5m", "money"),
        ("Exports earned 5.5bn won last year.", "5.5bn won", "money"),  # a scale run on
        ("She earns a $33,000-a-month salary.", "$33,000-a-month", "money"),
        ("The fund holds €20bn in bonds.", "€20bn", "money"),
        ("The startup raised $5B last year.", "$5B", "money"),  # a one-letter scale
        ("Coders earn $10K a month there.", "$10K a month", "money"),
        ("The debt reached $1.2T in March.", "$1.2T", "money"),
        ("The fund lost $5Bn in a year.", "$5Bn", "money"),
        ("The fund lost $5 Bn in a year.", "$5 Bn", "money"),
        ("The fund lost $5BN in a year.", "$5BN", "money"),
        ("A kilo of rice sells for 6,000 won in Hyesan.", "6,000 won", "money"),
        ("Brokers charge 500 yuan per head.", "500 yuan per head", "money"),
        ("Prices went up 30% in a week.", "30%", "percent"),
        ("Prices went up 55 per cent in a week.", "55 per cent", "percent"),
        ("Turnout fell 4 percentage points.", "4 percentage points", "percent"),
        (
            "An estimated 50,000 North Koreans work there.",
            "An estimated 50,000 North Koreans",
            "people",
        ),
        ("They sent about 200 workers in May.", "about 200 workers", "people"),
        (
            "Some 1,500 new construction workers arrived.",
            "Some 1,500 new construction workers",
            "people",
        ),
        ("Loggers must pick 150 kilograms of berries.", "150 kilograms", "count"),
    ],
)
def test_each_kind_is_found_as_written(sentence: str, text: str, kind: str) -> None:
    figures = extract_figures([sentence])
    assert figures, sentence
    assert (figures[0].text, figures[0].kind, figures[0].sentence) == (text, kind, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The meeting was held on Jan. 13 in room 4.",
        "In 2017 North Koreans were told to return.",  # a year, not a head count
        "The 13th Plenary Meeting of the 14th Standing Committee met.",
        "He lived at No. 2 for 30 years.",
        "He paid $45,00 for the permit.",  # a typo: no amount, rather than "$45"
        "Share it with #£147notjustanumber today.",  # a hashtag, not "£147"
        "Burnout 3 won six awards while Halo 2 won two.",  # games' names and a verb
        "Inflation reached 12,5% in May.",  # a number never starts inside another: not "5%"
        "",
    ],
)
def test_numbers_that_are_not_key_figures(sentence: str) -> None:
    assert extract_figures([sentence]) == ()


def test_ranges_give_both_ends() -> None:
    figures = extract_figures(["The levy was raised from USD 7,200 to USD 10,000."])
    assert set(texts(figures)) == {"USD 7,200", "USD 10,000"}


def test_a_sum_converted_in_brackets_is_one_figure() -> None:
    """ "$250,000 (£179,000)" is one sum; listed twice it pushes a story's other figure out."""
    figures = extract_figures(
        ["The court awarded $250,000 (£179,000) and profits rose 18%."], limit=2
    )
    assert texts(figures) == ["$250,000", "18%"]
    assert texts(extract_figures(["Traders paid 3 won for it."])) == ["3 won"]
    assert texts(extract_figures(["At 5 won a kilogram, rice was cheap."])) == ["5 won a kilogram"]
    # a sum in brackets that goes on is another sum
    assert set(texts(extract_figures(["It lent $5bn ($2bn from China) to the port."]))) == {
        "$5bn",
        "$2bn",
    }
    # a decimal is never cut at its point: "$1.2T" is not "$1"
    assert texts(extract_figures(["The plan costs $1.2T over ten years."])) == ["$1.2T"]


def test_money_outranks_a_head_count_in_the_same_sentence() -> None:
    figures = extract_figures(["About 300 workers were paid $90,000 in all."])
    assert texts(figures) == ["$90,000", "About 300 workers"]


def test_bigger_sums_come_first() -> None:
    figures = extract_figures(["A guard earns $40 a month while the firm made $2 million."])
    assert texts(figures) == ["$2 million", "$40 a month"]


def test_a_one_letter_scale_counts_only_glued_to_the_number() -> None:
    """ "$10K" is ten thousand dollars and outranks "$500"; "$3 K-pop" is three dollars."""
    assert texts(extract_figures(["He paid $500 first and $10K later."])) == ["$10K", "$500"]
    figures = extract_figures(["A $3 K-pop album sold next to a $400 phone."])
    assert texts(figures) == ["$400", "$3"]


def test_a_figure_from_the_lead_beats_the_same_kind_later() -> None:
    sentences = ["Some 400 workers left.", "Nothing.", "Nothing.", "Later 400 soldiers came."]
    assert texts(extract_figures(sentences)) == ["Some 400 workers", "400 soldiers"]


def test_repeated_figure_is_kept_once_with_its_first_sentence() -> None:
    sentences = ["Wages are $150 per month.", "Nothing here.", "Again: $150 per month, they said."]
    figures = extract_figures(sentences)
    assert texts(figures) == ["$150 per month"]
    assert figures[0].sentence == sentences[0]


def test_limit() -> None:
    sentences = [f"Item {i} cost ${i},000." for i in range(1, 9)]
    assert len(extract_figures(sentences, limit=3)) == 3
    assert extract_figures(sentences, limit=0) == ()


def test_deterministic() -> None:
    sentences = ["They paid $5 and $5.", "Then 20% and 20 per cent.", "Then 30 workers."]
    assert len({extract_figures(sentences) for _ in range(5)}) == 1


def _seed_sentences(name: str) -> list[str]:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seed_002_party_contributions() -> None:
    """The raise to USD 10,000 and the 30–55 % range are the story's figures."""
    figures = extract_figures(_seed_sentences("002"), limit=8)
    found = texts(figures)
    assert found[0] == "USD 10,000"
    for text in ("USD 7,200", "USD 4,500", "USD 7,000", "30%", "55%", "about 200 workers"):
        assert text in found
    kinds = {f.text: f.kind for f in figures}
    assert kinds["55%"] == "percent" and kinds["about 200 workers"] == "people"


def test_seed_003_pay_and_head_counts() -> None:
    figures = extract_figures(_seed_sentences("003"))
    assert set(texts(figures)) == {
        "$500 million per year",
        "an estimated 93,000 North Koreans",
        "$150 per month",
        "an estimated 50,000 North Koreans",
    }
    by_text = {f.text: f for f in figures}
    assert "Pyongyangers" not in by_text["$150 per month"].sentence
    assert by_text["$150 per month"].sentence.startswith("“The best jobs")


def test_seed_000_has_no_key_figures() -> None:
    """Dates and meeting numbers only: nothing a reader would underline as a figure."""
    assert extract_figures(_seed_sentences("000")) == ()


def test_a_month_earlier_is_when_not_how_often() -> None:
    """'Up from 5,400 won a month earlier' is last month's price, not 5,400 won a month."""
    sentence = "Rice sold for 6,200 won on Feb. 10, up from 5,400 won a month earlier."
    assert [f.text for f in extract_figures([sentence])] == ["6,200 won", "5,400 won"]
    assert [f.text for f in extract_figures(["Loggers earn $300 a month now."])] == ["$300 a month"]
