"""Resource bombs: refused by the input guard, or handled within a memory limit, never fatal to a batch.

The extraction runs in a child process with its address space capped (``RLIMIT_AS``, 1.5 GiB)
and a timeout, so a file that asks for gigabytes fails there instead of taking the test run (or
the machine) down. Each hostile file must come back as a clear error naming it or as a clean
result, and a good PDF in the same batch must still be extracted.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import ascii85decode

from tests import fuzzgen, pdfgen
from tracker.extract.guard import Limits, UnsafeInput, check_pdf, decoded_size, nesting_depth

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT = int(1.5 * 1024**3)
TIMEOUT_S = 180  # a hang guard for the child process, not a performance target
# One page is extracted in a few seconds; a minute means the extractor is stuck on the input.
ONE_PAGE_TIMEOUT_S = 60

# The child: cap the address space, extract the batch, print one JSON line per result.
CHILD = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
sys.path.insert(0, {root!r})
from tracker.extract.pipeline import extract_many
args = json.loads(sys.argv[1])
report = extract_many([Path(p) for p in args["pdfs"]], Path(args["out"]), cache_dir=Path(args["cache"]),
                      workers=args["workers"])
for r in report.results:
    print(json.dumps({{"path": str(r.path), "error": r.error,
                      "pages": r.document.source.pages if r.document else None}}))
"""


def extract_in_child(pdfs: list[Path], tmp: Path, *, workers: int, timeout: float = TIMEOUT_S) -> dict[str, dict]:
    args = json.dumps({"pdfs": [str(p) for p in pdfs], "out": str(tmp / "out"), "cache": str(tmp / "cache"),
                       "workers": workers})
    code = CHILD.format(limit=MEMORY_LIMIT, root=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", code, args], capture_output=True, text=True, timeout=timeout,
                          cwd=tmp)
    assert proc.returncode == 0, f"the extraction process died (exit {proc.returncode}): {proc.stderr[-2000:]}"
    results = [json.loads(ln) for ln in proc.stdout.splitlines() if ln.startswith("{")]
    return {Path(r["path"]).name: r for r in results}


def _good(tmp: Path) -> Path:
    return pdfgen.report(tmp / "Grunnlagsdokument ISF 2032.pdf",
                         [[("h1", "1 Innledning"), ("p", "ISF-andelen er 50 prosent i 2032.")]])


def hostile_files(tmp: Path) -> dict[str, Path]:
    files = {
        "flate-bomb.pdf": fuzzgen.flate_bomb(1024),  # 10 MiB that inflate to 1 GiB
        "image-bomb.pdf": fuzzgen.image_bomb(100_000, 100_000),
        "10000-shared-pages.pdf": fuzzgen.many_pages(10_000, shared=True),
        "10000-pages-count-1.pdf": fuzzgen.many_pages(10_000, shared=False, declared=1),
        "count-2-31.pdf": fuzzgen.many_pages(1, declared=2**31 - 1),
        "deep-nesting.pdf": fuzzgen.deeply_nested(100_000),
        "huge-page.pdf": fuzzgen.huge_page(200_000),
        "huge-inherited-page.pdf": fuzzgen.huge_page(200_000, inherited=True),
        "self-drawing-form.pdf": fuzzgen.form_xobjects(3, 2, self_reference=True),
    }
    out = {}
    for name, data in files.items():
        (tmp / name).write_bytes(data)
        out[name] = tmp / name
    return out


def form_fan_out(tmp: Path) -> Path:
    """Forms drawing the next form ten times, seven levels deep: 10⁶ words from 2 KB. Kept out of
    the batch below, which also runs without the guard: unguarded, it takes minutes and gigabytes."""
    path = tmp / "form-fan-out.pdf"
    path.write_bytes(fuzzgen.form_xobjects(7, 10))
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile_files(tmp_path_factory.mktemp("hostile"))


# --- the guard on its own ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("flate-bomb.pdf", "decompression bomb"),
        ("image-bomb.pdf", "100000 × 100000 pixels"),
        ("10000-shared-pages.pdf", "10000 pages"),
        ("10000-pages-count-1.pdf", "more than 5000 pages"),
        ("count-2-31.pdf", "2147483647 pages"),
        ("deep-nesting.pdf", "nested more than 64 levels"),
        ("huge-page.pdf", "200000 units on a side"),
        ("huge-inherited-page.pdf", "200000 units on a side"),
        ("form-fan-out.pdf", "draws text more than 200000 times"),
    ],
)
def test_guard_refuses_each_bomb_naming_the_file_and_the_reason(hostile: dict[str, Path], name: str,
                                                                 reason: str, tmp_path: Path) -> None:
    path = form_fan_out(tmp_path) if name == "form-fan-out.pdf" else hostile[name]
    with pytest.raises(UnsafeInput) as exc:
        check_pdf(path, name=name)
    assert str(exc.value).startswith(f"{name}: ") and reason in str(exc.value), str(exc.value)


def test_guard_accepts_every_corpus_pdf_and_counts_its_pages_like_pdfplumber() -> None:
    pdfs = sorted((ROOT / "source_pdfs").glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        report = check_pdf(pdf)
        with pdfplumber.open(pdf) as doc:
            assert report.parsed and report.pages == len(doc.pages), pdf.name
        assert report.streams_decoded > 0


def test_guard_counts_drawing_through_forms_not_file_size(tmp_path: Path) -> None:
    """10 × 10 × 10 draws of a word pass at the default limit and fail at a limit of 999."""
    path = tmp_path / "former.pdf"
    path.write_bytes(fuzzgen.form_xobjects(4, 10))
    check_pdf(path)
    with pytest.raises(UnsafeInput, match="more than 999 times"):
        check_pdf(path, Limits(max_page_text_ops=999))
    check_pdf(path, Limits(max_page_text_ops=1000))


def test_guard_leaves_unreadable_files_to_the_extractor(tmp_path: Path) -> None:
    """Not a PDF, truncated, encrypted: the guard has no verdict; the extractor names the problem."""
    text = tmp_path / "notat.pdf"
    text.write_text("ikke en PDF", encoding="utf-8")
    encrypted = pdfgen.encrypted(tmp_path / "kryptert.pdf")
    assert not check_pdf(text).parsed
    check_pdf(encrypted)  # must not raise UnsafeInput: encryption is the extractor's error


def test_limits_are_parameters(hostile: dict[str, Path]) -> None:
    """The same file passes with a limit above its size and fails with one below."""
    with pytest.raises(UnsafeInput):
        check_pdf(hostile["10000-pages-count-1.pdf"], Limits(max_pages=9_999))
    assert check_pdf(hostile["10000-pages-count-1.pdf"], Limits(max_pages=10_000)).pages == 10_000


@pytest.mark.parametrize("size", [0, 1, 1000, 3 * 1024 * 1024 + 17])
def test_decoded_size_matches_the_real_decoders(size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    flate = zlib.compress(data)
    assert decoded_size(flate, ["FlateDecode"], cap=10**9) == len(zlib.decompress(flate))
    a85 = base64.a85encode(flate) + b"~>"
    assert len(ascii85decode(a85)) == len(flate)
    assert decoded_size(a85, ["ASCII85Decode", "FlateDecode"], cap=10**9) == size
    hexed = flate.hex().encode() + b">"
    assert decoded_size(hexed, ["AHx", "Fl"], cap=10**9) == size
    # Past the cap, counting stops just past it (the caller only needs to know it is over).
    if size > 1000:
        assert 500 < decoded_size(flate, ["FlateDecode"], cap=500) <= 500 + 1024 * 1024


def test_run_length_and_lzw_sizes() -> None:
    # RunLengthDecode: 0x02 copies 3 bytes; 0xFE repeats the next byte 257-254 = 3 times; 128 ends.
    assert decoded_size(bytes([2]) + b"abc" + bytes([254]) + b"z" + bytes([128]), ["RunLengthDecode"], cap=100) == 6
    # LZW: pdfminer's own decoder is the oracle.
    from pdfminer.lzw import lzwdecode

    lzw = bytes.fromhex("800b6050220c0c8501")  # the example from the PDF reference, 7.4.4.2
    assert decoded_size(lzw, ["LZWDecode"], cap=100) == len(lzwdecode(lzw))


def test_nesting_depth_is_iterative() -> None:
    nested: list = []
    inner = nested
    for _ in range(50_000):  # far past Python's recursion limit
        inner.append([])
        inner = inner[0]
    assert nesting_depth(nested, stop_at=100) == 101
    assert nesting_depth({"a": [1, {"b": [2]}]}, stop_at=100) == 4


# --- the extractor, with a memory limit ------------------------------------------------------------


def test_bombs_in_one_batch_are_refused_or_handled_within_the_memory_limit(
        hostile: dict[str, Path], tmp_path: Path) -> None:
    good = _good(tmp_path)
    results = extract_in_child([*hostile.values(), good], tmp_path, workers=2)
    assert set(results) == {*hostile, good.name}
    assert results[good.name]["error"] is None and results[good.name]["pages"] == 1, results[good.name]
    for name in hostile:
        r = results[name]
        if r["error"] is not None:
            assert name in r["error"], r
        else:  # handled: a clean, small result (e.g. pdfplumber counts a page referenced 10,000 times once)
            assert r["pages"] is not None and r["pages"] <= 5000, r


def test_extractor_reports_the_guards_reason_for_each_bomb(hostile: dict[str, Path], tmp_path: Path) -> None:
    """Needs ``guard.check_pdf`` called from ``pipeline._open`` (before ``pdfplumber.open``):
    until then a bomb fails with a generic or misleading message (MemoryError, "page 1 is damaged")."""
    picked = ["flate-bomb.pdf", "huge-page.pdf", "10000-shared-pages.pdf", "form-fan-out.pdf"]
    paths = [hostile[n] for n in picked[:-1]] + [form_fan_out(tmp_path)]
    try:
        results = extract_in_child(paths, tmp_path, workers=1, timeout=ONE_PAGE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"four one-page bombs were not refused within {ONE_PAGE_TIMEOUT_S} s")
    reasons = {"flate-bomb.pdf": "decompression bomb", "huge-page.pdf": "units on a side",
               "10000-shared-pages.pdf": "10000 pages", "form-fan-out.pdf": "draws text more than"}
    for name in picked:
        assert reasons[name] in (results[name]["error"] or ""), results[name]


def test_ten_thousand_character_words_do_not_hang_extraction(tmp_path: Path) -> None:
    """One line holding a 15,000-character word: the text-quality check must stay about linear in
    the word's length (a cubic search takes minutes here; a linear one, a second or two)."""
    pdf = tmp_path / "langt ord.pdf"
    pdf.write_bytes(fuzzgen.text_pdf([[b"1 Innledning", b"x" * 15_000]]))
    try:
        results = extract_in_child([pdf], tmp_path, workers=1, timeout=ONE_PAGE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"extraction of one page with a 15,000-character word ran past {ONE_PAGE_TIMEOUT_S} s "
                    "(tracker/extract/quality.py: _compound is cubic in the word's length)")
    assert results[pdf.name]["error"] is None, results[pdf.name]
