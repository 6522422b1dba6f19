"""Our own expected alignment of Grunnlagsdokument ISF 2024 → 2025, made by reading the two
documents (tests/gold/isf-2024-grunnlagsdokument/source.md and isf-2025-…/source.md), not by
running the aligner.

Conventions behind the kinds:
- a chapter that only changed number (every 2024 chapter 3..8 is 2025's 4..9, because 2025
  inserted chapter 2 "Forenkling av ISF-regelverket") is *renumbered*; its subsections that
  keep their place under it (3.3 → 4.3) are *unchanged* — the shift is one move of the parent;
- a subsection whose number is not the parent's new number plus its old last part is
  *renumbered* (5.1 → 6.3: two sections were inserted before it);
- a title change beyond year, case and punctuation is *retitled* (and wins over renumbered);
  "Overordnet innretning for 2024" → "… for 2025" is not a title change;
- unnumbered subsections are named by their title ("t:<title>").

Each row: (old, new, kind, why).
"""

from __future__ import annotations

EXPECTED_2024_2025: list[tuple[str | None, str | None, str, str]] = [
    ("1", "1", "unchanged", "INNLEDNING both years, same opening sentence"),
    (None, "2", "added", "FORENKLING AV ISF-REGELVERKET is new in 2025 (and pushes every later chapter one on)"),
    ("2", "3", "renumbered", "OVERORDNET OM ISF-UTVIKLING, same title, one chapter later"),
    ("3", "4", "renumbered", "GENERELLE REGLER, chapter shift 3 → 4"),
    ("3.1", None, "removed", "Multippel koding: nothing about it in 2025"),
    (None, "4.1", "added", "Regel for lukking av tertialvise aktivitetsdata: new rule for 2025"),
    ("3.2", "4.2", "retitled",
     "Digital hjemmeoppfølging, telefon- og videokonsultasjoner → Digitale tjenester; 4.2 opens on digital hjemmeoppfølging"),
    (None, "t:Justering i kostnadsvekter", "added", "new unnumbered subsection of 4.2 (2025 price model)"),
    (None, "t:Forenkling av registrering og rapportering", "added", "new subsection of 4.2 (kode 40 in NPR-melding)"),
    (None, "t:Gjennomgang av samlegrupper for digital hjemmeoppfølging", "added",
     "new subsection of 4.2 (XS10/XS11 review)"),
    ("3.3", "4.3", "unchanged", "Samarbeidsaktiviteter …, same title, same place under the shifted chapter"),
    (None, "4.4", "added", "Fysisk treningsterapi: new (regelverk 5.24 → 4.22 lost its coding text)"),
    ("3.4", "4.5", "retitled", "Kodeverksendring → Endringer i kliniske kodeverk; same body about ICD-10 code changes"),
    ("3.5", None, "removed", "Pasientopplæring og tiltak i gruppe: no 2025 section (5.7 only says where it is found)"),
    ("4", "5", "renumbered", "ISF FOR PSYKISK HELSEVERN OG TSB, chapter shift 4 → 5"),
    ("4.1", "5.1", "unchanged", "Overordnet innretning for 2024/2025: year only; first paragraph identical"),
    ("4.2", "5.2", "retitled",
     "Konsentrerte tverrfaglige heldagstilbud → Polikliniske halv- og heldagstilbud ('endrer navn til')"),
    ("4.4", "5.3", "retitled", "LAR → Rapportering av LAR (swapped places with ACT-team)"),
    ("4.3", "5.4", "renumbered", "ACT-team, same title, now after LAR: 4.3 → 5.4"),
    (None, "5.5", "added", "Konsultasjon med pårørende: new"),
    (None, "5.6", "added", "Testing og kartlegging: new"),
    ("4.5", "5.7", "renumbered", "Gruppebehandling (psykisk helsevern) 4.5 → 5.7, not the somatic 6.10"),
    (None, "5.8", "added", "Familiebehandling: new"),
    (None, "5.9", "added", "Observasjon av pasient i nærmiljø: new"),
    ("5", "6", "renumbered", "ISF FOR SOMATISK SPESIALISTHELSETJENESTE, chapter shift 5 → 6"),
    ("5.0", "6.1", "renumbered", "Overordnet innretning for 2024/2025: 5.0 → 6.1 (2025 numbers from 1)"),
    (None, "6.2", "added", "Poengtillegg for særskilte ambulante konsultasjoner: new"),
    ("5.1", "6.3", "renumbered", "Pasientadministrert legemiddelbehandling, same title"),
    ("5.2", None, "removed", "Utførende helsepersonell: not in 2025"),
    ("5.3", None, "removed", "Medisinske kvalitetsregistre: the trial ended in 2024"),
    (None, "6.4", "added", "AMD-behandling (Avastin moved to DRG 802U): new"),
    (None, "6.5", "added", "Kjeveortopedi: new financing responsibility"),
    ("5.4", "6.6", "renumbered", "Fødselsomsorgen"),
    ("5.5", "6.7", "renumbered", "Intensivbehandling (B0050)"),
    ("5.6", "6.8", "renumbered", "Protonbehandling, first paragraph identical"),
    ("5.7", "6.9", "renumbered", "Palliasjon, nearly identical text"),
    ("5.8", None, "removed", "Rehabilitering: not in 2025"),
    ("5.9", None, "removed",
     "Lysbehandling: the 2025 STG-lysbehandling subsection of 7.2 is about STG logic changes, another topic"),
    (None, "6.10", "added", "Gruppebehandling (somatikk): new short note on regelverk 5.10"),
    (None, "6.11", "added", "Førerkort: new"),
    (None, "6.12", "added", "Osteoporoseutredning: new"),
    (None, "6.13", "added", "AMD (TFG): new"),
    (None, "6.14", "added", "Forløp for innsetting av kneprotese: new"),
    (None, "6.15", "added", "Ny prosedyrekode ZWUU20: new"),
    ("6", "7", "renumbered", "ENDRINGER I DRG-, STG- OG TFG-GRUPPERINGSSYSTEMET, chapter shift 6 → 7"),
    ("6.1", "7.1", "unchanged", "Endringer i DRG-systemet, same opening paragraphs"),
    ("6.2", "7.2", "retitled", "Endringer i STG-systemet → Endringer i særtjenester (STG-systemet)"),
    (None, "t:To endringer i STG-logikken for lysbehandling", "added", "new subsection of 7.2"),
    ("6.3", "7.3", "retitled", "Endringer i TFG-systemet → Endringer i tjenesteforløp (TFG-systemet)"),
    ("6.4", "7.4", "unchanged", "Særkoder 2024/2025: year only"),
    ("7", "8", "renumbered", "GRUNNLAG FOR KOSTNADSVEKTBEREGNINGENE, chapter shift 7 → 8"),
    ("7.1", "8.1", "unchanged", "Generelt om kostnadsvektberegningen, almost the same text"),
    (None, "8.2", "added", "Håndtering av egenandelsfritaket: new"),
    ("8", "9", "renumbered", "PRESISERINGER OG ANNEN INFORMASJON, chapter shift 8 → 9"),
    ("8.1", None, "removed", "Kort om omorganisering av den sentrale helseforvaltningen: 2024 only"),
    ("8.2", "9.1", "renumbered", "NPK, identical text; 9.1 because 8.1 was removed"),
    ("8.3", "9.2", "retitled", "Aktivitetsgrunnlag somatikk på overordnet nivå → Aktivitetsgrunnlag på overordnet nivå"),
    ("8.4", "9.3", "renumbered", "Rapporteringsformat"),
    ("8.5", "9.4", "retitled", "Særtjenester og rapportering → Særtjenester (STG) og rapportering"),
    ("8.6", None, "removed", "Rapporteringsfrister til Norsk pasientregister: 2024 only"),
    ("8.7", None, "removed", "Ny nasjonal KPP-spesifikasjon: 2024 only"),
    ("8.8", None, "removed", "Fritt behandlingsvalg: 2024 only"),
    ("8.9", None, "removed", "Resultatbasert finansiering: 2024 only"),
]


# --------------------------------------------------------------------------------------
# The tests

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from bench.gold import gold_document  # noqa: E402
from tracker.align.match import Pair, align  # noqa: E402
from tracker.align.text import title_key  # noqa: E402
from tracker.model import Document  # noqa: E402

EXTRACTED = Path(__file__).resolve().parent.parent / "extracted"
OLD_ID, NEW_ID = "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument"


def _key(number: str | None, title: str | None) -> str | None:
    if number is not None and not number.startswith("s-"):
        return number
    return None if title is None else "t:" + title_key(title)


def _expected() -> tuple[set, dict]:
    pairs, kinds = set(), {}
    for old, new, kind, _why in EXPECTED_2024_2025:
        o = "t:" + title_key(old[2:]) if old and old.startswith("t:") else old
        n = "t:" + title_key(new[2:]) if new and new.startswith("t:") else new
        pairs.add((o, n))
        kinds[(o, n)] = kind
    return pairs, kinds


def _got(pairs: list[Pair]) -> tuple[set, dict]:
    got, kinds = set(), {}
    for p in pairs:
        k = (_key(p.old, p.old_title), _key(p.new, p.new_title))
        got.add(k)
        kinds[k] = p.kind
    return got, kinds


def score(pairs: list[Pair]) -> tuple[float, float, list]:
    """Pairs F1 (singletons count as pairs with None) and kind accuracy on matched pairs."""
    exp, exp_kinds = _expected()
    got, got_kinds = _got(pairs)
    tp = len(exp & got)
    f1 = 2 * tp / (len(exp) + len(got)) if exp or got else 1.0
    matched = [k for k in exp & got if k[0] is not None and k[1] is not None]
    right = sum(exp_kinds[k] == got_kinds[k] for k in matched)
    wrong = sorted((k, exp_kinds[k], got_kinds[k]) for k in matched if exp_kinds[k] != got_kinds[k])
    misses = sorted(exp - got, key=str) + sorted(got - exp, key=str)
    return f1, (right / len(matched) if matched else 0.0), [*misses, *wrong]


def test_expected_table_accounts_for_every_gold_section() -> None:
    """The fixture itself names each section of both gold documents exactly once."""
    old, new = gold_document(OLD_ID), gold_document(NEW_ID)
    olds = [o for o, _n, _k, _w in EXPECTED_2024_2025 if o is not None]
    news = [n for _o, n, _k, _w in EXPECTED_2024_2025 if n is not None]
    assert sorted(olds) == sorted(_key(s.number, s.title) if s.number else "t:" + s.title for s in old.sections)
    assert sorted(news) == sorted(s.number if s.number else "t:" + s.title for s in new.sections)


def test_gold_documents_align_as_expected() -> None:
    pairs = align(gold_document(OLD_ID), gold_document(NEW_ID))
    f1, accuracy, problems = score(pairs)
    assert f1 >= 0.95, problems
    assert accuracy >= 0.90, problems


def test_chapter_shift_is_one_move_of_each_chapter() -> None:
    """3 → 4 … 8 → 9 are the chapters' renumberings; their unmoved subsections stay unchanged."""
    pairs = {(p.old, p.new): p for p in align(gold_document(OLD_ID), gold_document(NEW_ID))}
    for c in range(3, 9):
        assert pairs[(str(c), str(c + 1))].kind == "renumbered"
    for old, new in [("3.3", "4.3"), ("6.1", "7.1"), ("7.1", "8.1")]:
        assert pairs[(old, new)].kind == "unchanged"
        assert any("follows parent" in e for e in pairs[(old, new)].evidence)


def _extracted(doc_id: str) -> Document:
    return Document.load(EXTRACTED / f"{doc_id}.json")


def test_extracted_documents_align_as_expected() -> None:
    """The same bar on the real extractor output (the 2024 one is a scan: OCR noise)."""
    old, new = _extracted(OLD_ID), _extracted(NEW_ID)
    assert any(p.source in ("ocr", "re-ocr") for p in old.page_info), "the 2024 scan must be OCR'd"
    for doc in (old, new):
        # Sections the extractor did not find cannot be aligned: that is an extraction failure.
        missing = _missing_headings(doc)
        assert len(missing) <= 0.1 * len(gold_document(doc.id).sections), missing
    pairs = align(old, new)
    f1, accuracy, problems = score(pairs)
    assert f1 >= 0.95, problems
    assert accuracy >= 0.90, problems


def _missing_headings(doc: Document) -> list[str]:
    have = {s.number for s in doc.sections if s.number}
    return [s.number for s in gold_document(doc.id).sections if s.number and s.number not in have]


def assert_accounted(pairs: list[Pair], old: Document, new: Document) -> None:
    """Every section appears in a Pair; only the shared side of split/merged appears twice."""
    from collections import Counter

    olds = Counter(p.old_id for p in pairs if p.old_id)
    news = Counter(p.new_id for p in pairs if p.new_id)
    assert set(olds) == {s.id for s in old.sections}
    assert set(news) == {s.id for s in new.sections}
    for sid, c in olds.items():
        if c > 1:
            assert all(p.kind == "split" for p in pairs if p.old_id == sid), sid
    for sid, c in news.items():
        if c > 1:
            assert all(p.kind == "merged" for p in pairs if p.new_id == sid), sid


def test_every_section_accounted_for_on_gold() -> None:
    old, new = gold_document(OLD_ID), gold_document(NEW_ID)
    assert_accounted(align(old, new), old, new)


def test_every_section_accounted_for_on_extracted() -> None:
    old, new = _extracted(OLD_ID), _extracted(NEW_ID)
    assert_accounted(align(old, new), old, new)


def ocr_noise(doc: Document, rate: float, seed: int = 7) -> Document:
    """The document as a poor text layer would give it: æøå lost, letters confused, words split."""
    import random

    rng = random.Random(seed)
    confusions = {"o": "0", "l": "1", "e": "c", "m": "rn", "i": "l", "a": "4", "s": "5", "n": "h"}

    def noisy(text: str) -> str:
        text = text.translate(str.maketrans({"ø": "o", "å": "a", "æ": "e", "Ø": "O", "Å": "A", "Æ": "E"}))
        out = []
        for ch in text:
            r = rng.random()
            if r < rate and ch in confusions:
                out.append(confusions[ch])
            elif r < rate * 1.3 and ch.isalpha():
                out.append(ch + " ")
            else:
                out.append(ch)
        return "".join(out)

    sections = [s.model_copy(update={"title": noisy(s.title), "text": noisy(s.text)}) for s in doc.sections]
    return doc.model_copy(update={"sections": sections})


@pytest.mark.parametrize("rate", [0.02, 0.05])
def test_ocr_noise_in_the_old_document(rate: float) -> None:
    """The 2024 document is a scan: with noisy titles and bodies the alignment still holds."""
    pairs = align(ocr_noise(gold_document(OLD_ID), rate), gold_document(NEW_ID))
    f1, accuracy, problems = score(pairs)
    assert f1 >= 0.95, problems
    # a noisy title is not a retitle
    assert accuracy >= 0.85, problems
