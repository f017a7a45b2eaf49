"""The fewest and smallest B12 doses that close what the planned food leaves open.

Doses come from ``planner.toml`` (each with its sources). For each day the absorption model
itself is run on the day's planned meals plus a candidate dose at each candidate time; the
smallest daily dose that reaches the absorbed target (and, for older adults, the crystalline
share) on every day is used, taken at the time that absorbs most. Without an
intrinsic-factor route only doses of at least ``passive_only_min_daily_ug`` are considered
(NICE NG239).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from b12.core.absorption import B12Intake, estimate_absorption, intakes_from_entries
from b12.core.diary import FoodEntry, SupplementEntry
from b12.knowledge import Knowledge
from b12.knowledge.plan_models import SupplementOption
from b12.planner.request import Targets


@dataclass(frozen=True, slots=True)
class DoseChoice:
    option: SupplementOption
    times: tuple[time, ...]  # per day


def _at(day: date, hhmm: str) -> datetime:
    h, m = hhmm.split(":")
    return datetime.combine(day, time(int(h), int(m))).astimezone()


def _absorbed(
    intakes: Sequence[B12Intake], knowledge: Knowledge, conditions: Sequence[str]
) -> float:
    return estimate_absorption(intakes, knowledge.absorption, conditions).central.absorbed_ug


def day_absorbed(
    entries: Sequence[FoodEntry | SupplementEntry], knowledge: Knowledge, conditions: Sequence[str]
) -> float:
    """Central absorbed B12 of one day's entries, as the model computes it."""
    return _absorbed(intakes_from_entries(entries), knowledge, conditions)


def best_time(
    day: date,
    foods: Sequence[FoodEntry],
    dose_ug: float,
    knowledge: Knowledge,
    conditions: Sequence[str],
) -> tuple[time, float]:
    """The candidate time at which the model absorbs most of the day (earliest on a tie)."""
    base = intakes_from_entries(foods)
    best: tuple[float, time] | None = None
    for hhmm in knowledge.planner.supplement_times.times:
        at = _at(day, hhmm)
        dose = B12Intake(at, dose_ug, "supplement", f"{dose_ug:g} µg")
        total = _absorbed([*base, dose], knowledge, conditions)
        if best is None or total > best[0] + 1e-9:
            best = (total, at.time())
    assert best is not None
    return best[1], best[0]


def choose_dose(
    days: Sequence[tuple[date, Sequence[FoodEntry]]],
    targets: Targets,
    knowledge: Knowledge,
    conditions: Sequence[str],
    *,
    passive_only: bool,
) -> DoseChoice | None:
    """The smallest daily dose from the knowledge base that reaches the targets every day
    (None if none does)."""
    minimum = knowledge.planner.b12.passive_only_min_daily_ug if passive_only else 0.0
    daily = sorted(
        (o for o in knowledge.planner.supplements if o.every == "day" and o.dose_ug >= minimum),
        key=lambda o: o.dose_ug,
    )
    goal = targets.b12_absorbed_ug or 0.0
    for option in daily:
        times = []
        for day, foods in days:
            at, absorbed = best_time(day, foods, option.dose_ug, knowledge, conditions)
            if absorbed + 1e-9 < goal:
                break
            times.append(at)
        else:
            return DoseChoice(option, tuple(times))
    return None


def weekly_alternative(knowledge: Knowledge) -> SupplementOption | None:
    """The weekly schedule the knowledge base names, shown beside a daily dose."""
    return next((o for o in knowledge.planner.supplements if o.every == "week"), None)
