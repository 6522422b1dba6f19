"""A page per executable rule (function) or parameter, and a page per cited source file.

Reader pages speak Norwegian: a rule's or parameter's page is titled by its ``label_nb`` and led by its
``description_nb`` (the English ``description`` stays in the code), values are written as Norwegian
readers write them (:mod:`tracker.site.numbers`), and a parameter with numbers gets a history table
and a step chart (:mod:`tracker.site.charts`). Links go both ways: every value links to the passage it
cites and to its line of code; a code page lists the rules defined in it; a document's section lists
the rules that cite it (:func:`citing_rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from tracker.model import Document, Section
from tracker.site.charts import step_chart
from tracker.site.code_anchors import CODE_BLOCK_ID, line_anchor
from tracker.site.data import RULES_INDEX, Page, SiteData, code_page, document_page, lineage_page, rule_page
from tracker.site.escape import escape_text
from tracker.site.markup import escape_value, link, md_table, render_value
from tracker.site.numbers import NUMERIC_UNITS, format_date, format_value, unit_label
from tracker.site.pages.documents import section_heading, unique_anchors
from tracker.site.status import citation_statuses, owner_status, worse
from tracker.site.titles import topic_title
from tracker.slug import slug

STATUS_LABELS = {"ok": "ok", "suspect": "usikker", "diverged": "avviker", "unknown": "ikke kontrollert"}

CODE_LANGUAGES = {".py": "python", ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}


def status_badge(status: str) -> str:
    return f'<span class="isf-badge isf-status-{status}">{STATUS_LABELS.get(status, escape_text(status))}</span>'


def label_of(owner: Any) -> str:
    """The Norwegian name of a parameter or rule function (its technical name if it has none)."""
    return getattr(owner, "label_nb", "") or owner.name


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
    """"file:line" linking to that line of the file's code page."""
    return link(from_page, code_page(source_file), f"{escape_text(source_file)}:{line}", anchor=line_anchor(line))


# -- which rules cite a section ----------------------------------------------------------------

_CITING_CACHE: dict[int, tuple[SiteData, tuple[int, int, int, int], dict[tuple[str, str], list[tuple[str, str, str]]]]] = {}


def _citing_index(data: SiteData) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """(doc id, section id) → (rule page, label, status) of every parameter and function citing it."""
    signature = (len(data.documents), len(data.parameters), len(data.functions), id(data.check))
    cached = _CITING_CACHE.get(id(data))
    if cached is not None and cached[0] is data and cached[1] == signature:
        return cached[2]
    statuses = citation_statuses(data.check, data.parameters, data.functions)
    found: dict[tuple[str, str], dict[str, tuple[str, str, str]]] = {}
    for owner in [*data.parameters, *data.functions]:
        for c in owner.citations:
            doc = data.document(c.doc)
            section = find_cited_section(doc, c) if doc is not None else None
            if section is None:
                continue
            by_owner = found.setdefault((doc.id, section.id), {})
            status = statuses.get(c.key, "unknown")
            if owner.name in by_owner:
                status = worse(by_owner[owner.name][2], status)
            by_owner[owner.name] = (rule_page(owner.name), label_of(owner), status)
    index = {key: list(owners.values()) for key, owners in found.items()}
    _CITING_CACHE.clear()
    _CITING_CACHE[id(data)] = (data, signature, index)
    return index


def citing_rules(data: SiteData, doc_id: str, section_id: str) -> list[tuple[str, str, str]]:
    """The parameters and rule functions citing a section, in rule-base order (parameters first):
    (rule page path, Norwegian label, check status of its citations of this section: "ok", "suspect",
    "diverged" or "unknown"). The label is plain text: escape it (``escape_text``) before use."""
    return list(_citing_index(data).get((doc_id, section_id), []))


# -- the pages -----------------------------------------------------------------------------------

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
        title = topic_title(data.registry.lineage(lineage))
        out += [f"    Regeltemaet over årene: {link(page, lineage_page(lineage), escape_text(title))}", ""]
    return out


def _documents_cited(data: SiteData, citations: Iterable[Any]) -> list[Document]:
    ids = {c.doc for c in citations}
    return [d for d in data.documents if d.id in ids]


def _start_label(entry: Any) -> str:
    """"2025" for a year's value, "1. august 2026" for one from a date within the year."""
    start = entry.start
    return str(start.year) if (start.month, start.day) == (1, 1) else format_date(start)


def _start_anchor(entry: Any) -> str:
    start = entry.start
    return f"fra-{start.year}" if (start.month, start.day) == (1, 1) else f"fra-{start.isoformat()}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _history(data: SiteData, page: str, param: Any) -> list[str]:
    """A parameter with numbers: the latest change in a sentence, a step chart and the history table."""
    entries = [e for e in param.values if e.value is None or _is_number(e.value)]
    if param.unit not in NUMERIC_UNITS or len(entries) != len(param.values) \
            or not any(_is_number(e.value) for e in entries):
        return []
    out = ["## Utvikling over tid { #historikk }", ""]
    known = [e for e in entries if _is_number(e.value)]
    change = next(((a, b) for a, b in reversed(list(zip(known, known[1:], strict=False))) if a.value != b.value), None)
    if change is not None:
        old, new = change
        out += [f"Siste endring: {escape_value(format_value(old.value, param.unit))} → "
                f"{escape_value(format_value(new.value, param.unit))} fra {escape_text(_start_label(new))}.", ""]
    elif len(known) > 1:
        out += [f"Uendret: {escape_value(format_value(known[-1].value, param.unit))} i hele perioden.", ""]
    chart = step_chart([(e.start, e.value) for e in entries], param.unit, chart_id=f"isf-diagram-{slug(param.name)}",
                       title=f"{label_of(param)} over tid", until=param.ends)
    out += [f'<figure class="isf-chart-figure">{chart}<figcaption>{escape_text(label_of(param))} '
            f"({escape_text(unit_label(param.unit))}) år for år. Tabellen under viser de samme tallene.</figcaption>"
            "</figure>", ""]
    rows = []
    for e in entries:
        sources = "; ".join(citation_link(data, page, c) for c in e.citations)
        value = escape_value(format_value(e.value, param.unit)) + (" (uendret)" if e.unchanged else "")
        rows.append([link(page, page, escape_text(_start_label(e)), _start_anchor(e)), value, sources])
    out += [md_table(["Fra", "Verdi", "Kilde"], rows), ""]
    return out


def render_parameter(data: SiteData, param: Any, statuses: dict[str, str]) -> Page:
    page = rule_page(param.name)
    out = [f"# {escape_text(label_of(param))}", "",
           f"<small>Parameter <code>{escape_text(param.name)}</code></small>", "{: .isf-techname }", "",
           escape_text(param.description_nb), "",
           md_table(["Egenskap", "Verdi"], [
               ["Enhet", escape_text(unit_label(param.unit))],
               ["Kontrollstatus", status_badge(owner_status(statuses, param.name, (c.key for c in param.citations)))],
               ["Kildekode", source_link(page, param.source_file, param.line)],
           ]), ""]
    out += _history(data, page, param)
    out += ["## Verdier per år { #verdier }", ""]
    for entry in param.values:
        out += [f"### Fra {escape_text(_start_label(entry))} {{ #{_start_anchor(entry)} }}", ""]
        if entry.unchanged:
            out += ["Uendret fra forrige verdi, ifølge teksten.", ""]
        out += [render_value(entry.value, param.unit, columns=param.columns_nb or None,
                             labels=param.values_nb or None), ""]
        if getattr(entry, "note_nb", None):
            out += [f"*Merknad:* {escape_text(entry.note_nb)}", ""]
        out += [f"Kildekode: {source_link(page, param.source_file, entry.line)}", "", "Sitert tekst:", ""]
        for c in entry.citations:
            out += _citation_block(data, page, c, statuses)
    return Page(path=page, title=label_of(param), markdown="\n".join(out),
                sources=_documents_cited(data, param.citations))


def render_function(data: SiteData, func: Any, statuses: dict[str, str]) -> Page:
    page = rule_page(func.name)
    params = {p.name: p for p in data.parameters}
    uses = [link(page, rule_page(u), escape_text(label_of(params[u]) if u in params else u)) for u in func.uses]
    out = [f"# {escape_text(label_of(func))}", "",
           f"<small>Regel <code>{escape_text(func.name)}</code></small>", "{: .isf-techname }", "",
           escape_text(func.description_nb), "",
           md_table(["Egenskap", "Verdi"], [
               ["Kildekode", source_link(page, func.source_file, func.line)],
               ["Bruker parametere", ", ".join(uses) or "ingen"],
               ["Kontrollstatus", status_badge(owner_status(statuses, func.name, (c.key for c in func.citations)))],
           ]), "", "## Sitert tekst { #sitater }", ""]
    for c in func.citations:
        out += _citation_block(data, page, c, statuses)
    return Page(path=page, title=label_of(func), markdown="\n".join(out), sources=_documents_cited(data, func.citations))


def render_code_page(repo_root: Path, source_file: str, owners: Sequence[Any] = ()) -> Page:
    """A source file highlighted by Pygments (pymdownx.highlight) with line numbers and an anchor per line
    (``L12``, :func:`~tracker.site.code_anchors.line_anchor`), so rule pages can link to file:line offline;
    above it, the rules and parameters defined in the file, each linking to its page and its line."""
    path = repo_root / source_file
    page = code_page(source_file)
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline ends the last line; it is not a line of its own
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    language = CODE_LANGUAGES.get(Path(source_file).suffix, "text")
    # Not in the search index: readers search the rules' pages, which quote and link the code; the
    # listings would only repeat every parameter's words and make the index and its build heavier.
    out = ["---", "search:", "  exclude: true", "---", "", f"# {escape_text(source_file)}", "",
           "Kildekoden der reglene og parameterne på dette nettstedet er definert, med linjenummer. "
           "Lenkene «fil:linje» på regelsidene peker hit.", ""]
    defined = sorted(owners, key=lambda o: o.line)
    if defined:
        out += ["## Regler og parametere i denne filen { #regler-i-filen }", ""]
        for o in defined:
            kind = "regel" if getattr(o, "unit", "") == "function" else "parameter"
            out.append(f"- {link(page, rule_page(o.name), escape_text(label_of(o)))} ({kind} "
                       f"<code>{escape_text(o.name)}</code>), {link(page, page, f'linje {o.line}', line_anchor(o.line))}")
        out.append("")
    out += ["## Kildekoden { #kildekoden }", "",
            f'{fence}{language} {{#{CODE_BLOCK_ID} linenums="1"}}', *lines, fence, ""]
    return Page(path=page, title=source_file, markdown="\n".join(out), sources=[])


def rule_source_files(data: SiteData) -> list[str]:
    return sorted({p.source_file for p in data.parameters} | {f.source_file for f in data.functions})


def render_rules(data: SiteData, statuses: dict[str, str]) -> list[Page]:
    pages = [render_parameter(data, p, statuses) for p in data.parameters]
    pages += [render_function(data, f, statuses) for f in data.functions]
    files = rule_source_files(data)
    owners = [*data.parameters, *data.functions]
    pages += [render_code_page(data.repo_root, f, [o for o in owners if o.source_file == f]) for f in files]
    rows: list[Sequence[str]] = []
    for p in data.parameters:
        years = ", ".join(sorted({str(v.start.year) for v in p.values}))
        rows.append([link(RULES_INDEX, rule_page(p.name), escape_text(label_of(p))), "parameter",
                     escape_text(unit_label(p.unit)), years,
                     status_badge(owner_status(statuses, p.name, (c.key for c in p.citations)))])
    for f in data.functions:
        rows.append([link(RULES_INDEX, rule_page(f.name), escape_text(label_of(f))), "regel", "", "",
                     status_badge(owner_status(statuses, f.name, (c.key for c in f.citations)))])
    index = "\n".join(["# Regler og parametere", "",
                       "De kjørbare reglene og parameterne, med verdier per år og teksten de bygger på.", "",
                       md_table(["Navn", "Type", "Enhet", "År", "Kontroll"], rows), ""])
    pages.insert(0, Page(path=RULES_INDEX, title="Regler og parametere", markdown=index,
                         sources=_documents_cited(data, [c for p in data.parameters for c in p.citations]
                                                  + [c for f in data.functions for c in f.citations])))
    return pages
