"""A page per pair of consecutive documents of one kind ("Endringer 2024 → 2025"): every section's fate
with its inline word diff and its tables' row-by-row diffs, filterable by kind.

An entry shows a badge for every change of its pair (``Pair.changes``): omnummerert — "med kapitlet" when
the number only follows its chapter's —, ny tittel — "bare årstall" when only a year changed —, flyttet,
redaksjonell or innholdsendring, delt, slått sammen; its ``data-kinds`` lists all of them, so the filter
buttons find an entry by any of its changes.

The diffs are the align stage's (``PairDiff`` on each pair, see :mod:`tracker.align.pipeline`); this
module only renders them. The word diff shows each document's own words: a reference that only
follows a renumbering is shown in the new words with a note beside the diff ("Omnummerert: 6.4 → 7.4"),
never rewritten in the old text."""

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

# Fate tags in the order the filter shows them; the first five are what readers ask for most. A text
# change is tagged by its weight (editorial, substantive), every other change by its kind.
TAG_LABELS = {
    "substantive": "innholdsendring",
    "editorial": "redaksjonell",
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
    diff: Any = None  # tracker.align.pipeline.PairDiff: title and table diffs beside ``changes``

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


def _pair_diffs(old_doc: Document, new_doc: Document, pairs: Sequence[Any]) -> dict[tuple[Any, Any], Any]:
    """(old section id, new section id) → the pair's diff: the align stage's, attached to its pairs.
    Only pairs handed over without one (from ``align()`` directly) have them made here, by the same
    align-package function."""
    diffs = {(p.old_id, p.new_id): p.diff for p in pairs if getattr(p, "diff", None) is not None}
    if all(hasattr(p, "diff") for p in pairs):
        return diffs
    from tracker.align.pipeline import pair_diffs

    return {(d.old_id, d.new_id): d for d in pair_diffs(list(pairs), old_doc, new_doc)}


def build_entries(old_doc: Document, new_doc: Document, pairs: Sequence[Any],
                  lineage_of: Callable[[str, str], str | None] | None = None) -> list[ChangeEntry]:
    diffs = _pair_diffs(old_doc, new_doc, pairs)
    old_by_id = {s.id: s for s in old_doc.sections}
    new_by_id = {s.id: s for s in new_doc.sections}
    entries = []
    for p in pairs:
        old = old_by_id.get(p.old_id) if p.old_id else None
        new = new_by_id.get(p.new_id) if p.new_id else None
        tags: list[str] = []
        changes: list[Any] = []
        diff = diffs.get((p.old_id, p.new_id))
        if old is not None and new is not None:
            changes = list(diff.changes) if diff is not None else []
            tags = entry_tags(p)
        else:
            tags.append(p.kind)
        lineage = None
        if lineage_of is not None:
            lineage = (lineage_of(new_doc.id, new.id) if new else None) or (lineage_of(old_doc.id, old.id) if old else None)
        entries.append(ChangeEntry(pair=p, old=old, new=new, tags=tags, changes=changes, lineage=lineage,
                                   diff=diff))
    used: set[str] = set()
    for e in entries:
        base = "e-" + slug(f"{e.old.id if e.old else 'ingen'}--{e.new.id if e.new else 'ingen'}")
        e.anchor, n = base, 2
        while e.anchor in used:
            e.anchor, n = f"{base}-{n}", n + 1
        used.add(e.anchor)
    return entries


def change_tag(change: Any) -> str:
    """A change's filter tag: a text change by its weight (editorial, substantive), any other by its kind."""
    return (change.text_change or "editorial") if change.kind == "text" else change.kind


def entry_tags(pair: Any) -> list[str]:
    """The tags of a matched pair: its text change first (what readers filter on most), then every other
    change in primary order; ``unchanged`` when none applies."""
    changes = list(getattr(pair, "changes", []))
    text = [change_tag(c) for c in changes if c.kind == "text"]
    return [*text, *(change_tag(c) for c in changes if c.kind != "text")] or ["unchanged"]


def change_badge(change: Any) -> str:
    """The badge of one change of a pair, in bokmål, with its reason as a tooltip."""
    tag = change_tag(change)
    label = TAG_LABELS.get(tag, escape_text(tag))
    if change.kind == "renumbered" and change.with_chapter:
        label += " (med kapitlet)"
    elif change.kind == "retitled" and change.year_only:
        label += " (bare årstall)"
    if change.reason:
        tip = change.reason
    elif change.kind == "renumbered" and (change.before or change.after):
        tip = f"{change.before or '–'} → {change.after or '–'}"
    else:
        tip = None
    title = f' title="{escape_text(tip)}"' if tip else ""
    return f'<span class="isf-badge isf-kind-{tag}"{title}>{label}</span>'


def entry_badges(entry: ChangeEntry) -> str:
    """A badge for every change of an entry's pair, its text change first (one badge for its tag when the
    pair has no changes: uendret, ny, fjernet)."""
    changes = list(getattr(entry.pair, "changes", [])) if entry.old is not None and entry.new is not None else []
    if not changes:
        return tag_badges(entry.tags)
    ordered = [c for c in changes if c.kind == "text"] + [c for c in changes if c.kind != "text"]
    return " ".join(change_badge(c) for c in ordered)


def diff_html(changes: Sequence[Any], old_label: str = "Før") -> str:
    """The new text with insertions and deletions marked (<ins>/<del>; substantive ones get a class).

    Equal words the old document wrote otherwise (a reference that followed a renumbering, an OCR
    variant) are shown as the new document has them, with the old words in a tooltip."""
    parts = []
    for c in changes:
        text = escape_text(c.text)
        if not text:
            parts.append(" ")
            continue
        lead = " " if c.text[:1].isspace() else ""
        trail = " " if c.text[-1:].isspace() else ""
        if c.op == "equal":
            old_text = getattr(c, "old_text", None)
            if old_text is not None and old_text.strip() != c.text.strip():
                cls = "isf-renumbered" if getattr(c, "renumbered", None) else "isf-variant"
                title = escape_text(f"{old_label}: {old_text.strip()}")
                text = f'<span class="{cls}" title="{title}">{text}</span>'
            parts.append(f"{lead}{text}{trail}")
        else:
            tag = "ins" if c.op == "insert" else "del"
            cls = ' class="isf-substantive"' if c.substantive else ""
            parts.append(f"{lead}<{tag}{cls}>{text}</{tag}>{trail}")
    return "".join(parts).strip()


def renumbering_note(changes: Sequence[Any]) -> str:
    """"Omnummerert: 6.4 → 7.4" for the references that only follow a renumbering ("" if none)."""
    from tracker.align.diff import renumberings

    found = renumberings(changes)
    notes = []
    for kind, label in (("document", "Omnummerert"), ("regelverk", "Omnummerert i regelverket")):
        moves = [f"{escape_text(o)} → {escape_text(n)}" for k, o, n in found if k == kind]
        if moves:
            notes.append(f"{label}: {', '.join(moves)}")
    return "; ".join(notes)


ROW_LABELS = {"added": "Ny rad", "removed": "Fjernet rad", "changed": "Endret", "equal": ""}
ROW_CLASSES = {"added": "isf-row-added", "removed": "isf-row-removed", "changed": "isf-row-changed", "equal": ""}
TABLE_LABELS = {"added": "Ny tabell", "removed": "Fjernet tabell", "changed": "Endret tabell",
                "unchanged": "Uendret tabell"}
KEYED_LABELS = {"code": "radene er koblet på kodekolonnen", "first-column": "radene er koblet på første kolonne",
                "position": "radene er koblet etter plassering"}


def _cell_html(cell: Any, tag: str = "td", whole: bool = False) -> str:
    """One cell: its text, or old → new where it changed (class isf-cell-changed). In a row or table that
    is added or removed as a whole (``whole``) the row says so and the cells are plain text."""
    if whole:
        return f"<{tag}>{escape_text(cell.new if cell.new is not None else cell.old)}</{tag}>"
    if cell.changed:
        cls = ' class="isf-substantive"' if cell.substantive else ""
        return (f'<{tag} class="isf-cell-changed"><del{cls}>{escape_text(cell.old)}</del> → '
                f"<ins{cls}>{escape_text(cell.new)}</ins></{tag}>")
    if cell.new is None and cell.old:  # a column the new table no longer has
        return f'<{tag} class="isf-cell-removed"><del>{escape_text(cell.old)}</del></{tag}>'
    if cell.old is None and cell.new:  # a column the old table did not have
        return f'<{tag} class="isf-cell-added"><ins>{escape_text(cell.new)}</ins></{tag}>'
    return f"<{tag}>{escape_text(cell.new if cell.new is not None else cell.old)}</{tag}>"


def table_diff_html(table: Any) -> list[str]:
    """A table's diff (tracker.align.table_diff.TableDiff) as an HTML table: one row per row of either
    version, labelled "Ny rad", "Fjernet rad" or "Endret", changed cells as old → new; wide tables scroll."""
    caption = escape_text(table.new_caption or table.old_caption or "Tabell uten overskrift")
    how = f" ({KEYED_LABELS[table.keyed_by]})" if table.op == "changed" and table.keyed_by else ""
    out = [f'<p class="isf-table-diff-caption"><strong>{caption}</strong> — '
           f'<span class="isf-badge isf-table-{table.op}">{TABLE_LABELS.get(table.op, table.op)}</span>{how}</p>']
    if table.op == "unchanged":
        return out
    whole = table.op in ("added", "removed")
    header = "".join(_cell_html(c, "th", whole) for c in table.header)
    out += ['<div class="isf-scroll">', '<table class="isf-table-diff">',
            f"<thead><tr><th>Rad</th>{header}</tr></thead>", "<tbody>"]
    for row in table.rows:
        cls = f' class="{ROW_CLASSES[row.op]}"' if ROW_CLASSES.get(row.op) else ""
        cells = "".join(_cell_html(c, "td", whole or row.op in ("added", "removed")) for c in row.cells)
        out.append(f"<tr{cls}><td>{ROW_LABELS.get(row.op, '')}</td>{cells}</tr>")
    out += ["</tbody></table>", "</div>"]
    return out


def diff_blocks(entry: ChangeEntry, old_year: str = "Før") -> list[str]:
    """The HTML of an entry's diffs: title, renumbering note, word diff and table diffs ([] if none)."""
    out: list[str] = []
    diff = entry.diff
    titles = list(diff.title_changes) if diff is not None else []
    if any(c.op != "equal" for c in titles):
        out.append(f'<p class="isf-title-diff">Tittel: {diff_html(titles, old_year)}</p>')
    note = renumbering_note([*titles, *entry.changes])
    if note:
        out.append(f'<p class="isf-renumbered-note">{note}</p>')
    if any(c.op != "equal" for c in entry.changes):
        out.append(f"<p>{diff_html(entry.changes, old_year)}</p>")
    tables = [t for t in (diff.tables if diff is not None else []) if t.op != "unchanged"]
    for t in tables:
        out += table_diff_html(t)
    if not out:
        return []
    return ['<div class="isf-diff">', *out, "</div>", ""]


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
           f"{'#' * heading_level} {entry.title()}{anchor}", "", entry_badges(entry), ""]
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
    blocks = diff_blocks(entry, str(old_doc.year or "Før")) if entry.old is not None and entry.new is not None else []
    tables = [t for t in (entry.diff.tables if entry.diff is not None else [])]
    if blocks:
        out += blocks
    elif entry.new is None and entry.old is not None and (entry.old.text.strip() or tables):
        out += ['<details markdown>', "<summary>Teksten som er fjernet</summary>", "",
                paragraphs(entry.old.text), ""]
        out += [*(line for t in tables for line in table_diff_html(t)), "", "</details>", ""]
    elif entry.old is None and entry.new is not None and (entry.new.text.strip() or tables):
        out += ['<details markdown>', "<summary>Den nye teksten</summary>", "",
                paragraphs(entry.new.text), ""]
        out += [*(line for t in tables for line in table_diff_html(t)), "", "</details>", ""]
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
           md_table(["Type endring", "Antall seksjoner"], [[TAG_LABELS.get(t, t), str(counts[t])]
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
                    md_table(["Sammenligning", "Innhold", "Redaksjonelle", "Omnummerert", "Nye", "Fjernet"], rows),
                    ""])
    docs = sorted({d.id: d for o, n, _ in pages for d in (o, n)}.values(), key=lambda d: (d.year or 0, d.id))
    return Page(path=CHANGES_INDEX, title="Endringer", markdown=md, sources=docs)
