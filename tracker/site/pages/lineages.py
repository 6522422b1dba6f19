"""A page per lineage (one rule topic followed over the years) and the regelverk chapters page.

A lineage page shows the topic's numbers and titles by year, every passage about it in every
document (its sections, and the endringslogg rows and references that name the regelverk
chapters it belongs to), the diffs between consecutive years and the rules that cite it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tracker.model import Document
from tracker.site.data import (
    LINEAGE_INDEX,
    REGELVERK_PAGE,
    Page,
    SiteData,
    document_page,
    lineage_page,
    rule_page,
)
from tracker.site.escape import escape_text
from tracker.site.markup import KIND_LABELS, link, md_table, paragraphs
from tracker.site.pages.changes import ChangeEntry, entry_block
from tracker.site.pages.documents import section_heading, unique_anchors
from tracker.site.pages.rules import find_cited_section, status_badge
from tracker.site.status import owner_status
from tracker.slug import slug

SOURCE_LABELS = {"renumbering": "omnummereringstabell", "removed": "utgått", "changelog": "endringslogg",
                 "reference": "henvisning"}

EntryIndex = dict[tuple[str, str, str, str], tuple[Document, Document, ChangeEntry]]


def index_entries(change_sets: Sequence[tuple[Document, Document, list[ChangeEntry]]]) -> EntryIndex:
    """(old doc, old section, new doc, new section) → the change entry, for the lineage diffs."""
    out: EntryIndex = {}
    for old, new, entries in change_sets:
        for e in entries:
            if e.old is not None and e.new is not None:
                out[(old.id, e.old.id, new.id, e.new.id)] = (old, new, e)
    return out


def chapter_anchor(chapter_id: str) -> str:
    return "k-" + slug(chapter_id)


def _members(data: SiteData, lineage: Any) -> list[tuple[Document, Any]]:
    """The lineage's members present in this build, as (document, section), oldest first."""
    out = []
    for m in lineage.members:
        section = data.section(m.doc_id, m.section_id)
        if section is not None:
            out.append((data.document(m.doc_id), section))
    return sorted(out, key=lambda ds: (ds[0].year or 0, ds[0].kind, ds[0].id))


CitationIndex = dict[tuple[str, str], list[tuple[Any, Any]]]


def index_citations(data: SiteData) -> CitationIndex:
    """("lineage", id) and (doc id, section id) → every (rule or parameter, citation) naming it."""
    out: CitationIndex = {}
    for owner in [*data.parameters, *data.functions]:
        for c in owner.citations:
            if c.lineage:
                out.setdefault(("lineage", c.lineage), []).append((owner, c))
            doc = data.document(c.doc)
            section = find_cited_section(doc, c) if doc else None
            if section is not None:
                out.setdefault((doc.id, section.id), []).append((owner, c))
    return out


def citing_rules(citations: CitationIndex, member_keys: set[tuple[str, str]], lineage_id: str) -> list[Any]:
    """Every rule or parameter citing this lineage or one of its sections, in rule-base order."""
    owners: dict[str, Any] = {}
    for key in [("lineage", lineage_id), *sorted(member_keys)]:
        for owner, _citation in citations.get(key, []):
            owners.setdefault(owner.name, owner)
    return sorted(owners.values(), key=lambda o: (o.unit == "function", o.name))


ChapterIndex = dict[tuple[str, str | None], list[Any]]


def index_chapters(data: SiteData) -> ChapterIndex:
    """(doc id, section id) → the regelverk chapters with a passage in that section."""
    out: ChapterIndex = {}
    for ch in data.registry.regelverk_chapters() if data.registry is not None else []:
        for p in ch.passage_records:
            found = out.setdefault((p.doc_id, p.section_id), [])
            if ch not in found:
                found.append(ch)
    return out


def related_chapters(chapters: ChapterIndex, member_keys: set[tuple[str, str]]) -> list[Any]:
    out: dict[str, Any] = {}
    for key in sorted(member_keys):
        for ch in chapters.get(key, []):
            out.setdefault(ch.id, ch)
    return [out[k] for k in sorted(out)]


def _chapter_label(chapter: Any) -> str:
    numbers = chapter.numbers
    history = ", ".join(f"{numbers[y]} ({y})" for y in sorted(numbers))
    title = f" {escape_text(chapter.title)}" if chapter.title else ""
    return f"Kapittel {escape_text(history)}{title}"


def render_lineage(data: SiteData, lineage: Any, entries: EntryIndex, citations: CitationIndex, chapter_index: ChapterIndex,
                   statuses: dict[str, str], members: list[tuple[Document, Any]]) -> Page:
    path = lineage_page(lineage.id)
    member_keys = {(d.id, s.id) for d, s in members}
    anchors = {d.id: unique_anchors(d) for d, _ in members}
    retired = " (utgått)" if lineage.status == "retired" else ""
    out = [f"# {escape_text(lineage.title)}{retired}", "",
           f"Regeltema `{escape_text(lineage.id)}`: samme tema fulgt gjennom dokumentene og årene.", ""]
    if lineage.related:
        out += ["Beslektet: " + "; ".join(escape_text(r) for r in lineage.related), ""]

    out += ["## Tidslinje { #tidslinje }", ""]
    rows = [[str(d.year or ""), link(path, document_page(d.id), escape_text(d.title)),
             KIND_LABELS.get(d.kind, d.kind), escape_text(s.number or "–"),
             link(path, document_page(d.id), escape_text(s.title), anchors[d.id][s.id]), str(s.page)]
            for d, s in members]
    out += [md_table(["År", "Dokument", "Type", "Nummer", "Tittel", "Side"], rows), ""]

    diffs = []
    for i, (old_doc, old_s) in enumerate(members):
        for new_doc, new_s in members[i + 1:]:
            found = entries.get((old_doc.id, old_s.id, new_doc.id, new_s.id))
            if found is not None:
                diffs.append(found)
    out += ["## Endringer mellom årene { #endringer }", ""]
    if not diffs:
        out += ["Temaet finnes bare i ett dokument av hver type, så det er ingen tekst å sammenligne.", ""]
    for old_doc, new_doc, entry in diffs:
        old_a, new_a = unique_anchors(old_doc), unique_anchors(new_doc)
        block = entry_block(path, entry, old_doc, new_doc, old_a, new_a, heading_level=3, with_anchor=False)
        # Say which years the diff is between: a lineage may mix grunnlagsdokumenter and slides.
        block[2] = f"### {old_doc.year} → {new_doc.year}: {escape_text(KIND_LABELS.get(new_doc.kind, new_doc.kind))}"
        out += block

    rules = citing_rules(citations, member_keys, lineage.id)
    out += ["## Kjørbare regler { #regler }", ""]
    if not rules:
        out += ["Ingen regler eller parametere siterer dette temaet ennå.", ""]
    else:
        for owner in rules:
            kind = "Regel" if owner.unit == "function" else "Parameter"
            status = owner_status(statuses, owner.name, (x.key for x in owner.citations))
            out.append(f"- {kind} {link(path, rule_page(owner.name), escape_text(owner.name))} "
                       f"{status_badge(status)}: {escape_text(owner.description)}")
        out.append("")

    out += ["## Tekstene { #tekstene }", ""]
    for d, s in members:
        out += [f"### {d.year or ''} {escape_text(KIND_LABELS.get(d.kind, d.kind))}: {section_heading(s)} "
                f"{{ #t-{slug(d.id)}-{anchors[d.id][s.id]} }}", "",
                f"{link(path, document_page(d.id), escape_text(d.title), anchors[d.id][s.id])}, side {s.page}", ""]
        out += ['<div class="isf-text" markdown>', "", paragraphs(s.text) or "*(ingen egen tekst)*", "", "</div>", ""]

    chapters = related_chapters(chapter_index, member_keys)
    if chapters:
        out += ["## Regelverket { #regelverket }", ""]
        for ch in chapters:
            out += [f"- {link(path, REGELVERK_PAGE, _chapter_label(ch), chapter_anchor(ch.id))}"]
            for p in ch.passage_records:
                out.append(f"    - {_passage_line(data, path, p)}")
        out.append("")
    sources = sorted({d.id: d for d, _ in members}.values(), key=lambda d: (d.year or 0, d.id))
    return Page(path=path, title=lineage.title, markdown="\n".join(out), sources=sources)


def _passage_line(data: SiteData, path: str, passage: Any) -> str:
    doc = data.document(passage.doc_id)
    label = SOURCE_LABELS.get(passage.source, escape_text(passage.source))
    if doc is None:
        where = escape_text(passage.doc_id)
    else:
        anchors = unique_anchors(doc)
        anchor = anchors.get(passage.section_id) if passage.section_id else None
        where = link(path, document_page(doc.id), f"{escape_text(doc.title)}, side {passage.page}", anchor)
    return f"{where} ({label}): «{escape_text(passage.excerpt)}»"


def render_regelverk(data: SiteData) -> Page | None:
    """The regelverk chapters the documents refer to, with their numbers by year and every mention."""
    # Only chapters that a document of this build mentions (the registry may know older documents).
    chapters = [ch for ch in (data.registry.regelverk_chapters() if data.registry is not None else [])
                if any(data.document(p.doc_id) is not None for p in ch.passage_records)]
    if not chapters:
        return None
    out = ["# Kapitler i ISF-regelverket", "",
           "Regelverket selv er ikke blant dokumentene, men de andre dokumentene henviser til kapitlene, "
           "omnummererer dem og logger endringer i dem. Her er hvert kapittel med nummer per år og alle "
           "stedene det er nevnt.", ""]
    docs: dict[str, Document] = {}
    for ch in chapters:
        out += [f"## {_chapter_label(ch)} {{ #{chapter_anchor(ch.id)} }}", ""]
        out += [f"- {_passage_line(data, REGELVERK_PAGE, p)}" for p in ch.passage_records]
        out.append("")
        for p in ch.passage_records:
            if (d := data.document(p.doc_id)) is not None:
                docs[d.id] = d
    return Page(path=REGELVERK_PAGE, title="Kapitler i regelverket", markdown="\n".join(out),
                sources=sorted(docs.values(), key=lambda d: (d.year or 0, d.id)))


def render_lineages(data: SiteData, change_sets: Sequence[tuple[Document, Document, list[ChangeEntry]]],
                    statuses: dict[str, str]) -> list[Page]:
    if data.registry is None:
        return []
    entries = index_entries(change_sets)
    citations = index_citations(data)
    chapters = index_chapters(data)
    pages = []
    rows = []
    for lineage in data.registry.lineages():
        members = _members(data, lineage)
        if not members:
            continue
        page = render_lineage(data, lineage, entries, citations, chapters, statuses, members)
        pages.append(page)
        numbers = " → ".join(dict.fromkeys(escape_text(s.number or "–") for _, s in members))
        years = ", ".join(dict.fromkeys(str(d.year) for d, _ in members if d.year))
        rows.append([link(LINEAGE_INDEX, page.path, escape_text(lineage.title)), numbers, years])
    index = ["# Regeltema", "",
             "Hvert regeltema er samme tema fulgt gjennom årene, også når seksjonen har fått nytt nummer "
             "eller ny tittel.", "", md_table(["Tema", "Nummer", "År"], rows), ""]
    regelverk = render_regelverk(data)
    if regelverk is not None:
        index[3:3] = [f"Se også {link(LINEAGE_INDEX, REGELVERK_PAGE, 'kapitlene i regelverket')}.", ""]
        pages.append(regelverk)
    pages.insert(0, Page(path=LINEAGE_INDEX, title="Regeltema", markdown="\n".join(index),
                         sources=list(data.documents)))
    return pages
