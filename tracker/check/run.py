"""``run_check``: hold the rule base (parameters, functions, citations, pins) against the extracted text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.align.lineage import Registry, RegistryError
from tracker.align.overrides import OverridesError
from tracker.check.config import CheckConfig
from tracker.check.facts import compare_fact, document_facts
from tracker.check.pins import CitedNow, Pin, PinsError, PinStore
from tracker.check.report import KINDS, CheckReport, CoverageRow, Finding
from tracker.check.text import (
    QuotedSpan,
    find_quote,
    fingerprint,
    normalise,
    quoted_span,
    render_diff,
    section_tables,
    section_text,
)
from tracker.errors import InputError
from tracker.io import load_yaml
from tracker.model import Document, Section
from tracker.paths import EXTRACTED_DIR
from tracker.rules.citations import Citation
from tracker.rules.params import Parameter, ParameterError, ParameterValue
from tracker.rules.registry import RuleFunction, functions, parameters
from tracker.store import CorpusError, load_all, rel


class CheckInputError(InputError):
    """Bad usage or unreadable input (exit code 2); the message names the file."""


# -- loading -----------------------------------------------------------------------------------------


def load_documents(extracted_dir: Path) -> dict[str, Document]:
    """The corpus by id (see :func:`tracker.store.load_all`); :class:`CheckInputError` when unreadable."""
    try:
        return {d.id: d for d in load_all(extracted_dir)}
    except CorpusError as exc:
        raise CheckInputError(str(exc)) from exc


def _load_config(config: CheckConfig | Path | str | None) -> CheckConfig:
    if isinstance(config, CheckConfig):
        return config
    try:
        return CheckConfig.load(Path(config)) if config is not None else CheckConfig.load()
    except ValueError as exc:
        raise CheckInputError(str(exc)) from exc


def _rule_base(config: CheckConfig) -> tuple[dict[str, Parameter], dict[str, RuleFunction]]:
    try:
        return parameters(config.params_dir), functions()
    except ParameterError as exc:
        raise CheckInputError(str(exc)) from exc


class _Lineages:
    """The alignment stage's lineage registry (empty until `tracker align` has written one)."""

    def __init__(self, registry: Registry | None = None) -> None:
        if registry is None:
            try:
                registry = Registry.load()
            except (RegistryError, OverridesError) as exc:
                raise CheckInputError(str(exc)) from exc
        self.registry = registry

    def lineage_of(self, doc: str, section_id: str) -> str | None:
        return self.registry.lineage_of(doc, section_id)

    def members(self, lineage: str | None) -> list[tuple[str, str]]:
        return self.registry.members(lineage) if lineage else []


# -- locating the cited section ------------------------------------------------------------------------


def _title_key(title: str) -> str:
    return normalise(title)


def locate(doc: Document, citation: Citation) -> Section | None:
    """The section a citation names: by id, else by printed number (the title breaks ties), else by title."""
    if citation.section_id:
        by_id = next((s for s in doc.sections if s.id == citation.section_id), None)
        if by_id is not None and (citation.section is None or by_id.number == citation.section):
            return by_id
    if citation.section:
        numbered = [s for s in doc.sections if s.number == citation.section]
        if len(numbered) == 1:
            return numbered[0]
        if citation.title:
            key = _title_key(citation.title)
            titled = [s for s in numbered if _title_key(s.title) == key]
            if titled:
                return titled[0]
        if numbered:
            return numbered[0]
    if citation.title:
        # Without the number, a title identifies a section only when no other section has it.
        key = _title_key(citation.title)
        titled = [s for s in doc.sections if _title_key(s.title) == key]
        if len(titled) == 1 or (titled and not citation.section):
            return titled[0]
    return None


def section_label(section: Section) -> str:
    return f"{section.number} {section.title}" if section.number else section.title


@dataclass
class _Resolved:
    citation: Citation
    doc: Document | None
    section: Section | None
    text: str = ""
    span: QuotedSpan | None = None  # the passage of ``text`` the quote stands in: what the pin is of

    @property
    def span_text(self) -> str:
        return self.span.text if self.span is not None else ""


def resolve_citations(citations: list[Citation], docs: dict[str, Document]) -> list[_Resolved]:
    out = []
    for c in citations:
        doc = docs.get(c.doc)
        section = locate(doc, c) if doc is not None else None
        text = section_text(doc, section) if doc and section else ""
        out.append(_Resolved(c, doc, section, text, quoted_span(c.quote, text) if text else None))
    return out


# -- the checks --------------------------------------------------------------------------------------


class _Collector:
    def __init__(self, config: CheckConfig) -> None:
        self.config = config
        self.findings: list[Finding] = []

    def add(self, kind: str, message: str, **kw: Any) -> None:
        category = KINDS[kind]
        self.findings.append(
            Finding(kind=kind, category=category, severity=self.config.severity_of(kind, category), message=message,
                    **kw)
        )


def _cite_sides(r: _Resolved) -> dict[str, Any]:
    c = r.citation
    return {
        "code_file": c.source_file,
        "code_line": c.source_line,
        "doc": c.doc,
        "section": section_label(r.section) if r.section else c.section_label,
        "section_id": r.section.id if r.section else c.section_id,
        "page": r.section.page if r.section else None,
        "citation": c.key,
    }


def _check_citation(r: _Resolved, pins: PinStore, lineages: _Lineages, docs: dict[str, Document],
                    out: _Collector) -> None:
    c = r.citation
    sides = _cite_sides(r)
    if r.doc is None:
        out.add("document-missing", f"{c.key} cites {c.doc}, which is not among the extracted documents",
                hint=f"extract it (`tracker extract`) or correct 'doc' at {c.where}", **sides)
        return
    if r.section is None:
        pin = pins.pins.get(c.key)
        lineage = c.lineage or (pin.lineage if pin else None)
        moved = [(d, s) for d, s in lineages.members(lineage)
                 if d in docs and (d, s) != (c.doc, c.section_id) and any(x.id == s for x in docs[d].sections)]
        where_now = "; ".join(f"{d} §{_label_of(docs[d], s)}" for d, s in moved) if moved else None
        msg = f"{c.key} cites {c.describe()}, which is no longer in {c.doc}"
        if where_now:
            msg += f"; its lineage {lineage} is now at {where_now}"
        elif lineage:
            msg += f" (lineage {lineage} has no section there any more)"
        out.add("section-missing", msg,
                hint=f"point the citation at the section's new place (section/section_id/title at {c.where}), "
                     f"then run `tracker review {c.key}`", **sides)
        return
    # A citation that names its lineage must still cite a section of that lineage.
    current_lineage = lineages.lineage_of(c.doc, r.section.id)
    if c.lineage and current_lineage and current_lineage != c.lineage:
        out.add("lineage-mismatch",
                f"{c.key} names lineage {c.lineage}, but {c.describe()} now belongs to lineage {current_lineage}",
                hint=f"check that the citation still points at the right section, then fix 'lineage' at {c.where}",
                **sides)
    # The quote must still be in the section.
    match = find_quote(c.quote, r.text, out.config.quote_min_similarity)
    if not match.found:
        only_quote, only_text = match.differing
        if only_quote and match.score >= out.config.quote_min_similarity:
            detail = (f"the closest passage differs in {', '.join(only_quote)}"
                      + (f" (the text has {', '.join(only_text)})" if only_text else "")
                      + f": \"{match.matched}\"")
        else:
            detail = f"the closest passage ({match.score:.0f} % similar) is \"{match.matched[:160]}\""
        out.add("quote-missing", f"{c.key}: the quote \"{c.quote}\" is no longer in {c.describe()}; {detail}",
                hint=f"read the section; fix the quote (and the value, if the rule changed) at {c.where}", **sides)
    # The quoted passage must read as it did when a person last looked.
    pin = pins.pins.get(c.key)
    if pin is not None and pin.doc not in docs:
        return  # the pin names a document that is not here: reported once as stale-pin, nothing to compare
    if pin is None:
        out.add("unpinned", f"{c.key} is not pinned yet ({c.describe()})",
                hint=f"read the section, then run `tracker review {c.key}`", **sides)
        return
    if pin.scope == "section":  # a version 1 pin of the whole section, not upgraded: its section changed
        now_text, what = r.text, f"the text of {c.describe()}"
        changed = pin.fingerprint != fingerprint(r.text)
        why_section = " (a whole-section pin from pins version 1; `tracker review` pins the passage it quotes)"
    else:
        now_text = r.span_text
        what = f"the {r.span.unit if r.span else 'sentence'} it quotes in {c.describe()}"
        changed = pin.fingerprint != fingerprint(now_text)
        why_section = ""
    moved = pin.doc != c.doc or pin.section_id != r.section.id
    if not changed and not moved:
        return
    diff = render_diff(pin.span, now_text) if pin.span is not None and changed else None
    nature = " (editorial: no number, code or negation changed)" if diff is not None and not diff.substantive else ""
    where_pinned = ""
    if moved:
        where_pinned = f" (pinned at {pin.doc} {pin.section_id}, now {c.doc} {r.section.id}"
        pinned_doc = docs.get(pin.doc)
        if pinned_doc is not None and not any(s.id == pin.section_id for s in pinned_doc.sections):
            where_pinned += f"; the pin at {pins.where(c.key)} names a section {pin.doc} does not have"
        where_pinned += ")"
    message = (f"{c.key}: {what} changed since it was pinned" if changed
               else f"{c.key}: the passage it quotes reads the same, but in another section than it was pinned in")
    shown = (diff.rendered or None) if diff is not None else None
    if changed and pin.span is None:
        shown = "(the pinned text is not stored; no diff)"
    out.add("suspect", message + where_pinned + why_section + nature, diff=shown,
            hint=f"read the diff; if {c.owner} still matches the text run `tracker review {c.key}` "
                 "(after a re-extraction, `tracker review --all` once every diff is read); "
                 f"otherwise fix {c.where}", **sides)


def _label_of(doc: Document, section_id: str) -> str:
    s = next((x for x in doc.sections if x.id == section_id), None)
    return section_label(s) if s else section_id


_UNIT_PATTERNS = {
    "percent": re.compile(r"(\d+(?:,\d+)?)\s*(?:%|prosent)"),
    "NOK": re.compile(r"(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)\s*(?:kr\b|kroner)"),
    "years": re.compile(r"(?<![\d.])(\d{1,3})(?![\d.])"),
}


def _quote_numbers(quote: str, unit: str) -> list[float]:
    pattern = _UNIT_PATTERNS.get(unit)
    if pattern is None:
        return []
    return [float(m.group(1).replace("\u00a0", "").replace(" ", "").replace(",", ".")) for m in pattern.finditer(quote)]


_QUOTE_CODE_RE = re.compile(r"\b(?=[A-ZÆØÅ0-9]*\d)(?=[A-ZÆØÅ0-9]*[A-ZÆØÅ])[A-ZÆØÅ0-9]{3,8}\b")
_QUOTE_DATE_RE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_QUOTE_DAY_MONTH_RE = re.compile(
    r"\bfra (\d{1,2})\.\s*(januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\b"
)
_MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
           "desember"]


def _check_quote_value(param: Parameter, entry: ParameterValue, r: _Resolved, out: _Collector) -> None:
    """The numbers, codes and dates a quote states must be those of the value it supports."""
    quote = r.citation.quote
    problems: list[str] = []
    values = entry.value if isinstance(entry.value, list) else [entry.value]
    if entry.value is not None and values and all(isinstance(v, int | float) for v in values):
        stated = _quote_numbers(quote, param.unit)
        if stated and any(float(v) not in stated for v in values):
            problems.append(f"its quote says {', '.join(f'{n:g}' for n in stated)}")
    if param.unit == "table" and isinstance(entry.value, list):
        leaves = set(_leaves(entry.value))
        foreign = [c for c in _QUOTE_CODE_RE.findall(quote) if c not in leaves]
        if foreign:
            problems.append(f"its quote names {', '.join(foreign)}, which the value does not have")
    for day, month, year in _QUOTE_DATE_RE.findall(quote):
        stated_date = dt.date(int(year), int(month), int(day))
        if stated_date.year == entry.start.year and stated_date != entry.start and \
                stated_date.strftime("%d.%m.%Y") not in _leaves(entry.value):
            problems.append(f"its quote gives the date {stated_date.isoformat()}")
    for day, month in _QUOTE_DAY_MONTH_RE.findall(quote):
        if (int(day), month) != (entry.start.day, _MONTHS[entry.start.month - 1]):
            problems.append(f"its quote says from {day}. {month}")
    if problems:
        shown = entry.value if not isinstance(entry.value, list) or len(entry.value) < 4 else "the table"
        out.add("quote-value",
                f"{param.name} is {shown!r} from {entry.start.isoformat()}, but {'; '.join(problems)} "
                f"({r.citation.describe()}: \"{quote}\")",
                hint=f"fix the value or the quote at {r.citation.where}", **_cite_sides(r))


_CODE_LEAF = re.compile(r"^(?=.*\d)[A-ZÆØÅ0-9]{3,8}$")


def _leaves(value: Any) -> list[str]:
    """The codes and dates of a table value: what must appear in the cited text."""
    out: list[str] = []
    if isinstance(value, list):
        for v in value:
            out += _leaves(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k in ("hdg", "tertial", "min_days", "max_days"):
                continue
            out += _leaves(v)
    elif isinstance(value, dt.date):
        out.append(value.strftime("%d.%m.%Y"))
    elif isinstance(value, str) and (_CODE_LEAF.match(value) or re.match(r"^\d\d\.\d\d-\d\d\.\d\d$", value)):
        out.append(value)
    return out


_OCR_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l", "5": "s", "8": "b"})


def _ocr_fold(text: str) -> str:
    """A (normalised, lower-case) text with the characters OCR confuses in codes made equal."""
    return text.translate(_OCR_FOLD)


def _is_ocr(r: _Resolved) -> bool:
    if r.doc is None or r.section is None:
        return False
    pages = {p.page: p.source for p in r.doc.page_info}
    return pages.get(r.section.page, "text-layer") != "text-layer"


def _check_table_value(param: Parameter, entry: ParameterValue, resolved: list[_Resolved], out: _Collector) -> None:
    found = [r for r in resolved if r.section is not None]
    if not found or not isinstance(entry.value, list):
        return
    text = " " + " ".join(normalise(r.text) for r in found) + " "
    # On machine-read (OCR) pages a code may carry the usual confusions (PT05 read as PTOS).
    ocr_text = " " + " ".join(_ocr_fold(normalise(r.text)) for r in found if _is_ocr(r)) + " "
    for leaf in _leaves(entry.value):
        needle = normalise(leaf)
        if f" {needle} " not in text and f" {_ocr_fold(needle)} " not in ocr_text:
            r = found[0]
            out.add("value-not-in-text",
                    f"{param.name} ({entry.start.isoformat()}) has {leaf}, which is not in the cited text "
                    f"({'; '.join(sorted({x.citation.describe() for x in found}))})",
                    hint=f"fix the value at {param.source_file}:{entry.line} or cite the passage that states it",
                    **{**_cite_sides(r), "code_line": entry.line, "citation": None})


def is_ignored(finding: Finding, rule: dict[str, Any]) -> bool:
    """Whether an ``ignore`` entry of checks/settings.yaml covers ``finding`` (every key given must match)."""
    section_number = (finding.section or "").split(" ")[0]
    checks = {
        "kind": lambda v: finding.kind == v,
        "doc": lambda v: finding.doc == v,
        "section": lambda v: str(v) in (section_number, finding.section, finding.section_id),
        "citation": lambda v: finding.citation == v,
        "param": lambda v: str(v) in finding.message,
        "contains": lambda v: normalise(str(v)) in normalise(finding.message),
    }
    return all(checks[k](v) for k, v in rule.items() if k in checks)


def _apply_ignores(findings: list[Finding], config: CheckConfig) -> list[Finding]:
    used: set[int] = set()
    kept = []
    for f in findings:
        hit = next((i for i, rule in enumerate(config.ignore) if is_ignored(f, rule)), None)
        if hit is None:
            kept.append(f)
        else:
            used.add(hit)
    for index, rule in enumerate(config.ignore):
        if index not in used:
            kept.append(Finding(
                kind="stale-ignore", category="drift", severity=config.severity_of("stale-ignore", "drift"),
                message=f"ignore entry {index + 1} ({rule.get('reason')}) matches no finding any more",
                code_file=None if config.source == "(defaults)" else config.source,
                hint="remove the entry from the check settings (the text, its extraction or the code changed)"))
    return kept


def _check_facts(docs: dict[str, Document], params: dict[str, Parameter], config: CheckConfig,
                 out: _Collector) -> int:
    count = 0
    for doc in docs.values():
        seen: set[tuple] = set()
        for fact in document_facts(doc):
            count += 1
            issue = compare_fact(fact, params, doc.year)
            if issue is None:
                continue
            dedup = (issue.kind, fact.key, fact.section_id)
            if dedup in seen:
                continue
            seen.add(dedup)
            out.add(issue.kind, f"{doc.id} §{fact.section_label}: {issue.message} (\"{fact.quote[:200]}\")",
                    code_file=issue.param.source_file if issue.param else None, code_line=issue.line,
                    doc=doc.id, section=fact.section_label, section_id=fact.section_id, page=fact.page,
                    hint="add or fix the parameter value with a citation of this passage, or list the finding "
                         "under `ignore` in checks/settings.yaml with a reason")
    return count


def _check_calendar(docs: dict[str, Document], params: dict[str, Parameter], config: CheckConfig,
                    out: _Collector) -> None:
    years: dict[int, list[str]] = {}
    for doc in docs.values():
        if doc.kind in config.calendar_kinds and doc.year:
            years.setdefault(doc.year, []).append(doc.id)
    for param in params.values():
        if not param.annual or not param.values:
            continue
        explicit = param.explicit_years()
        for year, doc_ids in sorted(years.items()):
            if year in explicit or min(explicit) > year:
                continue
            if param.ends is not None and param.ends.year <= year:
                continue
            out.add("calendar-gap",
                    f"{', '.join(doc_ids)} exists for {year}, but {param.name} has values up to "
                    f"{max(y for y in explicit if y < year)} only and no cited 'uendret' for {year}",
                    code_file=param.source_file, code_line=param.line, doc=doc_ids[0],
                    hint=f"add a {year} entry to {param.name}: the value with a citation, or `unchanged: true` "
                         "citing the text's 'uendret'")


def _check_functions(funcs: dict[str, RuleFunction], params: dict[str, Parameter], out: _Collector) -> None:
    for f in funcs.values():
        for name in f.uses:
            if name not in params:
                out.add("unknown-parameter", f"{f.name} uses parameter {name!r}, which does not exist",
                        code_file=f.source_file, code_line=f.line,
                        hint="add the parameter to tracker/rules/params/*.yaml or correct `uses`")


# -- coverage ----------------------------------------------------------------------------------------


def load_coverage(path: Path) -> dict[str, dict[str, str]]:
    """``checks/coverage.yaml``: per document, sections (number, id or title; ``"*"`` for the rest) that are
    not applicable to executable rules, each with a reason."""
    if not Path(path).exists():
        return {}
    raw = load_yaml(path, error=CheckInputError) or {}
    na = raw.get("not_applicable") if isinstance(raw, dict) else None
    if not isinstance(na, dict):
        raise CheckInputError(f"{rel(path)}: expected 'not_applicable:' mapping documents to sections and reasons")
    return {str(d): {str(k): str(v) for k, v in (m or {}).items()} for d, m in na.items()}


def coverage(docs: dict[str, Document], resolved: list[_Resolved], not_applicable: dict[str, dict[str, str]],
             ) -> list[CoverageRow]:
    cited: dict[tuple[str, str], list[str]] = {}
    for r in resolved:
        if r.doc is not None and r.section is not None:
            cited.setdefault((r.doc.id, r.section.id), []).append(r.citation.key)
    rows = []
    for doc in docs.values():
        na = not_applicable.get(doc.id, {})
        for s in doc.sections:
            keys = cited.get((doc.id, s.id))
            if keys:
                rows.append(CoverageRow(doc.id, s.id, section_label(s), s.page, "implemented", tuple(sorted(keys))))
                continue
            reason = next((na[k] for k in (s.id, s.number, s.title) if k and k in na), None)
            if reason is None and s.number:
                # A reason given for a chapter covers its subsections.
                parts = s.number.split(".")
                reason = next((na[".".join(parts[:i])] for i in range(len(parts) - 1, 0, -1)
                               if ".".join(parts[:i]) in na), None)
            if reason is None and not s.text.strip() and not section_tables(doc, s) and _has_subsections(doc, s):
                reason = "heading only: its subsections are listed"
            reason = reason or na.get("*")
            if reason is not None:
                rows.append(CoverageRow(doc.id, s.id, section_label(s), s.page, "not-applicable", (reason,)))
            else:
                rows.append(CoverageRow(doc.id, s.id, section_label(s), s.page, "pending"))
    return rows


def _has_subsections(doc: Document, section: Section) -> bool:
    index = doc.sections.index(section)
    following = doc.sections[index + 1 : index + 2]
    return bool(following) and following[0].level > section.level


# -- entry points ------------------------------------------------------------------------------------


def _citation_entries(params: dict[str, Parameter]) -> dict[str, tuple[Parameter, ParameterValue]]:
    return {c.key: (p, v) for p in params.values() for v in p.values for c in v.citations}


def _inputs(config: CheckConfig | Path | str | None, extracted_dir: Path,
            documents: list[Document] | None = None) -> tuple:
    """What check and review both read: settings, documents, the rule base, pins (upgraded to the current
    version, see :meth:`PinStore.upgrade`), citations and what each of them resolves to."""
    cfg = _load_config(config)
    if documents is None:
        docs = load_documents(Path(extracted_dir))
    else:  # already loaded (a build hands them on)
        if not documents:
            raise CheckInputError(f"{rel(extracted_dir)}: no extracted documents (*.json); run `tracker extract`")
        docs = {d.id: d for d in sorted(documents, key=lambda d: (d.year or 0, d.kind, d.id))}
    params, funcs = _rule_base(cfg)
    try:
        pins = PinStore.load(cfg.pins_path)
    except PinsError as exc:
        raise CheckInputError(str(exc)) from exc
    citations = [c for p in params.values() for c in p.citations] + [c for f in funcs.values() for c in f.citations]
    resolved = resolve_citations(citations, docs)
    pins.upgrade({r.citation.key: CitedNow(r.citation.doc, r.section.id, fingerprint(r.text),
                                           fingerprint(r.span_text), r.span_text)
                  for r in resolved if r.section is not None})
    return cfg, docs, params, funcs, pins, citations, resolved


def run_check(extracted_dir: Path = EXTRACTED_DIR, *, config: CheckConfig | Path | str | None = None,
              lineage_registry: Any = None, documents: list[Document] | None = None) -> CheckReport:
    """Hold the rule base against the extracted documents. Raises :class:`CheckInputError` for bad input.

    ``lineage_registry`` (``lineage_of(doc, section_id)``, ``members(lineage)``) defaults to
    ``tracker.align.lineage.Registry.load()`` when that stage is present. ``documents``, when given,
    are the documents of ``extracted_dir`` already loaded (it is then not read).
    """
    cfg, docs, params, funcs, pins, citations, resolved = _inputs(config, extracted_dir, documents)
    lineages = _Lineages(lineage_registry)
    out = _Collector(cfg)
    for where, key, doc in pins.unknown_documents(docs):
        out.add("stale-pin", f"{where}: pin {key} names document {doc}, which is not among the documents checked; "
                "point the citation at a document of the corpus and run `tracker review` on it, or "
                "`tracker review --all` to drop the pins of citations that are gone")
    for r in resolved:
        _check_citation(r, pins, lineages, docs, out)
    entries = _citation_entries(params)
    by_entry: dict[tuple[str, dt.date], list[_Resolved]] = {}
    for r in resolved:
        if r.citation.key in entries:
            param, entry = entries[r.citation.key]
            by_entry.setdefault((param.name, entry.start), []).append(r)
            if r.section is not None:
                _check_quote_value(param, entry, r, out)
    for (name, start), rs in by_entry.items():
        param = params[name]
        entry = next(v for v in param.values if v.start == start)
        if param.unit == "table":
            _check_table_value(param, entry, rs, out)
    _check_functions(funcs, params, out)
    fact_count = _check_facts(docs, params, cfg, out)
    _check_calendar(docs, params, cfg, out)
    rows = coverage(docs, resolved, load_coverage(cfg.coverage_path))
    return CheckReport(
        findings=sorted(_apply_ignores(out.findings, cfg), key=Finding.sort_key),
        coverage=rows,
        documents=list(docs),
        citations=len(citations),
        facts=fact_count,
        citation_keys=[c.key for c in citations],
    )


@dataclass(frozen=True)
class ReviewResult:
    pinned: list[str]
    unchanged: list[str]
    failed: list[tuple[str, str]]  # (key, why)
    dropped: list[str]


def review(keys: list[str] | None = None, *, all_citations: bool = False, extracted_dir: Path = EXTRACTED_DIR,
           config: CheckConfig | Path | str | None = None, lineage_registry: Any = None) -> ReviewResult:
    """Re-pin citations to the current text of the passages they quote (after a person has read them).
    Every pin is written in the current version, so a review also completes the upgrade of a version 1 file."""
    if not keys and not all_citations:
        raise CheckInputError("name the citation(s) to re-pin, or pass --all")
    cfg, docs, params, funcs, pins, citations, resolved = _inputs(config, extracted_dir)
    known = {c.key for c in citations}
    if keys:
        unknown = [k for k in keys if k not in known]
        if unknown:
            close = sorted(k for k in known if any(k.startswith(u.split("/")[0].split("@")[0]) for u in unknown))[:10]
            raise CheckInputError(f"unknown citation(s) {', '.join(unknown)}"
                                  + (f"; did you mean: {', '.join(close)}" if close else ""))
        selected = [r for r in resolved if r.citation.key in set(keys)]
    else:
        selected = resolved
    lineages = _Lineages(lineage_registry)
    pinned, unchanged, failed = [], [], []
    for r in selected:
        c = r.citation
        if r.doc is None or r.section is None:
            failed.append((c.key, f"{c.describe()} is not in {rel(Path(extracted_dir))}"))
            continue
        new = Pin(doc=c.doc, section_id=r.section.id, section=r.section.number, title=r.section.title,
                  page=r.section.page, fingerprint=fingerprint(r.span_text), span=r.span_text,
                  lineage=c.lineage or lineages.lineage_of(c.doc, r.section.id))
        if pins.pins.get(c.key) == new:
            unchanged.append(c.key)
        else:
            pinned.append(c.key)
        pins.set(c.key, new)
    dropped = []
    if all_citations:
        dropped = sorted(k for k in pins.pins if k not in known)
        for k in dropped:
            del pins.pins[k]
    pins.save()
    return ReviewResult(pinned, unchanged, failed, dropped)
