"""The front page: years and documents, the latest year's most important changes, the check's state."""

from __future__ import annotations

from tracker.model import Document
from tracker.site.data import FRONT_PAGE, REPORT_PAGE, Page, SiteData, changes_page, document_page
from tracker.site.escape import escape_text
from tracker.site.markup import KIND_LABELS, doc_years, link, md_table
from tracker.site.pages.changes import ChangeEntry, changes_title, tag_badges
from tracker.site.pages.report import check_summary

# Kinds of document whose year-on-year changes matter most to readers, most authoritative first.
KIND_PRIORITY = ["regelverk", "grunnlagsdokument", "presiseringsdokument", "endringslogg", "presentasjon", "annet"]
MAX_HIGHLIGHTS = 12


def _latest_changes(change_sets: list[tuple[Document, Document, list[ChangeEntry]]]) -> list[str]:
    """The most important changes of the latest year: the newest comparison of the most authoritative
    kind, its entries ordered substantive first, then new, removed, reworded, moved, renumbered."""
    if not change_sets:
        return []

    def rank(item: tuple[Document, Document, list[ChangeEntry]]) -> tuple[int, int]:
        old, new, _ = item
        kind = KIND_PRIORITY.index(new.kind) if new.kind in KIND_PRIORITY else len(KIND_PRIORITY)
        return (kind, -(new.year or 0))

    old, new, entries = min(change_sets, key=rank)
    page = changes_page(old, new)
    changed = [e for e in entries if e.tags != ["unchanged"]]
    ordered = sorted(changed, key=lambda e: e.importance)  # stable: document order within a weight
    out = [f"## Viktigste endringer {new.year} {{ #endringer }}", "",
           f"Fra {escape_text(old.title)} til {escape_text(new.title)}; innholdsendringer først. "
           f"Alle {len(entries)} seksjonene står på {link(FRONT_PAGE, page, escape_text(changes_title(old, new)))}.",
           ""]
    for e in ordered[:MAX_HIGHLIGHTS]:
        out.append(f"- {link(FRONT_PAGE, page, e.title(), e.anchor)} {tag_badges(e.tags)}")
    if len(ordered) > MAX_HIGHLIGHTS:
        out.append(f"- … og {len(ordered) - MAX_HIGHLIGHTS} endringer til")
    return out + [""]


def render_front_page(data: SiteData, change_sets: list[tuple[Document, Document, list[ChangeEntry]]]) -> Page:
    docs = data.documents
    years = doc_years(docs)
    out = [
        "# ISF-endringssporing",
        "",
        "Hva er endret i regelverket for innsatsstyrt finansiering (ISF) fra år til år? Nettstedet er bygget "
        "fra Helsedirektoratets dokumenter og viser hver regels historie, tekstendringene og de kjørbare "
        "reglene som bygger på teksten.",
        "",
        "## År og dokumenter { #dokumenter }",
        "",
    ]
    rows = []
    for year in years:
        for d in (d for d in docs if d.year == year):
            rows.append([str(year), link(FRONT_PAGE, document_page(d.id), escape_text(d.title)),
                         KIND_LABELS.get(d.kind, d.kind), str(d.source.pages)])
    for d in (d for d in docs if d.year is None):
        rows.append(["ukjent", link(FRONT_PAGE, document_page(d.id), escape_text(d.title)),
                     KIND_LABELS.get(d.kind, d.kind), str(d.source.pages)])
    out += [md_table(["År", "Dokument", "Type", "Sider"], rows), ""]
    out += _latest_changes(change_sets)
    out += ["## Kontroll av tekst mot kode { #kontroll }", ""]
    if data.check is None:
        out += ["Kontrollen er ikke kjørt for denne byggingen.", ""]
    else:
        out += [md_table(["", "Antall"], check_summary(data.check)), "",
                f"Detaljene står i {link(FRONT_PAGE, REPORT_PAGE, 'konsistensrapporten')}.", ""]
    return Page(path=FRONT_PAGE, title="Forside", markdown="\n".join(out), sources=list(docs))
