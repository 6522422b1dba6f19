"""The Norwegian fact patterns on sentences written the way the corpus writes them.

Each document is built here (not read from the corpus), so a pattern is tested on wording the
corpus uses and on a variant that must not match.
"""

from __future__ import annotations

from tracker.check.facts import compare_fact, document_facts, sentences
from tracker.model import Document, Section, SourceInfo
from tracker.rules.registry import parameters


def _doc(year: int, *sections: tuple[str | None, str, str]) -> Document:
    return Document(
        id=f"test-{year}", kind="grunnlagsdokument", year=year, title="t", extractor_version="test",
        source=SourceInfo(path="x.pdf", sha256="", pages=1),
        sections=[Section(id=f"s-{i}", number=n, title=t, level=1 if n is None or "." not in n else 2, page=1,
                          text=body) for i, (n, t, body) in enumerate(sections)],
    )


def _facts(doc: Document, kind: str) -> list:
    return [f for f in document_facts(doc) if f.kind == kind]


def test_isf_andel_area_from_the_chapter_and_year_from_the_sentence() -> None:
    doc = _doc(2024,
               ("5", "ISF FOR SOMATISK SPESIALISTHELSETJENESTE", ""),
               ("5.0", "Overordnet innretning for 2024", "ISF-andelen er foreslått uendret og vil være 40 prosent i 2024."),
               ("4", "ISF FOR PSYKISK HELSEVERN OG TVERRFAGLIG SPESIALISERT RUSBEHANDLING", ""),
               ("4.1", "Overordnet innretning for 2024", "ISF-andelen er foreslått uendret. For psykisk helsevern og "
                "TSB er den samlede aktivitetsbaserte finansieringsandelen (ISF-refusjon inkludert egenandeler) "
                "beregnet til om lag 25 prosent."))
    facts = {(f.param, f.year, f.value) for f in _facts(doc, "isf-andel")}
    # "om lag 25 prosent" is the total activity-based share, not the ISF-andel
    assert facts == {("isf_andel.somatikk", 2024, 40), ("isf_andel.phv_tsb", 2024, "unchanged")}


def test_isf_andel_baseline_year_is_not_the_year_of_the_fact() -> None:
    doc = _doc(2025, ("6.2", "Poengtillegg", "Nivået opprettholdes på samme nivå som for 2024, selv om "
                      "refusjonsandelen reduseres til 30 prosent."))
    (fact,) = _facts(doc, "isf-andel")
    assert fact.year is None and fact.value == 30
    assert compare_fact(fact, parameters(), 2025) is None  # 30 % is the 2025 somatikk share


def test_isf_andel_contradiction_and_missing_year() -> None:
    doc = _doc(2025, ("6.1", "Overordnet innretning for 2025", "ISF-andel endres, og er satt til 35 prosent i 2025."))
    (fact,) = _facts(doc, "isf-andel")
    issue = compare_fact(fact, parameters(), 2025)
    assert issue is not None and issue.kind == "fact-contradiction"
    assert "35" in issue.message and "is 30 for 2025" in issue.message and "isf_andel.yaml" in issue.message
    later = _doc(2031, ("6.1", "Overordnet innretning", "ISF-andel for somatikken endres til 28 prosent i 2031."))
    (fact,) = _facts(later, "isf-andel")
    assert compare_fact(fact, parameters(), 2031).kind == "fact-contradiction"  # 2025's 30 holds until changed


def test_enhetspris_amounts_with_thousands_separator() -> None:
    doc = _doc(2027, (None, "Endring i enhetsrefusjonen innen somatikk i 2026",
                      "Enhetsprisen per ISF-poeng i somatikk 2026 er 55 704 kroner\n"
                      "Enhetsprisen ble redusert ned 0,8 prosent sammenlignet med forslag til statsbudsjett 2026\n"
                      "Enhetsprisen per ISF-poeng i psykisk helsevern og TSB er uendret og satt til 3 954 kroner"))
    facts = {(f.param, f.year, f.value) for f in _facts(doc, "enhetspris")}
    assert facts == {("enhetspris.somatikk", 2026, 55704), ("enhetspris.phv_tsb", 2026, 3954)}
    wrong = _doc(2027, (None, "Enhetsrefusjon 2026", "Enhetsprisen per ISF-poeng i somatikk 2026 er 56 000 kroner"))
    (fact,) = _facts(wrong, "enhetspris")
    assert compare_fact(fact, parameters(), 2027).kind == "fact-contradiction"


def test_age_limits_of_the_copayment_exemption() -> None:
    doc = _doc(2025, ("8.2", "Håndtering av egenandelsfritaket",
                      "I statsbudsjettet for 2025 legges det opp til at unge voksne i aldersgruppen 18 til og med det "
                      "året de fyller 26 år skal fritas for egenandel."))
    facts = {(f.param, f.value) for f in _facts(doc, "aldersgrense")}
    assert facts == {("egenandelsfritak.phv_tsb.til_og_med_aaret_de_fyller", 26),
                     ("egenandelsfritak.phv_tsb.barn_under", 18)}
    assert all(compare_fact(f, parameters(), 2025) is None for f in _facts(doc, "aldersgrense"))
    changed = _doc(2025, ("8.2", "Egenandelsfritak", "Alle til og med det året de fyller 25 år får fritak for egenandel."))
    (fact,) = _facts(changed, "aldersgrense")
    assert compare_fact(fact, parameters(), 2025).kind == "fact-contradiction"


def test_sixteen_seventeen_from_1_august() -> None:
    doc = _doc(2027, (None, "Budsjettforliket RNB", "«Gi egenandelsfritak for 16- og 17 åringer innenfor alle "
                      "helsetjenester, inkludert på sykehus, fra 1. august»"))
    (fact,) = _facts(doc, "aldersgrense")
    assert fact.value == [16, 17] and compare_fact(fact, parameters(), 2027) is None
    september = _doc(2027, (None, "RNB", "Gi egenandelsfritak for 16- og 17 åringer fra 1. september"))
    (fact,) = _facts(september, "aldersgrense")
    issue = compare_fact(fact, parameters(), 2027)
    assert issue is not None and "2026-08-01" in issue.message and "1. september" in issue.message


def test_respirator_codes_read_from_the_slide_bullets() -> None:
    doc = _doc(2027, (None, "Intensivbehandling", "WWGX01 Varighet av respiratorbehandling ≥ 1 dag og <3 dager\n"
                      "WWGX02 Varighet av respiratorbehandling ≥ 3 dager og <12 dager"))
    facts = _facts(doc, "respiratorkode")
    assert [f.value["code"] for f in facts] == ["WWGX01", "WWGX02"]
    verdicts = [compare_fact(f, parameters(), 2027) for f in facts]
    assert verdicts[0] is None
    assert verdicts[1] is not None and "WWGX02 from 3 to 11 days" in verdicts[1].message


def test_sentences_join_wrapped_lines_but_not_slide_bullets() -> None:
    assert sentences("det er ikke lagt opp til endringer i ISF-andel innen\nsomatikk.\nNeste setning") == [
        "det er ikke lagt opp til endringer i ISF-andel innen somatikk.", "Neste setning"]
    assert sentences("WWGX00 Varighet <1 dag\nWWGX01 Varighet ≥ 1 dag") == ["WWGX00 Varighet <1 dag",
                                                                           "WWGX01 Varighet ≥ 1 dag"]


def test_group_counts_against_the_recorded_changes() -> None:
    doc = _doc(2024, ("6.1", "Endringer i DRG-systemet", "Det opprettes ingen nye DRG-er for 2024, men to DRG-er utgår."),
               ("6.3", "Endringer i TFG-systemet", "Det etableres 5 nye forløp uten finansiering på forløpsnivå for 2024."))
    facts = _facts(doc, "antall-grupper")
    assert sorted((f.detail["system"], f.detail["change"], f.value) for f in facts) == [
        ("DRG", "added", 0), ("DRG", "removed", 2), ("TFG", "added", 5)]
    assert all(compare_fact(f, parameters(), 2024) is None for f in facts)
    six = _doc(2024, ("6.3", "Endringer i TFG-systemet", "Det etableres seks nye forløp uten finansiering for 2024."))
    (fact,) = _facts(six, "antall-grupper")
    issue = compare_fact(fact, parameters(), 2024)
    assert issue is not None and "records 5" in issue.message and "PT11" in issue.message


def test_listed_groups_on_a_slide() -> None:
    doc = _doc(2027, (None, "Endringer i amputasjons DRG-er", "Følgende DRG-er fjernes: 1130, 1140 og 2851"))
    facts = _facts(doc, "code_group_change")
    assert [f.value["code"] for f in facts] == ["1130", "1140", "2851"]
    verdicts = [compare_fact(f, parameters(), 2027) for f in facts]
    assert verdicts[:2] == [None, None]
    assert verdicts[2] is not None and "2851" in verdicts[2].message


def test_a_change_from_one_value_to_another_states_the_new_one() -> None:
    doc = _doc(2028,
               ("6", "ISF FOR SOMATISK SPESIALISTHELSETJENESTE", ""),
               ("6.1", "Overordnet innretning", "ISF-andelen endres fra 40 til 35 prosent i 2028."),
               ("6.2", "Enhetspris", "Enhetsprisen for somatikk økes fra 52 248 kroner til 55 704 kroner i 2028."),
               ("6.3", "Andel", "Refusjonsandelen reduseres fra 35 % til 30 % i 2029."))
    assert {(f.param, f.year, f.value) for f in _facts(doc, "isf-andel")} == {
        ("isf_andel.somatikk", 2028, 35), ("isf_andel.somatikk", 2029, 30)}
    assert {(f.param, f.year, f.value) for f in _facts(doc, "enhetspris")} == {("enhetspris.somatikk", 2028, 55704)}
