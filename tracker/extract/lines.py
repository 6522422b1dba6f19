"""Words → text lines; running headers/footers; reading order.

A :class:`Line` is a run of words on one baseline that belong together (a large horizontal gap
splits a row into separate lines, so a sidebar and the body column never merge).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from tracker.extract.layout import is_column_gap
from tracker.extract.words import (
    FilledRect,
    PageWords,
    Word,
    WordRun,
    evenly_spaced,
    group_rows,
    is_bullet_mark,
)

# Margin bands (share of page height) where running headers, footers and page numbers live.
MARGIN_BAND = 0.075
_PAGE_NUMBER = re.compile(r"^(?:(?:side|page|s\.)\s*)?\d{1,4}(?:\s*(?:av|of|/)\.?\s*\d{1,4})?$", re.IGNORECASE)
# A heading number on its own ("3", "4.2", "5.1."): a line of nothing else.
NUMBER_ONLY = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?$")
# A chapter's label on a line of its own over its title: "Kapittel 3", "KAP. 3", "Del 2".
CHAPTER_LABEL = re.compile(r"^(?:kapittel|kap\.|del|chapter)\s+(\d{1,2})\.?$", re.IGNORECASE)
# A page left blank says so ("Denne siden er blank med hensikt", "Denne siden er med vilje tom",
# "This page intentionally left blank"): the printer's note, no text of the document.
BLANK_PAGE_NOTICE = re.compile(
    r"^(?:(?:denne|this)\s+(?:sida|siden|page)\s+(?:er|is)|(?:sida|siden)\s+er|(?:this\s+page\s+)?(?=intentionally))\s*"
    r"(?:(?:med\s+hensikt|bevisst|med\s+vilje|intentionally)\s+)?(?:left\s+|latt\s+)?(?:blank|tom|empty)"
    r"(?:\s+(?:med\s+hensikt|med\s+vilje|on\s+purpose))?\.?$|^(?:blank|tom)\s+side\.?$",
    re.IGNORECASE)
# A table's caption: "Tabell 9.1 Aktivitetsgrunnlag somatikk", "Tabell 2:", an appendix's "Tabell V1".
CAPTION_RE = re.compile(r"^(Tabell|Table|Tab\.)\s*[A-Z]?\d+([.\-]\d+)*[.:]?(\s|$)", re.IGNORECASE)


@dataclass
class Line(WordRun):
    page: int = 0
    source_page_height: float = 0.0
    bullet: bool = False
    tags: set[str] = field(default_factory=set)
    mark: Word | None = None  # the bullet glyph taken off the line, if any

    def unmark(self) -> None:
        """Not a bullet after all (a wrapped title going on with "– ..."): put the dash back."""
        if self.mark is not None:
            self.words = [self.mark, *self.words]
            self.mark = None
        self.bullet = False

    @property
    def dash_marked(self) -> bool:
        return self.mark is not None and self.mark.text in "–—-"

    @property
    def seq(self) -> int:
        return min(w.seq for w in self.words)

    @property
    def nchars(self) -> int:
        return sum(len(w.text) for w in self.words)

    def _dominant(self, attr: str):  # type: ignore[no-untyped-def]
        """The value most of the line's characters have, those of a leading heading number left out
        when words follow (a number set small before its title: "8.2" at 9 pt before "NPK" at
        13.5 pt is a 13.5 pt heading)."""
        words = self.words[1:] if len(self.words) > 1 and NUMBER_ONLY.match(self.words[0].text) else self.words
        c: Counter = Counter()
        for w in words:
            c[getattr(w, attr)] += len(w.text)
        return c.most_common(1)[0][0]

    @property
    def size(self) -> float:
        return float(self._dominant("size"))

    @property
    def heavy(self) -> bool:
        """OCR: most of the line's characters are in heavy (bold) type, as the pixels show."""
        return 2 * sum(len(w.text) for w in self.words if w.heavy) > self.nchars

    @property
    def color(self) -> tuple[float, ...]:
        return self._dominant("color")

    @property
    def title_bold(self) -> bool | None:
        """:attr:`bold` of the words after a leading heading number: the weight a heading's title is
        set in, whatever its number's ("2" in the accent's regular before a bold title)."""
        words = self.words[1:] if len(self.words) > 1 and NUMBER_ONLY.match(self.words[0].text) else self.words
        if len(words) > 1 and len(words) < len(self.words) and words[0].text in ("–", "—", "-"):
            words = words[1:]  # ("3.2 — Tittel": a dash between the number and the title, in the number's type)
        if any(w.bold is None for w in words):
            return None
        return all(w.bold for w in words)

    @property
    def italic(self) -> bool:
        """Every word in an italic or oblique face (OCR: most of the characters in leaning strokes;
        a word of one or two letters is too little ink to tell)."""
        if any(w.slant is not None for w in self.words):
            measured = [w for w in self.words if w.slant is not None and len(w.text) >= 3]
            return bool(measured) and 2 * sum(len(w.text) for w in measured if w.italic) > sum(
                len(w.text) for w in measured)
        return bool(self.words) and all(w.italic for w in self.words)


_RUN_IN_END = re.compile(r"\w[.]$")
_RUN_IN_MAX_WORDS = 10
# On a scan, the run-in head's strokes against the rest of its line's (ocr.HEAVY_STROKE compares a
# word with the whole document's body; here the line itself is the reference).
_RUN_IN_STROKE_RATIO = 1.3


def _run_in_length(words: list[Word]) -> int:
    """How many words open ``words`` as a run-in head, 0 for none: the words up to the first full
    stop (a few), in bold type, and the rest of the line regular. On a text layer the fonts say it;
    on a scan the run's strokes must be clearly wider than the rest's (words of one or two letters,
    too little ink to measure, are left out of both)."""
    k = next((i + 1 for i, w in enumerate(words[:_RUN_IN_MAX_WORDS]) if _RUN_IN_END.search(w.text)), 0)
    if not 0 < k < len(words) or sum(c.isalpha() for w in words[:k] for c in w.text) < 4:
        return 0
    head, rest = words[:k], words[k:]
    if all(w.bold is not None for w in words):
        return k if all(w.bold for w in head) and not any(w.bold for w in rest) else 0
    head_strokes = [w.stroke for w in head if w.stroke is not None and len(w.text) >= 3]
    rest_strokes = sorted(w.stroke for w in rest if w.stroke is not None and len(w.text) >= 3)
    if not head_strokes:
        return 0
    if len(rest_strokes) < 2:  # too little of the paragraph on the line: the document's body decides
        return k if all(w.heavy for w in head if len(w.text) >= 3) and not any(w.heavy for w in rest) else 0
    return k if min(head_strokes) >= _RUN_IN_STROKE_RATIO * rest_strokes[len(rest_strokes) // 2] else 0


def split_run_in_heads(lines: list[Line]) -> list[Line]:
    """A run-in head split off its paragraph: a paragraph's first line that opens with a few words
    in bold type ending in a full stop, then goes on in the text's regular type ("**Justering i
    kostnadsvekter.** ISF-refusjon baserer seg ..."). The bold words become a line of their own
    (without the stop, as a title is written) just before the rest. A paragraph opens where the
    line before ends a sentence or is itself in bold; a label ending in a colon is no head."""
    out: list[Line] = []
    for i, ln in enumerate(lines):
        words = ln.words
        prev = lines[i - 1] if i else None
        opens = prev is None or prev.page != ln.page or prev.bold or prev.text.rstrip().endswith((".", "!", "?", ":"))
        k = _run_in_length(words) if opens and not ln.bullet else 0
        if not k:
            out.append(ln)
            continue
        if ln.bold is None:  # a scan: the weight was set line by line (ocr.mark_heavy); now per part
            for j, w in enumerate(words):
                w.heavy = j < k
        head_words = [*words[: k - 1], dataclasses.replace(words[k - 1], text=words[k - 1].text[:-1])]
        out.append(dataclasses.replace(ln, words=head_words, tags=set(ln.tags) | {"run-in"}, mark=None))
        out.append(dataclasses.replace(ln, words=list(words[k:]), tags=set(ln.tags) | {"run-in-rest"}, bullet=False,
                                       mark=None))
    return out


def group_lines(page: PageWords, gutters: Sequence[float] = ()) -> list[Line]:
    """Cluster a page's words into rows, then split rows at wide gaps, and at the column gutters
    when the page has them (see :mod:`tracker.extract.layout`), into separate lines."""
    lines: list[Line] = []

    def column(w: Word) -> int:  # (a word across a gutter counts to the column it ends in)
        return sum(1 for g in gutters if w.x1 > g)

    # Each column's right edge: where its justified lines end. A row whose words stand evenly
    # spaced across a gutter is one full-width line, unless its part before the gutter ends right
    # there (a justified column line beside a short one that happens to leave a gap of that width).
    edges: dict[int, float] = {}
    for w in page.words:
        if column(w) < len(gutters):
            edges[column(w)] = max(edges.get(column(w), w.x1), w.x1)
    for row in group_rows(page.words):
        current: list[Word] = [row[0]]
        justified = evenly_spaced(row)
        # Each column's line of a row across columns is justified on its own: word → its column,
        # for the words of a column whose line is.
        justified_side: dict[int, int] = {}
        if gutters and not justified:
            for k in range(len(gutters) + 1):
                side = [w for w in row if column(w) == k]
                if evenly_spaced(side):
                    justified_side.update((id(w), k) for w in side)
        for prev, w in zip(row, row[1:], strict=False):
            gap = w.x0 - prev.x1
            size = min(prev.size or 10.0, w.size or 10.0)
            # A wide gap ends a line, unless every gap of the row is as wide (a justified line in
            # a narrow column); so does a gap wider than a space where the type changes (a
            # sidebar title in 28 pt bold beside 18 pt body text on the same baseline).
            # (a heading's number set small before its title, "3" at 9 pt before a 17 pt title a
            # space or so to its right, is the title's; a chapter's number set large beside its
            # title stands apart, as the title may wrap under itself)
            resized = (max(prev.size, w.size) > 1.2 * size and not is_bullet_mark(prev.text)
                       and not (NUMBER_ONLY.match(prev.text) and prev.size < w.size and gap <= w.size))
            side = justified_side.get(id(prev))
            stretched = justified or (side is not None and side == justified_side.get(id(w)))
            edge = edges.get(column(prev))
            if (gap > 2.5 * size and not stretched) or (resized and gap > 0.3 * size) or (prev.bold != w.bold and gap > 0.8 * size) or (
                # at a gutter only where the gap is a column gap: a full-width chapter head
                # has a word space there (stretched, when justified), and splitting it would read
                # half of it as a column
                any(prev.x1 <= g <= w.x0 for g in gutters) and is_column_gap(gap, size)
                and not (justified and edge is not None and prev.x1 < edge - 1)
            ):
                lines.append(Line(current, page.page, page.height))
                current = [w]
            else:
                current.append(w)
        lines.append(Line(current, page.page, page.height))
    for ln in lines:
        _mark_bullet(ln)
        if gutters:
            k = sum(1 for g in gutters if ln.x0 >= g)
            if any(ln.x0 < g < ln.x1 for g in gutters):
                ln.tags.add("full")
            else:
                ln.tags.add("left" if k == 0 else "right")
                if len(gutters) > 1:  # three or more columns: which one ("right" is any but the first)
                    ln.tags.add(f"col{k}")
    return lines


def column_index(ln: Line) -> int | None:
    """The text column a line stands in, from the left (0), -1 for a line across the columns, None
    on a page without columns."""
    if "full" in ln.tags:
        return -1
    for t in ln.tags:
        if t.startswith("col") and t[3:].isdigit():
            return int(t[3:])
    return 0 if "left" in ln.tags else 1 if "right" in ln.tags else None


def positions(lines: Sequence[Line]) -> dict[int, int]:
    """Each line's place in ``lines``, by ``id``: whether two lines follow each other, nothing between."""
    return {id(ln): k for k, ln in enumerate(lines)}


def symbols_only(text: str) -> bool:
    """Is ``text`` nothing but pictographic symbols (Unicode "So": ▾ ► ✓ ■), no letter, figure or
    punctuation?"""
    chars = [c for c in text if not c.isspace()]
    return bool(chars) and all(unicodedata.category(c) == "So" for c in chars)


def _mark_bullet(line: Line) -> None:
    first = line.words[0].text
    # An unmapped glyph ("(cid:127)") leading a line is, in practice, a bullet symbol.
    if len(line.words) > 1 and is_bullet_mark(first):
        line.bullet = True
        line.mark = line.words[0]
        line.words = line.words[1:]
    elif len(first) > 1 and first[0] in "•●▪■◦‣" and first[1:].strip():
        line.bullet = True
        w = line.words[0]
        line.words[0] = Word(w.text[1:].lstrip(), w.x0, w.top, w.x1, w.bottom, w.size, w.fontname, w.bold, w.color, w.seq)


def _margin_key(text: str) -> str:
    """A running line's identity: its letters, every number as one '0' (page numbers change), no
    spaces or punctuation (OCR reads a dash as '–' on one page and '-' on the next)."""
    return re.sub(r"[\W_]+", "", re.sub(r"\d+", "0", text.lower()))


def _running_threshold(n: int) -> int:
    """On how many of ``n`` pages a line in the margin band must repeat to be running text."""
    return max(2, int(0.25 * n + 0.999))


def running_rows(pages: Sequence[PageWords], page_rows: Sequence[list[list[Word]]]) -> set[int]:
    """The ``id`` of each word in a row of the margin bands that repeats on enough pages to be a
    running header or footer (:func:`remove_running_text` decides the same on lines): for the
    table finder, which runs before lines exist, so that a running header over a rule is never a
    table's header row. ``page_rows``: each page's words in rows (:func:`group_rows`)."""
    rows_by_page = [[r for r in rows if _in_margin(WordRun(r), p.height)] for p, rows in zip(pages, page_rows, strict=True)]
    counts = Counter(k for rows in rows_by_page for k in {_margin_key(WordRun(r).text) for r in rows})
    threshold = _running_threshold(len(pages))
    return {id(w) for rows in rows_by_page for r in rows if counts[_margin_key(WordRun(r).text)] >= threshold
            for w in r}


def remove_running_text(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop running headers/footers (text repeated in the margin bands) and page numbers."""
    counts: Counter = Counter()
    for lines, h in zip(pages, heights, strict=True):
        keys = {_margin_key(ln.text) for ln in lines if _in_margin(ln, h)}
        counts.update(keys)
    threshold = _running_threshold(len(pages))
    tabs = _margin_tabs(pages)
    body = _text_size([ln for lines in pages for ln in lines])
    outer = _outer_page_numbers(pages, heights)
    if body is not None:
        outer |= _small_margin_lines(pages, heights, body) | _small_repeated_lines(pages, body)
    outer |= _scanned_marks_in_place(pages, heights)
    out: list[list[Line]] = []
    for lines, h in zip(pages, heights, strict=True):
        numbers = [ln for ln in lines if _in_margin(ln, h) and _is_page_number(ln.text)]
        line_numbers = _line_numbers(lines)
        kept = []
        for ln in lines:
            if _in_margin(ln, h) and (counts[_margin_key(ln.text)] >= threshold or _is_page_number(ln.text)
                                      or _beside_page_number(ln, numbers)) and not _labels_title(ln, lines):
                continue
            if id(ln) in line_numbers or id(ln) in tabs or id(ln) in outer or BLANK_PAGE_NOTICE.match(ln.text.strip()):
                continue
            kept.append(ln)
        out.append(kept)
    return out


SIDE_MENU_LINES = 3
"""Lines repeated at one place on several pages, read as a side column beside the text on one of
them, are site navigation (a web page's menu printed beside every page) when this many or more
stand on a page; fewer may be side heads that recur ("Merknad")."""


MENU_PLACE_TOLERANCE = 8.0
"""Points a menu's entry may stand apart from page to page and still be at one place (a scan's
pages are skewed and shifted by a few points each)."""


def _repeated_at_place(pages: Sequence[Sequence[tuple[str, float, float]]]) -> set[tuple[int, int]]:
    """(page index, item index) of each item (text, x0, top) whose text, with letters in it, stands at
    about the same place (:data:`MENU_PLACE_TOLERANCE`) on as many pages as running text needs, at
    most twice on any page."""
    threshold = _running_threshold(len(pages))
    by_key: dict[str, list[tuple[int, int, float, float]]] = defaultdict(list)
    for p, items in enumerate(pages):
        for k, (text, x0, top) in enumerate(items):
            # (words, not numbers: a table's column of figures repeats its "0"s on a grid of rows)
            key = _margin_key(text)
            if sum(c.isalpha() for c in key) >= 2:
                by_key[key].append((p, k, x0, top))
    out: set[tuple[int, int]] = set()
    for occurrences in by_key.values():
        per_page = Counter(p for p, *_ in occurrences)
        # (once or twice to a page, as a menu's entry is, "FINANSIERING" over "Innsatsstyrt /
        # finansiering": a table's rows repeat their words all down a page)
        if len(per_page) < threshold or max(per_page.values()) > 2:
            continue
        for p, k, x0, top in occurrences:
            near = {q for q, _j, x, t in occurrences
                    if abs(x - x0) <= MENU_PLACE_TOLERANCE and abs(t - top) <= MENU_PLACE_TOLERANCE}
            if len(near) >= threshold:
                out.add((p, k))
    return out


def menu_words(page_rows: Sequence[list[list[Word]]]) -> set[int]:
    """The ``id`` of each word of a menu printed beside every page (:func:`without_repeated_side_text`
    decides it on lines): runs of words, parted at column gaps, repeated at one place on enough
    pages, :data:`SIDE_MENU_LINES` of them or more on a page. For the table finder: a menu's entries
    beside the text's lines are no table's first column. ``page_rows``: each page's words in rows
    (:func:`group_rows`)."""
    runs_by_page: list[list[list[Word]]] = []
    for rows in page_rows:
        runs: list[list[Word]] = []
        for row in rows:
            run = [row[0]]
            for a, b in itertools.pairwise(row):
                if is_column_gap(b.x0 - a.x1, a.size or 10.0):
                    runs.append(run)
                    run = []
                run.append(b)
            runs.append(run)
        runs_by_page.append(runs)
    marked = _repeated_at_place([[(" ".join(w.text for w in r), r[0].x0, r[0].top) for r in runs]
                                 for runs in runs_by_page])
    out: set[int] = set()
    for p, runs in enumerate(runs_by_page):
        menu = _stacked([k for k in range(len(runs)) if (p, k) in marked], [(r[0].x0, r[0].top) for r in runs])
        out.update(id(w) for k in menu for w in runs[k])
    return out


def _stacked(marked: list[int], places: Sequence[tuple[float, float]]) -> list[int]:
    """Of the ``marked`` items (indices into ``places``, (x0, top)), those standing one under another
    at one x, :data:`SIDE_MENU_LINES` or more on distinct rows: a menu runs down the page (a table's
    header repeated over a page break runs across it)."""
    out: list[int] = []
    for k in marked:
        x = places[k][0]
        column = [j for j in marked if abs(places[j][0] - x) <= MENU_PLACE_TOLERANCE]
        if len({round(places[j][1]) for j in column}) >= SIDE_MENU_LINES:
            out.append(k)
    return out


def without_repeated_side_text(pages: list[list[Line]], seen: list[list[Line]] | None = None
                               ) -> tuple[list[list[Line]], list[Line]]:
    """``pages`` (lines in reading order, side columns tagged ``side``) without a menu printed beside
    every page: lines at about the same place with the same text on several pages (as many as
    running text needs), some page reading them as a side column, :data:`SIDE_MENU_LINES` or more
    of them on a page; and the lines taken out. Running headers are found in the margin bands; a
    menu runs down the page. (On a page holding only a table beside it, the menu is all the page's
    text, and no side column.) ``seen``: every page's lines as grouped, running headers among them;
    a menu's first entries, in the top margin, go with the running headers on most pages, and
    where a page's stand a little apart they are still seen repeated there."""
    seen = seen if seen is not None else pages
    repeated = _repeated_at_place([[(ln.text, ln.x0, ln.top) for ln in lines] for lines in seen])
    marked_ids = {id(seen[p][k]) for p, k in repeated}
    side_keys = {_margin_key(ln.text) for lines in seen for ln in lines if id(ln) in marked_ids and "side" in ln.tags}
    out: list[list[Line]] = []
    dropped: list[Line] = []
    for lines, grouped in zip(pages, seen, strict=True):
        # (an entry whose text the menu has on other pages, in this page's side column: where a page
        # stands further apart than the others, its entries are no longer at their place; counted
        # among all the page's lines, the entries that went with the running headers too)
        entries = _stacked([k for k, ln in enumerate(grouped) if _margin_key(ln.text) in side_keys
                            and (id(ln) in marked_ids or "side" in ln.tags)],
                           [(ln.x0, ln.top) for ln in grouped])
        menu = {id(grouped[k]) for k in [*entries, *_among_menu(grouped, set(entries))]}
        if menu:
            dropped += [ln for ln in lines if id(ln) in menu]
            lines = [ln for ln in lines if id(ln) not in menu]
        out.append(lines)
    return out, dropped


def _among_menu(lines: list[Line], menu: set[int]) -> set[int]:
    """Indices of the side column's other lines standing among a page's menu entries (``menu``):
    within the entries' column and no further above or below them than a line and a half. OCR
    reads a menu's entry differently from page to page ("nnatsntyit" for "Innsatsstyrt"), and
    such a reading is found on too few pages to count as repeated."""
    if not menu:
        return set()
    entries = [lines[k] for k in menu]
    left = min(ln.x0 for ln in entries) - MENU_PLACE_TOLERANCE
    right = max(ln.x1 for ln in entries) + MENU_PLACE_TOLERANCE
    reach = 1.5 * max(ln.size for ln in entries)
    top, bottom = min(ln.top for ln in entries) - reach, max(ln.bottom for ln in entries) + reach
    return {k for k, ln in enumerate(lines) if k not in menu and "side" in ln.tags
            and ln.x0 >= left and ln.x1 <= right and top <= ln.top and ln.bottom <= bottom}


DATE_STAMP = re.compile(
    r"^(?:sist\s+(?:faglig\s+)?(?:oppdatert|endret|revidert)|oppdatert|publisert|først\s+publisert|"
    r"last\s+(?:updated|modified)|published|updated)\s*:?\s*"
    r"\d{1,2}\.\s*(?:\d{1,2}\.?|[a-zæøå]+)\s*\d{4}\.?$", re.I)
"""A web page's publication or update stamp ("Sist faglig oppdatert: 11.12.2024"), printed under its
title or each chapter's heading: the page's metadata, not its text."""


FEEDBACK_PROMPT = re.compile(
    r"^(?:fant du (?:det|svar på det) du (?:lette etter|trengte)|var (?:denne )?(?:siden|artikkelen|informasjonen)"
    r"(?: på denne siden)? nyttig|hjalp (?:denne )?(?:siden|informasjonen)(?: deg)?|was this page helpful)\s*\??$", re.I)
"""A web page's feedback box asks whether it helped ("Fant du det du lette etter?"), with buttons to
answer: the site's, printed with every page, no part of the text."""
_BUTTON_WORD = re.compile(r"^[A-Za-zÆØÅæøå]{1,4}$")


def feedback_box(lines: Sequence[Line], body_size: float) -> list[Line]:
    """A web page's feedback box (:data:`FEEDBACK_PROMPT`) among ``lines`` (in reading order): the
    prompt, its answer buttons (a line of one or two short words, "Ja" "Nei", or each on its own
    line) and the fine print under them (set smaller than the text)."""
    out: list[Line] = []
    for k, ln in enumerate(lines):
        if not FEEDBACK_PROMPT.match(ln.text.strip()):
            continue
        box = [ln]
        for nxt in lines[k + 1:k + 6]:
            words = nxt.text.split()
            if len(words) <= 2 and all(_BUTTON_WORD.match(w) for w in words):
                box.append(nxt)
            elif len(box) > 1 and nxt.size < 0.95 * body_size:
                box.append(nxt)
                break
            else:
                break
        if len(box) > 1:  # (a prompt without its buttons is a sentence of the text)
            out += box
    return out


def is_date_stamp(line: Line, body_size: float) -> bool:
    """A line that holds only a publication or update date (:data:`DATE_STAMP`), set smaller than
    the body text."""
    return line.size < 0.95 * body_size and bool(DATE_STAMP.match(line.text.strip()))


def _text_size(lines: Sequence[Line]) -> float | None:
    """The size most of the lines' characters are set in (the median by character); None for no text."""
    sized = sorted((ln.size, len(ln.text)) for ln in lines)  # (a line's size is measured once)
    total = sum(n for _, n in sized)
    if not total:
        return None
    seen = 0
    for size, n in sized:
        seen += n
        if 2 * seen > total:
            return size
    return sized[-1][0]


def _text_block(lines: list[Line]) -> tuple[float, float] | None:
    """The x-extent of a page's running text: its lines of five words or more."""
    running = [ln for ln in lines if len(ln.words) >= 5]
    return (min(ln.x0 for ln in running), max(ln.x1 for ln in running)) if running else None


OUTER_NUMBER_ZONE = 0.2
"""A page number in the side margin stands this share of the page's height or less from its top or
foot: level with the text's first or last lines, not in the band above or below them."""


def _outer_page_numbers(pages: list[list[Line]], heights: list[float]) -> set[int]:
    """The ``id`` of each page number set in the side margin (a book's mirrored layout puts it in the
    outer margin, level with the foot of the text): a number alone, beside the page's running text
    near its top or foot, counting up with the pages on two pages or more."""
    found: list[tuple[int, Line]] = []
    for k, (lines, h) in enumerate(zip(pages, heights, strict=True)):
        block = _text_block(lines)
        if block is None:
            continue
        for ln in lines:
            near_edge = ln.bottom <= OUTER_NUMBER_ZONE * h or ln.top >= (1 - OUTER_NUMBER_ZONE) * h
            if not (len(ln.words) == 1 and re.fullmatch(r"\d{1,4}", ln.text.strip()) and near_edge
                    and (ln.x1 <= block[0] or ln.x0 >= block[1])):
                continue
            # Alone: a chapter's number in a sidebar, one chapter a page, stands over its title.
            if not any(o is not ln and o.x0 < ln.x1 + 2 * ln.size and o.x1 > ln.x0 - 2 * ln.size
                       and o.top < ln.bottom + 2 * ln.size and o.bottom > ln.top - 2 * ln.size for o in lines):
                found.append((int(ln.text) - k, ln))
    offsets = Counter(offset for offset, _ in found)
    return {id(ln) for offset, ln in found if offsets[offset] >= 2 and offsets[offset] == len(found)}


SMALL_MARGIN_TYPE = 0.9
"""A line in the margin band set at this share of the body text's size or smaller is running matter
when most pages carry one there."""


def _small_margin_lines(pages: list[list[Line]], heights: list[float], body: float) -> set[int]:
    """The ``id`` of each line of small type in the top (or foot) band of the page, where most pages,
    two or more, carry such lines: running headers that alternate between pages (the title on even
    pages, the organisation or chapter on odd ones) repeat no text often enough to be found by it.
    ``body``: the size of the document's text."""
    out: set[int] = set()
    for top in (True, False):
        band = [[ln for ln in lines if ln.size <= SMALL_MARGIN_TYPE * body and (
                    ln.bottom <= h * MARGIN_BAND * 1.2 if top else ln.top >= h * (1 - MARGIN_BAND))]
                for lines, h in zip(pages, heights, strict=True)]
        carrying = sum(1 for b in band if b)
        if carrying >= 2 and carrying >= 0.75 * len(pages):
            out |= {id(ln) for b in band for ln in b}
    return out


REPEATED_SMALL_TYPE = 0.8
"""Type this share of the body text's size or smaller, repeated at one place on most pages, is page
furniture wherever it stands."""


def _small_repeated_lines(pages: list[list[Line]], body: float) -> set[int]:
    """The ``id`` of each line of small type that repeats at one place (its text, digits aside, and
    its position) on half the pages or more, three at least: the footer of each slide on a handout's
    page of framed slides stands mid-page, outside the page's margin bands."""
    if len(pages) < 3:
        return set()

    def key(ln: Line) -> tuple[str, int, int]:
        return (_margin_key(ln.text), round(ln.x0 / 5), round(ln.top / 5))

    small = [[ln for ln in lines if ln.size <= REPEATED_SMALL_TYPE * body and _margin_key(ln.text)] for lines in pages]
    counts = Counter(k for lines in small for k in {key(ln) for ln in lines})
    enough = max(3, len(pages) // 2)
    return {id(ln) for lines in small for ln in lines if counts[key(ln)] >= enough}


def _scanned_marks_in_place(pages: list[list[Line]], heights: list[float]) -> set[int]:
    """The ``id`` of each OCR'd line in a margin band whose box (left, right, top) recurs on as many
    pages as running text needs, whatever it reads, and whose edges no other line of its page
    shares: a graphic printed on every page (a barcode label, a logo) that OCR reads as other
    letters on each ("HANG", "AAN", "BOU"). A text layer's running text repeats its text (caught
    by it); on a scan, lines in one place with one width on page after page are one thing printed
    there. (:data:`MENU_PLACE_TOLERANCE`: a scan's pages are shifted by a few points.)"""
    # (not a line of the text's column: a justified column's first lines at the page's top share
    # their edges with the column's other lines, page after page)
    placed = [(p, ln) for p, (lines, h) in enumerate(zip(pages, heights, strict=True))
              for ln in lines if ln.bold is None and _in_margin(ln, h) and ln.text.strip()
              and not any(o is not ln and abs(o.x0 - ln.x0) <= 2 and abs(o.x1 - ln.x1) <= 2 for o in lines)]
    threshold = _running_threshold(len(pages))
    out: set[int] = set()
    for _page, ln in placed:
        pages_at = {q for q, o in placed if abs(o.x0 - ln.x0) <= MENU_PLACE_TOLERANCE
                    and abs(o.x1 - ln.x1) <= MENU_PLACE_TOLERANCE and abs(o.top - ln.top) <= MENU_PLACE_TOLERANCE}
        if len(pages_at) >= threshold:
            out.add(id(ln))
    return out


def _labels_title(line: Line, lines: list[Line]) -> bool:
    """A chapter's label ("Kapittel 3") set right over a larger title: it repeats at the top of
    every chapter's first page, but it is the chapter's number, not a running header (which stands
    apart from the text below it)."""
    if not CHAPTER_LABEL.match(line.text.strip()):
        return False
    return any(o.size >= 1.3 * line.size and o.x0 < line.x1 and line.x0 < o.x1
               and -1 <= o.top - line.bottom <= line.size for o in lines)


def _margin_tabs(pages: list[list[Line]]) -> set[int]:
    """The ``id`` of each thumb tab after its first: a word or two beside the text, clear of every
    line of running text on its page (in the outer margin), set about as large as the text and
    standing alone (not a slide's title in a sidebar, nor a line of one wrapped), repeated at the
    same place on two pages or more (a chapter's number or name marking its pages). The first
    stays: a chapter's title in a sidebar beside its opening page heads the chapter."""
    sizes = sorted(ln.size for lines in pages for ln in lines)
    if not sizes:
        return set()
    body = sizes[len(sizes) // 2]
    found: dict[tuple[str, int, int], list[Line]] = defaultdict(list)
    for lines in pages:
        running = [ln for ln in lines if len(ln.words) >= 5]
        if not running:
            continue
        left, right = min(ln.x0 for ln in running), max(ln.x1 for ln in running)
        for ln in lines:
            if len(ln.words) <= 2 and ln.size <= 1.25 * body and (ln.x0 > right or ln.x1 < left) and not any(
                    o is not ln and o.x0 < ln.x1 and ln.x0 < o.x1
                    and max(o.top - ln.bottom, ln.top - o.bottom) < ln.size for o in lines):
                found[(ln.text.strip(), round(ln.x0 / 5), round(ln.top / 5))].append(ln)
    return {id(ln) for lns in found.values() if len({ln.page for ln in lns}) >= 2 for ln in lns[1:]}


def _line_numbers(lines: list[Line]) -> set[int]:
    """The ``id`` of each line number in the margin (a legal draft numbers every fifth line): plain
    numbers, three or more on the page, set right-aligned in one column left of where every other
    line starts, and counting up down the page by one step. Heading numbers set in the margin have
    points ("3.1") or stand one to a chapter."""
    plain = [ln for ln in lines if len(ln.words) == 1 and ln.text.strip().isdigit()]
    if len(plain) < 3:
        return set()
    plain.sort(key=lambda ln: ln.top)
    values = [int(ln.text) for ln in plain]
    steps = {b - a for a, b in itertools.pairwise(values)}
    rights = [ln.x1 for ln in plain]
    if len(steps) != 1 or steps.pop() <= 0 or max(rights) - min(rights) > 2:
        return set()
    numbered = {id(ln) for ln in plain}
    others = [ln for ln in lines if id(ln) not in numbered]
    if not others or min(ln.x0 for ln in others) < max(rights):
        return set()
    return numbered


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(re.sub(r"\s+", "", text)) or _PAGE_NUMBER.match(text.strip()))


def _beside_page_number(line: Line, numbers: list[Line]) -> bool:
    """A line in the page margin on the row of the page number, set no larger: the rest of the
    footer or header (a document of one page has nothing to repeat it on)."""
    return any(
        n is not line and min(n.bottom, line.bottom) - max(n.top, line.top) > 0.5 * min(n.bottom - n.top, line.bottom - line.top)
        and line.size <= 1.1 * n.size
        for n in numbers
    )


def _in_margin(line: WordRun, height: float) -> bool:
    return line.bottom <= height * MARGIN_BAND * 1.2 or line.top >= height * (1 - MARGIN_BAND)


PANEL_WIDTH = 0.6
"""A filled box narrower than this share of the page's text, beside which text runs, is a panel."""


def _panels(lines: list[Line], rects: Sequence[FilledRect], body: float) -> list[list[Line]]:
    """The lines of each panel on the page: a filled box (a key-facts box floated beside the text)
    holding two lines or more of text at the text's size, narrower than the text, with text beside
    it. Its lines are one block, read where the box stands. (A sidebar band holding a chapter's
    title, set larger, is read first: :func:`_side_heads`.) ``body``: the size of the page's text."""
    if not lines:
        return []
    span = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
    height = max(ln.bottom for ln in lines) - min(ln.top for ln in lines)
    out = []
    for r in rects:
        if r.x1 - r.x0 >= PANEL_WIDTH * span:
            continue
        inside = [ln for ln in lines if r.x0 - 1 <= ln.x0 and ln.x1 <= r.x1 + 1 and r.top - 1 <= ln.top
                  and ln.bottom <= r.bottom + 1]
        beside = any((ln.x0 >= r.x1 or ln.x1 <= r.x0) and ln.top < r.bottom and ln.bottom > r.top for ln in lines)
        if len(inside) >= 2 and beside and all(ln.size <= 1.1 * body for ln in inside) and (
                r.bottom - r.top < 0.5 * height):  # (a sidebar band down the page is no box in the text)
            out.append(sorted(inside, key=_row_key))
    return out


def reading_order(lines: list[Line], separators: list[tuple[float, float]] | None = None,
                  rects: Sequence[FilledRect] = ()) -> list[Line]:
    """Order a page's lines as a reader would.

    On a page with two columns (lines tagged by :func:`group_lines`), bands between full-width
    elements are read left column first; ``separators`` are (top, bottom) extents of other
    full-width elements, such as tables, that end a band. Otherwise a block set entirely to the
    left of the main text column, or clear of it on its right (a sidebar carrying the chapter
    heading, typically painted last), is a column of its own and is read first; everything else
    is read top to bottom, left to right. The lines of a panel among ``rects`` (a box floated beside
    the text, :func:`_panels`) are one block, read before the first line level with its top or below it.
    """
    if not lines:
        return lines
    cards = _card_grid(lines, rects)
    if cards:
        return _numbers_before_titles(_cards_order(lines, cards))
    if any("left" in ln.tags or "right" in ln.tags for ln in lines):
        return _numbers_before_titles(_columns_order(lines, separators or []))
    body_size = _text_size(lines) or 0.0
    panels = _panels(lines, rects, body_size)
    if panels:
        boxed = {id(ln) for block in panels for ln in block}
        rest = reading_order([ln for ln in lines if id(ln) not in boxed], separators)
        for block in sorted(panels, key=lambda b: b[0].top):
            # before the first line level with the box's top or below it
            at = next((k for k, ln in enumerate(rest) if ln.bottom > block[0].top and "side" not in ln.tags), len(rest))
            rest[at:at] = block
        return rest
    # The main column is where the running text starts: long lines (paragraphs), not the cells
    # of a table that happens to hold most of the page's characters.
    span = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
    long_lines = [ln for ln in lines if ln.x1 - ln.x0 >= 0.35 * span] or lines
    lefts: Counter = Counter()
    for ln in long_lines:
        lefts[round(ln.x0 / 4) * 4] += ln.nchars
    main_left = lefts.most_common(1)[0][0]
    # A line that starts where the page's full-width text starts is in the text's flow, not beside
    # it (a heading over a box floated left, the text under the box): a sidebar's text, or a side
    # head's, starts where no paragraph does.
    flow_lefts = {round(ln.x0) for ln in long_lines if ln.x0 < main_left - 4 and ln.x1 > main_left
                  and ln.size <= 1.1 * body_size}  # (text, not a chapter head across a side column)
    side_ids = {id(ln) for ln in lines if ln.x1 < main_left - 2
                and not any(abs(ln.x0 - x) <= 4 for x in flow_lefts)}
    side = [ln for ln in lines if id(ln) in side_ids]
    main = [ln for ln in lines if id(ln) not in side_ids]
    # The mirror image, a block set to the right of the main column (a sidebar in the right
    # margin), is read first too, when it stands clear of everything the column holds: past a
    # column gap from where the furthest line starting in the column ends (paragraphs, a table's
    # last cell, a right-aligned figure), narrower than half the column, and beside running text
    # (several long lines): the right-hand cells of a page of short lines are a table's column.
    paragraphs = [ln for ln in long_lines if abs(ln.x0 - main_left) <= 4]
    if len(paragraphs) >= 3:
        column_right = max(ln.x1 for ln in paragraphs)
        main_right = max((ln.x1 for ln in main if ln.x0 < column_right), default=column_right)
        right = [ln for ln in main if is_column_gap(ln.x0 - main_right, ln.size)]
        if right and max(ln.x1 for ln in right) - min(ln.x0 for ln in right) < 0.5 * (column_right - main_left):
            side += right
            taken = {id(ln) for ln in right}
            main = [ln for ln in main if id(ln) not in taken]
    key = _row_key
    side.sort(key=key)
    main.sort(key=key)
    for ln in side:
        ln.tags.add("side")
    first, beside = _side_heads(side, main)
    out: list[Line] = list(first)
    for ln in main:
        out += beside.get(id(ln), [])
        out.append(ln)
    return _numbers_before_titles(out)


def _side_heads(side: list[Line], main: list[Line]) -> tuple[list[Line], dict[int, list[Line]]]:
    """The side column's blocks split into those read first (a chapter's title in a sidebar) and
    side heads, each read just before the first line of the paragraph it heads.

    A side head stands level with the first line of its paragraph (tops within a third of its
    size; the line opens the column, or has more space above it than the column's lines have
    between them) and is set about as large as that line; a bare heading number may stand on a
    line of its own right above it (its title). A side head taller than its paragraph
    pushes the heads after it down: each is stacked right under the one before, below its own
    paragraph's first line. Such a chain of heads, from one level with a paragraph down through
    the heads stacked under it, takes the paragraphs that start from there in order, each head
    the paragraph nearest above it (:func:`_stacked_heads`). A sidebar's title level with a line
    inside a paragraph, or set larger than the text, is read first.
    Returns the blocks read first and the side heads by the ``id`` of the line they go before."""
    blocks: list[list[Line]] = []
    for ln in side:
        prev = blocks[-1][-1] if blocks else None
        # A wrapped title's lines follow at the line spacing; stacked heads leave a margin between
        # them. A number set large joins the title under it.
        if prev is not None and 0 <= ln.top - prev.bottom <= (prev.size if prev.size > 1.25 * ln.size
                                                                 else 0.6 * max(ln.size, 1.0)):
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    leading = sorted(b.top - a.bottom for a, b in itertools.pairwise(main) if b.top > a.bottom - 1)
    usual = leading[len(leading) // 2] if leading else 0.0
    opens = [ln for k, ln in enumerate(main)
             if k == 0 or ln.top - main[k - 1].bottom >= usual + 0.3 * max(ln.size, 1.0)]
    first: list[Line] = []
    beside: dict[int, list[Line]] = {}
    k = 0
    while k < len(blocks):
        head = blocks[k][0]
        at = next((j for j, m in enumerate(opens) if abs(m.top - head.top) <= 0.35 * max(head.size, 1.0)), None)
        if at is None and len(blocks[k]) == 1 and NUMBER_ONLY.match(head.text.strip()):
            # A heading number hanging in the margin on a line of its own, its title on the next
            # line in the column (starting right under it): read just before that title.
            at = next((j for j, m in enumerate(opens)
                       if 0 <= m.top - head.bottom <= 0.8 * max(head.size, 1.0) and m.x0 > head.x1), None)
        if at is None or head.size > 1.25 * opens[at].size:
            first += blocks[k]
            k += 1
            continue
        chain = [blocks[k]]
        while (k + len(chain) < len(blocks)
               and 0 <= blocks[k + len(chain)][0].top - chain[-1][-1].bottom <= 1.5 * max(chain[-1][-1].size, 1.0)
               and blocks[k + len(chain)][0].size <= 1.25 * opens[at].size):
            chain.append(blocks[k + len(chain)])
        placed = _stacked_heads([b[0].top for b in chain], [m.top for m in opens[at:]], tol=0.35 * head.size)
        for block, j in zip(chain, placed, strict=True):
            if j is None:
                first += block
            else:
                beside.setdefault(id(opens[at + j]), []).extend(block)
        k += len(chain)
    return first, beside


def _stacked_heads(heads: list[float], paragraphs: list[float], tol: float) -> list[int | None]:
    """Each head's paragraph (an index into ``paragraphs``, tops in order), the first head on the
    first paragraph: in order, one head to a paragraph, a head never above its paragraph's first
    line, and the heads as close to their paragraphs as can be (least total distance). A head
    that no paragraph fits is None."""
    if not heads or not paragraphs:
        return [None] * len(heads)
    n, m = len(heads), len(paragraphs)
    # best[i][j]: least distance placing heads i.. with head i on paragraph j or later; takes[i][j]:
    # whether that best puts head i on paragraph j itself.
    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    takes = [[False] * (m + 1) for _ in range(n + 1)]
    best[n] = [0.0] * (m + 1)
    for i in range(n - 1, 0, -1):
        for j in range(m - 1, -1, -1):
            take = heads[i] - paragraphs[j]
            here = take + best[i + 1][j + 1] if take >= -tol else math.inf
            takes[i][j] = here < math.inf and here <= best[i][j + 1]
            best[i][j] = min(here, best[i][j + 1])
    if best[1][1] == math.inf:
        # Not every stacked head fits: the first stays on its paragraph, the rest are read first.
        return [0] + [None] * (n - 1)
    out: list[int | None] = [0]
    j = 1
    for i in range(1, n):
        while not takes[i][j]:
            j += 1
        out.append(j)
        j += 1
    return out


def large_number_beside(number: Line, title: Line) -> bool:
    """A heading number set larger than its title (in a box or circle beside a title of two lines)
    overlapping the title's first line, though the two do not share a top."""
    return number.size > 1.2 * title.size and min(number.bottom, title.bottom) > max(number.top, title.top)


def _numbers_before_titles(lines: list[Line]) -> list[Line]:
    """A heading number drawn beside its title but a little lower (centred in a circle or a box)
    sorts after the title's row: it is put back before the title it stands left of, on the same
    row (the two overlap by half the smaller height; a number set larger than its title, beside
    a title of two lines, overlaps the first line by less)."""
    out = list(lines)
    for k in range(len(out) - 1):
        title, number = out[k], out[k + 1]
        overlap = min(title.bottom, number.bottom) - max(title.top, number.top)
        if (NUMBER_ONLY.match(number.text.strip()) and number.page == title.page and number.x1 <= title.x0
                and (overlap >= 0.5 * min(title.bottom - title.top, number.bottom - number.top)
                     or large_number_beside(number, title))):
            out[k], out[k + 1] = number, title
    return out


CARD_ALIGN = 2.0
"""Points within which the cards of one row of a grid share their top and bottom edges."""


def _card_grid(lines: list[Line], rects: Sequence[FilledRect]) -> list[tuple[float, float, float, float]]:
    """The cards of a grid, row by row, each (x0, top, x1, bottom): boxes of one fill set side by
    side in two rows or more, each row's boxes level at top and bottom, the columns' edges one
    below the other (the last row may hold fewer), some of the page's lines inside them and none of
    its columns' lines beside a row of them outside. A grid of cards (a slide's tiles of bullet
    points, a web page's boxes) is read row by row, as it was laid out, not column by column like a
    page of text in two columns."""
    by_fill: dict[tuple[float, ...], list[FilledRect]] = defaultdict(list)
    for r in rects:
        by_fill[r.color].append(r)
    for boxes in by_fill.values():
        rows: list[list[FilledRect]] = []
        for r in sorted(boxes, key=lambda r: (r.top, r.x0)):
            if rows and abs(rows[-1][0].top - r.top) <= CARD_ALIGN and abs(rows[-1][0].bottom - r.bottom) <= CARD_ALIGN:
                rows[-1].append(r)
            else:
                rows.append([r])
        # (the last row may be short: an odd number of cards in two columns)
        if len(rows) < 2 or len(rows[0]) < 2 or any(len(row) != len(rows[0]) for row in rows[:-1]):
            continue
        columns = sorted(r.x0 for r in rows[0])
        if any(not any(abs(r.x0 - x) <= CARD_ALIGN for x in columns) for row in rows for r in row):
            continue
        cards = [(r.x0, r.top, r.x1, r.bottom) for row in rows for r in sorted(row, key=lambda r: r.x0)]
        # (a line outside the cards, a title or an intro over the grid, may stand in the column
        # left of its gutter, but not beside a row of cards: then the page has columns of its own)
        spans = [(row[0].top, row[0].bottom) for row in rows]
        outside = [ln for ln in lines if not any(_in_card(ln, c) for c in cards)]
        if len(outside) < len(lines) and not any(
                ("left" in ln.tags or "right" in ln.tags) and any(ln.bottom > a and ln.top < b for a, b in spans)
                for ln in outside):
            return cards
    return []


def _in_card(ln: Line, card: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = card
    return ln.x0 >= x0 - 1 and ln.x1 <= x1 + 1 and ln.top >= top - 1 and ln.bottom <= bottom + 1


def _cards_order(lines: list[Line], cards: list[tuple[float, float, float, float]]) -> list[Line]:
    """Each card's lines as a block, the cards row by row, the lines outside them where they stand."""
    units: list[tuple[tuple[float, int, float], list[Line]]] = []
    placed: set[int] = set()
    for k, card in enumerate(cards):
        block = sorted((ln for ln in lines if id(ln) not in placed and _in_card(ln, card)), key=_row_key)
        placed |= {id(ln) for ln in block}
        if block:
            row_top = min(c[1] for c in cards if abs(c[1] - card[1]) <= CARD_ALIGN)
            units.append(((row_top, k, card[0]), block))
    units += [((ln.top, len(cards), ln.x0), [ln]) for ln in lines if id(ln) not in placed]
    return [ln for _key, block in sorted(units, key=lambda u: u[0]) for ln in block]


def _row_key(ln: Line) -> tuple[float, float]:
    # Tops within ~2 pt are one row (a bullet glyph sits a little higher than its text).
    return (round(ln.top / 2.5), ln.x0)


def _columns_order(lines: list[Line], separators: list[tuple[float, float]]) -> list[Line]:
    """Two columns: read band by band, left column before right column within a band."""
    right = [ln for ln in lines if "right" in ln.tags]
    bounds = [(ln.top, ln.bottom) for ln in lines if "full" in ln.tags] + list(separators)
    sizes = sorted(ln.size for ln in lines)
    body = sizes[len(sizes) // 2]
    for ln in sorted(lines, key=lambda x: -x.top):
        # A line in chapter-head type in the left column with nothing beside it, while the right
        # column goes on above and below it, is a full-width element set flush left (a short
        # chapter head). Body lines and section heads never are: the right column has gaps too.
        # So is one right over a full-width line in its type (a title's first line, short enough
        # to fit the column, over the rest of it; bottom up, so a title of three lines goes too).
        wraps_on = any("full" in o.tags and abs(o.size - ln.size) <= 0.1 * ln.size
                       and 0 <= o.top - ln.bottom <= 0.5 * ln.size for o in lines)
        if "left" in ln.tags and ln.size >= 1.3 * body and any(r.bottom < ln.top for r in right) and (
            any(r.top > ln.bottom for r in right) or wraps_on
        ):
            margin = 0.2 * ln.size
            if not any(r.top < ln.bottom + margin and r.bottom > ln.top - margin for r in right):
                ln.tags.discard("left")
                ln.tags.add("full")
                bounds.append((ln.top, ln.bottom))
    cuts = sorted({round(top, 1) for top, _bottom in bounds})

    def band(ln: Line) -> int:
        return sum(1 for c in cuts if c <= ln.top + 0.5)

    def key(ln: Line) -> tuple[int, int, float, float]:
        return (band(ln), 1 + (column_index(ln) or 0), round(ln.top / 2.5), ln.x0)

    return sorted(lines, key=key)
