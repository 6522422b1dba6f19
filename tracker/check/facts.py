"""Facts the documents state, read with a registry of Norwegian patterns and from typed table records.

A :class:`Fact` says what a passage states about one parameter (its value, or that it is unchanged,
for a year). :func:`compare_facts` holds each fact against the parameter and reports what the code
lacks or contradicts. Patterns register themselves with :func:`fact_pattern`; each reads sentences
of a section's text (tables are read through ``Document.records``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tracker.check.text import normalise
from tracker.model import (
    GROUP_CHANGE_WORDS,
    ActivityBasisRecord,
    CodeGroupChangeRecord,
    CodeReplacementRecord,
    DeadlineRecord,
    Document,
    GroupChange,
    Record,
    Section,
)
from tracker.rules.params import NoValue, Parameter


@dataclass(frozen=True)
class Fact:
    kind: str  # the pattern or record type that found it
    param: str | None  # the parameter it speaks about (None: any of `params`)
    year: int | None  # the year it is about (None: the document's year or the year before)
    value: Any  # a number, a list, a row dict, or "unchanged"
    doc: str
    section_id: str | None
    section_label: str
    page: int
    quote: str
    params: tuple[str, ...] = ()  # candidates when the area is not stated
    detail: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.param or '|'.join(self.params)}:{self.year}:{self.value}"


@dataclass
class SentenceContext:
    doc: Document
    section: Section
    sentence: str
    heading_path: str  # the section's title and its ancestors' titles (for the area)

    def fact(self, kind: str, param: str | None, year: int | None, value: Any, **kw: Any) -> Fact:
        return Fact(
            kind=kind, param=param, year=year, value=value, doc=self.doc.id, section_id=self.section.id,
            section_label=_label(self.section), page=self.section.page, quote=self.sentence.strip(), **kw,
        )


PatternFn = Callable[[SentenceContext], list[Fact]]
_PATTERNS: dict[str, PatternFn] = {}


def fact_pattern(name: str) -> Callable[[PatternFn], PatternFn]:
    """Register a sentence pattern under ``name`` (also the kind of the facts it yields)."""

    def register(fn: PatternFn) -> PatternFn:
        _PATTERNS[name] = fn
        return fn

    return register


def patterns() -> dict[str, PatternFn]:
    return dict(_PATTERNS)


def _label(section: Section) -> str:
    return f"{section.number} {section.title}" if section.number else section.title


# A sentence ends at . ! ? before a capital, or at a line break before a capital, digit or bullet
# (slides have no full stops); a line break before a lower-case word is a wrapped line.
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"])|\s*\n\s*(?=[A-ZÆØÅ0-9«\"•\-–])|\n\s*\n")
_YEAR_RE = re.compile(r"\b(20\d\d)\b")
_NUMBER = r"\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:,\d+)?"


def sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in _SENTENCE_RE.split(text) if s and s.strip()]


def _area(text: str) -> str | None:
    t = text.casefold()
    som = bool(re.search(r"somati", t))
    phv = bool(re.search(r"psykisk helsevern|\btsb\b|rusbehandling|\bphv\b", t))
    if som and not phv:
        return "somatikk"
    if phv and not som:
        return "phv_tsb"
    return None


def _areas(ctx: SentenceContext) -> list[str]:
    """Areas a sentence speaks about: stated in the sentence (both when it names both), else from the
    headings above it; empty when neither says."""
    t = ctx.sentence.casefold()
    som = bool(re.search(r"somati", t))
    phv = bool(re.search(r"psykisk helsevern|\btsb\b|rusbehandling", t))
    if som or phv:
        return [a for a, on in (("somatikk", som), ("phv_tsb", phv)) if on]
    area = _area(ctx.heading_path)
    return [area] if area else []


_BASELINE_BEFORE = re.compile(r"(?:\bfra|\bsom for|\bsammenlignet med|\bsiden|\bi forhold til)\s*$", re.IGNORECASE)


def _year(ctx: SentenceContext) -> int | None:
    """The year a sentence is about: one it names (not a baseline: "uendret fra 2024", "samme nivå som for
    2024"), else the year in its section title; None when neither names one."""
    for m in _YEAR_RE.finditer(ctx.sentence):
        if not _BASELINE_BEFORE.search(ctx.sentence[max(0, m.start() - 25) : m.start()]):
            return int(m.group(1))
    m = _YEAR_RE.search(ctx.section.title)
    return int(m.group(1)) if m else None


def _number(text: str) -> float:
    value = float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    return int(value) if value.is_integer() else value


def _stated_amount(sentence: str, unit: str) -> str | None:
    """The amount a sentence states in ``unit`` (a regex): the new one of a change "fra X til Y"
    ("endres fra 40 til 30 prosent", "økes fra 52 248 kroner til 55 704 kroner"), else the first."""
    change = re.search(rf"\bfra\s+(?:{_NUMBER})\s*(?:{unit})?\s+til\s+({_NUMBER})\s*(?:{unit})", sentence,
                       re.IGNORECASE)
    if change:
        return change.group(1)
    first = re.search(rf"({_NUMBER})\s*(?:{unit})", sentence)
    return first.group(1) if first else None


_UNCHANGED_RE = re.compile(r"\buendret\b|ikke lagt opp til endringer|ingen endring", re.IGNORECASE)


@fact_pattern("isf-andel")
def _isf_andel(ctx: SentenceContext) -> list[Fact]:
    s = ctx.sentence
    if not re.search(r"\bISF-andel|\brefusjonsandel", s, re.IGNORECASE):
        return []
    percent = _stated_amount(s, r"%|prosent")
    areas = _areas(ctx)
    year = _year(ctx)
    if percent:
        if re.search(r"om lag|samlede", s, re.IGNORECASE):
            return []
        value: Any = _number(percent)
    elif _UNCHANGED_RE.search(s):
        value = "unchanged"
    else:
        return []
    if not areas:
        return [ctx.fact("isf-andel", None, year, value, params=("isf_andel.somatikk", "isf_andel.phv_tsb"))]
    return [ctx.fact("isf-andel", f"isf_andel.{a}", year, value) for a in areas]


@fact_pattern("enhetspris")
def _enhetspris(ctx: SentenceContext) -> list[Fact]:
    s = ctx.sentence
    if not re.search(r"\benhets(?:pris|refusjon)", s, re.IGNORECASE):
        return []
    amount = _stated_amount(s, r"kroner|kr\b")
    if not amount:
        return []
    value = _number(amount)
    year = _year(ctx)
    area = _area(s) or _area(ctx.section.title)
    if area:
        return [ctx.fact("enhetspris", f"enhetspris.{area}", year, value)]
    return [ctx.fact("enhetspris", None, year, value, params=("enhetspris.somatikk", "enhetspris.phv_tsb"))]


@fact_pattern("aldersgrense")
def _age_limits(ctx: SentenceContext) -> list[Fact]:
    s = ctx.sentence
    if not re.search(r"egenandel", s + " " + ctx.section.title, re.IGNORECASE):
        return []
    facts: list[Fact] = []
    year = _year(ctx)
    for m in re.finditer(r"(?:aldersgruppen\s+(\d+)\s+)?til og med (?:det året de fyller|fylte) (\d+) år", s):
        facts.append(ctx.fact("aldersgrense", "egenandelsfritak.phv_tsb.til_og_med_aaret_de_fyller", year,
                              int(m.group(2))))
        if m.group(1):
            facts.append(ctx.fact("aldersgrense", "egenandelsfritak.phv_tsb.barn_under", year, int(m.group(1))))
    for m in re.finditer(r"\b(\d{1,2})\s*-?\s*og\s*(\d{1,2})\s*-?\s*åring", s):
        start = re.search(r"fra (\d{1,2})\.\s*(januar|februar|mars|april|mai|juni|juli|august|september|"
                          r"oktober|november|desember)", s)
        detail = {"from": (start.group(1), start.group(2))} if start else {}
        facts.append(ctx.fact("aldersgrense", "egenandelsfritak.alle.aldre", year,
                              [int(m.group(1)), int(m.group(2))], detail=detail))
    return facts


_RESPIRATOR_RE = re.compile(
    r"(WWGX\d\d)\s+Varighet av respiratorbehandling\s*((?:[<>≥≤]\s*\d+\s*dag(?:er)?\s*(?:og\s*)?)+)"
)


@fact_pattern("respiratorkode")
def _respirator(ctx: SentenceContext) -> list[Fact]:
    facts = []
    for m in _RESPIRATOR_RE.finditer(ctx.sentence):
        low, high = 0, None
        for op, n in re.findall(r"([<>≥≤])\s*(\d+)", m.group(2)):
            if op in "≥>":
                low = int(n)
            else:
                high = int(n)
        facts.append(ctx.fact("respiratorkode", "respirator.varighetskoder", _year(ctx),
                              {"code": m.group(1), "min_days": low, "max_days": high}))
    return facts


_COUNT_WORDS = {"ingen": 0, "en": 1, "ett": 1, "ei": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
                "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10}
_COUNT = r"(\d+|ingen|en|ett|ei|én|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti)"
_GROUP = r"(DRG|STG|TFG|forløp)"
_CREATED_RE = re.compile(rf"(?:opprettes|etableres|innføres)\s+{_COUNT}\s+nye?\s+{_GROUP}", re.IGNORECASE)
_YEAR_NEW_RE = re.compile(rf"\bI (20\d\d):?\s+{_COUNT}\s+nye?\s+{_GROUP}", re.IGNORECASE)
_ANY_GROUP_RE = re.compile(r"DRG|STG|TFG|forløp", re.IGNORECASE)
_REMOVED_RE = re.compile(rf"{_COUNT}\s+{_GROUP}(?:-er)?\s+utgår", re.IGNORECASE)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNT_WORDS[word.casefold()]


def _system(word: str) -> str:
    return "TFG" if word.casefold() == "forløp" else word.upper()


@fact_pattern("antall-grupper")
def _group_counts(ctx: SentenceContext) -> list[Fact]:
    """ "Det opprettes ingen nye DRG-er for 2024, men to DRG-er utgår", "I 2026: 2 nye STG-er": how many
    groups of a system are created or removed in a year, with or without financing when it is said."""
    s = ctx.sentence
    if not _ANY_GROUP_RE.search(s):
        return []
    facts = []
    financing = True if re.search(r"\bmed finansiering", s) else False if re.search(r"\buten finansiering", s) else None
    year_new = _YEAR_NEW_RE.search(s)
    if year_new:
        facts.append(ctx.fact("antall-grupper", "grupper.endringer", int(year_new.group(1)), _count(year_new.group(2)),
                              detail={"system": _system(year_new.group(3)), "change": "added", "with_financing": financing}))
    else:
        for m in _CREATED_RE.finditer(s):
            facts.append(ctx.fact("antall-grupper", "grupper.endringer", _year(ctx), _count(m.group(1)),
                                  detail={"system": _system(m.group(2)), "change": "added", "with_financing": financing}))
    for m in _REMOVED_RE.finditer(s):
        facts.append(ctx.fact("antall-grupper", "grupper.endringer", _year(ctx), _count(m.group(1)),
                              detail={"system": _system(m.group(2)), "change": "removed", "with_financing": None}))
    return facts


_LISTED_RE = re.compile(
    r"Følgende (DRG|STG|TFG)-er (fjernes|opprettes|utgår|tas ut|slettes):\s*"
    r"((?:[0-9A-ZÆØÅ]{3,7})(?:\s*(?:,|og)\s*[0-9A-ZÆØÅ]{3,7})*)"
)


@fact_pattern("gruppeliste")
def _listed_groups(ctx: SentenceContext) -> list[Fact]:
    """ "Følgende DRG-er fjernes: 1130, 1140 og 2850": each listed group and what happens to it."""
    facts = []
    for m in _LISTED_RE.finditer(ctx.sentence):
        change: GroupChange = "added" if m.group(2) == GROUP_CHANGE_WORDS["added"] else "removed"
        for code in re.findall(r"[0-9A-ZÆØÅ]{3,7}", m.group(3)):
            facts.append(ctx.fact("code_group_change", "grupper.endringer", _year(ctx),
                                  {"system": m.group(1), "code": code, "change": change, "with_financing": None}))
    return facts


def _heading_path(doc: Document, section: Section) -> str:
    titles = [section.title]
    if section.number:
        parts = section.number.split(".")
        for i in range(len(parts) - 1, 0, -1):
            parent = doc.section(".".join(parts[:i]))
            if parent is not None:
                titles.append(parent.title)
    return " / ".join(titles)


def text_facts(doc: Document) -> Iterator[Fact]:
    """Facts from the running text of every section of ``doc``."""
    for section in doc.sections:
        path = _heading_path(doc, section)
        for sentence in sentences(section.text):
            ctx = SentenceContext(doc, section, sentence, path)
            for fn in _PATTERNS.values():
                yield from fn(ctx)


# -- facts from typed table records ---------------------------------------------------------------


def _record_section(doc: Document, record: Record) -> tuple[str | None, str, int]:
    table = doc.tables[record.table] if 0 <= record.table < len(doc.tables) else None
    section = doc.section(table.section) if table is not None and table.section else None
    if section is None:
        label = table.caption if table is not None and table.caption else f"table on page {record.page}"
        return None, label, record.page
    return section.id, _label(section), record.page


def record_facts(doc: Document) -> Iterator[Fact]:
    """Facts from ``Document.records`` (read from tables by the extraction stage). A fact's value holds the
    record's own fields, by the record's own names: the parameter rows use the same names."""
    for record in doc.records:
        section_id, label, page = _record_section(doc, record)

        def make(kind: str, param: str, year: int | None, value: Any, quote: str,
                 where: tuple[str | None, str, int] = (section_id, label, page)) -> Fact:
            return Fact(kind=kind, param=param, year=year, value=value, doc=doc.id, section_id=where[0],
                        section_label=where[1], page=where[2], quote=quote)

        if isinstance(record, CodeReplacementRecord):
            r = record.fields
            if not r.old_code.startswith(("A0", "B0")):
                continue  # DRG → DRG replacements are code-group changes, not særkoder
            quote = " | ".join(v or "" for v in (r.old_code, r.old_text, r.change_text, r.new_code))
            yield make("code_replacement", "saerkoder.endringer", r.new_year or doc.year,
                       {"old_code": r.old_code, "new_code": r.new_code, "change": r.change}, quote)
        elif isinstance(record, DeadlineRecord):
            d = record.fields
            quote = f"{d.tertial} | {d.period} | {_iso(d.first_delivery)} | {_iso(d.final_delivery)}"
            year = d.period_start.year if d.period_start else doc.year
            yield make("deadline", "npr.rapporteringsfrister", year,
                       {"tertial": d.tertial, "first_delivery": d.first_delivery, "final_delivery": d.final_delivery},
                       quote)
        elif isinstance(record, ActivityBasisRecord) and record.fields.unit_type:
            b = record.fields
            table = doc.tables[record.table] if 0 <= record.table < len(doc.tables) else None
            context = " ".join(filter(None, [table.caption if table else "", label]))
            area = "phv_tsb" if re.search(r"psykisk helsevern|tsb", context, re.IGNORECASE) else "somatikk"
            quote = f"{b.unit_type} | {b.activity_type} | {b.refund_note or b.refund}"
            yield make("activity_basis", f"aktivitetsgrunnlag.{area}", doc.year,
                       {"unit_type": b.unit_type, "activity_type": b.activity_type, "refund": b.refund}, quote)
        elif isinstance(record, CodeGroupChangeRecord) and record.fields.code:
            g = record.fields
            quote = f"{g.system} {g.code} {g.name or ''} ({g.change or '?'})"
            yield make("code_group_change", "grupper.endringer", doc.year,
                       {"system": g.system, "code": g.code, "change": g.change, "with_financing": g.with_financing},
                       quote)


def document_facts(doc: Document) -> list[Fact]:
    return [*text_facts(doc), *record_facts(doc)]


# -- comparing facts with the parameters ----------------------------------------------------------


@dataclass(frozen=True)
class FactIssue:
    fact: Fact
    kind: str  # fact-contradiction | fact-missing
    message: str
    param: Parameter | None
    line: int | None


_MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"]


def _years_for(fact: Fact, doc_year: int | None) -> list[int]:
    if fact.year is not None:
        return [fact.year]
    return [y for y in (doc_year, (doc_year or 0) - 1) if y]


def _entry_line(param: Parameter, year: int) -> int:
    for v in param.values:
        if v.year == year:
            return v.line
    return param.line


def compare_fact(fact: Fact, params: dict[str, Parameter], doc_year: int | None) -> FactIssue | None:
    """None when the parameters agree with the fact; otherwise what the code lacks or contradicts."""
    names = [fact.param] if fact.param else list(fact.params)
    found = [params[n] for n in names if n in params]
    if not found:
        return FactIssue(fact, "fact-missing", f"the text states {_show(fact)}, but there is no parameter "
                         f"{' or '.join(names)}", None, None)
    years = _years_for(fact, doc_year)
    seen: list[str] = []
    for param in found:
        for year in years:
            verdict = _agrees(fact, param, year)
            if verdict is True:
                return None
            if verdict is not None:
                seen.append(verdict)
    param = found[0]
    year = years[0] if years else 0
    if seen:
        return FactIssue(fact, "fact-contradiction", f"the text states {_show(fact)}, but {seen[0]}", param,
                         _entry_line(param, year))
    return FactIssue(fact, "fact-missing", f"the text states {_show(fact)}, but {param.name} has no value for "
                     f"{' or '.join(map(str, years))}", param, param.line)


def _show(fact: Fact) -> str:
    what = fact.param or "/".join(fact.params)
    when = f" for {fact.year}" if fact.year else ""
    return f"{what}{when} = {fact.value!r}"


def _agrees(fact: Fact, param: Parameter, year: int) -> bool | str | None:
    """True: agrees; a string: how it disagrees; None: the parameter says nothing for ``year``."""
    try:
        entry = param.entry_at(year)
    except NoValue:
        return None
    if entry.year != year and (fact.value == "unchanged" or not param.carry_forward):
        return None
    value = entry.value
    if fact.value == "unchanged":
        return True  # an entry for the year exists: a value or an "uendret"
    if fact.kind in ("isf-andel", "enhetspris", "aldersgrense"):
        if fact.kind == "aldersgrense" and "from" in fact.detail:
            day, month = fact.detail["from"]
            if (entry.start.day, _MONTHS[entry.start.month - 1]) != (int(day), month):
                return (f"{param.name} starts {entry.start.isoformat()} ({param.source_file}:{entry.line}), "
                        f"the text says from {day}. {month}")
        if value == fact.value:
            return True
        return f"{param.name} is {value!r} for {year} ({param.source_file}:{entry.line})"
    rows = value if isinstance(value, list) else []
    if fact.kind == "antall-grupper":
        d = fact.detail
        financing = d["with_financing"]
        matching = [r for r in rows if r.get("system") == d["system"] and _counts_as(r, d["change"], financing)]
        if len(matching) == fact.value:
            return True
        what = f"{d['system']} {GROUP_CHANGE_WORDS[d['change']]}" + (
            "" if financing is None else " med finansiering" if financing else " uten finansiering")
        codes = ", ".join(str(r["code"]) for r in matching) or "none"
        return f"{param.name} records {len(matching)} ({what}: {codes}) for {year} ({param.source_file}:{entry.line})"
    if fact.kind == "respiratorkode":
        row = next((r for r in rows if r.get("code") == fact.value["code"]), None)
        if row is None:
            return f"{param.name} has no code {fact.value['code']}"
        if (row["min_days"], row["max_days"]) == (fact.value["min_days"], fact.value["max_days"]):
            return True
        return (f"{param.name} gives {row['code']} from {row['min_days']} to {row['max_days']} days "
                f"({param.source_file}:{entry.line})")
    if fact.kind == "code_replacement":
        row = next((r for r in rows if r.get("old_code") == fact.value["old_code"]), None)
        if row is None:
            return f"{param.name} has no særkode {fact.value['old_code']} ({param.source_file}:{entry.line})"
        if (row.get("new_code") or None) == (fact.value.get("new_code") or None):
            return True
        return (f"{param.name} maps {row['old_code']} to {row.get('new_code') or 'nothing (utgår)'} "
                f"({param.source_file}:{entry.line})")
    if fact.kind == "deadline":
        row = next((r for r in rows if r.get("tertial") == fact.value["tertial"]), None)
        if row is None:
            return f"{param.name} has no tertial {fact.value['tertial']}"
        ours = (_iso(row.get("first_delivery")), _iso(row.get("final_delivery")))
        if ours == (_iso(fact.value["first_delivery"]), _iso(fact.value["final_delivery"])):
            return True
        return f"{param.name} has {ours[0]} / {ours[1]} for tertial {row['tertial']} ({param.source_file}:{entry.line})"
    if fact.kind == "activity_basis":
        unit, activity = normalise(fact.value["unit_type"]), normalise(fact.value["activity_type"] or "")
        row = next((r for r in rows if normalise(r["unit_type"]) == unit
                    and normalise(r["activity_type"]) == activity), None)
        if row is None:
            return f"{param.name} has no row for this unit and activity ({param.source_file}:{entry.line})"
        if fact.value.get("refund") is None or bool(row["refund"]) == bool(fact.value["refund"]):
            return True
        return f"{param.name} says refund={row['refund']} ({param.source_file}:{entry.line})"
    if fact.kind == "code_group_change":
        row = next((r for r in rows if str(r.get("code")) == str(fact.value["code"])
                    and r.get("system") == fact.value["system"]), None)
        if row is None:
            return f"{param.name} records no change of {fact.value['system']} {fact.value['code']} in {year}"
        change = GROUP_CHANGE_WORDS[fact.value["change"]] if fact.value["change"] else None
        if change and row["change"] not in (change, "financed"):
            return f"{param.name} records {row['change']} ({param.source_file}:{entry.line})"
        financing = fact.value["with_financing"]
        if financing is not None and row.get("with_financing") is not None \
                and bool(row["with_financing"]) != bool(financing):
            return f"{param.name} records with_financing={row['with_financing']} ({param.source_file}:{entry.line})"
        return True
    return None


def _counts_as(row: dict[str, Any], change: GroupChange, financing: bool | None) -> bool:
    """Whether a recorded group change is one the text counts: "opprettes med finansiering" also counts a
    group that only now gets financing (HT04 in 2025)."""
    word = GROUP_CHANGE_WORDS[change]
    if change != "added":
        return row.get("change") == word
    if row.get("change") not in (word, "financed"):
        return False
    if financing is None:
        return row.get("change") == word
    if row.get("change") == "financed":
        return financing is True
    return row.get("with_financing") is not None and bool(row.get("with_financing")) == financing


def _iso(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return None if value is None else str(value)
