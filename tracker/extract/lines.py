"""Words → text lines; running headers/footers; reading order.

A :class:`Line` is a run of words on one baseline that belong together (a large horizontal gap
splits a row into separate lines, so a sidebar and the body column never merge).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tracker.extract.words import PageWords, Word, WordRun, group_rows

BULLET_MARKS = frozenset("•●▪■◦○‣∙·–—-*©®»›➢➤✓□")
# Margin bands (share of page height) where running headers, footers and page numbers live.
MARGIN_BAND = 0.075
_CID = re.compile(r"^\(cid:\d+\)$")
_PAGE_NUMBER = re.compile(r"^(?:(?:side|page|s\.)\s*)?\d{1,4}(?:\s*(?:av|of|/)\.?\s*\d{1,4})?$", re.IGNORECASE)


@dataclass
class Line(WordRun):
    page: int = 0
    source_page_height: float = 0.0
    bullet: bool = False
    tags: set[str] = field(default_factory=set)

    @property
    def seq(self) -> int:
        return min(w.seq for w in self.words)

    @property
    def nchars(self) -> int:
        return sum(len(w.text) for w in self.words)

    def _dominant(self, attr: str):  # type: ignore[no-untyped-def]
        c: Counter = Counter()
        for w in self.words:
            c[getattr(w, attr)] += len(w.text)
        return c.most_common(1)[0][0]

    @property
    def size(self) -> float:
        return float(self._dominant("size"))

    @property
    def color(self) -> tuple[float, ...]:
        return self._dominant("color")


def group_lines(page: PageWords) -> list[Line]:
    """Cluster a page's words into rows, then split rows at wide gaps into separate lines."""
    lines: list[Line] = []
    for row in group_rows(page.words):
        current: list[Word] = [row[0]]
        for prev, w in zip(row, row[1:], strict=False):
            gap = w.x0 - prev.x1
            size = min(prev.size or 10.0, w.size or 10.0)
            if gap > 2.5 * size:
                lines.append(Line(current, page.page, page.height))
                current = [w]
            else:
                current.append(w)
        lines.append(Line(current, page.page, page.height))
    for ln in lines:
        _mark_bullet(ln)
    return lines


def _mark_bullet(line: Line) -> None:
    first = line.words[0].text
    # An unmapped glyph ("(cid:127)") leading a line is, in practice, a bullet symbol.
    if len(line.words) > 1 and (len(first) == 1 and first in BULLET_MARKS or _CID.match(first)):
        line.bullet = True
        line.words = line.words[1:]
    elif len(first) > 1 and first[0] in "•●▪■◦‣" and first[1:].strip():
        line.bullet = True
        w = line.words[0]
        line.words[0] = Word(w.text[1:].lstrip(), w.x0, w.top, w.x1, w.bottom, w.size, w.fontname, w.bold, w.color, w.seq)


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def remove_running_text(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop running headers/footers (text repeated in the margin bands) and page numbers."""
    n = len(pages)
    counts: Counter = Counter()
    for lines, h in zip(pages, heights, strict=True):
        keys = {_margin_key(ln.text) for ln in lines if _in_margin(ln, h)}
        counts.update(keys)
    threshold = max(2, int(0.25 * n + 0.999))
    out: list[list[Line]] = []
    for lines, h in zip(pages, heights, strict=True):
        kept = []
        for ln in lines:
            if _in_margin(ln, h):
                compact = re.sub(r"\s+", "", ln.text)
                if counts[_margin_key(ln.text)] >= threshold or _PAGE_NUMBER.match(compact) or _PAGE_NUMBER.match(
                    ln.text.strip()
                ):
                    continue
            kept.append(ln)
        out.append(kept)
    return out


def _in_margin(line: Line, height: float) -> bool:
    return line.bottom <= height * MARGIN_BAND * 1.2 or line.top >= height * (1 - MARGIN_BAND)


def reading_order(lines: list[Line]) -> list[Line]:
    """Order a page's lines as a reader would.

    A block set entirely to the left of the main text column (a sidebar carrying the chapter
    heading, typically painted last) is a column of its own and is read first; everything else
    is read top to bottom, left to right.
    """
    if not lines:
        return lines
    lefts: Counter = Counter()
    for ln in lines:
        lefts[round(ln.x0 / 4) * 4] += ln.nchars
    main_left = lefts.most_common(1)[0][0]
    side = [ln for ln in lines if ln.x1 < main_left - 12]
    main = [ln for ln in lines if ln.x1 >= main_left - 12]
    key = _row_key
    side.sort(key=key)
    main.sort(key=key)
    for ln in side:
        ln.tags.add("side")
    return side + main


def _row_key(ln: Line) -> tuple[float, float]:
    # Tops within ~2 pt are one row (a bullet glyph sits a little higher than its text).
    return (round(ln.top / 2.5), ln.x0)
