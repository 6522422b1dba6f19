"""Pins: for each citation, the passage it quotes as it read when a person last looked.

Stored in ``checks/pins.yaml`` (committed); only ``tracker review`` writes it. A pin is of the
citation's *quoted span* (:func:`tracker.check.text.quoted_span`: the sentence holding the quote, or
its paragraph when the quote runs over a sentence end): ``fingerprint`` is the sha256 of the span's
normalised text and ``span`` the text itself, kept so that a suspect citation can show the word diff
of what changed. A change elsewhere in the section leaves the pin alone.

Version 1 pinned the whole section (``fingerprint`` of the section's text, the texts kept once per
fingerprint under ``texts:``). Such a file is still read: each pin comes in with ``scope: section``,
and :meth:`PinStore.upgrade` turns it into a span pin where the section still reads as it did when it
was pinned (so the span does too). A section pin whose section changed stays one, suspect until
reviewed, and is written back as such (``scope: section``, ``span`` the pinned section text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError

from tracker.errors import InputError
from tracker.io import LinedDict, load_yaml, validation_error
from tracker.model import write_atomic
from tracker.paths import rel

PINS_VERSION = 2

Scope = Literal["span", "section"]


class PinsError(InputError):
    """The pin file is malformed, or names something the corpus does not have (``file:line: problem``)."""


@dataclass(frozen=True)
class Pin:
    doc: str
    section_id: str
    title: str
    page: int
    fingerprint: str  # of the normalised span (scope "span") or of the whole section text (scope "section")
    span: str | None = None  # the text the fingerprint was computed from; None when a v1 file did not keep it
    section: str | None = None
    lineage: str | None = None
    scope: Scope = "span"


@dataclass(frozen=True)
class CitedNow:
    """What a citation cites in the current corpus, as :meth:`PinStore.upgrade` needs it."""

    doc: str
    section_id: str
    section_fingerprint: str
    span_fingerprint: str
    span: str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _PinEntryV1(_Strict):
    doc: StrictStr
    section_id: StrictStr
    title: StrictStr
    page: StrictInt
    fingerprint: StrictStr
    section: StrictStr | None = None
    lineage: StrictStr | None = None


class _PinEntry(_PinEntryV1):
    """Version 2: a version 1 entry plus the quoted span it pins (and whether it is still a section pin)."""

    span: StrictStr | None = None
    scope: Scope = "span"


class _PinsFile(_Strict):
    version: Literal[2]
    pins: dict[str, _PinEntry] = {}


class _PinsFileV1(_Strict):
    version: Literal[1]
    pins: dict[str, _PinEntryV1] = {}
    texts: dict[str, StrictStr] = {}


@dataclass
class PinStore:
    path: Path
    pins: dict[str, Pin]

    @classmethod
    def load(cls, path: Path) -> PinStore:
        """The pins at ``path`` (none when the file does not exist); version 1 pins come in as section pins."""
        path = Path(path)
        if not path.exists():
            return cls(path, {})
        # libyaml when present, so the check stays fast; the file is read again for the line of an error.
        raw = load_yaml(path, error=PinsError)
        name = rel(path)
        if raw is None:
            return cls(path, {})
        if not isinstance(raw, dict):
            raise PinsError(f"{name}:1: expected a mapping with 'version: {PINS_VERSION}' and 'pins:'")
        version = raw.get("version")
        if version not in (1, PINS_VERSION):
            line = _key_lines(path).get("version", 1)
            raise PinsError(f"{name}:{line}: unknown pins version {version!r} (this tracker reads 1 and {PINS_VERSION})")
        if "pins" in raw and raw["pins"] is None:
            raw["pins"] = {}  # "pins:" with nothing under it: no pins yet
        try:
            if version == 1:
                old = _PinsFileV1.model_validate(raw)
                pins = {key: Pin(**e.model_dump(), span=old.texts.get(e.fingerprint), scope="section")
                        for key, e in old.pins.items()}
            else:
                pins = {key: Pin(**e.model_dump()) for key, e in _PinsFile.model_validate(raw).pins.items()}
        except ValidationError as exc:
            lined = load_yaml(path, error=PinsError, lines=True)
            raise validation_error(exc, lined, path, PinsError, "pins file") from exc
        return cls(path, pins)

    def where(self, key: str) -> str:
        """``file:line`` of a pin as the file now reads, for messages."""
        line = _key_lines(self.path, "pins").get(key) if self.path.exists() else None
        return f"{rel(self.path)}:{line}" if line else rel(self.path)

    def unknown_documents(self, known: Mapping[str, Any]) -> list[tuple[str, str, str]]:
        """(``file:line``, key, document) of every pin naming a document the corpus does not have: it
        cannot be compared with anything, and it is not a change of text (a renamed or removed
        document, or a check run on another set of documents)."""
        lines = _key_lines(self.path, "pins") if self.path.exists() else {}
        strays = [(lines.get(key, 0), key, p.doc) for key, p in self.pins.items() if p.doc not in known]
        return [(f"{rel(self.path)}:{line or 1}", key, doc) for line, key, doc in sorted(strays)]

    def upgrade(self, cited: Mapping[str, CitedNow]) -> list[str]:
        """Version 1 → 2: turn each section pin whose section still has the pinned text into a pin of
        its quoted span, and return their keys. The others stay section pins (suspect until reviewed)."""
        upgraded = []
        for key, pin in self.pins.items():
            now = cited.get(key)
            if pin.scope != "section" or now is None:
                continue
            if (pin.doc, pin.section_id, pin.fingerprint) == (now.doc, now.section_id, now.section_fingerprint):
                self.pins[key] = replace(pin, fingerprint=now.span_fingerprint, span=now.span, scope="span")
                upgraded.append(key)
        return upgraded

    def set(self, key: str, pin: Pin) -> None:
        self.pins[key] = pin

    def save(self) -> None:
        """Write version 2 deterministically (sorted keys, fields in a fixed order)."""
        order = ("doc", "section_id", "section", "title", "page", "lineage", "scope", "fingerprint", "span")
        entries = {}
        for key, pin in sorted(self.pins.items()):
            values = {name: getattr(pin, name) for name in order}
            if values["scope"] == "span":
                del values["scope"]  # the default; only a section pin left from version 1 says so
            entries[key] = {name: value for name, value in values.items() if value is not None}
        data = {"version": PINS_VERSION, "pins": entries}
        header = (
            "# Pins of the rule citations: the passage each citation quotes (its sentence, or its paragraph\n"
            "# when the quote runs over a sentence end) as it read when a person last checked that the rule\n"
            "# still matches it. Written by `tracker review`; do not edit.\n"
        )
        body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        write_atomic(self.path, header + body)


def _key_lines(path: Path, under: str | None = None) -> dict[Any, int]:
    """The line of each key of the file's top-level mapping (or of the mapping under ``under``)."""
    data = load_yaml(path, error=PinsError, lines=True)
    if under is not None:
        data = data.get(under) if isinstance(data, dict) else None
    return data.key_lines if isinstance(data, LinedDict) else {}


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
