"""The front page: what is new in the latest rule year, every year's page, the documents, the check's state."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.site.data import FEED_FILE, FRONT_PAGE, REPORT_PAGE, YEARS_INDEX, Page, SiteData, document_page
from tracker.site.escape import escape_text
from tracker.site.markup import KIND_LABELS, doc_years, link, md_table
from tracker.site.pages.report import check_summary
from tracker.site.pages.years import YearNews, highlights

MAX_HIGHLIGHTS = 6


def _latest(news: YearNews, data: SiteData) -> list[str]:
    """The latest year's most important rule changes, each linking to its place on the year page."""
    items = highlights(news)
    out = [f"## Nytt i ISF {news.year} {{ #nytt }}", ""]
    if news.presentation_only(data):
        out += [f"Alt om {news.year} bygger foreløpig på presentasjoner, ikke på det endelige regelverket.", ""]
    if items:
        out += ["De viktigste regelendringene, fra de kjørbare reglene og dokumentenes tabeller:", ""]
        out += [f"- {link(FRONT_PAGE, news.path, escape_text(text), anchor)}" for text, anchor in items[:MAX_HIGHLIGHTS]]
        if len(items) > MAX_HIGHLIGHTS:
            out.append(f"- … og {len(items) - MAX_HIGHLIGHTS} endringer til")
        out.append("")
    else:
        out += [f"Parameterne og tabellene har ingen endringer for {news.year}.", ""]
    main, _ = news.text_entries()
    text = f" og {len(main)} endringer i teksten" if main else ""
    out += [f"Alt om {news.year}{text}: {link(FRONT_PAGE, news.path, escape_text(news.title))} · "
            f"{link(FRONT_PAGE, FEED_FILE, 'Abonner (Atom)')}", ""]
    return out


def _years(all_news: Sequence[YearNews]) -> list[str]:
    out = ["## Hva er nytt, år for år { #ar }", ""]
    for news in reversed(all_news):
        main, _ = news.text_entries()
        n = len(news.changes())
        parts = [f"{n} regelendring{'er' if n != 1 else ''}"] + ([f"{len(main)} endringer i teksten"]
                                                                 if main else [])
        out.append(f"- {link(FRONT_PAGE, news.path, f'ISF {news.year}')}: {', '.join(parts)}")
    out += ["", f"Oversikt: {link(FRONT_PAGE, YEARS_INDEX, 'Hva er nytt i ISF')}.", ""]
    return out


def render_front_page(data: SiteData, all_news: Sequence[YearNews]) -> Page:
    docs = data.documents
    out = [
        "# ISF-endringssporing",
        "",
        "Hva er endret i regelverket for innsatsstyrt finansiering (ISF) fra år til år? Nettstedet er bygget "
        "fra Helsedirektoratets dokumenter og viser hver regels historie, tekstendringene og de kjørbare "
        "reglene som bygger på teksten.",
        "",
    ]
    if all_news:
        out += _latest(all_news[-1], data)
        out += _years(all_news)
    out += ["## År og dokumenter { #dokumenter }", ""]
    rows = []
    for year in doc_years(docs):
        for d in (d for d in docs if d.year == year):
            rows.append([str(year), link(FRONT_PAGE, document_page(d.id), escape_text(d.title)),
                         KIND_LABELS.get(d.kind, d.kind), str(d.source.pages)])
    for d in (d for d in docs if d.year is None):
        rows.append(["ukjent", link(FRONT_PAGE, document_page(d.id), escape_text(d.title)),
                     KIND_LABELS.get(d.kind, d.kind), str(d.source.pages)])
    out += [md_table(["År", "Dokument", "Type", "Sider"], rows), ""]
    out += ["## Kontroll av tekst mot kode { #kontroll }", ""]
    if data.check is None:
        out += ["Kontrollen er ikke kjørt for denne byggingen.", ""]
    else:
        out += [md_table(["", "Antall"], check_summary(data.check)), "",
                f"Detaljene står i {link(FRONT_PAGE, REPORT_PAGE, 'konsistensrapporten')}.", ""]
    return Page(path=FRONT_PAGE, title="Forside", markdown="\n".join(out), sources=list(docs))
