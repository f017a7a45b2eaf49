"""The JSON of a meal plan (``b12 plan --json`` and ``GET /api/plan``), declared once.

As in ``b12.core.contract`` (which says why ``typing_extensions.TypedDict`` and why no
``from __future__ import annotations``): ``b12.planner.result``'s ``to_dict``s return
these, so mypy checks their keys and types; the API names ``PlanJSON`` as its response
schema, and tests/web/test_contract.py checks real plans against it.
"""

from typing import Literal

from typing_extensions import TypedDict

from b12.core.diary_contract import EstimateJSON


class TargetsJSON(TypedDict):
    """One day's targets; minerals and water are null when the profile lacks sex."""

    energy_kcal: int
    energy_range_kcal: list[int]
    energy_basis: str
    """How the energy target was set, in words."""
    b12_eaten_ug: float | None
    b12_absorbed_ug: float | None
    b12_crystalline_min_ug: float | None
    """Older adults: crystalline B12 the plan must hold."""
    potassium_mg: float | None
    magnesium_mg: float | None
    calcium_mg: float | None
    sodium_mg: float | None
    sodium_upper_mg: float | None
    water_ml: int | None


class PlanItemJSON(TypedDict):
    """A food of a meal: the diary entry ``b12 plan --log`` would write."""

    food_id: str
    name: str
    amount: str
    grams: float
    role: str


class PlanMealJSON(TypedDict):
    meal: str
    time: str
    items: list[PlanItemJSON]


class PlanSupplementJSON(TypedDict):
    """A B12 dose of a day."""

    time: str
    dose_ug: float
    form: str
    route: Literal["oral", "sublingual", "intramuscular"]


class DayTotalsJSON(TypedDict):
    """A day's totals, from the diary's own analysis of its entries."""

    energy_kcal: float
    b12_eaten_ug: float
    b12_crystalline_ug: float
    b12_absorbed_ug: EstimateJSON
    potassium_mg: float
    magnesium_mg: float
    calcium_mg: float
    sodium_mg: float
    water_ml: int
    foods_missing: dict[str, int]
    """Per nutrient, how many of the day's foods do not report it."""


class PercentOfTargetJSON(TypedDict):
    """Each total as a percentage of its target; null where there is no target."""

    energy: float | None
    b12_absorbed: float | None
    potassium: float | None
    magnesium: float | None
    calcium: float | None
    sodium_of_upper: float | None
    water: float | None


class PlanDayJSON(TypedDict):
    date: str
    meals: list[PlanMealJSON]
    supplements: list[PlanSupplementJSON]
    totals: DayTotalsJSON
    percent_of_target: PercentOfTargetJSON


class UnmetJSON(TypedDict):
    nutrient: str
    why: str
    days: list[int]
    """1-based plan days; empty: the whole plan."""


class SolverJSON(TypedDict):
    status: str
    seconds: float
    mip_gap: float | None
    columns: int
    rows: int
    candidate_foods: int


class SupplementDoseJSON(TypedDict):
    """A B12 dose the plan chose (or an alternative to it), its note and sources."""

    id: str
    dose_ug: float
    every: Literal["day", "week"]
    note: str
    sources: list[str]


class PlanJSON(TypedDict):
    """A meal plan. Information, not a prescription (``disclaimer``)."""

    profile: str
    diet: str
    conditions: list[str]
    targets: TargetsJSON
    days: list[PlanDayJSON]
    unmet: list[UnmetJSON]
    supplement: SupplementDoseJSON | None
    alternatives: list[SupplementDoseJSON]
    notes: list[str]
    sources: list[str]
    solver: SolverJSON
    disclaimer: str
