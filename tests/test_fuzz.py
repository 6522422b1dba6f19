"""Fuzzing the extractor: damaged PDFs and adversarial text never crash a batch.

Every file handed to ``extract_many`` must come back either as a clean Document (valid against
the JSON Schema, JSON that round-trips, no control characters but ``\\n`` in any string) or as
one clear error naming the file, raised on purpose (not an unexpected exception caught by the
batch's safety net); a good PDF in the same batch is still extracted. The mutations are those of
``bench/fuzz_pdfs.py``, which also runs here on a seeded handful of damaged corpus PDFs. The runs
are short and derandomized (same examples every time); ``bench/README.md`` shows the longer runs
(``FUZZ_EXAMPLES=500``, ``python -m bench.fuzz_pdfs``).
"""

from __future__ import annotations

import functools
import json
import os
import random
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from bench import fuzz_pdfs
from tests import fuzzgen, pdfgen
from tracker.extract.pipeline import ExtractReport, extract_many
from tracker.model import Document

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "schema" / "document.schema.json").read_text())
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))  # 0: the short defaults below


def fuzz(short: int) -> settings:
    """Seeded and short by default; no shrinking (each example runs the whole extractor): a failure
    prints the example as drawn, and is then written down as a regular test below."""
    return settings(
        max_examples=EXAMPLES or short,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=False,
    )


# --- what a clean result is ---------------------------------------------------------------------


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def bad_characters(doc: Document) -> list[str]:
    """Characters that must never reach a Document: control characters other than \\n,
    surrogates and non-characters (U+FFFE, U+FFFF, U+FDD0–U+FDEF)."""
    found = []
    for text in _strings(doc.model_dump(mode="json")):
        for ch in text:
            cat = unicodedata.category(ch)
            if (cat == "Cc" and ch != "\n") or cat == "Cs" or ch in "\ufffe\uffff" or "\ufdd0" <= ch <= "\ufdef":
                found.append(f"U+{ord(ch):04X} in {text[:60]!r}")
    return found


def assert_clean(doc: Document, out: Path) -> None:
    data = json.loads(doc.to_json())
    VALIDATOR.validate(data)
    again = Document.model_validate_json(doc.to_json())
    assert again.to_json() == doc.to_json(), "JSON does not round-trip"
    assert out.exists() and Document.load(out).to_json() == doc.to_json(), "written output differs"
    assert not bad_characters(doc), bad_characters(doc)
    assert "(cid:" not in doc.to_json(), "unmapped glyph placeholders reached the text"


def check_batch(report: ExtractReport, hostile: list[Path], good: Path, out_dir: Path) -> None:
    by_path = {r.path: r for r in report.results}
    assert set(by_path) == {*hostile, good}, "every file gets exactly one result"
    ok = by_path[good]
    assert ok.error is None and ok.document is not None, f"the good PDF was harmed: {ok.error}"
    assert_clean(ok.document, ok.output)  # type: ignore[arg-type]
    for path in hostile:
        r = by_path[path]
        if r.error is not None:
            assert path.name in r.error, f"the error does not name the file: {r.error}"
            assert "\n" not in r.error.strip(), "one error line per file"
            assert not any(unicodedata.category(ch) == "Cc" for ch in r.error), f"control characters: {r.error!r}"
            assert fuzz_pdfs.classify_row({"error": r.error}, path.name).verdict == "clean error", \
                f"an exception the extractor did not expect: {r.error}"
            assert r.document is None
        elif r.duplicate_of is not None:  # the damage changed no text: reported as a copy, not written
            assert r.document is None and r.warnings
        else:
            assert r.document is not None and r.output is not None
            assert_clean(r.document, r.output)
    # Nothing half-written is left behind.
    assert not [p.name for p in out_dir.iterdir() if p.name.startswith(".") or p.suffix != ".json"]


def run_batch(files: dict[str, bytes], *, workers: int = 1) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        src.mkdir()
        hostile = []
        for name, data in files.items():
            (src / name).write_bytes(data)
            hostile.append(src / name)
        good = src / "Grunnlagsdokument ISF 2031.pdf"
        good.write_bytes(good_pdf())
        report = extract_many([*hostile, good], out, cache_dir=Path(tmp) / "cache", workers=workers)
        check_batch(report, hostile, good, out)


# --- seeds ---------------------------------------------------------------------------------


@functools.cache
def good_pdf() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = pdfgen.report(
            Path(tmp) / "g.pdf",
            [[("h1", "1 Innledning"), ("p", "ISF-andelen er 30 prosent i 2031."),
              ("h2", "1.1 Formål"), ("p", "Refusjonen beregnes per DRG-poeng.")]],
        )
        return path.read_bytes()


@functools.cache
def seed_pdfs() -> tuple[bytes, ...]:
    """Valid PDFs the mutations start from: a reportlab report (compressed streams, xref table),
    raw text pages (uncompressed), and slides."""
    with tempfile.TemporaryDirectory() as tmp:
        report = pdfgen.report(
            Path(tmp) / "r.pdf",
            [[("h1", "1 Innledning"), ("p", "Dette er en rapport om ISF."), ("h2", "1.1 Bakgrunn"),
              ("p", "Pasientbehandling finansieres delvis av ISF.")],
             [("h1", "2 Regler"), ("bullet", "Poliklinikk"), ("bullet", "Dagbehandling")]],
        ).read_bytes()
        slides = pdfgen.slides(Path(tmp) / "s.pdf", [("ISF 2031", ["Endringer", "Nye DRG-er"])]).read_bytes()
    raw = fuzzgen.text_pdf([[b"1 Innledning", b"Tekst om ISF."], [b"2 Regler", b"Mer tekst."]])
    return report, raw, slides


@st.composite
def mutated_pdf(draw: st.DrawFn) -> bytes:
    """A seed with one to three of the fuzz bench's mutations, each with its own drawn random seed."""
    data = draw(st.sampled_from(seed_pdfs()))
    for _ in range(draw(st.integers(1, 3))):
        if len(data) < 16:
            break
        mutation = fuzz_pdfs.MUTATIONS[draw(st.sampled_from(sorted(fuzz_pdfs.MUTATIONS)))]
        data = mutation(data, random.Random(draw(st.integers(0, 2**32 - 1))))
    return data


@given(pdfs=st.lists(mutated_pdf(), min_size=1, max_size=3))
@fuzz(30)
def test_mutated_and_truncated_pdfs_give_a_clean_document_or_a_clear_error(pdfs: list[bytes]) -> None:
    run_batch({f"skadet {i}.pdf": data for i, data in enumerate(pdfs)})


# --- adversarial text ------------------------------------------------------------------------

ADVERSARIAL = [
    "<script>alert('x')</script>", "<b>fet</b> &amp; <i>", "<!-- kommentar -->", "</div></body>",
    "# Overskrift", "**fet** _kursiv_", "[lenke](javascript:alert(1))", "| a | b |", "```", "{{ jinja }}",
    "{% raw %}", "\u200f\u202eRTL-overstyring\u202c", "\u200b\u200c\u200d\ufeff", "שלום עולם", "مرحبا",
    "😀👨‍👩‍👧🇳🇴", "æøå ÆØÅ", "e\u0301\u0301\u0301", "\x00\x01\x07\x1b[31m", "\t\r\x0b\x0c", "\x7f\x85",
    "\u2028\u2029", "1.2.3.4.5.6.7.8.9", "6.14 se punkt 6.14", "…–—«»", "\\n\\x00",
]
# A 10,000-character word costs pdfplumber about a second (it handles every character), so it is
# one adversarial piece among many rather than a third of all pieces, and is always tried once.
LONG_WORD = "ord" * 3334
_piece = st.one_of(
    st.sampled_from([*ADVERSARIAL, LONG_WORD]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
)
_line = st.lists(_piece, min_size=1, max_size=3).map(" ".join)


@given(items=st.lists(st.tuples(st.sampled_from(["h1", "h2", "p", "p", "p"]), _line), min_size=1, max_size=6))
@example(items=[("h1", "1 <script>alert(1)</script> \u202eRTL"), ("p", LONG_WORD), ("p", "😀 \x00\x07 e\u0301")])
@fuzz(20)
def test_adversarial_unicode_text_gives_a_clean_document(items: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = fuzzgen.unicode_report(Path(tmp) / "u.pdf", items).read_bytes()
    run_batch({"fiendtlig tekst.pdf": data})


_raw_line = st.lists(
    st.one_of(st.sampled_from([*(s.encode("cp1252", "replace") for s in ADVERSARIAL), b"x" * 10_000]),
              st.binary(max_size=40)),
    min_size=1, max_size=3,
).map(b" ".join)


@given(pages=st.lists(st.lists(_raw_line, min_size=1, max_size=5), min_size=1, max_size=3))
@example(pages=[[b"1 Innledning", b"x" * 10_000, b"\x00\x01\x07\x1b[31m <b>"]])
@fuzz(20)
def test_any_bytes_in_text_strings_give_a_clean_document(pages: list[list[bytes]]) -> None:
    run_batch({"rå bytes.pdf": fuzzgen.text_pdf(pages)})


# --- cases found by the fuzzer, kept as regular tests ---------------------------------------------


def test_control_characters_from_a_tounicode_map_do_not_reach_the_document() -> None:
    """A font's ToUnicode map can turn glyphs into BEL, NUL, ESC, U+FFFE or a lone surrogate."""
    mapping = {0x41: b"\x00\x07", 0x42: b"\x00\x00", 0x43: b"\x00\x1b", 0x44: b"\xff\xfe", 0x45: b"\xd8\x00",
               0x46: b"\x20\x2e"}
    pdf = fuzzgen.tounicode_pdf(mapping, [b"1 Innledning ABCDEF", b"Tekst ABCDEF slutt"])
    run_batch({"tounicode.pdf": pdf})


def test_a_page_tree_read_differently_by_pdfium_and_pdfminer_is_not_ocrd_page_by_wrong_page() -> None:
    """A font among the page tree's kids: pdfium's page 2 is not pdfminer's page 2 (and fails to load)."""
    run_batch({"fremmed side.pdf": fuzzgen.font_in_page_tree()})


def test_a_glyph_width_of_1e23_does_not_put_words_beyond_reach() -> None:
    """Words pushed 1e23 points right used to make the column finder allocate an array that wide."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bred glyf.pdf"
        path.write_bytes(fuzzgen.huge_glyph_width())
        report = extract_many([path], Path(tmp) / "out", cache_dir=Path(tmp) / "cache")
    [result] = report.results
    assert result.error is None and result.document is not None, result.error
    assert "Innledning" in result.document.to_json()  # the words before the wide glyph are kept


def test_corrupt_ascii85_data_is_a_clean_error() -> None:
    """The input guard decoded ASCII85 streams without expecting a byte that is no digit."""
    run_batch({"ascii85.pdf": fuzzgen.corrupt_ascii85()})


def test_a_seeded_run_of_the_fuzz_bench_on_the_corpus() -> None:
    """Damaged copies of corpus PDFs, batched with two good ones the way `tracker extract` runs them:
    no crash, no hang, no good document lost, no invalid output."""
    # The two quickest corpus PDFs as seeds, one batch: about ten seconds.
    report = fuzz_pdfs.run(30, seed=15, batch=30, timeout=120, seed_names=list(fuzz_pdfs.GOOD))
    summary = fuzz_pdfs.render(report, seed=15, batch=30, timeout=120)
    assert report.tried == 30, summary
    assert (report.crashes, report.hangs, report.lost, report.invalid) == (0, 0, 0, 0), summary
    # The harness sees both outcomes, so it would notice either going wrong.
    assert report.verdicts["extracted"] and report.verdicts["clean error"], summary


def test_unmapped_glyphs_do_not_leave_cid_placeholders() -> None:
    """WinAnsi has no glyph for bytes 0x01–0x1F: pdfminer writes '(cid:1)', which is not text."""
    run_batch({"kontrolltegn.pdf": fuzzgen.text_pdf([[b"1 Innledning", b"Hei\x01\x07 verden\x00x"]])})


def test_lines_of_no_width_are_read_in_order() -> None:
    """A text layer whose glyphs have no width (a font size of -0, a TJ kern of 1e308) gives lines
    that start and end at one x: reading order, looking for a sidebar right of the main column,
    found no line of the column starting before its right edge and failed (found by the fuzzer)."""
    from tracker.extract.lines import Line, reading_order
    from tracker.extract.words import Word

    lines = [Line([Word("Tekst", 56.0, top, 56.0, top + 11, 11.0)], 1, 842.0) for top in (40.0, 60.0, 80.0, 100.0)]
    assert [ln.top for ln in reading_order(list(reversed(lines)))] == [40.0, 60.0, 80.0, 100.0]
