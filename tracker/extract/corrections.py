"""An editor's heading corrections, kept beside the PDF and applied at every extraction.

``source_pdfs/<pdf stem>.corrections.yaml``::

    headings:
      - page: 7                            # the page the heading (or line) starts on
        text: "Overordnet innretning"      # what it reads, with or without its number
        number: "2.1"                      # new number (null: no number); the level follows its depth
        title: "Overordnet innretning for 2025"
        level: 2
      - page: 3
        text: "Innholdsfortegnelse"
        not_heading: true                  # its lines become body text of the section before
      - page: 12
        text: "Forløp for innsetting av kneprotese"
        add: true                          # a missed heading: these lines become one
        number: "6.14"
        level: 2

Matching is exact after normalisation (Unicode NFKC, dashes unified, whitespace folded, case
ignored, a trailing dot after the number ignored); the number prefix is optional: "2.1
Overordnet innretning" and "Overordnet innretning" both match heading 2.1. ``add`` matches up to
three consecutive body lines on the page (a wrapped heading). When several headings on a page read
the same, ``occurrence: n`` picks the n-th.

Corrections are checked against the document they were written for: a correction that matches
nothing (the PDF or the extractor changed) is an error naming the file and line, so a stale
correction is never silently dropped. Every error is one :class:`CorrectionError` whose message is
``<file>:<line>: <problem>``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from tracker.errors import InputError
from tracker.extract.headings import Heading, parse_number, style_key
from tracker.extract.lines import Line
from tracker.extract.text import join_lines, normalise_text
from tracker.hashing import sha256_bytes
from tracker.io import compose_yaml
from tracker.store import rel

SUFFIX = ".corrections.yaml"
MAX_BYTES = 1024 * 1024
MAX_ADD_LINES = 3  # a missed heading may wrap over this many lines
_KEYS = ("page", "text", "number", "title", "level", "add", "not_heading", "occurrence")
# 2, 6.14, 3.2.1, an appendix's A.1 or a 4a: numbers, or single letters, joined by dots.
_NUMBER = re.compile(r"^(?:\d{1,3}[a-z]?|[A-Za-z])(?:\.(?:\d{1,3}[a-z]?|[A-Za-z])){0,5}$")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_NUMBER_DOT = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.(?=\s)")
_UNSET = object()
# Heading.extra key recording what a correction set ({"number", "level", "title", "added"}).
CORRECTED = "corrected"


class CorrectionError(InputError):
    """A corrections file that cannot be read, or a correction that matches nothing."""


@dataclass(frozen=True)
class Correction:
    file: str  # as shown to the user (relative to the repo)
    line: int  # 1-based line of the entry in the file
    page: int
    text: str
    number: object = _UNSET  # str, None (remove the number) or _UNSET (leave it)
    title: str | None = None
    level: int | None = None
    add: bool = False
    not_heading: bool = False
    occurrence: int | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def sets_number(self) -> bool:
        return self.number is not _UNSET

    def fail(self, problem: str) -> CorrectionError:
        return CorrectionError(f"{self.where}: {problem}")


def corrections_path(pdf: Path) -> Path:
    """Where a PDF's corrections live: beside it, ``<stem>.corrections.yaml``."""
    pdf = Path(pdf)
    return pdf.with_name(pdf.stem + SUFFIX)


def versioned(extractor_version: str, pdf: Path) -> str:
    """The extractor version an output of `pdf` carries: with a corrections file, its hash is
    part of it, so editing the corrections re-extracts although the PDF is unchanged."""
    path = corrections_path(pdf)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return extractor_version
    return f"{extractor_version}+corrections.{sha256_bytes(data)[:12]}"


def load_for(pdf: Path) -> list[Correction]:
    """The corrections kept beside `pdf` (none when there is no file)."""
    path = corrections_path(pdf)
    return load_corrections(path) if path.exists() else []


# -- reading -----------------------------------------------------------------------------


def load_corrections(path: Path) -> list[Correction]:
    """Read and validate a corrections file. Raises :class:`CorrectionError` ("file:line: problem")."""
    name = rel(path)
    root = compose_yaml(path, error=CorrectionError, what="corrections file", max_bytes=MAX_BYTES)
    if root is None or _is_null(root):
        return []
    if not isinstance(root, yaml.MappingNode):
        raise _node_error(name, root, "expected a mapping with a 'headings:' list")
    entries: yaml.Node | None = None
    for key, key_line, value in _pairs(name, root):
        if key != "headings":
            raise CorrectionError(f"{name}:{key_line}: unknown top-level key {key!r} (expected 'headings')")
        entries = value
    if entries is None or _is_null(entries):
        return []
    if not isinstance(entries, yaml.SequenceNode):
        raise _node_error(name, entries, "'headings' must be a list of corrections (each starting with '- page:')")
    return [_correction(name, node) for node in entries.value]


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _node_error(name: str, node: yaml.Node, problem: str) -> CorrectionError:
    return CorrectionError(f"{name}:{_line(node)}: {problem}")


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _pairs(name: str, node: yaml.MappingNode) -> list[tuple[str, int, yaml.Node]]:
    """(key, the key's line, value node) of a mapping; keys given twice are an error."""
    out: list[tuple[str, int, yaml.Node]] = []
    seen: dict[str, int] = {}
    for k, v in node.value:
        if not isinstance(k, yaml.ScalarNode):
            raise CorrectionError(f"{name}:{_line(k)}: keys must be plain words")
        if k.value in seen:
            raise CorrectionError(f"{name}:{_line(k)}: {k.value!r} given twice (first at line {seen[k.value]})")
        seen[k.value] = _line(k)
        out.append((k.value, _line(k), v))
    return out


def _correction(name: str, node: yaml.Node) -> Correction:
    if not isinstance(node, yaml.MappingNode):
        raise _node_error(name, node, "each correction must be a mapping (page:, text:, ...)")
    line = _line(node)
    values: dict[str, object] = {}
    for key, key_line, value in _pairs(name, node):
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1, cutoff=0.75)
            hint = f"; did you mean {close[0]!r}?" if close else f" (expected one of: {', '.join(_KEYS)})"
            raise CorrectionError(f"{name}:{key_line}: unknown key {key!r}{hint}")
        values[key] = _value(name, key, value)

    def fail(problem: str) -> CorrectionError:
        return CorrectionError(f"{name}:{line}: {problem}")

    if "page" not in values:
        raise fail("the correction has no 'page'")
    if "text" not in values:
        raise fail("the correction has no 'text' (what the heading or line reads)")
    add, not_heading = bool(values.get("add")), bool(values.get("not_heading"))
    changes = [k for k in ("number", "title", "level") if k in values]
    if add and not_heading:
        raise fail("'add' and 'not_heading' contradict each other")
    if not_heading and changes:
        raise fail(f"'not_heading' cannot also set {', '.join(changes)}")
    if not add and not not_heading and not changes:
        raise fail("nothing to correct: give number, title or level, or 'not_heading: true' or 'add: true'")
    text = str(values["text"])
    number = values["number"] if "number" in values else parse_number(text)[0]
    if add and "level" not in values and not number:
        raise fail("an added heading needs a 'level' or a 'number'")
    return Correction(
        file=name,
        line=line,
        page=int(values["page"]),  # type: ignore[call-overload]
        text=text,
        number=values.get("number", _UNSET),
        title=values.get("title"),  # type: ignore[arg-type]
        level=values.get("level"),  # type: ignore[arg-type]
        add=add,
        not_heading=not_heading,
        occurrence=values.get("occurrence"),  # type: ignore[arg-type]
    )


def _value(name: str, key: str, node: yaml.Node) -> object:
    where = f"{name}:{_line(node)}"
    if not isinstance(node, yaml.ScalarNode):
        raise CorrectionError(f"{where}: {key!r} must be a single value, not a {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}")
    raw = node.value.strip()
    if key in ("page", "level", "occurrence"):
        if not re.fullmatch(r"\d+", raw) or int(raw) < 1:
            raise CorrectionError(f"{where}: {key!r} must be a whole number of at least 1, not {node.value!r}")
        if key == "level" and int(raw) > 6:
            raise CorrectionError(f"{where}: 'level' must be 1 to 6, not {raw}")
        return int(raw)
    if key in ("add", "not_heading"):
        if node.tag != "tag:yaml.org,2002:bool":
            raise CorrectionError(f"{where}: {key!r} must be true or false, not {node.value!r}")
        return raw.lower() in ("true", "yes", "on")
    if key == "number":
        if _is_null(node):
            return None  # remove the number
        # The raw scalar, so an unquoted 2.10 stays "2.10" (YAML would read the float 2.1).
        number = raw.rstrip(".")
        if not _NUMBER.fullmatch(number):
            raise CorrectionError(f"{where}: 'number' must look like 2, 6.14 or 3.2.1, not {node.value!r}")
        return number
    # text, title
    if _is_null(node) or not raw:
        raise CorrectionError(f"{where}: {key!r} must not be empty")
    return normalise_text(" ".join(raw.split()))


# -- applying ----------------------------------------------------------------------------


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    t = _DASHES.sub("-", t)
    t = " ".join(t.split())
    t = _NUMBER_DOT.sub(r"\1", t)
    return t.casefold()


def _heading_keys(h: Heading) -> set[str]:
    title = _norm(h.title)
    return {title, _norm(f"{h.number} {h.title}")} if h.number else {title}


def _heading_label(h: Heading) -> str:
    title = " ".join(h.title.split())
    return f"{h.number} {title}" if h.number else title


def _pick(c: Correction, matches: list, what: str) -> object:
    if c.occurrence is not None:
        if c.occurrence > len(matches):
            raise c.fail(f"occurrence {c.occurrence}, but only {len(matches)} {what} on page {c.page} read {c.text!r}")
        return matches[c.occurrence - 1]
    if len(matches) > 1:
        raise c.fail(
            f"{len(matches)} {what} on page {c.page} read {c.text!r}; pick one with 'occurrence: 1' to "
            f"'occurrence: {len(matches)}'"
        )
    return matches[0]


def _line_runs(page_lines: list[Line], taken: set[int], key: str) -> list[list[Line]]:
    """Runs of 1..MAX_ADD_LINES consecutive non-heading lines whose joined text matches `key`."""
    runs = []
    for i in range(len(page_lines)):
        for n in range(1, MAX_ADD_LINES + 1):
            run = page_lines[i : i + n]
            if len(run) < n or any(id(ln) in taken for ln in run):
                break
            if _norm(join_lines([ln.text for ln in run])) == key:
                runs.append(run)
                break
    return runs


def _level_for(number: str | None) -> int | None:
    return number.count(".") + 1 if number else None


def _mark(h: Heading, what: str) -> None:
    h.extra.setdefault(CORRECTED, set()).add(what)
    if what == "number":
        h.number_source = "correction" if h.number else None
    elif what == "level":
        h.level_source = "correction"


def apply_corrections(
    lines: list[Line], headings: list[Heading], corrections: list[Correction]
) -> tuple[list[Heading], list[str]]:
    """Apply `corrections` to the detected `headings` of the ordered `lines`.

    Returns the corrected headings in the reading order of `lines` and one note per applied
    correction ("<file>:<line>: page 12: '6.14 Forløp ...' added as a level-2 heading"). Every
    correction is matched against the headings as detected (before any correction), and each
    heading or line may be corrected once. Corrected headings record what was set in
    ``heading.extra["corrected"]`` (number, title, level, added); a set number gets
    ``number_source="correction"``, a set level (given, or following a set number's depth)
    ``level_source="correction"``, which :func:`build_sections` carries into the sections.
    Raises :class:`CorrectionError` for a correction that matches nothing, is ambiguous, or
    corrects what another correction in the file already did.
    """
    if not corrections:
        return headings, []
    position = {id(ln): i for i, ln in enumerate(lines)}
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    heading_lines = {id(ln) for h in headings for ln in h.lines}
    claimed: dict[int, Correction] = {}  # id(heading) or id(line of an added run) → its correction
    dropped: set[int] = set()
    added: list[Heading] = []
    notes: list[str] = []

    def claim(key: int, c: Correction, label: str) -> None:
        if key in claimed:
            raise c.fail(f"page {c.page}: {label!r} is already corrected at line {claimed[key].line}")
        claimed[key] = c

    for c in corrections:
        key = _norm(c.text)
        on_page = [h for h in headings if h.page == c.page]
        if c.add:
            runs = _line_runs(by_page.get(c.page, []), heading_lines, key)
            if not runs:
                if any(key in _heading_keys(h) for h in on_page):
                    raise c.fail(
                        f"page {c.page}: {c.text!r} is already a heading; drop 'add: true' to change it"
                    )
                raise c.fail(f"no line on page {c.page} reads {c.text!r}{_seen_on_page(by_page.get(c.page, []))}")
            run: list[Line] = _pick(c, runs, "lines")  # type: ignore[assignment]
            for ln in run:
                claim(id(ln), c, c.text)
            printed, printed_title = parse_number(join_lines([ln.text for ln in run]))
            number = c.number if c.sets_number else printed
            title = c.title or printed_title
            level = c.level or _level_for(number)  # type: ignore[arg-type]
            h = Heading(
                list(run), number, title, style_key(run[0]), level=level or 1,  # type: ignore[arg-type]
                number_source="printed" if number else None, level_source="numbering",
            )
            _mark(h, "added")
            if c.sets_number:
                _mark(h, "number")
            if c.sets_number or c.level:
                _mark(h, "level")
            added.append(h)
            notes.append(f"{c.where}: page {c.page}: {_heading_label(h)!r} added as a level-{h.level} heading")
            continue
        matches = [h for h in on_page if key in _heading_keys(h)]
        if not matches:
            if _line_runs(by_page.get(c.page, []), heading_lines, key):
                hint = " (a body line does: use 'add: true' to make it one)" if not c.not_heading else (
                    " (a body line does: it is no longer taken for a heading, so the correction can go)"
                )
            else:
                hint = _seen_on_page(by_page.get(c.page, []), on_page)
            raise c.fail(f"no heading on page {c.page} reads {c.text!r}{hint}")
        target: Heading = _pick(c, matches, "headings")  # type: ignore[assignment]
        before = _heading_label(target)
        claim(id(target), c, before)
        if c.not_heading:
            dropped.add(id(target))
            notes.append(f"{c.where}: page {c.page}: {before!r} is not a heading (now body text)")
            continue
        changes: list[str] = []
        if c.sets_number:
            target.number = c.number  # type: ignore[assignment]
            _mark(target, "number")
            depth = _level_for(target.number)
            if c.level is None and depth is not None and depth != target.level:
                changes.append(f"level {target.level} → {depth}")
                target.level = depth
                _mark(target, "level")
        if c.title:
            target.title = c.title
            _mark(target, "title")
        if c.level is not None:
            if c.level != target.level:
                changes.append(f"level {target.level} → {c.level}")
            target.level = c.level
            _mark(target, "level")
        after = _heading_label(target)
        what = f"{before!r} → {after!r}" if after != before else repr(before)
        notes.append(f"{c.where}: page {c.page}: {what}" + (f", {', '.join(changes)}" if changes else ""))

    kept = [h for h in headings if id(h) not in dropped] + added
    kept.sort(key=lambda h: position.get(id(h.lines[0]), len(position)))
    notes += _follow_corrected_numbers(kept, {id(h): c for h in kept if (c := claimed.get(id(h))) is not None})
    return kept, notes


def _follow_corrected_numbers(headings: list[Heading], corrected: dict[int, Correction]) -> list[str]:
    """Renumber the headings whose numbers were only guessed from the sequence after a corrected one.

    A layout that does not print level-2 numbers leaves them to the sequence; when the sequence was
    wrong from its start (a chapter beginning at "5.0"), one correction of the first heading must
    carry to its siblings, or the editor would have to correct every one. Siblings follow until the
    parent ends or a number with other evidence (printed, contents, outline, tags, correction)
    comes; subheadings whose guessed numbers start with a renumbered sibling's follow it.
    """
    notes: list[str] = []
    for k, head in enumerate(headings):
        c = corrected.get(id(head))
        if c is None or not c.sets_number or not head.number:
            continue
        parts = head.number.split(".")
        if not parts[-1].isdigit():
            continue
        prefix, nxt = parts[:-1], int(parts[-1]) + 1
        moved: dict[str, str] = {}
        for other in headings[k + 1:]:
            if other.level < head.level:
                break
            if id(other) in corrected or other.number_source != "sequence" or not other.number:
                if other.level == head.level:
                    break
                continue
            if other.level == head.level:
                new = ".".join([*prefix, str(nxt)])
                nxt += 1
                if new != other.number:
                    moved[other.number] = new
                    other.number = new
            else:
                parent = other.number.rpartition(".")[0]
                for old_parent, new_parent in moved.items():
                    if parent == old_parent or parent.startswith(old_parent + "."):
                        other.number = new_parent + other.number[len(old_parent):]
                        break
        if moved:
            shown = ", ".join(f"{a} → {b}" for a, b in list(moved.items())[:3]) + (" …" if len(moved) > 3 else "")
            notes.append(f"{c.where}: {len(moved)} following heading(s) numbered from the sequence follow it ({shown})")
    return notes


def _seen_on_page(page_lines: list[Line], on_page: list[Heading] | None = None) -> str:
    if not page_lines:
        return " (the page has no body text: is the page number right?)"
    if on_page:
        shown = ", ".join(repr(_heading_label(h)) for h in on_page[:4])
        return f" (its headings: {shown}{', ...' if len(on_page) > 4 else ''})"
    if on_page is not None:
        return " (no headings were found on that page)"
    return ""
