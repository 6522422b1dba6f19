"""Editors' decisions (``lineages/overrides.yaml``): they win over the automatic alignment.

Format (section references are ``<doc-id>#<number or section id>``)::

    pairs:            # these two sections are the same topic (kind optional)
      - {old: isf-2024-grunnlagsdokument#3.5, new: isf-2025-grunnlagsdokument#5.7, kind: merged}
    no_pairs:         # these two are never the same topic
      - {old: isf-2024-grunnlagsdokument#5.9, new: isf-2025-grunnlagsdokument#7.2}
    lineage_ids:      # the lineage containing this section has this id (and title)
      - {section: isf-2025-grunnlagsdokument#6.14, id: kneprotese-forlop, title: Forløp for innsetting av kneprotese}
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tracker.errors import InputError
from tracker.io import load_yaml, validation_error
from tracker.model import Document, Section
from tracker.paths import OVERRIDES_PATH

DEFAULT_OVERRIDES_PATH = OVERRIDES_PATH


class OverridesError(InputError):
    """The overrides file is malformed, or a section reference in it is (``file:line: problem``)."""


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ForcedPair(_M):
    old: str
    new: str
    kind: str | None = None
    note: str | None = None


class ForbiddenPair(_M):
    old: str
    new: str
    note: str | None = None


class LineageIdOverride(_M):
    section: str
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
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise validation_error(exc, data, p, OverridesError, "overrides file") from exc


def split_ref(ref: str) -> tuple[str, str]:
    if "#" not in ref:
        raise OverridesError(f"section reference {ref!r} must look like '<doc-id>#<number or section id>'")
    doc_id, key = ref.split("#", 1)
    return doc_id.strip(), key.strip()


def resolve(ref: str, doc: Document) -> Section | None:
    """The section of ``doc`` a reference names, or None when it names another document."""
    doc_id, key = split_ref(ref)
    if doc_id != doc.id:
        return None
    return doc.section(key)
