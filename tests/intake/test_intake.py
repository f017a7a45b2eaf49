"""The intake report: eaten vs absorbed B12, targets by life stage, missing values, advice."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b12.core.diary import Entry
from b12.core.intake import IntakeReport, analyse_intake
from b12.errors import InputError
from b12.knowledge import Knowledge, load_knowledge
from tests.intake.builders import (
    DAY,
    adult,
    cramp,
    drink,
    food,
    fortified,
    supplement,
    symptom,
)

WEEK_END = DAY + timedelta(days=6)


Builder = tuple[Callable[..., Entry], tuple[Any, ...], dict[str, Any]]


def week(*per_day: Builder) -> list[Entry]:
    """The same day's entries (builder calls as (fn, args, kwargs)) on each of 7 days."""
    entries: list[Entry] = []
    for k in range(7):
        day = DAY + timedelta(days=k)
        for fn, args, kwargs in per_day:
            entries.append(fn(*args, day=day, **kwargs))
    return entries


def report(entries: list[Entry], knowledge: Knowledge, **profile: object) -> IntakeReport:
    return analyse_intake(entries, adult(**profile), knowledge, DAY, WEEK_END)  # type: ignore[arg-type]


# --- The vegan week -------------------------------------------------------------------------


def test_vegan_week_two_fortified_servings_a_day(knowledge: Knowledge) -> None:
    """2.5 µg at breakfast and 2.5 µg six hours later, every day: eaten 5 µg, absorbed
    2 x (1.25 via IF + 0.025 passive) = 2.55 µg; the low end (capacity 1.0, 0.5% passive)
    2.025 µg, the high end (60% via IF) 3.05 µg."""
    entries = week(
        (fortified, ("Soy milk, fortified", 8, 2.5), {}),
        (fortified, ("Breakfast cereal, fortified", 14, 2.5), {}),
        (drink, (1500,), {}),
    )
    got = report(entries, knowledge, diet="vegan")
    assert got.days_logged == 7
    for day in got.days:
        b12 = day.figures.b12
        assert b12.eaten.food_fortified_ug == pytest.approx(5.0)
        assert b12.eaten.food_natural_ug == 0 and b12.eaten.supplement_oral_ug == 0
        absorbed = b12.absorbed
        assert (absorbed.central, absorbed.low, absorbed.high) == pytest.approx((2.55, 2.025, 3.05))
        assert b12.percent_eaten_of_target == pytest.approx(100 * 5 / 2.4)
        assert b12.absorbed_target_ug == pytest.approx(1.2)
        assert day.advice == ()  # nothing to gain: neither serving saturates IF
    average = got.average
    assert average is not None
    assert average.b12.absorbed.central == pytest.approx(2.55)


def test_one_big_serving_absorbs_less_and_advice_says_how_much(knowledge: Knowledge) -> None:
    """The same 5 µg as one serving: 1.5 (IF ceiling) + 0.05 = 1.55 µg absorbed, and the
    advice re-runs the day with two 2.5 µg servings 4 h apart: 2.55 µg."""
    one = report(week((fortified, ("Soy milk, fortified", 8, 5.0), {})), knowledge)
    two = report(
        week(
            (fortified, ("Soy milk, fortified", 8, 2.5), {}),
            (fortified, ("Soy milk, fortified", 14, 2.5), {}),
        ),
        knowledge,
    )
    first = one.days[0]
    assert first.figures.b12.eaten.oral_ug == two.days[0].figures.b12.eaten.oral_ug == 5.0
    assert first.figures.b12.absorbed.central == pytest.approx(1.55)
    assert two.days[0].figures.b12.absorbed.central == pytest.approx(2.55)
    (advice,) = first.advice
    assert advice.kind == "split"
    assert (advice.absorbed_before_ug, advice.absorbed_after_ug) == pytest.approx((1.55, 2.55))
    assert advice.text == (
        "Eating Soy milk, fortified at 08:00 (5 µg B12) as two 2.5 µg servings at least 4 h "
        "apart would raise absorbed B12 that day from ~1.6 to ~2.6 µg."
    )


def test_a_five_microgram_tablet_split_in_two(knowledge: Knowledge) -> None:
    got = analyse_intake([supplement(5, 8)], adult(), knowledge, DAY, DAY)
    (advice,) = got.days[0].advice
    assert advice.text == (
        "Taking the 5 µg cyanocobalamin (oral) dose at 08:00 as two 2.5 µg doses at least "
        "4 h apart would raise absorbed B12 that day from ~1.6 to ~2.6 µg."
    )


def test_a_food_with_natural_and_added_b12_is_split_whole(knowledge: Knowledge) -> None:
    """Cereal with 1 µg natural and 5 µg added B12: both halves carry both kinds."""
    cereal = food("Cereal with milk", 8, b12=6.0, added=5.0)
    got = analyse_intake([cereal], adult(), knowledge, DAY, DAY)
    day = got.days[0]
    assert day.figures.b12.eaten.food_natural_ug == pytest.approx(1.0)
    assert day.figures.b12.eaten.food_fortified_ug == pytest.approx(5.0)
    # one episode: food 0.38 + crystalline up to the 1.5 ceiling, + 0.05 passive
    assert day.figures.b12.absorbed.central == pytest.approx(1.55)
    (advice,) = day.advice
    assert advice.dose_ug == pytest.approx(6.0)
    assert "(6 µg B12) as two 3 µg servings" in advice.text
    # each half: natural 0.5 µg -> 0.224 (Doets) + added 2.5 µg -> 1.25 via IF (together
    # under the 1.5 ceiling) + 0.025 passive
    half = 0.3824 * 0.5**0.7694 + 1.25 + 0.025
    assert advice.absorbed_after_ug == pytest.approx(2 * half, rel=1e-3)


def test_advice_to_space_a_supplement_from_a_fortified_breakfast(knowledge: Knowledge) -> None:
    entries: list[Entry] = [fortified("Cereal", 8, 2.5), supplement(2.5, 9)]
    got = analyse_intake(entries, adult(), knowledge, DAY, DAY)
    day = got.days[0]
    # cereal: 1.25 via IF + 0.025 passive; one hour later a quarter of the 1.5 µg capacity
    # has refilled (0.25 left + 0.375), so the tablet gets 0.625 + 0.025
    assert day.figures.b12.absorbed.central == pytest.approx(1.925)
    (advice,) = day.advice
    assert advice.kind == "space"
    assert advice.absorbed_after_ug == pytest.approx(2.55)
    assert "at least 4 h after the B12 at 08:00" in advice.text


def test_no_advice_where_timing_cannot_matter(knowledge: Knowledge) -> None:
    big = analyse_intake([supplement(1000, 9)], adult(), knowledge, DAY, DAY)
    assert big.days[0].advice == ()  # +1.5 on 11.5 µg: below the 20% threshold
    no_if = analyse_intake(
        [supplement(5, 9)], adult(conditions=("autoimmune_gastritis",)), knowledge, DAY, DAY
    )
    assert no_if.days[0].advice == ()
    assert any("intrinsic-factor route is absent" in n for n in no_if.notes)


# --- Missing values --------------------------------------------------------------------------


def test_missing_values_are_counted_never_summed_as_zero(knowledge: Knowledge) -> None:
    entries: list[Entry] = [
        food("Beef", 12, b12=2.4, added=0.0, potassium=300),
        food("Home-made stew", 18, b12=None, added=None, potassium=None, water=None),
        food("Milk", 20, b12=1.2, added=None),
    ]
    got = analyse_intake(entries, adult(), knowledge, DAY, DAY)
    figures = got.days[0].figures
    assert figures.b12.foods_missing == 1 and not figures.b12.complete
    assert figures.b12.foods_missing_added == 1  # milk: its 1.2 µg is read as natural
    assert figures.b12.eaten.food_natural_ug == pytest.approx(3.6)
    assert figures.minerals["potassium"].amount == pytest.approx(400)
    assert figures.minerals["potassium"].foods_missing == 1
    assert figures.fluids.foods_missing == 1
    assert figures.missing_values["b12"] == 1
    assert "1 food had no B12 value" in " ".join(got.notes)
    assert json.loads(json.dumps(got.to_dict()))["days"][0]["b12"]["complete"] is False


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.1, 50), min_size=1, max_size=4), st.integers(1, 4))
def test_a_food_without_b12_value_changes_counts_not_amounts(
    doses: list[float], unknown: int
) -> None:
    knowledge = load_knowledge()
    known: list[Entry] = [fortified("x", 7 + 3 * k, d) for k, d in enumerate(doses)]
    more = known + [food("?", 8 + k, b12=None, added=None) for k in range(unknown)]
    a = analyse_intake(known, adult(), knowledge, DAY, DAY).days[0].figures.b12
    b = analyse_intake(more, adult(), knowledge, DAY, DAY).days[0].figures.b12
    assert b.eaten == a.eaten and b.absorbed == a.absorbed
    assert b.foods_missing == a.foods_missing + unknown


def test_sodium_above_the_upper_level_is_unknown_when_values_are_missing(
    knowledge: Knowledge,
) -> None:
    def sodium(*amounts: float | None) -> bool | None:
        entries: list[Entry] = [food(f"f{k}", 8 + k, sodium=a) for k, a in enumerate(amounts)]
        got = analyse_intake(entries, adult(), knowledge, DAY, DAY)
        return got.days[0].figures.minerals["sodium"].above_upper

    assert sodium(1500, 1000) is True  # 2500 > 2300 CDRR
    assert sodium(1000, 1000) is False
    assert sodium(1000, None) is None


# --- Targets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "eaten_target", "absorbed_target"),
    [
        ({}, 2.4, 1.2),
        ({"pregnant": True}, 2.6, 1.3),
        ({"breastfeeding": True}, 2.8, 1.4),
        ({"age": 15}, 2.4, 1.2),
        ({"age": 10}, 1.8, 0.9),
        ({"reference": "efsa"}, 4.0, None),  # EFSA's AI states no absorption
        ({"reference": "efsa", "pregnant": True}, 4.5, None),
    ],
)
def test_b12_targets_by_life_stage_and_reference(
    knowledge: Knowledge,
    profile: dict[str, object],
    eaten_target: float,
    absorbed_target: float | None,
) -> None:
    got = analyse_intake([supplement(2.4)], adult(**profile), knowledge, DAY, DAY)  # type: ignore[arg-type]
    b12 = got.days[0].figures.b12
    assert b12.target_ug == eaten_target
    assert b12.absorbed_target_ug == pytest.approx(absorbed_target)
    if absorbed_target is None:
        assert b12.percent_absorbed_of_target is None


def test_young_children_have_no_b12_target_in_the_data(knowledge: Knowledge) -> None:
    got = analyse_intake([supplement(1)], adult(age=5), knowledge, DAY, DAY)
    assert got.days[0].figures.b12.target_ug is None
    assert got.days[0].figures.minerals["potassium"].target is None
    assert any("no B12 value for age 5" in n for n in got.notes)


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ({}, {"potassium": 2600, "sodium": 1500, "magnesium": 310, "calcium": 1000}),
        ({"sex": "male", "age": 40}, {"potassium": 3400, "magnesium": 420, "calcium": 1000}),
        ({"age": 60}, {"magnesium": 320, "calcium": 1200}),
        ({"pregnant": True, "age": 25}, {"potassium": 2900, "magnesium": 350, "calcium": 1000}),
        ({"reference": "efsa"}, {"potassium": 3500, "sodium": 2000, "magnesium": 300,
                                 "calcium": None}),
        ({"sex": None}, {"potassium": None, "magnesium": None}),
    ],
)  # fmt: skip
def test_mineral_targets(
    knowledge: Knowledge, profile: dict[str, object], expected: dict[str, float | None]
) -> None:
    got = analyse_intake([drink(500)], adult(**profile), knowledge, DAY, DAY)  # type: ignore[arg-type]
    minerals = got.days[0].figures.minerals
    for name, target in expected.items():
        assert minerals[name].target == target, name


def test_fluids_are_total_water_against_the_total_water_ai(knowledge: Knowledge) -> None:
    entries: list[Entry] = [food("Soup", 12, water=500.0), drink(1500)]
    for sex, reference, target in (("female", "us-iom", 2.7), ("male", "efsa", 2.5)):
        got = analyse_intake(entries, adult(sex, reference=reference), knowledge, DAY, DAY)
        fluids = got.days[0].figures.fluids
        assert fluids.total_l == pytest.approx(2.0)
        assert fluids.target_l == target
    efsa = analyse_intake(entries, adult(reference="efsa"), knowledge, DAY, DAY)
    assert efsa.days[0].figures.minerals["sodium"].above_upper is None  # EFSA sets no upper


def test_unknown_reference_is_a_user_error(knowledge: Knowledge) -> None:
    with pytest.raises(InputError, match="allowed: efsa, us-iom"):
        analyse_intake([], adult(reference="who"), knowledge, DAY, DAY)
    with pytest.raises(InputError, match="before start"):
        analyse_intake([], adult(), knowledge, DAY, DAY - timedelta(days=1))


# --- Injections, cramps, averages, JSON ------------------------------------------------------


def test_injections_are_reported_apart_from_absorbed_b12(knowledge: Knowledge) -> None:
    entries: list[Entry] = [supplement(1000, 10, route="intramuscular"), supplement(2.4, 9)]
    got = analyse_intake(entries, adult(), knowledge, DAY, DAY)
    b12 = got.days[0].figures.b12
    assert b12.eaten.injection_ug == 1000
    assert b12.eaten.oral_ug == pytest.approx(2.4)
    assert b12.absorbed.central == pytest.approx(1.2 + 0.024)  # the oral dose only
    assert any("Injected B12 (1000 µg)" in n for n in got.notes)
    assert got.to_dict()["days"][0]["b12"]["eaten_ug"]["injection"] == 1000


def test_cramps_symptoms_and_averages_over_logged_days(knowledge: Knowledge) -> None:
    second = DAY + timedelta(days=1)
    entries: list[Entry] = [
        supplement(10, 8),
        cramp(2, severity=4),
        cramp(3, severity=7),
        symptom("tingling_feet", 10),
        symptom("fatigue", 11),
        symptom("tingling_feet", 12),
        cramp(3, day=second),  # a cramp alone does not make a day "logged"
    ]
    got = analyse_intake(entries, adult(), knowledge, DAY, DAY + timedelta(days=2))
    first, next_day, last = got.days
    assert (first.cramps.count, first.cramps.max_severity) == (2, 7)
    assert first.symptoms == ("tingling_feet", "fatigue")
    assert next_day.cramps.count == 1 and next_day.cramps.max_severity is None
    assert (first.logged, next_day.logged, last.logged) == (True, False, False)
    assert got.days_logged == 1 and got.cramps_total == 3
    assert got.average is not None
    assert got.average.b12.eaten.supplement_oral_ug == 10  # averaged over the logged day only


def test_entries_outside_the_range_are_ignored(knowledge: Knowledge) -> None:
    entries: list[Entry] = [
        supplement(5, 8, day=DAY - timedelta(days=1)),
        supplement(5, 8),
        supplement(5, 8, day=DAY + timedelta(days=1)),
    ]
    got = analyse_intake(entries, adult(), knowledge, DAY, DAY)
    assert got.days[0].figures.b12.eaten.oral_ug == 5
    assert got.average is not None and got.average.b12.eaten.oral_ug == 5


def test_report_is_json_and_cites_its_sources(knowledge: Knowledge) -> None:
    entries = week((fortified, ("Soy milk, fortified", 8, 5.0), {}), (cramp, (3,), {}))
    data = json.loads(json.dumps(report(entries, knowledge).to_dict()))
    assert data["days_in_range"] == 7 and data["days_logged"] == 7
    assert data["average_per_logged_day"]["b12"]["absorbed_ug"]["central"] == 1.55
    assert data["model"]["if_capacity_ug"]["central"] == 1.5
    assert {"iom-1998-b12", "doets-2013", "watanabe-2007"} <= set(data["sources"])
    assert all(sid in knowledge.references for sid in data["sources"])
    assert "fortified_food" in data["assumptions"]
    assert data["days"][0]["advice"][0]["absorbed_after_ug"] == 2.55
