"""Editors' consistency findings, on the corpus and on small hand-built documents."""

from __future__ import annotations

from bench.gold import gold_document
from tracker.align.lint import lint
from tracker.extract.records import records_from_table
from tracker.model import ChangeLogRecord, Document, RenumberingRecord, Section, SourceInfo


def make(doc_id: str, kind: str, year: int, sections, records=()) -> Document:
    return Document(
        id=doc_id, kind=kind, year=year, title=doc_id, extractor_version="test",
        source=SourceInfo(path=f"{doc_id}.pdf", sha256="", pages=3),
        sections=[Section(id=f"s-{n}", number=n, title=t, level=n.count(".") + 1, page=p, text=x)
                  for n, t, p, x in sections],
        records=list(records),
    )


SECTIONS = [
    ("1", "Legemiddelbehandling", 1, ""),
    ("1.1", "Pasientadministrert legemiddelbehandling", 1,
     "STG-logikken for pasientadministrert legemiddelbehandling oppdateres hvert tertial etter Nye metoder."),
    ("1.2", "Utførende helsepersonell", 1,
     "Det administrative kodeverket for utførende helsepersonell utvides med audiofysiker og alle autoriserte grupper."),
    ("2", "Endringer i STG-systemet", 2, ""),
]


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_dangling_reference_in_this_document() -> None:
    doc = make("d", "grunnlagsdokument", 2025, [*SECTIONS, ("2.1", "Tjenesteforløp", 2,
                                                              "Se punkt 6.14 i dette dokumentet.")])
    findings = lint([doc])
    assert codes(findings) == ["dangling-reference"]
    f = findings[0]
    assert (f.severity, f.doc_id, f.section_id, f.page) == ("error", "d", "s-2.1", 2)
    assert "6.14" in f.message


def test_reference_whose_topic_fits_another_section() -> None:
    text = ("Det gjøres mindre endringer i STG-logikken for pasientadministrert legemiddelbehandling "
            "(se nærmere beskrivelser i kapittel 1.2).")
    doc = make("d", "grunnlagsdokument", 2025, [*SECTIONS, ("2.1", "STG-endringer", 2, text)])
    findings = lint([doc])
    assert codes(findings) == ["reference-topic-mismatch"]
    assert "1.1 Pasientadministrert legemiddelbehandling" in findings[0].message
    # pointing at the right section is fine
    fixed = make("d", "grunnlagsdokument", 2025, [*SECTIONS, ("2.1", "STG-endringer", 2, text.replace("1.2", "1.1"))])
    assert lint([fixed]) == []


def test_regelverk_references_are_not_checked_against_this_document() -> None:
    doc = make("d", "grunnlagsdokument", 2025, [*SECTIONS, ("2.1", "Gruppe", 2,
                                                              "Dette er presisert i kapittel 7.6 i årets regelverk.")])
    assert lint([doc]) == []


def changelog(rows: list[tuple[str, str]]) -> Document:
    recs = [ChangeLogRecord(table=0, page=1, fields={
        "document": "ISF-regelverket", "location": f"Kapittel {n} {t}", "chapter_number": n, "chapter_title": t,
        "appendix": None, "appendix_title": None, "change": "Teksten er justert."}) for n, t in rows]
    return make("endringslogg", "endringslogg", 2024, [], recs)


def renumbering(rows: list[tuple[str, str, str, str]]) -> Document:
    recs = [RenumberingRecord(table=0, page=4, fields={
        "old_number": a, "old_title": b, "new_number": c, "new_title": d, "note": "", "status": "renumbered",
        "old_year": 2024, "new_year": 2025}) for a, b, c, d in rows]
    return make("grunnlag-2025", "grunnlagsdokument", 2025, [], recs)


def test_changelog_title_disagreeing_with_the_renumbering_table() -> None:
    log = changelog([("7.3", "Rapportering av legemiddelassistert rehabilitering (LAR)"), ("7.6", "Familieterapi")])
    table = renumbering([("7.3", "Rapportering av legemiddelassistert rehabilitering (LAR)", "6.3", "LAR"),
                         ("7.6", "Gruppebehandling", "6.6", "Gruppebehandling")])
    found = lint([log, table])
    assert sorted(codes(found)) == ["changelog-title-mismatch", "renumbering-title-mismatch"]
    msg = next(f.message for f in found if f.code == "changelog-title-mismatch")
    assert "7.6" in msg and "Familieterapi" in msg and "Gruppebehandling" in msg


def test_a_shortened_title_is_not_a_disagreement() -> None:
    log = changelog([("5.22", "Samarbeidsaktiviteter med samarbeidspart utenfor spesialisthelsetjenesten")])
    table = renumbering([("5.22", "Samarbeidsaktiviteter", "4.20", "Samarbeidsaktiviteter")])
    assert lint([log, table]) == []


def test_changelog_chapter_missing_from_the_regelverk() -> None:
    rulebook = make("isf-2024-regelverk", "regelverk", 2024, [("7", "Psykisk helsevern", 1, ""),
                                                             ("7.6", "Gruppebehandling", 1, "…")])
    log = changelog([("7.6", "Gruppebehandling"), ("7.9", "Nettbasert behandling")])
    found = lint([rulebook, log])
    assert codes(found) == ["changelog-unknown-chapter"]
    assert "7.9" in found[0].message and "isf-2024-regelverk" in found[0].message


def test_corpus_findings() -> None:
    """On the corpus gold: the one reference that points to the wrong section (2024 §6.2 → 5.2)."""
    ids = ["isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "isf-2024-endringslogg"]
    docs = []
    for i in ids:
        d = gold_document(i)
        docs.append(d.model_copy(update={"records": [r for k, t in enumerate(d.tables)
                                                     for r in records_from_table(t, k)]}))
    found = lint(docs)
    assert [(f.code, f.doc_id, f.section_id) for f in found] == [
        ("reference-topic-mismatch", "isf-2024-grunnlagsdokument", "s-6.2")]
    assert "5.1 Pasientadministrert legemiddelbehandling" in found[0].message
    assert [f.model_dump() for f in lint(docs)] == [f.model_dump() for f in found]
