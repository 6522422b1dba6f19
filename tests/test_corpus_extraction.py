"""The bundled corpus: committed extraction scores against the gold, and reproducibility."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.gold import gold_paths, load_gold
from bench.score import score_document
from tracker.extract.pipeline import extract_pdf
from tracker.model import Document

EXTRACTED = Path("extracted")
SOURCES = Path("source_pdfs")


def _committed() -> dict[str, Document]:
    docs = [Document.load(p) for p in sorted(EXTRACTED.glob("*.json"))]
    return {Path(d.source.path).name: d for d in docs}


def _pdf_name(doc_id: str) -> str:
    return gold_paths()[doc_id].name.removesuffix(".gold.json") + ".pdf"


TEXT_LAYER = [d for d in gold_paths() if "scan" not in load_gold(d).get("style", "")]
SCANNED = [d for d in gold_paths() if "scan" in load_gold(d).get("style", "")]


def test_every_source_pdf_is_extracted() -> None:
    committed = _committed()
    assert sorted(committed) == sorted(p.name for p in SOURCES.glob("*.pdf"))


@pytest.mark.parametrize("doc_id", TEXT_LAYER)
def test_text_layer_documents_meet_the_bar(doc_id: str) -> None:
    doc = _committed()[_pdf_name(doc_id)]
    gold = load_gold(doc_id)
    s = score_document(doc, gold)
    assert s["heading_f1"] >= 0.97, (s["missing"], s["extra"])
    assert s["body"] >= 0.97
    assert doc.kind == gold["kind"] and doc.year == gold["year"]


@pytest.mark.parametrize("doc_id", TEXT_LAYER)
def test_reextraction_is_byte_identical(doc_id: str) -> None:
    pdf = SOURCES / _pdf_name(doc_id)
    committed = next(p for p in EXTRACTED.glob("*.json") if Document.load(p).source.path == f"source_pdfs/{pdf.name}")
    assert extract_pdf(pdf).to_json() == committed.read_text(encoding="utf-8")


@pytest.mark.parametrize("doc_id", SCANNED)
def test_scanned_documents_meet_the_ocr_bar(doc_id: str) -> None:
    doc = _committed()[_pdf_name(doc_id)]
    s = score_document(doc, load_gold(doc_id))
    assert s["heading_f1"] >= 0.93, (s["missing"], s["extra"])
    assert s["chars"] >= 0.98
    assert {p.source for p in doc.page_info} <= {"ocr", "re-ocr"}
    # English-only OCR turns ø into g and å into a ("fglge", "pa"); none of that may survive.
    english_ocr = re.compile(r"\b(?:fglge|pa|ma|fa|gjgre|ngdvendig|giennom|ogsa)\b")
    assert not [sec.title for sec in doc.sections if english_ocr.search(sec.title.lower())]


@pytest.mark.slow
@pytest.mark.parametrize("doc_id", SCANNED)
def test_scanned_reextraction_is_byte_identical(doc_id: str, tmp_path: Path) -> None:
    # A fresh OCR cache: the committed JSON must come from the PDF, not from a stale cache.
    pdf = SOURCES / _pdf_name(doc_id)
    committed = next(p for p in EXTRACTED.glob("*.json") if Document.load(p).source.path == f"source_pdfs/{pdf.name}")
    assert extract_pdf(pdf, cache_dir=tmp_path).to_json() == committed.read_text(encoding="utf-8")
