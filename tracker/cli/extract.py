"""`tracker extract`: PDFs → extracted/<id>.json."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable
from rich.text import Text

from tracker.build import ExtractProgress, extract_documents
from tracker.cli import report
from tracker.cli.app import app
from tracker.extract.explain import explain_pdf
from tracker.extract.pipeline import ExtractionError, ExtractReport
from tracker.io import writable_dir
from tracker.paths import pdf_files
from tracker.store import DEFAULT_EXTRACTED_DIR, DEFAULT_SOURCE_DIR, DocumentNotFound, find_pdf, rel

# Logs of CI runs are not terminals; give the summary table room there instead of 80 columns.
console = report.console(stderr=True, width=150)


def collect_pdfs(paths: list[Path], source_dir: Path = DEFAULT_SOURCE_DIR) -> list[Path]:
    """The PDFs named: each file as given, each folder's PDFs; none named, those of ``source_dir``."""
    if not paths:
        return pdf_files(source_dir)
    out: list[Path] = []
    for p in paths:
        out += pdf_files(p) if p.is_dir() else [p]
    return out


@contextmanager
def extract_progress(total: int, quiet: bool = False) -> Iterator[ExtractProgress]:
    """A progress bar (documents, and pages of the one being extracted) fed by the library's callbacks."""
    with Progress(
        TextColumn("{task.description}", style="bold", markup=False),  # a description is a file name
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=True,
    ) as progress:
        overall = progress.add_task("documents", total=total)
        pages = progress.add_task("pages", total=None, visible=False)

        def on_start(pdf: Path) -> None:
            progress.update(pages, description=f"  {report.visible(pdf.name)}", completed=0, total=None,
                            visible=True)

        def on_page(done: int, total: int) -> None:
            progress.update(pages, completed=done, total=total)

        yield ExtractProgress(on_start=on_start, on_page=on_page, on_done=lambda _r: progress.advance(overall))


def render_extract(outcome: ExtractReport, out: Path, *, quiet: bool = False) -> None:
    """One error line per failed file; unless ``quiet``, a summary table and the guessed-heading warnings."""
    for r in outcome.failed:
        report.error(r.error or "")
    for w in outcome.warnings:  # about the batch (an id taken, a duplicate file): shown even when quiet
        report.warning(w)
    if quiet:
        return
    table = RichTable(title=f"Extracted into {rel(out)}/")
    for col in ("document", "kind", "year", "pages", "text", "min. quality", "sections", "conf.",
                "tables", "warnings", "corrections", ""):
        table.add_column(col, no_wrap=col == "document")  # an id is never cut short
    for r in outcome.results:
        d = r.document
        if d is None and r.duplicate_of:
            table.add_row(report.visible(rel(r.path)), *["-"] * 10,
                          Text(f"duplicate of {report.visible(r.duplicate_of)}", style="yellow"))
            continue
        if d is None:
            table.add_row(report.visible(rel(r.path)), *["-"] * 10, Text("failed", style="red"))
            continue
        sources = Counter(p.source for p in d.page_info)
        qualities = [p.quality for p in d.page_info if p.quality is not None]
        table.add_row(
            d.id, d.kind, str(d.year), str(d.source.pages),
            ", ".join(f"{src} {n}" for src, n in sorted(sources.items())),
            f"{min(qualities):.2f}" if qualities else "-", str(len(d.sections)),
            "-" if d.confidence is None else f"{d.confidence:.2f}", str(len(d.tables)), str(len(d.warnings)),
            str(len(d.corrections)), "cached" if r.cached else "",
        )
    console.print(table)
    for r in outcome.results:
        for w in r.document.warnings if r.document else []:
            if "guessed from the numbering sequence" in w:
                report.warning(f"{r.document.id}: {w}")


@app.command()
def extract(
    pdfs: list[Path] = typer.Argument(None, help="PDF files or folders (default: every PDF in source_pdfs/)"),
    out: Path = typer.Option(DEFAULT_EXTRACTED_DIR, "--out", "-o", help="Output folder for <id>.json"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary"),
    explain: bool = typer.Option(
        False, "--explain", help="Show, line by line, why each line of ONE document was or was not taken as a heading"
    ),
    page: int = typer.Option(None, "--page", min=1, help="With --explain: only this page"),
) -> None:
    """Extract sections and tables from PDFs into one JSON file per document."""
    if explain:
        _explain(pdfs or [], page)
        return
    missing = [p for p in pdfs or [] if not p.exists()]
    if missing:  # a path given that names nothing is bad usage, not a failed extraction
        for p in missing:
            report.error(f"{rel(p)}: no such file or folder")
        raise typer.Exit(2)
    files = collect_pdfs(pdfs or [])
    if not files:
        raise report.fail(f"no PDF files found in {rel(DEFAULT_SOURCE_DIR) if not pdfs else 'arguments'}")
    writable_dir(out)  # before the work: a folder that cannot take the results is named, not the PDFs
    with extract_progress(len(files), quiet) as progress:
        result = extract_documents(files, out, progress=progress)  # an unreadable manifest: exit 2
    render_extract(result, out, quiet=quiet)
    if result.failed:
        raise typer.Exit(1)


def _explain(refs: list[Path], page: int | None) -> None:
    """Render :func:`tracker.extract.explain.explain_pdf` for one document (a PDF, or its id)."""
    if len(refs) != 1:
        raise report.fail("--explain takes one document: a PDF path or a document id")
    try:
        pdf = find_pdf(str(refs[0]))
        verdicts = explain_pdf(pdf, page)
    except (DocumentNotFound, ExtractionError) as exc:
        raise report.fail(str(exc)) from exc
    out = report.console(width=160)
    table = RichTable(title=f"Headings in {rel(pdf)}" + (f", page {page}" if page else ""), show_lines=False)
    for col in ("page", "y", "verdict", "line", "why"):
        table.add_column(col, overflow="fold")
    styles = {"heading": "bold green", "rejected": "yellow", "contents": "cyan", "running text": "dim"}
    for v in verdicts:
        table.add_row(str(v.page), f"{v.top:.0f}", Text(v.verdict, style=styles.get(v.verdict, "")),
                      Text(v.text[:90]), Text(v.why))
    out.print(table)
