"""What the site is generated from, gathered once per build, and where each page lives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import TrackerError
from tracker.model import Document
from tracker.slug import slug


class SiteBuildError(TrackerError, RuntimeError):
    """The site cannot be built from the given inputs; the message names the file."""


@dataclass
class Page:
    """A generated page: its path inside the docs tree, its Markdown and the documents it is built from."""

    path: str
    title: str
    markdown: str
    sources: list[Document] = field(default_factory=list)


@dataclass
class SiteData:
    documents: list[Document]
    repo_root: Path
    alignment: Any = None  # tracker.align.pipeline.CorpusAlignment
    registry: Any = None  # tracker.align.lineage.Registry
    parameters: list[Any] = field(default_factory=list)  # tracker.rules.registry.parameters()
    functions: list[Any] = field(default_factory=list)  # tracker.rules.registry.functions()
    check: Any = None  # tracker.check.CheckReport
    drafts: Any = None  # tracker.propose.drafts.Drafts: values the documents state and the rules lack
    lint: list[Any] | None = None  # tracker.align.lint.LintFinding
    # (old document, new document, alignment pairs) for consecutive documents of one kind
    doc_pairs: list[tuple[Document, Document, list[Any]]] = field(default_factory=list)
    _documents_by_id: dict[str, Document] = field(default_factory=dict, repr=False)
    _sections_by_id: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    def lineage_of(self, doc_id: str, section_id: str) -> str | None:
        """The lineage id of a section, if the alignment put it in one."""
        return self.registry.lineage_of(doc_id, section_id) if self.registry is not None else None

    def has_lineage_page(self, lineage_id: str | None) -> bool:
        """Whether the lineage has a page: it exists and one of its sections is in this build."""
        lineage = self.registry.lineage(lineage_id) if self.registry is not None and lineage_id else None
        if lineage is None:
            return False
        return any(self.section(m.doc_id, m.section_id) is not None for m in lineage.members)

    def section(self, doc_id: str, section_id: str) -> Any:
        """A section of a document of this build by id (None if either is absent)."""
        if not self._sections_by_id or len(self._documents_by_id) != len(self.documents):
            self.document(doc_id)  # refreshes the document index
            self._sections_by_id = {(d.id, s.id): s for d in self.documents for s in d.sections}
        return self._sections_by_id.get((doc_id, section_id))

    def document(self, doc_id: str) -> Document | None:
        if len(self._documents_by_id) != len(self.documents):
            self._documents_by_id = {d.id: d for d in self.documents}
        return self._documents_by_id.get(doc_id)


# -- where pages live (paths inside the docs tree) ------------------------------------
FRONT_PAGE = "index.md"
REPORT_PAGE = "rapport.md"
DOCS_INDEX = "dokumenter/index.md"
CHANGES_INDEX = "endringer/index.md"
LINEAGE_INDEX = "tema/index.md"
RULES_INDEX = "regler/index.md"
REGELVERK_PAGE = "tema/regelverk.md"
YEARS_INDEX = "nytt/index.md"
FEED_FILE = "feed.xml"  # the Atom feed, a static file at the site's root


def document_page(doc_id: str) -> str:
    return f"dokumenter/{doc_id}.md"


def pdf_file(doc_id: str) -> str:
    return f"pdf/{doc_id}.pdf"


def changes_page(old: Document, new: Document) -> str:
    return f"endringer/{old.id}--{new.id}.md"


def lineage_page(lineage_id: str) -> str:
    # "t-" keeps a lineage called "index" or "regelverk" from taking another page's place.
    return f"tema/t-{slug(lineage_id)}.md"


def rule_page(name: str) -> str:
    return f"regler/{slug(name)}.md"


def code_page(source_file: str) -> str:
    return f"kode/{slug(source_file)}.md"


def year_page(year: int) -> str:
    """The "Hva er nytt i ISF <år>" page of a rule year."""
    return f"nytt/{year}.md"


def html_path(page: str) -> str:
    """The built file of a page ("nytt/2025.md" → "nytt/2025.html"; the site uses plain .html URLs)."""
    return page[:-3] + ".html" if page.endswith(".md") else page
