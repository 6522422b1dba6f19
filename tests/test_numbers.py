"""Norwegian number, amount, date and unit formatting (tracker.site.numbers)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tracker.site.numbers import NBSP, format_date, format_number, format_value, unit_label


def test_the_no_break_space_is_u00a0() -> None:
    assert NBSP == "\u00a0"
    assert format_number(55704) == "55\u00a0704"
    assert " " not in format_number(55704)  # never an ordinary space: "55" and "704" must not part


@pytest.mark.parametrize(("x", "expected"), [
    (0, "0"),
    (7, "7"),
    (999, "999"),
    (3954, "3\u00a0954"),
    (55704, "55\u00a0704"),
    (1000000, "1\u00a0000\u00a0000"),
    (0.5, "0,5"),
    (1234.5, "1\u00a0234,5"),
    (2.0, "2"),  # no trailing ",0"
    (30.0, "30"),
    (0.1 + 0.2, "0,3"),  # float noise is not shown
    (12345678.25, "12\u00a0345\u00a0678,25"),
    (Decimal("12.50"), "12,5"),
    (-3, "\u22123"),  # a real minus sign
    (-1234.5, "\u22121\u00a0234,5"),
    (-0.0, "0"),
])
def test_format_number(x: int | float | Decimal, expected: str) -> None:
    assert format_number(x) == expected


@pytest.mark.parametrize("bad", [True, "12", None, float("nan"), float("inf")])
def test_format_number_rejects_what_is_not_a_finite_number(bad: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        format_number(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (55704, "NOK", "55\u00a0704\u00a0kr"),
    (3954, "NOK", "3\u00a0954\u00a0kr"),
    (30, "percent", "30\u00a0%"),
    (0.5, "percent", "0,5\u00a0%"),
    (18, "years", "18\u00a0år"),
    ([16, 17], "years", "16 og 17\u00a0år"),
    (3, "days", "3\u00a0dager"),
    (1, "days", "1\u00a0dag"),
    (dt.date(2025, 1, 1), "date", "1. januar 2025"),
    (dt.date(2024, 12, 31), "date", "31. desember 2024"),
    ("2026-08-01", "date", "1. august 2026"),
    ("A0099", "code", "A0099"),
    ("0099", "code", "0099"),  # codes verbatim, never read as numbers
    (True, "flag", "ja"),
    (False, "flag", "nei"),
    (None, "percent", "ikke oppgitt som tall"),
    (None, "NOK", "ikke oppgitt som tall"),
    ([{"a": 1}, {"a": 2}], "table", "tabell med 2 rader"),
])
def test_format_value(value: object, unit: str, expected: str) -> None:
    assert format_value(value, unit) == expected


def test_format_value_reads_the_same_with_spaces_collapsed() -> None:
    # What a reader sees once the browser has laid the no-break spaces out.
    assert " ".join(format_value(55704, "NOK").split()) == "55 704 kr"
    assert " ".join(format_value(30, "percent").split()) == "30 %"


def test_format_date_names_every_month_in_norwegian() -> None:
    months = [format_date(dt.date(2025, m, 1)).split()[1] for m in range(1, 13)]
    assert months == ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
                      "oktober", "november", "desember"]


def test_unit_label() -> None:
    assert unit_label("NOK") == "kroner"
    assert unit_label("percent") == "prosent"
    assert unit_label("years") == "år"
    assert unit_label("days") == "dager"
    assert unit_label("date") == "dato"
    assert unit_label("table") == "tabell"
    assert unit_label("furlongs") == "furlongs"
