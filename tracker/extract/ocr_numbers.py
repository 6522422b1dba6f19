"""Heading numbers that OCR misread: the dot lost ("51 Overordnet" for "5.1 Overordnet"), read as a
comma ("5,1") or as a space ("5 1").

Tesseract often drops the small dot between the digits of a heading number set in a large or bold face.
The repair uses nothing but the document's own numbering: walking the OCR'd lines in reading order and
keeping the last heading number seen, a line that

* starts with such a token (digits without a dot, ``5,1``, or ``5`` ``1`` as two tokens) followed by a
  capitalised title that reads as a heading (short, no closing comma),
* is set like a heading: larger than the page's body text, or set apart by space above it (at least
  half the body size, as a paragraph break is not) or first on its page,
* and whose digits, split after their first digit(s), give a number that plausibly continues the
  sequence, while the token as written does not (``10`` after ``9`` stays ``10``),

gets the dotted number. Before any number, a large line that starts with "I", "l" or "|" and a
capitalised title is the first chapter, its "1" read as a letter. Lines with font information (a
text layer) are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from tracker.extract.lines import NUMBER_ONLY, Line

_DOTLESS = re.compile(r"^\d{2,3}$")
_COMMA = re.compile(r"^(\d{1,2})[,:;](\d{1,2})\.?$")
_BRACKETED = re.compile(r"^(?:[(\[{](\d{1,2})[)\]}]?|(\d{1,2})[)\]}])$")  # at least one bracket
_UPPER = re.compile(r"^[A-ZÆØÅÉ«\"(]")
_ONE_MISREAD = ("I", "l", "|")  # a sans-serif "1" as OCR reads it

Successor = Callable[[tuple[int, ...] | None, tuple[int, ...]], bool]


def _splits(digits: str) -> list[tuple[int, ...]]:
    """Every way to read ``digits`` as a dotted number of 2-3 parts of 1-2 digits each, the
    fewest and shortest-first parts first ("514" → 5.14, 51.4, 5.1.4)."""
    out: list[tuple[int, ...]] = []
    n = len(digits)
    def part(s: str) -> int | None:  # "05" is no part of a heading number, "0" is ("5.0 Innledning")
        return None if len(s) > 2 or (len(s) > 1 and s[0] == "0") else int(s)

    for i in range(1, n):
        parts = (part(digits[:i]), part(digits[i:]))
        if None not in parts:
            out.append(parts)  # type: ignore[arg-type]
    for i in range(1, n - 1):
        for j in range(i + 1, n):
            parts3 = (part(digits[:i]), part(digits[i:j]), part(digits[j:]))
            if None not in parts3:
                out.append(parts3)  # type: ignore[arg-type]
    return [t for t in out if t[0] > 0]


def _chapter_misread(prev: tuple[int, ...] | None, num: tuple[int, ...]) -> tuple[int, ...] | None:
    """"9:7" right after 5.6: OCR misread the chapter digit (5/9, 6/8, 3/8); the number that
    goes on exactly from the previous heading is meant. Only the very next number qualifies."""
    if prev is None or len(prev) != 2 or len(num) != 2 or num[0] == prev[0] or num[1] != prev[1] + 1:
        return None
    return (prev[0], num[1])


def _heading_set(lines: Sequence[Line], i: int, body_size: float) -> bool:
    ln = lines[i]
    if ln.size >= 1.12 * body_size:
        return True
    prev = next((p for p in reversed(lines[:i]) if p.page == ln.page), None)
    return prev is None or ln.top - prev.bottom >= 0.5 * body_size


def repair_ocr_numbers(lines: Sequence[Line], body_size: float, plausible: Successor) -> list[tuple[str, str]]:
    """Put back the dot in OCR'd heading numbers, in place (see the module doc). ``plausible(prev, new)``
    tells whether ``new`` continues the numbering after ``prev``. Returns (was, now) for each repair."""
    prev: tuple[int, ...] | None = None
    repairs: list[tuple[str, str]] = []
    for i, ln in enumerate(lines):
        words = ln.words
        if len(words) < 2 or ln.bullet:
            continue
        first = words[0].text
        # A number in a circle: OCR reads the circle as brackets, "(5)", "7)" or "(8". Where the
        # bare number goes on from the last one, on a line set as a heading, it is that number.
        if (ln.bold is None and (m := _BRACKETED.match(first)) and _UPPER.match(words[1].text)
                and plausible(prev, (int(m.group(1) or m.group(2)),)) and _heading_set(lines, i, body_size)):
            words[0].text = m.group(1) or m.group(2)
            repairs.append((first, words[0].text))
            first = words[0].text
        if NUMBER_ONLY.match(first) and _UPPER.match(words[1].text):
            num = tuple(int(c) for c in first.rstrip(".").split("."))
            if ln.bold is not None or plausible(prev, num):
                prev = num
                continue
            fixed = _chapter_misread(prev, num)
            if fixed is not None and _heading_set(lines, i, body_size):
                words[0].text = ".".join(str(c) for c in fixed)
                repairs.append((first, words[0].text))
                prev = fixed
                continue
            if not _DOTLESS.match(first):
                if ln.bold is None and _heading_set(lines, i, body_size):
                    prev = num  # set as a heading: the numbering goes on from here
                continue
        if ln.bold is not None or not _heading_set(lines, i, body_size):
            continue
        if first in _ONE_MISREAD and prev is None and ln.size >= 1.12 * body_size and _UPPER.match(words[1].text):
            # The first chapter's "1" read as a letter ("I INNLEDNING"): before any number, in a
            # line larger than the body, where numbering starts.
            words[0].text = "1"
            repairs.append((first, "1"))
            prev = (1,)
            continue
        title_at = 1
        cands: list[tuple[int, ...]] = []
        if m := _COMMA.match(first):
            cands = [(int(m.group(1)), int(m.group(2)))]
            fixed = _chapter_misread(prev, cands[0])
            if not plausible(prev, cands[0]) and fixed is not None:
                cands = [fixed]
        elif first.isdigit() and len(first) <= 2 and len(words) >= 3 and words[1].text.isdigit() and len(
            words[1].text
        ) <= 2:
            cands, title_at = [(int(first), int(words[1].text))], 2
        elif _DOTLESS.match(first):
            as_is = (int(first),) if len(first) <= 2 else None
            if as_is is not None and plausible(prev, as_is):
                continue  # "10" after "9": a number as written
            cands = _splits(first)
        if not cands or title_at >= len(words) or not _UPPER.match(words[title_at].text):
            continue
        title = " ".join(w.text for w in words[title_at:])
        if len(title.split()) > 16 or title.rstrip().endswith((",", ";")):
            continue
        for cand in cands:
            if plausible(prev, cand):
                dotted = ".".join(str(c) for c in cand)
                was = " ".join(w.text for w in words[:title_at])
                w0 = words[0]
                w0.text = dotted
                if title_at == 2:
                    w0.x1 = words[1].x1
                    del words[1]
                repairs.append((was, dotted))
                prev = cand
                break
    return repairs
