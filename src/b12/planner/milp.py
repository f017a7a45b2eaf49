"""The planner's mixed-integer program: which foods, how many units, for every day.

Per day d and option o (a food in a role, see ``catalog``): ``y[d,o]`` (binary: chosen)
and ``n[d,o]`` (integer: units of its household measure, ``min_units*y <= n <=
max_units*y``). Roles hold one food each (required roles exactly one); a food is planned at
most once a day and on at most ``max_days_per_week`` days (drinks excepted); a family
holds at most ``max_family_items_per_day`` items a day and one per meal.

Absorbed B12 is the absorption model's, per meal, made linear without changing it:

- natural food B12 follows the Doets curve capped at ``if_fraction`` of the dose, a concave
  function of the meal's natural B12 ``N``: ``a_food <= chord_k(N)`` for the chords between
  breakpoints gives the piecewise-linear curve under it, so the program never counts more
  than the model absorbs (the plan's totals are then recomputed by the model itself);
- crystalline (added) B12: ``a_if <= if_fraction * C`` and ``a_food + a_if <= cap``, plus
  ``passive_fraction * C``;
- the intrinsic-factor store: ``cap <= full`` and ``cap[s] <= cap[s-1] - used[s-1] +
  refill * hours``, the model's refill, each meal one eating event.

Every target is elastic: a slack variable with a cost per percent missed, so a request that
cannot be met still gets a plan, and the slack says what was missed (``unmet``).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from b12.knowledge.models import AbsorptionParams
from b12.knowledge.plan_models import PlannerKnowledge
from b12.planner.catalog import Option
from b12.planner.program import INF, Program
from b12.planner.request import Targets

BREAKPOINTS_UG: tuple[float, ...] = (
    0.0,
    0.02,
    0.05,
    0.1,
    0.2,
    0.4,
    0.7,
    1.0,
    1.5,
    2.0,
    3.0,
    4.0,
    5.0,
    6.5,
    8.0,
)
"""Where the chords of the Doets curve meet it (µg of natural B12 in one meal). Dense where
meals lie; past the last point the chord is flat, still under the curve."""


def food_curve(natural_ug: float, params: AbsorptionParams) -> float:
    """The model's natural-food absorption before the IF ceiling (as ``doets_absorbed``)."""
    from b12.core.absorption import doets_absorbed

    return doets_absorbed(natural_ug, params)


def chords(params: AbsorptionParams) -> list[tuple[float, float]]:
    """(slope, intercept) of each chord, and the flat line after the last breakpoint."""
    points = [(x, food_curve(x, params)) for x in BREAKPOINTS_UG]
    out = []
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        slope = (y2 - y1) / (x2 - x1)
        out.append((slope, y1 - slope * x1))
    out.append((0.0, points[-1][1]))
    return out


@dataclass(slots=True)
class Layout:
    """Where each decision lives in the program, to read the solution back."""

    days: int
    y: dict[tuple[int, int], int] = field(default_factory=dict)  # (day, option) -> column
    n: dict[tuple[int, int], int] = field(default_factory=dict)
    slack: dict[tuple[int, str], int] = field(default_factory=dict)  # (day, target) -> column


def _minute(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def build(
    options: Sequence[Option],
    days: int,
    targets: Targets,
    planner: PlannerKnowledge,
    params: AbsorptionParams,
    *,
    b12_from_food: bool,
    rules_off: frozenset[str] = frozenset(),
) -> tuple[Program, Layout]:
    """The program for ``days`` days over ``options``. ``b12_from_food`` False drops the
    B12 targets (a dose will cover them: no intrinsic-factor route, or food cannot)."""
    p = Program()
    layout = Layout(days)
    rules = planner.roles_rules
    pen = planner.penalties
    slots = list(planner.slots)
    by_role: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(options):
        by_role[o.role].append(i)
    curve = chords(params)
    refill_per_min = params.if_capacity_ug / (params.recovery_hours * 60.0)

    by_food_days: dict[str, list[int]] = defaultdict(list)
    for d in range(days):
        for i, o in enumerate(options):
            extra = pen.extra_unit
            y = p.var(f"y[{d},{o.food_id},{o.role}]", cost=o.cost - extra, hi=1, integer=True)
            n = p.var(f"n[{d},{o.food_id},{o.role}]", cost=extra, hi=o.max_units, integer=True)
            layout.y[(d, i)] = y
            layout.n[(d, i)] = n
            p.row(f"units_max[{d},{i}]", {n: 1.0, y: -float(o.max_units)}, hi=0.0)
            p.row(f"units_min[{d},{i}]", {n: 1.0, y: -float(o.min_units)}, lo=0.0)
            if not o.drink:
                by_food_days[o.food_id].append(y)
        # roles
        for role_name, idx in by_role.items():
            role = planner.roles[role_name]
            coefs = {layout.y[(d, i)]: 1.0 for i in idx}
            p.row(f"role[{d},{role_name}]", coefs, lo=1.0 if role.required else 0.0, hi=1.0)
        for role_name, role in planner.roles.items():
            if role.required and role_name not in by_role:
                p.row(f"role_empty[{d},{role_name}]", {}, lo=1.0)  # infeasible, explained
        # a food once a day
        per_food: dict[str, dict[int, float]] = defaultdict(dict)
        for i, o in enumerate(options):
            per_food[o.food_id][layout.y[(d, i)]] = 1.0
        for fid, coefs in per_food.items():
            if len(coefs) > 1:
                p.row(f"once[{d},{fid}]", coefs, hi=1.0)
        # families
        if "family" not in rules_off:
            fam_day: dict[str, dict[int, float]] = defaultdict(dict)
            fam_meal: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
            for i, o in enumerate(options):
                fam_day[o.family][layout.y[(d, i)]] = 1.0
                fam_meal[(o.family, o.slot)][layout.y[(d, i)]] = 1.0
            for fam, coefs in fam_day.items():
                if len(coefs) > rules.max_family_items_per_day:
                    p.row(f"family_day[{d},{fam}]", coefs, hi=rules.max_family_items_per_day)
            for (fam, slot), coefs in fam_meal.items():
                if len(coefs) > rules.max_family_items_per_meal:
                    p.row(
                        f"family_meal[{d},{fam},{slot}]", coefs, hi=rules.max_family_items_per_meal
                    )
        _day_targets(
            p,
            layout,
            d,
            options,
            targets,
            planner,
            params,
            curve,
            refill_per_min,
            slots,
            b12_from_food=b12_from_food,
        )
    if "variety" not in rules_off and days > 1:
        limit = min(days, rules.max_days_per_week) * max(1, math.ceil(days / 7))
        for fid, cols in by_food_days.items():
            if len(cols) > limit:
                p.row(f"variety[{fid}]", dict.fromkeys(cols, 1.0), hi=float(limit))
    return p, layout


def _sum(
    layout: Layout, d: int, options: Sequence[Option], code: str, slot: str | None = None
) -> dict[int, float]:
    return {
        layout.n[(d, i)]: o.per_unit[code]
        for i, o in enumerate(options)
        if (slot is None or o.slot == slot) and o.per_unit[code]
    }


def _elastic_at_least(
    p: Program,
    layout: Layout,
    d: int,
    name: str,
    coefs: dict[int, float],
    target: float,
    per_pct: float,
) -> None:
    """sum + slack >= target, the slack costing ``per_pct`` per 1% of the target."""
    s = p.var(f"short[{d},{name}]", cost=per_pct * 100.0 / target, hi=target)
    layout.slack[(d, name)] = s
    p.row(f"{name}[{d}]", {**coefs, s: 1.0}, lo=target)


def _day_targets(
    p: Program,
    layout: Layout,
    d: int,
    options: Sequence[Option],
    targets: Targets,
    planner: PlannerKnowledge,
    params: AbsorptionParams,
    curve: list[tuple[float, float]],
    refill_per_min: float,
    slots: list[str],
    *,
    b12_from_food: bool,
) -> None:
    pen = planner.penalties
    e = targets.energy_kcal
    energy = _sum(layout, d, options, "energy")
    lo_s = p.var(f"energy_short[{d}]", cost=pen.energy_per_percent * 100 / e)
    hi_s = p.var(f"energy_over[{d}]", cost=pen.energy_per_percent * 100 / e)
    layout.slack[(d, "energy_short")] = lo_s
    layout.slack[(d, "energy_over")] = hi_s
    p.row(f"energy_low[{d}]", {**energy, lo_s: 1.0}, lo=targets.energy_low)
    p.row(f"energy_high[{d}]", {**energy, hi_s: -1.0}, hi=targets.energy_high)
    for slot_name in slots:
        low, high = planner.slots[slot_name].energy_share
        coefs = _sum(layout, d, options, "energy", slot_name)
        s_lo = p.var(f"meal_short[{d},{slot_name}]", cost=pen.energy_per_percent * 100 / e)
        s_hi = p.var(f"meal_over[{d},{slot_name}]", cost=pen.energy_per_percent * 100 / e)
        p.row(f"meal_low[{d},{slot_name}]", {**coefs, s_lo: 1.0}, lo=low * e)
        p.row(f"meal_high[{d},{slot_name}]", {**coefs, s_hi: -1.0}, hi=high * e)
    for code in ("potassium", "magnesium", "calcium"):
        target = targets.minerals.get(code)
        if target:
            _elastic_at_least(
                p, layout, d, code, _sum(layout, d, options, code), target, pen.mineral_per_percent
            )
    if targets.sodium_upper_mg:
        s = p.var(
            f"sodium_over[{d}]", cost=pen.sodium_over_per_percent * 100 / targets.sodium_upper_mg
        )
        layout.slack[(d, "sodium")] = s
        p.row(
            f"sodium[{d}]",
            {**_sum(layout, d, options, "sodium"), s: -1.0},
            hi=targets.sodium_upper_mg,
        )
    if targets.water_ml:
        _elastic_at_least(
            p,
            layout,
            d,
            "water",
            _sum(layout, d, options, "water"),
            targets.water_ml,
            pen.water_per_percent,
        )
    if not b12_from_food or not targets.b12_absorbed_ug:
        return
    absorbed: dict[int, float] = {}
    crystalline_all: dict[int, float] = {}
    prev: tuple[int, int, int] | None = None  # (cap, a_food, a_if) of the previous meal
    prev_minute = 0
    for slot_name in slots:
        minute = _minute(planner.slots[slot_name].time)
        natural = _sum(layout, d, options, "b12_natural", slot_name)
        added = _sum(layout, d, options, "b12_added", slot_name)
        cap = p.var(f"if_cap[{d},{slot_name}]", hi=params.if_capacity_ug)
        a_food = p.var(f"a_food[{d},{slot_name}]")
        a_if = p.var(f"a_if[{d},{slot_name}]")
        if prev is not None:
            p_cap, p_food, p_if = prev
            refill = refill_per_min * (minute - prev_minute)
            p.row(
                f"if_refill[{d},{slot_name}]",
                {cap: 1.0, p_cap: -1.0, p_food: 1.0, p_if: 1.0},
                hi=refill,
            )
        for k, (slope, intercept) in enumerate(curve):
            coefs = {col: -slope * v for col, v in natural.items()}
            p.row(f"doets[{d},{slot_name},{k}]", {**coefs, a_food: 1.0}, hi=intercept)
        p.row(
            f"if_share[{d},{slot_name}]",
            {**{c: -params.if_fraction * v for c, v in added.items()}, a_if: 1.0},
            hi=0.0,
        )
        p.row(f"if_ceiling[{d},{slot_name}]", {a_food: 1.0, a_if: 1.0, cap: -1.0}, hi=0.0)
        absorbed[a_food] = 1.0
        absorbed[a_if] = 1.0
        for col, v in added.items():
            absorbed[col] = absorbed.get(col, 0.0) + params.passive_fraction * v
            crystalline_all[col] = crystalline_all.get(col, 0.0) + v
        prev = (cap, a_food, a_if)
        prev_minute = minute
    _elastic_at_least(p, layout, d, "b12", absorbed, targets.b12_absorbed_ug, pen.b12_per_percent)
    if targets.crystalline_min_ug:
        _elastic_at_least(
            p,
            layout,
            d,
            "b12_crystalline",
            crystalline_all,
            targets.crystalline_min_ug,
            pen.b12_per_percent,
        )


def chosen(
    values: Sequence[float], layout: Layout, options: Sequence[Option]
) -> list[list[tuple[Option, int]]]:
    """Per day, the options chosen and their units."""
    out: list[list[tuple[Option, int]]] = [[] for _ in range(layout.days)]
    for (d, i), col in layout.n.items():
        units = round(values[col])
        if units > 0 and values[layout.y[(d, i)]] > 0.5:
            out[d].append((options[i], units))
    return out


def slack_values(values: Sequence[float], layout: Layout) -> Mapping[tuple[int, str], float]:
    return {key: values[col] for key, col in layout.slack.items()}


_ = INF
