"""Content hashes, in one place: of bytes, of a file, of a set of files, of the project's code.

Every cache key and fingerprint of the project is a sha256 built here.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from tracker.paths import PACKAGE_DIR


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    return sha256_bytes(text.encode("utf-8"))


def sha256_file(path: str | Path) -> str:
    """The sha256 of a file's bytes (read in chunks: PDFs may be large)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_parts(parts: Iterable[str | bytes]) -> str:
    """The sha256 of several parts, each ended by a NUL (so ("ab", "c") and ("a", "bc") differ)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def files_hash(paths: Iterable[Path], root: Path | None = None, length: int = 16) -> str:
    """A hash of the files' names and contents; with ``root``, of their names inside it (so the same
    files elsewhere hash the same). A missing file hashes as missing."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update((p.relative_to(root) if root is not None else p).as_posix().encode())
        h.update(p.read_bytes() if p.is_file() else b"<missing>")
    return h.hexdigest()[:length]


def tree_files(root: Path, pattern: str = "*") -> list[Path]:
    """The files under ``root`` (none when it does not exist)."""
    return sorted(p for p in root.rglob(pattern) if p.is_file()) if root.exists() else []


@functools.cache
def code_hash(*parts: str) -> str:
    """A hash of the code of the given parts of the ``tracker`` package (sub-packages or modules,
    named relative to it: ``"align"``, ``"model.py"``): a cache made by other code is not reused."""
    files: list[Path] = []
    for part in parts:
        p = PACKAGE_DIR / part
        files += [f for f in tree_files(p) if "__pycache__" not in f.parts] if p.is_dir() else [p]
    return files_hash(files, root=PACKAGE_DIR)
