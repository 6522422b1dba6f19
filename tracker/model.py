"""The shared document model: every stage reads and writes these types.

An extracted document (``extracted/<id>.json``) is a :class:`Document`. Stage-specific
types (alignments, lineages, facts, citations) live in the stage packages and refer to
documents and sections by id, so this module stays the one contract between stages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tracker.hashing import sha256_file as sha256_file  # re-exported: the extraction imports it from here
from tracker.paths import SCHEMA_PATH

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
LevelSource = Literal["numbering", "outline", "tagged", "toc", "style", "slide", "metadata", "correction"]


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
        default=None, description="How the level was established (numbering depth, toc, outline, tagged, style rank, "
        "slide title, the title in the PDF's metadata, correction)"
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


# -- typed change records ------------------------------------------------------------------------
# One vocabulary from the table to the parameter to the site: a record's field names and values are the
# names the check compares and the site shows. Where the rule parameters say the same thing in the
# documents' Norwegian words, the mapping is data here, next to the type.

GroupSystem = Literal["DRG", "STG", "TFG"]

GroupChange = Literal["added", "removed", "renamed"]
# How the parameters (tracker/rules/params/grupper.yaml) word a group change; a parameter row may also say
# "financed" (an existing group that gets financing), which no table states as a change of its own.
GROUP_CHANGE_WORDS: dict[GroupChange, str] = {"added": "opprettes", "removed": "utgår", "renamed": "nytt navn"}
GROUP_CHANGE_OF_WORD: dict[str, GroupChange] = {word: change for change, word in GROUP_CHANGE_WORDS.items()}

CodeChange = Literal["replaced", "removed"]
RenumberingStatus = Literal["renumbered", "unchanged", "removed"]


class RecordFields(_Model):
    """What one row of a change table states. Read by name (``fields.old_number``); the fields also read
    like a read-only mapping, name → value in declaration order, for code that shows any record."""

    def keys(self) -> list[str]:
        return list(type(self).model_fields)

    def __getitem__(self, name: str) -> Any:
        if name not in type(self).model_fields:
            raise KeyError(name)
        return getattr(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        return getattr(self, name) if name in type(self).model_fields else default

    def items(self) -> list[tuple[str, Any]]:
        return [(k, getattr(self, k)) for k in type(self).model_fields]

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]  # names, as a mapping iterates
        return iter(type(self).model_fields)

    def __len__(self) -> int:
        return len(type(self).model_fields)


class RenumberingFields(RecordFields):
    old_number: str | None = Field(description="The rule point's number in the old year")
    old_title: str | None = Field(description="Its title in the old year")
    new_number: str | None = Field(description="Its number in the new year (None: the point is removed)")
    new_title: str | None = Field(description="Its title in the new year")
    note: str | None = Field(description="The comment column(s)")
    status: RenumberingStatus = Field(description="Renumbered, unchanged (same number) or removed (no new number)")
    old_year: int | None = Field(description="The old year, from the column header")
    new_year: int | None = Field(description="The new year, from the column header")


class CodeGroupChangeFields(RecordFields):
    system: GroupSystem = Field(description="The classification system the group belongs to")
    code: str = Field(description="The group's code")
    hdg: str | None = Field(description="Main diagnosis group (hoveddiagnosegruppe)")
    name: str | None = Field(description="The group's name")
    change: GroupChange | None = Field(
        description="Added, removed or renamed, as the caption or lead-in text says (None: neither says); "
        "the parameters' words for these are GROUP_CHANGE_WORDS"
    )
    with_financing: bool | None = Field(description="With (True) or without (False) financing; None when not said")
    other: dict[str, str] = Field(description="The remaining columns by header (e.g. a cost weight)")


class CodeReplacementFields(RecordFields):
    system: GroupSystem | None = Field(description="DRG, STG or TFG when the old code's header names it")
    old_code: str = Field(description="The code that changes")
    old_text: str | None = Field(description="Its text")
    new_code: str | None = Field(description="The code replacing it (None: it ceases, or the cell is blank or '.')")
    new_text: str | None = Field(description="The new code's text")
    change: CodeChange | None = Field(
        description="Replaced (a new code), removed (the change column says so: 'Utgår'), None when the new "
        "code is just blank"
    )
    change_text: str | None = Field(description="The table's own wording of the change (e.g. 'Erstattes av')")
    old_year: int | None = Field(description="The old code's year, from the header")
    new_year: int | None = Field(description="The new code's year, from the header")


class DeadlineFields(RecordFields):
    tertial: int = Field(description="The tertial (1-3) of the data year")
    period: str | None = Field(description="The period as printed ('01.01-30.04')")
    period_start: dt.date | None = Field(description="First day of the period (the year is the data year)")
    period_end: dt.date | None = Field(description="Last day of the period")
    first_delivery: dt.date | None = Field(description="Deadline of the first delivery")
    final_delivery: dt.date | None = Field(
        description="Deadline of the final delivery (with more than two delivery columns: the last)"
    )


class ActivityBasisFields(RecordFields):
    unit_type: str | None = Field(description="The kind of unit (helseforetak, private avtalespesialister, ...)")
    activity_type: str | None = Field(description="The kind of activity, as printed")
    refund: bool | None = Field(description="Whether the activity gives ISF refund ('Ja'/'Nei'; None otherwise)")
    refund_note: str | None = Field(description="The rest of the refund cell (e.g. 'Takstbasert.')")


class ChangeLogFields(RecordFields):
    document: str = Field(description="What the table is about, from its header ('ISF-regelverket', 'Vedlegg')")
    location: str | None = Field(description="Where the change is, as printed (None if empty)")
    chapter_number: str | None = Field(description="For 'Kapittel 5.21 ...': the chapter's number")
    chapter_title: str | None = Field(description="... and its title")
    appendix: str | None = Field(description="For 'Vedlegg B1 - ...': the appendix")
    appendix_title: str | None = Field(description="... and its title")
    change: str | None = Field(description="What changed, as printed")


class _RecordBase(_Model):
    """A typed fact read from a table that states a change (see tracker.extract.records)."""

    type: str
    table: int = Field(description="Index into Document.tables")
    page: int = Field(description="The table's first page")
    fields: RecordFields


class RenumberingRecord(_RecordBase):
    """A rule point (regelverk chapter) old → new, or a point removed."""

    type: Literal["renumbering"] = "renumbering"
    fields: RenumberingFields


class CodeGroupChangeRecord(_RecordBase):
    """A DRG/STG/TFG group added, removed or renamed."""

    type: Literal["code_group_change"] = "code_group_change"
    fields: CodeGroupChangeFields


class CodeReplacementRecord(_RecordBase):
    """An old code → a new code (særkoder → procedure codes, DRG → new DRG)."""

    type: Literal["code_replacement"] = "code_replacement"
    fields: CodeReplacementFields


class DeadlineRecord(_RecordBase):
    """An NPR reporting deadline of one tertial."""

    type: Literal["deadline"] = "deadline"
    fields: DeadlineFields


class ActivityBasisRecord(_RecordBase):
    """Whether one unit type's activity gives ISF refund."""

    type: Literal["activity_basis"] = "activity_basis"
    fields: ActivityBasisFields


class ChangeLogRecord(_RecordBase):
    """One row of the endringslogg: where the regelverk changed and how."""

    type: Literal["change_log"] = "change_log"
    fields: ChangeLogFields


Record = Annotated[
    RenumberingRecord | CodeGroupChangeRecord | CodeReplacementRecord | DeadlineRecord | ActivityBasisRecord
    | ChangeLogRecord,
    Field(discriminator="type"),
]
RecordType = Literal["renumbering", "code_group_change", "code_replacement", "deadline", "activity_basis", "change_log"]
RECORD_CLASSES: dict[str, type[_RecordBase]] = {
    c.model_fields["type"].default: c
    for c in (RenumberingRecord, CodeGroupChangeRecord, CodeReplacementRecord, DeadlineRecord, ActivityBasisRecord,
              ChangeLogRecord)
}


def make_record(type: RecordType, table: int, page: int, fields: RecordFields | dict[str, Any]) -> Record:
    """The record of ``type`` (validated: unknown or missing fields are an error)."""
    return RECORD_CLASSES[type](table=table, page=page, fields=fields)  # type: ignore[return-value]


class PageInfo(_Model):
    page: int
    width: float
    height: float
    source: TextSource = "text-layer"
    quality: float | None = Field(default=None, description="Language quality score 0..1 of the page text")
    sheet: int | None = Field(
        default=None, description="The PDF page this page was cut from, when each sheet holds two pages side by side"
    )


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

    def pdf_page(self, page: int) -> int:
        """The PDF page that holds ``page``: itself, unless the sheets hold two pages each."""
        for info in self.page_info:
            if info.page == page:
                return info.sheet or page
        return page

    def to_json(self) -> str:
        """Canonical, deterministic JSON (same document → byte-identical text)."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def load(cls, path: str | Path) -> Document:
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))


# mkstemp creates its files 0600; a written file gets the mode an ordinary ``open`` would give it.
# The umask can only be read by setting it, so it is read once, at import, before any thread runs.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: str | Path, text: str) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file and a reader sees
    the old text or the new one. The temporary file has a name of its own (``mkstemp``), so writers
    running at the same time never truncate or rename each other's file: the last rename wins."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            os.fchmod(fh.fileno(), 0o666 & ~_UMASK)
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_schema(path: str | Path = SCHEMA_PATH) -> None:
    """Regenerate the committed JSON Schema of the extracted-document format."""
    write_atomic(path, json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    write_schema()
