"""The one slug function: section ids, lineage ids, citation keys and the site's anchors are all made here."""

from __future__ import annotations

import re
import unicodedata

_ASCII_WORD = re.compile(r"[a-z0-9]+")
_NORWEGIAN_WORD = re.compile(r"[0-9a-zæøå]+")


def slug(text: str, *, max_len: int | None = None, max_words: int | None = None, ascii_only: bool = True,
         fallback: str = "x") -> str:
    """Lower-case words joined by hyphens (``"6.14 Forløp for kneprotese"`` → ``6-14-forlop-for-kneprotese``).

    ``ascii_only``: æ → ae, ø → o, å → a and other accents dropped (URL- and anchor-safe); without it the
    Norwegian letters are kept and other characters separate words (citation keys, as written in
    ``checks/pins.yaml``). ``max_words`` keeps the first words, ``max_len`` cuts the slug (never ending
    in a hyphen); ``fallback`` is the slug of a text without a letter or digit.
    """
    if ascii_only:
        t = unicodedata.normalize("NFKD", text.lower()).replace("ø", "o").replace("æ", "ae").replace("å", "a")
        words = _ASCII_WORD.findall("".join(c for c in t if not unicodedata.combining(c)))
    else:
        words = _NORWEGIAN_WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    out = "-".join(words[:max_words] if max_words is not None else words)
    if max_len is not None:
        out = out[:max_len].rstrip("-")
    return out or fallback
