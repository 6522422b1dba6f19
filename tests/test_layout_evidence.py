"""Layouts the corpus does not have: a table of contents is evidence and never a section, two
columns are read column by column, an outline gives the numbers a page leaves out, and every
heading says how its number and level were established."""

from __future__ import annotations

from pathlib import Path

from tests import pdfgen_layouts
from tracker.extract.explain import explain_pdf
from tracker.extract.pipeline import extract_pdf

SENTENCE = (
    "Helsedirektoratet beskriver her hvordan ordningen for innsatsstyrt finansiering skal virke for "
    "sykehusene, og hva som er endret fra året før for de regionale helseforetakene."
)


def _text(topic: str, n: int = 3) -> str:
    return " ".join(f"{topic}: {SENTENCE}" for _ in range(n))


BLOCKS = [
    ("h", 1, "1", "Innledning"),
    ("p", _text("Innledning")),
    ("h", 1, "2", "Generelle regler"),
    ("p", _text("Regler")),
    ("h", 2, "2.1", "Lukking av aktivitetsdata"),
    ("p", _text("Lukking")),
    ("h", 3, None, "Justering i kostnadsvekter"),  # an unnumbered subheading in the same style
    ("p", _text("Kostnadsvekter")),
    ("h", 2, "2.2", "Digitale tjenester"),
    ("p", _text("Digitalt", 6)),
    ("h", 1, "3", "Somatikk"),
    ("p", _text("Somatikk")),
    ("h", 2, "3.1", "Kneprotese"),
    ("p", _text("Kneprotese", 8)),
    ("h", 2, "3.2", "Særkoder"),
    ("p", _text("Særkoder")),
]
EXPECTED = [("1", 1), ("2", 1), ("2.1", 2), (None, 3), ("2.2", 2), ("3", 1), ("3.1", 2), ("3.2", 2)]


def _heads(doc) -> list[tuple[str | None, int]]:  # noqa: ANN001
    return [(s.number, s.level) for s in doc.sections]


def test_table_of_contents_is_evidence_not_a_section(tmp_path: Path) -> None:
    pdf = pdfgen_layouts.memo_with_toc(tmp_path / "memo.pdf", "Notat om ISF 2030", BLOCKS)
    doc = extract_pdf(pdf, ocr=False)
    assert _heads(doc) == EXPECTED
    assert [s.title for s in doc.sections][:2] == ["INNLEDNING", "GENERELLE REGLER"]
    # Neither the contents page nor its dot leaders, nor the running header and "Side N av M".
    everything = doc.preamble + "\n".join(s.text for s in doc.sections)
    assert "Innhold" not in everything and ". . ." not in everything
    assert "Notat om ISF 2030" not in everything and "Side 1 av" not in everything
    assert all(s.number_source == "printed" for s in doc.sections if s.number)
    sub = doc.sections[3]
    assert (sub.title, sub.level_source) == ("Justering i kostnadsvekter", "toc")
    assert doc.sections[4].text.startswith("Digitalt:")


def test_numbers_the_page_leaves_out_come_from_the_table_of_contents(tmp_path: Path) -> None:
    pdf = pdfgen_layouts.memo_with_toc(tmp_path / "memo.pdf", "Notat om ISF 2030", BLOCKS, print_numbers_to=1)
    doc = extract_pdf(pdf, ocr=False)
    assert _heads(doc) == EXPECTED
    by_number = {s.number: s for s in doc.sections}
    assert by_number["2.1"].number_source == "toc"
    assert by_number["2"].number_source == "printed"
    assert by_number["2.1"].confidence is not None and by_number["2.1"].confidence >= 0.9
    assert not any("guessed" in w for w in doc.warnings)


def test_two_columns_are_read_column_by_column(tmp_path: Path) -> None:
    pdf = pdfgen_layouts.two_columns(tmp_path / "columns.pdf", "Brosjyre om ISF 2030", BLOCKS)
    doc = extract_pdf(pdf, ocr=False)
    assert [(s.number, s.level) for s in doc.sections if s.number] == [h for h in EXPECTED if h[0]]
    knee = next(s for s in doc.sections if s.number == "3.1")
    # Eight sentences that run down one column and on at the top of the next stay one paragraph, in order.
    assert knee.text == _text("Kneprotese", 8)
    assert doc.sections[0].text == _text("Innledning")


def test_outline_gives_numbers_and_levels_the_page_does_not_print(tmp_path: Path) -> None:
    pdf = pdfgen_layouts.with_outline(tmp_path / "outline.pdf", "Rapport om ISF 2030", BLOCKS)
    doc = extract_pdf(pdf, ocr=False)
    assert [(s.number, s.title, s.level) for s in doc.sections if s.number][:3] == [
        ("1", "Innledning", 1), ("2", "Generelle regler", 1), ("2.1", "Lukking av aktivitetsdata", 2)
    ]
    by_number = {s.number: s for s in doc.sections}
    assert by_number["2.1"].number_source == "outline"
    assert by_number["3.2"].number_source == "outline"
    assert by_number["1"].number_source == "printed"


def test_explain_says_why_each_line_is_or_is_not_a_heading(tmp_path: Path) -> None:
    pdf = pdfgen_layouts.memo_with_toc(tmp_path / "memo.pdf", "Notat om ISF 2030", BLOCKS, print_numbers_to=1)
    verdicts = explain_pdf(pdf, cache_dir=tmp_path)
    first_page = [v for v in verdicts if v.page == 1]
    assert {v.verdict for v in first_page} == {"contents", "running text"}
    heading = next(v for v in verdicts if v.verdict == "heading" and "Lukking" in v.text)
    assert "number 2.1 from the table of contents" in heading.why
    body = next(v for v in verdicts if v.verdict == "body" and v.text.startswith("Lukking:"))
    assert "set like the body text" in body.why
    only_page_2 = explain_pdf(pdf, 2, cache_dir=tmp_path)
    assert only_page_2 and {v.page for v in only_page_2} == {2}
