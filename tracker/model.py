"""The shared document model: every stage reads and writes these types.

An extracted document (``extracted/<id>.json``) is a :class:`Document`. Stage-specific
types (alignments, lineages, facts, citations) live in the stage packages and refer to
documents and sections by id, so this module stays the one contract between stages.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

DocKind = Literal[
    "grunnlagsdokument",
    "endringslogg",
    "presentasjon",
    "regelverk",
    "presiseringsdokument",
    "annet",
]
TextSource = Literal["text-layer", "ocr", "re-ocr"]
# Evidence for a heading's number, strongest first (see tracker.extract.headings).
NumberSource = Literal["printed", "outline", "tagged", "toc", "cross-reference", "sequence", "correction"]
LevelSource = Literal["numbering", "outline", "tagged", "toc", "style", "slide", "correction"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


BBox = tuple[float, float, float, float]


class Span(_Model):
    """Where a piece of text sits in the PDF: 1-based page and (x0, top, x1, bottom) in points."""

    page: int
    bbox: BBox


class Section(_Model):
    id: str = Field(description="Stable within the document: 's-<number>' or 's-<page>-<slug>'")
    number: str | None = None
    title: str
    level: int = Field(ge=1)
    page: int = Field(ge=1)
    text: str = ""
    spans: list[Span] = Field(default_factory=list)
    number_source: NumberSource | None = Field(
        default=None,
        description="How the number was established: printed on the page, read from the table of contents, "
        "the PDF outline (bookmarks) or tagged structure, inferred from the document's own cross-references "
        "or from the numbering sequence alone, or set by an editor's correction",
    )
    level_source: LevelSource | None = Field(
        default=None, description="How the level was established (numbering depth, toc, outline, tagged, style rank)"
    )
    confidence: float | None = Field(
        default=None, ge=0, le=1, description="How sure extraction is of this heading's number, title and level"
    )


class Table(_Model):
    page: int = Field(ge=1, description="Page of the table's first row")
    caption: str | None = None
    section: str | None = Field(default=None, description="Number of the enclosing section")
    header: list[str]
    rows: list[list[str]]
    pages: list[int] = Field(default_factory=list, description="Every page the table spans")
    spans: list[Span] = Field(default_factory=list)


class Record(_Model):
    """A typed fact read from a table that states a change (see tracker.extract.records)."""

    type: Literal[
        "renumbering", "code_group_change", "code_replacement", "deadline", "activity_basis", "change_log"
    ]
    table: int = Field(description="Index into Document.tables")
    page: int
    fields: dict[str, Any]


class PageInfo(_Model):
    page: int
    width: float
    height: float
    source: TextSource = "text-layer"
    quality: float | None = Field(default=None, description="Language quality score 0..1 of the page text")


class SourceInfo(_Model):
    path: str
    sha256: str
    pages: int


class Document(_Model):
    schema_version: int = SCHEMA_VERSION
    id: str
    kind: DocKind
    year: int | None
    title: str
    extractor_version: str
    source: SourceInfo
    page_info: list[PageInfo] = Field(default_factory=list)
    preamble: str = ""
    sections: list[Section] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    records: list[Record] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    corrections: list[str] = Field(
        default_factory=list, description="Editor's heading corrections applied at extraction (file:line and what)"
    )
    confidence: float | None = Field(
        default=None, ge=0, le=1, description="Confidence in the heading structure as a whole (mean of the sections')"
    )

    # -- helpers used by every stage -------------------------------------------------
    def section(self, key: str) -> Section | None:
        """A section by id or by number."""
        for s in self.sections:
            if s.id == key or (s.number is not None and s.number == key):
                return s
        return None

    def to_json(self) -> str:
        """Canonical, deterministic JSON (same document → byte-identical text)."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def load(cls, path: str | Path) -> Document:
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_atomic(path: str | Path, text: str) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_schema(path: str | Path = Path("schema") / "document.schema.json") -> None:
    """Regenerate the committed JSON Schema of the extracted-document format."""
    write_atomic(path, json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    write_schema()
