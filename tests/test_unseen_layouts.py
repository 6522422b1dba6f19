"""Layout cues that the corpus renderings never showed, each drawn word by word with reportlab in
embedded fonts: justification that stretches a heading's spaces apart, a chapter head across both
columns, a title cut by the page break, a one-off banner above the heading styles, and a contents
list without page numbers. (The same cues on whole documents printed by Chromium:
tests/test_layouts.py::test_chromium_printed_cell_meets_bar.)"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.pdfgen import REPORTLAB_FONTS, embedded_fonts
from tracker.extract.pipeline import extract_pdf

WIDTH, HEIGHT = A4
BODY = ("Dette er en linje med vanlig brødtekst som fortsetter over flere linjer i avsnittet om regelverket "
        "for innsatsstyrt finansiering og de endringene som er gjort for året som kommer etter dette").split()


@functools.cache
def _italic() -> str:
    pdfmetrics.registerFont(TTFont("Vera-Italic", str(REPORTLAB_FONTS / "VeraIt.ttf")))
    return "Vera-Italic"


def _canvas(path: Path) -> canvas.Canvas:
    c = canvas.Canvas(str(path), pagesize=A4, initialFontName=embedded_fonts().regular)
    c.setTitle("")
    return c


def _words(c: canvas.Canvas, words: list[str], x: float, y: float, font: str, size: float, gap: float) -> float:
    """Draw ``words`` from ``x`` with ``gap`` between them; returns where the last one ends."""
    c.setFont(font, size)
    for w in words:
        c.drawString(x, y, w)
        x += pdfmetrics.stringWidth(w, font, size) + gap
    return x - gap


def _justified(c: canvas.Canvas, words: list[str], x0: float, x1: float, y: float, font: str, size: float) -> None:
    """A justified line: every space stretched alike so the words fill ``x0``..``x1``."""
    ink = sum(pdfmetrics.stringWidth(w, font, size) for w in words)
    _words(c, words, x0, y, font, size, (x1 - x0 - ink) / (len(words) - 1))


def _fill(c: canvas.Canvas, text: list[str], x0: float, x1: float, y: float, size: float, lines: int) -> float:
    """``lines`` justified body lines (the last one ragged), words taken in turn from ``text``."""
    font = embedded_fonts().regular
    k = 0
    for n in range(lines):
        row: list[str] = []
        while True:
            w = text[k % len(text)]
            trial = " ".join([*row, w])
            if row and pdfmetrics.stringWidth(trial, font, size) > x1 - x0:
                break
            row.append(w)
            k += 1
        if n == lines - 1:
            _words(c, row, x0, y, font, size, pdfmetrics.stringWidth(" ", font, size))
        else:
            _justified(c, row, x0, x1, y, font, size)
        y -= size * 1.35
    return y


def _sections(pdf: Path, tmp_path: Path) -> list:
    return extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache").sections


def test_justified_heading_in_a_narrow_column_and_a_chapter_head_across_both(tmp_path: Path) -> None:
    pdf = tmp_path / "columns.pdf"
    c = _canvas(pdf)
    bold = embedded_fonts().bold
    left, gutter_l, gutter_r, right = 50.0, 290.0, 310.0, 550.0
    # The chapter head runs across both columns; one of its plain word spaces falls on the gutter.
    _words(c, ["4", "ISF", "FOR", "PSYKISK", "HELSEVERN", "OG", "TVERRFAGLIG", "SPESIALISERT"], left, 780, bold, 15, 4.2)
    _words(c, ["RUSBEHANDLING"], left, 760, bold, 15, 4.2)
    y = 730
    # The section head, justified in the left column: its spaces stretched far beyond a column gap.
    _justified(c, ["4.3", "Samarbeidsaktiviteter", "med"], left, gutter_l, y, bold, 11)
    _justified(c, ["samarbeidsparter", "utenfor"], left, gutter_l, y - 14, bold, 11)
    _words(c, ["spesialisthelsetjenesten"], left, y - 28, bold, 11, 3)
    c.setFont(embedded_fonts().regular, 9)
    _fill(c, ["Venstre"] + BODY, left, gutter_l, y - 48, 9, 28)
    _fill(c, ["Høyre"] + BODY, gutter_r, right, y, 9, 32)
    c.showPage()
    c.save()

    sections = _sections(pdf, tmp_path)
    assert [(s.number, s.title) for s in sections] == [
        ("4", "ISF FOR PSYKISK HELSEVERN OG TVERRFAGLIG SPESIALISERT RUSBEHANDLING"),
        ("4.3", "Samarbeidsaktiviteter med samarbeidsparter utenfor spesialisthelsetjenesten"),
    ]
    text = sections[1].text
    # The left column is read before the right one, each line whole.
    assert text.startswith("Venstre Dette er en linje") and text.index("Venstre") < text.index("Høyre")


def test_a_title_cut_by_the_page_break_is_one_heading(tmp_path: Path) -> None:
    pdf = tmp_path / "cut.pdf"
    c = _canvas(pdf)
    regular, bold = embedded_fonts()
    _words(c, ["2", "Regler"], 72, 780, bold, 16, 4)
    y = _fill(c, BODY, 72, 520, 750, 10, 44)
    _words(c, ["2.1", "Samarbeidsaktiviteter", "med", "samarbeidsparter"], 72, y - 8, bold, 12, 3.3)
    c.showPage()
    _words(c, ["utenfor", "spesialisthelsetjenesten"], 72, 780, bold, 12, 3.3)
    y = _fill(c, ["Første"] + BODY, 72, 520, 760, 10, 20)
    _words(c, ["2.2", "Neste", "punkt"], 72, y - 8, bold, 12, 3.3)
    c.showPage()
    _words(c, ["2.3", "Siste", "punkt"], 72, 780, bold, 12, 3.3)  # a new heading at a page top stays apart
    _fill(c, BODY, 72, 520, 760, 10, 5)
    c.showPage()
    c.save()

    got = [(s.number, s.title) for s in _sections(pdf, tmp_path)]
    assert got == [("2", "Regler"),
                   ("2.1", "Samarbeidsaktiviteter med samarbeidsparter utenfor spesialisthelsetjenesten"),
                   ("2.2", "Neste punkt"), ("2.3", "Siste punkt")]


def test_an_unnumbered_subheading_sits_under_its_parent_not_under_a_banner(tmp_path: Path) -> None:
    """A one-off line in a size between the heading styles (a site banner) must not push the
    subheadings a level down: an unnumbered heading is one level below the heading it falls under."""
    pdf = tmp_path / "banner.pdf"
    c = _canvas(pdf)
    bold = embedded_fonts().bold
    _words(c, ["Helsedirektoratet"], 72, 800, bold, 17, 5)  # a size of its own between h1 and h2
    y = 760.0
    for kind, words in (("h1", ["1", "Innledning"]), ("h2", ["1.1", "Digitale", "tjenester"]),
                        ("h3", ["Justering", "i", "kostnadsvekter"]), ("h3", ["Forenkling", "av", "registrering"]),
                        ("h2", ["1.2", "Samarbeid"]), ("h1", ["2", "Regler"]), ("h2", ["2.1", "Lukking"])):
        size = {"h1": 24, "h2": 20, "h3": 15}[kind]
        _words(c, words, 72, y, bold, size, size * 0.3)
        y = _fill(c, BODY, 72, 520, y - size - 4, 11, 3) - 10
    c.showPage()
    c.save()

    got = [(s.number, s.title, s.level) for s in _sections(pdf, tmp_path) if s.title != "Helsedirektoratet"]
    assert got == [("1", "Innledning", 1), ("1.1", "Digitale tjenester", 2), (None, "Justering i kostnadsvekter", 3),
                   (None, "Forenkling av registrering", 3), ("1.2", "Samarbeid", 2), ("2", "Regler", 1),
                   ("2.1", "Lukking", 2)]


def test_a_contents_list_without_page_numbers_is_evidence_not_a_section(tmp_path: Path) -> None:
    """A web page's contents printed to PDF: entries without page numbers or leaders. Its entries
    come back further on as the headings, so it is the table of contents; and a subheading that the
    page styling does not show (italic at body size) is found because the list names it."""
    pdf = tmp_path / "contents.pdf"
    c = _canvas(pdf)
    regular, bold = embedded_fonts()
    entries = [("1", "Innledning", 0), ("1.1", "Bakgrunn for endringene", 1), (None, "Justering i kostnadsvekter", 2),
               ("2", "Regler", 0), ("2.1", "Lukking av tertialvise data", 1)]
    _words(c, ["Innhold"], 72, 780, bold, 16, 4)
    y = 750
    for number, title, indent in entries:
        _words(c, ([number] if number else []) + title.split(), 72 + 20 * indent, y, regular, 11, 3.1)
        y -= 16
    c.showPage()
    y = 780.0
    for number, title, indent in entries:
        if number is None:
            _words(c, title.split(), 72, y, _italic(), 11, 3.1)
            y -= 16
        else:
            size = 15 if indent == 0 else 12.5
            _words(c, [number, *title.split()], 72, y, bold, size, 3.5)
            y -= size + 6
        y = _fill(c, BODY, 72, 520, y, 11, 4) - 12
    c.showPage()
    c.save()

    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    assert [(s.number, s.title, s.level) for s in doc.sections] == [
        ("1", "Innledning", 1), ("1.1", "Bakgrunn for endringene", 2), (None, "Justering i kostnadsvekter", 3),
        ("2", "Regler", 1), ("2.1", "Lukking av tertialvise data", 2)]
    assert "Innhold" not in doc.preamble and all(s.page == 2 for s in doc.sections)
    assert doc.sections[0].text.startswith("Dette er en linje")


def test_a_memo_title_set_small_in_its_sidebar_is_found_by_the_pdf_metadata(tmp_path: Path) -> None:
    """A designed memo prints its title small and bold in white on a coloured sidebar, no larger than
    the text; its headings are unnumbered. The title the PDF's metadata gives ("Notat – " and the
    printed title) heads the document, and the headings go a level under it."""
    def memo(path: Path, metadata_title: str) -> Path:
        c = _canvas(path)
        c.setTitle(metadata_title)
        regular, bold = embedded_fonts()
        c.setFillColorRGB(0.45, 0.2, 0.1)
        c.rect(0, 0, 150, HEIGHT, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        for k, words in enumerate((["Forenkling", "av"], ["rapporteringsregler"], ["i", "psykisk", "helsevern"])):
            _words(c, words, 12, 700 - 13 * k, bold, 9.5, 2.6)
        c.setFillColorRGB(0, 0, 0)
        _words(c, ["Til:", "Helse-", "og", "omsorgsdepartementet"], 180, 780, regular, 10.5, 2.9)
        _words(c, ["Bakgrunn"], 180, 740, bold, 14, 3)
        y = _fill(c, ["Første"] + BODY, 180, 540, 720, 10.5, 8)
        _words(c, ["Oppdraget"], 180, y - 10, bold, 11.5, 3)
        _fill(c, ["Andre"] + BODY, 180, 540, y - 30, 10.5, 8)
        c.showPage()
        c.save()
        return path

    sections = _sections(memo(tmp_path / "memo.pdf", "Notat – Forenkling av rapporteringsregler i psykisk helsevern"),
                         tmp_path)
    assert [(s.title, s.level, s.level_source) for s in sections] == [
        ("Forenkling av rapporteringsregler i psykisk helsevern", 1, "metadata"),
        ("Bakgrunn", 2, "style"),
        ("Oppdraget", 3, "style"),
    ]
    assert sections[0].text == "Til: Helse- og omsorgsdepartementet"
    # Metadata naming another title takes nothing from the page.
    other = _sections(memo(tmp_path / "other.pdf", "Notat – Aktivitetsdata for 2026"), tmp_path)
    assert [(s.title, s.level) for s in other] == [("Bakgrunn", 1), ("Oppdraget", 2)]


def test_a_heading_number_set_small_before_its_title_and_chapters_with_a_leading_zero(tmp_path: Path) -> None:
    """A Word report sets each heading's number small (9 pt) and raised before its title (17 pt,
    13.5 pt), a space or so apart; a designed report pads its chapter numbers with a zero ("03").
    The number is the title's, a number before a short title ("8.2 NPK") does not make the heading
    its small size, and "03" is chapter 3 ("5.0" keeps its zero)."""
    pdf = tmp_path / "small.pdf"
    c = _canvas(pdf)
    bold = embedded_fonts().bold
    _words(c, ["03"], 72, 782, bold, 9.4, 3)
    _words(c, ["GENERELLE", "REGLER"], 90, 775, bold, 17, 4.5)
    y = _fill(c, BODY, 72, 520, 740, 10.5, 6)
    _words(c, ["3.1"], 72, y - 14, bold, 9.4, 3)
    _words(c, ["NPK"], 90, y - 18, bold, 13.5, 3.5)
    y = _fill(c, ["Første"] + BODY, 72, 520, y - 44, 10.5, 6)
    _words(c, ["5.0"], 72, y - 14, bold, 9.4, 3)
    _words(c, ["Overordnet", "innretning"], 92, y - 18, bold, 13.5, 3.5)
    _fill(c, ["Andre"] + BODY, 72, 520, y - 44, 10.5, 6)
    c.showPage()
    c.save()
    assert [(s.number, s.title, s.level) for s in _sections(pdf, tmp_path)] == [
        ("3", "GENERELLE REGLER", 1), ("3.1", "NPK", 2), ("5.0", "Overordnet innretning", 2)]


def test_a_slide_number_printed_huge_and_pale_behind_the_text_is_no_headings_number(tmp_path: Path) -> None:
    """A deck prints each slide's number huge (300 pt) and pale behind its text ("08" on the eighth
    slide): it counts up with the slides, so it is the slide's number, not a number of the text
    beside it. A pale number behind a chapter's title that does not count with the pages is the
    chapter's (tests/test_layouts.py: designed-report/ghost)."""
    pdf = tmp_path / "deck.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(1280, 720), initialFontName=embedded_fonts().regular)
    c.setTitle("")
    regular, bold = embedded_fonts()
    titles = ["Dagsorden", "Nye nettsider", "Videre arbeid", "Spørsmål og innspill"]
    for n, title in enumerate(titles, start=1):
        c.setFillColorRGB(0.90, 0.93, 0.945)
        _words(c, [f"{n:02d}"], 860, 720 - 722, bold, 300, 0)
        c.setFillColorRGB(0.18, 0.28, 0.35)
        _words(c, title.split(), 80, 720 - 87, bold, 31, 9)
        c.setFillColorRGB(0, 0, 0)
        # (the text's short lines, level with the number's top)
        for k, line in enumerate(("Resultatbasert finansiering", "Egenandeler og pasientbetaling ved poliklinisk "
                                  "helsehjelp", "Refusjoner for helsetjenester", "Refusjon betyr at staten betaler")):
            _words(c, line.split(), 80, 720 - 421.7 - 31.5 * k, regular, 18, 5.7)
        c.showPage()
    c.save()
    sections = _sections(pdf, tmp_path)
    assert [(s.number, s.title) for s in sections] == [(None, t) for t in titles]


def test_a_long_item_a_side_in_a_list_set_in_two_columns_is_read_column_by_column(tmp_path: Path) -> None:
    """A report sets a bullet list in two columns: on this page one long item a side, each wrapped
    over several rows. Each column is read down before the next, not row by row across both. (A
    bullet the font does not map to a character, "(cid:127)", counts as a bullet.)"""
    from tracker.extract.words import is_bullet_mark

    pdf = tmp_path / "lists.pdf"
    c = _canvas(pdf)
    regular, bold = embedded_fonts()
    _words(c, ["7.1", "Endringer", "i", "DRG-systemet"], 72, 780, bold, 13, 3.5)
    y = _fill(c, BODY, 72, 520, 755, 10, 4)
    left = "Legemiddel med virkestoff bevacizumab flyttes fra DRG 802P Annen poliklinisk utredning".split()
    right = "Prosedyrekodene EBT00 Fremstilling og tilpasning av enkelt avtakbar apparatur for tenner".split()
    for k in range(5):
        top = y - 20 - 14 * k
        if k == 0:
            _words(c, ["•"], 80, top, regular, 10, 0)
            _words(c, ["•"], 310, top, regular, 10, 0)
        _words(c, left[3 * k: 3 * k + 3] or ["slutt"], 94, top, regular, 10, 2.8)
        _words(c, right[3 * k: 3 * k + 3] or ["ferdig"], 324, top, regular, 10, 2.8)
    c.showPage()
    c.save()
    text = _sections(pdf, tmp_path)[0].text
    assert " ".join(left) in " ".join(text.split()) and " ".join(right) in " ".join(text.split())
    assert is_bullet_mark("(cid:127)") and is_bullet_mark("•") and not is_bullet_mark("EBT00")


def test_a_chapter_number_set_large_beside_a_title_of_two_lines(tmp_path: Path) -> None:
    """A designed report's chapter opener: the number ("02", zero-padded) set large, the title in
    capitals beside it over two lines. The number stands apart from the title's first line, and
    the title is both lines (a number set smaller than its title joins it; this one does not)."""
    pdf = tmp_path / "opener.pdf"
    c = _canvas(pdf)
    bold = embedded_fonts().bold
    _words(c, ["02"], 77, 698, bold, 84, 0)
    c.line(197, 760, 197, 692)  # (a rule between the number and the title)
    _words(c, ["FORENKLING", "AV"], 211, 734, bold, 24, 6)
    _words(c, ["ISF-REGELVERKET"], 211, 705, bold, 24, 6)
    _fill(c, BODY, 80, 520, 640, 10, 8)
    c.showPage()
    c.save()
    assert [(s.number, s.title) for s in _sections(pdf, tmp_path)] == [("2", "FORENKLING AV ISF-REGELVERKET")]



def test_a_heading_with_a_drop_shadow_and_a_word_drawn_bold_by_drawing_it_twice_are_read_once(tmp_path: Path) -> None:
    """Held-out batch 14 (designed-report/shadow): every heading drawn twice, a dark copy 0.06 em
    down and right under the face; the chapter's face white on a band. Read twice, each title
    doubled ("Endringslogg Endringslogg – –"): heading F1 0.000 on two documents as it came.
    A producer's bold drawn as the glyph three times a hair apart is one word too; letters that
    repeat ("Alle", "tillegg") are no copies."""
    pdf = tmp_path / "shadow.pdf"
    c = _canvas(pdf)
    bold, regular = embedded_fonts().bold, embedded_fonts().regular

    def shadowed(words: list[str], x: float, y: float, size: float, face: tuple[float, float, float]) -> None:
        c.setFillColorRGB(0.08, 0.13, 0.24)
        _words(c, words, x + 0.06 * size, y - 0.06 * size, bold, size, 0.3 * size)
        c.setFillColorRGB(*face)
        _words(c, words, x, y, bold, size, 0.3 * size)

    c.setFillColorRGB(0.2, 0.4, 0.7)
    c.rect(0, 740, WIDTH, 80, fill=1, stroke=0)
    shadowed(["3", "GENERELLE", "REGLER"], 72, 770, 24, (1, 1, 1))
    c.setFillColorRGB(0, 0, 0)
    y = _fill(c, BODY, 72, 520, 700, 10.5, 6)
    shadowed(["3.1", "Alle", "tillegg"], 72, y - 20, 14, (0.1, 0.1, 0.1))
    c.setFillColorRGB(0, 0, 0)
    y = _fill(c, ["Første"] + BODY, 72, 520, y - 44, 10.5, 6)
    x = 72
    for dx in (0, 0.25, 0.5):
        _words(c, ["Viktig:"], x + dx, y - 4, regular, 10.5, 3)
    _words(c, ["alle", "frister", "gjelder."], 72 + pdfmetrics.stringWidth("Viktig: ", regular, 10.5), y - 4,
           regular, 10.5, pdfmetrics.stringWidth(" ", regular, 10.5))
    c.showPage()
    c.save()
    sections = _sections(pdf, tmp_path)
    assert [(s.number, s.title, s.level) for s in sections] == [
        ("3", "GENERELLE REGLER", 1), ("3.1", "Alle tillegg", 2)]
    assert sections[1].text.split()[-4:] == ["Viktig:", "alle", "frister", "gjelder."]


def test_a_links_target_printed_after_it_by_a_print_stylesheet_is_not_text(tmp_path: Path) -> None:
    """Held-out batch 14 (web-print/printcss): a web page's print stylesheet writes each link's
    address in brackets after the link, broken over lines where it is long (body 0.953 / 0.957
    as it came). The page links that address; an address in brackets the page does not link is
    the document's text and stays."""
    pdf = tmp_path / "links.pdf"
    c = _canvas(pdf)
    bold, regular = embedded_fonts().bold, embedded_fonts().regular
    target = "https://www.helsedirektoratet.no/tema/statistikk-registre-og-rapporter/norsk-pasientregister-npr"
    _words(c, ["1", "Innledning"], 72, 780, bold, 16, 6)
    y = _fill(c, BODY, 72, 520, 750, 10.5, 4)
    space = pdfmetrics.stringWidth(" ", regular, 10.5)
    end = _words(c, ["Tallene", "kommer", "fra", "Norsk", "pasientregister"], 72, y, regular, 10.5, space)
    c.linkURL(target, (300, y - 2, end, y + 10))
    first, second = f"({target[:55]}", f"{target[55:]})."
    _words(c, [first], end + space, y, regular, 10.5, space)
    _words(c, [second, "Se", "også", "(https://www.nav.no)", "for", "mer."], 72, y - 14, regular, 10.5, space)
    c.linkURL(target, (end + space, y - 2, 520, y + 10))
    c.linkURL(target, (72, y - 16, 72 + pdfmetrics.stringWidth(second, regular, 10.5), y - 4))
    _fill(c, ["Andre"] + BODY, 72, 520, y - 34, 10.5, 3)
    c.showPage()
    c.save()
    text = " ".join(_sections(pdf, tmp_path)[0].text.split())
    assert "Norsk pasientregister. Se også (https://www.nav.no) for mer." in text
    assert "helsedirektoratet" not in text


def test_a_chapter_number_after_the_word_for_chapter_and_a_page_left_blank(tmp_path: Path) -> None:
    """"Kapittel 2 – Regler": the chapter's number, printed after the word; a page that holds only the
    printer's "Denne siden er blank med hensikt" has no text and no heading."""
    pdf = tmp_path / "kapittel.pdf"
    c = _canvas(pdf)
    regular, bold = embedded_fonts()
    _words(c, ["Kapittel", "1", "–", "Innledning"], 72, 780, bold, 18, 5)
    _fill(c, BODY, 72, 520, 750, 10, 8)
    c.showPage()
    _words(c, ["Denne", "siden", "er", "blank", "med", "hensikt"], 200, 420, regular, 10, 3)
    c.showPage()
    _words(c, ["Kapittel", "2", "–", "Regler"], 72, 780, bold, 18, 5)
    _fill(c, BODY, 72, 520, 750, 10, 4)
    _words(c, ["2.1", "Lukking"], 72, 680, bold, 13, 4)
    _fill(c, ["Lukking"] + BODY, 72, 520, 660, 10, 4)
    c.showPage()
    c.save()

    sections = _sections(pdf, tmp_path)
    assert [(s.number, s.title, s.level) for s in sections] == [
        ("1", "Innledning", 1), ("2", "Regler", 1), ("2.1", "Lukking", 2)]
    assert not any("blank" in s.text for s in sections)


def test_a_title_that_changes_weight_mid_line_is_one_heading(tmp_path: Path) -> None:
    """A designed cover's title in two weights, light then bold, the change in the middle of a line:
    the bold line under it goes on in the type its line above ends in."""
    pdf = tmp_path / "duo.pdf"
    c = _canvas(pdf)
    regular, bold = embedded_fonts()
    _words(c, ["Endringslogg", "–", "ISF-regelverk", "2024"], 72, 700, regular, 20, 5.5)
    x = _words(c, ["sett", "opp"], 72, 676, regular, 20, 5.5)
    _words(c, ["mot", "foreløpig"], x + 5.5, 676, bold, 20, 5.5)
    _words(c, ["regelverk", "fra", "16.okt", "2023"], 72, 652, bold, 20, 5.5)
    _fill(c, BODY, 72, 520, 610, 10, 10)
    c.showPage()
    c.save()

    sections = _sections(pdf, tmp_path)
    assert [s.title for s in sections] == [
        "Endringslogg – ISF-regelverk 2024 sett opp mot foreløpig regelverk fra 16.okt 2023"]


def _card(c: canvas.Canvas, x: float, top: float, width: float, height: float, lines: list[str],
          page_height: float) -> None:
    c.setFillColorRGB(0.93, 0.95, 0.96)
    c.rect(x, page_height - top - height, width, height, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for k, line in enumerate(lines):
        _words(c, line.split(), x + 20, page_height - top - 24 - 17 * k, embedded_fonts().regular, 13, 3.5)


def test_cards_in_a_grid_are_read_row_by_row(tmp_path: Path) -> None:
    """A slide's tiles: boxes of one fill in two columns, a row's boxes level at top and bottom, the
    last row short. The grid was laid out row by row and is read so (a page in two columns of text
    is read column by column)."""
    pdf = tmp_path / "cards.pdf"
    width, height = 960.0, 540.0
    c = canvas.Canvas(str(pdf), pagesize=(width, height), initialFontName=embedded_fonts().regular)
    c.setTitle("")
    _words(c, ["Prosjekt", "X"], 60, height - 60, embedded_fonts().bold, 26, 7)
    items = [["Regjeringen har startet arbeidet med en ny", "helsereform for bedre sammenheng."],
             ["En del av reformarbeidet bygger på", "erfaringer fra utvalgte utprøvinger."],
             ["Hver av utprøvingene har egne mål,", "men alle gjelder bedre sammenheng", "i tjenestene."],
             ["Prosjektet gjennomføres sammen med KS."],
             ["Helsedirektoratet følger med på", "utprøvingene og oppsummerer erfaringer."]]
    for k, lines in enumerate(items):
        row, col = divmod(k, 2)
        _card(c, 60 + col * 430, 100 + row * 110, 410, 95, lines, height)
    c.showPage()
    c.save()

    sections = _sections(pdf, tmp_path)
    assert [s.title for s in sections] == ["Prosjekt X"]
    assert sections[0].text.split("\n") == [" ".join(lines) for lines in items]


def test_a_table_printed_as_records_of_labelled_values_is_a_table(tmp_path: Path) -> None:
    """A wide table printed for a narrow screen: each row a block of lines "Column: value", the
    labels in bold. Records with the same labels in a row are a table; a later record of one row
    with the same labels but its first is a second table of the kind. Their text is no body text."""
    pdf = tmp_path / "records.pdf"
    c = _canvas(pdf)
    regular, bold = embedded_fonts()
    _words(c, ["1", "Endringer"], 72, 780, bold, 18, 5)
    _words(c, "Tabellen viser endringene i regelverket.".split(), 72, 750, regular, 10, 3)
    y = 720.0
    records = [("Kapittel 5.21", "Lagt til telefon i overskriften."), ("Kapittel 5.22", "Justert tekst om"),
               ("Kapittel 7.6", "Nytt avsnitt om pasientopplæring.")]
    for where, what in records:
        x = _words(c, ["Hvor", "endring:"], 80, y, bold, 10, 3)
        _words(c, where.split(), x + 3, y, regular, 10, 3)
        x = _words(c, ["Hva", "endres:"], 80, y - 14, bold, 10, 3)
        _words(c, what.split(), x + 3, y - 14, regular, 10, 3)
        if what.endswith("om"):
            _words(c, "egenandeler og kontakttype.".split(), 80, y - 28, regular, 10, 3)
            y -= 14
        y -= 44
    _words(c, "Også vedleggene er endret.".split(), 72, y, regular, 10, 3)
    x = _words(c, ["Vedlegg", "–", "hvor", "endring:"], 80, y - 30, bold, 10, 3)
    _words(c, ["Vedlegg", "A1"], x + 3, y - 30, regular, 10, 3)
    x = _words(c, ["Hva", "endres:"], 80, y - 44, bold, 10, 3)
    _words(c, "Basispoeng justert.".split(), x + 3, y - 44, regular, 10, 3)
    c.showPage()
    c.save()

    doc = extract_pdf(pdf, ocr=False, cache_dir=tmp_path / "cache")
    assert [(t.header, t.rows) for t in doc.tables] == [
        (["Hvor endring", "Hva endres"], [["Kapittel 5.21", "Lagt til telefon i overskriften."],
                                          ["Kapittel 5.22", "Justert tekst om egenandeler og kontakttype."],
                                          ["Kapittel 7.6", "Nytt avsnitt om pasientopplæring."]]),
        (["Vedlegg – hvor endring", "Hva endres"], [["Vedlegg A1", "Basispoeng justert."]]),
    ]
    assert doc.sections[0].text == "Tabellen viser endringene i regelverket.\nOgså vedleggene er endret."
