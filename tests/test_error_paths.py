"""Issue 15 (hardening): every problem reaches the user as one ``error:`` line naming what is at fault,
with exit code 2 for bad input or usage and 1 for findings, never as a traceback; text from PDFs, files
and exceptions is printed as it reads (never as rich markup); the check's machine formats stay valid.

Read-only outputs: ``chmod 0o555`` does not stop root, and the tests run as root in CI. There the
unwritable folder is a path under a regular file, which nobody (root included) can create or write
in; for any other user it is a real folder with mode 0o555. Both give the same one-line error.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from tests import pdfgen
from tests.project_copy import copy_project
from tracker.cli import app
from tracker.cli.extract import collect_pdfs
from tracker.extract import pipeline
from tracker.paths import pdf_files

REPO = Path(__file__).resolve().parent.parent
CORPUS_PDF = "Endringslogg ISF-regelverk 2024.pdf"


# -- helpers -------------------------------------------------------------------------------------------


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project to run commands in: nothing in the repository is damaged or written."""
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


@pytest.fixture()
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be written in, for root too (see the module docstring)."""
    if os.geteuid() == 0:
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder\n", encoding="utf-8")
        yield blocker / "out"
        return
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def error_lines(result: Result) -> list[str]:
    """The ``error:`` lines of a command, after checking it ended without a traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output, result.output
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def one_error(result: Result, code: int, *, alone: bool = True) -> str:
    """The one error line of a command that exited with ``code``; ``alone``: the command printed nothing
    else on stderr, so nothing of the message was wrapped onto a next line."""
    errors = error_lines(result)
    assert result.exit_code == code, result.output
    assert len(errors) == 1, result.stderr
    if alone:
        assert result.stderr.strip().splitlines() == errors, result.stderr
    return errors[0]


def shown(path: Path) -> str:
    """A path outside the working directory as the CLI names it."""
    return path.resolve().as_posix()


def damage(pdf: Path) -> Path:
    """Break the first stream's dictionary, the way the adversarial run did: pdfminer then fails with a
    message that looks like rich markup (``[/'Filter', …]``)."""
    data = pdf.read_bytes()
    assert b"/Length " in data
    pdf.write_bytes(data.replace(b"/Length ", b"/Length /x ", 1))
    return pdf


def small_pdf(path: Path) -> Path:
    return pdfgen.report(path, [[("h1", "1 Innledning"), ("p", "ISF-andelen er 30 prosent i 2030.")]], embed=True)


# -- 1. a damaged PDF ------------------------------------------------------------------------------------


def test_a_damaged_pdf_fails_alone_and_the_build_goes_on(project: Path) -> None:
    pdf = damage(project / "source_pdfs" / CORPUS_PDF)
    result = run("build")
    line = one_error(result, 1, alone=False)
    assert line.endswith("3999])")  # all of pdfminer's message, on the one line
    assert f"source_pdfs/{pdf.name}" in line
    assert "[/'Filter'" in line  # pdfminer's words, printed as they read rather than parsed as markup
    # align, lint, check and the site ran for the other documents.
    for stage in ("align", "lint", "check"):
        assert (project / ".cache" / "build" / f"{stage}.json").is_file(), stage
    assert (project / "site" / "index.html").is_file()


def test_an_extract_batch_lists_every_error_as_it_reads(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    small_pdf(src / "Grunnlagsdokument ISF 2030.pdf")
    damaged = damage(small_pdf(src / "skadet.pdf"))
    bracketed = src / "utkast [bold].pdf"  # a file name that reads as markup
    bracketed.write_text("ikke en PDF\n", encoding="utf-8")
    escape = src / "kontroll\x1b[2J.pdf"  # a terminal escape sequence in a file name
    escape.write_text("ikke en PDF\n", encoding="utf-8")

    result = run("extract", src, "--out", tmp_path / "out")
    errors = error_lines(result)
    assert result.exit_code == 1
    assert len(errors) == 3, result.stderr
    assert any(damaged.name in e and "[/'Filter'" in e for e in errors), errors
    assert any("utkast [bold].pdf" in e for e in errors), errors
    assert any("kontroll\\x1b[2J.pdf" in e for e in errors), errors  # shown, not sent to the terminal
    assert "\x1b" not in result.stderr  # in the summary table neither
    assert (tmp_path / "out" / "isf-2030-grunnlagsdokument.json").is_file()


def test_table_cells_from_a_pdf_are_printed_as_they_read(tmp_path: Path) -> None:
    doc = json.loads((REPO / "extracted" / "isf-2025-grunnlagsdokument.json").read_text(encoding="utf-8"))
    table = doc["tables"][0]
    table["caption"] = "Tabell [/x] over [bold]koder[/bold]"
    table["rows"][0][0] = "[/'Filter'] [red]"
    (tmp_path / "isf-2025-grunnlagsdokument.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    result = CliRunner().invoke(app, ["tables", "isf-2025-grunnlagsdokument", "--extracted-dir", str(tmp_path)],
                                env={"COLUMNS": "400"})  # no cell wraps
    assert result.exit_code == 0, result.output
    assert "Tabell [/x] over [bold]koder[/bold]" in result.stdout
    assert "[/'Filter'] [red]" in result.stdout


# -- 9. the check's machine formats -----------------------------------------------------------------------

# XML 1.0 § 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def test_junit_stays_valid_xml_when_the_text_holds_control_characters(tmp_path: Path) -> None:
    extracted = tmp_path / "extracted"
    shutil.copytree(REPO / "extracted", extracted)
    path = extracted / "isf-2025-grunnlagsdokument.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for section in doc["sections"]:
        if section["number"] == "3":  # cited by isf_andel.somatikk: its changed text is quoted in a finding
            # A stray control character and a terminal colour code, as a damaged text layer may hold.
            section["text"] = section["text"].replace("30 prosent", "30\x01 prosent\x1b[31m")
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    junit_file = tmp_path / "report.xml"
    result = run("check", "--extracted", extracted, "--format", "junit", "--junit-file", junit_file)
    assert result.exit_code == 1, result.output
    for xml in (result.stdout, junit_file.read_text(encoding="utf-8")):
        assert not NOT_XML_CHAR.search(xml)
        root = ET.fromstring(xml)
        failures = [f.text or "" for f in root.iter("failure")]
        # The changed text is quoted, its control characters replaced.
        assert any("prosent\ufffd[31m" in text for text in failures), failures


def _unescape_property(value: str) -> str:
    # GitHub's workflow-command escaping of a property value, undone.
    for escaped, char in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def test_github_annotations_escape_a_path_with_comma_and_colon(tmp_path: Path) -> None:
    params = tmp_path / "par,ams:x"
    shutil.copytree(REPO / "tracker" / "rules" / "params", params)
    andel = params / "isf_andel.yaml"
    text = andel.read_text(encoding="utf-8")
    assert "      2025:\n        value: 30\n" in text
    andel.write_text(text.replace("      2025:\n        value: 30\n", "      2025:\n        value: 35\n", 1),
                     encoding="utf-8")
    settings = tmp_path / "settings.yaml"
    settings.write_text((REPO / "checks" / "settings.yaml").read_text(encoding="utf-8")
                        + f"params_dir: '{params}'\n", encoding="utf-8")

    result = run("check", "--extracted", REPO / "extracted", "--config", settings, "--format", "github")
    assert result.exit_code == 1, result.output
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    files = set()
    for line in annotations:
        properties, _message = line.removeprefix("::error ").split("::", 1)
        fields = dict(part.split("=", 1) for part in properties.split(","))  # a bare comma would break this
        assert set(fields) <= {"file", "line", "title"}
        if "file" in fields:
            files.add(_unescape_property(fields["file"]))
    assert shown(andel) in files


# -- 10. invalid UTF-8: one line naming the file, exit 2 ---------------------------------------------------


def test_an_invalid_utf8_manifest_stops_extract_and_build(project: Path) -> None:
    (project / "source_pdfs" / "manifest.yaml").write_bytes(b'"a.pdf":\n  kind: grunnlags\xf8kument\n')
    for command in (["extract", "--quiet"], ["build", "--no-site"]):
        line = one_error(run(*command), 2, alone=command[0] == "extract")
        assert "source_pdfs/manifest.yaml:2: not valid UTF-8" in line, command


def test_an_invalid_utf8_parameter_file_stops_the_check(tmp_path: Path) -> None:
    params = tmp_path / "params"
    shutil.copytree(REPO / "tracker" / "rules" / "params", params)
    with (params / "npr.yaml").open("ab") as fh:
        fh.write(b"# \xe6rlig\n")
    settings = tmp_path / "settings.yaml"
    settings.write_text(f"params_dir: '{params}'\n", encoding="utf-8")
    lines = (params / "npr.yaml").read_bytes().count(b"\n")
    line = one_error(run("check", "--extracted", REPO / "extracted", "--config", settings), 2)
    assert f"{shown(params / 'npr.yaml')}:{lines}: not valid UTF-8" in line


def test_invalid_utf8_overrides_stop_align_and_lineages(project: Path, tmp_path: Path) -> None:
    overrides = project / "lineages" / "overrides.yaml"
    with overrides.open("ab") as fh:
        fh.write(b"# \xe5rets endringer\n")
    lines = overrides.read_bytes().count(b"\n")
    registry = tmp_path / "registry.yaml"
    for command in (["align", "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument"],
                    ["lineages", "--registry", str(registry)]):
        line = one_error(run(*command), 2)
        assert f"lineages/overrides.yaml:{lines}: not valid UTF-8" in line, command
    assert not registry.exists()


def test_an_invalid_utf8_document_stops_tables(tmp_path: Path) -> None:
    path = tmp_path / "isf-2025-grunnlagsdokument.json"
    path.write_bytes((REPO / "extracted" / path.name).read_bytes().replace(b"Overordnet", b"Overordn\xe6t", 1))
    line = one_error(run("tables", "--extracted-dir", tmp_path), 2)
    assert shown(path) in line and "utf-8" in line.lower()


# -- 10. outputs that cannot be written: one line naming the folder, exit 2 --------------------------------


def test_extract_checks_its_output_folder_before_any_work(tmp_path: Path, unwritable: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = small_pdf(tmp_path / "Grunnlagsdokument ISF 2030.pdf")

    def no_work(*_a: object, **_k: object) -> None:
        raise AssertionError("extracted although the results could not be written")

    monkeypatch.setattr(pipeline, "extract_pdf", no_work)
    line = one_error(run("extract", pdf, "--out", unwritable, "--quiet"), 2)
    assert shown(unwritable) in line and "output folder" in line
    assert pdf.name not in line  # the folder is at fault, not the PDF


def test_site_build_checks_its_output_folder_first(unwritable: Path) -> None:
    line = one_error(run("site", "build", "--out", unwritable, "--extracted", REPO / "extracted"), 2)
    assert shown(unwritable) in line


def test_check_names_a_junit_file_it_cannot_write(unwritable: Path) -> None:
    result = run("check", "--extracted", REPO / "extracted", "--junit-file", unwritable / "report.xml")
    assert shown(unwritable) in one_error(result, 2)


@pytest.mark.parametrize("option", ["--extracted", "--site-dir"])
def test_build_names_an_output_folder_it_cannot_write(project: Path, unwritable: Path, option: str) -> None:
    line = one_error(run("build", option, unwritable), 2)
    assert shown(unwritable) in line
    assert not (project / ".cache" / "build" / "align.json").exists()  # nothing ran


def test_lineages_names_a_registry_it_cannot_write(project: Path, unwritable: Path) -> None:
    line = one_error(run("lineages", "--registry", unwritable / "registry.yaml"), 2)
    assert shown(unwritable) in line


def test_review_names_pins_it_cannot_write(project: Path, unwritable: Path) -> None:
    settings = project / "checks" / "settings.yaml"
    with settings.open("a", encoding="utf-8") as fh:
        fh.write(f"pins: '{unwritable / 'pins.yaml'}'\n")
    line = one_error(run("review", "--all", "--config", settings), 2)
    assert shown(unwritable) in line


# -- 12. extract and build take the same PDFs ---------------------------------------------------------


def test_a_folder_lists_its_pdfs_whatever_the_case_of_the_suffix(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.PDF", "c.Pdf", "notes.txt", "pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4\n")
    (tmp_path / "folder.pdf").mkdir()
    expected = [tmp_path / "a.pdf", tmp_path / "b.PDF", tmp_path / "c.Pdf"]
    assert pdf_files(tmp_path) == expected
    assert collect_pdfs([tmp_path]) == collect_pdfs([], source_dir=tmp_path) == expected
    assert pdf_files(tmp_path / "missing") == []


def test_build_takes_an_upper_case_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "source_pdfs"
    source.mkdir()
    small_pdf(source / "Grunnlagsdokument ISF 2030.PDF")
    monkeypatch.chdir(tmp_path)
    result = run("build", "--no-site")
    assert "Traceback" not in result.output
    doc = json.loads((tmp_path / "extracted" / "isf-2030-grunnlagsdokument.json").read_text(encoding="utf-8"))
    assert doc["source"]["path"] == "source_pdfs/Grunnlagsdokument ISF 2030.PDF"
