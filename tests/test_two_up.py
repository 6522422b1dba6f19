"""Sheets that hold two pages side by side ("two pages per sheet", a booklet's spread) are cut into
their pages before layout: each page's header, footer, headings and text stay its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.pdfgen import scan, two_up
from tracker.extract.pipeline import extract_pdf
from tracker.extract.sheets import split_two_up, two_up_cut
from tracker.extract.words import PageWords, Word

# Four pages of a report whose lines stand level with each other across the two halves of a sheet.
PAGES = [
    [("h1", "1 Innledning"), ("p", "Helsedirektoratet har gjort flere endringer i"),
     ("p", "regelverket for innsatsstyrt finansiering som"), ("p", "gjelder fra og med neste år for sektoren."),
     ("gap", ""), ("p", "Endringene omtales kapittel for kapittel her."),
     ("p", "Dokumentet er skrevet for foretakene.")],
    [("h1", "2 Generelle regler"), ("h2", "2.1 Multippel koding"), ("p", "Flere koder kan registreres på samme"),
     ("p", "kontakt når tilstandene er behandlet."), ("gap", ""), ("h2", "2.2 Digitale tjenester"),
     ("p", "Telefon- og videokonsultasjoner gir refusjon"), ("p", "på samme vilkår som oppmøte.")],
    [("h2", "2.3 Pasientopplæring"), ("p", "Opplæring i gruppe registreres med en kode"),
     ("p", "per pasient som deltar i gruppen."), ("gap", ""), ("h1", "3 Somatikk"),
     ("p", "ISF-andelen er uendret og vil være 40 prosent."), ("p", "Enhetsprisen er 55 704 kroner.")],
    [("h2", "3.1 Fødselsomsorgen"), ("p", "Fødsler registreres som før, med egne"),
     ("p", "koder for keisersnitt og tvillingfødsler."), ("gap", ""), ("h2", "3.2 Palliasjon"),
     ("p", "Palliative team rapporterer sin aktivitet"), ("p", "til Norsk pasientregister.")],
]
HEADINGS = ["1", "2", "2.1", "2.2", "2.3", "3", "3.1", "3.2"]


def _need(*tools: str) -> None:
    for t in tools:
        if shutil.which(t) is None:
            pytest.skip(f"{t} not installed")


def test_a_document_two_pages_to_a_sheet_reads_page_by_page(tmp_path: Path) -> None:
    doc = extract_pdf(two_up(tmp_path / "two-up.pdf", PAGES), ocr=False)
    assert [s.number for s in doc.sections] == HEADINGS
    by_number = {s.number: s for s in doc.sections}
    # Each page's text is its own: no line of the page beside it is spliced in.
    assert by_number["1"].text == (
        "Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt finansiering som gjelder fra "
        "og med neste år for sektoren.\nEndringene omtales kapittel for kapittel her. Dokumentet er skrevet for "
        "foretakene."
    )
    assert by_number["2.2"].text == "Telefon- og videokonsultasjoner gir refusjon på samme vilkår som oppmøte."
    assert doc.tables == []  # the two pages' rows are no two-column table
    # Pages are the reader's (four); a link into the PDF goes to the sheet that holds the page.
    assert doc.source.pages == 2
    assert [(p.page, p.sheet) for p in doc.page_info] == [(1, 1), (2, 1), (3, 2), (4, 2)]
    assert [by_number[n].page for n in ("1", "2", "2.3", "3.1")] == [1, 2, 3, 4]
    assert doc.pdf_page(by_number["3.1"].page) == 2
    # Each page's running header and "Side N av M" footer is running text, not body text.
    assert not any("Rapport om ISF" in s.text or "Side " in s.text for s in doc.sections)
    assert any("two pages side by side" in w for w in doc.warnings)


def test_a_scan_of_such_sheets_is_cut_the_same(tmp_path: Path) -> None:
    _need("tesseract", "pdftoppm", "img2pdf")
    pdf = scan(two_up(tmp_path / "two-up.pdf", PAGES, embed=True), tmp_path / "two-up-scan.pdf")
    doc = extract_pdf(pdf, ocr=True, cache_dir=tmp_path / "cache")
    assert [s.number for s in doc.sections] == HEADINGS
    assert [(p.page, p.sheet) for p in doc.page_info] == [(1, 1), (2, 1), (3, 2), (4, 2)]
    assert {s.number: s for s in doc.sections}["3"].text == (
        "ISF-andelen er uendret og vil være 40 prosent. Enhetsprisen er 55 704 kroner."
    )


def _page(n: int, lines: list[tuple[float, float, str]], width: float = 842.0, height: float = 595.0) -> PageWords:
    """A page of words: (x0, x1, text) per line, 14 pt apart from the top."""
    words = [Word(t, x0, 60 + 14 * k, x1, 70 + 14 * k, 10.0, "Vera", False) for k, (x0, x1, t) in enumerate(lines)]
    return PageWords(n, width, height, words)


def test_a_landscape_report_in_two_columns_is_not_cut() -> None:
    """Two columns with a narrow gutter are one page's columns; so are wide ones once a heading (or a
    running header, or a table) runs across the middle on any page."""
    narrow = [(50, 412, "tekst i venstre spalte"), (430, 792, "tekst i høyre spalte")] * 10
    assert two_up_cut([_page(1, narrow), _page(2, narrow)]) is None
    wide = [(50, 380, "tekst i venstre spalte"), (460, 792, "tekst i høyre spalte")] * 10
    assert two_up_cut([_page(1, wide), _page(2, wide)]) is not None
    across = [(50, 600, "3 Kapittel over begge spalter"), *wide]
    assert two_up_cut([_page(1, wide), _page(2, across)]) is None


def test_portrait_pages_and_one_sided_sheets_are_not_cut() -> None:
    wide = [(50, 380, "tekst i venstre spalte"), (460, 792, "tekst i høyre spalte")] * 10
    assert two_up_cut([_page(1, wide, width=595.0, height=842.0)]) is None
    left_only = [(50, 380, "tekst bare til venstre")] * 10
    pages = [_page(1, left_only), _page(2, left_only)]
    assert two_up_cut(pages) is None
    assert split_two_up(pages) == pages


def test_three_pages_on_two_sheets_are_cut_the_last_sheet_holding_a_left_page_only(tmp_path: Path) -> None:
    """An odd number of pages: the last sheet's right half is blank, and the document is as two-up
    as with four pages."""
    doc = extract_pdf(two_up(tmp_path / "three.pdf", PAGES[:3]), ocr=False)
    assert [s.number for s in doc.sections] == HEADINGS[:6]
    assert [(p.page, p.sheet) for p in doc.page_info] == [(1, 1), (2, 1), (3, 2)]
    # (a landscape one-pager with text on its left only is still one page)
    left_only = [(50, 380, "tekst bare til venstre")] * 10
    assert two_up_cut([_page(1, left_only)]) is None
