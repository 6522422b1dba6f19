"""CLI: ``tracker check``, ``tracker review`` and ``tracker coverage``.

Exit codes: 0 text and code agree (warnings allowed), 1 they diverge, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from tracker.cli.app import app
from tracker.errors import InputError
from tracker.paths import CHECK_SETTINGS_PATH, EXTRACTED_DIR

# The check itself is imported when a command runs, so the other commands start without it.


class OutputFormat(enum.StrEnum):
    text = "text"
    json = "json"
    junit = "junit"
    github = "github"


def _fail_input(exc: Exception) -> typer.Exit:
    from tracker.cli.report import fail

    return fail(str(exc))


@app.command()
def check(
    extracted: Path = typer.Option(EXTRACTED_DIR, "--extracted", help="Directory of extracted documents."),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text, json, junit or github."),
    junit_file: Path | None = typer.Option(None, "--junit-file", help="Also write a JUnit XML report here."),
    config: Path = typer.Option(CHECK_SETTINGS_PATH, "--config", help="Check settings (severities, ignores)."),
    show_coverage: bool = typer.Option(False, "--coverage", help="Also print the coverage report."),
) -> None:
    """Check the executable rules against the text: citations, pins, quotes, facts, calendar gaps."""
    from tracker.check.run import run_check
    from tracker.model import write_atomic
    from tracker.store import rel

    try:
        report = run_check(extracted, config=config)
    except InputError as exc:  # CheckInputError and every malformed input file
        raise _fail_input(exc) from exc
    rendered = {
        OutputFormat.text: report.to_text,
        OutputFormat.json: report.to_json,
        OutputFormat.junit: report.to_junit,
        OutputFormat.github: report.to_github,
    }[fmt]()
    sys.stdout.write(rendered)
    if show_coverage and fmt is OutputFormat.text:
        sys.stdout.write(report.coverage_text())
    if junit_file is not None:
        write_atomic(junit_file, report.to_junit())
        typer.echo(f"wrote {rel(junit_file)}", err=True)
    raise typer.Exit(report.exit_code)


@app.command("review")
def review_command(
    citations: list[str] = typer.Argument(
        None,
        help="Citation keys to re-pin, as `tracker check` prints them, "
        "e.g. isf_andel.somatikk@2025/isf-2025-grunnlagsdokument/6.1.",
    ),
    all_: bool = typer.Option(False, "--all", help="Re-pin every citation (after reading every diff)."),
    extracted: Path = typer.Option(EXTRACTED_DIR, "--extracted", help="Directory of extracted documents."),
    config: Path = typer.Option(CHECK_SETTINGS_PATH, "--config", help="Check settings (where the pins are)."),
) -> None:
    """Re-pin citations to the current text of the sentence they quote, after a person has read the change.

    Writes checks/pins.yaml in the current version (a version 1 file is upgraded on the way)."""
    from tracker.check.run import review

    if not citations and not all_:
        typer.echo("error: name the citation(s) to re-pin (see `tracker check`), or pass --all", err=True)
        raise typer.Exit(2)
    try:
        result = review(citations or None, all_citations=all_, extracted_dir=extracted, config=config)
    except InputError as exc:  # CheckInputError and every malformed input file
        raise _fail_input(exc) from exc
    for key in result.pinned:
        typer.echo(f"pinned    {key}")
    for key in result.dropped:
        typer.echo(f"dropped   {key} (no such citation any more)")
    for key, why in result.failed:
        typer.echo(f"not found {key}: {why}", err=True)
    typer.echo(f"{len(result.pinned)} re-pinned, {len(result.unchanged)} unchanged, {len(result.failed)} not found, "
               f"{len(result.dropped)} dropped")
    raise typer.Exit(1 if result.failed else 0)


@app.command("coverage")
def coverage_command(
    extracted: Path = typer.Option(EXTRACTED_DIR, "--extracted", help="Directory of extracted documents."),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text or json."),
    config: Path = typer.Option(CHECK_SETTINGS_PATH, "--config", help="Check settings (where coverage.yaml is)."),
) -> None:
    """Per document and section: implemented by rules, not applicable, or pending."""
    from tracker.check.run import run_check

    try:
        report = run_check(extracted, config=config)
    except InputError as exc:  # CheckInputError and every malformed input file
        raise _fail_input(exc) from exc
    if fmt is OutputFormat.json:
        import json
        from dataclasses import asdict

        sys.stdout.write(json.dumps([asdict(r) for r in report.coverage], ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(report.coverage_text())
