"""A diary's entries by calendar day, and what one day's entries say about cramps and
symptoms.

Both the intake report (per-day cramps and symptoms) and the timeline (one row per day)
group the diary by day; grouping here, below both, keeps them in agreement and lets the
timeline depend on the intake report without the intake report depending back on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from b12.core.diary import CrampEntry, Entry, LabEntry, SymptomEntry
from b12.core.diary_contract import CrampDayJSON


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

    def to_dict(self) -> CrampDayJSON:
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
