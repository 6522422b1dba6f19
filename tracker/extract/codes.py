"""Repair OCR confusions (O/0, I/l/1, S/5, B/8) inside the codes ISF documents are full of.

The shapes below were read off every code-like token in the corpus gold texts
(``tests/gold/*/source.md``); ``L`` is a capital letter, ``D`` a digit:

====================  ===========  ==========================================================
shape                 example      what
====================  ===========  ==========================================================
``LLDD``              PT01, XS04   STG / TFG / særgruppe (AS01, ES02, JS09, TS03, HT04, DS03)
``LLDDL``             TD11A        TFG with variant letter (TD01A, TD99L)
``LLDDDL``            TD998A       TFG with variant letter
``LLLDD``             NFJ50        NCSP procedure (ZXM10, KEX03, ZQX00, EBT05, ICD10)
``LLLDDL``            WSD93D       NCSP procedure with suffix (PDQ30B, KEB06K, JJO33K)
``LLLLDD``            IEAD00       NCMP/NCRP procedure (WWAA03, WEOC00, WMGA28, GXAV01, ZWUU20)
``LDDDD``             B0051        særkode (A0099, B0029)
``LDDLLDD``           M03AX01      ATC code (L01FG01, N01AX03)
``DDDL``              908O, 811S   DRG: three digits and a letter (808I, 996O, 191B, 212A)
``DDLDD``             09S02        NPK egenskap (property) code (12O02, 03O14, 08S16, 14X10)
``IS-DDDD``           IS-2599      Helsedirektoratet publication number
====================  ===========  ==========================================================

Rules (conservative, so ordinary words and numbers are never touched):

* A token made only of capitals, digits and confusable characters, with at least one digit and one
  letter, that does not already have a known shape, is mapped onto the known shape of the same
  length needing the fewest substitutions (digit positions: O/o/Q/D→0, I/l/|→1, S→5, B→8, Z→2;
  letter positions: 0→O, 1→I, 5→S, 8→B, 2→Z). At most two substitutions, and only when a single
  shape wins. "PTO1"→"PT01", "X504"→"XS04", "IEADO0"→"IEAD00", "MO3AX01"→"M03AX01"; "JJO33K" is
  already a valid NCSP shape and is kept, as the gold keeps it.
* A four-digit number is a DRG code read with its letter as a digit ("9080"→"908O", "8115"→"811S",
  "8081"→"808I") only with context: the previous word is "DRG", or the next word is a capitalised
  title word, or the next two are a two-digit HDG number and a title (a table row), or it sits in
  a comma/"og" list next to a DRG code. Years (1900-2059) need the "DRG" prefix.
* A five-digit number after "egenskap*" is an egenskap code with its middle letter read as a digit
  ("12002"→"12O02", "09502"→"09S02").
* "(15-2599)" → "(IS-2599)": "IS" read as "15" in front of a four-digit publication number.
* With page context (:func:`repair_by_siblings`): a capitals-only token that fits the shape of codes
  with the same two-letter prefix on the same page is one of them ("PTOS" among PT01…PT10 → "PT05").

Known limits: "BOO51" is a valid NCSP shape as it stands (LLLDD), so a særkode read that way stays;
a digit read as a letter that is not a look-alike ("PTOY" for PT09) cannot be repaired.
"""

from __future__ import annotations

import re

SHAPES: tuple[str, ...] = (
    "LLDD", "LLDDL", "LLDDDL", "LLLDD", "LLLDDL", "LLLLDD", "LDDDD", "LDDLLDD", "DDDL", "DDLDD",
)
_SHAPES_BY_LEN: dict[int, list[str]] = {}
for _s in SHAPES:
    _SHAPES_BY_LEN.setdefault(len(_s), []).append(_s)

_AS_DIGIT = {"O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8", "Z": "2"}
_AS_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"}
_DRG_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B"}
_CODE_CHARS = re.compile(r"^[A-Z0-9Ool|]+$")
_PUNCT_L = "([«\"'"
_PUNCT_R = ")]».,;:!?\"'"
_TITLE = re.compile(r"^[A-ZÆØÅ][a-zæøå]")
_DRG_SHAPE = re.compile(r"^\d{3}[A-Z]$")
# A number after these is a page, an amount or an address, never a code.
_NOT_CODE_BEFORE = frozenset({"side", "sidene", "s", "nr", "kr", "kroner", "postboks", "tlf", "telefon", "pkt"})
_IS_NUMBER = re.compile(r"^(?:15|1S|I5|l5|lS|IS)-(\d{4})$")


def _shape_of(tok: str) -> str | None:
    s = "".join("L" if c.isalpha() and c.isupper() else "D" if c.isdigit() else "?" for c in tok)
    return s if s in SHAPES else None


def _fit(tok: str, shape: str) -> tuple[int, str] | None:
    out = []
    changes = 0
    for c, want in zip(tok, shape, strict=True):
        if want == "D":
            if c.isdigit():
                out.append(c)
            elif c in _AS_DIGIT:
                out.append(_AS_DIGIT[c])
                changes += 1
            else:
                return None
        else:
            if c.isalpha() and c.isupper() and c.isascii():
                out.append(c)
            elif c in _AS_LETTER:
                out.append(_AS_LETTER[c])
                changes += 1
            else:
                return None
    return changes, "".join(out)


def repair_shape(tok: str) -> str:
    """Map a mixed letter/digit token onto a known code shape (no context needed); else unchanged."""
    if len(tok) < 4 or not _CODE_CHARS.match(tok) or _shape_of(tok):
        return tok
    # Evidence that this is a code at all: a digit, and a capital that cannot be a misread digit.
    has_digit = any(c.isdigit() for c in tok)
    sure_letter = any(c.isalpha() and c.isupper() and c not in _AS_DIGIT for c in tok)
    if not (has_digit and sure_letter):
        return tok
    best: list[tuple[int, str]] = []
    for shape in _SHAPES_BY_LEN.get(len(tok), ()):
        fit = _fit(tok, shape)
        if fit is not None and 0 < fit[0] <= 2:
            best.append(fit)
    if not best:
        return tok
    best.sort()
    if len(best) > 1 and best[0][0] == best[1][0] and best[0][1] != best[1][1]:
        return tok  # ambiguous
    changes, fixed = best[0]
    # the token must keep more original characters than it changes
    if changes * 2 >= len(tok):
        return tok
    return fixed


def code_siblings(tokens: list[str]) -> set[tuple[str, str]]:
    """(two-letter prefix, shape) of the well-formed letter+digit codes among ``tokens`` (one page)."""
    out = set()
    for t in tokens:
        core = _split_punct(t)[1]
        shape = _shape_of(core)
        if shape and shape[:2] == "LL" and any(c.isdigit() for c in core):
            out.add((core[:2], shape))
    return out


def repair_by_siblings(tok: str, siblings: set[tuple[str, str]]) -> str:
    """A token with no digit left ("PTOS") next to codes of its prefix and shape (PT01, PT02 on the same
    page) is one of them: map it onto that shape ("PT05"). Ordinary words are never in such company."""
    pre, core, post = _split_punct(tok)
    if not siblings or len(core) < 4 or not core.isupper() or not core.isalpha() or not core.isascii():
        return tok
    for prefix, shape in siblings:
        if core[:2] == prefix and len(shape) == len(core):
            fit = _fit(core, shape)
            if fit is not None and 0 < fit[0] <= 2:
                return f"{pre}{fit[1]}{post}"
    return tok


def _is_year(n: str) -> bool:
    return n.isdigit() and len(n) == 4 and 1900 <= int(n) <= 2059


def _split_punct(tok: str) -> tuple[str, str, str]:
    i, j = 0, len(tok)
    while i < j and tok[i] in _PUNCT_L:
        i += 1
    while j > i and tok[j - 1] in _PUNCT_R:
        j -= 1
    return tok[:i], tok[i:j], tok[j:]


def _core(tok: str | None) -> str:
    return _split_punct(tok)[1] if tok else ""


def repair_code_token(tok: str, prev: str | None = None, nxt: str | None = None, nxt2: str | None = None,
                      list_neighbour_is_drg: bool = False) -> str:
    """Repair one whitespace-delimited token, given its neighbours on the line (or None)."""
    pre, core, post = _split_punct(tok)
    if not core:
        return tok
    m = _IS_NUMBER.match(core)
    if m and core[:2] != "IS" and (pre.startswith("(") or post.startswith(")")):
        return f"{pre}IS-{m.group(1)}{post}"
    if core.isdigit():
        p = _core(prev).lower()
        if len(core) == 4 and core[3] in _DRG_LETTER:
            is_drg_ctx = p in ("drg", "drg-ene", "drg-en")
            if p in _NOT_CODE_BEFORE:
                return tok
            n1, n2 = _core(nxt), _core(nxt2)
            title_next = bool(nxt) and _TITLE.match(n1) is not None and not post
            table_row = bool(nxt) and n1.isdigit() and len(n1) == 2 and _TITLE.match(n2 or "") is not None
            if is_drg_ctx or ((title_next or table_row or list_neighbour_is_drg) and not _is_year(core)):
                return f"{pre}{core[:3]}{_DRG_LETTER[core[3]]}{post}"
        if len(core) == 5 and core[2] in _DRG_LETTER and p.startswith("egenskap"):
            return f"{pre}{core[:2]}{_DRG_LETTER[core[2]]}{core[3:]}{post}"
        return tok
    fixed = repair_shape(core)
    return f"{pre}{fixed}{post}" if fixed != core else tok


def repair_tokens(tokens: list[str]) -> list[str]:
    """Repair a line's tokens in order, each with its neighbours as context."""
    out = list(tokens)
    n = len(out)
    for i in range(n):
        prev = out[i - 1] if i > 0 else None
        nxt = out[i + 1] if i + 1 < n else None
        nxt2 = out[i + 2] if i + 2 < n else None
        out[i] = repair_code_token(out[i], prev, nxt, nxt2)
    # second pass: numbers in a comma/"og" list with a DRG code ("908O, 9230 og 8770 ...")
    for i in range(n):
        core = _core(out[i])
        if not (core.isdigit() and len(core) == 4):
            continue
        neigh = []
        if i > 0 and (out[i - 1].endswith(",") or _core(out[i - 1]) in ("og", "eller")):
            j = i - 2 if _core(out[i - 1]) in ("og", "eller") else i - 1
            if j >= 0:
                neigh.append(_core(out[j]))
        if out[i].endswith(",") and i + 1 < n:
            neigh.append(_core(out[i + 1]))
        if i + 2 < n and _core(out[i + 1]) in ("og", "eller"):
            neigh.append(_core(out[i + 2]))
        if any(_DRG_SHAPE.match(x) for x in neigh):
            out[i] = repair_code_token(out[i], None, None, None, list_neighbour_is_drg=True)
    return out


_WS = re.compile(r"(\s+)")


def repair_codes(text: str) -> str:
    """Repair code tokens in free text, line by line, keeping all whitespace as it was."""
    lines = text.split("\n")
    out_lines = []
    for line in lines:
        parts = _WS.split(line)
        toks = [p for p in parts if p and not p.isspace()]
        fixed = iter(repair_tokens(toks))
        out_lines.append("".join(p if (not p or p.isspace()) else next(fixed) for p in parts))
    return "\n".join(out_lines)
