"""Tables of contents: found, read as evidence, and kept out of the sections.

A table of contents lists headings with their page numbers ("3.2 Særkoder ........ 7"). It is
never a section of its own, but it says which headings the document has, their numbers, their
levels (numbering depth, or indentation for unnumbered entries) and their pages: evidence that
:mod:`tracker.extract.evidence` weighs together with what the pages themselves show.

A block counts as a table of contents when at least three consecutive rows end in a page number,
their page numbers never decrease, and either most rows have dot leaders or the block sits under
a title such as "Innhold". A contents list without page numbers (a web page's linked contents,
printed) counts when, under such a title, its rows come back further on as lines of the document:
the headings they list. Nothing depends on a font, size or position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from tracker.extract.lines import Line
from tracker.extract.quality import is_norwegian_word
from tracker.extract.text import normalise_text

TOC_TITLE = re.compile(r"^(innhold|innholdsfortegnelse|innhald|innhaldsliste|contents|table of contents)\.?$", re.I)
# "3.2 Title ....... 7", "Title . . . . 12", "Title … 3", "Title 7" (gap already split off).
_LEADERS = re.compile(r"(?:\s*(?:\.\s*){3,}|\s*…+\s*|\s*(?:_\s*){3,})")
_ENTRY = re.compile(
    r"^(?:(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+)?(?P<title>\S.*?)(?P<leaders>" + _LEADERS.pattern + r")?\s*"
    r"(?P<page>\d{1,4})$"
)
_MIN_ENTRIES = 3
# A row of a contents list that starts with a heading number: the number, and the title after it.
_NUMBERED_ROW = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
# A word wrapped after its hyphen, "(STG-" / "systemet)": one word where it is not wrapped.
_HYPHEN_WRAP = re.compile(r"(?<=\w)- (?=\w)")
_SENTENCE_END = re.compile(r"[\w)»\"]\.$")  # one full stop after a word, a figure or a closing mark (no leader's dots)
_LEADER_RUN = re.compile(r"[.…·_]{3,}|(?:\. ){3,}")


def _next_in_sequence(prev: tuple[int, ...], new: tuple[int, ...]) -> bool:
    """Whether ``new`` is the number right after ``prev``: its first subsection (x.0 or x.1), or
    one up at some depth ("3.5" → "4", "5.9" → "5.10")."""
    if len(new) == len(prev) + 1 and new[:-1] == prev and new[-1] in (0, 1):
        return True
    for k in range(1, min(len(new), len(prev)) + 1):
        if new[: k - 1] == prev[: k - 1] and new[k - 1] == prev[k - 1] + 1:
            return all(part in (0, 1) for part in new[k:])
    return False


def _successors(prev: tuple[int, ...]) -> list[tuple[int, ...]]:
    """The numbers that can come right after ``prev`` (:func:`_next_in_sequence`), to one level deeper."""
    out = [(*prev, 0), (*prev, 1)]
    for k in range(1, len(prev) + 1):
        up = (*prev[: k - 1], prev[k - 1] + 1)
        out += [up, (*up, 0), (*up, 1)]
    return out


def _rows_lost(numbers: list[str | None]) -> int:
    """How many places a scanned contents list's numbers skip where a row was lost. A row whose
    number OCR lost (an entry without one) fills a gap; a number whose dot OCR lost ("32" for "3.2")
    is the number it stands for where the next number follows that."""
    parsed = [tuple(int(p) for p in n.split(".")) if n else None for n in numbers]
    prev: tuple[int, ...] = (0,)
    lost, unnumbered = 0, False
    for i, number in enumerate(parsed):
        if number is None:
            unnumbered = True
            continue
        if unnumbered or _next_in_sequence(prev, number):
            prev, unnumbered = number, False
            continue
        after = next((x for x in parsed[i + 1:] if x is not None), None)
        digits = "".join(map(str, number))
        fits = [m for m in _successors(prev) if after is not None and _next_in_sequence(m, after)
                and "".join(map(str, m)) == digits]
        if fits:  # (its dot lost: read on from the number it stands for)
            prev = fits[0]
            continue
        lost += 1
        prev = number
    return lost


@dataclass
class TocEntry:
    number: str | None
    title: str
    level: int
    page: int | None  # the printed page number the entry points to (None: the list gives none)
    lines: list[Line] = field(default_factory=list)


@dataclass
class Toc:
    entries: list[TocEntry]
    lines: list[Line]  # every line of the table of contents, its title included
    # Rows read as contents that give no entry (OCR garbled their leaders and page numbers): where
    # they are many, the entries are not the whole list, and a heading they leave out may be listed.
    garbled: int = 0

    @property
    def whole(self) -> bool:
        """Whether the entries are (nearly) the whole list: a heading left out of it is not listed.
        On a scan, a list whose numbers skip ("6" then "6.2", or a first number past 1) has lost
        rows to OCR: it is evidence for the headings it lists, not against those it leaves out. (A
        text layer's list skips only where the document's numbering does.)"""
        if self.garbled > 0.2 * (len(self.entries) + self.garbled):
            return False
        if not any(ln.bold is None for ln in self.lines):
            return True
        return _rows_lost([e.number for e in self.entries]) == 0

    @property
    def max_level(self) -> int:
        return max((e.level for e in self.entries), default=0)


@dataclass
class _Row:
    lines: list[Line]

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in sorted(self.lines, key=lambda ln: ln.x0)).strip()

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)


def _rows(lines: list[Line], *, in_order: bool = False) -> list[_Row]:
    """A page's lines joined into visual rows (a gap before the page number splits a row).
    ``in_order``: the lines as they are read (a list set in columns stays column by column), and
    only lines next to each other in that order join."""
    rows: list[_Row] = []
    for ln in (lines if in_order else sorted(lines, key=lambda ln: (ln.top, ln.x0))):
        # (within the smaller line's size: OCR may read a column of page numbers as one tall line)
        if rows and rows[-1].lines[0].page == ln.page and (
                abs(rows[-1].lines[0].top - ln.top) < 0.6 * max(min(ln.size, rows[-1].lines[0].size), 4)):
            rows[-1].lines.append(ln)
        else:
            rows.append(_Row([ln]))
    return rows


def _mostly_contents(body: list[_Row]) -> bool:
    """Whether the rows under a contents title mostly read as contents rows (a short list, one
    entry of a line or two, when a row is garbled)."""
    if len(body) < _MIN_ENTRIES and not any(_garbled_entry(r.text) for r in body):
        return False
    return sum(1 for r in body if _parse(r.text) is not None or _garbled_entry(r.text)) >= 0.5 * len(body)


def _parsed_entries(body: list[_Row], total: int) -> list[TocEntry]:
    entries: list[TocEntry] = []
    last_page = 0
    for r in body:
        parsed = _parse(r.text)
        if parsed is not None and last_page <= parsed[3] <= total + 20:
            entries.append(TocEntry(parsed[0], parsed[1], 0, parsed[3], list(r.lines)))
            last_page = parsed[3]
    return entries


def _garbled_entry(text: str) -> bool:
    """Does a row that does not parse still read as a contents row: dot leaders in it, or read as
    letters, or a heading number at its start and a page number at its end?"""
    t = text.strip()
    return (bool(_LEADER_RUN.search(t)) or any(_leaders_read_as_letters(w) for w in t.split())
            or bool(re.match(r"^\d{1,2}(?:[.,:]\d{1,2})*\b", t) and re.search(r"\d$", t)))


LEADER_LETTERS = 20
"""A scanned contents row's dot leaders, smudged on a fax, come back from OCR as one long run of
letters ("prrnsresensenerrdrrdenrrrennrvnevrnerns"): a word this long or longer that is no Norwegian
word or compound of known words."""


def _leaders_read_as_letters(word: str) -> bool:
    return len(word) >= LEADER_LETTERS and word.isalpha() and not is_norwegian_word(word)


def _parse(text: str) -> tuple[str | None, str, bool, int] | None:
    m = _ENTRY.match(text)
    if not m:
        return None
    # Whatever follows the first run of leader dots is leader (OCR may read the rest as letters).
    title = _LEADER_RUN.split(m.group("title"))[0]
    title = _LEADERS.sub(" ", title).strip(" .")
    if not re.search(r"[A-Za-zÆØÅæøå]", title):
        return None
    return m.group("number"), normalise_text(title), bool(m.group("leaders")), int(m.group("page"))


END_PAGES = 3
"""A table of contents set at the end of a document, under its title, is on one of its last pages."""


def find_toc(page_lines: list[list[Line]], max_pages: int = 6) -> Toc | None:
    """The table of contents among the first pages, or under its title on one of the last, or None."""
    total = len(page_lines)
    for k in [*range(min(max_pages, total)), *range(max(max_pages, total - END_PAGES), total)]:
        lines = page_lines[k]
        toc = _toc_on_page(lines, total) or _unpaged_toc_on_page(lines, page_lines)
        if toc is None or (k >= max_pages and not TOC_TITLE.match(toc.lines[0].text.strip())):
            continue
        # A table of contents may run over onto the next page(s) without a title.
        page = toc.lines[0].page
        for nxt in page_lines[page : page + 2]:
            after = (toc.entries[-1].page or 0) if toc.entries else 0  # (an unpaged list has no pages)
            more = _toc_on_page(nxt, total, need_title=False, after=after) or _unpaged_toc_on_page(
                nxt, page_lines, titled=False)
            if more is None:
                break
            toc.entries += more.entries
            toc.lines += more.lines
            toc.garbled += more.garbled
        _assign_levels(toc.entries)
        return toc
    return None


def _toc_on_page(lines: list[Line], total: int, *, need_title: bool = True, after: int = 0) -> Toc | None:
    rows = _rows(lines)
    title_row = next((i for i, r in enumerate(rows) if TOC_TITLE.match(r.text.strip())), None)
    start = title_row + 1 if title_row is not None else 0
    entries: list[TocEntry] = []
    used: list[Line] = []
    pending: list[_Row] = []  # a wrapped entry's first line(s), waiting for the line with the page
    leaders = garbled = 0
    last_page = after
    for row in rows[start:]:
        parsed = _parse(row.text)
        numbered = _NUMBERED_ROW.match(row.text) is not None
        if pending and numbered and (parsed is None or parsed[0] is not None):
            # A row with a number of its own starts an entry: what waits before it is no first line
            # of its title. An unnumbered line is the end of the entry above's title (a ruled table
            # sets the page number at a wrapped row's top, "3.3 Samarbeidsaktiviteter … 8" over
            # "spesialisthelsetjenesten"); a numbered one an entry whose page number OCR lost.
            if _NUMBERED_ROW.match(pending[0].text):
                used += [ln for r in pending for ln in r.lines]
                garbled += 1
            elif entries:
                tail = " ".join(r.text for r in pending)
                entries[-1].title = normalise_text(f"{entries[-1].title} {tail}")
                entries[-1].lines += [ln for r in pending for ln in r.lines]
                used += [ln for r in pending for ln in r.lines]
            else:
                used += [ln for r in pending for ln in r.lines]
            pending = []
            if parsed is None:
                pending.append(row)
                continue
        if parsed is None and pending:
            # A wrapped entry whose last line is only the end of the title, or not even that
            # ("2023 ........ 2"): the lines read together.
            joined = _parse(" ".join(r.text for r in [*pending, row]))
            if joined is not None and last_page <= joined[3] <= total + 20:
                entry_lines = [ln for r in [*pending, row] for ln in r.lines]
                entries.append(TocEntry(joined[0], joined[1], 0, joined[3], entry_lines))
                used += entry_lines
                leaders += joined[2]
                last_page = joined[3]
                pending = []
                continue
        if parsed is None or parsed[3] < last_page or parsed[3] > total + 20:
            if (title_row is not None or entries) and _garbled_entry(row.text):
                # A row of the contents that OCR garbled (leaders read as letters, the page number
                # lost or misread): still the contents, never a heading, but no evidence either.
                used += [ln for r in pending for ln in r.lines] + row.lines
                pending = []
                garbled += 1
                continue
            if parsed is None and (entries or title_row is not None) and len(pending) < 2 and len(row.text) < 120:
                pending.append(row)
                continue
            if len(entries) >= _MIN_ENTRIES:
                break
            entries, used, pending, leaders, garbled, last_page = [], [], [], 0, 0, after
            continue
        number, title, has_leaders, page = parsed
        if pending:
            head = _parse(pending[0].text + " 0")
            first_number = head[0] if head else None
            number = number or first_number
            lead = " ".join(r.text for r in pending)
            if first_number:
                lead = lead[len(first_number) :].strip()
            title = normalise_text(f"{lead} {title}")
            used += [ln for r in pending for ln in r.lines]
            pending = []
        entries.append(TocEntry(number, title, 0, page, list(row.lines)))
        used += row.lines
        leaders += has_leaders
        last_page = page
    titled = title_row is not None
    if titled and _mostly_contents(rows[start:]):
        # Under a contents title, a page whose rows mostly read as contents rows (even garbled
        # by OCR) is the table of contents down to its last such row (a chapter may begin below
        # it); the rows that parse are its evidence.
        last = max(k for k, r in enumerate(rows) if k >= start and (_parse(r.text) or _garbled_entry(r.text)))
        found = entries or _parsed_entries(rows[start : last + 1], total)
        unread = sum(1 for r in rows[start: last + 1] if _parse(r.text) is None and _garbled_entry(r.text))
        return Toc(found, [ln for r in rows[title_row : last + 1] for ln in r.lines], garbled=unread)
    # Under its title, even a one-entry table of contents is one; untitled, it takes a few rows.
    if len(entries) < (1 if titled else _MIN_ENTRIES):
        return None
    if not (leaders >= 0.5 * len(entries) or titled or not need_title):
        return None
    if titled:
        used = list(rows[title_row].lines) + used
    taken = {id(ln) for ln in used}  # (a header row waiting before the first entry is taken already)
    return Toc(entries, [ln for ln in _column_header(rows, entries) if id(ln) not in taken] + used, garbled=garbled)


def _column_header(rows: list[_Row], entries: list[TocEntry]) -> list[Line]:
    """The lines of a contents table's header row over its first entry ("Kap." | "Tittel" | "Side",
    repeated where the list goes on over the page): a row right above it, no entry itself, each of
    whose cells starts where a column of the entries does."""
    if not entries or not entries[0].lines:
        return []
    first = min(entries[0].lines, key=lambda ln: ln.top)
    starts = {round(ln.x0) for e in entries for ln in e.lines}
    above = [r for r in rows if r.lines[0].page == first.page and r.lines[0].bottom <= first.top
             and first.top - max(ln.bottom for ln in r.lines) <= 2.5 * max(first.size, 1.0)]
    if not above:
        return []
    row = max(above, key=lambda r: r.lines[0].top)
    aligned = all(any(abs(ln.x0 - x) <= 8 for x in starts) for ln in row.lines)
    if len(row.lines) < 2 or not aligned or _parse(row.text) is not None or TOC_TITLE.match(row.text.strip()):
        return []
    return list(row.lines)


IN_PAGE_TITLE = re.compile(r"^(på denne siden|on this page|innhold på denne siden|i dette kapit(?:te|)let|i denne delen)\.?$",
                           re.I)
"""The title of a page's or a chapter's list of its own sections (a web page's "På denne siden", a
designed report's "I dette kapitlet" box beside a chapter's opening): navigation, never a heading."""

LIST_OF_TABLES_TITLE = re.compile(
    r"^(tabelloversikt|figuroversikt|tabell- og figuroversikt|figur- og tabelloversikt|oversikt over (tabeller|figurer)"
    r"|liste over (tabeller|figurer)|list of (tables|figures))\.?$", re.I)
"""The title of the list of tables (or figures) some documents print after their contents: front
matter as the contents is, never a heading of the document."""


def in_page_list(lines: list[Line]) -> list[Line]:
    """A web page's list of its own sections ("På denne siden") printed beside its text: the title
    and the lines under it in its column and type, each close under the last. Site navigation,
    neither text nor a contents list (its entries stand on the page they list, read in step with
    the text beside them)."""
    title = next((ln for ln in lines if IN_PAGE_TITLE.match(ln.text.strip())), None)
    if title is None:
        return []
    out, last = [title], title
    for ln in sorted((ln for ln in lines if ln.top > title.top), key=lambda ln: ln.top):
        if ln.page != title.page or abs(ln.x0 - title.x0) > 2 or abs(ln.size - title.size) > 1:
            continue
        if ln.top - last.bottom > 1.5 * title.size:
            break
        out.append(ln)
        last = ln
    return out if len(out) >= 2 else []


def _key(text: str) -> str:
    return " ".join(normalise_text(text).lower().split()).rstrip(".:")


def _unwrapped_key(text: str) -> str:
    """:func:`_key` with words wrapped after their hyphen joined again (both sides of a comparison
    read alike, so a suspended "telefon- og" stays comparable)."""
    return _HYPHEN_WRAP.sub("-", _key(text))


def _unpaged_toc_on_page(lines: list[Line], page_lines: list[list[Line]], *, titled: bool = True) -> Toc | None:
    """A contents list without page numbers under a contents title: the rows after the title that
    come back further on in the document as lines (one line, or two when the heading wraps there),
    down to the last such row. At least three rows, and most of the run, must come back.
    ``titled=False``: the page after a contents list's page, its rows from the top (the list goes on
    there; on a scan its page numbers may not have been read), each coming back on a later page (a
    chapter's lines said again further on its own page are no entries)."""
    rows = _rows(lines, in_order=True)
    # (untitled: as if a title stood just above the page's first row)
    title_row = next((i for i, r in enumerate(rows) if TOC_TITLE.match(r.text.strip())), None) if titled else -1
    if title_row is None:
        return None
    # Where each text (and each pair of consecutive lines on a page) occurs last in the document.
    last_seen: dict[str, tuple[int, float]] = {}
    text_of: dict[str, str] = {}
    for pl in page_lines:
        ordered = sorted(pl, key=lambda ln: (ln.top, ln.x0))
        for a, b in zip(ordered, [*ordered[1:], None], strict=False):  # (a page may have no lines)
            for text in (a.text, f"{a.text} {b.text}") if b is not None else (a.text,):
                key = _key(text)
                last_seen[key] = (a.page, a.top)
                text_of[key] = text
    # A scanned contents list comes back from OCR with its leaders read as letters ("4.2 Digitale
    # tjenester ++ 22005 LS") and spaces lost ("4GENERELLE REGLER"): there a row also comes back
    # when a line further on reads almost the same as the row's start.
    ocr = any(ln.bold is None for ln in lines)
    readable = [(k, v) for k, v in last_seen.items() if len(k) >= 8] if ocr else []
    # The document's text from each page on, in reading order: an entry comes back there whatever
    # the width it wraps at (a list's narrow column, a large title's few words a line).
    page_starts: dict[int, int] = {}  # page → where its text starts in ``stream``
    parts: list[str] = []
    offset = 1
    for pl in page_lines:
        for ln in pl:
            page_starts.setdefault(ln.page, offset)
            # (a line that ends a sentence ends any title read on through it: "… med
            # samarbeidsaktiviteter." and the next heading "Somatikk" are no entry of both)
            key = _unwrapped_key(ln.text) + (" ¶" if _SENTENCE_END.search(ln.text.rstrip()) else "")
            parts.append(key)
            offset += len(key) + 1
    stream = " " + " ".join(parts) + " "
    # page → where the text of the pages after it starts (the list itself, read on, would hold every
    # entry's text, so a row is looked for from the next page on)
    pages = sorted(page_starts)
    after_page = {p: page_starts[q] for p, q in zip(pages, pages[1:], strict=False)}

    def comes_back(text: str, here: tuple[int, float]) -> tuple[int, float] | None:
        """Where a row's text comes back further on: as a line (or two), within the text (the entry
        wraps in the list, not in the text, or the other way round), or without its number (a number
        printed apart from its title, "Kapittel 3" over it or in a box beside it). Found within the
        text, the place given is just after ``here``: somewhere further on."""
        key = _unwrapped_key(text)
        m = _NUMBERED_ROW.match(key)
        for k in (key, m.group(2) if m else None):
            if not k:
                continue
            if (seen := last_seen.get(k)) is not None and seen > here and (titled or seen[0] > here[0]):
                return seen
            if len(k) >= 12:
                after = after_page.get(here[0])
                needle = f" {k}" if k.endswith("-") else f" {k} "  # (a row that ends at a hyphen goes on)
                if after is not None and stream.find(needle, after - 1) >= 0:
                    return (here[0], here[1] + 1)
        return None

    run: list[_Row] = []
    wrapped: set[int] = set()  # rows that go on with the entry above (its title wrapped in the list)
    titles: dict[int, str] = {}  # row → the text it was read as, where OCR garbled it
    matched = misses = 0
    lead = 0  # a row between the title and the first entry that does not come back (OCR's noise)
    to_the_end = True  # the rows run on to the end of the page
    for row in rows[title_row + 1:]:
        here = (row.lines[0].page, row.lines[0].top + 1)
        numbered = _NUMBERED_ROW.match(row.text.strip()) is not None
        seen = None if run and not numbered else comes_back(row.text, here)
        if run and not numbered:
            # The rest of a title wrapped in the list: the entry above read with it comes back.
            for back in (1, 2):
                if len(run) >= back and all(id(r) in wrapped for r in run[len(run) - back + 1:]):
                    joined = " ".join(r.text for r in run[len(run) - back:]) + " " + row.text
                    if comes_back(joined, (run[-back].lines[0].page, run[-back].lines[0].top + 1)):
                        wrapped.add(id(row))
                        run.append(row)
                        matched += 1
                        misses = 0
                        break
            if id(row) in wrapped:
                continue
            seen = comes_back(row.text, here)
        if (seen is None or not seen > here) and readable:
            below = [k for k, v in readable if v > here and (titled or v[0] > here[0])]
            best = process.extractOne(_key(row.text), below, scorer=_starts_like, score_cutoff=88)
            if best is not None:
                seen = last_seen[best[0]]
                titles[id(row)] = text_of[best[0]]
        if seen is not None and seen > here:
            run.append(row)
            matched += 1
            misses = 0
        elif misses < 1 and run:
            run.append(row)  # an entry that wraps here but not in the text
            misses += 1
        elif not run and not lead:
            lead = 1
        else:
            to_the_end = False
            break
    # A row after the last match is the last entry's wrapped rest when nothing else follows on the
    # page (OCR may have garbled its leaders and page number); otherwise it is the text below.
    while run and misses and not to_the_end:
        run.pop()
        misses -= 1
    # A short contents list (a memo of one chapter) counts when it is all the page holds below
    # its title.
    if (matched < (1 if to_the_end and titled else _MIN_ENTRIES)
            or matched < (0.5 if to_the_end else 0.7) * len(run)):
        return None
    # Without a title, the list going on fills the page: a chapter's first page after the list,
    # whose opening lines may come back further on too, holds its text below them.
    if not titled and lead + len(run) < 0.8 * len(rows):
        return None
    entries = []
    for k, row in enumerate(run):
        if misses and k == len(run) - 1:  # the wrapped rest of the entry above: its lines only
            entries[-1].lines += row.lines
            break
        if id(row) in wrapped and entries:
            entries[-1].title = normalise_text(f"{entries[-1].title} {row.text}")
            entries[-1].lines += row.lines
            continue
        text = titles.get(id(row), row.text)
        m = _NUMBERED_ROW.match(text)
        number, title = (m.group(1), m.group(2)) if m else (None, text)
        entries.append(TocEntry(number, normalise_text(title), 0, None, list(row.lines)))
    return Toc(entries, [ln for r in rows[max(title_row, 0): title_row + 1 + lead + len(run)] for ln in r.lines])


def _starts_like(row: str, line: str, **_kwargs: object) -> float:
    """How closely a garbled contents row begins with a line's text (the garbage is the leaders, at the
    end): the line against as much of the row, plus one character for a lost space."""
    return fuzz.ratio(line, row[: len(line) + 1])


def _assign_levels(entries: list[TocEntry]) -> None:
    """Numbered entries: their numbering depth. Unnumbered ones: the rank of their indentation,
    or one below the numbered entry they follow when it sits further left."""
    indents = sorted({round(e.lines[0].x0 / 6) for e in entries if e.lines})
    rank = {x: i + 1 for i, x in enumerate(indents)}
    depth_at: dict[int, int] = {}
    for e in entries:
        if e.number:
            depth_at.setdefault(round(e.lines[0].x0 / 6), e.number.count(".") + 1)
    for e in entries:
        if e.number:
            e.level = e.number.count(".") + 1
            continue
        x = round(e.lines[0].x0 / 6) if e.lines else None
        if x is not None and x in depth_at:
            e.level = depth_at[x]
        elif x is not None and depth_at:
            shallower = [d for xx, d in depth_at.items() if xx < x]
            e.level = max(shallower) + 1 if shallower else 1
        else:
            e.level = rank.get(x, 1) if x is not None else 1
