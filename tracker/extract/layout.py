"""Page layout: text columns and the order a reader takes them in.

A two-column page has a gutter: a vertical strip that, row after row, falls between two words
and is crossed by none (or only by the few full-width elements: chapter heads, wide tables).
The gutter is found from the rows of the page itself, so no page size, margin or font is
assumed. Lines are then split at the gutter, and the page is read band by band: a full-width
element (a line crossing the gutter, a chapter head with nothing beside it, a wide table) ends a
band; within a band the left column is read before the right one.
"""

from __future__ import annotations

from tracker.extract.words import PageWords, group_rows

# The top and bottom share of the page where running headers and footers sit: they often span
# the gutter (title left, page number right) and say nothing about the columns.
_MARGIN = 0.08
# Rows allowed to cross the gutter (full-width chapter heads, captions), as a share of all rows.
_MAX_CROSSING_SHARE = 0.12
_MIN_COLUMN_ROWS = 5
_MIN_GUTTER_WIDTH = 6.0


def find_gutter(page: PageWords) -> float | None:
    """The x of the gutter between two text columns, or None for a one-column page.

    A gutter is a vertical strip in the middle of the text area that almost no row crosses,
    with a column on each side: at least a few rows left and right of it, and the left column's
    rows ending close to it (justified or ragged-right column text does; the keys of a
    key-value list, whose values all start at one x, do not).
    """
    h = page.height
    words = [w for w in page.words if h * _MARGIN < (w.top + w.bottom) / 2 < h * (1 - _MARGIN)]
    if len(words) < 40:
        return None
    rows = group_rows(words)
    if len(rows) < 2 * _MIN_COLUMN_ROWS:
        return None
    left = int(min(w.x0 for w in words))
    right = int(max(w.x1 for w in words)) + 1
    width = right - left
    if width < 150:
        return None
    # Rows crossing x, by a difference array over integer x (a row crosses where a word covers x
    # or where two of its words closer than a column gap stand either side of x).
    cross = [0] * (width + 2)
    for row in rows:
        start = int(row[0].x0) - left
        for prev, nxt in zip(row, row[1:], strict=False):
            size = min(prev.size or 10.0, nxt.size or 10.0)
            if nxt.x0 - prev.x1 >= max(0.8 * size, _MIN_GUTTER_WIDTH):
                cross[max(start, 0)] += 1
                cross[min(int(prev.x1) - left + 1, width + 1)] -= 1
                start = int(nxt.x0) - left
        cross[max(start, 0)] += 1
        cross[min(int(row[-1].x1) - left + 1, width + 1)] -= 1
    limit = max(1, int(_MAX_CROSSING_SHARE * len(rows)))
    lo, hi = int(width * 0.3), int(width * 0.7)
    best: tuple[int, int] | None = None
    run_start: int | None = None
    c = 0
    for x in range(width + 1):
        c += cross[x]
        low = lo <= x <= hi and c <= limit
        if low and run_start is None:
            run_start = x
        if (not low or x == hi) and run_start is not None:
            end = x if low else x - 1
            if best is None or end - run_start > best[1] - best[0]:
                best = (run_start, end)
            run_start = None
    if best is None or best[1] - best[0] + 1 < _MIN_GUTTER_WIDTH:
        return None
    gutter = left + (best[0] + best[1]) / 2
    gap_left = left + best[0]
    left_rows = [[w for w in r if w.x1 <= gutter] for r in rows]
    left_rows = [r for r in left_rows if r]
    right_rows = [r for r in rows if any(w.x0 >= gutter for w in r)]
    if len(left_rows) < _MIN_COLUMN_ROWS or len(right_rows) < _MIN_COLUMN_ROWS:
        return None
    # Both sides read as running text: columns of comparable width, most rows of several words
    # that run to the column's far edge (a table's columns of codes and numbers do not).
    gap_right = left + best[1]
    left_width, right_width = max(gap_left - left, 1.0), max(right - gap_right, 1.0)
    if not 0.5 <= left_width / right_width <= 2.0:
        return None
    full_left = sum(1 for r in left_rows if gap_left - r[-1].x1 <= 0.2 * left_width and len(r) >= 3)
    right_words = [[w for w in r if w.x0 >= gutter] for r in right_rows]
    full_right = sum(1 for r in right_words if right - r[-1].x1 <= 0.2 * right_width and len(r) >= 3)
    if full_left < 0.5 * len(left_rows) or full_right < 0.5 * len(right_rows):
        return None
    return gutter
