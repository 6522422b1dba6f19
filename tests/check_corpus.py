"""A private copy of extracted/ for tests of the check: its documents can be edited and the check
run on them with its own pins file, leaving the repository untouched (tests/test_check.py,
tests/test_pins.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tracker.check import CheckConfig, Finding, run_check
from tracker.model import Document

REPO = Path(__file__).resolve().parent.parent
EXTRACTED = REPO / "extracted"


class CheckCorpus:
    def __init__(self, tmp: Path, pins: Path) -> None:
        self.tmp = tmp
        self.dir = tmp / "extracted"
        shutil.copytree(EXTRACTED, self.dir)
        self.config = CheckConfig(pins_path=pins, coverage_path=REPO / "checks" / "coverage.yaml")

    def doc(self, doc_id: str) -> Document:
        return Document.load(self.dir / f"{doc_id}.json")

    def save(self, doc: Document) -> None:
        (self.dir / f"{doc.id}.json").write_text(doc.to_json(), encoding="utf-8")

    def findings(self) -> list[Finding]:
        return run_check(self.dir, config=self.config).findings
