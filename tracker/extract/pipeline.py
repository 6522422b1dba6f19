"""PDF → :class:`Document`: the extraction stage end to end, one document or a batch."""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import TrackerError
from tracker.extract import classify
from tracker.extract.corrections import CorrectionError, apply_corrections, load_for, versioned
from tracker.extract.evidence import ListedHeading, document_confidence, reconcile
from tracker.extract.guard import Limits, UnsafeInput, check_pdf
from tracker.extract.headings import (
    CHAPTER_LABEL,
    NUMBERED,
    BodyStyle,
    Heading,
    adopt_text_layer_styles,
    assign_levels,
    body_style,
    detect_headings,
    document_title,
    infer_numbers,
    mend_misread_numbers,
    merge_repeated_titles,
    parse_number,
    runs_into_sentence,
    split_pull_quotes,
    style_key,
    title_from_metadata,
)
from tracker.extract.layout import find_gutters, with_document_gutters
from tracker.extract.lines import (
    NUMBER_ONLY,
    Line,
    feedback_box,
    group_lines,
    is_date_stamp,
    positions,
    reading_order,
    remove_running_text,
    split_run_in_heads,
    symbols_only,
    without_repeated_side_text,
)
from tracker.extract.ocr import resolve_pages
from tracker.extract.pdftext import page_words
from tracker.extract.records import records_from_tables
from tracker.extract.sections import build_sections
from tracker.extract.sheets import split_two_up
from tracker.extract.structure import StructHeading, read_structure
from tracker.extract.tables import FoundTable, find_tables
from tracker.extract.text import join_lines, normalise_text
from tracker.extract.toc import find_toc, in_page_list
from tracker.extract.words import PageWords, Word, without_ghost_page_numbers
from tracker.extract.workers import worker_pool
from tracker.hashing import files_hash, sha256_text
from tracker.model import Document, PageInfo, Section, SourceInfo, Table, sha256_file, write_atomic
from tracker.paths import CACHE_DIR
from tracker.store import rel

MAX_PAGES = 5000
MAX_BYTES = 512 * 1024 * 1024
_EXTRACT_DIR = Path(__file__).resolve().parent


def extractor_version() -> str:
    """Changes whenever the extraction code changes, so cached output is never stale."""
    return "1." + files_hash(_EXTRACT_DIR.rglob("*.py"), root=_EXTRACT_DIR, length=12)


def output_version(pdf: Path, overrides: dict | None, version: str | None = None) -> str:
    """The version an output of ``pdf`` carries: the extractor's, the PDF's corrections file's
    (corrections.versioned) and its manifest entry's, so an edited manifest entry re-extracts too."""
    out = versioned(version or extractor_version(), pdf)
    if overrides:
        out += ".manifest." + sha256_text(json.dumps(overrides, sort_keys=True, ensure_ascii=False))[:12]
    return out


class ExtractionError(TrackerError):
    """A document could not be extracted; the message names the file and the problem."""


ProgressFn = Callable[[int, int], None]
_LISTS = {"toc": "table of contents", "outline": "PDF outline", "tagged": "tagged structure"}
# (outline entries, tagged headings, warnings) as tracker.extract.structure reads them.
DocumentStructure = tuple[list[StructHeading], list[StructHeading], list[str]]


def _open(path: Path):  # type: ignore[no-untyped-def]
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    name = rel(path)
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError(f"{name}: empty file")
    if size > MAX_BYTES:
        raise ExtractionError(f"{name}: file is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise ExtractionError(f"{name}: not a PDF (no %PDF header)")
    try:
        check_pdf(path, Limits(max_pages=MAX_PAGES), name=name)
    except UnsafeInput as exc:
        raise ExtractionError(str(exc)) from exc
    try:
        pdf = pdfplumber.open(path)
        n = len(pdf.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ExtractionError(f"{name}: encrypted PDF, cannot read it without the password") from exc
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ExtractionError(f"{name}: encrypted PDF, cannot read it without the password") from exc
        if isinstance(inner, MemoryError):  # pdfminer reads a stream's declared /Length in one piece
            raise ExtractionError(f"{name}: corrupt PDF (an object declares a size too large to read; "
                                  f"a damaged /Length?)") from exc
        raise ExtractionError(f"{name}: corrupt or truncated PDF ({type(inner).__name__}: {inner})") from exc
    except PDFSyntaxError as exc:
        raise ExtractionError(f"{name}: corrupt or truncated PDF ({exc})") from exc
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise ExtractionError(f"{name}: corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if n == 0:
        pdf.close()
        raise ExtractionError(f"{name}: the PDF has no pages")
    if n > MAX_PAGES:
        pdf.close()
        raise ExtractionError(f"{name}: {n} pages, over the limit of {MAX_PAGES}")
    return pdf


def read_pages(
    path: Path, progress: ProgressFn | None = None
) -> tuple[list[PageWords], dict[str, str], DocumentStructure]:
    """The text layer of every page (streamed: each pdfplumber page is released after use), the
    metadata, and the document's own heading structure (outline, tags) where it has one."""
    pdf = _open(path)
    pages: list[PageWords] = []
    try:
        meta = {k: str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, (str, bytes))}
        structure = read_structure(pdf)
        total = len(pdf.pages)
        for i, page in enumerate(pdf.pages, start=1):
            try:
                pages.append(page_words(page, i))
            except Exception as exc:
                raise ExtractionError(f"{rel(path)}: page {i} is damaged ({type(exc).__name__}: {exc})") from exc
            finally:
                page.close()  # drop the page's parsed objects: memory stays bounded
            if progress:
                progress(i, total)
    finally:
        pdf.close()
    return pages, meta, structure


SLIDE_TYPE_SHARE = 0.02
"""A deck's type is set to be read on a screen: its median character is at least this share of the
page's height (the corpus decks: 0.033 and 0.039 of a 540 pt slide; a three-column report on
landscape A4 at 8.5-9 pt: 0.014-0.015). Landscape pages alone are no deck."""


def _is_slides(pages: list[PageWords]) -> bool:
    landscape = sum(1 for p in pages if p.width > p.height * 1.2)
    if landscape < max(1, 0.8 * len(pages)):
        return False
    sizes = [w.size for p in pages for w in p.words if w.size for _char in w.text]
    if not sizes:
        return True
    height = statistics.median(p.height for p in pages)
    return statistics.median(sizes) >= SLIDE_TYPE_SHARE * height


def _title_at_foot(page_lines: list[list[Line]]) -> bool:
    """Whether the deck prints its slide titles at the foot of the slide: on more of its slides the
    largest text stands in the lower part than in the upper. A deck decides for all its slides, so
    one slide's big figure in its lower half does not make that figure a title."""
    foot = head = 0
    for lines in page_lines:
        lettered = [ln for ln in lines if any(c.isalpha() for c in ln.text)]
        if not lettered:
            continue
        h = lettered[0].source_page_height or 540.0
        biggest = max(lettered, key=lambda ln: ln.size)
        foot += biggest.top >= 0.55 * h
        head += biggest.top < 0.45 * h
    return foot > head


def _slide_title(lines: list[Line], at_foot: bool = False) -> list[Line]:
    """The slide title: the largest text in the upper part of the slide, or anywhere on it in a deck
    that prints its titles at the foot (where a slide may still carry its title at the top: a
    numbered rule's title over its text) (several lines if wrapped)."""
    if not lines:
        return []
    h = lines[0].source_page_height or 540.0
    zone = [ln for ln in lines if (at_foot or ln.top < h * 0.45) and any(c.isalpha() for c in ln.text)] or lines
    biggest = max(ln.size for ln in zone)
    start = next(i for i, ln in enumerate(lines) if ln in zone and ln.size >= biggest * 0.95)
    group = [lines[start]]
    first = lines[start]
    numbered = parse_number(first.text)[0] is not None
    for ln in lines[start + 1 :]:
        if ln.x1 <= group[-1].x0 or ln.x0 >= group[-1].x1:
            # Text beside the title (a title set in a column of its own at the side of the slide,
            # read in step with the text by height): the title's next line may still follow.
            continue
        # (a title's second line may be set in another colour or weight at the title's size: "Meld.
        # St. 7 (2019-2020) Nasjonal" / "helse- og sykehusplan 2020-23")
        same_look = (ln.bold == first.bold and ln.color == first.color) or (
            abs(ln.size - first.size) <= 0.05 * first.size and not group[-1].text.rstrip().endswith((".", ":")))
        # (a numbered title does not wrap onto the next number: "4.2 Hovedregler …" / "4.2.1 Fellesregler")
        next_numbered = numbered and parse_number(ln.text)[0] is not None
        if ln.size >= biggest * 0.95 and ln.top - group[-1].bottom < 0.9 * biggest and same_look and (
            not ln.bullet or ln.dash_marked
        ) and not next_numbered:
            ln.unmark()  # "– videre arbeid": the title goes on after a dash, not a bullet
            group.append(ln)
        else:
            break
    return group


def _turned_title(turned: list[Line], lines: list[Line]) -> list[Line]:
    """A slide's title set turned a quarter up or down its side (PowerPoint's vertical title): the
    turned lines in the slide's largest type, none of its upright text larger."""
    if not turned:
        return []
    size = max(ln.size for ln in turned)
    if any(ln.size > 1.05 * size for ln in lines):
        return []
    return [ln for ln in turned if ln.size >= 0.95 * size]


def _slide_headings(page_lines: list[list[Line]], turned: list[list[Line]]) -> tuple[list[Heading], list[list[Line]]]:
    """The slides' headings, and each slide's lines with its title first: a title printed at the
    foot or up the slide's side still heads the slide's text."""
    headings: list[Heading] = []
    at_foot = _title_at_foot(page_lines)
    ordered: list[list[Line]] = []
    for lines, side in zip(page_lines, turned, strict=True):
        title = _turned_title(side, lines) or _slide_title(lines, at_foot)
        rest_lines = [ln for ln in lines if ln not in title]
        ordered.append(title + rest_lines)
        if not title:
            continue
        text = join_lines([ln.text for ln in title], hyphenated_layout=False)
        number, rest = parse_number(text)
        headings.append(
            Heading(title, number, rest if number else text.strip(), style_key(title[0]),
                    number_source="printed" if number else None)
        )
        body = body_style(rest_lines) if rest_lines else body_style(lines)
        for h in detect_headings(rest_lines, body=body, slides=True):
            if h.number:
                headings.append(h)
    return headings, ordered


MASTHEAD_TEXT = 300
"""A masthead holds little text besides its headings (a cookie notice's sentence or two)."""


def _without_masthead(headings: list[Heading], lines: list[Line], position: dict[int, int]
                      ) -> tuple[list[Heading], list[Heading]]:
    """The headings, less those of a first page's masthead: unnumbered lines set as headings above
    the document's first top-level heading, on its page, ranked below it and set smaller, with
    little text among them (a web page printed with the site's name and menu, or a cookie notice,
    over the page's title). A memo's title in capitals over its first paragraphs is no masthead."""
    if not headings:
        return headings, []
    top = min(h.level for h in headings)
    first = next(k for k, h in enumerate(headings) if h.level == top)
    above, title = headings[:first], headings[first]
    if not above or any(h.page != title.page or h.number is not None or h.lines[0].size >= title.lines[0].size
                        for h in above):
        return headings, []
    heading_lines = {id(ln) for h in above for ln in h.lines}
    between = lines[position[id(above[0].lines[0])]: position[id(title.lines[0])]]
    if sum(len(ln.text) for ln in between if id(ln) not in heading_lines) >= MASTHEAD_TEXT:
        return headings, []
    return headings[first:], above


def _cover_page(page_lines: list[list[Line]], slides: bool, contents_on_it: bool = False) -> bool:
    # A document of one or two pages has no cover, unless its first page held the table of
    # contents (taken out already): then what is left there is the title.
    if slides or (len(page_lines) < 3 and not contents_on_it) or not page_lines[0]:
        return False
    # A cover: little text, no numbered heading, chapter label or chapter number (a first page
    # that opens chapter 1 is content) and no running text (a short first page that opens with a
    # paragraph is content too), nor a list (a handout's first page: the title slide beside the
    # agenda).
    words = sum(len(ln.words) for ln in page_lines[0])
    body_size = body_style([ln for pl in page_lines for ln in pl]).size
    prose = sum(1 for ln in page_lines[0] if len(ln.words) >= 6 and ln.size <= body_size * 1.05)
    items = sum(1 for ln in page_lines[0] if ln.bullet)
    return words < 60 and prose < 3 and items < 3 and not any(
        NUMBERED.match(ln.text.strip()) or CHAPTER_LABEL.match(ln.text.strip()) or ln.text.strip().rstrip(".") == "1"
        for ln in page_lines[0]
    )


def _is_heading_stack(table: Table) -> bool:
    """Numbered headings stacked on top of each other ("3 GENERELLE REGLER" over "3.1 Multippel
    koding") align into columns, but a real table's first row holds column labels, not a
    numbered heading, and its rows are not all headings."""

    def heading_like(cells: list[str]) -> bool:
        return bool(NUMBERED.match(" ".join(c for c in cells if c).strip()))

    return heading_like(table.header) and all(heading_like(r) for r in table.rows)


_CONTENTS_PAGE = re.compile(r"^\d{1,3}\W?$")  # (a scan may read a mark after it: "24:")


def _is_contents_table(table: Table) -> bool:
    """A table of contents set as a ruled table ("Kap." | "Tittel" | "Side"): rows that open with a
    heading number and end with a page number, the pages counting up. It is the table of contents
    (evidence for the headings: :mod:`tracker.extract.toc` reads its lines), no table of the
    document. A header row of labels is allowed; three rows or more, seven in ten of them such."""
    rows = [[c for c in row if c.strip()] for row in [table.header, *table.rows]]
    rows = [r for r in rows if len(r) >= 2]
    entries = [r for r in rows if NUMBER_ONLY.match(r[0].strip()) and _CONTENTS_PAGE.match(r[-1].strip())]
    if len(entries) < 3 or len(entries) < 0.7 * (len(rows) - (not NUMBER_ONLY.match(rows[0][0].strip()))):
        return False
    pages = [int(re.match(r"\d+", r[-1].strip()).group()) for r in entries]
    return sum(1 for a, b in itertools.pairwise(pages) if b < a) <= len(pages) // 10


MIXED_TYPE = 1.6
"""A "table" of a row or two in a text layer holding words this many times the size of its median
word sets a title beside text (a page's title level with a sidebar's first lines), no table's cells."""


def _in_region(w: Word, box: tuple[float, float, float, float], slack: float = 0.0) -> bool:
    """Whether a word's centre lies in a table's region (``slack`` points round it)."""
    return (box[0] - slack <= (w.x0 + w.x1) / 2 <= box[2] + slack
            and box[1] - slack <= (w.top + w.bottom) / 2 <= box[3] + slack)


def _mixed_type(ft: FoundTable, pages: list[PageWords]) -> bool:
    by_page = {p.page: p for p in pages}
    sizes = [w.size for span in ft.regions if (p := by_page.get(span.page)) is not None for w in p.words
             if _in_region(w, span.bbox) and w.size]
    # (OCR reads each word's size from its ink, some words half as large again: text layers only)
    ocr = any(p.source != "text-layer" for span in ft.regions if (p := by_page.get(span.page)) is not None)
    # (a real table may take in a larger line above it, a slide's title on a handout: only a
    # "table" of a row or two, all it has, is told by it)
    return (bool(sizes) and not ocr and len(ft.table.rows) <= 2
            and max(sizes) >= MIXED_TYPE * statistics.median(sizes))


def _apply_tables(pages: list[PageWords]) -> tuple[list[PageWords], list[FoundTable]]:
    """Find tables and take their words out of the running text (tables are not body text)."""
    found = [ft for ft in find_tables(pages) if not _is_heading_stack(ft.table) and not _mixed_type(ft, pages)
             and not _is_contents_table(ft.table)]
    regions: dict[int, list[tuple[float, float, float, float]]] = {}
    for ft in found:
        for span in ft.regions:
            regions.setdefault(span.page, []).append(span.bbox)
    out = []
    for p in pages:
        boxes = regions.get(p.page, [])
        if boxes:
            kept = [w for w in p.words if not any(_in_region(w, b, slack=1.0) for b in boxes)]
            p = dataclasses.replace(p, words=kept)
        out.append(p)
    return out, found


def _enclosing_section(sections: list[Section], page: int, top: float) -> Section | None:
    best = None
    for s in sections:
        head = s.spans[0] if s.spans else None
        if head is None:
            continue
        if (head.page, head.bbox[1]) <= (page, top):
            best = s
    return best


@dataclass
class Trace:
    """What extraction decided about the lines of a document, kept for ``tracker extract --explain``."""

    running: list[Line] = field(default_factory=list)  # running headers/footers, page numbers
    toc: list[Line] = field(default_factory=list)  # lines of the table of contents
    lines: list[Line] = field(default_factory=list)  # the text in reading order
    headings: list[Heading] = field(default_factory=list)  # the final headings
    rejected: list[tuple[Heading, str]] = field(default_factory=list)  # candidates dropped, and why
    body: BodyStyle | None = None
    slides: bool = False


def extract_pdf(
    path: Path,
    *,
    overrides: dict | None = None,
    cache_dir: Path = CACHE_DIR,
    progress: ProgressFn | None = None,
    ocr: bool = True,
    trace: Trace | None = None,
) -> Document:
    path = Path(path)
    trace = trace if trace is not None else Trace()
    sha = sha256_file(path)
    # Editor's heading corrections beside the PDF (corrections.py): the version first, so a file
    # edited meanwhile never hides behind its new hash; a bad file fails before the slow work.
    version = output_version(path, overrides)
    try:
        corrections = load_for(path)
    except CorrectionError as exc:
        raise ExtractionError(str(exc)) from exc
    pages, meta, (outline, tagged, structure_warnings) = read_pages(path, progress)
    warnings: list[str] = list(structure_warnings)
    if ocr:
        # Pages without a text layer, or with a bad one (English-only OCR), are OCR'd here.
        pages = resolve_pages(path, sha, pages, cache_dir=cache_dir / "ocr", progress=progress)
    if not any(p.words for p in pages):
        warnings.append("no text found on any page (no text layer and no OCR)")

    pages = without_ghost_page_numbers(pages)
    slides = _is_slides(pages)
    sheets = pages
    if not slides:  # (a deck's slides are never two pages: its type is set for a screen)
        pages = split_two_up(pages)
        if len(pages) > len(sheets):
            warnings.append(f"the PDF's {len(sheets)} sheets hold two pages side by side: read as {len(pages)} pages, "
                            "left before right, and numbered so")
    pages, found = _apply_tables(pages)
    tables = [ft.table for ft in found]
    gutters = with_document_gutters(pages, [find_gutters(p) for p in pages])
    raw_lines = [group_lines(p, page_gutters) for p, page_gutters in zip(pages, gutters, strict=True)]
    heights = [p.height for p in pages]
    page_lines = remove_running_text(raw_lines, heights)
    kept_ids = {id(ln) for pl in page_lines for ln in pl}
    trace.running = [ln for pl in raw_lines for ln in pl if id(ln) not in kept_ids]
    # A table across the columns ends a band of them; a table inside one column does not.
    gutters_of = {p.page: g for p, g in zip(pages, gutters, strict=True)}
    table_bands: dict[int, list[tuple[float, float]]] = {}
    for ft in found:
        for span in ft.regions:
            page_gutters = gutters_of.get(span.page) or []
            if page_gutters and not any(span.bbox[0] < g < span.bbox[2] for g in page_gutters):
                continue
            table_bands.setdefault(span.page, []).append((span.bbox[1], span.bbox[3]))
    page_lines = [reading_order(lines, table_bands.get(p.page), p.rects) for p, lines in zip(pages, page_lines, strict=True)]
    page_lines, menus = without_repeated_side_text(page_lines, seen=raw_lines)
    trace.running += menus
    # A symbol alone on its line (an accordion's ▾ before its heading, set in another size) is
    # decoration, neither text nor a heading.
    page_lines = [[ln for ln in pl if not symbols_only(ln.text)] for pl in page_lines]

    title = normalise_text(meta.get("Title", "")) if meta.get("Title") else ""
    # A table of contents is evidence about the headings, never a section or body text. It is
    # taken out first: a memo's first page with its title over its contents is a cover (a wrapped
    # entry's last line, "2023 ........ 2", is no numbered heading).
    # A web page's "På denne siden" list of its sections, beside its title, is site navigation.
    # (found among the page's lines as grouped: its title, in small type at the page's head, may
    # have gone with the running headers)
    nav = {id(ln) for pl in raw_lines[:1] for ln in in_page_list(pl)} if not slides else set()
    if nav:
        trace.toc = [ln for ln in raw_lines[0] if id(ln) in nav]
        page_lines = [[ln for ln in pl if id(ln) not in nav] for pl in page_lines]
    toc = None if slides else find_toc(page_lines)
    if toc is not None:
        toc_ids = {id(ln) for ln in toc.lines}
        trace.toc += list(toc.lines)
        page_lines = [[ln for ln in pl if id(ln) not in toc_ids] for pl in page_lines]
    if not slides:
        page_lines = [split_run_in_heads(pl) for pl in page_lines]
    cover = _cover_page(page_lines, slides, toc is not None and toc.lines[0].page == pages[0].page)
    cover_lines: list[Line] = []
    if cover:
        if not title:
            first = max(page_lines[0], key=lambda ln: ln.size)
            title = first.text
        cover_lines, page_lines[0] = page_lines[0], []
    if slides:
        turned = [[Line(words, p.page, p.height) for words in p.turned] for p in pages]
        headings, page_lines = _slide_headings(page_lines, turned)
        assign_levels(headings, slides=True)
    lines = [ln for pl in page_lines for ln in pl]
    full_text = "\n".join(ln.text for ln in lines)

    if not slides:
        body = body_style([ln for ln in lines if "side" not in ln.tags])
        trace.body = body
        # A web page's update stamp under its title and each chapter's heading is its metadata,
        # and its feedback box ("Fant du det du lette etter?" over its Ja / Nei) the site's.
        site_furniture = {id(ln) for ln in lines if is_date_stamp(ln, body.size)}
        site_furniture |= {id(ln) for ln in feedback_box(lines, body.size)}
        if site_furniture:
            trace.running += [ln for ln in lines if id(ln) in site_furniture]
            lines = [ln for ln in lines if id(ln) not in site_furniture]
            full_text = "\n".join(ln.text for ln in lines)
        headings = detect_headings(lines, body=body, slides=False, rejected=trace.rejected)
        if cover_lines and not headings:
            # A document whose one heading is its title, set on a page of its own: that page is
            # the title's, no cover.
            lines = cover_lines + lines
            full_text = "\n".join(ln.text for ln in lines)
            headings = detect_headings(lines, body=body, slides=False, rejected=trace.rejected)
        position = positions(lines)  # (a line's place, for what follows what with nothing between)
        headings = merge_repeated_titles(headings, position)
        headings, quotes = split_pull_quotes(headings, lines, body)
        if quotes:  # (their sentences are in the text already: not a heading, and not a second copy)
            quoted = {id(ln) for h in quotes for ln in h.lines}
            lines = [ln for ln in lines if id(ln) not in quoted]
            position = positions(lines)
            trace.rejected += [(h, "a pull quote: a sentence of the text repeated in display type") for h in quotes]
        paragraphs = [h for h in headings if runs_into_sentence(h, lines, position)]
        trace.rejected += [(h, "runs on into a sentence: a paragraph set large") for h in paragraphs]
        paragraph_ids = {id(h) for h in paragraphs}
        headings = [h for h in headings if id(h) not in paragraph_ids]
        adopt_text_layer_styles(headings, lines)
        assign_levels(headings, slides=False)
        headings, masthead = _without_masthead(headings, lines, position)
        if masthead:  # (ranked again without the masthead's type styles)
            assign_levels(headings, slides=False)
            trace.rejected += [(h, "above the document's first top-level heading on its page and ranked below it: "
                                   "the page's masthead (a web page's banner, menu or cookie notice), no heading")
                               for h in masthead]
        listed_title = title_from_metadata(headings, lines, meta.get("Title") or "", body, position)
        if listed_title is not None:  # (it heads the document: every heading under it goes a level down)
            shift = 1 if any(h.level == 1 for h in headings) else 0
            for h in headings:
                h.level = min(h.level + shift, 6)
            headings = [listed_title, *headings]
        doc_title = document_title(headings, position)
        if doc_title is not None:
            headings = headings[1:]
            title = title or doc_title.title
            trace.rejected.append((doc_title, "the document's title, right above chapter 1 with no text of its own"))
        # Document-level lists of headings, the most authoritative first: the tagged structure
        # and the outline point at physical pages, a table of contents at printed page numbers.
        # (on sheets cut into two pages, a PDF page is its left page, the right one a page away)
        first_cut = {}
        for p in reversed(pages):
            first_cut[p.sheet or p.page] = p.page
        for listed, physical, whole in (
            ([ListedHeading(h.number, h.title, h.level, first_cut.get(h.page, h.page), "tagged") for h in tagged], True,
             True),
            ([ListedHeading(h.number, h.title, h.level, first_cut.get(h.page, h.page), "outline") for h in outline],
             True, True),
            ([ListedHeading(e.number, e.title, e.level, e.page, "toc") for e in toc.entries] if toc else [], False,
             toc is None or toc.whole),
        ):
            before = headings
            headings, notes = reconcile(headings, lines, listed, physical_pages=physical, whole=whole)
            warnings += notes
            after = {id(h) for h in headings}
            trace.rejected += [(h, f"not listed in the {_LISTS[listed[0].source]}, which lists the other headings")
                               for h in before if id(h) not in after]
        warnings += mend_misread_numbers(headings)
        warnings += infer_numbers(headings, full_text)
    try:  # the editor's corrections have the last word on headings
        headings, corrected = apply_corrections(lines, headings, corrections)
    except CorrectionError as exc:
        raise ExtractionError(str(exc)) from exc
    trace.lines, trace.headings, trace.slides = lines, headings, slides
    preamble, sections = build_sections(lines, headings, hyphenated_layout=not slides)
    guessed = [s.number for s in sections if s.number_source == "sequence"]
    if guessed:
        warnings.append(
            f"{len(guessed)} heading number(s) guessed from the numbering sequence alone ({', '.join(guessed[:6])}"
            f"{', …' if len(guessed) > 6 else ''}): nothing printed, listed or cross-referenced confirms them"
        )
    if not title:
        title = sections[0].title if sections else path.stem

    for ft, table in zip(found, tables, strict=True):
        first = ft.regions[0] if ft.regions else None
        sec = _enclosing_section(sections, first.page, first.bbox[1]) if first else None
        table.section = sec.number if sec else None
    records = records_from_tables(tables, lead_ins=[ft.lead_in for ft in found])

    overrides = overrides or {}
    first_text = "\n".join(ln.text for pl in page_lines[:3] for ln in pl)
    kind = overrides.get("kind") or classify.detect_kind(title, path.name, first_text, slides=slides)
    year = overrides.get("year") or classify.detect_year(title, path.name, full_text)
    title = overrides.get("title") or title
    doc_id = overrides.get("id") or classify.document_id(year, kind)
    return Document(
        id=doc_id,
        kind=kind,
        year=year,
        title=title,
        extractor_version=version,
        source=SourceInfo(path=rel(path), sha256=sha, pages=len(sheets)),
        page_info=[
            PageInfo(page=p.page, width=round(p.width, 2), height=round(p.height, 2), source=p.source,
                     quality=None if p.quality is None else round(p.quality, 3), sheet=p.sheet)
            for p in pages
        ],
        preamble=preamble,
        sections=sections,
        tables=tables,
        records=records,
        warnings=warnings,
        corrections=corrected,
        confidence=document_confidence(sections),
    )


@dataclass
class ExtractResult:
    path: Path
    document: Document | None = None
    output: Path | None = None
    cached: bool = False
    error: str | None = None
    warnings: list[str] = field(default_factory=list)  # about the batch: an id taken, a duplicate file
    duplicate_of: str | None = None  # the file (as shown) this one repeats; nothing is written for it


@dataclass
class ExtractReport:
    results: list[ExtractResult] = field(default_factory=list)

    @property
    def failed(self) -> list[ExtractResult]:
        return [r for r in self.results if r.error]

    @property
    def warnings(self) -> list[str]:
        """One line per problem that did not stop a file (each names the files concerned)."""
        return [w for r in self.results for w in r.warnings]


def _cached_outputs(out_dir: Path) -> dict[tuple[str, str], Path]:
    found: dict[tuple[str, str], Path] = {}
    for p in sorted(out_dir.glob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            found[(data["source"]["path"], data["source"]["sha256"], data["extractor_version"])] = p  # type: ignore[index]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


def _extract_job(pdf: Path, overrides: dict | None, cache_dir: Path) -> Document:
    # Module-level so a process pool can pickle it.
    return extract_pdf(pdf, overrides=overrides, cache_dir=cache_dir)


def _error_text(pdf: Path, exc: BaseException) -> str:
    if isinstance(exc, ExtractionError):
        return one_line(str(exc))
    if isinstance(exc, OSError):
        return one_line(f"{rel(pdf)}: cannot read file ({exc.strerror or exc})")
    return one_line(f"{rel(pdf)}: extraction failed ({type(exc).__name__}: {exc})")


_LINE_BREAK = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def one_line(message: str) -> str:
    """An error as one printable line: a parser's message may quote the damaged bytes it choked on."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", _LINE_BREAK.sub(" ", message.strip()))


def extract_many(
    pdfs: Iterable[Path],
    out_dir: Path,
    *,
    manifest: dict[str, dict] | None = None,
    cache_dir: Path = CACHE_DIR,
    workers: int | None = None,
    on_start: Callable[[Path], None] | None = None,
    on_page: ProgressFn | None = None,
    on_done: Callable[[ExtractResult], None] | None = None,
) -> ExtractReport:
    """Extract each PDF to ``out_dir/<id>.json``; a failing file never stops the others.

    PDFs whose output exists for the same content hash and extractor version are not touched.
    The rest run in parallel over the machine's cores (``workers``; 1 = in this process, with
    page progress). Ids stay with the file that has them, and a copy of another file is not
    written twice (:func:`settle_ids`; each result's ``warnings`` say so).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = manifest or {}
    version = extractor_version()
    cached = _cached_outputs(out_dir)
    ordered = sorted(Path(p) for p in pdfs)
    results = {pdf: ExtractResult(pdf) for pdf in ordered}
    docs: dict[Path, Document] = {}
    todo: list[Path] = []
    for pdf in ordered:
        try:
            hit = cached.get((rel(pdf), sha256_file(pdf), output_version(pdf, manifest.get(pdf.name), version)))
        except OSError as exc:
            results[pdf].error = _error_text(pdf, exc)
            continue
        if hit is not None:
            docs[pdf] = Document.load(hit)
            results[pdf].cached = True
            results[pdf].output = hit
        else:
            todo.append(pdf)

    workers = workers or min(len(todo), os.cpu_count() or 1)
    if workers <= 1:
        for pdf in todo:
            if on_start:
                on_start(pdf)
            try:
                docs[pdf] = extract_pdf(pdf, overrides=manifest.get(pdf.name), cache_dir=cache_dir, progress=on_page)
            except Exception as exc:  # never let one document stop the batch
                results[pdf].error = _error_text(pdf, exc)
    else:
        crashed: list[Path] = []
        with worker_pool(workers) as pool:  # its workers die with this process
            futures = {pool.submit(_extract_job, pdf, manifest.get(pdf.name), cache_dir): pdf for pdf in todo}
            for fut in as_completed(futures):
                pdf = futures[fut]
                try:
                    docs[pdf] = fut.result()
                except BrokenProcessPool:
                    crashed.append(pdf)
                except Exception as exc:
                    results[pdf].error = _error_text(pdf, exc)
        # A worker that died (a crash in a native library, the OOM killer) breaks the whole pool:
        # retry each affected PDF alone, so only the one that kills its worker is lost.
        for pdf in sorted(crashed):
            with worker_pool(1) as alone:
                try:
                    docs[pdf] = alone.submit(_extract_job, pdf, manifest.get(pdf.name), cache_dir).result()
                except BrokenProcessPool:
                    results[pdf].error = f"{rel(pdf)}: the extractor's worker process died on this file"
                except Exception as exc:
                    results[pdf].error = _error_text(pdf, exc)

    ids, duplicates = settle_ids(docs, manifest, _outputs_on_disk(out_dir), results)
    report = ExtractReport()
    for pdf in ordered:
        result = results[pdf]
        doc = docs.get(pdf)
        if pdf in duplicates:
            result.duplicate_of = duplicates[pdf]
            result.output = None
        elif doc is not None and pdf in ids:
            doc.id = ids[pdf]
            out = out_dir / f"{doc.id}.json"
            # Ids are validated, but the file written must be a plain name in out_dir whatever they say.
            if out.parent.resolve() != out_dir.resolve():
                result.error = f"{rel(pdf)}: output {doc.id}.json would be written outside {rel(out_dir)}/"
            elif result.output != out:
                try:
                    write_atomic(out, doc.to_json())
                except OSError as exc:
                    result.error = _error_text(pdf, exc)
            if result.error is None:
                result.document, result.output = doc, out
        report.results.append(result)
    _remove_stale_outputs(out_dir, report)
    if on_done:
        for result in report.results:
            on_done(result)
    return report


# --- ids ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutputOnDisk:
    """A ``<id>.json`` already in the output folder: which PDF it came from and what it says."""

    id: str
    source: str  # source.path as written (``rel`` of the PDF)
    fingerprint: str | None
    derived_id: str | None  # isf-<year>-<kind> as the output says


def content_fingerprint(data: dict) -> str | None:
    """A hash of what a document says (text and tables, page by page), not of its file: a renamed
    copy or a copy encrypted with an owner password has the same. None for a document without text,
    which says nothing that could show it is another's copy."""
    content = {key: data.get(key) for key in ("preamble", "sections", "tables")}
    if not any(content.values()):
        return None
    return sha256_text(json.dumps(content, sort_keys=True, ensure_ascii=False))


def _outputs_on_disk(out_dir: Path) -> list[OutputOnDisk]:
    found = []
    for p in sorted(out_dir.glob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            source = data["source"]["path"]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not an output of the extractor: nobody's claim
        if isinstance(source, str):
            derived = classify.document_id(data.get("year"), data.get("kind")) if data.get("kind") else None
            found.append(OutputOnDisk(p.stem, source, content_fingerprint(data), derived))
    return found


def derived_id(doc: Document, overrides: dict | None) -> str:
    """The id a document asks for: the manifest's, or ``isf-<year>-<kind>``."""
    return (overrides or {}).get("id") or classify.document_id(doc.year, doc.kind)


def settle_ids(
    docs: dict[Path, Document],
    manifest: dict[str, dict],
    on_disk: list[OutputOnDisk],
    results: dict[Path, ExtractResult],
) -> tuple[dict[Path, str], dict[Path, str]]:
    """Which id each extracted PDF gets, and which PDFs only repeat another file ({pdf: that file}).

    An id stays with the file that has it: an output on disk whose source PDF still exists keeps
    its id for that PDF, so a new file (a draft, a copy) can never take it over. A PDF that asks
    for an id someone has gets the first free ``<id>-<n>`` (the one it had before, if it had one)
    and a warning naming both files; a manifest id that is taken is an error. A PDF that says the
    same as another and asks for the same id is reported as its duplicate and not written. The order
    never depends on the order the files were given: files that already have their id first, then
    manifest ids, then shorter file names (a copy or draft is usually named after the original
    with a word added), then names.
    """
    here = {rel(pdf): pdf for pdf in docs}
    own: dict[Path, set[str]] = defaultdict(set)  # ids each PDF of this batch has outputs under
    kept: dict[str, str] = {}  # id → source of an output whose PDF is not re-decided here
    # (id asked for, content) → the file that has it: the same text under another id (another year
    # given by the manifest) is not a copy to drop.
    first_with: dict[tuple[str, str], str] = {}
    for out in on_disk:
        pdf = here.get(out.source)
        if pdf is not None:
            own[pdf].add(out.id)
        elif Path(out.source).is_file():
            kept[out.id] = out.source
            if out.fingerprint is not None:
                for asked in (out.id, out.derived_id):
                    if asked:
                        first_with.setdefault((asked, out.fingerprint), out.source)

    wanted = {pdf: derived_id(doc, manifest.get(pdf.name)) for pdf, doc in docs.items()}
    explicit = {pdf for pdf in docs if (manifest.get(pdf.name) or {}).get("id")}
    order = sorted(docs, key=lambda pdf: (wanted[pdf] not in own[pdf], pdf not in explicit, len(pdf.name),
                                          pdf.name, str(pdf)))

    duplicates: dict[Path, str] = {}
    for pdf in order:
        fingerprint = content_fingerprint(json.loads(docs[pdf].to_json()))
        if fingerprint is None:
            continue
        key = (wanted[pdf], fingerprint)
        if key in first_with:
            duplicates[pdf] = first_with[key]
            results[pdf].warnings.append(f"{rel(pdf)}: the same document as {first_with[key]} (the same "
                                         f"text and tables); not extracted a second time")
        else:
            first_with[key] = rel(pdf)

    taken = dict(kept)  # id → the file that has it
    ids: dict[Path, str] = {}
    collided: list[Path] = []
    for pdf in order:
        if pdf in duplicates:
            continue
        want = wanted[pdf]
        if not classify.valid_document_id(want):
            results[pdf].error = (f"{rel(pdf)}: {want!r} is not a document id (lower-case letters, digits and "
                                  f"hyphens, at most 100 characters)")
        elif want not in taken:
            ids[pdf], taken[want] = want, rel(pdf)
        elif pdf in explicit:
            results[pdf].error = f"{rel(pdf)}: the manifest gives it the id {want!r}, which {taken[want]} has"
        else:
            collided.append(pdf)
    # A PDF that had a numbered id keeps it while it is free, before new ones are numbered.
    for pdf in collided:
        suffixed = re.compile(re.escape(wanted[pdf]) + r"-([2-9]|[1-9][0-9]+)")
        previous = sorted((i for i in own[pdf] if suffixed.fullmatch(i) and i not in taken),
                          key=lambda i: (len(i), i))
        if previous:
            ids[pdf] = previous[0]
            taken[previous[0]] = rel(pdf)
    for pdf in collided:
        want = wanted[pdf]
        if pdf not in ids:
            n = 2
            while f"{want}-{n}" in taken:
                n += 1
            ids[pdf] = f"{want}-{n}"
            taken[ids[pdf]] = rel(pdf)
        results[pdf].warnings.append(f"{rel(pdf)}: its id {want} is already {taken[want]}'s; "
                                     f"extracted as {ids[pdf]}")
    return ids, duplicates


def _remove_stale_outputs(out_dir: Path, report: ExtractReport) -> None:
    """An output of a PDF that now has another id (or repeats another file) is removed: one output
    per PDF, so the old one is not read as a second document."""
    current = {r.output.name for r in report.results if r.output is not None}
    settled = {rel(r.path) for r in report.results if r.error is None}
    for out in _outputs_on_disk(out_dir):
        path = out_dir / f"{out.id}.json"
        if out.source in settled and path.name not in current:
            path.unlink(missing_ok=True)
