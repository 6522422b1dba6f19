"""The project's one exception base.

Every error the tracker raises on purpose derives from :class:`TrackerError`; its message names the
file and, where known, the line (``file:line: problem``). :class:`InputError` is the family of
"the input is wrong" errors (a malformed settings file, an unknown document): the CLI exits 2 on
them. The stage-specific classes (``ConfigError``, ``ParameterError`` …) subclass these, so callers
can catch either the specific class or the family.
"""

from __future__ import annotations

from pathlib import Path

from tracker.paths import rel


class TrackerError(Exception):
    """An error of the tracker. ``TrackerError(problem, file=…, line=…)`` reads ``file:line: problem``;
    a message that already names its file is passed as it is."""

    def __init__(self, message: str = "", *, file: str | Path | None = None, line: int | None = None) -> None:
        self.file = None if file is None else rel(file)
        self.line = line
        self.problem = message
        if self.file is not None:
            message = f"{self.file}:{line}: {message}" if line is not None else f"{self.file}: {message}"
        super().__init__(message)


class InputError(TrackerError, ValueError):
    """A file or an argument the user gave is malformed or names nothing (the CLI exits 2)."""


class OutputError(InputError):
    """An output folder or file the user named (or the default one) cannot be written (the CLI exits 2)."""
