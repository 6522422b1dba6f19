"""CLI of the alignment stage: ``tracker align``, ``tracker diff``, ``tracker lint``, ``tracker lineages``."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tracker.align.diff import renumberings
from tracker.align.lineage import DEFAULT_REGISTRY_PATH, RegistryError
from tracker.align.lint import lint as run_lint
from tracker.align.match import Pair, SectionChange, align_with_diffs
from tracker.align.overrides import DEFAULT_OVERRIDES_PATH, Overrides, OverridesError
from tracker.align.pipeline import PairDiff, align_corpus
from tracker.cli import report
from tracker.cli.app import app
from tracker.model import Document
from tracker.store import DEFAULT_EXTRACTED_DIR, CorpusError, DocumentNotFound, load_all, load_document, rel

KIND_STYLE = {
    "unchanged": "dim",
    "renumbered": "cyan",
    "retitled": "yellow",
    "moved": "magenta",
    "text": "bold",
    "split": "blue",
    "merged": "blue",
    "added": "green",
    "removed": "red",
}


def _console() -> Console:
    # Piped or captured output gets a wide table rather than an 80-column squeeze.
    import sys

    return Console(highlight=False, markup=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)


def _fail(message: str) -> typer.Exit:
    return report.fail(message)  # one line, never read as markup


def _load(ref: str, extracted: Path) -> Document:
    if ref.endswith(".json") and not Path(ref).exists():
        raise _fail(f"{ref}: no such file")
    try:
        return load_document(ref, extracted)
    except DocumentNotFound as exc:
        raise _fail(str(exc)) from exc
    except (OSError, ValueError) as exc:
        raise _fail(f"{rel(ref)}: cannot read document: {exc}") from exc


def _overrides(path: Path) -> Overrides:
    try:
        return Overrides.load(path)
    except OverridesError as exc:
        raise _fail(str(exc)) from exc


def _aligned(a: Document, b: Document, overrides: Path) -> tuple[list[Pair], list[PairDiff]]:
    try:
        return align_with_diffs(a, b, overrides=_overrides(overrides))
    except OverridesError as exc:
        raise _fail(str(exc)) from exc


def describe(change: SectionChange) -> str:
    """One change in a few words (the numbers and titles are beside it): "renumbered (with kapittel 3 → 4)",
    "retitled (year only)", "text: substantive"."""
    if change.kind == "renumbered":
        return f"renumbered (with {change.reason})" if change.with_chapter else "renumbered"
    if change.kind == "retitled":
        return "retitled (year only)" if change.year_only else "retitled"
    if change.kind == "text":
        return f"text: {change.text_change}"
    if change.kind == "moved":
        return f"moved ({change.reason})" if change.reason else "moved"
    return f"{change.kind} ({change.reason})" if change.reason else change.kind


def describe_all(pair: Pair) -> str:
    """Every change of a pair, the primary one first ("unchanged", "added", "removed" when none)."""
    return ", ".join(describe(c) for c in pair.changes) or pair.kind


@app.command("align")
def align_command(
    old: str = typer.Argument(..., help="Older document: id (isf-2024-grunnlagsdokument) or path to its JSON"),
    new: str = typer.Argument(..., help="Newer document: id or path"),
    as_json: bool = typer.Option(False, "--json", help="Print the pairs as JSON"),
    extracted: Path = typer.Option(DEFAULT_EXTRACTED_DIR, help="Directory of extracted documents"),
    overrides: Path = typer.Option(DEFAULT_OVERRIDES_PATH, help="Editors' overrides (YAML)"),
) -> None:
    """Align the sections of OLD and NEW: every section's fate, with a score and the evidence."""
    a, b = _load(old, extracted), _load(new, extracted)
    pairs, _diffs = _aligned(a, b, overrides)
    if as_json:
        typer.echo(json.dumps([p.brief() for p in pairs], ensure_ascii=False, indent=1))
        return
    _print_pairs(a, b, pairs)


def _print_pairs(a: Document, b: Document, pairs: list[Pair]) -> None:
    table = Table(title=f"{a.id} → {b.id}", show_lines=False)
    table.add_column("old", justify="right")
    table.add_column("old title", max_width=42)
    table.add_column("new", justify="right")
    table.add_column("new title", max_width=42)
    table.add_column("kind")
    table.add_column("changes", max_width=48)
    table.add_column("score", justify="right")
    table.add_column("evidence", max_width=48)
    for p in pairs:
        style = KIND_STYLE.get(p.kind, "")
        table.add_row(
            p.old or "", p.old_title or "", p.new or "", p.new_title or "",
            Text(p.kind, style=style),
            ", ".join(describe(c) for c in p.changes),
            f"{p.score:.2f}", "; ".join(p.evidence),
        )
    console = _console()
    console.print(table)
    counts: dict[str, int] = {}
    for p in pairs:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    console.print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


@app.command("diff")
def diff_command(
    old: str = typer.Argument(..., help="Older document: id or path"),
    new: str = typer.Argument(..., help="Newer document: id or path"),
    section: str | None = typer.Argument(None, help="A section number or id of OLD (else of NEW); all when omitted"),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as JSON"),
    substantive_only: bool = typer.Option(False, "--substantive", help="Only sections with substantive changes"),
    extracted: Path = typer.Option(DEFAULT_EXTRACTED_DIR, help="Directory of extracted documents"),
    overrides: Path = typer.Option(DEFAULT_OVERRIDES_PATH, help="Editors' overrides (YAML)"),
) -> None:
    """Word-level diffs of aligned sections, each marked editorial or substantive, under a line naming
    every change of the pair."""
    a, b = _load(old, extracted), _load(new, extracted)
    pairs, all_diffs = _aligned(a, b, overrides)
    by_ids = {(d.old_id, d.new_id): d for d in all_diffs}
    diffs = [(p, d) for p in pairs if (d := by_ids.get((p.old_id, p.new_id))) is not None and d.verdict is not None]
    if section is not None:
        # The section as numbered in OLD first, else as numbered in NEW.
        chosen = [(p, d) for p, d in diffs if section in (p.old, p.old_id)]
        diffs = chosen or [(p, d) for p, d in diffs if section in (p.new, p.new_id)]
        if not diffs:
            raise _fail(f"no aligned section {section!r} in {a.id} or {b.id}")
    results = [(p, d) for p, d in diffs if (not substantive_only or d.verdict == "substantive")
               and (section is not None or d.verdict != "unchanged")]
    if as_json:
        typer.echo(json.dumps([
            {"old": p.old, "new": p.new, "kind": p.kind, "text_change": d.verdict,
             "section_changes": [c.model_dump(mode="json") for c in p.changes],
             "renumberings": [{"target": k, "old": o, "new": n} for k, o, n in _renumberings(d)],
             "changes": [c.model_dump() for c in d.changes]}
            for p, d in results
        ], ensure_ascii=False, indent=1))
        return
    console = _console()
    for p, d in results:
        console.rule(f"{p.old} {p.old_title}  →  {p.new} {p.new_title}  [{describe_all(p)}]")
        notes = _renumberings(d)
        if notes:
            console.print("references renumbered: " + "; ".join(
                f"{o} → {n}" + (" (regelverk)" if k == "regelverk" else "") for k, o, n in notes), style="cyan")
        text = Text()
        for c in d.changes:
            if c.op == "equal":
                text.append(c.text)
            elif c.op == "delete":
                text.append(c.text, style="strike red" + (" bold" if c.substantive else ""))
            else:
                text.append(c.text, style="underline green" + (" bold" if c.substantive else ""))
        console.print(text)
    if not results:
        console.print("no changes")


def _renumberings(d: PairDiff) -> list[tuple[str, str, str]]:
    """The references of a pair's title and text that only follow a renumbering (document or regelverk)."""
    return list(renumberings([*d.title_changes, *d.changes]))


@app.command("lint")
def lint_command(
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON"),
    strict: bool = typer.Option(False, "--strict", help="Exit with status 1 when there is an error finding"),
    extracted: Path = typer.Option(DEFAULT_EXTRACTED_DIR, help="Directory of extracted documents"),
) -> None:
    """Consistency findings for editors: dangling references, endringslogg and renumbering titles."""
    try:
        documents = load_all(extracted)
    except CorpusError as exc:
        raise _fail(str(exc)) from exc
    findings = run_lint(documents)
    if as_json:
        typer.echo(json.dumps([f.model_dump() for f in findings], ensure_ascii=False, indent=1))
    else:
        console = _console()
        if not findings:
            console.print(f"no findings in {len(documents)} documents")
        else:
            table = Table(title=f"{len(findings)} findings in {len(documents)} documents")
            for col in ("severity", "code", "document", "section", "page", "message"):
                table.add_column(col, overflow="fold")
            for f in findings:
                style = {"error": "red", "warning": "yellow"}.get(f.severity, "")
                table.add_row(Text(f.severity, style=style), f.code, f.doc_id, f.section_id or "",
                              str(f.page or ""), f.message)
            console.print(table)
    if strict and any(f.severity == "error" for f in findings):
        raise typer.Exit(code=1)


@app.command("lineages")
def lineages_command(
    extracted: Path = typer.Option(DEFAULT_EXTRACTED_DIR, help="Directory of extracted documents"),
    registry: Path = typer.Option(DEFAULT_REGISTRY_PATH, help="The lineage registry (YAML) to update"),
    overrides: Path = typer.Option(DEFAULT_OVERRIDES_PATH, help="Editors' overrides (YAML)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Do not write the registry"),
) -> None:
    """Align every consecutive pair of same-kind documents and update the lineage registry."""
    from rich.progress import Progress

    try:
        documents = load_all(extracted)
    except CorpusError as exc:
        raise _fail(str(exc)) from exc
    try:
        with Progress(transient=True) as progress:
            task = progress.add_task("aligning", total=max(len(documents) - 1, 1))
            result = align_corpus(documents, registry, overrides, save=not dry_run,
                                  progress=lambda: progress.advance(task))
    except (RegistryError, OverridesError) as exc:
        raise _fail(str(exc)) from exc
    console = _console()
    for a in result.alignments:
        counts: dict[str, int] = {}
        for p in a.pairs:
            counts[p.kind] = counts.get(p.kind, 0) + 1
        console.print(f"{a.old_id} → {a.new_id}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if not dry_run:
        console.print(f"registry written to {rel(registry)}")
