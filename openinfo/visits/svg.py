"""Server-side SVG charts for the dashboard (no JavaScript, no CDN). Every chart has a scale;
labels wrap instead of being cut; a partial (current) period is drawn hatched and marked '*'."""

import textwrap

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#1d4ed8", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#be185d", "#4b5563"]
HATCH = (
    '<defs><pattern id="partial-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#bfd0f5"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#1d4ed8" stroke-width="3"/></pattern></defs>'
)


def nice_top(value):
    """The smallest 1/2/5 x 10^n at or above value (so scale ticks are round numbers)."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _ticks(top, count=4):
    return (
        [round(top * i / count) for i in range(count + 1)] if top >= count else list(range(top + 1))
    )


def _open(width, height, label):
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" class="chart" font-family="sans-serif">'
    ]


def _y_scale(parts, top, x0, x1, y_top, inner_h):
    for tick in _ticks(top):
        y = y_top + inner_h - inner_h * tick / top
        parts.append(
            f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" stroke="#e5e7eb"/>'
            f'<text x="{x0 - 4}" y="{y + 3:.1f}" font-size="10" text-anchor="end">{tick}</text>'
        )


def bar_chart(series, width=640, height=230, label="", partial_last=False, partial_note=""):
    """series: [(label, value)] -> vertical bars with a y scale and value labels."""
    if not series:
        return ""
    pad_left, pad_bottom, pad_top = 44, 30, 16
    top = nice_top(max(v for _l, v in series))
    inner_w, inner_h = width - pad_left - 8, height - pad_bottom - pad_top
    step = inner_w / len(series)
    bar_w = max(step * 0.7, 2)
    parts = _open(width, height, label)
    if partial_last:
        parts.append(HATCH)
    _y_scale(parts, top, pad_left, width - 8, pad_top, inner_h)
    parts.append(
        f'<line x1="{pad_left}" y1="{pad_top + inner_h}" x2="{width - 8}" y2="{pad_top + inner_h}" stroke="#999"/>'
    )
    for i, (name, value) in enumerate(series):
        partial = partial_last and i == len(series) - 1
        h = inner_h * value / top
        x = pad_left + i * step + (step - bar_w) / 2
        y = pad_top + inner_h - h
        fill = "url(#partial-hatch)" if partial else PALETTE[0]
        marker = ' data-partial="true"' if partial else ""
        title = f"{name}: {value}" + (f" ({partial_note})" if partial and partial_note else "")
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{fill}"'
            f"{marker}><title>{escape(title)}</title></rect>"
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">{value}</text>'
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - 12}" font-size="10" text-anchor="middle">'
            f"{escape(name)}{'*' if partial else ''}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def hbar_chart(series, width=640, label="", wrap=28):
    """series: [(label, value)] -> horizontal bars; long labels wrap onto two lines (never cut:
    the full label is also the bar's title) and an x scale runs along the bottom."""
    if not series:
        return ""
    label_w, row_h, pad_top, pad_bottom = 210, 34, 8, 26
    height = pad_top + row_h * len(series) + pad_bottom
    top = nice_top(max(v for _l, v in series))
    inner_w = width - label_w - 40
    parts = _open(width, height, label)
    axis_y = pad_top + row_h * len(series)
    for tick in _ticks(top):
        x = label_w + inner_w * tick / top
        parts.append(
            f'<line x1="{x:.1f}" y1="{pad_top}" x2="{x:.1f}" y2="{axis_y}" stroke="#e5e7eb"/>'
            f'<text x="{x:.1f}" y="{axis_y + 14}" font-size="10" text-anchor="middle">{tick}</text>'
        )
    for i, (name, value) in enumerate(series):
        y = pad_top + i * row_h
        lines = textwrap.wrap(str(name), wrap)[:2] or [""]
        if len(textwrap.wrap(str(name), wrap)) > 2:
            lines[1] = lines[1][: wrap - 1] + "…"
        first = y + row_h / 2 - (len(lines) - 1) * 6 + 4
        spans = "".join(
            f'<tspan x="{label_w - 6}" y="{first + n * 12:.1f}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(f'<text font-size="11" text-anchor="end">{spans}</text>')
        w = inner_w * value / top
        parts.append(
            f'<rect x="{label_w}" y="{y + 7}" width="{w:.1f}" height="{row_h - 14}" fill="{PALETTE[0]}">'
            f"<title>{escape(name)}: {value}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + row_h / 2 + 4:.1f}" font-size="10">{value}</text>'
        )
    parts.append(
        f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + inner_w}" y2="{axis_y}" stroke="#999"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(labels, lines, width=640, height=240, label=""):
    """lines: [(name, [values])] -> one polyline per series with a y scale and a legend."""
    if not labels or not lines:
        return ""
    pad_left, pad_bottom, pad_top, legend_w = 44, 28, 12, 150
    top = nice_top(max((max(vals) if vals else 0) for _n, vals in lines))
    inner_w, inner_h = width - pad_left - legend_w, height - pad_bottom - pad_top
    step = inner_w / max(len(labels) - 1, 1)
    parts = _open(width, height, label)
    _y_scale(parts, top, pad_left, pad_left + inner_w, pad_top, inner_h)
    parts.append(
        f'<line x1="{pad_left}" y1="{pad_top + inner_h}" x2="{pad_left + inner_w}" y2="{pad_top + inner_h}" stroke="#999"/>'
    )
    for i, name in enumerate(labels):
        parts.append(
            f'<text x="{pad_left + i * step:.1f}" y="{height - 10}" font-size="10" text-anchor="middle">'
            f"{escape(name)}</text>"
        )
    for n, (name, values) in enumerate(lines):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(
            f"{pad_left + i * step:.1f},{pad_top + inner_h - inner_h * v / top:.1f}"
            for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}">'
            f"<title>{escape(name)}</title></polyline>"
        )
        y = pad_top + 12 + n * 14
        parts.append(
            f'<rect x="{width - legend_w + 8}" y="{y - 8}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{width - legend_w + 22}" y="{y}" font-size="10">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
