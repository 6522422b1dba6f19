"""Fuzzing the extractor with damaged copies of the corpus PDFs.

Each input is a corpus PDF (``source_pdfs/``) with one to three seeded mutations: byte flips,
truncation, a damaged ``/Length``, a damaged cross-reference table or trailer, a deleted or
duplicated object, a random dictionary key, a huge number, deeply nested arrays, random bytes
spliced in, or a damaged content stream (inflated, mutated, deflated again). A mutation that
damages the inside of an object usually re-points the xref table at the objects' new offsets, so
the damage reaches the object's parser rather than stopping at the table.

The inputs are written to a temporary folder in batches, each with two good corpus PDFs, and every
batch is extracted the way ``tracker extract`` does it (``tracker.extract.pipeline.extract_many``,
in a child process, over the machine's cores) with a per-document time limit. Every input ends as
one of:

- extracted: a document, valid against ``schema/document.schema.json``, no control characters;
- clean error: one line naming the file, an error the extractor raised on purpose;
- duplicate: reported as a copy of another file of the batch (the damage changed no text);
- crash: an exception escaping the batch, a worker that died, a traceback or a multi-line error,
  or an unexpected exception only the batch's safety net caught ("extraction failed (…)");
- hang: the document alone takes longer than ``--timeout`` seconds;
- invalid output: a document written that fails the schema or holds control characters.

*Outputs lost* counts good PDFs of a batch that the batch did not extract. A batch that crashes or
hangs is re-run one input at a time to find which input did it. Crashes, hangs, lost outputs and
invalid outputs must all be 0; the exit code is 1 otherwise. ``--keep DIR`` keeps the inputs that
crashed or hung; ``--only N`` re-runs input N of the same seed.

    python -m bench.fuzz_pdfs                       # 1000 inputs, seed 0 (about half an hour on 2 cores)
    python -m bench.fuzz_pdfs --count 50 --seed 7
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "source_pdfs"
SCHEMA = ROOT / "schema" / "document.schema.json"
# Good documents extracted beside every batch: the two quickest corpus PDFs.
GOOD = ("Endringslogg ISF-regelverk 2024.pdf", "ISF informasjonsmøte 17. oktober 2019.pdf")
# A scan is OCR'd whole at every extraction (a mutated copy has a new hash, so the OCR cache never
# helps): its seed keeps its first page, and is drawn a quarter as often as a born-digital one.
SCAN_PAGES = 1
SCAN_WEIGHT = 0.25

# --- mutations --------------------------------------------------------------------------------------

Mutation = Callable[[bytes, random.Random], bytes]

_OBJECT = re.compile(rb"(?<![0-9])(\d+)[ \t\r\n]+(\d+)[ \t\r\n]+obj\b(.*?)endobj", re.S)
_OBJECT_HEAD = re.compile(rb"(?<![0-9])(\d+) (\d+) obj\b")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_NUMBER = re.compile(rb"(?<![\w.#/+-])[+-]?\d+(?:\.\d*)?(?![\w.])")
_LENGTH = re.compile(rb"/Length[ \t\r\n]+(\d+(?:[ \t\r\n]+\d+[ \t\r\n]+R)?)")

KEYS = [b"Type", b"Subtype", b"Kids", b"Count", b"Parent", b"Contents", b"Resources", b"MediaBox", b"CropBox",
        b"Rotate", b"Font", b"XObject", b"Filter", b"DecodeParms", b"Length", b"Outlines", b"First", b"Next",
        b"Dest", b"StructTreeRoot", b"K", b"Pg", b"RoleMap", b"Encoding", b"ToUnicode", b"Widths", b"FirstChar",
        b"FontMatrix", b"Width", b"Height", b"BitsPerComponent", b"ColorSpace", b"Annots", b"Names", b"Prev",
        b"Size", b"W", b"Index", b"Root", b"Info", b"Title", b"BBox", b"Matrix", b"Encrypt", b"\xff\xfe\x00"]
HUGE = [b"99999999999999999999999", b"-99999999999", b"1e308", b"3.4e38", b"-0.0000000001", b"2147483648",
        b"-2147483649", b"0", b"-1", b"NaN", b"1" + b"0" * 400, b"4294967296", b"1.#QNAN"]
CONTENT_SNIPPETS = [
    b" 1e308 0 0 1e308 0 0 cm ", b" 0 0 0 0 0 0 cm ", b" /F99 1e30 Tf ", b" /F1 -0 Tf ", b" BT " * 500,
    b" ET ET ET ", b" q " * 2000, b" Q Q Q ", b" (" + b"x" * 20000 + b") Tj ", b" [(a) 1e308 (b)] TJ ",
    b" /Im1 Do ", b" /X0 Do " * 50, b" 99999999 Tz ", b" 0 Tz ", b" -1e20 TL T* ", b" <ff00ff> Tj ",
    b" (\\377\\376\\000) Tj ", b" BI /W 99999 /H 99999 /BPC 8 /CS /G ID \x00\x01 EI ", b" re re re f ",
    b" 1 2 3 4 5 6 7 8 9 ", b" /P <</MCID 99999>> BDC ", b" EMC EMC ", b" sh ", b" /GS0 gs ",
]


def _stream_spans(data: bytes) -> list[tuple[int, int]]:
    return [m.span(1) for m in _STREAM.finditer(data)]


def _outside_streams(data: bytes, positions: list[int]) -> list[int]:
    spans = _stream_spans(data)
    return [p for p in positions if not any(a <= p < b for a, b in spans)]


def fix_xref(data: bytes) -> bytes:
    """Point a classic xref table (the last one) at where each object now is, and ``startxref`` at
    the table: a mutation inside an object then reaches the object's parser."""
    tables = list(re.finditer(rb"(?m)^xref[ \t]*\r?\n", data))
    if not tables:
        return data
    table = tables[-1]
    offsets = {int(m.group(1)): m.start() for m in _OBJECT_HEAD.finditer(data)}  # a repeated number: the last
    subsection = re.compile(rb"(\d+) (\d+)[ \t]*\r?\n")
    entry = re.compile(rb"(\d{10}) (\d{5}) ([nf])([ \t\r\n]{1,2})")
    pos = table.end()
    out = bytearray(data[:pos])
    while (head := subsection.match(data, pos)) is not None:
        first, n = int(head.group(1)), int(head.group(2))
        out += head.group(0)
        pos = head.end()
        for k in range(n):
            e = entry.match(data, pos)
            if e is None:
                return data  # not a table this understands: leave the file as it is
            if e.group(3) == b"n" and first + k in offsets:
                out += b"%010d %s n%s" % (offsets[first + k], e.group(2), e.group(4))
            else:
                out += e.group(0)
            pos = e.end()
    out += data[pos:]
    return re.sub(rb"startxref([ \t]*\r?\n)\d+", lambda m: b"startxref" + m.group(1) + b"%d" % table.start(),
                  bytes(out))


def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= rng.randint(1, 255)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(8, max(8, len(data) - 1))]


def splice(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def damage_length(data: bytes, rng: random.Random) -> bytes:
    found = list(_LENGTH.finditer(data))
    if not found:
        return flip(data, rng)
    m = rng.choice(found)
    value = m.group(1).split()[0]
    new = rng.choice([b"0", b"-1", b"99999999999", b"%d" % int(int(value) * rng.uniform(0, 2)), b"/x",
                      b"999999 0 R", b"1e308", b"()", b"[1]", b"%d" % (int(value) + rng.randint(1, 5))])
    out = data[: m.start(1)] + new + data[m.end(1):]
    return fix_xref(out) if rng.random() < 0.5 else out


def damage_xref(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(6)
    if choice == 0:  # startxref pointing anywhere
        return re.sub(rb"startxref([ \t]*\r?\n)\d+", lambda m: b"startxref" + m.group(1) + b"%d" % rng.randrange(
            len(data) * 2), data)
    if choice == 1:  # one entry's offset pointing anywhere
        entries = list(re.finditer(rb"(?m)^\d{10}(?= \d{5} n)", data))
        if entries:
            e = rng.choice(entries)
            return data[: e.start()] + b"%010d" % rng.randrange(len(data)) + data[e.end():]
    if choice == 2:  # the table gone
        return re.sub(rb"(?s)\nxref\b.*?(?=trailer)", b"\n", data, count=1)
    if choice == 3:  # the trailer's /Size or /Root wrong
        key, value = rng.choice([(b"Size", rng.choice(HUGE)), (b"Root", b"%d 0 R" % rng.randint(0, 99999)),
                                 (b"Prev", b"%d" % rng.randrange(len(data))), (b"Info", b"(x)")])
        return re.sub(rb"trailer(\s*)<<", lambda m: b"trailer" + m.group(1) + b"<< /" + key + b" " + value + b" ",
                      data)
    if choice == 4:  # the keyword itself damaged
        return data.replace(b"\nxref", b"\nxrfe", 1)
    return re.sub(rb"%%EOF\s*$", b"", data)  # no end marker


def delete_object(data: bytes, rng: random.Random) -> bytes:
    objects = list(_OBJECT.finditer(data))
    if not objects:
        return truncate(data, rng)
    m = rng.choice(objects)
    out = data[: m.start()] + data[m.end():]
    return fix_xref(out) if rng.random() < 0.7 else out


def duplicate_object(data: bytes, rng: random.Random) -> bytes:
    objects = list(_OBJECT.finditer(data))
    if not objects:
        return splice(data, rng)
    source = rng.choice(objects)
    copy = source.group(0)
    if rng.random() < 0.5:  # the copy takes another object's number: a redefinition
        other = rng.choice(objects)
        copy = re.sub(rb"^\d+", other.group(1), copy, count=1)
    at = rng.choice(objects).end()
    out = data[:at] + b"\n" + copy + b"\n" + data[at:]
    return fix_xref(out) if rng.random() < 0.7 else out


def _random_value(data: bytes, rng: random.Random) -> bytes:
    objects = [int(m.group(1)) for m in _OBJECT_HEAD.finditer(data)] or [1]
    return rng.choice([
        b"null", b"true", b"-0", b"1e400", b"99999999999999999999", b"(x)", b"<00ff>", b"[1 2 3]",
        b"<< /A /B >>", b"0 0 R", b"123456 0 R", b"/" + b"N" * 1000, b"%d 0 R" % rng.choice(objects),
        b"[" + b" ".join(b"%d 0 R" % rng.choice(objects) for _ in range(rng.randint(1, 20))) + b"]",
        rng.choice(HUGE), b"[" * 100 + b"]" * 100, b"(" + rng.randbytes(rng.randint(0, 40)).replace(b")", b"") + b")",
    ])


def add_dict_key(data: bytes, rng: random.Random) -> bytes:
    """A key (a meaningful one, or garbage) with a random value, where it overrides the dictionary's own:
    just before a ``>>`` (the later key wins) or just after a ``<<``."""
    opening = rng.random() < 0.3
    marks = _outside_streams(data, [m.start() for m in re.finditer(rb"<<" if opening else rb">>", data)])
    if not marks:
        return flip(data, rng)
    at = rng.choice(marks) + (2 if opening else 0)
    key = rng.choice(KEYS) if rng.random() < 0.8 else rng.randbytes(rng.randint(1, 12)).translate(
        None, b" \t\r\n/[]<>(){}%")
    out = data[:at] + b" /" + key + b" " + _random_value(data, rng) + b" " + data[at:]
    return fix_xref(out) if rng.random() < 0.8 else out


def huge_number(data: bytes, rng: random.Random) -> bytes:
    numbers = list(_NUMBER.finditer(data))
    keep = set(_outside_streams(data, [m.start() for m in numbers]))
    numbers = [m for m in numbers if m.start() in keep and not re.match(rb"\d{10} \d{5} [nf]", data[m.start():])]
    if not numbers:
        return flip(data, rng)
    out = data
    for m in sorted(rng.sample(numbers, min(len(numbers), rng.randint(1, 3))), key=lambda m: -m.start()):
        out = out[: m.start()] + rng.choice(HUGE) + out[m.end():]
    return fix_xref(out) if rng.random() < 0.8 else out


def nested_array(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([65, 200, 1000, 10_000, 100_000])
    closed = rng.random() < 0.8
    value = b"[" * depth + b"0" + (b"]" * depth if closed else b"")
    marks = _outside_streams(data, [m.start() for m in re.finditer(rb">>", data)])
    if not marks:
        return flip(data, rng)
    at = rng.choice(marks)
    out = data[:at] + b" /" + rng.choice(KEYS) + b" " + value + b" " + data[at:]
    return fix_xref(out) if rng.random() < 0.8 else out


def damage_stream_content(data: bytes, rng: random.Random) -> bytes:
    """Inflate a Flate stream (or take a plain one), damage what it says, deflate it again and set its
    /Length: the damage reaches the content-stream, font or image parser instead of zlib."""
    streams = list(_STREAM.finditer(data))
    if not streams:
        return flip(data, rng)
    m = rng.choice(streams)
    head_start = data.rfind(b"<<", 0, m.start())
    head = data[head_start: m.start()] if head_start >= 0 else b""
    raw = m.group(1)
    flate = b"/FlateDecode" in head or b"/Fl " in head or b"/Fl]" in head
    if flate:
        try:
            decoded = zlib.decompressobj().decompress(raw)
        except zlib.error:
            return flip(data, rng)
    else:
        decoded = raw
    if not decoded:
        decoded = b" "
    content = bytearray(decoded)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        at = rng.randrange(len(content) + 1)
        if op == 0:
            content[at:at] = rng.choice(CONTENT_SNIPPETS)
        elif op == 1 and content:
            for _ in range(rng.randint(1, 16)):
                content[rng.randrange(len(content))] ^= rng.randint(1, 255)
        elif op == 2:
            del content[at:]
        elif op == 3:
            content[at:at] = b" " + b"[" * rng.choice([100, 10_000]) + b" "
        else:
            content[at:at] = b" " + rng.choice(HUGE) + b" " + rng.choice(HUGE) + b" Td "
    body = zlib.compress(bytes(content)) if flate else bytes(content)
    out = data[: m.start(1)] + body + data[m.end(1):]
    if head_start >= 0:
        new_head = _LENGTH.sub(b"/Length %d" % len(body), head, count=1)
        out = out[:head_start] + new_head + out[m.start():]
    return fix_xref(out) if rng.random() < 0.9 else out


MUTATIONS: dict[str, Mutation] = {
    "flip": flip,
    "truncate": truncate,
    "splice": splice,
    "length": damage_length,
    "xref": damage_xref,
    "delete-object": delete_object,
    "duplicate-object": duplicate_object,
    "dict-key": add_dict_key,
    "huge-number": huge_number,
    "nested-array": nested_array,
    "stream-content": damage_stream_content,
}


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three mutations of ``data``; returns the bytes and the names of the mutations applied."""
    names = [rng.choice(sorted(MUTATIONS)) for _ in range(rng.randint(1, 3))]
    for name in names:
        if len(data) >= 16:
            data = MUTATIONS[name](data, rng)
    return data, names


# --- seeds ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    name: str
    data: bytes
    weight: float


def _first_pages(path: Path, pages: int) -> bytes:
    """The first ``pages`` pages as a PDF of their own (pypdfium2), with its date and /ID fixed so
    the same run gives the same bytes."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(path)
    new = pdfium.PdfDocument.new()
    new.import_pages(src, list(range(min(pages, len(src)))))
    buf = io.BytesIO()
    new.save(buf)
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20000101000000", buf.getvalue())
    return re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]",
                  lambda m: re.sub(rb"[0-9A-Fa-f](?=[0-9A-Fa-f]*>)", b"0", m.group(0)), data)


def corpus_seeds(source_dir: Path = SOURCE_DIR, names: list[str] | None = None) -> list[Seed]:
    from bench.bench_extract import is_scan

    seeds = []
    for path in sorted(source_dir.glob("*.pdf")):
        if names is not None and path.name not in names:
            continue
        if is_scan(path):
            seeds.append(Seed(path.name, _first_pages(path, SCAN_PAGES), SCAN_WEIGHT))
        else:
            seeds.append(Seed(path.name, path.read_bytes(), 1.0))
    return seeds


def fuzz_input(seeds: list[Seed], seed: int, index: int) -> tuple[str, bytes, list[str]]:
    """Input ``index`` of run ``seed``: (file name, bytes, mutations). Each input has its own random
    generator, so one can be made again alone (``--only``)."""
    rng = random.Random(f"{seed}:{index}")
    base = rng.choices(seeds, weights=[s.weight for s in seeds])[0]
    data, names = mutate(base.data, rng)
    # The seed's name is kept (kind and year come from it, so ids collide with the good PDFs'),
    # behind a prefix: a longer name never wins an id or a duplicate over the good file.
    return f"fuzz-{index:04d} {base.name}", data, names


# --- running batches --------------------------------------------------------------------------------


@dataclass
class Outcome:
    verdict: str  # extracted, clean error, duplicate, crash, hang, invalid output
    detail: str = ""


@dataclass
class FuzzReport:
    tried: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    lost: int = 0
    problems: list[str] = field(default_factory=list)  # one line per crash, hang, loss, invalid output
    lines: list[str] = field(default_factory=list)  # one line per input: what became of it
    by_mutation: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def crashes(self) -> int:
        return self.verdicts["crash"]

    @property
    def hangs(self) -> int:
        return self.verdicts["hang"]

    @property
    def invalid(self) -> int:
        return self.verdicts["invalid output"]

    @property
    def ok(self) -> bool:
        return not (self.crashes or self.hangs or self.lost or self.invalid)


def _child(spec_path: Path) -> int:
    """Run in a child process: extract one batch, write what became of each file."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    from tracker.extract.pipeline import extract_many

    try:
        report = extract_many([Path(p) for p in spec["files"]], Path(spec["out"]), cache_dir=Path(spec["cache"]),
                              workers=spec["workers"])
    except BaseException:  # noqa: BLE001 -- an exception escaping the batch is exactly what is measured
        Path(spec["result"]).write_text(json.dumps({"escaped": traceback.format_exc()}), encoding="utf-8")
        return 3
    rows = [{"path": str(r.path), "error": r.error, "output": str(r.output) if r.output else None,
             "has_document": r.document is not None, "duplicate_of": getattr(r, "duplicate_of", None)}
            for r in report.results]
    Path(spec["result"]).write_text(json.dumps({"results": rows}), encoding="utf-8")
    return 0


def _run_child(files: list[Path], work: Path, *, workers: int, deadline: float) -> tuple[str, dict]:
    """('done', results) | ('escaped', traceback) | ('died', why) | ('timeout', {}): one batch in a child."""
    work.mkdir(parents=True, exist_ok=True)
    out = work / "out"
    result = work / "result.json"
    spec = {"files": [str(f) for f in files], "out": str(out), "cache": str(work.parent / "cache"),
            "workers": workers, "result": str(result)}
    spec_path = work / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "bench.fuzz_pdfs", "--child", str(spec_path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=deadline)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the child and its pool's workers
        proc.communicate()
        return "timeout", {}
    text = output.decode("utf-8", "replace")
    if not result.exists():
        return "died", {"why": f"exit code {proc.returncode}: {text.strip()[-300:]}"}
    data = json.loads(result.read_text(encoding="utf-8"))
    if "escaped" in data:
        return "escaped", data
    if "Traceback" in text:
        data["traceback"] = text
    return "done", data


_SCHEMA_VALIDATOR: Any = None


def _invalid(output: Path) -> str | None:
    """Why a written document is not clean (schema, control characters), or None."""
    global _SCHEMA_VALIDATOR
    import jsonschema

    if _SCHEMA_VALIDATOR is None:
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        _SCHEMA_VALIDATOR = jsonschema.validators.validator_for(schema)(schema)
    try:
        data = json.loads(output.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"unreadable output ({exc})"
    error = next(iter(_SCHEMA_VALIDATOR.iter_errors(data)), None)
    if error is not None:
        return f"schema: {error.message[:120]}"
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            bad = [ch for ch in item if (unicodedata.category(ch) in ("Cc", "Cs") and ch != "\n") or ch in "\ufffe\uffff"]
            if bad:
                return f"control character U+{ord(bad[0]):04X} in {item[:40]!r}"
    return None


# An exception the extractor did not expect, caught only by the batch's safety net
# (tracker.extract.pipeline._error_text), or a worker process that died.
_UNEXPECTED = re.compile(r": extraction failed \(|worker process died")


def classify_row(row: dict, name: str) -> Outcome:
    error = row.get("error")
    if error is not None:
        if "Traceback" in error or name not in error or any(unicodedata.category(ch) == "Cc" for ch in error):
            return Outcome("crash", f"not one clean line naming the file: {error[:200]!r}")
        if _UNEXPECTED.search(error):
            return Outcome("crash", error[:300])
        return Outcome("clean error", error)
    if row.get("duplicate_of"):
        return Outcome("duplicate", str(row["duplicate_of"]))
    if not row.get("has_document") or not row.get("output"):
        return Outcome("crash", "neither a document nor an error")
    why = _invalid(Path(row["output"]))
    return Outcome("invalid output", why) if why else Outcome("extracted")


def run_batch(inputs: list[Path], good: list[Path], work: Path, *, workers: int,
              timeout: float) -> tuple[dict[Path, Outcome], int]:
    """Extract one batch; (what became of each input, good PDFs lost)."""
    files = [*inputs, *good]
    deadline = timeout * math.ceil(len(files) / max(1, workers)) + 60
    status, data = _run_child(files, work / "batch", workers=workers, deadline=deadline)
    if status == "done":
        rows = {Path(r["path"]): r for r in data["results"]}
        outcomes = {p: classify_row(rows[p], p.name) if p in rows else Outcome("crash", "no result")
                    for p in inputs}
        if "traceback" in data:  # printed by the extractor although the batch went on
            for p in inputs:
                if p.name in data["traceback"] and outcomes[p].verdict != "crash":
                    outcomes[p] = Outcome("crash", "a traceback was printed")
        lost = sum(1 for g in good if g not in rows or rows[g].get("error") or not rows[g].get("has_document"))
        return outcomes, lost
    # The batch crashed or hung: each input alone (one worker, its own time limit) tells which did it.
    lost = 0 if status == "timeout" else len(good)
    outcomes = {}
    for k, path in enumerate(inputs):
        alone, alone_data = _run_child([path], work / f"alone-{k}", workers=1, deadline=timeout + 30)
        if alone == "timeout":
            outcomes[path] = Outcome("hang", f"over {timeout:.0f} s")
        elif alone == "escaped":
            outcomes[path] = Outcome("crash", alone_data["escaped"].strip().splitlines()[-1][:300])
        elif alone == "died":
            outcomes[path] = Outcome("crash", alone_data["why"])
        else:
            outcomes[path] = classify_row(alone_data["results"][0], path.name)
    return outcomes, lost


def run(count: int = 1000, seed: int = 0, *, batch: int = 10, timeout: float = 60.0, workers: int | None = None,
        source_dir: Path = SOURCE_DIR, seed_names: list[str] | None = None, only: int | None = None,
        keep: Path | None = None, log: Callable[[str], None] | None = None) -> FuzzReport:
    seeds = corpus_seeds(source_dir, seed_names)
    if not seeds:
        raise SystemExit(f"no corpus PDFs in {source_dir}")
    workers = workers or os.cpu_count() or 1
    indices = [only] if only is not None else list(range(count))
    report = FuzzReport()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fuzz-pdfs-") as tmp:
        root = Path(tmp)
        good_dir = root / "good"
        good_dir.mkdir()
        good = [good_dir / name for name in GOOD if (source_dir / name).exists()]
        for path in good:
            path.write_bytes((source_dir / path.name).read_bytes())
        for start in range(0, len(indices), batch):
            chunk = indices[start: start + batch]
            folder = root / f"batch-{start // batch:04d}"
            src = folder / "src"
            src.mkdir(parents=True)
            made: dict[Path, list[str]] = {}
            for index in chunk:
                name, data, names = fuzz_input(seeds, seed, index)
                (src / name).write_bytes(data)
                made[src / name] = names
            outcomes, lost = run_batch(list(made), good, folder, workers=workers, timeout=timeout)
            report.tried += len(made)
            report.lost += lost
            if lost:
                report.problems.append(f"batch {start // batch}: {lost} good PDF(s) not extracted")
            for path, outcome in outcomes.items():
                report.verdicts[outcome.verdict] += 1
                report.lines.append(f"{path.name[:9]} {'+'.join(made[path]):40} {outcome.verdict:15} "
                                    f"{outcome.detail.replace(str(path), '<input>')[:160]}")
                for name in made[path]:
                    report.by_mutation.setdefault(name, Counter())[outcome.verdict] += 1
                if outcome.verdict in ("crash", "hang", "invalid output"):
                    index = int(path.name[5:9])
                    report.problems.append(f"{outcome.verdict}: input {index} ({', '.join(made[path])}): "
                                           f"{outcome.detail}")
                    if keep is not None:
                        keep.mkdir(parents=True, exist_ok=True)
                        (keep / path.name).write_bytes(path.read_bytes())
            if log:
                log(f"batch {start // batch + 1}/{math.ceil(len(indices) / batch)}: {report.tried} tried, "
                    f"{report.crashes} crashes, {report.hangs} hangs, {report.lost} lost "
                    f"({time.perf_counter() - started:.0f} s)")
            # Each batch's folder goes once it is judged; the OCR cache is shared by the run.
            shutil.rmtree(folder, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


def render(report: FuzzReport, *, seed: int, batch: int, timeout: float, verbose: bool = False) -> str:
    v = report.verdicts
    lines = [*(report.lines if verbose else []),
        f"fuzz: seed {seed}, batches of {batch} inputs + {len(GOOD)} good PDFs, {timeout:.0f} s per document, "
        f"{report.seconds:.0f} s",
        f"  inputs tried      {report.tried}",
        f"  extracted         {v['extracted']}",
        f"  clean errors      {v['clean error']}",
        f"  duplicates        {v['duplicate']}   (reported as a copy of another file)",
        f"  crashes           {report.crashes}",
        f"  hangs             {report.hangs}",
        f"  outputs lost      {report.lost}",
        f"  invalid outputs   {report.invalid}",
        "  by mutation (inputs using it: extracted / clean error / duplicate / other):",
    ]
    for name in sorted(report.by_mutation):
        c = report.by_mutation[name]
        other = sum(c.values()) - c["extracted"] - c["clean error"] - c["duplicate"]
        lines.append(f"    {name:17} {c['extracted']:4} / {c['clean error']:4} / {c['duplicate']:4} / {other:4}")
    lines += [f"  {p}" for p in report.problems]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=1000, help="inputs to try (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--batch", type=int, default=10, help="inputs per batch (default 10)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds one document may take (default 60)")
    ap.add_argument("--workers", type=int, default=None, help="worker processes per batch (default: all cores)")
    ap.add_argument("--only", type=int, default=None, help="run input N of this seed alone")
    ap.add_argument("--keep", type=Path, default=None, help="copy inputs that crash or hang here")
    ap.add_argument("--verbose", "-v", action="store_true", help="one line per input: its mutations and outcome")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        return _child(args.child)
    report = run(args.count, args.seed, batch=args.batch, timeout=args.timeout, workers=args.workers,
                 only=args.only, keep=args.keep, log=lambda line: print(line, file=sys.stderr, flush=True))
    print(render(report, seed=args.seed, batch=args.batch, timeout=args.timeout, verbose=args.verbose))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
