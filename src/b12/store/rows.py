"""Translation between the core's dataclasses and the ORM rows, both ways.

Kept apart from the repository so the mapping of each field is written once and the
repository only deals with sessions and lookups. Inputs are assumed checked by
``validate``. Whole numbers given for float fields are stored as floats, so what a write
returns equals what a later read returns. A food entry's nutrient snapshot comes back with
every code of ``DIARY_NUTRIENTS``: a code left out when the entry was written is missing,
the same as ``None`` (never 0).
"""

from __future__ import annotations

from typing import Any

from b12.core.diary import (
    DIARY_NUTRIENTS,
    CrampEntry,
    DrinkEntry,
    Entry,
    FoodEntry,
    LabEntry,
    Medicine,
    Profile,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.models import LAB_INPUT
from b12.store import timestamps
from b12.store.models import (
    CrampRow,
    DrinkRow,
    EntryRow,
    FoodRow,
    LabRow,
    MedicineRow,
    ProfileRow,
    SupplementRow,
    SymptomRow,
)
from b12.store.validate import normalize_name

NUTRIENT_COLUMNS: dict[str, str] = {code: f"nutrient_{code}" for code in DIARY_NUTRIENTS}

ROW_CLASSES: dict[str, type[EntryRow]] = {
    "food": FoodRow,
    "supplement": SupplementRow,
    "drink": DrinkRow,
    "cramp": CrampRow,
    "symptom": SymptomRow,
    "lab": LabRow,
}


def profile_columns(profile: Profile) -> dict[str, Any]:
    return {
        "name": normalize_name(profile.name),
        "age": float(profile.age),
        "sex": profile.sex,
        "pregnant": profile.pregnant,
        "breastfeeding": profile.breastfeeding,
        "diet": profile.diet,
        "conditions": list(profile.conditions),
        "reference": profile.reference,
    }


def profile_from_row(row: ProfileRow) -> Profile:
    return Profile(
        name=row.name,
        age=row.age,
        sex=row.sex,  # type: ignore[arg-type]  # checked on write
        pregnant=row.pregnant,
        breastfeeding=row.breastfeeding,
        diet=row.diet,  # type: ignore[arg-type]
        conditions=list(row.conditions),
        reference=row.reference,
        id=row.id,
    )


def entry_columns(entry: Entry) -> dict[str, Any]:
    """The column values of ``entry`` (without id and profile), for insert or update."""
    if isinstance(entry, LabEntry):
        return {
            "at_utc": timestamps.lab_start(entry.on),
            "utc_offset_minutes": None,
            "taken_on": entry.on,
            "lab": LAB_INPUT.dump_python(entry.lab, mode="json"),
        }
    at_utc, offset = timestamps.split(entry.at)
    columns: dict[str, Any] = {"at_utc": at_utc, "utc_offset_minutes": offset}
    match entry:
        case FoodEntry():
            columns |= {
                "food_id": entry.food_id,
                "food_name": entry.food_name,
                "amount_text": entry.amount_text,
                "grams": float(entry.grams),
                "meal": entry.meal,
            }
            columns |= {
                col: _float(entry.nutrients.get(code)) for code, col in NUTRIENT_COLUMNS.items()
            }
        case SupplementEntry():
            columns |= {"dose_ug": float(entry.dose_ug), "form": entry.form, "route": entry.route}
        case DrinkEntry():
            columns |= {"volume_ml": float(entry.volume_ml), "what": entry.what}
        case CrampEntry():
            columns |= {
                "location": entry.location,
                "timing": entry.timing,
                "duration_minutes": _float(entry.duration_minutes),
                "severity": entry.severity,
            }
        case SymptomEntry():
            columns |= {"symptom": entry.symptom, "note": entry.note}
    return columns


def _float(value: float | None) -> float | None:
    """Numbers as the database gives them back (``250`` is read as ``250.0``)."""
    return None if value is None else float(value)


def entry_from_row(row: EntryRow) -> Entry:
    if isinstance(row, LabRow):
        return LabEntry(on=row.taken_on, lab=LAB_INPUT.validate_python(row.lab), id=row.id)
    assert row.utc_offset_minutes is not None  # a CHECK constraint: only labs lack it
    at = timestamps.join(row.at_utc, row.utc_offset_minutes)
    match row:
        case FoodRow():
            return FoodEntry(
                at=at,
                food_id=row.food_id,
                food_name=row.food_name,
                amount_text=row.amount_text,
                grams=row.grams,
                nutrients={code: getattr(row, col) for code, col in NUTRIENT_COLUMNS.items()},
                meal=row.meal,  # type: ignore[arg-type]
                id=row.id,
            )
        case SupplementRow():
            return SupplementEntry(
                at=at,
                dose_ug=row.dose_ug,
                form=row.form,
                route=row.route,  # type: ignore[arg-type]
                id=row.id,
            )
        case DrinkRow():
            return DrinkEntry(at=at, volume_ml=row.volume_ml, what=row.what, id=row.id)
        case CrampRow():
            return CrampEntry(
                at=at,
                location=row.location,
                timing=row.timing,
                duration_minutes=row.duration_minutes,
                severity=row.severity,
                id=row.id,
            )
        case SymptomRow():
            return SymptomEntry(at=at, symptom=row.symptom, note=row.note, id=row.id)
    raise AssertionError(f"no mapping for entry row kind {row.kind!r}")


def medicine_columns(medicine: Medicine) -> dict[str, Any]:
    return {
        "name": medicine.name.strip(),
        "generic": medicine.generic,
        "dose_text": medicine.dose_text,
        "dose_mg_per_day": _float(medicine.dose_mg_per_day),
        "started": medicine.started,
        "stopped": medicine.stopped,
        "dose_changed": medicine.dose_changed,
        "improved_after_stopping": medicine.improved_after_stopping,
    }


def medicine_from_row(row: MedicineRow) -> Medicine:
    return Medicine(
        name=row.name,
        generic=row.generic,
        dose_text=row.dose_text,
        dose_mg_per_day=row.dose_mg_per_day,
        started=row.started,
        stopped=row.stopped,
        dose_changed=row.dose_changed,
        improved_after_stopping=row.improved_after_stopping,
        id=row.id,
    )
