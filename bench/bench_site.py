"""Benchmark of `tracker site build`: the corpus build time, and how it grows with the number of pages.

    python3 -m bench.bench_site [--copies 1 2 4] [--extracted extracted]

The growth series builds the site from k copies of the corpus (copy i under new ids, its years
shifted by 10·i so every copy brings its own documents, change pages and lineages) and reports
pages, seconds and milliseconds per page; a roughly constant ms/page means linear growth.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tracker.site import build_site
from tracker.site.generate import generate
from tracker.site.load import load_site_data
from tracker.store import load_all

REPO = Path(__file__).resolve().parent.parent


def copies_of_corpus(extracted: Path, copies: int, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for doc in load_all(extracted):
        for i in range(copies):
            copy = doc.model_copy(deep=True)
            if i:
                copy.id = f"{doc.id}-kopi{i}"
                copy.year = (doc.year or 2000) + 10 * i
                copy.title = f"{doc.title} (kopi {i})"
            (out / f"{copy.id}.json").write_text(copy.to_json(), encoding="utf-8")
    return out


def timed_build(extracted: Path, out: Path) -> tuple[float, float, float, int]:
    """(total seconds, of which loading the data, of which generating Markdown, html pages).

    Loading the data reads the build's artifacts (align, lint, check), running a missing stage once;
    the build that follows reads the artifacts that leaves."""
    started = time.perf_counter()
    data = load_site_data(extracted, repo_root=REPO)
    loaded = time.perf_counter()
    generate(data, [p.name for p in (REPO / "docs").glob("*.md")])
    generated = time.perf_counter()
    t0 = time.perf_counter()
    build_site(out_dir=out, extracted_dir=extracted)
    total = time.perf_counter() - t0
    pages = sum(1 for _ in out.rglob("*.html"))
    return total, loaded - started, generated - loaded, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--extracted", type=Path, default=REPO / "extracted")
    args = parser.parse_args()
    os.chdir(REPO)
    console = Console()
    table = Table(title="tracker site build")
    for col in ("copies", "docs", "pages", "total s", "data s", "md s", "mkdocs s", "ms/page"):
        table.add_column(col, justify="right")
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        for k in args.copies:
            with console.status(f"building the site from {k} cop{'y' if k == 1 else 'ies'} of the corpus…"):
                extracted = args.extracted if k == 1 else copies_of_corpus(args.extracted, k, Path(tmp) / f"x{k}")
                total, data_s, md_s, pages = timed_build(extracted, Path(tmp) / f"site{k}")
            docs = len(list(Path(extracted).glob("*.json")))
            table.add_row(str(k), str(docs), str(pages), f"{total:.2f}", f"{data_s:.2f}", f"{md_s:.2f}",
                          f"{total - data_s - md_s:.2f}", f"{1000 * total / pages:.1f}")
    console.print(table)
    console.print("copies = copies of the corpus; pages = HTML pages written; total s = the whole `build_site` "
                  "(data + Markdown + mkdocs build --strict); data s (documents and the build's artifacts, a missing "
                  "stage run once) and md s "
                  "(generating the Markdown) are timed separately on the same input; mkdocs s is the rest.")


if __name__ == "__main__":
    main()
