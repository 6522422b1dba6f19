"""The editors' consistency report: lint findings of the alignment stage and findings of `tracker check`."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tracker.site.data import REPORT_PAGE, Page, SiteData, code_page, document_page
from tracker.site.escape import escape_text
from tracker.site.markup import KIND_LABELS, link, md_table
from tracker.site.pages.documents import section_heading, unique_anchors
from tracker.site.pages.rules import status_badge
from tracker.site.status import finding_status

SEVERITY_LABELS = {"error": "feil", "warning": "advarsel", "info": "merknad"}


def _section_cell(data: SiteData, doc_id: str | None, section_id: str | None) -> str:
    doc = data.document(doc_id) if doc_id else None
    if doc is None:
        return escape_text(doc_id or "")
    doc_label = escape_text(f"{doc.year or ''} {KIND_LABELS.get(doc.kind, doc.kind)}".strip())
    section = next((s for s in doc.sections if s.id == section_id), None) if section_id else None
    if section is not None:
        target = link(REPORT_PAGE, document_page(doc.id), section_heading(section), unique_anchors(doc)[section.id])
        return f"{doc_label} §{target}"
    return link(REPORT_PAGE, document_page(doc.id), doc_label)


# What each lint finding is, for editors reading the site (the code stays beside it for the CLI's output).
LINT_CODE_LABELS = {
    "dangling-reference": "henvisning til et punkt som ikke finnes",
    "reference-topic-mismatch": "henvisning til et punkt om noe annet",
    "stale-reference": "henvisning med forrige versjons nummer",
    "changelog-unknown-chapter": "endringsloggen nevner et ukjent kapittel",
    "changelog-title-mismatch": "endringsloggen gir kapitlet en annen tittel",
    "renumbering-title-mismatch": "omnummereringstabellen gir punktet en annen tittel",
    "changelog-row-without-change": "rad i endringsloggen uten tilsvarende endring",
    "change-without-changelog-row": "innholdsendring uten rad i endringsloggen",
}


def _lint_code(code: str) -> str:
    label = LINT_CODE_LABELS.get(code)
    return f"{label} (<code>{escape_text(code)}</code>)" if label else f"<code>{escape_text(code)}</code>"


def _lint_section(data: SiteData) -> list[str]:
    out = ["## Lint av dokumentene { #lint }", ""]
    if data.lint is None:
        return out + ["Lint-resultater er ikke tilgjengelige i denne byggingen.", ""]
    if not data.lint:
        return out + ["Ingen funn.", ""]
    counts = Counter(f.severity for f in data.lint)
    out += [", ".join(f"{n} {SEVERITY_LABELS.get(s, escape_text(s))}" for s, n in sorted(counts.items())), ""]
    rows = [[_lint_code(f.code), SEVERITY_LABELS.get(f.severity, escape_text(f.severity)),
             _section_cell(data, f.doc_id, f.section_id), str(f.page or ""), escape_text(f.message_nb or f.message)]
            for f in data.lint]
    return out + [md_table(["Funn", "Alvorlighet", "Sted", "Side", "Melding"], rows), ""]


COVERAGE_LABELS = {"implemented": "implementert", "not-applicable": "ikke aktuelt", "pending": "ikke implementert ennå"}


def check_summary(report: Any) -> list[list[str]]:
    """Rows (label, count) describing the state of the text↔code check."""
    findings = list(getattr(report, "findings", []))
    rows = [["Sitater kontrollert", str(getattr(report, "citations", 0))],
            ["Fakta fra tabellene kontrollert", str(getattr(report, "facts", 0))],
            ["Avvik (koden sier noe annet enn teksten)",
             str(sum(1 for f in findings if finding_status(f) == "diverged"))],
            ["Usikre (teksten er flyttet eller endret)",
             str(sum(1 for f in findings if finding_status(f) == "suspect"))]]
    coverage = Counter(getattr(c, "status", "") for c in getattr(report, "coverage", []))
    rows += [[f"Seksjoner: {COVERAGE_LABELS.get(k, escape_text(k))}", str(n)] for k, n in sorted(coverage.items())]
    return rows


def _check_section(data: SiteData, code_files: set[str]) -> list[str]:
    out = ["## Kontroll av tekst mot kode { #kontroll }", ""]
    report: Any = data.check
    if report is None:
        return out + ["Kontrollen (`tracker check`) er ikke tilgjengelig i denne byggingen.", ""]
    out += [md_table(["", "Antall"], check_summary(report)), ""]
    findings = list(getattr(report, "findings", []))
    if not findings:
        return out + ["Ingen funn: koden og teksten stemmer overens.", ""]
    rows = []
    for f in findings:
        code = ""
        if f.code_file:
            label = escape_text(f"{f.code_file}:{f.code_line}" if f.code_line else f.code_file)
            code = (link(REPORT_PAGE, code_page(f.code_file), label, f"L{f.code_line}" if f.code_line else None)
                    if f.code_file in code_files else label)
        text = _section_cell(data, f.doc, f.section_id) if f.doc else ""
        message = escape_text(f.message) + (f"<br>*Tiltak:* {escape_text(f.hint)}" if f.hint else "")
        rows.append([status_badge(finding_status(f)), escape_text(f.kind), code, text, message])
    return out + [md_table(["Status", "Type", "Kode", "Tekst", "Melding"], rows), ""]


def render_report(data: SiteData, code_files: set[str], editors_page: str | None = None) -> Page:
    how = f" Se {link(REPORT_PAGE, editors_page, 'For redaktører')} for hvordan funnene brukes." if editors_page else ""
    out = ["# Konsistensrapport", "",
           f"Funn fra lint av de uttrukne dokumentene og fra kontrollen av reglene mot teksten.{how}", ""]
    out += _lint_section(data) + _check_section(data, code_files)
    return Page(path=REPORT_PAGE, title="Konsistensrapport", markdown="\n".join(out), sources=list(data.documents))
