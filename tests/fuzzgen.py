"""Hostile PDFs for the fuzz and hardening tests, written byte by byte.

reportlab (see ``tests/pdfgen.py``) draws well-formed documents; the files here need what a
drawing library will not produce: control bytes inside text strings, decompression bombs,
images declaring absurd dimensions, page trees referencing one page ten thousand times, deeply
nested arrays. Everything is deterministic.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

Obj = bytes | tuple[bytes, bytes]  # a plain object body, or (stream dictionary entries, stream data)


def raw_pdf(objects: list[Obj], *, root: int = 1, version: bytes = b"1.7") -> bytes:
    """A PDF whose objects are numbered 1… in list order, with a correct xref table."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number
        if isinstance(obj, tuple):
            entries, data = obj
            out += b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
        else:
            out += obj
        out += b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def pdf_string(raw: bytes) -> bytes:
    """A PDF literal string holding ``raw`` exactly (every byte allowed)."""
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(
        b"\r", b"\\r") + b")"


def text_pdf(pages: list[list[bytes]], *, font_size: float = 11) -> bytes:
    """Pages of Helvetica text lines given as raw string bytes (WinAnsi: any byte 0–255 is drawn)."""
    font = 3
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        content = bytearray(b"BT /F1 %g Tf 14 TL 56 790 Td\n" % font_size)
        for line in lines:
            content += pdf_string(line) + b" Tj T*\n"
        content += b"ET"
        objs.append((b"", bytes(content)))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
                    b"/Contents %d 0 R >>" % (font, len(objs)))
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return raw_pdf(objs)


def _deflate_repeated(block: bytes, times: int) -> bytes:
    z = zlib.compressobj(9)
    parts = [z.compress(block) for _ in range(times)]
    parts.append(z.flush())
    return b"".join(parts)


def _fixed_huffman_spaces(matches: int) -> bytes:
    """Raw deflate, one fixed-Huffman block: 258 literal spaces, then ``matches`` copies of
    (length 258, distance 258), then end-of-block. Bits are written one by one: small sizes only.
    (Distance 258 rather than 1: inflating a non-overlapping copy is several times faster.)"""
    bits: list[int] = [1, 1, 0]  # BFINAL=1, BTYPE=01 (fixed Huffman), least significant bit first

    def code(value: int, width: int) -> None:  # Huffman codes go most significant bit first
        bits.extend((value >> i) & 1 for i in range(width - 1, -1, -1))

    for _ in range(258):
        code(0x30 + 0x20, 8)  # literal 32 (a space)
    for _ in range(matches):
        code(0b11000000 + (285 - 280), 8)  # length code 285: 258 bytes
        code(16, 5)  # distance code 16: 257 + 7 extra bits
        bits.extend((1 >> i) & 1 for i in range(7))  # extra bits, least significant first: 258
    code(0, 7)  # end of block
    bits.extend([0] * (-len(bits) % 8))
    return bytes(sum(b << i for i, b in enumerate(bits[j : j + 8])) for j in range(0, len(bits), 8))


_PERIOD_MATCHES = 2  # 2 matches × 20 bits = 40 bits = 5 whole bytes


def spaces_zlib(decoded_bytes: int) -> tuple[bytes, int]:
    """A zlib stream of at least ``decoded_bytes`` spaces, built with bytes operations only: each
    match takes 20 bits, so in the middle of the block the bytes repeat every 5 bytes and the
    stream grows by repeating that pattern. Returns (data, exact decoded size)."""
    base_matches = 40
    base = _fixed_huffman_spaces(base_matches)
    cut = len(base) - 30  # inside the repeated region, before the end-of-block bits
    pattern = base[cut : cut + 5]
    repeats = max(0, (decoded_bytes - 258 * (1 + base_matches)) // (258 * _PERIOD_MATCHES) + 1)
    body = base[:cut] + pattern * repeats + base[cut:]
    n = 258 * (1 + base_matches + _PERIOD_MATCHES * repeats)
    a = (1 + 32 * n) % 65521  # Adler-32 of n spaces, in closed form
    b = (n + 32 * n * (n + 1) // 2) % 65521
    return b"\x78\x01" + body + ((b << 16) | a).to_bytes(4, "big"), n


def flate_bomb(decoded_mib: int) -> bytes:
    """One page whose content stream is Flate data (ratio about 100:1) inflating to
    ``decoded_mib`` MiB of spaces (valid content-stream whitespace)."""
    data, _size = spaces_zlib(decoded_mib * 1024 * 1024)
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        (b"/Filter /FlateDecode", data),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return raw_pdf(objs)


def image_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A page drawing one grey image that declares ``width`` × ``height`` pixels; its data is a
    small Flate stream (it would inflate to width × height bytes)."""
    data = _deflate_repeated(b"\x80" * (1024 * 1024), 4)
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        (b"", b"q 495 0 0 742 50 50 cm /Im1 Do Q"),
        (b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
         b"/Filter /FlateDecode" % (width, height), data),
    ]
    return raw_pdf(objs)


def many_pages(count: int, *, shared: bool = True, declared: int | None = None) -> bytes:
    """A page tree of ``count`` pages: one page object referenced ``count`` times (``shared``), or
    ``count`` tiny page objects sharing one content stream. ``declared`` overrides /Count."""
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        (b"", b"BT /F1 11 Tf 72 770 Td (Side) Tj ET"),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
    if shared:
        objs.append(page)
        kids = [5] * count
    else:
        kids = []
        for _ in range(count):
            objs.append(page)
            kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), count if declared is None else declared)
    return raw_pdf(objs)


def deeply_nested(depth: int) -> bytes:
    """A one-page PDF whose page dictionary carries an array nested ``depth`` levels deep."""
    nested = b"[" * depth + b"1" + b"]" * depth
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> "
        b"/PieceInfo " + nested + b" >>",
        (b"", b"BT /F1 11 Tf 72 770 Td (Dypt nestet) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return raw_pdf(objs)


def huge_page(side: float = 200_000, *, inherited: bool = False) -> bytes:
    """One page whose MediaBox is ``side`` units square (rendering it at 300 dpi needs terabytes);
    with ``inherited`` the box sits on the page tree node and the page inherits it."""
    box = b"/MediaBox [0 0 %g %g]" % (side, side)
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 " + (box if inherited else b"") + b" >>",
        b"<< /Type /Page /Parent 2 0 R " + (b"" if inherited else box) + b" /Contents 4 0 R >>",
        (b"", b"0 0 1 1 re f"),
    ]
    return raw_pdf(objs)


UNICODE_FONT = "FuzzUnicode"
_FONT_FILES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path(__import__("reportlab").__file__).parent / "fonts" / "Vera.ttf",
]


def _unicode_font() -> str:
    if UNICODE_FONT not in pdfmetrics.getRegisteredFontNames():
        font_file = next(p for p in _FONT_FILES if p.exists())
        pdfmetrics.registerFont(TTFont(UNICODE_FONT, str(font_file)))
    return UNICODE_FONT


def unicode_report(path: Path, items: list[tuple[str, str]]) -> Path:
    """A report drawn with a TrueType font, so any Unicode text reaches the text layer.
    Items: ('h1'|'h2', title) or ('p', line); long lines run off the page, as in a bad export."""
    font = _unicode_font()
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    _width, height = A4
    y = height - 72
    for kind, text in items:
        size = {"h1": 16, "h2": 13}.get(kind, 10.5)
        if y < 72 + size:
            c.showPage()
            y = height - 72
        c.setFont(font, size)
        c.drawString(72, y, text)
        y -= size + (10 if kind != "p" else 4)
    c.showPage()
    c.save()
    return path


def tounicode_pdf(mapping: dict[int, bytes], lines: list[bytes]) -> bytes:
    """One page of Helvetica text whose ToUnicode CMap maps single-byte codes to the given UTF-16BE
    bytes (which may be a lone surrogate, a control character, U+FFFE …): the text layer then says
    whatever the map says, the way a broken or hostile producer can make it say."""
    entries = b"\n".join(b"<%02X> <%s>" % (code, target.hex().upper().encode()) for code, target in sorted(mapping.items()))
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Fuzz def /CMapType 2 def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"%d beginbfchar\n" % len(mapping) + entries + b"\nendbfchar\nendcmap CMapName currentdict /CMap "
            b"defineresource pop end end")
    content = bytearray(b"BT /F1 11 Tf 14 TL 56 790 Td\n")
    for line in lines:
        content += pdf_string(line) + b" Tj T*\n"
    content += b"ET"
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        (b"", bytes(content)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>",
        (b"", cmap),
    ]
    return raw_pdf(objs)


def form_xobjects(depth: int, fan_out: int, *, self_reference: bool = False) -> bytes:
    """A page drawing form XObject 1, which draws form 2 ``fan_out`` times, … down to ``depth``
    forms; the last one shows a word. Work grows as fan_out**depth (a "billion laughs" of drawing).
    With ``self_reference`` the first form also draws itself."""
    first = 5  # object number of form 1
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X1 %d 0 R >> >> >>" % first,
        (b"", b"/X1 Do"),
    ]
    font = first + depth
    for level in range(1, depth + 1):
        res = b"/Font << /F1 %d 0 R >>" % font
        if level < depth:
            res += b" /XObject << /X %d 0 R%s >>" % (first + level, b" /S %d 0 R" % first if self_reference and level == 1 else b"")
            body = b"q /X Do Q " * fan_out + (b"/S Do" if self_reference and level == 1 else b"")
        else:
            body = b"BT /F1 9 Tf 72 700 Td (ord) Tj ET"
        objs.append((b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << " + res + b" >>", body))
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return raw_pdf(objs)


def font_in_page_tree() -> bytes:
    """Two pages with a font among the page tree's kids: pdfminer skips the kid that is no page
    (two pages), pdfium counts it (three), so page 2 of one is not page 2 of the other."""
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>")
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R 7 0 R] /Count 3 >>",
        page,
        (b"", b"BT /F1 11 Tf 72 770 Td (1 Innledning) Tj 0 -14 Td (Tekst om ISF 2031.) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        page,
    ]
    return raw_pdf(objs)


def huge_glyph_width(width: bytes = b"99999999999999999999999") -> bytes:
    """One page of text in a (not embedded) font whose widths say the glyph 'x' is ``width`` units
    wide: the words after an x, in the middle of the page, land far beyond it."""
    widths = b" ".join(width if code == ord("x") else b"500" for code in range(32, 127))
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        (b"", b"BT /F1 11 Tf 14 TL 56 790 Td (1 Innledning) Tj T* " + b"(Flere ord her) Tj T* " * 20
              + b"(Tekst om ISF 2031 med x og mer tekst.) Tj T* " + b"(Flere ord her) Tj T* " * 20 + b"ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /DamagedSans /FirstChar 32 /LastChar 126 /Widths [" + widths
        + b"] >>",
    ]
    return raw_pdf(objs)


def corrupt_ascii85() -> bytes:
    """One page whose content stream is ASCII85-encoded with a byte no ASCII85 digit can be."""
    objs: list[Obj] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        (b"/Filter /ASCII85Decode", b"87cURD]i,\"Ebo80\x07\xa3~>"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return raw_pdf(objs)
