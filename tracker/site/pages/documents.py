"""A page per document: sections in order with anchors, PDF page numbers and links, tables, and under
each section the rules and parameters that cite it."""

from __future__ import annotations

from collections.abc import Callable

from tracker.model import Document, Section, Table
from tracker.site.data import DOCS_INDEX, Page, SiteData, document_page, lineage_page, pdf_file
from tracker.site.escape import escape_text
from tracker.site.markup import (
    KIND_LABELS,
    html_table,
    link,
    md_table,
    paragraphs,
    render_value,
    section_anchor,
    slug,
)


def section_heading(section: Section) -> str:
    number = f"{escape_text(section.number)} " if section.number else ""
    title = escape_text(section.title) or ("" if number else f"(uten tittel, side {section.page})")
    return f"{number}{title}".strip()


# Anchors are asked for once per link to a section; computing them is linear in the document, so
# they are kept per document object for the duration of a build (see clear_anchor_cache).
_ANCHOR_CACHE: dict[int, tuple[Document, dict[str, str]]] = {}


def clear_anchor_cache() -> None:
    _ANCHOR_CACHE.clear()


def unique_anchors(doc: Document) -> dict[str, str]:
    """Section id → anchor, made unique within the page (ids differ, slugs might collide)."""
    cached = _ANCHOR_CACHE.get(id(doc))
    if cached is not None and cached[0] is doc:
        return cached[1]
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for s in doc.sections:
        base = section_anchor(s.id)
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        anchors[s.id] = anchor
    _ANCHOR_CACHE[id(doc)] = (doc, anchors)
    return anchors


def _table_block(table: Table, number: int, page_path: str, doc: Document) -> str:
    pages = table.pages or [table.page]
    where = f"side {pages[0]}" if len(pages) == 1 else f"sidene {pages[0]}–{pages[-1]}"
    caption = escape_text(table.caption) if table.caption else f"Tabell {number}"
    pdf = link(page_path, pdf_file(doc.id), where, anchor=f"page={doc.pdf_page(table.page)}")
    return f"**{caption}** ({pdf})\n\n" + html_table(table.header, table.rows)


def _page_label(doc: Document, page: int) -> str:
    """Where a section starts, as a reader finds it in the PDF (on a sheet of two pages: which sheet)."""
    if not any(p.sheet for p in doc.page_info):
        return f"Side {page} i PDF-en"
    return f"Side {page} (ark {doc.pdf_page(page)} i PDF-en)"


RECORD_LABELS = {
    "renumbering": "Omnummereringer",
    "code_group_change": "Endringer i grupper (DRG, STG, TFG)",
    "code_replacement": "Koder som er erstattet",
    "deadline": "Frister",
    "activity_basis": "Aktivitetsgrunnlag",
    "change_log": "Endringslogg",
}


# The code words of the records' fields (tracker.model: GroupChange, CodeChange, RenumberingStatus) as
# readers see them.
RECORD_VALUE_LABELS: dict[str, dict[object, str]] = {
    "change": {"added": "opprettes", "removed": "utgår", "renamed": "nytt navn", "replaced": "erstattes"},
    "status": {"renumbered": "nytt nummer", "unchanged": "samme nummer", "removed": "utgår"},
}


def _records_block(doc: Document, path: str) -> list[str]:
    """The typed change records read from the document's tables, one table per type."""
    out = ["## Endringsposter fra tabellene { #endringsposter }", "",
           "Endringene som uttrekket har lest som strukturerte poster fra tabellene i dokumentet.", ""]
    by_type: dict[str, list] = {}
    for r in doc.records:
        by_type.setdefault(r.type, []).append(r)
    for kind, records in by_type.items():
        out += [f"### {RECORD_LABELS.get(kind, escape_text(kind))} {{ #poster-{slug(kind)} }}", ""]
        rows = [{"side": r.page, **{k: v for k, v in r.fields.model_dump(mode="json").items() if v not in (None, {}, [])}}
                for r in records]
        out += [render_value(rows, labels=RECORD_VALUE_LABELS), ""]
    return out


def _citing_block(data: SiteData, doc: Document, section: Section, path: str) -> list[str]:
    """"Regler som bygger på dette avsnittet:" with a link and a check badge per citing rule (none: nothing)."""
    from tracker.site.pages.rules import citing_rules, status_badge  # rules.py imports this module

    citing = citing_rules(data, doc.id, section.id)
    if not citing:
        return []
    out = ["Regler som bygger på dette avsnittet:", "{: .isf-citing }", ""]
    out += [f"- {link(path, page, escape_text(label))} {status_badge(status)}" for page, label, status in citing]
    return out + [""]


def render_document(doc: Document, lineage_of: Callable[[str, str], str | None] | None = None,
                    data: SiteData | None = None) -> Page:
    """The document's page. With ``data`` (the build's data), each section cited by a parameter or rule
    function lists them."""
    path = document_page(doc.id)
    anchors = unique_anchors(doc)
    ocr_pages = [p.page for p in doc.page_info if p.source != "text-layer"]
    facts = [
        ["År", str(doc.year) if doc.year else "ukjent"],
        ["Type", KIND_LABELS.get(doc.kind, doc.kind)],
        ["Sider", str(doc.source.pages)],
        ["Seksjoner", str(len(doc.sections))],
        ["Tabeller", str(len(doc.tables))],
        ["Kilde-PDF", link(path, pdf_file(doc.id), escape_text(doc.source.path.rsplit("/", 1)[-1]))],
        ["Tekst fra OCR", f"{len(ocr_pages)} av {doc.source.pages} sider" if ocr_pages else "nei (tekstlag)"],
    ]
    out = [f"# {escape_text(doc.title)}", "", md_table(["Egenskap", "Verdi"], facts), ""]
    if doc.warnings:
        out += ['!!! warning "Merknader fra uttrekket"', ""]
        out += [f"    - {escape_text(w)}" for w in doc.warnings]
        out.append("")
    if doc.preamble.strip():
        out += ["## Innledende tekst { #innledning }", "", paragraphs(doc.preamble), ""]

    tables_by_section: dict[str, list[tuple[int, Table]]] = {}
    loose_tables: list[tuple[int, Table]] = []
    numbers = {s.number for s in doc.sections if s.number}
    for i, t in enumerate(doc.tables, start=1):
        if t.section and t.section in numbers:
            tables_by_section.setdefault(t.section, []).append((i, t))
        else:
            loose_tables.append((i, t))

    if doc.sections:
        out += ["## Innhold { #innhold }", ""]
        for s in doc.sections:
            indent = "    " * (min(s.level, 4) - 1)
            out.append(f"{indent}- {link(path, path, section_heading(s), anchors[s.id])}")
        out.append("")
    placed_tables: set[str] = set()
    for s in doc.sections:
        level = min(s.level + 1, 6)
        out += [f"{'#' * level} {section_heading(s)} {{ #{anchors[s.id]} }}", ""]
        refs = [link(path, pdf_file(doc.id), _page_label(doc, s.page), f"page={doc.pdf_page(s.page)}")]
        lineage = lineage_of(doc.id, s.id) if lineage_of else None
        if lineage:
            refs.append(link(path, lineage_page(lineage), "regeltemaet over årene"))
        out += [" · ".join(refs), "{: .isf-pageref }", ""]
        if s.text.strip():
            out += ['<div class="isf-text" markdown>', "", paragraphs(s.text), "", "</div>", ""]
        if s.number and s.number in tables_by_section and s.number not in placed_tables:
            # A number can repeat (e.g. a slide deck quoting the same rule twice): place its tables once.
            placed_tables.add(s.number)
            for i, t in tables_by_section[s.number]:
                out += [_table_block(t, i, path, doc), ""]
        if data is not None:
            out += _citing_block(data, doc, s, path)
    if doc.records:
        out += _records_block(doc, path)
    if loose_tables:
        out += ["## Tabeller uten seksjon { #tabeller }", ""]
        for i, t in loose_tables:
            out += [_table_block(t, i, path, doc), ""]
    return Page(path=path, title=doc.title, markdown="\n".join(out), sources=[doc])


def render_documents_index(docs: list[Document]) -> Page:
    rows = [
        [str(d.year or ""), link(DOCS_INDEX, document_page(d.id), escape_text(d.title)),
         KIND_LABELS.get(d.kind, d.kind), str(d.source.pages), str(len(d.sections)), str(len(d.tables))]
        for d in docs
    ]
    md = "\n".join([
        "# Dokumenter", "",
        "Alle dokumentene nettstedet er bygget fra, med seksjoner og tabeller slik de er lest ut av PDF-ene.", "",
        md_table(["År", "Dokument", "Type", "Sider", "Seksjoner", "Tabeller"], rows), "",
    ])
    return Page(path=DOCS_INDEX, title="Dokumenter", markdown=md, sources=list(docs))
