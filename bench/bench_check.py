"""How long `tracker check` takes over the corpus.

    python -m bench.bench_check [--extracted DIR] [--runs N]

Prints the wall time of the whole command as a user runs it (a fresh `python -m tracker check`
process, first cold then warm), and of `run_check` in one process (first call, then repeated calls).
The bar: a warm `tracker check` under 2 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _cli_seconds(extracted: Path, library_only: bool = False) -> tuple[float, float, int]:
    """Wall time, CPU time (user + system: what the check costs whatever else the machine runs), exit code.

    ``library_only`` runs ``run_check`` in a fresh process without the CLI (which imports every stage)."""
    command = [sys.executable, "-m", "tracker", "check", "--extracted", str(extracted), "--format", "json"]
    if library_only:
        command = [sys.executable, "-c", f"from tracker.check import run_check; run_check({str(extracted)!r})"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extracted", type=Path, default=Path("extracted"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    cold, cold_cpu, code = _cli_seconds(args.extracted)
    if code == 2:
        print(f"tracker check could not read its input ({args.extracted}); exit code 2", file=sys.stderr)
        return 2
    runs = [_cli_seconds(args.extracted) for _ in range(args.runs)]
    warm, warm_cpu = [r[0] for r in runs], [r[1] for r in runs]
    library = [_cli_seconds(args.extracted, library_only=True) for _ in range(args.runs)]

    start = time.perf_counter()
    from tracker.check import run_check  # timed here: the import is part of the cost

    imported = time.perf_counter() - start
    start = time.perf_counter()
    report = run_check(args.extracted)
    first = time.perf_counter() - start
    repeated = []
    for _ in range(args.runs):
        start = time.perf_counter()
        run_check(args.extracted)
        repeated.append(time.perf_counter() - start)

    print(f"corpus: {len(report.documents)} documents, {report.citations} citations, {report.facts} facts; "
          f"exit code {report.exit_code} ({len(report.errors)} errors, {len(report.warnings)} warnings)")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"`tracker check` process, cold:           {cold:6.2f} s wall, {cold_cpu:5.2f} s CPU")
    print(f"`tracker check` process, warm (median):  {statistics.median(warm):6.2f} s wall, "
          f"{statistics.median(warm_cpu):5.2f} s CPU  (wall min {min(warm):.2f}, max {max(warm):.2f}, {args.runs} runs)")
    print(f"run_check in a fresh process (no CLI):   {statistics.median(r[0] for r in library):6.2f} s wall, "
          f"{statistics.median(r[1] for r in library):5.2f} s CPU")
    print(f"import tracker.check:                     {imported:6.2f} s")
    print(f"run_check, first call:                    {first:6.2f} s")
    print(f"run_check, repeated (median):             {statistics.median(repeated):6.2f} s")
    bar = statistics.median(warm) < 2.0
    print(f"warm `tracker check` under 2 s wall: {'yes' if bar else 'NO'} "
          f"(CPU {statistics.median(warm_cpu):.2f} s; wall time grows with the load average)")
    return 0 if bar else 1


if __name__ == "__main__":
    raise SystemExit(main())
