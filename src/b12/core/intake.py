"""What a diary says about B12, electrolyte and fluid intake, day by day and on average.

The question behind it: is the person getting enough B12 into the body, and would taking
the same B12 at other times help? So B12 is shown twice: EATEN, by source, and ABSORBED,
as modelled by ``b12.core.absorption`` with its range. The IOM RDA already assumes 50%
absorption, so eaten B12 is compared with the RDA and absorbed B12 with RDA x 0.5 (the
factor is data: ``absorption.toml`` ``reference_absorption``). Potassium, sodium,
magnesium, calcium and water are compared with the profile's reference.

Missing is never zero: a food without a value for a nutrient is counted, and that day's sum
is a lower bound (``complete`` is False). Days with nothing logged are shown but left out
of the averages, since an empty day is more likely unlogged than a day without food.

Whether other timings would help is ``b12.core.retiming``'s job; this module asks it once
per day and reports its answer.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from b12.core.absorption import (
    ZERO,
    AbsorptionEstimate,
    B12Intake,
    Estimate,
    estimate_absorption,
    food_b12_parts,
    injected_ug,
    intakes_from_entries,
    oral_supplement_ug,
)
from b12.core.diary import (
    ABSORPTION_CONDITIONS,
    DIARY_NUTRIENTS,
    DrinkEntry,
    Entry,
    FoodEntry,
    Profile,
    SupplementEntry,
)
from b12.core.diary_contract import (
    B12EatenJSON,
    B12FiguresJSON,
    DayIntakeJSON,
    FluidsJSON,
    IntakeFiguresJSON,
    IntakeReportJSON,
    NutrientAmountJSON,
    TypicalB12JSON,
)
from b12.core.diary_days import CrampDay, cramp_day, days_between, entries_by_day, symptoms_of
from b12.core.retiming import Retiming, retiming_advice
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.knowledge.models import (
    ABSORPTION_PARAMETERS,
    AbsorptionModel,
    IntakeReference,
)

Mineral = Literal["potassium", "sodium", "magnesium", "calcium"]
MINERALS: tuple[Mineral, ...] = ("potassium", "sodium", "magnesium", "calcium")


# --- Result types ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class B12Eaten:
    """B12 by source, in µg. Injections are delivered, not eaten: kept apart from oral."""

    food_natural_ug: float = 0.0
    food_fortified_ug: float = 0.0
    supplement_oral_ug: float = 0.0  # oral and sublingual doses
    injection_ug: float = 0.0

    @property
    def oral_ug(self) -> float:
        return self.food_natural_ug + self.food_fortified_ug + self.supplement_oral_ug

    def to_dict(self) -> B12EatenJSON:
        return {
            "food_natural": _rf(self.food_natural_ug),
            "food_fortified": _rf(self.food_fortified_ug),
            "supplement_oral": _rf(self.supplement_oral_ug),
            "oral_total": _rf(self.oral_ug),
            "injection": _rf(self.injection_ug),
        }


@dataclass(frozen=True, slots=True)
class B12Figures:
    eaten: B12Eaten
    absorbed: Estimate
    target_ug: float | None  # the reference as published (eaten is compared with it)
    absorbed_target_ug: float | None  # reference x its assumed absorption; None if none
    foods_missing: int  # foods with no B12 value
    foods_missing_added: int  # foods with a B12 value but no added-B12 value

    @property
    def complete(self) -> bool:
        return self.foods_missing == 0

    @property
    def percent_eaten_of_target(self) -> float | None:
        return _percent(self.eaten.oral_ug, self.target_ug)

    @property
    def percent_absorbed_of_target(self) -> Estimate | None:
        if not self.absorbed_target_ug:
            return None
        return self.absorbed.scaled(100 / self.absorbed_target_ug)

    def to_dict(self) -> B12FiguresJSON:
        pct_absorbed = self.percent_absorbed_of_target
        return {
            "eaten_ug": self.eaten.to_dict(),
            "absorbed_ug": self.absorbed.to_dict(),
            "target_ug": self.target_ug,
            "percent_eaten_of_target": _r(self.percent_eaten_of_target, 1),
            "absorbed_target_ug": _r(self.absorbed_target_ug),
            "percent_absorbed_of_target": (
                pct_absorbed.to_dict(1) if pct_absorbed is not None else None
            ),
            "foods_missing_b12": self.foods_missing,
            "foods_missing_b12_added": self.foods_missing_added,
            "complete": self.complete,
        }


@dataclass(frozen=True, slots=True)
class NutrientAmount:
    """A nutrient summed over the foods that report it; ``foods_missing`` did not."""

    amount: float
    unit: str
    foods_missing: int
    target: float | None
    upper: float | None = None

    @property
    def complete(self) -> bool:
        return self.foods_missing == 0

    @property
    def percent_of_target(self) -> float | None:
        return _percent(self.amount, self.target)

    @property
    def above_upper(self) -> bool | None:
        """True above the upper level; None if below it but foods are missing (unknown)."""
        if self.upper is None:
            return None
        if self.amount > self.upper:
            return True
        return False if self.complete else None

    def to_dict(self) -> NutrientAmountJSON:
        out: NutrientAmountJSON = {
            "amount": _rf(self.amount, 1),
            "unit": self.unit,
            "target": self.target,
            "percent_of_target": _r(self.percent_of_target, 1),
            "foods_missing": self.foods_missing,
            "complete": self.complete,
        }
        if self.upper is not None:
            out["upper"] = self.upper
            out["above_upper"] = self.above_upper
        return out


@dataclass(frozen=True, slots=True)
class Fluids:
    """Total water in litres: water in foods plus drinks (the water AI is for TOTAL water)."""

    from_food_l: float
    drinks_l: float
    foods_missing: int  # foods with no water value
    target_l: float | None

    @property
    def total_l(self) -> float:
        return self.from_food_l + self.drinks_l

    @property
    def complete(self) -> bool:
        return self.foods_missing == 0

    @property
    def percent_of_target(self) -> float | None:
        return _percent(self.total_l, self.target_l)

    def to_dict(self) -> FluidsJSON:
        return {
            "from_food_l": _rf(self.from_food_l),
            "drinks_l": _rf(self.drinks_l),
            "total_l": _rf(self.total_l),
            "target_l": self.target_l,
            "percent_of_target": _r(self.percent_of_target, 1),
            "foods_missing_water": self.foods_missing,
            "complete": self.complete,
        }


@dataclass(frozen=True, slots=True)
class IntakeFigures:
    """The intake figures of one day, or their average over the logged days."""

    foods: int
    b12: B12Figures
    minerals: dict[str, NutrientAmount]
    fluids: Fluids
    missing_values: dict[str, int]  # per diary nutrient: foods without a value

    def to_dict(self) -> IntakeFiguresJSON:
        minerals = self.minerals
        return {
            "foods": self.foods,
            "b12": self.b12.to_dict(),
            "potassium": minerals["potassium"].to_dict(),
            "sodium": minerals["sodium"].to_dict(),
            "magnesium": minerals["magnesium"].to_dict(),
            "calcium": minerals["calcium"].to_dict(),
            "fluids": self.fluids.to_dict(),
            "missing_values": dict(self.missing_values),
        }


@dataclass(frozen=True, slots=True)
class DayIntake:
    day: date
    logged: bool  # any food, supplement or drink that day
    figures: IntakeFigures
    cramps: CrampDay
    symptoms: tuple[str, ...]
    advice: tuple[Retiming, ...] = ()

    def to_dict(self) -> DayIntakeJSON:
        return {
            "date": self.day.isoformat(),
            "logged": self.logged,
            **self.figures.to_dict(),
            "cramps": self.cramps.to_dict(),
            "symptoms": list(self.symptoms),
            "advice": [a.to_dict() for a in self.advice],
        }


@dataclass(frozen=True, slots=True)
class TypicalB12:
    """The B12 of a typical logged day, which a few supplement days cannot pull up: the
    median eaten and absorbed, and on how many logged days each target was reached."""

    days_logged: int
    median_eaten_ug: float
    median_absorbed_ug: float  # the median of each day's central estimate
    days_eaten_target_met: int | None  # None without a target
    days_absorbed_target_met: int | None

    def to_dict(self) -> TypicalB12JSON:
        return {
            "days_logged": self.days_logged,
            "median_eaten_ug": _rf(self.median_eaten_ug),
            "median_absorbed_ug": _rf(self.median_absorbed_ug),
            "days_eaten_target_met": self.days_eaten_target_met,
            "days_absorbed_target_met": self.days_absorbed_target_met,
        }


@dataclass(frozen=True, slots=True)
class IntakeReport:
    start: date
    end: date
    reference_id: str
    reference_title: str
    conditions: tuple[str, ...]
    days: tuple[DayIntake, ...]
    average: IntakeFigures | None  # per day, over the logged days; None if none logged
    notes: tuple[str, ...]
    assumptions: dict[str, str]
    sources: tuple[str, ...]
    model: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def days_logged(self) -> int:
        return sum(1 for d in self.days if d.logged)

    @property
    def cramps_total(self) -> int:
        return sum(d.cramps.count for d in self.days)

    def typical_b12(self) -> TypicalB12 | None:
        """The median logged day and the days on target; None when nothing was logged."""
        logged = [d.figures.b12 for d in self.days if d.logged]
        if not logged:
            return None
        eaten_target, absorbed_target = logged[0].target_ug, logged[0].absorbed_target_ug
        return TypicalB12(
            days_logged=len(logged),
            median_eaten_ug=statistics.median(b.eaten.oral_ug for b in logged),
            median_absorbed_ug=statistics.median(b.absorbed.central for b in logged),
            days_eaten_target_met=(
                sum(b.eaten.oral_ug >= eaten_target for b in logged) if eaten_target else None
            ),
            days_absorbed_target_met=(
                sum(b.absorbed.central >= absorbed_target for b in logged)
                if absorbed_target
                else None
            ),
        )

    def to_dict(self) -> IntakeReportJSON:
        typical = self.typical_b12()
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "reference": {"id": self.reference_id, "title": self.reference_title},
            "conditions": list(self.conditions),
            "days_in_range": len(self.days),
            "days_logged": self.days_logged,
            "average_per_logged_day": self.average.to_dict() if self.average else None,
            "typical_b12": typical.to_dict() if typical else None,
            "cramps_total": self.cramps_total,
            "days": [d.to_dict() for d in self.days],
            "notes": list(self.notes),
            "assumptions": dict(self.assumptions),
            "model": self.model,
            "sources": list(self.sources),
        }


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _rf(value: float, digits: int = 3) -> float:
    return round(value, digits)


def _percent(amount: float, target: float | None) -> float | None:
    return None if not target else 100 * amount / target


# --- Targets -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Targets:
    b12_ug: float | None
    b12_absorbed_ug: float | None
    minerals: dict[str, float | None]
    sodium_upper_mg: float | None
    water_l: float | None


def _reference(knowledge: Knowledge, profile: Profile) -> IntakeReference:
    targets = knowledge.intake_targets
    if profile.reference not in targets.references:
        allowed = ", ".join(sorted(targets.references))
        raise InputError(
            f"unknown intake reference {profile.reference!r}; allowed: {allowed}",
            field="reference",
        )
    return targets.reference(profile.reference)


def _targets(reference: IntakeReference, profile: Profile, model: AbsorptionModel) -> _Targets:
    stage = {"pregnant": profile.pregnant, "lactating": profile.breastfeeding}
    b12 = reference.b12_target(profile.age, **stage)
    assumed = model.reference_absorption.assumed.get(reference.id)
    return _Targets(
        b12_ug=b12,
        b12_absorbed_ug=b12 * assumed if b12 is not None and assumed is not None else None,
        minerals={
            m: reference.mineral_target(m, profile.age, profile.sex, **stage) for m in MINERALS
        },
        sodium_upper_mg=(
            reference.adult.sodium_upper_mg if profile.age >= reference.adult_min_age() else None
        ),
        water_l=reference.mineral_target("water", profile.age, profile.sex, **stage),
    )


# --- One day's figures -------------------------------------------------------------------------


def _sum_known(foods: Sequence[FoodEntry], nutrient: str) -> tuple[float, int]:
    """Sum of a nutrient over the foods that report it, and how many do not."""
    total, missing = 0.0, 0
    for food in foods:
        value = food.nutrients.get(nutrient)
        if value is None:
            missing += 1
        else:
            total += value
    return total, missing


def _b12_eaten(foods: Sequence[FoodEntry], entries: Sequence[Entry]) -> tuple[B12Eaten, int]:
    natural = fortified = 0.0
    missing_added = 0
    for food in foods:
        nat, added = food_b12_parts(food)
        natural += nat or 0.0  # a missing part is counted below, never added as 0
        fortified += added or 0.0
        if food.nutrients.get("b12") is not None and added is None:
            missing_added += 1
    oral = oral_supplement_ug(entries)
    return B12Eaten(natural, fortified, oral, injected_ug(entries)), missing_added


def _day_figures(entries: Sequence[Entry], absorbed: Estimate, targets: _Targets) -> IntakeFigures:
    foods = [e for e in entries if isinstance(e, FoodEntry)]
    eaten, missing_added = _b12_eaten(foods, entries)
    sums = {n: _sum_known(foods, n) for n in DIARY_NUTRIENTS}
    minerals: dict[str, NutrientAmount] = {
        m: NutrientAmount(
            amount=sums[m][0],
            unit="mg",
            foods_missing=sums[m][1],
            target=targets.minerals[m],
            upper=targets.sodium_upper_mg if m == "sodium" else None,
        )
        for m in MINERALS
    }
    drinks_ml = sum((e.volume_ml for e in entries if isinstance(e, DrinkEntry)), 0.0)
    fluids = Fluids(
        from_food_l=sums["water"][0] / 1000,  # food water is in grams; 1 g of water = 1 mL
        drinks_l=drinks_ml / 1000,
        foods_missing=sums["water"][1],
        target_l=targets.water_l,
    )
    b12 = B12Figures(
        eaten=eaten,
        absorbed=absorbed,
        target_ug=targets.b12_ug,
        absorbed_target_ug=targets.b12_absorbed_ug,
        foods_missing=sums["b12"][1],
        foods_missing_added=missing_added,
    )
    return IntakeFigures(
        foods=len(foods),
        b12=b12,
        minerals=minerals,
        fluids=fluids,
        missing_values={n: sums[n][1] for n in DIARY_NUTRIENTS},
    )


def _average(days: Sequence[IntakeFigures]) -> IntakeFigures | None:
    """Mean per logged day; missing-value counts are totals over the period."""
    if not days:
        return None
    n = len(days)
    first = days[0]

    def mean(values: Iterable[float]) -> float:
        return sum(values) / n

    eaten = B12Eaten(
        mean(d.b12.eaten.food_natural_ug for d in days),
        mean(d.b12.eaten.food_fortified_ug for d in days),
        mean(d.b12.eaten.supplement_oral_ug for d in days),
        mean(d.b12.eaten.injection_ug for d in days),
    )
    absorbed = sum((d.b12.absorbed for d in days), ZERO).scaled(1 / n)
    minerals = {
        m: NutrientAmount(
            amount=mean(d.minerals[m].amount for d in days),
            unit=first.minerals[m].unit,
            foods_missing=sum(d.minerals[m].foods_missing for d in days),
            target=first.minerals[m].target,
            upper=first.minerals[m].upper,
        )
        for m in first.minerals
    }
    fluids = Fluids(
        from_food_l=mean(d.fluids.from_food_l for d in days),
        drinks_l=mean(d.fluids.drinks_l for d in days),
        foods_missing=sum(d.fluids.foods_missing for d in days),
        target_l=first.fluids.target_l,
    )
    b12 = B12Figures(
        eaten=eaten,
        absorbed=absorbed,
        target_ug=first.b12.target_ug,
        absorbed_target_ug=first.b12.absorbed_target_ug,
        foods_missing=sum(d.b12.foods_missing for d in days),
        foods_missing_added=sum(d.b12.foods_missing_added for d in days),
    )
    missing = {k: sum(d.missing_values[k] for d in days) for k in first.missing_values}
    return IntakeFigures(sum(d.foods for d in days), b12, minerals, fluids, missing)


# --- Notes -------------------------------------------------------------------------------------

_NUTRIENT_NAMES = {
    "b12": "B12",
    "b12_added": "added-B12",
    "water": "water",
    "potassium": "potassium",
    "sodium": "sodium",
    "magnesium": "magnesium",
    "calcium": "calcium",
}


def _notes(
    report_days: Sequence[DayIntake],
    average: IntakeFigures | None,
    reference: IntakeReference,
    targets: _Targets,
    model: AbsorptionModel,
    profile: Profile,
) -> list[str]:
    notes: list[str] = []
    assumed = model.reference_absorption.assumed.get(reference.id)
    if targets.b12_ug is not None and assumed is not None and targets.b12_absorbed_ug:
        notes.append(
            f"The {reference.id} B12 reference ({targets.b12_ug:g} µg) already assumes "
            f"{assumed:.0%} absorption: eaten B12 is compared with {targets.b12_ug:g} µg, "
            f"modelled absorbed B12 with {targets.b12_absorbed_ug:g} µg."
        )
    elif targets.b12_ug is not None:
        notes.append(
            f"The {reference.id} B12 reference ({targets.b12_ug:g} µg) states no assumed "
            "absorption: only eaten B12 is compared with it."
        )
    else:
        notes.append(f"The {reference.id} reference has no B12 value for age {profile.age:g}.")
    if profile.sex is None and not (profile.pregnant or profile.breastfeeding):
        notes.append("Sex is not set: mineral and water targets need it, so none are shown.")
    if average is not None:
        for code, count in average.missing_values.items():
            if not count or code not in _NUTRIENT_NAMES:
                continue
            plural = "food" if count == 1 else "foods"
            if code == "b12_added":
                count = average.b12.foods_missing_added
                if count:
                    plural = "food" if count == 1 else "foods"
                    notes.append(
                        f"{count} {plural} had a B12 value but no added-B12 value: their B12 "
                        "is treated as natural food B12 (the lower-absorbing reading)."
                    )
            else:
                notes.append(
                    f"{count} {plural} had no {_NUTRIENT_NAMES[code]} value: they are counted, "
                    "not added as 0, and the totals of those days are lower bounds."
                )
    absent = model.absorption_routes_absent(profile.conditions)
    passive = model.passive_fraction.central
    if absent:
        notes.append(
            f"With {', '.join(absent)} the intrinsic-factor route is absent: only about "
            f"{passive:.0%} of crystalline B12 (supplements, fortified foods) is absorbed, "
            "whatever the timing, and B12 naturally in food is not absorbed."
        )
    unknown = [
        c for c in profile.conditions if c in ABSORPTION_CONDITIONS and c not in model.conditions
    ]
    if unknown:
        notes.append(f"Conditions not in the absorption model (ignored): {', '.join(unknown)}.")
    injected = sum(d.figures.b12.eaten.injection_ug for d in report_days)
    if injected:
        notes.append(
            f"Injected B12 ({injected:g} µg) bypasses the gut: it is reported separately as "
            "delivered and not counted as absorbed."
        )
    return notes


def _model_summary(model: AbsorptionModel) -> dict[str, dict[str, Any]]:
    out = {}
    for name in ABSORPTION_PARAMETERS:
        p = getattr(model, name)
        out[name] = {
            "central": p.central,
            "for_low": p.for_low,
            "for_high": p.for_high,
            "unit": p.unit,
            "sources": list(p.sources),
        }
    return out


def _sources(
    model: AbsorptionModel, reference: IntakeReference, conditions: Sequence[str]
) -> tuple[str, ...]:
    ids: dict[str, None] = dict.fromkeys(reference.sources)
    for name in _model_summary(model):
        ids.update(dict.fromkeys(getattr(model, name).sources))
    for note in model.assumptions.values():
        ids.update(dict.fromkeys(note.sources))
    ids.update(dict.fromkeys(model.reference_absorption.sources))
    for code in conditions:
        if code in model.conditions:
            ids.update(dict.fromkeys(model.conditions[code].sources))
    return tuple(ids)


# --- Entry point -------------------------------------------------------------------------------


def analyse_intake(
    entries: Iterable[Entry],
    profile: Profile,
    knowledge: Knowledge,
    start: date,
    end: date,
    *,
    absorption: AbsorptionModel | None = None,
) -> IntakeReport:
    """The intake report for the days from ``start`` to ``end`` (both included).

    ``absorption`` overrides the packaged model (``knowledge.absorption.with_values(...)``)
    for what-if questions; the default is the cited model in ``absorption.toml``.
    """
    if end < start:
        raise InputError(f"end {end} is before start {start}", field="end")
    model = absorption or knowledge.absorption
    reference = _reference(knowledge, profile)
    targets = _targets(reference, profile, model)
    by_day = entries_by_day(entries, start, end)
    in_range = [e for day in by_day.values() for e in day]
    intakes = intakes_from_entries(in_range)
    estimate: AbsorptionEstimate = estimate_absorption(intakes, model, profile.conditions)
    absorbed_by_day = estimate.absorbed_by_day()
    central = model.params("central", profile.conditions)
    intakes_by_day: dict[date, list[B12Intake]] = {day: [] for day in by_day}
    for intake in intakes:
        intakes_by_day[intake.at.date()].append(intake)

    days = []
    for day in days_between(start, end):
        entries_of_day = by_day[day]
        logged = any(
            isinstance(e, FoodEntry | SupplementEntry | DrinkEntry) for e in entries_of_day
        )
        figures = _day_figures(entries_of_day, absorbed_by_day.get(day, ZERO), targets)
        advice = retiming_advice(intakes_by_day[day], central, model) if intakes_by_day[day] else []
        days.append(
            DayIntake(
                day=day,
                logged=logged,
                figures=figures,
                cramps=cramp_day(entries_of_day),
                symptoms=symptoms_of(entries_of_day),
                advice=tuple(advice),
            )
        )
    average = _average([d.figures for d in days if d.logged])
    return IntakeReport(
        start=start,
        end=end,
        reference_id=reference.id,
        reference_title=reference.title,
        conditions=tuple(profile.conditions),
        days=tuple(days),
        average=average,
        notes=tuple(_notes(days, average, reference, targets, model, profile)),
        assumptions={name: a.note for name, a in model.assumptions.items()},
        sources=_sources(model, reference, profile.conditions),
        model=_model_summary(model),
    )
