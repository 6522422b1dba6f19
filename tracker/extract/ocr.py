"""OCR of scanned pages, and re-OCR of pages whose text layer is bad (English-only OCR of Norwegian).

The pipeline calls :func:`resolve_pages` right after reading the text layer. For every page it decides:

* **no text layer** (no words, but something drawn: an image or paths) → OCR, ``source='ocr'``;
* **bad text layer** on a scanned page (quality below :data:`~tracker.extract.quality.QUALITY_THRESHOLD`)
  → re-OCR, ``source='re-ocr'``. A page counts as scanned when its text is invisible (render mode 3,
  as OCR tools write it) or an image covers at least half of it. When most scanned pages of a PDF have
  a bad layer, all its scanned pages are re-OCR'd: one engine made that layer, and a page that scores
  well by luck (a title page with three words) is just as wrong;
* otherwise the page is returned unchanged with ``quality`` filled in. A born-digital text layer (visible
  text, no full-page image) is never replaced, whatever its score (an English slide scores low).

OCR: the page is rendered with pypdfium2 (:data:`RENDER_DPI`, grayscale) and sent as BMP on stdin to
``tesseract stdin stdout -l nor --psm 3 tsv`` (``OMP_THREAD_LIMIT=1``), one subprocess per page, as many at
once as there are cores. The TSV becomes :class:`~tracker.extract.words.Word` objects in PDF points with a
top-left origin (like pdfplumber): each word keeps its own x-extent and takes its line's top/bottom, so words
of a line share one baseline box as they do in a text layer; ``size`` is estimated from ink heights and the
letters' shapes (x-height, ascenders, descenders); ``bold`` is ``None``; ``seq`` is Tesseract's reading order.
:func:`normalise_line` then fixes what Tesseract ``nor`` still gets wrong (see its doc), and
:mod:`tracker.extract.codes` repairs O/0-type confusions in codes. Long thin dark pixel runs on the page
image become ``PageWords.segments`` (table rules). Numbers that Tesseract garbled or left out where they
stand apart from a title are read once more as digits (:mod:`tracker.extract.ocr_reread`, a second
Tesseract call on pages that have such spots).

Results are cached per (PDF sha256, page, :data:`OCR_SETTINGS_VERSION`) under ``cache_dir`` as JSON (the raw
Tesseract words and the detected rules; normalisation runs on load, so improving it needs no re-OCR),
written atomically.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from tracker.errors import TrackerError
from tracker.extract.codes import code_siblings, repair_by_siblings, repair_tokens
from tracker.extract.lines import NUMBER_ONLY
from tracker.extract.ocr_reread import (
    NUMBER_CHARS,
    ink_outside,
    mask_runs,
    reread_display_lines,
    reread_numbers,
    without_page_edges,
)
from tracker.extract.photo import flattened
from tracker.extract.quality import (
    QUALITY_THRESHOLD,
    in_word_list,
    is_norwegian_word,
    page_quality,
    wordlist_available,
)
from tracker.extract.words import FilledRect, PageWords, Segment, Word
from tracker.hashing import sha256_text

log = logging.getLogger(__name__)

RENDER_DPI = 300
"""Render resolution. The corpus scan holds 150 dpi gray JPEGs. Measured on its 19 pages with the whole
pipeline (``bench.bench_ocr`` measures, body-line / document accuracy against the gold, seconds per page on
a loaded 2-core machine): 150 dpi 0.9909 / 0.9856 (5.3 s), 200 dpi 0.9907 / 0.9851 (6.0 s), 300 dpi
0.9912 / 0.9859 (5.6 s), 400 dpi 0.9906 / 0.9850 (6.6 s); before normalisation Tesseract alone gave
0.982-0.983 at every scale. 300 dpi is best by a hair, is Tesseract's design resolution and also suits
born-digital pages drawn as outlines."""
TESSERACT_LANG = "nor"
TESSERACT_PSM = 3
OCR_SETTINGS_VERSION = f"t38-{RENDER_DPI}dpi-{TESSERACT_LANG}-psm{TESSERACT_PSM}-despeckle"
"""Part of the cache key: bump when rendering, the page image's preparation (a photographed page
flattened), Tesseract settings or rule and fill detection change (the
cache holds raw Tesseract words, detected rules and fills; normalisation runs on load and needs no bump)."""

ProgressFn = Callable[[int, int], None]


class OcrUnavailable(TrackerError, RuntimeError):
    """Tesseract or its Norwegian model is not installed."""


# --------------------------------------------------------------------------------------------------
# Tesseract


def _tesseract_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"  # one core per page; parallelism comes from running pages side by side
    return env


@lru_cache(maxsize=1)
def _tesseract_langs() -> frozenset[str]:
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    r = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, env=_tesseract_env())
    return frozenset(line.strip() for line in r.stdout.splitlines()[1:] if line.strip())


def check_tesseract(pdf_path: Path | str | None = None) -> str:
    """Path of the tesseract executable; :class:`OcrUnavailable` with install advice if it can't OCR Norwegian."""
    what = f" to OCR {Path(pdf_path).name}" if pdf_path else ""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable(
            f"Tesseract is needed{what} but is not installed. Install it with "
            "`sudo apt-get install tesseract-ocr tesseract-ocr-nor` (or run `bash scripts/bootstrap.sh`)."
        )
    if TESSERACT_LANG not in _tesseract_langs():
        raise OcrUnavailable(
            f"Tesseract's Norwegian model ('{TESSERACT_LANG}') is needed{what} but is not installed. "
            "Install it with `sudo apt-get install tesseract-ocr-nor` (or run `bash scripts/bootstrap.sh`)."
        )
    return exe


def run_tesseract(image_bytes: bytes, dpi: int = RENDER_DPI, *, psm: int = TESSERACT_PSM,
                  only: str | None = None) -> str:
    """Tesseract TSV for one page image (any format Leptonica reads, passed on stdin); ``only``: the
    characters it may read (all when None)."""
    exe = check_tesseract()
    limit = ["-c", f"tessedit_char_whitelist={only}"] if only else []
    r = subprocess.run(
        [exe, "stdin", "stdout", "-l", TESSERACT_LANG, "--dpi", str(dpi), "--psm", str(psm), *limit, "tsv"],
        input=image_bytes,
        capture_output=True,
        env=_tesseract_env(),
    )
    if r.returncode != 0:
        raise RuntimeError(f"tesseract failed ({r.returncode}): {r.stderr.decode(errors='replace')[:500]}")
    return r.stdout.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------------------------------
# Raw OCR result (what is cached)


@dataclass
class RawOcr:
    """Tesseract's words for one page image, in pixels, plus the page's detected rules and fills in pixels."""

    img_w: int
    img_h: int
    # (block, par, line, left, top, width, height, conf, text, line_left, line_top, line_w, line_h,
    #  ink, edges, tone, slant): ink and edges measure the word's stroke width, tone its ink's grey, slant
    #  its strokes' lean (:func:`word_ink`)
    words: list[tuple]
    rules: list[tuple[int, int, int, int]]  # x0, top, x1, bottom (pixels)
    fills: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # x0, top, x1, bottom, grey

    def to_json(self) -> str:
        return json.dumps({"v": OCR_SETTINGS_VERSION, "img_w": self.img_w, "img_h": self.img_h,
                           "words": self.words, "rules": self.rules, "fills": self.fills}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> RawOcr:
        d = json.loads(text)
        return cls(d["img_w"], d["img_h"], [tuple(w) for w in d["words"]], [tuple(r) for r in d["rules"]],
                   [tuple(f) for f in d.get("fills", [])])


def parse_tsv(tsv: str) -> list[tuple]:
    """Word rows of Tesseract TSV, each with its line's box."""
    lines: dict[tuple[int, int, int], tuple[int, int, int, int]] = {}
    words = []
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    next(reader, None)
    for row in reader:
        if len(row) < 12:
            continue
        level = row[0]
        key = (int(row[2]), int(row[3]), int(row[4]))
        box = (int(row[6]), int(row[7]), int(row[8]), int(row[9]))
        if level == "4":
            lines[key] = box
        elif level == "5":
            text = row[11].strip()
            if text:
                words.append((key, box, float(row[10]), text))
    out = []
    for key, (left, top, w, h), conf, text in words:
        ll, lt, lw, lh = lines.get(key, (left, top, w, h))
        out.append((*key, left, top, w, h, round(conf, 1), text, ll, lt, lw, lh))
    return out


# --------------------------------------------------------------------------------------------------
# Ruling lines from pixels


def detect_rules(gray: np.ndarray, dpi: int = RENDER_DPI) -> list[tuple[int, int, int, int]]:
    """Long thin dark horizontal and vertical runs (table rules, header lines), in pixels.

    A rule is at least ~0.45 inch long (horizontal) / ~0.3 inch (vertical) and on average at most ~2.5 pt
    thick. Scans are slightly skewed, so a rule is a staircase of runs on neighbouring rows: runs are
    chained when their rows are within 2 pixels and their extents overlap or touch, and thickness is the
    chain's dark pixels over its length (the shadow along a scan's edge, a filled band or a bold word
    fails it). A rule comes back as its middle line at that thickness, not as the box its staircase
    fills. Light-grey rules count: "dark" is 40 levels below the paper (the page's median grey; at
    most 215 of 255), so a hairline printed grey and scanned with noise still comes back whole, or
    (paler still) darker than what lies on both sides of it (:func:`_thin_line`).
    """
    paper = float(np.median(gray))
    dark = gray < min(215.0, paper - 40.0)
    h_min = int(0.45 * dpi)
    v_min = int(0.30 * dpi)
    max_thick = max(2.0, 2.5 * dpi / 72)
    reach = round(max_thick / 2) + 2
    rules: list[tuple[int, int, int, int]] = []
    for s_, t, e, b in _runs(dark | _thin_line(gray, reach, axis=0), h_min, max_thick):
        rules.append((s_, t, e, b))
    for s_, t, e, b in _runs((dark | _thin_line(gray, reach, axis=1)).T, v_min, max_thick):
        rules.append((t, s_, b, e))
    return rules


DASH_COUNT = 8
"""A dashed rule on a scan: this many short runs or more in a row, each no longer than a rule's
pieces (:func:`_runs`), the gap after each no wider than half as much again as the dashes beside it
and the dashes alike (within :data:`DASH_LIKE`). A browser draws a 1 px dashed border as 3 px dashes
3 px apart, 8 and 7 pixels at 300 dpi; a row through text crosses stems a little thinner than the
counters between them and of every width, and a contents list's leader dots stand farther apart than
they are wide."""
DASH_LIKE = 1.6


DASH_CLEAR = 0.15
"""A dashed rule stands clear: at most this share of the pixels along it, half a thick rule's width
above and below, are dark. A row through a line of text is dark there wherever it crosses a stem."""


def _dash_pieces(starts: np.ndarray, ends: np.ndarray, piece_min: int) -> list[tuple[int, int, int]]:
    """One row's dashed stretches: (start, end, dark pixels) from the first dash to the last."""
    lengths = ends - starts
    if len(lengths) < DASH_COUNT:
        return []
    a, b = lengths[:-1], lengths[1:]
    gaps = starts[1:] - ends[:-1]
    pair = ((a >= 2) & (b >= 2) & (a < piece_min) & (b < piece_min)
            & (np.maximum(a, b) <= DASH_LIKE * np.minimum(a, b)) & (gaps <= 1.5 * np.maximum(a, b)))
    d = np.diff(np.concatenate(([0], pair.astype(np.int8), [0])))
    out = []
    for first, last in zip(np.nonzero(d == 1)[0], np.nonzero(d == -1)[0], strict=True):
        if last - first + 1 >= DASH_COUNT:  # (pairs first..last-1 join dashes first..last)
            out.append((int(starts[first]), int(ends[last]), int(lengths[first:last + 1].sum())))
    return out


THIN_LINE_DROP = 20
"""A pixel is part of a thin line when it is this many grey levels darker than the pixels a little
way to both sides of it across the line. A pale grey rule between a table's rows (190 on paper of
235, 220 where it crosses a tinted column) is under no fixed threshold for dark on every page, but
it is darker than what lies on both sides of it; an edge of a fill or a band is darker on one side
only."""


def _thin_line(gray: np.ndarray, reach: int, axis: int) -> np.ndarray:
    """Pixels darker by :data:`THIN_LINE_DROP` than both pixels ``reach`` away across a line running
    along the other axis (``axis`` 0: rows above and below, for horizontal lines)."""
    g = gray.astype(np.int16)
    before, after = np.roll(g, reach, axis=axis), np.roll(g, -reach, axis=axis)
    return (g <= before - THIN_LINE_DROP) & (g <= after - THIN_LINE_DROP)


def _runs(dark: np.ndarray, min_len: int, max_thick: float) -> list[tuple[int, int, int, int]]:
    """Chains of long runs along axis 1: (start, row0, end, row1 + 1)."""
    piece_min = max(8, min_len // 6)  # a skewed rule breaks into pieces; each is still fairly long
    reach = round(max_thick / 2) + 2  # (as for a thin line: just clear of the thickest rule's ink)
    n_rows, n_cols = dark.shape
    counts = dark.sum(axis=1)
    cand_rows = np.nonzero(counts >= piece_min)[0]
    found: list[tuple[int, int, int, int]] = []  # (row, start, end, dark pixels)
    for r in cand_rows:
        row = dark[r].astype(np.int8)
        d = np.diff(np.concatenate(([0], row, [0])))
        starts = np.nonzero(d == 1)[0]
        ends = np.nonzero(d == -1)[0]
        long_ = (ends - starts) >= piece_min
        for s_, e in zip(starts[long_], ends[long_], strict=True):
            found.append((int(r), int(s_), int(e), int(e - s_)))
        if reach <= r < n_rows - reach:
            found += [(int(r), s_, e, ink) for s_, e, ink in _dash_pieces(starts, ends, piece_min)
                      if max(dark[r - reach, s_:e].mean(), dark[r + reach, s_:e].mean()) <= DASH_CLEAR]
    found.sort()
    edge_r, edge_c = max(3, n_rows // 100), max(3, n_cols // 100)
    # A piece at the image's side edge is a scanner's border or shadow, no rule; dropped before
    # chaining, for such a border runs down the page as one chain, and joined by the top border
    # to the page's width it would swallow every rule below it.
    found = [(r, s_, e, ink) for r, s_, e, ink in found if s_ >= edge_c // 3 and e <= n_cols - edge_c // 3]
    chains: list[list[int]] = []  # [row0, row1, start, end, pixels, longest_piece]
    open_: list[list[int]] = []
    for r, s_, e, ink in found:
        open_ = [c for c in open_ if r - c[1] <= 2]
        for c in open_:
            if s_ <= c[3] + 2 and e >= c[2] - 2:
                c[1] = max(c[1], r)
                c[2] = min(c[2], s_)
                c[3] = max(c[3], e)
                c[4] += ink
                c[5] = max(c[5], e - s_)
                break
        else:
            c = [r, r, s_, e, ink, e - s_]
            chains.append(c)
            open_.append(c)
    out: list[tuple[int, int, int, int]] = []
    for r0, r1, s_, e, pixels, longest in chains:
        length = e - s_
        if length < min_len or longest < min_len // 4:
            continue
        if r0 < edge_r or r1 >= n_rows - edge_r:
            continue  # scanner edge or shadow, not a rule
        thick = pixels / length
        if thick > max_thick:
            continue
        # A skewed rule's staircase spans more rows than the rule is thick: report the line through
        # its middle, as thick as the ink is, so that a hairline stays a hairline however the page
        # was laid on the scanner.
        top = round((r0 + r1 + 1) / 2 - thick / 2)
        out.append((s_, top, e, top + max(1, round(thick))))
    # A noisy rule's pieces on its two rows can start a second chain along a stretch of it: a rule
    # lying within another on the same rows is that rule again.
    return [r for r in out if not any(o != r and o[0] <= r[0] and r[2] <= o[2] and r[1] < o[3] and o[1] < r[3]
                                      and (o[2] - o[0], o[3] - o[1]) > (r[2] - r[0], r[3] - r[1]) for o in out)]


FILL_BLOCK_PT = 2.0
"""Fills are found on a grid of blocks about this size: large enough that a block's lightest pixels are
its background whatever text stands on it, small enough to follow a table row's band."""


def detect_fills(gray: np.ndarray, dpi: int = RENDER_DPI) -> list[tuple[int, int, int, int, int]]:
    """Filled rectangles on a scanned page (a table's header band, rows banded by colour, a chapter band
    or sidebar), in pixels with their grey level: what a text layer gives as filled rects.

    A block is tinted when its lightest tenth is below the paper (the page's median grey) — text on
    paper leaves paper between its strokes, text on a band leaves the band — or when most of it is
    dark (a dark band behind light text). Tinted blocks in rows of one extent, at least 30 pt wide and
    6 pt tall, make a fill; rows broken by light text inside a dark band are bridged, and pieces that
    tile one rectangle are joined. A fill must be mostly even in tone: a line of bold text gives
    tinted blocks too, but never an even area."""
    paper = float(np.median(gray))
    b = max(4, round(FILL_BLOCK_PT * dpi / 72))
    rows, cols = gray.shape[0] // b, gray.shape[1] // b
    blocks = np.sort(gray[:rows * b, :cols * b].reshape(rows, b, cols, b).transpose(0, 2, 1, 3)
                     .reshape(rows, cols, b * b), axis=2)
    lightest = blocks[:, :, (b * b * 9) // 10].astype(int)
    middle = blocks[:, :, b * b // 2].astype(int)
    darkest = blocks[:, :, b * b // 10].astype(int)
    tinted = (lightest < paper - 5) | (middle < paper - 100)
    tinted = _bridge(_bridge(tinted, 2, axis=1), 1, axis=0)
    even = (lightest - darkest) < 30
    # Where two even areas of clearly different grey meet (a dark strip across a pale panel), a run
    # of tinted blocks is two fills: as one, its grey is neither's, and the pale part is inverted
    # to black with the dark part's text.
    # (the block on the edge between them, half of each, is uneven: the step may straddle it). Only a
    # step down to a dark fill: a pale page lit unevenly changes its grey too, and is no two fills.
    dark = middle < paper - 100
    step = even[:, :-1] & even[:, 1:] & (np.abs(np.diff(middle, axis=1)) > TONE_STEP) & (dark[:, :-1] | dark[:, 1:])
    step[:, :-1] |= (even[:, :-2] & ~even[:, 1:-1] & even[:, 2:] & (np.abs(middle[:, 2:] - middle[:, :-2]) > TONE_STEP)
                     & (dark[:, :-2] | dark[:, 2:]))
    min_w = int(30 / 72 * dpi / b)
    boxes = _tile(_row_chains(tinted, min_w, step), middle)
    out = []
    for r0, r1, c0, c1, tone in boxes:
        if r1 - r0 < 3 or float(even[r0:r1, c0:c1].mean()) < 0.5:
            continue
        out.append((c0 * b, r0 * b, c1 * b, r1 * b, tone))
    return out


TONE_STEP = 60
"""Grey levels between two even areas side by side that make them two fills, not one."""


def _bridge(mask: np.ndarray, k: int, axis: int) -> np.ndarray:
    """``mask`` with every gap of at most ``k`` cells along ``axis`` between two set cells filled."""
    out = mask.copy()
    n = mask.shape[axis]
    for before in range(1, k + 1):
        for after in range(1, k + 2 - before):
            lo = np.zeros_like(mask)
            hi = np.zeros_like(mask)
            # lo[i] = mask[i - before], hi[i] = mask[i + after] (no wrap-around)
            lo[(slice(None),) * axis + (slice(before, n),)] = mask[(slice(None),) * axis + (slice(0, n - before),)]
            hi[(slice(None),) * axis + (slice(0, n - after),)] = mask[(slice(None),) * axis + (slice(after, n),)]
            out |= lo & hi
    return out


def _row_chains(tinted: np.ndarray, min_w: int, step: np.ndarray | None = None) -> list[list[int]]:
    """Runs of at least ``min_w`` tinted blocks, chained down the rows while they keep their extent
    (within two blocks; a row or one missing row between): [row0, row1 + 1, col0, col1]. A run ends
    where ``step`` (rows x columns - 1) marks a change of grey between a block and the next."""
    chains: list[list[int]] = []
    open_: list[list[int]] = []
    for r in range(tinted.shape[0]):
        d = np.diff(np.concatenate(([0], tinted[r].astype(np.int8), [0])))
        starts, ends = np.nonzero(d == 1)[0].tolist(), np.nonzero(d == -1)[0].tolist()
        if step is not None:
            cuts = [c + 1 for c in np.nonzero(step[r])[0].tolist()]
            runs = []
            for s_, e in zip(starts, ends, strict=True):
                inner = [c for c in cuts if s_ < c < e]
                runs += list(zip([s_, *inner], [*inner, e], strict=True))
        else:
            runs = list(zip(starts, ends, strict=True))
        kept = []
        for s_, e in runs:
            if e - s_ < min_w:
                continue
            for c in open_:
                if r - c[1] <= 2 and abs(c[2] - s_) <= 2 and abs(c[3] - e) <= 2:
                    c[1], c[2], c[3] = r + 1, min(c[2], s_), max(c[3], e)
                    break
            else:
                c = [r, r + 1, s_, e]
                chains.append(c)
            kept.append(c)
        open_ = kept + [c for c in open_ if c not in kept and r + 1 - c[1] < 2]
    return chains


def _tile(chains: list[list[int]], tone: np.ndarray) -> list[list[int]]:
    """Chains joined into the rectangles they tile: two pieces of about one grey, touching (within three
    blocks), whose areas fill 85 % of the box around both. A dark sidebar broken up by its light title
    is one fill again; two bands of a zebra table, a row apart, stay two."""
    boxes = [[r0, r1, c0, c1, int(np.median(tone[r0:r1, c0:c1]))] for r0, r1, c0, c1 in sorted(chains)]

    def area(q: list[int]) -> int:
        return (q[1] - q[0]) * (q[3] - q[2])

    joined = True
    while joined:
        joined = False
        for i, j in itertools.combinations(range(len(boxes)), 2):
            a, c = boxes[i], boxes[j]
            if abs(a[4] - c[4]) > 24:
                continue
            if max(a[2], c[2]) - min(a[3], c[3]) > 3:
                continue
            gap = max(a[0], c[0]) - min(a[1], c[1])
            parted = 3 < gap <= FILL_TEXT_GAP and _fill_between(a, c, tone)  # (by a line of its light text)
            if gap > 3 and not parted:
                continue
            box = [min(a[0], c[0]), max(a[1], c[1]), min(a[2], c[2]), max(a[3], c[3])]
            if parted or area(a) + area(c) >= 0.85 * area(box):
                boxes[i] = [*box, a[4]]
                del boxes[j]
                joined = True
                break
    return boxes


FILL_TEXT_GAP = 16
"""Rows of blocks (2 pt each) of a line of light text that may part two pieces of one fill."""


def _fill_between(a: list[int], c: list[int], tone: np.ndarray) -> bool:
    """Whether two pieces one above the other, of one width, are one fill parted by a line of its
    light text (a display title white on a dark strip: its glyphs' blocks are not tinted): on every
    row between them, a third or more of the blocks across their width are of their grey. Between two
    bands of a zebra table lies paper, and dark text on it is far darker than a band."""
    grey = (a[4] + c[4]) / 2
    if abs(a[2] - c[2]) > 3 or abs(a[3] - c[3]) > 3 or grey >= 128:  # (light text is on dark fills)
        return False
    top, bottom = min(a[1], c[1]), max(a[0], c[0])
    between = tone[top:bottom, max(a[2], c[2]):min(a[3], c[3])].astype(int)
    return bool(between.size) and bool((np.abs(between - grey) <= 30).mean(axis=1).min() >= 1 / 3)


FILL_EDGE_LEAN = 1.5
"""Degrees a fill's edge may lean from its box on a scan (:func:`light_text_darkened`)."""
FILL_SPECK = 3
"""Pixels of dust (across) that do not break paper's run from a fill's box edge to the fill."""


def _bridged(mask: np.ndarray, k: int) -> np.ndarray:
    """``mask`` with gaps of up to ``2 * k`` pixels along a row or a column filled."""
    out = mask.copy()
    for d in range(1, k + 1):
        out[d:, :] |= mask[:-d, :] & np.roll(mask, -d, axis=0)[d:, :]
        out[:, d:] |= mask[:, :-d] & np.roll(mask, -d, axis=1)[:, d:]
    return out


def light_text_fills(gray: np.ndarray, fills: Sequence[tuple[int, int, int, int, int]]) -> list[tuple]:
    """The fills whose text is lighter than the fill (white on a dark band or sidebar)."""
    out = []
    for fill in fills:
        x0, top, x1, bottom, tone = fill
        region = gray[top:bottom, x0:x1]
        if tone < 250 and np.count_nonzero(region > tone + 60) > np.count_nonzero(region < tone - 60):
            out.append(fill)
    return out


def light_text_darkened(gray: np.ndarray, fills: Sequence[tuple[int, int, int, int, int]],
                        dpi: int = RENDER_DPI) -> np.ndarray:
    """The page with each of ``fills`` (:func:`light_text_fills`) turned into dark text on the paper's
    grey, so that Tesseract, which reads dark text on a light ground, reads it; the rest of the page
    is left as it is. (Inverting alone is not enough: the fill's grey turned light is still darker
    than the paper, and Tesseract's one threshold for the page then blackens the whole fill.)"""
    paper = float(np.median(gray))
    out = gray.copy() if fills else gray
    for fill in fills:
        x0, top, x1, bottom, tone = fill
        region = gray[top:bottom, x0:x1].astype(float)
        # A skewed scan leaves slivers of the fill outside its box (up to half a degree): they go
        # to paper, or they would read as black wedges ("EE") once the box is inverted.
        m = 2 + round(np.tan(np.radians(0.5)) * max(x1 - x0, bottom - top))
        t0, b0 = max(0, top - m), min(gray.shape[0], bottom + m)
        l0, r0 = max(0, x0 - m), min(gray.shape[1], x1 + m)
        around = out[t0:b0, l0:r0]
        around[np.abs(gray[t0:b0, l0:r0].astype(float) - tone) <= 40] = int(paper)
        # the fill's grey → paper, white → black
        inverted = np.clip(paper - (region - tone) * paper / (255 - tone), 0, 255).astype(np.uint8)
        # The box is found on a grid of blocks and may reach past the fill by up to a block: that
        # strip of paper, inverted, would frame the fill in black (and a framed lone number reads
        # as a picture). It is the light run from the box's edge inwards, up to a block (and the
        # skew's slivers) deep; light text inside has fill between itself and the edge. (A patch
        # found inside another fill lies on that fill's text: its edges are no paper.)
        # A tall panel's edge may lean more than the page's text, straightened or left as it is
        # within DESKEW_DRIFT_PT (a full-height panel's edge 80 pixels, 1.3°, in from its box at the
        # foot); and a speck of dust on that paper does not end it (it left black ticks that joined
        # a chapter's large number to the panel's edge).
        # (Only a side edge, left or right, of a fill taller than wide: a wide band's top and bottom
        # edges stand a few pixels from its light text, which the deeper run bridged into.)
        nested = any(o is not fill and o[0] <= x0 and o[1] <= top and x1 <= o[2] and bottom <= o[3] for o in fills)
        tall = bottom - top > x1 - x0
        lean = 2 + round(np.tan(np.radians(FILL_EDGE_LEAN)) * (bottom - top)) if tall else 0
        block = round(FILL_BLOCK_PT * dpi / 72)
        light = region > tone + 60
        bridged = _bridged(light, FILL_SPECK) if tall else light
        strip = np.zeros(region.shape, dtype=bool)
        for axis, flip in ((0, False), (0, True), (1, False), (1, True)):
            edge = 0 if nested else block + (max(m, lean) if axis == 1 else m)
            run = np.flip(bridged if axis == 1 else light, axis) if flip else (bridged if axis == 1 else light)
            reach = np.logical_and.accumulate(run, axis=axis)
            depth = np.arange(region.shape[axis]).reshape((-1, 1) if axis == 0 else (1, -1)) < edge
            reach &= depth
            strip |= np.flip(reach, axis) if flip else reach
        inverted[strip] = int(paper)
        out[top:bottom, x0:x1] = inverted
    return out


# --------------------------------------------------------------------------------------------------
# Pixels → PageWords, with normalisation

# Typical glyph heights as a share of the font size (Calibri/Lato/Helvetica-like faces).
_X_HEIGHT, _ASCENT, _DESCENT = 0.50, 0.72, 0.21
_ASC_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÉ0123456789bdfhklitæøåé§%&?!/()[]{}|'\"")
_DESC_CHARS = set("gjpqyQ,;()[]{}|/")


def _size_ratio(text: str) -> float | None:
    letters = [c for c in text if c.isalnum() or c in _ASC_CHARS or c in _DESC_CHARS]
    if not letters:
        return None
    asc = any(c in _ASC_CHARS for c in letters)
    desc = any(c in _DESC_CHARS for c in letters)
    return (_ASCENT if asc else _X_HEIGHT) + (_DESCENT if desc else 0.0)


_BULLET_GLYPHS = frozenset("•·*«»©®°¢eo&+@>~=■□▪●◦oO0")
_DASHES = frozenset({"-", "–", "—", "−", "_"})
# A heading number glued to its title: by the dash Tesseract reads in the tab ("5.7—Palliasjon"), or
# with nothing between when the number has a point and a capital follows ("9.1NPK").
_HEADING_GLUED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3}\.?)[—–](\S.*)$|^(\d{1,2}(?:\.\d{1,2}){1,3}\.?)([A-ZÆØÅ]\S*)$")
_FOREIGN_DIACRITICS = {"ö": "øo", "ä": "æa", "ü": "u", "é": "e", "è": "e", "ê": "e", "ó": "oø", "ò": "o",
                       "ô": "o", "á": "aå", "à": "a", "ë": "e", "ï": "i", "í": "i"}
_EMAIL_AMP = re.compile(r"^([(«]?[\w.+-]+)&([\w-]+(?:\.[\w-]+)+[).,;:»]*)$")
_J_PAREN = re.compile(r"^([A-ZÆØÅ]{2,})\)$")  # "EP)" → "EPJ"; "NPK)." closes a real parenthesis


@dataclass
class _W:
    text: str
    left: int
    top: int
    w: int
    h: int
    conf: float
    ink: int = 0
    edges: int = 0
    tone: float | None = None  # the darkest fifth of its ink, grey level (word_ink)
    slant: float | None = None  # the lean of its strokes, degrees (word_ink)

    @property
    def right(self) -> int:
        return self.left + self.w


_WORD_PUNCTUATION = ".,;:!?()«»\"'"
"""What may stand round a word's letters: stripped before it is looked up in the word list."""


def _fix_foreign_diacritics(t: str) -> str:
    """'köding' → 'koding', 'Grunnlagsdokumént' → 'Grunnlagsdokument' when the result is a word."""
    if not any(c in _FOREIGN_DIACRITICS for c in t.lower()):
        return t
    core = t.strip(_WORD_PUNCTUATION)
    if not core or is_norwegian_word(core):
        return t
    cands = [""]
    for c in core:
        lc = c.lower()
        opts = _FOREIGN_DIACRITICS.get(lc)
        if opts:
            repl = [o.upper() if c.isupper() else o for o in opts]
            cands = [p + r for p in cands for r in repl][:16]
        else:
            cands = [p + c for p in cands]
    for cand in cands:
        if is_norwegian_word(cand):
            return t.replace(core, cand)
    return t


# Glyphs Tesseract takes for one another in a worn or blurred print (what it read, what it was):
# "regeiverk" for "regelverk", "Iovverk" for "lovverk", "kornmune" for "kommune", "regclverk".
_CONFUSED_GLYPHS: tuple[tuple[str, str], ...] = (("i", "l"), ("l", "i"), ("I", "l"), ("rn", "m"), ("c", "e"))
_CONFUSABLE_MIN = 4  # letters a word needs before it is put right (short words: too many neighbours)


@lru_cache(maxsize=100_000)
def _confused_glyph_fixed(part: str) -> str:
    """``part`` (letters) put right when it is not in the word list and exactly one of Tesseract's
    glyph confusions (:data:`_CONFUSED_GLYPHS`), made once, turns it into a word that is. (Not into
    a compound of known words: those are too many, "source" became "souree".)"""
    if len(part) < _CONFUSABLE_MIN or not part.isalpha() or part.isupper() or in_word_list(part):
        return part
    found = set()
    for read, meant in _CONFUSED_GLYPHS:
        start = part.find(read)
        while start >= 0:
            cand = part[:start] + meant + part[start + len(read):]
            if in_word_list(cand):
                found.add(cand)
            start = part.find(read, start + 1)
    return found.pop() if len(found) == 1 else part


def _fix_confused_glyphs(t: str) -> str:
    """'ISF-regeiverk' → 'ISF-regelverk': each letters-only part of a word (between hyphens, inside
    its punctuation) put right by :func:`_confused_glyph_fixed`. Only with the word list: without
    it every word counts as known."""
    core = t.strip(_WORD_PUNCTUATION)
    if not core or not wordlist_available():
        return t
    fixed = "-".join(_confused_glyph_fixed(part) for part in core.split("-"))
    return t if fixed == core else t.replace(core, fixed)


SOLID_MARK = 0.75  # share of a glyph's box its ink fills: a filled square (1.0) or disc (0.79), no letter
BAR_HEIGHT = 1.3  # a solid narrow first glyph this many times as tall as the next word is a bar (measured 1.7-1.9)
RULE_SHAPE = 4.0  # a word this many times as wide as high, alone on its line …
RULE_INK = 0.6  # … and this share of its box ink, is a rule read as letters (a bold word of capitals: 0.3-0.45) …
RULE_CONF = 50.0  # … when read with less confidence than this on average (the rules read: 0-31)
PALE_MARK_INK = 0.02  # a line's last glyph with less than this share of its box darker than mid-grey …
PALE_MARK_CONF = 70.0  # … read with less confidence than this, after words in the text's ink, is a mark


def normalise_line(words: list[_W], line_h: int) -> list[_W]:
    """Fix what Tesseract ``nor`` still gets wrong on a line (measured on the corpus page images):

    * specks read as characters: tokens whose ink box is tiny next to the line (< 22 % of the line's
      height both ways) are dropped ("nummer 1. ;", a stray "." before a line);
    * a pale one-glyph mark after the line's words (a permalink "¶" in a light tint) is dropped;
    * a heading's bar: a narrow first glyph all ink, far taller than the next word, is dropped;
    * bullets: a small, square first glyph (•, read as "e", "*", "&", "«", "©", "o" …) followed by a gap
      becomes "•", and the "—" Tesseract often reads in the tab after it is dropped; a first glyph whose
      box its ink fills (■ before a heading, read as "m") is a mark;
    * a heading number followed by "—" ("5.7 —Palliasjon", the tab after the number) loses the dash;
      one glued to its title, by that dash or with nothing between ("9.1NPK"), is split off;
    * table borders read as "|": dropped; a lone "|" starting a line before a lower-case word is "I";
    * a word cut after its hyphen ("ISF-" "regelverket", the boxes touching) is one word again;
    * "$" → "§"; "EP)" → "EPJ" (")" for "J" after capitals, no "(" open); "drginfo&helsedir.no" → "@";
    * letters with diacritics Norwegian doesn't use ("köding", "dokumént") → the Norwegian word;
    * a word not in the word list that one glyph Tesseract confuses makes one ("regeiverk" → "regelverk");
    * codes: O/0, I/1, S/5, B/8 confusions (:mod:`tracker.extract.codes`).
    """
    if not words:
        return words
    # 1. specks; next to the line's letters where its box is more than twice as tall (dust taken into it)
    letters = sorted(w.h for w in words if any(c.isalpha() for c in w.text))
    letter_h = letters[len(letters) // 2] if letters else line_h
    big = max(1.5 * letter_h if line_h > 2 * letter_h else line_h, 1)
    kept = []
    for w in words:
        if max(w.w, w.h) < 0.22 * big and not w.text.isalnum():
            continue
        if max(w.w, w.h) < 0.12 * big:
            continue
        kept.append(w)
    words = kept
    if not words:
        return words
    # 1b. a pale mark after the text (a web page's permalink "¶" printed in a light tint, read as
    # "i", "1" or ":"): too little ink under mid-grey to be the line's type, read unsurely
    last = words[-1]
    if (len(words) >= 2 and len(last.text) == 1 and last.conf < PALE_MARK_CONF
            and last.ink < PALE_MARK_INK * last.w * last.h
            and all(w.ink >= PALE_MARK_INK * w.w * w.h for w in words[:-1])):
        words = words[:-1]
    # typical letter height on the line (median of word ink heights)
    heights = sorted(w.h for w in words if any(c.isalpha() for c in w.text)) or [line_h]
    med_h = heights[len(heights) // 2]

    # 2. bullets; a solid mark first (■ or ●, read as "m", "n" …): its box nearly all ink, as no
    # letter's is
    first = words[0]
    if (len(words) >= 2 and len(first.text) <= 2 and first.ink >= SOLID_MARK * first.w * first.h
            and 0.6 <= first.w / max(first.h, 1) <= 1.6):
        first.text = "■"
    # a bar down the left of a heading (a coloured rule as tall as the line and then some, read as
    # "|", "i", "I" or "å"): a glyph nearly all ink, narrow, far taller than the next word
    if (len(words) >= 2 and len(first.text) == 1 and first.ink >= SOLID_MARK * first.w * first.h
            and first.w <= 0.5 * first.h and first.h >= BAR_HEIGHT * words[1].h):
        words = words[1:]
        first = words[0]
    if len(words) >= 2 and len(first.text) == 1 and first.text in _BULLET_GLYPHS:
        nxt = words[1]
        square = 0.6 <= (first.w / max(first.h, 1)) <= 1.6
        small = first.h <= 0.8 * med_h
        gap = nxt.left - first.right
        if square and small and gap >= 0.6 * first.w:
            first.text = "•"
            if nxt.text in _DASHES and len(words) >= 3:
                words = [first] + words[2:]
    elif len(words) >= 2 and first.text in ("•", "·") :
        first.text = "•"
    if len(words) >= 2 and words[0].text == "•" and words[1].text in _DASHES and len(words) >= 3:
        words = [words[0]] + words[2:]

    # 3. heading number + dash
    if len(words) >= 2 and NUMBER_ONLY.match(words[0].text):
        if words[1].text in ("—", "–") and len(words) >= 3 and words[2].text[:1].isupper():
            words = [words[0]] + words[2:]
        elif words[1].text[:1] in ("—", "–") and words[1].text[1:2].isupper():
            words[1].text = words[1].text[1:]
    elif words and (m := _HEADING_GLUED.match(words[0].text)) and (m.group(2) or m.group(4))[:1].isupper():
        w0 = words[0]
        number, title = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        n_chars = len(w0.text)
        w_num = int(w0.w * len(number) / n_chars)
        w_title = int(w0.w * len(title) / n_chars)
        share = w_num / max(w_num + w_title, 1)
        ink_num, edges_num = round(w0.ink * share), round(w0.edges * share)
        words[0] = _W(number, w0.left, w0.top, w_num, w0.h, w0.conf, ink_num, edges_num, w0.tone, w0.slant)
        words.insert(1, _W(title, w0.right - w_title, w0.top, w_title, w0.h, w0.conf,
                           w0.ink - ink_num, w0.edges - edges_num, w0.tone, w0.slant))

    # 4. table borders and "|" for "I"
    out = []
    for i, w in enumerate(words):
        if w.text == "|":
            nxt_text = words[i + 1].text if i + 1 < len(words) else ""
            if i == 0 and nxt_text[:1].islower():
                w.text = "I"
            else:
                continue
        out.append(w)
    words = out

    # 5. a word Tesseract cut after its hyphen ("ISF-" "regelverket", no space between the boxes)
    words = _hyphen_cuts_joined(words, med_h)

    # 6. character-level fixes
    for w in words:
        t = w.text
        if t == "$" or re.match(r"^\$\d", t):
            t = "§" + t[1:]
        if m := _J_PAREN.match(t):
            before = words[: words.index(w)]
            if sum(x.text.count("(") - x.text.count(")") for x in before) <= 0:
                t = m.group(1) + "J"  # no parenthesis open before it on the line
        if m := _EMAIL_AMP.match(t):
            t = f"{m.group(1)}@{m.group(2)}"
        t = _fix_confused_glyphs(_fix_foreign_diacritics(t))
        w.text = t

    # 7. codes
    fixed = repair_tokens([w.text for w in words])
    for w, t in zip(words, fixed, strict=True):
        w.text = t
    return words


def without_margin_turned(words: list[Word]) -> list[Word]:
    """A page's OCR'd words without those of a line turned a quarter up the page's margin: a word
    of two characters or more in a box much taller than wide, left or right of all the page's upright
    words ("Helsedirektoratet · <title>" up the margin, read as words 90 pt high). Page furniture, as
    :func:`tracker.extract.pdftext.page_words` drops it from a text layer. (Also used on each page cut
    from a sheet of two, :mod:`tracker.extract.sheets`: the right page's margin is mid-sheet.)"""
    def turned(w: Word) -> bool:
        return len(w.text) >= 2 and w.bottom - w.top > 1.5 * (w.x1 - w.x0)

    upright = [w for w in words if len(w.text) >= 2 and w.x1 - w.x0 >= w.bottom - w.top]  # ("I", "1", "-": no sign)
    if not upright:
        return words
    left, right = min(w.x0 for w in upright), max(w.x1 for w in upright)
    return [w for w in words if not (turned(w) and (w.x1 <= left or w.x0 >= right))]


def rule_read_as_letters(rows: Sequence[tuple]) -> bool:
    """Is a Tesseract line (its word rows) a short thick rule read as letters ("EET", "ETEN", "rare
    en": drawn over a title)? Four times as wide as high or more, most of its words' boxes ink, as no
    text's are, and read with little confidence (a table's header row in heavy type on a dark
    photocopy came near that much ink, read surely)."""
    if not rows or not any(c.isalpha() for r in rows for c in r[8]):
        return False
    span = max(r[3] + r[5] for r in rows) - min(r[3] for r in rows)
    area = sum(r[5] * r[6] for r in rows)
    ink = sum((r[13] or 0) if len(r) > 13 else 0 for r in rows)
    return (span >= RULE_SHAPE * max(r[6] for r in rows) and ink >= RULE_INK * area
            and sum(r[7] for r in rows) < RULE_CONF * len(rows))


RULE_BAND_PX = 4
"""How far (pixels, 1/3 pt at 300 dpi) a word's box may reach above or below a detected horizontal
rule and still be the rule read as letters (:func:`on_a_rule`)."""


def on_a_rule(row: tuple, rules: Sequence[tuple[int, int, int, int]]) -> bool:
    """Is a Tesseract word a horizontal rule read as letters: its box within a detected rule's
    thickness (:data:`RULE_BAND_PX` either side) and along it? A dotted rule under a heading, on a
    photographed page, read as "resrtiisenbrernensemererorarsek" 6 pixels tall; no letter is that
    flat."""
    left, top, w, h = row[3:7]
    for x0, t, x1, b in rules:
        if (b - t < w and t - RULE_BAND_PX <= top and top + h <= b + RULE_BAND_PX
                and min(x1, left + w) - max(x0, left) >= 0.8 * w):
            return True
    return False


HYPHEN_CUT_GAP = 0.15
"""Two words on a line, the first ending in a hyphen, are one word when the gap between their ink
is under this share of the line's letter height: Tesseract cuts "ISF-regelverket" after its hyphen,
on a fax's coarse type, with the boxes touching or overlapping. A space is a quarter of an em or
more, above half the letter height; a suspended compound ("telefon- og") keeps its space."""


def _hyphen_cuts_joined(words: list[_W], letter_h: float) -> list[_W]:
    """``words`` with each word that ends in a hyphen joined to the next where no space stands
    between them (:data:`HYPHEN_CUT_GAP`)."""
    if not words:
        return words
    out = [words[0]]
    for w in words[1:]:
        last = out[-1]
        # (the hyphen may be read twice, once on each part: "ISF-" "-regelverk")
        rest = w.text[1:] if w.text[:1] == "-" else w.text
        if (len(last.text) >= 2 and last.text.endswith("-") and last.text[-2].isalnum() and rest[:1].isalnum()
                and w.left - last.right < HYPHEN_CUT_GAP * letter_h):
            top, bottom = min(last.top, w.top), max(last.top + last.h, w.top + w.h)
            out[-1] = _W(last.text + rest, last.left, top, max(last.right, w.right) - last.left, bottom - top,
                         min(last.conf, w.conf), last.ink + w.ink, last.edges + w.edges,
                         last.tone if w.tone is None else w.tone if last.tone is None else min(last.tone, w.tone),
                         w.slant if last.slant is None else last.slant)
        else:
            out.append(w)
    return out


def raw_to_pagewords(raw: RawOcr, page_no: int, width: float, height: float, source: str) -> PageWords:
    """Pixel-space OCR result → PageWords in points (top-left origin), normalised."""
    sx = width / raw.img_w
    sy = height / raw.img_h
    by_line: dict[tuple[int, int, int], list[tuple]] = {}
    for row in raw.words:
        if not on_a_rule(row, raw.rules):
            by_line.setdefault((row[0], row[1], row[2]), []).append(row)
    out: list[Word] = []
    seq = 0
    parts = [(part, len(cut) > 1) for line in by_line.values() if not rule_read_as_letters(line)
             for cut in [[p for f in _split_at_fills(line, raw.fills) for p in _split_at_size_change(f)]]
             for part in cut]
    for rows, was_cut in parts:
        lt, lh = rows[0][10], rows[0][12]
        if was_cut:  # a part of a line has its own box, not the line's
            lt = min(r[4] for r in rows)
            lh = max(r[4] + r[6] for r in rows) - lt
        ws = [_W(unicodedata.normalize("NFC", r[8]), *r[3:8], *r[13:17]) for r in rows]
        ws = normalise_line(ws, lh)
        if not ws:
            continue
        # font size from ink heights and letter shapes (one glyph alone when the line has nothing else)
        ests = []
        for w in ws:
            ratio = _size_ratio(w.text)
            if ratio and len(w.text) >= 2 and not _flat(w.w, w.h):
                ests.append(w.h / ratio)
        if not ests and len(ws) == 1 and (ratio := _size_ratio(ws[0].text)):
            ests = [ws[0].h / ratio]
        if not ests:
            ests = [lh / (_ASCENT + _DESCENT)]
        ests.sort()
        size_px = ests[len(ests) // 2]
        size = round(size_px * sy * 2) / 2  # points, to 0.5 pt
        _dash_by_width(ws, size_px)
        # a line box like a text layer's: from ascent above the baseline to descent below it
        no_desc = sorted(w.top + w.h for w in ws if not any(c in _DESC_CHARS for c in w.text))
        baseline = no_desc[len(no_desc) // 2] if no_desc else lt + lh - _DESCENT * size_px
        top_px = baseline - (_ASCENT + 0.08) * size_px
        bottom_px = baseline + _DESCENT * size_px
        for w in ws:
            out.append(Word(
                text=w.text,
                x0=round(w.left * sx, 2),
                top=round(top_px * sy, 2),
                x1=round(w.right * sx, 2),
                bottom=round(bottom_px * sy, 2),
                size=size,
                fontname="",
                bold=None,
                seq=seq,
                stroke=round(2 * w.ink / w.edges / size_px, 4) if w.edges and w.ink else None,
                tone=w.tone,
                slant=w.slant,
            ))
            seq += 1
    out = without_margin_turned(out)
    siblings = code_siblings([w.text for w in out])
    if siblings:
        for w in out:
            w.text = repair_by_siblings(w.text, siblings)
    _snap_sizes(out)
    segments = [Segment(round(x0 * sx, 2), round(t * sy, 2), round(x1 * sx, 2), round(b * sy, 2))
                for x0, t, x1, b in raw.rules]
    rects = [FilledRect(round(x0 * sx, 2), round(t * sy, 2), round(x1 * sx, 2), round(b * sy, 2), (round(g / 255, 3),))
             for x0, t, x1, b, g in raw.fills]
    pw = PageWords(page=page_no, width=width, height=height, words=out, segments=segments, rects=rects,
                   source=source)  # type: ignore[arg-type]
    pw.quality = page_quality(out)
    return pw


def _split_at_fills(rows: list[tuple], fills: Sequence[tuple[int, int, int, int, int]]) -> list[list[tuple]]:
    """One Tesseract line cut where its words pass into or out of a fill: Tesseract may read a
    sidebar's chapter number and the body line beside it as one line, but text inside a panel is
    never on a line with text outside it (and each part has its own size)."""
    def fill_of(r: tuple) -> int:
        cx, cy = r[3] + r[5] / 2, r[4] + r[6] / 2
        return next((k for k, f in enumerate(fills) if f[0] <= cx <= f[2] and f[1] <= cy <= f[3]), -1)

    parts: list[list[tuple]] = []
    last = None
    for r in rows:
        k = fill_of(r)
        if parts and k == last:
            parts[-1].append(r)
        else:
            parts.append([r])
        last = k
    return parts


SIZE_CHANGE = 1.3
"""Two parts of one Tesseract line, a column gap apart, are two lines when every word of one is
this many times as large as every word of the other (the first line of a title in a side column
and a line of the smaller text beside it). Every word, two or more on each side: one word's box
can be half as tall again as its neighbour's in the same type (a table rule joined to its ink)."""


def _word_sizes(rows: Sequence[tuple]) -> list[float]:
    """The type size (pixels) each word's ink height and letter shapes give, for words of two
    characters or more that are no leaders (:func:`_flat`)."""
    return [r[6] / ratio for r in rows if len(r[8]) >= 2 and not _flat(r[5], r[6]) and (ratio := _size_ratio(r[8]))]


FLAT_WORD = 30
"""A "word" this many times as wide as its ink is tall or more is a run of leader dots or a rule read
as letters ("«....sh.rsisverisve", 1010 by 12 pixels, 84 times): its height says nothing of the
type's size. A word of text is far less flat: "KOSTNADSVEKTBEREGNINGENE" in capitals measured 851 by
45 (19 times), "spesialisthelsetjenesten" 575 by 42."""


def _flat(width: float, height: float) -> bool:
    return width >= FLAT_WORD * max(height, 1) and height > 0


def _split_at_size_change(rows: list[tuple]) -> list[list[tuple]]:
    """One Tesseract line cut at a gap of an em or more between words of clearly different sizes:
    Tesseract may run a title's first line on into the smaller text of the column beside it, and
    the line's one size would then be neither's. The widest such gap is cut first."""
    order = sorted(rows, key=lambda r: r[3])
    gaps = sorted(((order[k + 1][3] - order[k][3] - order[k][5], k) for k in range(len(order) - 1)), reverse=True)
    for gap, k in gaps:
        a, b = _word_sizes(order[: k + 1]), _word_sizes(order[k + 1:])
        if len(a) < 2 or len(b) < 2:
            continue
        if gap < max(*a, *b):
            break  # (the gaps left are narrower still)
        if min(a) >= SIZE_CHANGE * max(b) or min(b) >= SIZE_CHANGE * max(a):
            return _split_at_size_change(order[: k + 1]) + _split_at_size_change(order[k + 1:])
    return [rows]


EN_DASH_WIDTH = 0.30
"""A lone "-" after a word whose ink is at least this wide (share of the line's estimated font size) is
an en dash: Tesseract reads both as "-". A hyphen's ink is about a quarter of an em, an en dash's half;
measured with this module's size estimates, spaced hyphens in the corpus scan come out at 0.26-0.27 and
en dashes in scanned renderings (DejaVu, Vera, Liberation) at 0.31-0.40."""


def _dash_by_width(words: list[_W], size_px: float) -> None:
    for i, w in enumerate(words):
        # (after a word, with a word or the line's end after it: a title may wrap at its dash)
        if w.text == "-" and i > 0 and w.w >= EN_DASH_WIDTH * size_px:
            w.text = "–"


def _snap_sizes(words: list[Word]) -> None:
    """Line size estimates jitter by ±0.5 pt; lines within 8 % of the page's body size get exactly it."""
    if not words:
        return
    counts: dict[float, int] = {}
    for w in words:
        counts[w.size] = counts.get(w.size, 0) + len(w.text)
    # the body size: the size with most characters, smoothed over ±0.5 pt neighbours
    def mass(sz: float) -> int:
        return sum(c for s2, c in counts.items() if abs(s2 - sz) <= 0.5)
    body = max(counts, key=lambda sz: (mass(sz), counts[sz]))
    for w in words:
        if abs(w.size - body) <= 0.08 * body:
            w.size = body


# --------------------------------------------------------------------------------------------------
# Rendering and page inspection (pdfium is not thread-safe: only the calling thread touches it)


def render_page(pdf: pdfium.PdfDocument, index: int, dpi: int = RENDER_DPI) -> np.ndarray:
    page = pdf[index]
    try:
        bm = page.render(scale=dpi / 72, grayscale=True)
        arr = np.array(bm.to_pil().convert("L"))
    finally:
        page.close()
    return arr


def _encode_bmp(gray: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(gray, mode="L").save(buf, "BMP")
    return buf.getvalue()


@dataclass
class PageKind:
    has_image: bool  # an image covers >= 50 % of the page
    invisible_text: bool  # most text objects use render mode 3 (OCR layer)
    has_content: bool  # anything drawn at all


def inspect_page(pdf: pdfium.PdfDocument, index: int) -> PageKind:
    page = pdf[index]
    try:
        pw, ph = page.get_size()
        area = max(pw * ph, 1.0)
        img_cover = 0.0
        n_text = n_invisible = n_obj = 0
        for obj in page.get_objects():
            n_obj += 1
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                x0, y0, x1, y1 = obj.get_bounds()
                img_cover = max(img_cover, max(0.0, x1 - x0) * max(0.0, y1 - y0) / area)
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                n_text += 1
                if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
                    n_invisible += 1
    finally:
        page.close()
    return PageKind(img_cover >= 0.5, n_text > 0 and n_invisible >= 0.5 * n_text, n_obj > 0)


# --------------------------------------------------------------------------------------------------
# Cache


def _cache_path(cache_dir: Path, sha256: str, page_no: int) -> Path:
    key = sha256_text(OCR_SETTINGS_VERSION)[:10]
    return cache_dir / sha256[:2] / sha256 / f"p{page_no:04d}-{key}.json"


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _read_cache(path: Path) -> RawOcr | None:
    try:
        return RawOcr.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --------------------------------------------------------------------------------------------------
# Public entry points


SPECKLE_PER_MEGAPIXEL = 20.0
"""A page image with more isolated dark specks than this (per million pixels) is despeckled before
Tesseract sees it. Measured at 300 dpi: the corpus scan (150 dpi JPEGs) has none on any page; a scan with
dust (single black pixels, 0.04 % of the scanner's pixels) has ~170. Tesseract reads dust beside a word as
part of it ("6.6 Fødselsomsorgen" came out as "6.6 Fever") and splits lines around it."""


def despeckle(gray: np.ndarray) -> np.ndarray:
    """The image Tesseract gets: a 3×3 median of ``gray`` when the page is speckled (dark pixels alone
    in light surroundings: dust, salt noise), else ``gray`` unchanged. A median removes specks up to a
    pixel or two across and keeps strokes (3+ pixels wide at :data:`RENDER_DPI`); a clean page is left
    alone so its OCR does not change."""
    from PIL import Image, ImageFilter

    med = np.asarray(Image.fromarray(gray).filter(ImageFilter.MedianFilter(3)))
    specks = int(np.count_nonzero((gray < 128) & (med > 200)))
    if specks * 1e6 / max(gray.size, 1) <= SPECKLE_PER_MEGAPIXEL:
        return gray
    return med


DESKEW_DRIFT_PT = 6.0
"""A scanned page is turned straight (:func:`deskewed`) when its rows drift by more than this across
the width of its ink: half a line of 10 pt type set at 12 pt. Less than that, a row's words still
overlap one another from end to end (:func:`tracker.extract.words.group_rows`) and Tesseract finds
its lines itself; turning the image would resample every stroke for nothing. The corpus scan's pages
measure up to 0.6° over 16 cm of text (4.8 pt); a skew of 1.2° drifts 9.5 pt over a portrait page's
text and 16 pt over a landscape page's, and rows of a table or a footer's two ends fell apart."""


def skew_angle(gray: np.ndarray) -> float:
    """The angle in degrees (positive: rows run down to the right) at which the page's dark pixels,
    projected onto the vertical, make the sharpest rows: the sum of squared counts per pixel row is
    largest when each text line falls in as few pixel rows as it can. Searched over ±3° in quarter
    degrees, then in steps of 0.025° around the best. Solid ink (:func:`without_solid_ink`) is left
    out."""
    return _skew_of_ink(gray < 128)


SOLID_RUN_PT = 24.0
"""Dark pixels in a horizontal run this long or longer (a third of an inch) are solid ink, a panel,
band or drawn shape, not type: no letter's stroke runs so far. A chapter panel down the left of a
page with four lines of text beside it outweighed them when the page's skew was measured (a folded
corner's diagonal edge tipped the sum): a page scanned 0.6° askew measured -2.95° and was turned
3.5° the wrong way; without the panel it measured 0.6°."""


def without_solid_ink(dark: np.ndarray, dpi: int = RENDER_DPI) -> np.ndarray:
    """``dark`` (a boolean image) without the pixels of its horizontal runs of :data:`SOLID_RUN_PT`
    or longer."""
    run = max(2, round(SOLID_RUN_PT * dpi / 72))
    h, w = dark.shape
    if w < run:
        return dark
    # A window of ``run`` pixels starting at column j is all ink where the counts differ by ``run``;
    # a pixel is solid when such a window covers it (one starts within ``run`` columns before it).
    inked = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(dark, axis=1, out=inked[:, 1:])
    full = (inked[:, run:] - inked[:, :-run]) == run
    starts = np.zeros((h, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    cols = np.arange(w)
    solid = (starts[:, np.minimum(cols, full.shape[1] - 1) + 1] - starts[:, np.maximum(cols - run + 1, 0)]) > 0
    return dark & ~solid


def _skew_of_ink(dark: np.ndarray) -> float:
    """:func:`skew_angle` of a page's dark pixels (a boolean image), its solid ink left out."""
    ys, xs = np.nonzero(without_solid_ink(dark))
    if len(ys) < 1000:
        return 0.0
    step = max(1, len(ys) // 200_000)  # a sample of the ink is enough to find its rows
    ys, xs = ys[::step].astype(np.float64), xs[::step].astype(np.float64)

    def sharpness(angle: float) -> float:
        y = ys - xs * np.tan(np.radians(angle))
        counts = np.bincount((y - y.min()).astype(np.int64))
        return float(np.dot(counts, counts))

    best = max(np.arange(-3.0, 3.0 + 1e-9, 0.25), key=sharpness)
    return float(max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.025), key=sharpness))


def deskewed(gray: np.ndarray, dpi: int = RENDER_DPI) -> np.ndarray:
    """``gray`` turned straight when its rows drift by more than :data:`DESKEW_DRIFT_PT` across its
    ink (:func:`skew_angle`); else unchanged. The corners turned in are filled with the paper's grey."""
    from PIL import Image

    dark = gray < 128
    angle = _skew_of_ink(dark)
    if angle == 0.0:
        return gray
    cols = np.nonzero(dark.any(axis=0))[0]
    drift = (cols[-1] - cols[0]) * abs(np.tan(np.radians(angle))) * 72 / dpi
    if drift <= DESKEW_DRIFT_PT:
        return gray
    paper = int(np.median(gray))
    return np.asarray(Image.fromarray(gray).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=paper))


FAINT_INK = 100
"""A page whose ink is lighter than this (the darkest hundredth of its ink pixels) was printed or
scanned too light: a toner-starved copy, thin grey strokes at 120-200 on paper at 254. Its levels
are stretched so that ink is dark again (:func:`faint_ink_darkened`): the steps after it that take
ink as darker than mid-grey (a lost heading number found as ink no word covers, a word's weight)
found none. (Batch 13's light scans of a web page, at t38: the 2024 grunnlagsdokument's body rose
from 0.122 to 0.256, the 2025 one's from 0.231 to 0.286, its heading F1 fell from 0.484 to 0.264.)
The darkest hundredth, not more: a page with a
grey band or a shaded table over a quarter of it has most of its "ink" in the fill (its tenth at
174-180), and its text, black, is no faint ink."""
FAINT_INK_TARGET = 40.0
"""The grey the faint ink's darkest hundredth is brought to (a print's black, scanned)."""
FAINT_INK_MIN_SHARE = 0.002
"""The least share of a page's pixels that must be ink (well darker than its paper) to judge its ink
by: a blank or nearly blank page is left as it is."""


def faint_ink_darkened(gray: np.ndarray) -> np.ndarray:
    """``gray`` with its levels stretched when its ink is faint (:data:`FAINT_INK`), else unchanged:
    the paper stays, the ink's darkest hundredth becomes :data:`FAINT_INK_TARGET`, and the greys
    between them scale along. Ink is every pixel 40 levels or more darker than the paper (the page's
    90th percentile)."""
    sample = gray[::4, ::4]
    paper = float(np.percentile(sample, 90))
    ink = sample[sample <= paper - 40]
    if ink.size < FAINT_INK_MIN_SHARE * sample.size:
        return gray
    dark = float(np.percentile(ink, 1))
    if dark < FAINT_INK or paper - dark < 20:
        return gray
    scale = (paper - FAINT_INK_TARGET) / (paper - dark)
    out = paper - (paper - gray.astype(np.float32)) * scale
    return np.clip(out, 0, 255).astype(np.uint8)


UNEVEN_LIGHT_MIN = 24
"""A page is lit unevenly when its paper's grey, fitted as a smooth surface, differs by this many
levels or more across the page (:func:`evenly_lit`). Tesseract binarises a page with one threshold:
on a page of little text whose far corner is a third darker, it took that corner's paper for ink
and lost the page's text, or the column of a table standing there. Paper of one grey, however grey,
and a photocopy's shadow along one edge (a few blocks, left out of the fit) stay under it."""


def evenly_lit(gray: np.ndarray) -> np.ndarray:
    """``gray`` with uneven lighting taken out, or unchanged when the page is lit evenly. The paper's
    grey is taken per block (the 95th percentile of a block of 1/24 of the page: paper, whatever
    text it holds) and fitted by a quadratic surface; blocks well under the fit (a fill, a band, a
    binding shadow) are left out and the fit made again. Each pixel is then scaled by how much
    darker the surface is there than at its lightest."""
    h, w = gray.shape
    b = max(h, w) // 48 * 2  # (even: a block is read every other pixel each way, below)
    ny, nx = h // b, w // b
    if b < 8 or ny < 4 or nx < 4:
        return gray
    half = b // 2  # (every other pixel each way: a block's paper shows as well, at a quarter of the work)
    blocks = gray[: ny * b : 2, : nx * b : 2].reshape(ny, half, nx, half).transpose(0, 2, 1, 3).reshape(ny, nx, -1)
    paper = np.percentile(blocks, 95, axis=2).ravel()
    by, bx = np.mgrid[0:ny, 0:nx]
    y, x = (by.ravel() + 0.5) * b / h, (bx.ravel() + 0.5) * b / w

    def terms(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.stack([np.ones_like(x), x, y, x * x, y * y, x * y], axis=-1)

    a = terms(x, y)
    keep = paper >= np.median(paper) - 40  # (start from the blocks about as light as most)
    for _ in range(5):
        if keep.sum() < 12:
            return gray
        coef = np.linalg.lstsq(a[keep], paper[keep], rcond=None)[0]
        keep = paper >= a @ coef - 12
    fy, fx = np.mgrid[0:1:64j, 0:1:64j]
    surface = terms(fx.ravel(), fy.ravel()) @ coef
    if surface.max() - surface.min() < UNEVEN_LIGHT_MIN or surface.min() <= 0:
        return gray
    from PIL import Image

    grid = (surface.reshape(64, 64) / surface.max()).astype(np.float32)
    gain = np.asarray(Image.fromarray(grid, mode="F").resize((w, h), Image.Resampling.BILINEAR))
    return np.clip(gray / gain, 0, 255).astype(np.uint8)


MISSED_INK_RETRY = 0.15
"""A page lit unevenly is read again lit evenly when Tesseract's words, rules and fills leave this
share of its ink or more uncovered (:func:`missed_ink`). Only then: lit evenly from the start, the
pages whose text Tesseract had read were read worse (scans of tables in rounded cards and heads on
tinted bars: heading F1 1.000 → 0.962 and body 0.990 → 0.922 on one rendering)."""


def missed_ink(even: np.ndarray, raw: RawOcr) -> float:
    """The share of the ink of ``even`` (a page lit evenly) that no word box, rule or dark fill of
    ``raw`` covers. A scan's dark border or binding shadow, running down or across most of the page, is no
    ink here."""
    ink = without_page_edges(even < 128)
    total = int(np.count_nonzero(ink))
    if not total:
        return 0.0
    ink = ink_outside(ink, raw.words, raw.rules)
    for x0, t, x1, b, grey in raw.fills:
        if grey < 128:  # (a dark band is all "ink"; a pale fill, or the page's own grey paper, holds text)
            ink[t:b, x0:x1] = False
    return int(np.count_nonzero(ink)) / total


def ocr_image(gray: np.ndarray, dpi: int = RENDER_DPI, runner: Callable[[bytes, int], str] | None = None) -> RawOcr:
    """OCR one grayscale page image (pixels) → raw words and rules (rules from the image as it is,
    a page photographed on a desk taken out of the photo (:func:`tracker.extract.photo.flattened`),
    a scanner's streaks taken out (:func:`without_streaks`), a binding shadow lifted
    (:func:`shadow_lifted`), turned straight if skewed: :func:`despeckle` only prepares what
    Tesseract reads). A page that reads as no text at all is read again turned half a turn
    (:func:`read_upside_down`), and the surer reading kept."""
    gray = deskewed(shadow_lifted(without_streaks(faint_ink_darkened(flattened(gray)))), dpi)
    raw = _read_lit(gray, dpi, runner)
    if read_upside_down(raw):
        turned = _read_lit(np.ascontiguousarray(gray[::-1, ::-1]), dpi, runner)
        if _mean_confidence(turned) > _mean_confidence(raw):
            return turned
    return raw


UPSIDE_DOWN_CONFIDENCE = 50.0
"""A page whose words (of three characters or more, ten or more of them) Tesseract reads with a mean
confidence under this is read again turned half a turn: a sheet fed upside down reads as letters
Tesseract is unsure of ("BuuaIsueulj", mean 29 on batch 10's upside-down page, 95 on its other page).
Of the 1,196 upright pages of the kept scan cells, three fell under it (47-50: a fax's contents pages,
their leaders read as letters) and the next lowest read 52. Those are read twice for nothing: the
reading of higher confidence is kept, so a page read upright stays as it was read."""


def _mean_confidence(raw: RawOcr) -> float:
    confs = [w[7] for w in raw.words if len(w[8]) >= 3]
    return sum(confs) / len(confs) if confs else 0.0


def read_upside_down(raw: RawOcr) -> bool:
    """Whether ``raw`` looks like the reading of a page turned upside down (:data:`UPSIDE_DOWN_CONFIDENCE`)."""
    n = sum(1 for w in raw.words if len(w[8]) >= 3)
    return n >= 10 and _mean_confidence(raw) < UPSIDE_DOWN_CONFIDENCE


def _read_lit(gray: np.ndarray, dpi: int, runner: Callable[[bytes, int], str] | None) -> RawOcr:
    """:func:`_read_page`; a page lit unevenly whose ink Tesseract left largely unread is read again
    lit evenly, and the reading that leaves less of the ink unread is kept (:data:`MISSED_INK_RETRY`)."""
    raw = _read_page(gray, dpi, runner)
    even = evenly_lit(gray)
    if even is not gray and (missed := missed_ink(even, raw)) >= MISSED_INK_RETRY:
        again = _read_page(even, dpi, runner)
        if missed_ink(even, again) < missed:
            return again
    return raw


STREAK_COVER = 0.95
"""A thin vertical line is a scanner's streak (dust on the glass or the feeder's sensor) when it is
darker than the paper over this share of the page's height: it runs through the top and bottom
margins, where nothing printed goes. Tesseract reads a streak through a column of text as "|" or
"I" before each line ("4 |.1 Regel …") or cuts a number off its title. A table's or a sidebar's
rules end where their table or box ends."""
STREAK_WIDTH_PT = 1.0
"""The widest line taken for a streak, in points (a streak at 300 dpi measured 2 pixels, 0.5 pt)."""


def without_streaks(gray: np.ndarray, dpi: int = RENDER_DPI) -> np.ndarray:
    """``gray`` with the scanner's streaks (:data:`STREAK_COVER`) taken out, or unchanged when it
    has none. Each streak's pixels are filled in from the pixels either side of it, row by row:
    paper where it runs over paper, a stroke where a letter's stroke crosses it."""
    h, w = gray.shape
    cover = np.count_nonzero(gray < 200, axis=0) >= STREAK_COVER * h
    if not cover.any():
        return gray
    widest = max(1, round(STREAK_WIDTH_PT * dpi / 72))
    out = None
    for a, b in mask_runs(cover):
        # (a run at the image's edge is the scan's border, not a streak; a wide one is a drawn bar)
        if b - a > widest or a < 2 or b > w - 3:
            continue
        lo, hi = a - 1, b + 1  # (with the pixel either side, half covered by the streak's blur)
        left, right = gray[:, lo - 1].astype(np.float32), gray[:, hi].astype(np.float32)
        # (a streak has the page either side of it; a band's ragged edge has the band on one side)
        if min(np.count_nonzero(left >= 200), np.count_nonzero(right >= 200)) < 0.5 * h:
            continue
        if out is None:
            out = gray.copy()
        for k, x in enumerate(range(lo, hi)):
            t = (k + 1) / (hi - lo + 1)
            out[:, x] = np.round(left * (1 - t) + right * t).astype(np.uint8)
    return gray if out is None else out


SHADOW_STEP = 12
"""The most the paper of a binding shadow darkens from one pixel column to the next (its 90th
percentile grey): a shadow deepens gradually toward the page's edge (measured 1-3 levels a column
on a book page's gutter); a band or sidebar printed to the edge starts at once (100 levels and more)."""
SHADOW_END = 6
"""A binding shadow ends at the first column whose paper is within this many grey levels of the page's."""
SHADOW_REACH = (0.03, 0.25)
"""How far a binding shadow lifted reaches in from the page's edge, as a share of its width: a
scanner's darker edge a few millimetres wide (the corpus scan's, 25 pixels) lies in the margin,
where nothing is printed, and is left as it is."""


def shadow_lifted(gray: np.ndarray) -> np.ndarray:
    """``gray`` with a binding shadow along its left or right edge lifted, or unchanged. A shadow is
    the run of columns from the edge whose paper (each column's 90th percentile grey) is darker than
    the page's by :data:`UNEVEN_LIGHT_MIN` or more, deepening gradually (:data:`SHADOW_STEP`); each of
    its columns is scaled to the page's paper. Tesseract lost every line that began in the shadow of a
    book's gutter (paper 80-240 over its first 350 pixels), and :func:`evenly_lit` leaves such a
    shadow out of its fit of the page's lighting, as it must a band."""
    h, w = gray.shape
    paper_col = np.percentile(gray[::4, :], 90, axis=0)
    paper = float(np.median(paper_col))
    out = None
    for flip in (False, True):
        cols = paper_col[::-1] if flip else paper_col
        # (the shadow ends where the paper is the page's again, so that lifting it leaves no step)
        light = np.nonzero(cols >= paper - SHADOW_END)[0]
        n = int(light[0]) if len(light) else w
        if not SHADOW_REACH[0] * w <= n <= SHADOW_REACH[1] * w or cols[:n].min() > paper - UNEVEN_LIGHT_MIN:
            continue
        if np.abs(np.diff(cols[: n + 1])).max() > SHADOW_STEP:
            continue
        # (and the page beyond it is evenly lit: light falling off across the whole page is
        # :func:`evenly_lit`'s to take out, and lifting its last stretch would leave a step)
        if np.percentile(cols[n: n + max(1, w // 10)], 10) < paper - 2 * SHADOW_END:
            continue
        gain = (paper / np.maximum(cols[:n], 32.0)).astype(np.float32)
        if out is None:
            out = gray.astype(np.float32)
        if flip:
            out[:, w - n:] *= gain[::-1]
        else:
            out[:, :n] *= gain
    return gray if out is None else np.clip(out, 0, 255).astype(np.uint8)


def _read_page(gray: np.ndarray, dpi: int, runner: Callable[[bytes, int], str] | None) -> RawOcr:
    """:func:`ocr_image`'s reading of one page image, turned straight."""
    run = runner or run_tesseract
    fills = detect_fills(gray, dpi)
    inverted = light_text_fills(gray, fills)
    readable = light_text_darkened(gray, inverted, dpi)
    clean = despeckle(readable)
    tsv = run(_encode_bmp(clean), dpi)
    rules = detect_rules(gray, dpi)
    rows = parse_tsv(tsv)
    if runner is None:  # (a test's runner stands for Tesseract's page reading only)
        rows = reread_display_lines(clean, rows, lambda image, psm: run_tesseract(image, dpi, psm=psm),
                                    _encode_bmp, parse_tsv)
    rows = trimmed_to_ink(clean, rows, inverted)
    if runner is None:
        rows = reread_numbers(clean, rows, rules, lambda image, psm: run_tesseract(image, dpi, psm=psm, only=NUMBER_CHARS),
                              _encode_bmp, parse_tsv)
    return RawOcr(gray.shape[1], gray.shape[0], word_ink(readable, rows, inverted), rules, fills)


# --------------------------------------------------------------------------------------------------
# Weight from pixels

HEAVY_STROKE = 1.3
"""A word is set heavy (bold) when its strokes are at least this many times as wide as the body text's,
both relative to their font size. OCR reports no weight, and a subheading set in bold at body size is
otherwise a short line like any other. Measured at 300 dpi, 9-10 pt, through :func:`word_ink` and the
size estimate of :func:`raw_to_pagewords`: clean renderings of DejaVu Sans, Serif, Sans Condensed, Sans
Mono and Vera give regular 0.062-0.073 of the size and bold 0.100-0.127 (ratios 1.48 for the mono face
to 1.81); a scanned Chromium print in DejaVu Sans gives body 0.065-0.08 and bold 0.116-0.13. A semibold
face, whose strokes lie between, was not measured and may stay under the threshold."""


def trimmed_to_ink(gray: np.ndarray, rows: list[tuple], inverted: Sequence[tuple]) -> list[tuple]:
    """Each Tesseract word row with its box cut down to the rows that hold its ink, where the box is
    much taller than that ink. Tesseract's boxes are tight on clean type, but a size read from a loose
    box (:func:`raw_to_pagewords`) is that much too large:

    * around light text turned dark (:func:`light_text_darkened`, inside an ``inverted`` fill) boxes
      came out up to 40 % taller: cut where the box is 15 to 65 % taller than its dark pixels;
    * a grey speck of dust above a word of display type (lighter than the type, so no dark speck to
      :func:`despeckle`) was taken into its box, 112 pixels for capitals 76 tall: cut where the box is
      25 to 65 % taller than the rows holding three pixels or more darker than halfway between the
      word's ink and its paper (a speck is one or two)."""
    dark = gray < 128
    out = []
    for r in rows:
        left, top, w, h = r[3:7]
        cx, cy = left + w / 2, top + h / 2
        box = gray[top:top + h, left:left + w]
        if not box.size:
            out.append(r)
            continue
        specks = False
        if any(f[0] <= cx <= f[2] and f[1] <= cy <= f[3] for f in inverted):
            inked, loose = np.nonzero(dark[top:top + h, left:left + w].any(axis=1))[0], 1.15
        else:
            cut = (float(np.percentile(box, 1)) + float(np.percentile(box, 90))) / 2
            per_row = np.count_nonzero(box < cut, axis=1)
            inked, loose = np.nonzero(per_row >= 3)[0], 1.25
            specks = _specks_beside(per_row, inked)
        ink_h = inked[-1] + 1 - inked[0] if len(inked) else 0
        # (a box much taller than its ink rows holds light type, grey or thin, not a bad box; unless the
        # rows beside the ink are nearly all paper)
        if (0.6 * h <= ink_h or specks) and h > loose * ink_h:
            r = (*r[:4], top + int(inked[0]), r[5], int(inked[-1] + 1 - inked[0]), *r[7:])
        out.append(r)
    return out


SPECK_ROWS = 0.5
"""The rows of a word's box beside its ink rows hold specks, not light type, when fewer than this
share of them hold any ink at all: a thin or grey face leaves a pixel or two on every row of its
letters, dust on a few. On a fax's coarse scan Tesseract took dust 57 pixels above capitals 64 tall
into their word's box (a quarter of the rows above the ink touched), and the size read from it was
half as large again."""


def _specks_beside(per_row: np.ndarray, inked: np.ndarray) -> bool:
    """Whether the rows of ``per_row`` (dark pixels per row of a word's box) outside the span of
    its ``inked`` rows hold specks only (:data:`SPECK_ROWS`)."""
    if not len(inked):
        return False
    beside = np.concatenate((per_row[: inked[0]], per_row[inked[-1] + 1:]))
    return bool(len(beside)) and np.count_nonzero(beside) < SPECK_ROWS * len(beside)


def word_ink(gray: np.ndarray, rows: list[tuple], inverted: Sequence[tuple] = ()) -> list[tuple]:
    """Each Tesseract word row with its dark pixels, the dark/light edges between pixels in its box,
    the tone of its ink: the grey level of the darkest fifth of its dark pixels (None for a word in an
    ``inverted`` fill, whose ink was made dark here, or with too little ink to tell), and the slant of
    its strokes (:func:`stroke_slant`).

    For strokes much longer than wide, ink ≈ length × width and edges ≈ 2 × length, so 2 × ink / edges
    is the stroke width whatever the word's letters; bold type has wider strokes than regular. A
    stroke's core keeps its colour's grey where its edges blur: scanned black type measured 4-12,
    headings in a dark blue 84-90 on the same page."""
    dark = gray < 128
    out = []
    for r in rows:
        left, top, w, h = r[3:7]
        box = dark[top:top + h, left:left + w]
        edges = np.count_nonzero(box[1:] != box[:-1]) + np.count_nonzero(box[:, 1:] != box[:, :-1])
        cx, cy = left + w / 2, top + h / 2
        inked = gray[top:top + h, left:left + w][box]
        tone = None
        if len(inked) >= 20 and not any(f[0] <= cx <= f[2] and f[1] <= cy <= f[3] for f in inverted):
            tone = round(float(np.percentile(inked, 20)), 1)
        # (a word of one or two letters is too little ink to tell a lean: Line.italic leaves it out)
        slant = stroke_slant(box) if len(r[8]) >= 3 else None
        out.append((*r, int(np.count_nonzero(box)), int(edges), tone, slant))
    return out


_SLANTS = range(-6, 26, 2)  # degrees tried, 2 apart


def stroke_slant(dark: np.ndarray) -> float | None:
    """The lean of a word's strokes in degrees (right is positive): the shear that stands them
    upright, found as the one that makes the ink's column profile sharpest (the sum of its squares:
    upright strokes pile their pixels into few columns). None when the word has too little ink.
    OCR reports no style; a subheading set in italic at the size of another level's is otherwise
    the same style as that level (see :data:`tracker.extract.words.ITALIC_SLANT`)."""
    ys, xs = np.nonzero(dark)
    if len(ys) < 30 or dark.shape[0] < 8:
        return None
    rise = (dark.shape[0] / 2 - ys).astype(float)  # height above the box's middle
    best, best_score = 0, -1.0
    for deg in _SLANTS:
        cols = np.round(xs - rise * np.tan(np.radians(deg))).astype(int)
        profile = np.bincount(cols - cols.min()).astype(float)
        score = float(profile @ profile)
        if score > best_score:
            best, best_score = deg, score
    return float(best)


def mark_heavy(pages: Sequence[PageWords]) -> None:
    """Set ``heavy`` on every OCR'd word whose stroke is :data:`HEAVY_STROKE` times the document's body
    stroke: the weight of the words that hold most of the document's characters, so that a page of
    headings or a bold cover does not set its own standard."""
    measured = [w for p in pages for w in p.words if w.stroke is not None and sum(c.isalpha() for c in w.text) >= 3]
    if len(measured) < 50:
        return  # too little text to know what the body looks like
    body = statistics.median_low(w.stroke for w in measured for _char in w.text)  # weighted by characters
    threshold = HEAVY_STROKE * body
    for p in pages:
        # A line's words share its box (raw_to_pagewords): a line whose strokes are heavy taken
        # together is heavy type, though a word or two of it measure a hair under the threshold.
        by_line: dict[tuple[float, float], list[Word]] = defaultdict(list)
        for w in p.words:
            if w.stroke is not None and len(w.text) >= 3:
                by_line[(w.top, w.bottom)].append(w)
        heavy_lines = {key for key, ws in by_line.items()
                       if statistics.median_low(w.stroke for w in ws for _char in w.text) >= threshold}
        for w in p.words:
            # (a word of one or two letters is too little ink to measure: "i" is a stem and a dot)
            w.heavy = w.stroke is not None and len(w.text) >= 3 and (
                w.stroke >= threshold or (w.top, w.bottom) in heavy_lines)


TINT_STEP = 40
"""A word's ink is tinted (a colour, not black) when its tone (:func:`word_ink`) is this many grey
levels lighter than the body text's: black type scanned measured 4-12 and dark blue headings 84-90
on one page; the accent colours of the layouts here (dark blue, red, purple) have luminances of
55-70. A whole line is tinted at half the step, taken over its words (the median weighted by
characters): a word's tone varies by up to a dozen levels with JPEG noise and its letters, a line's
much less. A dark red heading on a grey scan measured 80-82 against a body of 42-44, so that its words
fell on either side of the word step from page to page. The body's own ink is a quarter step from the
body's tone: a line of running text with links in it measured 16-23 against a body of 20, its links
89-94."""
TINTED_INK = (0.5,)
"""The colour an OCR'd word in tinted ink gets (one for all tints: the grey a scan leaves of a colour
says too little to tell one colour from another, only that it is not the body's)."""


def mark_tinted(pages: Sequence[PageWords]) -> None:
    """Give every OCR'd word in ink clearly lighter than the body text's the colour
    :data:`TINTED_INK`: OCR reports no colour, and a heading set apart by colour alone (a coloured
    title at body size or a little larger, in regular weight) is otherwise a line like any other.
    The body's tone is that of the words that hold most of the document's characters; a word with
    too little ink to measure takes its line's."""
    measured = [w for p in pages for w in p.words if w.tone is not None and sum(c.isalpha() for c in w.text) >= 3]
    if len(measured) < 50:
        return
    body = statistics.median_low(w.tone for w in measured for _char in w.text)
    for p in pages:
        by_line: dict[tuple[float, float], list[Word]] = defaultdict(list)
        for w in p.words:
            by_line[(w.top, w.bottom)].append(w)
        for ws in by_line.values():
            toned = [w for w in ws if w.tone is not None]
            tinted = {id(w) for w in toned if w.tone >= body + TINT_STEP}
            # A line of running text with a few coloured words in it (links, tracked changes) is no
            # coloured line: a quarter of its characters or more are in the body's own ink.
            body_ink = sum(len(w.text) for w in toned if w.tone < body + TINT_STEP / 4)
            line_tinted = bool(toned) and 4 * body_ink < sum(len(w.text) for w in toned) and (
                2 * sum(len(w.text) for w in toned if id(w) in tinted) > sum(len(w.text) for w in toned)
                or statistics.median_low(w.tone for w in toned for _char in w.text) >= body + TINT_STEP / 2)
            for w in ws:
                if id(w) in tinted or line_tinted:
                    w.color = TINTED_INK


def _workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def resolve_pages(
    pdf_path: Path,
    sha256: str,
    text_pages: list[PageWords],
    *,
    cache_dir: Path = Path(".cache/ocr"),
    progress: ProgressFn | None = None,
    runner: Callable[[bytes, int], str] | None = None,
    workers: int | None = None,
) -> list[PageWords]:
    """The pages with their best text: text layer, OCR (``ocr``) or re-OCR (``re-ocr``); quality set on all.

    ``progress(done, total)`` is called once with ``done=0`` (``total`` = pages that need OCR, cached or not)
    and after every page. ``runner(image_bytes, dpi) -> tsv`` replaces the Tesseract call (tests).
    """
    pdf_path = Path(pdf_path)
    cache_dir = Path(cache_dir)
    result = list(text_pages)
    for p in result:
        if p.quality is None:
            p.quality = page_quality(p.words)
    if not wordlist_available():
        log.warning("Quality scoring without the Norwegian word list: bad text layers may go undetected.")

    try:
        pdf = pdfium.PdfDocument(str(pdf_path))
    except pdfium.PdfiumError as exc:  # pdfminer read the file, pdfium cannot: nothing to render
        log.warning("%s: cannot be rendered for OCR (%s); keeping the text layers", pdf_path.name, exc)
        return result
    if len(pdf) != len(result):
        # A damaged page tree that pdfium and pdfminer read differently (one skips a kid that is no
        # page): page n of one is not page n of the other, so no page can be OCR'd for sure.
        log.warning("%s: pdfium sees %d pages and the text layer %d; keeping the text layers", pdf_path.name,
                    len(pdf), len(result))
        pdf.close()
        return result
    try:
        todo = _plan(pdf, result)
        total = len(todo)
        if progress:
            progress(0, total)
        if not todo:
            return result
        if runner is None:
            check_tesseract(pdf_path)

        raws: dict[int, RawOcr | None] = {}
        done = 0
        pending: dict[Future, int] = {}
        lock = threading.Lock()

        def finish(i: int, raw: RawOcr | None) -> None:
            nonlocal done
            raws[i] = raw
            with lock:
                done += 1
            if progress:
                progress(done, total)

        n_workers = workers or _workers()
        with ThreadPoolExecutor(max_workers=n_workers) as ex:
            for i in sorted(todo):
                page_no = result[i].page
                path = _cache_path(cache_dir, sha256, page_no)
                cached = _read_cache(path)
                if cached is not None:
                    finish(i, cached)
                    continue
                # keep at most n_workers+1 rendered pages in flight
                while len(pending) > n_workers:
                    _drain_one(pending, finish, cache_dir, sha256, result)
                try:
                    gray = render_page(pdf, page_no - 1)
                except pdfium.PdfiumError as exc:  # a damaged page: keep its text layer, as for a failed OCR
                    log.warning("page %d cannot be rendered for OCR, keeping its text layer: %s", page_no, exc)
                    finish(i, None)
                    continue
                fut = ex.submit(ocr_image, gray, RENDER_DPI, runner)
                pending[fut] = i
            while pending:
                _drain_one(pending, finish, cache_dir, sha256, result)
    finally:
        pdf.close()

    for i, source in todo.items():
        p = result[i]
        if raws.get(i) is None:
            continue
        new = raw_to_pagewords(raws[i], p.page, p.width, p.height, source)
        if source == "re-ocr" and p.words and (new.quality or 0.0) < (p.quality or 0.0) - 0.05:
            log.info("page %d: re-OCR scored %.2f < text layer %.2f; keeping the text layer",
                     p.page, new.quality, p.quality)
            continue
        # a page re-OCR'd for a bad text layer keeps the rules and fills its vector drawing gives
        if p.segments:
            new.segments = list(p.segments)
        if p.rects:
            new.rects = list(p.rects)
        result[i] = new
    ocr_pages = [result[i] for i in todo if result[i].source in ("ocr", "re-ocr")]
    mark_heavy(ocr_pages)
    mark_tinted(ocr_pages)
    return result


def _plan(pdf: pdfium.PdfDocument, pages: Sequence[PageWords]) -> dict[int, str]:
    """Index in ``pages`` → 'ocr' or 're-ocr' for the pages that need it (quality must be set)."""
    kinds = [_inspect_or_blank(pdf, p.page - 1) for p in pages]
    todo: dict[int, str] = {}
    scanned_bad = scanned = 0
    for i, (p, k) in enumerate(zip(pages, kinds, strict=True)):
        if not p.words:
            if k.has_content:
                todo[i] = "ocr"
            continue
        if k.has_image or k.invisible_text:
            scanned += 1
            if (p.quality or 0.0) < QUALITY_THRESHOLD:
                scanned_bad += 1
                todo[i] = "re-ocr"
    if scanned and scanned_bad * 2 >= scanned:
        for i, (p, k) in enumerate(zip(pages, kinds, strict=True)):
            if p.words and (k.has_image or k.invisible_text):
                todo[i] = "re-ocr"
    return todo


def _inspect_or_blank(pdf: pdfium.PdfDocument, index: int) -> PageKind:
    """The page's kind; a page pdfium cannot load (damaged, while pdfminer read it) is not OCR'd."""
    try:
        return inspect_page(pdf, index)
    except pdfium.PdfiumError as exc:
        log.warning("page %d cannot be loaded for OCR, keeping its text layer: %s", index + 1, exc)
        return PageKind(has_image=False, invisible_text=False, has_content=False)


def plan_pages(pdf_path: Path, text_pages: Sequence[PageWords]) -> dict[int, str]:
    """Which pages :func:`resolve_pages` would OCR: 1-based page number → 'ocr' / 're-ocr'. Fills quality."""
    for p in text_pages:
        if p.quality is None:
            p.quality = page_quality(p.words)
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return {text_pages[i].page: src for i, src in _plan(pdf, text_pages).items()}
    finally:
        pdf.close()


def _drain_one(pending: dict[Future, int], finish: Callable[[int, RawOcr | None], None], cache_dir: Path,
               sha256: str, result: Sequence[PageWords]) -> None:
    from concurrent.futures import FIRST_COMPLETED, wait

    done_set, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    for fut in done_set:
        i = pending.pop(fut)
        try:
            raw = fut.result()
        except (RuntimeError, OSError) as exc:  # one bad page must not sink the document
            log.warning("OCR of page %d failed, keeping its text layer: %s", result[i].page, exc)
            finish(i, None)
            continue
        _write_atomic(_cache_path(cache_dir, sha256, result[i].page), raw.to_json())
        finish(i, raw)


def ocr_pdf_pages(pdf_path: Path, pages: Sequence[int] | None = None, *, dpi: int = RENDER_DPI) -> list[PageWords]:
    """OCR the given 1-based pages of a PDF (all by default), no cache: a convenience for tools and tests."""
    check_tesseract(pdf_path)
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        nums = list(pages) if pages else list(range(1, len(pdf) + 1))
        n_workers = _workers()
        futs: dict[int, Future] = {}
        sizes: dict[int, tuple[float, float]] = {}
        with ThreadPoolExecutor(max_workers=n_workers) as ex:
            for k, n in enumerate(nums):
                if k > n_workers:  # keep at most n_workers+1 rendered pages in flight
                    futs[nums[k - n_workers - 1]].result()
                page = pdf[n - 1]
                sizes[n] = page.get_size()
                page.close()
                futs[n] = ex.submit(ocr_image, render_page(pdf, n - 1, dpi), dpi)
            out = [raw_to_pagewords(futs[n].result(), n, *sizes[n], "ocr") for n in nums]
        return out
    finally:
        pdf.close()
