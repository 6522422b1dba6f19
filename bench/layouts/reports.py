"""Report layout families rendered with reportlab platypus from a parsed source.md.

Every family has 2–3 variants that differ in fonts, sizes, margins and colours; every PDF uses
embedded TrueType fonts (bench.layouts.fonts) and is rendered with ``rl_config.invariant`` so the
bytes are the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    Indenter,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from bench.layouts.fonts import face, italic_face, white_on_tab
from bench.layouts.source import Block, Source

rl_config.invariant = 1
W, H = A4


@dataclass(frozen=True)
class Variant:
    name: str
    body_face: str
    head_face: str
    body_size: float
    head_sizes: tuple[float, float, float]
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    head_colour: str = "#000000"
    accent: str = "#1b7a9e"
    justify: bool = False
    # Held out of the matrix: 0 is in it; 1, 2 … are batches of variants added after the extractor's
    # rules were written, run with `--variant holdout` (batch 1) or `holdout2` and first measured
    # as they came, to see it on layouts that played no part in its design.
    held_out: int = 0
    # Settings added with held-out batch 3; their defaults are the earlier variants' layout.
    leading: float = 1.35  # body line spacing, times the body size
    head_font: tuple[str, str, str] = ("b", "b", "b")  # per level: b bold, bi bold italic, i italic, r regular
    number_dot: bool = False  # heading numbers printed with a trailing dot: "3.1."
    hang: float = 0  # hanging heading numbers: number at the margin, title at this indent (pt)
    footer: str | None = None  # an organisation's name at the left of the footer, the page number at the right
    caps1: bool = True  # memo-toc: level-1 titles in capitals
    toc_leaders: bool = True  # memo-toc: dot leaders between a contents entry and its page number
    gutter: float = 18  # two-column: space between the columns
    col_rule: bool = False  # two-column: a thin vertical rule in the middle of the gutter
    band_number: bool = False  # designed-report: the chapter number large, on its own line above the title
    band_fill: str | None = None  # designed-report: the band's colour (None: accent)
    band_text: str = "#ffffff"  # designed-report: the colour of the band's text
    scan_dpi: int = 200  # the scan family: resolution of the scan …
    scan_skew: float = 0.4  # … and the largest skew, in degrees
    # Settings added with held-out batch 4; their defaults are the earlier variants' layout.
    rule2: bool = False  # a thin rule above every level-2 heading
    mirror: bool = False  # word: running header (the title) and page number at the outer edge, odd/even alternating
    page_format: str = "{}"  # how a page number is printed, e.g. "- {} -"
    callout: str | None = None  # every fourth paragraph in a box of this tint with a bar of the accent at its left
    numbered_lists: bool = False  # bullets printed as a numbered list "1)", second level "a)"
    toc_depth: int = 9  # memo-toc: deepest heading level listed in the contents
    toc_inline: bool = False  # memo-toc: the page number right after the title (no leaders, not right-aligned)
    landscape: bool = False  # two-column: landscape A4
    columns: int = 2  # two-column: number of columns
    chapter_bar: bool = False  # two-column: a bar of the accent colour left of each chapter title
    side: str = "left"  # designed-report sidebar variants: the sidebar's side
    whole_heads: bool = False  # a heading is never split between two columns or pages (it moves on whole)
    scan_jpeg: int = 0  # the scan family: JPEG quality of the page images (0: lossless PNG) …
    scan_paper: int = 255  # … the paper's grey level and …
    scan_ink: int = 0  # … the ink's (lower contrast: a grey paper, a pale toner)
    # Settings added with held-out batch 5; their defaults are the earlier variants' layout.
    hyphenate: bool = False  # body text hyphenated at line ends ("spesialist-" / "helsetjenesten")
    underline: int = 0  # headings of this level and above underlined
    small_caps: bool = False  # headings in small caps (lower-case letters as smaller capitals)
    number_above: bool = False  # a heading's number on a line of its own above its title
    num_circle: bool = False  # two-column: a chapter's number white in a circle of the accent, title beside it
    watermark: str | None = None  # a word printed large and pale, diagonally across every page
    page_bg: str | None = None  # a coloured page background
    running_chapter: bool = False  # a running header with the current chapter's number and title
    line_numbers: int = 0  # every n-th body line numbered in the left margin (a legal draft)
    tabs: bool = False  # designed-report: chapter number in a box, title beside it; a thumb tab on every page
    scan_bilevel: int = 0  # the scan family: black and white at this threshold (a fax), 0: grey …
    scan_copy: bool = False  # … a photocopy: dark edges, two punch holes and a shadow at the binding edge …
    scan_dust: float = 0.0004  # … and the share of pixels turned to ink (dust, speckles)
    # Settings added with held-out batch 6; their defaults are the earlier variants' layout. (A level
    # in ``head_font`` may also be "l": the extra-light sans, DejaVuSans-ExtraLight.)
    head_box: str | None = None  # level-1 heads in a box of this tint, a thick rule of the accent at its left
    run_in: int = 0  # headings of this level run in: the title in bold, a full stop, its first paragraph after it
    table_style: str = ""  # "": the family's; "zebra": rows banded, header white on the accent, no rules;
    # "vrules": rules between the columns only; "open": no rules and no fills (the header row bold)
    continued: bool = False  # a captioned table broken across pages repeats its caption with "(forts.)"
    toc_columns: int = 1  # memo-toc: the contents list in this many columns
    indent_paras: bool = False  # paragraphs marked by a first-line indent, no space between them
    bullet: str = "•"  # the first-level bullet
    cover: bool = False  # designed-report: a cover page (organisation, title, date) and a colophon on its back
    kapittel: bool = False  # two-column: "Kapittel N" on a line of its own above each chapter's title
    header_logo: bool = False  # two-column: a running header, a logo-like mark at the left and the chapter at the right
    landscape_tables: bool = False  # two-column: the full-width table pages in landscape inside the portrait document
    header_page: bool = False  # word: a running header with the title at the left and the page number at the right
    opener: bool = False  # designed-report: the chapter number very large at the right over the title, no band
    scan_light: float = 0.0  # the scan family: uneven illumination, the page's far corner this much darker
    # Settings added with held-out batch 7; their defaults are the earlier variants' layout.
    margin_text: bool = False  # "Helsedirektoratet · <title>" set vertically (turned 90°) in the right margin
    rule_above1: bool = False  # level-1 heads with a short thick rule of the accent above them and more space
    number_colour: str | None = None  # heading numbers in this colour and the regular weight, the title bold
    head_mark: str = ""  # a symbol in the accent before every heading (Word's symbol-numbered heading style)
    letterhead: bool = False  # memo-toc: a memo's letterhead (Til / Fra / Dato / Saksnummer) on page 1
    col_heads: bool = False  # two-column: chapter heads inside the left column (not across), a chapter per page
    head_square: bool = False  # level-2 heads with a small square of the accent drawn before the title
    photo: bool = False  # designed-report: the chapter opener a picture-like tinted panel, the title white on it
    pull_quote: bool = False  # designed-report: a sentence of a chapter repeated in large italic between two rules
    num_column: bool = False  # heading numbers right-aligned in a narrow margin column, a vertical rule, the title
    rotate_tables: bool = False  # word/x0: each table on a landscape page stored portrait and turned by /Rotate 90
    scan_ocr: bool = False  # the scan family: a searchable scan, the images under tesseract's invisible text …
    scan_colour: str | None = None  # … scanned in colour (RGB) on paper of this colour …
    scan_part: tuple[float, float] = (0.0, 1.0)  # … only the pages in this share of the document scanned …
    scan_nup: int = 1  # … two pages per sheet (2): two A5 pages side by side on a landscape A4 sheet
    # Settings added with held-out batch 8; their defaults are the earlier variants' layout. (``table_style``
    # may also be "boxed": a frame round the table, the header row tinted, dashed rules between the rows.)
    mirror_margins: bool = False  # word: the margins mirrored, the wider one inside (left on odd pages, right on even)
    spaced1: float = 0  # level-1 heads in capitals letter-spaced by this many points (the PDF's character spacing)
    header_alt: bool = False  # word: running header, the title on even pages at the left, the chapter on odd ones at the right
    margin_page: bool = False  # word: the page number in the outer margin beside the foot of the text, not under it
    list_dot: bool = False  # bullets printed as a numbered list "1.", "2." (second level "a.", "b.")
    toc_side: bool = False  # memo-toc: "Side" over the page numbers, level-1 entries bold, leaders of spaced dots
    dateline: bool = False  # memo-toc: a dateline ("Oslo, 15. desember <year>") right under the title on page 1
    balanced: bool = False  # two-column: heads across the page, each section's text in two balanced columns under its head
    caption_spaced: float = 0  # table captions letter-spaced by this many points
    left_tab: bool = False  # designed-report: the chapter number and title white in a rounded tab from the page's left edge
    leader2: bool = False  # level-2 heads followed by a dotted rule (a tab leader, drawn) to the right margin
    page_tab: bool = False  # designed-report: the page number white in a rounded tab at the page's right edge
    para_numbers: bool = False  # body paragraphs numbered "(n)" in the left margin, the count running over the document
    outdent1: float = 0  # level-1 heads at the margin, all else indented this far (a Word template's outdented heads)
    outline_numbered: int = -1  # outline: the deepest level whose number is printed (-1: by the variant's name)
    outline_flat: bool = False  # outline: every bookmark at the top level and without its number (a flat export)
    scan_staple: bool = False  # the scan family: a stapled printout, the staple at the top left, every third page askew …
    scan_stain: bool = False  # … a coffee ring on the first page and one more …
    scan_phone: bool = False  # … photographed with a phone: colour, keystone, vignetting, a warm cast, JPEG …
    scan_halftone: bool = False  # … tints printed as a halftone screen, scanned at the resolution (moiré) …
    scan_fold: bool = False  # … a letter folded in three for the envelope: two creases across every page
    # Settings added with held-out batch 9; their defaults are the earlier layouts.
    drop_cap: bool = False  # each chapter's first paragraph opens with a drop cap three lines high, the text round it
    toc_end: bool = False  # memo-toc: the contents list at the end of the document, after the text
    ligatures: bool = False  # body text set with the fi / fl ligatures (U+FB01, U+FB02), as a typesetter's export
    title_pages: bool = False  # designed-report: each chapter opens with a page holding only its number and title
    turn_tables: bool = False  # each table turned 90° on an upright portrait page of its own (the page not rotated)
    num_right: bool = False  # heading numbers flush right at the end of the heading's first line, in the accent
    scan_showthrough: bool = False  # the scan family: the reverse side's print showing through, faint and mirrored …
    scan_fax: bool = False  # … received by fax: a fax header line on every page, 200 x 100 dpi, black and white …
    scan_stamp: bool = False  # … a "MOTTATT" rubber stamp with a date in the first page's top margin …
    scan_highlight: bool = False  # … a yellow highlighter stroke over a few lines (a reader's marks) …
    scan_lid: bool = False  # … the scanner's lid left open: the page keystoned a little, a shadow at one edge
    # Settings added with held-out batch 10; their defaults are the earlier layouts.
    num_dash: bool = False  # heading numbers followed by a spaced em dash, "3.2 — Title" (number in the accent)
    page_border: bool = False  # a thin frame of the accent round every page (Word's page border)
    toc_links: bool = False  # memo-toc: contents entries as hyperlinks (blue, underlined, linked to the heading)
    ingress: bool = False  # two-column: a chapter's first paragraph as an ingress, larger, across the page under its head
    ghost_number: bool = False  # designed-report: the chapter number huge and pale behind the chapter's title
    spaced_rule: int = 0  # headings of this level in letter-spaced capitals at body size with a rule under them
    centre_heads: bool = False  # every heading centred (level 1 with a short centred rule under it)
    num_box: bool = False  # heading numbers white in a box of the accent at the margin, the title at ``hang``
    outline_depth: int = 9  # outline: the deepest heading level given a bookmark
    scan_flip: bool = False  # the scan family: one page fed upside down (turned 180°) …
    scan_sticky: bool = False  # … a sticky note over part of the first page's margin …
    scan_pencil: bool = False  # … a reader's pencil marks: lines under text, a bar in the margin, ticks
    # Settings added with held-out batch 11; their defaults are the earlier layouts.
    a5: bool = False  # word: an A5 booklet page (148 × 210 mm)
    chapter_footer: bool = False  # word: a running footer, the current chapter's number and title at the left over
    # a thin rule, the page number at the outer edge
    colour_heads: bool = False  # memo-toc: the headings in the head colour (the family's are black)
    chapter_box: bool = False  # designed-report sidebar: an "I dette kapitlet" box listing the chapter's level-2 heads
    footnotes: int = 0  # every n-th body paragraph ends with a footnote mark, its note at the page's foot
    cover_page: bool = False  # word/outline: a cover page first (title, "Rapport", date, organisation), a "Forside"
    # bookmark for it when the PDF has an outline
    rule_below1: bool = False  # level-1 heads followed by a thin rule of the accent across the text block
    scan_curve: bool = False  # the scan family: a book scan, the lines curving into a dark gutter at the binding …
    scan_comb: bool = False  # … a comb-bound report: a column of rectangular punched holes down the left edge …
    scan_dogear: bool = False  # … a dog-eared page: the top right corner folded over, its back showing
    scan_slip: bool = False  # … a page that slipped in the feeder: a band of the page stretched down the scan
    # Settings added with held-out batch 12; their defaults are the earlier layouts.
    caption_row: bool = False  # a captioned table's caption as its first row, merged across every column and shaded,
    # repeated with the header row when the table breaks (as Word's "repeat as header row" on two rows)
    date_header: bool = False  # word: a running header, the organisation at the left, the date and "Side N" at the right
    bar2: bool = False  # level-2 heads with a thin bar of the accent down their left side, the title set in from it
    page_lines: bool = False  # every body line numbered in the left margin, the count starting again on each page
    col_split: float = 0.0  # two-column: the left column's share of the text width (0: equal columns)
    hollow_number: bool = False  # designed-report: the chapter opener's number large in outlined (hollow) figures
    margin_number: bool = False  # heading numbers in the left margin, the title on the line under the number
    bleed1: bool = False  # level-1 heads white on a band of the accent across the page's full width (to both edges)
    body_colour: str | None = None  # the body text's colour (None: black)
    scan_lowres: int = 0  # the scan family: scanned at this resolution and scaled up again to scan_dpi …
    scan_shrink: float = 0.0  # … the page printed smaller (this share of the sheet), centred …
    scan_redstamp: bool = False  # … a red "KOPI" stamp, its ink bled, over the first page's first lines …
    scan_crumple: bool = False  # … a crumpled sheet smoothed out: the lines warped a little, creases across it
    # Settings added with held-out batch 13; their defaults are the earlier layouts.
    lead_in: int = 0  # every n-th body paragraph opens with its first words in bold (a lead-in, part of the sentence)
    num_small: bool = False  # heading numbers small (55 % of the title's size), raised, in the accent, before the title
    toc_grid: bool = False  # memo-toc: the contents list a ruled table, "Kap." | "Tittel" | "Side", header row shaded
    zero_number: bool = False  # designed-report: the opener's number with a leading zero ("03"), a rule, the title beside
    list_columns: bool = False  # bullet lists of four items or more set in two columns (a Word section's columns)
    table_source: bool = False  # a "Kilde: …" line in small italic under every table
    change_bars: int = 0  # every n-th body paragraph marked as changed: a bar in the left margin and "Endret" beside it
    charts: int = 0  # two-column: a vector bar chart with text labels (axis, values, legend) and a caption after every
    # n-th body paragraph, as a report's figures exported from a spreadsheet
    scan_smear: bool = False  # the scan family: a copy of a copy, the ink spread and blurred, toner specks …
    scan_label: bool = False  # … an archive's barcode label stuck on every page's top right …
    scan_jitter: bool = False  # … a feeder's uneven transport: bands of rows shifted sideways, a few rows repeated
    # Settings added with held-out batch 14; their defaults are the earlier layouts.
    margin_notes: int = 0  # every n-th body paragraph with a short note beside it in a column in the right margin
    chapter_drop: float = 0  # each chapter on a new page, its head this far down the page (Word's space before)
    tracked: int = 0  # every n-th body paragraph with a tracked change shown: a figure struck through, the new one
    # underlined in colour (a draft "med sporede endringer")
    photos: int = 0  # two-column: a photograph (a raster image) with its credit line after every n-th body paragraph
    shadow_title: bool = False  # designed-report: the opener's number and title white with a drop shadow drawn as a
    # second, dark copy of the text (as WordArt and designed templates export a text shadow)
    head_tags: int = 0  # every n-th level-2/3 head with a label ("NY", "ENDRET") white on the accent after its title
    outline_tables: bool = False  # outline: a bookmark for every captioned table too, under its section's heading
    scan_dither: bool = False  # the scan family: black and white by error diffusion (dithered), as a scanner's
    # "black and white photo" mode …
    scan_clip: bool = False  # … a paper clip over the first page's top …
    scan_echo: bool = False  # … a double image: a faint second copy of the page a little lower (a copier's ghost) …
    scan_signature: bool = False  # … a handwritten signature under the last page's text …
    scan_thumb: bool = False  # … a thumb holding the page flat at its edge …
    scan_banding: bool = False  # … a lamp's flicker: darker bands across the page at intervals
    # Settings added with held-out batch 15; their defaults are the earlier layouts.
    kapittel_dash: bool = False  # level-1 heads "Kapittel 3 – Title" on one line, "Kapittel 3 –" in the accent
    doc_grid: bool = False  # word: a quality system's document-control grid as the running header on every page
    # (organisation, document number, version, valid from, "Side N av M"), "Ukontrollert ved utskrift" in the footer
    nup: int = 1  # memo-toc: 2, the finished document printed two pages per landscape A4 sheet (vector, each at A5)
    table_list: bool = False  # memo-toc: a list of tables ("Tabelloversikt", captions and pages) after the contents
    reverse2: bool = False  # level-2 heads white on a dark bar as wide as the column (reverse type)
    highlights: int = 0  # every n-th body paragraph with a phrase highlighted on yellow (Word's text highlight)
    foot_opener: bool = False  # designed-report: the chapter opener a band across the chapter page's foot, drawn
    # last, each chapter in a colour of its own, the title in two weights (its first words extra-light)
    odd_chapters: bool = False  # each chapter opens on a right-hand (odd) page; a left page left empty says so
    indent_heads: float = 0  # level-2 heads indented this far, level-3 twice as far (the text at the margin)
    outline_short: int = 0  # outline: bookmark titles cut to this many characters, "…" after them
    page_start: int = 0  # the first page's printed number (an excerpt of a larger publication) and its page label
    scan_sideways: bool = False  # the scan family: the middle page fed sideways (its image turned a quarter) …
    scan_fuser: bool = False  # … a printer's dirty fuser roller: a grey smudge repeated down every page …
    scan_tape: bool = False  # … a torn page mended with tape: a tear across it, the tape's band over it

    @property
    def pagesize(self) -> tuple[float, float]:
        if self.a5:
            return A5
        return landscape(A4) if self.landscape else A4


# ---------------------------------------------------------------------------------------------
# variants per family

VARIANTS: dict[str, list[Variant]] = {
    "word": [
        Variant("a", "serif", "sans", 11, (16, 13, 11.5), (72, 72, 72, 60)),
        Variant("b", "serifcond", "cond", 10.5, (15, 12.5, 11), (60, 85, 66, 66), "#1f3864"),
        Variant("c", "serif", "sans", 12, (18, 14, 12), (85, 70, 80, 70), "#2e74b5"),
        Variant("d", "sans", "serif", 9.5, (13, 11, 10), (50, 50, 50, 50), "#c00000", held_out=1),
        Variant("e", "cond", "serifcond", 11.5, (14, 12, 11), (90, 60, 60, 90), "#5b2c6f", held_out=2),
        Variant("f", "sans", "sans", 10, (15, 12, 10.5), (68, 62, 62, 72), "#004b6e", held_out=3, leading=1.4,
                number_dot=True, hang=48, footer="Helsedirektoratet", scan_dpi=300, scan_skew=1.0),
        Variant("g", "sans", "serif", 10, (13, 11.5, 10.5), (78, 64, 84, 70), "#1f6f8b", "#1f6f8b", held_out=4,
                leading=1.3, head_font=("r", "r", "r"), hang=90, rule2=True, mirror=True, page_format="- {} -",
                callout="#e8f1f4", whole_heads=True, scan_dpi=240, scan_skew=0.6, scan_jpeg=35),
        Variant("h", "serif", "cond", 10.5, (15.5, 12.5, 11), (58, 58, 92, 64), "#3d5a1e", "#3d5a1e", justify=True,
                held_out=5, leading=1.25, head_font=("b", "b", "bi"), hyphenate=True, underline=2,
                watermark="UTKAST", running_chapter=True, page_format="Side {}", whole_heads=True,
                scan_dpi=200, scan_skew=0.5, scan_bilevel=150, scan_dust=0.0012),
        Variant("i", "serif", "sans", 10.5, (14, 12, 10.5), (74, 66, 70, 72), "#0b3d5c", "#2a7ab0", held_out=6,
                leading=1.3, head_box="#e4eef5", run_in=3, table_style="zebra", continued=True,
                footer="Helsedirektoratet", page_format="Side {}", whole_heads=True, scan_dpi=250, scan_skew=0.9,
                scan_light=0.3),
        Variant("j", "math", "serif", 10.5, (24, 13, 11), (70, 92, 80, 74), "#262626", "#b0413e", held_out=7,
                margin_text=True, rule_above1=True, number_colour="#b0413e", page_format="{}", whole_heads=True,
                scan_dpi=200, scan_skew=0.3, scan_jpeg=70, scan_ocr=True),
    ],
    "memo-toc": [
        Variant("a", "mono", "mono", 10, (10, 10, 10), (70, 70, 80, 70)),
        Variant("b", "sans", "sans", 10.5, (10.5, 10.5, 10.5), (80, 65, 85, 70), "#333333"),
        Variant("c", "serif", "serif", 11, (11, 11, 11), (65, 80, 90, 75)),
        Variant("d", "serifcond", "cond", 12, (12.5, 12, 12), (60, 60, 70, 70), "#222222", held_out=1),
        Variant("e", "sans", "sans", 9.5, (9.5, 9.5, 9.5), (55, 55, 60, 60), held_out=2),
        Variant("f", "serif", "sans", 10.5, (13.5, 10.5, 10.5), (72, 66, 78, 70), held_out=3,
                head_font=("b", "bi", "i"), caps1=False, toc_leaders=False, scan_dpi=150, scan_skew=0.3),
        Variant("g", "cond", "sans", 11, (12, 11, 11), (85, 85, 95, 80), held_out=4, leading=1.45,
                head_font=("b", "b", "i"), toc_leaders=False, toc_depth=2, toc_inline=True, numbered_lists=True,
                whole_heads=True, scan_skew=1.2, scan_paper=226, scan_ink=48),
        Variant("h", "serif", "cond", 10, (12, 11, 10), (96, 70, 80, 86), "#7a4b00", held_out=5, leading=1.5,
                caps1=False, number_above=True, page_bg="#fbf4dc", whole_heads=True, scan_dpi=150, scan_skew=0.7,
                scan_copy=True),
        Variant("i", "math", "serif", 11, (11, 11, 11), (80, 72, 84, 76), held_out=6, head_font=("b", "b", "i"),
                toc_columns=2, toc_depth=2, indent_paras=True, bullet="–", whole_heads=True, scan_dpi=300, scan_skew=0.5,
                scan_jpeg=60, scan_paper=244, scan_ink=22),
        Variant("j", "cond", "serifcond", 10.5, (12.5, 11, 10.5), (66, 66, 64, 70), accent="#1f5f8b", held_out=7,
                caps1=False, head_mark="■", letterhead=True, whole_heads=True, scan_dpi=200, scan_skew=1.5,
                scan_colour="#f6eecb"),
    ],
    "two-column": [
        Variant("a", "serif", "sans", 9, (18, 11, 9.5), (50, 50, 60, 55), "#00344f", justify=True),
        Variant("b", "sans", "sans", 8.5, (17, 10.5, 9), (40, 40, 55, 50), "#7a1b1b"),
        Variant("c", "serifcond", "cond", 9.5, (20, 12, 10), (55, 45, 65, 60), "#1b5e20", justify=True),
        Variant("d", "cond", "serif", 8, (16, 10, 8.5), (36, 36, 50, 45), "#003366", held_out=1),
        Variant("e", "serif", "sans", 10, (22, 12.5, 10.5), (62, 58, 72, 60), "#5a5a5a", justify=True,
                held_out=1),
        Variant("f", "serifcond", "sans", 9, (19, 11, 9.5), (48, 48, 58, 52), "#8b4513", justify=True,
                held_out=2),
        Variant("g", "sans", "serifcond", 9.5, (21, 12, 10), (44, 44, 56, 60), "#0f4c5c", held_out=3,
                leading=1.3, gutter=30, col_rule=True, footer="Helsedirektoratet"),
        Variant("h", "serif", "sans", 9, (20, 11, 9.5), (42, 42, 50, 46), "#6a1b9a", "#6a1b9a", held_out=4,
                leading=1.3, gutter=20, landscape=True, columns=3, chapter_bar=True, page_format="- {} -",
                whole_heads=True),
        Variant("i", "cond", "serif", 9.5, (18, 11.5, 10), (52, 52, 64, 58), "#a0522d", "#a0522d", justify=True,
                held_out=5, leading=1.3, gutter=24, hyphenate=True, num_circle=True, page_bg="#f6f1e7",
                head_font=("b", "b", "i"), page_format="{}", whole_heads=True),
        Variant("j", "serif", "cond", 9.5, (19, 11.5, 10), (50, 50, 72, 56), "#00585a", "#00585a", held_out=6,
                leading=1.3, gutter=20, head_font=("b", "b", "bi"), kapittel=True, header_logo=True,
                landscape_tables=True, table_style="vrules", whole_heads=True),
        Variant("k", "math", "cond", 9.5, (17, 11, 10), (46, 46, 62, 58), "#0d4d8c", "#0d4d8c", True, held_out=7,
                leading=1.3, gutter=16, col_heads=True, number_colour="#7fa7cf", head_square=True,
                footer="Helsedirektoratet", page_format="Side {}", whole_heads=True),
    ],
    "designed-report": [
        Variant("band", "sans", "sans", 10, (22, 14, 11.5), (70, 70, 150, 60), "#1b7a9e", "#1b7a9e", True),
        Variant("sidebar", "serif", "sans", 10.5, (20, 13.5, 11), (170, 55, 70, 60), "#8a3b12", "#8a3b12", True),
        Variant("bandlow", "cond", "cond", 9.5, (22, 13, 11), (60, 60, 170, 55), "#4a2a7a", "#4a2a7a", True),
        Variant("bandmid", "serif", "sans", 11, (24, 15, 12), (75, 75, 165, 70), "#006c4f", "#006c4f", False,
                held_out=1),
        Variant("sidebar-wide", "sans", "serif", 10, (18, 12.5, 10.5), (190, 50, 60, 55), "#2f5d50", "#2f5d50",
                False, held_out=2),
        Variant("bandnum", "serifcond", "sans", 10.5, (20, 13, 11), (64, 64, 215, 62), "#5c3a12", "#8c5a1e",
                True, held_out=3, head_font=("b", "b", "bi"), band_number=True, band_fill="#f3e6cf",
                band_text="#4a2f0e", scan_skew=0.8),
        Variant("rightbar", "sans", "cond", 9.5, (20, 12.5, 10.5), (60, 175, 70, 60), "#7b2d26", "#7b2d26", False,
                held_out=4, head_font=("b", "b", "i"), side="right", page_format="Side {}", whole_heads=True,
                scan_dpi=220, scan_skew=1.0, scan_jpeg=50, scan_paper=236, scan_ink=30),
        Variant("tabs", "cond", "serif", 10, (21, 13, 11), (72, 84, 150, 66), "#275d38", "#275d38", True,
                held_out=5, head_font=("b", "b", "bi"), tabs=True, watermark="UTKAST", page_format="{}",
                whole_heads=True, scan_dpi=300, scan_skew=0.8, scan_copy=True, scan_dust=0.002),
        Variant("cover", "sans", "serif", 10, (24, 13, 11), (72, 72, 196, 64), "#8a3a1c", "#b5502a", False,
                held_out=6, head_font=("b", "b", "bi"), opener=True, cover=True, continued=True, page_format="{}",
                whole_heads=True, scan_dpi=200, scan_skew=1.1, scan_light=0.35, scan_dust=0.0008),
        Variant("photo", "serifcond", "serif", 10, (22, 13, 11), (78, 78, 232, 64), "#3b3b8f", "#3b3b8f", False,
                held_out=7, head_font=("b", "b", "i"), photo=True, pull_quote=True, page_format="{}", whole_heads=True,
                scan_dpi=200, scan_skew=0.6, scan_part=(0.4, 0.75)),
    ],
    "x0-chapter": [
        Variant("a", "sans", "sans", 10.5, (15, 12.5, 11), (72, 72, 72, 60)),
        Variant("b", "serif", "serif", 11, (16, 13, 11.5), (80, 65, 70, 60), "#1f3864"),
        Variant("c", "cond", "cond", 10, (14, 12, 10.5), (70, 70, 70, 60), "#333333", held_out=2),
        Variant("d", "serifcond", "serif", 11, (13.5, 12, 11), (104, 64, 76, 70), "#2b3a67", "#2b3a67", held_out=5,
                leading=1.6, small_caps=True, line_numbers=5, page_format="- {} -", whole_heads=True),
        Variant("e", "serif", "sans", 10.5, (22, 12.5, 10.5), (78, 78, 84, 64), "#222222", "#555555", held_out=6,
                head_font=("l", "b", "b"), table_style="open", header_page=True, page_format="Side {}",
                whole_heads=True),
        Variant("f", "math", "cond", 10.5, (15, 12, 10.5), (110, 64, 72, 66), "#6a3d00", "#c07a1a", held_out=7,
                num_column=True, rotate_tables=True, page_format="{}", whole_heads=True),
    ],
    "outline": [
        Variant("numbered-1", "serif", "sans", 11, (17, 13, 11.5), (72, 72, 72, 60), "#2e74b5"),
        Variant("unnumbered", "sans", "serif", 10.5, (16, 13, 11), (65, 75, 78, 62), "#000000"),
    ],
}

# Held-out batch 8.
VARIANTS["word"].append(
    Variant("k", "serifcond", "sans", 10, (15, 12, 10.5), (92, 58, 80, 76), "#1d3557", "#d1603d", held_out=8,
            leading=1.4, mirror_margins=True, spaced1=1.8, header_alt=True, margin_page=True, table_style="boxed",
            whole_heads=True, scan_dpi=200, scan_skew=0.35, scan_staple=True))
VARIANTS["memo-toc"].append(
    Variant("k", "cond", "serif", 10, (12, 10.5, 10), (76, 60, 92, 78), "#000000", "#3d5a80", held_out=8,
            leading=1.45, head_font=("b", "b", "bi"), list_dot=True, toc_side=True, dateline=True, whole_heads=True,
            scan_dpi=200, scan_skew=2.0, scan_stain=True))
VARIANTS["two-column"].append(
    Variant("l", "sans", "serif", 9, (18, 12.5, 10), (54, 54, 70, 60), "#a4133c", "#a4133c", held_out=8,
            leading=1.35, gutter=20, balanced=True, caption_spaced=1.4, header_page=True, page_format="{}",
            whole_heads=True))
VARIANTS["designed-report"].append(
    Variant("lefttab", "serif", "cond", 10, (22, 13.5, 11), (72, 72, 190, 66), "#2e5a88", "#2e5a88", True,
            held_out=8, head_font=("b", "b", "i"), left_tab=True, leader2=True, page_tab=True, page_format="{}",
            whole_heads=True, scan_dpi=200, scan_skew=0.0, scan_jpeg=80, scan_phone=True))
VARIANTS["x0-chapter"].append(
    Variant("g", "sans", "serif", 10, (16, 13, 11), (100, 66, 76, 70), "#3c1642", "#086375", held_out=8,
            leading=1.45, para_numbers=True, page_format="Side {}", whole_heads=True))
VARIANTS["outline"].append(
    Variant("landscape", "sans", "serifcond", 10.5, (20, 14, 12), (60, 200, 66, 56), "#5e3023", "#b5651d",
            held_out=8, landscape=True, outdent1=110, outline_numbered=9, outline_flat=True, whole_heads=True))


# ---------------------------------------------------------------------------------------------
# building blocks


def _styles(v: Variant, *, head_bold: bool = True, colour: bool = True) -> dict[str, ParagraphStyle]:
    body_r, body_b = face(v.body_face)
    head_r, head_b = face(v.head_face)
    body = ParagraphStyle("body", fontName=body_r, fontSize=v.body_size, leading=v.body_size * v.leading,
                          spaceAfter=v.body_size * 0.6, alignment=TA_JUSTIFY if v.justify else 0)
    out = {"body": body,
           "cell": ParagraphStyle("cell", fontName=body_r, fontSize=v.body_size - 1.5,
                                  leading=(v.body_size - 1.5) * 1.25),
           "cellhead": ParagraphStyle("cellhead", fontName=body_b, fontSize=v.body_size - 1.5,
                                      leading=(v.body_size - 1.5) * 1.25),
           "caption": ParagraphStyle("caption", parent=body, fontName=body_b, fontSize=v.body_size - 0.5)}
    if v.body_colour:  # batch 12: grey text (the cells too)
        for k in ("body", "cell", "caption"):
            out[k].textColor = colors.HexColor(v.body_colour)
    if v.hyphenate:  # reportlab takes a callable in place of a pyphen language
        body.hyphenationLang = hyphen_pairs
    if v.indent_paras:  # a first-line indent and no space between paragraphs; "body0": a paragraph without
        out["body0"] = ParagraphStyle("body0", parent=body, spaceAfter=0)  # (after a heading, a list …)
        body.firstLineIndent, body.spaceAfter = v.body_size * 1.5, 0
        out["caption"].firstLineIndent = 0
    head_i, head_bi = italic_face(v.head_face) if any("i" in f for f in v.head_font) else ("", "")
    light = face("light")[0] if "l" in v.head_font else ""
    for d, size in enumerate(v.head_sizes, start=1):
        fonts = {"b": head_b if head_bold else head_r, "bi": head_bi, "i": head_i, "r": head_r, "l": light}
        out[f"h{d}"] = ParagraphStyle(
            f"h{d}", fontName=fonts[v.head_font[d - 1]], fontSize=size, leading=size * 1.25,
            spaceBefore=max(size * 0.9, 8), spaceAfter=size * 0.5,
            textColor=colors.HexColor(v.head_colour if colour else "#000000"))
    return out


_VOWELS = set("aeiouyæøåéèêü")
_NO_SPLIT = {"kj", "sj", "gj", "tj", "hj", "ch", "th", "sh", "ph"}


def hyphen_points(word: str) -> list[int]:
    """Where a word may be broken (a simple Norwegian rule: before the last consonant between two
    vowels, not inside "kj", "sj", "tj" …; at least three letters either side). Words with digits
    or marks are never broken."""
    w = word.lower()
    if len(w) < 7 or not w.isalpha():
        return []
    out = []
    i = 0
    while i < len(w):
        if w[i] in _VOWELS:  # the consonants from i + 1 to the next vowel e
            e = i + 1
            while e < len(w) and w[e] not in _VOWELS:
                e += 1
            if e < len(w) and e > i + 1:
                cut = e - 1 if e - 1 == i + 1 or w[e - 2:e] not in _NO_SPLIT else e - 2
                if cut > i and 3 <= cut <= len(w) - 3:
                    out.append(cut)
            i = e
        else:
            i += 1
    return out


def hyphen_pairs(word: str):  # noqa: ANN201
    """(head, tail) pairs for reportlab's hyphenation, the longest head first."""
    for i in reversed(hyphen_points(word)):
        yield word[:i], word[i:]


def small_caps(text: str, size: float) -> str:
    """Paragraph markup for ``text`` in small caps: lower-case letters as capitals at 80 % size."""
    from itertools import groupby

    parts = []
    for lower, run in groupby(text, key=str.islower):
        chunk = "".join(run)
        parts.append(f'<font size="{size * 0.8:.1f}">{escape(chunk.upper())}</font>' if lower else escape(chunk))
    return "".join(parts)


def _styled_head(b: Block, st: dict, numbered_to: int, upper1: bool, dot: bool, v: Variant) -> Paragraph:
    """Batch 5's heading styles: small caps, underlined, the number on a line of its own above."""
    style = st[f"h{b.depth}"]
    raw = b.title.upper() if upper1 and b.depth == 1 else b.title
    title = small_caps(raw, style.fontSize) if v.small_caps else escape(raw)
    num = escape(f"{b.number}{'.' if dot else ''}") if b.number and b.depth <= numbered_to else ""
    if num and v.number_above:
        under = v.underline >= b.depth
        return Paragraph(f'<font color="{v.accent}">{num}</font><br/>' + (f"<u>{title}</u>" if under else title),
                         style)
    text = f"{num} {title}" if num else title
    return Paragraph(f"<u>{text}</u>" if v.underline >= b.depth else text, style)


class _MarkedPara(Flowable):
    """A body paragraph with something drawn in its left margin: it takes the paragraph's size and
    spacing, and subclasses draw the mark."""

    para: Paragraph

    def wrap(self, aw, ah):  # noqa: ANN001
        self.width, self.height = self.para.wrap(aw, ah)
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.para.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.para.getSpaceAfter()


class LineNumbered(_MarkedPara):
    """A body paragraph with every n-th line numbered in the left margin, the count running on over
    the document (``counter``: a one-item list shared by the document's paragraphs)."""

    def __init__(self, para: Paragraph, counter: list[int], every: int):
        super().__init__()
        self.para, self.counter, self.every = para, counter, every

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return [LineNumbered(p, self.counter, self.every) for p in self.para.split(aw, ah)]

    def draw(self) -> None:
        self.para.drawOn(self.canv, 0, 0)
        style = self.para.style
        lines = len(getattr(self.para.blPara, "lines", []))
        self.canv.saveState()
        self.canv.setFont(style.fontName, style.fontSize - 2.5)
        self.canv.setFillColor(colors.HexColor("#777777"))
        for i in range(lines):
            self.counter[0] += 1
            if self.counter[0] % self.every == 0:
                y = self.height - style.fontSize - i * style.leading
                self.canv.drawRightString(-14, y, str(self.counter[0]))
        self.canv.restoreState()


class CircleHead(Flowable):
    """A chapter heading: its number white in a circle of the accent, the title beside it."""

    def __init__(self, number: str, title: Paragraph, colour: str):
        super().__init__()
        self.number, self.title, self.colour = number, title, colour
        self.d = title.style.fontSize * 2

    def wrap(self, aw, ah):  # noqa: ANN001
        _w, th = self.title.wrap(aw - self.d - 12, ah)
        self.height = max(th, self.d)
        return aw, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.title.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.title.getSpaceAfter()

    def draw(self) -> None:
        c, r = self.canv, self.d / 2
        c.saveState()
        c.setFillColor(colors.HexColor(self.colour))
        c.circle(r, self.height - r, r, fill=1, stroke=0)
        c.setFillColor(colors.white)
        fs = self.title.style.fontSize * (0.95 if len(self.number) < 2 else 0.75)
        c.setFont(self.title.style.fontName, fs)
        c.drawCentredString(r, self.height - r - fs * 0.35, self.number)
        c.restoreState()
        self.title.drawOn(c, self.d + 12, self.height - self.title.height)


def _decor(v: Variant, inner=None):  # noqa: ANN001, ANN202
    """The page's background colour and watermark (batch 5) under ``inner``'s furniture; ``inner``
    itself when the variant has neither."""
    if not (v.page_bg or v.watermark):
        return inner

    def draw(canvas, doc) -> None:  # noqa: ANN001
        pw, ph = canvas._pagesize
        canvas.saveState()
        if v.page_bg:
            canvas.setFillColor(colors.HexColor(v.page_bg))
            canvas.rect(0, 0, pw, ph, fill=1, stroke=0)
        if v.watermark:
            canvas.translate(pw / 2, ph / 2)
            canvas.rotate(52)
            canvas.setFillColor(colors.HexColor("#e2e2e2"))
            canvas.setFont(face(v.head_face)[1], 120)
            canvas.drawCentredString(0, -40, v.watermark)
        canvas.restoreState()
        if inner is not None:
            inner(canvas, doc)
    return draw


def _running_chapter(font: str, v: Variant):  # noqa: ANN202
    """A running header with the chapter the page is in (as Word's STYLEREF: the first chapter head
    on the page, else the last one before it), at the right over a thin rule."""
    def draw(canvas, doc) -> None:  # noqa: ANN001
        heads = [(b, p) for k, b, p in doc.marks if k == "h" and b.depth == 1]
        here = [b for b, p in heads if p == doc.page]
        before = [b for b, p in heads if p < doc.page]
        blk = here[0] if here else before[-1] if before else None
        if blk is None:
            return
        lm, r, t, _b = v.margins
        canvas.saveState()
        canvas.setFont(font, 8.5)
        canvas.setFillColor(colors.HexColor(v.accent))
        canvas.drawRightString(W - r, H - t + 30, _shown(blk, 1))
        canvas.setStrokeColor(colors.HexColor(v.accent))
        canvas.setLineWidth(0.6)
        canvas.line(lm, H - t + 24, W - r, H - t + 24)
        canvas.restoreState()
    return draw


def _tab_opener(canvas, blk: Block, v: Variant, font: str) -> None:  # noqa: ANN001
    """A chapter's first page (``tabs``): the number white in a square of the accent at the top
    left, the title beside it in the accent, a rule under both."""
    lm, r, t, _b = v.margins
    box = 72
    top = H - 44
    x = lm
    if blk.number:
        canvas.setFillColor(colors.HexColor(v.accent))
        canvas.rect(lm, top - box, box, box, fill=1, stroke=0)
        canvas.setFillColor(colors.white)
        ns = 34 if len(blk.number) < 2 else 28
        canvas.setFont(font, ns)
        canvas.drawCentredString(lm + box / 2, top - box / 2 - ns * 0.35, blk.number)
        x = lm + box + 16
    hs = v.head_sizes[0]
    lines = simpleSplit(blk.title, font, hs, W - r - x)
    while hs > 11 and len(lines) * hs * 1.2 > box + 8:
        hs -= 1
        lines = simpleSplit(blk.title, font, hs, W - r - x)
    canvas.setFillColor(colors.HexColor(v.accent))
    canvas.setFont(font, hs)
    y = top - hs
    for ln in lines:
        canvas.drawString(x, y, ln)
        y -= hs * 1.2
    canvas.setStrokeColor(colors.HexColor(v.accent))
    canvas.setLineWidth(1.5)
    canvas.line(lm, H - t + 18, W - r, H - t + 18)


def _thumb_tab(canvas, blk: Block, index: int, v: Variant, font: str) -> None:  # noqa: ANN001
    """A thumb-index tab at the page's right edge: a box of the accent lower down for each chapter,
    the chapter number white in it."""
    th, gap = 56, 6
    y = H - 110 - (index % 10) * (th + gap) - th
    canvas.setFillColor(colors.HexColor(v.accent))
    canvas.rect(W - 26, y, 26, th, fill=1, stroke=0)
    if blk.number:
        canvas.setFillColor(colors.white)
        canvas.setFont(font, 11)
        canvas.drawCentredString(W - 13, y + th / 2 - 4, blk.number)


def _bullets(b: Block, st: ParagraphStyle, numbered: bool = False, bullet: str = "•") -> ListFlowable:
    if numbered:
        return _numbered_list(b, st)
    items: list = []
    for lvl, text in b.items:
        if lvl and items:
            items.append(ListItem(Paragraph(escape(text), st), leftIndent=28, value="–" if bullet == "•" else "◦"))
        else:
            items.append(ListItem(Paragraph(escape(text), st)))
    return ListFlowable(items, bulletType="bullet", start=bullet, leftIndent=14)


def _numbered_list(b: Block, st: ParagraphStyle, fmt: str = "%s)") -> ListFlowable:
    """The bullets as a numbered list, "1)", "2)" …, a second level as "a)", "b)" … under its item
    (``fmt`` "%s.": "1.", "a." …)."""
    groups: list[tuple[str, list[str]]] = []
    for lvl, text in b.items:
        if lvl and groups:
            groups[-1][1].append(text)
        else:
            groups.append((text, []))
    items: list = []
    for text, subs in groups:
        parts: list = [Paragraph(escape(text), st)]
        if subs:
            parts.append(ListFlowable([ListItem(Paragraph(escape(t), st)) for t in subs], bulletType="a",
                                      bulletFormat=fmt, leftIndent=20))
        items.append(ListItem(parts))
    return ListFlowable(items, bulletType="1", bulletFormat=fmt, leftIndent=20)


class WholeParagraph(Paragraph):
    """A paragraph that is never split: one that does not fit moves on whole to the next frame."""

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return []


class _DecoratedHead(Flowable):
    """A heading paragraph drawn with a decoration in its colour; keeps the paragraph's spacing."""

    def __init__(self, inner: Flowable, colour: str):
        super().__init__()
        self.inner, self.colour = inner, colour

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.inner.getSpaceAfter()


class RuledAbove(_DecoratedHead):
    """A heading with a thin rule above it, across the frame."""

    def wrap(self, aw, ah):  # noqa: ANN001
        self.aw = aw
        _w, h = self.inner.wrap(aw, ah)
        self.height = h + 6
        return aw, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeColor(colors.HexColor(self.colour))
        self.canv.setLineWidth(0.5)
        self.canv.line(0, self.height, self.aw, self.height)
        self.canv.restoreState()
        self.inner.drawOn(self.canv, 0, 0)


class BarHead(_DecoratedHead):
    """A heading with a bar of colour to the left of its title."""

    def wrap(self, aw, ah):  # noqa: ANN001
        _w, self.height = self.inner.wrap(aw - 16, ah)
        return aw, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(colors.HexColor(self.colour))
        self.canv.rect(0, 0, 6, self.height, fill=1, stroke=0)
        self.canv.restoreState()
        self.inner.drawOn(self.canv, 16, 0)


def _callout(p: Paragraph, tint: str, bar: str, width: float) -> Table:
    """A paragraph in a tinted box with a coloured bar at its left (a "Merk"-style box, no label)."""
    t = Table([[p]], colWidths=[width])
    t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(tint)),
                           ("LINEBEFORE", (0, 0), (0, -1), 3, colors.HexColor(bar)),
                           ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                           ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return t


def _table(b: Block, st: dict, width: float, *, grid: bool, rule_colour: str = "#000000",
           v: Variant | None = None) -> list:
    """``v``: a variant's batch-6 table settings (table_style, continued); None for the family's table."""
    if v is not None and v.caption_row and b.caption:  # batch 12: the caption as the table's merged first row
        return _b12_caption_table(b, st, width, v)
    out: list = []
    continued = v is not None and v.continued and b.caption
    if b.caption and not continued:
        spaced = v is not None and v.caption_spaced
        out.append(SpacedText(b.caption, st["caption"], v.caption_spaced) if spaced
                   else Paragraph(escape(b.caption), st["caption"]))
    style = v.table_style if v is not None else ""
    head = "cellhead"
    if style == "zebra":  # the header row's text white on the accent
        head = "cellwhite"
        st.setdefault("cellwhite", ParagraphStyle("cellwhite", parent=st["cellhead"], textColor=colors.white))
    data = [[Paragraph(escape(c), st[head if r == 0 else "cell"]) for c in row] for r, row in enumerate(b.rows)]
    ncol = max(len(r) for r in b.rows)
    data = [r + [""] * (ncol - len(r)) for r in data]
    t = Table(data, repeatRows=1, colWidths=[width / ncol] * ncol)
    cmds = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if style:
        cmds += _table_style(style, v)
    elif grid:
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    else:
        c = colors.HexColor(rule_colour)
        cmds += [("LINEABOVE", (0, 0), (-1, 0), 1.2, c), ("LINEBELOW", (0, 0), (-1, 0), 0.8, c),
                 ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.grey)]
    t.setStyle(TableStyle(cmds))
    if continued:
        t = Continued(Paragraph(escape(b.caption), st["caption"]), t)
    if style or continued:  # the space after as the table's own, dropped at a page's foot (no blank page)
        t.spaceAfter = 8
        return [*out, t]
    return [*out, t, Spacer(1, 8)]


def _table_style(style: str, v: Variant) -> list:
    """Batch 6's table styles (``Variant.table_style``)."""
    accent = colors.HexColor(v.accent)
    pad = [("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if style == "zebra":  # banded rows (every second one in ``head_box``'s tint), the header white on the accent
        return [*pad, ("BACKGROUND", (0, 0), (-1, 0), accent),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(v.head_box or "#eef2f5")])]
    if style == "vrules":  # rules between the columns only
        return [*pad, ("LINEAFTER", (0, 0), (-2, -1), 0.6, accent)]
    if style == "open":  # no rules, no fills: the columns set apart by space alone
        return [*pad, ("LEFTPADDING", (1, 0), (-1, -1), 12)]
    if style == "boxed":  # batch 8: a frame round the table, the header row tinted, dashed rules between the rows
        return [*pad, ("BOX", (0, 0), (-1, -1), 1, accent), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3e3dc")),
                ("LINEBELOW", (0, 0), (-1, 0), 1, accent),
                ("LINEBELOW", (0, 1), (-1, -2), 0.5, colors.HexColor("#8c8c8c"), 0, (2, 2))]
    raise ValueError(style)


class Continued(Flowable):
    """A captioned table that, broken across pages, repeats its caption with "(forts.)" over the
    rest (the header row is repeated by the table itself)."""

    def __init__(self, caption: Paragraph, table: Table):
        super().__init__()
        self.caption, self.table = caption, table

    def wrap(self, aw, ah):  # noqa: ANN001
        _w, ch = self.caption.wrap(aw, ah)
        _w, th = self.table.wrap(aw, ah)
        self.ch, self.width, self.height = ch + self.caption.getSpaceAfter(), aw, ch + self.caption.getSpaceAfter() + th
        return aw, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.caption.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return getattr(self, "spaceAfter", 0)

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        self.wrap(aw, ah)
        parts = self.table.split(aw, ah - self.ch)
        if len(parts) < 2:
            return []
        more = Continued(Paragraph(self.caption.text + " (forts.)", self.caption.style), parts[1])
        more.spaceAfter = self.getSpaceAfter()
        return [Continued(self.caption, parts[0]), more]

    def draw(self) -> None:
        self.caption.drawOn(self.canv, 0, self.height - self.ch + self.caption.getSpaceAfter())
        self.table.drawOn(self.canv, 0, 0)


class BoxHead(_DecoratedHead):
    """A heading in a tinted box across the frame, a thick rule of the accent at its left (Word's
    paragraph shading with a left border)."""

    def __init__(self, inner: Flowable, colour: str, tint: str):
        super().__init__(inner, colour)
        self.tint = tint

    def wrap(self, aw, ah):  # noqa: ANN001
        self.aw = aw
        _w, h = self.inner.wrap(aw - 24, ah)
        self.height = h + 12
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(colors.HexColor(self.tint))
        c.rect(0, 0, self.aw, self.height, fill=1, stroke=0)
        c.setFillColor(colors.HexColor(self.colour))
        c.rect(0, 0, 5, self.height, fill=1, stroke=0)
        c.restoreState()
        self.inner.drawOn(c, 16, 6)


def _run_in(b: Block, para: Block, st: dict, v: Variant) -> Paragraph:
    """A run-in heading: its title in the heading font and colour, a full stop, then the paragraph."""
    hs = st[f"h{b.depth}"]
    title = escape(b.title) + ("" if b.title[-1:] in ".:?!" else ".")
    return Paragraph(f'<font name="{hs.fontName}" color="{v.head_colour}">{title}</font> {escape(para.text)}',
                     st["body0"] if v.indent_paras else st["body"])


class Marker(Flowable):
    """Zero-size flowable that records a heading for afterFlowable (outline, TOC, band)."""

    def __init__(self, kind: str, block: Block):
        super().__init__()
        self.kind, self.block = kind, block
        self.width = self.height = 0

    def wrap(self, aw, ah):  # noqa: ANN001
        return 0, 0

    def draw(self) -> None:
        pass


def _shown(b: Block, numbered_to: int, upper1: bool = False, dot: bool = False) -> str:
    title = b.title.upper() if upper1 and b.depth == 1 else b.title
    return f"{b.number}{'.' if dot else ''} {title}" if b.number and b.depth <= numbered_to else title


class Hanging(Flowable):
    """A heading with a hanging number: the number at the margin, the title (wrapped) at ``indent``,
    as a Word heading style with a hanging indent and a tab after the number sets it."""

    def __init__(self, number: str, title: str, style: ParagraphStyle, indent: float):
        super().__init__()
        self.number, self.indent, self.style = number, indent, style
        self.num = Paragraph(escape(number), ParagraphStyle("num", parent=style, spaceBefore=0, spaceAfter=0))
        self.title = Paragraph(escape(title), ParagraphStyle("title", parent=style, spaceBefore=0, spaceAfter=0))

    def wrap(self, aw, ah):  # noqa: ANN001
        from reportlab.pdfbase.pdfmetrics import stringWidth

        # a number wider than the indent pushes the title to the next default tab stop (every 36 pt)
        width = stringWidth(self.number, self.style.fontName, self.style.fontSize)
        self.x = self.indent
        while width + 4 > self.x:
            self.x += 36
        _w, nh = self.num.wrap(self.x, ah)
        _w, th = self.title.wrap(aw - self.x, ah)
        self.height = max(nh, th)
        return aw, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter

    def draw(self) -> None:
        self.num.drawOn(self.canv, 0, self.height - self.num.height)
        self.title.drawOn(self.canv, self.x, self.height - self.title.height)


def _head(b: Block, st: dict, numbered_to: int, upper1: bool, dot: bool, hang: float) -> Flowable:
    if hang and b.number and b.depth <= numbered_to:
        title = b.title.upper() if upper1 and b.depth == 1 else b.title
        return Hanging(f"{b.number}{'.' if dot else ''}", title, st[f"h{b.depth}"], hang)
    return Paragraph(escape(_shown(b, numbered_to, upper1, dot)), st[f"h{b.depth}"])


def _b7_head(b: Block, st: dict, numbered_to: int, upper1: bool, dot: bool, v: Variant) -> Flowable:
    """Batch 7's heading styles: the number in another colour and weight than the title, a symbol
    before the heading, the number in a margin column beside a vertical rule, a drawn square."""
    style = st[f"h{b.depth}"]
    title = escape(b.title.upper() if upper1 and b.depth == 1 else b.title)
    num = escape(f"{b.number}{'.' if dot else ''}") if b.number and b.depth <= numbered_to else ""
    plain = b.title.upper() if upper1 and b.depth == 1 else b.title
    if v.num_column and num:
        return NumColumnHead(num, FitParagraph(title, style, plain), v.accent)
    mark = f'<font color="{v.accent}">{escape(v.head_mark)}</font> ' if v.head_mark else ""
    if num and v.number_colour:
        num = f'<font name="{face(v.head_face)[0]}" color="{v.number_colour}">{num}</font>'
    para = FitParagraph(f"{mark}{num} {title}" if num else f"{mark}{title}", style, plain)
    if v.head_square and b.depth == 2:
        return SquareHead(para, v.accent)
    return para


class FitParagraph(WholeParagraph):
    """A heading never broken inside a word: a designer sets it smaller (half a point at a time)
    while its longest word would not fit the line. ``plain``: the heading's words, without markup."""

    def __init__(self, text: str, style: ParagraphStyle, plain: str):
        super().__init__(text, style)
        self.plain, self.base = plain, style

    def wrap(self, aw, ah):  # noqa: ANN001
        from reportlab.pdfbase.pdfmetrics import stringWidth

        size = self.base.fontSize
        longest = max(self.plain.split() or [""], key=lambda w: stringWidth(w, self.base.fontName, size))
        while size > 8 and stringWidth(longest, self.base.fontName, size) > aw - 2:
            size -= 0.5
        if size != self.style.fontSize:
            Paragraph.__init__(self, self.text, ParagraphStyle(f"{self.base.name}-fit", parent=self.base,
                                                               fontSize=size, leading=size * 1.25))
        return super().wrap(aw, ah)


class ShortRuleAbove(_DecoratedHead):
    """A heading with a short thick rule of the accent above it (not across), more space before."""

    def wrap(self, aw, ah):  # noqa: ANN001
        _w, h = self.inner.wrap(aw, ah)
        self.height = h + 14
        return aw, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.inner.getSpaceBefore() + 16

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(colors.HexColor(self.colour))
        self.canv.rect(0, self.height - 3.5, 44, 3.5, fill=1, stroke=0)
        self.canv.restoreState()
        self.inner.drawOn(self.canv, 0, 0)


class SquareHead(_DecoratedHead):
    """A heading with a small square of its accent drawn before the title (on the first line)."""

    def wrap(self, aw, ah):  # noqa: ANN001
        self.fs = self.inner.style.fontSize
        _w, self.height = self.inner.wrap(aw - self.fs * 1.2, ah)
        return aw, self.height

    def draw(self) -> None:
        side = self.fs * 0.55
        self.canv.saveState()
        self.canv.setFillColor(colors.HexColor(self.colour))
        self.canv.rect(0, self.height - self.fs * 0.95, side, side, fill=1, stroke=0)
        self.canv.restoreState()
        self.inner.drawOn(self.canv, self.fs * 1.2, 0)


class NumColumnHead(_DecoratedHead):
    """A heading whose number is right-aligned in a narrow column in the left margin, a thin vertical
    rule of the accent between it and the title (as a heading set in a two-cell table)."""

    def __init__(self, number: str, title: Paragraph, colour: str):
        super().__init__(title, colour)  # (the title's spacing)
        self.number, self.title = number, title

    def wrap(self, aw, ah):  # noqa: ANN001
        _w, self.height = self.title.wrap(aw, ah)
        return aw, self.height

    def draw(self) -> None:
        c, style = self.canv, self.title.style
        c.saveState()
        c.setFillColor(colors.HexColor(self.colour))
        c.setFont(style.fontName, style.fontSize)
        c.drawRightString(-12, self.height - style.fontSize, self.number)
        c.setStrokeColor(colors.HexColor(self.colour))
        c.setLineWidth(0.8)
        c.line(-6, -2, -6, self.height + 1)
        c.restoreState()
        self.title.drawOn(c, 0, 0)


class SpacedText(Flowable):
    """Text letter-spaced by the PDF's character spacing (Tc), as Word's "expanded" spacing writes
    it, wrapped at spaces and never split; set smaller (half a point at a time) while its longest word
    would not fit. For level-1 heads in capitals and for table captions (held-out batch 8)."""

    def __init__(self, text: str, style: ParagraphStyle, space: float):
        super().__init__()
        self.text, self.style, self.space = text, style, space

    def _width(self, s: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(s, self.style.fontName, size) + self.space * len(s)

    def wrap(self, aw, ah):  # noqa: ANN001
        size = self.style.fontSize
        words = self.text.split()
        while size > 8 and max(self._width(w, size) for w in words) > aw - 2:
            size -= 0.5
        lines, cur = [], ""
        for w in words:
            t = f"{cur} {w}" if cur else w
            if cur and self._width(t, size) > aw:
                lines.append(cur)
                cur = w
            else:
                cur = t
        lines.append(cur)
        self.size, self.lines = size, lines
        self.leading = size * self.style.leading / self.style.fontSize
        self.width, self.height = aw, len(lines) * self.leading
        return aw, self.height

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return []

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(self.style.textColor)
        t = c.beginText(0, self.height - self.size)
        t.setFont(self.style.fontName, self.size, self.leading)
        t.setCharSpace(self.space)
        for ln in self.lines:
            t.textLine(ln)
        c.drawText(t)
        c.restoreState()


class LeaderHead(_DecoratedHead):
    """A heading followed by a dotted rule from the end of its last line to the right margin, as a
    tab with a dot leader sets it (drawn: the dots are no text)."""

    def wrap(self, aw, ah):  # noqa: ANN001
        self.aw = aw
        _w, self.height = self.inner.wrap(aw, ah)
        return aw, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, 0)
        lines = self.inner.blPara.lines
        last = lines[-1]
        extra = last[0] if isinstance(last, tuple) else last.extraSpace
        end = self.aw - extra + 8
        if self.aw - end < 30:
            return
        style = self.inner.style
        y = self.height - style.fontSize - (len(lines) - 1) * style.leading + 1
        c = self.canv
        c.saveState()
        c.setStrokeColor(colors.HexColor(self.colour))
        c.setLineWidth(1.4)
        c.setLineCap(1)
        c.setDash([0.01, 3.6])
        c.line(end, y, self.aw, y)
        c.restoreState()


class ParaNumbered(_MarkedPara):
    """A body paragraph with its number "(n)" in the left margin at its first line (numbered
    paragraphs, as in some circulars and court decisions); a paragraph split over two pages carries
    its number on the first part only."""

    def __init__(self, para: Paragraph, number: int | None):
        super().__init__()
        self.para, self.number = para, number

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        parts = self.para.split(aw, ah)
        if not parts:
            return []
        return [ParaNumbered(parts[0], self.number), *(ParaNumbered(p, None) for p in parts[1:])]

    def draw(self) -> None:
        self.para.drawOn(self.canv, 0, 0)
        if self.number is None:
            return
        style = self.para.style
        self.canv.saveState()
        self.canv.setFont(style.fontName, style.fontSize - 1.5)
        self.canv.setFillColor(colors.HexColor("#6b6b6b"))
        self.canv.drawRightString(-12, self.height - style.fontSize, f"({self.number})")
        self.canv.restoreState()


def _b8_head(b: Block, st: dict, numbered_to: int, upper1: bool, dot: bool, hang: float, v: Variant) -> Flowable:
    """Batch 8's heading styles: level-1 letter-spaced capitals, level-2 with a dotted leader."""
    if v.spaced1 and b.depth == 1:
        return SpacedText(_shown(b, numbered_to, upper1=True, dot=dot), st["h1"], v.spaced1)
    head = _head(b, st, numbered_to, upper1, dot, hang)
    if type(head) is Paragraph:
        head = WholeParagraph(head.text, head.style)
    if v.leader2 and b.depth == 2:
        head = LeaderHead(head, v.accent)
    return head


def _story(src: Source, st: dict, width: float, *, numbered_to: int = 9, upper1: bool = False, grid: bool = True,
           rule_colour: str = "#000000", chapter_break: bool = False, band: bool = False,
           on_table=None, dot: bool = False, hang: float = 0, v: Variant | None = None) -> list:  # noqa: ANN001
    """``v``: a variant's batch-4 to batch-8 settings (rule2, callout, numbered_lists, head_box, run_in,
    indent_paras, bullet, table_style, outdent1, para_numbers, list_dot …); None for none of them."""
    story: list = []
    outdent = v.outdent1 if v is not None else 0  # level-1 heads at the margin, all else indented this far
    if outdent:
        story.append(Indenter(left=outdent))
    paragraphs = 0
    counter = [0]  # line numbers (``v.line_numbers``)
    page_counts: dict[int, int] = {}  # lines numbered so far on each page (``v.page_lines``)
    blocks = src.blocks
    prev = ""  # the previous block's kind (``v.indent_paras``: no indent after a heading, a list, a table)
    run_in = None  # a run-in heading's paragraph, already set (``v.run_in``)
    for i, b in enumerate(blocks):
        if b is run_in:
            prev = "p"
            continue
        if b.kind == "page":
            if not (band or chapter_break):
                story.append(PageBreak())
        elif b.kind == "h":
            prev = "h"
            if band and b.depth == 1:
                story += [PageBreak(), Marker("band", b)]
                continue
            if chapter_break and b.depth == 1 and story:
                story.append(PageBreak())
            if outdent and b.depth == 1:
                story.append(Indenter(left=-outdent))
            story.append(Marker("h", b))
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if v is not None and v.run_in == b.depth and nxt is not None and nxt.kind == "p":
                run_in = nxt
                paragraphs += 1
                story.append(_run_in(b, nxt, st, v))
                continue
            if v is not None and (v.small_caps or v.underline or v.number_above):
                head = _styled_head(b, st, numbered_to, upper1, dot, v)
            elif v is not None and (v.number_colour or v.head_mark or v.num_column or v.head_square):
                head = _b7_head(b, st, numbered_to, upper1, dot, v)
            elif v is not None and (v.spaced1 or v.leader2):
                head = _b8_head(b, st, numbered_to, upper1, dot, hang, v)
            elif v is not None and (v.num_dash or v.spaced_rule or v.centre_heads or v.num_box):
                head = _b10_head(b, st, numbered_to, upper1, v)
            elif v is not None and v.num_small and b.number and b.depth <= numbered_to:  # batch 13
                head = _b13_small_number(b, st, v)
            elif v is not None and v.num_right and b.number and b.depth <= numbered_to:
                head = NumRightHead(b.number, FitParagraph(escape(b.title), st[f"h{b.depth}"], b.title), v.accent,
                                    face(v.head_face)[0])
            elif v is not None and v.head_tags and b.depth >= 2:  # batch 14: a label after the title
                head = _b14_tagged_head(b, blocks, i, st, numbered_to, v)
            elif v is not None and v.kapittel_dash and b.depth == 1 and b.number:  # batch 15
                head = _b15_kapittel(b, st, v)
            else:
                head = _head(b, st, numbered_to, upper1, dot, hang)
            if v is not None and v.whole_heads and type(head) is Paragraph:
                head = WholeParagraph(head.text, head.style)
            if v is not None and v.rule2 and b.depth == 2:
                head = RuledAbove(head, v.accent)
            if v is not None and v.head_box and b.depth == 1:
                head = BoxHead(head, v.accent, v.head_box)
            if v is not None and v.rule_above1 and b.depth == 1:
                head = ShortRuleAbove(head, v.accent)
            if v is not None and v.rule_below1 and b.depth == 1:
                head = RuledBelow(head, v.accent)
            if v is not None and (v.bar2 or v.margin_number or v.bleed1 or v.col_split):  # batch 12
                head = _b12_head(b, head, st, numbered_to, v)
            if v is not None and v.reverse2 and b.depth == 2:  # batch 15: white on a dark bar
                head = ReverseHead(head, v.head_colour)
            story.append(head)
            if outdent and b.depth == 1:
                story.append(Indenter(left=outdent))
        elif b.kind == "p":
            indent = v is not None and v.indent_paras
            para = Paragraph(escape(b.text), st["body0" if indent and prev != "p" else "body"])
            if v is not None and (v.ligatures or v.drop_cap):
                para = _b9_para(b, blocks[i - 1] if i else None, st, v)
            prev = "p"
            paragraphs += 1
            if v is not None and (v.lead_in or v.change_bars):  # batch 13: a bold lead-in, a change bar
                para = _b13_para(b, para, paragraphs, st, v)
            if v is not None and v.tracked and paragraphs % v.tracked == 0:  # batch 14: a tracked change shown
                para = _b14_tracked(b, para, v)
            if v is not None and v.highlights and paragraphs % v.highlights == 0:  # batch 15: a phrase highlighted
                para = _b15_highlight(b, para)
            if v is not None and v.footnotes and paragraphs % v.footnotes == 0:  # batch 11: a footnote
                story += _b11_footnoted(b, para, paragraphs // v.footnotes)
                continue
            if v is not None and v.line_numbers:
                para = LineNumbered(para, counter, v.line_numbers)
            if v is not None and v.page_lines:  # batch 12: every line, counted again on each page
                para = PageLineNumbered(para, page_counts)
            if v is not None and v.para_numbers:
                para = ParaNumbered(para, paragraphs)
            if v is not None and v.callout and paragraphs % 4 == 0:
                para = _callout(para, v.callout, v.accent, width)
                story += [Spacer(1, 2), para, Spacer(1, 8)]
                continue
            if v is not None and v.margin_notes and paragraphs % v.margin_notes == 0:  # batch 14: a margin note
                para = MarginNote(para, _b14_note(paragraphs // v.margin_notes), v)
            story.append(para)
        elif b.kind == "ul":
            prev = "ul"
            if v is not None and v.list_columns and len(b.items) >= 4:  # batch 13: a list in two columns
                story.append(_b13_list_columns(b, st["body"]))
                continue
            if v is not None and v.list_dot:
                story.append(_numbered_list(b, st["body"], fmt="%s."))
                continue
            if v is not None and (v.indent_paras or v.bullet != "•"):
                story.append(_bullets(b, st["body0" if v.indent_paras else "body"], numbered=v.numbered_lists,
                                      bullet=v.bullet))
                continue
            story.append(_bullets(b, st["body"], numbered=v is not None and v.numbered_lists))
        elif b.kind == "table":
            prev = "table"
            if v is not None and v.turn_tables:  # the table across the page's height, turned
                tw = v.pagesize[1] - v.margins[2] - v.margins[3]
                story += [PageBreak(), Turned(_table(b, st, tw, grid=grid, rule_colour=rule_colour, v=v)), PageBreak()]
                continue
            parts = _table(b, st, width, grid=grid, rule_colour=rule_colour, v=v)
            if v is not None and v.table_source:  # batch 13: the table's source under it
                parts = _b13_source(parts, st, src)
            if v is not None and (v.outline_tables or v.table_list) and b.caption:  # batch 14 (15: its page)
                parts = [Marker("cap", b), *parts]
            story += on_table(parts) if on_table else parts
    # keep a heading with what follows; no blank pages from two breaks in a row
    out: list = []
    for f in story:
        if isinstance(f, PageBreak) and (not out or isinstance(out[-1], PageBreak)):
            continue
        if isinstance(f, Marker) and f.kind == "h" and out:
            out.append(CondPageBreak(60))
        out.append(f)
    return out


class _Doc(BaseDocTemplate):
    """Records (kind, block, page) for every Marker; optional outline entries."""

    def __init__(self, *a, outline: bool = False, **kw):  # noqa: ANN002, ANN003
        super().__init__(*a, **kw)
        self.marks: list[tuple[str, Block, int]] = []
        self.outline = outline
        self.outline_flat = False  # bookmarks all at the top level, titles without numbers (batch 8)
        self.outline_depth = 9  # the deepest heading level given a bookmark (batch 10)
        self.toc_links = False  # a named destination at every heading, for a linked contents list (batch 10)
        self.pending_band: Block | None = None

    def afterFlowable(self, flowable) -> None:  # noqa: ANN001, N802
        if isinstance(flowable, _B11Mark):  # held-out batch 11: a footnote's page, a cover's bookmark
            flowable.record(self)
            return
        if isinstance(flowable, Marker):
            b = flowable.block
            self.marks.append((flowable.kind, b, self.page))
            if flowable.kind == "cap":  # held-out batch 14: a table caption's bookmark, under its section
                if self.outline:
                    key = f"h{len(self.marks)}"
                    self.canv.bookmarkPage(key)
                    self.canv.addOutlineEntry(b.caption, key, level=getattr(self, "b14_level", 0), closed=False)
                return
            if flowable.kind == "band":
                self.pending_band = b
            if self.toc_links and flowable.kind == "h":
                self.canv.bookmarkPage(f"toc{len(self.marks)}")
            if self.outline and flowable.kind in ("h", "band") and b.depth <= self.outline_depth:
                key = f"h{len(self.marks)}"
                self.canv.bookmarkPage(key)
                label = f"{b.number} {b.title}" if b.number else b.title
                if getattr(self, "outline_short", 0) and len(label) > self.outline_short:  # batch 15
                    label = label[:self.outline_short].rstrip() + "…"
                if self.outline_flat:
                    self.canv.addOutlineEntry(b.title, key, level=0, closed=False)
                    return
                self.canv.addOutlineEntry(label, key, level=b.depth - 1, closed=False)
                self.b14_level = b.depth  # a caption's bookmark goes under this one (batch 14)


def _numbered_canvas(header: str, font: str, v: Variant):  # noqa: ANN202
    """Canvas class that holds pages back to print 'Side N av M' and a running header."""

    class NumberedCanvas(Canvas):
        def __init__(self, *a, **kw):  # noqa: ANN002, ANN003
            super().__init__(*a, **kw)
            self._saved: list[dict] = []

        def showPage(self) -> None:  # noqa: N802
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont(font, 8.5)
                self.setFillColor(colors.HexColor("#444444"))
                self.drawString(v.margins[0], H - v.margins[2] + 30, header)
                self.setLineWidth(0.4)
                self.line(v.margins[0], H - v.margins[2] + 25, W - v.margins[1], H - v.margins[2] + 25)
                self.drawCentredString(W / 2, v.margins[3] - 30, f"Side {self._pageNumber} av {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def _page_number(font: str, v: Variant):  # noqa: ANN202
    def draw(canvas, doc) -> None:  # noqa: ANN001
        canvas.saveState()
        canvas.setFont(font, 8)
        if v.footer:  # the organisation at the left under a thin rule, the page number at the right
            y = v.margins[3] / 2
            canvas.setStrokeColor(colors.HexColor("#888888"))
            canvas.setLineWidth(0.4)
            canvas.line(v.margins[0], y + 11, W - v.margins[1], y + 11)
            canvas.setFillColor(colors.HexColor("#444444"))
            canvas.drawString(v.margins[0], y, v.footer)
        canvas.drawRightString(v.pagesize[0] - v.margins[1], v.margins[3] / 2, v.page_format.format(doc.page))
        canvas.restoreState()
    return draw


def _mirrored(font: str, v: Variant, title: str):  # noqa: ANN202
    """A running header with the title and a rule under it, and the page number in the footer, both
    at the outer edge: at the right on odd pages, at the left on even ones (a book's spreads)."""
    def draw(canvas, doc) -> None:  # noqa: ANN001
        lm, r, t, b = v.margins
        odd = doc.page % 2 == 1
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        if odd:
            canvas.drawRightString(W - r, H - t + 28, title)
        else:
            canvas.drawString(lm, H - t + 28, title)
        canvas.setStrokeColor(colors.HexColor(v.accent))
        canvas.setLineWidth(0.4)
        canvas.line(lm, H - t + 22, W - r, H - t + 22)
        canvas.setFillColor(colors.black)
        canvas.setFont(font, 9)
        number = v.page_format.format(doc.page)
        if odd:
            canvas.drawRightString(W - r, b / 2, number)
        else:
            canvas.drawString(lm, b / 2, number)
        canvas.restoreState()
    return draw


def _title_header(font: str, v: Variant, title: str):  # noqa: ANN202
    """A running header (``header_page``): the title at the left, the page number at the right, a
    rule under both; nothing in the footer."""
    def draw(canvas, doc) -> None:  # noqa: ANN001
        lm, r, t, _b = v.margins
        canvas.saveState()
        canvas.setFont(font, 8.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(lm, H - t + 26, title)
        canvas.setFillColor(colors.black)
        canvas.drawRightString(W - r, H - t + 26, v.page_format.format(doc.page))
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.setLineWidth(0.5)
        canvas.line(lm, H - t + 20, W - r, H - t + 20)
        canvas.restoreState()
    return draw


class Stacked(Flowable):
    """Flowables set one under the other as one (never split), with the given space before."""

    def __init__(self, parts: list, space_before: float):
        super().__init__()
        self.parts, self.space_before = parts, space_before

    def wrap(self, aw, ah):  # noqa: ANN001
        self.sizes = [(p.wrap(aw, ah)[1], p.getSpaceAfter()) for p in self.parts]
        self.width, self.height = aw, sum(h + sa for h, sa in self.sizes[:-1]) + self.sizes[-1][0]
        return aw, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.space_before

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.parts[-1].getSpaceAfter()

    def draw(self) -> None:
        y = self.height
        for p, (h, sa) in zip(self.parts, self.sizes, strict=True):
            y -= h
            p.drawOn(self.canv, 0, y)
            y -= sa


def _logo_header(font: str, v: Variant):  # noqa: ANN202
    """A running header on every page (``header_logo``): a logo-like mark of three squares at the
    left, the current chapter's title (as Word's STYLEREF) at the right, a rule under both; the
    page number centred in the footer. Drawn for the page's own size (a landscape page too)."""
    def draw(canvas, doc) -> None:  # noqa: ANN001
        pw, ph = canvas._pagesize
        lm, r, t, b = v.margins
        heads = [(blk, p) for k, blk, p in doc.marks if k == "h" and blk.depth == 1]
        here = [blk for blk, p in heads if p == doc.page]
        before = [blk for blk, p in heads if p < doc.page]
        blk = here[0] if here else before[-1] if before else None
        y = ph - t + 22
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(v.accent))
        for i, (dx, dy) in enumerate(((0, 6), (7, 6), (0, -1))):
            canvas.setFillColor(colors.HexColor(v.accent if i != 1 else "#9cc7c8"))
            canvas.rect(lm + dx, y + dy - 2, 6, 6, fill=1, stroke=0)
        if blk is not None:
            canvas.setFont(font, 8)
            canvas.setFillColor(colors.HexColor("#555555"))
            canvas.drawRightString(pw - r, y, blk.title)
        canvas.setStrokeColor(colors.HexColor(v.accent))
        canvas.setLineWidth(0.5)
        canvas.line(lm, y - 6, pw - r, y - 6)
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.black)
        canvas.drawCentredString(pw / 2, b / 2, v.page_format.format(doc.page))
        canvas.restoreState()
    return draw


def _frame(v: Variant, fid: str = "body") -> Frame:
    lm, r, t, b = v.margins
    pw, ph = v.pagesize
    return Frame(lm, b, pw - lm - r, ph - t - b, id=fid, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


# ---------------------------------------------------------------------------------------------
# families


def render_word(src: Source, out: Path, v: Variant, title: str, *, numbered_to: int = 9, outline: bool = False,
                blanks: frozenset[int] | None = None) -> Path:
    """``blanks`` (batch 15, ``odd_chapters``): the chapters (counted from 0) before which an empty left page is
    set; None: found by a first run."""
    st = _styles(v)
    if v.indent_heads:  # batch 15: level-2 and level-3 heads set in from the margin
        st["h2"].leftIndent, st["h3"].leftIndent = v.indent_heads, 2 * v.indent_heads
    width = v.pagesize[0] - v.margins[0] - v.margins[1] - v.outdent1  # (A4 and no outdent but in batch 8)
    doc = _Doc(str(out), pagesize=v.pagesize, title=title, outline=outline)
    doc.outline_flat = v.outline_flat
    font = face(v.body_face)[0]
    extra = {"onPageEnd": _running_chapter(font, v)} if v.running_chapter else {}
    furniture = (_mirrored(font, v, title) if v.mirror else _title_header(font, v, title) if v.header_page
                 else _page_number(font, v))
    if v.margin_text:
        furniture = _both(furniture, _margin_text(font, v, title))
    if v.page_border:
        furniture = _both(_page_border(v), furniture)
    if v.chapter_footer or v.footnotes:  # batch 11: drawn when the page is full (its heads, its notes known)
        furniture, extra = _b11_furniture(font, v, furniture)
    if v.date_header:  # batch 12: the date and the page number at the right of a running header
        furniture = _b12_date_header(font, v, int(src.meta.get("year", 0) or 0) - 1)
    if v.doc_grid or v.page_start:  # batch 15: a document-control grid; the pages numbered on from a start
        furniture = _b15_furniture(font, v, title, int(src.meta.get("year", 0) or 0) - 1, furniture)
    doc.outline_depth = v.outline_depth
    if v.outline_short:
        doc.outline_short = v.outline_short
    on_table = None
    if v.rotate_tables:  # the table pages landscape, stored portrait and turned by /Rotate 90
        lw, lh = landscape(A4)
        lm, r, t, b = v.margins
        turned = Frame(lm, b, lw - lm - r, lh - t - b, id="turned", leftPadding=0, rightPadding=0, topPadding=0,
                       bottomPadding=0)
        # pagesize landscape: with rotation 90 reportlab stores the MediaBox portrait, [0 0 W H]
        turned_page = PageTemplate("turned", [turned], onPage=_turned(font, v), pagesize=(lw, lh))
        turned_page.rotation = 90  # the page's /Rotate (reportlab sets it from the template at the page's end)
        doc.addPageTemplates([PageTemplate("p", [_frame(v)], onPage=_decor(v, furniture), **extra), turned_page])
        width = lw - lm - r

        def on_table(parts: list) -> list:
            return [NextPageTemplate("turned"), PageBreak(), *parts, NextPageTemplate("p"), PageBreak()]
    elif v.mirror_margins:  # odd and even pages in turn, the text block shifted to the inner side
        doc.addPageTemplates(_mirror_pages(font, v, title))
    else:
        doc.addPageTemplates([PageTemplate("p", [_frame(v)], onPage=_decor(v, furniture), **extra)])
    story = _story(src, st, width, numbered_to=numbered_to, dot=v.number_dot, hang=v.hang, v=v, on_table=on_table)
    if v.chapter_drop:  # batch 14: each chapter on a new page, its head set low
        story = _b14_drop(story, v.chapter_drop)
    if v.odd_chapters:  # batch 15: each chapter on a right-hand page
        story = _b15_odd(story, blanks or frozenset(), st["body"])
    if v.cover_page:
        story = _b11_cover(v, title, int(src.meta.get("year", 0) or 0) - 1, outline) + story
    doc.build(story, **({"canvasmaker": _b15_grid_canvas(font, v, title, int(src.meta.get("year", 0) or 0) - 1)} if v.doc_grid else {}))
    if v.odd_chapters and blanks is None:  # the second run, with the empty pages where they fall
        starts = [page for k, blk, page in doc.marks if k == "h" and blk.depth == 1]
        need, shift = set(), 0
        for n, page in enumerate(starts):
            if n and (page + shift) % 2 == 0:
                need.add(n)
                shift += 1
        return render_word(src, out, v, title, numbered_to=numbered_to, outline=outline, blanks=frozenset(need))
    return out


def _mirror_pages(font: str, v: Variant, title: str) -> list[PageTemplate]:
    """Odd and even pages in turn (``mirror_margins``): the wider margin inside, at the left of an odd
    page and the right of an even one. The running header (``header_alt``): the title at the left of
    an even page, the current chapter at the right of an odd one; the page number (``margin_page``)
    in the outer margin, level with the foot of the text."""
    lm, r, t, b = v.margins

    def furniture(canvas, doc) -> None:  # noqa: ANN001
        odd = doc.page % 2 == 1
        left = lm if odd else r  # the text block's left edge
        right = W - (r if odd else lm)
        canvas.saveState()
        if v.header_alt:
            canvas.setFont(font, 8.5)
            canvas.setFillColor(colors.HexColor("#555555"))
            if odd:
                heads = [(blk, p) for k, blk, p in doc.marks if k == "h" and blk.depth == 1]
                here = [blk for blk, p in heads if p == doc.page]
                before = [blk for blk, p in heads if p < doc.page]
                blk = here[0] if here else before[-1] if before else None
                if blk is not None:
                    canvas.drawRightString(right, H - t + 28, _shown(blk, 1))
            else:
                canvas.drawString(left, H - t + 28, title)
            canvas.setStrokeColor(colors.HexColor("#9a9a9a"))
            canvas.setLineWidth(0.5)
            canvas.line(left, H - t + 22, right, H - t + 22)
        if v.margin_page:
            x = W - r / 2 if odd else r / 2
            canvas.setFillColor(colors.HexColor(v.accent))
            canvas.setFont(face(v.head_face)[1], 10)
            canvas.drawCentredString(x, b, v.page_format.format(doc.page))
            canvas.setStrokeColor(colors.HexColor(v.accent))
            canvas.setLineWidth(1.2)
            canvas.line(x - 8, b + 14, x + 8, b + 14)
        canvas.restoreState()

    def frame(x: float) -> Frame:
        return Frame(x, b, W - lm - r, H - t - b, id="body", leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0)

    return [PageTemplate("odd", [frame(lm)], onPageEnd=furniture, autoNextPageTemplate="even"),
            PageTemplate("even", [frame(r)], onPageEnd=furniture, autoNextPageTemplate="odd")]


def _both(first, second):  # noqa: ANN001, ANN202
    """Two page hooks, one after the other."""
    def draw(canvas, doc) -> None:  # noqa: ANN001
        first(canvas, doc)
        second(canvas, doc)
    return draw


def _margin_text(font: str, v: Variant, title: str):  # noqa: ANN202
    """Running text set vertically (turned 90°, read upwards) in the right margin of every page:
    the organisation and the title, as a designed Word template has it."""
    def draw(canvas, doc) -> None:  # noqa: ANN001
        canvas.saveState()
        canvas.translate(W - v.margins[1] / 2 + 4, H / 2)
        canvas.rotate(90)
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor(v.accent))
        canvas.drawCentredString(0, 0, f"Helsedirektoratet · {title}")
        canvas.restoreState()
    return draw


def _turned(font: str, v: Variant):  # noqa: ANN202
    """A landscape page stored portrait: /Rotate 90 on the page, the content drawn turned a quarter
    the other way (the page's hook leaves the transform on for the frame's text); the page number
    at the foot of the page as read."""
    def draw(canvas, doc) -> None:  # noqa: ANN001
        canvas.transform(0, 1, -1, 0, W, 0)  # landscape (x, y) to the portrait page's (W - y, x)
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawRightString(H - v.margins[1], v.margins[3] / 2, v.page_format.format(doc.page))
        canvas.restoreState()
    return draw


class TocLine(Flowable):
    """'3.2 Title ........ 7' with dot leaders (or none: ``leaders=False``), indented by level."""

    def __init__(self, text: str, page: int, level: int, font: str, size: float, leaders: bool = True,
                 inline: bool = False, spaced: bool = False):
        super().__init__()
        self.text, self.page, self.level, self.font, self.size = text, page, level, font, size
        self.leaders, self.inline = leaders, inline
        self.spaced = spaced  # batch 8: leaders of spaced dots ". . ." (the font may be a bold one for level 1)

    def wrap(self, aw, ah):  # noqa: ANN001
        self.aw = aw
        self.lines = simpleSplit(self.text, self.font, self.size, aw - 40 - 16 * (self.level - 1))
        return aw, len(self.lines) * self.size * 1.3 + 2

    def draw(self) -> None:
        c = self.canv
        c.setFont(self.font, self.size)
        x0 = 16 * (self.level - 1)
        y = (len(self.lines) - 1) * self.size * 1.3 + 2
        for ln in self.lines:
            c.drawString(x0, y, ln)
            y -= self.size * 1.3
        y += self.size * 1.3
        end = x0 + c.stringWidth(self.lines[-1], self.font, self.size) + 4
        num = str(self.page)
        if self.inline:  # the page number a few spaces after the title
            c.drawString(end + self.size, y, num)
            return
        right = self.aw - c.stringWidth(num, self.font, self.size) - 4
        if self.spaced:
            step = c.stringWidth(". ", self.font, self.size)
            n = max(int((right - end) / step), 1)
            c.drawRightString(right + c.stringWidth(" ", self.font, self.size), y, ". " * n)
            c.drawRightString(self.aw, y, num)
            return
        dot = c.stringWidth(".", self.font, self.size)
        n = max(int((right - end) / dot), 2)
        if self.leaders:
            c.drawString(right - n * dot, y, "." * n)
        c.drawRightString(self.aw, y, num)


def render_memo_toc(src: Source, out: Path, v: Variant, title: str) -> Path:
    st = _styles(v, colour=v.colour_heads)
    body_r, body_b = face(v.body_face)
    width = W - v.margins[0] - v.margins[1]

    def build(pages: dict[int, int], caps: dict[int, int] | None = None) -> _Doc:
        doc = _Doc(str(out), pagesize=A4, title=title)
        doc.toc_links = v.toc_links
        decor = _decor(v)
        doc.addPageTemplates([PageTemplate("p", [_frame(v)], **({"onPage": decor} if decor else {}))])
        toc_title = ParagraphStyle("toct", parent=st["h1"], spaceBefore=0)
        story: list = [Paragraph(escape(title), ParagraphStyle("t", parent=st["h1"], fontSize=v.body_size + 4,
                                                                leading=(v.body_size + 4) * 1.3)),
                       Spacer(1, 12), Paragraph("INNHOLD" if v.caps1 else "Innhold", toc_title)]
        if v.letterhead:
            story = _letterhead(v, int(src.meta.get("year", 0) or 0) - 1) + story
        if v.dateline:  # the place and date right under the title, at the right
            year = int(src.meta.get("year", 0) or 0) - 1
            story.insert(1, Paragraph(f"Oslo, 15. {_MONTHS[11]} {year}",
                                      ParagraphStyle("date", fontName=body_r, fontSize=v.body_size - 1,
                                                     leading=v.body_size * 1.3, alignment=2, spaceBefore=2,
                                                     textColor=colors.HexColor("#555555"))))
        if v.toc_side:  # "Side" over the column of page numbers
            story.append(Paragraph("Side", ParagraphStyle("side", fontName=body_r, fontSize=v.body_size - 1.5,
                                                          leading=v.body_size, alignment=2, spaceAfter=3,
                                                          textColor=colors.HexColor("#555555"))))
        heads = [b for b in src.blocks if b.kind == "h"]
        lines = []
        for i, b in enumerate(heads):
            if b.depth > v.toc_depth:
                continue
            if v.toc_links:  # a hyperlink to the heading, blue and underlined
                lines.append(LinkTocLine(_shown(b, 9, upper1=v.caps1, dot=v.number_dot), pages.get(i, 0), b.depth,
                                         body_r, v.body_size, leaders=v.toc_leaders, link=f"toc{i + 1}"))
                continue
            lines.append(TocLine(_shown(b, 9, upper1=v.caps1, dot=v.number_dot), pages.get(i, 0), b.depth,
                                 body_b if v.toc_side and b.depth == 1 else body_r,
                                 v.body_size - (1.5 if v.toc_columns > 1 else 0), leaders=v.toc_leaders,
                                 inline=v.toc_inline, spaced=v.toc_side))
        if v.toc_grid:  # batch 13: the contents list a ruled table
            lines = [_b13_toc_table(heads, pages, v, st, width)]
        if v.table_list:  # batch 15: the list of tables after the contents
            lines += _b15_table_list(src, caps or {}, v, st, body_r)
        if v.toc_columns > 1:  # the contents in balanced columns, a thin rule between them
            from reportlab.platypus.flowables import BalancedColumns

            lines = [BalancedColumns(lines, nCols=v.toc_columns, innerPadding=14,
                                     vLinesStrokeColor=colors.HexColor("#999999"), vLinesStrokeWidth=0.4)]
        story += lines
        if v.toc_end:  # the text after the title, the contents list at the end on a page of its own
            text = _story(src, st, width, upper1=v.caps1, dot=v.number_dot, hang=v.hang, v=v)
            story = [story[0], Spacer(1, 14), *text, PageBreak(), *story[1:]]
            doc.build(story, canvasmaker=_numbered_canvas(title, body_r, v))
            return doc
        story.append(PageBreak())
        story += _story(src, st, width, upper1=v.caps1, dot=v.number_dot, hang=v.hang, v=v)
        doc.build(story, canvasmaker=_numbered_canvas(title, body_r, v))
        return doc

    first = build({})
    marks = [m for m in first.marks if m[0] == "h"]
    if v.table_list:  # batch 15: the tables' pages too
        caps = [m for m in first.marks if m[0] == "cap"]
        build({i: page for i, (_k, _b, page) in enumerate(marks)}, {i: page for i, (_k, _b, page) in enumerate(caps)})
    else:
        build({i: page for i, (_k, _b, page) in enumerate(marks)})
    if v.nup == 2:  # batch 15: two pages per landscape sheet
        _b15_two_up(out)
    return out


def _letterhead(v: Variant, year: int) -> list:
    """A memo's letterhead on page 1, before its title: the organisation and "Notat", then Til / Fra /
    Dato / Saksnummer in a small ruled grid (fields a memo template has; the text is furniture)."""
    font, bold = face(v.body_face)
    size = v.body_size - 1.5
    label = ParagraphStyle("lh", fontName=bold, fontSize=size, leading=size * 1.3)
    text = ParagraphStyle("lht", parent=label, fontName=font)
    org = ParagraphStyle("lho", fontName=bold, fontSize=13, leading=16, textColor=colors.HexColor(v.accent))
    kind = ParagraphStyle("lhk", parent=org, fontName=font, fontSize=20, leading=24, textColor=colors.black,
                          spaceBefore=10, spaceAfter=8)
    cells = [("Til:", "Regionale helseforetak", "Dato:", f"15.12.{year}"),
             ("Fra:", "Helsedirektoratet, avdeling finansiering", "Saksnummer:", f"{year}/41207"),
             ("Kopi:", "Helse- og omsorgsdepartementet", "Arkivkode:", "008")]
    width = W - v.margins[0] - v.margins[1]
    t = Table([[Paragraph(escape(c), label if i % 2 == 0 else text) for i, c in enumerate(row)] for row in cells],
              colWidths=[width * 0.1, width * 0.45, width * 0.17, width * 0.28], hAlign="LEFT")
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a9aa8")),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 3),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return [Paragraph("Helsedirektoratet", org), Paragraph("Notat", kind), t, Spacer(1, 18)]


def render_two_column(src: Source, out: Path, v: Variant, title: str) -> Path:
    if v.balanced:
        return _render_balanced(src, out, v, title)
    if v.ingress:
        return _render_ingress(src, out, v, title)
    st = _styles(v)
    lm, r, t, b = v.margins
    gap = v.gutter
    pw, ph = v.pagesize
    n = v.columns
    cw = (pw - lm - r - (n - 1) * gap) / n
    fh = ph - t - b
    head_h = 110
    xs = [lm + i * cw + i * gap if i else lm for i in range(n)]
    cws = [cw] * n
    if v.col_split and n == 2:  # batch 12: a narrow column and a wide one (an asymmetric grid)
        cws = [(pw - lm - r - gap) * v.col_split, (pw - lm - r - gap) * (1 - v.col_split)]
        xs = [lm, lm + cws[0] + gap]
        cw = min(cws)
    cols = [Frame(x, b, w, fh, id=f"c{i}", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            for i, (x, w) in enumerate(zip(xs, cws, strict=True), start=1)]
    chap = [Frame(lm, ph - t - head_h, pw - lm - r, head_h, id="head", leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0),
            *(Frame(x, b, w, fh - head_h, id=f"c{i}", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
              for i, (x, w) in enumerate(zip(xs, cws, strict=True), start=1))]
    font = face(v.body_face)[0]
    number = _page_number(font, v)

    def ruled(top: float):  # noqa: ANN202
        """The page number, and a thin rule down the middle of the gutter from ``top``."""
        def draw(canvas, doc) -> None:  # noqa: ANN001
            number(canvas, doc)
            canvas.saveState()
            canvas.setStrokeColor(colors.HexColor("#999999"))
            canvas.setLineWidth(0.5)
            for x in xs[1:]:
                canvas.line(x - gap / 2, b, x - gap / 2, top)
            canvas.restoreState()
        return draw

    on_chap, on_cols = (ruled(b + fh - head_h), ruled(b + fh)) if v.col_rule else (number, number)
    on_chap, on_cols, on_full = _decor(v, on_chap), _decor(v, on_cols), _decor(v, number)
    doc = _Doc(str(out), pagesize=v.pagesize, title=title)
    full, table_width, extra = _frame(v), pw - lm - r, {}
    if v.landscape_tables:  # the table pages turned: landscape A4 inside the portrait document
        lw, lh = landscape(A4)
        full = Frame(lm, b, lw - lm - r, lh - t - b, id="body", leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0)
        table_width, extra = lw - lm - r, {"pagesize": (lw, lh)}
    if v.header_logo:  # the header and the page number drawn over any page size
        on_chap = on_cols = on_full = None
    ends = {"onPageEnd": _logo_header(font, v)} if v.header_logo else {}
    templates = [
        PageTemplate("chapter", chap, onPage=on_chap, autoNextPageTemplate="twocol", **ends),
        PageTemplate("twocol", cols, onPage=on_cols, **ends),
        PageTemplate("full", [full], onPage=on_full, **ends, **extra),
    ]
    for tpl in templates:  # reportlab calls the page hooks unchecked
        for hook in ("onPage", "onPageEnd"):
            if getattr(tpl, hook) is None:
                setattr(tpl, hook, lambda canvas, doc: None)
    if v.col_heads:  # no chapter page: every page in columns
        templates = [templates[1], templates[0], templates[2]]
    doc.addPageTemplates(templates)
    story: list = []
    pending = False  # a page break is due (after a full-width table page)
    paras = 0  # body paragraphs so far (``charts``)
    shots = 0  # body paragraphs so far (``photos``, batch 14)
    for blk in src.blocks:
        if blk.kind == "page":
            continue
        if blk.kind == "h" and blk.depth == 1 and v.col_heads:  # the chapter head in the left column
            if story:
                story.append(PageBreak())
            story += [Marker("h", blk), _b7_head(blk, st, 9, False, False, v)]
        elif blk.kind == "h" and blk.depth == 1:
            if story:
                story += [NextPageTemplate("chapter"), PageBreak()]
            head = (WholeParagraph if v.whole_heads else Paragraph)(escape(_shown(blk, 9)), st["h1"])
            if v.num_circle and blk.number:
                head = CircleHead(blk.number, WholeParagraph(escape(blk.title), st["h1"]), v.accent)
            if v.kapittel and blk.number:  # "Kapittel N" on a line of its own, the title under it
                kap = ParagraphStyle("kap", parent=st["h1"], fontName=face(v.body_face)[1], fontSize=v.body_size + 1,
                                     leading=(v.body_size + 1) * 1.3, spaceBefore=0, spaceAfter=4,
                                     textColor=colors.HexColor(v.accent))
                title_style = ParagraphStyle("kapt", parent=st["h1"], spaceBefore=0)
                head = Stacked([Paragraph(f"Kapittel {escape(blk.number)}", kap),
                                WholeParagraph(escape(blk.title), title_style)], st["h1"].spaceBefore)
            story += [Marker("h", blk), BarHead(head, v.accent) if v.chapter_bar else head, FrameBreak()]
        elif blk.kind == "table":
            story += [NextPageTemplate("full"), PageBreak()]
            story += _table(blk, st, table_width, grid=True, v=v if v.table_style else None)
            story += [NextPageTemplate("twocol")]
            pending = True
            continue
        else:
            if pending:
                story.append(PageBreak())
            story += _story(Source({}, [[blk]]), st, cw, v=v if v.whole_heads else None)
            if v.charts and blk.kind == "p":  # batch 13: a figure after every n-th paragraph
                paras += 1
                if paras % v.charts == 0:
                    story.append(BarChart(paras // v.charts, int(src.meta.get("year", 0) or 0) - 1, v))
            if v.photos and blk.kind == "p":  # batch 14: a photograph after every n-th paragraph
                shots += 1
                if shots % v.photos == 0:
                    story.append(Photo(shots // v.photos, v))
        pending = False
    doc.build(story)
    return out


def _render_balanced(src: Source, out: Path, v: Variant, title: str) -> Path:
    """two-column ``balanced`` (held-out batch 8): one frame per page; level-1 and level-2 heads across
    it, and the text under each head in two columns balanced to the same height (a magazine's
    sections), level-3 heads inside the columns; tables across, between the sections' columns. A
    running header with the title and the page number."""
    from reportlab.platypus.flowables import BalancedColumns

    st = _styles(v)
    lm, r, _t, _b = v.margins
    width = W - lm - r
    font = face(v.body_face)[0]
    doc = _Doc(str(out), pagesize=A4, title=title)
    doc.addPageTemplates([PageTemplate("p", [_frame(v)], onPage=_title_header(font, v, title))])
    story: list = []
    group: list = []

    def flush() -> None:
        if group:
            story.append(BalancedColumns(list(group), nCols=2, innerPadding=v.gutter, spaceAfter=4))
            group.clear()

    for blk in src.blocks:
        if blk.kind == "h" and blk.depth < 3:
            flush()
            head = WholeParagraph(escape(_shown(blk, 9)), st[f"h{blk.depth}"])
            story += [CondPageBreak(110), Marker("h", blk), RuledAbove(head, v.accent) if blk.depth == 1 else head]
        elif blk.kind == "h":
            group.append(WholeParagraph(escape(_shown(blk, 9)), st["h3"]))
        elif blk.kind == "p":
            group.append(Paragraph(escape(blk.text), st["body"]))
        elif blk.kind == "ul":
            group.append(_bullets(blk, st["body"]))
        elif blk.kind == "table":
            flush()
            story += _table(blk, st, width, grid=True, v=v)
    flush()
    doc.build(story)
    return out


def render_designed(src: Source, out: Path, v: Variant, title: str) -> Path:
    st = _styles(v)
    body_r, body_b = face(v.body_face)
    head_b = face(v.head_face)[1]
    lm, r, t, b = v.margins
    width = W - lm - r
    accent = colors.HexColor(v.accent)

    def after(canvas, doc) -> None:  # noqa: ANN001
        canvas.saveState()
        canvas.setFont(body_r, 8)
        canvas.setFillColor(colors.grey)
        if v.foot_opener and doc.pending_band is not None:  # batch 15: the band at the foot, no page number
            pass
        elif v.title_pages and doc.pending_band is not None:  # a chapter's title page: no page number
            pass
        elif v.page_tab:  # the page number white in a rounded tab at the right edge
            _page_tab(canvas, v.page_format.format(doc.page), v, body_b)
        elif v.side == "right":  # the page number at the left, away from the sidebar
            canvas.drawString(lm, b / 2, v.page_format.format(doc.page))
        else:
            canvas.drawRightString(W - r, b / 2, v.page_format.format(doc.page))
        blk = doc.pending_band
        if blk is not None:
            doc.pending_band = None
            label = _shown(blk, 9)
            canvas.setFillColor(accent)
            if v.foot_opener:  # batch 15
                doc.b15_chapter = getattr(doc, "b15_chapter", -1) + 1
                _b15_foot_opener(canvas, blk, v, head_b, doc.b15_chapter)
            elif v.shadow_title:  # batch 14
                _b14_shadow_opener(canvas, blk, v, head_b)
            elif v.zero_number:  # batch 13
                _b13_zero_opener(canvas, blk, v, head_b)
            elif v.hollow_number:  # batch 12
                _b12_hollow_opener(canvas, blk, v, head_b)
            elif v.title_pages:
                _title_page(canvas, blk, v, head_b)
            elif v.ghost_number:
                _ghost_opener(canvas, blk, v, head_b)
            elif v.left_tab:
                _left_tab(canvas, blk, v, head_b)
            elif v.photo:
                _photo_opener(canvas, blk, v, head_b)
            elif v.opener:
                _light_opener(canvas, blk, v)
            elif v.name.startswith("sidebar") or v.side == "right":
                # the sidebar: across the left margin, or the right one (``side``)
                x0, sw = (W - r + 30, r - 30) if v.side == "right" else (0, lm - 30)
                canvas.rect(x0, 0, sw, H, fill=1, stroke=0)
                canvas.setFillColor(colors.white)
                canvas.setFont(head_b, 40)
                if blk.number:
                    canvas.drawString(x0 + 20, H - 110, blk.number)
                # A designer shrinks a title whose longest word would overflow the sidebar.
                from reportlab.pdfbase.pdfmetrics import stringWidth

                ts = 13.0
                while ts > 7 and max(stringWidth(w, head_b, ts) for w in blk.title.split()) > sw - 30:
                    ts -= 0.5
                canvas.setFont(head_b, ts)
                y = H - 150
                for ln in simpleSplit(blk.title, head_b, ts, sw - 30):
                    canvas.drawString(x0 + 20, y, ln)
                    y -= ts * 1.3
                if v.chapter_box:  # batch 11: the chapter's level-2 heads in a box under its title
                    _b11_chapter_box(canvas, blk, src, v, x0, sw, y - 24)
            elif v.tabs:
                _tab_opener(canvas, blk, v, head_b)
                doc.tab = (blk, getattr(doc, "tab", (None, -1))[1] + 1)
            elif v.band_number:
                _number_band(canvas, blk, v, head_b)
            else:
                top = H - (30 if v.name == "band" else 60)
                # The band stays clear of the text frame: a designer sets a long title smaller.
                room = top - (H - v.margins[2]) - 6
                hs = v.head_sizes[0]
                lines = simpleSplit(label, head_b, hs, W - 2 * lm)
                while hs > 12 and 40 + len(lines) * hs * 1.2 > room:
                    hs -= 1
                    lines = simpleSplit(label, head_b, hs, W - 2 * lm)
                hgt = 40 + len(lines) * hs * 1.2
                canvas.rect(0, top - hgt, W, hgt, fill=1, stroke=0)
                canvas.setFillColor(colors.white)
                canvas.setFont(head_b, hs)
                y = top - 20 - hs
                for ln in lines:
                    canvas.drawString(lm, y, ln)
                    y -= hs * 1.2
        if v.tabs and getattr(doc, "tab", None):
            _thumb_tab(canvas, *doc.tab, v, body_b)
        canvas.restoreState()

    doc = _Doc(str(out), pagesize=A4, title=title)
    decor = _decor(v)
    body = PageTemplate("p", [_frame(v)], onPageEnd=after, **({"onPage": decor} if decor else {}))
    cover: list = []
    if v.cover:  # a cover page and a colophon on its back, neither numbered
        year = int(src.meta.get("year", 0) or 0) - 1
        doc.addPageTemplates([PageTemplate("cover", [_frame(v)], onPage=_cover_page(v, title, year)),
                              PageTemplate("colophon", [_frame(v)]), body])
        cover = [NextPageTemplate("colophon"), Spacer(1, 1), PageBreak(), *_colophon(v, title, year),
                 NextPageTemplate("p"), PageBreak()]
    else:
        doc.addPageTemplates([body])
    story = _story(src, st, width, numbered_to=1, grid=False, rule_colour=v.accent, band=True, v=v)
    if v.pull_quote:
        story = _pull_quotes(story, v, width)
    if v.title_pages or v.foot_opener:  # the text on the page after the chapter's title page (batch 15: its band)
        story = [x for f in story for x in ((f, PageBreak()) if isinstance(f, Marker) and f.kind == "band" else (f,))]
    if story and isinstance(story[0], PageBreak):
        story = story[1:]
    doc.build(cover + story)
    return out


_MONTHS = "januar februar mars april mai juni juli august september oktober november desember".split()


def _cover_page(v: Variant, title: str, year: int):  # noqa: ANN202
    """A report's cover (``cover``): the upper part of the page in the accent with the title large and
    white in it, the date under it, and the organisation with a logo-like mark at the foot."""
    def draw(canvas, doc) -> None:  # noqa: ANN001
        lm, r = v.margins[0], v.margins[1]
        head_b = face(v.head_face)[1]
        light = face("light")[0]
        canvas.saveState()
        top = H * 0.45
        canvas.setFillColor(colors.HexColor(v.accent))
        canvas.rect(0, top, W, H - top, fill=1, stroke=0)
        ts = 30.0
        lines = simpleSplit(title, light, ts, W - lm - r)
        while len(lines) > 4 and ts > 18:
            ts -= 2
            lines = simpleSplit(title, light, ts, W - lm - r)
        canvas.setFillColor(colors.white)
        canvas.setFont(light, ts)
        y = top + 40 + (len(lines) - 1) * ts * 1.2
        for ln in lines:
            canvas.drawString(lm, y, ln)
            y -= ts * 1.2
        canvas.setFillColor(colors.HexColor(v.accent))
        canvas.setFont(light, 16)
        canvas.drawString(lm, top - 40, f"{_MONTHS[11].capitalize()} {year}")
        for i, (dx, dy) in enumerate(((0, 10), (11, 10), (0, -1))):
            canvas.setFillColor(colors.HexColor(v.accent if i != 1 else v.head_colour))
            canvas.rect(lm + dx, 60 + dy, 9, 9, fill=1, stroke=0)
        canvas.setFillColor(colors.black)
        canvas.setFont(head_b, 13)
        canvas.drawString(lm + 28, 64, "Helsedirektoratet")
        canvas.restoreState()
    return draw


def _colophon(v: Variant, title: str, year: int) -> list:
    """The colophon at the foot of the cover's back page, as in Helsedirektoratet's reports."""
    from reportlab.platypus.flowables import TopPadder

    font, bold = face(v.body_face)
    label = ParagraphStyle("col", fontName=bold, fontSize=8, leading=10.5)
    text = ParagraphStyle("colt", parent=label, fontName=font)
    rows = [("Publikasjonens tittel:", title), ("Utgitt:", f"12/{year}"), ("Utgitt av:", "Helsedirektoratet"),
            ("Kontakt:", "Avdeling finansiering"), ("Postadresse:", "Pb. 220 Skøyen, 0213 Oslo"),
            ("Besøksadresse:", "Universitetsgata 2, Oslo"), ("Tlf.:", "810 20 050"), ("", "www.helsedirektoratet.no")]
    t = Table([[Paragraph(escape(a), label), Paragraph(escape(b), text)] for a, b in rows], colWidths=[112, 300],
              hAlign="LEFT")
    t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [TopPadder(t)]


def _photo_opener(canvas, blk: Block, v: Variant, font: str) -> None:  # noqa: ANN001
    """A chapter's first page (``photo``): a picture-like panel across the top of the page (a tinted
    field with soft overlapping shapes, as a stock photo in an InDesign report), the chapter's number
    and title white on a dark strip at the panel's foot, left."""
    lm, r, t, _b = v.margins
    bottom = H - t + 46
    canvas.saveState()
    panel = canvas.beginPath()
    panel.rect(0, bottom, W, H - bottom)
    canvas.clipPath(panel, stroke=0, fill=0)
    canvas.setFillColor(colors.HexColor("#c9cde4"))
    canvas.rect(0, bottom, W, H - bottom, fill=1, stroke=0)
    for i, (cx, cy, rad, tint) in enumerate(((0.8, 0.7, 120, "#aeb4d8"), (0.55, 0.2, 90, "#b9c7c2"),
                                              (0.15, 0.9, 70, "#dfe2f0"), (0.95, 0.15, 60, "#8f96c4"))):
        canvas.setFillColor(colors.HexColor(tint))
        canvas.circle(W * cx, bottom + (H - bottom) * cy, rad + 6 * i, fill=1, stroke=0)
    p = canvas.beginPath()
    p.moveTo(W * 0.35, bottom)
    p.lineTo(W * 0.62, H)
    p.lineTo(W, H)
    p.lineTo(W, bottom)
    p.close()
    canvas.setFillColor(colors.HexColor("#a3a9cf"))
    canvas.drawPath(p, fill=1, stroke=0)
    canvas.restoreState()
    canvas.saveState()
    label = _shown(blk, 9)
    hs = v.head_sizes[0]
    room = W - lm - r - 24
    lines = simpleSplit(label, font, hs, room)
    while hs > 12 and len(lines) > 3:
        hs -= 1
        lines = simpleSplit(label, font, hs, room)
    hgt = len(lines) * hs * 1.2 + 22
    wid = max(canvas.stringWidth(ln, font, hs) for ln in lines) + 24
    canvas.setFillColor(colors.HexColor(v.accent))
    canvas.rect(lm - 12, bottom - 20, wid, hgt, fill=1, stroke=0)
    canvas.setFillColor(colors.white)
    canvas.setFont(font, hs)
    y = bottom - 20 + hgt - 11 - hs * 0.9
    for ln in lines:
        canvas.drawString(lm, y, ln)
        y -= hs * 1.2
    canvas.restoreState()


def _pull_quotes(story: list, v: Variant, width: float) -> list:
    """After a chapter's third paragraph, its second paragraph's first sentence again as a pull quote:
    large italic in the accent between two rules (a designed report's device; no new text)."""
    import re
    from xml.sax.saxutils import unescape

    italic = italic_face(v.body_face)[0]
    style = ParagraphStyle("pull", fontName=italic, fontSize=v.body_size + 5, leading=(v.body_size + 5) * 1.3,
                           textColor=colors.HexColor(v.accent))
    out: list = []
    paras: list[str] = []
    done = False
    for f in story:
        out.append(f)
        if isinstance(f, Marker) and f.kind == "band":
            paras, done = [], False
        elif type(f) is Paragraph and f.style.name == "body" and not done:
            paras.append(unescape(f.text))
            if len(paras) == 3:
                m = re.match(r"(.+?[.!?])(\s|$)", paras[1])
                sentence = m.group(1) if m else ""
                if 40 <= len(sentence) <= 200:
                    t = Table([[Paragraph(escape(sentence), style)]], colWidths=[width - 60], hAlign="CENTER")
                    t.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.HexColor(v.accent)),
                                           ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.HexColor(v.accent)),
                                           ("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 4)]))
                    out += [Spacer(1, 6), t, Spacer(1, 14)]
                done = True
    return out


def _left_tab(canvas, blk: Block, v: Variant, font: str) -> None:  # noqa: ANN001
    """A chapter's first page (``left_tab``): its number and title white in a tab of the accent with
    rounded corners, running in from the page's left edge, only as wide as the title (a long title
    wraps, and is set smaller while it would not fit above the text)."""
    lm, r, t, _b = v.margins
    label = _shown(blk, 9)
    hs = v.head_sizes[0]
    room = W - lm - r - 30
    lines = simpleSplit(label, font, hs, room)
    while hs > 12 and len(lines) * hs * 1.25 + 30 > t - 90:
        hs -= 1
        lines = simpleSplit(label, font, hs, room)
    hgt = len(lines) * hs * 1.25 + 26
    wid = max(canvas.stringWidth(ln, font, hs) for ln in lines)
    top = H - 70
    white_on_tab(canvas, v.accent, (-14, top - hgt, lm + 14 + wid + 22, hgt, 12), font, hs, lm, top - 13 - hs * 0.95,
                 lines)


def _page_tab(canvas, number: str, v: Variant, font: str) -> None:  # noqa: ANN001
    """The page number white in a small tab of the accent with rounded corners at the page's right
    edge, level with the foot margin's middle."""
    y = v.margins[3] / 2
    canvas.setFillColor(colors.HexColor(v.accent))
    canvas.roundRect(W - 44, y - 8, 60, 24, 7, fill=1, stroke=0)
    canvas.setFillColor(colors.white)
    canvas.setFont(font, 10)
    canvas.drawCentredString(W - 24, y - 1, number)


def _light_opener(canvas, blk: Block, v: Variant) -> None:  # noqa: ANN001
    """A chapter's first page (``opener``), no band: a thin rule of the accent near the top, the
    chapter number very large in the extra-light sans at the right under it, the title in the same
    light face at the left, its last line just above the text."""
    lm, r, t, _b = v.margins
    light = face("light")[0]
    canvas.setStrokeColor(colors.HexColor(v.accent))
    canvas.setLineWidth(0.8)
    canvas.line(lm, H - 48, W - r, H - 48)
    room = W - lm - r
    if blk.number:
        ns = 96
        canvas.setFillColor(colors.HexColor(v.accent))
        canvas.setFont(light, ns)
        canvas.drawRightString(W - r, H - 48 - ns * 0.85, blk.number)
        room -= canvas.stringWidth(blk.number, light, ns) + 24
    hs = v.head_sizes[0]
    lines = simpleSplit(blk.title, light, hs, room)
    while hs > 12 and (len(lines) - 1) * hs * 1.2 + hs > t - 90:
        hs -= 1
        lines = simpleSplit(blk.title, light, hs, room)
    canvas.setFillColor(colors.HexColor(v.head_colour))
    canvas.setFont(light, hs)
    y = H - t + 22 + (len(lines) - 1) * hs * 1.2
    for ln in lines:
        canvas.drawString(lm, y, ln)
        y -= hs * 1.2


def _number_band(canvas, blk: Block, v: Variant, font: str) -> None:  # noqa: ANN001
    """A full-width band from the top of the page: the chapter number large on a line of its own,
    the title under it (set smaller when it would run into the text frame)."""
    lm = v.margins[0]
    top = H
    room = top - (H - v.margins[2]) - 8
    ns = 3.2 * v.head_sizes[0] if blk.number else 0  # the number's size
    hs = v.head_sizes[0]
    lines = simpleSplit(blk.title, font, hs, W - 2 * lm)
    while hs > 12 and 70 + ns + len(lines) * hs * 1.2 > room:
        hs -= 1
        lines = simpleSplit(blk.title, font, hs, W - 2 * lm)
    hgt = 70 + ns + len(lines) * hs * 1.2
    canvas.setFillColor(colors.HexColor(v.band_fill or v.accent))
    canvas.rect(0, top - hgt, W, hgt, fill=1, stroke=0)
    canvas.setFillColor(colors.HexColor(v.band_text))
    y = top - 40
    if blk.number:
        y -= ns * 0.75
        canvas.setFont(font, ns)
        canvas.drawString(lm - ns * 0.06, y, blk.number)
        y -= ns * 0.3
    canvas.setFont(font, hs)
    for ln in lines:
        y -= hs * 1.1
        canvas.drawString(lm, y, ln)
        y -= hs * 0.1
    canvas.setStrokeColor(colors.HexColor(v.band_text))
    canvas.setLineWidth(1.2)
    canvas.line(lm, top - hgt + 16, lm + 60, top - hgt + 16)


def render_outline(src: Source, out: Path, v: Variant, title: str) -> Path:
    numbered_to = 1 if v.name == "numbered-1" else 0
    if v.outline_numbered >= 0:
        numbered_to = v.outline_numbered
    return render_word(src, out, v, title, numbered_to=numbered_to, outline=True)


def render_x0(src: Source, out: Path, v: Variant, title: str) -> Path:
    return render_word(src, out, v, title)


RENDER = {
    "word": render_word,
    "memo-toc": render_memo_toc,
    "two-column": render_two_column,
    "designed-report": render_designed,
    "x0-chapter": render_x0,
    "outline": render_outline,
}



# ---------------------------------------------------------------------------------------------
# Held-out batch 9.

VARIANTS["word"].append(
    Variant("l", "serif", "serifcond", 10.5, (19, 13, 11), (80, 68, 74, 80), "#4a2c2a", "#9c2f2f", held_out=9,
            leading=1.38, head_font=("b", "b", "i"), drop_cap=True, footer="Helsedirektoratet",
            page_format="Side {}", whole_heads=True, scan_dpi=250, scan_skew=0.4, scan_showthrough=True))
VARIANTS["memo-toc"].append(
    Variant("l", "serifcond", "sans", 10.5, (12.5, 11, 10.5), (84, 74, 88, 80), "#000000", "#444444", held_out=9,
            leading=1.4, head_font=("b", "b", "i"), caps1=False, toc_end=True, toc_depth=2, whole_heads=True,
            scan_dpi=200, scan_skew=0.6, scan_fax=True, scan_dust=0.0008))
VARIANTS["two-column"].append(
    Variant("m", "math", "sans", 9.5, (18, 11.5, 10), (48, 48, 66, 58), "#264653", "#2a9d8f", True, held_out=9,
            leading=1.32, gutter=22, head_font=("b", "b", "i"), ligatures=True, footer="Helsedirektoratet",
            page_format="{}", whole_heads=True))
VARIANTS["designed-report"].append(
    Variant("chapterpage", "sans", "serifcond", 10, (26, 13.5, 11), (76, 76, 86, 70), "#1d4e5f", "#1d4e5f", False,
            held_out=9, head_font=("b", "b", "bi"), title_pages=True, ligatures=True, page_format="{}",
            whole_heads=True, scan_dpi=240, scan_skew=0.5, scan_highlight=True, scan_stamp=True))
VARIANTS["x0-chapter"].append(
    Variant("h", "serifcond", "sans", 10.5, (16.5, 12.5, 11), (86, 74, 80, 72), "#20344f", "#3f6e9a", held_out=9,
            leading=1.35, turn_tables=True, footer="Helsedirektoratet", page_format="{}", whole_heads=True))
VARIANTS["outline"].append(
    Variant("numright", "cond", "serif", 10.5, (18, 13.5, 11.5), (70, 70, 80, 66), "#3a3a3a", "#c05621",
            held_out=9, head_font=("b", "b", "i"), num_right=True, outline_numbered=9, page_format="– {} –",
            whole_heads=True))

_LIGATURES = (("ffi", "\ufb03"), ("ffl", "\ufb04"), ("ff", "\ufb00"), ("fi", "\ufb01"), ("fl", "\ufb02"))


def ligate(text: str) -> str:
    """``text`` with the f-ligatures a typesetter's font substitutes (ffi, ffl, ff, fi, fl as one glyph
    each, U+FB00-U+FB04), as an export whose text layer maps each ligature glyph to its own code point."""
    for seq, lig in _LIGATURES:
        text = text.replace(seq, lig)
    return text


class DropCap(Flowable):
    """A drop cap: the paragraph's first letter set large, ``lines`` body lines high, in the accent."""

    def __init__(self, letter: str, font: str, style: ParagraphStyle, colour: str, lines: int = 3):
        super().__init__()
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.letter, self.font, self.colour = letter, font, colour
        self.height = style.leading * (lines - 1) + style.fontSize * 0.72  # cap height of the first line down
        self.size = self.height / 0.72
        self.width = stringWidth(letter, font, self.size)

    def wrap(self, aw, ah):  # noqa: ANN001
        return self.width, self.height

    def _restrictSize(self, aw, ah):  # noqa: ANN001, ANN202, N802 - ImageAndFlowables asks an image for its size
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(colors.HexColor(self.colour))
        self.canv.setFont(self.font, self.size)
        self.canv.drawString(0, 0, self.letter)
        self.canv.restoreState()


def _b9_para(b: Block, before: Block | None, st: dict, v: Variant) -> Flowable:
    """Batch 9's paragraphs: ligatures; a chapter's first paragraph opening with a drop cap."""
    text = ligate(b.text) if v.ligatures else b.text
    style = st["body"]
    first = before is not None and before.kind == "h" and before.depth == 1
    if v.drop_cap and first and len(text) > 120 and text[0].isalpha() and text[1].isalpha():
        from reportlab.platypus.flowables import ImageAndFlowables

        cap = DropCap(text[0], face(v.head_face)[1], style, v.accent)
        rest = Paragraph(escape(text[1:]), ParagraphStyle("body-cap", parent=style, spaceBefore=0))
        return ImageAndFlowables(cap, [rest], imageLeftPadding=0, imageRightPadding=4, imageTopPadding=0,
                                 imageBottomPadding=0, imageSide="left")
    return Paragraph(escape(text), style)


class NumRightHead(_DecoratedHead):
    """A heading whose number stands flush right at the end of its first line, in the accent and the
    regular weight, the title at the left (kept clear of the number)."""

    def __init__(self, number: str, title: Paragraph, colour: str, font: str):
        super().__init__(title, colour)
        self.number, self.title, self.font = number, title, font

    def wrap(self, aw, ah):  # noqa: ANN001
        self.aw = aw
        _w, self.height = self.title.wrap(aw - 64, ah)
        return aw, self.height

    def draw(self) -> None:
        c, style = self.canv, self.title.style
        c.saveState()
        c.setFillColor(colors.HexColor(self.colour))
        c.setFont(self.font, style.fontSize)
        c.drawRightString(self.aw, self.height - style.fontSize, self.number)
        c.restoreState()
        self.title.drawOn(c, 0, 0)


class Turned(Flowable):
    """A table (with its caption) turned 90° on an upright page of its own, to be read with the page
    turned clockwise: its top at the page's left edge, its rows running up the page. Takes the whole
    frame; a table too long for the page's width is split by rows (the header row repeated)."""

    def __init__(self, parts: list):
        super().__init__()
        self.parts = [p for p in parts if not isinstance(p, Spacer)]

    def _need(self, aw, ah) -> float:  # noqa: ANN001
        return sum(p.wrap(ah, aw)[1] + p.getSpaceAfter() for p in self.parts)

    def wrap(self, aw, ah):  # noqa: ANN001
        self.aw, self.ah = aw, ah
        return aw, ah if self._need(aw, ah) <= aw else ah + 1

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        *head, table = self.parts
        room = aw - sum(p.wrap(ah, aw)[1] + p.getSpaceAfter() for p in head)
        pieces = table.split(ah, room)
        if len(pieces) < 2:
            return []
        return [Turned([*head, pieces[0]]), Turned(pieces[1:])]

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.rotate(90)  # the table's x runs up the page, its y towards the page's left edge
        y = 0.0
        for p in self.parts:
            _w, h = p.wrap(self.ah, self.aw)
            y += h
            p.drawOn(c, 0, -y)
            y += p.getSpaceAfter()
        c.restoreState()


def _title_page(canvas, blk: Block, v: Variant, font: str) -> None:  # noqa: ANN001
    """A chapter's title page (``title_pages``): a panel of the accent down the left two fifths of the
    page with the chapter's number very large and white near its foot, the title in the heading face at
    the right, in the middle of the page's height under a short rule."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    panel = W * 0.4
    canvas.setFillColor(colors.HexColor(v.accent))
    canvas.rect(0, 0, panel, H, fill=1, stroke=0)
    if blk.number:
        canvas.setFillColor(colors.white)
        canvas.setFont(font, 130)
        canvas.drawRightString(panel - 28, 120, blk.number)
    x, room = panel + 34, W - panel - 34 - 56
    size = v.head_sizes[0]
    while size > 14 and max(stringWidth(w, font, size) for w in blk.title.split()) > room:
        size -= 1
    lines = simpleSplit(blk.title, font, size, room)
    y = H / 2 + len(lines) * size * 1.2 / 2
    canvas.setFillColor(colors.HexColor(v.accent))
    canvas.rect(x, y + 14, 40, 3, fill=1, stroke=0)
    canvas.setFillColor(colors.HexColor(v.head_colour))
    canvas.setFont(font, size)
    for ln in lines:
        y -= size * 1.2
        canvas.drawString(x, y, ln)


# ---------------------------------------------------------------------------------------------
# Held-out batch 10.


def _b10_head(b: Block, st: dict, numbered_to: int, upper1: bool, v: Variant) -> Flowable:
    """Batch 10's heading styles: the number followed by a spaced em dash; letter-spaced capitals at
    body size with a rule under them; every heading centred; the number white in a box at the margin."""
    from reportlab.lib.enums import TA_CENTER

    style = st[f"h{b.depth}"]
    plain = b.title.upper() if upper1 and b.depth == 1 else b.title
    num = b.number if b.number and b.depth <= numbered_to else ""
    if v.spaced_rule == b.depth:
        shown = f"{num} {plain}" if num else plain
        spaced = ParagraphStyle(f"h{b.depth}-spaced", parent=style, fontSize=v.body_size, leading=v.body_size * 1.3)
        return RuledBelow(SpacedText(shown.upper(), spaced, 1.6), v.accent)
    if v.num_box and num:
        return NumBoxHead(num, FitParagraph(escape(plain), style, plain), v.accent, v.hang or 40)
    if v.centre_heads:
        centred = ParagraphStyle(f"h{b.depth}-c", parent=style, alignment=TA_CENTER)
        para = FitParagraph(escape(f"{num} {plain}" if num else plain), centred, plain)
        return CentredRule(para, v.accent) if b.depth == 1 else para
    if v.num_dash and num:
        text = (f'<font color="{v.accent}">{escape(num)}</font>&nbsp;&nbsp;<font color="#8c8c8c">—</font>'
                f"&nbsp;{escape(plain)}")
        return FitParagraph(text, style, plain)
    return FitParagraph(escape(f"{num} {plain}" if num else plain), style, plain)


class RuledBelow(_DecoratedHead):
    """A heading with a thin rule of its colour under it, across the frame."""

    def wrap(self, aw, ah):  # noqa: ANN001
        self.aw = aw
        _w, h = self.inner.wrap(aw, ah)
        self.height = h + 5
        return aw, self.height

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return []

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, 5)
        self.canv.saveState()
        self.canv.setStrokeColor(colors.HexColor(self.colour))
        self.canv.setLineWidth(0.7)
        self.canv.line(0, 1.5, self.aw, 1.5)
        self.canv.restoreState()


class CentredRule(_DecoratedHead):
    """A centred heading with a short rule of the accent centred under it."""

    def wrap(self, aw, ah):  # noqa: ANN001
        self.aw = aw
        _w, h = self.inner.wrap(aw, ah)
        self.height = h + 8
        return aw, self.height

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return []

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, 8)
        self.canv.saveState()
        self.canv.setStrokeColor(colors.HexColor(self.colour))
        self.canv.setLineWidth(1.2)
        self.canv.line(self.aw / 2 - 36, 2, self.aw / 2 + 36, 2)
        self.canv.restoreState()


class NumBoxHead(_DecoratedHead):
    """A heading whose number stands white in a box of the accent at the margin (as large as the
    heading's first line), the title beside it at ``indent``, a wrapped title staying there."""

    def __init__(self, number: str, title: Paragraph, colour: str, indent: float):
        super().__init__(title, colour)
        self.number, self.title, self.indent = number, title, indent

    def wrap(self, aw, ah):  # noqa: ANN001
        from reportlab.pdfbase.pdfmetrics import stringWidth

        style = self.title.style
        self.box = stringWidth(self.number, style.fontName, style.fontSize * 0.8) + style.fontSize * 0.7
        self.x = max(self.indent, self.box + 8)
        _w, self.height = self.title.wrap(aw - self.x, ah)
        return aw, self.height

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return []

    def draw(self) -> None:
        c, style = self.canv, self.title.style
        fs = style.fontSize
        top = self.height - (style.leading - fs) / 2
        c.saveState()
        c.setFillColor(colors.HexColor(self.colour))
        c.rect(0, top - fs * 1.15, self.box, fs * 1.15, fill=1, stroke=0)
        c.setFillColor(colors.white)
        c.setFont(style.fontName, fs * 0.8)
        c.drawCentredString(self.box / 2, top - fs * 0.87, self.number)
        c.restoreState()
        self.title.drawOn(c, self.x, 0)


def _page_border(v: Variant):  # noqa: ANN202
    """A thin frame of the accent round every page, 26 pt in from its edges (Word's page border)."""
    def draw(canvas, doc) -> None:  # noqa: ANN001
        pw, ph = canvas._pagesize
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(v.accent))
        canvas.setLineWidth(0.8)
        canvas.rect(26, 26, pw - 52, ph - 52, fill=0, stroke=1)
        canvas.restoreState()
    return draw


def _ghost_opener(canvas, blk: Block, v: Variant, font: str) -> None:  # noqa: ANN001
    """A chapter's first page (``ghost_number``): the chapter number huge and pale at the left of the
    top margin, the title over it in the heading colour (set smaller while it would not fit above the
    text), a short rule of the accent under the title."""
    lm, r, t, _b = v.margins
    if blk.number:
        canvas.setFillColor(colors.HexColor("#ebe4cf"))
        canvas.setFont(font, 210)
        canvas.drawString(lm - 10, H - t + 14, blk.number)
    hs = v.head_sizes[0]
    room = W - lm - r - 20
    lines = simpleSplit(blk.title, font, hs, room)
    while hs > 12 and len(lines) * hs * 1.15 > t - 110:
        hs -= 1
        lines = simpleSplit(blk.title, font, hs, room)
    canvas.setFillColor(colors.HexColor(v.head_colour))
    canvas.setFont(font, hs)
    y = H - t + 34 + (len(lines) - 1) * hs * 1.15
    for ln in lines:
        canvas.drawString(lm + 20, y, ln)
        y -= hs * 1.15
    canvas.setFillColor(colors.HexColor(v.accent))
    canvas.rect(lm + 20, H - t + 18, 54, 3, fill=1, stroke=0)


class LinkTocLine(TocLine):
    """A contents entry as a hyperlink (``toc_links``): the title and the page number blue and
    underlined, as a word processor's linked contents list exports them, with a link annotation to the
    heading's destination."""

    def __init__(self, *a, link: str, **kw):  # noqa: ANN002, ANN003
        super().__init__(*a, **kw)
        self.link = link

    def draw(self) -> None:
        c = self.canv
        blue = colors.HexColor("#1155cc")
        c.saveState()
        c.setFillColor(blue)
        super().draw()
        c.setStrokeColor(blue)
        c.setLineWidth(0.5)
        x0 = 16 * (self.level - 1)
        y = (len(self.lines) - 1) * self.size * 1.3 + 2
        for ln in self.lines:
            c.line(x0, y - 1.5, x0 + c.stringWidth(ln, self.font, self.size), y - 1.5)
            y -= self.size * 1.3
        num = str(self.page)
        y += self.size * 1.3
        c.line(self.aw - c.stringWidth(num, self.font, self.size), y - 1.5, self.aw, y - 1.5)
        c.restoreState()
        top = len(self.lines) * self.size * 1.3 + 2
        c.linkRect("", self.link, (x0, 0, self.aw, top), relative=1, thickness=0)


def _render_ingress(src: Source, out: Path, v: Variant, title: str) -> Path:
    """two-column ``ingress`` (held-out batch 10): two columns; a chapter opens a page with its head across
    the page and its first paragraph under it as an ingress (larger, in the accent, across the page), the
    columns starting under them (the chapter's page template made for its head's height); tables on
    full-width pages."""
    st = _styles(v)
    lm, r, t, b = v.margins
    gap = v.gutter
    full_w = W - lm - r
    cw = (full_w - gap) / 2
    fh = H - t - b
    number = _page_number(face(v.body_face)[0], v)
    ingress = ParagraphStyle("ingress", parent=st["body"], fontName=face(v.head_face)[0], fontSize=v.body_size + 3,
                             leading=(v.body_size + 3) * 1.35, textColor=colors.HexColor(v.accent), spaceBefore=0,
                             spaceAfter=0, alignment=0)

    def frame(x: float, y: float, w: float, h: float, fid: str) -> Frame:
        return Frame(x, y, w, h, id=fid, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def columns(h: float) -> list[Frame]:
        return [frame(lm, b, cw, h, "c1"), frame(lm + cw + gap, b, cw, h, "c2")]

    templates = [PageTemplate("twocol", columns(fh), onPage=number),
                 PageTemplate("full", [_frame(v)], onPage=number)]
    story: list = []
    blocks = [x for x in src.blocks if x.kind != "page"]
    pending = False  # a page break is due (after a full-width table page)
    first = None  # the template of a chapter that opens the document
    i = 0
    while i < len(blocks):
        blk = blocks[i]
        i += 1
        if blk.kind == "h" and blk.depth == 1:
            head = WholeParagraph(escape(_shown(blk, 9)), st["h1"])
            parts: list = [head]
            if i < len(blocks) and blocks[i].kind == "p":
                parts.append(Paragraph(escape(blocks[i].text), ingress))
                i += 1
            hh = sum(p.wrap(full_w, fh)[1] for p in parts) + head.getSpaceAfter() + 16
            name = f"chapter{len(templates)}"
            templates.append(PageTemplate(name, [frame(lm, H - t - hh, full_w, hh, "head"), *columns(fh - hh)],
                                          onPage=number, autoNextPageTemplate="twocol"))
            if story:
                story += [NextPageTemplate(name), PageBreak()]
            else:
                first = templates[-1]
            story += [Marker("h", blk), *parts, FrameBreak()]
            pending = False
        elif blk.kind == "table":
            story += [NextPageTemplate("full"), PageBreak()]
            story += _table(blk, st, full_w, grid=True, v=v if v.table_style else None)
            story += [NextPageTemplate("twocol")]
            pending = True
        else:
            if pending:
                story.append(PageBreak())
            story += _story(Source({}, [[blk]]), st, cw, v=v if v.whole_heads else None)
            pending = False
    if first is not None:
        templates.remove(first)
        templates.insert(0, first)
    doc = _Doc(str(out), pagesize=A4, title=title)
    doc.addPageTemplates(templates)
    doc.build(story)
    return out


VARIANTS["word"].append(
    Variant("m", "cond", "sans", 10.5, (17, 13.5, 11.5), (76, 76, 78, 82), "#123c46", "#e07a1f", held_out=10,
            leading=1.33, head_font=("b", "b", "bi"), num_dash=True, page_border=True,
            footer="Helsedirektoratet · Avdeling finansiering", page_format="Side {}", whole_heads=True,
            scan_dpi=300, scan_skew=0.35, scan_flip=True))
VARIANTS["memo-toc"].append(
    Variant("m", "serif", "serifcond", 11.5, (13, 11.5, 11.5), (90, 80, 84, 84), "#000000", "#1155cc", held_out=10,
            leading=1.42, head_font=("b", "b", "i"), caps1=False, toc_leaders=False, toc_depth=2, toc_links=True,
            whole_heads=True, scan_dpi=250, scan_skew=0.5, scan_sticky=True))
VARIANTS["two-column"].append(
    Variant("n", "cond", "sans", 9, (20, 11.5, 9.5), (50, 50, 60, 58), "#6a040f", "#9d0208", held_out=10,
            leading=1.36, gutter=14, head_font=("b", "b", "i"), ingress=True, page_format="– {} –",
            whole_heads=True))
VARIANTS["designed-report"].append(
    Variant("ghost", "math", "sans", 10.5, (28, 11, 11), (80, 80, 210, 70), "#1f2a44", "#b08d1e", True,
            held_out=10, head_font=("b", "b", "i"), ghost_number=True, spaced_rule=2, page_format="{}",
            whole_heads=True, scan_dpi=220, scan_skew=0.5, scan_pencil=True))
VARIANTS["x0-chapter"].append(
    Variant("i", "serif", "serifcond", 11, (15, 12.5, 11), (84, 84, 80, 72), "#2c2c54", "#7f5539", True,
            held_out=10, leading=1.4, indent_paras=True, centre_heads=True, footer="Helsedirektoratet – rundskriv",
            page_format="Side {}", whole_heads=True))
VARIANTS["outline"].append(
    Variant("boxnum", "serifcond", "cond", 10.5, (16, 13, 11.5), (74, 70, 76, 66), "#14342b", "#2f8f6b",
            held_out=10, num_box=True, hang=44, outline_numbered=9, outline_depth=2, table_style="zebra",
            page_format="{}", whole_heads=True))


# ---------------------------------------------------------------------------------------------
# Held-out batch 11.

FOOTNOTES = ("Kilde: Norsk pasientregister (NPR), aktivitetsdata for somatisk spesialisthelsetjeneste.",
             "Se også Helsedirektoratets nettsider for oppdaterte tall og veiledning.",
             "Tallene er avrundet og kan avvike noe fra tidligere publiserte tall.",
             "Gjelder fra 1. januar, med mindre annet er oppgitt.",
             "Jf. Prop. 1 S for budsjettåret.")


class _B11Mark(Flowable):
    """Held-out batch 11: a mark with no size whose page the document records after it is laid out (a
    footnote's page, a cover's bookmark)."""

    def __init__(self, kind: str, text: str = "", number: int = 0):
        super().__init__()
        self.kind, self.text, self.number = kind, text, number

    def wrap(self, aw, ah):  # noqa: ANN001
        return 0, 0

    def draw(self) -> None:
        pass

    def record(self, doc) -> None:  # noqa: ANN001
        if self.kind == "note":
            doc.__dict__.setdefault("notes", []).append((doc.page, self.number, self.text))
        elif self.kind == "cover" and doc.outline:
            doc.canv.bookmarkPage("b11cover")
            doc.canv.addOutlineEntry(self.text, "b11cover", level=0, closed=False)


def _b11_footnoted(b: Block, para: Paragraph, n: int) -> list:
    """A paragraph ending with a superscript footnote number, and the mark that records the note's page."""
    text = FOOTNOTES[(n - 1) % len(FOOTNOTES)]
    marked = Paragraph(f'{escape(b.text)}<super><font size="{para.style.fontSize * 0.62:.1f}">{n}</font></super>',
                       para.style)
    return [marked, _B11Mark("note", text, n)]


def _b11_furniture(font: str, v: Variant, furniture):  # noqa: ANN001, ANN202
    """Batch 11's page furniture, drawn at a page's end: the footnotes of the page at its foot under a
    short rule (``footnotes``), and either the page number (``furniture``, drawn as before) or a running
    footer with the current chapter (``chapter_footer``). Returns (onPage, extra template arguments)."""
    def end(canvas, doc) -> None:  # noqa: ANN001
        pw, _ph = canvas._pagesize
        lm, r, _t, b = v.margins
        canvas.saveState()
        if v.footnotes:
            notes = [(n, t) for p, n, t in getattr(doc, "notes", []) if p == doc.page]
            size = max(v.body_size - 2.5, 6.5)
            y = b - 16
            if notes:
                canvas.setStrokeColor(colors.HexColor("#666666"))
                canvas.setLineWidth(0.5)
                canvas.line(lm, y + size + 4, lm + 90, y + size + 4)
            canvas.setFillColor(colors.HexColor("#333333"))
            for n, t in notes:
                canvas.setFont(font, size * 0.75)
                canvas.drawString(lm, y + size * 0.35, str(n))
                canvas.setFont(font, size)
                for ln in simpleSplit(t, font, size, pw - lm - r - 10):
                    canvas.drawString(lm + 8, y, ln)
                    y -= size * 1.3
        if v.chapter_footer:
            heads = [(blk, p) for k, blk, p in doc.marks if k == "h" and blk.depth == 1]
            here = [blk for blk, p in heads if p == doc.page]
            before = [blk for blk, p in heads if p < doc.page]
            blk = here[0] if here else before[-1] if before else None
            y = b / 2 - 4
            canvas.setStrokeColor(colors.HexColor(v.accent))
            canvas.setLineWidth(0.5)
            canvas.line(lm, y + 10, pw - r, y + 10)
            canvas.setFont(italic_face(v.body_face)[0], 7)
            canvas.setFillColor(colors.HexColor("#555555"))
            odd = doc.page % 2 == 1
            if blk is not None:
                label = simpleSplit(_shown(blk, 1), italic_face(v.body_face)[0], 7, pw - lm - r - 40)[0]
                (canvas.drawString if odd else canvas.drawRightString)(lm if odd else pw - r, y, label)
            canvas.setFont(face(v.head_face)[1], 8)
            canvas.setFillColor(colors.HexColor(v.accent))
            # the page number at the outer edge: right on odd pages, left on even ones
            (canvas.drawRightString if odd else canvas.drawString)(pw - r if odd else lm, y,
                                                                  v.page_format.format(doc.page))
        canvas.restoreState()
        if not v.chapter_footer and furniture is not None:
            furniture(canvas, doc)

    return (lambda canvas, doc: None), {"onPageEnd": end}


def _b11_cover(v: Variant, title: str, year: int, outline: bool) -> list:
    """A cover page (``cover_page``): a thick bar of the accent down the left, the title large in the head
    face, "Rapport" and the date under it, the organisation at the foot; a "Forside" bookmark."""
    head_b = face(v.head_face)[1]
    body_r = face(v.body_face)[0]

    class Cover(Flowable):
        def wrap(self, aw, ah):  # noqa: ANN001
            self.aw, self.ah = aw, ah
            return aw, ah - 1

        def draw(self) -> None:
            c = self.canv
            c.saveState()
            c.setFillColor(colors.HexColor(v.accent))
            c.rect(-v.margins[0] + 28, -v.margins[3] + 28, 14, self.ah + v.margins[2] + v.margins[3] - 56, fill=1,
                   stroke=0)
            ts = 28.0
            lines = simpleSplit(title, head_b, ts, self.aw - 20)
            while len(lines) > 4 and ts > 16:
                ts -= 2
                lines = simpleSplit(title, head_b, ts, self.aw - 20)
            y = self.ah * 0.62
            c.setFillColor(colors.HexColor(v.head_colour))
            c.setFont(body_r, 13)
            c.drawString(20, y + ts * 1.6, "Rapport")
            c.setFont(head_b, ts)
            for ln in lines:
                c.drawString(20, y, ln)
                y -= ts * 1.2
            c.setFont(body_r, 12)
            c.setFillColor(colors.HexColor("#555555"))
            c.drawString(20, y - 10, f"{_MONTHS[11].capitalize()} {year}")
            c.setFont(head_b, 13)
            c.setFillColor(colors.black)
            c.drawString(20, 20, "Helsedirektoratet")
            c.restoreState()

    return [_B11Mark("cover", "Forside"), Cover(), PageBreak()]


def _b11_chapter_box(canvas, blk: Block, src: Source, v: Variant, x0: float, sw: float, top: float) -> None:  # noqa: ANN001
    """The sidebar's "I dette kapitlet" box (``chapter_box``): the chapter's level-2 heads, each after a
    dash, small and dark on a pale box under the chapter's title."""
    blocks = src.blocks
    i = blocks.index(blk)
    subs = []
    for b in blocks[i + 1:]:
        if b.kind == "h" and b.depth == 1:
            break
        if b.kind == "h" and b.depth == 2:
            subs.append(b.title)
    if not subs:
        return
    font, bold = face(v.body_face)
    size = 7.5
    inner = sw - 34
    lines: list[tuple[str, bool]] = []
    for t in subs[:8]:
        for k, ln in enumerate(simpleSplit(t, font, size, inner - 8)):
            lines.append((ln, k == 0))
    hgt = 26 + len(lines) * size * 1.3 + 8
    canvas.saveState()
    canvas.setFillColor(colors.HexColor("#f2f5f8"))
    canvas.roundRect(x0 + 12, top - hgt, sw - 22, hgt, 5, fill=1, stroke=0)
    canvas.setFillColor(colors.HexColor(v.accent))
    canvas.setFont(bold, 8)
    canvas.drawString(x0 + 20, top - 16, "I dette kapitlet")
    canvas.setFillColor(colors.HexColor("#222222"))
    y = top - 30
    for ln, first in lines:
        canvas.setFont(font, size)
        if first:
            canvas.drawString(x0 + 20, y, "–")
        canvas.drawString(x0 + 28, y, ln)
        y -= size * 1.3
    canvas.restoreState()


VARIANTS["word"].append(
    Variant("n", "sans", "serifcond", 9, (14, 11.5, 10), (46, 40, 46, 58), "#4a1c40", "#c8553d", held_out=11,
            leading=1.32, head_font=("b", "b", "i"), number_dot=True, a5=True, chapter_footer=True, page_format="{}",
            whole_heads=True, scan_dpi=250, scan_skew=0.5, scan_curve=True))
VARIANTS["memo-toc"].append(
    Variant("n", "cond", "cond", 10, (10, 10, 10), (92, 66, 86, 80), "#0f6e8c", "#0f6e8c", held_out=11,
            leading=1.38, head_font=("r", "r", "r"), caps1=False, colour_heads=True, whole_heads=True,
            scan_dpi=200, scan_skew=0.7, scan_comb=True))
VARIANTS["two-column"].append(
    Variant("o", "serif", "cond", 8, (17, 10.5, 8.5), (38, 38, 56, 50), "#2d6a4f", "#2d6a4f", held_out=11,
            leading=1.3, gutter=13, columns=3, col_rule=True, page_format="{}", whole_heads=True))
VARIANTS["designed-report"].append(
    Variant("sidebar-box", "serifcond", "cond", 10, (20, 13, 11), (196, 56, 66, 60), "#3a506b", "#3a506b", False,
            held_out=11, head_font=("b", "b", "i"), chapter_box=True, page_format="{}", whole_heads=True,
            scan_dpi=220, scan_skew=0.6, scan_dogear=True))
VARIANTS["x0-chapter"].append(
    Variant("j", "sans", "serif", 10, (16, 13, 11), (78, 78, 72, 118), "#3d2c8d", "#916bbf", held_out=11,
            leading=1.35, footnotes=5, page_format="{}", whole_heads=True))
VARIANTS["outline"].append(
    Variant("cover", "serif", "sans", 10.5, (18, 13, 11), (66, 88, 70, 66), "#0b4f6c", "#01a7d9", held_out=11,
            cover_page=True, rule_below1=True, outline_numbered=9, page_format="{}", whole_heads=True))


# ---------------------------------------------------------------------------------------------
# Held-out batch 12.


def _b12_caption_table(b: Block, st: dict, width: float, v: Variant) -> list:
    """A table whose caption is its first row (``caption_row``): one cell merged across every column,
    white on the accent, the header row under it tinted, a thin grid; both rows repeated when the
    table breaks across pages, as Word repeats the rows marked "repeat as header row"."""
    cap = ParagraphStyle("capcell", parent=st["cellhead"], textColor=colors.white)
    ncol = max(len(r) for r in b.rows)
    data = [[Paragraph(escape(b.caption or ""), cap)] + [""] * (ncol - 1)]
    data += [[Paragraph(escape(c), st["cellhead" if r == 0 else "cell"]) for c in row] + [""] * (ncol - len(row))
             for r, row in enumerate(b.rows)]
    t = Table(data, repeatRows=2, colWidths=[width / ncol] * ncol)
    t.setStyle(TableStyle([("SPAN", (0, 0), (-1, 0)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(v.accent)),
                           ("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#e3efee")),
                           ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#7d8f8e")),
                           ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return [t, Spacer(1, 8)]


class PageLineNumbered(_MarkedPara):
    """A body paragraph with every line numbered in the left margin, the count starting again on each
    page (``page_lines``: a høringsnotat's line numbering; ``counts``: lines so far per page, shared by
    the document's paragraphs)."""

    def __init__(self, para: Paragraph, counts: dict[int, int]):
        super().__init__()
        self.para, self.counts = para, counts

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return [PageLineNumbered(p, self.counts) for p in self.para.split(aw, ah)]

    def draw(self) -> None:
        self.para.drawOn(self.canv, 0, 0)
        style = self.para.style
        page = self.canv.getPageNumber()
        self.canv.saveState()
        self.canv.setFont(style.fontName, style.fontSize - 2.5)
        self.canv.setFillColor(colors.HexColor("#8a8a8a"))
        for i in range(len(getattr(self.para.blPara, "lines", []))):
            self.counts[page] = self.counts.get(page, 0) + 1
            y = self.height - style.fontSize - i * style.leading
            self.canv.drawRightString(-18, y, str(self.counts[page]))
        self.canv.restoreState()


class LeftBarHead(_DecoratedHead):
    """A heading with a thin bar of the accent down its left side, the title set in from it (``bar2``)."""

    def wrap(self, aw, ah):  # noqa: ANN001
        _w, h = self.inner.wrap(aw - 10, ah)
        self.height = h + 2
        return aw, self.height

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return []

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(colors.HexColor(self.colour))
        self.canv.rect(0, 0, 3, self.height, fill=1, stroke=0)
        self.canv.restoreState()
        self.inner.drawOn(self.canv, 10, 1)


class MarginNumberHead(_DecoratedHead):
    """A heading whose number stands in the left margin (right-aligned a little left of the text) on a
    line of its own, the title starting on the line under it at the text's edge (``margin_number``)."""

    def __init__(self, number: str, title: Paragraph, colour: str):
        super().__init__(title, colour)
        self.number = number

    def wrap(self, aw, ah):  # noqa: ANN001
        _w, th = self.inner.wrap(aw, ah)
        self.line = self.inner.style.leading
        self.height = self.line + th
        return aw, self.height

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return []

    def draw(self) -> None:
        style = self.inner.style
        self.canv.saveState()
        self.canv.setFillColor(colors.HexColor(self.colour))
        self.canv.setFont(style.fontName, style.fontSize)
        self.canv.drawRightString(-12, self.height - style.fontSize, self.number)
        self.canv.restoreState()
        self.inner.drawOn(self.canv, 0, 0)


class BleedHead(_DecoratedHead):
    """A level-1 heading white on a band of the accent running across the page's full width, off both
    edges (``bleed1``); ``left``: the frame's distance from the page's left edge, ``page_w`` the page's width."""

    def __init__(self, inner: Flowable, colour: str, left: float, page_w: float):
        super().__init__(inner, colour)
        self.left, self.page_w = left, page_w

    def wrap(self, aw, ah):  # noqa: ANN001
        _w, h = self.inner.wrap(aw, ah)
        self.height = h + 22
        return aw, self.height

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return []

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(colors.HexColor(self.colour))
        self.canv.rect(-self.left, 0, self.page_w, self.height, fill=1, stroke=0)
        self.canv.restoreState()
        self.inner.drawOn(self.canv, 0, 11)


def _b12_head(b: Block, head: Flowable, st: dict, numbered_to: int, v: Variant) -> Flowable:
    """Batch 12's heading styles (``bar2``, ``margin_number``, ``bleed1``) in place of ``head``; a heading is
    never broken inside a word (set smaller while its longest word would not fit: ``FitParagraph``)."""
    style = st[f"h{b.depth}"]
    if type(head) in (Paragraph, WholeParagraph):
        head = FitParagraph(head.text, head.style, _shown(b, numbered_to))
    if v.margin_number and b.number and b.depth <= numbered_to:
        head = MarginNumberHead(b.number, FitParagraph(escape(b.title), style, b.title), v.accent)
    if v.bleed1 and b.depth == 1:
        white = ParagraphStyle("bleed", parent=style, textColor=colors.white)
        return BleedHead(FitParagraph(escape(_shown(b, numbered_to)), white, _shown(b, numbered_to)), v.accent,
                         v.margins[0], v.pagesize[0])
    if v.bar2 and b.depth == 2:
        return LeftBarHead(head, v.accent)
    return head


def _b12_date_header(font: str, v: Variant, year: int):  # noqa: ANN202
    """A running header (``date_header``): the organisation at the left, the date and the page number
    right-aligned at the right, a rule under them; nothing in the footer."""
    def draw(canvas, doc) -> None:  # noqa: ANN001
        pw, ph = canvas._pagesize
        lm, r, t, _b = v.margins
        canvas.saveState()
        canvas.setFont(font, 8.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(lm, ph - t + 30, "Helsedirektoratet")
        canvas.drawRightString(pw - r, ph - t + 30, f"15.12.{year}   {v.page_format.format(doc.page)}")
        canvas.setStrokeColor(colors.HexColor(v.accent))
        canvas.setLineWidth(0.6)
        canvas.line(lm, ph - t + 23, pw - r, ph - t + 23)
        canvas.restoreState()
    return draw


def _b12_hollow_opener(canvas, blk: Block, v: Variant, font: str) -> None:  # noqa: ANN001
    """A chapter's first page (``hollow_number``), drawn last: the chapter number very large in outlined
    (hollow) figures at the left, stroked in the accent, the title beside it in the heading colour, its
    last line on the number's baseline; a thin rule of the accent above the text."""
    lm, r, t, _b = v.margins
    base = H - t + 40
    x = lm
    if blk.number:
        ns = 112
        canvas.saveState()  # (the text render mode is a graphics state: kept inside q … Q)
        canvas.setStrokeColor(colors.HexColor(v.accent))
        canvas.setLineWidth(1.6)
        tx = canvas.beginText(lm - 4, base)
        tx.setFont(font, ns)
        tx.setTextRenderMode(1)
        tx.textOut(blk.number)
        canvas.drawText(tx)
        canvas.restoreState()
        x = lm + canvas.stringWidth(blk.number, font, ns) + 18
    hs = v.head_sizes[0]
    room = W - r - x
    lines = simpleSplit(blk.title, font, hs, room)
    # a designer sets the title smaller while it would run into the page's top or a word would not fit
    while hs > 12 and (len(lines) * hs * 1.2 > t - 90
                       or max(canvas.stringWidth(w, font, hs) for w in blk.title.split()) > room):
        hs -= 1
        lines = simpleSplit(blk.title, font, hs, room)
    canvas.setFillColor(colors.HexColor(v.head_colour))
    canvas.setFont(font, hs)
    y = base + (len(lines) - 1) * hs * 1.2
    for ln in lines:
        canvas.drawString(x, y, ln)
        y -= hs * 1.2
    canvas.setStrokeColor(colors.HexColor(v.accent))
    canvas.setLineWidth(0.8)
    canvas.line(lm, H - t + 22, W - r, H - t + 22)


VARIANTS["word"].append(
    Variant("o", "serif", "cond", 10.5, (16, 13, 11), (70, 70, 88, 64), "#1a1a1a", "#00857c", held_out=12,
            leading=1.3, caption_row=True, date_header=True, bar2=True, page_format="Side {}", whole_heads=True,
            scan_dpi=200, scan_skew=0.5, scan_crumple=True))
VARIANTS["memo-toc"].append(
    Variant("o", "sans", "serif", 10, (11.5, 10.5, 10), (100, 70, 84, 76), "#000000", "#444444", held_out=12,
            leading=1.45, head_font=("b", "b", "i"), caps1=False, page_lines=True, whole_heads=True,
            scan_dpi=200, scan_skew=0.5, scan_lowres=100))
VARIANTS["two-column"].append(
    Variant("p", "serif", "sans", 9.5, (18, 11.5, 10), (46, 46, 62, 56), "#33415c", "#e76f51", held_out=12,
            leading=1.32, gutter=16, col_split=0.36, bar2=True, head_font=("b", "b", "i"),
            footer="Helsedirektoratet", page_format="{}", whole_heads=True))
VARIANTS["designed-report"].append(
    Variant("hollow", "cond", "serif", 10, (24, 13, 11), (74, 74, 200, 66), "#22223b", "#c9184a", False,
            held_out=12, head_font=("b", "b", "i"), hollow_number=True, page_format="{}", whole_heads=True,
            scan_dpi=220, scan_skew=0.6, scan_redstamp=True))
VARIANTS["x0-chapter"].append(
    Variant("k", "serifcond", "sans", 10.5, (15, 12.5, 11), (100, 70, 80, 70), "#1b263b", "#415a77", held_out=12,
            leading=1.38, margin_number=True, footer="Helsedirektoratet", page_format="Side {}", whole_heads=True))
VARIANTS["outline"].append(
    Variant("bleed", "sans", "serifcond", 10, (18, 13, 11), (80, 80, 76, 66), "#2d3142", "#4f5d75", held_out=12,
            leading=1.4, bleed1=True, body_colour="#4d4d4d", page_bg="#f5f2ea", outline_numbered=9,
            page_format="{}", whole_heads=True))


# ---------------------------------------------------------------------------------------------
# Held-out batch 13.


def _b13_small_number(b: Block, st: dict, v: Variant) -> Paragraph:
    """A heading whose number is set small (55 % of the title's size) in the accent and raised, a space
    before the title (``num_small``), as some InDesign and Word templates set a section's number."""
    style = st[f"h{b.depth}"]
    size = style.fontSize * 0.55
    return WholeParagraph(f'<font color="{v.accent}"><super size="{size:.1f}" rise="{style.fontSize * 0.32:.1f}">'
                          f"{escape(b.number or '')}</super></font> {escape(b.title)}", style)


def _b13_lead_words(text: str) -> int:
    """How many characters of ``text`` its lead-in takes: up to the first comma or colon in its first six
    words, else its first three words; 0 (no lead-in) when fewer than four words would follow it (a short
    paragraph all in bold would be a heading's look, not a lead-in's)."""
    words = text.split(" ")
    k = next((k + 1 for k, w in enumerate(words[:6]) if w.endswith((",", ":")) and k >= 1), 3)
    return len(" ".join(words[:k])) if len(words) - k >= 4 else 0


class ChangeBar(_MarkedPara):
    """A body paragraph marked as changed (``change_bars``): a bar of the accent down the left margin beside
    it and "Endret" in small italic at its first line, as a revision-marked rule text prints it."""

    def __init__(self, para: Paragraph, colour: str, font: str):
        super().__init__()
        self.para, self.colour, self.font = para, colour, font

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return [ChangeBar(p, self.colour, self.font) for p in self.para.split(aw, ah)]

    def draw(self) -> None:
        self.para.drawOn(self.canv, 0, 0)
        style = self.para.style
        c = self.canv
        c.saveState()
        c.setFillColor(colors.HexColor(self.colour))
        c.rect(-9, 0, 2.2, self.height, fill=1, stroke=0)
        c.setFont(self.font, style.fontSize - 3)
        c.drawRightString(-15, self.height - style.fontSize, "Endret")
        c.restoreState()


def _b13_para(b: Block, para: Flowable, n: int, st: dict, v: Variant) -> Flowable:
    """Batch 13's paragraphs: the n-th paragraph's lead-in in bold (``lead_in``), a change bar (``change_bars``)."""
    k = _b13_lead_words(b.text) if v.lead_in and n % v.lead_in == 0 and type(para) is Paragraph else 0
    if k:
        para = Paragraph(f"<b>{escape(b.text[:k])}</b>{escape(b.text[k:])}", para.style)
    if v.change_bars and n % v.change_bars == 2 % v.change_bars:
        para = ChangeBar(para, v.accent, italic_face(v.body_face)[0])
    return para


def _b13_list_columns(b: Block, st: ParagraphStyle) -> Flowable:
    """A bullet list in two balanced columns (``list_columns``), the first column filled before the second; an
    item may run on from the first column's foot to the top of the second, as in a Word section's columns."""
    from reportlab.platypus.flowables import BalancedColumns

    groups: list[list[tuple[int, str]]] = []
    for lvl, text in b.items:
        if lvl and groups:
            groups[-1].append((lvl, text))
        else:
            groups.append([(0, text)])
    items = [_bullets(Block(kind="ul", items=g), st) for g in groups]
    return BalancedColumns(items, nCols=2, innerPadding=18, spaceBefore=2, spaceAfter=st.spaceAfter)


def _b13_source(parts: list, st: dict, src: Source) -> list:
    """A table's parts with a "Kilde: …" line in small italic grey under the table (``table_source``)."""
    year = int(src.meta.get("year", 0) or 0) - 1
    note = ParagraphStyle("source", parent=st["cell"], fontName=italic_face("sans")[0], fontSize=7.5, leading=9.5,
                          textColor=colors.HexColor("#555555"), spaceBefore=3, spaceAfter=8)
    line = Paragraph(f"Kilde: Helsedirektoratet, ISF-regelverket {year}", note)
    if parts and isinstance(parts[-1], Spacer):
        return [*parts[:-1], line]
    return [*parts, line]


def _b13_toc_table(heads: list[Block], pages: dict[int, int], v: Variant, st: dict, width: float) -> Table:
    """The contents list as a ruled table (``toc_grid``): "Kap." | "Tittel" | "Side", the header row shaded,
    a level-2 title indented in its cell, a thin grid; levels to ``toc_depth``."""
    body_r, body_b = face(v.body_face)
    size = v.body_size - 1
    cell = ParagraphStyle("toccell", fontName=body_r, fontSize=size, leading=size * 1.25)
    bold = ParagraphStyle("toccellb", parent=cell, fontName=body_b)
    rows = [[Paragraph("Kap.", bold), Paragraph("Tittel", bold), Paragraph("Side", bold)]]
    for i, b in enumerate(heads):
        if b.depth > v.toc_depth:
            continue
        style = ParagraphStyle(f"toc{b.depth}", parent=bold if b.depth == 1 else cell, leftIndent=12 * (b.depth - 1))
        rows.append([Paragraph(escape(b.number or ""), bold if b.depth == 1 else cell),
                     Paragraph(escape(b.title), style), Paragraph(str(pages.get(i, 0)), cell)])
    t = Table(rows, colWidths=[44, width - 88, 44], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8c8c8c")),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde7ee")),
                           ("ALIGN", (2, 0), (2, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return t


def _b13_zero_opener(canvas, blk: Block, v: Variant, font: str) -> None:  # noqa: ANN001
    """A chapter's first page (``zero_number``), drawn last: the chapter number with a leading zero ("03") very
    large in the accent at the left of the top margin, a thin vertical rule after it, the title beside the rule
    in the heading colour, its lines centred on the number's height; a short rule of the accent over the text."""
    lm, r, t, _b = v.margins
    ns = 84
    base = H - t + 46
    x = lm
    if blk.number:
        shown = f"{int(blk.number):02d}" if blk.number.isdigit() else blk.number
        canvas.setFillColor(colors.HexColor(v.accent))
        canvas.setFont(font, ns)
        canvas.drawString(lm - 3, base, shown)
        x = lm + canvas.stringWidth(shown, font, ns) + 12
        canvas.setStrokeColor(colors.HexColor("#9a9a9a"))
        canvas.setLineWidth(0.8)
        canvas.line(x, base - 6, x, base + ns * 0.74)
        x += 14
    hs = v.head_sizes[0]
    room = W - r - x
    lines = simpleSplit(blk.title, font, hs, room)
    while hs > 12 and (len(lines) * hs * 1.2 > ns * 0.9
                       or max(canvas.stringWidth(w, font, hs) for w in blk.title.split()) > room):
        hs -= 1
        lines = simpleSplit(blk.title, font, hs, room)
    canvas.setFillColor(colors.HexColor(v.head_colour))
    canvas.setFont(font, hs)
    mid = base + ns * 0.36
    y = mid + (len(lines) * hs * 1.2) / 2 - hs * 0.95
    for ln in lines:
        canvas.drawString(x, y, ln)
        y -= hs * 1.2
    canvas.setFillColor(colors.HexColor(v.accent))
    canvas.rect(lm, H - t + 18, 46, 3, fill=1, stroke=0)


VARIANTS["word"].append(
    Variant("p", "serifcond", "sans", 10.5, (17, 13.5, 11.5), (82, 66, 76, 72), "#283618", "#bc6c25", held_out=13,
            leading=1.33, lead_in=3, num_small=True, footer="Helsedirektoratet", page_format="Side {}",
            whole_heads=True, scan_dpi=240, scan_skew=0.6, scan_smear=True))
VARIANTS["memo-toc"].append(
    Variant("p", "sans", "serifcond", 10, (12.5, 11, 10), (88, 76, 86, 80), "#000000", "#2a6f97", held_out=13,
            leading=2.0, head_font=("b", "b", "i"), caps1=False, toc_grid=True, toc_depth=2, whole_heads=True,
            scan_dpi=200, scan_skew=0.6, scan_label=True))
VARIANTS["designed-report"].append(
    Variant("zero", "serif", "cond", 10, (24, 13, 11), (80, 80, 190, 68), "#1d3557", "#e63946", False,
            held_out=13, head_font=("b", "b", "i"), zero_number=True, page_format="{:02d}", whole_heads=True,
            scan_dpi=220, scan_skew=0.5, scan_jitter=True))
VARIANTS["x0-chapter"].append(
    Variant("l", "cond", "serifcond", 10, (16, 12.5, 11), (84, 84, 78, 72), "#582f0e", "#7f5539", held_out=13,
            leading=1.4, list_columns=True, table_source=True, footer="Helsedirektoratet", page_format="Side {}",
            whole_heads=True))
VARIANTS["outline"].append(
    Variant("changes", "serif", "cond", 10.5, (17, 13, 11.5), (98, 70, 76, 66), "#3c096c", "#9d0208",
            held_out=13, head_font=("b", "b", "bi"), change_bars=5, outline_numbered=9, page_format="{}",
            whole_heads=True))


class BarChart(Flowable):
    """A figure as a spreadsheet exports it into a report (``charts``): a caption "Figur N. …" over a bar chart
    drawn in vectors, two series over four years, the values over the bars, a y axis with gridlines and its tick
    labels, the years under the bars and a legend under them; every label is text. ``n`` seeds its values."""

    SERIES = ("Somatikk", "Psykisk helsevern og TSB")

    def __init__(self, n: int, year: int, v: Variant):
        super().__init__()
        import random

        self.n, self.year, self.v = n, year, v
        rnd = random.Random(n)
        self.values = [[rnd.randint(38, 92) for _ in range(4)] for _ in self.SERIES]
        self.font, self.bold = face(v.body_face)

    def wrap(self, aw, ah):  # noqa: ANN001
        self.width, self.height = aw, 172
        return aw, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return 4

    def getSpaceAfter(self) -> float:  # noqa: N802
        return 10

    def draw(self) -> None:
        c, w, h = self.canv, self.width, self.height
        c.saveState()
        c.setFillColor(colors.black)
        c.setFont(self.bold, 7.5)
        c.drawString(0, h - 8, f"Figur {self.n}. Andel aktivitet i ISF {self.year - 3}–{self.year} (prosent)")
        x0, x1, y0, y1 = 22, w - 4, 40, h - 22
        c.setFont(self.font, 6.5)
        for k, tick in enumerate(range(0, 101, 25)):
            y = y0 + (y1 - y0) * k / 4
            c.setStrokeColor(colors.HexColor("#d9d9d9"))
            c.setLineWidth(0.4)
            c.line(x0, y, x1, y)
            c.setFillColor(colors.HexColor("#595959"))
            c.drawRightString(x0 - 4, y - 2.2, str(tick))
        fills = (colors.HexColor(self.v.accent), colors.HexColor("#a8a8a8"))
        slot = (x1 - x0) / 4
        bw = slot * 0.3
        for i in range(4):
            cx = x0 + slot * (i + 0.5)
            for s_, vals in enumerate(self.values):
                bx = cx - bw + s_ * bw
                top = y0 + (y1 - y0) * vals[i] / 100
                c.setFillColor(fills[s_])
                c.rect(bx, y0, bw - 1, top - y0, fill=1, stroke=0)
                c.setFillColor(colors.HexColor("#404040"))
                c.drawCentredString(bx + (bw - 1) / 2, top + 2, str(vals[i]))
            c.drawCentredString(cx, y0 - 9, str(self.year - 3 + i))
        c.setStrokeColor(colors.HexColor("#7f7f7f"))
        c.line(x0, y0, x1, y0)
        lx = x0
        for s_, name in enumerate(self.SERIES):
            c.setFillColor(fills[s_])
            c.rect(lx, 8, 6, 6, fill=1, stroke=0)
            c.setFillColor(colors.HexColor("#404040"))
            c.drawString(lx + 9, 8.5, name)
            lx += 9 + c.stringWidth(name, self.font, 6.5) + 14
        c.restoreState()


VARIANTS["two-column"].append(
    Variant("q", "serif", "cond", 9, (19, 11.5, 10), (44, 44, 60, 54), "#264653", "#2a9d8f", held_out=13,
            leading=1.32, gutter=18, charts=7, head_font=("b", "b", "i"), footer="Helsedirektoratet",
            page_format="Side {}", whole_heads=True))


# ---------------------------------------------------------------------------------------------
# Held-out batch 14.

NOTES14 = ("Ny regel fra 1. januar", "Presisering", "Gjelder alle regionale helseforetak", "Se også vedlegg 2",
           "Videreført uendret", "Endret etter høringen", "Merk: gjelder også avtalespesialister")


def _b14_note(n: int) -> str:
    return NOTES14[(n - 1) % len(NOTES14)]


class MarginNote(_MarkedPara):
    """A body paragraph with a short note beside its first line in a column in the right margin
    (``margin_notes``), small italic in the accent after a thin rule, as a report's marginalia; a
    paragraph split over two pages carries its note on the first part only."""

    def __init__(self, para: Paragraph, note: str | None, v: Variant):
        super().__init__()
        self.para, self.note, self.v = para, note, v

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        parts = self.para.split(aw, ah)
        if not parts:
            return []
        return [MarginNote(parts[0], self.note, self.v), *(MarginNote(p, None, self.v) for p in parts[1:])]

    def draw(self) -> None:
        self.para.drawOn(self.canv, 0, 0)
        if not self.note:
            return
        c, style = self.canv, self.para.style
        font = italic_face(self.v.body_face)[0]
        size = 7.5
        lines = simpleSplit(self.note, font, size, self.v.margins[1] - 40)
        top = self.height - style.fontSize
        c.saveState()
        c.setStrokeColor(colors.HexColor("#9aa7a4"))
        c.setLineWidth(0.5)
        c.line(self.width + 14, top + size, self.width + 14, top - (len(lines) - 1) * size * 1.3 - 2)
        c.setFillColor(colors.HexColor(self.v.accent))
        c.setFont(font, size)
        y = top
        for ln in lines:
            c.drawString(self.width + 20, y, ln)
            y -= size * 1.3
        c.restoreState()


def _b14_drop(story: list, drop: float) -> list:
    """Each chapter on a new page, its head ``drop`` points down the page (``chapter_drop``)."""
    out: list = []
    for f in story:
        if isinstance(f, Marker) and f.kind == "h" and f.block.depth == 1:
            if out and isinstance(out[-1], CondPageBreak):
                out.pop()
            if out and not isinstance(out[-1], PageBreak):
                out.append(PageBreak())
            out.append(Spacer(1, drop))
        out.append(f)
    return out


class TrackedBar(_MarkedPara):
    """A paragraph with a tracked change: a thin black bar down the left margin beside it (Word's
    changed-line mark)."""

    def __init__(self, para: Paragraph):
        super().__init__()
        self.para = para

    def split(self, aw, ah):  # noqa: ANN001, ANN201
        return [TrackedBar(p) for p in self.para.split(aw, ah)]

    def draw(self) -> None:
        self.para.drawOn(self.canv, 0, 0)
        self.canv.saveState()
        self.canv.setLineWidth(0.8)
        self.canv.line(-12, 0, -12, self.height)
        self.canv.restoreState()


def _b14_tracked(b: Block, para: Flowable, v: Variant) -> Flowable:
    """A paragraph shown with a tracked change (``tracked``): its first figure struck through in red as
    deleted, the new figure right after it underlined in blue as inserted (the source's figure); without
    a figure, a few words underlined in blue as inserted. A bar beside it in the left margin."""
    import re

    if type(para) is not Paragraph:
        return para
    text = b.text
    m = re.search(r"(?<![\d.,])\d+(?![\d.,]\d)", text)
    ins = f'<u><font color="{v.accent}">'
    if m:
        n = int(m.group())
        old = n - 1 if 1990 <= n <= 2035 else n + 1 if n < 10 else round(n * 1.1)
        marked = (f"{escape(text[:m.start()])}<strike><font color=\"#c0392b\">{old}</font></strike>"
                  f"{ins}{escape(m.group())}</font></u>{escape(text[m.end():])}")
    else:
        words = text.split(" ")
        if len(words) < 8:
            return para
        marked = f"{escape(' '.join(words[:2]))} {ins}{escape(' '.join(words[2:6]))}</font></u> {escape(' '.join(words[6:]))}"
    return TrackedBar(Paragraph(marked, para.style))


def _b14_tagged_head(b: Block, blocks: list[Block], i: int, st: dict, numbered_to: int, v: Variant) -> Flowable:
    """Every ``head_tags``-th level-2/3 head with a label after its title, "NY" or "ENDRET" in small white
    capitals on the accent (a rule text marking what changed since last year)."""
    k = sum(1 for x in blocks[:i] if x.kind == "h" and x.depth >= 2) + 1
    if k % v.head_tags:
        return _head(b, st, numbered_to, False, v.number_dot, v.hang)
    style = st[f"h{b.depth}"]
    label = "NY" if (k // v.head_tags) % 2 else "ENDRET"
    tag = (f'&nbsp;&nbsp;<font name="{face(v.body_face)[1]}" size="{style.fontSize * 0.62:.1f}" color="#ffffff" '
           f'backColor="{v.accent}">&nbsp;{label}&nbsp;</font>')
    return WholeParagraph(escape(_shown(b, numbered_to, dot=v.number_dot)) + tag, style)


class Photo(Flowable):
    """A photograph in the column (``photos``): a raster image (soft shapes on a gradient, seeded by ``n``,
    as a stock photo) and its credit line under it, small and grey at the right."""

    CREDITS = ("Foto: Colourbox", "Illustrasjonsfoto: Scanpix", "Foto: Helsedirektoratet")

    def __init__(self, n: int, v: Variant):
        super().__init__()
        self.n, self.v = n, v

    def wrap(self, aw, ah):  # noqa: ANN001
        self.width, self.img_h = aw, aw * 0.58
        self.height = self.img_h + 11
        return aw, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return 4

    def getSpaceAfter(self) -> float:  # noqa: N802
        return 9

    def _image(self):  # noqa: ANN202
        import io

        import numpy as np
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        rng = np.random.default_rng(self.n)
        h, w = 174, 300
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
        top, bottom = rng.uniform(120, 230, 3), rng.uniform(40, 150, 3)
        a = top[None, None, :] + (bottom - top)[None, None, :] * (yy / h)[:, :, None]
        for _ in range(6):
            cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(25, 80)
            tint = rng.uniform(-90, 90, 3)
            a += tint[None, None, :] * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))[:, :, None]
        a += rng.normal(0, 4, a.shape)
        buf = io.BytesIO()
        Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB").save(buf, format="PNG")
        buf.seek(0)
        return ImageReader(buf)

    def draw(self) -> None:
        c = self.canv
        c.drawImage(self._image(), 0, 11, self.width, self.img_h)
        c.saveState()
        c.setFont(face(self.v.body_face)[0], 6.5)
        c.setFillColor(colors.HexColor("#6b6b6b"))
        c.drawRightString(self.width, 2.5, self.CREDITS[(self.n - 1) % len(self.CREDITS)])
        c.restoreState()


def _b14_shadow_opener(canvas, blk: Block, v: Variant, font: str) -> None:  # noqa: ANN001
    """A chapter's first page (``shadow_title``), drawn last: a band of the accent from the page's top, the
    chapter number large and the title beside it, white, each with a drop shadow drawn first as a dark copy
    of the same text a little down and to the right (a second copy in the text layer)."""
    lm, r, t, _b = v.margins
    bottom = H - t + 34
    canvas.setFillColor(colors.HexColor(v.accent))
    canvas.rect(0, bottom, W, H - bottom, fill=1, stroke=0)
    shade = colors.HexColor("#14213d")

    def shadowed(s: str, x: float, y: float, size: float) -> None:
        canvas.setFont(font, size)
        canvas.setFillColor(shade)
        canvas.drawString(x + size * 0.06, y - size * 0.06, s)
        canvas.setFillColor(colors.white)
        canvas.drawString(x, y, s)

    x = lm
    base = bottom + 30
    if blk.number:
        ns = 2.6 * v.head_sizes[0]
        shadowed(blk.number, lm, base, ns)
        x = lm + canvas.stringWidth(blk.number, font, ns) + 22
    hs = v.head_sizes[0]
    room = W - r - x
    lines = simpleSplit(blk.title, font, hs, room)
    while hs > 12 and (len(lines) * hs * 1.2 > H - base - 40
                       or max(canvas.stringWidth(w, font, hs) for w in blk.title.split()) > room):
        hs -= 1
        lines = simpleSplit(blk.title, font, hs, room)
    y = base + (len(lines) - 1) * hs * 1.2
    for ln in lines:
        shadowed(ln, x, y, hs)
        y -= hs * 1.2


VARIANTS["word"].append(
    Variant("q", "serif", "sans", 10.5, (18, 13.5, 11.5), (70, 150, 78, 72), "#17324d", "#2f7d6d", held_out=14,
            leading=1.35, margin_notes=4, chapter_drop=150, footer="Helsedirektoratet", page_format="Side {}",
            whole_heads=True, scan_dpi=300, scan_skew=0.5, scan_dither=True, scan_clip=True))
VARIANTS["memo-toc"].append(
    Variant("q", "serif", "sans", 10.5, (11.5, 10.5, 10.5), (80, 72, 86, 78), "#000000", "#1f5fbf", held_out=14,
            leading=1.4, head_font=("b", "b", "i"), caps1=False, toc_depth=2, tracked=3, whole_heads=True,
            scan_dpi=200, scan_skew=0.6, scan_echo=True, scan_signature=True))
VARIANTS["two-column"].append(
    Variant("r", "sans", "serif", 9, (19, 11.5, 10), (46, 46, 62, 56), "#3b2f2f", "#8c5e3c", held_out=14,
            leading=1.35, gutter=18, photos=6, head_font=("b", "b", "i"), footer="Helsedirektoratet",
            page_format="{}", whole_heads=True))
VARIANTS["designed-report"].append(
    Variant("shadow", "sans", "serifcond", 10, (26, 13, 11), (76, 76, 200, 66), "#2b2d42", "#3d5a80", True,
            held_out=14, head_font=("b", "b", "i"), shadow_title=True, page_format="{}", whole_heads=True,
            scan_dpi=220, scan_skew=0.5, scan_thumb=True))
VARIANTS["x0-chapter"].append(
    Variant("m", "serifcond", "sans", 10.5, (16, 13, 11), (80, 74, 78, 70), "#1b3a4b", "#c8553d", held_out=14,
            leading=1.38, head_tags=3, footer="Helsedirektoratet", page_format="Side {}", whole_heads=True))
VARIANTS["outline"].append(
    Variant("captions", "serif", "sans", 10.5, (17, 13, 11.5), (72, 72, 76, 66), "#2c3e50", "#16a085",
            held_out=14, outline_numbered=9, outline_tables=True, page_format="{}", whole_heads=True))


# ---------------------------------------------------------------------------------------------
# Held-out batch 15.


def _b15_kapittel(b: Block, st: dict, v: Variant) -> Paragraph:
    """A chapter head as "Kapittel 3 – Title" on one line (``kapittel_dash``), "Kapittel 3 –" in the accent."""
    return WholeParagraph(f'<font color="{v.accent}">Kapittel {escape(b.number or "")} –</font> {escape(b.title)}',
                          st["h1"])


def _b15_furniture(font: str, v: Variant, title: str, year: int, inner):  # noqa: ANN001, ANN202
    """Batch 15's page furniture: with ``doc_grid`` "Ukontrollert ved utskrift" and the organisation in the footer
    (the grid itself is drawn by ``_b15_grid_canvas``, which knows the page count); with ``page_start`` the page
    number counted on from it at the right of the footer (the organisation at the left over a rule) and the PDF's
    page labels starting there too."""
    del title, year, inner

    def draw(canvas, doc) -> None:  # noqa: ANN001
        lm, r, _t, b = v.margins
        pw = canvas._pagesize[0]
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        if v.doc_grid:
            canvas.drawString(lm, b / 2, "Ukontrollert ved utskrift. Gjeldende versjon ligger i kvalitetssystemet.")
        if v.page_start:
            if doc.page == 1:
                canvas.addPageLabel(0, style="D", start=v.page_start)
            y = b / 2
            canvas.setStrokeColor(colors.HexColor(v.accent))
            canvas.setLineWidth(0.5)
            canvas.line(lm, y + 12, pw - r, y + 12)
            if v.footer:
                canvas.drawString(lm, y, v.footer)
            canvas.setFont(font, 8.5)
            canvas.setFillColor(colors.black)
            canvas.drawRightString(pw - r, y, v.page_format.format(doc.page + v.page_start - 1))
        canvas.restoreState()
    return draw


def _b15_grid_canvas(font: str, v: Variant, doc_title: str, year: int):  # noqa: ANN202
    """A canvas that holds its pages back to draw, on each, a quality system's document-control grid as the
    running header (``doc_grid``): two rows of ruled cells, "Helsedirektoratet" | "Dok.nr.: IS-3125" |
    "Versjon: 2.0" | "Side N av M" over the document's title | "Gyldig fra: 01.01.<year>" | "Godkjent av:
    Avdelingsdirektør"."""
    bold = face(v.body_face)[1]

    class GridCanvas(Canvas):
        def __init__(self, *a, **kw):  # noqa: ANN002, ANN003
            super().__init__(*a, **kw)
            self._saved: list[dict] = []

        def showPage(self) -> None:  # noqa: N802
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            lm, r, _t, _b = v.margins
            x0, x1 = lm, W - r
            top = H - 34
            rh = 15
            xs = [x0, x0 + (x1 - x0) * 0.40, x0 + (x1 - x0) * 0.62, x0 + (x1 - x0) * 0.81, x1]
            for state in self._saved:
                self.__dict__.update(state)
                self.saveState()
                self.setStrokeColor(colors.HexColor("#6b6b6b"))
                self.setLineWidth(0.5)
                self.rect(x0, top - 2 * rh, x1 - x0, 2 * rh, fill=0, stroke=1)
                self.line(x0, top - rh, x1, top - rh)
                for x in xs[1:-1]:
                    self.line(x, top - 2 * rh, x, top)
                self.setFillColor(colors.HexColor("#eef2f4"))
                self.rect(x0 + 0.25, top - rh + 0.25, xs[1] - x0 - 0.5, rh - 0.5, fill=1, stroke=0)
                self.setFillColor(colors.black)
                self.setFont(bold, 7.5)
                self.drawString(x0 + 4, top - rh + 4.5, "Helsedirektoratet")
                self.setFont(font, 7)
                cells = [("Dok.nr.: IS-3125", "Gyldig fra: 01.01." + str(year + 1)),
                         ("Versjon: 2.0", "Godkjent: avd.dir."),
                         (f"Side {self._pageNumber} av {total}", "Status: Gjeldende")]
                for k, (a, b_) in enumerate(cells, start=1):
                    self.drawString(xs[k] + 4, top - rh + 4.5, a)
                    self.drawString(xs[k] + 4, top - 2 * rh + 4.5, b_)
                room = xs[1] - x0 - 8
                size = 7.0
                while size > 5 and self.stringWidth(doc_title, font, size) > room:
                    size -= 0.25
                shown = doc_title
                while self.stringWidth(shown + "…", font, size) > room and len(shown) > 10:
                    shown = shown[:-1]
                self.setFont(font, size)
                self.drawString(x0 + 4, top - 2 * rh + 4.5, shown if shown == doc_title else shown.rstrip() + "…")
                self.restoreState()
                super().showPage()
            super().save()

    return GridCanvas


def _b15_odd(story: list, blanks: frozenset[int], body: ParagraphStyle) -> list:
    """Each chapter on a new page (``odd_chapters``); before the chapters in ``blanks`` (counted from 0) an empty
    left-hand page that says so, "Denne siden er blank med hensikt", as a report printed on both sides has."""
    note = ParagraphStyle("blank", parent=body, fontName=italic_face("serif")[0], alignment=1,
                          textColor=colors.HexColor("#777777"))
    out: list = []
    n = -1
    for f in story:
        if isinstance(f, Marker) and f.kind == "h" and f.block.depth == 1:
            n += 1
            if out and isinstance(out[-1], CondPageBreak):
                out.pop()
            if out and not isinstance(out[-1], PageBreak):
                out.append(PageBreak())
            if n in blanks:
                out += [Spacer(1, 300), Paragraph("Denne siden er blank med hensikt", note), PageBreak()]
        out.append(f)
    return out


class ReverseHead(_DecoratedHead):
    """A heading set white on a dark bar as wide as the column (``reverse2``), the title set in from its edge."""

    def __init__(self, inner: Flowable, colour: str):
        text, style = getattr(inner, "text", ""), inner.style
        white = ParagraphStyle(f"{style.name}-rev", parent=style, textColor=colors.white, spaceBefore=0, spaceAfter=0,
                               leftIndent=5, rightIndent=5)
        super().__init__(WholeParagraph(text, white), colour)
        self.style = style

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter

    def wrap(self, aw, ah):  # noqa: ANN001
        _w, h = self.inner.wrap(aw, ah)
        self.width, self.height = aw, h + 6
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(colors.HexColor(self.colour))
        c.rect(0, 0, self.width, self.height, fill=1, stroke=0)
        c.restoreState()
        self.inner.drawOn(c, 0, 3)


def _b15_highlight(b: Block, para: Flowable) -> Flowable:
    """A paragraph with a phrase (its third to eighth words) highlighted on yellow (``highlights``), as a reader's
    or an author's Word text highlight."""
    if type(para) is not Paragraph:
        return para
    words = b.text.split(" ")
    if len(words) < 10:
        return para
    marked = (f"{escape(' '.join(words[:2]))} <font backColor=\"#fff176\">{escape(' '.join(words[2:8]))}</font> "
              f"{escape(' '.join(words[8:]))}")
    return Paragraph(marked, para.style)


def _b15_table_list(src: Source, caps: dict[int, int], v: Variant, st: dict, font: str) -> list:
    """The list of tables after the contents (``table_list``): "Tabelloversikt" and every captioned table's caption
    with its page, dot leaders, as Word's table of figures."""
    tables = [b for b in src.blocks if b.kind == "table" and b.caption]
    if not tables:
        return []
    out: list = [Spacer(1, 10), Paragraph("Tabelloversikt", ParagraphStyle("tabl", parent=st["h1"], spaceBefore=4,
                                                                              fontSize=v.body_size + 1))]
    for i, b in enumerate(tables):
        out.append(TocLine(b.caption, caps.get(i, 0), 1, font, v.body_size - 0.5, leaders=True))
    return out


def _b15_two_up(pdf: Path) -> None:
    """The finished document printed two pages per sheet (``nup``): every two A4 pages scaled to A5 side by side on a
    landscape A4 page (pdfium's N-up import: each page a form XObject, its text kept), written in place; pdfium's
    creation date and file ids are made fixed so the file is the same on every run."""
    import ctypes
    import re

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    src = pdfium.PdfDocument(str(pdf))
    lw, lh = landscape(A4)
    sheet = pdfium_c.FPDF_ImportNPagesToOne(src.raw, ctypes.c_float(lw), ctypes.c_float(lh), ctypes.c_size_t(2),
                                            ctypes.c_size_t(1))
    tmp = pdf.with_suffix(".nup.pdf")
    doc = pdfium.PdfDocument(sheet)
    doc.save(str(tmp))
    doc.close()
    src.close()
    data = tmp.read_bytes()
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20000101000000", data)
    data = re.sub(rb"<[0-9A-Fa-f]{32}>", lambda m: b"<" + b"0" * 32 + b">", data)
    pdf.write_bytes(data)
    tmp.unlink()


_B15_COLOURS = ("#0f4c5c", "#9a031e", "#5f0f40", "#2d6a4f", "#b5651d", "#3a0ca3", "#6c584c", "#1d3557", "#7b2cbf",
                "#386641", "#bc4749", "#264653")


def _b15_foot_opener(canvas, blk: Block, v: Variant, font: str, n: int) -> None:  # noqa: ANN001
    """A chapter's opening page (``foot_opener``), drawn last: the page empty but for a band across its foot in the
    chapter's own colour, the number large at the left and the title beside it in two weights, the first half of
    its words in the extra-light sans, the rest bold, wrapped within the band; the text starts on the next page."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lm, r, _t, _b = v.margins
    band = 200
    canvas.setFillColor(colors.HexColor(_B15_COLOURS[n % len(_B15_COLOURS)]))
    canvas.rect(0, 0, W, band, fill=1, stroke=0)
    canvas.setFillColor(colors.white)
    x = lm
    if blk.number:
        ns = 64
        canvas.setFont(font, ns)
        canvas.drawString(lm, band - 28 - ns * 0.75, blk.number)
        x = lm + stringWidth(blk.number, font, ns) + 18
    light = face("light")[0]
    words = blk.title.split()
    k = max(1, len(words) // 2) if len(words) > 1 else 0
    runs = [(w, light if i < k else font) for i, w in enumerate(words)]
    hs = v.head_sizes[0]
    room = W - r - x

    def lines_at(size: float) -> list[list[tuple[str, str]]]:
        out, cur, width = [], [], 0.0
        for w, f in runs:
            ww = stringWidth(w, f, size)
            sp = stringWidth(" ", f, size) if cur else 0
            if cur and width + sp + ww > room:
                out.append(cur)
                cur, width, sp = [], 0.0, 0
            cur.append((w, f))
            width += sp + ww
        if cur:
            out.append(cur)
        return out

    lines = lines_at(hs)
    while hs > 12 and (len(lines) * hs * 1.2 > band - 40 or max(stringWidth(w, f, hs) for w, f in runs) > room):
        hs -= 1
        lines = lines_at(hs)
    y = band - 30 - hs * 0.8
    for ln in lines:
        xx = x
        for j, (w, f) in enumerate(ln):
            canvas.setFont(f, hs)
            canvas.drawString(xx, y, w if j == len(ln) - 1 else w + " ")
            xx += stringWidth(w + " ", f, hs)
        y -= hs * 1.2


VARIANTS["word"].append(
    Variant("r", "serif", "cond", 10.5, (17, 13, 11.5), (72, 72, 96, 70), "#1f2d3d", "#b23a48", justify=True,
            held_out=15, leading=1.12, number_dot=True, kapittel_dash=True, doc_grid=True, whole_heads=True,
            scan_dpi=200, scan_skew=0.5, scan_sideways=True))
VARIANTS["memo-toc"].append(
    Variant("r", "serif", "cond", 11, (13, 11.5, 11), (78, 70, 84, 76), "#000000", "#355070", held_out=15,
            leading=1.35, head_font=("b", "b", "i"), caps1=False, toc_depth=2, table_list=True, nup=2,
            whole_heads=True, scan_dpi=300, scan_skew=0.5, scan_fuser=True))
VARIANTS["two-column"].append(
    Variant("s", "cond", "serif", 9, (19, 11, 10), (44, 44, 60, 54), "#22333b", "#c06c00", True, held_out=15,
            leading=1.12, gutter=16, reverse2=True, highlights=4, head_font=("b", "b", "i"),
            footer="Helsedirektoratet", page_format="Side {}", whole_heads=True))
VARIANTS["designed-report"].append(
    Variant("duo", "serif", "sans", 10, (26, 13, 11), (76, 76, 72, 66), "#1b1b1b", "#0f4c5c", False,
            held_out=15, head_font=("b", "b", "i"), foot_opener=True, page_format="{}", whole_heads=True,
            scan_dpi=220, scan_skew=0.6, scan_tape=True))
VARIANTS["x0-chapter"].append(
    Variant("n", "sans", "serifcond", 10, (15, 12, 11), (80, 80, 76, 70), "#2b2d42", "#8d99ae", True, held_out=15,
            leading=1.3, odd_chapters=True, indent_heads=22, footer="Helsedirektoratet", page_format="Side {}",
            whole_heads=True))
VARIANTS["outline"].append(
    Variant("short", "serifcond", "sans", 10.5, (17, 13, 11.5), (76, 76, 76, 66), "#14213d", "#fca311",
            held_out=15, outline_numbered=9, outline_short=32, page_start=11, footer="Helsedirektoratet",
            page_format="Side {}", whole_heads=True))
