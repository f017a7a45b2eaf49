"""Diary entries in words and as JSON, the same in the CLI (``b12 log``) and the web app."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

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


def entry_dict(entry: Entry) -> dict[str, Any]:
    """An entry as JSON: dates as ISO text, the lab as the contract's lab object."""
    data = asdict(entry)
    for key in ("at", "on"):
        if key in data:
            data[key] = data[key].isoformat()
    if "lab" in data:
        data["lab"] = lab_data(entry.lab)  # type: ignore[union-attr]
    return data


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
