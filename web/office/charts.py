"""Charts drawn by the server as inline SVG: no script, no library, nothing from a CDN. Each chart
is an image with a name (its <title>) and a description saying that the table beside it holds the
same numbers, which is the text alternative for screen readers."""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

COLOURS = ("#0b4a84", "#a34700", "#2e6b30")  # ≥ 3:1 against white (WCAG 1.4.11, graphics)
LABEL_W, BAR_W, VALUE_W = 170, 420, 70
BAR_H, GAP, TOP = 16, 12, 8


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def bar_chart(
    uid: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str] = (),
    *,
    scale_max: float | None = None,
) -> SafeString:
    """Horizontal bars: one group per row, one bar per series (a legend when there are several).
    `uid` makes the ids of the title and description unique in the page."""
    n = max(1, len(series))
    legend_h = 24 if len(series) > 1 and rows else 0
    group_h = n * BAR_H + GAP
    height = TOP + legend_h + max(1, len(rows)) * group_h
    width = LABEL_W + BAR_W + VALUE_W
    top = max([v for _, values in rows for v in values] + [scale_max or 0]) or 1
    parts: list[SafeString] = []
    for i, name in enumerate(series if legend_h else ()):
        x = LABEL_W + i * 150
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"></rect><text x="{}" y="{}">{}</text>',
                x,
                TOP,
                COLOURS[i % len(COLOURS)],
                x + 18,
                TOP + 11,
                name,
            )
        )
    for r, (label, values) in enumerate(rows):
        y = TOP + legend_h + r * group_h
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}</text>', LABEL_W - 8, y + n * BAR_H / 2 + 5, label
            )
        )
        for i, value in enumerate(values):
            w = round(BAR_W * value / top, 1)
            by = y + i * BAR_H
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}">{}</text>',
                    LABEL_W,
                    by + 1,
                    w,
                    BAR_H - 2,
                    COLOURS[i % len(COLOURS)],
                    LABEL_W + w + 6,
                    by + BAR_H - 3,
                    _number(value),
                )
            )
    if not rows:
        parts.append(format_html('<text x="{}" y="{}">{}</text>', LABEL_W, TOP + BAR_H, _("暂无数据")))
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=uid,
        title=title,
        desc=_("图表数据见下方表格。"),
        body=format_html_join("", "{}", ((p,) for p in parts)),
    )
