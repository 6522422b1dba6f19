"""The corpus gold (tests/gold/<doc-id>/*.gold.json) as :class:`tracker.model.Document` objects.

Used by the scoring script and by tests that need a perfect extraction to compare against.
"""

from __future__ import annotations

import json
from pathlib import Path

from tracker.model import Document, Section, SourceInfo, Table

GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "gold"


def gold_paths() -> dict[str, Path]:
    return {p.parent.name: p for p in sorted(GOLD_DIR.glob("*/*.gold.json"))}


def load_gold(doc_id: str) -> dict:
    return json.loads(gold_paths()[doc_id].read_text(encoding="utf-8"))


def gold_pdf_name(doc_id: str) -> str:
    return gold_paths()[doc_id].name.removesuffix(".gold.json") + ".pdf"


def gold_document(doc_id: str) -> Document:
    g = load_gold(doc_id)
    sections = []
    for i, s in enumerate(g["sections"]):
        sid = f"s-{s['number']}" if s["number"] else f"s-p{s['page']}-{i}"
        sections.append(
            Section(id=sid, number=s["number"], title=s["title"], level=s["level"], page=s["page"], text=s["text"])
        )
    tables = [
        Table(page=t["page"], caption=t["caption"], section=t["section"], header=t["header"], rows=t["rows"],
              pages=[t["page"]])
        for t in g["tables"]
    ]
    return Document(
        id=g["id"], kind=g["kind"], year=g["year"], title=g["title"], extractor_version="gold",
        source=SourceInfo(path=f"source_pdfs/{gold_pdf_name(doc_id)}", sha256="", pages=g["pages"]),
        preamble=g.get("preamble", ""), sections=sections, tables=tables,
    )
