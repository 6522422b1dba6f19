"""Re-render the corpus gold texts in other layouts and score extraction on them.

The corpus PDFs are one rendering each; the extractor must not fit their exact layouts. This
renders each report's ``source.md`` (dialect in ../shared/corpus/README.md) with reportlab's
platypus in several house styles and scores the extraction against the same gold.

    python -m bench.renderings [--style NAME] [--doc DOC_ID]
"""

from __future__ import annotations

import argparse
import re
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


def parse_source(md: str) -> list[tuple[str, object]]:
    """source.md → blocks: ('h', (depth, number, title)), ('p', text), ('ul', [items]),
    ('table', (caption, rows)), ('page', None)."""
    md = re.sub(r"^---\n.*?\n---\n", "", md, flags=re.S)
    blocks: list[tuple[str, object]] = []
    lines = md.splitlines()
    i = 0
    caption = None
    while i < len(lines):
        ln = lines[i].rstrip()
        if ln.startswith("<!-- page"):
            blocks.append(("page", None))
        elif ln.startswith("<!--") or not ln.strip():
            pass
        elif m := re.match(r"^(#{1,3})\s+(?:(\d+(?:\.\d+)*)\s+)?(.*)$", ln):
            blocks.append(("h", (len(m.group(1)), m.group(2), m.group(3))))
        elif ln.startswith("Table:"):
            caption = ln.removeprefix("Table:").strip()
        elif ln.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            blocks.append(("table", (caption, rows)))
            caption = None
            continue
        elif ln.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(lines[i][2:].strip())
                i += 1
            blocks.append(("ul", items))
            continue
        else:
            blocks.append(("p", ln.strip()))
        i += 1
    return blocks


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


REPORTS = ["isf-2025-grunnlagsdokument", "isf-2024-grunnlagsdokument", "isf-2024-endringslogg"]


def score_rendering(doc_id: str, style: HouseStyle, workdir: Path) -> dict:
    from bench.score import score_document
    from tracker.extract.pipeline import extract_pdf

    gold = load_gold(doc_id)
    src = GOLD_DIR / doc_id / "source.md"
    pdf = workdir / f"{doc_id}-{style.name}.pdf"
    render(src.read_text(encoding="utf-8"), pdf, style, gold["title"])
    return score_document(extract_pdf(pdf, ocr=False), gold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--style", choices=sorted(STYLES), action="append")
    ap.add_argument("--doc", choices=REPORTS, action="append")
    args = ap.parse_args(argv)
    print(f"{'document':30} {'style':10} {'head F1':>8} {'body':>7} {'chars':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for doc_id in args.doc or REPORTS:
            for name in args.style or sorted(STYLES):
                s = score_rendering(doc_id, STYLES[name], Path(tmp))
                print(f"{doc_id:30} {name:10} {s['heading_f1']:8.3f} {s['body']:7.3f} {s['chars']:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
