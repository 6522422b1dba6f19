"""Table cell accuracy against the corpus gold (tests/gold/<doc-id>/*.gold.json).

Cell accuracy (corpus README): the share of gold cells, header included, reproduced exactly after
whitespace folding (and Unicode NFC) by the best-matching extracted table. Candidates for a gold
table are the extracted tables printed on the gold table's page (all tables when none is); the
best is the one reproducing most cells. Rows are paired in order by a small dynamic programme
(a missed or extra row costs only that row, not every row after it); columns are compared by
position. Extracted tables that are the best match of no gold table are reported as ``extra``
and rows an extracted table has beyond its gold table's count as ``extra_rows`` (a false table or
row eats body text, so precision is reported beside accuracy).

``python -m bench.score_tables`` runs :func:`tracker.extract.tables.find_tables` over the text
layer of every corpus PDF (through OCR for scanned pages once ``tracker.extract.ocr`` exists)
and prints the figures per document.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tracker.model import Document, SourceInfo, Table

REPO = Path(__file__).resolve().parent.parent
SOURCE_DIR = REPO / "source_pdfs"
# Bars from issue 4: text-layer documents, and the scanned one once OCR exists.
BAR_TEXT_LAYER = 0.95
BAR_SCANNED = 0.90
# Gold folders still use the older ids of the slide decks.
GOLD_TO_DOC_ID = {
    "isf-2020-informasjonsmote": "isf-2020-presentasjon",
    "isf-2027-informasjonsmote": "isf-2027-presentasjon",
}


def norm_cell(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[list[str]]:
    return [[norm_cell(c) for c in header]] + [[norm_cell(c) for c in r] for r in rows]


def _row_matches(gold_row: Sequence[str], row: Sequence[str]) -> int:
    return sum(1 for i, cell in enumerate(gold_row) if i < len(row) and row[i] == cell)


def matched_cells(gold: list[list[str]], extracted: list[list[str]]) -> int:
    """Most gold cells reproduced when rows are paired in order (header with header first)."""
    if not gold or not extracted:
        return 0
    header = _row_matches(gold[0], extracted[0])
    g, e = gold[1:], extracted[1:]
    # best[i][j]: most matches pairing g[:i] with e[:j] in order.
    best = [[0] * (len(e) + 1) for _ in range(len(g) + 1)]
    for i in range(1, len(g) + 1):
        for j in range(1, len(e) + 1):
            best[i][j] = max(
                best[i - 1][j], best[i][j - 1], best[i - 1][j - 1] + _row_matches(g[i - 1], e[j - 1])
            )
    return header + best[len(g)][len(e)]


def score_tables(extracted: Document, gold: dict[str, Any]) -> dict[str, Any]:
    """Cell accuracy of ``extracted.tables`` against a gold dict (the *.gold.json format)."""
    ext_grids = [_grid(t.header, t.rows) for t in extracted.tables]
    per_table: list[dict[str, Any]] = []
    used: set[int] = set()
    total = matched = extra_rows = 0
    for gt in gold.get("tables", []):
        grid = _grid(gt["header"], gt["rows"])
        cells = sum(len(r) for r in grid)
        on_page = [
            k for k, t in enumerate(extracted.tables) if gt["page"] in (t.pages or [t.page]) or t.page == gt["page"]
        ]
        candidates = on_page or list(range(len(extracted.tables)))
        best_k, best_n = None, 0
        for k in candidates:
            n = matched_cells(grid, ext_grids[k])
            if best_k is None or n > best_n:
                best_k, best_n = k, n
        if best_k is not None and best_n > 0:
            used.add(best_k)
        total += cells
        matched += best_n
        # Rows beyond the gold's count: body text or a heading taken into the table.
        surplus = max(0, len(ext_grids[best_k]) - len(grid)) if best_k is not None and best_n > 0 else 0
        extra_rows += surplus
        per_table.append(
            {"page": gt["page"], "header": gt["header"], "cells": cells, "matched": best_n,
             "extracted_index": best_k if best_n > 0 else None, "extra_rows": surplus}
        )
    return {
        "doc": gold.get("id", extracted.id),
        "gold_tables": len(per_table),
        "extracted_tables": len(extracted.tables),
        "extra": [k for k in range(len(extracted.tables)) if k not in used],
        "extra_rows": extra_rows,
        "cells": total,
        "matched": matched,
        "accuracy": round(matched / total, 4) if total else None,
        "tables": per_table,
    }


# --------------------------------------------------------------------------------------------
# running the extractor over the corpus


def _resolve_pages_with_ocr(pdf_path: Path, pages: list[Any]) -> tuple[list[Any], bool]:
    """OCR'd pages where the OCR stage says the text layer is unusable, when that stage exists."""
    try:
        ocr = importlib.import_module("tracker.extract.ocr")
    except ImportError:
        return pages, False
    resolve = getattr(ocr, "resolve_pages", None)
    if resolve is None:
        return pages, False
    from tracker.hashing import sha256_file

    # Same call as tracker.extract.pipeline.extract_pdf, sharing its OCR cache.
    return list(resolve(pdf_path, sha256_file(pdf_path), pages, cache_dir=REPO / ".cache" / "ocr")), True


def corpus_pages(pdf_path: Path, use_ocr: bool = True) -> tuple[list[Any], bool]:
    import pdfplumber

    from tracker.extract.pdftext import page_words

    with pdfplumber.open(pdf_path) as pdf:
        pages = [page_words(p, i + 1) for i, p in enumerate(pdf.pages)]
    if use_ocr:
        return _resolve_pages_with_ocr(pdf_path, pages)
    return pages, False


def extract_tables_document(
    pdf_path: Path, doc_id: str, use_ocr: bool = True, strip_rules: bool = False
) -> tuple[Document, bool]:
    """Tables (and records) of a PDF as a Document; ``strip_rules`` drops every ruling line and
    filled band first, to measure the word-alignment path as on a rendering without rules."""
    from tracker.extract.records import records_from_tables
    from tracker.extract.tables import find_tables

    pages, ocr_used = corpus_pages(pdf_path, use_ocr)
    if strip_rules:
        for p in pages:
            p.segments, p.rects = [], []
    found = find_tables(pages)
    tables: list[Table] = [f.table for f in found]
    doc = Document(
        id=doc_id, kind="annet", year=None, title=pdf_path.stem, extractor_version="bench-tables",
        source=SourceInfo(path=str(pdf_path.relative_to(REPO)) if pdf_path.is_relative_to(REPO) else str(pdf_path),
                          sha256="", pages=len(pages)),
        tables=tables,
        records=records_from_tables(tables, lead_ins=[f.lead_in for f in found]),
    )
    return doc, ocr_used


def main(argv: Sequence[str] | None = None) -> int:
    from rich.console import Console
    from rich.table import Table as RichTable

    from bench.gold import gold_paths, load_gold

    parser = argparse.ArgumentParser(description="Table cell accuracy of find_tables on the corpus PDFs.")
    parser.add_argument("docs", nargs="*", help="gold document ids (default: all)")
    parser.add_argument("--no-ocr", action="store_true", help="use the text layer even for scanned pages")
    parser.add_argument("--json", action="store_true", help="print the full scores as JSON")
    parser.add_argument("--strip-rules", action="store_true",
                        help="drop ruling lines and bands first (robustness of the no-rules path)")
    args = parser.parse_args(argv)

    console = Console(stderr=True)
    results = []
    failed = False
    for gold_id, gold_path in gold_paths().items():
        if args.docs and gold_id not in args.docs:
            continue
        gold = load_gold(gold_id)
        pdf = SOURCE_DIR / (gold_path.name.removesuffix(".gold.json") + ".pdf")
        if not pdf.exists():
            console.print(f"[red]{pdf.relative_to(REPO)}: missing PDF[/red]")
            failed = True
            continue
        with console.status(f"tables: {pdf.name}"):
            doc, ocr_used = extract_tables_document(
                pdf, GOLD_TO_DOC_ID.get(gold_id, gold_id), not args.no_ocr, args.strip_rules
            )
        score = score_tables(doc, gold)
        scanned = "base_style" in gold
        score["scanned"] = scanned
        score["ocr"] = ocr_used
        score["bar"] = (BAR_SCANNED if ocr_used else None) if scanned else BAR_TEXT_LAYER
        results.append(score)

    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        title = "Table cell accuracy (bench/score_tables.py" + (", rules stripped)" if args.strip_rules else ")")
        out = RichTable(title=title)
        for col in ("document", "gold tables", "found", "extra", "extra rows", "cells", "matched", "accuracy",
                    "bar"):
            out.add_column(col, no_wrap=True)
        for r in results:
            acc = "-" if r["accuracy"] is None else f"{r['accuracy']:.4f}"
            bar = "(needs OCR)" if r["bar"] is None else f">= {r['bar']:.2f}"
            out.add_row(r["doc"], str(r["gold_tables"]), str(r["extracted_tables"]), str(len(r["extra"])),
                        str(r["extra_rows"]), str(r["cells"]), str(r["matched"]), acc, bar)
        Console(width=120).print(out)
    for r in results:
        if r["bar"] is not None and r["accuracy"] is not None and r["accuracy"] < r["bar"]:
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
