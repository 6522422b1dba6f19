"""Layout matrix: every corpus document rendered in many layout families, extracted by the tracker
and by a generic converter (pymupdf4llm), both scored with bench/score.py against the same gold.

    python -m bench.layouts [--family F ...] [--doc D ...] [--variant all] [--no-generic] [--jobs N]
                            [--json PATH] [-v]

One line per cell: tracker head F1, body, chars, tables | pymupdf4llm the same | whether the cell
meets the bar. Families and scoring: bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from types import SimpleNamespace

from bench.layouts.reports import RENDER, VARIANTS
from bench.layouts.slides import THEMES, render_deck
from bench.layouts.source import Source, gold_from_source, read_source, x0_transform
from bench.layouts.unseen import UNSEEN, for_rendering
from bench.layouts.web import WEB_VARIANTS, render_web
from tracker.extract.photo import perspective_coefficients

REPO = Path(__file__).resolve().parents[2]
GENERIC_PY = REPO / ".venv-generic" / "bin" / "python"
REPORTS = ["isf-2025-grunnlagsdokument", "isf-2024-grunnlagsdokument", "isf-2024-endringslogg"]
DECKS = ["isf-2027-informasjonsmote", "isf-2020-informasjonsmote"]
SCANNED = ["word", "memo-toc", "designed-report", "web-print"]
FAMILIES = [*RENDER, "web-print", "slides", *(f"scan-{f}" for f in SCANNED)]
WHICH = ("pick", "all", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6",
         "holdout7", "holdout8", "holdout9", "holdout10", "holdout11", "holdout12",
         "holdout13", "holdout14", "holdout15")  # --variant values naming a set
BATCH = {"holdout": 1, "holdout2": 2, "holdout3": 3, "holdout4": 4, "holdout5": 5, "holdout6": 6, "holdout7": 7,
         "holdout8": 8, "holdout9": 9, "holdout10": 10, "holdout11": 11, "holdout12": 12,
         "holdout13": 13, "holdout14": 14, "holdout15": 15}
BAR_BORN_DIGITAL = 0.97
BAR_SCAN = 0.93


@dataclass(frozen=True)
class Cell:
    doc: str
    family: str
    variant: str

    @property
    def scan(self) -> bool:
        return self.family.startswith("scan-")

    @property
    def label(self) -> str:
        return f"{self.family}/{self.variant}"


def pick(doc: str, family: str, names: list[str]) -> str:
    """The variant a document gets in a family: deterministic, spread over documents."""
    return names[zlib.crc32(f"{doc}/{family}".encode()) % len(names)]


def has_numbered_chapters(src: Source) -> bool:
    return any(b.kind == "h" and b.depth == 1 and b.number for b in src.blocks)


def cells_for(doc: str, families: list[str], which: str) -> list[Cell]:
    """The cells of one document. ``which``: "pick" (one variant per family, not held out), "all"
    (every variant that is not held out), "holdout" / "holdout2" / … / "holdout15" (every variant of
    held-out batch 1 / 2 / … / 15; a scan picks one)."""
    batch = BATCH.get(which, 0)
    src = read_source(doc)
    out = []
    for fam in families:
        if fam == "slides":
            if src.is_deck:
                out += [Cell(doc, fam, th.name) for th in THEMES if th.held_out == batch]
            continue
        if src.is_deck:
            continue
        if fam == "x0-chapter" and not has_numbered_chapters(src):
            continue
        base = fam.removeprefix("scan-")
        variants = WEB_VARIANTS if base == "web-print" else VARIANTS[base]
        names = [v.name for v in variants if v.held_out == batch]
        if not names:
            continue
        every = which != "pick" and not fam.startswith("scan-")
        out += [Cell(doc, fam, n) for n in (names if every else [pick(doc, base, names)])]
    return out


def render_cell(cell: Cell, workdir: Path) -> tuple[Path, dict]:
    """Render the cell's PDF (a scan: rasterised copy) and return it with its gold."""
    src = read_source(cell.doc)
    title = src.meta.get("title", cell.doc)
    base = cell.family.removeprefix("scan-")
    if base == "x0-chapter":
        src = x0_transform(src)
    gold = gold_from_source(src, cell.doc)
    src = for_rendering(src, cell.family, cell.variant)  # four-level headings set as the third level
    stem = f"{cell.doc}-{cell.family}-{cell.variant}"
    pdf = workdir / f"{stem}.pdf"
    if base == "slides":
        render_deck(src, pdf, next(t for t in THEMES if t.name == cell.variant), title)
        return pdf, gold
    if base == "web-print":
        variant = next(v for v in WEB_VARIANTS if v.name == cell.variant)
        render_web(src, pdf, variant, title)
    else:
        variant = next(v for v in VARIANTS[base] if v.name == cell.variant)
        RENDER[base](src, pdf, variant, title)
    if cell.scan:
        pdf = rasterise(pdf, workdir / f"{stem}-scan.pdf", seed=zlib.crc32(stem.encode()), dpi=variant.scan_dpi,
                        skew=variant.scan_skew, jpeg=variant.scan_jpeg, paper=variant.scan_paper, ink=variant.scan_ink,
                        bilevel=variant.scan_bilevel, copy=variant.scan_copy, dust=variant.scan_dust,
                        light=variant.scan_light, **_batch7_scan(variant), **_batch8_scan(variant),
                        **_batch9_scan(variant), **_batch10_scan(variant), **_batch11_scan(variant),
                        **_batch12_scan(variant), **_batch13_scan(variant), **_batch14_scan(variant),
                        **_batch15_scan(variant))
    return pdf, gold


def _batch7_scan(v) -> dict:  # noqa: ANN001
    """A variant's batch-7 scan settings, only those it sets (the earlier calls stay as they were)."""
    out: dict = {}
    if v.scan_ocr:
        out["ocr"] = True
    if v.scan_colour:
        out["colour"] = v.scan_colour
    if tuple(v.scan_part) != (0.0, 1.0):
        out["part"] = tuple(v.scan_part)
    if v.scan_nup != 1:
        out["nup"] = v.scan_nup
    return out


def _batch8_scan(v) -> dict:  # noqa: ANN001
    """A variant's batch-8 scan settings, only those it sets (the earlier calls stay as they were)."""
    return {k: True for k in ("staple", "stain", "phone", "halftone", "fold") if getattr(v, f"scan_{k}")}


def _batch9_scan(v) -> dict:  # noqa: ANN001
    """A variant's batch-9 scan settings, only those it sets (the earlier calls stay as they were)."""
    return {k: True for k in ("showthrough", "fax", "stamp", "highlight", "lid") if getattr(v, f"scan_{k}", False)}


def _batch10_scan(v) -> dict:  # noqa: ANN001
    """A variant's batch-10 scan settings, only those it sets (the earlier calls stay as they were)."""
    return {k: True for k in ("flip", "sticky", "pencil", "streak", "fade") if getattr(v, f"scan_{k}", False)}


def _batch11_scan(v) -> dict:  # noqa: ANN001
    """A variant's batch-11 scan settings, only those it sets (the earlier calls stay as they were)."""
    return {k: True for k in ("curve", "comb", "dogear", "slip") if getattr(v, f"scan_{k}", False)}


def _batch12_scan(v) -> dict:  # noqa: ANN001
    """A variant's batch-12 scan settings, only those it sets (the earlier calls stay as they were)."""
    out: dict = {k: True for k in ("redstamp", "crumple") if getattr(v, f"scan_{k}", False)}
    if getattr(v, "scan_lowres", 0):
        out["lowres"] = v.scan_lowres
    if getattr(v, "scan_shrink", 0.0):
        out["shrink"] = v.scan_shrink
    return out


def _batch13_scan(v) -> dict:  # noqa: ANN001
    """A variant's batch-13 scan settings, only those it sets (the earlier calls stay as they were)."""
    return {k: True for k in ("smear", "label", "jitter", "washed") if getattr(v, f"scan_{k}", False)}


def _batch14_scan(v) -> dict:  # noqa: ANN001
    """A variant's batch-14 scan settings, only those it sets (the earlier calls stay as they were)."""
    keys = ("dither", "clip", "echo", "signature", "thumb", "banding")
    return {k: True for k in keys if getattr(v, f"scan_{k}", False)}


def _batch15_scan(v) -> dict:  # noqa: ANN001
    """A variant's batch-15 scan settings, only those it sets (the earlier calls stay as they were)."""
    return {k: True for k in ("sideways", "fuser", "tape", "nozzle") if getattr(v, f"scan_{k}", False)}


def rasterise(pdf: Path, out: Path, seed: int, dpi: int = 200, skew: float = 0.4, jpeg: int = 0, paper: int = 255,  # noqa: C901, PLR0912, PLR0915
              ink: int = 0, bilevel: int = 0, copy: bool = False, dust: float = 0.0004, light: float = 0.0,
              ocr: bool = False, colour: str | None = None, part: tuple[float, float] = (0.0, 1.0),
              nup: int = 1, staple: bool = False, stain: bool = False, phone: bool = False, halftone: bool = False,
              fold: bool = False, showthrough: bool = False, fax: bool = False, stamp: bool = False,
              highlight: bool = False, lid: bool = False, flip: bool = False, sticky: bool = False,
              pencil: bool = False, streak: bool = False, fade: bool = False, curve: bool = False,
              comb: bool = False, dogear: bool = False, slip: bool = False, lowres: int = 0, shrink: float = 0.0,
              redstamp: bool = False, crumple: bool = False, smear: bool = False, label: bool = False,
              jitter: bool = False, washed: bool = False, dither: bool = False, clip: bool = False,
              echo: bool = False, signature: bool = False, thumb: bool = False, banding: bool = False,
              sideways: bool = False, fuser: bool = False, tape: bool = False, nozzle: bool = False) -> Path:
    """Print and scan: pdftoppm -gray at ``dpi``, a slight deterministic skew (at most ``skew``
    degrees either way) and speckle noise (Pillow/numpy), wrapped as image-only pages with img2pdf.
    ``paper``/``ink``: white and black printed as these grey levels (a grey paper, a pale toner);
    ``jpeg``: the pages stored as JPEG of this quality (its block artefacts) instead of PNG.
    ``copy``: a photocopy (the copier's dark edges, two punch holes, a shadow along the binding edge);
    ``bilevel``: black and white at this threshold, as a fax (a 1-bit PNG); ``dust``: the share of
    pixels turned to ink; ``light``: uneven illumination (a lamp's fall-off, or a lid left open), the
    page darkening smoothly away from its brightest corner, the far corner by this share.
    Held-out batch 7: ``ocr``: a searchable scan, the page images under tesseract's invisible text
    layer (its glyphless font), as ``tesseract … pdf`` or ocrmypdf make it; ``colour``: scanned in
    colour (RGB) on paper of this colour, the ink a blue-black; ``part``: only the pages from this
    share of the document to that one scanned, the others kept born-digital (a scanned appendix or
    chapter); ``nup``: 2, two pages per sheet, each scaled to A5, side by side on landscape A4.
    Held-out batch 8: ``staple``: a stapled printout, the staple at the top left of every page and
    every third page askew by about 2° about it (the page under it showing at the edge); ``stain``: a
    coffee ring on the first page and the middle one; ``phone``: photographed with a phone (colour, the
    page keystoned and a little turned on a dark desk, vignetting and a warm cast, a slight blur);
    ``halftone``: the tints printed as a halftone screen (rasterised at twice ``dpi``) and scanned at
    ``dpi``, which beats with the screen (moiré); ``fold``: a letter folded in three, two creases across
    every page.
    Held-out batch 9: ``showthrough``: thin paper printed on both sides, the next page's print showing
    through faint and mirrored; ``fax``: received by fax, a fax header line (date, sender, number,
    page) over every page, black and white at 200 × 100 dpi (standard resolution); ``stamp``: a
    "MOTTATT" rubber stamp with a date in a blank part of the first page's top; ``highlight``: a
    highlighter stroke over two or three lines of every third page (pale grey on the scan); ``lid``:
    scanned with the lid left open, the page a little keystoned and dark beyond its edges, a shadow
    along one edge.
    Held-out batch 10: ``flip``: the middle page fed upside down (turned 180°); ``sticky``: a sticky note
    on the first page's right margin, running off the page's edge, a few pencil strokes on it; ``pencil``:
    a reader's pencil marks on every second page (a line under a text line, a bar in the margin beside
    a few lines, a tick); ``streak``: a document feeder's dirty glass, thin dark streaks down every page
    at the same places; ``fade``: a printer low on toner, a pale band down every page.
    Held-out batch 11: ``curve``: a book scan, the lines curving down into a dark gutter at the binding
    (left) edge; ``comb``: a comb-bound report, a column of rectangular punched holes down the left edge;
    ``dogear``: the top right corner folded over on the first page and every third one, the paper's blank
    back covering the corner and the scanner's dark lid showing where the corner was; ``slip``: a page
    that slipped in the feeder, every second page (the first, third …) with a band of its rows stretched by a quarter (what
    is under it pushed down, the foot cut).
    Held-out batch 12: ``lowres``: scanned at this resolution (area-averaged) and scaled up again to ``dpi``
    (bicubic), as a scanner set to 100 dpi whose file was enlarged; ``shrink``: the page printed at this share of
    the sheet ("fit to page"), centred, blank paper round it; ``redstamp``: a red "KOPI" stamp in a double
    frame, turned a few degrees, its ink bled and uneven, over the first page's first lines of text (a heading),
    red scanned as a mid grey; ``crumple``: a crumpled sheet smoothed out, every page warped a little (the lines
    wavy by under a millimetre) with creases across it, each a thin dark line with a shadow on one side.
    Held-out batch 13: ``smear``: a copy of a copy, the ink spread by a pixel and blurred, the contrast pushed up
    and specks of toner over the paper; ``label``: an archive's barcode label (a white sticker with a thin border,
    bars, the document number and the organisation) stuck on every page's top right; ``jitter``: a sheet feeder's
    uneven transport, bands of rows shifted sideways by a pixel or three and a few rows repeated (the rows under
    them pushed down); ``washed``: scanned too light, the strokes thinned and the ink a mid grey.
    Held-out batch 14: ``dither``: black and white by error diffusion (Floyd-Steinberg), as a scanner's "black
    and white photo" mode, so tints and the edges of strokes come out as scattered dots; ``clip``: a paper clip
    over the first page's top, its wire's outline and shadow; ``echo``: a double image, a faint second copy of
    the page about a millimetre lower and to the right (a copier's ghost); ``signature``: a handwritten signature
    (a scribble, no letters) and a line under it below the last page's text; ``thumb``: a thumb holding the page
    flat at its left or right edge, a dark rounded shape over the margin; ``banding``: a scanner lamp's flicker,
    darker bands across every page at intervals.
    Held-out batch 15: ``sideways``: the middle page fed sideways, its image turned a quarter (landscape); ``fuser``:
    a printer's dirty fuser roller, a grey smudge repeated down every page at the roller's turn (about 76 mm) at the
    same place across; ``tape``: a page torn in from its edge and mended with clear tape (the first page and the
    middle one), the tear a dark jagged line with the paper beside it a pixel out of line, the tape a band a
    little darker with bright edges; ``nozzle``: an inkjet printer with clogged nozzles, thin pale lines across the
    print every few millimetres (the ink missing in them, the paper as it was)."""
    import numpy as np
    from PIL import Image

    pngs = out.parent / (out.stem + "-png")
    pngs.mkdir(exist_ok=True)
    res = f"{dpi / 2 ** 0.5:.2f}" if nup == 2 else str(dpi)  # 2-up: each page at A5 on the sheet
    if halftone:  # the print's halftone screen drawn at twice the scan's resolution
        res = str(2 * dpi)
    subprocess.run(["pdftoppm", "-r", res, *([] if colour or phone else ["-gray"]), "-png", str(pdf), str(pngs / "p")],
                   check=True)
    rng = np.random.default_rng(seed)
    pages = sorted(pngs.glob("p*.png"))
    every = pages
    if part != (0.0, 1.0):
        pages = [p for i, p in enumerate(every) if part[0] <= i / len(every) < part[1]]
    if nup == 2:
        pages = _two_up(pages, colour is not None)
    if colour:
        for p in pages:
            _colour_page(p, rng, dpi, skew, colour, dust)
    if phone:
        for p in pages:
            _phone_page(p, rng, dpi)
    stained = {0, len(pages) // 2} if stain else set()
    backs = _backs(pages) if showthrough else []
    for i, p in enumerate([] if colour or phone else pages):
        img = Image.open(p).convert("L")
        if halftone:
            img = _halftone(img)
        angle = float(rng.uniform(-skew, skew))
        if staple and i % 3 == 1:  # a page stapled askew: turned about the staple, the page under it showing
            angle = float(rng.choice([-1.0, 1.0]) * rng.uniform(1.8, 2.3))
            mm = dpi / 25.4
            img = img.rotate(angle, resample=Image.BILINEAR, fillcolor=228, center=(12 * mm, 12 * mm))
        else:
            img = img.rotate(angle, resample=Image.BILINEAR, fillcolor=255, expand=False)
        a = np.asarray(img, dtype=np.int16)
        if paper != 255 or ink != 0:
            a = (ink + a.astype(np.float64) * (paper - ink) / 255).round().astype(np.int16)
        if copy:
            a = _photocopy(a, dpi, ink)
        if light:
            a = _uneven_light(a, light, int(rng.integers(4)))
        if i in stained:
            a = _coffee_ring(a, dpi, rng)
        if fold:
            a = _creases(a)
        if staple:
            a = _staple(a, dpi, ink)
        a = _batch9_marks(a, i, len(pages), dpi, rng, backs, fax, stamp, highlight, lid)
        if flip or sticky or pencil or streak or fade:
            a = _batch10_marks(a, i, len(pages), dpi, rng, flip, sticky, pencil, streak, fade)
        if curve or comb or dogear or slip:
            a = _batch11_marks(a, i, dpi, rng, ink, curve, comb, dogear, slip)
        if lowres or shrink or redstamp or crumple:
            a = _batch12_marks(a, i, dpi, rng, paper, lowres, shrink, redstamp, crumple)
        if smear or label or jitter or washed:
            a = _batch13_marks(a, i, dpi, rng, paper, ink, smear, label, jitter, washed)
        if clip or echo or signature or thumb or banding:
            a = _batch14_marks(a, i, len(pages), dpi, rng, ink, clip, echo, signature, thumb, banding)
        if fuser or tape or nozzle:
            a = _batch15_marks(a, i, len(pages), dpi, rng, paper, fuser, tape, nozzle, seed)
        if sideways and i == len(pages) // 2:  # batch 15: fed sideways (turned a quarter, counter-clockwise)
            a = np.rot90(a).copy()
        a = a + rng.normal(0, 6, a.shape).astype(np.int16)
        a[rng.random(a.shape) < dust] = ink  # dust
        if dither:  # batch 14: black and white by error diffusion (Pillow's "1" mode dithers Floyd-Steinberg)
            Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).convert("1").save(p, dpi=(dpi, dpi))
            continue
        if fax:  # standard fax resolution: every second row, black and white
            Image.fromarray(np.where(a[::2] < 140, 0, 255).astype(np.uint8)).convert("1").save(p, dpi=(dpi, dpi // 2))
            continue
        if bilevel:
            Image.fromarray(np.where(a < bilevel, 0, 255).astype(np.uint8)).convert("1").save(p, dpi=(dpi, dpi))
            continue
        Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(p, dpi=(dpi, dpi))
    if jpeg:
        jpgs = [p.with_suffix(".jpg") for p in pages]
        for p, j in zip(pages, jpgs, strict=True):
            Image.open(p).save(j, quality=jpeg, dpi=(dpi, dpi))
        pages = jpgs
    if ocr:  # tesseract's searchable PDF: each page image with its OCR text invisible over it
        listing = pngs / "pages.txt"
        listing.write_text("".join(f"{p}\n" for p in pages), encoding="utf-8")
        subprocess.run(["tesseract", str(listing), str(out.with_suffix("")), "-l", "nor", "--dpi", str(dpi), "pdf"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return out
    if part != (0.0, 1.0):  # the scanned pages in place of the born-digital ones
        scanned = {p.stem: p for p in pages}
        parts = []
        for i, p in enumerate(every, start=1):
            one = pngs / f"one-{i:04d}.pdf"
            if p.stem in scanned:
                subprocess.run(["img2pdf", "--nodate", str(scanned[p.stem]), "-o", str(one)], check=True)
            else:
                subprocess.run(["pdfseparate", "-f", str(i), "-l", str(i), str(pdf), str(one)], check=True)
            parts.append(str(one))
        subprocess.run(["pdfunite", *parts, str(out)], check=True)
        return out
    subprocess.run(["img2pdf", "--nodate", *map(str, pages), "-o", str(out)], check=True)
    return out


def _batch15_marks(a, i: int, n: int, dpi: int, rng, paper: int, fuser: bool, tape: bool,  # noqa: ANN001, ANN202, PLR0913
                   nozzle: bool, seed: int):
    """Batch 15's marks on page ``i`` of ``n`` (int16 array), each only when asked for: the fuser roller's smudges
    (the same places on every page: drawn from ``seed``, not ``rng``), a taped tear, an inkjet's missing lines."""
    import numpy as np

    h, w = a.shape
    mm = dpi / 25.4
    if fuser:  # a smudge at every turn of the roller, the same x on every page, a faint trail under each
        fixed = np.random.default_rng(seed ^ 0x5EED)
        x = fixed.uniform(0.25, 0.75) * w
        y = fixed.uniform(10, 60) * mm
        yy, xx = np.ogrid[:h, :w]
        f = np.ones((h, w))
        while y < h:
            blot = np.exp(-(((xx - x) / (7 * mm)) ** 2 + ((yy - y) / (2.2 * mm)) ** 2))
            trail = np.exp(-((xx - x) / (5 * mm)) ** 2) * np.exp(-np.clip(yy - y, 0, None) / (9 * mm)) * (yy > y)
            f = f * (1 - 0.38 * blot - 0.08 * trail)
            y += 75.6 * mm
        a = np.rint(a * f).astype(np.int16)
    if tape and i in (0, n // 2):  # a tear from the left or right edge, about two fifths across, taped over
        from PIL import Image, ImageDraw

        side = int(rng.integers(2))
        y0 = int(h * rng.uniform(0.3, 0.7))
        length = w * rng.uniform(0.35, 0.5)
        xs = np.arange(0, int(length))
        ys = y0 + np.cumsum(rng.normal(0, 0.35, len(xs))) + xs * rng.uniform(-0.05, 0.05)
        if side:
            xs = w - 1 - xs
        ys = np.clip(ys.round().astype(int), 1, h - 2)
        a = a.copy()
        for x_, y_ in zip(xs, ys, strict=True):  # the paper under the tear a pixel out of line
            a[y_ + 1:min(y_ + int(6 * mm), h), x_] = a[y_:min(y_ + int(6 * mm), h) - 1, x_]
            a[y_, x_] = min(int(a[y_, x_]), 95)
        band = int(19 * mm)
        layer = Image.new("L", (w, h), 0)
        g = ImageDraw.Draw(layer)
        x_end = int(xs[-1])
        xa, xb = (0, x_end + int(12 * mm)) if not side else (x_end - int(12 * mm), w)
        g.rectangle([xa, y0 - band // 2, xb, y0 + band // 2], fill=255)
        m = np.asarray(layer, dtype=np.float64) / 255
        b = a * (1 - 0.06 * m)  # the tape: a little darker, a bright line at its long edges
        for e in (y0 - band // 2, y0 + band // 2):
            if 0 <= e < h:
                b[e, max(xa, 0):min(xb, w)] = np.minimum(b[e, max(xa, 0):min(xb, w)] + 25, paper)
        a = np.rint(b).astype(np.int16)
    if nozzle:  # pale lines across the print every 2-3 mm: ink in them at a third of its strength
        a = a.copy()
        y = int(rng.uniform(0, 2.5 * mm))
        while y < h:
            k = int(rng.integers(1, 3))
            a[y:y + k] = np.rint(paper - (paper - a[y:y + k]) * 0.35).astype(np.int16)
            y += int(rng.uniform(2.0, 3.0) * mm)
    return a


def _batch14_marks(a, i: int, n: int, dpi: int, rng, ink: int, clip: bool, echo: bool,  # noqa: ANN001, ANN202, PLR0913
                   signature: bool, thumb: bool, banding: bool):
    """Batch 14's marks on page ``i`` of ``n`` (int16 array), each only when asked for: a copier's ghost, a paper
    clip on the first page, a signature on the last, a thumb at the edge, a lamp's bands."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    h, w = a.shape
    mm = dpi / 25.4
    if echo:  # a faint second copy of the page, a little lower and to the right
        dy, dx = int(round(1.1 * mm)), int(round(0.4 * mm))
        ghost = np.full_like(a, 255)
        ghost[dy:, dx:] = a[:h - dy, :w - dx]
        a = np.minimum(a, np.rint(255 - (255 - ghost) * 0.3).astype(np.int16))
    if signature and i == n - 1:  # under the last text line: a scribble and a line under it
        inked = np.nonzero((a[:int(h * 0.85), int(w * 0.1):int(w * 0.9)] < 128).sum(axis=1) > 3)[0]  # (not the footer)
        y0 = (int(inked[-1]) if len(inked) else int(h * 0.3)) + int(12 * mm)
        if y0 + 16 * mm < h - 12 * mm:
            img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
            g = ImageDraw.Draw(img)
            x0 = int(w * 0.14 + rng.uniform(0, 8) * mm)
            t = np.linspace(0, 1, 400)
            loops = float(rng.uniform(5, 7))
            xs = x0 + t * rng.uniform(38, 48) * mm + np.sin(2 * np.pi * loops * t) * 2.2 * mm
            ys = y0 + 5 * mm - np.abs(np.sin(np.pi * loops * t)) * rng.uniform(5, 8) * mm * (1 - 0.5 * t) + t * 2 * mm
            g.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=40, width=max(int(0.35 * mm), 2))
            g.line([(x0 - 2 * mm, y0 + 8 * mm), (x0 + 55 * mm, y0 + 8 * mm)], fill=90, width=max(int(0.2 * mm), 1))
            a = np.asarray(img, dtype=np.int16)
    if clip and i == 0:  # a paper clip at the top, a little left of the middle of the left half
        cx, top = int(w * 0.22), -int(3 * mm)
        layer = Image.new("L", (w, h), 0)
        g = ImageDraw.Draw(layer)
        width = max(int(0.7 * mm), 2)
        for (x1, x2, y2) in ((-4.5, 4.5, 34), (-3, 3, 27), (-1.6, 1.6, 30)):
            g.rounded_rectangle([cx + int(x1 * mm), top + int((34 - y2) * mm * 0.15), cx + int(x2 * mm), top + int(y2 * mm)],
                                radius=int(abs(x1) * mm), outline=255, width=width)
        m = np.asarray(layer, dtype=np.float64) / 255
        shadow = np.asarray(layer.filter(ImageFilter.GaussianBlur(0.8 * mm)), dtype=np.float64) / 255
        shadow = np.roll(shadow, (int(0.8 * mm), int(0.8 * mm)), axis=(0, 1))
        b = a * (1 - 0.35 * shadow)
        b = b * (1 - m) + m * 105
        a = np.rint(b).astype(np.int16)
    if thumb:  # a thumb holding the page at its left or right edge, about the middle of its height
        side = int(rng.integers(2))
        cy = h * rng.uniform(0.4, 0.65)
        cx = -6 * mm if side == 0 else w + 6 * mm
        yy, xx = np.ogrid[:h, :w]
        d = ((xx - cx) / (11 * mm)) ** 2 + ((yy - cy) / (16 * mm)) ** 2
        inside = np.clip((1.0 - d) / 0.08, 0, 1)  # the thumb, its edge soft
        shade = 95 + 45 * np.clip(1 - d, 0, 1)  # darker at its edge, lighter towards the middle
        around = np.exp(-np.clip(d - 1, 0, None) * 6) * 0.18  # its shadow on the paper
        b = a * (1 - around) * (1 - inside) + inside * shade
        a = np.rint(b).astype(np.int16)
    if banding:  # darker bands across the page, a few millimetres high, at roughly even intervals
        y = np.arange(h, dtype=np.float64)
        period = rng.uniform(22, 30) * mm
        phase = rng.uniform(0, period)
        f = 1 - 0.1 * np.exp(-(((y + phase) % period - period / 2) / (1.6 * mm)) ** 2)
        a = np.rint(a * f[:, None]).astype(np.int16)
    return a


def _batch13_marks(a, i: int, dpi: int, rng, paper: int, ink: int, smear: bool, label: bool,  # noqa: ANN001, ANN202, PLR0913
                   jitter: bool, washed: bool):
    """Batch 13's marks on page ``i`` (int16 array), each only when asked for: a copy of a copy, a label, the
    feeder's jitter, a scan too light."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    h, w = a.shape
    mm = dpi / 25.4
    if smear:  # the ink spread (a grey erosion of the paper) and blurred, the contrast pushed, toner specks
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.MinFilter(3))
        img = img.filter(ImageFilter.GaussianBlur(0.7))
        b = np.asarray(img, dtype=np.float64)
        b = np.clip((b - 35) * 1.22, 0, 255)
        specks = rng.random(a.shape) < 0.0025
        b[specks] = np.minimum(b[specks], rng.uniform(150, 215, int(specks.sum())))
        a = np.rint(b).astype(np.int16)
    if label:  # a white sticker at the top right: a barcode, the document number, the organisation
        lw, lh = int(50 * mm), int(19 * mm)
        x0, y0 = w - int(10 * mm) - lw, int(7 * mm)
        sticker = Image.new("L", (lw, lh), 252)
        g = ImageDraw.Draw(sticker)
        g.rectangle([0, 0, lw - 1, lh - 1], outline=150, width=max(int(0.2 * mm), 1))
        x = int(3 * mm)
        while x < lw - int(3 * mm):
            bw = int(rng.integers(1, 4)) * max(int(0.25 * mm), 1)
            g.rectangle([x, int(2 * mm), x + bw - 1, int(9.5 * mm)], fill=ink)
            x += bw + int(rng.integers(1, 4)) * max(int(0.25 * mm), 1)
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", int(2.6 * mm))
        g.text((int(3 * mm), int(11 * mm)), f"25/01234-{i + 1}", fill=ink, font=font)
        g.text((int(3 * mm), int(14.6 * mm)), "Helsedirektoratet · Arkiv", fill=ink, font=font)
        turn = float(rng.uniform(-1.2, 1.2))  # stuck on a little askew
        s = np.asarray(sticker.rotate(turn, resample=Image.BILINEAR, expand=True, fillcolor=255), dtype=np.int16)
        m = np.asarray(Image.new("L", (lw, lh), 255).rotate(turn, resample=Image.BILINEAR, expand=True, fillcolor=0),
                       dtype=np.float64) / 255
        sh_, sw_ = min(s.shape[0], h - y0), min(s.shape[1], w - x0)
        region = a[y0:y0 + sh_, x0:x0 + sw_].astype(np.float64)
        a = a.copy()
        a[y0:y0 + sh_, x0:x0 + sw_] = np.rint(m[:sh_, :sw_] * s[:sh_, :sw_] + (1 - m[:sh_, :sw_]) * region
                                              ).astype(np.int16)
    if jitter:  # bands of rows shifted sideways; a few rows repeated, what is under them pushed down
        a = a.copy()
        for _ in range(int(rng.integers(10, 16))):
            y = int(rng.integers(0, h - 10))
            band = int(rng.integers(int(2 * mm), int(9 * mm)))
            d = int(rng.choice([-3, -2, -1, 1, 2, 3]))
            part = a[y:y + band]
            a[y:y + band] = np.roll(part, d, axis=1)
        rows = np.arange(h)
        for _ in range(3):
            y = int(rng.integers(int(h * 0.1), int(h * 0.9)))
            k = int(rng.integers(2, 5))
            rows = np.concatenate([rows[:y], np.repeat(rows[y], k), rows[y + 1:]])
        a = a[rows[:h]]
    if washed:  # too light: strokes thinned (a grey dilation of the paper, half strength) and the ink paler
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        thin = np.asarray(img.filter(ImageFilter.MaxFilter(3)), dtype=np.float64)
        b = 0.45 * thin + 0.55 * a
        b = 255 - (255 - b) * 0.62
        a = np.rint(b).astype(np.int16)
    return a


def _batch12_marks(a, i: int, dpi: int, rng, paper: int, lowres: int, shrink: float, redstamp: bool,  # noqa: ANN001, ANN202, PLR0913
                   crumple: bool):
    """Batch 12's marks on page ``i`` (int16 array), each only when asked for: the print shrunk on the sheet,
    the sheet crumpled, the stamp on the first page, then the scan at a low resolution."""
    import numpy as np
    from PIL import Image

    h, w = a.shape
    mm = dpi / 25.4
    if shrink:  # printed at ``shrink`` of the sheet, centred
        small = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).resize((int(w * shrink), int(h * shrink)),
                                                                             Image.LANCZOS)
        out = np.full_like(a, paper)
        y0, x0 = (h - small.height) // 2, (w - small.width) // 2
        out[y0:y0 + small.height, x0:x0 + small.width] = np.asarray(small, dtype=np.int16)
        a = out
    if crumple:  # warped a little, creases across
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        dy = np.zeros((h, w), np.float32)
        dx = np.zeros((h, w), np.float32)
        for _ in range(3):
            fx, fy, ph = rng.uniform(0.5, 2.5), rng.uniform(0.5, 2.5), rng.uniform(0, 2 * np.pi)
            dy += np.float32(rng.uniform(0.2, 0.35) * mm) * np.sin(2 * np.pi * (fx * xx / w + fy * yy / h) + ph)
            fx, fy, ph = rng.uniform(0.5, 2.5), rng.uniform(0.5, 2.5), rng.uniform(0, 2 * np.pi)
            dx += np.float32(rng.uniform(0.1, 0.25) * mm) * np.sin(2 * np.pi * (fx * xx / w + fy * yy / h) + ph)
        sy = np.clip(np.rint(yy + dy), 0, h - 1).astype(np.intp)
        sx = np.clip(np.rint(xx + dx), 0, w - 1).astype(np.intp)
        a = a[sy, sx]
        shade = np.gradient(dy, axis=0) * np.float32(-60)  # facets of the paper tilted to the light
        for _ in range(int(rng.integers(9, 14))):  # creases, each a segment fading out at its ends
            px, py, th = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0, np.pi)
            half = np.float32(rng.uniform(25, 80) * mm)
            d = (xx - px) * np.float32(np.sin(th)) - (yy - py) * np.float32(np.cos(th))
            t = (xx - px) * np.float32(np.cos(th)) + (yy - py) * np.float32(np.sin(th))
            fade = np.exp(-((t / half) ** 4))
            shade -= np.float32(rng.uniform(16, 28)) * np.exp(-(d / np.float32(0.12 * mm)) ** 2) * fade
            side = (d > 0) & (d < 2.5 * mm)
            shade[side] -= np.float32(rng.uniform(6, 11)) * (1 - d[side] / np.float32(2.5 * mm)) * fade[side]
        a = np.clip(a + np.rint(shade).astype(np.int16), 0, 255).astype(np.int16)
    if redstamp and i == 0:  # "KOPI", red ink (a mid grey when scanned in grey), over the first text lines
        from PIL import ImageDraw, ImageFilter, ImageFont

        dark = (a < paper - 90).sum(axis=1) > w * 0.01
        rows = np.nonzero(dark[int(h * 0.05):])[0]
        top = int(h * 0.05) + (int(rows[0]) if len(rows) else int(h * 0.1))
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", int(14 * mm))
        sw, sh = int(62 * mm), int(24 * mm)
        m = Image.new("L", (sw, sh), 0)
        g = ImageDraw.Draw(m)
        g.rectangle([2, 2, sw - 3, sh - 3], outline=255, width=max(int(0.8 * mm), 2))
        g.rectangle([int(1.8 * mm), int(1.8 * mm), sw - int(1.8 * mm), sh - int(1.8 * mm)], outline=255,
                    width=max(int(0.35 * mm), 1))
        g.text((sw / 2, sh / 2), "KOPI", fill=255, font=font, anchor="mm")
        m = m.rotate(float(rng.uniform(5, 9)), resample=Image.BICUBIC, expand=True)
        m = m.filter(ImageFilter.GaussianBlur(0.3 * mm))  # the ink bled into the paper
        k = np.asarray(m, dtype=np.float64) / 255
        k = np.clip(k * 1.3, 0, 1) * rng.uniform(0.55, 1.0, k.shape)  # unevenly inked
        y0 = max(0, min(h - k.shape[0], top + int(4 * mm) - k.shape[0] // 2))
        x0 = max(0, min(w - k.shape[1], int(w * 0.42) - k.shape[1] // 2))
        part = a[y0:y0 + k.shape[0], x0:x0 + k.shape[1]].astype(np.float64)
        a = a.copy()
        a[y0:y0 + k.shape[0], x0:x0 + k.shape[1]] = np.rint(part * (1 - k * (1 - 140 / 255))).astype(np.int16)
    if lowres:  # scanned at ``lowres`` dpi, enlarged again
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        small = img.resize((max(1, round(w * lowres / dpi)), max(1, round(h * lowres / dpi))), Image.BOX)
        a = np.asarray(small.resize((w, h), Image.BICUBIC), dtype=np.int16)
    return a


def _batch11_marks(a, i: int, dpi: int, rng, ink: int, curve: bool, comb: bool, dogear: bool,  # noqa: ANN001, ANN202, PLR0913
                   slip: bool):
    """Batch 11's marks on page ``i`` (int16 array), each only when asked for."""
    import numpy as np

    h, w = a.shape
    mm = dpi / 25.4
    if curve:  # the page curving into the binding: columns near the left edge shifted down, shadowed
        g = int(30 * mm)
        drop = rng.uniform(3.0, 4.5) * mm
        out = a.copy()
        for x in range(g):
            k = (1 - x / g) ** 2.2
            d = int(round(drop * k))
            if d:
                out[d:, x] = a[:-d, x]
                out[:d, x] = a[0, x]
        shade = 0.3 + 0.7 * np.clip(np.arange(w) / g, 0, 1) ** 0.55
        a = (out * shade[None, :]).round().astype(np.int16)
    if comb:  # a comb binding's holes: 4 × 8 mm, every 14.3 mm, 5 mm from the left edge, dark
        pitch, top = 14.3 * mm, 9 * mm
        x0, x1 = int(5 * mm), int(9 * mm)
        y = top
        a = a.copy()
        while y + 8 * mm < h - 5 * mm:
            a[int(y):int(y + 8 * mm), x0:x1] = ink + 30
            a[int(y):int(y + 8 * mm), x1:x1 + 2] = np.minimum(a[int(y):int(y + 8 * mm), x1:x1 + 2], 150)
            y += pitch
    if dogear and i % 3 == 0:  # the top right corner folded over
        size = 19 * mm
        yy, xx = np.mgrid[:int(size) + 1, :int(size) + 1].astype(np.float64)
        xr = xx[:, ::-1]  # distance from the right edge
        s = xr + yy
        part = a[:int(size) + 1, w - int(size) - 1:].copy()
        part = np.where(s < size, 62, part)  # where the corner was: the scanner's dark lid
        flap = (s >= size) & (s < 2 * size) & (xr <= size) & (yy <= size)
        part = np.where(flap, 232, part)  # the paper's blank back over the corner
        edge = flap & ((np.abs(s - size) < 0.6 * mm) | (np.abs(xr - size) < 0.5 * mm) | (np.abs(yy - size) < 0.5 * mm))
        part = np.where(edge, 150, part)
        a = a.copy()
        a[:int(size) + 1, w - int(size) - 1:] = part
    if slip and i % 2 == 0:  # a band of rows stretched by a quarter, the rest pushed down
        y0 = int(h * rng.uniform(0.3, 0.65))
        band = int(14 * mm)
        rows = np.concatenate([np.arange(y0), y0 + np.arange(int(band * 1.25)) / 1.25, np.arange(y0 + band, h)])
        a = a[rows[:h].astype(int)]
    return a


def _batch10_marks(a, i: int, n: int, dpi: int, rng, flip: bool, sticky: bool, pencil: bool,  # noqa: ANN001, ANN202, PLR0913
                   streak: bool, fade: bool):
    """Batch 10's marks on page ``i`` of ``n`` (int16 array), each only when asked for."""
    import numpy as np

    h, w = a.shape
    if fade:  # low toner: the print paler in a band down the page (the same on every page)
        x = np.arange(w, dtype=np.float64)
        c, half = 0.58 * w, 17 * dpi / 25.4
        f = 1 - 0.5 * np.exp(-(((x - c) / half) ** 2) ** 2)
        f = f * (1 - 0.06 * (np.sin(x / (0.9 * dpi / 25.4)) > 0.6))  # the band a little streaky
        a = (255 - (255 - a) * f[None, :]).round().astype(np.int16)
    if pencil and i % 2 == 0:
        a = _pencil(a, dpi, rng)
    if sticky and i == 0:
        a = _sticky_note(a, dpi, rng)
    if streak:  # dirt on the feeder's glass: thin dark lines down every page, always at the same places
        a = a.copy()
        for frac, width, ink in ((0.318, 2, 80), (0.764, 1, 140)):
            x0 = int(frac * w)
            col = a[:, x0:x0 + width]
            a[:, x0:x0 + width] = np.minimum(col, ink + (np.sin(np.arange(h) / 37.0) * 12)[:, None]).astype(np.int16)
    if flip and i == n // 2:  # fed upside down
        a = a[::-1, ::-1].copy()
    return a


def _pencil(a, dpi: int, rng):  # noqa: ANN001, ANN202
    """A reader's pencil marks: a line drawn under one text line of the page's middle (most of its
    width), a bar in the left margin beside three or four lines, a tick in the right margin; thin, grey
    and grainy, a little wavy."""
    import numpy as np

    h, w = a.shape
    rows = [r for r in _text_rows(a, dpi) if h / 5 < r[0] < 4 * h / 5]
    if len(rows) < 5:
        return a
    a = a.copy()
    mm = dpi / 25.4

    def stroke(xs, ys) -> None:  # noqa: ANN001
        for x, y in zip(xs.astype(int), ys.astype(int), strict=True):
            if 0 <= y < h - 2 and 0 <= x < w - 2:
                grain = int(rng.integers(95, 150))
                a[y:y + 2, x:x + 2] = np.minimum(a[y:y + 2, x:x + 2], grain)

    k = int(rng.integers(0, len(rows) - 4))
    y0, y1 = rows[k]
    ink = np.where((a[y0:y1] < 128).any(axis=0))[0]
    if len(ink):  # the underline
        x0, x1 = ink[0] + rng.uniform(0, 0.2) * (ink[-1] - ink[0]), ink[-1] - rng.uniform(0, 0.25) * (ink[-1] - ink[0])
        xs = np.arange(x0, x1, 0.7)
        ys = y1 + 0.6 * mm + np.sin(xs / (9 * mm)) * 0.4 * mm + np.linspace(0, rng.uniform(-0.8, 0.8) * mm, len(xs))
        stroke(xs, ys)
        inked = np.where((a[rows[0][0]:rows[-1][1]] < 128).any(axis=0))[0]
        left, right = inked[0], inked[-1]  # the text block's edges
        # the margin bar beside the next three or four lines
        top, bottom = rows[k + 1][0], rows[min(k + int(rng.integers(3, 5)), len(rows) - 1)][1]
        ys = np.arange(top, bottom, 0.7)
        xs = left - 5 * mm + np.sin(ys / (11 * mm)) * 0.5 * mm
        stroke(xs, ys)
        # a tick in the right margin, level with the underlined line
        tx, ty = min(right + 5 * mm, w - 8 * mm), y0
        t1 = np.linspace(0, 1, 40)
        stroke(tx + t1 * 1.6 * mm, ty + t1 * 2.2 * mm)
        stroke(tx + 1.6 * mm + t1 * 3.2 * mm, ty + 2.2 * mm - t1 * 4.8 * mm)
    return a


def _sticky_note(a, dpi: int, rng):  # noqa: ANN001, ANN202
    """A sticky note (a yellow one, pale grey on the scan) on the right margin, its right part beyond the
    page's edge, a soft shadow at its left and lower edges, a few wavy pencil strokes on it (a
    scribble, no words); placed where it covers no text."""
    import numpy as np
    from PIL import Image, ImageDraw

    h, w = a.shape
    mm = dpi / 25.4
    nw, nh = int(38 * mm), int(34 * mm)
    note = Image.new("L", (nw, nh), 226)
    d = ImageDraw.Draw(note)
    for k in range(3):  # a scribble: wavy strokes, no letters
        y = int((8 + 8 * k) * mm)
        pts = [(int((4 + j * 1.1) * mm), int(y + np.sin(j * 1.3 + k) * 1.2 * mm)) for j in range(int(rng.integers(12, 20)))]
        d.line(pts, fill=120, width=max(int(0.35 * mm), 2))
    s = np.asarray(note, dtype=np.int16)
    for top in (0.22, 0.34, 0.46, 0.58):  # a place in the right margin with no text under the note's visible part
        y = int(top * h)
        x = w - int(26 * mm)
        region = a[y - int(2 * mm):y + nh + int(2 * mm), x - int(3 * mm):]
        if region.size and region.min() > 200:
            a = a.copy()
            sh = int(1.2 * mm)
            a[y + sh:y + nh + sh, x - sh:x] = (a[y + sh:y + nh + sh, x - sh:x] * 0.85).astype(np.int16)  # shadow left
            a[y + nh:y + nh + sh, x - sh:w] = (a[y + nh:y + nh + sh, x - sh:w] * 0.85).astype(np.int16)  # and below
            a[y:y + nh, x:w] = s[:, :w - x]
            return a
    return a


def _backs(pages: list[Path]) -> list:
    """For a page printed on both sides: each page's reverse (the next page, its print mirrored, as it
    shows through the paper), the last page's blank; grey arrays."""
    import numpy as np
    from PIL import Image, ImageFilter, ImageOps

    out = []
    for k in range(len(pages)):
        if k + 1 < len(pages):
            img = ImageOps.mirror(Image.open(pages[k + 1]).convert("L")).filter(ImageFilter.GaussianBlur(1.6))
            out.append(np.asarray(img, dtype=np.int16))
        else:
            out.append(None)
    return out


def _batch9_marks(a, i: int, n: int, dpi: int, rng, backs: list, fax: bool, stamp: bool,  # noqa: ANN001, ANN202, PLR0913
                  highlight: bool, lid: bool):
    """Batch 9's marks on page ``i`` of ``n`` (int16 array), each only when asked for."""
    import numpy as np

    if backs and backs[i] is not None and backs[i].shape == a.shape:  # the reverse showing through
        a = (a - (255 - backs[i]) * 0.13).round().astype(np.int16)
    if highlight and i % 3 == 1:
        a = _highlighter(a, dpi, rng)
    if stamp and i == 0:
        a = _stamp(a, dpi, rng)
    if fax:
        a = _fax_header(a, dpi, i, n, rng)
    if lid:
        a = _lid_open(a, rng)
    return a


def _text_rows(a, dpi: int) -> list[tuple[int, int]]:  # noqa: ANN001
    """The runs of rows of a page image holding ink (text lines), top to bottom."""

    h, w = a.shape
    inked = (a[:, int(w * 0.1):int(w * 0.9)] < 128).sum(axis=1) > 3
    runs, start = [], None
    for y, on in enumerate(inked):
        if on and start is None:
            start = y
        elif not on and start is not None:
            if y - start >= dpi * 0.06:
                runs.append((start, y))
            start = None
    return [r for r in runs if r[1] - r[0] < dpi * 0.3]  # text lines, not rules or panels


def _highlighter(a, dpi: int, rng):  # noqa: ANN001, ANN202
    """A yellow highlighter drawn over two or three consecutive text lines in the page's middle third,
    each stroke a little ragged at its ends; a yellow scanned in grey is a pale grey (multiplied)."""
    import numpy as np

    h, w = a.shape
    rows = [r for r in _text_rows(a, dpi) if h / 3 < r[0] < 2 * h / 3]
    if len(rows) < 3:
        return a
    k = int(rng.integers(0, len(rows) - 2))
    a = a.copy()
    for y0, y1 in rows[k:k + int(rng.integers(2, 4))]:
        ink = np.where((a[y0:y1] < 128).any(axis=0))[0]
        if not len(ink):
            continue
        x0 = max(int(ink[0] + rng.uniform(-0.04, 0.08) * dpi), 0)
        x1 = min(int(ink[-1] + rng.uniform(-0.3, 0.06) * dpi), w)
        pad = int(0.03 * dpi)
        band = a[max(y0 - pad, 0):y1 + pad, x0:x1]
        a[max(y0 - pad, 0):y1 + pad, x0:x1] = (band * 0.84).round().astype(np.int16)
    return a


def _stamp(a, dpi: int, rng):  # noqa: ANN001, ANN202
    """A receiving office's rubber stamp: "MOTTATT", a date and "Arkiv" in a box with a double border,
    turned a few degrees, in a blank part of the page's top (the right or the left), inked unevenly."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    h, w = a.shape
    mm = dpi / 25.4
    sw, sh = int(52 * mm), int(24 * mm)
    img = Image.new("L", (sw, sh), 0)
    d = ImageDraw.Draw(img)
    d.rectangle([2, 2, sw - 3, sh - 3], outline=255, width=max(int(0.7 * mm), 2))
    d.rectangle([int(1.6 * mm), int(1.6 * mm), sw - int(1.6 * mm), sh - int(1.6 * mm)], outline=255,
                width=max(int(0.3 * mm), 1))
    big = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", int(6 * mm))
    small = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", int(3.6 * mm))
    d.text((sw / 2, 7 * mm), "MOTTATT", font=big, fill=255, anchor="mm")
    d.text((sw / 2, 14 * mm), f"{int(rng.integers(2, 28)):02d} MAR. 2025", font=small, fill=255, anchor="mm")
    d.text((sw / 2, 19.5 * mm), "Arkiv: 25/0" + str(int(rng.integers(1000, 9999))), font=small, fill=255,
           anchor="mm")
    img = img.rotate(float(rng.uniform(-9, -4)), resample=Image.BILINEAR, expand=True)
    s = np.asarray(img, dtype=np.float64) / 255
    s = s * np.clip(rng.normal(0.85, 0.2, s.shape), 0.2, 1)  # uneven ink
    sh2, sw2 = s.shape
    for x in (w - sw2 - int(14 * mm), int(14 * mm)):  # a blank place in the top margin
        y = int(6 * mm)
        if x >= 0 and y + sh2 < h and a[y:y + sh2, x:x + sw2].min() > 200:
            a = a.copy()
            part = a[y:y + sh2, x:x + sw2]
            a[y:y + sh2, x:x + sw2] = (part * (1 - 0.62 * s)).round().astype(np.int16)
            break
    return a


def _fax_header(a, dpi: int, i: int, n: int, rng):  # noqa: ANN001, ANN202
    """A fax machine's header line across the top of the page: date and time, the sender's name and
    number, the page of the transmission."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    mm = dpi / 25.4
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", int(2.6 * mm))
    line = (f"14.03.2025 09:{41 + i // 4:02d}   FRA: HELSEDIREKTORATET          +47 810 20 050"
            f"          NR. 4417   S. {i + 1:02d}/{n:02d}")
    d.text((8 * mm, 3 * mm), line, font=font, fill=0)
    return np.asarray(img, dtype=np.int16)


def _lid_open(a, rng):  # noqa: ANN001, ANN202
    """Scanned with the lid left open: the page not flat on the glass, a little keystoned (one side
    about 1.5 % shorter), dark beyond its edges, a soft shadow along the lifted edge."""
    import numpy as np
    from PIL import Image

    h, w = a.shape
    k = float(rng.uniform(0.010, 0.016))
    quad = [(w * k, h * 0.004), (w * (1 - 0.002), 0), (w, h), (w * k * 0.6, h * (1 - 0.004))]
    coeffs = perspective_coefficients(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    page = img.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    mask = Image.new("L", (w, h), 255).transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    out = Image.composite(page, Image.new("L", (w, h), 38), mask)
    b = np.asarray(out, dtype=np.float64)
    x = np.linspace(0, 1, w)[None, :]
    b = b * (1 - 0.28 * np.exp(-x / 0.035))  # the lifted (left) edge in shadow
    return b.round().astype(np.int16)


def _two_up(pages: list[Path], colour: bool) -> list[Path]:
    """Two page images per sheet, side by side (the second half blank after an odd last page)."""
    from PIL import Image

    sheets = []
    for k in range(0, len(pages), 2):
        imgs = [Image.open(p).convert("RGB" if colour else "L") for p in pages[k:k + 2]]
        w, h = imgs[0].size
        sheet = Image.new(imgs[0].mode, (2 * w, h), "white")
        for i, img in enumerate(imgs):
            sheet.paste(img, (i * w, (h - img.size[1]) // 2))
        path = pages[k].with_name(f"sheet-{k // 2 + 1:04d}.png")
        sheet.save(path)
        sheets.append(path)
    return sheets


def _colour_page(p: Path, rng, dpi: int, skew: float, paper: str, dust: float) -> None:  # noqa: ANN001
    """A colour scan of a page image (RGB): skewed, white printed as the paper's colour and black as
    a blue-black ink (each channel mapped), speckle noise and dust."""
    import numpy as np
    from PIL import Image

    img = Image.open(p).convert("RGB")
    img = img.rotate(float(rng.uniform(-skew, skew)), resample=Image.BILINEAR, fillcolor=(255, 255, 255), expand=False)
    a = np.asarray(img, dtype=np.float64)
    tint = np.array([int(paper[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)
    ink = np.array([22, 26, 48], dtype=np.float64)
    a = ink + a * (tint - ink) / 255
    a = a + rng.normal(0, 5, a.shape)
    a[rng.random(a.shape[:2]) < dust] = ink
    Image.fromarray(np.clip(a.round(), 0, 255).astype(np.uint8), "RGB").save(p, dpi=(dpi, dpi))


def _halftone(img):  # noqa: ANN001, ANN202
    """A page image at twice the scan's resolution printed with a halftone screen (tints as clustered
    dots on a 45° grid of 4.2 pixels, about 71 lines per inch at 300 dpi) and scanned at half that
    resolution, each pixel the mean of four: the screen beats with the scan's grid (moiré)."""
    import numpy as np
    from PIL import Image

    a = np.asarray(img, dtype=np.float32) / 255
    h, w = a.shape
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    period = 4.2
    u = (xx + yy) / 2 ** 0.5
    v = (xx - yy) / 2 ** 0.5
    spot = (np.cos(2 * np.pi * u / period) + np.cos(2 * np.pi * v / period)) / 4 + 0.5  # 0..1
    tint = (a > 0.08) & (a < 0.97)
    a = np.where(tint, np.where(a > spot, np.float32(1), np.float32(0)), a)
    out = Image.fromarray((a * 255).round().astype(np.uint8))
    return out.resize((w // 2, h // 2), Image.BOX)


def _phone_page(p: Path, rng, dpi: int) -> None:  # noqa: ANN001
    """A page photographed with a phone (RGB): the page a little smaller than the picture on a dark
    desk, keystoned (the top narrower: the phone held tilted) and turned a little; lit unevenly
    (vignetting, a window at one side), a warm cast, a slight blur and sensor noise."""
    import numpy as np
    from PIL import Image, ImageFilter

    img = Image.open(p).convert("RGB")
    w, h = img.size

    def j(s: float) -> float:  # a little jitter of a corner
        return float(rng.uniform(-s, s))

    quad = [(w * (0.075 + j(0.006)), h * (0.045 + j(0.005))), (w * (0.925 + j(0.006)), h * (0.05 + j(0.005))),
            (w * (0.96 + j(0.005)), h * (0.965 + j(0.004))), (w * (0.04 + j(0.005)), h * (0.96 + j(0.004)))]
    coeffs = perspective_coefficients(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    page = img.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    mask = Image.new("L", (w, h), 255).transform((w, h), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    photo = Image.composite(page, Image.new("RGB", (w, h), (84, 74, 62)), mask)
    a = np.asarray(photo, dtype=np.float64)
    y = np.linspace(-1, 1, h)[:, None]
    x = np.linspace(-1, 1, w)[None, :]
    side = float(rng.choice([-1.0, 1.0]))
    light = (1 - 0.22 * ((x ** 2 + y ** 2) / 2) ** 1.3) * (1 - 0.08 * (1 + side * x) / 2)
    a = a * light[:, :, None] * np.array([1.0, 0.962, 0.895])
    a = a + rng.normal(0, 4, a.shape)
    photo = Image.fromarray(np.clip(a.round(), 0, 255).astype(np.uint8), "RGB").filter(ImageFilter.GaussianBlur(0.6))
    photo.save(p, dpi=(dpi, dpi))


def _coffee_ring(a, dpi: int, rng):  # noqa: ANN001, ANN202
    """A coffee ring on a page image (int16 array): a cup's wet foot, 45-55 mm across, somewhere in the
    page's lower right part; its rim dark and uneven, a faint mottled stain inside."""
    import numpy as np

    h, w = a.shape
    mm = dpi / 25.4
    cx, cy = w * rng.uniform(0.5, 0.8), h * rng.uniform(0.5, 0.85)
    r0 = rng.uniform(22, 27) * mm
    ph = rng.uniform(0, 2 * np.pi, 3)
    yy, xx = np.ogrid[:h, :w]
    dx, dy = xx - cx, yy - cy
    theta = np.arctan2(dy, dx)
    r = r0 * (1 + 0.035 * np.sin(3 * theta + ph[0]) + 0.02 * np.sin(7 * theta + ph[1]))
    d = np.sqrt(dx ** 2 + dy ** 2) / r
    rim = np.exp(-((d - 1) / 0.018) ** 2) * (0.75 + 0.25 * np.sin(2 * theta + ph[2]))  # the dark edge
    inside = np.where(d < 1, 0.05 + 0.03 * np.cos(5 * d + ph[2]), 0.0)  # the faint stain within
    return (a * (1 - 0.26 * rim - inside)).round().astype(np.int16)


def _creases(a):  # noqa: ANN001, ANN202
    """A letter folded in three and flattened again: at a third and two thirds of the page a crease, a
    dark line with a light edge above it and a shadow fading below it."""
    import numpy as np

    h, _w = a.shape
    f = np.ones(h)
    for c in (h // 3, 2 * h // 3):
        f[c - 3:c] = 1.05
        f[c:c + 2] = 0.7
        n = max(h // 200, 4)
        f[c + 2:c + 2 + n] = np.linspace(0.9, 1.0, n)
    return (a * f[:, None]).round().astype(np.int16)


def _staple(a, dpi: int, ink: int):  # noqa: ANN001, ANN202
    """A staple at the page's top left corner, at 45°: a dark bar 12 mm long with a light edge."""
    import numpy as np

    mm = dpi / 25.4
    n = int(20 * mm)
    x0, y0, x1, y1 = 7 * mm, 16 * mm, 16 * mm, 7 * mm
    yy, xx = np.mgrid[:n, :n].astype(np.float64)
    t = np.clip(((xx - x0) * (x1 - x0) + (yy - y0) * (y1 - y0)) / ((x1 - x0) ** 2 + (y1 - y0) ** 2), 0, 1)
    dist = np.hypot(xx - (x0 + t * (x1 - x0)), yy - (y0 + t * (y1 - y0)))
    part = a[:n, :n]
    part = np.where(dist < 0.35 * mm, ink + 70, part)
    part = np.where((dist >= 0.35 * mm) & (dist < 0.55 * mm), np.minimum(part + 25, 255), part)
    a = a.copy()
    a[:n, :n] = part
    return a


def _uneven_light(a, amount: float, corner: int):  # noqa: ANN001, ANN202
    """Uneven illumination on a page image (int16 array): full light at one corner (``corner`` 0-3),
    falling off smoothly (quadratically) to 1 - ``amount`` at the opposite one; ink and paper alike."""
    import numpy as np

    h, w = a.shape
    x = np.linspace(0, 1, w)[None, :]
    y = np.linspace(0, 1, h)[:, None]
    if corner & 1:
        x = 1 - x
    if corner & 2:
        y = 1 - y
    d = (x ** 2 + y ** 2) / 2  # 0 at the bright corner, 1 at the far one
    return (a * (1 - amount * d)).round().astype(np.int16)


def _photocopy(a, dpi: int, ink: int):  # noqa: ANN001, ANN202
    """A photocopy's marks on a page image (int16 array): a shadow darkening towards the left
    (binding) edge over 15 mm, two punch holes in the left margin, and dark edges where the copier's
    lid did not cover the glass (3-5 mm)."""
    import numpy as np

    h, w = a.shape
    mm = dpi / 25.4
    x = np.arange(w, dtype=np.float64)
    shade = np.clip(x / (15 * mm), 0, 1) ** 0.6  # 0 at the edge, 1 from 15 mm in
    a = (a * (0.45 + 0.55 * shade)[None, :]).round().astype(np.int16)
    yy, xx = np.ogrid[:h, :w]
    for cy in (h / 2 - 40 * mm, h / 2 + 40 * mm):  # holes 80 mm apart, 12 mm from the edge, 6 mm wide
        a[(yy - cy) ** 2 + (xx - 12 * mm) ** 2 <= (3 * mm) ** 2] = ink + 20
    edge = int(4 * mm)
    a[:, :edge] = np.minimum(a[:, :edge], ink + 35)
    a[:, w - int(3 * mm):] = np.minimum(a[:, w - int(3 * mm):], ink + 50)
    a[:int(3 * mm), :] = np.minimum(a[:int(3 * mm), :], ink + 45)
    a[h - int(5 * mm):, :] = np.minimum(a[h - int(5 * mm):, :], ink + 40)
    return a


def generic_document(pdf: Path, workdir: Path) -> SimpleNamespace:
    """pymupdf4llm's result (bench/generic_convert.py in .venv-generic) as a Document-like object."""
    out = workdir / (pdf.stem + "-generic.json")
    subprocess.run([str(GENERIC_PY), str(REPO / "bench" / "generic_convert.py"), str(pdf), str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data = json.loads(out.read_text(encoding="utf-8"))
    return SimpleNamespace(
        id=pdf.stem, preamble=data["preamble"],
        sections=[SimpleNamespace(**s) for s in data["sections"]],
        tables=[SimpleNamespace(page=t["page"], pages=[t["page"]], caption=None, section=t["section"],
                                header=t["header"], rows=t["rows"]) for t in data["tables"]],
    )


def _scores(s: dict) -> dict:
    return {k: s.get(k) for k in ("heading_f1", "body", "chars", "tables", "missing", "extra")}


def run_cell(args: tuple[Cell, str, bool]) -> dict:
    cell, workroot, generic = args
    from bench.score import score_document
    from tracker.extract.pipeline import extract_pdf

    workdir = Path(workroot) / f"{cell.doc}-{cell.family}-{cell.variant}"
    workdir.mkdir(parents=True, exist_ok=True)
    pdf, gold = render_cell(cell, workdir)
    row: dict = {"doc": cell.doc, "family": cell.family, "variant": cell.variant, "scan": cell.scan}
    try:
        doc = extract_pdf(pdf, ocr=cell.scan, cache_dir=workdir / "cache")
        row["tracker"] = _scores(score_document(doc, gold))
    except Exception as e:  # noqa: BLE001 - one broken cell must not stop the matrix
        row["tracker"] = {"error": f"{type(e).__name__}: {e}"}
    if generic:
        try:
            row["generic"] = _scores(score_document(generic_document(pdf, workdir), gold))
        except Exception as e:  # noqa: BLE001
            row["generic"] = {"error": f"{type(e).__name__}: {e}"}
    row["meets_bar"] = meets_bar(row)
    return row


def meets_bar(row: dict) -> bool:
    t, g = row.get("tracker", {}), row.get("generic")
    if "error" in t:
        return False
    bar = BAR_SCAN if row["scan"] else BAR_BORN_DIGITAL
    ok = t["heading_f1"] >= bar and t["body"] >= bar
    if g and "error" not in g:  # ahead of (or level with) the generic converter
        ok = ok and t["heading_f1"] >= g["heading_f1"] and t["body"] >= g["body"]
    return ok


def _fmt(s: dict | None) -> str:
    if s is None:
        return f"{'-':>6} {'-':>6} {'-':>6} {'-':>6}"
    if "error" in s:
        return f"{'ERROR ' + s['error'][:21]:27}"
    tables = "-" if s.get("tables") is None else f"{s['tables']:.3f}"
    return f"{s['heading_f1']:6.3f} {s['body']:6.3f} {s['chars']:6.3f} {tables:>6}"


def print_row(row: dict, verbose: bool) -> None:
    print(f"{row['doc']:27} {row['family'] + '/' + row['variant']:28} | {_fmt(row['tracker'])} | "
          f"{_fmt(row.get('generic'))} | {'yes' if row['meets_bar'] else 'NO'}", flush=True)
    if verbose and "error" not in row["tracker"]:
        for m in row["tracker"]["missing"]:
            print(f"      missing: {m}")
        for e in row["tracker"]["extra"]:
            print(f"      extra:   {e}")


def summary(rows: list[dict]) -> str:
    def col(side: str, key: str) -> str:
        vals = [r[side][key] for r in rows if r.get(side) and "error" not in r[side] and r[side].get(key) is not None]
        return f"{min(vals):.3f}" if vals else "-"

    mins = " ".join(f"{k}={col('tracker', k)}" for k in ("heading_f1", "body", "chars", "tables"))
    gmins = " ".join(f"{k}={col('generic', k)}" for k in ("heading_f1", "body", "chars", "tables"))
    return (f"summary: {len(rows)} cells, {sum(r['meets_bar'] for r in rows)} meet the bar (target: all); "
            f"tracker min {mins} | pymupdf4llm min {gmins}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--family", action="append", choices=FAMILIES)
    ap.add_argument("--doc", action="append", choices=REPORTS + DECKS + UNSEEN)
    ap.add_argument("--docs", choices=("corpus", "unseen"), default="corpus",
                    help="unseen: the three documents of bench/layouts/docs/ (bench/layouts/unseen.py) instead of "
                         "the five corpus ones, in the born-digital families unless --family is given")
    ap.add_argument("--variant", default="pick",
                    help="pick: one variant per document and family (deterministic); all: every variant; "
                         "holdout, holdout2 … holdout15: a held-out batch of variants only; or one variant's name "
                         "(a held-out variant's name when no variant in the matrix has it)")
    ap.add_argument("--no-generic", action="store_true", help="skip pymupdf4llm")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write every cell's scores (with missing/extra headings) here")
    ap.add_argument("--keep", type=Path, help="keep the rendered PDFs in this folder")
    ap.add_argument("-v", "--verbose", action="store_true", help="list missing and extra headings")
    args = ap.parse_args(argv)
    generic = not args.no_generic
    if generic and not GENERIC_PY.exists():
        print("warning: no .venv-generic (run `bash bench/generic_env.sh`): pymupdf4llm left out", file=sys.stderr)
        generic = False
    which = args.variant if args.variant in WHICH else "all"
    docs = args.doc or (UNSEEN if args.docs == "unseen" else REPORTS + DECKS)
    if args.docs == "unseen" and not args.family:
        args.family = [f for f in FAMILIES if not f.startswith("scan-") and f != "slides"]
    cells = [c for d in docs for c in cells_for(d, args.family or FAMILIES, which)]
    if args.variant not in WHICH:
        cells = [c for c in cells if c.variant == args.variant]
        for batch in BATCH:  # a held-out variant's name
            if not cells:
                cells = [c for d in docs for c in cells_for(d, args.family or FAMILIES, batch)
                         if c.variant == args.variant]
    print(f"{'document':27} {'family/variant':28} | {'tracker: head':>13} {'body':>6} {'chars':>6} {'tables':>6} | "
          f"{'pymupdf4llm: head':>17} {'body':>2} {'chars':>6} {'tables':>6} | bar")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = str(args.keep or tmp)
        work = [(c, root, generic) for c in cells]
        if args.jobs > 1:
            with get_context("fork").Pool(args.jobs, maxtasksperchild=1) as pool:
                for row in pool.imap(run_cell, work):
                    rows.append(row)
                    print_row(row, args.verbose)
        else:
            for w in work:
                rows.append(run_cell(w))
                print_row(rows[-1], args.verbose)
    print(summary(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1, default=list), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
