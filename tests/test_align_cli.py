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


def table_rows(output: str) -> list[list[str]]:
    """The cells of a printed rich table, each cell's wrapped lines joined (a row starts where its
    ``kind`` column, the fifth, is filled)."""
    rows: list[list[str]] = []
    for line in output.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) < 5:
            continue
        if cells[4]:
            rows.append(cells)
        elif rows:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
    return rows


def test_align_json_is_the_issue_format(extracted: Path, tmp_path: Path) -> None:
    res = run("align", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "--json",
              "--extracted", str(extracted), "--overrides", str(tmp_path / "none.yaml"))
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert all(list(r) == ["old", "new", "old_title", "new_title", "kind", "score", "changes"] for r in rows)
    by = {(r["old"], r["new"]): r for r in rows}
    # 3.3 moved with its chapter and its text was rewritten: both are said, never "unchanged"
    moved_with_chapter = by[("3.3", "4.3")]
    assert moved_with_chapter["kind"] == "text"
    assert [(c["kind"], c["with_chapter"], c["reason"]) for c in moved_with_chapter["changes"]] == [
        ("text", False, None), ("renumbered", True, "kapittel 3 → 4")]
    assert moved_with_chapter["changes"][0]["text_change"] == "substantive"
    assert by[("3", "4")]["kind"] == "renumbered"
    [year] = [c for c in by[("6.4", "7.4")]["changes"] if c["kind"] == "retitled"]
    assert year["year_only"] and (year["before"], year["after"]) == ("Særkoder 2024", "Særkoder 2025")
    assert by[(None, "6.14")]["kind"] == "added" and by[(None, "6.14")]["changes"] == []
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
    # a column lists every change of a pair, the primary one (the kind) first
    rows = {(r[0], r[2]): r for r in table_rows(res.output)}
    assert rows[("4.1", "5.1")][4:6] == ["text", "text: substantive, retitled (year only), renumbered (with kapittel 4 → 5)"]
    assert rows[("3.4", "4.5")][4:6] == ["retitled", "retitled, renumbered, text: editorial"]
    assert rows[("", "6.14")][4:6] == ["added", ""]


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
    # the header names every change of the pair
    [header] = [line for line in text.output.splitlines() if "Generelt om kostnadsvektberegningen" in line]
    assert "[text: editorial, renumbered (with kapittel 7 → 8)]" in header


def test_diff_names_references_that_follow_a_renumbering(extracted: Path, tmp_path: Path) -> None:
    """2024 3.4 says "se kapittel 6.4", 2025 4.5 "se … punkt 7.4": 6.4 became 7.4, so that is no change,
    and the reader is told so under the header."""
    args = ("diff", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "3.4",
            "--extracted", str(extracted), "--overrides", str(tmp_path / "none.yaml"))
    lines = run(*args).output.splitlines()
    header = next(k for k, line in enumerate(lines) if "Kodeverksendring" in line)
    assert "[retitled, renumbered, text: editorial]" in lines[header]
    assert lines[header + 1] == "references renumbered: 6.4 → 7.4"
    [entry] = json.loads(run(*args, "--json").output)
    assert entry["renumberings"] == [{"target": "document", "old": "6.4", "new": "7.4"}]
    assert [c["kind"] for c in entry["section_changes"]] == ["retitled", "renumbered", "text"]
    missing = runner.invoke(app, ["diff", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "99.9",
                                  "--extracted", str(extracted)])
    assert missing.exit_code == 2 and "99.9" in missing.output


def test_lint_json(extracted: Path) -> None:
    res = run("lint", "--json", "--extracted", str(extracted))
    assert res.exit_code == 0
    findings = json.loads(res.output)
    assert [f["code"] for f in findings] == ["reference-topic-mismatch"]
    assert set(findings[0]) == {"code", "severity", "doc_id", "section_id", "page", "message", "message_nb"}
    assert "refers to 5.2" in findings[0]["message"] and "viser til 5.2" in findings[0]["message_nb"]


def test_lineages_command_writes_the_registry(extracted: Path, tmp_path: Path) -> None:
    registry = tmp_path / "lineages" / "registry.yaml"
    res = run("lineages", "--extracted", str(extracted), "--registry", str(registry),
              "--overrides", str(tmp_path / "none.yaml"))
    assert res.exit_code == 0, res.output
    assert "isf-2024-grunnlagsdokument → isf-2025-grunnlagsdokument" in res.output
    assert registry.exists() and "samarbeidsaktiviteter" in registry.read_text(encoding="utf-8")
