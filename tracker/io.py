"""Reading the project's YAML and JSON files: UTF-8 only, and every error names the file and the line.

``read_text`` decodes UTF-8 (a BOM is allowed); invalid UTF-8 gives one error with the line, column and
byte offset of the first bad byte. ``load_yaml`` parses with the safe loader (libyaml when present)
and, with ``lines=True``, returns mappings that remember the line of every key (:class:`LinedDict`).
``compose_yaml`` gives the node tree, each node with its line, for loaders that validate node by
node. ``load_json`` parses JSON. Every error is an :class:`~tracker.errors.InputError` (or the
subclass passed as ``error``) reading ``file:line: problem``.

``writable_dir`` checks, before any work is done, that an output folder can be written, so a read-only
or misnamed ``--out`` is one :class:`~tracker.errors.OutputError` naming the folder.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml

from tracker.errors import InputError, OutputError
from tracker.paths import rel

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


def read_text(path: str | Path, *, error: type[InputError] = InputError, what: str = "file",
              max_bytes: int | None = None) -> str:
    """The file's text, decoded as UTF-8 (a leading BOM is dropped)."""
    name = rel(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise error(f"{name}:1: cannot read the {what} ({exc.strerror or exc})") from exc
    if max_bytes is not None and len(data) > max_bytes:
        raise error(f"{name}:1: {what} is over {max_bytes // 1024} KiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(f"{name}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column}); "
                    f"save the file as UTF-8") from exc


def yaml_error(exc: yaml.YAMLError, path: str | Path, error: type[InputError] = InputError) -> InputError:
    """A YAML parse error as ``file:line: not valid YAML: problem``."""
    name = rel(path)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        return error(f"{name}:{line}: not valid YAML: {problem}")
    return error(f"{name}:1: not valid YAML: {exc}")


class LinedDict(dict):
    """A mapping read from YAML that remembers its own line and the line of each key (1-based)."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}


class _LineLoader(yaml.SafeLoader):
    """The safe loader, with every mapping a :class:`LinedDict`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = LinedDict()
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: str | Path, *, error: type[InputError] = InputError, lines: bool = False,
              what: str = "file", max_bytes: int | None = None) -> Any:
    """The YAML file's data (None for an empty file). With ``lines``, mappings are :class:`LinedDict`."""
    text = read_text(path, error=error, what=what, max_bytes=max_bytes)
    try:
        return yaml.load(text, Loader=_LineLoader if lines else _SafeLoader)  # noqa: S506 (safe loaders)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, path, error) from exc


def compose_yaml(path: str | Path, *, error: type[InputError] = InputError, what: str = "file",
                 max_bytes: int | None = None) -> yaml.Node | None:
    """The YAML file's node tree (each node knows its line: ``node.start_mark.line + 1``)."""
    text = read_text(path, error=error, what=what, max_bytes=max_bytes)
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, path, error) from exc


def load_json(path: str | Path, *, error: type[InputError] = InputError, what: str = "file") -> Any:
    """The JSON file's data."""
    text = read_text(path, error=error, what=what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{rel(path)}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})") from exc


def line_of(data: Any, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest part of ``loc`` (a path of keys and indices into data read with
    ``lines=True``) that is known; None when nothing is."""
    line = data.line if isinstance(data, LinedDict) else None
    node = data
    for part in loc:
        if isinstance(node, LinedDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            if isinstance(node, LinedDict):
                line = node.line
        else:
            break
    return line


def validation_error(exc: Any, data: Any, path: str | Path, error: type[InputError] = InputError,
                     what: str = "file") -> InputError:
    """A pydantic ``ValidationError`` of ``data`` (read with ``lines=True``) as ``file:line: problem``
    for its first error (how many more there are is said)."""
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first.get("loc", ()))
    line = line_of(data, loc) or 1
    where = ".".join(str(p) for p in loc)
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return error(f"{rel(path)}:{line}: invalid {what}: {where + ': ' if where else ''}{first.get('msg')}{more}")


def writable_dir(path: str | Path, *, what: str = "output folder") -> Path:
    """``path``, created if missing, once a file could be written in it; else :class:`OutputError`
    naming the folder. Meant to run before the work whose results go there."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{rel(folder)}: cannot write to the {what}: it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Writing a file is the only test that holds for every user: permission bits do not stop root,
        # a read-only mount stops everyone.
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise OutputError(f"{rel(folder)}: cannot write to the {what} ({exc.strerror or exc})") from exc
    return folder
