"""Reports in the shapes analysts paste them: wire copy, web pages with their furniture, price
lists, bulleted findings, corrections. Each test is one defect an analyst saw on a built page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import SEED_DIR

from briefing.analyze.pipeline import analyze
from briefing.analyze.settings import AnalysisSettings
from briefing.analyze.tags import Taxonomy
from briefing.ingest import ingest
from briefing.model import Briefing, DateHints, Report, Seed
from briefing.render import FIRST_PAGES, body_markdown, report_page

GIT = dt.datetime(2024, 2, 20, 9, 0, tzinfo=dt.UTC)


def report_of(text: str) -> Report:
    result = ingest(
        Seed(Path("/x/r.txt"), "r.txt", text.encode("utf-8")), dates=DateHints(git_added=GIT)
    )
    assert result.report is not None, result.issues
    return result.report


def briefing_of(text: str) -> Briefing:
    return analyze(report_of(text), Taxonomy(), AnalysisSettings())


def texts(report: Report) -> list[str]:
    return [block.text for block in report.body]


WEB_PAGE = """\
Home > North Korea > Economy

Chinese traders halt credit to North Korean partners

By Park Ji-won
March 12, 2024

Share on Facebook
Share via Email
Copy link

Chinese traders in Dandong have stopped selling goods on credit to their North Korean partners \
after a wave of unpaid debts, sources said.

Trucks wait at the Sino-Korean Friendship Bridge in Dandong in this file photo. Photo: AFP

North Korean trading companies have long relied on 30- to 60-day credit from Chinese suppliers. \
Without it, they must pay upfront in yuan or dollars.

Related articles
North Korea reopens border with China to freight trains
Sinuiju traders face new customs checks

Tags: China, trade, Dandong
© 2024 NK Insider. All rights reserved.
"""


def test_a_web_page_keeps_its_headline_and_text_and_loses_its_furniture() -> None:
    report = report_of(WEB_PAGE)
    assert report.title == "Chinese traders halt credit to North Korean partners"
    assert report.authors == ("Park Ji-won",)
    assert report.date == dt.datetime(2024, 3, 12, tzinfo=dt.UTC)
    assert texts(report) == [
        "Chinese traders in Dandong have stopped selling goods on credit to their North Korean "
        "partners after a wave of unpaid debts, sources said.",
        "North Korean trading companies have long relied on 30- to 60-day credit from Chinese "
        "suppliers. Without it, they must pay upfront in yuan or dollars.",
    ]


def test_a_date_on_a_line_of_its_own_dates_the_report_and_is_not_its_lead() -> None:
    for line in ("February 20, 2024", "2024-01-18", "Updated: 18 January 2024 10:32 KST"):
        text = (
            f"Pyongyang bans private sales of grain\n\n{line}\n\n"
            "North Korea has banned the private sale of rice and corn in markets, sources said.\n\n"
            "The order took effect on March 1, 2023, according to one of them.\n"
        )
        b = briefing_of(text)
        assert b.report.title == "Pyongyang bans private sales of grain"
        assert b.description.startswith("North Korea has banned"), line
        assert all(line not in block for block in texts(b.report))
        # the dateline, not the later date in the text, is when the story was filed
        assert b.report.date.year == 2024 and b.report.date_origin == "written in the text"
        assert "The order took effect on March 1, 2023, according to one of them." in texts(
            b.report
        )  # a date inside a sentence stays text


def test_a_wire_credit_line_names_the_reporters_and_leaves_the_body() -> None:
    text = (
        "North Korea executes two over smuggled dramas\n\n"
        "SEOUL, March 3 (Reuters) - North Korea publicly executed two men in the border city of "
        "Hyesan last month, South Korean lawmakers said on Tuesday.\n\n"
        "The men were shot in front of a crowd of about 500 residents, lawmakers said.\n\n"
        "(Reporting by Hyonhee Shin and Josh Smith in Seoul; Additional reporting by Ju-min "
        "Park; Editing by Ed Davies)\n"
    )
    b = briefing_of(text)
    assert b.report.authors == ("Hyonhee Shin", "Josh Smith", "Ju-min Park")
    assert b.report.source == "Reuters"
    assert not any("Editing" in block for block in texts(b.report))
    # the body keeps its dateline; the summary and description start with the news
    assert texts(b.report)[0].startswith("SEOUL, March 3 (Reuters) - ")
    assert b.summary[0].startswith("North Korea publicly executed")
    assert b.description.startswith("North Korea publicly executed")
    # a name in brackets is not a dateline
    named = briefing_of(
        "Spy agency briefs lawmakers\n\n"
        "The National Intelligence Service (NIS) Director told lawmakers that rice prices rose.\n\n"
        "He gave no figures.\n"
    )
    assert named.summary[0].startswith("The National Intelligence Service (NIS)")


def test_a_copyright_notice_pasted_onto_the_last_paragraph_goes() -> None:
    text = (
        "Border trade resumes at Sinuiju\n\n"
        "Trucks crossed the bridge at Sinuiju on Monday for the first time in a month.\n\n"
        "Prices of rice fell in the city's market. (Reporting by Ann Park; Editing by Carl Roe) "
        "Copyright 2024 Korea Wire. All rights reserved. This material may not be republished.\n"
    )
    report = briefing_of(text).report
    assert texts(report)[-1] == "Prices of rice fell in the city's market."
    assert report.authors == ("Ann Park",)
    assert any("(copyright)" in line for line in report.explanations)
    for notice in (
        "© Copyright 2024 Korea Wire.",
        "Copyright © 2024 Korea Wire.",
        "©2024 Korea Wire.",
    ):
        signed = briefing_of(f"Border trade resumes\n\nPrices of rice fell. {notice}\n").report
        assert texts(signed)[-1] == "Prices of rice fell.", notice
    # a sentence about copyright is text
    about = "Prices of rice fell. Copyright 2024 rules for pirated films were tightened, he said."
    kept = briefing_of(f"Border trade resumes at Sinuiju\n\n{about}\n").report
    assert texts(kept)[-1] == about


def test_a_wire_credit_pasted_onto_the_last_paragraph_names_the_reporters_and_goes() -> None:
    text = (
        "Border trade resumes at Sinuiju\n\n"
        "SEOUL, March 3 (Reuters) - Trucks crossed the bridge at Sinuiju on Monday for the "
        "first time in a month, traders said.\n\n"
        "Prices of rice fell in the city's market. (Reporting by Ann Park in Seoul; Editing by "
        "Carl Roe)\n"
    )
    report = briefing_of(text).report
    assert report.authors == ("Ann Park",)
    assert texts(report)[-1] == "Prices of rice fell in the city's market."
    assert any("(wire-credit)" in line for line in report.explanations)
    # brackets that close a sentence's own aside stay
    aside = "Prices of rice fell in the city's market. (The bridge had been shut since March.)"
    kept = briefing_of(f"Border trade resumes at Sinuiju\n\n{aside}\n").report
    assert texts(kept)[-1] == aside and kept.authors == ()


PRICES = """\
Market prices in Pyongyang, Sinuiju and Hyesan (late January)

Daily NK's regular survey of market prices found rice and fuel prices rising in January.

Rice (1 kg):
Pyongyang: 6,800 won
Sinuiju: 6,500 won
Hyesan: 6,900 won

Corn (1 kg):
Pyongyang: 3,100 won
Hyesan: 3,000 won

Traders say the rise reflects tighter state controls on grain sales.
"""


def test_a_price_list_has_no_subheads_and_its_lead_ins_are_not_summary_sentences() -> None:
    b = briefing_of(PRICES)
    assert [block.kind for block in b.report.body].count("heading") == 0
    assert "Hyesan: 6,900 won" in texts(b.report)
    assert not any(sentence.endswith(":") for sentence in b.summary)
    assert b.summary[0].startswith("Daily NK's regular survey")
    # a row's key figure says what it is the price of (it read "Pyongyang: 3,100 won")
    sentences = {figure.text: figure.sentence for figure in b.figures}
    assert sentences["6,900 won"] == "Rice (1 kg) — Hyesan: 6,900 won"
    assert sentences["3,100 won"] == "Corn (1 kg) — Pyongyang: 3,100 won"
    # a real subhead is still one
    text = (
        "Surveillance rises in border towns\n\n"
        "Residents of Sinuiju report a sharp rise in surveillance since January, sources said.\n\n"
        "New cameras on the riverbank\n\n"
        "Sources said at least 30 new cameras were installed along the Yalu River.\n"
    )
    assert ("heading", "New cameras on the riverbank") in [
        (block.kind, block.text) for block in report_of(text).body
    ]


BULLETS = """\
Sanctions monitors list new evasion methods

A confidential UN report lists several ways North Korea kept importing refined petroleum.

The report's main findings:

- At least 12 tankers carried out ship-to-ship transfers in the East China Sea.
- North Korea imported about 1.5 million barrels of refined petroleum.
* Two vessels switched off their transponders for more than 30 days.

The findings will be discussed by the sanctions committee next month.
"""


def test_a_bulleted_list_is_a_list_and_its_items_read_without_bullets() -> None:
    b = briefing_of(BULLETS)
    items = [block.text for block in b.report.body if block.kind == "item"]
    assert items == [
        "At least 12 tankers carried out ship-to-ship transfers in the East China Sea.",
        "North Korea imported about 1.5 million barrels of refined petroleum.",
        "Two vessels switched off their transponders for more than 30 days.",
    ]
    assert "\n- At least 12 tankers" in body_markdown(b)
    assert "\n- Two vessels" in body_markdown(b)  # one list, not three
    assert not any(sentence.startswith(("-", "*", "\\")) for sentence in b.summary)


def test_a_correction_note_gives_no_key_figure() -> None:
    text = (
        "Restaurant workers in China told to return home\n\n"
        "North Korean waitresses at restaurants in Dandong have been ordered home, sources said.\n\n"
        "About 300 workers at 15 restaurants are affected, the source said.\n\n"
        "Correction: An earlier version of this article said 500 workers were affected. The "
        "correct figure is about 300.\n"
    )
    figures = [figure.text for figure in briefing_of(text).figures]
    assert figures == ["About 300 workers"]


def test_a_comparison_written_with_an_arrow_is_text_not_a_breadcrumb() -> None:
    """Only section names are a breadcrumb: a line with figures or lower-case words is kept."""
    lines = ["Rice in Hyesan: 5,000 won > 4,800 won", "exports > imports for the third month"]
    lead = (
        "Rice prices in Hyesan fell this week as smuggled grain from China reached the markets, "
        "traders said on Tuesday."
    )
    report = report_of("Rice prices ease\n\n" + lead + "\n\n" + "\n\n".join(lines) + "\n")
    assert all(line in texts(report) for line in lines)


LEAD = (
    "Customs officers at Sinuiju began inspecting every truck crossing the bridge last week, "
    "traders said."
)


def test_a_paragraph_that_starts_like_a_tag_line_is_text() -> None:
    """A page's labels are a few words each; a sentence after "Topics:" is the report's."""
    lines = [
        "Topics: the meeting covered rice prices, fuel supplies and the new exchange rules",
        "Keywords: none of the traders would say how much the inspections cost them",
    ]
    text = "Border traders report new inspections\n\n" + LEAD + "\n\n" + "\n\n".join(lines)
    report = report_of(text + "\n\nTags: China, Sino-North Korean trade, Dandong\n")
    assert texts(report) == [LEAD, *lines]


def test_a_paragraph_ending_with_a_photo_credit_is_text_when_it_is_more_than_a_caption() -> None:
    paragraph = (
        "Two trucks of phones were seized on Monday. The state newspaper printed the seizure on "
        "its front page. Photo: the ministry's own archive"
    )
    caption = "Trucks wait at the bridge in Dandong in this file photo. Photo: AFP"
    report = report_of(
        f"Border traders report new inspections\n\n{LEAD}\n\n{caption}\n\n{paragraph}\n"
    )
    assert texts(report) == [LEAD, paragraph]


def test_a_section_of_the_report_under_a_heading_like_latest_news_is_text() -> None:
    """Only the headlines of links are dropped under such a heading: a subhead with its text
    after it, and a bulleted list, are the report's own."""
    section = [
        "Latest news",
        "Fuel prices double in Hyesan",
        "The price of petrol reached 24,000 won per kilogram on Tuesday, a trader said.",
    ]
    items = ["Rice rose to 6,900 won in Hyesan", "Corn fell to 2,900 won"]
    text = "\n\n".join(
        [
            "Weekly market roundup",
            LEAD,
            *section,
            "Top stories\n" + "\n".join(f"• {item}" for item in items),
            "Officials blamed the floods for the rise.",
        ]
    )
    assert texts(report_of(text + "\n")) == [
        LEAD,
        *section,
        "Top stories",
        *items,
        "Officials blamed the floods for the rise.",
    ]
    # the links under "Related articles" still go, in the text as at its end
    links = "Related articles\nNorth Korea reopens border to freight\nSinuiju traders face checks"
    report = report_of(f"Weekly market roundup\n\n{LEAD}\n\n{links}\n\n{section[2]}\n\n{links}\n")
    assert texts(report)[0] == LEAD and texts(report)[-1] == section[2]
    assert "North Korea reopens border to freight" not in texts(report)


def test_a_timeline_s_dates_and_a_route_among_the_paragraphs_are_text() -> None:
    """A date alone on a line and a breadcrumb are page furniture above the text (or below
    it); among its paragraphs, a date heads the events of a timeline and arrows draw a route."""
    body = [
        LEAD,
        "The route: Sinuiju → Dandong → Shenyang",
        "Timeline",
        "March 1, 2024",
        "Border reopens to freight trains.",
        "March 5, 2024",
        "Hyesan market closes for inspections.",
    ]
    page = ["Home > North Korea > Economy", "Traders face new checks", "March 12, 2024"]
    report = report_of("\n\n".join([*page, *body, "Updated: March 13, 2024"]) + "\n")
    assert texts(report) == body
    assert report.date == dt.datetime(2024, 3, 12, tzinfo=dt.UTC)


def test_the_text_that_bounds_a_timeline_is_text_that_stays() -> None:
    """Where the text begins is judged by a line that ingest keeps, so a cleaned report read
    again comes out the same: a bio or a question headline above the dates is not the text."""
    text = (
        "Feeling sleepy at your desk?\n\nMarch 12, 2024\n\n"
        "Ann Park is a reporter for RFA's Korean Service.\n\nMarch 13, 2024\n\n"
        f"{LEAD}\n\nMarch 14, 2024\n\nOfficials blamed the floods for the rise.\n\n"
        "Related articles\n\nWill prices fall again?\n"
    )
    report = report_of(text)
    assert texts(report) == [LEAD, "March 14, 2024", "Officials blamed the floods for the rise."]
    again = report_of(f"{report.title}\n\n" + "\n\n".join(texts(report)) + "\n")
    assert again.body == report.body


def test_a_list_s_items_may_repeat() -> None:
    """Two like lines in a row are a caption pasted twice, but not when they are a list's."""
    items = ["Rice: up 5%", "Corn: no change", "Corn: no change", "Fuel: up 12%"]
    text = f"Hyesan prices this week\n\n{LEAD}\n\n" + "\n".join(f"- {item}" for item in items)
    report = report_of(text + "\n\nTraders expect more rises.\n")
    assert [block.text for block in report.body if block.kind == "item"] == items


def test_a_caption_pasted_twice_around_furniture_goes_as_when_its_copies_touch() -> None:
    """Cleaning is idempotent: once the wire credit between them was dropped, the copies stood
    next to each other and the cleaned report, read again, lost them."""
    caption = "North Korean workers at a fish processing plant in Hunchun, China"
    text = (
        f"Workers sent home\n\n{LEAD}\n\n{caption}\n\n(Reporting by Ann Park; Editing by Bo Kim)"
        f"\n\n{caption}\n\nOfficials blamed the floods for the rise.\n"
    )
    report = report_of(text)
    assert texts(report) == [LEAD, "Officials blamed the floods for the rise."]
    assert report.authors == ("Ann Park",)
    again = report_of(f"{report.title}\n\n" + "\n\n".join(texts(report)) + "\n")
    assert again.body == report.body


def test_a_heading_like_latest_news_with_nothing_after_it_is_kept_and_stays_kept() -> None:
    """Only a heading with links under it heads a list of links. Found by the property test:
    the copy of the opening item after "Latest news" went as a standfirst pasted twice, which
    left the heading last, and read again the heading was dropped. A list's items may repeat
    (since 2026-12-07 the copy stays and the heading heads it); a heading left last stays."""
    item = "Rice rose to 6,900 won a kilogram in Hyesan markets this week"
    text = f"Weekly market roundup\n\n- {item}\n\nLatest news\n\n- {item}\n"
    report = report_of(text)
    assert [(block.kind, block.text) for block in report.body] == [
        ("item", item),
        ("heading", "Latest news"),
        ("item", item),
    ]
    assert report_of(text.replace("Weekly market roundup", report.title)).body == report.body
    last = report_of(f"Weekly market roundup\n\n- {item}\n\nLatest news\n")
    assert [(block.kind, block.text) for block in last.body] == [
        ("item", item),
        ("paragraph", "Latest news"),
    ]
    assert report_of(f"{last.title}\n\n- {item}\n\nLatest news\n").body == last.body


def test_a_link_list_that_dropped_copies_leave_bare_goes_as_when_read_again() -> None:
    """A headline pasted twice with a caption after each copy: the copies go (a standfirst
    and a caption pasted twice), which leaves "Latest news" with only a headline after it.
    That page held no report text, and read again it was refused for that; the first time it
    was published as "Latest news" and the headline. Found by the property test."""
    headline, caption = "Fuel queues grow in Chongjin as deliveries stall", "(Photo: a reader)"
    text = "\n\n".join(["Rice prices climb", "Latest news", headline, caption, headline, caption])
    result = ingest(Seed(Path("/x/r.txt"), "r.txt", f"{text}\n".encode()), dates=DateHints())
    assert result.report is None
    assert [i.message.split(" (")[0] for i in result.issues] == [
        "has no sentence-like text to publish"
    ]


def test_furniture_between_a_link_list_s_lines_changes_nothing() -> None:
    """What follows a heading or a headline is judged by the next line that is not furniture,
    so the cleaned report, read again, comes out the same."""
    headline = "North Korea reopens border to freight"
    text = "\n\n".join(["Weekly market roundup", LEAD, "Latest news", "Share via Email", headline])
    assert texts(report_of(text + "\n")) == [LEAD]
    after = "Officials blamed the floods for the rise."
    text = "\n\n".join(["Weekly market roundup", LEAD, "Related articles", headline, "Like", after])
    report = report_of(text + "\n")
    assert texts(report) == [LEAD, headline, after]
    again = report_of(f"{report.title}\n\n" + "\n\n".join(texts(report)) + "\n")
    assert again.body == report.body


def test_a_breadcrumb_left_below_the_text_by_a_dropped_copy_goes() -> None:
    """The copy of the lead below the breadcrumb goes (a standfirst pasted twice), which leaves
    the breadcrumb below the text: it goes too, as when the cleaned report is read again."""
    report = report_of(
        f"Traders face new checks\n\n{LEAD}\n\nHome > North Korea > Economy\n\n{LEAD}\n"
    )
    assert texts(report) == [LEAD]
    again = report_of(f"{report.title}\n\n" + "\n\n".join(texts(report)) + "\n")
    assert again.body == report.body


def test_a_page_s_captions_restating_its_sentences_are_not_in_the_page_or_the_summary() -> None:
    """One sentence per line, as pasted from a news site: two captions repeat sentences of the
    story, one with a label and a photo reference; the reader sees each sentence once."""
    lines = [
        "Officials in Hyesan closed the border crossing on Monday after three soldiers fled across the river.",
        "The closure stopped all trade with the Chinese city of Changbai for the week.",
        "Alarm: Officials in Hyesan (pictured) closed the border crossing on Monday after three soldiers fled.",
        "Traders said the price of rice rose by a third in two days as smuggling stopped.",
        "Guards were told to shoot anyone who approached the river without a permit.",
        "The closure stopped all trade with the Chinese city of Changbai for the week.",
        "A source in the province said the order came directly from the ministry.",
    ]
    b = briefing_of("\n".join(lines) + "\n")
    shown = body_markdown(b)
    assert "Alarm" not in shown and "pictured" not in shown
    assert shown.count("The closure stopped all trade") == 1
    assert not any("Alarm" in s or "pictured" in s for s in b.summary)
    assert len(b.summary) == 3 and len(set(b.summary)) == 3


def test_the_summary_is_picked_from_what_the_page_had_and_taken_from_what_it_shows() -> None:
    """The summarizer reads the repeats where the page had them and returns positions in that
    list: the summary must be those sentences, and never a repeat."""
    from briefing.analyze.pipeline import _leading, summary_input
    from briefing.analyze.summarize import summarize

    lines = [
        "Officials in Hyesan closed the border crossing on Monday after three soldiers fled across the river.",
        "The closure stopped all trade with the Chinese city of Changbai for the week.",
        "Guards were told to shoot anyone who approached the river.",  # a caption: a repeat
        "Traders said the price of rice rose by a third in two days as smuggling stopped.",
        "Guards were told to shoot anyone who approached the river without a permit.",
        "A source in the province said the order came directly from the ministry.",
        "Smugglers moved their goods to crossings further down the river, residents said.",
    ]
    report = report_of("\n".join(lines) + "\n")
    assert [b.kind for b in report.body][2] == "repeat"
    b = analyze(report, Taxonomy(), AnalysisSettings())
    read, repeats = summary_input(report)
    read = _leading(read)
    sentences = [s for p in read for s in p]
    assert 2 in summarize(read, 3, title=report.title), "a repeat the summary would pick"
    chosen = summarize(read, 3, title=report.title, repeats=repeats)
    assert b.summary == tuple(sentences[i] for i in chosen)
    assert lines[2] not in b.summary and set(b.summary) <= set(lines)


def test_a_report_page_lists_each_raise_and_range_as_one_key_figure() -> None:
    """Seed 002's reader lost which sum was raised to which, and that 30% and 55% bound one
    range: the page's key figures now say "USD 7,200 → USD 10,000" and "30%–55%"."""
    text = next(SEED_DIR.glob("002_*.txt")).read_text(encoding="utf-8")
    page = report_page(briefing_of(text), filed=FIRST_PAGES)
    assert (
        "    - **USD 7,200 → USD 10,000**, **USD 4,500 → USD 7,000** — In the case of "
        "construction workers, the yearly contribution was raised from USD 7,200 to USD 10,000,"
    ) in page
    assert "    - **30%–55%** — According to a Daily NK source in Russia" in page
