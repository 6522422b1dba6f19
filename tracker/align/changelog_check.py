"""The endringslogg held against the two versions of the document it describes (part of ``tracker lint``).

An endringslogg lists, row by row, where a document changed between two of its versions ("Kapittel 5.21
Digital hjemmeoppfølging …" | "Lagt til … i overskriften"). When both versions are among the documents,
every row is matched to a real change of the chapter it names, and every substantive change to a row:

- ``changelog-row-without-change`` (warning): the row names a chapter that reads the same in both
  versions, that neither version has, or that changed otherwise than the row says;
- ``change-without-changelog-row`` (warning): a substantive change (a number, code, amount, negation or
  qualifier, :func:`tracker.align.diff.classify`) that no row covers. Editorial changes need no row
  (the endringslogg says so itself: "Mindre korrekturendringer er ikke tatt med her").

Which two versions
------------------
The endringslogg names them in its title (else in its first heading or first lines of text):
"<new> sett opp mot <old>" (also "sammenlignet med", "mot"), or "fra <old> til <new>". Each side is
read for a document kind (regelverk, grunnlagsdokument, presiseringsdokument), a year and a stage
("foreløpig" or "endelig"); a date ("fra 16.okt 2023", when the preliminary version came out) is not a
year. What a side leaves out it takes from the other side, and the year from the endringslogg:
"ISF-regelverk 2024 sett opp mot foreløpig regelverk fra 16.okt 2023" is the preliminary ISF-regelverk
2024 → the final ISF-regelverk 2024, "Grunnlagsdokument 2025 sett opp mot 2024" is the grunnlagsdokument
2024 → 2025. Of two sides of one year, the one without a stage is the other's opposite (the final
version opposite "foreløpig").

Each table of rows names its document in its header ("ISF-regelverket – hvor endring", "ISF 2024
Grunnlagsdokumentet – hvor endring", kept as ``ChangeLogFields.document``): a kind and a year there win
over the title's, with the title's stages (the grunnlagsdokument table of a regelverk's endringslogg is
checked against the preliminary and final grunnlagsdokument); a header naming no kind ("Vedlegg – hvor
endring", the appendices) is about the title's document.

A version is the one document of that kind and year whose title (or file name) says "foreløpig" for a
preliminary version; for a final one, the one that says "endelig", or else the one that says neither
(a year's unmarked edition is its final one); for a side without a stage, the same as for a final one.
When a version is missing, or more than one document fits, nothing is checked and nothing is reported:
the corpus's endringslogg describes the ISF-regelverk, which is not in the corpus.

Matching
--------
The versions are aligned (:func:`tracker.align.match.align`) and every pair diffed
(:func:`tracker.align.pipeline.with_text_changes`). A row's chapter is the section of its number in the
new version with everything under it, and that section's counterpart with everything under it (a
number only the old version has is a chapter taken out). A row naming an appendix ("Vedlegg A1 – DRG
somatikk") is the section headed "Vedlegg A1"; appendices are usually separate files, so one that
neither version has is not checked. A row naming no place is about the whole document: any change
matches it, and with such a row no change of that document lacks one.

What a row says changed is read sentence by sentence, where it can be told:

- "… i overskriften", "tittel", "nytt navn": the chapter's own title changed;
- "tatt ut", "fjernet", "utgår", "slettet": words were deleted from the chapter;
- "nytt avsnitt", "tatt inn", "lagt til", "lagt inn": words were inserted;
- "justert", "endret", "presisert", "korrigert" …: something changed;

(a keyword after "ikke" or "uten" claims nothing), and a quoted phrase must have moved the way the
sentence says ('"Psykisk helsevern og TSB" er tatt ut': fewer times in the new chapter than in the old).
A row that says none of these is matched by any change of its chapter. A new number alone is not a
change of a chapter's content. A change is covered by a row naming its section or a chapter above it.
A section split or merged is not judged for a missing row: its words are spread over several pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Literal

from tracker.align.diff import Change, is_substantive, loose_key, same_text
from tracker.align.lint import LintFinding
from tracker.align.match import align
from tracker.align.pipeline import AlignedPair, with_text_changes
from tracker.model import ChangeLogRecord, DocKind, Document, Section

Stage = Literal["foreløpig", "endelig"]
Claim = Literal["title", "removed", "added", "changed"]

# The documents an endringslogg can describe, the specific names first: "Presiseringer til
# ISF-regelverket" is a presiseringsdokument, though it says "regelverk".
_KIND_RES: list[tuple[DocKind, re.Pattern[str]]] = [
    ("grunnlagsdokument", re.compile(r"grunnlagsdokument", re.IGNORECASE)),
    ("presiseringsdokument", re.compile(r"presiseringsdokument|presiseringer", re.IGNORECASE)),
    ("regelverk", re.compile(r"regelverk", re.IGNORECASE)),
]
_PRELIMINARY_RE = re.compile(r"\bforel[øo]pig", re.IGNORECASE)
_FINAL_RE = re.compile(r"\bendelig", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
# "16.okt 2023", "16. oktober 2023", "16.10.2023": when a version came out, not its year.
_DATE_RE = re.compile(r"\b\d{1,2}\.\s*(?:\d{1,2}\.?|[a-zæøå]{3,9}\.?)\s*(?:19|20)\d\d\b", re.IGNORECASE)
_VERSUS_RE = re.compile(r"\s(?:sett\s+opp\s+mot|opp\s+mot|sammenli[gk]n\w*\s+med|mot|versus|vs\.?)\s", re.IGNORECASE)
_FROM_TO_RE = re.compile(r"\bfra\s+(?P<old>[^.;:]+?)\s+til\s+(?P<new>[^.;:]+)", re.IGNORECASE)

# What a row's sentence says changed (see the module docstring).
_TITLE_RE = re.compile(r"\boverskrift\w*|\btittel\w*|\b(?:nytt|endret)\s+navn\b", re.IGNORECASE)
_REMOVED_RE = re.compile(r"\b(?:tatt\s+ut|tas\s+ut|fjernet|fjernes|utgår|utgått|slettet|slettes|strøket)\b",
                         re.IGNORECASE)
_ADDED_RE = re.compile(
    r"\b(?:nytt?|nye)\s+(?:avsnitt|kulepunkt\w*|setning\w*|tekst|kapittel|underkapittel|punkt)\b"
    r"|\b(?:tatt|tas)\s+inn\b|\b(?:lagt|legges)\s+(?:til|inn)\b|\btilføyd\b",
    re.IGNORECASE,
)
_CHANGED_RE = re.compile(
    r"\b(?:juster\w*|endret|endres|endring\w*|omformulert|presiser\w*|korriger\w*|oppdater\w*|klargj\w*"
    r"|tydeliggj\w*|forenklet|omskrevet)\b",
    re.IGNORECASE,
)
_NEGATED_RE = re.compile(r"\b(?:ikke|uten)\b[^.]{0,30}$", re.IGNORECASE)
_QUOTE_RE = re.compile(r"[\"“”«»„]([^\"“”«»„]{2,200})[\"“”«»„]")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"“«])")
_APPENDIX_HEADING_RE = r"^\s*vedlegg\s+{}\b"

_CLAIM_WORDS: dict[Claim, str] = {
    "title": "the title changed", "removed": "words were taken out", "added": "words were added",
    "changed": "the text changed",
}


@dataclass(frozen=True)
class Version:
    """One version of a document as an endringslogg names it; fields it does not name are None."""

    kind: DocKind | None
    year: int | None
    stage: Stage | None


@dataclass(frozen=True)
class Comparison:
    """The two versions an endringslogg describes the changes between."""

    old: Version
    new: Version


def _stage(text: str) -> Stage | None:
    if _PRELIMINARY_RE.search(text):
        return "foreløpig"
    if _FINAL_RE.search(text):
        return "endelig"
    return None


def _kind(text: str) -> DocKind | None:
    return next((kind for kind, pattern in _KIND_RES if pattern.search(text)), None)


def _side(text: str) -> Version:
    text = _DATE_RE.sub(" ", text)
    year = _YEAR_RE.search(text)
    return Version(_kind(text), int(year.group()) if year else None, _stage(text))


def _split_comparison(text: str) -> tuple[str, str] | None:
    """(old, new) as written: "<new> sett opp mot <old>" or "fra <old> til <new>"."""
    text = " ".join(text.split())
    versus = _VERSUS_RE.search(text)
    if versus:
        return text[versus.end():], text[: versus.start()]
    from_to = _FROM_TO_RE.search(text)
    if from_to:
        return from_to.group("old"), from_to.group("new")
    return None


def describes(log: Document) -> Comparison | None:
    """The two versions the endringslogg ``log`` compares (None: it does not say)."""
    first = log.sections[0] if log.sections else None
    texts = [log.title, first.title if first else "", log.preamble[:600], first.text[:600] if first else ""]
    for text in texts:
        sides = _split_comparison(text)
        if sides is None:
            continue
        old, new = _side(sides[0]), _side(sides[1])
        if old.kind is None and new.kind is None:
            continue  # "mot" or "fra … til" about something else than a document
        new = replace(new, kind=new.kind or old.kind, year=new.year or log.year)
        old = replace(old, kind=old.kind or new.kind, year=old.year or new.year)
        if old.year == new.year:
            # One side without a stage is the other's opposite: the final version opposite "foreløpig".
            if old.stage is None and new.stage is not None:
                old = replace(old, stage="foreløpig" if new.stage == "endelig" else "endelig")
            elif new.stage is None and old.stage is not None:
                new = replace(new, stage="foreløpig" if old.stage == "endelig" else "endelig")
            if old.stage == new.stage:
                continue  # the same version twice: not a comparison
        if new.year is None or old.year is None:
            continue
        return Comparison(old, new)
    return None


def _table_versions(document_field: str, comparison: Comparison) -> Comparison | None:
    """The versions one table of rows is about: its header's kind and year, the title's stages."""
    kind = _kind(document_field) or comparison.new.kind
    year = _side(document_field).year
    new_year = year if year is not None else comparison.new.year
    if kind is None or new_year is None or comparison.old.year is None or comparison.new.year is None:
        return None
    old_year = new_year + (comparison.old.year - comparison.new.year)
    return Comparison(Version(kind, old_year, comparison.old.stage), Version(kind, new_year, comparison.new.stage))


def document_stage(doc: Document) -> Stage | None:
    """Whether ``doc`` says it is a preliminary or the final version (title first, then file name)."""
    return _stage(doc.title) or _stage(PurePosixPath(doc.source.path).stem)


def find_version(documents: Iterable[Document], version: Version) -> Document | None:
    """The one document that is ``version`` (None: none, or more than one fits)."""
    same = [d for d in documents if d.kind == version.kind and d.year == version.year]
    if version.stage == "foreløpig":
        fits = [d for d in same if document_stage(d) == "foreløpig"]
    else:
        fits = [d for d in same if document_stage(d) == "endelig"] or [d for d in same if document_stage(d) is None]
    return fits[0] if len(fits) == 1 else None


# -- one row against the aligned versions ---------------------------------------------------------------


@dataclass
class _Observed:
    """What changed in a chapter (its section and everything under it) between the versions."""

    title: bool = False  # the chapter's own title
    added: bool = False
    removed: bool = False
    other: bool = False  # a subsection's title, a table header

    @property
    def any(self) -> bool:
        return self.title or self.added or self.removed or self.other

    def describe(self) -> str:
        parts = [name for name, seen in (("its title", self.title), ("words added", self.added),
                                         ("words taken out", self.removed), ("other details", self.other)) if seen]
        return ", ".join(parts) if parts else "nothing"


@dataclass
class _Chapter:
    """A chapter in both versions: the section ids under it (itself included) and its own titles."""

    old_ids: set[str] = field(default_factory=set)
    new_ids: set[str] = field(default_factory=set)
    old_head: Section | None = None
    new_head: Section | None = None


def _subtree(doc: Document, head: Section | None) -> set[str]:
    """``head`` and the sections after it down to the next one at its level or above."""
    if head is None:
        return set()
    k = next(i for i, s in enumerate(doc.sections) if s.id == head.id)
    out = {head.id}
    for s in doc.sections[k + 1:]:
        if s.level <= head.level:
            break
        out.add(s.id)
    return out


def _appendix_section(doc: Document, appendix: str) -> Section | None:
    pattern = re.compile(_APPENDIX_HEADING_RE.format(re.escape(appendix)), re.IGNORECASE)
    return next((s for s in doc.sections if pattern.match(s.title) or s.number == appendix), None)


def _chapter(row: ChangeLogRecord, old: Document, new: Document, counterpart: dict[str, str]) -> _Chapter | None:
    """The chapter a row names in both versions (None: the row names no place the documents can have)."""
    f = row.fields
    if f.chapter_number:
        new_head = new.section(f.chapter_number)
        old_head = (old.section(counterpart[new_head.id]) if new_head.id in counterpart else None) if new_head \
            else old.section(f.chapter_number)
    elif f.appendix:
        new_head, old_head = _appendix_section(new, f.appendix), _appendix_section(old, f.appendix)
    elif f.location:
        new_head = next((s for s in new.sections if same_text(s.title, f.location)), None)
        old_head = next((s for s in old.sections if same_text(s.title, f.location)), None)
    else:
        return None
    return _Chapter(_subtree(old, old_head), _subtree(new, new_head), old_head, new_head)


def _observe(chapter: _Chapter, pairs: Sequence[AlignedPair]) -> _Observed:
    seen = _Observed()
    for p in pairs:
        in_old, in_new = p.old_id in chapter.old_ids, p.new_id in chapter.new_ids
        if not (in_old or in_new):
            continue
        if in_new and not in_old:
            seen.added = True  # a section added, or moved in from another chapter
        if in_old and not in_new:
            seen.removed = True
        if not (in_old and in_new) or p.diff is None:
            continue
        d = p.diff
        seen.added |= any(c.op == "insert" for c in d.changes)
        seen.removed |= any(c.op == "delete" for c in d.changes)
        if d.title_changes and any(c.op != "equal" for c in d.title_changes):
            if chapter.new_head is not None and p.new_id == chapter.new_head.id:
                seen.title = True
            else:
                seen.other = True
        for table in d.tables:
            seen.added |= table.op == "added" or any(r.op in ("added", "changed") for r in table.rows)
            seen.removed |= table.op == "removed" or any(r.op in ("removed", "changed") for r in table.rows)
            seen.other |= any(c.changed for c in table.header)
    return seen


def _claims(description: str) -> list[tuple[Claim, str, list[str]]]:
    """What each sentence of a row's description says changed: (claim, sentence, quoted phrases)."""
    out: list[tuple[Claim, str, list[str]]] = []
    for sentence in _SENTENCE_END_RE.split(" ".join(description.split())):
        quotes = _QUOTE_RE.findall(sentence)

        def says(pattern: re.Pattern[str], sentence: str = sentence) -> bool:
            return any(not _NEGATED_RE.search(sentence[: m.start()]) for m in pattern.finditer(sentence))

        if says(_TITLE_RE):
            out.append(("title", sentence, quotes))
            continue
        found: list[Claim] = [c for c, pattern in (("removed", _REMOVED_RE), ("added", _ADDED_RE)) if says(pattern)]
        if not found and says(_CHANGED_RE):
            found = ["changed"]
        # A quoted phrase belongs to a claim only when the sentence makes one claim.
        out += [(c, sentence, quotes if len(found) == 1 else []) for c in found]
    return out


def _count(phrase: str, text: str) -> int:
    """How often ``phrase`` occurs in ``text``, word for word as the diff compares them."""
    needle, hay = loose_key(phrase), loose_key(text)
    if not needle:
        return 0
    return sum(1 for i in range(len(hay) - len(needle) + 1) if hay[i: i + len(needle)] == needle)


def _chapter_text(doc: Document, ids: set[str]) -> str:
    return "\n".join(f"{s.title}\n{s.text}" for s in doc.sections if s.id in ids)


def _unmet(claim: Claim, quotes: list[str], seen: _Observed, chapter: _Chapter, old: Document,
           new: Document) -> str | None:
    """Why the chapter's change does not bear out ``claim`` (None: it does)."""
    if claim == "changed":
        return None if seen.any else "nothing changed"
    if not {"title": seen.title, "added": seen.added, "removed": seen.removed}[claim]:
        return {"title": "the title reads the same", "added": "nothing was added",
                "removed": "nothing was taken out"}[claim]
    if claim == "title":
        old_text = chapter.old_head.title if chapter.old_head else ""
        new_text = chapter.new_head.title if chapter.new_head else ""
    else:
        old_text, new_text = _chapter_text(old, chapter.old_ids), _chapter_text(new, chapter.new_ids)
    for quote in quotes:
        before, after = _count(quote, old_text), _count(quote, new_text)
        moved = after != before if claim == "title" else (after > before if claim == "added" else before > after)
        if not moved:
            where = "its title" if claim == "title" else "its text"
            return f"'{quote}' is in {where} {before} time(s) before and {after} after"
    return None


def _label(section: Section | None) -> str:
    if section is None:
        return "?"
    return f"{section.number} {section.title}" if section.number else section.title


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _row_section(log: Document, row: ChangeLogRecord) -> str | None:
    """The section of the endringslogg the row's table stands in (else the last one begun by its page)."""
    number = log.tables[row.table].section if 0 <= row.table < len(log.tables) else None
    section = log.section(number) if number else None
    if section is None:
        section = next((s for s in reversed(log.sections) if s.page <= row.page), None)
    return section.id if section else None


def _row_finding(log: Document, row: ChangeLogRecord, message: str, message_nb: str) -> LintFinding:
    where = row.fields.location or row.fields.document
    return LintFinding(code="changelog-row-without-change", severity="warning", doc_id=log.id,
                       section_id=_row_section(log, row), page=row.page,
                       message=f"endringslogg row '{_short(where, 70)}' {message}",
                       message_nb=f"Raden «{_short(where, 70)}» i endringsloggen {message_nb}")


def _check_row(log: Document, row: ChangeLogRecord, chapter: _Chapter, pairs: Sequence[AlignedPair],
               old: Document, new: Document) -> LintFinding | None:
    versions = f"{old.id} → {new.id}"
    if chapter.old_head is None and chapter.new_head is None:
        if row.fields.chapter_number is None:
            return None  # an appendix or place the versions do not hold as a section: not checkable
        return _row_finding(log, row, f"names chapter {row.fields.chapter_number}, which neither version has "
                                      f"({versions})",
                            f"nevner kapittel {row.fields.chapter_number}, som ingen av versjonene har ({versions})")
    seen = _observe(chapter, pairs)
    label = _label(chapter.new_head or chapter.old_head)
    if not seen.any:
        return _row_finding(log, row, f"describes a change, but {label} reads the same in both versions ({versions})",
                            f"beskriver en endring, men {label} er lik i begge versjonene ({versions})")
    for claim, sentence, quotes in _claims(row.fields.change or ""):
        reason = _unmet(claim, quotes, seen, chapter, old, new)
        if reason is not None:
            return _row_finding(log, row, f"says {_CLAIM_WORDS[claim]} ('{_short(sentence)}'), but in {label} "
                                          f"{reason}; what changed: {seen.describe()} ({versions})",
                                f"sier «{_short(sentence)}», men det stemmer ikke med hva som er endret i "
                                f"{label} ({versions})")
    return None


# -- substantive changes without a row -------------------------------------------------------------------


def _edits(changes: Sequence[Change]) -> list[str]:
    return [f"{'inserted' if c.op == 'insert' else 'deleted'} '{_short(c.text, 50)}'"
            for c in changes if c.op != "equal" and c.substantive]


def _substantive(p: AlignedPair, old: Document, new: Document) -> str | None:
    """What makes the pair's change substantive (None: it is not, or it is not judged)."""
    if p.kind in ("split", "merged"):
        return None
    tables = p.diff.tables if p.diff else []
    if p.old_id and p.new_id:
        if p.text_change != "substantive" or p.diff is None:
            return None
        edits = _edits(p.diff.title_changes) + _edits(p.diff.changes)
        return "; ".join(edits[:2]) if edits else "a table changed"
    section = new.section(p.new_id) if p.new_id else old.section(p.old_id or "")
    if section is None:
        return None
    if is_substantive(f"{section.title}\n{section.text}") or any(t.verdict == "substantive" for t in tables):
        return "section added" if p.new_id else "section taken out"
    return None


def _missing_rows(log: Document, pairs: Sequence[AlignedPair], old: Document, new: Document,
                  covered_old: set[str], covered_new: set[str]) -> list[LintFinding]:
    out = []
    for p in pairs:
        if p.old_id in covered_old or p.new_id in covered_new:
            continue
        what = _substantive(p, old, new)
        if what is None:
            continue
        doc, section = (new, new.section(p.new_id)) if p.new_id else (old, old.section(p.old_id or ""))
        out.append(LintFinding(
            code="change-without-changelog-row", severity="warning", doc_id=doc.id,
            section_id=section.id if section else None, page=section.page if section else None,
            message=f"{_label(section)} changed substantively from {old.id} to {new.id} ({what}), "
                    f"but {log.id} has no row for it",
            message_nb=f"{_label(section)} har en innholdsendring fra {old.id} til {new.id}, men "
                       f"endringsloggen {log.id} har ingen rad om den ({what})",
        ))
    return out


def _check_versions(log: Document, rows: list[ChangeLogRecord], old: Document, new: Document) -> list[LintFinding]:
    pairs = with_text_changes(align(old, new), old, new)
    counterpart: dict[str, str] = {}
    for p in pairs:
        if p.new_id and p.old_id:
            counterpart.setdefault(p.new_id, p.old_id)
    out: list[LintFinding] = []
    covered_old: set[str] = set()
    covered_new: set[str] = set()
    whole_document = False
    for row in rows:
        chapter = _chapter(row, old, new, counterpart)
        if chapter is None:  # a row that names no place is about the whole document
            whole_document = True
            everything = _Chapter({s.id for s in old.sections}, {s.id for s in new.sections})
            if not _observe(everything, pairs).any:
                out.append(_row_finding(log, row, f"describes a change, but the versions read the same "
                                                  f"({old.id} → {new.id})",
                                        f"beskriver en endring, men versjonene er like ({old.id} → {new.id})"))
            continue
        covered_old |= chapter.old_ids
        covered_new |= chapter.new_ids
        finding = _check_row(log, row, chapter, pairs, old, new)
        if finding is not None:
            out.append(finding)
    if not whole_document:
        out += _missing_rows(log, pairs, old, new, covered_old, covered_new)
    return out


def changelog_findings(documents: list[Document]) -> list[LintFinding]:
    """Every endringslogg's rows against the real changes between the versions it describes, when both
    versions are among ``documents`` (see the module docstring)."""
    out: list[LintFinding] = []
    for log in documents:
        if log.kind != "endringslogg":
            continue
        comparison = describes(log)
        if comparison is None:
            continue
        by_versions: dict[tuple[str, str], tuple[Document, Document, list[ChangeLogRecord]]] = {}
        for row in log.records:
            if not isinstance(row, ChangeLogRecord):
                continue
            versions = _table_versions(row.fields.document, comparison)
            if versions is None:
                continue
            old, new = find_version(documents, versions.old), find_version(documents, versions.new)
            if old is None or new is None or old is new:
                continue  # a version is not among the documents: nothing can be checked
            by_versions.setdefault((old.id, new.id), (old, new, []))[2].append(row)
        for old, new, rows in by_versions.values():
            out += _check_versions(log, rows, old, new)
    return out
