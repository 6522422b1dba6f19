"""A page per lineage (one rule topic followed over the years) and the regelverk chapters page.

A lineage page shows the topic's numbers and titles by year, every passage about it in every
document (its sections, and the endringslogg rows and references that name the regelverk
chapters it belongs to), the diffs between consecutive years and the rules that cite it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from tracker.align.lineage import GENERIC_WORDS
from tracker.align.text import fold, title_key, topic_words
from tracker.extract.codes import SHAPES as CODE_SHAPES
from tracker.model import Document
from tracker.site.data import (
    DOCS_INDEX,
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
from tracker.site.titles import display_title, topic_title
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
    out = [f"# {escape_text(topic_title(lineage))}{retired}", "",
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
            out.append(f"- {kind} {link(path, rule_page(owner.name), escape_text(owner.label_nb))} "
                       f"{status_badge(status)}: {escape_text(owner.description_nb)}")
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
    return Page(path=path, title=topic_title(lineage), markdown="\n".join(out), sources=sources)


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


def topic_key(title: str) -> str:
    """What two display titles are compared on: case, punctuation and years dropped."""
    return title_key(display_title(title))


def _collate(text: str) -> str:
    """Sort key in Norwegian alphabetical order (æ, ø, å after z)."""
    return fold(text).translate(_NORWEGIAN_ORDER)


_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


# -- the topic index -------------------------------------------------------------------------

# A topic is listed when its texts together have this many words, or, found in two documents or
# more, MIN_WORDS_SPREAD. The rest are headings without text of their own or passing slides.
MIN_WORDS = 50
MIN_WORDS_SPREAD = 20
SIMILAR_TITLES = 90  # rapidfuzz token-set ratio of two titles' topic words that counts as the same subject
MAX_CODE_TOPICS = 3  # a code named by more topics than this says nothing about any two of them
_CODE_RE = re.compile(r"\b[A-Z0-9]{4,7}\b")


@dataclass
class Topic:
    """A lineage with members in this build, as the index shows it."""

    lineage: Any
    members: list[tuple[Document, Any]]
    title: str
    key: str
    words: int
    codes: frozenset[str]

    @property
    def id(self) -> str:
        return str(self.lineage.id)

    @property
    def page(self) -> str:
        return lineage_page(self.lineage.id)

    @property
    def kinds(self) -> set[str]:
        return {d.kind for d, _ in self.members}

    @property
    def doc_ids(self) -> set[str]:
        return {d.id for d, _ in self.members}

    @property
    def years(self) -> list[int]:
        return sorted({d.year for d, _ in self.members if d.year})

    @property
    def tier(self) -> str | None:
        """"main" (the index's table), "other" (the collapsed list) or None (left out of the index)."""
        if self.words >= MIN_WORDS or (len(self.doc_ids) >= 2 and self.words >= MIN_WORDS_SPREAD):
            return "main"
        if self.kinds != {"presentasjon"} or self.lineage.regelverk:
            return "other"
        return None  # a passing slide: agenda, thanks, an announcement

    def numbers(self) -> str:
        """The topic's section numbers over the years: "4.1 → 5.1" ("" for unnumbered slides)."""
        return " → ".join(dict.fromkeys(s.number for _, s in self.members if s.number))

    def where(self) -> str:
        """The topic's years and kinds of document: "2024–2025, grunnlagsdokument"."""
        years = self.years
        span = (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])) if years else "uten år"
        kinds = ", ".join(KIND_LABELS.get(k, k) for k in sorted(self.kinds))
        return f"{span}, {kinds}"


def _codes(text: str | None) -> set[str]:
    """The codes a text names (procedure, diagnosis, DRG, særkode … shapes of tracker.extract.codes)."""
    return {t for t in _CODE_RE.findall(text or "")
            if "".join("L" if c.isalpha() else "D" for c in t) in CODE_SHAPES
            and any(c.isalpha() for c in t) and any(c.isdigit() for c in t)}


def make_topics(data: SiteData) -> list[Topic]:
    """Every lineage with a member in this build, in registry order."""
    out = []
    for lineage in data.registry.lineages() if data.registry is not None else []:
        members = _members(data, lineage)
        if not members:
            continue
        title = topic_title(lineage)
        out.append(Topic(lineage=lineage, members=members, title=title, key=title_key(title),
                         words=sum(len((s.text or "").split()) for _, s in members),
                         codes=frozenset(c for _, s in members for c in _codes(s.text))))
    return out


def _similar_titles(a: Topic, b: Topic) -> bool:
    words_a, words_b = set(topic_words(a.title)), set(topic_words(b.title))
    if not (words_a & words_b) - GENERIC_WORDS:
        return False
    return fuzz.token_set_ratio(" ".join(sorted(words_a)), " ".join(sorted(words_b))) >= SIMILAR_TITLES


def related_topics(topics: Sequence[Topic]) -> dict[str, list[Topic]]:
    """Lineage id → the topics about the same thing on the other side: a grunnlagsdokument topic and
    the slide and endringslogg topics that share a regelverk chapter, a code (one few topics name) or,
    nearly, a title. Symmetric; each list in index order."""
    code_topics = Counter(c for t in topics for c in t.codes)
    out: dict[str, list[Topic]] = {}
    basis = [t for t in topics if "grunnlagsdokument" in t.kinds]
    others = [t for t in topics if "grunnlagsdokument" not in t.kinds and t.kinds & {"presentasjon", "endringslogg"}]
    for a in basis:
        for b in others:
            shared_codes = {c for c in a.codes & b.codes if code_topics[c] <= MAX_CODE_TOPICS}
            if set(a.lineage.regelverk) & set(b.lineage.regelverk) or shared_codes or _similar_titles(a, b):
                out.setdefault(a.id, []).append(b)
                out.setdefault(b.id, []).append(a)
    return out


def changelog_chapters(data: SiteData, topic: Topic) -> list[tuple[Any, Document]]:
    """The regelverk chapters the topic is about (the registry's link, not every chapter a renumbering
    table in its text names) that an endringslogg of this build logs changes in, with that endringslogg:
    (chapter, document), by chapter id."""
    chapters = {ch.id: ch for ch in (data.registry.regelverk_chapters() if data.registry is not None else [])
                if ch.id in topic.lineage.regelverk}
    out = []
    for chapter_id in sorted(chapters):
        ch = chapters[chapter_id]
        logs = {p.doc_id: d for p in ch.passage_records
                if (d := data.document(p.doc_id)) is not None and d.kind == "endringslogg"}
        out += [(ch, logs[k]) for k in sorted(logs)]
    return out


def _chapter_link(from_page: str, chapter: Any, log: Document) -> str:
    number = chapter.numbers.get(log.year) if log.year else None
    number = number or (chapter.numbers[max(chapter.numbers)] if chapter.numbers else "")
    title = f" {escape_text(display_title(chapter.title))}" if chapter.title else ""
    label = f"Endringslogg {log.year or ''}: kapittel {escape_text(number)}{title}".replace("  ", " ")
    return link(from_page, REGELVERK_PAGE, label, chapter_anchor(chapter.id))


def see_also(from_page: str, data: SiteData, topic: Topic, related: dict[str, list[Topic]],
             same_title: Sequence[Topic], exclude: frozenset[str] = frozenset()) -> list[str]:
    """The "Se også" links of a topic: topics with the same title, topics about the same thing in the
    other kinds of document, and the endringslogg entries of its regelverk chapters (not to the topics
    of ``exclude``)."""
    out = [f"{link(from_page, t.page, escape_text(t.title))} ({escape_text(t.where())})"
           for t in [*same_title, *related.get(topic.id, [])] if t.id != topic.id and t.id not in exclude]
    out += [_chapter_link(from_page, ch, log) for ch, log in changelog_chapters(data, topic)]
    return list(dict.fromkeys(out))


def _group_cell(group: Sequence[Topic]) -> str:
    """A title linking to its topic's page; for topics merged under one title, a link to each."""
    if len(group) == 1:
        return link(LINEAGE_INDEX, group[0].page, escape_text(group[0].title))
    labels = [t.where() for t in group]
    if len(set(labels)) < len(labels):  # tell them apart by their numbers, else by page
        labels = [f"{t.where()}, " + (t.numbers() or f"side {t.members[0][1].page}") for t in group]
    links = ", ".join(link(LINEAGE_INDEX, t.page, escape_text(label)) for t, label in zip(group, labels, strict=True))
    return f"{escape_text(group[0].title)}: {links}"


def render_topic_index(data: SiteData, topics: Sequence[Topic], related: dict[str, list[Topic]],
                       has_regelverk: bool) -> Page:
    """The topic index: one row per title (topics with equal year-free titles merged), the topics
    with content in a table, headings and short one-offs in a collapsed list, passing slides left out
    (their pages are linked from the presentation's page)."""
    groups: dict[str, list[Topic]] = {}
    for t in topics:
        groups.setdefault(t.key, []).append(t)
    tiers = {"main": 0, "other": 1}
    main_rows: list[tuple[str, list[str]]] = []
    other_items: list[tuple[str, str]] = []
    for group in groups.values():
        best = min((tiers[t.tier] for t in group if t.tier is not None), default=None)
        if best is None:
            continue
        order = _collate(group[0].title)
        if best == 1:
            other_items.append((order, f"- {_group_cell(group)}" + (f" ({escape_text(group[0].where())})"
                                                                   if len(group) == 1 else "")))
            continue
        numbers = "; ".join(dict.fromkeys(escape_text(t.numbers()) for t in group if t.numbers())) or "–"
        years = ", ".join(str(y) for y in sorted({y for t in group for y in t.years}))
        ids = frozenset(t.id for t in group)
        links: list[str] = []
        for t in group:
            links += see_also(LINEAGE_INDEX, data, t, related, [], exclude=ids)
        links = list(dict.fromkeys(links))
        main_rows.append((order, [_group_cell(group), numbers, years, "<br>".join(links)]))
    main_rows.sort(key=lambda r: r[0])
    other_items.sort(key=lambda r: r[0])
    out = ["# Regeltema", "",
           "Et regeltema er samme tema fulgt gjennom dokumentene og årene, også når seksjonen har fått nytt "
           "nummer eller ny tittel. Titlene står derfor uten årstall.", ""]
    if has_regelverk:
        out += [f"Se også {link(LINEAGE_INDEX, REGELVERK_PAGE, 'kapitlene i regelverket')}.", ""]
    out += [f"Her er de {len(main_rows)} temaene med innhold: tekst i minst to dokumenter, eller en lengre "
            "tekst i ett. Temaer med samme tittel står sammen. *Se også* viser til lysbilder og endringslogger "
            "om det samme som et tema i grunnlagsdokumentet, og omvendt.", ""]
    out += [md_table(["Tema", "Nummer", "År", "Se også"], [r for _, r in main_rows]), ""]
    if other_items:
        out += ['<details class="isf-other" markdown>',
                f"<summary>Andre temaer ({len(other_items)}): overskrifter og korte avsnitt</summary>", "",
                *[item for _, item in other_items], "", "</details>", ""]
    out += ["Korte lysbilder som bare finnes i én presentasjon (dagsorden, takk for i dag og lignende) er ikke "
            f"med i oversikten. De står på presentasjonens side under {link(LINEAGE_INDEX, DOCS_INDEX, 'dokumentene')}.",
            ""]
    return Page(path=LINEAGE_INDEX, title="Regeltema", markdown="\n".join(out), sources=list(data.documents))


def render_lineages(data: SiteData, change_sets: Sequence[tuple[Document, Document, list[ChangeEntry]]],
                    statuses: dict[str, str]) -> list[Page]:
    """The topic index, a page per topic (ending with its "Se også" links) and the regelverk page."""
    if data.registry is None:
        return []
    entries = index_entries(change_sets)
    citations = index_citations(data)
    chapters = index_chapters(data)
    topics = make_topics(data)
    related = related_topics(topics)
    same_title: dict[str, list[Topic]] = {}
    for t in topics:
        same_title.setdefault(t.key, []).append(t)
    pages = []
    for t in topics:
        page = render_lineage(data, t.lineage, entries, citations, chapters, statuses, t.members)
        if links := see_also(page.path, data, t, related, same_title[t.key]):
            page.markdown = (page.markdown.rstrip("\n") + "\n\n## Se også { #se-ogsa }\n\n"
                             + "\n".join(f"- {x}" for x in links) + "\n")
        pages.append(page)
    regelverk = render_regelverk(data)
    if regelverk is not None:
        pages.append(regelverk)
    pages.insert(0, render_topic_index(data, topics, related, regelverk is not None))
    return pages
