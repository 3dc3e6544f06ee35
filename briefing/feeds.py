"""Briefings → feeds (placeholder: RSS 2.0 only, until the full publish stage lands)."""

from __future__ import annotations

import datetime as dt
import html
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from briefing.model import Briefing


@dataclass(frozen=True)
class FeedConfig:
    site_url: str
    title: str
    description: str
    language: str = "en"
    limit: int = 50
    formats: tuple[str, ...] = ("rss",)
    icon: str | None = None
    author: str | None = None


def feed_item_id(relpath: str, site_url: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url}seeds/{relpath}"))


def feed_links(cfg: FeedConfig, tag_slug: str | None = None) -> list[tuple[str, str, str]]:
    prefix = f"tags/{tag_slug}/" if tag_slug else ""
    return [("application/rss+xml", "RSS", f"{prefix}feed.xml")]


def build_feeds(
    briefings: Sequence[Briefing],
    cfg: FeedConfig,
    *,
    page_path: Callable[[Briefing], str],
    content_html: Callable[[Briefing], str],
) -> dict[str, bytes]:
    out = {"feed.xml": _rss(briefings, cfg, "feed.xml", page_path)}
    for slug in sorted({t.slug for b in briefings for t in b.tags}):
        tagged = [b for b in briefings if any(t.slug == slug for t in b.tags)]
        out[f"tags/{slug}/feed.xml"] = _rss(tagged, cfg, f"tags/{slug}/feed.xml", page_path)
    return out


def _rss(
    briefings: Sequence[Briefing],
    cfg: FeedConfig,
    self_path: str,
    page_path: Callable[[Briefing], str],
) -> bytes:
    ordered = sorted(
        sorted(briefings, key=lambda b: b.report.relpath), key=lambda b: b.report.date, reverse=True
    )[: cfg.limit]
    fg = FeedGenerator()
    fg.title(cfg.title)
    fg.description(cfg.description or cfg.title)
    fg.language(cfg.language)
    fg.link(href=cfg.site_url + self_path, rel="self")
    fg.link(href=cfg.site_url, rel="alternate")
    newest = ordered[0].report.date if ordered else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    fg.lastBuildDate(newest)
    for b in ordered:
        entry = fg.add_entry(order="append")
        entry.title(b.report.title)
        entry.link(href=cfg.site_url + page_path(b))
        entry.guid(feed_item_id(b.report.relpath, cfg.site_url), permalink=False)
        entry.pubDate(b.report.date)
        entry.description(html.escape(b.description))  # RSS readers render it as HTML
    return fg.rss_str(pretty=True)
