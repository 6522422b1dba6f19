"""The static site: built from the committed corpus extraction and from documents the tests make."""

from __future__ import annotations

import hashlib
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from tracker.cli import app
from tracker.model import Document, Section, SourceInfo, Table, sha256_file
from tracker.site import SiteBuildError, build_site
from tracker.store import load_all

REPO = Path(__file__).resolve().parent.parent
EXTRACTED = REPO / "extracted"


class Parsed(HTMLParser):
    """The parts of a built page the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.assets: list[str] = []
        self.headings: list[tuple[str, str | None, str]] = []  # (tag, id, text)
        self.tables: list[list[list[str]]] = []
        self.scripts: list[str] = []
        self.ids: set[str] = set()
        self._heading: list | None = None
        self._cell: list[str] | None = None
        self._script: list[str] | None = None
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("href"):
            self.assets.append(a["href"])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [tag, a.get("id"), ""]
        if tag == "table":
            self.tables.append([])
        if tag == "tr" and self.tables:
            self.tables[-1].append([])
        if tag in ("td", "th"):
            self._cell = []
        if tag == "script":
            self._script = []
        if tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading:
            self._heading[2] = " ".join(self._heading[2].replace("¶", "").split())
            self.headings.append(tuple(self._heading))
            self._heading = None
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading[2] += data
        if self._cell is not None:
            self._cell.append(data)
        if self._script is not None:
            self._script.append(data)

    @property
    def visible(self) -> str:
        return " ".join("".join(self.text).split())


def parse(path: Path) -> Parsed:
    p = Parsed()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def collapse(text: str) -> str:
    return " ".join(text.split())


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not list(EXTRACTED.glob("*.json")):
        pytest.skip("extracted/ is empty: run `tracker extract` first")
    return build_site(out_dir=tmp_path_factory.mktemp("site"), extracted_dir=EXTRACTED)


@pytest.fixture(scope="module")
def corpus_pages(corpus_site: Path) -> dict[Path, Parsed]:
    return {p: parse(p) for p in sorted(corpus_site.rglob("*.html"))}


def page_titled(pages: dict[Path, Parsed], h1: str) -> tuple[Path, Parsed]:
    found = [(path, p) for path, p in pages.items() if p.headings and p.headings[0][2] == h1]
    assert len(found) == 1, (h1, [str(f[0]) for f in found])
    return found[0]


@pytest.fixture(scope="module")
def corpus() -> list[Document]:
    return load_all(EXTRACTED)


def document_page_of(site: Path, doc: Document) -> Path:
    """The page whose links point at this document's PDF (found through the site, not the code's paths)."""
    for page in sorted(site.rglob("*.html")):
        p = parse(page)
        if p.headings and p.headings[0][0] == "h1" and p.headings[0][2] == collapse(doc.title) \
                and any(".pdf#page=" in link for link in p.links):
            return page
    raise AssertionError(f"no page for document {doc.id}")


# -- the corpus site ----------------------------------------------------------------------

def test_every_document_has_its_sections_in_order_with_anchors(corpus_site: Path, corpus: list[Document]) -> None:
    for doc in corpus:
        page = parse(document_page_of(corpus_site, doc))
        texts = [text for tag, hid, text in page.headings if tag != "h1" and hid]
        expected = [collapse(f"{s.number} {s.title}" if s.number else s.title) for s in doc.sections]
        # The section headings appear in document order (other headings, like "Innhold", may sit between).
        it = iter(texts)
        assert all(any(t == e for t in it) for e in expected), doc.id
        # Every section heading has an id, and the table of contents links to each of them.
        ids = [hid for tag, hid, text in page.headings if text in expected and hid]
        assert len(set(ids)) == len(ids) >= len(set(expected))
        assert all(f"#{i}" in page.links for i in ids)


def test_pdf_links_point_at_the_copied_pdf_and_real_pages(corpus_site: Path, corpus: list[Document]) -> None:
    for doc in corpus:
        path = document_page_of(corpus_site, doc)
        page = parse(path)
        pdf_links = [link for link in page.links if ".pdf#page=" in link]
        assert pdf_links, doc.id
        for link in pdf_links:
            target, _, anchor = link.partition("#page=")
            pdf = (path.parent / target).resolve()
            assert pdf.is_file(), link
            assert 1 <= int(anchor) <= doc.source.pages
        copied = (path.parent / pdf_links[0].partition("#")[0]).resolve()
        assert sha256_file(copied) == sha256_file(REPO / doc.source.path)
        for section in doc.sections:
            assert any(link.endswith(f"#page={section.page}") for link in pdf_links), (doc.id, section.id)


def test_tables_are_rendered_as_tables(corpus_site: Path, corpus: list[Document]) -> None:
    for doc in (d for d in corpus if d.tables):
        page = parse(document_page_of(corpus_site, doc))
        rendered = [t for t in page.tables if t and t[0]]
        for table in doc.tables:
            header = [collapse(h) for h in table.header]
            rows = [[collapse(c) for c in r] for r in table.rows]
            match = [t for t in rendered if t[0] == header and [r[: len(header)] for r in t[1:]] ==
                     [r + [""] * (len(header) - len(r)) for r in rows]]
            assert match, (doc.id, table.page, header)


def test_every_page_says_what_it_is_built_from(corpus_site: Path, corpus: list[Document]) -> None:
    years = sorted({str(d.year) for d in corpus if d.year})
    for path in sorted(corpus_site.rglob("*.html")):
        if path.name == "404.html":
            continue
        text = parse(path).visible
        assert "Oppdatert per" in text, path
    front = parse(corpus_site / "index.html").visible
    assert all(collapse(d.title) in front for d in corpus)
    assert f"Oppdatert per {years[-1]}" in front
    for doc in corpus:
        text = parse(document_page_of(corpus_site, doc)).visible
        built_from = text[text.rindex("Bygget fra"):]
        assert collapse(doc.title) in built_from and str(doc.year) in built_from
        assert "Bygget fra 1 dokument " in built_from  # only this document


def test_site_is_offline(corpus_site: Path) -> None:
    for path in sorted(corpus_site.rglob("*.html")):
        page = parse(path)
        for asset in page.assets:
            assert not re.match(r"^(https?:)?//", asset), (path, asset)
        assert "fonts.googleapis" not in path.read_text(encoding="utf-8")
    for css in corpus_site.rglob("*.css"):
        assert not re.search(r"url\((['\"]?)(https?:)?//", css.read_text(encoding="utf-8")), css


def test_norwegian_search_and_language(corpus_site: Path) -> None:
    html = (corpus_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nb"' in html
    index = next(corpus_site.glob("search/search_index.json"))
    config = json.loads(re.search(r"\{.*\}", index.read_text(encoding="utf-8"), re.S).group(0))["config"]
    assert config["lang"] == ["no"]
    assert any("kneprotese" in d["text"].lower() for d in
               json.loads(re.search(r"\{.*\}", index.read_text(encoding="utf-8"), re.S).group(0))["docs"])


def test_change_page_lists_every_section_with_diffs(corpus_site: Path, corpus: list[Document]) -> None:
    grunnlag = sorted((d for d in corpus if d.kind == "grunnlagsdokument"), key=lambda d: d.year or 0)
    old, new = grunnlag[-2], grunnlag[-1]
    pages = [p for p in corpus_site.rglob("*.html")
             if (h := parse(p).headings) and f"{old.year} → {new.year}" in h[0][2]
             and "grunnlagsdokument" in h[0][2]]
    assert len(pages) == 1
    page = parse(pages[0])
    for doc in (old, new):
        for s in doc.sections:
            assert collapse(s.title) in page.visible, (doc.id, s.id)
    tags = [t for t, _ in page.tags]
    assert "ins" in tags and "del" in tags
    kinds = {a["data-kinds"] for t, a in page.tags if "data-kinds" in a}
    buttons = {a["data-kind"] for t, a in page.tags if t == "button" and "data-kind" in a}
    assert {k for ks in kinds for k in ks.split()} | {"alle"} == buttons


def test_rule_pages_link_to_the_cited_section_and_source(corpus_pages: dict[Path, Parsed]) -> None:
    from tracker.rules import registry
    from tracker.site.pages.rules import line_anchor

    params = registry.parameters()
    assert params
    for param in params.values():
        path, page = page_titled(corpus_pages, param.label_nb)
        assert any(link.endswith(f"#{line_anchor(param.line)}") for link in page.links)
        for value in param.values:
            for c in value.citations:
                assert collapse(c.quote) in page.visible
        # each "file:line" link lands on a line anchor that exists in the code page
        for link in (x for x in page.links if "#L" in x):
            target, _, anchor = link.partition("#")
            assert anchor in corpus_pages[(path.parent / target).resolve()].ids


@pytest.mark.slow
def test_build_is_reproducible(tmp_path: Path) -> None:
    # Two builds back to back (not against the fixture's earlier build, so that nothing else can
    # change the inputs in between), into differently named directories.
    first = build_site(out_dir=tmp_path / "first", extracted_dir=EXTRACTED)
    again = build_site(out_dir=tmp_path / "again", extracted_dir=EXTRACTED)
    assert tree_digest(again) == tree_digest(first)
    assert len(tree_digest(first)) > 50


# -- documents the tests make ---------------------------------------------------------------

HOSTILE = '<script>alert("pwned")</script> **ikke fet** [lenke](javascript:alert(1)) <img src=x onerror=alert(2)>'


def make_pdf(path: Path, pages: int) -> None:
    c = canvas.Canvas(str(path))
    for i in range(pages):
        c.drawString(72, 720, f"Side {i + 1}")
        c.showPage()
    c.save()


def make_document(tmp: Path, doc_id: str = "test-2025-grunnlagsdokument", year: int = 2025,
                  text: str = HOSTILE) -> Document:
    pdf = tmp / f"{doc_id}.pdf"
    make_pdf(pdf, 2)
    return Document(
        id=doc_id, kind="grunnlagsdokument", year=year, title=f"Testdokument {year} <b>fet</b> </title><script>alert(3)</script>",
        extractor_version="test", source=SourceInfo(path=str(pdf), sha256=sha256_file(pdf), pages=2),
        sections=[
            Section(id="s-1", number="1", title="# Innledning *stjerne*", level=1, page=1, text=text),
            Section(id="s-1.1", number="1.1", title="Tabell <table>", level=2, page=2,
                    text="- punkt med `kode`\n1. ikke liste\n| a | b |"),
        ],
        tables=[Table(page=2, section="1.1", header=["<th>Kode</th>", "Navn"], rows=[["**A1**", "<i>x</i>"]])],
    )


def write_extracted(tmp: Path, docs: list[Document]) -> Path:
    out = tmp / "extracted"
    out.mkdir()
    for d in docs:
        (out / f"{d.id}.json").write_text(d.to_json(), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Document]:
    tmp = tmp_path_factory.mktemp("hostile")
    doc = make_document(tmp)
    site = build_site(out_dir=tmp / "site", extracted_dir=write_extracted(tmp, [doc]))
    return site, doc


def test_pdf_text_with_html_and_markdown_is_shown_escaped(hostile_site: tuple[Path, Document]) -> None:
    site, doc = hostile_site
    path = document_page_of(site, doc)
    page = parse(path)
    assert HOSTILE in page.visible  # shown exactly, as text
    assert not any("alert" in s for s in page.scripts)
    # No tag from the PDF text became markup: not in the content, not in the navigation, not in the title.
    assert not [t for t, _ in page.tags if t in ("img", "b", "i", "th") and t != "th"]
    assert page.headings[0][2] == doc.title
    assert not any(link.startswith("javascript:") for link in page.links)
    assert "# Innledning *stjerne*" in [text.removeprefix("1 ") for _, _, text in page.headings]
    assert "1. ikke liste" in page.visible and "| a | b |" in page.visible
    table = next(t for t in page.tables if t and t[0] and t[0][0] == "<th>Kode</th>")
    assert table[1] == ["**A1**", "<i>x</i>"]
    # Search: the index holds the text, not markup
    index = next(site.glob("search/search_index.json")).read_text(encoding="utf-8")
    assert "<script>alert" not in index.replace("\\u003c", "<") or "&lt;script&gt;" in index


def test_hostile_text_is_escaped_on_change_pages(tmp_path: Path) -> None:
    old = make_document(tmp_path, "test-2024-grunnlagsdokument", 2024, text="Refusjonen er 50 prosent.")
    new = make_document(tmp_path, "test-2025-grunnlagsdokument", 2025,
                        text="Refusjonen er 60 prosent. " + HOSTILE)
    site = build_site(out_dir=tmp_path / "site", extracted_dir=write_extracted(tmp_path, [old, new]))
    pages = [p for p in site.rglob("*.html") if (h := parse(p).headings) and "2024 → 2025" in h[0][2]]
    assert len(pages) == 1
    page = parse(pages[0])
    assert HOSTILE in page.visible
    assert not any("alert" in s for s in page.scripts)
    assert not any(t in ("img", "b") for t, _ in page.tags)
    html = pages[0].read_text(encoding="utf-8")
    assert re.search(r"<del[^>]*>[^<]*50", html) and re.search(r"<ins[^>]*>[^<]*60", html)


def test_bad_document_is_an_error_naming_the_file(tmp_path: Path) -> None:
    extracted = tmp_path / "extracted"
    extracted.mkdir()
    (extracted / "broken.json").write_text('{"id": "x"}', encoding="utf-8")
    with pytest.raises(SiteBuildError, match="broken.json"):
        build_site(out_dir=tmp_path / "site", extracted_dir=extracted)


def test_missing_pdf_is_an_error_naming_it(tmp_path: Path) -> None:
    doc = make_document(tmp_path)
    extracted = write_extracted(tmp_path, [doc])
    Path(doc.source.path).unlink()
    with pytest.raises(SiteBuildError, match=re.escape(Path(doc.source.path).name)):
        build_site(out_dir=tmp_path / "site", extracted_dir=extracted)


def test_empty_extracted_dir_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "extracted").mkdir()
    with pytest.raises(SiteBuildError, match="no extracted documents"):
        build_site(out_dir=tmp_path / "site", extracted_dir=tmp_path / "extracted")


def test_cli_builds_and_reports_errors(tmp_path: Path) -> None:
    doc = make_document(tmp_path)
    extracted = write_extracted(tmp_path, [doc])
    runner = CliRunner()
    ok = runner.invoke(app, ["site", "build", "--out", str(tmp_path / "out"), "--extracted", str(extracted)])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "out" / "index.html").is_file()
    bad = runner.invoke(app, ["site", "build", "--out", str(tmp_path / "out2"),
                              "--extracted", str(tmp_path / "nowhere")])
    assert bad.exit_code == 2  # bad input
    assert "nowhere" in bad.output


# -- lineages, front page, check status ---------------------------------------------------------

@pytest.fixture(scope="module")
def registry(corpus: list[Document]):  # noqa: ANN201  (tracker.align.lineage.Registry)
    from tracker.align.lineage import Registry
    from tracker.align.pipeline import align_corpus

    registry_path, overrides_path = REPO / "lineages" / "registry.yaml", REPO / "lineages" / "overrides.yaml"
    alignment = align_corpus(corpus, registry_path, overrides_path, save=False)
    reg = Registry.load(registry_path, overrides_path)
    reg.update(corpus, alignment)
    return reg


def lineage_pages(pages: dict[Path, Parsed]) -> dict[str, Parsed]:
    """Lineage pages by the lineage id they state ("Regeltema `id`")."""
    out = {}
    for page in pages.values():
        m = re.search(r"Regeltema (\S+): samme tema", page.visible)
        if m:
            out[m.group(1)] = page
    return out


def test_every_lineage_has_a_page_with_its_timeline(corpus_pages: dict[Path, Parsed], corpus: list[Document],
                                                   registry) -> None:
    pages = lineage_pages(corpus_pages)
    by_id = {d.id: d for d in corpus}
    for lineage in registry.lineages():
        members = [(by_id[m.doc_id], m) for m in lineage.members if m.doc_id in by_id
                   and by_id[m.doc_id].section(m.section_id) is not None]
        if not members:
            continue
        page = pages[lineage.id]
        timeline = next(t for t in page.tables if t and t[0][:2] == ["År", "Dokument"])
        years = [row[0] for row in timeline[1:]]
        assert years == sorted(years)
        assert sorted(row[3] for row in timeline[1:]) == sorted(m.number or "–" for _, m in members)
        for doc, m in members:
            text = collapse(doc.section(m.section_id).text)
            assert text[:200] in page.visible, (lineage.id, m.section_id)


def test_lineage_page_shows_diffs_and_citing_rules(corpus_pages: dict[Path, Parsed], registry) -> None:
    from tracker.rules import registry as rules

    pages = lineage_pages(corpus_pages)
    cited = {(c.doc, c.section_id) for p in rules.parameters().values() for c in p.citations}
    checked = 0
    for lineage in registry.lineages():
        kinds = {m.doc_id.split("-", 2)[-1] for m in lineage.members}
        years = {m.year for m in lineage.members}
        if "grunnlagsdokument" not in kinds or len(years) < 2 or lineage.id not in pages:
            continue
        page = pages[lineage.id]
        assert "→" in page.visible and "Endringer mellom årene" in page.visible
        owners = {p.label_nb for p in rules.parameters().values()
                  if any((c.doc, c.section_id) in {(m.doc_id, m.section_id) for m in lineage.members}
                         for c in p.citations)}
        for label in owners:  # named for readers, by the Norwegian label
            assert any(link.endswith(".html") and "regler/" in link for link in page.links)
            assert label in page.visible, (lineage.id, label)
        checked += bool(owners) and any((m.doc_id, m.section_id) in cited for m in lineage.members)
    assert checked, "no lineage across years with a citing parameter: nothing was checked"


def test_rule_pages_show_the_check_status(corpus_pages: dict[Path, Parsed]) -> None:
    from tracker.check import run_check
    from tracker.rules import registry as rules

    report = run_check(EXTRACTED)
    diverged = {f.citation for f in report.findings if f.category == "divergence" and f.citation}
    flagged = {f.citation for f in report.findings if f.citation}
    for param in rules.parameters().values():
        keys = {c.key for c in param.citations}
        _, page = page_titled(corpus_pages, param.label_nb)
        status_row = next(row for t in page.tables for row in t if row and row[0] == "Kontrollstatus")
        if keys & diverged:
            assert status_row[1] == "avviker", param.name
        elif not keys & flagged:
            assert status_row[1] in ("ok", "avviker"), param.name  # findings without a citation may still diverge


def site_config_with_docs(tmp: Path, docs: dict[str, str], extracted: Path) -> Path:
    """A copy of mkdocs.yml whose hand-written pages are ``docs`` (paths made absolute)."""
    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    docs_dir = tmp / "docs"
    docs_dir.mkdir(parents=True)
    for name, text in docs.items():
        (docs_dir / name).write_text(text, encoding="utf-8")
    config["docs_dir"] = str(docs_dir)
    config["hooks"] = [str(REPO / h) for h in config["hooks"]]
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["extra"]["isf_extracted_dir"] = str(extracted)
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def test_strict_build_fails_on_a_broken_link(tmp_path: Path) -> None:
    extracted = write_extracted(tmp_path, [make_document(tmp_path)])
    good = site_config_with_docs(tmp_path / "good", {"om-isf.md": "# Om\n\n[Rapport](rapport.md)\n"}, extracted)
    assert (build_site(tmp_path / "site-good", extracted, config_file=good) / "om-isf.html").is_file()
    bad = site_config_with_docs(tmp_path / "bad", {"om-isf.md": "# Om\n\n[Borte](finnes-ikke.md)\n"}, extracted)
    with pytest.raises(SiteBuildError, match="finnes-ikke.md"):
        build_site(tmp_path / "site-bad", extracted, config_file=bad)


@pytest.mark.slow
def test_plain_mkdocs_build_strict_builds_the_corpus_site(tmp_path: Path) -> None:
    """The bar of the issue: `mkdocs build --strict` at the repo root (the hook generates the pages)."""
    import os
    import subprocess
    import sys

    if not list(EXTRACTED.glob("*.json")):
        pytest.skip("extracted/ is empty")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "s")],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert len(list((tmp_path / "s").rglob("*.html"))) > len(list(EXTRACTED.glob("*.json")))


# -- rule, parameter, code and document pages in Norwegian, linked both ways ------------------------

def test_enhetspris_page_shows_kroner_and_a_chart(corpus_pages: dict[Path, Parsed]) -> None:
    path, page = page_titled(corpus_pages, "Enhetspris somatikk")
    html = path.read_text(encoding="utf-8")
    assert "enhetspris.somatikk" in page.visible  # the technical name, shown small under the title
    assert "55 704 kr" in page.visible
    assert "55\u00a0704\u00a0kr" in html  # no-break spaces: the amount never breaks at a line end
    history = next(t for t in page.tables if t and t[0] == ["Fra", "Verdi", "Kilde"])
    assert [row[:2] for row in history[1:]] == [["2026", "55 704 kr"]]
    assert "Informasjonsmøte om ISF 2027" in history[1][2]
    svg = next(a for t, a in page.tags if t == "svg" and "isf-chart" in a.get("class", ""))
    assert svg.get("role") == "img"
    assert all(i in page.ids for i in svg["aria-labelledby"].split())
    start = html.index('<svg class="isf-chart"')
    chart = html[start:html.index("</svg>", start)]
    assert "<title" in chart and "<desc" in chart and "currentColor" in chart
    assert "Fra 2026: 55\u00a0704\u00a0kr." in chart  # the description in words
    assert "#" not in re.sub(r'(id|aria-labelledby|xmlns)="[^"]*"', "", chart)  # no fixed colours


def test_isf_andel_page_says_40_then_30_percent(corpus_pages: dict[Path, Parsed]) -> None:
    _, page = page_titled(corpus_pages, "ISF-andel somatikk")
    assert "40 % → 30 %" in page.visible
    history = next(t for t in page.tables if t and t[0] == ["Fra", "Verdi", "Kilde"])
    assert [row[:2] for row in history[1:]] == [["2024", "40 %"], ["2025", "30 %"]]
    # every value shows the sentence it cites
    assert "ISF-andel endres, og er satt til 30 prosent i 2025" in page.visible
    assert "Parameter isf_andel.somatikk" not in [h[2] for h in page.headings]


def test_table_parameters_have_norwegian_columns_and_values(corpus_pages: dict[Path, Parsed]) -> None:
    _, page = page_titled(corpus_pages, "Særkoder som erstattes fra 2025")
    table = next(t for t in page.tables if t and t[0] and t[0][0] == "Særkode")
    assert table[0] == ["Særkode", "Beskrivelse", "Endring", "Ny prosedyrekode"]
    rows = {row[0]: row for row in table[1:]}
    assert rows["A0099"][2:] == ["erstattes", "WWAA00"]
    assert rows["B0050"][2] == "utgår"
    _, npr = page_titled(corpus_pages, "Rapporteringsfrister til NPR")
    frister = next(t for t in npr.tables if t and t[0] and t[0][0] == "Tertial")
    assert frister[1][2] == "3. mai 2024"


def test_reader_pages_show_no_english_description(corpus_site: Path, corpus_pages: dict[Path, Parsed]) -> None:
    from tracker.rules import registry as rules

    owners = [*rules.parameters().values(), *rules.functions().values()]
    english = {o.name: collapse(o.description) for o in owners}
    assert all(english.values())
    for path, page in corpus_pages.items():
        if path.relative_to(corpus_site).parts[0] == "kode":
            continue  # the source code itself
        for name, sentence in english.items():
            assert sentence not in page.visible, (str(path.relative_to(corpus_site)), name)
    for owner in owners:  # the Norwegian text is there instead
        _, page = page_titled(corpus_pages, owner.label_nb)
        assert collapse(owner.description_nb) in page.visible
        assert "Parameter " + owner.name not in [h[2] for h in page.headings]


def test_code_pages_have_line_anchors_that_rule_links_hit(corpus_site: Path,
                                                          corpus_pages: dict[Path, Parsed]) -> None:
    from tracker.rules import registry as rules
    from tracker.site.pages.rules import line_anchor

    for func in rules.functions().values():
        path, page = page_titled(corpus_pages, func.label_nb)
        code_links = [x for x in page.links if x.endswith(f"#{line_anchor(func.line)}")]
        assert code_links, func.name
        target = (path.parent / code_links[0].partition("#")[0]).resolve()
        html = target.read_text(encoding="utf-8")
        # the anchor is Pygments' own (in the highlighted block), and it sits on the def line
        start = html.index(f'id="{line_anchor(func.line)}"')
        line_html = html[start:html.index(f'id="{line_anchor(func.line + 1)}"')]
        assert re.sub(r"<[^>]+>", "", line_html.split(">", 1)[1]).startswith(f"def {func.name}("), func.name
        # every line of the file, blank ones included, has its anchor
        source_lines = (REPO / func.source_file).read_text(encoding="utf-8").splitlines()
        anchors = re.findall(r'<a id="(L\d+)" name="\1"></a>', html)
        assert anchors == [line_anchor(n) for n in range(1, len(source_lines) + 1)]
        assert 'class="highlighttable"' in html  # Pygments through pymdownx.highlight, with line numbers
        # and the code page links back to the rule's page
        code_page = corpus_pages[target]
        assert "Regler og parametere i denne filen" in code_page.visible
        assert any(x == path.name for x in code_page.links if not x.startswith("#")) or \
            any(x.endswith("/" + path.name) for x in code_page.links), func.name


def test_cited_sections_list_the_rules_that_cite_them(corpus_site: Path, corpus: list[Document]) -> None:
    from tracker.rules import registry as rules
    from tracker.site.pages.documents import unique_anchors
    from tracker.site.pages.rules import find_cited_section

    by_id = {d.id: d for d in corpus}
    checked = 0
    for owner in [*rules.parameters().values(), *rules.functions().values()]:
        for c in owner.citations:
            doc = by_id.get(c.doc)
            section = find_cited_section(doc, c) if doc else None
            if section is None:
                continue
            html = document_page_of(corpus_site, doc).read_text(encoding="utf-8")
            start = html.index(f'id="{unique_anchors(doc)[section.id]}"')
            after = re.search(r"<h[1-6][ >]", html[start + 1:])
            block = html[start:start + 1 + after.start()] if after else html[start:]
            assert "Regler som bygger på dette avsnittet:" in block, (c.doc, section.id)
            listed = {unescape(text) for text in
                      re.findall(r'<a href="[^"]*/regler/[^"]*">([^<]*)</a> <span class="isf-badge isf-status-\w+">',
                                 block)}
            assert owner.label_nb in listed, (c.doc, section.id, owner.name)
            checked += 1
    assert checked > 20


# -- topic index, provenance on "Om dataene", search from disk ----------------------------------------

YEAR_IN_TITLE = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


@pytest.mark.parametrize(("title", "shown"), [
    ("Særkoder 2025", "Særkoder"),
    ("Overordnet innretning for 2025", "Overordnet innretning"),
    ("Særkoder 2024 til 2025", "Særkoder"),
    ("Brokkoperasjoner dag/døgn (2024 tall)", "Brokkoperasjoner dag/døgn"),
    ("Endring i enhetsrefusjonen innen somatikk i 2026", "Endring i enhetsrefusjonen innen somatikk"),
    ("NPK 2027 - generelt", "NPK - generelt"),
    ("Endringslogg – ISF-regelverk 2024 sett opp mot foreløpig regelverk fra 16.okt 2023",
     "Endringslogg – ISF-regelverk sett opp mot foreløpig regelverk"),
    ("ISF FOR PSYKISK HELSEVERN OG TSB", "ISF for psykisk helsevern og TSB"),
    ("Kapittel 10.30", "Kapittel 10.30"),
    ("2025", "2025"),
])
def test_topic_titles_are_shown_without_years(title: str, shown: str) -> None:
    from tracker.site.titles import display_title

    assert display_title(title) == shown


def _topic_index(corpus_site: Path) -> tuple[str, list[list[str]]]:
    """The topic index's HTML and the rows of its main table (Tema, Nummer, År, Se også)."""
    html = (corpus_site / "tema" / "index.html").read_text(encoding="utf-8")
    page = parse(corpus_site / "tema" / "index.html")
    table = next(t for t in page.tables if t and t[0][:1] == ["Tema"])
    return html, table[1:]


def test_topic_index_lists_topics_with_content_under_year_free_titles(corpus_site: Path) -> None:
    html, rows = _topic_index(corpus_site)
    visible = parse(corpus_site / "tema" / "index.html").visible
    for filler in ("Dagsorden", "Takk for møte", "Welcome to"):
        assert filler not in visible
    # One row per title, never with a year (merged rows list their topics after the title and a colon).
    titles = [row[0].split(": ")[0] for row in rows]
    assert titles and not [t for t in titles if YEAR_IN_TITLE.search(t)]
    assert len({t.casefold() for t in titles}) == len(titles)
    assert "Særkoder" in titles and "Forløp for innsetting av kneprotese" in titles
    # Topics under one title (two "Gruppebehandling" lineages) are one row linking to each.
    merged = re.search(r"<td>Gruppebehandling: (.*?)</td>", html)
    assert merged and merged.group(1).count('href="t-') == 2
    # Headings without text are in the collapsed list, not the table; every index link resolves.
    assert '<details class="isf-other">' in html
    assert "Generelle regler" not in titles
    for href in re.findall(r'href="(t-[^"#]+)"', html):
        assert (corpus_site / "tema" / href).is_file(), href


def test_topics_link_to_related_slides_and_changelog(corpus_site: Path) -> None:
    _html, rows = _topic_index(corpus_site)
    see_also = {row[0]: row[3] for row in rows}
    assert "presentasjon" in see_also["Intensivbehandling"]
    assert "Endringslogg 2024: kapittel" in see_also["Samarbeidsaktiviteter med samarbeidsparter utenfor "
                                                     "spesialisthelsetjenesten"]
    page = parse(corpus_site / "tema" / "t-intensivbehandling.html")
    assert any(h[1] == "se-ogsa" for h in page.headings)
    assert any(href.startswith("t-intensivbehandling-") for href in page.links)


def test_pdf_hashes_are_only_on_the_about_data_page(corpus_site: Path, corpus: list[Document]) -> None:
    hashes = [d.source.sha256 for d in corpus if d.source.sha256]
    assert hashes
    for path in sorted(corpus_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if path.name == "om-dataene.html":
            assert all(h in html for h in hashes)
            continue
        assert not [h for h in hashes if h[:12] in html], path
        assert "sha256" not in html.lower(), path
    # Every reader page still says what it is built from, and links to where the details are.
    text = (corpus_site / "tema" / "regelverk.html").read_text(encoding="utf-8")
    assert 'href="../om-dataene.html">Om dataene</a>' in text


def test_about_data_page_lists_every_document(corpus_site: Path, corpus: list[Document]) -> None:
    page = parse(corpus_site / "om-dataene.html")
    assert page.headings[0][2] == "Om dataene"
    docs_table = next(t for t in page.tables if t and t[0][:1] == ["Dokument"] and "PDF-fil" in t[0])
    for doc in corpus:
        row = next(r for r in docs_table[1:] if r[0] == collapse(doc.title))
        assert Path(doc.source.path).name in row and str(doc.source.pages) in row
        assert ("tekstlag" in row[3]) or ("OCR" in row[3])
        assert doc.extractor_version in page.visible
    assert "Regelparametere" in page.visible
    nav = (corpus_site / "index.html").read_text(encoding="utf-8")
    assert 'href="om-dataene.html"' in nav


def test_search_index_is_also_a_script_for_file_urls(corpus_site: Path) -> None:
    script = (corpus_site / "search" / "search_index.js").read_text(encoding="utf-8")
    index = (corpus_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert script.startswith("var __index = ") and script.endswith(";\n")
    data = json.loads(script[len("var __index = "):-2])
    assert data == json.loads(index)
    assert any("kneprotese" in d["location"] for d in data["docs"])
    # The stand-in for the search worker is loaded before the theme's bundle.
    html = (corpus_site / "index.html").read_text(encoding="utf-8")
    assert html.index('src="assets/isf.js"') < html.index("assets/javascripts/bundle.")


# -- change pages: each document's own words, renumberings beside the diff, table diffs (issue 13) --------


def _grunnlag_change_page(site: Path, corpus: list[Document]) -> tuple[str, Document, Document]:
    grunnlag = sorted((d for d in corpus if d.kind == "grunnlagsdokument"), key=lambda d: d.year or 0)
    old, new = grunnlag[-2], grunnlag[-1]
    [page] = [p for p in site.rglob("*.html") if (h := parse(p).headings) and h[0][0] == "h1"
              and f"{old.year} → {new.year}" in h[0][2] and "grunnlagsdokument" in h[0][2]]
    return page.read_text(encoding="utf-8"), old, new


def _change_block(html: str, old: Document, new: Document, old_no: str, new_no: str) -> str:
    """The HTML of one entry ("8.3 → 9.2") of a change page."""
    blocks = html.split('<div class="isf-change"')[1:]
    want = f"{old.section(old_no).id}--{new.section(new_no).id}"
    found = [b for b in blocks if f'id="e-{want.replace(".", "-").replace("--", "-")}"' in b]
    assert len(found) == 1, want
    return found[0]


def _marked(block: str, tag: str) -> list[str]:
    import html as html_lib

    return [" ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", m)).split())
            for m in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", block, re.S)]


def test_change_page_quotes_each_documents_own_words(corpus_site: Path, corpus: list[Document]) -> None:
    """2024 8.3 says "kapittel 4" (the regelverk's chapter 4): the diff deletes 4, never a renumbered 5."""
    html, old, new = _grunnlag_change_page(corpus_site, corpus)
    block = _change_block(html, old, new, "8.3", "9.2")
    assert "kapittel 4 " in old.section("8.3").text
    deleted, inserted = _marked(block, "del"), _marked(block, "ins")
    assert "4" in deleted and "3" in inserted and "5" not in deleted
    assert "innholdsendring" in block  # a number changed
    # 3.4 → 4.5: "se kapittel 6.4" and "punkt 7.4" point at the same section: said beside the diff
    block = _change_block(html, old, new, "3.4", "4.5")
    text = parse_block(block)
    assert "Omnummerert: 6.4 → 7.4" in text
    assert not any("7.4" in d or "6.4" in d for d in _marked(block, "del") + _marked(block, "ins"))
    assert 'title="2024&#58; 6.4"' in block  # the old number on the reference itself


def parse_block(block: str) -> str:
    p = Parsed()
    p.feed('<div class="isf-change"' + block)
    return p.visible


def test_change_page_shows_table_diffs(corpus_site: Path, corpus: list[Document]) -> None:
    """2025 7.4 Særkoder ends "Tabellen under viser endringene": the table follows, row by row."""
    html, old, new = _grunnlag_change_page(corpus_site, corpus)
    block = _change_block(html, old, new, "6.4", "7.4")
    assert block.index("Tabellen under viser endringene") < block.index('<div class="isf-scroll">')
    rows = re.findall(r'<tr class="isf-row-added">(.*?)</tr>', block, re.S)
    cells = [_marked(r, "td") for r in rows]
    [b0051] = [c for c in cells if "B0051" in c]
    assert b0051[0] == "Ny rad" and "WWAA03" in b0051
    assert {"A0099", "B0029", "B0044", "B0045", "B0050"} <= {c for row in cells for c in row}
    # 8.3 → 9.2: the 2024 table is 2025's Tabell 9.1 with one new row; Tabell 9.2 is new
    block = _change_block(html, old, new, "8.3", "9.2")
    assert "Tabell 9.1" in block and "Endret tabell" in block and "Ny tabell" in block
    added = [_marked(r, "td") for r in re.findall(r'<tr class="isf-row-added">(.*?)</tr>', block, re.S)]
    assert ["Ny rad", "Private virksomheter med kjøpsavtale under fristbruddordningen"] == added[0][:2]
    assert '<tr class="isf-row-removed">' not in block.split("Tabell 9.2")[0]


def test_year_only_and_qualifier_changes_are_labelled(corpus_site: Path, corpus: list[Document]) -> None:
    html, old, new = _grunnlag_change_page(corpus_site, corpus)
    # "Særkoder 2024" → "Særkoder 2025": a year only, so the title's change is not marked substantive
    block = _change_block(html, old, new, "6.4", "7.4")
    title = re.search(r'<p class="isf-title-diff">(.*?)</p>', block, re.S).group(1)
    assert _marked(title, "del") == ["2024"] and _marked(title, "ins") == ["2025"]
    assert "isf-substantive" not in title
    # the deletion of "fortrinnsvis tekniske episoder" is substantive
    [old_s] = [s for s in old.sections if "fortrinnsvis tekniske episoder" in s.text]
    blocks = [b for b in html.split('<div class="isf-change"')[1:] if "fortrinnsvis tekniske episoder" in b]
    assert blocks and old_s.number
    assert re.search(r'<del class="isf-substantive">[^<]*fortrinnsvis tekniske episoder', blocks[0])
    assert 'data-kinds="substantive' in blocks[0]
    # an entry whose every change is a year is never called a change of content
    for b in html.split('<div class="isf-change"')[1:]:
        marked = _marked(b, "del") + _marked(b, "ins")
        if marked and all(re.fullmatch(r"(19|20)\d\d", m) for m in marked) and "isf-table-diff" not in b:
            assert "innholdsendring" not in b


def test_lineage_page_shows_table_diffs(corpus_pages: dict[Path, Parsed], corpus_site: Path) -> None:
    """The særkoder topic's page shows the 2025 table as new rows, as the change page does."""
    pages = [p for p, parsed in corpus_pages.items() if "tema" in p.parts and any(
        "Særkoder" in h[2] for h in parsed.headings[:1])]
    assert pages
    html = pages[0].read_text(encoding="utf-8")
    assert '<div class="isf-scroll">' in html and 'class="isf-row-added"' in html
    assert "B0051" in html and "WWAA03" in html and "Ny rad" in html


def test_the_editors_report_speaks_bokmal(corpus_site: Path) -> None:
    # The corpus has one real lint finding (2024 §6.2 points at 5.2 about 5.1's topic): the editors'
    # report names it in Norwegian, with the finding's code beside the label for the CLI's output.
    html = (corpus_site / "rapport.html").read_text(encoding="utf-8")
    assert "henvisning til et punkt om noe annet" in html and "<code>reference-topic-mismatch</code>" in html
    assert "viser til 5.2" in html and "passer bedre til" in html
    assert "refers to" not in html and "the words around it" not in html


def test_a_page_cut_from_a_sheet_of_two_links_to_its_sheet(tmp_path: Path) -> None:
    """A document scanned two pages to a sheet: section and table say the document's page, and link
    to the PDF page (the sheet) that holds it."""
    from tracker.model import PageInfo
    from tracker.site.pages.documents import render_document

    doc = make_document(tmp_path, text="Tekst.")
    doc.page_info = [PageInfo(page=p, width=421.0, height=595.0, sheet=(p + 1) // 2) for p in (1, 2, 3, 4)]
    doc.sections[1].page = 3
    doc.tables[0].page = 3
    markdown = render_document(doc).markdown
    assert "Side 1 (ark 1 i PDF-en)" in markdown and "Side 3 (ark 2 i PDF-en)" in markdown
    assert "#page=2" in markdown and "#page=3" not in markdown
