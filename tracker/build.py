"""The whole pipeline, incrementally: extract → align → lint → check → site.

Every stage is skipped when the content hashes of its inputs and the hash of its code are the
same as at its last successful run (kept in ``.cache/build/state.json``). Extraction is cached per
PDF (content hash + extractor version) inside :func:`tracker.extract.pipeline.extract_many`, so a
changed PDF re-extracts alone; alignment is cached per document pair.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.model import write_atomic

PACKAGE = Path(__file__).resolve().parent


def code_hash(*subpackages: str) -> str:
    """A hash of the code of the given stage packages (and the shared model)."""
    h = hashlib.sha256()
    files = [PACKAGE / "model.py", PACKAGE / "store.py"]
    for sub in subpackages:
        p = PACKAGE / sub
        files += sorted(p.rglob("*")) if p.is_dir() else [p]
    for f in files:
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(PACKAGE).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def files_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.as_posix().encode())
        h.update(p.read_bytes() if p.is_file() else b"<missing>")
    return h.hexdigest()[:16]


def tree_files(root: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in root.rglob(pattern) if p.is_file()) if root.exists() else []


@dataclass
class StageResult:
    name: str
    status: str  # ran | cached | failed
    seconds: float
    detail: str = ""


@dataclass
class BuildReport:
    stages: list[StageResult] = field(default_factory=list)
    extract_errors: list[str] = field(default_factory=list)  # one per PDF that failed
    errors: list[str] = field(default_factory=list)  # one per failed later stage
    check_failed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.extract_errors and not self.check_failed


class BuildState:
    """Per stage, the input key of its last run and, if it failed, why (so an unchanged failing
    stage is reported again without re-running it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def lookup(self, stage: str, key: str) -> dict[str, Any] | None:
        entry = self.data.get(stage)
        return entry if isinstance(entry, dict) and entry.get("key") == key else None

    def record(self, stage: str, key: str, failure: str | None = None) -> None:
        self.data[stage] = {"key": key, "failure": failure}
        self._save()

    def forget(self, stage: str) -> None:
        if self.data.pop(stage, None) is not None:
            self._save()

    def _save(self) -> None:
        write_atomic(self.path, json.dumps(self.data, indent=1, sort_keys=True) + "\n")


@dataclass
class BuildPaths:
    source_dir: Path = Path("source_pdfs")
    extracted_dir: Path = Path("extracted")
    site_dir: Path = Path("site")
    cache_dir: Path = Path(".cache")
    lineage_dir: Path = Path("lineages")
    rules_dir: Path = Path("rules")


class StageFailed(Exception):
    """A stage could not run; the message says which input is at fault."""


def run_build(
    paths: BuildPaths = BuildPaths(),
    *,
    site: bool = True,
    extract_fn: Callable[[list[Path], Path], Any] | None = None,
) -> BuildReport:
    """Run every stage; a stage whose inputs are unchanged is skipped, and a stage that fails
    is reported without stopping the stages that do not depend on it."""
    report = BuildReport()
    state = BuildState(paths.cache_dir / "build" / "state.json")

    def stage(name: str, key: str, run: Callable[[], str], *, reuse: bool = True,
              remember_failure: bool = False) -> bool:
        t = time.perf_counter()
        entry = state.lookup(name, key) if reuse else None
        if entry is not None and not entry["failure"]:
            report.stages.append(StageResult(name, "cached", time.perf_counter() - t))
            return True
        if entry is not None:
            failure = entry["failure"]  # same inputs, same code: the same failure, not re-run
        else:
            try:
                report.stages.append(StageResult(name, "ran", 0.0, run()))
                report.stages[-1].seconds = time.perf_counter() - t
                state.record(name, key)
                return True
            except Exception as exc:  # one stage's failure is reported, the build goes on
                failure = str(exc)
                if remember_failure:
                    state.record(name, key, failure)
                else:
                    state.forget(name)
        report.errors.append(f"{name}: {failure}")
        report.stages.append(StageResult(name, "failed", time.perf_counter() - t, failure.splitlines()[0]))
        return False

    # 1. extract: cached per PDF (content hash + extractor version) inside extract_many
    t = time.perf_counter()
    pdfs = sorted(paths.source_dir.glob("*.pdf"))
    if extract_fn is not None:
        ext = extract_fn(pdfs, paths.extracted_dir)
    else:
        from tracker.extract.pipeline import extract_many

        ext = extract_many(pdfs, paths.extracted_dir, cache_dir=paths.cache_dir)
    report.extract_errors = [r.error for r in ext.results if r.error]
    ran = sum(1 for r in ext.results if not r.cached and not r.error)
    report.stages.append(
        StageResult("extract", "failed" if ext.failed else ("ran" if ran else "cached"), time.perf_counter() - t,
                    f"{len(pdfs)} PDFs, {ran} extracted, {len(ext.failed)} failed")
    )
    docs_key = files_hash(tree_files(paths.extracted_dir, "*.json"))

    def lineage_key() -> str:
        return files_hash(tree_files(paths.lineage_dir))

    # 2. align + lineage registry, 3. lint
    def align() -> str:
        from tracker.align.lint import lint
        from tracker.align.pipeline import align_corpus
        from tracker.store import load_all

        docs = load_all(paths.extracted_dir)
        corpus = align_corpus(docs, cache_dir=paths.cache_dir / "align")
        findings = lint(docs)
        write_atomic(paths.cache_dir / "build" / "lint.json",
                     json.dumps([f.model_dump(mode="json") for f in findings], ensure_ascii=False, indent=1) + "\n")
        return f"{len(corpus.pairs)} document pairs, {len(findings)} lint findings"

    if stage("align", f"{docs_key}|{lineage_key()}|{code_hash('align')}", align) and report.stages[-1].status == "ran":
        # The registry may have gained lineages: key on its new content so a re-run is a no-op.
        state.record("align", f"{docs_key}|{lineage_key()}|{code_hash('align')}")

    # 4. check: fails the build when text and code disagree, but the site still shows why
    def check() -> str:
        from tracker.check import run_check

        result = run_check(paths.extracted_dir)
        if result.exit_code != 0:
            raise StageFailed(result.summary())
        return result.summary()

    rules_key = files_hash(tree_files(paths.rules_dir) + tree_files(PACKAGE / "rules"))
    check_key = f"{docs_key}|{lineage_key()}|{rules_key}|{code_hash('rules', 'check', 'align')}"
    report.check_failed = not stage("check", check_key, check, remember_failure=True)

    # 5. site
    if site:
        def build_site() -> str:
            from tracker.site import build_site as build

            build(paths.site_dir, paths.extracted_dir)
            return str(paths.site_dir)

        site_key = "|".join([check_key, files_hash(tree_files(Path("docs")) + [Path("mkdocs.yml")]),
                             code_hash("site"), str(paths.site_dir.resolve())])
        stage("site", site_key, build_site, reuse=(paths.site_dir / "index.html").exists())
    return report
