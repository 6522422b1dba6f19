"""Year-versioned parameters read from ``tracker/rules/params/*.yaml`` (OpenFisca-style).

A parameter has a description, a unit and values keyed by year (``2025``) or date
(``2026-08-01``); a value holds from its date until the next one. Every value carries at least one
citation (``cite:``). A value may instead state ``unchanged: true`` with a citation of the text's
"uendret", which carries the previous value forward and closes a calendar gap. Parameters marked
``annual: true`` must have an entry for every year for which a rule-defining document exists.

Beside the English ``description`` (for developers) every parameter has Norwegian text for the
site's readers, OpenFisca-style, and a missing one is an error naming the file and line:

``label_nb``
    A short Norwegian name, the title of the parameter's page ("Enhetspris somatikk").
``description_nb``
    One or two plain bokmål sentences saying what the value means for a reader.

A ``unit: table`` parameter (its values are lists of rows, each a mapping of column → cell) also has:

``columns_nb``
    Column → Norwegian column header, for every column its rows use; the order given is the order
    the site shows the columns in (``{old_code: Særkode, old_text: Beskrivelse, ...}``).
``note_nb`` (on a value entry, required beside its ``note``)
    The note in Norwegian, shown with the value.
``values_nb`` (optional)
    Column → {cell value → how the site writes it}, for cells that are code words rather than text
    (``{change: {replaced: erstattes, removed: utgår}}``; a ``null`` key names an empty cell).
    Cells not listed are shown as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import InputError, TrackerError
from tracker.io import LinedDict, load_yaml
from tracker.paths import PARAMS_DIR
from tracker.rules.citations import Citation, _repo_relative, citation_key

UNITS = {"percent", "NOK", "years", "date", "code", "table", "days", "flag"}
NORWEGIAN_FIELDS = ("label_nb", "description_nb")
TABLE_LABEL_FIELDS = ("columns_nb", "values_nb")
KNOWN_FIELDS = {"description", "unit", "values", "annual", "ends", *NORWEGIAN_FIELDS, *TABLE_LABEL_FIELDS}
CITATION_FIELDS = {"doc", "quote", "section", "section_id", "title", "lineage"}


class ParameterError(InputError):
    """A parameter file is malformed; the message names the file and line."""


class NoValue(TrackerError, LookupError):
    """The parameter has no value at the requested date."""


@dataclass(frozen=True)
class ParameterValue:
    start: dt.date
    value: Any
    unchanged: bool
    citations: tuple[Citation, ...]
    line: int
    note: str | None = None
    note_nb: str | None = None  # the note in Norwegian, for readers (required beside ``note``)

    @property
    def year(self) -> int:
        return self.start.year


@dataclass
class Parameter:
    name: str
    description: str
    unit: str
    values: list[ParameterValue]
    source_file: str
    line: int
    annual: bool = False
    ends: dt.date | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    label_nb: str = ""  # short Norwegian name: the title readers see
    description_nb: str = ""  # plain bokmål sentences for readers
    columns_nb: dict[str, str] = field(default_factory=dict)  # table column → Norwegian header, in display order
    values_nb: dict[str, dict[Any, str]] = field(default_factory=dict)  # table column → cell value → Norwegian

    def entry_at(self, when: dt.date | int) -> ParameterValue:
        """The entry in force at ``when`` (a date, or a year meaning 1 January), with ``unchanged``
        entries resolved to the value they carry forward."""
        day = dt.date(when, 1, 1) if isinstance(when, int) else when
        if self.ends is not None and day >= self.ends:
            raise NoValue(f"{self.name}: no value at {day.isoformat()} (the parameter ends {self.ends})")
        found: ParameterValue | None = None
        for entry in self.values:
            if entry.start <= day:
                found = entry
        if found is not None and not self.carry_forward and found.start.year != day.year:
            raise NoValue(
                f"{self.name}: no value for {day.year} (its values are per year and not carried forward; "
                f"years with values: {sorted(self.explicit_years())})"
            )
        if found is None:
            first = self.values[0].start.isoformat() if self.values else "never"
            raise NoValue(f"{self.name}: no value at {day.isoformat()} (first value from {first})")
        return found

    def value_at(self, when: dt.date | int) -> Any:
        entry = self.entry_at(when)
        if entry.value is None:
            raise NoValue(
                f"{self.name}: the corpus states the value at {entry.start.isoformat()} only as unchanged, "
                f"never as a number ({self.source_file}:{entry.line})"
            )
        return entry.value

    @property
    def carry_forward(self) -> bool:
        """Whether a value holds until the next one (True) or only within its own year (events, dated tables)."""
        return bool(self.meta.get("carry_forward", True))

    def explicit_years(self) -> set[int]:
        return {v.year for v in self.values}

    @property
    def values_by_year(self) -> dict[str, Any]:
        """Value per start ("2025", or "2026-08-01" for a date within a year); "uendret" entries carry the
        value before them (None when the corpus never states the number)."""
        return {_date_label(v.start): v.value for v in self.values}

    @property
    def citations(self) -> list[Citation]:
        return [c for v in self.values for c in v.citations]

    @property
    def where(self) -> str:
        return f"{self.source_file}:{self.line}"


def _start_date(key: Any, where: str) -> dt.date:
    if isinstance(key, bool):
        raise ParameterError(f"{where}: value key {key!r} is neither a year nor a date")
    if isinstance(key, int) and 1900 <= key <= 2100:
        return dt.date(key, 1, 1)
    if isinstance(key, dt.date):
        return key
    if isinstance(key, str):
        try:
            return dt.date.fromisoformat(key)
        except ValueError:
            pass
    raise ParameterError(f"{where}: value key {key!r} is neither a year (2025) nor a date (2026-08-01)")


def _date_label(day: dt.date) -> str:
    """2025 for 1 January (a year's value), the ISO date otherwise; used in citation keys."""
    return str(day.year) if (day.month, day.day) == (1, 1) else day.isoformat()


def _citation(raw: Any, key: str, owner: str, file: str, line: int) -> Citation:
    where = f"{file}:{line}"
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: a citation must be a mapping with doc, section/title and quote")
    unknown = set(raw) - CITATION_FIELDS
    if unknown:
        raise ParameterError(f"{where}: unknown citation field(s) {sorted(unknown)}; allowed: {sorted(CITATION_FIELDS)}")
    if not raw.get("doc") or not raw.get("quote"):
        raise ParameterError(f"{where}: a citation needs 'doc' and 'quote'")
    if not (raw.get("section") or raw.get("section_id") or raw.get("title")):
        raise ParameterError(f"{where}: a citation needs 'section', 'section_id' or 'title'")
    section = raw.get("section")
    return Citation(
        key=key,
        doc=str(raw["doc"]),
        quote=str(raw["quote"]),
        section=None if section is None else str(section),
        section_id=raw.get("section_id"),
        title=raw.get("title"),
        lineage=raw.get("lineage"),
        source_file=file,
        source_line=getattr(raw, "line", line),
        owner=owner,
    )


def _parameter(name: str, raw: Any, file: str, line: int) -> Parameter:
    where = f"{file}:{line}"
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: parameter {name!r} must be a mapping")
    for required in ("description", "unit", "values"):
        if required not in raw:
            raise ParameterError(f"{where}: parameter {name!r} lacks '{required}'")
    unit = raw["unit"]
    if unit not in UNITS:
        raise ParameterError(f"{where}: parameter {name!r} has unit {unit!r}; known units: {sorted(UNITS)}")
    raw_values = raw["values"]
    if not isinstance(raw_values, dict) or not raw_values:
        raise ParameterError(f"{where}: parameter {name!r}: 'values' must map years/dates to entries")
    values: list[ParameterValue] = []
    for key, entry in raw_values.items():
        entry_line = raw_values.key_lines.get(key, line) if isinstance(raw_values, LinedDict) else line
        ewhere = f"{file}:{entry_line}"
        start = _start_date(key, ewhere)
        if not isinstance(entry, dict):
            raise ParameterError(f"{ewhere}: entry {key!r} of {name!r} must be a mapping with value and cite")
        unchanged = bool(entry.get("unchanged", False))
        if "value" not in entry and not unchanged:
            raise ParameterError(f"{ewhere}: entry {key!r} of {name!r} needs 'value' or 'unchanged: true'")
        note, note_nb = entry.get("note"), entry.get("note_nb")
        if note is not None and not (isinstance(note_nb, str) and note_nb.strip()):
            raise ParameterError(f"{ewhere}: entry {key!r} of {name!r} has a 'note' but no 'note_nb' (the note "
                                 "in Norwegian, for readers of the site)")
        cites = entry.get("cite")
        if not cites:
            raise ParameterError(f"{ewhere}: entry {key!r} of {name!r} has no citation ('cite:')")
        if isinstance(cites, dict):
            cites = [cites]
        taken: set[str] = set()
        cited: list[Citation] = []
        for raw_citation in cites:
            section = raw_citation.get("section") if isinstance(raw_citation, dict) else None
            key = citation_key(
                f"{name}@{_date_label(start)}",
                str(raw_citation.get("doc")) if isinstance(raw_citation, dict) else "?",
                None if section is None else str(section),
                raw_citation.get("title") if isinstance(raw_citation, dict) else None,
                taken,
            )
            cited.append(_citation(raw_citation, key, name, file, entry_line))
        citations = tuple(cited)
        value = entry.get("value")
        if unchanged and value is None and values:
            value = values[-1].value
        values.append(
            ParameterValue(start=start, value=value, unchanged=unchanged, citations=citations, line=entry_line,
                           note=note, note_nb=None if note_nb is None else " ".join(str(note_nb).split()))
        )
    values.sort(key=lambda v: v.start)
    ends = raw.get("ends")
    label_nb, description_nb = _norwegian_texts(name, raw, file, line)
    columns_nb, values_nb = _table_labels(name, raw, unit, values, file, line)
    return Parameter(
        name=name,
        description=str(raw["description"]).strip(),
        unit=unit,
        values=values,
        source_file=file,
        line=line,
        annual=bool(raw.get("annual", False)),
        ends=None if ends is None else _start_date(ends, where),
        meta={k: v for k, v in raw.items() if k not in KNOWN_FIELDS},
        label_nb=label_nb,
        description_nb=description_nb,
        columns_nb=columns_nb,
        values_nb=values_nb,
    )


def _key_line(raw: Any, key: str, default: int) -> int:
    return raw.key_lines.get(key, default) if isinstance(raw, LinedDict) else default


def _norwegian_texts(name: str, raw: dict[str, Any], file: str, line: int) -> tuple[str, str]:
    """``label_nb`` and ``description_nb``: both required, non-empty text."""
    texts: list[str] = []
    for key in NORWEGIAN_FIELDS:
        if key not in raw:
            raise ParameterError(f"{file}:{line}: parameter {name!r} lacks '{key}' (the Norwegian "
                                 f"{'name' if key == 'label_nb' else 'description'} readers of the site see)")
        text = raw[key]
        if not isinstance(text, str) or not text.strip():
            raise ParameterError(f"{file}:{_key_line(raw, key, line)}: parameter {name!r}: '{key}' must be "
                                 "non-empty text")
        texts.append(" ".join(text.split()))
    return texts[0], texts[1]


def _table_labels(name: str, raw: dict[str, Any], unit: str, values: list[ParameterValue], file: str,
                  line: int) -> tuple[dict[str, str], dict[str, dict[Any, str]]]:
    """``columns_nb`` (required for tables: a header for every column the rows use) and ``values_nb``."""
    if unit != "table":
        for key in TABLE_LABEL_FIELDS:
            if key in raw:
                raise ParameterError(f"{file}:{_key_line(raw, key, line)}: parameter {name!r}: '{key}' is only "
                                     "for 'unit: table' parameters")
        return {}, {}
    columns = raw.get("columns_nb")
    if columns is None:
        raise ParameterError(f"{file}:{line}: parameter {name!r} lacks 'columns_nb' (the Norwegian header of "
                             "each column of its table)")
    cwhere = f"{file}:{_key_line(raw, 'columns_nb', line)}"
    if not isinstance(columns, dict) or not all(isinstance(v, str) and v.strip() for v in columns.values()):
        raise ParameterError(f"{cwhere}: parameter {name!r}: 'columns_nb' must map each column to a Norwegian header")
    used: list[str] = []
    for entry in values:
        for row in entry.value if isinstance(entry.value, list) else []:
            if isinstance(row, dict):
                used += [str(k) for k in row if str(k) not in used]
    if missing := [c for c in used if c not in columns]:
        raise ParameterError(f"{cwhere}: parameter {name!r}: 'columns_nb' has no header for column(s) "
                             f"{', '.join(missing)}")
    labels = raw.get("values_nb") or {}
    vwhere = f"{file}:{_key_line(raw, 'values_nb', line)}"
    if not isinstance(labels, dict) or not all(isinstance(m, dict) for m in labels.values()):
        raise ParameterError(f"{vwhere}: parameter {name!r}: 'values_nb' must map a column to "
                             "{cell value: Norwegian text}")
    if unknown := [str(c) for c in labels if c not in columns]:
        raise ParameterError(f"{vwhere}: parameter {name!r}: 'values_nb' names column(s) not in 'columns_nb': "
                             f"{', '.join(unknown)}")
    return ({str(k): " ".join(str(v).split()) for k, v in columns.items()},
            {str(c): {k: str(v) for k, v in m.items()} for c, m in labels.items()})


def load_parameter_file(path: Path) -> list[Parameter]:
    """The parameters of one file. A file holds one namespace and is named after it (OpenFisca-style):
    ``enhetspris.yaml`` defines ``enhetspris.*``; a parameter outside it is an error naming the file."""
    file = _repo_relative(str(path))
    data = load_yaml(path, error=ParameterError, lines=True)
    if not isinstance(data, dict) or not isinstance(data.get("parameters"), dict):
        raise ParameterError(f"{file}:1: expected a top-level 'parameters:' mapping")
    params = data["parameters"]
    namespace = Path(path).stem
    for name in params:
        if str(name).split(".")[0] != namespace:
            raise ParameterError(
                f"{file}:{params.key_lines.get(name, 1)}: parameter {name!r} is outside this file's namespace "
                f"{namespace!r}; move it to {str(name).split('.')[0]}.yaml (a file defines the parameters "
                f"named after it)")
    return [_parameter(str(name), raw, file, params.key_lines.get(name, 1)) for name, raw in params.items()]


def load_parameters(params_dir: Path = PARAMS_DIR) -> dict[str, Parameter]:
    """Every parameter in ``params_dir``, by name. Raises :class:`ParameterError` naming the file."""
    params: dict[str, Parameter] = {}
    files = sorted(Path(params_dir).glob("*.yaml"))
    if not files:
        raise ParameterError(f"{_repo_relative(str(params_dir))}: no parameter files (*.yaml)")
    for path in files:
        for p in load_parameter_file(path):
            if p.name in params:
                raise ParameterError(f"{p.where}: parameter {p.name!r} is also defined at {params[p.name].where}")
            params[p.name] = p
    return params
