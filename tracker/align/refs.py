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


def find_references(text: str) -> list[Reference]:
    refs: list[Reference] = []
    for m in REF_RE.finditer(text):
        number = m.group("number").rstrip(".")
        s0, s1 = _sentence_bounds(text, m.start(), m.end())
        sentence = text[s0:s1].strip()
        after = text[m.end() : m.end() + 160]
        before = text[max(s0, m.start() - 60) : m.start()]
        title = None
        tm = TITLE_AFTER_RE.match(after)
        if tm and not THIS_DOC_RE.match(after):
            words = tm.group("title").split()
            title = " ".join(words[:12]).strip() or None
        if THIS_DOC_RE.match(after):
            refs.append(Reference("internal", number, m.start(), m.end(), sentence, title))
        elif REGELVERK_RE.search(sentence):
            ym = YEAR_IN_SENTENCE_RE.search(sentence)
            refs.append(
                Reference("regelverk", number, m.start(), m.end(), sentence, title,
                          int(ym.group("year")) if ym else None)
            )
        elif POINTER_RE.search(before + m.group("word")[:0]):
            refs.append(Reference("internal", number, m.start(), m.end(), sentence, title))
    return refs
