"""Display lines and heading numbers that a page's OCR garbled or lost, read again from the image.

**Display lines.** Tesseract reads type best at text size; a title set two or three times larger, thin
(an extra-light face) or pale, comes out garbled ("GENERELLE FR" for "GENERELLE REGLER", read with
confidence 20) although the pixels are clean. A line whose words stand well above the page's type and
hold a word read with low confidence is read again, scaled down to text size and in black and white (see
:func:`reread_display_lines`); the new reading replaces the old when Tesseract is surer of it.

**Heading numbers.**

Tesseract reads a page with its language model, and a number standing apart from its title is where that
model helps least: a bold "2." hanging at the margin comes out as "PÅ", a "5.3." as "Sid:", and a chapter
number set very large on a line of its own is often not returned at all. Neither is recoverable later:
the extractor's heading rules see a line without a number. Such spots are found from the page's own
geometry and read again, all of them in one Tesseract call per page, as a block of digits and points
only (a lone glyph the block leaves unread once more on its own). Two kinds of spot:

* **a garbled lead word**: a line's first word, short, read with low confidence (or a number ending
  in a colon or comma), and set well apart from the rest of its line (a space wider than a word
  space); read together with any unread ink right after it ("7" of "7.1.");
* **unread ink**: dark pixels no word box or rule covers, in a cluster the height of type: left of a
  line's first word on that line, or on a line of its own when set larger than the text.

A spot's new reading is kept only when it is a heading number (``5``, ``5.2``, ``5.2.``, no part with a
leading zero) that fills the spot; otherwise the page's words stay as Tesseract gave them. What keeps a wrong number out is the choice of spots, few and
shaped like numbers apart from a title; a code (letters and digits, "XS04") is never one.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence

import numpy as np

NUMBER_CHARS = "0123456789."
_PART = r"(?:0|[1-9]\d?)"  # (no leading zero: "05" is no part of a heading number, "0" is, "5.0")
_NUMBER = re.compile(rf"{_PART}(?:\.{_PART}){{0,3}}\.?")
# "7.3:" or "5.0," for "7.3." and "5.0.": the last point read as a colon or a comma
_NUMBER_COLON = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}[:,;]")
_CODE = re.compile(r"[A-Za-zÆØÅæøå].*\d|\d.*[A-Za-zÆØÅæøå]")
_LOW_CONF = 85.0
"""A lead word read with less confidence than this may be a garbled number. Measured on scans of bold
numbers hanging at the margin: the ones read right scored 91-96, the garbled ones ("1:", "PÅ", "Sid:")
62-72."""
_MAX_SPOTS = 24  # per page: more unread ink than this is a picture or a chart, not lost numbers
_SHEET_PSM = 6  # Tesseract's page segmentation for the sheet: one block of text
_LINE_PSM = 7  # and for a spot read alone: one line
_MAX_ALONE = 4  # spots per page read alone
_SPOT_HEIGHT = 48  # pixels: a spot set larger is scaled down to this (text type at 300 dpi is 30-50)
_PAD = 12  # pixels of the page kept around a spot, and (×4) between spots on the sheet read again
_DISPLAY = 1.5  # a line's words this many times the page's type height: display type, a title
_MAX_INK_LINES = 12  # unread ink as tall as this many lines of type is a picture, not a number
BADGE_INK = 0.5
"""A lead glyph about as wide as tall whose box is at least this share ink is a badge: a number light
on a dark disc or square ("2" white in a dark circle before a chapter title, read as "Ø" or "O"; the
discs measured 0.68-0.72 on a scan). Rendered in the DejaVu faces at 60 px, regular letters as wide as
tall fill 0.28-0.53 of their box, but bold capitals more ("A" 0.51, "O" 0.56, "N" 0.72, "B" 0.76): a
heading led by a bold capital on its own ("B Vedlegg") is read again as digits too, and may come back
as one ("8"). (Lower-case letters are shorter than digits and are no spot.)"""

Row = tuple  # a Tesseract word row, as :func:`tracker.extract.ocr.parse_tsv` gives it


def _lines(rows: Sequence[Row]) -> list[list[tuple[int, Row]]]:
    """The page's Tesseract lines, each its words (index in ``rows``, row) from the left."""
    by_line: dict[tuple, list[tuple[int, Row]]] = defaultdict(list)
    for k, r in enumerate(rows):
        by_line[tuple(r[:3])].append((k, r))
    return [sorted(ws, key=lambda kr: kr[1][3]) for ws in by_line.values()]


def number_spots(rows: Sequence[Row], ink: Sequence[tuple],
                 badges: Collection[int] = frozenset()) -> list[tuple[Row, int | None]]:
    """The spots to read again (see the module docstring), each as a word row with its box and the
    index in ``rows`` of the word it replaces (None: a word to add). A line's first word with unread
    ink right after it, before the next word, is read together with that ink: Tesseract read "7"
    of "7.1." and left the rest, or a low "Å" of "6.3.". ``ink``: boxes from :func:`unread_ink`.
    ``badges``: indices of words whose box is mostly ink (:data:`BADGE_INK`); such a lead word is
    doubtful however surely it was read, and set apart from its title by its own shape."""
    type_h = _type_height(rows)
    if not type_h:
        return []
    spots: list[tuple[Row, int | None]] = []
    used: set[int] = set()
    lines = _lines(rows)
    for line in lines:
        at, first = line[0]
        lt, lh = first[10], first[12]
        end = line[1][1][3] if len(line) > 1 else first[3] + first[5] + 8 * lh
        after = [k for k, (x, y, w, h) in enumerate(ink) if k not in used and lt <= y + h / 2 <= lt + lh
                 and 0 <= x - (first[3] + first[5]) <= 0.6 * lh and x + w < end]
        x0, y0 = first[3], first[4]
        x1 = max([first[3] + first[5], *(ink[k][0] + ink[k][2] for k in after)])
        y1 = max([first[4] + first[6], *(ink[k][1] + ink[k][3] for k in after)])
        y0 = min([y0, *(ink[k][1] for k in after)])
        gap = end - x1
        badge = at in badges and len(first[8]) <= 2 and not _NUMBER.fullmatch(first[8])
        doubtful = ((first[7] < _LOW_CONF and not _NUMBER.fullmatch(first[8])) or _NUMBER_COLON.fullmatch(first[8])
                    or badge)
        if _CODE.search(first[8]):
            continue  # letters and digits together: a code ("XS04", "B1"), read as well as it will be
        # (as tall as digits, at least the text's size: a bullet, read as "+" or "*", is half an em)
        if (len(first[8]) <= 5 and (doubtful or after) and len(line) > 1 and (gap >= 0.5 * lh or badge and gap > 0)
                and first[6] >= 0.8 * type_h):
            used.update(after)
            spots.append(((*first[:3], x0, y0, x1 - x0, y1 - y0, *first[7:]), at))
    # A number on a line of its own right above its title (a memo style), read as a letter: "i"
    # for "1". A word of one or two characters alone on its line, as tall as digits, with the
    # next line starting at its x just below it: within one and a half lines of type, or of the
    # glyph's own height (a chapter number set three times the title's size in a panel, white on
    # dark, "7" read as "VÅ", its title two lines of type under it).
    for line in lines:
        if len(line) != 1:
            continue
        at, word = line[0]
        text = word[8].strip()
        if not 1 <= len(text) <= 2 or _NUMBER.fullmatch(text) or _CODE.search(text) or word[6] < 0.8 * type_h:
            continue
        below = [o[0][1] for o in lines if o is not line and abs(o[0][1][3] - word[3]) <= 0.5 * type_h
                 and 0 <= o[0][1][4] - (word[4] + word[6]) <= 1.5 * max(type_h, word[6])]
        if below:
            spots.append((word, at))
    for k, box in enumerate(ink):
        if k not in used and (new := _placed(box, lines, type_h)) is not None:
            spots.append((new, None))
    return spots


def _type_height(rows: Sequence[Row]) -> float:
    """The height of the page's words (median, words of three letters or more), in pixels; 0 when the
    page has none. (A page of a word or two is a title page: its type is the title's, and a
    chapter's number there stands larger still.)"""
    heights = [r[6] for r in rows if sum(c.isalpha() for c in r[8]) >= 3]
    return statistics.median(heights) if heights else 0.0


def ink_outside(dark: np.ndarray, rows: Sequence[Row], rules: Sequence[tuple[int, int, int, int]] = ()) -> np.ndarray:
    """A copy of ``dark`` without the ink in the word boxes of ``rows`` (3 pixels round) and on
    ``rules`` (4 pixels round): the ink Tesseract did not read as words."""
    left = dark.copy()
    for r in rows:
        x, y, w, h = r[3:7]
        left[max(0, y - 3):y + h + 3, max(0, x - 3):x + w + 3] = False
    for x0, t, x1, b in rules:
        left[max(0, t - 4):b + 4, max(0, x0 - 4):x1 + 4] = False
    return left


def without_page_edges(ink: np.ndarray) -> np.ndarray:
    """``ink`` (changed in place) without the columns and rows inked along half the page or more: a
    scan's dark border and binding shadow run down (or across) most of the page and would ink
    every row and join all rows into one. No type is that long."""
    ink[:, np.count_nonzero(ink, axis=0) > 0.5 * ink.shape[0]] = False
    ink[np.count_nonzero(ink, axis=1) > 0.5 * ink.shape[1], :] = False
    return ink


def unread_ink(dark: np.ndarray, rows: Sequence[Row], rules: Sequence[tuple[int, int, int, int]]) -> list[tuple]:
    """Boxes (left, top, w, h) of dark clusters the height of type that no word or rule covers."""
    type_h = _type_height(rows)
    if not type_h:
        return []
    left = without_page_edges(ink_outside(dark, rows, rules))
    out: list[tuple] = []
    inked_rows = np.count_nonzero(left, axis=1) >= 2
    for top, bottom in mask_runs(inked_rows, join=2):
        h = bottom - top
        if not 0.5 * type_h <= h <= _MAX_INK_LINES * type_h:
            continue
        cols = np.count_nonzero(left[top:bottom], axis=0) > 0
        for x0, x1 in mask_runs(cols, join=max(2, int(0.6 * h))):
            w = x1 - x0
            ys = np.nonzero(left[top:bottom, x0:x1].any(axis=1))[0]
            ink_h = int(ys[-1] + 1 - ys[0])
            ink = np.count_nonzero(left[top:bottom, x0:x1])
            # (type: not a hairline, not a solid block, not wider than a long number; display type
            # may be drawn in outline, a thin stroke round a large glyph, and rule detection takes
            # its straight strokes, which :func:`_joined_by_strokes` gives back)
            floor = _OUTLINE_INK if ink_h >= HOLLOW_SIZE * type_h else _TYPE_INK
            if ink_h >= 0.5 * type_h and w <= 4 * ink_h and floor * w * ink_h <= ink <= 0.8 * w * ink_h:
                out.append((x0, top + int(ys[0]), w, ink_h))
    return _joined_by_strokes(out, rules, type_h)


_TYPE_INK = 0.08  # the least share of its box a glyph of text type inks
_OUTLINE_INK = 0.04  # and one of display type drawn in outline, its straight strokes taken for rules
_STROKE_REACH = 6  # pixels: a straight stroke this close to a cluster of ink is part of its glyph


def _joined_by_strokes(boxes: list[tuple], rules: Sequence[tuple[int, int, int, int]], type_h: float) -> list[tuple]:
    """``boxes`` with the straight strokes that touch them taken back in, and boxes a stroke joins
    made one. Rule detection takes any long thin straight ink for a rule, and an outlined (hollow)
    chapter number is drawn in such strokes: the flat top and foot of a large outlined "3" and the
    two sides of its waist were taken as four rules, and its unread ink fell apart into two boxes,
    neither a number (the foot of an outlined "1", apart from its flag, was read as "3"). A stroke
    no longer than display type is tall (:data:`_MAX_INK_LINES` lines of type) is the glyph's when
    the glyph with it keeps a figure's shape; a table's rule runs far longer."""
    def near(b: tuple, r: tuple) -> bool:
        x, y, w, h = b
        return (r[0] <= x + w + _STROKE_REACH and x - _STROKE_REACH <= r[2]
                and r[1] <= y + h + _STROKE_REACH and y - _STROKE_REACH <= r[3])

    longest = _MAX_INK_LINES * type_h
    strokes = [r for r in rules if max(r[2] - r[0], r[3] - r[1]) <= longest]
    out = list(boxes)
    changed = bool(out)
    while changed:
        changed = False
        for r in strokes:
            touching = [b for b in out if near(b, r)]
            if not touching:
                continue
            x0 = min(r[0], *(b[0] for b in touching))
            y0 = min(r[1], *(b[1] for b in touching))
            x1 = max(r[2], *(b[0] + b[2] for b in touching))
            y1 = max(r[3], *(b[1] + b[3] for b in touching))
            merged = (x0, y0, x1 - x0, y1 - y0)
            if touching == [merged] or merged[2] > 4 * merged[3] or merged[3] > longest:
                continue  # (nothing new, or no figure's shape: a rule under or beside the ink)
            out = [b for b in out if b not in touching] + [merged]
            changed = True
    return sorted(out, key=lambda b: (b[1], b[0]))


def mask_runs(mask: np.ndarray, join: int = 1) -> list[tuple[int, int]]:
    """[start, end) of the True runs in ``mask``, runs less than ``join`` apart taken as one (1:
    consecutive indices only)."""
    idx = np.nonzero(mask)[0]
    if not len(idx):
        return []
    breaks = np.nonzero(np.diff(idx) > join)[0]
    starts = [int(idx[0]), *(int(idx[b + 1]) for b in breaks)]
    ends = [*(int(idx[b]) + 1 for b in breaks), int(idx[-1]) + 1]
    return list(zip(starts, ends, strict=True))


def _placed(box: tuple, lines: list[list[tuple[int, Row]]], type_h: float) -> Row | None:
    """The line a box of unread ink belongs to, as a word row to add (text filled in later): the line
    it stands left of, or a line of its own when it is set larger than the text; None otherwise."""
    x, y, w, h = box
    cy = y + h / 2
    for line in lines:
        first = line[0][1]
        lt, lh = first[10], first[12]
        if lt <= cy <= lt + lh and x + w < first[3] and first[3] - (x + w) <= 8 * lh:
            return (*first[:3], x, y, w, h, 0.0, "", *first[9:13])
    if h >= 1.3 * type_h:
        return (-1, 0, 0, x, y, w, h, 0.0, "", x, y, w, h)
    return None


def _spot_image(gray: np.ndarray, row: Row, *, badge: bool = False, display: bool = False) -> np.ndarray:
    """A spot's pixels with paper around them, at the height of text type, in black and white. Read
    grey, a crop that is mostly paper has the paper's grain for contrast ("7.1." came back empty);
    on a sheet with numbers of text size, a chapter number set four times as large was not read.
    A badge (:data:`BADGE_INK`) is turned to dark type on paper: the inside of the ellipse its box
    holds inverted, the rest paper."""
    bw = _scaled_bw(gray, row[3:7], _SPOT_HEIGHT / max(row[6], 1), fill_outline=display and not badge)
    if not badge:
        return bw
    h, w = bw.shape
    pad = _PAD * min(1.0, _SPOT_HEIGHT / max(row[6], 1))  # (the crop's paper around the box, scaled)
    ys, xs = np.mgrid[0:h, 0:w]
    ry, rx = max(h / 2 - pad, 1.0), max(w / 2 - pad, 1.0)
    inside = ((ys - (h - 1) / 2) / ry) ** 2 + ((xs - (w - 1) / 2) / rx) ** 2 <= 0.9
    return np.where(inside, 255 - bw, 255).astype(np.uint8)


HOLLOW_INK = 0.2
"""A spot of display type (:data:`HOLLOW_SIZE`) whose box is less than this share ink, and whose ink
encloses at least as much paper again, is an outlined (hollow) glyph: it is read filled. Measured on
crops padded as a spot's: a scanned outlined chapter number "3", 350 pixels tall, inked 0.109 of its
crop (0.433 filled) and came back unread; solid digits drawn at 420 pixels in the DejaVu faces ink
0.22-0.36 (Serif) and 0.30-0.57 (Serif Bold, Sans Bold). A thinner face's "0" would be taken for an
outline, and its counter filled: a large "0" read from unread ink is no number (below)."""
HOLLOW_SIZE = 2.5
"""Display type: this many times the page's type height or more (outlines are for large figures)."""


def outline_filled(ink: np.ndarray) -> np.ndarray:
    """``ink`` with what its outlines enclose filled by the even-odd rule: paper behind an odd number
    of strokes counted from the left, right, top and bottom (three of the four), as a glyph drawn in
    outline is filled. A counter (the hole of an outlined "6") lies behind two strokes and stays
    paper. Counting four ways keeps a row that runs along a flat stroke, counted once where it
    should be twice, from filling."""
    votes = np.zeros(ink.shape, dtype=np.int8)
    for axis in (0, 1):
        starts = ink & ~np.roll(ink, 1, axis=axis)
        if axis == 0:
            starts[0, :] = ink[0, :]
        else:
            starts[:, 0] = ink[:, 0]
        before = np.cumsum(starts, axis=axis)
        total = np.take(before, [-1], axis=axis)
        votes += (before % 2 == 1).astype(np.int8)
        votes += ((total - before) % 2 == 1).astype(np.int8)
    return ink | (votes >= 3)


def _hollow(ink: np.ndarray) -> bool:
    n = int(np.count_nonzero(ink))
    return 0 < n <= HOLLOW_INK * ink.size and np.count_nonzero(outline_filled(ink)) >= 2 * n


def _scaled_bw(gray: np.ndarray, box: Sequence[int], scale: float, *, fill_outline: bool = False) -> np.ndarray:
    """The pixels of ``box`` (left, top, w, h) with ``_PAD`` of paper around them, scaled down by
    ``scale`` (never up), in black and white; with ``fill_outline``, an outlined glyph filled first
    (:func:`outline_filled`; at full size, where its strokes are still whole)."""
    from PIL import Image

    x, y, w, h = box
    pixels = gray[max(0, y - _PAD):y + h + _PAD, max(0, x - _PAD):x + w + _PAD]
    if fill_outline:
        ink = pixels < _ink_cut(pixels)
        if _hollow(ink):
            pixels = np.where(outline_filled(ink), 0, 255).astype(np.uint8)
    crop = Image.fromarray(pixels)
    scale = min(1.0, scale)
    if scale < 1.0:
        crop = crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))),
                           Image.Resampling.LANCZOS)
    a = np.asarray(crop)
    return np.where(a < _ink_cut(a), 0, 255).astype(np.uint8)


def _ink_cut(a: np.ndarray) -> float:
    """The grey that parts a crop's ink from its paper: halfway between the ink's core and the paper
    (a coloured number's strokes, grey on a scan, broke apart at a fixed 128)."""
    return (float(np.percentile(a, 1)) + float(np.percentile(a, 90))) / 2


_SHEET_GAP = 4 * _PAD  # pixels of paper between the crops on a sheet, and around them


def _read_sheet(crops: Sequence[np.ndarray], run: Callable[[bytes, int], str], encode: Callable[[np.ndarray], bytes],
                parse: Callable[[str], list[Row]]) -> tuple[dict[int, list[Row]], list[tuple[int, int]]]:
    """Read ``crops`` stacked on one sheet in a single Tesseract call (block mode): the words read in
    each crop's band (by index), and the bands (top, bottom) on the sheet; each crop starts
    ``_SHEET_GAP`` from the sheet's left edge."""
    gap = _SHEET_GAP
    sheet = np.full((sum(c.shape[0] + gap for c in crops) + gap, max(c.shape[1] for c in crops) + 2 * gap), 255,
                    dtype=np.uint8)
    bands = []
    y = gap
    for c in crops:
        sheet[y:y + c.shape[0], gap:gap + c.shape[1]] = c
        bands.append((y, y + c.shape[0]))
        y += c.shape[0] + gap
    read: dict[int, list[Row]] = defaultdict(list)
    for r in parse(run(encode(sheet), _SHEET_PSM)):
        cy = r[4] + r[6] / 2
        k = next((k for k, (t, b) in enumerate(bands) if t <= cy < b), None)
        if k is not None:
            read[k].append(r)
    return read, bands


def reread_numbers(gray: np.ndarray, rows: list[Row], rules: Sequence[tuple[int, int, int, int]],
                   run: Callable[[bytes, int], str], encode: Callable[[np.ndarray], bytes],
                   parse: Callable[[str], list[Row]]) -> list[Row]:
    """``rows`` with the numbers at the spots above read again (``run(image, psm)`` reads an image as
    digits and points, returning TSV; ``parse`` turns TSV into rows). A garbled word gets its new text; unread ink
    read as a number becomes a word of the line it stands left of, or a line of its own."""
    dark = gray < 128
    # (a badge is about as wide as tall: an "i" or a dash fills its narrow box as much)
    badges = {k for k, r in enumerate(rows) if len(r[8].strip()) <= 2 and r[6] > 0 and 0.7 <= r[5] / r[6] <= 1.4
              and np.count_nonzero(dark[r[4]:r[4] + r[6], r[3]:r[3] + r[5]]) >= BADGE_INK * r[5] * r[6]}
    spots = number_spots(rows, unread_ink(dark, rows, rules), badges)
    if not spots or len(spots) > _MAX_SPOTS:
        return rows
    type_h = _type_height(rows)
    crops = [_spot_image(gray, r, badge=at in badges, display=r[6] >= HOLLOW_SIZE * type_h) for r, at in spots]
    read, _ = _read_sheet(crops, run, encode, parse)
    # A lone digit can come back unread from the sheet: read such a spot again on its own, as one
    # line (a chapter number "5" came back so, and not on the sheet).
    alone = [k for k, c in enumerate(crops) if k not in read and c.shape[1] <= 1.2 * c.shape[0]]
    gap = _SHEET_GAP
    for k in alone[:_MAX_ALONE]:
        page = np.full((crops[k].shape[0] + 2 * gap, crops[k].shape[1] + 2 * gap), 255, dtype=np.uint8)
        page[gap:gap + crops[k].shape[0], gap:gap + crops[k].shape[1]] = crops[k]
        read[k] = parse(run(encode(page), _LINE_PSM))
    out = list(rows)
    added = []
    for k, (row, at) in enumerate(spots):
        got = sorted(read.get(k, []), key=lambda r: r[3])
        text = "".join(r[8] for r in got)
        # (confidence is no test here: allowed digits only, Tesseract gave a clean "5.1." 0 and "5.0." 97)
        if not got or not _NUMBER.fullmatch(text):
            continue
        # (a ring drawn large, an icon's circle, filled as an outline is read as "0"; no chapter
        # is numbered 0)
        if at is None and row[6] >= HOLLOW_SIZE * type_h and text.rstrip(".") == "0":
            continue
        # A number fills its spot; digits read in part of it ("05" of the code "PTOS") are no number.
        # (a badge's digit is only part of it by design)
        read_w = max(r[3] + r[5] for r in got) - min(r[3] for r in got)
        if at not in badges and read_w < 0.75 * (crops[k].shape[1] - 2 * _PAD * min(1.0, _SPOT_HEIGHT / max(row[6], 1))):
            continue
        conf = round(min(r[7] for r in got), 1)
        if at is not None:
            out[at] = (*row[:7], conf, text, *row[9:])  # (with the ink read with it in its box)
        else:
            added.append((*row[:7], conf, text, *row[9:]))
    for n, r in enumerate(added):
        if r[0] == -1:  # a line of its own: a block number no Tesseract line uses
            r = (10_000 + n, *r[1:])
        out.append(r)
    return out


def display_lines(rows: Sequence[Row]) -> list[list[tuple[int, Row]]]:
    """The page's lines set in display type (words at least ``_DISPLAY`` times the page's type height)
    with a word Tesseract was unsure of: the lines to read again. A number or a glyph or two alone on
    its line (a chapter number set large, read as "A") is left to :func:`reread_numbers`, which reads
    it as digits."""
    type_h = _type_height(rows)
    if not type_h:
        return []
    return [line for line in _lines(rows)
            if statistics.median(r[6] for _, r in line) >= _DISPLAY * type_h
            and min(r[7] for _, r in line) < _LOW_CONF and (len(line) > 1 or not _lone_glyph_or_number(line[0][1][8]))]


_LEADER_WORD = re.compile(r"^[.…·_]{3,}")


def leader_lines(rows: Sequence[Row]) -> list[list[tuple[int, Row]]]:
    """The words before a run of leader dots on their line, where Tesseract was unsure of one of them:
    to read again without the dots. A heading set before a dotted leader ("Overordnet innretning for
    2025 ........") came back as "re ng for 2025", read as one line with the dots; its words alone
    read right. The leaders are a word of dots, or one far flatter than the words before it (dots
    read as letters, "eierirorosoerres…"); they and what follows (a page number) stay as read."""
    out = []
    for line in _lines(rows):
        for k in range(1, len(line)):
            word = line[k][1]
            before = [r for _, r in line[:k]]
            flat = word[6] <= 0.3 * statistics.median(r[6] for r in before) and word[5] >= 3 * max(r[6] for r in before)
            if _LEADER_WORD.match(word[8]) or flat:
                if min(r[7] for r in before) < _LOW_CONF:
                    out.append(line[:k])
                break
    return out


_GARBLED_CONF = 30.0
_GARBLED_WIDTH = 4.0


def garbled_lines(rows: Sequence[Row]) -> list[list[tuple[int, Row]]]:
    """The lines holding a word Tesseract was nearly blind on (confidence under ``_GARBLED_CONF``) whose
    box is far wider than its letters would be (``_GARBLED_WIDTH`` times its height per character or
    more): a heading and its dotted leader read as one word ("HP", confidence 0, 1,870 pixels wide
    for "Førerkort ......"). To read again, the leader cut off (:func:`reread_display_lines`)."""
    return [line for line in _lines(rows)
            if any(r[7] < _GARBLED_CONF and r[5] >= _GARBLED_WIDTH * r[6] * max(1, len(r[8].strip())) for _, r in line)]


def _lone_glyph_or_number(text: str) -> bool:
    return len(text) <= 2 or bool(_NUMBER.fullmatch(text))


def _inked_extent(band: np.ndarray, x0: int, x1: int, gap: int) -> tuple[int, int]:
    """``x0``–``x1`` widened over the ink of ``band`` (a line's rows, ink in no word's box) that lies on
    either side, up to a blank stretch of ``gap`` columns: the words of the line Tesseract gave no box
    ("OG" of "DRG-, STG- OG", read as "DREG SE")."""
    inked = band.any(axis=0)
    while x1 < len(inked) and inked[x1:x1 + gap].any():
        x1 += int(np.nonzero(inked[x1:x1 + gap])[0][-1]) + 1
    while x0 > 0 and inked[max(0, x0 - gap):x0].any():
        x0 = max(0, x0 - gap) + int(np.nonzero(inked[max(0, x0 - gap):x0])[0][0])
    return x0, x1


def reread_display_lines(gray: np.ndarray, rows: list[Row], run: Callable[[bytes, int], str],
                         encode: Callable[[np.ndarray], bytes], parse: Callable[[str], list[Row]]) -> list[Row]:
    """``rows`` with the display lines of :func:`display_lines`, and the words before a line's leader dots
    (:func:`leader_lines`), read again: all of them on one sheet,
    each scaled down to text size (``_SPOT_HEIGHT``) and in black and white, read as a block
    (``run(image, psm)`` returns TSV; ``parse`` turns it into rows). A line's new words replace its old
    ones when they are as many or more and their mean confidence is higher; they keep the line's block, paragraph and line ids and its
    box, and get boxes on the page."""
    lines = display_lines(rows)
    firsts = {line[0][0] for line in lines}
    lines += [part for part in leader_lines(rows) if part[0][0] not in firsts]
    firsts = {line[0][0] for line in lines}
    lines += [line for line in garbled_lines(rows) if line[0][0] not in firsts]
    if not lines:
        return rows
    crops, scales, origins = [], [], []
    dark = gray < 128
    unboxed = ink_outside(dark, rows)  # (the line may widen over it, never over other words)
    for line in lines:
        x0 = min(r[3] for _, r in line)
        y0 = min(r[4] for _, r in line)
        x1 = max(r[3] + r[5] for _, r in line)
        y1 = max(r[4] + r[6] for _, r in line)
        x0, x1 = _inked_extent(unboxed[y0:y1], x0, x1, y1 - y0)
        # A leader after the words, taken into the line's boxes ("EET ØSE", 1,873 pixels wide, for
        # "Protonbehandling" and its dots): the words end where the ink in the line's upper half
        # ends, dots lying on the baseline, when a stretch two lines tall or more follows.
        # Only the words starting before that end are read again; the rest stay as read.
        upper = np.nonzero(dark[y0:y0 + max(1, (y1 - y0) // 2), x0:x1].any(axis=0))[0]
        if len(upper) and x1 - (x0 + int(upper[-1]) + 1) >= 2 * (y1 - y0):
            x1 = x0 + int(upper[-1]) + 1
            line[:] = [(at, r) for at, r in line if r[3] < x1]
        scale = min(1.0, _SPOT_HEIGHT / max(statistics.median(r[6] for _, r in line), 1))
        crops.append(_scaled_bw(gray, (x0, y0, x1 - x0, y1 - y0), scale))
        scales.append(scale)
        origins.append((max(0, x0 - _PAD), max(0, y0 - _PAD)))
    read, bands = _read_sheet(crops, run, encode, parse)
    new_words: dict[int, list[Row]] = {}  # index of a line's first row → the line's words read again
    dropped: set[int] = set()
    for k, line in enumerate(lines):
        got = sorted(read.get(k, []), key=lambda r: r[3])
        if not got or statistics.mean(r[7] for r in got) <= statistics.mean(r[7] for _, r in line):
            continue
        # As many words or more; or fewer, all sure, where the words of the old reading that the new
        # one lacks come back as at least as many letters: a short word dropped ("I" of "ENDRINGER I
        # DRG-") raises the mean too, while a thin title's word Tesseract broke in two ("RE
        # NISTHELSETJENESTE", confidence 0) comes back whole ("SPESIALISTHELSETJENESTE", 91).
        if len(got) < len(line):
            old_words, new_words_read = Counter(r[8] for _, r in line), Counter(r[8] for r in got)
            lost, gained = old_words - new_words_read, new_words_read - old_words
            if (min(r[7] for r in got) < _LOW_CONF
                    or sum(len(w) * n for w, n in gained.items()) < sum(len(w) * n for w, n in lost.items())):
                continue
        ids, line_box = line[0][1][:3], line[0][1][9:13]
        (ox, oy), s, top, gap = origins[k], scales[k], bands[k][0], _SHEET_GAP
        dropped.update(at for at, _ in line)
        new_words[min(at for at, _ in line)] = [
            (*ids, ox + round((r[3] - gap) / s), oy + round((r[4] - top) / s), round(r[5] / s), round(r[6] / s),
             r[7], r[8], *line_box) for r in got]
    out: list[Row] = []
    for at, r in enumerate(rows):  # (each line read again where it was, so the rows keep their order)
        out += new_words.get(at, [])
        if at not in dropped:
            out.append(r)
    return out
