"""Hand-made diary values covering what must survive storage: every entry kind, missing
nutrients, several UTC offsets, microseconds, unicode, and lab results with comparators and
reference ranges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from b12.core.diary import (
    CrampEntry,
    DrinkEntry,
    Entry,
    FoodEntry,
    LabEntry,
    Profile,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.models import LabInput, ReferenceRange

PARIS_SUMMER = timezone(timedelta(hours=2))
NEW_YORK = timezone(timedelta(hours=-5))
KATHMANDU = timezone(timedelta(hours=5, minutes=45))

NUTRIENTS_ALL_MISSING: dict[str, float | None] = dict.fromkeys(
    ("b12", "b12_added", "energy", "water", "potassium", "sodium", "magnesium", "calcium")
)


def profile(name: str = "Ana", **changes: object) -> Profile:
    values: dict[str, object] = {
        "name": name,
        "age": 34.5,
        "sex": "female",
        "breastfeeding": True,
        "diet": "vegan",
        "conditions": ["autoimmune_gastritis", "ileal_resection"],
        "reference": "us-iom",
    }
    values.update(changes)
    return Profile(**values)  # type: ignore[arg-type]


def food(at: datetime | None = None, **changes: object) -> FoodEntry:
    values: dict[str, object] = {
        "at": at or datetime(2024, 5, 1, 8, 15, tzinfo=PARIS_SUMMER),
        "food_id": "sr28:01077",
        "food_name": "Milk, whole, 3.25% milkfat",
        "amount_text": "1 cup",
        "grams": 244.0,
        "nutrients": NUTRIENTS_ALL_MISSING
        | {"b12": 1.0980000000000001, "energy": 149.0, "b12_added": 0.0},
        "meal": "breakfast",
    }
    values.update(changes)
    return FoodEntry(**values)  # type: ignore[arg-type]


def entries() -> list[Entry]:
    """One of each kind (two foods), out of time order on purpose."""
    return [
        SymptomEntry(
            at=datetime(2024, 5, 3, 22, 0, tzinfo=KATHMANDU),
            symptom="paresthesia",
            note="Fourmillements — pieds 🦶",
        ),
        food(),
        food(
            at=datetime(2024, 5, 1, 12, 30, 0, 123456, tzinfo=UTC),
            food_id="fndds:11111000",
            food_name="Crème brûlée",
            amount_text="½ portion",
            grams=62.5,
            nutrients=dict(NUTRIENTS_ALL_MISSING),  # all missing: must stay None, never 0
            meal=None,
        ),
        SupplementEntry(
            at=datetime(2024, 5, 1, 7, 0, tzinfo=NEW_YORK),
            dose_ug=1000.0,
            form="methylcobalamin",
            route="sublingual",
        ),
        DrinkEntry(at=datetime(2024, 5, 2, 9, 0, tzinfo=PARIS_SUMMER), volume_ml=330.0),
        CrampEntry(
            at=datetime(2024, 5, 2, 3, 10, tzinfo=PARIS_SUMMER),
            location="calf",
            timing="night",
            duration_minutes=2.5,
            severity=7,
        ),
        CrampEntry(at=datetime(2024, 5, 2, 15, 0, tzinfo=PARIS_SUMMER), location="foot"),
        LabEntry(
            on=date(2024, 5, 2),
            lab=LabInput(
                test="b12_total",
                value=148.0,
                unit="pmol/L",
                comparator="<",
                reference_range=ReferenceRange(low=145.0, high=569.0),
                date="2024-05-02",
            ),
        ),
        LabEntry(
            on=date(2024, 4, 28), lab=LabInput(test="intrinsic_factor_antibody", result="positive")
        ),
        LabEntry(
            on=date(2024, 4, 28),
            lab=LabInput(test="mma", value=0.5, unit="umol/L", reference_range=ReferenceRange()),
        ),
    ]
