"""CLI: ``tracker propose [DOC...] [--diff | --apply] [--json]``: parameter values the documents state.

Exit codes: 0 proposals (or nothing new), 1 conflicts or facts no proposal takes care of, 2 bad usage or
unreadable input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from tracker.cli.app import app
from tracker.cli.report import fail, visible
from tracker.errors import InputError, TrackerError
from tracker.paths import CHECK_SETTINGS_PATH, EXTRACTED_DIR


@app.command("propose")
def propose_command(
    documents: list[str] = typer.Argument(
        None, help="Document ids or paths to extracted JSON (default: the documents of the newest year)."),
    diff: bool = typer.Option(True, "--diff/--apply",
                              help="Print the change as a unified diff (default), or write it to the parameter files."),
    as_json: bool = typer.Option(False, "--json", help="Print the proposals, conflicts and the diff as JSON."),
    extracted: Path = typer.Option(EXTRACTED_DIR, "--extracted", help="Directory of extracted documents."),
    config: Path = typer.Option(CHECK_SETTINGS_PATH, "--config",
                                help="Check settings (ignores, parameter folder, pins)."),
) -> None:
    """Draft the parameter values (with citations) that the documents state and the rules lack."""
    from tracker.propose import propose

    try:
        result = propose(documents or None, extracted_dir=extracted, config=config, apply=not diff)
    except InputError as exc:
        raise fail(str(exc), 2) from exc
    except TrackerError as exc:  # a parameter file changed while the proposal was drafted
        raise fail(str(exc), 1) from exc
    if as_json:
        sys.stdout.write(result.to_json())
    elif diff:
        # The diff alone on stdout (`tracker propose > change.diff; git apply change.diff`), the account on stderr.
        sys.stdout.write(result.diff)
        sys.stderr.write(visible(result.summary()))
    else:
        sys.stdout.write(visible(result.summary()))
    raise typer.Exit(result.exit_code)
