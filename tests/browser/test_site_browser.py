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
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not list((REPO / "extracted").glob("*.json")):
        pytest.skip("extracted/ is empty: run `tracker extract` first")
    site = build_site(out_dir=tmp_path_factory.mktemp("site"), extracted_dir=REPO / "extracted")
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
        page.locator(f'.md-search-result__list a.md-search-result__link[href^="{target}"]').first.click()
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
    rule_name = rule_link.inner_text()
    rule_link.click()
    page.wait_for_load_state()
    heading = page.locator("article h1").inner_text()
    assert rule_name in heading and heading.split()[0] in ("Parameter", "Regel")
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
