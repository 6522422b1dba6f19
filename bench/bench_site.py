"""Benchmark of `tracker site build`: the corpus build time, and how it grows with the number of pages.

    python3 -m bench.bench_site [--copies 1 2 4] [--extracted extracted]

The growth series builds the site from k copies of the corpus (copy i under new ids, its years
shifted by 10·i so every copy brings its own documents, change pages and lineages) and reports
pages, seconds and milliseconds per page; a roughly constant ms/page means linear growth.

    python3 -m bench.bench_site --baseline REV [--repeat 3]

compares the site build time per page of the working tree with that of the code at git revision
REV, measured in the same run on this machine: REV's tree (its own extracted/, lineages/, checks/,
docs/ and mkdocs.yml) is unpacked with ``git archive`` into a temporary folder and built by the
same interpreter in a fresh process; both sides build once to warm their artifacts, then
``--repeat`` times, alternating. The figure is the ratio of the medians of ms per page
(working tree ÷ REV); the target is about 1 (≤ 1.10 allows for noise).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
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


# Run in the tree being measured (its own `tracker` package first on sys.path): one site build into
# the given folder, printing seconds and the number of HTML pages as JSON.
_ONE_BUILD = """
import json, sys, time
from pathlib import Path
from tracker.site import build_site
out = Path(sys.argv[1])
t0 = time.perf_counter()
build_site(out_dir=out, extracted_dir=Path("extracted").resolve())
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "pages": sum(1 for _ in out.rglob("*.html")),
                  "package": __import__("tracker").__file__}))
"""


def _build_in(tree: Path, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", _ONE_BUILD, str(out)], cwd=tree, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"site build in {tree} failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if not Path(result["package"]).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"the build in {tree} imported tracker from {result['package']}, not from that tree")
    return result


def _unpack_revision(rev: str, into: Path) -> None:
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=REPO, capture_output=True, check=False)
    if archive.returncode != 0:
        raise SystemExit(f"git archive {rev}: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    # The site copies each document's PDF: a tree without them cannot be built.
    if not any((into / "source_pdfs").glob("*.pdf")):
        raise SystemExit(f"{rev}: its tree has no source_pdfs/*.pdf")


def compare_with_baseline(rev: str, repeat: int, console: Console) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-site-base-") as tmp:
        base_tree = Path(tmp) / "tree"
        _unpack_revision(rev, base_tree)
        sides = {"baseline": base_tree, "working tree": REPO}
        runs: dict[str, list[dict]] = {name: [] for name in sides}
        with console.status("warming both sides (artifacts of a missing stage are built once)…"):
            for name, tree in sides.items():
                _build_in(tree, Path(tmp) / f"warm-{name.replace(' ', '-')}")
        for k in range(repeat):
            for name, tree in sides.items():
                with console.status(f"run {k + 1}/{repeat}: {name}…"):
                    runs[name].append(_build_in(tree, Path(tmp) / f"{name.replace(' ', '-')}-{k}"))
    table = Table(title=f"site build per page: working tree against {rev}")
    for col in ("side", "pages", "median s", "median ms/page"):
        table.add_column(col, justify="right")
    per_page = {}
    for name, results in runs.items():
        pages = results[0]["pages"]
        median_s = statistics.median(r["seconds"] for r in results)
        per_page[name] = 1000 * median_s / pages
        table.add_row(name, str(pages), f"{median_s:.2f}", f"{per_page[name]:.1f}")
    console.print(table)
    ratio = per_page["working tree"] / per_page["baseline"]
    console.print(f"ms per page, working tree ÷ {rev}: {ratio:.2f} (target ≤ 1.10; median of {repeat} runs each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--extracted", type=Path, default=REPO / "extracted")
    parser.add_argument("--baseline", metavar="REV", help="compare ms per page with the code at this git revision")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.chdir(REPO)
    console = Console()
    if args.baseline:
        compare_with_baseline(args.baseline, args.repeat, console)
        return
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
