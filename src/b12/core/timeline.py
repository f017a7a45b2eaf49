"""The diary as one row per day: cramps, symptoms, B12, fluids and labs side by side.

Cramps that come and go with B12 intake or fluids are easier to see on one line per day than
in separate lists; ``b12 timeline`` renders these rows. Days are grouped as the intake
report groups them (``b12.core.diary_days``), so both agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from b12.core.absorption import Estimate
from b12.core.diary import Entry, LabEntry
from b12.core.diary_contract import TimelineRowJSON
from b12.core.diary_days import CrampDay
from b12.core.intake import IntakeReport
from b12.core.models import LabInput, lab_data


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

    def to_dict(self) -> TimelineRowJSON:
        return {
            "date": self.day.isoformat(),
            "cramps": self.cramps.to_dict(),
            "symptoms": list(self.symptoms),
            "b12_eaten_ug": _round(self.b12_eaten_ug),
            "b12_injected_ug": round(self.b12_injected_ug, 3),
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
