"""Extraction on small PDFs the tests draw: headings, numbering, hyphenation, margins, slides."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pdfgen
from tracker.extract.pipeline import extract_pdf


def _extract(path: Path):
    return extract_pdf(path, ocr=False)


def test_numbered_report_with_several_fonts(tmp_path: Path) -> None:
    pdf = pdfgen.report(
        tmp_path / "Grunnlagsdokument ISF 2030.pdf",
        [
            [
                ("h1", "1 Innledning"),
                ("p", "Dette dokumentet beskriver endringer i ISF-ordningen for 2030 og grunnlaget for finan-"),
                ("p", "sieringen av spesialisthelsetjenesten. Antall DRG-"),
                ("p", "er er uendret."),
                ("h2", "1.1 Bakgrunn"),
                ("p", "ISF-andelen for somatikk er 30 prosent."),
                ("h3", "Om kostnadsvekter"),
                ("p", "Kostnadsvektene beregnes fra KPP-data."),
            ],
            [
                ("h1", "2 Generelle regler"),
                ("p", "Reglene gjelder telefon- og"),
                ("p", "videokonsultasjoner."),
                ("bullet", "Første kulepunkt"),
                ("bullet", "Andre kulepunkt"),
            ],
        ],
        cover="Grunnlagsdokument ISF 2030",
        body_font="Times-Roman",
        head_font="Helvetica-Bold",
    )
    doc = _extract(pdf)
    heads = [(s.number, s.title, s.level) for s in doc.sections]
    assert heads == [
        ("1", "Innledning", 1),
        ("1.1", "Bakgrunn", 2),
        (None, "Om kostnadsvekter", 3),
        ("2", "Generelle regler", 1),
    ]
    intro = doc.sections[0]
    assert "finansieringen" in intro.text  # line-end hyphen re-joined
    assert "DRG-er" in intro.text  # a real compound keeps its hyphen
    assert intro.page == 2  # the cover is page 1
    rules = doc.sections[3]
    assert "telefon- og videokonsultasjoner" in rules.text
    assert rules.text.split("\n")[-2:] == ["Første kulepunkt", "Andre kulepunkt"]  # bullets stay lines
    everything = " ".join(s.text for s in doc.sections)
    assert "Rapport om ISF" not in everything and "Side" not in everything  # header/footer gone
    assert doc.kind == "grunnlagsdokument" and doc.year == 2030
    assert doc.id == "isf-2030-grunnlagsdokument"
    assert all(s.spans and s.spans[0].page == s.page for s in doc.sections)


def test_numbers_are_inferred_when_the_layout_omits_them(tmp_path: Path) -> None:
    pdf = pdfgen.sidebar_report(
        tmp_path / "design.pdf",
        [
            ("1", "INNLEDNING", [("p", "Se punkt 2.2 i dette dokumentet for detaljer."), ("p", "Mer tekst her.")]),
            (
                "2",
                "REGLER",
                [
                    ("h2", "Samarbeidsaktiviteter"),
                    ("p", "Tekst om samarbeid."),
                    ("h2", "Forløp for innsetting av kneprotese"),
                    ("p", "Tekst om kneprotese."),
                ],
            ),
        ],
    )
    doc = _extract(pdf)
    heads = [(s.number, s.title, s.level, s.number_source) for s in doc.sections]
    assert heads == [
        ("1", "INNLEDNING", 1, "printed"),
        ("2", "REGLER", 1, "printed"),
        ("2.1", "Samarbeidsaktiviteter", 2, "cross-reference"),
        ("2.2", "Forløp for innsetting av kneprotese", 2, "cross-reference"),
    ]
    # The sidebar chapter heading is drawn last and sits at the bottom, yet comes first.
    assert doc.sections[0].text.startswith("Se punkt 2.2")
    assert doc.sections[3].text == "Tekst om kneprotese."
    assert doc.warnings == []


def test_chapter_title_in_a_sidebar_on_the_right_heads_its_chapter(tmp_path: Path) -> None:
    """The sidebar down the right margin instead, its title wrapped over two lines: the band stands
    clear of the body column, so it is read first, as one chapter heading, and the text beside it
    is that chapter's."""
    body = [
        ("p", "Oppdraget om forenkling av regelverket for psykisk"),
        ("p", "helsevern og TSB har ført til at vi også har vurdert"),
        ("p", "enkelte av reglene innen somatikk. Konsekvensen er at"),
        ("p", "punkter som kun gjengir generelle koderegler, vil utgå."),
    ]
    pdf = pdfgen.sidebar_report(
        tmp_path / "design.pdf",
        [
            ("1", "FORENKLING AV\nREGELVERKET", [*body, ("h2", "Samarbeidsaktiviteter"), ("p", "Tekst om samarbeid.")]),
            ("2", "GENERELLE\nREGLER", [("p", "Reglene gjelder telefon- og videokonsultasjoner i landet"), *body]),
        ],
        embed=True,
        side="right",
    )
    doc = _extract(pdf)
    assert [(s.number, s.title, s.level) for s in doc.sections] == [
        ("1", "FORENKLING AV REGELVERKET", 1), ("1.1", "Samarbeidsaktiviteter", 2), ("2", "GENERELLE REGLER", 1)
    ]
    assert doc.sections[0].text.startswith("Oppdraget om forenkling")
    assert doc.sections[2].text.startswith("Reglene gjelder telefon-")


def test_sections_of_numbered_chapters_get_numbers_even_without_references(tmp_path: Path) -> None:
    # Printed chapter numbers and no printed section number anywhere: the layout dropped them.
    pdf = pdfgen.sidebar_report(
        tmp_path / "design.pdf",
        [("1", "KAPITTEL", [
            ("h2", "Første tema"), ("p", "Tekst om det første temaet, med en hel linje brødtekst."),
            ("h2", "Andre tema"), ("p", "Tekst om det andre temaet, også med en hel linje brødtekst."),
        ])],
    )
    doc = _extract(pdf)
    assert [(s.number, s.title, s.number_source) for s in doc.sections] == [
        # No reference to a 1.x number: only the sequence of printed numbers speaks for these.
        ("1", "KAPITTEL", "printed"), ("1.1", "Første tema", "sequence"), ("1.2", "Andre tema", "sequence")
    ]


def test_dangling_self_reference_is_a_warning(tmp_path: Path) -> None:
    pdf = pdfgen.sidebar_report(
        tmp_path / "design.pdf",
        [("1", "INNLEDNING", [("p", "Se punkt 1.7 i dette dokumentet."), ("h2", "Tema"), ("p", "Tekst.")])],
    )
    doc = _extract(pdf)
    assert any("1.7" in w for w in doc.warnings)


def test_two_slides(tmp_path: Path) -> None:
    pdf = pdfgen.slides(
        tmp_path / "Informasjonsmøte ISF 2031.pdf",
        [
            ("Endringer i ISF 2031", ["ISF-andelen endres til 35 prosent", "Nye DRG-er for dagkirurgi"]),
            ("4.3.6 Spesialisthelsetjenester utført av kommuner", ["Regelen er uendret"]),
        ],
    )
    doc = _extract(pdf)
    assert doc.kind == "presentasjon" and doc.year == 2031
    assert [(s.number, s.title, s.level, s.page) for s in doc.sections] == [
        (None, "Endringer i ISF 2031", 1, 1),
        ("4.3.6", "Spesialisthelsetjenester utført av kommuner", 3, 2),
    ]
    assert doc.sections[0].text == "ISF-andelen endres til 35 prosent\nNye DRG-er for dagkirurgi"
    assert "Helsedirektoratet" not in doc.sections[1].text


def test_body_lines_starting_with_a_number_are_not_headings(tmp_path: Path) -> None:
    pdf = pdfgen.report(
        tmp_path / "r.pdf",
        [[("h1", "1 Innledning"), ("p", "Tallene for perioden viser vekst."), ("gap", ""),
          ("p", "2 044 opphold per tertial er registrert"), ("h2", "1.1 Videre arbeid"), ("p", "Tekst.")]],
    )
    doc = _extract(pdf)
    assert [s.number for s in doc.sections] == ["1", "1.1"]
    assert "2 044 opphold" in doc.sections[0].text


@pytest.mark.parametrize("font", ["Times-Roman", "Helvetica", "Courier"])
def test_heading_detection_does_not_depend_on_the_font(tmp_path: Path, font: str) -> None:
    pdf = pdfgen.report(
        tmp_path / "r.pdf",
        [[("h1", "3 Generelle regler"), ("p", "Tekst om reglene."), ("h2", "3.1 Multippel koding"),
          ("p", "Mer tekst.")]],
        body_font=font,
        head_font=font + ("-Bold" if font != "Times-Roman" else ""),
    )
    doc = _extract(pdf)
    assert [(s.number, s.title) for s in doc.sections] == [("3", "Generelle regler"), ("3.1", "Multippel koding")]


@pytest.mark.parametrize("fonts", ["installed", "dejavu-only"])
def test_a_scan_without_text_layer_is_extracted_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fonts: str
) -> None:
    if fonts == "dejavu-only":  # what a fresh Debian machine has; embedded fonts make it irrelevant
        if not pdfgen.DEJAVU_DIR.is_dir():
            pytest.skip(f"no {pdfgen.DEJAVU_DIR}: install fonts-dejavu-core (bash scripts/bootstrap.sh)")
        monkeypatch.setenv("FONTCONFIG_FILE", str(pdfgen.dejavu_only_fonts_conf(tmp_path / "fontconfig")))
    born_digital = pdfgen.report(
        tmp_path / "digital.pdf",
        [
            [
                ("h1", "3 Generelle regler"),
                ("p", "Fra 2024 er hovedregelen at det er sverd- og stjernekoding som skal"),
                ("p", "rapporteres med multippel koding ved tilstander i spesialisthelsetjenesten."),
                ("h2", "3.1 Multippel koding"),
                ("p", "Særkoden B0051 videreføres i 2024 for pasienter på sykehus i Sør-Norge."),
            ]
        ],
        embed=True,
    )
    scanned = pdfgen.scan(born_digital, tmp_path / "Grunnlagsdokument ISF 2024 skannet.pdf")
    doc = extract_pdf(scanned, cache_dir=tmp_path / "cache")
    assert {p.source for p in doc.page_info} == {"ocr"}
    assert [(s.number, s.title, s.level) for s in doc.sections] == [
        ("3", "Generelle regler", 1), ("3.1", "Multippel koding", 2)
    ]
    assert "B0051" in doc.sections[1].text and "på sykehus i Sør-Norge" in doc.sections[1].text


def test_a_scanned_designed_report_keeps_its_structure(tmp_path: Path) -> None:
    # No fonts, weights or colours after a scan: the sidebar chapter heading is found by its
    # number and column, the section headings by size and spacing, their numbers by inference.
    designed = pdfgen.sidebar_report(
        tmp_path / "design.pdf",
        [
            ("1", "INNLEDNING", [("p", "Dokumentet beskriver endringer i ordningen for neste år."),
                                 ("p", "Se punkt 2.2 i dette dokumentet for kneprotese.")]),
            ("2", "REGLER", [
                ("h2", "Samarbeidsaktiviteter"), ("p", "Tekst om samarbeid mellom sykehus og kommuner."),
                ("h2", "Forløp for innsetting av kneprotese"), ("p", "Tekst om forløpet for kneprotese."),
            ]),
        ],
        embed=True,
    )
    doc = extract_pdf(pdfgen.scan(designed, tmp_path / "skannet.pdf", dpi=300), cache_dir=tmp_path / "cache")
    assert {p.source for p in doc.page_info} == {"ocr"}
    assert [(s.number, s.title, s.level) for s in doc.sections] == [
        ("1", "INNLEDNING", 1),
        ("2", "REGLER", 1),
        ("2.1", "Samarbeidsaktiviteter", 2),
        ("2.2", "Forløp for innsetting av kneprotese", 2),
    ]
