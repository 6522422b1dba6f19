"""PDFs carrying an outline or a tagged structure tree, for tests of tracker.extract.structure.

reportlab writes outlines (bookmarks) but no structure tree; the other files are written object by
object with :func:`raw_pdf`, which numbers the objects and computes the cross-reference table.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph

# --- reportlab: bookmarks set from a doctemplate's afterFlowable --------------------------------


class _OutlinedDoc(BaseDocTemplate):
    """Every Heading1..3 paragraph gets a bookmark at its top (an /XYZ destination) and an outline
    entry at its level; ``self.marks`` records (title, level, page, top in pdfplumber coordinates)."""

    def __init__(self, path: str, fit: str = "XYZ", **kw) -> None:  # noqa: ANN003
        super().__init__(path, pagesize=A4, **kw)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self.fit = fit
        self.marks: list[tuple[str, int, int, float]] = []

    def afterFlowable(self, flowable) -> None:  # noqa: ANN001
        style = getattr(getattr(flowable, "style", None), "name", "")
        if not style.startswith("Heading"):
            return
        level = int(style[-1])
        title = flowable.getPlainText()
        key = f"h{len(self.marks)}"
        # The frame's cursor is below the flowable and its space after: its top is back up there.
        top_y = self.frame._y + flowable.getSpaceAfter() + flowable.height
        if self.fit == "XYZ":
            self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top_y)
        elif self.fit == "FitH":
            self.canv.bookmarkPage(key, fit="FitH", top=top_y)
        else:
            self.canv.bookmarkPage(key)  # /Fit: the page only
        self.canv.addOutlineEntry(title, key, level=level - 1)
        self.marks.append((title, level, self.canv.getPageNumber(), A4[1] - top_y))


def outlined_report(path: Path, pages: list[list[tuple[str, str]]], *, fit: str = "XYZ") -> list[tuple]:
    """A report whose headings are bookmarked. Items: ('h1'|'h2'|'h3', title), ('p', text).
    Returns the bookmarks written: (title, level, page, top)."""
    styles = getSampleStyleSheet()
    story: list = []
    for n, items in enumerate(pages):
        if n:
            story.append(PageBreak())
        for kind, text in items:
            style = {"h1": "Heading1", "h2": "Heading2", "h3": "Heading3"}.get(kind, "BodyText")
            story.append(Paragraph(text, styles[style]))
    doc = _OutlinedDoc(str(path), fit=fit)
    doc.build(story)
    return doc.marks


# --- hand-written PDFs --------------------------------------------------------------------------


def raw_pdf(objects: list[str | bytes], *, root: int = 1) -> bytes:
    """A PDF from object bodies; object n is ``objects[n - 1]``. A body may hold a stream, written
    as ``<< ... >>\\nstream\\n...\\nendstream`` (give /Length yourself, or use :func:`stream`)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        data = body.encode("latin-1") if isinstance(body, str) else body
        out += f"{n} 0 obj\n".encode() + data + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(content: str, extra: str = "") -> str:
    data = content.encode("latin-1")
    return f"<< /Length {len(data)} {extra}>>\nstream\n{content}\nendstream"


def _text_page(lines: list[tuple[float, float, str]]) -> str:
    """Content showing (size, y, text) lines at x = 72, untagged."""
    ops = [f"BT /F1 {size:g} Tf 72 {y:g} Td ({text}) Tj ET" for size, y, text in lines]
    return stream("\n".join(ops))


HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def destinations_pdf(path: Path) -> Path:
    """Three pages, an outline reaching them every way a destination can be written:

    1. "1 Innledning": /Dest (string) → /Names /Dests name tree (two leaves under /Kids, /Limits)
       → [page1 /XYZ 72 700 0]
    2. "1.1 Bakgrunn": /Dest /Name → catalog /Dests dictionary (PDF 1.1) → << /D [page1 /FitH 500] >>
    3. "2 Regelverk": /A << /S /GoTo /D [page2 /XYZ null 650 null] >>
    4. "3 Vedlegg": /A << /S /GoTo /D (string) >> → name tree → [page3 /Fit]
    5. "Utenfor": a /URI action: no page
    """
    objs = [
        # 1 catalog, 2 pages, 3-5 page objects, 6 font, 7-9 contents
        "<< /Type /Catalog /Pages 2 0 R /Outlines 10 0 R /Names << /Dests 16 0 R >> /Dests 19 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> "
        "/Contents 7 0 R >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> "
        "/Contents 8 0 R >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> "
        "/Contents 9 0 R >>",
        HELVETICA,
        _text_page([(18, 700, "1 Innledning"), (14, 500, "1.1 Bakgrunn")]),
        _text_page([(18, 650, "2 Regelverk")]),
        _text_page([(18, 760, "3 Vedlegg")]),
        # 10 outline root, 11-15 entries
        "<< /Type /Outlines /First 11 0 R /Last 15 0 R /Count 4 >>",
        "<< /Title (1 Innledning) /Parent 10 0 R /Next 13 0 R /First 12 0 R /Last 12 0 R /Count 1 "
        "/Dest (innledning) >>",
        "<< /Title (1.1 Bakgrunn) /Parent 11 0 R /Dest /bakgrunn >>",
        "<< /Title (2 Regelverk) /Parent 10 0 R /Prev 11 0 R /Next 14 0 R "
        "/A << /S /GoTo /D [4 0 R /XYZ null 650 null] >> >>",
        "<< /Title (3 Vedlegg) /Parent 10 0 R /Prev 13 0 R /Next 15 0 R /A << /S /GoTo /D (vedlegg) >> >>",
        "<< /Title (Utenfor) /Parent 10 0 R /Prev 14 0 R /A << /S /URI /URI (https://example.org) >> >>",
        # 16 name-tree root with two leaves
        "<< /Kids [17 0 R 18 0 R] >>",
        "<< /Limits [(aaa) (innledning)] /Names [(aaa) [5 0 R /Fit] (innledning) [3 0 R /XYZ 72 700 0]] >>",
        "<< /Limits [(vedlegg) (vedlegg)] /Names [(vedlegg) [5 0 R /Fit]] >>",
        # 19 PDF 1.1 /Dests dictionary
        "<< /bakgrunn << /D [3 0 R /FitH 500] >> >>",
    ]
    path.write_bytes(raw_pdf(objs))
    return path


def cyclic_outline_pdf(path: Path, *, entries: int = 3) -> Path:
    """An outline whose last entry's /Next points back to the first (and the first's /First to
    itself's parent): a naive walk never ends."""
    first = 6
    objs = [
        "<< /Type /Catalog /Pages 2 0 R /Outlines 5 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        f"/Contents {first + entries} 0 R >>",
        HELVETICA,
        f"<< /Type /Outlines /First {first} 0 R /Last {first + entries - 1} 0 R /Count {entries} >>",
    ]
    for i in range(entries):
        n = first + i
        nxt = first if i == entries - 1 else n + 1  # the last loops back to the first
        kids = " /First 5 0 R /Last 5 0 R" if i == 0 else ""  # the first's children: the root again
        objs.append(f"<< /Title (Kapittel {i + 1}) /Parent 5 0 R /Next {nxt} 0 R{kids} "
                    f"/Dest [3 0 R /XYZ 0 {800 - 20 * i} 0] >>")
    objs.append(_text_page([(12, 800 - 20 * i, f"Kapittel {i + 1}") for i in range(entries)]))
    path.write_bytes(raw_pdf(objs))
    return path


def _tagged_content(items: list[tuple[str, int, float, float, list[str]]]) -> str:
    """Marked content: (tag, MCID, size, y, text runs) → `/tag <</MCID n>> BDC BT ... ET EMC`.
    Several runs are drawn one after the other on the line (positioned by width, no spaces)."""
    ops = []
    for tag, mcid, size, y, runs in items:
        body = f"BT /F1 {size:g} Tf 72 {y:g} Td " + " ".join(f"({r}) Tj" for r in runs) + " ET"
        ops.append(f"/{tag} <</MCID {mcid}>> BDC {body} EMC")
    ops.append("/Artifact BMC BT /F1 8 Tf 280 30 Td (Side) Tj ET EMC")
    return stream("\n".join(ops))


def tagged_pdf(path: Path, *, marked: bool = True) -> Path:
    """A minimal tagged PDF of two pages, as a Word export might write it:

    page 1: Overskrift1 "1 Innledning" (RoleMap → H1), P, Overskrift2 "1.1 Bakgrunn" (→ Heading2 → H2),
            P, a plain /H "Sammendrag" whose text comes from /ActualText
    page 2: H1 "2 Regelverk" (standard type, /Pg only on the enclosing Sect), H2 made of two spans
            "2.1 Endringer" + " i 2025" (MCIDs 1 and 2 under Span kids, one via an MCR dict),
            a Table whose cell holds an H3 (tables are not walked), P.
    """
    page1 = _tagged_content([
        ("H1", 0, 18, 760, ["1 Innledning"]),
        ("P", 1, 11, 730, ["Dette dokumentet beskriver ISF."]),
        ("H2", 2, 14, 700, ["1.1 Bakgrunn"]),
        ("P", 3, 11, 680, ["Tekst."]),
        ("H", 4, 14, 650, ["S a m m e n d r a g"]),
    ])
    page2 = _tagged_content([
        ("H1", 0, 18, 760, ["2 Regelverk"]),
        ("Span", 1, 14, 720, ["2.1 Endringer"]),
        ("Span", 2, 14, 700, ["i 2025"]),
        ("TD", 3, 11, 650, ["1.2 Tabelloverskrift"]),
        ("P", 4, 11, 600, ["Mer tekst."]),
    ])
    mark = "/MarkInfo << /Marked true >> " if marked else ""
    objs = [
        # 1 catalog, 2 pages, 3-4 pages, 5 font, 6-7 contents
        f"<< /Type /Catalog /Pages 2 0 R {mark}/StructTreeRoot 8 0 R /Lang (nb-NO) >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        "/Contents 6 0 R /StructParents 0 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        "/Contents 7 0 R /StructParents 1 >>",
        HELVETICA,
        page1,
        page2,
        # 8 StructTreeRoot, 9 Document, 10-14 page 1 elements, 15 Sect page 2, 16-21 its elements
        "<< /Type /StructTreeRoot /K [9 0 R] /ParentTree 22 0 R /RoleMap << /Overskrift1 /H1 "
        "/Overskrift2 /Heading2 /Heading2 /H2 /Avsnitt /P /Loop1 /Loop2 /Loop2 /Loop1 >> >>",
        "<< /Type /StructElem /S /Document /P 8 0 R /K [10 0 R 11 0 R 12 0 R 13 0 R 14 0 R 15 0 R] >>",
        "<< /Type /StructElem /S /Overskrift1 /P 9 0 R /Pg 3 0 R /K 0 >>",
        "<< /Type /StructElem /S /Avsnitt /P 9 0 R /Pg 3 0 R /K [1] >>",
        "<< /Type /StructElem /S /Overskrift2 /P 9 0 R /Pg 3 0 R /K [2] >>",
        "<< /Type /StructElem /S /Loop1 /P 9 0 R /Pg 3 0 R /K [3] >>",
        "<< /Type /StructElem /S /H /P 9 0 R /Pg 3 0 R /K [4] /ActualText (Sammendrag) >>",
        "<< /Type /StructElem /S /Sect /P 9 0 R /Pg 4 0 R /K [16 0 R 17 0 R 20 0 R 21 0 R] >>",
        "<< /Type /StructElem /S /H1 /P 15 0 R /K [0] >>",
        "<< /Type /StructElem /S /H2 /P 15 0 R /Pg 4 0 R /K [18 0 R 19 0 R] >>",
        "<< /Type /StructElem /S /Span /P 17 0 R /Pg 4 0 R /K 1 >>",
        "<< /Type /StructElem /S /Span /P 17 0 R /K << /Type /MCR /Pg 4 0 R /MCID 2 >> >>",
        "<< /Type /StructElem /S /Table /P 15 0 R /Pg 4 0 R /K [23 0 R] >>",
        "<< /Type /StructElem /S /P /P 15 0 R /Pg 4 0 R /K [4] >>",
        # 22 ParentTree: page key → [owner of MCID 0, 1, ...]
        "<< /Nums [0 [10 0 R 11 0 R 12 0 R 13 0 R 14 0 R] 1 [16 0 R 18 0 R 19 0 R 25 0 R 21 0 R]] >>",
        # 23-24 table row and cell holding an H3 (not a section heading)
        "<< /Type /StructElem /S /TR /P 20 0 R /Pg 4 0 R /K [24 0 R] >>",
        "<< /Type /StructElem /S /TD /P 23 0 R /Pg 4 0 R /K [25 0 R] >>",
    ]
    objs.append("<< /Type /StructElem /S /H3 /P 24 0 R /Pg 4 0 R /K [3] >>")
    path.write_bytes(raw_pdf(objs))
    return path


def cyclic_struct_pdf(path: Path, *, depth: int = 0, with_pg: bool = True) -> Path:
    """A tagged PDF whose structure tree loops (an element's kid is its own parent) and, with
    ``depth``, also nests that many Div elements before the heading. Without ``with_pg`` no
    element names its page: only the /ParentTree (page /StructParents 0 → [heading]) does."""
    objs = [
        "<< /Type /Catalog /Pages 2 0 R /MarkInfo << /Marked true >> /StructTreeRoot 6 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R /StructParents 0 >>",
        HELVETICA,
        _tagged_content([("H1", 0, 18, 760, ["1 Innledning"])]),
        f"<< /Type /StructTreeRoot /K 7 0 R /ParentTree << /Nums [0 [{9 + depth} 0 R]] >> >>",
        # 7 Document → [8 (loops to 7), first Div or the heading]
        "<< /Type /StructElem /S /Document /K [8 0 R 9 0 R] >>",
        "<< /Type /StructElem /S /Sect /K [7 0 R 8 0 R] >>",
    ]
    for i in range(depth):
        objs.append(f"<< /Type /StructElem /S /Div /K [{10 + i} 0 R] >>")
    pg = "/Pg 3 0 R " if with_pg else ""
    objs.append(f"<< /Type /StructElem /S /H1 {pg}/K [0 9 0 R] >>")
    path.write_bytes(raw_pdf(objs))
    return path


def many_outline_entries_pdf(path: Path, n: int) -> Path:
    """A flat outline of ``n`` entries (all pointing at the one page)."""
    objs = [
        "<< /Type /Catalog /Pages 2 0 R /Outlines 5 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(""),
        f"<< /Type /Outlines /First 6 0 R /Last {5 + n} 0 R /Count {n} >>",
    ]
    for i in range(n):
        nxt = f" /Next {7 + i} 0 R" if i < n - 1 else ""
        objs.append(f"<< /Title (Punkt {i}) /Parent 5 0 R{nxt} /Dest [3 0 R /Fit] >>")
    path.write_bytes(raw_pdf(objs))
    return path
