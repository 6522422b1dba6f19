"""The aligner against our own hand-made alignment of Grunnlagsdokument ISF 2024 → 2025
(tests/gold_alignment/isf-2024--isf-2025-grunnlagsdokument.yaml, made by reading the two gold texts, not
by running the aligner): which section became which, and the set of changes of every pair.

Scores: pairs F1 (a section on one side only counts as a pair with None) and change-kind accuracy over
the matched pairs found: a pair is right when every change the gold names is named by the aligner, by
its primary kind or one of its changes (a pair the gold calls unchanged: by the kind ``unchanged``).
Changes the aligner names and the gold does not are counted apart (flag precision).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from bench.gold import gold_document
from tracker.align.match import Pair, align
from tracker.align.text import title_key
from tracker.model import Document

EXTRACTED = Path(__file__).resolve().parent.parent / "extracted"
GOLD_ALIGNMENT = Path(__file__).resolve().parent / "gold_alignment" / "isf-2024--isf-2025-grunnlagsdokument.yaml"
OLD_ID, NEW_ID = "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument"

Key = tuple[str | None, str | None]


def _key(number: str | None, title: str | None) -> str | None:
    """A section as the gold names it: its number, or "t:<title key>" when it has none."""
    if number is not None and not number.startswith("s-"):
        return number
    return None if title is None else "t:" + title_key(title)


def _gold_key(ref: str | None) -> str | None:
    return "t:" + title_key(ref[2:]) if ref and ref.startswith("t:") else ref


@dataclass
class GoldPair:
    changes: set[str]
    with_chapter: bool = False
    year_only: bool = False
    text: str | None = None


def gold_alignment() -> dict[Key, GoldPair]:
    data = yaml.safe_load(GOLD_ALIGNMENT.read_text(encoding="utf-8"))
    assert (data["old"], data["new"]) == (OLD_ID, NEW_ID)
    out: dict[Key, GoldPair] = {}
    for row in data["pairs"]:
        key = (_gold_key(row["old"]), _gold_key(row["new"]))
        assert key not in out, key
        out[key] = GoldPair(set(row["changes"]), row.get("with_chapter", False), row.get("year_only", False),
                            row.get("text"))
    return out


@dataclass
class Score:
    f1: float
    kind_accuracy: float  # matched gold pairs found whose every gold change is named
    flag_precision: float  # changes named by the aligner that the gold names too
    detail_accuracy: float  # with_chapter, year_only and the text's weight, where both name the change
    problems: list = field(default_factory=list)


def score(pairs: list[Pair]) -> Score:
    gold = gold_alignment()
    got = {(_key(p.old, p.old_title), _key(p.new, p.new_title)): p for p in pairs}
    tp = len(gold.keys() & got.keys())
    f1 = 2 * tp / (len(gold) + len(got)) if gold or got else 1.0
    problems: list = [("missing", k) for k in sorted(gold.keys() - got.keys(), key=str)]
    problems += [("extra", k) for k in sorted(got.keys() - gold.keys(), key=str)]
    matched = sorted((k for k in gold.keys() & got.keys() if None not in k), key=str)
    right = named = named_right = details = details_right = 0
    for k in matched:
        g, p = gold[k], got[k]
        expected = g.changes or {"unchanged"}
        said = {p.kind, *p.kinds}
        if expected <= said:
            right += 1
        else:
            problems.append(("kinds", k, sorted(expected), sorted(said)))
        named += len(p.changes)
        named_right += sum(c.kind in g.changes for c in p.changes)
        for c in p.changes:
            if c.kind not in g.changes:
                continue
            if c.kind in ("renumbered", "retitled", "text"):
                want = {"renumbered": g.with_chapter, "retitled": g.year_only, "text": g.text}[c.kind]
                have = {"renumbered": c.with_chapter, "retitled": c.year_only, "text": c.text_change}[c.kind]
                details += 1
                details_right += want == have
                if want != have:
                    problems.append(("detail", k, c.kind, want, have))
    return Score(f1=f1, kind_accuracy=right / len(matched) if matched else 0.0,
                 flag_precision=named_right / named if named else 1.0,
                 detail_accuracy=details_right / details if details else 1.0, problems=problems)


def test_gold_alignment_accounts_for_every_gold_section() -> None:
    """The hand-made alignment itself names each section of both gold documents exactly once."""
    old, new = gold_document(OLD_ID), gold_document(NEW_ID)
    gold = gold_alignment()
    olds = [o for o, _n in gold if o is not None]
    news = [n for _o, n in gold if n is not None]
    assert sorted(olds) == sorted(_key(s.number, s.title) for s in old.sections)
    assert sorted(news) == sorted(_key(s.number, s.title) for s in new.sections)
    kinds = {"renumbered", "retitled", "moved", "text", "split", "merged", "added", "removed"}
    for (o, n), g in gold.items():
        assert g.changes <= kinds, (o, n)
        assert ("added" in g.changes) == (o is None) and ("removed" in g.changes) == (n is None), (o, n)
        assert (g.text is not None) == ("text" in g.changes), (o, n)


def test_gold_documents_align_as_expected() -> None:
    s = score(align(gold_document(OLD_ID), gold_document(NEW_ID)))
    assert s.f1 >= 0.97, s.problems
    assert s.kind_accuracy >= 0.95, s.problems
    assert s.flag_precision >= 0.95, s.problems
    assert s.detail_accuracy >= 0.9, s.problems


def test_chapter_shift_renumbers_the_sections_that_move_with_their_chapter() -> None:
    """3 → 4 … 8 → 9 are the chapters' own renumberings; 3.3 → 4.3, 6.1 → 7.1 and 7.1 → 8.1 moved with
    their chapter: renumbered, with the chapter shift as the reason, never unchanged."""
    pairs = {(p.old, p.new): p for p in align(gold_document(OLD_ID), gold_document(NEW_ID))}
    for c in range(3, 9):
        chapter = pairs[(str(c), str(c + 1))].change("renumbered")
        assert chapter is not None and not chapter.with_chapter
    for old, new in [("3.3", "4.3"), ("6.1", "7.1"), ("7.1", "8.1")]:
        p = pairs[(old, new)]
        assert p.kind != "unchanged"
        renumbered = p.change("renumbered")
        assert renumbered is not None and renumbered.with_chapter
        assert renumbered.reason == f"kapittel {old[0]} → {new[0]}"
        assert (renumbered.before, renumbered.after) == (old, new)
        assert any("follows parent" in e for e in p.evidence)


def test_a_new_year_in_a_title_is_a_retitle_of_the_year_only() -> None:
    pairs = {(p.old, p.new): p for p in align(gold_document(OLD_ID), gold_document(NEW_ID))}
    for old, new in [("4.1", "5.1"), ("5.0", "6.1"), ("6.4", "7.4")]:
        retitled = pairs[(old, new)].change("retitled")
        assert retitled is not None and retitled.year_only, (old, new)
        assert pairs[(old, new)].kind != "unchanged"
    # a real new title is not a year-only one, and the section's other changes are named beside it
    digital = pairs[("3.2", "4.2")]
    assert {c.kind for c in digital.changes} == {"renumbered", "retitled", "text"}
    assert not digital.change("retitled").year_only and digital.change("text").text_change == "substantive"


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
    s = score(align(old, new))
    assert s.f1 >= 0.97, s.problems
    assert s.kind_accuracy >= 0.95, s.problems
    assert s.flag_precision >= 0.9, s.problems


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
    s = score(align(ocr_noise(gold_document(OLD_ID), rate), gold_document(NEW_ID)))
    assert s.f1 >= 0.95, s.problems
    assert s.kind_accuracy >= 0.9, s.problems
    # a noisy title is not a retitle, noisy words are not a change of the text
    assert s.flag_precision >= 0.85, s.problems
