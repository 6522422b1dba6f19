"""`tracker tables [DOC]`: the tables and typed change records of extracted documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from tracker.cli import report
from tracker.cli.app import app
from tracker.model import Document, Record
from tracker.store import DEFAULT_EXTRACTED_DIR, CorpusError, DocumentNotFound, load_all, load_document, rel


def _tables_json(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "tables": [t.model_dump(mode="json") for t in doc.tables],
        "records": [r.model_dump(mode="json") for r in doc.records],
    }


def _print_document(console: Console, doc: Document) -> None:
    console.rule(Text.assemble((doc.id, "bold"), f" ({len(doc.tables)} tables, {len(doc.records)} records)"))
    for i, t in enumerate(doc.tables):
        pages = ", ".join(str(p) for p in (t.pages or [t.page]))
        title = f"#{i} " + (t.caption or "(no caption)") + f" — page {pages}"
        if t.section:
            title += f", section {t.section}"
        # Captions and cells are the PDF's text: control characters are shown, not sent to the terminal.
        out = RichTable(title=report.visible(title), title_justify="left", show_lines=True)
        for h in t.header:
            out.add_column(report.visible(h) or " ", overflow="fold")
        for row in t.rows:
            out.add_row(*map(report.visible, row))
        console.print(out)
    by_type: dict[str, list[Record]] = {}
    for r in doc.records:
        by_type.setdefault(r.type, []).append(r)
    for kind, records in by_type.items():
        keys: list[str] = []
        for r in records:
            keys += [k for k in r.fields if k not in keys]
        out = RichTable(title=f"{kind} records ({len(records)})", title_justify="left")
        out.add_column("table")
        for k in keys:
            out.add_column(k, overflow="fold")
        for r in records:
            out.add_row(str(r.table), *[report.visible(_show(r.fields.get(k))) for k in keys])
        console.print(out)


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


@app.command("tables")
def tables_command(
    doc: Annotated[str | None, typer.Argument(help="Document id or path to its JSON (default: all in extracted/)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")] = False,
    extracted_dir: Annotated[Path, typer.Option(help="Where the extracted documents are")] = DEFAULT_EXTRACTED_DIR,
) -> None:
    """Print the tables and typed change records of extracted documents."""
    try:
        docs = [load_document(doc, extracted_dir)] if doc else load_all(extracted_dir)
    except (DocumentNotFound, CorpusError) as exc:
        raise report.fail(str(exc)) from exc
    except ValueError as exc:  # a JSON file that is not a Document (not UTF-8, not JSON, wrong fields)
        raise report.fail(f"{doc}: not an extracted document ({exc.__class__.__name__})") from exc
    if not docs:
        raise report.fail(f"no extracted documents in {rel(extracted_dir)} (run `tracker extract`)")
    if as_json:
        payload: Any = _tables_json(docs[0]) if doc else [_tables_json(d) for d in docs]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    console = report.console()  # captions and cells come from PDFs: printed as they read
    for d in docs:
        _print_document(console, d)
