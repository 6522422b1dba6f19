"""Page content as the extractor's stages see it: positioned words and ruling lines.

Both the PDF text layer (:mod:`tracker.extract.pdftext`) and OCR (:mod:`tracker.extract.ocr`)
produce :class:`PageWords`, so layout analysis, heading detection and table finding work the
same on born-digital and scanned pages.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from tracker.model import TextSource

# Glyphs that mark a list item when they stand alone before its text.
BULLET_MARKS = frozenset("•●▪■◦○‣∙·–—-*©®»›➢➤✓□")
_CID = re.compile(r"^\(cid:\d+\)$")


def is_bullet_mark(text: str) -> bool:
    """A bullet glyph: one of :data:`BULLET_MARKS`, or a glyph the font does not map to a character
    ("(cid:127)"), which in practice is a bullet symbol."""
    return (len(text) == 1 and text in BULLET_MARKS) or bool(_CID.match(text))


ITALIC_SLANT = 6.0
"""An OCR'd word whose strokes lean right by this many degrees or more is set in italic. Measured
through :func:`tracker.extract.ocr.stroke_slant` on a scan at 200 dpi (skew up to 1.1°, turned
straight): DejaVu Serif Bold Italic heads 10°, upright bold and regular words -2 to 2°."""


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0  # font size in points; for OCR, the line's x-height-derived size
    fontname: str = ""
    bold: bool | None = None  # None: unknown (OCR)
    color: tuple[float, ...] = ()  # non-stroking colour as pdfplumber reports it
    seq: int = 0  # position in the content stream (drawing order)
    # OCR only: stroke width relative to the font size, measured from the pixels (ocr.word_ink), and
    # whether that is clearly heavier than the document's body text (ocr.mark_heavy). OCR gives no
    # font, so ``bold`` stays None; this is the weight the image shows.
    stroke: float | None = None
    heavy: bool = False
    tone: float | None = None  # OCR only: the grey level of the word's ink (ocr.word_ink)
    slant: float | None = None  # OCR only: the lean of its strokes in degrees, italic leans right (ocr.word_ink)

    @property
    def height(self) -> float:
        return self.bottom - self.top


    @property
    def italic(self) -> bool:
        """Set in an italic or oblique face: the font's name says so, or (OCR) the strokes lean."""
        if self.slant is not None:
            return self.slant >= ITALIC_SLANT
        return any(k in self.fontname.lower() for k in ("italic", "oblique"))


@dataclass
class WordRun:
    """Words that sit together (a line, a table row, a cell) and the box around them."""

    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bold(self) -> bool | None:
        """True when every word is bold; None when any weight is unknown (OCR)."""
        if any(w.bold is None for w in self.words):
            return None
        return all(w.bold for w in self.words)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2))


GHOST_RATIO = 5.0


def group_rows(words: list[Word] | tuple[Word, ...]) -> list[list[Word]]:
    """Words into visual rows, each sorted left to right, rows top to bottom.

    A word joins a row when it overlaps, by half the smaller height, the row's horizontally
    nearest word: on a slightly rotated scan a row drifts up or down across the page, so the
    row's overall band would be the wrong reference.
    """
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        cx = (w.x0 + w.x1) / 2
        for row in reversed(rows[-3:]):
            near = min(row, key=lambda o: abs((o.x0 + o.x1) / 2 - cx))
            overlap = min(near.bottom, w.bottom) - max(near.top, w.top)
            # (a glyph five times as tall as its neighbour or more is no word of its row: a chapter
            # number set huge and pale behind the title and the text's first lines)
            if overlap >= 0.5 * max(min(near.height, w.height), 0.5) and (
                    max(near.height, w.height) <= GHOST_RATIO * max(min(near.height, w.height), 0.5)):
                row.append(w)
                break
        else:
            rows.append([w])
    for row in rows:
        row.sort(key=lambda w: w.x0)
    rows.sort(key=lambda r: min(w.top for w in r))
    return rows



def evenly_spaced(row: Sequence[Word], relative: float = 0.12) -> bool:
    """Whether a row's words (left to right) stand at one even spacing, as justification
    stretches every space of a line alike. Two words, or gaps that differ, are not evidence: a
    label and its value far to the right, two columns, or a table's cells leave uneven gaps."""
    gaps = [w.x0 - prev.x1 for prev, w in zip(row, row[1:], strict=False)]
    # Justification spaces a line's words alike, up to the rounding of glyph advances to the
    # pixel grid that some producers apply (a browser under hinted fonts: ±0.5 pt and more).
    # ``relative=0``: only the rounding, for a test that must not take cells set at about even
    # distances for a line.
    # OCR boxes hold the ink, not the advance: a space reads wider or narrower by the side
    # bearings of the glyphs around it (a round "o" against a straight "l"), up to about 0.15 em.
    ink = 0.15 * min(w.size or 10.0 for w in row) if any(w.bold is None for w in row) else 0.0
    return len(gaps) >= 2 and max(gaps) - min(gaps) <= max(0.6, relative * max(gaps), ink)


@dataclass(slots=True)
class Segment:
    """A horizontal or vertical ruling line (or a thin rectangle's long edge)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(slots=True)
class FilledRect:
    """A filled rectangle wider/taller than a rule: a coloured band, a cell background."""

    x0: float
    top: float
    x1: float
    bottom: float
    color: tuple[float, ...] = ()


@dataclass
class PageWords:
    page: int  # 1-based
    width: float
    height: float
    words: list[Word]
    segments: list[Segment] = field(default_factory=list)
    rects: list[FilledRect] = field(default_factory=list)
    source: TextSource = "text-layer"
    quality: float | None = None
    sheet: int | None = None  # the PDF page this page was cut from, when a sheet holds two (sheets.py)
    # Lines turned a quarter at the page's side, each its words in reading order, the lines in
    # reading order (pdftext._margin_turned): furniture in a document, a title on a slide.
    turned: list[list[Word]] = field(default_factory=list)


GHOST_SIZE = 3.0
"""A number set this many times its page's median size or more, in a pale tint, is a ghost (below)."""
GHOST_LIGHTNESS = (0.8, 0.97)
"""The lightness of a ghost's tint: near the paper's, short of white (white type on a band is text)."""
GHOST_PAGES = 3
"""Ghosts counting up with the pages on this many pages or more are page numbers."""
_PAGE_DIGITS = re.compile(r"[0-9]{1,4}")


def lightness(color: tuple[float, ...]) -> float | None:
    """How light a colour is, 0 black to 1 white; None when unknown. A text layer's colours are RGB
    (``pdftext._color`` turns grey and CMYK into RGB); OCR's one-value tint mark is no colour."""
    if len(color) != 3:
        return None
    return 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2]


def _ghost_numbers(page: PageWords) -> list[Word]:
    """A page's numbers set very large in a tint close to the paper's, on the paper (no dark fill
    under them): printed huge and pale behind the text."""
    def pale_number(w: Word) -> bool:
        tint = lightness(w.color)
        return (tint is not None and GHOST_LIGHTNESS[0] <= tint < GHOST_LIGHTNESS[1]
                and bool(_PAGE_DIGITS.fullmatch(w.text)))

    def on_dark(w: Word) -> bool:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        return any(r.x0 <= cx <= r.x1 and r.top <= cy <= r.bottom and (lightness(r.color) or 0.0) < 0.5
                   for r in page.rects)  # (a fill of unknown colour counts as dark: the number stays)

    pale = [w for w in page.words if pale_number(w)]
    if not pale:  # (most pages: no page's sizes sorted for nothing)
        return []
    sizes = sorted(w.size for w in page.words if w.size)
    median = sizes[len(sizes) // 2]
    return [w for w in pale if w.size >= GHOST_SIZE * median and not on_dark(w)]


def without_ghost_page_numbers(pages: list[PageWords]) -> list[PageWords]:
    """``pages`` without the page numbers printed huge and pale behind the text (a deck's "08" on
    its eighth slide, read as a heading's number): ghost numbers (:func:`_ghost_numbers`) that count
    up with the pages, at one offset on :data:`GHOST_PAGES` pages or more. A ghost that does not
    count with the pages is a chapter's number behind its title, and stays."""
    ghosts = {p.page: _ghost_numbers(p) for p in pages}
    offsets = Counter(int(w.text) - page for page, ws in ghosts.items() for w in ws)
    if not offsets:
        return pages
    offset, n = offsets.most_common(1)[0]
    if n < GHOST_PAGES:
        return pages
    out = []
    for p in pages:
        drop = {id(w) for w in ghosts[p.page] if int(w.text) - p.page == offset}
        out.append(dataclasses.replace(p, words=[w for w in p.words if id(w) not in drop]) if drop else p)
    return out
