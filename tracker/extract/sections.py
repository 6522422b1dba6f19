"""Ordered lines + headings → sections with paragraph text and spans."""

from __future__ import annotations

from tracker.extract.evidence import confidence
from tracker.extract.headings import Heading
from tracker.extract.lines import Line, column_index
from tracker.extract.text import ends_hyphenated, join_hyphenated, normalise_text, slugify
from tracker.model import Section, Span


def paragraphs(lines: list[Line], *, hyphenated_layout: bool = True) -> list[str]:
    """Body lines → paragraphs (bullets are their own paragraphs, line-end hyphens re-joined)."""
    paras: list[str] = []
    current = ""
    prev: Line | None = None
    bullet_x: float | None = None
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        new_para = prev is None or ln.bullet
        if prev is not None and not ln.bullet:
            size = min(ln.size, prev.size) or 10.0
            # (a line above the one before it heads another column, found as one or not: the
            # paragraph may go on there, as across a page break)
            if ln.page == prev.page and not _column_break(prev, ln) and ln.top - prev.bottom >= -size:
                gap = ln.top - prev.bottom
                if gap > 0.55 * size:
                    new_para = True
                elif bullet_x is not None and ln.x0 < bullet_x - 4:
                    new_para = True  # back to the margin after a bullet's continuation lines
                elif abs(ln.size - prev.size) > 1.5:
                    new_para = True
            else:
                new_para = not _continues(current, text)
        if new_para:
            if current:
                paras.append(current)
            current = text
            bullet_x = ln.x0 if ln.bullet else None
        else:
            if ends_hyphenated(current):
                current = join_hyphenated(current, text, hyphenated_layout=hyphenated_layout)
            else:
                current = current + " " + text
        prev = ln
    if current:
        paras.append(current)
    return [normalise_text(p) for p in paras if p.strip()]


def _column_break(prev: Line, ln: Line) -> bool:
    """From the foot of one column to the head of the next: like a page break, the paragraph may
    go on."""
    a, b = column_index(prev), column_index(ln)
    return a is not None and b is not None and 0 <= a < b and ln.top < prev.top


def _continues(previous: str, text: str) -> bool:
    """Across a page break, does `text` continue the previous paragraph?"""
    if not previous:
        return False
    if ends_hyphenated(previous):
        return True
    return not previous.rstrip().endswith((".", ":", "!", "?")) and text[:1].islower()


def _spans(lines: list[Line]) -> list[Span]:
    by_page: dict[int, list[float]] = {}
    for ln in lines:
        x0, top, x1, bottom = ln.bbox
        b = by_page.get(ln.page)
        by_page[ln.page] = [x0, top, x1, bottom] if b is None else [
            min(b[0], x0), min(b[1], top), max(b[2], x1), max(b[3], bottom)
        ]
    return [Span(page=p, bbox=tuple(round(v, 2) for v in b)) for p, b in sorted(by_page.items())]


def build_sections(
    lines: list[Line], headings: list[Heading], *, hyphenated_layout: bool = True
) -> tuple[str, list[Section]]:
    """Split ordered lines at headings. Returns (preamble text, sections)."""
    heading_of: dict[int, Heading] = {}
    for h in headings:
        heading_of[id(h.lines[0])] = h
    heading_line_ids = {id(ln) for h in headings for ln in h.lines}
    preamble_lines: list[Line] = []
    blocks: list[tuple[Heading, list[Line]]] = []
    for ln in lines:
        if id(ln) in heading_of:
            blocks.append((heading_of[id(ln)], []))
        elif id(ln) in heading_line_ids:
            continue
        elif blocks:
            blocks[-1][1].append(ln)
        else:
            preamble_lines.append(ln)
    sections: list[Section] = []
    seen: dict[str, int] = {}
    for h, body in blocks:
        base = f"s-{h.number}" if h.number else f"s-p{h.page}-{slugify(h.title, 30)}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        sid = base if n == 0 else f"{base}-{n + 1}"
        sections.append(
            Section(
                id=sid,
                number=h.number,
                title=normalise_text(" ".join(h.title.split())),
                level=h.level,
                page=h.page,
                text="\n".join(paragraphs(body, hyphenated_layout=hyphenated_layout)),
                spans=_spans(h.lines + body),
                number_source=h.number_source,  # type: ignore[arg-type]
                level_source=h.level_source,  # type: ignore[arg-type]
                confidence=confidence(h),
            )
        )
    return "\n".join(paragraphs(preamble_lines, hyphenated_layout=hyphenated_layout)), sections
