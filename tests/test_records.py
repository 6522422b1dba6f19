"""Typed change records: recognised on the corpus gold tables, on hand-made tables, and on the
committed extractor output; tables that state no change give no records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from bench.gold import gold_document, load_gold
from tracker.extract.records import records_from_table, records_from_tables
from tracker.model import (
    GROUP_CHANGE_OF_WORD,
    GROUP_CHANGE_WORDS,
    CodeGroupChangeFields,
    CodeGroupChangeRecord,
    DeadlineRecord,
    Document,
    Record,
    Table,
)
from tracker.rules.registry import parameters

REPO = Path(__file__).resolve().parent.parent
EXTRACTED = REPO / "extracted"


def _gold_table(doc_id: str, header_start: str) -> tuple[int, Table]:
    doc = gold_document(doc_id)
    for i, t in enumerate(doc.tables):
        if t.header and t.header[0].startswith(header_start):
            return i, t
    raise AssertionError(f"{doc_id}: no gold table with header {header_start!r}")


def _of(records: list[Record], kind: str) -> list[dict]:
    """The fields of the records of ``kind`` as they are written to JSON."""
    return [r.fields.model_dump(mode="json") for r in records if r.type == kind]


def test_renumbering_of_2025_matches_every_gold_row() -> None:
    gold = load_gold("isf-2025-grunnlagsdokument")
    table = next(t for t in gold["tables"] if len(t["header"]) == 5 and t["header"][0].startswith("Punkter"))
    records = _of(records_from_tables(gold_document("isf-2025-grunnlagsdokument").tables), "renumbering")
    moved = [r for r in records if r["new_number"] is not None]
    # Every row: number and title 2024 → number and title 2025, the comment as note.
    assert [(r["old_number"], r["old_title"], r["new_number"], r["new_title"], r["note"]) for r in moved] == [
        tuple(row) for row in table["rows"]
    ]
    assert (moved[0]["old_number"], moved[0]["new_number"]) == ("7.1", "6.1")
    assert (moved[-1]["old_number"], moved[-1]["new_number"]) == ("9.2", "8.2")
    assert all(r["old_year"] == 2024 and r["new_year"] == 2025 for r in moved)
    assert {r["status"] for r in moved} == {"renumbered"}


def test_points_removed_give_renumbering_records_without_new_number() -> None:
    i, table = _gold_table("isf-2025-grunnlagsdokument", "Punkter 2024")
    doc = gold_document("isf-2025-grunnlagsdokument")
    removed_table = next(k for k, t in enumerate(doc.tables) if t.header == ["Punkter 2024", "Navn 2024", "Kommentar"])
    removed = [r for r in records_from_tables(doc.tables) if r.table == removed_table]
    assert [(r.type, r.fields["old_number"], r.fields["new_number"], r.fields["status"]) for r in removed] == [
        ("renumbering", "6.6", None, "removed"),
        ("renumbering", "6.14", None, "removed"),
    ]
    assert removed[1].fields["note"] == "Poengberegningsregel er beskrevet i ISF-regelverks kapittel 7.3"


def test_saerkoder_all_six_rows() -> None:
    i, table = _gold_table("isf-2025-grunnlagsdokument", "Kode 2024")
    records = records_from_table(table, i)
    assert [r.type for r in records] == ["code_replacement"] * 6
    pairs = [(r.fields["old_code"], r.fields["new_code"], r.fields["change"]) for r in records]
    assert pairs == [
        ("A0099", "WWAA00", "replaced"),
        ("B0029", "WMGA42", "replaced"),
        ("B0044", "WWAA01", "replaced"),
        ("B0045", "WWAA02", "replaced"),
        ("B0050", None, "removed"),
        ("B0051", "WWAA03", "replaced"),
    ]
    assert records[1].fields["new_text"] == "Annen asynkron telemedisinsk oppfølging"
    assert records[4].fields["new_text"] is None and records[4].fields["change_text"] == "Utgår"
    assert all(r.table == i and r.page == table.page for r in records)


def test_deadlines_as_iso_dates() -> None:
    i, table = _gold_table("isf-2024-grunnlagsdokument", "Tertial")
    records = _of(records_from_table(table, i), "deadline")
    assert records == [
        {"tertial": 1, "period": "01.01-30.04", "period_start": "2024-01-01", "period_end": "2024-04-30",
         "first_delivery": "2024-05-03", "final_delivery": "2024-05-24"},
        {"tertial": 2, "period": "01.01-31.08", "period_start": "2024-01-01", "period_end": "2024-08-31",
         "first_delivery": "2024-09-03", "final_delivery": "2024-09-24"},
        {"tertial": 3, "period": "01.01-31.12", "period_start": "2024-01-01", "period_end": "2024-12-31",
         "first_delivery": "2025-01-03", "final_delivery": "2025-02-04"},
    ]


def test_activity_basis_refund_and_note() -> None:
    doc = gold_document("isf-2025-grunnlagsdokument")
    records = [r for r in records_from_tables(doc.tables) if r.type == "activity_basis"]
    gold = load_gold("isf-2025-grunnlagsdokument")
    gold_rows = [row for t in gold["tables"] if t["header"][0] == "Enheter" for row in t["rows"]]
    assert len(records) == len(gold_rows) == 20
    for rec, row in zip(records, gold_rows, strict=True):
        assert rec.fields["unit_type"] == row[0] and rec.fields["activity_type"] == row[1]
        assert rec.fields["refund"] is row[2].startswith("Ja")
    lab = next(r.fields.model_dump() for r in records if r.fields.activity_type.startswith("Poliklinisk laboratorie"))
    assert lab == {"unit_type": "Helseforetak", "activity_type": "Poliklinisk laboratorie- og røntgenvirksomhet",
                   "refund": False, "refund_note": "Takstbasert."}


def test_change_log_every_row_of_the_endringslogg() -> None:
    doc = gold_document("isf-2024-endringslogg")
    records = records_from_tables(doc.tables)
    n_rows = sum(len(t.rows) for t in doc.tables)
    assert [r.type for r in records] == ["change_log"] * n_rows
    first = records[0].fields
    assert (first["document"], first["chapter_number"], first["chapter_title"]) == (
        "ISF-regelverket", "5.21", "Digital hjemmeoppfølging, telefon- og videokonsultasjoner")
    b1 = [r.fields for r in records if r.fields["appendix"] == "B1"]
    assert len(b1) == 2 and b1[0]["appendix_title"] == "DRG psykisk helsevern og TSB"
    assert b1[1]["change"].startswith("Kostnadsvektene for DRG TD998A")
    last = records[-1].fields
    assert last["location"] is None and last["document"] == "ISF 2024 Grunnlagsdokumentet"


def test_code_group_changes_take_added_removed_and_financing_from_the_lead_in() -> None:
    tables = [
        Table(page=3, header=["DRG", "HDG", "Navn"], rows=[["349N", "12", "Godartet hypertrofi av prostata"]]),
        Table(page=3, header=["DRG", "HDG", "Navn"], rows=[["348", "12", "Prostata m/bk"], ["349", "12", "u/bk"]]),
        Table(page=4, header=["STG", "Beskrivelse"], rows=[["DS03", "Tuberkulose"]]),
        Table(page=5, header=["STG", "STG-navn"], rows=[["AS01", "Nytt navn"]],
              caption="Tabell 1 Justerte navn for STG-er"),
        Table(page=6, header=["TFG", "HDG", "Navn"], rows=[["HT04", "08", "Kneprotese"]]),
    ]
    lead_ins = ["Følgende nye DRG-er opprettes:", "Følgende DRG-er tas ut:",
                "Følgende nye STG-er opprettes (uten finansiering):", None, "Et forløp med finansiering for 2025:"]
    records = records_from_tables(tables, lead_ins=lead_ins)
    got = [(r.table, r.fields["system"], r.fields["code"], r.fields["change"], r.fields["with_financing"])
           for r in records]
    assert got == [
        (0, "DRG", "349N", "added", None),
        (1, "DRG", "348", "removed", None),
        (1, "DRG", "349", "removed", None),
        (2, "STG", "DS03", "added", False),
        (3, "STG", "AS01", "renamed", None),
        (4, "TFG", "HT04", None, True),
    ]
    assert records[0].fields["hdg"] == "12" and records[3].fields["hdg"] is None
    # Without a lead-in nothing is guessed.
    assert records_from_tables(tables[:1])[0].fields["change"] is None


def test_drg_to_new_drg_table_is_a_code_replacement() -> None:
    table = Table(page=40, header=["DRG", "Navn", "Ny DRG", "Navn"], rows=[
        ["113", "Amputasjon", ".", "."],
        ["1130", "Amputasjon, dagkirurgisk", "113P", "Amputasjon ved sykdommer"],
    ])
    recs = records_from_table(table, 0)
    assert [(r.type, r.fields["old_code"], r.fields["new_code"], r.fields["change"]) for r in recs] == [
        ("code_replacement", "113", None, None),
        ("code_replacement", "1130", "113P", "replaced"),
    ]
    assert recs[1].fields["system"] == "DRG" and recs[1].fields["new_text"] == "Amputasjon ved sykdommer"


@pytest.mark.parametrize("table", [
    # Numbers that are codes, not rule points.
    Table(page=1, header=["STG", "STG-navn"], rows=[["AS01", "Pasientadministrert legemiddelbehandling"]]),
    # Numbers without a point/chapter header.
    Table(page=1, header=["Tertial", "Antall"], rows=[["1.1", "2"], ["2.1", "3"]]),
    # A "Punkter" header over text, not numbers.
    Table(page=1, header=["Punkter", "Kommentar"], rows=[["Samarbeid", "Forenklet"], ["Gruppe", "Presisert"]]),
    # Figures per region.
    Table(page=1, header=["RHF", "Foreløpig fordeling", "Endelig fordeling"], rows=[["Helse Nord RHF", "78,2", "77,9"]]),
    # A contact form.
    Table(page=1, header=["Avsender", "Navn", "Stillingsbetegnelse"], rows=[["", "Arbeidssted", "E-post"]]),
])
def test_tables_that_state_no_renumbering_give_no_renumbering_records(table: Table) -> None:
    assert [r for r in records_from_table(table, 0) if r.type == "renumbering"] == []


def test_tables_without_change_semantics_give_no_records() -> None:
    doc = gold_document("isf-2027-informasjonsmote")
    records = records_from_tables(doc.tables)
    by_table = {r.table for r in records}
    for i, t in enumerate(doc.tables):
        if t.header[0] in ("Avsender", "RHF"):
            assert i not in by_table


def test_lead_ins_must_match_tables() -> None:
    with pytest.raises(ValueError, match="lead_ins"):
        records_from_tables([Table(page=1, header=["a"], rows=[])], lead_ins=[])


def test_records_are_recognised_by_content_not_position() -> None:
    """The same table on another page, in another position in the list, gives the same fields."""
    i, table = _gold_table("isf-2025-grunnlagsdokument", "Kode 2024")
    moved = table.model_copy(update={"page": 99, "section": None, "caption": None})
    a = [r.fields for r in records_from_table(table, i)]
    b = [r.fields for r in records_from_tables([Table(page=1, header=["x"], rows=[]), moved])]
    assert a == b


@pytest.mark.skipif(not (EXTRACTED / "isf-2025-grunnlagsdokument.json").exists(),
                    reason="extracted/ not populated (run `tracker extract`)")
def test_committed_extraction_gives_the_renumbering_and_saerkoder_records() -> None:
    doc = Document.load(EXTRACTED / "isf-2025-grunnlagsdokument.json")
    gold = load_gold("isf-2025-grunnlagsdokument")
    expected = [(row[0], row[2]) for t in gold["tables"] if len(t["header"]) == 5 and
                t["header"][0].startswith("Punkter") for row in t["rows"]]
    for records in (doc.records, records_from_tables(doc.tables)):
        renumbered = [(r.fields["old_number"], r.fields["new_number"]) for r in records
                      if r.type == "renumbering" and r.fields["new_number"] is not None]
        assert renumbered == expected
        assert len([r for r in records if r.type == "code_replacement" and r.fields["old_year"] == 2024]) == 6


def test_records_are_a_union_discriminated_by_type() -> None:
    rec = TypeAdapter(Record).validate_python({"type": "deadline", "table": 0, "page": 3, "fields": {
        "tertial": 1, "period": None, "period_start": None, "period_end": None,
        "first_delivery": "2024-05-03", "final_delivery": None}})
    assert isinstance(rec, DeadlineRecord) and rec.fields.first_delivery == date(2024, 5, 3)
    assert rec.model_dump(mode="json")["fields"]["first_delivery"] == "2024-05-03"
    with pytest.raises(ValidationError):  # a field of another record type
        TypeAdapter(Record).validate_python({"type": "deadline", "table": 0, "page": 3, "fields": {"old_code": "A0099"}})
    with pytest.raises(ValidationError):  # a value outside the type's vocabulary
        CodeGroupChangeRecord(table=0, page=1, fields={"system": "DRG", "code": "1130", "hdg": None, "name": None,
                                                       "change": "utgår", "with_financing": None, "other": {}})


def test_group_change_words_are_the_parameters_words() -> None:
    rows = [r for v in parameters()["grupper.endringer"].values for r in v.value]
    words = {r["change"] for r in rows}
    assert words - {"financed"} == set(GROUP_CHANGE_WORDS.values())
    assert {GROUP_CHANGE_OF_WORD[w] for w in GROUP_CHANGE_WORDS.values()} == set(GROUP_CHANGE_WORDS)
    assert all(set(r) <= set(CodeGroupChangeFields.model_fields) for r in rows)
