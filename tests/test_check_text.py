"""Normalisation, fingerprints and quote matching: what counts as the same text for a pin."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.check import CheckConfig, CheckInputError, run_check
from tracker.check.pins import PinsError, PinStore
from tracker.check.text import find_quote, fingerprint, normalise, render_diff

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


def test_rendered_diff_shows_the_changed_number_with_context() -> None:
    diff = render_diff("ISF-andel endres, og er satt til 30 prosent i 2025.",
                       "ISF-andel endres, og er satt til 35 prosent i 2025.")
    assert "[-30-]" in diff.rendered and "{+35+}" in diff.rendered and "prosent" in diff.rendered
    assert diff.substantive is True


def test_malformed_pin_file_is_named(tmp_path: Path) -> None:
    pins = tmp_path / "pins.yaml"
    pins.write_text("version: 1\npins:\n  a: {doc: x}\n", encoding="utf-8")
    with pytest.raises(PinsError, match=r"pins\.yaml: pin 'a'"):
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
