"""Lineage registry: ids assigned once and kept; overrides win; regelverk chapter histories."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.gold import gold_document
from tracker.align.lineage import Registry, RegistryError
from tracker.align.match import align
from tracker.align.overrides import Overrides, OverridesError
from tracker.align.pipeline import align_corpus
from tracker.extract.records import records_from_table
from tracker.model import Document, Section
from tracker.paths import EXTRACTED_DIR, OVERRIDES_PATH
from tracker.store import load_all


def with_records(doc: Document) -> Document:
    """Gold documents carry tables but no records: derive them with the tables stage's code."""
    records = [r for k, t in enumerate(doc.tables) for r in records_from_table(t, k)]
    return doc.model_copy(update={"records": records})


@pytest.fixture(scope="module")
def corpus() -> list[Document]:
    ids = ["isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument", "isf-2024-endringslogg"]
    return [with_records(gold_document(i)) for i in ids]


def third_year(doc2025: Document) -> Document:
    """A made-up 2026 grunnlagsdokument: a new chapter 2 (so 3..9 → 4..10), one section retitled,
    one removed, one added."""
    sections: list[Section] = [doc2025.sections[0]]
    sections.append(Section(id="s-2", number="2", title="NYTT OM FINANSIERINGSMODELLEN", level=1, page=2,
                            text="Et helt nytt kapittel om modellen for 2026 og hvordan den virker."))
    for s in doc2025.sections[1:]:
        if s.number == "6.11":  # Førerkort: removed in 2026
            continue
        number = s.number
        if number:
            head, *rest = number.split(".")
            number = ".".join([str(int(head) + 1), *rest])
        title = "Kneproteseforløp med finansiering" if s.number == "6.14" else s.title
        sid = f"s-{number}" if number else s.id
        sections.append(s.model_copy(update={"id": sid, "number": number, "title": title}))
    sections.append(Section(id="s-7.16", number="7.16", title="Helt ny ordning for tolketjenester", level=2, page=16,
                            text="Tolketjenester finansieres fra 2026 gjennom en egen ordning med nye koder."))
    return doc2025.model_copy(update={"id": "isf-2026-grunnlagsdokument", "year": 2026, "sections": sections,
                                      "records": []})


def test_every_section_gets_exactly_one_lineage(corpus, tmp_path: Path) -> None:
    align_corpus(corpus, tmp_path / "registry.yaml", tmp_path / "overrides.yaml")
    reg = Registry.load(tmp_path / "registry.yaml")
    for doc in corpus:
        for s in doc.sections:
            assert reg.lineage_of(doc.id, s.id) is not None, (doc.id, s.id)
    ids = [lin.id for lin in reg.lineages()]
    assert len(ids) == len(set(ids))
    # 2024 3.3 and 2025 4.3 are one topic; a readable slug names it
    lid = reg.lineage_of("isf-2024-grunnlagsdokument", "s-3.3")
    assert lid == reg.lineage_of("isf-2025-grunnlagsdokument", "s-4.3")
    assert lid.startswith("samarbeidsaktiviteter")
    assert ("isf-2025-grunnlagsdokument", "s-4.3") in reg.members(lid)
    # the two Gruppebehandling sections of 2025 are different lineages with different ids
    g1 = reg.lineage_of("isf-2025-grunnlagsdokument", "s-5.7")
    g2 = reg.lineage_of("isf-2025-grunnlagsdokument", "s-6.10")
    assert g1 != g2 and g1.startswith("gruppebehandling") and g2.startswith("gruppebehandling")


def test_ids_are_stable_when_a_third_year_is_added(corpus, tmp_path: Path) -> None:
    registry = tmp_path / "registry.yaml"
    align_corpus(corpus, registry, tmp_path / "overrides.yaml")
    before = Registry.load(registry)
    before_of = {(m.doc_id, m.section_id): lin.id for lin in before.lineages() for m in lin.members}

    doc2026 = third_year(corpus[1])
    align_corpus([*corpus, doc2026], registry, tmp_path / "overrides.yaml")
    after = Registry.load(registry)
    # no earlier member changed lineage, no id disappeared
    for (doc_id, sid), lid in before_of.items():
        assert after.lineage_of(doc_id, sid) == lid, (doc_id, sid)
    assert {lin.id for lin in before.lineages()} <= {lin.id for lin in after.lineages()}
    # 2026 sections continue their 2025 lineage, through a renumbering and a retitle
    for s25, s26 in [("s-4.3", "s-5.3"), ("s-6.14", "s-7.14"), ("s-1", "s-1"), ("s-9.4", "s-10.4")]:
        assert after.lineage_of("isf-2026-grunnlagsdokument", s26) == before_of[("isf-2025-grunnlagsdokument", s25)]
    knee = after.lineage(after.lineage_of("isf-2026-grunnlagsdokument", "s-7.14"))
    assert [m.year for m in knee.members] == [2025, 2026]
    assert knee.title == "Kneproteseforløp med finansiering"  # the title follows, the id does not
    # the added 2026 section starts a new lineage with a new id
    new_id = after.lineage_of("isf-2026-grunnlagsdokument", "s-7.16")
    assert new_id not in {lin.id for lin in before.lineages()}
    # running the update again changes nothing
    text = registry.read_text(encoding="utf-8")
    align_corpus([*corpus, doc2026], registry, tmp_path / "overrides.yaml")
    assert registry.read_text(encoding="utf-8") == text


def test_ids_survive_a_reextraction_that_changes_section_ids(corpus, tmp_path: Path) -> None:
    registry = tmp_path / "registry.yaml"
    align_corpus(corpus, registry, tmp_path / "overrides.yaml")
    before = Registry.load(registry)
    old25 = corpus[1]
    renamed = old25.model_copy(update={"sections": [
        s.model_copy(update={"id": s.id + "-x"}) for s in old25.sections]})
    align_corpus([corpus[0], renamed, corpus[2]], registry, tmp_path / "overrides.yaml")
    after = Registry.load(registry)
    for s in old25.sections:
        assert after.lineage_of(old25.id, s.id + "-x") == before.lineage_of(old25.id, s.id), s.id


def test_overrides_win(corpus, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "lineage_ids:\n"
        "  - {section: 'isf-2025-grunnlagsdokument#6.14', id: kneprotese-forlop, title: Forløp for kneprotese}\n"
        "pairs:\n"
        "  - {old: 'isf-2024-grunnlagsdokument#3.5', new: 'isf-2025-grunnlagsdokument#5.7'}\n",
        encoding="utf-8",
    )
    result = align_corpus(corpus, tmp_path / "registry.yaml", overrides)
    reg = Registry.load(tmp_path / "registry.yaml")
    assert reg.lineage_of("isf-2025-grunnlagsdokument", "s-6.14") == "kneprotese-forlop"
    assert reg.lineage("kneprotese-forlop").title == "Forløp for kneprotese"
    pairs = result[("isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument")]
    forced = [p for p in pairs if p.old == "3.5"]
    assert [(p.new, "editor override" in p.evidence) for p in forced] == [("5.7", True)]


def test_registry_file_is_deterministic_and_round_trips(corpus, tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "registry.yaml", tmp_path / "b" / "registry.yaml"
    align_corpus(corpus, a, tmp_path / "overrides.yaml")
    align_corpus(list(reversed(corpus)), b, tmp_path / "overrides.yaml")
    assert a.read_bytes() == b.read_bytes()
    reg = Registry.load(a)
    assert reg.to_yaml() == a.read_text(encoding="utf-8")


def test_invalid_registry_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "registry.yaml"
    bad.write_text("lineages: [{id: 3}]\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="registry.yaml"):
        Registry.load(bad)


def test_regelverk_chapter_lineages(corpus, tmp_path: Path) -> None:
    align_corpus(corpus, tmp_path / "registry.yaml", tmp_path / "overrides.yaml")
    chapters = Registry.load(tmp_path / "registry.yaml").regelverk_chapters()
    samarbeid = next(c for c in chapters if c.numbers.get(2024) == "5.22")
    assert samarbeid.numbers == {2024: "5.22", 2025: "4.20"}
    assert samarbeid.id.startswith("regelverk-samarbeidsaktiviteter")
    sources = {(p.doc_id, p.source) for p in samarbeid.passage_records}
    assert ("isf-2024-endringslogg", "changelog") in sources
    assert ("isf-2025-grunnlagsdokument", "renumbering") in sources
    doc_id, section_id, page, excerpt = samarbeid.passages[0]
    assert page >= 1 and excerpt
    # a reference in running text is a passage too: 2024 §3.5 cites regelverk 5.23 with its title
    opplaering = next(c for c in chapters if c.numbers.get(2024) == "5.23")
    assert opplaering.titles[2024] == "Pasientopplæring og tiltak i gruppe"
    assert ("isf-2024-grunnlagsdokument", "s-3.5") in {(p[0], p[1]) for p in opplaering.passages}
    # gruppebehandling 7.6 → 6.6 joins the endringslogg row and the grunnlagsdokument's "kapittel 7.6"
    gruppe = next(c for c in chapters if c.numbers.get(2024) == "7.6")
    assert gruppe.numbers[2025] == "6.6"
    assert {p[0] for p in gruppe.passages} == {"isf-2024-endringslogg", "isf-2025-grunnlagsdokument",
                                               "isf-2024-grunnlagsdokument"}
    # section lineages and regelverk chapters point at each other
    reg = Registry.load(tmp_path / "registry.yaml")
    lid = reg.lineage_of("isf-2025-grunnlagsdokument", "s-4.3")
    assert samarbeid.id in reg.lineage(lid).regelverk
    assert lid in next(c for c in reg.regelverk_chapters() if c.id == samarbeid.id).lineages


def test_one_id_for_two_lineages_is_refused(corpus, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "lineage_ids:\n"
        "  - {section: 'isf-2025-grunnlagsdokument#6.14', id: kne}\n"
        "  - {section: 'isf-2025-grunnlagsdokument#6.12', id: kne}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="overrides.yaml"):
        align_corpus(corpus, tmp_path / "registry.yaml", overrides)


def test_align_corpus_pairs_consecutive_documents_of_a_kind(corpus, tmp_path: Path) -> None:
    result = align_corpus(corpus, tmp_path / "registry.yaml", tmp_path / "overrides.yaml", save=False)
    assert list(result.by_pair) == [("isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument")]
    assert not (tmp_path / "registry.yaml").exists()
    direct = align(corpus[0], corpus[1])
    got = result.by_pair[("isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument")]
    assert [p.model_dump(exclude={"text_change"}) for p in got] == [p.model_dump(exclude={"text_change"}) for p in direct]
    assert all((p.text_change is None) == (p.old_id is None or p.new_id is None) for p in got)
    a = result.alignments[0]
    assert a.text_change("s-7.1", "s-8.1") == "editorial"  # only its years and one word form change
    assert a.text_change("s-6.4", "s-7.4") == "substantive"  # the særkoder replaced by procedure codes
    assert a.text_change("s-8.2", "s-9.1") in ("unchanged", "editorial")


def test_a_section_lost_by_one_extraction_gets_its_id_back(corpus, tmp_path: Path) -> None:
    registry, overrides = tmp_path / "registry.yaml", tmp_path / "overrides.yaml"
    align_corpus(corpus, registry, overrides)
    lid = Registry.load(registry).lineage_of("isf-2024-grunnlagsdokument", "s-3.1")  # Multippel koding, 2024 only
    old24 = corpus[0]
    without = old24.model_copy(update={"sections": [s for s in old24.sections if s.number != "3.1"]})
    align_corpus([without, *corpus[1:]], registry, overrides)
    reg = Registry.load(registry)
    assert reg.lineage(lid).status == "retired" and reg.members(lid) == []
    assert reg.lineage_of("isf-2024-grunnlagsdokument", "s-3.1") is None
    align_corpus(corpus, registry, overrides)
    reg = Registry.load(registry)
    assert reg.lineage_of("isf-2024-grunnlagsdokument", "s-3.1") == lid
    assert reg.lineage(lid).status == "active"


def test_cached_alignments_are_reused_and_invalidated(corpus, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = align_corpus(corpus, tmp_path / "registry.yaml", tmp_path / "overrides.yaml", cache_dir=cache)
    [entry] = list(cache.glob("*.json"))
    again = align_corpus(corpus, tmp_path / "registry.yaml", tmp_path / "overrides.yaml", cache_dir=cache)
    assert again.to_json() == first.to_json()
    assert list(cache.glob("*.json")) == [entry]
    # a changed document is re-aligned (and its stale entry replaced)
    changed = corpus[1].model_copy(update={"sections": corpus[1].sections[:-1]})
    third = align_corpus([corpus[0], changed, corpus[2]], tmp_path / "registry.yaml", tmp_path / "overrides.yaml",
                         cache_dir=cache)
    assert [e.name for e in cache.glob("*.json")] != [entry.name]
    assert len(list(cache.glob("*.json"))) == 1
    assert third.pairs[(corpus[0].id, changed.id)] != first.pairs[(corpus[0].id, corpus[1].id)]


# --- editors' overrides that name nothing, or say something unknown (issue 15, 11) ----------------


def _overrides(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_override_with_an_unknown_kind_is_one_error_naming_file_and_line(corpus, tmp_path: Path) -> None:
    path = _overrides(tmp_path, "pairs:\n"
                                "  - old: 'isf-2024-grunnlagsdokument#3.5'\n"
                                "    new: 'isf-2025-grunnlagsdokument#5.7'\n"
                                "    kind: renamed\n")
    with pytest.raises(OverridesError, match=r"overrides\.yaml:4: .*'renamed' is not a kind of pair"):
        align_corpus(corpus, tmp_path / "registry.yaml", path, save=False)


def test_a_pair_naming_a_section_its_document_lacks_is_an_error_naming_file_and_line(corpus, tmp_path: Path) -> None:
    path = _overrides(tmp_path, "no_pairs:\n"
                                "  - {old: 'isf-2024-grunnlagsdokument#5.9', new: 'isf-2025-grunnlagsdokument#7.2'}\n"
                                "pairs:\n"
                                "  - {old: 'isf-2024-grunnlagsdokument#3.5', new: 'isf-2025-grunnlagsdokument#55.7'}\n")
    with pytest.raises(OverridesError, match=r"overrides\.yaml:4: .*isf-2025-grunnlagsdokument has no section '55\.7'"):
        align_corpus(corpus, tmp_path / "registry.yaml", path, save=False)


def test_a_malformed_section_reference_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    path = _overrides(tmp_path, "lineage_ids:\n  - section: isf-2025-grunnlagsdokument 6.14\n    id: kne\n")
    with pytest.raises(OverridesError, match=r"overrides\.yaml:2: .*must look like '<doc-id>#"):
        Overrides.load(path)


def test_references_to_documents_or_sections_outside_the_corpus_are_errors(corpus, tmp_path: Path) -> None:
    path = _overrides(tmp_path, "lineage_ids:\n"
                                "  - {section: 'isf-2025-grunnlagsdokument#6.14', id: kne}\n"
                                "  - {section: 'isf-2025-grunnlagsdokument#99.1', id: borte}\n"
                                "no_pairs:\n"
                                "  - {old: 'isf-2023-grunnlagsdokument#5.9', new: 'isf-2025-grunnlagsdokument#7.2'}\n")
    overrides = Overrides.load(path)
    with pytest.raises(OverridesError) as caught:
        overrides.check(corpus)
    message = str(caught.value)
    # The first problem in file order (no_pairs before lineage_ids), and how many more there are.
    assert re.search(r"overrides\.yaml:5: 'isf-2023-grunnlagsdokument#5\.9' names no document of the corpus",
                     message), message
    assert message.endswith("(and 1 more)") and "\n" not in message
    fixed = _overrides(tmp_path, "lineage_ids:\n  - {section: 'isf-2025-grunnlagsdokument#6.14', id: kne}\n")
    Overrides.load(fixed).check(corpus)  # a reference that resolves is fine


def test_the_committed_overrides_name_sections_of_the_committed_corpus() -> None:
    Overrides.load(OVERRIDES_PATH).check(load_all(EXTRACTED_DIR))
