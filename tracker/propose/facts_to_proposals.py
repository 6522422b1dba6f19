"""From the facts the documents state to proposed parameter values, conflicts and what is left open.

The facts are the check's own (:func:`tracker.check.facts.document_facts`), and a fact is *open* when the
check would report it (:func:`tracker.check.facts.compare_fact` finds the parameters lacking or
contradicting it, and no ``ignore`` entry of ``checks/settings.yaml`` accepts it). Each open fact is
about one parameter at one start date: the year it names, else the document's year; a date when the
text gives one ("fra 1. august"). Facts are grouped by (parameter, start):

* equal values from one or several documents merge into one :class:`Proposal` with a citation of each
  passage; different values are a :class:`Conflict` between the documents, not merged;
* a table parameter gets rows (one per record or listed code); rows with the same key (a særkode, a
  tertial, a group) must agree, else that row is a conflict;
* where the parameter already has an entry at that start, a different value is a conflict with the
  rules (a proposal never changes an existing value); a table entry may gain rows it lacks;
* a fact about a parameter that does not exist is left open (a new parameter is a person's decision).

Counts of groups ("to nye STG-er") and values whose area the text leaves out ("Enhetsrefusjonen er …")
do not make values of their own; they *support* a proposal that satisfies them (see
:mod:`tracker.propose.run`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from tracker.check.config import CheckConfig
from tracker.check.facts import Fact, FactIssue, compare_fact, document_facts
from tracker.check.report import KINDS, Finding
from tracker.check.run import is_ignored  # the check's own matching of `ignore:` entries: both skip the same
from tracker.check.text import section_tables
from tracker.model import Document, Record, Section
from tracker.paths import REPO_DIR, rel
from tracker.propose.rows import (
    ROW_KEYS,
    fact_key,
    fact_row,
    records_by_fact,
    row_key,
    rows_differ,
    shape_row,
    table_row_text,
)
from tracker.rules.params import NoValue, Parameter, ParameterValue

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember"]
TABLE_KINDS = set(ROW_KEYS)
SUPPORTING_KINDS = {"antall-grupper"}  # counts: they check rows, they are not rows
MAX_QUOTE = 240  # a longer sentence is quoted around the value it states
# Kinds of documents that announce rather than lay down the rules.
ANNOUNCING_KINDS = {"presentasjon", "annet"}

LineageOf = Callable[[str, str], str | None]


@dataclass(frozen=True)
class Evidence:
    """One passage behind a proposal: where it is, what it says, how it was read and how sure that is."""

    doc: str
    section: str  # "6.1 Overordnet innretning for 2028", or a slide's title
    page: int
    quote: str
    how: str  # "sentence pattern 'enhetspris'", "table row (code_replacement record)"
    notes: tuple[str, ...]
    confidence: float

    @property
    def where(self) -> str:
        return f"{self.doc} §{self.section} (p. {self.page})"

    def describe(self) -> str:
        notes = f" — {'; '.join(self.notes)}" if self.notes else ""
        return f"{self.how} in {self.where}: «{self.quote}»{notes}"


@dataclass
class Proposal:
    """A new dated value of a parameter (``new-entry``), or rows added to its existing entry (``add-rows``)."""

    param: str
    start: dt.date
    unit: str
    action: Literal["new-entry", "add-rows"]
    value: Any  # the entry's value (rows for a table; None when ``unchanged``), or the rows added
    unchanged: bool
    citations: list[dict[str, Any]]  # as the YAML writes them: doc, section, section_id, title, lineage, quote
    evidence: list[Evidence]
    file: str  # the parameter file (as the loader names it)
    supporting: list[tuple[dict[str, Any], Evidence]] = field(default_factory=list)  # counts, unstated areas
    citation_keys: list[str] = field(default_factory=list)  # the keys `tracker review` pins (once written)
    fact_ids: set[tuple] = field(default_factory=set)  # the open facts it takes care of (see :func:`fact_id`)

    @property
    def key(self) -> str:
        return str(self.start.year) if (self.start.month, self.start.day) == (1, 1) else self.start.isoformat()

    @property
    def all_citations(self) -> list[dict[str, Any]]:
        return self.citations + [c for c, _ in self.supporting]

    @property
    def all_evidence(self) -> list[Evidence]:
        return self.evidence + [e for _, e in self.supporting]

    @property
    def confidence(self) -> float:
        """The surest passage's confidence, a little more for each further document that states it."""
        evidence = self.all_evidence
        docs = {e.doc for e in evidence}
        return round(min(0.99, max(e.confidence for e in evidence) + 0.05 * (len(docs) - 1)), 2)

    @property
    def reason(self) -> str:
        return "\n".join(e.describe() for e in self.all_evidence)


@dataclass(frozen=True)
class ConflictSide:
    value: Any
    where: str  # a passage ("doc §section (p. n)") or the rules' file:line
    quote: str | None = None


@dataclass(frozen=True)
class Conflict:
    """Values that disagree for the same parameter and start: between documents, or with the rules.
    Never applied: a person decides."""

    param: str
    start: dt.date
    kind: Literal["documents", "rules"]
    subject: str  # "the value", or the row ("row old_code=B0050")
    sides: tuple[ConflictSide, ...]

    @property
    def message(self) -> str:
        when = str(self.start.year) if (self.start.month, self.start.day) == (1, 1) else self.start.isoformat()
        who = "the documents disagree" if self.kind == "documents" else "the text disagrees with the rules"
        return f"{self.param} {when}, {self.subject}: {who}"


@dataclass(frozen=True)
class Unresolved:
    """An open fact no proposal takes care of, and why."""

    doc: str
    section: str
    page: int
    kind: str
    quote: str
    reason: str

    @property
    def where(self) -> str:
        return f"{self.doc} §{self.section} (p. {self.page})"


@dataclass
class SupportingFact:
    """A fact that supports rather than states a value: a count of groups, a value without its area."""

    doc: Document
    fact: Fact


@dataclass
class Plan:
    proposals: list[Proposal]
    conflicts: list[Conflict]
    unresolved: list[Unresolved]
    supporting: list[SupportingFact]
    open_facts: list[tuple[Document, Fact]]  # every open fact (to tell, once written, which stay open)
    settled: set[tuple] = field(default_factory=set)  # open facts already listed (conflicts, unresolved)
    facts: int = 0  # facts read
    agreed: int = 0  # already in the rules
    accepted: int = 0  # accepted on purpose in the check settings


# -- one fact --------------------------------------------------------------------------------------


@dataclass
class _Claim:
    doc: Document
    fact: Fact
    evidence: Evidence
    citation: dict[str, Any]
    row: dict[str, Any] | None = None  # table facts: the row, shaped as the parameter keeps rows
    order: int = 0  # the fact's place in the documents (rows keep the documents' order)


def _section(doc: Document, section_id: str | None) -> Section | None:
    return next((s for s in doc.sections if s.id == section_id), None) if section_id else None


def _label(section: Section) -> str:
    return f"{section.number} {section.title}" if section.number else section.title


def table_section(doc: Document, table_index: int) -> Section | None:
    """The section a table belongs to, as the check's citations see it (:func:`section_tables`)."""
    if not 0 <= table_index < len(doc.tables):
        return None
    table = doc.tables[table_index]
    return next((s for s in doc.sections if any(t is table for t in section_tables(doc, s))), None)


def citation(doc: Document, section: Section, quote: str, lineage_of: LineageOf) -> dict[str, Any]:
    """A citation as the parameter files write it (a slide's section has no number: its title names it)."""
    cite: dict[str, Any] = {"doc": doc.id}
    if section.number:
        cite["section"] = section.number
    cite["section_id"] = section.id
    cite["title"] = section.title
    lineage = lineage_of(doc.id, section.id)
    if lineage:
        cite["lineage"] = lineage
    cite["quote"] = quote
    return cite


def _anchor(fact: Fact) -> str | None:
    """A regex for how the fact's value is printed in its sentence (where a long quote is cut around)."""
    value = fact.value
    if value == "unchanged":
        return r"uendret|endring"
    first = value[0] if isinstance(value, list) and value else value
    if isinstance(first, int | float) and not isinstance(first, bool):
        digits = f"{first:g}".replace(".", ",")
        return r"[\s\u00a0]?".join(map(re.escape, digits))
    return None


def quote_of(sentence: str, fact: Fact) -> str:
    """The sentence without its full stop, or where it is long, the words around the value it states (still
    a verbatim part)."""
    sentence = " ".join(sentence.split()).rstrip(".:")
    if len(sentence) <= MAX_QUOTE:
        return sentence
    pattern = _anchor(fact)
    found = re.search(pattern, sentence, re.IGNORECASE) if pattern else None
    middle = found.start() if found else 0
    start = max(0, middle - MAX_QUOTE // 2)
    end = min(len(sentence), start + MAX_QUOTE)
    start = max(0, end - MAX_QUOTE)
    if start > 0:
        start = sentence.find(" ", start) + 1
    if end < len(sentence):
        end = sentence.rfind(" ", start, end)
    return sentence[start:end].strip(" ,;:")


_AREA_WORDS = re.compile(r"somati|psykisk helsevern|\btsb\b|rusbehandling", re.IGNORECASE)


def _year_note(fact: Fact, doc: Document, section: Section | None) -> tuple[str, float]:
    year = fact.year
    if year is None:
        return f"the text names no year: {doc.year}, the document's year", -0.1
    if fact.kind in TABLE_KINDS:
        return f"the year {year} from the table or the document", 0.0
    if re.search(rf"\b{year}\b", fact.quote):
        return f"the year {year} is in the sentence", 0.1
    if section is not None and re.search(rf"\b{year}\b", section.title):
        return f"the year {year} is in the section title", 0.05
    return f"the year {year}", 0.0


def evidence(doc: Document, fact: Fact, section: Section | None, quote: str, how: str,
             extra: tuple[str, ...] = ()) -> Evidence:
    """How sure a reading is: a typed table row more than a sentence pattern, a year or area stated in the
    sentence more than one taken from a heading or the document, a rule document more than a slide deck,
    a text layer more than OCR."""
    notes: list[str] = []
    confidence = 0.9 if how.startswith("table") else 0.75
    year_note, bonus = _year_note(fact, doc, section)
    notes.append(year_note)
    confidence += bonus
    if fact.kind in ("isf-andel", "enhetspris") and fact.param:
        if _AREA_WORDS.search(fact.quote):
            notes.append("the area is named in the sentence")
        else:
            notes.append("the area comes from the headings above the sentence")
            confidence -= 0.1
    if doc.kind in ANNOUNCING_KINDS:
        notes.append(f"a {doc.kind}: it announces rather than lays down the rules")
        confidence -= 0.1
    pages = {p.page: p.source for p in doc.page_info}
    if pages.get(fact.page, "text-layer") != "text-layer":
        notes.append("the page was read by OCR")
        confidence -= 0.1
    notes += extra
    return Evidence(doc=doc.id, section=_label(section) if section else fact.section_label, page=fact.page,
                    quote=quote, how=how, notes=tuple(notes), confidence=round(max(0.05, min(0.99, confidence)), 2))


def start_of(fact: Fact, doc: Document) -> dt.date | None:
    """When the stated value starts: 1 January of the fact's year (else the document's), or the date the
    text gives ("fra 1. august")."""
    year = fact.year or doc.year
    if year is None:
        return None
    if "from" in fact.detail:
        day, month = fact.detail["from"]
        return dt.date(year, MONTHS.index(month) + 1, int(day))
    return dt.date(year, 1, 1)


# -- the plan ------------------------------------------------------------------------------------------


def _finding(doc: Document, fact: Fact, issue: FactIssue) -> Finding:
    """The finding the check makes of an open fact (what its `ignore:` entries are matched against)."""
    return Finding(kind=issue.kind, category=KINDS[issue.kind], severity="error",
                   message=f"{doc.id} §{fact.section_label}: {issue.message} (\"{fact.quote[:200]}\")",
                   code_file=issue.param.source_file if issue.param else None, code_line=issue.line,
                   doc=doc.id, section=fact.section_label, section_id=fact.section_id, page=fact.page)


def fact_id(doc: Document, fact: Fact) -> tuple:
    return (doc.id, fact.key, fact.section_id)


def unresolved(doc: Document, fact: Fact, reason: str) -> Unresolved:
    return Unresolved(doc.id, fact.section_label, fact.page, fact.kind, fact.quote, reason)


def existing_entry(param: Parameter, start: dt.date) -> ParameterValue | None:
    """The parameter's own entry for ``start``: at that date, or for values that belong to their year (not
    carried forward) any entry of that year."""
    for entry in param.values:
        if entry.start == start or (not param.carry_forward and entry.start.year == start.year
                                    and (start.month, start.day) == (1, 1)):
            return entry
    return None


def _claim(doc: Document, fact: Fact, params: dict[str, Parameter], lineage_of: LineageOf, order: int,
           records: dict[tuple, Record]) -> _Claim | str:
    """The passage, citation and (for tables) row of an open fact; a string says why there is none."""
    param = params[fact.param] if fact.param else None
    if fact.kind in TABLE_KINDS:
        record: Record | None = records.get(fact_key(fact))
        if record is not None:
            section = table_section(doc, record.table) or _section(doc, fact.section_id)
            row_text = table_row_text(doc.tables[record.table], fact)
            how = f"table row ({fact.kind} record)"
        else:  # a code listed in a sentence ("Følgende DRG-er fjernes: 1130, 1140 og 2850")
            section = _section(doc, fact.section_id)
            row_text = None
            how = f"sentence pattern '{fact.kind}'"
        if section is None:
            return "the table belongs to no section a citation could name"
        quote = row_text or quote_of(fact.quote, fact)
        row = shape_row(fact_row(fact, record), param) if param is not None else None
        return _Claim(doc, fact, evidence(doc, fact, section, quote, how), citation(doc, section, quote, lineage_of),
                      row, order)
    section = _section(doc, fact.section_id)
    if section is None:
        return "the sentence belongs to no section a citation could name"
    quote = quote_of(fact.quote, fact)
    return _Claim(doc, fact, evidence(doc, fact, section, quote, f"sentence pattern '{fact.kind}'"),
                  citation(doc, section, quote, lineage_of), None, order)


def closes_gap(fact: Fact, doc: Document, params: dict[str, Parameter],
               calendar_years: frozenset[int] | set[int]) -> bool:
    """Whether a fact the rules agree with only by carrying an earlier value forward is still needed: its
    parameter is annual and its year has a rule-defining document but no entry of its own (the check's
    calendar gap), so the passage is the entry's citation."""
    param = params.get(fact.param or "")
    year = fact.year or doc.year
    if param is None or not param.annual or year is None or year not in calendar_years:
        return False
    explicit = param.explicit_years()
    return year not in explicit and bool(explicit) and min(explicit) < year and not (
        param.ends is not None and param.ends.year <= year)


def plan(docs: list[Document], params: dict[str, Parameter], config: CheckConfig, lineage_of: LineageOf,
         calendar_years: frozenset[int] | set[int] = frozenset()) -> Plan:
    """What the open facts of ``docs`` propose, which of them conflict, and which stay open."""
    result = Plan([], [], [], [], [])
    groups: dict[tuple[str, dt.date], list[_Claim]] = {}
    agreeing: dict[tuple[str, dt.date], list[_Claim]] = {}  # rows of state tables the rules already hold
    order = 0
    for doc in docs:
        facts = document_facts(doc)
        counts = _group_counts(facts)
        records = records_by_fact(doc)
        seen: set[tuple] = set()
        for fact in facts:
            result.facts += 1
            order += 1
            issue = compare_fact(fact, params, doc.year)
            confirming = issue is None and closes_gap(fact, doc, params, calendar_years)
            if issue is None and not confirming:
                result.agreed += 1
                param = params.get(fact.param or "")
                start = start_of(fact, doc)
                if param is not None and param.unit == "table" and param.carry_forward and start is not None:
                    claim = _claim(doc, fact, params, lineage_of, order, records)
                    if not isinstance(claim, str):
                        agreeing.setdefault((param.name, start), []).append(claim)
                continue
            if issue is not None and any(is_ignored(_finding(doc, fact, issue), rule) for rule in config.ignore):
                result.accepted += 1
                continue
            dedup = (fact.key, fact.section_id)
            if dedup in seen:  # the same statement twice in one section (a sentence and its bullet)
                continue
            seen.add(dedup)
            if issue is not None:
                result.open_facts.append((doc, fact))
            if fact.param is None or fact.kind in SUPPORTING_KINDS:
                if issue is not None:
                    result.supporting.append(SupportingFact(doc, fact))
                continue
            if fact.param not in params:
                _leave_open(result, doc, fact, f"there is no parameter {fact.param}: a new parameter is a "
                            "person's decision (not invented here)")
                continue
            start = start_of(fact, doc)
            if start is None:
                _leave_open(result, doc, fact, "neither the text nor the document names a year")
                continue
            claim = _claim(doc, fact, params, lineage_of, order, records)
            if isinstance(claim, str):
                _leave_open(result, doc, fact, claim)
                continue
            if confirming:
                claim.evidence = replace(claim.evidence, notes=claim.evidence.notes + (
                    f"closes a calendar gap: the rules only carry an earlier value into {start.year}",))
            if claim.row is not None and fact.kind == "code_group_change" and claim.row.get("change") is None:
                _complete_group_row(claim, counts, params[fact.param])
            groups.setdefault((fact.param, start), []).append(claim)
    for (name, start), claims in groups.items():
        param = params[name]
        if param.unit == "table":
            if param.carry_forward and existing_entry(param, start) is None:
                # A new entry of a table that holds until the next one is the whole table the document
                # states, the rows the rules already have included.
                docs_of = {c.doc.id for c in claims}
                claims = sorted(claims + [c for c in agreeing.get((name, start), []) if c.doc.id in docs_of],
                                key=lambda c: c.order)
            _table_proposal(param, start, claims, result)
        else:
            _scalar_proposal(param, start, claims, result)
    result.proposals.sort(key=lambda p: (p.file, p.param, p.start))
    return result


def _group_counts(facts: list[Fact]) -> dict[tuple[str | None, str], list[Fact]]:
    """Counts of groups created, by (section, system): "Det etableres 5 nye forløp uten finansiering"."""
    out: dict[tuple[str | None, str], list[Fact]] = {}
    for fact in facts:
        if fact.kind == "antall-grupper" and fact.detail.get("change") == "added":
            out.setdefault((fact.section_id, fact.detail["system"]), []).append(fact)
    return out


def _complete_group_row(claim: _Claim, counts: dict[tuple[str | None, str], list[Fact]], param: Parameter) -> None:
    """A group table that does not say what happens to its groups, under a sentence counting that many new
    groups of the system in the same section: the groups are the new ones."""
    assert claim.row is not None
    doc, system = claim.doc, claim.row.get("system")
    unstated = [r for r in doc.records if r.type == "code_group_change" and r.fields.get("change") is None
                and r.fields.get("system") == system and getattr(table_section(doc, r.table), "id", None)
                == claim.citation["section_id"]]
    for count in counts.get((claim.citation["section_id"], str(system)), []):
        if count.value == len(unstated):
            financing = count.detail.get("with_financing")
            row = {**claim.row, "change": "opprettes"}
            if financing is not None:
                row["with_financing"] = financing
            claim.row = shape_row(row, param)
            claim.evidence = replace(claim.evidence, notes=claim.evidence.notes + (
                f"the table does not say what happens to the group; «{count.quote}» counts {count.value} new "
                f"{system}: the table's {len(unstated)} groups",))
            return
    claim.evidence = replace(claim.evidence, confidence=round(max(0.05, claim.evidence.confidence - 0.3), 2),
                             notes=claim.evidence.notes + (
                                 "the table does not say whether the group is created or removed",))


def _cites_of(claims: list[_Claim], per_section: bool) -> list[dict[str, Any]]:
    """One citation per quoted passage (for table rows: one per section, quoting its first row)."""
    out: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for c in claims:
        key = (c.doc.id, c.citation["section_id"]) if per_section else (c.doc.id, c.citation["section_id"],
                                                                        c.citation["quote"])
        if key not in seen:
            seen.add(key)
            out.append(c.citation)
    return out


def _leave_open(result: Plan, doc: Document, fact: Fact, reason: str) -> None:
    result.unresolved.append(unresolved(doc, fact, reason))
    result.settled.add(fact_id(doc, fact))


def _propose(result: Plan, proposal: Proposal, claims: list[_Claim]) -> None:
    proposal.fact_ids = {fact_id(c.doc, c.fact) for c in claims}
    result.proposals.append(proposal)


def _conflict(result: Plan, conflict: Conflict, claims: list[_Claim]) -> None:
    result.conflicts.append(conflict)
    result.settled.update(fact_id(c.doc, c.fact) for c in claims)


def _side(claim: _Claim, value: Any) -> ConflictSide:
    return ConflictSide(value, claim.evidence.where, claim.evidence.quote)


def shown_path(source_file: str) -> str:
    """A parameter file as the user sees it (the loader names it relative to the checkout)."""
    return rel(REPO_DIR / source_file)


def _rules_side(param: Parameter, entry: ParameterValue, value: Any) -> ConflictSide:
    return ConflictSide(value, f"{shown_path(param.source_file)}:{entry.line}", None)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _scalar_proposal(param: Parameter, start: dt.date, claims: list[_Claim], result: Plan) -> None:
    stated = [c for c in claims if c.fact.value != "unchanged"]
    uendret = [c for c in claims if c.fact.value == "unchanged"]
    values = list(dict.fromkeys(_hashable(c.fact.value) for c in stated))
    if len(values) > 1:
        _conflict(result, Conflict(param.name, start, "documents", "the value",
                                   tuple(_side(c, c.fact.value) for c in stated)), stated)
        return
    existing = existing_entry(param, start)
    if not values:  # only "uendret": the value before carries on, and the year has its entry
        if existing is None:
            _propose(result, Proposal(param.name, start, param.unit, "new-entry", None, True,
                                      _cites_of(uendret, per_section=False), [c.evidence for c in uendret],
                                      shown_path(param.source_file)), uendret)
        return
    value = stated[0].fact.value
    if uendret:
        try:
            before = param.entry_at(start - dt.timedelta(days=1)).value
        except NoValue:
            before = None
        if before is not None and before != value:
            _conflict(result, Conflict(param.name, start, "documents", "the value", (
                *(_side(c, f"uendret (= {before!r})") for c in uendret), *(_side(c, value) for c in stated))), claims)
            return
    if existing is not None:
        if existing.unchanged or existing.value != value:
            shown = "uendret" if existing.unchanged else existing.value
            _conflict(result, Conflict(param.name, start, "rules", "the value", (
                _rules_side(param, existing, shown), *(_side(c, value) for c in stated))), claims)
        return
    ordered = stated + uendret
    _propose(result, Proposal(param.name, start, param.unit, "new-entry", value, False,
                              _cites_of(ordered, per_section=False), [c.evidence for c in ordered],
                              shown_path(param.source_file)), ordered)


def _table_proposal(param: Parameter, start: dt.date, claims: list[_Claim], result: Plan) -> None:
    kind = claims[0].fact.kind
    rows: dict[tuple, dict[str, Any]] = {}
    sources: dict[tuple, list[_Claim]] = {}
    conflicted: list[tuple] = []
    for c in claims:
        assert c.row is not None
        key = row_key(c.fact.kind, c.row)
        if key not in rows:
            rows[key], sources[key] = dict(c.row), [c]
            continue
        if rows_differ(kind, rows[key], c.row):
            if key not in conflicted:
                conflicted.append(key)
        else:
            rows[key].update({k: v for k, v in c.row.items() if rows[key].get(k) is None})
        sources[key].append(c)
    for key in conflicted:
        _conflict(result, Conflict(param.name, start, "documents", f"row {_show_key(kind, rows[key])}",
                                   tuple(_side(c, c.row) for c in sources[key])), sources[key])
    kept = [k for k in rows if k not in conflicted]
    existing = existing_entry(param, start)
    action: Literal["new-entry", "add-rows"] = "new-entry"
    if existing is not None:
        action = "add-rows"
        have = {row_key(kind, r): r for r in (existing.value or []) if isinstance(r, dict)}
        for key in [k for k in kept if k in have and rows_differ(kind, have[k], rows[k])]:
            _conflict(result, Conflict(param.name, start, "rules", f"row {_show_key(kind, rows[key])}", (
                _rules_side(param, existing, have[key]), *(_side(c, rows[key]) for c in sources[key]))), sources[key])
        kept = [k for k in kept if k not in have]
    if not kept:
        return
    used = [c for k in kept for c in sources[k]]
    cites = _cites_of(used, per_section=True)
    if existing is not None:  # a section the entry cites already needs no second citation
        cited = {(c.doc, c.section_id) for c in existing.citations}
        cites = [c for c in cites if (c["doc"], c["section_id"]) not in cited]
    _propose(result, Proposal(param.name, start, param.unit, action, [rows[k] for k in kept], False, cites,
                              [c.evidence for c in used], shown_path(param.source_file)), used)


def _show_key(kind: str, row: dict[str, Any]) -> str:
    return ", ".join(f"{f}={row.get(f)}" for f in ROW_KEYS[kind])
