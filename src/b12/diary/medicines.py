"""Medicines as people type them: a name, a dose such as "500 mg twice a day", and dates
that may be only a year ("2019") or a month ("2019-03"), the same in the CLI and web app.

The name is kept as typed and resolved to the knowledge base's generic name when b12
knows it; a name it does not know is kept too (nothing typed is lost) with a word on what
it may have meant, because the assessment cannot say what an unknown medicine does.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from b12.core.scope import MAX_MEDICINE_MG_PER_DAY
from b12.diary.contract import MedicineJSON
from b12.diary.days import within_diary_days
from b12.errors import InputError

if TYPE_CHECKING:
    from b12.core.diary import Medicine
    from b12.knowledge import Knowledge

_UNITS = {"g": 1000.0, "mg": 1.0, "mcg": 0.001, "ug": 0.001, "µg": 0.001, "μg": 0.001}
_TIMES_A_DAY = {
    "": 1.0, "/day": 1.0, "/d": 1.0, "per day": 1.0, "a day": 1.0, "daily": 1.0,
    "once daily": 1.0, "once a day": 1.0, "od": 1.0, "qd": 1.0, "at night": 1.0,
    "twice daily": 2.0, "twice a day": 2.0, "bd": 2.0, "bid": 2.0, "2x/day": 2.0,
    "three times a day": 3.0, "three times daily": 3.0, "tds": 3.0, "tid": 3.0, "3x/day": 3.0,
    "four times a day": 4.0, "four times daily": 4.0, "qds": 4.0, "qid": 4.0, "4x/day": 4.0,
    "/week": 1 / 7, "per week": 1 / 7, "a week": 1 / 7, "weekly": 1 / 7, "once a week": 1 / 7,
}  # fmt: skip
_DOSE = re.compile(r"^\s*(?P<n>[0-9]+(?:[.,][0-9]+)?)\s*(?P<unit>[a-zA-Zµμ]+)\s*(?P<per>.*?)\s*$")
_DAY = re.compile(r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?\s*$")


def parse_daily_dose(text: str) -> float:
    """ "2000 mg/day", "500 mg twice a day", "1 g daily", "20 mg" (once a day) → mg a day."""
    m = _DOSE.match(text)
    unit = m["unit"].lower() if m else ""
    per = " ".join(m["per"].lower().split()) if m else ""
    if not m or unit not in _UNITS or per not in _TIMES_A_DAY:
        raise InputError(
            f"cannot read the dose {text!r}: write an amount in mg, g or mcg and how often, "
            'e.g. "2000 mg/day", "500 mg twice a day" or "20 mg" (once a day)',
            field="dose",
        )
    mg = float(m["n"].replace(",", ".")) * _UNITS[unit] * _TIMES_A_DAY[per]
    if not 0 < mg <= MAX_MEDICINE_MG_PER_DAY:
        raise InputError(
            f"a daily dose must be more than 0 and at most {MAX_MEDICINE_MG_PER_DAY:g} mg",
            field="dose",
        )
    return round(mg, 6)


def parse_course_day(text: str, field: str) -> date:
    """A start or stop date: "2019-03-01", "2019-03" (its first day) or "2019" (1 January)."""
    m = _DAY.match(text)
    try:
        if not m:
            raise ValueError(text)
        day = date(int(m["y"]), int(m["m"] or 1), int(m["d"] or 1))
    except ValueError:
        raise InputError(
            f"cannot read the date {text!r}: write YYYY-MM-DD, YYYY-MM or YYYY", field=field
        ) from None
    if day > date.today():
        raise InputError(f"{day} is in the future", field=field)
    return within_diary_days(day, field)


def resolve(name: str, knowledge: Knowledge) -> tuple[str | None, str | None]:
    """(generic name, None) for a medicine b12 knows, else (None, a note for the person)."""
    from b12.core.medications import closest_medicine, resolve_name

    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("a medicine needs a name", field="name")
    generic = resolve_name(cleaned, knowledge)
    if generic is not None:
        return generic, None
    close = closest_medicine(cleaned, knowledge)
    hint = f" Did you mean {close}?" if close else ""
    return None, (
        f"b12 does not know {cleaned!r}: it is kept in the record, but the assessment cannot "
        f"say what it means for B12 or cramps.{hint}"
    )


def medicine_dict(medicine: Medicine, knowledge: Knowledge) -> MedicineJSON:
    """A medicine as JSON (dates as ISO text), with its class."""

    def day(value: date | None) -> str | None:
        return None if value is None else value.isoformat()

    return {
        "name": medicine.name,
        "generic": medicine.generic,
        "dose_text": medicine.dose_text,
        "dose_mg_per_day": medicine.dose_mg_per_day,
        "started": day(medicine.started),
        "stopped": day(medicine.stopped),
        "dose_changed": day(medicine.dose_changed),
        "improved_after_stopping": medicine.improved_after_stopping,
        "id": medicine.id,
        "drug_class": drug_class(medicine, knowledge),
    }


def drug_class(medicine: Medicine, knowledge: Knowledge) -> str | None:
    """The knowledge base's class of a recognised medicine ("proton_pump_inhibitor")."""
    if medicine.generic is None:
        return None
    for code, cls in knowledge.medications.classes.items():
        if medicine.generic in cls.drugs:
            return code
    return None


def describe(medicine: Medicine, today: date) -> str:
    """One line: "Metformin 2000 mg/day, since 2019-03-01 (7.8 years)"."""
    parts = [medicine.name]
    if medicine.generic and medicine.generic != medicine.name.lower():
        parts[0] += f" ({medicine.generic})"
    if medicine.dose_text:
        parts.append(medicine.dose_text)
    if medicine.stopped is not None:
        since = f"from {medicine.started} " if medicine.started else ""
        parts.append(f"{since}stopped {medicine.stopped}")
    elif medicine.started is not None:
        years = (today - medicine.started).days / 365.25
        parts.append(f"since {medicine.started} ({years:.1f} years)")
    else:
        parts.append("start not known")
    return ", ".join(parts)
