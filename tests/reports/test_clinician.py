"""What the clinician report says, built in-process from plain records: the period it covers,
the assessment as of its last day, lab trends, weekly charts for long periods, a document
that loads nothing from elsewhere, and charts that still read when printed in greyscale."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b12.core.assess import AssessOptions, assess
from b12.core.diary import CrampEntry, LabEntry, Medicine, Profile, Record
from b12.core.models import LabInput, ReferenceRange
from b12.core.record_case import build_record_case
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.reports.charts import PAINT, b12_points
from b12.reports.clinician import MAX_DAYS, ClinicianReport, build_report
from b12.reports.render import report_html
from tests.intake.builders import food

LAST = date(2026, 6, 30)


def at(d: date, hour: int = 8) -> datetime:
    return datetime.combine(d, time(hour), tzinfo=UTC)


def lab(days_ago: int, value: float, *, ranged: bool = False, test: str = "b12_total") -> LabEntry:
    ref = ReferenceRange(low=200, high=900) if ranged else None
    unit = "pg/mL" if test == "b12_total" else "fL"
    return LabEntry(
        on=LAST - timedelta(days=days_ago),
        lab=LabInput(test=test, value=value, unit=unit, reference_range=ref),
    )


def record(*entries: object, medicines: tuple[Medicine, ...] = ()) -> Record:
    profile = Profile(name="Ana", age=70, sex="female", diet="vegan")
    return Record(profile, list(entries), list(medicines))  # type: ignore[arg-type]


def report_of(
    rec: Record, knowledge: Knowledge, days: int = 90, guideline: str | None = None
) -> ClinicianReport:
    first = LAST - timedelta(days=days - 1)
    return build_report(
        rec, knowledge, first, LAST, guideline=guideline, generated=LAST, version="test"
    )


def test_the_assessment_is_the_records_case_as_of_the_last_day(knowledge: Knowledge) -> None:
    later = LabEntry(on=LAST + timedelta(days=3), lab=LabInput(test="b12_total", value=900,
                     unit="pg/mL"))  # fmt: skip
    rec = record(lab(10, 150), later, CrampEntry(at=at(LAST), location="calf", timing="night"))
    report = report_of(rec, knowledge)
    expected = build_record_case(Record(rec.profile, rec.entries[:1] + rec.entries[2:], []),
                                 knowledge, LAST)  # fmt: skip
    assert report.built.data == expected.data
    assert (
        report.assessment.b12_status.category
        == assess(expected.case, knowledge).b12_status.category
    )
    assert [row.entry.lab.value for row in report.labs] == [150]  # the later result is not in it
    assert report.to_dict()["assessment"]["b12_status"]["category"] == "deficiency_confirmed"


def test_the_guideline_chosen_reads_the_labs_and_names_itself(knowledge: Knowledge) -> None:
    rec = record(lab(10, 190))
    nice, bsh = report_of(rec, knowledge), report_of(rec, knowledge, guideline="bsh-2014")
    assert nice.guideline_id == "nice-ng239" and bsh.guideline_id == "bsh-2014"
    options = AssessOptions(guideline="bsh-2014")
    assert bsh.assessment.b12_status == assess(bsh.built.case, knowledge, options).b12_status
    assert "BSH" in bsh.to_dict()["guideline"]["title"]


def test_a_trend_for_each_test_with_several_results(knowledge: Knowledge) -> None:
    rec = record(lab(80, 260, ranged=True), lab(40, 210), lab(5, 170), lab(5, 101, test="mcv"))
    trends = report_of(rec, knowledge).trends()
    assert [t.test for t in trends] == ["b12_total"]  # one MCV result: no trend
    (trend,) = trends
    assert [round(p.value_si) for p in trend.points] == [192, 155, 125]  # pmol/L
    assert [label for label, _ in trend.limits] == ["lab low", "lab high"]
    assert trend.limits[0][1] == pytest.approx(147.6, abs=0.1)  # 200 pg/mL, the printed range
    html = report_html(report_of(rec, knowledge))
    assert 'id="trend-b12_total"' in html and 'id="trend-mcv"' not in html


def test_long_periods_are_charted_a_week_to_a_bar(knowledge: Knowledge) -> None:
    days = [LAST - timedelta(days=k) for k in range(0, 365, 3)]
    rec = record(*(food("cereal", 8, day=d, b12=1.5, added=1.5) for d in days))
    short, year = report_of(rec, knowledge, days=30), report_of(rec, knowledge, days=365)
    assert short.per == "day" and len(b12_points(short.intake, "day")) == 30
    assert year.per == "week"
    weeks = b12_points(year.intake, "week")
    assert len(weeks) == 53
    logged = [p for p in weeks if p.eaten is not None]
    assert all(p.eaten == pytest.approx(1.5) for p in logged)  # the mean of the logged days


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 50), min_size=7, max_size=7))
def test_a_weeks_bar_is_the_mean_of_its_logged_days(
    knowledge: Knowledge, amounts: list[float]
) -> None:
    days = [LAST - timedelta(days=k) for k in range(7)]
    logged = [(d, a) for d, a in zip(days, amounts, strict=True) if a > 0]
    rec = record(*(food("x", 8, day=d, b12=a, added=0.0) for d, a in logged))
    report = report_of(rec, knowledge, days=7)
    (week,) = b12_points(report.intake, "week")
    if not logged:
        assert week.eaten is None
    else:
        assert week.eaten == pytest.approx(sum(a for _, a in logged) / len(logged))


def test_the_period_must_make_sense(knowledge: Knowledge) -> None:
    rec = record()
    with pytest.raises(InputError, match="after it ends"):
        build_report(rec, knowledge, LAST, LAST - timedelta(days=1), generated=LAST, version="t")
    with pytest.raises(InputError, match=f"at most {MAX_DAYS} days"):
        report_of(rec, knowledge, days=MAX_DAYS + 1)


def test_an_empty_record_is_a_short_report_of_what_is_missing(knowledge: Knowledge) -> None:
    report = report_of(record(), knowledge)
    data = report.to_dict()
    assert data["empty"] is True and data["labs"] == []
    assert "no medicines in the record (the self-check asks)" in data["missing"]
    assert "no recent lab results in the diary" in data["missing"]
    html = report_html(report)
    assert "Nothing logged in this period" in html and 'id="trend-' not in html


def test_the_document_loads_nothing_from_elsewhere(knowledge: Knowledge) -> None:
    html = report_html(report_of(record(lab(40, 210), lab(5, 170)), knowledge), "letter")
    assert "size: letter" in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def _lightness(paint: str) -> float:
    colour = re.search(r'(?:fill|stroke)="#([0-9a-f]{6})"', paint)
    assert colour, paint
    r, g, b = (int(colour.group(1)[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_series_drawn_together_differ_in_greyscale() -> None:
    # eaten beside absorbed, and the range line over the absorbed bar
    assert _lightness(PAINT["eaten"]) - _lightness(PAINT["absorbed"]) > 0.4
    assert _lightness(PAINT["pct"]) - _lightness(PAINT["pct low"]) < -0.2
    assert "stroke-dasharray" in PAINT["target"] and "stroke-dasharray" not in PAINT["range"]
    assert "stroke-dasharray" in PAINT["limit"] and "stroke-dasharray" not in PAINT["trend"]


def test_cramp_days_are_set_beside_the_others_when_there_are_enough(knowledge: Knowledge) -> None:
    days = [LAST - timedelta(days=k) for k in range(12)]
    meals = [food("soup", 12, day=d) for d in days]
    cramps = [CrampEntry(at=at(d, 3), location="calf", timing="night") for d in days[::3]]
    report = report_of(record(*meals, *cramps), knowledge, days=12)
    compared = report.to_dict()["cramp_days"]
    assert (compared["cramp_days"], compared["other_days"], compared["enough"]) == (4, 8, True)
    assert 'id="r-cramp-days"' in report_html(report)
    few = report_of(record(*meals, *cramps[:1]), knowledge, days=12)
    assert 'id="r-cramp-days"' not in report_html(few) and "Too few logged days" in report_html(few)
