"""Word-level diffs of two versions of a section, and whether a change is editorial or substantive.

Before diffing, what is not a change is normalised away: line breaks and runs of whitespace,
words hyphenated at a line end, typographic quotes and dashes, the section's own renumbering
(and, given a number map, references that merely follow a renumbering), and — for scanned text
— the usual OCR confusions (0/O, 1/l/I, rn/m) when comparing words.

The diff itself is diff-match-patch run on words rather than characters (each distinct word is
mapped to one character, as its line mode does for lines), followed by its semantic clean-up,
so a reworded sentence shows as one deletion and one insertion instead of a scatter of letters.
"""

from __future__ import annotations

import re
from typing import Literal

from diff_match_patch import diff_match_patch
from pydantic import BaseModel, ConfigDict

from tracker.align.text import dehyphenate

Op = Literal["equal", "insert", "delete"]

TOKEN_RE = re.compile(r"\s+|[0-9A-Za-zÆØÅæøåÄÖÜäöüÉéÈè]+(?:[.,:/-][0-9A-Za-zÆØÅæøå]+)*|[^\s]", re.UNICODE)
# What makes a change substantive: numbers (amounts, dates, percentages, section numbers),
# codes (DRG 349N, WMGA28, B0050, L01FG01) and negations.
DIGIT_RE = re.compile(r"\d")
CODE_RE = re.compile(r"\b[A-ZÆØÅ]{1,6}\d[0-9A-Z]*\b|\b\d+[A-Z]\b")
PERCENT_RE = re.compile(r"%|\bprosent\b", re.IGNORECASE)
NEGATION_RE = re.compile(r"\b(?:ikke|ikkje|ingen|intet|inga|aldri|uten|unntatt|verken|heller ikke|nei)\b", re.IGNORECASE)
AMOUNT_RE = re.compile(r"\b(?:kr|kroner|mill|millioner|milliarder|nok)\b", re.IGNORECASE)

_OCR_FOLD = str.maketrans({"0": "o", "O": "o", "1": "l", "I": "l", "|": "l", "5": "s", "S": "s"})
_ASCII_FOLD = str.maketrans({"ø": "o", "å": "a", "Ø": "o", "Å": "a"})
NORWEGIAN_LETTERS = re.compile(r"[æøåÆØÅ]")


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid")

    op: Op
    text: str
    substantive: bool = False


def normalise(text: str) -> str:
    """The text with what is not a change removed (whitespace, line-end hyphens, quotes, dashes)."""
    text = text.replace("\u00ad", "")
    text = dehyphenate(text)
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(ch, "-")
    for ch in "\u00ab\u00bb\u201c\u201d\u201e":
        text = text.replace(ch, '"')
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def _ocr_key(token: str, ascii_fold: bool = False) -> str:
    """Tokens equal under this key differ only by characters OCR commonly confuses.

    Only applied to tokens with letters; two different numbers ("2023"/"2024") keep
    different keys. ``ascii_fold`` also equates æ/ø/å with ae/o/a, for a text layer that lost
    them ("utlose", "bade", "ordinaer") — only then, since "for"/"før" is a real change.
    """
    if token.isdigit() or token.isspace():
        return token
    if any(c.isalpha() for c in token):
        if ascii_fold:
            token = token.replace("æ", "ae").replace("Æ", "ae").translate(_ASCII_FOLD)
        return token.replace("rn", "m").translate(_OCR_FOLD).casefold()
    return token


def lost_norwegian_letters(a: str, b: str) -> bool:
    """One side has no æøå at all in a long text while the other has them: a bad text layer."""
    ha, hb = bool(NORWEGIAN_LETTERS.search(a)), bool(NORWEGIAN_LETTERS.search(b))
    return ha != hb and min(len(a), len(b)) > 200


def is_substantive(text: str) -> bool:
    return bool(
        DIGIT_RE.search(text)
        or CODE_RE.search(text)
        or PERCENT_RE.search(text)
        or NEGATION_RE.search(text)
        or AMOUNT_RE.search(text)
    )


def _apply_number_map(text: str, number_map: dict[str, str] | None) -> str:
    """Rewrite section references ("kapittel 3.3", "punkt 6.14") through ``number_map``.

    Only numbers after a reference word are touched: "3.3 mill. kroner" is an amount, not a
    section. Longest numbers first, and whole numbers only ("3.1" must not touch "3.10").
    """
    if not number_map:
        return text
    keys = sorted(number_map, key=len, reverse=True)
    pattern = re.compile(
        r"(\b(?:kap\w*\.?|punkt\w*|avsnitt\w*)\s+)(" + "|".join(re.escape(k) for k in keys) + r")(?![\d]|\.\d)",
        re.IGNORECASE,
    )
    return pattern.sub(lambda m: m.group(1) + "\u00a7" + number_map[m.group(2)].replace(".", "\u00b7"), text)


def word_diff(
    old_text: str,
    new_text: str,
    *,
    number_map: dict[str, str] | None = None,
    ocr_tolerant: bool = True,
) -> list[Change]:
    """Word-level changes from ``old_text`` to ``new_text``.

    ``number_map`` (old number → new number, e.g. the section's own 3.3 → 4.3 or a whole
    alignment's renumbering) makes a reference that just follows a renumbering equal.
    """
    a = normalise(old_text)
    b = normalise(new_text)
    if number_map:
        # Rewrite the old side's numbers to the new ones, and mark the new side's the same way.
        a = _apply_number_map(a, number_map)
        b = _apply_number_map(b, {v: v for v in number_map.values()})
    # Words and punctuation are the units compared; the space after a token only travels with it
    # for display (whitespace is never a change, and leaving it out halves the sequences).
    ta, sa = _tokens(a)
    tb, sb = _tokens(b)
    fold_letters = ocr_tolerant and lost_norwegian_letters(a, b)

    def key(t: str) -> str:
        return _ocr_key(t, fold_letters) if ocr_tolerant else t

    code: dict[str, str] = {}

    def encode(tokens: list[str]) -> str:
        out = []
        for t in tokens:
            k = key(t)
            if k not in code:
                code[k] = chr(0xE000 + len(code)) if len(code) < 6400 else chr(0xF0000 + len(code))
            out.append(code[k])
        return "".join(out)

    ea, eb = encode(ta), encode(tb)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # deterministic: never cut a diff short on a slow machine
    diffs = dmp.diff_main(ea, eb, False)
    dmp.diff_cleanupSemantic(diffs)
    # Decode: for equal and delete runs read the old tokens, for inserts the new tokens.
    changes: list[Change] = []
    ia = ib = 0
    for op, chars in diffs:
        n = len(chars)
        if op == 0:
            text = "".join(sb[ib : ib + n])  # show the new spelling of equal text
            if not text.endswith(" ") and sa[ia + n - 1].endswith(" "):
                text += " "  # the old side goes on after it (a deletion follows)
            ia += n
            ib += n
            kind: Op = "equal"
        elif op == -1:
            text = "".join(sa[ia : ia + n])
            ia += n
            kind = "delete"
        else:
            text = "".join(sb[ib : ib + n])
            ib += n
            kind = "insert"
        text = text.replace("\u00a7", "").replace("\u00b7", ".")
        if not text:
            continue
        if changes and changes[-1].op == kind:
            changes[-1] = Change(op=kind, text=changes[-1].text + text)
        else:
            changes.append(Change(op=kind, text=text))
    out = []
    for c in changes:
        sub = c.op != "equal" and is_substantive(c.text)
        out.append(Change(op=c.op, text=c.text, substantive=sub))
    return _drop_blank_changes(out)


def _drop_blank_changes(changes: list[Change]) -> list[Change]:
    """A change that only inserts or deletes a space is no change: fold it into the equal text."""
    out: list[Change] = []
    for c in changes:
        if c.op != "equal" and not c.text.strip():
            if c.op == "insert":
                c = Change(op="equal", text=c.text)
            else:
                continue
        if out and out[-1].op == c.op == "equal":
            out[-1] = Change(op="equal", text=out[-1].text + c.text)
        else:
            out.append(c)
    return out


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """The non-space tokens of ``text``, and each token as shown (with the space after it)."""
    keys, shown = [], []
    for m in TOKEN_RE.finditer(text):
        t = m.group()
        if t.isspace():
            if shown:
                shown[-1] += " "
            continue
        keys.append(t)
        shown.append(t)
    return keys, shown


def classify(changes: list[Change]) -> Literal["unchanged", "editorial", "substantive"]:
    """unchanged: nothing inserted or deleted; substantive: a number, date, code, amount,
    percentage or negation changed; editorial: only wording."""
    edits = [c for c in changes if c.op != "equal"]
    if not edits:
        return "unchanged"
    if any(c.substantive for c in edits):
        return "substantive"
    return "editorial"
