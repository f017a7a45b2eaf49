"""A plan as a person reads it and as JSON, with its totals from the diary's own analysis.

Each planned item is the diary entry ``b12 plan --log`` would write (the same nutrient
snapshot ``b12 log food`` takes), and each day's totals are ``analyse_intake`` run on those
entries: so a logged plan day and ``b12 intake`` for that day agree to the rounding, by
construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from b12.core.absorption import Estimate
from b12.core.diary import FoodEntry, SupplementEntry
from b12.planner.contract import (
    DayTotalsJSON,
    PercentOfTargetJSON,
    PlanDayJSON,
    PlanItemJSON,
    PlanJSON,
    PlanMealJSON,
    SolverJSON,
    SupplementDoseJSON,
    UnmetJSON,
)
from b12.planner.request import Targets

DISCLAIMER = (
    "This plan is information, not a prescription: it shows one way to reach the intake "
    "references with the project's absorption model. Talk to a doctor, pharmacist or "
    "dietitian before changing treatment, and about any symptoms."
)


@dataclass(frozen=True, slots=True)
class PlanItem:
    entry: FoodEntry
    role: str
    units: int

    def to_dict(self) -> PlanItemJSON:
        return {
            "food_id": self.entry.food_id,
            "name": self.entry.food_name,
            "amount": self.entry.amount_text,
            "grams": self.entry.grams,
            "role": self.role,
        }


@dataclass(frozen=True, slots=True)
class PlanMeal:
    meal: str
    time: str
    items: tuple[PlanItem, ...]

    def to_dict(self) -> PlanMealJSON:
        return {"meal": self.meal, "time": self.time, "items": [i.to_dict() for i in self.items]}


@dataclass(frozen=True, slots=True)
class DayTotals:
    energy_kcal: float
    b12_eaten_ug: float
    b12_crystalline_ug: float
    b12_absorbed_ug: Estimate
    potassium_mg: float
    magnesium_mg: float
    calcium_mg: float
    sodium_mg: float
    water_ml: float
    foods_missing: dict[str, int]

    def to_dict(self) -> DayTotalsJSON:
        return {
            "energy_kcal": round(self.energy_kcal, 1),
            "b12_eaten_ug": round(self.b12_eaten_ug, 3),
            "b12_crystalline_ug": round(self.b12_crystalline_ug, 3),
            "b12_absorbed_ug": self.b12_absorbed_ug.to_dict(),
            "potassium_mg": round(self.potassium_mg, 1),
            "magnesium_mg": round(self.magnesium_mg, 1),
            "calcium_mg": round(self.calcium_mg, 1),
            "sodium_mg": round(self.sodium_mg, 1),
            "water_ml": round(self.water_ml),
            "foods_missing": dict(self.foods_missing),
        }


@dataclass(frozen=True, slots=True)
class PlanDay:
    day: date
    meals: tuple[PlanMeal, ...]
    supplements: tuple[SupplementEntry, ...]
    totals: DayTotals

    @property
    def entries(self) -> list[FoodEntry | SupplementEntry]:
        """What ``b12 plan --log`` writes for this day."""
        foods: list[FoodEntry | SupplementEntry] = [i.entry for m in self.meals for i in m.items]
        return [*foods, *self.supplements]

    def to_dict(self, targets: Targets) -> PlanDayJSON:
        return {
            "date": self.day.isoformat(),
            "meals": [m.to_dict() for m in self.meals],
            "supplements": [
                {
                    "time": s.at.strftime("%H:%M"),
                    "dose_ug": s.dose_ug,
                    "form": s.form,
                    "route": s.route,
                }
                for s in self.supplements
            ],
            "totals": self.totals.to_dict(),
            "percent_of_target": percent_of_targets(self.totals, targets),
        }


def percent_of_targets(t: DayTotals, targets: Targets) -> PercentOfTargetJSON:
    def pct(amount: float, target: float | None) -> float | None:
        return None if not target else round(100 * amount / target, 1)

    return {
        "energy": pct(t.energy_kcal, targets.energy_kcal),
        "b12_absorbed": pct(t.b12_absorbed_ug.central, targets.b12_absorbed_ug),
        "potassium": pct(t.potassium_mg, targets.minerals.get("potassium")),
        "magnesium": pct(t.magnesium_mg, targets.minerals.get("magnesium")),
        "calcium": pct(t.calcium_mg, targets.minerals.get("calcium")),
        "sodium_of_upper": pct(t.sodium_mg, targets.sodium_upper_mg),
        "water": pct(t.water_ml, targets.water_ml),
    }


@dataclass(frozen=True, slots=True)
class Unmet:
    nutrient: str
    why: str
    days: tuple[int, ...] = ()  # 1-based plan days; empty = the whole plan

    def to_dict(self) -> UnmetJSON:
        return {"nutrient": self.nutrient, "why": self.why, "days": list(self.days)}


@dataclass(frozen=True, slots=True)
class SolverInfo:
    status: str
    seconds: float
    gap: float | None
    columns: int
    rows: int
    candidates: int

    def to_dict(self) -> SolverJSON:
        return {
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "mip_gap": None if self.gap is None else round(self.gap, 4),
            "columns": self.columns,
            "rows": self.rows,
            "candidate_foods": self.candidates,
        }


@dataclass(frozen=True, slots=True)
class Plan:
    profile: str
    diet: str
    conditions: tuple[str, ...]
    targets: Targets
    days: tuple[PlanDay, ...]
    unmet: tuple[Unmet, ...]
    supplement: SupplementDoseJSON | None  # the dose chosen, its note and sources
    alternatives: tuple[SupplementDoseJSON, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    solver: SolverInfo

    def to_dict(self) -> PlanJSON:
        return {
            "profile": self.profile,
            "diet": self.diet,
            "conditions": list(self.conditions),
            "targets": self.targets.to_dict(),
            "days": [d.to_dict(self.targets) for d in self.days],
            "unmet": [u.to_dict() for u in self.unmet],
            "supplement": self.supplement,
            "alternatives": list(self.alternatives),
            "notes": list(self.notes),
            "sources": list(self.sources),
            "solver": self.solver.to_dict(),
            "disclaimer": DISCLAIMER,
        }
