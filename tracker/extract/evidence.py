"""Document-level evidence for the heading structure, reconciled with what the pages show.

The pages give heading candidates line by line (:mod:`tracker.extract.headings`). A document
also says, as a whole, which headings it has: its table of contents (:mod:`tracker.extract.toc`),
its PDF outline (bookmarks) and its tagged structure (H1–H6). Each lists headings in document
order with a title, often a number, a level and a page. This module matches such a list to the
candidates in order and lets it

* confirm a candidate (its confidence goes up),
* give a candidate the number or level the page does not print (``number_source`` /
  ``level_source`` name the evidence),
* add a heading the page styling did not reveal (a line on the listed page reading the title),
* and, when the list is complete enough to be trusted, overrule an unnumbered candidate it does
  not list at a level it covers (a justified intro paragraph set in bold is not a heading).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from tracker.extract.headings import NUMBERED, Heading, parse_number, style_key
from tracker.extract.lines import Line

_MATCH = 85.0  # title similarity (0–100) for a list entry and a candidate to be one heading
_ADD = 92.0  # a line's similarity to an entry's title for it to become a heading the styling missed
# Confidence by the strongest evidence for a heading's number and level.
CONFIDENCE = {
    "printed": 0.95, "outline": 0.95, "tagged": 0.95, "toc": 0.9, "correction": 1.0,
    "cross-reference": 0.8, "sequence": 0.6, None: 0.75,
}


@dataclass(frozen=True)
class ListedHeading:
    """A heading as a document-level list (table of contents, outline, tags) gives it."""

    number: str | None
    title: str
    level: int | None
    page: int | None  # physical page (outline, tags) or printed page number (table of contents)
    source: str  # "toc" | "outline" | "tagged"


def norm_title(text: str) -> str:
    t = unicodedata.normalize("NFC", text or "")
    number, rest = parse_number(t)
    if number is None:
        m = NUMBERED.match(t.strip())
        rest = m.group(2) if m else t
    return re.sub(r"\s+", " ", rest).strip().lower().rstrip(".:;,!? ")


def _similar(a: str, b: str) -> float:
    return fuzz.ratio(a, b) if a and b else 0.0


def _page_offset(listed: list[ListedHeading], headings: list[Heading]) -> int:
    """Printed page numbers may not count the cover: the usual difference between a heading's
    physical page and the page its list entry gives."""
    diffs: Counter = Counter()
    for e in listed:
        if e.page is None:
            continue
        t = norm_title(e.title)
        for h in headings:
            if _similar(t, norm_title(h.title)) >= 95:
                diffs[h.page - e.page] += 1
    return diffs.most_common(1)[0][0] if diffs else 0


def reconcile(
    headings: list[Heading], lines: list[Line], listed: list[ListedHeading], *, physical_pages: bool,
    whole: bool = True,
) -> tuple[list[Heading], list[str]]:
    """Headings in reading order after weighing ``listed``; returns (headings, notes). ``whole``:
    ``listed`` is the whole list (a scanned contents list whose rows OCR garbled is not), so that a
    heading it leaves out may be read as text."""
    if not listed:
        return headings, []
    source = listed[0].source
    offset = 0 if physical_pages else _page_offset(listed, headings)
    notes: list[str] = []
    matched: dict[int, ListedHeading] = {}
    pointer = 0
    unmatched: list[ListedHeading] = []
    for e in listed:
        t = norm_title(e.title)
        best, best_score = None, 0.0
        for k in range(pointer, len(headings)):
            h = headings[k]
            if e.page is not None and abs(h.page - (e.page + offset)) > 1:
                if h.page > e.page + offset + 1:
                    break
                continue
            score = _similar(t, norm_title(h.title))
            if e.number and h.number == e.number:
                score += 10
            if score > best_score:
                best, best_score = k, score
        if best is not None and best_score >= _MATCH:
            matched[best] = e
            pointer = best + 1
        else:
            unmatched.append(e)

    # The list's levels are evidence only where they agree with the printed numbers: an outline of
    # bookmarks all at the top level ("3.1" beside "3") says nothing of levels.
    numbered = [(headings[k], e) for k, e in matched.items() if headings[k].number and e.level is not None]
    levels_told = len(numbered) < 3 or 2 * sum(1 for h, e in numbered if e.level == h.number.count(".") + 1) > len(numbered)
    for k, e in matched.items():
        h = headings[k]
        h.extra["listed"] = source
        if h.number is None and e.number:
            h.number, h.number_source = e.number, source
            h.level, h.level_source = e.number.count(".") + 1, "numbering"
        elif h.number is None and e.level is not None and levels_told:
            h.level, h.level_source = e.level, source
            if any(x.number and x.level == e.level for x in listed):
                h.extra["unnumbered"] = True  # the list numbers others at this level, not this one
        elif h.number and e.number and h.number != e.number:
            notes.append(f"{_NAMES[source]}: page {h.page}: heading '{h.number} {h.title}' is {e.number} there")

    added = _add_missing(headings, lines, unmatched, offset, source)
    for h in added:
        notes.append(f"{_NAMES[source]}: page {h.page}: heading '{(h.number + ' ') if h.number else ''}{h.title}' "
                     "added (the page styling did not show it)")
    order = {id(ln): i for i, ln in enumerate(lines)}
    out = sorted(headings + added, key=lambda h: order.get(id(h.lines[0]), 0))

    complete = whole and len(matched) + len(added) >= 0.8 * len(listed) and len(listed) >= 5
    if complete:
        levels = {e.level for e in listed if e.level is not None}
        covered = max(levels, default=0)
        kept = []
        for h in out:
            # A printed number vouches for a heading the list leaves out only when the heading is also
            # set as one (a numbered list item in body type is not).
            vouched = h.number_source == "printed" and h.strong
            if "listed" not in h.extra and h not in added and not vouched and h.level <= covered:
                notes.append(f"{_NAMES[source]}: page {h.page}: '{h.title}' is not listed, read as body text")
                continue
            kept.append(h)
        out = kept
    return out, notes


_NAMES = {"toc": "table of contents", "outline": "PDF outline", "tagged": "tagged structure"}


def _add_missing(
    headings: list[Heading], lines: list[Line], unmatched: list[ListedHeading], offset: int, source: str
) -> list[Heading]:
    taken = {id(ln) for h in headings for ln in h.lines}
    added: list[Heading] = []
    for e in unmatched:
        t = norm_title(e.title)
        want_page = None if e.page is None else e.page + offset
        best: tuple[float, int, int] | None = None
        for i, ln in enumerate(lines):
            if id(ln) in taken or ln.bullet or (want_page is not None and abs(ln.page - want_page) > 1):
                continue
            # The title may wrap over two lines.
            for span in (1, 2):
                group = lines[i : i + span]
                if any(id(g) in taken or g.page != ln.page for g in group):
                    continue
                score = _similar(t, norm_title(" ".join(g.text for g in group)))
                if best is None or score > best[0]:
                    best = (score, i, span)
        if best is None or best[0] < _ADD:
            continue
        _score, i, span = best
        group = lines[i : i + span]
        text = " ".join(g.text for g in group)
        printed, title = parse_number(text)
        number = printed or e.number
        h = Heading(group, number, title, style_key(group[0]))
        if printed:
            h.number_source = "printed"
        elif number:
            h.number_source = source
        h.level = number.count(".") + 1 if number else (e.level or 1)
        h.level_source = "numbering" if number else source
        h.extra["listed"] = source
        taken.update(id(g) for g in group)
        added.append(h)
    return added


def confidence(h: Heading) -> float:
    """How sure extraction is of a heading: its number's evidence, raised when a document-level
    list confirms it, lowered for an unnumbered heading whose level is only a style rank."""
    if "corrected" in h.extra:
        return 1.0
    c = CONFIDENCE.get(h.number_source, 0.75)
    if h.number is None:
        c = 0.9 if h.level_source in ("toc", "outline", "tagged", "slide", "metadata") else 0.75
    if "listed" in h.extra:
        c = min(1.0, c + 0.05)
    return round(c, 2)


def document_confidence(sections: list) -> float | None:  # list[tracker.model.Section]
    """The heading structure's confidence as a whole: the mean of its headings' confidences,
    so one guessed heading among fifty lowers it a little and a guessed chapter structure a lot."""
    values = [s.confidence for s in sections if s.confidence is not None]
    return round(sum(values) / len(values), 2) if values else None
