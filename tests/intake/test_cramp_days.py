"""Cramp days beside days without: medians of the logged days, the day before a cramp, and
a sentence that never claims a cause."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from b12.core.cramp_days import compare_cramp_days
from b12.core.diary import CrampEntry, DrinkEntry, Entry, Profile
from b12.core.intake import analyse_intake
from b12.knowledge import Knowledge
from tests.intake.builders import food

START = date(2026, 5, 1)
PROFILE = Profile("Ana", 45, "female", diet="omnivore")


def day(k: int) -> date:
    return START + timedelta(days=k)


def diary(cramp_days: set[int], days: int = 10) -> list[Entry]:
    """Ten days with one food a day; on cramp days little to drink, otherwise 2 L."""
    entries: list[Entry] = []
    for k in range(days):
        entries.append(food("soup", 12, day=day(k), potassium=300.0 if k in cramp_days else 900.0))
        entries.append(DrinkEntry(datetime.combine(day(k), time(9), tzinfo=UTC),
                                  250.0 if k in cramp_days else 2000.0))  # fmt: skip
        if k in cramp_days:
            entries.append(CrampEntry(datetime.combine(day(k), time(3), tzinfo=UTC), "calf"))
    return entries


def test_cramp_days_are_set_beside_the_other_days(knowledge: Knowledge) -> None:
    report = analyse_intake(diary({2, 5, 8}), PROFILE, knowledge, START, day(9))
    compared = compare_cramp_days(report, min_days=3)
    assert compared is not None
    assert (compared.cramp_days, compared.other_days, compared.enough) == (3, 7, True)
    by_name = {m.name: m for m in compared.measures}
    assert by_name["potassium"].cramp_days == pytest.approx(300.0)
    assert by_name["potassium"].other_days == pytest.approx(900.0)
    assert by_name["potassium"].day_before == pytest.approx(900.0)  # days 1, 4 and 7
    fluids = by_name["fluids"]
    assert fluids.cramp_days is not None and fluids.other_days is not None
    assert fluids.other_days - fluids.cramp_days == pytest.approx(1.75)
    assert "does not show that one causes the other" in compared.sentence
    assert "says little" not in compared.sentence


def test_too_few_days_say_so_and_no_cramps_give_nothing(knowledge: Knowledge) -> None:
    few = analyse_intake(diary({4}), PROFILE, knowledge, START, day(9))
    compared = compare_cramp_days(few, min_days=3)
    assert compared is not None and not compared.enough and "says little" in compared.sentence
    assert compare_cramp_days(analyse_intake(diary(set()), PROFILE, knowledge, START, day(9)),
                              min_days=3) is None  # fmt: skip
