"""Server-side SVG charts for the dashboard (no JavaScript, no CDN)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#1d4ed8", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#be185d", "#4b5563"]


def bar_chart(series, width=640, height=220, label=""):
    """series: [(label, value)] -> vertical bars with value labels."""
    if not series:
        return ""
    pad_left, pad_bottom, pad_top = 36, 28, 16
    top = max(v for _l, v in series) or 1
    inner_w, inner_h = width - pad_left - 8, height - pad_bottom - pad_top
    step = inner_w / len(series)
    bar_w = max(step * 0.7, 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" class="chart">',
        f'<line x1="{pad_left}" y1="{pad_top + inner_h}" x2="{width - 8}" y2="{pad_top + inner_h}" stroke="#999"/>',
    ]
    for i, (name, value) in enumerate(series):
        h = inner_h * value / top
        x = pad_left + i * step + (step - bar_w) / 2
        y = pad_top + inner_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{PALETTE[0]}">'
            f"<title>{escape(name)}: {value}</title></rect>"
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">{value}</text>'
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - 10}" font-size="10" text-anchor="middle">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(labels, lines, width=640, height=240, label=""):
    """lines: [(name, [values])] -> one polyline per series with a legend."""
    if not labels or not lines:
        return ""
    pad_left, pad_bottom, pad_top, legend_w = 36, 28, 12, 150
    top = max((max(vals) if vals else 0) for _n, vals in lines) or 1
    inner_w, inner_h = width - pad_left - legend_w, height - pad_bottom - pad_top
    step = inner_w / max(len(labels) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" class="chart">',
        f'<line x1="{pad_left}" y1="{pad_top + inner_h}" x2="{pad_left + inner_w}" y2="{pad_top + inner_h}" stroke="#999"/>',
        f'<text x="4" y="{pad_top + 8}" font-size="10">{top}</text>',
    ]
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
