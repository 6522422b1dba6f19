"""The "Hva er nytt i ISF <år>" pages, the front page that leads with the latest year, and the Atom feed,
built from the committed corpus and the rule parameters."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tracker.rules import registry
from tracker.site import build_site
from tracker.store import load_all

REPO = Path(__file__).resolve().parent.parent
EXTRACTED = REPO / "extracted"
ATOM = "{http://www.w3.org/2005/Atom}"


class Html(HTMLParser):
    """Links, ids, headings (tag, id, text) and text, each text piece marked if it is inside <details>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[tuple[str, str | None, str]] = []
        self.rows: list[list[str]] = []
        self.pieces: list[tuple[str, bool]] = []  # (text, inside a collapsed <details>)
        self._heading: list | None = None
        self._cell: list[str] | None = None
        self._details = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("h1", "h2", "h3"):
            self._heading = [tag, a.get("id"), ""]
        if tag == "details":
            self._details += 1
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._heading:
            self._heading[2] = norm(self._heading[2].replace("¶", ""))
            self.headings.append(tuple(self._heading))
            self._heading = None
        if tag == "details":
            self._details -= 1
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(norm("".join(self._cell)))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.pieces.append((data, self._details > 0))
        if self._heading is not None:
            self._heading[2] += data
        if self._cell is not None:
            self._cell.append(data)

    @property
    def text(self) -> str:
        return norm(" ".join(t for t, _ in self.pieces))

    @property
    def open_text(self) -> str:
        """The text outside collapsed blocks."""
        return norm(" ".join(t for t, hidden in self.pieces if not hidden))


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def parse(path: Path) -> Html:
    p = Html()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    target, _, anchor = href.partition("#")
    rel = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), target))
    return site / rel, anchor


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not list(EXTRACTED.glob("*.json")):
        pytest.skip("extracted/ is empty: run `tracker extract` first")
    return build_site(out_dir=tmp_path_factory.mktemp("site"), extracted_dir=EXTRACTED)


def rule_years() -> list[int]:
    years = {v.start.year for p in registry.parameters().values() for v in p.values}
    return sorted(years | {d.year for d in load_all(EXTRACTED) if d.year is not None})


def section_after(page: Html, heading_id: str) -> tuple[str, int]:
    """The heading's text and its index among the headings."""
    index = next(i for i, h in enumerate(page.headings) if h[1] == heading_id)
    return page.headings[index][2], index


# -- year pages --------------------------------------------------------------------------------------

def test_every_rule_year_has_a_page(site: Path) -> None:
    years = rule_years()
    assert {2024, 2025, 2027} <= set(years)
    for year in years:
        page = parse(site / "nytt" / f"{year}.html")
        assert page.headings[0][2] == f"Hva er nytt i ISF {year}"
    index = parse(site / "nytt" / "index.html")
    # The navigation and the table of years: latest first.
    linked = list(dict.fromkeys(h for h in index.links if re.fullmatch(r"\d{4}\.html", h)))
    assert linked == [f"{y}.html" for y in sorted(years, reverse=True)]


def test_2025_page_shows_the_isf_share_change_with_text_parameter_and_code(site: Path) -> None:
    param = registry.parameters()["isf_andel.somatikk"]
    entry = next(v for v in param.values if v.start == dt.date(2025, 1, 1))
    before = param.values[param.values.index(entry) - 1]
    assert (before.value, entry.value) == (40, 30)
    path = site / "nytt" / "2025.html"
    html = path.read_text(encoding="utf-8")
    page = parse(path)
    title, _ = section_after(page, "p-isf-andel-somatikk")
    assert "ISF-andel somatikk" in title and "40 % → 30 %" in title
    # The block of this parameter: from its heading to the next heading.
    start = html.index('id="p-isf-andel-somatikk"')
    end = html.index("<h", start + 10)
    block = Html()
    block.feed(html[start:end])
    assert "fra 1. januar 2025" in block.text
    for c in entry.citations:
        assert norm(c.quote) in block.text
    doc_links = [h for h in block.links if "dokumenter/isf-2025-grunnlagsdokument.html#" in h]
    assert doc_links
    for href in doc_links:  # the passage exists on the document page
        target, anchor = resolve(site, path, href)
        assert anchor in parse(target).ids, href
    assert any(resolve(site, path, h)[0] == site / "regler" / "isf-andel-somatikk.html" for h in block.links)
    code = [h for h in block.links if "/kode/" in h]
    assert code
    target, anchor = resolve(site, path, code[0])
    assert re.search(rf"\D{entry.line}$", anchor) and anchor in parse(target).ids  # the entry's line


def test_2025_page_shows_the_saerkode_replacements(site: Path) -> None:
    page = parse(site / "nytt" / "2025.html")
    rows = [r for r in page.rows if r and r[0] == "B0051"]
    assert rows and "WWAA03" in rows[0]
    assert "B0051 → WWAA03" in page.open_text
    assert any(r and r[0] == "B0050" and "utgår" in r for r in page.rows)


def test_2025_page_lists_groups_and_new_age_limit(site: Path) -> None:
    page = parse(site / "nytt" / "2025.html")
    assert "DRG 349N og DRG 803Q opprettes" in page.open_text or "DRG 349N, DRG 803Q" in page.open_text
    assert any(r[:2] == ["DRG", "348"] and "utgår" in r for r in page.rows)
    ages = next(h for h in page.headings if h[1] == "p-egenandelsfritak-phv-tsb-til-og-med-aaret-de-fyller")
    assert "26 år" in ages[2]


def test_unchanged_values_and_editorial_changes_are_collapsed(site: Path) -> None:
    page = parse(site / "nytt" / "2025.html")
    hidden = norm(" ".join(t for t, inside in page.pieces if inside))
    unchanged = registry.parameters()["isf_andel.phv_tsb"]
    assert any(v.unchanged and v.start.year == 2025 for v in unchanged.values)
    label = unchanged.label_nb
    assert label in hidden
    assert not any(label in h[2] for h in page.headings)
    assert "Uendret (" in hidden and "Redaksjonelle endringer (" in hidden
    assert "innholdsendring" in page.open_text  # substantive text changes are open, with their badges
    assert any("endringer/isf-2024-grunnlagsdokument--isf-2025-grunnlagsdokument.html#e-" in h for h in page.links)


def test_2027_page_from_the_slide_deck(site: Path) -> None:
    page = parse(site / "nytt" / "2027.html")
    assert "presentasjon" in page.open_text
    assert "TD30" in page.open_text and "113P" in page.open_text
    assert any("dokumenter/isf-2027-presentasjon.html" in h for h in page.links)


def test_year_pages_show_no_english_descriptions(site: Path) -> None:
    texts = [parse(p).text for p in sorted((site / "nytt").glob("*.html"))] + [parse(site / "index.html").text]
    for param in registry.parameters().values():
        english = norm(param.description)[:60]
        assert all(english not in t for t in texts), param.name


# -- front page --------------------------------------------------------------------------------------

def test_front_page_leads_with_the_latest_year(site: Path) -> None:
    latest = rule_years()[-1]
    front = parse(site / "index.html")
    h2 = [h for h in front.headings if h[0] == "h2"]
    assert str(latest) in h2[0][2]
    assert "Viktigste endringer" not in front.text
    html = (site / "index.html").read_text(encoding="utf-8")
    first = html[html.index(f'id="{h2[0][1]}"'):html.index(f'id="{h2[1][1]}"')]
    assert f"nytt/{latest}.html#" in first  # items link to their place on the year page
    assert "feed.xml" in first
    for year in rule_years():
        assert f"nytt/{year}.html" in front.links


# -- the feed ----------------------------------------------------------------------------------------

def test_feed_is_atom_with_entries_that_link_to_year_pages(site: Path) -> None:
    root = ET.parse(site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") == "./"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    stamp = re.compile(r"\d{4}-\d\d-\d\dT00:00:00Z")
    assert stamp.fullmatch(root.findtext(f"{ATOM}updated"))
    assert root.findtext(f"{ATOM}updated") == max(e.findtext(f"{ATOM}updated") for e in entries)
    for e in entries:
        assert stamp.fullmatch(e.findtext(f"{ATOM}updated"))
        assert e.findtext(f"{ATOM}title").startswith("ISF ")
        href = e.find(f"{ATOM}link").get("href")
        target, anchor = resolve(site, site / "feed.xml", href)
        assert target.parent == site / "nytt" and anchor in parse(target).ids, href
    texts = [e.findtext(f"{ATOM}content") for e in entries]
    assert any("40 % → 30 %" in norm(t) for t in texts)
    assert any("B0051 → WWAA03" in t for t in texts)


def test_feed_is_byte_identical_across_builds(site: Path, tmp_path: Path) -> None:
    again = build_site(out_dir=tmp_path / "again", extracted_dir=EXTRACTED)
    assert (again / "feed.xml").read_bytes() == (site / "feed.xml").read_bytes()
    assert (again / "nytt" / "2025.html").read_bytes() == (site / "nytt" / "2025.html").read_bytes()
