"""Lines set like headings that are not plain headings: a heading set off by a list's mark, items of a
list in heading type, a pull quote, a title that also stands inside a sentence of the text."""

from __future__ import annotations

from tracker.extract.headings import BodyStyle, detect_headings, split_pull_quotes
from tracker.extract.lines import Line
from tracker.extract.words import Word

BODY = BodyStyle(10.5, (), False)
PARAGRAPH = ["Helsedirektoratet har gjort flere endringer i regelverket for innsatsstyrt finansiering",
             "som gjelder fra og med neste år, og omtaler her de viktigste av dem for sektoren."]


def _line(text: str, top: float, *, size: float = 10.5, bold: bool = False, mark: str | None = None,
          font: str = "DejaVuSerif") -> Line:
    words, x = [], 90.0
    for t in text.split():
        words.append(Word(t, x, top, x + 0.55 * size * len(t), top + size, size, font + ("-Bold" if bold else ""), bold))
        x = words[-1].x1 + 0.3 * size
    line = Line(words, 1, 842.0)
    if mark is not None:
        line.bullet, line.mark = True, Word(mark, 76, top, 83, top + size, size, font, False)
    return line


def _paragraph(top: float) -> list[Line]:
    return [_line(t, top + 14 * k) for k, t in enumerate(PARAGRAPH)]


def test_a_heading_set_off_by_a_lists_mark_is_a_heading() -> None:
    lines = [*_paragraph(100), _line("2 FORENKLING AV ISF-REGELVERKET", 150, size=14, bold=True, mark="■"),
             *_paragraph(175)]
    found = detect_headings(lines, body=BODY, slides=False)
    assert [(h.number, h.title) for h in found] == [("2", "FORENKLING AV ISF-REGELVERKET")]


def test_a_chapter_and_its_first_section_both_marked_are_headings() -> None:
    """Two marked lines next to each other in different types: a chapter heading and the first
    heading under it, not a list."""
    lines = [*_paragraph(100), _line("4 GENERELLE REGLER", 150, size=14, bold=True, mark="■"),
             _line("4.1 Regel for lukking av tertialvise aktivitetsdata", 172, size=11.5, bold=True, mark="■"),
             *_paragraph(195)]
    found = detect_headings(lines, body=BODY, slides=False)
    assert [h.number for h in found] == ["4", "4.1"]


def test_items_of_a_list_in_bold_are_no_headings() -> None:
    """A list whose items are set in bold, each with the same mark: items, however they are set."""
    lines = [*_paragraph(100),
             _line("Særskilte fellesregler for psykisk helsevern", 150, bold=True, mark="■"),
             _line("Beregningsregler for ISF-refusjon", 164, bold=True, mark="■"),
             _line("ISF-regler for psykisk helsevern og TSB", 178, bold=True, mark="■"),
             *_paragraph(200)]
    assert detect_headings(lines, body=BODY, slides=False) == []


def test_a_pull_quote_opens_a_sentence_of_the_text_a_title_does_not() -> None:
    """A pull quote repeats a sentence of the text (its start, six words or more) in display type; a
    title of as many words may stand inside a sentence of the text, and stays a heading."""
    quote = "Dette arbeidet har ført til enkelte justeringer i den tekstlige omtalen"
    title = "Testing og kartlegging med bruk av standardisert verktøy"
    lines = [
        _line(title, 100, size=13, bold=True),
        _line("Det er presisert at prosedyren for testing og kartlegging med bruk av", 120),
        _line("standardisert verktøy (IEAA20) skal registreres etter at testen er utført.", 134),
        _line(quote, 170, size=16, font="DejaVuSerif-Italic"),
        _line("Regelverket er gjennomgått i år. Dette arbeidet har ført til enkelte justeringer", 200),
        _line("i den tekstlige omtalen, samt flytting av kapitler.", 214),
    ]
    found = detect_headings(lines, body=BODY, slides=False)
    assert sorted(h.title for h in found) == sorted([title, quote])
    headings, quotes = split_pull_quotes(found, lines, BODY)
    assert [h.title for h in headings] == [title] and [h.title for h in quotes] == [quote]


def test_a_tables_caption_in_bold_is_no_heading() -> None:
    """Where its table was not found (a scan), a caption set in bold like a heading stays text; a
    heading that names tables without a number is a heading."""
    lines = [*_paragraph(100), _line("Tabell 1 Justerte navn for STG-er i ISF 2024", 150, bold=True),
             *_paragraph(175), _line("Tabeller over endrede koder", 220, bold=True), *_paragraph(245)]
    found = detect_headings(lines, body=BODY, slides=False)
    assert [h.title for h in found] == ["Tabeller over endrede koder"]


def test_a_lead_paragraphs_first_line_set_large_is_no_heading() -> None:
    """A lead paragraph set larger than the text, broken so that its first line ends one sentence
    and starts the next, stood alone as a heading; a title with an abbreviation's full stop in it
    ("Meld. St. 7 …") is still one."""
    lines = [*_paragraph(100),
             _line("I tabellen gis en oversikt over endringer foretatt fra foreløpig til endelig ISF-regelverk. Mindre",
                   140, size=12.5),
             *_paragraph(160),
             _line("Meld. St. 7 (2019-2020) Nasjonal helse- og sykehusplan 2020-23", 200, size=12.5, bold=True),
             *_paragraph(225)]
    assert [h.title for h in detect_headings(lines, body=BODY, slides=False)] == [
        "Meld. St. 7 (2019-2020) Nasjonal helse- og sykehusplan 2020-23"]


def test_a_numbered_slide_title_does_not_run_on_into_the_next_numbered_heading() -> None:
    """A slide whose title is a numbered heading wrapped over two lines, the next numbered heading
    right under it in the same type: two headings, not one title."""
    from tracker.extract.pipeline import _slide_title

    lines = [_line("4.2 Hovedregler om hvilke typer helsehjelp som inngår", 40, size=20, bold=True),
             _line("i beregningsgrunnlaget for ISF-ordningen", 64, size=20, bold=True),
             _line("4.2.1 Fellesregler", 88, size=20, bold=True),
             _line("a) Helsehjelpen må være spesialisthelsetjeneste.", 120, size=14)]
    assert [ln.text for ln in _slide_title(lines)] == [lines[0].text, lines[1].text]
