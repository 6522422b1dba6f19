"""Small builders for the Markdown/HTML the page generators write.

Everything taken from a document goes through :func:`tracker.site.escape.escape_text`; the
builders here only add structure around text that is already escaped.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable, Sequence
from typing import Any

from tracker.model import Document
from tracker.site.data import document_page
from tracker.site.escape import escape_lines, escape_text
from tracker.site.numbers import format_date, format_number, format_value
from tracker.slug import slug

KIND_LABELS = {
    "grunnlagsdokument": "grunnlagsdokument",
    "endringslogg": "endringslogg",
    "presentasjon": "presentasjon",
    "regelverk": "regelverk",
    "presiseringsdokument": "presiseringsdokument",
    "annet": "annet dokument",
}

def section_anchor(section_id: str) -> str:
    """The anchor of a section on its document page ("s-6.14" → "s-6-14")."""
    return slug(section_id)


def relative_link(from_page: str, to_path: str) -> str:
    """A link from one page (its src path, e.g. "tema/x.md") to another file of the site."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


def link(from_page: str, to_path: str, text_escaped: str, anchor: str | None = None) -> str:
    target = relative_link(from_page, to_path) + (f"#{anchor}" if anchor else "")
    return f"[{text_escaped}]({target})"


def paragraphs(text: str | None) -> str:
    """PDF text as Markdown paragraphs, one per PDF line; bullet lines become list items."""
    blocks: list[str] = []
    for line in (text or "").splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        bullet = re.match(r"^[-•–▪●◦]\s+(.*)$", stripped)
        if bullet:
            item = f"- {escape_text(bullet.group(1))}"
            if blocks and blocks[-1].startswith("- "):
                blocks[-1] += "\n" + item
            else:
                blocks.append(item)
        else:
            blocks.append(escape_text(stripped))
    return "\n\n".join(blocks)


def html_table(header: Sequence[str], rows: Iterable[Sequence[str]], *, escaped: bool = False,
               css_class: str | None = None) -> str:
    """A raw HTML table (cells may hold line breaks, which pipe tables cannot).

    With ``escaped=False`` the cells are PDF text and are escaped here; generators that build
    cells with links pass ``escaped=True``.
    """

    def cell(value: str) -> str:
        return value if escaped else "<br>".join(escape_lines(value))

    cls = f' class="{css_class}"' if css_class else ""
    # Wide tables scroll inside the content column instead of running under the table of contents.
    out = ['<div class="isf-scroll">', f"<table{cls}>", "<thead><tr>" + "".join(f"<th>{cell(h)}</th>" for h in header) + "</tr></thead>",
           "<tbody>"]
    for row in rows:
        padded = list(row) + [""] * (len(header) - len(row))
        out.append("<tr>" + "".join(f"<td>{cell(c)}</td>" for c in padded) + "</tr>")
    out.append("</tbody></table>")
    out.append("</div>")
    return "\n".join(out)


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table of cells that are already escaped Markdown (links allowed)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def doc_label(doc: Document) -> str:
    return escape_text(doc.title)


def doc_years(docs: Iterable[Document]) -> list[int]:
    return sorted({d.year for d in docs if d.year is not None})


def provenance(docs: Sequence[Document], whole_site: bool = False, from_page: str | None = None,
               about_page: str | None = None) -> str:
    """The "built from" line every page ends with: which documents and years, derived from the
    documents themselves (never the clock) so that a rebuild gives the same page. No hashes: those
    are on the "Om dataene" page (``about_page``), which the line links to.

    ``whole_site`` is for pages not made from documents (the hand-written ones): they name what the
    site as a whole is built from. With ``from_page`` (the page's src path) the documents' titles link
    to their pages; with ``about_page`` too, the line ends with a link to it. A Markdown paragraph
    (attr_list gives it its class), so that mkdocs checks and rewrites the links."""
    if not docs:
        return "Siden er ikke bygget fra noen dokumenter.\n{: .isf-provenance }"
    subject = "Nettstedet er bygget" if whole_site else "Bygget"
    ordered = sorted(docs, key=lambda d: (d.year or 0, d.kind, d.id))

    def name(d: Document) -> str:
        title = escape_text(d.title)
        return link(from_page, document_page(d.id), title) if from_page is not None else title

    parts = [f"{name(d)} ({d.year or 'uten år'})" for d in ordered]
    years = doc_years(ordered)
    latest = max(ordered, key=lambda d: (d.year or 0, d.id))
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "uten år")
    about = (f" Om kildene og hvordan sidene er laget: {link(from_page, about_page, 'Om dataene')}."
             if from_page is not None and about_page is not None and about_page != from_page else "")
    return (
        f"{subject} fra {len(ordered)} dokument{'er' if len(ordered) != 1 else ''} ({span}): "
        + "; ".join(parts)
        + f". Oppdatert per {latest.year or 'uten år'} ({escape_text(latest.title)}).{about}\n{{: .isf-provenance }}"
    )


# Field names of the typed records (tracker.model), which the rule parameters' tables share, as readers see them.
FIELD_LABELS = {
    "page": "side", "side": "side", "old_number": "gammelt nr.", "old_title": "gammel tittel",
    "new_number": "nytt nr.", "new_title": "ny tittel", "note": "merknad", "status": "status",
    "old_year": "fra år", "new_year": "til år", "system": "system", "code": "kode", "hdg": "HDG",
    "name": "navn", "change": "endring", "with_financing": "med finansiering", "other": "annet",
    "old_code": "gammel kode", "old_text": "gammel tekst", "new_code": "ny kode", "new_text": "ny tekst",
    "change_text": "endringstekst", "document": "dokument", "location": "sted", "chapter_number": "kapittel",
    "chapter_title": "kapitteltittel", "appendix": "vedlegg", "appendix_title": "vedleggstittel",
    "unit_type": "enhet", "activity_type": "aktivitet", "activities": "aktiviteter", "refund": "ISF-refusjon",
    "refund_note": "merknad", "tertial": "tertial", "period": "periode", "period_start": "periodestart",
    "period_end": "periodeslutt", "first_delivery": "første frist", "final_delivery": "endelig frist",
}


def escape_value(text: str) -> str:
    """A formatted value (:mod:`tracker.site.numbers`) escaped like :func:`escape_text` (which keeps its
    no-break spaces), line by line: a table value's lines stay lines (``<br>``)."""
    lines = [line for line in text.splitlines() if line.strip()] or [""]
    return "<br>".join(escape_text(line) for line in lines)


def render_value(value: Any, unit: str = "", *, columns: dict[str, str] | None = None,
                 labels: dict[str, dict[Any, str]] | None = None) -> str:
    """A value as Markdown/HTML for readers: scalars in their unit (:func:`tracker.site.numbers.format_value`),
    lists of mappings as a table.

    ``columns`` (column → Norwegian header) orders and names a table's columns (others follow, named by
    :data:`FIELD_LABELS`); ``labels`` (column → {cell value → Norwegian}) rewrites cells that are code words
    (a parameter's ``columns_nb`` and ``values_nb``).
    """
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        keys: list[str] = [k for k in (columns or {}) if any(k in row for row in value)]
        for row in value:
            keys += [k for k in row if k not in keys]
        headers = [(columns or {}).get(k) or FIELD_LABELS.get(k, k) for k in keys]
        rows = [[escape_value(cell_text(row.get(k), k, labels)) for k in keys] for row in value]
        return html_table([escape_value(h) for h in headers], rows, escaped=True)
    if isinstance(value, dict):
        return md_table(["Nøkkel", "Verdi"], [[escape_text(str(k)), escape_text(cell_text(v))] for k, v in value.items()])
    if unit:
        return escape_value(format_value(value, unit))
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(escape_text(cell_text(v)) for v in value)
    return escape_text(cell_text(value))


def cell_text(value: Any, column: str = "", labels: dict[str, dict[Any, str]] | None = None) -> str:
    """One table cell as plain text: a label of ``labels`` first, then yes/no, Norwegian dates and numbers."""
    named = (labels or {}).get(column)
    if named is not None and isinstance(value, str | int | float | bool | type(None)) and value in named:
        return named[value]
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, int | float) and "year" not in column:
        return format_number(value)
    if isinstance(value, list | tuple):
        return ", ".join(cell_text(v, column, labels) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {cell_text(v, k, labels)}" for k, v in value.items())
    return "" if value is None else str(value)
