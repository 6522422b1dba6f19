"""Born-digital extraction time per page against pdfplumber's bare ``page.extract_words()``.

Both sides read the same pages of the same PDFs in the same run: the baseline opens each PDF
with pdfplumber and calls ``extract_words()`` on every page; the tracker side runs
``extract_pdf(path, ocr=False)`` (text layer, tables, lines, headings, sections, records). Scans
(a page covered by one image) are left out: their cost belongs to the OCR benchmark. Each
side is timed ``--repeat`` times, interleaved, and the median is taken. Target: ratio <= 2.5×.

    python3 bench/bench_extract.py                 # the ratio
    python3 bench/bench_extract.py --profile       # plus where the tracker's time goes
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from tracker.extract.guard import check_pdf  # noqa: E402
from tracker.extract.pipeline import extract_pdf  # noqa: E402

TARGET_RATIO = 2.5


def is_scan(path: Path) -> bool:
    """True when some page is one image covering most of the page (a scanned document)."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            area = float(page.width * page.height)
            if any(float(im["width"] * im["height"]) >= 0.8 * area for im in page.images):
                return True
            page.close()
    return False


def born_digital_pdfs(source_dir: Path) -> list[Path]:
    return [p for p in sorted(source_dir.glob("*.pdf")) if not is_scan(p)]


def baseline_seconds(path: Path) -> tuple[float, int]:
    """Bare pdfplumber: open, extract_words() on every page, close."""
    t = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for page in pdf.pages:
            page.extract_words()
            page.close()
    return time.perf_counter() - t, n


def tracker_seconds(path: Path, cache_dir: Path) -> float:
    t = time.perf_counter()
    extract_pdf(path, ocr=False, cache_dir=cache_dir)
    return time.perf_counter() - t


def profile(pdfs: list[Path], cache_dir: Path, top: int) -> None:
    """Where the tracker's extraction time goes, by function (cumulative), tracker code first."""
    prof = cProfile.Profile()
    prof.enable()
    for p in pdfs:
        extract_pdf(p, ocr=False, cache_dir=cache_dir)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((ct, tt, file, line, func))
    print(f"\nprofile: {total:.2f} s in total")
    print(f"{'cumulative s':>12} {'own s':>8}  function")
    for scope, keep in (("tracker code", lambda f: "/tracker/" in f),
                        ("libraries (own time)", lambda f: "/tracker/" not in f)):
        print(f"-- {scope}")
        chosen = [r for r in rows if keep(r[2])]
        chosen.sort(key=(lambda r: -r[0]) if scope == "tracker code" else (lambda r: -r[1]))
        for ct, tt, file, line, func in chosen[:top]:
            where = file.split("/tracker/", 1)[-1] if "/tracker/" in file else file.rsplit("site-packages/", 1)[-1]
            prefix = "tracker/" if "/tracker/" in file else ""
            print(f"{ct:12.3f} {tt:8.3f}  {prefix}{where}:{line}:{func}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, default=ROOT / "source_pdfs")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="also profile the tracker's extraction")
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args(argv)

    pdfs = born_digital_pdfs(args.source)
    if not pdfs:
        print(f"error: no born-digital PDFs in {args.source}")
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        cache_dir = Path(tmp)
        # Warm-up: imports, font tables and pdfminer caches are paid once, not in the first sample.
        baseline_seconds(pdfs[0])
        tracker_seconds(pdfs[0], cache_dir)
        base: dict[Path, list[float]] = {p: [] for p in pdfs}
        ours: dict[Path, list[float]] = {p: [] for p in pdfs}
        pages: dict[Path, int] = {}
        for _ in range(args.repeat):
            for p in pdfs:
                gc.collect()
                s, pages[p] = baseline_seconds(p)
                base[p].append(s)
                gc.collect()
                ours[p].append(tracker_seconds(p, cache_dir))

        print(f"born-digital extraction vs pdfplumber extract_words(), median of {args.repeat} runs")
        print(f"{'document':<48} {'pages':>5} {'words ms/p':>10} {'tracker ms/p':>12} {'ratio':>6}")
        for p in pdfs:
            b, o = statistics.median(base[p]), statistics.median(ours[p])
            print(f"{p.name[:48]:<48} {pages[p]:>5} {1000 * b / pages[p]:>10.1f} {1000 * o / pages[p]:>12.1f} "
                  f"{o / b:>6.2f}")
        total_pages = sum(pages.values())
        # Per run: the whole corpus' time on each side; then the median over runs.
        base_runs = [sum(base[p][i] for p in pdfs) for i in range(args.repeat)]
        our_runs = [sum(ours[p][i] for p in pdfs) for i in range(args.repeat)]
        b, o = statistics.median(base_runs), statistics.median(our_runs)
        ratio = o / b
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(f"{'all':<48} {total_pages:>5} {1000 * b / total_pages:>10.1f} {1000 * o / total_pages:>12.1f} "
              f"{ratio:>6.2f}")
        print(f"extract ratio: {ratio:.2f}x pdfplumber extract_words() per page (target <= {TARGET_RATIO}x) "
              f"[{verdict}]")
        # The input guard (tracker/extract/guard.py) reads every object once more before extraction.
        guard_runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            for p in pdfs:
                check_pdf(p)
            guard_runs.append(time.perf_counter() - t)
        g = statistics.median(guard_runs)
        print(f"input guard: {1000 * g / total_pages:.2f} ms per page, {100 * g / o:.1f} % of the extraction time")
        if args.profile:
            profile(pdfs, cache_dir, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
