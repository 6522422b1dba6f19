"""Aligning a whole corpus: every consecutive pair of documents of the same kind, then lineages."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tracker.align.diff import Change
from tracker.align.lineage import DEFAULT_REGISTRY_PATH, Registry
from tracker.align.match import Pair, add_text_changes, align_with_diffs
from tracker.align.overrides import DEFAULT_OVERRIDES_PATH, Overrides
from tracker.align.pair_diff import (  # noqa: F401  (re-exported: the pipeline's public names)
    PairDiff,
    TextChange,
    pair_diffs,
    regelverk_renumber_map,
    renumber_map,
)
from tracker.hashing import code_hash, sha256_parts
from tracker.model import Document, write_atomic

_CODE_FILES = tuple(f"align/{name}" for name in ("match.py", "diff.py", "text.py", "refs.py", "overrides.py",
                                                   "table_diff.py", "pair_diff.py", "pipeline.py")) + \
    ("extract/codes.py", "model.py")
# The shape of a cached alignment; raised whenever DocumentAlignment's JSON changes (2: section diffs
# with each document's own words, renumberings and table diffs; 3: every pair's set of changes).
SCHEMA_VERSION = 3


def code_version() -> str:
    """A hash of the alignment code: a cached alignment is only reused by the same code."""
    return f"{SCHEMA_VERSION}:" + code_hash(*_CODE_FILES)


class AlignedPair(Pair):
    """A pair of an alignment with its diff attached (kept once, in ``DocumentAlignment.diffs``)."""

    diff: PairDiff | None = Field(default=None, exclude=True)


class DocumentAlignment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    old_id: str
    new_id: str
    old_year: int | None
    new_year: int | None
    kind: str
    pairs: list[AlignedPair]
    diffs: list[PairDiff] = Field(description="One per pair that has a diff, in the order of ``pairs``")

    @model_validator(mode="after")
    def _attach_diffs(self) -> DocumentAlignment:
        by_ids = {(d.old_id, d.new_id): d for d in self.diffs}
        for p in self.pairs:
            p.diff = by_ids.get((p.old_id, p.new_id))
        return self

    def text_change(self, old_section_id: str, new_section_id: str) -> TextChange | None:
        for p in self.pairs:
            if p.old_id == old_section_id and p.new_id == new_section_id:
                return p.text_change
        return None


class CorpusAlignment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    alignments: list[DocumentAlignment] = Field(default_factory=list)

    @property
    def by_pair(self) -> dict[tuple[str, str], list[Pair]]:
        """The pairs per (old document id, new document id)."""
        return {(a.old_id, a.new_id): a.pairs for a in self.alignments}

    @property
    def pairs(self) -> dict[tuple[str, str], list[Pair]]:
        """Same as :attr:`by_pair`."""
        return self.by_pair

    def __getitem__(self, key: tuple[str, str]) -> list[Pair]:
        return self.by_pair[key]

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"


def consecutive_pairs(documents: list[Document]) -> list[tuple[Document, Document]]:
    """(older, newer) for every two consecutive documents of the same kind, ordered by year."""
    by_kind: dict[str, list[Document]] = defaultdict(list)
    for d in documents:
        by_kind[d.kind].append(d)
    out = []
    for kind in sorted(by_kind):
        docs = sorted(by_kind[kind], key=lambda d: (d.year or 0, d.id))
        out.extend(zip(docs, docs[1:], strict=False))
    return out


class SectionDiff(NamedTuple):
    """The word diff of one matched pair of sections and its verdict."""

    pair: Pair
    changes: list[Change]
    verdict: TextChange


def section_diffs(pairs: list[Pair], old: Document, new: Document) -> list[SectionDiff]:
    """The word diff (after normalising; references that only follow a renumbering of ``pairs`` are
    not changes) of every matched pair whose two sections are in the documents, in order; the verdict
    also counts the title and the tables."""
    by_ids = {(d.old_id, d.new_id): d for d in pair_diffs(pairs, old, new)}
    out = []
    for p in pairs:
        d = by_ids.get((p.old_id, p.new_id))
        if d is not None and d.verdict is not None:
            out.append(SectionDiff(p, d.changes, d.verdict))
    return out


def _with_diffs(pairs: list[Pair], diffs: list[PairDiff]) -> list[AlignedPair]:
    by_ids = {(d.old_id, d.new_id): d for d in diffs}
    return [AlignedPair(**p.model_dump(), diff=by_ids.get((p.old_id, p.new_id)))
            for p in add_text_changes(pairs, diffs)]


def with_text_changes(pairs: list[Pair], old: Document, new: Document) -> list[AlignedPair]:
    """The pairs with their text change (``text_change``: text, title and tables after normalising; a
    ``text`` change when the text or tables changed) and their diffs attached."""
    return _with_diffs(pairs, pair_diffs(pairs, old, new))


def align_pair(old: Document, new: Document, overrides: Overrides, cache_dir: Path | None = None) -> DocumentAlignment:
    """One document pair, reused from ``cache_dir`` when neither document, the overrides nor the
    code changed (so changing one PDF re-aligns only its pairs)."""
    cache_file = None
    if cache_dir is not None:
        key = sha256_parts((old.to_json(), new.to_json(), overrides.model_dump_json(), code_version()))
        cache_file = Path(cache_dir) / f"{old.id}__{new.id}.{key[:24]}.json"
        if cache_file.exists():
            try:
                return DocumentAlignment.model_validate_json(cache_file.read_text(encoding="utf-8"))
            except ValueError:
                pass  # a damaged cache entry is recomputed and overwritten
    pairs, diffs = align_with_diffs(old, new, overrides=overrides)
    result = DocumentAlignment(old_id=old.id, new_id=new.id, old_year=old.year, new_year=new.year, kind=old.kind,
                               pairs=_with_diffs(pairs, diffs), diffs=diffs)
    if cache_file is not None:
        for stale in cache_file.parent.glob(f"{old.id}__{new.id}.*.json"):
            stale.unlink(missing_ok=True)
        write_atomic(cache_file, json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
    return result


def align_pairs(
    documents: list[Document],
    overrides_path: str | Path = DEFAULT_OVERRIDES_PATH,
    *,
    cache_dir: str | Path | None = None,
    progress=None,
) -> CorpusAlignment:
    """Align every consecutive pair of same-kind documents (the lineage registry is not touched).

    With ``cache_dir``, a pair whose documents, overrides and code are unchanged is read back
    instead of re-aligned.
    """
    overrides = Overrides.load(overrides_path)
    # An override naming a section its document does not have is a file:line error. Documents that are
    # not here are not: `tracker site build --extracted other/` aligns another set by design (the test
    # of the committed overrides against the committed corpus checks those).
    overrides.check(documents, absent_documents_ok=True)
    result = CorpusAlignment()
    for old, new in consecutive_pairs(documents):
        result.alignments.append(align_pair(old, new, overrides, Path(cache_dir) if cache_dir else None))
        if progress is not None:
            progress()
    return result


def align_corpus(
    documents: list[Document],
    registry_path: str | Path = DEFAULT_REGISTRY_PATH,
    overrides_path: str | Path = DEFAULT_OVERRIDES_PATH,
    *,
    save: bool = True,
    cache_dir: str | Path | None = None,
    progress=None,
) -> CorpusAlignment:
    """Align every consecutive pair of same-kind documents, update (and save) the lineage registry.

    With ``cache_dir``, a pair whose documents, overrides and code are unchanged is read back
    instead of re-aligned.
    """
    result = align_pairs(documents, overrides_path, cache_dir=cache_dir, progress=progress)
    registry = Registry.load(registry_path, overrides_path)
    registry.update(documents, result)
    if save:
        registry.save()
    return result
