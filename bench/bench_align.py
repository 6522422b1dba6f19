"""Alignment scaling: time to align synthetic document pairs of 100, 300, 1,000 and 3,000 sections,
and how it grows compared with n·log n.

The synthetic pair mimics a year-to-year change of a grunnlagsdokument: chapters of 5–25
sections (some with unnumbered subsections), a new chapter inserted at the front (every later
chapter shifts by one), 5 % of sections removed, 5 % added, 5 % retitled, 3 % moved to another
chapter, and 10 % of the words of every body reworded.

    python3 bench/bench_align.py            # the curve
    python3 bench/bench_align.py --sizes 100 1000
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.align.match import align  # noqa: E402
from tracker.model import Document, Section, SourceInfo  # noqa: E402

SYL = "ba de fi ko lu ma ne ri so tu ka le mi no pu sa te vi ro gu".split()
VOCAB = sorted({a + b + c for a in SYL for b in SYL for c in SYL})  # 8,000 made-up words
COMMON = "og i av for med til det som er en at skal kan ikke på om".split()


def _text(rng: random.Random, n_words: int) -> list[str]:
    own = rng.sample(VOCAB, 25)
    return [rng.choice(COMMON) if rng.random() < 0.4 else rng.choice(own) for _ in range(n_words)]


def _title(rng: random.Random) -> str:
    return " ".join(rng.sample(VOCAB, rng.randint(1, 4))).capitalize()


def _document(doc_id: str, year: int, chapters: list[dict], ids: dict[int, str] | None = None) -> Document:
    """Build the document; ``ids`` receives, for each section dict's ``uid``, its section id."""
    sections: list[Section] = []
    for c_no, ch in enumerate(chapters, start=1):
        sections.append(Section(id=f"s-{c_no}", number=str(c_no), title=ch["title"], level=1, page=1, text=""))
        for s_no, sec in enumerate(ch["sections"], start=1):
            num = f"{c_no}.{s_no}"
            sections.append(Section(id=f"s-{num}", number=num, title=sec["title"], level=2, page=1,
                                    text=" ".join(sec["words"])))
            if ids is not None and "uid" in sec:
                ids[sec["uid"]] = f"s-{num}"
            for k, sub in enumerate(sec.get("subs", [])):
                sections.append(Section(id=f"s-{num}-{k}", number=None, title=sub["title"], level=3, page=1,
                                        text=" ".join(sub["words"])))
    return Document(id=doc_id, kind="grunnlagsdokument", year=year, title=doc_id, extractor_version="synthetic",
                    source=SourceInfo(path=f"{doc_id}.pdf", sha256="", pages=1), sections=sections)


def synthetic_pair(n_sections: int, seed: int = 0) -> tuple[Document, Document]:
    """Two versions of a synthetic document of about ``n_sections`` sections."""
    old, new, _truth = synthetic_pair_with_truth(n_sections, seed)
    return old, new


def synthetic_pair_with_truth(n_sections: int, seed: int = 0) -> tuple[Document, Document, dict[str, str]]:
    """As :func:`synthetic_pair`, with the true old → new section id of every numbered
    subsection that survived (for testing the aligner against a known answer)."""
    rng = random.Random(seed)
    uid = 0
    chapters: list[dict] = []
    total = 0
    while total < n_sections:
        secs = []
        for _ in range(rng.randint(5, 25)):
            uid += 1
            sec = {"title": _title(rng), "words": _text(rng, rng.randint(30, 200)), "uid": uid}
            if rng.random() < 0.1:
                sec["subs"] = [{"title": _title(rng), "words": _text(rng, 60)} for _ in range(rng.randint(1, 3))]
            secs.append(sec)
        chapters.append({"title": _title(rng).upper(), "sections": secs})
        total += 1 + sum(1 + len(s.get("subs", [])) for s in secs)
    old_ids: dict[int, str] = {}
    old = _document("synthetic-old", 2024, chapters, old_ids)

    new_chapters = [{"title": _title(rng).upper(), "sections": [{"title": _title(rng), "words": _text(rng, 80)}]}]
    moved: list[dict] = []
    for ch in chapters:
        secs = []
        for sec in ch["sections"]:
            r = rng.random()
            if r < 0.05:
                continue  # removed
            sec = dict(sec)
            sec["words"] = [w if rng.random() > 0.1 else rng.choice(VOCAB) for w in sec["words"]]
            if r < 0.10:
                sec["title"] = _title(rng)  # retitled
            if r > 0.97:
                moved.append(sec)
                continue
            secs.append(sec)
            if rng.random() < 0.05:
                secs.append({"title": _title(rng), "words": _text(rng, 100)})  # added
        new_chapters.append({"title": ch["title"], "sections": secs})
    for sec in moved:
        rng.choice(new_chapters[1:])["sections"].append(sec)
    new_ids: dict[int, str] = {}
    new = _document("synthetic-new", 2025, new_chapters, new_ids)
    truth = {old_ids[u]: new_ids[u] for u in old_ids if u in new_ids}
    return old, new, truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000, 3000])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    rows = []
    for n in args.sizes:
        old, new = synthetic_pair(n, seed=n)
        best, wall = math.inf, math.inf
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            pairs = align(old, new)
            best = min(best, time.process_time() - c0)
            wall = min(wall, time.perf_counter() - t0)
        rows.append((len(old.sections), len(new.sections), len(pairs), best, wall))
    # CPU time of this process: the machine is shared, and wall time would measure the neighbours.
    print(f"{'old':>6} {'new':>6} {'pairs':>6} {'cpu s':>8} {'wall s':>8} {'cpu/(n log n) ×1e6':>19} "
          f"{'growth':>7} {'n log n growth':>15}")
    prev = None
    for n_old, n_new, n_pairs, secs, wall in rows:
        n = n_old + n_new
        nlogn = n * math.log(n)
        growth = f"{secs / prev[0]:.2f}" if prev else "-"
        ref = f"{nlogn / prev[1]:.2f}" if prev else "-"
        print(f"{n_old:>6} {n_new:>6} {n_pairs:>6} {secs:>8.3f} {wall:>8.3f} {secs / nlogn * 1e6:>19.2f} "
              f"{growth:>7} {ref:>15}")
        prev = (secs, nlogn)
    first, last = rows[0], rows[-1]
    n0, n1 = first[0] + first[1], last[0] + last[1]
    ratio = (last[3] / first[3]) / ((n1 * math.log(n1)) / (n0 * math.log(n0)))
    print(f"cpu time growth / n·log n growth, {n0} → {n1} sections: {ratio:.2f} (1.0 = exactly n·log n)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
