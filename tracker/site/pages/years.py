"""A page per rule year, "Hva er nytt i ISF <år>": the rules' and tables' changes first, the text's second.

What a year brings is gathered once (:func:`year_news`) from the data, in this order of trust:

1. the parameters (``tracker/rules/params/*.yaml``): every value that starts in the year, compared with the
   value before it: *changed* (old → new), *event* (a table of changes that belongs to its year: code
   replacements, group changes, a year's deadlines), *first* (no earlier value is recorded, so the data
   cannot tell whether it is new) or *unchanged* (``unchanged: true``, or the same value again);
2. the typed records read from the tables of the year's documents (code replacements, group changes,
   deadlines) that no parameter of the year already states;
3. the text: the change sets (old document, new document, entries) whose new document is of the year,
   substantive entries by topic, editorial ones collapsed.

The front page (:mod:`tracker.site.pages.front`) and the Atom feed (:mod:`tracker.site.feed`) show the
same items through :func:`highlights` and :func:`value_summary`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.model import Document
from tracker.site.data import (
    FEED_FILE,
    YEARS_INDEX,
    Page,
    SiteData,
    changes_page,
    document_page,
    lineage_page,
    rule_page,
    year_page,
)
from tracker.site.escape import escape_text
from tracker.site.markup import FIELD_LABELS, KIND_LABELS, cell_text, link, md_table
from tracker.site.numbers import format_date, format_number, format_value
from tracker.site.pages.changes import ChangeEntry, changes_title, tag_badges
from tracker.site.pages.rules import citation_link, source_link
from tracker.site.titles import topic_title
from tracker.slug import slug

ChangeSet = tuple[Document, Document, list[ChangeEntry]]

# Kinds of document whose year-on-year changes matter most to readers, most authoritative first.
KIND_PRIORITY = ["regelverk", "grunnlagsdokument", "presiseringsdokument", "endringslogg", "presentasjon", "annet"]

# The sections of rule changes on a year page: (anchor, heading), in page order.
SECTIONS = [
    ("satser", "Satser og andeler"),
    ("aldersgrenser", "Aldersgrenser"),
    ("koder", "Kodeendringer"),
    ("grupper", "Grupper: DRG, STG og TFG"),
    ("frister", "Rapporteringsfrister"),
    ("tabeller", "Andre tabeller"),
]
SECTION_TITLES = dict(SECTIONS)
SECTION_RANK = {key: i for i, (key, _) in enumerate(SECTIONS)}
# How sure it is that an item is a change of the year: a stated change, a table of changes, a first value.
STATUS_RANK = {"changed": 0, "event": 1, "first": 2, "unchanged": 3}

# The words of the typed records and of the parameter tables for a change, as readers see them.
CHANGE_WORDS = {"added": "opprettes", "removed": "utgår", "renamed": "nytt navn", "replaced": "erstattes",
                "financed": "får finansiering"}
GROUP_CHANGE_ORDER = ["opprettes", "utgår", "nytt navn", "får finansiering"]
# Cells of the records' (and, failing the parameter's own values_nb, the parameters') change columns.
CHANGE_LABELS: dict[str, dict[Any, str]] = {"change": dict(CHANGE_WORDS),
                                            "with_financing": {True: "med", False: "uten"}}
# Columns of the typed records shown on a year page (the records' field names, as the parameters use them).
RECORD_COLUMNS = {
    "koder": {"system": "System", "old_code": "Gammel kode", "old_text": "Gammel tekst", "change": "Endring",
              "new_code": "Ny kode", "new_text": "Ny tekst"},
    "grupper": {"system": "System", "code": "Kode", "hdg": "HDG", "name": "Navn", "change": "Endring",
                "with_financing": "Med finansiering"},
    "frister": {"tertial": "Tertial", "period": "Periode", "first_delivery": "Første levering",
                "final_delivery": "Endelig frist"},
}
RECORD_SECTION = {"code_replacement": "koder", "code_group_change": "grupper", "deadline": "frister"}
# Fates counted in a change set's summary line: (singular, plural).
COUNT_LABELS = {"substantive": ("innholdsendring", "innholdsendringer"), "added": ("ny seksjon", "nye seksjoner"),
                "removed": ("fjernet seksjon", "fjernede seksjoner"),
                "editorial": ("redaksjonelt endret seksjon", "redaksjonelt endrede seksjoner")}
MAX_TABLE_ROWS = 10  # longer tables are collapsed
MAX_LISTED = 6  # codes named in one summary line


@dataclass
class ValueNews:
    """A parameter value that starts in the year, and what it means against the value before it."""

    param: Any  # tracker.rules.params.Parameter
    entry: Any  # tracker.rules.params.ParameterValue
    previous: Any | None  # the entry before it, if any
    status: str  # changed | event | first | unchanged
    section: str  # a key of SECTIONS
    anchor: str = ""

    @property
    def rank(self) -> tuple[int, int]:
        return STATUS_RANK[self.status], SECTION_RANK[self.section]


@dataclass
class RecordNews:
    """Typed records of one document of the year, of one kind, that no parameter of the year states."""

    doc: Document
    section: str  # koder | grupper | frister
    records: list[Any]
    anchor: str = ""

    @property
    def rank(self) -> tuple[int, int]:
        return STATUS_RANK["event"], SECTION_RANK[self.section]


@dataclass
class YearNews:
    year: int
    documents: list[Document]
    values: list[ValueNews] = field(default_factory=list)
    records: list[RecordNews] = field(default_factory=list)
    change_sets: list[ChangeSet] = field(default_factory=list)

    @property
    def path(self) -> str:
        return year_page(self.year)

    @property
    def title(self) -> str:
        return f"Hva er nytt i ISF {self.year}"

    def changes(self) -> list[ValueNews | RecordNews]:
        """Every rule item that is not "unchanged", the most certain and most important first."""
        items: list[ValueNews | RecordNews] = [v for v in self.values if v.status != "unchanged"]
        items += self.records
        return sorted(items, key=lambda item: item.rank)  # stable: page order within a rank

    def unchanged(self) -> list[ValueNews]:
        return [v for v in self.values if v.status == "unchanged"]

    def text_entries(self) -> tuple[list[tuple[ChangeSet, ChangeEntry]], list[tuple[ChangeSet, ChangeEntry]]]:
        """(substantive: changed content, new or removed sections; editorial: the rest that is not unchanged)."""
        main: list[tuple[ChangeSet, ChangeEntry]] = []
        editorial: list[tuple[ChangeSet, ChangeEntry]] = []
        for change_set in self.change_sets:
            for e in change_set[2]:
                if e.tags == ["unchanged"]:
                    continue
                (main if e.importance <= 2 else editorial).append((change_set, e))
        return main, editorial

    def presentation_only(self, data: SiteData) -> bool:
        """Whether everything the year rests on comes from presentations (slides), not the rules themselves."""
        ids = {d.id for d in self.documents} | {c.doc for v in self.values for c in v.entry.citations}
        kinds = {d.kind for d in (data.document(i) for i in sorted(ids)) if d is not None}
        return kinds == {"presentasjon"}


# -- gathering -----------------------------------------------------------------------------------------

def _label(param: Any) -> str:
    return getattr(param, "label_nb", "") or param.name


def _norm(value: Any) -> Any:
    """A value for comparison: text without case, spacing or hyphens (a PDF's "døgn-behandling")."""
    if isinstance(value, str):
        return re.sub(r"[\W_]+", "", value).casefold()
    if isinstance(value, dict):
        return tuple(sorted((k, _norm(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_norm(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _is_table(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _section_of(param: Any, value: Any) -> str:
    if not _is_table(value):
        return "aldersgrenser" if param.unit == "years" else "satser"
    keys = {k for row in value for k in row}
    if "old_code" in keys:
        return "koder"
    if {"system", "code"} <= keys:
        return "grupper"
    if "tertial" in keys:
        return "frister"
    return "tabeller"


def _status(param: Any, entry: Any, previous: Any | None, section: str) -> str:
    if entry.unchanged:
        return "unchanged"
    if not param.carry_forward or section in ("koder", "grupper"):
        return "event"  # a table of changes, or values that belong to their own year
    if previous is None or previous.value is None:
        return "first"
    return "unchanged" if _norm(previous.value) == _norm(entry.value) else "changed"


def _value_news(param: Any) -> list[ValueNews]:
    out = []
    for i, entry in enumerate(param.values):
        previous = param.values[i - 1] if i else None
        value = entry.value if entry.value is not None or previous is None else previous.value
        section = _section_of(param, value)
        out.append(ValueNews(param=param, entry=entry, previous=previous,
                             status=_status(param, entry, previous, section), section=section))
    return out


def _row_keys(rows: Iterable[dict[str, Any]], key: str) -> set[Any]:
    return {_norm(row.get(key)) for row in rows if row.get(key) is not None}


def _uncovered_records(doc: Document, values: list[ValueNews]) -> list[RecordNews]:
    """The document's change records that no parameter value of the year already states (matched by old
    code; by group code or name, as OCR may misread a code; by tertial and deadline)."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for v in values:
        if _is_table(v.entry.value):
            rows.setdefault(v.section, []).extend(v.entry.value)
    old_codes = _row_keys(rows.get("koder", []), "old_code")
    codes, names = _row_keys(rows.get("grupper", []), "code"), _row_keys(rows.get("grupper", []), "name")
    deadlines = {(r.get("tertial"), _norm(r.get("first_delivery"))) for r in rows.get("frister", [])}
    found: dict[str, list[Any]] = {}
    for r in doc.records:
        section = RECORD_SECTION.get(r.type)
        f = r.fields
        if section == "koder":
            stated = f.change is not None and _norm(f.old_code) not in old_codes
        elif section == "grupper":
            stated = f.change is not None and _norm(f.code) not in codes and _norm(f.name) not in names
        elif section == "frister":
            stated = (f.tertial, _norm(f.first_delivery)) not in deadlines
        else:
            stated = False
        if stated and section:
            found.setdefault(section, []).append(r)
    return [RecordNews(doc=doc, section=s, records=found[s]) for s, _ in SECTIONS if s in found]


def year_news(data: SiteData, change_sets: Sequence[ChangeSet]) -> list[YearNews]:
    """What every rule year brings, oldest year first: every year with a parameter value starting in it
    or a document of it."""
    by_year: dict[int, YearNews] = {}

    def news(year: int) -> YearNews:
        if year not in by_year:
            by_year[year] = YearNews(year=year, documents=[d for d in data.documents if d.year == year])
        return by_year[year]

    for param in data.parameters:
        for v in _value_news(param):
            news(v.entry.start.year).values.append(v)
    for d in data.documents:
        if d.year is not None:
            news(d.year)

    def kind_rank(item: ChangeSet) -> tuple[int, str]:
        kind = item[1].kind
        return (KIND_PRIORITY.index(kind) if kind in KIND_PRIORITY else len(KIND_PRIORITY), item[1].id)

    for change_set in sorted(change_sets, key=kind_rank):
        if change_set[1].year is not None:
            news(change_set[1].year).change_sets.append(change_set)
    for year_data in by_year.values():
        year_data.values.sort(key=lambda v: (SECTION_RANK[v.section], STATUS_RANK[v.status], v.param.name,
                                             v.entry.start))
        for doc in sorted(year_data.documents, key=lambda d: d.id):
            year_data.records += _uncovered_records(doc, year_data.values)
        used: set[str] = set()
        for item in [*year_data.values, *year_data.records]:
            if isinstance(item, ValueNews):
                start = item.entry.start
                base = f"p-{slug(item.param.name)}" + ("" if (start.month, start.day) == (1, 1)
                                                       else f"-{start.isoformat()}")
            else:
                base = f"t-{slug(item.doc.id)}-{item.section}"
            item.anchor, n = base, 2
            while item.anchor in used:
                item.anchor, n = f"{base}-{n}", n + 1
            used.add(item.anchor)
    return [by_year[y] for y in sorted(by_year)]


# -- plain-text summaries (front page, feed) -----------------------------------------------------------

def _some(items: list[str], limit: int = MAX_LISTED) -> str:
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" og {len(items) - limit} til"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def _code_changes(rows: Sequence[dict[str, Any]]) -> str:
    items = [f"{row.get('old_code')} → {row['new_code']}" if row.get("new_code") else f"{row.get('old_code')} utgår"
             for row in rows if row.get("change") is not None or row.get("new_code")]
    return _some(items) if items else "ingen endringer"


def _group_changes(rows: Sequence[dict[str, Any]]) -> str:
    """"DRG 349N og DRG 803Q opprettes; DRG 348 og DRG 349 utgår"."""
    by_word: dict[str, list[str]] = {}
    for row in rows:
        if row.get("change") is None:
            continue
        word = CHANGE_WORDS.get(row["change"], str(row["change"]))
        by_word.setdefault(word, []).append(f"{row.get('system') or ''} {row.get('code')}".strip())
    words = [w for w in GROUP_CHANGE_ORDER if w in by_word] + sorted(w for w in by_word if w not in GROUP_CHANGE_ORDER)
    return "; ".join(f"{_some(by_word[w])} {'får nytt navn' if w == 'nytt navn' else w}" for w in words) \
        if words else "ingen endringer"


def _rows_changed(added: int, removed: int) -> str:
    """"1 ny rad", "2 nye rader og 1 rad fjernet"."""
    parts = [f"{added} {'ny rad' if added == 1 else 'nye rader'}"] if added else []
    parts += [f"{removed} {'rad' if removed == 1 else 'rader'} fjernet"] if removed else []
    return " og ".join(parts) or "bare endringer i skrivemåten"


def _deadlines(rows: Sequence[dict[str, Any]]) -> str:
    finals = [row["final_delivery"] for row in rows if row.get("final_delivery") is not None]
    text = f"{len(rows)} tertial{'er' if len(rows) != 1 else ''}"
    if finals:
        text += f", siste frist {format_value(max(finals, key=str), 'date')}"
    return text


def _row_diff(old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]],
                                                                                      list[dict[str, Any]]]:
    """(rows only in new, rows only in old), compared without case, spacing or hyphens."""
    old_keys, new_keys = {_norm(r) for r in old}, {_norm(r) for r in new}
    return [r for r in new if _norm(r) not in old_keys], [r for r in old if _norm(r) not in new_keys]


def _rows_text(section: str, rows: Sequence[dict[str, Any]]) -> str:
    if section == "koder":
        return _code_changes(rows)
    if section == "grupper":
        return _group_changes(rows)
    if section == "frister":
        return _deadlines(rows)
    return format_value(list(rows), "table")


def value_summary(v: ValueNews) -> str:
    """One line of plain text: "ISF-andel somatikk: 40 % → 30 % fra 1. januar 2025"."""
    label, unit, entry = _label(v.param), v.param.unit, v.entry
    since = f"fra {format_date(entry.start)}"
    if v.status == "unchanged":
        stated = "" if entry.value is None else f" ({format_value(entry.value, unit)})"
        return f"{label}: uendret{stated} {since}"
    if not _is_table(entry.value):
        new = format_value(entry.value, unit)
        if v.status == "changed":
            return f"{label}: {format_value(v.previous.value, unit)} → {new} {since}"
        return f"{label}: {new} {since}"
    if v.status == "changed" and v.section in ("tabeller", "frister"):
        added, removed = _row_diff(v.previous.value, entry.value)
        return f"{label}: {_rows_changed(len(added), len(removed))} ({since})"
    return f"{label}: {_rows_text(v.section, entry.value)} ({since})"


def _record_rows(r: RecordNews) -> list[dict[str, Any]]:
    columns = RECORD_COLUMNS[r.section]
    return [{k: rec.fields.get(k) for k in columns} for rec in r.records]


def _record_source(r: RecordNews) -> str:
    """"presentasjonen for 2027": which document's tables, short."""
    kind = KIND_LABELS.get(r.doc.kind, r.doc.kind)
    return f"{kind}en for {r.doc.year}" if r.doc.year else r.doc.title


def record_summary(r: RecordNews) -> str:
    return f"{SECTION_TITLES[r.section]} i tabellene i {_record_source(r)}: {_rows_text(r.section, _record_rows(r))}"


def item_summary(item: ValueNews | RecordNews) -> str:
    return value_summary(item) if isinstance(item, ValueNews) else record_summary(item)


def item_details(item: ValueNews | RecordNews) -> list[str]:
    """Plain-text lines that back a summary: the quoted sentences, or the rows of a table."""
    if isinstance(item, RecordNews):
        return [" · ".join(_cell_text(v, k, CHANGE_LABELS) for k, v in row.items() if v not in (None, ""))
                for row in _record_rows(item)]
    lines = []
    if _is_table(item.entry.value):
        columns = getattr(item.param, "columns_nb", {}) or {}
        labels = getattr(item.param, "values_nb", {}) or {}
        rows = item.entry.value
        if item.status == "changed" and item.section in ("tabeller", "frister"):
            added, removed = _row_diff(item.previous.value, rows)
            rows = added + removed
        named = item.section in ("tabeller", "frister")  # rows of codes and groups read without headers
        for row in rows:
            keys = [k for k in columns if k in row] + [k for k in row if k not in columns]
            cells = [(columns.get(k) or FIELD_LABELS.get(k, k), _cell_text(row[k], k, labels)) for k in keys
                     if row[k] not in (None, "", [])]
            lines.append(" · ".join(f"{header}: {cell}" if named else cell for header, cell in cells))
    for c in item.entry.citations:
        lines.append(f"«{c.quote}» ({c.doc}, {c.section or c.title or ''})")
    return lines


def highlights(news: YearNews) -> list[tuple[str, str]]:
    """(plain text, anchor on the year page) of the year's rule changes, most important first."""
    return [(item_summary(item), item.anchor) for item in news.changes()]


# -- the page ------------------------------------------------------------------------------------------

def _cell_text(value: Any, column: str, labels: dict[str, dict[Any, str]]) -> str:
    """A cell of a parameter's table: its own labels first, then the Norwegian words for record fields."""
    return cell_text(value, column, {**CHANGE_LABELS, **{k: v for k, v in labels.items() if v}})


def _table(rows: Sequence[dict[str, Any]], columns: dict[str, str], labels: dict[str, dict[Any, str]],
           caption: str) -> list[str]:
    """A pipe table of rows (works inside a collapsed block too); long ones are collapsed."""
    keys = [k for k in columns if any(row.get(k) not in (None, "", [], {}) for row in rows)]
    for row in rows:
        keys += [k for k in row if k not in keys and row[k] not in (None, "", [], {})]
    header = [escape_text(columns.get(k) or FIELD_LABELS.get(k, k)) for k in keys]
    table = md_table(header, [[escape_text(_cell_text(row.get(k), k, labels)) for k in keys] for row in rows])
    if len(rows) <= MAX_TABLE_ROWS:
        return [table, ""]
    return [f'??? note "{caption} ({len(rows)} rader)"', "", *("    " + line for line in table.splitlines()), ""]


def _citations(data: SiteData, page: str, entry: Any) -> list[str]:
    out = ["Teksten som sier det:", ""]
    out += [f"- «{escape_text(c.quote)}» — {citation_link(data, page, c)}" for c in entry.citations]
    return out + [""]


def _value_block(data: SiteData, page: str, v: ValueNews) -> list[str]:
    p, entry = v.param, v.entry
    label = escape_text(_label(p))
    since = f"fra {format_date(entry.start)}"
    if not _is_table(entry.value):
        new = escape_text(format_value(entry.value, p.unit))
        if v.status == "changed":
            old = escape_text(format_value(v.previous.value, p.unit))
            out = [f"### {label}: {old} → {new} {{ #{v.anchor} }}", "",
                   f"Endret fra {old} til **{new}** {since} ({old} gjaldt fra {format_date(v.previous.start)}).", ""]
        else:
            out = [f"### {label}: {new} {{ #{v.anchor} }}", "",
                   f"**{new}** {since}; den første verdien i dataene, så de viser ikke om den er ny. Teksten under "
                   "sier hva dokumentet sier.", ""]
            if getattr(p, "description_nb", ""):
                out += [f"*{escape_text(p.description_nb)}*", ""]
    else:
        columns = getattr(p, "columns_nb", {}) or {}
        labels = getattr(p, "values_nb", {}) or {}
        out = [f"### {label} {{ #{v.anchor} }}", ""]
        if v.status == "changed":
            added, removed = _row_diff(v.previous.value, entry.value)
            out += [f"Tabellen er endret {since}: {_rows_changed(len(added), len(removed))} "
                    f"(sammenlignet med verdien fra {format_date(v.previous.start)}).", ""]
            if added:
                out += ["Nye rader:", "", *_table(added, columns, labels, "Nye rader")]
            if removed:
                out += ["Rader som er fjernet:", "", *_table(removed, columns, labels, "Fjernede rader")]
        else:
            lead = (f"Gjelder {since}." if v.status == "event" else
                    f"Tabellen gjelder {since}; den første verdien i dataene, så de viser ikke om den er ny.")
            summary = _rows_text(v.section, entry.value) if v.section != "tabeller" else ""
            out += [f"{escape_text(summary[:1].upper() + summary[1:])}. {lead}" if summary else lead, ""]
            out += _table(entry.value, columns, labels, "Hele tabellen")
    if note := getattr(entry, "note_nb", None):  # the plain `note` is for developers, in English
        out += [f"*Merknad:* {escape_text(note)}", ""]
    out += _citations(data, page, entry)
    out += [f"Parameter: {link(page, rule_page(p.name), label)} · Kode: {source_link(page, p.source_file, entry.line)}",
            ""]
    return out


def _record_block(page: str, r: RecordNews) -> list[str]:
    pages = sorted({rec.page for rec in r.records})
    where = link(page, document_page(r.doc.id), escape_text(r.doc.title), f"poster-{slug(r.records[0].type)}")
    sides = f"side {pages[0]}" if len(pages) == 1 else "sidene " + ", ".join(str(p) for p in pages)
    out = [f"### {escape_text(SECTION_TITLES[r.section])} i tabellene i {escape_text(_record_source(r))} "
           f"{{ #{r.anchor} }}", "",
           f"Lest fra tabellene i {where} ({sides}); ingen parameter sier dette ennå.", ""]
    return out + _table(_record_rows(r), RECORD_COLUMNS[r.section], CHANGE_LABELS, "Alle radene")


def _unchanged_block(data: SiteData, page: str, items: list[ValueNews]) -> list[str]:
    out = [f'??? note "Uendret ({len(items)})"', ""]
    for v in items:
        first = v.entry.citations[0] if v.entry.citations else None
        quote = f" — «{escape_text(first.quote)}» ({citation_link(data, page, first)})" if first else ""
        out.append(f"    - {link(page, rule_page(v.param.name), escape_text(_label(v.param)))}: "
                   f"{escape_text(value_summary(v).split(': ', 1)[1])}{quote}")
    return out + [""]


def _topic(data: SiteData, e: ChangeEntry) -> tuple[str, str]:
    """(key, title) of the topic an entry belongs to: its lineage, else its section's title."""
    if e.lineage and data.registry is not None:
        lineage = data.registry.lineage(e.lineage)
        if lineage is not None:
            return f"l:{e.lineage}", topic_title(lineage)
    section = e.new or e.old
    title = section.title if section is not None else ""
    return f"s:{title.casefold()}", title


def _text_items(data: SiteData, page: str, items: list[tuple[ChangeSet, ChangeEntry]], several: bool,
                indent: str = "") -> list[str]:
    """One list item per topic, its entries linked to their change page anchors, in first-seen order."""
    topics: dict[str, tuple[str, list[str], str | None]] = {}
    for (old, new, _), e in items:
        key, title = _topic(data, e)
        prefix = f"{escape_text(KIND_LABELS.get(new.kind, new.kind))}: " if several else ""
        entry = f"{link(page, changes_page(old, new), prefix + e.title(), e.anchor)} {tag_badges(e.tags)}"
        lineage = e.lineage if data.has_lineage_page(e.lineage) else None
        if key not in topics:
            topics[key] = (title, [], lineage)
        topics[key][1].append(entry)
    out = []
    for title, entries, lineage in topics.values():
        more = f" · {link(page, lineage_page(lineage), 'regeltemaet over årene')}" if lineage else ""
        out.append(f"{indent}- **{escape_text(title) or 'Uten tittel'}**: {'; '.join(entries)}{more}")
    return out


def _text_section(data: SiteData, page: str, news: YearNews) -> list[str]:
    out = ["## Tekstendringer { #tekst }", ""]
    if not news.change_sets:
        return out + [f"Ingen tekstsammenligning for {news.year}: ingen dokumenter fra {news.year} har en tidligere "
                      "utgave av samme type i nettstedet.", ""]
    for old, new, entries in news.change_sets:
        counts = {t: sum(t in e.tags for e in entries) for t in COUNT_LABELS}
        parts = [f"{n} {COUNT_LABELS[t][n != 1]}" for t, n in counts.items() if n]
        out.append(f"- {link(page, changes_page(old, new), escape_text(changes_title(old, new)))}: fra "
                   f"{escape_text(old.title)} til {escape_text(new.title)}"
                   + (f" ({escape_text(', '.join(parts))})" if parts else ""))
    out.append("")
    main, editorial = news.text_entries()
    several = len(news.change_sets) > 1
    out += ["Innholdsendringer, nye og fjernede seksjoner, etter tema:", ""]
    out += _text_items(data, page, main, several) or ["- Ingen."]
    out.append("")
    if editorial:
        out += [f'??? note "Redaksjonelle endringer ({len(editorial)})"', "",
                "    Omformulert, omnummerert, flyttet eller med ny tittel, uten endring i innholdet.", ""]
        out += _text_items(data, page, editorial, several, indent="    ")
        out.append("")
    return out


def _sources(data: SiteData, news: YearNews) -> list[Document]:
    ids = {d.id for d in news.documents} | {d.id for o, n, _ in news.change_sets for d in (o, n)}
    ids |= {c.doc for v in news.values for c in v.entry.citations}
    return [d for d in data.documents if d.id in ids]


def render_year_page(data: SiteData, news: YearNews, all_news: Sequence[YearNews],
                     proposed: tuple[list[Any], list[Any]] | None = None) -> Page:
    page = news.path
    years = [n.year for n in all_news]
    neighbours = []
    i = years.index(news.year)
    if i > 0:
        neighbours.append(link(page, year_page(years[i - 1]), f"← {years[i - 1]}"))
    if i + 1 < len(years):
        neighbours.append(link(page, year_page(years[i + 1]), f"{years[i + 1]} →"))
    out = [f"# {news.title}", "",
           f"Regelendringene for {news.year} slik de kjørbare reglene (parameterne) og tabellene i dokumentene "
           f"viser dem, deretter endringene i teksten sammenlignet med forrige utgave av dokumentene.", "",
           " · ".join([*neighbours, link(page, YEARS_INDEX, "alle år"), link(page, FEED_FILE, "Abonner (Atom)")]), ""]
    if news.documents:
        docs = [f"{link(page, document_page(d.id), escape_text(d.title))} ({KIND_LABELS.get(d.kind, d.kind)})"
                for d in news.documents]
        out += [f"Dokumenter fra {news.year}: " + ", ".join(docs) + ".", ""]
    else:
        out += [f"Ingen dokumenter er fra {news.year}; verdiene under er sitert fra dokumenter fra andre år.", ""]
    if news.presentation_only(data):
        out += ['!!! warning "Fra en presentasjon"', "",
                f"    Alt om {news.year} her bygger på presentasjoner (lysark fra informasjonsmøter), ikke på "
                "grunnlagsdokumentet eller regelverket. Det endelige regelverket kan avvike.", ""]

    changes = news.changes()
    if not changes:
        out += ["## Regelendringer { #regler }", "",
                f"Parameterne og tabellene har ingen endringer for {news.year}.", ""]
    for key, heading in SECTIONS:
        values = [v for v in news.values if v.section == key and v.status != "unchanged"]
        records = [r for r in news.records if r.section == key]
        if not values and not records:
            continue
        out += [f"## {heading} {{ #{key} }}", ""]
        for v in values:
            out += _value_block(data, page, v)
        for r in records:
            out += _record_block(page, r)
    if proposed:
        out += _proposed_block(data, page, news.year, *proposed)
    if unchanged := news.unchanged():
        out += _unchanged_block(data, page, unchanged)
    out += _text_section(data, page, news)
    return Page(path=page, title=news.title, markdown="\n".join(out), sources=_sources(data, news))


def render_years_index(data: SiteData, all_news: Sequence[YearNews]) -> Page:
    rows = []
    for news in reversed(all_news):
        main, _ = news.text_entries()
        docs = ", ".join(link(YEARS_INDEX, document_page(d.id), escape_text(d.title)) for d in news.documents)
        rows.append([link(YEARS_INDEX, news.path, f"ISF {news.year}"), str(len(news.changes())),
                     str(len(news.unchanged())), str(len(main)), docs or "–"])
    md = "\n".join(["# Hva er nytt i ISF", "",
                    "Én side per regelår: først endringene i de kjørbare reglene og i dokumentenes tabeller, så "
                    "tekstendringene. " + link(YEARS_INDEX, FEED_FILE, "Abonner (Atom)") + ".", "",
                    md_table(["År", "Regelendringer", "Uendret", "Tekstendringer", "Dokumenter"], rows), ""])
    docs = sorted({d.id: d for n in all_news for d in _sources(data, n)}.values(), key=lambda d: (d.year or 0, d.id))
    return Page(path=YEARS_INDEX, title="Hva er nytt", markdown=md, sources=docs)


def render_year_pages(data: SiteData, all_news: Sequence[YearNews]) -> list[Page]:
    """The index of years, then one page per year, latest first."""
    proposed = proposed_by_year(data)
    return [render_years_index(data, all_news)] + [render_year_page(data, n, all_news, proposed.get(n.year))
                                                   for n in reversed(all_news)]


# -- values the documents state and the rules do not have yet (the build's propose stage) ------------


def proposed_by_year(data: SiteData) -> dict[int, tuple[list[Any], list[Any]]]:
    """By the year they start: the values the propose stage drafted, and those documents disagree about."""
    return data.drafts.by_year() if data.drafts is not None else {}


def _proposed_value(param: Any, proposal: Any) -> str:
    if proposal.unchanged:
        return "uendret"
    if _is_table(proposal.value):
        n = len(proposal.value)
        return f"{n} {'rad' if n == 1 else 'rader'} i tabellen" + (" (lagt til)" if proposal.action == "add-rows" else "")
    return format_value(proposal.value, param.unit if param is not None else proposal.unit)


def _proposed_block(data: SiteData, page: str, year: int, proposals: list[Any], conflicts: list[Any]) -> list[str]:
    from tracker.rules.citations import Citation

    params = {p.name: p for p in data.parameters}
    out = ["## Foreslått, ikke i reglene ennå { #foreslatt }", "",
           f"Dokumentene sier dette om {year}, men de kjørbare reglene har det ikke ennå. Det er et utkast lest "
           "maskinelt fra teksten (`tracker propose`), ikke kontrollert av en redaktør; sikkerheten (0–1) sier hvor "
           "trygt teksten er lest.", ""]
    for proposal in proposals:
        param = params.get(proposal.param)
        name = link(page, rule_page(proposal.param), escape_text(_label(param))) if param is not None else \
            escape_text(proposal.param)
        out.append(f"- {name} fra {format_date(proposal.start)}: **{escape_text(_proposed_value(param, proposal))}** "
                   f"(sikkerhet {format_number(proposal.confidence)})")
        for cite in proposal.citations:
            citation = Citation(key="", doc=cite["doc"], quote=cite["quote"], section=cite.get("section"),
                                section_id=cite.get("section_id"), title=cite.get("title"))
            out.append(f"    - «{escape_text(citation.quote)}» — {citation_link(data, page, citation)}")
    for conflict in conflicts:
        param = params.get(conflict.param)
        unit = param.unit if param is not None else ""
        sides = "; ".join(f"{escape_text(format_value(s['value'], unit) if unit != 'table' else str(s['value']))} "
                          f"({escape_text(s['where'])})" for s in conflict.sides)
        out.append(f"- {escape_text(_label(param) if param is not None else conflict.param)} fra "
                   f"{format_date(conflict.start)}: dokumentene er uenige — {sides}")
    return out + [""]
