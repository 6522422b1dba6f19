"""The CLI commands of the alignment stage, on documents written to a temporary directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.gold import gold_document
from tracker.cli import app
from tracker.model import write_atomic

runner = CliRunner()


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("extracted")
    for doc_id in ("isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument"):
        write_atomic(d / f"{doc_id}.json", gold_document(doc_id).to_json())
    return d


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_align_json_is_the_issue_format(extracted: Path, tmp_path: Path) -> None:
    res = run("align", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "--json",
              "--extracted", str(extracted), "--overrides", str(tmp_path / "none.yaml"))
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert all(list(r) == ["old", "new", "old_title", "new_title", "kind", "score"] for r in rows)
    by = {(r["old"], r["new"]): r for r in rows}
    assert by[("3.3", "4.3")]["kind"] == "unchanged"
    assert by[("3", "4")]["kind"] == "renumbered"
    assert by[(None, "6.14")]["kind"] == "added"
    assert all(0.0 <= r["score"] <= 1.0 for r in rows)
    # byte-identical on a second run; paths work like ids
    again = run("align", str(extracted / "isf-2024-grunnlagsdokument.json"),
                str(extracted / "isf-2025-grunnlagsdokument.json"), "--json",
                "--overrides", str(tmp_path / "none.yaml"))
    assert again.output == res.output


def test_align_table(extracted: Path, tmp_path: Path) -> None:
    res = run("align", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "--extracted", str(extracted),
              "--overrides", str(tmp_path / "none.yaml"))
    assert res.exit_code == 0
    assert "renumbered" in res.output and "Samarbeidsaktiviteter" in res.output


def test_missing_document_names_it(extracted: Path) -> None:
    res = runner.invoke(app, ["align", "isf-1999-grunnlagsdokument", "isf-2025-grunnlagsdokument",
                              "--extracted", str(extracted)])
    assert res.exit_code == 2
    assert "isf-1999-grunnlagsdokument" in res.output
    res = runner.invoke(app, ["align", "nowhere/old.json", "isf-2025-grunnlagsdokument", "--extracted", str(extracted)])
    assert res.exit_code == 2 and "nowhere/old.json" in res.output


def test_bad_overrides_file_names_it(extracted: Path, tmp_path: Path) -> None:
    bad = tmp_path / "overrides.yaml"
    bad.write_text("pairs: [{old: 1}]\n", encoding="utf-8")
    res = runner.invoke(app, ["align", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument",
                              "--extracted", str(extracted), "--overrides", str(bad)])
    assert res.exit_code == 2 and "overrides.yaml" in res.output


def test_diff_one_section(extracted: Path, tmp_path: Path) -> None:
    res = run("diff", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "7.1", "--json",
              "--extracted", str(extracted), "--overrides", str(tmp_path / "none.yaml"))
    assert res.exit_code == 0, res.output
    [entry] = json.loads(res.output)
    # the cost weights moved their years on and were reworded: editorial, each year its own change
    assert (entry["old"], entry["new"], entry["text_change"]) == ("7.1", "8.1", "editorial")
    assert any(c["op"] == "insert" and c["text"].strip() == "2025" and not c["substantive"] for c in entry["changes"])
    res = run("diff", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "8.3", "--json",
              "--extracted", str(extracted), "--overrides", str(tmp_path / "none.yaml"))
    [entry] = json.loads(res.output)
    # "kapittel 4" of the regelverk stays 4 on the old side (this document's chapter 4 became 5)
    assert entry["text_change"] == "substantive"
    assert {"op": "delete", "text": "4 ", "substantive": True, "old_text": None, "renumbered": None} in entry["changes"]
    text = run("diff", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "8.1",
               "--extracted", str(extracted), "--overrides", str(tmp_path / "none.yaml"))
    assert "Generelt om kostnadsvektberegningen" in text.output
    missing = runner.invoke(app, ["diff", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "99.9",
                                  "--extracted", str(extracted)])
    assert missing.exit_code == 2 and "99.9" in missing.output


def test_lint_json(extracted: Path) -> None:
    res = run("lint", "--json", "--extracted", str(extracted))
    assert res.exit_code == 0
    findings = json.loads(res.output)
    assert [f["code"] for f in findings] == ["reference-topic-mismatch"]
    assert set(findings[0]) == {"code", "severity", "doc_id", "section_id", "page", "message"}


def test_lineages_command_writes_the_registry(extracted: Path, tmp_path: Path) -> None:
    registry = tmp_path / "lineages" / "registry.yaml"
    res = run("lineages", "--extracted", str(extracted), "--registry", str(registry),
              "--overrides", str(tmp_path / "none.yaml"))
    assert res.exit_code == 0, res.output
    assert "isf-2024-grunnlagsdokument → isf-2025-grunnlagsdokument" in res.output
    assert registry.exists() and "samarbeidsaktiviteter" in registry.read_text(encoding="utf-8")
