"""Table finding: small PDFs built here with reportlab (one per kind of table), and the corpus.

Expected cells are the data the tests put into the PDFs, never output of the code under test.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable
from typer.testing import CliRunner

from bench.gold import gold_document, gold_paths, load_gold
from bench.score_tables import REPO, extract_tables_document, matched_cells, score_tables
from tracker.cli import app
from tracker.extract.pdftext import page_words
from tracker.extract.tables import FoundTable, find_tables
from tracker.extract.words import FilledRect, PageWords, Segment, Word
from tracker.model import Document

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=9, leading=11)
WHITE_HEAD = ParagraphStyle("whitehead", parent=HEAD, textColor=colors.white)

PARAGRAPH = (
    "Innsatsstyrt finansiering er en ordning der en del av bevilgningen til de regionale helseforetakene "
    "følger aktiviteten. Teksten her er et vanlig avsnitt som går over flere linjer og ikke skal bli "
    "oppfattet som en tabell, selv om den står rett før eller etter en tabell på siden."
)

HEADER = ["Kode", "Beskrivelse", "Endring"]
ROWS = [
    ["A0099", "Grupperettet pasientopplæring for pasienter og pårørende", "Erstattes av WWAA00"],
    ["B0029", "Asynkron telemedisinsk oppfølging", "Utgår"],
    ["B0044", "Teambasert oppfølging", ""],
    ["B0045", "Strukturert oppfølging fra tverrfaglige integrerte team i spesialisthelsetjenesten", "Ny kode"],
]


def _rl_table(header: Sequence[str], rows: Sequence[Sequence[str]], style: list, widths: Sequence[float],
              head_style: ParagraphStyle = HEAD, repeat: int = 0) -> RLTable:
    data = [[Paragraph(h, head_style) for h in header]]
    data += [[Paragraph(c, CELL) if c else "" for c in r] for r in rows]
    t = RLTable(data, colWidths=list(widths), repeatRows=repeat)
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *style]))
    return t


def _build(tmp_path: Path, story: list, name: str = "t.pdf", pagesize: tuple[float, float] = A4) -> list[PageWords]:
    path = tmp_path / name
    SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=60, rightMargin=60, topMargin=60,
                      bottomMargin=60).build(story)
    with pdfplumber.open(path) as pdf:
        return [page_words(p, i + 1) for i, p in enumerate(pdf.pages)]


def _cells(ft: FoundTable) -> list[list[str]]:
    return [ft.table.header, *ft.table.rows]


GRID = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
RULES_ONLY = [("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black), ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]
RULES_BELOW_ONLY = [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]  # no rule above the header
WIDTHS = (70, 250, 150)


@pytest.mark.parametrize(
    ("style", "head_style"),
    [(GRID, HEAD), (RULES_ONLY, HEAD), ([], HEAD), (RULES_BELOW_ONLY, CELL)],
    ids=["grid", "rules-only", "no-rules", "rules-below-rows-plain-header"],
)
def test_table_kinds_reproduce_every_cell(tmp_path: Path, style: list, head_style: ParagraphStyle) -> None:
    pages = _build(tmp_path, [
        Paragraph(PARAGRAPH, BODY), Spacer(1, 12),
        _rl_table(HEADER, ROWS, style, WIDTHS, head_style=head_style), Spacer(1, 12),
        Paragraph(PARAGRAPH, BODY),
    ])
    found = find_tables(pages)
    assert len(found) == 1
    # Multi-line cells are joined with a space; the empty cell stays "".
    assert _cells(found[0]) == [HEADER, *ROWS]
    assert found[0].table.pages == [1]
    # The region covers the table's words and none of the paragraphs'.
    (x0, top, x1, bottom) = found[0].regions[0].bbox
    para_words = [w for w in pages[0].words if w.text in ("Innsatsstyrt", "oppfattet")]
    assert para_words and all(not (top <= (w.top + w.bottom) / 2 <= bottom) for w in para_words)


def test_caption_above_and_below_and_lead_in(tmp_path: Path) -> None:
    pages = _build(tmp_path, [
        Paragraph("Følgende nye STG-er opprettes (uten finansiering):", BODY), Spacer(1, 6),
        Paragraph("Tabell 9.1 Aktivitetsgrunnlag somatikk", HEAD),
        _rl_table(["STG", "Beskrivelse"], [["DS03", "Tuberkulose"], ["XS84", "Antibiotika, ITAD"]], GRID, (80, 200)),
        Spacer(1, 30), Paragraph(PARAGRAPH, BODY), Spacer(1, 30),
        _rl_table(["DRG", "HDG", "Navn"], [["349N", "12", "Godartet hypertrofi av prostata"]], RULES_ONLY, (60, 50, 250)),
        Paragraph("Tabell 9.2 Nye DRG-er", BODY),
    ])
    found = find_tables(pages)
    assert [f.table.caption for f in found] == ["Tabell 9.1 Aktivitetsgrunnlag somatikk", "Tabell 9.2 Nye DRG-er"]
    assert found[0].table.header == ["STG", "Beskrivelse"]
    assert found[1].table.rows == [["349N", "12", "Godartet hypertrofi av prostata"]]
    assert found[0].lead_in == "Følgende nye STG-er opprettes (uten finansiering):"
    # The caption's own region is returned so the caller can drop it from body text.
    assert len(found[0].regions) == 2 and found[0].regions[1].bbox[3] <= found[0].regions[0].bbox[1] + 1
    assert all(f.table.section is None for f in found)


def test_a_page_table_ruled_between_its_columns_is_one_table_not_page_columns(tmp_path: Path) -> None:
    """A landscape page that holds a table and its caption, under a running header and over a page
    number: the table ruled between its columns only, one column of short numbers leaving a wide
    blank stretch. That stretch is no gutter between text columns (the rules side by side make a
    grid), and the running header and footer, which keep clear of every column gap, are no columns
    of the page: one table with all its columns."""
    from reportlab.lib.pagesizes import landscape

    header = ["Punkter 2024", "Navn 2024", "Punkter i 2025", "Navn 2025", "Endringer 2025"]
    rows = [[f"7.{k}", f"Behandling og oppfølging nummer {k} gjennom ambulante team", f"6.{k}",
             f"Oppfølging nummer {k} gjennom team", "Tekstlig forenkling av punktet"] for k in range(1, 13)]
    vrules = [("LINEBEFORE", (1, 0), (-1, -1), 0.5, colors.black)]
    path = tmp_path / "t.pdf"

    def furniture(canvas, doc) -> None:  # noqa: ANN001
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(780, 560, "PRESISERINGER OG ANNEN INFORMASJON")
        canvas.drawString(415, 30, str(doc.page))

    SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=60, rightMargin=60, topMargin=60,
                      bottomMargin=60).build(
        [Paragraph("Tabell 9.1 Aktivitetsgrunnlag somatikk", HEAD), Spacer(1, 8),
         _rl_table(header, rows, vrules, (90, 200, 150, 160, 120))], onFirstPage=furniture)
    with pdfplumber.open(path) as pdf:
        pages = [page_words(p, i + 1) for i, p in enumerate(pdf.pages)]
    found = find_tables(pages)
    assert [_cells(t) for t in found] == [[header, *rows]]


@pytest.mark.parametrize("style", [GRID, RULES_ONLY, []], ids=["grid", "rules-only", "no-rules"])
def test_table_over_a_page_break_with_repeated_header_is_one_table(tmp_path: Path, style: list) -> None:
    rows = [[f"T{i:02d}", f"Forløp nummer {i} for svangerskap og fødsel", str(10 + i % 7)] for i in range(70)]
    pages = _build(tmp_path, [
        Paragraph(PARAGRAPH, BODY), Spacer(1, 12),
        _rl_table(["TFG", "Navn", "HDG"], rows, style, (60, 300, 60), repeat=1),
        Spacer(1, 12), Paragraph(PARAGRAPH, BODY),
    ])
    assert len(pages) >= 2
    found = find_tables(pages)
    assert len(found) == 1
    assert found[0].table.header == ["TFG", "Navn", "HDG"]
    assert found[0].table.rows == rows  # the repeated header is not a data row
    assert found[0].table.pages == list(range(1, len(pages) + 1))
    assert [s.page for s in found[0].table.spans] == found[0].table.pages


@pytest.mark.parametrize("style", [GRID, RULES_ONLY], ids=["grid", "rules-only"])
def test_captioned_table_continues_without_a_repeated_header(tmp_path: Path, style: list) -> None:
    rows = [[f"B{i:04d}", f"Særkode nummer {i}", "Utgår" if i % 3 else "Erstattes av"] for i in range(60)]
    pages = _build(tmp_path, [
        Paragraph(PARAGRAPH, BODY), Spacer(1, 12), Paragraph("Tabell 4 Særkoder 2024", HEAD),
        _rl_table(["Kode", "Kodetekst", "Endring"], rows, style, (80, 250, 120), repeat=0),
    ])
    assert len(pages) == 2
    found = find_tables(pages)
    assert len(found) == 1
    assert found[0].table.caption == "Tabell 4 Særkoder 2024"
    assert found[0].table.rows == rows and found[0].table.pages == [1, 2]


def test_slide_table_with_white_bold_header_on_a_coloured_band(tmp_path: Path) -> None:
    band = colors.Color(0.043, 0.31, 0.424)
    header = ["RHF", "Foreløpig fordeling", "Endelig fordeling"]
    rows = [["Helse Nord RHF", "78,2", "77,9"], ["Helse Vest RHF", "162,0", "164,6"], ["", "693,1", "693,1"]]
    style = [("BACKGROUND", (0, 0), (-1, 0), band)]
    pages = _build(tmp_path, [
        Paragraph("Fordeling av endelig beregning", ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=20)),
        Spacer(1, 20), _rl_table(header, rows, style, (200, 180, 180), head_style=WHITE_HEAD),
    ], pagesize=(960, 540))
    found = find_tables(pages)
    assert len(found) == 1
    assert _cells(found[0]) == [header, *rows]


def test_paragraphs_bullets_and_slide_text_are_not_tables(tmp_path: Path) -> None:
    bullet = ParagraphStyle("b", parent=BODY, leftIndent=18, bulletIndent=4)
    story: list = [Paragraph("Endringer i DRG-systemet", HEAD), Paragraph(PARAGRAPH, BODY), Spacer(1, 8)]
    story += [Paragraph(t, bullet, bulletText="•") for t in (
        "Legemiddel med virkestoff bevacizumab flyttes fra DRG 802P til DRG 802U for å gjøre gruppen mer homogen",
        "Diagnosekodene O21.0 og O21.8 mister egenskapen 14X10",
        "Prosedyre ZXC11 tas ut av STG-løsningen for lysbehandling",
    )]
    story += [Spacer(1, 8), Paragraph(PARAGRAPH, BODY)]
    story += [Paragraph(f"{n}) {t}", BODY) for n, t in (("a", "første punkt i en liste"), ("b", "andre punkt"))]
    pages = _build(tmp_path, story)
    assert find_tables(pages) == []


def test_no_words_no_tables() -> None:
    assert find_tables([PageWords(page=1, width=595, height=842, words=[])]) == []


# --------------------------------------------------------------------------------------------
# the corpus (text layer) and the scoring


def _text_layer_corpus() -> list[str]:
    return [d for d in gold_paths() if "base_style" not in load_gold(d)]


def _pdf(doc_id: str) -> Path:
    return REPO / "source_pdfs" / (gold_paths()[doc_id].name.removesuffix(".gold.json") + ".pdf")


@pytest.mark.parametrize("doc_id", _text_layer_corpus())
def test_corpus_cell_accuracy_meets_the_bar(doc_id: str) -> None:
    doc, _ = extract_tables_document(_pdf(doc_id), doc_id, use_ocr=False)
    score = score_tables(doc, load_gold(doc_id))
    if score["gold_tables"]:
        assert score["accuracy"] >= 0.95, score
    assert score["extra"] == [], f"tables found that the gold does not have: {score['extra']}"
    assert score["extra_rows"] == 0, score


@pytest.mark.slow
@pytest.mark.parametrize("doc_id", _text_layer_corpus())
def test_corpus_without_any_rules_still_meets_the_bar(doc_id: str) -> None:
    """Another rendering may draw no rules: the word-alignment path alone must hold the bar."""
    doc, _ = extract_tables_document(_pdf(doc_id), doc_id, use_ocr=False, strip_rules=True)
    score = score_tables(doc, load_gold(doc_id))
    if score["gold_tables"]:
        assert score["accuracy"] >= 0.95, score
    assert score["extra"] == [] and score["extra_rows"] == 0


def test_score_counts_cells_and_tolerates_a_missing_row() -> None:
    gold = load_gold("isf-2025-grunnlagsdokument")
    perfect = gold_document("isf-2025-grunnlagsdokument")
    assert score_tables(perfect, gold)["accuracy"] == 1.0
    damaged = perfect.model_copy(deep=True)
    t = damaged.tables[0]
    lost = len(t.rows[3])
    del t.rows[3]  # a missed row costs its own cells only
    t.rows[0][1] = t.rows[0][1] + " x"  # one wrong cell
    total = sum(len(g["header"]) + sum(len(r) for r in g["rows"]) for g in gold["tables"])
    assert score_tables(damaged, gold)["matched"] == total - lost - 1
    empty = perfect.model_copy(update={"tables": []})
    assert score_tables(empty, gold)["accuracy"] == 0.0


def test_matched_cells_folds_whitespace_only_after_normalisation() -> None:
    assert matched_cells([["a b", "c"]], [["a b", "c"]]) == 2
    assert matched_cells([["a b", "c"]], [["a  b", "C"]]) == 0  # norm_cell is applied by score_tables
    assert matched_cells([["h"], ["1"], ["2"], ["3"]], [["h"], ["1"], ["3"]]) == 3


# --------------------------------------------------------------------------------------------
# the CLI


def _write_doc(tmp_path: Path, doc_id: str) -> Path:
    from tracker.extract.records import records_from_tables

    doc = gold_document(doc_id)
    doc = doc.model_copy(update={"records": records_from_tables(doc.tables)})
    out = tmp_path / "extracted"
    out.mkdir(exist_ok=True)
    (out / f"{doc.id}.json").write_text(doc.to_json(), encoding="utf-8")
    return out


def test_cli_tables_json_and_rich(tmp_path: Path) -> None:
    extracted = _write_doc(tmp_path, "isf-2025-grunnlagsdokument")
    runner = CliRunner()
    res = runner.invoke(app, ["tables", "isf-2025-grunnlagsdokument", "--json", "--extracted-dir", str(extracted)])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    gold = load_gold("isf-2025-grunnlagsdokument")
    assert [t["header"] for t in payload["tables"]] == [t["header"] for t in gold["tables"]]
    assert {r["type"] for r in payload["records"]} >= {"renumbering", "code_replacement", "activity_basis"}
    res = runner.invoke(app, ["tables", "--extracted-dir", str(extracted)])
    assert res.exit_code == 0
    assert "Kode 2024" in res.stdout and "renumbering records" in res.stdout


def test_cli_tables_unknown_document_names_it(tmp_path: Path) -> None:
    extracted = _write_doc(tmp_path, "isf-2024-endringslogg")
    res = CliRunner().invoke(app, ["tables", "no-such-doc", "--extracted-dir", str(extracted)])
    assert res.exit_code == 2  # bad input, as in every command
    assert "no-such-doc" in res.output


def test_cli_tables_bad_json_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"id": 1}', encoding="utf-8")
    res = CliRunner().invoke(app, ["tables", str(bad)])
    assert res.exit_code == 2
    assert "broken.json" in res.output


def test_found_tables_are_deterministic(tmp_path: Path) -> None:
    doc_a, _ = extract_tables_document(_pdf("isf-2024-endringslogg"), "a", use_ocr=False)
    doc_b, _ = extract_tables_document(_pdf("isf-2024-endringslogg"), "a", use_ocr=False)
    assert isinstance(doc_a, Document) and doc_a.to_json() == doc_b.to_json()


# --------------------------------------------------------------------------------------------
# OCR'd pages: no boldness, rules found in pieces on a slightly rotated scan, "|" read as text


def _ocr_words(line_top: float, cells: Sequence[tuple[float, str]], drift: float = 0.0) -> list[Word]:
    """Words of one OCR line: each cell's words from its x, 5 pt per character, 10 pt high."""
    out = []
    for x, text in cells:
        for token in text.split():
            y = line_top + drift * x / 500  # the line drifts down to the right (rotated scan)
            out.append(Word(text=token, x0=x, top=y, x1=x + 5 * len(token), bottom=y + 10, size=10, bold=None))
            x += 5 * len(token) + 3
    return out


OCR_HEADER = ["Tertial", "Dataperiode", "Første leveranse"]
OCR_ROWS = [["1", "01.01-30.04", "03.05.2024"], ["2", "01.01-31.08", "03.09.2024"],
            ["3", "01.01-31.12", "03.01.2025"], ["4", "01.01-31.12", "04.02.2025"]]
OCR_COLS = (80.0, 200.0, 330.0)


def _ocr_table_page(with_rules: bool) -> PageWords:
    words = _ocr_words(60, [(70, PARAGRAPH[:80])]) + _ocr_words(74, [(70, PARAGRAPH[80:160])])
    tops = [100 + 16 * i for i in range(len(OCR_ROWS) + 1)]
    for top, row in zip(tops, [OCR_HEADER, *OCR_ROWS], strict=True):
        words += _ocr_words(top, list(zip(OCR_COLS, row, strict=True)), drift=2.0)
    words += _ocr_words(tops[2], [(190, "|")], drift=2.0)  # a vertical rule read as a character
    words += _ocr_words(200, [(70, PARAGRAPH[:80])])
    segments: list[Segment] = []
    if with_rules:
        for k, y in enumerate([t - 3 for t in tops] + [tops[-1] + 13]):
            # Each rule in three pieces that drift with the rotation; the left piece of every
            # other rule was not found.
            pieces = [(70, 220), (215, 370), (365, 480)][(k % 2):]
            segments += [Segment(a, y + 2.0 * a / 500, b, y + 2.0 * a / 500 + 0.5) for a, b in pieces]
        segments += [Segment(x, tops[0] - 4, x + 0.5, tops[-1] + 14) for x in (70, 190, 320, 480)]
    return PageWords(page=3, width=595, height=842, words=words, segments=segments, source="ocr")


@pytest.mark.parametrize("with_rules", [True, False], ids=["rules-in-pieces", "no-rules"])
def test_ocr_page_table(with_rules: bool) -> None:
    found = find_tables([_ocr_table_page(with_rules)])
    assert len(found) == 1
    assert _cells(found[0]) == [OCR_HEADER, *OCR_ROWS]


@pytest.mark.parametrize("closing_in_pieces", [True, False], ids=["closing-rule-in-pieces", "no-closing-rule"])
def test_last_row_under_a_header_only_ladder_needs_the_faint_closing_rule(closing_in_pieces: bool) -> None:
    # A designed table with horizontal rules only: whole rules above and below the header, and a
    # light closing rule under its one row that the scan kept only as three stretches.
    words = _ocr_words(104, [(70, "Dokument hvor endring"), (300, "Hva endres")])
    words += _ocr_words(124, [(300, "Det er gjort mindre justeringer iht")])
    words += _ocr_words(136, [(300, "beskrivelsene i tabellen.")])
    words += _ocr_words(170, [(70, PARAGRAPH[:80])]) + _ocr_words(184, [(70, PARAGRAPH[80:160])])
    segments = [Segment(60, 100, 540, 101.5), Segment(60, 117, 540, 118.5)]
    if closing_in_pieces:
        segments += [Segment(a, 152 + a / 1000, b, 152.3 + a / 1000) for a, b in ((100, 170), (260, 320), (430, 490))]
    found = find_tables([PageWords(page=1, width=595, height=842, words=words, segments=segments, source="ocr")])
    rows = [["Dokument hvor endring", "Hva endres"], ["", "Det er gjort mindre justeringer iht beskrivelsene i tabellen."]]
    if closing_in_pieces:
        assert [_cells(t) for t in found] == [rows]
    else:  # nothing says where the table ends: its header alone is not taken for a table with rows
        assert all(_cells(t) != rows for t in found)


def test_rows_between_the_header_rule_and_the_closing_rule_are_all_kept() -> None:
    """A scanned table whose rules between rows OCR did not find: a rule under the header and one
    closing the table, all rows in the one strip between. A row whose second cell runs on below its
    first made the strip split before the next row, and only the rows after the split were read:
    the first row was lost from the table and from the text."""
    words = _ocr_words(104, [(70, "Regelverket hvor endring"), (300, "Hva endres")])
    words += _ocr_words(124, [(70, "Kapittel 5.21 Digital"), (300, "Lagt til telefon i")])
    words += _ocr_words(136, [(300, "overskriften og figuren.")])
    words += _ocr_words(148, [(70, "Kapittel 5.21.1 Telefon"), (300, "Justert tekst i sjette kulepunkt.")])
    words += _ocr_words(166, [(70, "Kapittel 7.6 Gruppe"), (300, "Det er tatt inn et avsnitt.")])
    segments = [Segment(60, 117, 540, 118.5), Segment(60, 180, 540, 181.5)]
    found = find_tables([PageWords(page=1, width=595, height=842, words=words, segments=segments, source="ocr")])
    assert [_cells(t) for t in found] == [[
        ["Regelverket hvor endring", "Hva endres"],
        ["Kapittel 5.21 Digital", "Lagt til telefon i overskriften og figuren."],
        ["Kapittel 5.21.1 Telefon", "Justert tekst i sjette kulepunkt."],
        ["Kapittel 7.6 Gruppe", "Det er tatt inn et avsnitt."],
    ]]


def test_a_running_headers_rule_above_a_grid_table_adds_no_empty_column() -> None:
    """A scanned page's running header is underlined by a rule a little wider than the grid table far
    below it, which joins the table's rules; the table's left border is then a column bound inside
    that width. The sliver between them is empty in every row: no column of the table."""
    words = _ocr_words(30, [(200, "ISF 2024 Grunnlagsdokument")])
    words += _ocr_words(104, [(75, "Tertial"), (150, "Dataperiode"), (300, "Første leveranse")])
    words += _ocr_words(122, [(75, "1"), (150, "01.01-30.04"), (300, "03.05.2024")])
    words += _ocr_words(140, [(75, "2"), (150, "01.01-31.08"), (300, "03.09.2024")])
    segments = [Segment(66, 44, 536, 44.6)]  # the header's underline, 4 pt further left than the table
    segments += [Segment(70, y, 540, y + 0.6) for y in (100, 117, 135, 153)]
    segments += [Segment(x, 100, x + 0.6, 153) for x in (70, 145, 295, 540)]
    found = find_tables([PageWords(page=1, width=595, height=842, words=words, segments=segments, source="ocr")])
    assert [_cells(t) for t in found] == [[["Tertial", "Dataperiode", "Første leveranse"],
                                           ["1", "01.01-30.04", "03.05.2024"], ["2", "01.01-31.08", "03.09.2024"]]]


def test_a_box_in_a_scanned_sidebar_beside_the_text_is_no_table() -> None:
    """A designed report's chapter page, scanned: a box ("I dette kapitlet" and the chapter's
    sections) in the panel down the left, the text column beside it. The box's lines and the
    text's share rows, so they look like a table's two columns; the page's text above keeps clear
    of the gap between them, so it is the page's column edge. On a scan that edge wavers by a point
    or so down the page (the text's lines above the box start at 194.4-194.8, beside it at
    195.6-196.0): the edge is tested half a letter left of where the next column starts, not only
    a point."""
    text = "Gjennomgang av dagens rapporteringsregler i ISF-regelverket for aktivitet innen"
    box = ["I dette kapitlet", "Overordnet innretning", "for 2025", "Polikliniske halv- og",
           "heldagstilbud", "Rapportering av LAR", "Gruppebehandling", "Familiebehandling"]
    words: list[Word] = []
    for k in range(14):  # the text beside the panel's chapter title, above the box
        words += _ocr_words(70 + 14 * k, [(194.4 + 0.2 * (k % 3), text)])
    words += _ocr_words(84, [(20, "ISF FOR PSYKISK")]) + _ocr_words(100, [(20, "HELSEVERN OG")])
    for k in range(24):  # the box's lines beside the text, then the text alone
        cells = [(195.6 + 0.2 * (k % 3), text)]
        if k < len(box):
            cells.insert(0, (20, box[k]))
        words += _ocr_words(264 + 14 * k, cells)
    # the panel as OCR finds it: dark above and below the light box
    panel = [FilledRect(0, 2, 165, 259, (0.3,)), FilledRect(0, 430, 167, 841, (0.3,))]
    page = PageWords(page=10, width=595, height=842, words=words, segments=[], rects=panel, source="ocr")
    assert find_tables([page]) == []


def test_a_sites_menu_beside_every_scanned_page_is_no_tables_first_column() -> None:
    """A web page printed with the site's menu down the left of every page, scanned: on a page of
    text beside it, the menu's entries and the text's lines share rows and read as a table's two
    columns, and the page held nothing else to tell a column edge by. The menu stands at about one
    place on every page (a scan shifts each page by a point or two): its entries are left out of
    the table finder."""
    menu = ["FINANSIERING", "Innsatsstyrt", "finansiering", "Regelverk og veiledning", "Kodeverk",
            "Kostnadsvekter", "Kontakt oss"]
    texts = ["Endringen gjøres av forenklingshensyn og vil sikre at ISF-grunnlaget blir i",
             "tråd med gjennomført aktivitet gjennom året. De ordinære tertialvise",
             "tidsfrister til Norsk pasientregisters (NPR) opprettholdes og ivaretar krav til"]
    pages = []
    for n, shift in enumerate((0.0, 1.5, -2.0)):
        words: list[Word] = []
        for k in range(20):
            cells = [(200 + shift, texts[(k + n) % 3])]
            if k < len(menu):
                cells.insert(0, (40 + shift, menu[k]))
            words += _ocr_words(100 + shift + 16 * k, cells)
        pages.append(PageWords(page=n + 1, width=595, height=842, words=words, segments=[], source="ocr"))
    assert find_tables(pages) == []


def test_ocr_numbered_headings_are_not_a_table() -> None:
    words = _ocr_words(100, [(70, "3"), (110, "GENERELLE REGLER")]) + _ocr_words(130, [(70, "3.1"), (110, "Multippel koding")])
    words += _ocr_words(150, [(70, PARAGRAPH[:90])]) + _ocr_words(164, [(70, PARAGRAPH[90:180])])
    assert find_tables([PageWords(page=1, width=595, height=842, words=words, source="ocr")]) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed (scripts/bootstrap.sh)")
def test_scanned_corpus_document_meets_its_bar_through_ocr() -> None:
    doc_id = "isf-2024-grunnlagsdokument"
    doc, ocr_used = extract_tables_document(_pdf(doc_id), doc_id, use_ocr=True)
    assert ocr_used
    score = score_tables(doc, load_gold(doc_id))
    assert score["accuracy"] >= 0.90, score
    assert score["extra"] == [] and score["extra_rows"] == 0


@pytest.mark.parametrize(("lines", "joined"), [
    (["gir ikke ISF-", "refusjon, og"], "gir ikke ISF-refusjon, og"),  # a real hyphen stays
    (["Poliklinisk laboratorie-", "og røntgenvirksomhet"], "Poliklinisk laboratorie- og røntgenvirksomhet"),
    (["sykehusenes pasientadmi-", "nistrative datasystem"], "sykehusenes pasientadministrative datasystem"),
    (["Dag- og døgnbehandling", "Poliklinikk"], "Dag- og døgnbehandling Poliklinikk"),
    (["Helse Sør-", "Øst RHF"], "Helse Sør-Øst RHF"),
    (["", "  a  b ", ""], "a b"),
])
def test_cell_lines_are_joined(lines: list[str], joined: str) -> None:
    from tracker.extract.tables import _norm
    from tracker.extract.text import join_lines

    assert join_lines([_norm(t) for t in lines]) == joined


_word_st = st.builds(
    lambda x, y, w, text, bold: Word(text=text, x0=x, top=y, x1=x + w, bottom=y + 9, size=9, bold=bold),
    st.floats(0, 500), st.floats(0, 800), st.floats(1, 120),
    st.sampled_from(["Kode", "2024", "•", "|", "Tabell 3", "og", "Ja", "7.1", "-"]), st.sampled_from([True, False, None]),
)
_segment_st = st.builds(
    lambda x, y, length, horizontal: Segment(x, y, x + length, y + 0.5) if horizontal else Segment(x, y, x + 0.5, y + length),
    st.floats(0, 500), st.floats(0, 800), st.floats(1, 400), st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(_word_st, max_size=60), segments=st.lists(_segment_st, max_size=15))
def test_any_page_gives_rectangular_tables_inside_the_page(words: list[Word], segments: list[Segment]) -> None:
    page = PageWords(page=1, width=595, height=842, words=words, segments=segments)
    for ft in find_tables([page]):
        assert all(len(row) == len(ft.table.header) for row in ft.table.rows)
        assert len(ft.table.header) >= 2
        for span in ft.regions:
            x0, top, x1, bottom = span.bbox
            assert x0 <= x1 and top <= bottom



def test_pale_patches_over_a_scanned_table_do_not_cut_its_rows(tmp_path: Path) -> None:
    """A watermark's pale letters over a scanned table come back from OCR as small filled patches
    inside the table. Their edges are no row boundaries (a cell's shading spans a good part of the
    table, a letter's patch does not); taken as such, they cut the rows into pieces."""
    from tracker.extract.words import FilledRect

    pages = _build(tmp_path, [Paragraph(PARAGRAPH, BODY), Spacer(1, 12),
                              _rl_table(HEADER, ROWS, GRID, WIDTHS), Spacer(1, 12)])
    found = find_tables(pages)
    assert _cells(found[0]) == [HEADER, *ROWS]
    x0, top, x1, bottom = found[0].regions[0].bbox
    row_words = [w for w in pages[0].words if w.text in ("B0029", "B0045")]
    # two patches across the middle of the rows that hold those codes, each over part of a column
    patches = [FilledRect(x0 + 90, w.top + 2, x0 + 160, w.bottom + 8, color=(0.88,)) for w in row_words]
    patched = [PageWords(p.page, p.width, p.height, p.words, p.segments, [*p.rects, *patches], p.source)
               for p in pages]
    assert _cells(find_tables(patched)[0]) == [HEADER, *ROWS]


def test_a_header_band_painted_cell_by_cell_with_a_wrapped_label_is_the_tables_header(tmp_path: Path) -> None:
    """A web page's table printed by a browser: each header cell's background painted on its own,
    no rules but one between the columns, the first label wrapped over two lines and the second set
    at the foot of its cell. The band is one header row from its first line: "ISF-regelverket –
    hvor" was left above the table as text."""
    shade = colors.Color(0.957, 0.914, 0.918)
    style = [("VALIGN", (0, 0), (-1, 0), "BOTTOM"), ("BACKGROUND", (0, 0), (0, 0), shade),
             ("BACKGROUND", (1, 0), (1, 0), shade), ("LINEAFTER", (0, 0), (0, -1), 0.5, colors.grey)]
    header = ["ISF-regelverket – hvor endring", "Hva endres"]
    rows = [["Kapittel 5.21 Digital hjemmeoppfølging", "Lagt til «telefon- og videokonsultasjoner» i overskriften."],
            ["Kapittel 5.21.1 Telefonkonsultasjoner", "Justert tekst i sjette kulepunkt midt på siden."],
            ["Kapittel 5.21.3 Meldinger", "SMS-er mellom pasient og behandler gir ikke ISF-refusjon."]]
    pages = _build(tmp_path, [Paragraph(PARAGRAPH, BODY), Spacer(1, 12), _rl_table(header, rows, style, (110, 300)),
                              Spacer(1, 12), Paragraph(PARAGRAPH, BODY)])
    found = find_tables(pages)
    assert len(found) == 1 and _cells(found[0]) == [header, *rows]
