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
from tracker.site.escape import escape_lines, escape_text
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


def provenance(docs: Sequence[Document], whole_site: bool = False) -> str:
    """The "built from" line every page ends with: which documents and years, derived from the
    documents themselves (never the clock) so that a rebuild gives the same page.

    ``whole_site`` is for pages not made from documents (the hand-written ones): they name what the
    site as a whole is built from."""
    if not docs:
        return '<p class="isf-provenance">Siden er ikke bygget fra noen dokumenter.</p>'
    subject = "Nettstedet er bygget" if whole_site else "Bygget"
    ordered = sorted(docs, key=lambda d: (d.year or 0, d.kind, d.id))
    parts = []
    for d in ordered:
        digest = f", PDF sha256 {d.source.sha256[:12]}" if d.source.sha256 else ""
        parts.append(f"{escape_text(d.title)} ({d.year or 'uten år'}{digest})")
    years = doc_years(ordered)
    latest = max(ordered, key=lambda d: (d.year or 0, d.id))
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "uten år")
    return (
        '<p class="isf-provenance">'
        f"{subject} fra {len(ordered)} dokument{'er' if len(ordered) != 1 else ''} ({span}): "
        + "; ".join(parts)
        + f". Oppdatert per {latest.year or 'uten år'} ({escape_text(latest.title)}).</p>"
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


def render_value(value: Any) -> str:
    """A parameter value as Markdown/HTML: scalars as text, lists of mappings as a table."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        keys: list[str] = []
        for row in value:
            keys += [k for k in row if k not in keys]
        rows = [[_cell(row.get(k)) for k in keys] for row in value]
        return html_table([FIELD_LABELS.get(k, k) for k in keys], rows)
    if isinstance(value, list):
        return ", ".join(escape_text(_cell(v)) for v in value)
    if isinstance(value, dict):
        return md_table(["Nøkkel", "Verdi"], [[escape_text(str(k)), escape_text(_cell(v))] for k, v in value.items()])
    return escape_text(str(value))


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return "" if value is None else str(value)
