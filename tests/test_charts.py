"""The build-time SVG step charts of parameter values (tracker.site.charts)."""

from __future__ import annotations

import datetime as dt
import re

from tracker.site.charts import describe, nice_step, step_chart

D = dt.date


def test_a_step_chart_is_an_accessible_inline_svg() -> None:
    svg = step_chart([(D(2024, 1, 1), 40), (D(2025, 1, 1), 30)], "percent", chart_id="c", title="ISF-andel somatikk")
    assert svg.startswith('<svg class="isf-chart" role="img" aria-labelledby="c-tittel c-beskrivelse"')
    assert '<title id="c-tittel">ISF-andel somatikk</title>' in svg
    assert '<desc id="c-beskrivelse">Fra 2024: 40\u00a0%. Fra 2025: 30\u00a0%.</desc>' in svg
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "40\u00a0%" in labels and "30\u00a0%" in labels  # the values, Norwegian-formatted
    assert {"0\u00a0%", "20\u00a0%", "40\u00a0%"} <= set(labels)  # the axis starts at zero
    assert {"2024", "2025"} <= set(labels)  # years are not grouped like numbers
    assert "currentColor" in svg and not re.search(r'(fill|stroke)="#', svg)  # follows the theme
    assert "font-family" not in svg  # the page's font: nothing to measure or embed
    # one step down: the line is drawn at 40 %, then at 30 %
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    assert path.count("V") == 1 and path.count("H") == 2


def test_a_value_not_stated_as_a_number_leaves_a_gap() -> None:
    svg = step_chart([(D(2023, 1, 1), 10), (D(2024, 1, 1), None), (D(2025, 1, 1), 12)], "NOK",
                     chart_id="g", title="t")
    assert len(re.findall(r"<path ", svg)) == 2
    assert "Fra 2024: ikke oppgitt som tall." in svg
    assert step_chart([(D(2024, 1, 1), None)], "percent", chart_id="n", title="t") == ""


def test_amounts_dates_and_rounding() -> None:
    svg = step_chart([(D(2026, 1, 1), 55704)], "NOK", chart_id="e", title="Enhetspris & <b>")
    assert "55\u00a0704\u00a0kr" in svg and "60\u00a0000\u00a0kr" in svg
    assert "Enhetspris &amp; &lt;b&gt;" in svg  # text is escaped
    assert describe([(D(2026, 8, 1), 17)], "years") == "Fra 1. august 2026: 17\u00a0år."
    assert nice_step(61274) == 20000 and nice_step(44) == 20 and nice_step(0) == 1


def test_the_chart_is_the_same_bytes_every_time() -> None:
    points = [(D(2024, 1, 1), 25.5), (D(2026, 8, 1), 31)]
    assert step_chart(points, "percent", chart_id="x", title="t") == step_chart(points, "percent", chart_id="x",
                                                                                 title="t")
