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


@pytest.mark.parametrize(
    ("sentence", "text", "kind", "form", "ends"),
    [
        (  # "from X to Y" after a verb of change: where it went, in the order written
            "The levy was raised from USD 7,200 to USD 10,000.",
            "USD 7,200 → USD 10,000",
            "money",
            "change",
            ("USD 7,200", "USD 10,000"),
        ),
        ("It fell from 55% to 30% in a year.", "55% → 30%", "percent", "change", ("55%", "30%")),
        (  # a plain "from X to Y" is a change too: news ranges say "between" or "ranging"
            "India lifted the limit for foreign investment in telecoms from 49% to 74%.",
            "49% → 74%",
            "percent",
            "change",
            ("49%", "74%"),
        ),
        (  # words between the ends: a year, a month
            "Unemployment rose from 5.1% in 2010 to 7.2% in 2012.",
            "5.1% → 7.2%",
            "percent",
            "change",
            ("5.1%", "7.2%"),
        ),
        (  # "by anywhere from": the size of the raise is a range
            "Fees were raised by anywhere from 30% at the low end to 55% at the high end.",
            "30%–55%",
            "percent",
            "range",
            ("30%", "55%"),
        ),
        (
            "Retainer fees range from $1,500 to $1,800 a year.",
            "$1,500–$1,800 a year",
            "money",
            "range",
            ("$1,500", "$1,800 a year"),
        ),
        ("Growth will be between 3% and 3.5%.", "3%–3.5%", "percent", "range", ("3%", "3.5%")),
        (  # the first end takes the unit of the second
            "Inflation is 5-7% now.",
            "5–7%",
            "percent",
            "range",
            ("5", "7%"),
        ),
        (
            "About 200 to 300 workers left.",
            "About 200–300 workers",
            "people",
            "range",
            ("200", "300 workers"),
        ),
        (  # the scale is written once for both ends
            "The deal is worth $5 to $10 billion.",
            "$5–$10 billion",
            "money",
            "range",
            ("$5", "$10 billion"),
        ),
        ("A deal worth £3-4bn was signed.", "£3–4bn", "money", "range", ("£3", "4bn")),
        (  # ends of several words get a spaced dash
            "Passengers could claim between 150 euros and 300 euros.",
            "150 euros – 300 euros",
            "money",
            "range",
            ("150 euros", "300 euros"),
        ),
        (
            "The fee rose from USD 100 to more than USD 500.",
            "USD 100 → more than USD 500",
            "money",
            "change",
            ("USD 100", "more than USD 500"),
        ),
    ],
)
def test_a_range_or_change_is_one_figure(
    sentence: str, text: str, kind: str, form: str, ends: tuple[str, str]
) -> None:
    """Listed apart and sorted by size, "USD 10,000" and "USD 7,200" lose which was raised to
    which; one figure keeps it, with its kind and the two ends as written."""
    figures = extract_figures([sentence])
    assert [(f.text, f.kind, f.form, f.ends) for f in figures] == [(text, kind, form, ends)]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Shares rose 5% to 10%.", ["10%", "5%"]),  # by how much, and to what
        ("Brent crude gained, adding $1.89 to $48.62.", ["$48.62", "$1.89"]),
        ("Labour won 52% to 48%.", ["52%", "48%"]),  # a result, not a range
        ("Between 5 workers and 10 soldiers died.", ["10 soldiers", "5 workers"]),
        ("Fraud fell from 10,276 cases worth £808m to 8,177 cases.", ["£808m"]),
        ("Staff grew in the decade from 2010 to 3,000 workers.", ["3,000 workers"]),
        ("A 7-3% split is no range.", ["3%"]),  # written downwards
        # numbers without a unit are no figures, so no range either
        ("The meeting ran from 2 to 3 pm and cost $50.", ["$50"]),
        ("Arsenal won 3-1 in front of 60,000 people.", ["60,000 people"]),
        ("He served 2010-2012 and earned $5m.", ["$5m"]),
        ("Call 555-1234 to pay $5.", ["$5"]),
        ("Workers aged 18 to 25 earn $300 a month.", ["$300 a month"]),
    ],
)
def test_numbers_side_by_side_that_are_no_range(sentence: str, found: list[str]) -> None:
    figures = extract_figures([sentence])
    assert texts(figures) == found
    assert {f.form for f in figures} == {"single"}


def test_a_range_counts_once_toward_the_limit() -> None:
    """Two places for figures hold the change and the next figure, not the change's two ends."""
    sentences = ["Fees rose from $5 to $10.", "Nothing.", "Rent is $300 a month."]
    assert texts(extract_figures(sentences, limit=2)) == ["$5 → $10", "$300 a month"]


def test_an_end_of_a_range_said_again_later_is_not_another_figure() -> None:
    sentences = ["Fees rose from $5 to $10.", "The $10 fee is high, and 40% pay it."]
    assert texts(extract_figures(sentences)) == ["$5 → $10", "40%"]


def test_a_range_converted_in_brackets_is_one_figure() -> None:
    sentence = "It expects profits of between £415m and £425m ($779m-798m) this year."
    assert texts(extract_figures([sentence])) == ["£415m–£425m"]


def test_a_report_of_thousands_of_figures_is_read_to_its_thousandth() -> None:
    """A table or junk, not prose: reading all of a hostile 2 MB report took seconds."""
    sentences = [f"Item {i} cost ${i}." for i in range(1, 1_500)] + ["It cost $9 billion."]
    assert "$9 billion" not in texts(extract_figures(sentences))
    assert texts(extract_figures(sentences[-5:]))[0] == "$9 billion"


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
    """The two raises and the 30–55 % range are the story's figures, each as one, so the
    default five have room for the "nearly 60%" and the 200 workers too."""
    figures = extract_figures(_seed_sentences("002"))
    assert [(f.text, f.kind, f.form) for f in figures] == [
        ("USD 7,200 → USD 10,000", "money", "change"),
        ("USD 4,500 → USD 7,000", "money", "change"),
        ("30%–55%", "percent", "range"),
        ("nearly 60%", "percent", "single"),
        ("about 200 workers", "people", "single"),
    ]


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
