"""Gather what the site is generated from: the build's artifacts (documents, alignments and lineages,
lint findings, check results, drafted values) and the rule base. Nothing here aligns, lints, checks
or drafts."""

from __future__ import annotations

from pathlib import Path

from tracker.build import SiteInputs, prepare_site_inputs
from tracker.errors import TrackerError
from tracker.paths import LINEAGE_DIR
from tracker.site.data import SiteBuildError, SiteData


def load_rules(data: SiteData) -> None:
    from tracker.rules import registry
    from tracker.rules.params import ParameterError

    try:
        data.parameters = [p for _, p in sorted(registry.parameters().items())]
        data.functions = [f for _, f in sorted(registry.functions().items())]
    except ParameterError as exc:
        raise SiteBuildError(str(exc)) from exc


def site_data(inputs: SiteInputs, repo_root: Path) -> SiteData:
    """The site's data from the stages' results."""
    data = SiteData(documents=inputs.documents, repo_root=repo_root)
    load_rules(data)
    data.alignment = inputs.alignment.corpus
    data.registry = inputs.alignment.registry
    data.lint = list(inputs.lint)
    data.check = inputs.check
    data.drafts = inputs.drafts
    by_id = {d.id: d for d in data.documents}
    data.doc_pairs = [(by_id[a.old_id], by_id[a.new_id], a.pairs) for a in data.alignment.alignments
                      if a.old_id in by_id and a.new_id in by_id]
    return data


def load_site_data(extracted_dir: Path, repo_root: Path, cache_dir: Path | None = None) -> SiteData:
    """The site's data for a build of the site alone: the artifacts that are current, the missing stages
    run once (see :func:`tracker.build.prepare_site_inputs`); the lineage registry is ``repo_root``'s."""
    try:
        inputs = prepare_site_inputs(Path(extracted_dir), cache_dir=cache_dir, lineage_dir=repo_root / LINEAGE_DIR)
    except TrackerError as exc:  # a stage failed, or extracted/ is unreadable
        raise SiteBuildError(str(exc)) from exc
    return site_data(inputs, repo_root)
