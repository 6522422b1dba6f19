"""`tracker extract` as a batch: bad input, atomic output, caching, determinism, schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from tests import pdfgen
from tracker.cli import app
from tracker.extract import pipeline
from tracker.extract.pipeline import extract_many
from tracker.model import Document
from tracker.paths import EXTRACTED_DIR

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "document.schema.json"


def _good(tmp: Path, name: str = "Grunnlagsdokument ISF 2030.pdf") -> Path:
    return pdfgen.report(tmp / name, [[("h1", "1 Innledning"), ("p", "ISF-andelen er 30 prosent i 2030.")]])


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    text = tmp / "notat.pdf"
    text.write_text("dette er ikke en PDF\n", encoding="utf-8")
    good = _good(tmp, "kilde.pdf")
    truncated = tmp / "avkortet.pdf"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 3])
    good.unlink()
    empty = tmp / "tom.pdf"
    empty.write_bytes(b"")
    return {
        "not a PDF": text,
        "corrupt or truncated": truncated,
        "encrypted": pdfgen.encrypted(tmp / "kryptert.pdf"),
        "no pages": pdfgen.no_pages(tmp / "ingen-sider.pdf"),
        "empty file": empty,
    }


def test_bad_inputs_get_one_clear_error_each_and_the_rest_is_extracted(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    bad = _bad_inputs(src)
    good = _good(src)
    out = tmp_path / "out"
    report = extract_many([*bad.values(), good], out)
    errors = {r.path.name: r.error for r in report.results if r.error}
    assert set(errors) == {p.name for p in bad.values()}
    for problem, path in bad.items():
        assert path.name in errors[path.name] and problem in errors[path.name], errors[path.name]
    # The good file is extracted; nothing half-written is left behind.
    assert sorted(p.name for p in out.iterdir()) == ["isf-2030-grunnlagsdokument.json"]


def test_cli_exit_code_and_error_lines(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    bad = _bad_inputs(src)
    _good(src)
    result = CliRunner().invoke(app, ["extract", str(src), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    error_lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(error_lines) == len(bad)
    assert (tmp_path / "out" / "isf-2030-grunnlagsdokument.json").exists()


def test_huge_pdf_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_PAGES", 1)
    two = pdfgen.report(tmp_path / "stor.pdf", [[("p", "en")], [("p", "to")]])
    report = extract_many([two], tmp_path / "out")
    assert "over the limit" in (report.results[0].error or "")


def test_rerun_on_unchanged_pdfs_does_no_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = _good(tmp_path)
    out = tmp_path / "out"
    first = extract_many([pdf], out)
    assert not first.results[0].cached
    before = (out / "isf-2030-grunnlagsdokument.json").read_bytes()

    def boom(*_a, **_k):  # extraction must not run again
        raise AssertionError("re-extracted an unchanged PDF")

    monkeypatch.setattr(pipeline, "extract_pdf", boom)
    second = extract_many([pdf], out)
    assert second.results[0].cached
    assert (out / "isf-2030-grunnlagsdokument.json").read_bytes() == before


def test_output_is_deterministic(tmp_path: Path) -> None:
    pdf = _good(tmp_path)
    a = pipeline.extract_pdf(pdf, ocr=False).to_json()
    b = pipeline.extract_pdf(pdf, ocr=False).to_json()
    assert a == b


def test_colliding_ids_get_a_suffix_and_a_warning(tmp_path: Path) -> None:
    a = _good(tmp_path, "Grunnlagsdokument ISF 2030.pdf")
    b = pdfgen.report(tmp_path / "Grunnlagsdokument ISF 2030 (kopi).pdf",
                      [[("h1", "1 Innledning"), ("p", "ISF-andelen er 35 prosent i 2030.")]])
    report = extract_many([b, a], tmp_path / "out")
    assert {r.path.name: r.document.id for r in report.results if r.document} == {
        a.name: "isf-2030-grunnlagsdokument", b.name: "isf-2030-grunnlagsdokument-2"
    }
    [warning] = report.warnings
    assert a.name in warning and b.name in warning and "isf-2030-grunnlagsdokument-2" in warning


def test_manifest_overrides_kind_and_year(tmp_path: Path) -> None:
    pdf = _good(tmp_path, "notat.pdf")
    (tmp_path / "manifest.yaml").write_text('"notat.pdf":\n  kind: presiseringsdokument\n  year: 2031\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(pdf), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    doc = Document.load(out / "isf-2031-presiseringsdokument.json")
    assert (doc.kind, doc.year) == ("presiseringsdokument", 2031)


def test_bad_manifest_is_a_usage_error(tmp_path: Path) -> None:
    pdf = _good(tmp_path, "notat.pdf")
    (tmp_path / "manifest.yaml").write_text('"notat.pdf":\n  kind: roman\n')
    result = CliRunner().invoke(app, ["extract", str(pdf), "--out", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 2 and "manifest.yaml" in result.output


def test_schema_is_current_and_outputs_validate(tmp_path: Path) -> None:
    generated = json.loads(json.dumps(Document.model_json_schema()))
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == generated, "schema/document.schema.json is stale: run `python -m tracker.model`"
    doc = json.loads(pipeline.extract_pdf(_good(tmp_path), ocr=False).to_json())
    jsonschema.validate(doc, committed)
    for p in sorted(EXTRACTED_DIR.glob("*.json")):
        jsonschema.validate(json.loads(p.read_text(encoding="utf-8")), committed)


_real_job = pipeline._extract_job


def _job_that_kills_its_worker(pdf: Path, overrides, cache_dir):  # noqa: ANN001
    # Stands in for a crash in native code: the worker process dies without an exception.
    if pdf.name == "krasj.pdf":
        os._exit(1)
    return _real_job(pdf, overrides, cache_dir)


def test_a_worker_that_dies_loses_only_its_own_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers are forked, so they see the patched job function.
    monkeypatch.setattr(pipeline, "_extract_job", _job_that_kills_its_worker)
    good = [_good(tmp_path, f"Grunnlagsdokument ISF 20{n}.pdf") for n in (30, 31, 32)]
    crash = _good(tmp_path, "krasj.pdf")
    report = extract_many([*good, crash], tmp_path / "out", workers=2)
    errors = {r.path.name: r.error for r in report.results if r.error}
    assert list(errors) == ["krasj.pdf"] and "worker process died" in errors["krasj.pdf"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "isf-2030-grunnlagsdokument.json", "isf-2031-grunnlagsdokument.json", "isf-2032-grunnlagsdokument.json"
    ]
