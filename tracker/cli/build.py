"""`tracker build`: the whole pipeline, incrementally."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.table import Table as RichTable
from rich.text import Text

from tracker import paths as default
from tracker.build import BuildPaths, run_build
from tracker.cli import report
from tracker.cli.app import app
from tracker.cli.extract import extract_progress, render_extract
from tracker.io import writable_dir
from tracker.paths import pdf_files
from tracker.store import rel

console = report.console(stderr=True, width=150)


@app.command()
def build(
    source: Path = typer.Option(default.SOURCE_DIR, help="Folder of source PDFs"),
    extracted: Path = typer.Option(default.EXTRACTED_DIR, help="Folder of extracted JSON"),
    site_dir: Path = typer.Option(default.SITE_DIR, "--site-dir", help="Where the static site is written"),
    no_site: bool = typer.Option(False, "--no-site", help="Stop after the check"),
) -> None:
    """Extract → align → lint → check → site; each stage re-runs only when its inputs changed."""
    started = time.perf_counter()
    paths = BuildPaths(source_dir=source, extracted_dir=extracted, site_dir=site_dir)
    # Before any work: a folder the build would write to that cannot be written is named at once, not
    # found by each stage in turn (or blamed on a PDF) after minutes of extraction.
    for folder in (paths.extracted_dir, paths.build_dir, paths.lineage_dir, *([] if no_site else [site_dir])):
        writable_dir(folder)
    with extract_progress(len(pdf_files(source))) as progress:
        result = run_build(paths, site=not no_site, progress=progress)  # an unreadable manifest: exit 2
    if result.extract is not None:
        render_extract(result.extract, extracted)
    table = RichTable(title="tracker build")
    for col in ("stage", "status", "seconds", "detail"):
        table.add_column(col)
    colours = {"ran": "green", "cached": "dim", "failed": "red"}
    for st in result.stages:
        table.add_row(st.name, Text(st.status, style=colours[st.status]), f"{st.seconds:.2f}", st.detail)
    console.print(table)
    if any(st.name == "site" and st.status != "failed" for st in result.stages):
        console.print(f"Site: {rel(site_dir)}/index.html")
    console.print(f"Done in {time.perf_counter() - started:.1f} s")
    for err in result.errors:
        report.error(err)
    if result.check_failed:
        console.print("run `tracker check` for the findings")
    if not result.ok:
        raise typer.Exit(1)
