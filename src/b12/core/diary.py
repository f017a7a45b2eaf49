"""Diary entries and the person's profile, as plain typed values.

The store persists these; the intake analysis and timeline read them; the CLI and web app
create them. A food entry keeps a snapshot of the nutrients in the amount eaten (from the
food index at logging time), so the diary stays meaningful if the index changes, and a
nutrient the source did not report stays ``None`` (missing, never 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, get_args

from b12.core.case import Condition
from b12.core.models import LabInput

Meal = Literal["breakfast", "lunch", "dinner", "snack"]
Sex = Literal["female", "male"]
Diet = Literal["omnivore", "pescatarian", "vegetarian", "vegan"]

# Nutrients snapshotted for each food entry (codes of the foods contract).
DIARY_NUTRIENTS: tuple[str, ...] = (
    "b12", "b12_added", "energy", "water", "potassium", "sodium", "magnesium", "calcium",
)  # fmt: skip

# Every condition of the assessment contract: a profile may hold any of them.
CONDITIONS: tuple[str, ...] = get_args(Condition)

# Conditions that remove the intrinsic-factor route of B12 absorption, or reduce it.
ABSORPTION_CONDITIONS: tuple[str, ...] = (
    "autoimmune_gastritis", "atrophic_gastritis", "gastrectomy", "bariatric_surgery",
    "ileal_resection",
)  # fmt: skip


@dataclass(slots=True)
class Profile:
    """One person in the diary database."""

    name: str
    age: float
    sex: Sex | None = None
    pregnant: bool = False
    breastfeeding: bool = False
    diet: Diet | None = None
    conditions: list[str] = field(default_factory=list)  # from CONDITIONS
    reference: str = "us-iom"  # intake reference id in knowledge/intake_targets.toml
    id: int | None = None


@dataclass(slots=True)
class FoodEntry:
    at: datetime
    food_id: str  # "sr28:13327" / "fndds:11111000"
    food_name: str
    amount_text: str  # as typed, e.g. "3 oz"
    grams: float
    nutrients: dict[str, float | None]  # DIARY_NUTRIENTS in the amount eaten; None = missing
    meal: Meal | None = None
    id: int | None = None
    kind: Literal["food"] = "food"


SUPPLEMENT_FORMS = ("cyanocobalamin", "methylcobalamin", "hydroxocobalamin", "adenosylcobalamin")


@dataclass(slots=True)
class SupplementEntry:
    at: datetime
    dose_ug: float
    form: str = "cyanocobalamin"  # one of SUPPLEMENT_FORMS
    route: Literal["oral", "sublingual", "intramuscular"] = "oral"
    id: int | None = None
    kind: Literal["supplement"] = "supplement"


@dataclass(slots=True)
class DrinkEntry:
    at: datetime
    volume_ml: float
    what: str = "water"
    id: int | None = None
    kind: Literal["drink"] = "drink"


@dataclass(slots=True)
class CrampEntry:
    at: datetime
    location: str  # a cramps.locations code of the assessment contract
    timing: str | None = None  # a cramps.timing code
    duration_minutes: float | None = None
    severity: int | None = None  # 1-10
    id: int | None = None
    kind: Literal["cramp"] = "cramp"


@dataclass(slots=True)
class SymptomEntry:
    at: datetime
    symptom: str  # a symptoms code of the assessment contract
    note: str | None = None
    id: int | None = None
    kind: Literal["symptom"] = "symptom"


@dataclass(slots=True)
class LabEntry:
    on: date
    lab: LabInput
    id: int | None = None
    kind: Literal["lab"] = "lab"


@dataclass(slots=True)
class Medicine:
    """A course of a medicine: not an event like an entry but a period, from ``started`` to
    ``stopped`` (either may be unknown). ``generic`` is the knowledge base's name for it
    when b12 recognises it (resolved when it is written), else None: kept as typed."""

    name: str
    generic: str | None = None
    dose_text: str | None = None  # as typed, e.g. "2000 mg/day"
    dose_mg_per_day: float | None = None
    started: date | None = None
    stopped: date | None = None
    dose_changed: date | None = None
    improved_after_stopping: bool | None = None
    id: int | None = None

    def taken_on(self, day: date) -> bool:
        """Taken on ``day``, as far as the dates tell (an unknown start counts as before)."""
        return (self.started is None or self.started <= day) and (
            self.stopped is None or day < self.stopped
        )


Entry = FoodEntry | SupplementEntry | DrinkEntry | CrampEntry | SymptomEntry | LabEntry


@dataclass(slots=True)
class Record:
    """One person's whole record: the profile, diary entries (oldest first) and medicines."""

    profile: Profile
    entries: list[Entry] = field(default_factory=list)
    medicines: list[Medicine] = field(default_factory=list)
