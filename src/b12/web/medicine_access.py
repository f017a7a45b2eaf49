"""Medicines for web requests: what the medicine form or a JSON body says, turned into a
``Medicine`` exactly as ``b12 med add`` does it.

The form and the JSON API send the same flat fields (``MEDICINE_FIELDS``), so both are
read by ``build_medicine`` and name the same field when one is wrong. Nothing is
re-implemented here: the dose ("500 mg twice a day"), the dates (YYYY, YYYY-MM or a day)
and the generic name come from ``b12.diary.medicines``, and the store checks the whole
medicine again before it writes (stopped before started, lengths, NUL characters).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from b12.core.diary import Medicine
from b12.errors import InputError

if TYPE_CHECKING:
    from b12.diary.contract import MedicineJSON
    from b12.knowledge import Knowledge

MEDICINE_FIELDS = ("name", "dose", "started", "stopped", "dose_changed", "improved_after_stopping")
IMPROVED = ("yes", "no")
"""The form's answers to "did it improve after stopping?" (empty: not known)."""


def _text(fields: Mapping[str, Any], name: str) -> str:
    value = fields.get(name)
    return "" if value is None else " ".join(str(value).split())


def _improved(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return None
    if value in IMPROVED:
        return bool(value == "yes")
    raise InputError(
        "answer yes, no or leave it empty (not known)", field="improved_after_stopping"
    )


def build_medicine(fields: Mapping[str, Any], knowledge: Knowledge) -> tuple[Medicine, str | None]:
    """A medicine from flat fields, and a note when b12 does not know the name (it is kept,
    with "Did you mean …?" when a known name is close). ``InputError`` names the field."""
    from b12.diary.medicines import parse_course_day, parse_daily_dose, resolve

    name = _text(fields, "name")
    generic, note = resolve(name, knowledge)  # an empty name: "a medicine needs a name"
    dose = _text(fields, "dose")

    def day(field: str) -> date | None:
        text = _text(fields, field)
        return parse_course_day(text, field) if text else None

    medicine = Medicine(
        name=name,
        generic=generic,
        dose_text=dose or None,
        dose_mg_per_day=parse_daily_dose(dose) if dose else None,
        started=day("started"),
        stopped=day("stopped"),
        dose_changed=day("dose_changed"),
        improved_after_stopping=_improved(fields.get("improved_after_stopping")),
    )
    return medicine, note


def medicine_fields(medicine: Medicine) -> dict[str, str]:
    """The form fields that show ``medicine`` for editing (dates as YYYY-MM-DD)."""

    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    improved = medicine.improved_after_stopping
    return {
        "name": medicine.name,
        "dose": medicine.dose_text or "",
        "started": day(medicine.started),
        "stopped": day(medicine.stopped),
        "dose_changed": day(medicine.dose_changed),
        "improved_after_stopping": "" if improved is None else IMPROVED[0 if improved else 1],
    }


def medicine_json(medicine: Medicine, knowledge: Knowledge) -> MedicineJSON:
    """A medicine as JSON: the shape ``b12 med list --json`` prints for each item."""
    from b12.diary.medicines import medicine_dict

    return medicine_dict(medicine, knowledge)


@dataclass(frozen=True, slots=True)
class MedicineRow:
    """One row of the medicines table on the page."""

    medicine: Medicine
    drug_class: str | None
    taken_for: str
    """How long it was (or has been) taken, in words; "" when the start is not known."""
    note: str | None
    """For a name b12 does not know: that it cannot say what it does, and a close match."""


def medicine_rows(
    medicines: list[Medicine], knowledge: Knowledge, today: date
) -> list[MedicineRow]:
    from b12.diary.medicines import drug_class, resolve

    rows = []
    for m in medicines:
        note = resolve(m.name, knowledge)[1] if m.generic is None else None
        taken = taken_for(m.started, m.stopped or today) if m.started else ""
        rows.append(MedicineRow(m, drug_class(m, knowledge), taken, note))
    return rows


def taken_for(start: date, end: date) -> str:
    """A span in the words people use: "12 days", "5 months", "7.8 years"."""
    days = (end - start).days
    if days < 0:
        return ""
    if days < 61:
        return f"{days} day{'s' if days != 1 else ''}"
    months = days / (365.25 / 12)
    if months < 24:
        return f"{months:.0f} months"
    return f"{days / 365.25:.1f} years"
