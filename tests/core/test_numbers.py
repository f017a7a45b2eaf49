"""Numbers as labs print them: grouped thousands, decimal commas, and never a silent guess."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12.core.lab_parser import parse_lab
from b12.core.numbers import readings
from b12.errors import InputError
from b12.knowledge import Knowledge

SEPARATORS = [",", " ", "'", "’"]


def group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@given(st.integers(min_value=1000, max_value=10**9), st.sampled_from(SEPARATORS))
def test_grouped_thousands_include_the_whole_number(n: int, sep: str) -> None:
    values = readings(group(n, sep))
    assert values[0] == n
    if sep != ",":
        assert values == (n,)  # a space or apostrophe only ever groups digits


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_a_decimal_comma_or_point_with_one_or_two_decimals_has_one_reading(
    whole: int, fraction: int
) -> None:
    text = f"{whole}.{fraction:02d}"
    assert readings(text) == (float(text),)
    assert readings(text.replace(".", ",")) == (float(text),)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 3)))
def test_a_plain_decimal_reads_as_itself(x: float) -> None:
    assert float(f"{x}") in readings(f"{x}")


@given(st.integers(min_value=1000, max_value=999_999), st.integers(min_value=1, max_value=99))
def test_both_marks_the_last_is_the_decimal(n: int, fraction: int) -> None:
    english = f"{n:,}.{fraction:02d}"
    european = english.replace(",", "_").replace(".", ",").replace("_", ".")
    expected = float(f"{n}.{fraction:02d}")
    assert readings(english) == (expected,)
    assert readings(european) == (expected,)


def test_a_comma_before_three_digits_has_two_readings() -> None:
    assert readings("1,450") == (1450.0, 1.45)
    assert readings("0,450") == (0.45,)  # a leading zero never groups thousands


@pytest.mark.parametrize("text", ["1,,5", "1.2.3", "1 45", "12'34", ""])
def test_what_is_not_a_number_is_refused_with_the_forms_allowed(text: str) -> None:
    with pytest.raises(InputError, match="1,450"):
        readings(text)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("ck=1,450 U/L", 1450),  # 1.45 U/L is not a plausible CK
        ("ck=1 450 U/L", 1450),
        ("ck=1'450 U/L (<200)", 1450),
        ("creatinine=1,100 mg/dL", 1.1),  # 1100 mg/dL is not a plausible creatinine
        ("k=3,5 mmol/L", 3.5),
        ("hb=13,5 g/dL", 13.5),
        ("mma=0,35 umol/L", 0.35),
    ],
)
def test_the_plausible_reading_is_taken(knowledge: Knowledge, line: str, value: float) -> None:
    assert parse_lab(line, knowledge.lab_tests).value == pytest.approx(value)


def test_two_plausible_readings_are_refused_showing_both(knowledge: Knowledge) -> None:
    with pytest.raises(InputError) as err:
        parse_lab("ferritin=1,200 ug/L", knowledge.lab_tests)
    assert "1200" in err.value.message and "1.2" in err.value.message
