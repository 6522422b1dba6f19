"""16:9 slide themes for the decks (one slide per ``<!-- slide -->`` part of source.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Paragraph, Table, TableStyle

from bench.layouts.fonts import face, white_on_tab
from bench.layouts.source import Block, Source

rl_config.invariant = 1
SW, SH = 1280, 720


@dataclass(frozen=True)
class Theme:
    name: str
    title_face: str
    body_face: str
    title_size: float
    body_size: float
    colour: str
    layout: str  # 'banner', 'rule', 'sidebar', 'dark' (light text on ``colour``), 'bottom' (title at the foot),
    # 'centred' (title centred on a tinted upper part; a slide with nothing but its title: a section divider),
    # 'split' (title at the left beside a bar, a logo box at the top right, long bullet lists in two
    # columns, the slide number white in a box at the bottom right), 'right' (held-out batch 6: the title
    # in extra-light type, right-aligned in a column at the right beside a vertical rule, the text at
    # the left; an agenda slide's items numbered in circles; tables banded, no rules; a footer with
    # the department and the slide number)
    held_out: int = 0  # see reports.Variant.held_out
    # Added with held-out batch 3 (the default is the earlier themes' footer): a footer with the
    # deck's title at the left and "n / N" at the right, in place of "Helsedirektoratet" and n.
    deck_footer: bool = False
    tint: str = "#e6eef0"  # the 'centred' layout: the colour of the slide's upper part
    # Added with held-out batch 7 (the default is the earlier themes' 16:9 slide): the slide's size
    # ((1024, 768): 4:3, as an older PowerPoint template) and the layout 'stepped' (the title white on
    # a band of colour stepping lighter to the right, as a gradient exported in steps; bullets "▪" and
    # "›"; a footer line with the organisation and the year, the deck's title and the slide number).
    size: tuple[int, int] = (SW, SH)
    # Added with held-out batch 8 (the default is the earlier themes' deck, a slide per page): a handout,
    # this many slides per A4 page, each framed, under a header with the deck's title (as PowerPoint
    # prints handouts). Layouts 'plain' (the title in the theme's colour under a bar along the slide's
    # top edge) and 'tab' (the title white in a tab with rounded corners hanging from the slide's top
    # edge, only as wide as the title; a slide with nothing but its title: a section divider, the tab
    # larger across the middle; the slide number in a small tab at the foot, the organisation with a
    # logo-like mark at the right).
    handout: int = 0
    # Added with held-out batch 9: layouts 'vertical' (the title set vertically, turned 90° and read
    # upwards, white on a strip of the theme's colour along the slide's left edge; the organisation
    # and the slide number at the foot) and 'twoline' (the title in two lines, the second in the
    # accent and the regular weight as a subtitle, on a pale grey slide with the text on a white card).
    accent2: str = "#000000"  # the 'twoline' layout: the colour of the title's second line
    # Added with held-out batch 10: the layout 'boxright' (the title white in a box of the theme's colour at
    # the slide's top right, the text at the left under it, bullets "✓" and "–"; the organisation and
    # the slide number at the foot), and ``notes`` (a handout of ``handout`` slides per page, each in the
    # left part beside ruled lines for notes, as PowerPoint prints its three-slide handout).
    notes: bool = False


def _vertical_title(c, title: str, th: Theme, font: str, ts: float, dry: bool) -> None:  # noqa: ANN001
    """The 'vertical' layout's title: turned 90° (read upwards) on a strip of the theme's colour along
    the slide's left edge, its lines side by side, set smaller while it would not fit the strip."""
    sw, sh = th.size
    lines = simpleSplit(title, font, ts, sh - 100)
    while ts > 16 and len(lines) * ts * 1.2 > 120:
        ts -= 1
        lines = simpleSplit(title, font, ts, sh - 100)
    if dry:
        return
    c.setFillColor(colors.HexColor(th.colour))
    c.rect(0, 0, 150, sh, fill=1, stroke=0)
    c.saveState()
    c.rotate(90)  # the text runs up the slide, the tops of its letters towards the left edge
    c.setFillColor(colors.white)
    c.setFont(font, ts)
    w = -((150 - len(lines) * ts * 1.2) / 2 + ts * 0.95)  # the first line's baseline, nearest the edge
    for ln in lines:
        c.drawString(60, w, ln)
        w -= ts * 1.2
    c.restoreState()


def _twoline_title(c, title: str, th: Theme, fonts: tuple[str, str], ts: float, x: float, right: float,  # noqa: ANN001
                   dry: bool) -> float:
    """The 'twoline' layout's title: its words split into two lines about equally long, the first bold
    in the theme's colour, the second regular in ``accent2`` (as a title and subtitle); a short rule
    under them. Returns where the body starts."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = title.split()
    k = len(words)
    if len(words) >= 3:
        k = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    parts = [(" ".join(words[:k]), fonts[1], th.colour), (" ".join(words[k:]), fonts[0], th.accent2)]
    y = th.size[1] - 60 - ts
    for text, font, colour in parts:
        if not text:
            continue
        size = ts
        while size > 14 and stringWidth(text, font, size) > right - x:
            size -= 1
        for ln in simpleSplit(text, font, size, right - x):
            if not dry:
                c.setFillColor(colors.HexColor(colour))
                c.setFont(font, size)
                c.drawString(x, y, ln)
            y -= size * 1.2
    if not dry:
        c.setFillColor(colors.HexColor(th.accent2))
        c.rect(x, y + ts * 0.55, 70, 4, fill=1, stroke=0)
    return y - 26


THEMES = [
    Theme("banner", "sans", "sans", 34, 20, "#00344f", "banner"),
    Theme("rule", "serif", "serif", 30, 19, "#222222", "rule"),
    Theme("sidebar", "cond", "cond", 28, 18, "#7a1b4a", "sidebar"),
    Theme("banner-serif", "serif", "cond", 36, 21, "#8b0000", "banner", held_out=1),
    Theme("rule-mono", "sans", "mono", 27, 16, "#2f4f2f", "rule", held_out=1),
    Theme("sidebar-serif", "serif", "sans", 30, 17, "#1f4e79", "sidebar", held_out=2),
    Theme("dark", "sans", "sans", 32, 19, "#14213d", "dark", held_out=3, deck_footer=True),
    Theme("bottom-title", "serifcond", "sans", 30, 18, "#9a3412", "bottom", held_out=3, deck_footer=True),
    Theme("centred", "serif", "cond", 32, 19, "#0b5563", "centred", held_out=4, tint="#e3eef0"),
    Theme("split", "cond", "serif", 31, 18, "#5a2d82", "split", held_out=5),
    Theme("right-title", "light", "sans", 34, 18, "#0a5c4a", "right", held_out=6),
    Theme("stepped", "serifcond", "serif", 30, 17, "#7a2e0e", "stepped", held_out=7, size=(1024, 768)),
    Theme("handout", "cond", "sans", 32, 19, "#4b3f72", "plain", held_out=8, handout=2),
    Theme("tab-1610", "sans", "serifcond", 31, 19, "#b34a1f", "tab", held_out=8, size=(1280, 800)),
    Theme("vertical", "serifcond", "cond", 32, 19, "#1e5b45", "vertical", held_out=9),
    Theme("twoline", "serif", "sans", 33, 18, "#2b2d6e", "twoline", held_out=9, accent2="#d0672b"),
    Theme("boxright", "sans", "serif", 30, 18, "#005f73", "boxright", held_out=10),
    Theme("notes3", "cond", "serifcond", 30, 18, "#6d2e46", "rule", held_out=10, handout=3, notes=True),
    Theme("topbar", "serifcond", "sans", 30, 18, "#243b55", "topbar", held_out=11, accent2="#e09f3e"),
    Theme("kicker", "light", "serif", 34, 18, "#7b1e3a", "kicker", held_out=11, accent2="#b0707f"),
    Theme("wave", "sans", "serifcond", 32, 18, "#0b6e4f", "wave", held_out=12, accent2="#9fd8b5"),
    Theme("halfpanel", "serif", "cond", 29, 17, "#4b3f72", "halfpanel", held_out=12, accent2="#e9a23b"),
    # held-out batch 13: 'bignum' (the slide's number huge and pale behind the text's right part, "02", the title
    # in the theme's colour over a short thick bar of ``accent2``; the organisation and the deck at the foot)
    Theme("bignum", "cond", "serif", 31, 18, "#2f4858", "bignum", held_out=13, accent2="#86bbd8"),
    # held-out batch 14: 'agenda' (the deck's agenda in a sidebar at the left of every slide, the part the slide is
    # in marked white on the theme's colour; the title in the theme's colour beside it; a band of the colour
    # across the foot with a logo-like mark, the organisation and "n / N")
    Theme("agenda", "serif", "sans", 30, 18, "#1d3557", "agenda", held_out=14, accent2="#e76f51"),
    # held-out batch 15: 'cards' (each top-level bullet a card with rounded corners in a grid of two columns, its
    # sub-items inside it, a bar of ``accent2`` down the card's left edge, as a SmartArt "box list"; the title in the
    # theme's colour at the top left; the deck's title and "n / N" at the foot)
    Theme("cards", "cond", "serif", 31, 17, "#3d405b", "cards", held_out=15, deck_footer=True, accent2="#e07a5f"),
]
STEPS = 7  # the 'stepped' layout: the band's steps
AGENDA = {"dagsorden", "agenda", "program"}  # the 'right' layout numbers the items of a slide with this title
DARK_TITLE, DARK_TEXT, DARK_HEAD = "#ffffff", "#e2e6ee", "#fca311"  # the dark theme's text colours


def _draw_slide(c, blocks: list[Block], th: Theme, n: int, scale: float, dry: bool,  # noqa: ANN001, C901, PLR0912, PLR0915
                deck: str = "", total: int = 0, year: str = "") -> float:
    """Draw (or measure, ``dry``) one slide; returns the lowest y reached (for the 'bottom' layout:
    as if the title's room at the foot were the slide's end). ``deck``, ``total``: the deck's title
    and its number of slides, for a theme's ``deck_footer``; ``year``: for the 'stepped' footer."""
    SW, SH = th.size  # noqa: N806 - the slide's size (16:9 unless the theme says otherwise)
    title_r, title_b = face(th.title_face)
    body_r, body_b = face(th.body_face)
    accent = colors.HexColor(th.colour)
    side = th.layout == "sidebar"
    dark = th.layout == "dark"
    x = (380 if side else 200 if th.layout == "vertical" else 530 if th.layout == "halfpanel"
         else 380 if th.layout == "agenda" else 80)
    right = 820 if th.layout == "right" else SW - 70
    stepped = th.layout == "stepped"
    marks = ("▪", "›") if stepped else ("✓", "–") if th.layout == "boxright" else ("•", "–")
    y = SH - 80
    bs = th.body_size * scale
    ink = colors.HexColor(DARK_TEXT) if dark else colors.black
    head_ink = colors.HexColor(DARK_HEAD) if dark else accent
    reserve = 0.0  # the 'bottom' layout: room kept at the foot for the title
    if dark and not dry:
        c.setFillColor(accent)
        c.rect(0, 0, SW, SH, fill=1, stroke=0)
    if th.layout == "twoline" and not dry:  # a pale grey slide, the text on a white card
        c.setFillColor(colors.HexColor("#eeeff2"))
        c.rect(0, 0, SW, SH, fill=1, stroke=0)
        c.setFillColor(colors.white)
        c.setStrokeColor(colors.HexColor("#d5d7de"))
        c.roundRect(50, 50, SW - 100, SH - 100, 14, fill=1, stroke=1)
    if th.layout == "halfpanel" and not dry:  # batch 12: a picture-like panel over the slide's left part
        _b12_panel(c, th, n)
    if th.layout == "bignum" and not dry:  # batch 13: the slide's number huge and pale behind the text
        c.setFillColor(colors.HexColor("#e6eef1"))
        c.setFont(title_b, 300)
        c.drawRightString(SW - 40, 70, f"{n:02d}")
    if th.layout == "agenda" and not dry:  # batch 14: the agenda sidebar, the foot band
        _b14_agenda(c, th, n, total)
    if th.layout == "wave":  # batch 12: room kept at the foot for the wave
        reserve = 70.0
    if th.layout == "plain" and not dry:  # a bar of the theme's colour along the top edge
        c.setFillColor(accent)
        c.rect(0, SH - 12, SW, 12, fill=1, stroke=0)

    def text(s: str, font: str, size: float, xx: float, yy: float, fill=None) -> None:  # noqa: ANN001
        if not dry:
            c.setFillColor(ink if fill is None else fill)
            c.setFont(font, size)
            c.drawString(xx, yy, s)

    titled = False
    agenda = False
    for b in blocks:
        if b.kind == "h" and b.number is None and not titled:
            titled = True
            ts = th.title_size
            if th.layout == "vertical":
                _vertical_title(c, b.title, th, title_b, ts, dry)
                continue
            if th.layout == "twoline":
                y = _twoline_title(c, b.title, th, (title_r, title_b), ts, x, right, dry)
                continue
            if th.layout == "boxright":
                y = _boxright_title(c, b.title, th, title_b, ts, dry)
                continue
            if th.layout in ("wave", "halfpanel"):  # held-out batch 12
                y = _b12_title(c, b.title, th, title_b, ts, x, right, dry)
                continue
            if th.layout in ("topbar", "kicker"):  # held-out batch 11
                y = _b11_title(c, b.title, th, (title_r, title_b), ts, x, right, n, deck, dry)
                continue
            if th.layout == "right":
                agenda = b.title.strip().lower() in AGENDA
                _right_title(c, b.title, th, title_r, ts, dry)
                continue
            if side:
                # A designer shrinks a title whose longest word would overflow the sidebar.
                from reportlab.pdfbase.pdfmetrics import stringWidth

                while ts > 12 and max(stringWidth(w, title_b, ts) for w in b.title.split()) > 260:
                    ts -= 1
                lines = simpleSplit(b.title, title_b, ts, 260)
                if not dry:
                    c.setFillColor(accent)
                    c.rect(0, 0, 320, SH, fill=1, stroke=0)
                ty = SH - 110
                for ln in lines:
                    text(ln, title_b, ts, 30, ty, colors.white)
                    ty -= ts * 1.25
                continue
            lines = simpleSplit(b.title, title_b, ts, right - x - (110 if th.layout == "split" else 0))
            if th.layout == "tab":
                y = _tab_title(c, b.title, th, title_b, ts, x, right, dry,
                               divider=all(o is b or o.kind == "page" for o in blocks))
                continue
            if th.layout == "centred":
                y = _centred_title(c, lines, th, title_b, ts, dry,
                                   divider=all(o is b or o.kind == "page" for o in blocks))
                continue
            if th.layout == "bottom":
                # the title at the foot of the slide, over a short accent rule, above the footer
                reserve = len(lines) * ts * 1.25 + 60
                ty = 70 + (len(lines) - 1) * ts * 1.25
                if not dry:
                    c.setStrokeColor(accent)
                    c.setLineWidth(4)
                    c.line(x, ty + ts + 14, x + 120, ty + ts + 14)
                for ln in lines:
                    text(ln, title_b, ts, x, ty, accent)
                    ty -= ts * 1.25
                y = SH - 70
                continue
            if th.layout == "banner" and not dry:
                c.setFillColor(accent)
                c.rect(0, SH - 50 - ts * 1.3 * len(lines), SW, ts * 1.3 * len(lines) + 50, fill=1, stroke=0)
            if stepped and not dry:
                _stepped_band(c, th, SH - 50 - ts * 1.3 * len(lines), SW, SH)
            for ln in lines:
                fill = colors.white if th.layout in ("banner", "stepped") else colors.HexColor(DARK_TITLE) if dark else accent
                text(ln, title_b, ts, x, y, fill)
                y -= ts * 1.3
            if th.layout == "split" and not dry:  # a bar left of the title, a logo box at the top right
                c.setFillColor(accent)
                c.rect(x - 26, y + ts * 0.9, 8, (SH - 80 + ts) - (y + ts * 0.9), fill=1, stroke=0)
                c.rect(SW - 70 - 64, SH - 40 - 64, 64, 64, fill=1, stroke=0)
                c.setFillColor(colors.white)
                c.circle(SW - 70 - 32, SH - 40 - 32, 18, fill=1, stroke=0)
                c.setFillColor(accent)
                c.rect(SW - 70 - 32, SH - 40 - 32, 18, 18, fill=1, stroke=0)
            if th.layout == "bignum" and not dry:  # batch 13: a short thick bar under the title
                c.setFillColor(colors.HexColor(th.accent2))
                c.rect(x, y + ts * 0.45, 84, 7, fill=1, stroke=0)
            if th.layout == "rule" and not dry:
                c.setStrokeColor(accent)
                c.setLineWidth(1.5)
                c.line(x, y + ts * 0.6, right, y + ts * 0.6)
            y -= 28
        elif b.kind == "h":
            shown = f"{b.number} {b.title}" if b.number else b.title
            hs = (th.body_size + 3) * scale
            for ln in simpleSplit(shown, body_b, hs, right - x):
                text(ln, body_b, hs, x, y, head_ink)
                y -= hs * 1.3
            y -= 6
        elif b.kind == "ul" and th.layout == "split" and len(b.items) >= 6:
            # two columns, split at the top-level item nearest the middle
            tops = [i for i, (lvl, _t) in enumerate(b.items) if lvl == 0 and i > 0]
            k = min(tops, key=lambda i: abs(i - len(b.items) / 2)) if tops else len(b.items)
            mid = (x + right) / 2
            ys = []
            for cx, cr, col in ((x, mid - 20, b.items[:k]), (mid + 20, right, b.items[k:])):
                yy = y
                for lvl, item in col:
                    indent = cx + 30 + 30 * lvl
                    text("•" if lvl == 0 else "–", body_r, bs, indent - 22, yy)
                    for ln in simpleSplit(item, body_r, bs, cr - indent):
                        text(ln, body_r, bs, indent, yy)
                        yy -= bs * 1.35
                    yy -= bs * 0.4
                ys.append(yy)
            y = min(ys)
        elif b.kind == "ul" and th.layout == "cards":  # batch 15: the items as cards in a grid
            y = _b15_cards(c, b, th, body_r, bs, x, right, y, dry)
        elif b.kind == "ul" and agenda:  # each item's number white in a circle of the accent
            n_item = 0
            for lvl, item in b.items:
                indent = x + 54 + 30 * lvl
                if lvl == 0:
                    n_item += 1
                    if not dry:
                        c.setFillColor(accent)
                        c.circle(x + 18, y + bs * 0.35, bs * 0.95, fill=1, stroke=0)
                        c.setFillColor(colors.white)
                        c.setFont(body_b, bs * 0.9)
                        c.drawCentredString(x + 18, y + bs * 0.35 - bs * 0.32, str(n_item))
                for ln in simpleSplit(item, body_r, bs, right - indent):
                    text(ln, body_r, bs, indent, y)
                    y -= bs * 1.35
                y -= bs * 0.9
        elif b.kind in ("p", "ul"):
            items = [(0, b.text)] if b.kind == "p" else b.items
            for lvl, item in items:
                indent = x + (0 if b.kind == "p" else 30 + 30 * lvl)
                if b.kind == "ul":  # ('boxright': the tick from the sans, the serif has none)
                    text(marks[0] if lvl == 0 else marks[1], face("sans")[0] if th.layout == "boxright" else body_r,
                         bs, indent - 22, y)
                for ln in simpleSplit(item, body_r, bs, right - indent):
                    text(ln, body_r, bs, indent, y)
                    y -= bs * 1.35
                y -= bs * 0.4
        elif b.kind == "table":
            cs = max(10.0, 14 * scale)
            cell = ParagraphStyle("c", fontName=body_r, fontSize=cs, leading=cs * 1.2)
            head = ParagraphStyle("ch", parent=cell, fontName=body_b)
            if dark:
                cell.textColor = head.textColor = ink
            if th.layout == "right":
                head.textColor = colors.white
            ncol = max(len(r) for r in b.rows)
            data = [[Paragraph(escape(v), head if i == 0 else cell) for v in r] + [""] * (ncol - len(r))
                    for i, r in enumerate(b.rows)]
            t = Table(data, colWidths=[(right - x) / ncol] * ncol)
            if th.layout == "right":  # the header white on the accent, the rows banded, no rules
                t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), accent), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#e6f0ed")])]))
            else:
                t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            _w, h = t.wrapOn(c, right - x, y)
            if not dry:
                t.drawOn(c, x, y - h)
            y -= h + 20
    if not dry and th.layout == "split":
        c.setFillColor(accent)
        c.rect(SW - 50 - 46, 14, 46, 30, fill=1, stroke=0)
        c.setFillColor(colors.white)
        c.setFont(body_r, 13)
        c.drawCentredString(SW - 50 - 23, 24, str(n))
    elif not dry and th.layout == "right":
        c.setFont(body_r, 11)
        c.setFillColor(colors.grey)
        c.drawString(80, 24, "Avdeling finansiering · Helsedirektoratet")
        c.setFillColor(accent)
        c.drawRightString(SW - 60, 24, str(n))
    elif not dry and th.layout == "tab":  # the number in a small tab at the foot, the organisation at the right
        c.setFillColor(accent)
        c.roundRect(x - 28, -12, 64, 46, 10, fill=1, stroke=0)
        c.setFillColor(colors.white)
        c.setFont(body_r, 13)
        c.drawCentredString(x + 4, 12, str(n))
        for i, (dx, dy) in enumerate(((0, 7), (8, 7), (0, -1))):
            c.setFillColor(accent if i != 1 else colors.HexColor("#e8a584"))
            c.rect(SW - 250 + dx, 18 + dy, 7, 7, fill=1, stroke=0)
        c.setFillColor(colors.HexColor("#444444"))
        c.setFont(body_b, 13)
        c.drawString(SW - 228, 20, "Helsedirektoratet")
    elif not dry and th.layout in ("wave", "halfpanel"):  # batch 12: the wave at the foot, or a progress bar
        _b12_footer(c, th, n, total)
    elif not dry and th.layout == "topbar":  # the number and the logo are in the bar at the top
        pass
    elif not dry and th.layout == "kicker":  # the slide number alone at the foot, right, small
        c.setFont(body_r, 11)
        c.setFillColor(colors.HexColor(th.accent2))
        c.drawRightString(SW - 50, 24, str(n))
    elif not dry and th.layout == "boxright":  # the organisation at the left, the number in the colour at the right
        c.setFont(body_r, 11)
        c.setFillColor(colors.grey)
        c.drawString(80, 24, "Helsedirektoratet")
        c.setFillColor(accent)
        c.setFont(body_b, 12)
        c.drawRightString(SW - 50, 24, str(n))
    elif not dry and th.layout == "vertical":  # the organisation and the number at the foot, right of the strip
        c.setFont(body_r, 11)
        c.setFillColor(colors.HexColor(th.colour))
        c.drawString(x, 24, "Helsedirektoratet")
        c.setFillColor(colors.grey)
        c.drawRightString(SW - 50, 24, str(n))
    elif not dry and th.layout == "centred":
        c.setFont(body_r, 11)
        c.setFillColor(colors.grey)
        c.drawCentredString(SW / 2, 24, f"– {n} –")
    elif not dry and stepped:  # a thin rule over a footer line
        c.setStrokeColor(accent)
        c.setLineWidth(0.8)
        c.line(60, 46, SW - 60, 46)
        c.setFont(body_r, 11)
        c.setFillColor(colors.HexColor("#555555"))
        c.drawString(60, 26, f"Helsedirektoratet · {year}" if year else "Helsedirektoratet")
        c.drawCentredString(SW / 2, 26, deck)
        c.drawRightString(SW - 60, 26, str(n))
    elif not dry and th.layout == "agenda":  # batch 14: the foot band is drawn with the sidebar
        pass
    elif not dry and th.layout == "bignum":  # batch 13: the organisation and the deck, the number is behind
        c.setFont(body_r, 11)
        c.setFillColor(colors.HexColor("#5d6d75"))
        c.drawString(80, 24, f"Helsedirektoratet  |  {deck}")
    elif not dry and th.deck_footer:
        c.setFont(body_r, 11)
        c.setFillColor(colors.HexColor("#b8c0cc") if dark else colors.grey)
        c.drawString(80, 24, deck)
        c.drawRightString(SW - 50, 24, f"{n} / {total}")
    elif not dry:
        c.setFont(body_r, 11)
        c.setFillColor(colors.white if side else colors.grey)
        c.drawString(30 if side else 80, 24, "Helsedirektoratet")
        c.setFillColor(colors.grey)
        c.drawRightString(SW - 50, 24, str(n))
    return y - reserve


def _tab_title(c, title: str, th: Theme, font: str, ts: float, x: float, right: float, dry: bool,  # noqa: ANN001
               divider: bool) -> float:
    """The 'tab' layout's title, white in a tab of the theme's colour with rounded corners hanging from
    the slide's top edge (only as wide as its longest line); on a slide with nothing else
    (``divider``), larger, in a tab from the slide's left edge across its middle. Returns where the
    body starts."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    sw, sh = th.size
    if divider:
        ds = ts * 1.35
        lines = simpleSplit(title, font, ds, sw * 0.7)
        hgt = len(lines) * ds * 1.25 + 70
        wid = max(stringWidth(ln, font, ds) for ln in lines)
        if not dry:
            white_on_tab(c, th.colour, (-30, sh / 2 - hgt / 2, x + 30 + wid + 60, hgt, 24), font, ds, x,
                         sh / 2 + hgt / 2 - 35 - ds * 0.95, lines)
        return sh / 2 - hgt / 2 - 40
    lines = simpleSplit(title, font, ts, right - x - 40)
    hgt = len(lines) * ts * 1.25 + 40
    wid = max(stringWidth(ln, font, ts) for ln in lines)
    if not dry:
        white_on_tab(c, th.colour, (x - 30, sh - hgt, wid + 60, hgt + 24, 18), font, ts, x, sh - 20 - ts * 0.95, lines)
    return sh - hgt - 46


def _stepped_band(c, th: Theme, bottom: float, sw: float, sh: float) -> None:  # noqa: ANN001
    """The 'stepped' layout's title band: from the theme's colour at the left, each of STEPS strips a
    little lighter (mixed with white) to the right, as a gradient exported in steps."""
    base = colors.HexColor(th.colour)
    w = sw / STEPS
    for i in range(STEPS):
        k = 0.45 * i / (STEPS - 1)  # share of white
        c.setFillColor(colors.Color(base.red + (1 - base.red) * k, base.green + (1 - base.green) * k,
                                    base.blue + (1 - base.blue) * k))
        c.rect(i * w, bottom, w + 1, sh - bottom, fill=1, stroke=0)


def _right_title(c, title: str, th: Theme, font: str, ts: float, dry: bool) -> None:  # noqa: ANN001
    """The 'right' layout's title: extra-light, right-aligned in a column at the slide's right, beside a
    vertical rule of the theme's colour (set smaller while a word or the whole title would not fit)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    col = 340
    lines = simpleSplit(title, font, ts, col)
    while ts > 16 and (max(stringWidth(w, font, ts) for w in title.split()) > col or len(lines) * ts * 1.2 > 540):
        ts -= 1
        lines = simpleSplit(title, font, ts, col)
    if dry:
        return
    c.setStrokeColor(colors.HexColor(th.colour))
    c.setLineWidth(2)
    c.line(860, 70, 860, SH - 60)
    c.setFillColor(colors.HexColor(th.colour))
    c.setFont(font, ts)
    y = SH - 80 - ts * 0.2
    for ln in lines:
        c.drawRightString(SW - 60, y, ln)
        y -= ts * 1.2


def _centred_title(c, lines: list[str], th: Theme, font: str, ts: float, dry: bool,  # noqa: ANN001
                   divider: bool) -> float:
    """The 'centred' layout's title, each line centred: on the slide's tinted upper part, a rule of
    the theme's colour under it; on a slide with nothing else (``divider``), larger, white on the
    theme's colour, in the middle of the slide. Returns where the body starts."""
    if divider:
        ds = ts * 1.3
        lines = simpleSplit(" ".join(lines), font, ds, SW - 240)
        if not dry:
            c.setFillColor(colors.HexColor(th.colour))
            c.rect(0, 0, SW, SH, fill=1, stroke=0)
            c.setFillColor(colors.white)
            c.setFont(font, ds)
            ty = SH / 2 + (len(lines) - 1) * ds * 0.65 - ds * 0.35
            for ln in lines:
                c.drawCentredString(SW / 2, ty, ln)
                ty -= ds * 1.3
        return SH / 2 - len(lines) * ds
    band = 70 + len(lines) * ts * 1.3  # the tinted part's height
    if not dry:
        c.setFillColor(colors.HexColor(th.tint))
        c.rect(0, SH - band, SW, band, fill=1, stroke=0)
        c.setStrokeColor(colors.HexColor(th.colour))
        c.setLineWidth(3)
        c.line(0, SH - band, SW, SH - band)
        c.setFillColor(colors.HexColor(th.colour))
        c.setFont(font, ts)
        ty = SH - 40 - ts
        for ln in lines:
            c.drawCentredString(SW / 2, ty, ln)
            ty -= ts * 1.3
    return SH - band - 50


def _fit(c, blocks: list[Block], th: Theme, n: int) -> float:  # noqa: ANN001
    """The scale at which a slide's text fits (long slides shrink), as render_deck finds it."""
    scale = 1.0
    for s in (1.0, 0.85, 0.72, 0.6, 0.5, 0.42):
        scale = s
        if _draw_slide(c, blocks, th, n, s, dry=True) > 50:
            break
    return scale


def _render_handout(src: Source, out: Path, th: Theme, title: str) -> Path:
    """A handout (``handout`` slides per A4 portrait page): each slide scaled into a thin frame, one
    under the other, the deck's title and the organisation over them, the page number under them.
    With ``th.notes``, each slide framed in the left part of the page with ruled lines for notes
    beside it, in narrower margins."""
    from reportlab.lib.pagesizes import A4

    pw, ph = A4
    sw, sh = th.size
    body_r = face(th.body_face)[0]
    c = pdfcanvas.Canvas(str(out), pagesize=A4)
    c.setTitle(title)
    per = th.handout
    # (margin, the title's and the page number's baselines, the first frame's top, from the page's edges)
    margin, head, foot, top = (60, 46, 38, 80) if th.notes else (70, 48, 40, 85)
    box_w = (pw - 120) * 0.56 if th.notes else pw - 2 * 70
    k = box_w / sw
    box_h = sh * k
    gap = (ph - 170 - per * box_h) / max(per - 1, 1)
    slides = src.slides
    pages = (len(slides) + per - 1) // per
    for page in range(pages):
        c.setFont(body_r, 8.5)
        c.setFillColor(colors.HexColor("#555555"))
        c.drawString(margin, ph - head, title)
        c.drawRightString(pw - margin, ph - head, "Helsedirektoratet")
        c.drawCentredString(pw / 2, foot, str(page + 1))
        for i in range(per):
            n = page * per + i + 1
            if n > len(slides):
                break
            blocks = slides[n - 1]
            y0 = ph - top - box_h - i * (box_h + gap)
            c.saveState()
            c.translate(margin, y0)
            c.scale(k, k)
            clip = c.beginPath()
            clip.rect(0, 0, sw, sh)
            c.clipPath(clip, stroke=0, fill=0)
            _draw_slide(c, blocks, th, n, _fit(c, blocks, th, n), dry=False, deck=title, total=len(slides))
            c.restoreState()
            c.setStrokeColor(colors.HexColor("#8c8c8c"))
            c.setLineWidth(0.6)
            c.rect(margin, y0, box_w, box_h, fill=0, stroke=1)
            if th.notes:
                c.setStrokeColor(colors.HexColor("#b5b5b5"))
                c.setLineWidth(0.5)
                x1 = margin + box_w + 24
                for j in range(7):  # the lines for notes, beside the slide
                    ly = y0 + box_h - 12 - j * (box_h - 12) / 6.5
                    c.line(x1, ly, pw - margin, ly)
        c.showPage()
    c.save()
    return out


def render_deck(src: Source, out: Path, th: Theme, title: str) -> Path:
    if th.handout:
        return _render_handout(src, out, th, title)
    c = pdfcanvas.Canvas(str(out), pagesize=th.size)
    c.setTitle(title)
    for n, blocks in enumerate(src.slides, start=1):
        scale = 1.0
        for s in (1.0, 0.85, 0.72, 0.6, 0.5, 0.42):
            scale = s
            if _draw_slide(c, blocks, th, n, s, dry=True) > 50:
                break
        year = str(int(src.meta.get("year", 0) or 0) - 1) if th.layout == "stepped" else ""
        _draw_slide(c, blocks, th, n, scale, dry=False, deck=title, total=len(src.slides), year=year)
        c.showPage()
    c.save()
    return out


def _boxright_title(c, title: str, th: Theme, font: str, ts: float, dry: bool) -> float:  # noqa: ANN001
    """The 'boxright' layout's title: white in a box of the theme's colour at the slide's top right, only
    as wide as its longest line (at most three lines, set smaller while longer). Returns where the body
    starts, under the box."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    sw, sh = th.size
    room = 640
    lines = simpleSplit(title, font, ts, room)
    while ts > 16 and len(lines) > 3:
        ts -= 1
        lines = simpleSplit(title, font, ts, room)
    wid = max(stringWidth(ln, font, ts) for ln in lines) + 56
    hgt = len(lines) * ts * 1.22 + 36
    top = sh - 36
    if not dry:
        c.setFillColor(colors.HexColor(th.colour))
        c.rect(sw - 40 - wid, top - hgt, wid, hgt, fill=1, stroke=0)
        c.setFillColor(colors.white)
        c.setFont(font, ts)
        y = top - 18 - ts * 0.9
        for ln in lines:
            c.drawString(sw - 40 - wid + 28, y, ln)
            y -= ts * 1.22
    return top - hgt - 44


def _b11_title(c, title: str, th: Theme, fonts: tuple[str, str], ts: float, x: float, right: float, n: int,  # noqa: ANN001, PLR0913
               deck: str, dry: bool) -> float:
    """Held-out batch 11's titles. 'topbar': a bar of the theme's colour across the slide's top edge with a
    logo-like mark and "Helsedirektoratet" at its left and the slide's number at its right (nothing at
    the foot), the title under it in the theme's colour over a short rule of ``accent2``. 'kicker': the
    deck's title in small letter-spaced capitals of ``accent2`` over every slide's title (a template's
    running label), the title large in the extra-light face. Returns where the body starts."""
    sw, sh = th.size
    title_r, title_b = fonts
    if th.layout == "topbar":
        bar = 54
        if not dry:
            c.setFillColor(colors.HexColor(th.colour))
            c.rect(0, sh - bar, sw, bar, fill=1, stroke=0)
            for i, (dx, dy) in enumerate(((0, 9), (11, 9), (0, -2))):
                c.setFillColor(colors.HexColor(th.accent2) if i == 1 else colors.white)
                c.rect(40 + dx, sh - bar / 2 - 4 + dy, 9, 9, fill=1, stroke=0)
            c.setFillColor(colors.white)
            c.setFont(face("sans")[1], 15)
            c.drawString(70, sh - bar / 2 - 5, "Helsedirektoratet")
            c.setFont(face("sans")[0], 15)
            c.drawRightString(sw - 40, sh - bar / 2 - 5, str(n))
        lines = simpleSplit(title, title_b, ts, right - x)
        y = sh - bar - 34 - ts * 0.8
        for ln in lines:
            if not dry:
                c.setFillColor(colors.HexColor(th.colour))
                c.setFont(title_b, ts)
                c.drawString(x, y, ln)
            y -= ts * 1.25
        if not dry:
            c.setFillColor(colors.HexColor(th.accent2))
            c.rect(x, y + ts * 0.55, 90, 5, fill=1, stroke=0)
        return y - 26
    kicker = deck.upper()
    ks = 13.0
    y = sh - 62
    if not dry:  # (the character spacing kept inside q … Q: the PDF's text state outlives the text object)
        c.saveState()
        c.setFillColor(colors.HexColor(th.accent2))
        c.setFont(face("sans")[1], ks)
        t = c.beginText(x, y)
        t.setCharSpace(2.2)
        t.textOut(kicker)
        c.drawText(t)
        c.restoreState()
    y -= 22 + ts
    for ln in simpleSplit(title, title_r, ts, right - x):
        if not dry:
            c.setFillColor(colors.HexColor(th.colour))
            c.setFont(title_r, ts)
            c.drawString(x, y, ln)
        y -= ts * 1.2
    return y - 22


def _mix(colour: str, k: float) -> colors.Color:
    """``colour`` mixed with white (``k`` > 0, that share of white) or black (``k`` < 0)."""
    base = colors.HexColor(colour)
    if k >= 0:
        return colors.Color(base.red + (1 - base.red) * k, base.green + (1 - base.green) * k, base.blue + (1 - base.blue) * k)
    return colors.Color(base.red * (1 + k), base.green * (1 + k), base.blue * (1 + k))


def _b12_panel(c, th: Theme, n: int) -> None:  # noqa: ANN001
    """The 'halfpanel' layout's picture: the slide's left part (470 px) a field of the theme's colour with
    soft overlapping shapes, lighter and darker, different on every slide (a stock photo's place)."""
    import random

    sw, sh = th.size
    rnd = random.Random(n)
    c.saveState()
    p = c.beginPath()
    p.rect(0, 0, 470, sh)
    c.clipPath(p, stroke=0, fill=0)
    c.setFillColor(_mix(th.colour, 0.35))
    c.rect(0, 0, 470, sh, fill=1, stroke=0)
    for _ in range(9):
        c.setFillColor(_mix(th.colour, rnd.uniform(-0.35, 0.7)))
        c.circle(rnd.uniform(-60, 520), rnd.uniform(-60, sh + 60), rnd.uniform(60, 230), fill=1, stroke=0)
    c.restoreState()


def _b12_title(c, title: str, th: Theme, font: str, ts: float, x: float, right: float, dry: bool) -> float:  # noqa: ANN001
    """Held-out batch 12's titles. 'wave': the title at the top left in the theme's colour, a row of dots at
    the top right (drawn with the footer). 'halfpanel': the title in capitals beside the picture panel, a
    short rule of ``accent2`` under it. Returns where the body starts."""
    sh = th.size[1]
    shown = title.upper() if th.layout == "halfpanel" else title
    lines = simpleSplit(shown, font, ts, right - x)
    y = sh - 80
    for ln in lines:
        if not dry:
            c.setFillColor(colors.HexColor(th.colour))
            c.setFont(font, ts)
            c.drawString(x, y, ln)
        y -= ts * 1.25
    if th.layout == "halfpanel":
        if not dry:
            c.setFillColor(colors.HexColor(th.accent2))
            c.rect(x, y + ts * 0.5, 60, 4, fill=1, stroke=0)
        return y - 30
    return y - 22


def _b12_footer(c, th: Theme, n: int, total: int) -> None:  # noqa: ANN001
    """Held-out batch 12's slide furniture. 'wave': two waves across the slide's foot, ``accent2`` behind the
    theme's colour, the organisation and the slide number white on them, and at the top right a dot per
    slide, this slide's filled. 'halfpanel': a thin progress bar across the foot of the text's column, the
    part done in ``accent2``, the slide number over its right end."""
    sw, sh = th.size
    body = face(th.body_face)[0]
    if th.layout == "wave":
        for colour, (a, b2, e) in ((th.accent2, (150, 30, 112)), (th.colour, (118, 14, 86))):
            c.setFillColor(colors.HexColor(colour))
            p = c.beginPath()
            p.moveTo(0, 0)
            p.lineTo(0, e - 20)
            p.curveTo(sw * 0.32, a, sw * 0.58, b2, sw, e)
            p.lineTo(sw, 0)
            p.close()
            c.drawPath(p, fill=1, stroke=0)
        c.setFillColor(colors.white)
        c.setFont(face("sans")[1], 14)
        c.drawString(60, 24, "Helsedirektoratet")
        c.setFont(body, 14)
        c.drawRightString(sw - 60, 24, str(n))
        for k in range(1, total + 1):
            cx = sw - 60 - (total - k) * 16
            if k == n:
                c.setFillColor(colors.HexColor(th.colour))
                c.circle(cx, sh - 32, 4.5, fill=1, stroke=0)
            else:
                c.setStrokeColor(colors.HexColor("#9aa5a0"))
                c.setLineWidth(1)
                c.circle(cx, sh - 32, 4, fill=0, stroke=1)
        return
    x0, x1 = 530, sw - 60
    c.setFillColor(colors.HexColor("#dcdae3"))
    c.rect(x0, 28, x1 - x0, 3, fill=1, stroke=0)
    c.setFillColor(colors.HexColor(th.accent2))
    c.rect(x0, 28, (x1 - x0) * n / max(total, 1), 3, fill=1, stroke=0)
    c.setFont(body, 11)
    c.setFillColor(colors.grey)
    c.drawRightString(x1, 38, str(n))


AGENDA14 = ("Bakgrunn", "Nytt i ISF", "Kodeverk og grupperinger", "Økonomi og refusjoner", "Spørsmål og avslutning")


def _b14_agenda(c, th: Theme, n: int, total: int) -> None:  # noqa: ANN001
    """The 'agenda' layout's furniture (held-out batch 14): a pale sidebar at the slide's left with "Agenda" and the
    deck's five parts numbered, the part this slide is in (by its place in the deck) white on the theme's colour;
    a band of the colour across the foot with a logo-like mark, "Helsedirektoratet" and "n / N"."""
    sw, sh = th.size
    body_r, body_b = face(th.body_face)
    c.setFillColor(colors.HexColor("#eef1f5"))
    c.rect(0, 44, 330, sh - 44, fill=1, stroke=0)
    c.setFillColor(colors.HexColor(th.accent2))
    c.rect(40, sh - 70, 40, 5, fill=1, stroke=0)
    c.setFillColor(colors.HexColor(th.colour))
    c.setFont(body_b, 15)
    c.drawString(40, sh - 100, "Agenda")
    here = min(len(AGENDA14) - 1, (n - 1) * len(AGENDA14) // max(total, 1))
    y = sh - 160
    for k, item in enumerate(AGENDA14):
        if k == here:
            c.setFillColor(colors.HexColor(th.colour))
            c.rect(24, y - 14, 290, 42, fill=1, stroke=0)
        c.setFillColor(colors.white if k == here else colors.HexColor("#5c6670"))
        c.setFont(body_b if k == here else body_r, 15)
        c.drawString(40, y, f"{k + 1}")
        c.drawString(68, y, item)
        y -= 58
    c.setFillColor(colors.HexColor(th.colour))
    c.rect(0, 0, sw, 44, fill=1, stroke=0)
    for i, (dx, dy) in enumerate(((0, 8), (9, 8), (0, -1))):
        c.setFillColor(colors.HexColor(th.accent2) if i == 1 else colors.white)
        c.rect(40 + dx, 16 + dy, 8, 8, fill=1, stroke=0)
    c.setFillColor(colors.white)
    c.setFont(body_b, 13)
    c.drawString(66, 17, "Helsedirektoratet")
    c.setFont(body_r, 13)
    c.drawRightString(sw - 40, 17, f"{n} / {total}")


def _b15_cards(c, b: Block, th: Theme, font: str, bs: float, x: float, right: float, y: float, dry: bool) -> float:  # noqa: ANN001, PLR0913
    """The 'cards' layout's bullet list: each top-level item a card with rounded corners (its sub-items under it in
    the card, after a dash), two cards a row, a row as tall as its taller card, a bar of ``accent2`` down each
    card's left edge. Returns where the text goes on under the grid."""
    groups: list[list[tuple[int, str]]] = []
    for lvl, text in b.items:
        if lvl and groups:
            groups[-1].append((lvl, text))
        else:
            groups.append([(0, text)])
    ncol = 1 if len(groups) == 1 else 2
    gap = 24
    cw = (right - x - gap * (ncol - 1)) / ncol
    pad = 18
    for r0 in range(0, len(groups), ncol):
        row = groups[r0:r0 + ncol]
        laid = []
        for g in row:
            lines = []
            for lvl, text in g:
                indent = pad + 8 + (22 if lvl else 0)
                for k, ln in enumerate(simpleSplit(text, font, bs, cw - indent - pad)):
                    lines.append((indent, ln, bool(lvl) and k == 0))
            laid.append(lines)
        hgt = max(len(ls) for ls in laid) * bs * 1.3 + 2 * pad - bs * 0.3
        for j, lines in enumerate(laid):
            cx = x + j * (cw + gap)
            if not dry:
                c.setFillColor(colors.HexColor("#eef1f6"))
                c.roundRect(cx, y + bs - hgt + pad * 0.2, cw, hgt, 10, fill=1, stroke=0)
                c.setFillColor(colors.HexColor(th.accent2))
                c.rect(cx, y + bs - hgt + pad * 0.2 + 8, 5, hgt - 16, fill=1, stroke=0)
            yy = y - pad + bs * 0.2
            for indent, ln, dash in lines:
                if not dry:
                    c.setFillColor(colors.black)
                    c.setFont(font, bs)
                    if dash:
                        c.drawString(cx + indent - 16, yy, "–")
                    c.drawString(cx + indent, yy, ln)
                yy -= bs * 1.3
        y -= hgt + 16
    return y - 6
