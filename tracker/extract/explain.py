"""Why each line of a document was, or was not, taken as a heading (``tracker extract --explain``).

Extraction runs as usual with a :class:`~tracker.extract.pipeline.Trace`; every line then gets a
verdict and the evidence behind it, in the words an editor needs to decide whether to write a
correction (``<pdf stem>.corrections.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.extract.headings import BodyStyle, Heading, is_emphasised, looks_like_heading_text, parse_number
from tracker.extract.lines import Line
from tracker.extract.pipeline import Trace, extract_pdf
from tracker.model import Document
from tracker.paths import CACHE_DIR

_SOURCES = {
    "printed": "printed on the page", "toc": "from the table of contents", "outline": "from the PDF outline",
    "tagged": "from the tagged structure", "cross-reference": "inferred: the document refers to numbers this deep",
    "sequence": "guessed from the numbering sequence alone", "correction": "set by a correction",
    "numbering": "its numbering depth", "style": "the rank of its type style", "slide": "a slide title",
    "metadata": "the document's title, as the PDF's metadata gives it",
}


@dataclass(frozen=True)
class LineVerdict:
    page: int
    top: float
    text: str
    verdict: str  # "heading", "heading (cont.)", "body", "running text", "contents", "rejected"
    why: str


def _style(ln: Line, body: BodyStyle | None) -> str:
    if ln.bold is None:  # OCR: no font, only the weight the pixels show
        weight = "heavy strokes (OCR)" if ln.heavy else "regular strokes (OCR)"
    else:
        weight = "bold" if ln.bold else "regular"
    parts = [f"{ln.size:.1f} pt", weight]
    if body is not None:
        parts.append(f"body {body.size:.1f} pt{' bold' if body.bold else ''}")
        if ln.color and ln.color != body.color:
            parts.append("other colour than the body")
    if "side" in ln.tags:
        parts.append("in a side column")
    return ", ".join(parts)


def _why_not(ln: Line, body: BodyStyle | None, slides: bool) -> str:
    if ln.bullet:
        return "a bullet item"
    number, _ = parse_number(ln.text)
    if not looks_like_heading_text(ln.text, numbered=number is not None):
        return "reads as running text (too long, ends with a comma or semicolon, or a sentence)"
    if slides:
        return "not the slide's title (the largest text at the top of the slide)"
    if body is not None and not is_emphasised(ln, body):
        return f"set like the body text ({_style(ln, body)})"
    return f"short and emphasised ({_style(ln, body)}) but continues the paragraph around it"


def explain_lines(trace: Trace, doc: Document, page: int | None = None) -> list[LineVerdict]:
    """One verdict per line of the document (or of one page), in reading order."""
    out: list[LineVerdict] = []
    section_of = {(s.page, s.title): s for s in doc.sections}
    heading_at: dict[int, tuple[Heading, int]] = {}
    for h in trace.headings:
        for k, ln in enumerate(h.lines):
            heading_at[id(ln)] = (h, k)
    rejected = {id(ln): why for h, why in trace.rejected for ln in h.lines}
    # Per page: what sits above the text (running headers, contents), the text in reading order
    # (as extraction read it, so a sidebar painted last shows where it is read), then the footers.
    def place(ln: Line) -> int:
        return 0 if ln.top < (ln.source_page_height or 842.0) / 2 else 2

    lines = [((ln.page, place(ln), ln.top, 0), ln, "running") for ln in trace.running]
    lines += [((ln.page, 0, ln.top, 0), ln, "toc") for ln in trace.toc]
    lines += [((ln.page, 1, 0.0, k), ln, "text") for k, ln in enumerate(trace.lines)]
    lines.sort(key=lambda item: item[0])
    for _key, ln, kind in lines:
        if page is not None and ln.page != page:
            continue
        if kind == "running":
            out.append(LineVerdict(ln.page, ln.top, ln.text, "running text",
                                   "page furniture: repeats in the page margin or down the side of many pages "
                                   "(a site's menu), or is a page or line number, an update stamp or a web page's feedback box"))
        elif kind == "toc":
            out.append(LineVerdict(ln.page, ln.top, ln.text, "contents",
                                   "a line of the table of contents: evidence for the headings, not a section"))
        elif id(ln) in heading_at:
            h, k = heading_at[id(ln)]
            if k:
                out.append(LineVerdict(ln.page, ln.top, ln.text, "heading (cont.)", "the heading's title goes on"))
                continue
            sec = section_of.get((h.page, " ".join(h.title.split())))
            bits = [f"level {h.level} ({_SOURCES.get(h.level_source or '', 'style')})"]
            if h.number:
                bits.insert(0, f"number {h.number} {_SOURCES.get(h.number_source or '', '')}")
            listed = h.extra.get("listed")
            if listed:
                bits.append(f"confirmed by the {_SOURCES[listed].removeprefix('from the ')}")
            if "corrected" in h.extra:
                bits.append("corrected by the editor")
            bits.append(_style(ln, trace.body))
            if sec is not None and sec.confidence is not None:
                bits.append(f"confidence {sec.confidence:.2f}")
            out.append(LineVerdict(ln.page, ln.top, ln.text, "heading", "; ".join(bits)))
        elif id(ln) in rejected:
            out.append(LineVerdict(ln.page, ln.top, ln.text, "rejected", rejected[id(ln)]))
        else:
            out.append(LineVerdict(ln.page, ln.top, ln.text, "body", _why_not(ln, trace.body, trace.slides)))
    return out


def explain_pdf(path: Path, page: int | None = None, *, cache_dir: Path = CACHE_DIR) -> list[LineVerdict]:
    trace = Trace()
    doc = extract_pdf(path, cache_dir=cache_dir, trace=trace)
    return explain_lines(trace, doc, page)
