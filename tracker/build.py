"""The whole pipeline, as a chain of artifacts: extract → align → lint → check → propose → site.

Every stage writes its result once, as one artifact in the build folder (``.cache/build/``), and
the next stage reads it:

==============  ======================================================  ===============================
stage           artifact                                                key (content hashes)
==============  ======================================================  ===============================
extract         ``extracted/<id>.json`` (one per PDF, cached per PDF)    PDF + extractor version
align           ``align.json``: the alignment of every document pair     documents, lineages/, align code
                and the lineage registry it leads to
lint            ``lint.json``: the editors' consistency findings         documents, align code
check           ``check.json``: the check's findings and coverage        documents, align key, rule base,
                                                                         settings, rules/check/align code
propose         ``propose.json``: the values the documents state and     check key, propose code
                the rules lack (what ``tracker propose`` would draft)
site            the site folder; ``site.json`` records its key           the four keys above, docs/,
                                                                         mkdocs.yml, site code, out dir
==============  ======================================================  ===============================

A stage whose key is the one stored in its artifact is skipped (a no-op build reads only the first
line of each artifact). The site renders the artifacts and recomputes nothing. ``extracted/`` is
loaded once per build: the documents the extraction returns are handed on to every stage.
Artifacts are deterministic: the same inputs give byte-identical files.

Nothing is left half-done: one build runs at a time (``.cache/build.lock``); every file is written
under a temporary name of its own and renamed; the site is swapped in whole and taken as current only
while its folder still holds what was written; and a PDF removed from ``source_pdfs/`` takes its
extracted document, its pages and its place in the lineage registry with it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker import hashing
from tracker import paths as default
from tracker.errors import InputError, TrackerError
from tracker.hashing import files_hash, tree_files
from tracker.model import Document, write_atomic
from tracker.paths import rel
from tracker.store import extracted_paths, load_all

if TYPE_CHECKING:
    from tracker.align.lineage import Registry
    from tracker.align.lint import LintFinding
    from tracker.align.pipeline import CorpusAlignment
    from tracker.check.report import CheckReport
    from tracker.extract.pipeline import ExtractReport, ExtractResult
    from tracker.propose.drafts import Drafts

PACKAGE = default.PACKAGE_DIR


def code_hash(*subpackages: str) -> str:
    """A hash of the code of the given stage packages (and the shared model)."""
    return hashing.code_hash("model.py", "store.py", *subpackages)


@dataclass
class StageResult:
    name: str
    status: str  # ran | cached | failed
    seconds: float
    detail: str = ""


@dataclass
class BuildReport:
    stages: list[StageResult] = field(default_factory=list)
    extract: ExtractReport | None = None  # what the extraction did, per PDF
    extract_errors: list[str] = field(default_factory=list)  # one per PDF that failed
    errors: list[str] = field(default_factory=list)  # one per failed later stage
    removed: list[Path] = field(default_factory=list)  # extracted documents whose PDF is gone, deleted
    check_failed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.extract_errors and not self.check_failed


@dataclass
class BuildPaths:
    source_dir: Path = default.SOURCE_DIR
    extracted_dir: Path = default.EXTRACTED_DIR
    site_dir: Path = default.SITE_DIR
    cache_dir: Path = default.CACHE_DIR
    lineage_dir: Path = default.LINEAGE_DIR
    checks_dir: Path = default.CHECKS_DIR

    @property
    def build_dir(self) -> Path:
        """Where the stages' artifacts are kept."""
        return self.cache_dir / "build"


class StageFailed(TrackerError):
    """A stage could not run; the message says which input is at fault."""


class BuildLocked(InputError):
    """Another ``tracker build`` is running on the same cache folder."""


@contextlib.contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """Hold ``<cache_dir>/build.lock`` while the block runs; a second build raises :class:`BuildLocked`
    at once instead of waiting. The lock is an ``flock`` on the open file, which the OS drops when the
    process ends however it ends, so a killed build never leaves a stale lock; the file only tells a
    second build whose lock it is (the pid written into it)."""
    path = cache_dir / "build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise BuildLocked(f"another tracker build is running (pid {holder}, {rel(path)})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_stale_extractions(extracted_dir: Path, source_dir: Path, current: set[Path]) -> list[Path]:
    """Delete the documents of ``extracted_dir`` whose PDF is gone from ``source_dir``; ``current``: the
    outputs of this build's extraction, never touched. Only files the extraction wrote go: a document
    whose ``source.path`` lies in ``source_dir``. One made from a PDF elsewhere, or a file that is not a
    document, stays. Returns the files deleted."""
    source_root = source_dir.resolve()
    keep = {p.resolve() for p in current}
    removed = []
    for path in extracted_paths(extracted_dir):
        if path.resolve() in keep:
            continue  # only the rest is read: a build that removed nothing reads nothing more
        try:
            source = Path(json.loads(path.read_text(encoding="utf-8"))["source"]["path"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        # source.path is as `rel` wrote it: relative to the working directory, or absolute.
        pdf = source.resolve()
        if pdf.is_relative_to(source_root) and not pdf.exists():
            path.unlink()
            removed.append(path)
    return removed


# -- extraction ---------------------------------------------------------------------------------------


@dataclass
class ExtractProgress:
    """Callbacks a front end passes to follow the extraction (all optional)."""

    on_start: Callable[[Path], None] | None = None  # a PDF is about to be extracted
    on_page: Callable[[int, int], None] | None = None  # (pages done, pages in the PDF)
    on_done: Callable[[ExtractResult], None] | None = None  # a PDF is done (extracted, cached or failed)


def extract_documents(pdfs: list[Path], out_dir: Path, *, cache_dir: Path = default.CACHE_DIR,
                      progress: ExtractProgress | None = None) -> ExtractReport:
    """Extract ``pdfs`` into ``out_dir`` with the overrides of each PDF folder's ``manifest.yaml``.

    Raises :class:`tracker.extract.classify.ManifestError` for an unreadable manifest.
    """
    from tracker.extract.classify import load_manifest
    from tracker.extract.pipeline import extract_many

    manifest: dict[str, dict] = {}
    for d in sorted({p.parent for p in pdfs}):
        manifest.update(load_manifest(d))
    progress = progress or ExtractProgress()
    return extract_many(pdfs, out_dir, manifest=manifest, cache_dir=cache_dir, on_start=progress.on_start,
                        on_page=progress.on_page, on_done=progress.on_done)


# -- artifacts ----------------------------------------------------------------------------------------

_KEY_LINE = re.compile(r'^\{"key": ("[^"\\]*"),$')


class Artifact:
    """One stage's result in the build folder: ``{"key": …, "value": …}``, the key on the first line
    so that checking it reads one line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def key(self) -> str | None:
        try:
            with self.path.open(encoding="utf-8") as fh:
                m = _KEY_LINE.match(fh.readline().rstrip("\n"))
        except OSError:
            return None
        return json.loads(m.group(1)) if m else None

    def read(self, key: str) -> Any:
        """The stored value if it was made from inputs with this key, else None."""
        if self.key() != key:
            return None
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))["value"]
        except (OSError, ValueError, KeyError):
            return None

    def write(self, key: str, value: Any) -> None:
        if '"' in key or "\\" in key:
            raise ValueError(f"artifact key {key!r}: no quotes or backslashes")
        body = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
        text = '{"key": ' + json.dumps(key) + ',\n"value": ' + body + "}\n"
        write_atomic(self.path, text)


@dataclass
class Alignment:
    """The align stage's artifact: every document pair's alignment and the lineage registry."""

    corpus: CorpusAlignment
    registry: Registry


@dataclass
class SiteInputs:
    """Everything the site renders, as the stages left it."""

    documents: list[Document]
    alignment: Alignment
    lint: list[LintFinding]
    check: CheckReport
    drafts: Drafts


class Pipeline:
    """The align, lint and check stages over one set of documents, each reusing its artifact when its
    key is unchanged. The documents are loaded (once) only when a stage has to run."""

    def __init__(self, paths: BuildPaths, documents: Callable[[], list[Document]], docs_key: str,
                 report: BuildReport, *, save_registry: bool = True) -> None:
        self.paths = paths
        self._load_documents = documents
        self._documents: list[Document] | None = None
        self.docs_key = docs_key
        self.report = report
        self.save_registry = save_registry
        self.keys: dict[str, str] = {}
        self.values: dict[str, Any] = {}  # stage → its result, made or read in this build

    # -- inputs
    def documents(self) -> list[Document]:
        if self._documents is None:
            self._documents = self._load_documents()
        return self._documents

    def artifact(self, stage: str) -> Artifact:
        return Artifact(self.paths.build_dir / f"{stage}.json")

    @property
    def registry_path(self) -> Path:
        return self.paths.lineage_dir / "registry.yaml"

    @property
    def overrides_path(self) -> Path:
        return self.paths.lineage_dir / "overrides.yaml"

    def _align_key(self, *, unsaved: bool = False) -> str:
        lineages = files_hash(tree_files(self.paths.lineage_dir), self.paths.lineage_dir)
        key = f"{self.docs_key}|{lineages}|{code_hash('align')}"
        return key + ("|unsaved" if unsaved else "")

    # -- running a stage
    def _stage(self, name: str, key: str, run: Callable[[], tuple[Any, str]], *,
               failure: Callable[[Any], str | None] | None = None) -> bool:
        """Reuse the artifact of ``name`` when its key is ``key``, else run it. A result that is a
        failure (``failure`` says why) is kept too, so unchanged inputs report it without re-running."""
        t = time.perf_counter()
        self.keys[name] = key
        artifact = self.artifact(name)
        if artifact.key() == key:
            status, detail = "cached", ""
        else:
            try:
                value, detail = run()
            except Exception as exc:  # one stage's failure is reported, the build goes on
                self._failed(name, str(exc), t)
                return False
            status = "ran"
            self.values[name] = value
        why = failure(self.value(name)) if failure is not None else None
        if why:
            self._failed(name, why, t)
            return False
        self.report.stages.append(StageResult(name, status, time.perf_counter() - t, detail))
        return True

    def _failed(self, name: str, why: str, started: float) -> None:
        self.report.errors.append(f"{name}: {why}")
        self.report.stages.append(StageResult(name, "failed", time.perf_counter() - started, why.splitlines()[0]))

    def value(self, stage: str) -> Any:
        """The result of a stage of this build: made now, or read back from its artifact."""
        if stage not in self.values:
            raw = self.artifact(stage).read(self.keys[stage]) if stage in self.keys else None
            if raw is None:
                raise StageFailed(f"no {stage} results (the {stage} stage did not succeed)")
            self.values[stage] = _DECODE[stage](self, raw)
        return self.values[stage]

    # -- the stages
    def align(self) -> bool:
        def run() -> tuple[Alignment, str]:
            from tracker.align.lineage import Registry
            from tracker.align.pipeline import align_pairs

            docs = self.documents()
            corpus = align_pairs(docs, self.overrides_path, cache_dir=self.paths.cache_dir / "align")
            registry = Registry.load(self.registry_path, self.overrides_path)
            registry.update(docs, corpus)
            current = self.registry_path.read_text(encoding="utf-8") if self.registry_path.is_file() else None
            unsaved = False
            if registry.to_yaml() != current:
                if self.save_registry:
                    registry.save()
                else:
                    unsaved = True  # a later build must still write the registry: the key says so
            # The registry may have gained lineages: key on its new content so a re-run is a no-op.
            key = self.keys["align"] = self._align_key(unsaved=unsaved)
            value = Alignment(corpus, registry)
            self.artifact("align").write(key, {"alignment": corpus.model_dump(mode="json"),
                                               "registry": registry.data.model_dump(mode="json")})
            return value, f"{len(corpus.alignments)} document pairs"

        key = self._align_key()
        if self.artifact("align").key() == self._align_key(unsaved=True) and not self.save_registry:
            key = self._align_key(unsaved=True)  # an in-memory registry is good enough for the site
        return self._stage("align", key, run)

    def lint(self) -> bool:
        def run() -> tuple[list[LintFinding], str]:
            from tracker.align.lint import lint

            findings = lint(self.documents())
            self.artifact("lint").write(self.keys["lint"], [f.model_dump(mode="json") for f in findings])
            return findings, f"{len(findings)} lint findings"

        return self._stage("lint", f"{self.docs_key}|{code_hash('align')}", run)

    def check(self) -> bool:
        """The check: a report that disagrees fails the stage (and the build), but is kept so the
        site can show why."""
        def run() -> tuple[CheckReport, str]:
            from tracker.check import run_check

            config = self.paths.checks_dir / default.CHECK_SETTINGS_PATH.name
            result = run_check(self.paths.extracted_dir, config=config, documents=self.documents(),
                               lineage_registry=self.value("align").registry)
            self.artifact("check").write(self.keys["check"], result.to_dict())
            return result, result.summary()

        if "align" not in self.keys or not self._succeeded("align"):
            self._failed("check", "no align results (the align stage did not succeed)", time.perf_counter())
            return False
        rules_key = files_hash(tree_files(self.paths.checks_dir) + tree_files(PACKAGE / "rules"))
        key = f"{self.docs_key}|{self.keys['align']}|{rules_key}|{code_hash('rules', 'check', 'align')}"
        return self._stage("check", key, run,
                           failure=lambda report: None if report.exit_code == 0 else report.summary())

    def propose(self) -> bool:
        """The values the documents state and the rules lack, drafted once from the check's findings for
        the site's year pages (nothing is written to the rules)."""
        def run() -> tuple[Drafts, str]:
            from tracker.propose.drafts import draft_values

            drafts = draft_values(self.value("check"), self.documents(),
                                  self.paths.checks_dir / default.CHECK_SETTINGS_PATH.name,
                                  self.value("align").registry.lineage_of)
            self.artifact("propose").write(self.keys["propose"], drafts.to_dict())
            return drafts, drafts.summary()

        if "check" not in self.keys or self.artifact("check").key() != self.keys["check"]:
            self._failed("propose", "no check results (the check stage did not run)", time.perf_counter())
            return False
        return self._stage("propose", f"{self.keys['check']}|{code_hash('propose')}", run)

    def _succeeded(self, stage: str) -> bool:
        return any(s.name == stage and s.status != "failed" for s in self.report.stages)

    def site_inputs(self) -> SiteInputs:
        """What the site renders; :class:`StageFailed` when a stage it needs did not succeed."""
        return SiteInputs(self.documents(), self.value("align"), self.value("lint"), self.value("check"),
                          self.value("propose"))


def _decode_align(pipeline: Pipeline, raw: dict[str, Any]) -> Alignment:
    from tracker.align.lineage import Registry
    from tracker.align.pipeline import CorpusAlignment

    corpus = CorpusAlignment.model_validate(raw["alignment"])
    registry = Registry.from_data(raw["registry"], pipeline.registry_path, pipeline.overrides_path)
    return Alignment(corpus, registry)


def _decode_lint(_pipeline: Pipeline, raw: list[dict[str, Any]]) -> list[LintFinding]:
    from tracker.align.lint import LintFinding

    return [LintFinding.model_validate(f) for f in raw]


def _decode_check(_pipeline: Pipeline, raw: dict[str, Any]) -> CheckReport:
    from tracker.check.report import CheckReport

    return CheckReport.from_dict(raw)


def _decode_propose(_pipeline: Pipeline, raw: dict[str, Any]) -> Drafts:
    from tracker.propose.drafts import Drafts

    return Drafts.from_dict(raw)


_DECODE: dict[str, Callable[[Pipeline, Any], Any]] = {"align": _decode_align, "lint": _decode_lint,
                                                      "check": _decode_check, "propose": _decode_propose}


def _docs_key(extracted_dir: Path) -> str:
    return files_hash(tree_files(extracted_dir, "*.json"), extracted_dir)


def prepare_site_inputs(extracted_dir: Path, *, cache_dir: Path | None = None,
                        lineage_dir: Path = PACKAGE.parent / default.LINEAGE_DIR,
                        checks_dir: Path = default.CHECKS_DIR,
                        ) -> SiteInputs:
    """The site's inputs without a whole build (``tracker site build``, ``mkdocs build``): the artifacts
    of align, lint and check where they are current, the missing stages run once. The lineage registry
    is not written (a build does that). ``cache_dir`` defaults to ``.cache`` beside ``extracted_dir``.

    Raises :class:`StageFailed` (or :class:`tracker.store.CorpusError`) naming what is wrong.
    """
    extracted_dir = Path(extracted_dir)
    docs = load_all(extracted_dir)  # checked first: a bad file is named even when artifacts exist
    paths = BuildPaths(extracted_dir=extracted_dir, lineage_dir=lineage_dir, checks_dir=checks_dir,
                       cache_dir=cache_dir if cache_dir is not None else extracted_dir.resolve().parent / ".cache")
    report = BuildReport()
    pipeline = Pipeline(paths, lambda: docs, _docs_key(extracted_dir), report, save_registry=False)
    pipeline.align()
    pipeline.lint()
    pipeline.check()  # a check that disagrees is shown by the site, not an error here
    pipeline.propose()
    try:
        return pipeline.site_inputs()
    except StageFailed as exc:
        raise StageFailed("; ".join(report.errors) or str(exc)) from exc


def run_build(
    paths: BuildPaths = BuildPaths(),
    *,
    site: bool = True,
    progress: ExtractProgress | None = None,
) -> BuildReport:
    """Run every stage; a stage whose inputs are unchanged is skipped, and a stage that fails
    is reported without stopping the stages that do not depend on it. Raises
    :class:`tracker.extract.classify.ManifestError` for an unreadable manifest, :class:`BuildLocked`
    when another build is running."""
    with build_lock(paths.cache_dir):
        return _run_stages(paths, site=site, progress=progress)


def _run_stages(paths: BuildPaths, *, site: bool, progress: ExtractProgress | None) -> BuildReport:
    report = BuildReport()

    # 1. extract: cached per PDF (content hash + extractor version) inside extract_many
    t = time.perf_counter()
    pdfs = default.pdf_files(paths.source_dir)  # the same PDFs `tracker extract` takes (*.PDF too)
    ext = report.extract = extract_documents(pdfs, paths.extracted_dir, cache_dir=paths.cache_dir, progress=progress)
    report.extract_errors = [r.error for r in ext.results if r.error]
    ran = sum(1 for r in ext.results if not r.cached and not r.error)
    # A PDF taken out of source_pdfs/ takes its document with it; the later stages then drop it too
    # (the documents' key changes: the registry loses its members, the site its pages).
    removed = report.removed = remove_stale_extractions(
        paths.extracted_dir, paths.source_dir, {r.output for r in ext.results if r.output is not None})
    report.stages.append(
        StageResult("extract", "failed" if ext.failed else ("ran" if ran or removed else "cached"),
                    time.perf_counter() - t, f"{len(pdfs)} PDFs, {ran} extracted, {len(ext.failed)} failed"
                    + (f", {len(removed)} removed ({', '.join(rel(p) for p in removed)})" if removed else ""))
    )
    # The documents the extraction returned are handed on; only other files of extracted/ are read.
    extracted = {r.output: r.document for r in ext.results if r.output is not None and r.document is not None}
    pipeline = Pipeline(paths, lambda: load_all(paths.extracted_dir, extracted),
                        _docs_key(paths.extracted_dir), report)

    # 2. align + lineage registry, 3. lint, 4. check (fails the build when text and code disagree,
    # but the site still shows why)
    pipeline.align()
    pipeline.lint()
    report.check_failed = not pipeline.check()
    # 5. propose: what the documents state and the rules lack, for the year pages
    pipeline.propose()

    # 6. site: renders the artifacts
    if site:
        _site_stage(pipeline, paths)
    return report


def _site_stage(pipeline: Pipeline, paths: BuildPaths) -> None:
    t = time.perf_counter()
    needed = [s for s in ("align", "lint", "check", "propose") if s not in pipeline.keys]
    key = "|".join([pipeline.keys.get("align", ""), pipeline.keys.get("lint", ""), pipeline.keys.get("check", ""),
                    pipeline.keys.get("propose", ""),
                    files_hash(tree_files(default.DOCS_DIR) + [default.MKDOCS_CONFIG]), code_hash("site"),
                    str(paths.site_dir.resolve())])
    artifact = pipeline.artifact("site")
    from tracker.site.build import site_fingerprint

    # Current only if the folder still holds what the build that wrote the stamp swapped in: a folder
    # removed, emptied or half-deleted since is built again.
    stamp = artifact.read(key) if not needed else None
    if stamp is not None and stamp.get("folder") == site_fingerprint(paths.site_dir):
        pipeline.report.stages.append(StageResult("site", "cached", time.perf_counter() - t))
        return
    try:
        from tracker.site import build_site

        build_site(paths.site_dir, inputs=pipeline.site_inputs())
    except Exception as exc:  # noqa: BLE001 - reported like any stage's failure
        pipeline._failed("site", str(exc), t)
        return
    # The stamp last: a build killed before this line leaves a stamp that does not match the folder.
    artifact.write(key, {"site_dir": str(paths.site_dir), "folder": site_fingerprint(paths.site_dir)})
    pipeline.report.stages.append(StageResult("site", "ran", time.perf_counter() - t, str(paths.site_dir)))
