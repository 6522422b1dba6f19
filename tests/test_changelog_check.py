"""The endringslogg against the versions it describes: a preliminary and a final ISF-regelverk and their
endringslogg drawn here as small PDFs (embedded fonts), read by the real extractor; and the corpus.

What changed between the two versions is what the test draws, never output of the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from tests import pdfgen
from tracker.align.changelog_check import Comparison, Version, changelog_findings, describes, find_version
from tracker.align.lint import LintFinding, lint
from tracker.extract.pipeline import extract_pdf
from tracker.model import ChangeLogRecord, Document
from tracker.store import load_all

ROW_HEADER = ["ISF-regelverket – hvor endring", "Hva endres"]
ROWS = [
    # The title did gain these words: matches.
    ["Kapittel 1.2 Digital hjemmeoppfølging og videokonsultasjoner",
     'Lagt til "og videokonsultasjoner" i overskriften.'],
    # The phrase was taken out of the text: matches.
    ["Kapittel 1.3 Meldinger",
     'Justert tekst i andre avsnitt. "Psykisk helsevern og TSB" er tatt ut for å gjøre teksten mer nøytral.'],
    # 1.4 reads the same in both versions.
    ["Kapittel 1.4 Pasientregistrerte data", "Teksten er justert for klargjøring av reglene."],
    # A paragraph was added: matches.
    ["Kapittel 2.3 Samarbeid",
     "Det er tatt inn et avsnitt som presiserer at telefoniske forespørsler fra legevakt ikke omfattes."],
    # Only the text of 1.1 changed, not its title.
    ["Kapittel 1.1 Refusjon", 'Lagt til "og egenandeler" i overskriften.'],
]
# 2.1 changes a deadline (substantive) and 2.2 a wording (editorial); no row names either.

TITLE = "Endringslogg – ISF-regelverk 2030 sett opp mot foreløpig regelverk fra 15.okt 2029"


def _chapters(final: bool) -> list[list[tuple[str, str]]]:
    def pick(preliminary: str, final_text: str) -> str:
        return final_text if final else preliminary

    return [[
        ("h1", "1 Generelle regler"),
        ("p", "Dette kapitlet beskriver de generelle reglene for innsatsstyrt finansiering."),
        ("h2", "1.1 Refusjon"),
        ("p", pick("ISF-refusjonen beregnes av DRG-vekten for hvert opphold i spesialisthelsetjenesten.",
                   "ISF-refusjonen beregnes av DRG-vekten for hvert opphold og hver konsultasjon.")),
        ("p", "Refusjonen utbetales til det regionale helseforetaket etter hvert tertial."),
        ("h2", pick("1.2 Digital hjemmeoppfølging", "1.2 Digital hjemmeoppfølging og videokonsultasjoner")),
        ("p", "Digital hjemmeoppfølging er oppfølging av pasienter i eget hjem med digitale verktøy."),
        ("p", "Oppfølgingen registreres som kontakt med pasienten i pasientadministrativt system."),
        ("h2", "1.3 Meldinger"),
        ("p", "Skriftlige meldinger mellom pasient og behandler gir ikke ISF-refusjon."),
        ("gap", ""),
        ("p", pick("Dette gjelder somatikk og Psykisk helsevern og TSB for alle pasientgrupper.",
                   "Dette gjelder alle fagområder for alle pasientgrupper.")),
        ("h2", "1.4 Pasientregistrerte data"),
        ("p", "Skjema som pasienten fyller ut registreres i det tertialet det er aktivitet."),
    ], [
        ("h1", "2 Rapportering"),
        ("p", "Dette kapitlet beskriver rapporteringen til Norsk pasientregister."),
        ("h2", "2.1 Frister"),
        ("p", pick("Data for første tertial skal rapporteres til NPR innen 15. mai.",
                   "Data for første tertial skal rapporteres til NPR innen 31. mai.")),
        ("h2", "2.2 Gruppebehandling"),
        ("p", pick("Gruppebehandling er behandling av flere pasienter samtidig av samme behandler.",
                   "Gruppebehandling er behandling av flere pasienter samtidig av den samme behandleren.")),
        ("h2", "2.3 Samarbeid"),
        ("p", "Samarbeidsmøter med kommunen registreres som egen aktivitet i spesialisthelsetjenesten."),
        *([("gap", ""), ("p", "Telefoniske forespørsler fra legevakt omfattes ikke av løsningen for samarbeid.")]
          if final else []),
    ]]


def _changelog_pdf(path: Path) -> Path:
    fonts = pdfgen.embedded_fonts()
    head = ParagraphStyle("head", fontName=fonts.bold, fontSize=15, leading=19)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=10, leading=13)
    cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=9, leading=11)
    cell_head = ParagraphStyle("cellhead", fontName=fonts.bold, fontSize=9, leading=11)
    table = RLTable([[Paragraph(h, cell_head) for h in ROW_HEADER]] + [[Paragraph(c, cell) for c in r] for r in ROWS],
                    colWidths=[190, 280])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("FONTNAME", (0, 0), (-1, -1), fonts.regular)]))  # else the table sets Helvetica
    SimpleDocTemplate(str(path), leftMargin=60, rightMargin=60, topMargin=60, bottomMargin=60, title="",
                      initialFontName=fonts.regular).build([
        Paragraph(TITLE, head), Spacer(1, 10),
        Paragraph("I tabellen gis en oversikt over endringer foretatt fra foreløpig til endelig ISF-regelverk. "
                  "Mindre korrekturendringer er ikke tatt med her.", body),
        Spacer(1, 12), table,
    ])
    assert pdfgen.unembedded_fonts(path) == []
    return path


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    folder = tmp_path_factory.mktemp("versions")
    preliminary = pdfgen.report(folder / "ISF-regelverk 2030 foreløpig.pdf", _chapters(final=False),
                                header=None, cover="ISF-regelverk 2030 – foreløpig versjon", embed=True)
    final = pdfgen.report(folder / "ISF-regelverk 2030.pdf", _chapters(final=True),
                          header=None, cover="ISF-regelverk 2030", embed=True)
    for pdf in (preliminary, final):
        assert pdfgen.unembedded_fonts(pdf) == []
    log = _changelog_pdf(folder / "Endringslogg ISF-regelverk 2030.pdf")
    # Two versions of one year would share an id; source_pdfs/manifest.yaml gives one its own.
    return {
        "preliminary": extract_pdf(preliminary, overrides={"id": "isf-2030-regelverk-forelopig"}, ocr=False),
        "final": extract_pdf(final, ocr=False),
        "log": extract_pdf(log, ocr=False),
    }


def _by_code(findings: list[LintFinding], code: str) -> list[LintFinding]:
    return [f for f in findings if f.code == code]


def _row_findings(findings: list[LintFinding]) -> dict[str, LintFinding]:
    """The row findings by the chapter number their message names."""
    out = {}
    for f in _by_code(findings, "changelog-row-without-change"):
        number = next(r[0].split()[1] for r in ROWS if f"'{r[0]}'" in f.message)
        out[number] = f
    return out


def test_the_drawn_documents_are_read_as_drawn(docs: dict[str, Document]) -> None:
    preliminary, final, log = docs["preliminary"], docs["final"], docs["log"]
    assert (preliminary.kind, preliminary.year, final.kind, final.year) == ("regelverk", 2030, "regelverk", 2030)
    assert final.section("1.2") is not None and final.section("1.2").title.endswith("og videokonsultasjoner")
    assert [s.number for s in final.sections] == ["1", "1.1", "1.2", "1.3", "1.4", "2", "2.1", "2.2", "2.3"]
    rows = [r.fields for r in log.records if isinstance(r, ChangeLogRecord)]
    assert [(f.location, f.change) for f in rows] == [(r[0], r[1]) for r in ROWS]
    assert (log.kind, log.year, log.title) == ("endringslogg", 2030, TITLE)


def test_the_endringslogg_names_the_preliminary_and_the_final_version(docs: dict[str, Document]) -> None:
    comparison = describes(docs["log"])
    assert comparison == Comparison(Version("regelverk", 2030, "foreløpig"), Version("regelverk", 2030, "endelig"))
    everything = list(docs.values())
    assert find_version(everything, comparison.old) is docs["preliminary"]
    assert find_version(everything, comparison.new) is docs["final"]  # unmarked: the final edition


def test_rows_matching_real_changes_give_no_finding(docs: dict[str, Document]) -> None:
    rows = _row_findings(changelog_findings(list(docs.values())))
    # 1.2's title gained the quoted words, 1.3 lost the quoted phrase, 2.3 gained a paragraph: of the
    # five rows only the two below (tested next) are findings.
    assert sorted(rows) == ["1.1", "1.4"]


def test_a_quoted_phrase_that_was_not_taken_out(docs: dict[str, Document]) -> None:
    log = docs["log"]
    records = [r.model_copy(update={"fields": r.fields.model_copy(update={
        "change": '"alle pasientgrupper" er tatt ut.'})}) if r.fields.chapter_number == "1.3" else r
        for r in log.records]
    found = _row_findings(changelog_findings([docs["preliminary"], docs["final"],
                                              log.model_copy(update={"records": records})]))
    assert sorted(found) == ["1.1", "1.3", "1.4"]
    assert "'alle pasientgrupper' is in its text 1 time(s) before and 1 after" in found["1.3"].message


def test_a_row_naming_a_chapter_that_did_not_change(docs: dict[str, Document]) -> None:
    finding = _row_findings(changelog_findings(list(docs.values())))["1.4"]
    log = docs["log"]
    assert (finding.severity, finding.doc_id, finding.section_id, finding.page) == (
        "warning", log.id, log.sections[0].id, 1)
    assert "reads the same" in finding.message


def test_a_row_saying_the_title_changed_when_only_the_text_did(docs: dict[str, Document]) -> None:
    finding = _row_findings(changelog_findings(list(docs.values())))["1.1"]
    assert "title" in finding.message and "words added" in finding.message


def test_a_substantive_change_without_a_row_is_reported_an_editorial_one_is_not(docs: dict[str, Document]) -> None:
    missing = _by_code(changelog_findings(list(docs.values())), "change-without-changelog-row")
    final = docs["final"]
    assert [(f.doc_id, f.section_id) for f in missing] == [(final.id, final.section("2.1").id)]
    assert "31" in missing[0].message and docs["log"].id in missing[0].message
    # 2.2 changed its wording only; 1.1, 1.3 and 2.3 changed but have a row.
    assert all(final.section(n).id != f.section_id for n in ("2.2", "1.1", "1.3", "2.3") for f in missing)


def test_lint_reports_them(docs: dict[str, Document]) -> None:
    found = lint(list(docs.values()))
    assert [f.model_dump() for f in lint(list(docs.values()))] == [f.model_dump() for f in found]  # deterministic
    assert sorted(f.code for f in found if "change" in f.code) == [
        "change-without-changelog-row", "changelog-row-without-change", "changelog-row-without-change"]


def test_nothing_is_checked_without_both_versions(docs: dict[str, Document]) -> None:
    assert changelog_findings([docs["log"], docs["preliminary"], docs["final"]])  # with both: findings
    assert changelog_findings([docs["log"], docs["final"]]) == []
    assert changelog_findings([docs["log"], docs["preliminary"]]) == []
    # Two documents that could each be the final version: which one is meant cannot be told.
    other = docs["final"].model_copy(update={"id": "isf-2030-regelverk-kopi"})
    assert changelog_findings([docs["log"], docs["preliminary"], docs["final"], other]) == []


def test_consecutive_years_named_in_the_title(docs: dict[str, Document]) -> None:
    """The same versions as two years, named so by the endringslogg: the same findings."""
    log = docs["log"].model_copy(update={"title": "Endringslogg – ISF-regelverk 2030 sett opp mot 2029"})
    older = docs["preliminary"].model_copy(update={
        "year": 2029, "title": "ISF-regelverk 2029", "id": "isf-2029-regelverk",
        "source": docs["preliminary"].source.model_copy(update={"path": "ISF-regelverk 2029.pdf"})})
    assert describes(log) == Comparison(Version("regelverk", 2029, None), Version("regelverk", 2030, None))
    by_year = changelog_findings([log, older, docs["final"]])
    by_stage = changelog_findings(list(docs.values()))
    assert len(by_stage) == 3
    assert [(f.code, f.section_id) for f in by_year] == [(f.code, f.section_id) for f in by_stage]


@pytest.mark.parametrize(("title", "expected"), [
    ("Endringslogg – ISF-regelverk 2024 sett opp mot foreløpig regelverk fra 16.okt 2023",
     (("regelverk", 2024, "foreløpig"), ("regelverk", 2024, "endelig"))),
    ("Endringslogg – Grunnlagsdokument ISF 2025 sammenlignet med 2024",
     (("grunnlagsdokument", 2024, None), ("grunnlagsdokument", 2025, None))),
    ("Endringer fra foreløpig til endelig ISF-regelverk 2026",
     (("regelverk", 2026, "foreløpig"), ("regelverk", 2026, "endelig"))),
])
def test_which_versions_a_title_names(title: str, expected: tuple) -> None:
    log = next(d for d in load_all() if d.kind == "endringslogg")
    comparison = describes(log.model_copy(update={"title": title}))
    assert comparison == Comparison(Version(*expected[0]), Version(*expected[1]))


def test_the_corpus_gives_no_findings() -> None:
    """The corpus endringslogg describes the ISF-regelverk, which is not in the corpus."""
    assert changelog_findings(load_all()) == []


def test_the_corpus_grunnlagsdokument_table_is_checked_when_both_versions_are_there() -> None:
    """Its grunnlagsdokument table ("ISF 2024 Grunnlagsdokumentet – hvor endring") has one row naming no
    place ("mindre justeringer"): against a preliminary version that reads the same, that row is a finding;
    the regelverk rows stay unchecked."""
    corpus = load_all()
    final = next(d for d in corpus if d.id == "isf-2024-grunnlagsdokument")
    preliminary = final.model_copy(update={"id": "isf-2024-grunnlagsdokument-forelopig",
                                           "title": "Grunnlagsdokument ISF 2024 – foreløpig"})
    found = changelog_findings([*corpus, preliminary])
    assert [(f.code, f.doc_id) for f in found] == [("changelog-row-without-change", "isf-2024-endringslogg")]
    assert "read the same" in found[0].message
