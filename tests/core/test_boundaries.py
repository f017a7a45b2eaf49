"""Every cut-off of every range-read test, at its boundary, in every unit the test takes.

The comparison at a boundary comes from the source: "below 3.5" is low and 3.5 is normal;
"6.5 % or more" is the diabetes range, so 6.5 % is high. In the test's SI unit the boundary
itself is checked; in its other units a value 1 % either side (a conversion cannot land
exactly on a boundary), plus the number a source prints in that unit, exactly.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from b12.core.labs import ReadingOptions, interpret_lab
from b12.core.models import LAB_INPUT
from b12.core.units import convert
from b12.knowledge import load_knowledge
from b12.knowledge.models import RangeRule

KNOWLEDGE = load_knowledge()
OPTIONS = ReadingOptions(sex="male")


def read(test: str, value: float, unit: str) -> str:
    lab = LAB_INPUT.validate_python({"test": test, "value": value, "unit": unit})
    return interpret_lab(lab, KNOWLEDGE, OPTIONS).category


def boundaries() -> Iterator[tuple[str, str, float, str, str]]:
    """(test, kind, limit in SI, category just inside, category at or beyond)."""
    for code, test in KNOWLEDGE.lab_tests.items():
        rule = test.rule
        if not isinstance(rule, RangeRule) or (test.prefer_lab_range and rule.choice):
            continue
        low = rule.low_below_by_sex.male if rule.low_below_by_sex else rule.low_below
        if low is not None and rule.choice is None:
            yield code, "low_below", low, "normal", "low"
        high = rule.high_above_by_sex.male if rule.high_above_by_sex else rule.high_above
        if high is not None:
            yield code, "high_above", high, "normal", "high"
        if rule.high_at_or_above is not None:
            yield code, "high_at_or_above", rule.high_at_or_above, "normal", "high"


CASES = list(boundaries())


def test_the_boundaries_are_found() -> None:
    assert {"potassium", "sodium", "hba1c", "glucose", "hemoglobin"} <= {c[0] for c in CASES}


@pytest.mark.parametrize(("test", "kind", "limit", "inside", "beyond"), CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])  # fmt: skip
def test_at_the_boundary_in_the_si_unit(
    test: str, kind: str, limit: float, inside: str, beyond: str
) -> None:
    si = KNOWLEDGE.lab_tests[test].si_unit
    at = read(test, limit, si)
    if kind == "low_below":
        assert at == inside, "below LIMIT is low, so LIMIT itself is not"
    elif kind == "high_above":
        assert at == inside, "above LIMIT is high, so LIMIT itself is not"
    else:
        assert at == beyond, "LIMIT or more is high, so LIMIT itself is"


@pytest.mark.parametrize(("test", "kind", "limit", "inside", "beyond"), CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])  # fmt: skip
def test_either_side_of_the_boundary_in_every_unit(
    test: str, kind: str, limit: float, inside: str, beyond: str
) -> None:
    lab_test = KNOWLEDGE.lab_tests[test]
    for unit in lab_test.units:
        at = convert(limit, lab_test.si_unit, unit, lab_test)
        lower, upper = at * 0.99, at * 1.01
        if kind == "low_below":
            assert (read(test, lower, unit), read(test, upper, unit)) == (beyond, inside), unit
        else:
            assert (read(test, lower, unit), read(test, upper, unit)) == (inside, beyond), unit


def test_a_cut_off_printed_in_another_unit_is_read_as_printed() -> None:
    """WHO: 6.5 % (48 mmol/mol) or more is the diabetes range; 6.5 % converts to 47.5."""
    assert read("hba1c", 6.5, "%") == "high"
    assert read("hba1c", 6.4, "%") == "normal"
    assert read("hba1c", 48, "mmol/mol") == "high"
    assert read("hba1c", 47, "mmol/mol") == "normal"
    for code, test in KNOWLEDGE.lab_tests.items():
        if not isinstance(test.rule, RangeRule):
            continue
        for unit, printed in test.rule.high_at_or_above_printed.items():
            assert read(code, printed, unit) == "high", (code, unit)
