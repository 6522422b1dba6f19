"""Input guards: refuse PDFs built to exhaust memory or time before the extractor reads them.

pdfminer (under pdfplumber) inflates a content stream completely in memory, pypdfium2 renders a
page at its declared size and decodes an image at its declared dimensions, and both walk the page
tree. A small file can therefore ask for gigabytes: a FlateDecode stream of zeros inflates about
1000:1, an image may declare 100,000 × 100,000 pixels, a page tree may reference one page object
ten thousand times. :func:`check_pdf` looks at every object once, cheaply and with bounded memory:

- the page tree is walked (duplicates counted, cycles cut) and the declared ``/Count`` read, so
  a document with more pages than the limit is refused without building page objects;
- every page's MediaBox must fit the PDF implementation limit (14,400 units a side), because the
  OCR stage renders pages to bitmaps;
- image XObjects must declare at most :attr:`Limits.max_image_pixels` pixels;
- every other stream is decoded through its filter chain incrementally, discarding the output and
  counting it, so a decompression bomb is stopped at the limit instead of being materialised;
- objects nested deeper than :attr:`Limits.max_depth` (arrays in arrays …) are refused, because
  pdfplumber resolves objects recursively;
- a page whose content streams, with their form XObjects expanded, show text more than
  :attr:`Limits.max_page_text_ops` times is refused: forms that draw each other ten times over a
  few levels deep turn a 2 KB file into millions of characters.

A file that pdfminer cannot parse at all is *not* judged here: :func:`check_pdf` returns with
``parsed=False`` and the extractor's own opening code reports the corruption or encryption.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.errors import TrackerError

MiB = 1024 * 1024
CHUNK = 1 * MiB


@dataclass(frozen=True)
class Limits:
    max_pages: int = 5000
    max_page_side: float = 14_400.0  # PDF 1.7 Annex C: the largest page side implementations accept
    max_image_pixels: int = 200_000_000  # an A0 poster scanned at 300 dpi is ~140 million pixels
    max_stream_bytes: int = 256 * MiB  # one decoded non-image stream
    max_total_bytes: int = 768 * MiB  # all decoded non-image streams together (pdfminer keeps them)
    max_depth: int = 64  # nesting of arrays and dictionaries inside one object
    # Text-showing operators one page executes, form XObjects expanded (a dense real page: ~10,000).
    # pdfplumber keeps a dict per character: a 2 KB file whose forms draw each other 10 × 10 × …
    # times would otherwise ask for millions of characters.
    max_page_text_ops: int = 200_000


class UnsafeInput(TrackerError):
    """The PDF asks for more memory or work than the limits allow; the message names the file."""


@dataclass
class GuardReport:
    parsed: bool  # False: pdfminer could not read the file; the caller's own checks report why
    pages: int = 0
    objects: int = 0
    streams_decoded: int = 0
    decoded_bytes: int = 0


# --- bounded stream decoding -----------------------------------------------------------------


def _filter_name(f: Any) -> str:
    name = getattr(f, "name", f)
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return str(name)


_FLATE = {"FlateDecode", "Fl"}
_LZW = {"LZWDecode", "LZW"}
_A85 = {"ASCII85Decode", "A85"}
_AHX = {"ASCIIHexDecode", "AHx"}
_RL = {"RunLengthDecode", "RL"}
# Image codecs: their output size is bounded by the image's declared dimensions, checked separately.
_IMAGE_CODECS = {"DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF"}


def _chunks(data: bytes) -> Iterator[bytes]:
    for i in range(0, len(data), CHUNK):
        yield data[i : i + CHUNK]


def _inflate(upstream: Iterable[bytes]) -> Iterator[bytes]:
    d = zlib.decompressobj()
    try:
        for chunk in upstream:
            out = d.decompress(chunk, CHUNK)
            yield out
            while d.unconsumed_tail:
                yield d.decompress(d.unconsumed_tail, CHUNK)
            if d.eof:
                return
    except zlib.error:
        return  # corrupt data: pdfminer stops there too (or recovers less than this)


def _joined(upstream: Iterable[bytes], cap: int) -> bytes:
    """Upstream output joined, at most ``cap`` bytes (filters below that need the whole input)."""
    buf = bytearray()
    for chunk in upstream:
        buf += chunk
        if len(buf) > cap:
            break
    return bytes(buf[: cap + 1])


def _lzw(data: bytes) -> Iterator[bytes]:
    from pdfminer.lzw import LZWDecoder

    try:
        yield from LZWDecoder(io.BytesIO(data)).run()
    except Exception:  # corrupt LZW data: stop, as pdfminer does
        return


def _ascii(decode: Any, data: bytes) -> Iterator[bytes]:
    try:
        yield decode(data)
    except ValueError:  # corrupt ASCII85/hex data: nothing decodes, as pdfminer stops there too
        return


def _run_length(data: bytes) -> Iterator[bytes]:
    i, n = 0, len(data)
    out = bytearray()
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            if i + 1 < n:
                out += data[i + 1 : i + 2] * (257 - length)
            i += 2
        if len(out) >= CHUNK:
            yield bytes(out)
            out.clear()
    yield bytes(out)


def decoded_chunks(rawdata: bytes, filters: list[str], cap: int) -> Iterator[bytes]:
    """The stream's bytes after its filter chain, in chunks, stopping once past ``cap`` bytes.

    Memory stays at about one chunk per filter, except before LZW/ASCII/run-length filters,
    whose input is gathered first (bounded by ``cap``)."""
    from pdfminer.pdftypes import ascii85decode, asciihexdecode

    stream: Iterable[bytes] = _chunks(rawdata)
    for name in filters:
        if name in _FLATE:
            stream = _inflate(stream)
        elif name in _LZW:
            stream = _lzw(_joined(stream, cap))
        elif name in _A85:
            stream = _ascii(ascii85decode, _joined(stream, cap))
        elif name in _AHX:
            stream = _ascii(asciihexdecode, _joined(stream, cap))
        elif name in _RL:
            stream = _run_length(_joined(stream, cap))
        else:  # image codecs, /Crypt, unknown: pdfminer does not expand these
            break
    total = 0
    for chunk in stream:
        total += len(chunk)
        yield chunk
        if total > cap:
            return


def decoded_size(rawdata: bytes, filters: list[str], cap: int) -> int:
    """The size of the stream after its filter chain, counted up to just past ``cap`` bytes."""
    return sum(len(chunk) for chunk in decoded_chunks(rawdata, filters, cap))


# --- object walks ----------------------------------------------------------------------------


def nesting_depth(obj: Any, stop_at: int) -> int:
    """Depth of nested lists/dicts in one object (references are not followed); iterative, so a
    hostile depth cannot overflow the stack. Stops counting once ``stop_at`` is exceeded."""
    from pdfminer.pdftypes import PDFStream

    deepest = 0
    stack: list[tuple[Any, int]] = [(obj, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, PDFStream):
            item = item.attrs
        if isinstance(item, dict):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > stop_at:
            return deepest
        stack.extend((child, depth) for child in children)
    return deepest


def _resolve(doc: Any, obj: Any) -> Any:
    from pdfminer.pdftypes import PDFObjRef

    seen = 0
    while isinstance(obj, PDFObjRef) and seen < 32:
        obj = doc.getobj(obj.objid)
        seen += 1
    return obj


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _literal(value: Any) -> str | None:
    return _filter_name(value) if hasattr(value, "name") else None


def check_declared_pages(doc: Any, limits: Limits, name: str) -> None:
    """The root's /Count, read before anything else (some readers size their page list by it)."""
    root = _resolve(doc, doc.catalog.get("Pages"))
    declared = _number(_resolve(doc, root.get("Count"))) if isinstance(root, dict) else None
    if declared is not None and declared > limits.max_pages:
        raise UnsafeInput(f"{name}: the page tree declares {int(declared)} pages, over the limit of {limits.max_pages}")


def count_pages(doc: Any, limits: Limits, name: str) -> int:
    """Leaves of the page tree, counting a page object once per reference (as a viewer shows it);
    refuses as soon as the count (or a declared /Count) passes the limit."""
    root = _resolve(doc, doc.catalog.get("Pages"))
    if not isinstance(root, dict):
        return 0
    check_declared_pages(doc, limits, name)
    pages = 0
    drawing = _DrawingCost(doc, limits)
    # (node, depth, inherited attributes): Resources and MediaBox pass from /Pages nodes to pages.
    stack: list[tuple[Any, int, dict]] = [(root, 0, {})]
    seen_nodes: set[int] = set()  # /Pages nodes already expanded: a shared or looping node counts once
    while stack:
        node, depth, inherited = stack.pop()
        ref = node
        node = _resolve(doc, node)
        if not isinstance(node, dict):
            continue
        if depth > limits.max_depth:
            raise UnsafeInput(f"{name}: the page tree is nested {depth} levels deep, over the limit of {limits.max_depth}")
        kids = _resolve(doc, node.get("Kids"))
        if isinstance(kids, list):
            key = getattr(ref, "objid", id(node))
            if key in seen_nodes:
                continue  # an intermediate node shared or looping: count its pages once
            seen_nodes.add(key)
            passed = {**inherited, **{k: node[k] for k in ("Resources", "MediaBox") if k in node}}
            stack.extend((kid, depth + 1, passed) for kid in reversed(kids))
            continue
        pages += 1
        if pages > limits.max_pages:
            raise UnsafeInput(f"{name}: more than {limits.max_pages} pages in the page tree, over the limit")
        box = _resolve(doc, node.get("MediaBox", inherited.get("MediaBox")))
        if isinstance(box, list) and len(box) == 4:
            nums = [_number(_resolve(doc, v)) for v in box]
            if all(v is not None for v in nums):
                x0, y0, x1, y1 = (v for v in nums if v is not None)
                side = max(abs(x1 - x0), abs(y1 - y0))
                if side > limits.max_page_side:
                    raise UnsafeInput(f"{name}: page {pages} is {side:.0f} units on a side, over the limit of "
                                      f"{limits.max_page_side:.0f}")
        ops = drawing.page_cost(node, node.get("Resources", inherited.get("Resources")))
        if ops > limits.max_page_text_ops:
            raise UnsafeInput(f"{name}: page {pages} draws text more than {limits.max_page_text_ops} times "
                              f"(form XObjects drawing each other over and over)")
    return pages


_SHOW_TEXT = re.compile(rb"(?<![A-Za-z])T[jJ](?![A-Za-z])")
_DRAW_XOBJECT = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s*Do(?![A-Za-z])")


def _operators(doc: Any, stream: Any, cap: int) -> tuple[int, dict[bytes, int]]:
    """(text-showing operators, {XObject name: times drawn}) in one content stream, found by
    scanning its decoded bytes chunk by chunk (a few bytes of overlap keep tokens whole)."""
    try:
        filters = [_filter_name(_resolve(doc, f)) for f, _params in stream.get_filters()]
    except Exception:
        return 0, {}
    data = stream.rawdata if stream.rawdata is not None else (stream.data or b"")
    if stream.decipher and stream.rawdata is not None:
        try:
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        except Exception:
            return 0, {}
    shows = 0
    draws: dict[bytes, int] = {}
    tail = b""
    for chunk in decoded_chunks(data, filters, cap) if filters else _chunks(data):
        buf = tail + chunk
        shows += sum(1 for m in _SHOW_TEXT.finditer(buf) if m.end() > len(tail))
        for m in _DRAW_XOBJECT.finditer(buf):
            if m.end() > len(tail):
                draws[m.group(1)] = draws.get(m.group(1), 0) + 1
        tail = buf[-64:]
    return shows, draws


class _DrawingCost:
    """Text operators a page executes with its form XObjects expanded, memoised per form; a form
    that (indirectly) draws itself counts once, as pdfminer refuses the circular reference."""

    def __init__(self, doc: Any, limits: Limits) -> None:
        self.doc = doc
        self.limits = limits
        self.memo: dict[int, int] = {}
        self.active: set[int] = set()

    def _xobjects(self, resources: Any) -> dict:
        resources = _resolve(self.doc, resources)
        if not isinstance(resources, dict):
            return {}
        xobjects = _resolve(self.doc, resources.get("XObject"))
        return xobjects if isinstance(xobjects, dict) else {}

    def stream_cost(self, stream: Any, resources: Any) -> int:
        from pdfminer.pdftypes import PDFStream

        key = stream.objid if stream.objid is not None else id(stream)
        if key in self.memo:
            return self.memo[key]
        if key in self.active:
            return 0
        self.active.add(key)
        cap = self.limits.max_stream_bytes
        shows, draws = _operators(self.doc, stream, cap)
        own = _resolve(self.doc, stream.attrs.get("Resources"))
        xobjects = self._xobjects(own if own is not None else resources)
        cost = shows
        for name, times in draws.items():
            target = _resolve(self.doc, xobjects.get(name.decode("latin-1")))
            if isinstance(target, PDFStream) and _literal(_resolve(self.doc, target.attrs.get("Subtype"))) == "Form":
                cost += times * self.stream_cost(target, own if own is not None else resources)
                if cost > self.limits.max_page_text_ops:
                    break
        self.active.discard(key)
        self.memo[key] = cost
        return cost

    def page_cost(self, page: dict, resources: Any) -> int:
        from pdfminer.pdftypes import PDFStream

        contents = _resolve(self.doc, page.get("Contents"))
        streams = contents if isinstance(contents, list) else [contents]
        total = 0
        for item in streams:
            stream = _resolve(self.doc, item)
            if isinstance(stream, PDFStream):
                total += self.stream_cost(stream, resources)
        return total


def check_pdf(path: str | Path, limits: Limits = Limits(), *, name: str | None = None) -> GuardReport:
    """Refuse ``path`` with :class:`UnsafeInput` if it is a resource bomb; otherwise a short report."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream

    path = Path(path)
    name = name or str(path)
    report = GuardReport(parsed=False)
    with path.open("rb") as fh:
        try:
            doc = PDFDocument(PDFParser(fh))
        except Exception:  # not a PDF, damaged beyond pdfminer, encrypted: the extractor says which
            return report
        report.parsed = True
        try:
            check_declared_pages(doc, limits, name)
        except UnsafeInput:
            raise
        except Exception:  # a damaged page tree is reported by the extractor, not here
            pass

        seen: set[int] = set()
        for xref in doc.xrefs:
            try:
                objids = list(xref.get_objids())
            except Exception:
                continue
            for objid in objids:
                if objid in seen:
                    continue
                seen.add(objid)
                try:
                    obj = doc.getobj(objid)
                except Exception:  # one unreadable object is the extractor's business
                    continue
                report.objects += 1
                depth = nesting_depth(obj, limits.max_depth)
                if depth > limits.max_depth:
                    raise UnsafeInput(f"{name}: object {objid} is nested more than {limits.max_depth} levels deep")
                if isinstance(obj, PDFStream):
                    _check_stream(doc, obj, objid, limits, name, report)
        # After the streams: the drawing count decodes content streams, now known not to be bombs.
        try:
            report.pages = count_pages(doc, limits, name)
        except UnsafeInput:
            raise
        except Exception:  # a damaged page tree is reported by the extractor, not here
            pass
    return report


def _check_stream(doc: Any, stream: Any, objid: int, limits: Limits, name: str, report: GuardReport) -> None:
    attrs = stream.attrs
    if _literal(_resolve(doc, attrs.get("Subtype"))) == "Image":
        width = _number(_resolve(doc, attrs.get("Width", attrs.get("W"))))
        height = _number(_resolve(doc, attrs.get("Height", attrs.get("H"))))
        if width is not None and height is not None and width * height > limits.max_image_pixels:
            raise UnsafeInput(f"{name}: image (object {objid}) declares {int(width)} × {int(height)} pixels, over "
                              f"the limit of {limits.max_image_pixels // 1_000_000} million")
        return  # image data is decoded by the renderer at its declared size, bounded above
    try:
        filters = [_filter_name(_resolve(doc, f)) for f, _params in stream.get_filters()]
    except Exception:
        return
    if not filters:
        return
    data = stream.rawdata if stream.rawdata is not None else (stream.data or b"")
    if stream.decipher and stream.rawdata is not None:
        try:
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        except Exception:
            return
    remaining = limits.max_total_bytes - report.decoded_bytes
    cap = min(limits.max_stream_bytes, remaining)
    size = decoded_size(data, filters, cap)
    report.streams_decoded += 1
    report.decoded_bytes += min(size, cap)
    if size > cap:
        if cap == limits.max_stream_bytes:
            raise UnsafeInput(f"{name}: stream (object {objid}) of {len(data)} bytes decodes to more than "
                              f"{limits.max_stream_bytes // MiB} MiB (decompression bomb)")
        raise UnsafeInput(f"{name}: decoded streams add up to more than {limits.max_total_bytes // MiB} MiB "
                          f"(decompression bomb)")
