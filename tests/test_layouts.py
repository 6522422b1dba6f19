"""A fast subset of the layout matrix (bench/layouts): born-digital families on the two shortest
documents and the layouts that used to fail on the longest, tracker only (no scans, no pymupdf4llm). The full matrix: ``python -m bench.layouts``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.layouts.__main__ import Cell, render_cell
from bench.layouts.web import CHROMIUM
from bench.score import score_document
from tracker.extract.pipeline import extract_pdf

BAR = 0.97

CELLS = [
    Cell("isf-2024-endringslogg", "word", "a"),
    Cell("isf-2024-endringslogg", "memo-toc", "b"),  # TOC with dot leaders, 'Side N av M', running header
    Cell("isf-2024-endringslogg", "two-column", "a"),  # chapter head in a full-width frame, full-width tables
    Cell("isf-2024-endringslogg", "designed-report", "band"),  # chapter title only in a band drawn last
    Cell("isf-2024-endringslogg", "designed-report", "bandlow"),  # same, title wraps to two lines in the band
    Cell("isf-2024-endringslogg", "outline", "unnumbered"),  # bookmarks
    Cell("isf-2020-informasjonsmote", "slides", "banner"),
    Cell("isf-2020-informasjonsmote", "slides", "rule"),
    Cell("isf-2020-informasjonsmote", "slides", "sidebar"),  # slide title in a left sidebar
    # The layouts the issue found failing, on the longest report: a table of contents with unnumbered
    # bold subheadings at body size, two columns with tables, a chapter sidebar beside the first title.
    Cell("isf-2025-grunnlagsdokument", "memo-toc", "a"),
    Cell("isf-2025-grunnlagsdokument", "two-column", "b"),
    Cell("isf-2025-grunnlagsdokument", "designed-report", "sidebar"),
]


def _scores_at_bar(cell: Cell, tmp_path: Path) -> dict:
    """The cell rendered, extracted and scored; its heading F1 and body asserted at the bar."""
    pdf, gold = render_cell(cell, tmp_path)
    s = score_document(extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache"), gold)
    assert s["heading_f1"] >= BAR, (s["missing"], s["extra"])
    assert s["body"] >= BAR
    return s


@pytest.mark.parametrize("cell", CELLS, ids=lambda c: f"{c.doc}-{c.family}-{c.variant}")
def test_layout_cell_meets_bar(tmp_path: Path, cell: Cell) -> None:
    _scores_at_bar(cell, tmp_path)


# Layouts printed by another generator (Chromium, bench/layouts/web.py), which the extractor was not
# written against: justified narrow columns whose stretched spaces split headings and rows apart,
# chapter heads spanning both columns with a word space at the gutter, tables ruled only below each
# row under a heading band of their width, two tables sharing their rules, a two-column introduction
# of three lines, and a contents list without page numbers (italic subheadings only it lists).
WEB_CELLS = [
    Cell("isf-2024-endringslogg", "web-print", "serif-hidden"),
    Cell("isf-2024-endringslogg", "web-print", "columns"),
    Cell("isf-2025-grunnlagsdokument", "web-print", "columns"),
    Cell("isf-2025-grunnlagsdokument", "web-print", "toc"),
]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
@pytest.mark.parametrize("cell", WEB_CELLS, ids=lambda c: f"{c.doc}-{c.family}-{c.variant}")
def test_chromium_printed_cell_meets_bar(tmp_path: Path, cell: Cell) -> None:
    assert _scores_at_bar(cell, tmp_path)["tables"] >= 0.95


def test_gold_from_markdown_reproduces_the_corpus_gold() -> None:
    from bench.layouts.source import verify

    assert verify() == 0


def test_x0_transform_adds_n0_sections() -> None:
    from bench.layouts.source import gold_from_source, read_source, x0_transform

    gold = gold_from_source(x0_transform(read_source("isf-2024-grunnlagsdokument")))
    numbers = [s["number"] for s in gold["sections"]]
    assert "1.0" in numbers and "2.0" in numbers
    intro = next(s for s in gold["sections"] if s["number"] == "1.0")
    assert intro["level"] == 2 and intro["text"].startswith("Dette dokumentet")
    assert next(s for s in gold["sections"] if s["number"] == "1")["text"] == ""


SCAN_BAR = 0.93


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_scanned_chromium_print_keeps_its_hairline_table(tmp_path: Path) -> None:
    """The endringslogg printed by Chromium with tables ruled by hairlines, then scanned with a slight
    skew: the skew makes each rule a staircase many pixel rows tall, and the last table was lost
    to the body text while rules came back as thick as their staircase."""
    for tool in ("tesseract", "pdftoppm", "img2pdf"):
        if shutil.which(tool) is None:
            pytest.skip(f"missing tool: {tool}")
    pdf, gold = render_cell(Cell("isf-2024-endringslogg", "scan-web-print", "serif-hidden"), tmp_path)
    s = score_document(extract_pdf(pdf, cache_dir=tmp_path / "cache"), gold)
    assert s["heading_f1"] >= SCAN_BAR and s["body"] >= SCAN_BAR, (s["missing"], s["extra"])
    assert s["tables"] >= 0.95


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_lead_in_line_between_two_tables_sharing_their_rules_is_text(tmp_path: Path) -> None:
    """In the two-column web print, the STG table and the DRG table below it have the same width, so
    their rules make one ladder, and the lead-in "STG-er som utgår:" between them sits in a strip
    of it like a last row. It runs across the gap between the first two columns that every row
    leaves free: it is text of section 6.2, and the tables keep their three columns."""
    pdf, _gold = render_cell(Cell("isf-2024-grunnlagsdokument", "web-print", "columns"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    stg = [t for t in doc.tables if t.header == ["STG", "HDG", "Navn"]]
    assert [t.rows for t in stg] == [[["JS09", "09", "Annen lysbehandling"]]]
    section = next(s for s in doc.sections if s.number == "6.2")
    assert "STG-er som utgår:" in section.text
