"""Consistency findings for editors (``tracker lint``).

- ``dangling-reference`` (error): "se punkt 6.14 i dette dokumentet" where the document has no 6.14;
- ``reference-topic-mismatch`` (warning): the referenced section exists but the words around
  the reference fit another section clearly better ("endringer i STG-logikken for
  legemiddelbehandling (se … kapittel 5.2)" when 5.2 is "Utførende helsepersonell" and 5.1 is
  "Pasientadministrert legemiddelbehandling");
- ``changelog-unknown-chapter`` (error): an endringslogg row names a chapter that the regelverk of
  that year (when it is in the corpus) does not have;
- ``changelog-title-mismatch`` (warning): an endringslogg row gives a chapter a title that other
  documents (renumbering tables, the regelverk, references) do not;
- ``renumbering-title-mismatch`` (warning): a renumbering table gives a point a title that the
  other documents do not.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tracker.align import regelverk
from tracker.align.refs import find_references
from tracker.align.text import TfIdf, topic_words, words
from tracker.model import Document

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# A reference fits its target badly when another section fits the context this much better.
TOPIC_MARGIN = 0.12
TOPIC_RATIO = 0.5


class LintFinding(BaseModel):
    """An editor's consistency note on the documents themselves (a dangling reference, an endringslogg
    row naming no chapter). Not :class:`tracker.check.report.Finding`, a disagreement of code and text."""

    model_config = ConfigDict(extra="forbid")
    code: str
    severity: Severity
    doc_id: str
    section_id: str | None
    page: int | None
    message: str


def lint(documents: list[Document]) -> list[LintFinding]:
    findings: list[LintFinding] = []
    for doc in documents:
        findings.extend(_internal_references(doc))
    findings.extend(_regelverk_findings(documents))
    return sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER[f.severity], f.doc_id, f.page or 0, f.section_id or "", f.code, f.message),
    )


def _label(number: str | None, title: str) -> str:
    return f"{number} {title}" if number else title


def _internal_references(doc: Document) -> list[LintFinding]:
    out: list[LintFinding] = []
    sections = doc.sections
    if not sections:
        return out
    # Each section described by its title (twice: titles carry the topic) and its text.
    texts = [words(f"{s.title} {s.title} {s.text[:1500]}") for s in sections]
    tfidf = TfIdf(texts)
    for k, s in enumerate(sections):
        for ref in find_references(s.text):
            if ref.target != "internal":
                continue
            target = doc.section(ref.number)
            where = f"{_label(s.number, s.title)} (p. {s.page})"
            if target is None:
                out.append(LintFinding(
                    code="dangling-reference", severity="error", doc_id=doc.id, section_id=s.id, page=s.page,
                    message=f"{where} refers to {ref.number} in this document ('{_short(ref.sentence)}'), "
                            f"but the document has no section {ref.number}",
                ))
                continue
            if target.id == s.id or _is_ancestor(doc, target.id, k):
                continue
            start = max(0, ref.start - 200)
            context = s.text[start : ref.start] + " " + ref.sentence
            context = re.sub(r"\b(?:kapit+e?l|punkt)\w*\s+\d+(?:\.\d+)*", " ", context, flags=re.IGNORECASE)
            ctx_words = [w for w in words(context) if w in set(topic_words(context))]
            if len(set(ctx_words)) < 3:
                continue
            sims = tfidf.query_cosines(ctx_words)
            sims[k] = 0.0  # the referring section itself is not a candidate
            t_index = next(i for i, x in enumerate(sections) if x.id == target.id)
            best = max(range(len(sections)), key=lambda i: (sims[i], -i))
            if best != t_index and sims[best] - sims[t_index] >= TOPIC_MARGIN and sims[t_index] < TOPIC_RATIO * sims[best]:
                b = sections[best]
                out.append(LintFinding(
                    code="reference-topic-mismatch", severity="warning", doc_id=doc.id, section_id=s.id, page=s.page,
                    message=f"{where} refers to {ref.number} '{target.title}' ('{_short(ref.sentence)}'), but the "
                            f"words around it fit {_label(b.number, b.title)} better "
                            f"(similarity {sims[best]:.2f} vs {sims[t_index]:.2f})",
                ))
    return out


def _is_ancestor(doc: Document, target_id: str, k: int) -> bool:
    level = doc.sections[k].level
    for s in reversed(doc.sections[:k]):
        if s.level < level:
            if s.id == target_id:
                return True
            level = s.level
    return False


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _regelverk_findings(documents: list[Document]) -> list[LintFinding]:
    mentions, _links = regelverk.collect(documents)
    by_node: dict[tuple[int, str], list[regelverk.Mention]] = defaultdict(list)
    for m in mentions:
        by_node[(m.year, m.number)].append(m)
    # The regelverk itself, when it is in the corpus, is the authority on its chapters.
    rulebooks = {d.year: d for d in documents if d.kind == "regelverk" and d.year is not None}
    for year, d in rulebooks.items():
        for s in d.sections:
            if s.number:
                by_node[(year, s.number)].append(regelverk.Mention(
                    year, s.number, s.title, d.id, s.id, s.page, s.title, "regelverk"))
    out: list[LintFinding] = []
    seen: set[tuple] = set()
    for m in mentions:
        if m.source not in ("changelog", "renumbering", "removed"):
            continue
        code = "changelog-title-mismatch" if m.source == "changelog" else "renumbering-title-mismatch"
        what = "endringslogg row" if m.source == "changelog" else "renumbering table row"
        if m.source == "changelog" and m.year in rulebooks and not any(
            x.source == "regelverk" for x in by_node[(m.year, m.number)]
        ):
            out.append(LintFinding(
                code="changelog-unknown-chapter", severity="error", doc_id=m.doc_id, section_id=m.section_id,
                page=m.page, message=f"{what} names chapter {m.number} '{m.title}', but ISF-regelverk {m.year} "
                                     f"({rulebooks[m.year].id}) has no chapter {m.number}",
            ))
            continue
        if not m.title:
            continue
        for other in by_node[(m.year, m.number)]:
            if other.doc_id == m.doc_id and other.source == m.source or not other.title:
                continue
            if regelverk.titles_agree(m.title, other.title):
                continue
            key = (code, m.doc_id, m.year, m.number, m.title, other.title)
            if key in seen:
                continue
            seen.add(key)
            out.append(LintFinding(
                code=code, severity="warning", doc_id=m.doc_id, section_id=m.section_id, page=m.page,
                message=f"{what} calls regelverk {m.year} point {m.number} '{m.title}', but {other.doc_id} "
                        f"(p. {other.page}) calls it '{other.title}'",
            ))
    return out
