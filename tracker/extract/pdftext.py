"""Words, fonts and ruling lines from a PDF page's text layer (pdfplumber)."""

from __future__ import annotations

import dataclasses
import math
import re

import pdfplumber
from pdfplumber.page import Page

from tracker.extract.words import FilledRect, PageWords, Segment, Word

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# Rules thinner than this (points) are lines; thicker filled rectangles are bands/backgrounds.
_RULE_MAX_THICKNESS = 2.5
# Not text: C0/C1 control characters, surrogates and non-characters (a hostile or broken ToUnicode
# map can produce any of them). pdfminer's "(cid:N)" stays: lines.py reads a leading one as a bullet.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


# The hyphen characters a producer may use for "-" (a browser prints the hyphen of a word broken at
# a soft hyphen as U+2010): one character, so that a word broken at a line end is joined again.
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


def _color(value: object) -> tuple[float, ...]:
    """A fill colour as RGB, so that gray 0 and RGB (0, 0, 0) compare equal."""
    if isinstance(value, (int, float)):
        value = (value,)
    if not isinstance(value, (list, tuple)):
        return ()
    try:
        comps = [float(v) for v in value]
    except (TypeError, ValueError):
        return ()
    if len(comps) == 1:
        comps = comps * 3
    elif len(comps) == 4:  # CMYK
        c, m, y, k = comps
        comps = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    return tuple(round(v, 2) for v in comps)


def _on_page(box: tuple[float, ...], width: float, height: float) -> bool:
    """A box that can be on the page: finite, and within a page's size of its edges (a glyph width of
    1e23 in a damaged font, or a text matrix scaled by 1e30, puts text nowhere a reader could see)."""
    x0, top, x1, bottom = box
    return all(math.isfinite(v) for v in box) and -width <= x0 and x1 <= 2 * width and -height <= top \
        and bottom <= 2 * height


def _clip(box: tuple[float, float, float, float], width: float, height: float) -> tuple[float, float, float, float]:
    """A ruling line or filled area within a page's size of its edges (a background larger than the
    page is common; one of 1e308 points is damage)."""
    x0, top, x1, bottom = box
    return (min(max(x0, -width), 2 * width), min(max(top, -height), 2 * height),
            min(max(x1, -width), 2 * width), min(max(bottom, -height), 2 * height))


def _small_caps_as_capitals(words: list[Word]) -> list[Word]:
    """Type set in small caps read as the capitals it shows: a producer draws a small-caps heading's
    capital initials at the full size and the other letters as smaller capitals, so pdfplumber
    splits "Justering" into "J" and "USTERING" at the size change and the line reads small. Pieces
    in capitals (or punctuation: "HALV" and a full-size "-") that touch on one baseline in one
    font, one of them 60-85 % the size of the other, are joined; every smaller capital of that font
    on the line, and on the next two (the wrapped rest of a heading, with no initial of its own),
    takes the full size. The text stays in capitals, as printed."""
    out: list[Word] = []
    small: list[tuple[Word, float, float]] = []  # (a joined word, its small size, its full size)
    for w in words:
        prev = out[-1] if out else None
        ratio = min(w.size, prev.size) / max(w.size, prev.size, 0.1) if prev is not None else 0.0
        if (
            prev is not None and prev.fontname == w.fontname and _caps(prev.text) and _caps(w.text)
            # (a word already joined goes on with a piece of either size: "(AMD-BEHANDLING" + ")")
            and (0.6 <= ratio <= 0.85 or (0.6 <= ratio and small and small[-1][0] is prev))
            and abs(prev.bottom - w.bottom) <= 0.25 * max(prev.size, w.size)
            and -0.5 <= w.x0 - prev.x1 <= 0.1 * max(prev.size, w.size)
        ):
            if not (small and small[-1][0] is prev):
                small.append((prev, min(w.size, prev.size), max(w.size, prev.size)))
            prev.text += w.text
            prev.x1 = w.x1
            continue
        out.append(w)
    for joined, small_size, full in small:
        for w in out:
            if (w.fontname == joined.fontname and abs(w.size - small_size) <= 0.05 and _caps(w.text)
                    and -0.25 * full <= w.bottom - joined.bottom <= 2.5 * full):
                w.top, w.size = w.bottom - full, full
    return out


def _caps(text: str) -> bool:
    """Capitals, with or without punctuation ("HALV", "-", "(AMD"): no lower-case letter."""
    return not any(c.islower() for c in text)


def _diagonal(char: dict) -> bool:
    """Text set at a slant (neither along the page nor across it): a watermark ("UTKAST") drawn
    diagonally over the page, not part of the document's text. Text turned a quarter (a table's
    sideways header) is kept."""
    a, b = (char.get("matrix") or (1.0, 0.0))[:2]
    angle = abs(math.degrees(math.atan2(b, a))) % 90
    return 10 < angle < 80


_MARGIN_RUN = 0.2  # a line turned a quarter this share of the page's height long or more runs up the margin


def _margin_turned(chars: list[dict], height: float) -> list[list[dict]]:
    """The lines (their glyphs) turned a quarter that run up or down the page beside its upright
    text: a fifth of the page's height long or more with no upright glyph beside it within its
    width ("Helsedirektoratet · <title>" up the margin, page furniture as a running header is), or
    standing left or right of all the page's upright text (a slide's title set up its side, a tab's
    label). Read glyph by glyph, either became a column of one-letter lines. Turned text among the
    upright (a table's sideways header, a cell high, data under it) is kept."""
    upright = [ch for ch in chars if ch.get("upright", True) and ch["text"].strip()]
    left = min((ch["x0"] for ch in upright), default=math.inf)
    right = max((ch["x1"] for ch in upright), default=-math.inf)
    turned = sorted((ch for ch in chars if not ch.get("upright", True) and not _diagonal(ch)), key=lambda ch: ch["x0"])
    runs: list[list[dict]] = []
    for ch in turned:  # (a turned line's glyphs share their x)
        if runs and ch["x0"] - runs[-1][-1]["x0"] <= 3:
            runs[-1].append(ch)
        else:
            runs.append([ch])
    out: list[list[dict]] = []
    for run in runs:
        x0, x1 = min(ch["x0"] for ch in run), max(ch["x1"] for ch in run)
        top, bottom = min(ch["top"] for ch in run), max(ch["bottom"] for ch in run)
        aside = x1 <= left or x0 >= right
        if aside or (bottom - top >= _MARGIN_RUN * height and not any(
                u["x1"] > x0 and u["x0"] < x1 and u["bottom"] > top and u["top"] < bottom for u in upright)):
            out.append(run)
    return out


def _reads_upwards(run: list[dict]) -> bool:
    """Whether a turned line reads upwards (its glyphs turned left, as a slide's title up its side)
    or downwards (turned right)."""
    return (run[0].get("matrix") or (0.0, 1.0))[1] > 0


def _turned_words(run: list[dict]) -> list[Word]:
    """A turned line's words in reading order (:func:`_reads_upwards`). Across the line a turned
    glyph's box is the type's size, as its height is for an upright one."""
    upwards = _reads_upwards(run)
    glyphs = sorted(run, key=lambda ch: -ch["bottom"] if upwards else ch["top"])
    size = max(ch["x1"] - ch["x0"] for ch in run)
    pieces: list[list[dict]] = []
    prev: dict | None = None
    for ch in glyphs:
        gap = 0.0 if prev is None else (prev["top"] - ch["bottom"] if upwards else ch["top"] - prev["bottom"])
        if ch["text"].isspace():
            prev = None
            pieces.append([])
            continue
        if not pieces or (prev is not None and gap > 0.25 * size):
            pieces.append([])
        pieces[-1].append(ch)
        prev = ch
    words = []
    for piece in (p for p in pieces if p):
        text = _UNPRINTABLE.sub("", "".join(ch["text"] for ch in piece)).translate(_HYPHENS)
        if not text.strip():
            continue
        first = piece[0]
        words.append(Word(
            text=text, x0=float(min(ch["x0"] for ch in piece)), top=float(min(ch["top"] for ch in piece)),
            x1=float(max(ch["x1"] for ch in piece)), bottom=float(max(ch["bottom"] for ch in piece)),
            size=round(float(size), 2), fontname=first["fontname"].split("+", 1)[-1],
            bold=bool(_BOLD.search(first["fontname"])), color=_color(first.get("non_stroking_color")),
            seq=min(ch["seq"] for ch in piece)))
    return words


def _turned_lines(runs: list[list[dict]]) -> list[list[Word]]:
    """The turned lines' words, the lines in reading order: turned left, the first line is the
    leftmost (the glyphs' tops face left); turned right, the rightmost."""
    keyed = []
    for run in runs:
        if words := _turned_words(run):
            keyed.append((words[0].x0 if _reads_upwards(run) else -words[0].x1, words))
    return [words for _key, words in sorted(keyed, key=lambda kw: kw[0])]


def _phantom_spaces(chars: list[dict]) -> set[int]:
    """The ``seq`` of every space the next glyph is drawn over: a space of no advance, which a
    browser's print writes at each place a word may be hyphenated (a soft hyphen not used). It is
    no word break: "Digi tal hjem meoppf øl ging" is one word."""
    return {
        ch["seq"] for ch, nxt in zip(chars, chars[1:], strict=False)
        if ch["text"] == " " and nxt["text"] != " " and abs(nxt["top"] - ch["top"]) < 1
        and nxt["x0"] < ch["x0"] + 0.5 * (ch["x1"] - ch["x0"])
    }


_SHADOW_OFFSET = 0.15
"""Ems a glyph's copy may stand from it and be its shadow (measured: 0.06 em, down and right)."""
_SIDE_STEP = 0.08
"""Ems a copy straight beside its glyph may stand off and still be the same glyph drawn twice (a
producer's bold drawn as the glyph over and over, a hair apart); further on it is the next letter
of a pair ("ll" stands 0.2 em apart in a narrow face)."""


def _shadow_copies(chars: list[dict]) -> set[int]:
    """The ``seq`` of every glyph drawn again a little way off, in the same font and size, after
    it: a drop shadow under a heading (a dark copy offset down and right, the face drawn over it in
    another colour), or bold made by drawing a glyph twice. A reader sees one glyph; read twice
    it doubles every word ("Endringslogg Endringslogg – –"). The copy drawn last, on top, is kept."""
    groups: dict[tuple, list[dict]] = {}
    for ch in chars:
        if ch["text"].strip() and math.isfinite(float(ch["size"])):  # (a broken size compares with nothing)
            groups.setdefault((ch["text"], ch.get("fontname"), round(float(ch["size"]), 2)), []).append(ch)
    out: set[int] = set()
    for (_text, _font, size), group in groups.items():
        if len(group) < 2:
            continue
        reach = _SHADOW_OFFSET * size
        group.sort(key=lambda ch: ch["x0"])
        for k, ch in enumerate(group):
            for other in group[k + 1:]:
                dx = other["x0"] - ch["x0"]
                if dx > reach:
                    break
                dy = abs(other["top"] - ch["top"])
                if dy > reach or (dy < 0.01 * size and dx >= _SIDE_STEP * size):
                    continue
                out.add(min(ch["seq"], other["seq"]))
    return out


_LINK_WORDS = 8
"""Words a printed link target may be broken into over lines (a web address breaks at its slashes
and hyphens)."""
_CLOSING = re.compile(r"[).,;:!?»”]*")


def _link_uris(page: Page) -> set[str]:
    """The targets of the page's links."""
    try:
        links = page.hyperlinks
    except Exception:  # (a malformed annotation is no reason to lose the page's text)
        return set()
    return {str(h["uri"]) for h in links if h.get("uri")}


def _printed_link_target(words: list[Word], k: int, uris: set[str], longest: int) -> tuple[int, str] | None:
    """When ``words[k:]`` start with a link's target printed in brackets (one of ``uris``, the
    longest ``longest`` characters with its brackets): the index of the word after it, and what
    follows its closing bracket in that word."""
    text = words[k].text
    if not text.startswith("("):
        return None
    for n in range(k, min(k + _LINK_WORDS, len(words))):
        if n > k:
            text += words[n].text
        for uri in uris:
            head = f"({uri})"
            if text.startswith(head) and _CLOSING.fullmatch(text[len(head):]):
                return n + 1, text[len(head):]
        if len(text) > longest:
            return None
    return None


def _without_printed_link_targets(words: list[Word], uris: set[str]) -> list[Word]:
    """``words`` without the address printed in brackets after a link, where the page links it: a
    web page's print stylesheet writes each link's target after its text ("NPR
    (https://www.helsedirektoratet.no/…/norsk-pasientregister-npr)."), which is the link's
    annotation set out again, not the document's text. What follows the closing bracket in the
    same word (the sentence's full stop, the bracket the link stood in) goes on the word before."""
    if not uris:
        return words
    longest = max(map(len, uris)) + 2
    out: list[Word] = []
    k = 0
    while k < len(words):
        found = _printed_link_target(words, k, uris, longest)
        if found is None:
            out.append(words[k])
            k += 1
            continue
        k, rest = found
        if rest and out:
            out[-1] = dataclasses.replace(out[-1], text=out[-1].text + rest)
    return out


def _letter_spaced_joined(words: list[Word], spaces: list[tuple[float, float, float]]) -> list[Word]:
    """Words of letter-spaced type joined again ("F R I T T" came out "FRIT" and "T" where a pair of
    letters stood a hair further apart than the rest). Only on a page whose producer writes its
    spaces as characters: there, two pieces of one line with no space between them, and less than
    a third of an em apart, are one word."""
    if not spaces:
        return words
    by_row: dict[int, list[float]] = {}  # the spaces' centres by their row (tops rounded to 4 pt)
    for a, b, top in spaces:
        by_row.setdefault(round(top / 4), []).append((a + b) / 2)

    def space_between(left: float, right: float, top: float) -> bool:
        return any(left - 1 <= c <= right + 1 for k in (-1, 0, 1) for c in by_row.get(round(top / 4) + k, ()))

    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if (
            prev is not None and abs(prev.bottom - w.bottom) < 0.5 and abs(prev.size - w.size) < 0.5
            and prev.fontname == w.fontname and 0 < w.x0 - prev.x1 < w.size / 3
            and not space_between(prev.x1, w.x0, w.top)
        ):
            prev.text += w.text
            prev.x1 = w.x1
            continue
        out.append(w)
    return out


def page_words(page: Page, page_no: int) -> PageWords:
    """The page's words with font attributes, in content-stream order, plus its ruling lines."""
    # The char index in page.chars is the drawing order; keep it so layout can reason about
    # elements drawn after the body (e.g. a chapter band painted last).
    for i, ch in enumerate(page.chars):
        ch["seq"] = i
    turned = _margin_turned(page.chars, float(page.height))
    dropped = (_phantom_spaces(page.chars) | _shadow_copies(page.chars) | {ch["seq"] for ch in page.chars if _diagonal(ch)}
               | {ch["seq"] for run in turned for ch in run})
    if dropped:
        page = page.filter(lambda obj: obj.get("object_type") != "char" or obj.get("seq") not in dropped)
    raw = page.extract_words(
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=["fontname", "size", "non_stroking_color"],
        x_tolerance=1.5,
        y_tolerance=2.5,
        return_chars=True,
    )
    width, height = float(page.width), float(page.height)
    words: list[Word] = []
    for w in raw:
        text = _UNPRINTABLE.sub("", w["text"]).translate(_HYPHENS)
        if not text.strip():
            continue
        box = (float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
        if not _on_page(box, width, height) or not math.isfinite(float(w["size"])):
            continue
        chars = w.get("chars") or []
        seq = min((c.get("seq", 0) for c in chars), default=0)
        words.append(
            Word(
                text=text,
                x0=float(w["x0"]),
                top=float(w["top"]),
                x1=float(w["x1"]),
                bottom=float(w["bottom"]),
                size=round(float(w["size"]), 2),
                fontname=w["fontname"].split("+", 1)[-1],
                bold=bool(_BOLD.search(w["fontname"])),
                color=_color(w.get("non_stroking_color")),
                seq=seq,
            )
        )
    words = _without_printed_link_targets(words, _link_uris(page))
    words = _letter_spaced_joined(words, [(ch["x0"], ch["x1"], ch["top"]) for ch in page.chars if ch["text"] == " "])
    words = _small_caps_as_capitals(words)
    segments: list[Segment] = []
    rects: list[FilledRect] = []
    for ln in page.lines:
        box = (float(ln["x0"]), float(ln["top"]), float(ln["x1"]), float(ln["bottom"]))
        if not any(math.isnan(v) for v in box):
            segments.append(Segment(*_clip(box, width, height)))
    for r in _pieces_joined([*page.rects, *_filled_boxes(page.curves)]):
        box = (float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]))
        if any(math.isnan(v) for v in box):
            continue
        box = _clip(box, width, height)
        w_, h_ = box[2] - box[0], box[3] - box[1]
        if min(w_, h_) <= _RULE_MAX_THICKNESS:
            segments.append(Segment(*box))
        elif r.get("fill"):
            rects.append(FilledRect(*box, color=_color(r.get("non_stroking_color"))))
    segments += _rounded_box_edges(page.curves, width, height)
    return PageWords(
        page=page_no,
        width=width,
        height=height,
        words=words,
        segments=segments,
        rects=rects,
        source="text-layer",
        turned=_turned_lines(turned),
    )


_PIECE_GAP = 0.5
"""Points between two filled pieces of one shape (they abut)."""


def _pieces_joined(rects: list[dict]) -> list[dict]:
    """``rects`` with the filled pieces of one shape joined: pieces of one colour that abut along a
    whole edge (side by side with the same top and bottom, or one on the other with the same
    left and right). A badge after a heading ("NY" on a red box, drawn as a 2 pt strip, a middle
    and a 3 pt strip for its ends) is one box; its 2 pt end strip alone was read as a column rule
    and the heading and the line under it as a table. Rules of a grid meet at their crossings,
    not along an edge, and stay apart."""
    filled = [r for r in rects if r.get("fill")
              and all(math.isfinite(float(r[k])) for k in ("x0", "top", "x1", "bottom"))]
    if len(filled) < 2:
        return rects
    joined = filled
    for along, across in (("x0", ("top", "bottom")), ("top", ("x0", "x1"))):
        end = "x1" if along == "x0" else "bottom"
        rows: dict[tuple, list[dict]] = {}
        for r in joined:
            key = (*(round(float(r[k]) / _PIECE_GAP) for k in across), repr(r.get("non_stroking_color")))
            rows.setdefault(key, []).append(r)
        joined = []
        for row in rows.values():
            row.sort(key=lambda r: float(r[along]))
            current = row[0]
            for r in row[1:]:
                if float(r[along]) - float(current[end]) <= _PIECE_GAP:
                    current = {**current, end: max(float(current[end]), float(r[end]))}
                else:
                    joined.append(current)
                    current = r
            joined.append(current)
    taken = {id(r) for r in filled}
    return [r for r in rects if id(r) not in taken] + joined


def _filled_boxes(curves: list[dict]) -> list[dict]:
    """Filled paths that are upright rectangles, square-cornered or rounded: a browser draws each
    dash of a dashed rule so (122 dashes 2.2 pt long across a table), and a box with rounded
    corners (a key-facts box beside the text); they are rects by any other name."""
    out = []
    for c in curves:
        pts = c.get("pts") or []
        if not c.get("fill") or len(pts) < 4:
            continue
        box = tuple(float(c[k]) for k in ("x0", "top", "x1", "bottom"))
        corners = len(pts) <= 5 and all(min(abs(x - box[0]), abs(x - box[2])) <= 0.01
                                        and min(abs(y - box[1]), abs(y - box[3])) <= 0.01 for x, y in pts)
        rounded = box[2] - box[0] >= 40 and box[3] - box[1] >= _ROUNDED_BOX_MIN_HEIGHT and _on_border(pts, box)
        if corners or rounded:
            out.append(c)
    return out


def _on_border(pts: list[tuple[float, float]], box: tuple[float, ...]) -> bool:
    """Every point on the box's border, give or take a rounded corner's radius."""
    return all(min(abs(x - box[0]), abs(x - box[2]), abs(y - box[1]), abs(y - box[3])) <= _ROUNDED_CORNER_MAX
               for x, y in pts)


_ROUNDED_CORNER_MAX = 12.0  # pt: the largest corner radius of a box drawn as a curve
_ROUNDED_BOX_MIN_HEIGHT = 40.0  # pt: about three lines of text


def _rounded_box_edges(curves: list[dict], width: float, height: float) -> list[Segment]:
    """The top and bottom edges of a box with rounded corners (a web page's card round a table, a
    designed report's frame), which a PDF draws as one stroked curve, not as lines or a rectangle:
    every point of the curve lies on its bounding box's border, give or take a corner's radius.
    The edges close a table's first and last rows as a ruled frame would. The sides are left out:
    a frame's sides say nothing of a table's columns."""
    out: list[Segment] = []
    for c in curves:
        if not c.get("stroke") or c.get("fill"):
            continue
        box = (float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]))
        # (a box round one line of text, a heading's bar or panel, is no frame of rows: a table's
        # card holds a header and a row at least)
        if any(math.isnan(v) for v in box) or box[2] - box[0] < 40 or box[3] - box[1] < _ROUNDED_BOX_MIN_HEIGHT:
            continue
        pts = c.get("pts") or []
        if len(pts) < 4 or not _on_border(pts, box):
            continue
        x0, top, x1, bottom = _clip(box, width, height)
        out += [Segment(x0, top, x1, top), Segment(x0, bottom, x1, bottom)]
    return out


def open_pdf(path: str) -> pdfplumber.PDF:
    return pdfplumber.open(path)
