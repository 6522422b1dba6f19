"""The "Om dataene" page: where the site's content comes from, in one place.

Every source PDF with its file name, pages, sha256, extractor version, extraction confidence and
whether its text came from the text layer or from OCR; the build's other inputs (rule parameters,
the lineage registry, the check's settings, the code) by content hash; and how the site is made.
The reader pages only say which documents they are built from and link here: the hashes are on
this page and nowhere else.
"""

from __future__ import annotations

from pathlib import Path

from tracker.hashing import code_hash, files_hash, tree_files
from tracker.model import Document
from tracker.paths import CHECKS_DIR, LINEAGE_DIR, PARAMS_DIR
from tracker.site.data import (
    CHANGES_INDEX,
    DOCS_INDEX,
    LINEAGE_INDEX,
    RULES_INDEX,
    Page,
    SiteData,
    document_page,
    pdf_file,
)
from tracker.site.escape import escape_text
from tracker.site.markup import KIND_LABELS, html_table, link, md_table

ABOUT_DATA_PAGE = "om-dataene.md"
TITLE = "Om dataene"


def _text_source(doc: Document) -> str:
    """Text layer or OCR, and on how many pages."""
    ocr = [p.page for p in doc.page_info if p.source != "text-layer"]
    if not ocr:
        return "tekstlag"
    if len(ocr) >= doc.source.pages:
        return "OCR (alle sider)"
    return f"OCR på {len(ocr)} av {doc.source.pages} sider, ellers tekstlag"


def _hash(value: str) -> str:
    """A hash or version, on one line (the table scrolls rather than breaking it)."""
    return f'<code class="isf-hash">{escape_text(value)}</code>' if value else "–"


def _confidence(doc: Document) -> str:
    return f"{round(doc.confidence * 100)} %" if doc.confidence is not None else "–"


def _inputs(data: SiteData) -> list[list[str]]:
    """The build's inputs besides the PDFs, each with a content hash (16 hex digits)."""
    root = Path(data.repo_root)

    def hashed(files: list[Path], base: Path) -> str:
        return _hash(files_hash(files, root=base)) if files else "–"

    params = tree_files(PARAMS_DIR, "*.yaml")
    lineages = tree_files(root / LINEAGE_DIR, "*.yaml")
    checks = tree_files(root / CHECKS_DIR, "*.yaml")
    return [
        ["Regelparametere (YAML, ett år per verdi)", f"{len(data.parameters)} parametere i {len(params)} filer",
         hashed(params, PARAMS_DIR)],
        ["Kjørbare regler (Python)", f"{len(data.functions)} regler", _hash(code_hash('rules'))],
        ["Regeltema-registeret og redaktørenes overstyringer", f"{len(lineages)} filer i {LINEAGE_DIR.as_posix()}/",
         hashed(lineages, root)],
        ["Innstillinger for kontrollen av tekst mot kode", f"{len(checks)} filer i {CHECKS_DIR.as_posix()}/",
         hashed(checks, root)],
        ["Koden som lager nettstedet", "tracker/site", _hash(code_hash('site'))],
    ]


def render_about_data(data: SiteData) -> Page:
    path = ABOUT_DATA_PAGE
    docs = sorted(data.documents, key=lambda d: (d.year or 0, d.kind, d.id))
    # Index pages that exist only when there is something to list.
    topics = link(path, LINEAGE_INDEX, "regeltema") if data.registry is not None else "regeltema"
    changes = link(path, CHANGES_INDEX, "endringene") if data.doc_pairs else "endringene"
    out = [
        f"# {TITLE}", "",
        "Sidene om dokumentene, endringene, regeltemaene og reglene er laget automatisk fra PDF-dokumentene "
        "nedenfor, som Helsedirektoratet har publisert, og fra de kjørbare reglene. Bare de forklarende sidene "
        "er skrevet for hånd. Hver side sier nederst hvilke dokumenter den er bygget fra; her står detaljene "
        "om hvert dokument og om hvordan nettstedet er laget.", "",
        "## Slik er nettstedet laget { #slik }", "",
        "1. **Uttrekk.** Teksten leses fra PDF-ens tekstlag. Sider uten brukbart tekstlag leses med OCR "
        "(tekstgjenkjenning). Overskrifter, nummerering, avsnitt og tabeller bestemmes ut fra skrift, plassering, "
        "innholdsfortegnelse og bokmerker. *Sikkerhet* i tabellen er hvor sikker uttrekkeren er på overskriftene "
        "(snitt over seksjonene).",
        "2. **Sammenstilling.** Seksjonene i dokumentene kobles på tvers av år, også når de har fått nytt nummer "
        f"eller ny tittel. Et tema fulgt gjennom årene er et {topics}.",
        f"3. **Sammenligning.** Teksten i hver seksjon sammenlignes ord for ord med forrige års versjon "
        f"({changes}).",
        f"4. **Kontroll.** De {link(path, RULES_INDEX, 'kjørbare reglene')} viser til teksten de bygger på. "
        "Når teksten endrer seg uten at reglene gjør det, sier kontrollen fra.",
        "5. **Nettstedet** bygges av de samme dataene hver gang, uten dato eller klokkeslett: de samme "
        "inndataene gir nøyaktig de samme sidene. Ingenting lastes fra andre nettsteder, og søket virker også "
        "når sidene åpnes direkte fra disk.",
        "",
        "## Dokumentene { #dokumenter }", "",
    ]
    if not docs:
        out += ["Nettstedet er ikke bygget fra noen dokumenter.", ""]
    else:
        rows = [[link(path, document_page(d.id), escape_text(d.title)),
                 f"{d.year or 'uten år'}, {escape_text(KIND_LABELS.get(d.kind, d.kind))}",
                 str(d.source.pages), _text_source(d), _confidence(d),
                 link(path, pdf_file(d.id), escape_text(Path(d.source.path).name))]
                for d in docs]
        out += [md_table(["Dokument", "År og type", "Sider", "Tekst fra", "Sikkerhet", "PDF-fil"], rows), "",
                f"Alle dokumentene står også i {link(path, DOCS_INDEX, 'dokumentoversikten')}.", "",
                "### Kontrollsummer { #kontrollsummer }", "",
                "SHA-256 av hver PDF-fil (så du kan kontrollere at du har den samme filen) og versjonen av "
                "uttrekkeren som leste den (en kontrollsum av koden: endres koden, leses dokumentet på nytt).", ""]
        hashes = [[escape_text(d.title), _hash(d.source.sha256), _hash(d.extractor_version)] for d in docs]
        out += [html_table(["Dokument", "SHA-256 (PDF)", "Uttrekker"], hashes, escaped=True), ""]
    out += [
        "## Øvrige inndata { #inndata }", "",
        "Nettstedet bygges også av reglene og innstillingene i kodebasen. Kontrollsummene endres når innholdet "
        "endres.", "",
        md_table(["Inndata", "Omfang", "Kontrollsum"], _inputs(data)), "",
    ]
    return Page(path=path, title=TITLE, markdown="\n".join(out), sources=docs)
