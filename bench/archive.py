"""A synthetic ISF archive of many years, built end to end: wall time, pages/s and peak memory.

The archive grows from the corpus gold texts (``tests/gold/*/source.md``): each source document
is placed in the first year and then evolves one year at a time, the way the real documents do —
a chapter inserted or dropped (every later chapter is renumbered), sections added and removed,
paragraphs reworded, figures changed, years moved forward. Each year is rendered to PDFs with
reportlab (a report with numbered headings, running header and page numbers, tables; or 16:9
slides), and the whole archive is then built with ``run_build`` in a child process, cold and
once more with nothing changed.

    python3 bench/archive.py                          # 30 years × 3 documents (about 10 min on 2 cores)
    python3 bench/archive.py --years 3 --docs-per-year 2   # a quick run
    python3 bench/archive.py --keep DIR               # keep the archive (PDFs and build output) in DIR

Peak memory is the largest resident set of the build process and, separately, of its worker
processes (``getrusage``: RUSAGE_SELF and RUSAGE_CHILDREN).
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"

# --- the gold dialect ---------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # p | bullet | table
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    caption: str | None = None


@dataclass
class Sec:
    level: int
    number: str | None
    title: str
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = False  # a page (or slide) break before this heading


@dataclass
class SourceDoc:
    title: str
    kind: str
    year: int
    layout: str  # report | slides
    filename: str
    sections: list[Sec]


_HEADING = re.compile(r"^(#{1,4})\s+(.*?)\s*$")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(.*)$")


def parse_source(path: Path) -> SourceDoc:
    """The gold text's structure: front matter, headings, paragraphs, bullets and pipe tables."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    if text.startswith("---"):
        head, text = text[3:].split("\n---", 1)
        for line in head.strip().splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                meta[k.strip()] = v.strip().strip('"')
    sections: list[Sec] = []
    pending_break = False
    caption: str | None = None
    para: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        nonlocal para, table, caption
        if not sections:
            sections.append(Sec(1, None, meta.get("title", path.parent.name)))
        if para:
            sections[-1].blocks.append(Block("p", " ".join(para)))
            para = []
        if table:
            sections[-1].blocks.append(Block("table", rows=table, caption=caption))
            table, caption = [], None

    for raw in text.splitlines():
        line = raw.strip()
        if line in ("<!-- page -->", "<!-- slide -->"):
            flush()
            pending_break = True
            continue
        if line.startswith("<!--"):
            continue
        m = _HEADING.match(line)
        if m:
            flush()
            title = m.group(2)
            num = _NUMBERED.match(title)
            number, title = (num.group(1), num.group(2)) if num else (None, title)
            level = number.count(".") + 1 if number else len(m.group(1))
            sections.append(Sec(level, number, title, new_page=pending_break))
            pending_break = False
            continue
        if line.startswith("|"):
            if para:
                flush()
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                table.append(cells)
            continue
        if line.startswith("Table:"):
            flush()
            caption = line[len("Table:"):].strip()
            continue
        if not line:
            flush()
            continue
        if line.startswith("- "):
            flush()
            sections[-1].blocks.append(Block("bullet", line[2:]))
            continue
        if table:
            flush()
        para.append(line)
    flush()
    return SourceDoc(meta.get("title", path.parent.name), meta.get("kind", "annet"), int(meta.get("year", "2025")),
                     meta.get("layout", "report"), meta.get("filename", path.parent.name + ".pdf"), sections)


# --- one year's evolution -------------------------------------------------------------------------

_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_FIGURE = re.compile(r"(?<![\d.,])(\d{1,3})(?=\s?(?:prosent|%|kroner|poeng|dager|timer|år\b))")
REWORDINGS = [
    ("skal", "må"), ("kan", "vil kunne"), ("endres", "justeres"), ("gjelder", "omfatter"), ("pasienter", "brukere"),
    ("registreres", "rapporteres"), ("aktivitet", "virksomhet"), ("tydeliggjort", "presisert"),
    ("videreføres", "beholdes"), ("benyttes", "brukes"), ("følgende", "disse"), ("vesentlige", "viktige"),
]


def shift_years(text: str, delta: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


def renumber(sections: list[Sec]) -> None:
    """Numbered headings get numbers from their position, so an inserted chapter shifts all after it."""
    counters = [0, 0, 0, 0]
    for s in sections:
        if s.number is None:
            continue
        depth = min(s.level, 4)
        counters[depth - 1] += 1
        for i in range(depth, 4):
            counters[i] = 0
        s.number = ".".join(str(max(1, c)) for c in counters[:depth])


class Evolver:
    """Deterministic year-to-year changes of one document (seeded per document)."""

    def __init__(self, doc: SourceDoc, seed: int) -> None:
        self.doc = doc
        self.rng = random.Random(seed)
        self.sentences = [s for sec in doc.sections for b in sec.blocks if b.kind == "p"
                          for s in re.split(r"(?<=\.)\s+", b.text) if 40 < len(s) < 300]
        self.words = sorted({w for s in self.sentences for w in re.findall(r"[a-zæøå]{6,}", s)})

    def _paragraph(self) -> str:
        return " ".join(self.rng.sample(self.sentences, min(len(self.sentences), self.rng.randint(1, 3))))

    def _title(self) -> str:
        return " ".join(self.rng.sample(self.words, 2) if len(self.words) > 2 else ["Ny", "regel"]).capitalize()

    def next_year(self, doc: SourceDoc) -> SourceDoc:
        rng = self.rng
        new = copy.deepcopy(doc)
        new.year += 1
        new.title = shift_years(new.title, 1)
        new.filename = shift_years(new.filename, 1)
        secs = new.sections
        slides = new.layout == "slides"
        for s in secs:
            s.title = shift_years(s.title, 1)
            for b in s.blocks:
                b.text = shift_years(b.text, 1)
                b.rows = [[shift_years(c, 1) for c in row] for row in b.rows]
                b.caption = shift_years(b.caption, 1) if b.caption else None
                if b.kind in ("p", "bullet") and rng.random() < 0.15:  # rewording
                    old, repl = rng.choice(REWORDINGS)
                    b.text = re.sub(rf"\b{old}\b", repl, b.text, count=2)
                if b.kind in ("p", "bullet") and rng.random() < 0.10:  # a changed figure
                    b.text = _FIGURE.sub(lambda m: str(max(1, int(m.group(1)) + rng.choice([-5, -2, -1, 1, 2, 5]))),
                                         b.text, count=1)
                if b.kind == "p" and rng.random() < 0.05:  # a sentence added
                    b.text += " " + rng.choice(self.sentences) if self.sentences else ""
        level = 1 if slides else 2
        # Removed sections: a level-2 section with its subsections (or a slide).
        for _ in range(rng.choice([0, 1, 1, 2])):
            candidates = [i for i, s in enumerate(secs) if s.level == level and i > 0]
            if len(candidates) > 3:
                i = rng.choice(candidates)
                end = i + 1
                while end < len(secs) and secs[end].level > level:
                    end += 1
                if secs[i].new_page and end < len(secs):
                    secs[end].new_page = True
                del secs[i:end]
        # Added sections.
        for _ in range(rng.choice([0, 1, 1, 2])):
            candidates = [i for i, s in enumerate(secs) if s.level == level]
            if candidates and self.sentences:
                at = rng.choice(candidates) + 1
                while at < len(secs) and secs[at].level > level:
                    at += 1
                number = None if slides else "1.1"  # renumbered below
                blocks = [Block("p", self._paragraph()) for _ in range(rng.randint(1, 3))]
                if slides:
                    blocks = [Block("bullet", s[:120]) for s in rng.sample(self.sentences, min(3, len(self.sentences)))]
                secs.insert(at, Sec(level, number, self._title(), blocks, new_page=slides))
        # Renumbering: now and then a new chapter at the front half, or a chapter dropped.
        if not slides and rng.random() < 0.3:
            chapters = [i for i, s in enumerate(secs) if s.level == 1 and s.number]
            if len(chapters) > 2:
                at = rng.choice(chapters[: len(chapters) // 2 + 1])
                if rng.random() < 0.6:
                    secs.insert(at, Sec(1, "1", self._title().upper(), [Block("p", self._paragraph())], new_page=True))
                else:  # only a short chapter is dropped, so the document keeps its size over the years
                    end = at + 1
                    while end < len(secs) and secs[end].level > 1:
                        end += 1
                    if end - at <= 3:
                        if secs[at].new_page and end < len(secs):
                            secs[end].new_page = True
                        del secs[at:end]
        renumber(secs)
        return new


def archive_documents(years: int, docs_per_year: int, first_year: int, seed: int) -> list[SourceDoc]:
    """``docs_per_year`` lineages of documents over ``years`` years, from the gold sources."""
    order = ["isf-2025-grunnlagsdokument", "isf-2027-informasjonsmote", "isf-2024-endringslogg",
             "isf-2024-grunnlagsdokument", "isf-2020-informasjonsmote"]
    bases = [parse_source(GOLD / name / "source.md") for name in order if (GOLD / name / "source.md").exists()]
    if not bases:
        raise SystemExit(f"error: no gold sources under {GOLD}")
    out: list[SourceDoc] = []
    for k in range(docs_per_year):
        base = copy.deepcopy(bases[k % len(bases)])
        delta = first_year - base.year
        start = copy.deepcopy(base)
        start.year = first_year
        start.title = shift_years(start.title, delta)
        start.filename = shift_years(start.filename, delta)
        for s in start.sections:
            s.title = shift_years(s.title, delta)
            for b in s.blocks:
                b.text = shift_years(b.text, delta)
                b.rows = [[shift_years(c, delta) for c in row] for row in b.rows]
        if k >= len(bases):  # a second copy of a lineage: another file name in the same year
            start.filename = start.filename.replace(".pdf", f" del {k // len(bases) + 1}.pdf")
        evolver = Evolver(start, seed * 1000 + k)
        doc = start
        for _ in range(years):
            out.append(doc)
            doc = evolver.next_year(doc)
    return out


# --- rendering ------------------------------------------------------------------------------------


def _para(text: str) -> str:
    return escape(text)


def render_report(doc: SourceDoc, path: Path) -> int:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=10.5, leading=13.5, spaceAfter=6)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=18, bulletIndent=6, spaceAfter=2)
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=9.5)
    head = {lvl: ParagraphStyle(f"h{lvl}", fontName="Helvetica-Bold", fontSize=size, leading=size * 1.25,
                                spaceBefore=10, spaceAfter=6)
            for lvl, size in ((1, 16), (2, 13), (3, 11.5), (4, 10.5))}
    caption = ParagraphStyle("caption", fontName="Helvetica-Oblique", fontSize=9, leading=11, spaceAfter=3)
    story: list = [Spacer(1, 200), Paragraph(_para(doc.title), ParagraphStyle("cover", fontName="Helvetica-Bold",
                                                                              fontSize=24, leading=30)),
                   Paragraph("Helsedirektoratet", body), PageBreak()]
    for i, s in enumerate(doc.sections):
        if s.new_page and i > 0:
            story.append(PageBreak())
        title = f"{s.number} {s.title}" if s.number else s.title
        story.append(Paragraph(_para(title), head[min(s.level, 4)]))
        for b in s.blocks:
            if b.kind == "p":
                story.append(Paragraph(_para(b.text), body))
            elif b.kind == "bullet":
                story.append(Paragraph(_para(b.text), bullet, bulletText="•"))
            elif b.rows:
                if b.caption:
                    story.append(Paragraph(_para(b.caption), caption))
                width = max(len(r) for r in b.rows)
                rows = [[Paragraph(_para(c), cell) for c in r] + [""] * (width - len(r)) for r in b.rows]
                table = Table(rows, colWidths=[(A4[0] - 144) / width] * width, repeatRows=1)
                table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey),
                                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
                story.append(table)
                story.append(Spacer(1, 8))
    header = f"{doc.title[:80]}"

    def decorate(canvas, template) -> None:  # type: ignore[no-untyped-def]
        if template.page == 1:
            return
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 36, header)
        canvas.drawCentredString(A4[0] / 2, 30, f"Side {template.page}")
        canvas.restoreState()

    template = SimpleDocTemplate(str(path), pagesize=A4, title=doc.title, author="Helsedirektoratet",
                                 leftMargin=72, rightMargin=72, topMargin=72, bottomMargin=60, invariant=1)
    template.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return template.page


def render_slides(doc: SourceDoc, path: Path) -> int:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import Frame, Paragraph

    size = (960.0, 540.0)
    title_style = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=28, leading=33)
    text_style = ParagraphStyle("b", fontName="Helvetica", fontSize=17, leading=21, leftIndent=24, bulletIndent=6,
                                spaceAfter=6)
    sub_style = ParagraphStyle("s", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=6)
    c = rl_canvas.Canvas(str(path), pagesize=size, invariant=1)
    c.setTitle(doc.title)
    slides: list[list[Sec]] = []
    for s in doc.sections:
        if s.new_page or not slides or s.level == 1:
            slides.append([s])
        else:
            slides[-1].append(s)
    for n, group in enumerate(slides, start=1):
        first = group[0]
        c.setFillColorRGB(0.0, 0.25, 0.4)
        c.rect(0, size[1] - 8, size[0], 8, fill=1, stroke=0)
        c.setFillColorRGB(0, 0, 0)
        title = f"{first.number} {first.title}" if first.number else first.title
        Frame(50, size[1] - 130, size[0] - 100, 110, showBoundary=0).addFromList(
            [Paragraph(_para(title), title_style)], c)
        flow: list = []
        for k, s in enumerate(group):
            if k > 0:
                flow.append(Paragraph(_para(f"{s.number} {s.title}" if s.number else s.title), sub_style))
            for b in s.blocks:
                if b.kind == "table":
                    flow += [Paragraph(_para(" · ".join(r)), text_style, bulletText="•") for r in b.rows[:6]]
                else:
                    flow.append(Paragraph(_para(b.text), text_style, bulletText="•"))
        Frame(50, 50, size[0] - 100, size[1] - 190, showBoundary=0).addFromList(flow, c)  # overflow is dropped
        c.setFont("Helvetica-Bold", 11)
        c.drawString(60, 22, "Helsedirektoratet")
        c.setFont("Helvetica", 10)
        c.drawRightString(size[0] - 40, 22, str(n))
        c.showPage()
    c.save()
    return len(slides)


def write_archive(docs: list[SourceDoc], dest: Path) -> tuple[int, int]:
    """Render every document to ``dest``; returns (files, pages)."""
    dest.mkdir(parents=True, exist_ok=True)
    pages = 0
    for doc in docs:
        path = dest / doc.filename
        pages += render_slides(doc, path) if doc.layout == "slides" else render_report(doc, path)
    return len(docs), pages


# --- the build ----------------------------------------------------------------------------------------


def child_build(code_dir: Path, site: bool) -> None:
    """One ``run_build`` in this process (cwd: the archive); JSON with stages and peak memory on stdout."""
    import resource

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.bench_build import build_result

    result = build_result(code_dir, site)
    result["extracted"] = len(list(Path("extracted").glob("*.json")))
    result["maxrss_self_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["maxrss_children_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def run_child(work: Path, site: bool) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.bench_build import run_child_build

    cmd = [sys.executable, str(Path(__file__).resolve()), "--child-build", str(work / "code")]
    cmd += [] if site else ["--no-site"]
    wall, data, failure = run_child_build(cmd, work)
    if data is None:
        return {"wall": wall, "raised": failure, "stages": [], "errors": [], "seconds": wall, "extracted": 0,
                "maxrss_self_mib": 0, "maxrss_children_mib": 0}
    data["wall"] = wall
    return data


def describe(label: str, r: dict) -> None:
    print(f"{label}: {r['wall']:.1f} s wall ({r['seconds']:.1f} s in run_build), {r['extracted']} documents extracted")
    for name, status, seconds, detail in r["stages"]:
        print(f"    {name:<8} {status:<7} {seconds:8.2f} s  {detail}")
    for err in r["errors"][:5]:
        print(f"    error: {err}")
    if len(r["errors"]) > 5:
        print(f"    … and {len(r['errors']) - 5} more errors")
    if r.get("raised"):
        print(f"    run_build raised {r['raised']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--years", type=int, default=30)
    ap.add_argument("--docs-per-year", type=int, default=3)
    ap.add_argument("--first-year", type=int, default=1997)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--no-site", action="store_true", help="stop the build after the check stage")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep it")
    ap.add_argument("--child-build", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_build:
        child_build(args.child_build, not args.no_site)
        return 0

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-archive-"))
    try:
        if args.keep and work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True, exist_ok=True)
        for name in ("checks", "docs", "mkdocs.yml"):
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, work / name)
            elif src.is_file():
                shutil.copy2(src, work / name)
        # A frozen copy of the code: edits made elsewhere during the run must not change the
        # extractor version (the cache key) between the cold and the no-op build.
        shutil.copytree(ROOT / "tracker", work / "code" / "tracker",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        # mkdocs.yml names the theme overrides and hooks by paths under tracker/.
        (work / "tracker").symlink_to(work / "code" / "tracker", target_is_directory=True)
        t = time.perf_counter()
        docs = archive_documents(args.years, args.docs_per_year, args.first_year, args.seed)
        files, pages = write_archive(docs, work / "source_pdfs")
        render_s = time.perf_counter() - t
        size_mib = sum(p.stat().st_size for p in (work / "source_pdfs").glob("*.pdf")) / 2**20
        print(f"synthetic archive: {args.years} years × {args.docs_per_year} documents = {files} PDFs, {pages} pages, "
              f"{size_mib:.1f} MiB (rendered in {render_s:.1f} s)")
        cold = run_child(work, not args.no_site)
        describe("cold build", cold)
        noop = run_child(work, not args.no_site)
        describe("no-op build", noop)
        print()
        print(f"archive build: {cold['wall']:.1f} s wall for {pages} pages, {pages / cold['wall']:.1f} pages/s "
              f"(cold, end to end)")
        print(f"archive peak memory: {cold['maxrss_self_mib']:.0f} MiB build process, "
              f"{cold['maxrss_children_mib']:.0f} MiB largest worker")
        print(f"archive no-op build ratio: {100 * noop['wall'] / cold['wall']:.2f} % of the cold build "
              f"({noop['wall']:.2f} s)")
        ok = not cold.get("raised") and not noop.get("raised") and cold["extracted"] == files
        if cold["extracted"] != files:
            print(f"note: {files - cold['extracted']} of {files} PDFs were not extracted")
        if args.keep:
            print(f"kept: {work}")
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
