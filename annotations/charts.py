"""Server-side SVG charts of the agreement pages: no script, no CDN, readable without colour.

Every value is also written as text in the chart (and the pages give the same figures in
tables), shades only repeat what the text says. Markup is built with format_html, so names
from the database are escaped.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

ROW = 28
LABEL_WIDTH = 190
PLOT_WIDTH = 360
VALUE_WIDTH = 170


@dataclass(frozen=True)
class Bar:
    name: str
    value: float | None
    interval: tuple[float, float] | None = None
    note: str = ""


def _x(value: float) -> float:
    """Position of a coefficient in [-1, 1] on the plot."""
    clipped = max(-1.0, min(1.0, value))
    return LABEL_WIDTH + (clipped + 1) / 2 * PLOT_WIDTH


def _f(value: float) -> str:
    # format_html escapes its arguments to strings first, so numbers are formatted here.
    return f"{value:.1f}"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".replace("-", "−")


def interval_chart(bars: Sequence[Bar], *, title: str, undefined: str) -> SafeString:
    """Horizontal bars from 0 to each value on a −1 … 1 axis, with the 95 % interval."""
    height = ROW * len(bars) + 40
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    zero = _x(0)
    parts = []
    for i, bar in enumerate(bars):
        y = 10 + i * ROW
        middle = y + ROW / 2
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-name">{}</text>',
                LABEL_WIDTH - 8,
                middle + 4,
                bar.name,
            )
        )
        if bar.value is None:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="chart-value">{}</text>',
                    zero + 6,
                    middle + 4,
                    undefined,
                )
            )
            continue
        left, right = sorted((zero, _x(bar.value)))
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"/>',
                _f(left),
                y + 6,
                _f(max(right - left, 1)),
                ROW - 12,
            )
        )
        if bar.interval is not None:
            low, high = (_x(v) for v in bar.interval)
            parts.append(
                format_html(
                    '<path d="M{} {}H{}M{} {}V{}M{} {}V{}" class="chart-interval"/>',
                    _f(low),
                    _f(middle),
                    _f(high),
                    _f(low),
                    _f(middle - 6),
                    _f(middle + 6),
                    _f(high),
                    _f(middle - 6),
                    _f(middle + 6),
                )
            )
        text = _number(bar.value)
        if bar.interval is not None:
            text += f" [{_number(bar.interval[0])}, {_number(bar.interval[1])}]"
        if bar.note:
            text += f" · {bar.note}"
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                LABEL_WIDTH + PLOT_WIDTH + 8,
                middle + 4,
                text,
            )
        )
    axis_y = 10 + ROW * len(bars)
    ticks = format_html_join(
        "",
        '<path d="M{0} 10V{1}" class="chart-grid"/>'
        '<text x="{0}" y="{2}" text-anchor="middle" class="chart-tick">{3}</text>',
        ((_f(_x(t)), axis_y, axis_y + 16, _number(t)) for t in (-1, -0.5, 0, 0.5, 1)),
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" class="chart">'
        "<title>{}</title>{}{}</svg>",
        width,
        height,
        title,
        title,
        ticks,
        mark_safe("".join(parts)),  # each part is format_html output
    )


def heatmap(
    names: Sequence[str], cells: dict[tuple[int, int], float | None], *, title: str
) -> SafeString:
    """A square of reviewer pairs, κ written in each cell; darker is higher agreement."""
    size = 56
    left = 150
    top = 110
    n = len(names)
    parts = []
    for i, name in enumerate(names):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-name">{}</text>',
                left - 8,
                top + i * size + size / 2 + 4,
                name,
            )
        )
        parts.append(
            format_html(
                '<text transform="translate({} {}) rotate(-45)" class="chart-name">{}</text>',
                left + i * size + size / 2,
                top - 8,
                name,
            )
        )
    for (i, j), value in cells.items():
        shade = 0 if value is None else round(max(0.0, min(1.0, value)) * 4)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="heat heat-{}"/>'
                '<text x="{}" y="{}" text-anchor="middle" class="heat-text heat-text-{}">{}</text>',
                left + j * size,
                top + i * size,
                size - 2,
                size - 2,
                shade,
                left + j * size + size / 2 - 1,
                top + i * size + size / 2 + 4,
                shade,
                _number(value),
            )
        )
    return format_html(
        '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" class="chart heatmap">'
        "<title>{}</title>{}</svg>",
        left + n * size + 20,
        top + n * size + 10,
        title,
        title,
        mark_safe("".join(parts)),  # each part is format_html output
    )
