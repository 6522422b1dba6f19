"""The diff of every pair of an alignment: each matched pair's text, title and tables in each
document's own words, and the verdict (unchanged, editorial, substantive).

It lives apart from :mod:`tracker.align.pipeline` because :func:`tracker.align.match.align` needs it
too: a pair's set of changes includes its text change, and the pipeline builds on ``align``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.align.diff import Change, classify, same_text, word_diff
from tracker.align.table_diff import (
    TableDiff,
    diff_section_tables,
    diff_table,
    section_tables,
    tables_verdict,
)
from tracker.model import Document, RenumberingRecord, Section

if TYPE_CHECKING:  # match imports this module; the pairs are only read here
    from tracker.align.match import Pair

TextChange = Literal["unchanged", "editorial", "substantive"]
_RANK: dict[TextChange, int] = {"unchanged": 0, "editorial": 1, "substantive": 2}


class PairDiff(BaseModel):
    """What changed between the two sections of a pair, in each document's own words: the text's word
    diff (references that only follow a renumbering are equal and marked), the title's (when it reads
    differently) and the tables'. A section on one side only has its tables as added or removed."""

    model_config = ConfigDict(extra="forbid")
    old_id: str | None
    new_id: str | None
    changes: list[Change] = Field(default_factory=list)
    title_changes: list[Change] = Field(default_factory=list)
    tables: list[TableDiff] = Field(default_factory=list)
    verdict: TextChange | None = Field(default=None, description="Text, title and tables together (matched pairs)")

    @property
    def body_verdict(self) -> TextChange:
        """The text and the tables without the title (a new title is a change of its own, ``retitled``)."""
        return strongest(classify(self.changes), tables_verdict(self.tables))


def strongest(*verdicts: TextChange) -> TextChange:
    return max(verdicts, key=_RANK.__getitem__)


def renumber_map(pairs: Sequence[Pair], old: Document, new: Document) -> dict[str, str]:
    """Old number → new number for every matched numbered section (so references that only
    follow a renumbering are not reported as changes)."""
    out = {}
    for p in pairs:
        if p.old_id and p.new_id:
            a, b = old.section(p.old_id), new.section(p.new_id)
            if a and b and a.number and b.number and a.number != b.number:
                out[a.number] = b.number
    return out


def regelverk_renumber_map(old: Document, new: Document) -> dict[str, str]:
    """Old number → new number of the ISF-regelverk's points between the two documents' years, from
    the renumbering tables either document prints (2024 point 5.22 is 2025 point 4.20)."""
    out: dict[str, str] = {}
    if old.year is None or new.year is None:
        return out
    for doc in (new, old):
        for rec in doc.records:
            if not isinstance(rec, RenumberingRecord):
                continue
            f = rec.fields
            old_year = f.old_year or ((doc.year or 0) - 1)
            new_year = f.new_year or (doc.year or 0)
            if (old_year, new_year) == (old.year, new.year) and f.old_number and f.new_number \
                    and f.old_number != f.new_number:
                out.setdefault(f.old_number, f.new_number)
    return out


def pair_diffs(pairs: Sequence[Pair], old: Document, new: Document) -> list[PairDiff]:
    """The diff of every pair whose sections are in the documents, in order: matched pairs get their
    text, title and table diffs; a section on one side only gets its tables (as added or removed)."""
    numbers = renumber_map(pairs, old, new)
    regelverk = regelverk_renumber_map(old, new)
    old_tables, new_tables = section_tables(old), section_tables(new)
    out = []
    for p in pairs:
        a: Section | None = old.section(p.old_id) if p.old_id else None
        b: Section | None = new.section(p.new_id) if p.new_id else None
        if a is not None and b is not None:
            changes = word_diff(a.text, b.text, number_map=numbers, regelverk_map=regelverk)
            titles = [] if same_text(a.title, b.title) else \
                word_diff(a.title, b.title, number_map=numbers, regelverk_map=regelverk)
            tables = diff_section_tables(old, new, old_tables.get(a.id, []), new_tables.get(b.id, []))
            verdict = strongest(classify(changes), classify(titles) if titles else "unchanged",
                                tables_verdict(tables))
            out.append(PairDiff(old_id=a.id, new_id=b.id, changes=changes, title_changes=titles, tables=tables,
                                verdict=verdict))
        elif a is not None and old_tables.get(a.id):
            out.append(PairDiff(old_id=a.id, new_id=None,
                                tables=[diff_table(old.tables[i], None, i, None) for i in old_tables[a.id]]))
        elif b is not None and new_tables.get(b.id):
            out.append(PairDiff(old_id=None, new_id=b.id,
                                tables=[diff_table(None, new.tables[j], None, j) for j in new_tables[b.id]]))
    return out
