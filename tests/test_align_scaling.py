"""The aligner on synthetic document pairs with a known answer (bench/bench_align.py's generator)."""

from __future__ import annotations

import time

from bench.bench_align import synthetic_pair_with_truth
from tracker.align.match import align


def test_synthetic_pair_is_aligned_correctly() -> None:
    old, new, truth = synthetic_pair_with_truth(300, seed=11)
    pairs = align(old, new)
    found = {p.old_id: p.new_id for p in pairs if p.old_id and p.new_id and p.kind not in ("split", "merged")}
    right = sum(found.get(o) == n for o, n in truth.items())
    assert right / len(truth) >= 0.97
    # nothing is matched that the generator removed
    wrong = [o for o, n in found.items() if o in truth and truth[o] != n]
    assert len(wrong) <= 0.02 * len(truth)
    kinds = {p.kind for p in pairs}
    assert {"renumbered", "retitled", "moved", "added", "removed"} <= kinds


def test_thousand_sections_align_well_under_ten_seconds() -> None:
    old, new, truth = synthetic_pair_with_truth(1000, seed=1000)
    t0 = time.process_time()
    pairs = align(old, new)
    assert time.process_time() - t0 < 10
    found = {p.old_id: p.new_id for p in pairs if p.old_id and p.new_id}
    assert sum(found.get(o) == n for o, n in truth.items()) / len(truth) >= 0.97
