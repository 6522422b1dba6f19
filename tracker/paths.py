"""Every default path of the project, defined once (relative to the repository root, the cwd of every
command), and :func:`rel`, a path as the user should see it."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent  # the checkout the package is in (source files are named relative to it)

SOURCE_DIR = Path("source_pdfs")  # the PDFs (and manifest.yaml, *.corrections.yaml beside them)
EXTRACTED_DIR = Path("extracted")  # one JSON document per PDF
LINEAGE_DIR = Path("lineages")
REGISTRY_PATH = LINEAGE_DIR / "registry.yaml"
OVERRIDES_PATH = LINEAGE_DIR / "overrides.yaml"
CHECKS_DIR = Path("checks")  # what the check is told: its settings, the pins, the coverage decisions
CHECK_SETTINGS_PATH = CHECKS_DIR / "settings.yaml"
PINS_PATH = CHECKS_DIR / "pins.yaml"
COVERAGE_PATH = CHECKS_DIR / "coverage.yaml"
PARAMS_DIR = PACKAGE_DIR / "rules" / "params"  # the rule base's parameters, one file per namespace
CACHE_DIR = Path(".cache")
OCR_CACHE_DIR = CACHE_DIR / "ocr"
BUILD_DIR = CACHE_DIR / "build"  # the build's artifacts
SITE_DIR = Path("site")
DOCS_DIR = Path("docs")
MKDOCS_CONFIG = Path("mkdocs.yml")
SCHEMA_PATH = Path("schema") / "document.schema.json"


def rel(path: str | Path, root: Path | None = None) -> str:
    """A path as the user should see it: relative to the repo (cwd) when inside it."""
    p = Path(path).resolve()
    base = (root or Path.cwd()).resolve()
    try:
        return p.relative_to(base).as_posix()
    except ValueError:
        return p.as_posix()


def pdf_files(folder: str | Path) -> list[Path]:
    """The PDFs in ``folder`` (not its subfolders), sorted: every file whose suffix is ``.pdf`` in any
    case (``Rapport.PDF`` too). ``tracker extract`` and ``tracker build`` both list a folder with this,
    so they take the same files. A folder that does not exist has none."""
    # One listing filtered by suffix, not a glob per spelling: on a case-insensitive file system
    # "*.pdf" and "*.PDF" match the same files, which would then be extracted twice.
    return sorted(p for p in Path(folder).glob("*") if p.suffix.lower() == ".pdf" and not p.is_dir())
