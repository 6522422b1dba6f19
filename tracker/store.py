"""Finding and loading extracted documents by id or path; repo-relative paths for output."""

from __future__ import annotations

from pathlib import Path

from tracker.model import Document

DEFAULT_SOURCE_DIR = Path("source_pdfs")
DEFAULT_EXTRACTED_DIR = Path("extracted")


class DocumentNotFound(LookupError):
    pass


def rel(path: str | Path, root: Path | None = None) -> str:
    """A path as the user should see it: relative to the repo (cwd) when inside it."""
    p = Path(path).resolve()
    base = (root or Path.cwd()).resolve()
    try:
        return p.relative_to(base).as_posix()
    except ValueError:
        return p.as_posix()


def extracted_paths(extracted_dir: Path = DEFAULT_EXTRACTED_DIR) -> list[Path]:
    return sorted(p for p in Path(extracted_dir).glob("*.json") if not p.name.startswith("."))


def load_all(extracted_dir: Path = DEFAULT_EXTRACTED_DIR) -> list[Document]:
    """Every extracted document, ordered by (year, kind, id)."""
    docs = [Document.load(p) for p in extracted_paths(extracted_dir)]
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
