"""The shared plumbing: one exception base, YAML/JSON reading that names file and line, one slug, one hash."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from pydantic import BaseModel

import tracker
from tracker.errors import InputError, TrackerError
from tracker.hashing import code_hash, files_hash, sha256_file, sha256_text
from tracker.io import LinedDict, load_json, load_yaml, validation_error
from tracker.slug import slug

# Exceptions that are not errors of the tracker: control flow inside one module.
_INTERNAL = {"_Budget", "_AllRead"}
# Defined in modules this change did not touch (tracker/extract/pipeline.py, ocr.py); see issue 12.
_NOT_YET: set[str] = set()


def test_every_project_exception_derives_from_tracker_error() -> None:
    strays = []
    for info in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if info.name in ("tracker.__main__", "tracker.site.hooks"):
            continue  # runs the CLI; a mkdocs hook module
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name and issubclass(cls, BaseException) and not issubclass(cls, TrackerError):
                if name not in _INTERNAL | _NOT_YET:
                    strays.append(f"{info.name}.{name}")
    assert strays == []


def test_an_error_names_file_and_line(tmp_path: Path) -> None:
    exc = InputError("expected a mapping", file=tmp_path / "x.yaml", line=3)
    assert str(exc).endswith("x.yaml:3: expected a mapping") and exc.line == 3 and exc.problem == "expected a mapping"
    assert isinstance(exc, ValueError)


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: 1\nb: s\xf8k\n")
    with pytest.raises(InputError, match=r"bad\.yaml:2: not valid UTF-8 \(byte 0xf8 at column 5\)"):
        load_yaml(path)


def test_yaml_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("a: 1\nb: [2,\nc: 3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.yaml:\d+: not valid YAML: "):
        load_yaml(path)


def test_a_bom_is_allowed_and_lines_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("\ufeff# comment\nouter:\n  inner: 1\n  other: [1, 2]\n", encoding="utf-8")
    data = load_yaml(path, lines=True)
    assert isinstance(data, LinedDict) and data.key_lines["outer"] == 2
    assert data["outer"].key_lines == {"inner": 3, "other": 4}
    assert load_yaml(path) == {"outer": {"inner": 1, "other": [1, 2]}}


def test_a_validation_error_points_at_the_line_of_the_entry(tmp_path: Path) -> None:
    class Entry(BaseModel):
        name: str

    class File(BaseModel):
        entries: list[Entry]

    path = tmp_path / "f.yaml"
    path.write_text("entries:\n  - name: a\n  - nome: b\n", encoding="utf-8")
    data = load_yaml(path, lines=True)
    with pytest.raises(Exception) as caught:
        File.model_validate(data)
    err = validation_error(caught.value, data, path, what="file")
    assert str(err).endswith("f.yaml:3: invalid file: entries.1.name: Field required")


def test_json_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{\n "a": 1,\n}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.json:3: not valid JSON"):
        load_json(path)


def test_one_slug() -> None:
    assert slug("6.14 Forløp for innsetting av kneprotese") == "6-14-forlop-for-innsetting-av-kneprotese"
    assert slug("Særkoder og ÆØÅ", max_len=12) == "saerkoder-og"
    assert slug("Kneprotese – forløp", ascii_only=False) == "kneprotese-forløp"
    assert slug("a b c d e f", max_words=3) == "a-b-c"
    assert slug("§ –") == "x" and slug("", fallback="seksjon") == "seksjon"


def test_hashes(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("æ", encoding="utf-8")
    assert sha256_file(a) == sha256_text("æ")
    assert files_hash([a], tmp_path) == files_hash([a], tmp_path) != files_hash([a])
    assert code_hash("align") != code_hash("check") and len(code_hash("align")) == 16


def test_a_missing_pdf_argument_is_bad_usage(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app

    result = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.pdf"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "nope.pdf: no such file or folder" in result.output


def test_a_malformed_settings_file_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app

    settings = tmp_path / "settings.yaml"
    settings.write_text("severity:\n  drift: error\nkinds: {\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--extracted", str(tmp_path), "--config", str(settings)])
    assert result.exit_code == 2
    assert "settings.yaml:4: not valid YAML" in result.output, result.output
