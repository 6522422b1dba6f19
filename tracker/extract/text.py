"""Text repair shared by the extraction stages: hyphenation, normalisation, slugs."""

from __future__ import annotations

import re
import unicodedata

from tracker.slug import slug

# After a line-end hyphen these words mean a suspended compound ("telefon- og videokonsultasjoner").
_SUSPENDED = {"og", "eller", "samt", "til", "som", "and", "or"}


def join_hyphenated(left: str, right: str, *, hyphenated_layout: bool = True) -> str:
    """Join `left` (ending in '-') with the next line's `right`.

    A line-end hyphen in justified text usually splits a word ("finan-" + "sieringen"), but it
    can also end a real compound part: an acronym ("DRG-" + "er" stays "DRG-er") or a suspended
    compound ("telefon-" + "og"). Layouts that never hyphenate (slides, ragged text) use a
    line-end hyphen only as a dash or a compound part, so there it is kept. A word list cannot
    settle the rest: Norwegian closes compounds, and most of them are in no list, so a lower-case
    continuation joins.
    """
    stem = left[:-1]
    first = re.split(r"[\s]", right, maxsplit=1)[0]
    bare_first = first.strip(".,;:()«»\"")
    last_part = re.split(r"[\s/-]", stem)[-1]
    if bare_first.lower() in _SUSPENDED or not hyphenated_layout:
        return left + " " + right
    if last_part.isupper() and bare_first.isupper() and len(last_part) >= 4 and last_part.isalpha():
        return stem + right  # a word broken inside an upper-case heading
    if not bare_first or not bare_first[0].islower():
        return left + right  # "Sør-" + "Øst", "ISF-" + "2025": the hyphen stays, no space
    if last_part.isupper() or any(c.isdigit() for c in last_part):
        return left + right  # "DRG-" + "er"
    return stem + right


def ends_hyphenated(text: str) -> bool:
    return len(text) >= 2 and text.endswith("-") and text[-2].isalpha()


_CID_PLACEHOLDER = re.compile(r"\(cid:\d+\)")


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "")  # soft hyphens
    text = _CID_PLACEHOLDER.sub("", text)  # glyphs without a Unicode mapping: not text
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def slugify(text: str, max_len: int = 40) -> str:
    """An ASCII slug of at most ``max_len`` characters (see :func:`tracker.slug.slug`)."""
    return slug(text, max_len=max_len)




def join_lines(texts: list[str], *, hyphenated_layout: bool = True) -> str:
    """Join wrapped lines into one string, re-joining words split by a line-end hyphen."""
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if not out:
            out = t
        elif ends_hyphenated(out):
            out = join_hyphenated(out, t, hyphenated_layout=hyphenated_layout)
        else:
            out = out + " " + t
    return out
