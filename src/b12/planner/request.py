"""What a plan is asked for, checked once, and the day's targets it must reach.

The targets come from the same places ``b12 intake`` reads them (an empty day's intake
analysis gives the B12, mineral and water targets of the profile), so the plan and the
diary report compare with the same numbers. Energy comes from the person's stated target or
the IOM 2005 EER equations in ``planner.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from b12.core.diary import Profile
from b12.core.intake import analyse_intake
from b12.errors import InputError
from b12.foods.diets import DIETS
from b12.knowledge import Knowledge
from b12.knowledge.plan_models import Activity
from b12.planner.contract import TargetsJSON

SUPPLEMENT_CHOICES = ("allow", "none")
ACTIVITIES: tuple[Activity, ...] = ("sedentary", "low_active", "active", "very_active")
MAX_DAYS = 14


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """One request for a plan. ``diet`` None means the profile's diet (else omnivore)."""

    profile: Profile
    days: int = 7
    start: date | None = None
    diet: str | None = None
    exclude: tuple[str, ...] = ()
    prefer: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    energy_kcal: float | None = None
    supplements: str = "allow"
    activity: str | None = None
    weight_kg: float | None = None
    height_cm: float | None = None
    trimester: int | None = None
    time_limit_s: float = 30.0
    relax: bool = False  # solve the LP relaxation (the benchmark's baseline)
    rules_off: frozenset[str] = field(default_factory=frozenset)
    """Realism rules switched off, by name (``RULES``): for tests that show a rule bites."""


RULES = ("family", "variety", "exclude_words", "roles", "everyday", "role_caps")


def diary_window(first_day: date, knowledge: Knowledge) -> tuple[date, date]:
    """The first and last day of the diary a plan starting on ``first_day`` reads: the
    ``diary_days`` before it, so logging a planned day never changes the plan."""
    last = first_day - timedelta(days=1)
    return last - timedelta(days=knowledge.planner.penalties.diary_days), last


def check_request(request: PlanRequest) -> None:
    """One clear error for the first bad field."""
    if not 1 <= request.days <= MAX_DAYS:
        raise InputError(f"days must be between 1 and {MAX_DAYS}", field="days")
    if request.diet is not None and request.diet.strip().lower() not in DIETS:
        raise InputError(
            f"unknown diet {request.diet!r}; use one of: {', '.join(DIETS)}", field="diet"
        )
    if request.supplements not in SUPPLEMENT_CHOICES:
        raise InputError(
            f"supplements must be one of: {', '.join(SUPPLEMENT_CHOICES)}", field="supplements"
        )
    if request.energy_kcal is not None and not 1000 <= request.energy_kcal <= 5000:
        raise InputError("energy must be between 1000 and 5000 kcal a day", field="energy")
    if request.activity is not None and request.activity not in ACTIVITIES:
        raise InputError(
            f"unknown activity {request.activity!r}; use one of: {', '.join(ACTIVITIES)}",
            field="activity",
        )
    if request.weight_kg is not None and not 30 <= request.weight_kg <= 250:
        raise InputError("weight must be between 30 and 250 kg", field="weight")
    if request.height_cm is not None and not 120 <= request.height_cm <= 230:
        raise InputError("height must be between 120 and 230 cm", field="height")
    if request.trimester is not None and request.trimester not in (1, 2, 3):
        raise InputError("trimester must be 1, 2 or 3", field="trimester")
    unknown = sorted(set(request.rules_off) - set(RULES))
    if unknown:
        raise InputError(f"unknown rules {unknown}; allowed: {', '.join(RULES)}", field="rules")
    for word in request.exclude:
        if not word.strip():
            raise InputError("an --exclude word is empty", field="exclude")


@dataclass(frozen=True, slots=True)
class Targets:
    """One day's targets. Minerals and water may be None when the profile lacks sex."""

    energy_kcal: float
    energy_low: float
    energy_high: float
    energy_basis: str  # how the energy target was set, in words
    b12_eaten_ug: float | None
    b12_absorbed_ug: float | None
    crystalline_min_ug: float  # older adults: eaten crystalline B12 the plan must hold
    minerals: dict[str, float | None]  # potassium, magnesium, calcium, sodium (AI)
    sodium_upper_mg: float | None
    water_ml: float | None

    def to_dict(self) -> TargetsJSON:
        return {
            "energy_kcal": round(self.energy_kcal),
            "energy_range_kcal": [round(self.energy_low), round(self.energy_high)],
            "energy_basis": self.energy_basis,
            "b12_eaten_ug": self.b12_eaten_ug,
            "b12_absorbed_ug": _round(self.b12_absorbed_ug),
            "b12_crystalline_min_ug": _round(self.crystalline_min_ug),
            "potassium_mg": self.minerals.get("potassium"),
            "magnesium_mg": self.minerals.get("magnesium"),
            "calcium_mg": self.minerals.get("calcium"),
            "sodium_mg": self.minerals.get("sodium"),
            "sodium_upper_mg": self.sodium_upper_mg,
            "water_ml": None if self.water_ml is None else round(self.water_ml),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def eer_kcal(request: PlanRequest, knowledge: Knowledge) -> tuple[float, str]:
    """The IOM 2005 EER for the person, and how it was worked out (in words)."""
    rules = knowledge.planner.energy
    person = request.profile
    if person.sex is None:
        raise InputError(
            "the profile has no sex, which the energy equations need: set it "
            "(b12 profile edit --sex) or give the energy target (--energy KCAL)",
            field="sex",
        )
    if person.age < rules.min_age:
        raise InputError(
            f"the energy equations in the knowledge base are for adults ({rules.min_age:g} y "
            "and over): give the energy target (--energy KCAL)",
            field="age",
        )
    body = getattr(rules.reference_body, person.sex)
    weight = request.weight_kg or body.weight_kg
    height = (request.height_cm / 100) if request.height_cm else body.height_m
    activity: Activity = request.activity or rules.default_activity  # type: ignore[assignment]
    kcal = rules.equations[person.sex].kcal(person.age, weight, height, activity)
    basis = (
        f"IOM 2005 EER for a {person.age:g}-year-old {person.sex}, {weight:g} kg, "
        f"{height:.2f} m, {activity.replace('_', ' ')}"
    )
    if person.pregnant:
        trimester = request.trimester or rules.pregnancy.default_trimester
        kcal += rules.pregnancy.extra_kcal_by_trimester[trimester - 1]
        basis += f", pregnancy trimester {trimester}"
    elif person.breastfeeding:
        kcal += rules.lactation.extra_kcal
        basis += ", breastfeeding (first 6 months)"
    return kcal, basis


def day_targets(request: PlanRequest, knowledge: Knowledge) -> Targets:
    """The targets of one planned day, from the profile, the request and the knowledge."""
    if request.energy_kcal is not None:
        kcal, basis = request.energy_kcal, "the energy target given"
    else:
        kcal, basis = eer_kcal(request, knowledge)
    tolerance = knowledge.planner.energy.tolerance
    today = request.start or date(2000, 1, 1)
    empty = analyse_intake([], request.profile, knowledge, today, today).days[0].figures
    b12 = empty.b12
    older = knowledge.planner.b12
    crystalline = 0.0
    if request.profile.age >= older.older_adult_min_age and b12.target_ug:
        crystalline = older.older_adult_crystalline_share * b12.target_ug
    water_l = empty.fluids.target_l
    return Targets(
        energy_kcal=kcal,
        energy_low=kcal * (1 - tolerance),
        energy_high=kcal * (1 + tolerance),
        energy_basis=basis,
        b12_eaten_ug=b12.target_ug,
        b12_absorbed_ug=b12.absorbed_target_ug,
        crystalline_min_ug=crystalline,
        minerals={name: amount.target for name, amount in empty.minerals.items()},
        sodium_upper_mg=empty.minerals["sodium"].upper,
        water_ml=None if water_l is None else water_l * 1000,
    )
