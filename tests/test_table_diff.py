"""Row-by-row table diffs of aligned sections (tracker.align.table_diff) and their place in the alignment."""

from __future__ import annotations

import pytest

from tracker.align.match import align
from tracker.align.overrides import Overrides
from tracker.align.pipeline import DocumentAlignment, align_pair, pair_diffs
from tracker.align.table_diff import diff_section_tables, diff_table, looks_like_code, section_tables
from tracker.model import Table
from tracker.store import load_document


def table(header: list[str], rows: list[list[str]], section: str = "7.4") -> Table:
    return Table(page=1, section=section, header=header, rows=rows)


def ops(diff) -> list[tuple[str, str | None]]:
    return [(r.op, r.key) for r in diff.rows]


def test_rows_are_keyed_by_their_code_column() -> None:
    old = table(["Kode 2024", "Kodetekst 2024"], [["B0050", "Intensivpasient etter nærmere kriterier"],
                                                  ["B0051", "Konsentrerte heldags behandlingstilbud"],
                                                  ["A0099", "Grupperettet pasientopplæring"]])
    new = table(["Kode 2025", "Kodetekst 2025"], [["A0099", "Grupperettet pasientopplæring"],
                                                  ["B0051", "Konsentrerte tverrfaglige heldags behandlingstilbud"],
                                                  ["WWAA03", "Konsentrerte tverrfaglige heldags behandlingstilbud"]])
    d = diff_table(old, new, 0, 0)
    assert (d.keyed_by, d.key_column) == ("code", 0)
    # the columns match though their headers name other years; the year change itself is shown, editorial
    assert [(c.old, c.new, c.changed, c.substantive) for c in d.header] == [
        ("Kode 2024", "Kode 2025", True, False), ("Kodetekst 2024", "Kodetekst 2025", True, False)]
    assert ops(d) == [("removed", "B0050"), ("equal", "A0099"), ("changed", "B0051"), ("added", "WWAA03")]
    changed = d.rows[2].cells[1]
    assert changed.changed and (changed.old, changed.new) == ("Konsentrerte heldags behandlingstilbud",
                                                              "Konsentrerte tverrfaglige heldags behandlingstilbud")
    assert not d.rows[2].cells[0].changed
    assert d.op == "changed" and d.verdict == "substantive"  # rows added and removed


def test_code_shapes() -> None:
    for code in ("B0051", "WWAA03", "908O", "TD998A", "PT01", "349N", "IEAD00", "M03AX01"):
        assert looks_like_code(code), code
    for value in ("Helseforetak", "2024", "12", "Ja", "01.01-30.04"):
        assert not looks_like_code(value), value


def test_first_column_then_position() -> None:
    old = table(["Tertial", "Frist"], [["1", "03.05.2024"], ["2", "03.09.2024"], ["3", "03.01.2025"]])
    new = table(["Tertial", "Frist"], [["1", "03.05.2025"], ["2", "03.09.2025"], ["3", "05.01.2026"]])
    d = diff_table(old, new)
    assert d.keyed_by == "first-column"
    assert [r.op for r in d.rows] == ["changed"] * 3
    assert all(r.cells[1].changed and r.cells[1].substantive for r in d.rows)  # dates are numbers
    # a first column with repeats cannot key: rows pair by position, identical rows anchoring
    old = table(["Enheter", "Refusjon"], [["Helseforetak", "Ja"], ["Helseforetak", "Nei"], ["Privat", "Ja"]])
    new = table(["Enheter", "Refusjon"], [["Helseforetak", "Ja"], ["Ny enhet", "Ja"], ["Helseforetak", "Nei"],
                                          ["Privat", "Nei"]])
    d = diff_table(old, new)
    assert d.keyed_by == "position"
    assert [r.op for r in d.rows] == ["equal", "added", "equal", "changed"]
    assert (d.rows[3].cells[1].old, d.rows[3].cells[1].new) == ("Ja", "Nei")


def test_year_only_and_layout_only_cell_changes() -> None:
    old = table(["Navn", "Merknad"], [["AS01", "Gjelder fra 2024"], ["AS03", "Dag- og døgn-behandling."]])
    new = table(["Navn", "Merknad"], [["AS01", "Gjelder fra 2025"], ["AS03", "Dag- og døgnbehandling"]])
    d = diff_table(old, new)
    assert [r.op for r in d.rows] == ["changed", "equal"]  # a hyphen from a line break and a full stop are no change
    assert d.rows[0].cells[1].changed and not d.rows[0].cells[1].substantive
    assert d.verdict == "editorial"


def test_columns_are_matched_by_header() -> None:
    old = table(["DRG", "Navn"], [["808I", "Dupuytrens kontraktur"]])
    new = table(["DRG", "HDG", "Navn"], [["808I", "08", "Dupuytrens kontraktur"]])
    d = diff_table(old, new)
    assert [(c.old, c.new) for c in d.header] == [("DRG", "DRG"), (None, "HDG"), ("Navn", "Navn")]
    assert [(c.old, c.new) for c in d.rows[0].cells] == [("808I", "808I"), (None, "08"),
                                                         ("Dupuytrens kontraktur", "Dupuytrens kontraktur")]
    assert d.rows[0].op == "changed" and d.verdict == "substantive"


def test_a_table_in_one_version_only() -> None:
    t = table(["STG", "Navn"], [["XS04", "Kvalitetsregistre"]])
    added, removed = diff_table(None, t, None, 3), diff_table(t, None, 3, None)
    assert (added.op, added.new_table, [r.op for r in added.rows]) == ("added", 3, ["added"])
    assert (removed.op, removed.old_table, [r.op for r in removed.rows]) == ("removed", 3, ["removed"])
    assert added.rows[0].cells[0].new == "XS04" and removed.rows[0].cells[0].old == "XS04"
    assert added.verdict == removed.verdict == "substantive"


@pytest.fixture(scope="module")
def corpus_diffs():
    old, new = load_document("isf-2024-grunnlagsdokument"), load_document("isf-2025-grunnlagsdokument")
    return old, new, {(d.old_id, d.new_id): d for d in pair_diffs(align(old, new), old, new)}


def test_tables_belong_to_their_sections() -> None:
    new = load_document("isf-2025-grunnlagsdokument")
    where = {i: sid for sid, idx in section_tables(new).items() for i in idx}
    for i, t in enumerate(new.tables):
        if t.section:
            assert where[i] == new.section(t.section).id


def test_corpus_saerkoder_table_is_in_the_diff(corpus_diffs) -> None:
    """2025 7.4 Særkoder ends "Tabellen under viser endringene"; its table (2024 6.4 had none) follows as
    added rows, B0051 → WWAA03 among them."""
    old, new, diffs = corpus_diffs
    d = diffs[(old.section("6.4").id, new.section("7.4").id)]
    assert d.changes[-1].text.rstrip().endswith("Tabellen under viser endringene fra 01.01.2025.")
    [t] = d.tables
    assert t.op == "added" and new.tables[t.new_table].section == "7.4"
    rows = {r.cells[0].new: r for r in t.rows}
    assert rows["B0051"].op == "added" and "WWAA03" in [c.new for c in rows["B0051"].cells]
    assert d.verdict == "substantive"


def test_corpus_activity_table_is_diffed_row_by_row(corpus_diffs) -> None:
    """2024 8.3's table is 2025's Tabell 9.1 (one row added); Tabell 9.2 is new."""
    old, new, diffs = corpus_diffs
    d = diffs[(old.section("8.3").id, new.section("9.2").id)]
    by_caption = {(t.new_caption or "").split(" ")[1] if t.new_caption else None: t for t in d.tables}
    t91, t92 = by_caption["9.1"], by_caption["9.2"]
    assert t91.op == "changed" and t91.old_table is not None
    added = [r for r in t91.rows if r.op == "added"]
    assert [r.cells[0].new for r in added] == ["Private virksomheter med kjøpsavtale under fristbruddordningen"]
    assert not [r for r in t91.rows if r.op == "removed"]
    assert t92.op == "added" and all(r.op == "added" for r in t92.rows)


def test_table_pairing_prefers_the_same_content() -> None:
    old = load_document("isf-2024-grunnlagsdokument")
    new = load_document("isf-2025-grunnlagsdokument")
    tables = diff_section_tables(old, new, section_tables(old)[old.section("8.3").id],
                                 section_tables(new)[new.section("9.2").id])
    assert [(t.old_table is not None, t.new_caption.split(" ")[1]) for t in tables] == [(True, "9.1"), (False, "9.2")]


def test_diffs_travel_in_the_alignment_artifact(tmp_path) -> None:
    """The align stage computes the diffs once; they survive the JSON round trip and attach to their pairs."""
    old, new = load_document("isf-2024-grunnlagsdokument"), load_document("isf-2025-grunnlagsdokument")
    result = align_pair(old, new, Overrides(), tmp_path)
    again = align_pair(old, new, Overrides(), tmp_path)  # from the cache
    assert again.model_dump_json() == result.model_dump_json()
    back = DocumentAlignment.model_validate_json(result.model_dump_json())
    pair = next(p for p in back.pairs if p.new_id == new.section("7.4").id)
    assert pair.diff is not None and pair.diff.tables and pair.text_change == "substantive"
    assert "diff" not in pair.model_dump()  # the pairs stay as align() gives them; diffs are kept once
