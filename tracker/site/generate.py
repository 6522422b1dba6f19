"""Turn the data into the generated pages, the static files and the navigation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.site.data import (
    CHANGES_INDEX,
    DOCS_INDEX,
    FRONT_PAGE,
    LINEAGE_INDEX,
    REGELVERK_PAGE,
    REPORT_PAGE,
    RULES_INDEX,
    YEARS_INDEX,
    Page,
    SiteBuildError,
    SiteData,
    code_page,
    pdf_file,
    rule_page,
    year_page,
)
from tracker.site.escape import escape_text
from tracker.site.feed import render_feed_page
from tracker.site.markup import provenance
from tracker.site.pages.about_data import ABOUT_DATA_PAGE, render_about_data
from tracker.site.pages.changes import build_entries, render_changes, render_changes_index
from tracker.site.pages.documents import clear_anchor_cache, render_document, render_documents_index
from tracker.site.pages.front import render_front_page
from tracker.site.pages.lineages import render_lineages
from tracker.site.pages.report import render_report
from tracker.site.pages.rules import render_rules, rule_source_files
from tracker.site.pages.years import render_year_pages, year_news
from tracker.site.status import citation_statuses
from tracker.store import rel

ASSETS_DIR = Path(__file__).resolve().parent / "assets"

# Where the hand-written pages of docs/ go in the navigation; any other page goes under "Mer".
ABOUT_PAGE = "om-isf.md"
EDITORS_PAGE = "redaktorer.md"
HELP_PAGES = ("lese-endringssider.md", "kommandolinje.md")


@dataclass
class SiteContent:
    pages: dict[str, Page]
    static_files: dict[str, Path]  # path in the site → file to copy
    nav: list[Any] = field(default_factory=list)
    provenance_all: str = ""


def _source_pdf(data: SiteData, doc_path: str, doc_id: str) -> Path:
    """The document's PDF: its recorded path, repo-relative (as the extractor writes it) or absolute."""
    path = Path(doc_path)
    candidates = [path] if path.is_absolute() else [data.repo_root / path, Path.cwd() / path]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise SiteBuildError(f"{rel(candidates[0])}: source PDF of document {doc_id} not found")


def generate(data: SiteData, handwritten: list[str]) -> SiteContent:
    """Every generated page, the PDFs and assets to copy, and the navigation."""
    clear_anchor_cache()
    change_sets = [(old, new, build_entries(old, new, pairs, data.lineage_of)) for old, new, pairs in data.doc_pairs]
    news = year_news(data, change_sets)
    pages: list[Page] = [render_front_page(data, news), render_documents_index(data.documents)]
    pages += render_year_pages(data, news)
    pages.append(render_feed_page(news))  # feed.xml: not Markdown, so the plugin's on_files copies it as it is
    pages += [render_document(d, data.lineage_of, data) for d in data.documents]
    pages += [render_changes(old, new, entries) for old, new, entries in change_sets]
    if change_sets:
        pages.append(render_changes_index(change_sets))
    statuses = citation_statuses(data.check, data.parameters, data.functions)
    pages += render_rules(data, statuses)
    pages += render_lineages(data, change_sets, statuses)
    static = {pdf_file(d.id): _source_pdf(data, d.source.path, d.id) for d in data.documents}
    static.update({f"assets/{p.name}": p for p in sorted(ASSETS_DIR.iterdir()) if p.is_file()})

    code_files = {p.path for p in pages if p.path.startswith("kode/")}
    pages.append(render_report(data, {f for f in rule_source_files(data) if code_page(f) in code_files},
                               EDITORS_PAGE if EDITORS_PAGE in handwritten else None))
    pages.append(render_about_data(data))
    by_path = {p.path: p for p in pages}
    if len(by_path) != len(pages):
        seen: set[str] = set()
        dupes = sorted({p.path for p in pages if p.path in seen or seen.add(p.path)})
        raise SiteBuildError(f"two generated pages share a path: {', '.join(dupes)} "
                             "(a rule and a parameter, or two documents, with the same name)")
    nav = _navigation(data, pages, by_path, handwritten, bool(change_sets))
    return SiteContent(pages=by_path, static_files=static, nav=nav, provenance_all=provenance(data.documents, whole_site=True))


def _section(pages: list[Page], prefix: str, index: str) -> list[Any]:
    return [index] + [{escape_text(p.title): p.path} for p in pages if p.path.startswith(prefix) and p.path != index]


def _navigation(data: SiteData, pages: list[Page], by_path: dict[str, Page], handwritten: list[str],
                has_changes: bool) -> list[Any]:
    nav: list[Any] = [{"Forside": FRONT_PAGE}]
    if YEARS_INDEX in by_path:  # "Hva er nytt": the years, latest first
        years = sorted((int(p.path[len("nytt/"):-len(".md")]) for p in pages
                        if p.path.startswith("nytt/") and p.path != YEARS_INDEX), reverse=True)
        nav.append({"Hva er nytt": [YEARS_INDEX] + [{f"ISF {y}": year_page(y)} for y in years]})
    if ABOUT_PAGE in handwritten:
        nav.append({"Om ISF": ABOUT_PAGE})
    nav.append({"Dokumenter": _section(pages, "dokumenter/", DOCS_INDEX)})
    if has_changes:
        nav.append({"Endringer": _section(pages, "endringer/", CHANGES_INDEX)})
    if LINEAGE_INDEX in by_path:
        nav.append({"Regeltema": [LINEAGE_INDEX] + ([REGELVERK_PAGE] if REGELVERK_PAGE in by_path else [])})
    rules_nav: list[Any] = [RULES_INDEX]
    if data.parameters:
        rules_nav.append({"Parametere": [{escape_text(p.label_nb): rule_page(p.name)} for p in data.parameters]})
    if data.functions:
        rules_nav.append({"Regler": [{escape_text(f.label_nb): rule_page(f.name)} for f in data.functions]})
    nav.append({"Regler og parametere": rules_nav})
    nav.append({"For redaktører": [REPORT_PAGE] + ([EDITORS_PAGE] if EDITORS_PAGE in handwritten else [])})
    if help_pages := [x for x in HELP_PAGES if x in handwritten] + [x for x in [ABOUT_DATA_PAGE] if x in by_path]:
        nav.append({"Hjelp": help_pages})
    placed = {ABOUT_PAGE, EDITORS_PAGE, *HELP_PAGES}
    if other := [x for x in sorted(handwritten) if x not in placed and x not in by_path]:
        nav.append({"Mer": other})
    return nav
