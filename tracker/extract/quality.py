"""Language quality of a page's text: does it read as Norwegian, or as English-only OCR of Norwegian?

``page_quality(words) -> float`` in 0..1. Two ingredients:

* **Lexical share**: the share of alphabetic tokens that are Norwegian words. Words are looked up in
  Debian's ``wnorwegian`` lists (``/usr/share/dict/bokmaal`` and ``nynorsk``, ISO-8859-1, with
  inflected forms). Compounds ("stjernekoding", "helseforetakene") are accepted when they split into
  two or three known parts, optionally with a linking ``s``/``e`` ("grunnlag-s-dokument"); hyphenated
  tokens ("ISF-ordningen", "e-helse") when each part is known or an acronym. Acronyms (all capitals,
  up to 6 letters) and tokens with digits (codes such as "IEAD00") are not counted either way.
* **Tell-tale English-OCR patterns**, counted as bad tokens on top of the lexical misses:
  "pa"/"a"/"ogsa"/"ma"/"na"/"fa" (på/å/også/må/nå/få), a lone "|" (for "I"), ``@`` starting a word
  ("@kt" for "Økt"), digits inside lowercase words ("f0lge"), runs of letter-spaced capitals
  ("I N N L E D N I N G"), and a long page of Norwegian-looking text without a single æ/ø/å.

Measured with ``python -m tracker.extract.quality source_pdfs/*.pdf`` (text layers) and
``python -m bench.bench_ocr`` (OCR output):

===========================================================  ==========  ========  ========
pages                                                        min         median    max
===========================================================  ==========  ========  ========
English-OCR text layer of the 2024 scan (19 pages)           0.02        0.11      0.64
Tesseract ``nor`` output of the same scan (19 pages)         0.87        0.98      1.00
born-digital 2025 grunnlagsdokument (24 pages)               0.90        0.99      1.00
born-digital 2027 slides (59 pages)                          0.29 [1]_   0.97      0.99
born-digital 2019 slides, 2024 endringslogg (7 pages)        0.96        0.99      0.99
===========================================================  ==========  ========  ========

.. [1] an English-language slide; the next lowest is 0.80, a title slide of five words (two of them
   a person's name). Low scores on born-digital pages do no harm: only scanned pages are re-OCR'd.

:data:`QUALITY_THRESHOLD` = 0.75 lies in the middle of the gap between the bad layer's highest page
(0.64, its title page) and the lowest Norwegian born-digital page (0.80).

Without the word list (package ``wnorwegian`` missing) the score falls back to the pattern-only part
and a warning is logged once; the bootstrap script installs the package.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from tracker.extract.words import Word

log = logging.getLogger(__name__)

QUALITY_THRESHOLD = 0.75
"""Pages scoring below this are treated as having a bad text layer (re-OCR)."""

WORDLIST_PATHS: tuple[Path, ...] = (
    Path("/usr/share/dict/bokmaal"),
    Path("/usr/share/dict/nynorsk"),
)

# English-only OCR turns å into a, so these common words come out as non-words (or as "pa").
_ENGLISH_OCR_WORDS = frozenset({"pa", "a", "ogsa", "ma", "na", "fa", "nar", "bade", "fglge", "falge"})
_LETTERS = "a-zæøåéèêóòôüäö"
_WORD_RE = re.compile(rf"^[{_LETTERS}]+(?:-[{_LETTERS}]+)*$", re.IGNORECASE)
_DIGIT_IN_WORD = re.compile(rf"[{_LETTERS}][0-9]+[{_LETTERS}]", re.IGNORECASE)
_STRIP = "\"'«»“”‘’()[]{}.,;:!?*…/"
_NORDIC = re.compile("[æøåÆØÅ]")
_MIN_PART = 3  # shortest compound part


@lru_cache(maxsize=1)
def _wordlist() -> frozenset[str]:
    words: set[str] = set()
    for path in WORDLIST_PATHS:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        words.update(data.decode("latin-1").lower().split())
    if not words:
        log.warning(
            "Norwegian word list not found (%s): page quality uses pattern-only scoring. "
            "Install it with: apt-get install wnorwegian",
            ", ".join(str(p) for p in WORDLIST_PATHS),
        )
    return frozenset(words)


def wordlist_available() -> bool:
    return bool(_wordlist())


def in_word_list(word: str) -> bool:
    """True if ``word`` (any case) is itself in the word list: no compound of known parts, which
    accepts a misread word as readily as a real one ("regeiverk" as "rege" + "iverk")."""
    return word.lower() in _wordlist()


@lru_cache(maxsize=200_000)
def is_norwegian_word(word: str) -> bool:
    """True if ``word`` (any case) is in the word list, or is a compound or hyphenation of known parts."""
    lex = _wordlist()
    w = word.lower()
    if not lex:
        return True
    if len(w) > _MAX_WORD_LENGTH:  # the compound search is cubic in the length: no real word is this long
        return False
    if w in lex:
        return True
    if "-" in w:
        parts = [p for p in word.split("-") if p]
        return bool(parts) and all(
            _is_acronym(p) or len(p) <= 3 or p.lower() in lex or _compound(p.lower(), lex, 2) for p in parts
        )
    return _compound(w, lex, 2)


_MAX_WORD_LENGTH = 60


def _compound(w: str, lex: frozenset[str], depth: int) -> bool:
    """w = head + tail where head is a known word (optionally + linking s/e) and tail is known/compound."""
    n = len(w)
    if n < 2 * _MIN_PART:
        return False
    for i in range(n - _MIN_PART, _MIN_PART - 1, -1):  # longest head first
        tail = w[i:]
        tail_ok = tail in lex or (depth > 1 and _compound(tail, lex, depth - 1))
        if not tail_ok:
            continue
        head = w[:i]
        if head in lex:
            return True
        if head[-1] in "se" and len(head) > _MIN_PART and head[:-1] in lex:
            return True
    return False


# What English-only OCR makes of æ/ø/å (and what to try putting back).
_NORDIC_SUBS: tuple[tuple[str, str], ...] = (
    ("ae", "æ"), ("a", "å"), ("o", "ø"), ("g", "ø"), ("a", "ø"), ("a", "æ"), ("0", "ø"),
)


@lru_cache(maxsize=100_000)
def _stripped_nordic(w: str) -> bool:
    """True if ``w`` is not a word but becomes one with one or two of its letters turned into æ/ø/å."""
    lex = _wordlist()
    if len(w) < 3 or len(w) > 30 or not lex:
        return False
    seen = {w}
    frontier = [w]
    for _ in range(2):
        nxt = []
        for cand in frontier:
            for src, dst in _NORDIC_SUBS:
                start = cand.find(src)
                while start != -1:
                    v = cand[:start] + dst + cand[start + len(src):]
                    if v not in seen:
                        seen.add(v)
                        if v in lex:
                            return True
                        nxt.append(v)
                    start = cand.find(src, start + 1)
        frontier = nxt
        if len(frontier) > 400:
            break
    return False


def _tokens(words: Iterable[Word | str]) -> list[str]:
    out = []
    for w in words:
        t = w if isinstance(w, str) else w.text
        t = unicodedata.normalize("NFC", t)
        out.append(t)
    return out


def _is_acronym(t: str) -> bool:
    return t.isupper() and len(t) <= 6


def quality_details(words: Sequence[Word | str]) -> dict[str, float]:
    """The ingredients of :func:`page_quality`, for diagnostics and the measurement script."""
    toks = _tokens(words)
    lex_ok = wordlist_available()
    n_alpha = known = 0
    bad = 0.0
    letters = nordic = 0
    spaced_run = 0
    for raw in toks:
        # letter-spaced words: a run of >= 3 single letters ("I N N L E D N I N G", "G r unn l a g s")
        if len(raw) == 1 and raw.isalpha():
            spaced_run += 1
            if spaced_run == 3:
                bad += 3
            elif spaced_run > 3:
                bad += 1
            continue
        spaced_run = 0
        if raw == "|":
            bad += 1
            continue
        if raw.startswith("@") and len(raw) > 1 and raw[1:2].isalpha():
            bad += 1
            continue
        t = raw.strip(_STRIP)
        if not t:
            continue
        if _DIGIT_IN_WORD.search(t) and t.lower() == t:
            bad += 1
            n_alpha += 1
            continue
        if not _WORD_RE.match(t):
            continue  # numbers, codes, URLs, symbols: no evidence either way
        letters += len(t)
        nordic += len(_NORDIC.findall(t))
        lw = t.lower()
        if lw in _ENGLISH_OCR_WORDS and not (lw == "a" and raw.endswith(")")):
            bad += 1
            n_alpha += 1
            continue
        if len(t) < 2:
            continue
        if _is_acronym(t):
            continue
        n_alpha += 1
        if not lex_ok or is_norwegian_word(t):
            known += 1
        elif lw == t or t[:1].isupper() and t[1:].islower():
            if _stripped_nordic(lw):
                bad += 1  # "falge", "vaere", "overfgring": a Norwegian word with æ/ø/å lost
    lexical = known / n_alpha if n_alpha else 1.0
    pattern = 1.0 - min(1.0, 3.0 * bad / max(n_alpha, 1)) if (n_alpha or bad) else 1.0
    # æ/ø/å are 1.2-1.9 % of the letters of the corpus gold texts; a page with none at all, where
    # about lam = 0.012 * letters were expected, is suspicious in proportion to exp(-lam). Born-digital
    # pages without æ/ø/å exist (code lists, English slides), so this only strengthens other evidence.
    no_nordic = 1.0
    if nordic == 0 and letters >= 150 and bad >= 1:
        no_nordic = 0.5 + 0.5 * math.exp(-0.012 * letters / 2)
    return {
        "tokens": float(n_alpha),
        "known": float(known),
        "bad": float(bad),
        "lexical": lexical,
        "pattern": pattern,
        "nordic_letters": float(nordic),
        "letters": float(letters),
        "no_nordic_penalty": 1.0 - no_nordic,
        "wordlist": 1.0 if lex_ok else 0.0,
    }


def page_quality(words: Sequence[Word | str]) -> float:
    """Language quality of a page's words, 0..1 (see the module doc). A page without words scores 0."""
    if not words:
        return 0.0
    d = quality_details(words)
    if d["tokens"] == 0 and d["bad"] == 0:
        return 1.0 if any(_tokens(words)) else 0.0  # only numbers/codes: nothing to judge
    if d["wordlist"]:
        score = d["lexical"] * d["pattern"]
    else:
        score = d["pattern"]
    score *= 1.0 - d["no_nordic_penalty"]
    # Few tokens carry little evidence: shrink towards a neutral prior so a title page with three
    # words is not re-OCR'd (or trusted) on chance alone.
    n = d["tokens"]
    prior, k = QUALITY_THRESHOLD + 0.05, 4.0
    score = (score * n + prior * k) / (n + k)
    return round(max(0.0, min(1.0, score)), 4)


def _main() -> None:  # pragma: no cover - measurement helper
    import statistics
    import sys

    from tracker.extract.pdftext import open_pdf, page_words

    for path in sys.argv[1:]:
        with open_pdf(path) as pdf:
            scores = [page_quality(page_words(p, i + 1).words) for i, p in enumerate(pdf.pages)]
        print(f"{Path(path).name}: min {min(scores):.3f} median {statistics.median(scores):.3f} "
              f"max {max(scores):.3f}  {' '.join(f'{s:.2f}' for s in scores)}")


if __name__ == "__main__":  # pragma: no cover
    _main()
