"""Aligning the sections of two documents: which section became which, and how.

The method, in five steps:

1. **Candidates by blocking.** For every new section a handful of old sections are proposed:
   those sharing a title word or a rare body word (inverted indexes, common words skipped),
   the same number, the number under a chapter shift (3.3 → 4.3), the neighbours at the same
   relative position, and the pairs named by the documents' renumbering tables and the
   editors' overrides. Only these pairs are scored, so the cost is about n·k·log n, not n².
2. **Scores.** Title similarity (rapidfuzz on titles without years/case/punctuation), body
   similarity (tf-idf cosine; a chapter heading without text of its own uses its subtree),
   number and position closeness, renumbering-table evidence, and — in a second round —
   hierarchy (the parents are matched to each other, the number follows the parent's) and
   cross-references (old text points to X where new text points to Y).
3. **Global assignment.** The heaviest order-preserving matching over the candidate pairs
   (a weighted longest-common-subsequence solved with a Fenwick tree, O(E log n)); sections
   that changed places are then found by the same solver on what is left, so a swap or a
   block moved elsewhere costs one extra pass rather than breaking the backbone.
4. **Changes.** Each matched pair carries every change that applies to it, not one kind:
   ``renumbered`` (also when the number only follows its chapter's, 3.3 → 4.3 under 3 → 4: then
   ``with_chapter`` and the reason "kapittel 3 → 4"), ``retitled`` (``year_only`` when the titles
   differ in their years alone: "Særkoder 2024" → "Særkoder 2025"), ``moved`` (another parent, or
   another place among its siblings: not in every longest order-kept chain of them, so both
   sections of a swap are moved and one section moved far is the only one), ``text`` (editorial
   or substantive: the word diff of its text and tables, :mod:`tracker.align.pair_diff`),
   ``split`` and ``merged``. Unmatched sections whose text lies mostly inside one section of the
   other document are split from / merged into it; the rest are added or removed.
5. **Primary kind.** ``Pair.kind`` names the most informative change, in the order of
   :data:`PRIMARY_ORDER`: an editor's kind, split, merged, moved, retitled, renumbered, text, and
   last the changes that say least — a renumbering that only follows the chapter, a title whose
   year alone changed. It is ``unchanged`` only when no change applies (``added``/``removed`` for
   a section on one side).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from tracker.align.overrides import Overrides, resolve
from tracker.align.pair_diff import PairDiff, pair_diffs
from tracker.align.refs import find_references
from tracker.align.text import (
    YEAR_RE,
    TfIdf,
    containment,
    match_title_key,
    match_words,
    number_parts,
    shingles,
    topic_words,
)
from tracker.model import Document, RenumberingRecord, Section

Kind = Literal["unchanged", "renumbered", "retitled", "moved", "text", "split", "merged", "added", "removed"]
ChangeKind = Literal["renumbered", "retitled", "moved", "text", "split", "merged"]

# Tuned on the 2024 → 2025 grunnlagsdokumenter and the hand-built cases in the tests.
MATCH_THRESHOLD = 0.42  # a pair below this is not the same topic
MOVE_THRESHOLD = 0.55  # a pair crossing the backbone needs more evidence
SPLIT_CONTAINMENT = 0.5  # share of a section's 3-word shingles found in the other section
MAX_CANDIDATES = 12
MAX_SIBLING_PAIRS = 900  # children of two matched parents compared all-to-all up to 30 × 30
MAX_POSTING = 60  # words in more titles/bodies than this are too common to block on
SIGNATURE_WORDS = 12


class SectionChange(BaseModel):
    """One change of a matched pair of sections; a pair carries every change that applies to it."""

    model_config = ConfigDict(extra="forbid")

    kind: ChangeKind = Field(description="renumbered, retitled, moved, text, split or merged")
    reason: str | None = Field(
        default=None,
        description="Why, for a reader (bokmål): the renumbering a number follows ('kapittel 3 → 4'), where a "
        "section moved ('fra kapittel 2 til kapittel 4', 'ny plass i rekkefølgen')",
    )
    before: str | None = Field(
        default=None,
        description="renumbered: the old number; retitled: the old title; moved: the old parent's number or id "
        "(None: top level)",
    )
    after: str | None = Field(default=None, description="The same on the new side")
    with_chapter: bool = Field(
        default=False,
        description="renumbered: the number only follows its chapter's (or parent's) renumbering — the section "
        "moved with its chapter",
    )
    year_only: bool = Field(default=False, description="retitled: the titles differ in their years alone")
    text_change: Literal["editorial", "substantive"] | None = Field(
        default=None, description="text: how the text and tables changed (editorial, or substantive)"
    )
    by_editor: bool = Field(default=False, description="Named by an editor's override (lineages/overrides.yaml)")

    @property
    def minor(self) -> bool:
        """A change that says least: a number following its chapter's, a title whose year alone changed."""
        return self.with_chapter or self.year_only


# The primary kind of a pair is its first change in this order (an editor's kind before all). A minor
# change (see SectionChange.minor) comes after every other: a renumbering that only follows the chapter
# is already said on the chapter's line, and a new year in a title is routine in a yearly edition.
PRIMARY_ORDER: tuple[ChangeKind, ...] = ("split", "merged", "moved", "retitled", "renumbered", "text")


def change_rank(change: SectionChange) -> tuple[int, int, int]:
    """Sort key: the primary change first (see :data:`PRIMARY_ORDER`)."""
    return (not change.by_editor, change.minor, PRIMARY_ORDER.index(change.kind))


def primary_kind(changes: list[SectionChange]) -> Kind:
    """The one word for a matched pair: its most informative change, or ``unchanged`` when none applies."""
    return min(changes, key=change_rank).kind if changes else "unchanged"


class Pair(BaseModel):
    """One line of an alignment: a matched pair, or a section present on one side only."""

    model_config = ConfigDict(extra="forbid")

    old: str | None = Field(description="Old section number (its id when unnumbered); None when added")
    new: str | None = Field(description="New section number (its id when unnumbered); None when removed")
    old_id: str | None = None
    new_id: str | None = None
    old_title: str | None = None
    new_title: str | None = None
    kind: Kind = Field(
        description="The primary kind: added, removed, unchanged (no change applies), or the first of "
        "``changes``"
    )
    changes: list[SectionChange] = Field(
        default_factory=list,
        description="Every change that applies to a matched pair, the primary one first (empty for added, "
        "removed and unchanged)",
    )
    score: float = Field(ge=0.0, le=1.0, description="Confidence in this line, 0..1")
    evidence: list[str] = Field(default_factory=list)
    text_change: Literal["unchanged", "editorial", "substantive"] | None = Field(
        default=None,
        description="How the words of the title, text and tables changed together (matched pairs; None when "
        "not computed). The ``text`` change leaves the title out: a new title is ``retitled``",
    )

    @property
    def kinds(self) -> list[str]:
        """The kind of every change, the primary one first (``[kind]`` for added, removed, unchanged)."""
        return [c.kind for c in self.changes] or [self.kind]

    def change(self, kind: ChangeKind) -> SectionChange | None:
        """The change of that kind, if it applies."""
        return next((c for c in self.changes if c.kind == kind), None)

    def brief(self) -> dict:
        """The list format of ``tracker align --json``."""
        return {
            "old": self.old,
            "new": self.new,
            "old_title": self.old_title,
            "new_title": self.new_title,
            "kind": self.kind,
            "score": self.score,
            "changes": [c.model_dump(mode="json") for c in self.changes],
        }


def with_changes(pair: Pair, changes: list[SectionChange]) -> Pair:
    """The pair with this set of changes, in primary order, and its primary kind."""
    ordered = sorted(changes, key=change_rank)
    kind: Kind = pair.kind if pair.old_id is None or pair.new_id is None else primary_kind(ordered)
    return pair.model_copy(update={"changes": ordered, "kind": kind})


def add_text_changes(pairs: list[Pair], diffs: list[PairDiff]) -> list[Pair]:
    """The pairs with their text change from their diffs: ``text_change`` (title, text and tables) and,
    when the text or tables changed, a ``text`` change (the title is ``retitled``'s business)."""
    by_ids = {(d.old_id, d.new_id): d for d in diffs}
    out = []
    for p in pairs:
        d = by_ids.get((p.old_id, p.new_id))
        if p.old_id is None or p.new_id is None or d is None or d.verdict is None:
            out.append(p)
            continue
        changes = [c for c in p.changes if c.kind != "text"]
        by_editor = any(c.kind == "text" and c.by_editor for c in p.changes)
        body = d.body_verdict
        if body != "unchanged":
            changes.append(SectionChange(kind="text", text_change=body, by_editor=by_editor))
        elif by_editor:  # an editor's word stands even where the diff sees no change
            changes += [c for c in p.changes if c.kind == "text"]
        out.append(with_changes(p.model_copy(update={"text_change": d.verdict}), changes))
    return out


# --------------------------------------------------------------------------------------
# Per-document features


@dataclass
class _Side:
    doc: Document
    secs: list[Section]
    parent: list[int]
    keys: list[str]
    tkeys: list[str]
    twords: list[list[str]]
    parts: list[tuple[int, ...] | None]
    tokens: list[list[str]]  # own body words (or the subtree's, for an empty heading)
    own_tokens: list[list[str]]
    relpos: list[float]
    by_number: dict[str, int] = field(default_factory=dict)
    by_key: dict[str, int] = field(default_factory=dict)
    _shingles: dict[int, set] = field(default_factory=dict)

    def shingles(self, i: int) -> set:
        if i not in self._shingles:
            self._shingles[i] = shingles(self.own_tokens[i])
        return self._shingles[i]


def section_key(s: Section) -> str:
    return s.number if s.number else s.id


def _parents(secs: list[Section]) -> list[int]:
    parent: list[int] = []
    stack: list[int] = []
    for i, s in enumerate(secs):
        while stack and secs[stack[-1]].level >= s.level:
            stack.pop()
        parent.append(stack[-1] if stack else -1)
        stack.append(i)
    return parent


def _side(doc: Document) -> _Side:
    secs = list(doc.sections)
    parent = _parents(secs)
    own = []
    for s in secs:
        toks = match_words(s.text)
        if s.number:  # the section's own number in its text says nothing about its topic
            toks = [t for t in toks if t != s.number]
        own.append(toks)
    # A heading without text of its own (a chapter) is described by its subtree.
    tokens = [list(t) for t in own]
    for i in range(len(secs) - 1, -1, -1):
        p = parent[i]
        if p >= 0 and len(own[p]) < 8 and len(tokens[p]) < 4000:
            tokens[p].extend(tokens[i])
    n = len(secs)
    side = _Side(
        doc=doc,
        secs=secs,
        parent=parent,
        keys=[section_key(s) for s in secs],
        tkeys=(tkeys := [match_title_key(s.title) for s in secs]),
        twords=[sorted(set(topic_words(t))) for t in tkeys],
        parts=[number_parts(s.number) for s in secs],
        tokens=tokens,
        own_tokens=own,
        relpos=[i / max(n - 1, 1) for i in range(n)],
    )
    for i, s in enumerate(secs):
        if s.number and s.number not in side.by_number:
            side.by_number[s.number] = i
        side.by_key.setdefault(s.id, i)
    return side


# --------------------------------------------------------------------------------------
# Global order-preserving assignment


def _heaviest_chain(edges: list[tuple[int, int, float]], n_new: int) -> list[tuple[int, int]]:
    """Maximum-weight set of edges (i, j, w>0) with i and j both strictly increasing.

    Weighted LCS over a sparse edge list: edges sorted by i; for each i the best chain ending
    before column j is a prefix maximum, kept in a Fenwick tree. O(E log n).
    """
    size = n_new + 1
    tree_val = [0.0] * (size + 1)
    tree_arg = [-1] * (size + 1)

    def query(j: int) -> tuple[float, int]:  # best over columns < j (1-based prefix j)
        best, arg = 0.0, -1
        while j > 0:
            if tree_val[j] > best:
                best, arg = tree_val[j], tree_arg[j]
            j -= j & -j
        return best, arg

    def update(j: int, val: float, arg: int) -> None:
        j += 1
        while j <= size:
            if val > tree_val[j]:
                tree_val[j], tree_arg[j] = val, arg
            j += j & -j

    edges = sorted(edges)
    dp = [0.0] * len(edges)
    prev = [-1] * len(edges)
    k = 0
    while k < len(edges):
        i = edges[k][0]
        k2 = k
        while k2 < len(edges) and edges[k2][0] == i:
            k2 += 1
        for e in range(k, k2):
            _, j, w = edges[e]
            best, arg = query(j)
            dp[e], prev[e] = best + w, arg
        for e in range(k, k2):
            update(edges[e][1], dp[e], e)
        k = k2
    if not edges:
        return []
    best_e = max(range(len(edges)), key=lambda e: (dp[e], -e))
    chain = []
    e = best_e
    while e >= 0:
        chain.append((edges[e][0], edges[e][1]))
        e = prev[e]
    return chain[::-1]


# --------------------------------------------------------------------------------------


class _Aligner:
    def __init__(self, old: Document, new: Document, overrides: Overrides | None):
        self.o = _side(old)
        self.n = _side(new)
        no = len(self.o.secs)
        self.tfidf = TfIdf(self.o.tokens + self.n.tokens)
        self.no = no
        self.forced: dict[tuple[int, int], str | None] = {}
        self.forbidden: set[tuple[int, int]] = set()
        if overrides is not None:
            self._read_overrides(overrides)
        self.records = self._record_pairs()

    # -- evidence from outside the text ------------------------------------------------
    def _read_overrides(self, ov: Overrides) -> None:
        for fp in ov.pairs:
            a, b = resolve(fp.old, self.o.doc), resolve(fp.new, self.n.doc)
            if a is not None and b is not None:
                self.forced[(self.o.by_key[a.id], self.n.by_key[b.id])] = fp.kind
        for np_ in ov.no_pairs:
            a, b = resolve(np_.old, self.o.doc), resolve(np_.new, self.n.doc)
            if a is not None and b is not None:
                self.forbidden.add((self.o.by_key[a.id], self.n.by_key[b.id]))

    def _record_pairs(self) -> dict[tuple[int, int], str]:
        """Renumbering rows that name sections of these two documents (by number and title).

        A row counts only when its titles fit the sections: a table of regelverk points must not
        pair this document's 7.1 with its 6.1 just because the numbers coincide.
        """
        out: dict[tuple[int, int], str] = {}
        for doc in (self.o.doc, self.n.doc):
            for rec in doc.records:
                if not isinstance(rec, RenumberingRecord):
                    continue
                f = rec.fields
                on, nn = f.old_number or "", f.new_number or ""
                i, j = self.o.by_number.get(on), self.n.by_number.get(nn)
                if i is None or j is None:
                    continue
                ot, nt = match_title_key(f.old_title or ""), match_title_key(f.new_title or "")
                ok_old = not ot or fuzz.token_set_ratio(ot, self.o.tkeys[i]) >= 80
                ok_new = not nt or fuzz.token_set_ratio(nt, self.n.tkeys[j]) >= 80
                if ok_old and ok_new and (ot or nt):
                    out[(i, j)] = f"renumbering table ({doc.id} p. {rec.page}): {on} → {nn}"
        return out

    # -- candidates --------------------------------------------------------------------
    def candidates(self) -> dict[int, list[int]]:
        """For each new section, the old sections worth scoring (at most a few dozen).

        Content candidates are ranked by votes — shared title words count double, shared rare
        body words once — and only the best MAX_CANDIDATES are kept, so the work per section
        does not grow with the document. Structural candidates (same number, the number under
        a chapter shift, neighbours by position, table and editor pairs) are always kept.
        """
        o, n = self.o, self.n
        no = len(o.secs)
        title_index: dict[str, list[int]] = defaultdict(list)
        for i in range(no):
            for w in o.twords[i]:
                title_index[w].append(i)
        body_index: dict[str, list[int]] = defaultdict(list)
        for i in range(no):
            for w in self._signature(i):
                body_index[w].append(i)
        shifted: dict[tuple[int, ...], int] = {p: i for i, p in enumerate(o.parts) if p is not None}
        cands: dict[int, list[int]] = {}
        for j, s in enumerate(n.secs):
            votes: dict[int, int] = defaultdict(int)
            for w in n.twords[j]:
                post = title_index.get(w, ())
                if len(post) <= MAX_POSTING:
                    for i in post:
                        votes[i] += 2
            for w in self._signature(no + j):
                post = body_index.get(w, ())
                if len(post) <= MAX_POSTING:
                    for i in post:
                        votes[i] += 1
            pool = set(sorted(votes, key=lambda i: (-votes[i], i))[:MAX_CANDIDATES])
            if s.number and s.number in o.by_number:
                pool.add(o.by_number[s.number])
            p = n.parts[j]
            if p is not None:
                for d in (-2, -1, 1, 2):
                    q = (p[0] + d, *p[1:])
                    if q in shifted:
                        pool.add(shifted[q])
            centre = round(n.relpos[j] * (no - 1)) if no else 0
            pool.update(range(max(0, centre - 2), min(no, centre + 3)))
            cands[j] = sorted(pool)
        for i, j in list(self.records) + list(self.forced):
            cands.setdefault(j, [])
            if i not in cands[j]:
                cands[j].append(i)
        return {j: sorted(i for i in pool if (i, j) not in self.forbidden) for j, pool in cands.items()}

    def _signature(self, idx: int) -> list[str]:
        """The rarest words of a body (index into the combined tf-idf) found in both documents."""
        df = self.tfidf.df
        uniq = [t for t in self.tfidf.vectors[idx] if len(t) > 3 and not t.isdigit() and 2 <= df[t] <= MAX_POSTING]
        return sorted(uniq, key=lambda t: (df[t], t))[:SIGNATURE_WORDS]

    # -- scores ------------------------------------------------------------------------
    def base_score(self, i: int, j: int) -> tuple[float, list[str]]:
        o, n = self.o, self.n
        ta, tb = o.tkeys[i], n.tkeys[j]
        title = title_similarity(ta, tb, o.twords[i], n.twords[j])
        have_body = len(o.tokens[i]) >= 5 and len(n.tokens[j]) >= 5
        body = self.tfidf.cosine(i, self.no + j) if have_body else 0.0
        same_number = o.secs[i].number is not None and o.secs[i].number == n.secs[j].number
        pos = max(0.0, 1.0 - 4 * abs(o.relpos[i] - n.relpos[j]))
        if have_body:
            s = 0.45 * title + 0.45 * body + 0.05 * same_number + 0.05 * pos
        else:
            s = 0.8 * title + 0.1 * same_number + 0.1 * pos
        if o.secs[i].level != n.secs[j].level:
            s -= 0.05
        ev = [f"title {title:.2f}"]
        if have_body:
            ev.append(f"body {body:.2f}")
        if same_number:
            ev.append("same number")
        rec = self.records.get((i, j))
        if rec:
            s += 0.3
            ev.append(rec)
        return s, ev

    def refine(self, i: int, j: int, base: float, match_o: dict[int, int], xref: dict) -> tuple[float, list[str]]:
        o, n = self.o, self.n
        s, ev = base, []
        pi, pj = o.parent[i], n.parent[j]
        if pi >= 0 and pj >= 0:
            if match_o.get(pi) == pj:
                s += 0.1
                ev.append(f"parents aligned ({o.keys[pi]} → {n.keys[pj]})")
                exp = _expected_number(o.secs[i].number, n.secs[pj].number)
                if exp is not None and exp == n.secs[j].number:
                    s += 0.08
            elif pi in match_o:
                s -= 0.08
        elif pi < 0 and pj < 0:
            s += 0.03
        support = xref.get((i, j), 0)
        if support:
            s += min(0.1, 0.05 * support)
            ev.append(f"cross-references agree ({support})")
        return s, ev

    # -- solve -------------------------------------------------------------------------
    def solve(self) -> list[Pair]:
        cands = self.candidates()
        base: dict[tuple[int, int], tuple[float, list[str]]] = {}
        for j, pool in cands.items():
            for i in pool:
                base[(i, j)] = self.base_score(i, j)
        scores = {k: v[0] for k, v in base.items()}
        match = self._assign(scores)
        self.extra_ev: dict[tuple[int, int], list[str]] = {}
        # Further rounds: hierarchy and cross-references given the previous assignment.
        for _ in range(3):
            match_o = dict(match)
            # The children of two matched parents are candidates for each other, whatever
            # their titles: a retitled section with an OCR-damaged title is found here.
            for j, i in self._sibling_candidates(match_o):
                if (i, j) not in base and (i, j) not in self.forbidden:
                    base[(i, j)] = self.base_score(i, j)
                    cands.setdefault(j, []).append(i)
            xref = self._xref_support(match_o)
            refined: dict[tuple[int, int], float] = {}
            self.extra_ev = {}
            for (i, j), (b, _) in base.items():
                s, ev = self.refine(i, j, b, match_o, xref)
                refined[(i, j)] = s
                self.extra_ev[(i, j)] = ev
            new_match = self._assign(refined)
            converged = new_match == match
            match = new_match
            scores = refined
            if converged:
                break
        return self._pairs(match, scores, base, cands)

    def _sibling_candidates(self, match_o: dict[int, int]) -> list[tuple[int, int]]:
        """(new child, old child) for the children of every matched pair of parents (bounded)."""
        kids_o: dict[int, list[int]] = defaultdict(list)
        kids_n: dict[int, list[int]] = defaultdict(list)
        for i, p in enumerate(self.o.parent):
            kids_o[p].append(i)
        for j, p in enumerate(self.n.parent):
            kids_n[p].append(j)
        pairs_of_parents = list(match_o.items()) + [(-1, -1)]
        out = []
        for pi, pj in pairs_of_parents:
            ko, kn = kids_o.get(pi, []), kids_n.get(pj, [])
            if ko and kn and len(ko) * len(kn) <= MAX_SIBLING_PAIRS:
                out.extend((j, i) for j in kn for i in ko)
        return out

    def _assign(self, scores: dict[tuple[int, int], float]) -> dict[int, int]:
        match: dict[int, int] = {}
        for i, j in self.forced:
            match[i] = j
        used_o, used_n = set(match), set(match.values())
        threshold = MATCH_THRESHOLD
        for _ in range(4):  # backbone, then leftovers (moves, swaps)
            edges = [
                (i, j, s - threshold + 1e-6)
                for (i, j), s in scores.items()
                if s >= threshold and i not in used_o and j not in used_n
            ]
            chain = _heaviest_chain(edges, len(self.n.secs))
            if not chain:
                break
            for i, j in chain:
                match[i] = j
                used_o.add(i)
                used_n.add(j)
            threshold = MOVE_THRESHOLD
        return match

    def _xref_support(self, match_o: dict[int, int]) -> dict[tuple[int, int], int]:
        """Pairs (X, Y) such that a matched old section points to X where its new one points to Y."""
        support: dict[tuple[int, int], int] = defaultdict(int)
        for i, j in match_o.items():
            ro = [r.number for r in find_references(self.o.secs[i].text) if r.target == "internal"]
            rn = [r.number for r in find_references(self.n.secs[j].text) if r.target == "internal"]
            if len(ro) != len(rn):
                continue
            for a, b in zip(ro, rn, strict=True):
                x, y = self.o.by_number.get(a), self.n.by_number.get(b)
                if x is not None and y is not None:
                    support[(x, y)] += 1
        return support

    # -- output ------------------------------------------------------------------------
    def _pairs(self, match, scores, base, cands) -> list[Pair]:
        o, n = self.o, self.n
        inv = {j: i for i, j in match.items()}
        split_of: dict[int, list[int]] = defaultdict(list)  # old i -> extra new parts
        merged_into: dict[int, list[int]] = defaultdict(list)  # new j -> extra old parts
        # Unmatched new sections whose text comes from one old section: split off it.
        cand_old_of = cands
        cand_new_of: dict[int, list[int]] = defaultdict(list)
        for j, pool in cands.items():
            for i in pool:
                cand_new_of[i].append(j)
        for j in range(len(n.secs)):
            if j in inv or len(n.shingles(j)) < 5:
                continue
            best = max(
                ((containment(n.shingles(j), o.shingles(i)), i) for i in cand_old_of.get(j, [])
                 if (i, j) not in self.forbidden),
                default=(0.0, -1),
            )
            if best[0] >= SPLIT_CONTAINMENT:
                split_of[best[1]].append(j)
        match = dict(match)
        contained: dict[tuple[int, int], float] = {}

        def rematch(i: int, j: int, share: float) -> None:
            match[i] = j
            inv[j] = i
            contained[(i, j)] = share

        # A matched old section whose only "part" holds its text while its partner holds none of it was
        # matched by title alone (two sections that traded titles): the part is its counterpart, and the
        # partner is left for the merge step below. A section split in two shares text with both.
        for i in [i for i, parts in split_of.items() if i in match and len(parts) == 1]:
            j, part = match[i], split_of[i][0]
            if len(n.shingles(j)) >= 5 and containment(n.shingles(j), o.shingles(i)) < SPLIT_CONTAINMENT \
                    and (i, part) not in self.forbidden and (i, j) not in self.forced:
                del split_of[i], inv[j]
                rematch(i, part, containment(n.shingles(part), o.shingles(i)))
        # An unmatched old section whose only "part" is one new section is simply that section,
        # found by its text rather than its title: a match (its changes decided below).
        for i in [i for i, parts in split_of.items() if i not in match and len(parts) == 1]:
            j = split_of.pop(i)[0]
            rematch(i, j, containment(n.shingles(j), o.shingles(i)))
        extra_new = {j for parts in split_of.values() for j in parts}
        # A pair is never both split and merged: the partner of a split section takes no merged parts.
        split_partners = {match[i] for i in split_of if i in match}
        for i in range(len(o.secs)):
            if i in match or i in split_of or len(o.shingles(i)) < 5:
                continue
            best = max(
                ((containment(o.shingles(i), n.shingles(j)), j) for j in cand_new_of.get(i, [])
                 if (i, j) not in self.forbidden and j not in extra_new and j not in split_partners),
                default=(0.0, -1),
            )
            if best[0] >= SPLIT_CONTAINMENT:
                merged_into[best[1]].append(i)
        for j in [j for j, parts in merged_into.items() if j not in inv and len(parts) == 1]:
            i = merged_into.pop(j)[0]
            rematch(i, j, containment(o.shingles(i), n.shingles(j)))

        # A chapter shift is one move of the parent: say so on the parent's line.
        following: dict[int, int] = defaultdict(int)
        children: dict[int, int] = defaultdict(int)
        for i, j in match.items():
            pi, pj = o.parent[i], n.parent[j]
            if pi >= 0:
                children[pi] += 1
                if match.get(pi) == pj:
                    following[pi] += 1
        out_of_order = self._out_of_order(match)
        lines: list[tuple[int | None, int | None, list[SectionChange], float, list[str], str]] = []
        for i, j in match.items():
            forced = (i, j) in self.forced
            changes, ev = self._changes(i, j, match, out_of_order)
            if following.get(i) and o.secs[i].number != n.secs[j].number:
                ev = [*ev, f"{following[i]} of {children[i]} matched subsections move with it to {n.keys[j]}"]
            if forced:
                changes = _editor_kind(changes, self.forced[(i, j)])
                ev = ["editor override", *ev]
            if i in split_of and not any(c.kind == "split" for c in changes):
                changes.append(SectionChange(kind="split", reason="delt i " + _listing(n.keys, [j, *split_of[i]])))
            if j in merged_into and not any(c.kind == "merged" for c in changes):
                changes.append(SectionChange(kind="merged",
                                             reason="slått sammen av " + _listing(o.keys, [i, *merged_into[j]])))
            s = scores.get((i, j))
            sc = 1.0 if forced else _clamp(s if s is not None else contained.get((i, j), 0.5))
            if (i, j) in contained:
                ev = [f"{contained[(i, j)]:.0%} of the text is shared", *ev]
            ev = (base.get((i, j), (0, []))[1] + self.extra_ev.get((i, j), []) + ev) if not forced else ev
            lines.append((i, j, changes, sc, ev, "unchanged"))
        for i, parts in split_of.items():
            for j in parts:
                c = containment(n.shingles(j), o.shingles(i))
                reason = "delt i " + _listing(n.keys, [*parts, match[i]] if i in match else parts)
                lines.append((i, j, [SectionChange(kind="split", reason=reason)], _clamp(c),
                              [f"{c:.0%} of its text comes from {o.keys[i]}"], "split"))
        for j, parts in merged_into.items():
            for i in parts:
                c = containment(o.shingles(i), n.shingles(j))
                reason = "slått sammen av " + _listing(o.keys, [*parts, inv[j]] if j in inv else parts)
                lines.append((i, j, [SectionChange(kind="merged", reason=reason)], _clamp(c),
                              [f"{c:.0%} of its text is found in {n.keys[j]}"], "merged"))
        extra_old = {i for parts in merged_into.values() for i in parts}
        best_o: dict[int, float] = defaultdict(float)
        best_n: dict[int, float] = defaultdict(float)
        for (i, j), s in scores.items():
            best_o[i] = max(best_o[i], s)
            best_n[j] = max(best_n[j], s)
        for i in range(len(o.secs)):
            if i not in match and i not in extra_old and i not in split_of:
                lines.append((i, None, [], _clamp(1 - best_o[i]), ["no counterpart"], "removed"))
        for j in range(len(n.secs)):
            if j not in inv and j not in extra_new and j not in merged_into:
                lines.append((None, j, [], _clamp(1 - best_n[j]), ["no counterpart"], "added"))
        return [self._make(*line) for line in _order(lines, match)]

    def _out_of_order(self, match: dict[int, int]) -> set[int]:
        """Old sections that changed place among their siblings (under counterpart parents): those
        not in every longest chain of siblings that kept their order. Both sections of a swap are
        moved; one section moved far is the only one."""
        o, n = self.o, self.n
        groups: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for i, j in match.items():
            pi, pj = o.parent[i], n.parent[j]
            if (pi < 0 and pj < 0) or (pi >= 0 and match.get(pi) == pj):
                groups[(pi, pj)].append((i, j))
        out: set[int] = set()
        for members in groups.values():
            members.sort()
            kept = _in_every_longest_chain([j for _i, j in members])
            out.update(i for (i, _j), k in zip(members, kept, strict=True) if not k)
        return out

    def _changes(self, i: int, j: int, match: dict[int, int], out_of_order: set[int]) -> tuple[list[SectionChange], list[str]]:
        """The structural changes of a matched pair (moved, retitled, renumbered) and their evidence."""
        o, n = self.o, self.n
        a, b = o.secs[i], n.secs[j]
        pi, pj = o.parent[i], n.parent[j]
        changes: list[SectionChange] = []
        ev: list[str] = []
        parent_kept = (pi < 0 and pj < 0) or (pi >= 0 and match.get(pi) == pj)
        if not parent_kept:
            before, after = (o.keys[pi] if pi >= 0 else None), (n.keys[pj] if pj >= 0 else None)
            changes.append(SectionChange(kind="moved", before=before, after=after,
                                         reason=f"fra {_place(o.secs, pi)} til {_place(n.secs, pj)}"))
            ev.append(f"parent {before or 'top level'} → {after or 'top level'}")
        elif i in out_of_order:
            changes.append(SectionChange(kind="moved", reason="ny plass i rekkefølgen"))
            ev.append("its place among its siblings changed")
        if not same_title(o.tkeys[i], n.tkeys[j]):
            changes.append(SectionChange(kind="retitled", before=a.title, after=b.title))
        elif YEAR_RE.findall(a.title) != YEAR_RE.findall(b.title):
            changes.append(SectionChange(kind="retitled", before=a.title, after=b.title, year_only=True))
        if (a.number or None) != (b.number or None):
            expected = _expected_number(a.number, n.secs[pj].number) if parent_kept and pi >= 0 else None
            if expected is not None and expected == b.number and o.secs[pi].number != n.secs[pj].number:
                ti, tj = self._shift_origin(pi, pj, match)
                where = "kapittel" if o.parent[ti] < 0 else "punkt"
                changes.append(SectionChange(kind="renumbered", before=a.number, after=b.number, with_chapter=True,
                                             reason=f"{where} {o.secs[ti].number} → {n.secs[tj].number}"))
                ev.append(f"number follows parent {o.keys[pi]} → {n.keys[pj]}")
            else:
                changes.append(SectionChange(kind="renumbered", before=a.number, after=b.number))
        return changes, ev

    def _shift_origin(self, pi: int, pj: int, match: dict[int, int]) -> tuple[int, int]:
        """The highest ancestor pair whose renumbering a section's number follows: chapter 3 → 4 for
        3.3 → 4.3, and for 3.3.1 → 4.3.1 too."""
        o, n = self.o, self.n
        while True:
            gi, gj = o.parent[pi], n.parent[pj]
            if gi < 0 or gj < 0 or match.get(gi) != gj or o.secs[gi].number == n.secs[gj].number:
                return pi, pj
            if _expected_number(o.secs[pi].number, n.secs[gj].number) != n.secs[pj].number:
                return pi, pj
            pi, pj = gi, gj

    def _make(self, i, j, changes, score, ev, kind) -> Pair:
        a = self.o.secs[i] if i is not None else None
        b = self.n.secs[j] if j is not None else None
        pair = Pair(
            old=section_key(a) if a else None,
            new=section_key(b) if b else None,
            old_id=a.id if a else None,
            new_id=b.id if b else None,
            old_title=a.title if a else None,
            new_title=b.title if b else None,
            kind=kind,
            score=round(score, 3),
            evidence=_dedup(ev),
        )
        return with_changes(pair, changes)


def title_similarity(a: str, b: str, wa: list[str] | None = None, wb: list[str] | None = None) -> float:
    """0..1 for two title keys: half character similarity, half shared words.

    Character similarity alone rates "gruppebehandling" close to "familiebehandling"; the word
    part (Dice over topic words, a word counting as shared when it is a near-spelling, which
    absorbs OCR slips and inflections) keeps different topics apart.
    """
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    wa = sorted(set(topic_words(a))) if wa is None else wa
    wb = sorted(set(topic_words(b))) if wb is None else wb
    shared = 0
    for w in wa:
        if w in wb or any(fuzz.ratio(w, v) >= 85 for v in wb):
            shared += 1
    dice = 2 * shared / (len(wa) + len(wb)) if wa and wb else 0.0
    chars = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b), fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""))) / 100
    if dice < chars and _spelled_alike(a, b):
        dice = chars  # the same words, split or misread by OCR
    return 0.5 * chars + 0.5 * min(dice, 1.0)


def _spelled_alike(a: str, b: str) -> bool:
    """Two title keys that are the same words up to OCR slips and stray spaces.

    Every word of either title (of 4+ letters) is found, nearly, in the other title with its
    spaces removed, and the lengths agree within a character or two: "gruppcbehandling" ≈ "gruppebehandling",
    "tv errfaglige" ≈ "tverrfaglige"; but "særtjenester og rapportering" is not
    "særtjenester (stg) og rapportering" — "stg" is a word the first one lacks.
    """
    ja, jb = a.replace(" ", ""), b.replace(" ", "")
    if ja == jb:
        return True
    if abs(len(ja) - len(jb)) > max(2, 0.08 * max(len(ja), len(jb))):
        return False
    for words_, joined in ((b.split(), ja), (a.split(), jb)):
        for w in words_:
            if len(w) >= 4 and fuzz.partial_ratio(w, joined) < 80:
                return False
    return fuzz.ratio(ja, jb) >= 85


def same_title(a: str, b: str) -> bool:
    """Whether two (folded) title keys are the same title, for the retitled/unchanged decision."""
    return a == b or _spelled_alike(a, b)


def _expected_number(old_number: str | None, new_parent_number: str | None) -> str | None:
    """Where a section would be if only its parent had moved: 3.3 under 3 → 4 gives 4.3."""
    if not old_number or not new_parent_number or "." not in old_number:
        return None
    return f"{new_parent_number}.{old_number.rsplit('.', 1)[1]}"


def _editor_kind(changes: list[SectionChange], kind: str | None) -> list[SectionChange]:
    """The changes with an editor's kind: it becomes the primary change (added when the aligner did not
    find it); ``unchanged`` clears the structural changes the aligner found."""
    if kind is None:
        return changes
    if kind == "unchanged":
        return []
    if not any(c.kind == kind for c in changes):
        changes = [*changes, SectionChange(kind=kind)]
    return [c.model_copy(update={"by_editor": True}) if c.kind == kind else c for c in changes]


def _listing(keys: list[str], idxs: list[int]) -> str:
    """"4.3 og 4.4", "4.3, 4.4 og 4.5": sections named in document order."""
    names = [keys[k] for k in sorted(set(idxs))]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def _place(secs: list[Section], k: int) -> str:
    """Where a section sits, for a reader: "kapittel 4", "punkt 4.2", "«Title»" or "øverste nivå"."""
    if k < 0:
        return "øverste nivå"
    s = secs[k]
    if s.number:
        return f"{'punkt' if '.' in s.number.strip('.') else 'kapittel'} {s.number}"
    return f"«{s.title}»"


def _in_every_longest_chain(values: list[int]) -> list[bool]:
    """For distinct values in sequence: whether each one is in every longest increasing subsequence.

    The length of the longest run ending at and starting from each element (patience sorting, O(k log k))
    puts it on some longest chain when they add up to the longest; it is on all of them when no other
    element on a longest chain has the same position in it.
    """
    k = len(values)
    ending, tails = [0] * k, []
    for t, v in enumerate(values):
        pos = bisect.bisect_left(tails, v)
        tails[pos:pos + 1] = [v]
        ending[t] = pos + 1
    starting, tails = [0] * k, []
    for t in range(k - 1, -1, -1):
        pos = bisect.bisect_left(tails, -values[t])
        tails[pos:pos + 1] = [-values[t]]
        starting[t] = pos + 1
    longest = max(ending, default=0)
    on_some = [ending[t] + starting[t] - 1 == longest for t in range(k)]
    at_position: dict[int, int] = defaultdict(int)
    for t in range(k):
        if on_some[t]:
            at_position[ending[t]] += 1
    return [on_some[t] and at_position[ending[t]] == 1 for t in range(k)]


def _clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


def _dedup(xs: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in xs if not (x in seen or seen.add(x))]


def _order(lines, match):
    """New-document order; a removed section goes right after its old predecessor's counterpart."""
    matched_old = sorted(match)
    prefix_max: list[int] = []  # prefix_max[k]: largest new index among the first k+1 matched old
    for i in matched_old:
        prefix_max.append(max(match[i], prefix_max[-1] if prefix_max else -1))

    def key(line):
        i, j = line[0], line[1]
        if j is not None:
            return (j, 0, i if i is not None else -1)
        k = bisect.bisect_left(matched_old, i)
        anchor = prefix_max[k - 1] if k else -1
        return (anchor, 1, i)

    return sorted(lines, key=key)


def align(old: Document, new: Document, *, overrides: Overrides | None = None) -> list[Pair]:
    """Align every section of ``old`` with ``new``; each section appears in exactly one Pair
    (split and merged sections in several Pairs sharing a side). Every matched pair carries its set
    of changes, its text change included."""
    return align_with_diffs(old, new, overrides=overrides)[0]


def align_with_diffs(old: Document, new: Document, *, overrides: Overrides | None = None
                     ) -> tuple[list[Pair], list[PairDiff]]:
    """:func:`align`, and the diff of every pair it was decided from (see :func:`pair_diffs`)."""
    pairs = _Aligner(old, new, overrides).solve()
    diffs = pair_diffs(pairs, old, new)
    return add_text_changes(pairs, diffs), diffs
