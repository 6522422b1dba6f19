"""Textual edits of a parameter file that keep every other byte as it is.

A proposal adds a dated entry under a parameter's ``values:`` (in date order), or rows and citations to
an existing table entry. The file is parsed only to find where things are (PyYAML's node tree knows the
line and column of every node); the edit inserts lines there, indented like the file's own entries,
and the rest of the file (comments, blank lines, flow-style rows, quoting) is left untouched. A
round-tripping YAML library would re-emit the whole file, which is not byte-identical on these files.

After the edits the new text is parsed again and each edited entry must read back as the value it was
meant to have; otherwise :class:`YamlEditError` (a bug here, never a silent change).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from tracker.errors import TrackerError


class YamlEditError(TrackerError):
    """A parameter file could not be edited as proposed; the message names the file and line."""


@dataclass
class EntryEdit:
    """What to change under one parameter's ``values:``: a new entry at ``start``, or rows and citations
    added to the entry that is there."""

    param: str
    start: dt.date
    new_entry: dict[str, Any] | None = None  # {"value": …} or {"unchanged": True}, and "cite": [...]
    add_rows: list[dict[str, Any]] = field(default_factory=list)
    add_cites: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The entry's key as the files write it: the year for 1 January, else the ISO date."""
        return str(self.start.year) if (self.start.month, self.start.day) == (1, 1) else self.start.isoformat()


@dataclass(frozen=True)
class EditedFile:
    text: str
    entry_lines: dict[tuple[str, dt.date], int]  # (param, start) → 1-based line of the entry's key in ``text``


# -- scalars -----------------------------------------------------------------------------------------


# Words, spaces and the punctuation of ordinary sentences, in no place YAML gives them a meaning (in a
# block or a flow mapping alike); anything else is quoted.
_PLAIN_RE = re.compile(r"\w[\w .()/«»%+\-–'’]*")


def scalar(value: Any) -> str:
    """One YAML scalar (or a flow list of scalars) as the parameter files write it: plain where that reads
    back as the same string, else double-quoted ("6.1", "Dag-, døgnbehandling og poliklinikk")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN_RE.fullmatch(text) and not text.endswith(" "):
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def flow_mapping(row: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in row.items()) + "}"


# -- where things are ----------------------------------------------------------------------------


def _child(mapping: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _last_line(node: yaml.Node, lines: list[str]) -> int:
    """0-based index of the last line holding part of ``node``."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark.line if node.end_mark.column > 0 else node.end_mark.line - 1
        # A block scalar's end lies past the blank lines after it.
        while end > node.start_mark.line and (not lines[end].strip() or lines[end].lstrip().startswith("#")):
            end -= 1
        return end
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            children += [k, v]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    return max((_last_line(c, lines) for c in children), default=node.start_mark.line)


def _start_of(key_node: yaml.Node) -> dt.date | None:
    text = key_node.value
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Layout:
    """Indentation of a parameter's entries, taken from the file: entry key, the entry's keys, the items of
    ``value:`` and ``cite:``, and a citation's fields."""

    entry: int
    inner: int
    rows: int
    cites: int
    cite_fields: int


def _layout(values: yaml.MappingNode) -> _Layout:
    entry = values.value[0][0].start_mark.column
    inner, rows, cites, fields = entry + 2, entry + 4, entry + 4, entry + 6
    for _, body in values.value:
        if not isinstance(body, yaml.MappingNode) or not body.value:
            continue
        inner = body.value[0][0].start_mark.column
        value = _child(body, "value")
        rows = inner + 2
        if value is not None and isinstance(value[1], yaml.SequenceNode) and not value[1].flow_style:
            rows = value[1].start_mark.column
        cite = _child(body, "cite")
        if cite is not None and isinstance(cite[1], yaml.SequenceNode) and cite[1].value:
            cites = cite[1].start_mark.column
            first = cite[1].value[0]
            fields = first.start_mark.column if isinstance(first, yaml.MappingNode) else cites + 2
            break
        cites, fields = inner + 2, inner + 4
    return _Layout(entry, inner, rows, cites, fields)


def _cite_lines(cites: list[dict[str, Any]], layout: _Layout) -> list[str]:
    out = []
    for cite in cites:
        for i, (k, v) in enumerate(cite.items()):
            indent = " " * layout.cites + "- " if i == 0 else " " * layout.cite_fields
            if i == 0 and layout.cite_fields != layout.cites + 2:
                indent = " " * layout.cites + "-" + " " * (layout.cite_fields - layout.cites - 1)
            out.append(f"{indent}{k}: {scalar(v)}")
    return out


def _entry_lines(edit: EntryEdit, layout: _Layout) -> list[str]:
    assert edit.new_entry is not None
    pad = " " * layout.inner
    out = [f"{' ' * layout.entry}{edit.key}:"]
    entry = edit.new_entry
    if entry.get("unchanged"):
        out.append(f"{pad}unchanged: true")
    else:
        value = entry["value"]
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            out.append(f"{pad}value:")
            out += [f"{' ' * layout.rows}- {flow_mapping(r)}" for r in value]
        else:
            out.append(f"{pad}value: {scalar(value)}")
    out.append(f"{pad}cite:")
    out += _cite_lines(entry["cite"], layout)
    return out


# -- the edit ------------------------------------------------------------------------------------


def edit_parameter_file(text: str, file: str, edits: list[EntryEdit]) -> EditedFile:
    """``text`` with ``edits`` applied; every other line kept byte for byte."""
    lines = text.split("\n")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise YamlEditError(f"{file}: not valid YAML ({exc})") from exc
    params = _child(root, "parameters") if root is not None else None
    if params is None:
        raise YamlEditError(f"{file}:1: expected a top-level 'parameters:' mapping")
    inserts: list[tuple[int, int, list[str], tuple[str, dt.date] | None]] = []  # (at line, order, lines, entry)
    for order, edit in enumerate(edits):
        found = _child(params[1], edit.param)
        values = _child(found[1], "values") if found is not None else None
        if values is None or not isinstance(values[1], yaml.MappingNode) or not values[1].value:
            raise YamlEditError(f"{file}: no parameter {edit.param!r} with 'values:' to edit")
        layout = _layout(values[1])
        entries = [(k, v, _start_of(k)) for k, v in values[1].value]
        same = next(((k, v) for k, v, start in entries if start == edit.start), None)
        if edit.new_entry is not None:
            if same is not None:
                raise YamlEditError(f"{file}:{same[0].start_mark.line + 1}: {edit.param} already has an entry "
                                    f"{edit.key}; a proposal never replaces one")
            later = [k for k, _, start in entries if start is not None and start > edit.start]
            if later:
                at = later[0].start_mark.line
                while at > 0 and lines[at - 1].lstrip().startswith("#"):  # a comment above an entry is its own
                    at -= 1
            else:
                at = _last_line(values[1], lines) + 1
            inserts.append((at, order, _entry_lines(edit, layout), (edit.param, edit.start)))
            continue
        if same is None:
            raise YamlEditError(f"{file}: {edit.param} has no entry {edit.key} to add to")
        key_node, body = same
        if edit.add_rows:
            value = _child(body, "value")
            if value is None or not isinstance(value[1], yaml.SequenceNode) or value[1].flow_style:
                raise YamlEditError(f"{file}:{key_node.start_mark.line + 1}: {edit.param} {edit.key}: its value "
                                    "is not a block list of rows; add the rows by hand")
            column = value[1].start_mark.column if value[1].value else layout.rows
            inserts.append((_last_line(value[1], lines) + 1, order,
                            [f"{' ' * column}- {flow_mapping(r)}" for r in edit.add_rows], None))
        if edit.add_cites:
            cite = _child(body, "cite")
            if cite is None or not isinstance(cite[1], yaml.SequenceNode) or cite[1].flow_style:
                raise YamlEditError(f"{file}:{key_node.start_mark.line + 1}: {edit.param} {edit.key}: its 'cite:' "
                                    "is not a block list; add the citations by hand")
            cite_layout = _Layout(layout.entry, layout.inner, layout.rows, cite[1].start_mark.column,
                                  cite[1].value[0].start_mark.column if cite[1].value else cite[1].start_mark.column + 2)
            inserts.append((_last_line(cite[1], lines) + 1, order + len(edits), _cite_lines(edit.add_cites, cite_layout),
                            None))
    # Insert from the bottom up so the line numbers found above stay valid.
    for at, _, new, _ in sorted(inserts, key=lambda i: (i[0], i[1]), reverse=True):
        lines[at:at] = new
    new_text = "\n".join(lines)
    entry_lines = _entry_key_lines(new_text, file, edits)
    _verify(new_text, file, edits)
    return EditedFile(new_text, entry_lines)


def _entry_key_lines(text: str, file: str, edits: list[EntryEdit]) -> dict[tuple[str, dt.date], int]:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    params = _child(root, "parameters")
    out: dict[tuple[str, dt.date], int] = {}
    for edit in edits:
        found = _child(params[1], edit.param) if params else None
        values = _child(found[1], "values") if found else None
        for k, _ in values[1].value if values else []:
            if _start_of(k) == edit.start:
                out[(edit.param, edit.start)] = k.start_mark.line + 1
    return out


def _as_date(key: Any) -> dt.date | None:
    if isinstance(key, dt.date):
        return key
    if isinstance(key, int):
        return dt.date(key, 1, 1)
    return None


def _verify(text: str, file: str, edits: list[EntryEdit]) -> None:
    """Each edited entry reads back as meant (guards the textual edit against indentation slips)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise YamlEditError(f"{file}: the edit made the file unreadable ({exc}); nothing was written") from exc
    for edit in edits:
        values = data["parameters"][edit.param]["values"]
        entry = next((v for k, v in values.items() if _as_date(k) == edit.start), None)
        if entry is None:
            raise YamlEditError(f"{file}: the edit of {edit.param} {edit.key} does not read back; nothing was written")
        wanted_cites = list(edit.new_entry["cite"]) if edit.new_entry else []
        if edit.new_entry is not None:
            expected = {k: v for k, v in edit.new_entry.items() if k != "cite"}
            got = {k: v for k, v in entry.items() if k != "cite"}
            if got != expected or entry.get("cite") != wanted_cites:
                raise YamlEditError(f"{file}: the new entry {edit.param} {edit.key} reads back as {got!r}, not "
                                    f"{expected!r}; nothing was written")
        else:
            rows, cites = entry.get("value") or [], entry.get("cite") or []
            if edit.add_rows and rows[-len(edit.add_rows):] != edit.add_rows:
                raise YamlEditError(f"{file}: the rows added to {edit.param} {edit.key} do not read back; "
                                    "nothing was written")
            if edit.add_cites and cites[-len(edit.add_cites):] != edit.add_cites:
                raise YamlEditError(f"{file}: the citations added to {edit.param} {edit.key} do not read back; "
                                    "nothing was written")
