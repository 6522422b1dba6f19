"""Check status (ok, suspect, diverged) per citation and per rule, from `tracker check`'s findings.

A finding of category "divergence" means the code disagrees with the text (diverged); "drift"
means the text moved and a person should look (suspect); a citation without findings is ok.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

RANK = {"ok": 0, "unknown": 1, "suspect": 2, "diverged": 3}


def finding_status(finding: Any) -> str:
    return "diverged" if getattr(finding, "category", "") == "divergence" else "suspect"


def worse(a: str, b: str) -> str:
    return a if RANK.get(a, 1) >= RANK.get(b, 1) else b


def citation_statuses(report: Any, parameters: Iterable[Any], functions: Iterable[Any]) -> dict[str, str]:
    """Citation key → status; also owner name → status of the owner's worst finding.

    Findings that name no citation are attributed to the parameter or function whose source
    file and line they point at. Without a check report everything is "unknown".
    """
    params, funcs = list(parameters), list(functions)
    keys = [c.key for p in params for c in p.citations] + [c.key for f in funcs for c in f.citations]
    if report is None:
        return dict.fromkeys(keys, "unknown")
    statuses = dict.fromkeys(keys, "ok")
    owner_of: dict[str, str] = {}
    for p in params:
        for c in p.citations:
            owner_of[c.key] = p.name
    for f in funcs:
        for c in f.citations:
            owner_of[c.key] = f.name
    by_location: dict[tuple[str, int], str] = {}
    for p in params:
        by_location[(p.source_file, p.line)] = p.name
        for v in p.values:
            by_location[(p.source_file, v.line)] = p.name
    for f in funcs:
        by_location[(f.source_file, f.line)] = f.name
    owners: dict[str, str] = {}
    for finding in getattr(report, "findings", []):
        status = finding_status(finding)
        key = getattr(finding, "citation", None)
        if key and key in statuses:
            statuses[key] = worse(statuses[key], status)
            owner = owner_of.get(key)
        else:
            owner = by_location.get((getattr(finding, "code_file", None) or "", getattr(finding, "code_line", 0) or 0))
        if owner:
            owners[owner] = worse(owners.get(owner, "ok"), status)
    for key, owner in owner_of.items():
        owners[owner] = worse(owners.get(owner, "ok"), statuses[key])
    return {**statuses, **{f"owner:{name}": s for name, s in owners.items()}}


def owner_status(statuses: dict[str, str], name: str, citation_keys: Iterable[str]) -> str:
    status = statuses.get(f"owner:{name}")
    if status is not None:
        return status
    found = "unknown"
    for key in citation_keys:
        found = worse(found, statuses.get(key, "unknown")) if found != "unknown" else statuses.get(key, "unknown")
    return found
