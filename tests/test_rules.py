"""The executable rules on the documents' own statements and on the edges the texts define.

Expected values come from reading the texts (tests/gold/*/source.md), not from the parameters:
"ISF-andel endres, og er satt til 30 prosent i 2025", "Enhetsprisen per ISF-poeng i somatikk 2026 er
55 704 kroner", "til og med det året de fyller 26 år", the særkoder table of 7.4 (2025), the NPR
deadline table of 8.6 (2024), the WWGX slide of the 2027 information meeting, Tabell 9.1/9.2 (2025).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tracker.rules import (
    CodeDiscontinued,
    NotCovered,
    NoValue,
    ParameterError,
    RuleError,
    UnknownCode,
    copayment_exempt,
    gives_isf_refund,
    group_financed,
    isf_refund,
    npr_deadline,
    replacement_code,
    respirator_duration_code,
)
from tracker.rules.params import PARAMS_DIR, load_parameters
from tracker.rules.registry import all_citations, functions, parameters

D = dt.date


# -- parameters by year --------------------------------------------------------------------------


def test_isf_andel_somatikk_by_year() -> None:
    share = parameters()["isf_andel.somatikk"]
    assert share.value_at(2024) == 40  # "vil være 40 prosent i 2024"
    assert share.value_at(2025) == 30  # "satt til 30 prosent i 2025"
    assert share.value_at(D(2025, 12, 31)) == 30
    with pytest.raises(NoValue, match="first value from 2024"):
        share.value_at(2023)


def test_isf_andel_phv_tsb_is_only_known_as_unchanged() -> None:
    share = parameters()["isf_andel.phv_tsb"]
    assert {v.year for v in share.values if v.unchanged} == {2024, 2025}
    with pytest.raises(NoValue, match="only as unchanged"):
        share.value_at(2025)


# -- isf_refund ----------------------------------------------------------------------------------


def test_isf_refund_uses_the_2026_unit_prices() -> None:
    assert isf_refund(1, 2026, "somatikk") == 55_704
    assert isf_refund(2.5, 2026, "somatikk") == pytest.approx(2.5 * 55_704)
    assert isf_refund(10, 2026, "phv_tsb") == 39_540
    assert isf_refund(10, 2026, "psykisk helsevern") == 39_540  # area aliases
    assert isf_refund(0, 2026, "somatikk") == 0


def test_isf_refund_errors_are_clear() -> None:
    with pytest.raises(NoValue, match="enhetspris.somatikk: no value at 2025-01-01"):
        isf_refund(1, 2025, "somatikk")
    with pytest.raises(RuleError, match="unknown area 'rehab'"):
        isf_refund(1, 2026, "rehab")
    with pytest.raises(RuleError, match="negative"):
        isf_refund(-1, 2026, "somatikk")


# -- copayment_exempt ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "contact", "expected"),
    [
        # "til og med det året de fyller 26 år": born 1999 turns 26 in 2025 → exempt all of 2025 ...
        (D(1999, 12, 31), D(2025, 1, 1), True),
        (D(1999, 1, 1), D(2025, 12, 31), True),
        # ... but not in 2026, the year they turn 27, not even before the birthday
        (D(1999, 12, 31), D(2026, 1, 1), False),
        # born 1998 turns 27 in 2025: not exempt, although still 26 on 1 January 2025
        (D(1998, 12, 31), D(2025, 1, 1), False),
        # 18 to 26: "unge voksne i aldersgruppen 18 til og med ..."
        (D(2007, 1, 1), D(2025, 6, 1), True),
        # children were exempt before 2025 ("Barn- og unge ... er også fritatt"); young adults were not
        (D(2010, 5, 5), D(2024, 6, 1), True),
        (D(2003, 5, 5), D(2024, 6, 1), False),
    ],
)
def test_copayment_exempt_phv_tsb(birth: dt.date, contact: dt.date, expected: bool) -> None:
    assert copayment_exempt(birth, contact, "phv_tsb") is expected


def test_copayment_exempt_16_17_from_1_august_2026_in_every_area() -> None:
    seventeen = D(2009, 3, 1)
    assert copayment_exempt(seventeen, D(2026, 8, 1), "somatikk") is True
    with pytest.raises(NotCovered):  # 31 July 2026: the somatic rule for 17-year-olds is not in the corpus
        copayment_exempt(seventeen, D(2026, 7, 31), "somatikk")
    sixteen_today = D(2010, 8, 1)
    assert copayment_exempt(sixteen_today, D(2026, 8, 1), "somatikk") is True
    eighteen_today = D(2008, 8, 1)
    assert copayment_exempt(eighteen_today, D(2026, 8, 1), "somatikk") is False


def test_copayment_exempt_says_what_the_corpus_does_not_cover() -> None:
    with pytest.raises(NotCovered, match="somatic patients aged 10"):
        copayment_exempt(D(2016, 1, 1), D(2026, 9, 1), "somatikk")
    with pytest.raises(RuleError, match="after the contact date"):
        copayment_exempt(D(2026, 1, 2), D(2026, 1, 1), "phv_tsb")


# -- replacement_code ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "new"),
    [("A0099", "WWAA00"), ("B0029", "WMGA42"), ("B0044", "WWAA01"), ("B0045", "WWAA02"), ("B0051", "WWAA03")],
)
def test_replacement_code_2025(code: str, new: str) -> None:
    assert replacement_code(code, 2025) == new
    assert replacement_code(code.lower(), 2026) == new  # from 01.01.2025 onwards
    assert replacement_code(code, 2024) == code  # "I 2024 var det seks særkoder"


def test_replacement_code_b0050_utgar() -> None:
    with pytest.raises(CodeDiscontinued, match="B0050 .*utgår"):
        replacement_code("B0050", 2025)
    assert replacement_code("B0050", 2024) == "B0050"


def test_replacement_code_unknown_code_is_a_clear_error() -> None:
    with pytest.raises(UnknownCode, match="'X9999' is not a særkode of 2024; known særkoder: A0099, B0029"):
        replacement_code("X9999", 2025)
    with pytest.raises(UnknownCode, match="not even shaped like a code"):
        replacement_code("hello world", 2025)


# -- respirator_duration_code ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "code"),
    [
        (0, "WWGX00"),
        (23.99, "WWGX00"),  # "<1 dag"
        (24, "WWGX01"),  # exactly 1 day: "≥ 1 dag og <3 dager"
        (71.99, "WWGX01"),
        (72, "WWGX02"),  # exactly 3 days: "≥ 3 dager og <11 dager"
        (263.99, "WWGX02"),
        (264, "WWGX03"),  # exactly 11 days: "≥ 11 dager"
        (24 * 100, "WWGX03"),
    ],
)
def test_respirator_duration_code_edges(hours: float, code: str) -> None:
    assert respirator_duration_code(hours) == code


def test_respirator_duration_code_rejects_negative() -> None:
    with pytest.raises(RuleError, match="negative"):
        respirator_duration_code(-1)


# -- gives_isf_refund (Tabell 9.1 / 9.2) -----------------------------------------------------------


def test_gives_isf_refund_tabell_9_1() -> None:
    assert gives_isf_refund("Helseforetak", "poliklinikk") is True
    assert gives_isf_refund("Helseforetak", "Døgnbehandling") is True
    assert gives_isf_refund("Helseforetak", "poliklinisk laboratorievirksomhet") is False  # "Takstbasert"
    assert gives_isf_refund("Privatpraktiserende spesialister med kjøpsavtale med RHF", "dagkirurgi") is True
    assert gives_isf_refund("Private avtalespesialister", "poliklinikk") is False  # "Normaltariffen brukes"
    assert gives_isf_refund("Behandling i utlandet i regi av RHF", "døgnbehandling") is True


def test_gives_isf_refund_tabell_9_2_and_2024() -> None:
    assert gives_isf_refund("Helseforetak", "Poliklinikk", area="phv_tsb") is True
    assert gives_isf_refund("Private opptrenings- og rehabiliteringsinstitusjoner", "poliklinikk", "phv_tsb") is False
    # the fristbruddordningen row is new in the 2025 table; 2024 (8.3) has no such unit
    assert gives_isf_refund("Private virksomheter med kjøpsavtale under fristbruddordningen", "poliklinikk") is True
    with pytest.raises(RuleError, match="unknown unit"):
        gives_isf_refund("Private virksomheter med kjøpsavtale under fristbruddordningen", "poliklinikk", year=2024)


def test_gives_isf_refund_unknown_activity_lists_the_known_ones() -> None:
    with pytest.raises(RuleError, match="lists no activity 'dagkirurgi'.*it lists: døgnbehandling"):
        gives_isf_refund("Behandling i utlandet i regi av RHF", "dagkirurgi")


# -- NPR deadlines and groups ----------------------------------------------------------------------


def test_npr_deadlines_2024() -> None:
    assert npr_deadline(2024, 1) == D(2024, 5, 3)
    assert npr_deadline(2024, 1, "final") == D(2024, 5, 24)
    assert npr_deadline(2024, 2, "final") == D(2024, 9, 24)
    assert npr_deadline(2024, 3) == D(2025, 1, 3)
    assert npr_deadline(2024, 3, "final") == D(2025, 2, 4)
    with pytest.raises(NoValue, match="not carried forward"):
        npr_deadline(2025, 1)
    with pytest.raises(RuleError, match="tertial must be 1, 2 or 3"):
        npr_deadline(2024, 4)


def test_tfg_ht04_knee_prosthesis_financed_from_2025() -> None:
    assert group_financed("TFG", "HT04", 2024) is False  # "opprettet i 2020 uten finansiering"
    assert group_financed("TFG", "HT04", 2025) is True  # "inkluderes med finansiering fra 2025"
    assert group_financed("STG", "DS03", 2025) is False  # "opprettes (uten finansiering)"
    assert group_financed("DRG", "808I", 2024) is False  # utgår
    with pytest.raises(UnknownCode):
        group_financed("DRG", "999Z", 2025)


# -- the registry: citations are collected mechanically ---------------------------------------------


def test_every_value_and_function_cites_document_section_and_quote() -> None:
    cited = all_citations()
    assert len({c.key for c in cited}) == len(cited), "citation keys must be unique"
    for c in cited:
        assert c.doc and c.quote and (c.section or c.title), c
        path, line = c.source_file, c.source_line
        assert Path(path).exists() and line > 0, c
        source_line = Path(path).read_text(encoding="utf-8").splitlines()[line - 1]
        # the code side points at the citation itself: the YAML `- doc:` line or the @cites line
        assert "doc:" in source_line or "@cites" in source_line, (c.key, source_line)


def test_functions_registry_lists_the_rule_functions() -> None:
    funcs = functions()
    for name in ("isf_refund", "copayment_exempt", "replacement_code", "respirator_duration_code",
                 "gives_isf_refund"):
        assert name in funcs
        f = funcs[name]
        assert f.citations and f.description and f.label_nb and f.description_nb
        assert Path(f.source_file).read_text(encoding="utf-8").splitlines()[f.line - 1].lstrip().startswith(
            f"def {name}(")
        assert set(f.uses) <= set(parameters()), f.uses


def _copy_params(tmp_path: Path) -> Path:
    target = tmp_path / "params"
    shutil.copytree(PARAMS_DIR, target)
    return target


def test_bad_parameter_file_names_file_and_line(tmp_path: Path) -> None:
    params = _copy_params(tmp_path)
    path = params / "isf_andel.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      2025:\n        value: 30\n        cite:", "      2025:\n        value: 30\n"
                                 "        sitat:", 1), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"isf_andel\.yaml:\d+: entry 2025 of 'isf_andel.somatikk' has no citation"):
        load_parameters(params)


def test_invalid_yaml_and_unknown_unit_are_named(tmp_path: Path) -> None:
    params = _copy_params(tmp_path)
    (params / "broken.yaml").write_text("parameters:\n  broken.x: [unclosed\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"broken\.yaml:3: not valid YAML"):
        load_parameters(params)
    (params / "broken.yaml").write_text(
        "parameters:\n  broken.x:\n    description: d\n    unit: furlongs\n    values: {2024: {value: 1, cite: []}}\n",
        encoding="utf-8")
    with pytest.raises(ParameterError, match=r"broken\.yaml:2: parameter 'broken.x' has unit 'furlongs'"):
        load_parameters(params)


def test_a_parameter_file_holds_its_own_namespace(tmp_path: Path) -> None:
    """OpenFisca-style: ``enhetspris.yaml`` defines ``enhetspris.*`` and nothing else."""
    params = _copy_params(tmp_path)
    path = params / "enhetspris.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  enhetspris.phv_tsb:", "  isf_andel.ny:", 1), encoding="utf-8")
    line = text.splitlines().index("  enhetspris.phv_tsb:") + 1
    with pytest.raises(ParameterError, match=rf"enhetspris\.yaml:{line}: parameter 'isf_andel.ny' is outside this "
                                             r"file's namespace 'enhetspris'; move it to isf_andel\.yaml"):
        load_parameters(params)


def test_the_bundled_parameter_files_are_named_after_their_namespace() -> None:
    params = load_parameters(PARAMS_DIR)
    assert all(Path(p.source_file).stem == p.name.split(".")[0] for p in params.values())


# -- Norwegian labels for the site's readers ------------------------------------------------------------


def test_every_parameter_and_function_has_norwegian_labels() -> None:
    for p in load_parameters(PARAMS_DIR).values():
        assert p.label_nb and p.description_nb, p.name
        assert p.description_nb != p.description
        if p.unit == "table":
            used = {k for v in p.values for row in (v.value or []) for k in row}
            assert used <= set(p.columns_nb), (p.name, used - set(p.columns_nb))
        for v in p.values:
            assert (v.note is None) == (v.note_nb is None), (p.name, v.start)
    saerkoder = load_parameters(PARAMS_DIR)["saerkoder.endringer"]
    assert saerkoder.columns_nb["old_code"] == "Særkode"
    assert saerkoder.values_nb["change"] == {"replaced": "erstattes", "removed": "utgår"}
    assert load_parameters(PARAMS_DIR)["enhetspris.somatikk"].label_nb == "Enhetspris somatikk"
    for f in functions().values():
        assert f.label_nb and f.description_nb, f.name


@pytest.mark.parametrize("field", ["label_nb", "description_nb"])
def test_a_missing_norwegian_label_names_file_and_line(tmp_path: Path, field: str) -> None:
    params = _copy_params(tmp_path)
    path = params / "enhetspris.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"    {field}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("      "):  # a folded description goes on
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    line = next(i for i, text in enumerate(lines, start=1) if text.startswith("  enhetspris.somatikk:"))
    with pytest.raises(ParameterError, match=rf"enhetspris\.yaml:{line}: parameter 'enhetspris.somatikk' lacks "
                                             rf"'{field}'"):
        load_parameters(params)


def test_table_labels_must_cover_every_column(tmp_path: Path) -> None:
    params = _copy_params(tmp_path)
    path = params / "saerkoder.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      new_code: Ny prosedyrekode\n", "", 1), encoding="utf-8")
    line = text.splitlines().index("    columns_nb:") + 1
    with pytest.raises(ParameterError, match=rf"saerkoder\.yaml:{line}: parameter 'saerkoder.endringer': "
                                             r"'columns_nb' has no header for column\(s\) new_code"):
        load_parameters(params)
    path.write_text(text.replace("    columns_nb:\n", "    kolonner:\n", 1), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"lacks 'columns_nb'"):
        load_parameters(params)


def test_a_note_needs_its_norwegian_note(tmp_path: Path) -> None:
    params = _copy_params(tmp_path)
    path = params / "grupper.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("        note_nb:"))
    end = start + 1
    while lines[end].startswith("          "):
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"grupper\.yaml:\d+: entry 2027 of 'grupper.endringer' has a 'note' "
                                             r"but no 'note_nb'"):
        load_parameters(params)


def test_a_rule_function_needs_norwegian_labels() -> None:
    from tracker.rules.citations import cites
    from tracker.rules.registry import rule

    def make() -> object:
        @cites("isf-2025-grunnlagsdokument", "ISF-andel endres", section="6.1")
        def example() -> int:
            return 1

        return example

    with pytest.raises(TypeError, match="label_nb"):
        rule(uses=(), label_nb=" ", description_nb="Noe.")(make())
    with pytest.raises(TypeError):
        rule(uses=())(make())  # type: ignore[call-arg]
