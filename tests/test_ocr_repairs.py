"""General repairs of OCR output: despeckling, en dashes by width, heading numbers whose dot was lost,
headings told by spacing or capitals alone (OCR has no font), rules and type weight from the pixels."""

from __future__ import annotations

import shutil
import statistics
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests import pdfgen
from tracker.extract import ocr
from tracker.extract.headings import Heading, _plausible_successor, mend_misread_numbers
from tracker.extract.lines import Line
from tracker.extract.ocr_numbers import _splits, repair_ocr_numbers
from tracker.extract.ocr_spacing import set_apart_by_space, spacing
from tracker.extract.words import Word

BODY = 10.5


def _line(text: str, top: float, *, page: int = 1, size: float = BODY, x0: float = 72.0, bold: bool | None = None,
          width: float | None = None) -> Line:
    words, x = [], x0
    for t in text.split():
        w = 5.5 * len(t) if width is None else width / len(text.split())
        words.append(Word(t, x, top, x + w, top + size * 1.1, size, "", bold))
        x += w + 3
    return Line(words, page, 842.0)


def _texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines]


# ------------------------------------------------------------------------------------------ numbers


def test_splits_read_digits_as_dotted_numbers() -> None:
    assert _splits("51") == [(5, 1)]
    assert (5, 14) in _splits("514") and (5, 1, 4) in _splits("514")
    assert _splits("50") == [(5, 0)]
    assert all(len(str(p)) <= 2 for t in _splits("5105") for p in t)


def test_dot_lost_from_heading_number_is_put_back() -> None:
    lines = [
        _line("5 ISF for psykisk helsevern", 100, size=16),
        _line("Innledende tekst om kapitlet som fortsetter her.", 130),
        _line("51 Overordnet innretning for 2025", 160, size=13),
        _line("Tekst under punktet.", 185),
        _line("5,2 Polikliniske tilbud", 215, size=13),
        _line("Tekst under punktet.", 240),
        _line("5 3 Rapportering av LAR", 270, size=13),
        _line("Tekst under punktet.", 295),
    ]
    repairs = repair_ocr_numbers(lines, BODY, _plausible_successor)
    assert repairs == [("51", "5.1"), ("5,2", "5.2"), ("5 3", "5.3")]
    assert _texts(lines)[2::2] == ["5.1 Overordnet innretning for 2025", "5.2 Polikliniske tilbud",
                                   "5.3 Rapportering av LAR"]


def test_a_misread_chapter_digit_is_set_right_only_for_the_very_next_number() -> None:
    lines = [
        _line("5.6 Testing og kartlegging", 100, size=13),
        _line("Tekst under punktet.", 125),
        _line("9:7 Gruppebehandling", 155, size=13),  # OCR read 5 as 9 and the dot as a colon
        _line("Tekst under punktet.", 180),
        _line("8.9 Familiebehandling", 210, size=13),  # not 5.8: no repair, the number breaks the sequence
    ]
    assert repair_ocr_numbers(lines, BODY, _plausible_successor) == [("9:7", "5.7")]
    assert _texts(lines)[2] == "5.7 Gruppebehandling"
    assert _texts(lines)[4] == "8.9 Familiebehandling"


def _headings(numbers: list[str], *, bold: bool | None = None) -> list[Heading]:
    return [Heading([_line(f"{n} Tittel {k}", 100 + 40 * k, size=13, bold=bold)], n, f"Tittel {k}", (13.0,),
                    number_source="printed") for k, n in enumerate(numbers)]


def test_a_chapter_number_its_subsections_contradict_is_theirs() -> None:
    """Chapter 8 read as "5" (and as "83"): its subsections, 8.1 and 8.2, between chapters 7 and 9."""
    for misread in ("5", "83"):
        heads = _headings(["7", "7.1", misread, "8.1", "8.2", "9", "9.1"])
        notes = mend_misread_numbers(heads)
        assert [h.number for h in heads] == ["7", "7.1", "8", "8.1", "8.2", "9", "9.1"]
        assert heads[2].number_source == "sequence"
        assert notes == [f"page 1: heading number read as '{misread}' is '8', as its 2 subsections are numbered"]


def test_a_chapter_number_is_kept_without_agreeing_subsections_or_out_of_sequence() -> None:
    cases = [
        ["7", "5", "8.1", "9"],  # one subsection says too little
        ["7", "5", "8.1", "8.2.1", "9.2", "9"],  # subsections that disagree
        ["7", "5", "6.1", "6.2", "9"],  # 6 would break the sequence after 7
        ["7", "5", "8.1", "8.2", "8", "9"],  # 8 is another heading's already
    ]
    for numbers in cases:
        heads = _headings(numbers)
        assert mend_misread_numbers(heads) == []
        assert [h.number for h in heads] == numbers
    # A text layer's printed numbers are what the document prints, right or wrong.
    heads = _headings(["7", "5", "8.1", "8.2", "9"], bold=True)
    assert mend_misread_numbers(heads) == [] and heads[1].number == "5"


def test_two_chapters_cannot_share_a_number() -> None:
    """A large "5" read as "6" over a designed report's chapter 5, whose sections print no number:
    chapters 4, 6, 6, 7. The first 6 has room before it in the sequence (5 is nobody's), the second
    has none."""
    heads = _headings(["4", "6", "6", "7"])
    notes = mend_misread_numbers(heads)
    assert [h.number for h in heads] == ["4", "5", "6", "7"]
    assert [h.number_source for h in heads] == ["printed", "sequence", "printed", "printed"]
    assert notes == ["page 1: heading number read as '6' is '5': '6' is printed again further on, "
                     "and the sequence has no '5'"]
    heads = _headings(["3.1", "3.3", "3.3", "3.4"])  # (at any depth)
    mend_misread_numbers(heads)
    assert [h.number for h in heads] == ["3.1", "3.2", "3.3", "3.4"]
    for numbers in (["4", "5", "5", "6"],  # no room: 5 follows 4, 6 is taken
                    ["4", "6", "7"],  # a number skipped, but none printed twice
                    ["6", "6", "7"]):  # no predecessor
        heads = _headings(numbers)
        assert mend_misread_numbers(heads) == [] and [h.number for h in heads] == numbers
    heads = _headings(["4", "6", "6", "7"], bold=True)  # a text layer prints what it prints
    assert mend_misread_numbers(heads) == [] and heads[1].number == "6"


def test_a_title_run_on_into_the_column_beside_it_is_cut_at_the_size_change() -> None:
    """Tesseract read a 12 pt title's first line and a 7 pt line of the next column as one line: each
    part gets its own size. A table row whose cells' boxes differ by a joined rule is left whole."""
    def row(text: str, left: int, h: int, top: int = 224) -> tuple:
        return (1, 1, 1, left, top, 12 * len(text), h, 95.0, text, 0, 220, 1400, 50)

    title = [row("Endringslogg", 300, 48), row("ISF-", 460, 36)]
    beside = [row("ikke", 930, 22, 233), row("tatt", 990, 20, 236), row("her.", 1050, 23, 234)]
    raw = ocr.RawOcr(2000, 2800, [*title, *beside], [])
    words = ocr.raw_to_pagewords(raw, 1, 500.0, 700.0, "ocr").words
    sizes = {w.text: w.size for w in words}
    assert sizes["Endringslogg"] == sizes["ISF-"] > 1.5 * sizes["tatt"]
    assert sizes["ikke"] == sizes["tatt"] == sizes["her."]
    cells = [row("01.01-30.04", 300, 46), row("03.05.2024", 600, 45), row("24.05.2024", 930, 31)]
    assert len(ocr._split_at_size_change(cells)) == 1


def test_numbers_that_continue_the_sequence_as_written_are_kept() -> None:
    lines = [_line(f"{n} Kapittel nummer {n}", 100 + 60 * n, size=16) for n in range(8, 12)]
    assert repair_ocr_numbers(lines, BODY, _plausible_successor) == []
    assert _texts(lines)[2] == "10 Kapittel nummer 10"


def test_a_circled_number_read_as_one_in_brackets_is_the_number() -> None:
    """A chapter number in a circle comes back from OCR with the circle as brackets: "(4)", "5)",
    "(6". On a line set as a heading, where the bare number goes on from the last one, it is that
    number; a bracketed number that does not go on, or in body text, stays as written."""
    lines = [
        _line("3 GENERELLE REGLER", 100, size=26),
        _line("Tekst under kapitlet.", 140),
        _line("(4) ISF FOR PSYKISK HELSEVERN", 200, size=26),
        _line("Tekst under kapitlet.", 240),
        _line("5) ISF FOR SOMATISK SPESIALISTHELSETJENESTE", 300, size=26),
        _line("(2) Regelverket gjelder fra 1. januar.", 340),
        _line("(9 GRUNNLAG FOR KOSTNADSVEKTER", 400, size=26),
    ]
    assert repair_ocr_numbers(lines, BODY, _plausible_successor) == [("(4)", "4"), ("5)", "5")]
    assert _texts(lines)[2] == "4 ISF FOR PSYKISK HELSEVERN"
    assert _texts(lines)[5:] == ["(2) Regelverket gjelder fra 1. januar.", "(9 GRUNNLAG FOR KOSTNADSVEKTER"]


def test_the_first_chapters_one_read_as_a_letter_is_put_back() -> None:
    """A sans-serif "1" in a chapter band read as "I": before any number, in a large line, it is the
    first chapter's number; later, or in a body-size sentence ("I tillegg ..."), it stays a word."""
    lines = [
        _line("I INNLEDNING", 100, size=26),
        _line("I tillegg gjelder dette for alle.", 140),
        _line("2 FORENKLING AV REGELVERKET", 200, size=26),
        _line("I Norge er det slik.", 240, size=26),
    ]
    repairs = repair_ocr_numbers(lines, BODY, _plausible_successor)
    assert repairs == [("I", "1")]
    assert _texts(lines) == ["1 INNLEDNING", "I tillegg gjelder dette for alle.", "2 FORENKLING AV REGELVERKET",
                             "I Norge er det slik."]


def test_number_repair_needs_a_heading_set_line_and_leaves_text_layers_alone() -> None:
    body_run_on = [
        _line("5 Kapittel", 100, size=16),
        _line("Første linje i et avsnitt som fortsetter", 130),
        _line("51 Pasienter ble behandlet i perioden", 143),  # inside a paragraph, body size
    ]
    assert repair_ocr_numbers(body_run_on, BODY, _plausible_successor) == []
    born_digital = [_line("5 Kapittel", 100, size=16, bold=True), _line("51 Overordnet", 160, size=13, bold=True)]
    assert repair_ocr_numbers(born_digital, BODY, _plausible_successor) == []


# ------------------------------------------------------------------------------------------ spacing


def _page_with_bold_subheading(title: str = "Justering i kostnadsvekter", width: float = 130,
                               first_line: str | None = None) -> list[Line]:
    """Paragraphs (line pitch 14, paragraph gap +8) and one unnumbered line (``title``, ``width`` wide)
    with more space above than any paragraph break and less below: a bold subheading at body size,
    as OCR sees it; ``first_line``: a full line that the paragraph under it starts with."""
    lines, y = [], 80.0
    for para in range(6):
        if para == 3:
            y += 18
            lines.append(_line(title, y, width=width))
            y += 19
            if first_line is not None:
                lines.append(_line(first_line, y, width=420))
                y += 14
        for k in range(4):
            last = k == 3
            lines.append(_line("Dette er en lang linje med brødtekst i et avsnitt" + (" slutt." if last else ""), y,
                               width=220 if last else 420))
            y += 14
        y += 8
    return lines


def test_spacing_measures_line_and_paragraph_gaps() -> None:
    sp = spacing(_page_with_bold_subheading(), BODY)
    assert sp is not None
    assert sp.line_gap == pytest.approx(14 - BODY * 1.1, abs=0.01)
    assert sp.para_gap == pytest.approx(22 - BODY * 1.1, abs=0.01)


def test_short_line_with_heading_space_around_it_is_set_apart() -> None:
    lines = _page_with_bold_subheading()
    sp = spacing(lines, BODY)
    assert sp is not None
    apart = [ln.text for i, ln in enumerate(lines) if set_apart_by_space(lines, i, BODY, sp)]
    assert apart == ["Justering i kostnadsvekter"]


@pytest.mark.parametrize(("right_edge", "heading"), [(430.0, True), (488.0, False)])
def test_a_long_line_set_apart_is_a_heading_when_it_stops_before_the_next_word_would(
        right_edge: float, heading: bool) -> None:
    """A subheading nearly as wide as the paragraph under it ("Gjennomgang av samlegrupper for
    digital hjemmeoppfølging", italic at body size) with a heading's space above it: the line stops
    short of the paragraph's edge by more than the next line's first word ("I"), so it ended by
    itself. A line as long that runs to the edge is a paragraph's first line (after a table, say)."""
    lines = _page_with_bold_subheading(
        "Gjennomgang av samlegrupper for digital hjemmeoppfølging", right_edge - 72,
        first_line="I informasjonsmøtet i juni ble det varslet en gjennomgang av samlegruppene")
    sp = spacing(lines, BODY)
    assert sp is not None
    apart = [ln.text for i, ln in enumerate(lines) if set_apart_by_space(lines, i, BODY, sp)]
    assert apart == (["Gjennomgang av samlegrupper for digital hjemmeoppfølging"] if heading else [])


def test_where_paragraphs_are_unspaced_a_heading_has_space_above_and_some_below() -> None:
    """Paragraphs one after another at the line gap (an indent marks them, which OCR does not keep):
    the wide gaps are round headings and tables. An italic subheading at body size has 10 pt above
    it and 5 below; a paragraph after a table has the space above and only the line gap below."""
    lines, y = [], 80.0
    for para in range(10):
        if para == 4:
            y += 10
            lines.append(_line("Justering i kostnadsvekter", y, width=130))
            y += 14 + 5
        if para == 7:
            y += 10  # (a table stood here)
        for k in range(3):
            last = k == 2
            text = "Dette er en lang linje med brødtekst i et avsnitt" + (" slutt." if last else "")
            lines.append(_line(text if k else "Avsnittet begynner her med en lang linje", y,
                               width=220 if last else 420))
            y += 14
    sp = spacing(lines, BODY)
    assert sp is not None and sp.unspaced
    apart = [ln.text for i, ln in enumerate(lines) if set_apart_by_space(lines, i, BODY, sp)]
    assert apart == ["Justering i kostnadsvekter"]


# ------------------------------------------------------------------------------------------ pixels


def test_despeckle_cleans_dust_and_leaves_a_clean_page_alone() -> None:
    rng = np.random.default_rng(1)
    page = np.full((600, 400), 255, np.uint8)
    page[100:112, 50:350] = 0  # a stroke
    assert ocr.despeckle(page) is page
    dusty = page.copy()
    dusty[rng.random(page.shape) < 0.0005] = 0
    clean = ocr.despeckle(dusty)
    outside = np.ones(page.shape, bool)
    outside[98:114, 48:352] = False
    assert not np.any(clean[outside] < 128)  # every speck gone
    assert np.count_nonzero(clean[100:112, 50:350] < 128) >= 0.98 * 12 * 300  # the stroke kept


def test_lone_dash_as_wide_as_an_en_dash_becomes_one() -> None:
    words = [ocr._W("Endringslogg", 0, 0, 300, 40, 96.0), ocr._W("-", 320, 20, 18, 4, 96.0),
             ocr._W("ISF", 350, 0, 60, 30, 96.0)]
    ocr._dash_by_width(words, 40.0)
    assert words[1].text == "–"
    words[1].text, words[1].w = "-", 10
    ocr._dash_by_width(words, 40.0)
    assert words[1].text == "-"


def test_a_title_wrapped_at_its_dash_keeps_an_en_dash() -> None:
    """A narrow sidebar wraps "Endringslogg – ISF-regelverk …" after the dash: the dash ends its line,
    still as wide as an en dash. A dash that starts a line is a list mark, not the title's."""
    words = [ocr._W("Endringslogg", 0, 0, 300, 40, 96.0), ocr._W("-", 320, 20, 18, 4, 96.0)]
    ocr._dash_by_width(words, 40.0)
    assert words[1].text == "–"
    mark = [ocr._W("-", 0, 20, 18, 4, 96.0), ocr._W("Punkt", 30, 0, 120, 40, 96.0)]
    ocr._dash_by_width(mark, 40.0)
    assert mark[0].text == "-"


# ------------------------------------------------------------------------------------------ a dusty scan


def _need(*tools: str) -> None:
    if missing := [t for t in tools if shutil.which(t) is None]:
        pytest.skip(f"missing tools: {', '.join(missing)}")


def test_dusty_scan_with_capitals_title_and_bold_subheading(tmp_path: Path) -> None:
    _need("tesseract", "pdftoppm", "img2pdf")
    from tracker.extract.pipeline import extract_pdf

    para = [("p", "Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt finansiering"),
            ("p", "som gjelder fra og med neste år, og omtaler her de viktigste av dem for sektoren."),
            ("p", "Endringene er drøftet med de regionale helseforetakene i løpet av høsten i fjor."),
            ("gap", "")]
    items = [("p", "ENDRINGSLOGG – ISF-REGELVERK 2030"), ("gap", ""), ("gap", "")] + para * 2
    items += [("gap", ""), ("gap", ""), ("h3", "Justering i kostnadsvekter")] + para * 5
    src = pdfgen.report(tmp_path / "src.pdf", [items], header=None, embed=True)
    # scan with dust: single black pixels on the page image
    pngs = tmp_path / "png"
    pngs.mkdir()
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(src), str(pngs / "p")], check=True)
    from PIL import Image

    rng = np.random.default_rng(7)
    for p in sorted(pngs.glob("*.png")):
        a = np.asarray(Image.open(p).convert("L")).copy()
        a[rng.random(a.shape) < 0.0004] = 0
        Image.fromarray(a).save(p, dpi=(200, 200))
    scan = tmp_path / "scan.pdf"
    subprocess.run(["img2pdf", *map(str, sorted(pngs.glob("*.png"))), "-o", str(scan)], check=True)
    doc = extract_pdf(scan, cache_dir=tmp_path / "cache")
    titles = [s.title for s in doc.sections]
    assert titles == ["ENDRINGSLOGG – ISF-REGELVERK 2030", "Justering i kostnadsvekter"], titles
    assert "regionale helseforetakene" in doc.sections[1].text


# ------------------------------------------------------------------------------------------ pixels


def test_a_grey_hairline_scanned_with_noise_comes_back_whole() -> None:
    """A 0.3 pt grey rule at 200 dpi is a row of light pixels (about 190 of 255) that noise takes
    above 170 here and there: still one rule across the table, not pieces or nothing. A light
    header band (235) is no rule."""
    rng = np.random.default_rng(7)
    gray = np.full((400, 1800), 255.0)
    gray[150, 100:1700] = 190  # the hairline
    gray[250:280, 100:1700] = 235  # a tinted band
    gray = np.clip(gray + rng.normal(0, 8, gray.shape), 0, 255).astype(np.uint8)
    rules = [r for r in ocr.detect_rules(gray, 200) if r[2] - r[0] > r[3] - r[1]]
    assert len(rules) == 1
    x0, top, x1, _bottom = rules[0]
    assert x0 <= 110 and x1 >= 1690 and abs(top - 150) <= 1


def test_a_pale_rule_between_rows_is_found_by_its_contrast_with_both_sides() -> None:
    """A table's rule between rows printed pale grey (205 on paper of 240, 195 where it crosses the
    table's tinted first column) is lighter than any fixed threshold for dark on that page; it is
    darker than what lies on both sides of it, and comes back as one rule across the table. The
    tinted column's top and bottom edges (darker on one side only) are no rules."""
    rng = np.random.default_rng(3)
    gray = np.full((600, 2400), 240.0)
    gray[100:500, 200:800] = 225  # the tinted first column
    gray[300:302, 200:2200] -= 35  # the pale rule, across the tint and the paper
    gray = np.clip(gray + rng.normal(0, 4, gray.shape), 0, 255).astype(np.uint8)
    rules = [r for r in ocr.detect_rules(gray, 300) if r[2] - r[0] > r[3] - r[1]]
    assert [(x0 <= 210, x1 >= 2190, abs(top - 300) <= 2) for x0, top, x1, _ in rules] == [(True, True, True)]


def test_a_skewed_hairline_rule_comes_back_as_a_hairline() -> None:
    """A scan's rule is a staircase over many pixel rows; its box is as tall as the skew, its ink as
    thick as the rule. Table finding takes rules thicker than 3 pt for something else."""
    gray = np.full((600, 2400), 255, dtype=np.uint8)
    for x in range(200, 2200):  # 2 px thick, rising 14 px over its length (0.4°)
        y = 300 - round(14 * (x - 200) / 2000)
        gray[y:y + 2, x] = 40
    rules = ocr.detect_rules(gray, 300)
    assert len(rules) == 1
    x0, top, x1, bottom = rules[0]
    assert (x0, x1) == (200, 2200)
    assert bottom - top <= 3  # the ink, not the 16-row box
    assert abs((top + bottom) / 2 - 293) <= 1.5  # through the middle of the staircase


def test_a_dashed_rule_between_table_rows_is_found_and_text_gives_none() -> None:
    """A browser draws a table's dashed row rule as short dashes as far apart as they are long; on a
    300 dpi scan each dash is shorter than any piece of a solid rule. The dashes in a row are one rule
    across the table. The stems of lines of text, as regular as DejaVu's are, give none, nor does a
    contents list's row of leader dots."""
    from PIL import ImageFilter

    body = "Helsedirektoratet har gjort mindre endringer i regelverket for innsatsstyrt finansiering"
    gray, _rows = _page_image([("regular", body), ("bold", "Kapittel 5.21 Digital hjemmeoppfølging"),
                               ("regular", body), ("regular", "Innledning . . . . . . . . . . . . . . . . 3")])
    page = np.vstack([gray, np.full((300, gray.shape[1]), 255, dtype=np.uint8)])
    for x in range(240, 2240, 15):  # 8 px dashes, 7 px apart, 3 rows thick
        page[560:563, x:x + 8] = 60
    from PIL import Image

    page = np.asarray(Image.fromarray(page).filter(ImageFilter.GaussianBlur(1.5)))
    rules = ocr.detect_rules(page, 300)
    assert [(x0 <= 245, x1 >= 2230, 555 <= top <= 565) for x0, top, x1, _ in rules] == [(True, True, True)]
    assert ocr.detect_rules(np.asarray(Image.fromarray(gray).filter(ImageFilter.GaussianBlur(1.5))), 300) == []


def _page_image(lines: list[tuple[str, str]], size_px: int = 42, inks: dict[int, int] | None = None,
                word_inks: dict[str, int] | None = None) -> tuple[np.ndarray, list[tuple]]:
    """A 300 dpi page of text lines in DejaVu Sans (``regular``) or DejaVu Sans Bold (``bold``), in
    black or, for line n, in the grey ``inks[n]`` (a word named in ``word_inks`` in its grey), with
    each word's box as Tesseract reports it."""
    from PIL import Image, ImageDraw, ImageFont

    fonts = {style: ImageFont.truetype(str(pdfgen.DEJAVU_DIR / f"DejaVuSans{suffix}.ttf"), size_px)
             for style, suffix in (("regular", ""), ("bold", "-Bold"))}
    img = Image.new("L", (2480, 120 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    rows: list[tuple] = []
    for n, (style, text) in enumerate(lines):
        x, y = 200, 100 + 70 * n
        for word in text.split():
            left, top, right, bottom = draw.textbbox((x, y), word, font=fonts[style])
            draw.text((x, y), word, font=fonts[style], fill=(word_inks or {}).get(word, (inks or {}).get(n, 0)))
            rows.append((1, 1, n + 1, left, top, right - left, bottom - top, 95.0, word, 200, y, 1800, 56))
            x = right + int(0.3 * size_px)
    return np.asarray(img), rows


def test_bold_words_are_told_from_the_pixels() -> None:
    """OCR reports no weight: the stroke width measured in each word's box tells bold type from
    regular, relative to the document's body text, whatever the letters."""
    body = "Helsedirektoratet har gjort flere endringer i regelverket for finansiering"
    lines = [("regular", body)] * 8 + [("bold", "Justering av kostnadsvekter")] + [("regular", body)] * 4
    gray, rows = _page_image(lines)
    raw = ocr.RawOcr(gray.shape[1], gray.shape[0], ocr.word_ink(gray, rows), [])
    page = ocr.raw_to_pagewords(raw, 1, 595.0, 842.0 * gray.shape[0] / 3508, "ocr")
    ocr.mark_heavy([page])
    heavy = {w.text for w in page.words if w.heavy}
    assert heavy == {"Justering", "kostnadsvekter"}  # "av" is too little ink to weigh
    assert all(w.stroke is not None for w in page.words)


def test_words_in_coloured_ink_are_told_from_the_pixels() -> None:
    """OCR reports no colour: a heading in a colour, regular weight at body size, scans as ink lighter
    than the black body text (the tone of its strokes' cores), and is marked as tinted; the body is not."""
    body = "Helsedirektoratet har gjort flere endringer i regelverket for finansiering"
    lines = [("regular", body)] * 8 + [("regular", "Justering av kostnadsvekter")] + [("regular", body)] * 4
    gray, rows = _page_image(lines, inks={8: 88})  # the heading in a colour that scans as grey 88
    raw = ocr.RawOcr(gray.shape[1], gray.shape[0], ocr.word_ink(gray, rows), [])
    page = ocr.raw_to_pagewords(raw, 1, 595.0, 842.0 * gray.shape[0] / 3508, "ocr")
    ocr.mark_tinted([page])
    tinted = {w.text for w in page.words if w.color == ocr.TINTED_INK}
    assert tinted == {"Justering", "av", "kostnadsvekter"}  # "av" takes its line's tint


@pytest.mark.parametrize(("ink", "tinted"), [(32, True), (14, False)])
def test_a_line_is_tinted_by_its_words_taken_together(ink: int, tinted: bool) -> None:
    """A line whose words are each a little short of the word step (their tone varies with noise and
    letters), taken together clearly lighter than the body: tinted, every word of it (a dark red
    heading on a grey scan measured 80-82 against a body of 42-44). A line a shade off black is not."""
    body = "Helsedirektoratet har gjort flere endringer i regelverket for finansiering"
    lines = [("regular", body)] * 8 + [("regular", "Regel for lukking av tertialvise aktivitetsdata")] + [("regular", body)] * 4
    gray, rows = _page_image(lines, inks={8: ink})
    raw = ocr.RawOcr(gray.shape[1], gray.shape[0], ocr.word_ink(gray, rows), [])
    page = ocr.raw_to_pagewords(raw, 1, 595.0, 842.0 * gray.shape[0] / 3508, "ocr")
    body_tone = statistics.median(w.tone for w in page.words if w.tone is not None)
    heading = [w for w in page.words if w.text in {"Regel", "lukking", "tertialvise", "aktivitetsdata"}]
    assert all(w.tone is not None and w.tone < body_tone + ocr.TINT_STEP for w in heading)  # no word alone
    ocr.mark_tinted([page])
    assert {w.text for w in page.words if w.color == ocr.TINTED_INK} == (
        {"Regel", "for", "lukking", "av", "tertialvise", "aktivitetsdata"} if tinted else set())


def test_running_text_with_coloured_words_in_it_is_no_coloured_line() -> None:
    """A paragraph's first line with a link (or a tracked change) in the accent colour over half its
    letters: the link's words are tinted, the line is not, and it is no heading (as in a text layer,
    a heading is a line in a colour all of it)."""
    from tracker.extract.headings import body_style, detect_headings
    from tracker.extract.lines import Line

    body = "Helsedirektoratet har gjort flere endringer i regelverket for finansiering"
    mixed = "Gjennom drginfo (drginfo@helsedir.no) hadde vi mottatt flere spørsmål rundt"
    link = {"(drginfo@helsedir.no)": 90, "hadde": 90, "vi": 90, "mottatt": 90}
    lines = [("regular", body)] * 8 + [("regular", mixed)] + [("regular", body)] * 4
    gray, rows = _page_image(lines, word_inks=link)
    raw = ocr.RawOcr(gray.shape[1], gray.shape[0], ocr.word_ink(gray, rows), [])
    page = ocr.raw_to_pagewords(raw, 1, 595.0, 842.0 * gray.shape[0] / 3508, "ocr")
    ocr.mark_tinted([page])
    assert {w.text for w in page.words if w.color == ocr.TINTED_INK} == set(link)
    texts = ["Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt",
             "finansiering som gjelder fra og med neste år, og omtaler her de viktigste."] * 6
    texts[6:6] = [mixed]
    found_lines = [_line(t, 100 + 15 * i) for i, t in enumerate(texts)]
    for w in found_lines[6].words:
        w.color = ocr.TINTED_INK if w.text in link else ()
    assert isinstance(found_lines[6], Line) and found_lines[6].color == ocr.TINTED_INK  # (most letters)
    assert detect_headings(found_lines, body=body_style(found_lines), slides=False) == []


def test_a_line_in_coloured_ink_at_body_size_is_a_heading_on_a_scan() -> None:
    """Evenly spaced OCR lines of one size and weight: only the tint of its ink sets the subheading apart."""
    from tracker.extract.headings import body_style, detect_headings

    texts = ["Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt",
             "finansiering som gjelder fra og med neste år, og omtaler her de viktigste."] * 6
    texts[6:6] = ["Justering i kostnadsvekter"]
    for tinted in (True, False):
        lines = [_line(t, 100 + 15 * i) for i, t in enumerate(texts)]
        for w in lines[6].words:
            w.color = ocr.TINTED_INK if tinted else ()
        found = detect_headings(lines, body=body_style(lines), slides=False)
        assert [h.title for h in found] == (["Justering i kostnadsvekter"] if tinted else [])


@pytest.mark.parametrize("heavy", [True, False])
def test_a_heavy_line_at_body_size_is_a_heading_only_when_the_pixels_show_it(heavy: bool) -> None:
    """Evenly spaced OCR lines: neither size nor spacing sets the subheading apart, only its weight."""
    from tracker.extract.headings import body_style, detect_headings

    texts = ["Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt",
             "finansiering som gjelder fra og med neste år, og omtaler her de viktigste."] * 6
    texts[6:6] = ["Justering i kostnadsvekter"]
    lines = [_line(t, 100 + 15 * i) for i, t in enumerate(texts)]
    for w in lines[6].words:
        w.heavy = heavy
    found = detect_headings(lines, body=body_style(lines), slides=False)
    assert [h.title for h in found] == (["Justering i kostnadsvekter"] if heavy else [])


def test_sections_after_small_sidebar_chapter_titles_sit_under_them() -> None:
    """A designed report scanned: chapter titles in a narrow sidebar (printed numbers, read at 13.5 pt)
    and unnumbered section titles read larger (16 pt), with smaller subheadings. Size alone would
    make the sections the top level; the chapter numbers say the sections are under them."""
    from tracker.extract.headings import Heading, assign_levels

    chapter, section, sub = (13.5, True, (), True, False), (16.0, True, (), False, False), (11.5, True, (), False, False)
    plan = [("4", "GENERELLE REGLER", chapter), (None, "Regel for lukking", section),
            (None, "Digitale tjenester", section), (None, "Justering i kostnadsvekter", sub),
            ("5", "ISF FOR PSYKISK HELSEVERN", chapter), (None, "Overordnet innretning", section),
            (None, "Gruppebehandling", section)]
    headings = [Heading([], number, title, style) for number, title, style in plan]
    assign_levels(headings, slides=False)
    assert [h.level for h in headings] == [1, 2, 2, 3, 1, 2, 2]


def test_a_chapter_title_read_at_the_section_size_does_not_make_sections_chapters() -> None:
    """A designed report scanned: chapter titles in a band (printed numbers, read at 26 pt), but one
    long title set smaller to fit its band reads at the size of the unnumbered section titles
    (18 pt). That one number must not make its style numbered: the sections stay under their
    chapters."""
    from tracker.extract.headings import Heading, assign_levels

    chapter, section = (26.0, True, (), False, False), (18.0, True, (), False, False)
    plan = [("3", "GENERELLE REGLER", chapter), (None, "Multippel koding", section),
            (None, "Kodeverksendring", section),
            ("4", "ISF FOR PSYKISK HELSEVERN OG TVERRFAGLIG SPESIALISERT RUSBEHANDLING", section),
            (None, "Overordnet innretning for 2024", section), (None, "Gruppebehandling", section),
            ("5", "ISF FOR SOMATISK SPESIALISTHELSETJENESTE", chapter), (None, "Palliasjon", section)]
    headings = [Heading([], number, title, style) for number, title, style in plan]
    assign_levels(headings, slides=False)
    assert [h.level for h in headings] == [1, 2, 2, 1, 2, 2, 1, 2]


def test_a_style_read_a_little_larger_is_a_sibling_not_a_parent() -> None:
    """A scanned report's subheadings all in one bold face, but OCR reads one at 13.5 pt and the rest
    at 12 pt (sizes come from ink). The 13.5 pt one sits before the others; it is their sibling,
    so all are one level below the sections, not the 12 pt ones a level further down."""
    from tracker.extract.headings import Heading, assign_levels

    chapter, section = (26.5, True, (), False, False), (16.5, True, (), False, False)
    sub_large, sub = (13.5, True, (), False, False), (12.0, True, (), False, False)
    plan = [("1", "INNLEDNING", chapter), (None, "Regel for lukking", section),
            (None, "Justering i kostnadsvekter", sub_large), (None, "Forenkling av registrering", sub),
            (None, "Digitale tjenester", section), (None, "Gjennomgang av samlegrupper", sub)]
    headings = [Heading([_line(title, 100.0 + 30 * k, size=st[0])], number, title, st)
                for k, (number, title, st) in enumerate(plan)]
    assign_levels(headings, slides=False)
    assert [h.level for h in headings] == [1, 2, 3, 3, 2, 3]


@pytest.mark.parametrize(("strokes", "levels"), [
    # One bold type blurred by the scan (the threshold cut its headings in two at 0.089): siblings.
    ({"light": [0.077, 0.083, 0.088], "heavy": [0.089, 0.092]}, [1, 2, 2, 2, 2, 2]),
    # Regular and bold type a clear step apart: the smaller bold style is a level under the larger.
    ({"light": [0.066, 0.070, 0.072], "heavy": [0.105, 0.110]}, [1, 2, 3, 2, 3, 2]),
])
def test_scanned_styles_apart_only_by_a_weight_the_threshold_split_are_siblings(
        strokes: dict[str, list[float]], levels: list[int]) -> None:
    """A designed report's sections, one grey bold face with no printed numbers, scanned: OCR reads
    most at 15 pt and regular, some at 13.5 pt and heavy. Weight on a scan is a threshold on the
    measured stroke; where the two styles' strokes run on into each other, they are one weight."""
    from tracker.extract.headings import Heading, assign_levels

    chapter = (28.0, True, (), False, False)
    light, heavy = (15.0, False, (0.5,), False, False), (13.5, True, (0.5,), False, False)
    plan = [("3", "GENERELLE REGLER", chapter), (None, "Digital hjemmeoppfølging", light),
            (None, "Multippel koding", heavy), (None, "Kodeverksendring", light),
            (None, "Intensivbehandling", heavy), (None, "Rehabilitering", light)]
    measured = {"light": iter(strokes["light"]), "heavy": iter(strokes["heavy"])}
    headings = []
    for k, (number, title, st) in enumerate(plan):
        ln = _line(title, 100.0 + 30 * k, size=st[0])
        kind = "heavy" if st is heavy else "light" if st is light else None
        stroke = next(measured[kind]) if kind else 0.09
        for w in ln.words:
            w.stroke = stroke
        headings.append(Heading([ln], number, title, st))
    assign_levels(headings, slides=False)
    assert [h.level for h in headings] == levels


def test_a_line_with_a_web_address_is_no_heading() -> None:
    """A web page printed with each link's address after it: on a scan a line that is mostly address
    is in the link's colour, tinted like a heading. No heading carries a web address."""
    from tracker.extract.headings import looks_like_heading_text

    for text in ("ISF (https://www.helsedirektoratet.no/tema/finansiering) for poliklinisk psykisk",
                 "NPR (www.helsedirektoratet.no/tema/statistikk)", "Se http://nhn.no"):
        assert not looks_like_heading_text(text, numbered=False)
    for text in ("ISF for poliklinisk psykisk helsevern", "Nytt fra www-gruppen", "Kap. 4 i forskriften"):
        assert looks_like_heading_text(text, numbered=False)


def test_a_heavy_heading_wrapped_after_a_comma_is_one_heading() -> None:
    """A scanned section title that wraps after a comma ("… og leppe-," / "kjeve- og ganespalte"):
    the first line ends like running text, but both lines are in one type right below each other:
    one heading. Heavy at any size; in regular weight (a coloured title scanned in grey) when both
    are clearly larger than the body and no third line runs on at that size. At body size in
    regular weight, or as the start of a lead paragraph set large, the lines stay text."""
    from tracker.extract.headings import body_style, detect_headings

    title = ["Kjeveortopedi kraniofaciale tilstander og leppe-,", "kjeve- og ganespalte"]

    def page(heavy: bool, size: float = 15.5, title_lines: list[str] = title) -> list[Line]:
        texts = ["Dette er en lang linje med brødtekst i et avsnitt som går videre."] * 4
        lines = [_line(t, 100 + 15 * i) for i, t in enumerate(texts)]
        lines += [_line(t, 180 + 20 * k, size=size) for k, t in enumerate(title_lines)]
        end = 180 + 20 * len(title_lines) + 10
        lines += [_line(t, end + 15 * i) for i, t in enumerate(texts)]
        for ln in lines[4:4 + len(title_lines)]:
            for w in ln.words:
                w.heavy = heavy
        return lines

    def headings(lines: list[Line]) -> list[str]:
        return [h.title for h in detect_headings(lines, body=body_style(lines), slides=False)]

    whole = ["Kjeveortopedi kraniofaciale tilstander og leppe-, kjeve- og ganespalte"]
    assert headings(page(True)) == whole
    assert headings(page(True, size=10.0)) == whole
    assert headings(page(False)) == whole
    assert headings(page(False, size=10.0)) == []
    lead = ["I år er det gjort endringer i regelverket,", "og de viktigste av dem er samlet her",
            "slik at leseren finner dem raskt."]
    assert headings(page(False, title_lines=lead)) == []


def _page_with_fills() -> np.ndarray:
    """A 300 dpi page in grey: paper with noise; a dark band (grey 80) holding light strokes (white
    text); a light band (grey 235) holding dark strokes (a zebra row); dark strokes on the paper."""
    rng = np.random.default_rng(0)
    page = np.clip(rng.normal(251, 4, (1200, 1600)), 0, 255)
    page[100:180, 100:1500] = 80 + rng.normal(0, 4, (80, 1400))  # dark band
    for x in range(150, 900, 40):
        page[120:160, x:x + 8] = 250  # white letters' stems
    page[300:400, 100:1500] = 235 + rng.normal(0, 4, (100, 1400))  # light band
    for x in range(150, 1200, 30):
        page[330:370, x:x + 5] = 20  # dark letters on it
    for y in (600, 660, 720):  # three lines of text on the paper
        for x in range(150, 1400, 25):
            page[y:y + 35, x:x + 5] = 20
            page[y + 28:y + 35, x:x + 18] = 20
    return np.clip(page, 0, 255).astype(np.uint8)


def test_scanned_fills_are_found_and_light_text_made_dark() -> None:
    """A scan's filled bands are what a text layer gives as filled rects (a table's header band, rows
    banded by colour, a chapter band): both bands are found, at their place and grey, and the text
    on the paper makes none. Light text on the dark band is turned into dark text on the paper's
    grey for Tesseract; the light band, whose text is already dark, is left alone."""
    from tracker.extract.ocr import detect_fills, light_text_darkened, light_text_fills

    page = _page_with_fills()
    fills = detect_fills(page)
    assert len(fills) == 2, fills
    (x0, top, x1, bottom, tone), light = sorted(fills, key=lambda f: f[1])
    assert abs(x0 - 100) <= 16 and abs(x1 - 1500) <= 16 and abs(top - 100) <= 16 and abs(bottom - 180) <= 16
    assert 60 <= tone <= 100 and 220 <= light[4] <= 245
    inverted = light_text_fills(page, fills)
    assert [f[1] for f in inverted] == [top]
    readable = light_text_darkened(page, inverted)
    assert np.median(readable[105:118, 400:1400]) >= 240  # the band's ground is paper now
    assert np.median(readable[125:155, 151:157]) <= 60  # its white stems are dark
    assert (readable[300:400] == page[300:400]).all()  # the light band is as it was
    assert detect_fills(page[500:800]) == []  # text alone makes no fill


# ------------------------------------------------------------------------------------------ re-read


def _page_with_lost_numbers() -> tuple[np.ndarray, list[tuple]]:
    """A 300 dpi page in DejaVu Sans: body lines, two bold headings whose numbers hang at the margin
    apart from the title, a chapter number set very large on a line of its own, and a bulleted line;
    with word rows as Tesseract gave them on such scans: the first number garbled ("Sid:", low
    confidence), the second and the large one not returned at all, of a third only the "7" of "7.1.",
    the bullet read as "+"; and a code read with low confidence."""
    from PIL import Image, ImageDraw, ImageFont

    def font(suffix: str, px: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(pdfgen.DEJAVU_DIR / f"DejaVuSans{suffix}.ttf"), px)

    regular, bold, huge = font("", 42), font("-Bold", 50), font("-Bold", 160)
    img = Image.new("L", (2480, 1800), 255)
    draw = ImageDraw.Draw(img)
    rows: list[tuple] = []
    line = 0

    def put(words: list[tuple[int, str]], y: int, f: ImageFont.FreeTypeFont, *, row: bool = True) -> list[tuple]:
        nonlocal line
        line += 1
        boxes = []
        for x, text in words:
            boxes.append(draw.textbbox((x, y), text, font=f))
            draw.text((x, y), text, font=f, fill=0)
        lt, lb = min(b[1] for b in boxes), max(b[3] for b in boxes)  # the line's box, as Tesseract's
        out = [(1, 1, line, b[0], b[1], b[2] - b[0], b[3] - b[1], 95.0, text, b[0], lt, 1800, lb - lt)
               for b, (_x, text) in zip(boxes, words, strict=True)]
        if row:
            rows.extend(out)
        return out

    body = "Helsedirektoratet har gjort flere endringer i regelverket for finansiering"
    def body_line(y: int) -> None:
        x, words = 200, []
        for w in body.split():
            words.append((x, w))
            x = draw.textbbox((x, y), w, font=regular)[2] + 13
        put(words, y, regular)

    for y in (100, 170, 240):
        body_line(y)
    garbled = put([(200, "5.2."), (420, "Polikliniske"), (780, "tilbud")], 340, bold)
    rows[rows.index(garbled[0])] = (*garbled[0][:7], 67.4, "Sid:", *garbled[0][9:])
    for y in (430, 500):
        body_line(y)
    number = put([(200, "5.3.")], 600, bold, row=False)  # Tesseract dropped it
    put([(420, "Rapportering"), (800, "av"), (890, "LAR")], 600, bold)
    for y in (690, 760):
        body_line(y)
    put([(200, "6")], 880, huge, row=False)  # a chapter number on its own line, dropped
    put([(200, "Endringer"), (470, "i"), (520, "DRG-systemet")], 1100, bold)
    bullet = put([(220, "•"), (290, "kodene"), (480, "videreføres")], 1200, regular)
    rows[rows.index(bullet[0])] = (*bullet[0][:7], 40.2, "+", *bullet[0][9:])
    part = put([(200, "7.1."), (420, "Generelt"), (650, "om")], 1600, bold)
    seven = draw.textbbox((200, 1600), "7", font=bold)
    rows[rows.index(part[0])] = (*part[0][:5], seven[2] - seven[0], *part[0][6:8], "7", *part[0][9:])  # ".1." left
    code = put([(200, "B1"), (420, "Ny"), (520, "kode")], 1300, regular)
    rows[rows.index(code[0])] = (*code[0][:7], 52.0, "B1", *code[0][9:])  # a code read with low confidence
    for y in (1400, 1470):
        body_line(y)
    return np.asarray(img), rows + [("dropped", *number[0][3:7])]


def test_numbers_ocr_garbled_or_lost_are_read_again_as_numbers() -> None:
    """Tesseract garbles a bold number hanging at the margin and drops one set apart or very large;
    read again from the pixels as digits and points, the garbled word gets its number, the dropped
    ones come back on the line they stand left of or as a line of their own; the bullet and a code
    read with low confidence stay as they were."""
    _need("tesseract")
    from tracker.extract.ocr_reread import NUMBER_CHARS, number_spots, reread_numbers, unread_ink

    gray, rows = _page_with_lost_numbers()
    *rows, dropped = rows
    spots = number_spots(rows, unread_ink(gray < 128, rows, []))
    # the garbled word replaced, two spots of unread ink added; the bullet is no number's height and
    # "B1" is a code
    assert sorted((r[8], at is None) for r, at in spots) == [("", True), ("", True), ("7", False), ("Sid:", False)]
    run = lambda image, psm: ocr.run_tesseract(image, 300, psm=psm, only=NUMBER_CHARS)  # noqa: E731
    new = reread_numbers(gray, rows, [], run, ocr._encode_bmp, ocr.parse_tsv)
    texts = [r[8] for r in new]
    assert texts[:len(rows)] == [{"Sid:": "5.2.", "7": "7.1."}.get(r[8], r[8]) for r in rows]
    added = new[len(rows):]
    assert sorted(r[8] for r in added) == ["5.3.", "6"], added
    on_line = next(r for r in added if r[8] == "5.3.")
    title = next(r for r in rows if r[8] == "Rapportering")
    assert on_line[:3] == title[:3] and abs(on_line[3] - dropped[1]) <= 4  # on the title's line, at the margin
    own = next(r for r in added if r[8] == "6")
    assert own[0] >= 10_000 and own[6] >= 100  # a line of its own, set large


def test_a_number_apart_on_the_titles_row_is_the_headings_number_on_a_scan() -> None:
    """A chapter number in a margin column, read by OCR on the title's row: its weight is not
    measurable (one glyph), the title's is heavy; still one heading, "1 INNLEDNING"."""
    from tracker.extract.headings import body_style, detect_headings

    texts = ["Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt",
             "finansiering som gjelder fra og med neste år, og omtaler her de viktigste."] * 5
    lines = [_line(t, 160 + 15 * i, x0=132) for i, t in enumerate(texts)]
    number = _line("1", 120, size=17, x0=133)
    title = _line("INNLEDNING", 120, size=17, x0=201)
    for w in title.words:
        w.heavy = True
    found = detect_headings([number, title, *lines], body=body_style(lines), slides=False)
    assert [(h.number, h.title) for h in found] == [("1", "INNLEDNING")]


def test_a_scanned_title_wrapped_before_a_date_is_one_heading() -> None:
    """A scanned title over three lines whose last line is a date ("16.okt 2023"): the pixels made
    that line heavy and the two above regular, and a date starts neither in lower case nor in
    capitals; it is no heading number either, so it reads on. It was body text, and the title
    lost its end."""
    from tracker.extract.headings import body_style, detect_headings

    texts = ["I tabellen gis en oversikt over endringer foretatt fra foreløpig til endelig",
             "ISF-regelverk. Mindre korrekturendringer er ikke tatt med her, og det gjelder."] * 5
    lines = [_line(t, 200 + 15 * i) for i, t in enumerate(texts)]
    title = [_line("Endringslogg – ISF-regelverk 2024", 48, size=22.5),
             _line("sett opp mot foreløpig regelverk fra", 72, size=22.5),
             _line("16.okt 2023", 97, size=22.5)]
    for w in title[2].words:
        w.heavy = True
    found = detect_headings([*title, *lines], body=body_style(lines), slides=False)
    assert [h.title for h in found] == ["Endringslogg – ISF-regelverk 2024 sett opp mot foreløpig regelverk fra 16.okt 2023"]


def test_a_scanned_running_header_naming_the_chapter_is_no_second_heading() -> None:
    """A running header names the chapter in small type above the chapter's own heading. On a
    scan its text varies from page to page (a fax), so it is not found by repetition; it carries
    the chapter's number, but it is set far smaller than the chapter headings, whose depth the
    document sets in a heading style. It was a second heading "4" before the real one."""
    from tracker.extract.headings import body_style, detect_headings

    texts = ["ISF-andelen er foreslått uendret. For psykisk helsevern og TSB er den samlede",
             "aktivitetsbaserte finansieringsandelen beregnet til om lag 25 prosent, og mer."] * 4
    lines: list[Line] = []
    for page, chapter in ((1, "3 GENERELLE REGLER"), (2, "4 ISF FOR PSYKISK HELSEVERN")):
        if page == 2:
            lines.append(_line("4 ISF FOR PSYKISK HELSEVERN OG TVERRFAGLIG", 55, page=2, size=9))
        head = _line(chapter, 95, page=page, size=16.5)
        for w in head.words:
            w.heavy = True
        lines += [head, *(_line(t, 150 + 15 * i, page=page) for i, t in enumerate(texts))]
    found = detect_headings(lines, body=body_style(lines), slides=False)
    assert [(h.number, h.lines[0].top) for h in found] == [("3", 95), ("4", 95)]


def test_lower_case_scraps_on_a_scan_are_no_headings() -> None:
    """OCR reads a mark or a picture's edge as a short scrap ("s: å") that can measure as large and
    heavy as a heading; an unnumbered scanned title starts with a capital and has three letters."""
    from tracker.extract.headings import body_style, detect_headings

    texts = ["Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt",
             "finansiering som gjelder fra og med neste år, og omtaler her de viktigste."] * 5
    lines = [_line(t, 160 + 15 * i) for i, t in enumerate(texts)]
    for text, top in (("s: å", 100), ("Ny KPP", 130)):
        head = _line(text, top, size=17)
        for w in head.words:
            w.heavy = True
        lines.insert(0 if top == 100 else 1, head)
    found = detect_headings(lines, body=body_style(lines[2:]), slides=False)
    assert [h.title for h in found] == ["Ny KPP"]


def test_an_italic_line_at_body_size_is_a_heading_by_the_space_around_it() -> None:
    """A text layer's subheading in italic at body size, in an upright body: a heading when it has a
    heading's space above it and its text close below; an italic line inside a paragraph is not."""
    from dataclasses import replace

    from tracker.extract.headings import body_style, detect_headings

    para = ["Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt",
            "finansiering som gjelder fra og med neste år, og omtaler her de viktigste",
            "endringene for sektoren."]
    lines, top = [], 100.0
    for n in range(8):
        if n == 4:
            top += 14  # a heading's space above
            lines.append(_line("Justering i kostnadsvekter", top, bold=False))
            top += BODY * 1.1 + 3
        for k, t in enumerate(para):
            lines.append(_line("Tekst i kursiv midt i avsnittet" if (n, k) == (6, 1) else t, top, bold=False))
            top += BODY * 1.1 + 3
        top += 6  # paragraph break
    for ln in lines:
        if ln.text in ("Justering i kostnadsvekter", "Tekst i kursiv midt i avsnittet"):
            ln.words = [replace(w, fontname="DejaVuSans-Oblique") for w in ln.words]
    found = detect_headings(lines, body=body_style(lines), slides=False)
    assert [h.title for h in found] == ["Justering i kostnadsvekter"]


@pytest.mark.parametrize("turned", [1.2, -1.5])
def test_a_page_scanned_askew_is_turned_straight(turned: float) -> None:
    """A page whose rows drift by more than half a line across it (1.2° over 16 cm of text is
    9.5 pt) is turned straight before it is read: its skew is measured from its rows, and after
    turning, each line's ink lies in one band of pixel rows again."""
    from PIL import Image

    text = "Det innføres fire ulike forløp uten finansiering innen svangerskap og fødselsomsorgen"
    straight, _rows = _page_image([("regular", text)] * 12)
    paper = int(np.median(straight))
    # PIL turns counter-clockwise for a positive angle: rows then run up to the right (skew < 0).
    askew = np.asarray(Image.fromarray(straight).rotate(-turned, resample=Image.Resampling.BICUBIC, fillcolor=paper))
    assert abs(ocr.skew_angle(askew) - turned) <= 0.05
    fixed = ocr.deskewed(askew)
    assert abs(ocr.skew_angle(fixed)) <= 0.05

    def inked_rows(gray: np.ndarray) -> int:
        return int(np.count_nonzero((gray < 128).any(axis=1)))

    assert inked_rows(fixed) <= inked_rows(straight) + 12 * 4  # a few pixel rows of blur per line
    assert inked_rows(askew) > 1.5 * inked_rows(straight)  # (askew, the bands of the lines run together)


@pytest.mark.parametrize("turned", [0.6, -1.0])
def test_a_dark_panel_does_not_tell_the_skew(turned: float) -> None:
    """A chapter page of a designed report: a dark panel down the left edge, four lines of text
    beside it. The panel's solid ink is no row of type and is left out when the skew is measured
    (it had pulled the measure to the end of the range, 3°, and the page was turned the wrong way)."""
    from PIL import Image, ImageDraw

    text = "Dette dokumentet beskriver vesentlige endringer i ISF-ordningen"
    lines, _rows = _page_image([("regular", text)] * 4)
    page = Image.new("L", (2480, 3508), 255)
    page.paste(Image.fromarray(lines[:, :1900]), (720, 400))
    ImageDraw.Draw(page).rectangle((0, 0, 640, 3508), fill=70)
    askew = np.asarray(page.rotate(-turned, resample=Image.Resampling.BICUBIC, fillcolor=255))
    assert abs(ocr.skew_angle(askew) - turned) <= 0.05


def test_a_slight_skew_is_left_alone() -> None:
    """Half a degree over 16 cm drifts 4 pt, less than half a line: the image is not resampled
    (Tesseract and the row grouping take such a skew in their stride)."""
    from PIL import Image

    straight, _rows = _page_image([("regular", "Særkodene for kvalitetsregistre går ut fra 2025 og erstattes av prosedyrekoder")] * 8)
    askew = np.asarray(Image.fromarray(straight).rotate(0.5, resample=Image.Resampling.BICUBIC, fillcolor=255))
    assert ocr.deskewed(askew) is askew


def test_a_rule_below_a_scanners_dark_border_is_found() -> None:
    """A photocopy's dark border runs along the top and down the side of the page. Chained as one
    piece of ink from row to row, the border took every rule below it into itself, and a scanned
    table lost all its rules; a rule is its own chain."""
    gray = np.full((1600, 2400), 250, dtype=np.uint8)
    gray[:30, :] = 20  # the top border
    gray[:, :70] = 25  # the side border, down the whole page
    for x in range(300, 2100):  # 3 px thick, rising 10 px over its length
        y = 900 - round(10 * (x - 300) / 1800)
        gray[y:y + 3, x] = 60
    rules = [r for r in ocr.detect_rules(gray, 300) if r[2] - r[0] > r[3] - r[1] and r[1] > 100]
    assert len(rules) == 1, rules
    x0, top, x1, bottom = rules[0]
    assert x0 <= 305 and x1 >= 2095 and bottom - top <= 4


def test_an_inverted_box_found_a_little_too_large_leaves_no_black_frame() -> None:
    """Fills are found on a grid of blocks, so a box may reach a few pixels past the fill onto the
    paper. Inverted with the fill, that strip of paper became a black frame round a chapter number
    in a box, and Tesseract took the framed number for a picture and did not read it."""
    from PIL import Image, ImageDraw, ImageFont

    from tracker.extract.ocr import light_text_darkened

    img = Image.new("L", (1200, 800), 250)
    draw = ImageDraw.Draw(img)
    draw.rectangle((288, 184, 592, 488), fill=79)
    draw.text((380, 250), "2", font=ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans-Bold.ttf"), 160), fill=250)
    page = np.asarray(img)
    readable = light_text_darkened(page, [(280, 176, 600, 496, 79)])  # 8 px too large on every side
    assert readable[176:496, 280:287].min() >= 200 and readable[489:496, 280:600].min() >= 200
    assert readable[184:488, 288:592].min() <= 40  # the number is dark now
    assert np.median(readable[190:480, 300:360]) >= 240  # and the fill's ground is paper


def test_a_number_lost_on_a_page_with_a_dark_border_is_still_found() -> None:
    """The spots to read again are found by the rows of ink that no word covers; a scan's dark
    border and binding shadow ink every row of the page and made them all one row, so no spot was
    found. Only the ink near the text counts."""
    _need("tesseract")
    from tracker.extract.ocr_reread import number_spots, unread_ink

    gray, rows = _page_with_lost_numbers()
    *rows, _dropped = rows
    framed = gray.copy()
    framed[:, :40] = 20
    framed[:, -30:] = 20
    framed[:25, :] = 20
    found = sorted((r[8], at is None) for r, at in number_spots(rows, unread_ink(framed < 128, rows, [])))
    assert found == [("", True), ("", True), ("7", False), ("Sid:", False)]


def test_a_chapter_number_set_large_over_its_title_is_a_spot_to_read_again() -> None:
    """A designed report's chapter panel: the number white on dark, three or four times the title's
    size, the title two lines of type under it. Tesseract read the "7" as "VÅ" (confidence 12). The
    glyph's own height, not only the text's, says how far below it its title may start."""
    from tracker.extract.ocr_reread import number_spots

    def row(block: int, line: int, left: int, top: int, w: int, h: int, conf: float, text: str) -> tuple:
        return (block, 1, line, left, top, w, h, conf, text, left, top, w, h)

    title = [row(2, 1, 93, 590, 219, 29, 96.8, "ENDRINGER"), row(2, 1, 328, 591, 7, 28, 93.3, "I"),
             row(2, 2, 93, 639, 400, 31, 90.0, "TFG-GRUPPERINGSSYSTEMET")]
    body = [row(5 + k, 1, 900, 300 + 55 * k, 500, 34, 96.0, "Diagnoserelaterte") for k in range(12)]
    glyph = row(1, 1, 102, 329, 83, 123, 12.0, "VÅ")
    assert [r[8] for r, _at in number_spots([glyph, *title, *body], [])] == ["VÅ"]
    # the same glyph far above any line starting at its x is left alone
    far = row(1, 1, 102, 329 - 300, 83, 123, 12.0, "VÅ")
    assert number_spots([far, *title, *body], []) == []


def _draw_word(img, rows: list[tuple], line: int, x: int, y: int, text: str, font,  # noqa: ANN001
               read_as: str | None = None, fill: int = 0, conf: float = 91.0) -> None:
    """Draw ``text`` on ``img`` (PIL, grey) and add its row to ``rows`` as Tesseract gives it: the box of
    its ink, ``read_as`` its reading."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(img)
    draw.text((x, y), text, font=font, fill=fill)
    b = draw.textbbox((x, y), text, font=font)
    ys, xs = np.nonzero(np.asarray(img)[b[1]:b[3], b[0]:b[2]] < 128)
    x0, y0, w, h = b[0] + int(xs.min()), b[1] + int(ys.min()), int(xs.max() - xs.min()) + 1, int(ys.max() - ys.min()) + 1
    rows.append((1, 1, line, x0, y0, w, h, conf, read_as or text, x0, y0, w, h))


def _draw_text_lines(img, rows: list[tuple], font, fill: int = 0) -> None:  # noqa: ANN001
    """Three lines of body text at the top of ``img``, their words' rows added to ``rows`` (lines 10-12):
    the page's type height, against which a spot is judged."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(img)
    for n, y in enumerate((100, 170, 240)):
        x = 200
        for w in "Helsedirektoratet har gjort flere endringer i regelverket".split():
            _draw_word(img, rows, 10 + n, x, y, w, font, fill=fill)
            x = draw.textbbox((x, y), w, font=font)[2] + 13


def test_a_number_on_its_own_line_above_its_title_read_as_a_letter_is_read_again() -> None:
    """A memo style prints each heading's number on a line of its own right above the title; on a
    150 dpi photocopy Tesseract read the "1" as "i". A word of one or two characters alone on its
    line, with the next line starting at its x just below, is read again as a number. A lone
    word elsewhere ("å" on a line of its own, far from any line below) stays as it was."""
    _need("tesseract")
    from PIL import Image, ImageFont

    from tracker.extract.ocr_reread import NUMBER_CHARS, reread_numbers

    regular = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans.ttf"), 42)
    bold = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans-Bold.ttf"), 50)
    img = Image.new("L", (2480, 1400), 255)
    rows: list[tuple] = []
    _draw_text_lines(img, rows, regular)
    _draw_word(img, rows, 20, 200, 400, "1", bold, read_as="i")
    _draw_word(img, rows, 21, 200, 470, "INNLEDNING", bold)
    _draw_word(img, rows, 22, 900, 1100, "å", regular)
    run = lambda image, psm: ocr.run_tesseract(image, 300, psm=psm, only=NUMBER_CHARS)  # noqa: E731
    new = reread_numbers(np.asarray(img), rows, [], run, ocr._encode_bmp, ocr.parse_tsv)
    assert [r[8] for r in new if r[2] in (20, 21, 22)] == ["1", "INNLEDNING", "å"]


def test_a_number_white_in_a_dark_disc_before_its_title_is_read_again() -> None:
    """A web page's chapter heads with the number white in a dark circle: Tesseract read the "2" as
    "Ø" or "O", sometimes surely (80). A lead glyph about as wide as tall whose box is mostly ink
    is a badge: read again as digits, turned to dark on paper first. A line starting with "i" (its
    narrow box as full of ink) is left as it was."""
    _need("tesseract")
    from PIL import Image, ImageDraw, ImageFont

    from tracker.extract.ocr_reread import NUMBER_CHARS, reread_numbers

    regular = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans.ttf"), 42)
    bold = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSerif-Bold.ttf"), 64)
    img = Image.new("L", (2480, 1200), 250)
    draw = ImageDraw.Draw(img)
    rows: list[tuple] = []
    _draw_text_lines(img, rows, regular, fill=30)
    for line, (top, digit, read_as) in enumerate(((420, "2", "Ø"), (620, "4", "O")), start=20):
        draw.ellipse((200, top, 290, top + 90), fill=45)
        draw.text((245, top + 45), digit, font=bold, fill=250, anchor="mm")
        rows.append((1, 1, line, 200, top, 91, 91, 80.0, read_as, 200, top, 91, 91))
        _draw_word(img, rows, line, 336, top + 12, "FORENKLING", bold, fill=30)
    _draw_word(img, rows, 30, 200, 850, "i", regular, fill=30)
    x = draw.textbbox((200, 850), "i", font=regular)[2] + 13
    _draw_word(img, rows, 30, x, 850, "tillegg", regular, fill=30)
    run = lambda image, psm: ocr.run_tesseract(image, 300, psm=psm, only=NUMBER_CHARS)  # noqa: E731
    new = reread_numbers(np.asarray(img), rows, [], run, ocr._encode_bmp, ocr.parse_tsv)
    assert [r[8] for r in new if r[2] in (20, 21, 30)] == ["2", "FORENKLING", "4", "FORENKLING", "i", "tillegg"]


def test_a_patch_found_inside_a_dark_band_keeps_the_bands_text() -> None:
    """Fill detection can find a patch inside a dark band over its white letters (a title's
    strokes lighten a stretch of it). The strip cleared along a fill's edge is paper only for a
    fill of its own: along a nested patch's edge lie the band's letters, which stay dark."""
    from tracker.extract.ocr import light_text_darkened

    page = _page_with_fills()
    band = (100, 100, 1500, 180, 80)
    patch = (152, 125, 240, 150, 130)  # over the first letters' stems, its edges cutting through them
    readable = light_text_darkened(page, [band, patch])
    assert readable[130:145, 152:158].max() <= 90  # the first stem, cut by the patch's left edge, is dark
    assert readable[125:150, 190:198].max() <= 90  # a stem cut by its top and bottom edges too


def test_a_title_in_small_capitals_read_on_two_lines_is_one_heading() -> None:
    """A title set in small capitals: its first line, with the initial and the figures at full size,
    reads 17.5 pt; its second, all small capitals, reads 12.5 pt, and OCR took some small capitals
    ("opP", "okt") for lower case. The two lines are one title, not a chapter and a section."""
    from tracker.extract.headings import body_style, detect_headings

    texts = ["Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt",
             "finansiering som gjelder fra og med neste år, og omtaler her de viktigste."] * 4
    lines = [_line("ENDRINGSLOGG – ISF-rEGELVERK 2024 SETT opP", 60, size=17.5),
             _line("MOT FORELØPIG REGELVERK FRA 16.okt 2023", 87.5, size=12.5)]
    lines += [_line(t, 115 + 15 * i) for i, t in enumerate(texts)]
    found = detect_headings(lines, body=body_style(lines), slides=False)
    assert [h.title for h in found] == ["ENDRINGSLOGG – ISF-rEGELVERK 2024 SETT opP MOT FORELØPIG REGELVERK FRA "
                                        "16.okt 2023"]


def test_dot_leaders_after_a_heading_and_what_ocr_read_into_them_are_no_part_of_its_title() -> None:
    """A report draws dot leaders from each level-2 heading to the margin; OCR reads their tail as
    letters. The title ends where the leaders start."""
    from tracker.extract.headings import body_style, detect_headings

    texts = ["Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt",
             "finansiering som gjelder fra og med neste år, og omtaler her de viktigste."] * 3
    lines = [_line(t, 100 + 15 * i) for i, t in enumerate(texts)]
    lines.append(_line("Fødselsomsorgen ..........nns.iensvvisevinsssrseresnressssnsstr re", 200, size=14))
    lines += [_line(t, 230 + 15 * i) for i, t in enumerate(texts)]
    found = detect_headings(lines, body=body_style(lines), slides=False)
    assert [h.title for h in found] == ["Fødselsomsorgen"]


def test_a_chapters_large_white_number_on_a_leaning_panel_of_its_title_page_is_read() -> None:
    """A chapter's title page: a dark panel down the left of the page with the chapter's number very
    large and white near its foot, the title at the right. On the scan the panel's edge leans 1.3°
    and dust lies on the paper beside it. The number was never read: the page holds too few words to
    tell its type's height, and the paper beside the leaning edge, inverted with the panel, left a
    black sliver and ticks that joined the number to the edge."""
    _need("tesseract")
    from PIL import Image, ImageDraw, ImageFont

    from tracker.extract.ocr import detect_fills, light_text_darkened, light_text_fills
    from tracker.extract.ocr_reread import NUMBER_CHARS, reread_numbers

    img = Image.new("L", (2480, 3508), 250)
    draw = ImageDraw.Draw(img)
    draw.polygon([(0, 0), (1032, 0), (952, 3507), (0, 3507)], fill=64)  # its edge 80 px in at the foot
    rng = np.random.default_rng(7)
    for x, y in zip(rng.integers(960, 1060, 300), rng.integers(0, 3500, 300), strict=True):
        draw.rectangle((int(x), int(y), int(x) + 2, int(y) + 2), fill=90)  # dust
    draw.text((540, 2500), "3", font=ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSerif-Bold.ttf"), 520), fill=252)
    title = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSerif-Bold.ttf"), 96)
    rows: list[tuple] = []
    for line, (y, text) in enumerate(((1672, "GENERELLE"), (1802, "REGLER"))):
        draw.text((1139, y), text, font=title, fill=64)
        b = draw.textbbox((1139, y), text, font=title)
        rows.append((1, 1, line, b[0], b[1], b[2] - b[0], b[3] - b[1], 93.0, text, b[0], b[1], b[2] - b[0], b[3] - b[1]))
    page = np.asarray(img)
    readable = light_text_darkened(page, light_text_fills(page, detect_fills(page)))
    run = lambda image, psm: ocr.run_tesseract(image, 300, psm=psm, only=NUMBER_CHARS)  # noqa: E731
    new = reread_numbers(readable, rows, [], run, ocr._encode_bmp, ocr.parse_tsv)
    assert [r[8] for r in new] == ["GENERELLE", "REGLER", "3"]


def test_a_scanned_title_in_large_capitals_set_close_is_one_heading() -> None:
    """Two lines of a chapter title in 32 pt capitals set close: their boxes, read from the ink,
    overlap by 3 pt. The second line goes on with the first; at body size such an overlap is a
    line of another column or row, not the title's next line."""
    from tracker.extract.headings import _continues_heading

    first = _line("FORENKLING AV", 400.0, size=32.0)
    second = _line("ISF-REGELVERKET", first.bottom - 3.0, size=32.0)
    assert _continues_heading([first], second)
    small = _line("ENDRINGER I", 400.0, size=BODY)
    assert not _continues_heading([small], _line("REGELVERKET", small.bottom - 3.0, size=BODY))


def test_a_chapters_title_page_with_a_stamp_and_a_title_of_five_lines() -> None:
    """A scanned chapter title page: the number very large at the foot of a panel, read first; a
    stamp of arrival in the top margin; the title in five lines of capitals at mid-page, its first
    line read smaller than the rest (its box cut short). The number is the title's, all five lines
    are the title, and the stamp is no heading."""
    from tracker.extract.headings import BodyStyle, detect_headings

    title = ["ISF FOR PSYKISK", "HELSEVERN OG", "TVERRFAGLIG", "SPESIALISERT", "RUSBEHANDLING"]
    lines = [_line("4", 620.0, size=136.0, x0=130.0), _line("MOTTATT", 27.0, size=20.0, x0=300.0),
             _line("25 MAR. 2025", 53.0, size=12.0, x0=300.0), _line("Arkiv: 25/09740", 66.0, size=12.0, x0=300.0)]
    lines += [_line(t, 352.0 + 30.0 * k, size=20.0 if k == 0 else 28.0, x0=270.0) for k, t in enumerate(title)]
    lines += [_line("Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt", 90.0 + 14 * k,
                    page=2) for k in range(8)]
    found = detect_headings(lines, body=BodyStyle(BODY, (), False), slides=False)
    assert [(h.number, h.title) for h in found] == [("4", " ".join(title))]


def test_a_short_thick_rule_read_as_letters_is_no_text() -> None:
    """The short thick rule over a chapter's title read as letters ("EET", "rare en"): a line four
    times as wide as high or more and two thirds ink. A word of heavy capitals is not."""
    def row(x: int, w: int, h: int, conf: float, text: str, ink_share: float) -> tuple:
        return (2, 1, 1, x, 1596, w, h, conf, text, 1120, 1596, 300, h, round(ink_share * w * h), 300, 59.0, 24.0)

    assert ocr.rule_read_as_letters([row(1128, 167, 18, 0.0, "EET", 0.66)])
    assert ocr.rule_read_as_letters([row(1120, 90, 18, 0.0, "rare", 0.66), row(1215, 70, 18, 31.0, "en", 0.66)])
    assert not ocr.rule_read_as_letters([row(1140, 1052, 92, 90.0, "KOSTNADSVEKTBEREGNINGENE", 0.4)])
    # a header row in heavy type, one cell a dark block read as a word: read surely on the whole
    assert not ocr.rule_read_as_letters([row(336, 81, 29, 96.6, "STG", 0.41), row(1284, 199, 30, 90.2, "STG-navn", 0.33),
                                         row(2206, 245, 30, 40.4, "HØSTET)", 1.0)])


def test_a_date_is_no_heading_number() -> None:
    """A stamp's or a letter's date ("25 MAR. 2025", "1. januar 2025") is no heading "25" titled
    "MAR. 2025"; a title that starts like a month's name still has its number."""
    from tracker.extract.headings import parse_number

    assert parse_number("25 MAR. 2025") == (None, "25 MAR. 2025")
    assert parse_number("1. januar 2025")[0] is None
    assert parse_number("4 Augmentasjon") == ("4", "Augmentasjon")
    assert parse_number("3 Mars-ordningen") == ("3", "Mars-ordningen")


def test_light_text_close_under_a_wide_bands_top_edge_stays_text() -> None:
    """A table's header row white on a dark band 32 pixels tall and nearly the page wide, its text
    a few pixels under the band's top edge. Turned dark for Tesseract, the text must stay: the run of
    paper in from a box's edge that is taken back to paper (however deep it reaches on a tall panel's
    leaning side) is no deeper than a block and the skew's sliver on a wide band's top and bottom."""
    from PIL import Image, ImageDraw, ImageFont

    from tracker.extract.ocr import light_text_darkened

    img = Image.new("L", (2480, 1200), 250)
    draw = ImageDraw.Draw(img)
    draw.rectangle((288, 888, 2208, 920), fill=64)
    font = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans-Bold.ttf"), 26)
    draw.text((300, 884), "ISF-regelverket – hvor endring", font=font, fill=250)  # (its capitals 2 px under the edge)
    page = np.asarray(img)
    readable = light_text_darkened(page, [(280, 880, 2216, 928, 64)])
    # (the glyphs' antialiased rims stay grey: four fifths of the light pixels turn dark; the run bridged
    # into the text left two thirds)
    assert np.count_nonzero(readable[886:920, 300:700] < 100) >= 0.75 * np.count_nonzero(page[886:920, 300:700] > 200)


def _text_page(lines: list[str]) -> np.ndarray:
    """A 300 dpi A4 page image of ``lines`` in DejaVu Sans, those starting with a digit in bold and larger."""
    from PIL import Image, ImageDraw, ImageFont

    body = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans.ttf"), 42)
    head = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans-Bold.ttf"), 60)
    img = Image.new("L", (2480, 3508), 250)
    draw = ImageDraw.Draw(img)
    y = 300
    for text in lines:
        font = head if text[:1].isdigit() else body
        draw.text((300, y), text, font=font, fill=20)
        y += 110 if font is head else 70
    return np.asarray(img)


_CHAPTER = ["4 Generelle regler", "Fra aktivitetsåret 2030 endres reglene for lukking av aktivitetsdata.",
            "Helsedirektoratet vil følge opp endringene i kontrollarbeidet.", "4.1 Regel for lukking",
            "Endringen gjøres av forenklingshensyn og vil sikre at grunnlaget blir i tråd",
            "med gjennomført aktivitet gjennom året.", "4.2 Digitale tjenester",
            "Det er ellers lagt opp til enkelte endringer og justeringer i ISF for 2030,",
            "blant annet som følge av innspill fra de regionale helseforetakene."]


def _read_lines(raw: ocr.RawOcr) -> list[str]:
    lines: dict[tuple, list[str]] = {}
    for w in raw.words:
        lines.setdefault(tuple(w[:3]), []).append(w[8])
    return [" ".join(v) for v in lines.values()]


@pytest.mark.parametrize("x", [320, 350])
def test_a_scanners_streak_through_the_text_is_taken_out(x: int) -> None:
    """A feeder's streak, two dark pixels wide from the page's top to its bottom, through the
    headings' numbers and the first letters of every line: Tesseract alone read ".1 Regel for
    lukking 4." and "ra aktivitetsåret" (x=320), or "4" and ".1 Regel …" apart (x=350)."""
    _need("tesseract")
    page = _text_page(_CHAPTER)
    streaked = page.copy()
    streaked[:, x:x + 2] = 60
    assert _read_lines(ocr.ocr_image(streaked)) == _CHAPTER


def test_a_rule_that_ends_is_no_streak_and_a_clean_page_is_left_alone() -> None:
    """A table's or a box's vertical rule stops short of the page's margins, and the scan's dark
    border at the image's edge is the border: neither is taken out."""
    page = _text_page(_CHAPTER[:3])
    assert ocr.without_streaks(page) is page
    ruled = page.copy()
    ruled[200:3200, 1200:1203] = 0  # (85 % of the page's height)
    ruled[:, :2] = 0
    assert ocr.without_streaks(ruled) is ruled
    streaked = ruled.copy()
    streaked[:, 1500:1502] = 90
    cleaned = ocr.without_streaks(streaked)
    assert np.array_equal(cleaned[:, :1490], ruled[:, :1490])
    assert cleaned[:280, 1500:1502].min() >= 200 and cleaned[600:, 1500:1502].min() >= 200  # (paper above and below the text)


def test_a_page_fed_upside_down_is_read_turned() -> None:
    """A sheet fed upside down reads as letters Tesseract is unsure of ("QU3YLIDJOJISJIY"); read
    again turned half a turn, it is the page's text. A page read upright is read once."""
    _need("tesseract")
    page = _text_page(_CHAPTER)
    upside_down = np.ascontiguousarray(page[::-1, ::-1])
    assert _read_lines(ocr.ocr_image(upside_down)) == _CHAPTER
    calls: list[int] = []

    def counting(image: bytes, dpi: int) -> str:
        calls.append(dpi)
        return ocr.run_tesseract(image, dpi)

    assert _read_lines(ocr.ocr_image(page, runner=counting)) == _CHAPTER
    assert len(calls) == 1


def test_a_word_tesseract_cut_after_its_hyphen_is_one_word() -> None:
    """On a fax's coarse type Tesseract cut "ISF-regelverk" after its hyphen, the two boxes
    overlapping; the line read "ISF- regelverk". A suspended compound keeps its space."""
    def w(text: str, left: int, width: int) -> ocr._W:
        return ocr._W(text, left, 380, width, 46, 91.0)

    line = [w("Endringslogg", 352, 437), w("ISF-", 870, 128), w("regelverk", 978, 347), w("2024", 1352, 161)]
    assert [x.text for x in ocr.normalise_line(line, 60)] == ["Endringslogg", "ISF-regelverk", "2024"]
    line = [w("telefon-", 300, 300), w("og", 620, 80), w("videokonsultasjoner", 720, 700)]
    assert [x.text for x in ocr.normalise_line(line, 60)] == ["telefon-", "og", "videokonsultasjoner"]


def test_dust_far_above_a_word_is_trimmed_from_its_box() -> None:
    """On a fax Tesseract took dust 57 pixels above a title's capitals into their word's box, and
    the size read from the box was half as large again. Rows beside the ink that are nearly all
    paper are no light type: the box is cut to the ink. A thin face (a pixel or two on every row of
    its letters) keeps its box."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1200, 300), 250)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans-Bold.ttf"), 64)
    draw.text((100, 150), "Endringslogg", font=font, fill=20)
    left, top, right, bottom = draw.textbbox((100, 150), "Endringslogg", font=font)
    for x, y in ((180, top - 57), (400, top - 40), (520, top - 20)):  # dust: 2 x 3 pixel specks
        draw.rectangle((x, y, x + 1, y + 2), fill=30)
    page = np.asarray(img)
    row = (1, 1, 1, left, top - 57, right - left, bottom - top + 57, 89.0, "Endringslogg", left, top - 57,
           right - left, bottom - top + 57)
    (trimmed,) = ocr.trimmed_to_ink(page, [row], [])
    assert abs(trimmed[4] - top) <= 3 and abs(trimmed[6] - (bottom - top)) <= 4


def test_a_dash_stays_on_a_line_whose_box_dust_made_tall() -> None:
    """A line box 144 pixels tall around letters 46-60 tall (dust above the title taken into it):
    the en dash between words, 24 by 5 pixels, is no speck next to the letters."""
    def w(text: str, left: int, width: int, h: int) -> ocr._W:
        return ocr._W(text, left, 380, width, h, 92.0)

    line = [w("Endringslogg", 352, 437, 60), w("-", 819, 24, 5), w("ISF-regelverk", 870, 455, 60),
            w("2024", 1352, 161, 45), w("sett", 1539, 130, 42), w("opp", 1685, 149, 47)]
    assert [x.text for x in ocr.normalise_line(line, 144)][:3] == ["Endringslogg", "-", "ISF-regelverk"]
    # A line whose box is as tall as its type keeps telling specks against its box: a grain of a
    # low-toner band 11 pixels across, beside words of x-height only, is a speck still
    line = [w("og", 300, 60, 30), w("·", 380, 11, 11), w("ønsker", 420, 150, 30), w("mer", 600, 90, 30)]
    assert [x.text for x in ocr.normalise_line(line, 56)] == ["og", "ønsker", "mer"]


def test_a_dotted_rule_read_as_letters_is_no_word() -> None:
    """A dotted rule under a heading on a photographed page came back as a word 6 pixels tall
    lying along a detected rule ("resrtiisenbrernensemererorarsek"); no letter is that flat. A word
    standing on a rule (underlined) and a rule drawn through a word's middle keep their words."""
    rules = [(602, 1547, 2178, 1550)]
    flat = (4, 1, 1, 1260, 1545, 630, 6, 0.0, "resrtiisenbrernensemererorarsek")
    underlined = (4, 1, 2, 700, 1505, 300, 46, 92.0, "Palliasjon")
    crossed = (4, 1, 3, 1100, 1528, 200, 42, 90.0, "utgår")
    assert ocr.on_a_rule(flat, rules)
    assert not ocr.on_a_rule(underlined, rules) and not ocr.on_a_rule(crossed, rules)
    assert not ocr.on_a_rule(flat, [(1200, 1200, 1203, 2400)])  # (a vertical rule it crosses)


def test_a_heading_read_with_its_leader_dots_is_read_again_without_them() -> None:
    """"Overordnet innretning for 2025 ........" on a photographed page came back as "re ng for
    2025" and a word of dots read as letters, Tesseract reading the heading as one line with the
    dots. The words before the dots are read again on their own; the dots stay as they were read.
    A line whose words before its leaders were read surely is not read again."""
    from tracker.extract.ocr_reread import leader_lines, reread_display_lines

    def row(x: int, y: int, w: int, h: int, conf: float, text: str, line: int = 4) -> tuple:
        return (line, 1, 1, x, y, w, h, conf, text, 297, 801, 1872, 56)

    heading = [row(297, 801, 637, 56, 17.8, "re"), row(861, 813, 66, 43, 33.4, "ng"), row(957, 801, 81, 44, 89.7, "for"),
               row(1059, 802, 134, 43, 87.0, "2025"), row(1228, 838, 941, 6, 0.0, "........eierirorosoerresrsrrgvsrv")]
    contents = [row(297, 1001, 300, 44, 96.0, "Innledning", 5), row(620, 1038, 900, 6, 90.0, "..........", 5),
                row(1540, 1001, 40, 44, 96.0, "3", 5)]
    rows = heading + contents
    assert [[r[8] for _, r in part] for part in leader_lines(rows)] == [["re", "ng", "for", "2025"]]
    sheets: list[tuple[int, int]] = []

    def tesseract(image: bytes, psm: int) -> str:  # the words before the dots, read alone on the sheet
        sheets.append((psm, len(image)))
        head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        words = [("Overordnet", 60, 323), ("innretning", 405, 291), ("for", 720, 80), ("2025", 822, 134)]
        out = head + "4\t1\t1\t1\t1\t0\t60\t60\t900\t44\t-1\t\n"
        out += "".join(f"5\t1\t1\t1\t1\t{k + 1}\t{x}\t60\t{w}\t44\t96.0\t{t}\n" for k, (t, x, w) in enumerate(words))
        return out

    page = np.full((1400, 2480), 235, dtype=np.uint8)
    page[801:857, 297:1193] = 60  # (ink where the heading's words are)
    got = reread_display_lines(page, list(rows), tesseract, ocr._encode_bmp, ocr.parse_tsv)
    assert len(sheets) == 1
    assert [r[8] for r in got if r[0] == 4] == ["Overordnet", "innretning", "for", "2025", "........eierirorosoerresrsrrgvsrv"]
    assert [r[8] for r in got if r[0] == 5] == ["Innledning", "..........", "3"]


def test_a_heading_taken_into_one_word_with_its_leader_is_read_again_without_it() -> None:
    """A report setting each section heading before a dotted leader, photographed: Tesseract read
    "Førerkort ......" as one word "HP" (confidence 0) as wide as the heading and the dots, and
    "Protonbehandling ......" as "EET" with the first dots, the rest a flat word. Such a line is
    read again ending where the ink in its upper half ends (dots lie on the baseline); the words
    right of that stay as they were read. A body line is left alone."""
    _need("tesseract")
    from PIL import Image, ImageDraw, ImageFont

    from tracker.extract.ocr_reread import reread_display_lines

    regular = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSerif.ttf"), 40)
    bold = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans-Bold.ttf"), 50)
    img = Image.new("L", (2480, 1000), 240)
    draw = ImageDraw.Draw(img)

    def ink_box(b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        ys, xs = np.nonzero(np.asarray(img)[b[1]:b[3], b[0]:b[2]] < 128)
        return b[0] + int(xs.min()), b[1] + int(ys.min()), int(xs.max() - xs.min()) + 1, int(ys.max() - ys.min()) + 1

    rows: list[tuple] = []
    for n, y in enumerate((100, 160, 220)):
        text = "Spesifikk regel i ISF-regelverket som ekskluderer kontakter"
        draw.text((300, y), text, font=regular, fill=20)
        x = 300
        for w in text.split():
            b = ink_box(draw.textbbox((x, y), w, font=regular))
            rows.append((10 + n, 1, 1, *b, 96.0, w, 300, y, 1800, 48))
            x = draw.textbbox((x, y), w, font=regular)[2] + round(draw.textlength(" ", font=regular))
    for n, (y, title) in enumerate(((420, "Førerkort"), (620, "Protonbehandling"))):
        draw.text((300, y), title, font=bold, fill=40)
        end = draw.textbbox((300, y), title, font=bold)[2]
        base = draw.textbbox((300, y), "x", font=bold)[3]
        for x in range(end + 24, 2150, 14):  # the leader, on the baseline
            draw.ellipse((x, base - 5, x + 4, base - 1), fill=60)
        x0, y0, w, h = ink_box((300, y, 2160, y + 80))
        if n == 0:
            rows.append((20, 1, 1, x0, y0, w, h, 0.0, "HP", x0, y0, w, h))
        else:
            rows.append((21, 1, 1, x0, y0, end + 60 - x0, h, 37.0, "EET", x0, y0, w, h))
            rows.append((21, 1, 1, end + 300, base - 6, 1500, 6, 20.0, "ØSE", x0, y0, w, h))
    run = lambda image, psm: ocr.run_tesseract(image, 300, psm=psm)  # noqa: E731
    new = reread_display_lines(np.asarray(img), rows, run, ocr._encode_bmp, ocr.parse_tsv)
    assert [r[8] for r in new if r[0] in (20, 21)] == ["Førerkort", "Protonbehandling", "ØSE"]
    assert [r[8] for r in new if r[0] == 10] == [r[8] for r in rows if r[0] == 10]


_SHADOWED = ["I tabellen gis en oversikt over endringer foretatt fra",
             "foreløpig til endelig ISF-regelverk. Mindre korrektur-",
             "endringer er ikke tatt med her. Grunnlagsdokumentet er", "også oppdatert i henhold til dette."]


def test_a_binding_shadow_is_lifted_and_a_band_at_the_edge_is_not() -> None:
    """A book page scanned with its gutter's shadow: the paper deepens from white to a third of its
    grey over the 350 pixels nearest the spine, where every line begins. Tesseract alone lost each
    line's first letters ("tabellen gis …", "oreløpig …"). A sidebar printed to the page's edge
    starts dark at once: no shadow, left as it is."""
    _need("tesseract")
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans.ttf"), 40)
    img = Image.new("L", (1749, 2481), 252)
    draw = ImageDraw.Draw(img)
    for k, text in enumerate(_SHADOWED * 3):
        draw.text((180, 300 + 62 * k), text, font=font, fill=25)
    x = np.arange(1749)
    shade = np.clip(0.32 + 0.68 * (x / 350.0) ** 0.8, 0, 1)
    page = (np.asarray(img).astype(np.float32) * shade[None, :]).astype(np.uint8)
    assert _read_lines(ocr.ocr_image(page))[:4] == _SHADOWED
    banded = np.asarray(img).copy()
    banded[:, :300] = 60
    assert ocr.shadow_lifted(banded) is banded
    clean = np.asarray(img)
    assert ocr.shadow_lifted(clean) is clean


def test_a_chapter_number_drawn_in_outline_is_read_filled() -> None:
    """A designed report sets each chapter's number very large in outline (hollow figures) beside its
    title. Tesseract read no word there, rule detection took the figure's straight strokes for rules
    and the rest of its thin ink fell apart into pieces. The strokes are the glyph's again, and the
    figure is read filled by the even-odd rule (the counter of a "6" stays paper). A ring drawn as
    large (an icon's circle) is no number."""
    _need("tesseract")
    from PIL import Image, ImageDraw, ImageFont

    from tracker.extract.ocr_reread import NUMBER_CHARS, reread_numbers

    regular = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSans.ttf"), 42)
    heads = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSerif-Bold.ttf"), 80)
    figures = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSerif.ttf"), 420)
    img = Image.new("L", (2480, 2400), 255)
    draw = ImageDraw.Draw(img)
    rows: list[tuple] = []
    _draw_text_lines(img, rows, regular)
    for line, (top, figure, title) in enumerate(((420, "3", "OVERORDNET"), (1000, "6", "ENDRINGER")), start=20):
        draw.text((300, top), figure, font=figures, fill=255, stroke_width=6, stroke_fill=40)
        _draw_word(img, rows, line, 800, top + 170, title, heads)
    draw.ellipse((300, 1650, 620, 1970), outline=40, width=7)  # a ring, and text beside it
    _draw_word(img, rows, 30, 800, 1780, "Merknad", heads)
    gray = np.asarray(img)
    run = lambda image, psm: ocr.run_tesseract(image, 300, psm=psm, only=NUMBER_CHARS)  # noqa: E731
    new = reread_numbers(gray, rows, ocr.detect_rules(gray), run, ocr._encode_bmp, ocr.parse_tsv)
    assert [r[8] for r in sorted(new, key=lambda r: (r[2], r[3])) if r[2] in (20, 21, 30)] == [
        "3", "OVERORDNET", "6", "ENDRINGER", "Merknad"]


def test_even_odd_fill_fills_an_outline_and_leaves_its_counter() -> None:
    from tracker.extract.ocr_reread import outline_filled

    ys, xs = np.mgrid[0:200, 0:200]
    r = np.hypot(ys - 100, xs - 100)
    # an outlined "o": two rings, the letter's body between them, its counter inside the inner one
    ink = (np.abs(r - 90) <= 2) | (np.abs(r - 50) <= 2)
    filled = outline_filled(ink)
    assert filled[100, 30] and filled[30, 100] and filled[170, 100]  # the body
    assert not filled[100, 100] and not filled[120, 110]  # the counter
    assert not filled[2, 2] and not filled[197, 197]  # the paper round it


def test_a_scanned_sites_menu_is_found_on_the_page_that_stands_apart_and_where_ocr_misread_it() -> None:
    """A web page printed with the site's menu beside every page, scanned. The menu's first entry,
    in the top margin, went with the running headers on most pages; one page stands 12 pt further
    left and down than the others, and OCR read one of its entries as "nnatsntyit". Its entries are
    still the menu's: their texts are the menu's elsewhere, three or more stand one under another in
    its side column, and the misread one stands among them. The page's text, and a side note far
    below the menu, stay."""
    from tracker.extract.lines import without_repeated_side_text

    menu = ["FINANSIERING", "Innsatsstyrt", "Regelverk og veiledning", "Kodeverk og grupperinger", "Kostnadsvekter"]
    NOTES = ["Merknad", "Eksempel", "Unntak", "Presisering", "Overgang", "Kontroll"]  # noqa: N806

    def page(n: int, shift: float, misread: bool) -> list[Line]:
        lines = []
        for k, entry in enumerate(menu):
            text = "nnatsntyit" if misread and entry == "Innsatsstyrt" else entry
            lines.append(_line(text, 60 + shift + 16 * k, page=n, size=8.0, x0=30 - shift))
        for k in range(12):
            lines.append(_line("Endringen gjøres av forenklingshensyn og vil sikre at grunnlaget", 60 + 14 * k,
                               page=n, x0=200))
        lines.append(_line(NOTES[n - 1], 600, page=n, x0=30))
        for ln in lines:
            if ln.x0 < 100:
                ln.tags.add("side")
        return lines

    grouped = [page(n, 0.0, False) for n in range(1, 6)] + [page(6, 12.0, True)]
    # (the running headers taken out already: the menu's first entry, on the pages at their place)
    pages = [[ln for ln in lines if n == 5 or ln.text != "FINANSIERING"] for n, lines in enumerate(grouped)]
    kept, dropped = without_repeated_side_text(pages, seen=grouped)
    for lines in kept:
        assert [ln.text for ln in lines if ln.x0 < 100] == [NOTES[lines[0].page - 1]]
        assert sum(ln.x0 == 200 for ln in lines) == 12
    assert [ln.text for ln in dropped if ln.page == 6] == ["FINANSIERING", "nnatsntyit", "Regelverk og veiledning",
                                                          "Kodeverk og grupperinger", "Kostnadsvekter"]


def test_a_page_scanned_too_light_has_its_ink_darkened() -> None:
    """A copy printed short of toner: the text's strokes grey (about 150) on white paper, none of it
    darker than mid-grey, so every step that takes ink as darker than that (a lost heading number
    found as ink no word covers, a word's weight) saw none. The page's levels are stretched: its ink
    comes back dark and the paper stays, and the chapter number Tesseract left out is found as
    unread ink again. A page printed dark is left as it is, and so is a blank one, and one whose
    text is dark beside a grey band over a quarter of it."""
    _need("tesseract")
    from tracker.extract.ocr_reread import unread_ink

    page = _text_page(_CHAPTER[:4]).astype(np.float32)
    faint = (255 - (255 - page) * 0.45).astype(np.uint8)  # (ink at 20 becomes about 150)
    assert np.count_nonzero(faint < 128) == 0
    darkened = ocr.faint_ink_darkened(faint)
    assert np.percentile(darkened[faint < 200], 10) <= 60 and np.percentile(darkened, 90) >= 245
    rows = [r for r in ocr.parse_tsv(ocr.run_tesseract(ocr._encode_bmp(darkened), 300)) if r[8] != "4"]
    assert unread_ink(faint < 128, rows, []) == []
    found = unread_ink(darkened < 128, rows, [])
    assert len(found) == 1 and 280 <= found[0][0] <= 320 and 290 <= found[0][1] <= 330  # the "4", drawn at (300, 300)
    dark = _text_page(_CHAPTER[:4])
    assert ocr.faint_ink_darkened(dark) is dark
    blank = np.full((3508, 2480), 252, dtype=np.uint8)
    assert ocr.faint_ink_darkened(blank) is blank
    # a grey band over a quarter of a page printed dark: most of its "ink" is the band's
    banded = dark.copy()
    banded[2500:3400, :] = np.minimum(banded[2500:3400, :], 175)
    assert ocr.faint_ink_darkened(banded) is banded


def test_notes_in_the_outer_margin_of_a_scan_are_no_headings(tmp_path: Path) -> None:
    """Held-out batch 14 (word/q, scanned): a short note in grey in the right margin beside every
    fourth paragraph ("Presisering", "Videreført uendret"). The text layer shows them in italic;
    a scan does not, and their tint, or the space around them, made each a level-3 heading (0.903
    heading F1). A note right of the text, no larger than it, is text beside the paragraph."""
    _need("tesseract", "pdftoppm", "img2pdf")
    src = tmp_path / "notes.pdf"
    c = pdfgen.new_canvas(src, pdfgen.A4, embed=True)  # (A4 from reportlab)
    regular, bold = pdfgen.embedded_fonts()
    c.setFont(bold, 17)
    c.drawString(60, 780, "3 Generelle regler")
    body = ("Regelverket for innsatsstyrt finansiering gjelder for alle helseforetak som har avtale om "
            "behandling av pasienter i spesialisthelsetjenesten og rapporterer til registeret").split()
    y = 748.0
    for k, note in enumerate(["Presisering", "Videreført uendret", "Ny regel"]):
        c.setFillGray(0.45)
        c.setFont(regular, 10.5)
        c.drawString(440, y, note)
        c.setFillGray(0)
        c.setFont(regular, 10.5)
        for n in range(4):
            line, rest = [], body[(n * 5 + k) % 7:] + body
            while pdfgen.pdfmetrics.stringWidth(" ".join([*line, rest[0]]), regular, 10.5) < 330:
                line.append(rest.pop(0))
            c.drawString(60, y - n * 14, " ".join(line) + ("." if n == 3 else ""))
        y -= 4 * 14 + 12
    c.showPage()
    c.save()
    from tracker.extract.pipeline import extract_pdf

    doc = extract_pdf(pdfgen.scan(src, tmp_path / "scan.pdf", dpi=300), cache_dir=tmp_path / "cache")
    assert [s.title for s in doc.sections] == ["Generelle regler"]
    assert "Presisering" in doc.sections[0].text


def test_a_mark_printed_in_place_on_every_page_goes_whatever_ocr_reads_it_as() -> None:
    """A barcode label at the top of every scanned page, read as other letters on each ("HANG",
    "AAN", …): page furniture by its place. The text's own first lines at the page's top, a justified
    column whose edges every line of it shares, stay."""
    from tracker.extract.lines import remove_running_text

    reads = ["HANG", "AAN", "GARA ee", "BOU", "HANSON", "AGE"]
    pages = []
    for p, read in enumerate(reads, start=1):
        barcode = _line(read, 23.0 + 0.4 * p, page=p, size=32, x0=434.0 + 0.3 * p, width=125.0)
        # (each line its own words: a line repeated in the margin band is running text by its text)
        text = [_line(f"regelverket {'ab'[k % 2]}{chr(97 + p)}{chr(97 + k)} gjelder for finansiering fra neste år",
                      42.0 + 14 * k, page=p, width=240.0) for k in range(26)]
        pages.append([barcode, *text])
    kept = remove_running_text(pages, [842.0] * len(pages))
    assert all(ln.text not in reads for page in kept for ln in page)
    assert [len(page) for page in kept] == [26] * len(reads)
    # One page's mark alone is no mark printed in place.
    once = remove_running_text(pages[:1] + [page[1:] for page in pages[1:]], [842.0] * len(pages))
    assert once[0][0].text == "HANG"


def test_no_heading_is_set_at_a_third_of_the_body_size() -> None:
    """A scrap of the text set sideways in a scan's margin, read as a line of 3.5 pt, set apart by
    space from the paragraphs above and below as a scanned subheading is: no heading."""
    from tracker.extract.headings import body_style, detect_headings

    texts = ["Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt",
             "finansiering som gjelder fra og med neste år, og omtaler her de viktigste.",
             "Endringene gjelder fra første januar og omtales kapittel for kapittel."]
    for size, found in ((3.5, []), (11.0, ["Justering i kostnadsvekter"])):
        lines, top = [], 100.0
        for para in range(14):
            for t in texts:
                lines.append(_line(t, top, size=11))
                top += 15
            top += 8
            if para == 1:
                top += 14
                lines.append(_line("JE Helse" if size < 5 else "Justering i kostnadsvekter", top, size=size))
                top += 1.1 * size + 5
        assert [h.title for h in detect_headings(lines, body=body_style(lines), slides=False)] == found
