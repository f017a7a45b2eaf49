"""The diary's input parsers: doses, volumes, durations, times."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12.diary.foods import split_food_text
from b12.diary.parse import parse_dose_ug, parse_duration_min, parse_volume_ml, parse_when
from b12.errors import InputError

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    ("text", "ug"),
    [("1000ug", 1000), ("1000 mcg", 1000), ("1 mg", 1000), ("250 µg", 250), ("2,5 ug", 2.5)],
)
def test_doses(text: str, ug: float) -> None:
    assert parse_dose_ug(text) == pytest.approx(ug)


@pytest.mark.parametrize("text", ["1000", "lots", "0 ug", "-5 ug", "1000 g", "200000 ug"])
def test_bad_doses_say_what_is_allowed(text: str) -> None:
    with pytest.raises(InputError, match=r"ug|at most|more than 0"):
        parse_dose_ug(text)


@pytest.mark.parametrize(
    ("text", "ml"),
    [("500 mL", 500), ("0.5 L", 500), ("2 cups", 473.18), ("16 fl oz", 473.18), ("1 glass", 250)],
)
def test_volumes(text: str, ml: float) -> None:
    assert parse_volume_ml(text) == pytest.approx(ml, abs=0.01)


@pytest.mark.parametrize(("text", "minutes"), [("5m", 5), ("30s", 0.5), ("1h", 60), ("90", 90)])
def test_durations(text: str, minutes: float) -> None:
    assert parse_duration_min(text) == pytest.approx(minutes)


@given(value=st.floats(min_value=0.01, max_value=9999, allow_nan=False))
def test_volume_units_agree(value: float) -> None:
    assert parse_volume_ml(f"{value / 1000:.9f} L") == pytest.approx(
        parse_volume_ml(f"{value:.6f} mL"), rel=1e-6
    )


@given(text=st.text(max_size=20))
def test_parsers_never_crash(text: str) -> None:
    for parse in (parse_dose_ug, parse_volume_ml, parse_duration_min):
        try:
            assert parse(text) > 0
        except InputError as exc:
            assert exc.field


def test_times() -> None:
    assert parse_when(None, NOW) == NOW
    assert parse_when("08:30", NOW) == NOW.replace(hour=8, minute=30)
    assert parse_when("yesterday 21:00", NOW) == NOW.replace(day=22, hour=21)
    assert parse_when("2026-11-20T07:15", NOW).tzinfo is not None
    with pytest.raises(InputError, match="cannot read the time"):
        parse_when("tea time", NOW)


@pytest.mark.parametrize(
    ("text", "amount", "query"),
    [
        ("3 oz salmon", "3 oz", "salmon"),
        ("85 g cooked clams", "85 g", "cooked clams"),
        ("2 large eggs", "2 large", "eggs"),
        ("1/2 cup soy milk", "1/2 cup", "soy milk"),
        ("8 fl oz almond milk", "8 fl oz", "almond milk"),
        ("1 egg", "1 egg", "egg"),  # the food is its own unit
        ("2 bananas", "2 bananas", "bananas"),
    ],
)
def test_food_text_splits_amount_and_food(text: str, amount: str, query: str) -> None:
    request = split_food_text(text)
    assert (request.amount, request.query) == (amount, query)


@pytest.mark.parametrize("text", ["salmon", "3 oz", "2 cups", ""])
def test_food_text_needs_amount_and_food(text: str) -> None:
    with pytest.raises(InputError, match="AMOUNT FOOD"):
        split_food_text(text)


def test_a_dose_typed_in_milligrams_for_micrograms_is_pointed_out() -> None:
    with pytest.raises(InputError, match=r"1000 mg is 1,000,000 ug: did you mean 1000 ug\?"):
        parse_dose_ug("1000mg")
    with pytest.raises(InputError) as caught:
        parse_dose_ug("200000 ug")  # too much, but not a unit slip
    assert "did you mean" not in caught.value.message
