"""How much of the B12 a person ate was likely absorbed: a small, cited, explicit model.

Eaten B12 is not absorbed B12. The intrinsic-factor (IF) route saturates at about 1.5 µg per
meal and needs hours to recover, so 5 µg at once gives far less than two 2.5 µg doses hours
apart; natural food B12 is absorbed less well as the amount grows (Doets 2013); about 1% of
any crystalline dose diffuses in without IF. Every number comes from
``knowledge/absorption.toml`` (an ``AbsorptionModel``); this module only does the arithmetic,
so a reviewer can check the numbers in one file and the logic in another.

The model runs three times, with the central, low-end and high-end parameter sets, because
no single figure is known precisely; the range is the lowest and highest of the three runs.
Injected B12 never enters this model: it bypasses the gut (see ``injected_ug``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

from b12.core.diary import Entry, FoodEntry, SupplementEntry
from b12.core.diary_contract import EstimateJSON
from b12.knowledge.models import AbsorptionModel, AbsorptionParams, RangeEnd

IntakeKind = Literal["food_natural", "food_fortified", "supplement"]
_CRYSTALLINE: frozenset[str] = frozenset({"food_fortified", "supplement"})
_ENDS: tuple[RangeEnd, ...] = ("central", "low", "high")


@dataclass(frozen=True, slots=True)
class B12Intake:
    """One amount of B12 taken by mouth: natural food B12, added (fortified) B12 or a dose."""

    at: datetime
    ug: float
    kind: IntakeKind
    label: str = ""

    @property
    def crystalline(self) -> bool:
        return self.kind in _CRYSTALLINE


@dataclass(frozen=True, slots=True)
class Estimate:
    """A modelled quantity as a central estimate inside its low-high range."""

    central: float
    low: float
    high: float

    @classmethod
    def of(cls, central: float, *others: float) -> Estimate:
        """The central value, with the range spanning it and every other run."""
        values = (central, *others)
        return cls(central, min(values), max(values))

    def __add__(self, other: Estimate) -> Estimate:
        return Estimate(self.central + other.central, self.low + other.low, self.high + other.high)

    def scaled(self, factor: float) -> Estimate:
        return Estimate(self.central * factor, self.low * factor, self.high * factor)

    def to_dict(self, digits: int = 3) -> EstimateJSON:
        return {
            "central": round(self.central, digits),
            "low": round(self.low, digits),
            "high": round(self.high, digits),
        }


ZERO = Estimate(0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Episode:
    """One event (a meal or a dose), the IF capacity it found, and what it absorbed."""

    start: datetime
    intakes: tuple[B12Intake, ...]
    natural_ug: float  # natural food B12 eaten
    crystalline_ug: float  # added B12 and oral doses
    if_capacity_ug: float  # IF capacity available at this event (refilled since the last)
    if_demand_ug: float  # what the IF route would take up if it had no ceiling
    from_food_ug: float  # natural food B12 absorbed (via IF)
    via_if_ug: float  # crystalline B12 absorbed via IF
    passive_ug: float  # crystalline B12 absorbed by diffusion

    @property
    def absorbed_ug(self) -> float:
        return self.from_food_ug + self.via_if_ug + self.passive_ug

    @property
    def eaten_ug(self) -> float:
        return self.natural_ug + self.crystalline_ug

    @property
    def if_saturated(self) -> bool:
        """The IF ceiling, not the dose, limited this episode (so spacing could help)."""
        return self.if_capacity_ug > 0 and self.if_demand_ug > self.if_capacity_ug * (1 + 1e-9)


@dataclass(frozen=True, slots=True)
class AbsorptionRun:
    """The model run once, with one parameter set."""

    params: AbsorptionParams
    episodes: tuple[Episode, ...]

    @property
    def absorbed_ug(self) -> float:
        return sum((e.absorbed_ug for e in self.episodes), 0.0)

    def absorbed_by_day(self) -> dict[date, float]:
        """Absorbed B12 per day, each event counted on the day it happened."""
        days: dict[date, float] = defaultdict(float)
        for episode in self.episodes:
            days[episode.start.date()] += episode.absorbed_ug
        return dict(days)


@dataclass(frozen=True, slots=True)
class AbsorptionEstimate:
    """The central, low-end and high-end runs over the same intakes."""

    central: AbsorptionRun
    low: AbsorptionRun
    high: AbsorptionRun

    @property
    def absorbed(self) -> Estimate:
        return Estimate.of(self.central.absorbed_ug, self.low.absorbed_ug, self.high.absorbed_ug)

    def absorbed_by_day(self) -> dict[date, Estimate]:
        central, low, high = (run.absorbed_by_day() for run in (self.central, self.low, self.high))
        return {
            day: Estimate.of(central.get(day, 0.0), low.get(day, 0.0), high.get(day, 0.0))
            for day in sorted({*central, *low, *high})
        }


# --- The model ---------------------------------------------------------------------------


def doets_absorbed(eaten_ug: float, params: AbsorptionParams) -> float:
    """Natural food B12 absorbed from one meal's worth, before the IF ceiling.

    Doets 2013: ln(A) = slope * ln(D) + intercept. Below about 0.015 µg the curve would
    absorb more than 100%, so it is capped at the IF fraction of the dose (food-bound B12
    is not absorbed better than free B12), then scaled by the food-bound factor of any
    condition that keeps B12 bound to food.
    """
    if eaten_ug <= 0:
        return 0.0
    curve = math.exp(params.doets_intercept) * float(eaten_ug**params.doets_slope)
    return min(curve, params.if_fraction * eaten_ug) * params.food_bound_factor


def absorb_episode(
    intakes: Sequence[B12Intake], params: AbsorptionParams, capacity: float | None = None
) -> Episode:
    """What one event's intakes give, sharing the IF capacity available at that moment
    (``capacity``; the full ``if_capacity_ug`` when not given).

    Food and crystalline B12 compete for the same IF ceiling; which is counted first does
    not change the total (min(C, a) + min(C - min(C, a), b) = min(C, a + b)). Food is
    counted first so the split by source is stable.
    """
    natural = crystalline = 0.0
    for intake in intakes:  # one pass: this runs for every event of every re-timing tried
        if intake.kind == "food_natural":
            natural += intake.ug
        else:
            crystalline += intake.ug
    available = params.if_capacity_ug if capacity is None else capacity
    food_demand = doets_absorbed(natural, params)
    crystalline_demand = params.if_fraction * crystalline
    from_food = min(available, food_demand)
    via_if = min(available - from_food, crystalline_demand)
    return Episode(
        start=intakes[0].at,
        intakes=tuple(intakes),
        natural_ug=natural,
        crystalline_ug=crystalline,
        if_capacity_ug=available,
        if_demand_ug=food_demand + crystalline_demand,
        from_food_ug=from_food,
        via_if_ug=via_if,
        passive_ug=params.passive_fraction * crystalline,
    )


def group_events(intakes: Iterable[B12Intake]) -> list[tuple[B12Intake, ...]]:
    """Intakes (any order) taken at the same moment form one event: one meal or one dose,
    whose natural food B12 the Doets curve reads as one amount. Intakes of no B12 never
    make an event."""
    events: list[tuple[B12Intake, ...]] = []
    current: list[B12Intake] = []
    for intake in sorted((i for i in intakes if i.ug > 0), key=lambda i: i.at):
        if current and intake.at != current[0].at:
            events.append(tuple(current))
            current = []
        current.append(intake)
    if current:
        events.append(tuple(current))
    return events


def absorb(intakes: Iterable[B12Intake], params: AbsorptionParams) -> AbsorptionRun:
    """Run the model once with one parameter set.

    The IF capacity is a store that each event draws on and that refills at a steady rate,
    completely after ``recovery_hours`` (so a second dose 4-6 h after the first is absorbed
    as well as the first, and one 2 h later gets half the capacity back). Because taking
    more B12 can only draw down what it also absorbs, adding an intake never lowers the
    total: the model is monotone, which fixed windows were not.
    """
    full = params.if_capacity_ug
    refill_per_hour = full / params.recovery_hours
    available = full
    last: datetime | None = None
    episodes = []
    for event in group_events(intakes):
        if last is not None:
            hours = (event[0].at - last).total_seconds() / 3600.0
            available = min(full, available + refill_per_hour * hours)
        episode = absorb_episode(event, params, available)
        available = max(0.0, available - episode.from_food_ug - episode.via_if_ug)
        last = event[0].at
        episodes.append(episode)
    return AbsorptionRun(params, tuple(episodes))


def estimate_absorption(
    intakes: Iterable[B12Intake], model: AbsorptionModel, conditions: Iterable[str] = ()
) -> AbsorptionEstimate:
    """Run the model with the central, low-end and high-end parameter sets.

    ``model`` is ``knowledge.absorption`` or a copy with overrides
    (``model.with_values(if_capacity_ug=2.0)``); ``conditions`` are the profile's codes.
    """
    items = list(intakes)
    codes = list(conditions)
    central, low, high = (absorb(items, model.params(end, codes)) for end in _ENDS)
    return AbsorptionEstimate(central=central, low=low, high=high)


# --- From diary entries --------------------------------------------------------------------


def food_b12_parts(entry: FoodEntry) -> tuple[float | None, float | None]:
    """(natural, added) B12 of a food entry in µg; None where the value is missing.

    Natural = total - added. With a total but no added value, all of it counts as
    natural (the lower-absorbing reading; the missing value is counted by the report).
    With no total, natural is unknown and only a known added amount is used.
    """
    total = entry.nutrients.get("b12")
    added = entry.nutrients.get("b12_added")
    if total is None:
        return None, (max(added, 0.0) if added is not None else None)
    total = max(total, 0.0)
    if added is None:
        return total, None
    added = min(max(added, 0.0), total)
    return total - added, added


def intakes_from_entries(entries: Iterable[Entry]) -> list[B12Intake]:
    """The oral B12 intakes of a diary: foods split into natural and added, oral and
    sublingual doses. Injections are left out: they bypass absorption."""
    intakes: list[B12Intake] = []
    for entry in entries:
        if isinstance(entry, FoodEntry):
            natural, added = food_b12_parts(entry)
            if natural:
                intakes.append(B12Intake(entry.at, natural, "food_natural", entry.food_name))
            if added:
                intakes.append(B12Intake(entry.at, added, "food_fortified", entry.food_name))
        elif (
            isinstance(entry, SupplementEntry)
            and entry.route != "intramuscular"
            and entry.dose_ug > 0
        ):
            label = f"{entry.dose_ug:g} µg {entry.form} ({entry.route})"
            intakes.append(B12Intake(entry.at, entry.dose_ug, "supplement", label))
    return intakes


def injected_ug(entries: Iterable[Entry]) -> float:
    """Intramuscular B12 in the entries: delivered whole, never counted as absorbed."""
    return _supplement_ug(entries, injected=True)


def oral_supplement_ug(entries: Iterable[Entry]) -> float:
    """B12 from supplements taken by mouth or under the tongue."""
    return _supplement_ug(entries, injected=False)


def _supplement_ug(entries: Iterable[Entry], injected: bool) -> float:
    return sum(
        (
            e.dose_ug
            for e in entries
            if isinstance(e, SupplementEntry)
            and (e.route == "intramuscular") == injected
            and e.dose_ug > 0
        ),
        0.0,
    )


# --- What if the intakes were timed differently -----------------------------------------------


def split_intakes(
    intakes: Sequence[B12Intake], indices: Collection[int], parts: int, hours_apart: float
) -> list[B12Intake]:
    """A copy with the intakes at ``indices`` (e.g. the natural and added B12 of one food)
    each split into equal parts ``hours_apart`` hours apart."""
    out: list[B12Intake] = []
    for k, item in enumerate(intakes):
        if k not in indices:
            out.append(item)
            continue
        share = item.ug / parts
        out.extend(
            replace(item, ug=share, at=item.at + timedelta(hours=hours_apart * n))
            for n in range(parts)
        )
    return out


def move_intakes(
    intakes: Sequence[B12Intake], indices: Collection[int], to: datetime
) -> list[B12Intake]:
    """A copy with the intakes at ``indices`` taken at another time."""
    return [replace(i, at=to) if k in indices else i for k, i in enumerate(intakes)]
