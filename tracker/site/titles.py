"""Titles as readers see them: a topic (lineage) spans years, so its title carries none."""

from __future__ import annotations

import re
from typing import Any

from tracker.align.text import STOPWORDS

_YEAR = r"(?:19[5-9]\d|20\d\d)"
# A year or a span of years: "2025", "2019-2020", "2020-23", "2024 til 2025", "2024/2025".
_YEARS = rf"{_YEAR}(?:\s*(?:[-–—/]|til|og)\s*(?:{_YEAR}|\d\d)(?!\d))?"
# A date before the year ("16.okt 2023", "1. januar 2025") goes with it.
_DATE = r"(?:\d{1,2}\.\s?(?:jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)[a-zæøå]*\.?\s+)?"
# A word that only ties the year to the title ("for 2025", "fra 2027", "i 2026") goes too.
_YEAR_WORD = r"(?:(?:fra\s+og\s+med|f\.o\.m\.?|t\.o\.m\.?|gjeldende\s+fra|for|mot|i|fra|til|per|pr\.?|innen|etter|før|siden|in|from)\s+)?"
_YEAR_PHRASE = re.compile(rf"(?<![\w.-]){_YEAR_WORD}{_DATE}{_YEARS}(?![\w-])", re.IGNORECASE)
_YEAR_PARENS = re.compile(rf"\s*\([^()]*(?<!\d){_YEAR}(?!\d)[^()]*\)")
_SEPARATORS = " \t-–—:;,/·|"
# Short words of an all-capitals heading that stay capitals: abbreviations (ISF, DRG, TSB), not words.
_SMALL_WORDS = frozenset(STOPWORDS | {"år", "dag", "del", "nr", "mv", "mm", "ca", "jf", "se", "seg"})


def _sentence_case(title: str) -> str:
    """An all-capitals heading ("ISF FOR PSYKISK HELSEVERN") in sentence case, abbreviations kept."""
    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        return w if len(w) <= 3 and w.casefold() not in _SMALL_WORDS else w.lower()

    lowered = re.sub(r"[^\W\d_]+", word, title)
    return lowered[:1].upper() + lowered[1:]


def display_title(title: str) -> str:
    """A topic's title as readers see it: without years, since a topic spans years ("Særkoder 2025",
    "Overordnet innretning for 2025", "Brokkoperasjoner dag/døgn (2024 tall)"), tidied, and in sentence
    case when the document prints it in capitals. A title that is nothing but a year keeps it."""
    text = " ".join(title.split())
    out = _YEAR_PARENS.sub("", text)
    out = _YEAR_PHRASE.sub(" ", out)
    out = re.sub(r"\(\s*\)", " ", out)
    out = re.sub(r"\s+([,.:;)])", r"\1", " ".join(out.split()))
    out = re.sub(r"(\s[-–—])(?:\s[-–—])+", r"\1", out)  # "A – – B" → "A – B"
    out = out.strip(_SEPARATORS)
    if not re.search(r"[^\W\d_]", out):
        out = text
    letters = [c for c in out if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        out = _sentence_case(out)
    return out


def topic_title(lineage: Any) -> str:
    """The one display title of a topic (a lineage of the registry): its current title without years.

    Use it wherever a topic is named to readers."""
    return display_title(lineage.title)
