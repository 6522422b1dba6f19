"""Unseen documents: three source.md files written for the layout matrix after the extractor was
fitted, so they measure it on heading structures it has not seen (bench/README.md, "Unseen
documents"). Each is bench/layouts/docs/<doc-id>/source.md in the corpus dialect (source.py), its
sentences and tables recombined from the five corpus sources:

- ``isf-2026-presiseringsdokument``: chapters 1-6 in normal case, four-level numbers (3.2.1.1 …,
  source ``####``), titles over 100 characters, titles ending in a question mark, unnumbered
  level-2 headings under numbered chapters, appendices "Vedlegg 1 …" / "Vedlegg 2 …" (unnumbered
  level 1) after the chapters, bullets and five tables (two long, with captions);
- ``isf-2026-regelverk-utdrag``: an excerpt of the rules, chapters 4-7, numbers that skip (4.3, 4.6,
  5.4, 5.9, 6.9 left out; chapter 7 has only 7.18 and 7.19), many short sections, "1." "2." numbered
  paragraphs in the text (not headings), cross-references "se punkt 5.3", tables of codes;
- ``isf-2026-notat``: a memo with no numbered heading: a title (level 1), unnumbered headings of
  two levels under it, memo lines (Til/Fra), a wide table, bullets and a final "Kontaktperson".

    python -m bench.layouts.unseen     # check that each parses into the gold it was written for

It also prints each document's heading ceiling where numbers below level 1 are not printed
(designed-report, web-print/serif-hidden): the heading F1 of an extractor that reads every heading
and its printed level right and numbers the unprinted ones by counting, as the corpus allows. An
unnumbered level-2 heading among numbered ones, a skipped number (4.3 left out) and a four-level
heading (set as the third level) cannot be told from the page there, so those cells cannot reach 1.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

from bench.layouts.source import Block, Source, gold_from_source, read_source

DOCS_DIR = Path(__file__).resolve().parent / "docs"
UNSEEN = ["isf-2026-presiseringsdokument", "isf-2026-regelverk-utdrag", "isf-2026-notat"]


def for_rendering(src: Source, family: str, variant: str) -> Source:
    """The source as the layouts print it: the renderers style three heading levels, so a
    four-level heading (3.2.1.1) is set in the third level's style with its number (a Word document's
    Heading 4 looking like Heading 3). Where CSS counters print the numbers (web-print "counters",
    three counters deep) its number is typed in the title instead, as an author does. The gold is
    made from the source itself (level 4)."""
    if not any(b.kind == "h" and b.depth > 3 for b in src.blocks):
        return src
    typed = family.removeprefix("scan-") == "web-print" and variant == "counters"

    def view(b: Block) -> Block:
        if b.kind != "h" or b.depth <= 3:
            return b
        if typed and b.number:
            return replace(b, depth=3, number=None, title=f"{b.number} {b.title}")
        return replace(b, depth=3)

    return Source(dict(src.meta), [[view(b) for b in slide] for slide in src.slides])


def ceiling(doc_id: str, numbered_to: int = 1) -> float:
    """Heading F1 reachable where levels deeper than ``numbered_to`` are printed without numbers
    (layouts with no outline): such a heading's number counted from its printed predecessors (none
    under an unnumbered chapter)."""
    from bench.score import heading_key

    src = read_source(doc_id)
    want = [heading_key(s["number"], s["title"], s["level"]) for s in gold_from_source(src, doc_id)["sections"]]
    counters = [0, 0, 0]
    got = []
    for b in for_rendering(src, "designed-report", "").blocks:
        if b.kind != "h":
            continue
        if b.depth <= numbered_to:
            number = b.number
            parts = [int(x) for x in number.split(".")][:3] if number else []
            counters = parts + [0] * (3 - len(parts))  # under an unnumbered chapter nothing is counted
        elif not counters[0]:
            number = None
        else:
            counters[b.depth - 1] += 1
            counters[b.depth:] = [0] * (3 - b.depth)
            number = ".".join(str(n) for n in counters[:b.depth])
        got.append(heading_key(number, b.title, b.depth))
    tp, left = 0, list(got)
    for w in want:
        if w in left:
            left.remove(w)
            tp += 1
    return 2 * tp / (len(want) + len(got)) if want or got else 1.0


def _own_text(md: str) -> list[tuple[str, str]]:
    """Each heading line of ``md`` with the text under it, read independently of source.parse:
    paragraph lines and bullet items up to the next heading; tables, captions, comments skipped."""
    out: list[tuple[str, list[str]]] = []
    body = re.sub(r"^---\n.*?\n---\n", "", md, flags=re.S)
    for ln in body.splitlines():
        s = ln.strip()
        if not s or s.startswith(("<!--", "|", "Table:")):
            continue
        if re.match(r"#{1,4} ", s):
            out.append((s, []))
        elif out:
            out[-1][1].append(re.sub(r"^- ", "", s))
    return [(h, "\n".join(t)) for h, t in out]


def check(doc_id: str) -> int:
    """Print the document's structure and every problem found; return the number of problems."""
    md = (DOCS_DIR / doc_id / "source.md").read_text(encoding="utf-8")
    src = read_source(doc_id)
    gold = gold_from_source(src, doc_id)
    secs = gold["sections"]
    problems: list[str] = []
    heads = [b for b in src.blocks if b.kind == "h"]
    own = _own_text(md)
    if len(own) != len(secs):
        problems.append(f"{len(own)} heading lines but {len(secs)} sections")
    for (line, text), s, b in zip(own, secs, heads, strict=False):
        if s["number"] and s["number"].count(".") + 1 != s["level"]:
            problems.append(f"{s['number']} at level {s['level']}")
        if not s["number"] and s["level"] > 3:
            problems.append(f"unnumbered level-{s['level']} heading {s['title']!r}")
        shown = "#" * b.depth + " " + (f"{b.number} " if b.number else "") + b.title
        if shown != line:
            problems.append(f"heading {line!r} parsed as {shown!r}")
        if s["text"] != text:
            problems.append(f"text of {line!r} differs:\n  gold:   {s['text'][:160]!r}\n  source: {text[:160]!r}")
    for i, s in enumerate(secs):  # a section with nothing under it must open deeper sections
        deeper = i + 1 < len(secs) and secs[i + 1]["level"] > s["level"]
        if not s["text"].strip() and not deeper:
            problems.append(f"{s['number']} {s['title']!r} has no text")
    for t in gold["tables"]:
        widths = {len(t["header"]), *(len(r) for r in t["rows"])}
        if len(widths) != 1 or not t["rows"]:
            problems.append(f"table {t['caption'] or t['header'][:2]}: rows of {sorted(widths)} cells")
    if gold["preamble"]:
        problems.append(f"preamble {gold['preamble'][:80]!r}")
    levels = {lv: sum(s["level"] == lv for s in secs) for lv in sorted({s["level"] for s in secs})}
    numbered = sum(s["number"] is not None for s in secs)
    longest = max(len(s["title"]) for s in secs)
    words = sum(len(s["text"].split()) for s in secs)
    print(f"{doc_id}: {len(secs)} headings ({numbered} numbered; per level {levels}), longest title {longest} "
          f"characters, {sum(s['title'].endswith('?') for s in secs)} ending in '?', {len(gold['tables'])} tables, "
          f"{words} words of text, {len(problems)} problems")
    for p in problems:
        print(f"  {p}")
    return len(problems)


if __name__ == "__main__":
    docs = sys.argv[1:] or UNSEEN
    problems = sum(check(d) for d in docs)
    for d in docs:
        print(f"{d}: heading F1 ceiling where only chapter numbers are printed: {ceiling(d):.3f}")
    sys.exit(1 if problems else 0)
