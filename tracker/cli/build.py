"""`tracker build`: the whole pipeline, incrementally."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

from tracker import paths as default
from tracker.build import BuildPaths, run_build
from tracker.cli.app import app
from tracker.cli.extract import extract_progress, render_extract
from tracker.extract.classify import ManifestError
from tracker.store import rel

console = Console(stderr=True, width=None if sys.stderr.isatty() else 150)


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
    try:
        with extract_progress(len(list(source.glob("*.pdf")))) as progress:
            report = run_build(paths, site=not no_site, progress=progress)
    except ManifestError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if report.extract is not None:
        render_extract(report.extract, extracted)
    table = RichTable(title="tracker build")
    for col in ("stage", "status", "seconds", "detail"):
        table.add_column(col)
    colours = {"ran": "green", "cached": "dim", "failed": "red"}
    for st in report.stages:
        table.add_row(st.name, f"[{colours[st.status]}]{st.status}[/]", f"{st.seconds:.2f}", st.detail)
    console.print(table)
    if not no_site and any(st.name == "site" for st in report.stages):
        console.print(f"Site: {rel(site_dir)}/index.html")
    console.print(f"Done in {time.perf_counter() - started:.1f} s")
    for err in report.errors:
        console.print(f"[red]error:[/red] {err}", highlight=False)
    if report.check_failed:
        console.print("run `tracker check` for the findings")
    if not report.ok:
        raise typer.Exit(1)
