"""The one way PDF text enters the site: :func:`escape_text`.

Text read from a PDF is data, never markup. Every character that HTML or one of the Markdown
extensions enabled in mkdocs.yml could read as syntax is replaced by a numeric character
reference, so Python-Markdown passes it through untouched and the browser shows the character
itself. The result is safe both inside Markdown (headings, link text, table cells) and inside the
raw HTML blocks the page generators write (diffs, tables), so the generators need nothing else.
"""

from __future__ import annotations

import re

# Characters that are syntax somewhere: HTML (& < > " '), inline Markdown (` * _ [ ] ( ) ! \),
# attr_list/toc ({ } #), tables (|), pymdownx inline extensions (~ ^ = :) and admonitions (!).
_ALWAYS = frozenset("&<>\"'`*_[](){}#|\\!~^=:$")
# Only syntax at the start of a line: lists (- + 1.), headings setext underline (- =), blockquote (>).
_LINE_START = frozenset("-+.")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ORDERED_LIST_START = re.compile(r"^(\d+)([.)])")
_BREAKING_SPACE = re.compile(r"[^\S\u00a0]+")  # any run of whitespace except the no-break space


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


def escape_text(text: str | None) -> str:
    """PDF text as one line of Markdown/HTML that renders exactly as the text.

    Whitespace (including line breaks) collapses to single spaces, because a line break or
    leading indentation is itself Markdown syntax (paragraphs, code blocks); callers that keep
    the PDF's lines split the text first (see :func:`escape_lines`). A no-break space is kept:
    it is what holds "55 704 kr" together at a line end, and it is never syntax.
    """
    if not text:
        return ""
    flat = _BREAKING_SPACE.sub(" ", _CONTROL.sub(" ", text)).strip(" ")
    out = [_ref(c) if c in _ALWAYS else c for c in flat]
    if out and flat[0] in _LINE_START:
        out[0] = _ref(flat[0])
    numbered = _ORDERED_LIST_START.match(flat)
    if numbered:  # "1. foo" would become an ordered list
        out[len(numbered.group(1))] = _ref(numbered.group(2))
    return "".join(out)


def escape_lines(text: str | None) -> list[str]:
    """The non-empty lines of a PDF text, each escaped with :func:`escape_text`."""
    if not text:
        return []
    return [escape_text(line) for line in text.splitlines() if line.strip()]



def escape_preformatted(line: str) -> str:
    """One line of source code for a ``<pre>`` block: the same character references as
    :func:`escape_text`, but spaces are kept because indentation is meaning in code."""
    return "".join(_ref(c) if c in _ALWAYS or c in _LINE_START else c for c in _CONTROL.sub(" ", line))
