"""Feeds are read back the way readers read them: feedparser, lxml, json.

Each W3C Feed Validator rule our output could break has a test of its own here (named after the
rule), so CI catches a regression without the validator's code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import html
import json
import re
import uuid
from urllib.parse import urlsplit

import feedparser
import lxml.etree
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.feeds import FEED_CONTENT_LIMIT, FeedConfig, build_feeds, feed_item_id, feed_links
from briefing.model import Block, Briefing, Report, Tag

SITE = "https://example.org/briefing/"
UTC = dt.UTC
KST = dt.timezone(dt.timedelta(hours=9))

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}

WP = Tag("Workers' Party", "workers-party", "organisation")
RU = Tag("Russia", "russia", "place")
EC = Tag("Economy & Trade", "economy-trade", "topic")

EVIL_TITLE = 'Alert: <script>alert("x")</script> & "quotes" 😀'
EVIL_DESC = 'Prices < 5% & "rising" 😀'
SAME_DAY = dt.datetime(2024, 3, 2, 9, 0, tzinfo=UTC)
OLD_DAY = dt.datetime(2024, 1, 5, 12, 30, tzinfo=KST)  # 03:30 UTC, a Friday


def briefing(
    relpath: str,
    title: str,
    date: dt.datetime,
    *,
    authors: tuple[str, ...] = (),
    tags: tuple[Tag, ...] = (),
    description: str = "Plain description.",
    body: str = "Body text.",
    draft: bool = False,
) -> Briefing:
    report = Report(
        relpath=relpath,
        title=title,
        body=(Block("paragraph", body),),
        date=date,
        authors=authors,
        draft=draft,
    )
    slug = relpath.rsplit("/", 1)[-1].removesuffix(".txt")
    return Briefing(
        report=report,
        id=slug,
        summary=(description,),
        description=description,
        tags=tags,
        keyphrases=(),
        figures=(),
        reading_time=1,
    )


def page_path(b: Briefing) -> str:
    return f"reports/2024/{b.id}/"


def content_html(b: Briefing) -> str:
    body = html.escape(b.report.body[0].text)
    return (
        f"<p>{body}</p>"
        '<p><a href="../../tags/russia/">tag</a> <img src="img/map.png" alt="map"> '
        '<a href="/about/">about</a> <a href="#s2">jump</a> '
        '<img srcset="img/a.png 1x, img/b.png 2x" src="https://cdn.example.net/x.png" alt=""></p>'
    )


def corpus() -> list[Briefing]:
    """Given in no useful order on purpose: the feeds must sort."""
    return [
        briefing(
            "2024/old.txt", "Older report", OLD_DAY, authors=("Ann One", "Bob Two"), tags=(RU, EC)
        ),
        briefing("2024/b.txt", "Second report", SAME_DAY, tags=(WP, RU)),
        briefing(
            "2024/alert.txt",
            EVIL_TITLE,
            SAME_DAY,
            authors=("Kim Lee",),
            tags=(WP,),
            description=EVIL_DESC,
            body="Para with \x01 control",
        ),
        briefing("2024/a.txt", "Tie \x01winner", SAME_DAY, authors=("Lee \x01Min",), tags=(WP,)),
    ]


# Newest first; the three on SAME_DAY by seed path: "2024/a.txt" < "2024/alert.txt" < "2024/b.txt".
ORDER = ["2024/a.txt", "2024/alert.txt", "2024/b.txt", "2024/old.txt"]


def config(**kw) -> FeedConfig:
    base = {"site_url": SITE, "title": "Briefing Digest", "description": "Field reports"}
    return FeedConfig(**{**base, **kw})


def build(briefings=None, **cfg_kw) -> dict[str, bytes]:
    return build_feeds(
        corpus() if briefings is None else briefings,
        config(**cfg_kw),
        page_path=page_path,
        content_html=content_html,
    )


@pytest.fixture(scope="module")
def out() -> dict[str, bytes]:
    return build()


def xml(data: bytes) -> lxml.etree._Element:
    return lxml.etree.fromstring(data)


def rss_items(data: bytes) -> list[lxml.etree._Element]:
    return xml(data).findall("channel/item")


def atom_entries(data: bytes) -> list[lxml.etree._Element]:
    return xml(data).findall("atom:entry", NS)


def guid(relpath: str) -> str:
    return feed_item_id(relpath, SITE)


# ---------------------------------------------------------------------------------------------
# Which files


def test_writes_main_and_per_tag_feeds_for_every_used_tag(out):
    expected = {"feed.xml", "atom.xml", "feed.json"}
    for slug in ("workers-party", "russia", "economy-trade"):
        expected |= {f"tags/{slug}/feed.xml", f"tags/{slug}/atom.xml", f"tags/{slug}/feed.json"}
    assert set(out) == expected


def test_only_configured_formats_are_written():
    got = build(formats=("json", "rss"))
    assert set(got) == {
        "feed.xml",
        "feed.json",
        *(
            f"tags/{s}/{n}"
            for s in ("workers-party", "russia", "economy-trade")
            for n in ("feed.xml", "feed.json")
        ),
    }


def test_drafts_are_never_published():
    drafted = briefing(
        "2024/draft.txt", "Secret", SAME_DAY, tags=(Tag("Only", "only", "topic"),), draft=True
    )
    got = build([*corpus(), drafted])
    assert "tags/only/feed.xml" not in got
    assert guid("2024/draft.txt").encode() not in got["feed.xml"]


# ---------------------------------------------------------------------------------------------
# RSS 2.0


def test_rss_reads_back_field_by_field(out):
    d = feedparser.parse(out["feed.xml"])
    assert d.bozo == 0, d.get("bozo_exception")
    assert d.version == "rss20"
    assert d.feed.title == "Briefing Digest"
    assert d.feed.link == SITE  # the site, not the feed itself
    assert d.feed.language == "en"
    assert d.feed.generator == "Briefing Digest"
    assert [e.id for e in d.entries] == [guid(p) for p in ORDER]
    alert = d.entries[1]
    assert alert.title == EVIL_TITLE
    assert alert.link == "https://example.org/briefing/reports/2024/alert/"
    assert alert.published == "Sat, 02 Mar 2024 09:00:00 +0000"
    assert alert.author == "Kim Lee"  # from dc:creator
    assert [t.term for t in alert.tags] == ["Workers' Party"]
    assert html.unescape(alert.summary) == EVIL_DESC
    old = d.entries[3]
    assert old.published == "Fri, 05 Jan 2024 03:30:00 +0000"
    assert [t.term for t in old.tags] == ["Russia", "Economy & Trade"]
    assert [t.scheme for t in old.tags] == [
        "https://example.org/briefing/tags/russia/",
        "https://example.org/briefing/tags/economy-trade/",
    ]


def test_rss_channel_dates_come_from_the_newest_report(out):
    channel = xml(out["feed.xml"]).find("channel")
    assert channel.findtext("lastBuildDate") == "Sat, 02 Mar 2024 09:00:00 +0000"
    ru = xml(out["tags/economy-trade/feed.xml"]).find("channel")
    assert ru.findtext("lastBuildDate") == "Fri, 05 Jan 2024 03:30:00 +0000"


def test_rss_self_link_first_and_channel_link_is_the_site(out):
    channel = xml(out["feed.xml"]).find("channel")
    self_links = channel.findall("atom:link[@rel='self']", NS)
    assert [x.get("href") for x in self_links] == [SITE + "feed.xml"]
    assert self_links[0].get("type") == "application/rss+xml"
    assert channel.findtext("link") == SITE
    tag_channel = xml(out["tags/workers-party/feed.xml"]).find("channel")
    assert tag_channel.findtext("link") == SITE + "tags/workers-party/"


def test_rss_authors_are_dc_creator_never_bare_author(out):
    items = rss_items(out["feed.xml"])
    assert all(item.find("author") is None for item in items)
    creators = [[c.text for c in item.findall("dc:creator", NS)] for item in items]
    assert creators == [["Lee Min"], ["Kim Lee"], [], ["Ann One, Bob Two"]]


def test_a_reader_of_the_rss_feed_sees_every_author(out):
    """With one dc:creator per author, feedparser's `author` (what readers built on it show) and
    newsboat named only the last author of a report."""
    entry = feedparser.parse(out["feed.xml"]).entries[3]
    assert entry.author == "Ann One, Bob Two"


def test_rss_html_is_escaped_exactly_once(out):
    item = rss_items(out["feed.xml"])[1]
    # After one XML parse the description is HTML whose text is the plain description.
    assert item.findtext("description") == 'Prices &lt; 5% &amp; "rising" 😀'
    encoded = item.findtext("content:encoded", namespaces=NS)
    assert encoded.startswith("<p>Para with  control</p><p><a href=")
    assert "&amp;lt;" not in encoded


def test_rss_title_keeps_exact_text(out):
    assert rss_items(out["feed.xml"])[1].findtext("title") == EVIL_TITLE


# ---------------------------------------------------------------------------------------------
# Atom 1.0


def test_atom_reads_back_field_by_field(out):
    d = feedparser.parse(out["atom.xml"])
    assert d.bozo == 0, d.get("bozo_exception")
    assert d.version == "atom10"
    assert d.feed.title == "Briefing Digest"
    assert d.feed.subtitle == "Field reports"
    assert d.feed.id == SITE + "atom.xml"
    assert d.feed.link == SITE
    assert [e.id for e in d.entries] == [guid(p) for p in ORDER]
    alert = d.entries[1]
    assert alert.title_detail.type == "text/html"
    assert html.unescape(alert.title) == EVIL_TITLE
    assert alert.link == "https://example.org/briefing/reports/2024/alert/"
    assert alert.published == "2024-03-02T09:00:00+00:00"
    assert alert.author == "Kim Lee"
    assert [(t.term, t.scheme) for t in alert.tags] == [
        ("Workers' Party", "https://example.org/briefing/tags/workers-party/")
    ]
    assert html.unescape(alert.summary) == EVIL_DESC
    second = d.entries[2]
    assert second.title_detail.type == "text/plain"
    assert second.title == "Second report"
    assert second.summary == "Plain description."


def test_atom_summary_is_text_and_content_is_html(out):
    entry = atom_entries(out["atom.xml"])[2]  # "Second report": nothing to escape
    assert entry.find("atom:summary", NS).get("type") == "text"
    content = entry.find("atom:content", NS)
    assert content.get("type") == "html"
    assert content.text.startswith("<p>Body text.</p>")


def test_atom_dates_are_the_report_date(out):
    entries = atom_entries(out["atom.xml"])
    published = [e.findtext("atom:published", namespaces=NS) for e in entries]
    assert published == [
        "2024-03-02T09:00:00+00:00",
        "2024-03-02T09:00:00+00:00",
        "2024-03-02T09:00:00+00:00",
        "2024-01-05T03:30:00+00:00",
    ]
    for e, pub in zip(entries, published, strict=True):
        upd = dt.datetime.fromisoformat(e.findtext("atom:updated", namespaces=NS))
        start = dt.datetime.fromisoformat(pub)
        assert start <= upd < start + dt.timedelta(seconds=1)


def test_atom_feed_updated_is_newest_entry(out):
    root = xml(out["atom.xml"])
    feed_updated = root.findtext("atom:updated", namespaces=NS)
    entry_updated = [
        e.findtext("atom:updated", namespaces=NS) for e in atom_entries(out["atom.xml"])
    ]
    assert feed_updated == max(entry_updated, key=dt.datetime.fromisoformat)
    assert feed_updated.startswith("2024-03-02T09:00:00")


def test_atom_has_self_alternate_language_generator(out):
    root = xml(out["tags/workers-party/atom.xml"])
    links = {x.get("rel"): x.get("href") for x in root.findall("atom:link", NS)}
    assert links == {
        "self": SITE + "tags/workers-party/atom.xml",
        "alternate": SITE + "tags/workers-party/",
    }
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.findtext("atom:generator", namespaces=NS) == "Briefing Digest"


# ---------------------------------------------------------------------------------------------
# JSON Feed 1.1

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def assert_json_feed(data: bytes) -> dict:
    assert data.endswith(b"}\n")
    doc = json.loads(data.decode("utf-8"))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(doc["title"], str) and doc["title"]
    for key in ("home_page_url", "feed_url"):
        parts = urlsplit(doc[key])
        assert parts.scheme == "https" and parts.netloc
    assert isinstance(doc["items"], list)
    ids = [item["id"] for item in doc["items"]]
    assert len(set(ids)) == len(ids)
    for item in doc["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_html", item.get("content_text")), str)
        assert urlsplit(item["url"]).scheme == "https"
        assert RFC3339.match(item["date_published"])
        for author in item.get("authors", []):
            assert isinstance(author["name"], str) and author["name"]
        assert all(isinstance(t, str) for t in item.get("tags", []))
    return doc


def test_json_feed_required_fields_and_types(out):
    for path, data in out.items():
        if path.endswith(".json"):
            assert_json_feed(data)


def test_json_feed_fields(out):
    doc = assert_json_feed(out["feed.json"])
    assert list(doc)[:4] == ["version", "title", "home_page_url", "feed_url"]
    assert doc["home_page_url"] == SITE
    assert doc["feed_url"] == SITE + "feed.json"
    assert [i["id"] for i in doc["items"]] == [guid(p) for p in ORDER]
    alert = doc["items"][1]
    assert alert["title"] == EVIL_TITLE
    assert alert["summary"] == EVIL_DESC
    assert alert["date_published"] == "2024-03-02T09:00:00Z"
    assert alert["authors"] == [{"name": "Kim Lee"}]
    assert alert["tags"] == ["Workers' Party"]
    assert "authors" not in doc["items"][2]  # no author: key left out, not empty


def test_json_feed_is_utf8_not_ascii_escaped(out):
    assert "😀".encode() in out["feed.json"]
    assert b"\\ud83d" not in out["feed.json"]


# ---------------------------------------------------------------------------------------------
# Edge cases from the issue


def test_control_characters_are_stripped_everywhere(out):
    for path, data in out.items():
        assert b"\x01" not in data, path
        assert b"\\u0001" not in data, path
    d = feedparser.parse(out["feed.xml"])
    assert d.entries[0].title == "Tie winner"
    assert d.entries[0].author == "Lee Min"


def test_same_date_orders_by_seed_path_whatever_the_input_order(out):
    again = build(list(reversed(corpus())))
    assert again == out
    ids = [i["id"] for i in json.loads(out["feed.json"])["items"]]
    assert ids[:3] == [guid("2024/a.txt"), guid("2024/alert.txt"), guid("2024/b.txt")]


def test_report_without_author(out):
    item = rss_items(out["feed.xml"])[2]
    assert item.find("dc:creator", NS) is None and item.find("author") is None
    entry = atom_entries(out["atom.xml"])[2]
    assert entry.find("atom:author", NS) is None
    # Atom needs an author for such an entry: the feed-level one (site title without cfg.author).
    assert xml(out["atom.xml"]).findtext("atom:author/atom:name", namespaces=NS) == (
        "Briefing Digest"
    )


def test_configured_author_is_the_feed_author():
    got = build(author="The Desk")
    assert xml(got["atom.xml"]).findtext("atom:author/atom:name", namespaces=NS) == "The Desk"
    assert json.loads(got["feed.json"])["authors"] == [{"name": "The Desk"}]
    channel = xml(got["feed.xml"]).find("channel")
    assert channel.findtext("dc:creator", namespaces=NS) == "The Desk"


def test_zero_reports_gives_valid_empty_feeds(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    got = build([])
    assert set(got) == {"feed.xml", "atom.xml", "feed.json"}
    rss = feedparser.parse(got["feed.xml"])
    atom = feedparser.parse(got["atom.xml"])
    assert rss.bozo == 0 and atom.bozo == 0
    assert rss.entries == [] and atom.entries == []
    assert xml(got["feed.xml"]).findtext("channel/lastBuildDate") == (
        "Thu, 01 Jan 1970 00:00:00 +0000"
    )
    assert xml(got["atom.xml"]).findtext("atom:updated", namespaces=NS) == (
        "1970-01-01T00:00:00+00:00"
    )
    assert assert_json_feed(got["feed.json"])["items"] == []


def test_empty_feed_date_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC, a Tuesday
    got = build([])
    assert xml(got["feed.xml"]).findtext("channel/lastBuildDate") == (
        "Tue, 14 Nov 2023 22:13:20 +0000"
    )
    assert xml(got["atom.xml"]).findtext("atom:updated", namespaces=NS) == (
        "2023-11-14T22:13:20+00:00"
    )


def test_bad_source_date_epoch_is_reported(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match=r"SOURCE_DATE_EPOCH must be a whole number.*'yesterday'"):
        build([])


def test_non_empty_feeds_ignore_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert build() == first


def test_tag_name_needing_a_slug(out):
    d = feedparser.parse(out["tags/workers-party/feed.xml"])
    assert d.bozo == 0
    assert d.feed.title == "Briefing Digest — Workers' Party"
    assert [e.id for e in d.entries] == [guid(p) for p in ORDER[:3]]
    atom = feedparser.parse(out["tags/workers-party/atom.xml"])
    assert atom.feed.title == "Briefing Digest — Workers' Party"
    doc = json.loads(out["tags/workers-party/feed.json"])
    assert doc["title"] == "Briefing Digest — Workers' Party"
    assert doc["home_page_url"] == SITE + "tags/workers-party/"
    amp = feedparser.parse(out["tags/economy-trade/atom.xml"])
    assert html.unescape(amp.feed.title) == "Briefing Digest — Economy & Trade"


def test_edited_report_keeps_its_guid():
    before = build([briefing("2024/x.txt", "First title", SAME_DAY, body="Old text.")])
    after = build([briefing("2024/x.txt", "A new title", SAME_DAY, body="New text.")])
    for name in ("feed.xml", "atom.xml"):
        assert feedparser.parse(before[name]).entries[0].id == guid("2024/x.txt")
        assert feedparser.parse(after[name]).entries[0].id == guid("2024/x.txt")
    assert json.loads(after["feed.json"])["items"][0]["id"] == guid("2024/x.txt")
    assert before["feed.xml"] != after["feed.xml"]


def test_guid_is_uuid5_of_site_and_seed_path():
    # Pinned: changing this scheme re-announces every report to every subscriber.
    want = uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/briefing/#seed=2024/x.txt")
    assert feed_item_id("2024/x.txt", SITE) == f"urn:uuid:{want}"
    assert feed_item_id("./2024/x.txt", SITE) == feed_item_id("2024/x.txt", SITE)
    assert feed_item_id("2024\\x.txt", SITE) == feed_item_id("2024/x.txt", SITE)
    assert feed_item_id("2024/y.txt", SITE) != feed_item_id("2024/x.txt", SITE)
    assert feed_item_id("2024/x.txt", "https://other.example/") != feed_item_id("2024/x.txt", SITE)
    assert uuid.UUID(feed_item_id("2024/x.txt", SITE)[9:]).version == 5


def test_a_site_that_moves_keeps_its_items_ids_when_told_where_it_was():
    """GitHub passes the Pages address to the build, so a custom domain changed every GUID and
    readers showed all 50 items again; `feed_ids_from` keeps the first address for ids only."""
    items = [briefing("2024/x.txt", "First title", SAME_DAY)]
    moved = "https://digest.example.com/"
    before = build(items)
    after = build(items, site_url=moved, ids_from=SITE)
    unpinned = build(items, site_url=moved)
    for name in ("feed.xml", "atom.xml"):
        [was], [now] = feedparser.parse(before[name]).entries, feedparser.parse(after[name]).entries
        assert was.id == now.id == guid("2024/x.txt")
        assert now.link.startswith(moved)  # links go to the new address
        assert feedparser.parse(unpinned[name]).entries[0].id != was.id
    assert (
        feedparser.parse(after["atom.xml"]).feed.id == feedparser.parse(before["atom.xml"]).feed.id
    )
    assert json.loads(after["feed.json"])["items"][0]["id"] == guid("2024/x.txt")
    assert json.loads(after["feed.json"])["feed_url"].startswith(moved)


def test_relative_links_and_images_become_absolute(out):
    doc = json.loads(out["feed.json"])
    frag = lxml.html.fragment_fromstring(doc["items"][1]["content_html"], create_parent="div")
    page = "https://example.org/briefing/reports/2024/alert/"
    assert [a.get("href") for a in frag.iter("a")] == [
        "https://example.org/briefing/reports/tags/russia/",
        "https://example.org/about/",
        page + "#s2",
    ]
    imgs = list(frag.iter("img"))
    assert imgs[0].get("src") == page + "img/map.png"
    assert imgs[1].get("src") == "https://cdn.example.net/x.png"
    assert imgs[1].get("srcset") == f"{page}img/a.png 1x, {page}img/b.png 2x"


def test_items_name_their_source_and_link_the_original_report():
    """The report page's footer names the publisher and links the original; feed content is
    all a reader shows, so it must say so too, as text whatever the source's name holds."""
    cited = briefing("2024/cited.txt", "Cited report", SAME_DAY)
    cited = dataclasses.replace(
        cited,
        report=dataclasses.replace(
            cited.report, source="Daily <b>NK</b> & Co", url="https://news.example.net/a?b=1&c=2"
        ),
    )
    named = briefing("2024/named.txt", "Named only", SAME_DAY)
    named = dataclasses.replace(named, report=dataclasses.replace(named.report, source="RFA"))
    plain = briefing("2024/plain.txt", "No source", SAME_DAY)
    got = build([cited, named, plain])
    original = "https://news.example.net/a?b=1&c=2"

    rss = feedparser.parse(got["feed.xml"]).entries
    atom = feedparser.parse(got["atom.xml"]).entries
    items = json.loads(got["feed.json"])["items"]
    contents = {
        "rss": [e.content[0].value for e in rss],
        "atom": [e.content[0].value for e in atom],
        "json": [i["content_html"] for i in items],
    }
    for fmt, (first, second, third) in contents.items():
        last = lxml.html.fragment_fromstring(first, create_parent="div").findall("p")[-1]
        assert last.text_content() == "Source: Daily <b>NK</b> & Co · original report", fmt
        assert [a.get("href") for a in last.iter("a")] == [original], fmt
        assert second.endswith("</p>\n<p>Source: RFA</p>"), fmt
        assert "Source:" not in third, fmt
    assert items[0]["external_url"] == original
    assert "external_url" not in items[1] and "external_url" not in items[2]
    # one link per entry in Atom: feedgen drops a link's rel, so a second one would be a
    # second rel="alternate" link of the same type, which RFC 4287 forbids
    assert [len(e.links) for e in atom] == [1, 1, 1]


def test_item_limit_applies_to_every_feed():
    got = build(limit=2)
    assert [e.id for e in feedparser.parse(got["feed.xml"]).entries] == [guid(p) for p in ORDER[:2]]
    # Workers' Party has three reports; its feed keeps its own two newest.
    assert len(feedparser.parse(got["tags/workers-party/atom.xml"]).entries) == 2
    assert len(json.loads(got["tags/russia/feed.json"])["items"]) == 2
    # Economy & Trade's only report is outside the main feed's two but still in its own feed.
    assert [i["id"] for i in json.loads(got["tags/economy-trade/feed.json"])["items"]] == [
        guid("2024/old.txt")
    ]


def test_same_input_gives_identical_bytes(out):
    assert build() == out


def test_icon_is_absolute_in_every_format():
    got = build(icon="/assets/logo.png")
    logo = "https://example.org/briefing/assets/logo.png"
    assert xml(got["atom.xml"]).findtext("atom:icon", namespaces=NS) == logo
    image = xml(got["feed.xml"]).find("channel/image")
    assert image.findtext("url") == logo
    assert json.loads(got["feed.json"])["icon"] == logo


def test_a_huge_report_is_cut_in_its_feed_items_between_blocks() -> None:
    """A 1.7 MB paste made feed.xml, atom.xml, feed.json and each of its tags' feeds 1.7 MB,
    which readers fetch again on every poll. Every report an analyst writes is carried whole."""
    paragraph = "<p>" + "Traders in Hyesan said prices rose again. " * 40 + "</p>"  # 1,687 chars
    huge = "\n".join([paragraph] * 300)  # about 500 KB
    one_block = "<p>" + "word " * 100_000 + "</p>"

    def items(body: str) -> dict:
        got = build_feeds(
            [briefing("2024/x.txt", "X", SAME_DAY)],
            config(),
            page_path=page_path,
            content_html=lambda b: body,
        )
        xml(got["feed.xml"])  # still well-formed
        return json.loads(got["feed.json"])["items"][0]

    item = items(huge)
    content = item["content_html"]
    assert FEED_CONTENT_LIMIT - 300 < len(content) < FEED_CONTENT_LIMIT + 300
    # 59 whole paragraphs fit (59 × 1,687 = 99,533), then the 60th's first words, then the link
    whole = FEED_CONTENT_LIMIT // len(paragraph)
    assert content.count("<p>") == whole + 2
    assert content.count(paragraph) == whole
    assert content.endswith(
        " …</p>\n"
        f'<p>The report continues on its page (84,000 words in all): <a href="{item["url"]}">'
        "read it in full</a>.</p>"
    )
    single = items(one_block)["content_html"]
    assert single.startswith("<p>word word") and "word …</p>" in single
    assert len(single) < FEED_CONTENT_LIMIT + 300
    assert items(paragraph * 3)["content_html"] == paragraph * 3  # a report of any real size
    # escaping counts: "&" is five characters once escaped (the review found 275 KB items)
    escaped = items("<p>" + "&amp; &lt; " * 60_000 + "</p>")["content_html"]
    assert len(escaped) < FEED_CONTENT_LIMIT + 300
    # paragraphs with no space at their ends are counted as the words they are
    tight = items("\n".join(["<p>" + "rice " * 199 + "prices</p>"] * 1_000))["content_html"]
    assert "(200,000 words in all)" in tight
    # a huge list keeps its first items as a list
    listed = items("<ul>" + "<li>item of the list</li>" * 20_000 + "</ul>")["content_html"]
    assert listed.startswith("<ul><li>item of the list</li>") and "</li></ul>\n<p>" in listed
    assert len(listed) < FEED_CONTENT_LIMIT + 300
    # and a huge table (a `.md` report's) its header and first rows, as a table
    row = "<tr><td>Rice (1 kg)</td><td>6,800 won</td></tr>"
    table = f"<table><thead><tr><th>Item</th><th>Price</th></tr></thead><tbody>{row * 5_000}"
    tabled = items(f"<p>Prices, traders said.</p>\n{table}</tbody></table>")["content_html"]
    assert tabled.startswith(
        "<p>Prices, traders said.</p>\n<table><thead><tr><th>Item</th><th>Price</th></tr></thead>"
        f"<tbody>{row}"
    )
    assert f"{row}</tbody></table>\n<p>The report continues" in tabled
    assert FEED_CONTENT_LIMIT - 300 < len(tabled) < FEED_CONTENT_LIMIT + 300


def test_unsafe_markup_is_removed_from_content():
    def nasty(b: Briefing) -> str:
        return (
            '<p onclick="steal()" style="position:fixed">Hi <a href="javascript:alert(1)">x</a>'
            "<script>evil()</script><iframe src='x'></iframe><blink>kept text</blink></p>"
            "<!-- note --><form><input name=q></form>"
        )

    got = build_feeds(
        [briefing("2024/x.txt", "X", SAME_DAY)], config(), page_path=page_path, content_html=nasty
    )
    body = json.loads(got["feed.json"])["items"][0]["content_html"]
    assert body == "<p>Hi <a>x</a>kept text</p>"


# ---------------------------------------------------------------------------------------------
# Configuration and autodiscovery


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"site_url": ""}, "site_url must be an absolute http(s) URL"),
        ({"site_url": "/briefing/"}, "site_url must be an absolute http(s) URL"),
        ({"site_url": "https://example.org/briefing"}, "site_url must end with '/'"),
        ({"limit": 0}, "limit must be at least 1, got 0"),
        ({"formats": ("rss", "rdf")}, "unknown feed format"),
        ({"title": "\x01 "}, "feed title must not be empty"),
    ],
)
def test_bad_config_is_refused_with_the_reason(kw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        config(**kw)


def test_bad_config_lists_every_problem_at_once():
    with pytest.raises(ValueError) as err:
        config(site_url="example.org", limit=-1)
    assert "site_url" in str(err.value) and "limit" in str(err.value)


def test_feed_links_for_autodiscovery():
    cfg = config()
    assert feed_links(cfg) == [
        ("application/rss+xml", "Briefing Digest (RSS)", "feed.xml"),
        ("application/atom+xml", "Briefing Digest (Atom)", "atom.xml"),
        ("application/feed+json", "Briefing Digest (JSON Feed)", "feed.json"),
    ]
    assert feed_links(config(formats=("json", "atom")), "workers-party", "Workers' Party") == [
        (
            "application/atom+xml",
            "Briefing Digest — Workers' Party (Atom)",
            "tags/workers-party/atom.xml",
        ),
        (
            "application/feed+json",
            "Briefing Digest — Workers' Party (JSON Feed)",
            "tags/workers-party/feed.json",
        ),
    ]


def test_feed_links_point_at_files_build_feeds_writes(out):
    for slug in ("workers-party", "russia", "economy-trade"):
        for _mime, _title, href in feed_links(config(), slug):
            assert not href.startswith("/")
            assert href in out


@pytest.mark.parametrize("slug", ["", "../etc", "a/b", "two words", ".hidden"])
def test_tag_slugs_that_cannot_name_a_folder_are_refused(slug):
    bad = briefing("2024/x.txt", "X", SAME_DAY, tags=(Tag("Bad", slug, "topic"),))
    with pytest.raises(ValueError, match="cannot name a feed folder"):
        build([bad])


def test_duplicate_seed_paths_are_refused():
    twice = [briefing("2024/x.txt", "One", SAME_DAY), briefing("2024/x.txt", "Two", OLD_DAY)]
    with pytest.raises(ValueError, match=r"share the seed path '2024/x.txt'"):
        build(twice)


# ---------------------------------------------------------------------------------------------
# W3C Feed Validator rules we could break, one test each (rule name in the test name)


def all_xml(out: dict[str, bytes]) -> list[tuple[str, bytes]]:
    return [(p, d) for p, d in sorted(out.items()) if p.endswith(".xml")]


def test_w3c_self_link_matches_location(out):
    """W3C SelfDoesntMatchLocation."""
    for path, data in all_xml(out):
        root = xml(data)
        link = root.find(".//atom:link[@rel='self']", NS)
        assert link.get("href") == SITE + path


def test_w3c_content_has_absolute_urls_and_nothing_active(out):
    """W3C ContainsRelRef, SecurityRisk, SecurityRiskAttr, DangerousStyleAttr."""
    for path, data in sorted(out.items()):
        if path.endswith(".json"):
            bodies = [i["content_html"] for i in json.loads(data)["items"]]
        else:
            root = xml(data)
            bodies = [e.text for e in root.iter(f"{{{NS['content']}}}encoded")]
            bodies += [e.text for e in root.iter(f"{{{NS['atom']}}}content")]
        assert bodies, path
        for body in bodies:
            frag = lxml.html.fragment_fromstring(body, create_parent="div")
            for el in frag.iter():
                for name, value in el.attrib.items():
                    assert not name.startswith("on") and name != "style", (path, name)
                    if name in ("href", "src"):
                        parts = urlsplit(value)
                        assert parts.scheme in ("http", "https") and parts.netloc, (path, value)
                assert el.tag not in ("script", "style", "iframe", "object", "embed", "form")


def test_w3c_atom_updated_values_differ(out):
    """W3C DuplicateUpdated."""
    for path, data in all_xml(out):
        if path.endswith("atom.xml"):
            stamps = [e.findtext("atom:updated", namespaces=NS) for e in atom_entries(data)]
            assert len(set(stamps)) == len(stamps), path


def test_w3c_updated_stamps_do_not_depend_on_other_reports(out):
    """W3C DuplicateUpdated (the fix must not churn)."""
    # A new report on the same day must not change the stamps readers already have.
    newcomer = briefing("2024/aa.txt", "Newcomer", SAME_DAY, tags=(WP,))
    got = build([*corpus(), newcomer])

    def stamps(data: bytes) -> dict[str, str]:
        return {
            e.findtext("atom:id", namespaces=NS): e.findtext("atom:updated", namespaces=NS)
            for e in atom_entries(data)
        }

    before, after = stamps(out["atom.xml"]), stamps(got["atom.xml"])
    assert {k: after[k] for k in before} == before


def test_w3c_ids_are_unique(out):
    """W3C DuplicateValue (guid, atom:id)."""
    for path, data in all_xml(out):
        ids = [i.findtext("guid") for i in rss_items(data)]
        ids += [e.findtext("atom:id", namespaces=NS) for e in atom_entries(data)]
        assert len(set(ids)) == len(ids), path


def test_w3c_no_rss_contact_without_email(out):
    """W3C InvalidContact, MissingRealName."""
    for path, data in all_xml(out):
        root = xml(data)
        assert root.find(".//item/author") is None, path
        assert root.find("channel/managingEditor") is None, path
        assert root.find("channel/webMaster") is None, path


def test_w3c_no_duplicate_item_semantics(out):
    """W3C DuplicateItemSemantics."""
    for _path, data in all_xml(out):
        for item in rss_items(data):
            assert not (item.find("author") is not None and item.find("dc:creator", NS) is not None)
            assert item.find("dc:date", NS) is None  # pubDate says it already
            assert item.find("atom:id", NS) is None  # guid says it already


def test_w3c_description_before_content(out):
    """W3C NeedDescriptionBeforeContent."""
    for _path, data in all_xml(out):
        for item in rss_items(data):
            tags = [lxml.etree.QName(child).localname for child in item]
            if "encoded" in tags:
                assert "description" in tags
                assert tags.index("description") < tags.index("encoded")


def test_w3c_rss_uses_hex_character_references(out):
    """W3C CharacterData, ContainsHTML (entities)."""
    # RSS Profile: "&" and "<" in text as &#x26; and &#x3C;, so readers know it is text.
    for path, data in all_xml(out):
        if path.endswith("feed.xml"):
            assert b"&amp;" not in data and b"&lt;" not in data and b"&gt;" not in data, path
    assert b"Economy &#x26; Trade" in out["feed.xml"]


def test_w3c_atom_text_with_markup_is_typed_html(out):
    """W3C ContainsUndeclaredHTML."""
    for path, data in all_xml(out):
        if not path.endswith("atom.xml"):
            continue
        root = xml(data)
        for el in root.iter(*(f"{{{NS['atom']}}}{n}" for n in ("title", "subtitle", "summary"))):
            kind = el.get("type", "text")
            assert kind in ("text", "html"), path
            if kind == "text":
                assert "<" not in (el.text or "") and "&" not in (el.text or ""), (path, el.text)


def test_w3c_every_atom_entry_has_an_author(out):
    """W3C MissingAuthor."""
    for path, data in all_xml(out):
        if path.endswith("atom.xml"):
            root = xml(data)
            feed_author = root.find("atom:author/atom:name", NS)
            for entry in atom_entries(data):
                assert (
                    feed_author is not None or entry.find("atom:author/atom:name", NS) is not None
                )


def test_w3c_rss_dates_are_rfc822_with_weekday(out):
    """W3C InvalidRFC2822Date, IncorrectDOW."""
    for _path, data in all_xml(out):
        root = xml(data)
        for el in [*root.iter("pubDate"), *root.iter("lastBuildDate")]:
            parsed = email.utils.parsedate_to_datetime(el.text)
            assert el.text == email.utils.format_datetime(parsed), el.text  # weekday included


def test_w3c_atom_dates_are_rfc3339(out):
    """W3C InvalidRFC3339Date."""
    for path, data in all_xml(out):
        if path.endswith("atom.xml"):
            for name in ("updated", "published"):
                for el in xml(data).iter(f"{{{NS['atom']}}}{name}"):
                    assert RFC3339.match(el.text), el.text


def test_w3c_rss_image_matches_channel():
    """W3C ImageTitleDoesntMatch, ImageLinkDoesntMatch."""
    channel = xml(build(icon="assets/logo.png")["tags/russia/feed.xml"]).find("channel")
    image = channel.find("image")
    assert image.findtext("title") == channel.findtext("title")
    assert image.findtext("link") == channel.findtext("link")


def test_w3c_content_is_well_formed_html(out):
    """W3C NotHtml."""
    # Re-serialising what an HTML parser reads back must give the same markup: nothing was
    # left for a parser to repair (unclosed or misnested tags, bare "&").
    for item in json.loads(out["feed.json"])["items"]:
        body = item["content_html"]
        frag = lxml.html.fragment_fromstring(body, create_parent="div")
        again = lxml.html.tostring(frag, encoding="unicode")[len("<div>") : -len("</div>")]
        assert again == body


def test_w3c_every_atom_entry_has_text():
    """W3C MissingTextualContent: no description and an empty body still give a summary."""
    bare = briefing("2024/x.txt", "Bare title", SAME_DAY, description="")
    got = build_feeds([bare], config(), page_path=page_path, content_html=lambda b: "")
    entry = atom_entries(got["atom.xml"])[0]
    assert entry.find("atom:content", NS) is None
    assert entry.findtext("atom:summary", namespaces=NS) == "Bare title"
    assert json.loads(got["feed.json"])["items"][0]["content_text"] == "Bare title"


# ---------------------------------------------------------------------------------------------
# Any text a report may hold


def xml_text(s: str) -> str:
    """What XML 1.0 can carry, minus C1 controls: the spec's Char production, restated."""
    return "".join(
        c
        for c in s
        if c in "\t\n\r"
        or ("\x20" <= c <= "\ud7ff" and not "\x7f" <= c <= "\x9f")
        or "\ue000" <= c <= "\ufffd"
        or c >= "\U00010000"
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(min_size=1, max_size=40), description=st.text(max_size=60))
def test_any_text_reads_back_exactly(title, description):
    b = briefing("2024/x.txt", title, SAME_DAY, description=description, body=title)
    got = build([b])
    want_title = xml_text(title).strip() or "x"
    want_summary = xml_text(description).strip()
    doc = json.loads(got["feed.json"])["items"][0]
    assert doc["title"] == want_title
    assert doc.get("summary", "") == (want_summary or ("" if doc.get("content_html") else "x"))
    rss = xml(got["feed.xml"]).find("channel/item")
    assert rss.findtext("title") == want_title
    atom = atom_entries(got["atom.xml"])[0].find("atom:title", NS)
    text = html.unescape(atom.text) if atom.get("type") == "html" else atom.text
    assert text == want_title
    for name in ("feed.xml", "atom.xml"):
        assert feedparser.parse(got[name]).bozo == 0


@pytest.mark.parametrize(
    ("icon", "rss_image"), [("assets/icon.png", True), ("assets/favicon.svg", False)]
)
def test_rss_image_only_in_formats_rss_allows(icon: str, rss_image: bool) -> None:
    """W3C ImageUrlFormat: an RSS channel image must be GIF, JPEG or PNG; Atom and JSON take any."""
    out = build(icon=icon)
    channel = xml(out["feed.xml"]).find("channel")
    assert (channel.find("image") is not None) is rss_image
    assert xml(out["atom.xml"]).find("{http://www.w3.org/2005/Atom}icon").text == SITE + icon
    assert json.loads(out["feed.json"])["icon"] == SITE + icon
