"""Small PDFs for tests, drawn with reportlab: reports, designed pages, slides, broken files.

Layouts are described as lists of (kind, text) items so each test states what it draws.

Fonts: by default the generators use PDF standard fonts (Times, Helvetica), which are not embedded.
That is fine for tests that read the text layer, but a rasteriser (pdftoppm, pypdfium2) draws such a
font with whatever the machine has installed, so a test that renders or scans a page would depend on
the machine's fonts. Pass ``embed=True`` to draw every string in reportlab's own Bitstream Vera
TrueType fonts (:func:`embedded_fonts`), which are embedded in the PDF; :func:`scan` refuses a PDF with
unembedded fonts.
"""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path
from typing import NamedTuple

import reportlab
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

BODY_FONT = "Times-Roman"
HEAD_FONT = "Helvetica-Bold"
REPORTLAB_FONTS = Path(reportlab.__path__[0]) / "fonts"


class Fonts(NamedTuple):
    regular: str
    bold: str


@functools.cache
def embedded_fonts() -> Fonts:
    """reportlab's Bitstream Vera Sans regular and bold, registered as TrueType fonts: a PDF that uses
    them carries (a subset of) the font files, so every machine rasterises the same glyphs."""
    fonts = Fonts(regular="Vera", bold="Vera-Bold")
    for name, file in zip(fonts, ("Vera.ttf", "VeraBd.ttf"), strict=True):
        pdfmetrics.registerFont(TTFont(name, str(REPORTLAB_FONTS / file)))
    return fonts


def font(name: str, embed: bool) -> str:
    """``name``, or with ``embed`` its embedded stand-in from :func:`embedded_fonts` (bold for a bold face)."""
    if not embed:
        return name
    fonts = embedded_fonts()
    return fonts.bold if "bold" in name.lower() else fonts.regular


def new_canvas(path: Path, pagesize: tuple[float, float], *, embed: bool, **kw: object) -> canvas.Canvas:
    """A reportlab canvas; with ``embed`` its initial font (which every page's preamble selects, even
    when nothing is drawn in it) is the embedded regular font rather than Helvetica."""
    if embed:
        kw["initialFontName"] = embedded_fonts().regular
    return canvas.Canvas(str(path), pagesize=pagesize, **kw)


def unembedded_fonts(pdf: Path) -> list[str]:
    """Names of the fonts ``pdf`` uses without embedding them (poppler's pdffonts)."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()
    rows = [ln.split() for ln in out[2:] if ln.strip()]
    return [row[0] for row in rows if row[-5] != "yes"]  # columns end: emb sub uni object-number generation


def report(
    path: Path,
    pages: list[list[tuple[str, str]]],
    *,
    header: str | None = "Rapport om ISF 2030",
    footer_numbers: bool = True,
    cover: str | None = None,
    body_font: str = BODY_FONT,
    head_font: str = HEAD_FONT,
    embed: bool = False,
) -> Path:
    """A portrait report. Items: ('h1'|'h2'|'h3', title) headings, ('p', line) body lines,
    ('gap', '') paragraph break, ('bullet', text). ``embed``: embedded fonts only (see the module doc)."""
    body_font, head_font = font(body_font, embed), font(head_font, embed)
    c = new_canvas(path, A4, embed=embed)
    c.setTitle("")
    all_pages = ([[("cover", cover)]] if cover else []) + pages
    for n, items in enumerate(all_pages, start=1):
        _draw_page(c, items, n, len(all_pages), A4, header=None if cover and n == 1 else header,
                   footer_numbers=footer_numbers and not (cover and n == 1), body_font=body_font,
                   head_font=head_font, embed=embed)
        c.showPage()
    c.save()
    return path


def _draw_page(c: canvas.Canvas, items: list[tuple[str, str]], n: int, total: int, size: tuple[float, float], *,
               x: float = 0.0, margin: float = 72.0, header: str | None, footer_numbers: bool, body_font: str,
               head_font: str, embed: bool) -> None:
    """One page of :func:`report` (its items, header and footer), its left edge at ``x`` on the canvas."""
    width, height = size
    left = x + margin
    if header:
        c.setFont(font("Helvetica", embed), 8)
        c.drawString(left, height - 36, header)
    if footer_numbers:
        c.setFont(font("Helvetica", embed), 8)
        c.drawString(x + width / 2 - 20, 30, f"Side {n} av {total}")
    y = height - 80
    for kind, text in items:
        if kind == "cover":
            c.setFont(head_font, 28)
            c.drawString(left, height / 2, text)
        elif kind in ("h1", "h2", "h3"):
            size_pt = {"h1": 16, "h2": 13, "h3": 11}[kind]
            y -= 8
            c.setFont(head_font, size_pt)
            c.drawString(left, y, text)
            y -= size_pt + 8
        elif kind == "p":
            c.setFont(body_font, 10.5)
            c.drawString(left, y, text)
            y -= 14
        elif kind == "bullet":
            c.setFont(body_font, 10.5)
            c.drawString(left + 8, y, "•")
            c.drawString(left + 20, y, text)
            y -= 14
        elif kind == "gap":
            y -= 10


def two_up(path: Path, pages: list[list[tuple[str, str]]], *, header: str | None = "Rapport om ISF 2030",
           embed: bool = False) -> Path:
    """:func:`report`'s pages set two to a sheet: A5 pages side by side on landscape A4, as a
    document printed "two pages per sheet" is, each page with its own header and "Side N av M"."""
    c = new_canvas(path, landscape(A4), embed=embed)
    c.setTitle("")
    half = (A4[1] / 2, A4[0])
    for k in range(0, len(pages), 2):
        for j, items in enumerate(pages[k:k + 2]):
            _draw_page(c, items, k + j + 1, len(pages), half, x=j * half[0], margin=40.0, header=header,
                       footer_numbers=True, body_font=font(BODY_FONT, embed), head_font=font(HEAD_FONT, embed),
                       embed=embed)
        c.showPage()
    c.save()
    return path


def sidebar_report(path: Path, chapters: list[tuple[str, str, list[tuple[str, str]]]], *, embed: bool = False,
                   side: str = "left") -> Path:
    """A designed report: each chapter starts a page whose number and title sit in a coloured
    sidebar band drawn after the body text; level-2 headings are coloured, unnumbered. The band
    runs down the left margin, or with ``side="right"`` down the right one; a title's lines are
    separated by newlines. ``embed``: embedded fonts only (see the module doc)."""
    c = new_canvas(path, A4, embed=embed)
    width, height = A4
    body_x, band_x = (190, 0) if side == "left" else (60, width - 160)
    for number, title, items in chapters:
        c.setFont(font("Helvetica", embed), 8)
        c.drawString(body_x, height - 36, "Designrapport ISF 2030")
        y = height - 90
        for kind, text in items:
            if kind == "h2":
                y -= 8
                c.setFillColorRGB(0.1, 0.45, 0.6)
                c.setFont(font("Helvetica-Bold", embed), 14)
                c.drawString(body_x, y, text)
                c.setFillColorRGB(0, 0, 0)
                y -= 22
            else:
                c.setFont(font("Times-Roman", embed), 10.5)
                c.drawString(body_x, y, text)
                y -= 14
        # The band and its heading are painted last, at the bottom of the sidebar.
        c.setFillColorRGB(0.05, 0.3, 0.4)
        c.rect(band_x, 0, 160, height, fill=1, stroke=0)
        c.setFillColorRGB(1, 1, 1)
        c.setFont(font("Helvetica-Bold", embed), 40)
        c.drawString(band_x + 20, 130, number)
        c.setFont(font("Helvetica-Bold", embed), 14)
        for k, part in enumerate(title.split("\n")):
            c.drawString(band_x + 20, 90 - 18 * k, part)
        c.setFillColorRGB(0, 0, 0)
        c.showPage()
    c.save()
    return path


def slides(path: Path, decks: list[tuple[str, list[str]]], *, embed: bool = False) -> Path:
    """16:9 slides: a big title and bullet lines. ``embed``: embedded fonts only (see the module doc)."""
    size = (960, 540)
    c = new_canvas(path, size, embed=embed)
    for n, (title, bullets) in enumerate(decks, start=1):
        c.setFont(font("Helvetica-Bold", embed), 32)
        c.drawString(60, 540 - 80, title)
        y = 540 - 150
        for b in bullets:
            c.setFont(font("Helvetica", embed), 20)
            c.drawString(66, y, "•")
            c.drawString(90, y, b)
            y -= 34
        c.setFont(font("Helvetica-Bold", embed), 12)
        c.drawString(80, 25, "Helsedirektoratet")
        c.setFont(font("Helvetica", embed), 10)
        c.drawString(890, 25, str(n))
        c.showPage()
    c.save()
    return path


def encrypted(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, encrypt="hemmelig")
    c.drawString(72, 700, "Hemmelig innhold")
    c.showPage()
    c.save()
    return path


def no_pages(path: Path) -> Path:
    """A syntactically valid PDF whose page tree is empty."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def scan(source: Path, out: Path, dpi: int = 200) -> Path:
    """A scanned copy of `source`: pages rasterised (pdftoppm) and re-wrapped as images (img2pdf),
    so the result has no text layer at all. `source` must embed its fonts (draw it with ``embed=True``):
    pdftoppm would otherwise draw the machine's substitutes, and OCR results would vary by machine."""
    import tempfile

    if missing := unembedded_fonts(source):
        raise ValueError(f"{source.name}: fonts not embedded, a scan would depend on the machine's fonts: {missing}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), f"{tmp}/p"], check=True)
        pngs = sorted(Path(tmp).glob("p*.png"))
        subprocess.run(["img2pdf", *map(str, pngs), "-o", str(out)], check=True)
    return out


DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core


def dejavu_only_fonts_conf(directory: Path) -> Path:
    """A fontconfig configuration that knows only the DejaVu fonts (its cache in ``directory`` too):
    with ``FONTCONFIG_FILE`` pointing at it, pdftoppm and friends see a machine with no other fonts."""
    directory.mkdir(parents=True, exist_ok=True)
    conf = directory / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <dir>{DEJAVU_DIR}</dir>\n"
        f"  <cachedir>{directory / 'fontconfig-cache'}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf
