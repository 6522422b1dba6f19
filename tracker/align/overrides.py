"""Editors' decisions (``lineages/overrides.yaml``): they win over the automatic alignment.

Format (section references are ``<doc-id>#<number or section id>``)::

    pairs:            # these two sections are the same topic (kind optional)
      - {old: isf-2024-grunnlagsdokument#3.5, new: isf-2025-grunnlagsdokument#5.7, kind: merged}
    no_pairs:         # these two are never the same topic
      - {old: isf-2024-grunnlagsdokument#5.9, new: isf-2025-grunnlagsdokument#7.2}
    lineage_ids:      # the lineage containing this section has this id (and title)
      - {section: isf-2025-grunnlagsdokument#6.14, id: kneprotese-forlop, title: Forløp for innsetting av kneprotese}

A decision that names nothing would be ignored without a word, so every mistake is an error naming
the file and line: a malformed reference or an unknown ``kind`` when the file is read, a reference
to a section its document does not have when that document is aligned (:func:`resolve`), and a
reference to a document or section outside the corpus when :meth:`Overrides.check` is given it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from tracker.errors import InputError
from tracker.io import LinedDict, load_yaml, validation_error
from tracker.model import Document, Section
from tracker.paths import OVERRIDES_PATH, rel

DEFAULT_OVERRIDES_PATH = OVERRIDES_PATH


class OverridesError(InputError):
    """The overrides file is malformed, or a section reference in it is (``file:line: problem``)."""


class SectionRef(str):
    """A ``<doc-id>#<number or section id>`` reference as the editor wrote it; ``where`` is its
    ``file:line`` once read from a file, so a reference that names nothing can say where it is."""

    where: str | None = None

    def at(self) -> str:
        return f"{self.where}: " if self.where else ""


def _section_ref(value: str) -> SectionRef:
    doc_id, sep, key = value.partition("#")
    if not sep or not doc_id.strip() or not key.strip():
        raise ValueError(f"section reference {value!r} must look like '<doc-id>#<number or section id>'")
    return SectionRef(value)


Ref = Annotated[str, AfterValidator(_section_ref)]


def pair_kinds() -> tuple[str, ...]:
    """The kinds an editor may give a pair: the aligner's kinds of a matched pair."""
    from tracker.align.match import Kind  # imported here: match imports this module

    return tuple(k for k in get_args(Kind) if k not in ("added", "removed"))


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ForcedPair(_M):
    old: Ref
    new: Ref
    kind: str | None = None
    note: str | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str | None) -> str | None:
        if value is not None and value not in pair_kinds():
            raise ValueError(f"{value!r} is not a kind of pair; use one of {', '.join(pair_kinds())}")
        return value


class ForbiddenPair(_M):
    old: Ref
    new: Ref
    note: str | None = None


class LineageIdOverride(_M):
    section: Ref
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str | None = None


class Overrides(_M):
    pairs: list[ForcedPair] = Field(default_factory=list)
    no_pairs: list[ForbiddenPair] = Field(default_factory=list)
    lineage_ids: list[LineageIdOverride] = Field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_OVERRIDES_PATH) -> Overrides:
        p = Path(path)
        if not p.exists():
            return cls()
        data = load_yaml(p, error=OverridesError, lines=True) or {}
        if not isinstance(data, dict):
            raise OverridesError(f"{rel(p)}:1: expected a mapping with pairs, no_pairs and lineage_ids")
        try:
            overrides = cls.model_validate(data)
        except ValidationError as exc:
            raise validation_error(exc, data, p, OverridesError, "overrides file") from exc
        overrides._locate(data, rel(p))
        return overrides

    def _locate(self, data: dict, name: str) -> None:
        """Give every reference the line it was written on (``data`` as read with line numbers)."""
        for field_name, entries in (("pairs", self.pairs), ("no_pairs", self.no_pairs),
                                    ("lineage_ids", self.lineage_ids)):
            raw = data.get(field_name) or []
            for entry, raw_entry in zip(entries, raw, strict=True):
                for attr in ("old", "new", "section"):
                    ref = getattr(entry, attr, None)
                    if isinstance(ref, SectionRef) and isinstance(raw_entry, LinedDict):
                        ref.where = f"{name}:{raw_entry.key_lines.get(attr, raw_entry.line)}"

    def references(self) -> list[SectionRef]:
        """Every section reference, in file order within pairs, no_pairs and lineage_ids."""
        refs: list[Any] = [r for p in self.pairs for r in (p.old, p.new)]
        refs += [r for p in self.no_pairs for r in (p.old, p.new)]
        refs += [o.section for o in self.lineage_ids]
        return [r if isinstance(r, SectionRef) else SectionRef(r) for r in refs]

    def check(self, documents: Iterable[Document], *, absent_documents_ok: bool = False) -> None:
        """Raise :class:`OverridesError` (``file:line``) when a reference names a document that is not
        in ``documents`` (the whole corpus) or a section its document does not have. With
        ``absent_documents_ok`` (aligning another or a partial set of documents, which leaves some
        out by design) only sections missing from documents that are present count."""
        by_id = {d.id: d for d in documents}
        problems = []
        for ref in self.references():
            doc_id, key = split_ref(ref)
            doc = by_id.get(doc_id)
            if doc is None and absent_documents_ok:
                continue
            if doc is None:
                problems.append(f"{ref.at()}{ref!r} names no document of the corpus "
                                f"({', '.join(sorted(by_id)) or 'none extracted'})")
            elif doc.section(key) is None:
                problems.append(f"{ref.at()}{ref!r}: {doc_id} has no section {key!r}")
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise OverridesError(problems[0] + more)


def split_ref(ref: str) -> tuple[str, str]:
    if "#" not in ref:
        at = ref.at() if isinstance(ref, SectionRef) else ""
        raise OverridesError(f"{at}section reference {ref!r} must look like '<doc-id>#<number or section id>'")
    doc_id, key = ref.split("#", 1)
    return doc_id.strip(), key.strip()


def resolve(ref: str, doc: Document) -> Section | None:
    """The section of ``doc`` a reference names, or None when it names another document. A reference
    to ``doc`` that names no section of it is an error: the editor's decision would do nothing."""
    doc_id, key = split_ref(ref)
    if doc_id != doc.id:
        return None
    section = doc.section(key)
    if section is None:
        at = ref.at() if isinstance(ref, SectionRef) else ""
        raise OverridesError(f"{at}{str(ref)!r}: {doc.id} has no section {key!r}")
    return section
