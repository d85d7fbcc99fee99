"""Bar charts drawn on the server as SVG: the same drawing in the informe ejecutivo's PDF
(WeasyPrint draws inline SVG) and on the public pages, where the Content-Security-Policy allows no
inline script nor style, so the chart needs no JavaScript and carries its colours as SVG
presentation attributes. A chart is never the only carrier of its figures: each bar prints its
number, and the page or document prints the same figures in a table under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
LABEL_WIDTH = 190  # the bars' labels, left of the bars
VALUE_WIDTH = 70  # the number printed after the longest bar
BAR_HEIGHT = 22
GAP = 10
TOP = 8
FONT_SIZE = 13


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str  # dark enough for the white page (WCAG 3:1 for graphics)


def bar_chart_svg(bars: Sequence[Bar], *, ident: str, title: str, description: str) -> SafeString:
    """A horizontal bar chart, one bar per item, scaled to the largest value. `ident` makes the
    ids of its title and description unique in the page that holds it."""
    largest = max((bar.value for bar in bars), default=0)
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / largest if largest else 0
    height = TOP * 2 + len(bars) * (BAR_HEIGHT + GAP) - (GAP if bars else 0)
    rows = []
    for index, bar in enumerate(bars):
        y = TOP + index * (BAR_HEIGHT + GAP)
        length = round(bar.value * scale, 1)
        middle = f"{y + BAR_HEIGHT / 2 + FONT_SIZE / 3:.1f}"
        rows.append(
            (
                LABEL_WIDTH - 8,
                middle,
                bar.label,
                LABEL_WIDTH,
                y,
                # A zero still shows where its bar would start.
                max(length, 1),
                BAR_HEIGHT,
                bar.colour,
                f"{LABEL_WIDTH + length + 6:.1f}",
                middle,
                bar.value,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}">{}</text>',
        rows,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" viewBox="0 0 {} {}" width="{}" '
        'height="{}" aria-labelledby="{}-titulo {}-descripcion" font-family="sans-serif" font-size="{}" '
        'fill="#212529"><title id="{}-titulo">{}</title><desc id="{}-descripcion">{}</desc>{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        ident,
        ident,
        FONT_SIZE,
        ident,
        title,
        ident,
        description,
        body,
    )
