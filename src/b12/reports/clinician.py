"""What the clinician report says: one person's record over a period, joined into one picture.

The report is for the person to hand to a clinician, who should be able to read it in two
minutes: who the person is (age, sex, diet, conditions, medicines with how long they have
been taken), the assessment built from the record (triage first), every lab result of the
period read under the guideline in force, B12 eaten against likely absorbed and the target,
minerals and fluids, cramps and symptoms over time, what the record does not hold, and the
sources by id. Everything is computed here by the same core functions the rest of b12 uses
(``build_record_case``, ``assess``, ``interpret_lab``, ``analyse_intake``,
``build_timeline``), so the report cannot disagree with ``b12 assess --profile`` or
``b12 intake`` for the same days. Pure: the caller reads the record and passes the dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from b12.core.assess import Assessment, AssessOptions, assess
from b12.core.cramp_days import CrampDayComparison, compare_cramp_days
from b12.core.diary import LabEntry, Record
from b12.core.diary_days import entry_day
from b12.core.intake import IntakeReport, analyse_intake
from b12.core.labs import ReadingOptions, interpret_lab, lab_test_name
from b12.core.models import InterpretedLab, citer, result_text
from b12.core.record_case import RecordCase, build_record_case
from b12.core.timeline import TimelineRow, build_timeline
from b12.core.units import convert
from b12.diary.medicines import describe, medicine_dict
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.reports.charts import Per, Trend, TrendPoint, per_for
from b12.reports.contract import ClinicianReportJSON, LabRowJSON

MAX_DAYS = 3660  # ten years: the longest period a report covers


@dataclass(frozen=True, slots=True)
class LabRow:
    """One lab result of the period: as the lab printed it, and as b12 reads it."""

    entry: LabEntry
    reading: InterpretedLab | None
    problem: str | None  # why it could not be read (a unit the knowledge no longer takes)

    def to_dict(self) -> LabRowJSON:
        lab = self.entry.lab
        lab_range = None
        if lab.reference_range is not None:
            ref = lab.reference_range
            low = "" if ref.low is None else f"{ref.low:g}"
            high = "" if ref.high is None else f"{ref.high:g}"
            lab_range = f"{low}–{high} {lab.unit or ''}".strip()
        out: LabRowJSON = {
            "entry_id": self.entry.id,
            "date": self.entry.on.isoformat(),
            "test": lab.test,
            "as_reported": result_text(lab),
            "lab_range": lab_range,
        }
        if self.reading is not None:
            out["reading"] = self.reading.to_dict()
        else:
            out["problem"] = self.problem
        return out


@dataclass(slots=True)
class ClinicianReport:
    """The report's content; ``to_dict`` is its JSON and what the templates render."""

    knowledge: Knowledge
    record: Record
    first: date
    last: date
    generated: date
    version: str
    guideline_id: str
    guideline_title: str
    built: RecordCase
    assessment: Assessment
    labs: list[LabRow]
    intake: IntakeReport
    timeline: list[TimelineRow]
    per: Per

    @property
    def empty(self) -> bool:
        """Nothing logged in the period and no medicines: the report says what is missing."""
        return (
            not self.labs
            and self.intake.days_logged == 0
            and not any(r.cramps.count or r.symptoms for r in self.timeline)
        )

    def trends(self) -> list[Trend]:
        """Each test with two or more numeric results in the period, with the range its lab
        printed last (in SI) as limits."""
        by_test: dict[str, list[tuple[LabEntry, InterpretedLab]]] = {}
        for row in self.labs:
            if row.reading is not None and row.reading.value_si is not None:
                by_test.setdefault(row.reading.test, []).append((row.entry, row.reading))
        trends = []
        for test, rows in by_test.items():
            if len(rows) < 2:
                continue
            latest = rows[-1][1]
            points = [TrendPoint(e.on, r.value_si) for e, r in rows if r.value_si is not None]
            ranged = [(e, r) for e, r in rows if e.lab.reference_range is not None]
            limits = self._limits(*ranged[-1]) if ranged else ()
            trends.append(Trend(test, latest.name, latest.unit_si or "", tuple(points), limits))
        return trends

    def _limits(self, entry: LabEntry, reading: InterpretedLab) -> tuple[tuple[str, float], ...]:
        test = self.knowledge.lab_tests[reading.test]
        ref = entry.lab.reference_range
        assert ref is not None and reading.unit is not None
        bounds = (("lab low", ref.low), ("lab high", ref.high))
        return tuple(
            (label, convert(bound, reading.unit, test.si_unit, test))
            for label, bound in bounds
            if bound is not None
        )

    def missing(self) -> list[str]:
        """What the record does not hold, in words: the case's gaps, then the intake's."""
        out = list(self.built.missing)
        days = len(self.intake.days)
        if self.intake.days_logged < days:
            out.append(
                f"foods or drinks logged on {self.intake.days_logged} of {days} days in the period"
            )
        missing_b12 = sum(d.figures.b12.foods_missing for d in self.intake.days if d.logged)
        if missing_b12:
            out.append(f"{missing_b12} food(s) eaten have no B12 value (eaten is a lower bound)")
        return list(dict.fromkeys(out))

    def telling_tests(self) -> list[str]:
        """The tests that tell the leading causes with evidence apart."""
        shown = self.knowledge.cramp_causes.leading_shown
        leading = [c for c in self.assessment.cramp_causes if c.evidence_for][:shown]
        return list(dict.fromkeys(t for c in leading for t in c.distinguishing_tests))

    def source_ids(self) -> list[str]:
        ids = list(self.assessment.source_ids(self.knowledge))
        for row in self.labs:
            if row.reading is not None:
                ids += row.reading.sources
        ids += self.intake.sources
        ids += self.built.to_dict(self.knowledge)["sources"]
        guideline = self.knowledge.guideline(self.guideline_id)
        ids += guideline.sources
        return list(dict.fromkeys(ids))

    def cramp_days(self) -> CrampDayComparison | None:
        """Cramp days beside other logged days in the period."""
        min_days = self.knowledge.diary_case.windows.intake_min_days
        return compare_cramp_days(self.intake, min_days)

    def to_dict(self) -> ClinicianReportJSON:
        knowledge = self.knowledge
        profile = self.record.profile
        compared = self.cramp_days()
        return {
            "report": "b12-clinician-report",
            "version": self.version,
            "generated": self.generated.isoformat(),
            "period": {
                "from": self.first.isoformat(),
                "to": self.last.isoformat(),
                "days": (self.last - self.first).days + 1,
                "charted_per": self.per,
            },
            "guideline": {"id": self.guideline_id, "title": self.guideline_title},
            "person": {
                "name": profile.name,
                "age": profile.age,
                "sex": profile.sex,
                "pregnant": profile.pregnant,
                "breastfeeding": profile.breastfeeding,
                "diet": profile.diet,
                "conditions": [
                    {"code": c, "label": knowledge.plain_terms.of(c)} for c in profile.conditions
                ],
                "medicines": [
                    {**medicine_dict(m, knowledge), "text": describe(m, self.last)}
                    for m in self.record.medicines
                ],
            },
            "assessment": self.assessment.to_dict(knowledge),
            "record": self.built.to_dict(knowledge),
            "labs": [row.to_dict() for row in self.labs],
            "intake": self.intake.to_dict(),
            "timeline": [row.to_dict() for row in self.timeline],
            "symptoms_logged": list(dict.fromkeys(s for r in self.timeline for s in r.symptoms)),
            "telling_tests": [lab_test_name(t, knowledge) for t in self.telling_tests()],
            "cramp_days": compared.to_dict() if compared else None,
            "missing": self.missing(),
            "empty": self.empty,
            "sources": citer(knowledge, None)(self.source_ids()),
            "disclaimer": knowledge.status_texts.disclaimer,
        }


def check_period(first: date, last: date) -> None:
    """A period the report can cover: first on or before last, at most ``MAX_DAYS``."""
    if first > last:
        raise InputError(f"the period starts ({first}) after it ends ({last})", field="from")
    days = (last - first).days + 1
    if days > MAX_DAYS:
        raise InputError(
            f"the period is {days} days; a report covers at most {MAX_DAYS} days", field="days"
        )


def build_report(
    record: Record,
    knowledge: Knowledge,
    first: date,
    last: date,
    *,
    guideline: str | None = None,
    generated: date,
    version: str,
) -> ClinicianReport:
    """The report of ``record`` from ``first`` to ``last``; the assessment is as of ``last``."""
    check_period(first, last)
    guideline_id = guideline or knowledge.default_guideline
    chosen = knowledge.guideline(guideline_id)
    in_period = [e for e in record.entries if first <= entry_day(e) <= last]
    upto = Record(
        record.profile, [e for e in record.entries if entry_day(e) <= last], record.medicines
    )
    built = build_record_case(upto, knowledge, last)
    assessment = assess(built.case, knowledge, AssessOptions(guideline=guideline_id))
    profile = record.profile
    reading = ReadingOptions(guideline=guideline_id, sex=profile.sex, pregnant=profile.pregnant)
    labs = []
    for entry in sorted(
        (e for e in in_period if isinstance(e, LabEntry)),
        key=lambda e: (e.on, e.lab.test, e.id or 0),
    ):
        try:
            labs.append(LabRow(entry, interpret_lab(entry.lab, knowledge, reading), None))
        except InputError as exc:
            labs.append(LabRow(entry, None, exc.message))
    intake = analyse_intake(in_period, profile, knowledge, first, last)
    return ClinicianReport(
        knowledge=knowledge,
        record=record,
        first=first,
        last=last,
        generated=generated,
        version=version,
        guideline_id=guideline_id,
        guideline_title=chosen.title,
        built=built,
        assessment=assessment,
        labs=labs,
        intake=intake,
        timeline=build_timeline(intake, in_period),
        per=per_for((last - first).days + 1),
    )
