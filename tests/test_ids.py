"""Document ids stay with their source file; the manifest that sets ids is validated (issue 15, 3 and 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from typer.testing import CliRunner

from tests import pdfgen
from tracker.cli import app
from tracker.extract.classify import ManifestError, load_manifest
from tracker.extract.pipeline import extract_many
from tracker.model import Document
from tracker.paths import EXTRACTED_DIR, SOURCE_DIR

ENDRINGSLOGG = SOURCE_DIR / "Endringslogg ISF-regelverk 2024.pdf"
ENDRINGSLOGG_ID = "isf-2024-endringslogg"
DRAFT_NAME = "Endringslogg ISF-regelverk 2024 (utkast).pdf"


def draft(folder: Path) -> Path:
    """A draft of the 2024 change log: its file name asks for the real one's id."""
    return pdfgen.report(folder / DRAFT_NAME, [[
        ("h1", "Endringslogg ISF-regelverk 2024 (utkast)"),
        ("p", "Kapittel 7.6 Gruppebehandling er flyttet til kapittel 6.6."),
        ("p", "Utkastet er ikke endelig og kan endres."),
    ]], header="Utkast", embed=True)


def ids(report) -> dict[str, str]:  # noqa: ANN001
    return {r.path.name: r.document.id for r in report.results if r.document is not None}


# --- 3. a new file never takes an id that another file has ----------------------------------------


def test_a_draft_added_beside_the_committed_output_does_not_take_its_id(tmp_path: Path) -> None:
    """The committed extracted/isf-2024-endringslogg.json names source_pdfs/Endringslogg ISF-regelverk
    2024.pdf, which exists: a draft asking for the same id gets another one and a warning."""
    out = tmp_path / "extracted"
    out.mkdir()
    committed = EXTRACTED_DIR / f"{ENDRINGSLOGG_ID}.json"
    shutil.copy(committed, out)
    report = extract_many([draft(tmp_path)], out, cache_dir=tmp_path / "cache")
    assert ids(report) == {DRAFT_NAME: f"{ENDRINGSLOGG_ID}-2"}
    assert (out / f"{ENDRINGSLOGG_ID}.json").read_bytes() == committed.read_bytes()
    [warning] = report.warnings
    assert DRAFT_NAME in warning and ENDRINGSLOGG.name in warning and f"{ENDRINGSLOGG_ID}-2" in warning


def test_the_file_that_has_the_id_keeps_it_when_both_are_extracted(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    real = Path(shutil.copy(ENDRINGSLOGG, src))
    first = extract_many([real], out, cache_dir=tmp_path / "cache")
    assert ids(first) == {real.name: ENDRINGSLOGG_ID}
    before = (out / f"{ENDRINGSLOGG_ID}.json").read_bytes()
    # The draft's name sorts first ("2024 (" < "2024."), which is how it used to win the id.
    second = extract_many([real, draft(src)], out, cache_dir=tmp_path / "cache")
    assert ids(second) == {real.name: ENDRINGSLOGG_ID, DRAFT_NAME: f"{ENDRINGSLOGG_ID}-2"}
    assert (out / f"{ENDRINGSLOGG_ID}.json").read_bytes() == before
    assert len(second.warnings) == 1 and real.name in second.warnings[0] and DRAFT_NAME in second.warnings[0]
    # A third run changes nothing: the draft keeps its numbered id.
    third = extract_many([draft(src), real], out, cache_dir=tmp_path / "cache")
    assert ids(third) == ids(second)
    assert sorted(p.name for p in out.iterdir()) == [f"{ENDRINGSLOGG_ID}-2.json", f"{ENDRINGSLOGG_ID}.json"]


def test_ids_do_not_depend_on_the_order_files_are_given(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    real, new = Path(shutil.copy(ENDRINGSLOGG, src)), draft(src)
    one = extract_many([new, real], tmp_path / "a", cache_dir=tmp_path / "cache")
    two = extract_many([real, new], tmp_path / "b", cache_dir=tmp_path / "cache")
    # Nothing is extracted yet: the shorter name (a draft or copy adds words to it) gets the id.
    assert ids(one) == ids(two) == {real.name: ENDRINGSLOGG_ID, DRAFT_NAME: f"{ENDRINGSLOGG_ID}-2"}
    assert one.warnings == two.warnings


def test_a_copy_encrypted_with_an_owner_password_is_reported_as_a_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = [[("h1", "1 Innledning"), ("p", "ISF-andelen er 30 prosent i 2030."),
              ("h2", "1.1 Formål"), ("p", "Refusjonen beregnes per DRG-poeng.")]]
    original = pdfgen.report(tmp_path / "Grunnlagsdokument ISF 2030.pdf", pages, embed=True)
    plain_canvas = pdfgen.new_canvas

    def owner_password_only(path: Path, pagesize: tuple[float, float], *, embed: bool, **kw: object):  # noqa: ANN202
        # Opens without a password (empty user password); printing and copying are "forbidden".
        kw["encrypt"] = StandardEncryption("", ownerPassword="eier", canPrint=0, canModify=0, canCopy=0)
        return plain_canvas(path, pagesize, embed=embed, **kw)

    monkeypatch.setattr(pdfgen, "new_canvas", owner_password_only)
    copy = pdfgen.report(tmp_path / "Grunnlagsdokument ISF 2030 (sikret).pdf", pages, embed=True)
    assert b"/Encrypt" in copy.read_bytes() and copy.read_bytes() != original.read_bytes()

    out = tmp_path / "out"
    report = extract_many([copy, original], out, cache_dir=tmp_path / "cache")
    by_name = {r.path.name: r for r in report.results}
    assert by_name[original.name].document is not None and by_name[original.name].error is None
    dup = by_name[copy.name]
    assert dup.error is None and dup.document is None and dup.duplicate_of is not None
    assert dup.duplicate_of.endswith(original.name)
    [warning] = report.warnings
    assert copy.name in warning and original.name in warning and "same document" in warning
    assert sorted(p.name for p in out.iterdir()) == ["isf-2030-grunnlagsdokument.json"]


def test_a_duplicate_of_a_file_outside_the_batch_is_reported_too(tmp_path: Path) -> None:
    """`tracker extract copy.pdf` alone: the copy repeats a document already extracted."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    real = Path(shutil.copy(ENDRINGSLOGG, src))
    extract_many([real], out, cache_dir=tmp_path / "cache")
    copy = Path(shutil.copy(real, src / "Endringslogg ISF-regelverk 2024 - kopi.pdf"))
    report = extract_many([copy], out, cache_dir=tmp_path / "cache")
    assert report.results[0].duplicate_of is not None and real.name in report.warnings[0]
    assert sorted(p.name for p in out.iterdir()) == [f"{ENDRINGSLOGG_ID}.json"]


def test_an_edited_manifest_entry_re_extracts_and_the_old_output_goes(tmp_path: Path) -> None:
    pdf = pdfgen.report(tmp_path / "notat.pdf", [[("h1", "1 Innledning"), ("p", "Et notat om ISF 2030.")]],
                        header=None, embed=True)
    out = tmp_path / "out"
    assert ids(extract_many([pdf], out, cache_dir=tmp_path / "cache")) == {"notat.pdf": "isf-2030-annet"}
    manifest = {"notat.pdf": {"kind": "grunnlagsdokument", "year": 2031}}
    report = extract_many([pdf], out, manifest=manifest, cache_dir=tmp_path / "cache")
    assert ids(report) == {"notat.pdf": "isf-2031-grunnlagsdokument"}
    # One output per PDF: the old one would be read as a second document.
    assert sorted(p.name for p in out.iterdir()) == ["isf-2031-grunnlagsdokument.json"]


# --- 4. the manifest's id is checked, and nothing is written outside --out ---------------------------


def _manifest(folder: Path, text: str) -> Path:
    path = folder / "manifest.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("bad_id", ["../../../../tmp/x", "a/b", "ISF-2030", "-x", "", "a" * 101, "x.json"])
def test_a_manifest_id_that_is_not_a_plain_name_is_refused_with_its_line(tmp_path: Path, bad_id: str) -> None:
    pdfgen.report(tmp_path / "notat.pdf", [[("p", "Tekst.")]], embed=True)
    _manifest(tmp_path, f'# ids\n"notat.pdf":\n  kind: annet\n  id: "{bad_id}"\n')
    with pytest.raises(ManifestError, match=r"manifest\.yaml:4: .*not a document id|manifest\.yaml:4: .*id"):
        load_manifest(tmp_path)


def test_cli_refuses_an_id_escaping_the_output_folder_and_writes_nothing(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "deep" / "er" / "out"
    src.mkdir()
    pdfgen.report(src / "notat.pdf", [[("p", "Tekst.")]], embed=True)
    _manifest(src, '"notat.pdf":\n  id: ../../../escaped\n')
    result = CliRunner().invoke(app, ["extract", str(src), "--out", str(out), "--quiet"])
    assert result.exit_code == 2, result.output
    assert "manifest.yaml:2" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.rglob("*.json"))


def test_the_batch_api_checks_ids_it_is_handed_directly(tmp_path: Path) -> None:
    """A caller passing its own manifest skips load_manifest: the batch still never writes outside."""
    pdf = pdfgen.report(tmp_path / "notat.pdf", [[("p", "Tekst.")]], embed=True)
    out = tmp_path / "a" / "out"
    report = extract_many([pdf], out, manifest={"notat.pdf": {"id": "../../escaped"}}, cache_dir=tmp_path / "c")
    [result] = report.results
    assert result.error is not None and "notat.pdf" in result.error and "not a document id" in result.error
    assert not list(tmp_path.rglob("*.json"))


# --- 11. manifest mistakes that used to pass without a word -----------------------------------------


def test_a_manifest_entry_for_a_file_that_does_not_exist_is_an_error_with_its_line(tmp_path: Path) -> None:
    pdfgen.report(tmp_path / "notat.pdf", [[("p", "Tekst.")]], embed=True)
    _manifest(tmp_path, '"notat.pdf":\n  year: 2031\n"Notat 2030.pdf":\n  kind: annet\n')
    with pytest.raises(ManifestError, match=r"manifest\.yaml:3: entry 'Notat 2030\.pdf' names no file"):
        load_manifest(tmp_path)


@pytest.mark.parametrize(("entry", "line", "what"), [
    ('  year: "2031"\n', 2, "year"),
    ("  year: 31\n", 2, "year"),
    ("  kind: roman\n", 2, "kind"),
    ("  title: ''\n", 2, "title"),
    ("  colour: blue\n", 2, "colour"),
])
def test_a_manifest_value_of_the_wrong_type_is_an_error_with_its_line(
    tmp_path: Path, entry: str, line: int, what: str
) -> None:
    pdfgen.report(tmp_path / "notat.pdf", [[("p", "Tekst.")]], embed=True)
    _manifest(tmp_path, '"notat.pdf":\n' + entry)
    with pytest.raises(ManifestError, match=rf"manifest\.yaml:{line}: .*{what}"):
        load_manifest(tmp_path)


def test_one_id_given_to_two_files_is_an_error(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.pdf"):
        pdfgen.report(tmp_path / name, [[("p", "Tekst.")]], embed=True)
    _manifest(tmp_path, '"a.pdf":\n  id: isf-2030-notat\n"b.pdf":\n  id: isf-2030-notat\n')
    with pytest.raises(ManifestError, match=r"manifest\.yaml:3: .*'isf-2030-notat', already given to 'a\.pdf'"):
        load_manifest(tmp_path)


def test_a_valid_manifest_still_loads(tmp_path: Path) -> None:
    pdfgen.report(tmp_path / "notat.pdf", [[("p", "Tekst.")]], embed=True)
    _manifest(tmp_path, '"notat.pdf":\n  kind: presiseringsdokument\n  year: 2031\n  id: isf-2031-presisering\n')
    assert load_manifest(tmp_path) == {"notat.pdf": {"kind": "presiseringsdokument", "year": 2031,
                                                     "id": "isf-2031-presisering"}}
    doc = extract_many([tmp_path / "notat.pdf"], tmp_path / "out", manifest=load_manifest(tmp_path),
                       cache_dir=tmp_path / "c").results[0].document
    assert isinstance(doc, Document) and doc.id == "isf-2031-presisering" and doc.year == 2031
