"""Unit conversions: worked values from the fact sheet, spellings, and round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b12.core.units import accepted_unit, convert, normalise_unit
from b12.errors import InputError
from b12.knowledge import Knowledge, load_knowledge

WORKED = [  # (test, value, from, to, expected, tolerance) -- clinical-facts.md section 1.4
    ("b12_total", 180, "ng/L", "pmol/L", 132.8, 0.05),
    ("b12_total", 350, "pg/mL", "pmol/L", 258.2, 0.05),
    ("b12_total", 200, "ng/L", "pmol/L", 147.6, 0.05),
    ("b12_total", 100, "pg/mL", "pmol/L", 73.8, 0.05),
    ("b12_total", 150, "pmol/L", "pg/mL", 203.3, 0.1),
    ("b12_total", 300, "pg/mL", "pmol/L", 221.3, 0.1),
    ("b12_total", 0.29, "ng/mL", "pmol/L", 214.0, 0.1),
    ("b12_total", 0.29, "ng/mL", "ng/L", 290.0, 1e-9),
    ("mma", 0.28, "umol/L", "nmol/L", 280.0, 1e-9),
    ("mma", 271, "nmol/L", "umol/L", 0.271, 1e-12),
    ("folate", 1, "ng/mL", "nmol/L", 2.266, 0.001),
    ("folate", 3, "ug/L", "nmol/L", 6.8, 0.01),
    ("magnesium", 0.7, "mmol/L", "mg/dL", 1.70, 0.005),
    ("magnesium", 0.4, "mmol/L", "mg/dL", 0.97, 0.005),
    ("magnesium", 1.46, "mg/dL", "mmol/L", 0.60, 0.005),
    ("magnesium", 0.7, "mmol/L", "meq/L", 1.4, 1e-9),
    ("calcium_adjusted", 2.2, "mmol/L", "mg/dL", 8.8, 0.02),
    ("calcium_adjusted", 1.9, "mmol/L", "mg/dL", 7.6, 0.02),
    ("potassium", 3.5, "meq/L", "mmol/L", 3.5, 1e-12),
    ("hemoglobin", 11.0, "g/dL", "g/L", 110.0, 1e-9),
    ("ferritin", 12, "ng/mL", "ug/L", 12.0, 1e-12),
    ("creatinine", 1.0, "mg/dL", "umol/L", 88.4, 0.05),
    ("free_t4", 1.0, "ng/dL", "pmol/L", 12.87, 0.01),
    ("hba1c", 6.5, "%", "mmol/mol", 47.5, 0.1),
    ("urea", 28, "mg/dL", "mmol/L", 10.0, 0.01),
    ("tsh", 2.0, "uIU/mL", "mIU/L", 2.0, 1e-12),
]


@pytest.mark.parametrize(("test", "value", "src", "dst", "expected", "tol"), WORKED)
def test_worked_conversions(
    knowledge: Knowledge, test: str, value: float, src: str, dst: str, expected: float, tol: float
) -> None:
    assert convert(value, src, dst, knowledge.lab_tests[test]) == pytest.approx(expected, abs=tol)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("µmol/L", "umol/L"),  # micro sign U+00B5
        ("\u03bcmol/L", "umol/L"),  # Greek mu
        ("mcmol/L", "umol/L"),
        ("mcg/L", "ug/L"),
        ("mEq/L", "meq/L"),
        ("MMOL/L", "mmol/L"),
        ("fl", "fL"),
        ("g/dl", "g/dL"),
        ("pg/ml", "pg/mL"),
        ("mL/min/1.73m2", "mL/min/{1.73_m2}"),
        ("ml/min/1.73 m²", "mL/min/{1.73_m2}"),
        (" nmol / L ", "nmol/L"),
    ],
)
def test_spellings_normalise_to_ucum(typed: str, canonical: str) -> None:
    assert normalise_unit(typed) == canonical


def test_test_specific_aliases(knowledge: Knowledge) -> None:
    assert accepted_unit(knowledge.lab_tests["tsh"], "mU/L") == "mIU/L"
    assert accepted_unit(knowledge.lab_tests["creatine_kinase"], "IU/L") == "U/L"


def test_a_unit_the_test_does_not_take_names_the_allowed_units(knowledge: Knowledge) -> None:
    with pytest.raises(
        InputError, match=r"potassium does not take the unit 'mg/dL'; allowed units: mmol/L, meq/L"
    ):
        accepted_unit(knowledge.lab_tests["potassium"], "mg/dL")
    with pytest.raises(InputError, match="allowed units"):
        accepted_unit(knowledge.lab_tests["b12_total"], "furlongs")


_K = load_knowledge()
_PAIRS = [
    (code, a, b) for code, t in _K.lab_tests.items() for a in t.units for b in t.units if a != b
]


@settings(max_examples=300, deadline=None)
@given(pair=st.sampled_from(_PAIRS), value=st.floats(min_value=1e-3, max_value=1e5))
def test_round_trip_between_any_two_units_of_a_test(
    pair: tuple[str, str, str], value: float
) -> None:
    code, a, b = pair
    test = _K.lab_tests[code]
    there = convert(value, a, b, test)
    back = convert(there, b, a, test)
    assert back == pytest.approx(value, rel=1e-9, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(
    pair=st.sampled_from([p for p in _PAIRS if p[0] != "hba1c"]),
    x=st.floats(min_value=1e-3, max_value=1e5),
    y=st.floats(min_value=1e-3, max_value=1e5),
)
def test_conversion_preserves_order(pair: tuple[str, str, str], x: float, y: float) -> None:
    code, a, b = pair
    test = _K.lab_tests[code]
    if x < y:
        assert convert(x, a, b, test) < convert(y, a, b, test)
