"""The Atom 1.0 feed (``feed.xml``) of the rule changes: one entry per item of a year page's rule sections
(a changed parameter value, a table of code or group changes, a year's deadlines, records no parameter states).

Deterministic: every date comes from the data (an entry is updated on the day its value starts; records on
1 January of their document's year; the feed on the latest of its entries), never from the clock, and ids
are name-based UUIDs (``urn:uuid:``, RFC 4122 version 5) of the year page and the item's anchor.

Links: the site has no ``site_url`` (it also works opened from disk), so the feed's links are relative to
the feed itself and the root element says so with ``xml:base="./"`` (RFC 4287 §2 allows relative
references resolved by xml:base). The feed lies at the site's root, beside ``index.html``.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from tracker.site.data import FEED_FILE, YEARS_INDEX, Page, html_path
from tracker.site.pages.years import RecordNews, ValueNews, YearNews, item_details, item_summary

ATOM = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FEED_TITLE = "ISF-endringssporing: hva er nytt"
FEED_AUTHOR = "ISF-endringssporing"
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "isf-tracker:feed")


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, name)}"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _updated(item: ValueNews | RecordNews) -> dt.date:
    if isinstance(item, ValueNews):
        return item.entry.start
    return dt.date(item.doc.year or 1970, 1, 1)


def render_feed(all_news: Sequence[YearNews]) -> str:
    """The feed as UTF-8 XML text, latest year first, each year's items in page order."""
    ET.register_namespace("", ATOM)
    items = [(news, item) for news in reversed(all_news) for item in news.changes()]
    dates = [_updated(item) for _, item in items] or [dt.date(max((n.year for n in all_news), default=1970), 1, 1)]
    feed = ET.Element(f"{{{ATOM}}}feed", {f"{{{XML_NS}}}base": "./", f"{{{XML_NS}}}lang": "nb"})
    _sub(feed, "id", _urn("feed"))
    _sub(feed, "title", FEED_TITLE)
    _sub(feed, "subtitle", "Endringer i regelverket for innsatsstyrt finansiering (ISF), år for år, fra de kjørbare "
                           "reglene og dokumentenes tabeller")
    _sub(feed, "updated", _timestamp(max(dates)))
    author = _sub(feed, "author")
    _sub(author, "name", FEED_AUTHOR)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=FEED_FILE)
    _sub(feed, "link", rel="alternate", type="text/html", href=html_path(YEARS_INDEX))
    for news, item in items:
        summary = item_summary(item)
        entry = _sub(feed, "entry")
        _sub(entry, "id", _urn(f"{news.path}#{item.anchor}"))
        _sub(entry, "title", f"ISF {news.year} – {summary}")
        _sub(entry, "updated", _timestamp(_updated(item)))
        _sub(entry, "link", rel="alternate", type="text/html", href=f"{html_path(news.path)}#{item.anchor}")
        _sub(entry, "category", term=str(news.year), label=f"ISF {news.year}")
        _sub(entry, "content", "\n".join([summary, *item_details(item)]), type="text")
    ET.indent(feed, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def render_feed_page(all_news: Sequence[YearNews]) -> Page:
    """The feed as a generated file of the site: not Markdown, so mkdocs copies it as it is."""
    return Page(path=FEED_FILE, title="Atom-feed", markdown=render_feed(all_news), sources=[])
