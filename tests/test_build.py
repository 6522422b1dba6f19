"""`tracker build` on a copy of the corpus: stages skip when nothing changed, re-run when it did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tracker.align.lint
import tracker.align.pipeline
import tracker.build
import tracker.check
import tracker.propose.drafts
from tests.project_copy import copy_project
from tracker.build import BuildPaths, run_build
from tracker.extract import pipeline

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _statuses(report) -> dict[str, str]:  # noqa: ANN001
    return {s.name: s.status for s in report.stages}


def test_noop_build_skips_every_stage(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run_build(BuildPaths())
    assert first.ok, first.errors
    assert _statuses(first) == {"extract": "cached", "align": "ran", "lint": "ran", "check": "ran", "propose": "ran",
                                "site": "ran"}
    assert (corpus / "site" / "index.html").exists()

    def no_work(*_a, **_k):
        raise AssertionError("a stage re-ran although nothing changed")

    monkeypatch.setattr(pipeline, "extract_pdf", no_work)
    monkeypatch.setattr(tracker.check, "run_check", no_work)
    second = run_build(BuildPaths())
    assert second.ok
    assert set(_statuses(second).values()) == {"cached"}


def test_changing_one_pdf_reextracts_only_that_pdf(corpus: Path) -> None:
    run_build(BuildPaths(), site=False)
    pdf = corpus / "source_pdfs" / "Endringslogg ISF-regelverk 2024.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% a new revision of the same document\n")
    report = run_build(BuildPaths(), site=False)
    assert report.ok, report.errors
    assert report.stages[0].detail.startswith("5 PDFs, 1 extracted")
    # The text is the same, so the check (which pins section text) still agrees.
    assert _statuses(report)["check"] == "ran"


def test_a_failing_check_fails_the_build_and_is_remembered(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = corpus / "extracted" / "isf-2025-grunnlagsdokument.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for section in doc["sections"]:
        if section["number"] == "3":
            section["text"] = section["text"].replace("30 prosent", "35 prosent")
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    first = run_build(BuildPaths(), site=False)
    assert not first.ok and first.check_failed
    assert _statuses(first)["check"] == "failed"

    def no_work(*_a, **_k):
        raise AssertionError("the check re-ran on unchanged inputs")

    monkeypatch.setattr(tracker.check, "run_check", no_work)
    again = run_build(BuildPaths(), site=False)
    assert again.check_failed and any(e.startswith("check:") for e in again.errors)


def _forbid_recomputing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_work(*_a, **_k):
        raise AssertionError("a stage recomputed what its artifact holds")

    for module, name in ((tracker.align.pipeline, "align_pairs"), (tracker.align.pipeline, "align_corpus"),
                         (tracker.align.pipeline, "align_pair"), (tracker.align.lint, "lint"),
                         (tracker.check, "run_check"), (tracker.propose.drafts, "plan"), (pipeline, "extract_pdf")):
        monkeypatch.setattr(module, name, no_work)


def test_each_artifact_is_written_once_and_read_by_the_next_stage(corpus: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[str] = []
    write = tracker.build.Artifact.write

    def counting(self, key, value):  # noqa: ANN001
        writes.append(self.path.name)
        write(self, key, value)

    monkeypatch.setattr(tracker.build.Artifact, "write", counting)
    loads: list[Path] = []
    load = tracker.build.Document.load
    monkeypatch.setattr(tracker.build.Document, "load", staticmethod(lambda p: loads.append(p) or load(p)))
    first = run_build(BuildPaths())
    assert first.ok, first.errors
    assert sorted(writes) == ["align.json", "check.json", "lint.json", "propose.json", "site.json"]
    # extracted/ is read once: the extraction's documents are handed on to every later stage.
    assert sorted(loads) == sorted(set(loads)) and len(loads) == len(list((corpus / "extracted").glob("*.json")))
    build = corpus / ".cache" / "build"
    assert not (build / "state.json").exists()
    # The artifacts are deterministic: a build from scratch writes the same bytes.
    before = {p.name: p.read_bytes() for p in build.glob("*.json")}
    for p in build.glob("*.json"):
        p.unlink()
    run_build(BuildPaths(), site=False)
    assert {p.name: p.read_bytes() for p in build.glob("*.json")} == {k: v for k, v in before.items()
                                                                       if k != "site.json"}

    # A change only the site sees: the site stage re-runs from the artifacts and recomputes nothing.
    writes.clear()
    _forbid_recomputing(monkeypatch)
    (corpus / "docs" / "om-isf.md").write_text("# Om ISF\n\nEndret.\n", encoding="utf-8")
    again = run_build(BuildPaths())
    assert again.ok, again.errors
    assert _statuses(again) == {"extract": "cached", "align": "cached", "lint": "cached", "check": "cached",
                                "propose": "cached", "site": "ran"}
    assert writes == ["site.json"]
    assert "Endret." in (corpus / "site" / "om-isf.html").read_text(encoding="utf-8")


def test_the_site_alone_builds_from_the_artifacts(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.site import build_site

    assert run_build(BuildPaths(), site=False).ok
    _forbid_recomputing(monkeypatch)
    out = build_site(corpus / "site-alone", corpus / "extracted")
    assert (out / "index.html").is_file()
    assert (out / "rapport.html").is_file()


def test_the_site_alone_runs_missing_stages_once(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.site import build_site

    calls: list[str] = []
    for module, name in ((tracker.align.pipeline, "align_pairs"), (tracker.align.lint, "lint"),
                         (tracker.check, "run_check"), (tracker.propose.drafts, "draft_values")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    registry = (corpus / "lineages" / "registry.yaml").read_bytes()
    build_site(corpus / "site-alone", corpus / "extracted")
    assert sorted(calls) == ["align_pairs", "draft_values", "lint", "run_check"]
    assert {p.name for p in (corpus / ".cache" / "build").glob("*.json")} == {"align.json", "lint.json", "check.json",
                                                                               "propose.json"}
    calls.clear()
    build_site(corpus / "site-again", corpus / "extracted")
    assert calls == []
    assert (corpus / "lineages" / "registry.yaml").read_bytes() == registry  # a site build never writes it
