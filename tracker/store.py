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
