"""`tracker check` on a copy of the extracted corpus with one thing changed at a time.

Each test pins the copy first (as a person would after reading it), records what the check reports
then, changes one thing — a percentage in a cited section, a code in the særkoder table, a parameter
value, a deleted section, a new year's document — and asserts the new findings name both the code
side (file:line) and the text side (document, section). The comparison is against the baseline of
the same copy, so the tests hold whatever the extractor's current quality on the scanned 2024 document.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.check_corpus import CheckCorpus
from tracker.check import CheckInputError, Finding, review, run_check
from tracker.check.text import find_quote, fingerprint, normalise
from tracker.model import Document
from tracker.rules.params import PARAMS_DIR

REPO = Path(__file__).resolve().parent.parent
EXTRACTED = REPO / "extracted"
DOC_2025 = "isf-2025-grunnlagsdokument"
DOC_2027 = "isf-2027-presentasjon"

pytestmark = pytest.mark.skipif(
    not (EXTRACTED / f"{DOC_2025}.json").exists(), reason="extracted/ is not populated (run `tracker extract`)"
)


class Corpus(CheckCorpus):
    """A private copy of extracted/ with its own pins (and, on request, its own parameters)."""

    def __init__(self, tmp: Path) -> None:
        super().__init__(tmp, tmp / "pins.yaml")

    def own_parameters(self) -> Path:
        target = self.tmp / "params"
        shutil.copytree(PARAMS_DIR, target)
        self.config = replace(self.config, params_dir=target)
        return target

    def pin_all(self) -> None:
        review(all_citations=True, extracted_dir=self.dir, config=self.config)


def _key(f: Finding) -> tuple:
    return (f.kind, f.citation, f.code_file, f.doc, f.section_id, f.message)


def _new(after: list[Finding], before: list[Finding]) -> list[Finding]:
    old = {_key(f) for f in before}
    return [f for f in after if _key(f) not in old]


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    c = Corpus(tmp_path)
    c.pin_all()
    return c


def _section(doc: Document, number: str):
    section = doc.section(number)
    assert section is not None, f"{doc.id} has no section {number} in extracted/ (extraction changed?)"
    return section


def test_pinned_copy_has_no_drift_on_the_well_extracted_documents(corpus: Corpus) -> None:
    findings = corpus.findings()
    drift = [f for f in findings if f.category == "drift" and f.doc in (DOC_2025, DOC_2027)]
    assert drift == [], [f.message for f in drift]
    assert not [f for f in findings if f.kind == "suspect"]


def test_changed_percentage_in_cited_section_fails_naming_both_sides(corpus: Corpus) -> None:
    before = corpus.findings()
    doc = corpus.doc(DOC_2025)
    section = _section(doc, "6.1")
    assert "30 prosent" in section.text
    section.text = section.text.replace("30 prosent", "35 prosent")
    corpus.save(doc)
    new = _new(corpus.findings(), before)
    kinds = {f.kind for f in new}
    assert {"suspect", "quote-missing", "fact-contradiction"} <= kinds, kinds
    suspect = next(f for f in new if f.kind == "suspect" and f.citation == "isf_andel.somatikk@2025/isf-2025-grunnlagsdokument/6.1")
    assert suspect.severity == "error" and suspect.category == "drift"
    assert suspect.code_file == "tracker/rules/params/isf_andel.yaml" and suspect.code_line
    assert suspect.doc == DOC_2025 and suspect.section.startswith("6.1")
    assert "[-30-]" in (suspect.diff or "") and "{+35+}" in (suspect.diff or "")
    assert "tracker review isf_andel.somatikk@2025/isf-2025-grunnlagsdokument/6.1" in (suspect.hint or "")
    contradiction = next(f for f in new if f.kind == "fact-contradiction")
    assert contradiction.category == "divergence"
    assert contradiction.code_file == "tracker/rules/params/isf_andel.yaml"
    assert contradiction.section.startswith("6.1") and "35" in contradiction.message and "30" in contradiction.message
    quote = next(f for f in new if f.kind == "quote-missing")
    assert "30" in quote.message and "35" in quote.message


def test_review_clears_a_suspect_citation_but_not_the_divergence(corpus: Corpus) -> None:
    doc = corpus.doc(DOC_2025)
    section = _section(doc, "6.1")
    section.text = section.text.replace("30 prosent", "35 prosent")
    corpus.save(doc)
    suspects = [f for f in corpus.findings() if f.kind == "suspect"]
    assert {f.citation for f in suspects} == {"isf_andel.somatikk@2025/isf-2025-grunnlagsdokument/6.1"}
    result = review(["isf_andel.somatikk@2025/isf-2025-grunnlagsdokument/6.1"], extracted_dir=corpus.dir, config=corpus.config)
    assert result.pinned == ["isf_andel.somatikk@2025/isf-2025-grunnlagsdokument/6.1"]
    after = corpus.findings()
    assert not [f for f in after if f.kind == "suspect"]
    # Re-pinning says a person looked; the code still contradicts the text.
    assert [f for f in after if f.kind == "fact-contradiction" and f.section and f.section.startswith("6.1")]


def test_changed_code_in_saerkoder_table_fails(corpus: Corpus) -> None:
    before = corpus.findings()
    doc = corpus.doc(DOC_2025)
    table_index = next(i for i, t in enumerate(doc.tables) if t.section == "7.4")
    table = doc.tables[table_index]
    row = next(r for r in table.rows if r[0] == "B0051")
    row[3] = "WWAA09"
    for record in doc.records:  # what a re-extraction reads from the changed table
        if record.table == table_index and record.fields.old_code == "B0051":
            record.fields.new_code = "WWAA09"
    corpus.save(doc)
    new = _new(corpus.findings(), before)
    contradiction = [f for f in new if f.kind == "fact-contradiction"]
    assert len(contradiction) == 1, [f.message for f in new]
    f = contradiction[0]
    assert "B0051" in f.message and "WWAA09" in f.message and "WWAA03" in f.message
    assert f.code_file == "tracker/rules/params/saerkoder.yaml" and f.code_line
    assert f.doc == DOC_2025 and f.section.startswith("7.4")
    # No citation quotes that row (pins are of the quoted sentence): the divergence above is what fails.
    assert not [f for f in new if f.kind == "suspect"]


def test_changed_parameter_value_fails(corpus: Corpus) -> None:
    params = corpus.own_parameters()
    before = corpus.findings()
    path = params / "isf_andel.yaml"
    text = path.read_text(encoding="utf-8")
    assert "        value: 30\n" in text
    path.write_text(text.replace("        value: 30\n", "        value: 35\n", 1), encoding="utf-8")
    new = _new(corpus.findings(), before)
    quote_value = [f for f in new if f.kind == "quote-value"]
    assert quote_value, [f.message for f in new]
    assert all(f.code_file.endswith("isf_andel.yaml") and f.doc == DOC_2025 for f in quote_value)
    assert "35" in quote_value[0].message and "30" in quote_value[0].message
    facts = [f for f in new if f.kind == "fact-contradiction"]
    assert facts and all(f.doc == DOC_2025 and f.code_file.endswith("isf_andel.yaml") for f in facts)
    assert not [f for f in new if f.kind == "suspect"]  # the text did not change


def test_changed_table_value_must_be_in_the_cited_text(corpus: Corpus) -> None:
    params = corpus.own_parameters()
    before = corpus.findings()
    path = params / "saerkoder.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("new_code: WWAA01", "new_code: WWAA07"),
                    encoding="utf-8")
    new = _new(corpus.findings(), before)
    missing = [f for f in new if f.kind == "value-not-in-text"]
    assert missing and "WWAA07" in missing[0].message and missing[0].section.startswith("7.4")
    assert any(f.kind == "fact-contradiction" and "B0044" in f.message for f in new)


def test_deleted_section_fails_naming_citation_and_section(corpus: Corpus) -> None:
    before = corpus.findings()
    doc = corpus.doc(DOC_2025)
    doc.sections = [s for s in doc.sections if s.number != "7.4"]
    corpus.save(doc)
    new = _new(corpus.findings(), before)
    missing = [f for f in new if f.kind == "section-missing"]
    assert {f.citation for f in missing} >= {"saerkoder.endringer@2025/isf-2025-grunnlagsdokument/7.4", "fn:replacement_code/isf-2025-grunnlagsdokument/7.4"}
    f = next(f for f in missing if f.citation == "fn:replacement_code/isf-2025-grunnlagsdokument/7.4")
    assert f.code_file == "tracker/rules/functions.py" and f.code_line
    assert "7.4" in f.message and DOC_2025 in f.message
    assert "tracker review fn:replacement_code/isf-2025-grunnlagsdokument/7.4" in (f.hint or "")


def test_new_years_document_without_values_is_a_calendar_gap(corpus: Corpus) -> None:
    before = corpus.findings()
    doc = corpus.doc(DOC_2025)
    doc.id, doc.year = "isf-2026-grunnlagsdokument", 2026
    corpus.save(doc)
    new = _new(corpus.findings(), before)
    gaps = {f.message.split(" has values")[0].rsplit(" ", 1)[-1] for f in new if f.kind == "calendar-gap"}
    assert {"isf_andel.somatikk", "isf_andel.phv_tsb", "aktivitetsgrunnlag.somatikk"} <= gaps
    assert "enhetspris.somatikk" not in gaps  # it has a 2026 value


def test_severities_are_configurable(corpus: Corpus) -> None:
    doc = corpus.doc(DOC_2025)
    section = _section(doc, "6.1")
    section.text = section.text.replace("30 prosent", "35 prosent")
    corpus.save(doc)
    corpus.config = replace(corpus.config, severity={"drift": "warning", "divergence": "error"})
    report = run_check(corpus.dir, config=corpus.config)
    assert all(f.severity == "warning" for f in report.findings if f.category == "drift")
    assert report.exit_code == 1  # the divergence still fails
    corpus.config = replace(corpus.config, severity={"drift": "warning", "divergence": "warning"})
    report = run_check(corpus.dir, config=corpus.config)
    assert report.findings and report.exit_code == 0


def test_report_is_deterministic_and_renders_every_format(corpus: Corpus) -> None:
    doc = corpus.doc(DOC_2025)
    _section(doc, "6.1").text = _section(doc, "6.1").text.replace("30 prosent", "35 prosent")
    corpus.save(doc)
    first = run_check(corpus.dir, config=corpus.config)
    assert first.to_json() == run_check(corpus.dir, config=corpus.config).to_json()
    data = json.loads(first.to_json())
    assert data["ok"] is False and any(f["kind"] == "suspect" for f in data["findings"])
    junit = ET.fromstring(first.to_junit().split("\n", 1)[1])
    suite = junit.find("testsuite")
    failing_cases = len({f.citation for f in first.errors if f.citation}) + len(
        [f for f in first.errors if not f.citation])
    assert suite is not None and int(suite.get("failures")) == failing_cases > 0
    assert int(suite.get("tests")) >= first.citations  # one case per citation, passing or not
    case = next(c for c in suite.iter("testcase") if c.get("name") == "isf_andel.somatikk@2025/isf-2025-grunnlagsdokument/6.1")
    assert case.find("failure") is not None and "35" in case.find("failure").text
    github = first.to_github().splitlines()
    assert any(line.startswith("::error file=tracker/rules/params/isf_andel.yaml,line=") for line in github)
    text = first.to_text()
    assert "FAILED:" in text and "diff: " in text


def test_bad_input_raises_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(CheckInputError, match="no such directory"):
        run_check(tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CheckInputError, match="no extracted documents"):
        run_check(empty)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "isf-x.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CheckInputError, match=r"isf-x\.json: not a readable extracted document"):
        run_check(broken)


def test_cli_exit_codes(corpus: Corpus, tmp_path: Path) -> None:
    from tracker.cli import app

    config_file = tmp_path / "check.yaml"
    config_file.write_text(f"pins: {corpus.config.pins_path}\nseverity: {{drift: warning, divergence: warning}}\n",
                           encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(app, ["check", "--extracted", str(corpus.dir), "--config", str(config_file)])
    assert ok.exit_code == 0, ok.output
    assert "OK: " in ok.output
    doc = corpus.doc(DOC_2025)
    _section(doc, "6.1").text = _section(doc, "6.1").text.replace("30 prosent", "35 prosent")
    corpus.save(doc)
    config_file.write_text(f"pins: {corpus.config.pins_path}\n", encoding="utf-8")
    junit = tmp_path / "report.xml"
    failed = runner.invoke(app, ["check", "--extracted", str(corpus.dir), "--config", str(config_file),
                                 "--format", "github", "--junit-file", str(junit)])
    assert failed.exit_code == 1
    assert "::error file=tracker/rules/params/isf_andel.yaml" in failed.output
    assert ET.parse(junit).getroot().tag == "testsuites"
    bad = runner.invoke(app, ["check", "--extracted", str(tmp_path / "missing")])
    assert bad.exit_code == 2
    no_args = runner.invoke(app, ["review", "--extracted", str(corpus.dir), "--config", str(config_file)])
    assert no_args.exit_code == 2
    cleared = runner.invoke(app, ["review", "isf_andel.somatikk@2025/isf-2025-grunnlagsdokument/6.1", "--extracted", str(corpus.dir),
                                  "--config", str(config_file)])
    assert cleared.exit_code == 0 and "pinned    isf_andel.somatikk@2025/isf-2025-grunnlagsdokument/6.1" in cleared.output


def test_coverage_lists_every_section_once(corpus: Corpus) -> None:
    report = run_check(corpus.dir, config=corpus.config)
    doc = corpus.doc(DOC_2025)
    rows = [r for r in report.coverage if r.doc == DOC_2025]
    assert [r.section_id for r in rows] == [s.id for s in doc.sections]
    by_id = {r.section_id: r for r in rows}
    assert by_id[_section(doc, "7.4").id].status == "implemented"
    assert "saerkoder.endringer@2025/isf-2025-grunnlagsdokument/7.4" in by_id[_section(doc, "7.4").id].by
    assert {r.status for r in report.coverage} <= {"implemented", "not-applicable", "pending"}


def test_quotes_survive_ocr_noise_but_not_a_changed_number() -> None:
    text = "ISF-andelen er foreslatt uendret og vil vaere 40 prosent i 2024."
    assert find_quote("ISF-andelen er foreslått uendret og vil være 40 prosent i 2024", text, 90).found
    changed = find_quote("ISF-andelen er foreslått uendret og vil være 45 prosent i 2024", text, 90)
    assert not changed.found and changed.differing == (("45",), ("40",))


def test_fingerprint_ignores_layout_but_not_words() -> None:
    a = "Særkodene utgår som eget kodeverk og flere koder erstattes av prosedyreko-\ndene."
    assert fingerprint(a) == fingerprint("Særkodene  utgår som eget kodeverk og flere koder erstattes av prosedyrekodene")
    assert fingerprint(a) != fingerprint(a.replace("flere", "noen"))
    assert normalise("≥ 1 dag og <3 dager") == "≥ 1 dag og < 3 dager"


class _FakeLineages:
    """A lineage registry in the shape of tracker.align.lineage.Registry: §7.4 of 2025 is lineage L-saer."""

    def __init__(self, where: tuple[str, str]) -> None:
        self.where = where

    def lineage_of(self, doc: str, section_id: str) -> str | None:
        return "saerkoder" if (doc, section_id) == (DOC_2025, "s-7.4") else None

    def members(self, lineage: str) -> list[tuple[str, str]]:
        return [self.where] if lineage == "saerkoder" else []


def test_vanished_section_says_where_its_lineage_went(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path)
    doc = corpus.doc(DOC_2025)
    section = _section(doc, "7.4")
    assert section.id == "s-7.4"
    target = _section(doc, "7.3")
    review(all_citations=True, extracted_dir=corpus.dir, config=corpus.config,
           lineage_registry=_FakeLineages((DOC_2025, target.id)))
    assert "lineage: saerkoder" in corpus.config.pins_path.read_text(encoding="utf-8")
    doc.sections = [s for s in doc.sections if s.number != "7.4"]
    corpus.save(doc)
    report = run_check(corpus.dir, config=corpus.config, lineage_registry=_FakeLineages((DOC_2025, target.id)))
    moved = [f for f in report.findings if f.kind == "section-missing" and "saerkoder" in (f.citation or "")]
    assert moved and all("lineage saerkoder is now at isf-2025-grunnlagsdokument §7.3" in f.message for f in moved)


def test_review_writes_pins_deterministically_and_drops_stale_ones(corpus: Corpus) -> None:
    first = corpus.config.pins_path.read_bytes()
    result = review(all_citations=True, extracted_dir=corpus.dir, config=corpus.config)
    assert result.pinned == [] and result.unchanged
    assert corpus.config.pins_path.read_bytes() == first
    text = first.decode("utf-8").replace("pins:\n", "pins:\n  gone.parameter@2020/x/1:\n    doc: x\n    section_id: s-1\n"
                                         "    title: t\n    page: 1\n    fingerprint: sha256:00\n", 1)
    corpus.config.pins_path.write_text(text, encoding="utf-8")
    assert review(all_citations=True, extracted_dir=corpus.dir, config=corpus.config).dropped == [
        "gone.parameter@2020/x/1"]
    assert corpus.config.pins_path.read_bytes() == first


def test_cli_coverage(corpus: Corpus, tmp_path: Path) -> None:
    from tracker.cli import app

    config_file = tmp_path / "check.yaml"
    config_file.write_text(f"pins: {corpus.config.pins_path}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["coverage", "--extracted", str(corpus.dir), "--config", str(config_file),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["doc"] for r in rows} == {p.stem for p in corpus.dir.glob("*.json")}
    assert any(r["status"] == "implemented" and r["doc"] == DOC_2025 for r in rows)


def test_ignore_silences_one_finding_and_reports_stale_entries(corpus: Corpus) -> None:
    doc = corpus.doc(DOC_2025)
    _section(doc, "6.1").text = _section(doc, "6.1").text.replace("30 prosent", "35 prosent")
    corpus.save(doc)
    corpus.config = replace(corpus.config, ignore=[
        {"doc": DOC_2025, "section": "6.1", "kind": "fact-contradiction", "reason": "a test"},
        {"doc": DOC_2025, "section": "9.9", "reason": "matches nothing"},
    ])
    findings = corpus.findings()
    assert not [f for f in findings if f.kind == "fact-contradiction" and f.section and f.section.startswith("6.1")]
    stale = [f for f in findings if f.kind == "stale-ignore"]
    assert len(stale) == 1 and "matches nothing" in stale[0].message and stale[0].severity == "warning"


def test_codes_on_ocr_pages_tolerate_ocr_confusions_only(corpus: Corpus) -> None:
    doc = corpus.doc(DOC_2025)
    table = next(t for t in doc.tables if t.section == "7.4")
    row = next(r for r in table.rows if r[0] == "B0044")
    section_page = _section(doc, "7.4").page
    doc.page_info = [p.model_copy(update={"source": "re-ocr"}) if p.page == section_page else p
                     for p in doc.page_info]
    row[3] = "WWAAO1"  # the letter O for the digit 0, as OCR reads it
    corpus.save(doc)
    assert not [f for f in corpus.findings() if f.kind == "value-not-in-text" and "WWAA01" in f.message]
    row[3] = "WWAA07"  # a different code is a different code, OCR or not
    corpus.save(doc)
    assert [f for f in corpus.findings() if f.kind == "value-not-in-text" and "WWAA01" in f.message]


def test_a_cited_uendret_closes_the_calendar_gap(corpus: Corpus) -> None:
    params = corpus.own_parameters()
    doc = corpus.doc(DOC_2025)
    doc.id, doc.year = "isf-2026-grunnlagsdokument", 2026
    corpus.save(doc)
    assert any(f.kind == "calendar-gap" and "isf_andel.phv_tsb" in f.message for f in corpus.findings())
    path = params / "isf_andel.yaml"
    text = path.read_text(encoding="utf-8")
    addition = (  # isf_andel.phv_tsb is the file's last parameter: its values end the file
        "      2026:\n        unchanged: true\n        cite:\n          - doc: isf-2026-grunnlagsdokument\n"
        "            section: \"5.1\"\n            quote: ISF-andelen er foreslått uendret\n"
    )
    path.write_text(text.rstrip("\n") + "\n" + addition, encoding="utf-8")
    findings = corpus.findings()
    assert not any(f.kind == "calendar-gap" and "isf_andel.phv_tsb" in f.message for f in findings)
    assert any(f.kind == "calendar-gap" and "isf_andel.somatikk" in f.message for f in findings)


def test_quote_dates_and_codes_must_match_the_value(corpus: Corpus) -> None:
    params = corpus.own_parameters()
    before = corpus.findings()
    egenandel = params / "egenandelsfritak.yaml"
    egenandel.write_text(egenandel.read_text(encoding="utf-8").replace("2026-08-01:", "2026-09-01:"), encoding="utf-8")
    respirator = params / "respirator.yaml"
    respirator.write_text(respirator.read_text(encoding="utf-8").replace("code: WWGX02", "code: WWGX12"),
                          encoding="utf-8")
    new = [f for f in _new(corpus.findings(), before) if f.kind == "quote-value"]
    messages = " | ".join(f.message for f in new)
    assert "from 1. august" in messages and "egenandelsfritak.alle.aldre" in messages
    assert "names WWGX02, which the value does not have" in messages
    assert {Path(f.code_file).name for f in new} == {"egenandelsfritak.yaml", "respirator.yaml"}
    assert all(f.code_line and f.doc == DOC_2027 for f in new)


def test_cli_default_settings_path_is_the_library_default() -> None:
    from tracker.check.config import DEFAULT_CONFIG_PATH
    from tracker.cli import check as cli_check
    from tracker.paths import CHECK_SETTINGS_PATH

    assert cli_check.CHECK_SETTINGS_PATH == DEFAULT_CONFIG_PATH == CHECK_SETTINGS_PATH


def test_bundled_corpus_passes_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """`tracker check` on the committed extracted/, rules and pins, as CI runs it. When this fails after a
    re-extraction, the report says what changed: read the diffs, then `tracker review --all`."""
    from tracker.cli import app

    monkeypatch.chdir(REPO)  # the settings name checks/pins.yaml relative to the repository
    result = CliRunner().invoke(app, ["check", "--extracted", str(EXTRACTED),
                                      "--config", str(REPO / "checks" / "settings.yaml")])
    assert result.exit_code == 0, result.output
