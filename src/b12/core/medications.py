"""Recognise medicines by generic or brand name and say what each means for B12 and cramps."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from b12.core.case import Case, Medication
from b12.knowledge import Knowledge
from b12.knowledge.models import MedicationClass


@dataclass(slots=True)
class ResolvedMedication:
    given: Medication
    generic: str | None  # None when the name is not recognised
    drug_class: MedicationClass | None
    temporal_link: bool  # started or changed recently, or the cramps began after it

    @property
    def stopped(self) -> bool:
        """Stopped, by its date or by what stopping it did (which implies it was stopped)."""
        m = self.given
        return m.stopped_weeks_ago is not None or m.improved_after_stopping is not None

    @property
    def when_started_unknown(self) -> bool:
        """Taken now, with no word on when it was started or changed."""
        m = self.given
        return m.years is None and m.started_weeks_ago is None and m.dose_changed_weeks_ago is None


def _key(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


def resolve_medications(case: Case, knowledge: Knowledge) -> list[ResolvedMedication]:
    table = knowledge.medicine_names
    recent = knowledge.medications.recent_weeks
    after = (
        _key(case.cramps.started_after_medication)
        if case.cramps and case.cramps.started_after_medication
        else None
    )
    after_generic = table.get(after, (after, None))[0] if after else None
    out = []
    for med in case.medications or []:
        key = _key(med.name)
        generic, cls = table.get(key, (None, None))
        link = bool(
            (med.started_weeks_ago is not None and med.started_weeks_ago <= recent)
            or (med.dose_changed_weeks_ago is not None and med.dose_changed_weeks_ago <= recent)
            or (
                after is not None
                and (after == key or (generic is not None and after_generic == generic))
            )
        )
        out.append(ResolvedMedication(med, generic, cls, link))
    return out


def closest_medicine(name: str, knowledge: Knowledge) -> str | None:
    """The recognised name a misspelt one most likely meant ("omeprazol" → omeprazole).
    Remembered per name: the fuzzy match costs more than the rest of an assessment."""
    known: dict[str, str | None] = knowledge.derived(_no_names)
    key = _key(name)
    if key not in known:
        table = knowledge.medicine_names
        close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.8)
        if len(known) < _SUGGESTIONS_KEPT:
            known[key] = close[0] if close else None
        return close[0] if close else None
    return known[key]


_SUGGESTIONS_KEPT = 1000  # names remembered per process (a server sees arbitrary text)


def _no_names(knowledge: Knowledge) -> dict[str, str | None]:
    return {}


def resolve_name(name: str, knowledge: Knowledge) -> str | None:
    """The generic name for a generic or brand name b12 recognises, else None."""
    table = knowledge.medicine_names
    found = table.get(_key(name))
    return found[0] if found else None
