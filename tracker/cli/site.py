"""``tracker site build``: the static site (see tracker.site)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from tracker.cli import report
from tracker.cli.app import app
from tracker.io import writable_dir
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

    console = report.console(stderr=True)
    started = time.perf_counter()
    writable_dir(out)  # before the work: a folder that cannot take the site is named at once
    try:
        with console.status("Building the site (mkdocs build --strict)…"):
            out_dir = build_site(out_dir=out, extracted_dir=extracted)
    except SiteBuildError as exc:
        raise report.fail(str(exc)) from exc  # bad input: the message names the file
    pages = sum(1 for _ in out_dir.rglob("*.html"))
    console.print(f"Site written to {rel(out_dir)}/ ({pages} pages, {time.perf_counter() - started:.1f} s)")
