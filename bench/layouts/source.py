"""The corpus ``source.md`` dialect: parsing, a gold built from it, and source transforms.

Dialect (../shared/corpus/README.md): YAML-ish front matter; headings ``#``/``##``/``###`` with
their numbers; paragraphs (one per line); ``- `` bullets (indented ``  - `` for a second level);
pipe tables with an optional ``Table:`` caption line before them; ``<!-- page -->`` page breaks;
``<!-- slide -->`` slide breaks in decks; other ``<!-- ... -->`` comments are notes. ``####``: a
four-level number such as 3.2.1.1 (only the unseen documents, bench/layouts/unseen.py, have one).

    python -m bench.layouts.source     # check gold_from_markdown against the five real golds
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.gold import GOLD_DIR, load_gold

HEADING = re.compile(r"^(#{1,4})\s+(?:(\d+(?:\.\d+)*)\.?\s+)?(.*?)\s*$")


@dataclass
class Block:
    kind: str  # 'h', 'p', 'ul', 'table', 'page'
    depth: int = 0  # heading: number of '#'
    number: str | None = None
    title: str = ""
    text: str = ""  # paragraph
    items: list[tuple[int, str]] = field(default_factory=list)  # bullets: (indent level 0/1, text)
    caption: str | None = None
    rows: list[list[str]] = field(default_factory=list)  # table: header first


@dataclass
class Source:
    meta: dict[str, str]
    slides: list[list[Block]]  # a report is one "slide"

    @property
    def is_deck(self) -> bool:
        return self.meta.get("layout") == "slides"

    @property
    def blocks(self) -> list[Block]:
        return [b for s in self.slides for b in s]


def _front_matter(md: str) -> tuple[dict[str, str], str]:
    m = re.match(r"^---\n(.*?)\n---\n", md, flags=re.S)
    if not m:
        return {}, md
    meta = {}
    for ln in m.group(1).splitlines():
        k, _, v = ln.partition(":")
        meta[k.strip()] = v.strip().strip('"')
    return meta, md[m.end():]


def _blocks(text: str) -> list[Block]:
    out: list[Block] = []
    lines = text.splitlines()
    caption = None
    i = 0
    while i < len(lines):
        ln = lines[i].rstrip()
        if ln.startswith("<!-- page"):
            out.append(Block("page"))
        elif ln.lstrip().startswith("<!--") or not ln.strip():
            pass
        elif m := HEADING.match(ln):
            out.append(Block("h", depth=len(m.group(1)), number=m.group(2), title=m.group(3)))
        elif ln.startswith("Table:"):
            caption = ln.removeprefix("Table:").strip()
        elif ln.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            out.append(Block("table", caption=caption, rows=rows))
            caption = None
            continue
        elif re.match(r"^\s*- ", ln):
            items = []
            while i < len(lines) and re.match(r"^\s*- ", lines[i]):
                indent = len(lines[i]) - len(lines[i].lstrip())
                items.append((1 if indent else 0, lines[i].strip()[2:].strip()))
                i += 1
            out.append(Block("ul", items=items))
            continue
        else:
            out.append(Block("p", text=ln.strip()))
        i += 1
    return out


def parse(md: str, *, slides: bool | None = None) -> Source:
    """source.md → its blocks, one list per slide for a deck (``slides`` overrides the front matter)."""
    meta, body = _front_matter(md)
    if slides if slides is not None else meta.get("layout") == "slides":
        parts = [_blocks(part) for part in body.split("<!-- slide -->") if part.strip()]
        parts = [b for b in parts if b]
    else:
        parts = [_blocks(body)]
    return Source(meta, parts)


def read_source(doc_id: str) -> Source:
    path = GOLD_DIR / doc_id / "source.md"
    if not path.exists():  # an unseen document (bench/layouts/docs/, bench/layouts/unseen.py)
        path = Path(__file__).resolve().parent / "docs" / doc_id / "source.md"
    return parse(path.read_text(encoding="utf-8"))


def gold_from_source(src: Source, doc_id: str = "") -> dict:
    """A gold dict (corpus gold format) for ``src``. Pages are the ``<!-- page -->``/slide count;
    table pages are set to 0 (no page), so the table scorer considers every extracted table: the
    re-rendered pages differ from the corpus PDF's and are not scored for headings anyway."""
    sections: list[dict] = []
    tables: list[dict] = []
    preamble: list[str] = []
    page = 1
    for n, slide in enumerate(src.slides, start=1):
        if src.is_deck:
            page = n
        for b in slide:
            target = sections[-1]["_text"] if sections else preamble
            if b.kind == "page":
                page += 1
            elif b.kind == "h":
                level = 1 if src.is_deck and b.number is None else b.depth
                sections.append({"number": b.number, "title": b.title, "level": level, "page": page, "_text": []})
            elif b.kind == "p":
                target.append(b.text)
            elif b.kind == "ul":
                target.extend(t for _, t in b.items)
            elif b.kind == "table":
                section = next((s["number"] for s in reversed(sections)), None) if sections else None
                tables.append({"caption": b.caption, "section": section, "page": 0, "header": b.rows[0],
                               "rows": b.rows[1:]})
    for s in sections:
        s["text"] = "\n".join(s.pop("_text"))
    meta = src.meta
    return {
        "id": doc_id or meta.get("id", ""), "title": meta.get("title", ""), "kind": meta.get("kind", "annet"),
        "year": int(meta.get("year", 0) or 0), "layout": meta.get("layout", "report"), "pages": page,
        "preamble": "\n".join(preamble), "sections": sections, "tables": tables,
    }


def gold_from_markdown(md: str, doc_id: str = "") -> dict:
    return gold_from_source(parse(md), doc_id)


def to_markdown(src: Source) -> str:
    """Back to the dialect (front matter included), e.g. after a transform."""
    out = ["---", *(f'{k}: "{v}"' for k, v in src.meta.items()), "---", ""]
    for slide in src.slides:
        if src.is_deck:
            out += ["<!-- slide -->", ""]
        for b in slide:
            if b.kind == "page":
                out.append("<!-- page -->")
            elif b.kind == "h":
                out.append("#" * b.depth + " " + (f"{b.number} " if b.number else "") + b.title)
            elif b.kind == "p":
                out.append(b.text)
            elif b.kind == "ul":
                out += [("  " if lvl else "") + "- " + t for lvl, t in b.items]
            elif b.kind == "table":
                if b.caption:
                    out.append(f"Table: {b.caption}")
                out.append("| " + " | ".join(b.rows[0]) + " |")
                out.append("|" + "---|" * len(b.rows[0]))
                out += ["| " + " | ".join(r) + " |" for r in b.rows[1:]]
            out.append("")
    return "\n".join(out)


X0_TITLE = "Innledning"


def x0_transform(src: Source) -> Source:
    """Each numbered level-1 chapter whose own intro text precedes its first subsection (or that
    has only text) gets that text under a new level-2 heading ``N.0 Innledning``."""
    out: list[Block] = []
    blocks = src.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        out.append(b)
        i += 1
        if b.kind == "h" and b.depth == 1 and b.number and "." not in b.number:
            j = i
            while j < len(blocks) and blocks[j].kind in ("p", "ul", "page"):
                j += 1
            if any(x.kind in ("p", "ul") for x in blocks[i:j]):
                out.append(Block("h", depth=2, number=f"{b.number}.0", title=X0_TITLE))
    return Source(dict(src.meta), [out])


def _norm(t: str) -> str:
    return re.sub(r"\s+", " ", t).strip()


def verify(doc_ids: list[str] | None = None) -> int:
    """Compare gold_from_markdown with the real gold; print every difference; return their count."""
    from bench.gold import gold_paths
    from bench.score import heading_key

    diffs = 0
    for doc_id in doc_ids or sorted(gold_paths()):
        real = load_gold(doc_id)
        mine = gold_from_source(read_source(doc_id), doc_id)
        rk = [heading_key(s["number"], s["title"], s["level"]) for s in real["sections"]]
        mk = [heading_key(s["number"], s["title"], s["level"]) for s in mine["sections"]]
        n = 0
        if rk != mk:
            n += 1
            print(f"{doc_id}: heading keys differ\n  only real: {[k for k in rk if k not in mk]}\n"
                  f"  only mine: {[k for k in mk if k not in rk]}")
        for a, b in zip(real["sections"], mine["sections"], strict=False):
            if _norm(a["text"]) != _norm(b["text"]):
                n += 1
                print(f"{doc_id}: text differs in {a['number']} {a['title']!r}\n  real: {a['text'][:200]!r}\n"
                      f"  mine: {b['text'][:200]!r}")
        if _norm(real.get("preamble", "")) != _norm(mine["preamble"]):
            n += 1
            print(f"{doc_id}: preamble differs: {real.get('preamble')!r} vs {mine['preamble']!r}")
        rt = [(t["caption"], t["section"], t["header"], t["rows"]) for t in real["tables"]]
        mt = [(t["caption"], t["section"], t["header"], t["rows"]) for t in mine["tables"]]
        if rt != mt:
            n += 1
            print(f"{doc_id}: tables differ ({len(rt)} real, {len(mt)} mine)")
            for a, b in zip(rt, mt, strict=False):
                if a != b:
                    print(f"  real: {str(a)[:200]}\n  mine: {str(b)[:200]}")
        print(f"{doc_id}: {len(mk)} headings, {len(mt)} tables, {n} differences")
        diffs += n
    return diffs


if __name__ == "__main__":
    sys.exit(1 if verify(sys.argv[1:] or None) else 0)
