"""The rule base as data: every parameter and every cited rule function, with their citations.

Used by ``tracker check`` and by the site. ``parameters()`` reads the YAML once per process;
``functions()`` lists the functions registered with :func:`rule` (importing
:mod:`tracker.rules.functions` registers them).

Like the parameters (see :mod:`tracker.rules.params`), every rule function carries Norwegian text for
the site's readers beside its English docstring: ``label_nb`` (a short name, the title of its page)
and ``description_nb`` (one or two plain bokmål sentences), both required arguments of :func:`rule`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from tracker.rules.citations import Citation, _repo_relative
from tracker.rules.params import PARAMS_DIR, Parameter, load_parameters

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class RuleFunction:
    """A plain Python rule function and what it cites."""

    name: str
    description: str
    func: Callable[..., Any]
    citations: tuple[Citation, ...]
    uses: tuple[str, ...]  # names of the parameters it reads
    source_file: str
    line: int
    label_nb: str = ""  # short Norwegian name: the title readers see
    description_nb: str = ""  # plain bokmål sentences for readers

    @property
    def where(self) -> str:
        return f"{self.source_file}:{self.line}"

    # The same shape as Parameter for consumers that list both (the site).
    unit: str = "function"

    @property
    def values(self) -> dict[int, Any]:
        return {}


_FUNCTIONS: dict[str, RuleFunction] = {}


def rule(*, uses: tuple[str, ...] = (), label_nb: str, description_nb: str) -> Callable[[F], F]:
    """Register a rule function. Put it above its :func:`~tracker.rules.citations.cites` decorators;
    ``uses`` names the parameters it reads (checked to exist by ``tracker check``); ``label_nb`` and
    ``description_nb`` are its Norwegian name and description for the site's readers."""

    def register(func: F) -> F:
        citations = tuple(getattr(func, "__citations__", ()))
        if not citations:
            raise TypeError(f"{func.__qualname__}: a rule function must cite its source (@cites)")
        for key, text in (("label_nb", label_nb), ("description_nb", description_nb)):
            if not isinstance(text, str) or not text.strip():
                raise TypeError(f"{func.__qualname__}: @rule needs a non-empty Norwegian {key}")
        lines, start = inspect.getsourcelines(func)
        def_offset = next((i for i, line in enumerate(lines) if line.lstrip().startswith("def ")), 0)
        doc = inspect.getdoc(func) or ""
        _FUNCTIONS[func.__name__] = RuleFunction(
            name=func.__name__,
            description=doc.split("\n\n", 1)[0].replace("\n", " "),
            func=func,
            citations=citations,
            uses=tuple(uses),
            source_file=_repo_relative(inspect.getsourcefile(func) or ""),
            line=start + def_offset,
            label_nb=" ".join(label_nb.split()),
            description_nb=" ".join(description_nb.split()),
        )
        return func

    return register


@cache
def _parameters_cached(params_dir: str, signature: tuple[tuple[str, int, int], ...]) -> dict[str, Parameter]:
    return load_parameters(Path(params_dir))


def parameters(params_dir: Path | None = None) -> dict[str, Parameter]:
    """Every parameter by name (read again only when a file in the directory changed)."""
    directory = Path(params_dir or PARAMS_DIR).resolve()
    signature = tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(directory.glob("*.yaml"))
    )
    return _parameters_cached(str(directory), signature)


def parameter(name: str) -> Parameter:
    try:
        return parameters()[name]
    except KeyError:
        raise KeyError(f"no parameter {name!r}; known: {', '.join(sorted(parameters()))}") from None


def functions() -> dict[str, RuleFunction]:
    """Every registered rule function by name."""
    import tracker.rules.functions  # noqa: F401  (registers the functions)

    return dict(sorted(_FUNCTIONS.items()))


def all_citations(params: dict[str, Parameter] | None = None) -> list[Citation]:
    """Every citation of the rule base: parameter values first, then functions, each in source order."""
    params = parameters() if params is None else params
    cited = [c for p in params.values() for c in p.citations]
    cited += [c for f in functions().values() for c in f.citations]
    return cited
