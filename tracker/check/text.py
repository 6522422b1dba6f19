"""What a citation sees of a section: its text with its tables, normalised, fingerprinted, diffed,
and the span of it the citation quotes (the sentence or paragraph its pin is of).

The normalisation is deliberately our own (not the alignment stage's) so that pins stay stable when
other stages change how they compare text. It removes what an extraction changes without changing
the meaning: case, Unicode forms, quotes and dashes, punctuation, hyphenation inside words and line
breaks. Comparison symbols (< ≥ %) and every letter and digit are kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from tracker.align.diff import word_diff
from tracker.hashing import sha256_text
from tracker.model import Document, Section, Table

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_KEEP_SYMBOLS = "%<>≤≥="
_SEPARATOR_RE = re.compile(rf"[^\w{re.escape(_KEEP_SYMBOLS)}]+")
_INWORD_HYPHEN_RE = re.compile(r"(?<=\w)-(?=\w)")
# A word hyphenated at a line end ("prosedyreko-\ndene"), but not "Dag- og døgnbehandling".
_LINE_END_HYPHEN_RE = re.compile(
    r"(?<=[a-zæøå])-(?:[ \t]*\n\s*|[ \t]+)(?!og\b|eller\b|samt\b|til\b)(?=[a-zæøå])"
)
_SYMBOL_RE = re.compile(rf"([{re.escape(_KEEP_SYMBOLS)}])")
_TOKEN_NUMERIC_RE = re.compile(r"\w*\d\w*")


def normalise(text: str) -> str:
    """The comparison form of a text: one line of lower-case words, digits and comparison symbols."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = _LINE_END_HYPHEN_RE.sub("", text).translate(_DASHES).casefold()
    text = _INWORD_HYPHEN_RE.sub("", text)
    text = _SYMBOL_RE.sub(r" \1 ", text)
    return " ".join(_SEPARATOR_RE.sub(" ", text).replace("_", " ").split())


def numeric_tokens(normalised: str) -> list[str]:
    """Tokens that carry a number or a code (``30``, ``2025``, ``wwaa03``, ``349n``) in a normalised text."""
    return _TOKEN_NUMERIC_RE.findall(normalised)


def fingerprint(text: str) -> str:
    return "sha256:" + sha256_text(normalise(text))


def render_table(table: Table) -> str:
    lines = []
    if table.caption:
        lines.append(table.caption)
    lines.append(" | ".join(table.header))
    lines.extend(" | ".join(row) for row in table.rows)
    return "\n".join(lines)


def section_tables(doc: Document, section: Section) -> list[Table]:
    """The tables that belong to ``section``: by the table's section number, else by page (the last
    section starting on or before the table's page, which is how unnumbered slides get theirs)."""
    numbers = {s.number for s in doc.sections if s.number}
    owned: list[Table] = []
    for table in doc.tables:
        if table.section and table.section in numbers:
            if table.section == section.number and _first_with_number(doc, section.number) is section:
                owned.append(table)
            continue
        if _section_on_page(doc, table.page) is section:
            owned.append(table)
    return owned


def _first_with_number(doc: Document, number: str | None) -> Section | None:
    return next((s for s in doc.sections if s.number == number), None)


def _section_on_page(doc: Document, page: int) -> Section | None:
    found = None
    for s in doc.sections:
        if s.page <= page:
            found = s
    return found


def section_text(doc: Document, section: Section) -> str:
    """The cited text of a section: title, body and its tables (tables are not part of Section.text)."""
    parts = [section.title, section.text]
    parts.extend(render_table(t) for t in section_tables(doc, section))
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class QuoteMatch:
    found: bool
    score: float  # 100 for an exact (normalised) match
    matched: str  # the normalised passage of the section the quote matched best
    differing: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # numeric tokens: (quote only, text only)


def find_quote(quote: str, text: str, min_similarity: float) -> QuoteMatch:
    """Where ``quote`` is in ``text``: exactly after normalisation, or approximately (an OCR'd text)
    provided no number or code differs between the quote and the passage it matched."""
    q, t = normalise(quote), normalise(text)
    if not q:
        return QuoteMatch(False, 0.0, "")
    if q in t:
        return QuoteMatch(True, 100.0, q)
    if q.replace(" ", "") in t.replace(" ", ""):  # letter-spaced text layers ("d e t v i s e s")
        return QuoteMatch(True, 100.0, q)
    alignment = fuzz.partial_ratio_alignment(q, t)
    if alignment is None:
        return QuoteMatch(False, 0.0, "")
    passage = t[alignment.dest_start : alignment.dest_end]
    # Widen to word boundaries so a number at the edge is compared whole.
    start = t.rfind(" ", 0, alignment.dest_start) + 1
    end_space = t.find(" ", alignment.dest_end)
    passage = t[start : len(t) if end_space < 0 else end_space]
    quote_nums, text_nums = numeric_tokens(q), numeric_tokens(passage)
    only_quote = tuple(x for x in quote_nums if x not in text_nums)
    only_text = tuple(x for x in text_nums if x not in quote_nums)
    found = alignment.score >= min_similarity and not only_quote
    return QuoteMatch(found, round(alignment.score, 1), passage, (only_quote, only_text))


# A sentence ends at . ! or ? (after any closing quote or bracket) followed by a space and a capital
# letter. Requiring the capital is what keeps these documents' abbreviations and ordinals inside
# their sentence ("142 mill. kroner", "jf. punkt 2", "fra 1. august"). No sentence splitter that
# knows bokmål works offline without downloaded models, and the split need not be perfect: it only
# has to be the same on both sides of a pin, and a quote it cuts in two gets its paragraph.
_SENTENCE_END_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'»”’)\]]))\s+(?=[\"'«“‘(\[]?[A-ZÆØÅÄÖÜÉ])")


def sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph (a line of a section's text), as extracted."""
    return [s.strip() for s in _SENTENCE_END_RE.split(paragraph) if s.strip()]


@dataclass(frozen=True)
class QuotedSpan:
    """The passage of a section a citation's quote stands in, as extracted: what its pin is of."""

    text: str
    unit: Literal["sentence", "paragraph"]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


def quoted_span(quote: str, text: str) -> QuotedSpan | None:
    """The sentence of ``text`` that holds ``quote``, or the paragraph(s) when the quote runs over a
    sentence end; None when the text has no words.

    A sentence because that is what a citation vouches for: a changed number two sentences away
    leaves the quoted statement as it was, while any change inside its sentence ("ikke", a year, a
    condition) may change what the quote means. A quote over several sentences is taken with its whole
    paragraph(s): its parts lean on one another, and the paragraph is the smallest unit the layout
    marks, so the span does not hang on where the sentence splitter happened to cut.

    The quote is located as :func:`find_quote` locates it (exactly after normalisation, letter-spaced,
    or approximately for OCR'd text); where it is not in the text any more, the closest passage gives
    the span, so the finding can show how the quoted sentence changed.
    """
    paragraphs = [p for p in text.split("\n") if p.strip()]
    units: list[tuple[int, str]] = []  # (paragraph index, sentence)
    bounds: list[tuple[int, int]] = []  # each unit's [start, end) in ``joined``
    parts: list[str] = []
    position = 0
    for index, paragraph in enumerate(paragraphs):
        for sentence in sentences(paragraph):
            normalised = normalise(sentence)
            if not normalised:
                continue
            units.append((index, sentence))
            bounds.append((position, position + len(normalised)))
            parts.append(normalised)
            position += len(normalised) + 1
    joined = " ".join(parts)
    where = _locate(normalise(quote), joined)
    if where is None:
        return None
    start, end = where
    touched = [i for i, (b_start, b_end) in enumerate(bounds) if b_start < end and start < b_end]
    if not touched:
        return None
    if len(touched) == 1:
        return QuotedSpan(units[touched[0]][1], "sentence")
    first, last = units[touched[0]][0], units[touched[-1]][0]
    return QuotedSpan("\n".join(paragraphs[first : last + 1]).strip(), "paragraph")


def _locate(q: str, t: str) -> tuple[int, int] | None:
    """Where the normalised quote ``q`` is in the normalised text ``t``, as ``(start, end)``: the first
    exact occurrence, else the letter-spaced one, else the closest passage."""
    if not q or not t:
        return None
    start = t.find(q)
    if start >= 0:
        return start, start + len(q)
    compact_q = q.replace(" ", "")
    letters = [i for i, ch in enumerate(t) if ch != " "]
    start = "".join(t[i] for i in letters).find(compact_q)
    if start >= 0:
        return letters[start], letters[start + len(compact_q) - 1] + 1
    alignment = fuzz.partial_ratio_alignment(q, t)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    return alignment.dest_start, alignment.dest_end


@dataclass(frozen=True)
class RenderedDiff:
    rendered: str  # "…context [-removed-]{+added+} context…", one line per change
    substantive: bool  # a number, code, amount or negation changed


def render_diff(old: str, new: str, context: int = 6, max_chunks: int = 8) -> RenderedDiff:
    """The alignment stage's :func:`~tracker.align.diff.word_diff` of two texts (exact: no OCR folding),
    rendered compactly for a reviewer, and whether it is substantive."""
    changes = word_diff(old, new, ocr_tolerant=False)
    return RenderedDiff(_render([(c.op, c.text) for c in changes], context, max_chunks),
                        any(c.substantive for c in changes))


def _shorten(text: str, head: int = 30, tail: int = 10) -> str:
    words_ = text.split()
    if len(words_) <= head + tail + 5:
        return text
    return f"{' '.join(words_[:head])} … ({len(words_) - head - tail} words) … {' '.join(words_[-tail:])}"


def _render(ops: list[tuple[str, str]], context: int, max_chunks: int) -> str:
    chunks: list[str] = []
    current: list[str] = []
    for i, (op, text) in enumerate(ops):
        if op == "equal":
            words_ = text.split()
            if current:
                current.append(" ".join(words_[:context]) + ("…" if len(words_) > context else ""))
                chunks.append(" ".join(current).strip())
                current = []
            if i + 1 < len(ops):
                current = [("…" if len(words_) > context else "") + " ".join(words_[-context:])]
            continue
        if not current:
            current = [""]
        shown = _shorten(text.strip())
        current.append(f"[-{shown}-]" if op == "delete" else f"{{+{shown}+}}")
    if current:
        chunks.append(" ".join(current).strip())
    chunks = [c for c in chunks if "[-" in c or "{+" in c]
    if len(chunks) > max_chunks:
        chunks = chunks[:max_chunks] + [f"(and {len(chunks) - max_chunks} more changes)"]
    return "\n".join(chunks)
