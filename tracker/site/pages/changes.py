"""A page per pair of consecutive documents of one kind ("Endringer 2024 → 2025"): every section's fate
with its inline word diff, filterable by kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.model import Document, Section
from tracker.site.data import CHANGES_INDEX, Page, changes_page, document_page, lineage_page
from tracker.site.escape import escape_text
from tracker.site.markup import KIND_LABELS, link, md_table, paragraphs
from tracker.site.pages.documents import section_heading, unique_anchors
from tracker.slug import slug

# Fate tags in the order the filter shows them; the first five are what readers ask for most.
TAG_LABELS = {
    "substantive": "innholdsendring",
    "editorial": "omformulert",
    "renumbered": "omnummerert",
    "retitled": "ny tittel",
    "moved": "flyttet",
    "split": "delt",
    "merged": "slått sammen",
    "added": "ny",
    "removed": "fjernet",
    "unchanged": "uendret",
}
# How important a fate is for the front page's "most important changes".
TAG_WEIGHT = {"substantive": 0, "added": 1, "removed": 2, "editorial": 3, "split": 4, "merged": 4,
              "moved": 5, "renumbered": 6, "retitled": 6, "unchanged": 9}


@dataclass
class ChangeEntry:
    """One line of a change page: a pair of sections (or one side) with its fate and diff."""

    pair: Any  # tracker.align.match.Pair
    old: Section | None
    new: Section | None
    tags: list[str]
    changes: list[Any] = field(default_factory=list)  # tracker.align.diff.Change
    anchor: str = ""  # unique on its change page (set by build_entries)
    lineage: str | None = None

    @property
    def importance(self) -> int:
        return min(TAG_WEIGHT.get(t, 8) for t in self.tags)

    def title(self) -> str:
        """"3.3 → 4.4 Title" (escaped)."""
        old_no = (self.old.number if self.old else None) or ""
        new_no = (self.new.number if self.new else None) or ""
        if self.old and self.new and old_no != new_no:
            numbers = f"{escape_text(old_no or '–')} → {escape_text(new_no or '–')} "
        else:
            numbers = f"{escape_text(new_no or old_no)} " if (new_no or old_no) else ""
        title = (self.new or self.old).title if (self.new or self.old) else ""
        return numbers + escape_text(title)


def build_entries(old_doc: Document, new_doc: Document, pairs: Sequence[Any],
                  lineage_of: Callable[[str, str], str | None] | None = None) -> list[ChangeEntry]:
    from tracker.align.diff import classify, word_diff
    from tracker.align.pipeline import renumber_map

    # References that only follow the renumbering are not changes (as in `tracker align`).
    numbers = renumber_map(list(pairs), old_doc, new_doc)
    old_by_id = {s.id: s for s in old_doc.sections}
    new_by_id = {s.id: s for s in new_doc.sections}
    entries = []
    for p in pairs:
        old = old_by_id.get(p.old_id) if p.old_id else None
        new = new_by_id.get(p.new_id) if p.new_id else None
        tags: list[str] = []
        changes: list[Any] = []
        if old is not None and new is not None:
            changes = word_diff(old.text, new.text, number_map=numbers)
            text_kind = classify(changes)
            if p.kind != "unchanged":
                tags.append(p.kind)
            if text_kind != "unchanged" or not tags:
                tags.insert(0, text_kind)
        else:
            tags.append(p.kind)
        lineage = None
        if lineage_of is not None:
            lineage = (lineage_of(new_doc.id, new.id) if new else None) or (lineage_of(old_doc.id, old.id) if old else None)
        entries.append(ChangeEntry(pair=p, old=old, new=new, tags=tags, changes=changes, lineage=lineage))
    used: set[str] = set()
    for e in entries:
        base = "e-" + slug(f"{e.old.id if e.old else 'ingen'}--{e.new.id if e.new else 'ingen'}")
        e.anchor, n = base, 2
        while e.anchor in used:
            e.anchor, n = f"{base}-{n}", n + 1
        used.add(e.anchor)
    return entries


def diff_html(changes: Sequence[Any]) -> str:
    """The new text with insertions and deletions marked (<ins>/<del>; substantive ones get a class)."""
    parts = []
    for c in changes:
        text = escape_text(c.text)
        if not text:
            parts.append(" ")
            continue
        lead = " " if c.text[:1].isspace() else ""
        trail = " " if c.text[-1:].isspace() else ""
        if c.op == "equal":
            parts.append(f"{lead}{text}{trail}")
        else:
            tag = "ins" if c.op == "insert" else "del"
            cls = ' class="isf-substantive"' if c.substantive else ""
            parts.append(f"{lead}<{tag}{cls}>{text}</{tag}>{trail}")
    return "".join(parts).strip()


def tag_badges(tags: Sequence[str]) -> str:
    return " ".join(f'<span class="isf-badge isf-kind-{t}">{TAG_LABELS.get(t, escape_text(t))}</span>' for t in tags)


def section_link(from_page: str, doc: Document, section: Section, anchors: dict[str, str]) -> str:
    return link(from_page, document_page(doc.id), section_heading(section), anchors[section.id])


def entry_block(from_page: str, entry: ChangeEntry, old_doc: Document, new_doc: Document,
                old_anchors: dict[str, str], new_anchors: dict[str, str], heading_level: int = 3,
                with_anchor: bool = True) -> list[str]:
    """Markdown for one change entry (used by change pages and lineage pages)."""
    kinds = " ".join(entry.tags)
    anchor = f" {{ #{entry.anchor} }}" if with_anchor else ""
    out = [f'<div class="isf-change" data-kinds="{kinds}" markdown>', "",
           f"{'#' * heading_level} {entry.title()}{anchor}", "", tag_badges(entry.tags), ""]
    where = []
    if entry.old is not None:
        where.append(f"{old_doc.year or escape_text(old_doc.title)}: "
                     f"{section_link(from_page, old_doc, entry.old, old_anchors)} (s. {entry.old.page})")
    if entry.new is not None:
        where.append(f"{new_doc.year or escape_text(new_doc.title)}: "
                     f"{section_link(from_page, new_doc, entry.new, new_anchors)} (s. {entry.new.page})")
    if entry.lineage and with_anchor:  # on a lineage page the link would point at the page itself
        where.append(link(from_page, lineage_page(entry.lineage), "regeltemaet over årene"))
    out += [" · ".join(where), ""]
    edits = [c for c in entry.changes if c.op != "equal"]
    if edits:
        out += ['<div class="isf-diff">', f"<p>{diff_html(entry.changes)}</p>", "</div>", ""]
    elif entry.new is None and entry.old is not None and entry.old.text.strip():
        out += ['<details markdown>', "<summary>Teksten som er fjernet</summary>", "",
                paragraphs(entry.old.text), "", "</details>", ""]
    elif entry.old is None and entry.new is not None and entry.new.text.strip():
        out += ['<details markdown>', "<summary>Den nye teksten</summary>", "",
                paragraphs(entry.new.text), "", "</details>", ""]
    out += ["</div>", ""]
    return out


def changes_title(old: Document, new: Document) -> str:
    return f"Endringer {old.year or 'uten år'} → {new.year or 'uten år'}: {KIND_LABELS.get(new.kind, new.kind)}"


def render_changes(old_doc: Document, new_doc: Document, entries: list[ChangeEntry]) -> Page:
    path = changes_page(old_doc, new_doc)
    old_anchors, new_anchors = unique_anchors(old_doc), unique_anchors(new_doc)
    counts = Counter(t for e in entries for t in e.tags)
    out = [f"# {escape_text(changes_title(old_doc, new_doc))}", "",
           f"Fra {link(path, document_page(old_doc.id), escape_text(old_doc.title))} "
           f"til {link(path, document_page(new_doc.id), escape_text(new_doc.title))}: "
           f"{len(entries)} seksjoner og par av seksjoner.", "",
           md_table(["Skjebne", "Antall"], [[TAG_LABELS.get(t, t), str(counts[t])]
                                            for t in TAG_LABELS if counts[t]]), "",
           "## Alle seksjoner { #seksjoner }", "",
           '<div class="isf-filter" role="toolbar" aria-label="Vis bare én type endring">',
           f'<button type="button" data-kind="alle" aria-pressed="true">Alle ({len(entries)})</button>']
    out += [f'<button type="button" data-kind="{t}" aria-pressed="false">{TAG_LABELS[t]} ({counts[t]})</button>'
            for t in TAG_LABELS if counts[t]]
    out += ["</div>", ""]
    for e in entries:
        out += entry_block(path, e, old_doc, new_doc, old_anchors, new_anchors)
    return Page(path=path, title=changes_title(old_doc, new_doc), markdown="\n".join(out),
                sources=[old_doc, new_doc])


def render_changes_index(pages: list[tuple[Document, Document, list[ChangeEntry]]]) -> Page:
    rows = []
    for old, new, entries in pages:
        counts = Counter(t for e in entries for t in e.tags)
        rows.append([link(CHANGES_INDEX, changes_page(old, new), escape_text(changes_title(old, new))),
                     str(counts["substantive"]), str(counts["editorial"]),
                     str(counts["renumbered"]), str(counts["added"]), str(counts["removed"])])
    md = "\n".join(["# Endringer", "",
                    "Hver side sammenligner to utgaver av samme type dokument.", "",
                    md_table(["Sammenligning", "Innhold", "Omformulert", "Omnummerert", "Nye", "Fjernet"], rows),
                    ""])
    docs = sorted({d.id: d for o, n, _ in pages for d in (o, n)}.values(), key=lambda d: (d.year or 0, d.id))
    return Page(path=CHANGES_INDEX, title="Endringer", markdown=md, sources=docs)
