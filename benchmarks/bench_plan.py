"""Solve time of `b12 plan` over the full USDA index: a 1-day and a 7-day plan.

The index is imported from B12_DATA_DIR (default ../shared/data) into a temporary folder
once. For each of issue 16's four people the planner runs with the MILP as shipped (one
program per day, solved to a 5% gap), and beside it, in the same run, two baselines on the
same candidates: the LP relaxation (integrality dropped; its days are not meal plans, only
a lower bound on the time any exact method needs) and the whole week as one MILP (what
day-by-day replaces), capped at 30 s. Reading the index (``all_foods``) is timed apart.
Target: a 7-day plan under 5 s on this machine. ``--no-week`` skips the week-as-one-MILP
baseline. To compare with an earlier commit, run its copy of this file with its sources
first on PYTHONPATH (git archive COMMIT src benchmarks | tar -x -C DIR).
Run: B12_DATA_DIR=/work/shared/data ./dev python benchmarks/bench_plan.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from b12.core.diary import DIARY_NUTRIENTS, Profile
from b12.foods.importer import import_sources
from b12.foods.index import FoodIndex
from b12.knowledge import load_knowledge
from b12.planner import milp
from b12.planner.catalog import Preferences, options_for, pools
from b12.planner.plan import plan_meals
from b12.planner.request import PlanRequest, day_targets
from b12.planner.solver import solve

PEOPLE = {
    "vegan woman 34": Profile("Ana", 34, "female", diet="vegan"),
    "omnivore man 72": Profile("Bert", 72, "male", diet="omnivore"),
    "pregnant vegetarian 30": Profile("Cleo", 30, "female", pregnant=True, diet="vegetarian"),
    "gastric bypass 50": Profile("Dev", 50, "male", conditions=["bariatric_surgery"]),
}
START = date(2026, 3, 2)


def week_at_once_seconds(person: Profile, foods: list, knowledge) -> tuple[float, str, float]:  # type: ignore[type-arg,no-untyped-def]
    """The same candidates as one 7-day MILP (variety as a constraint), 30 s cap."""
    from b12.foods.diets import diet_by_name

    request = PlanRequest(profile=person, days=7, start=START)
    targets = day_targets(request, knowledge)
    pref = Preferences(diet_by_name(person.diet or "omnivore"), (), frozenset(), frozenset(), {},
                       frozenset())  # fmt: skip
    params = knowledge.absorption.params("central", person.conditions)
    pooled = pools(options_for(foods, knowledge.planner, pref), targets, params,
                   knowledge.planner.roles_rules.pool_size, pref)  # fmt: skip
    options = [o for role in knowledge.planner.roles for o in pooled[role]]
    program, _ = milp.build(options, 7, targets, knowledge.planner, params,
                            b12_from_food=params.if_capacity_ug > 0)  # fmt: skip
    s = solve(program, time_limit_s=30.0)
    return s.seconds, s.status, s.gap or 0.0


def main() -> None:
    data = Path(
        os.environ.get("B12_DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data")
    )
    knowledge = load_knowledge()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "foods.sqlite3"
        import_sources(path, data)
        with FoodIndex(path) as index:
            t = time.perf_counter()
            foods = index.all_foods(DIARY_NUTRIENTS)
            load = time.perf_counter() - t
    print(f"read the index: {len(foods)} foods in {load:.2f} s")
    print(f"{'person':24} {'days':>4} {'MILP s':>7} {'solver s':>8} {'LP s':>6} {'gap max':>7}")
    totals = []
    for name, person in PEOPLE.items():
        for days in (1, 7):
            req = PlanRequest(profile=person, days=days, start=START)
            t = time.perf_counter()
            plan = plan_meals(req, foods, knowledge)
            wall = time.perf_counter() - t
            t = time.perf_counter()
            plan_meals(
                PlanRequest(profile=person, days=days, start=START, relax=True), foods, knowledge
            )
            lp = time.perf_counter() - t
            totals.append((days, wall))
            gap = plan.solver.gap or 0.0
            print(
                f"{name:24} {days:>4} {wall:7.2f} {plan.solver.seconds:8.2f} {lp:6.2f} {gap:7.3f}"
            )
    for days in (1, 7):
        walls = [w for d, w in totals if d == days]
        print(f"{days}-day plans: median {statistics.median(walls):.2f} s, max {max(walls):.2f} s")
    if "--no-week" not in sys.argv:
        print("baseline, the whole week as one MILP (30 s cap):")
        for name, person in PEOPLE.items():
            seconds, status, gap = week_at_once_seconds(person, foods, knowledge)
            print(f"  {name:24} {seconds:6.2f} s, {status}, gap {gap:.3f}")


if __name__ == "__main__":
    main()
