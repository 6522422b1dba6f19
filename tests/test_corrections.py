"""An editor's heading corrections (`<pdf stem>.corrections.yaml` beside the PDF), end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import pdfgen
from tracker.cli import app
from tracker.extract.corrections import CorrectionError, corrections_path, load_corrections
from tracker.extract.pipeline import ExtractionError, extract_many, extract_pdf
from tracker.model import Document

NAME = "Grunnlagsdokument ISF 2030"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # File names in messages are relative to the working directory (the repo in real use).
    monkeypatch.chdir(tmp_path)


def _report(folder: Path, name: str = NAME) -> Path:
    folder.mkdir(exist_ok=True)
    return pdfgen.report(folder / f"{name}.pdf", [
        [("h1", "1 Innledning"), ("p", "ISF-andelen er 30 prosent i 2030."),
         ("h1", "Viktig å vite"), ("p", "Denne teksten hører til innledningen.")],
        [("h1", "2 Overordnet innretning"), ("p", "Innretningen er som før."), ("gap", ""),
         ("p", "Forløp for innsetting av kneprotese"), ("p", "Kneprotese gir egen DRG.")],
    ])


def _correct(pdf: Path, yaml_text: str) -> Path:
    path = corrections_path(pdf)
    path.write_text(yaml_text, encoding="utf-8")
    return path


def _sections(doc: Document) -> dict[str, tuple]:
    return {s.id: (s.number, s.title, s.level, s.number_source, s.level_source) for s in doc.sections}


def test_without_a_corrections_file_nothing_changes(tmp_path: Path) -> None:
    doc = extract_pdf(_report(Path("src")), ocr=False)
    assert [s.id for s in doc.sections] == ["s-1", "s-p1-viktig-a-vite", "s-2"]
    assert doc.corrections == [] and "+corrections" not in doc.extractor_version


def test_number_title_and_level_are_set(tmp_path: Path) -> None:
    pdf = _report(Path("src"))
    _correct(pdf, (
        "headings:\n"
        "  - page: 2\n"
        "    text: overordnet   INNRETNING\n"    # case and spacing do not matter, the number is optional
        "    number: 2.10\n"                     # unquoted: stays 2.10, not the float 2.1
        "    title: Overordnet innretning for 2030\n"
        "  - page: 1\n"
        "    text: \"1. Innledning\"\n"
        "    level: 2\n"
    ))
    doc = extract_pdf(pdf, ocr=False)
    sections = _sections(doc)
    # A set number brings its depth as level, unless a level is given.
    assert sections["s-2.10"] == ("2.10", "Overordnet innretning for 2030", 2, "correction", "correction")
    assert sections["s-1"] == ("1", "Innledning", 2, "printed", "correction")
    assert doc.section("2.10").text == "Innretningen er som før.\nForløp for innsetting av kneprotese Kneprotese gir egen DRG."
    assert doc.corrections == [
        "src/Grunnlagsdokument ISF 2030.corrections.yaml:2: page 2: '2 Overordnet innretning' → "
        "'2.10 Overordnet innretning for 2030', level 1 → 2",
        "src/Grunnlagsdokument ISF 2030.corrections.yaml:6: page 1: '1 Innledning', level 1 → 2",
    ]
    assert "+corrections." in doc.extractor_version


def test_not_heading_turns_a_false_heading_back_into_body_text(tmp_path: Path) -> None:
    pdf = _report(Path("src"))
    _correct(pdf, "headings:\n  - page: 1\n    text: Viktig å vite\n    not_heading: true\n")
    doc = extract_pdf(pdf, ocr=False)
    assert [s.id for s in doc.sections] == ["s-1", "s-2"]
    # Its line is body text of the section before, with the text that followed it.
    assert doc.section("1").text.splitlines() == [
        "ISF-andelen er 30 prosent i 2030.", "Viktig å vite", "Denne teksten hører til innledningen.",
    ]
    assert doc.corrections == [
        "src/Grunnlagsdokument ISF 2030.corrections.yaml:2: page 1: 'Viktig å vite' is not a heading "
        "(now body text)"
    ]


def test_a_missed_heading_is_added(tmp_path: Path) -> None:
    pdf = _report(Path("src"))
    _correct(pdf, (
        "headings:\n"
        "  - page: 2\n"
        "    text: Forløp for innsetting av kneprotese\n"
        "    add: true\n"
        "    number: '2.1'\n"
    ))
    doc = extract_pdf(pdf, ocr=False)
    assert [s.id for s in doc.sections] == ["s-1", "s-p1-viktig-a-vite", "s-2", "s-2.1"]
    assert _sections(doc)["s-2.1"] == ("2.1", "Forløp for innsetting av kneprotese", 2, "correction", "correction")
    assert doc.section("2").text == "Innretningen er som før."
    assert doc.section("2.1").text == "Kneprotese gir egen DRG."
    assert doc.section("2.1").spans[0].page == 2
    assert doc.corrections == [
        "src/Grunnlagsdokument ISF 2030.corrections.yaml:2: page 2: '2.1 Forløp for innsetting av kneprotese' "
        "added as a level-2 heading"
    ]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("  - page: 2\n    text: Finnes ikke\n    number: '2.1'\n",
         "no heading on page 2 reads 'Finnes ikke' (its headings: '2 Overordnet innretning')"),
        ("  - page: 9\n    text: Innledning\n    level: 2\n",
         "no heading on page 9 reads 'Innledning' (the page has no body text: is the page number right?)"),
        ("  - page: 2\n    text: Forløp for innsetting av kneprotese\n    level: 2\n",
         "no heading on page 2 reads 'Forløp for innsetting av kneprotese' (a body line does: use 'add: true' "
         "to make it one)"),
        ("  - page: 2\n    text: Innretningen er som før.\n    not_heading: true\n",
         "no heading on page 2 reads 'Innretningen er som før.' (a body line does: it is no longer taken for a "
         "heading, so the correction can go)"),
        ("  - page: 2\n    text: Overordnet innretning\n    add: true\n    level: 1\n",
         "page 2: 'Overordnet innretning' is already a heading; drop 'add: true' to change it"),
        ("  - page: 2\n    text: Noe som mangler\n    add: true\n    level: 1\n",
         "no line on page 2 reads 'Noe som mangler'"),
    ],
)
def test_a_stale_correction_is_an_error_naming_file_and_line(tmp_path: Path, entry: str, problem: str) -> None:
    pdf = _report(Path("src"))
    _correct(pdf, "# rettelser\nheadings:\n" + entry)
    with pytest.raises(ExtractionError) as err:
        extract_pdf(pdf, ocr=False)
    assert str(err.value) == f"src/Grunnlagsdokument ISF 2030.corrections.yaml:3: {problem}"


def test_two_corrections_of_one_heading_conflict(tmp_path: Path) -> None:
    pdf = _report(Path("src"))
    _correct(pdf, (
        "headings:\n"
        "  - {page: 1, text: Viktig å vite, not_heading: true}\n"
        "  - {page: 1, text: viktig å vite, level: 2}\n"
    ))
    with pytest.raises(ExtractionError, match=r"corrections\.yaml:3: page 1: 'Viktig å vite' is already "
                                              r"corrected at line 2$"):
        extract_pdf(pdf, ocr=False)


def test_in_a_batch_a_bad_corrections_file_fails_only_its_own_pdf(tmp_path: Path) -> None:
    src = Path("src")
    stale = _report(src, "ISF 2029 Grunnlagsdokument")
    _correct(stale, "headings:\n  - page: 2\n    text: Finnes ikke\n    level: 2\n")
    good = _report(src)
    _correct(good, "headings:\n  - page: 1\n    text: Viktig å vite\n    not_heading: true\n")
    report = extract_many([stale, good], Path("out"), workers=1)
    errors = {r.path.name: r.error for r in report.results}
    assert errors == {
        stale.name: "src/ISF 2029 Grunnlagsdokument.corrections.yaml:2: no heading on page 2 reads 'Finnes ikke' "
                    "(its headings: '2 Overordnet innretning')",
        good.name: None,
    }
    assert sorted(p.name for p in Path("out").iterdir()) == ["isf-2030-grunnlagsdokument.json"]

    # The command line: one error line, exit code 1, and the summary counts the corrections.
    result = CliRunner().invoke(app, ["extract", "src", "--out", "out2"])
    assert result.exit_code == 1
    error_lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert error_lines == [f"error: {errors[stale.name]}"]
    assert "corrections" in result.output
    row = next(ln for ln in result.output.splitlines() if "isf-2030-grunnlagsdokument" in ln)
    assert [c.strip() for c in row.split("│")][-3:-1] == ["1", ""]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"headings:\n  - page: 2\n    text: [Overordnet\n", r":4: not valid YAML: .*"),
        (b"headings:\n  - page: 2\n    text: Overordnet\n    nummer: '2.1'\n",
         r":4: unknown key 'nummer'; did you mean 'number'\?"),
        (b"headings:\n  - page: 2\n    text: Overordnet\n    farge: 3\n", r":4: unknown key 'farge' \(expected one of: .*\)"),
        (b"rettelser:\n  - page: 2\n", r":1: unknown top-level key 'rettelser' \(expected 'headings'\)"),
        (b"headings:\n  - page: 2\n    text: Forl\xf8p\n    level: 2\n",
         r":3: not valid UTF-8 \(byte 0xf8 at column 15\); save the file as UTF-8"),
        (b"headings:\n  - page: sju\n    text: Overordnet\n    level: 2\n",
         r":2: 'page' must be a whole number of at least 1, not 'sju'"),
        (b"headings:\n  - page: 0\n    text: Overordnet\n    level: 2\n",
         r":2: 'page' must be a whole number of at least 1, not '0'"),
        (b"headings:\n  - page: 2\n    level: 2\n", r":2: the correction has no 'text' \(what the heading or line reads\)"),
        (b"headings:\n  - page: 2\n    text: Overordnet\n    level: 7\n", r":4: 'level' must be 1 to 6, not 7"),
        (b"headings:\n  - page: 2\n    text: Overordnet\n    number: to\n",
         r":4: 'number' must look like 2, 6.14 or 3.2.1, not 'to'"),
        (b"headings:\n  - page: 2\n    text: Overordnet\n    add: ja\n    level: 2\n",
         r":4: 'add' must be true or false, not 'ja'"),
        (b"headings:\n  - page: 2\n    text: Overordnet\n    add: true\n    not_heading: true\n",
         r":2: 'add' and 'not_heading' contradict each other"),
        (b"headings:\n  - page: 2\n    text: Overordnet\n    not_heading: true\n    level: 2\n",
         r":2: 'not_heading' cannot also set level"),
        (b"headings:\n  - page: 2\n    text: Overordnet\n", r":2: nothing to correct: .*"),
        (b"headings:\n  - page: 2\n    text: Overordnet\n    add: true\n", r":2: an added heading needs a 'level' or a 'number'"),
        (b"headings:\n  - page: 2\n    text: Overordnet\n    level: 2\n    text: Annet\n",
         r":5: 'text' given twice \(first at line 3\)"),
        (b"headings:\n  page: 2\n", r":2: 'headings' must be a list of corrections .*"),
        (b"headings:\n  - Overordnet\n", r":2: each correction must be a mapping .*"),
    ],
)
def test_a_malformed_file_is_one_clean_error_line(tmp_path: Path, content: bytes, problem: str) -> None:
    pdf = _report(Path("src"))
    corrections_path(pdf).write_bytes(content)
    with pytest.raises(ExtractionError) as err:
        extract_pdf(pdf, ocr=False)
    message = str(err.value)
    assert "\n" not in message
    prefix = "src/Grunnlagsdokument ISF 2030.corrections.yaml"
    assert message.startswith(prefix) and re.fullmatch(problem, message[len(prefix):]), message


def test_an_empty_file_and_a_byte_order_mark_are_fine(tmp_path: Path) -> None:
    empty = Path("tom.corrections.yaml")
    empty.write_text("# ingen rettelser ennå\n", encoding="utf-8")
    assert load_corrections(empty) == []
    bom = Path("bom.corrections.yaml")
    bom.write_bytes("\ufeffheadings:\n  - {page: 1, text: Innledning, level: 2}\n".encode())
    (c,) = load_corrections(bom)
    assert (c.file, c.line, c.page, c.text, c.level) == ("bom.corrections.yaml", 2, 1, "Innledning", 2)
    with pytest.raises(CorrectionError, match=r"^mangler\.corrections\.yaml:1: cannot read the corrections file"):
        load_corrections(Path("mangler.corrections.yaml"))


def test_same_text_twice_on_a_page_needs_an_occurrence(tmp_path: Path) -> None:
    pdf = pdfgen.report(tmp_path / "doble.pdf", [[
        ("h1", "1 Innledning"), ("h2", "Merknad"), ("p", "Første merknad."),
        ("h2", "Merknad"), ("p", "Andre merknad."),
    ]])
    _correct(pdf, "headings:\n  - {page: 1, text: Merknad, level: 3}\n")
    with pytest.raises(ExtractionError, match=r"doble\.corrections\.yaml:2: 2 headings on page 1 read 'Merknad'; "
                                              r"pick one with 'occurrence: 1' to 'occurrence: 2'$"):
        extract_pdf(pdf, ocr=False)
    _correct(pdf, "headings:\n  - {page: 1, text: Merknad, occurrence: 2, not_heading: true}\n")
    doc = extract_pdf(pdf, ocr=False)
    assert [s.title for s in doc.sections] == ["Innledning", "Merknad"]
    assert doc.sections[1].text.splitlines() == ["Første merknad.", "Merknad", "Andre merknad."]


def test_editing_the_corrections_file_re_extracts_an_unchanged_pdf(tmp_path: Path) -> None:
    pdf = _report(Path("src"))
    out = Path("out")
    output = out / "isf-2030-grunnlagsdokument.json"

    def run() -> tuple[bool, dict]:
        report = extract_many([pdf], out, workers=1)
        (result,) = report.results
        assert result.error is None
        return result.cached, json.loads(output.read_text(encoding="utf-8"))

    cached, data = run()
    assert not cached and data["corrections"] == []
    assert run()[0]  # nothing changed: cached

    path = _correct(pdf, "headings:\n  - page: 1\n    text: Viktig å vite\n    not_heading: true\n")
    cached, data = run()
    assert not cached and len(data["corrections"]) == 1
    assert [s["id"] for s in data["sections"]] == ["s-1", "s-2"]
    assert run()[0]

    path.write_text("headings:\n  - page: 1\n    text: Viktig å vite\n    level: 3\n", encoding="utf-8")
    cached, data = run()
    assert not cached
    assert [(s["id"], s["level"]) for s in data["sections"]] == [("s-1", 1), ("s-p1-viktig-a-vite", 3), ("s-2", 1)]

    path.unlink()
    cached, data = run()
    assert not cached and data["corrections"] == [] and "+corrections" not in data["extractor_version"]


def _unnumbered_subheadings(path: Path) -> Path:
    """A report that prints chapter numbers only: its level-2 numbers come from the
    sequence, and chapter 2 starts at 2.0, which the sequence cannot know."""
    from tests import pdfgen_layouts as layouts

    text = "Denne delen beskriver hvordan ordningen virker for helseforetakene i året som kommer."
    blocks = [("h", 1, "1", "Innledning"), ("p", text),
              ("h", 1, "2", "Somatikk"),
              ("h", 2, "2.0", "Overordnet innretning"), ("p", text),
              ("h", 2, "2.1", "Fødselsomsorgen"), ("p", text),
              ("h", 2, "2.2", "Intensivbehandling"), ("p", text),
              ("h", 1, "3", "Rapportering"), ("p", text),
              ("h", 2, "3.1", "Frister"), ("p", text)]
    return layouts.with_outline(path, NAME, blocks, outline=False)


def test_a_corrected_number_carries_to_the_siblings_numbered_from_the_sequence(tmp_path: Path) -> None:
    Path("src").mkdir()
    pdf = _unnumbered_subheadings(Path("src") / f"{NAME}.pdf")
    guessed = [(s.number, s.title, s.number_source) for s in extract_pdf(pdf, ocr=False).sections]
    assert ("2.1", "Overordnet innretning", "sequence") in guessed  # the sequence starts at 1
    _correct(pdf, "headings:\n  - page: 1\n    text: Overordnet innretning\n    number: '2.0'\n")
    doc = extract_pdf(pdf, ocr=False)
    numbers = [(s.number, s.title, s.number_source) for s in doc.sections]
    assert numbers == [
        ("1", "Innledning", "printed"), ("2", "Somatikk", "printed"),
        ("2.0", "Overordnet innretning", "correction"),
        ("2.1", "Fødselsomsorgen", "sequence"),
        ("2.2", "Intensivbehandling", "sequence"),
        ("3", "Rapportering", "printed"), ("3.1", "Frister", "sequence"),  # the next chapter is its own
    ]
    assert len(doc.corrections) == 2 and "2 following heading(s)" in doc.corrections[1]
