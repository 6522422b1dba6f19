"""Sheets that hold two pages side by side: cut into their pages before any layout is read.

A document printed or scanned "two pages per sheet" (A5 pages on landscape A4, a booklet's
spread) puts two pages, each with its own margins, running header, footer and columns, on one
PDF page. Read as one page, the gap between them is a column gutter at best; at worst each row
of the two pages reads as one row of a two-column table, and each page's header and footer
stand in the middle of a line of the other. So such a sheet is cut, once, into a left and a
right page, and every later stage sees pages as the reader does.

A document is cut only when every page of it says so: each page with text is landscape, each
half of it portrait, and one band down the middle of the sheet is free of ink on every page
(words, rules and fills alike), with text on both sides of it. A landscape report in two
columns with a heading, a table, a rule or a running header across its gutter is not cut, nor
is a slide deck (decided by the caller: its type is set for a screen).

Pages are numbered in reading order, left page before right (``page``), and each cut page
remembers the PDF page it came from (``sheet``): a page number in the output is the reader's
page, and a link into the PDF goes to the sheet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TypeVar

from tracker.extract.ocr import without_margin_turned
from tracker.extract.words import FilledRect, PageWords, Segment, Word

_Boxed = TypeVar("_Boxed", Word, Segment, FilledRect)

LANDSCAPE = 1.15
"""A sheet is landscape, and each of its halves portrait, by this ratio of the long side to the
short one (A4 and Letter pages: 1.41 and 1.29; a 16:9 slide's half: 0.89 the other way)."""

MIDDLE = (0.3, 0.7)
"""Where on the sheet's width the band between the two pages lies: a sheet is halved, give or
take a binding margin."""

MIN_BAND = 0.025
"""The free band's least width, as a share of the sheet's width: two page margins side by side
(A5 pages on A4: 2 x 15 mm and more of 297 mm is 0.10; 0.025 is 7 mm). A report's column gutter
is narrower still, but a gutter alone cuts nothing: see the module's doc."""

BOTH_SIDES = 0.6
"""Of the sheets with text, this share or more carries text on both sides of the band (the last
sheet of a document with an odd number of pages has a left page only)."""


def _ink_spans(page: PageWords) -> list[tuple[float, float]]:
    """The x-extents of what is printed on a page: its words, rules and fills (a fill over the
    whole sheet, a scan's paper or a background, is no ink)."""
    spans = [(w.x0, w.x1) for w in page.words if _is_ink(w)]
    spans += [(s.x0, s.x1) for s in page.segments]
    spans += [(r.x0, r.x1) for r in page.rects if (r.x1 - r.x0) < 0.9 * page.width]
    return spans


def _is_ink(w: Word) -> bool:
    """A word, not a speck OCR read as a dot or a dash."""
    return any(c.isalnum() for c in w.text)


def _free_band(pages: Sequence[PageWords]) -> tuple[float, float] | None:
    """The widest band down the middle of the sheets that no page prints on."""
    width = pages[0].width
    lo, hi = MIDDLE[0] * width, MIDDLE[1] * width
    covered = sorted((max(a, lo), min(b, hi)) for p in pages for a, b in _ink_spans(p) if b > lo and a < hi)
    best: tuple[float, float] | None = None
    edge = lo
    for a, b in [*covered, (hi, hi)]:
        if a > edge and (best is None or a - edge > best[1] - best[0]):
            best = (edge, a)
        edge = max(edge, b)
    if best is None or best[1] - best[0] < MIN_BAND * width:
        return None
    return best


def two_up_cut(pages: Sequence[PageWords]) -> float | None:
    """Where the document's sheets are cut into two pages (x in points), or None when they hold
    one page each."""
    with_text = [p for p in pages if any(_is_ink(w) for w in p.words)]
    if not with_text:
        return None
    width, height = with_text[0].width, with_text[0].height
    for p in pages:  # one size of sheet throughout, landscape
        if abs(p.width - width) > 0.02 * width or abs(p.height - height) > 0.02 * height:
            return None
    if width < LANDSCAPE * height or height < LANDSCAPE * width / 2:
        return None
    band = _free_band(with_text)
    if band is None:
        return None
    cut = (band[0] + band[1]) / 2

    def left(p: PageWords) -> bool:
        return any(_is_ink(w) and w.x1 <= cut for w in p.words)

    def right(p: PageWords) -> bool:
        return any(_is_ink(w) and w.x0 >= cut for w in p.words)

    both = sum(1 for p in with_text if left(p) and right(p))
    # (the last sheet of a document with an odd number of pages has a left page only: two sheets,
    # three pages, are as two-up as four)
    last_alone = len(with_text) >= 2 and left(with_text[-1]) and not right(with_text[-1])
    if both + last_alone < BOTH_SIDES * len(with_text):
        return None
    return cut


def _half(page: PageWords, cut: float, right: bool) -> PageWords:
    """The left or right page of a sheet cut at ``cut``, in its own coordinates (the right page's
    words, rules and fills moved left by ``cut``); each thing goes with the side its middle is on."""
    dx = cut if right else 0.0

    def kept(things: list[_Boxed]) -> list[_Boxed]:
        return [dataclasses.replace(t, x0=t.x0 - dx, x1=t.x1 - dx) if dx else t
                for t in things if ((t.x0 + t.x1) / 2 >= cut) == right]

    return dataclasses.replace(page, width=page.width - cut if right else cut, words=kept(page.words),
                               segments=kept(page.segments), rects=kept(page.rects))


def split_two_up(pages: Sequence[PageWords]) -> list[PageWords]:
    """The pages as the reader reads them: a document of sheets holding two pages each is cut
    into its pages, numbered in order (each with ``sheet`` set); any other document as it is."""
    cut = two_up_cut(pages)
    if cut is None:
        return list(pages)
    out: list[PageWords] = []
    for sheet in pages:
        for right in (False, True):
            half = _half(sheet, cut, right)
            if right and not half.words:
                continue  # the blank right half of an odd last sheet is no page
            if half.source != "text-layer":  # (a text layer's turned margin lines are gone already)
                half.words = without_margin_turned(half.words)
            out.append(dataclasses.replace(half, page=len(out) + 1, sheet=sheet.page))
    return out
