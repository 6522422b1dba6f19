"""A page per executable rule (function) or parameter, and a page per cited source file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from tracker.model import Document, Section
from tracker.site.data import RULES_INDEX, Page, SiteData, code_page, document_page, lineage_page, rule_page
from tracker.site.escape import escape_preformatted, escape_text
from tracker.site.markup import link, md_table, render_value
from tracker.site.pages.documents import section_heading, unique_anchors
from tracker.site.status import owner_status

STATUS_LABELS = {"ok": "ok", "suspect": "usikker", "diverged": "avviker", "unknown": "ikke kontrollert"}


def status_badge(status: str) -> str:
    return f'<span class="isf-badge isf-status-{status}">{STATUS_LABELS.get(status, escape_text(status))}</span>'


def find_cited_section(doc: Document, citation: Any) -> Section | None:
    """The section a citation points at: by extracted id, else printed number, else title."""
    if getattr(citation, "section_id", None):
        for s in doc.sections:
            if s.id == citation.section_id:
                return s
    if getattr(citation, "section", None):
        for s in doc.sections:
            if s.number == citation.section:
                return s
    title = (getattr(citation, "title", None) or "").casefold().strip()
    if title:
        for s in doc.sections:
            if s.title.casefold().strip() == title:
                return s
    return None


def citation_link(data: SiteData, from_page: str, citation: Any) -> str:
    """"Document §section" linking to the section on its document page (plain text if not found)."""
    doc = data.document(citation.doc)
    label = escape_text(getattr(citation, "section_label", None) or citation.section or citation.title or "")
    if doc is None:
        return f"{escape_text(citation.doc)} §{label} (dokumentet er ikke med i nettstedet)"
    section = find_cited_section(doc, citation)
    if section is None:
        return f"{link(from_page, document_page(doc.id), escape_text(doc.title))} §{label} (seksjonen finnes ikke)"
    anchor = unique_anchors(doc)[section.id]
    return (f"{link(from_page, document_page(doc.id), escape_text(doc.title))} "
            f"§{link(from_page, document_page(doc.id), section_heading(section), anchor)}")


def source_link(from_page: str, source_file: str, line: int) -> str:
    return link(from_page, code_page(source_file), f"{escape_text(source_file)}:{line}", anchor=f"L{line}")


def _citation_block(data: SiteData, page: str, citation: Any, statuses: dict[str, str]) -> list[str]:
    status = statuses.get(citation.key, "unknown")
    out = [f"- {citation_link(data, page, citation)} {status_badge(status)}", ""]
    out += [f"    > {escape_text(citation.quote)}", ""]
    lineage = citation.lineage if data.has_lineage_page(citation.lineage) else None
    doc = data.document(citation.doc)
    section = find_cited_section(doc, citation) if doc else None
    if lineage is None and section is not None:
        lineage = data.lineage_of(doc.id, section.id)
    if lineage:
        title = data.registry.lineage(lineage).title
        out += [f"    Regeltemaet over årene: {link(page, lineage_page(lineage), escape_text(title))}", ""]
    return out


def _documents_cited(data: SiteData, citations: Iterable[Any]) -> list[Document]:
    ids = {c.doc for c in citations}
    return [d for d in data.documents if d.id in ids]


def render_parameter(data: SiteData, param: Any, statuses: dict[str, str]) -> Page:
    page = rule_page(param.name)
    out = [f"# Parameter {escape_text(param.name)}", "", escape_text(param.description), "",
           md_table(["Egenskap", "Verdi"], [
               ["Enhet", escape_text(param.unit)],
               ["Kontrollstatus", status_badge(owner_status(statuses, param.name, (c.key for c in param.citations)))],
               ["Kildekode", source_link(page, param.source_file, param.line)],
           ]), "", "## Verdier per år { #verdier }", ""]
    for entry in param.values:
        label = str(entry.start.year) if (entry.start.month, entry.start.day) == (1, 1) else entry.start.isoformat()
        out += [f"### Fra {label} {{ #fra-{label} }}", ""]
        if entry.unchanged:
            out += ["Uendret fra forrige verdi, ifølge teksten.", ""]
        out += [render_value(entry.value), ""]
        if entry.note:
            out += [f"*Merknad:* {escape_text(entry.note)}", ""]
        out += [f"Kildekode: {source_link(page, param.source_file, entry.line)}", "", "Sitert tekst:", ""]
        for c in entry.citations:
            out += _citation_block(data, page, c, statuses)
    return Page(path=page, title=param.name, markdown="\n".join(out),
                sources=_documents_cited(data, param.citations))


def render_function(data: SiteData, func: Any, statuses: dict[str, str]) -> Page:
    page = rule_page(func.name)
    uses = [link(page, rule_page(u), escape_text(u)) for u in func.uses]
    out = [f"# Regel {escape_text(func.name)}", "", escape_text(func.description), "",
           md_table(["Egenskap", "Verdi"], [
               ["Kildekode", source_link(page, func.source_file, func.line)],
               ["Bruker parametere", ", ".join(uses) or "ingen"],
               ["Kontrollstatus", status_badge(owner_status(statuses, func.name, (c.key for c in func.citations)))],
           ]), "", "## Sitert tekst { #sitater }", ""]
    for c in func.citations:
        out += _citation_block(data, page, c, statuses)
    return Page(path=page, title=func.name, markdown="\n".join(out), sources=_documents_cited(data, func.citations))


def render_code_page(repo_root: Path, source_file: str) -> Page:
    """A source file with an anchor per line (L12), so rule pages can link to file:line offline."""
    path = repo_root / source_file
    lines = path.read_text(encoding="utf-8").splitlines()
    body = "\n".join(f'<span id="L{i}" class="isf-line">{escape_preformatted(line)}</span>'
                     for i, line in enumerate(lines, start=1))
    md = f"# {escape_text(source_file)}\n\n<pre class=\"isf-code\"><code>{body}</code></pre>\n"
    return Page(path=code_page(source_file), title=source_file, markdown=md, sources=[])


def rule_source_files(data: SiteData) -> list[str]:
    return sorted({p.source_file for p in data.parameters} | {f.source_file for f in data.functions})


def render_rules(data: SiteData, statuses: dict[str, str]) -> list[Page]:
    pages = [render_parameter(data, p, statuses) for p in data.parameters]
    pages += [render_function(data, f, statuses) for f in data.functions]
    files = rule_source_files(data)
    pages += [render_code_page(data.repo_root, f) for f in files]
    rows: list[Sequence[str]] = []
    for p in data.parameters:
        years = ", ".join(sorted({str(v.start.year) for v in p.values}))
        rows.append([link(RULES_INDEX, rule_page(p.name), escape_text(p.name)), "parameter", years,
                     status_badge(owner_status(statuses, p.name, (c.key for c in p.citations)))])
    for f in data.functions:
        rows.append([link(RULES_INDEX, rule_page(f.name), escape_text(f.name)), "regel", "",
                     status_badge(owner_status(statuses, f.name, (c.key for c in f.citations)))])
    index = "\n".join(["# Regler og parametere", "",
                       "De kjørbare reglene og parameterne, med verdier per år og teksten de bygger på.", "",
                       md_table(["Navn", "Type", "År", "Kontroll"], rows), ""])
    pages.insert(0, Page(path=RULES_INDEX, title="Regler og parametere", markdown=index,
                         sources=_documents_cited(data, [c for p in data.parameters for c in p.citations]
                                                  + [c for f in data.functions for c in f.citations])))
    return pages
