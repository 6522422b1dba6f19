"""Normalisation, fingerprints and quote matching: what counts as the same text for a pin."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.check import CheckConfig, CheckInputError, run_check
from tracker.check.pins import PinsError, PinStore
from tracker.check.text import (
    QuotedSpan,
    find_quote,
    fingerprint,
    normalise,
    quoted_span,
    render_diff,
    sentences,
)

REPO = Path(__file__).resolve().parent.parent

norwegian = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzæøåABCÆØÅ0123456789 .,-–%<≥\n")),
                    max_size=120)


@given(norwegian)
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(norwegian, st.sampled_from([" ", "\n", "  ", " \n "]))
def test_fingerprint_ignores_how_words_are_spaced(text: str, gap: str) -> None:
    words = text.split()
    assert fingerprint(" ".join(words)) == fingerprint(gap.join(words))


@given(st.lists(st.sampled_from(["ISF-andel", "endres", "til", "30", "prosent", "i", "2025", "somatikk"]),
                min_size=3, max_size=12))
def test_a_passage_of_a_text_is_found_in_it(words: list[str]) -> None:
    text = " ".join(words)
    quote = " ".join(words[1:-1]) or words[0]
    assert find_quote(quote, text, 90).found


def test_numbers_are_never_fuzzy() -> None:
    text = "Enhetsprisen per ISF-poeng i somatikk 2026 er 55 704 kroner"
    assert find_quote("Enhetsprisen per ISF-poeng i somatikk 2026 er 55 704 kroner", text, 90).found
    assert not find_quote("Enhetsprisen per ISF-poeng i somatikk 2026 er 55 705 kroner", text, 90).found
    assert not find_quote("Enhetsprisen per ISF-poeng i somatikk 2027 er 55 704 kroner", text, 90).found


def test_sentences_end_before_a_capital_only() -> None:
    paragraph = ("Det foreslås å øke bevilgningen med 142 mill. kroner fra 1. august, jf. punkt 8.2 i dette "
                 "dokumentet. Implementering er beskrevet nærmere i punkt 8.2. «Gi egenandelsfritak» gjelder alle.")
    assert sentences(paragraph) == [
        "Det foreslås å øke bevilgningen med 142 mill. kroner fra 1. august, jf. punkt 8.2 i dette dokumentet.",
        "Implementering er beskrevet nærmere i punkt 8.2.",
        "«Gi egenandelsfritak» gjelder alle.",
    ]


# §3 of the 2025 grunnlagsdokument as extracted: two paragraphs, the first of two sentences.
SECTION_3 = ("ISF-andel for somatikken endres til 30 prosent i 2025. ISF-andel i for psykisk helsevern og tverrfaglig "
             "spesialisert rusbehandling (TSB) er foreslått uendret fra 2024.\nDet er innført et egenandelsfritak "
             "for unge voksne i psykisk helsevern og TSB for aldersgruppen 18 til og med det året de fyller 26 år.")


def test_the_quoted_span_is_the_sentence_holding_the_quote() -> None:
    span = quoted_span("er foreslått uendret fra 2024", SECTION_3)
    assert span == QuotedSpan("ISF-andel i for psykisk helsevern og tverrfaglig spesialisert rusbehandling (TSB) er "
                              "foreslått uendret fra 2024.", "sentence")
    assert quoted_span("ISF-ANDEL FOR SOMATIKKEN endres til 30 prosent", SECTION_3).text == (
        "ISF-andel for somatikken endres til 30 prosent i 2025.")


def test_a_quote_over_a_sentence_end_takes_its_paragraph() -> None:
    span = quoted_span("30 prosent i 2025. ISF-andel i for psykisk helsevern", SECTION_3)
    assert span is not None and span.unit == "paragraph"
    assert span.text == SECTION_3.split("\n")[0]
    over_paragraphs = quoted_span("uendret fra 2024. Det er innført et egenandelsfritak", SECTION_3)
    assert over_paragraphs is not None and over_paragraphs.text == SECTION_3


def test_the_span_of_a_changed_or_misread_quote_is_its_closest_sentence() -> None:
    ocr = SECTION_3.replace("foreslått", "foreslatt").replace("året", "aret")
    assert quoted_span("er foreslått uendret fra 2024", ocr).text.endswith("er foreslatt uendret fra 2024.")
    changed = SECTION_3.replace("30 prosent", "35 prosent")
    assert quoted_span("ISF-andel for somatikken endres til 30 prosent i 2025", changed).text == (
        "ISF-andel for somatikken endres til 35 prosent i 2025.")
    spaced = "I 2024 var det seks særkoder. D e t  o p p r e t t e s  e n  n y  T F G."
    assert quoted_span("Det opprettes en ny TFG", spaced).text == "D e t  o p p r e t t e s  e n  n y  T F G."
    assert quoted_span("noe", " \n ") is None


def test_rendered_diff_shows_the_changed_number_with_context() -> None:
    diff = render_diff("ISF-andel endres, og er satt til 30 prosent i 2025.",
                       "ISF-andel endres, og er satt til 35 prosent i 2025.")
    assert "[-30-]" in diff.rendered and "{+35+}" in diff.rendered and "prosent" in diff.rendered
    assert diff.substantive is True


def test_malformed_pin_file_is_named(tmp_path: Path) -> None:
    pins = tmp_path / "pins.yaml"
    pins.write_text("version: 1\npins:\n  a: {doc: x}\n", encoding="utf-8")
    with pytest.raises(PinsError, match=r"pins\.yaml:3: invalid pins file: pins\.a\.section_id: Field required"):
        PinStore.load(pins)
    pins.write_text("pins: [\n", encoding="utf-8")
    with pytest.raises(CheckInputError, match=r"pins\.yaml:2: not valid YAML"):
        run_check(REPO / "extracted", config=CheckConfig(pins_path=pins))


def test_malformed_settings_are_named(tmp_path: Path) -> None:
    settings = tmp_path / "check.yaml"
    settings.write_text("severity: {drift: fatal}\n", encoding="utf-8")
    with pytest.raises(CheckInputError, match=r"check\.yaml:1: severity: severities must be 'error' or 'warning'"):
        run_check(REPO / "extracted", config=settings)
    settings.write_text("ignore:\n  - {kind: suspect}\n", encoding="utf-8")
    with pytest.raises(CheckInputError, match="every entry needs a 'reason'"):
        run_check(REPO / "extracted", config=settings)
