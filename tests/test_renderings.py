"""Extraction on other renderings of the corpus documents (not the layouts it was tuned on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.renderings import STYLES, score_deck, score_rendering


@pytest.mark.parametrize(
    ("doc_id", "style"),
    [
        ("isf-2025-grunnlagsdokument", "word"),
        ("isf-2025-grunnlagsdokument", "brochure"),  # level-2 numbers not printed
        ("isf-2025-grunnlagsdokument", "memo"),  # monospace: stacked headings look like columns
        ("isf-2024-grunnlagsdokument", "memo"),  # monospace, numbered
        ("isf-2024-endringslogg", "word"),
        ("isf-2024-endringslogg", "brochure"),  # tables ruled only below each row, plain header
    ],
)
def test_report_renderings(tmp_path: Path, doc_id: str, style: str) -> None:
    s = score_rendering(doc_id, STYLES[style], tmp_path)
    assert s["heading_f1"] >= 0.95, (s["missing"], s["extra"])
    assert s["body"] >= 0.95


@pytest.mark.parametrize("banner", [True, False])
def test_slide_deck_in_another_theme(tmp_path: Path, banner: bool) -> None:
    s = score_deck("isf-2027-informasjonsmote", banner, tmp_path)
    assert s["heading_f1"] >= 0.95, (s["missing"], s["extra"])
    assert s["body"] >= 0.95
