"""The timeline joins cramps, symptoms, B12, fluids and labs per day, agreeing with intake."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from b12.core.diary import Entry
from b12.core.diary_days import cramp_day, entries_by_day
from b12.core.intake import analyse_intake
from b12.core.timeline import build_timeline
from b12.knowledge import Knowledge
from tests.intake.builders import (
    DAY,
    adult,
    cramp,
    drink,
    food,
    fortified,
    lab,
    supplement,
    symptom,
)


def test_one_row_per_day_with_everything_side_by_side(knowledge: Knowledge) -> None:
    second, third = DAY + timedelta(days=1), DAY + timedelta(days=2)
    entries: list[Entry] = [
        fortified("Soy milk, fortified", 8, 5.0),
        food("Stew", 19, b12=None, added=None, water=300.0),
        drink(1200),
        supplement(1000, 9, route="intramuscular"),
        cramp(2, severity=3),
        cramp(4, severity=8),
        symptom("tingling_feet"),
        cramp(23, day=second),
        lab("b12_total", 180, "ng/L", day=third),
    ]
    report = analyse_intake(entries, adult(), knowledge, DAY, third)
    rows = build_timeline(report, entries)
    assert [r.day for r in rows] == [DAY, second, third]
    first = rows[0]
    assert (first.cramps.count, first.cramps.max_severity) == (2, 8)
    assert first.symptoms == ("tingling_feet",)
    assert first.b12_eaten_ug == pytest.approx(5.0)
    assert first.b12_injected_ug == 1000
    assert first.b12_absorbed_ug == report.days[0].figures.b12.absorbed
    assert first.b12_missing_foods == 1
    assert first.fluids_l == pytest.approx(0.1 + 0.3 + 1.2)
    assert rows[1].cramps.count == 1
    assert rows[1].b12_eaten_ug is None and rows[1].fluids_l is None  # nothing logged
    assert [(lab.test, lab.value) for lab in rows[2].labs] == [("b12_total", 180)]
    data = json.loads(json.dumps([r.to_dict() for r in rows]))
    assert data[2]["labs"][0]["unit"] == "ng/L"
    assert data[0]["b12_absorbed_ug"]["central"] == 1.55


def test_grouping_keeps_every_day_and_only_the_range() -> None:
    entries: list[Entry] = [cramp(3, day=DAY - timedelta(days=1)), cramp(3), cramp(5)]
    days = entries_by_day(entries, DAY, DAY + timedelta(days=1))
    assert list(days) == [DAY, DAY + timedelta(days=1)]
    assert len(days[DAY]) == 2 and days[DAY + timedelta(days=1)] == []
    assert cramp_day(days[DAY + timedelta(days=1)]).count == 0


def test_the_intake_report_does_not_depend_on_the_timeline() -> None:
    """One direction only: the timeline reads the intake report, both group days in
    ``b12.core.diary_days`` (a fresh process, so nothing else has imported the timeline)."""
    import subprocess
    import sys

    code = "import sys, b12.core.intake; print('b12.core.timeline' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert shown.stdout.strip() == "False", shown.stderr
