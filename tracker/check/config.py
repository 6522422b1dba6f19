"""Settings of ``tracker check`` from ``checks/settings.yaml`` (all optional; defaults below)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tracker.errors import InputError
from tracker.io import LinedDict, load_yaml
from tracker.paths import CHECK_SETTINGS_PATH, COVERAGE_PATH, PINS_PATH, rel

Severity = Literal["error", "warning"]
Category = Literal["drift", "divergence"]

DEFAULT_CONFIG_PATH = CHECK_SETTINGS_PATH
DEFAULT_PINS_PATH = PINS_PATH
DEFAULT_COVERAGE_PATH = COVERAGE_PATH


class ConfigError(InputError):
    """The check configuration is malformed; the message names the file."""


@dataclass
class CheckConfig:
    # Drift: the text moved or changed since a person looked; divergence: the code is wrong.
    severity: dict[str, Severity] = field(default_factory=lambda: {"drift": "error", "divergence": "error"})
    # Per-kind overrides, e.g. calendar-gap: warning. An unused ignore entry is only worth a warning.
    kinds: dict[str, Severity] = field(default_factory=lambda: {"stale-ignore": "warning"})
    quote_min_similarity: float = 90.0
    calendar_kinds: tuple[str, ...] = ("grunnlagsdokument", "regelverk")
    ignore: list[dict[str, Any]] = field(default_factory=list)  # findings accepted on purpose, each with a reason
    pins_path: Path = DEFAULT_PINS_PATH
    coverage_path: Path = DEFAULT_COVERAGE_PATH
    params_dir: Path | None = None
    source: str = "(defaults)"

    def severity_of(self, kind: str, category: Category) -> Severity:
        return self.kinds.get(kind) or self.severity.get(category, "error")

    @classmethod
    def load(cls, path: Path = DEFAULT_CONFIG_PATH) -> CheckConfig:
        """The configuration at ``path``; defaults when the file does not exist."""
        path = Path(path)
        if not path.exists():
            return cls()
        raw = load_yaml(path, error=ConfigError, lines=True) or {}
        name = rel(path)

        def at(mapping: Any, key: str | None = None) -> str:
            """``file:line`` of ``key`` in ``mapping`` (of the mapping itself without a key)."""
            line = (mapping.key_lines.get(key) if key is not None else mapping.line) if isinstance(mapping, LinedDict) else 0
            return f"{name}:{line}" if line else name

        if not isinstance(raw, dict):
            raise ConfigError(f"{name}:1: expected a mapping")
        known = {"severity", "kinds", "quote_min_similarity", "calendar_kinds", "ignore", "pins", "coverage",
                 "params_dir"}
        unknown = set(raw) - known
        if unknown:
            raise ConfigError(f"{at(raw, min(unknown))}: unknown setting(s) {sorted(unknown)}; known: {sorted(known)}")
        config = cls(source=str(path))
        for key in ("severity", "kinds"):
            values = raw.get(key) or {}
            bad = {k: v for k, v in values.items() if v not in ("error", "warning")}
            if bad:
                raise ConfigError(f"{at(values, min(bad))}: {key}: severities must be 'error' or 'warning' (got {bad})")
            getattr(config, key).update(values)
        bad_categories = set(raw.get("severity") or {}) - {"drift", "divergence"}
        if bad_categories:
            raise ConfigError(f"{at(raw, 'severity')}: severity: categories are 'drift' and 'divergence' (got {sorted(bad_categories)})")
        if "quote_min_similarity" in raw:
            config.quote_min_similarity = float(raw["quote_min_similarity"])
        if "calendar_kinds" in raw:
            config.calendar_kinds = tuple(raw["calendar_kinds"])
        config.ignore = list(raw.get("ignore") or [])
        allowed = {"kind", "doc", "section", "citation", "param", "contains", "reason"}
        for entry in config.ignore:
            if not isinstance(entry, dict) or not entry.get("reason"):
                raise ConfigError(f"{at(entry) if isinstance(entry, dict) else at(raw, 'ignore')}: ignore: every entry needs a 'reason' ({entry!r})")
            if set(entry) - allowed:
                raise ConfigError(f"{at(entry, min(set(entry) - allowed))}: ignore: unknown key(s) {sorted(set(entry) - allowed)}; "
                                  f"allowed: {sorted(allowed)}")
        if raw.get("pins"):
            config.pins_path = Path(raw["pins"])
        if raw.get("coverage"):
            config.coverage_path = Path(raw["coverage"])
        if raw.get("params_dir"):
            config.params_dir = Path(raw["params_dir"])
        return config
