"""The agreement charts: every figure is written as text, so they read without colour."""

import re

from annotations.charts import Bar, heatmap, interval_chart


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_interval_chart_writes_each_value_and_its_interval_as_text():
    svg = interval_chart(
        [Bar("Meinung <b>", 0.743, (0.5, 0.9), "12 sentences"), Bar("Rahmung", None)],
        title="α",
        undefined="undefined",
    )
    assert "0.74 [0.50, 0.90] · 12 sentences" in texts(svg)
    assert "undefined" in texts(svg)
    assert "Meinung &lt;b&gt;" in texts(svg)  # names from the database are escaped
    assert 'role="img"' in svg and "<title>α</title>" in svg


def test_heatmap_writes_kappa_in_every_cell_and_shades_only_repeat_it():
    svg = heatmap(["rita", "otto"], {(0, 1): 0.4, (1, 0): 0.4}, title="κ")
    assert texts(svg).count("0.40") == 2
    assert "fill=" not in svg  # shades come from classes, the number carries the meaning
    assert 'class="heat heat-2"' in svg
    negative = heatmap(["rita", "otto"], {(0, 1): -0.25, (1, 0): -0.25}, title="κ")
    assert texts(negative).count("−0.25") == 2
