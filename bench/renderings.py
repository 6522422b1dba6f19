"""Re-render the corpus gold texts in other layouts and score extraction on them.

The corpus PDFs are one rendering each; the extractor must not fit their exact layouts. This
renders each report's ``source.md`` (dialect in ../shared/corpus/README.md) with reportlab's
platypus in several house styles and scores the extraction against the same gold.

    python -m bench.renderings [--style NAME] [--doc DOC_ID]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from bench.gold import GOLD_DIR, load_gold
from bench.layouts.source import Block, parse


@dataclass(frozen=True)
class HouseStyle:
    name: str
    body_font: str
    body_size: float
    head_font: str
    head_sizes: tuple[float, float, float]
    head_colour: colors.Color
    print_numbers_from_level: int  # headings deeper than this are printed without their number
    justify: bool
    grid: bool


STYLES = {
    "word": HouseStyle("word", "Times-Roman", 11, "Helvetica-Bold", (16, 13, 11.5), colors.black, 9, False, True),
    "brochure": HouseStyle(
        "brochure", "Helvetica", 10, "Helvetica-Bold", (18, 13, 11), colors.HexColor("#1b7a9e"), 1, True, False
    ),
    "memo": HouseStyle("memo", "Courier", 10, "Courier-Bold", (13, 11.5, 10), colors.black, 9, False, True),
}


def _tuples(blocks: list[Block]) -> list[tuple[str, object]]:
    """bench.layouts.source blocks as this renderer takes them: ('h', (depth, number, title)),
    ('p', text), ('ul', [items]), ('table', (caption, rows)), ('page', None)."""
    out: list[tuple[str, object]] = []
    for b in blocks:
        if b.kind == "h":
            out.append(("h", (b.depth, b.number, b.title)))
        elif b.kind == "p":
            out.append(("p", b.text))
        elif b.kind == "ul":
            out.append(("ul", [text for _level, text in b.items]))
        elif b.kind == "table":
            out.append(("table", (b.caption, b.rows)))
        else:
            out.append(("page", None))
    return out


def parse_source(md: str) -> list[tuple[str, object]]:
    """A report's source.md → blocks (the source.md dialect is read in one place: bench.layouts.source)."""
    return _tuples(parse(md, slides=False).slides[0])


def render(markdown: str, out: Path, style: HouseStyle, title: str) -> Path:
    body = ParagraphStyle("body", fontName=style.body_font, fontSize=style.body_size, leading=style.body_size * 1.35,
                          spaceAfter=style.body_size * 0.6, alignment=TA_JUSTIFY if style.justify else 0)
    heads = [
        ParagraphStyle(f"h{d}", fontName=style.head_font, fontSize=size, leading=size * 1.25, spaceBefore=size * 0.8,
                       spaceAfter=size * 0.5, textColor=style.head_colour)
        for d, size in enumerate(style.head_sizes, start=1)
    ]
    cell = ParagraphStyle("cell", fontName=style.body_font, fontSize=style.body_size - 1.5,
                          leading=(style.body_size - 1.5) * 1.25)
    story: list = []
    for kind, payload in parse_source(markdown):
        if kind == "page":
            story.append(PageBreak())
        elif kind == "h":
            depth, number, text = payload  # type: ignore[misc]
            shown = f"{number} {text}" if number and depth <= style.print_numbers_from_level else text
            story.append(Paragraph(escape(shown), heads[depth - 1]))
        elif kind == "p":
            story.append(Paragraph(escape(str(payload)), body))
        elif kind == "ul":
            story.append(ListFlowable([ListItem(Paragraph(escape(t), body)) for t in payload], bulletType="bullet",
                                      start="•", leftIndent=14))
        elif kind == "table":
            caption, rows = payload  # type: ignore[misc]
            if caption:
                story.append(Paragraph(escape(caption), body))
            data = [[Paragraph(escape(c), cell) for c in r] for r in rows]
            t = Table(data, repeatRows=1)
            cmds = [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
            if style.grid:
                cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            t.setStyle(TableStyle(cmds))
            story += [t, Spacer(1, 8)]

    def decorate(canvas, doc) -> None:  # noqa: ANN001
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 40, title)
        canvas.drawRightString(A4[0] - 72, 30, f"Side {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(out), pagesize=A4, title=title, leftMargin=72, rightMargin=72, topMargin=72,
                            bottomMargin=60)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return out


def parse_slides(md: str) -> list[list[tuple[str, object]]]:
    """A slide deck's source.md → one block list per slide (split at ``<!-- slide -->``)."""
    return [_tuples(blocks) for blocks in parse(md, slides=True).slides]


def render_deck(markdown: str, out: Path, *, banner: bool, title: str) -> Path:
    """16:9 slides in another theme than the corpus: ``banner`` puts the title in white on a
    coloured band; otherwise a dark title sits under a thin rule."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas as pdfcanvas

    width, height = 1280, 720
    c = pdfcanvas.Canvas(str(out), pagesize=(width, height))
    c.setTitle(title)
    for n, blocks in enumerate(parse_slides(markdown), start=1):
        y = height - 70
        for kind, payload in blocks:
            if kind == "h":
                depth, number, text = payload  # type: ignore[misc]
                shown = f"{number} {text}" if number else text
                if depth <= 2:
                    lines = simpleSplit(shown, "Helvetica-Bold", 34, width - 160)
                    if banner:
                        c.setFillColor(colors.HexColor("#00344f"))
                        c.rect(0, height - 40 - 44 * len(lines), width, 44 * len(lines) + 40, fill=1, stroke=0)
                        c.setFillColor(colors.white)
                    else:
                        c.setFillColor(colors.HexColor("#222222"))
                    c.setFont("Helvetica-Bold", 34)
                    for ln in lines:
                        c.drawString(80, y, ln)
                        y -= 44
                    c.setFillColor(colors.black)
                    y -= 30
                else:
                    c.setFont("Helvetica-Bold", 22)
                    c.setFillColor(colors.HexColor("#1b7a9e"))
                    for ln in simpleSplit(shown, "Helvetica-Bold", 22, width - 160):
                        c.drawString(80, y, ln)
                        y -= 30
                    c.setFillColor(colors.black)
            elif kind in ("p", "ul"):
                items = [payload] if kind == "p" else payload
                for item in items:  # type: ignore[union-attr]
                    indent = 80 if kind == "p" else 110
                    if kind == "ul":
                        c.setFont("Helvetica", 20)
                        c.drawString(86, y, "–")
                    c.setFont("Helvetica", 20)
                    for ln in simpleSplit(str(item), "Helvetica", 20, width - indent - 80):
                        c.drawString(indent, y, ln)
                        y -= 27
                    y -= 8
            elif kind == "table":
                _caption, rows = payload  # type: ignore[misc]
                cell = ParagraphStyle("c", fontName="Helvetica", fontSize=14, leading=17)
                data = [[Paragraph(escape(x), cell) for x in r] for r in rows]
                t = Table(data, colWidths=[(width - 160) / max(len(rows[0]), 1)] * len(rows[0]))
                t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
                _w, h = t.wrapOn(c, width - 160, y)
                t.drawOn(c, 80, y - h)
                y -= h + 20
        c.setFont("Helvetica", 12)
        c.setFillColor(colors.grey)
        c.drawString(80, 24, "Helsedirektoratet")
        c.drawRightString(width - 60, 24, str(n))
        c.setFillColor(colors.black)
        c.showPage()
    c.save()
    return out


def score_scan(doc_id: str, workdir: Path, dpi: int = 150) -> dict:
    """The corpus PDF printed and scanned: pages rasterised (pdftoppm) and wrapped as images
    (img2pdf), so only OCR can read it — no fonts, weights or colours left."""
    import subprocess

    from bench.gold import gold_pdf_name
    from bench.score import score_document
    from tracker.extract.pipeline import extract_pdf

    src = Path("source_pdfs") / gold_pdf_name(doc_id)
    pngs = workdir / f"{doc_id}-png"
    pngs.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(src), str(pngs / "p")], check=True)
    pdf = workdir / f"{doc_id}-scan.pdf"
    subprocess.run(["img2pdf", *sorted(str(p) for p in pngs.glob("p*.png")), "-o", str(pdf)], check=True)
    return score_document(extract_pdf(pdf, cache_dir=workdir / "cache"), load_gold(doc_id))


DECKS = ["isf-2027-informasjonsmote", "isf-2020-informasjonsmote"]
DECK_STYLES = {"deck-banner": True, "deck-plain": False}

REPORTS = ["isf-2025-grunnlagsdokument", "isf-2024-grunnlagsdokument", "isf-2024-endringslogg"]


def score_rendering(doc_id: str, style: HouseStyle, workdir: Path) -> dict:
    from bench.score import score_document
    from tracker.extract.pipeline import extract_pdf

    gold = load_gold(doc_id)
    src = GOLD_DIR / doc_id / "source.md"
    pdf = workdir / f"{doc_id}-{style.name}.pdf"
    render(src.read_text(encoding="utf-8"), pdf, style, gold["title"])
    return score_document(extract_pdf(pdf, ocr=False), gold)


def score_deck(doc_id: str, banner: bool, workdir: Path) -> dict:
    from bench.score import score_document
    from tracker.extract.pipeline import extract_pdf

    gold = load_gold(doc_id)
    pdf = workdir / f"{doc_id}-{'banner' if banner else 'plain'}.pdf"
    render_deck((GOLD_DIR / doc_id / "source.md").read_text(encoding="utf-8"), pdf, banner=banner, title=gold["title"])
    return score_document(extract_pdf(pdf, ocr=False), gold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--style", choices=sorted(STYLES), action="append")
    ap.add_argument("--doc", choices=REPORTS + DECKS, action="append")
    ap.add_argument("--scan", action="store_true", help="score scanned copies of the corpus PDFs instead (OCR)")
    args = ap.parse_args(argv)
    print(f"{'document':30} {'style':11} {'head F1':>8} {'body':>7} {'chars':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for doc_id in args.doc or REPORTS + DECKS:
            if args.scan:
                runs = [("scan 150 dpi", score_scan(doc_id, Path(tmp)))]
            elif doc_id in DECKS:
                runs = [(name, score_deck(doc_id, banner, Path(tmp))) for name, banner in DECK_STYLES.items()]
            else:
                runs = [(name, score_rendering(doc_id, STYLES[name], Path(tmp))) for name in args.style or sorted(STYLES)]
            for name, s in runs:
                print(f"{doc_id:30} {name:11} {s['heading_f1']:8.3f} {s['body']:7.3f} {s['chars']:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
