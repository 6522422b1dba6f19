"""Pins: for each citation, the fingerprint of the cited section's text when a person last looked.

Stored in ``checks/pins.yaml`` (committed). The file also keeps the pinned text itself, once per
fingerprint, so that a suspect citation can show the word diff of what changed. Only
``tracker review`` writes it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from tracker.errors import InputError
from tracker.io import load_yaml
from tracker.model import write_atomic

PINS_VERSION = 1


class PinsError(InputError):
    """The pin file is malformed; the message names the file."""


@dataclass(frozen=True)
class Pin:
    doc: str
    section_id: str
    title: str
    page: int
    fingerprint: str
    section: str | None = None
    lineage: str | None = None


@dataclass
class PinStore:
    path: Path
    pins: dict[str, Pin]
    texts: dict[str, str]  # fingerprint -> the section text it was computed from

    @classmethod
    def load(cls, path: Path) -> PinStore:
        path = Path(path)
        if not path.exists():
            return cls(path, {}, {})
        raw = load_yaml(path, error=PinsError) or {}  # libyaml when present: the check stays fast
        if not isinstance(raw, dict) or raw.get("version") != PINS_VERSION:
            raise PinsError(f"{path}: expected 'version: {PINS_VERSION}' with 'pins:' and 'texts:'")
        pins: dict[str, Pin] = {}
        for key, entry in (raw.get("pins") or {}).items():
            try:
                pins[str(key)] = Pin(**entry)
            except TypeError as exc:
                raise PinsError(f"{path}: pin {key!r}: {exc}") from exc
        return cls(path, pins, {str(k): str(v) for k, v in (raw.get("texts") or {}).items()})

    def set(self, key: str, pin: Pin, text: str) -> None:
        self.pins[key] = pin
        self.texts[pin.fingerprint] = text

    def save(self) -> None:
        """Write deterministically (sorted keys); texts no pin refers to any more are dropped."""
        used = {p.fingerprint for p in self.pins.values()}
        data = {
            "version": PINS_VERSION,
            "pins": {k: {f: v for f, v in asdict(p).items() if v is not None} for k, p in sorted(self.pins.items())},
            "texts": {fp: self.texts[fp] for fp in sorted(used) if fp in self.texts},
        }
        header = (
            "# Pins of the rule citations: the fingerprint of each cited section's text when a person\n"
            "# last checked that the rule still matches it. Written by `tracker review`; do not edit.\n"
        )
        body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        write_atomic(self.path, header + body)


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
