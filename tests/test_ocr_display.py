"""What a page's OCR makes of display type and of the page's light: titles set large and thin read
again at text size, a speck kept out of a word's box, italic told from the lean of the strokes, and
a page lit unevenly read again lit evenly when Tesseract left its ink unread."""

from __future__ import annotations

import io
import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from tests import pdfgen
from tracker.extract import ocr
from tracker.extract.headings import Heading, adopt_text_layer_styles, assign_levels, style_key
from tracker.extract.lines import Line
from tracker.extract.words import Word

SANS = pdfgen.DEJAVU_DIR / "DejaVuSans.ttf"
SERIF = pdfgen.DEJAVU_DIR / "DejaVuSerif.ttf"


def _need(*tools: str) -> None:
    if missing := [t for t in tools if shutil.which(t) is None]:
        pytest.skip(f"missing tools: {', '.join(missing)}")


class _Page:
    """A 300 dpi page drawn word by word, with the word rows Tesseract would give for it (each word's
    ink box); ``read_as`` puts another text and confidence in a row, as a garbled reading."""

    def __init__(self, w: int = 2480, h: int = 1600, paper: int = 255) -> None:
        self.img = Image.new("L", (w, h), paper)
        self.draw = ImageDraw.Draw(self.img)
        self.rows: list[tuple] = []

    def put(self, line: int, x: int, y: int, text: str, font: ImageFont.FreeTypeFont, *, fill: int = 0,
            read_as: tuple[str, float] | None = None) -> int:
        self.draw.text((x, y), text, font=font, fill=fill)
        b = self.draw.textbbox((x, y), text, font=font)
        ys, xs = np.nonzero(np.asarray(self.img)[b[1]:b[3], b[0]:b[2]] < (fill + 255) / 2)
        x0, y0 = b[0] + int(xs.min()), b[1] + int(ys.min())
        w, h = int(xs.max() - xs.min()) + 1, int(ys.max() - ys.min()) + 1
        text, conf = read_as or (text, 93.0)
        self.rows.append((1, 1, line, x0, y0, w, h, conf, text, x0, y0, w, h))
        return b[2]

    def line(self, line: int, x: int, y: int, text: str, font: ImageFont.FreeTypeFont, **kw) -> None:
        for word in text.split():
            x = self.put(line, x, y, word, font, **kw) + round(font.size * 0.3)

    def body(self, first_line: int, y: int, n: int = 4) -> None:
        font = ImageFont.truetype(str(SANS), 42)
        for k in range(n):
            self.line(first_line + k, 200, y + 70 * k, "Helsedirektoratet har gjort flere endringer i regelverket", font)

    @property
    def gray(self) -> np.ndarray:
        return np.asarray(self.img)


def _line_texts(rows: list[tuple], line: int) -> list[str]:
    return [r[8] for r in sorted((r for r in rows if r[2] == line), key=lambda r: r[3])]


# ------------------------------------------------------------------------------------- display lines


def test_a_display_title_ocr_garbled_is_read_again_at_text_size() -> None:
    """A chapter title set three times the text's size in a pale grey came out "GENERELLE FR" from a
    scan (the second word read with confidence 20) though its pixels were clean. A line in display
    type holding a word read with low confidence is read again, scaled down to text size, with the
    ink beside it on its line that no word's box covers: it gets its words back, each with a box on
    the page, and the word Tesseract had left out, but not the next column's words beside it. A display line read with confidence, a line at text
    size read with low confidence, and a number alone on its line (left to the digits-only re-read)
    keep their words."""
    _need("tesseract")
    from tracker.extract.ocr_reread import display_lines, reread_display_lines

    page = _Page()
    big = ImageFont.truetype(str(SANS), 118)
    page.put(1, 1900, 60, "4", big, fill=90, read_as=("A", 40.0))
    page.put(2, 200, 220, "GENERELLE", big, fill=90)
    page.put(2, 1000, 220, "REGLER", big, fill=90, read_as=("FR", 19.7))
    page.put(2, 1510, 220, "OG", big, fill=90)
    page.rows.pop()  # a word Tesseract gave no box
    page.put(4, 1720, 250, "helsevern", ImageFont.truetype(str(SANS), 42))  # the next column's text, read
    page.line(3, 200, 420, "FORENKLING AV", big, fill=90)
    page.body(10, 620)
    page.put(20, 200, 1000, "konsultasjoner", ImageFont.truetype(str(SANS), 42), read_as=("konsuitasjoner", 61.0))
    page.body(30, 1100)
    assert [[r[8] for _, r in line] for line in display_lines(page.rows)] == [["GENERELLE", "FR"]]

    run = lambda image, psm: ocr.run_tesseract(image, 300, psm=psm)  # noqa: E731
    new = ocr.trimmed_to_ink(page.gray, reread_display_lines(page.gray, page.rows, run, ocr._encode_bmp,
                                                               ocr.parse_tsv), [])
    assert _line_texts(new, 2) == ["GENERELLE", "REGLER", "OG"]
    regler = next(r for r in new if r[8] == "REGLER")
    drawn = next(r for r in page.rows if r[8] == "FR")
    assert abs(regler[3] - drawn[3]) <= 12 and abs(regler[4] - drawn[4]) <= 12  # on the page, where it is printed
    assert abs(regler[6] - drawn[6]) <= 0.15 * drawn[6]
    for line in (1, 3, 4, 20):
        assert _line_texts(new, line) == _line_texts(page.rows, line)
    assert [r for r in new if r[2] not in (2,)] == [r for r in page.rows if r[2] not in (2,)]


def test_a_reading_again_that_drops_a_word_is_not_taken() -> None:
    """Read again, "ENDRINGER I DRG-," came back "ENDRINGER DRG-,": surer on average only because the
    short word read with low confidence was gone. A reading with fewer words keeps the old one."""
    from tracker.extract.ocr_reread import reread_display_lines

    page = _Page()
    big = ImageFont.truetype(str(SANS), 110)
    page.put(2, 200, 220, "ENDRINGER", big, read_as=("ENDRINGER", 96.0))
    page.put(2, 900, 220, "I", big, read_as=("I", 60.0))
    page.put(2, 980, 220, "DRG-,", big, read_as=("DRG-,", 70.0))
    page.body(10, 620)

    def tesseract(image: bytes, psm: int) -> str:  # the sheet read again: two words, both sure
        return _tsv([(1, 1, 1, 60, 60, 200, 40, 96.0, "ENDRINGER"), (1, 1, 1, 300, 60, 100, 40, 95.0, "DRG-,")])

    assert reread_display_lines(page.gray, page.rows, tesseract, ocr._encode_bmp, ocr.parse_tsv) == page.rows


def test_a_grey_speck_above_a_display_word_is_kept_out_of_its_box() -> None:
    """A speck of dust lighter than the type, above a title's word, was taken into Tesseract's box
    (112 pixels for capitals 76 tall), and the word's size read from the box was a third too large,
    which parted the title's two lines. The box is cut to the rows that hold the word's ink; a tight
    box, and one whose letters reach above the rest ("Å"), stay as they are."""
    page = _Page()
    big = ImageFont.truetype(str(SANS), 110)
    page.put(1, 200, 300, "OVERORDNET", big, fill=70)
    page.put(1, 1100, 300, "OM", big, fill=70)
    page.put(2, 200, 600, "ÅRSAK", big, fill=70)
    (_, _, _, x, y, w, h, *rest), om, arsak = page.rows
    page.draw.rectangle((x + 300, y - 36, x + 302, y - 34), fill=170)  # the speck: 3 x 3 pixels, pale grey
    loose = (1, 1, 1, x, y - 36, w, h + 36, *rest)
    trimmed = ocr.trimmed_to_ink(page.gray, [loose, om, arsak], [])
    assert trimmed[0][4:7:2] == (y, h)
    assert trimmed[1:] == [om, arsak]


# ------------------------------------------------------------------------------------------- italic


def _word_image(text: str, *, lean: float = 0.0, font_path=SERIF, size: int = 46) -> np.ndarray:
    """A word drawn upright and, with ``lean`` (degrees), sheared as an oblique face is: as dark pixels."""
    font = ImageFont.truetype(str(font_path), size)
    img = Image.new("L", (40 + round(font.getlength(text)) + size, 2 * size), 255)
    ImageDraw.Draw(img).text((20 + size // 2, size // 3), text, font=font, fill=0)
    if lean:
        t = np.tan(np.radians(lean))
        # x_src = x + t * (y - h/2): the top of a stroke leans right
        img = img.transform(img.size, Image.Transform.AFFINE, (1, t, -t * img.height / 2, 0, 1, 0),
                            resample=Image.Resampling.BICUBIC, fillcolor=255)
    a = np.asarray(img) < 128
    ys, xs = np.nonzero(a)
    return a[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


@pytest.mark.parametrize("text", ["Justering", "kostnadsvekter", "Gjennomgang", "ISF-refusjon"])
def test_italic_is_told_from_the_lean_of_the_strokes(text: str) -> None:
    """OCR reports no style: a word's lean is measured from its pixels. Words sheared as an oblique
    face is (11 and 8 degrees) lean; the same words upright, regular or bold, do not."""
    bold = pdfgen.DEJAVU_DIR / "DejaVuSans-Bold.ttf"
    assert ocr.stroke_slant(_word_image(text, lean=11)) >= 8
    assert ocr.stroke_slant(_word_image(text, lean=8, font_path=SANS)) >= 6
    assert abs(ocr.stroke_slant(_word_image(text))) <= 2
    assert abs(ocr.stroke_slant(_word_image(text, font_path=bold))) <= 2


def _scanned_line(text: str, top: float, size: float, slant: float) -> Line:
    words, x = [], 72.0
    for t in text.split():
        words.append(Word(t, x, top, x + 6 * len(t), top + size * 1.1, size, "", None, slant=slant))
        x += 6 * len(t) + 3
    return Line(words, 1, 842.0)


def test_a_scanned_line_is_italic_when_most_of_its_letters_lean() -> None:
    upright = _scanned_line("Digitale tjenester", 100, 13, 0.0)
    italic = _scanned_line("Justering i kostnadsvekter", 130, 13, 10.0)
    assert not upright.italic and italic.italic
    italic.words[1].slant = 0.0  # "i": too little ink to tell, it does not count
    assert italic.italic
    text_layer = Line([Word("Justering", 72, 100, 120, 112, 11, "DejaVuSerif-BoldItalic", True)], 1, 842.0)
    assert text_layer.italic and not Line([Word("Regel", 72, 100, 120, 112, 11, "DejaVuSerif-Bold", True)],
                                          1, 842.0).italic


def test_italic_subheadings_read_at_the_size_of_the_sections_rank_below_them_on_a_scan() -> None:
    """A scanned report's sections in bold serif and its subsections in bold italic a little smaller:
    OCR read them 14 and 13 pt, one size rank and, without the italic, one level. Italic at about
    the same size as an upright style ranks under it."""
    plan = [("4", "GENERELLE REGLER", 26.5, 0.0), (None, "Regel for lukking", 14.0, 0.0),
            (None, "Digitale tjenester", 14.0, 0.0), (None, "Justering i kostnadsvekter", 13.0, 10.0),
            (None, "Forenkling av registrering", 13.0, 10.0), (None, "Samarbeidsaktiviteter", 14.0, 0.0)]
    headings = []
    for k, (number, title, size, slant) in enumerate(plan):
        line = _scanned_line(title, 100.0 + 30 * k, size, slant)
        headings.append(Heading([line], number, title, (size, False, (), False, line.italic)))
    assign_levels(headings, slides=False)
    assert [h.level for h in headings] == [1, 2, 2, 3, 3, 2]


def test_headings_on_the_scanned_pages_of_a_part_scanned_report_take_the_text_layers_styles() -> None:
    """Pages 12-21 of a report are page images among born-digital pages. OCR read the level-2 heads
    there 15 pt where the text layer's are 13 pt (its body text too: 11 for 9.5), and knows no colour:
    without matching them to the text layer's style they ranked below it, level 3."""
    def text_line(text: str, top: float, size: float, page: int, bold: bool = False) -> Line:
        return Line([Word(t, 72 + 60 * k, top, 120 + 60 * k, top + size, size, "DejaVuSerif-Bold" if bold else
                          "DejaVuSerif", bold, (0.23, 0.23, 0.56) if bold else ()) for k, t in enumerate(text.split())],
                    page, 842.0)

    body = [text_line("Helsedirektoratet har gjort flere endringer", 200 + 14 * k, 9.5, 11) for k in range(25)]
    body += [_scanned_line("Helsedirektoratet har gjort flere endringer", 200 + 14 * k, 11.0, 0.0) for k in range(25)]
    for ln in body[25:]:
        ln.page = 12
    born = [text_line("Overordnet innretning", 100, 13.0, 11, bold=True),
            text_line("Polikliniske tilbud", 400, 13.0, 11, bold=True)]
    scanned = [_scanned_line("Konsultasjon med pårørende", 100, 15.0, 0.0),
               _scanned_line("Gruppebehandling", 400, 15.0, 0.0)]
    for ln in scanned:
        ln.page = 12
        for w in ln.words:
            w.heavy, w.color = True, (0.5,)
    chapter = text_line("5 ISF FOR PSYKISK HELSEVERN", 60, 22.0, 11, bold=True)
    headings = [Heading([ln], number, title, style_key(ln)) for ln, number, title in
                [(chapter, "5", "ISF FOR PSYKISK HELSEVERN"), *((ln, None, ln.text) for ln in born + scanned)]]
    adopt_text_layer_styles(headings, [chapter, *born, *scanned, *body])
    assign_levels(headings, slides=False)
    assert [h.level for h in headings] == [1, 2, 2, 2, 2]
    assert headings[3].style == headings[1].style


# ------------------------------------------------------------------------------------- uneven light


def _unevenly_lit_page() -> tuple[np.ndarray, list[tuple], list[tuple]]:
    """A page of two columns of text whose paper darkens from 250 at the top left to 150 at the bottom
    right, as a scan lit from one side; the word rows of each column."""
    page = _Page(2480, 1800)
    font = ImageFont.truetype(str(SANS), 42)
    for k in range(8):
        page.line(10 + k, 200, 200 + 80 * k, "Vedlegg B1 DRG psykisk", font)
    left = list(page.rows)
    for k in range(8):
        page.line(30 + k, 1300, 200 + 80 * k, "Kostnadsvektene for DRG", font)
    right = page.rows[len(left):]
    ys, xs = np.mgrid[0:1800, 0:2480]
    shade = 1.0 - 0.4 * (xs / 2480 + ys / 1800) / 2
    return (page.gray * shade).astype(np.uint8), left, right


def _tsv(rows: list[tuple]) -> str:
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    return head + "".join(f"5\t1\t{r[0]}\t{r[1]}\t{r[2]}\t{k}\t{r[3]}\t{r[4]}\t{r[5]}\t{r[6]}\t{r[7]}\t{r[8]}\n"
                          for k, r in enumerate(rows))


def test_missed_ink_is_the_share_no_word_rule_or_dark_fill_covers() -> None:
    gray, left, right = _unevenly_lit_page()
    even = ocr.evenly_lit(gray)
    assert even is not gray  # lit unevenly
    both = ocr.RawOcr(2480, 1800, left + right, [], [])
    half = ocr.RawOcr(2480, 1800, left, [], [])
    assert ocr.missed_ink(even, both) < 0.02
    assert 0.4 <= ocr.missed_ink(even, half) <= 0.6
    # a dark fill over the right column is no unread text; a pale one (or the page's grey paper) is
    assert ocr.missed_ink(even, ocr.RawOcr(2480, 1800, left, [], [(1250, 150, 2300, 900, 60)])) < 0.02
    assert ocr.missed_ink(even, ocr.RawOcr(2480, 1800, left, [], [(0, 0, 2480, 1800, 201)])) >= 0.4


def test_a_column_tesseract_lost_on_a_page_lit_unevenly_is_read_again_lit_evenly() -> None:
    """Tesseract binarises a page with one threshold: where a scan's far corner is darker it took the
    paper for ink and lost a table's right column. The words then cover half the page's ink, and the
    page is read once more lit evenly; that reading, which misses less, is kept. A page whose words
    cover its ink is read once, as it is."""
    gray, left, right = _unevenly_lit_page()
    seen: list[np.ndarray] = []

    def tesseract(image: bytes, dpi: int) -> str:
        img = np.asarray(Image.open(io.BytesIO(image)))
        seen.append(img)
        lit_evenly = img[1700:1790, 2300:2470].mean() > 220  # the far corner's paper
        return _tsv(left + right if lit_evenly else left)

    raw = ocr.ocr_image(gray, runner=tesseract)
    assert len(seen) == 2
    assert sorted(w[8] for w in raw.words) == sorted(r[8] for r in left + right)

    seen.clear()
    raw = ocr.ocr_image(gray, runner=lambda image, dpi: seen.append(image) or _tsv(left + right))
    assert len(seen) == 1 and len(raw.words) == len(left + right)


# ------------------------------------------------------------------------------------ marks, margins


def _row(line: int, x: int, y: int, w: int, h: int, text: str, ink: int = 0) -> tuple:
    return (1, 1, line, x, y, w, h, 95.0, text, x, y, w, h, ink, 2 * (w + h), 10.0, 0.0)


def test_words_turned_up_the_margin_are_no_part_of_a_scanned_page() -> None:
    """Tesseract reads a line run up the right margin ("Helsedirektoratet · <title>") as words in
    boxes far taller than wide, 90 pt "high": page furniture. Upright words, and a tall glyph or a
    dash of that line, say nothing against it; a turned word among the upright text is kept."""
    rows = []
    for k in range(6):
        x = 300
        for word in ["Helsedirektoratet", "har", "gjort", "flere", "endringer"]:
            rows.append(_row(10 + k, x, 400 + 60 * k, 40 * len(word), 40, word))
            x += 40 * len(word) + 20
    margin = [_row(50, 2281, 2298, 24, 272, "Helsedirektoratet"), _row(51, 2296, 2270, 3, 3, "-"),
              _row(52, 2282, 2052, 30, 207, "Endringslogg")]
    inside = _row(60, 800, 900, 30, 160, "Endring")  # a sideways table header among the text
    raw = ocr.RawOcr(2480, 3508, rows + margin + [inside], [], [])
    words = [w.text for w in ocr.raw_to_pagewords(raw, 1, 595.0, 842.0, "ocr").words]
    assert "Endringslogg" not in words and words.count("Helsedirektoratet") == 6
    assert "Endring" in words


def test_a_solid_mark_read_as_a_letter_is_a_mark() -> None:
    """A filled square before a heading ("■ 2 FORENKLING AV …") read as "m": its box is all ink, as no
    letter's is. A real one-letter word keeps its letter."""
    mark = ocr._W("m", 300, 500, 30, 30, 60.0, 30 * 30)
    words = [mark, ocr._W("2", 360, 495, 25, 40, 95.0, 300), ocr._W("FORENKLING", 410, 495, 300, 40, 95.0, 4000)]
    assert [w.text for w in ocr.normalise_line(words, 45)][0] in ("■", "•")
    word = ocr._W("å", 300, 500, 22, 30, 95.0, 200)
    words = [word, ocr._W("sikre", 340, 495, 120, 40, 95.0, 1500)]
    assert [w.text for w in ocr.normalise_line(words, 45)][0] == "å"


def test_a_title_white_on_a_dark_strip_across_a_pale_panel_is_read() -> None:
    """A chapter opener's picture panel (pale grey) with the number and title white on a dark strip
    across its foot, the strip narrower than the panel: the strip is a fill of its own, both lines of
    its title inside it, and Tesseract reads them once they are made dark on paper. (As one run of
    tinted blocks with the panel, its grey was neither's and the panel beside it went black.)"""
    _need("tesseract")
    page = _Page(h=1800, paper=250)
    page.draw.rectangle((0, 0, 2480, 760), fill=205)  # the panel, to the strip's foot
    page.draw.rectangle((1900, 560, 2480, 760), fill=170)  # a darker part of the picture, beside the strip
    page.draw.rectangle((280, 560, 1900, 860), fill=68)  # the strip, reaching below the panel
    title = ImageFont.truetype(str(pdfgen.DEJAVU_DIR / "DejaVuSerif-Bold.ttf"), 88)
    page.line(1, 330, 590, "6 ISF FOR SOMATISK", title, fill=255)
    page.line(2, 330, 720, "SPESIALISTHELSETJENESTE", title, fill=255)
    page.body(3, 1000)
    fills = ocr.detect_fills(page.gray)
    strip = [f for f in fills if f[4] < 100]
    assert len(strip) == 1, fills
    x0, top, x1, bottom, _ = strip[0]
    assert abs(x0 - 280) <= 16 and abs(x1 - 1900) <= 16 and abs(top - 560) <= 16 and abs(bottom - 860) <= 16
    words = [r[8] for r in ocr.ocr_image(page.gray).words]
    assert words[:5] == ["6", "ISF", "FOR", "SOMATISK", "SPESIALISTHELSETJENESTE"]


def test_a_thin_title_word_broken_in_two_comes_back_whole() -> None:
    """An extra-light chapter title's second line, "SPESIALISTHELSETJENESTE", came out of a scan as
    "RE" and "NISTHELSETJENESTE" (confidence 0); read again it came back whole and sure (91). A
    reading with fewer words is taken when its words are all sure and spell at least as much as the
    words it no longer has (here 23 letters for 19)."""
    from tracker.extract.ocr_reread import reread_display_lines

    page = _Page()
    big = ImageFont.truetype(str(SANS), 110)
    page.put(2, 200, 220, "SPESIA", big, read_as=("RE", 0.0))
    page.put(2, 640, 220, "LISTHELSETJENESTE", big, read_as=("NISTHELSETJENESTE", 0.0))
    page.body(10, 620)

    def tesseract(image: bytes, psm: int) -> str:  # the sheet read again: one word, sure
        return _tsv([(1, 1, 1, 60, 60, 900, 40, 91.0, "SPESIALISTHELSETJENESTE")])

    new = reread_display_lines(page.gray, page.rows, tesseract, ocr._encode_bmp, ocr.parse_tsv)
    assert _line_texts(new, 2) == ["SPESIALISTHELSETJENESTE"]
    assert [r for r in new if r[2] != 2] == [r for r in page.rows if r[2] != 2]

    def unsure(image: bytes, psm: int) -> str:  # the same word read again, but not surely
        return _tsv([(1, 1, 1, 60, 60, 900, 40, 60.0, "SPESIALISTHELSETJENESTE")])

    assert reread_display_lines(page.gray, page.rows, unsure, ocr._encode_bmp, ocr.parse_tsv) == page.rows
