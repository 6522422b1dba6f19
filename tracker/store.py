"""Finding and loading extracted documents by id or path; repo-relative paths for output.

The one loader of ``extracted/``: :func:`load_all` (every document, checked) and :func:`load_document`
(one, by id or path). Every stage that needs the corpus reads it through here.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from tracker.errors import InputError, TrackerError
from tracker.model import Document
from tracker.paths import EXTRACTED_DIR, SOURCE_DIR, rel

DEFAULT_SOURCE_DIR = SOURCE_DIR
DEFAULT_EXTRACTED_DIR = EXTRACTED_DIR

__all__ = ["DEFAULT_EXTRACTED_DIR", "DEFAULT_SOURCE_DIR", "CorpusError", "DocumentNotFound", "extracted_paths",
           "find_pdf", "load_all", "load_document", "rel"]


class DocumentNotFound(TrackerError, LookupError):
    """A document or PDF named by the user does not exist."""


class CorpusError(InputError):
    """``extracted/`` is missing, empty, or holds a file that is not a document (the message names it)."""


def extracted_paths(extracted_dir: Path = DEFAULT_EXTRACTED_DIR) -> list[Path]:
    return sorted(p for p in Path(extracted_dir).glob("*.json") if not p.name.startswith("."))


def load_all(extracted_dir: Path = DEFAULT_EXTRACTED_DIR, loaded: dict[Path, Document] | None = None,
             ) -> list[Document]:
    """Every extracted document, ordered by (year, kind, id); ``loaded`` holds those already in memory
    (by path), so no file is read twice. A missing or empty folder, a bad file or a duplicate id is a
    :class:`CorpusError` naming it."""
    if not Path(extracted_dir).is_dir():
        raise CorpusError(f"{rel(extracted_dir)}: no such directory (run `tracker extract` first)")
    paths = extracted_paths(extracted_dir)
    if not paths:
        raise CorpusError(f"{rel(extracted_dir)}: no extracted documents (*.json); run `tracker extract`")
    in_memory = {p.resolve(): d for p, d in (loaded or {}).items()}
    docs = []
    for path in paths:
        doc = in_memory.get(path.resolve())
        if doc is None:
            try:
                doc = Document.load(path)
            except (ValidationError, ValueError, OSError) as exc:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise CorpusError(f"{rel(path)}: not a readable extracted document: {first}") from exc
        docs.append(doc)
    ids = [d.id for d in docs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CorpusError(f"{rel(extracted_dir)}: several files hold document {', '.join(dupes)}")
    return sorted(docs, key=lambda d: (d.year or 0, d.kind, d.id))


def load_document(ref: str | Path, extracted_dir: Path = DEFAULT_EXTRACTED_DIR) -> Document:
    """A document by id (``isf-2025-grunnlagsdokument``) or by path to its JSON."""
    p = Path(ref)
    if p.suffix == ".json":
        if p.exists():
            return Document.load(p)
        raise DocumentNotFound(f"{rel(p)}: no such file")
    candidate = Path(extracted_dir) / f"{ref}.json"
    if candidate.exists():
        return Document.load(candidate)
    raise DocumentNotFound(f"{ref}: no such document (looked for {rel(candidate)})")


def find_pdf(ref: str, extracted_dir: Path = DEFAULT_EXTRACTED_DIR, source_dir: Path = DEFAULT_SOURCE_DIR) -> Path:
    """A source PDF by path, by file name in ``source_pdfs/``, or by the id of its extracted document."""
    p = Path(ref)
    if p.suffix.lower() == ".pdf":
        for candidate in (p, Path(source_dir) / p.name):
            if candidate.is_file():
                return candidate
        raise DocumentNotFound(f"{rel(p)}: no such file")
    doc_json = Path(extracted_dir) / f"{ref}.json"
    if doc_json.is_file():
        source = Path(Document.load(doc_json).source.path)
        if source.is_file():
            return source
        raise DocumentNotFound(f"{ref}: its source PDF {rel(source)} is missing")
    raise DocumentNotFound(f"{ref}: no such PDF or document id (looked for {rel(doc_json)})")
