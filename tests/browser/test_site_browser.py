"""The built site in a real browser: Playwright driving Debian's Chromium, headless, offline.

Searches for "kneprotese", follows the hit to a lineage page with a diff, follows the link to
the rule, filters a change page, and saves screenshots to test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.site import build_site

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (dev dependency)")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/bootstrap.sh)"),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (signature of the base class)
        pass


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not list((REPO / "extracted").glob("*.json")):
        pytest.skip("extracted/ is empty: run `tracker extract` first")
    return build_site(out_dir=tmp_path_factory.mktemp("site"), extracted_dir=REPO / "extracted")


@pytest.fixture(scope="module")
def served_site(built_site: Path) -> Iterator[str]:
    site = built_site
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def search(page: object, base: str, query: str) -> list[str]:
    """Type a query into the site's search box; the result links, best first."""
    page.goto(base + "index.html")
    box = page.locator("input.md-search__input")
    box.click()
    results = page.locator(".md-search-result__list a.md-search-result__link")
    # The search index loads in a web worker; a query typed before it is ready gets no answer,
    # so type it again until results come (a slow, shared machine can take a while).
    for _attempt in range(12):
        box.fill("")
        box.type(query)
        try:
            results.first.wait_for(timeout=5000)
            break
        except playwright_api.TimeoutError:
            continue
    else:
        shot(page, "00-search-failed")
        pytest.fail(f"no search results for {query!r} within a minute")
    # The theme renders ten results and more as the list is scrolled: scroll until all are there.
    scroller = page.locator(".md-search__scrollwrap")
    count = -1
    while results.count() != count:
        count = results.count()
        scroller.evaluate("e => { e.scrollTop = e.scrollHeight; }")
        page.wait_for_timeout(300)
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def test_search_lineage_diff_rule(served_site: str, browser: object) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(served_site) else None)

    hits = search(page, served_site, "kneprotese")
    shot(page, "01-search-kneprotese")
    lineage_hits = list(dict.fromkeys(h.split("#")[0] for h in hits if "/tema/t-" in h))
    assert lineage_hits, f"no lineage page among the hits: {hits}"

    # Follow the lineage hits (clicking them in the result list) until one shows a diff between years.
    for target in lineage_hits:
        search(page, served_site, "kneprotese")
        hit = page.locator(f'.md-search-result__list a.md-search-result__link[href^="{target}"]').first
        hit.scroll_into_view_if_needed()
        hit.click()
        page.wait_for_load_state()
        assert "/tema/t-" in page.url
        assert "kneprotese" in page.locator("article").inner_text().lower()
        if page.locator(".isf-diff ins").count() and page.locator(".isf-diff del").count():
            break
    else:
        pytest.fail(f"none of the lineage pages {lineage_hits} shows a diff with insertions and deletions")

    diff = page.locator(".isf-diff").first
    diff.scroll_into_view_if_needed()
    assert diff.locator("ins").first.is_visible() and diff.locator("del").first.is_visible()
    # Insertions and deletions look different from plain text (not by colour alone).
    assert "underline" in diff.locator("ins").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in diff.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    shot(page, "02-lineage-diff-light")
    lineage_url = page.url

    dark = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    dark_page = dark.new_page()
    dark_page.goto(lineage_url)
    assert dark_page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    dark_page.locator(".isf-diff").first.scroll_into_view_if_needed()
    shot(dark_page, "03-lineage-diff-dark")
    dark.close()

    rule_link = page.locator("#regler ~ ul a[href*='regler/']").first
    rule_label = rule_link.inner_text()
    rule_link.click()
    page.wait_for_load_state()
    heading = _heading(page.locator("article h1"))
    assert rule_label == heading  # the rule's Norwegian label is its page title
    assert page.locator("article blockquote").count() >= 1  # the cited text
    assert page.locator("article a[href*='#L']").count() >= 1  # file:line of the source
    shot(page, "04-rule")
    assert not foreign, f"the site loaded something from another host: {foreign}"
    context.close()


def test_change_page_filters_by_kind(served_site: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_site + "endringer/index.html")
    page.locator("article table a").first.click()
    page.wait_for_load_state()
    entries = page.locator(".isf-change")
    total = entries.count()
    assert total > 0
    button = page.locator(".isf-filter button[data-kind='substantive']")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    visible = [entries.nth(i) for i in range(total) if entries.nth(i).is_visible()]
    assert 0 < len(visible) < total
    assert all("substantive" in e.get_attribute("data-kinds").split() for e in visible)
    shot(page, "05-changes-filtered")
    page.locator(".isf-filter button[data-kind='alle']").click()
    assert sum(1 for i in range(total) if entries.nth(i).is_visible()) == total
    page.close()


def _heading(locator: object) -> str:
    """A heading's text without the permalink mark the theme appends."""
    return _text(locator).removesuffix("¶").strip()


def _text(locator: object) -> str:
    """Visible text with no-break spaces as plain spaces ("40 %" is written with U+00A0)."""
    return " ".join(locator.inner_text().replace("\u00a0", " ").split())


def test_year_page_shows_the_rule_changes_with_links_to_text_and_code(served_site: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_site + "index.html")
    # The front page leads with the latest year and links to every year's page.
    assert page.locator("article h2").first.inner_text().startswith("Nytt i ISF")
    page.locator("article a[href$='nytt/2025.html']").first.click()
    page.wait_for_load_state()
    assert _heading(page.locator("article h1")) == "Hva er nytt i ISF 2025"

    share = page.locator("article h3", has_text="ISF-andel somatikk").first
    assert "40 % → 30 %" in _text(share)
    share.scroll_into_view_if_needed()
    shot(page, "06-year-2025-isf-andel")
    # The block under the heading quotes the sentence and links to the passage and to the code.
    block = page.locator("article ul", has_text="30 prosent i 2025").first
    passage = block.locator("a[href*='dokumenter/isf-2025-grunnlagsdokument.html#']").first
    code_href = page.locator("article a[href*='kode/'][href*='isf_andel'], article a[href*='kode/'][href*='isf-andel']")
    assert code_href.count() >= 1

    replacements = page.locator("article tr", has_text="B0051")
    assert replacements.count() >= 1 and "WWAA03" in _text(replacements.first)
    replacements.first.scroll_into_view_if_needed()
    shot(page, "07-year-2025-saerkoder")

    passage.click()
    page.wait_for_load_state()
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f"[id='{anchor}']")
    assert "dokumenter/isf-2025-grunnlagsdokument.html" in page.url and target.count() == 1
    assert target.is_visible()
    shot(page, "08-passage-from-year-page")

    page.go_back()
    page.wait_for_load_state()
    code_href.first.click()
    page.wait_for_load_state()
    line_id = page.url.split("#", 1)[1]
    line = page.locator(f"[id='{line_id}']")
    assert line_id.startswith("L") and line.count() == 1
    assert "30" in line.locator("xpath=..").inner_text()  # the cited line holds the value 30
    assert page.locator(".highlight").count() >= 1  # Pygments through pymdownx.highlight
    shot(page, "09-code-line-from-year-page")
    page.close()


def test_section_links_to_the_rule_citing_it_and_back(served_site: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served_site + "dokumenter/isf-2025-grunnlagsdokument.html")
    citing = page.locator("article a[href*='regler/isf-andel-somatikk.html']").first
    citing.scroll_into_view_if_needed()
    shot(page, "10-section-cites-rule")
    citing.click()
    page.wait_for_load_state()
    assert _heading(page.locator("article h1")) == "ISF-andel somatikk"
    back = page.locator("article a[href*='dokumenter/isf-2025-grunnlagsdokument.html#']").first
    href = back.get_attribute("href") or ""
    back.click()
    page.wait_for_load_state()
    anchor = href.split("#", 1)[1]
    assert page.url.endswith("#" + anchor) and page.locator(f"[id='{anchor}']").is_visible()
    page.close()


def test_parameter_chart_renders_in_light_and_dark(served_site: str, browser: object) -> None:
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(served_site + "regler/isf-andel-somatikk.html")
        chart = page.locator("svg.isf-chart").first
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 80
        assert chart.locator("path").count() >= 1
        # The chart says in words what it shows, and its labels are the values in Norwegian form.
        labels = " ".join(chart.evaluate("e => e.textContent").replace("\u00a0", " ").split())
        assert "40 %" in labels and "30 %" in labels
        # The line is drawn in a colour that differs from the page background.
        stroke = chart.locator("path").last.evaluate("e => getComputedStyle(e).stroke")
        background = page.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
        assert stroke not in ("none", background)
        shot(page, f"11-chart-{scheme}")
        context.close()


def test_search_works_opened_from_disk(built_site: Path, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith("file://") else None)
    hits = search(page, built_site.as_uri() + "/", "kneprotese")
    shot(page, "12-search-from-disk")
    assert any("t-kneprotese" in h for h in hits), hits
    page.locator(".md-search-result__list a.md-search-result__link[href*='t-kneprotese']").first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and "kneprotese" in page.locator("article").inner_text().lower()
    assert not foreign, f"the site loaded something from another host: {foreign}"
    page.close()


def test_wide_tables_scroll_within_the_page_on_a_phone(served_site: str, browser: object) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served_site + "dokumenter/isf-2025-grunnlagsdokument.html")
    # The document's widest table (the renumbering table has nine columns).
    widest = page.evaluate("""() => {
        const tables = [...document.querySelectorAll('article table')];
        const cols = tables.map(t => t.rows.length ? t.rows[0].cells.length : 0);
        return cols.indexOf(Math.max(...cols));
    }""")
    table = page.locator("article table").nth(widest)
    assert table.evaluate("t => t.rows[0].cells.length") >= 8
    table.scroll_into_view_if_needed()
    # The nearest ancestor that scrolls sideways is narrower than the table: the table scrolls in it.
    scrolls = table.evaluate("""t => {
        for (let e = t.parentElement; e && e.tagName !== 'ARTICLE'; e = e.parentElement) {
            if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) {
                return e.scrollWidth > e.clientWidth;
            }
        }
        return null;
    }""")
    assert scrolls is True, "the wide table has no scrolling container of its own"
    # The page itself does not scroll sideways: the table scrolls inside it.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    shot(page, "13-wide-table-phone")
    context.close()
