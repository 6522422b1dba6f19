"""Heading evidence the PDF declares about itself: its outline (bookmarks) and its tagged structure.

Word and LibreOffice exports usually carry an outline built from the heading styles; universally
designed (tagged) PDFs carry a structure tree whose ``H``/``H1``…``H6`` elements mark the headings,
often under custom role names (``/Heading 1`` → ``/H1`` through the ``/RoleMap``). Either is
strong evidence of a document's heading hierarchy, independent of fonts and layout.

Everything here reads hostile input: outlines may loop (``/Next`` back to an earlier entry), name
trees and structure trees may be cyclic, huge or deep. Every walk is iterative, keeps a visited
set of object ids and stops at :data:`MAX_ENTRIES` results, :data:`MAX_NODES` objects visited,
its depth limit and :data:`TIME_BUDGET` seconds. The public functions never raise: on any error
they return ``[]``; :func:`read_structure` also says what went wrong in its warnings.

Call these with an open ``pdfplumber.PDF`` (e.g. in ``pipeline.read_pages`` before
``pdf.close()``). Outline reading touches no page content. Tagged headings need their text, which
lives in the page content as marked-content sequences (MCIDs): only the pages holding headings are
interpreted, with a minimal pdfminer device that keeps the characters of the wanted MCIDs (no
layout analysis, no pdfplumber objects), so the cost is a fraction of the page's word extraction.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pdfminer.pdfdevice import PDFTextDevice

from tracker.extract.headings import NUMBERED
from tracker.extract.text import normalise_text

MAX_ENTRIES = 10_000  # outline entries or tagged headings returned
MAX_NODES = 200_000  # objects visited by one walk (outline items, name-tree nodes, structure elements)
MAX_OUTLINE_DEPTH = 12  # outline levels below the root
MAX_STRUCT_DEPTH = 32  # structure-tree levels walked below the root
MAX_ROLE_HOPS = 8  # /RoleMap chains: Overskrift1 → Heading1 → H1
TIME_BUDGET = 30.0  # seconds for one walk (and again for reading tagged headings' text)
MAX_TITLE_CHARS = 500

Source = Literal["outline", "tagged"]

# The same guard as headings.parse_number: a leading number counts only before a capitalised title,
# so "17. oktober 2019" keeps its day.
_UPPER_START = re.compile(r"^[A-ZÆØÅÉÄÖÜ«\"(]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ud800-\udfff\ufffe\uffff]")
_HEADING_TYPE = re.compile(r"^H([1-6])?$")
# Structure types whose subtrees hold no section headings: walking them (tables, lists,
# paragraphs, spans) would cost most of the tree for nothing.
_LEAFY = frozenset(
    "P Span Link Annot Figure Formula Form Table TR TH TD THead TBody TFoot L LI Lbl LBody "
    "TOC TOCI Reference BibEntry Code Quote Note Ruby Warichu Artifact".split()
)


@dataclass(frozen=True)
class StructHeading:
    title: str  # whitespace-normalised, without the leading number
    level: int | None  # outline: depth (1 = top); tagged: 1..6 from H1..H6, None for plain H
    page: int | None  # 1-based
    top: float | None  # pdfplumber's top-down y of the destination / the heading's first line
    number: str | None  # "6.14" when the title starts with a heading number
    source: Source


class _Budget(Exception):
    """A walk ran past one of its limits."""


class _Walk:
    """Object resolution with a node count, a deadline and cycle detection shared by one walk."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.doc = pdf.doc
        self.deadline = time.monotonic() + TIME_BUDGET
        self.nodes = 0
        self.warnings: list[str] = []
        self._pages: dict[int, int] | None = None
        self._heights: dict[int, tuple[float, int]] = {}

    def tick(self) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Budget(f"more than {MAX_NODES} objects")
        if self.nodes % 256 == 0 and time.monotonic() > self.deadline:
            raise _Budget(f"more than {TIME_BUDGET:.0f} s")

    def resolve(self, obj: Any) -> Any:
        from pdfminer.pdftypes import PDFObjRef

        hops = 0
        while isinstance(obj, PDFObjRef):
            hops += 1
            if hops > 32:
                return None
            try:
                obj = obj.resolve()
            except Exception:
                return None
        return obj

    def page_numbers(self) -> dict[int, int]:
        """Page object id → 1-based page number, from pdfplumber's (already bounded) page list."""
        if self._pages is None:
            self._pages = {}
            for page in self.pdf.pages:
                self._pages.setdefault(page.page_obj.pageid, page.page_number)
                self._heights[page.page_number] = _page_top(page)
        return self._pages

    def page_of(self, ref: Any) -> int | None:
        objid = getattr(ref, "objid", None)
        if objid is None:
            return None
        return self.page_numbers().get(objid)

    def top_of(self, page: int, y: Any) -> float | None:
        """pdfplumber's top for a user-space y on ``page`` (None on rotated pages)."""
        y = self.resolve(y)
        if not _is_number(y):
            return None
        self.page_numbers()
        ytop, rotate = self._heights.get(page, (math.nan, 0))
        if rotate % 360 != 0 or math.isnan(ytop):
            return None
        page_obj = self.pdf.pages[page - 1]
        return round(min(max(ytop - float(y), 0.0), float(page_obj.height)), 2)


def _page_top(page: Any) -> tuple[float, int]:
    box = page.page_obj.mediabox
    try:
        return float(max(box[1], box[3])), int(page.page_obj.rotate or 0)
    except Exception:
        return math.nan, 0


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _name(v: Any) -> str | None:
    name = getattr(v, "name", None)
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return name if isinstance(name, str) else None


def _text(v: Any) -> str:
    from pdfminer.utils import decode_text

    if isinstance(v, bytes):
        if v.startswith(b"\xff\xfe"):  # UTF-16LE: not in the spec, but some writers do it
            return v[2:].decode("utf-16le", "ignore")
        if v.startswith(b"\xef\xbb\xbf"):  # UTF-8 with BOM (PDF 2.0)
            return v[3:].decode("utf-8", "ignore")
        return decode_text(v)
    if isinstance(v, str):
        return v
    return ""


def normalise_title(text: str) -> str:
    """NFC, no soft hyphens, control characters or "(cid:N)" placeholders, single spaces."""
    text = normalise_text(_CONTROL.sub(" ", text))
    return " ".join(text.split())[:MAX_TITLE_CHARS]


def split_number(title: str) -> tuple[str | None, str]:
    """("6.14", "Title") when the title starts with a heading number (headings.NUMBERED)."""
    m = NUMBERED.match(title)
    if m and _UPPER_START.match(m.group(2)):
        return m.group(1), m.group(2).strip()
    return None, title


def _heading(raw: str, level: int | None, page: int | None, top: float | None, source: Source) -> StructHeading | None:
    title = normalise_title(raw)
    if not title:
        return None
    number, rest = split_number(title)
    return StructHeading(title=rest, level=level, page=page, top=top, number=number, source=source)


# --- outline -----------------------------------------------------------------------------------


def _tree_nodes(w: Any, root: Any, skip: Callable[[dict], bool] | None = None) -> Iterator[dict]:
    """The nodes of a name or number tree (/Kids), depth first in document order: bounded in
    depth, each node once however the tree loops (pdfminer's own walk recurses without limits).
    ``skip`` prunes a node and its subtree."""
    stack: list[tuple[Any, int]] = [(root, 0)]
    seen: set[Any] = set()
    while stack:
        ref, depth = stack.pop()
        node = w.resolve(ref)
        if not isinstance(node, dict) or depth > MAX_STRUCT_DEPTH:
            continue
        k = _key(node, ref)
        if k in seen:
            continue
        seen.add(k)
        w.tick()
        if skip is not None and skip(node):
            continue
        yield node
        kids = w.resolve(node.get("Kids"))
        if isinstance(kids, list):
            stack.extend((kid, depth + 1) for kid in reversed(kids))


def _key(obj: Any, ref: Any) -> Any:
    objid = getattr(ref, "objid", None)
    return ("obj", objid) if objid is not None else ("id", id(obj))


class _Destinations:
    """Destination → (page, top): explicit arrays, names (catalog /Dests, /Names /Dests tree)."""

    def __init__(self, walk: _Walk) -> None:
        self.walk = walk
        self.memo: dict[Any, tuple[int | None, float | None]] = {}

    def resolve(self, dest: Any, hops: int = 0) -> tuple[int | None, float | None]:
        w = self.walk
        dest = w.resolve(dest)
        if hops > 4 or dest is None:
            return None, None
        if isinstance(dest, dict):  # a named destination's value may be << /D [...] >>
            return self.resolve(dest.get("D"), hops + 1)
        if isinstance(dest, list):
            return self.explicit(dest)
        if isinstance(dest, (bytes, str)) or _name(dest) is not None:
            key = dest if isinstance(dest, (bytes, str)) else _name(dest)
            if key not in self.memo:
                self.memo[key] = (None, None)  # a name resolving to itself stops here
                self.memo[key] = self.resolve(self.named(key), hops + 1)
            return self.memo[key]
        return None, None

    def explicit(self, arr: list) -> tuple[int | None, float | None]:
        w = self.walk
        if not arr:
            return None, None
        target = arr[0]
        page = w.page_of(target)
        if page is None:
            target = w.resolve(target)
            if _is_number(target) and float(target).is_integer() and 0 <= target < len(w.pdf.pages):
                page = int(target) + 1  # a page index (meant for remote GoTo, written by some tools)
        if page is None:
            return None, None
        kind = _name(w.resolve(arr[1])) if len(arr) > 1 else None
        y: Any = None
        if kind == "XYZ" and len(arr) > 3:
            y = arr[3]
        elif kind in ("FitH", "FitBH") and len(arr) > 2:
            y = arr[2]
        elif kind == "FitR" and len(arr) > 5:
            y = arr[5]
        return page, w.top_of(page, y) if y is not None else None

    def named(self, key: str | bytes) -> Any:
        w = self.walk
        catalog = w.doc.catalog
        bkey = key.encode("latin-1", "replace") if isinstance(key, str) else key
        skey = key if isinstance(key, str) else key.decode("latin-1")
        names = w.resolve(catalog.get("Names"))
        if isinstance(names, dict):
            found = self.name_tree(w.resolve(names.get("Dests")), bkey)
            if found is not None:
                return found
        dests = w.resolve(catalog.get("Dests"))  # PDF 1.1: a dictionary keyed by name
        if isinstance(dests, dict):
            return dests.get(skey)
        return None

    def name_tree(self, root: Any, key: bytes) -> Any:
        """Bounded, cycle-safe lookup in a name tree (pdfminer's lookup recurses without limits)."""
        w = self.walk

        def outside(node: dict) -> bool:  # a subtree whose /Limits exclude the key
            limits = w.resolve(node.get("Limits"))
            if isinstance(limits, list) and len(limits) == 2:
                lo, hi = (w.resolve(v) for v in limits)
                return isinstance(lo, bytes) and isinstance(hi, bytes) and not (lo <= key <= hi)
            return False

        for node in _tree_nodes(w, root, skip=outside):
            pairs = w.resolve(node.get("Names"))
            if isinstance(pairs, list):
                for i in range(0, len(pairs) - 1, 2):
                    if w.resolve(pairs[i]) == key:
                        return pairs[i + 1]
        return None

    def of_item(self, item: dict) -> tuple[int | None, float | None]:
        w = self.walk
        if "Dest" in item:
            return self.resolve(item["Dest"])
        action = w.resolve(item.get("A"))
        if isinstance(action, dict) and _name(w.resolve(action.get("S"))) == "GoTo":
            return self.resolve(action.get("D"))
        return None, None


def _outline(walk: _Walk) -> list[StructHeading]:
    w = walk
    root = w.resolve(w.doc.catalog.get("Outlines"))
    if not isinstance(root, dict):
        return []
    dests = _Destinations(w)
    out: list[StructHeading] = []
    seen: set[Any] = {_key(root, w.doc.catalog.get("Outlines"))}
    stack: list[tuple[Any, int]] = [(root.get("First"), 1)]
    deep = False
    while stack:
        ref, level = stack.pop()
        item = w.resolve(ref)
        if not isinstance(item, dict):
            continue
        k = _key(item, ref)
        if k in seen:  # /Next or /First pointing back: each entry is read once
            if "cycle" not in w.warnings:
                w.warnings.append("cycle")
            continue
        seen.add(k)
        try:
            w.tick()
        except _Budget as exc:
            w.warnings.append(f"outline: stopped after {len(out)} entries, the walk passed its limit ({exc})")
            break
        if "Next" in item:
            stack.append((item["Next"], level))
        if "First" in item:
            if level < MAX_OUTLINE_DEPTH:
                stack.append((item["First"], level + 1))
            else:
                deep = True
        title = w.resolve(item.get("Title"))
        if title is None:
            continue
        page, top = dests.of_item(item)
        h = _heading(_text(title), level, page, top, "outline")
        if h is not None:
            out.append(h)
            if len(out) >= MAX_ENTRIES:
                w.warnings.append(f"outline: stopped at {MAX_ENTRIES} entries")
                break
    if "cycle" in w.warnings:
        w.warnings.remove("cycle")
        w.warnings.append("outline: entries link back to earlier entries (cycle); each read once")
    if deep:
        w.warnings.append(f"outline: levels below {MAX_OUTLINE_DEPTH} ignored")
    return out


def outline_entries(pdf: Any) -> list[StructHeading]:
    """The document outline (bookmarks) in reading order; [] if absent or unreadable."""
    try:
        return _outline(_Walk(pdf))
    except Exception:
        return []


# --- tagged structure ----------------------------------------------------------------------


def is_tagged(pdf: Any) -> bool:
    """/MarkInfo << /Marked true >> and a /StructTreeRoot in the catalog."""
    try:
        w = _Walk(pdf)
        catalog = w.doc.catalog
        mark = w.resolve(catalog.get("MarkInfo"))
        marked = isinstance(mark, dict) and w.resolve(mark.get("Marked")) is True
        return marked and isinstance(w.resolve(catalog.get("StructTreeRoot")), dict)
    except Exception:
        return False


def _role_resolver(w: _Walk, role_map: Any) -> Any:
    role_map = role_map if isinstance(role_map, dict) else {}
    memo: dict[str, str] = {}

    def role(tag: str) -> str:
        if tag in memo:
            return memo[tag]
        seen = {tag}
        cur = tag
        for _ in range(MAX_ROLE_HOPS):
            if _HEADING_TYPE.match(cur):
                break  # standard heading types are never remapped
            nxt = _name(w.resolve(role_map.get(cur)))
            if nxt is None or nxt in seen:
                break
            seen.add(nxt)
            cur = nxt
        memo[tag] = cur
        return cur

    return role


@dataclass
class _Found:
    level: int | None
    actual: str | None
    parts: list[tuple[int | None, int, int | None]]  # (page, MCID, owner element objid), in order
    page: int | None


def _struct_headings(w: _Walk) -> list[_Found]:
    from pdfminer.pdftypes import PDFObjRef

    root = w.resolve(w.doc.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):
        return []
    role = _role_resolver(w, w.resolve(root.get("RoleMap")))
    found: list[_Found] = []
    seen: set[Any] = set()
    # (element ref, depth, inherited page)
    stack: list[tuple[Any, int, int | None]] = []

    def kids_of(node: dict) -> list:
        k = w.resolve(node.get("K"))
        if k is None:
            return []
        if isinstance(k, list):
            return k
        return [node.get("K")]

    stack.extend((kid, 1, None) for kid in reversed(kids_of(root)))
    deep = False
    while stack:
        ref, depth, inherited = stack.pop()
        el = w.resolve(ref)
        if not isinstance(el, dict):
            continue
        if "Obj" in el or "MCID" in el:  # OBJR / MCR at element level: no headings below
            continue
        k = _key(el, ref)
        if k in seen:
            continue
        seen.add(k)
        try:
            w.tick()
        except _Budget as exc:
            w.warnings.append(f"tagged: stopped after {len(found)} headings, the walk passed its limit ({exc})")
            break
        page = w.page_of(el.get("Pg")) or inherited
        tag = _name(w.resolve(el.get("S"))) or ""
        std = role(tag)
        m = _HEADING_TYPE.match(std)
        if m:
            actual = w.resolve(el.get("ActualText"))
            found.append(_Found(
                level=int(m.group(1)) if m.group(1) else None,
                actual=_text(actual) if actual is not None else None,
                parts=_mcids(w, el, ref, page, seen),
                page=page,
            ))
            if len(found) >= MAX_ENTRIES:
                w.warnings.append(f"tagged: stopped at {MAX_ENTRIES} headings")
                break
            continue
        if std in _LEAFY:
            continue
        if depth >= MAX_STRUCT_DEPTH:
            deep = True
            continue
        for kid in reversed(kids_of(el)):
            if isinstance(kid, (PDFObjRef, dict)):
                stack.append((kid, depth + 1, page))
    if deep:
        w.warnings.append(f"tagged: structure below depth {MAX_STRUCT_DEPTH} ignored")
    return found


def _mcids(w: _Walk, el: dict, ref: Any, page: int | None,
           seen: set[Any]) -> list[tuple[int | None, int, int | None]]:
    """The heading's marked-content ids, depth first (spans inside the heading included)."""
    out: list[tuple[int | None, int, int | None]] = []
    stack: list[tuple[Any, Any, int, int | None]] = [(el, ref, 0, page)]
    local: set[Any] = set()
    while stack and len(out) < 1000:
        node, node_ref, depth, pg = stack.pop()
        owner = getattr(node_ref, "objid", None)
        k = w.resolve(node.get("K"))
        kids = k if isinstance(k, list) else [node.get("K")] if k is not None else []
        todo: list[tuple[Any, Any, int, int | None]] = []
        for kid in kids:
            obj = w.resolve(kid)
            if _is_number(obj) and float(obj).is_integer():
                out.append((pg, int(obj), owner))
            elif isinstance(obj, dict):
                w.tick()
                if "MCID" in obj:
                    if w.resolve(obj.get("Stm")) is not None:
                        continue  # content in a form XObject: not read (rare for headings)
                    mcid = w.resolve(obj.get("MCID"))
                    if _is_number(mcid):
                        out.append((w.page_of(obj.get("Pg")) or pg, int(mcid), owner))
                elif "Obj" in obj:
                    continue
                elif depth < MAX_STRUCT_DEPTH:
                    key = _key(obj, kid)
                    if key in local or key in seen:
                        continue
                    local.add(key)
                    todo.append((obj, kid, depth + 1, w.page_of(obj.get("Pg")) or pg))
        stack.extend(reversed(todo))
    return out


def _parent_tree_pages(w: _Walk) -> dict[int, list[tuple[int, int]]]:
    """Fallback for MCIDs whose page the structure does not say: the /ParentTree maps each page's
    /StructParents key to the elements owning its MCIDs. Element objid → [(page, MCID)]."""
    root = w.resolve(w.doc.catalog.get("StructTreeRoot"))
    tree = w.resolve(root.get("ParentTree")) if isinstance(root, dict) else None
    if not isinstance(tree, dict):
        return {}
    key_page: dict[int, int] = {}
    for page in w.pdf.pages:
        sp = w.resolve(page.page_obj.attrs.get("StructParents"))
        if _is_number(sp):
            key_page[int(sp)] = page.page_number
    out: dict[int, list[tuple[int, int]]] = {}
    for node in _tree_nodes(w, tree):
        nums = w.resolve(node.get("Nums"))
        if isinstance(nums, list):
            for i in range(0, len(nums) - 1, 2):
                num = w.resolve(nums[i])
                if not _is_number(num) or int(num) not in key_page:
                    continue
                arr = w.resolve(nums[i + 1])
                if isinstance(arr, list):
                    for mcid, owner in enumerate(arr[:100_000]):
                        objid = getattr(owner, "objid", None)
                        if objid is not None:
                            out.setdefault(objid, []).append((key_page[int(num)], mcid))
    return out


def _tagged(w: _Walk) -> list[StructHeading]:
    found = _struct_headings(w)
    if not found:
        return []
    if any(pg is None for f in found for pg, _, _ in f.parts):
        _fill_pages_from_parent_tree(w, found)
    wanted: dict[int, set[int]] = {}
    for f in found:  # with /ActualText too: the content still gives the heading's position
        for pg, mcid, _ in f.parts:
            if pg is not None:
                wanted.setdefault(pg, set()).add(mcid)
    texts = _mcid_texts(w, wanted)
    out: list[StructHeading] = []
    for f in found:
        page = f.page or next((pg for pg, _, _ in f.parts if pg is not None), None)
        top = None
        pieces: list[str] = []
        for pg, mcid, _ in f.parts:
            got = texts.get((pg, mcid)) if pg is not None else None
            if got:
                pieces.append(got[0])
                if top is None and got[1] is not None:
                    top, page = got[1], pg
        raw = f.actual if f.actual is not None else " ".join(pieces)
        h = _heading(raw, f.level, page, top, "tagged")
        if h is not None:
            out.append(h)
    return out


def _fill_pages_from_parent_tree(w: _Walk, found: list[_Found]) -> None:
    owners = _parent_tree_pages(w)
    for f in found:
        fixed = []
        for pg, mcid, owner in f.parts:
            if pg is None and owner is not None:
                pg = next((p for p, m in owners.get(owner, []) if m == mcid), None)
            fixed.append((pg, mcid, owner))
        f.parts = fixed


def _mcid_texts(w: _Walk, wanted: dict[int, set[int]]) -> dict[tuple[int, int], tuple[str, float | None]]:
    """(page, MCID) → (text, top of its first character) for the wanted MCIDs."""
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    rsrc = PDFResourceManager(caching=True)
    out: dict[tuple[int, int], tuple[str, float | None]] = {}
    deadline = time.monotonic() + TIME_BUDGET  # its own budget: the tree walk may have spent a lot
    for page_no in sorted(wanted):
        if time.monotonic() > deadline:
            w.warnings.append(f"tagged: {TIME_BUDGET:.0f} s spent reading heading text; "
                              f"headings from page {page_no} on have no text and are left out")
            break
        page = w.pdf.pages[page_no - 1]
        device = _McidText(rsrc, wanted[page_no], float(page.height))
        try:
            PDFPageInterpreter(rsrc, device).process_page(page.page_obj)
        except _AllRead:
            pass  # every wanted sequence is closed: the rest of the page is not interpreted
        except Exception as exc:  # a damaged page: keep what was read
            w.warnings.append(f"tagged: page {page_no} content unreadable ({type(exc).__name__})")
        for mcid, chars in device.chars.items():
            out[(page_no, mcid)] = (_join(chars), chars[0][4] if chars else None)
    return out


def _join(chars: list[tuple[str, float, float, float, float, float]]) -> str:
    """Characters (text, x0, x1, baseline, top, size) → text with spaces where the layout has gaps."""
    parts: list[str] = []
    prev = None
    for c in chars:
        text, x0, _x1, base, _top, size = c
        if prev is not None:
            _pt, _px0, px1, pbase, _ptop, psize = prev
            s = max(size, psize, 1.0)
            if abs(base - pbase) > 0.5 * s or x0 - px1 > 0.15 * s:
                parts.append(" ")
        parts.append(text)
        prev = c
    return "".join(parts)


class _AllRead(Exception):
    """Raised by :class:`_McidText` to stop interpreting a page once nothing more is wanted."""


class _McidText(PDFTextDevice):
    """A pdfminer device that keeps only the characters inside the wanted MCIDs. An MCID names one
    marked-content sequence on its page, so once every wanted one has ended the page is done."""

    MAX_CHARS = 5000  # per MCID: a heading, not a chapter

    def __init__(self, rsrc: Any, wanted: set[int], height: float) -> None:
        super().__init__(rsrc)
        self.wanted = wanted
        self.pending = set(wanted)
        self.height = height
        self.stack: list[int | None] = []
        self.actual: list[bool] = []
        self.chars: dict[int, list[tuple[str, float, float, float, float, float]]] = {}

    def _current(self) -> int | None:
        for mcid in reversed(self.stack):
            if mcid is not None:
                return mcid
        return None

    def begin_tag(self, tag: Any, props: Any = None) -> None:
        mcid = props.get("MCID") if isinstance(props, dict) else None
        mcid = int(mcid) if _is_number(mcid) else None
        self.stack.append(mcid if mcid in self.wanted else None)
        actual = props.get("ActualText") if isinstance(props, dict) else None
        current = self._current()
        if isinstance(actual, bytes) and current is not None and not any(self.actual):
            # A span that says what it shows ("/Span <</ActualText (...)>> BDC"): its text wins.
            text = _text(actual)
            self.chars.setdefault(current, []).append((text, 0.0, 0.0, 0.0, 0.0, 0.0))
            self.actual.append(True)
        else:
            self.actual.append(False)

    def end_tag(self) -> None:
        if self.stack:
            ended = self.stack.pop()
            self.actual.pop()
            if ended is not None and ended not in self.stack:
                self.pending.discard(ended)
                if not self.pending:
                    raise _AllRead

    def do_tag(self, tag: Any, props: Any = None) -> None:
        pass

    def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float,
                    cid: int, ncs: Any, graphicstate: Any) -> float:
        from pdfminer.pdffont import PDFUnicodeNotDefined
        from pdfminer.utils import apply_matrix_pt

        adv = font.char_width(cid) * fontsize * scaling
        mcid = self._current()
        if mcid is None or any(self.actual):
            return adv
        chars = self.chars.setdefault(mcid, [])
        if len(chars) >= self.MAX_CHARS:
            return adv
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            return adv
        descent = font.get_descent() * fontsize
        x0, base = apply_matrix_pt(matrix, (0, rise))
        x1, _ = apply_matrix_pt(matrix, (adv, rise))
        _, y1 = apply_matrix_pt(matrix, (0, descent + rise + fontsize))
        size = abs(y1 - apply_matrix_pt(matrix, (0, descent + rise))[1]) or fontsize
        chars.append((text, x0, x1, base, round(self.height - y1, 2), size))
        return adv


def tagged_headings(pdf: Any) -> list[StructHeading]:
    """Headings (H, H1..H6, and role-mapped custom types) of the structure tree; [] if untagged."""
    try:
        return _tagged(_Walk(pdf))
    except Exception:
        return []


# --- both ------------------------------------------------------------------------------------


def read_structure(pdf: Any) -> tuple[list[StructHeading], list[StructHeading], list[str]]:
    """(outline entries, tagged headings, warnings). Never raises."""
    warnings: list[str] = []
    outline: list[StructHeading] = []
    tagged: list[StructHeading] = []
    for label, fn in (("outline", _outline), ("tagged structure", _tagged)):
        try:
            w = _Walk(pdf)
        except Exception as exc:
            warnings.append(f"{label}: not read ({type(exc).__name__}: {exc})")
            continue
        try:
            result = fn(w)
        except _Budget as exc:
            warnings.append(f"{label}: not read, the walk passed its limit ({exc})")
            result = []
        except Exception as exc:
            warnings.append(f"{label}: not read ({type(exc).__name__}: {exc})")
            result = []
        warnings.extend(w.warnings)
        if label == "outline":
            outline = result
        else:
            tagged = result
    if tagged and not is_tagged(pdf):
        warnings.append("tagged: headings found, but the catalog does not declare /MarkInfo /Marked true")
    return outline, tagged, warnings

