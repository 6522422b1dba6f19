"""``tracker site build``: the static site (see tracker.site)."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console

from tracker.cli.app import app
from tracker.paths import EXTRACTED_DIR, SITE_DIR
from tracker.store import rel

site_app = typer.Typer(help="Build the static site (mkdocs-material, Norwegian bokmål).", no_args_is_help=True)
app.add_typer(site_app, name="site")


@site_app.command("build")
def build_command(
    out: Path = typer.Option(SITE_DIR, "--out", help="Directory to write the site to."),
    extracted: Path = typer.Option(EXTRACTED_DIR, "--extracted", help="Directory of extracted documents."),
) -> None:
    """Generate the pages from the data and run mkdocs build --strict."""
    from tracker.site import SiteBuildError, build_site

    console = Console(stderr=True)
    started = time.perf_counter()
    try:
        with console.status("Building the site (mkdocs build --strict)…"):
            out_dir = build_site(out_dir=out, extracted_dir=extracted)
    except SiteBuildError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc  # bad input: the message names the file
    pages = sum(1 for _ in out_dir.rglob("*.html"))
    console.print(f"Site written to {rel(out_dir)}/ ({pages} pages, {time.perf_counter() - started:.1f} s)",
                  highlight=False)
