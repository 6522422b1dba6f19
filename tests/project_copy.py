"""A copy of the project to run the build and the CLI in: nothing in the repository is damaged or
written (tests/test_build.py, tests/test_error_paths.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def copy_project(root: Path) -> Path:
    """``source_pdfs/``, ``extracted/``, ``lineages/``, ``checks/``, ``docs/`` and ``mkdocs.yml``
    copied into ``root``; ``tracker/`` linked, since mkdocs.yml names the site's hook and theme there."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("source_pdfs", "extracted", "lineages", "checks", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "tracker").symlink_to(REPO / "tracker")
    return root
