"""The web-print family: the gold text as an HTML page, printed to PDF by Chromium.

A generator the extractor was never written against: Skia's PDF backend (its own text runs,
font subsets and spacing), CSS layout (columns, hidden counters, flex dot leaders) and Chromium's
own print header and footer. It stands for a web page from helsedirektoratet.no saved as PDF, and
for reports made from HTML. Variants differ in several things at once:

- ``web-page``: sans body, large headings with their numbers, Chromium's header (date, title) and
  footer (address, "N/M") on every page;
- ``serif-hidden``: serif body, chapter heads in a coloured box, level-2 numbers not printed,
  tagged PDF and an outline from Chromium;
- ``columns``: two CSS columns, chapter heads and tables spanning both, justified small text;
- ``toc``: a linked table of contents with dot leaders, level-1 heads in capitals at body size,
  bold level-2 heads at body size, "Side N av M" in the footer.

Held-out variants (``held_out``, bench/README.md) are listed in WEB_VARIANTS with the others.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from bench.layouts.source import Block, Source

CHROMIUM = Path("/usr/bin/chromium")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")  # fonts-dejavu-core, which the bootstrap installs


def _font_faces() -> str:
    """@font-face rules naming the DejaVu files themselves, so Chromium embeds these fonts whatever
    else the machine has installed (no fontconfig fallback decides the glyphs)."""
    out = []
    for family, stem in (("Doc Sans", "DejaVuSans"), ("Doc Serif", "DejaVuSerif")):
        for weight, suffix in (("normal", ""), ("bold", "-Bold")):
            out.append(f"@font-face {{ font-family: '{family}'; font-weight: {weight}; "
                       f"src: url('{(DEJAVU / f'{stem}{suffix}.ttf').as_uri()}'); }}")
    return "\n".join(out)


def _font_faces_full(family: str, stem: str, italic: str) -> str:
    """@font-face rules for one DejaVu family with its italics (``italic``: "Italic" or "Oblique"),
    under a family name of its own: the earlier variants' synthesized italics stay as they were."""
    out = []
    for weight, style, suffix in (("normal", "normal", ""), ("bold", "normal", "-Bold"),
                                  ("normal", "italic", f"-{italic}"), ("bold", "italic", f"-Bold{italic}")):
        out.append(f"@font-face {{ font-family: '{family}'; font-weight: {weight}; font-style: {style}; "
                   f"src: url('{(DEJAVU / f'{stem}{suffix}.ttf').as_uri()}'); }}")
    return "\n".join(out)


LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True)
class WebVariant:
    name: str
    css: str
    numbered_to: int = 9  # deepest heading level whose number is printed
    toc: bool = False
    header: str | None = None  # Chromium header template
    footer: str | None = None
    tagged: bool = False
    margin: str = "18mm"
    held_out: int = 0  # see reports.Variant.held_out
    # Settings added with held-out batch 3; their defaults are the earlier variants' page.
    number_span: bool = False  # a heading's number and title in spans of their own (.num, .t) for the CSS
    number_dot: bool = False  # heading numbers printed with a trailing dot: "3.1."
    scan_dpi: int = 200  # see reports.Variant.scan_dpi
    scan_skew: float = 0.4
    # Settings added with held-out batch 4; their defaults are the earlier variants' page.
    landscape: bool = False  # landscape A4
    scan_jpeg: int = 0  # see reports.Variant.scan_jpeg
    scan_paper: int = 255
    scan_ink: int = 0
    # Settings added with held-out batch 5; their defaults are the earlier variants' page.
    hyphenate: bool = False  # soft hyphens in paragraphs and list items, so justified lines break in words
    watermark: str | None = None  # a word large and pale across every page (a fixed element repeats per page)
    scan_bilevel: int = 0  # see reports.Variant.scan_bilevel
    scan_copy: bool = False
    scan_dust: float = 0.0004
    # Settings added with held-out batch 6; their defaults are the earlier variants' page.
    cover: bool = False  # a cover page (organisation, title, date) before the contents and the text
    css_pages: bool = False  # the page size from the CSS @page rules (named pages: landscape table pages)
    scan_light: float = 0.0  # see reports.Variant.scan_light
    # Settings added with held-out batch 7; their defaults are the earlier variants' page.
    portal: bool = False  # a printed web page's furniture before the text: breadcrumbs and "Sist faglig oppdatert"
    margin_text: bool = False  # "Helsedirektoratet · <title>" set vertically in the left margin (a fixed element)
    hyphenate_heads: bool = False  # soft hyphens in heading titles (a designer's, where a long word meets a narrow column)
    scan_ocr: bool = False  # see reports.Variant.scan_ocr
    scan_colour: str | None = None
    scan_part: tuple[float, float] = (0.0, 1.0)
    scan_nup: int = 1
    # Settings added with held-out batch 8; their defaults are the earlier variants' page.
    css_counters: bool = False  # heading numbers generated by CSS counters (::before), not in the HTML's text
    fact_box: bool = False  # a level-2 section's short first paragraph in a box floated left, the text beside it
    ordered: bool = False  # bullets as an ordered list ("1.", "2." markers)
    scan_staple: bool = False  # see reports.Variant.scan_staple
    scan_stain: bool = False
    scan_phone: bool = False
    scan_halftone: bool = False
    scan_fold: bool = False
    # Settings added with held-out batch 9; their defaults are the earlier variants' page.
    site_chrome: bool = False  # the site's furniture printed: a cookie notice over the top of page 1, the site's menu bar
    details: bool = False  # each level-2 section a <details open> whose <summary> is the head, a ▾ marker before it
    scan_showthrough: bool = False  # see reports.Variant.scan_showthrough
    scan_fax: bool = False
    scan_stamp: bool = False
    scan_highlight: bool = False
    scan_lid: bool = False
    # Settings added with held-out batch 10; their defaults are the earlier variants' page.
    side_nav: bool = False  # a left sidebar "På denne siden" (the page's chapters, linked) beside the text on page 1
    to_top: bool = False  # a "↑ Til toppen" link at the end of every chapter, as a long web page has
    num_dash: bool = False  # heading numbers followed by an em dash, "3.2 — Title" (a span of its own)
    scan_streak: bool = False  # the scan: a document feeder's dirty glass, thin vertical streaks down every page
    scan_fade: bool = False  # the scan: a printer low on toner, a pale band down every page
    # Settings added with held-out batch 11; their defaults are the earlier variants' page.
    scale: float = 1.0  # the print's scale (Chromium's "Skaler"), the page's content shrunk on the sheet
    scan_curve: bool = False  # see reports.Variant.scan_curve
    scan_comb: bool = False
    scan_dogear: bool = False
    scan_slip: bool = False
    # Settings added with held-out batch 12; their defaults are the earlier variants' page.
    site_menu: bool = False  # the site's left navigation column (a fixed element: printed on every page) and breadcrumbs
    dated: bool = False  # every chapter head followed by a line with its date, "Sist faglig oppdatert: …"
    scan_lowres: int = 0  # see reports.Variant.scan_lowres
    scan_shrink: float = 0.0
    scan_redstamp: bool = False
    scan_crumple: bool = False
    # Settings added with held-out batch 13; their defaults are the earlier variants' page.
    toolbar: bool = False  # a page's share/print toolbar ("Del", "Skriv ut", "Last ned PDF", "Abonner") at the top
    inline_links: bool = False  # terms in the running text as links, blue and underlined, an external-link mark after
    feedback: bool = False  # the site's "Fant du det du lette etter?" box with "Ja" / "Nei" after the text
    scan_washed: bool = False  # see bench.layouts.__main__.rasterise (scanned too light)
    # Settings added with held-out batch 14; their defaults are the earlier variants' page.
    print_urls: bool = False  # a term per paragraph a link, its address printed after it by the print stylesheet
    scan_banding: bool = False  # see bench.layouts.__main__.rasterise (a lamp's flicker)
    # Settings added with held-out batch 15; their defaults are the earlier variants' page.
    card_tables: bool = False  # tables printed as a phone-width page shows them: each row a card, each cell after
    # its column's name ("Navn 2024: …"), the header row hidden (a responsive table's print)
    scan_nozzle: bool = False  # see bench.layouts.__main__.rasterise (an inkjet's clogged nozzles)


_HF = "font-family: 'Doc Sans'; font-size: 8px; color: #555; width: 100%; padding: 0 14mm;"


def _contents_css(title_pt: float, indent_mm: float) -> str:
    """A linked contents list on a page of its own: entries indented by level, a dotted leader
    drawn by a flex filler (no page numbers: a printed web page has none to give)."""
    return f"""nav {{ break-after: page; }}
nav h1.toc {{ font-size: {title_pt}pt; text-transform: none; }}
nav a {{ display: flex; color: inherit; text-decoration: none; }}
nav a .t {{ flex: none; }}
nav a .dots {{ flex: 1; border-bottom: 1px dotted #333; margin: 0 4px 5px; }}
nav a.l2 {{ padding-left: {indent_mm}mm; }}
nav a.l3 {{ padding-left: {2 * indent_mm}mm; }}"""

WEB_VARIANTS = [
    WebVariant(
        "web-page",
        css="""
body { font-family: 'Doc Sans'; font-size: 14px; line-height: 1.55; color: #222; max-width: 170mm; }
h1 { font-size: 26px; margin: 28px 0 10px; color: #00244e; }
h2 { font-size: 20px; margin: 22px 0 8px; color: #00244e; }
h3 { font-size: 16px; margin: 16px 0 6px; }
table { border-collapse: collapse; margin: 10px 0; font-size: 12px; }
td, th { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #e8eef5; }
caption { caption-side: top; text-align: left; font-style: italic; padding-bottom: 4px; }
""",
        header=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>29.11.2026, 10:14</span><span class="title"></span></div>',
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>https://www.helsedirektoratet.no/tema/finansiering/isf</span>'
               '<span><span class="pageNumber"></span>/<span class="totalPages"></span></span></div>',
        margin="16mm",
    ),
    WebVariant(
        "serif-hidden",
        css="""
body { font-family: 'Doc Serif'; font-size: 10.5pt; line-height: 1.4; color: #111; }
h1 { font-family: 'Doc Sans'; font-size: 17pt; background: #d7ebe4; color: #0b4f3c; padding: 8px 10px;
     margin: 0 0 12px; break-before: page; }
h1:first-of-type { break-before: auto; }
h2 { font-family: 'Doc Sans'; font-size: 12.5pt; color: #0b4f3c; margin: 16px 0 4px; }
h3 { font-family: 'Doc Sans'; font-size: 11pt; font-style: italic; margin: 12px 0 4px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 9pt; width: 100%; }
td, th { border-bottom: 0.6pt solid #0b4f3c; padding: 2px 4px; text-align: left; vertical-align: top; }
th { border-bottom-width: 1.2pt; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9pt; padding-bottom: 3px; }
""",
        numbered_to=1,
        tagged=True,
        footer=f'<div style="{_HF} text-align:right"><span class="pageNumber"></span></div>',
        margin="20mm",
    ),
    WebVariant(
        "columns",
        css="""
body { font-family: 'Doc Sans'; font-size: 9pt; line-height: 1.3; }
main { column-count: 2; column-gap: 7mm; text-align: justify; overflow-wrap: anywhere; }
h1 { column-span: all; font-size: 15pt; border-bottom: 2px solid #7a1f3d; color: #7a1f3d; margin: 14px 0 8px; }
h2 { font-size: 10.5pt; margin: 10px 0 3px; }
h3 { font-size: 9.5pt; font-style: italic; margin: 8px 0 2px; }
.tablewrap { column-span: all; overflow-wrap: normal; }
table { border-collapse: collapse; margin: 6px 0; font-size: 8pt; width: 100%; text-align: left; }
td, th { border: 0.5pt solid #444; padding: 2px 3px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-style: italic; }
p { margin: 0 0 5px; }
""",
        footer=f'<div style="{_HF} text-align:center"><span class="pageNumber"></span></div>',
        margin="15mm",
    ),
    WebVariant(
        "toc",
        css="""
body { font-family: 'Doc Serif'; font-size: 11pt; line-height: 1.5; }
h1 { font-size: 11pt; text-transform: uppercase; margin: 18px 0 6px; }
h2 { font-size: 11pt; margin: 14px 0 4px; }
h3 { font-size: 11pt; font-weight: normal; font-style: italic; margin: 10px 0 2px; }
""" + _contents_css(14, 8) + """
table { border-collapse: collapse; margin: 8px 0; font-size: 9.5pt; }
td, th { border: 0.5pt solid #000; padding: 2px 5px; text-align: left; vertical-align: top; }
caption { caption-side: top; text-align: left; }
""",
        toc=True,
        footer=f'<div style="{_HF} text-align:center">Side <span class="pageNumber"></span> av '
               '<span class="totalPages"></span></div>',
        margin="25mm",
    ),
    WebVariant(
        "brochure",
        css="""
body { font-family: 'Doc Sans'; font-size: 10pt; line-height: 1.35; color: #1a1a1a; }
main { column-count: 2; column-gap: 5mm; }
p, li { overflow-wrap: anywhere; }  /* a long web address breaks instead of overflowing */
/* a table of three or more columns runs across both (it would overflow one) */
.cols-3, .cols-4, .cols-5, .cols-6, .cols-7 { column-span: all; }
h1 { column-span: all; font-size: 16pt; background: #233d6b; color: #fff; padding: 6px 8px; margin: 12px 0 8px; }
h2 { font-size: 11pt; color: #233d6b; margin: 10px 0 3px; }
h3 { font-size: 10pt; margin: 8px 0 2px; }
table { border-collapse: collapse; margin: 6px 0; font-size: 8.5pt; width: 100%; }
td, th { border-top: 0.5pt solid #233d6b; padding: 2px 3px; text-align: left; vertical-align: top; }
caption { caption-side: top; text-align: left; font-weight: bold; }
p { margin: 0 0 6px; }
""",
        header=f'<div style="{_HF} text-align:left"><span class="title"></span></div>',
        footer=f'<div style="{_HF} text-align:right">Side <span class="pageNumber"></span> av '
               '<span class="totalPages"></span></div>',
        margin="14mm",
        held_out=1,
    ),
    WebVariant(
        "memo-serif",
        css="""
body { font-family: 'Doc Serif'; font-size: 12pt; line-height: 1.45; }
h1 { font-size: 12pt; text-transform: uppercase; margin: 20px 0 6px; }
h2 { font-size: 12pt; margin: 14px 0 4px; }
h3 { font-size: 12pt; font-style: italic; margin: 10px 0 2px; }
""" + _contents_css(15, 6) + """
table { border-collapse: collapse; margin: 8px 0; font-size: 10pt; width: 100%; }
td, th { border: 0.75pt solid #000; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #ddd; }
caption { caption-side: top; text-align: left; font-style: italic; }
""",
        toc=True,
        header=f'<div style="{_HF} text-align:right"><span class="title"></span></div>',
        footer=f'<div style="{_HF} text-align:center">Side <span class="pageNumber"></span> av '
               '<span class="totalPages"></span></div>',
        margin="28mm",
        held_out=1,
    ),
    WebVariant(
        "zebra",
        css="""
body { font-family: 'Doc Sans'; font-size: 10.5pt; line-height: 1.45; color: #222; }
h1 { font-size: 18pt; color: #1f4e79; border-bottom: 1.5pt solid #1f4e79; padding-bottom: 3px; margin: 24px 0 10px; }
h2 { font-size: 13pt; color: #1f4e79; margin: 16px 0 5px; }
h3 { font-size: 11pt; margin: 12px 0 4px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 9pt; width: 100%; }
td, th { padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #1f4e79; color: #fff; }
tbody tr:nth-child(even) { background: #e9eef5; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 3px; }
""",
        footer=f'<div style="{_HF} text-align:center">Side <span class="pageNumber"></span> av '
               '<span class="totalPages"></span></div>',
        margin="20mm",
        held_out=2,
    ),
    WebVariant(
        "margin-numbers",
        css=_font_faces_full("Doc Serif Text", "DejaVuSerif", "Italic")
        + _font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique") + """
body { font-family: 'Doc Serif Text'; font-size: 10pt; line-height: 1.45; color: #1b1b1b; }
main { margin-left: 24mm; }
/* the heading numbers hang in a margin column left of the text (a grid heading is not kept
   whole by orphans/widows the way a block is: a wrapped title would break across two pages) */
h1, h2, h3 { font-family: 'Doc Sans Text'; display: grid; grid-template-columns: 24mm 1fr; margin-left: -24mm;
             break-inside: avoid; }
h1 .t, h2 .t, h3 .t { grid-column: 2; }
h1 { font-size: 16pt; color: #003a5d; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 0.75pt solid #003a5d; }
h2 { font-size: 12pt; color: #003a5d; margin: 18px 0 6px; }
h3 { font-size: 10.5pt; font-style: italic; margin: 12px 0 4px; }
p { margin: 0 0 7px; }
/* tables ruled by columns only, the header row shaded */
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 8.5pt; width: 100%; }
td, th { border-left: 0.6pt solid #7a8a99; border-right: 0.6pt solid #7a8a99; padding: 2px 5px; text-align: left;
         vertical-align: top; }
th { background: #d9e2ea; }
caption { caption-side: top; text-align: left; font-family: 'Doc Sans Text'; font-weight: bold; padding-bottom: 3px; }
""",
        number_span=True,
        header=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span class="title"></span><span>Helsedirektoratet</span></div>',
        footer=f'<div style="{_HF} text-align:right">Side <span class="pageNumber"></span></div>',
        margin="20mm",
        held_out=3,
        scan_dpi=300,
        scan_skew=0.5,
    ),
    WebVariant(
        "numbox",
        css=_font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique") + """
body { font-family: 'Doc Sans Text'; font-size: 10pt; line-height: 1.5; color: #222; }
/* paragraphs marked by a first-line indent, not by space between them */
p { margin: 0; text-indent: 1.5em; }
h1 + p, h2 + p, h3 + p, ul + p, .tablewrap + p { text-indent: 0; }
h1 { font-family: 'Doc Serif'; font-size: 19pt; color: #4b1d3f; margin: 0 0 14px; break-before: page; }
h1:first-of-type { break-before: auto; }
h1 .num { display: inline-block; background: #4b1d3f; color: #fff; padding: 0 8px; margin-right: 6px; }
h2 { font-size: 12.5pt; margin: 18px 0 6px; }
h2 .num { color: #4b1d3f; }
h3 { font-size: 10pt; font-variant: small-caps; letter-spacing: 0.03em; margin: 12px 0 4px; }
ul { margin: 6px 0; }
table { border-collapse: collapse; margin: 10px 0; font-size: 9pt; width: 100%; }
th { background: #4b1d3f; color: #fff; text-align: left; padding: 3px 6px; vertical-align: top; }
td { border-bottom: 0.5pt solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
td:first-child { font-weight: bold; }
/* the caption under its table */
caption { caption-side: bottom; text-align: left; font-size: 8.5pt; font-style: italic; padding-top: 4px; }
""",
        number_span=True,
        number_dot=True,
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span class="title"></span><span><span class="pageNumber"></span>/<span class="totalPages"></span>'
               '</span></div>',
        margin="18mm",
        held_out=3,
        scan_skew=0.7,
    ),
]


# bullets numbered "1)", "2)" … (a second level "a)" …) by CSS counters, as a numbered list in a web page
_NUMBERED_LISTS = """
ul { list-style: none; counter-reset: item; padding-left: 7mm; margin: 6px 0; }
ul > li { counter-increment: item; }
ul > li::before { content: counter(item) ") "; margin-left: -6mm; display: inline-block; width: 6mm; }
ul ul > li::before { content: counter(item, lower-alpha) ") "; }
"""
_BANNER = ("-webkit-print-color-adjust: exact; print-color-adjust: exact; background: #0e5a8a; color: #fff; "
           "font-family: 'Doc Sans'; font-size: 9px; width: 100%; margin: -6px 0 0; padding: 8px 14mm; "
           "display: flex; justify-content: space-between")

WEB_VARIANTS += [
    WebVariant(
        "strip",
        css=_font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique") + """
body { font-family: 'Doc Sans Text'; font-size: 10pt; line-height: 1.5; color: #222; }
h1, h2, h3 { break-inside: avoid; }
/* headings on a background strip across the text: dark with white text, then light */
h1 { font-size: 15pt; color: #fff; background: #0e5a8a; padding: 5px 10px; margin: 24px 0 10px; break-after: avoid; }
h2 { font-size: 12pt; color: #0e5a8a; background: #e3eef6; padding: 3px 10px; margin: 16px 0 6px; break-after: avoid; }
h3 { font-size: 10.5pt; color: #0e5a8a; margin: 12px 0 4px; break-after: avoid; }
p { margin: 0 0 7px; }
/* every fourth paragraph a callout box, tinted with a bar at its left */
main > p:nth-of-type(4n) { background: #fff4d6; border-left: 4px solid #d89b00; padding: 6px 10px; }
""" + _NUMBERED_LISTS + """
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 8px 0; }
th { text-align: left; border-bottom: 1.5pt solid #0e5a8a; padding: 3px 5px; vertical-align: bottom; }
td { border-bottom: 0.4pt solid #c8c8c8; padding: 3px 5px; vertical-align: top; }
caption { caption-side: top; text-align: left; color: #0e5a8a; font-weight: bold; padding-bottom: 3px; }
""",
        header=f'<div style="{_BANNER}"><span>Helsedirektoratet</span><span class="title"></span></div>',
        footer=f'<div style="{_HF} text-align:center">- <span class="pageNumber"></span> -</div>',
        margin="20mm",
        held_out=4,
        scan_dpi=240,
        scan_skew=0.5,
        scan_paper=232,
        scan_ink=40,
    ),
    WebVariant(
        "trio",
        css=_font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique") + """
body { font-family: 'Doc Serif'; font-size: 8.5pt; line-height: 1.35; color: #1a1a1a; }
/* a three-column brochure on landscape A4, chapter heads and tables across all three */
main { column-count: 3; column-gap: 8mm; }
h1, h2, h3 { break-inside: avoid; }  /* a heading is not split between two columns */
p, li { overflow-wrap: anywhere; }
h1 { column-span: all; font-family: 'Doc Sans Text'; font-size: 17pt; color: #2d5016; border-left: 7px solid #2d5016;
     padding: 2px 0 2px 10px; margin: 14px 0 10px; }
h2 { font-family: 'Doc Sans Text'; font-size: 10pt; color: #2d5016; margin: 9px 0 3px; break-after: avoid; }
h3 { font-family: 'Doc Sans Text'; font-size: 9pt; font-style: italic; margin: 7px 0 2px; break-after: avoid; }
p { margin: 0 0 5px; }
.tablewrap { column-span: all; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 6px 0; }
th { background: #e4ecd9; text-align: left; padding: 2px 4px; vertical-align: top; border-bottom: 0.8pt solid #2d5016; }
td { border-bottom: 0.4pt solid #bbb; padding: 2px 4px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-family: 'Doc Sans Text'; font-weight: bold; font-size: 8.5pt; }
""",
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span class="title"></span><span>Side <span class="pageNumber"></span></span></div>',
        margin="12mm",
        held_out=4,
        landscape=True,
        scan_skew=1.2,
        scan_jpeg=45,
    ),
]

# Held-out batch 5.
WEB_VARIANTS += [
    WebVariant(
        "draft",
        css=_font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique") + """
body { font-family: 'Doc Serif'; font-size: 10.5pt; line-height: 1.42; color: #202020; }
/* justified text broken in words at the soft hyphens (hyphens: manual) */
main { text-align: justify; hyphens: manual; }
p { margin: 0 0 6px; }
h1, h2, h3 { break-inside: avoid; break-after: avoid; text-align: left; }
/* the chapter number white in a circle */
h1 { font-family: 'Doc Sans Text'; font-size: 16pt; color: #7b1e3a; margin: 22px 0 10px; }
h1 .num { display: inline-block; width: 1.9em; height: 1.9em; line-height: 1.9em; border-radius: 50%;
          background: #7b1e3a; color: #fff; text-align: center; font-size: 0.8em; margin-right: 10px;
          vertical-align: middle; }
/* level-2 heads in letter-spaced capitals, level-3 underlined */
h2 { font-family: 'Doc Sans Text'; font-size: 10.5pt; letter-spacing: 0.14em; text-transform: uppercase;
     color: #7b1e3a; margin: 16px 0 5px; }
h3 { font-size: 10.5pt; text-decoration: underline; margin: 12px 0 4px; }
/* the watermark: a fixed element is printed on every page */
.wm { position: fixed; top: 40%; left: -10%; width: 120%; text-align: center; transform: rotate(-52deg);
      font-family: 'Doc Sans'; font-weight: bold; font-size: 120pt; color: #e8e8e8; z-index: -1; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 8px 0; text-align: left; }
th { border-top: 1.2pt solid #7b1e3a; border-bottom: 1.2pt solid #7b1e3a; padding: 3px 5px; vertical-align: top; }
td { border-bottom: 0.4pt dotted #777; padding: 3px 5px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-style: italic; padding-bottom: 3px; }
""",
        number_span=True,
        footer=f'<div style="{_HF} display:flex; justify-content:space-between; border-top: 0.5px solid #999; '
               'padding-top: 2px; margin: 0 14mm;"><span>Utkast til høring</span>'
               '<span class="pageNumber"></span></div>',
        margin="22mm",
        held_out=5,
        hyphenate=True,
        watermark="UTKAST",
        scan_dpi=300,
        scan_skew=0.6,
        scan_bilevel=140,
        scan_dust=0.001,
    ),
    WebVariant(
        "sidehead",
        css=_font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique")
        + _font_faces_full("Doc Cond", "DejaVuSansCondensed", "Oblique") + """
body { font-family: 'Doc Sans Text'; font-size: 9.5pt; line-height: 1.45; color: #1e1e1e; }
/* side heads: level-2 and level-3 heads (condensed) in a column left of the text, beside their
   first paragraph */
main { margin-left: 54mm; }
h1 { margin: 22px 0 12px -54mm; font-size: 18pt; color: #00507a; border-top: 3px solid #00507a; padding-top: 6px;
     break-after: avoid; break-inside: avoid; }
h2, h3 { font-family: 'Doc Cond'; float: left; clear: left; width: 49mm; margin: 1px 0 8px -54mm;
         break-inside: avoid; }
h2 { font-size: 10.5pt; color: #00507a; }
h3 { font-size: 9.5pt; font-style: italic; color: #333; }
p { margin: 0 0 7px; }
main > p, main > ul, main > .tablewrap { clear: left; }
h2 + p, h3 + p, h2 + ul, h3 + ul { clear: none; }
ul { margin: 4px 0 8px; padding-left: 5mm; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 6px 0 10px; text-align: left; }
th { background: #00507a; color: #fff; padding: 3px 5px; vertical-align: top; }
td { background: #eef4f8; border-bottom: 2px solid #fff; padding: 3px 5px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-weight: bold; color: #00507a; padding-bottom: 3px; }
""",
        footer=f'<div style="{_HF} display:flex; justify-content:space-between; align-items:center">'
               '<span style="background:#00507a; color:#fff; padding:2px 6px; font-weight:bold; '
               '-webkit-print-color-adjust: exact;">HDIR</span><span class="pageNumber"></span></div>',
        margin="17mm",
        held_out=5,
        scan_dpi=200,
        scan_skew=0.9,
        scan_copy=True,
    ),
]

_LIGHT = f"@font-face {{ font-family: 'Doc Light'; src: url('{(DEJAVU / 'DejaVuSans-ExtraLight.ttf').as_uri()}'); }}"
# a logo-like mark drawn in CSS (three squares, no text) for a Chromium header
_LOGO = ('<span style="display:inline-block; position:relative; width:15px; height:15px; '
         '-webkit-print-color-adjust: exact;">'
         '<span style="position:absolute; left:0; top:0; width:7px; height:7px; background:#025169"></span>'
         '<span style="position:absolute; left:8px; top:0; width:7px; height:7px; background:#7fb2c7"></span>'
         '<span style="position:absolute; left:0; top:8px; width:7px; height:7px; background:#025169"></span></span>')

# Held-out batch 6.
WEB_VARIANTS += [
    WebVariant(
        "accordion",
        css=_font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique") + """
body { font-family: 'Doc Sans Text'; font-size: 10pt; line-height: 1.55; color: #1d1d1b; }
p { margin: 0 0 8px; }
h1 { font-size: 20pt; color: #025169; margin: 26px 0 12px; break-after: avoid; break-inside: avoid; }
h1 .num { color: #5f93a8; margin-right: 2px; }
/* level-2 heads as the bars of an accordion opened for print: a tinted panel with a border and
   rounded corners, a chevron drawn (no text) at its right */
h2 { position: relative; font-size: 11pt; color: #025169; background: #eef4f7; border: 1px solid #c5d7e0;
     border-radius: 4px; padding: 7px 38px 7px 12px; margin: 18px 0 9px; break-after: avoid; break-inside: avoid;
     -webkit-print-color-adjust: exact; }
h2::after { content: ""; position: absolute; right: 15px; top: 50%; width: 7px; height: 7px; margin-top: -6px;
            border-right: 2px solid #025169; border-bottom: 2px solid #025169; transform: rotate(45deg); }
/* level-3 heads run in: bold, a full stop, the paragraph on the same line */
h3 { display: inline; font-size: 10pt; color: #025169; }
h3::after { content: ". "; }
h3 + p { display: inline; }
h3 + p::after { content: ""; display: block; margin-bottom: 8px; }
ul { padding-left: 6mm; margin: 4px 0 10px; }
li::marker { color: #025169; }
/* tables in a card with rounded corners, the caption a dark tab over its top left */
.tablewrap { margin: 14px 0; }
table { border-collapse: separate; border-spacing: 0; width: 100%; font-size: 8.8pt; border: 1px solid #c5d7e0;
        border-radius: 0 4px 4px 4px; }
caption { caption-side: top; text-align: left; width: fit-content; max-width: 80%; background: #025169; color: #fff;
          font-weight: bold; padding: 3px 10px; border-radius: 4px 4px 0 0; -webkit-print-color-adjust: exact; }
th { text-align: left; border-bottom: 2px solid #025169; padding: 4px 6px; vertical-align: bottom; }
td { border-top: 1px solid #e1e9ee; padding: 4px 6px; vertical-align: top; }
""",
        number_span=True,
        header=f'<div style="{_HF} display:flex; justify-content:space-between; align-items:center">{_LOGO}'
               '<span class="title"></span></div>',
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>helsedirektoratet.no</span><span>Side <span class="pageNumber"></span> av '
               '<span class="totalPages"></span></span></div>',
        margin="18mm",
        held_out=6,
        scan_dpi=220,
        scan_skew=0.6,
        scan_jpeg=55,
        scan_light=0.25,
    ),
    WebVariant(
        "paged",
        css=_font_faces_full("Doc Serif Text", "DejaVuSerif", "Italic")
        + _font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique") + _LIGHT + """
/* the page sizes from CSS: the tables on landscape pages of their own (a named page) */
@page { size: A4; }
@page wide { size: A4 landscape; }
.tablewrap { page: wide; }
body { font-family: 'Doc Serif Text'; font-size: 10.5pt; line-height: 1.45; color: #222; }
p { margin: 0 0 7px; }
/* a cover: the organisation, the title large and light, the date */
.cover { break-after: page; padding-top: 8mm; }
.cover .org { font-family: 'Doc Sans Text'; font-weight: bold; font-size: 13pt; color: #333; }
.cover .bar { height: 5mm; width: 38mm; background: #5b2a86; margin-top: 70mm; -webkit-print-color-adjust: exact; }
.cover .ctitle { font-family: 'Doc Light'; font-size: 32pt; line-height: 1.15; color: #5b2a86; margin-top: 8mm; }
.cover .date { font-family: 'Doc Sans Text'; font-size: 12pt; color: #5b2a86; margin-top: 10mm; }
/* the contents in two columns (a web page has no page numbers to give) */
nav { break-after: page; column-count: 2; column-gap: 10mm; column-rule: 0.5pt solid #bbb; }
nav h1.toc { column-span: all; font-family: 'Doc Light'; font-weight: normal; font-size: 22pt; color: #5b2a86;
             margin: 0 0 12px; break-before: auto; }
nav a { display: block; color: inherit; text-decoration: none; font-size: 9.5pt; line-height: 1.3; margin: 0 0 3px;
        break-inside: avoid; }
nav a.l1 { font-family: 'Doc Sans Text'; font-weight: bold; margin-top: 7px; }
nav a.l2 { padding-left: 6mm; }
nav a.l3 { padding-left: 12mm; font-style: italic; }
nav .dots { display: none; }
/* chapters on a new page: "Kapittel N" on a line of its own over a large light title */
h1 { font-family: 'Doc Light'; font-weight: normal; font-size: 26pt; line-height: 1.15; color: #5b2a86;
     margin: 0 0 16px; break-before: page; break-after: avoid; }
h1 .num { display: block; font-family: 'Doc Sans Text'; font-weight: bold; font-size: 10.5pt; color: #8a68aa;
          margin-bottom: 6px; }
h1 .num::before { content: "Kapittel "; }
h2 { font-family: 'Doc Sans Text'; font-size: 12.5pt; color: #5b2a86; margin: 18px 0 6px; break-after: avoid; }
h3 { font-family: 'Doc Sans Text'; font-size: 10.5pt; font-style: italic; margin: 12px 0 4px; break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 4px 0 10px; }
th { text-align: left; color: #5b2a86; border-bottom: 1.5pt solid #5b2a86; padding: 3px 6px; vertical-align: bottom; }
td { padding: 3px 6px; vertical-align: top; border-bottom: 0.4pt solid #d6cce0; }
td:first-child { background: #f3eef7; -webkit-print-color-adjust: exact; }
caption { caption-side: top; text-align: left; font-family: 'Doc Sans Text'; font-weight: bold; padding-bottom: 4px; }
""",
        number_span=True,
        toc=True,
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span class="title"></span><span class="pageNumber"></span></div>',
        margin="20mm",
        held_out=6,
        cover=True,
        css_pages=True,
        scan_dpi=180,
        scan_skew=0.8,
        scan_paper=238,
        scan_ink=28,
    ),
]


_COND = (_font_faces_full("Doc Cond", "DejaVuSansCondensed", "Oblique")
         + _font_faces_full("Doc Serif Text", "DejaVuSerif", "Italic"))

# Held-out batch 7.
WEB_VARIANTS += [
    WebVariant(
        "portal",
        css=_COND + """
body { font-family: 'Doc Cond'; font-size: 10.5pt; line-height: 1.6; color: #1a1a1a; }
p { margin: 0 0 9px; }
/* a printed web page's furniture: breadcrumbs, the date of the last update */
.crumbs { font-size: 8pt; color: #5d6b78; margin-bottom: 4px; }
.updated { font-size: 8pt; font-style: italic; color: #5d6b78; margin-bottom: 18px; }
h1, h2, h3 { break-after: avoid; break-inside: avoid; }
/* level-1 heads in a large serif, a short thick rule of the accent above, much space before */
h1 { font-family: 'Doc Serif Text'; font-size: 23pt; line-height: 1.2; color: #1c2b39; margin: 34px 0 14px; }
h1::before { content: ""; display: block; width: 16mm; height: 4px; background: #c2410c; margin-bottom: 10px;
             -webkit-print-color-adjust: exact; }
h1 .num, h2 .num, h3 .num { color: #c2410c; font-weight: normal; }
/* level-2 heads after a small square of the accent (drawn, no text) */
h2 { font-size: 13pt; color: #1c2b39; margin: 20px 0 6px; }
h2::before { content: ""; display: inline-block; width: 0.5em; height: 0.5em; background: #c2410c;
             margin-right: 0.5em; vertical-align: 0.1em; -webkit-print-color-adjust: exact; }
h3 { font-size: 11pt; font-style: italic; margin: 14px 0 4px; }
ul { padding-left: 6mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 6px 0 14px; }
th { text-align: left; background: #f4ede7; border-top: 3px solid #c2410c; padding: 4px 6px; vertical-align: bottom;
     -webkit-print-color-adjust: exact; }
td { border-bottom: 1px solid #e0d6cc; padding: 4px 6px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9.5pt; padding-bottom: 4px; }
""",
        number_span=True,
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>Skrevet ut fra helsedirektoratet.no</span><span><span class="pageNumber"></span>/'
               '<span class="totalPages"></span></span></div>',
        margin="19mm",
        held_out=7,
        portal=True,
        scan_dpi=300,
        scan_skew=0.5,
        scan_nup=2,
    ),
    WebVariant(
        "vertical",
        css=_COND + """
body { font-family: 'Doc Serif Text'; font-size: 9.5pt; line-height: 1.42; color: #202020; }
/* the organisation and the title set vertically in the left margin of every page */
.vtext { position: fixed; left: 0; top: 150mm; transform: rotate(-90deg); transform-origin: 0 0;
         white-space: nowrap; font-family: 'Doc Cond'; font-size: 7.5pt; letter-spacing: 0.04em; color: #8a1c4a; }
/* two columns, the chapter heads inside a column (not across) */
main { column-count: 2; column-gap: 9mm; margin-left: 10mm; }
p, li { overflow-wrap: anywhere; }
p { margin: 0 0 6px; }
.tablewrap { column-span: all; }
/* the number right-aligned in a narrow column, a vertical rule, the title */
h1, h2, h3 { display: grid; grid-template-columns: 11mm 1fr; break-inside: avoid; break-after: avoid; }
h1 .num, h2 .num, h3 .num { grid-column: 1; text-align: right; padding-right: 2.5mm; border-right: 1.2pt solid #8a1c4a;
                            color: #8a1c4a; }
h1 .t, h2 .t, h3 .t { grid-column: 2; padding-left: 2.5mm; hyphens: manual; }
h1 { font-family: 'Doc Cond'; font-size: 16pt; line-height: 1.15; color: #8a1c4a; margin: 16px 0 10px; }
h2 { font-family: 'Doc Cond'; font-size: 11pt; margin: 12px 0 4px; }
h3 { font-family: 'Doc Cond'; font-size: 9.5pt; font-style: italic; margin: 9px 0 3px; }
ul { padding-left: 5mm; margin: 3px 0 7px; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 8px 0 12px; }
th { text-align: left; font-family: 'Doc Cond'; border-bottom: 1.5pt solid #8a1c4a; padding: 3px 5px;
     vertical-align: bottom; }
td { border-bottom: 0.4pt solid #cfc3c8; padding: 3px 5px; vertical-align: top; }
tr:last-child td { border-bottom: 1.5pt solid #8a1c4a; }
caption { caption-side: top; text-align: left; font-family: 'Doc Cond'; font-weight: bold; color: #8a1c4a;
          padding-bottom: 3px; }
""",
        number_span=True,
        footer=f'<div style="{_HF} text-align:center">— <span class="pageNumber"></span> —</div>',
        margin="21mm",
        held_out=7,
        margin_text=True,
        hyphenate_heads=True,
        scan_dpi=300,
        scan_skew=1.5,
        scan_nup=2,
    ),
]


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _shy(s: str) -> str:
    """``s`` escaped, with soft hyphens where its words may break (reports.hyphen_points)."""
    from bench.layouts.reports import hyphen_points

    out = []
    for word in re.split(r"(\W+)", s):
        pts = hyphen_points(word)
        out.append("&shy;".join(_e(word[a:b]) for a, b in zip([0, *pts], [*pts, len(word)], strict=True)))
    return "".join(out)


def _counted_heading(b: Block, idx: int, counters: list[int]) -> str:
    """A heading whose number CSS counters print (``css_counters``): none in the text; an unnumbered one
    has class "u" (no number, no count); where the source's number is not what the counters would
    reach, the heading sets them (counter-set, applied after its own increment; its own style's
    counter-set of the levels under it, which this one replaces, repeated)."""
    if not b.number:
        return f'<h{b.depth} id="h{idx}" class="u">{_e(b.title)}</h{b.depth}>'
    want = [int(x) for x in b.number.split(".")]
    if len(want) != b.depth:
        raise ValueError(f"heading number {b.number} at level {b.depth}")
    counters[b.depth - 1] += 1  # the heading's own increment; the levels under it reset
    counters[b.depth:] = [0] * (3 - b.depth)
    sets = []
    for k, n in enumerate(want):
        if counters[k] != n:
            sets.append(f"c{k + 1} {n}")
            counters[k] = n
    if sets:
        sets += [f"c{k + 1} 0" for k in range(b.depth, 3)]
    style = f' style="counter-set: {" ".join(sets)}"' if sets else ""
    return f'<h{b.depth} id="h{idx}"{style}>{_e(b.title)}</h{b.depth}>'


def _heading(b: Block, idx: int, v: WebVariant) -> str:
    numbered = b.number and b.depth <= v.numbered_to
    if v.number_span:
        num = f'<span class="num">{_e(b.number)}{"." if v.number_dot else ""}</span> ' if numbered else ""
        if v.num_dash and numbered:
            num += '<span class="dash">\u2014</span> '
        title = _shy(b.title) if v.hyphenate_heads else _e(b.title)
        return f'<h{b.depth} id="h{idx}">{num}<span class="t">{title}</span></h{b.depth}>'
    shown = f"{b.number}{'.' if v.number_dot else ''} {b.title}" if numbered else b.title
    return f'<h{b.depth} id="h{idx}">{_e(shown)}</h{b.depth}>'


def _bullets(b: Block, text=_e, tag: str = "ul") -> str:  # noqa: ANN001
    out, open_sub = [f"<{tag}>"], False
    for level, item in b.items:
        if level and not open_sub:
            out[-1] = out[-1].removesuffix("</li>")
            out.append(f"<{tag}>")
            open_sub = True
        elif not level and open_sub:
            out.append(f"</{tag}></li>")
            open_sub = False
        out.append(f"<li>{text(item)}</li>")
    if open_sub:
        out.append(f"</{tag}></li>")
    out.append(f"</{tag}>")
    return "".join(out)


def _table(b: Block) -> str:
    cap = f"<caption>{_e(b.caption)}</caption>" if b.caption else ""
    head = "".join(f"<th>{_e(c)}</th>" for c in b.rows[0])
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in b.rows[1:])
    ncols = max(len(r) for r in b.rows)
    return f'<div class="tablewrap cols-{ncols}"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _fact(blocks: list[Block], i: int) -> bool:
    """``fact_box``: a level-2 section's first paragraph, short (at most 320 characters), with a paragraph
    after it (the text that runs beside the box)."""
    b = blocks[i]
    prev = blocks[i - 1] if i else None
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    return (prev is not None and prev.kind == "h" and prev.depth == 2 and len(b.text) <= 320
            and nxt is not None and nxt.kind == "p" and len(nxt.text) >= 200)


def to_html(src: Source, v: WebVariant, title: str) -> str:
    parts, toc = [], []
    counters = [0, 0, 0]  # ``css_counters``: what the CSS counters have reached
    blocks = src.blocks
    for i, b in enumerate(blocks):
        if b.kind == "h" and v.css_counters:
            parts.append(_counted_heading(b, i, counters))
        elif b.kind == "p" and v.fact_box and _fact(blocks, i):
            parts.append(f'<p class="fact">{_e(b.text)}</p>')
        elif b.kind == "ul" and v.ordered:
            parts.append(_bullets(b, tag="ol"))
        elif b.kind == "h":
            parts.append(_heading(b, i, v))
            if v.dated and b.depth == 1:  # batch 12: the chapter's date under its head
                year = int(src.meta.get("year", 0) or 0) - 1
                parts.append(f'<div class="dated">Sist faglig oppdatert: {12 - len(parts) % 9:02d}.12.{year}</div>')
            label = f"{b.number} {b.title}" if b.number else b.title
            toc.append(f'<a class="l{b.depth}" href="#h{i}"><span class="t">{_e(label)}</span>'
                       f'<span class="dots"></span></a>')
        elif b.kind == "p" and v.inline_links:  # batch 13
            parts.append(f"<p>{_linked(b.text)}</p>")
        elif b.kind == "p" and v.print_urls:  # batch 14
            parts.append(f"<p>{_b14_linked(b.text)}</p>")
        elif b.kind == "p":
            parts.append(f"<p>{(_shy if v.hyphenate else _e)(b.text)}</p>")
        elif b.kind == "ul":
            parts.append(_bullets(b, _shy) if v.hyphenate else _bullets(b))
        elif b.kind == "table" and v.card_tables:  # batch 15
            parts.append(_b15_cards(b))
        elif b.kind == "table":
            parts.append(_table(b))
    if v.details:
        parts = _in_details(blocks, parts)
    if v.to_top:
        parts = _to_top(blocks, parts)
    nav = f'<nav><h1 class="toc">Innhold</h1>{"".join(toc)}</nav>' if v.toc else ""
    if v.cover:  # a cover page: the organisation, the title, the date (the year before the document's)
        year = int(src.meta.get("year", 0) or 0) - 1
        nav = (f'<section class="cover"><div class="org">Helsedirektoratet</div><div class="bar"></div>'
               f'<div class="ctitle">{_e(title)}</div><div class="date">Desember {year}</div></section>') + nav
    if v.watermark:
        nav = f'<div class="wm">{_e(v.watermark)}</div>' + nav
    if v.portal:  # breadcrumbs and the date of the last update (the year before the document's)
        year = int(src.meta.get("year", 0) or 0) - 1
        nav = ('<div class="crumbs">Forsiden › Tema › Finansiering › Innsatsstyrt finansiering (ISF)</div>'
               f'<div class="updated">Sist faglig oppdatert 14.12.{year}</div>') + nav
    if v.site_chrome:  # the site's menu bar and its cookie notice, printed with the page
        nav = _SITE_CHROME + nav
    if v.details:
        nav = '<div class="expand">Åpne alle <span>|</span> Lukk alle</div>' + nav
    if v.margin_text:
        nav = f'<div class="vtext">Helsedirektoratet · {_e(title)}</div>' + nav
    if v.side_nav:  # the page's chapters, linked, in a sidebar beside the text
        links = "".join(f'<a href="#h{i}">{_e(f"{b.number} {b.title}" if b.number else b.title)}</a>'
                        for i, b in enumerate(blocks) if b.kind == "h" and b.depth == 1)
        nav = f'<aside class="onpage"><div class="lbl">På denne siden</div>{links}</aside>' + nav
    if v.site_menu:  # batch 12: the site's menu column on every page, breadcrumbs over the text
        nav = _SITE_MENU + '<div class="crumbs">Forsiden › Fag › Finansiering › Innsatsstyrt finansiering</div>' + nav
    if v.toolbar:  # batch 13: the page's toolbar over the text
        nav = _TOOLBAR + nav
    after = _FEEDBACK if v.feedback else ""
    css = v.css
    if "__TITLE__" in css:  # the title in a CSS string (a page margin box's content)
        css = css.replace("__TITLE__", title.replace("\\", "\\\\").replace('"', '\\"'))
    return (f'<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{_font_faces()}\n{css}</style></head><body>{nav}<main>{''.join(parts)}</main>{after}</body></html>")


def render_web(src: Source, out: Path, v: WebVariant, title: str) -> Path:
    from playwright.sync_api import sync_playwright

    page_html = out.with_suffix(".html")
    page_html.write_text(to_html(src, v, title), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.goto(page_html.as_uri())
            hf = bool(v.header or v.footer)
            faces = f"<style>{_font_faces()}</style>"  # the templates do not see the page's styles
            page.pdf(path=str(out), format="A4", print_background=True, display_header_footer=hf,
                     header_template=faces + (v.header or ""), footer_template=faces + (v.footer or ""),
                     margin={"top": v.margin, "bottom": v.margin, "left": v.margin, "right": v.margin},
                     tagged=v.tagged, outline=v.tagged, landscape=v.landscape,
                     **({"prefer_css_page_size": True} if v.css_pages else {}),
                     **({"scale": v.scale} if v.scale != 1.0 else {}))
        finally:
            browser.close()
    return out


# Held-out batch 8.
_SERIF_COND = _font_faces_full("Doc Serif Cond", "DejaVuSerifCondensed", "Italic")
WEB_VARIANTS += [
    WebVariant(
        "counters",
        css=_COND + _SERIF_COND + _font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique") + """
body { font-family: 'Doc Serif Cond'; font-size: 10.5pt; line-height: 1.5; color: #1f1f1f; }
main { counter-reset: c1 c2 c3; }
p { margin: 0 0 8px; }
h1, h2, h3 { font-family: 'Doc Sans Text'; break-after: avoid; break-inside: avoid; clear: both; }
/* the heading numbers generated by CSS counters, in the condensed sans and the accent */
h1 { counter-increment: c1; counter-set: c2 0 c3 0; font-size: 17pt; color: #14213d; margin: 30px 0 12px; }
h2 { counter-increment: c2; counter-set: c3 0; font-size: 12.5pt; color: #14213d; margin: 20px 0 7px; }
h3 { counter-increment: c3; font-size: 10.5pt; font-style: italic; margin: 14px 0 5px; }
h1.u, h2.u, h3.u { counter-increment: none; counter-set: none; }
h1::before { content: counter(c1); }
h2::before { content: counter(c1) "." counter(c2); }
h3::before { content: counter(c1) "." counter(c2) "." counter(c3); }
h1::before, h2::before, h3::before { display: inline-block; min-width: 2.3em; font-family: 'Doc Cond';
                                     font-weight: normal; font-style: normal; color: #23867a; }
h1.u::before, h2.u::before, h3.u::before { content: none; }
/* a section's short first paragraph in a key-facts box floated left, the text running beside it */
.fact { float: left; width: 36%; margin: 3px 16px 8px 0; padding: 8px 11px; background: #e9f5f2;
        border: 1px solid #8cc7bd; border-radius: 7px; font-family: 'Doc Sans Text'; font-size: 9pt;
        line-height: 1.45; break-inside: avoid; -webkit-print-color-adjust: exact; }
ul { padding-left: 6mm; margin: 4px 0 10px; }
.tablewrap { clear: both; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 6px 0 14px; border-top: 1.5pt solid #14213d;
        border-bottom: 1.5pt solid #14213d; }
th { text-align: left; font-family: 'Doc Sans Text'; border-bottom: 3px double #14213d; padding: 4px 6px;
     vertical-align: bottom; }
td { padding: 3px 6px; vertical-align: top; }
/* captions letter-spaced */
caption { caption-side: top; text-align: left; font-family: 'Doc Cond'; font-weight: bold; letter-spacing: 0.16em;
          color: #23867a; padding-bottom: 5px; }
""",
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>Helsedirektoratet</span><span>Side <span class="pageNumber"></span> av '
               '<span class="totalPages"></span></span></div>',
        margin="20mm",
        held_out=8,
        css_counters=True,
        fact_box=True,
        scan_dpi=150,
        scan_skew=0.5,
        scan_halftone=True,
    ),
    WebVariant(
        "outer",
        css=_font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique")
        + _font_faces_full("Doc Serif Text", "DejaVuSerif", "Italic") + """
/* CSS paged media: mirrored margins, the page number in the outer margin (a margin box of the side
   margin, left on even pages and right on odd ones), a running header at the outer corner */
@page { size: A4; margin: 24mm 20mm 26mm 20mm; }
@page :right {
  margin-left: 28mm; margin-right: 18mm;
  @top-right { content: "Helsedirektoratet"; font-family: 'Doc Sans Text'; font-size: 7.5pt; color: #666; }
  @right-bottom { content: counter(page); font-family: 'Doc Serif Text'; font-weight: bold; font-size: 11pt;
                  color: #6a1b4d; text-align: center; vertical-align: bottom; }
}
@page :left {
  margin-left: 18mm; margin-right: 28mm;
  @top-left { content: "__TITLE__"; font-family: 'Doc Sans Text'; font-size: 7.5pt; color: #666; }
  @left-bottom { content: counter(page); font-family: 'Doc Serif Text'; font-weight: bold; font-size: 11pt;
                 color: #6a1b4d; text-align: center; vertical-align: bottom; }
}
body { font-family: 'Doc Sans Text'; font-size: 9.5pt; line-height: 1.5; color: #202020; }
p { margin: 0 0 7px; }
h1, h2, h3 { break-after: avoid; break-inside: avoid; }
/* level-1 heads in letter-spaced small capitals under a double rule */
h1 { font-family: 'Doc Serif Text'; font-size: 16pt; font-weight: bold; font-variant: small-caps; letter-spacing: 0.08em;
     color: #6a1b4d; border-top: 3px double #6a1b4d; padding-top: 7px; margin: 26px 0 12px; }
h2 { font-size: 11.5pt; color: #6a1b4d; margin: 18px 0 6px; }
h3 { font-family: 'Doc Serif Text'; font-size: 10pt; font-style: italic; margin: 13px 0 4px; }
/* bullets as an ordered list: "1." markers */
ol { padding-left: 7mm; margin: 4px 0 9px; }
ol ol { list-style-type: lower-alpha; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 6px 0 13px; }
th { text-align: left; border-bottom: 1.5pt solid #6a1b4d; padding: 3px 5px; vertical-align: bottom; }
td { border-bottom: 0.6pt dashed #9a9a9a; padding: 3px 5px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9pt; padding-bottom: 4px; }
""",
        number_span=True,
        margin="0",
        held_out=8,
        css_pages=True,
        ordered=True,
        scan_dpi=200,
        scan_skew=0.6,
        scan_fold=True,
    ),
]


# Held-out batch 9.
_SITE_CHROME = (
    '<div class="cookie"><div class="ctext"><b>Vi bruker informasjonskapsler</b><br>Vi bruker '
    "informasjonskapsler (cookies) for at nettstedet skal fungere, og for å lage anonym statistikk over "
    'bruken. Du velger selv om du godtar statistikk.</div><div class="cbtn"><span>Godta alle</span>'
    "<span>Bare nødvendige</span></div></div>"
    '<header class="site"><span class="logo"><i></i><i></i><i></i>Helsedirektoratet</span>'
    '<span class="menu">Tema og fag · Retningslinjer · Statistikk · Om oss · Søk</span></header>'
)


def _in_details(blocks: list[Block], parts: list[str]) -> list[str]:
    """``details``: each level-2 section wrapped in an open <details>, its head the <summary>; the
    section closes at the next level-1 or level-2 head, or at the end."""
    out, open_ = [], False
    for b, html_ in zip((b for b in blocks if b.kind in ("h", "p", "ul", "table")), parts, strict=True):
        if b.kind == "h" and b.depth <= 2 and open_:
            out.append("</div></details>")
            open_ = False
        if b.kind == "h" and b.depth == 2:
            out.append(f'<details open><summary>{html_}</summary><div class="panel">')
            open_ = True
            continue
        out.append(html_)
    if open_:
        out.append("</div></details>")
    return out


WEB_VARIANTS += [
    WebVariant(
        "sitechrome",
        css=_font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique")
        + _font_faces_full("Doc Serif Cond", "DejaVuSerifCondensed", "Italic") + """
body { font-family: 'Doc Sans Text'; font-size: 10pt; line-height: 1.55; color: #232323; }
p { margin: 0 0 8px; }
/* the cookie notice as printed over the top of the first page: a shadowed box with two buttons */
.cookie { display: flex; gap: 8mm; align-items: center; border: 1px solid #c8c8c8; border-radius: 6px;
          box-shadow: 0 2px 8px rgba(0,0,0,0.25); padding: 10px 14px; margin: 0 0 12px; font-size: 8.5pt;
          line-height: 1.4; background: #fff; }
.cbtn span { display: inline-block; padding: 5px 10px; margin: 3px 0 3px 6px; border-radius: 4px;
             border: 1.5px solid #005a70; color: #005a70; font-weight: bold; white-space: nowrap; }
.cbtn span:first-child { background: #005a70; color: #fff; -webkit-print-color-adjust: exact; }
/* the site's menu bar: a logo-like mark and the organisation, the menu at the right */
header.site { display: flex; justify-content: space-between; align-items: center; border-bottom: 3px solid #005a70;
              padding: 6px 0 8px; margin-bottom: 22px; font-size: 8.5pt; color: #444; }
header.site .logo { font-weight: bold; font-size: 11pt; color: #005a70; }
header.site .logo i { display: inline-block; width: 7px; height: 7px; margin-right: 2px; background: #005a70;
                      -webkit-print-color-adjust: exact; }
header.site .logo i:nth-child(2) { background: #7fc3cf; }
header.site .logo i:nth-child(3) { margin-right: 6px; }
h1, h2, h3 { font-family: 'Doc Serif Cond'; break-after: avoid; break-inside: avoid; color: #003847; }
/* the level-1 number in a pill of the accent */
h1 { font-size: 19pt; margin: 28px 0 10px; }
h1 .num { display: inline-block; background: #005a70; color: #fff; border-radius: 999px; padding: 0 9px;
          font-size: 14pt; margin-right: 6px; vertical-align: 2px; -webkit-print-color-adjust: exact; }
h2 { font-size: 13pt; margin: 20px 0 6px; }
h2 .num, h3 .num { color: #0a7f96; }
h3 { font-size: 11pt; font-style: italic; margin: 14px 0 4px; }
ul { padding-left: 6mm; }
table { border-collapse: separate; border-spacing: 0; width: 100%; font-size: 8.5pt; margin: 6px 0 14px;
        border: 1px solid #b9cfd4; border-radius: 4px; }
th { text-align: left; background: #e3f0f2; padding: 4px 6px; vertical-align: bottom; -webkit-print-color-adjust: exact; }
td { border-top: 1px solid #d3e2e5; padding: 4px 6px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 4px; color: #003847; }
""",
        number_span=True,
        header=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>Innsatsstyrt finansiering – Helsedirektoratet</span><span>03.02.2025, 13:37</span></div>',
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>https://www.helsedirektoratet.no/tema/finansiering/innsatsstyrt-finansiering</span>'
               '<span><span class="pageNumber"></span>/<span class="totalPages"></span></span></div>',
        margin="15mm",
        held_out=9,
        site_chrome=True,
        scan_dpi=240,
        scan_skew=0.3,
        scan_lid=True,
    ),
    WebVariant(
        "details",
        css=_COND + _font_faces_full("Doc Serif Text", "DejaVuSerif", "Italic") + """
body { font-family: 'Doc Serif Text'; font-size: 9.5pt; line-height: 1.5; color: #1e1e1e; }
p { margin: 0 0 7px; }
.expand { text-align: right; font-family: 'Doc Cond'; font-size: 8.5pt; color: #6b3fa0; margin-bottom: 6px; }
.expand span { color: #bbb; }
h1, h2, h3 { font-family: 'Doc Cond'; break-after: avoid; break-inside: avoid; }
h1 { font-size: 18pt; color: #3c1f66; border-bottom: 1px solid #3c1f66; padding-bottom: 4px; margin: 26px 0 12px; }
/* each level-2 section collapsible: the head the summary, a ▾ marker before it, the text in a panel */
details { border-top: 1px solid #d8cfe6; margin: 0; }
details:last-of-type { border-bottom: 1px solid #d8cfe6; }
summary { list-style: none; display: flex; align-items: baseline; padding: 7px 0 3px; break-after: avoid; }
summary::-webkit-details-marker { display: none; }
summary::before { content: "\\25BE"; font-family: 'Doc Sans'; color: #6b3fa0; font-size: 11pt; width: 6mm; flex: none; }
summary h2 { font-size: 12pt; color: #3c1f66; margin: 0; }
.panel { padding: 2px 0 8px 6mm; }
h3 { font-size: 10pt; margin: 12px 0 4px; color: #3c1f66; }
ul { padding-left: 5mm; margin: 3px 0 8px; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 6px 0 12px; }
th { text-align: left; font-family: 'Doc Cond'; border-bottom: 2px solid #6b3fa0; padding: 3px 5px; vertical-align: bottom; }
td { border-bottom: 1px dotted #9d8cb8; padding: 3px 5px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-family: 'Doc Cond'; font-weight: bold; color: #3c1f66;
          padding-bottom: 3px; }
""",
        footer=f'<div style="{_HF} text-align:right">Side <span class="pageNumber"></span></div>',
        margin="17mm",
        held_out=9,
        details=True,
        scan_dpi=200,
        scan_skew=0.5,
        scan_showthrough=True,
        scan_stamp=True,
    ),
]


# Held-out batch 10.


def _to_top(blocks: list[Block], parts: list[str]) -> list[str]:
    """``to_top``: a "↑ Til toppen" link closing every level-1 chapter (before the next one, and at the end)."""
    out: list[str] = []
    chapter = False
    for b, html_ in zip((b for b in blocks if b.kind in ("h", "p", "ul", "table")), parts, strict=True):
        if b.kind == "h" and b.depth == 1:
            if chapter:
                out.append(_TOP)
            chapter = True
        out.append(html_)
    if chapter:
        out.append(_TOP)
    return out


_TOP = '<div class="totop"><a href="#top">\u2191 Til toppen</a></div>'

WEB_VARIANTS += [
    WebVariant(
        "onthispage",
        css=_font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique")
        + _font_faces_full("Doc Serif Text", "DejaVuSerif", "Italic") + """
body { font-family: 'Doc Sans Text'; font-size: 9.5pt; line-height: 1.6; color: #262626; }
/* the page's own contents in a sidebar at the left of the first page, the text beside it and on under it */
aside.onpage { float: left; width: 44mm; margin: 4px 0 10mm; padding: 0 0 0 3mm; border-left: 3px solid #8c2f39;
               font-size: 8.5pt; line-height: 1.35; break-inside: avoid; }
aside.onpage .lbl { font-weight: bold; color: #8c2f39; margin-bottom: 6px; }
aside.onpage a { display: block; color: #333; text-decoration: none; margin: 0 0 5px; }
main { margin-left: 53mm; }
p { margin: 0 0 8px; }
h1, h2, h3 { font-family: 'Doc Serif Text'; break-after: avoid; break-inside: avoid; color: #3d1419; }
h1 { font-size: 18pt; margin: 24px 0 10px; }
h1 .num { color: #8c2f39; font-weight: normal; }
h2 { font-size: 12pt; border-top: 1px solid #d9c3c6; padding-top: 6px; margin: 18px 0 6px; }
h2 .num, h3 .num { color: #8c2f39; }
h3 { font-size: 10.5pt; font-style: italic; margin: 13px 0 4px; }
ul { padding-left: 5mm; margin: 3px 0 9px; }
table { border-collapse: collapse; width: 100%; font-size: 8.3pt; margin: 6px 0 12px; }
th { text-align: left; background: #f4e9ea; padding: 3px 5px; vertical-align: bottom; border-left: 1px solid #c9a9ad;
     -webkit-print-color-adjust: exact; }
td { padding: 3px 5px; vertical-align: top; border-left: 1px solid #c9a9ad; }
th:first-child, td:first-child { border-left: none; }
caption { caption-side: top; text-align: left; font-weight: bold; color: #3d1419; padding-bottom: 3px; }
""",
        number_span=True,
        header=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>12.02.2025, 08:52</span><span class="title"></span></div>',
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>https://www.helsedirektoratet.no/tema/finansiering/isf-regelverk</span>'
               '<span><span class="pageNumber"></span>/<span class="totalPages"></span></span></div>',
        margin="14mm",
        held_out=10,
        side_nav=True,
        scan_dpi=250,
        scan_skew=0.4,
        scan_streak=True,
    ),
    WebVariant(
        "totop",
        css=_COND + """
body { font-family: 'Doc Serif Text'; font-size: 10.5pt; line-height: 1.5; color: #1c1c1c; }
p { margin: 0 0 7px; }
h1, h2, h3 { font-family: 'Doc Cond'; break-after: avoid; break-inside: avoid; color: #0d3b2e; }
/* the number, an em dash and the title, apart as after a tab */
.num { display: inline-block; min-width: 1.9em; color: #1b7f5f; }
.dash { color: #9aa5a0; font-weight: normal; margin-right: 0.3em; }
h1 { font-size: 17pt; margin: 26px 0 10px; }
h2 { font-size: 12.5pt; margin: 18px 0 6px; }
h3 { font-size: 10.5pt; font-style: italic; margin: 13px 0 4px; }
/* a link back to the top of the page at the end of every chapter */
.totop { text-align: right; font-family: 'Doc Sans'; font-size: 8pt; margin: 4px 0 14px; padding-bottom: 4px;
         border-bottom: 1px solid #cfd8d4; }
.totop a { color: #1b7f5f; text-decoration: none; }
ul { padding-left: 6mm; margin: 3px 0 8px; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 6px 0 12px; }
th { text-align: left; font-family: 'Doc Cond'; color: #fff; background: #0d3b2e; padding: 3px 6px;
     vertical-align: bottom; -webkit-print-color-adjust: exact; }
td { padding: 3px 6px; vertical-align: top; border-bottom: 1px solid #dfe6e3; }
caption { caption-side: top; text-align: left; font-family: 'Doc Cond'; font-weight: bold; font-size: 10pt;
          color: #0d3b2e; padding-bottom: 4px; }
""",
        number_span=True,
        num_dash=True,
        to_top=True,
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span class="title"></span><span>Side <span class="pageNumber"></span> av '
               '<span class="totalPages"></span></span></div>',
        margin="22mm",
        held_out=10,
        scan_dpi=200,
        scan_skew=0.6,
        scan_fade=True,
    ),
]


# Held-out batch 11.
WEB_VARIANTS += [
    WebVariant(
        "anchors",
        css=_font_faces_full("Doc Sans Text", "DejaVuSans", "Oblique") + _SERIF_COND + """
body { font-family: 'Doc Serif Cond'; font-size: 11pt; line-height: 1.55; color: #20232a; }
p { margin: 0 0 9px; }
h1, h2, h3 { font-family: 'Doc Sans Text'; break-after: avoid; break-inside: avoid; color: #4a235a; }
h1 { font-size: 19pt; margin: 30px 0 12px; padding-bottom: 5px; border-bottom: 2px solid #e0c3ec; }
h2 { font-size: 13pt; margin: 20px 0 7px; }
h3 { font-size: 11pt; margin: 15px 0 5px; font-style: italic; }
.num { color: #8e44ad; font-weight: normal; }
/* a documentation site's permalink mark after every heading, printed with the page */
h1 .t::after, h2 .t::after, h3 .t::after { content: "\\00B6"; margin-left: 0.35em; color: #b9a3c4;
                                           font-weight: normal; font-style: normal; font-size: 0.8em; }
ul { padding-left: 7mm; margin: 3px 0 9px; }
li { margin-bottom: 2px; }
table { border-collapse: separate; border-spacing: 0; width: 100%; font-size: 9pt; margin: 8px 0 14px;
        border: 1px solid #cdb6d6; border-radius: 4px; }
th { text-align: left; font-family: 'Doc Sans Text'; background: #f5eef8; padding: 4px 6px; vertical-align: bottom;
     border-bottom: 1px solid #cdb6d6; -webkit-print-color-adjust: exact; }
td { padding: 3px 6px; vertical-align: top; border-top: 1px solid #eee4f2; }
caption { caption-side: top; text-align: left; font-family: 'Doc Sans Text'; font-style: italic; font-size: 9.5pt;
          color: #4a235a; padding-bottom: 4px; }
""",
        number_span=True,
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>Skrevet ut 03.03.2025</span><span>Side <span class="pageNumber"></span></span></div>',
        margin="20mm",
        held_out=11,
        scan_dpi=240,
        scan_skew=0.5,
        scan_slip=True,
    ),
    WebVariant(
        "shrunk",
        css=_COND + """
html { background: #e4e7eb; -webkit-print-color-adjust: exact; }
body { font-family: 'Doc Cond'; font-size: 15px; line-height: 1.6; color: #222; margin: 0; }
/* the site's content column, white and centred on the grey page, printed at the browser's "Skaler: 64 %" */
main { background: #fff; max-width: 720px; margin: 0 auto; padding: 30px 44px; }
p { margin: 0 0 11px; }
h1, h2, h3 { font-family: 'Doc Serif Text'; break-after: avoid; break-inside: avoid; color: #7a3b00; }
h1 { font-size: 28px; margin: 36px 0 14px; }
h2 { font-size: 20px; margin: 26px 0 9px; }
h3 { font-size: 16px; margin: 18px 0 6px; font-weight: normal; font-style: italic; }
ul { padding-left: 24px; margin: 4px 0 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }
th { text-align: left; border-bottom: 2px solid #7a3b00; padding: 5px 7px; vertical-align: bottom; }
td { padding: 4px 7px; vertical-align: top; border-bottom: 1px solid #e3d5c8; }
caption { caption-side: top; text-align: left; font-weight: bold; color: #7a3b00; padding-bottom: 5px; }
""",
        number_span=True,
        header=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>03.03.2025, 14:07</span><span class="title"></span></div>',
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>https://www.helsedirektoratet.no/tema/finansiering/innsatsstyrt-finansiering</span>'
               '<span><span class="pageNumber"></span>/<span class="totalPages"></span>'
               '</span></div>',
        margin="10mm",
        held_out=11,
        scale=0.64,
        scan_dpi=300,
        scan_skew=0.4,
        scan_slip=True,
    ),
]


# Held-out batch 12.
_SITE_MENU = (
    '<aside class="menu"><div class="org"><span class="mk"></span>Helsedirektoratet</div>'
    '<div class="sect">Finansiering</div>'
    '<a class="here">Innsatsstyrt finansiering</a><a>Regelverk og veiledning</a><a>Kodeverk og grupperinger</a>'
    '<a>Kostnadsvekter</a><a>Statistikk og analyser</a><a>Kontakt oss</a>'
    '<div class="sect">Se også</div><a>Norsk pasientregister</a><a>Finansieringsordninger</a></aside>'
)

WEB_VARIANTS += [
    WebVariant(
        "sitenav",
        css=_COND + """
body { font-family: 'Doc Serif Text'; font-size: 10pt; line-height: 1.5; color: #1f2328; }
/* the site's navigation column at the left of every printed page (a fixed element repeats on each page) */
.menu { position: fixed; top: 0; left: 0; width: 38mm; font-family: 'Doc Cond'; font-size: 8pt; line-height: 1.35;
        border-right: 1px solid #d3dbe3; padding-right: 3mm; }
.menu .org { font-weight: bold; font-size: 9pt; color: #0b3b5c; margin-bottom: 7mm; }
.menu .mk { display: inline-block; width: 9px; height: 9px; background: #0b3b5c; margin-right: 5px;
            -webkit-print-color-adjust: exact; }
.menu .sect { text-transform: uppercase; letter-spacing: 0.05em; color: #6b7785; font-size: 7pt; margin: 4mm 0 2mm; }
.menu a { display: block; color: #0b3b5c; padding: 1.6mm 0 1.6mm 2.5mm; border-bottom: 1px solid #e8edf1; }
.menu a.here { font-weight: bold; border-left: 3px solid #d9822b; -webkit-print-color-adjust: exact; }
main, .crumbs { margin-left: 45mm; }
.crumbs { font-family: 'Doc Cond'; font-size: 8pt; color: #5a6672; margin-bottom: 12px; }
p { margin: 0 0 8px; }
h1, h2, h3 { font-family: 'Doc Cond'; color: #0b3b5c; break-after: avoid; break-inside: avoid; }
h1 { font-size: 18pt; margin: 26px 0 10px; }
h2 { font-size: 12.5pt; margin: 18px 0 6px; }
h3 { font-size: 10.5pt; margin: 13px 0 4px; }
.num { color: #d9822b; }
ul { padding-left: 6mm; margin: 3px 0 9px; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 8px 0 14px; }
th { text-align: left; font-family: 'Doc Cond'; background: #e9f0f5; border-bottom: 1.5px solid #0b3b5c;
     padding: 4px 5px; vertical-align: bottom; -webkit-print-color-adjust: exact; }
td { border-bottom: 1px solid #dde3e8; padding: 3px 5px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-family: 'Doc Cond'; font-weight: bold; padding-bottom: 4px; }
""",
        number_span=True,
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>helsedirektoratet.no/isf</span><span>Side <span class="pageNumber"></span> av '
               '<span class="totalPages"></span></span></div>',
        margin="16mm",
        held_out=12,
        site_menu=True,
        scan_dpi=200,
        scan_skew=0.4,
        scan_shrink=0.85,
    ),
    WebVariant(
        "dated",
        css=_COND + """
body { font-family: 'Doc Cond'; font-size: 10.5pt; line-height: 1.55; color: #1b1b1b; }
p { margin: 0 0 9px; }
h1, h2, h3 { break-after: avoid; break-inside: avoid; }
h1 { font-family: 'Doc Serif Text'; font-size: 20pt; line-height: 1.2; color: #14532d; margin: 30px 0 4px; }
/* a CMS's date line under every chapter head */
.dated { font-size: 8.5pt; color: #6b6b6b; margin: 0 0 14px; break-before: avoid; }
/* level-2 heads with a coloured border down their left side */
h2 { font-size: 13pt; color: #14532d; margin: 20px 0 7px; padding: 1px 0 1px 8px; border-left: 4px solid #22a35a;
     -webkit-print-color-adjust: exact; }
h3 { font-size: 11pt; font-style: italic; margin: 14px 0 4px; }
.num { font-weight: normal; }
ul { padding-left: 6mm; margin: 3px 0 9px; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 8px 0 14px; }
th { text-align: left; background: #14532d; color: #fff; padding: 4px 6px; vertical-align: bottom;
     -webkit-print-color-adjust: exact; }
td { border-bottom: 1px solid #cfe3d6; padding: 3px 6px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-weight: bold; color: #14532d; padding-bottom: 4px; }
""",
        number_span=True,
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span class="title"></span><span>Side <span class="pageNumber"></span></span></div>',
        margin="18mm",
        held_out=12,
        dated=True,
        scan_dpi=240,
        scan_skew=0.5,
        scan_crumple=True,
    ),
]


# Held-out batch 13.
_TOOLBAR = (
    '<div class="toolbar"><span class="crumb">Helsedirektoratet › Finansiering › ISF</span>'
    '<span class="tools"><span><i class="ic share"></i>Del</span><span><i class="ic print"></i>Skriv ut</span>'
    '<span><i class="ic pdf"></i>Last ned PDF</span><span><i class="ic bell"></i>Abonner</span></span></div>'
)
_FEEDBACK = (
    '<div class="feedback"><div class="q">Fant du det du lette etter?</div><span class="btn">Ja</span>'
    '<span class="btn">Nei</span><div class="note">Tilbakemeldingen brukes til å forbedre nettsidene. '
    'Vi kan ikke svare på henvendelser her.</div></div>'
)
_LINK_TERMS = re.compile(r"(?<![-\w])(ISF-regelverket|Norsk pasientregister|NPR|DRG|ISF|kostnadsvekt\w*|polikliniske?)"
                         r"(?![-\w])")  # a whole word, not a part of a compound ("ISF-ordningen")


def _linked(text: str) -> str:
    """A paragraph with its first two terms of ``_LINK_TERMS`` as links (``inline_links``), escaped."""
    out, last, n = [], 0, 0
    for m in _LINK_TERMS.finditer(text):
        if n == 2:
            break
        out += [_e(text[last:m.start()]), f'<a class="ext" href="https://www.helsedirektoratet.no/">{_e(m.group())}</a>']
        last, n = m.end(), n + 1
    out.append(_e(text[last:]))
    return "".join(out)


WEB_VARIANTS += [
    WebVariant(
        "toolbar",
        css=_SERIF_COND + """
body { font-family: 'Doc Sans'; font-size: 9.5pt; line-height: 1.62; color: #222; }
.toolbar { display: flex; justify-content: space-between; align-items: center; font-size: 8pt; color: #555;
           border-bottom: 1px solid #d6d0c4; padding: 0 0 5px; margin-bottom: 16px; }
.toolbar .tools span { margin-left: 14px; color: #7a1f2b; }
/* the toolbar's icons drawn in CSS: boxes and rings, no glyph of the text */
.ic { display: inline-block; width: 8px; height: 8px; margin-right: 4px; vertical-align: -1px;
      border: 1.3px solid #7a1f2b; -webkit-print-color-adjust: exact; }
.ic.share { border-radius: 50%; }
.ic.print { border-radius: 1px; border-top-width: 3px; }
.ic.pdf { border-radius: 0 3px 0 0; }
.ic.bell { border-radius: 4px 4px 1px 1px; }
p { margin: 0 0 9px; }
a.ext { color: #0b5cad; text-decoration: underline; }
/* an external link's mark: a small box drawn in CSS after the link */
a.ext::after { content: ""; display: inline-block; width: 5px; height: 5px; margin-left: 2px; vertical-align: 4px;
               border-top: 1.2px solid #0b5cad; border-right: 1.2px solid #0b5cad; }
h1, h2, h3 { font-family: 'Doc Serif Cond'; color: #7a1f2b; break-after: avoid; break-inside: avoid; }
h1 { font-size: 21pt; line-height: 1.2; margin: 30px 0 10px; }
h2 { font-size: 13pt; margin: 20px 0 6px; }
h3 { font-size: 10.5pt; margin: 14px 0 4px; color: #333; }
.num { font-weight: normal; color: #8c8c8c; }
ul { padding-left: 5mm; margin: 3px 0 9px; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 8px 0 14px; }
th { text-align: left; background: #f1ede6; padding: 4px 6px; vertical-align: bottom; border-bottom: 1px solid #b9b0a1;
     -webkit-print-color-adjust: exact; }
td { border-bottom: 1px solid #e4dfd6; padding: 3px 6px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 4px; }
.feedback { margin-top: 24px; padding: 10px 12px; background: #f1ede6; border-radius: 6px; font-size: 9pt;
            break-inside: avoid; -webkit-print-color-adjust: exact; }
.feedback .q { font-weight: bold; margin-bottom: 6px; }
.feedback .btn { display: inline-block; border: 1px solid #7a1f2b; color: #7a1f2b; border-radius: 12px;
                 padding: 1px 14px; margin-right: 8px; }
.feedback .note { font-size: 7.5pt; color: #666; margin-top: 6px; }
""",
        number_span=True,
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>helsedirektoratet.no/isf</span><span><span class="pageNumber"></span>/'
               '<span class="totalPages"></span></span></div>',
        margin="17mm",
        held_out=13,
        toolbar=True,
        inline_links=True,
        feedback=True,
        scan_dpi=200,
        scan_skew=0.5,
        scan_washed=True,
    ),
]


# Held-out batch 14.
_URLS14 = {
    "isf": "https://www.helsedirektoratet.no/tema/finansiering/innsatsstyrt-finansiering-og-drg-systemet",
    "drg": "https://www.helsedirektoratet.no/tema/finansiering/innsatsstyrt-finansiering-og-drg-systemet/drg-systemet",
    "npr": "https://www.helsedirektoratet.no/tema/statistikk-registre-og-rapporter/helsedata-og-helseregistre/"
           "norsk-pasientregister-npr",
    "kostnadsvekt": "https://www.helsedirektoratet.no/tema/finansiering/innsatsstyrt-finansiering-og-drg-systemet/"
                    "kostnadsvekter",
    "poliklinisk": "https://www.helsedirektoratet.no/tema/finansiering/poliklinisk-aktivitet",
}
_URLS14["isf-regelverket"] = _URLS14["isf"] + "/regelverk"
_URLS14["norsk pasientregister"] = _URLS14["npr"]


def _b14_linked(text: str) -> str:
    """A paragraph with its first term of ``_LINK_TERMS`` a link to a page of its own (``print_urls``), escaped;
    the print stylesheet prints the link's address after it."""
    m = _LINK_TERMS.search(text)
    if not m:
        return _e(text)
    term = m.group().lower()
    key = next(k for k in ("isf-regelverket", "norsk pasientregister", "kostnadsvekt", "poliklinisk", "isf", "drg",
                           "npr") if term.startswith(k))
    return f'{_e(text[:m.start()])}<a href="{_URLS14[key]}">{_e(m.group())}</a>{_e(text[m.end():])}'


WEB_VARIANTS += [
    WebVariant(
        "printcss",
        css=_COND + """
body { font-family: 'Doc Serif Text'; font-size: 10pt; line-height: 1.5; color: #1e1e1e; }
p { margin: 0 0 8px; overflow-wrap: anywhere; }
/* the site's print stylesheet: a link's address printed after it */
a { color: #1e1e1e; text-decoration: none; }
a[href]::after { content: " (" attr(href) ")"; font-family: 'Doc Cond'; font-size: 8pt; color: #555; }
h1, h2, h3 { font-family: 'Doc Cond'; break-after: avoid; break-inside: avoid; }
/* chapter heads white on a band shaded from dark to light blue (a CSS gradient, no solid fill) */
h1 { font-size: 17pt; color: #fff; padding: 7px 12px; margin: 26px 0 12px; border-radius: 3px;
     background: linear-gradient(90deg, #0b3c5d 0%, #1d6fa5 60%, #6fb3e0 100%); -webkit-print-color-adjust: exact; }
h2 { font-size: 12.5pt; color: #0b3c5d; margin: 18px 0 6px; }
h3 { font-size: 10.5pt; color: #0b3c5d; font-style: italic; margin: 13px 0 4px; }
.num { font-weight: normal; }
ul { padding-left: 6mm; margin: 3px 0 9px; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 8px 0 14px; }
th { text-align: left; font-family: 'Doc Cond'; color: #fff; padding: 4px 6px; vertical-align: bottom;
     background: linear-gradient(180deg, #1d6fa5, #0b3c5d); -webkit-print-color-adjust: exact; }
td { border-bottom: 1px solid #d5e2ec; padding: 3px 6px; vertical-align: top; }
caption { caption-side: top; text-align: left; font-family: 'Doc Cond'; font-weight: bold; color: #0b3c5d;
          padding-bottom: 4px; }
""",
        number_span=True,
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span class="title"></span><span>Side <span class="pageNumber"></span> av '
               '<span class="totalPages"></span></span></div>',
        margin="18mm",
        held_out=14,
        print_urls=True,
        scan_dpi=240,
        scan_skew=0.5,
        scan_banding=True,
    ),
]


# Held-out batch 15.


def _b15_cards(b: Block) -> str:
    """A table as a responsive page prints it at a phone's width (``card_tables``): the header row hidden, each
    row a card, each cell on a line of its own after its column's name (``data-label``, printed by the CSS)."""
    cap = f"<caption>{_e(b.caption)}</caption>" if b.caption else ""
    names = b.rows[0]
    head = "".join(f"<th>{_e(c)}</th>" for c in names)
    body = "".join("<tr>" + "".join(f'<td data-label="{_e(names[k] if k < len(names) else "")}">{_e(c)}</td>'
                                    for k, c in enumerate(r)) + "</tr>" for r in b.rows[1:])
    return f'<div class="tablewrap cards"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


WEB_VARIANTS += [
    WebVariant(
        "large",
        css=_COND + _SERIF_COND + """
/* the site read with its "Større tekst" setting at a phone's width and printed: large type in a narrow column */
body { font-family: 'Doc Serif Cond'; font-size: 15pt; line-height: 1.45; color: #202124; margin: 0 auto;
       max-width: 128mm; }
p { margin: 0 0 10pt; }
h1, h2, h3 { font-family: 'Doc Cond'; color: #12355b; break-after: avoid; break-inside: avoid; line-height: 1.2; }
h1 { font-size: 27pt; margin: 26pt 0 12pt; }
h2 { font-size: 20pt; margin: 20pt 0 8pt; }
h3 { font-size: 16.5pt; margin: 16pt 0 6pt; font-weight: normal; font-style: italic; }
ul { padding-left: 7mm; margin: 4pt 0 12pt; }
li { margin-bottom: 4pt; }
/* a responsive table: each row a card, each cell after its column's name */
.cards table, .cards tbody, .cards tr, .cards td, .cards caption { display: block; width: auto; }
.cards thead { display: none; }
.cards caption { font-family: 'Doc Cond'; font-weight: bold; font-size: 13pt; color: #12355b; margin: 6pt 0 6pt; }
.cards tr { border: 1px solid #b7c4d1; border-radius: 8px; padding: 6pt 10pt; margin: 0 0 8pt;
            background: #f4f7fa; break-inside: avoid; }
.cards td { font-size: 12.5pt; padding: 1.5pt 0; }
.cards td::before { content: attr(data-label) ": "; font-family: 'Doc Cond'; font-weight: bold; color: #12355b; }
""",
        footer=f'<div style="{_HF} display:flex; justify-content:space-between">'
               '<span>helsedirektoratet.no</span><span><span class="pageNumber"></span>/'
               '<span class="totalPages"></span></span></div>',
        margin="16mm",
        held_out=15,
        card_tables=True,
        scan_dpi=200,
        scan_skew=0.5,
        scan_nozzle=True,
    ),
]
