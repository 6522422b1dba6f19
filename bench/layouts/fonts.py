"""Embedded TrueType fonts for the layout families (DejaVu when installed, else reportlab's Vera).

Embedded fonts make a rendering independent of the machine's fonts, which matters when a page is
rasterised for the scan family."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
VERA = Path(reportlab.__file__).parent / "fonts"

# face → (regular, bold) DejaVu file stems
FACES = {
    "serif": ("DejaVuSerif", "DejaVuSerif-Bold"),
    "sans": ("DejaVuSans", "DejaVuSans-Bold"),
    "mono": ("DejaVuSansMono", "DejaVuSansMono-Bold"),
    "cond": ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold"),
    "serifcond": ("DejaVuSerifCondensed", "DejaVuSerifCondensed-Bold"),
}


def _file(stem: str, bold: bool) -> Path:
    p = DEJAVU / f"{stem}.ttf"
    return p if p.exists() else VERA / ("VeraBd.ttf" if bold else "Vera.ttf")


@cache
def face(name: str) -> tuple[str, str]:
    """Register face ``name`` (see FACES) once; returns its (regular, bold) font names."""
    regular, bold = FACES[name]
    rname, bname = f"L-{name}", f"L-{name}-Bold"
    pdfmetrics.registerFont(TTFont(rname, str(_file(regular, False))))
    pdfmetrics.registerFont(TTFont(bname, str(_file(bold, True))))
    for b, i, fn in ((0, 0, rname), (1, 0, bname), (0, 1, rname), (1, 1, bname)):
        addMapping(rname, b, i, fn)
    return rname, bname
