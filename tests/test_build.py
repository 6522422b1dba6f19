"""`tracker build` on a copy of the corpus: stages skip when nothing changed, re-run when it did."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import tracker.check
from tracker.build import BuildPaths, run_build
from tracker.extract import pipeline

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("source_pdfs", "extracted", "lineages", "rules", "docs"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "tracker").symlink_to(REPO / "tracker")  # mkdocs.yml names the site's hook and theme there
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _statuses(report) -> dict[str, str]:  # noqa: ANN001
    return {s.name: s.status for s in report.stages}


def test_noop_build_skips_every_stage(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run_build(BuildPaths())
    assert first.ok, first.errors
    assert _statuses(first) == {"extract": "cached", "align": "ran", "check": "ran", "site": "ran"}
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
