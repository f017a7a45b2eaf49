"""The planner's entry point: request in, plan out, every target either met or explained.

Steps: check the request; work out the targets; pick the candidate foods per role; solve
the program (food first: B12 from food unless the person has no intrinsic-factor route);
if food leaves B12 short and doses are allowed, add the smallest dose from the knowledge
base at the time the model absorbs most; recompute every total with the diary's analysis;
name what is still short, and why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from b12.core.diary import Entry, FoodEntry, SupplementEntry
from b12.core.intake import analyse_intake
from b12.diary.foods import weighed_entry
from b12.foods.diets import diet_by_name
from b12.foods.model import Food
from b12.knowledge import Knowledge
from b12.knowledge.models import AbsorptionParams
from b12.planner import milp, supplements
from b12.planner.catalog import Option, Preferences, check_preferred, options_for, pools
from b12.planner.contract import SupplementDoseJSON
from b12.planner.program import Program, Solution
from b12.planner.request import PlanRequest, Targets, check_request, day_targets
from b12.planner.result import (
    DayTotals,
    Plan,
    PlanDay,
    PlanItem,
    PlanMeal,
    SolverInfo,
    Unmet,
)
from b12.planner.solver import solve

_MASS_UNITS = frozenset({"oz", "g", "lb", "ml", "fl", "tbsp", "tsp"})
_SIZES = frozenset({"small", "medium", "large", "jumbo", "miniature", "nfs"})
_SIZED = re.compile(r"^(\d+(?:\.\d+)?\s*(?:fl\s+)?oz)\s+(.+)$")
_DRY_YIELD = re.compile(r"^oz dry, yield after cooking$")


def _plural(word: str) -> str:
    if word.endswith(("ch", "sh", "s", "x")) or word in ("potato", "tomato"):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


def _split_with(head: str) -> tuple[str, str, str]:
    """'slice with sauce' -> ('slice', ' with ', 'sauce'): the count belongs to the slice."""
    for joint in (" without ", " with "):
        before, found, after = head.partition(joint)
        if found:
            return before, found, after
    return head, "", ""


def amount_text(option: Option, units: int) -> str:
    """How many of the food's household measure, as a person says it: '1 cup, cooked',
    '2 cups, cooked', '3 oz', '2 medium', '3 tubes', '2 containers (5.3 oz)', 'cooked from 4
    oz dry'. FNDDS measures are written for one ("5.3 oz container", "miniature/small
    hamburger bun", "oz dry, yield after cooking"), so the count goes on the last word of the
    measure's head, a size moves behind it, and mass units never take a plural."""
    measure = option.unit.measure.split("(")[0].strip() or option.unit.measure
    detail = option.unit.measure[len(measure) :].strip()
    if _DRY_YIELD.match(measure):
        return f"cooked from {units} oz dry"
    head, sep, rest = measure.partition(",")
    size = _SIZED.match(head)
    if size:
        head, detail = size.group(2), f"({size.group(1)})"
    head, with_, tail = _split_with(head)
    words = head.split(" ")
    last = words[-1]
    if units > 1 and last.lower() not in _MASS_UNITS | _SIZES and last.isalpha():
        words[-1] = _plural(last)
    text = f"{units} {' '.join(words)}{with_}{tail}{sep}{rest}"
    return f"{text} {detail}" if detail else text


def food_entry(food: Food, text: str, grams: float, at: datetime, meal: str) -> FoodEntry:
    """The diary entry for a planned item: the same snapshot ``b12 log food`` keeps."""
    return weighed_entry(food, text, grams, at, meal)  # type: ignore[arg-type]


def _hhmm(text: str) -> time:
    h, m = text.split(":")
    return time(int(h), int(m))


def _preferences(request: PlanRequest, diary: Iterable[Entry]) -> tuple[Preferences, str]:
    diet_name = (request.diet or request.profile.diet or "omnivore").strip().lower()
    counts = Counter(e.food_id for e in diary if isinstance(e, FoodEntry))
    pref = Preferences(
        diet=diet_by_name(diet_name),
        exclude=tuple(w.strip() for w in request.exclude),
        prefer=frozenset(i.strip().lower() for i in request.prefer),
        avoid=frozenset(i.strip().lower() for i in request.avoid),
        diary_counts=counts,
        rules_off=request.rules_off,
    )
    return pref, diet_name


def plan_meals(
    request: PlanRequest,
    foods: Sequence[Food],
    knowledge: Knowledge,
    diary: Sequence[Entry] = (),
) -> Plan:
    """A plan for ``request`` over ``foods`` (the food index), closest to ``diary``."""
    check_request(request)
    planner = knowledge.planner
    profile = request.profile
    targets = day_targets(request, knowledge)
    pref, diet_name = _preferences(request, diary)
    conditions = tuple(profile.conditions)
    central = knowledge.absorption.params("central", conditions)
    passive_only = central.if_capacity_ug <= 0
    by_id = {f.id: f for f in foods}
    all_options = options_for(foods, planner, pref)
    check_preferred(by_id, all_options, pref.prefer)
    pooled = pools(all_options, targets, central, planner.roles_rules.pool_size, pref)
    options = [o for role in planner.roles for o in pooled[role]]
    unmet: list[Unmet] = []
    for role_name, role in planner.roles.items():
        if role.required and not pooled[role_name]:
            unmet.append(
                Unmet(
                    "meals",
                    f"no food can be the {role.label} at {_slot_of(knowledge, role_name)} for a "
                    f"{diet_name} diet with these exclusions: the plan cannot be made",
                )
            )
    allow = request.supplements == "allow"
    from_food = not passive_only
    picked, info, relaxed_variety = _solve_days(
        options, request, targets, knowledge, central, from_food=from_food
    )
    if relaxed_variety:
        unmet.append(
            Unmet(
                "variety",
                f"too few foods fit this diet and these exclusions to plan {request.days} days "
                f"with a food on at most {planner.roles_rules.max_days_per_week} days a week: "
                "the rule was relaxed",
            )
        )
    start = request.start or date.today()
    if picked is None:
        if not unmet:
            unmet.append(Unmet("meals", f"the solver found no plan ({info.status})"))
        return _plan(request, diet_name, targets, (), unmet, None, knowledge, info, passive_only)
    day_foods: list[tuple[date, list[PlanMeal]]] = []
    for d, items in enumerate(picked):
        day = start + timedelta(days=d)
        meals = []
        for slot_name, slot in planner.slots.items():
            at = datetime.combine(day, _hhmm(slot.time)).astimezone()
            meal = "snack" if slot_name not in ("breakfast", "lunch", "dinner") else slot_name
            in_slot = sorted(
                (x for x in items if x[0].slot == slot_name),
                key=lambda x: slot.roles.index(x[0].role),
            )
            plan_items = tuple(
                PlanItem(
                    food_entry(o.food, amount_text(o, u), u * o.unit.grams, at, meal), o.role, u
                )
                for o, u in in_slot
            )
            if plan_items:
                meals.append(PlanMeal(slot_name, slot.time, plan_items))
        day_foods.append((day, meals))
    dose = None
    needs_dose = passive_only or any(
        _short_of_b12(day, meals, targets, knowledge, conditions) for day, meals in day_foods
    )
    if allow and needs_dose:
        dose = supplements.choose_dose(
            [(day, [i.entry for m in meals for i in m.items]) for day, meals in day_foods],
            targets,
            knowledge,
            conditions,
            passive_only=passive_only,
        )
    days = []
    for k, (day, meals) in enumerate(day_foods):
        doses: tuple[SupplementEntry, ...] = ()
        if dose is not None:
            at = datetime.combine(day, dose.times[k]).astimezone()
            doses = (SupplementEntry(at=at, dose_ug=dose.option.dose_ug),)
        days.append(PlanDay(day, tuple(meals), doses, _totals(meals, doses, request, knowledge)))
    unmet.extend(_unmet(days, targets, knowledge, request, passive_only, allow, dose))
    return _plan(
        request, diet_name, targets, tuple(days), unmet, dose, knowledge, info, passive_only
    )


def _solve_days(
    options: Sequence[Option],
    request: PlanRequest,
    targets: Targets,
    knowledge: Knowledge,
    params: AbsorptionParams,
    *,
    from_food: bool,
) -> tuple[list[list[tuple[Option, int]]] | None, SolverInfo, bool]:
    """Plan day after day: each day is one program, solved to a small gap. A food already
    planned on ``max_days_per_week`` days is not offered again that week (drinks excepted),
    and one planned before costs a little more (variety). Solving the days together gives
    no better days for far more time (see benchmarks/bench_plan.py)."""
    planner = knowledge.planner
    rules = planner.roles_rules
    used: Counter[str] = Counter()
    families: Counter[str] = Counter()
    picked: list[list[tuple[Option, int]]] = []
    seconds, columns, rows, status, gap = 0.0, 0, 0, "optimal", 0.0
    relaxed = False

    def attempt(day_options: list[Option]) -> tuple[Program, milp.Layout, Solution]:
        program, layout = milp.build(
            day_options,
            1,
            targets,
            planner,
            params,
            b12_from_food=from_food,
            rules_off=request.rules_off,
        )
        return (
            program,
            layout,
            solve(program, time_limit_s=request.time_limit_s, relax=request.relax),
        )

    for d in range(request.days):
        week_used = used if d % 7 else Counter()
        week_families = families if d % 7 else Counter()
        if d % 7 == 0:
            used, families = Counter(), Counter()
        day_options = [
            replace(
                o,
                cost=o.cost + VARIETY_COST * (week_used[o.food_id] + week_families[o.family]),
            )
            for o in options
            if o.drink
            or "variety" in request.rules_off
            or relaxed
            or week_used[o.food_id] < rules.max_days_per_week
        ]
        program, layout, solution = attempt(day_options)
        if not solution.usable and not relaxed and "variety" not in request.rules_off:
            relaxed = True
            day_options = list(options)
            program, layout, solution = attempt(day_options)
        seconds += solution.seconds
        columns, rows = max(columns, program.columns), max(rows, len(program.rows))
        if solution.status != "optimal":
            status = solution.status
        gap = max(gap, solution.gap or 0.0)
        if not solution.usable:
            info = SolverInfo(
                status, seconds, None, columns, rows, len({o.food_id for o in options})
            )
            return None, info, relaxed
        (day_items,) = milp.chosen(solution.values, layout, day_options)
        for o, _units in day_items:
            if not o.drink:
                used[o.food_id] += 1
                families[o.family] += 1
        picked.append(day_items)
    info = SolverInfo(status, seconds, gap, columns, rows, len({o.food_id for o in options}))
    return picked, info, relaxed


VARIETY_COST = 0.3
"""Extra cost of a food for each earlier day of the week it, and each of its family (quinoa
cooked three ways), was planned on: the solver then prefers new foods when they are about as
good (variety, after the targets and simplicity)."""


def _slot_of(knowledge: Knowledge, role: str) -> str:
    return next(n for n, s in knowledge.planner.slots.items() if role in s.roles)


def _short_of_b12(
    day: date,
    meals: Sequence[PlanMeal],
    targets: Targets,
    knowledge: Knowledge,
    conditions: Sequence[str],
) -> bool:
    entries = [i.entry for m in meals for i in m.items]
    absorbed = supplements.day_absorbed(entries, knowledge, conditions)
    crystalline = sum(e.nutrients.get("b12_added") or 0.0 for e in entries)
    return (absorbed + 1e-9 < (targets.b12_absorbed_ug or 0.0)) or (
        crystalline + 1e-9 < targets.crystalline_min_ug
    )


def _totals(
    meals: Sequence[PlanMeal],
    doses: Sequence[SupplementEntry],
    request: PlanRequest,
    knowledge: Knowledge,
) -> DayTotals:
    """The day as ``b12 intake`` reports it once logged."""
    foods = [i.entry for m in meals for i in m.items]
    day = foods[0].at.date() if foods else (request.start or date.today())
    entries: list[Entry] = [*foods, *doses]
    figures = analyse_intake(entries, request.profile, knowledge, day, day).days[0].figures
    m = figures.minerals
    crystalline = figures.b12.eaten.food_fortified_ug + figures.b12.eaten.supplement_oral_ug
    return DayTotals(
        energy_kcal=sum(e.nutrients.get("energy") or 0.0 for e in foods),
        b12_eaten_ug=figures.b12.eaten.oral_ug,
        b12_crystalline_ug=crystalline,
        b12_absorbed_ug=figures.b12.absorbed,
        potassium_mg=m["potassium"].amount,
        magnesium_mg=m["magnesium"].amount,
        calcium_mg=m["calcium"].amount,
        sodium_mg=m["sodium"].amount,
        water_ml=figures.fluids.total_l * 1000,
        foods_missing={k: v for k, v in figures.missing_values.items() if v},
    )


def _unmet(
    days: Sequence[PlanDay],
    targets: Targets,
    knowledge: Knowledge,
    request: PlanRequest,
    passive_only: bool,
    allow: bool,
    dose: supplements.DoseChoice | None,
) -> list[Unmet]:
    out: list[Unmet] = []
    rules = knowledge.planner.b12
    goal = targets.b12_absorbed_ug
    if goal:
        short = tuple(
            k + 1 for k, d in enumerate(days) if d.totals.b12_absorbed_ug.central + 1e-9 < goal
        )
        if short:
            best = max(d.totals.b12_absorbed_ug.central for d in days)
            if passive_only:
                why = (
                    f"without the intrinsic-factor route ({', '.join(request.profile.conditions)}) "
                    "B12 in food is not absorbed and only about 1% of an oral dose is: an oral "
                    f"dose of at least {rules.passive_only_min_daily_ug:g} µg a day (NICE NG239) "
                    "or injections, which are a clinician's decision, can reach the target"
                )
                if not allow:
                    why += "; --supplements none rules doses out"
            elif not allow:
                why = (
                    f"the foods this diet allows, in realistic meals, give at most {best:.2f} µg "
                    f"absorbed a day (target {goal:g} µg); --supplements allow would add a dose"
                )
            else:
                why = "no dose in the knowledge base reaches the target on these days"
            out.append(Unmet("b12_absorbed", why, short))
    if targets.crystalline_min_ug:
        short = tuple(
            k + 1
            for k, d in enumerate(days)
            if d.totals.b12_crystalline_ug + 1e-9 < targets.crystalline_min_ug
        )
        if short:
            out.append(
                Unmet(
                    "b12_crystalline",
                    f"from {rules.older_adult_min_age:g} the plan aims for at least "
                    f"{targets.crystalline_min_ug:g} µg of B12 from fortified foods or a dose "
                    "(IOM 1998); these days have less"
                    + ("" if allow else " and --supplements none rules doses out"),
                    short,
                )
            )
    for code, label in (
        ("potassium", "potassium"),
        ("magnesium", "magnesium"),
        ("calcium", "calcium"),
    ):
        target = targets.minerals.get(code)
        if not target:
            continue
        values = [getattr(d.totals, f"{code}_mg") for d in days]
        short = tuple(k + 1 for k, v in enumerate(values) if v + 1e-6 < target)
        if short:
            out.append(
                Unmet(
                    code,
                    f"{label} reaches {100 * min(values) / target:.0f}-"
                    f"{100 * max(values) / target:.0f}% "
                    f"of {target:g} mg: within the energy range and the realism rules no plan of "
                    "these foods reaches it every day",
                    short,
                )
            )
    if targets.sodium_upper_mg:
        over = tuple(
            k + 1 for k, d in enumerate(days) if d.totals.sodium_mg > targets.sodium_upper_mg + 1e-6
        )
        if over:
            out.append(
                Unmet(
                    "sodium",
                    f"sodium is above the {targets.sodium_upper_mg:g} mg upper level on these "
                    "days: the mixed dishes that fit the meals carry salt",
                    over,
                )
            )
    if targets.water_ml:
        short = tuple(
            k + 1 for k, d in enumerate(days) if d.totals.water_ml + 1e-6 < targets.water_ml
        )
        if short:
            out.append(
                Unmet(
                    "water",
                    "food and planned drinks give less than "
                    f"{targets.water_ml / 1000:g} L of total "
                    "water: drink more water through the day",
                    short,
                )
            )
    off = tuple(
        k + 1
        for k, d in enumerate(days)
        if not targets.energy_low - 1e-6 <= d.totals.energy_kcal <= targets.energy_high + 1e-6
    )
    if off:
        out.append(
            Unmet(
                "energy",
                f"energy is outside {targets.energy_low:.0f}-{targets.energy_high:.0f} kcal: the "
                "meals' portions could not be fitted closer",
                off,
            )
        )
    _ = dose
    return out


def _plan(
    request: PlanRequest,
    diet_name: str,
    targets: Targets,
    days: tuple[PlanDay, ...],
    unmet: Sequence[Unmet],
    dose: supplements.DoseChoice | None,
    knowledge: Knowledge,
    info: SolverInfo,
    passive_only: bool,
) -> Plan:
    planner = knowledge.planner
    notes = [f"Energy target {targets.energy_kcal:.0f} kcal a day ({targets.energy_basis})."]
    sources: dict[str, None] = dict.fromkeys(planner.energy.sources)
    if request.energy_kcal is None and request.activity is None:
        notes.append(planner.energy.default_activity_note)
        sources.update(dict.fromkeys(planner.energy.default_activity_sources))
    sources.update(dict.fromkeys(planner.meals.sources))
    if targets.b12_absorbed_ug:
        notes.append(
            f"B12 is planned as absorbed B12 ({targets.b12_absorbed_ug:g} µg a day, the "
            f"reference {targets.b12_eaten_ug:g} µg x its assumed 50% absorption), per meal as "
            "the absorption model computes it."
        )
        sources.update(dict.fromkeys(knowledge.absorption.reference_absorption.sources))
        sources.update(dict.fromkeys(knowledge.absorption.if_capacity_ug.sources))
        sources.update(dict.fromkeys(knowledge.absorption.doets_slope.sources))
    if targets.crystalline_min_ug:
        notes.append(planner.b12.older_adult_note)
        sources.update(dict.fromkeys(planner.b12.older_adult_sources))
    if passive_only:
        notes.append(planner.b12.passive_only_note)
        sources.update(dict.fromkeys(planner.b12.passive_only_sources))
    supplement: SupplementDoseJSON | None = None
    alternatives: list[SupplementDoseJSON] = []
    if dose is not None:
        o = dose.option
        supplement = {
            "id": o.id,
            "dose_ug": o.dose_ug,
            "every": o.every,
            "note": o.note,
            "sources": list(o.sources),
        }
        sources.update(dict.fromkeys(o.sources))
        sources.update(dict.fromkeys(planner.supplement_times.sources))
        weekly = supplements.weekly_alternative(knowledge)
        if weekly is not None and not passive_only:
            alternatives.append(
                {
                    "id": weekly.id,
                    "dose_ug": weekly.dose_ug,
                    "every": weekly.every,
                    "note": weekly.note,
                    "sources": list(weekly.sources),
                }
            )
            sources.update(dict.fromkeys(weekly.sources))
    if request.prefer or request.avoid or request.exclude:
        notes.append(
            "Preferred foods cost the solver nothing; avoided and excluded ones are left out."
        )
    sources.update(dict.fromkeys(planner.roles_rules.sources))
    return Plan(
        profile=request.profile.name,
        diet=diet_name,
        conditions=tuple(request.profile.conditions),
        targets=targets,
        days=days,
        unmet=tuple(unmet),
        supplement=supplement,
        alternatives=tuple(alternatives),
        notes=tuple(notes),
        sources=tuple(sources),
        solver=info,
    )
