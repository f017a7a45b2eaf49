"""Charts as inline SVG, drawn on the server: no chart library, no script, nothing remote.

The web pages and the clinician report (HTML and PDF) place the same charts. Each is a
``<svg role="img">`` with a title and description for screen readers, and the numbers it
shows are also in a table beside it. Colours are presentation attributes inside the SVG
(``PAINT``), not page CSS, so a chart looks the same on screen, in a saved HTML file and in
WeasyPrint's PDF, and each series differs in lightness or dash so it reads in greyscale.
Text is escaped; every number is formatted here, so templates only place the markup.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Literal

from markupsafe import Markup

from b12.core.absorption import Estimate
from b12.core.diary_days import CrampDay
from b12.core.intake import DayIntake, IntakeReport
from b12.core.timeline import TimelineRow

WIDTH = 720
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 30, 36
DAILY_UP_TO = 62  # longer periods are drawn a week to a bar

Per = Literal["day", "week"]

# Fill or stroke per series: light and dark fills, black and dashed lines, so a greyscale
# print still tells eaten from absorbed and the target from the range.
PAINT = {
    "axis": 'stroke="#6b7c90" stroke-width="1"',
    "grid": 'stroke="#e3e8ee" stroke-width="1"',
    "eaten": 'fill="#a9c4e4" stroke="#4f6f96" stroke-width="0.5"',
    "absorbed": 'fill="#1d4e89"',
    "range": 'stroke="#111111" stroke-width="2"',
    "target": 'stroke="#2e7d32" stroke-width="2" stroke-dasharray="6 4" fill="none"',
    "target-absorbed": 'stroke="#0b2545" stroke-width="2" stroke-dasharray="2 3" fill="none"',
    "pct": 'fill="#5b8c5a"',
    "pct low": 'fill="#e8b36a" stroke="#7a4a0c" stroke-width="1"',
    "cramp": 'fill="#b03a2e"',
    "symptom": 'fill="#8e5ba8"',
    "fluid": 'fill="#8fc7de"',
    "lab": 'fill="#555f6b"',
    "trend": 'stroke="#1d4e89" stroke-width="2" fill="none"',
    "point": 'fill="#1d4e89" stroke="#ffffff" stroke-width="1"',
    "limit": 'stroke="#555f6b" stroke-width="1" stroke-dasharray="2 3" fill="none"',
}
_TEXT = 'font-family="DejaVu Sans, system-ui, sans-serif" font-size="12" fill="#1b2733"'


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


def _svg(
    height: int, title: str, desc: str, body: list[str], ident: str, width: int = WIDTH
) -> Markup:
    head = (
        f'<svg class="chart" id="{ident}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        f"<g {_TEXT}>"
    )
    return Markup(head + "".join(body) + "</g></svg>")


def _legend(
    items: Sequence[tuple[str, str]], y: float, x: float = LEFT, width: int = WIDTH
) -> tuple[list[str], int]:
    """Swatches and names inside the chart, so they print with it, in rows 16 units apart
    that fit ``width``; also how many rows that took."""
    out = []
    start, rows = x, 1
    for cls, name in items:
        if x + 20 + 7 * len(name) > width - RIGHT and x > start:
            x, y, rows = start, y + 16, rows + 1
        if cls in ("range", "target", "target-absorbed", "trend", "limit"):
            out.append(
                f'<line class="{cls}" {PAINT[cls]} x1="{_n(x)}" x2="{_n(x + 16)}" '
                f'y1="{_n(y - 4)}" y2="{_n(y - 4)}"/>'
            )
        else:
            out.append(f'<rect {PAINT[cls]} x="{_n(x)}" y="{_n(y - 10)}" width="12" height="12"/>')
        out.append(f'<text x="{_n(x + 20)}" y="{_n(y)}">{escape(name)}</text>')
        x += 34 + 7 * len(name)
    return out, rows


def per_for(days: int) -> Per:
    """Daily bars for up to two months, weekly beyond: a year of days would be hairlines."""
    return "day" if days <= DAILY_UP_TO else "week"


@dataclass(frozen=True, slots=True)
class B12Point:
    """One bar of the B12 chart: a day, or the average logged day of a week."""

    start: date
    eaten: float | None  # by mouth; None when nothing was logged
    absorbed: Estimate | None


def _weeks(days: Sequence[DayIntake]) -> list[list[DayIntake]]:
    groups: list[list[DayIntake]] = []
    for day in days:
        if not groups or (day.day - groups[-1][0].day).days >= 7:
            groups.append([])
        groups[-1].append(day)
    return groups


def b12_points(report: IntakeReport, per: Per = "day") -> list[B12Point]:
    """The chart's bars: per day, or per week as the mean of the week's logged days."""
    if per == "day":
        return [
            B12Point(
                d.day,
                d.figures.b12.eaten.oral_ug if d.logged else None,
                d.figures.b12.absorbed if d.logged else None,
            )
            for d in report.days
        ]
    points = []
    for week in _weeks(report.days):
        logged = [d for d in week if d.logged]
        if not logged:
            points.append(B12Point(week[0].day, None, None))
            continue
        k = len(logged)
        absorbed = [d.figures.b12.absorbed for d in logged]
        points.append(
            B12Point(
                week[0].day,
                sum(d.figures.b12.eaten.oral_ug for d in logged) / k,
                Estimate(
                    sum(a.central for a in absorbed) / k,
                    sum(a.low for a in absorbed) / k,
                    sum(a.high for a in absorbed) / k,
                ),
            )
        )
    return points


BREAK_AT = 4  # bars above this many times the eaten target are drawn broken at the top


def _linear_axis(base: float, top: float, unit: str, width: int = WIDTH) -> list[str]:
    out = [
        f'<line class="axis" {PAINT["axis"]} x1="{LEFT}" y1="{_n(base)}" x2="{width - RIGHT}" '
        f'y2="{_n(base)}"/>',
        f'<text x="4" y="{TOP - 12}">{escape(unit)}</text>',
    ]
    for k in range(5):
        v = top * k / 4
        y = base - (base - TOP) * k / 4
        out.append(
            f'<text x="{LEFT - 4}" y="{_n(y + 4)}" text-anchor="end">{escape(_fmt(v))}</text>'
            f'<line class="grid" {PAINT["grid"]} x1="{LEFT}" x2="{width - RIGHT}" '
            f'y1="{_n(y)}" y2="{_n(y)}"/>'
        )
    return out


def _scale_top(values: Sequence[float], targets: Sequence[float]) -> float:
    """A linear axis that shows the targets and everyday amounts well: values far above
    the eaten target (a 1,000 µg tablet) do not set it, their bars are broken instead."""
    limit = BREAK_AT * max(targets) if targets else math.inf
    shown = [v for v in values if v <= limit]
    return _nice_max(max([*shown, *(t * 1.25 for t in targets), 0.1]))


PHONE_WIDTH, PHONE_DAYS = 360, 7  # a chart drawn at a phone's width: its text stays 12 px


def b12_chart(
    report: IntakeReport,
    per: Per = "day",
    height: int = 300,
    *,
    width: int = WIDTH,
    last: int | None = None,
    ident: str = "b12-chart",
) -> Markup:
    """B12 eaten and likely absorbed per day or week (range as an error bar), each against
    its own target: the reference intake for eaten, its absorbed equivalent for absorbed.
    The scale is linear; a bar too tall for it is cut with a break mark and labelled.
    ``width`` and ``last`` (the latest points only) draw it for a phone's screen."""
    points = b12_points(report, per)[-last:] if last else b12_points(report, per)
    first = report.days[0].figures.b12 if report.days else None
    target = first.target_ug if first else None
    absorbed_target = first.absorbed_target_ug if first else None
    targets = [t for t in (target, absorbed_target) if t]
    values = [p.eaten for p in points if p.eaten is not None]
    values += [p.absorbed.high for p in points if p.absorbed is not None]
    top = _scale_top(values, targets)
    base = height - BOTTOM - 20
    span = base - TOP
    slot = (width - LEFT - RIGHT) / max(len(points), 1)
    bar = max(min(slot * 0.35, 28), 1.5)
    unit = "µg B12 a day" if per == "day" else "µg B12 a day, weekly mean"
    body = _linear_axis(base, top, unit, width)

    def y(v: float) -> float:
        return base - span * min(v / top, 1.0)

    def broken(x: float, v: float) -> str:
        if v <= top:
            return ""
        return (
            f'<path class="break" d="M{_n(x - 1)},{_n(TOP + 12)} l{_n(bar + 2)},-5 '
            f'M{_n(x - 1)},{_n(TOP + 17)} l{_n(bar + 2)},-5" stroke="#ffffff" '
            'stroke-width="2.5" fill="none"/>'
        )

    label_every = max(1, math.ceil(52 / slot))  # a date label needs about 52 units
    for i, p in enumerate(points):
        x0 = LEFT + slot * i + slot / 2
        if i % label_every == 0:
            body.append(
                f'<text x="{_n(x0)}" y="{height - 38}" text-anchor="middle">'
                f"{escape(p.start.strftime('%d %b'))}</text>"
            )
        if p.eaten is None or p.absorbed is None:
            continue
        a = p.absorbed
        iso = p.start.isoformat()
        what = iso if per == "day" else f"week of {iso}"
        value = (
            f'<text class="value" x="{_n(x0 - bar / 2)}" y="{_n(y(p.eaten) - 3)}" '
            f'text-anchor="middle">{escape(_fmt(p.eaten))}</text>'
            if slot >= 40 or p.eaten > top
            else ""
        )
        body.append(
            f'<g class="day" data-date="{iso}" data-eaten="{p.eaten:.3f}" '
            f'data-absorbed="{a.central:.3f}">'
            f'<rect class="eaten" {PAINT["eaten"]} x="{_n(x0 - bar)}" y="{_n(y(p.eaten))}" '
            f'width="{_n(bar)}" height="{_n(base - y(p.eaten))}"><title>{what}: eaten '
            f"{_fmt(p.eaten)} µg</title></rect>{broken(x0 - bar, p.eaten)}"
            f'<rect class="absorbed" {PAINT["absorbed"]} x="{_n(x0)}" y="{_n(y(a.central))}" '
            f'width="{_n(bar)}" height="{_n(base - y(a.central))}"><title>{what}: absorbed '
            f"{_fmt(a.central)} µg ({_fmt(a.low)}–{_fmt(a.high)})</title></rect>"
            f"{broken(x0, a.central)}"
            f'<line class="range" {PAINT["range"]} x1="{_n(x0 + bar / 2)}" '
            f'x2="{_n(x0 + bar / 2)}" y1="{_n(y(a.low))}" y2="{_n(y(a.high))}"/>{value}</g>'
        )
    for cls, amount, words in (
        ("target", target, "eaten target"),
        ("target-absorbed", absorbed_target, "absorbed target"),
    ):
        if amount:
            body.append(
                f'<line class="{cls}" {PAINT[cls]} x1="{LEFT}" x2="{width - RIGHT}" '
                f'y1="{_n(y(amount))}" y2="{_n(y(amount))}"/><text class="{cls}-label" '
                f'x="{LEFT + 4}" y="{_n(y(amount) - 4)}">'
                f"{words} {_fmt(amount)} µg</text>"
            )
    legend, rows = _legend(
        [
            ("eaten", "eaten"),
            ("absorbed", "likely absorbed"),
            ("range", "absorbed range"),
            ("target", "eaten target"),
            ("target-absorbed", "absorbed target"),
        ],
        height - 8,
        width=width,
    )
    body += legend
    height += 16 * (rows - 1)  # the legend's extra rows on a narrow chart
    logged = sum(1 for p in points if p.eaten is not None)
    noun = "day" if per == "day" else "week"
    wanted = f"eaten target {_fmt(target)} µg a day" if target else "no eaten target"
    if absorbed_target:
        wanted += f", absorbed target {_fmt(absorbed_target)} µg"
    return _svg(
        height,
        f"B12 eaten and likely absorbed per {noun}",
        f"{logged} logged {noun}(s) of {len(points)}; {wanted}; bars above "
        f"{_fmt(top)} µg are cut with a break mark.",
        body,
        ident,
        width,
    )


def percent_chart(report: IntakeReport, width: int = WIDTH, ident: str = "percent-chart") -> Markup:
    """Average minerals and fluids as a percentage of their targets; at ``PHONE_WIDTH`` on
    a phone, so its text keeps its size."""
    avg = report.average
    rows: list[tuple[str, float]] = []
    if avg is not None:
        for name, amount in avg.minerals.items():
            if amount.percent_of_target is not None:
                rows.append((name, amount.percent_of_target))
        if avg.fluids.percent_of_target is not None:
            rows.append(("fluids", avg.fluids.percent_of_target))
    row_h = 26
    height = TOP + BOTTOM + row_h * (len(rows) or 2)  # or the two lines saying why not
    left = 110
    top = max(150.0, _nice_max(max((p for _, p in rows), default=100.0)))
    scale = (width - left - RIGHT - 40) / top
    body: list[str] = []
    for i, (name, pct) in enumerate(rows):
        yy = TOP + row_h * i
        cls = "pct" if pct >= 100 else "pct low"
        body.append(
            f'<g data-nutrient="{escape(name)}"><text x="{left - 6}" y="{yy + 16}" '
            f'text-anchor="end">{escape(name)}</text>'
            f'<rect class="{cls}" {PAINT[cls]} x="{left}" y="{yy + 4}" '
            f'width="{_n(scale * min(pct, top))}" height="{row_h - 8}"/>'
            f'<text x="{_n(left + scale * min(pct, top) + 4)}" y="{yy + 16}">{pct:.0f}%'
            f"{' (below)' if pct < 100 else ''}</text></g>"
        )
    if not rows:
        body.append(
            f'<text x="{RIGHT}" y="{TOP + 16}">No targets to compare with: give sex in the</text>'
            f'<text x="{RIGHT}" y="{TOP + 32}">profile (mineral and water targets depend on it).'
            "</text>"
        )
    x100 = left + scale * 100
    body.append(
        f'<line class="target" {PAINT["target"]} x1="{_n(x100)}" x2="{_n(x100)}" y1="{TOP}" '
        f'y2="{height - BOTTOM + 4}"/><text x="{_n(x100)}" y="{height - 12}" '
        'text-anchor="middle">100% of target</text>'
    )
    return _svg(
        height,
        "Minerals and fluids as a percentage of target (average per logged day)",
        "; ".join(f"{n} {p:.0f}%" for n, p in rows) or "nothing logged",
        body,
        ident,
        width,
    )


def weekly_rows(rows: Sequence[TimelineRow]) -> list[TimelineRow]:
    """Timeline rows a week each: cramps, symptoms and labs added up, B12 and fluids as the
    mean of the week's logged days."""
    out: list[TimelineRow] = []
    groups: list[list[TimelineRow]] = []
    for row in rows:
        if not groups or (row.day - groups[-1][0].day) >= timedelta(days=7):
            groups.append([])
        groups[-1].append(row)
    for week in groups:
        eaten = [r.b12_eaten_ug for r in week if r.b12_eaten_ug is not None]
        fluids = [r.fluids_l for r in week if r.fluids_l is not None]
        severities = [r.cramps.max_severity for r in week if r.cramps.max_severity is not None]
        minutes = [r.cramps.minutes for r in week if r.cramps.minutes is not None]
        out.append(
            TimelineRow(
                day=week[0].day,
                cramps=CrampDay(
                    count=sum(r.cramps.count for r in week),
                    max_severity=max(severities) if severities else None,
                    locations=tuple(sorted({loc for r in week for loc in r.cramps.locations})),
                    minutes=sum(minutes) if minutes else None,
                ),
                symptoms=tuple(dict.fromkeys(s for r in week for s in r.symptoms)),
                b12_eaten_ug=sum(eaten) / len(eaten) if eaten else None,
                b12_injected_ug=sum(r.b12_injected_ug for r in week),
                b12_absorbed_ug=None,
                b12_missing_foods=sum(r.b12_missing_foods for r in week),
                fluids_l=sum(fluids) / len(fluids) if fluids else None,
                labs=tuple(lab for r in week for lab in r.labs),
            )
        )
    return out


def lane_targets(report: IntakeReport) -> dict[str, float | None]:
    """The targets the timeline's lanes draw: B12 eaten (µg) and total water (L)."""
    if not report.days:
        return {}
    figures = report.days[0].figures
    return {"eaten": figures.b12.target_ug, "fluid": figures.fluids.target_l}


def timeline_chart(
    rows: Sequence[TimelineRow],
    per: Per = "day",
    lane_h: int = 56,
    targets: Mapping[str, float | None] | None = None,
) -> Markup:
    """Per day or week: cramps and symptoms (counts), B12 eaten, fluids and labs, each in a
    lane, so cramps can be read against intake. ``targets`` (by lane: ``eaten`` in µg,
    ``fluid`` in L) are drawn as dashed lines; a lane with a target is scaled to show it,
    and a bar far above it is cut at the top of its lane."""
    targets = targets or {}
    noun = "day" if per == "day" else "week"
    lanes = (
        ("cramps", "cramp", [float(r.cramps.count) for r in rows]),
        ("symptoms", "symptom", [float(len(r.symptoms)) for r in rows]),
        ("B12 eaten µg", "eaten", [r.b12_eaten_ug or 0.0 for r in rows]),
        ("fluids L", "fluid", [r.fluids_l or 0.0 for r in rows]),
        ("lab results", "lab", [float(len(r.labs)) for r in rows]),
    )
    height = TOP + BOTTOM + lane_h * len(lanes)
    left = 110
    slot = (WIDTH - left - RIGHT) / max(len(rows), 1)
    bar = max(min(slot * 0.6, 30), 1.5)
    body: list[str] = []
    for k, (title, cls, values) in enumerate(lanes):
        base = TOP + lane_h * (k + 1) - 8
        target = targets.get(cls)
        peak = _scale_top(values, [target]) if target else max(values, default=0.0) or 1.0
        body.append(
            f'<text x="{left - 6}" y="{base - 20}" text-anchor="end">{escape(title)}</text>'
            f'<text x="{left - 6}" y="{base - 6}" text-anchor="end" font-size="10">'
            f"{'target ' + escape(_fmt(target)) if target else 'max ' + escape(_fmt(peak))}</text>"
            f'<line class="axis" {PAINT["axis"]} x1="{left}" x2="{WIDTH - RIGHT}" '
            f'y1="{base}" y2="{base}"/>'
        )
        for i, (row, v) in enumerate(zip(rows, values, strict=True)):
            if v <= 0:
                continue
            h = (lane_h - 18) * min(v / peak, 1.0)
            x = left + slot * i + (slot - bar) / 2
            body.append(
                f'<rect class="{cls}" {PAINT[cls]} data-date="{row.day.isoformat()}" '
                f'x="{_n(x)}" y="{_n(base - h)}" width="{_n(bar)}" height="{_n(h)}">'
                f"<title>{row.day.isoformat()}: {escape(_fmt(v))} {escape(title)}</title></rect>"
            )
        if target:
            ty = base - (lane_h - 18) * min(target / peak, 1.0)
            body.append(
                f'<line class="target" {PAINT["target"]} data-lane="{cls}" x1="{left}" '
                f'x2="{WIDTH - RIGHT}" y1="{_n(ty)}" y2="{_n(ty)}"><title>target '
                f"{escape(_fmt(target))}</title></line>"
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
        f"Cramps, symptoms, B12 eaten and fluids per {noun}",
        f"{sum(r.cramps.count for r in rows)} cramp(s) over {len(rows)} {noun}(s).",
        body,
        "timeline-chart",
    )


@dataclass(frozen=True, slots=True)
class TrendPoint:
    on: date
    value_si: float


@dataclass(frozen=True, slots=True)
class Trend:
    """One lab test's results in its SI unit, and limits to draw (label, value)."""

    test: str
    name: str
    unit_si: str
    points: tuple[TrendPoint, ...]
    limits: tuple[tuple[str, float], ...] = ()


def trend_chart(trend: Trend) -> Markup:
    """One lab test's results over time (SI unit), dated to scale, with the guideline's
    cut-offs as dotted lines."""
    name, unit_si, limits = trend.name, trend.unit_si, trend.limits
    height = 160
    base = height - BOTTOM
    left = 60
    points = sorted(trend.points, key=lambda p: p.on)
    peak = _nice_max(max([p.value_si for p in points] + [v for _, v in limits]) * 1.1)
    first, last = points[0].on, points[-1].on
    days = max((last - first).days, 1)

    def x(day: date) -> float:
        return left + 20 + (WIDTH - left - RIGHT - 40) * (day - first).days / days

    def y(v: float) -> float:
        return base - (base - TOP) * min(v / peak, 1.0)

    body = [
        f'<line class="axis" {PAINT["axis"]} x1="{left}" x2="{WIDTH - RIGHT}" y1="{base}" '
        f'y2="{base}"/>',
        f'<text x="4" y="{TOP - 12}">{escape(f"{name}, {unit_si}")}</text>',
    ]
    for k in range(5):
        v = peak * k / 4
        body.append(
            f'<text x="{left - 4}" y="{_n(y(v) + 4)}" text-anchor="end">{escape(_fmt(v))}</text>'
            f'<line class="grid" {PAINT["grid"]} x1="{left}" x2="{WIDTH - RIGHT}" '
            f'y1="{_n(y(v))}" y2="{_n(y(v))}"/>'
        )
    for label, v in limits:
        body.append(
            f'<line class="limit" {PAINT["limit"]} x1="{left}" x2="{WIDTH - RIGHT}" '
            f'y1="{_n(y(v))}" y2="{_n(y(v))}"/><text x="{WIDTH // 2}" '
            f'y="{_n(y(v) - 3)}" text-anchor="middle" font-size="10">{escape(label)} '
            f"{escape(_fmt(v))}</text>"
        )
    path = " ".join(f"{_n(x(p.on))},{_n(y(p.value_si))}" for p in points)
    body.append(f'<polyline class="trend" {PAINT["trend"]} points="{path}"/>')
    for p in points:
        body.append(
            f'<circle class="point" {PAINT["point"]} data-date="{p.on.isoformat()}" '
            f'data-value="{p.value_si:.4g}" cx="{_n(x(p.on))}" cy="{_n(y(p.value_si))}" r="4">'
            f"<title>{p.on.isoformat()}: {escape(_fmt(p.value_si))} {escape(unit_si)}</title>"
            f'</circle><text x="{_n(x(p.on))}" y="{_n(y(p.value_si) - 8)}" '
            f'text-anchor="middle">{escape(_fmt(p.value_si))}</text>'
            f'<text x="{_n(x(p.on))}" y="{height - 14}" text-anchor="middle">'
            f"{p.on.strftime('%d %b %y')}</text>"
        )
    return _svg(
        height,
        f"{name} over time",
        f"{len(points)} results from {first} to {last}: "
        + ", ".join(f"{_fmt(p.value_si)} {unit_si} on {p.on}" for p in points),
        body,
        f"trend-{trend.test}",
    )
