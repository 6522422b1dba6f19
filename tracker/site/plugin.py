"""The mkdocs plugin that adds the data-driven pages: one instance per build, holding that build's data.

:func:`tracker.site.build_site` hands it the build's data; a plain ``mkdocs build`` or ``mkdocs serve``
gets one from the hook (``tracker/site/hooks.py``), which loads the artifacts. The pages never touch
the committed docs/: they are added to mkdocs' file collection in memory.
"""

from __future__ import annotations

import calendar
import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from tracker.model import Document
from tracker.site.data import SiteData
from tracker.site.generate import SiteContent, generate
from tracker.site.markup import provenance
from tracker.site.pages.about_data import ABOUT_DATA_PAGE

PLUGIN_NAME = "isf-site"
# Material reads the search index from this script instead of search_index.json when the site is opened
# from disk (file://), where the browser refuses to fetch the JSON; see assets/isf.js.
SEARCH_INDEX_JSON = "search/search_index.json"
SEARCH_INDEX_SCRIPT = "search/search_index.js"


class SitePlugin(BasePlugin):
    """Generates the pages from ``data``, or from what ``load(config)`` returns when no data is given."""

    def __init__(self, data: SiteData | None = None, load: Callable[[MkDocsConfig], SiteData] | None = None) -> None:
        super().__init__()
        if data is None and load is None:
            raise ValueError("SitePlugin needs the site's data or a way to load it")
        self.data = data
        self.load = load
        self.content: SiteContent | None = None
        self.saved_epoch: str | None = None
        self.set_epoch = False
        self.documents: list[Document] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.content is not None:  # registered while mkdocs ran the config event: already done
            return config
        data = self.data if self.data is not None else self.load(config)  # type: ignore[misc]
        docs_dir = Path(config.docs_dir)
        handwritten = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")) \
            if docs_dir.is_dir() else []
        self.content = generate(data, handwritten)
        self.documents = list(data.documents)
        config.nav = self.content.nav
        # Reproducible sitemap dates: the build date is derived from the documents, not the clock.
        if os.environ.get("SOURCE_DATE_EPOCH") is None:
            years = [d.year for d in data.documents if d.year]
            os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm((max(years) if years else 1970, 1, 1, 0, 0, 0)))
            self.set_epoch = True
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.content is not None
        for page in self.content.pages.values():
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)  # a generated page wins over a stray hand-written one
            files.append(File.generated(config, page.path, content=page.markdown))
        for target, source in self.content.static_files.items():
            files.append(File.generated(config, target, abs_src_path=str(source)))
        return files

    def on_page_markdown(self, markdown: str, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        assert self.content is not None
        src = page.file.src_uri
        generated = self.content.pages.get(src)
        # Pages made from documents name them; the others (hand-written, source code) name the site's.
        # Hashes and versions are on the "Om dataene" page only, which the line links to.
        about = ABOUT_DATA_PAGE if ABOUT_DATA_PAGE in self.content.pages else None
        if generated is not None and generated.sources:
            line = provenance(generated.sources, from_page=src, about_page=about)
        else:
            line = provenance(self.documents, whole_site=True, from_page=src, about_page=about)
        return markdown.rstrip() + "\n\n" + line + "\n"

    def _restore_epoch(self) -> None:
        if self.set_epoch:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self.set_epoch = False

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        try:
            write_search_script(Path(config.site_dir))
        finally:
            self._restore_epoch()

    def on_build_error(self, error: Exception) -> None:
        self._restore_epoch()


def write_search_script(site_dir: Path) -> Path | None:
    """Write the search index as a script, ``var __index = {…};``, beside ``search_index.json``.

    Opened from disk, Material loads this script instead of fetching the JSON (which the browser
    refuses from file://); ``assets/isf.js`` then runs the search worker in an iframe. Same bytes in,
    same bytes out. Returns the script's path, or None when the build has no search index.
    """
    index = site_dir / SEARCH_INDEX_JSON
    if not index.is_file():
        return None
    script = site_dir / SEARCH_INDEX_SCRIPT
    script.write_bytes(b"var __index = " + index.read_bytes().rstrip() + b";\n")
    return script
