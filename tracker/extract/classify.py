"""What a document is: its kind, year, title and id, from its content and file name.

An optional ``source_pdfs/manifest.yaml`` overrides any of these per file::

    "ISF 2025 Grunnlagsdokument.pdf":
      kind: grunnlagsdokument
      year: 2025
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tracker.errors import InputError
from tracker.io import LinedDict, load_yaml, validation_error
from tracker.model import DocKind
from tracker.paths import rel

KINDS: tuple[DocKind, ...] = get_args(DocKind)

# Checked in this order: an "Endringslogg ISF-regelverk" is a change log, not the regelverk.
_KIND_PATTERNS: list[tuple[DocKind, re.Pattern[str]]] = [
    ("endringslogg", re.compile(r"endringslogg", re.I)),
    ("grunnlagsdokument", re.compile(r"grunnlagsdokument", re.I)),
    ("presiseringsdokument", re.compile(r"presiseringsdokument|presiseringer\s+til\s+isf", re.I)),
    ("presentasjon", re.compile(r"informasjonsm[øo]te|presentasjon|webinar", re.I)),
    ("regelverk", re.compile(r"isf-regelverk|regelverk\s+for\s+innsatsstyrt|innsatsstyrt finansiering\s+\d{4}", re.I)),
]

_YEAR_PATTERNS = [
    re.compile(r"\bISF[\s-]*(?:regelverk(?:et)?\s*)?((?:19|20)\d{2})\b", re.I),
    re.compile(r"\bregelverk(?:et)?\s+(?:for\s+)?((?:19|20)\d{2})\b", re.I),
    re.compile(r"\binnsatsstyrt finansiering\s+((?:19|20)\d{2})\b", re.I),
]
_ANY_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


class ManifestError(InputError):
    """``source_pdfs/manifest.yaml`` is malformed (``file:line: problem``)."""


def detect_kind(title: str, filename: str, first_pages_text: str, *, slides: bool) -> DocKind:
    for label in (title, filename):
        for kind, pat in _KIND_PATTERNS:
            if pat.search(label):
                return kind
    if slides:
        return "presentasjon"
    for kind, pat in _KIND_PATTERNS:
        if pat.search(first_pages_text):
            return kind
    return "annet"


def detect_year(title: str, filename: str, text: str) -> int | None:
    """The ISF year the document is about (an October 2019 meeting about ISF 2020 → 2020)."""
    votes: Counter[int] = Counter()
    for weight, source in ((3, title), (3, filename), (1, text)):
        for pat in _YEAR_PATTERNS:
            for m in pat.finditer(source):
                votes[int(m.group(1))] += weight
    if votes:
        best = max(votes.values())
        return max(y for y, v in votes.items() if v == best)
    years = [int(y) for y in _ANY_YEAR.findall(title + " " + filename)]
    return max(years) if years else None


# A document id names its output file (<out>/<id>.json) and appears in URLs and citations: lower-case
# letters, digits and hyphens only, so an id can never point outside the output folder.
DOCUMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


def valid_document_id(value: str) -> bool:
    return isinstance(value, str) and DOCUMENT_ID.fullmatch(value) is not None


class ManifestEntry(BaseModel):
    """What ``manifest.yaml`` may say about one PDF."""

    model_config = ConfigDict(extra="forbid", strict=True)
    kind: DocKind | None = None
    year: int | None = Field(default=None, ge=1900, le=2200)
    title: str | None = Field(default=None, min_length=1)
    id: str | None = None

    @field_validator("id")
    @classmethod
    def _id_is_a_plain_name(cls, value: str | None) -> str | None:
        if value is not None and not valid_document_id(value):
            raise ValueError(f"{value!r} is not a document id: use lower-case letters, digits and hyphens "
                             f"(e.g. isf-2025-grunnlagsdokument), at most 100 characters")
        return value


def load_manifest(source_dir: Path) -> dict[str, dict[str, Any]]:
    """The manifest of a folder of PDFs: {file name: overrides}. Every entry must name a PDF in the
    folder (a typo would otherwise be ignored without a word) and give each key a valid value."""
    path = source_dir / "manifest.yaml"
    if not path.exists():
        return {}
    data = load_yaml(path, error=ManifestError, lines=True) or LinedDict()
    name = rel(path)
    if not isinstance(data, dict):
        raise ManifestError(f"{name}:1: expected a mapping of file name → overrides")
    out: dict[str, dict[str, Any]] = {}
    given_ids: dict[str, str] = {}
    for entry_name, entry in data.items():
        at = f"{name}:{data.key_lines.get(entry_name, 1)}"
        if not isinstance(entry, dict):
            raise ManifestError(f"{at}: entry {entry_name!r} must be a mapping")
        try:
            parsed = ManifestEntry.model_validate(entry)
        except ValidationError as exc:
            raise validation_error(exc, entry, path, ManifestError, f"entry {entry_name!r}") from exc
        file_name = str(entry_name)
        if Path(file_name).name != file_name:
            raise ManifestError(f"{at}: entry {entry_name!r} must be a file name in {rel(source_dir)}/, not a path")
        if not (source_dir / file_name).is_file():
            raise ManifestError(f"{at}: entry {entry_name!r} names no file in {rel(source_dir)}/ "
                                f"(a misspelt name, or a PDF that was removed)")
        if parsed.id is not None:
            if parsed.id in given_ids:
                raise ManifestError(f"{at}: entry {entry_name!r} has id {parsed.id!r}, already given to "
                                    f"{given_ids[parsed.id]!r}")
            given_ids[parsed.id] = file_name
        out[file_name] = parsed.model_dump(exclude_none=True)
    return out


def document_id(year: int | None, kind: str) -> str:
    return f"isf-{year if year is not None else 'ukjent'}-{kind}"
