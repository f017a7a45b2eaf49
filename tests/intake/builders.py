"""Small builders for diary entries, so each test reads as the diary it describes."""

from __future__ import annotations

from datetime import date, datetime, time

from b12.core.absorption import B12Intake, IntakeKind
from b12.core.diary import (
    CrampEntry,
    DrinkEntry,
    FoodEntry,
    LabEntry,
    Profile,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.models import LabInput

DAY = date(2024, 3, 4)


def at(hour: float, day: date = DAY) -> datetime:
    minutes = round(hour * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60))


def intake(
    ug: float, hour: float = 8, kind: IntakeKind = "supplement", day: date = DAY
) -> B12Intake:
    return B12Intake(at(hour, day), ug, kind, f"{ug:g} µg {kind}")


def food(
    name: str,
    hour: float,
    *,
    day: date = DAY,
    b12: float | None = 0.0,
    added: float | None = 0.0,
    water: float | None = 100.0,
    potassium: float | None = 100.0,
    sodium: float | None = 100.0,
    magnesium: float | None = 10.0,
    calcium: float | None = 50.0,
) -> FoodEntry:
    return FoodEntry(
        at=at(hour, day),
        food_id=f"test:{name}",
        food_name=name,
        amount_text="1 serving",
        grams=100.0,
        nutrients={
            "b12": b12,
            "b12_added": added,
            "energy": 100.0,
            "water": water,
            "potassium": potassium,
            "sodium": sodium,
            "magnesium": magnesium,
            "calcium": calcium,
        },
    )


def fortified(name: str, hour: float, ug: float, *, day: date = DAY) -> FoodEntry:
    """A plant food whose only B12 is added (fortified soy milk, cereal)."""
    return food(name, hour, day=day, b12=ug, added=ug)


def supplement(
    ug: float, hour: float = 8, *, route: str = "oral", day: date = DAY
) -> SupplementEntry:
    return SupplementEntry(at=at(hour, day), dose_ug=ug, route=route)  # type: ignore[arg-type]


def drink(ml: float, hour: float = 12, *, day: date = DAY) -> DrinkEntry:
    return DrinkEntry(at=at(hour, day), volume_ml=ml)


def cramp(hour: float, *, day: date = DAY, severity: int | None = None) -> CrampEntry:
    return CrampEntry(at=at(hour, day), location="calf", timing="night", severity=severity)


def symptom(code: str, hour: float = 10, *, day: date = DAY) -> SymptomEntry:
    return SymptomEntry(at=at(hour, day), symptom=code)


def lab(test: str, value: float, unit: str, *, day: date = DAY) -> LabEntry:
    return LabEntry(on=day, lab=LabInput(test=test, value=value, unit=unit))


def adult(
    sex: str | None = "female",
    age: float = 30,
    *,
    reference: str = "us-iom",
    conditions: tuple[str, ...] = (),
    pregnant: bool = False,
    breastfeeding: bool = False,
    diet: str | None = None,
) -> Profile:
    return Profile(
        name="test",
        age=age,
        sex=sex,  # type: ignore[arg-type]
        pregnant=pregnant,
        breastfeeding=breastfeeding,
        diet=diet,  # type: ignore[arg-type]
        conditions=list(conditions),
        reference=reference,
    )
