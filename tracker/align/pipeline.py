"""Aligning a whole corpus: every consecutive pair of documents of the same kind, then lineages."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from tracker.align.diff import Change, classify, word_diff
from tracker.align.lineage import DEFAULT_REGISTRY_PATH, Registry
from tracker.align.match import Pair, align
from tracker.align.overrides import DEFAULT_OVERRIDES_PATH, Overrides
from tracker.hashing import code_hash, sha256_parts
from tracker.model import Document, write_atomic

_CODE_FILES = ("match.py", "diff.py", "text.py", "refs.py", "overrides.py", "pipeline.py")


def code_version() -> str:
    """A hash of the alignment code: a cached alignment is only reused by the same code."""
    return code_hash(*(f"align/{name}" for name in _CODE_FILES))

TextChange = Literal["unchanged", "editorial", "substantive"]


class DocumentAlignment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    old_id: str
    new_id: str
    old_year: int | None
    new_year: int | None
    kind: str
    pairs: list[Pair]

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


def renumber_map(pairs: list[Pair], old: Document, new: Document) -> dict[str, str]:
    """Old number → new number for every matched numbered section (so references that only
    follow a renumbering are not reported as changes)."""
    out = {}
    for p in pairs:
        if p.old_id and p.new_id:
            a, b = old.section(p.old_id), new.section(p.new_id)
            if a and b and a.number and b.number and a.number != b.number:
                out[a.number] = b.number
    return out


class SectionDiff(NamedTuple):
    """The word diff of one matched pair of sections and its verdict."""

    pair: Pair
    changes: list[Change]
    verdict: TextChange


def section_diffs(pairs: list[Pair], old: Document, new: Document) -> list[SectionDiff]:
    """The word diff (after normalising; references that only follow a renumbering of ``pairs`` are
    not changes) of every matched pair whose two sections are in the documents, in order."""
    numbers = renumber_map(pairs, old, new)
    out = []
    for p in pairs:
        if p.old_id and p.new_id:
            a, b = old.section(p.old_id), new.section(p.new_id)
            if a is not None and b is not None:
                changes = word_diff(a.text, b.text, number_map=numbers)
                out.append(SectionDiff(p, changes, classify(changes)))
    return out


def with_text_changes(pairs: list[Pair], old: Document, new: Document) -> list[Pair]:
    """The pairs with ``text_change`` set for every matched pair (word diff after normalising)."""
    verdicts = {id(d.pair): d.verdict for d in section_diffs(pairs, old, new)}
    return [p.model_copy(update={"text_change": verdicts[id(p)]}) if id(p) in verdicts else p for p in pairs]


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
    pairs = with_text_changes(align(old, new, overrides=overrides), old, new)
    result = DocumentAlignment(old_id=old.id, new_id=new.id, old_year=old.year, new_year=new.year, kind=old.kind,
                               pairs=pairs)
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
