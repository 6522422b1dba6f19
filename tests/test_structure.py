"""Outline (bookmark) and tagged-structure headings read from the PDF itself."""

from __future__ import annotations

import time
from pathlib import Path

import pdfplumber
import pytest

from tests import pdfgen_structure as gen
from tracker.extract import structure
from tracker.extract.structure import (
    StructHeading,
    is_tagged,
    outline_entries,
    read_structure,
    tagged_headings,
)

CORPUS = Path(__file__).resolve().parent.parent / "source_pdfs"


def _line_tops(pdf: pdfplumber.PDF) -> dict[str, tuple[int, float]]:
    """Text of every line → (page, top), from pdfplumber."""
    out = {}
    for page in pdf.pages:
        for line in page.extract_text_lines():
            out.setdefault(line["text"], (page.page_number, line["top"]))
    return out


def test_reportlab_outline_titles_levels_pages_tops(tmp_path: Path) -> None:
    path = tmp_path / "outline.pdf"
    marks = gen.outlined_report(path, [
        [("h1", "1 Innledning"), ("p", "Dette er en rapport om ISF. " * 20), ("h2", "1.1 Bakgrunn"), ("p", "Tekst.")],
        [("p", "Mer tekst."), ("h2", "1.2 Formål og omfang"), ("h3", "1.2.1 Avgrensning"), ("h1", "2 Regelverk")],
    ])
    with pdfplumber.open(path) as pdf:
        entries = outline_entries(pdf)
        lines = _line_tops(pdf)
    assert [(e.number, e.title, e.level, e.page) for e in entries] == [
        ("1", "Innledning", 1, 1),
        ("1.1", "Bakgrunn", 2, 1),
        ("1.2", "Formål og omfang", 2, 2),
        ("1.2.1", "Avgrensning", 3, 2),
        ("2", "Regelverk", 1, 2),
    ]
    assert all(e.source == "outline" for e in entries)
    for entry, (title, _level, page, top) in zip(entries, marks, strict=True):
        assert entry.top == pytest.approx(top, abs=0.5)  # the destination as written
        line_page, line_top = lines[title]
        assert line_page == page
        assert 0 <= line_top - entry.top < 8  # the bookmark sits just above the heading's text


@pytest.mark.parametrize("fit, has_top", [("FitH", True), ("Fit", False)])
def test_reportlab_outline_fit_kinds(tmp_path: Path, fit: str, has_top: bool) -> None:
    path = tmp_path / "outline.pdf"
    gen.outlined_report(path, [[("h1", "1 Innledning")], [("h1", "2 Regelverk")]], fit=fit)
    with pdfplumber.open(path) as pdf:
        entries = outline_entries(pdf)
    assert [(e.title, e.page) for e in entries] == [("Innledning", 1), ("Regelverk", 2)]
    assert all((e.top is not None) == has_top for e in entries)


def test_named_destinations_and_goto_actions(tmp_path: Path) -> None:
    path = gen.destinations_pdf(tmp_path / "dests.pdf")
    with pdfplumber.open(path) as pdf:
        outline, tagged, warnings = read_structure(pdf)
        assert not is_tagged(pdf)
    assert tagged == [] and warnings == []
    assert outline == [
        # /Dest (string) through the /Names /Dests tree: [page1 /XYZ 72 700 0]
        StructHeading("Innledning", 1, 1, 842 - 700, "1", "outline"),
        # /Dest /Name through the catalog's /Dests: << /D [page1 /FitH 500] >>
        StructHeading("Bakgrunn", 2, 1, 842 - 500, "1.1", "outline"),
        # /A GoTo with an explicit array
        StructHeading("Regelverk", 1, 2, 842 - 650, "2", "outline"),
        # /A GoTo with a named destination (/Fit: no position)
        StructHeading("Vedlegg", 1, 3, None, "3", "outline"),
        # /URI action: a title without a page
        StructHeading("Utenfor", 1, None, None, None, "outline"),
    ]


def test_cyclic_outline_terminates_and_reads_each_entry_once(tmp_path: Path) -> None:
    path = gen.cyclic_outline_pdf(tmp_path / "cyclic.pdf", entries=3)
    with pdfplumber.open(path) as pdf:
        start = time.perf_counter()
        outline, _tagged, warnings = read_structure(pdf)
        assert time.perf_counter() - start < 1.0
        assert outline_entries(pdf) == outline
    assert [(e.title, e.page, e.top) for e in outline] == [
        ("Kapittel 1", 1, 42.0), ("Kapittel 2", 1, 62.0), ("Kapittel 3", 1, 82.0),
    ]
    assert any("cycle" in w for w in warnings)


def test_huge_outline_is_cut_at_the_entry_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(structure, "MAX_ENTRIES", 50)
    path = gen.many_outline_entries_pdf(tmp_path / "many.pdf", 80)
    with pdfplumber.open(path) as pdf:
        outline, _tagged, warnings = read_structure(pdf)
    assert len(outline) == 50
    assert outline[0].title == "Punkt 0" and outline[-1].title == "Punkt 49"
    assert any("50 entries" in w for w in warnings)


def test_walk_past_node_limit_keeps_what_was_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(structure, "MAX_NODES", 20)
    path = gen.many_outline_entries_pdf(tmp_path / "many.pdf", 80)
    with pdfplumber.open(path) as pdf:
        outline, _tagged, warnings = read_structure(pdf)
        assert outline_entries(pdf) == outline
    assert [e.title for e in outline] == [f"Punkt {i}" for i in range(20)]
    assert any("passed its limit" in w for w in warnings)


def test_walk_past_time_budget_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(structure, "TIME_BUDGET", -1.0)  # already spent: the first check stops
    path = gen.many_outline_entries_pdf(tmp_path / "many.pdf", 600)
    with pdfplumber.open(path) as pdf:
        outline, _tagged, warnings = read_structure(pdf)
    assert len(outline) == 255  # the clock is read every 256 objects
    assert any("passed its limit" in w for w in warnings)


def test_tagged_headings_with_rolemap(tmp_path: Path) -> None:
    path = gen.tagged_pdf(tmp_path / "tagged.pdf")
    with pdfplumber.open(path) as pdf:
        assert is_tagged(pdf)
        headings = tagged_headings(pdf)
        outline, tagged, warnings = read_structure(pdf)
        chars = {p.page_number: p.chars for p in pdf.pages}
    assert outline == [] and tagged == headings and warnings == []
    assert [(h.number, h.title, h.level, h.page) for h in headings] == [
        ("1", "Innledning", 1, 1),  # /Overskrift1 → /H1
        ("1.1", "Bakgrunn", 2, 1),  # /Overskrift2 → /Heading2 → /H2
        (None, "Sammendrag", None, 1),  # plain /H: no level; the title from /ActualText
        ("2", "Regelverk", 1, 2),  # /Pg only on the enclosing Sect
        ("2.1", "Endringer i 2025", 2, 2),  # two spans, one of them an MCR dict
    ]  # the H3 inside a table cell is not a section heading and is not read
    assert all(h.source == "tagged" for h in headings)
    # The top is where pdfplumber puts the heading's first character (the fixture's MCIDs).
    for h, mcid in zip(headings, [0, 2, 4, 0, 1], strict=True):
        first = next(c for c in chars[h.page] if c["mcid"] == mcid)
        assert h.top == pytest.approx(first["top"], abs=0.05)


def test_unmarked_structure_tree_still_read_with_a_warning(tmp_path: Path) -> None:
    path = gen.tagged_pdf(tmp_path / "tagged.pdf", marked=False)
    with pdfplumber.open(path) as pdf:
        assert not is_tagged(pdf)
        _outline, tagged, warnings = read_structure(pdf)
    assert len(tagged) == 5
    assert any("Marked" in w for w in warnings)


def test_cyclic_structure_tree(tmp_path: Path) -> None:
    path = gen.cyclic_struct_pdf(tmp_path / "cyclic.pdf")
    with pdfplumber.open(path) as pdf:
        start = time.perf_counter()
        headings = tagged_headings(pdf)
        assert time.perf_counter() - start < 1.0
    assert [(h.number, h.title, h.level, h.page) for h in headings] == [("1", "Innledning", 1, 1)]


def test_page_from_parent_tree_when_no_element_names_it(tmp_path: Path) -> None:
    path = gen.cyclic_struct_pdf(tmp_path / "nopg.pdf", with_pg=False)
    with pdfplumber.open(path) as pdf:
        headings = tagged_headings(pdf)
    assert [(h.title, h.page) for h in headings] == [("Innledning", 1)]
    assert headings[0].top is not None


def test_structure_deeper_than_the_limit_is_cut(tmp_path: Path) -> None:
    path = gen.cyclic_struct_pdf(tmp_path / "deep.pdf", depth=structure.MAX_STRUCT_DEPTH + 5)
    with pdfplumber.open(path) as pdf:
        _outline, tagged, warnings = read_structure(pdf)
    assert tagged == []
    assert any("depth" in w for w in warnings)


def test_malformed_catalog_entries_never_raise(tmp_path: Path) -> None:
    objs = [
        "<< /Type /Catalog /Pages 2 0 R /Outlines 5 0 R /StructTreeRoot 6 0 R /MarkInfo << /Marked true >> "
        "/Names << /Dests 7 >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        gen.stream(""),
        "<< /First 8 0 R >>",
        "<< /Type /StructTreeRoot /K (not a kid) /RoleMap 12 >>",
        "[1 2 3]",
        "<< /Title 42 /Dest (missing) /Next 9 0 R >>",
        "<< /Title (Side) /Dest [99 0 R /XYZ (a) (b)] /Next 10 0 R >>",
        "<< /Title <FEFF0041030A> /Dest [3 0 R /XYZ 0 99999 0] /Next 11 0 R >>",  # UTF-16: "Å" (A + ring)
        "<< /Title (Tom) /Dest [] /A 5 >>",
    ]
    path = tmp_path / "bad.pdf"
    path.write_bytes(gen.raw_pdf(objs))
    with pdfplumber.open(path) as pdf:
        outline, tagged, _warnings = read_structure(pdf)
    assert [(e.title, e.page) for e in outline] == [("Side", None), ("\u00c5", 1), ("Tom", None)]
    assert outline[1].top == 0.0  # a destination above the page is clamped to its top
    assert tagged == []


def test_broken_pdf_object_gives_warnings_not_exceptions() -> None:
    class Broken:
        @property
        def doc(self):  # noqa: ANN202
            raise RuntimeError("damaged")

    assert outline_entries(Broken()) == []
    assert tagged_headings(Broken()) == []
    assert not is_tagged(Broken())
    outline, tagged, warnings = read_structure(Broken())
    assert outline == tagged == []
    assert len(warnings) == 2 and all("damaged" in w for w in warnings)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.pdf")), ids=lambda p: p.name)
def test_corpus_structure_is_read_quickly(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        start = time.perf_counter()
        outline, tagged, warnings = read_structure(pdf)
        elapsed = time.perf_counter() - start
    assert elapsed < 2.0
    assert warnings == []
    # None of the corpus files carries an outline or a structure tree (checked 2026): if one
    # starts to, these lists show up here first.
    assert outline == [] and tagged == []
