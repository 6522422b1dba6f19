"""Word diffs: what is not a change is normalised away; substantive vs editorial."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.gold import gold_document
from tracker.align.diff import classify, is_substantive, new_side, old_side, renumberings, word_diff


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
    assert classify(word_diff("med 10 prosent", "med 1O prosent")) == "substantive"


def test_lost_norwegian_letters_of_a_bad_text_layer() -> None:
    good = "Oppholdet vil da grupperes til både en konsultasjons-DRG og en STG på ordinær måte. " * 4
    bad = "Oppholdet vil da grupperes til bade en konsultasjons-DRG og en STG pa ordinaer mate. " * 4
    assert classify(word_diff(bad, good)) == "unchanged"
    # in two good text layers "for" → "før" is a real change (and "før" restricts: substantive)
    assert classify(word_diff("Dette skjer for behandlingen. " * 10 + "æ", "Dette skjer før behandlingen. " * 10 + "æ")) \
        == "substantive"


def test_number_changes_are_substantive() -> None:
    changes = word_diff("ISF-andelen er 40 prosent i 2024.", "ISF-andelen er 30 prosent i 2025.")
    assert classify(changes) == "substantive"
    assert ("delete", "40") in edits(changes) and ("insert", "30") in edits(changes)
    assert all(c.substantive == (c.text.strip() in ("40", "30")) for c in changes if c.op != "equal")


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
    """Real 2024 → 2025 pairs: NPK is unchanged but for a full stop; kostnadsvekter moved its years on
    (each year its own small change) and reworded, with no other number or qualifier: editorial."""
    old, new = gold_document("isf-2024-grunnlagsdokument"), gold_document("isf-2025-grunnlagsdokument")
    npk = word_diff(old.section("8.2").text, new.section("9.1").text)
    assert classify(npk) == "editorial"
    weights = word_diff(old.section("7.1").text, new.section("8.1").text)
    assert ("delete", "2024") in edits(weights) and ("insert", "2025") in edits(weights)
    assert classify(weights) == "editorial"


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
    rebuilt_old = old_side(changes)
    rebuilt_new = new_side(changes)
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


@settings(max_examples=60, deadline=None)
@given(words_st, words_st)
def test_each_side_keeps_its_own_numbers_under_a_renumbering(a: list[str], b: list[str]) -> None:
    """With a number map, references compare by target, but each side still reads its own words."""
    old = "Se kapittel 6.4 og punkt 3.3. " + " ".join(a)
    new = "Se kapittel 7.4 og punkt 3.3. " + " ".join(b)
    changes = word_diff(old, new, number_map={"6.4": "7.4", "3.3": "4.3"}, ocr_tolerant=False)
    assert old_side(changes).split() == old.split()
    assert new_side(changes).split() == new.split()


def test_renumbered_reference_is_equal_but_not_rewritten() -> None:
    old = "For endringer i særkoder se kapittel 6.4."
    new = "For endringer i særkoder se kapittel 7.4."
    changes = word_diff(old, new, number_map={"6.4": "7.4"})
    assert classify(changes) == "unchanged"
    assert old_side(changes) == old and new_side(changes) == new
    assert renumberings(changes) == [("document", "6.4", "7.4")]


def test_regelverk_references_do_not_follow_this_documents_renumbering() -> None:
    """Chapter 4 of this document became 5, but "kapittel 4 … i ISF-regelverket" is the regelverk's."""
    old = "Det vises til kapittel 4 (generelle regler) i ISF-regelverket for 2024."
    new = "Det vises til kapittel 4 (generelle regler) i ISF-regelverket for 2025."
    changes = word_diff(old, new, number_map={"4": "5"})
    assert classify(changes) == "editorial"  # only the year
    assert "kapittel 4" in old_side(changes) and renumberings(changes) == []
    # the regelverk's own renumbering (from a renumbering table) is followed, and said so
    changes = word_diff("jf. ISF-regelverkets kapittel 5.22 om samarbeid.", "jf. ISF-regelverkets kapittel 4.20 om samarbeid.",
                        number_map={"5.22": "9.9"}, regelverk_map={"5.22": "4.20"})
    assert classify(changes) == "unchanged" and renumberings(changes) == [("regelverk", "5.22", "4.20")]


def test_corpus_diff_quotes_the_old_document() -> None:
    """8.3 → 9.2 of the real corpus: the 2024 text says "kapittel 4" (a regelverk chapter), and so does
    the old side of the diff, though this document's chapter 4 became chapter 5."""
    from tracker.align.match import align
    from tracker.align.pipeline import pair_diffs
    from tracker.store import load_document

    old, new = load_document("isf-2024-grunnlagsdokument"), load_document("isf-2025-grunnlagsdokument")
    diffs = {(d.old_id, d.new_id): d for d in pair_diffs(align(old, new), old, new)}
    d = diffs[(old.section("8.3").id, new.section("9.2").id)]
    assert "kapittel 4" in old.section("8.3").text
    assert "kapittel 4 " in old_side(d.changes) and "kapittel 5" not in old_side(d.changes)
    assert "kapittel 3 " in new_side(d.changes)
    # 3.4 → 4.5: "se kapittel 6.4" (2024) and "punkt 7.4" (2025) both point at Særkoder
    d = diffs[(old.section("3.4").id, new.section("4.5").id)]
    assert "kapittel 6.4" in old_side(d.changes) and "7.4" not in old_side(d.changes)
    assert ("document", "6.4", "7.4") in renumberings(d.changes)


def test_year_only_changes_are_editorial() -> None:
    for old, new in [("Endringene i DRG-strukturen fra 2023 til 2024.", "Endringene i DRG-strukturen fra 2024 til 2025."),
                     ("Overordnet innretning for 2024", "Overordnet innretning for 2025"),
                     ("Data for perioden 2022-2023 brukes.", "Data for perioden 2023-2024 brukes."),
                     ("I utviklingsarbeidet til ISF-2024 er det gjort", "I utviklingsarbeidet til ISF-2025 er det gjort")]:
        changes = word_diff(old, new)
        assert classify(changes) == "editorial", (old, new)
        assert not any(c.substantive for c in changes)
    # each year is its own small change, not a shifted phrase
    assert edits(word_diff("fra 2023 til 2024", "fra 2024 til 2025")) == [
        ("delete", "2023"), ("insert", "2024"), ("delete", "2024"), ("insert", "2025")]
    # a number that is not a year, or a year-like quantity, is not
    assert classify(word_diff("for 2024", "for 2025 og 12 måneder")) == "substantive"
    assert classify(word_diff("Beløpet er 2000 kroner.", "Beløpet er 2024 kroner.")) == "substantive"


def test_negations_and_qualifiers_are_substantive() -> None:
    base = "Aktiviteten knyttes til episoder avhengig av forløpet."
    for word in ("ikke", "kun", "bare", "fortrinnsvis", "hovedsakelig", "unntatt", "minst", "maks", "før", "etter"):
        changed = base.replace("episoder", f"{word} episoder")
        assert classify(word_diff(base, changed)) == "substantive", word
        assert classify(word_diff(changed, base)) == "substantive", word
    assert classify(word_diff("Gjelder pasienter over 18 år.", "Gjelder pasienter 18 år.")) == "substantive"
    assert is_substantive("ikke lenger") and is_substantive("under 16 år") and is_substantive("kun")
    # "under" pointing in the text is not a qualifier; plain rewording is editorial
    assert not is_substantive("se nærmere omtale under i punkt")
    assert classify(word_diff("Dette er omtalt i teksten.", "Dette er beskrevet i teksten.")) == "editorial"


def test_corpus_deletion_of_a_qualifier_is_substantive() -> None:
    """2024 8.5 said two særtjenester the same day go to two episodes, "fortrinnsvis tekniske episoder";
    2025 9.4 dropped the qualifier."""
    from tracker.store import load_document

    old, new = load_document("isf-2024-grunnlagsdokument"), load_document("isf-2025-grunnlagsdokument")
    [old_s] = [s for s in old.sections if "fortrinnsvis tekniske episoder" in s.text]
    [new_s] = [s for s in new.sections if s.title == old_s.title or "særtjenester" in s.title.casefold()][:1]
    changes = word_diff(old_s.text, new_s.text)
    [gone] = [c for c in changes if c.op == "delete" and "fortrinnsvis tekniske episoder" in c.text]
    assert gone.substantive and classify(changes) == "substantive"


def test_an_edition_that_only_moves_its_years_on_is_editorial() -> None:
    """The 2024 grunnlagsdokument with every year (in titles and text) one later: each matched section
    is editorial or unchanged, never substantive, and a title that only changed its year says so."""
    import re

    from tracker.align.match import align
    from tracker.align.pipeline import pair_diffs
    from tracker.store import load_document

    year = re.compile(r"(?<![.:\d])\b(19[5-9]\d|20\d\d)\b(?![.:]\d)")  # not inside a date or a report number

    def later(text: str) -> str:
        return year.sub(lambda m: str(int(m.group(1)) + 1), text)

    old = load_document("isf-2024-grunnlagsdokument")
    new = old.model_copy(update={"id": "isf-2025-grunnlagsdokument", "year": 2025, "sections": [
        s.model_copy(update={"title": later(s.title), "text": later(s.text)}) for s in old.sections]})
    diffs = pair_diffs(align(old, new), old, new)
    verdicts = {d.verdict for d in diffs if d.verdict is not None}
    assert verdicts <= {"unchanged", "editorial"} and "editorial" in verdicts
    retitled = [d for d in diffs if d.title_changes]
    assert retitled and all(classify(d.title_changes) == "editorial" for d in retitled)
