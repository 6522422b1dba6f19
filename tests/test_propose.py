"""`tracker propose` as a user runs it: new documents dropped into a copy of the project, extracted, proposed
from, applied, reviewed and checked.

The new documents are drawn here (reportlab, fonts embedded) with figures for years the rules do not have;
every expected value below is a figure written into a PDF, or a value the editors wrote by hand in
tracker/rules/params, never output of the code under test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import tracker.cli.propose  # noqa: F401  (registers `tracker propose` on the app)
from bench.layouts.reports import VARIANTS, render_word
from bench.layouts.source import parse
from tests import pdfgen
from tracker.align.lineage import Registry
from tracker.cli import app
from tracker.paths import PARAMS_DIR
from tracker.propose import propose
from tracker.propose.rows import split_activities
from tracker.propose.yaml_edit import EntryEdit, edit_parameter_file, scalar
from tracker.rules.params import load_parameters

REPO = Path(__file__).resolve().parent.parent
EXTRACTED = REPO / "extracted"

pytestmark = pytest.mark.skipif(not (EXTRACTED / "isf-2025-grunnlagsdokument.json").exists(),
                                reason="extracted/ is not populated (run `tracker extract`)")

# -- the new documents -------------------------------------------------------------------------------

GRUNNLAG_2028 = """\
---
title: ISF 2028 Grunnlagsdokument
---
# 1 Innledning

Dette dokumentet beskriver de viktigste endringene i innsatsstyrt finansiering (ISF) fra 2027 til 2028.

# 2 Overordnet innretning for 2028

## 2.1 Somatikk

ISF-andelen for somatikk er 35 prosent i 2028.

Enhetsprisen for somatikk er 52 248 kroner i 2028.

## 2.2 Psykisk helsevern og TSB

ISF-andelen for psykisk helsevern og TSB er uendret i 2028.

Enhetsprisen for psykisk helsevern og TSB er 4 105 kroner i 2028.

# 3 Egenandeler

Fra 2028 gjelder dette for de viktigste gruppene:

- Unge voksne i psykisk helsevern og TSB fritas for egenandel til og med det året de fyller 28 år.
- Fritaket gjelder konsultasjoner ved poliklinikk.

# 4 Endringer i DRG-systemet

Følgende nye DRG-er opprettes:

| DRG | HDG | Navn |
|---|---|---|
| 901A | 19 | Kortvarig psykiatrisk observasjon |

DRG 901A opprettes for korte observasjonsopphold. Opphold som varer lenger grupperes som før til andre
DRG-er innen hoveddiagnosegruppe 19, og kostnadsvektene er beregnet på nytt for hele gruppen.

Følgende DRG-er tas ut:

| DRG | HDG | Navn |
|---|---|---|
| 901 | 19 | Psykiatrisk observasjon |

# 5 Endringer i særtjenester (STG-systemet)

Det opprettes to nye STG-er for 2028.

Følgende nye STG-er opprettes (uten finansiering):

| STG | Beskrivelse |
|---|---|
| KS05 | Pasientadministrert behandling ved migrene |
| KS06 | Pasientadministrert behandling ved psoriasis |

# 6 Særkoder 2028

Tabellen under viser endringene fra 01.01.2028.

| Kode 2027 | Kodetekst 2027 | Endring | Kode 2028 | Kodetekst 2028 |
|---|---|---|---|---|
| B0060 | Hjemmedialyse | Erstattes av | WWAA10 | Hjemmedialyse |
| B0061 | Telefonsamtale | Utgår |  |  |

# 7 Rapporteringsfrister til Norsk pasientregister

Følgende frister gjelder for rapportering av aktivitetsdata for 2028:

| Tertial | Dataperiode | Første dataleveranse | Andre og siste dataleveranse |
|---|---|---|---|
| 1 | 01.01-30.04 | 03.05.2028 | 24.05.2028 |
| 2 | 01.01-31.08 | 04.09.2028 | 25.09.2028 |
| 3 | 01.01-31.12 | 03.01.2029 | 05.02.2029 |

# 8 Aktivitetsgrunnlag på overordnet nivå

Tabellen under oppsummerer hovedprinsippene for hvilken aktivitet som utløser ISF-refusjon.

Table: Tabell 8.1 Aktivitetsgrunnlag somatikk
| Enheter | Somatisk aktivitetstype | ISF-refusjon til RHF |
|---|---|---|
| Helseforetak | Dag- og døgnbehandling Poliklinikk | Ja |
| Helseforetak | Poliklinisk laboratorie- og røntgenvirksomhet | Nei. Takstbasert. |
| Private avtalespesialister | Poliklinikk | Nei. Normaltariffen brukes. |

Table: Tabell 8.2 Aktivitetsgrunnlag for poliklinisk aktivitet innen psykisk helsevern og TSB
| Enheter | Somatisk aktivitetstype | ISF-refusjon til RHF |
|---|---|---|
| Helseforetak | Poliklinikk | Ja |
| Private avtalespesialister | Poliklinikk | Ja |
"""


def report_pdf(path: Path, markdown: str) -> Path:
    """A Word-like report (numbered headings, paragraphs, bullets, ruled tables) in embedded fonts."""
    source = parse(markdown)
    return render_word(source, path, VARIANTS["word"][0], source.meta.get("title", path.stem))


def deck_pdf(path: Path, slides: list[tuple[str, list[str]]]) -> Path:
    return pdfgen.slides(path, slides, embed=True)


def web_page_pdf(path: Path, title: str, lines: list[tuple[str, str]]) -> Path:
    """A web page printed to PDF: the browser's date and page title as the running header."""
    return pdfgen.report(path, [[("h1", title), *lines]], header=f"14.10.2027, 09:12 {title}", embed=True)


# -- a copy of the project ----------------------------------------------------------------------------


def copy_project(root: Path) -> Path:
    """The committed corpus, lineages, check settings, pins and parameters in ``root``; the parameters in
    root/params (named by the settings), so nothing the tests do reaches the repository."""
    for name in ("extracted", "lineages", "checks"):
        shutil.copytree(REPO / name, root / name)
    shutil.copytree(PARAMS_DIR, root / "params")
    (root / "source_pdfs").mkdir()
    settings = root / "checks" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nparams_dir: params\n", encoding="utf-8")
    return root


def tracker(*args: str) -> Any:
    """Run the CLI in-process, in the current directory (the project copy)."""
    return CliRunner().invoke(app, list(args))


def add_documents(*pdfs: Path) -> list[str]:
    """Extract new PDFs of source_pdfs/ and update the lineage registry, as a user would."""
    before = {p.name for p in Path("extracted").glob("*.json")}
    extracted = tracker("extract", "--quiet", *map(str, pdfs))
    assert extracted.exit_code == 0, extracted.output
    lineages = tracker("lineages")
    assert lineages.exit_code == 0, lineages.output
    return sorted(p.stem for p in Path("extracted").glob("*.json") if p.name not in before)


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load(Path("params", f"{name}.yaml").read_text(encoding="utf-8"))["parameters"]


def entry(namespace: str, param: str, key: Any) -> dict[str, Any]:
    return load(namespace)[param]["values"][key]


def fingerprint_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".cache" not in p.parts}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="module")
def applied_2028(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any, dict[str, Any]]]:
    """The 2028 grunnlagsdokument dropped into a copy of the project and `tracker propose --apply` run
    there: (the project, the CLI's result, the --json account of the same proposal made first)."""
    root = copy_project(tmp_path_factory.mktemp("propose") / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        pdf = report_pdf(root / "source_pdfs" / "ISF 2028 Grunnlagsdokument.pdf", GRUNNLAG_2028)
        assert add_documents(pdf) == ["isf-2028-grunnlagsdokument"]
        account = tracker("propose", "--json")
        assert account.exit_code == 0, account.output
        applied = tracker("propose", "--apply")
    yield root, applied, json.loads(account.stdout)


# -- the bar: a new year's document, proposed, applied, reviewed, checked ------------------------------


def test_new_years_document_applied_and_reviewed_passes_the_check(applied_2028: tuple) -> None:
    root, applied, _ = applied_2028
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert applied.exit_code == 0, applied.output
        assert "Wrote params/" in applied.stdout
        before_review = tracker("check", "--format", "json")
        assert before_review.exit_code == 1
        # What still fails is the pins of the new citations, which only a person gives.
        findings = json.loads(before_review.stdout)["findings"]
        assert {f["kind"] for f in findings} == {"unpinned"}, findings
        review = next(line.strip() for line in applied.stdout.splitlines() if line.strip().startswith("tracker review "))
        reviewed = tracker(*review.split()[1:])
        assert reviewed.exit_code == 0, reviewed.output
        assert reviewed.stdout.count("pinned    ") == len(review.split()) - 2
        checked = tracker("check")
        assert checked.exit_code == 0, checked.stdout
        assert "isf-2028-grunnlagsdokument" in json.loads(tracker("check", "--format", "json").stdout)["documents"]


def test_unit_price_and_shares_with_their_citations(applied_2028: tuple) -> None:
    root, _, account = applied_2028
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        price = entry("enhetspris", "enhetspris.somatikk", 2028)
        assert price["value"] == 52248
        lineage = Registry.load().lineage_of("isf-2028-grunnlagsdokument", "s-2.1")
        assert lineage  # `tracker lineages` gave the new document's sections their lineages
        assert price["cite"] == [{
            "doc": "isf-2028-grunnlagsdokument", "section": "2.1", "section_id": "s-2.1", "title": "Somatikk",
            "lineage": lineage, "quote": "Enhetsprisen for somatikk er 52 248 kroner i 2028"}]
        assert entry("enhetspris", "enhetspris.phv_tsb", 2028)["value"] == 4105
        assert entry("isf_andel", "isf_andel.somatikk", 2028)["value"] == 35
        unchanged = entry("isf_andel", "isf_andel.phv_tsb", 2028)
        assert unchanged["unchanged"] is True and "value" not in unchanged
        assert unchanged["cite"][0]["quote"] == "ISF-andelen for psykisk helsevern og TSB er uendret i 2028"
        # Each proposal says how sure it is and why: the pattern and the sentence.
        proposal = next(p for p in account["proposals"] if p["param"] == "enhetspris.somatikk")
        assert proposal["unit"] == "NOK" and proposal["start"] == "2028-01-01" and proposal["action"] == "new-entry"
        assert 0.5 < proposal["confidence"] <= 0.99
        assert "sentence pattern 'enhetspris'" in proposal["reason"]
        assert "«Enhetsprisen for somatikk er 52 248 kroner i 2028»" in proposal["reason"]
        assert proposal["citation_keys"] == ["enhetspris.somatikk@2028/isf-2028-grunnlagsdokument/2.1"]


def test_age_limit_from_a_bullet(applied_2028: tuple) -> None:
    root, _, _ = applied_2028
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        limit = entry("egenandelsfritak", "egenandelsfritak.phv_tsb.til_og_med_aaret_de_fyller", 2028)
        assert limit["value"] == 28
        assert limit["cite"][0]["section"] == "3"
        assert "til og med det året de fyller 28 år" in limit["cite"][0]["quote"]
        # The values before it are the editors' and stay as they were.
        assert entry("egenandelsfritak", "egenandelsfritak.phv_tsb.til_og_med_aaret_de_fyller", 2025)["value"] == 26


def test_code_replacement_table(applied_2028: tuple) -> None:
    root, _, _ = applied_2028
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        saerkoder = entry("saerkoder", "saerkoder.endringer", 2028)
        assert saerkoder["value"] == [
            {"old_code": "B0060", "old_text": "Hjemmedialyse", "change": "replaced", "new_code": "WWAA10"},
            {"old_code": "B0061", "old_text": "Telefonsamtale", "change": "removed", "new_code": None},
        ]
        assert saerkoder["cite"][0]["section"] == "6" and "B0060" in saerkoder["cite"][0]["quote"]


def test_deadlines_table(applied_2028: tuple) -> None:
    root, _, _ = applied_2028
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        deadlines = entry("npr", "npr.rapporteringsfrister", 2028)["value"]
        assert deadlines == [
            {"tertial": 1, "period": "01.01-30.04", "first_delivery": dt.date(2028, 5, 3),
             "final_delivery": dt.date(2028, 5, 24)},
            {"tertial": 2, "period": "01.01-31.08", "first_delivery": dt.date(2028, 9, 4),
             "final_delivery": dt.date(2028, 9, 25)},
            {"tertial": 3, "period": "01.01-31.12", "first_delivery": dt.date(2029, 1, 3),
             "final_delivery": dt.date(2029, 2, 5)},
        ]


def test_groups_added_and_removed_with_the_count_that_supports_them(applied_2028: tuple) -> None:
    root, _, account = applied_2028
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        groups = entry("grupper", "grupper.endringer", 2028)
        assert [(r["system"], r["code"], r["change"], r.get("with_financing")) for r in groups["value"]] == [
            ("DRG", "901A", "opprettes", None), ("DRG", "901", "utgår", None),
            ("STG", "KS05", "opprettes", False), ("STG", "KS06", "opprettes", False)]
        assert groups["value"][0]["name"] == "Kortvarig psykiatrisk observasjon"
        quotes = [c["quote"] for c in groups["cite"]]
        assert "Det opprettes to nye STG-er for 2028" in quotes  # the count, satisfied by the rows
        proposal = next(p for p in account["proposals"] if p["param"] == "grupper.endringer")
        assert "it counts the groups the rows list" in proposal["reason"]


def test_activity_basis_tables_whole_and_by_area(applied_2028: tuple) -> None:
    root, _, _ = applied_2028
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        somatikk = entry("aktivitetsgrunnlag", "aktivitetsgrunnlag.somatikk", 2028)["value"]
        # The rows the rules had already are part of the new table too: a new entry replaces the old one.
        assert [(r["unit_type"], r["activities"], r["refund"]) for r in somatikk] == [
            ("Helseforetak", ["dagbehandling", "døgnbehandling", "poliklinikk"], True),
            ("Helseforetak", ["poliklinisk laboratorievirksomhet", "poliklinisk røntgenvirksomhet"], False),
            ("Private avtalespesialister", ["poliklinikk"], False),
        ]
        phv = entry("aktivitetsgrunnlag", "aktivitetsgrunnlag.phv_tsb", 2028)["value"]
        assert [(r["unit_type"], r["refund"]) for r in phv] == [("Helseforetak", True),
                                                               ("Private avtalespesialister", True)]
        # The same unit and activity in the other area's table is another row: its note is not this one's.
        assert somatikk[2]["refund_note"] == "Normaltariffen brukes." and "refund_note" not in phv[1]


def test_apply_writes_what_the_diff_showed_and_nothing_else(applied_2028: tuple) -> None:
    root, _, account = applied_2028
    assert account["applied"] is False and account["diff"].startswith("--- a/params/")
    scratch = root.parent / "by-git-apply"
    copy_project(scratch)
    subprocess.run(["git", "apply", "-"], input=account["diff"], text=True, cwd=scratch, check=True)
    for path in (root / "params").glob("*.yaml"):
        assert (scratch / "params" / path.name).read_bytes() == path.read_bytes(), path.name
    # Every line of the parameter files that was there before is there still, in the same order.
    for name in account["files"]:
        old = (REPO / "tracker" / "rules" / name).read_text(encoding="utf-8").splitlines()
        new = (root / name).read_text(encoding="utf-8").splitlines()
        it = iter(new)
        assert all(line in it for line in old), name


# -- documents of other kinds, other years, conflicts, nothing new ------------------------------------


def test_slides_web_page_and_presiseringsdokument_with_facts_about_other_years(project: Path) -> None:
    deck = deck_pdf(project / "source_pdfs" / "Informasjonsmøte ISF 2029.pdf", [
        ("Informasjonsmøte ISF 2029", ["Helsedirektoratet, oktober 2028"]),
        ("Enhetsrefusjon", ["Enhetsprisen per ISF-poeng i somatikk 2029 er 54 000 kroner",
                            "Enhetsprisen per ISF-poeng i somatikk 2028 er 52 248 kroner"]),
        ("Koder for varighet av respiratorbehandling", [
            "WWGX00 Varighet av respiratorbehandling <1 dag",
            "WWGX01 Varighet av respiratorbehandling ≥ 1 dag og <3 dager",
            "WWGX02 Varighet av respiratorbehandling ≥ 3 dager og <11 dager",
            "WWGX03 Varighet av respiratorbehandling ≥ 11 dager og <30 dager",
            "WWGX04 Varighet av respiratorbehandling ≥ 30 dager"]),
        ("Endringer i amputasjons-DRG-er", ["Følgende DRG-er fjernes: 113A og 114B"]),
    ])
    web = web_page_pdf(project / "source_pdfs" / "Enhetspriser i ISF 2028 - Helsedirektoratet.pdf",
                       "Enhetspriser i ISF 2028", [
                           ("p", "Enhetsprisen for psykisk helsevern og TSB er 4 105 kroner i 2028.")])
    presisering = web_page_pdf(project / "source_pdfs" / "Presiseringsdokument ISF 2028.pdf",
                               "Presiseringsdokument ISF 2028", [
                                   ("h2", "1 Enhetspris"),
                                   ("bullet", "Enhetsprisen for somatikk er 52 248 kroner i 2028.")])
    ids = add_documents(deck, web, presisering)
    assert ids == ["isf-2028-annet", "isf-2028-presiseringsdokument", "isf-2029-presentasjon"]
    result = propose(ids, config="checks/settings.yaml", apply=True)
    assert result.exit_code == 0 and not result.conflicts, result.summary()
    # The deck speaks of 2028 and 2029; the 2028 price is also in the presiseringsdokument: one value,
    # two citations.
    somatikk = load("enhetspris")["enhetspris.somatikk"]["values"]
    assert somatikk[2029]["value"] == 54000
    assert somatikk[2028]["value"] == 52248
    assert [c["doc"] for c in somatikk[2028]["cite"]] == ["isf-2028-presiseringsdokument", "isf-2029-presentasjon"]
    assert load("enhetspris")["enhetspris.phv_tsb"]["values"][2028]["cite"][0]["doc"] == "isf-2028-annet"
    # A table that holds until the next: the new entry is the deck's whole table, the codes it repeats included.
    respirator = load("respirator")["respirator.varighetskoder"]["values"][2029]["value"]
    assert [(r["code"], r["min_days"], r["max_days"]) for r in respirator] == [
        ("WWGX00", 0, 1), ("WWGX01", 1, 3), ("WWGX02", 3, 11), ("WWGX03", 11, 30), ("WWGX04", 30, None)]
    removed = load("grupper")["grupper.endringer"]["values"][2029]
    # The slide names no group: the column every row of the parameter has is written, empty.
    assert removed["value"] == [{"system": "DRG", "code": "113A", "name": None, "change": "utgår"},
                                {"system": "DRG", "code": "114B", "name": None, "change": "utgår"}]
    assert removed["cite"][0]["quote"] == "Følgende DRG-er fjernes: 113A og 114B"
    deck_proposal = next(p for p in result.proposals if p.param == "enhetspris.somatikk" and p.start.year == 2029)
    assert any("a presentasjon" in note for e in deck_proposal.evidence for note in e.notes)
    tracker(*result.review_command.split()[1:])
    checked = tracker("check", "--format", "json")
    findings = json.loads(checked.stdout)["findings"]
    assert [f for f in findings if f["kind"] != "calendar-gap"] == [], findings


def test_documents_that_disagree_are_a_conflict_not_a_value(project: Path) -> None:
    grunnlag = report_pdf(project / "source_pdfs" / "ISF 2028 Grunnlagsdokument.pdf", GRUNNLAG_2028)
    presisering = web_page_pdf(project / "source_pdfs" / "Presiseringsdokument ISF 2028.pdf",
                               "Presiseringsdokument ISF 2028",
                               [("p", "Enhetsprisen for somatikk er 53 000 kroner i 2028."),
                                ("p", "Enhetsprisen per ISF-poeng i somatikk 2026 er 56 000 kroner.")])
    ids = add_documents(grunnlag, presisering)
    before = (project / "params" / "enhetspris.yaml").read_bytes()
    result = tracker("propose", *ids, "--apply")
    assert result.exit_code == 1, result.output
    assert "enhetspris.somatikk 2028, the value: the documents disagree" in result.stdout
    assert "52248 — isf-2028-grunnlagsdokument §2.1 Somatikk" in result.stdout
    assert "53000 — isf-2028-presiseringsdokument" in result.stdout
    # A value the rules have already is never changed: the other 2026 figure is a conflict with the rules.
    assert "enhetspris.somatikk 2026, the value: the text disagrees with the rules" in result.stdout
    assert "55704 — params/enhetspris.yaml:" in result.stdout
    prices = load("enhetspris")["enhetspris.somatikk"]["values"]
    assert 2028 not in prices and prices[2026]["value"] == 55704
    # The rest of the proposal is applied: the phv price no document disputes.
    assert load("enhetspris")["enhetspris.phv_tsb"]["values"][2028]["value"] == 4105
    assert before != (project / "params" / "enhetspris.yaml").read_bytes()


def test_a_value_the_check_would_reject_is_listed_not_written(project: Path) -> None:
    # A price from 1 July: the pattern reads the year, not the date, and an entry from 1 January quoting
    # "fra 1. juli" is what the check rejects (quote-value), so the proposal is taken back and said why.
    web = web_page_pdf(project / "source_pdfs" / "Presiseringsdokument ISF 2028.pdf", "Presiseringsdokument ISF 2028",
                       [("p", "Enhetsprisen for somatikk er 52 248 kroner fra 1. juli 2028."),
                        ("p", "Enhetsprisen for psykisk helsevern og TSB er 4 105 kroner i 2028.")])
    add_documents(web)
    result = propose(None, config="checks/settings.yaml", apply=True)
    assert [p.param for p in result.proposals] == ["enhetspris.phv_tsb"]
    assert result.exit_code == 1
    (rejected,) = result.unresolved
    assert rejected.quote == "Enhetsprisen for somatikk er 52 248 kroner fra 1. juli 2028"
    assert rejected.reason.startswith("enhetspris.somatikk 2028 was drafted, but the check objects: quote-value:")
    assert "from 1. juli" in rejected.reason
    assert 2028 not in load("enhetspris")["enhetspris.somatikk"]["values"]
    assert load("enhetspris")["enhetspris.phv_tsb"]["values"][2028]["value"] == 4105


def test_a_fact_about_a_parameter_that_does_not_exist_is_listed_not_invented(project: Path) -> None:
    (project / "params" / "respirator.yaml").unlink()
    deck = deck_pdf(project / "source_pdfs" / "Informasjonsmøte ISF 2029.pdf", [
        ("Informasjonsmøte ISF 2029", ["Helsedirektoratet, oktober 2028"]),
        ("Koder for varighet av respiratorbehandling", ["WWGX04 Varighet av respiratorbehandling ≥ 30 dager"])])
    add_documents(deck)
    result = tracker("propose", "--apply")
    assert result.exit_code == 1
    assert "there is no parameter respirator.varighetskoder: a new parameter is a person's decision" in result.stdout
    assert "«WWGX04 Varighet av respiratorbehandling ≥ 30 dager»" in result.stdout
    assert not (project / "params" / "respirator.yaml").exists()


def test_a_document_with_nothing_new_gives_an_empty_proposal(project: Path) -> None:
    # The committed corpus' newest document: every fact it states is in the rules.
    result = tracker("propose")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "Nothing to propose: the rules already hold every fact isf-2027-presentasjon states." in result.stderr
    # A new document repeating known figures, for a year that has its values.
    web = web_page_pdf(project / "source_pdfs" / "Presiseringsdokument ISF 2027.pdf", "Presiseringsdokument ISF 2027",
                       [("p", "Enhetsprisen per ISF-poeng i somatikk 2026 er 55 704 kroner.")])
    assert add_documents(web) == ["isf-2027-presiseringsdokument"]
    account = json.loads(tracker("propose", "isf-2027-presiseringsdokument", "--json").stdout)
    assert account["proposals"] == [] and account["conflicts"] == [] and account["diff"] == ""
    assert account["facts"] == account["agreed"] == 1


def test_diff_changes_no_file(project: Path) -> None:
    pdf = report_pdf(project / "source_pdfs" / "ISF 2028 Grunnlagsdokument.pdf", GRUNNLAG_2028)
    add_documents(pdf)
    before = fingerprint_tree(project)
    shown = tracker("propose", "--diff")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("--- a/params/")
    assert "Nothing was written; `tracker propose --apply` writes this diff." in shown.stderr
    assert tracker("propose").stdout == shown.stdout  # --diff is the default, and the output deterministic
    assert fingerprint_tree(project) == before


def test_bad_input_exits_2_naming_it(project: Path) -> None:
    unknown = tracker("propose", "isf-2099-grunnlagsdokument")
    assert unknown.exit_code == 2
    assert "isf-2099-grunnlagsdokument: no such document" in unknown.stderr
    broken = project / "params" / "npr.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("    unit: table", "    unit: [table", 1),
                      encoding="utf-8")
    bad = tracker("propose")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: ") and "npr.yaml:" in bad.stderr and "Traceback" not in bad.output


# -- real figures: values the editors wrote, taken out and proposed again ------------------------------


def _drop_entry(path: Path, param: str, key: str) -> None:
    """Remove one value entry (its lines) from a parameter file, by the file's own indentation."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start_param = lines.index(f"  {param}:")
    start = next(i for i in range(start_param, len(lines)) if lines[i] == f"      {key}:")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].startswith("       ")),
               len(lines))
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")


def test_values_taken_out_of_the_rules_are_proposed_as_the_editors_wrote_them(project: Path) -> None:
    editors = load_parameters(PARAMS_DIR)
    _drop_entry(project / "params" / "isf_andel.yaml", "isf_andel.somatikk", "2025")
    _drop_entry(project / "params" / "aktivitetsgrunnlag.yaml", "aktivitetsgrunnlag.somatikk", "2025")
    _drop_entry(project / "params" / "grupper.yaml", "grupper.endringer", "2025")
    result = propose(["isf-2025-grunnlagsdokument"], config="checks/settings.yaml")
    proposed = {p.param: p for p in result.proposals}
    assert set(proposed) == {"isf_andel.somatikk", "aktivitetsgrunnlag.somatikk", "grupper.endringer"}
    assert proposed["isf_andel.somatikk"].value == editors["isf_andel.somatikk"].value_at(2025) == 30
    # The editors' two passages are among its citations; a slide that names no area supports it too.
    quotes = [c["quote"] for c in proposed["isf_andel.somatikk"].all_citations]
    assert {"ISF-andel for somatikken endres til 30 prosent i 2025",
            "ISF-andel endres, og er satt til 30 prosent i 2025"} <= set(quotes)
    unstated = [e for e in proposed["isf_andel.somatikk"].all_evidence if e.section == "Justering i kostnadsvekter"]
    assert unstated and "only isf_andel.somatikk has this value" in unstated[0].describe()
    by_editors = [(r["unit_type"], r["activity_type"], r["activities"], r["refund"])
                  for r in editors["aktivitetsgrunnlag.somatikk"].value_at(2025)]
    assert [(r["unit_type"], r["activity_type"], r["activities"], r["refund"])
            for r in proposed["aktivitetsgrunnlag.somatikk"].value] == by_editors
    groups = [{k: r.get(k) for k in ("system", "code", "change", "with_financing")}
              for r in proposed["grupper.endringer"].value]
    written = [{k: r.get(k) for k in ("system", "code", "change", "with_financing")}
               for r in editors["grupper.endringer"].value_at(2025)]
    assert groups == written[:7]
    # The eighth, HT04, the editors took from the text of §6.14: no table states it, so the count in §7.3
    # stays open, said in the check's words.
    assert [u.quote for u in result.unresolved] == ["Det opprettes en ny TFG med finansiering for 2025:"]
    assert "TFG opprettes med finansiering: none" in result.unresolved[0].reason


# -- the pieces ------------------------------------------------------------------------------------------


def test_activities_are_split_as_the_editors_split_them() -> None:
    params = load_parameters(PARAMS_DIR)
    rows = [r for name in ("aktivitetsgrunnlag.somatikk", "aktivitetsgrunnlag.phv_tsb")
            for v in params[name].values for r in v.value]
    assert len(rows) > 20
    for row in rows:
        assert split_activities(row["activity_type"]) == row["activities"], row["activity_type"]


def test_an_entry_is_inserted_in_date_order_and_nothing_else_moves() -> None:
    text = (PARAMS_DIR / "isf_andel.yaml").read_text(encoding="utf-8")
    cite = {"doc": "isf-2028-grunnlagsdokument", "section": "2.1", "section_id": "s-2.1", "title": "Somatikk",
            "quote": "ISF-andelen for somatikk er 35 prosent i 2028"}
    edits = [EntryEdit("isf_andel.somatikk", dt.date(2028, 1, 1), new_entry={"value": 35, "cite": [cite]}),
             EntryEdit("isf_andel.somatikk", dt.date(2024, 7, 1), new_entry={"value": 38, "cite": [cite]})]
    edited = edit_parameter_file(text, "isf_andel.yaml", edits)
    added = [line for line in edited.text.split("\n")]
    for line in text.split("\n"):
        added.remove(line)
    assert added[0] == "      2024-07-01:" and added.count("        value: 35") == 1
    values = yaml.safe_load(edited.text)["parameters"]["isf_andel.somatikk"]["values"]
    assert list(values) == [2024, dt.date(2024, 7, 1), 2025, 2028]
    assert values[2028] == {"value": 35, "cite": [cite]}
    assert edited.text.split("\n")[edited.entry_lines[("isf_andel.somatikk", dt.date(2028, 1, 1))] - 1] == "      2028:"


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_every_string_is_written_so_it_reads_back(text: str) -> None:
    assert yaml.safe_load(f"quote: {scalar(text)}") == {"quote": text}
    assert yaml.safe_load(f"- {{a: {scalar(text)}, b: 1}}") == [{"a": text, "b": 1}]


# -- the site ------------------------------------------------------------------------------------------


def test_year_page_shows_values_proposed_but_not_in_the_rules(project: Path) -> None:
    from tracker.check import run_check
    from tracker.propose.drafts import Drafts, draft_values
    from tracker.site.data import SiteData
    from tracker.site.pages.years import render_year_pages, year_news
    from tracker.store import load_all

    add_documents(report_pdf(project / "source_pdfs" / "ISF 2028 Grunnlagsdokument.pdf", GRUNNLAG_2028))
    docs = load_all(Path("extracted"))
    params = load_parameters(project / "params")

    def pages(report: Any) -> dict[str, str]:
        # What the build's propose stage hands the site: drafted once from the check's findings.
        registry = Registry.load()
        drafts = draft_values(report, docs, Path("checks/settings.yaml"), registry.lineage_of)
        assert Drafts.from_dict(json.loads(json.dumps(drafts.to_dict()))) == drafts  # the artifact reads back
        data = SiteData(documents=docs, repo_root=project, registry=registry,
                        parameters=list(load_parameters(project / "params").values()), check=report, drafts=drafts)
        return {p.path: p.markdown for p in render_year_pages(data, year_news(data, []))}

    before = pages(run_check(Path("extracted"), config="checks/settings.yaml"))
    page = " ".join(before["nytt/2028.md"].split())  # the site writes numbers with no-break spaces
    assert "## Foreslått, ikke i reglene ennå { #foreslatt }" in page
    assert "fra 1. januar 2028: **52 248 kr**" in page
    assert "«Enhetsprisen for somatikk er 52 248 kroner i 2028»" in page
    assert "fra 1. januar 2028: **35 %**" in page
    assert "Rapporteringsfrister til NPR](../regler/npr-rapporteringsfrister.md) fra 1. januar 2028: **3 rader" in page
    assert "foreslatt" not in before["nytt/2025.md"]  # a year whose rules are in
    # Once the values are in the rules, nothing is proposed any more.
    propose(None, config="checks/settings.yaml", apply=True)
    assert params != load_parameters(project / "params")
    after = pages(run_check(Path("extracted"), config="checks/settings.yaml"))
    assert "foreslatt" not in after["nytt/2028.md"]
