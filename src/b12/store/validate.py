"""Checks on profiles and entries before they are written.

The store is the last gate before data becomes permanent, and the one rule set both the
repository and the JSON import go through. It checks what the database cannot hold
faithfully or what the dataclasses promise: numbers finite (SQLite would turn NaN into
NULL, i.e. "missing"), codes from the allowed lists, times with a timezone. It does not
check codes against the knowledge base (cramp locations, intake references): that is the
adapters' job, so the store never needs the knowledge loaded.

Each error names the field, prefixed by ``where`` (``profiles[0].entries[3].``) when the
value came from a larger document.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any, get_args, get_type_hints

from b12.core.diary import (
    CONDITIONS,
    DIARY_NUTRIENTS,
    CrampEntry,
    Diet,
    DrinkEntry,
    Entry,
    FoodEntry,
    LabEntry,
    Meal,
    Medicine,
    Profile,
    Sex,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.models import LabInput
from b12.core.scope import (
    MAX_B12_DOSE_UG,
    MAX_CRAMP_MINUTES,
    MAX_DRINK_ML,
    MAX_FOOD_GRAMS,
    MAX_MEDICINE_MG_PER_DAY,
    MIN_AGE_YEARS,
)
from b12.errors import InputError
from b12.store import timestamps

MAX_NAME_LENGTH = 100
MAX_AGE = 130
SEXES: tuple[str, ...] = get_args(Sex)
DIETS: tuple[str, ...] = get_args(Diet)
MEALS: tuple[str, ...] = get_args(Meal)
ROUTES: tuple[str, ...] = get_args(get_type_hints(SupplementEntry)["route"])
ENTRY_CLASSES: dict[str, type[Entry]] = {
    cls.__dataclass_fields__["kind"].default: cls for cls in get_args(Entry)
}
"""Each entry kind's dataclass, read off ``core.diary.Entry`` so a new kind shows up here."""


def normalize_name(name: object, field: str = "name") -> str:
    """A profile name as stored: NFC, so two spellings that look the same are one name."""
    text = _text(name, field)
    if text != text.strip():
        raise InputError(f"must not start or end with spaces, got {text!r}", field=field)
    if len(text) > MAX_NAME_LENGTH:
        raise InputError(f"must be at most {MAX_NAME_LENGTH} characters", field=field)
    return unicodedata.normalize("NFC", text)


def check_profile(profile: Profile, where: str = "") -> None:
    if not isinstance(profile, Profile):
        raise InputError(f"must be a Profile, got {type(profile).__name__}", field=where or None)
    normalize_name(profile.name, f"{where}name")
    _number(profile.age, f"{where}age", maximum=MAX_AGE)
    if profile.age < MIN_AGE_YEARS:
        raise InputError(
            f"{profile.age:g} is under {MIN_AGE_YEARS}: b12 follows guidance for people aged "
            f"{MIN_AGE_YEARS} and over",
            field=f"{where}age",
        )
    _choice(profile.sex, SEXES, f"{where}sex")
    _flag(profile.pregnant, f"{where}pregnant")
    _flag(profile.breastfeeding, f"{where}breastfeeding")
    for state in ("pregnant", "breastfeeding"):
        if profile.sex == "male" and getattr(profile, state):
            raise InputError(f"{state} is true but sex is male", field=f"{where}{state}")
    _choice(profile.diet, DIETS, f"{where}diet")
    if not isinstance(profile.conditions, list):
        raise InputError("must be a list of condition codes", field=f"{where}conditions")
    for i, code in enumerate(profile.conditions):
        _choice(code, CONDITIONS, f"{where}conditions[{i}]", optional=False)
    if len(set(profile.conditions)) != len(profile.conditions):
        raise InputError("lists a condition twice", field=f"{where}conditions")
    _text(profile.reference, f"{where}reference")


def check_medicine(medicine: Medicine, where: str = "") -> None:
    """Raise an InputError naming the first field of ``medicine`` that cannot be stored."""
    if not isinstance(medicine, Medicine):
        raise InputError(
            f"must be a Medicine, got {type(medicine).__name__}", field=where.rstrip(".") or None
        )
    name = _text(medicine.name, f"{where}name")
    if len(name.strip()) > MAX_NAME_LENGTH:
        raise InputError(f"must be at most {MAX_NAME_LENGTH} characters", field=f"{where}name")
    _text(medicine.generic, f"{where}generic", optional=True)
    _text(medicine.dose_text, f"{where}dose_text", optional=True)
    _number(
        medicine.dose_mg_per_day,
        f"{where}dose_mg_per_day",
        optional=True,
        maximum=MAX_MEDICINE_MG_PER_DAY,
    )
    for attr in ("started", "stopped", "dose_changed"):
        day = getattr(medicine, attr)
        if day is not None and (isinstance(day, datetime) or not isinstance(day, date)):
            raise InputError(f"must be a date (no time) or None, got {day!r}", field=where + attr)
    if medicine.started and medicine.stopped and medicine.stopped < medicine.started:
        raise InputError(
            f"stopped ({medicine.stopped}) is before started ({medicine.started})",
            field=f"{where}stopped",
        )
    if medicine.improved_after_stopping is not None:
        _flag(medicine.improved_after_stopping, f"{where}improved_after_stopping")
    if medicine.id is not None and (
        isinstance(medicine.id, bool) or not isinstance(medicine.id, int)
    ):
        raise InputError(f"must be an integer or None, got {medicine.id!r}", field=f"{where}id")


def check_entry(entry: Entry, where: str = "") -> None:
    """Raise an InputError naming the first field of ``entry`` that cannot be stored."""
    check = _CHECKS.get(type(entry))
    if check is None:
        allowed = ", ".join(cls.__name__ for cls in _CHECKS)
        raise InputError(
            f"is not a diary entry ({type(entry).__name__}); allowed: {allowed}",
            field=where.rstrip(".") or "entry",
        )
    expected = type(entry).__dataclass_fields__["kind"].default
    if entry.kind != expected:
        raise InputError(f"must be {expected!r} for {type(entry).__name__}", field=f"{where}kind")
    if entry.id is not None and (isinstance(entry.id, bool) or not isinstance(entry.id, int)):
        raise InputError(f"must be an integer or None, got {entry.id!r}", field=f"{where}id")
    check(entry, where)


def _food(e: FoodEntry, where: str) -> None:
    timestamps.split(e.at, f"{where}at")
    _text(e.food_id, f"{where}food_id")
    _text(e.food_name, f"{where}food_name")
    _text(e.amount_text, f"{where}amount_text")
    _number(e.grams, f"{where}grams", maximum=MAX_FOOD_GRAMS)
    if not isinstance(e.nutrients, dict):
        raise InputError("must be a mapping of nutrient code to amount", field=f"{where}nutrients")
    for code, amount in e.nutrients.items():
        if code not in DIARY_NUTRIENTS:
            raise InputError(
                f"unknown nutrient code {code!r}; allowed: {', '.join(DIARY_NUTRIENTS)}",
                field=f"{where}nutrients",
            )
        _number(amount, f"{where}nutrients.{code}", optional=True)
    _choice(e.meal, MEALS, f"{where}meal")


def _supplement(e: SupplementEntry, where: str) -> None:
    timestamps.split(e.at, f"{where}at")
    _number(e.dose_ug, f"{where}dose_ug", positive=True, maximum=MAX_B12_DOSE_UG)
    _text(e.form, f"{where}form")
    _choice(e.route, ROUTES, f"{where}route", optional=False)


def _drink(e: DrinkEntry, where: str) -> None:
    timestamps.split(e.at, f"{where}at")
    _number(e.volume_ml, f"{where}volume_ml", positive=True, maximum=MAX_DRINK_ML)
    _text(e.what, f"{where}what")


def _cramp(e: CrampEntry, where: str) -> None:
    timestamps.split(e.at, f"{where}at")
    _text(e.location, f"{where}location")
    _text(e.timing, f"{where}timing", optional=True)
    _number(
        e.duration_minutes, f"{where}duration_minutes", optional=True, maximum=MAX_CRAMP_MINUTES
    )
    severity = e.severity
    if severity is not None and (
        isinstance(severity, bool) or not isinstance(severity, int) or not 1 <= severity <= 10
    ):
        raise InputError(
            f"must be a whole number from 1 to 10, got {severity!r}", field=f"{where}severity"
        )


def _symptom(e: SymptomEntry, where: str) -> None:
    timestamps.split(e.at, f"{where}at")
    _text(e.symptom, f"{where}symptom")
    _text(e.note, f"{where}note", optional=True, empty=True)


def _lab(e: LabEntry, where: str) -> None:
    if isinstance(e.on, datetime) or not isinstance(e.on, date):
        raise InputError(f"must be a date (no time), got {e.on!r}", field=f"{where}on")
    if not isinstance(e.lab, LabInput):
        raise InputError(f"must be a LabInput, got {type(e.lab).__name__}", field=f"{where}lab")
    _text(e.lab.test, f"{where}lab.test", empty=True)
    _text(e.lab.unit, f"{where}lab.unit", optional=True, empty=True)


_CHECKS: dict[type[Any], Callable[[Any, str], None]] = {
    FoodEntry: _food,
    SupplementEntry: _supplement,
    DrinkEntry: _drink,
    CrampEntry: _cramp,
    SymptomEntry: _symptom,
    LabEntry: _lab,
}


def _text(value: object, field: str, *, optional: bool = False, empty: bool = False) -> str:
    if value is None and optional:
        return ""
    if not isinstance(value, str) or not (empty or value.strip()):
        wanted = "text" if empty else "non-empty text"
        raise InputError(f"must be {wanted}, got {value!r}", field=field)
    if "\x00" in value:  # PostgreSQL text cannot hold it; SQLite could: keep them alike
        raise InputError("must not contain NUL characters", field=field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. from a badly decoded file
        raise InputError(f"is not valid Unicode text: {value!r}", field=field) from None
    return value


def _number(
    value: object,
    field: str,
    *,
    optional: bool = False,
    positive: bool = False,
    maximum: float | None = None,
) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        missing = " or None (missing)" if optional else ""
        raise InputError(f"must be a number{missing}, got {value!r}", field=field)
    lowest = "above 0" if positive else "0 or more"
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        raise InputError(f"must be a finite number {lowest}, got {value!r}", field=field)
    if maximum is not None and value > maximum:
        raise InputError(f"must be at most {maximum}, got {value!r}", field=field)


def _flag(value: object, field: str) -> None:
    if not isinstance(value, bool):
        raise InputError(f"must be true or false, got {value!r}", field=field)


def _choice(value: object, allowed: Collection[str], field: str, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if value not in allowed:
        extra = " (or None)" if optional else ""
        raise InputError(f"must be one of {', '.join(allowed)}{extra}, got {value!r}", field=field)
