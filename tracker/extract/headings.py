"""Heading detection: which lines are headings, their numbers and their levels.

Evidence comes from the PDF itself: font size, weight and colour relative to the body text,
numbering patterns (checked for a plausible sequence), and the document's own
cross-references ("se punkt 6.14 i dette dokumentet"), which tell how deep its numbering goes
when the layout does not print the numbers.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tracker.extract.lines import (
    CAPTION_RE,
    CHAPTER_LABEL,
    NUMBER_ONLY,
    Line,
    column_index,
    large_number_beside,
    positions,
)
from tracker.extract.text import join_lines
from tracker.extract.toc import IN_PAGE_TITLE, LIST_OF_TABLES_TITLE, TOC_TITLE

# (a dash may stand between number and title: "3.2 — Tittel", "4 – TITTEL")
NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?:[–—-]\s+)?(\S.*)$")
# "punkt 6.14 i dette dokumentet", "kapittel 8.2 i dette dokument"
SELF_REFERENCE = re.compile(
    r"(?:punkt|kapittel|kap\.|avsnitt|delkapittel)\s+(\d{1,2}(?:\.\d{1,2})+)\b[^.]{0,40}?\bi\s+dette\s+dokument",
    re.IGNORECASE,
)
_UPPER_START = re.compile(r"^[A-ZÆØÅÉÄÖÜ«\"(]")


@dataclass
class BodyStyle:
    size: float
    color: tuple[float, ...]
    bold: bool


@dataclass
class Heading:
    lines: list[Line]
    number: str | None
    title: str
    style: tuple
    level: int = 0
    number_source: str | None = None
    level_source: str | None = None
    strong: bool = True  # styled as a heading (not only by its numbering)
    extra: dict = field(default_factory=dict)

    @property
    def page(self) -> int:
        return self.lines[0].page


def body_style(lines: list[Line]) -> BodyStyle:
    """The body text's size (the one most characters are set in), and the colour and weight most
    characters of that size have: a page of little text (a web page's intro over a table) has as
    many characters in its title and menu, set larger or smaller in the site's colour."""
    sizes: Counter = Counter()
    for ln in lines:
        sizes[round(ln.size * 2) / 2] += ln.nchars
    if not sizes:
        return BodyStyle(10.0, (), False)
    size = sizes.most_common(1)[0][0]
    colors: Counter = Counter()
    bolds: Counter = Counter()
    for ln in lines:
        if round(ln.size * 2) / 2 == size:
            colors[ln.color] += ln.nchars
            bolds[bool(ln.bold)] += ln.nchars
    return BodyStyle(size, colors.most_common(1)[0][0], bolds.most_common(1)[0][0])


def style_key(ln: Line) -> tuple:
    """What makes two headings look alike: size, weight (the title's), colour, italic or upright, and whether they
    sit in a side column (a sidebar's chapter headings are their own style even at the size of
    section ones)."""
    return (round(ln.size * 2) / 2, bool(ln.title_bold) or ln.heavy, ln.color, "side" in ln.tags, ln.italic)


def is_emphasised(ln: Line, body: BodyStyle) -> bool:
    if ln.bold is None:  # OCR: no font; size estimates are too noisy to trust alone, weight and ink are measured
        return ln.size >= body.size * 1.35 or ((ln.heavy or _tinted(ln, body)) and ln.size >= body.size * 0.95)
    bigger = ln.size >= body.size * 1.12
    bolder = bool(ln.title_bold) and not body.bold and ln.size >= body.size * 0.95
    # A whole line in another colour than the body, at body size or larger (accent-coloured headings).
    coloured = bool(ln.color) and ln.color != body.color and ln.size >= body.size * 0.98 and all(
        w.color == ln.words[0].color for w in ln.words
    )
    return bigger or bolder or coloured


def _tinted(ln: Line, body: BodyStyle) -> bool:
    """OCR: a line in ink clearly lighter than the body's, a colour (:func:`tracker.extract.ocr.mark_tinted`),
    all of it: a line with its words in two inks is running text with links in it (as in a text layer)."""
    return ln.bold is None and bool(ln.color) and ln.color != body.color and all(
        w.color == ln.color for w in ln.words if sum(c.isalpha() for c in w.text) >= 3)


# A word's full stop and the next sentence's capital, the word four letters or more in lower case:
# "… endelig ISF-regelverk. Mindre" (an abbreviation, "Meld. St. 7", is short).
_TWO_SENTENCES = re.compile(r"[a-zæøå]{4,}[.!?]\s+[A-ZÆØÅ]")


# A web address: no heading carries one, while a web page printed with its links' addresses has
# lines that are mostly address, which a scan sees in the link's colour, as a tinted heading.
_WEB_ADDRESS = re.compile(r"\bhttps?://|\bwww\.[a-z0-9-]+\.[a-z]", re.IGNORECASE)


def looks_like_heading_text(text: str, *, numbered: bool) -> bool:
    t = text.strip()
    # (one letter alone is no title: on a scan it is a misread glyph, a large chapter number or a drop cap)
    if len(re.findall(r"[A-Za-zÆØÅæøå]", t)) < 2 or len(t) > 160:
        return False
    words = t.split()
    if len(words) > (16 if numbered else 14):
        return False
    if t.endswith((",", ";")):
        return False
    if _is_sentence(t):
        return False
    if _TWO_SENTENCES.search(t):
        return False  # (a paragraph's first line that ends one sentence and starts the next)
    if _WEB_ADDRESS.search(t):
        return False  # (a link's address printed after it: a line of running text on a scan, tinted as a link)
    # A contents list's title ("Innhold"), where the list itself was not read as one (its leaders
    # and page numbers garbled on a fax), is no heading of the document; nor is a chapter's list of
    # its sections ("I dette kapitlet"), nor the list of tables after the contents ("Tabelloversikt").
    if TOC_TITLE.match(t) or IN_PAGE_TITLE.match(t) or LIST_OF_TABLES_TITLE.match(t):
        return False
    # A table's caption, set in bold like a heading wherever the table was not found (a scan).
    return not CAPTION_RE.match(t)


def _reads_as_ocr_title(text: str) -> bool:
    """An unnumbered scanned line that could be a title: it starts with a capital and has three
    letters or more. Tesseract reads marks, specks and the edges of pictures as short lower-case
    scraps ("s: å"), which can look as large or heavy as a heading; a title starts like a sentence."""
    first = next((c for c in text if c.isalpha()), "")
    return first.isupper() and sum(c.isalpha() for c in text) >= 3


# A date's day and month ("25. MAR. 2025", "1 januar 2025"): no heading number and its title.
_MONTH = (r"(?:jan(?:uar)?|feb(?:ruar)?|mars?|apr(?:il)?|mai|juni?|juli?|aug(?:ust)?|sep(?:t(?:ember)?)?|okt(?:ober)?"
          r"|nov(?:ember)?|des(?:ember)?)")
_DATE = re.compile(rf"^\d{{1,2}}\.?\s+{_MONTH}\.?(?:\s+\d{{4}})?\.?$", re.IGNORECASE)


def canonical_number(number: str) -> str:
    """A heading number as the document means it: a designed report may print its chapters with a
    leading zero ("03", "03.1") as it pads its page numbers; "5.0" keeps its zero."""
    return ".".join(str(int(part)) for part in number.split("."))


# A chapter's number after the word for chapter, on the title's line: "Kapittel 3 – Generelle regler",
# "Kap. 3: Generelle regler" (not "Kapittel 5.21 …", a reference to a subsection in a table's cell).
_CHAPTER_WORD = re.compile(r"^(?:kapittel|kap\.?|chapter)\s+(\d{1,2})(?![.,]?\d)\.?\s*(?:[–—:-]\s*)?(\S.*)$",
                           re.IGNORECASE)


def parse_number(text: str) -> tuple[str | None, str]:
    m = NUMBERED.match(text.strip()) or _CHAPTER_WORD.match(text.strip())
    if m and _UPPER_START.match(m.group(2)) and not _DATE.match(text.strip()):
        return canonical_number(m.group(1)), m.group(2).strip()
    return None, text.strip()


def _plausible_successor(prev: tuple[int, ...] | None, new: tuple[int, ...]) -> bool:
    """Is `new` a plausible next heading number after `prev` (allowing a small gap)?"""
    if prev is None:
        return new[0] <= 3 and all(c <= 3 for c in new[1:])
    if len(new) == len(prev) + 1 and new[:-1] == prev and new[-1] <= 2:
        return True
    for k in range(1, min(len(new), len(prev)) + 1):
        if new[: k - 1] == prev[: k - 1] and prev[k - 1] < new[k - 1] <= prev[k - 1] + 3:
            return len(new) == k or all(c <= 1 for c in new[k:])
    return False


def _number_on_its_own(text: str) -> str | None:
    """The heading number of a line that holds nothing else ("3", "4.2.") or a chapter's label
    ("Kapittel 3"); None for any other line."""
    text = text.strip()
    if NUMBER_ONLY.match(text):
        return canonical_number(text.rstrip("."))
    label = CHAPTER_LABEL.match(text)
    return canonical_number(label.group(1)) if label else None


SMALLEST_HEADING = 0.6
"""No heading is set smaller than this share of the body's size: a line that small is a footnote, a
credit, or on a scan a scrap of text set sideways in the margin read as a line of its own."""


def detect_headings(
    lines: list[Line], *, body: BodyStyle, slides: bool, rejected: list[tuple[Heading, str]] | None = None
) -> list[Heading]:
    """Find heading lines (merging multi-line headings) in reading order. Candidates dropped on
    the way are appended to ``rejected`` with the reason, for ``tracker extract --explain``."""
    hyph = not slides
    if not slides and any(ln.bold is None for ln in lines):  # OCR: put back dots lost from heading numbers
        from tracker.extract.ocr_numbers import repair_ocr_numbers

        repair_ocr_numbers(lines, body.size, _plausible_successor)
    from tracker.extract.ocr_spacing import set_apart_by_space, spacing

    ocr_spacing = spacing(lines, body.size) if not slides and any(ln.bold is None for ln in lines) else None
    # A text layer's italic line at body size, in a body set upright, is a heading by the space of
    # one around it (as a scanned line is: :mod:`tracker.extract.ocr_spacing`); italic alone is not.
    italic_lines = {i for i, ln in enumerate(lines) if ln.bold is not None and ln.italic}
    text_spacing = (spacing(lines, body.size) if not slides and italic_lines
                    and 2 * len(italic_lines) < len(lines) else None)
    cands: list[tuple[int, Line]] = []
    text_right = _text_right_edges(lines)
    for i, ln in enumerate(lines):
        if (ln.bullet and not marked_heading(lines, i)) or "run-in-rest" in ln.tags:  # (the paragraph a run-in head opens)
            continue
        if ln.size < SMALLEST_HEADING * body.size:
            continue
        text = ln.text
        number, _ = parse_number(text)
        if _number_on_its_own(text) and is_emphasised(ln, body):
            cands.append((i, ln))
            continue
        if not looks_like_heading_text(text, numbered=number is not None) and not _wraps_on(lines, i, body):
            continue
        if ln.bold is None and number is None and not _reads_as_ocr_title(text):
            continue
        if number is not None and not slides:
            cands.append((i, ln))
        elif ln.bold is None and _in_right_margin(ln, text_right) and ln.size < 1.18 * body.size:
            continue
        elif is_emphasised(ln, body) and (ln.bold is not None or slides or ln.heavy or _tinted(ln, body)):
            cands.append((i, ln))
        elif ln.bold is None and not slides and _set_apart_ocr_line(lines, i, body):
            cands.append((i, ln))
        elif ln.bold is None and ocr_spacing is not None and set_apart_by_space(lines, i, body.size, ocr_spacing):
            cands.append((i, ln))
        elif (i in italic_lines and text_spacing is not None and abs(ln.size - body.size) <= 0.5
              and set_apart_by_space(lines, i, body.size, text_spacing)):
            cands.append((i, ln))

    headings: list[Heading] = []
    used: set[int] = set()
    idx = {i for i, _ in cands}
    position = positions(lines)
    for i, ln in cands:
        if i in used:
            continue
        group = [ln]
        used.add(i)
        j = i
        pending_number = _number_on_its_own(ln.text)
        trailing_number, number_line = None, None
        while (j := _past_lines_beside(lines, j, group)) + 1 < len(lines) and (
            j + 1 in idx
            or (pending_number is None and _number_after(group, lines[j + 1]))
            or _same_row_rest(group[-1], lines[j + 1])
            or _continues_heading(group, lines[j + 1])
            or (pending_number is not None and len(group) == 1)
            or (pending_number is not None and _opener_title_goes_on(group, lines[j + 1], lines, position))
            # The last line of a wrapped title may be too short to look like a heading on its own
            # ("2023"), but it is set in the heading's style right below it.
            or (style_key(lines[j + 1]) == style_key(group[-1]) and lines[j + 1].color == group[-1].color
                and (is_emphasised(group[-1], body) or pending_number is not None)
                and not lines[j + 1].bullet and len(lines[j + 1].words) <= 6)
        ):
            nxt = lines[j + 1]
            cur = group[-1]
            if pending_number is None and trailing_number is None and _number_after(group, nxt):
                trailing_number, number_line = _number_on_its_own(nxt.text), nxt
                used.add(j + 1)
                j += 1
                continue
            if nxt.page != cur.page:
                # A title the page break cut: the page's last line, and the next page's first
                # goes on in the same type, in lower case (a new heading starts in capitals).
                if nxt.page == cur.page + 1 and _same_type(cur, nxt) and is_emphasised(cur, body) and (
                    nxt.text[:1].islower() and len(nxt.words) <= 6 and not nxt.bullet
                ):
                    group.append(nxt)
                    used.add(j + 1)
                    j += 1
                    continue
                break
            if _same_row_rest(cur, nxt):
                group.append(nxt)
                used.add(j + 1)
                j += 1
                continue
            gap = nxt.top - cur.bottom
            if pending_number is not None and len(group) == 1:
                # A chapter number set on its own line (often huge) followed by the title, or
                # standing apart before the title on its row (in a margin column, a box) in a type
                # of its own: on a scan a lone digit's weight cannot be measured.
                beside = (nxt.x0 > cur.x1 and nxt.x0 - cur.x1 <= 8 * max(cur.size, 1.0)
                          and (abs(nxt.top - cur.top) <= 0.3 * max(cur.size, 1.0) or large_number_beside(cur, nxt)))
                # A display number (half as large again as the title or more) is the title's
                # wherever it stands: a chapter opener sets it at the right, the title at the left,
                # starting below the number's top or under it.
                display = cur.size >= 1.5 * nxt.size and nxt.top >= cur.top and gap <= 3 * max(nxt.size, 10)
                opener = _opener_page(lines, position[id(cur)], nxt)
                if opener and not _in_opener_title(lines, position[id(cur)], nxt):
                    used.add(j + 1)  # (passed over, no heading of its own: it stays text of the page)
                    j += 1
                    continue
                if (
                    (beside or display or (-2 <= gap <= 3 * max(nxt.size, 10) and abs(nxt.x0 - cur.x0) < 40)
                     or opener)
                    and looks_like_heading_text(nxt.text, numbered=True)
                ):
                    group.append(nxt)
                    used.add(j + 1)
                    j += 1
                    continue
                break
            same_style = (style_key(nxt)[:2] == style_key(cur)[:2] and nxt.color == cur.color) or _goes_on_in_type(cur, nxt)
            if _continues_heading(group, nxt) or (
                pending_number is not None and _opener_title_goes_on(group, nxt, lines, position)
            ) or (
                same_style
                and -2 <= gap <= 0.9 * max(cur.size, 8)
                and parse_number(nxt.text)[0] is None
                # Emphasised, or the title under a chapter number set apart (a sidebar's small caps).
                and (is_emphasised(cur, body) or (pending_number is not None and style_key(nxt) == style_key(cur)))
            ):
                group.append(nxt)
                used.add(j + 1)
                j += 1
                continue
            break
        if pending_number is not None:
            if len(group) == 1:
                continue  # a lone big number (a page ornament), not a heading
            number = pending_number
            title = join_lines([g.text for g in group[1:]], hyphenated_layout=hyph)
            style = style_key(group[1])
            extra = {"number_apart": True}
        else:
            text = join_lines([g.text for g in group], hyphenated_layout=hyph)
            number, title = parse_number(text)
            style = style_key(group[0])
            extra = {}
            if number is None and trailing_number is not None:
                number = trailing_number
                extra = {"number_apart": True}
        if number_line is not None:  # (the heading's line too, in reading order: no body text)
            group = sorted([*group, number_line], key=lambda g: position[id(g)])
        title = _LEADER_TAIL.sub("", title) or title
        strong = any(is_emphasised(g, body) for g in group)
        headings.append(Heading(group, number, title, style, number_source="printed" if number else None,
                                strong=strong, extra=extra))
    if not slides:
        kept = _validate_sequence(headings)
        if rejected is not None:
            kept_ids = {id(h) for h in kept}
            rejected += [(h, "numbered like a heading but set as body text, and the number breaks the "
                          "numbering sequence") for h in headings if id(h) not in kept_ids]
        headings = kept
    return headings


_COLUMN_TAGS = {"left", "right", "full", "side"}


_PULL_QUOTE_WORDS = 6


def _folded(text: str) -> str:
    """Letters and digits only, lower case: text compared across line breaks, hyphenation and
    punctuation."""
    return "".join(c for c in text.lower() if c.isalnum())


def _is_sentence(text: str) -> bool:
    """Text that ends as a sentence does, over six words: running text, no title."""
    return text.endswith(".") and len(text.split()) > 6


def runs_into_sentence(h: Heading, lines: list[Line], position: dict[int, int]) -> bool:
    """Lines set as a heading that run on into a sentence (a lead paragraph set large, an ingress):
    a paragraph, no title (each line alone may not end one). The sentence may go on in the lines
    right under the heading's, in its type and at a paragraph's line spacing, that were no part of
    it. Told after pull quotes, sentences repeated in display type, are taken out. ``position``:
    each line's place among ``lines``."""
    if len(h.lines) > 1 and _is_sentence(h.title):
        return True
    text, last = h.title, h.lines[-1]
    k = position[id(last)] + 1
    while k < len(lines) and text.count(" ") < 80:
        nxt = lines[k]
        if (nxt.page != last.page or style_key(nxt) != style_key(last)
                or not 0 <= nxt.top - last.bottom <= 0.5 * last.size):
            return False
        text, last = f"{text} {nxt.text}", nxt
        if nxt.text.rstrip().endswith("."):
            return _is_sentence(text)
        k += 1
    return False


def merge_repeated_titles(headings: list[Heading], position: dict[int, int]) -> list[Heading]:
    """A title set twice in a row, with nothing between (a memo's display title over the same
    text as its first heading), is one heading: the second, which the text follows, holding the
    first's lines too. ``position``: each line's place among the lines (:func:`lines.positions`)."""
    out: list[Heading] = []
    for h in headings:
        prev = out[-1] if out else None
        if (prev is not None and prev.number is None and h.number is None and _folded(prev.title) == _folded(h.title)
                and position[id(h.lines[0])] == position[id(prev.lines[-1])] + 1):
            h.lines = [*prev.lines, *h.lines]
            out[-1] = h
            continue
        out.append(h)
    return out


def document_title(headings: list[Heading], position: dict[int, int]) -> Heading | None:
    """The document's title set over its first chapter: its first heading, unnumbered, with no text
    under it, right above chapter 1 (a memo's title at the head of its first page). It is no
    section: the document's chapters are numbered, and a preface would have text of its own."""
    if len(headings) < 2:
        return None
    first, nxt = headings[0], headings[1]
    if (first.number is None and nxt.number == "1" and first.page == nxt.page
            and first.level <= nxt.level
            and position[id(nxt.lines[0])] == position[id(first.lines[-1])] + 1):
        return first
    return None


def _set_apart(ln: Line, body: BodyStyle) -> bool:
    """A line not set as the body is: in a side column, another weight or colour, or a size a tenth
    off the body's."""
    return ("side" in ln.tags or (bool(ln.title_bold) or ln.heavy) != body.bold
            or (bool(ln.color) and ln.color != body.color) or abs(ln.size - body.size) > 0.1 * body.size)


_TITLE_LINES = 4
"""A title printed over more lines than this is a paragraph that names the document."""
_TITLE_MIN_LETTERS = 8
_TITLE_PARTS = re.compile(r"\s+[–—-]\s+|:\s+|\s+\|\s+")
"""Where a PDF's metadata joins the kind of document, or the publisher, to its title."""


def title_from_metadata(headings: list[Heading], lines: list[Line], title: str, body: BodyStyle,
                        position: dict[int, int]) -> Heading | None:
    """The document's title where the text does not set it as a heading: the title the PDF's
    metadata gives (which a universally designed PDF must carry), printed whole on one to four
    lines of its own before the first heading and set apart from the body (a designed memo's
    title, small and bold in the coloured sidebar beside its text). The metadata may add the kind
    of document before or after a dash or colon ("Notat – Forenkling av …"); the printed part
    is the title. Only in a document of unnumbered headings: there the title heads the document,
    above its first heading; in a numbered one the chapters are the top level, and the title is
    a cover's or a masthead's."""
    parts = [p for p in _TITLE_PARTS.split(title) if p.strip()]
    wanted = {_folded(title)} | ({_folded(" ".join(parts[1:])), _folded(" ".join(parts[:-1]))} if len(parts) > 1 else set())
    wanted = {w for w in wanted if len(w) >= _TITLE_MIN_LETTERS}
    if not wanted or not lines or any(h.number for h in headings):
        return None
    if any(_folded(h.title) in wanted for h in headings):
        return None
    end = position[id(headings[0].lines[0])] if headings else len(lines)
    first_page = lines[0].page
    for i in range(min(end, len(lines))):
        run: list[Line] = []
        for ln in lines[i: min(i + _TITLE_LINES, end)]:
            if ln.page != first_page:
                break
            run.append(ln)
            text = _folded(" ".join(x.text for x in run))
            if not any(w.startswith(text) for w in wanted):
                break
            if text in wanted:
                if not any(_set_apart(x, body) for x in run):
                    return None
                return Heading(run, None, join_lines([x.text for x in run]), style_key(run[0]), level=1,
                               level_source="metadata")
    return None


_SENTENCE_BREAK = re.compile(r"(?<=[.!?:])\s+(?=[«\"(]?[A-ZÆØÅ0-9])")


def split_pull_quotes(headings: list[Heading], lines: list[Line], body: BodyStyle) -> tuple[list[Heading], list[Heading]]:
    """``headings`` parted into headings and pull quotes. A pull quote repeats a sentence of the text
    in display type between the paragraphs (a designed report's large italic quote between rules):
    set like a heading, but its words, six or more and unnumbered, open a sentence of the document's
    running text (lines at the body's size) elsewhere. A title may stand inside a sentence of the text
    ("… prosedyren for testing og kartlegging med bruk av standardisert verktøy (IEAA20) …"), not at a
    sentence's start; the document's first heading, its title, may stand in small type in a colophon
    ("Publikasjonens tittel: Endringslogg – …") and is never a quote."""
    used = {id(ln) for h in headings for ln in h.lines}
    text = " ".join(ln.text for ln in lines if id(ln) not in used and abs(ln.size - body.size) <= 0.15 * body.size)
    sentences = [_folded(t) for t in _SENTENCE_BREAK.split(text)]
    quotes = [h for h in headings[1:] if h.number is None and len(h.title.split()) >= _PULL_QUOTE_WORDS
              and any(t.startswith(_folded(h.title)) for t in sentences)]
    quote_ids = {id(h) for h in quotes}
    return [h for h in headings if id(h) not in quote_ids], quotes


def marked_heading(lines: list[Line], i: int) -> bool:
    """Is the marked line ``lines[i]`` (a glyph before it, taken for a bullet) a heading set off by a
    mark ("■ 2 FORENKLING AV …") rather than an item of a list? No line next to it carries the same
    mark in the same type: a list has two items or more set alike, a heading stands between
    paragraphs or next to a heading of another level. Whether it is a heading is then up to how it is
    set, as for any line."""
    ln = lines[i]
    if ln.mark is None:
        return False
    return not any(0 <= j < len(lines) and lines[j].mark is not None and lines[j].mark.text == ln.mark.text
                   and _same_type(lines[j], ln) for j in (i - 1, i + 1))


def _same_type(a: Line, b: Line) -> bool:
    """Set in one type: size, weight, colour and side column (see :func:`style_key`)."""
    return style_key(a) == style_key(b) and a.color == b.color


OPENER_LINES = 4
"""A chapter's title page holds its number and its title (of a line or three), nothing else …"""
OPENER_MARGIN = 0.1
"""… or, besides its title however long, only lines in the top or foot tenth of the page (a stamp
of arrival, a running header)."""
OPENER_TITLE_TYPE = 0.9
"""A line this share of the size of a title page's largest line (after the number) or more is in the
title's type (the text beside a sidebar's title is 0.8 of it)."""


def _opener_page(lines: list[Line], i: int, title: Line) -> bool:
    """Is line ``i``, a number alone, the largest type on a chapter's title page, with ``title``?
    The number may stand anywhere there (at the foot of a coloured panel, the title at mid-page)."""
    number = lines[i]
    if title.page != number.page:
        return False
    page = _page_lines(lines, i)
    if not all(ln is number or ln.size < 0.7 * number.size for ln in page):
        return False
    if len(page) <= OPENER_LINES:
        return True
    block = _OpenerTitle(lines, i)
    ordered = sorted(block.title, key=lambda ln: ln.top)
    if any(b.top - a.bottom > block.size for a, b in zip(ordered, ordered[1:], strict=False)):
        return False  # (lines in the title's type in two places: headings over text, no title page)
    height = number.source_page_height or 842.0
    return not [ln for ln in block.others if not block.holds(ln)
                and OPENER_MARGIN * height < ln.top < (1 - OPENER_MARGIN) * height]


def _page_lines(lines: list[Line], i: int) -> list[Line]:
    """The lines of line ``i``'s page (lines in reading order, so a page's lines stand together)."""
    start, end = i, i + 1
    while start > 0 and lines[start - 1].page == lines[i].page:
        start -= 1
    while end < len(lines) and lines[end].page == lines[i].page:
        end += 1
    return lines[start:end]


class _OpenerTitle:
    """The title on the page of chapter number ``lines[i]``: the lines in the page's largest type
    after the number's."""

    def __init__(self, lines: list[Line], i: int) -> None:
        self.others = [ln for ln in _page_lines(lines, i) if ln is not lines[i]]
        self.size = max(ln.size for ln in self.others)
        self.title = [ln for ln in self.others if ln.size >= OPENER_TITLE_TYPE * self.size]

    def holds(self, line: Line) -> bool:
        """Is ``line`` part of the title: in its type, or right by its lines, above or below them in
        their column, whatever size a scan reads for it (a first line under a highlighter stroke,
        its box cut short)?"""
        return line.size >= OPENER_TITLE_TYPE * self.size or (
            min(ln.top for ln in self.title) - self.size <= line.bottom
            and line.top <= max(ln.bottom for ln in self.title) + self.size
            and min(ln.x0 for ln in self.title) < line.x1 and line.x0 < max(ln.x1 for ln in self.title))


def _in_opener_title(lines: list[Line], i: int, line: Line) -> bool:
    """Is ``line`` part of the title on the title page of chapter number ``i``?"""
    return _OpenerTitle(lines, i).holds(line)


def _opener_title_goes_on(group: list[Line], nxt: Line, lines: list[Line], position: dict[int, int]) -> bool:
    """Is ``nxt`` the next line of a title on a chapter's title page (``group``: its number and the
    title's lines so far)? Such a page holds nothing else by the title, so the next line there goes
    on with it."""
    number = position[id(group[0])]
    return (len(group) >= 2 and nxt.page == group[-1].page and _opener_page(lines, number, nxt)
            and _in_opener_title(lines, number, nxt) and looks_like_heading_text(nxt.text, numbered=False)
            # (in the title's column: text beside a sidebar's title may be set as large)
            and any(g.x0 < nxt.x1 and nxt.x0 < g.x1 for g in group[1:]))


def _past_lines_beside(lines: list[Line], j: int, group: list[Line]) -> int:
    """``j``, or past the lines after it that stand beside the heading ``group`` in a side column in
    smaller type (a sidebar's list read in step with the title by height) when the title's next
    line in its type follows them: the index of the last line passed over."""
    cur = group[-1]
    if any("side" in g.tags for g in group):
        return j
    k = j + 1
    while k < len(lines) and lines[k].page == cur.page and "side" in lines[k].tags and lines[k].size < 0.8 * cur.size and (
            lines[k].top <= cur.bottom + 1.5 * cur.size) and all(
            lines[k].x1 < g.x0 - 2 or lines[k].x0 > g.x1 + 2 for g in group):
        k += 1
    if k == j + 1 or k >= len(lines):
        return j
    nxt = lines[k]
    same_type = nxt.page == cur.page and style_key(nxt) == style_key(cur) and nxt.color == cur.color
    return k - 1 if same_type and 0 <= nxt.top - cur.bottom <= 0.9 * cur.size else j


def _number_after(group: list[Line], nxt: Line) -> bool:
    """Is ``nxt`` a heading number alone, set after the title on one of its rows (flush right at
    the end of the heading, in a type of its own but about its size)?"""
    return (
        _number_on_its_own(nxt.text) is not None
        and CHAPTER_LABEL.match(nxt.text.strip()) is None
        and parse_number(group[0].text)[0] is None
        and any(nxt.page == g.page and nxt.x0 > g.x1 and abs(nxt.top - g.top) <= 0.3 * max(g.size, 1.0)
                and 0.75 * g.size <= nxt.size <= 1.25 * g.size for g in group)
    )


def _same_row_rest(cur: Line, nxt: Line) -> bool:
    """Is ``nxt`` the rest of ``cur``'s row in the same type, in the same column? Justification
    in a narrow column can stretch a heading's spaces past the gap that separates lines, so the
    row came apart; the pieces belong together again."""
    return (
        nxt.page == cur.page
        and nxt.x0 > cur.x1
        and abs(nxt.top - cur.top) <= 0.3 * max(cur.size, 1.0)
        and _same_type(cur, nxt)
        and (nxt.tags & _COLUMN_TAGS) == (cur.tags & _COLUMN_TAGS) and column_index(nxt) == column_index(cur)
        and not nxt.bullet
    )


def _wraps_on(lines: list[Line], i: int, body: BodyStyle) -> bool:
    """An emphasised line ending in a comma whose next line goes on in the same type: a heading
    that wraps after a comma ("3.2 Digital hjemmeoppfølging," / "telefon- og videokonsultasjoner").
    On a scan, where sizes are read from ink, both lines at about one size, in heavy type or, as
    two lines alone, clearly larger than the body (a coloured title in regular weight)."""
    ln = lines[i]
    k = i + 1  # the next line (past the heading's number set after it on its row)
    if k < len(lines) and _number_after([ln], lines[k]):
        k += 1
    if k >= len(lines) or not ln.text.rstrip().endswith(","):
        return False
    nxt = lines[k]
    if ln.bold is None:
        # (in regular weight only when clearly larger than the body and no third line runs on at
        # that size: a lead paragraph set large runs on, a title wraps once)
        after = lines[k + 1] if k + 1 < len(lines) else None
        runs_on = after is not None and after.page == ln.page and after.size >= 0.9 * nxt.size and (
            after.top - nxt.bottom <= 0.9 * ln.size)
        same_type = nxt.bold is None and 0.8 <= nxt.size / max(ln.size, 1.0) <= 1.25 and (
            (ln.heavy and nxt.heavy) or (min(ln.size, nxt.size) >= 1.18 * body.size and not runs_on))
        emphasised = is_emphasised(ln, body) or min(ln.size, nxt.size) >= 1.18 * body.size
    else:
        same_type = style_key(nxt) == style_key(ln) and nxt.color == ln.color
        emphasised = is_emphasised(ln, body)
    return (
        same_type and emphasised and nxt.page == ln.page
        and 0 <= nxt.top - ln.bottom <= 0.9 * ln.size and len(ln.text.split()) <= 12
    )


def _text_right_edges(lines: list[Line]) -> dict[int, float]:
    """Each page's right edge of its text: where the lines outside side columns end, furthest right."""
    out: dict[int, float] = {}
    for ln in lines:
        if "side" not in ln.tags:
            out[ln.page] = max(out.get(ln.page, 0.0), ln.x1)
    return out


def _in_right_margin(ln: Line, text_right: dict[int, float]) -> bool:
    """A side column's line right of the page's text: on a scan, set no larger than the text, a
    note in the outer margin beside a paragraph ("Presisering", "Videreført uendret", in a tint),
    which neither its tint nor the space around it makes a heading, as they may a side head in
    the left margin. A scan shows no italic to tell it by."""
    return "side" in ln.tags and ln.page in text_right and ln.x0 >= text_right[ln.page]


def _set_apart_ocr_line(lines: list[Line], i: int, body: BodyStyle) -> bool:
    """An OCR'd line (no font information) that reads as an unnumbered heading: clearly larger
    than the body, short, capitalised, without closing punctuation, and set apart from the
    paragraph above it. At body size, a line in capitals only (a memo's title) counts as larger."""
    ln = lines[i]
    text = ln.text.strip()
    letters = [c for c in text if c.isalpha()]
    capitals = len(letters) >= 5 and all(c.isupper() for c in letters)
    if (ln.size < 1.18 * body.size and not capitals) or len(text.split()) > 12 or not _UPPER_START.match(text):
        return False
    if text.endswith((".", ";", ":")) or (text.endswith(",") and not _wraps_on(lines, i, body)):
        return False
    side = "side" in ln.tags
    prev = next((p for p in reversed(lines[:i]) if ("side" in p.tags) == side or p.page != ln.page), None)
    return prev is None or prev.page != ln.page or ln.top - prev.bottom >= 0.5 * body.size


_LEADER_TAIL = re.compile(r"\s*(?:[.…·]\s*){3,}.*$")
"""Dot leaders after a heading's title and whatever follows them on its line: a report may draw a
leader from a heading to the margin, and OCR reads the dots' tail as letters ("Fødselsomsorgen
..........nns.iensvvis")."""


CAPITALS_SHARE = 0.85
"""A line is set in capitals when this share of its letters reads upper case: OCR reads a small
capital whose shape is the lower case's ("o", "p", "k") as lower case now and then ("SETT opP",
"16.okt")."""


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= CAPITALS_SHARE * len(letters)


def _goes_on_in_type(cur: Line, nxt: Line) -> bool:
    """A text layer's title set in two weights, changing mid-line ("Endringslogg – ISF-regelverk
    2024 / sett opp **mot foreløpig** / **regelverk fra 16.okt 2023**"): the next line goes on in
    the type the line ends in, its size, weight and colour."""
    if cur.bold is None or nxt.bold is None or len({w.bold for w in cur.words}) < 2:
        return False
    last = cur.words[-1]
    return (all(w.bold == last.bold and w.color == last.color for w in nxt.words)
            and round(nxt.size * 2) == round(cur.size * 2))


def _continues_heading(group: list[Line], nxt: Line) -> bool:
    """Is `nxt` the wrapped rest of an OCR'd heading (no font information to compare)?

    It continues the heading when it sits right below at about the same size, carries no number,
    is short, and reads on: it starts in lower case, heading and line are both upper case, or both
    are in heavy type.
    """
    cur = group[-1]
    if any(g.bold is not None for g in group) or nxt.bold is not None or nxt.bullet or nxt.page != cur.page:
        return False
    if parse_number(nxt.text)[0] is not None:
        return False
    _number, title = parse_number(" ".join(g.text for g in group))
    gap = nxt.top - cur.bottom
    size_ratio = nxt.size / max(cur.size, 1.0)
    text = nxt.text.strip()
    upper_run = _in_capitals(text) and _in_capitals(title)
    return (
        # (display type read from ink: the lines of a title in 28-36 pt capitals set close overlap by
        # 3-6 pt, their boxes taller than the type by the scan's lean across the line's width)
        -max(2.0, 0.25 * cur.size) <= gap <= 0.9 * max(cur.size, 8)
        # OCR sizes come from ink: a capitals line with a descender (J, Q, a comma) reads taller,
        # a line of small capitals with no capital or figure among them shorter
        and (0.8 <= size_ratio <= 1.25 or (upper_run and 0.7 <= size_ratio <= 1.4))
        and len(text.split()) <= 8
        and not cur.text.rstrip().endswith((".", ":"))
        # (or the pixels show the line and the heading in the same heavy type: "… gjennom" /
        # "ACT-team …", a word or two of the line above may measure a hair lighter; a
        # parenthesis reads on too, no heading starts with one: "… maculadegenerasjon" / "(AMD-…)";
        # so does a date or a year, which is no heading number: "… regelverk fra" / "16.okt 2023")
        and (text[:1].islower() or text[:1] == "(" or text[:1].isdigit() or upper_run
             or (nxt.heavy and any(g.heavy for g in group)))
    )


def _validate_sequence(headings: list[Heading]) -> list[Heading]:
    """Drop numbered candidates that are only numbered (not styled) and break the sequence.

    A line such as "2 044 opphold per tertial" starts with a number but is body text; a real
    heading continues the document's numbering.
    """
    out: list[Heading] = []
    prev: tuple[int, ...] | None = None
    # Where the document sets its headings of a depth in a heading style, a line of that depth in
    # body type is a numbered list item ("1. Avdeling helseregistre flyttes ..."), whatever its number.
    styled_depths = {h.number.count(".") for h in headings if h.number and h.strong}
    # On a scan the type is not known, but size is: a line of such a depth set clearly smaller than
    # every heading of that depth is no heading either (a running header naming the chapter, "4 ISF
    # FOR PSYKISK …", above the chapter's own heading).
    smallest: dict[int, float] = {}
    for h in headings:
        if h.number and h.strong:
            depth = h.number.count(".")
            smallest[depth] = min(smallest.get(depth, math.inf), h.lines[0].size)
    for h in headings:
        if h.number is None:
            out.append(h)
            continue
        num = tuple(int(c) for c in h.number.split("."))
        known_type = all(ln.bold is not None for ln in h.lines)
        depth = h.number.count(".")
        smaller = h.lines[0].size < 0.8 * smallest.get(depth, 0.0)
        if not h.strong and (known_type or smaller) and depth in styled_depths:
            continue
        if h.strong or _plausible_successor(prev, num):
            out.append(h)
            prev = num
    return out


def _size_ranks(sizes: list[float], step: float = 0.92) -> dict[float, int]:
    """Rank sizes largest first, sizes less than a clear step apart sharing a rank."""
    ranks: dict[float, int] = {}
    rank, prev = 0, None
    for size in sorted(set(sizes), reverse=True):
        if prev is not None and size < prev * step:
            rank += 1
        ranks[size] = rank
        prev = size
    return ranks


PART_SCANNED_MIN_LINES = 20
"""Lines of each kind (text layer, OCR) a document needs before the one's heading styles are matched
to the other's: enough body text on both to measure its size."""


def adopt_text_layer_styles(headings: list[Heading], lines: list[Line]) -> None:
    """In a document scanned in part, a heading read by OCR takes the style of the text layer's
    headings that it matches. OCR knows no font and no colour, and reads sizes from ink (one face
    came out 15 % large), so a level-2 heading on a scanned page is a style of its own, ranked below
    the same heading on a born-digital page. The document's body text is one size on both kinds of
    page: OCR sizes are scaled by the ratio of the two body sizes, and an OCR heading takes the text
    layer's style of the same weight, column and slant whose size is within 10 % (the nearest)."""
    scanned = [ln for ln in lines if ln.bold is None]
    born = [ln for ln in lines if ln.bold is not None]
    if min(len(scanned), len(born)) < PART_SCANNED_MIN_LINES:
        return
    scale = body_style(born).size / body_style(scanned).size
    text_styles = {h.style for h in headings if h.lines[0].bold is not None}
    for h in headings:
        if h.lines[0].bold is not None:
            continue
        size = h.style[0] * scale
        alike = [s for s in text_styles if (s[1], s[3], s[4]) == (h.style[1], h.style[3], h.style[4])
                 and abs(s[0] - size) <= 0.1 * s[0]]
        if alike:
            h.style = min(alike, key=lambda s: (abs(s[0] - size), s))


def _merge_close_styles(headings: list[Heading]) -> None:
    """Styles that differ only by a little size are one style: OCR estimates sizes from ink, so one
    heading style comes out as 13, 13.5 and 14 points."""
    by_look: dict[tuple, list[float]] = defaultdict(list)
    for h in headings:
        by_look[h.style[1:]].append(h.style[0])
    representative: dict[tuple, float] = {}
    for look, sizes in by_look.items():
        ranks = _size_ranks(sizes)
        largest: dict[int, float] = {}
        for size in sorted(set(sizes), reverse=True):
            largest.setdefault(ranks[size], size)
            representative[(size, *look)] = largest[ranks[size]]
    for h in headings:
        h.style = (representative[h.style], *h.style[1:])


def assign_levels(headings: list[Heading], *, slides: bool) -> None:
    """Numbered headings take their numbering depth; unnumbered ones their style's rank."""
    _merge_close_styles(headings)
    depth_by_style: dict[tuple, Counter] = defaultdict(Counter)
    for h in headings:
        if h.number:
            depth_by_style[h.style][h.number.count(".") + 1] += 1
    # A style is a numbered one when most of its headings print numbers: a chapter title set
    # smaller to fit its band, read by OCR at the size of the unnumbered section titles, does
    # not make those sections chapters.
    for s in list(depth_by_style):
        if 2 * sum(depth_by_style[s].values()) <= _style_count(headings, s):
            del depth_by_style[s]
    # Larger first; at about the same size (within the step that separates styles) a style seen
    # with numbers ranks first (a sidebar chapter heading at the size of the section headings),
    # then bold before regular, upright before italic.
    rank = _size_ranks([h.style[0] for h in headings])
    styles = sorted({h.style for h in headings}, key=lambda s: (rank[s[0]], not depth_by_style[s], not s[1], s[4], -s[0]))
    level_of: dict[tuple, int] = {}
    last = 0
    for s in styles:
        if depth_by_style[s]:
            level_of[s] = depth_by_style[s].most_common(1)[0][0]
        else:
            level_of[s] = min(last + 1, 6) if last else 1
        last = max(last, level_of[s]) if depth_by_style[s] else level_of[s]
    _levels_from_parents(headings, styles, level_of, depth_by_style)
    # A style whose headings mostly carry printed numbers prints every number it has: one of its
    # headings without a number is an unnumbered subheading of the numbered heading above it.
    numbered_styles = {s for s in styles if sum(depth_by_style[s].values()) > 0.5 * _style_count(headings, s)}
    # Unless the style's numbers stand apart from its titles (a large chapter number on a line of its
    # own, in a band or sidebar): a title in it without one is a heading of that level whose number
    # was lost (OCR read the big digit as a letter, or not at all); its number comes from the sequence.
    def numbers_stand_apart(s: tuple) -> bool:
        numbered = [h for h in headings if h.style == s and h.number]
        return 2 * sum(1 for h in numbered if h.extra.get("number_apart")) > len(numbered)

    numbers_apart = {s for s in numbered_styles if len(depth_by_style[s]) == 1 and numbers_stand_apart(s)}

    def deeper_style_elsewhere(h: Heading, parent: Heading) -> bool:
        """Whether the numbered headings one level below ``parent`` are set in a style of their own
        (a text layer's): then a heading in ``parent``'s style is no subheading of it but its sibling
        that prints no number ("Om dette dokumentet" after "1.0 Innledning", 3.2.1 set smaller)."""
        return h.lines[0].bold is not None and any(
            depth_by_style[s][parent.level + 1] for s in numbered_styles if s != h.style)

    last_numbered: Heading | None = None
    for h in headings:
        if h.number:
            h.level, h.level_source = h.number.count(".") + 1, "numbering"
            last_numbered = h
        elif slides:
            h.level, h.level_source = 1, "slide"
        elif h.style in numbers_apart:
            h.level, h.level_source = level_of[h.style], "style"
            h.extra["number_lost"] = True
        elif (h.style in numbered_styles and last_numbered is not None and last_numbered.level <= level_of[h.style]
              and not deeper_style_elsewhere(h, last_numbered)):
            h.level, h.level_source = min(last_numbered.level + 1, 6), "style"
            h.extra["unnumbered"] = True
        elif h.style in numbered_styles and last_numbered is not None and h.lines[0].bold is not None:
            # After a deeper numbered heading, set smaller, it is no subheading of that but a heading
            # of its style's level that prints no number, as the text layer shows: a heading in the
            # chapters' style after 6.3 is a chapter ("Vedlegg 1 …"), one in the sections' style
            # after 3.3.2 a section ("Eksempler"). (On a scan its number may be lost: left to the
            # sequence.)
            h.level, h.level_source = level_of[h.style], "style"
            h.extra["unnumbered"] = True
        else:
            h.level, h.level_source = level_of[h.style], "style"


def _levels_from_parents(headings: list[Heading], styles: list[tuple], level_of: dict[tuple, int],
                         depth_by_style: dict[tuple, Counter]) -> None:
    """An unnumbered style sits one level below the headings it falls under, not at its rank among
    all styles: a one-off larger line (a site banner, a cover title) must not push every
    subheading a level down. A heading's parent is the nearest heading before it in a style that
    ranks above its own, or in a style printed with chapter numbers; the style takes the most
    common parent level + 1. Styles are settled in rank order, so a parent's level is known
    before its children's."""
    order = {s: i for i, s in enumerate(styles)}
    # A style printed with chapter numbers is the top level whatever its size: a chapter title set
    # small in a sidebar, or read small by OCR, still has the sections after it under it.
    chapters = {s for s in styles if depth_by_style[s] and depth_by_style[s].most_common(1)[0][0] == 1}
    # OCR reads sizes from ink, some 10 % either way: a style only a little larger in the same
    # weight may be the same type read larger, a sibling, and is nobody's parent on that ground.
    scanned = {h.style for h in headings if h.lines and h.lines[0].bold is None}
    strokes = _stroke_ranges(headings)

    def sibling_sizes(a: tuple, b: tuple) -> bool:
        return (a in scanned and b in scanned and a[2:] == b[2:] and max(a[0], b[0]) < 1.15 * min(a[0], b[0])
                and (a[1] == b[1] or _one_weight(strokes.get(a), strokes.get(b))))

    for s in styles:
        if depth_by_style[s]:
            continue
        parents: Counter = Counter()
        above: Heading | None = None  # the last heading so far in a style ranked above s
        for h in headings:
            if h.style == s and above is not None:
                parents[above.number.count(".") + 1 if above.number else level_of[above.style]] += 1
            elif (order[h.style] < order[s] and not sibling_sizes(h.style, s)) or h.style in chapters:
                above = h
        if parents:
            level_of[s] = min(parents.most_common(1)[0][0] + 1, 6)


STROKE_CONTINUOUS = 1.06
"""Two OCR heading styles apart only in weight are one weight when the heavier's lightest heading is
within this factor of the lighter's heaviest. Weight on a scan is a threshold on a measured stroke
(:func:`tracker.extract.ocr.mark_heavy`): one bold type blurred by a scan measured 0.077-0.096 of its
size over its headings, so that the threshold cut it in two at 0.089, while regular and bold type
lie a third apart (0.062-0.073 against 0.100-0.127)."""


def _stroke_ranges(headings: list[Heading]) -> dict[tuple, tuple[float, float]]:
    """Per OCR style, the lightest and heaviest stroke of its headings (each the median of its words')."""
    per_style: dict[tuple, list[float]] = defaultdict(list)
    for h in headings:
        measured = [w.stroke for ln in h.lines for w in ln.words if w.stroke is not None and len(w.text) >= 3]
        if measured and h.lines[0].bold is None:
            per_style[h.style].append(sorted(measured)[len(measured) // 2])
    return {s: (min(v), max(v)) for s, v in per_style.items()}


def _one_weight(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool:
    if a is None or b is None:
        return False
    light, heavy = sorted((a, b))
    return heavy[0] <= STROKE_CONTINUOUS * light[1]


def _style_count(headings: list[Heading], style: tuple) -> int:
    return sum(1 for h in headings if h.style == style)


def self_reference_depths(text: str) -> tuple[set[int], set[str]]:
    refs = {m.group(1) for m in SELF_REFERENCE.finditer(text)}
    return {r.count(".") + 1 for r in refs}, refs


def mend_misread_numbers(headings: list[Heading]) -> list[str]:
    """On OCR'd pages, a heading number that its own subsections contradict is misread: a chapter
    read "5" or "83" whose subsections read 8.1, 8.2, … is chapter 8 (large digits are where OCR
    errs most, and the subsections' smaller numbers agree among themselves). The subsections'
    number is taken when two or more of them share it, no other heading has it, and it stands in
    the sequence between the chapter's neighbours. Returns one warning per mended number."""
    notes: list[str] = []
    numbered = [h for h in headings if h.number and h.number.replace(".", "").isdigit()]
    taken = {h.number for h in numbered}
    for i, h in enumerate(numbered):
        if h.number_source != "printed" or h.lines[0].bold is not None:  # (weight unknown: read by OCR)
            continue
        depth = h.number.count(".")
        children = []
        for c in numbered[i + 1:]:
            if c.number.count(".") <= depth:
                break
            if c.number.count(".") == depth + 1:
                children.append(c.number.rsplit(".", 1)[0])
        if len(children) < 2 or len(set(children)) != 1 or children[0] == h.number or children[0] in taken:
            continue
        parent, _, last = children[0].rpartition(".")
        own_parent = h.number.rpartition(".")[0]
        if parent != own_parent:
            continue
        before, after = _last_parts(numbered[:i], parent, depth), _last_parts(numbered[i + 1:], parent, depth)
        if (before and int(last) <= before[-1]) or (after and int(last) >= after[0]):
            continue
        notes.append(f"page {h.page}: heading number read as '{h.number}' is '{children[0]}', as its "
                     f"{len(children)} subsections are numbered")
        taken.discard(h.number)
        taken.add(children[0])
        h.number = children[0]
        h.number_source = "sequence"
    return notes + _mend_shared_numbers(numbered)


def _mend_shared_numbers(numbered: list[Heading]) -> list[str]:
    """Two headings cannot share a number: where an OCR-read number is printed again further on at
    its depth ("4", "6", "6", "7"), the one that the sequence has room for before it takes the free
    number after its predecessor (the first "6" is 5: a large "5" read as "6"), provided that number
    is nobody's and comes before its successor's."""
    notes: list[str] = []
    count = Counter(h.number for h in numbered)
    for i, h in enumerate(numbered):
        if count[h.number] < 2 or h.number_source != "printed" or h.lines[0].bold is not None:
            continue
        depth = h.number.count(".")
        parent = h.number.rpartition(".")[0]
        before, after = _last_parts(numbered[:i], parent, depth), _last_parts(numbered[i + 1:], parent, depth)
        if not before or not after:
            continue
        free = before[-1] + 1
        number = f"{parent}.{free}" if parent else str(free)
        if free >= after[0] or count[number]:
            continue
        notes.append(f"page {h.page}: heading number read as '{h.number}' is '{number}': '{h.number}' is "
                     f"printed again further on, and the sequence has no '{number}'")
        count[h.number] -= 1
        count[number] += 1
        h.number = number
        h.number_source = "sequence"
    return notes


def _last_parts(headings: list[Heading], parent: str, depth: int) -> list[int]:
    """The last part of each number under ``parent`` at ``depth`` (dots), in order."""
    return [int(n.rpartition(".")[2]) for h in headings if (n := h.number)
            and n.count(".") == depth and n.rpartition(".")[0] == parent]


def infer_numbers(headings: list[Heading], full_text: str) -> list[str]:
    """Give unnumbered headings the number the layout left out, where the document shows that
    it numbers headings that deep (its own cross-references or other printed numbers at that
    depth). Returns warnings, e.g. a self-reference that points to no heading."""
    warnings: list[str] = []
    depths, refs = self_reference_depths(full_text)
    printed_depths = {h.number.count(".") + 1 for h in headings if h.number}
    counters: dict[str, int] = {}
    parent_at: dict[int, str | None] = {}
    for h in headings:
        if h.number:
            parts = h.number.split(".")
            parent = ".".join(parts[:-1])
            counters[parent] = max(counters.get(parent, 0), int(parts[-1]))
            parent_at[len(parts)] = h.number
            for d in list(parent_at):
                if d > len(parts):
                    del parent_at[d]
            continue
        lvl = h.level
        if h.extra.get("unnumbered"):
            continue
        parent = parent_at.get(lvl - 1) if lvl > 1 else ""
        # References to X.Y.Z numbers show the document numbers every level down to that depth.
        evidence = (
            lvl <= max(depths, default=0)
            or (lvl in printed_depths and lvl > 1)
            # Numbered chapters whose sections carry no printed number at all: a layout that drops
            # the numbers of second-level headings (designed reports do), not an unnumbered scheme.
            or (lvl == 2 and 1 in printed_depths and 2 not in printed_depths)
            # A title in a style that prints its numbers apart, whose number was not read.
            or h.extra.get("number_lost", False)
        )
        if not evidence or parent is None or lvl - 1 not in parent_at and lvl > 1:
            continue
        counters[parent] = counters.get(parent, 0) + 1
        h.number = f"{parent}.{counters[parent]}" if parent else str(counters[parent])
        # The document's own references to numbers this deep are evidence; otherwise only the
        # numbering sequence of the printed numbers around it speaks for the guess.
        h.number_source = "cross-reference" if lvl <= max(depths, default=0) else "sequence"
        parent_at[lvl] = h.number
        for d in list(parent_at):
            if d > lvl:
                del parent_at[d]
    numbers = {h.number for h in headings if h.number}
    for r in sorted(refs):
        if r not in numbers:
            warnings.append(f"cross-reference to section {r} 'i dette dokumentet' points to no heading")
    return warnings
