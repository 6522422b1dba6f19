"""Run-in heads (tracker.extract.lines.split_run_in_heads): a paragraph's first line that opens with
a few bold words ending in a full stop is split into the head and the rest of the paragraph."""

from __future__ import annotations

from tracker.extract.lines import Line, split_run_in_heads
from tracker.extract.words import Word


def _line(spec: list[tuple[str, bool | None, float | None]], top: float, x: float = 72.0) -> Line:
    """A line of words (text, bold or None for OCR, stroke) set 6 pt apart per character."""
    words = []
    for text, bold, stroke in spec:
        w = Word(text, x, top, x + 6 * len(text), top + 10, size=10.0, bold=bold, stroke=stroke)
        words.append(w)
        x = w.x1 + 3
    return Line(words, page=1, source_page_height=842.0)


def _plain(text: str, top: float) -> Line:
    return _line([(t, False, None) for t in text.split()], top)


def test_bold_words_ending_in_a_full_stop_are_a_head_of_their_own() -> None:
    before = _plain("Det er en setning som slutter her.", 100)
    run_in = _line([("Justering", True, None), ("i", True, None), ("kostnadsvekter.", True, None),
                    ("ISF-refusjon", False, None), ("baserer", False, None), ("seg", False, None)], 114)
    out = split_run_in_heads([before, run_in])
    assert [ln.text for ln in out] == ["Det er en setning som slutter her.", "Justering i kostnadsvekter",
                                       "ISF-refusjon baserer seg"]
    assert "run-in" in out[1].tags and "run-in-rest" in out[2].tags


def test_a_label_with_a_colon_and_a_line_inside_a_paragraph_stay_whole() -> None:
    label = _line([("Merk:", True, None), ("dette", False, None), ("gjelder", False, None)], 114)
    inside = _line([("Viktig.", True, None), ("Resten", False, None), ("av", False, None)], 128)
    before = _plain("en setning som går videre", 100)  # no sentence ends before `inside`
    assert [ln.text for ln in split_run_in_heads([_plain("Slutt.", 86), label])] == ["Slutt.", "Merk: dette gjelder"]
    assert [ln.text for ln in split_run_in_heads([before, inside])] == ["en setning som går videre",
                                                                        "Viktig. Resten av"]


def test_a_line_in_bold_throughout_is_left_to_the_heading_rules() -> None:
    whole = _line([("Gruppebehandling", True, None), ("endres.", True, None)], 114)
    assert [ln.text for ln in split_run_in_heads([whole])] == ["Gruppebehandling endres."]


def test_on_a_scan_the_strokes_of_the_head_must_be_clearly_wider_than_the_rest() -> None:
    # OCR gives no font: the run's strokes (relative to size) against the rest of its line's.
    heavy = _line([("Forenkling", None, 0.12), ("av", None, None), ("rapportering.", None, 0.115),
                   ("For", None, 0.07), ("lettere", None, 0.072), ("identifisere", None, 0.068)], 114)
    out = split_run_in_heads([heavy])
    assert [ln.text for ln in out] == ["Forenkling av rapportering", "For lettere identifisere"]
    assert all(w.heavy for w in out[0].words if len(w.text) >= 3) and not any(w.heavy for w in out[1].words)
    regular = _line([("Forenkling", None, 0.07), ("av", None, None), ("rapportering.", None, 0.071),
                     ("For", None, 0.07), ("lettere", None, 0.072), ("identifisere", None, 0.068)], 114)
    assert len(split_run_in_heads([regular])) == 1
