"""Editors' consistency findings, on the corpus and on small hand-built documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.gold import gold_document
from tests import pdfgen
from tracker.align.lint import lint
from tracker.align.refs import find_references, sentence_span
from tracker.extract.pipeline import extract_pdf
from tracker.extract.records import records_from_table
from tracker.model import ChangeLogRecord, Document, RenumberingRecord, Section, SourceInfo
from tracker.store import load_all


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


# -- references to this document on the real corpus -----------------------------------------------

EXTRACTED = Path(__file__).resolve().parent.parent / "extracted"
REFERENCE_CODES = {"dangling-reference", "reference-topic-mismatch", "stale-reference"}
GRUNNLAG_2024 = EXTRACTED / "isf-2024-grunnlagsdokument.json"
GRUNNLAG_2025 = EXTRACTED / "isf-2025-grunnlagsdokument.json"


def with_reference(doc: Document, section_number: str, old_number: str, new_number: str) -> Document:
    """``doc`` with the one reference of section ``section_number`` to ``old_number`` in this document
    (as refs.py finds it) made to point to ``new_number``."""
    section = doc.section(section_number)
    assert section is not None
    refs = [r for r in find_references(section.text) if r.target == "internal" and r.number == old_number]
    assert len(refs) == 1, refs
    at = refs[0].end - len(old_number)
    assert section.text[at : refs[0].end] == old_number
    text = section.text[:at] + new_number + section.text[refs[0].end :]
    return doc.model_copy(update={"sections": [s.model_copy(update={"text": text}) if s.id == section.id else s
                                               for s in doc.sections]})


def test_the_corpus_references_are_right_but_one() -> None:
    """Every reference to the document itself in the extracted corpus lands where it should, except
    the one the 2024 PDF gets wrong: 6.2 says STG changes for legemiddelbehandling are described in
    5.2 (Utførende helsepersonell); they are in 5.1."""
    found = [f for f in lint(load_all(EXTRACTED)) if f.code in REFERENCE_CODES]
    assert [(f.code, f.doc_id, f.section_id) for f in found] == [
        ("reference-topic-mismatch", "isf-2024-grunnlagsdokument", "s-6.2")]
    assert "5.2 'Utførende helsepersonell'" in found[0].message
    assert "5.1 Pasientadministrert legemiddelbehandling" in found[0].message


# (section, the number it refers to, a number the document lacks, a section on another topic)
DAMAGES = [
    ("4.5", "7.4", "7.7", "7.2"),  # særkoder → STG
    ("7.1", "6.5", "6.16", "6.12"),  # kjeveortopedi → osteoporoseutredning
    ("7.3", "6.14", "6.17", "6.11"),  # kneprotese → førerkort
    ("5.1", "8.2", "8.3", "6.8"),  # egenandelsfritak → protonbehandling
]


@pytest.mark.parametrize(("where", "right", "missing", "wrong"), DAMAGES)
def test_a_reference_to_a_missing_section(where: str, right: str, missing: str, wrong: str) -> None:
    doc = Document.load(GRUNNLAG_2025)
    assert lint([doc]) == []
    assert doc.section(missing) is None
    found = lint([with_reference(doc, where, right, missing)])
    assert [(f.code, f.severity, f.section_id) for f in found] == [("dangling-reference", "error", f"s-{where}")]
    assert f"no section {missing}" in found[0].message
    assert f"fit {right} {doc.section(right).title}" in found[0].message  # where it should have pointed


@pytest.mark.parametrize(("where", "right", "missing", "wrong"), DAMAGES)
def test_a_reference_to_a_section_on_another_topic(where: str, right: str, missing: str, wrong: str) -> None:
    doc = Document.load(GRUNNLAG_2025)
    found = lint([with_reference(doc, where, right, wrong)])
    assert [(f.code, f.severity, f.section_id) for f in found] == [
        ("reference-topic-mismatch", "warning", f"s-{where}")]
    assert f"refers to {wrong} '{doc.section(wrong).title}'" in found[0].message
    assert f"fit {right} {doc.section(right).title} better" in found[0].message
    assert f"punkt {wrong}" in found[0].message  # the sentence is quoted


def test_both_damages_in_one_document_are_named() -> None:
    """A sentence about særkoder that says 'punkt 7.2' (7.2 is about STG), and a reference to a 8.3
    the document does not have."""
    doc = Document.load(GRUNNLAG_2025)
    damaged = with_reference(with_reference(doc, "4.5", "7.4", "7.2"), "5.1", "8.2", "8.3")
    assert [(f.code, f.section_id) for f in lint([damaged])] == [
        ("dangling-reference", "s-5.1"), ("reference-topic-mismatch", "s-4.5")]


@pytest.mark.parametrize(("where", "now", "then", "old_title"), [
    ("4.5", "7.4", "6.4", "Særkoder 2024"),
    ("7.2", "6.3", "5.1", "Pasientadministrert legemiddelbehandling"),
])
def test_a_2025_reference_with_the_2024_number(where: str, now: str, then: str, old_title: str) -> None:
    old, new = Document.load(GRUNNLAG_2024), Document.load(GRUNNLAG_2025)
    assert old.section(then).title == old_title and new.section(then).title != new.section(now).title
    stale = with_reference(new, where, now, then)
    found = lint([old, stale])
    assert [(f.code, f.severity, f.doc_id, f.section_id) for f in found if f.doc_id == new.id] == [
        ("stale-reference", "warning", new.id, f"s-{where}")]
    message = next(f.message for f in found if f.doc_id == new.id)
    assert f"punkt {then} is the 2024 number of '{old_title}'" in message
    assert f"in this document it is {now} '{new.section(now).title}'" in message
    # without the 2024 document it is only a reference to the wrong section
    assert [f.code for f in lint([stale])] == ["reference-topic-mismatch"]


def test_an_abbreviation_does_not_end_the_sentence_around_a_reference() -> None:
    """The sentence of 2025 §6.13 runs through "jf." to its end; its words before the reference
    (flytting av legemiddel: 6.4's topic) are what it says about 6.4."""
    text = Document.load(GRUNNLAG_2025).section("6.13").text
    at = text.index("punkt 6.4")
    start, end = sentence_span(text, at, at + len("punkt 6.4"))
    assert text[start:end].strip().startswith("Siden det gjøres en DRG endring ved flytting av legemiddel")
    assert text[start:end].rstrip().endswith("på dette området nå.")


# -- the same through extraction, on generated PDFs -------------------------------------------------

def _grunnlagsdokument(folder: Path, year: int, reference: str, *, driving_licences: bool = False) -> Document:
    """A small grunnlagsdokument whose 3.1 says kjeveortopedi is described in ``reference``; with
    ``driving_licences`` a new 2.1 pushes the somatic points down by one (Kjeveortopedi 2.2 → 2.3)."""
    points = [("Førerkort", ["Helseattester for førerkort gir ikke lenger ISF-refusjon.",
                             "Legeerklæringer i førerkortsaker betales av pasienten selv."])] if driving_licences else []
    points += [
        ("Fødselsomsorgen", ["Forløp for svangerskap, fødsel og barsel får nye kostnadsvekter.",
                             "Fødselsforløpene deles etter keisersnitt og vaginal fødsel, og barselopphold inngår."]),
        ("Kjeveortopedi", ["Tannbehandling for leppe-kjeve-gane-spalte overføres fra folketrygden til ISF.",
                           "Kjeveortopediske prosedyrer ved kraniofaciale lidelser får egne grupper."]),
        ("Protonbehandling", ["Protonbehandling av kreft gis ved sykehusene i Oslo og Bergen.",
                              "Protonterapi finansieres med en egen DRG for strålebehandling med protoner."]),
    ]
    somatic: list[tuple[str, str]] = [("h1", "2 Somatikk")]
    for n, (title, lines) in enumerate(points, start=1):
        somatic += [("h2", f"2.{n} {title}"), *(("p", line) for line in lines)]
    pages = [
        [("h1", "1 Innledning"), ("p", "Dokumentet beskriver endringer i innsatsstyrt finansiering."), *somatic],
        [("h1", "3 Grupperingssystemet"), ("h2", "3.1 Endringer i DRG-systemet"),
         ("p", "DRG 803Q Mindre kjeveortopediske prosedyrer opprettes som følge av oppgaveoverføring"),
         ("p", f"for tannbehandling ved leppe-kjeve-gane-spalte (se punkt {reference} for nærmere omtale)."),
         ("h2", "3.2 Særkoder"),
         ("p", "Særkodene utgår som eget kodeverk og erstattes av prosedyrekoder i NKPK.")],
    ]
    folder.mkdir()
    pdf = pdfgen.report(folder / f"Grunnlagsdokument ISF {year}.pdf", pages, header=f"ISF {year}", embed=True)
    doc = extract_pdf(pdf, ocr=False)
    assert doc.id == f"isf-{year}-grunnlagsdokument"
    return doc


def test_references_in_a_generated_pdf(tmp_path: Path) -> None:
    right = _grunnlagsdokument(tmp_path / "right", 2030, "2.2")
    assert [(s.number, s.title) for s in right.sections if s.number and s.number.startswith("2.")] == [
        ("2.1", "Fødselsomsorgen"), ("2.2", "Kjeveortopedi"), ("2.3", "Protonbehandling")]
    assert lint([right]) == []

    missing = lint([_grunnlagsdokument(tmp_path / "missing", 2030, "2.7")])
    assert [(f.code, f.section_id) for f in missing] == [("dangling-reference", "s-3.1")]
    assert "no section 2.7" in missing[0].message and "fit 2.2 Kjeveortopedi" in missing[0].message


def test_a_reference_to_another_topic_in_a_generated_pdf(tmp_path: Path) -> None:
    wrong = lint([_grunnlagsdokument(tmp_path / "wrong", 2030, "2.3")])
    assert [(f.code, f.section_id) for f in wrong] == [("reference-topic-mismatch", "s-3.1")]
    assert "refers to 2.3 'Protonbehandling'" in wrong[0].message
    assert "fit 2.2 Kjeveortopedi better" in wrong[0].message


def test_a_reference_that_kept_last_years_number_in_generated_pdfs(tmp_path: Path) -> None:
    last_year = _grunnlagsdokument(tmp_path / "2030", 2030, "2.2")
    this_year = _grunnlagsdokument(tmp_path / "2031", 2031, "2.2", driving_licences=True)
    assert this_year.section("2.2").title == "Fødselsomsorgen" and this_year.section("2.3").title == "Kjeveortopedi"
    found = lint([last_year, this_year])
    assert [(f.code, f.doc_id, f.section_id) for f in found] == [
        ("stale-reference", "isf-2031-grunnlagsdokument", "s-3.1")]
    assert "punkt 2.2 is the 2030 number of 'Kjeveortopedi'" in found[0].message
    assert "in this document it is 2.3 'Kjeveortopedi'" in found[0].message
    # the reference made right is no finding
    fixed = _grunnlagsdokument(tmp_path / "2031-fixed", 2031, "2.3", driving_licences=True)
    assert lint([last_year, fixed]) == []
