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
    # held-out batch 6: the extra-light sans (its "bold" the regular weight), and the TeX Gyre serif of
    # DejaVuMathTeXGyre as a body face (its bold the DejaVu serif's)
    "light": ("DejaVuSans-ExtraLight", "DejaVuSans"),
    "math": ("DejaVuMathTeXGyre", "DejaVuSerif-Bold"),
}
# face → (italic, bold italic) DejaVu file stems (the sans faces' italics are obliques)
ITALICS = {
    "serif": ("DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"),
    "sans": ("DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
    "mono": ("DejaVuSansMono-Oblique", "DejaVuSansMono-BoldOblique"),
    "cond": ("DejaVuSansCondensed-Oblique", "DejaVuSansCondensed-BoldOblique"),
    "serifcond": ("DejaVuSerifCondensed-Italic", "DejaVuSerifCondensed-BoldItalic"),
    "math": ("DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"),
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


@cache
def italic_face(name: str) -> tuple[str, str]:
    """Register face ``name``'s italics (see ITALICS) once; returns their (italic, bold italic) font
    names. Kept apart from ``face``, so the fonts registered for upright text are unchanged."""
    italic, bold_italic = ITALICS[name]
    iname, biname = f"L-{name}-Italic", f"L-{name}-BoldItalic"
    for fname, stem, vera in ((iname, italic, "VeraIt.ttf"), (biname, bold_italic, "VeraBI.ttf")):
        p = DEJAVU / f"{stem}.ttf"
        pdfmetrics.registerFont(TTFont(fname, str(p if p.exists() else VERA / vera)))
    return iname, biname


def white_on_tab(c, colour: str, box: tuple[float, float, float, float, float], font: str, size: float,  # noqa: ANN001
                 x: float, first_baseline: float, lines: list[str]) -> None:
    """Lines of white text on a tab of ``colour`` with rounded corners (``box``: x, y, width, height,
    radius), one under the other at 1.25 times their size from ``first_baseline``."""
    from reportlab.lib import colors

    c.setFillColor(colors.HexColor(colour))
    c.roundRect(*box, fill=1, stroke=0)
    c.setFillColor(colors.white)
    c.setFont(font, size)
    y = first_baseline
    for ln in lines:
        c.drawString(x, y, ln)
        y -= size * 1.25
