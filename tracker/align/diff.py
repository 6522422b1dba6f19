"""Word-level diffs of two versions of a section, and whether a change is editorial or substantive.

Before diffing, what is not a change is normalised away: line breaks and runs of whitespace,
words hyphenated at a line end, typographic quotes and dashes, and — for scanned text — the usual
OCR confusions (0/O, 1/l/I, rn/m) when comparing words.

Renumbering is a matter of *matching*, never of what is shown. Given the alignment's number map
(old section number → new), a reference that only follows the renumbering ("se kapittel 6.4" in
2024, "se punkt 7.4" in 2025, where 6.4 became 7.4) is compared by the section it points to and
counts as equal; references to the ISF-regelverk are compared through the regelverk's own
renumbering, never through this document's. The diff keeps each document's real words: an equal
run shows the new words and carries the old ones in ``old_text`` where they differ, and a
renumbered reference is marked (``renumbered``) so a reader is told beside the diff
("Omnummerert: 6.4 → 7.4") instead of seeing a rewritten text.

The diff itself is diff-match-patch run on words rather than characters (each distinct word is
mapped to one character, as its line mode does for lines), followed by its semantic clean-up,
so a reworded sentence shows as one deletion and one insertion instead of a scatter of letters.
Years are compared as one wildcard and then shown as a deletion and an insertion of their own,
so "fra 2023 til 2024" → "fra 2024 til 2025" is two small year changes, not a shifted phrase.

Editorial or substantive (:func:`is_substantive`, per deletion or insertion): a change whose
every token is a year or a range of years ("for 2024" → "for 2025") is editorial; one with any
other number (amounts, dates, percentages, section numbers), a code (DRG 349N, WMGA28, B0050),
an amount or percentage word, a negation or a restricting or qualifying word ("ikke", "kun",
"fortrinnsvis", "minst", "før" …) is substantive; any other wording is editorial.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch
from pydantic import BaseModel, ConfigDict, Field

from tracker.align.refs import reference_numbers
from tracker.align.text import dehyphenate

Op = Literal["equal", "insert", "delete"]
RefKind = Literal["document", "regelverk"]

TOKEN_RE = re.compile(r"\s+|[0-9A-Za-zÆØÅæøåÄÖÜäöüÉéÈè]+(?:[.,:/-][0-9A-Za-zÆØÅæøå]+)*|[^\s]", re.UNICODE)
DIGIT_RE = re.compile(r"\d")
# A year, or a range of years ("2023-2024", "2024/2025"), alone or joined to a word ("ISF-2024"):
# routine in every yearly edition.
_YEAR = r"(?:19[5-9]\d|20\d\d)"
YEAR_TOKEN_RE = re.compile(rf"^(?P<pre>[^\W\d_]+-)?(?P<year>{_YEAR}(?:[-/]{_YEAR})?)(?P<post>-[^\W\d_]+)?$")
CODE_RE = re.compile(r"\b[A-ZÆØÅ]{1,6}\d[0-9A-Z]*\b|\b\d+[A-Z]\b")
PERCENT_RE = re.compile(r"%|\bprosent\w*", re.IGNORECASE)
AMOUNT_RE = re.compile(r"\b(?:kr|kroner|mill|millioner|milliarder|mrd|nok)\b", re.IGNORECASE)
# Negations, and words that restrict or qualify a rule: adding or removing one changes what it says.
QUALIFIER_RE = re.compile(
    r"\b(?:ikke|ikkje|ingen|intet|inga|aldri|uten|unntatt|unntak\w*|verken|nei|kun|bare|utelukkende"
    r"|fortrinnsvis|hovedsakelig|primært|i hovedsak|alltid|minst|maks|maksimalt|maksimum|minimum"
    r"|høyst|før|etter|senest|tidligst|innen|mer enn|mindre enn|flere enn|færre enn)\b",
    re.IGNORECASE,
)
NEGATION_RE = QUALIFIER_RE  # the former name
# "over"/"under" restrict ("under 18 år", "liggetid over trimpunkt") except as a pointer in the text
# ("se omtale under i punkt 7.4", "beskrevet over").
OVER_UNDER_RE = re.compile(r"\b(?:over|under)\b", re.IGNORECASE)
_POINTER_BEFORE = re.compile(
    r"\b(?:omtal\w*|beskrev\w*|nevnt|se|vist|viser|listet|oppsummert|tabellen|figuren|punktet|kapitlet)"
    r"(?:\s+nærmere)?\s*$", re.IGNORECASE)
_POINTER_AFTER = re.compile(r"^\s*(?:$|[.,:;)]|(?:i\s+|og\s+)?(?:punkt|kapittel|kap\.|avsnitt|tabell|figur)\w*)",
                            re.IGNORECASE)
# A number followed by one of these is a quantity, never a year ("2000 kroner").
_UNIT_AFTER = frozenset("kr kroner mill millioner milliarder mrd nok prosent % poeng dager døgn timer".split())

_OCR_FOLD = str.maketrans({"0": "o", "O": "o", "1": "l", "I": "l", "|": "l", "5": "s", "S": "s"})
_ASCII_FOLD = str.maketrans({"ø": "o", "å": "a", "Ø": "o", "Å": "a"})
NORWEGIAN_LETTERS = re.compile(r"[æøåÆØÅ]")
_YEAR_KEY = "\x00year"


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid")

    op: Op
    text: str  # the new words (equal, insert) or the old ones (delete)
    substantive: bool = False
    old_text: str | None = Field(
        default=None,
        description="Equal only: the old document's words where they are not ``text`` (a reference that "
        "follows a renumbering, an OCR variant)",
    )
    renumbered: RefKind | None = Field(
        default=None,
        description="Equal only: a reference whose number only follows a renumbering of this document "
        "or of the regelverk",
    )


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


def is_year(token: str, following: str = "") -> bool:
    """A year or a range of years, unless the next word makes it a quantity ("2000 kroner")."""
    return bool(YEAR_TOKEN_RE.match(token)) and following.casefold() not in _UNIT_AFTER


def _token_is_substantive(token: str, following: str = "") -> bool:
    """A number that is not a year, or a code."""
    return bool(DIGIT_RE.search(token)) and not is_year(token, following)


def _restricts_at(text: str, start: int, end: int) -> bool:
    """Whether "over"/"under" at text[start:end] restricts (not a pointer such as "omtalt under")."""
    return not _POINTER_BEFORE.search(text[max(0, start - 40) : start]) and not _POINTER_AFTER.match(text[end:])


def _phrase_is_substantive(text: str) -> bool:
    return bool(PERCENT_RE.search(text) or AMOUNT_RE.search(text) or QUALIFIER_RE.search(text))


def is_substantive(text: str) -> bool:
    """Whether inserting or deleting ``text`` changes what a rule says: a number other than a year,
    a code, an amount, a percentage, a negation or a restricting or qualifying word."""
    tokens = [m.group() for m in TOKEN_RE.finditer(text) if not m.group().isspace()]
    return _phrase_is_substantive(text) or any(_restricts_at(text, m.start(), m.end())
                                               for m in OVER_UNDER_RE.finditer(text)) or any(
        _token_is_substantive(t, tokens[i + 1] if i + 1 < len(tokens) else "") for i, t in enumerate(tokens))


_LOOSE_WORD_RE = re.compile(r"[^\W_]+(?:[.,:/][0-9]+)*")
_IN_WORD_HYPHEN_RE = re.compile(r"(?<=[^\W\d_])-\s*(?=[^\W\d_])")


def loose_key(text: str, *, ocr_tolerant: bool = True) -> tuple[str, ...]:
    """A short text (a table cell, a title) as compared: its words only, so punctuation, case and a
    hyphen left by a line break inside a cell ("døgn-behandling") are no change; numbers stay whole."""
    words = _LOOSE_WORD_RE.findall(_IN_WORD_HYPHEN_RE.sub("", normalise(text)))
    return tuple(_ocr_key(w) if ocr_tolerant else w.casefold() for w in words)


def same_text(a: str, b: str, *, ocr_tolerant: bool = True) -> bool:
    """Whether two short texts (table cells, titles) read the same (see :func:`loose_key`)."""
    return loose_key(a, ocr_tolerant=ocr_tolerant) == loose_key(b, ocr_tolerant=ocr_tolerant)


@dataclass
class _Side:
    """One text's tokens: compared (``keys``), shown (with the space after) and what each one is."""

    tokens: list[str]
    shown: list[str]
    keys: list[str]
    year: list[bool]
    substantive: list[bool]
    ref: list[RefKind | None]  # a reference number compared by its target


def _side(text: str, maps: dict[RefKind, dict[str, str]], *, old: bool, key) -> _Side:
    tokens, shown, starts = _tokens_at(text)
    refs = {r.start: r for r in reference_numbers(text)} if any(maps.values()) else {}
    keys, year, substantive, ref = [], [], [], []
    for i, t in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        r = refs.get(starts[i])
        kind: RefKind | None = None
        if r is not None and r.number == t:
            kind = "regelverk" if r.target == "regelverk" else "document"
            mapping = maps.get(kind) or {}
            # The old side is compared as the number it became; the new side's numbers that some old
            # number became are compared the same way. Everything else stays literal.
            if old and t in mapping:
                k = f"\x00{kind}:{mapping[t]}"
            elif not old and t in set(mapping.values()):
                k = f"\x00{kind}:{t}"
            else:
                k, kind = t, None
        elif is_year(t, following):
            m = YEAR_TOKEN_RE.match(t)
            assert m is not None
            k = key(m.group("pre") or "") + _YEAR_KEY + key(m.group("post") or "")
        else:
            k = key(t)
        keys.append(k)
        year.append(_YEAR_KEY in k)
        # "over"/"under" is judged in its sentence here: the change alone may not show what follows.
        over_under = t.casefold() in ("over", "under") and _restricts_at(text, starts[i], starts[i] + len(t))
        substantive.append(_token_is_substantive(t, following) or over_under)
        ref.append(kind)
    return _Side(tokens, shown, keys, year, substantive, ref)


@dataclass
class _Atom:
    op: Op
    text: str
    old_text: str | None = None
    renumbered: RefKind | None = None
    substantive: bool = False  # a token that makes the change substantive


def word_diff(
    old_text: str,
    new_text: str,
    *,
    number_map: dict[str, str] | None = None,
    regelverk_map: dict[str, str] | None = None,
    ocr_tolerant: bool = True,
) -> list[Change]:
    """Word-level changes from ``old_text`` to ``new_text``, in each document's own words.

    ``number_map`` (old number → new number, e.g. the section's own 3.3 → 4.3 or a whole
    alignment's renumbering) makes a reference to this document that just follows a renumbering
    equal; ``regelverk_map`` does the same for references to the ISF-regelverk. Such a reference is
    an equal change with the new number as ``text``, the old one in ``old_text`` and
    ``renumbered`` set.
    """
    a = normalise(old_text)
    b = normalise(new_text)
    fold_letters = ocr_tolerant and lost_norwegian_letters(a, b)

    def key(t: str) -> str:
        return _ocr_key(t, fold_letters) if ocr_tolerant else t

    maps: dict[RefKind, dict[str, str]] = {"document": dict(number_map or {}), "regelverk": dict(regelverk_map or {})}
    sa = _side(a, maps, old=True, key=key)
    sb = _side(b, maps, old=False, key=key)

    code: dict[str, str] = {}

    def encode(keys: list[str]) -> str:
        out = []
        for k in keys:
            if k not in code:
                code[k] = chr(0xE000 + len(code)) if len(code) < 6400 else chr(0xF0000 + len(code))
            out.append(code[k])
        return "".join(out)

    ea, eb = encode(sa.keys), encode(sb.keys)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # deterministic: never cut a diff short on a slow machine
    diffs = dmp.diff_main(ea, eb, False)
    dmp.diff_cleanupSemantic(diffs)
    atoms: list[_Atom] = []
    ia = ib = 0
    for op, chars in diffs:
        n = len(chars)
        if op == -1:
            atoms += [_Atom("delete", sa.shown[i], substantive=sa.substantive[i]) for i in range(ia, ia + n)]
            ia += n
            continue
        if op == 1:
            atoms += [_Atom("insert", sb.shown[j], substantive=sb.substantive[j]) for j in range(ib, ib + n)]
            ib += n
            continue
        for i, j in zip(range(ia, ia + n), range(ib, ib + n), strict=True):
            shown = sb.shown[j]
            if not shown.endswith(" ") and sa.shown[i].endswith(" "):
                shown += " "  # the old side goes on after it (a deletion follows)
            if sa.tokens[i] == sb.tokens[j]:
                atoms.append(_Atom("equal", shown))
            elif sa.year[i] and sb.year[j]:
                # Another year in the same place: shown as the change it is (editorial on its own).
                atoms.append(_Atom("delete", sa.shown[i]))
                atoms.append(_Atom("insert", sb.shown[j]))
            else:
                atoms.append(_Atom("equal", shown, old_text=sa.shown[i], renumbered=sa.ref[i] and sb.ref[j]))
        ia += n
        ib += n
    return _drop_blank_changes(_merge(atoms))


def _merge(atoms: Iterable[_Atom]) -> list[Change]:
    """Runs of one operation as one change (an equal word shown in other words stays its own)."""
    groups: list[list[_Atom]] = []
    for at in atoms:
        last = groups[-1][-1] if groups else None
        plain = at.old_text is None and (last is None or last.old_text is None)
        if last is not None and last.op == at.op and (at.op != "equal" or plain):
            groups[-1].append(at)
        else:
            groups.append([at])
    out = []
    for g in groups:
        text = "".join(x.text for x in g)
        if g[0].op == "equal":
            out.append(Change(op="equal", text=text, old_text=g[0].old_text, renumbered=g[0].renumbered))
        else:
            sub = any(x.substantive for x in g) or _phrase_is_substantive(text)
            out.append(Change(op=g[0].op, text=text, substantive=sub))
    return out


def _drop_blank_changes(changes: list[Change]) -> list[Change]:
    """A change that only inserts or deletes a space is no change: fold it into the equal text."""
    out: list[Change] = []
    for c in changes:
        if c.op != "equal" and not c.text.strip():
            if c.op == "insert":
                c = Change(op="equal", text=c.text)
            else:
                continue
        if out and out[-1].op == c.op == "equal" and out[-1].old_text is None and c.old_text is None:
            out[-1] = Change(op="equal", text=out[-1].text + c.text)
        else:
            out.append(c)
    return out


def _tokens_at(text: str) -> tuple[list[str], list[str], list[int]]:
    """The non-space tokens of ``text``, each as shown (with the space after it), and where each starts."""
    keys, shown, starts = [], [], []
    for m in TOKEN_RE.finditer(text):
        t = m.group()
        if t.isspace():
            if shown:
                shown[-1] += " "
            continue
        keys.append(t)
        shown.append(t)
        starts.append(m.start())
    return keys, shown, starts


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """The non-space tokens of ``text``, and each token as shown (with the space after it)."""
    keys, shown, _ = _tokens_at(text)
    return keys, shown


def old_side(changes: Sequence[Change]) -> str:
    """The old document's text as the diff shows it (its own words, normalised)."""
    return "".join(c.old_text if c.old_text is not None else c.text for c in changes if c.op != "insert")


def new_side(changes: Sequence[Change]) -> str:
    """The new document's text as the diff shows it."""
    return "".join(c.text for c in changes if c.op != "delete")


def renumberings(changes: Sequence[Change]) -> list[tuple[RefKind, str, str]]:
    """(document or regelverk, old number, new number) of every reference that only follows a
    renumbering, each once, in order: what a reader is told beside the diff."""
    out: list[tuple[RefKind, str, str]] = []
    for c in changes:
        if c.renumbered and c.old_text is not None:
            item = (c.renumbered, c.old_text.strip(), c.text.strip())
            if item not in out:
                out.append(item)
    return out


def classify(changes: Sequence[Change]) -> Literal["unchanged", "editorial", "substantive"]:
    """unchanged: nothing inserted or deleted; substantive: a deletion or insertion is (a number
    other than a year, a code, an amount, a percentage, a negation or a qualifier); editorial: only
    wording or years."""
    edits = [c for c in changes if c.op != "equal"]
    if not edits:
        return "unchanged"
    if any(c.substantive for c in edits):
        return "substantive"
    return "editorial"
