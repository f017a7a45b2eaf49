"""Days with cramps beside days without: "are my cramps related to what I ate or drank?"

A person who logs cramps and meals wants to know whether the cramp days differ. This
compares, over the logged days of an intake report, the median of what matters to the
common causes (B12 absorbed, fluids, potassium, magnesium) on cramp days, on the day before
a cramp, and on days without one. It says what went together in the diary, never that one
caused the other, and says so in its sentence; with fewer logged days of either kind than
the knowledge data's minimum for describing usual intake, it says the comparison says
little. Pure: it reads the report ``analyse_intake`` made.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from b12.core.diary_contract import CrampDaysJSON, MeasureJSON
from b12.core.intake import DayIntake, IntakeReport


@dataclass(frozen=True, slots=True)
class Measure:
    """One quantity: its median on cramp days, the days before them, and other days."""

    name: str
    unit: str
    cramp_days: float | None
    day_before: float | None
    other_days: float | None

    def to_dict(self) -> MeasureJSON:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 3)

        return {
            "name": self.name,
            "unit": self.unit,
            "cramp_days": r(self.cramp_days),
            "day_before": r(self.day_before),
            "other_days": r(self.other_days),
        }


@dataclass(frozen=True, slots=True)
class CrampDayComparison:
    cramp_days: int  # logged days with at least one cramp
    other_days: int  # logged days without
    measures: tuple[Measure, ...]
    enough: bool  # both kinds of day at least the minimum
    sentence: str

    def to_dict(self) -> CrampDaysJSON:
        return {
            "cramp_days": self.cramp_days,
            "other_days": self.other_days,
            "enough": self.enough,
            "measures": [m.to_dict() for m in self.measures],
            "sentence": self.sentence,
        }


_MEASURES: tuple[tuple[str, str, Callable[[DayIntake], float | None]], ...] = (
    ("B12 absorbed", "µg", lambda d: d.figures.b12.absorbed.central),
    ("fluids", "L", lambda d: d.figures.fluids.total_l),
    ("potassium", "mg", lambda d: _mineral(d, "potassium")),
    ("magnesium", "mg", lambda d: _mineral(d, "magnesium")),
)


def _mineral(day: DayIntake, name: str) -> float | None:
    amount = day.figures.minerals.get(name)
    return None if amount is None else amount.amount


def _median(days: list[DayIntake], read: Callable[[DayIntake], float | None]) -> float | None:
    values = [v for v in (read(d) for d in days) if v is not None]
    return statistics.median(values) if values else None


def compare_cramp_days(report: IntakeReport, min_days: int) -> CrampDayComparison | None:
    """Cramp days against other logged days; None when no logged day had a cramp."""
    logged = {d.day: d for d in report.days if d.logged}
    cramp = [d for d in logged.values() if d.cramps.count]
    if not cramp:
        return None
    other = [d for d in logged.values() if not d.cramps.count]
    before = [
        logged[d.day - timedelta(days=1)] for d in cramp if d.day - timedelta(days=1) in logged
    ]
    measures = tuple(
        Measure(name, unit, _median(cramp, read), _median(before, read), _median(other, read))
        for name, unit, read in _MEASURES
    )
    enough = len(cramp) >= min_days and len(other) >= min_days
    return CrampDayComparison(
        len(cramp), len(other), measures, enough, _sentence(len(cramp), len(other), enough)
    )


def _sentence(cramp: int, other: int, enough: bool) -> str:
    text = (
        f"Medians of {cramp} logged day(s) with cramps, the day before them, and {other} "
        "logged day(s) without. This shows what went together in your diary; it does not "
        "show that one causes the other."
    )
    if not enough:
        text += " With this few days of each kind it says little: keep logging."
    return text
