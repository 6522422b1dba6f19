"""Score extraction against the corpus gold (conventions of ../shared/corpus/README.md).

    python -m bench.score [--extracted DIR] [--fresh]

Per document: heading precision/recall/F1 on (number, title, level), body text similarity per
section (rapidfuzz ratio, weighted by gold length), whole-document character accuracy in reading
order (1 − normalised Levenshtein distance), and table cell accuracy when the tables stage exists.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from bench.gold import gold_paths, load_gold
from tracker.model import Document
from tracker.paths import EXTRACTED_DIR, SOURCE_DIR

_NUMBER_PREFIX = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(.*)$")


def norm(text: str) -> str:
    t = unicodedata.normalize("NFC", text or "")
    t = re.sub(r"\s+", " ", t).strip().lower()
    return t.rstrip(".:;,!? ")


def heading_key(number: str | None, title: str, level: int) -> tuple[str | None, str, int]:
    """(number, title, level) as the scorer compares them."""
    if number is None:
        m = _NUMBER_PREFIX.match(title.strip())
        if m:
            number, title = m.group(1), m.group(2)
    if number is not None:
        number = number.rstrip(".")
        level = number.count(".") + 1
    return (number, norm(title), level)


def heading_scores(doc: Document, gold: dict) -> dict:
    got = [heading_key(s.number, s.title, s.level) for s in doc.sections]
    want = [heading_key(s["number"], s["title"], s["level"]) for s in gold["sections"]]
    remaining = list(got)
    tp = 0
    for w in want:
        if w in remaining:
            remaining.remove(w)
            tp += 1
    p = tp / len(got) if got else 0.0
    r = tp / len(want) if want else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    missing = [w for w in want if w not in got]
    extra = [g for g in got if g not in want]
    return {"precision": p, "recall": r, "f1": f1, "missing": missing, "extra": extra}


def body_similarity(doc: Document, gold: dict) -> float:
    by_key: dict[tuple, list[str]] = {}
    for s in doc.sections:
        by_key.setdefault(heading_key(s.number, s.title, s.level)[:2], []).append(s.text)
    total = weight = 0.0
    for s in gold["sections"]:
        key = heading_key(s["number"], s["title"], s["level"])[:2]
        w = max(len(s["text"]), 1)
        cands = by_key.get(key, [])
        gt = norm(s["text"])
        best = max((fuzz.ratio(norm(c), gt) / 100 for c in cands), default=0.0)
        if not cands:
            best = 0.0
        elif not gt:
            best = 1.0 if not any(norm(c) for c in cands) else best
        total += best * w
        weight += w
    return total / weight if weight else 1.0


def document_text(sections: list[tuple[str, str]]) -> str:
    return norm(" ".join(f"{title} {text}" for title, text in sections))


def char_accuracy(doc: Document, gold: dict) -> float:
    got = document_text([(s.title, s.text) for s in doc.sections])
    want = document_text([(s["title"], s["text"]) for s in gold["sections"]])
    if not want:
        return 1.0
    return max(0.0, 1 - Levenshtein.distance(got, want) / max(len(want), 1))


def score_document(doc: Document, gold: dict) -> dict:
    h = heading_scores(doc, gold)
    out = {
        "heading_f1": h["f1"],
        "heading_p": h["precision"],
        "heading_r": h["recall"],
        "body": body_similarity(doc, gold),
        "chars": char_accuracy(doc, gold),
        "missing": h["missing"],
        "extra": h["extra"],
    }
    try:
        from bench.score_tables import score_tables
    except ImportError:
        return out
    out["tables"] = score_tables(doc, gold).get("accuracy")
    return out


def _extract_fresh(gold: dict, pdf_dir: Path) -> Document:
    from tracker.extract.pipeline import extract_pdf

    pdf = pdf_dir / (Path(gold_paths()[gold["id"]]).name.removesuffix(".gold.json") + ".pdf")
    return extract_pdf(pdf)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extracted", type=Path, default=EXTRACTED_DIR)
    ap.add_argument("--fresh", action="store_true", help="extract the PDFs now instead of reading extracted/")
    ap.add_argument("--verbose", "-v", action="store_true", help="list missing and extra headings")
    args = ap.parse_args(argv)
    pdf_dir = SOURCE_DIR
    extracted = {}
    if not args.fresh:
        for p in sorted(args.extracted.glob("*.json")):
            d = Document.load(p)
            extracted[Path(d.source.path).name] = d
    print(f"{'document':32} {'head F1':>8} {'P':>6} {'R':>6} {'body':>7} {'chars':>7} {'tables':>7}")
    for doc_id, gpath in gold_paths().items():
        gold = load_gold(doc_id)
        pdf_name = gpath.name.removesuffix(".gold.json") + ".pdf"
        doc = _extract_fresh(gold, pdf_dir) if args.fresh else extracted.get(pdf_name)
        if doc is None:
            print(f"{doc_id:32} not extracted")
            continue
        s = score_document(doc, gold)
        tables = "-" if s.get("tables") is None else f"{s['tables']:.3f}"
        scan = " (scan)" if "scan" in gold.get("style", "") else ""
        print(f"{doc_id + scan:32} {s['heading_f1']:8.3f} {s['heading_p']:6.3f} {s['heading_r']:6.3f} "
              f"{s['body']:7.3f} {s['chars']:7.3f} {tables:>7}")
        if args.verbose:
            for m in s["missing"]:
                print("    missing:", m)
            for e in s["extra"]:
                print("    extra:  ", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
