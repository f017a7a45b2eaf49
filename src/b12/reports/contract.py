"""The JSON of the clinician report (``b12 report --json`` and ``GET /api/report``),
declared once; the HTML and PDF report render the same dict.

As in ``b12.core.contract`` (which says why ``typing_extensions.TypedDict`` and why no
``from __future__ import annotations``): ``ClinicianReport.to_dict`` returns
``ClinicianReportJSON``, so mypy checks its keys and types; the API names it as its
response schema, and tests/web/test_contract.py checks real reports against it. The parts
the rest of b12 also sends are the core's and the diary's own types.
"""

from typing import Literal, NotRequired

from typing_extensions import TypedDict

from b12.core.contract import AssessmentJSON, InterpretedLabJSON, SourceJSON
from b12.core.diary import Diet, Sex
from b12.core.diary_contract import (
    CrampDaysJSON,
    IntakeReportJSON,
    RecordJSON,
    TimelineRowJSON,
)
from b12.diary.contract import MedicineJSON
from b12.reports.charts import Per

PeriodJSON = TypedDict("PeriodJSON", {"from": str, "to": str, "days": int, "charted_per": Per})
"""The days the report covers (dates as YYYY-MM-DD), and whether its charts are per day or
per week. Written this way because ``from`` is a Python keyword."""


class GuidelineJSON(TypedDict):
    id: str
    title: str


class ConditionJSON(TypedDict):
    code: str
    label: str
    """The condition in plain words."""


class ReportMedicineJSON(MedicineJSON):
    """A medicine, and how long it has been taken, in words."""

    text: str


class ReportPersonJSON(TypedDict):
    name: str
    age: float
    sex: Sex | None
    pregnant: bool
    breastfeeding: bool
    diet: Diet | None
    conditions: list[ConditionJSON]
    medicines: list[ReportMedicineJSON]


class LabRowJSON(TypedDict):
    """One lab result of the period: as the lab printed it, and ``reading`` as b12 reads
    it or ``problem``, why it could not be read."""

    entry_id: int | None
    date: str
    test: str
    as_reported: str
    lab_range: str | None
    reading: NotRequired[InterpretedLabJSON]
    problem: NotRequired[str | None]


class ClinicianReportJSON(TypedDict):
    """One person's record over a period, for a clinician to read in two minutes."""

    report: Literal["b12-clinician-report"]
    version: str
    generated: str
    period: PeriodJSON
    guideline: GuidelineJSON
    person: ReportPersonJSON
    assessment: AssessmentJSON
    record: RecordJSON
    labs: list[LabRowJSON]
    intake: IntakeReportJSON
    timeline: list[TimelineRowJSON]
    symptoms_logged: list[str]
    telling_tests: list[str]
    """The tests that tell the leading causes of cramps apart, by name."""
    cramp_days: CrampDaysJSON | None
    missing: list[str]
    """What the record does not hold, in words."""
    empty: bool
    """Nothing logged in the period and no medicines."""
    sources: list[SourceJSON]
    disclaimer: str
