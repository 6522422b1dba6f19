"""Page content as the extractor's stages see it: positioned words and ruling lines.

Both the PDF text layer (:mod:`tracker.extract.pdftext`) and OCR (:mod:`tracker.extract.ocr`)
produce :class:`PageWords`, so layout analysis, heading detection and table finding work the
same on born-digital and scanned pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.model import TextSource


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

    @property
    def height(self) -> float:
        return self.bottom - self.top


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
