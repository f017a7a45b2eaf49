"""Lab results as a lab report prints them, read by the one lab parser: the test's name as
labs write it, the value and unit, and the range in brackets, after "Ref" or bare."""

from __future__ import annotations

import pytest

from b12.core.lab_parser import from_printed, parse_lab
from b12.errors import InputError
from b12.knowledge import Knowledge


@pytest.mark.parametrize(
    ("line", "test", "value", "unit", "low", "high"),
    [
        ("Vitamin B12 250 pg/mL (200-900)", "b12_total", 250, "pg/mL", 200, 900),
        ("Serum B12: 250 ng/L  Ref 180-900", "b12_total", 250, "ng/L", 180, 900),
        ("Haemoglobin 118 g/L (115-165)", "hemoglobin", 118, "g/L", 115, 165),
        ("Mean cell volume 103 fL", "mcv", 103, "fL", None, None),
        ("Potassium 2.4 mmol/L 3.5-5.3", "potassium", 2.4, "mmol/L", 3.5, 5.3),
        ("Serum folate 3.1 ng/mL Reference range: 3.9-26.8", "folate", 3.1, "ng/mL", 3.9, 26.8),
        ("MMA 620 nmol/L", "mma", 620, "nmol/L", None, None),
    ],
)
def test_a_line_as_a_lab_prints_it(
    knowledge: Knowledge, line: str, test: str, value: float, unit: str,
    low: float | None, high: float | None,
) -> None:  # fmt: skip
    lab = parse_lab(line, knowledge.lab_tests)
    assert (lab.test, lab.value, lab.unit) == (test, value, unit)
    ref = lab.reference_range
    assert (ref.low, ref.high) == (low, high) if ref else (low, high) == (None, None)


def test_the_canonical_form_is_unchanged(knowledge: Knowledge) -> None:
    assert from_printed("b12_total=250 pg/mL (180-914)") is None
    lab = parse_lab("Vitamin B12 <150 pg/mL", knowledge.lab_tests)
    assert (lab.test, lab.comparator, lab.value) == ("b12_total", "<", 150)


def test_a_name_no_test_has_is_still_refused(knowledge: Knowledge) -> None:
    with pytest.raises(InputError, match="unknown test"):
        parse_lab("Unicorn horn 5 mg/dL", knowledge.lab_tests)
    with pytest.raises(InputError, match="TEST=VALUE UNIT"):
        parse_lab("Vitamin B12 250", knowledge.lab_tests)  # no unit: not a printed result


@pytest.mark.parametrize(
    "line", ["calcium=2.3 mmol/L", "Calcium 2.3 mmol/L (2.2-2.6)", "ca=9 mg/dL"]
)
def test_a_calcium_that_may_be_total_is_asked_about(knowledge: Knowledge, line: str) -> None:
    with pytest.raises(InputError, match="total or albumin-adjusted"):
        parse_lab(line, knowledge.lab_tests)
    adjusted = parse_lab("Adjusted calcium 2.3 mmol/L", knowledge.lab_tests)
    assert adjusted.test == "calcium_adjusted"
