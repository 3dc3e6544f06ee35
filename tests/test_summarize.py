"""The extractive summarizer on short reports written for these tests."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import SEED_DIR

from briefing.analyze import summarize as summarizer
from briefing.analyze.summarize import SUMMARIZER_VERSION, summarize

REPORT = [
    [
        (
            "Authorities in the northern province have ordered every market trader to register "
            "with the local party committee by the end of the month."
        ),
        (
            "Traders who fail to register will lose their stalls, according to a source in the "
            "province."
        ),
    ],
    [
        "The order follows a sharp rise in rice prices at the province's largest market.",
        "He said the price of rice had doubled since the spring.",
        "Many traders fear the registration will be used to collect new fees.",
    ],
    [
        "The weather was mild this week.",
        (
            "Registration of market traders is expected to spread to other provinces if it "
            "succeeds in the north."
        ),
    ],
]
TITLE = "Northern province orders market traders to register"


def test_returns_k_sorted_distinct_indices() -> None:
    chosen = summarize(REPORT, 3, title=TITLE)
    assert len(chosen) == 3
    assert chosen == sorted(set(chosen))
    assert all(0 <= i < 7 for i in chosen)


def test_is_deterministic() -> None:
    assert summarize(REPORT, 3, title=TITLE) == summarize(REPORT, 3, title=TITLE)


def test_short_documents_and_degenerate_k() -> None:
    assert summarize([], 3) == []
    assert summarize([["Only one sentence here."]], 3) == [0]
    assert summarize([["One.", "Two."], ["Three."]], 5) == [0, 1, 2]
    assert summarize(REPORT, 0) == []


def test_off_topic_sentence_is_not_chosen() -> None:
    # The weather line shares no word with the story and stands far from the lead.
    assert 5 not in summarize(REPORT, 3, title=TITLE)


def test_lead_story_keeps_its_lead_and_skips_captions_and_copies() -> None:
    lead = (
        "Flooding in the eastern port city has forced more than 2,000 families from their "
        "homes, local officials said on Tuesday."
    )
    wire = [
        [lead],
        ["Scroll down for video."],
        [
            (
                "Rescue crews used boats to reach families trapped on rooftops in the lowest "
                "districts of the port city."
            )
        ],
        [lead],  # the caption-style repeat of the lead that wire copy often carries
        ["The city's mayor said the river had risen faster than at any time in forty years."],
        ["Schools across the eastern region will stay closed until the water recedes."],
        ["Forecasters expect more rain over the weekend."],
    ]
    chosen = summarize(wire, 3)
    assert 0 in chosen
    assert 1 not in chosen
    assert 3 not in chosen


def test_dependent_opener_is_swapped_for_its_antecedent_when_close() -> None:
    scores = np.array([0.9, 0.85, 0.2, 0.1])
    dependent = np.array([False, True, False, False])
    # Sentence 1 ("He said ...") is chosen without sentence 0; 0 scores nearly as well.
    assert summarizer._resolve_openers([1], scores, dependent) == [0]
    # When the antecedent is already in, nothing changes.
    assert summarizer._resolve_openers([0, 1], scores, dependent) == [0, 1]

    # a predecessor 0.2 of the score range below still takes the place; 0.3 below does not
    assert summarizer._resolve_openers([1], np.array([0.8, 1.0, 0.0]), dependent[:3]) == [0]
    assert summarizer._resolve_openers([1], np.array([0.7, 1.0, 0.0]), dependent[:3]) == [1]

    # a repeat between them is not shown: the sentence before it is the antecedent
    scores = np.array([0.9, 0.95, 0.85, 0.1])
    dependent = np.array([False, False, True, False])
    repeated = np.array([False, True, False, False])
    assert summarizer._resolve_openers([2], scores, dependent, repeated) == [0]
    assert summarizer._resolve_openers([2], scores, dependent) == [1]  # (were it shown)


def test_opening_words_that_point_back_need_the_sentence_before() -> None:
    needs = summarizer.needs_antecedent
    assert needs("He said the price had doubled.")
    # after a linking word the pronoun still points back ("But he is not on the list …")
    assert needs("But he is not on the list of producers who can win.")
    assert needs("However, they said the market would stay open.")
    assert needs("And its owner denied it.")
    assert not needs("But Rover told reporters that the cuts were speculation.")
    assert not needs("Heavy rain closed the market.")  # "He…" inside a word
    assert needs("One of the critical outcomes of these discussions is the deployment.")
    assert needs("According to this source, prices rose.")
    assert needs("Officials said such measures were needed.")
    # a demonstrative that points at the calendar, or one deep in the sentence, does not
    assert not needs("Prices rose this spring across the province.")
    assert not needs("The ministry said this week that it would act.")
    assert not needs("Traders in the northern province of Ryanggang said on Monday this was new.")
    assert not needs("Kim Jong Un and Vladimir Putin discussed the dispatch of workers.")
    assert not needs("Companies such as Samsung and LG reported record profits on Tuesday.")
    assert needs("Officials warned that such a move would hurt traders.")


def test_the_end_of_a_quote_an_earlier_sentence_opened_needs_that_sentence() -> None:
    """Who speaks is named where the quote opened: "I know he has not given up on me, so I am
    not giving up either.'" alone leaves the reader asking who "I" is."""
    needs = summarizer.needs_antecedent
    assert needs("I know he has not given up on me, so I am not giving up either.'")
    assert needs("Prices will not fall before the harvest.\u201d")
    assert (
        needs('Nobody expected the market to close so early," the trader added, laughing.') is False
    )
    # a whole quote, or apostrophes inside and after words, point back at nothing
    assert not needs("\u201cPrices will not fall before the harvest.\u201d")
    assert not needs("'We will stay,' a trader said.")
    assert not needs("Traders blamed the ministry's new rules.")
    assert not needs("The stalls belong to the traders' union.")


def test_seed_001_s_summary_keeps_the_summit_its_second_sentence_refers_to() -> None:
    """ "One of the critical outcomes of these discussions …" was chosen without the sentence
    naming the discussions (the Kim–Putin summit), which scores 0.2 of the range lower."""

    from briefing.analyze.pipeline import paragraph_sentences
    from briefing.ingest import ingest
    from briefing.model import Seed

    path = next(SEED_DIR.glob("001_*.txt"))
    report = ingest(Seed(path, path.name, path.read_bytes())).report
    assert report is not None
    paragraphs = [p for p in paragraph_sentences(report) if p]
    sentences = [s for p in paragraphs for s in p]
    chosen = [sentences[i] for i in summarize(paragraphs, 3, title=report.title)]
    assert any(s.startswith("During a summit in September 2023") for s in chosen), chosen
    assert not any("these discussions" in s for s in chosen), chosen


def test_weights_file_covers_every_feature() -> None:
    data = json.loads(summarizer._WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert set(data["base"]) == set(summarizer.FEATURES)
    assert set(data["single_sentence_paragraphs"]) == set(summarizer.FEATURES)
    assert isinstance(SUMMARIZER_VERSION, str) and SUMMARIZER_VERSION


def test_count_cosine_ignores_classic_stop_words_and_counts_repeats() -> None:
    sentences = [
        "The harvest failed in the north.",
        "A harvest failed up north!",
        "Prices doubled.",
        "Harvest harvest failed north.",
    ]
    terms = summarizer._terms([s.lower() for s in sentences], None)
    similarity = summarizer._count_cosine(terms.counts, ~terms.classic_stop)
    # Same content words once stop words ("the", "in", "a", "up") are gone: cosine 1.
    assert abs(similarity[0, 1] - 1.0) < 1e-9
    # Nothing shared: 0; the diagonal is zeroed so a sentence never votes for itself.
    assert similarity[0, 2] == 0.0
    assert similarity[2, 2] == 0.0
    # Counts, not presence: (1,1,1)·(2,1,1) / (sqrt 3 · sqrt 6) = 4 / sqrt 18.
    assert abs(similarity[0, 3] - 4 / 18**0.5) < 1e-9


def test_gate_separates_wire_copy_from_paragraphs() -> None:
    wire = [["Floods hit the port city on Tuesday."], ["Crews rescued families."], ["Rain."]]
    prose = [["Floods hit the port city.", "Crews rescued families.", "More rain is due."]]
    assert summarizer.sentence_features(wire).gate == 1.0
    assert summarizer.sentence_features(prose).gate == 0.0


def test_length_bonus_fades_as_the_summary_nears_two_fifths_of_the_document() -> None:
    # Three of thirty sentences: 1 - 2.5 * 3/30 = 0.75 of the bonus.
    assert abs(summarizer.length_bonus_share(3, 30) - 0.75) < 1e-12
    # Two fifths of the document or more: length no longer earns anything.
    assert summarizer.length_bonus_share(4, 10) == 0.0
    assert summarizer.length_bonus_share(8, 10) == 0.0
    assert abs(summarizer.length_bonus_share(2, 10) - 0.5) < 1e-12


def test_pagerank_is_uniform_on_a_symmetric_graph_and_favours_a_hub() -> None:
    triangle = np.ones((3, 3)) - np.eye(3)
    assert np.allclose(summarizer._pagerank(triangle), [1.0, 1.0, 1.0])
    # A star: node 0 linked to 1, 2 and 3, which are not linked to each other.
    star = np.zeros((4, 4))
    star[0, 1:] = star[1:, 0] = 1.0
    scores = summarizer._pagerank(star)
    # Leaves: s = 0.15 + 0.85 * hub / 3 and hub = 0.15 + 0.85 * 3 s, so s = 0.1925 / 0.2775.
    leaf = 0.1925 / 0.2775
    assert np.allclose(scores, [4.0 - 3 * leaf, leaf, leaf, leaf])


def test_selection_prefers_a_new_fact_over_a_restatement() -> None:
    scores = np.array([3.0, 2.9, 2.0, 0.0])
    similarity = np.zeros((4, 4))
    similarity[0, 1] = similarity[1, 0] = 0.7  # below the near-copy threshold
    none = np.zeros(4, dtype=bool)
    # Without a novelty penalty the two best go in, restatement or not.
    assert summarizer._select(scores, similarity, none, none, 2, 0.0, 0.8) == [0, 1]
    # With it, 1 costs 2.9 - 2 * 0.7 = 1.5 < 2.0, so sentence 2 replaces it.
    assert summarizer._select(scores, similarity, none, none, 2, 2.0, 0.8) == [0, 2]
    # A near-copy (at the threshold) and furniture are used only when nothing else is left.
    similarity[0, 1] = similarity[1, 0] = 0.9
    furniture = np.array([False, False, True, False])
    assert summarizer._select(scores, similarity, none, furniture, 2, 0.0, 0.8) == [0, 3]
    assert summarizer._select(scores, similarity, none, furniture, 4, 0.0, 0.8) == [0, 1, 2, 3]


def test_a_near_copy_gives_way_to_the_earlier_original() -> None:
    # Sentence 2 scores best but repeats sentence 0 almost word for word (a caption).
    scores = np.array([1.0, 0.0, 3.0])
    similarity = np.zeros((3, 3))
    similarity[0, 2] = similarity[2, 0] = 0.95
    none = np.zeros(3, dtype=bool)
    assert summarizer._select(scores, similarity, none, none, 1, 0.0, 0.8) == [0]
    # Below the threshold they are different sentences and the better one wins.
    similarity[0, 2] = similarity[2, 0] = 0.5
    assert summarizer._select(scores, similarity, none, none, 1, 0.0, 0.8) == [2]


def test_a_sentence_another_repeats_is_said_once() -> None:
    none = np.zeros(4, dtype=bool)
    similarity = np.zeros((4, 4))  # unlike: only the word overlap says they repeat
    covers = np.zeros((4, 4), dtype=bool)
    covers[1, 0] = True  # 0 repeats nearly all of 1's content words
    scores = np.array([3.0, 2.9, 2.0, 0.0])
    assert summarizer._select(scores, similarity, none, none, 2, 0.0, 0.8, None, covers) == [0, 2]
    # The other way round: 1 says all 0 says and more, so 0 leaves and 2 takes its slot.
    covers = covers.T.copy()
    assert summarizer._select(scores, similarity, none, none, 2, 0.0, 0.8, None, covers) == [1, 2]
    # 0 inside 1 inside 2, best first: each pick drops the one before, and when nothing is left
    # the best dropped one fills the summary up to k.
    chain = np.zeros((3, 3), dtype=bool)
    chain[0, 1] = chain[0, 2] = chain[1, 2] = True
    three = np.zeros(3, dtype=bool)
    picks = summarizer._select(
        np.array([3.0, 2.0, 1.0]), np.zeros((3, 3)), three, three, 2, 0.0, 0.8, None, chain
    )
    assert picks == [0, 2]
    # When every sentence repeats every other, the summary still has k sentences, the best.
    covers = ~np.eye(4, dtype=bool)
    assert summarizer._select(scores, similarity, none, none, 3, 0.0, 0.8, None, covers) == [
        0,
        1,
        2,
    ]


def test_a_pick_made_for_want_of_anything_else_drops_nothing() -> None:
    """A caption (furniture) taken only because nothing else was left dropped the lead it
    restates at length: the summary then held the caption and not the lead."""
    three = np.zeros(3, dtype=bool)
    furniture = np.array([False, True, True])
    covers = np.zeros((3, 3), dtype=bool)
    covers[0, 1] = True  # the caption 1 repeats all the lead 0 says
    scores = np.array([3.0, 2.0, 1.0])
    picks = summarizer._select(
        scores, np.zeros((3, 3)), three, furniture, 2, 0.0, 0.8, None, covers
    )
    assert picks == [0, 1]


def test_a_summary_does_not_open_on_a_linking_word_when_the_sentence_it_answers_is_close() -> None:
    """ "But a venue spokesman said 5,500 tickets had been sold" stood first in a summary,
    contradicting nothing before it: as the first sentence a linking word ("But", "However")
    is treated like a pronoun, and the sentence before takes its place when nearly as good.
    After another summary sentence it answers that one and stays."""
    scores = np.array([0.9, 0.95, 0.85, 0.3, 0.1])
    dependent = np.zeros(5, dtype=bool)
    linking = np.array([False, False, True, False, False])
    resolve = summarizer._resolve_openers
    assert resolve([2, 3], scores, dependent, None, None, linking) == [1, 3]
    assert resolve([0, 2], scores, dependent, None, None, linking) == [0, 2]  # not first
    assert resolve([2, 3], scores, dependent) == [2, 3]  # (without the linking marks)
    # the sentence before, far worse, or opening with "But" in turn, does not take its place
    assert resolve([2], np.array([0.9, 0.1, 0.85, 0.3, 0.0]), dependent, None, None, linking) == [2]
    both = np.array([False, True, True, False, False])
    assert resolve([2], scores, dependent, None, None, both) == [2]


def test_an_opener_is_not_swapped_for_a_sentence_the_summary_repeats() -> None:
    """ "It is …" gave way to the sentence before it, which another sentence of the summary
    already said ("John Carver is threatening changes … face Liverpool on Monday" beside "John
    Carver says … face Liverpool on Monday")."""
    scores = np.array([1.95, 2.0, 1.5])  # 0 is within 0.2 of the spread below 1: a swap
    dependent = np.array([False, True, False])
    covers = np.zeros((3, 3), dtype=bool)
    assert summarizer._resolve_openers([1, 2], scores, dependent, None, covers) == [0, 2]
    covers[0, 2] = True
    assert summarizer._resolve_openers([1, 2], scores, dependent, None, covers) == [1, 2]
    covers[0, 2], covers[2, 0] = False, True
    assert summarizer._resolve_openers([1, 2], scores, dependent, None, covers) == [1, 2]


def test_summary_does_not_tell_a_sentence_twice() -> None:
    """A story that states a point in passing and restates it at length later: a reader should
    meet it once (both copies were chosen; their TF-IDF cosine is below the near-copy 0.8)."""
    point = "Hiring dock workers was one of the main worries for the harbour city this year"
    paragraphs = [
        [
            "The harbour city hired fewer dock workers than planned in March, but the port "
            "authority said the shortfall would not slow the expansion of the container terminal."
        ],
        [
            "According to port authority figures, 640 dock workers were hired last month.",
            "That took the year's hiring to 3,100, the most in a decade.",
            f"{point}.",
            "While doubts remain, the terminal is set to open on time, the authority said.",
            "Wages on the docks rose by 4% in March, and about 500 more workers are needed each "
            "month to meet the target.",
        ],
        ['"It was a decent month," said Mara Lind, a harbour pilot.'],
        [
            '"Hiring was a little slower than the authority hoped, but the training school is '
            'full."',
            '"Crane operators are the hardest to find, and if they are coming, the terminal is on '
            'track."',
            "That means the authority is likely to keep raising dock wages.",
            "It raised them three times last year, citing the shortage of crane operators.",
        ],
        [
            f"{point}, and it became the main argument in the race for mayor.",
            "While the docks are far from full, the terminal is set to open on time.",
            "Shipping lines have booked the first berths for the summer.",
        ],
    ]
    sentences = [s for p in paragraphs for s in p]
    found = summarizer.sentence_features(paragraphs)
    assert found.covers[3, 11] and not found.covers[11, 3]
    assert found.similarity[3, 11] < 0.8
    for k in (3, 4, 6, 8):
        chosen = [sentences[i] for i in summarize(paragraphs, k)]
        assert len(chosen) == k
        assert sum(s.startswith(point) for s in chosen) == 1, (k, chosen)


def test_label_lines_are_furniture_only_in_one_sentence_per_line_copy() -> None:
    lines = [
        "Floods hit the port city on Tuesday.",
        "Sick: This photograph shows the flooded main street.",
        "Crews rescued families from their rooftops.",
    ]
    wire = [[line] for line in lines]
    prose = [lines]
    features, gate, *_ = summarizer.sentence_features(wire)
    assert summarizer.furniture_rows(features, gate).tolist() == [False, True, False]
    features, gate, *_ = summarizer.sentence_features(prose)
    assert summarizer.furniture_rows(features, gate).tolist() == [False, False, False]


def test_a_huge_report_is_summarised_from_its_opening_only() -> None:
    """A 2 MB report (the size limit) must not build sentence × sentence matrices over all of it
    (speed itself is for the benchmark; this pins that only the opening reaches the summarizer)."""
    from briefing.analyze.pipeline import SUMMARY_CANDIDATES, _leading

    paragraphs = [
        [f"Traders in market {i} said rice cost {i} won more than last week."]
        for i in range(20_000)
    ]
    leading = _leading(paragraphs)
    assert sum(len(p) for p in leading) == SUMMARY_CANDIDATES
    chosen = summarize(leading, 3)
    assert len(chosen) == 3 and max(chosen) < SUMMARY_CANDIDATES


def test_description_is_whole_sentences_that_fit_with_quotes_balanced() -> None:
    from briefing.analyze.pipeline import DESCRIPTION_LIMIT, describe

    opened = "“Cooks and tailors are sent first."
    closed = "They earn $150 a month,” a source said."
    assert (
        describe((opened, closed))
        == "“Cooks and tailors are sent first.” “They earn $150 a month,” a source said."
    )
    long = "Officials in the province met again " + "and again " * 20 + "to discuss fees."
    assert describe((closed, long)) == "“They earn $150 a month,” a source said."
    cut = describe((long,))
    assert len(cut) <= DESCRIPTION_LIMIT and cut.endswith("…")
    # one long sentence is cut at a word that ends a phrase: not "…for deployment to…"
    lead = (
        "The Seventh General Bureau of the Ministry of Social Security has embarked on a large "
        "recruitment drive this spring to select personnel for deployment to "
        "Russian-occupied territories in the east."
    )
    assert describe((lead,)) == lead[: lead.index(" to Russian")] + "…"


def test_a_description_never_opens_on_a_sentence_that_needs_the_one_before() -> None:
    """A feed reader or a search result shows the description alone: "He now meets …" first
    reads after the report's lead; a lead that itself points back, or one already in the
    summary, changes nothing."""
    from briefing.analyze.pipeline import describe

    lead = "Bo Kim beat Carl Roe in the semi-final in Pyongyang on Friday."
    summary = ("He now meets Ann Park in the final.", "The final is on Sunday.")
    assert describe(summary, lead) == " ".join((lead, *summary))
    assert describe(summary) == " ".join(summary)
    assert describe(summary, "He won easily.") == " ".join(summary)
    assert describe((summary[1], lead), lead) == f"{summary[1]} {lead}"
    plain = ("Ann Park now meets Bo Kim in the final.",)
    assert describe(plain, lead) == plain[0]


def test_a_description_never_opens_on_a_linking_word_with_nothing_to_answer() -> None:
    """ "But Rover told BBC News that reports of job cuts were speculation." was a feed item's
    whole summary line. It reads after the lead; a lead that is no sentence (a place line, a
    score in brackets) or opens with "And" itself is not put first."""
    from briefing.analyze.pipeline import describe

    lead = "Some 2,000 jobs at the Longbridge plant may be cut, the Financial Times reported."
    summary = ("But the carmaker told reporters the figure was speculation.",)
    assert describe(summary, lead) == f"{lead} {summary[0]}"
    for not_a_lead in (
        "Murrayfield, Edinburgh",
        "(after extra-time - score at 90 mins 1-1)",
        "And researchers add that testing is linked to overtreatment.",
        "Experts say the field is in its infancy",
    ):
        assert describe(summary, not_a_lead) == summary[0], not_a_lead
    assert describe(("However, prices rose.",), lead) == f"{lead} However, prices rose."
    # a person the text named before, now by a role or an age alone, is the same question
    for opener in ("The 18-year-old, who sells phones, was fined.", "The woman said it rose."):
        assert describe((opener,), lead) == f"{lead} {opener}"
    for names_who in ("The woman who sold the phones was fined.", "The 18-year-old Ann Roe won."):
        assert describe((names_who,), lead) == names_who


def test_a_repeat_the_page_printed_is_read_but_never_chosen() -> None:
    # A caption at the top restating the registration order: first in the document and close
    # to the title, so it would lead the summary (and its original, a near-copy of it, would
    # give way to it); as a repeat it is never chosen, even when only it is left.
    caption = [
        "Northern province orders market traders to register with the local party committee "
        "by the end of the month."
    ]
    with_repeat = [caption, *REPORT]
    repeats = [True] + [False] * 7
    unmasked = summarize(with_repeat, 1, title=TITLE)
    assert unmasked == [0], "the test needs a caption the summary would otherwise choose"
    for k in (1, 2, 3, 6, 7):
        chosen = summarize(with_repeat, k, title=TITLE, repeats=repeats)
        assert 0 not in chosen
        assert len(chosen) == min(k, 7)
    assert summarize([["Only a repeat is here."]], 3, repeats=[True]) == []


def test_a_sentence_the_page_repeats_is_not_swapped_for_the_repeat_before_it() -> None:
    # "He said …" needs the sentence before it; a repeat (not shown) cannot be that sentence.
    paragraphs = [
        ["Officials closed the border crossing at Hyesan on Monday after three soldiers fled."],
        ["Officials closed the border crossing at Hyesan on Monday."],
        ["He said the guards had been told to shoot anyone who came near the river."],
        ["Prices of smuggled goods rose in the markets of the province."],
    ]
    chosen = summarize(paragraphs, 2, title="Border shut", repeats=[False, True, False, False])
    assert 1 not in chosen


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        (
            "SEOUL, March 3 (Reuters) - North Korea fired two missiles.",
            "North Korea fired two missiles.",
        ),
        (
            "April 1 (Bloomberg) - Ivory Coast forces took the city.",
            "Ivory Coast forces took the city.",
        ),
        (
            "THURSDAY, March 31 (HealthDay News) - Foods with dyes need no labels.",
            "Foods with dyes need no labels.",
        ),
        # a body's name in brackets inside the sentence is no dateline
        ("A loan from Korea Rail (KR) - the state firm - kept it open.", None),
    ],
)
def test_a_summary_sentence_starts_with_the_news_not_its_dateline(
    sentence: str, shown: str | None
) -> None:
    from briefing.analyze.pipeline import _without_dateline

    assert _without_dateline(sentence) == (shown or sentence)


def test_a_party_in_brackets_is_no_dateline() -> None:
    from briefing.analyze.pipeline import _without_dateline

    sentence = "Senator Joe Manchin (D) - West Virginia - voted against the climate bill on Friday."
    assert _without_dateline(sentence) == sentence
