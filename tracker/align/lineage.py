"""Lineages: the same topic followed over the years, under stable, readable ids.

The committed registry (``lineages/registry.yaml``) keeps, for every lineage, its id (a slug
such as ``forlop-innsetting-kneprotese``), its current title and its members (document,
section, year, number, title). Ids are only ever added: a lineage keeps its id when its title or
numbers change, and an id that lost all its members stays reserved (``retired``), so a link to
it never comes to mean something else. Editors' ``lineage_ids`` in ``lineages/overrides.yaml``
win over everything. A document that is gone from the corpus (its PDF was removed) is gone from the
registry too: its sections are no longer members of any active lineage.

The registry also keeps the regelverk chapters (see :mod:`tracker.align.regelverk`): for each,
its numbers and titles by year and every passage of any document that talks about it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tracker.align import regelverk
from tracker.align.match import Pair
from tracker.align.overrides import DEFAULT_OVERRIDES_PATH, Overrides, split_ref
from tracker.align.text import slugify, title_key
from tracker.errors import InputError
from tracker.io import load_yaml
from tracker.model import Document, write_atomic
from tracker.paths import REGISTRY_PATH, rel

DEFAULT_REGISTRY_PATH = REGISTRY_PATH
REGISTRY_VERSION = 1
HEADER = (
    "# Lineage registry of isf-tracker: which sections of which documents are the same topic.\n"
    "# Written by `tracker align`/`tracker build`. Ids are stable and never reused; to confirm or\n"
    "# correct a match or an id, edit lineages/overrides.yaml (it wins), not this file.\n"
)


# Words of chapter titles too general to tell two same-named sections apart.
GENERIC_WORDS = frozenset("isf endringer generelle regler annen informasjon overordnet om".split())


class RegistryError(InputError):
    """The lineage registry is malformed (the message names the file)."""


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Member(_M):
    doc_id: str
    section_id: str
    year: int | None
    number: str | None
    title: str
    page: int | None = None


class Lineage(_M):
    id: str
    title: str
    status: str = Field(default="active", pattern="^(active|retired)$")
    members: list[Member] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list, description="'from <id>' (split off / merged from), 'into <id>'")
    regelverk: list[str] = Field(default_factory=list, description="Ids of the regelverk chapters it is about")


class ChapterVersion(_M):
    year: int
    number: str
    title: str | None = None


class Passage(NamedTuple):
    doc_id: str
    section_id: str | None
    page: int
    excerpt: str


class PassageRecord(_M):
    doc_id: str
    section_id: str | None
    page: int
    excerpt: str
    source: str

    def as_tuple(self) -> Passage:
        return Passage(self.doc_id, self.section_id, self.page, self.excerpt)


class RegelverkChapter(_M):
    id: str
    title: str | None
    history: list[ChapterVersion] = Field(default_factory=list)
    passage_records: list[PassageRecord] = Field(default_factory=list)
    lineages: list[str] = Field(default_factory=list, description="Ids of the section lineages about it")

    @property
    def numbers(self) -> dict[int, str]:
        return {v.year: v.number for v in self.history}

    @property
    def titles(self) -> dict[int, str | None]:
        return {v.year: v.title for v in self.history}

    @property
    def passages(self) -> list[Passage]:
        return [p.as_tuple() for p in self.passage_records]


class _RegistryFile(_M):
    version: int = REGISTRY_VERSION
    lineages: list[Lineage] = Field(default_factory=list)
    regelverk_chapters: list[RegelverkChapter] = Field(default_factory=list)


def _alignment_items(alignments: Any) -> list[tuple[str, str, list[Pair]]]:
    """Accept a CorpusAlignment, a mapping {(old_id, new_id): pairs} or a list of such triples."""
    if hasattr(alignments, "alignments"):
        return [(a.old_id, a.new_id, a.pairs) for a in alignments.alignments]
    if isinstance(alignments, Mapping):
        return [(k[0], k[1], v) for k, v in alignments.items()]
    out = []
    for a in alignments:
        if hasattr(a, "old_id"):
            out.append((a.old_id, a.new_id, a.pairs))
        else:
            out.append((a[0], a[1], a[2]))
    return out


class Registry:
    def __init__(self, path: Path, data: _RegistryFile, overrides: Overrides, overrides_source: str = "overrides"):
        self.path = path
        self.overrides_source = overrides_source
        self.data = data
        self.overrides = overrides
        self._reindex()

    # -- persistence ---------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path = DEFAULT_REGISTRY_PATH, overrides_path: str | Path | None = None) -> Registry:
        p = Path(path)
        if overrides_path is None:
            overrides_path = p.parent / DEFAULT_OVERRIDES_PATH.name
        overrides = Overrides.load(overrides_path)
        source = str(overrides_path)
        if not p.exists():
            return cls(p, _RegistryFile(), overrides, source)
        raw = load_yaml(p, error=RegistryError) or {}  # libyaml when present: read on every check and build
        try:
            data = _RegistryFile.model_validate(raw)
        except ValidationError as exc:
            raise RegistryError(f"{rel(p)}: invalid lineage registry: {exc}") from exc
        if data.version != REGISTRY_VERSION:
            raise RegistryError(f"{p}: registry version {data.version}, expected {REGISTRY_VERSION}")
        return cls(p, data, overrides, source)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str | Path = DEFAULT_REGISTRY_PATH,
                  overrides_path: str | Path | None = None) -> Registry:
        """A registry from its data (as ``self.data.model_dump(mode="json")`` gives it), e.g. a build artifact."""
        p = Path(path)
        if overrides_path is None:
            overrides_path = p.parent / DEFAULT_OVERRIDES_PATH.name
        try:
            parsed = _RegistryFile.model_validate(data)
        except ValidationError as exc:
            raise RegistryError(f"{p}: invalid lineage registry data: {exc}") from exc
        return cls(p, parsed, Overrides.load(overrides_path), str(overrides_path))

    def to_yaml(self) -> str:
        # The pure-Python dumper on purpose: libyaml's may wrap differently, and the file must be
        # byte-identical wherever it is written.
        body = yaml.safe_dump(
            self.data.model_dump(mode="json"), allow_unicode=True, sort_keys=False, width=110, default_flow_style=False
        )
        return HEADER + body

    def save(self, path: str | Path | None = None) -> None:
        write_atomic(Path(path) if path else self.path, self.to_yaml())

    # -- queries ---------------------------------------------------------------------------
    def _reindex(self) -> None:
        self._by_member: dict[tuple[str, str], str] = {}
        self._by_id: dict[str, Lineage] = {}
        for lin in self.data.lineages:
            self._by_id[lin.id] = lin
            if lin.status != "active":
                continue
            for m in lin.members:
                self._by_member[(m.doc_id, m.section_id)] = lin.id

    def lineage_of(self, doc_id: str, section_id: str) -> str | None:
        return self._by_member.get((doc_id, section_id))

    def members(self, lineage_id: str) -> list[tuple[str, str]]:
        lin = self._by_id.get(lineage_id)
        return [] if lin is None or lin.status != "active" else [(m.doc_id, m.section_id) for m in lin.members]

    def lineage(self, lineage_id: str) -> Lineage | None:
        return self._by_id.get(lineage_id)

    def lineages(self) -> list[Lineage]:
        return list(self.data.lineages)

    def regelverk_chapters(self) -> list[RegelverkChapter]:
        return list(self.data.regelverk_chapters)

    # -- update ----------------------------------------------------------------------------
    def update(self, documents: list[Document], alignments: Any) -> None:
        """Put every section of ``documents`` in a lineage following ``alignments``.

        ``documents`` is the whole corpus: the members of a document not in it are dropped (its PDF
        was removed), and so are the regelverk chapters only such documents talked about.
        Existing ids are kept: a chain of sections takes the id its members already had (by
        section id, or by number or title when a re-extraction changed the section ids).
        """
        docs = sorted(documents, key=lambda d: (d.kind, d.year or 0, d.id))
        items = _alignment_items(alignments)

        # 1. Which pair continues a lineage: the best-scored link of both its ends.
        best_succ: dict[tuple[str, str], tuple[float, tuple[str, str]]] = {}
        best_pred: dict[tuple[str, str], tuple[float, tuple[str, str]]] = {}
        links: list[tuple[tuple[str, str], tuple[str, str], float]] = []
        for old_id, new_id, pairs in items:
            for p in pairs:
                if p.old_id is None or p.new_id is None:
                    continue
                a, b = (old_id, p.old_id), (new_id, p.new_id)
                links.append((a, b, p.score))
                if a not in best_succ or p.score > best_succ[a][0]:
                    best_succ[a] = (p.score, b)
                if b not in best_pred or p.score > best_pred[b][0]:
                    best_pred[b] = (p.score, a)
        pred: dict[tuple[str, str], tuple[str, str]] = {}
        side_links: list[tuple[tuple[str, str], tuple[str, str]]] = []
        for a, b, _s in links:
            if best_succ[a][1] == b and best_pred[b][1] == a:
                pred[b] = a
            else:
                side_links.append((a, b))

        # 2. Chains, in document order.
        chain_of: dict[tuple[str, str], int] = {}
        chains: list[list[tuple[Document, int]]] = []
        for d in docs:
            for k, s in enumerate(d.sections):
                node = (d.id, s.id)
                p = pred.get(node)
                if p is not None and p in chain_of:
                    c = chain_of[p]
                else:
                    c = len(chains)
                    chains.append([])
                chains[c].append((d, k))
                chain_of[node] = c

        # 3. Ids: overrides, then the ids members already had, then new slugs.
        old_index = self._member_keys()
        forced: dict[int, tuple[str, str | None]] = {}
        for ov in self.overrides.lineage_ids:
            doc_id, key = split_ref(ov.section)
            d = next((x for x in docs if x.id == doc_id), None)
            s = d.section(key) if d else None
            if s is not None and (d.id, s.id) in chain_of:
                c = chain_of[(d.id, s.id)]
                clash = [k for k, (fid, _) in forced.items() if fid == ov.id and k != c]
                if clash or (c in forced and forced[c][0] != ov.id):
                    raise RegistryError(
                        f"{self.overrides_source}: lineage id {ov.id!r} is given to sections of different "
                        f"lineages, or one lineage is given two ids"
                    )
                forced[c] = (ov.id, ov.title)
        used_ids = {lin.id for lin in self.data.lineages}
        taken: set[str] = {fid for fid, _ in forced.values()}
        chain_ids: list[str | None] = [None] * len(chains)
        for c, (fid, _t) in forced.items():
            chain_ids[c] = fid
        # Strongest evidence first across all chains (same section id), weakest last (same number).
        for level in KEY_LEVELS:
            for c, members in enumerate(chains):
                if chain_ids[c] is not None:
                    continue
                for d, k in members:
                    s = d.sections[k]
                    key = dict(_keys(d.id, s.id, s.number, s.title)).get(level)
                    lid = old_index.get(key) if key else None
                    if lid and lid not in taken:
                        chain_ids[c] = lid
                        taken.add(lid)
                        break
        for c, members in enumerate(chains):
            if chain_ids[c] is None:
                chain_ids[c] = self._new_id(members, used_ids | taken)
                taken.add(chain_ids[c])

        # 4. Rebuild from the documents' sections alone: a member of a document that is gone is dropped.
        known_ids = {lin.id for lin in self.data.lineages}
        old_titles = {lin.id: lin.title for lin in self.data.lineages}
        new_members: dict[str, list[Member]] = defaultdict(list)
        for c, members in enumerate(chains):
            for d, k in members:
                s = d.sections[k]
                new_members[chain_ids[c]].append(
                    Member(doc_id=d.id, section_id=s.id, year=d.year, number=s.number, title=s.title, page=s.page)
                )
        forced_titles = {fid: t for fid, t in forced.values() if t}
        related: dict[str, set[str]] = defaultdict(set)
        for a, b in side_links:
            la, lb = chain_ids[chain_of[a]], chain_ids[chain_of[b]]
            if la != lb:
                related[lb].add(f"from {la}")
                related[la].add(f"into {lb}")
        previous = {lin.id: lin for lin in self.data.lineages}
        lineages: list[Lineage] = []
        for lid in sorted(known_ids | set(new_members)):
            ms = list(new_members.get(lid, []))
            status = "active"
            if not ms:
                # No section is in this lineage any more (a section vanished, a re-extraction lost it,
                # or its document's PDF was removed). Retired, not removed: the id stays reserved (a
                # published link to the topic never comes to mean another one), and the last members
                # are kept, inactive, so that the section, or the PDF put back, finds its old id again.
                status, ms = "retired", list(previous[lid].members)
            ms.sort(key=lambda m: (m.year or 0, m.doc_id, m.page or 0, m.section_id))
            title = forced_titles.get(lid) or (ms[-1].title if ms else old_titles.get(lid, lid))
            lineages.append(
                Lineage(id=lid, title=title, status=status, members=ms, related=sorted(related.get(lid, set())))
            )
        self.data.lineages = lineages
        self._update_regelverk(documents)
        self._reindex()

    def _member_keys(self) -> dict[tuple, str]:
        index: dict[tuple, str] = {}
        for lin in sorted(self.data.lineages, key=lambda x: x.status != "active"):
            for m in lin.members:
                for _level, key in _keys(m.doc_id, m.section_id, m.number, m.title):
                    index.setdefault(key, lin.id)
        return index

    def _new_id(self, members: list[tuple[Document, int]], used: set[str]) -> str:
        d, k = members[-1]
        s = d.sections[k]
        base = slugify(s.title)
        if base not in used:
            return base
        # The same title elsewhere (Gruppebehandling in two chapters): add the parent's topic.
        parent = _parent_title(d, k)
        if parent:
            for w in slugify(parent, max_words=6).split("-"):
                if w in GENERIC_WORDS or w in base.split("-"):
                    continue
                cand = f"{base}-{w}"
                if cand not in used:
                    return cand
        n = 2
        while f"{base}-{n}" in used:
            n += 1
        return f"{base}-{n}"

    # -- regelverk chapters --------------------------------------------------------------------
    def _update_regelverk(self, documents: list[Document]) -> None:
        mentions, links = regelverk.collect(documents)
        groups = regelverk.chapters(mentions, links)
        by_node: dict[tuple[int, str], list[regelverk.Mention]] = defaultdict(list)
        for m in mentions:
            by_node[(m.year, m.number)].append(m)
        existing: dict[tuple[int, str], str] = {}
        for ch in self.data.regelverk_chapters:
            for v in ch.history:
                existing.setdefault((v.year, v.number), ch.id)
        used = {ch.id for ch in self.data.regelverk_chapters}
        taken: set[str] = set()
        chapters: dict[str, RegelverkChapter] = {}
        for group in groups:
            cid = next((existing[n] for n in group if n in existing and existing[n] not in taken), None)
            history = []
            passages: list[PassageRecord] = []
            for node in group:
                ms = by_node[node]
                history.append(ChapterVersion(year=node[0], number=node[1], title=_best_title(ms)))
                for m in ms:
                    passages.append(PassageRecord(doc_id=m.doc_id, section_id=m.section_id, page=m.page,
                                                  excerpt=m.excerpt, source=m.source))
            latest_title = next((v.title for v in reversed(history) if v.title), None)
            if cid is None:
                base = "regelverk-" + (slugify(latest_title) if latest_title
                                       else f"{history[-1].year}-{history[-1].number.replace('.', '-')}")
                cid, n = base, 2
                while cid in used or cid in taken:
                    cid, n = f"{base}-{n}", n + 1
            taken.add(cid)
            unique = {(p.doc_id, p.page, p.section_id or "", p.excerpt, p.source): p for p in passages}
            passages = [unique[k] for k in sorted(unique)]
            chapters[cid] = RegelverkChapter(id=cid, title=latest_title, history=history, passage_records=passages)
        # A chapter no document of the corpus talks about any more is dropped with the documents that
        # did (its id comes back with them: it is derived from the chapter's title).
        self.data.regelverk_chapters = [chapters[k] for k in sorted(chapters)]
        self._link_lineages_and_chapters()

    def _link_lineages_and_chapters(self) -> None:
        """A lineage is about a regelverk chapter when one of its sections talks about the chapter
        (a passage), or when their titles are the same words (one may be a shortening)."""
        member_of = {(m.doc_id, m.section_id): lin.id for lin in self.data.lineages for m in lin.members}
        links: set[tuple[str, str]] = set()
        for ch in self.data.regelverk_chapters:
            for p in ch.passage_records:
                lid = member_of.get((p.doc_id, p.section_id or ""))
                if lid and p.source == "reference":
                    links.add((lid, ch.id))
            ch_titles = {title_key(v.title) for v in ch.history if v.title}
            for lin in self.data.lineages:
                lin_titles = {title_key(m.title) for m in lin.members}
                if any(_same_words(a, b) for a in ch_titles for b in lin_titles):
                    links.add((lin.id, ch.id))
        for lin in self.data.lineages:
            lin.regelverk = sorted(c for lid, c in links if lid == lin.id)
        for ch in self.data.regelverk_chapters:
            ch.lineages = sorted(lid for lid, c in links if c == ch.id)


def _same_words(a: str, b: str) -> bool:
    """Titles made of the same words, or one a leading shortening of the other
    ("samarbeidsaktiviteter" / "samarbeidsaktiviteter med samarbeidsparter utenfor …")."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return a == b or (len(short) >= 12 and long_.startswith(short + " "))


KEY_LEVELS = ("id", "number", "title", "number-only")


def _keys(doc_id: str, section_id: str, number: str | None, title: str) -> Iterable[tuple[str, tuple]]:
    """How a registry member is recognised in a (re-)extracted document, strongest first."""
    yield "id", ("id", doc_id, section_id)
    if number:
        yield "number", ("number", doc_id, number, title_key(title)[:40])
    yield "title", ("title", doc_id, title_key(title))
    if number:
        yield "number-only", ("number-only", doc_id, number)


def _parent_title(d: Document, k: int) -> str | None:
    level = d.sections[k].level
    for s in reversed(d.sections[:k]):
        if s.level < level:
            return s.title
    return None


def _best_title(ms: list[regelverk.Mention]) -> str | None:
    """The title a chapter is given most often; tables and the endringslogg before references."""
    rank = {"renumbering": 0, "removed": 0, "changelog": 1, "reference": 2}
    titles = [m for m in ms if m.title]
    if not titles:
        return None
    counts = Counter(m.title for m in titles)
    best = min(titles, key=lambda m: (rank.get(m.source, 3), -counts[m.title], -len(m.title), m.title))
    return best.title
