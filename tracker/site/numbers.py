"""Numbers, amounts, dates and units as a Norwegian reader writes them: the one home of that formatting.

* :func:`format_number`: ``55704`` → ``"55 704"``, ``0.5`` → ``"0,5"``, ``1234.5`` → ``"1 234,5"``; digits
  are grouped by three with a no-break space (U+00A0), the decimal sign is a comma, a whole float has
  no ``",0"``, and a negative number has a real minus sign (U+2212).
* :func:`format_value`: a parameter value in its unit (``"55 704 kr"``, ``"30 %"``, ``"18 år"``,
  ``"3 dager"``, ``"1. januar 2025"``, codes verbatim, ``"ja"``/``"nei"``); the space between a number
  and its unit is also a no-break space, so the two never part at a line end. A value the documents
  state only as "uendret" (None) reads ``"ikke oppgitt som tall"``.
* :func:`unit_label`: the Norwegian name of a unit (``"kroner"``, ``"prosent"``, …).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

NBSP = "\u00a0"
MINUS = "\u2212"
NOT_A_NUMBER = "ikke oppgitt som tall"

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")

UNIT_LABELS = {
    "percent": "prosent",
    "NOK": "kroner",
    "years": "år",
    "days": "dager",
    "date": "dato",
    "code": "kode",
    "table": "tabell",
    "flag": "ja eller nei",
    "function": "regel",
}

# Units whose values are plain numbers: the ones a history table and a chart make sense for.
NUMERIC_UNITS = frozenset({"percent", "NOK", "years", "days"})


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    return NBSP.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def format_number(x: int | float | Decimal) -> str:
    """A number in Norwegian notation: ``"55 704"``, ``"0,5"``, ``"1 234,5"``, ``"−3"``."""
    if isinstance(x, bool) or not isinstance(x, int | float | Decimal):
        raise TypeError(f"format_number needs a number, not {type(x).__name__} ({x!r})")
    if isinstance(x, float) and not math.isfinite(x):
        raise ValueError(f"format_number needs a finite number, not {x!r}")
    if isinstance(x, int):
        text = str(abs(x))
    else:
        # At most ten decimals, without trailing zeros: 0.1 + 0.2 is "0,3", 2.0 is "2".
        exact = Decimal(repr(x)) if isinstance(x, float) else x  # repr: the shortest form that reads back
        text = f"{abs(exact):.10f}".rstrip("0").rstrip(".")
    whole, _, fraction = text.partition(".")
    out = _group(whole) + (f",{fraction}" if fraction else "")
    negative = x < 0 and out.strip("0,") != ""
    return f"{MINUS}{out}" if negative else out


def format_date(day: dt.date | str) -> str:
    """``"1. januar 2025"`` (an ISO string is read first)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _join(items: list[str]) -> str:
    """"a", "a og b", "a, b og c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def format_value(value: Any, unit: str) -> str:
    """A parameter value in its unit, as a Norwegian reader writes it (plain text, not escaped)."""
    if value is None:
        return NOT_A_NUMBER
    if isinstance(value, list | tuple) and unit != "table":
        if not value:
            return "ingen"
        if unit in NUMERIC_UNITS and all(_is_number(v) for v in value):
            # "16 og 17 år": the unit once, after the last number.
            return _join([format_number(v) for v in value[:-1]] + [format_value(value[-1], unit)])
        return _join([format_value(v, unit) for v in value])
    if unit == "flag" or isinstance(value, bool):
        return "ja" if value else "nei"
    if unit == "date" or isinstance(value, dt.date):
        try:
            return format_date(value)
        except (TypeError, ValueError):
            return str(value)
    if unit == "code":
        return str(value)
    if unit == "table":
        rows = len(value) if isinstance(value, list | tuple) else 0
        return f"tabell med {rows} rad{'er' if rows != 1 else ''}"
    if not _is_number(value):
        return str(value)
    number = format_number(value)
    if unit == "NOK":
        return f"{number}{NBSP}kr"
    if unit == "percent":
        return f"{number}{NBSP}%"
    if unit == "years":
        return f"{number}{NBSP}år"
    if unit == "days":
        return f"{number}{NBSP}{'dag' if value == 1 else 'dager'}"
    return number


def unit_label(unit: str) -> str:
    """The Norwegian name of a parameter's unit ("kroner", "prosent", …; an unknown unit as it is)."""
    return UNIT_LABELS.get(unit, unit)
