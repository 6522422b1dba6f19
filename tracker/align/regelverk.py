"""What the documents say about the ISF-regelverk's chapters ("punkter").

The regelverk itself is not in the corpus; its chapters are known from what other documents
say about them:

- renumbering tables (``Document.records`` of type ``renumbering``): 2024 point 5.22
  "Samarbeidsaktiviteter" is 2025 point 4.20 — the only evidence that links numbers across years;
- endringslogg rows (records of type ``change_log``): "Kapittel 5.22 Samarbeidsaktiviteter med
  samarbeidspart utenfor spesialisthelsetjenesten";
- references in running text: "ISF-regelverkets kapittel 5.23 Pasientopplæring og tiltak i
  gruppe", "punkt 5.10 i regelverket" (the year is the document's, unless the sentence names one).

A chapter is a set of (year, number) nodes joined by renumbering rows, and by the same number
with a matching title in consecutive known years.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from tracker.align.refs import find_references
from tracker.align.text import title_key
from tracker.model import ChangeLogRecord, Document, RenumberingRecord

Node = tuple[int, str]  # (regelverk year, chapter number)


@dataclass(frozen=True)
class Mention:
    year: int
    number: str
    title: str | None
    doc_id: str
    section_id: str | None
    page: int
    excerpt: str
    source: str  # "renumbering", "removed", "changelog", "reference"


def _excerpt(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _section_at(doc: Document, page: int) -> str | None:
    """The section a table row on ``page`` belongs to (the last one starting on or before it)."""
    best = None
    for s in doc.sections:
        if s.page <= page:
            best = s.id
    return best


def _table_section(doc: Document, table_index: int, page: int) -> str | None:
    if 0 <= table_index < len(doc.tables):
        number = doc.tables[table_index].section
        if number:
            s = doc.section(number)
            if s is not None:
                return s.id
    return _section_at(doc, page)


def collect(documents: list[Document]) -> tuple[list[Mention], list[tuple[Node, Node, str]]]:
    """Every mention of a regelverk chapter, and the renumbering links (old node, new node, why)."""
    mentions: list[Mention] = []
    links: list[tuple[Node, Node, str]] = []
    for doc in documents:
        year = doc.year
        for rec in doc.records:
            sid = _table_section(doc, rec.table, rec.page)
            if isinstance(rec, RenumberingRecord):
                f = rec.fields
                old_year = f.old_year or ((year or 0) - 1)
                new_year = f.new_year or (year or 0)
                on, nn = f.old_number, f.new_number
                row = " | ".join(v for v in (f.old_number, f.old_title, f.new_number, f.new_title, f.note) if v)
                if on:
                    mentions.append(Mention(old_year, on, f.old_title or None, doc.id, sid, rec.page,
                                            _excerpt(row), "renumbering" if nn else "removed"))
                if nn:
                    mentions.append(Mention(new_year, nn, f.new_title or None, doc.id, sid, rec.page,
                                            _excerpt(row), "renumbering"))
                if on and nn:
                    links.append(((old_year, on), (new_year, nn), f"{doc.id} p. {rec.page}"))
            elif isinstance(rec, ChangeLogRecord) and rec.fields.chapter_number and year:
                c = rec.fields
                text = f"{c.location or ''}: {c.change or ''}"
                mentions.append(Mention(year, c.chapter_number, c.chapter_title or None, doc.id, sid,
                                        rec.page, _excerpt(text), "changelog"))
        if year is None:
            continue
        for s in doc.sections:
            for ref in find_references(s.title + ".\n" + s.text):
                if ref.target != "regelverk":
                    continue
                mentions.append(Mention(ref.year or year, ref.number, ref.title, doc.id, s.id, s.page,
                                        _excerpt(ref.sentence), "reference"))
    return mentions, links


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, x: Node) -> Node:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Node, b: Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def titles_agree(a: str | None, b: str | None) -> bool:
    """Two titles of the same chapter agree when one is (nearly) the other or a shortening of it."""
    if not a or not b:
        return True
    ka, kb = title_key(a), title_key(b)
    return fuzz.token_set_ratio(ka, kb) >= 85 or fuzz.partial_ratio(ka, kb) >= 90


def chapters(mentions: list[Mention], links: list[tuple[Node, Node, str]]) -> list[list[Node]]:
    """Groups of (year, number) nodes that are one regelverk chapter."""
    uf = _UnionFind()
    titles: dict[Node, list[str]] = defaultdict(list)
    for m in mentions:
        uf.find((m.year, m.number))
        if m.title:
            titles[(m.year, m.number)].append(m.title)
    for a, b, _ in links:
        uf.union(a, b)
    # Same number, agreeing titles, consecutive years with no renumbering link between them.
    by_number: dict[str, list[int]] = defaultdict(list)
    for y, n in sorted(uf.parent):
        by_number[n].append(y)
    linked_years = {(a[0], b[0]) for a, b, _ in links}
    for number, years in by_number.items():
        for y0, y1 in zip(years, years[1:], strict=False):
            if (y0, y1) in linked_years:
                continue  # the table of that year says where things went
            t0, t1 = titles.get((y0, number)), titles.get((y1, number))
            if t0 and t1 and titles_agree(t0[0], t1[0]):
                uf.union((y0, number), (y1, number))
    groups: dict[Node, list[Node]] = defaultdict(list)
    for node in sorted(uf.parent):
        groups[uf.find(node)].append(node)
    return [sorted(g) for _, g in sorted(groups.items())]
