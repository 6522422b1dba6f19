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
    errors: list[str] = field(default_factory=list)
    check_failed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.check_failed


class BuildState:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def fresh(self, stage: str, key: str) -> bool:
        return self.data.get(stage) == key

    def record(self, stage: str, key: str) -> None:
        self.data[stage] = key
        write_atomic(self.path, json.dumps(self.data, indent=1, sort_keys=True) + "\n")

    def forget(self, stage: str) -> None:
        if self.data.pop(stage, None) is not None:
            write_atomic(self.path, json.dumps(self.data, indent=1, sort_keys=True) + "\n")


@dataclass
class BuildPaths:
    source_dir: Path = Path("source_pdfs")
    extracted_dir: Path = Path("extracted")
    site_dir: Path = Path("site")
    cache_dir: Path = Path(".cache")
    lineage_dir: Path = Path("lineages")
    rules_dir: Path = Path("rules")


Log = Callable[[str], None]


def run_build(
    paths: BuildPaths = BuildPaths(),
    *,
    site: bool = True,
    extract_fn: Callable[[list[Path], Path], Any] | None = None,
    log: Log = print,
) -> BuildReport:
    """Run every stage; a stage whose inputs are unchanged is skipped."""
    from tracker.extract.pipeline import extract_many

    report = BuildReport()
    state = BuildState(paths.cache_dir / "build" / "state.json")

    # 1. extract (cached per PDF by content hash inside extract_many)
    t = time.perf_counter()
    pdfs = sorted(paths.source_dir.glob("*.pdf"))
    if extract_fn is not None:
        ext = extract_fn(pdfs, paths.extracted_dir)
    else:
        ext = extract_many(pdfs, paths.extracted_dir, cache_dir=paths.cache_dir)
    report.errors += [r.error for r in ext.results if r.error]
    ran = sum(1 for r in ext.results if not r.cached and not r.error)
    report.stages.append(
        StageResult("extract", "ran" if ran else "cached", time.perf_counter() - t,
                    f"{len(pdfs)} PDFs, {ran} extracted, {len(ext.failed)} failed")
    )

    extracted = tree_files(paths.extracted_dir, "*.json")
    docs_key = files_hash(extracted)

    # 2. align + lineage registry (+ 3. lint): inputs are the documents, the registry and overrides
    t = time.perf_counter()
    align_key = "|".join([docs_key, files_hash(tree_files(paths.lineage_dir)), code_hash("align")])
    if state.fresh("align", align_key):
        report.stages.append(StageResult("align", "cached", time.perf_counter() - t))
    else:
        from tracker.align.lint import lint
        from tracker.align.pipeline import align_corpus
        from tracker.store import load_all

        docs = load_all(paths.extracted_dir)
        corpus = align_corpus(docs, cache_dir=paths.cache_dir / "align")
        findings = lint(docs)
        lint_path = paths.cache_dir / "build" / "lint.json"
        write_atomic(lint_path, json.dumps([f.model_dump(mode="json") if hasattr(f, "model_dump") else f.__dict__
                                             for f in findings], ensure_ascii=False, indent=1) + "\n")
        # The registry may have gained lineages; hash after the update so a re-run is a no-op.
        align_key = "|".join([docs_key, files_hash(tree_files(paths.lineage_dir)), code_hash("align")])
        state.record("align", align_key)
        report.stages.append(StageResult("align", "ran", time.perf_counter() - t,
                                         f"{len(corpus.pairs)} document pairs, {len(findings)} lint findings"))

    # 4. check
    t = time.perf_counter()
    check_key = "|".join([docs_key, files_hash(tree_files(paths.lineage_dir)), files_hash(tree_files(paths.rules_dir)),
                          code_hash("rules", "check", "align")])
    if state.fresh("check", check_key):
        report.stages.append(StageResult("check", "cached", time.perf_counter() - t, "passed"))
    else:
        from tracker.check import run_check

        check = run_check(paths.extracted_dir)
        failed = check.exit_code != 0
        report.check_failed = failed
        if failed:
            state.forget("check")
        else:
            state.record("check", check_key)
        report.stages.append(StageResult("check", "failed" if failed else "ran", time.perf_counter() - t,
                                         check.summary()))

    # 5. site
    if site:
        t = time.perf_counter()
        site_key = "|".join([check_key, files_hash(tree_files(Path("docs"))), files_hash([Path("mkdocs.yml")]),
                             code_hash("site"), str(paths.site_dir.resolve())])
        if state.fresh("site", site_key) and (paths.site_dir / "index.html").exists():
            report.stages.append(StageResult("site", "cached", time.perf_counter() - t))
        else:
            from tracker.site import build_site

            build_site(paths.site_dir, paths.extracted_dir)
            state.record("site", site_key)
            report.stages.append(StageResult("site", "ran", time.perf_counter() - t, str(paths.site_dir)))
    return report
