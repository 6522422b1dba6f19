"""Pins on the quoted span: a citation is suspect when the sentence it quotes changed, not the section.

The tests run `tracker check` on a copy of the extracted corpus with the committed pins
(checks/pins.yaml), change one thing in a cited section and look at which citations turn suspect.
They also cover reading a version 1 pin file (whole-section pins) and malformed pin files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.check_corpus import CheckCorpus
from tracker.check import CheckConfig, CheckInputError, Finding, review, run_check
from tracker.check.text import fingerprint, section_text

REPO = Path(__file__).resolve().parent.parent
EXTRACTED = REPO / "extracted"
PINS = REPO / "checks" / "pins.yaml"
DOC_2024 = "isf-2024-grunnlagsdokument"
DOC_2025 = "isf-2025-grunnlagsdokument"

# The citations of §3 of the 2025 grunnlagsdokument (tracker/rules/params/*.yaml, section_id: s-3).
SOMATIKK_3 = "isf_andel.somatikk@2025/isf-2025-grunnlagsdokument/3"
PHV_TSB_3 = "isf_andel.phv_tsb@2025/isf-2025-grunnlagsdokument/3"
UNGE_VOKSNE_3 = "egenandelsfritak.phv_tsb.til_og_med_aaret_de_fyller@2025/isf-2025-grunnlagsdokument/3"

pytestmark = pytest.mark.skipif(
    not (EXTRACTED / f"{DOC_2025}.json").exists(), reason="extracted/ is not populated (run `tracker extract`)"
)


class Corpus(CheckCorpus):
    """A private copy of extracted/ with a copy of the committed pins."""

    def __init__(self, tmp: Path) -> None:
        self.pins = tmp / "pins.yaml"
        shutil.copy(PINS, self.pins)
        super().__init__(tmp, self.pins)

    def edit(self, doc_id: str, section_id: str, old: str, new: str) -> None:
        """Replace ``old`` (which must occur once in the section) by ``new``."""
        doc = self.doc(doc_id)
        section = next(s for s in doc.sections if s.id == section_id)
        assert section.text.count(old) == 1, f"{old!r} is not once in {doc_id} {section_id} (extraction changed?)"
        section.text = section.text.replace(old, new)
        self.save(doc)

    def suspects(self) -> dict[str, Finding]:
        return {f.citation: f for f in self.findings() if f.kind == "suspect" and f.citation}


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    c = Corpus(tmp_path)
    assert c.suspects() == {}, "the committed pins do not match extracted/ (run `tracker check`)"
    return c


def _cli(*args: str) -> object:
    from tracker.cli import app

    return CliRunner().invoke(app, list(args))


# -- the bar: one number changed in a section with several citations ---------------------------------


def test_only_the_citation_whose_sentence_holds_the_changed_number_is_suspect(corpus: Corpus) -> None:
    corpus.edit(DOC_2025, "s-3", "endres til 30 prosent i 2025", "endres til 35 prosent i 2025")
    suspects = corpus.suspects()
    assert set(suspects) == {SOMATIKK_3}, list(suspects)
    finding = suspects[SOMATIKK_3]
    assert "[-30-]" in finding.diff and "{+35+}" in finding.diff, finding.diff
    # The diff is of the quoted sentence: the sentences around it are not part of it.
    assert "uendret" not in finding.diff and "egenandelsfritak" not in finding.diff
    assert "the sentence it quotes" in finding.message and "editorial" not in finding.message
    assert finding.section_id == "s-3" and finding.code_file == "tracker/rules/params/isf_andel.yaml"


def test_a_number_changed_in_a_sentence_no_citation_quotes_makes_nothing_suspect(corpus: Corpus) -> None:
    corpus.edit(DOC_2025, "s-3", "justeringer i ISF for 2025, blant", "justeringer i ISF for 2026, blant")
    assert corpus.suspects() == {}


def test_a_change_in_the_quoted_sentence_outside_the_quote_is_suspect(corpus: Corpus) -> None:
    # The quote starts at "egenandelsfritak"; the negation is before it, in the same sentence.
    corpus.edit(DOC_2025, "s-3", "Det er innført et egenandelsfritak", "Det er ikke innført et egenandelsfritak")
    suspects = corpus.suspects()
    assert set(suspects) == {UNGE_VOKSNE_3}, list(suspects)
    assert "{+ikke+}" in suspects[UNGE_VOKSNE_3].diff
    assert not [f for f in corpus.findings() if f.kind == "quote-missing" and f.citation == UNGE_VOKSNE_3]


def test_review_re_pins_the_changed_sentence(corpus: Corpus) -> None:
    corpus.edit(DOC_2025, "s-3", "endres til 30 prosent i 2025", "endres til 35 prosent i 2025")
    result = review([SOMATIKK_3], extracted_dir=corpus.dir, config=corpus.config)
    assert result.pinned == [SOMATIKK_3]
    assert corpus.suspects() == {}
    assert "span: ISF-andel for somatikken endres til 35 prosent i 2025." in corpus.pins.read_text(encoding="utf-8")


def test_on_an_ocr_page_the_quote_is_found_approximately_and_pins_its_sentence(corpus: Corpus) -> None:
    doc = corpus.doc(DOC_2024)
    section = doc.section("4.1")
    assert section is not None and section.id == "s-4.1"
    assert {p.source for p in doc.page_info if p.page == section.page} == {"re-ocr"}
    # As an English-only OCR reads it: the quote "ISF-andelen er foreslått uendret" is found only approximately.
    corpus.edit(DOC_2024, "s-4.1", "ISF-andelen er foreslått uendret.", "ISF-andelen er foreslatt uendret.")
    review(all_citations=True, extracted_dir=corpus.dir, config=corpus.config)
    quoted = "isf_andel.phv_tsb@2024/isf-2024-grunnlagsdokument/4.1"
    assert "span: ISF-andelen er foreslatt uendret." in corpus.pins.read_text(encoding="utf-8")
    corpus.edit(DOC_2024, "s-4.1", "videreføres i 2024 uten", "videreføres i 2025 uten")
    assert corpus.suspects() == {}
    corpus.edit(DOC_2024, "s-4.1", "ISF-andelen er foreslatt uendret.", "ISF-andelen er foreslatt endret.")
    suspects = corpus.suspects()
    assert set(suspects) == {quoted}, list(suspects)
    assert "[-uendret-]" in suspects[quoted].diff and "{+endret+}" in suspects[quoted].diff


# -- version 1 pin files ------------------------------------------------------------------------------


def _v1_pin(key: str, doc: str, section_id: str, fingerprint_: str) -> str:
    return (f"  {key}:\n    doc: {doc}\n    section_id: {section_id}\n    title: OVERORDNET OM ISF-UTVIKLING\n"
            f"    page: 4\n    fingerprint: {fingerprint_}\n    section: '3'\n")


def test_a_version_1_file_is_upgraded_where_the_section_still_reads_as_pinned(corpus: Corpus) -> None:
    doc = corpus.doc(DOC_2025)
    section = next(s for s in doc.sections if s.id == "s-3")
    now = section_text(doc, section)
    before = now.replace("30 prosent", "25 prosent")  # what §3 read when PHV_TSB_3 was pinned
    # A version 1 file as `tracker review` wrote it: the section's fingerprint, the text once per fingerprint.
    v1 = ("version: 1\npins:\n"
          + _v1_pin(PHV_TSB_3, DOC_2025, "s-3", fingerprint(before))
          + _v1_pin(SOMATIKK_3, DOC_2025, "s-3", fingerprint(now))
          + f"texts:\n  {fingerprint(before)}: {json.dumps(before)}\n  {fingerprint(now)}: {json.dumps(now)}\n")
    corpus.pins.write_text(v1, encoding="utf-8")

    suspects = corpus.suspects()
    assert SOMATIKK_3 not in suspects  # its section reads as pinned: now a pin of its sentence
    old = suspects[PHV_TSB_3]  # its section changed since: suspect, with the diff of the whole section
    assert "version 1" in old.message and "[-25-]" in old.diff and "{+30+}" in old.diff

    # Any review writes version 2; the pin that was not upgraded stays a suspect section pin.
    review([SOMATIKK_3], extracted_dir=corpus.dir, config=corpus.config)
    written = corpus.pins.read_text(encoding="utf-8")
    assert "version: 2\n" in written and "texts:" not in written
    assert "span: ISF-andel for somatikken endres til 30 prosent i 2025.\n" in written
    assert written.count("scope: section") == 1
    assert set(corpus.suspects()) >= {PHV_TSB_3}
    review([PHV_TSB_3], extracted_dir=corpus.dir, config=corpus.config)
    assert PHV_TSB_3 not in corpus.suspects()
    assert "scope: section" not in corpus.pins.read_text(encoding="utf-8")


def test_the_committed_pins_are_version_2_and_one_per_citation() -> None:
    import yaml

    data = yaml.safe_load(PINS.read_text(encoding="utf-8"))
    assert data["version"] == 2
    report = run_check(EXTRACTED, config=CheckConfig(pins_path=PINS, coverage_path=REPO / "checks" / "coverage.yaml"))
    assert sorted(data["pins"]) == sorted(report.citation_keys)
    assert all(p.get("scope", "span") == "span" and p["span"] for p in data["pins"].values())


# -- malformed pin files ------------------------------------------------------------------------------


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(("content", "line", "problem"), [
    ("version: 2\npins: 5\n", 2, "pins: Input should be a valid dictionary"),
    ("version: 1\npins: 5\ntexts: {}\n", 2, "pins: Input should be a valid dictionary"),
    ("version: 1\npins: {}\ntexts: [a]\n", 3, "texts: Input should be a valid dictionary"),
    ("version: 2\npins:\n  a: {doc: x}\n", 3, "pins.a.section_id: Field required"),
    ("version: 2\npins:\n  a:\n    doc: x\n    section_id: s-1\n    title: t\n    page: one\n    fingerprint: f\n",
     7, "pins.a.page: Input should be a valid integer"),
    ("version: 2\npins: {}\nextra: 1\n", 3, "extra: Extra inputs are not permitted"),
    ("# pins\nversion: 3\npins: {}\n", 2, "unknown pins version 3"),
    ("- a\n- b\n", 1, "expected a mapping"),
])
def test_a_malformed_pin_file_is_one_line_naming_file_and_line(tmp_path: Path, content: str, line: int,
                                                                problem: str) -> None:
    pins = tmp_path / "pins.yaml"
    pins.write_text(content, encoding="utf-8")
    with pytest.raises(CheckInputError) as info:
        run_check(EXTRACTED, config=CheckConfig(pins_path=pins))
    message = str(info.value)
    assert message.startswith(f"{pins}:{line}: ") and problem in message, message
    assert "\n" not in message


def test_cli_names_the_pin_file_and_line_without_a_traceback(tmp_path: Path) -> None:
    pins = tmp_path / "pins.yaml"
    settings = tmp_path / "settings.yaml"
    settings.write_text(f"pins: {pins}\n", encoding="utf-8")
    pins.write_bytes("version: 2\npins:\n  a:\n    title: Særkoder\n".encode("latin-1"))  # not UTF-8
    for command in ("check", "review"):
        result = _cli(command, *(["--all"] if command == "review" else []), "--extracted", str(EXTRACTED),
                      "--config", str(settings))
        assert result.exit_code == 2, result.output
        assert result.output.splitlines() == [f"error: {pins}:4: not valid UTF-8 (byte 0xe6 at column 13); "
                                              "save the file as UTF-8"]
    pins.write_text("version: 2\npins: 5\n", encoding="utf-8")
    result = _cli("check", "--extracted", str(EXTRACTED), "--config", str(settings))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"error: {pins}:2: invalid pins file: pins:") and len(result.output.splitlines()) == 1


def test_a_pin_for_an_unknown_document_is_reported_not_taken_for_an_editorial_change(corpus: Corpus) -> None:
    text = corpus.pins.read_text(encoding="utf-8")
    assert text.count(f"doc: {DOC_2025}\n") > 1
    # The pin of SOMATIKK_3 names a document the corpus does not have (e.g. one that was renamed).
    start = text.index(f"  {SOMATIKK_3}:\n")
    text = text[:start] + text[start:].replace(f"doc: {DOC_2025}\n", "doc: isf-2023-grunnlagsdokument\n", 1)
    corpus.pins.write_text(text, encoding="utf-8")
    line = _line_of(text, f"  {SOMATIKK_3}:")
    findings = corpus.findings()
    stale = [f for f in findings if f.kind == "stale-pin"]
    assert len(stale) == 1 and stale[0].category == "drift"
    assert f"pins.yaml:{line}: pin {SOMATIKK_3} names document isf-2023-grunnlagsdokument" in stale[0].message
    assert not [f for f in findings if f.kind == "suspect"]  # not an editorial change of the text
    settings = corpus.pins.parent / "settings.yaml"
    settings.write_text(f"pins: {corpus.pins}\n", encoding="utf-8")
    result = _cli("check", "--extracted", str(corpus.dir), "--config", str(settings))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"pins.yaml:{line}: pin {SOMATIKK_3} names document isf-2023-grunnlagsdokument" in result.output
    # Re-pinning the citation (after reading it) is the way out.
    review([SOMATIKK_3], extracted_dir=corpus.dir, config=corpus.config)
    assert [f for f in corpus.findings() if f.kind in ("stale-pin", "suspect")] == []


def test_a_pin_for_a_section_the_document_does_not_have_names_the_pin(corpus: Corpus) -> None:
    text = corpus.pins.read_text(encoding="utf-8")
    start = text.index(f"  {SOMATIKK_3}:\n")
    text = text[:start] + text[start:].replace("section_id: s-3\n", "section_id: s-99\n", 1)
    corpus.pins.write_text(text, encoding="utf-8")
    line = _line_of(text, f"  {SOMATIKK_3}:")
    suspects = corpus.suspects()
    assert set(suspects) == {SOMATIKK_3}
    message = suspects[SOMATIKK_3].message
    assert f"pins.yaml:{line} names a section {DOC_2025} does not have" in message, message
    assert "editorial" not in message

