"""Tables of contents read from lines, as OCR or a text layer gives them."""

from __future__ import annotations

from tracker.extract.lines import Line
from tracker.extract.toc import find_toc
from tracker.extract.words import Word


def _page(page: int, rows: list[str], x0: float = 72.0) -> list[Line]:
    lines = []
    for k, text in enumerate(rows):
        top = 100.0 + 18 * k
        words, x = [], x0
        for token in text.split():
            words.append(Word(token, x, top, x + 6 * len(token), top + 11, size=11.0, bold=False))
            x += 6 * len(token) + 4
        lines.append(Line(words, page, 842.0))
    return lines


def test_contents_with_leaders_and_wrapped_entries() -> None:
    first = _page(2, [
        "Innhold",
        "1 Innledning .................................. 3",
        "2 Generelle regler ............................ 4",
        "2.1 Lukking av tertialvise aktivitetsdata ..... 4",
        "2.2 Samarbeidsaktiviteter med samarbeidsparter",
        "utenfor spesialisthelsetjenesten .............. 6",
        "3 Somatikk .................................... 9",
    ])
    toc = find_toc([_page(1, ["Rapport"]), first, _page(3, ["1 Innledning", "Tekst om innledningen."])])
    assert toc is not None
    assert [(e.number, e.title, e.level, e.page) for e in toc.entries] == [
        ("1", "Innledning", 1, 3),
        ("2", "Generelle regler", 1, 4),
        ("2.1", "Lukking av tertialvise aktivitetsdata", 2, 4),
        ("2.2", "Samarbeidsaktiviteter med samarbeidsparter utenfor spesialisthelsetjenesten", 2, 6),
        ("3", "Somatikk", 1, 9),
    ]
    assert len(toc.lines) == 7  # the title and every row, the wrapped one included
    assert toc.whole  # (a heading it leaves out is not listed)


def test_a_contents_page_garbled_by_ocr_is_still_contents() -> None:
    # Leaders read as letters, page numbers lost or misread, titles misspelt: no row may become a
    # heading, and the rows that still parse are the evidence.
    garbled = _page(1, [
        "INNHOLD",
        "si Mipper kong NN",
        "3.2 Digital hjemmeoppfølging ........orrvrrrvrnne",
        "3.3 Samarbeidsaktiviteter med samarbeidsparter utenfor",
        "4.2 Konsentrerte tverrfaglige heldagstilbud .........eoovvrovevrsssnnn",
        "4.4 Legemiddelassistert rehabilitering (LAR) ......:seeesvverorsssssn 9",
        "49 Gruppebehandling sos SE 10",
        "5.1 Pasientadministrert legemiddelbehandling +.....rrrrrvrrrsrrnvrnnnn 11",
        "6 ENDRINGER I DRG-SYSTEMET .....rrsvvrrnssnr 15",
    ])
    toc = find_toc([garbled, _page(2, ["1 Innledning", "Tekst."])])
    assert toc is not None
    assert len(toc.lines) == len(garbled)
    assert [(e.number, e.title, e.page) for e in toc.entries][-2:] == [
        ("5.1", "Pasientadministrert legemiddelbehandling +", 11), ("6", "ENDRINGER I DRG-SYSTEMET", 15)
    ]
    # Most rows gave no entry: the entries are not the whole list, and a heading they leave out may
    # still be listed in a garbled row (three unnumbered subsections were read as text)
    assert not toc.whole


def test_a_list_of_figures_in_running_text_is_not_contents() -> None:
    # Numbers at the ends of sentences and a decreasing "page" sequence: ordinary text.
    text = _page(1, [
        "Aktiviteten økte med 12",
        "Antall opphold var 9",
        "Fra 2024 til 2025 endres ISF-andelen til 30",
        "Tabellen viser tall for 2023",
    ])
    assert find_toc([text]) is None


def test_a_contents_page_with_no_readable_entry_is_removed_without_evidence() -> None:
    unreadable = _page(1, ["Innhold", "si Mipper kong ......NN", "Fa kodsversentmm ......", "4.2 Konsentrerte ......eoovv"])
    toc = find_toc([unreadable, _page(2, ["Innledning ........ Tekst"]), _page(3, ["Tekst."])])
    assert toc is not None and toc.entries == [] and len(toc.lines) == 4


def test_a_chapter_starting_below_the_contents_on_the_same_page_is_kept() -> None:
    page = _page(1, [
        "Innhold",
        "1 Innledning ........ 1",
        "2 Regler ........ 2",
        "3 Somatikk ........ 3",
        "1 Innledning",
        "Dokumentet beskriver endringene i ordningen.",
    ])
    toc = find_toc([page, _page(2, ["2 Regler"]), _page(3, ["3 Somatikk"])])
    assert toc is not None and len(toc.entries) == 3
    kept = [ln.text for ln in page if ln not in toc.lines]
    assert kept == ["1 Innledning", "Dokumentet beskriver endringene i ordningen."]


def test_a_contents_list_without_page_numbers_after_an_emptied_cover_page() -> None:
    """The cover page's lines are taken out before contents are looked for, leaving a page with no
    lines; a contents list without page numbers is still found by its rows coming back later."""
    contents = _page(2, ["Innhold", "Innledning", "Generelle regler", "Somatikk"])
    later = _page(3, ["Innledning", "Tekst om innledningen.", "Generelle regler", "Tekst om reglene.",
                      "Somatikk", "Tekst om somatikken."])
    toc = find_toc([[], contents, later])
    assert toc is not None
    assert [ln.text for ln in toc.lines] == ["Innhold", "Innledning", "Generelle regler", "Somatikk"]


def _ocr_page(page: int, rows: list[str], top: float = 100.0) -> list[Line]:
    lines = _page(page, rows)
    for ln in lines:
        for w in ln.words:
            w.bold = None  # OCR: no font
            w.top += top - 100.0
            w.bottom += top - 100.0
    return lines


def test_a_scanned_contents_list_without_page_numbers_read_through_its_garbled_leaders() -> None:
    """OCR reads a contents list's dotted leaders as letters and loses spaces; each row still
    comes back later inside a line that reads almost the same, and the entry is that line."""
    contents = _ocr_page(1, ["Innhold", "1 INNLEDNING Vg)", "2 FORENKLING AV ISF-REGELVERKET EA",
                             "4GENERELLE REGLER ER PS ee At", "4.2 Digitale tjenester ++ 22005 LS Na FREDE"])
    # the document starts right below the list, on the same page
    text = _ocr_page(1, ["1 INNLEDNING", "Tekst om innledningen.", "2 FORENKLING AV ISF-REGELVERKET",
                         "Tekst om forenklingen."], top=300.0)
    later = _ocr_page(2, ["4 GENERELLE REGLER", "Tekst om reglene.", "4.2 Digitale tjenester",
                          "Tekst om digitale tjenester."])
    toc = find_toc([contents + text, later])
    assert toc is not None
    assert [(e.number, e.title, e.level) for e in toc.entries] == [
        ("1", "INNLEDNING", 1), ("2", "FORENKLING AV ISF-REGELVERKET", 1), ("4", "GENERELLE REGLER", 1),
        ("4.2", "Digitale tjenester", 2),
    ]
    assert len(toc.lines) == 5  # the title and the four rows, none of the text below


def test_a_scanned_contents_list_whose_page_numbers_ocr_read_as_one_tall_line() -> None:
    """OCR may read a contents list's column of right-aligned page numbers as one tall line of
    noise, standing between the title and the first entry. It does not join the title's row (rows
    are joined within the smaller line's size), it is passed over before the first entry, and the
    list runs on over the next page, where the entries read with their page numbers."""
    contents = _ocr_page(1, ["Innhold", "1 INNLEDNING", "2 GENERELLE REGLER", "2.1 Multippel koding"])
    noise = Line([Word("VB", 480.0, 110.0, 500.0, 210.0, 98.5, "", None), Word("AAS", 505.0, 110.0, 530.0, 210.0,
                                                                              98.5, "", None)], 1, 842.0)
    more = _ocr_page(2, ["2.2 Kodeverksendring 4", "2.3 Gruppebehandling 4", "2.4 Rapportering 5"])
    text = [_ocr_page(3, ["1 INNLEDNING", "Tekst.", "2 GENERELLE REGLER", "2.1 Multippel koding", "Tekst."]),
            _ocr_page(4, ["2.2 Kodeverksendring", "Tekst.", "2.3 Gruppebehandling", "Tekst."]),
            _ocr_page(5, ["2.4 Rapportering", "Tekst."])]
    toc = find_toc([[*contents[:1], noise, *contents[1:]], more, *text])
    assert toc is not None
    assert [e.number for e in toc.entries] == ["1", "2", "2.1", "2.2", "2.3", "2.4"]
    assert noise in toc.lines and all(ln in toc.lines for ln in more)


def test_a_one_entry_contents_on_a_fax_its_leaders_read_as_letters_is_contents() -> None:
    """The endringslogg's contents on a fax: one entry wrapped over two lines, its dot leaders
    smudged into a run of letters and its page number read as "I". The title, the entry and the
    leaders are the contents, not text of the document."""
    from tracker.extract.quality import wordlist_available

    if not wordlist_available():
        import pytest

        pytest.skip("the Norwegian word list (wnorwegian) is not installed")
    contents = _page(3, ["Innhold", "Endringslogg – ISF-regelverk 2024 sett opp mot foreløpig regelverk fra 16.okt",
                         "2023 prrnsresensenerrdrrdenrrrennrvnevrnerns I"])
    toc = find_toc([_page(1, ["Endringslogg", "I tabellen gis en oversikt over endringer."]), _page(2, ["Tekst."]),
                    contents])
    assert toc is not None and len(toc.lines) == 3
    # a long Norwegian compound in a row is no leaders
    text = _page(3, ["Innhold", "Vi ser på spesialisthelsetjenesten og", "kostnadsvektberegningene i år."])
    assert find_toc([_page(1, ["Tekst."]), _page(2, ["Tekst."]), text]) is None


def test_a_contents_or_chapter_list_title_is_no_heading_even_where_its_list_was_not_read() -> None:
    from tracker.extract.headings import looks_like_heading_text

    assert not looks_like_heading_text("Innhold", numbered=False)
    assert not looks_like_heading_text("INNHOLDSFORTEGNELSE", numbered=False)
    assert looks_like_heading_text("Innholdet i ordningen", numbered=False)
    # nor is the title of a chapter's box listing its sections, beside its opening
    assert not looks_like_heading_text("I dette kapitlet", numbered=False)
    assert looks_like_heading_text("I dette kapitlet beskrives regelverket", numbered=False)


def test_a_contents_list_goes_on_over_the_page_where_ocr_lost_its_page_numbers() -> None:
    """Page numbers underlined as links at the page's right edge, which OCR did not read on the
    list's second page: its rows still come back further on as the document's headings, so they are
    the list going on, not headings of a page of their own."""
    first = _page(2, ["Innhold", "1 Innledning ..... 3", "2 Generelle regler ..... 4", "2.1 Lukking ..... 4",
                      "2.2 Digitale tjenester ..... 5"])
    second = _page(3, ["2.3 Samarbeidsaktiviteter", "3 Somatikk", "3.1 Fødselsomsorgen", "3.2 Intensivbehandling"])
    text = [_page(4 + k, [h, "Tekst om dette."]) for k, h in enumerate(
        ["1 Innledning", "2 Generelle regler", "2.1 Lukking", "2.2 Digitale tjenester", "2.3 Samarbeidsaktiviteter",
         "3 Somatikk", "3.1 Fødselsomsorgen", "3.2 Intensivbehandling"])]
    toc = find_toc([_page(1, ["Rapport"]), first, second, *text])
    assert toc is not None
    assert [e.number for e in toc.entries] == ["1", "2", "2.1", "2.2", "2.3", "3", "3.1", "3.2"]
    assert all(ln in toc.lines for ln in second)
    # a page of text after the list is no more of it, though its opening lines come back further on
    # (a running header naming the chapter, a sentence said again)
    opening = _page(3, ["1", "INNLEDNING", "Dette dokumentet beskriver vesentlige endringer i ordningen.",
                        "Dokumentet er et arbeidsdokument.", "Det gir en oversikt.", "Det er ikke uttømmende.",
                        "Det oppdateres årlig.", "Les mer på nettsidene."])
    later = [_page(4 + k, [h, "Tekst om dette.", "INNLEDNING", "Dette dokumentet beskriver vesentlige endringer i ordningen.",
                           "Dokumentet er et arbeidsdokument."])
             for k, h in enumerate(["2 Generelle regler", "2.1 Lukking", "2.2 Digitale tjenester"])]
    toc = find_toc([_page(1, ["Rapport"]), first, opening, *later])
    assert toc is not None and [e.number for e in toc.entries] == ["1", "2", "2.1", "2.2"]
    assert not any(ln in toc.lines for ln in opening)


def test_a_contents_table_with_its_page_numbers_at_a_wrapped_rows_top() -> None:
    """A contents list set as a ruled table, each cell's text at the cell's top: a title that wraps
    goes on below its page number ("spesialisthelsetjenesten"), and a row whose page number OCR lost
    is no first line of the next entry's title."""
    rows = ["Innhold", "1 Innledning 3", "2 Regler 4", "2.1 Samarbeidsaktiviteter med samarbeidsparter utenfor 5",
            "spesialisthelsetjenesten", "2.2 Kodeverksendring", "2.3 Pasientopplæring i gruppe 6",
            "3 ISF FOR PSYKISK HELSEVERN OG TVERRFAGLIG SPESIALISERT 7", "RUSBEHANDLING", "3.1 Overordnet 7"]
    toc = find_toc([_ocr_page(1, rows)])
    assert toc is not None
    assert [(e.number, e.title, e.page) for e in toc.entries] == [
        ("1", "Innledning", 3), ("2", "Regler", 4),
        ("2.1", "Samarbeidsaktiviteter med samarbeidsparter utenfor spesialisthelsetjenesten", 5),
        ("2.3", "Pasientopplæring i gruppe", 6),
        ("3", "ISF FOR PSYKISK HELSEVERN OG TVERRFAGLIG SPESIALISERT RUSBEHANDLING", 7), ("3.1", "Overordnet", 7)]
    # 2.2 is a row of the list, but no evidence; and on a scan a list whose numbers skip is not the
    # whole list: a heading it leaves out may be a heading still.
    assert any(ln.text == "2.2 Kodeverksendring" for ln in toc.lines) and not toc.whole
    assert find_toc([_page(1, rows)]).whole  # (a text layer's list skips where the document does)
    read = ["2.2 Kodeverksendring 5" if r.startswith("2.2") else r for r in rows]
    assert find_toc([_ocr_page(1, read)]).whole


def test_a_contents_list_set_as_a_ruled_table_is_the_contents_not_a_table() -> None:
    """A contents list drawn as a ruled table ("Kap." | "Tittel" | "Side"), which the table finder
    reads as a table: rows opening with a heading number and ending with a page number that counts
    up. A table of the document's own (a renumbering table, a code list) is no such list."""
    from tracker.extract.pipeline import _is_contents_table
    from tracker.model import Table

    contents = Table(page=1, header=["Kap.", "Tittel", "Side"],
                     rows=[["1", "INNLEDNING", "3"], ["2", "FORENKLING AV ISF-REGELVERKET", "4"],
                           ["2.1", "Oppdraget", "4"], ["3", "OVERORDNET OM ISF-UTVIKLING", "8"], ["3.1", "Andel", "24:"]])
    assert _is_contents_table(contents)
    # (a list going on over the page, its header a row of entries)
    assert _is_contents_table(Table(page=2, header=["7", "ENDRINGER", "22"],
                                    rows=[["7.1", "DRG", "22"], ["7.2", "STG", "23"], ["8", "GRUNNLAG", "26"]]))
    renumbering = Table(page=3, header=["Punkter 2024", "Navn 2024", "Punkter i 2025"],
                        rows=[["7.1", "Strukturerte dagtilbud", "6.1"], ["7.2", "ACT-team", "6.2"], ["7.3", "LAR", "6.3"]])
    counts = Table(page=3, header=["Nr", "Aktivitet", "Antall"],
                   rows=[["1", "Opphold", "2044"], ["2", "Polikliniske kontakter", "310"], ["3", "Dagbehandling", "95"]])
    assert not _is_contents_table(renumbering) and not _is_contents_table(counts)


def _table_page(page: int, rows: list[tuple[str, str, str]], top: float = 100.0) -> list[Line]:
    """A contents table's rows as a scan reads them: each cell its own line, at the columns 72
    (number), 110 (title) and 480 (page)."""
    lines = []
    for k, cells in enumerate(rows):
        y = top + 18 * k
        for x0, text in zip((72.0, 110.0, 480.0), cells, strict=True):
            words, x = [], x0
            for token in text.split():
                words.append(Word(token, x, y, x + 6 * len(token), y + 11, size=11.0, bold=None))
                x += 6 * len(token) + 4
            if words:
                lines.append(Line(words, page, 842.0))
    return lines


def test_a_contents_tables_header_row_repeated_over_the_page_is_part_of_the_contents() -> None:
    """Where the list goes on over the page, the table's header row comes again over its first
    entry there: its cells start where the entries' columns do, and it is the contents' line."""
    first = _table_page(1, [("", "Innhold", ""), ("Kap.", "Tittel", "Side"), ("7", "GRUNNLAG", "11"),
                            ("7.1", "Generelt om kostnadsvekter", "11"), ("8", "PRESISERINGER", "13"),
                            ("8.1", "Kort om omorganisering", "13")])
    second = _table_page(2, [("Kap.", "Tittel", "Side"), ("8.2", "NPK", "13"),
                             ("8.3", "Aktivitetsgrunnlag somatikk", "13"), ("8.4", "Rapporteringsformat", "14")])
    toc = find_toc([first, second])
    assert toc is not None and [e.number for e in toc.entries] == ["7", "7.1", "8", "8.1", "8.2", "8.3", "8.4"]
    listed = {id(ln) for ln in toc.lines}
    assert all(id(ln) in listed for ln in second)  # (the header row "Kap. Tittel Side" too)


def test_the_title_of_a_list_of_tables_is_no_heading() -> None:
    """"Tabelloversikt" after the contents: front matter, as the contents' title is; a scanned
    contents list that lost rows no longer vouches for leaving it out, so its title says it."""
    from tracker.extract.headings import looks_like_heading_text

    for title in ("Tabelloversikt", "Figuroversikt", "Oversikt over tabeller", "List of tables", "Innhold"):
        assert not looks_like_heading_text(title, numbered=False)
    for title in ("Tabeller og figurer i vedlegg 3", "Oversikt over endringene"):
        assert looks_like_heading_text(title, numbered=False)


def test_a_scanned_contents_list_has_lost_a_row_only_where_no_misread_explains_the_gap() -> None:
    """A row lost to OCR leaves a gap in the list's numbers; a row whose number OCR lost (an entry
    without one), or a number whose dot it lost ("32" for "3.2"), fills its gap and loses nothing."""
    from tracker.extract.toc import _rows_lost

    assert _rows_lost(["1", "2", "3", "3.1", "32", "3.3", "4"]) == 0
    assert _rows_lost(["1", "2", None, "2.2", "3"]) == 0
    assert _rows_lost(["2", "3", "3.1"]) == 1  # (its first row lost)
    assert _rows_lost(["1", "2", "2.1", "2.3", "3"]) == 1
    assert _rows_lost(["1", "6", "6.2"]) == 2
