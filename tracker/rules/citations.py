"""Citations: where in the corpus a parameter value or a rule function gets its authority.

A citation names a document, the section (printed number and/or extracted ``Section.id``, or the
title for unnumbered slides), the section's lineage id (from the alignment stage) and a short
quote. Citations are collected mechanically: from the ``cite:`` fields of the parameter YAML and
from the :func:`cites` decorator on functions; never from comments.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tracker.paths import REPO_DIR, rel
from tracker.slug import slug

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Citation:
    """One cited passage. ``key`` is unique across the rule base and names the pin of the citation."""

    key: str
    doc: str
    quote: str
    section: str | None = None  # printed section number, e.g. "7.4"
    section_id: str | None = None  # Section.id in extracted/<doc>.json, e.g. "s-7.4"
    title: str | None = None  # section title; the only handle for unnumbered slides
    lineage: str | None = None  # lineage id from tracker.align (stable across years)
    source_file: str = ""  # repo-relative file of the code side
    source_line: int = 0
    owner: str = ""  # parameter name or function name
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def where(self) -> str:
        """The code side as ``file:line``."""
        return f"{self.source_file}:{self.source_line}"

    @property
    def section_label(self) -> str:
        if self.section:
            return f"{self.section} {self.title}" if self.title else self.section
        return self.title or self.section_id or "?"

    def describe(self) -> str:
        """The text side as ``doc §section``."""
        return f"{self.doc} §{self.section_label}"


def citation_key(owner: str, doc: str, section: str | None, title: str | None, taken: set[str]) -> str:
    """A stable key: what is cited (owner, document, section) rather than the citation's position, so
    adding a citation does not rename the others' pins. A second quote of the same section gets "#2"."""
    where = section if section else slug(title or "", max_words=5, ascii_only=False)
    base = f"{owner}/{doc}/{where}"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}#{n}"
    taken.add(key)
    return key


def _repo_relative(path: str) -> str:
    """A source file as findings name it: relative to the checkout the package is in."""
    return rel(path, REPO_DIR)


def cites(
    doc: str,
    quote: str,
    *,
    section: str | None = None,
    section_id: str | None = None,
    title: str | None = None,
    lineage: str | None = None,
) -> Callable[[F], F]:
    """Decorator: the function implements what this passage states.

    Stack several for several passages. The citation records the file and line of the decorator
    itself, so ``tracker check`` can point at it.
    """
    caller = sys._getframe(1)
    source_file = _repo_relative(caller.f_code.co_filename)
    source_line = caller.f_lineno

    def attach(func: F) -> F:
        existing: list[Citation] = list(getattr(func, "__citations__", []))
        name = func.__qualname__
        # Decorators apply bottom-up; number citations top-down so keys follow the source order.
        citation = Citation(
            key="",
            doc=doc,
            quote=quote,
            section=section,
            section_id=section_id,
            title=title,
            lineage=lineage,
            source_file=source_file,
            source_line=source_line,
            owner=name,
        )
        ordered = [citation, *existing]
        taken: set[str] = set()
        func.__citations__ = [  # type: ignore[attr-defined]
            Citation(**{**c.__dict__, "key": citation_key(f"fn:{name}", c.doc, c.section, c.title, taken)})
            for c in ordered
        ]
        return func

    return attach
