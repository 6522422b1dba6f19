"""Page layout: text columns and the order a reader takes them in.

A two-column page has a gutter: a vertical strip that, row after row, falls between two words
and is crossed by none (or only by the few full-width elements: chapter heads, wide tables).
The gutter is found from the rows of the page itself, so no page size, margin or font is
assumed. Lines are then split at the gutter, and the page is read band by band: a full-width
element (a line crossing the gutter, a chapter head with nothing beside it, a wide table) ends a
band; within a band the left column is read before the right one. A page of three or four narrow
columns has a gutter between each two (:func:`find_gutters`) and is read the same way, column by
column from the left.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from tracker.extract.words import PageWords, Segment, evenly_spaced, group_rows, is_bullet_mark

# The top and bottom share of the page where running headers and footers sit: they often span
# the gutter (title left, page number right) and say nothing about the columns.
_MARGIN = 0.08
# Rows allowed to cross the gutter (full-width chapter heads, captions), as a share of all rows.
_MAX_CROSSING_SHARE = 0.12
_MIN_COLUMN_ROWS = 5
_MIN_JUSTIFIED_ROWS = 3  # lines, on the two sides together, justified to the gutter and the far edge
_MIN_GUTTER_WIDTH = 6.0


def is_column_gap(gap: float, size: float) -> bool:
    """Whether a horizontal gap between two words of a row is wide enough to separate columns:
    wider than a plain word space (about 0.8 em). A justified line's spaces can be wider still;
    :func:`tracker.extract.words.evenly_spaced` tells such a line apart."""
    return gap >= max(0.8 * size, _MIN_GUTTER_WIDTH)


def find_gutter(page: PageWords) -> float | None:
    """The x of the gutter between two text columns, or None for a one-column page.

    A gutter is a vertical strip in the middle of the text area that almost no row crosses,
    with a column on each side: at least a few rows left and right of it, and the left column's
    rows ending close to it (justified or ragged-right column text does; the keys of a
    key-value list, whose values all start at one x, do not). A block too short to count rows on
    needs justified lines on both sides, each ending at its own edge of the gutter.
    """
    return _two_columns(_text_area(page))


@dataclass
class _TextArea:
    """A page's text as the search for columns sees it: its words between the running header and
    footer, their rows, the extent, and how many rows cross each x (:func:`_crossings`)."""

    words: list
    rows: list[list]
    left: int
    right: int
    cross: list[int]
    limit: int  # rows allowed to cross a gutter

    @property
    def width(self) -> int:
        return self.right - self.left


def _text_area(page: PageWords) -> _TextArea | None:
    h = page.height
    words = [w for w in page.words if h * _MARGIN < (w.top + w.bottom) / 2 < h * (1 - _MARGIN)]
    if len(words) < 20:
        return None
    rows = group_rows(words)
    if len(rows) < _MIN_JUSTIFIED_ROWS:
        return None
    left = int(min(w.x0 for w in words))
    right = int(max(w.x1 for w in words)) + 1
    return _TextArea(words, rows, left, right, _crossings(rows, left, right - left),
                     max(1, int(_MAX_CROSSING_SHARE * len(rows))))


def _two_columns(area: _TextArea | None) -> float | None:
    """:func:`find_gutter` on a page's text area."""
    if area is None or area.width < 150:
        return None
    words, rows, left, right, width = area.words, area.rows, area.left, area.right, area.width
    cross, limit = area.cross, area.limit
    lo, hi = int(width * 0.3), int(width * 0.7)
    # Of the stretches few rows cross, the gutter is the one crossed least (the rows of a short
    # right column leave a wide stretch inside it nearly free), then the widest.
    best: tuple[int, int] | None = None
    best_key: tuple[int, int] | None = None
    run_start: int | None = None
    run_min = 0
    c = 0
    for x in range(width + 1):
        c += cross[x]
        low = lo <= x <= hi and c <= limit
        if low and run_start is None:
            run_start, run_min = x, c
        elif low:
            run_min = min(run_min, c)
        if (not low or x == hi) and run_start is not None:
            end = x if low else x - 1
            key = (run_min, -(end - run_start))
            if end - run_start + 1 >= _MIN_GUTTER_WIDTH and (best_key is None or key < best_key):
                best, best_key = (run_start, end), key
            run_start = None
    if best is None:
        return None
    gutter = left + (best[0] + best[1]) / 2
    gap_left = left + best[0]
    left_rows = [[w for w in r if w.x1 <= gutter] for r in rows]
    left_rows = [r for r in left_rows if r]
    right_rows = [r for r in rows if any(w.x0 >= gutter for w in r)]
    right_words = [[w for w in r if w.x0 >= gutter] for r in right_rows]
    # Both sides read as running text: columns of comparable width, most rows of several words
    # that run to the column's far edge (a table's columns of codes and numbers do not).
    gap_right = left + best[1]
    # The right column's edge is where its rows end, not the page's text: a chapter head across the
    # page can run on past it (three-column grid, third column empty on the chapter's last page).
    ends = sorted(r[-1].x1 for r in right_words if r)
    if len(ends) >= _MIN_COLUMN_ROWS:
        right = min(right, ends[int(0.9 * (len(ends) - 1))] + 1)
    left_width, right_width = max(gap_left - left, 1.0), max(right - gap_right, 1.0)
    if not 0.5 <= left_width / right_width <= 2.0:
        return None
    if len(words) < 40 or len(rows) < 2 * _MIN_COLUMN_ROWS or min(len(left_rows), len(right_rows)) < _MIN_COLUMN_ROWS:
        # A short block of columns (an introduction above full-width tables): too few rows for
        # the counts below, so it takes the stronger sign that only columns give: lines on both
        # sides justified, each to its own edge of the gutter.
        justified_left = sum(1 for r in left_rows if _stretched(r) and gap_left - r[-1].x1 <= 2)
        justified_right = sum(1 for r in right_words if _stretched(r) and right - r[-1].x1 <= 2)
        ok = min(justified_left, justified_right) >= 1 and justified_left + justified_right >= _MIN_JUSTIFIED_ROWS
        return gutter if ok or _short_column_beside(rows, gutter, gap_left, left_width, right_width) else None
    # A ragged-right line stops short of its edge by up to the next word, which did not fit: in
    # a narrow column that can be a good share of its width (a long compound is some 7 em). That
    # allowance is for two columns of text, which hold about as many lines each; a table's column
    # of short keys beside its column of text holds far fewer, and keeps to the stricter test.
    size = sorted(w.size or 10.0 for w in words)[len(words) // 2]
    ragged = 2 * min(len(left_rows), len(right_rows)) >= max(len(left_rows), len(right_rows))
    near_left = max(0.2 * left_width, 7 * size if ragged else 0.0)
    near_right = max(0.2 * right_width, 7 * size if ragged else 0.0)
    full_left = sum(1 for r in left_rows if gap_left - r[-1].x1 <= near_left and _runs_on(r, left_width))
    full_right = sum(1 for r in right_words if right - r[-1].x1 <= near_right and _runs_on(r, right_width))
    if full_left < 0.5 * len(left_rows) or full_right < 0.5 * len(right_rows):
        return None
    return gutter


def _short_column_beside(rows: list[list], gutter: float, gap_left: float, left_width: float,
                         right_width: float) -> bool:
    """A column of a few ragged lines beside a full one (a chapter's last lines run over into the
    next column): the left side holds a column's worth of running text that reaches the gutter,
    and the right side a paragraph of two or more lines of running text, all starting at one x,
    one under the other. The cells of a table's last column start at one x too, but beside
    short keys, which do not reach the gutter. (Rows across the gutter, a chapter head, are
    neither side's.)"""
    apart = [r for r in rows if not any(w.x0 < gutter < w.x1 for w in r)
             and not any(a.x1 < gutter < b.x0 and not is_column_gap(b.x0 - a.x1, a.size or 10.0)
                         for a, b in itertools.pairwise(r))]
    left_rows = [left for left in ([w for w in r if w.x1 <= gutter] for r in apart) if left]
    right_rows = [right for right in ([w for w in r if w.x0 >= gutter] for r in apart) if right]
    if len(left_rows) < _MIN_COLUMN_ROWS or len(right_rows) < 2:
        return False
    full_left = sum(1 for r in left_rows if gap_left - r[-1].x1 <= 0.2 * left_width and _runs_on(r, left_width))
    if full_left < 0.5 * len(left_rows):
        return False
    starts = [r[0].x0 for r in right_rows]
    pitches = [b[0].top - a[0].top for a, b in itertools.pairwise(right_rows)]
    size = right_rows[0][0].size or 10.0
    return (max(starts) - min(starts) <= 2 and all(_runs_on(r, right_width) for r in right_rows)
            and all(0 < p <= 2 * size for p in pitches))


def _crossings(rows: list[list], left: int, width: int) -> list[int]:
    """Rows crossing x, as a difference array over integer x from ``left`` (a row crosses where a
    word covers x or where two of its words closer than a column gap stand either side of x)."""
    cross = [0] * (width + 2)
    for row in rows:
        start = int(row[0].x0) - left
        for prev, nxt in zip(row, row[1:], strict=False):
            size = min(prev.size or 10.0, nxt.size or 10.0)
            if is_column_gap(nxt.x0 - prev.x1, size):
                cross[max(start, 0)] += 1
                cross[min(int(prev.x1) - left + 1, width + 1)] -= 1
                start = int(nxt.x0) - left
        cross[max(start, 0)] += 1
        cross[min(int(row[-1].x1) - left + 1, width + 1)] -= 1
    return cross


def find_gutters(page: PageWords) -> list[float]:
    """The x of each gutter between text columns, left to right: none on a page of one column, one
    on a page of two (:func:`find_gutter`), two or three on a page set in three or four narrow
    columns (a landscape brochure, a web page's CSS columns)."""
    area = _text_area(page)
    if area is None:
        return []
    gutter = _two_columns(area)
    gutters = [gutter] if gutter is not None else (
        _narrow_columns(area) or _flowing_columns(area) or _lists_side_by_side(area) or _ruled_columns(page, area))
    return outside_ruled_grid(page, gutters)


DOCUMENT_GUTTER_PAGES = 3
"""A gutter found at one x (within :data:`_GUTTER_AGREE` points) on this many pages or more is the
document's: a page of its where none was found keeps to it when its text does (:func:`with_document_gutters`)."""
_GUTTER_AGREE = 3.0


def with_document_gutters(pages: list[PageWords], gutters: list[list[float]]) -> list[list[float]]:
    """``gutters`` (each page's, from :func:`find_gutters`), with the document's two-column gutter given
    to a page where none was found, or one elsewhere (inside a column), whose text keeps clear of it:
    few rows across it (a chapter head), a column's worth of rows left of it, and text right of it.
    A chapter's last page, its right column one line long ("pasienten er bosatt." beside a wrapped
    section title), showed no gutter by itself, and the line was read between the title's lines."""
    found = sorted(g[0] for g in gutters if len(g) == 1)
    if len(found) < DOCUMENT_GUTTER_PAGES:
        return gutters
    # (the x that most pages agree on, within a few points)
    best = max(found, key=lambda x: sum(1 for y in found if abs(y - x) <= _GUTTER_AGREE))
    agree = [y for y in found if abs(y - best) <= _GUTTER_AGREE]
    if len(agree) < DOCUMENT_GUTTER_PAGES:
        return gutters
    x = agree[len(agree) // 2]
    out = []
    for page, page_gutters in zip(pages, gutters, strict=True):
        # (a gutter found elsewhere: a table's gap inside the wider column)
        other = len(page_gutters) == 1 and abs(page_gutters[0] - x) > _GUTTER_AGREE
        area = _text_area(page) if not page_gutters or other else None
        if area is not None:
            across = sum(1 for r in area.rows if any(w.x0 < x < w.x1 for w in r))
            left = sum(1 for r in area.rows if any(w.x1 <= x for w in r))
            right = any(w.x0 >= x for w in area.words)
            if right and left >= _MIN_COLUMN_ROWS and across <= area.limit:
                page_gutters = [x]
        out.append(page_gutters)
    return out


def outside_ruled_grid(page: PageWords, gutters: list[float]) -> list[float]:
    """``gutters`` (found on ``page``'s words) unless one lies inside a table ruled between its
    columns (:func:`_ruled_grid`, from ``page``'s segments): such a gutter is the grid's, and the
    page's columns are those of its text above and below the grid (none when it holds the page)."""
    area = _text_area(page)
    grid = _ruled_grid(page, area) if area is not None else None
    if grid is None or not any(grid[0] < g < grid[1] for g in gutters):
        return gutters
    x0, x1, top, bottom = grid
    outside = [w for w in page.words if not top <= (w.top + w.bottom) / 2 <= bottom]
    return find_gutters(PageWords(page.page, page.width, page.height, outside, source=page.source))


_GRID_RULES = 3


def _long_verticals(page: PageWords, area: _TextArea) -> list[Segment]:
    """The page's drawn vertical lines over the text area, each down a third of its height or more,
    left to right."""
    top = min(w.top for w in area.words)
    height = max(w.bottom for w in area.words) - top
    return sorted((s for s in page.segments if not s.horizontal and s.x1 - s.x0 <= 2 and s.bottom - s.top >= height / 3
                   and area.left - 5 <= (s.x0 + s.x1) / 2 <= area.right + 5), key=lambda s: s.x0)


def _beside(other: Segment, seg: Segment) -> bool:
    """``other`` runs beside ``seg`` along half its length or more."""
    return min(other.bottom, seg.bottom) - max(other.top, seg.top) >= 0.5 * (seg.bottom - seg.top)


def _ruled_grid(page: PageWords, area: _TextArea) -> tuple[float, float, float, float] | None:
    """The left and right x and the top and bottom of a table ruled between its columns that fills
    much of the page's text: three or more drawn vertical lines side by side, each down a third of
    the text's height or more, over the same rows. The space inside such a grid (a column of short
    numbers leaves one) is no gutter between columns of text; two columns of text have one rule
    between them, three have two."""
    verticals = _long_verticals(page, area)
    for seg in verticals:
        beside = [o for o in verticals if _beside(o, seg)]
        xs = sorted({round((o.x0 + o.x1) / 2) for o in beside})
        if len(xs) >= _GRID_RULES:
            return float(xs[0]), float(xs[-1]), min(o.top for o in beside), max(o.bottom for o in beside)
    return None


def _ruled_columns(page: PageWords, area: _TextArea) -> list[float]:
    """The gutter of two columns parted by a vertical rule: a drawn line in the middle of the text
    (between 30 and 70 % of its width) down at least a third of its height, that no row crosses,
    with rows on both sides of it along its length, and no other such rule beside it. Columns of
    short lines (a contents list in two columns) do not run to their edges as running text does,
    but the rule parts them all the same."""
    verticals = _long_verticals(page, area)
    for seg in verticals:
        x = (seg.x0 + seg.x1) / 2
        if not area.left + 0.3 * area.width <= x <= area.left + 0.7 * area.width:
            continue
        # (a table ruled between its columns has such rules side by side; the rule between two
        # columns of text stands alone)
        if any(abs((o.x0 + o.x1) / 2 - x) > 5 and _beside(o, seg) for o in verticals):
            continue
        along = [r for r in area.rows if seg.top <= (r[0].top + r[0].bottom) / 2 <= seg.bottom]
        if any(w.x0 < x < w.x1 for r in along for w in r):
            continue
        left = sum(1 for r in along if any(w.x1 <= x for w in r))
        right = sum(1 for r in along if any(w.x0 >= x for w in r))
        if min(left, right) >= _MIN_COLUMN_ROWS:
            return [x]
    return []


_MAX_NARROW_COLUMNS = 4


def _narrow_columns(area: _TextArea) -> list[float]:
    """Gutters of three or four columns of running text. Each gutter is a stretch almost no row
    crosses; the columns between them are about equally wide (at most 1.5 : 1, as a grid sets them),
    and each holds rows of running text that reach its right edge, as :func:`find_gutter` asks of
    two columns. A table's columns of codes and numbers fail that, as do a key-value list's."""
    words, rows, left, right, width = area.words, area.rows, area.left, area.right, area.width
    cross, limit = area.cross, area.limit
    if len(words) < 40 or len(rows) < _MIN_COLUMN_ROWS:
        return []
    runs: list[tuple[int, int, int]] = []  # (start, end, fewest rows crossing)
    c, start, low_min = 0, None, 0
    counts: list[int] = []  # rows crossing each x of the run under way
    for x in range(width + 1):
        c += cross[x]
        low = 0.15 * width <= x <= 0.85 * width and c <= limit
        if low and start is None:
            start, low_min, counts = x, c, [c]
        elif low:
            low_min = min(low_min, c)
            counts.append(c)
        elif start is not None:
            if x - start >= _MIN_GUTTER_WIDTH:
                runs.append((*_fewest_crossing(start, counts, low_min), low_min))
            start = None
    if len(runs) > 8:
        return []  # stretches everywhere: a table or a list, not columns of text
    size = sorted(w.size or 10.0 for w in words)[len(words) // 2]
    best: tuple[tuple[int, int], list[float]] | None = None
    for k in range(2, _MAX_NARROW_COLUMNS):
        for combo in itertools.combinations(runs, k):
            edges = [left, *(e for r in combo for e in (left + r[0], left + r[1])), right]
            spans = list(zip(edges[::2], edges[1::2], strict=True))
            widths = [b - a for a, b in spans]
            if min(widths) <= 0 or max(widths) > 1.5 * min(widths):
                continue
            if not all(_column_of_text(rows, a, b, size) for a, b in spans):
                continue
            key = (sum(r[2] for r in combo), -sum(r[1] - r[0] for r in combo))
            if best is None or key < best[0]:
                best = (key, [left + (r[0] + r[1]) / 2 for r in combo])
    return best[1] if best else []


def _fewest_crossing(start: int, counts: list[int], fewest: int) -> tuple[int, int]:
    """The widest stretch of a run (first x ``start``, rows crossing each x ``counts``) that the
    fewest rows cross, when it is a gutter's width; else the whole run. A run beside a short column
    (five lines at the top of the page's third) reaches into that column, where only its few rows
    cross; the gutter is the stretch between the columns."""
    stretches, x = [], 0  # (length, first x) of each stretch the fewest rows cross
    for is_fewest, group in itertools.groupby(counts, key=lambda c: c == fewest):
        n = len(list(group))
        if is_fewest:
            stretches.append((n, -x))
        x += n
    n, neg_x = max(stretches, default=(0, 0))  # (the widest; of equals, the first)
    if n < _MIN_GUTTER_WIDTH:
        return start, start + len(counts) - 1
    return start - neg_x, start - neg_x + n - 1


_SENTENCE_END = (".", "!", "?", ":", ";")


def _flowing_columns(area: _TextArea) -> list[float]:
    """Gutters of a block of columns too short to count rows in (an introduction of two or three
    lines above a full-width table). What only columns give: a paragraph of its own (space above
    and below it, fewer rows than :func:`_narrow_columns` counts on) whose rows all leave the same
    wide gaps (two em or more) free; a column of several words on each side of each gap, starting
    on the first row; and the text running on over every gap (each column's last line ends inside
    a sentence and the next column's first line carries it on in lower case), or, right under a
    heading set clearly larger, two lines of running text in every column with a line out of step.
    Cells of a table row stand apart, and a table's rows follow one another closely; a column runs
    into the next."""
    words, rows = area.words, area.rows
    size = sorted(w.size or 10.0 for w in words)[len(words) // 2]

    def close(above: list, below: list) -> bool:
        return min(w.top for w in below) - max(w.bottom for w in above) <= size

    for i, first in enumerate(rows):
        gaps = [(p.x1, n.x0) for p, n in itertools.pairwise(first) if n.x0 - p.x1 >= 2 * size]
        # (a paragraph of its own: space above it, or the heading it stands under, set larger)
        under_heading = i > 0 and min(w.size or 10.0 for w in rows[i - 1]) >= 1.3 * size
        if not gaps or len(gaps) >= _MAX_NARROW_COLUMNS or (i > 0 and close(rows[i - 1], first) and not under_heading):
            continue
        block = [first]
        for row in rows[i + 1:]:
            if not close(block[-1], row):
                break
            # Each gap narrows to what this row leaves free too; a row that leaves less than an
            # em of it free runs across, and the block is no paragraph of its own.
            narrowed = _narrowed(gaps, row, size)
            if narrowed is None:
                block = []
                break
            gaps = narrowed
            block.append(row)
        if len(block) < 2:
            continue
        columns = _split_at(block, gaps)
        # A block of as many rows as two columns are counted on (:func:`_two_columns` found none:
        # too few lines on a side) only when its columns' lines stand out of step: each column spaces
        # its own lines and paragraphs, while a table's cells start their lines on the row's.
        if len(block) >= _MIN_COLUMN_ROWS and not (under_heading and _out_of_step(columns, size)):
            continue
        if any(not col[0] or sum(map(len, col)) < 3 for col in columns):
            continue
        widths = [max(w.x1 for r in col for w in r) - min(w.x0 for r in col for w in r) for col in columns]
        if max(widths) > 2.0 * min(widths):
            continue
        runs_on = all(
            not [r for r in col if r][-1][-1].text.endswith(_SENTENCE_END) and nxt[0][0].text[:1].islower()
            for col, nxt in itertools.pairwise(columns)
        )
        # Or a break between paragraphs at the gap (columns balanced under a heading): each column
        # two lines of running text or more, and a line of one out of step with the other's (a
        # paragraph's space in one column; a table's cells start their lines on one row's).
        # Only right under its heading: rows of a table without rules, whose cells hold text, follow
        # a header row of labels.
        prose = (under_heading and all(sum(1 for r in col if len(r) >= 3) >= 2 for col in columns)
                 and _out_of_step(columns, size, 1))
        if runs_on or prose:
            # Just left of where the next column starts, which is sure; where a ragged column ends
            # is not (this block's lines may all stop short of its edge, another block's reach it).
            return [min(w.x0 for r in nxt for w in r) - 0.5 * size for _col, nxt in itertools.pairwise(columns)]
    return []


def _out_of_step(columns: list[list[list]], size: float, lines: int = 2) -> bool:
    """Whether ``lines`` lines or more of one column stand between lines of the one beside it (a
    quarter of a line or more off every line there)."""
    tops = [[min(w.top for w in r) for r in col if r] for col in columns]
    return all(
        sum(1 for t in b if all(abs(t - u) > 0.25 * size for u in a)) >= lines for a, b in itertools.pairwise(tops)
    )


def _lists_side_by_side(area: _TextArea) -> list[float]:
    """Gutters between lists set side by side (a slide's bullets in two columns, a web page's list
    in CSS columns): a run of rows that all leave the same wide gap (two em or more) free, with a
    list on each side of it. The first row starts with a bullet, or, first on the page, goes on
    with an item of a list carried over from the page before (in lower case); each other side's
    first row starts with a bullet too, or the list flows on into it from the side before. Each
    side holds two items or more (or, starting with a bullet, one over three rows or more; or,
    carried over, one after the rows it carries), and no row on a side starts left of its first
    bullet. Such a block can follow a paragraph without space between, and as many rows as it
    likes: the bullets on both sides of the gap are the sign. A row that fills the gap (the text
    under the lists) ends the block."""
    rows, words = area.rows, area.words
    size = sorted(w.size or 10.0 for w in words)[len(words) // 2]
    for i, first in enumerate(rows):
        carried = i == 0 and first[0].text[:1].islower()
        if not (is_bullet_mark(first[0].text) or carried):
            continue
        gaps = [(p.x1, n.x0) for p, n in itertools.pairwise(first)
                if n.x0 - p.x1 >= 2 * size and (is_bullet_mark(n.text) or n.text[:1].islower())]
        if not gaps or len(gaps) >= _MAX_NARROW_COLUMNS:
            continue
        block = [first]
        for row in rows[i + 1:]:
            narrowed = _narrowed(gaps, row, size)
            if narrowed is None:
                break
            gaps = narrowed
            block.append(row)
        columns = [[r for r in col if r] for col in _split_at(block, gaps)]
        if all(col and _a_list(col, carried=carried and k == 0) for k, col in enumerate(columns)):
            return [(max(w.x1 for r in col for w in r) + min(w.x0 for r in nxt for w in r)) / 2
                    for col, nxt in itertools.pairwise(columns)]
    return []


def _a_list(col: list[list], carried: bool = False) -> bool:
    """Whether a side's rows are a list: two items or more (or, starting with a bullet, one
    wrapped over three rows or more, the list going on over the page; or, ``carried`` over from
    the page before, one after the rows that end the item it carries), no row left of its first
    bullet; a side that does not start with a bullet goes on with an item (lower case)."""
    items = [r for r in col if is_bullet_mark(r[0].text)]
    if not items:
        return False
    starts = is_bullet_mark(col[0][0].text)
    if not (len(items) >= 2 or (starts and len(col) >= 3) or carried):
        return False
    if not starts and not col[0][0].text[:1].islower():
        return False
    return min(r[0].x0 for r in col) >= items[0][0].x0 - 1


def _narrowed(gaps: list[tuple[float, float]], row: list, size: float) -> list[tuple[float, float]] | None:
    """Each gap narrowed to the stretch of it that ``row`` leaves free, or None when the row leaves
    less than ``size`` of some gap free (it runs across)."""
    edges = [-math.inf, *(x for w in row for x in (w.x0, w.x1)), math.inf]
    free = list(zip(edges[::2], edges[1::2], strict=True))
    narrowed = [next(((max(a, c), min(b, d)) for c, d in free if min(b, d) - max(a, c) >= size), None)
                for a, b in gaps]
    return None if None in narrowed else narrowed


def _split_at(block: list[list], gaps: list[tuple[float, float]]) -> list[list[list]]:
    """The block's rows split into columns at the gaps: per column, each row's words inside it."""
    edges = [-math.inf, *(x for a, b in gaps for x in (a, b)), math.inf]
    return [[[w for w in row if lo <= w.x0 and w.x1 <= hi] for row in block]
            for lo, hi in zip(edges[::2], edges[1::2], strict=True)]


def _column_of_text(rows: list[list], x0: float, x1: float, size: float) -> bool:
    """Rows of running text between x0 and x1: enough of them, most reaching near x1."""
    col = [r for r in ([w for w in row if w.x0 >= x0 - 1 and w.x1 <= x1 + 1] for row in rows) if r]
    if len(col) < _MIN_COLUMN_ROWS:
        return False
    near = max(0.2 * (x1 - x0), 7 * size)
    full = sum(1 for r in col if x1 - r[-1].x1 <= near and _runs_on(r, x1 - x0))
    return full >= 0.5 * len(col)


def _runs_on(row: list, width: float) -> bool:
    """A row of running text: several words, or one long word filling most of the column (a web
    address broken over lines)."""
    return len(row) >= 3 or row[-1].x1 - row[0].x0 >= 0.6 * width


def _stretched(row: list) -> bool:
    """A justified line: its spaces all alike and wider than a plain word space (about a third of
    an em in proportional type). A ragged line's spaces are alike too, but plain."""
    gaps = [nxt.x0 - prev.x1 for prev, nxt in zip(row, row[1:], strict=False)]
    return evenly_spaced(row) and min(gaps) >= 0.4 * min(w.size or 10.0 for w in row)
