"""Ingest rules on texts written for the purpose: titles, furniture, standfirsts, dates, front matter."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing import ingest as ingest_module
from briefing.ingest import DateHints, classify_line, ingest, today_utc
from briefing.markdown_in import read_markdown
from briefing.model import Seed, Severity

GIT = dt.datetime(2024, 2, 20, 9, 0, tzinfo=dt.UTC)


def run(text: str, hints: DateHints | None = None):
    result = ingest(
        Seed(Path("/x/r.txt"), "r.txt", text.encode("utf-8")),
        dates=hints or DateHints(git_added=GIT),
    )
    return result


def run_md(text: str):
    """The report a `.md` seed of ``text`` makes."""
    return ingest(Seed(Path("/x/r.md"), "r.md", text.encode()), dates=DateHints()).report


def paragraphs(report) -> list[str]:
    """The body a reader sees (repeats are kept for the summarizer only)."""
    return [b.text for b in report.body if b.kind != "repeat"]


LEAD = (
    "Traders in Sinuiju reopened their stalls on Monday after a two-week closure ordered by "
    "provincial officials, residents said."
)


@pytest.mark.parametrize("tag", ["UPDATE 2-", "WRAPUP 1-", "REFILE-", "CORRECTED-", "Corrected: "])
def test_a_wire_service_s_tag_is_no_part_of_the_headline(tag: str) -> None:
    report = run(f"{tag}Rice prices double in Hyesan\n\n{LEAD}\n").report
    assert report.title == "Rice prices double in Hyesan"
    assert paragraphs(report) == [LEAD]


def test_windows_1252_punctuation_read_as_control_characters_keeps_its_meaning() -> None:
    # "\x97" and the like: a dash or quotation mark that went through a Latin-1 decoder
    text = "Rice prices rise\n\nTraders \x97 and \x93officials\x94 \x96 said prices rose\x85\n"
    report = run(text).report
    assert paragraphs(report) == ["Traders — and “officials” – said prices rose"]
    assert run("Rice prices rise\n\nTraders said\x9b prices rose.\n").report.body[0].text == (
        "Traders said prices rose."  # other C1 controls are still dropped
    )


def test_question_lead_without_blank_line_stays_in_the_body() -> None:
    report = run(f"Feeling the pinch at the market?\n{LEAD}\nPrices rose again.\n").report
    assert paragraphs(report)[0] == "Feeling the pinch at the market?"


def test_question_headline_set_apart_by_a_blank_line_is_the_title() -> None:
    report = run(f"Who pays for the new roads?\n\n{LEAD}\n").report
    assert report.title == "Who pays for the new roads?"
    assert paragraphs(report) == [LEAD]


def test_sentence_first_line_is_body_and_title_comes_from_the_lead() -> None:
    report = run(f"{LEAD}\n\nPrices rose again.\n").report
    assert paragraphs(report)[0] == LEAD
    assert len(report.title) <= 90 and report.title.startswith("Traders in Sinuiju reopened")


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        (  # the phrase boundary before "in" would leave "traders" without "must pay"
            "Provincial authorities in Ryanggang have quietly raised the “market fees” that "
            "traders in Hyesan must pay each month, a source said.",
            "Provincial authorities in Ryanggang have quietly raised the “market fees”",
        ),
        (  # the quoted term ends a clause; what follows has a subject of its own
            "Provincial authorities in Ryanggang have quietly raised the “market fees” traders "
            "in Hyesan must pay to the state each month, a source in the city said.",
            "Provincial authorities in Ryanggang have quietly raised the “market fees”",
        ),
        (  # every boundary leaves the subject without its verb: cut at a word, marked "…"
            "A trader suspected of smuggling Chinese mobile phones across the river at night in "
            "Hyesan has been sent to a labour camp, sources said.",
            "A trader suspected of smuggling Chinese mobile phones across the river at night in "
            "Hyesan…",
        ),
        (  # "May" is a month, not a helper verb
            "Officials in North Hamgyong Province have begun shipping last year's surplus grain "
            "to neighbouring countries in May, showing that the harvest was better than reported.",
            "Officials in North Hamgyong Province have begun shipping last year's surplus grain",
        ),
        (  # the verb after "that" belongs to a clause of its own
            "A court in Pyongyang has sentenced a former trade official to five years in prison "
            "for fraud after a trial that may have been unfair, sources said.",
            "A court in Pyongyang has sentenced a former trade official to five years in prison",
        ),
        (  # the last boundary that fits is fine: what follows has no verb of the title's
            "Traders in Sinuiju reopened their stalls on Monday after a two-week closure "
            "ordered by provincial officials in the city last month.",
            "Traders in Sinuiju reopened their stalls on Monday",
        ),
    ],
)
def test_a_title_from_a_long_lead_never_ends_on_a_subject_without_its_verb(
    lead: str, title: str
) -> None:
    assert run(f"{lead}\n\nPrices rose again.\n").report.title == title


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        (  # "according | to" is a boundary, but a title cannot end on "according"
            "Grain prices in Hyesan have doubled since the spring harvest failed in the north, "
            "according to traders who buy from farms near the border.",
            "Grain prices in Hyesan have doubled since the spring harvest failed in the north",
        ),
        (  # an initial ends no sentence
            "Trader Kim S. Chol reopened his stall in Sinuiju. Prices rose again.",
            "Trader Kim S. Chol reopened his stall in Sinuiju",
        ),
        (  # "kind" is empty without its "of": the cut goes at the comma instead
            "Traders at the market have been selling rice in Hyesan since the spring, a cheaper "
            "kind of rice grown across the border.",
            "Traders at the market have been selling rice in Hyesan since the spring",
        ),
        (  # "ahead" wants its "of", "due" its "to"
            "Officials in Sinuiju have closed the bridge over the Yalu to all trucks ahead of "
            "the visit by a delegation from Beijing.",
            "Officials in Sinuiju have closed the bridge over the Yalu",
        ),
        (
            "Stalls at the river market in Hyesan stayed shut for a second week in March due to "
            "heavy rain and floods.",
            "Stalls at the river market in Hyesan stayed shut for a second week",
        ),
        (  # a caption's or a kicker's label is no part of the title
            "Guilty: Ann Roe, 45, has been convicted of smuggling phones across the river.",
            "Ann Roe, 45, has been convicted of smuggling phones across the river",
        ),
        (  # a lead written under a photo points at it; a title has no photo
            "Trader Ann Roe (pictured) has been sent to a labour camp for selling Chinese phones.",
            "Trader Ann Roe has been sent to a labour camp for selling Chinese phones",
        ),
        (
            "Ann Roe, pictured at the market last year, has been sent to a labour camp in Hyesan.",
            "Ann Roe has been sent to a labour camp in Hyesan",
        ),
        (
            "Ann Roe, 45, pictured at the market last year, has been sent to a labour camp.",
            "Ann Roe, 45, has been sent to a labour camp",
        ),
        (  # the dot of "U.S." is no full stop
            "Rice prices have doubled since the spring in towns near the border with the U.S.",
            "Rice prices have doubled since the spring in towns near the border with the U.S.",
        ),
        (  # a name before a colon is
            "Sinuiju Customs: Trucks waited three days at the bridge before it reopened.",
            "Sinuiju Customs: Trucks waited three days at the bridge before it reopened",
        ),
        (  # nor does a title before a name ("Rep.", "Gov.")
            "Rep. Ann Park and Gov. Bo Kim agreed on Tuesday to reopen the crossing at Dandong. "
            "Traders cheered.",
            "Rep. Ann Park and Gov. Bo Kim agreed on Tuesday to reopen the crossing at Dandong",
        ),
        (  # every boundary leaves the subject without its verb: cut at a word, never after "for"
            "Three elderly traders who became trapped inside a locked grain warehouse in Hyesan "
            "for two days had to be freed by soldiers on Sunday.",
            "Three elderly traders who became trapped inside a locked grain warehouse in Hyesan…",
        ),
        (  # a clause of circumstance first: the headline is the main clause
            "With rice prices up a third since the spring, provincial authorities have opened "
            "state grain shops in Hyesan for the first time in a decade.",
            "Provincial authorities have opened state grain shops in Hyesan for the first time",
        ),
        (  # ...unless the main clause points back into it
            "When the border closed in March, they moved their stalls to the river market in "
            "Hyesan and cut their prices.",
            "When the border closed in March, they moved their stalls to the river market",
        ),
        (  # ...or names someone only the dropped clause named
            "Just days before trader Pak Yong Il was due in court, officials said he had paid "
            "the fine in full.",
            "Just days before trader Pak Yong Il was due in court",
        ),
        (  # a noun before "of" needs what follows: an earlier boundary, or a cut with "…"
            "Officials in Hyesan are taking extreme measures to stop smuggling in the face of a "
            "new border crackdown ordered by Pyongyang.",
            "Officials in Hyesan are taking extreme measures to stop smuggling",
        ),
        (
            "A Daily NK source said the ministry is celebrating the removal of a senior official "
            "accused of taking bribes from traders.",
            "A Daily NK source said the ministry is celebrating the removal of a senior official…",
        ),
        (  # ...but after a superlative or a word in quotes the phrase is whole
            "Residents say the flood was the biggest disaster of the past twenty years across "
            "North Hamgyong Province.",
            "Residents say the flood was the biggest disaster",
        ),
        (  # "protest" only looks like a superlative
            "Police in the border city of Hyesan have arrested the protest leaders of the market "
            "traders' union and three of their relatives.",
            "Police in the border city of Hyesan have arrested the protest leaders of the market…",
        ),
        (
            "Kim Jong Un told the officials he was 'proud' of the workers who finished the "
            "Pyongyang housing project ahead of schedule.",
            "Kim Jong Un told the officials he was 'proud'",
        ),
        (  # a verb that wants the verb or the clause after it
            "The provincial party committee in Ryanggang Province wants to close every private "
            "market stall by the end of the year.",
            "The provincial party committee in Ryanggang Province wants to close every private market…",
        ),
        (
            "A survey of defectors by a Seoul research institute has found that most of them had "
            "worked in private markets before leaving.",
            "A survey of defectors by a Seoul research institute has found that most of them…",
        ),
        (  # a hedge stays: without "allegedly" the title states as fact what the report
            # attributes ("recently" may go)
            "A border guard in Hyesan has allegedly sold the names of three defectors' families "
            "to a broker recently, sources said.",
            "A border guard in Hyesan has allegedly sold the names of three defectors' families",
        ),
        (  # the same verbs in -ing
            "The former minister has been getting a lot of praise in Pyongyang for admitting that "
            "he wept at the funeral.",
            "The former minister has been getting a lot of praise in Pyongyang",
        ),
        (  # a verb and its particle are one verb: "after rounding | on" is no place to end
            "The provincial party secretary was dismissed in Hyesan last week after rounding on "
            "the market traders at a public meeting.",
            "The provincial party secretary was dismissed in Hyesan last week",
        ),
        (  # ...but a day after the particle is another phrase
            "The provincial party secretary was dismissed in Hyesan after the talks were taken "
            "on Tuesday by his deputy in the city.",
            "The provincial party secretary was dismissed in Hyesan after the talks were taken",
        ),
        (  # an aside that goes on with "and who …" is one aside too
            "Kim Yo Jong, the powerful younger sister of leader Kim Jong Un who serves as vice "
            "department director of the party, and who has in recent years issued many "
            "statements, criticized Seoul on Sunday for its drills.",
            "Kim Yo Jong criticized Seoul on Sunday for its drills",
        ),
        (  # no cut right after a relative clause's verb ("… Kim Jong Un who serves")
            "Kim Yo Jong, the powerful younger sister of leader Kim Jong Un who serves as vice "
            "department director of the Workers' Party Central Committee and a member of the "
            "Politburo since 2020.",
            "Kim Yo Jong, the powerful younger sister of leader Kim Jong Un who serves as vice…",
        ),
        (  # "in connection | with", "to deal | with", "just weeks | after", "as much | as"
            "Security police in Hyesan have arrested five traders in connection with the "
            "smuggling of Chinese phones across the river.",
            "Security police in Hyesan have arrested five traders",
        ),
        (
            "The provincial party secretary returned to his post in the city just weeks after "
            "the flood that destroyed the main market.",
            "The provincial party secretary returned to his post",
        ),
        (
            "Market traders in the border city of Hyesan say they pay the security police as much "
            "as the state takes.",
            "Market traders in the border city of Hyesan say they pay the security police",
        ),
    ],
)
def test_a_title_from_the_lead_ends_where_a_headline_can(lead: str, title: str) -> None:
    assert run(f"{lead}\n\nPrices rose again.\n").report.title == title


def test_a_long_lead_s_asides_about_its_subject_are_left_out_of_the_title() -> None:
    lead = (
        "Ann Roe, 45, a vegetable trader from the border city of Hyesan, has been sent to a "
        "labour camp for selling Chinese phones."
    )
    report = run(f"{lead}\n\nPrices rose again.\n").report
    assert report.title == "Ann Roe has been sent to a labour camp for selling Chinese phones"
    assert (
        "title: left out the aside '45, a vegetable trader from the border city of Hyesan'"
        in report.explanations
    )
    assert paragraphs(report)[0] == lead  # the body keeps every word
    # the verb after the aside may be a past tense, the aside may hold a number's commas, and
    # the first verb after an aside is the subject's ("…, 36, may have …, said a source")
    for lead, title in (
        (
            "The Hyesan market, one of the largest and busiest in the northern provinces, "
            "reopened on Monday after a closure.",
            "The Hyesan market reopened on Monday after a closure",
        ),
        (
            "Ann Roe, who paid more than $265,000 in bribes to border guards over ten years, "
            "was sent to a labour camp on Monday.",
            "Ann Roe was sent to a labour camp on Monday",
        ),
        (
            "Ann Roe, 36, may have been selling phones again after a trader matching her "
            "description was arrested, said a source in the city.",
            "Ann Roe may have been selling phones again",
        ),
    ):
        assert run(f"{lead}\n\nPrices rose again.\n").report.title == title, lead
    # a list of subjects is no aside ("Ann Roe have been sent"), nor a clause before them
    for lead in (
        "Ann Roe, 45, and Bo Kim, 50, both traders from the border city of Hyesan, have been "
        "sent to a labour camp for selling phones.",
        "If the border stays closed, traders from the city of Hyesan, the largest market town "
        "in the north, will lose their stalls this winter.",
        # nor a list of four names, or a time phrase first (found by a review)
        "Ann Park, Bo Kim, Carl Roe and Dan Lee, all traders from the border city of Hyesan, "
        "were arrested by security police on Monday for selling phones.",
        "On Tuesday, the former provincial party secretary, who resigned in May after the "
        "flood, was charged with bribery by prosecutors in Pyongyang.",
    ):
        title = run(f"{lead}\n\nPrices rose again.\n").report.title
        assert title.startswith(lead.split(",")[0] + ",")


def test_what_a_title_from_the_lead_leaves_out_is_explained() -> None:
    lead = "Guilty: Ann Roe (pictured) has been sent to a labour camp for selling phones."
    report = run(f"{lead}\n\nPrices rose again.\n").report
    assert report.title == "Ann Roe has been sent to a labour camp for selling phones"
    assert "title: left out the label 'Guilty:'" in report.explanations
    assert "title: left out the photo reference '(pictured)'" in report.explanations
    assert paragraphs(report)[0] == lead  # the body keeps every word


@pytest.mark.parametrize(
    ("lead", "source"),
    [
        ("(CNN) Traders in Sinuiju reopened their stalls on Monday.", "CNN"),
        ("SEOUL, South Korea (AP) -- Traders in Sinuiju reopened their stalls on Monday.", "AP"),
        ("(UPDATE) Traders in Sinuiju reopened their stalls on Monday.", None),  # furniture
    ],
)
def test_a_wire_dateline_names_the_source_and_stays_out_of_the_title(
    lead: str, source: str | None
) -> None:
    report = run(f"{lead}\n\nPrices rose again.\n").report
    assert report.source == source
    if source:
        assert report.title == "Traders in Sinuiju reopened their stalls on Monday"
        assert paragraphs(report)[0] == lead  # the body keeps every word


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        (
            "Pyongyang Trading Corporation (PTC) saw its profits fall by a third last year.",
            "Pyongyang Trading Corporation (PTC) saw its profits fall by a third last year",
        ),
        (
            "A trader is suing Korea Rail (KR), saying its freight fees doubled overnight.",
            "A trader is suing Korea Rail (KR), saying its freight fees doubled overnight",
        ),
        (
            "A loan from the Korea Development Bank (KDB) - the state lender - kept the market "
            "open.",
            "A loan from the Korea Development Bank (KDB) - the state lender - kept the market "
            "open",
        ),
    ],
)
def test_a_company_named_by_its_abbreviation_is_no_dateline(lead: str, title: str) -> None:
    report = run(f"{lead}\n\nPrices rose again.\n").report
    assert report.source is None
    assert report.title == title


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (  # a standfirst above the dateline's paragraph
            "Stalls reopen after the flood.\n\nSINUIJU, April 2 (Xinhua) - Traders in Sinuiju "
            "reopened their stalls on Monday.",
            "Xinhua",
        ),
        (  # headline, standfirst and dateline pasted as one paragraph
            "Stalls reopen after the flood MONDAY, May 2 (Yonhap News) - Traders in "
            "Sinuiju reopened their stalls on Monday.",
            "Yonhap News",
        ),
        (  # a headline pasted with its own credit, then the dateline
            "Stalls reopen in Sinuiju after a two-week closure (AP) SINUIJU, North Korea (AP) — "
            "Traders reopened their stalls on Monday.",
            "AP",
        ),
        (  # after a date alone
            "Stalls reopen after the flood. May 2 (Bloomberg) - Traders in Sinuiju reopened "
            "their stalls on Monday.",
            "Bloomberg",
        ),
        (  # an abbreviation in brackets inside a sentence, and the text goes on in lower case
            "A loan from the Korea Development Bank (KDB) - the state lender - kept the market "
            "open.",
            None,
        ),
        ("Sinuiju (Home) - May 2. Hyesan (Away) - May 9.", None),  # a fixture list
    ],
)
def test_a_wire_dateline_below_a_headline_or_standfirst_names_the_source(
    text: str, source: str | None
) -> None:
    report = run(f"Markets reopen\n\n{text}\n\nPrices rose again.\n").report
    assert report.source == source
    if source:
        assert f"source: {source} (wire-dateline)" in report.explanations


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # what only a publisher says of itself names it
        ("Daily NK understands that the ministry will reopen the market.", "Daily NK"),
        ("The market will reopen next week, Daily NK understands.", "Daily NK"),
        ("Prices fell - but Daily NK can reveal that the ministry set them.", "Daily NK"),
        ("NK News has contacted the ministry for comment.", "NK News"),
        ("The ministry declined to comment when contacted by NK News on Monday.", "NK News"),
        # another outlet quoted, or someone contacted by a company
        ("The Korea Times revealed that the ministry will reopen the market.", None),
        ("Traders will be contacted by KR for new permits, officials said.", None),
        ("He was approached by Yonhap News reporter Ann Park after the meeting.", None),
    ],
)
def test_a_publisher_naming_itself_is_the_source(text: str, source: str | None) -> None:
    report = run(f"Markets reopen\n\n{LEAD}\n\n{text}\n").report
    assert report.source == source
    if source:
        assert f"source: {source} (outlet-self)" in report.explanations


CAPTIONS = (
    "Shut: The border guards closed the gate at Hyesan as traders waited in the rain.",
    "Long wait: Trucks queue on the bridge (pictured) for a third day in a row.",
    "Empty stalls: The market at Sinuiju has been closed since the start of the month.",
)


def test_a_captioned_page_s_labelled_captions_go() -> None:
    """Several one-sentence lines under a short label, one pointing at its photo: captions."""
    text = "\n\n".join(("Crossing shut", LEAD, CAPTIONS[0], "Prices rose.", *CAPTIONS[1:]))
    report = run(f"{text}\n").report
    assert paragraphs(report) == [LEAD, "Prices rose."]
    assert any(
        why.startswith("dropped line 5 (labelled-caption): Shut:") for why in report.explanations
    )
    # out of sight where the page had them, for the summarizer, as a page's copies are
    assert [(b.kind, b.text) for b in report.body] == [
        ("paragraph", LEAD),
        ("repeat", CAPTIONS[0]),
        ("paragraph", "Prices rose."),
        ("repeat", CAPTIONS[1]),
        ("repeat", CAPTIONS[2]),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        CAPTIONS[:2],  # two are not a captioned page
        [c.replace(" (pictured)", "") for c in CAPTIONS],  # nothing points at a photo
        # a timeline, a recipe, speech and an interview are text
        [
            "December 17: Officials closed the gate at Hyesan as traders waited (pictured).",
            "December 18: Trucks queued on the bridge for a third day in a row.",
            "December 19: The market at Sinuiju was closed until the start of the month.",
        ],
        [
            "Method: Heat the oil in a large pan and add the onions (left) to it.",
            "Method: Cook the rice in a pan of salted water for ten minutes.",
            "Method: Serve the rice with the onions and a little of the oil.",
        ],
        [
            "Q: Why did the guards close the gate at Hyesan (pictured) this week?",
            "A: Because three soldiers fled across the river on Monday night.",
            "Q: Will the market at Sinuiju open again before the winter?",
        ],
        [
            "She added: 'We closed the gate because the soldiers (left) fled.'",
            "He told reporters: 'The trucks will wait on the bridge for days.'",
            "The ministry says: 'The market will open again at the end of the month.'",
        ],
        # a timeline by day, with a photo cue: text
        [
            "Monday: The envoy arrived in Hyesan (pictured) and met the provincial secretary.",
            "Tuesday: The envoy toured the market and spoke to traders about prices there.",
            "Wednesday: The envoy gave a speech that was broadcast live across the province.",
        ],
        # a transcript: its speakers come back
        [
            "Park: I remember the moment the guard (left) turned and looked at me there.",
            "Kim: We ran for the river as soon as the guards changed at the crossing.",
            "Park: The water was cold and we were across in less than five minutes.",
        ],
        # a review's headings with no photo of their own ("can be seen" is the review's)
        [
            "Design: The phone is thin and its screen can be seen clearly in the sun.",
            "Battery: The battery lasted two full days in our tests with the screen on.",
            "Verdict: This is the best phone the company has made in many years.",
        ],
    ],
)
def test_labelled_lines_that_are_no_captions_stay(lines: list[str]) -> None:
    text = "\n\n".join(("Crossing shut", LEAD, *lines, "Prices rose."))
    assert paragraphs(run(f"{text}\n").report) == [LEAD, *lines, "Prices rose."]


def test_exact_repeat_of_the_lead_is_dropped_later_not_first() -> None:
    text = f"Markets reopen\n\n{LEAD}\n\nPrices rose again.\n\n{LEAD}\n\nMore stalls will open.\n"
    report = run(text).report
    assert paragraphs(report) == [LEAD, "Prices rose again.", "More stalls will open."]


def test_standfirst_repeated_inside_a_longer_paragraph_is_dropped_first() -> None:
    longer = LEAD + " Officials gave no reason for the closure."
    report = run(f"Markets reopen\n\n{LEAD}\n\nPrices rose again.\n\n{longer}\n").report
    assert paragraphs(report) == ["Prices rose again.", longer]


def test_a_list_item_repeating_an_opening_paragraph_stays() -> None:
    """A list that sums up the story may repeat its second paragraph word for word: the item
    is the list's, not a standfirst pasted twice."""
    text = f"Markets reopen\n\n{LEAD}\n\n{ARREST}\n\nPrices rose.\n\nWhat we know:\n\n- {ARREST}\n"
    body = [(b.kind, b.text) for b in run(text).report.body]
    assert body[-1] == ("item", ARREST) and ("paragraph", ARREST) in body


CLOSURE = (
    "The border guards closed the crossing at Hyesan after three soldiers fled across the river."
)
ARREST = "Police arrested two traders who had sold Chinese phones in the market last week."


def test_a_caption_restating_a_sentence_goes_and_the_sentence_stays() -> None:
    caption = "Shut: The border guards (pictured) closed the crossing at Hyesan after three soldiers fled across the river."
    text = f"Crossing shut\n\n{LEAD}\n\n{caption}\n\nPrices rose again.\n\n{CLOSURE}\n"
    result = run(text)
    assert paragraphs(result.report) == [LEAD, "Prices rose again.", CLOSURE]
    # kept out of sight where the page had it: the summarizer reads what a page repeats
    assert [(b.kind, b.text) for b in result.report.body][1] == ("repeat", caption)
    assert any(
        e.startswith("dropped line 5 (repeated-sentence, kept on line 9): Shut: The border")
        for e in result.report.explanations
    ), result.report.explanations


def test_a_shortened_copy_of_a_sentence_goes_wherever_it_stands() -> None:
    shortened = "Police arrested two traders who had sold phones in the market."  # words left out
    before = run(f"Phones\n\n{LEAD}\n\n{shortened}\n\n{ARREST}\n").report
    after = run(f"Phones\n\n{LEAD}\n\n{ARREST}\n\n{shortened}\n").report
    assert paragraphs(before) == paragraphs(after) == [LEAD, ARREST]


@pytest.mark.parametrize(
    "shortened",
    [
        "The hackers posted the emails of the family online on Tuesday.",
        "The hackers posted the emails of the family online late on Tuesday night.",
        "The hackers posted the stolen emails online late on Tuesday night.",
    ],
)
def test_each_dropped_copy_names_the_copy_that_stays(shortened: str) -> None:
    """A shortened copy may first be matched to a caption that then goes for its plain copy:
    the explanation names the line kept, never one dropped in the same pass."""
    caption = "Sick: The hackers posted the stolen private emails of the family online late on Tuesday night."
    plain = caption.removeprefix("Sick: ")
    report = run(f"Hack\n\n{LEAD}\n\n{shortened}\n\n{caption}\n\nPrices rose.\n\n{plain}\n").report
    assert paragraphs(report) == [LEAD, "Prices rose.", plain]
    drops = [e for e in report.explanations if "repeated-sentence" in e]
    assert sorted(e.split(")")[0] for e in drops) == [
        "dropped line 5 (repeated-sentence, kept on line 11",
        "dropped line 7 (repeated-sentence, kept on line 11",
    ]


def test_a_sentence_is_never_dropped_for_a_caption_that_goes_as_furniture() -> None:
    """A caption with no full stop, pasted twice around a shorter copy of its words: the
    captions may go (a caption pasted twice), so the sentence must stay, or its words are lost."""
    caption = "Sick: The hackers posted the stolen private emails of the family online late on Tuesday night"
    shortened = "The hackers posted the emails of the family online on Tuesday."
    text = (
        f"Hack\n\n{LEAD}\n\nPrices rose.\n\n{caption}\n\n{shortened}\n\n{caption}\n\nStalls shut.\n"
    )
    assert shortened in paragraphs(run(text).report)


def test_a_sentence_pasted_twice_keeps_its_first_copy_and_the_lead_always_stays() -> None:
    text = f"Crossing shut\n\n{LEAD}\n\nPrices rose.\n\n{CLOSURE}\n\nStalls shut.\n\n{CLOSURE}\n"
    assert paragraphs(run(text).report) == [LEAD, "Prices rose.", CLOSURE, "Stalls shut."]
    # The lead is the shorter copy here (the same words, the end left out); it stays, as the
    # title is built from it.
    short_lead = (
        "Traders in Sinuiju reopened their stalls after a two-week closure ordered by officials."
    )
    kept = run(f"{short_lead}\n\nPrices rose.\n\n{LEAD}\n").report
    assert paragraphs(kept) == [short_lead, "Prices rose.", LEAD]


def test_a_copy_never_takes_a_paragraph_of_more_sentences_or_more_words_with_it() -> None:
    # the same sentence alone and inside a longer paragraph: the one alone goes
    longer = f"{CLOSURE} Guards fired warning shots."
    text = f"Crossing shut\n\n{LEAD}\n\nStalls shut.\n\n{CLOSURE}\n\nPrices rose.\n\n{longer}\n"
    assert paragraphs(run(text).report) == [LEAD, "Stalls shut.", "Prices rose.", longer]
    # a labelled caption that adds more than three words keeps them: the plain copy goes
    labelled = "Fled: The three young hungry tired cold soldiers fled across the river at night."
    plain = "The three soldiers fled across the river at night."
    text = f"Crossing shut\n\n{LEAD}\n\n{labelled}\n\nPrices rose.\n\n{plain}\n"
    assert paragraphs(run(text).report) == [LEAD, labelled, "Prices rose."]
    # words in the same order but with the sentence's words between them in five places
    gaps = "Police the town Hyesan arrested two traders on Monday night."
    whole = "Police in the town of Hyesan quickly arrested two young traders late on Monday night."
    text = f"Arrests\n\n{LEAD}\n\n{whole}\n\nPrices rose.\n\n{gaps}\n"
    assert paragraphs(run(text).report)[-1] == gaps


def test_a_speaker_is_text_and_a_list_item_is_never_compared() -> None:
    """ "The spokesman said:" is no caption's label: the story's sentence keeps its speaker and
    the bare pull quote goes. A list's items may repeat the text; both stay."""
    said = (
        "The spokesman said: 'We closed the crossing because the soldiers fled across the river.'"
    )
    quote = "'We closed the crossing because the soldiers fled across the river.'"
    for text in (
        f"{LEAD}\n\n{said}\n\nPrices rose.\n\n{quote}\n",
        f"{LEAD}\n\n{quote}\n\nPrices rose.\n\n{said}\n",
    ):
        assert said in paragraphs(run(f"Crossing shut\n\n{text}").report)
    listed = (
        f"Crossing shut\n\n{LEAD}\n\nStalls shut.\n\n{ARREST}\n\nWhat we know:\n\n"
        f"- {ARREST}\n- Prices rose.\n"
    )
    body = run(listed).report.body
    assert [(b.kind, b.text) for b in body][-2:] == [("item", ARREST), ("item", "Prices rose.")]
    assert ("paragraph", ARREST) in [(b.kind, b.text) for b in body]


def test_a_labelled_caption_goes_even_with_a_word_added_and_a_captioned_lead_for_its_copy() -> None:
    labelled = "Fled: The three young soldiers fled across the river at night."
    plain = "The three soldiers fled across the river at night."
    report = run(f"Crossing shut\n\n{LEAD}\n\n{labelled}\n\nPrices rose.\n\n{plain}\n").report
    assert paragraphs(report) == [LEAD, "Prices rose.", plain]
    # a photo reference alone does not make a caption: the story's sentences have them too,
    # so the longer sentence stays ("young" would be lost)
    pictured = "The three young soldiers (pictured) fled across the river at night."
    report = run(f"Crossing shut\n\n{LEAD}\n\n{pictured}\n\nPrices rose.\n\n{plain}\n").report
    assert paragraphs(report) == [LEAD, pictured, "Prices rose."]
    # the lead under its photo, then the same sentence plain: the plain one leads
    captioned = LEAD.replace("Traders in Sinuiju", "Traders in Sinuiju (pictured)")
    report = run(f"{captioned}\n\n{LEAD}\n\nPrices rose.\n").report
    assert paragraphs(report) == [LEAD, "Prices rose."]
    assert report.title.startswith("Traders in Sinuiju reopened")


@pytest.mark.parametrize(
    "repeat",
    [
        # the same words in another order: a list of fixtures, not a copy
        "Hyesan v Sinuiju; Chongjin v Wonsan; Kaesong v Rason; Nampo v Haeju.",
        # names and places, as a list of results has them
        "K Ro (Hyesan Sports Club, Ryanggang Province Team).",
        # too short to tell a copy from a sentence the report says twice on purpose
        "Police arrested two traders.",
        # the words are in the longer sentence, but spread through it
        "The guards said the soldiers fled the river.",
        # a line of hard-wrapped text, not a sentence
        "Police arrested two traders who had sold Chinese phones in the",
    ],
)
def test_lines_that_are_no_copy_of_a_sentence_stay(repeat: str) -> None:
    first = (
        "Hyesan v Chongjin; Sinuiju v Wonsan; Kaesong v Nampo; Rason v Haeju. "
        "K Ro (Hyesan Sports Club, Ryanggang Province Team), P Kim (Wonsan)."
    )
    guards = (
        "The guards who patrol the crossing said on Tuesday that the three soldiers had "
        "fled across the frozen river."
    )
    text = f"Results\n\n{LEAD}\n\n{first}\n\n{guards}\n\n{ARREST}\n\n{repeat}\n"
    assert paragraphs(run(text).report)[-1] == repeat


def test_a_section_break_is_no_sentence_of_the_summary() -> None:
    """'---' and '***' between paragraphs were sentences: the summary of a short report opened
    with '---' and so did its description."""
    result = run(f"Markets reopen\n\n---\n\n{LEAD}\n\n***\n\nPrices rose.\n")
    assert paragraphs(result.report) == [LEAD, "Prices rose."]
    assert "dropped line 3 (separator): ---" in result.report.explanations


def test_a_markdown_report_is_read_as_the_text_a_reader_sees() -> None:
    """A `.md` seed kept its marks: the title was "# Smuggling crackdown in Hyesan", the page
    showed "**Hyesan**" and a link's address, and "## Arrests" was a summary sentence."""
    text = (
        "# Smuggling crackdown in Hyesan\n\n"
        "Traders in **Hyesan** say guards arrested _twelve_ smugglers on Monday, a `source` in "
        "the city told [Daily NK](https://example.org/a_(b)).\n\n"
        "![Guards at the river](https://example.org/photo.jpg)\n\n"
        "## Arrests\n\n"
        "> The arrests followed an inspection by a team from Pyongyang, the source said.\n\n"
        "[1]: https://example.org/ref\n"
    )
    report = run_md(text)
    assert report.title == "Smuggling crackdown in Hyesan"
    assert [(b.kind, b.text) for b in report.body] == [
        (
            "paragraph",
            "Traders in Hyesan say guards arrested twelve smugglers on Monday, a source in the "
            "city told Daily NK.",
        ),
        ("heading", "Arrests"),
        (
            "paragraph",
            "The arrests followed an inspection by a team from Pyongyang, the source said.",
        ),
    ]
    assert report.source == "Daily NK"
    # marks inside marks, a linked image, references: only what a reader sees stays
    nested = (
        "# ***Breaking***: markets reopen\n\n**Officials *denied* it,** a ``source`` said of "
        "the [![badge](b.png)](https://x.org)closure, as [Daily NK][dnk] and [RFA][] reported "
        "and [the ministry][none] did not.\n\n"
        "[Update]: An earlier version said the closure lasted three weeks; it lasted two.\n\n"
        '[dnk]: https://example.org/dnk "Daily NK"\n[rfa]: <https://example.org/rfa>\n'
    )
    report = run_md(nested)
    assert report.title == "Breaking: markets reopen"
    assert [b.text for b in report.body] == [
        "Officials denied it, a source said of the closure, as Daily NK and RFA reported and "
        "[the ministry][none] did not.",
        "[Update]: An earlier version said the closure lasted three weeks; it lasted two.",
    ]
    # a comment is the writer's note; an address in angle brackets and a defined shortcut
    # link show as Markdown shows them
    notes = (
        "Markets reopen\n\nTraders <!-- check with a second source\n -->told [Daily NK] on "
        "Monday, <https://example.org/a> says.\n\nPrices rose again, traders said.\n\n"
        "[daily nk]: https://example.org/dnk\n"
    )
    report = run_md(notes)
    assert [b.text for b in report.body] == [
        "Traders told Daily NK on Monday, https://example.org/a says.",
        "Prices rose again, traders said.",
    ]
    # a backslash keeps a mark as written; a line of backticks is no code (and stays quick)
    escaped = "Markets reopen\n\nTraders wrote \\*not emphasis\\* and \\_x\\_ on the stall.\n"
    report = run_md(escaped)
    assert [b.text for b in report.body] == ["Traders wrote *not emphasis* and _x_ on the stall."]
    ticks = read_markdown("Ticks " + "`" * 50_000).text
    assert ticks == "Ticks " + "`" * 50_000
    # a .txt report is text as written: its stars and underscores are the writer's
    plain = run("Markets reopen\n\nTraders in **Hyesan** reopened snake_case stalls today.\n")
    assert paragraphs(plain.report) == ["Traders in **Hyesan** reopened snake_case stalls today."]


def test_hard_wrapped_lines_are_joined_but_one_line_widgets_are_not() -> None:
    text = (
        "Markets reopen\n\nTraders in Sinuiju reopened their stalls on Monday after a\n"
        "two-week closure, residents said.\nShare\nPrint story\n"
    )
    report = run(text).report
    assert paragraphs(report) == [
        "Traders in Sinuiju reopened their stalls on Monday after a two-week closure, residents said."
    ]


def test_a_word_a_line_break_split_is_whole_again_and_a_compound_keeps_its_hyphen() -> None:
    """Text copied from a PDF breaks words at line ends ("the indus-" / "try"): the page read
    "indus- try". A compound broken at its own hyphen ("state-" / "run") keeps it, and a dash
    standing apart ("border -") is punctuation."""
    text = (
        "Markets reopen\n\nWages differ according to the indus-\ntry and the size of each "
        "state-\nrun enterprise in North Hamgy-\nong Province near the border -\nand a long-\n"
        "awaited survey of the con-\ntributions shows it.\n"
    )
    assert paragraphs(run(text).report) == [
        "Wages differ according to the industry and the size of each state-run enterprise in "
        "North Hamgyong Province near the border - and a long-awaited survey of the "
        "contributions shows it."
    ]


def test_a_wrapped_line_that_starts_with_a_name_goes_on_with_its_sentence() -> None:
    """A line may wrap before a name: after a word that promises more ("… call the market the"
    / "Sinuiju exchange") or a word broken at its hyphen ("inter-" / "Korean", kept as written).
    The lines stood apart, and a short one became a subhead."""
    text = (
        "Talks stall\n\nOfficials met on Monday to discuss the future of inter-\nKorean "
        "relations, but the talks ended early.\n\nThe next round is expected in mid-\nMarch, "
        "according to the ministry.\n\nA trader said many people now call the market the\n"
        "Sinuiju exchange because of its rates.\n"
    )
    report = run(text).report
    assert [b.kind for b in report.body] == ["paragraph"] * 3
    # a list's next item is no name: "- rice and the" / "- Maize" stay two items
    items = run("Prices\n\nTraders sold:\n- rice and the\n- Maize from China\n").report
    assert [b.text for b in items.body if b.kind == "item"] == ["rice and the", "Maize from China"]
    assert paragraphs(report) == [
        "Officials met on Monday to discuss the future of inter-Korean relations, but the talks "
        "ended early.",
        "The next round is expected in mid-March, according to the ministry.",
        "A trader said many people now call the market the Sinuiju exchange because of its rates.",
    ]


def test_a_pdf_s_page_marks_leave_and_a_sentence_split_by_them_is_whole_again() -> None:
    """Text copied from a PDF carries each page's number and running head between its pages,
    often inside a sentence: "… yearly incomes and" / "2 | Daily NK" / "incomes differ …"."""
    text = (
        "Markets reopen\n\nWorkers do not have fixed yearly incomes and\n\n2 | Daily NK\n\n"
        "incomes differ greatly between individuals.\n\nDaily NK | 3\n\nTraders in Hyesan "
        "said prices rose.\n- 4 -\nSoldiers, the source said, take most of\n\nPage 5 of 6\n\n"
        "what is left.\n"
    )
    report = run(text).report
    assert paragraphs(report) == [
        "Workers do not have fixed yearly incomes and incomes differ greatly between individuals.",
        "Traders in Hyesan said prices rose.",
        "Soldiers, the source said, take most of what is left.",
    ]
    assert "dropped line 5 (page-mark): 2 | Daily NK" in report.explanations
    assert "dropped line 9 (page-mark): Daily NK | 3" in report.explanations
    assert "dropped line 15 (page-mark): Page 5 of 6" in report.explanations


@pytest.mark.parametrize(
    "text",
    [
        # a number alone, or a table's row that no other line repeats, is text
        "Markets reopen\n\nThe price of rice was\n\n12\n\ntraders were fined.\n",
        "Markets reopen\n\nThe price of rice was\n1500\nwon a kilogram, traders said.\n",
        "Markets reopen\n\nThe price of rice was\n\nRice | 680\n\nMaize | 680\n\nthey said.\n",
    ],
)
def test_a_number_or_a_row_that_may_be_text_is_kept(text: str) -> None:
    kept = run(text).report
    assert any(("12" in p) or ("1500" in p) or ("680" in p) for p in paragraphs(kept))
    assert not any("page-mark" in line for line in kept.explanations)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Email story", "widget"),
        ("Share on Facebook", "widget"),
        ("Visit site.", "widget"),  # under each product of a shopping widget
        ("Scroll down for video", "widget"),
        ("SCROLL DOWN FOR VIDEOS.", "widget"),
        ("WARNING GRAPHIC IMAGES.", "widget"),
        ("Warning: graphic content", "widget"),
        ("Scroll down for video of the flood at the bridge.", "widget"),
        ("READ MORE: Rice prices double in Hyesan", "widget"),
        ("To see the full list of market prices, click here.", "link-prompt"),
        ("CLICK HERE for more pictures of the bridge", "link-prompt"),
        ("Read in Korean", "language-link"),
        ("Sign up for our weekly newsletter", "newsletter-prompt"),
        ("AP Photo/Someone Somebody", "photo-credit"),
        ("Photo: Yonhap", "photo-credit"),
        ("Workers at a site near Rason. / Image: Daily NK", "image-caption"),
        ("Kim Min-ji is one of our freelance reporters.", "author-bio"),
        ("Please direct any comments or questions about this article to", "contact-line"),
        ("---", "separator"),  # a section break: no word in it
        ("* * *", "separator"),
        ("•••", "separator"),
        ("— — —", "separator"),
        ("* ---", "separator"),  # as a list's item it read back as "- ---", a break (fuzzing)
        ("- ***", "separator"),
        ("……", "separator"),
    ],
)
def test_furniture_rules(line: str, rule: str) -> None:
    finding = classify_line(line, None, None)
    assert finding is not None and finding.rule == rule


@pytest.mark.parametrize(
    "line",
    [
        "The source said many officials expressed uncertainty.",
        "Share prices fell by 3% on Monday.",
        "Kim Jong Un is the leader of North Korea.",
        "Printing presses were seized in the raid.",
        "Visit site inspectors were turned away at the gate.",
        "Traders scroll through price lists on their phones before they buy.",
        "Readers of the paper learned of the raid on Monday.",
    ],
)
def test_body_sentences_are_not_furniture(line: str) -> None:
    assert classify_line(line, None, None) is None


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Traders wait at the bridge in Sinuiju (file photo).", "file-photo-caption"),
        (
            "Traders wait at the bridge in Sinuiju (file photo, Dandong, 2019).",
            "file-photo-caption",
        ),
        ("A border guard checks papers in Hyesan (stock image shown).", "file-photo-caption"),
        ("A rice stall in a market in Hyesan (March 2023 stock image)", "file-photo-caption"),
        ("Above, police at the scene.", "above-caption"),
        ("Above left, the bridge on March 5, 2024.", "above-caption"),
        ("Pictured: The closed market in Hyesan.", "pictured-caption"),
        ("Pictured is the Friendship Bridge at dusk.", "pictured-caption"),
        ("Pictured together above.", "pictured-caption"),
        ("Ann Roe pictured with her son outside the court in 2013.", "pictured-caption"),
        ("The couple pictured on their wedding day.", "pictured-caption"),
        ("Jailed: Roe pictured shortly before she was arrested in May.", "pictured-caption"),
        ("Traders unload rice in this photo taken on Monday.", "in-this-photo-caption"),
        ("In this handout photo a guard stands at the gate.", "in-this-photo-caption"),
        ("Ann Roe (left) celebrates with her team-mates after the final.", "position-caption"),
        (
            "Harbour captain Tom Lee (second right) and Sam Park vie for the ball.",
            "position-caption",
        ),
        (
            "Traders Kim Min (centre) and Park Ji (right) pose with the first rice.",
            "position-caption",
        ),
        ("Goalkeeper Sam Park, right, dives to stop a shot during training.", "position-caption"),
        ("Rovers winger Ann Roe (far left) in action against City in March.", "position-caption"),
        ("Tom Lee (centre right) watches as the ball goes over the bar.", "position-caption"),
        ("Hurt: Ann Roe (right) stands next to her car outside the court.", "position-caption"),
    ],
)
def test_photo_captions_are_furniture(line: str, rule: str) -> None:
    finding = classify_line(line, None, None)
    assert finding is not None and finding.rule == rule


@pytest.mark.parametrize(
    "line",
    [
        "Police pictured the suspect's car on CCTV, officers said.",
        "She pictured in her mind a house by the sea.",
        "The man pictured above is wanted by police.",
        "Roe pictured at the hearing smiled at her son.",
        "Officers want to speak to the man pictured.",
        "Pictured in May, the traders were seen leaving the market.",
        "Above all, the talks must go on.",
        "'We found it in the river,' he explained, shown in this image from the film.",
        "Prices doubled in May. Traders wait at the bridge (file photo).",
        # a position mark in a sentence of the text: no verb of a photo's moment
        "Mr Kim (left) and his wife fled across the river in 2019, officials said.",
        "Ann Roe (left) was jailed for six years and Tom Lee (right) for four.",
        "Police were called to the house (above) on Monday night.",
        "Lee (pictured) died suddenly at his home last June.",
        "Coach Ann Roe (right) battles cancer while she runs the club.",
        "Tom Lee (left) poses a threat to the champion in Saturday's final.",
        "Ann Roe (left) tries to eat well but admits she loves chocolate.",
        "Ann Roe (left) celebrates her 100th birthday at home today.",
        "Ann Roe, left, was accused of fraud while her sister, right, was cleared.",
        # a photo's moment, but not a caption: not one sentence, quoted, reported, or no name
        "Ann Roe (left) celebrates with her team-mates. She scored twice.",
        "'Ann Roe (left) celebrates with us every week,' her coach said.",
        "Police say Ann Roe (left) poses with stolen goods in her posts.",
        "The school (right) stands next to the church on Market Street.",
    ],
)
def test_sentences_with_photo_words_are_not_captions(line: str) -> None:
    assert classify_line(line, None, None) is None


def test_a_caption_line_is_dropped_and_the_explanation_names_its_rule() -> None:
    caption = "Traders pictured at the market in Hyesan on Monday."
    report = run(f"Markets reopen\n\n{LEAD}\n\n{caption}\n\nPrices rose again.\n").report
    assert paragraphs(report) == [LEAD, "Prices rose again."]
    assert f"dropped line 5 (pictured-caption): {caption}" in report.explanations


def test_a_position_caption_is_dropped_and_the_explanation_names_its_rule() -> None:
    caption = "Ann Roe (second left) poses with the traders of the Hyesan market."
    report = run(f"Markets reopen\n\n{LEAD}\n\n{caption}\n\nPrices rose again.\n").report
    assert paragraphs(report) == [LEAD, "Prices rose again."]
    assert f"dropped line 5 (position-caption): {caption}" in report.explanations


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        # a person told, not an outlet: no source rather than a guess (it said "Kim Jong Un")
        ("Vladimir Putin told Kim Jong Un on Wednesday that Moscow would help.", None),
        ("Officials spoke with residents of Hyesan about the new rules.", None),
        ("A defector told NK News on Monday that the camp had closed.", "NK News"),
        # "told the X" or "told The X" is mostly another outlet the report quotes: of 17 such
        # sources in the eval articles, 10 named a paper a CNN, Daily Mail or BBC story quoted
        ("A trader in Sinuiju told The Washington Post that prices doubled.", None),
        ("A trader in Sinuiju told the Washington Post that prices doubled.", None),
        ("Daily NK spoke with two traders in Hyesan about the price of rice.", "Daily NK"),
        # the word after the name is a whole word: "in" is only the start of "investors", and
        # "told US investors" names the country
        ("Mr Roe told US investors in New York that the mill would close.", None),
        ("A defector told NK News in an interview that the camp had closed.", "NK News"),
        # the first outlet told wins over a person told before it
        ("Kim told Putin that talks would go on, a diplomat told Reuters.", "Reuters"),
        ("Talks will resume, a White House source said.", None),  # an institution, no outlet
        ("The clinic was busy, the doctor told TODAY's Ann Curry on Friday.", "TODAY"),
        ("The ferry was late, a passenger told MailOnline.", "MailOnline"),
        ("Prices doubled, Smith has learned from traders.", None),
        # a web address is one name; a name ends with its sentence, and with its paragraph
        ("A trader told NKNews.org of the new fees.", "NKNews.org"),
        ("A trader told NKNews.org: 'Fees doubled.'", "NKNews.org"),
        ("'Prices doubled,' a trader told NBC. On Monday, stalls reopened.", "NBC"),
        ("'Prices doubled,' a trader told NBC.\nOn Monday, stalls reopened.", "NBC"),
        # a local station (US call letters) told is one the story quotes: all 9 in the eval
        # articles were
        ("A neighbour told KCRA on Monday that the road was shut.", None),
        ("'It was loud,' a neighbour told WRAL-TV. On Monday, stalls reopened.", None),
        ("A neighbour told KBMT News on Monday that the road was shut.", None),
        # so is an outlet the text also cites "according to"; its own sources are the
        # publisher's
        ("Prices doubled, a trader told Reuters. According to Reuters, stalls reopened.", None),
        ("According to Daily NK's sources, prices doubled, a trader told Daily NK.", "Daily NK"),
    ],
)
def test_a_source_told_or_spoken_with_must_be_an_outlet(sentence: str, source: str | None) -> None:
    report = run(f"Markets reopen\n\n{sentence} {LEAD}\n").report
    assert report.source == source


def test_an_outlet_told_that_the_story_quotes_is_explained_and_a_later_one_is_read() -> None:
    report = run(
        f"Markets reopen\n\nA neighbour told KCRA on Monday, and a trader told Daily NK. {LEAD}\n"
    ).report
    assert report.source == "Daily NK"
    assert (
        "source: not KCRA (told-outlet): call letters, as of a station the story quotes"
        in report.explanations
    )


@pytest.mark.parametrize(
    ("closing", "reporters"),
    [
        ("\n\nWith assistance from Ann Park in Seoul, Bo Kim in Tokyo and Carl Roe.", ()),
        # pasted onto the last paragraph, before the editors' names and addresses (the
        # reporter to contact comes first: the story's own)
        (
            " - With assistance from Ann Park in Seoul, Bo Kim in Tokyo and Carl Roe. Editors: "
            "Dan Lee To contact the reporter on this story: Eve Moon in Seoul at "
            "emoon@example.com",
            ("Eve Moon",),
        ),
    ],
)
def test_bloomberg_s_assistance_credit_names_more_reporters_and_is_dropped(
    closing: str, reporters: tuple[str, ...]
) -> None:
    report = run(f"Markets reopen\n\n{LEAD}\n\nPrices rose again, traders said.{closing}\n").report
    assert report.authors == (*reporters, "Ann Park", "Bo Kim", "Carl Roe")
    assert paragraphs(report) == [LEAD, "Prices rose again, traders said."]
    assert any("(assistance-credit): " in line for line in report.explanations)


@pytest.mark.parametrize("gap", ["\n\n", " "])  # on a line of its own, or pasted on
def test_bloomberg_s_contact_line_names_the_reporters_and_not_the_editor(gap: str) -> None:
    contact = (
        "To contact the reporters on this story: Ann Park in Seoul at apark@example.com; Bo "
        "Kim in New York at bkim@example.com. To contact the editor responsible for this story: "
        "Carl Roe at croe@example.com."
    )
    report = run(f"Markets reopen\n\n{LEAD}\n\nPrices rose again, traders said.{gap}{contact}\n")
    assert report.report.authors == ("Ann Park", "Bo Kim")
    assert paragraphs(report.report) == [LEAD, "Prices rose again, traders said."]
    assert any(
        "(contact-line): To contact the reporters" in why for why in report.report.explanations
    )
    # the editor's line alone names no author
    editor = "To contact the editor responsible for this story: Carl Roe at croe@example.com"
    assert run(f"Markets reopen\n\n{LEAD}{gap}{editor}\n").report.authors == ()


@pytest.mark.parametrize(
    ("credit", "reporters"),
    [
        ("CNN's Ann Park and Bo Kim contributed to this report.", ("Ann Park", "Bo Kim")),
        (
            "CNN's Ann Park, Bo Kim and Carl Roe also contributed to this story.",
            ("Ann Park", "Bo Kim", "Carl Roe"),
        ),
        (
            "CNN's Ann Park reported from Seoul, and Bo Kim reported and wrote from Atlanta.",
            ("Ann Park", "Bo Kim"),
        ),
        ("Staff Writers Ann Park and Bo Kim contributed to this article.", ("Ann Park", "Bo Kim")),
        # a wire credited as a whole is no author; the line goes all the same
        ("The Associated Press contributed to this report.", ()),
        ("Reuters contributed to this report.", ()),
    ],
)
@pytest.mark.parametrize("gap", ["\n\n", " "])  # on a line of its own, or pasted on
def test_a_closing_credit_names_the_reporters_and_is_dropped(
    credit: str, reporters: tuple[str, ...], gap: str
) -> None:
    report = run(
        f"Markets reopen\n\n{LEAD}\n\nPrices rose again, traders said.{gap}{credit}\n"
    ).report
    assert report.authors == reporters
    assert paragraphs(report) == [LEAD, "Prices rose again, traders said."]
    assert any("(reporters-credit): " in why for why in report.explanations)


@pytest.mark.parametrize(
    "text",
    [
        "She was attacked as she reported from Cairo on the resignation of the president.",
        "The ministry contributed to this report on prices, officials said.",
    ],
)
def test_a_sentence_about_reporting_is_no_closing_credit(text: str) -> None:
    assert paragraphs(run(f"Markets reopen\n\n{LEAD}\n\n{text}\n").report)[-1] == text


def test_a_sentence_that_starts_with_assistance_from_someone_stays() -> None:
    last = "With assistance from Ann Park, police searched the flat on Monday."
    report = run(f"Markets reopen\n\n{LEAD} {last}\n").report
    assert report.authors == ()
    assert paragraphs(report) == [f"{LEAD} {last}"]


def test_a_wire_credit_with_a_place_for_each_reporter_names_every_reporter() -> None:
    finding = classify_line(
        "(Reporting by Ann Park in Seoul and Bo Kim in Tokyo; Writing by Carl Roe in Hong "
        "Kong; Editing by Dan Lee)",
        None,
        None,
    )
    assert finding is not None and finding.rule == "wire-credit"
    assert finding.authors == ("Ann Park", "Bo Kim", "Carl Roe")


@pytest.mark.parametrize(
    ("line", "authors", "source"),
    [
        ("By Ann Park and Bo Kim", ("Ann Park", "Bo Kim"), None),
        ("By Ann Park, Daily NK", ("Ann Park",), "Daily NK"),  # an outlet, not a person
        ("By Ann Park, Seoul Correspondent", ("Ann Park",), None),  # a job, not a person
        (
            "By Carl Roe, Deputy Political Editor for The Daily Herald.",
            ("Carl Roe",),
            "The Daily Herald",
        ),
        ("By Carl Roe for the Daily Herald.", ("Carl Roe",), "Daily Herald"),
        # in capitals: the names written as names, joined by "AND"; every word in capitals
        # would pass for an acronym, so a name ("BO KIM") is no outlet
        ("By ANN PARK", ("Ann Park",), None),
        ("By ANN PARK AND BO KIM", ("Ann Park", "Bo Kim"), None),
        ("By ANN PARK, BO KIM AND CARL ROE", ("Ann Park", "Bo Kim", "Carl Roe"), None),
        ("By BO-RA O'NEIL, SEOUL CORRESPONDENT", ("Bo-Ra O'Neil",), None),
        # an outlet in capitals is told by its words, or by being one word (a name has two)
        ("By ANN PARK, DAILY NK", ("Ann Park",), "DAILY NK"),
        ("By ANN PARK AND BO KIM, CNN", ("Ann Park", "Bo Kim"), "CNN"),
        ("By ANN PARK FOR THE DAILY HERALD", ("Ann Park",), "DAILY HERALD"),
        ("By THE ASSOCIATED PRESS", (), "THE ASSOCIATED PRESS"),
        # an outlet alone in mixed case is the source, no author: one word that looks like an
        # outlet (a person's name has two), or a word of the trade
        ("By Reuters", (), "Reuters"),
        ("By Daily NK", (), "Daily NK"),
        ("By The Associated Press", (), "The Associated Press"),
        ("By Radio Free Asia", (), "Radio Free Asia"),
        ("By NK News", (), "NK News"),
        ("By Associated Press", (), "Associated Press"),
        ("By The Diplomat", (), "The Diplomat"),  # "The" and one more word: an outlet
        # a surname may be a word of the trade, and an initial or a numeral makes a person's
        # name look like an outlet; these stay names
        ("By Jessica Fox", ("Jessica Fox",), None),
        ("By Emily Post", ("Emily Post",), None),
        ("By Jessica Fox, Daily NK", ("Jessica Fox",), "Daily NK"),
        ("By JR Smith", ("JR Smith",), None),
        ("By Ann Park III", ("Ann Park III",), None),
        ("By Leo MacArthur", ("Leo MacArthur",), None),
        # "Mc" in capitals is written as the name is; "Mac" is left ("MACEY" is Macey)
        ("By CHRIS MCDONALD AND ANN MACEY", ("Chris McDonald", "Ann Macey"), None),
        # a newsroom's staff is no person: the words before the desk name the outlet when
        # they look like one, and a name with a staff word for a surname stays a name
        ("By Daily Mail Reporter", (), "Daily Mail"),
        ("By DAILY MAIL REPORTER", (), "DAILY MAIL"),
        ("By Daily Mail Sports Reporter", (), "Daily Mail"),  # a desk is no part of the name
        ("By Times Staff Writer", (), "Times"),
        ("By CNN Staff", (), "CNN"),
        ("By CNN STAFF", (), "CNN"),
        ("By ANN PARK AND CNN STAFF", ("Ann Park",), "CNN"),
        ("By Fox News Staff", (), "Fox News"),  # "News" and "Online" end outlets' names
        ("By Mail Online Reporter", (), "Mail Online"),
        ("By The Times Staff", (), "The Times"),
        ("By Hollywood Reporter Staff", (), "Hollywood Reporter"),
        ("By The Hollywood Reporter", (), "The Hollywood Reporter"),  # the outlet's whole name
        ("By Staff Reporter", (), None),
        ("By STAFF", (), None),
        ("By Our Foreign Staff", (), None),
        ("By Our Seoul Correspondent", (), None),
        ("By Ann Park, Staff Writer", ("Ann Park",), None),
        ("By Ann Park and Daily Mail Reporter", ("Ann Park",), "Daily Mail"),
        ("By John Writer", ("John Writer",), None),  # a staff word for a surname
        ("By Ann Staff", ("Ann Staff",), None),
        ("By JR Writer", ("JR Writer",), None),  # initials, not an outlet
        ("By a Staff Writer", (), None),
        ("By our foreign staff", (), None),
        ("By a Daily Mail Reporter", (), "Daily Mail"),
        # a byline in capitals from its first word
        ("BY ANN PARK", ("Ann Park",), None),
        ("BY CNN STAFF", (), "CNN"),
        ("BY A STAFF WRITER", (), None),
    ],
)
def test_a_byline_names_people_and_its_outlet_apart(
    line: str, authors: tuple[str, ...], source: str | None
) -> None:
    finding = classify_line(line, None, None)
    assert finding is not None and finding.rule == "byline"
    assert (finding.authors, finding.source) == (authors, source)


@pytest.mark.parametrize(
    "line",
    [
        "By The Numbers",  # heads a box of figures: no author "The Numbers", no outlet either
        "BY THE NUMBERS",
        # sentences that start with "By" and a staff word stay text
        "By a Staff Writer. Prices rose.",
        "By a staff vote, the union agreed to strike.",
        "By our estimate, prices rose 30% this week.",
    ],
)
def test_a_heading_or_a_sentence_starting_with_by_is_no_byline(line: str) -> None:
    assert classify_line(line, None, None) is None


def test_byline_gives_authors_and_source_but_not_translators() -> None:
    finding = classify_line(
        "Reported by Ann Park for RFA’s Korean Service. Translated by Bo Kim. "
        "Written in English by Carl Roe.",
        None,
        None,
    )
    assert finding is not None and finding.rule == "byline"
    assert finding.authors == ("Ann Park", "Carl Roe") and finding.source == "RFA"


def test_a_service_named_by_its_language_is_its_outlet() -> None:
    """'for RFA Korean' and 'for RFA’s Korean Service' are one source: the two showed as
    'RFA Korean' and 'RFA' on pages and in the search filters."""
    finding = classify_line(
        "Reported by Ann Park for RFA Korean. Translated by Bo Kim.", None, None
    )
    assert finding is not None and finding.source == "RFA"


def test_date_cascade() -> None:
    assert run(f"Markets reopen\n\n{LEAD}\n").report.date == GIT
    dated = run(f"Markets reopen\n\nSINUIJU, March 5, 2023 – {LEAD}\n").report
    assert (
        dated.date == dt.datetime(2023, 3, 5, tzinfo=dt.UTC)
        and dated.date_origin == "written in the text"
    )
    front = run(f"---\ndate: 2022-01-02\n---\nMarkets reopen\n\nMarch 5, 2023 - {LEAD}\n").report
    assert (
        front.date == dt.datetime(2022, 1, 2, tzinfo=dt.UTC) and front.date_origin == "front matter"
    )
    mtime = dt.datetime(2021, 6, 1, tzinfo=dt.UTC)
    result = run(f"Markets reopen\n\n{LEAD}\n", DateHints(mtime=mtime))
    assert result.report.date == mtime
    assert any("modification time" in issue.message for issue in result.issues)


@pytest.mark.parametrize(
    ("text", "date", "where"),
    [
        (f"March 5, 2023 - {LEAD}", "2023-03-05", "the lead's dateline"),
        (
            f"SINUIJU, North Pyongan, 5 March 2023 (Daily NK) -- {LEAD}",
            "2023-03-05",
            "the lead's dateline",
        ),
        (f"Seoul, Tuesday, March 7, 2023: {LEAD}", "2023-03-07", "the lead's dateline"),
        # a standfirst pasted onto the dateline's line: the place in capitals starts it
        (
            f"Grain prices double SINUIJU, March 5, 2023 – {LEAD}",
            "2023-03-05",
            "the lead's dateline",
        ),
        (
            f"{LEAD}\n\nThis article was first published on 2 April 2023.",
            "2023-04-02",
            "a 'published on' line",
        ),
        (f"{LEAD}\n\nOriginally published March 9, 2023.", "2023-03-09", "a 'published on' line"),
        (f"Updated: 9 March 2023\n\nMarch 5, 2023 - {LEAD}", "2023-03-09", "a line of its own"),
        # in numbers: year first (as Korean outlets print it) or day first with dots
        (f"2023.03.07 10:32\n\n{LEAD}", "2023-03-07", "a line of its own"),
        (f"2023/3/7\n\n{LEAD}", "2023-03-07", "a line of its own"),
        (f"05.03.2023\n\n{LEAD}", "2023-03-05", "a line of its own"),
    ],
)
def test_the_text_s_own_date_dates_the_report(text: str, date: str, where: str) -> None:
    report = run(f"Markets reopen\n\n{text}\n").report
    assert (report.date.date().isoformat(), report.date_origin) == (date, "written in the text")
    assert f"date: {date} (written in the text: {where})" in report.explanations


@pytest.mark.parametrize(
    "lead",
    [
        # what the story is about: 84 of the 87 sentence-borne dates in the eval articles were
        f"On March 5, 2023, {LEAD}",
        f"{LEAD} Gordon Brown was born in Glasgow on 20 February 1951.",
        f"The study was published on March 16, 2011 in Nature. {LEAD}",
        # a dateline heads the lead only, not a timeline further down
        f"{LEAD}\n\nMarch 5, 2023 - the market closed.\n\nMarch 9, 2023 - it reopened.",
        # a date followed by a dash inside a sentence is no dateline
        f"Traders said that on March 5, 2023 - a Monday - the stalls reopened. {LEAD}",
    ],
)
def test_a_date_the_story_is_about_does_not_date_the_report(lead: str) -> None:
    """Gordon Brown's profile was dated 1951 and a story about Pearl Harbor 1941, so the digest
    listed them last, and a report on next year's rules would be listed first for a year."""
    result = run(f"Markets reopen\n\n{lead}\n")
    assert (result.report.date, result.report.date_origin) == (GIT, "first added to git")
    assert result.issues == ()


def test_a_date_line_in_numbers_under_the_headline_is_no_sentence_of_the_report() -> None:
    """ "05.03.2024" under the headline was the summary's first sentence and the description's
    start; "05/03/2024" (5 March or 3 May?) dates nothing."""
    result = run(f"Markets reopen\n05.03.2024\n\n{LEAD}\n")
    assert result.report.date == dt.datetime(2024, 3, 5, tzinfo=dt.UTC)
    assert "dropped line 2 (date-line): 05.03.2024" in result.report.explanations
    assert "05.03.2024" not in "\n".join(block.text for block in result.report.body)
    assert run(f"Markets reopen\n\n05/03/2024\n\n{LEAD}\n").report.date == GIT
    assert run(f"Markets reopen\n\n2024.13.05\n\n{LEAD}\n").report.date == GIT  # no month 13


@pytest.mark.parametrize(
    "written", ["December 31, 9999", "1 January 0001", "0001-01-01", "March 5, 1850"]
)
def test_a_date_no_report_could_have_is_not_the_report_s_date(written: str) -> None:
    """A typo in a dateline is not when the report was filed; the year 9999 broke the build (its
    week ends in year 10000) and the year 1 the RSS feed (a year in four digits)."""
    for text in (f"{written} - {LEAD}", f"{written}\n\n{LEAD}"):
        result = run(f"Markets reopen\n\n{text}\n")
        assert result.report.date == GIT and result.report.date_origin == "first added to git"
        assert result.issues == ()
    # a plausible date of the text's own is still found
    later = run(f"Markets reopen\n\n{written} - {LEAD}\n\nFirst published 5 March 2023.\n")
    assert later.report.date == dt.datetime(2023, 3, 5, tzinfo=dt.UTC)


def test_a_date_after_today_is_not_the_report_s_date() -> None:
    """A dateline of "January 1, 2031" dated the report 2031: its feed item would have topped
    every feed for years. A date after the build's day is passed over, saying so."""
    today = dt.date(2026, 12, 8)

    def dated(text: str):
        seed = Seed(Path("/x/r.txt"), "r.txt", text.encode("utf-8"))
        return ingest(seed, dates=DateHints(git_added=GIT), today=today)

    result = dated(f"Markets reopen\n\nJanuary 1, 2031 - {LEAD}\n")
    assert (result.report.date, result.report.date_origin) == (GIT, "first added to git")
    [issue] = result.issues
    assert issue.severity is Severity.WARNING and issue.path == "seeds/r.txt"
    assert issue.message == (
        "the text is dated 1 January 2031, after today, so that is not taken as the report's "
        "date (dated in the future, it would top every feed until then); dated it by when git "
        "first saw the file instead. Add 'date: YYYY-MM-DD' to its front matter if that is wrong"
    )
    assert "date: passed over 2031-01-01 (after today)" in result.report.explanations
    # another date of the text's own is taken without a word; today itself is not the future
    both = dated(f"Markets reopen\n\nJanuary 1, 2031 - {LEAD}\n\nFirst published 5 March 2023.")
    assert both.report.date == dt.datetime(2023, 3, 5, tzinfo=dt.UTC) and both.issues == ()
    # a date on a line of its own is held to the same day
    alone = dated(f"Markets reopen\n\nJanuary 1, 2031\n\n{LEAD}\n")
    assert alone.report.date == GIT and len(alone.issues) == 1
    on_the_day = dated(f"Markets reopen\n\nDecember 8, 2026 - {LEAD}\n").report
    assert on_the_day.date == dt.datetime(2026, 12, 8, tzinfo=dt.UTC)
    # a plan inside a sentence is not the text's date at all: nothing to warn of
    assert dated(f"Markets reopen\n\nThe rules take effect on January 1, 2031. {LEAD}").issues == ()
    # with no git or file date (briefing analyze) no made-up date is named: it said "dated it
    # 1 January 1970 (no other date was known) instead"
    text = f"January 1, 2031 - {LEAD}\n"
    seed = Seed(Path("/x/r.txt"), "r.txt", text.encode("utf-8"))
    [undated] = ingest(seed, dates=DateHints(), today=today).issues
    assert "; no other date is known, so it has none. Add 'date: YYYY-MM-DD'" in undated.message


def test_a_front_matter_date_after_today_is_used_with_a_warning() -> None:
    """'date: 2031-01-01' (a mistyped year) topped the feed and the home page for years, without
    a word, while the same date in the text was refused. The user wrote it, so it is used."""
    today = dt.date(2026, 12, 8)
    text = f"---\ntitle: Markets reopen\ndate: 2031-01-01\n---\n{LEAD}\n"
    result = ingest(Seed(Path("/x/r.txt"), "r.txt", text.encode()), dates=DateHints(), today=today)
    assert result.report.date == dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    [issue] = result.issues
    assert (issue.severity, issue.line) == (Severity.WARNING, 3)
    assert issue.message.startswith("front matter 'date' 2031-01-01 is after today")
    on_the_day = text.replace("2031-01-01", "2026-12-08")
    seed = Seed(Path("/x/r.txt"), "r.txt", on_the_day.encode())
    assert ingest(seed, dates=DateHints(), today=today).issues == ()


def test_a_report_of_only_a_headline_is_published_with_a_warning() -> None:
    """A file holding only "Only a headline here" was published as title, body and summary, all
    the same line, without a word: most likely the text was never pasted."""
    [issue] = run("Only a headline here\n").issues
    assert issue.severity is Severity.WARNING
    assert issue.message.startswith("has only a headline ('Only a headline here')")
    assert run(f"{LEAD}\n").issues == ()  # one sentence of text is a (short) report
    assert run("Border guards shot a man crossing the Tumen River near Hoeryong.\n").issues == ()
    # a question, an exclamation or a quoted line is still a headline alone
    for headline in ("Will the border reopen?", "Kim visits Hyesan!", '"Only a headline here"'):
        [issue] = run(f"{headline}\n").issues
        assert issue.message.startswith("has only a headline"), headline
    assert run("Markets reopen\n\nRice prices rose again in Hyesan.\n").issues == ()


def test_today_is_the_reproducible_build_s_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """With SOURCE_DATE_EPOCH a build's "today" is fixed like the rest of its output (a day
    ahead of UTC's, so that no time zone's today is the future)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023, UTC
    assert today_utc() == dt.date(2023, 11, 15)
    text = f"Markets reopen\n\nMarch 5, 2024 - {LEAD}\n"
    assert run(text).report.date == GIT  # after that day


@pytest.mark.parametrize(
    "declared",
    ["0001-01-01T00:00:00+05:00", "9999-12-31", "0999-12-31", "1000-01-01T01:00:00+05:00"],
)
def test_a_front_matter_date_no_feed_can_carry_is_named_and_passed_over(declared: str) -> None:
    result = run(f"---\ndate: {declared}\n---\nMarkets reopen\n\nMarch 5, 2023 - {LEAD}\n")
    assert result.report.date == dt.datetime(2023, 3, 5, tzinfo=dt.UTC)
    [issue] = result.issues
    assert issue.severity is Severity.WARNING and issue.path == "seeds/r.txt"
    assert issue.line == 2  # the line of 'date:'
    assert issue.message.startswith(f"front matter 'date' {declared[:10]} is outside the years")
    assert issue.message.endswith("so it was not used; fix the year")


def test_front_matter_overrides_detection() -> None:
    text = (
        "---\ntitle: Own title\nsource: Our desk\nauthors: [A. Writer]\ntags: [Markets]\n"
        "slug: own-slug\n---\nMarkets reopen\n\n" + LEAD + "\n"
    )
    report = run(text).report
    assert (report.title, report.source, report.authors, report.slug) == (
        "Own title",
        "Our desk",
        ("A. Writer",),
        "own-slug",
    )
    assert report.front_matter_tags == ("Markets",)
    # the first line is no longer the title, so it is body text
    assert paragraphs(report)[0] == "Markets reopen"


def test_title_is_never_empty_when_the_first_paragraph_has_no_words() -> None:
    """Found by the property tests: '...' as the first paragraph left an empty title, which then
    failed as front matter when the report was saved and ingested again."""
    report = run("...\n\nRice rice rice.\n").report
    assert report.title == "Rice rice rice"
    assert paragraphs(report) == ["Rice rice rice."]  # a line with no word is a separator


def test_a_dateline_names_the_publisher_before_an_outlet_the_report_quotes() -> None:
    """ "(CNN) … a witness told KXLY, a CNN affiliate" was published by CNN; the outlet told
    came first in the cascade, so the affiliate became the report's source."""
    lead = "(CNN) Stalls reopened in Sinuiju on Monday, a trader told KXLY, a CNN affiliate."
    report = run(f"{lead}\n\nPrices rose again.\n").report
    assert report.source == "CNN"
    assert "source: CNN (dateline)" in report.explanations
    # with no dateline, the outlet told is still what the text names
    told = run("Stalls reopened in Sinuiju on Monday, a trader told Daily NK.\n").report
    assert told.source == "Daily NK"


def test_html_character_references_are_read_as_the_characters_they_stand_for() -> None:
    """Text taken from a page's source or a feed showed "Kim&#39;s" on the page and in feeds
    (45 of the eval articles carry such references)."""
    report = run(
        "Kim&#39;s caf&#233; reopens\n\n"
        "Traders said the caf&#233; &amp; its market &#8211; closed since May &#8211; reopened "
        "on Monday, and prices of &lt;rice&gt; fell, residents said.\n"
    ).report
    assert report.title == "Kim's café reopens"
    assert paragraphs(report) == [
        "Traders said the café & its market – closed since May – reopened on Monday, and "
        "prices of <rice> fell, residents said."
    ]
    assert "text: read 8 HTML character reference(s) (&#39;, &amp;) as characters" in (
        report.explanations
    )


def test_a_title_built_from_the_lead_leaves_its_dateline_out() -> None:
    report = run(f"SINUIJU, March 5, 2023 (Daily NK) -- {LEAD}\n").report
    assert report.title.startswith("Traders in Sinuiju reopened their stalls")
    assert (
        "title: left out the dateline 'SINUIJU, March 5, 2023 (Daily NK) --'" in report.explanations
    )
    assert report.date == dt.datetime(2023, 3, 5, tzinfo=dt.UTC)
    assert paragraphs(report)[0].startswith("SINUIJU, March 5, 2023 (Daily NK) -- Traders")


@pytest.mark.parametrize("quote", ["'", '"'])
def test_a_title_built_from_the_lead_is_not_cut_inside_a_quotation(quote: str) -> None:
    """It read "A Wall Street banker raped an Irish student in a 'disgusting"."""
    lead = (
        "A trader in Hyesan was beaten by border guards in a "
        f"{quote}brutal, humiliating punishment{quote} because he refused to pay the bribe "
        "they demanded, residents told Daily NK on Monday."
    )
    title = run(f"{lead}\n").report.title
    assert title == "A trader in Hyesan was beaten by border guards"


def test_a_byline_pasted_onto_the_dateline_names_the_authors_and_leaves_the_lead() -> None:
    report = run(
        "Grain prices double in Hyesan\n"
        "By Ann Park and Bo-ra O'Neil HYESAN (Daily NK) - Rice prices doubled in a month, "
        "traders said on Monday.\n"
    ).report
    assert report.authors == ("Ann Park", "Bo-ra O'Neil")
    assert paragraphs(report) == [
        "HYESAN (Daily NK) - Rice prices doubled in a month, traders said on Monday."
    ]
    assert (
        "dropped the start of line 2 (byline): By Ann Park and Bo-ra O'Neil" in report.explanations
    )


@pytest.mark.parametrize(
    "lead",
    [
        # in capitals, where a name of three words or a place of two could end the names
        "BY ANN MI PARK HYESAN – Rice prices doubled in a month, traders said on Monday.",
        "BY ANN PARK AND BO KIM SO HYESAN – Rice prices doubled in a month, traders said.",
        # or where a known place leaves a name of one word
        "BY ANN NEW YORK – Rice prices doubled in a month, traders said on Monday.",
        # or where the names are an outlet's or a job's
        "BY THE KOREA HERALD SEOUL – Rice prices doubled in a month, traders said on Monday.",
        "BY STAFF REPORTERS SEOUL – Rice prices doubled in a month, traders said on Monday.",
        # no dateline after the names: a sentence that starts with "By"
        "By Monday Traders In Hyesan had doubled their prices, residents said.",
        "By Ann Park's count, HYESAN traders - most of them women - doubled their prices.",
        # an outlet in capitals is no author
        "By THE ASSOCIATED PRESS Rice prices doubled in a month, traders said on Monday.",
    ],
)
def test_a_lead_that_only_looks_like_a_glued_byline_is_left_whole(lead: str) -> None:
    report = run(f"Grain prices double in Hyesan\n\n{lead}\n").report
    assert paragraphs(report) == [lead] and report.authors == ()


@pytest.mark.parametrize(
    ("lead", "authors", "text"),
    [
        # the name ends where a word with a digit starts the text
        (
            "By ANN MI PARK MF4 robots went into the plant on Monday, engineers said.",
            ("Ann Mi Park",),
            "MF4 robots went into the plant on Monday, engineers said.",
        ),
        (
            "By BO O'NEIL AND ANN PARK Rice prices doubled in a month, traders said.",
            ("Bo O'Neil", "Ann Park"),
            "Rice prices doubled in a month, traders said.",
        ),
    ],
)
def test_a_byline_in_capitals_pasted_onto_the_text_names_the_authors_and_leaves_the_text(
    lead: str, authors: tuple[str, ...], text: str
) -> None:
    report = run(f"Robots enter the plant\n{lead}\n").report
    assert report.authors == authors
    assert paragraphs(report) == [text]
    assert f"dropped the start of line 2 (byline): {lead[: -len(text) - 1]}" in (
        report.explanations
    )


@pytest.mark.parametrize(
    ("lead", "authors", "text"),
    [
        # the dash after the place is the anchor: a name of two words and a place of one
        (
            "BY ANN PARK HYESAN – Rice prices doubled in a month, traders said on Monday.",
            ("Ann Park",),
            "HYESAN – Rice prices doubled in a month, traders said on Monday.",
        ),
        (
            "BY BO O'NEIL ROME—The ferry to the islands was cancelled on Monday, officials said.",
            ("Bo O'Neil",),
            "ROME—The ferry to the islands was cancelled on Monday, officials said.",
        ),
        # a place of two words where its first word starts place names and no surname
        (
            "BY ANN PARK AND BO KIM NEW DELHI – The cabinet approved the purchase of four jets.",
            ("Ann Park", "Bo Kim"),
            "NEW DELHI – The cabinet approved the purchase of four jets.",
        ),
        (
            "By ANN MI PARK, BO KIM AND CARL ROE HONG KONG - Shares fell for a third day, "
            "traders said.",
            ("Ann Mi Park", "Bo Kim", "Carl Roe"),
            "HONG KONG - Shares fell for a third day, traders said.",
        ),
    ],
)
def test_a_byline_in_capitals_pasted_onto_a_dateline_names_the_authors_and_leaves_the_lead(
    lead: str, authors: tuple[str, ...], text: str
) -> None:
    report = run(f"Grain prices double in Hyesan\n{lead}\n").report
    assert report.authors == authors
    assert paragraphs(report) == [text]
    assert f"dropped the start of line 2 (byline): {lead[: -len(text) - 1]}" in (
        report.explanations
    )


def test_a_question_over_a_byline_or_dateline_is_the_headline() -> None:
    """A question is a headline only when a blank line sets it apart, as the lead of a story
    can be one; a byline or dateline under it shows where the story starts."""
    for byline, dateline in (
        ("By Ann Park ", "HYESAN (Daily NK) - "),
        ("", "HYESAN (Daily NK) - "),
        ("BY ANN PARK ", "HYESAN - "),
    ):
        second = f"{byline}{dateline}Rice prices doubled in a month, traders said."
        report = run(f"Will grain prices keep rising?\n{second}\n").report
        assert report.title == "Will grain prices keep rising?"
        assert paragraphs(report)[0].startswith(f"{dateline}Rice prices")
    lead = run(f"Will grain prices keep rising?\n{LEAD}\n").report
    assert paragraphs(lead)[0] == "Will grain prices keep rising?"
    # written in headline case, it is the headline with the text right under it
    for question in ("Will Grain Prices Keep Rising?", "Is It a Flood? Or a Drought?"):
        cased = run(f"{question}\n{LEAD}\n").report
        assert cased.title == question
        assert paragraphs(cased)[0] == LEAD


SECOND = "Officials said the market would stay open through the winter."


@pytest.mark.parametrize(
    "note",
    [
        "(Adds details from statement, paragraphs 5-7)",
        "(Corrects spelling of name in paragraph 3)",
        "(Updates with closing prices)",
        "(Repeats story with no changes)",
        "(Updates with minister's comment in fourth paragraph.)",
    ],
)
def test_a_wire_editor_s_note_above_the_story_is_furniture(note: str) -> None:
    for text in (
        f"Markets reopen\n\n{note}\n\n{LEAD}\n\n{SECOND}\n",
        f"{note}\nMarkets reopen\n\n{LEAD}\n",
    ):
        report = run(text).report
        assert report.title == "Markets reopen"
        assert paragraphs(report)[0] == LEAD
        assert any("(editors-note)" in why for why in report.explanations)


def test_a_wire_editor_s_note_pasted_onto_the_lead_is_furniture() -> None:
    lead = "SEOUL, March 4 (Reuters) - " + LEAD
    report = run(f"Markets reopen\n\n(Corrects day in paragraph 2) {lead}\n").report
    assert paragraphs(report) == [lead]
    assert report.source == "Reuters"


@pytest.mark.parametrize(
    "aside",
    [
        "(The company said it would add details later.)",
        "(Updates on the talks will follow.)",
        "(Changes to the rules take effect in May.)",
    ],
)
def test_a_bracketed_sentence_of_the_text_is_no_editor_s_note(aside: str) -> None:
    for text in (
        f"Markets reopen\n\n{LEAD}\n\n{aside}\n\n{SECOND}\n",
        f"Markets reopen\n\n{aside}\n\n{LEAD}\n",
    ):
        assert aside in paragraphs(run(text).report)
    assert paragraphs(run(f"Markets reopen\n\n{aside} {LEAD}\n").report) == [f"{aside} {LEAD}"]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Follow us on Twitter @MarketWatchers", "follow-prompt"),
        ("Follow @annpark on Twitter", "follow-prompt"),
        ("Follow Ann Park on X: @annpark", "follow-prompt"),
        ("Contact the reporter at ann.park@example.com", "contact-line"),
        (
            "To contact the reporter on this story: Ann Park in Seoul at apark@example.com",
            "contact-line",
        ),
        ("Ann Park can be reached at ann.park@example.com.", "contact-line"),
        ("ann.park@example.com", "contact-line"),
        ("Sorry we are not currently accepting comments on this article.", "comments-closed"),
        ("Post Your Comment You must be logged in to post a comment Members", "comment-prompt"),
        ("You must be signed in to leave a comment.", "comment-prompt"),
        ("Leave your comments below.", "comment-prompt"),
        ("Share your thoughts in the comments section below!", "comment-prompt"),
        ("Check out more of the latest Celebrity and TV news here!", "more-link"),
        ("Picture posed by model", "model-credit"),
    ],
)
def test_the_page_s_closing_lines_below_the_text_are_furniture(line: str, rule: str) -> None:
    report = run(f"Markets reopen\n\n{LEAD}\n\n{SECOND}\n\n{line}\n").report
    assert paragraphs(report) == [LEAD, SECOND]
    assert any(f"({rule})" in why for why in report.explanations)
    # pasted onto the end of the last paragraph, the same
    report = run(f"Markets reopen\n\n{LEAD}\n\n{SECOND} {line}\n").report
    assert paragraphs(report) == [LEAD, SECOND]


@pytest.mark.parametrize(
    "line",
    [
        "Follow @annpark on Twitter",
        "Contact the reporter at ann.park@example.com",
        "Sorry we are not currently accepting comments on this article.",
    ],
)
def test_a_closing_line_among_the_paragraphs_stays(line: str) -> None:
    report = run(f"Markets reopen\n\n{LEAD}\n\n{line}\n\n{SECOND}\n").report
    assert paragraphs(report) == [LEAD, line, SECOND]


@pytest.mark.parametrize(
    "sentence",
    [
        "Readers can write to ann.park@example.com with their questions.",
        "Traders who want a stall were told to contact the market office.",
        "Source: a person familiar with the matter said the talks had stalled.",
        "Follow-up inspections are due in May, officials said.",
        "Traders were told to check out more stalls in the new market here.",
    ],
)
def test_a_closing_sentence_of_the_text_stays(sentence: str) -> None:
    report = run(f"Markets reopen\n\n{LEAD}\n\n{sentence}\n").report
    assert paragraphs(report) == [LEAD, sentence]
    report = run(f"Markets reopen\n\n{LEAD} {sentence}\n").report
    assert paragraphs(report) == [f"{LEAD} {sentence}"]


def test_the_end_of_a_quotation_on_a_line_of_its_own_is_not_a_subhead() -> None:
    """Wire copy written one sentence per line ends a quotation on a line of its own; it showed
    as a heading (191 of them in 128 eval articles)."""
    report = run(
        f"Markets reopen\n\n{LEAD}\n\n'The market is our life,' one trader said. 'We cannot lose "
        "it.\n\nWe will not give up.'\n\nOfficials said the market would stay open.\n"
    ).report
    assert [b.kind for b in report.body] == ["paragraph"] * 4
    # a subhead is still one
    subhead = run(f"Markets reopen\n\n{LEAD}\n\nPrices in Hyesan\n\nRice rose by a third.\n").report
    assert [b.kind for b in subhead.body] == ["paragraph", "heading", "paragraph"]


def test_a_headline_may_end_with_an_initialism() -> None:
    report = run(f"Half a million die from smoking yearly in U.S.\n{LEAD}\n").report
    assert report.title == "Half a million die from smoking yearly in U.S."
    assert paragraphs(report) == [LEAD]


@pytest.mark.parametrize(
    "headline",
    ["북한 당국, 러시아 파견 노동자 충성자금 인상", "КНДР повысила партийные взносы рабочих"],
)
def test_a_headline_in_another_script_is_the_title(headline: str) -> None:
    """A Korean or Russian headline had no Latin letter, so it was read as the lead: the title
    was built from it and the summary counted it as a sentence of the report."""
    lead = "북한 당국이 러시아에 파견된 노동자들에게 부과하는 충성자금을 대폭 인상했다."
    report = run(f"{headline}\n\n{lead}\n").report
    assert report.title == headline
    assert paragraphs(report) == [lead]
    assert "title: line 1 reads like a headline" in report.explanations
    assert run("2024 — 12 / 2024\n\nPrices rose again.\n").report.title != "2024 — 12 / 2024"


@pytest.mark.parametrize(
    ("notice", "source"),
    [
        ("© Copyright 2024 Daily NK. All rights reserved.", "Daily NK"),
        ("Copyright 2024 Yonhap News Agency", "Yonhap News Agency"),
        ("© 2024 Getty Images", None),  # a photo's notice, not an outlet's
        ("Copyright 2024 by STATS LLC and The Associated Press.", None),  # held jointly
    ],
)
def test_a_copyright_notice_names_the_source_when_nothing_else_does(
    notice: str, source: str | None
) -> None:
    """The notice was dropped as furniture and what it said was lost: 4 of 25 KPCrowd pages in an
    audit named their publisher only there."""
    for text in (f"{LEAD}\n\n{notice}\n", f"{LEAD} {notice}\n"):  # a line of its own, or glued
        report = run(f"Markets reopen\n\n{text}").report
        assert report.source == source, text
        assert paragraphs(report) == [LEAD]
        if source:
            assert f"source: {source} (copyright)" in report.explanations
    # the weakest evidence: a dateline or a byline names the source first
    dated = run(f"Markets reopen\n\nSEOUL (Reuters) - {LEAD}\n\n{notice}\n").report
    assert dated.source == "Reuters"


# Furniture inside a paragraph: a page pasted with its line breaks lost. The paragraphs are
# longer than a line the line rules drop for a prompt to click a link in passing.
MORE = (
    "Rice sold for 6,800 won a kilogram on the first day, a little above the price before the "
    "closure, and fuel was scarce."
)


@pytest.mark.parametrize(
    ("furniture", "rule"),
    [
        ("Advertisement", "widget"),
        ("Enlarge", "widget"),
        ("Watch Video Report.", "video-prompt"),
        ("Scroll down for video", "video-prompt"),
        ("SCROLL DOWN FOR VIDEOS.", "video-prompt"),
        ('Watch "Evening News" for more on this story tonight on Channel 5.', "video-prompt"),
        ("Click here to read the full inspection report.", "link-prompt"),
        ("Click here (pdf) to read the study.", "link-prompt"),
        ("CLICK HERE.", "link-prompt"),
        ("[Related: Ten markets that closed this winter.]", "link-prompt"),
    ],
)
def test_furniture_between_two_sentences_of_a_paragraph_goes(furniture: str, rule: str) -> None:
    report = run(f"Markets reopen\n\n{LEAD} {furniture} {SECOND} {MORE}\n").report
    assert paragraphs(report) == [f"{LEAD} {SECOND} {MORE}"]
    assert any(
        why.startswith("dropped a sentence of line 3") and f"({rule})" in why
        for why in report.explanations
    )
    # at the end of the paragraph, the same
    report = run(f"Markets reopen\n\n{MORE} {LEAD} {furniture}\n\n{SECOND}\n").report
    assert paragraphs(report) == [f"{MORE} {LEAD}", SECOND]


def test_a_widget_s_words_after_a_ticker_go_and_the_ticker_stays() -> None:
    lead = "Shares of Korea Rail (KRL.KS: Quote, Profile, Research, Stock Buzz) fell 3 percent."
    report = run(f"Markets reopen\n\n{lead} {SECOND}\n").report
    assert paragraphs(report) == [f"Shares of Korea Rail (KRL.KS) fell 3 percent. {SECOND}"]
    assert any("(ticker-widget)" in why for why in report.explanations)


@pytest.mark.parametrize(
    ("tail", "rule"),
    [
        ("Read More: Ten markets that closed this winter", "link-prompt"),
        ("More information", "link-list"),
        ("Tags: markets, Sinuiju, rice prices", "tag-list"),
        ("Email Ann Park, the author of this post.", "contact-line"),
        (
            "Follow Korea Wire on Twitter. Email Ann Park, the author of this post. Read More: "
            "Ten markets that closed this winter",
            "follow-prompt",
        ),
    ],
)
def test_the_page_s_closing_words_after_the_last_sentence_go(tail: str, rule: str) -> None:
    report = run(f"Markets reopen\n\n{LEAD} {SECOND} {MORE} {tail}\n").report
    assert paragraphs(report) == [f"{LEAD} {SECOND} {MORE}"]
    assert any(
        why.startswith("dropped the end of line 3") and f"({rule})" in why
        for why in report.explanations
    )


def test_a_copyright_notice_after_a_signature_goes() -> None:
    """A reader's letter ends with a signature and no full stop before the page's notice."""
    letter = f"{LEAD} Ann Park Hyesan"
    notice = "Copyright 2024 Korea Wire. All rights reserved. This material may not be republished."
    report = run(f"Markets reopen\n\n{letter} {notice}\n").report
    assert paragraphs(report) == [letter]
    assert any("(copyright)" in why for why in report.explanations)
    # without "All rights reserved" after a name, nothing says where a notice starts
    about = f"{LEAD} Traders cited the Copyright 2024 Act. It changed little."
    assert paragraphs(run(f"Markets reopen\n\n{about}\n").report) == [about]


@pytest.mark.parametrize(
    "sentence",
    [
        "Follow the money, he said.",
        "Watch out for pickpockets near the bridge, traders warned.",
        "Watch this parlor trick: prices doubled overnight.",
        '"Click here," the clerk told her, and the form opened.',
        "Click here, he said, and the page loads.",
        "Advertisement spending by the state stores fell.",
        "Enlarge the photo and the border fence can be seen.",
        "Read more about it at the library.",
        "You must be logged in to post a comment, the forum's rules say.",
        "More information will be released on Friday.",
        "Topics: the meeting covered rice prices and fuel.",
        "Shares of Korea Rail (KRL.KS) fell 3 percent.",
    ],
)
def test_a_sentence_that_only_looks_like_furniture_stays(sentence: str) -> None:
    text = f"{LEAD} {sentence} {SECOND} {MORE}"
    assert paragraphs(run(f"Markets reopen\n\n{text}\n").report) == [text]
    text = f"{MORE} {LEAD} {sentence}"
    assert paragraphs(run(f"Markets reopen\n\n{text}\n").report) == [text]


def test_a_prompt_to_click_pasted_after_a_sentence_goes_and_the_sentence_stays() -> None:
    """'Albrighton finished off the move - CLICK HERE for more stats.' was dropped whole, and
    the match report lost a sentence."""
    report = run(
        f"Markets reopen\n\n{LEAD}\n\nRice prices rose by a third in Hyesan this month - CLICK "
        "HERE for more prices from our market tracker.\n\nOfficials said the market would stay "
        "open.\n"
    ).report
    assert paragraphs(report)[1] == "Rice prices rose by a third in Hyesan this month."
    assert any("(link-prompt): - CLICK HERE for more prices" in e for e in report.explanations)


def test_a_prompt_to_click_that_the_story_reports_is_text() -> None:
    line = "The e-mails asked readers to click here to verify their accounts, police said."
    assert classify_line(line, None, None) is None
    assert paragraphs(run(f"Markets reopen\n\n{LEAD}\n\n{line}\n").report)[1] == line


class _CountingPattern:
    """A compiled pattern that counts how often a paragraph is searched with it."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.searches = pattern, 0

    def finditer(self, text: str):
        self.searches += 1
        return self.pattern.finditer(text)

    def sub(self, replacement: str, text: str) -> str:
        return self.pattern.sub(replacement, text)


@pytest.mark.parametrize("chain", ["Advertisement ", "word - CLICK HERE ", "Read more. "])
def test_a_chain_of_glued_furniture_costs_a_bounded_number_of_passes(
    chain: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of 'Advertisement ' or 'Read more. ' 100,000 times over took a pass per word:
    minutes for one 2 MB report. Counted, not timed: each paragraph is searched a bounded
    number of times, however long the chain."""
    patterns = [
        (rule, hints, _CountingPattern(pattern))
        for rule, hints, pattern in ingest_module._INLINE_FURNITURE
    ]
    monkeypatch.setattr(ingest_module, "_INLINE_FURNITURE", tuple(patterns))
    ends = []
    glued_end_of_page = ingest_module._glued_end_of_page
    monkeypatch.setattr(
        ingest_module,
        "_glued_end_of_page",
        lambda paragraph: ends.append(1) or glued_end_of_page(paragraph),
    )
    run(f"Markets reopen\n\n{LEAD} {chain * 2000}\n")
    assert max(p.searches for _, _, p in patterns) <= ingest_module._FURNITURE_PASSES
    assert len(ends) <= ingest_module._FURNITURE_PASSES


def test_a_quoted_sentence_pasted_twice_keeps_one_copy() -> None:
    """A sentence that ends inside its quotation marks is a sentence, not a caption: pasted
    twice, one copy stays (both went, as a caption pasted twice does)."""
    quote = "He told reporters: 'We closed the crossing because three soldiers fled.'"
    report = run(f"Crossing shut\n\n{LEAD}\n\n{quote}\n\n{quote}\n\nPrices rose.\n").report
    assert paragraphs(report) == [LEAD, quote, "Prices rose."]


def test_quotation_marks_doubled_throughout_read_as_single() -> None:
    """Text from a CSV export doubles every quotation mark; read as it was written. Where
    single marks are used too, a "" is as written and stays."""
    doubled = run(
        'Singer weds\n\nThe singer of ""Crazy Love"" married. ""It was beautiful!"" she said.\n'
    ).report
    assert paragraphs(doubled) == [
        'The singer of "Crazy Love" married. "It was beautiful!" she said.'
    ]
    assert (
        'text: every quotation mark was doubled (""), as a CSV export does' in doubled.explanations
    )
    mixed = 'He said ""no"" and she said "yes" to the plan on Monday.'
    assert paragraphs(run(f"Prices rise\n\n{mixed}\n").report) == [mixed]
    # read once, read twice: the same ('""""' alone would read as '""', then as '"')
    empty = 'The form says """" where the price should be, traders said on Monday.'
    assert paragraphs(run(f"Prices rise\n\n{empty}\n").report) == [empty]


def test_a_page_s_top_pasted_before_the_wire_dateline_is_read_line_by_line() -> None:
    """A page pasted as one paragraph carries its top before the story's dateline: the headline
    again with its wire's mark, an editor's note and a byline go (the byline's people are the
    authors); a standfirst stays, on a line of its own; the story starts at the place."""
    story = "Traders in Hyesan reopened their stalls on Monday after a two-week closure."
    report = run(
        "Hyesan market reopens\nHyesan market reopens (AP) HYESAN (AP) — " + story + "\n"
    ).report
    assert report.title == "Hyesan market reopens"
    assert paragraphs(report) == ["HYESAN (AP) — " + story]
    assert any("(repeated-headline): Hyesan market reopens (AP)" in w for w in report.explanations)
    report = run(
        "Hyesan market reopens\n"
        "Stalls shut for two weeks after flood (Updates with prices) By C.J. Park and Bo Kim "
        "HYESAN, North Korea, April 2 (Reuters) - " + story + "\n"
    ).report
    assert report.authors == ("C.J. Park", "Bo Kim")
    assert paragraphs(report) == [
        "Stalls shut for two weeks after flood",
        "HYESAN, North Korea, April 2 (Reuters) - " + story,
    ]
    # a weekday in capitals starts the dateline, not a capitalised word of the standfirst
    report = run(
        "Hyesan market reopens\n"
        "Traders fear a new closure by the MPS THURSDAY, March 31 (Daily NK) - " + story + "\n"
    ).report
    assert paragraphs(report)[0] == "Traders fear a new closure by the MPS"


@pytest.mark.parametrize(
    "lead",
    [
        "SINUIJU, March 5, 2023 (Daily NK) -- Traders in Sinuiju reopened their stalls.",
        "A loan from Korea Rail (KR) - the state firm - kept the market open on Monday.",
        "Officials said the Ministry of State Security (MSS) - Traders were held on Monday.",
        # a bracket after words that are no place and no sentence's end starts nothing
        "Prices rose in the spring, traders said. Officials (Daily NK) - The market stayed shut.",
    ],
)
def test_a_lead_that_starts_with_its_dateline_or_names_a_body_stays_whole(lead: str) -> None:
    assert paragraphs(run(f"Markets reopen\n\n{lead}\n").report) == [lead]


def test_one_reporter_named_twice_is_one_author() -> None:
    report = run(
        f"Markets reopen\n\nBy C.J. Park\n\n{LEAD}\n\n(Reporting by CJ Park; Editing by Bo Kim)\n"
    ).report
    assert report.authors == ("C.J. Park",)


def test_the_headline_again_goes_only_before_more_text_and_never_as_a_list_item() -> None:
    """Found by the property test: a body that is only the headline again stays (dropping it
    left nothing to publish), and a list's item repeating the headline is the list's."""
    # a title from front matter may be the lead's own words (a published report saved again)
    lead = "Rice prices rose in Hyesan."
    saved = run(f"---\ntitle: Rice prices rose in Hyesan\n---\n{lead}\n\nTraders said so.\n")
    assert paragraphs(saved.report) == [lead, "Traders said so."]
    listed = run(f"Markets reopen\n\n- Markets reopen\n\n{LEAD}\n").report
    assert (listed.body[0].kind, listed.body[0].text) == ("item", "Markets reopen")
    again = run(f"Markets reopen\n\nMarkets reopen (AP)\n\n{LEAD}\n").report
    assert paragraphs(again) == [LEAD]
    only = run("Markets reopen in Hyesan\n\nMarkets reopen in Hyesan (AP)\n").report
    assert only is not None and paragraphs(only) == ["Markets reopen in Hyesan (AP)"]


def test_review_fixes_for_titles_credits_sources_and_bylines() -> None:
    # "… wrote from Pyongyang." pasted onto the text is the text's unless an outlet's reporter
    last = "Kim Jong Ho wrote from Pyongyang."
    report = run(f"Markets reopen\n\n{LEAD} {last}\n").report
    assert paragraphs(report) == [f"{LEAD} {last}"] and report.authors == ()
    credit = run(f"Markets reopen\n\n{LEAD}\n\nReuters' Ann Park contributed to this report.\n")
    assert credit.report.authors == ("Ann Park",)
    # "has contacted" names the publisher only "for comment"; "…, the Sun reported" quotes
    for text in (
        "The BBC has contacted his representatives, a source close to him said.",
        "Her manager, when contacted by The Guardian, declined to comment, the Sun reported.",
    ):
        assert run(f"Markets reopen\n\n{LEAD}\n\n{text}\n").report.source is None
    # dotted initials are a person's, no acronym of an outlet
    byline = classify_line("By Ann Park and J.R. Kim", None, None)
    assert byline is not None and (byline.authors, byline.source) == (
        ("Ann Park", "J.R. Kim"),
        None,
    )


def test_a_bracket_that_names_no_outlet_never_splits_the_first_paragraph() -> None:
    lead = (
        "The fund's chief economist spoke on Monday alongside the head of the IMF (International "
        "Monetary Fund) - Christine Lagarde - who warned of slower growth."
    )
    assert paragraphs(run(f"Growth warning\n\n{lead}\n").report) == [lead]
    # and a paragraph further down is never split, so the report reads the same again
    third = "Shares in the bank fell after the warning. LONDON (Reuters) - Banks fell on Tuesday."
    text = f"Markets slide\n\n{LEAD}\n\n{SECOND}\n\n{third}\n"
    assert paragraphs(run(text).report)[-1] == third
