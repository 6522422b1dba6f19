"""Finding tables on pages of positioned words and turning them into header + rows.

Works on :class:`~tracker.extract.words.PageWords`, so born-digital pages (pdfplumber) and
OCR'd pages (Tesseract words, rules detected from the image or none) go through the same code.

Two ways to find a table on a page:

* **Ruled**: horizontal rules (ruling segments, and the top/bottom edges of filled bands such as
  a slide table's coloured header row) that share the same horizontal extent form a ladder; the
  strips between consecutive rules are rows. Columns come from vertical rules when the table has
  them, otherwise from x-intervals that no word of any row covers ("whitespace rivers"). Strips
  holding justified prose (no column gap at all) split the ladder, so a running-header rule or
  two tables with body text between them are not merged into one table. A ladder with one body
  strip and many lines ("booktabs": rules only above and below the header and at the end) is
  split into rows like an unruled table.
* **Unruled**: a header line (every word bold, or inside a filled band; on OCR pages where
  boldness is unknown, any line with several cells) whose cells are separated by wide gaps,
  followed by lines that respect those gaps. Rows start where the first column has text or where
  the vertical gap is larger than the gap between lines of one cell.

On OCR'd pages (``Word.bold`` is None) a header is any line of short labels, "|" glyphs (a grid
line read as text) and specks are ignored, rules found in pieces or drifting with a rotated scan
are chained, and a ladder is completed from vertical rules and partial horizontal ones; a strip
that evidently holds two rows (a missed rule) is split.

Cells of several lines are joined with a space (a line-end hyphen joins directly, see
:func:`tracker.extract.text.join_lines`); empty cells are kept as ``""``. A table that starts a page with the same
header and the same number of columns as the last table of the previous page is merged into it
(the repeated header is not a data row); without a repeated header, only a captioned table
continues, when the continuation's first row is not bold and the break falls where the table
was running. Caption lines ("Tabell 9.1 ...") directly above or below a table are recorded and
their regions returned, so the caller can drop those words from body text.

Nothing here depends on exact coordinates: thresholds are relative to font size, line pitch
and page size.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet  # (typing.AbstractSet is deprecated)
from dataclasses import dataclass, field

from tracker.extract.headings import NUMBERED
from tracker.extract.layout import find_gutters, is_column_gap, outside_ruled_grid
from tracker.extract.lines import CAPTION_RE, NUMBER_ONLY, menu_words, running_rows, symbols_only
from tracker.extract.text import join_lines
from tracker.extract.words import (
    BULLET_MARKS,
    FilledRect,
    PageWords,
    Segment,
    Word,
    WordRun,
    evenly_spaced,
    group_rows,
)
from tracker.model import BBox, Span, Table

# Lines this close to the top or bottom edge of a page are running headers/footers.
_RUNNING_ZONE = 0.07
# Figures do not wrap: a line of them under an empty first cell is a row of its own.
_NUMBER_RE = re.compile(r"^[-–+]?[\d.,%]+$|^[-–]$")
# First-column texts that make a "table" a bullet or numbered list instead.
_LIST_MARKER_RE = re.compile(r"^([•▪◦●·\-–—*o»>]+( [•▪◦●·\-–—*o»>]+)*|\(?[0-9]{1,2}[.)]|\(?[a-zA-Z][.)])$")
# OCR reads a grid's vertical lines as "|" characters: they are rules, never cell text.
_RULE_GLYPH_RE = re.compile(r"^[|¦│]+$")


@dataclass
class FoundTable:
    """A table found on the pages plus where it and its caption are printed."""

    table: Table
    regions: list[Span] = field(default_factory=list)  # table body per page, plus the caption
    lead_in: str | None = None  # the body line(s) just above the table (context for records)


# --------------------------------------------------------------------------------------------
# small geometry helpers


def _size(w: Word) -> float:
    return w.size if w.size > 0 else max(w.height, 1.0)


def _median_size(words: Sequence[Word]) -> float:
    return statistics.median(_size(w) for w in words) if words else 10.0


def _cx(w: Word) -> float:
    return (w.x0 + w.x1) / 2


def _cy(w: Word) -> float:
    return (w.top + w.bottom) / 2


def _norm(text: str) -> str:
    return " ".join(text.split())


def _bbox(words: Iterable[Word]) -> BBox:
    ws = list(words)
    return (
        round(min(w.x0 for w in ws), 2),
        round(min(w.top for w in ws), 2),
        round(max(w.x1 for w in ws), 2),
        round(max(w.bottom for w in ws), 2),
    )


# A table line is a row of words; the shared geometry lives in tracker.extract.words.
_Line = WordRun


def _group_lines(words: Sequence[Word]) -> list[_Line]:
    return [WordRun(row) for row in group_rows(list(words))]


def _column_lines(words: Sequence[Word], gutters: Sequence[float]) -> list[_Line]:
    """Lines of text on a page with (or without) text columns: a row is cut at a gutter where a
    column gap stands there, so a caption in one column never takes in the words beside it in the
    next. In order of their tops."""
    if not gutters:
        return _group_lines(words)
    out: list[_Line] = []
    for row in group_rows(list(words)):
        cut = [0]
        for k in range(1, len(row)):
            prev, w = row[k - 1], row[k]
            if any(prev.x1 <= g <= w.x0 for g in gutters) and is_column_gap(
                    w.x0 - prev.x1, min(prev.size or 10.0, w.size or 10.0)):
                cut.append(k)
        out += [WordRun(row[a:b]) for a, b in zip(cut, [*cut[1:], len(row)], strict=True)]
    return sorted(out, key=lambda ln: (ln.top, ln.x0))


def _free_gaps(words: Sequence[Word], x0: float, x1: float, min_gap: float) -> list[tuple[float, float]]:
    """X-intervals inside (x0, x1) that no word covers and that are at least ``min_gap`` wide."""
    spans = sorted((max(w.x0, x0), min(w.x1, x1)) for w in words if w.x1 > x0 and w.x0 < x1)
    gaps: list[tuple[float, float]] = []
    if not spans:
        return gaps
    cur_end = spans[0][1]
    for a, b in spans[1:]:
        if a - cur_end >= min_gap:
            gaps.append((cur_end, a))
        cur_end = max(cur_end, b)
    return gaps


def _has_gap_in(own: Sequence[tuple[float, float]], a: float, b: float) -> bool:
    """Whether one of a line's own free gaps (``own``) overlaps the column gap (a, b)."""
    return any(c < b and d > a for c, d in own)


def _cluster_positions(values: Iterable[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


# --------------------------------------------------------------------------------------------
# the grid: rows of cells from words, boundaries and row bands


# After a line-end hyphen these words mean the hyphen is a suspended compound ("Dag- og døgn...").


def _cell_text(words: Sequence[Word]) -> str:
    if not words:
        return ""
    return join_lines([_norm(ln.text) for ln in _group_lines(words)])


def _cells(words: Sequence[Word], bounds: Sequence[float]) -> list[list[Word]]:
    cells: list[list[Word]] = [[] for _ in range(len(bounds) + 1)]
    for w in words:
        i = sum(1 for b in bounds if _cx(w) > b)
        cells[i].append(w)
    return cells


def _is_list(first_column: Sequence[str]) -> bool:
    """Is a "table's" first column (its header row's cell too) list marks only: a list, or
    sections each marked by a symbol (an accordion's ▾) between rules?"""
    texts = [t for t in first_column if t]
    if not texts:
        return False
    if all(_LIST_MARKER_RE.match(t) for t in texts):
        return True
    # symbols marking the rows, some beside or in place of the number of the heading beside them
    # ("6 ▾", "5"): a number alone in every cell is a table's own column
    return (all(symbols_only(tok) or NUMBER_ONLY.match(tok) for t in texts for tok in t.split())
            and sum(any(symbols_only(tok) for tok in t.split()) for t in texts) >= 0.5 * len(texts))


@dataclass
class _PagePart:
    """The part of one table printed on one page."""

    page: int
    rows: list[list[str]]  # first row is the page's header row (or the first data row)
    bbox: BBox
    words: list[Word]
    header_bold: bool | None = None


def _row_texts(row_words: Sequence[Sequence[Word]], bounds: Sequence[float]) -> list[list[str]]:
    return [[_cell_text(c) for c in _cells(ws, bounds)] for ws in row_words]


def _without_empty_columns(rows: list[list[str]]) -> list[list[str]]:
    """``rows`` without the columns that are empty in every row, header included: the space between
    a table's side and a rule inside it (a ladder joined by a longer rule above the table, a running
    header's underline, reaches further out than the table's own rules)."""
    keep = [k for k in range(max((len(r) for r in rows), default=0)) if any(k < len(r) and r[k] for r in rows)]
    return [[r[k] for k in keep if k < len(r)] for r in rows]


def _padding_threshold(pitches: Sequence[float]) -> float | None:
    """The line pitch above which a new row starts, when pitches fall into two clear groups
    (lines within a cell, and rows with cell padding between them); None when they do not."""
    if not pitches:
        return None
    typical = statistics.median(pitches)
    # Pitches far below the typical one are OCR fragments of one line, not line spacing.
    ordered = sorted(p for p in pitches if p >= 0.5 * typical)
    # The first clear jump above the smallest pitches separates lines of a cell from rows
    # (later jumps are taller rows, not a different kind of gap).
    for k, (a, b) in enumerate(zip(ordered, ordered[1:], strict=False)):
        # One tall gap is a tall row, not a pattern: padding shows between several rows.
        if a > 0 and b / a >= 1.25 and b - a > 1.0 and len(ordered) - (k + 1) >= 2:
            return (a * b) ** 0.5
    return None


def _rows_from_lines(lines: Sequence[_Line], bounds: Sequence[float]) -> list[list[Word]]:
    """Group body lines into rows when no rule separates them.

    A new row starts where the vertical gap is clearly larger than the gap between the lines of
    one cell (cell padding), or, when all gaps are alike, where the first column has text.
    """
    if not lines:
        return []
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:], strict=False)]
    threshold = _padding_threshold(pitches)
    rows: list[list[Word]] = [list(lines[0].words)]
    for prev, ln in zip(lines, lines[1:], strict=False):
        first = [w for w in ln.words if not bounds or _cx(w) <= bounds[0]]
        if threshold is not None:
            new_row = (ln.top - prev.top) > threshold
        elif not first:
            # Numbers do not wrap: a line of figures under an empty first cell is a row (a total).
            new_row = all(_NUMBER_RE.match(w.text) for w in ln.words)
        else:
            # Without padding, the next line of a wrapped first-column cell continues a sentence:
            # it starts in lower case after a line that does not end one.
            prev_first = [w for w in prev.words if not bounds or _cx(w) <= bounds[0]]
            continues = first[0].text[:1].islower() and bool(prev_first) and not prev_first[-1].text.endswith(".")
            new_row = not continues
        if new_row:
            rows.append(list(ln.words))
        else:
            rows[-1].extend(ln.words)
    return rows


# --------------------------------------------------------------------------------------------
# ruled tables


@dataclass
class _Rule:
    x0: float
    x1: float
    y: float
    drawn: bool = True  # a ruling segment, not just the edge of a filled band


def _horizontal_rules(pw: PageWords, bands: Sequence[FilledRect]) -> list[_Rule]:
    min_len = max(30.0, 0.06 * pw.width)
    raw: list[_Rule] = []
    # Short pieces count too: a table ruled cell by cell has a border per cell, and a narrow
    # column's border is shorter than a rule; joined with its neighbours it is one. A dotted
    # rule is drawn as a row of tiny squares, each no wider than it is tall; a row of them close
    # together is one rule as well (the chaining below joins them, the length test keeps only rows).
    for s in pw.segments:
        w, h = s.x1 - s.x0, s.bottom - s.top
        if h <= 3.0 and (w >= 3.0 or (w >= 0.3 and h <= 2 * w)):
            raw.append(_Rule(s.x0, s.x1, (s.top + s.bottom) / 2))
    for r in bands:
        raw.append(_Rule(r.x0, r.x1, r.top, drawn=False))
        raw.append(_Rule(r.x0, r.x1, r.bottom, drawn=False))
    # Pieces at about the same height that touch are one rule (cell borders, a header cell's
    # band, a rule that OCR found in pieces). Chaining by the last piece's height follows a rule
    # across a slightly rotated scan.
    chains: list[tuple[_Rule, list[float], float]] = []  # (rule, piece heights, height at right end)
    for r in sorted(raw, key=lambda r: (r.x0, r.y)):
        for k, (m, ys, y_end) in enumerate(chains):
            if abs(y_end - r.y) <= 2.5 and r.x0 <= m.x1 + 6:
                m.x1 = max(m.x1, r.x1)
                m.drawn = m.drawn or r.drawn
                ys.append(r.y)
                chains[k] = (m, ys, r.y if r.x1 >= m.x1 else y_end)
                break
        else:
            chains.append((_Rule(r.x0, r.x1, r.y, r.drawn), [r.y], r.y))
    out = []
    for m, ys, _ in chains:
        m.y = sum(ys) / len(ys)
        out.append(m)
    out.sort(key=lambda r: (r.y, r.x0))
    # (text layers only: on a scan the leaders read as dashed rules keep the rows they end from
    # being taken for an unruled table's)
    leaders = _leader_rules(out, pw.words) if pw.source == "text-layer" else set()
    return [r for r in out if r.x1 - r.x0 >= min_len and id(r) not in leaders]


def _leader_rules(rules: Sequence[_Rule], words: Sequence[Word]) -> set[int]:
    """The ids of rules drawn as leaders: each from the end of a line's last word, on its baseline,
    to one right edge that three or more share, starting at as many places as the lines end (a
    contents list's dotted leaders drawn as a border). A table's rules start where its table does."""
    starts: dict[int, list[_Rule]] = defaultdict(list)  # right end (rounded) → rules ending there
    for r in rules:
        if not r.drawn:
            continue
        row = [w for w in words if w.top <= r.y <= w.bottom + 0.5 * w.height]
        before = [w for w in row if w.x1 <= r.x0 + 1]
        if not before or any(w.x0 < r.x1 and w.x1 > r.x0 + 1 for w in row):
            continue
        last = max(before, key=lambda w: w.x1)
        if r.x0 - last.x1 <= 1.5 * max(last.size, 6.0):
            starts[round(r.x1 / 3)].append(r)
    out: set[int] = set()
    for group in starts.values():
        if len(group) >= 3 and max(r.x0 for r in group) - min(r.x0 for r in group) >= 20:
            out |= {id(r) for r in group}
    return out


def _content_bands(pw: PageWords) -> list[FilledRect]:
    """Filled rectangles that can be a table's header band or cell background.

    Page backgrounds, sidebars and cover blocks are too large; a band must hold some words. A row's
    cells filled one by one (a browser paints each cell's background) are one band.
    """
    out = []
    for r in _cells_joined(pw.rects):
        w, h = r.x1 - r.x0, r.bottom - r.top
        if w >= 0.97 * pw.width or h >= 0.25 * pw.height or h < 4:
            continue
        if w < 30:
            continue
        if any(r.x0 - 1 <= _cx(wd) <= r.x1 + 1 and r.top - 1 <= _cy(wd) <= r.bottom + 1 for wd in pw.words):
            out.append(r)
    return out


def _cells_joined(rects: Sequence[FilledRect]) -> list[FilledRect]:
    """``rects`` with each run of fills side by side in one colour, top and bottom (within a point),
    each starting where the last ends, joined into one."""
    out: list[FilledRect] = []
    for r in sorted(rects, key=lambda r: (round(r.top), r.x0)):
        last = out[-1] if out else None
        if (last is not None and last.color == r.color and abs(last.top - r.top) <= 1 and abs(last.bottom - r.bottom) <= 1
                and abs(r.x0 - last.x1) <= 1):
            out[-1] = FilledRect(last.x0, min(last.top, r.top), max(last.x1, r.x1), max(last.bottom, r.bottom), last.color)
        else:
            out.append(r)
    return out


def _ladders(rules: Sequence[_Rule]) -> list[list[_Rule]]:
    """Rules grouped by common horizontal extent, each group sorted top to bottom."""
    groups: list[list[_Rule]] = []
    for r in sorted(rules, key=lambda r: r.y):
        tol = max(4.0, 0.02 * (r.x1 - r.x0))
        for g in groups:
            if abs(g[0].x0 - r.x0) <= tol and abs(g[0].x1 - r.x1) <= tol:
                g.append(r)
                break
        else:
            groups.append([r])
    # Band edges alone do not make a ladder: a header band with no rules below it is an
    # unruled table (found by the unruled path, which knows about bands). Three bands or more of
    # one width do: a table banded by row colour instead of ruled, every other row on a band.
    return [g for g in groups if sum(1 for r in g if r.drawn) >= 2 or sum(1 for r in g if not r.drawn) >= 6]


def _vertical_bounds(pw: PageWords, x0: float, x1: float, top: float, bottom: float) -> list[float]:
    height = bottom - top
    xs = []
    for s in pw.segments:
        if s.horizontal or (s.x1 - s.x0) > 3.0:
            continue
        x = (s.x0 + s.x1) / 2
        if not (x0 + 4 < x < x1 - 4):
            continue
        overlap = min(s.bottom, bottom) - max(s.top, top)
        if overlap >= 0.5 * height:
            xs.append(x)
    return _cluster_positions(xs, 2.0)


def _gap_bounds(words: Sequence[Word], x0: float, x1: float, min_gap: float) -> list[float]:
    return [(a + b) / 2 for a, b in _free_gaps(words, x0, x1, min_gap)]


def _is_prose(words: Sequence[Word], x0: float, x1: float, min_gap: float) -> bool:
    """A strip with no column gap whose text runs across most of the width: a paragraph."""
    if not words:
        return False
    if _free_gaps(words, x0, x1, min_gap):
        return False
    span = max(w.x1 for w in words) - min(w.x0 for w in words)
    return span >= 0.6 * (x1 - x0)


def _complete_ladder(
    pw: PageWords, ladder: Sequence[_Rule], rules: Sequence[_Rule]
) -> tuple[float, float, list[float]]:
    """The ladder's extent and row boundaries, completed from what OCR may find only in part.

    Vertical rules crossing the ladder that reach above its top (or below its bottom) mean the
    table's outer rule was missed: their ends become boundaries. Shorter horizontal rules
    inside the ladder (a rule found only over some columns) are row boundaries too.
    """
    x0 = min(r.x0 for r in ladder)
    x1 = max(r.x1 for r in ladder)
    ys = [r.y for r in ladder]
    top, bottom = min(ys), max(ys)
    reach = max(12.0, 0.06 * (x1 - x0))  # OCR may miss a rule's outer pieces
    verticals = [
        sg for sg in pw.segments
        if not sg.horizontal and (sg.x1 - sg.x0) <= 3.0 and x0 - reach <= (sg.x0 + sg.x1) / 2 <= x1 + reach
        and sg.bottom > top + 2 and sg.top < bottom - 2
    ]
    if len(verticals) >= 2:
        v_top = statistics.median(sg.top for sg in verticals)
        v_bottom = statistics.median(sg.bottom for sg in verticals)
        if v_top < top - 3:
            ys.append(v_top)
        if v_bottom > bottom + 3:
            ys.append(v_bottom)
        x0 = min(x0, min((sg.x0 + sg.x1) / 2 for sg in verticals))
        x1 = max(x1, max((sg.x0 + sg.x1) / 2 for sg in verticals))
        top, bottom = min(ys), max(ys)
    width = x1 - x0
    # (A filled patch's edge counts only across half the table or more: a cell's shading does, a
    # pale watermark letter over a scanned table, which OCR finds as fills, does not.)
    for r in rules:
        if top + 2 < r.y < bottom - 2 and min(r.x1, x1) - max(r.x0, x0) >= (0.1 if r.drawn else 0.5) * width:
            ys.append(r.y)
    closing = _pieced_rule_below(rules, x0, x1, bottom, pw.height)
    if closing is not None:
        ys.append(closing)
    return x0, x1, _cluster_positions(ys, 1.5)


def _pieced_rule_below(rules: Sequence[_Rule], x0: float, x1: float, bottom: float, page_height: float) -> float | None:
    """The height of a faint closing rule below a ladder that a scan left only in pieces, if any.

    A light rule under a table's last row survives scanning as a few collinear stretches with
    gaps between them; no one stretch spans the table, so the ladder ends at its last whole
    rule and the last row would be lost. Stretches at one height inside the ladder's extent
    that together cover a good part of its width are that rule; a whole rule of any width
    found first means the table ended there.
    """
    width = x1 - x0
    below = sorted((r for r in rules if bottom + 3 < r.y < bottom + 0.25 * page_height), key=lambda r: r.y)
    for r in below:
        if r.x0 < x0 - 4 or r.x1 > x1 + 4 or r.x1 - r.x0 >= 0.6 * width:
            return None  # another table's (or the page's) rule comes first
        pieces = [q for q in below if abs(q.y - r.y) <= 1.5 and q.x0 >= x0 - 4 and q.x1 <= x1 + 4]
        if len(pieces) >= 2 and sum(q.x1 - q.x0 for q in pieces) >= 0.3 * width:
            return sum(q.y for q in pieces) / len(pieces)
        return None
    return None


def _rules_heading(rule: _Rule, words: Sequence[Word], body_size: float) -> bool:
    """A drawn rule right under or right over one line of bold type set clearly larger than the
    page's text, starting where the rule starts: the heading's underline or the rule a report
    style draws above each chapter head, not a table's rule (a ladder of such rules would make
    the chapters between them a table). An underline runs under much of its line: the short last
    line of a wrapped title just above a table's first rule does not make that rule its own.
    (:func:`_is_underlined_heading` is the same test on a ladder's strip, for an underline drawn
    apart from the line above it.)"""
    if not rule.drawn:
        return False
    above = [w for w in words if rule.y - 1.2 * _size(w) <= w.bottom <= rule.y + 0.5
             and w.x0 >= rule.x0 - 2 and w.x1 <= rule.x1 + 2]
    below = [w for w in words if rule.y - 0.5 <= w.top <= rule.y + 0.8 * _size(w)
             and w.x0 >= rule.x0 - 2 and w.x1 <= rule.x1 + 2]
    return _heading_line_at(rule, above, body_size, wide=True) or _heading_line_at(rule, below, body_size, wide=False)


def _heading_line_at(rule: _Rule, line: Sequence[Word], body_size: float, wide: bool) -> bool:
    """Whether ``line`` (the words just over or under ``rule``) is one heading line that the rule
    goes with: bold, larger than the text, one run of words starting where the rule starts, and,
    when ``wide``, running over much of the rule."""
    if not _bold_line_larger(line, body_size):
        return False
    ws = sorted(line, key=lambda w: w.x0)
    size = _median_size(ws)
    # One run of words (after a heading number, which may hang in a margin): a header row's
    # cells stand further apart than word spaces.
    title = ws[1:] if NUMBER_ONLY.match(ws[0].text) and len(ws) > 1 else ws
    one_run = all(b.x0 - a.x1 <= size for a, b in zip(title, title[1:], strict=False))
    return (one_run and ws[0].x0 <= rule.x0 + 2 * size
            and (not wide or ws[-1].x1 - ws[0].x0 >= 0.4 * (rule.x1 - rule.x0)))


def _bold_line_larger(words: Sequence[Word], than: float) -> bool:
    """One line of words, all bold (:func:`_set_bold`), set at least 1.3 times ``than``: a heading's
    line beside table text."""
    return (bool(words) and len(_group_lines(words)) == 1 and all(_set_bold(w) for w in words)
            and _median_size(words) >= 1.3 * than)


# --------------------------------------------------------------------------------------------
# tables printed as records: each row a card of "Label: value" lines


MIN_RECORDS = 2
"""Records with one set of labels, in a row, that make a table: a label set once is a form's field."""


def _label_split(row: Sequence[Word]) -> tuple[str, list[Word]] | None:
    """A row that opens with a label in bold ending in a colon ("Hva endres: Lagt til …"): the
    label without its colon and the value's words."""
    k = 0
    while k < len(row) and _set_bold(row[k]) and not row[k].text.endswith(":"):
        k += 1
    if k >= len(row) or not _set_bold(row[k]) or not row[k].text.endswith(":") or len(row[k].text) < 2:
        return None
    label = _norm(" ".join(w.text for w in row[: k + 1]))[:-1].strip()
    # (a text layer's bold going on past the colon is a heading with a colon in it, "Merk: Viktig")
    if not any(c.isalpha() for c in label) or any(_set_bold(w) and w.bold is not None for w in row[k + 1 : k + 2]):
        return None
    return label, list(row[k + 1 :])


def _record_parts(pw: PageWords, words: Sequence[Word], known: set[str]) -> list[_PagePart]:
    """A table printed as records, as a web page prints a wide table on a narrow screen: each row a
    card of lines "Column: value", its header's texts as the labels (bold, ending in a colon), the
    value's lines running on under its label. Records follow one another, each opening with the
    first label again; :data:`MIN_RECORDS` or more with the same labels in the same order, two
    labels or more, are a table (labels, then one row per record). A label's value may be empty. A
    single record is a table of one row when its labels after the first are those of such a table
    before it (``known``, which gains the labels of every table found here): a second table of the
    same kind."""
    rows = group_rows(list(words))
    size = _median_size(words) if words else 0.0
    # Each record: [(label, value's words)], its words kept beside it, read row by row; a row that
    # is no label goes on with the value above it when it follows at a line's spacing, not to its
    # left. (A record ends where its first label comes again, or a label it has, or after a gap.)
    records: list[list[tuple[str, list[Word]]]] = []
    record_words: list[list[Word]] = []
    current: list[tuple[str, list[Word]]] = []
    own: list[Word] = []
    last_row: Sequence[Word] | None = None
    indent = 0.0

    def close() -> None:
        nonlocal current, own
        if current:
            records.append(current)
            record_words.append(own)
        current, own = [], []

    for row in rows:
        split = _label_split(row)
        gap = row[0].top - last_row[-1].bottom if last_row is not None else math.inf
        if split is not None:
            label, value = split
            if current and (label == current[0][0] or gap > 1.5 * size or any(label == lb for lb, _ in current)):
                close()
            if not current:
                indent = row[0].x0
            current.append((label, list(value)))
            own += list(row)
            last_row = row
            continue
        if current and gap <= 0.9 * size and row[0].x0 >= indent - 2:
            current[-1][1].extend(row)
            own += list(row)
            last_row = row
            continue
        close()
        last_row = None
    close()
    parts: list[_PagePart] = []
    k = 0
    while k < len(records):
        labels = [lb for lb, _ in records[k]]
        j = k
        while j < len(records) and [lb for lb, _ in records[j]] == labels:
            j += 1
        if len(labels) >= 2 and (j - k >= MIN_RECORDS or set(labels[1:]) <= known):
            known.update(labels)
            table_words = [w for r in record_words[k:j] for w in r]
            table_rows = [labels] + [[_cell_text(v) for _, v in rec] for rec in records[k:j]]
            parts.append(_PagePart(pw.page, table_rows, _bbox(table_words), table_words, header_bold=True))
        k = max(j, k + 1)
    return parts


def _ruled_parts(pw: PageWords, words: Sequence[Word], running: AbstractSet[int] = frozenset()) -> list[_PagePart]:
    """The page's tables ruled between their rows. ``running``: the ``id`` of words of the running
    header and footer (:func:`running_rows`), which is never a table's header row."""
    bands = _content_bands(pw)
    body_size = _median_size(pw.words)
    rules = [r for r in _horizontal_rules(pw, bands) if not _rules_heading(r, words, body_size)]
    parts: list[_PagePart] = []
    taken: set[int] = set()

    @functools.cache
    def page_gutters() -> list[float]:
        return find_gutters(PageWords(pw.page, pw.width, pw.height, list(words), source=pw.source))

    # Widest first: a narrower ladder inside a table (rules OCR found only in part) has then
    # already been used as that table's row boundaries and finds no words left.
    for ladder in sorted(_ladders(rules), key=lambda g: -(max(r.x1 for r in g) - min(r.x0 for r in g))):
        x0, x1, ys = _complete_ladder(pw, ladder, rules)
        strips: list[tuple[float, float, list[Word]]] = []
        for top, bottom in zip(ys, ys[1:], strict=False):
            inside = [
                w for w in words
                if top < _cy(w) < bottom and x0 - 2 <= _cx(w) <= x1 + 2 and id(w) not in taken
            ]
            strips.append((top, bottom, inside))
        all_words = [w for s in strips for w in s[2]]
        if not all_words:
            continue
        min_gap = max(3.0, 0.5 * _median_size(all_words))
        # A header row set above the ladder's first rule (tables ruled only below each row).
        first_header = _header_above(words, taken, ys[0], x0, x1, strips, min_gap)
        if first_header is not None and any(id(w) in running for w in first_header[2]):
            first_header = None  # (the running header over its rule)
        if first_header is not None:
            strips.insert(0, first_header)
        # A last row below the ladder's last rule (tables ruled only *above* each row).
        last_row = _row_below(words, taken, ys[-1], x0, x1, strips, min_gap)
        if last_row is not None:
            strips.append(last_row)
        # Runs of consecutive strips that hold table rows.
        runs: list[list[tuple[float, float, list[Word]]]] = [[]]
        usual = statistics.median(b - t for t, b, _ in strips)  # the ladder's usual strip height
        # An empty strip is the space between two tables that share their width; so is a strip
        # of prose, in one column or two (the text between two tables, or above one when a
        # heading band of the tables' width joins their ladder), a lead-in line in the space
        # between two tables, or a heading ruled under and set larger than the table's text; and
        # a bold header row after rows that are not bold starts the next table.
        for strip in strips:
            captioned, rest = _split_caption(strip)
            if captioned:  # a caption ends the table above and may stand over the next one's header
                runs += [[rest]] if rest[2] else [[]]
            elif not strip[2] or _is_prose(strip[2], x0, x1, min_gap) or _is_column_prose(
                    pw, strip, x0, x1, runs[-1], min_gap, page_gutters) or (
                    _is_underlined_heading(strip, [w for st in runs[-1] for w in st[2]] or all_words)) or (
                    _is_spacer(strip, usual)):
                runs.append([])
            elif runs[-1] and (_opens_table(strip, runs[-1][-1], x0, x1, min_gap) or (
                    runs[-1][0] is first_header and _repeats_header(strip, first_header, x0, x1, min_gap))):
                runs.append([strip])
            else:
                runs[-1].append(strip)
        for run in runs:
            if not run:
                continue
            header = None if run[0] is first_header else _header_above(words, taken, run[0][0], x0, x1, run, min_gap)
            if header is not None:  # a later table's header row, above its own first rule
                run.insert(0, header)
            # A lead-in line below a table's last row ("STG-er som utgår:", introducing the next
            # table) runs across a column gap that every row leaves free: not a row.
            while len(run) > 2 and _runs_across_columns(run[-1][2], [w for st in run[:-1] for w in st[2]], x0, x1, min_gap):
                run = run[:-1]
            part = _part_from_strips(pw, run, x0, x1, min_gap)
            whole = run
            while part is None and len(run) > 2:
                # The rows end where a strip stops fitting (text between two tables that the
                # prose test let through): the table is the run without it.
                run = run[:-1]
                part = _part_from_strips(pw, run, x0, x1, min_gap)
            if len(run) < len(whole):
                # The rows left out may fit the same columns, only more tightly (a cell's line
                # running up to the next cell): then they are rows of the table, not text after it.
                tight = _part_from_strips(pw, whole, x0, x1, min_gap, tight=True)
                if tight is not None and (part is None or len(tight.rows[0]) == len(part.rows[0])):
                    part = tight
            if part is not None:
                parts.append(part)
                taken.update(id(w) for w in part.words)
    return parts


def _runs_across_columns(line_words: Sequence[Word], rows: Sequence[Word], x0: float, x1: float,
                         min_gap: float) -> bool:
    """One line of text, in one run of word spaces (no cells of its own), over the middle of a
    column gap that the rows above all leave free. (A last row whose first cell is wider than
    the ones above still has its own gap before the next cell.)"""
    if len(_group_lines(line_words)) != 1 or _free_gaps(line_words, x0, x1, min_gap):
        return False
    left, right = min(w.x0 for w in line_words), max(w.x1 for w in line_words)
    return any(left < (a + b) / 2 < right for a, b in _free_gaps(rows, x0, x1, min_gap))


def _is_spacer(strip: tuple[float, float, list[Word]], usual: float) -> bool:
    """The space between two tables that share their rules' width, with a lead-in line in it
    ("Følgende forløp utgår:"): one line, in a strip at least three lines tall and twice as tall
    as the ladder's usual strip (a row is as tall as its lines and some padding)."""
    lines = _group_lines(strip[2])
    if len(lines) != 1:
        return False
    height = strip[1] - strip[0]
    return height >= 3 * (lines[0].bottom - lines[0].top) and height >= 2 * usual


def _is_underlined_heading(strip: tuple[float, float, list[Word]], table_words: Sequence[Word]) -> bool:
    """A strip holding one line in bold (:func:`_set_bold`), set clearly larger than the text of the
    table's rows above it (or of the ladder): a heading below the table, ruled underneath, not a
    row. (The next heading's rule may continue the ladder, so this need not be its last strip.) Or
    a strip that opens with such a line and holds text under it (a heading and its section's text
    between two tables that share their rules' width): no cell starts with a heading."""
    lines = _group_lines(strip[2])
    if not lines or not _bold_line_larger(lines[0].words, _median_size(table_words)):
        return False
    # (one run of words, as a heading is; a letterhead's name and "Notat" far apart are two cells)
    first = sorted(lines[0].words, key=lambda w: w.x0)
    return len(lines) == 1 or all(b.x0 - a.x1 < 2 * _size(a) for a, b in itertools.pairwise(first))


def _is_column_prose(pw: PageWords, strip: tuple[float, float, list[Word]], x0: float, x1: float,
                     strips_above: Sequence[tuple[float, float, list[Word]]], min_gap: float,
                     page_gutters: Callable[[], list[float]]) -> bool:
    """A strip of running text in columns (between two tables that share their rules' width):
    its column gaps are the page's gutters, not a table's. The strip shows two columns by itself;
    three or four narrow ones, too few rows to show themselves, show by a free gap at each of the
    page's gutters (``page_gutters``: the page's columns found across all its text). A row of
    cells of long text looks the same; it shows as a row by a vertical rule through it, or by its
    gaps standing in a column gap that the rows above it in the same table all leave free."""
    top, bottom, words = strip
    if len(words) < 20 or _vertical_bounds(pw, x0, x1, top, bottom):
        return False
    # (its own columns: two counted by rows, or a short block's balanced under a heading)
    own_gutters = find_gutters(PageWords(pw.page, pw.width, pw.height, list(words), source=pw.source))
    gaps = _free_gaps(words, x0, x1, min_gap)
    if own_gutters:
        gutters = own_gutters
    else:
        gutters = [g for g in page_gutters() if x0 < g < x1]
        if len(gutters) < 2 or not all(any(c - min_gap <= g <= d + min_gap for c, d in gaps) for g in gutters):
            return False
    own = [(c, d) for c, d in gaps if any(c - min_gap <= g <= d + min_gap for g in gutters)]
    rows_above = [w for st in strips_above for w in st[2]]
    above_gaps = _free_gaps(rows_above, x0, x1, min_gap)
    # A row's cells start where the table's columns start; a column of text that starts where none
    # of them does is the page's, whatever gap the rows above leave free around it.
    size = _median_size(words)
    starts = [min((w.x0 for w in words if w.x0 >= g), default=g) for g in gutters]
    if above_gaps and all(all(abs(x - b) > size for _a, b in above_gaps) for x in starts):
        return True
    return not any(_has_gap_in(own, a, b) for a, b in above_gaps)


def _opens_table(strip: tuple[float, float, list[Word]], prev: tuple[float, float, list[Word]],
                 x0: float, x1: float, min_gap: float) -> bool:
    """Is ``strip`` the header of a second table that shares the first one's rules? All bold
    (:func:`_set_bold`), set in at least two cells, after a row that is not (a group row inside a table fills one
    cell; a table whose rows are all bold has no header to tell)."""
    ws = strip[2]
    return (
        bool(ws) and all(_set_bold(w) for w in ws) and not all(_set_bold(w) for w in prev[2])
        and bool(_free_gaps(ws, x0, x1, min_gap))
    )


def _set_bold(w: Word) -> bool:
    """Bold by its font, or on an OCR'd page by the weight its pixels show (a word of one or two
    letters is too small to weigh, and counts as going with its row)."""
    return bool(w.bold) if w.bold is not None else (w.heavy or len(w.text) < 3)


def _repeats_header(strip: tuple[float, float, list[Word]], header: tuple[float, float, list[Word]],
                    x0: float, x1: float, min_gap: float) -> bool:
    """Is ``strip`` the header of a second table of the same kind (two tables of changes, say)?
    Without type weights (OCR) it shows by its cells: in as many cells as the first table's
    header, one of them word for word the same ("Hva endres")."""
    if len(header[2]) < 2 or len(strip[2]) < 2 or strip[2] == header[2]:
        return False
    bounds = _gap_bounds(header[2], x0, x1, min_gap)
    if not bounds or _gap_bounds(strip[2], x0, x1, min_gap) == []:
        return False
    mine = [_norm(c).lower() for c in _row_texts([list(strip[2])], bounds)[0]]
    theirs = [_norm(c).lower() for c in _row_texts([list(header[2])], bounds)[0]]
    return all(mine) and any(a == b for a, b in zip(mine, theirs, strict=True))


def _in_cells(line: _Line) -> bool:
    """Set in cells: a gap of about a character or more between two of the line's words (a
    monospace word space is wide), not one run of words."""
    return bool(_free_gaps(line.words, float("-inf"), float("inf"), 1.2 * _median_size(line.words)))


def _split_caption(strip: tuple[float, float, list[Word]]) -> tuple[bool, tuple[float, float, list[Word]]]:
    """Whether the strip starts with a table caption ("Tabell 9.2 …"), and what follows the caption
    and its wrapped lines: the first line set in cells (a header row) and below. The caption stays
    outside the table and is assigned to it like any other."""
    lines = sorted(_group_lines(strip[2]), key=lambda ln: ln.top)
    if not lines or not CAPTION_RE.match(lines[0].text):
        return False, strip
    k = 1
    while k < len(lines) and not _in_cells(lines[k]):
        k += 1
    if k >= len(lines):
        return True, (strip[1], strip[1], [])
    return True, (lines[k].top - 1, strip[1], [w for ln in lines[k:] for w in ln.words])


def _header_above(
    words: Sequence[Word], taken: set[int], first_rule: float, x0: float, x1: float,
    strips: Sequence[tuple[float, float, list[Word]]], min_gap: float,
) -> tuple[float, float, list[Word]] | None:
    """The header row of a table ruled only *below* each row (no rule above the header).

    It sits right on the first rule, within one row's height, and splits into cells like a row;
    a caption or a lead-in sentence above a table is prose and stays out.
    """
    first_row = next((ws for _t, _b, ws in strips if ws), [])
    if first_row and all(_set_bold(w) for w in first_row):
        return None  # the ladder starts with its (bold) header already
    tallest = max((b - t for t, b, ws in strips if ws), default=0.0)
    near = [
        w for w in words
        if id(w) not in taken and w.bottom <= first_rule + 1 and w.top >= first_rule - tallest
        and x0 - 2 <= _cx(w) <= x1 + 2
    ]
    # Walk up from the rule through closely spaced lines; prose ends the header.
    taken_lines: list[_Line] = []
    edge = first_rule
    for ln in sorted(_group_lines(near), key=lambda ln: -ln.bottom):
        size = _median_size(ln.words)
        if edge - ln.bottom > 0.8 * size or _is_prose(ln.words, x0, x1, min_gap):
            break
        taken_lines.append(ln)
        edge = ln.top
    # The header's top line is set in cells; a line above it in one piece is the end of a
    # wrapped caption or lead-in ("… og TSB"), not a header cell, unless it is set in bold like
    # the header under it (a header cell wrapped, its neighbours set on its last line).
    while len(taken_lines) > 1 and not _in_cells(taken_lines[-1]) and not (
            all(_set_bold(w) for ln in taken_lines[-2:] for w in ln.words)):
        taken_lines.pop()
    above: list[Word] = [w for ln in taken_lines for w in ln.words]
    if not above:
        return None
    body_size = _median_size([w for _t, _b, ws in strips for w in ws])
    if _median_size(above) > 1.25 * body_size:
        return None  # a title or heading above the table, not its header row
    # A column gap, not a word space (monospace word spaces are wide): about a character or more;
    # or, narrower (a short first column's padding), the column gaps of the rows below, which
    # the line leaves free with words on both sides.
    if not _gap_bounds(above, x0, x1, 1.2 * _median_size(above)) and not _keeps_to_columns(
            above, _leading_gaps(strips, x0, x1, min_gap), x0, x1, min_gap):
        return None
    if any(ln.words[0].text in BULLET_MARKS for ln in _group_lines(above)):
        return None  # a bullet list item above the table
    return (min(w.top for w in above) - 1, first_rule, list(above))


NEXT_ROW_GAP = 2.0
"""Below a table's last rule, a line this many sizes (or less) under the row above, filling two cells
or more, is the next row: rows padded apart with no rule between them."""


def _row_below(
    words: Sequence[Word], taken: set[int], last_rule: float, x0: float, x1: float,
    strips: Sequence[tuple[float, float, list[Word]]], min_gap: float,
) -> tuple[float, float, list[Word]] | None:
    """The last row of a table ruled only *above* each row (no rule under the last one), or the rows
    of a table ruled between header and body whose closing rule a page break cut off.

    Its first line sits as close under the last rule as the rows' lines sit under theirs (text
    after a closed table keeps a margin), and its lines, closely spaced, keep to the cells: none
    runs across a column gap of the row above (a paragraph does).
    """
    filled = [(t, ws) for t, _b, ws in strips if ws]
    if len(filled) < 2:
        return None
    size = _median_size([w for _t, ws in filled for w in ws])
    pad = statistics.median(min(w.top for w in ws) - t for t, ws in filled)
    # The column gaps of the row above (two tables may share a ladder: not of every row).
    gaps = _free_gaps(filled[-1][1], x0, x1, min_gap)
    if not gaps:
        return None
    near = [w for w in words if id(w) not in taken and w.top > last_rule - 1 and x0 - 2 <= _cx(w) <= x1 + 2
            and w.x0 >= x0 - 2 and w.x1 <= x1 + 2]
    rows: list[Word] = []
    edge = last_rule + pad
    for ln in _group_lines(near):
        gap = ln.top - edge
        # A row's lines follow closely; the next row, padded apart (the rows of a table a page break
        # cut before its closing rule), fills two cells or more, as a paragraph's short line does not.
        cells = sum(1 for c in _cells(ln.words, [(a + b) / 2 for a, b in gaps]) if c)
        if gap > (0.3 if not rows else 0.8) * size and not (rows and gap <= NEXT_ROW_GAP * size and cells >= 2):
            break
        own = _free_gaps(ln.words, x0, x1, min_gap)
        if any(ln.x0 < a and b < ln.x1 and not _has_gap_in(own, a, b) for a, b in gaps):
            break  # runs across a column gap
        rows += ln.words
        edge = ln.bottom
    if not rows:
        return None
    return (last_rule, max(w.bottom for w in rows) + 1, rows)


def _leading_gaps(strips: Sequence[tuple[float, float, list[Word]]], x0: float, x1: float,
                  min_gap: float) -> list[tuple[float, float]]:
    """The column gaps of the first rows: those that the rows from the top down all leave free,
    as far down as some remain (a lead-in line further down runs across them)."""
    gaps: list[tuple[float, float]] = []
    words: list[Word] = []
    for _t, _b, ws in strips:
        found = _free_gaps([*words, *ws], x0, x1, min_gap)
        if not found:
            break
        words, gaps = [*words, *ws], found
    return gaps


def _keeps_to_columns(words: Sequence[Word], gaps: Sequence[tuple[float, float]], x0: float, x1: float,
                      min_gap: float) -> bool:
    """A line that breaks where the rows' column gaps are: a space of its own, wider than a word
    space, in each of them (its words may be wider than the cells below), so it has words on
    both sides of every gap."""
    if not gaps:
        return False
    own = _free_gaps(words, x0, x1, min_gap)
    return all(_has_gap_in(own, a, b) for a, b in gaps) and all(
        min(w.x0 for w in words) < a and max(w.x1 for w in words) > b for a, b in gaps)


def _split_strip(words: Sequence[Word], bounds: Sequence[float]) -> list[list[Word]]:
    """A strip between two rules is one row, unless a rule is missing (OCR): then a line that
    fills several cells, right after a line whose first cell was empty, starts another row."""
    lines = _group_lines(words)
    rows: list[list[Word]] = []
    prev_first_empty = False
    for ln in lines:
        cells = _cells(ln.words, bounds)
        if rows and cells[0] and prev_first_empty and sum(1 for c in cells if c) >= 2:
            rows.append([])
        if not rows:
            rows.append([])
        rows[-1].extend(ln.words)
        prev_first_empty = not cells[0]
    return rows


_TIGHT_GAP_LINES = 6


def _part_from_strips(
    pw: PageWords, run: list[tuple[float, float, list[Word]]], x0: float, x1: float, min_gap: float,
    *, tight: bool = False,
) -> _PagePart | None:
    top, bottom = run[0][0], run[-1][1]
    words = [w for s in run for w in s[2]]
    bounds = _vertical_bounds(pw, x0, x1, top, bottom)
    if not bounds:
        bounds = _gap_bounds(words, x0, x1, min_gap)
    if not bounds and tight and len(_group_lines(words)) >= _TIGHT_GAP_LINES:
        # A tight column gap (little cell padding, a cell's line running up to it: as narrow as a
        # word space) that every line of many leaves free. The spaces of rows that begin alike
        # ("Forløp for svangerskap og …") line up too: the caller keeps such bounds only when
        # they make as many columns as the rows that fit the usual gap.
        bounds = _gap_bounds(words, x0, x1, min_gap / 3)
    if not bounds:
        return None
    row_words: list[list[Word]] = [list(run[0][2])]
    for strip in run[1:]:
        row_words += _split_strip(strip[2], bounds)
    if len(run) <= 2:
        # Rules only around the header (and at the end): split the body strip by lines (all of
        # them: the strip may have been split already, and its first rows were then lost).
        body_lines = _group_lines(run[1][2]) if len(run) == 2 else []
        if len(body_lines) >= 2:
            row_words = [row_words[0], *_rows_from_lines(body_lines, bounds)]
    if len(row_words) < 2 and len(run) < 2:
        return None
    rows = _without_empty_columns(_row_texts(row_words, bounds))
    if _is_list([r[0] for r in rows]) or _is_list([r[0] for r in rows[1:]]):
        return None
    header_bold = _Line(row_words[0]).bold if row_words[0] else None
    return _PagePart(
        page=pw.page, rows=rows, bbox=(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
        words=words, header_bold=header_bold,
    )


# --------------------------------------------------------------------------------------------
# unruled tables


def _segments_of_line(line: _Line, min_gap: float) -> list[tuple[float, float]]:
    segs: list[list[float]] = []
    for w in line.words:
        if segs and w.x0 - segs[-1][1] < min_gap:
            segs[-1][1] = max(segs[-1][1], w.x1)
        else:
            segs.append([w.x0, w.x1])
    return [(a, b) for a, b in segs]


def _straddles_panel(words: Sequence[Word], rects: Sequence[FilledRect], size: float) -> bool:
    """Words on one row partly inside, partly outside a filled panel much taller than the row (a
    sidebar with the chapter number beside the first section title): page design, not a header."""
    for r in rects:
        if r.bottom - r.top < 4 * size:
            continue
        inside = [w for w in words if r.x0 - 1 <= _cx(w) <= r.x1 + 1 and r.top - 1 <= _cy(w) <= r.bottom + 1]
        if inside and len(inside) < len(words):
            return True
    return False


def _in_band(line: _Line, bands: Sequence[FilledRect]) -> bool:
    return any(
        b.x0 - 1 <= line.x0 and line.x1 <= b.x1 + 1 and b.top - 1 <= (line.top + line.bottom) / 2 <= b.bottom + 1
        for b in bands
    )


def _header_goes_on_in_band(lines: Sequence[_Line], start: int, bands: Sequence[FilledRect], size: float,
                            col_gap: float) -> bool:
    """Does a header band's first line, its text in one cell, go on in the band's next line with text
    in two cells or more? A cell's label wraps ("ISF-regelverket – hvor" / "endring") while the next
    cell's ("Hva endres") is set at the foot of its cell: the header starts at the band's first line."""
    if start + 1 >= len(lines):
        return False
    nxt = lines[start + 1]
    return (nxt.top - lines[start].bottom <= 0.8 * size and _in_band(nxt, bands)
            and len(_segments_of_line(nxt, col_gap)) >= 2)


def _unruled_parts(pw: PageWords, words: Sequence[Word]) -> list[_PagePart]:
    lines = _group_lines(words)
    if len(lines) < 2:
        return []
    bands = _content_bands(pw)
    ocr = all(w.bold is None for w in words)
    verticals = [sg for sg in pw.segments if not sg.horizontal and (sg.x1 - sg.x0) <= 3.0]
    # The text's word space: a monospaced face's is 0.6 em, as wide as a proportional face's column
    # gap (two words of a heading in it were two columns).
    spaces = [b.x0 - a.x1 for ln in lines for a, b in zip(ln.words, ln.words[1:], strict=False)
              if 0 < b.x0 - a.x1 < (a.size or 10.0)]
    word_space = statistics.median(spaces) if len(spaces) >= 20 and not ocr else 0.0  # (OCR's boxes: ink, not advance)
    page_size = _median_size(pw.words)
    parts: list[_PagePart] = []
    i = 0
    while i < len(lines):
        part, used = _unruled_from(lines, i, bands, ocr, pw, verticals, word_space, page_size)
        if part is not None:
            parts.append(part)
            i += used
        else:
            i += 1
    return parts


def _unruled_from(
    lines: Sequence[_Line], start: int, bands: Sequence[FilledRect], ocr: bool, pw: PageWords,
    verticals: Sequence[Segment], word_space: float = 0.0, page_size: float = 0.0,
) -> tuple[_PagePart | None, int]:
    """A table without rules starting at ``lines[start]``, and how many lines it takes. ``page_size``:
    the page's median type size (a header set larger than it over one column is a heading)."""
    page, page_height = pw.page, pw.height
    first = lines[start]
    size = _median_size(first.words)
    # header cells are further apart than words (about 0.25 em; in a monospaced face 0.6 em)
    col_gap = max(0.6 * size, 1.5 * word_space)
    min_gap = max(3.0, 0.5 * size)
    in_band = _in_band(first, bands)
    if not (first.bold or in_band or (ocr and first.bold is None)):
        return None, 0
    one_cell = len(_segments_of_line(first, col_gap)) < 2
    if one_cell and not (in_band and _header_goes_on_in_band(lines, start, bands, size, col_gap)):
        return None, 0  # one cell
    if not one_cell and _justified_text_line(first, lines[start + 1] if start + 1 < len(lines) else None):
        return None, 0
    if start and _justified_pair(lines[start - 1], first, size):
        return None, 0  # the second line of a justified heading, its spaces stretched into "columns"
    # Header lines: the first line plus following bold (or in-band) lines close below it.
    header = [first]
    j = start + 1
    while j < len(lines):
        ln = lines[j]
        close = ln.top - header[-1].bottom <= 0.8 * size
        # (on a scan, where weight is unknown, only a band says that the next line is header too)
        if close and (ln.bold or (in_band and _in_band(ln, bands))):
            header.append(ln)
            j += 1
        else:
            break
    hwords = [w for ln in header for w in ln.words]
    if _straddles_panel(hwords, pw.rects, size):
        return None, 0
    x0 = min(w.x0 for w in hwords)
    x1 = max(w.x1 for w in hwords)
    gaps = [g for g in _free_gaps(hwords, x0, x1, col_gap)]
    if not gaps:
        return None, 0
    # Vertical rules that start at the header (a grid whose horizontal rules were not found)
    # end where the table ends.
    reach = max(12.0, 0.06 * (x1 - x0))
    grid = [
        sg for sg in verticals
        if x0 - reach <= (sg.x0 + sg.x1) / 2 <= x1 + reach and sg.top <= header[0].bottom
        and sg.top >= header[0].top - 2 * size and sg.bottom > header[-1].bottom + size
    ]
    grid_bottom = max((sg.bottom for sg in grid), default=None) if len(grid) >= 2 else None
    body: list[_Line] = []
    prev_bottom = header[-1].bottom
    widest_gap = 0.0
    while j < len(lines):
        ln = lines[j]
        if ln.top > (1 - _RUNNING_ZONE) * page_height:
            break  # the running footer
        if grid_bottom is not None and (ln.top + ln.bottom) / 2 > grid_bottom:
            break
        # Rows may be padded; a gap much wider than any so far is the end of the table.
        gap = ln.top - prev_bottom
        if gap > max(2.5 * size, 2.0 * widest_gap):
            break
        widest_gap = max(widest_gap, gap)
        if ln.bold and body:
            break
        if not ocr and body and _median_size(ln.words) > 1.15 * _median_size([w for b in body for w in b.words]):
            break  # larger type: a heading after the table (OCR sizes are too rough to tell)
        if ln.x0 < x0 - 2 * size:
            break
        new_gaps = _narrow_gaps(gaps, ln.words, min_gap)
        if new_gaps is None:
            break
        gaps = new_gaps
        body.append(ln)
        prev_bottom = ln.bottom
        x1 = max(x1, ln.x1)
        j += 1
    if not body:
        return None, 0
    bounds = [(a + b) / 2 for a, b in gaps]
    multi = sum(1 for ln in body if sum(1 for c in _cells(ln.words, bounds) if c) >= 2)
    header_cells = [_cell_text(c) for c in _cells(hwords, bounds)]
    lettered = [any(ch.isalpha() for ch in c) for c in header_cells if c]
    # A header names its columns; "3   GENERELLE REGLER" over "3.1   Multippel koding" is a
    # numbered heading followed by another, not a table.
    # "3.4      Kodeverksendring": a numbered heading set with a tab is not a two-column header.
    filled = [c for c in header_cells if c]
    if len(filled) == 2 and NUMBER_ONLY.match(filled[0]):
        return None, 0
    if not any(lettered) or (ocr and not all(lettered)):
        return None, 0
    if ocr and multi < 3 and not in_band:
        # Boldness is unknown on OCR pages: a short table needs a header band, or a header of short
        # labels and body lines that all fill several columns.
        short_header = all(1 <= len(c.split()) <= 3 for c in header_cells)
        if not (short_header and multi == len(body)):
            return None, 0
    if multi < 1 and ((ocr and not in_band) or len(body) > 4 or NUMBERED.match(filled[0])
                      or (not ocr and page_size and size >= 1.2 * page_size)):
        # Only a bold header line or a header band vouches for a single-column body, and only for a
        # short one; not a heading with a mark set apart beside it (a badge "NY" after "6.1
        # Overordnet innretning for 2025", or after the second line of a title wrapped over two,
        # set larger than the page's text) over its first paragraph.
        return None, 0
    outside = [ln for k, ln in enumerate(lines) if k < start or k >= j]
    # Tested just left of where the next column's text starts: a sidebar's wide title words may
    # reach into the gap beside a narrow header cell (a big chapter number). And half a letter
    # further left: a scan's column edge wavers by a point or so from line to line.
    if any(_page_column_edge(outside, x, size, page_height)
           for a, b in gaps for x in (b - 1, max((a + b) / 2, b - 0.5 * size))):
        return None, 0
    row_words = [hwords, *_rows_from_lines(body, bounds)]
    rows = _row_texts(row_words, bounds)
    if _is_list([r[0] for r in rows]) or _is_list([r[0] for r in rows[1:]]):
        return None, 0
    all_words = hwords + [w for ln in body for w in ln.words]
    return (
        _PagePart(page=page, rows=rows, bbox=_bbox(all_words), words=all_words,
                  header_bold=None if ocr else True),
        j - start,
    )


def _justified_text_line(line: _Line, below: _Line | None) -> bool:
    """A justified line of text rather than a header: its words evenly spaced, and the line below
    has no word starting where one of its later words starts (cells of a table column start
    together; a header whose cells happen to stand evenly apart still has its rows beneath)."""
    words = sorted(line.words, key=lambda w: w.x0)
    if not evenly_spaced(words, relative=0):
        return False
    starts = [w.x0 for w in words[1:]]
    return below is None or not any(abs(w.x0 - x) <= 1.5 for w in below.words for x in starts)


def _justified_pair(above: _Line, line: _Line, size: float) -> bool:
    """Two lines of one justified block in one type: the line right above ends at both of this
    line's edges, in the same weight and size."""
    return (
        0 <= line.top - above.bottom <= 0.5 * size
        and above.bold == line.bold
        and abs(_median_size(above.words) - _median_size(line.words)) < 0.5
        and abs(above.x0 - line.x0) <= 1.0 and abs(above.x1 - line.x1) <= 1.0
    )


def _page_column_edge(outside: Sequence[_Line], x: float, size: float, page_height: float) -> bool:
    """Is a would-be column boundary at ``x`` an edge of the page's own columns (a sidebar's, the
    gutter between two text columns)? Then the page's text away from the "table" keeps clear of
    it too: several lines there, none reaching across it. The running header and footer count
    towards none of the several (a page holding a table and its caption under a header and over a
    page number, all keeping clear of its column gaps, has no columns), but one reaching across
    the boundary still says it is none."""
    body = [ln for ln in outside if _RUNNING_ZONE * page_height < ln.top and ln.bottom < (1 - _RUNNING_ZONE) * page_height]
    if len(body) < 3:
        return False  # a page that holds only the table (and its caption)
    for ln in outside:
        words = ln.words
        if any(w.x0 < x < w.x1 for w in words):
            return False
        left = [w for w in words if w.x1 <= x]
        right = [w for w in words if w.x0 >= x]
        if left and right and min(w.x0 for w in right) - max(w.x1 for w in left) < 1.2 * size:
            return False  # one line of text across the boundary
    return True


def _narrow_gaps(
    gaps: Sequence[tuple[float, float]], words: Sequence[Word], min_gap: float
) -> list[tuple[float, float]] | None:
    """The column gaps left after a body line's words; None when a gap is crossed (not a row)."""
    out = []
    for a, b in gaps:
        for w in words:
            if w.x1 <= a or w.x0 >= b:
                continue
            # The word intrudes into the gap: keep the larger free side.
            left = (a, min(b, w.x0))
            right = (max(a, w.x1), b)
            a, b = max(left, right, key=lambda g: g[1] - g[0])
        if b - a < min_gap:
            return None
        out.append((a, b))
    return out


# --------------------------------------------------------------------------------------------
# captions, lead-in, merging over page breaks


def _assign_captions(
    lines: Sequence[_Line], parts: Sequence[_PagePart], size: float
) -> dict[int, _Line]:
    """Caption line per part index: a caption directly above a table is its own; one that is not
    directly above any table belongs to the table right above it (captions below)."""
    gap = 2.5 * size
    out: dict[int, _Line] = {}
    below_candidates: list[_Line] = []
    for ln in lines:
        if not CAPTION_RE.match(ln.text):
            continue
        for k, part in enumerate(parts):
            x0, top, x1, _ = part.bbox
            if k not in out and -1 <= top - ln.bottom <= gap and ln.x1 > x0 and ln.x0 < x1:
                out[k] = ln
                break
        else:
            below_candidates.append(ln)
    for ln in below_candidates:
        for k, part in enumerate(parts):
            x0, _, x1, bottom = part.bbox
            if k not in out and -1 <= ln.top - bottom <= gap and ln.x1 > x0 and ln.x0 < x1:
                out[k] = ln
                break
    return {k: _with_wrapped_lines(ln, lines, parts[k], size) for k, ln in out.items()}


def _with_wrapped_lines(caption: _Line, lines: Sequence[_Line], part: _PagePart, size: float) -> _Line:
    """A caption that wraps: the lines right below it, up to the table, in its type, are its rest."""
    words = list(caption.words)
    last = caption
    for ln in sorted(lines, key=lambda ln: ln.top):
        if ln.top <= last.top or CAPTION_RE.match(ln.text):
            continue
        below_table = caption.top >= part.bbox[3] - 1
        if (
            0 <= ln.top - last.bottom <= 0.8 * size
            and abs(ln.x0 - caption.x0) <= 2 * size
            and ln.bold == caption.bold
            and (below_table or ln.bottom <= part.bbox[1] + 1)
        ):
            words += ln.words
            last = ln
        elif ln.top > last.bottom + 0.8 * size:
            break
    return caption if last is caption else _Line(words)


def _lead_in(lines: Sequence[_Line], top: float, size: float, x0: float, x1: float) -> str | None:
    above = [ln for ln in lines
             if ln.bottom <= top + 1 and top - ln.bottom <= 3.5 * size and ln.x1 > x0 and ln.x0 < x1]
    if not above:
        return None
    picked = [above[-1]]
    for ln in reversed(above[:-1]):
        if picked[0].top - ln.bottom <= 0.8 * size:
            picked.insert(0, ln)
        else:
            break
    return _norm(" ".join(ln.text for ln in picked)) or None


def _is_continuation(prev: FoundTable, prev_bottom: float, part: _PagePart, part_is_first: bool,
                     page_height: float, next_column: bool = False) -> bool:
    """Does ``part`` go on with the table ``prev``: first on the next page, or first in the next
    column of the same page, with the same columns and its header repeated (or, on a new page,
    rows that are not bold like a header, high up, after a table that ended low)?"""
    if next_column:
        if part.page != prev.table.pages[-1]:
            return False
    elif not part_is_first or part.page != prev.table.pages[-1] + 1:
        return False
    ncols = len(prev.table.header)
    if len(part.rows[0]) != ncols:
        return False
    if [_norm(c).lower() for c in part.rows[0]] == [_norm(c).lower() for c in prev.table.header]:
        return True
    if next_column:
        return False
    # No repeated header: the first row is not bold like a header and the table starts high up.
    return part.header_bold is False and prev.table.caption is not None and part.bbox[1] < 0.25 * page_height and (
        prev_bottom > 0.6 * page_height
    )


def _in_reading_order(parts: Sequence[_PagePart]) -> tuple[list[_PagePart], list[bool]]:
    """A page's tables in reading order, and for each whether it is the first table of a right
    column whose left column ends with a table (where a table broken at the column goes on).

    Tables side by side are in two text columns, read column by column: the left column down to
    the next table across both columns, then the right one. A table is in a column when it keeps
    to one side of the middle of all the tables' extent."""
    if len(parts) < 2:
        return list(parts), [False] * len(parts)
    left, right = min(p.bbox[0] for p in parts), max(p.bbox[2] for p in parts)
    middle, slack = (left + right) / 2, 0.02 * (right - left)

    def column(p: _PagePart) -> int | None:
        if p.bbox[2] <= middle + slack:
            return 0
        if p.bbox[0] >= middle - slack:
            return 1
        return None  # across both

    across = sorted(p.bbox[1] for p in parts if column(p) is None)

    def key(p: _PagePart) -> tuple[int, int, float, float]:
        band = sum(1 for t in across if t < p.bbox[1])  # tables across both columns above it
        col = column(p)
        return (band, 3 if col is None else 1 + col, p.bbox[1], p.bbox[0])

    keyed = sorted(((key(p), i, p) for i, p in enumerate(parts)), key=lambda t: t[:2])
    keys = [k for k, _i, _p in keyed]
    starts = [k > 0 and keys[k][1] == 2 and keys[k - 1][1] == 1 and keys[k - 1][0] == keys[k][0]
              for k in range(len(keys))]
    return [p for _k, _i, p in keyed], starts


def _append_continued(rows: list[list[str]], continued: list[list[str]]) -> None:
    """Add the rows that go on after a break to ``rows``. The first is the rest of the last row
    before the break when its first cell is empty in a table whose first column is filled in
    every row: that one is joined cell by cell onto the last row."""
    if (rows and continued and len(continued[0]) == len(rows[-1]) > 1 and not continued[0][0].strip()
            and all(r[0].strip() for r in rows)):
        rows[-1] = [" ".join(x for x in (a, b) if x) for a, b in zip(rows[-1], continued[0], strict=True)]
        continued = continued[1:]
    rows.extend(continued)


def find_tables(pages: Sequence[PageWords]) -> list[FoundTable]:
    """Every table on the pages, in reading order, merged over page breaks."""
    found: list[FoundTable] = []
    last_bottom = 0.0
    page_rows = [group_rows(p.words) for p in pages]  # (grouped once for both)
    running = running_rows(pages, page_rows)
    menu = menu_words(page_rows)  # (a site's menu beside every page: no table's first column)
    record_labels: set[str] = set()  # (the labels of the tables printed as records so far)
    for pw in pages:
        # Specks read as tiny words by OCR would become cell text.
        min_height = 0.35 * statistics.median(w.height for w in pw.words) if pw.words else 0.0
        words = [w for w in pw.words if not _RULE_GLYPH_RE.match(w.text) and w.height >= min_height
                 and id(w) not in menu]
        parts = _ruled_parts(pw, words, running)
        used = {id(w) for p in parts for w in p.words}
        parts += _record_parts(pw, [w for w in words if id(w) not in used and id(w) not in running], record_labels)
        used = {id(w) for p in parts for w in p.words}
        rest = [w for w in words if id(w) not in used]
        # The page's text columns, judged without the ruled tables (a table's own column gap is
        # no gutter).
        # (A single rule between two columns of cells is a table's, not the page's: the page's rules
        # count only where three or more make a grid, whose space inside is no gutter.)
        gutters = outside_ruled_grid(PageWords(pw.page, pw.width, pw.height, rest, pw.segments, source=pw.source),
                                     find_gutters(PageWords(pw.page, pw.width, pw.height, rest, source=pw.source)))
        if not gutters:
            parts += _unruled_parts(pw, rest)
        else:
            # Text columns side by side look like a table without rules (bold headings on one
            # row as its "header"): look for unruled tables within each column.
            for x0, x1 in zip([-math.inf, *gutters], [*gutters, math.inf], strict=True):
                parts += _unruled_parts(pw, [w for w in rest if w.x0 >= x0 and w.x1 <= x1])
        parts, next_column = _in_reading_order(parts)
        used = {id(w) for p in parts for w in p.words}
        other_lines = _column_lines([w for w in pw.words if id(w) not in used], gutters)
        size = _median_size(pw.words)
        captions = _assign_captions(other_lines, parts, size)
        caption_ids = {id(w) for ln in captions.values() for w in ln.words}
        body_lines = [
            ln for ln in other_lines
            if not any(id(w) in caption_ids for w in ln.words) and ln.top > _RUNNING_ZONE * pw.height
        ]
        for k, part in enumerate(parts):
            cap_line = captions.get(k)
            span = Span(page=pw.page, bbox=part.bbox)
            if found and cap_line is None and _is_continuation(found[-1], last_bottom, part, k == 0, pw.height,
                                                               next_column[k]):
                prev = found[-1]
                header_repeated = [_norm(c).lower() for c in part.rows[0]] == [
                    _norm(c).lower() for c in prev.table.header
                ]
                continued = part.rows[1:] if header_repeated else part.rows
                _append_continued(prev.table.rows, continued)
                if pw.page not in prev.table.pages:
                    prev.table.pages.append(pw.page)
                prev.table.spans.append(span)
                prev.regions.append(span)
                last_bottom = part.bbox[3]
                continue
            regions = [span]
            top = part.bbox[1]
            if cap_line is not None:
                regions.append(Span(page=pw.page, bbox=_bbox(cap_line.words)))
                top = min(top, cap_line.top)
            table = Table(
                page=pw.page, caption=_norm(cap_line.text) if cap_line else None, header=part.rows[0],
                rows=part.rows[1:], pages=[pw.page], spans=[span],
            )
            found.append(FoundTable(table=table, regions=regions, lead_in=_lead_in(body_lines, top, size, part.bbox[0], part.bbox[2])))
            last_bottom = part.bbox[3]
    return found

