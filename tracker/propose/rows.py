"""Parameter table rows from what a document states: typed table records and the facts read from them.

A table parameter's rows use the record's own field names (``old_code``, ``tertial``, ``unit_type`` …, see
:mod:`tracker.check.facts`), so a row is mostly the record's fields, restricted to the parameter's columns
(``columns_nb``). Two columns are the parameters' own words rather than the record's:

* ``grupper.endringer`` writes a group change in Norwegian (``opprettes``, ``utgår``, ``nytt navn``:
  :data:`tracker.model.GROUP_CHANGE_WORDS`);
* ``aktivitetsgrunnlag.*`` splits the printed activity ("Dag- og døgnbehandling Poliklinikk") into the
  activity types it names (``activities``: dagbehandling, døgnbehandling, poliklinikk), which is what
  :func:`tracker.rules.functions.gives_isf_refund` looks up: :func:`split_activities`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from tracker.check.facts import Fact, record_facts
from tracker.check.text import normalise
from tracker.model import GROUP_CHANGE_WORDS, Document, Record, Table
from tracker.rules.params import Parameter

# The fact kinds whose value is one row of a table parameter, and the fields that identify the row within
# its entry (two facts about the same row agree or conflict; rows with other keys are different rows).
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "code_replacement": ("old_code",),
    "deadline": ("tertial",),
    "activity_basis": ("unit_type", "activity_type"),
    "code_group_change": ("system", "code"),
    "respiratorkode": ("code",),
}

# The fields that find a record's printed row among a table's rows (a group's system is the header's, not a cell).
_PRINTED_KEYS: dict[str, tuple[str, ...]] = {
    "code_replacement": ("old_code",),
    "deadline": ("tertial",),
    "activity_basis": ("unit_type", "activity_type"),
    "code_group_change": ("code",),
    "respiratorkode": ("code",),
}

# The columns a fact of each kind states and the check compares: two rows with the same key conflict only
# when they differ here (a group's name spelt differently in two documents is no conflict).
ROW_FACTS: dict[str, tuple[str, ...]] = {
    "code_replacement": ("old_code", "new_code", "change"),
    "deadline": ("tertial", "first_delivery", "final_delivery"),
    "activity_basis": ("unit_type", "activity_type", "refund"),
    "code_group_change": ("system", "code", "change", "with_financing"),
    "respiratorkode": ("code", "min_days", "max_days"),
}

# The last part of the compounds the activity tables suspend ("Dag- og døgnbehandling" is dagbehandling and
# døgnbehandling): what a word ending in a hyphen borrows from the word that completes it.
_COMPOUND_TAILS = ("behandling", "virksomhet", "kirurgi", "konsultasjoner", "konsultasjon", "opphold",
                   "tjenester", "tjeneste", "aktivitet", "oppfølging", "kontakter", "kontakt")


def row_key(kind: str, row: dict[str, Any]) -> tuple[str, ...]:
    """The identity of a row within its entry, compared as the check compares it (normalised text)."""
    return tuple(normalise(str(row.get(k) if row.get(k) is not None else "")) for k in ROW_KEYS[kind])


def rows_differ(kind: str, ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """Whether two rows disagree on a column the fact states and both rows fill. A group that "gets
    financing" (``financed``) is one the text may also call created (as the check counts it)."""
    for column in ROW_FACTS[kind]:
        a, b = ours.get(column), theirs.get(column)
        if a is None or b is None:
            continue
        if isinstance(a, str) and isinstance(b, str):
            a, b = normalise(a), normalise(b)
        if column == "change" and {a, b} == {"financed", "opprettes"}:
            continue
        if a != b:
            return True
    return False


def split_activities(printed: str) -> list[str]:
    """The activity types a printed activity cell names, lower case, suspended compounds completed:

    "Dag- og døgnbehandling Poliklinikk" → dagbehandling, døgnbehandling, poliklinikk;
    "Poliklinisk laboratorie- og røntgenvirksomhet" → poliklinisk laboratorievirksomhet, poliklinisk
    røntgenvirksomhet. A capitalised word after a lower-case one starts a new item (the cell's next line).
    """
    text = unicodedata.normalize("NFKC", printed).replace("\u00ad", "")
    text = re.sub(r"(\w)-(og|eller)\b", r"\1- \2", text)  # "Dag-og døgn…": a missing space
    text = re.sub(r"(?<=[a-zæøå])-(?=[a-zæøå])(?!og\b|eller\b)", "", text)  # "døgn-behandling": a line-end hyphen
    text = re.sub(r"(?<=[a-zæøå,])\s+(?=[A-ZÆØÅ][a-zæøå])", " | ", text)  # a new line of the cell
    parts = [p.strip() for p in re.split(r"\s*\|\s*|\s*,\s*|\s+og\s+|\s+eller\s+", text.casefold()) if p.strip()]
    items: list[str] = []
    pending: list[tuple[list[str], str]] = []  # suspended items waiting for their tail: (leading words, stem)
    for part in parts:
        words = part.split()
        if words[-1].endswith("-"):
            pending.append((words[:-1], words[-1][:-1]))
            continue
        if pending:
            last = words[-1]
            tail = next((t for t in _COMPOUND_TAILS if last.endswith(t) and last != t), "")
            shared = next((lead for lead, _ in pending if lead), [])
            for lead, stem in pending:
                items.append(" ".join([*lead, stem + tail]))
            if shared and len(words) == 1:
                words = [*shared, *words]
            pending = []
        items.append(" ".join(words))
    items += [" ".join([*lead, stem]) for lead, stem in pending]
    return list(dict.fromkeys(items))


def fact_key(fact: Fact) -> tuple:
    return (fact.kind, fact.key, fact.page, fact.section_id, fact.quote)


def records_by_fact(doc: Document) -> dict[tuple, Record]:
    """The typed record each table fact of ``doc`` was read from (facts carry a record's fields, not the
    record): the check's own reading (:func:`record_facts`), one record at a time."""
    out: dict[tuple, Record] = {}
    for record in doc.records:
        for fact in record_facts(doc.model_copy(update={"records": [record]})):
            out.setdefault(fact_key(fact), record)
    return out


def table_row_text(table: Table, fact: Fact) -> str | None:
    """The printed row of ``table`` that ``fact`` was read from, its cells joined as the check renders a
    table (so the row is a quote the check finds in the section); None when no row holds the fact's key."""
    keys = [normalise(str(v)) for k, v in (fact.value.items() if isinstance(fact.value, dict) else [])
            if k in _PRINTED_KEYS.get(fact.kind, ()) and v is not None]
    for row in table.rows:
        cells = [normalise(c) for c in row]
        if keys and all(any(k == c or (len(k) > 6 and k in c) for c in cells) for k in keys):
            return " | ".join(" ".join(c.split()) for c in row if c.strip())
    return None


def fact_row(fact: Fact, record: Record | None) -> dict[str, Any]:
    """Every field the fact (and the record behind it) states, by the parameters' column names."""
    row: dict[str, Any] = dict(fact.value) if isinstance(fact.value, dict) else {}
    if record is not None:
        for name, value in record.fields.items():
            if name not in row or row[name] is None:
                row[name] = value
    if fact.kind == "code_group_change":
        change = row.get("change")
        row["change"] = GROUP_CHANGE_WORDS.get(change, change) if change else None
    if fact.kind == "activity_basis" and row.get("activity_type"):
        row["activities"] = split_activities(str(row["activity_type"]))
    return row


def shape_row(row: dict[str, Any], param: Parameter) -> dict[str, Any]:
    """``row`` as the parameter keeps its rows: its columns in the order of ``columns_nb``; an unknown value
    (None) is left out where the parameter's rows may leave the column out, and written as ``null`` where
    every row has the column (code reads it) or some row writes ``null`` in it."""
    existing = [r for v in param.values if isinstance(v.value, list) for r in v.value if isinstance(r, dict)]
    shaped: dict[str, Any] = {}
    for column in param.columns_nb:
        value = row.get(column)
        if isinstance(value, dt.datetime):
            value = value.date()
        if value is None:
            always = bool(existing) and all(column in r for r in existing)
            written_null = any(column in r and r[column] is None for r in existing)
            if not (always or written_null):
                continue
        shaped[column] = value
    return shaped
