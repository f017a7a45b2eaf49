"""One parser for each kind of diary input: B12 doses, drink volumes, durations and times.

Every error names what was typed and what is allowed.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from b12.core.scope import MAX_B12_DOSE_UG, MAX_CRAMP_MINUTES, MAX_DRINK_ML
from b12.diary.days import within_diary_days
from b12.errors import InputError

if TYPE_CHECKING:
    from b12.core.models import LabInput
    from b12.knowledge import Knowledge

_NUMBER = r"(?P<n>[0-9]+(?:[.,][0-9]+)?)"
_DOSE = re.compile(rf"^\s*{_NUMBER}\s*(?P<unit>[a-zA-Zµμ]*)\s*$")
_DOSE_UNITS = {
    "ug": 1.0, "mcg": 1.0, "µg": 1.0, "μg": 1.0, "microgram": 1.0, "micrograms": 1.0,
    "mg": 1000.0, "milligram": 1000.0, "milligrams": 1000.0,
}  # fmt: skip
_VOLUME = re.compile(rf"^\s*{_NUMBER}\s*(?P<unit>[a-zA-Z ]*?)\s*$")
_VOLUME_UNITS = {
    "ml": 1.0, "milliliter": 1.0, "milliliters": 1.0, "millilitre": 1.0, "millilitres": 1.0,
    "l": 1000.0, "liter": 1000.0, "liters": 1000.0, "litre": 1000.0, "litres": 1000.0,
    "cl": 10.0, "dl": 100.0,
    "cup": 236.5882365, "cups": 236.5882365,
    "fl oz": 29.5735295625, "floz": 29.5735295625, "oz": 29.5735295625,
    "glass": 250.0, "glasses": 250.0,
}  # fmt: skip
_DURATION = re.compile(rf"^\s*{_NUMBER}\s*(?P<unit>[a-zA-Z]*)\s*$")
_DURATION_UNITS = {
    "": 1.0, "m": 1.0, "min": 1.0, "mins": 1.0, "minute": 1.0, "minutes": 1.0,
    "s": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "second": 1 / 60, "seconds": 1 / 60,
    "h": 60.0, "hr": 60.0, "hrs": 60.0, "hour": 60.0, "hours": 60.0,
}  # fmt: skip


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_dose_ug(text: str) -> float:
    """ "1000ug", "1000 mcg", "1 mg", "250 µg" → micrograms."""
    m = _DOSE.match(text)
    unit = (m["unit"] if m else "").lower()
    if not m or unit not in _DOSE_UNITS:
        raise InputError(
            f"cannot read the dose {text!r}: write a number and ug, mcg or mg (e.g. 1000ug)",
            field="dose",
        )
    amount = _number(m["n"])
    dose = amount * _DOSE_UNITS[unit]
    if not 0 < dose <= MAX_B12_DOSE_UG:
        slip = ""
        if dose > MAX_B12_DOSE_UG and _DOSE_UNITS[unit] > 1 and 0 < amount <= MAX_B12_DOSE_UG:
            # "1000mg" of B12 is a gram: almost always micrograms typed as milligrams
            slip = f"; {amount:g} {unit} is {dose:,.0f} ug: did you mean {amount:g} ug?"
        raise InputError(
            f"a B12 dose must be more than 0 and at most {MAX_B12_DOSE_UG:g} ug{slip}", field="dose"
        )
    return dose


def parse_volume_ml(text: str) -> float:
    """ "500 mL", "0.5 L", "2 cups", "16 fl oz", "1 glass" (250 mL) → millilitres."""
    m = _VOLUME.match(text)
    unit = " ".join((m["unit"] if m else "").lower().split())
    if not m or unit not in _VOLUME_UNITS:
        raise InputError(
            f"cannot read the volume {text!r}: write a number and mL, L, cup, fl oz or glass "
            "(e.g. 500 mL)",
            field="volume",
        )
    volume = _number(m["n"]) * _VOLUME_UNITS[unit]
    if not 0 < volume <= MAX_DRINK_ML:
        raise InputError(
            f"a drink must be more than 0 and at most {MAX_DRINK_ML:g} mL", field="volume"
        )
    return volume


def parse_duration_min(text: str) -> float:
    """ "5m", "30s", "1h", "90" (minutes) → minutes."""
    m = _DURATION.match(text)
    unit = (m["unit"] if m else "").lower()
    if not m or unit not in _DURATION_UNITS:
        raise InputError(
            f"cannot read the duration {text!r}: write e.g. 30s, 5m or 1h", field="duration"
        )
    minutes = _number(m["n"]) * _DURATION_UNITS[unit]
    if not 0 < minutes <= MAX_CRAMP_MINUTES:
        raise InputError("a cramp lasts more than 0 and at most a week", field="duration")
    return minutes


def parse_when(text: str | None, now: datetime) -> datetime:
    """ISO date-time (with or without zone), "today 08:30", "yesterday 21:00", "HH:MM" (today);
    missing means now. The result always has a timezone (the local one if none was given)."""
    if not text:
        return now
    t = text.strip().lower()
    day = now.date()
    for word, delta in (("today", 0), ("yesterday", 1)):
        if t.startswith(word):
            day = now.date() - timedelta(days=delta)
            t = t[len(word) :].strip() or "12:00"
            break
    try:
        if re.fullmatch(r"\d{1,2}:\d{2}", t):
            hour, minute = (int(x) for x in t.split(":"))
            value = datetime(day.year, day.month, day.day, hour, minute)
        else:
            value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"cannot read the time {text!r}: write e.g. 2026-11-23T08:30, 08:30 or "
            "'yesterday 21:00'",
            field="at",
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=now.tzinfo)
    return value


def parse_day(text: str, field: str = "date") -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"cannot read the date {text!r}: write YYYY-MM-DD", field=field) from None
    return within_diary_days(day, field)


def parse_lab_result(text: str, knowledge: Knowledge) -> LabInput:
    """A lab line for the diary (``b12_total=250 pg/mL``), read with the same parser and
    checks as ``b12 labs interpret``: an unknown test, a unit the test does not take or an
    impossible value is refused; the unit is kept in its standard spelling."""
    from b12.core.lab_parser import parse_lab
    from b12.core.labs import ReadingOptions, interpret_lab

    parsed = parse_lab(text, knowledge.lab_tests)
    reading = interpret_lab(parsed, knowledge, ReadingOptions(), "lab")
    return dataclasses.replace(parsed, unit=reading.unit)
