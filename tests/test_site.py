"""The static site: built from the committed corpus extraction and from documents the tests make."""

from __future__ import annotations

import hashlib
import json
import re
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

    params = registry.parameters()
    assert params
    for param in params.values():
        path, page = page_titled(corpus_pages, f"Parameter {param.name}")
        assert any(link.endswith(f"#L{param.line}") for link in page.links)
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
        owners = {p.name for p in rules.parameters().values()
                  if any((c.doc, c.section_id) in {(m.doc_id, m.section_id) for m in lineage.members}
                         for c in p.citations)}
        for name in owners:
            assert any(link.endswith(".html") and "regler/" in link for link in page.links)
            assert name in page.visible, (lineage.id, name)
        checked += bool(owners) and any((m.doc_id, m.section_id) in cited for m in lineage.members)
    assert checked, "no lineage across years with a citing parameter: nothing was checked"


def test_front_page_lists_substantive_changes_first(corpus_site: Path) -> None:
    html = (corpus_site / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="endringer"'):html.index('id="kontroll"')]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert items
    substantive = ["innholdsendring" in item for item in items]
    assert substantive == sorted(substantive, reverse=True)
    assert any(substantive)


def test_rule_pages_show_the_check_status(corpus_pages: dict[Path, Parsed]) -> None:
    from tracker.check import run_check
    from tracker.rules import registry as rules

    report = run_check(EXTRACTED)
    diverged = {f.citation for f in report.findings if f.category == "divergence" and f.citation}
    flagged = {f.citation for f in report.findings if f.citation}
    for param in rules.parameters().values():
        keys = {c.key for c in param.citations}
        _, page = page_titled(corpus_pages, f"Parameter {param.name}")
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
