"""Every benchmark in one run, then a summary of the figures each one printed.

Each script runs in its own process (so one's memory or crash cannot touch the next), its
output is shown as it comes, and at the end the lines that carry a figure — ratios, targets,
pages/s, peak memory, the alignment curve's verdict — are gathered per script. A script that is
not there yet is listed as missing; a script that fails is listed with its exit code.

    python3 bench/run_all.py                 # everything, full size (the archive takes ~10 min)
    python3 bench/run_all.py --quick         # smaller archive and fewer repeats
    python3 bench/run_all.py --only extract build
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# name → (script, full-size arguments, quick arguments)
SCRIPTS: dict[str, tuple[str, list[str], list[str]]] = {
    "extract": ("bench_extract.py", [], ["--repeat", "1"]),
    "ocr": ("bench_ocr.py", [], ["--pages", "3"]),
    "align": ("bench_align.py", [], ["--sizes", "100", "300", "1000"]),
    "build": ("bench_build.py", [], []),
    "check": ("bench_check.py", [], ["--runs", "2"]),
    "site": ("bench_site.py", [], ["--copies", "1"]),
    "archive": ("archive.py", [], ["--years", "3", "--docs-per-year", "2"]),
    # a package (bench/layouts/), run as python3 -m bench.layouts
    "layouts": ("layouts", [], ["--no-generic", "--family", "word", "--family", "slides",
                                "--doc", "isf-2024-endringslogg", "--doc", "isf-2020-informasjonsmote"]),
}

# A line is a figure worth repeating in the summary when it is "label: value" and names one of these.
FIGURE = re.compile(r"ratio|target|pages/s|peak memory|per page|n·log n|re-extracted|under \d+ s|accuracy",
                    re.IGNORECASE)


def is_figure(line: str) -> bool:
    text = line.strip()
    return (":" in text and any(c.isdigit() for c in text) and bool(FIGURE.search(text))
            and not text.lower().startswith(("error", "usage", "warning")))
MAX_SUMMARY_LINES = 8


def run_script(name: str, script: Path, args: list[str], timeout: float | None) -> tuple[int | None, float, list[str]]:
    """Run one script, echoing its output; returns (exit code or None on timeout, seconds, output lines)."""
    # As a module from the repository root: some scripts import ``bench.*`` and ``tracker``.
    module = f"bench.{script.stem}"
    print(f"\n=== {name}: python3 -m {module} {' '.join(args)}".rstrip(), flush=True)
    t = time.perf_counter()
    lines: list[str] = []
    proc = subprocess.Popen([sys.executable, "-m", module, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=BENCH.parent)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            print(line, end="", flush=True)
            lines.append(line.rstrip("\n"))
            if timeout is not None and time.perf_counter() - t > timeout:
                raise subprocess.TimeoutExpired(proc.args, timeout)
        code: int | None = proc.wait()
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        code = None
    return code, time.perf_counter() - t, lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a check that everything runs")
    ap.add_argument("--only", nargs="+", choices=sorted(SCRIPTS), help="run only these benchmarks")
    ap.add_argument("--skip", nargs="+", choices=sorted(SCRIPTS), default=[], help="leave these out")
    ap.add_argument("--timeout", type=float, help="stop a script after this many seconds")
    args = ap.parse_args(argv)

    chosen = [n for n in (args.only or SCRIPTS) if n not in args.skip]
    summary: list[tuple[str, str, list[str]]] = []
    started = time.perf_counter()
    for name in chosen:
        script, full, quick = SCRIPTS[name]
        path = BENCH / script
        if not path.exists():
            print(f"\n=== {name}: bench/{script} is missing, skipped", flush=True)
            summary.append((name, "missing", []))
            continue
        code, seconds, lines = run_script(name, path, quick if args.quick else full, args.timeout)
        figures = [ln.strip() for ln in lines if is_figure(ln)]
        if code is None:
            status = f"timed out after {seconds:.0f} s"
        elif code != 0:
            status = f"exit {code}, {seconds:.0f} s"
        else:
            status = f"ok, {seconds:.0f} s"
        if code != 0 and not figures and lines:
            figures = lines[-2:]
        summary.append((name, status, figures[-MAX_SUMMARY_LINES:]))

    print(f"\n=== summary ({time.perf_counter() - started:.0f} s in all)")
    for name, status, figures in summary:
        print(f"{name:<8} [{status}]")
        for line in figures:
            print(f"    {line}")
    failed = [n for n, status, _ in summary if not status.startswith(("ok", "missing"))]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
