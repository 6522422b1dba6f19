"""Vertical spacing of OCR'd text: the document's own line gap and paragraph gap.

OCR gives no font, so a heading set in bold at body size looks like a short paragraph unless its
strokes show the weight (:func:`tracker.extract.ocr.mark_heavy`; a semibold face may not). What
still shows is spacing: a layout puts more space above a heading than between paragraphs, and keeps
the heading close to the text it introduces. :func:`spacing` measures the two gaps a document uses
between body lines (inside a paragraph; between paragraphs), from its own lines;
:func:`set_apart_by_space` tells whether a line has the space of a heading around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.extract.lines import Line

_UPPER_START = re.compile(r"^[A-ZÆØÅÉ«\"(]")


@dataclass(frozen=True)
class Spacing:
    line_gap: float  # between lines of a paragraph (points, bottom to top)
    para_gap: float  # between paragraphs
    # Paragraphs follow each other at the line gap (marked by an indent, or not at all): the wider
    # gaps are those round headings, lists and tables, and ``para_gap`` is the line gap.
    unspaced: bool = False


def spacing(lines: Sequence[Line], body_size: float) -> Spacing | None:
    """The document's line and paragraph gaps from consecutive body-size lines on a page; None when
    there are too few lines to tell (or no paragraph breaks)."""
    gaps = []
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page != b.page or abs(a.size - body_size) > 0.1 * body_size or abs(b.size - body_size) > 0.1 * body_size:
            continue
        g = b.top - a.bottom
        if -2 <= g <= 4 * body_size:
            gaps.append(g)
    if len(gaps) < 20:
        return None
    gaps.sort()
    line_gap = gaps[len(gaps) // 2]  # most gaps are inside paragraphs
    breaks = [g for g in gaps if g > line_gap + 0.3 * body_size]
    if len(breaks) < 3:
        return None
    if _paragraphs_unspaced(lines, body_size, line_gap):
        return Spacing(line_gap, line_gap, unspaced=True)
    return Spacing(line_gap, breaks[len(breaks) // 2])


def _paragraphs_unspaced(lines: Sequence[Line], body_size: float, line_gap: float) -> bool:
    """Whether most paragraphs end with no more space below them than a line gap: the gap after a
    line that ends a sentence well short of the right edge its page's lines reach (the last line of
    a paragraph), before a capitalised line at body size."""
    right: dict[int, float] = {}
    for ln in lines:
        right[ln.page] = max(right.get(ln.page, 0.0), ln.x1)
    after_ends = []
    for a, b in zip(lines, lines[1:], strict=False):
        if (a.page == b.page and a.text.rstrip().endswith((".", "!", "?")) and a.x1 < right[a.page] - 4 * body_size
                and len(a.words) >= 2 and abs(b.size - body_size) <= 0.1 * body_size
                and _UPPER_START.match(b.text.strip()) and not b.bullet):
            after_ends.append(b.top - a.bottom)
    if len(after_ends) < 8:
        return False
    after_ends.sort()
    return after_ends[len(after_ends) // 2] <= line_gap + 0.15 * body_size


def set_apart_by_space(lines: Sequence[Line], i: int, body_size: float, sp: Spacing) -> bool:
    """A short line at about body size, capitalised, without closing punctuation, with clearly more
    space above it than the document puts between paragraphs (or first on its page), and followed on
    the same page by text that sits closer to it than it sits to what is above."""
    ln = lines[i]
    text = ln.text.strip()
    if len(text.split()) > 12 or not _UPPER_START.match(text) or text.endswith((".", ",", ";", ":")):
        return False
    if not any(c.isalpha() for c in text) or ln.bullet:
        return False
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None or nxt.page != ln.page:
        return False  # (a list may follow a heading: a bullet below is fine)
    below = nxt.top - ln.bottom
    prev = lines[i - 1] if i > 0 else None
    if prev is None or prev.page != ln.page:
        above = None
        if prev is not None and not prev.text.rstrip().endswith((".", "!", "?", ":")):
            return False  # maybe a paragraph going on from the page before
    else:
        above = ln.top - prev.bottom
        if above < sp.para_gap + 0.5 * (sp.para_gap - sp.line_gap) + 0.25 * body_size + (
                0.25 * body_size if sp.unspaced else 0.0):
            return False
    if sp.unspaced:
        # Paragraphs unspaced: a heading still has some space below it, less than above; a
        # paragraph's first line after a list or a table has only the line gap.
        if below <= sp.line_gap + 0.15 * body_size or (above is not None and below >= above):
            return False
    # the heading belongs to the text below: less space below than a heading gets above, and the
    # text below is a paragraph (it runs on: its line is long or a further line follows closely)
    elif below > sp.para_gap + 0.25 * body_size or (above is not None and below >= above):
        return False
    after = lines[i + 2] if i + 2 < len(lines) else None
    runs_on = after is not None and after.page == nxt.page and 0 <= after.top - nxt.bottom <= sp.line_gap + 0.25 * body_size
    # and the heading is short beside that paragraph (the first line of a paragraph is not)
    widest = max(nxt.x1 - nxt.x0, (after.x1 - after.x0) if runs_on and after is not None else 0.0)
    # (or set a little larger than the body: a long subheading in the heading face; but not as wide
    # as the paragraph, whose first line a size read from ink can make a little larger too)
    width = ln.x1 - ln.x0
    if width < 0.8 * widest or nxt.nchars > 2 * ln.nchars or (ln.size >= 1.1 * body_size and width < widest):
        return True
    # A long heading: the line stops short of the paragraph's right edge by more than the next
    # line's first word, which would have fitted; a paragraph's first line breaks only where the
    # next word does not fit, so this line ended by itself.
    right = max(nxt.x1, after.x1) if runs_on and after is not None else nxt.x1
    first = nxt.words[0]
    return right - ln.x1 > (first.x1 - first.x0) + 0.5 * body_size
