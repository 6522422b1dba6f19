"""The change page of Grunnlagsdokument ISF 2024 → 2025 shows every change of every pair: a badge in
bokmål per change, and ``data-kinds`` listing them all so the filter buttons find an entry by any of
its changes (the page's Markdown, as the site generator makes it from the align stage's pairs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bench.gold import gold_document
from tracker.align.overrides import Overrides
from tracker.align.pipeline import align_pair
from tracker.site.pages.changes import build_entries, render_changes

OLD_ID, NEW_ID = "isf-2024-grunnlagsdokument", "isf-2025-grunnlagsdokument"
BADGE_RE = re.compile(r'<span class="isf-badge isf-kind-([\w-]+)"(?: title="([^"]*)")?>([^<]*)</span>')


@pytest.fixture(scope="module")
def page() -> tuple[str, dict[tuple[str | None, str | None], str]]:
    old, new = gold_document(OLD_ID), gold_document(NEW_ID)
    alignment = align_pair(old, new, Overrides())
    entries = build_entries(old, new, alignment.pairs)
    markdown = render_changes(old, new, entries).markdown
    blocks = markdown.split('<div class="isf-change"')[1:]
    assert len(blocks) == len(entries)
    return markdown, {(e.pair.old, e.pair.new): b for e, b in zip(entries, blocks, strict=True)}


def badges(block: str) -> list[tuple[str, str, str]]:
    """(kind class, tooltip, label) of every badge of an entry; tooltips with their character references."""
    return [(k, t.replace("&#46;", "."), label) for k, t, label in BADGE_RE.findall(block.split("\n\n", 3)[2])]


def data_kinds(block: str) -> list[str]:
    return re.match(r' data-kinds="([^"]*)"', block).group(1).split()


def test_a_section_that_moved_with_its_chapter_says_so(page) -> None:
    _, blocks = page
    block = blocks[("3.3", "4.3")]
    assert data_kinds(block) == ["substantive", "renumbered"]
    assert badges(block) == [("substantive", "", "innholdsendring"),
                             ("renumbered", "kapittel 3 → 4", "omnummerert (med kapitlet)")]


def test_every_change_of_a_pair_has_its_badge(page) -> None:
    _, blocks = page
    # renumbered with the chapter, a new year in the title and new text, all at once
    assert badges(blocks[("6.4", "7.4")]) == [("substantive", "", "innholdsendring"),
                                              ("retitled", "", "ny tittel (bare årstall)"),
                                              ("renumbered", "kapittel 6 → 7", "omnummerert (med kapitlet)")]
    # LAR and ACT-team changed places: both moved
    assert badges(blocks[("4.4", "5.3")])[:3] == [("substantive", "", "innholdsendring"),
                                                  ("moved", "ny plass i rekkefølgen", "flyttet"),
                                                  ("retitled", "", "ny tittel")]
    assert ("moved", "ny plass i rekkefølgen", "flyttet") in badges(blocks[("4.3", "5.4")])
    assert badges(blocks[("3.4", "4.5")]) == [("editorial", "", "redaksjonell"), ("retitled", "", "ny tittel"),
                                              ("renumbered", "3.4 → 4.5", "omnummerert")]
    assert badges(blocks[("3", "4")]) == [("renumbered", "3 → 4", "omnummerert")]
    assert badges(blocks[(None, "6.14")]) == [("added", "", "ny")]
    assert badges(blocks[("8.9", None)]) == [("removed", "", "fjernet")]
    for key, block in blocks.items():
        assert [k for k, _t, _label in badges(block)] == data_kinds(block), key


def test_the_filter_buttons_count_entries_by_any_of_their_changes(page) -> None:
    markdown, blocks = page
    buttons = dict(re.findall(r'<button type="button" data-kind="([\w-]+)" aria-pressed="\w+">[^(]*\((\d+)\)', markdown))
    assert buttons.pop("alle") == str(len(blocks))
    counts: dict[str, int] = {}
    for block in blocks.values():
        for kind in set(data_kinds(block)):
            counts[kind] = counts.get(kind, 0) + 1
    assert {k: int(v) for k, v in buttons.items()} == counts
    # as many entries under "omnummerert" and "flyttet" as our hand-made alignment has renumbered and
    # moved pairs: the subsections that moved with their chapters are among them
    gold = yaml.safe_load((Path(__file__).parent / "gold_alignment" / "isf-2024--isf-2025-grunnlagsdokument.yaml")
                          .read_text(encoding="utf-8"))["pairs"]
    assert counts["renumbered"] == sum("renumbered" in g["changes"] for g in gold)
    assert counts["moved"] == sum("moved" in g["changes"] for g in gold)
