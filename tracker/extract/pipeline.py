"""PDF → :class:`Document`: the extraction stage end to end, one document or a batch."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import TrackerError
from tracker.extract import classify
from tracker.extract.corrections import CorrectionError, apply_corrections, load_for, versioned
from tracker.extract.evidence import ListedHeading, document_confidence, reconcile
from tracker.extract.guard import Limits, UnsafeInput, check_pdf
from tracker.extract.headings import (
    NUMBERED,
    BodyStyle,
    Heading,
    assign_levels,
    body_style,
    detect_headings,
    infer_numbers,
    parse_number,
    style_key,
)
from tracker.extract.layout import find_gutter
from tracker.extract.lines import Line, group_lines, reading_order, remove_running_text
from tracker.extract.ocr import resolve_pages
from tracker.extract.pdftext import page_words
from tracker.extract.records import records_from_tables
from tracker.extract.sections import build_sections
from tracker.extract.structure import StructHeading, read_structure
from tracker.extract.tables import FoundTable, find_tables
from tracker.extract.text import join_lines, normalise_text
from tracker.extract.toc import find_toc
from tracker.extract.words import PageWords
from tracker.hashing import files_hash
from tracker.model import Document, PageInfo, Section, SourceInfo, Table, sha256_file, write_atomic
from tracker.paths import CACHE_DIR
from tracker.store import rel

MAX_PAGES = 5000
MAX_BYTES = 512 * 1024 * 1024
_EXTRACT_DIR = Path(__file__).resolve().parent


def extractor_version() -> str:
    """Changes whenever the extraction code changes, so cached output is never stale."""
    return "1." + files_hash(_EXTRACT_DIR.rglob("*.py"), root=_EXTRACT_DIR, length=12)


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


def _is_slides(pages: list[PageWords]) -> bool:
    landscape = sum(1 for p in pages if p.width > p.height * 1.2)
    return landscape >= max(1, 0.8 * len(pages))


def _slide_title(lines: list[Line]) -> list[Line]:
    """The slide title: the largest text in the upper part of the slide (several lines if wrapped)."""
    if not lines:
        return []
    h = lines[0].source_page_height or 540.0
    upper = [ln for ln in lines if ln.top < h * 0.45 and any(c.isalpha() for c in ln.text)] or lines
    biggest = max(ln.size for ln in upper)
    start = next(i for i, ln in enumerate(lines) if ln in upper and ln.size >= biggest * 0.95)
    group = [lines[start]]
    first = lines[start]
    for ln in lines[start + 1 :]:
        same_look = ln.bold == first.bold and ln.color == first.color
        if ln.size >= biggest * 0.95 and ln.top - group[-1].bottom < 0.9 * biggest and same_look and (
            not ln.bullet or ln.dash_marked
        ):
            ln.unmark()  # "– videre arbeid": the title goes on after a dash, not a bullet
            group.append(ln)
        else:
            break
    return group


def _slide_headings(page_lines: list[list[Line]]) -> list[Heading]:
    headings: list[Heading] = []
    for lines in page_lines:
        title = _slide_title(lines)
        if not title:
            continue
        text = join_lines([ln.text for ln in title], hyphenated_layout=False)
        number, rest = parse_number(text)
        headings.append(
            Heading(title, number, rest if number else text.strip(), style_key(title[0]),
                    number_source="printed" if number else None)
        )
        rest_lines = [ln for ln in lines if ln not in title]
        body = body_style(rest_lines) if rest_lines else body_style(lines)
        for h in detect_headings(rest_lines, body=body, slides=True):
            if h.number:
                headings.append(h)
    return headings


def _cover_page(page_lines: list[list[Line]], slides: bool) -> bool:
    if slides or len(page_lines) < 3 or not page_lines[0]:
        return False
    # A cover: little text, no numbered heading (a first page that opens chapter 1 is content)
    # and no running text (a short first page that opens with a paragraph is content too).
    words = sum(len(ln.words) for ln in page_lines[0])
    body_size = body_style([ln for pl in page_lines for ln in pl]).size
    prose = sum(1 for ln in page_lines[0] if len(ln.words) >= 6 and ln.size <= body_size * 1.05)
    return words < 60 and prose < 3 and not any(NUMBERED.match(ln.text.strip()) for ln in page_lines[0])


def _is_heading_stack(table: Table) -> bool:
    """Numbered headings stacked on top of each other ("3 GENERELLE REGLER" over "3.1 Multippel
    koding") align into columns, but a real table's first row holds column labels, not a
    numbered heading, and its rows are not all headings."""

    def heading_like(cells: list[str]) -> bool:
        return bool(NUMBERED.match(" ".join(c for c in cells if c).strip()))

    return heading_like(table.header) and all(heading_like(r) for r in table.rows)


def _apply_tables(pages: list[PageWords]) -> tuple[list[PageWords], list[FoundTable]]:
    """Find tables and take their words out of the running text (tables are not body text)."""
    found = [ft for ft in find_tables(pages) if not _is_heading_stack(ft.table)]
    regions: dict[int, list[tuple[float, float, float, float]]] = {}
    for ft in found:
        for span in ft.regions:
            regions.setdefault(span.page, []).append(span.bbox)
    out = []
    for p in pages:
        boxes = regions.get(p.page, [])
        if boxes:
            kept = [
                w for w in p.words
                if not any(b[0] - 1 <= (w.x0 + w.x1) / 2 <= b[2] + 1 and b[1] - 1 <= (w.top + w.bottom) / 2 <= b[3] + 1
                           for b in boxes)
            ]
            p = PageWords(p.page, p.width, p.height, kept, p.segments, p.rects, p.source, p.quality)
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
    version = versioned(extractor_version(), path)
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

    slides = _is_slides(pages)
    pages, found = _apply_tables(pages)
    tables = [ft.table for ft in found]
    gutters = [None if slides else find_gutter(p) for p in pages]
    raw_lines = [group_lines(p, gutter) for p, gutter in zip(pages, gutters, strict=True)]
    heights = [p.height for p in pages]
    page_lines = remove_running_text(raw_lines, heights)
    kept_ids = {id(ln) for pl in page_lines for ln in pl}
    trace.running = [ln for pl in raw_lines for ln in pl if id(ln) not in kept_ids]
    table_bands: dict[int, list[tuple[float, float]]] = {}
    for ft in found:
        for span in ft.regions:
            table_bands.setdefault(span.page, []).append((span.bbox[1], span.bbox[3]))
    page_lines = [reading_order(lines, table_bands.get(p.page)) for p, lines in zip(pages, page_lines, strict=True)]

    title = normalise_text(meta.get("Title", "")) if meta.get("Title") else ""
    cover = _cover_page(page_lines, slides)
    if cover:
        if not title:
            first = max(page_lines[0], key=lambda ln: ln.size)
            title = first.text
        page_lines[0] = []
    # A table of contents is evidence about the headings, never a section or body text.
    toc = None if slides else find_toc(page_lines)
    if toc is not None:
        toc_ids = {id(ln) for ln in toc.lines}
        trace.toc = list(toc.lines)
        page_lines = [[ln for ln in pl if id(ln) not in toc_ids] for pl in page_lines]
    lines = [ln for pl in page_lines for ln in pl]
    full_text = "\n".join(ln.text for ln in lines)

    if slides:
        headings = _slide_headings(page_lines)
        assign_levels(headings, slides=True)
    else:
        body = body_style([ln for ln in lines if "side" not in ln.tags])
        trace.body = body
        headings = detect_headings(lines, body=body, slides=False, rejected=trace.rejected)
        assign_levels(headings, slides=False)
        # Document-level lists of headings, the most authoritative first: the tagged structure
        # and the outline point at physical pages, a table of contents at printed page numbers.
        for listed, physical in (
            ([ListedHeading(h.number, h.title, h.level, h.page, "tagged") for h in tagged], True),
            ([ListedHeading(h.number, h.title, h.level, h.page, "outline") for h in outline], True),
            ([ListedHeading(e.number, e.title, e.level, e.page, "toc") for e in toc.entries] if toc else [], False),
        ):
            before = headings
            headings, notes = reconcile(headings, lines, listed, physical_pages=physical)
            warnings += notes
            after = {id(h) for h in headings}
            trace.rejected += [(h, f"not listed in the {_LISTS[listed[0].source]}, which lists the other headings")
                               for h in before if id(h) not in after]
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
        source=SourceInfo(path=rel(path), sha256=sha, pages=len(pages)),
        page_info=[
            PageInfo(page=p.page, width=round(p.width, 2), height=round(p.height, 2), source=p.source,
                     quality=None if p.quality is None else round(p.quality, 3))
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


@dataclass
class ExtractReport:
    results: list[ExtractResult] = field(default_factory=list)

    @property
    def failed(self) -> list[ExtractResult]:
        return [r for r in self.results if r.error]


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
        return str(exc)
    if isinstance(exc, OSError):
        return f"{rel(pdf)}: cannot read file ({exc.strerror or exc})"
    return f"{rel(pdf)}: extraction failed ({type(exc).__name__}: {exc})"


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
    page progress).
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
            hit = cached.get((rel(pdf), sha256_file(pdf), versioned(version, pdf)))
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
        with ProcessPoolExecutor(max_workers=workers) as pool:
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
            with ProcessPoolExecutor(max_workers=1) as alone:
                try:
                    docs[pdf] = alone.submit(_extract_job, pdf, manifest.get(pdf.name), cache_dir).result()
                except BrokenProcessPool:
                    results[pdf].error = f"{rel(pdf)}: the extractor's worker process died on this file"
                except Exception as exc:
                    results[pdf].error = _error_text(pdf, exc)

    # Ids are settled in file-name order, so collisions resolve the same way every run.
    taken: dict[str, Path] = {}
    report = ExtractReport()
    for pdf in ordered:
        result = results[pdf]
        doc = docs.get(pdf)
        if doc is not None:
            if doc.id in taken:
                suffix = 2
                while f"{doc.id}-{suffix}" in taken:
                    suffix += 1
                doc.id = f"{doc.id}-{suffix}"
            taken[doc.id] = pdf
            out = out_dir / f"{doc.id}.json"
            if result.output != out:
                try:
                    write_atomic(out, doc.to_json())
                except OSError as exc:
                    result.error = _error_text(pdf, exc)
            result.document, result.output = doc, out
        report.results.append(result)
        if on_done:
            on_done(result)
    return report
