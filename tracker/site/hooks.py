"""mkdocs hook (named in mkdocs.yml): generates the data-driven pages at build time.

The pages never touch the committed docs/: they are added to mkdocs' file collection in memory,
so `mkdocs build --strict`, `mkdocs serve` and `tracker site build` all produce the same site.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# mkdocs loads this file by path; make the repo's package importable when it is not installed.
_REPO_ROOT = Path(__file__).resolve().parents[2]
if str(_REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(_REPO_ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page as MkPage  # noqa: E402

from tracker.site.generate import SiteContent, generate  # noqa: E402
from tracker.site.load import load_site_data  # noqa: E402
from tracker.site.markup import provenance  # noqa: E402

_state: dict[str, Any] = {}


def _config_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _config_dir(config)
    extracted = Path(config.extra.get("isf_extracted_dir", "extracted"))
    if not extracted.is_absolute():
        extracted = root / extracted
    # Rule sources, the lineage registry and the source PDFs' repo-relative paths belong to the repo
    # the package lives in, wherever the mkdocs configuration is.
    data = load_site_data(extracted, repo_root=_REPO_ROOT)
    docs_dir = Path(config.docs_dir)
    handwritten = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")) if docs_dir.is_dir() else []
    content = generate(data, handwritten)
    _state["content"] = content
    config.nav = content.nav
    # Reproducible sitemap dates: the build date is derived from the documents, not the clock.
    years = [d.year for d in data.documents if d.year]
    _state["saved_epoch"] = os.environ.get("SOURCE_DATE_EPOCH")
    if _state["saved_epoch"] is None:
        import calendar

        os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm((max(years) if years else 1970, 1, 1, 0, 0, 0)))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    content: SiteContent = _state["content"]
    for page in content.pages.values():
        existing = files.get_file_from_path(page.path)
        if existing is not None:
            files.remove(existing)  # a generated page wins over a stray hand-written one
        files.append(File.generated(config, page.path, content=page.markdown))
    for target, source in content.static_files.items():
        files.append(File.generated(config, target, abs_src_path=str(source)))
    return files


def on_page_markdown(markdown: str, page: MkPage, config: MkDocsConfig, files: Files) -> str:
    content: SiteContent = _state["content"]
    generated = content.pages.get(page.file.src_uri)
    # Pages made from documents name them; the others (hand-written, source code) name the site's.
    line = provenance(generated.sources) if generated is not None and generated.sources else content.provenance_all
    return markdown.rstrip() + "\n\n" + line + "\n"


def _restore_epoch() -> None:
    saved = _state.pop("saved_epoch", None)
    if saved is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def on_post_build(config: MkDocsConfig) -> None:
    _restore_epoch()


def on_build_error(error: Exception) -> None:
    _restore_epoch()
