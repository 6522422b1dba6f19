"""A no-op ``run_build`` against a cold one, and what a one-PDF change makes re-run.

The corpus (source_pdfs/, lineages/, checks/, docs/, mkdocs.yml) is copied to a temporary
folder and built there (``run_build`` reads docs/ and mkdocs.yml from the working directory):

1. cold: empty extracted/, .cache/ and site/;
2. no-op: the same build again with nothing changed — target: <= 3 % of the cold time;
3. one PDF changed: a comment is appended after one PDF's ``%%EOF`` (a valid PDF with a new
   content hash); the files that the build rewrote are counted, per folder, from their
   modification times, so the count does not depend on how a stage caches.

    python3 bench/bench_build.py            # with the site stage
    python3 bench/bench_build.py --no-site  # stop after the check stage
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TARGET_NOOP_SHARE = 0.03
CORPUS_ITEMS = ("source_pdfs", "lineages", "checks", "docs", "mkdocs.yml")
OUTPUT_DIRS = ("extracted", ".cache", "site", "lineages")


def copy_corpus(root: Path, dest: Path, items: tuple[str, ...] = CORPUS_ITEMS) -> list[str]:
    copied = []
    for name in items:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
        else:
            continue
        copied.append(name)
    # The copies must be writable: the corpus PDFs are read-only in the repository.
    for p in dest.rglob("*"):
        if p.is_file():
            p.chmod(0o644)
    return copied


def snapshot(base: Path, folders: tuple[str, ...] = OUTPUT_DIRS) -> dict[str, int]:
    """Modification time (ns) of every file under the build's output folders."""
    out: dict[str, int] = {}
    for folder in folders:
        root = base / folder
        if root.exists():
            for p in root.rglob("*"):
                if p.is_file():
                    out[p.relative_to(base).as_posix()] = p.stat().st_mtime_ns
    return out


def rewritten(before: dict[str, int], after: dict[str, int]) -> dict[str, list[str]]:
    """Files that are new or were rewritten, grouped by output folder (two levels deep for .cache)."""
    groups: dict[str, list[str]] = {}
    for name, mtime in sorted(after.items()):
        if before.get(name) != mtime:
            parts = name.split("/")
            key = "/".join(parts[:2]) if parts[0] == ".cache" and len(parts) > 2 else parts[0]
            groups.setdefault(key, []).append(name)
    return groups


def snapshot_code(root: Path, dest: Path) -> None:
    """A frozen copy of the tracker package: other people's edits during the run cannot change the
    extractor version (and so the cache keys) between the builds being compared."""
    shutil.copytree(root / "tracker", dest / "tracker", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def build_result(code_dir: Path, site: bool) -> dict:
    """One ``run_build`` in this process (working directory: the corpus copy) as a JSON-able dict."""
    sys.path.insert(0, str(code_dir))
    from tracker.build import BuildPaths, run_build

    t = time.perf_counter()
    result: dict = {"stages": [], "errors": []}
    try:
        report = run_build(BuildPaths(), site=site)
        result["stages"] = [[st.name, st.status, st.seconds, st.detail] for st in report.stages]
        result["errors"] = list(report.extract_errors) + list(report.errors)
    except Exception as exc:  # a failing stage must not hide the other figures
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = tb.filename.replace(str(code_dir) + "/", "")
        result["raised"] = f"{type(exc).__name__}: {exc} (at {where}:{tb.lineno})"
    result["seconds"] = time.perf_counter() - t
    return result


def child_build(code_dir: Path, site: bool) -> None:
    print(json.dumps(build_result(code_dir, site)))


@dataclass
class Build:
    seconds: float  # run_build alone
    process_seconds: float  # the whole process: interpreter start, imports, run_build
    stages: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    raised: str = ""


def run_child_build(cmd: list[str], cwd: Path) -> tuple[float, dict | None, str]:
    """Run a child build process that prints its result as JSON: (wall seconds, result, failure)."""
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return wall, None, f"build process failed (exit {proc.returncode}): {tail}"
    return wall, json.loads(lines[-1]), ""


def timed_build(work: Path, code: Path, site: bool) -> Build:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(code)] + ([] if site else ["--no-site"])
    wall, data, failure = run_child_build(cmd, work)
    if data is None:
        return Build(wall, wall, raised=failure)
    return Build(data["seconds"], wall, data["stages"], data["errors"], data.get("raised", ""))


def describe(label: str, build: Build) -> None:
    print(f"{label:<16} {build.seconds:8.2f} s in run_build, {build.process_seconds:.2f} s for the whole process")
    for name, status, seconds, detail in build.stages:
        print(f"    {name:<8} {status:<7} {seconds:7.2f} s  {detail}")
    for err in build.errors:
        print(f"    error: {err}")
    if build.raised:
        print(f"    run_build raised {build.raised}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-site", action="store_true", help="skip the site stage")
    ap.add_argument("--changed", default="ISF 2025 Grunnlagsdokument.pdf", help="the PDF to change")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    site = not args.no_site
    if args.child:
        child_build(args.child, site)
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        work, code = tmp / "work", tmp / "code"
        work.mkdir()
        copied = copy_corpus(ROOT, work)
        snapshot_code(ROOT, code)
        # mkdocs.yml names the theme overrides and hooks by paths under tracker/.
        (work / "tracker").symlink_to(code / "tracker", target_is_directory=True)
        print(f"corpus copied to a temporary folder: {', '.join(copied)}; code frozen in a copy of tracker/")
        cold = timed_build(work, code, site)
        describe("cold build", cold)
        before = snapshot(work)
        noop = timed_build(work, code, site)
        describe("no-op build", noop)
        noop_changes = rewritten(before, snapshot(work))

        changed = work / "source_pdfs" / args.changed
        if not changed.exists():
            changed = sorted((work / "source_pdfs").glob("*.pdf"))[-1]
        # Bytes after %%EOF are ignored by PDF readers: the document is the same, its hash is not.
        with changed.open("ab") as fh:
            fh.write(b"\n% bench_build: touched\n")
        before = snapshot(work)
        one = timed_build(work, code, site)
        describe("one PDF changed", one)
        one_changes = rewritten(before, snapshot(work))

        print()
        ok = not (cold.raised or noop.raised or one.raised)
        if noop_changes:
            print("no-op build rewrote: " + "; ".join(f"{k}: {len(v)} ({', '.join(Path(f).name for f in v[:4])}"
                                                   f"{', …' if len(v) > 4 else ''})"
                                                   for k, v in noop_changes.items()))
        else:
            print("no-op build rewrote no file")
        print(f"after changing {changed.name!r}, the build rewrote: "
              + ("; ".join(f"{k}: {len(v)} ({', '.join(Path(f).name for f in v[:4])}"
                           f"{', …' if len(v) > 4 else ''})" for k, v in one_changes.items()) or "nothing"))
        extracted = one_changes.get("extracted", [])
        pdfs = len(list((work / "source_pdfs").glob("*.pdf")))
        only_one = len(extracted) == 1
        print(f"re-extracted documents after a one-PDF change: {len(extracted)} of {pdfs} "
              f"[{'ok' if only_one else 'NOT ONLY THAT PDF'}]")
        share = noop.seconds / cold.seconds if cold.seconds else float("nan")
        verdict = "ok" if share <= TARGET_NOOP_SHARE else "OVER TARGET"
        print(f"no-op build ratio: {100 * share:.2f} % of the cold build ({noop.seconds:.3f} s / "
              f"{cold.seconds:.2f} s in run_build) (target <= {100 * TARGET_NOOP_SHARE:.0f} %) [{verdict}]")
        print(f"no-op build, whole process (start-up and imports included): {noop.process_seconds:.2f} s, "
              f"{100 * noop.process_seconds / cold.process_seconds:.1f} % of the cold process")
        if not ok:
            print("note: run_build raised in at least one build above; the figures cover the stages before it")
        if args.keep:
            print(f"kept: {tmp}")
        return 0 if ok and only_one and share <= TARGET_NOOP_SHARE else 1
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
