"""Cross-references in section text: to this document ("se punkt 6.14 i dette dokumentet") or to
the ISF-regelverk ("ISF-regelverkets kapittel 5.23 Pasientopplæring og tiltak i gruppe").

A reference counts as internal when the text says so ("i dette dokumentet") or when it is a
pointer ("se …", "jf. …", "omtale over/under i …") in a sentence that does not mention the
regelverk; a reference counts as a regelverk reference when its sentence names the regelverk.
Bare numbers in other sentences ("(kapittel 6)" in a list of regelverk parts) stay unclassified,
so lint never reports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

REF_RE = re.compile(
    r"\b(?P<word>kap(?:it+e?l(?:et|ene)?)?\.?|punkt(?:et|ene)?)\s+(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})(?![\d.]\d)",
    re.IGNORECASE,
)
REGELVERK_RE = re.compile(r"regelverk", re.IGNORECASE)
THIS_DOC_RE = re.compile(r"^\s*i\s+dette\s+dokument(?:et)?", re.IGNORECASE)
POINTER_RE = re.compile(
    r"(?:\bse\b|\bjf\.?|\bomtal\w*\s+(?:over|under)|\bbeskrevet\s+(?:over|under)|\bomtales\s+nærmere)"
    r"[^.]{0,40}$",
    re.IGNORECASE,
)
YEAR_IN_SENTENCE_RE = re.compile(r"regelverk\w*\s+(?:for\s+)?(?P<year>20\d\d)", re.IGNORECASE)
# A title right after the number: capitalised words up to punctuation (at most 12 words).
TITLE_AFTER_RE = re.compile(r"^\s+(?P<title>[A-ZÆØÅ][^.;:()\n]{2,120})")


# Abbreviations whose full stop does not end a sentence ("jf. omtale over i punkt 6.4").
ABBREVIATIONS = frozenset(
    """jf bl.a f.eks ev evt mht ca pkt kap nr prop e.g dvs m.fl osv mill mrd kr ref inkl ekskl iht vedr pga
    etc ifm mv o.l pr""".split()
)
SENTENCE_END_RE = re.compile(r"\.(?=\s|$)|\n")
ABBREVIATION_BEFORE_RE = re.compile(r"(?:^|[\s(])([A-Za-zÆØÅæøå.]{1,5})$")
# What separates the clauses of a sentence: commas, semicolons, colons, brackets, a spaced dash.
CLAUSE_BREAK_RE = re.compile(r"[,;:()]|\s[-\u2013\u2014]\s")


@dataclass(frozen=True)
class Reference:
    target: Literal["internal", "regelverk"]
    number: str
    start: int
    end: int
    sentence: str
    title: str | None = None
    year: int | None = None  # the regelverk year when the sentence names it


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    left = 0 if left < 0 else left + 1
    m = re.compile(r"\.(?:\s|$)|\n").search(text, end)
    right = len(text) if m is None else m.end()
    return left, right


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    if m.group() == "\n":
        return True
    before = ABBREVIATION_BEFORE_RE.search(text, max(0, m.start() - 8), m.start())
    return before is None or before.group(1).casefold() not in ABBREVIATIONS


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, as (start, end): from the end of the sentence before
    to its own full stop or line break. Unlike the sentences of :func:`find_references` (kept as they
    are for their callers), an abbreviation's full stop ("jf.", "bl.a.", "mht.") ends no sentence."""
    left = 0
    for m in SENTENCE_END_RE.finditer(text, 0, start):
        if _ends_sentence(text, m):
            left = m.end()
    right = len(text)
    for m in SENTENCE_END_RE.finditer(text, end):
        if _ends_sentence(text, m):
            right = m.end()
            break
    return left, right


def clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``sentence`` around ``sentence[start:end]``: between the nearest commas, brackets,
    colons or spaced dashes on either side."""
    left = max((m.end() for m in CLAUSE_BREAK_RE.finditer(sentence, 0, start)), default=0)
    m = CLAUSE_BREAK_RE.search(sentence, end)
    return left, len(sentence) if m is None else m.start()


def _target(text: str, m: re.Match[str]) -> tuple[Literal["internal", "regelverk"] | None, str]:
    """Where the reference ``m`` points (None: not decidable) and its sentence."""
    s0, s1 = _sentence_bounds(text, m.start(), m.end())
    sentence = text[s0:s1].strip()
    after = text[m.end() : m.end() + 160]
    before = text[max(s0, m.start() - 60) : m.start()]
    if THIS_DOC_RE.match(after):
        return "internal", sentence
    if REGELVERK_RE.search(sentence):
        return "regelverk", sentence
    if POINTER_RE.search(before):
        return "internal", sentence
    return None, sentence


def find_references(text: str) -> list[Reference]:
    refs: list[Reference] = []
    for m in REF_RE.finditer(text):
        number = m.group("number").rstrip(".")
        target, sentence = _target(text, m)
        if target is None:
            continue
        after = text[m.end() : m.end() + 160]
        title = None
        tm = TITLE_AFTER_RE.match(after)
        if tm and not THIS_DOC_RE.match(after):
            words = tm.group("title").split()
            title = " ".join(words[:12]).strip() or None
        year = None
        if target == "regelverk" and (ym := YEAR_IN_SENTENCE_RE.search(sentence)):
            year = int(ym.group("year"))
        refs.append(Reference(target, number, m.start(), m.end(), sentence, title, year))
    return refs


# Every numbered reference the diff compares by target: REF_RE's words and "avsnitt".
NUMBER_REF_RE = re.compile(
    r"\b(?P<word>kap(?:it+e?l(?:et|ene)?)?\.?|punkt(?:et|ene)?|avsnitt(?:et|ene)?)\s+"
    r"(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})(?![\d.]\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberRef:
    """Where a referenced number sits in a text, and what it points to (None: not decidable)."""

    number: str
    start: int  # of the number itself
    end: int
    target: Literal["internal", "regelverk"] | None


def reference_numbers(text: str) -> list[NumberRef]:
    """Every section number that follows a reference word ("kapittel 6.4", "punkt 5.22"), with its
    target as :func:`find_references` decides it; an undecided one is None (never the regelverk)."""
    out = []
    for m in NUMBER_REF_RE.finditer(text):
        target, _ = _target(text, m)
        out.append(NumberRef(m.group("number"), m.start("number"), m.end("number"), target))
    return out
