"""Small documents in layouts the corpus does not have: a memo with a table of contents, two
columns, bookmarks. Drawn with reportlab's platypus in embedded Vera fonts (see tests/pdfgen.py).

A document is a list of blocks: ``("h", level, number | None, title)`` or ``("p", text)``.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from tests.pdfgen import embedded_fonts

Block = tuple


def _page_count_canvas(font: str):  # noqa: ANN202
    """A canvas that prints "Side N av M" once the number of pages M is known."""

    class PageCountCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            super().__init__(*args, **kwargs)
            self.setFont(font, 9)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 9)
                self.drawRightString(A4[0] - 60, 30, f"Side {self._pageNumber} av {len(self._pages)}")
                super().showPage()
            super().save()

    return PageCountCanvas


class _Doc(BaseDocTemplate):
    outline = False

    def afterFlowable(self, flowable) -> None:  # noqa: ANN001, N802
        if isinstance(flowable, Paragraph) and flowable.style.name.startswith("h"):
            level = int(flowable.style.name[1])
            text = getattr(flowable, "_outline_title", flowable.getPlainText())
            # The contents list every number, also those the heading itself does not print.
            self.notify("TOCEntry", (level - 1, text, self.page))
            if self.outline:
                key = f"h{id(flowable)}"
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(text, key, level=level - 1)


def _styles(size: float, heading_sizes: tuple[float, float, float]) -> tuple[ParagraphStyle, list[ParagraphStyle]]:
    fonts = embedded_fonts()
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=size, leading=size * 1.3, spaceAfter=size * 0.6)
    heads = [
        ParagraphStyle(f"h{d}", fontName=fonts.bold, fontSize=hs, leading=hs * 1.3, spaceBefore=hs * 0.8,
                       spaceAfter=hs * 0.4)
        for d, hs in enumerate(heading_sizes, start=1)
    ]
    return body, heads


def _story(blocks: list[Block], body: ParagraphStyle, heads: list[ParagraphStyle], *, capitals: bool,
           print_numbers_to: int = 9) -> list:
    story: list = []
    for b in blocks:
        if b[0] == "h":
            _, level, number, title = b
            shown = title.upper() if capitals and level == 1 else title
            full = f"{number} {shown}" if number else shown
            para = Paragraph(escape(full if number and level <= print_numbers_to else shown), heads[level - 1])
            para._outline_title = f"{number} {title}" if number else title  # type: ignore[attr-defined]
            story.append(para)
        else:
            story.append(Paragraph(escape(b[1]), body))
    return story


def memo_with_toc(path: Path, title: str, blocks: list[Block], *, print_numbers_to: int = 9) -> Path:
    """A plain memo: "Innhold" with dot leaders and page numbers on the first page, headings in
    bold at body size (level 1 in capitals), the title as running header, "Side N av M" below."""
    fonts = embedded_fonts()
    body, heads = _styles(11, (11, 11, 11))
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [
        ParagraphStyle(f"toc{i}", fontName=fonts.regular, fontSize=10, leading=13, leftIndent=14 * i)
        for i in range(3)
    ]
    story = [Paragraph("Innhold", heads[0]), toc, PageBreak()]
    story += _story(blocks, body, heads, capitals=True, print_numbers_to=print_numbers_to)

    def header(canv, _doc) -> None:  # noqa: ANN001
        canv.saveState()
        canv.setFont(fonts.regular, 9)
        canv.drawString(60, A4[1] - 40, title)
        canv.restoreState()

    doc = _Doc(str(path), pagesize=A4, title=title)
    doc.addPageTemplates([PageTemplate(frames=[Frame(60, 60, A4[0] - 120, A4[1] - 130)], onPage=header)])
    doc.multiBuild(story, canvasmaker=_page_count_canvas(fonts.regular))
    return path


def two_columns(path: Path, title: str, blocks: list[Block]) -> Path:
    """Two columns of justified 9 pt text with a 14 pt gutter; headings bold, larger for chapters."""
    body, heads = _styles(9, (14, 10.5, 9))
    body.alignment = 4  # justified
    width = (A4[0] - 120 - 14) / 2
    frames = [Frame(60, 60, width, A4[1] - 130, id="left"), Frame(60 + width + 14, 60, width, A4[1] - 130, id="right")]
    doc = _Doc(str(path), pagesize=A4, title=title)
    doc.addPageTemplates([PageTemplate(frames=frames)])
    doc.build(_story(blocks, body, heads, capitals=False), canvasmaker=_page_count_canvas(embedded_fonts().regular))
    return path


def with_outline(path: Path, title: str, blocks: list[Block], *, outline: bool = True) -> Path:
    """Numbers printed only on chapter headings; every heading bookmarked with its number (unless
    ``outline`` is False: then nothing in the file says the subheadings' numbers)."""
    body, heads = _styles(10.5, (16, 12.5, 10.5))
    doc = _Doc(str(path), pagesize=A4, title=title)
    doc.outline = outline
    doc.addPageTemplates([PageTemplate(frames=[Frame(60, 60, A4[0] - 120, A4[1] - 130)])])
    doc.build(_story(blocks, body, heads, capitals=False, print_numbers_to=1))
    return path
