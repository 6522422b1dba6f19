"""`tracker extract`: PDFs → extracted/<id>.json."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from tracker.cli.app import app
from tracker.extract.classify import ManifestError, load_manifest
from tracker.extract.pipeline import ExtractReport, extract_many
from tracker.store import DEFAULT_EXTRACTED_DIR, DEFAULT_SOURCE_DIR, rel

# Logs of CI runs are not terminals; give the summary table room there instead of 80 columns.
console = Console(stderr=True, width=None if sys.stderr.isatty() else 150)


def collect_pdfs(paths: list[Path], source_dir: Path = DEFAULT_SOURCE_DIR) -> list[Path]:
    if not paths:
        return sorted(source_dir.glob("*.pdf")) + sorted(source_dir.glob("*.PDF"))
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(p.glob("*.pdf")) + sorted(p.glob("*.PDF"))
        else:
            out.append(p)
    return out


def run_extract(pdfs: list[Path], out: Path, *, quiet: bool = False) -> ExtractReport:
    """Extract with a progress bar; print a summary table and one error line per failed file."""
    manifest_dirs = {p.parent for p in pdfs}
    manifest: dict[str, dict] = {}
    for d in sorted(manifest_dirs):
        manifest.update(load_manifest(d))
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=True,
    ) as progress:
        overall = progress.add_task("documents", total=len(pdfs))
        pages = progress.add_task("pages", total=None, visible=False)

        def on_start(pdf: Path) -> None:
            progress.update(pages, description=f"  {pdf.name}", completed=0, total=None, visible=True)

        def on_page(done: int, total: int) -> None:
            progress.update(pages, completed=done, total=total)

        report = extract_many(
            pdfs, out, manifest=manifest, on_start=on_start, on_page=on_page,
            on_done=lambda _r: progress.advance(overall),
        )
    for r in report.failed:
        console.print(f"[red]error:[/red] {r.error}", highlight=False)
    if not quiet:
        table = RichTable(title=f"Extracted into {rel(out)}/")
        for col in ("document", "kind", "year", "pages", "text", "min. quality", "sections", "tables", "warnings", ""):
            table.add_column(col)
        for r in report.results:
            d = r.document
            if d is None:
                table.add_row(rel(r.path), "-", "-", "-", "-", "-", "-", "-", "-", "[red]failed[/red]")
                continue
            sources = Counter(p.source for p in d.page_info)
            qualities = [p.quality for p in d.page_info if p.quality is not None]
            table.add_row(
                d.id, d.kind, str(d.year), str(d.source.pages),
                ", ".join(f"{src} {n}" for src, n in sorted(sources.items())),
                f"{min(qualities):.2f}" if qualities else "-", str(len(d.sections)),
                str(len(d.tables)), str(len(d.warnings)), "cached" if r.cached else "",
            )
        console.print(table)
    return report


@app.command()
def extract(
    pdfs: list[Path] = typer.Argument(None, help="PDF files or folders (default: every PDF in source_pdfs/)"),
    out: Path = typer.Option(DEFAULT_EXTRACTED_DIR, "--out", "-o", help="Output folder for <id>.json"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary"),
) -> None:
    """Extract sections and tables from PDFs into one JSON file per document."""
    files = collect_pdfs(pdfs or [])
    if not files:
        console.print(f"[red]error:[/red] no PDF files found in {rel(DEFAULT_SOURCE_DIR) if not pdfs else 'arguments'}")
        raise typer.Exit(2)
    try:
        report = run_extract(files, out, quiet=quiet)
    except ManifestError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if report.failed:
        raise typer.Exit(1)
