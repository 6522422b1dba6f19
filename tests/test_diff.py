"""Word diffs: what is not a change is normalised away; substantive vs editorial."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.gold import gold_document
from tracker.align.diff import classify, word_diff


def edits(changes):
    return [(c.op, c.text.strip()) for c in changes if c.op != "equal"]


def test_identical_text_is_unchanged() -> None:
    text = "ISF-andelen er foreslått uendret og vil være 40 prosent i 2024."
    changes = word_diff(text, text)
    assert classify(changes) == "unchanged"
    assert "".join(c.text for c in changes) == text


def test_whitespace_line_breaks_and_hyphenation_are_not_changes() -> None:
    old = "Innføring av tjenesteforløp for fødsels-\nomsorgen er en\n  ønsket   utviklingsretning."
    new = "Innføring av tjenesteforløp for fødselsomsorgen er en ønsket utviklingsretning."
    assert classify(word_diff(old, new)) == "unchanged"


def test_hyphen_before_og_is_kept() -> None:
    old = "Digital hjemmeoppfølging, telefon-\nog videokonsultasjoner"
    new = "Digital hjemmeoppfølging, telefonog videokonsultasjoner"
    assert classify(word_diff(old, new)) != "unchanged"


def test_typographic_quotes_and_dashes_are_not_changes() -> None:
    assert classify(word_diff("«alltid» – ofte", '"alltid" - ofte')) == "unchanged"


def test_ocr_confusions_are_not_changes() -> None:
    assert classify(word_diff("Særkoden B0051 og kode IEAD00", "Særkoden BO051 og kode IEADOO")) == "unchanged"
    # …but only between letters and look-alike digits, never between two numbers
    assert classify(word_diff("i 2023", "i 2024")) == "substantive"


def test_lost_norwegian_letters_of_a_bad_text_layer() -> None:
    good = "Oppholdet vil da grupperes til både en konsultasjons-DRG og en STG på ordinær måte. " * 4
    bad = "Oppholdet vil da grupperes til bade en konsultasjons-DRG og en STG pa ordinaer mate. " * 4
    assert classify(word_diff(bad, good)) == "unchanged"
    # in two good text layers "for" → "før" is a real change
    assert classify(word_diff("Dette skjer for behandlingen. " * 10 + "æ", "Dette skjer før behandlingen. " * 10 + "æ")) \
        == "editorial"


def test_number_changes_are_substantive() -> None:
    changes = word_diff("ISF-andelen er 40 prosent i 2024.", "ISF-andelen er 30 prosent i 2025.")
    assert classify(changes) == "substantive"
    assert ("delete", "40") in edits(changes) and ("insert", "30") in edits(changes)
    assert all(c.substantive for c in changes if c.op != "equal")


def test_code_amount_percentage_and_negation_are_substantive() -> None:
    assert classify(word_diff("Koden WMGA28 brukes.", "Koden WMGA42 brukes.")) == "substantive"
    assert classify(word_diff("Bevilgningen økes med mange kroner.", "Bevilgningen økes med 142 mill. kroner.")) \
        == "substantive"
    assert classify(word_diff("Dette gjelder pasienter i gruppen.", "Dette gjelder ikke pasienter i gruppen.")) \
        == "substantive"
    assert classify(word_diff("Refusjonen er en andel.", "Refusjonen er en andel på 30 %.")) == "substantive"


def test_wording_is_editorial() -> None:
    changes = word_diff("Dette er beskrevet nærmere i regelverket.", "Dette er omtalt nærmere i regelverket.")
    assert classify(changes) == "editorial"
    assert edits(changes) == [("delete", "beskrevet"), ("insert", "omtalt")]


def test_the_sections_own_renumbering_is_not_a_change() -> None:
    old = "Se kapittel 3.3 og kapittel 3.1 for detaljer."
    new = "Se kapittel 4.3 og kapittel 3.1 for detaljer."
    assert classify(word_diff(old, new)) == "substantive"
    assert classify(word_diff(old, new, number_map={"3.3": "4.3"})) == "unchanged"
    # 3.1 is not renumbered, and 3.10 is not 3.1
    assert classify(word_diff("punkt 3.10", "punkt 4.10", number_map={"3.1": "4.1"})) == "substantive"


def test_semantic_cleanup_groups_a_rewritten_phrase() -> None:
    old = "Kostnadsvektene for 2024 er kalibrert basert på aktivitetsgrunnlag 2022."
    new = "Kostnadsvektene for 2025 er kalibrert basert på aktivitetsgrunnlaget 2023, med justering for aktivitetsendring 2024."
    e = edits(word_diff(old, new))
    assert ("delete", "2024") in e and ("insert", "2025") in e
    assert any(op == "insert" and "justering for aktivitetsendring" in t for op, t in e)


def test_corpus_sections() -> None:
    """Real 2024 → 2025 pairs: NPK is unchanged but for a full stop; kostnadsvekter changed its years."""
    old, new = gold_document("isf-2024-grunnlagsdokument"), gold_document("isf-2025-grunnlagsdokument")
    npk = word_diff(old.section("8.2").text, new.section("9.1").text)
    assert classify(npk) == "editorial"
    weights = word_diff(old.section("7.1").text, new.section("8.1").text)
    assert classify(weights) == "substantive"
    assert ("insert", "2023") in edits(weights)


def test_diff_is_deterministic() -> None:
    old, new = gold_document("isf-2024-grunnlagsdokument"), gold_document("isf-2025-grunnlagsdokument")
    a = [c.model_dump() for c in word_diff(old.section("3.2").text, new.section("4.2").text)]
    b = [c.model_dump() for c in word_diff(old.section("3.2").text, new.section("4.2").text)]
    assert a == b


words_st = st.lists(st.sampled_from("og i av pasient kode 2024 2025 ikke behandling ISF-andel 40 prosent".split()),
                    max_size=30)


@settings(max_examples=60, deadline=None)
@given(words_st, words_st)
def test_diff_reconstructs_both_sides(a: list[str], b: list[str]) -> None:
    """Equal + delete spells the old text, equal + insert the new one (normalised)."""
    old, new = " ".join(a), " ".join(b)
    changes = word_diff(old, new, ocr_tolerant=False)
    rebuilt_old = "".join(c.text for c in changes if c.op != "insert")
    rebuilt_new = "".join(c.text for c in changes if c.op != "delete")
    assert rebuilt_old.split() == old.split()
    assert rebuilt_new.split() == new.split()
    assert (classify(changes) == "unchanged") == (old.split() == new.split())


def test_number_map_touches_references_only() -> None:
    """3.3 is a renumbered section, but "3.3 mill. kroner" is an amount and stays compared as is."""
    old = "Bevilgningen er 3.3 mill. kroner, se kapittel 3.3."
    new = "Bevilgningen er 3.3 mill. kroner, se kapittel 4.3."
    assert classify(word_diff(old, new, number_map={"3.3": "4.3"})) == "unchanged"
    changed = word_diff(old, new.replace("3.3 mill", "4.3 mill"), number_map={"3.3": "4.3"})
    assert classify(changed) == "substantive"
