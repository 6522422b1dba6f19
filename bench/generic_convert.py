"""PDF → pymupdf4llm markdown → sections and tables as JSON (the generic converter's side of
``python -m bench.layouts``).

Runs inside ``.venv-generic`` (made by ``bench/generic_env.sh``), never in the project's venv, and
imports nothing from the project:

    .venv-generic/bin/python bench/generic_convert.py IN.pdf OUT.json [--markdown OUT.md]

Headings are markdown ``#`` lines and stand-alone bold lines (``**...**``, how pymupdf4llm marks
some headings); the number is split from the title with bench/score.py's regex; the level is the
numbering depth, or the ``#`` count when unnumbered (1 for a bold line). Every other line is body
text of the current section; pipe tables become tables (first row = header). OCR is off: a
scanned PDF gives what pymupdf4llm gives without it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

NUMBER_PREFIX = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(.*)$")  # as bench/score.py
BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def plain(text: str) -> str:
    """Markdown inline markup off: bold/italic/code marks, <br>, escapes."""
    t = re.sub(r"<br\s*/?>", " ", text)
    t = re.sub(r"(\*\*|__|`)", "", t)
    t = re.sub(r"(?<!\w)[*_](\S(?:.*?\S)?)[*_](?!\w)", r"\1", t)
    t = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", t)
    return re.sub(r"\s+", " ", t).strip()


def heading(title: str, hashes: int) -> dict:
    title = plain(title)
    m = NUMBER_PREFIX.match(title)
    if m:
        number = m.group(1).rstrip(".")
        return {"number": number, "title": m.group(2), "level": number.count(".") + 1}
    return {"number": None, "title": title, "level": hashes}


def convert(chunks: list[tuple[int, str]]) -> dict:
    """``chunks``: (1-based page, markdown) → {'preamble', 'sections', 'tables'}."""
    sections: list[dict] = []
    tables: list[dict] = []
    preamble: list[str] = []
    for page, md in chunks:
        lines = md.splitlines()
        i = 0
        while i < len(lines):
            ln = lines[i].strip()
            i += 1
            if not ln or re.fullmatch(r"-{3,}|\*{3,}", ln):
                continue
            if m := HEADING.match(ln):
                sections.append({**heading(m.group(2), len(m.group(1))), "page": page, "text": []})
            elif (m := BOLD_LINE.match(ln)) and "**" not in m.group(1):
                sections.append({**heading(m.group(1), 1), "page": page, "text": []})
            elif ln.startswith("|"):
                rows = []
                j = i - 1
                while j < len(lines) and lines[j].strip().startswith("|"):
                    cells = [plain(c) for c in lines[j].strip().strip("|").split("|")]
                    if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c) or not any(cells):
                        rows.append(cells)
                    j += 1
                i = j
                rows = [r for r in rows if any(r)]
                if rows:
                    section = next((s["number"] for s in reversed(sections)), None) if sections else None
                    tables.append({"page": page, "section": section, "header": rows[0], "rows": rows[1:]})
            else:
                text = plain(re.sub(r"^(?:[-*+•]|\d+\.)\s+", "", ln))
                if text:
                    (sections[-1]["text"] if sections else preamble).append(text)
    for s in sections:
        s["text"] = "\n".join(s["text"])
    return {"preamble": "\n".join(preamble), "sections": sections, "tables": tables}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf")
    ap.add_argument("out")
    ap.add_argument("--markdown", help="also write the raw markdown here")
    args = ap.parse_args(argv)
    import pymupdf4llm

    pages = pymupdf4llm.to_markdown(args.pdf, page_chunks=True, use_ocr=False, show_progress=False)
    chunks = [(p.get("metadata", {}).get("page_number") or k + 1, p.get("text", "")) for k, p in enumerate(pages)]
    result = convert(chunks)
    result["converter"] = f"pymupdf4llm {getattr(pymupdf4llm, '__version__', '?')}"
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write("\n\n".join(md for _, md in chunks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
