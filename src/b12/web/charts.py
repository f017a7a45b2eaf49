"""Charts as inline SVG, drawn on the server: no chart library, no script, nothing remote.

Each chart is a ``<svg role="img">`` with a title and description for screen readers, and
the numbers it shows are also in a table on the same page. Text is escaped; every number
is formatted here, so templates only place the markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from b12.core.intake import IntakeReport
from b12.core.timeline import TimelineRow

WIDTH = 720
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 30, 36
LOW_POWER = -1  # the B12 chart's log scale starts at 0.1 µg


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _fmt(value: float) -> str:
    if value < 1:
        return f"{value:.2g}"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value``."""
    if value <= 0:
        return 1.0
    step = 10 ** len(str(int(value))) / 10 if value >= 1 else 0.1
    for m in (1, 2, 2.5, 5, 10):
        if m * step >= value:
            return m * step
    return value


def _svg(height: int, title: str, desc: str, body: list[str], ident: str) -> Markup:
    head = (
        f'<svg class="chart" id="{ident}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _log_axis(height: int, top_power: int, unit: str) -> list[str]:
    base = height - BOTTOM
    out = [f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}"/>']
    steps = top_power - LOW_POWER
    for k in range(steps + 1):
        v = 10.0 ** (LOW_POWER + k)
        y = base - (base - TOP) * k / steps
        out.append(
            f'<text x="{LEFT - 4}" y="{_n(y + 4)}" text-anchor="end">{escape(_fmt(v))}</text>'
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_n(y)}" y2="{_n(y)}"/>'
        )
    out.append(f'<text x="4" y="{TOP - 12}">{escape(unit)}</text>')
    return out


@dataclass(frozen=True, slots=True)
class _Day:
    label: str
    iso: str
    eaten: float | None
    absorbed: tuple[float, float, float] | None


def b12_chart(report: IntakeReport) -> Markup:
    """B12 eaten and likely absorbed per day (range as an error bar), with the target."""
    days = [
        _Day(
            d.day.strftime("%d %b"),
            d.day.isoformat(),
            d.figures.b12.eaten.oral_ug if d.logged else None,
            (
                d.figures.b12.absorbed.central,
                d.figures.b12.absorbed.low,
                d.figures.b12.absorbed.high,
            )
            if d.logged
            else None,
        )
        for d in report.days
    ]
    target = report.days[0].figures.b12.target_ug if report.days else None
    peak = max(
        [target or 0.0]
        + [d.eaten or 0.0 for d in days]
        + [d.absorbed[2] if d.absorbed else 0.0 for d in days]
    )
    # A log scale: a 1000 µg tablet, the 1-2 µg absorbed from it and a 2.4 µg target
    # must all be visible on one chart.
    top_power = max(1, math.ceil(math.log10(max(peak, 1.0)) + 1e-9))
    height = 280
    base = height - BOTTOM
    span = base - TOP
    slot = (WIDTH - LEFT - RIGHT) / max(len(days), 1)
    bar = max(min(slot * 0.35, 28), 3)
    body = _log_axis(height, top_power, "µg B12 a day (log scale)")

    def y(v: float) -> float:
        level = math.log10(max(v, 10.0**LOW_POWER)) - LOW_POWER
        return base - span * min(level / (top_power - LOW_POWER), 1.0)

    for i, d in enumerate(days):
        x0 = LEFT + slot * i + slot / 2
        label_every = max(1, len(days) // 10)
        if i % label_every == 0:
            body.append(
                f'<text x="{_n(x0)}" y="{height - 18}" text-anchor="middle">'
                f"{escape(d.label)}</text>"
            )
        if d.eaten is None or d.absorbed is None:
            continue
        central, low, high = d.absorbed
        body.append(
            f'<g class="day" data-date="{d.iso}" data-eaten="{d.eaten:.3f}" '
            f'data-absorbed="{central:.3f}">'
            f'<rect class="eaten" x="{_n(x0 - bar)}" y="{_n(y(d.eaten))}" width="{_n(bar)}" '
            f'height="{_n(base - y(d.eaten))}"><title>{d.iso}: eaten {_fmt(d.eaten)} µg'
            f"</title></rect>"
            f'<rect class="absorbed" x="{_n(x0)}" y="{_n(y(central))}" width="{_n(bar)}" '
            f'height="{_n(base - y(central))}"><title>{d.iso}: absorbed {_fmt(central)} µg '
            f"({_fmt(low)}–{_fmt(high)})</title></rect>"
            f'<line class="range" x1="{_n(x0 + bar / 2)}" x2="{_n(x0 + bar / 2)}" '
            f'y1="{_n(y(low))}" y2="{_n(y(high))}"/>'
            f'<text class="value" x="{_n(x0 - bar / 2)}" y="{_n(y(d.eaten) - 3)}" '
            f'text-anchor="middle">{escape(_fmt(d.eaten))}</text></g>'
        )
    if target:
        body.append(
            f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_n(y(target))}" '
            f'y2="{_n(y(target))}"/><text x="{LEFT + 4}" y="{_n(y(target) - 4)}">'
            f"target {_fmt(target)} µg eaten</text>"
        )
    logged = sum(1 for d in days if d.eaten is not None)
    return _svg(
        height,
        "B12 eaten and likely absorbed per day",
        f"{logged} logged day(s) of {len(days)}; the dashed line is the target of "
        f"{_fmt(target) if target else 'unknown'} µg eaten a day.",
        body,
        "b12-chart",
    )


def percent_chart(report: IntakeReport) -> Markup:
    """Average minerals and fluids as a percentage of their targets."""
    avg = report.average
    rows: list[tuple[str, float]] = []
    if avg is not None:
        for name, amount in avg.minerals.items():
            if amount.percent_of_target is not None:
                rows.append((name, amount.percent_of_target))
        if avg.fluids.percent_of_target is not None:
            rows.append(("fluids", avg.fluids.percent_of_target))
    row_h = 26
    height = TOP + BOTTOM + row_h * max(len(rows), 1)
    left = 110
    top = max(150.0, _nice_max(max((p for _, p in rows), default=100.0)))
    scale = (WIDTH - left - RIGHT - 40) / top
    body: list[str] = []
    for i, (name, pct) in enumerate(rows):
        yy = TOP + row_h * i
        cls = "pct" if pct >= 100 else "pct low"
        body.append(
            f'<g data-nutrient="{escape(name)}"><text x="{left - 6}" y="{yy + 16}" '
            f'text-anchor="end">{escape(name)}</text>'
            f'<rect class="{cls}" x="{left}" y="{yy + 4}" width="{_n(scale * min(pct, top))}" '
            f'height="{row_h - 8}"/><text x="{_n(left + scale * min(pct, top) + 4)}" '
            f'y="{yy + 16}">{pct:.0f}%</text></g>'
        )
    if not rows:
        body.append(
            f'<text x="{left}" y="{TOP + 16}">No targets to compare with: give sex in the '
            "profile (mineral and water targets depend on it).</text>"
        )
    x100 = left + scale * 100
    body.append(
        f'<line class="target" x1="{_n(x100)}" x2="{_n(x100)}" y1="{TOP}" '
        f'y2="{height - BOTTOM + 4}"/><text x="{_n(x100)}" y="{height - 12}" '
        'text-anchor="middle">100% of target</text>'
    )
    return _svg(
        height,
        "Minerals and fluids as a percentage of target (average per logged day)",
        "; ".join(f"{n} {p:.0f}%" for n, p in rows) or "nothing logged",
        body,
        "percent-chart",
    )


def timeline_chart(rows: Sequence[TimelineRow]) -> Markup:
    """Per day: cramps and symptoms (counts), B12 eaten, fluids and labs, each in a lane."""
    lanes = (
        ("cramps", "cramp", [float(r.cramps.count) for r in rows], "cramps"),
        ("symptoms", "symptom", [float(len(r.symptoms)) for r in rows], "symptoms"),
        ("B12 eaten µg", "eaten", [r.b12_eaten_ug or 0.0 for r in rows], "µg"),
        ("fluids L", "fluid", [r.fluids_l or 0.0 for r in rows], "L"),
        ("lab results", "lab", [float(len(r.labs)) for r in rows], "labs"),
    )
    lane_h = 56
    height = TOP + BOTTOM + lane_h * len(lanes)
    left = 110
    slot = (WIDTH - left - RIGHT) / max(len(rows), 1)
    bar = max(min(slot * 0.6, 30), 2)
    body: list[str] = []
    for k, (title, cls, values, _unit) in enumerate(lanes):
        base = TOP + lane_h * (k + 1) - 8
        peak = max(values, default=0.0) or 1.0
        body.append(
            f'<text x="{left - 6}" y="{base - 20}" text-anchor="end">{escape(title)}</text>'
            f'<line class="axis" x1="{left}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}"/>'
        )
        for i, (row, v) in enumerate(zip(rows, values, strict=True)):
            if v <= 0:
                continue
            h = (lane_h - 22) * v / peak
            x = left + slot * i + (slot - bar) / 2
            body.append(
                f'<rect class="{cls}" data-date="{row.day.isoformat()}" x="{_n(x)}" '
                f'y="{_n(base - h)}" width="{_n(bar)}" height="{_n(h)}">'
                f"<title>{row.day.isoformat()}: {escape(_fmt(v))} {escape(title)}</title></rect>"
            )
    every = max(1, len(rows) // 10)
    for i, row in enumerate(rows):
        if i % every == 0:
            x = left + slot * i + slot / 2
            body.append(
                f'<text x="{_n(x)}" y="{height - 14}" text-anchor="middle">'
                f"{row.day.strftime('%d %b')}</text>"
            )
    return _svg(
        height,
        "Cramps, B12 eaten and fluids per day",
        f"{sum(r.cramps.count for r in rows)} cramp(s) over {len(rows)} day(s).",
        body,
        "timeline-chart",
    )
