"""Typed change records read from tables, recognised by their columns and content.

:func:`records_from_tables` looks at each table's header words and at what its cells hold
(section numbers, classification codes, dates), never at its page or position, so the same
tables are understood in other years and other renderings. A table gives records of at most
one type; a table that fits no type gives none. ``Record.table`` is the index of the table in
the list given, ``Record.page`` the table's first page.

The record types and their fields, each with its type and meaning, are the models in
:mod:`tracker.model` (``RenumberingRecord`` … ``ChangeLogRecord``, a union discriminated by ``type``);
a recogniser builds the fields model of its type, so a field it does not declare cannot slip through.

``lead_ins`` (optional, one per table) is the body text just above each table
(:attr:`tracker.extract.tables.FoundTable.lead_in`): "Følgende DRG-er tas ut:" is what says
whether a code-group table lists added or removed groups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from tracker.model import (
    ActivityBasisFields,
    ChangeLogFields,
    CodeGroupChangeFields,
    CodeReplacementFields,
    DeadlineFields,
    GroupChange,
    Record,
    RecordFields,
    RecordType,
    RenumberingFields,
    Table,
    make_record,
)

_SECTION_NUMBER = re.compile(r"^\d{1,2}(\.\d{1,3}){0,4}$")
_CODE = re.compile(r"^[A-ZÆØÅ]{0,5}\d[0-9A-Z]{0,5}$")
_NONE_VALUES = {"", ".", "-", "–", "—", "x"}
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_PERIOD = re.compile(r"^(\d{1,2})\.(\d{1,2})\s*[-–]\s*(\d{1,2})\.(\d{1,2})$")
_SYSTEM = re.compile(r"\b(DRG|STG|TFG)\b")

Row = list[str]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _low(text: str) -> str:
    return _norm(text).lower()


def _column(rows: Sequence[Row], k: int) -> list[str]:
    return [_norm(r[k]) if k < len(r) else "" for r in rows]


def _share(values: Sequence[str], pattern: re.Pattern[str]) -> float:
    filled = [v for v in values if v not in _NONE_VALUES]
    if not filled:
        return 0.0
    return sum(1 for v in filled if pattern.match(v)) / len(filled)


def _year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(0)) if m else None


def _value(text: str) -> str | None:
    t = _norm(text)
    return None if t in _NONE_VALUES else t


def _date(text: str) -> date | None:
    m = _DATE.search(text)
    if not m:
        return None
    d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# recognisers: each returns the records of one table, or None when the table is not its type


def _renumbering(table: Table, context: str) -> list[RenumberingFields] | None:
    header = [_low(h) for h in table.header]
    number_cols = [
        k for k, h in enumerate(header)
        if re.search(r"punkt|kapittel|\bkap\b|nummer|\bnr\b|avsnitt", h)
        and _share(_column(table.rows, k), _SECTION_NUMBER) >= 0.8
        and any("." in v for v in _column(table.rows, k))
    ]
    if not number_cols or len(number_cols) > 2 or not table.rows:
        return None
    if len(number_cols) == 2:
        a, b = number_cols
        ya, yb = _year(table.header[a]), _year(table.header[b])
        if ya is not None and yb is not None and ya > yb:
            number_cols = [b, a]
    title_cols = []
    for k in number_cols:
        nxt = k + 1
        ok = nxt < len(header) and nxt not in number_cols and re.search(r"navn|tittel|overskrift|name|title", header[nxt])
        title_cols.append(nxt if ok else None)
    used = set(number_cols) | {k for k in title_cols if k is not None}
    note_cols = [k for k in range(len(header)) if k not in used]
    old_k, old_t = number_cols[0], title_cols[0]
    new_k, new_t = (number_cols[1], title_cols[1]) if len(number_cols) == 2 else (None, None)
    out: list[RenumberingFields] = []
    for row in table.rows:
        cells = [_norm(c) for c in row] + [""] * (len(header) - len(row))
        old = _value(cells[old_k])
        new = _value(cells[new_k]) if new_k is not None else None
        if old is None and new is None:
            continue
        note = " ".join(cells[k] for k in note_cols if cells[k]) or None
        status = "removed" if new is None else ("unchanged" if new == old else "renumbered")
        out.append(RenumberingFields(
            old_number=old,
            old_title=_value(cells[old_t]) if old_t is not None else None,
            new_number=new,
            new_title=_value(cells[new_t]) if new_t is not None else None,
            note=note,
            status=status,
            old_year=_year(table.header[old_k]),
            new_year=_year(table.header[new_k]) if new_k is not None else None,
        ))
    return out


def _code_columns(table: Table) -> list[int]:
    header = [_low(h) for h in table.header]
    cols = []
    for k, h in enumerate(header):
        values = _column(table.rows, k)
        if not any(v not in _NONE_VALUES for v in values):
            continue
        if re.search(r"\bkode\b|code|\bdrg\b|\bstg\b|\btfg\b", h) and _share(values, _CODE) >= 0.8:
            cols.append(k)
    return cols


def _text_column_after(table: Table, k: int, taken: set[int]) -> int | None:
    nxt = k + 1
    if nxt < len(table.header) and nxt not in taken and re.search(
        r"navn|tekst|beskrivelse|name|text", _low(table.header[nxt])
    ):
        return nxt
    return None


def _code_replacement(table: Table, context: str) -> list[CodeReplacementFields] | None:
    codes = _code_columns(table)
    if len(codes) != 2:
        return None
    old_k, new_k = codes
    h_old, h_new = _low(table.header[old_k]), _low(table.header[new_k])
    y_old, y_new = _year(h_old), _year(h_new)
    says_new = bool(re.search(r"\bny\b|\bnye\b|\bnew\b", h_new)) or (
        y_old is not None and y_new is not None and y_new > y_old
    )
    if not says_new:
        return None
    taken = set(codes)
    old_t = _text_column_after(table, old_k, taken)
    new_t = _text_column_after(table, new_k, taken | ({old_t} if old_t is not None else set()))
    change_k = next(
        (k for k, h in enumerate(table.header) if k not in taken and re.search(r"endring|change|status", _low(h))),
        None,
    )
    system_m = _SYSTEM.search(table.header[old_k].upper())
    out: list[CodeReplacementFields] = []
    for row in table.rows:
        cells = [_norm(c) for c in row] + [""] * (len(table.header) - len(row))
        old = _value(cells[old_k])
        if old is None:
            continue
        new = _value(cells[new_k])
        change_text = cells[change_k] if change_k is not None and cells[change_k] else None
        removed = bool(change_text and re.search(r"utg[åa]r|slettes|fjernes|tas ut", change_text.lower()))
        if removed:
            new = None
        out.append(CodeReplacementFields(
            system=system_m.group(1) if system_m else None,
            old_code=old,
            old_text=_value(cells[old_t]) if old_t is not None else None,
            new_code=new,
            new_text=_value(cells[new_t]) if new_t is not None and new is not None else None,
            change="removed" if removed else ("replaced" if new is not None else None),
            change_text=change_text,
            old_year=y_old,
            new_year=y_new,
        ))
    return out


def _change_from_context(context: str) -> GroupChange | None:
    c = context.lower()
    if re.search(r"justert(e)? navn|nye navn|endret navn|navneendring|endrer navn", c):
        return "renamed"
    if re.search(r"tas ut|utgår|utgar|slettes|fjernes|avvikles|\bfjernet\b", c):
        return "removed"
    if re.search(r"opprettes|oppretter|\bnye?\b|etableres|innføres|\bopprettet\b", c):
        return "added"
    return None


def _financing_from_context(context: str) -> bool | None:
    c = context.lower()
    if "uten finansiering" in c:
        return False
    if "med finansiering" in c:
        return True
    return None


def _code_group_change(table: Table, context: str) -> list[CodeGroupChangeFields] | None:
    if not table.header or not table.rows:
        return None
    first = _norm(table.header[0]).upper()
    m = re.fullmatch(r"(DRG|STG|TFG)(-KODE|-ER)?", first)
    if not m or _share(_column(table.rows, 0), _CODE) < 0.8:
        return None
    if len(_code_columns(table)) > 1:
        return None  # two code columns: a replacement table
    header = [_low(h) for h in table.header]
    hdg_k = next((k for k, h in enumerate(header) if h == "hdg"), None)
    name_k = next((k for k, h in enumerate(header) if k and re.search(r"navn|beskrivelse|tekst|name", h)), None)
    other_ks = [k for k in range(1, len(header)) if k not in (hdg_k, name_k)]
    change = _change_from_context(context)
    financing = _financing_from_context(context)
    out: list[CodeGroupChangeFields] = []
    for row in table.rows:
        cells = [_norm(c) for c in row] + [""] * (len(header) - len(row))
        code = _value(cells[0])
        if code is None:
            continue
        out.append(CodeGroupChangeFields(
            system=m.group(1),
            code=code,
            hdg=_value(cells[hdg_k]) if hdg_k is not None else None,
            name=_value(cells[name_k]) if name_k is not None else None,
            change=change,
            with_financing=financing,
            other={_norm(table.header[k]): cells[k] for k in other_ks if cells[k]},
        ))
    return out


def _deadline(table: Table, context: str) -> list[DeadlineFields] | None:
    header = [_low(h) for h in table.header]
    tertial_k = next((k for k, h in enumerate(header) if "tertial" in h), None)
    period_k = next((k for k, h in enumerate(header) if "periode" in h), None)
    delivery_ks = [k for k, h in enumerate(header) if re.search(r"leveranse|frist|levering", h)]
    if tertial_k is None or not delivery_ks:
        return None
    years = [int(m.group(3)) for r in table.rows for k in delivery_ks if k < len(r) for m in [_DATE.search(r[k])] if m]
    data_year = min(years) if years else None
    out: list[DeadlineFields] = []
    for row in table.rows:
        cells = [_norm(c) for c in row] + [""] * (len(header) - len(row))
        t = re.search(r"\d+", cells[tertial_k])
        if not t:
            continue
        period = cells[period_k] if period_k is not None else ""
        start = end = None
        pm = _PERIOD.match(period)
        if pm and data_year is not None:
            d0, m0, d1, m1 = (int(g) for g in pm.groups())
            try:
                start, end = date(data_year, m0, d0), date(data_year, m1, d1)
            except ValueError:
                start = end = None
        out.append(DeadlineFields(
            tertial=int(t.group(0)),
            period=period or None,
            period_start=start,
            period_end=end,
            first_delivery=_date(cells[delivery_ks[0]]),
            final_delivery=_date(cells[delivery_ks[-1]]) if len(delivery_ks) > 1 else None,
        ))
    return out


def _activity_basis(table: Table, context: str) -> list[ActivityBasisFields] | None:
    header = [_low(h) for h in table.header]
    unit_k = next((k for k, h in enumerate(header) if re.search(r"enhet", h)), None)
    act_k = next((k for k, h in enumerate(header) if "aktivitet" in h), None)
    refund_k = next((k for k, h in enumerate(header) if "refusjon" in h), None)
    if unit_k is None or act_k is None or refund_k is None:
        return None
    out: list[ActivityBasisFields] = []
    for row in table.rows:
        cells = [_norm(c) for c in row] + [""] * (len(header) - len(row))
        refund_cell = cells[refund_k]
        m = re.match(r"^(ja|nei)\b[.,:;]?\s*(.*)$", refund_cell, re.IGNORECASE)
        refund = None if not m else m.group(1).lower() == "ja"
        note = (m.group(2) if m else refund_cell) or None
        out.append(ActivityBasisFields(
            unit_type=_value(cells[unit_k]),
            activity_type=_value(cells[act_k]),
            refund=refund,
            refund_note=note,
        ))
    return out


_CHAPTER = re.compile(r"^(?:kapittel|kap\.?|punkt)\s+(\d+(?:\.\d+)*)\.?\s*(.*)$", re.IGNORECASE)
_APPENDIX = re.compile(r"^vedlegg\s+([A-ZÆØÅ]\d*)\b\s*[–—-]?\s*(.*)$", re.IGNORECASE)


def _change_log(table: Table, context: str) -> list[ChangeLogFields] | None:
    if len(table.header) != 2:
        return None
    where, what = _low(table.header[0]), _low(table.header[1])
    if not (re.search(r"hva endres|endring(er)?$|beskrivelse", what) and re.search(r"hvor|kapittel|sted|punkt|vedlegg", where)):
        return None
    document = re.split(r"\s+[–—-]\s+hvor\b", _norm(table.header[0]), maxsplit=1)[0]
    out: list[ChangeLogFields] = []
    for row in table.rows:
        cells = [_norm(c) for c in row] + [""] * (2 - len(row))
        location = _value(cells[0])
        ch = _CHAPTER.match(location or "")
        ap = _APPENDIX.match(location or "")
        out.append(ChangeLogFields(
            document=document,
            location=location,
            chapter_number=ch.group(1) if ch else None,
            chapter_title=(ch.group(2) or None) if ch else None,
            appendix=ap.group(1) if ap else None,
            appendix_title=(ap.group(2) or None) if ap else None,
            change=_value(cells[1]),
        ))
    return out


_RECOGNISERS: list[tuple[RecordType, Callable[[Table, str], Sequence[RecordFields] | None]]] = [
    ("change_log", _change_log),
    ("deadline", _deadline),
    ("activity_basis", _activity_basis),
    ("renumbering", _renumbering),
    ("code_replacement", _code_replacement),
    ("code_group_change", _code_group_change),
]


def records_from_table(table: Table, index: int, lead_in: str | None = None) -> list[Record]:
    """The records of one table (``index`` is its position in the document's tables)."""
    context = " ".join(t for t in (table.caption, lead_in) if t)
    for kind, recognise in _RECOGNISERS:
        found = recognise(table, context)
        if found:
            return [make_record(kind, index, table.page, f) for f in found]
    return []


def records_from_tables(tables: Sequence[Table], lead_ins: Sequence[str | None] | None = None) -> list[Record]:
    """Typed records from every table that states changes, in table order."""
    if lead_ins is not None and len(lead_ins) != len(tables):
        raise ValueError(f"lead_ins has {len(lead_ins)} entries for {len(tables)} tables")
    out: list[Record] = []
    for i, table in enumerate(tables):
        out.extend(records_from_table(table, i, lead_ins[i] if lead_ins is not None else None))
    return out
