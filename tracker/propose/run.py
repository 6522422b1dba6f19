"""``propose``: draft the parameter values a year's documents state and the rules lack.

1. The open facts of the chosen documents become proposals, conflicts and open ends
   (:func:`tracker.propose.facts_to_proposals.plan`).
2. The proposals are written into the parameter files' text (:mod:`tracker.propose.yaml_edit`) and the
   edited rule base is loaded, in memory and a temporary folder, never in place.
3. Facts that only support a value (a count of groups, a value whose area the text leaves out) are held
   against it and, where it satisfies them, become further citations of it; facts it leaves open are
   listed with the check's own words.
4. The check runs on the edited rule base (``verify``): a proposal it objects to (a quote it does not find
   in the section, a number the quote does not state, a code not in the cited text) is taken back and
   listed, so what is written passes the check apart from the pins of its new citations, which only a
   person gives (``tracker review``, after reading the passages).
5. The result is a unified diff of the parameter files, written only with ``apply``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.align.lineage import Registry
from tracker.check.config import CheckConfig
from tracker.check.facts import compare_fact
from tracker.errors import InputError, TrackerError
from tracker.model import Document, write_atomic
from tracker.paths import EXTRACTED_DIR, PARAMS_DIR, rel
from tracker.propose.facts_to_proposals import (
    Conflict,
    Evidence,
    LineageOf,
    Plan,
    Proposal,
    SupportingFact,
    Unresolved,
    citation,
    evidence,
    fact_id,
    plan,
    quote_of,
    unresolved,
)
from tracker.propose.yaml_edit import EditedFile, EntryEdit, YamlEditError, edit_parameter_file
from tracker.rules.params import Parameter, ParameterError, load_parameters
from tracker.store import DocumentNotFound, load_document

# Findings of the check on the edited rule base that mean a proposal is wrong (not merely unpinned).
REJECTING_KINDS = {"quote-missing", "quote-value", "value-not-in-text", "lineage-mismatch", "section-missing",
                   "document-missing"}


class ProposeInputError(InputError):
    """A document, setting or file ``tracker propose`` was given cannot be used (exit code 2)."""


class ProposeError(TrackerError):
    """The proposal cannot be written as it is (a file changed meanwhile); nothing was written."""


@dataclass
class ProposeResult:
    documents: list[str]
    proposals: list[Proposal]
    conflicts: list[Conflict]
    unresolved: list[Unresolved]
    gaps: list[str]  # calendar gaps the check will still report (annual parameters the documents say nothing of)
    notes: list[str]
    facts: int
    agreed: int
    accepted: int
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # shown path → (old text, new text)
    applied: bool = False
    verified: bool = True

    @property
    def diff(self) -> str:
        """The unified diff of every parameter file the proposals change (``git apply`` reads it)."""
        out: list[str] = []
        for path, (old, new) in self.files.items():
            out += difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)

    @property
    def review_keys(self) -> list[str]:
        return [k for p in self.proposals for k in p.citation_keys]

    @property
    def review_command(self) -> str | None:
        keys = self.review_keys
        return f"tracker review {' '.join(keys)}" if keys else None

    @property
    def exit_code(self) -> int:
        """0: proposals (or nothing new); 1: conflicts or facts no proposal takes care of (a person decides)."""
        return 1 if self.conflicts or self.unresolved else 0

    # -- renderings ------------------------------------------------------------------------------

    def summary(self) -> str:
        docs = ", ".join(self.documents)
        lines = [f"tracker propose: {docs}: {self.facts} facts, {self.agreed} already in the rules"
                 + (f", {self.accepted} accepted in the check settings" if self.accepted else "")]
        if not self.proposals and not self.conflicts and not self.unresolved:
            lines.append(f"Nothing to propose: the rules already hold every fact {docs} "
                         f"{'states' if len(self.documents) == 1 else 'state'}.")
        if self.proposals:
            lines.append(f"\nProposed ({len(self.proposals)}):")
            for p in self.proposals:
                what = "new entry" if p.action == "new-entry" else "rows added to the existing entry"
                lines.append(f"  {p.param} {p.key}: {_show_value(p)}  [{what}; confidence {p.confidence:.2f}]")
                lines += [f"    {line}" for line in _evidence_lines(p.all_evidence)]
        if self.conflicts:
            lines.append(f"\nConflicts ({len(self.conflicts)}), not applied: a person decides")
            for c in self.conflicts:
                lines.append(f"  {c.message}")
                lines += [f"    {_short(s.value)} — {s.where}" + (f": «{s.quote}»" if s.quote else "")
                          for s in c.sides]
        if self.unresolved:
            lines.append(f"\nNot proposed ({len(self.unresolved)}): the check will still report these")
            lines += [f"  {u.where}: «{u.quote[:160]}»\n    {u.reason}" for u in self.unresolved]
        if self.gaps:
            lines.append("\nCalendar gaps the documents say nothing about (the check reports them):")
            lines += [f"  {g}" for g in self.gaps]
        lines += [f"\nNote: {n}" for n in self.notes]
        if self.proposals:
            if self.applied:
                lines.append("\nWrote " + ", ".join(self.files) + ".")
            else:
                lines.append("\nNothing was written; `tracker propose --apply` writes this diff.")
            lines.append("Read each cited passage, then pin the new citations (the check reports them as "
                         f"unpinned until then):\n  {self.review_command}")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        data = {
            "documents": self.documents,
            "facts": self.facts,
            "agreed": self.agreed,
            "accepted": self.accepted,
            "proposals": [_proposal_json(p) for p in self.proposals],
            "conflicts": [{"param": c.param, "start": c.start.isoformat(), "kind": c.kind, "subject": c.subject,
                           "message": c.message,
                           "sides": [{"value": _json_value(s.value), "where": s.where, "quote": s.quote}
                                     for s in c.sides]} for c in self.conflicts],
            "unresolved": [dataclasses.asdict(u) for u in self.unresolved],
            "gaps": self.gaps,
            "notes": self.notes,
            "files": list(self.files),
            "diff": self.diff,
            "applied": self.applied,
            "verified": self.verified,
            "review_command": self.review_command,
            "exit_code": self.exit_code,
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _evidence_lines(evidence: list[Evidence]) -> list[str]:
    """One line per passage; the rows of one table together ("12 table rows …"), quoting the first."""
    groups: dict[tuple[str, str], list[Evidence]] = {}
    for e in evidence:
        groups.setdefault((e.how, e.where) if e.how.startswith("table") else (e.how, e.where + e.quote), []).append(e)
    lines = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            lines.append(first.describe())
            continue
        notes = list(dict.fromkeys(n for e in group for n in e.notes))
        lines.append(f"{len(group)} {first.how.replace('table row', 'table rows')} in {first.where}, the first "
                     f"«{first.quote}»" + (f" — {'; '.join(notes)}" if notes else ""))
    return lines


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def _proposal_json(p: Proposal) -> dict[str, Any]:
    return {
        "param": p.param, "start": p.start.isoformat(), "key": p.key, "unit": p.unit, "action": p.action,
        "value": _json_value(p.value), "unchanged": p.unchanged, "confidence": p.confidence, "reason": p.reason,
        "evidence": [{**dataclasses.asdict(e), "notes": list(e.notes)} for e in p.all_evidence],
        "citations": [_json_value(c) for c in p.all_citations], "citation_keys": p.citation_keys, "file": p.file,
    }


def _short(value: Any) -> str:
    text = repr(_json_value(value)) if not isinstance(value, str) else value
    return text if len(text) <= 140 else text[:137] + "..."


def _show_value(p: Proposal) -> str:
    if p.unchanged:
        return "uendret (the value before carries on)"
    if p.unit == "table":
        return f"{len(p.value)} row{'s' if len(p.value) != 1 else ''}: " + "; ".join(_short(r) for r in p.value[:3]) + (
            " …" if len(p.value) > 3 else "")
    unit = {"percent": " %", "NOK": " NOK", "years": " years", "days": " days"}.get(p.unit, "")
    return f"{_json_value(p.value)}{unit}"


# -- inputs ------------------------------------------------------------------------------------------


def _config(config: CheckConfig | Path | str | None) -> CheckConfig:
    if isinstance(config, CheckConfig):
        return config
    return CheckConfig.load(Path(config)) if config is not None else CheckConfig.load()


def _documents(extracted_dir: Path, refs: list[str] | None, documents: list[Document] | None
               ) -> tuple[dict[str, Document], list[Document]]:
    from tracker.check.run import load_documents

    docs = {d.id: d for d in documents} if documents is not None else load_documents(Path(extracted_dir))
    if refs:
        chosen: list[Document] = []
        for ref in refs:
            if ref in docs:
                doc = docs[ref]
            else:
                try:
                    doc = load_document(ref, extracted_dir)
                except DocumentNotFound as exc:
                    raise ProposeInputError(str(exc)) from exc
                except ValueError as exc:
                    raise ProposeInputError(f"{ref}: not an extracted document ({exc.__class__.__name__})") from exc
                docs.setdefault(doc.id, doc)
            if doc.id not in [d.id for d in chosen]:
                chosen.append(doc)
        return docs, chosen
    years = [d.year for d in docs.values() if d.year is not None]
    if not years:
        raise ProposeInputError(f"{rel(extracted_dir)}: no document names its year; name the documents")
    return docs, [d for d in docs.values() if d.year == max(years)]


# -- writing the proposals into the files --------------------------------------------------------------


def _files_of(proposals: list[Proposal], params_dir: Path) -> dict[Path, list[EntryEdit]]:
    by_file: dict[Path, list[EntryEdit]] = {}
    for p in sorted(proposals, key=lambda p: (p.param, p.start)):
        path = Path(params_dir) / f"{p.param.split('.')[0]}.yaml"  # the loader holds a file to its namespace
        if p.action == "new-entry":
            entry: dict[str, Any] = {"unchanged": True} if p.unchanged else {"value": p.value}
            edit = EntryEdit(p.param, p.start, new_entry={**entry, "cite": p.all_citations})
        else:
            edit = EntryEdit(p.param, p.start, add_rows=list(p.value), add_cites=p.all_citations)
        by_file.setdefault(path, []).append(edit)
    return by_file


def _render(proposals: list[Proposal], params_dir: Path) -> dict[Path, tuple[str, EditedFile]]:
    """Each parameter file the proposals change: (its text now, its text with them)."""
    out = {}
    for path, edits in _files_of(proposals, params_dir).items():
        old = path.read_text(encoding="utf-8")
        out[path] = (old, edit_parameter_file(old, rel(path), edits))
    return out


@dataclass
class _Draft:
    """The rule base as it would be with the proposals: the edited texts, loaded from a scratch folder."""

    rendered: dict[Path, tuple[str, EditedFile]]
    folder: Path
    params: dict[str, Parameter]


def _draft(proposals: list[Proposal], params_dir: Path, scratch: Path) -> _Draft:
    rendered = _render(proposals, params_dir)
    folder = scratch / f"params-{len(list(scratch.iterdir()))}"
    folder.mkdir()
    for path in sorted(Path(params_dir).glob("*.yaml")):
        shutil.copyfile(path, folder / path.name)
    for path, (_, edited) in rendered.items():
        (folder / path.name).write_text(edited.text, encoding="utf-8")
    try:
        drafted = load_parameters(folder)
    except ParameterError as exc:  # a proposal the loader refuses (a bug here): never written
        raise YamlEditError(f"the proposed parameters would not load ({exc}); nothing was written".replace(
            folder.resolve().as_posix(), rel(params_dir))) from exc
    return _Draft(rendered, folder, drafted)


def _citation_keys(proposals: list[Proposal], new_params: dict[str, Parameter]) -> None:
    """The keys the written citations get (``param@year/doc/section``), for `tracker review`."""
    for p in proposals:
        entry = next(v for v in new_params[p.param].values if v.start == p.start)
        added = len(p.all_citations)
        p.citation_keys = [c.key for c in entry.citations[len(entry.citations) - added:]] if added else []


def _support(plan_: Plan, proposals: list[Proposal], new_params: dict[str, Parameter],
             lineage_of: LineageOf) -> list[Unresolved]:
    """Attach each supporting fact the drafted values satisfy to the proposal that satisfies it; the others
    stay open."""
    for p in proposals:
        p.supporting = []
    left: list[Unresolved] = []
    for s in plan_.supporting:
        doc, fact = s.doc, s.fact
        issue = compare_fact(fact, new_params, doc.year)
        if issue is not None:
            why = ("the text does not say which parameter (area) the value is for, and none fits: "
                   if fact.param is None else "")
            left.append(unresolved(doc, fact, why + issue.message))
            continue
        target = _supported(s, proposals, new_params)
        if target is None:
            continue  # satisfied by what the rules hold already
        section = next((x for x in doc.sections if x.id == fact.section_id), None)
        if section is None:
            continue
        quote = quote_of(fact.quote, fact)
        cite = citation(doc, section, quote, lineage_of)
        if any((c["doc"], c["section_id"], c["quote"]) == (cite["doc"], cite["section_id"], cite["quote"])
               for c in target.all_citations):
            continue
        note = ("it counts the groups the rows list" if fact.kind == "antall-grupper"
                else f"the text does not name the area; of {' and '.join(fact.params)} only {target.param} has "
                     "this value")
        ev: Evidence = evidence(doc, fact, section, quote, f"sentence pattern '{fact.kind}'", (note,))
        if fact.param is None:
            ev = dataclasses.replace(ev, confidence=round(max(0.05, ev.confidence - 0.2), 2))
        target.supporting.append((cite, ev))
    return left


def _supported(s: SupportingFact, proposals: list[Proposal], new_params: dict[str, Parameter]) -> Proposal | None:
    doc, fact = s.doc, s.fact
    names = [fact.param] if fact.param else list(fact.params)
    years = [fact.year] if fact.year else [y for y in (doc.year, (doc.year or 0) - 1) if y]
    for name in names:
        single = dataclasses.replace(fact, param=name, params=())
        if compare_fact(single, new_params, doc.year) is not None:
            continue
        for year in years:
            found = next((p for p in proposals if p.param == name and p.start.year == year), None)
            if found is not None:
                return found
    return None


def _rejections(draft: _Draft, proposals: list[Proposal], extracted_dir: Path, cfg: CheckConfig,
                registry: Registry, docs: dict[str, Document]) -> tuple[dict[int, list[str]], list[str]]:
    """Run the check on the drafted rule base: the proposals it objects to (by index, with its findings) and
    the calendar gaps it still reports."""
    from tracker.check.run import run_check

    report = run_check(extracted_dir, config=dataclasses.replace(cfg, params_dir=draft.folder),
                       lineage_registry=registry, documents=list(docs.values()))
    by_key = {k: i for i, p in enumerate(proposals) for k in p.citation_keys}
    index_of = {(p.param, p.start): i for i, p in enumerate(proposals)}
    by_line = {(path.name, line): index_of[entry] for path, (_, edited) in draft.rendered.items()
               for entry, line in edited.entry_lines.items() if entry in index_of}
    rejected: dict[int, list[str]] = {}
    gaps = []
    for f in report.findings:
        if f.kind == "calendar-gap":
            gaps.append(f.message)
            continue
        if f.kind not in REJECTING_KINDS:
            continue
        index = by_key.get(f.citation or "")
        if index is None and f.code_file and f.code_line:
            index = by_line.get((Path(f.code_file).name, f.code_line))
        if index is not None:
            rejected.setdefault(index, []).append(f"{f.kind}: {f.message}")
    return rejected, gaps


# -- the entry point -------------------------------------------------------------------------------------


def propose(doc_refs: list[str] | None = None, *, extracted_dir: Path = EXTRACTED_DIR,
            config: CheckConfig | Path | str | None = None, lineage_registry: Registry | None = None,
            apply: bool = False, verify: bool = True, documents: list[Document] | None = None) -> ProposeResult:
    """Propose the parameter values that the documents ``doc_refs`` (ids or paths; default: the newest
    year's documents) state and the rules lack. With ``apply`` the parameter files are written; otherwise
    nothing is. Raises :class:`ProposeInputError` for bad input."""
    try:
        cfg = _config(config)
        docs, chosen = _documents(Path(extracted_dir), doc_refs, documents)
        params_dir = Path(cfg.params_dir) if cfg.params_dir else PARAMS_DIR
        params = load_parameters(params_dir)
        registry = lineage_registry if lineage_registry is not None else Registry.load()
    except InputError as exc:
        raise ProposeInputError(str(exc)) from exc
    notes = [f"{d.id} is not in the lineage registry yet; run `tracker lineages` (or `tracker build`) first so "
             "the citations name their lineage" for d in chosen
             if d.sections and not any(registry.lineage_of(d.id, s.id) for s in d.sections)]
    calendar_years = {d.year for d in docs.values() if d.kind in cfg.calendar_kinds and d.year}
    drafted = plan(chosen, params, cfg, registry.lineage_of, calendar_years)
    proposals = list(drafted.proposals)
    unresolved_facts = list(drafted.unresolved)
    gaps: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tracker-propose-") as scratch:
        while True:
            draft = _draft(proposals, params_dir, Path(scratch))
            left = _support(drafted, proposals, draft.params, registry.lineage_of)
            draft = _draft(proposals, params_dir, Path(scratch))  # with the supporting citations
            _citation_keys(proposals, draft.params)
            if not verify:
                break
            rejected, gaps = _rejections(draft, proposals, Path(extracted_dir), cfg, registry, docs)
            if not rejected:
                break
            for index in sorted(rejected, reverse=True):
                p = proposals.pop(index)
                drafted.settled |= p.fact_ids
                for e in p.evidence:
                    unresolved_facts.append(Unresolved(e.doc, e.section, e.page, e.how, e.quote,
                                                       f"{p.param} {p.key} was drafted, but the check objects: "
                                                       + "; ".join(rejected[index])))
        # Facts the drafted values still leave open, not listed yet (a conflict or an open end lists them).
        listed = set(drafted.settled)
        for doc, fact in drafted.open_facts:
            if fact_id(doc, fact) in listed or fact.param is None or fact.kind == "antall-grupper":
                continue
            issue = compare_fact(fact, draft.params, doc.year)
            if issue is not None:
                unresolved_facts.append(unresolved(doc, fact, issue.message))
        unresolved_facts += left
        # The drafted files are named by where they will be written, not by the scratch folder.
        drafts = re.compile("|".join(re.escape(f"{root}/params-") for root in
                                     {Path(scratch).resolve().as_posix(), str(scratch)}) + r"\d+")
        unresolved_facts = [dataclasses.replace(u, reason=drafts.sub(rel(params_dir), u.reason))
                            for u in unresolved_facts]
    files = {rel(path): (old, edited.text) for path, (old, edited) in sorted(draft.rendered.items())
             if edited.text != old}
    result = ProposeResult([d.id for d in chosen], proposals, drafted.conflicts, unresolved_facts, gaps, notes,
                           drafted.facts, drafted.agreed, drafted.accepted, files, verified=verify)
    if apply and files:
        _write(draft.rendered)
        result.applied = True
    return result


def _write(rendered: dict[Path, tuple[str, EditedFile]]) -> None:
    """Write every edited file, or none: a file that changed since it was read stops it."""
    for path, (old, _) in rendered.items():
        if path.read_text(encoding="utf-8") != old:
            raise ProposeError(f"{rel(path)}: changed while the proposal was drafted; nothing was written, run "
                               "`tracker propose` again")
    for path, (old, edited) in sorted(rendered.items()):
        if edited.text != old:
            write_atomic(path, edited.text)
