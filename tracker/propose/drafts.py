"""The build's propose stage: the values the documents state and the rules do not have yet.

After the check, the documents it found stating what the parameters lack (its ``fact-missing``,
``fact-contradiction`` and ``calendar-gap`` findings) are read for the values ``tracker propose``
would draft (:func:`tracker.propose.facts_to_proposals.plan`; nothing is written to the rules). The
result is an artifact of its own (``.cache/build/propose.json``) that the site's year pages show as
"Foreslått, ikke i reglene ennå", so the site never drafts anything itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tracker.check.config import CheckConfig
from tracker.check.report import CheckReport
from tracker.errors import InputError
from tracker.model import Document
from tracker.propose.facts_to_proposals import LineageOf, plan
from tracker.rules.registry import parameters

# Findings of the check that say a document states what the parameters lack.
LACKING_KINDS = frozenset({"fact-missing", "fact-contradiction", "calendar-gap"})


@dataclass(frozen=True)
class DraftedValue:
    """A value a document states and the rules lack: a new dated entry, or rows added to one."""

    param: str
    start: dt.date
    unit: str
    action: str  # "new-entry" | "add-rows"
    value: Any  # None when ``unchanged``
    unchanged: bool
    confidence: float
    citations: list[dict[str, Any]]  # doc, quote, section, section_id, title (as the YAML would cite them)


@dataclass(frozen=True)
class DisputedValue:
    """Documents that disagree about one parameter and start: never drafted, a person decides."""

    param: str
    start: dt.date
    sides: list[dict[str, Any]]  # {"value": …, "where": "doc §section (p. n)"}


@dataclass
class Drafts:
    proposals: list[DraftedValue] = field(default_factory=list)
    disputes: list[DisputedValue] = field(default_factory=list)

    def by_year(self) -> dict[int, tuple[list[DraftedValue], list[DisputedValue]]]:
        """Proposals and disputes by the year they start."""
        out: dict[int, tuple[list[DraftedValue], list[DisputedValue]]] = {}
        for p in self.proposals:
            out.setdefault(p.start.year, ([], []))[0].append(p)
        for d in self.disputes:
            out.setdefault(d.start.year, ([], []))[1].append(d)
        return out

    def summary(self) -> str:
        return f"{len(self.proposals)} values proposed, {len(self.disputes)} disputed"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able; :meth:`from_dict` gives the same drafts back (dates inside values included)."""
        return {"proposals": [_plain(asdict(p)) for p in self.proposals],
                "disputes": [_plain(asdict(d)) for d in self.disputes]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Drafts:
        return cls([DraftedValue(**_typed(p)) for p in data["proposals"]],
                   [DisputedValue(**_typed(d)) for d in data["disputes"]])


def _plain(value: Any) -> Any:
    """``value`` in JSON terms: a date (a deadline in a table row, a start) as ``{"date": "YYYY-MM-DD"}``."""
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        if value.keys() == {"date"} and isinstance(value["date"], str):
            return dt.date.fromisoformat(value["date"])
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def draft_values(report: CheckReport, documents: list[Document], settings: Path, lineage_of: LineageOf) -> Drafts:
    """What ``tracker propose`` would draft from the documents the check found stating what the rules
    lack; nothing when it found none. Only those documents' facts are read (no alignment or check runs).
    ``settings``: the check's settings file (its rule base, and the findings it accepts, which are not
    proposed either)."""
    named = {f.doc for f in report.findings if f.kind in LACKING_KINDS and f.doc}
    docs = [d for d in documents if d.id in named]
    if not docs:
        return Drafts()
    try:
        config = CheckConfig.load(settings)
    except InputError:
        config = CheckConfig()
    params = parameters(config.params_dir)
    calendar = {d.year for d in documents if d.kind in config.calendar_kinds and d.year}
    drafted = plan(docs, params, config, lineage_of, calendar)
    return Drafts(
        [DraftedValue(p.param, p.start, p.unit, p.action, p.value, p.unchanged, p.confidence, list(p.citations))
         for p in drafted.proposals],
        [DisputedValue(c.param, c.start, [{"value": s.value, "where": s.where} for s in c.sides])
         for c in drafted.conflicts if c.kind == "documents"],
    )
