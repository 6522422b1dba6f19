"""Row-by-row diffs of the tables of two aligned sections.

The tables of a section pair are paired first (header and content similarity, best pair first);
a table with no counterpart is added or removed as a whole. Two paired tables are compared
column by column (columns matched by header, years ignored: "Kode 2024" is "Kode 2025") and row
by row, rows matched

- by their code column where one has codes in both tables (DRG, STG, TFG, særkoder, procedure and
  ATC codes: the shapes of :mod:`tracker.extract.codes`, such as 349N, PT01, TD998A, B0051, WWAA03),
  unique per table;
- else by the first column, when its values are present and unique in both tables;
- else by position (identical rows anchor, the rows between them pair in order).

The result is data (:class:`TableDiff`), computed once by the align stage and rendered by the site.
A changed cell keeps both texts; whether a change is substantive follows
:func:`tracker.align.diff.is_substantive` (a year alone is editorial, another number or a code is not),
and an added or removed row is always substantive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from tracker.align.diff import classify, same_text, word_diff
from tracker.align.text import YEAR_RE, fold
from tracker.extract.codes import SHAPES
from tracker.model import Document, Table

RowOp = Literal["equal", "changed", "added", "removed"]
TableOp = Literal["unchanged", "changed", "added", "removed"]
Verdict = Literal["unchanged", "editorial", "substantive"]
KeyedBy = Literal["code", "first-column", "position"]

_SHAPE_RE = "|".join("".join("[A-ZÆØÅ]" if c == "L" else r"\d" for c in shape) for shape in SHAPES)
CODE_VALUE_RE = re.compile(rf"^(?:{_SHAPE_RE})$")
_RANK: dict[Verdict, int] = {"unchanged": 0, "editorial": 1, "substantive": 2}


class Cell(BaseModel):
    """One cell: its text in each table (None: that row or column is not in that table)."""

    model_config = ConfigDict(extra="forbid")
    old: str | None = None
    new: str | None = None
    changed: bool = False  # both present and they read differently
    substantive: bool = False


class RowDiff(BaseModel):
    model_config = ConfigDict(extra="forbid")
    op: RowOp
    key: str | None = Field(default=None, description="The row's key (code or first column) when rows are keyed")
    old_row: int | None = None  # index in the old table's rows
    new_row: int | None = None
    cells: list[Cell]


class TableDiff(BaseModel):
    model_config = ConfigDict(extra="forbid")
    op: TableOp
    old_table: int | None = Field(default=None, description="Index in the old document's tables")
    new_table: int | None = Field(default=None, description="Index in the new document's tables")
    old_caption: str | None = None
    new_caption: str | None = None
    header: list[Cell]
    rows: list[RowDiff]
    key_column: int | None = Field(default=None, description="The column (of ``header``) rows are matched by")
    keyed_by: KeyedBy | None = None
    verdict: Verdict

    @property
    def caption(self) -> str | None:
        return self.new_caption or self.old_caption


# -- which tables belong to a section ------------------------------------------------------------


def section_tables(doc: Document) -> dict[str, list[int]]:
    """Section id → indices of the document's tables in that section (by the table's section number;
    a table without one belongs to the last section starting on or before its page)."""
    out: dict[str, list[int]] = {}
    for i, t in enumerate(doc.tables):
        sid = None
        if t.section:
            s = doc.section(t.section)
            sid = s.id if s is not None else None
        if sid is None and t.section is None:
            for s in doc.sections:
                if s.page <= t.page:
                    sid = s.id
        if sid is not None:
            out.setdefault(sid, []).append(i)
    return out


# -- comparing -----------------------------------------------------------------------------------


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _header_key(text: str) -> str:
    """A column header as matched: years, case and trailing punctuation do not matter."""
    return " ".join(YEAR_RE.sub(" ", fold(text)).split()).strip(" .:;,")


def _row_key(value: str) -> str:
    return " ".join(fold(value).split())


def _cells(row: Sequence[str], index: int | None) -> str | None:
    if index is None:
        return None
    return _norm(row[index]) if index < len(row) else ""


def _width(table: Table) -> int:
    return max([len(table.header), *(len(r) for r in table.rows)], default=0)


def _columns(old: Table, new: Table) -> list[tuple[int | None, int | None]]:
    """(old column, new column) pairs: matched by header, the rest in order; a column on one side only
    has None on the other."""
    ha = [_header_key(h) for h in old.header] + [""] * (_width(old) - len(old.header))
    hb = [_header_key(h) for h in new.header] + [""] * (_width(new) - len(new.header))
    out: list[tuple[int | None, int | None]] = []
    for tag, i0, i1, j0, j1 in SequenceMatcher(None, ha, hb, autojunk=False).get_opcodes():
        if tag == "equal":
            out += list(zip(range(i0, i1), range(j0, j1), strict=True))
            continue
        n = max(i1 - i0, j1 - j0)
        for k in range(n):
            out.append((i0 + k if i0 + k < i1 else None, j0 + k if j0 + k < j1 else None))
    return out


def _cell(old: str | None, new: str | None) -> Cell:
    if old is None or new is None or same_text(old, new):
        return Cell(old=old, new=new)
    return Cell(old=old, new=new, changed=True, substantive=classify(word_diff(old, new)) == "substantive")


def looks_like_code(value: str) -> bool:
    return bool(CODE_VALUE_RE.match(value.strip()))


def _unique(values: list[str]) -> bool:
    return len(set(values)) == len(values)


def _key_column(old: Table, new: Table, cols: list[tuple[int | None, int | None]]) -> tuple[int | None, KeyedBy]:
    """The column rows are matched by, and why (codes, the first column, or none: by position)."""
    def values(table: Table, index: int) -> list[str]:
        return [_row_key(r[index]) for r in table.rows if index < len(r) and r[index].strip()]

    for c, (i, j) in enumerate(cols):
        if i is None or j is None:
            continue
        va, vb = values(old, i), values(new, j)
        if not va or not vb or not _unique(va) or not _unique(vb):
            continue
        raw_a = [r[i] for r in old.rows if i < len(r) and r[i].strip()]
        raw_b = [r[j] for r in new.rows if j < len(r) and r[j].strip()]
        share = sum(map(looks_like_code, raw_a + raw_b)) / len(raw_a + raw_b)
        # Mostly codes, and present in most rows: a column of replacement codes with gaps still keys.
        if share >= 0.8 and len(va) >= 0.5 * len(old.rows) and len(vb) >= 0.5 * len(new.rows):
            return c, "code"
    if cols and cols[0][0] is not None and cols[0][1] is not None:
        i, j = cols[0]
        va, vb = values(old, i), values(new, j)  # type: ignore[arg-type]
        if len(va) == len(old.rows) and len(vb) == len(new.rows) and _unique(va) and _unique(vb):
            return 0, "first-column"
    return None, "position"


def _row(cols: list[tuple[int | None, int | None]], old: Sequence[str] | None, new: Sequence[str] | None) -> list[Cell]:
    return [_cell(_cells(old, i) if old is not None else None, _cells(new, j) if new is not None else None)
            for i, j in cols]


def _row_diff(cols, old: Table, new: Table, oi: int | None, ni: int | None, key: str | None) -> RowDiff:
    cells = _row(cols, old.rows[oi] if oi is not None else None, new.rows[ni] if ni is not None else None)
    if oi is None:
        op: RowOp = "added"
    elif ni is None:
        op = "removed"
    else:
        op = "changed" if any(c.changed or (c.old is None) != (c.new is None) and (c.old or c.new) for c in cells) \
            else "equal"
    return RowDiff(op=op, key=key, old_row=oi, new_row=ni, cells=cells)


def _keyed_rows(cols, old: Table, new: Table, column: int) -> list[RowDiff]:
    i, j = cols[column]
    assert i is not None and j is not None

    def key(row: Sequence[str], index: int) -> str:
        return _row_key(row[index]) if index < len(row) else ""

    old_at = {key(r, i): k for k, r in enumerate(old.rows) if key(r, i)}
    matched = {key(r, j) for r in new.rows} & set(old_at)
    out: list[RowDiff] = []
    emitted: set[int] = set()

    def removed_before(limit: int) -> None:
        for k in range(limit):
            if k not in emitted and key(old.rows[k], i) not in matched:
                emitted.add(k)
                out.append(_row_diff(cols, old, new, k, None, _norm(old.rows[k][i]) if i < len(old.rows[k]) else None))

    for n, r in enumerate(new.rows):
        k = key(r, j)
        if k in matched:
            o = old_at[k]
            removed_before(o)
            emitted.add(o)
            out.append(_row_diff(cols, old, new, o, n, _norm(r[j])))
        else:
            out.append(_row_diff(cols, old, new, None, n, _norm(r[j]) if j < len(r) and r[j].strip() else None))
    removed_before(len(old.rows))
    return out


def _positional_rows(cols, old: Table, new: Table) -> list[RowDiff]:
    def comparable(table: Table, index: int | None, row: Sequence[str]) -> str:
        return _row_key(_cells(row, index) or "")

    ka = ["\x1f".join(comparable(old, i, r) for i, _ in cols) for r in old.rows]
    kb = ["\x1f".join(comparable(new, j, r) for _, j in cols) for r in new.rows]
    out: list[RowDiff] = []
    for _tag, i0, i1, j0, j1 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        for k in range(max(i1 - i0, j1 - j0)):
            oi = i0 + k if i0 + k < i1 else None
            ni = j0 + k if j0 + k < j1 else None
            out.append(_row_diff(cols, old, new, oi, ni, None))
    return out


def _verdict(header: list[Cell], rows: list[RowDiff]) -> Verdict:
    if any(r.op in ("added", "removed") for r in rows):
        return "substantive"
    cells = [c for c in header] + [c for r in rows for c in r.cells]
    if any((c.old is None) != (c.new is None) and (c.old or c.new) for c in cells):
        return "substantive"  # a column added or removed
    changed = [c for c in cells if c.changed]
    if any(c.substantive for c in changed):
        return "substantive"
    return "editorial" if changed else "unchanged"


def diff_table(old: Table | None, new: Table | None, old_index: int | None = None,
               new_index: int | None = None) -> TableDiff:
    """The diff of one table pair (either may be None: the table was added or removed)."""
    if old is None or new is None:
        table = new if new is not None else old
        assert table is not None
        added = new is not None
        width = _width(table)
        header = [Cell(new=_norm(h)) if added else Cell(old=_norm(h)) for h in table.header]
        header += [Cell(new="") if added else Cell(old="") for _ in range(width - len(header))]
        rows = [RowDiff(op="added" if added else "removed", new_row=k if added else None, old_row=None if added else k,
                        cells=[Cell(new=v) if added else Cell(old=v) for v in (_cells(r, c) for c in range(width))])
                for k, r in enumerate(table.rows)]
        return TableDiff(op="added" if added else "removed", old_table=old_index, new_table=new_index,
                         old_caption=old.caption if old else None, new_caption=new.caption if new else None,
                         header=header, rows=rows, verdict="substantive" if rows else "editorial")
    cols = _columns(old, new)
    header = [_cell(_cells(old.header, i) if i is not None else None, _cells(new.header, j) if j is not None else None)
              for i, j in cols]
    column, keyed_by = _key_column(old, new, cols)
    rows = _keyed_rows(cols, old, new, column) if column is not None else _positional_rows(cols, old, new)
    verdict = _verdict(header, rows)
    return TableDiff(op="unchanged" if verdict == "unchanged" else "changed", old_table=old_index, new_table=new_index,
                     old_caption=old.caption, new_caption=new.caption, header=header, rows=rows,
                     key_column=column, keyed_by=keyed_by, verdict=verdict)


def _similarity(a: Table, b: Table) -> float:
    """How much two tables look like versions of one table (0..1): header and cell values."""
    ha = " | ".join(_header_key(h) for h in a.header)
    hb = " | ".join(_header_key(h) for h in b.header)
    header = fuzz.token_sort_ratio(ha, hb) / 100 if (ha or hb) else 0.0
    va = {_row_key(c) for r in a.rows for c in r if c.strip()}
    vb = {_row_key(c) for r in b.rows for c in r if c.strip()}
    content = len(va & vb) / len(va | vb) if va | vb else 0.0
    return 0.4 * header + 0.6 * content


def diff_section_tables(old: Document, new: Document, old_tables: Sequence[int],
                        new_tables: Sequence[int]) -> list[TableDiff]:
    """The diffs of the tables of one pair of sections (indices into each document's ``tables``): tables
    paired best first, in the new section's order, then the removed ones in the old order."""
    scored = sorted(((_similarity(old.tables[i], new.tables[j]), i, j) for i in old_tables for j in new_tables),
                    key=lambda x: (-x[0], x[1], x[2]))
    pair_of: dict[int, int] = {}
    used: set[int] = set()
    for score, i, j in scored:
        if score < 0.45 or i in used or j in pair_of:
            continue
        pair_of[j] = i
        used.add(i)
    out = []
    for j in new_tables:
        i = pair_of.get(j)
        out.append(diff_table(old.tables[i] if i is not None else None, new.tables[j], i, j))
    out += [diff_table(old.tables[i], None, i, None) for i in old_tables if i not in used]
    return out


def tables_verdict(diffs: Sequence[TableDiff]) -> Verdict:
    """The strongest verdict of a section's table diffs."""
    return max((d.verdict for d in diffs), key=_RANK.__getitem__, default="unchanged")
