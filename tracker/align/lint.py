"""Consistency findings for editors (``tracker lint``).

- ``dangling-reference`` (error): "se punkt 6.14 i dette dokumentet" where the document has no 6.14
  (the message says which section the words around it fit, and, when the number is the previous
  version's number of a section, what that section is numbered now);
- ``reference-topic-mismatch`` (warning): a reference to this document lands on a section about
  something else: the words around it fit another section clearly better ("endringer i
  STG-logikken for legemiddelbehandling (se … kapittel 5.2)" when 5.2 is "Utførende helsepersonell"
  and 5.1 is "Pasientadministrert legemiddelbehandling"), or share no word with the target at all;
- ``stale-reference`` (warning): a reference uses the number the section had in the previous
  version of the document ("se punkt 6.4" in the 2025 grunnlagsdokument about særkoder: 6.4 is the
  2024 number of "Særkoder", which is 7.4 in 2025);
- ``changelog-unknown-chapter`` (error): an endringslogg row names a chapter that the regelverk of
  that year (when it is in the corpus) does not have;
- ``changelog-title-mismatch`` (warning): an endringslogg row gives a chapter a title that other
  documents (renumbering tables, the regelverk, references) do not;
- ``renumbering-title-mismatch`` (warning): a renumbering table gives a point a title that the
  other documents do not.

How a reference is held against its target: the words the sentence says about the target (the
clause of the reference, widened to the sentence and the sentence before when the clause is a bare
pointer such as "Se punkt 6.14 i dette dokumentet.") are compared, tf-idf weighted, with every
numbered section of the document (its title, and its title and text); the referring section itself
is no candidate, since the words come from it. A reference fits when no other section fits clearly
better. The referring section's title is counted in the target's favour only ("jf. omtale over i
punkt 6.4" in the section about AMD, when 6.4 is about AMD), never against it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tracker.align import regelverk
from tracker.align.match import Pair, align
from tracker.align.refs import REF_RE, Reference, clause_span, find_references, sentence_span
from tracker.align.text import STOPWORDS, TfIdf, words
from tracker.model import Document, Section

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# A reference fits its target badly when another section fits the words around it this much better
# (difference and ratio of the scores below, 0..1). Measured on the corpus by moving each of its
# references to every other section: the references as printed score at least as well as the
# best other section (except the one real error, 2024 6.2 → 5.2), moved ones mostly far below.
TOPIC_MARGIN = 0.08
TOPIC_RATIO = 0.5
# Title and body count equally: a title names the topic, the text holds the words a sentence uses.
TITLE_WEIGHT = 0.5
# Bokmål inflects and compounds ("særkoder"/"særkodene", "egenandelsfritak"/"egenandelsfritaket");
# comparing the first six letters of a word stands in for a stemmer.
STEM_LENGTH = 6
# Fewer distinct words than this around a reference say too little to judge it.
MIN_CONTEXT_TERMS = 3
# Words that say where to look, not what about.
POINTER_WORDS = frozenset(
    """se jf nærmere omtale omtalen omtales omtalt beskrevet beskrives beskrivelse beskrivelser
    beskrivelsen dokument dokumentet punkt punktet punktene kapittel kapitlet kapittelet kapitel
    kapitlene kap over under ovenfor nedenfor detaljer detaljert videre""".split()
)


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
    # The same note in bokmål, for the editors' report on the site (the CLI and logs stay English).
    message_nb: str = ""


def lint(documents: list[Document]) -> list[LintFinding]:
    findings: list[LintFinding] = []
    history = _History(documents)
    for doc in documents:
        findings.extend(_internal_references(doc, history))
    findings.extend(_regelverk_findings(documents))
    from tracker.align.changelog_check import changelog_findings  # here: that module imports LintFinding
    findings.extend(changelog_findings(documents))
    return sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER[f.severity], f.doc_id, f.page or 0, f.section_id or "", f.code, f.message),
    )


def _label(number: str | None, title: str) -> str:
    return f"{number} {title}" if number else title


def topic_terms(text: str) -> list[str]:
    """The words of ``text`` that can carry a topic, cut to their first letters (see STEM_LENGTH)."""
    out = []
    for w in words(text):
        if w in STOPWORDS or w in POINTER_WORDS or len(w) < 2 or w.isdigit():
            continue
        out.append(w[:STEM_LENGTH])
    return out


@dataclass(frozen=True)
class _Topic:
    """A numbered section as a reference can reach it: with the text of the unnumbered sections
    under it (they cannot be referred to by number)."""

    number: str | None
    section: Section
    first: int  # index of its section in the document
    has_text: bool


class _TopicIndex:
    """The numbered sections of one document, and how well a reference's words fit each."""

    def __init__(self, doc: Document):
        self.topics: list[_Topic] = []
        texts: list[list[str]] = []
        for i, s in enumerate(doc.sections):
            if s.number is not None or not self.topics:
                self.topics.append(_Topic(s.number, s, i, bool(s.text.strip())))
                texts.append(topic_terms(f"{s.title} {s.text}"))
            else:
                t = self.topics[-1]
                self.topics[-1] = _Topic(t.number, t.section, t.first, t.has_text or bool(s.text.strip()))
                texts[-1].extend(topic_terms(f"{s.title} {s.text}"))
        self.body = TfIdf(texts)
        self.titles = [self._unit({w: self.body.idf[w] for w in set(topic_terms(t.section.title))})
                       for t in self.topics]

    @staticmethod
    def _unit(vec: dict[str, float]) -> dict[str, float]:
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def fit(self, terms: list[str]) -> list[float]:
        """How well ``terms`` fit each topic, 0..1: cosine with its title and with its whole text."""
        body = self.body.query_cosines(terms)
        query = self._unit({w: (1 + math.log(c)) * self.body.idf[w]
                            for w, c in Counter(terms).items() if w in self.body.idf})
        return [TITLE_WEIGHT * sum(v * title.get(w, 0.0) for w, v in query.items()) + (1 - TITLE_WEIGHT) * b
                for title, b in zip(self.titles, body, strict=True)]

    def known(self, terms: list[str]) -> int:
        return len({w for w in terms if w in self.body.idf})

    def family(self, number: str) -> list[int]:
        """The topics numbered ``number`` or below it (a chapter is about what its points are about)."""
        return [k for k, t in enumerate(self.topics)
                if t.number and (t.number == number or t.number.startswith(number + "."))]

    def of_section(self, index: int) -> int:
        """The topic a section of the document belongs to."""
        return max(k for k, t in enumerate(self.topics) if t.first <= index)


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


@dataclass(frozen=True)
class _Context:
    quote: str  # the sentence (with the one before when that is what it points from), for the message
    terms: list[str]  # what the sentence says about the target
    with_title: list[str]  # the same and the referring section's title


def _context(section: Section, ref: Reference) -> _Context:
    """The words a reference is about: its clause; when that is a bare pointer, the rest of its
    sentence before (then after) it; when the sentence too is bare ("Se punkt 6.14 i dette
    dokumentet."), the sentence before, which it points from."""
    text = section.text
    s0, s1 = sentence_span(text, ref.start, ref.end)
    sentence = text[s0:s1]
    c0, c1 = clause_span(sentence, ref.start - s0, ref.end - s0)

    def terms_of(part: str) -> list[str]:
        return topic_terms(REF_RE.sub(" ", part))

    terms = terms_of(sentence[c0:c1])
    for part in (sentence[:c0], sentence[c1:]):
        if len(set(terms)) < 2:
            terms += terms_of(part)
    start = s0
    if len(set(terms)) < MIN_CONTEXT_TERMS and s0 > 0:
        start, _ = sentence_span(text, s0 - 1, s0 - 1)
        terms += terms_of(text[start:s0])
    return _Context(_excerpt(text, start, s1, ref.end), terms, terms + topic_terms(section.title))


def _excerpt(text: str, start: int, end: int, keep: int, limit: int = 160) -> str:
    """``text[start:end]`` quoted on one line, cut at word boundaries to about ``limit`` characters
    around position ``keep`` (the end of the reference), so the reference itself is always shown."""
    left = max(start, min(keep + 40, end) - limit)
    right = min(end, left + limit)
    if left > start and (space := text.find(" ", left, keep)) >= 0:
        left = space + 1
    if right < end and (space := text.rfind(" ", keep, right)) >= 0:
        right = space
    part = " ".join(text[left:right].split())
    return "'" + ("…" if left > start else "") + part + ("…" if right < end else "") + "'"


@dataclass(frozen=True)
class _Fit:
    """How a reference's words fit its target and the rest of the document."""

    target: float  # best of the target and its points (0 when there is no target)
    best: int | None  # the topic that fits best, other than the target, its family and the referrer
    best_score: float
    scores: list[float]  # every topic, without the referrer's title
    referrer: int  # the topic the reference is in


def _fit(index: _TopicIndex, ctx: _Context, number: str, referrer: int) -> _Fit:
    plain = index.fit(ctx.terms)
    generous = index.fit(ctx.with_title)
    family = index.family(number)
    target = max((max(plain[k], generous[k]) for k in family if k != referrer), default=0.0)
    own = index.topics[referrer].number
    candidates = [k for k, t in enumerate(index.topics)
                  if k != referrer and t.number and t.has_text and not _related(t.number, number)
                  and not (own and own.startswith(t.number + "."))]
    best = max(candidates, key=lambda k: (plain[k], -k), default=None)
    return _Fit(target, best, plain[best] if best is not None else 0.0, plain, referrer)


def _fits_better(score: float, than: float) -> bool:
    return score - than >= TOPIC_MARGIN and than < TOPIC_RATIO * score


class _History:
    """Each document's predecessor in the corpus (the same kind, the nearest earlier year) and the
    alignment of the two, computed only when a reference needs it."""

    def __init__(self, documents: list[Document]):
        self.documents = documents
        self.alignments: dict[tuple[str, str], dict[str, str]] = {}

    def predecessor(self, doc: Document) -> Document | None:
        if doc.year is None:
            return None
        earlier = [d for d in self.documents if d.kind == doc.kind and d.year is not None and d.year < doc.year]
        return max(earlier, key=lambda d: (d.year or 0, d.id), default=None)

    def counterpart(self, old: Document, new: Document, old_number: str) -> Section | None:
        """The section of ``new`` that ``old``'s section ``old_number`` became, if it was matched."""
        key = (old.id, new.id)
        if key not in self.alignments:
            pairs: list[Pair] = align(old, new)
            self.alignments[key] = {p.old_id: p.new_id for p in pairs if p.old_id and p.new_id}
        section = old.section(old_number)
        if section is None or section.number != old_number:
            return None
        new_id = self.alignments[key].get(section.id)
        return new.section(new_id) if new_id else None


@dataclass(frozen=True)
class _Renumbered:
    old: Document
    old_section: Section
    new_section: Section


def _renumbered(doc: Document, index: _TopicIndex, fit: _Fit, number: str, history: _History) -> _Renumbered | None:
    """The previous version's section ``number`` when the reference is about it and it has another
    number now: its counterpart fits the words around the reference clearly better than the target."""
    if not any(_fits_better(score, fit.target) for k, score in enumerate(fit.scores) if k != fit.referrer):
        return None  # nothing fits better than the target: no need to align the two versions
    old = history.predecessor(doc)
    then = old.section(number) if old is not None else None
    if old is None or then is None:
        return None
    now = history.counterpart(old, doc, number)
    if now is None or not now.number or _related(now.number, number):
        return None
    family = index.family(now.number)
    if fit.referrer in family:
        return None  # the words come from the referring section itself: no evidence either way
    score = max((fit.scores[k] for k in family), default=0.0)
    if not _fits_better(score, fit.target):
        return None
    return _Renumbered(old, then, now)


def _internal_references(doc: Document, history: _History) -> list[LintFinding]:
    out: list[LintFinding] = []
    if not doc.sections:
        return out
    index: _TopicIndex | None = None
    for k, s in enumerate(doc.sections):
        for ref in find_references(s.text):
            if ref.target != "internal":
                continue
            target = doc.section(ref.number)
            if target is not None and (target.id == s.id or _is_ancestor(doc, target.id, k)):
                continue
            index = index or _TopicIndex(doc)
            ctx = _context(s, ref)
            if index.known(ctx.terms) < MIN_CONTEXT_TERMS and target is not None:
                continue
            referrer = index.of_section(k)
            fit = _fit(index, ctx, ref.number, referrer)
            finding = _reference_finding(doc, s, ref, target, ctx, index, fit, history)
            if finding is not None:
                out.append(finding)
    return out


def _reference_finding(doc: Document, s: Section, ref: Reference, target: Section | None, ctx: _Context,
                       index: _TopicIndex, fit: _Fit, history: _History) -> LintFinding | None:
    where = f"{_label(s.number, s.title)} (p. {s.page})"
    quoted = ctx.quote
    written = " ".join(s.text[ref.start : ref.end].split())
    renumbered = _renumbered(doc, index, fit, ref.number, history)
    better = index.topics[fit.best].section if fit.best is not None else None

    where_nb = f"{_label(s.number, s.title)} (s. {s.page})"

    def finding(code: str, severity: Severity, message: str, message_nb: str) -> LintFinding:
        return LintFinding(code=code, severity=severity, doc_id=doc.id, section_id=s.id, page=s.page,
                           message=f"{where}: {message}", message_nb=f"{where_nb}: {message_nb}")

    if target is None:
        message = f"{quoted} refers to {ref.number} in this document, but the document has no section {ref.number}"
        message_nb = f"{quoted} viser til {ref.number} i dette dokumentet, men dokumentet har ikke noe punkt {ref.number}"
        if renumbered is not None:
            message += (f"; {written} is the {_year(renumbered.old)} number of '{renumbered.old_section.title}'"
                        f", in this document {renumbered.new_section.number} '{renumbered.new_section.title}'")
            message_nb += (f"; {written} er nummeret fra {_year(renumbered.old)} på «{renumbered.old_section.title}»"
                           f", som i dette dokumentet er {renumbered.new_section.number} "
                           f"«{renumbered.new_section.title}»")
        elif better is not None and fit.best_score >= TOPIC_MARGIN:
            message += f"; the words around it fit {_label(better.number, better.title)}"
            message_nb += f"; ordene rundt passer til {_label(better.number, better.title)}"
        return finding("dangling-reference", "error", message, message_nb)
    if renumbered is not None:
        return finding("stale-reference", "warning",
                       f"{written} is the {_year(renumbered.old)} number of '{renumbered.old_section.title}' "
                       f"({renumbered.old.id}); in this document it is {renumbered.new_section.number} "
                       f"'{renumbered.new_section.title}', and {ref.number} is '{target.title}' ({quoted})",
                       f"{written} er nummeret fra {_year(renumbered.old)} på «{renumbered.old_section.title}»; "
                       f"i dette dokumentet er det {renumbered.new_section.number} "
                       f"«{renumbered.new_section.title}», og {ref.number} er «{target.title}» ({quoted})")
    if better is not None and _fits_better(fit.best_score, fit.target):
        return finding("reference-topic-mismatch", "warning",
                       f"{quoted} refers to {ref.number} '{target.title}', but the words around it fit "
                       f"{_label(better.number, better.title)} better "
                       f"(similarity {fit.best_score:.2f} vs {fit.target:.2f})",
                       f"{quoted} viser til {ref.number} «{target.title}», men ordene rundt passer bedre til "
                       f"{_label(better.number, better.title)} "
                       f"(likhet {_decimal(fit.best_score)} mot {_decimal(fit.target)})")
    if fit.target == 0.0 and len(set(ctx.terms)) >= MIN_CONTEXT_TERMS:
        return finding("reference-topic-mismatch", "warning",
                       f"{quoted} refers to {ref.number} '{target.title}', which shares none of the words "
                       f"around the reference, and no other section fits them better",
                       f"{quoted} viser til {ref.number} «{target.title}», som ikke har noen av ordene rundt "
                       f"henvisningen, og ingen annen seksjon passer bedre")
    return None


def _decimal(x: float) -> str:
    """A score the Norwegian way: 0,23."""
    return f"{x:.2f}".replace(".", ",")


def _year(doc: Document) -> str:
    return str(doc.year) if doc.year is not None else doc.id


def _is_ancestor(doc: Document, target_id: str, k: int) -> bool:
    level = doc.sections[k].level
    for s in reversed(doc.sections[:k]):
        if s.level < level:
            if s.id == target_id:
                return True
            level = s.level
    return False


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
        what_nb = "En rad i endringsloggen" if m.source == "changelog" else "En rad i omnummereringstabellen"
        if m.source == "changelog" and m.year in rulebooks and not any(
            x.source == "regelverk" for x in by_node[(m.year, m.number)]
        ):
            out.append(LintFinding(
                code="changelog-unknown-chapter", severity="error", doc_id=m.doc_id, section_id=m.section_id,
                page=m.page, message=f"{what} names chapter {m.number} '{m.title}', but ISF-regelverk {m.year} "
                                     f"({rulebooks[m.year].id}) has no chapter {m.number}",
                message_nb=f"{what_nb} nevner kapittel {m.number} «{m.title}», men ISF-regelverket {m.year} "
                           f"har ikke noe kapittel {m.number}",
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
                message_nb=f"{what_nb} kaller punkt {m.number} i regelverket {m.year} «{m.title}», men "
                           f"{other.doc_id} (s. {other.page}) kaller det «{other.title}»",
            ))
    return out
