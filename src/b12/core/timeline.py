"""The diary as one row per day: cramps, symptoms, B12, fluids and labs side by side.

Cramps that come and go with B12 intake or fluids are easier to see on one line per day than
in separate lists; ``b12 timeline`` renders these rows. The grouping helpers here are also
what the intake report uses for its per-day cramps and symptoms, so both agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from b12.core.diary import CrampEntry, Entry, LabEntry, SymptomEntry
from b12.core.models import LabInput, lab_data

if TYPE_CHECKING:
    from b12.core.absorption import Estimate
    from b12.core.intake import IntakeReport


def entry_day(entry: Entry) -> date:
    """The calendar day an entry belongs to (labs carry a date, the rest a time)."""
    return entry.on if isinstance(entry, LabEntry) else entry.at.date()


def days_between(start: date, end: date) -> list[date]:
    """Every day from start to end, both included."""
    return [start + timedelta(days=k) for k in range((end - start).days + 1)]


def entries_by_day(entries: Iterable[Entry], start: date, end: date) -> dict[date, list[Entry]]:
    """The entries from start to end (inclusive) grouped by day; every day has a list."""
    days: dict[date, list[Entry]] = {day: [] for day in days_between(start, end)}
    for entry in entries:
        bucket = days.get(entry_day(entry))
        if bucket is not None:
            bucket.append(entry)
    return days


@dataclass(frozen=True, slots=True)
class CrampDay:
    """The cramps of one day: how many, the worst severity reported, where."""

    count: int = 0
    max_severity: int | None = None
    locations: tuple[str, ...] = ()
    minutes: float | None = None  # total of the durations given; None if none was given

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "max_severity": self.max_severity,
            "locations": list(self.locations),
            "minutes": self.minutes,
        }


def cramp_day(entries: Iterable[Entry]) -> CrampDay:
    cramps = [e for e in entries if isinstance(e, CrampEntry)]
    if not cramps:
        return CrampDay()
    severities = [c.severity for c in cramps if c.severity is not None]
    durations = [c.duration_minutes for c in cramps if c.duration_minutes is not None]
    return CrampDay(
        count=len(cramps),
        max_severity=max(severities) if severities else None,
        locations=tuple(sorted({c.location for c in cramps})),
        minutes=sum(durations) if durations else None,
    )


def symptoms_of(entries: Iterable[Entry]) -> tuple[str, ...]:
    """Symptom codes of a day, each once, in the order first logged."""
    seen: dict[str, None] = {}
    for entry in sorted((e for e in entries if isinstance(e, SymptomEntry)), key=lambda e: e.at):
        seen.setdefault(entry.symptom, None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One day of the timeline. B12 and fluid figures are None on days with nothing logged."""

    day: date
    cramps: CrampDay
    symptoms: tuple[str, ...]
    b12_eaten_ug: float | None  # by mouth: food + fortified + oral/sublingual doses
    b12_injected_ug: float
    b12_absorbed_ug: Estimate | None
    b12_missing_foods: int  # foods logged with no B12 value (eaten is then a lower bound)
    fluids_l: float | None
    labs: tuple[LabInput, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "cramps": self.cramps.to_dict(),
            "symptoms": list(self.symptoms),
            "b12_eaten_ug": _round(self.b12_eaten_ug),
            "b12_injected_ug": _round(self.b12_injected_ug),
            "b12_absorbed_ug": (
                self.b12_absorbed_ug.to_dict() if self.b12_absorbed_ug is not None else None
            ),
            "b12_missing_foods": self.b12_missing_foods,
            "fluids_l": _round(self.fluids_l),
            "labs": [lab_data(lab) for lab in self.labs],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def build_timeline(report: IntakeReport, entries: Sequence[Entry]) -> list[TimelineRow]:
    """Join the intake report's days with the labs in the diary, one row per day.

    Takes the report (``analyse_intake``) rather than recomputing it, so the timeline and
    the intake view can never show different numbers for the same day.
    """
    labs: dict[date, list[LabInput]] = defaultdict(list)
    for entry in entries:
        if isinstance(entry, LabEntry) and report.start <= entry.on <= report.end:
            labs[entry.on].append(entry.lab)
    rows = []
    for day in report.days:
        b12 = day.figures.b12
        rows.append(
            TimelineRow(
                day=day.day,
                cramps=day.cramps,
                symptoms=day.symptoms,
                b12_eaten_ug=b12.eaten.oral_ug if day.logged else None,
                b12_injected_ug=b12.eaten.injection_ug,
                b12_absorbed_ug=b12.absorbed if day.logged else None,
                b12_missing_foods=b12.foods_missing,
                fluids_l=day.figures.fluids.total_l if day.logged else None,
                labs=tuple(labs.get(day.day, ())),
            )
        )
    return rows
