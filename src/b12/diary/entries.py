"""Diary entries in words and as JSON, the same in the CLI (``b12 log``) and the web app."""

from __future__ import annotations

from b12.core.diary import (
    CrampEntry,
    DrinkEntry,
    Entry,
    FoodEntry,
    LabEntry,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.models import lab_data, result_text
from b12.diary.contract import EntryJSON


def entry_dict(entry: Entry) -> EntryJSON:
    """An entry as JSON: dates as ISO text, the lab as the contract's lab object."""
    if isinstance(entry, LabEntry):
        return {"on": entry.on.isoformat(), "lab": lab_data(entry.lab), "id": entry.id,
                "kind": entry.kind}  # fmt: skip
    at = entry.at.isoformat()
    if isinstance(entry, FoodEntry):
        return {
            "at": at,
            "food_id": entry.food_id,
            "food_name": entry.food_name,
            "amount_text": entry.amount_text,
            "grams": entry.grams,
            "nutrients": dict(entry.nutrients),
            "meal": entry.meal,
            "id": entry.id,
            "kind": entry.kind,
        }
    if isinstance(entry, SupplementEntry):
        return {"at": at, "dose_ug": entry.dose_ug, "form": entry.form, "route": entry.route,
                "id": entry.id, "kind": entry.kind}  # fmt: skip
    if isinstance(entry, DrinkEntry):
        return {"at": at, "volume_ml": entry.volume_ml, "what": entry.what, "id": entry.id,
                "kind": entry.kind}  # fmt: skip
    if isinstance(entry, CrampEntry):
        return {
            "at": at,
            "location": entry.location,
            "timing": entry.timing,
            "duration_minutes": entry.duration_minutes,
            "severity": entry.severity,
            "id": entry.id,
            "kind": entry.kind,
        }
    return {"at": at, "symptom": entry.symptom, "note": entry.note, "id": entry.id,
            "kind": entry.kind}  # fmt: skip


def describe(entry: Entry) -> str:
    """One line a person can read."""
    when = entry.on.isoformat() if isinstance(entry, LabEntry) else f"{entry.at:%Y-%m-%d %H:%M}"
    if isinstance(entry, FoodEntry):
        b12 = entry.nutrients.get("b12")
        shown = "B12 not reported" if b12 is None else f"{b12:g} ug B12"
        return f"{when} {entry.amount_text} {entry.food_name} ({entry.grams:g} g, {shown})"
    if isinstance(entry, SupplementEntry):
        return f"{when} B12 {entry.dose_ug:g} ug {entry.form} ({entry.route})"
    if isinstance(entry, DrinkEntry):
        return f"{when} {entry.volume_ml:g} mL {entry.what}"
    if isinstance(entry, CrampEntry):
        parts = [entry.location, entry.timing or ""]
        if entry.duration_minutes is not None:
            parts.append(f"{entry.duration_minutes:g} min")
        if entry.severity is not None:
            parts.append(f"severity {entry.severity}/10")
        return f"{when} cramp: " + ", ".join(p for p in parts if p)
    if isinstance(entry, SymptomEntry):
        return f"{when} symptom: {entry.symptom}" + (f" ({entry.note})" if entry.note else "")
    return f"{when} lab: {entry.lab.test} {result_text(entry.lab)}"
