"""A fast subset of the layout matrix (bench/layouts): born-digital families on the two shortest
documents and the layouts that used to fail on the longest, tracker only (no scans, no pymupdf4llm). The full matrix: ``python -m bench.layouts``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.layouts.__main__ import Cell, render_cell
from bench.layouts.web import CHROMIUM
from bench.score import score_document
from tracker.extract.pipeline import extract_pdf
from tracker.model import Document

BAR = 0.97

CELLS = [
    Cell("isf-2024-endringslogg", "word", "a"),
    Cell("isf-2024-endringslogg", "memo-toc", "b"),  # TOC with dot leaders, 'Side N av M', running header
    Cell("isf-2024-endringslogg", "two-column", "a"),  # chapter head in a full-width frame, full-width tables
    Cell("isf-2024-endringslogg", "designed-report", "band"),  # chapter title only in a band drawn last
    Cell("isf-2024-endringslogg", "designed-report", "bandlow"),  # same, title wraps to two lines in the band
    Cell("isf-2024-endringslogg", "outline", "unnumbered"),  # bookmarks
    Cell("isf-2020-informasjonsmote", "slides", "banner"),
    Cell("isf-2020-informasjonsmote", "slides", "rule"),
    Cell("isf-2020-informasjonsmote", "slides", "sidebar"),  # slide title in a left sidebar
    # The layouts the issue found failing, on the longest report: a table of contents with unnumbered
    # bold subheadings at body size, two columns with tables, a chapter sidebar beside the first title.
    Cell("isf-2025-grunnlagsdokument", "memo-toc", "a"),
    Cell("isf-2025-grunnlagsdokument", "two-column", "b"),
    Cell("isf-2025-grunnlagsdokument", "designed-report", "sidebar"),
    # A chapter's last page in two columns whose right column holds only a few lines: the stretch
    # inside that column that its rows leave free is wider than the gutter, but not free of rows.
    Cell("isf-2024-grunnlagsdokument", "two-column", "d"),
    # A two-page memo: its contents list on the first page under the title, one entry wrapped so
    # that its last line is "2023 ........ 2". The list is evidence, the title page a cover.
    Cell("isf-2024-endringslogg", "memo-toc", "e"),
    # Landscape A4 in three columns (held-out batch 4): neither a slide deck, though every page is
    # landscape, nor two columns; wrapped headings stay in their column.
    Cell("isf-2025-grunnlagsdokument", "two-column", "h"),
    # The same, a chapter's last page: the first column full, three ragged lines in the second,
    # the third empty (too few lines, and not justified, to show a column by their count alone).
    Cell("isf-2024-grunnlagsdokument", "two-column", "h"),
    # The chapter's number and title in a sidebar on the right, painted last (held-out batch 4).
    Cell("isf-2024-endringslogg", "designed-report", "rightbar"),
    # "UTKAST" drawn diagonally across every page (held-out batch 5): a watermark, no text; it had
    # become the document's level-1 heading.
    Cell("isf-2024-endringslogg", "word", "h"),
    # Headings in small caps, every fifth line numbered in the margin (held-out batch 5): the
    # small capitals, a full-size hyphen between them and the wrapped rest of a heading are one
    # heading; the line numbers are no text. Read as it came: 0.79/0.79.
    Cell("isf-2025-grunnlagsdokument", "x0-chapter", "d"),
    # The chapter's number large in a box beside a title of two lines, a thumb tab with the
    # chapter's number in the outer margin of its pages, a watermark (held-out batch 5): 0.00/0.05.
    Cell("isf-2025-grunnlagsdokument", "designed-report", "tabs"),
    # Slides whose bullets stand in two lists side by side, some under a paragraph that runs
    # across both (held-out batch 5, slide theme "split"): read row by row, body 0.953.
    Cell("isf-2027-informasjonsmote", "slides", "split"),
    # Each heading's number hanging in the margin on a line of its own, its title on the next line
    # in the text's column (held-out batch 12): the numbers were read as a column before the text,
    # every title unnumbered, 0.023 / 0.179 as it came.
    Cell("isf-2024-grunnlagsdokument", "x0-chapter", "k"),
    # Two columns of unequal width, a chapter's last page with one line in the right column
    # (held-out batch 12): the page showed no gutter by itself and the line was read inside the
    # wrapped section title beside it (0.965); the document's gutter, found on other pages, holds.
    Cell("isf-2024-grunnlagsdokument", "two-column", "p"),
    # Held-out batch 13, as it came: each heading's number set small before its title (0.000 /
    # 0.000); chapters numbered with a leading zero ("03") large beside titles of two lines (2025:
    # 0.077 / 0.137); bullet lists set in two columns, flowing from one into the next (0.975 body,
    # pymupdf4llm ahead at 0.987).
    Cell("isf-2024-grunnlagsdokument", "word", "p"),
    Cell("isf-2025-grunnlagsdokument", "designed-report", "zero"),
    Cell("isf-2024-grunnlagsdokument", "x0-chapter", "l"),
    # Held-out batch 14, as it came: every heading drawn over its drop shadow (0.000 / 0.000, each
    # title read twice); a badge "NY" / "ENDRET" on a box after a heading, the box drawn in three
    # pieces (0.963: its 2 pt end strip a column rule, the heading and its one-line paragraph a table).
    Cell("isf-2024-endringslogg", "designed-report", "shadow"),
    Cell("isf-2025-grunnlagsdokument", "x0-chapter", "m"),
]


def _extracted_at_bar(cell: Cell, tmp_path: Path) -> tuple[Document, dict]:
    """The cell rendered, extracted and scored; its heading F1 and body asserted at the bar."""
    pdf, gold = render_cell(cell, tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    s = score_document(doc, gold)
    assert s["heading_f1"] >= BAR, (s["missing"], s["extra"])
    assert s["body"] >= BAR
    return doc, s


def _scores_at_bar(cell: Cell, tmp_path: Path) -> dict:
    return _extracted_at_bar(cell, tmp_path)[1]


@pytest.mark.parametrize("cell", CELLS, ids=lambda c: f"{c.doc}-{c.family}-{c.variant}")
def test_layout_cell_meets_bar(tmp_path: Path, cell: Cell) -> None:
    _scores_at_bar(cell, tmp_path)


# Layouts printed by another generator (Chromium, bench/layouts/web.py), which the extractor was not
# written against: justified narrow columns whose stretched spaces split headings and rows apart,
# chapter heads spanning both columns with a word space at the gutter, tables ruled only below each
# row under a heading band of their width, two tables sharing their rules, a two-column introduction
# of three lines, and a contents list without page numbers (italic subheadings only it lists).
WEB_CELLS = [
    Cell("isf-2024-endringslogg", "web-print", "serif-hidden"),
    Cell("isf-2024-endringslogg", "web-print", "columns"),
    Cell("isf-2025-grunnlagsdokument", "web-print", "columns"),
    Cell("isf-2025-grunnlagsdokument", "web-print", "toc"),
    # A table whose fills a browser paints in abutting pieces of one colour (held-out batch 3): with
    # the pieces read apart the table was lost into the text (tables 0.682, body 0.979); joined into
    # one shape, it is found.
    Cell("isf-2025-grunnlagsdokument", "web-print", "margin-numbers"),
]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
@pytest.mark.parametrize("cell", WEB_CELLS, ids=lambda c: f"{c.doc}-{c.family}-{c.variant}")
def test_chromium_printed_cell_meets_bar(tmp_path: Path, cell: Cell) -> None:
    assert _scores_at_bar(cell, tmp_path)["tables"] >= 0.95


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_web_pages_menu_beside_every_page_its_update_stamps_and_feedback_box_are_no_text(tmp_path: Path) -> None:
    """Held-out batch 12: a web page printed with the site's menu down the left of every page
    (0.667 / 0.000 as it came: its intro's first line, in the body's colour, was taken for a
    heading, the site's colour counted as the body's by the title and menu; the menu on the second
    page, beside nothing but a table, was read into the text), and one with "Sist faglig oppdatert:
    11.12.2023" under each chapter's heading (body 0.935); held-out batch 13: one with the site's
    feedback box after the text, "Fant du det du lette etter?" over its Ja / Nei (body 0.796)."""
    for variant in ("sitenav", "dated", "toolbar"):
        (tmp_path / variant).mkdir()
        doc, _s = _extracted_at_bar(Cell("isf-2024-endringslogg", "web-print", variant), tmp_path / variant)
        text = "\n".join(sec.text for sec in doc.sections)
        assert "Kostnadsvekter" not in text and "Sist faglig oppdatert" not in text and "Fant du" not in text
        assert text.startswith("I tabellen gis en oversikt")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_hyphenated_draft_with_circled_chapter_numbers_and_a_watermark(tmp_path: Path) -> None:
    """Held-out batch 5 (web-print/draft), read as it came at 0.62 heading F1 and 0.66 body:
    soft-hyphenated justified text (Chromium writes a space of no width at each place a word may
    break, and the hyphen of a broken word as U+2010), chapter numbers in a circle a little below
    their title's row, letter-spaced capitals for level 2, "UTKAST" drawn diagonally on every page."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "web-print", "draft"), tmp_path)
    text = "\n".join(sec.text for sec in doc.sections)
    assert "UTKAST" not in text and "U T K" not in text
    assert "Digital hjemmeoppfølging har fortsatt fokus" in text
    titles = {sec.number: sec.title for sec in doc.sections}
    assert titles["3"] == "OVERORDNET OM ISF-UTVIKLING"
    assert titles["6.14"].upper() == "FORLØP FOR INNSETTING AV KNEPROTESE"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_rows_ruled_by_dotted_lines_stay_in_their_table(tmp_path: Path) -> None:
    """The change log in the same draft style: rows are parted by dotted rules, which Chromium draws
    as rows of tiny squares. The last row on the first page lies under such a rule only; it was
    left out of the table and read as a paragraph of the introduction (body 0.81, tables 0.50)."""
    pdf, gold = render_cell(Cell("isf-2024-endringslogg", "web-print", "draft"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    s = score_document(doc, gold)
    assert s["body"] >= BAR and s["tables"] >= 0.95
    rows = [cell for t in doc.tables for row in t.rows for cell in row]
    assert any(cell.startswith("Vedlegg B1") for cell in rows)
    assert "Vedlegg B1" not in doc.sections[0].text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_side_heads_are_read_before_their_paragraphs(tmp_path: Path) -> None:
    """Held-out batch 5 (web-print/sidehead): level-2 and level-3 heads float in a column left of
    the text, each beside its paragraph's first line; a head of several lines beside a paragraph
    of one pushes the heads after it down, under one another. Each chapter head has a rule above
    it across the page. Read as it came: every head of a page before its text (body 0.29), and
    the rules above chapters 1-3 taken as a table holding chapters 1 and 2."""
    doc, s = _extracted_at_bar(Cell("isf-2024-grunnlagsdokument", "web-print", "sidehead"), tmp_path)
    sections = {sec.number: sec for sec in doc.sections}
    assert sections["1"].title.upper() == "INNLEDNING"
    assert sections["1"].text.startswith("Dette dokumentet beskriver vesentlige endringer")
    assert sections["3.1"].text.startswith("Fra 2024 er hovedregelen")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_three_css_columns_on_landscape_pages_are_read_column_by_column(tmp_path: Path) -> None:
    """A brochure in three CSS columns on landscape A4, chapter heads and tables across all three
    (held-out batch 4, web-print/trio): read across, its text came out 0.24 similar to the gold.
    Chromium's rendering of it differs with the machine's other fonts, though DejaVu is embedded
    (body 0.987 with this machine's fonts, 0.954 with fontconfig limited to DejaVu; the cause is not
    known), so the body is held to 0.95 here."""
    pdf, gold = render_cell(Cell("isf-2025-grunnlagsdokument", "web-print", "trio"), tmp_path)
    s = score_document(extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache"), gold)
    assert s["heading_f1"] >= BAR, (s["missing"], s["extra"])
    assert s["body"] >= 0.95


# Held-out batch 6, as it came (tracker at ea2cae9, bench/results/layouts-holdout6.txt): the cells
# below scored heading F1 / body 0.756/0.973, 0.970/0.861, 0.000/0.000 (numbers lost; 0.762/0.760
# is the ceiling of this document with level-2 numbers not printed), 0.633/0.782, 0.832/0.878 and
# 1.000/0.744.


def test_a_chapter_label_over_its_title_gives_the_chapter_its_number(tmp_path: Path) -> None:
    """two-column/j: "Kapittel 3" on a line of its own over each chapter title, at the same place
    on every chapter's first page (so it repeats like a running header); chapter 1's page holds
    little text besides (so it looked like a cover)."""
    doc, s = _extracted_at_bar(Cell("isf-2024-grunnlagsdokument", "two-column", "j"), tmp_path)
    titles = {sec.number: sec.title.upper() for sec in doc.sections}
    assert titles["1"] == "INNLEDNING"
    assert titles["3"] == "GENERELLE REGLER"
    assert not any(sec.title.lower().startswith("kapittel") for sec in doc.sections)


def test_run_in_heads_are_split_off_their_paragraphs(tmp_path: Path) -> None:
    """word/i: level-3 heads set in bold at the start of their paragraph's first line, ending in a
    full stop ("Justering i kostnadsvekter. ISF-refusjon baserer seg ...")."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "word", "i"), tmp_path)
    head = next(sec for sec in doc.sections if sec.title == "Justering i kostnadsvekter")
    assert head.level == 3 and head.number is None
    assert head.text.startswith("ISF-refusjon baserer seg generelt")


def test_a_display_number_beside_a_chapter_title_is_its_number(tmp_path: Path) -> None:
    """designed-report/cover: a cover and a colophon page; each chapter opens with its number very
    large in extra-light type at the right, the title at the left, starting level with the number
    or under it."""
    pdf, gold = render_cell(Cell("isf-2024-grunnlagsdokument", "designed-report", "cover"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    chapters = {sec.number: sec.title.upper() for sec in doc.sections if sec.level == 1}
    assert chapters["1"] == "INNLEDNING"
    assert chapters["4"] == "ISF FOR PSYKISK HELSEVERN OG TVERRFAGLIG SPESIALISERT RUSBEHANDLING"
    assert chapters["8"] == "PRESISERINGER OG ANNEN INFORMASJON"
    assert score_document(doc, gold)["heading_f1"] >= 0.76  # the ceiling: "5.0" is not printed


def test_a_slide_title_in_a_column_beside_the_text_keeps_its_wrapped_lines(tmp_path: Path) -> None:
    """slides/right-title: the title set right-aligned in a narrow column right of the text, behind
    a vertical rule; its lines stand level with the text's, read in step with them by height."""
    doc, s = _extracted_at_bar(Cell("isf-2027-informasjonsmote", "slides", "right-title"), tmp_path)
    assert "Presiseringsdokument 2026 – publisert 12.mai" in {sec.title for sec in doc.sections}


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_contents_list_in_ruled_columns_without_page_numbers_is_evidence(tmp_path: Path) -> None:
    """web-print/paged: a contents list without page numbers in two columns parted by a rule, its
    entries wrapped at other widths than the titles in the text, the chapters listed with numbers
    that the text prints apart ("Kapittel 5" over the title)."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "web-print", "paged"), tmp_path)
    assert not any(sec.title.lower() == "innhold" for sec in doc.sections)
    titles = {sec.number: sec.title.upper() for sec in doc.sections}
    assert titles["5"] == "ISF FOR PSYKISK HELSEVERN OG TVERRFAGLIG SPESIALISERT RUSBEHANDLING"
    assert titles["7.3"] == "ENDRINGER I TJENESTEFORLØP (TFG-SYSTEMET)"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_table_in_a_card_with_rounded_corners_keeps_its_last_row(tmp_path: Path) -> None:
    """web-print/accordion: each table in a card whose rounded border is one stroked curve; rows
    are ruled between, so the last row is closed by the card's edge alone."""
    pdf, gold = render_cell(Cell("isf-2024-endringslogg", "web-print", "accordion"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    s = score_document(doc, gold)
    assert s["body"] >= BAR and s["tables"] >= 0.95
    rows = [cell for t in doc.tables for row in t.rows for cell in row]
    assert any("TD998A" in cell for cell in rows)
    assert "TD998A" not in doc.sections[0].text


# Held-out batch 7, as it came (tracker at fb63082, bench/results/layouts-holdout7.txt): the cells
# below scored heading F1 / body 0.622/0.738, 1.000/0.743 (characters 0.483), 0.000/0.000,
# 0.234/0.204 and 0.000/0.000.


def test_a_heading_number_in_another_weight_than_its_title_keeps_the_wrapped_title_whole(tmp_path: Path) -> None:
    """word/j: each heading's number in the accent's regular weight before a bold title; a title
    that wraps goes on in bold on the next line. The number is no part of the title's type."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "word", "j"), tmp_path)
    titles = {sec.number: sec.title.upper() for sec in doc.sections}
    assert titles["2"] == "FORENKLING AV ISF-REGELVERKET"
    assert "2.1" not in titles


def test_text_run_up_the_margin_is_no_part_of_the_text(tmp_path: Path) -> None:
    """word/j: "Helsedirektoratet · <title>" set turned a quarter in the right margin of every page,
    read glyph by glyph into one-letter lines of the body ("3202 t k o . 61 a r f")."""
    doc, s = _extracted_at_bar(Cell("isf-2024-endringslogg", "word", "j"), tmp_path)
    assert s["chars"] >= BAR
    assert not any(len(line) <= 4 for sec in doc.sections for line in sec.text.splitlines())


def test_headings_set_off_by_a_square_are_headings_not_bullet_items(tmp_path: Path) -> None:
    """memo-toc/j: every heading starts with a "■" in the accent, the glyph a list item starts with;
    the document's lists use other marks, each list two items or more."""
    doc, s = _extracted_at_bar(Cell("isf-2024-grunnlagsdokument", "memo-toc", "j"), tmp_path)
    assert not any(sec.title.startswith("■") for sec in doc.sections)


def test_a_pull_quote_is_no_heading(tmp_path: Path) -> None:
    """designed-report/photo: each chapter has a pull quote, a sentence of its text repeated in large
    italic between two rules; it was taken for the chapter's first level-2 heading, and the real
    level-2 heads moved a level down."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "designed-report", "photo"), tmp_path)
    quote = "Dette arbeidet har ført til enkelte justeringer i den tekstlige omtalen"
    assert not any(sec.title.startswith(quote) for sec in doc.sections)
    assert sum(sec.text.count(quote) for sec in doc.sections) == 1  # the sentence once, where it stands in the text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_title_in_a_column_beside_margin_text_run_up_the_page(tmp_path: Path) -> None:
    """web-print/vertical: text run up the margin by a fixed element on every page, two CSS columns
    with the title wrapped inside the first; the title came out as three headings and the text was
    lost (characters 0.000). (Where Chromium breaks the last table's header row across the page
    break depends on the machine's font rendering: on some machines its first line is left above
    the break, in the text. That is not asserted here.)"""
    pdf, gold = render_cell(Cell("isf-2024-endringslogg", "web-print", "vertical"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    s = score_document(doc, gold)
    assert s["heading_f1"] >= BAR and s["chars"] >= 0.85, (s["missing"], s["extra"])
    assert [sec.title for sec in doc.sections] == [gold["sections"][0]["title"]]
    assert doc.sections[0].text.startswith("I tabellen gis en oversikt over endringer foretatt fra foreløpig til "
                                           "endelig ISF-regelverk. Mindre korrekturendringer er ikke tatt med her.")


# Held-out batch 8, as it came (tracker at 6b91cfb, bench/results/layouts-holdout8.txt): the cells
# below scored heading F1 / body 1.000/0.676 (characters 0.284), 1.000/0.807, 0.976/0.925,
# 1.000/0.758, 0.923/0.863, 0.983/0.961 and 1.000/0.942.


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_running_matter_in_the_outer_margin_and_rows_ruled_by_dashes(tmp_path: Path) -> None:
    """web-print/outer: mirrored margins, the page number in the outer side margin level with the foot
    of the text, the running header at the outer corner (the organisation on odd pages, the title on
    even ones), and table rows ruled by dashed lines a browser draws as rows of filled dashes. The
    header, the numbers and the rows' cells were body text, and the rows ran together."""
    doc, s = _extracted_at_bar(Cell("isf-2024-endringslogg", "web-print", "outer"), tmp_path)
    assert s["chars"] >= BAR and s["tables"] >= 0.95
    assert doc.preamble == ""
    assert not any(line.isdigit() or line.startswith("Endringslogg") for line in doc.sections[0].text.splitlines())


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_tables_rows_under_its_header_rule_cut_off_by_a_page_break(tmp_path: Path) -> None:
    """web-print/counters: tables between two rules with a double rule under the header; the page
    break cuts the second table before its closing rule, and its last row on the page stood under
    the rule with no rule below. It was read as text."""
    doc, s = _extracted_at_bar(Cell("isf-2024-endringslogg", "web-print", "counters"), tmp_path)
    assert "TD01A" not in doc.sections[0].text
    assert any("TD01A" in cell for t in doc.tables for row in t.rows for cell in row)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_box_floated_beside_the_text_is_read_where_it_stands(tmp_path: Path) -> None:
    """web-print/counters: a section's short first paragraph in a box with rounded corners floated left,
    the text running beside it and under it. The box's lines were read with the lines beside them,
    or before the heading above it."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "web-print", "counters"), tmp_path)
    proton = next(sec for sec in doc.sections if sec.number == "6.8").text
    assert proton.startswith("Protonterapi er et nytt nasjonalt behandlingstilbud som skal etableres i Helse Sør-Øst")
    assert "I 2024 var det seks særkoder" in next(sec for sec in doc.sections if sec.number == "7.4").text


def test_text_in_columns_balanced_under_each_heading_between_tables(tmp_path: Path) -> None:
    """two-column/l: each section's text in two short columns balanced under its heading, tables across
    the page between them. A running header over a rule had become the header of a "table" made of
    both columns; columns of three lines, a paragraph break at the gap, were read across; and a
    heading with its columns between two tables became a row of the table above."""
    doc, s = _extracted_at_bar(Cell("isf-2024-grunnlagsdokument", "two-column", "l"), tmp_path)
    assert not any(t.header and t.header[0].startswith("Grunnlagsdokument") for t in doc.tables)
    assert next(sec for sec in doc.sections if sec.number == "6.3").text.startswith(
        "Det opprettes ingen nye forløp med finansiering i 2024.")


def test_a_chapter_title_whose_first_line_fits_a_column_stays_whole(tmp_path: Path) -> None:
    """two-column/l: once the page's columns are found from the short blocks under its headings (the
    code before read them across, title and all), a chapter title of two lines, the first short
    enough to stand in the left column, was cut in two by the right column's lines read between."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "two-column", "l"), tmp_path)
    titles = {sec.number: sec.title.upper() for sec in doc.sections}
    assert titles["6"] == "ISF FOR SOMATISK SPESIALISTHELSETJENESTE"
    assert "SPESIALISTHELSETJENESTE" not in [sec.title.upper() for sec in doc.sections if sec.number is None]


def test_the_endringslogg_intro_in_two_short_columns(tmp_path: Path) -> None:
    doc, s = _extracted_at_bar(Cell("isf-2024-endringslogg", "two-column", "l"), tmp_path)
    assert doc.sections[0].text.startswith("I tabellen gis en oversikt over endringer foretatt fra foreløpig til "
                                           "endelig ISF-regelverk. Mindre korrekturendringer er ikke tatt med her.")


def test_a_flat_outline_says_nothing_of_levels(tmp_path: Path) -> None:
    """outline/landscape: every bookmark at the top level, without numbers. The unnumbered level-3
    headings took the outline's level 1 and were numbered as chapters 5 to 8."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "outline", "landscape"), tmp_path)
    kostnad = next(sec for sec in doc.sections if sec.title == "Justering i kostnadsvekter")
    assert kostnad.number is None and kostnad.level == 3


def test_a_handout_of_two_framed_slides_a_page(tmp_path: Path) -> None:
    """slides/handout: two slides a portrait page, each framed with its own footer (the organisation and
    its number) mid-page. The first page, the title slide over the agenda, was taken for a cover and
    dropped; the slides' footers were body text."""
    doc, s = _extracted_at_bar(Cell("isf-2027-informasjonsmote", "slides", "handout"), tmp_path)
    assert [sec.title for sec in doc.sections[:2]] == ["Informasjonsmøte om ISF 2027 og nytt i kodeverkene med mer",
                                                       "Dagsorden"]
    # (one line of a slide's own text reads so, in source.md; every slide's footer did besides)
    assert sum(line == "Helsedirektoratet" for sec in doc.sections for line in sec.text.splitlines()) == 1


# Held-out batch 9, as it came (tracker at 9a8ce60, bench/results/layouts-holdout9.txt): the cells
# below scored heading F1 / body 0.000/0.137, 0.000/0.000 (characters 0.000), 0.617/0.804,
# 0.250/0.000, 0.667/1.000, 0.981/1.000 and 0.667/0.772; web-print/details 0.186/0.019 with a
# marker the bench wrote wrong, 0.727/0.605 once it was mended (bench/README.md, batch 9).


def test_a_title_page_for_each_chapter(tmp_path: Path) -> None:
    """designed-report/chapterpage: each chapter opens on a page of its own, its number large at the
    foot of a coloured panel, its title at mid-page beside it. The first such page was taken for a
    cover and dropped, and every chapter after took the number before it."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "designed-report", "chapterpage"), tmp_path)
    assert [(sec.number, sec.title) for sec in doc.sections[:2]] == [("1", "INNLEDNING"),
                                                                      ("2", "FORENKLING AV ISF-REGELVERKET")]


def test_a_document_whose_one_heading_is_its_title_on_a_page_of_its_own(tmp_path: Path) -> None:
    """designed-report/chapterpage of the endringslogg: the title alone on the first page, the text
    from the next. The page was a cover, and the document had no section at all."""
    doc, s = _extracted_at_bar(Cell("isf-2024-endringslogg", "designed-report", "chapterpage"), tmp_path)
    assert len(doc.sections) == 1 and doc.preamble == ""
    assert doc.sections[0].text.startswith("I tabellen gis en oversikt over endringer")


def test_heading_numbers_set_flush_right_after_the_title(tmp_path: Path) -> None:
    """outline/numright: each heading's number at the right margin, on the title's first row, in the
    text's weight. The numbers were read as the first line of each section's text, and a title
    wrapped after a comma was cut in two."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "outline", "numright"), tmp_path)
    titles = {sec.number: sec.title for sec in doc.sections}
    assert titles["6.5"] == "Kjeveortopedi kraniofaciale tilstander og leppe-, kjeve- og ganespalte"
    assert not any(sec.text.split("\n", 1)[0] == sec.number for sec in doc.sections if sec.number)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_sections_in_open_accordions_between_rules_are_no_table(tmp_path: Path) -> None:
    """web-print/details: each level-2 section an open accordion, a ▾ before its heading and a rule
    above and below it. The marker stood in a column of its own, and sections became the rows of a
    two-column "table" whose first column held only markers (and a chapter's number)."""
    doc, s = _extracted_at_bar(Cell("isf-2024-grunnlagsdokument", "web-print", "details"), tmp_path)
    assert not any("▾" in cell for t in doc.tables for cell in [*t.header, *(c for r in t.rows for c in r)])
    assert not any("▾" in sec.text for sec in doc.sections)
    assert "5" in {sec.number for sec in doc.sections}


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_web_page_printed_under_its_cookie_notice_and_menu(tmp_path: Path) -> None:
    """web-print/sitechrome: a cookie notice with its buttons and the site's name and menu above the
    page's title. They were headings of their own, and the lead paragraph, set larger than the
    notice's text (the most text outside the tables), became one too."""
    doc, s = _extracted_at_bar(Cell("isf-2024-endringslogg", "web-print", "sitechrome"), tmp_path)
    assert len(doc.sections) == 1 and doc.sections[0].title.startswith("Endringslogg – ISF-regelverk 2024")
    assert doc.sections[0].text.startswith("I tabellen gis en oversikt over endringer")


def test_a_memo_with_its_title_twice_and_its_contents_at_the_end(tmp_path: Path) -> None:
    """memo-toc/l: the memo's title at the head of its first page, the contents list on its last.
    The endringslogg's title, set again as its one heading, was two sections; the reports' title
    was a section, and the contents list's title ("Innhold") one more."""
    doc, s = _extracted_at_bar(Cell("isf-2024-endringslogg", "memo-toc", "l"), tmp_path)
    assert len(doc.sections) == 1
    (tmp_path / "report").mkdir()
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "memo-toc", "l"), tmp_path / "report")
    assert doc.sections[0].number == "1"
    assert "Innhold" not in [sec.title for sec in doc.sections]
    assert "......" not in doc.sections[-1].text


def test_a_slide_title_whose_second_line_is_in_another_colour(tmp_path: Path) -> None:
    """slides/twoline: the title's second line in another colour and weight. It was cut off the title."""
    doc, s = _extracted_at_bar(Cell("isf-2020-informasjonsmote", "slides", "twoline"), tmp_path)
    assert doc.sections[0].title == "Meld. St. 7 (2019-2020) Nasjonal helse- og sykehusplan 2020-23"


def test_a_slide_title_set_up_the_slides_side(tmp_path: Path) -> None:
    """slides/vertical: the title turned a quarter, read upwards, on a strip at the slide's left edge
    (PowerPoint's vertical title). It was dropped as margin furniture, and the slide's first numbered
    heading, "4.2 …", took the next one, "4.2.1 Fellesregler", into its title."""
    doc, s = _extracted_at_bar(Cell("isf-2020-informasjonsmote", "slides", "vertical"), tmp_path)
    titles = [(sec.number, sec.title) for sec in doc.sections]
    assert (None, "Prop. 1 S (2019-2020) – Programkategori 10.30 Spesialisthelsetjenester") in titles
    assert ("4.2.1", "Fellesregler") in titles


def test_heading_numbers_followed_by_a_dash(tmp_path: Path) -> None:
    """word/m: "3.2 — Tittel", a spaced em dash between each heading's number and its title. The
    dash was read as the title's first word and the number was lost."""
    doc, s = _extracted_at_bar(Cell("isf-2024-grunnlagsdokument", "word", "m"), tmp_path)
    titles = {sec.number: sec.title for sec in doc.sections}
    assert titles["3.1"] == "Multippel koding"


def test_a_chapter_number_set_huge_and_pale_behind_its_title(tmp_path: Path) -> None:
    """designed-report/ghost: each chapter's number very large and pale behind its title and the
    text's first lines. Its glyph joined the rows it overlaps, and title and text ran together."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "designed-report", "ghost"), tmp_path)
    assert ("2", "FORENKLING AV ISF-REGELVERKET") in {(sec.number, sec.title) for sec in doc.sections}


def test_an_ingress_set_large_across_two_columns_is_text(tmp_path: Path) -> None:
    """two-column/n: each chapter's first paragraph set larger and coloured across both columns. Its
    first line, short of a sentence's end, was a heading."""
    doc, s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "two-column", "n"), tmp_path)
    chapter = next(sec for sec in doc.sections if sec.number == "2")
    assert chapter.text.startswith("I arbeidet med ISF-regelverk for 2025")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_web_page_with_an_on_this_page_list_beside_its_title(tmp_path: Path) -> None:
    """web-print/onthispage: the site's "På denne siden" list of the chapters down the left of the
    page, level with the title. A title broken after "ISF-" lost its second line, the list's lines
    read between, and the list was text of the first chapter. (The endringslogg in this layout is
    still short of the bar, and is not asserted: its table's header rows lose lines, more of them
    where fontconfig has only DejaVu.)"""
    doc, s = _extracted_at_bar(Cell("isf-2024-grunnlagsdokument", "web-print", "onthispage"), tmp_path)
    assert ("2", "OVERORDNET OM ISF-UTVIKLING") in {(sec.number, sec.title) for sec in doc.sections}
    assert not any("På denne siden" in sec.text for sec in doc.sections) and "På denne siden" not in doc.preamble


def test_three_columns_on_a_portrait_page_with_a_short_third_column(tmp_path: Path) -> None:
    """two-column/o (batch 11): three columns of 8 pt text on portrait pages, the third holding five
    lines at the top of a page. The gutter beside it ran into it, the page's columns were not found,
    and the lines of the first two were read across: a title wrapped in its column ("3.3
    Samarbeidsaktiviteter / med samarbeidsparter utenfor / spesialisthelsetjenesten") fell apart."""
    doc, _s = _extracted_at_bar(Cell("isf-2024-grunnlagsdokument", "two-column", "o"), tmp_path)
    titles = {(sec.number, sec.title) for sec in doc.sections}
    assert ("3.3", "Samarbeidsaktiviteter med samarbeidsparter utenfor spesialisthelsetjenesten") in titles


UNSEEN = [("isf-2026-presiseringsdokument", "word", "a"), ("isf-2026-notat", "web-print", "toc"),
          ("isf-2026-notat", "memo-toc", "a"), ("isf-2026-presiseringsdokument", "x0-chapter", "a")]


@pytest.mark.parametrize("cell", UNSEEN, ids=lambda c: "-".join(c))
def test_documents_written_blind_meet_the_bar(tmp_path: Path, cell: tuple[str, str, str]) -> None:
    """Documents the extractor was never fitted to (bench/layouts/docs): a presiseringsdokument whose
    appendix chapters ("Vedlegg 1 …", "Tabell V1 …" captions) and a section after a deeper one
    ("Eksempler" after 3.3.2) print no number; a memo with no number at all, with a contents list
    whose entries end in dotted leaders drawn as rules, without page numbers, and set in a
    monospaced face (whose word space was taken for a table's column gap); the
    presiseringsdokument with a "1.0 Innledning" before unnumbered sections in its style ("Om dette
    dokumentet"), its third level numbered in a style of its own: siblings, no subsections."""
    if cell[1] == "web-print" and not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (scripts/bootstrap.sh)")
    _extracted_at_bar(Cell(*cell), tmp_path)


def test_gold_from_markdown_reproduces_the_corpus_gold() -> None:
    from bench.layouts.source import verify

    assert verify() == 0


def test_x0_transform_adds_n0_sections() -> None:
    from bench.layouts.source import gold_from_source, read_source, x0_transform

    gold = gold_from_source(x0_transform(read_source("isf-2024-grunnlagsdokument")))
    numbers = [s["number"] for s in gold["sections"]]
    assert "1.0" in numbers and "2.0" in numbers
    intro = next(s for s in gold["sections"] if s["number"] == "1.0")
    assert intro["level"] == 2 and intro["text"].startswith("Dette dokumentet")
    assert next(s for s in gold["sections"] if s["number"] == "1")["text"] == ""


SCAN_BAR = 0.93


def _scan_scores_at_bar(cell: Cell, tmp_path: Path) -> dict:
    """A scanned cell rendered, OCR'd and scored; its heading F1 and body asserted at the scan bar."""
    _doc, s = _scanned(cell, tmp_path)
    assert s["heading_f1"] >= SCAN_BAR and s["body"] >= SCAN_BAR, (s["missing"], s["extra"])
    return s


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_scanned_chromium_print_keeps_its_hairline_table(tmp_path: Path) -> None:
    """The endringslogg printed by Chromium with tables ruled by hairlines, then scanned with a slight
    skew: the skew makes each rule a staircase many pixel rows tall, and the last table was lost
    to the body text while rules came back as thick as their staircase."""
    s = _scan_scores_at_bar(Cell("isf-2024-endringslogg", "scan-web-print", "serif-hidden"), tmp_path)
    assert s["tables"] >= 0.95


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_landscape_page_scanned_askew_is_read_straight(tmp_path: Path) -> None:
    """The one-page endringslogg in three columns on landscape A4, scanned at 1.2° with JPEG
    artefacts (held-out batch 4, scan-web-print/trio): across 27 cm its rows drift by 16 pt, so a
    table row's cells stood at the heights of different rows, and the footer's two ends apart.
    Nothing of it was read right (heading F1 and body 0.000) until the page was turned straight.
    With fontconfig limited to DejaVu, Chromium sets a first cell's line up to 4 pt from the next
    cell: a column gap found only because every line of the table leaves it free."""
    s = _scan_scores_at_bar(Cell("isf-2024-endringslogg", "scan-web-print", "trio"), tmp_path)
    # (cells exactly right: JPEG artefacts cost a few, "B1" read as "Bl"; tables scored 0.107 askew)
    assert s["tables"] >= 0.8


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_table_broken_between_two_columns_is_one_table(tmp_path: Path) -> None:
    """The endringslogg as a two-column brochure printed by Chromium: its tables sit in the columns,
    ruled only above each row (no rule under the last), and the first one breaks at the foot of
    the left column, in the middle of a row, and goes on in the right column under its repeated
    header. It is one table, its broken row one row, its last row kept; the text above the
    tables stays body text."""
    pdf, gold = render_cell(Cell("isf-2024-endringslogg", "web-print", "brochure"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    s = score_document(doc, gold)
    assert s["heading_f1"] == 1.0 and s["body"] >= BAR, (s["missing"], s["extra"])
    assert s["tables"] == 1.0
    changes = doc.tables[0]
    assert [r[0] for r in changes.rows][3:5] == ["Kapittel 5.21.4 Pasientregistrerte data", "Kapittel 5.22 "
                                                 "Samarbeidsaktiviteter med samarbeidspart utenfor "
                                                 "spesialisthelsetjenesten"]
    assert changes.rows[3][1].endswith("uten at det er gjort innholdsmessige endringer i selve reglene.")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_tables_inside_one_column_leave_the_columns_in_reading_order(tmp_path: Path) -> None:
    """The 2024 grunnlagsdokument as the same brochure: narrow tables inside a column, ruled cell by
    cell (each cell its own short border), captions beside the other column's text, ragged-right
    columns 5 mm apart. A table inside one column does not cut the page into bands, its caption
    takes no words from the column beside it, and the narrow first column's borders are part
    of the table's rules."""
    doc, s = _extracted_at_bar(Cell("isf-2024-grunnlagsdokument", "web-print", "brochure"), tmp_path)
    tfg = [t for t in doc.tables if t.header == ["TFG", "HDG", "Navn"]]
    assert [r[0] for t in tfg for r in t.rows][:2] == ["PT11", "PT12"]
    section = next(sec for sec in doc.sections if sec.number == "5.3")
    assert section.text.endswith("ingen klar sammenheng mellom insentivet og faktisk oppnådd resultat.")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_table_banded_by_row_colour_is_a_table(tmp_path: Path) -> None:
    """The 2025 grunnlagsdokument as a web page whose tables have no rules: a dark header band and
    every other row on a light band. The bands' edges are the rows' boundaries: the table of
    renumbered chapters keeps its rows on the page where it starts, none of them in the text."""
    pdf, gold = render_cell(Cell("isf-2025-grunnlagsdokument", "web-print", "zebra"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    s = score_document(doc, gold)
    assert s["heading_f1"] == 1.0 and s["body"] >= 0.99, (s["missing"], s["extra"])
    assert s["tables"] >= 0.95
    section = next(sec for sec in doc.sections if sec.number == "2")
    assert "Punkter 2024" not in section.text


def test_gridded_rows_of_long_text_in_two_equal_cells_stay_rows(tmp_path: Path) -> None:
    """The endringslogg as a monospace memo: its table of changes has two equal columns ruled as a
    grid, and a row with several lines in both cells has its cell gap at the middle of the page,
    like the gutter between two columns of running text. The vertical rule through it says it is a
    row: the table stays whole and none of its rows goes into the body text."""
    pdf, gold = render_cell(Cell("isf-2024-endringslogg", "memo-toc", "a"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    s = score_document(doc, gold)
    assert s["body"] >= BAR and s["tables"] == 1.0
    assert not any("Kapittel 7.3" in sec.text for sec in doc.sections)


def _scanned(cell: Cell, tmp_path: Path) -> tuple[object, dict]:
    for tool in ("tesseract", "pdftoppm", "img2pdf"):
        if shutil.which(tool) is None:
            pytest.skip(f"missing tool: {tool}")
    pdf, gold = render_cell(cell, tmp_path)
    doc = extract_pdf(pdf, cache_dir=tmp_path / "cache")
    return doc, score_document(doc, gold)


def test_scanned_report_keeps_its_grey_hairline_rows(tmp_path: Path) -> None:
    """The endringslogg as a designed report, printed and scanned: its rows are ruled by grey
    0.3 pt hairlines, which a 200 dpi scan with noise leaves lighter than text. They are still
    rules, so the table keeps its rows and none becomes a heading; the first line of the
    paragraph under the band, read a little large from its ink, is not a heading either."""
    _doc, s = _scanned(Cell("isf-2024-endringslogg", "scan-designed-report", "bandmid"), tmp_path)
    assert s["heading_f1"] == 1.0 and s["body"] >= SCAN_BAR, (s["missing"], s["extra"])
    assert s["tables"] >= 0.95


def test_scanned_memo_with_a_one_entry_contents_list(tmp_path: Path) -> None:
    """The endringslogg as a memo, scanned: its contents list has one entry, wrapped over two lines
    whose leaders and page number OCR garbles, and the running header reads with another dash
    on the first page. The list is evidence, not a heading; the header repeats; the memo's one
    chapter is its one section, and the table under it keeps its header."""
    _doc, s = _scanned(Cell("isf-2024-endringslogg", "scan-memo-toc", "d"), tmp_path)
    assert s["heading_f1"] == 1.0 and s["body"] >= SCAN_BAR, (s["missing"], s["extra"])
    assert s["tables"] >= 0.95


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_three_columns_between_tables_that_share_their_rules_are_text(tmp_path: Path) -> None:
    """In the three-column brochure (web-print/trio), tables across the page share their rules'
    width, so one ladder runs from a table at the top of a page through the columns of text below
    it to the next table. That strip of text, too short for columns of its own to show, has a
    free gap at each of the page's gutters: it is text (sections 6.2 and 6.3 were lost in a table
    row), and the one-row STG table stays a table of its own."""
    pdf, gold = render_cell(Cell("isf-2024-grunnlagsdokument", "web-print", "trio"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    s = score_document(doc, gold)
    assert s["heading_f1"] >= BAR, (s["missing"], s["extra"])
    assert s["body"] >= BAR
    assert [t.rows for t in doc.tables if t.header == ["STG", "HDG", "Navn"]] == [[["JS09", "09", "Annen lysbehandling"]]]
    assert "Spesialisthelsetjenester som finner sted" in next(x for x in doc.sections if x.number == "6.2").text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_two_line_introduction_in_three_columns_and_a_one_page_footer(tmp_path: Path) -> None:
    """The endringslogg as a one-page brochure: an introduction of two lines in three CSS columns
    above the full-width table (too few rows to find columns by counting; its sentences run on
    from one column into the next), and a footer that repeats the title beside "Side 1" (one page:
    nothing to find it repeated on). Read across, the introduction came out 0.69 similar."""
    pdf, gold = render_cell(Cell("isf-2024-endringslogg", "web-print", "trio"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    s = score_document(doc, gold)
    assert s["heading_f1"] >= BAR and s["body"] >= BAR, s
    intro = doc.sections[0].text
    assert intro.startswith("I tabellen gis en oversikt over endringer foretatt fra foreløpig til endelig")
    assert "Side 1" not in intro and intro.count("Endringslogg") == 0


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_a_header_cell_wrapped_over_two_lines_stays_in_the_header(tmp_path: Path) -> None:
    """A bold header cell wrapped over two lines ("ISF-regelverket – hvor / endring") above a table
    ruled only below its rows: its first line is in one piece, like the end of a lead-in sentence
    above a table, but set in bold like the header row under it (web-print/strip)."""
    pdf, gold = render_cell(Cell("isf-2024-endringslogg", "web-print", "strip"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    assert doc.tables[0].header == ["ISF-regelverket – hvor endring", "Hva endres"]
    assert "hvor" not in doc.sections[0].text
    assert score_document(doc, gold)["body"] >= BAR


def test_a_lead_in_line_between_two_tables_sharing_their_rules_is_text(tmp_path: Path) -> None:
    """In the two-column web print, the STG table and the DRG table below it have the same width, so
    their rules make one ladder, and the lead-in "STG-er som utgår:" between them sits in a strip
    of it like a last row. It runs across the gap between the first two columns that every row
    leaves free: it is text of section 6.2, and the tables keep their three columns."""
    pdf, _gold = render_cell(Cell("isf-2024-grunnlagsdokument", "web-print", "columns"), tmp_path)
    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    stg = [t for t in doc.tables if t.header == ["STG", "HDG", "Navn"]]
    assert [t.rows for t in stg] == [[["JS09", "09", "Annen lysbehandling"]]]
    section = next(s for s in doc.sections if s.number == "6.2")
    assert "STG-er som utgår:" in section.text


def test_slide_titles_printed_at_the_foot_head_their_slides(tmp_path: Path) -> None:
    """A deck whose theme prints each slide's title at the foot, over a short rule, with the deck's
    title and "n / N" in the footer: on most slides the largest text stands in the lower half, so
    the deck's titles are read there (a slide that carries a numbered rule's title at its top keeps
    it), and each title heads its own slide's text, not the text of the slide after it."""
    s = _scores_at_bar(Cell("isf-2020-informasjonsmote", "slides", "bottom-title"), tmp_path)
    assert s["heading_f1"] == 1.0 and s["body"] >= 0.99, (s["missing"], s["extra"])


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)")
def test_small_caps_headings_and_underlined_chapter_heads(tmp_path: Path) -> None:
    """Two web prints: level-3 headings in small capitals (the initial drawn at the full size, the
    other letters as smaller capitals, which split "Justering" into "J" and "USTERING") are
    headings; and a chapter head ruled underneath, right after a table ruled only by its column
    rules, is a heading, not the table's last row."""
    for variant in ("numbox", "margin-numbers"):
        (tmp_path / variant).mkdir()
        s = _scores_at_bar(Cell("isf-2025-grunnlagsdokument", "web-print", variant), tmp_path / variant)
        assert s["heading_f1"] == 1.0, (variant, s["missing"], s["extra"])


def test_a_rounded_box_frames_rows_only_when_it_is_taller_than_a_heading_bar() -> None:
    """A box with rounded corners is one stroked curve: its top and bottom edges close a table's
    first and last rows (a card round a table), but a heading's bar of one line is no frame: under a
    table going on from the page before it became a row of the table."""
    from tracker.extract.pdftext import _rounded_box_edges

    def box(x0: float, top: float, x1: float, bottom: float, r: float = 6) -> dict:
        pts = [(x0 + r, top), (x1 - r, top), (x1, top + r), (x1, bottom - r), (x1 - r, bottom), (x0 + r, bottom),
               (x0, bottom - r), (x0, top + r)]
        return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "pts": pts, "stroke": True, "fill": False}

    card = _rounded_box_edges([box(57, 51, 539, 175)], 595, 842)
    assert [(s.top, s.bottom) for s in card] == [(51, 51), (175, 175)]
    assert _rounded_box_edges([box(57, 359, 539, 387)], 595, 842) == []  # a heading's bar, 28 pt
    wave = box(57, 51, 539, 175) | {"pts": [(57, 51), (300, 120), (539, 175)]}  # a curve through the middle
    assert _rounded_box_edges([wave], 595, 842) == []


def test_a_list_in_two_columns_carried_over_a_page_reads_item_by_item(tmp_path: Path) -> None:
    """Held-out batch 13 (x0-chapter/l, 2025): a bullet list set in two columns that flow one into
    the next runs over a page break; the next page's left column opens with the rest of an item
    (lower case, no bullet) beside a column of new items. Its rows were read across both columns
    (body 0.983, pymupdf4llm ahead at 0.989); each column is read down, in turn."""
    doc, _s = _extracted_at_bar(Cell("isf-2025-grunnlagsdokument", "x0-chapter", "l"), tmp_path)
    text = " ".join(next(s for s in doc.sections if s.number == "7.1").text.split())
    assert "komplett sett alignere i kjeve, EBX50 Broterapi av tenner, EBX55" in text
    assert "Regel for DRG 214A Omfattende aksekorrigerende inngrep på kolumna" in text
    order = [text.index(s) for s in ("Legemiddel med virkestoff", "Prosedyrekodene EBT00", "Diagnosekodene O21.0",
                                     "Regel for DRG 214A", "Prosedyre ZXC11")]
    assert order == sorted(order)
