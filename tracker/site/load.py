"""Gather everything the site is generated from: documents, alignments, lineages, rules, check."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from tracker.model import Document
from tracker.site.data import SiteBuildError, SiteData
from tracker.store import extracted_paths, rel


def load_documents(extracted_dir: Path) -> list[Document]:
    """Every extracted document, ordered by (year, kind, id); a bad file is an error naming it."""
    if not Path(extracted_dir).is_dir():
        raise SiteBuildError(f"{rel(extracted_dir)}: no such directory (run `tracker extract` first)")
    paths = extracted_paths(extracted_dir)
    if not paths:
        raise SiteBuildError(f"{rel(extracted_dir)}: no extracted documents (*.json) to build the site from")
    docs = []
    for path in paths:
        try:
            docs.append(Document.load(path))
        except (ValidationError, ValueError, OSError) as exc:
            first = str(exc).splitlines()[0]
            raise SiteBuildError(f"{rel(path)}: not a valid extracted document ({first})") from exc
    ids = [d.id for d in docs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SiteBuildError(f"{rel(extracted_dir)}: several files hold document {', '.join(dupes)}")
    return sorted(docs, key=lambda d: (d.year or 0, d.kind, d.id))


def load_rules(data: SiteData) -> None:
    from tracker.rules import registry
    from tracker.rules.params import ParameterError

    try:
        data.parameters = [p for _, p in sorted(registry.parameters().items())]
        data.functions = [f for _, f in sorted(registry.functions().items())]
    except ParameterError as exc:
        raise SiteBuildError(str(exc)) from exc


def load_alignment(data: SiteData) -> None:
    """Align consecutive same-kind documents and put every section in a lineage.

    The committed registry (lineages/registry.yaml) is read, never written: the site keeps its
    ids and adds, in memory only, the sections it does not know yet.
    """
    from tracker.align.lineage import Registry, RegistryError
    from tracker.align.pipeline import align_corpus

    registry_path = data.repo_root / "lineages" / "registry.yaml"
    overrides_path = data.repo_root / "lineages" / "overrides.yaml"
    try:
        alignment = align_corpus(data.documents, registry_path, overrides_path, save=False)
        registry = Registry.load(registry_path, overrides_path)
    except (RegistryError, ValueError) as exc:
        raise SiteBuildError(str(exc)) from exc
    registry.update(data.documents, alignment)
    by_id = {d.id: d for d in data.documents}
    data.alignment = alignment
    data.registry = registry
    data.doc_pairs = [(by_id[a.old_id], by_id[a.new_id], a.pairs) for a in alignment.alignments
                      if a.old_id in by_id and a.new_id in by_id]


def load_check(data: SiteData, extracted_dir: Path) -> None:
    from tracker.check import CheckInputError, ConfigError, run_check

    try:
        data.check = run_check(extracted_dir)
    except (CheckInputError, ConfigError) as exc:
        raise SiteBuildError(f"tracker check cannot run: {exc}") from exc


def load_lint(data: SiteData) -> None:
    from tracker.align.lint import lint

    data.lint = list(lint(data.documents))


def load_site_data(extracted_dir: Path, repo_root: Path) -> SiteData:
    data = SiteData(documents=load_documents(extracted_dir), repo_root=repo_root)
    load_rules(data)
    load_alignment(data)
    load_lint(data)
    load_check(data, extracted_dir)
    return data
