"""Malformed or contradictory cases get a clear error naming the field; never a crash."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b12.core.assess import assess
from b12.core.case import parse_case
from b12.errors import B12Error, InputError
from b12.knowledge import Knowledge, load_knowledge

K = load_knowledge()


@pytest.mark.parametrize(
    ("case", "field", "needle"),
    [
        ({"person": {"age": 15}}, "person.age", "under 16"),
        ({}, "person", "required"),
        ({"person": {"age": 40}, "symptoms": ["tingles"]}, "symptoms[0]", "'paresthesia'"),
        ({"person": {"age": 40}, "colour": "red"}, "colour", "unknown key"),
        ({"person": {"age": 40, "sex": "male", "pregnant": True}}, "person", "pregnant"),
        ({"person": {"age": 40}, "labs": [{"test": "potassium", "value": 4}]}, "labs[0]", "unit"),
        (
            {"person": {"age": 40}, "labs": [{"test": "potassium", "value": 4, "unit": "mg/dL"}]},
            "labs[0].unit",
            "allowed units",
        ),
        (
            {"person": {"age": 40}, "labs": [{"test": "potassium", "value": 40, "unit": "mmol/L"}]},
            "labs[0].value",
            "impossible",
        ),
        (
            {"person": {"age": 40}, "symptoms": ["fatigue"], "symptoms_absent": ["fatigue"]},
            "symptoms_absent",
            "both symptoms and symptoms_absent",
        ),
        (
            {"person": {"age": 40}, "signs": ["spasticity"], "signs_absent": ["spasticity"]},
            "signs_absent",
            "spasticity listed in both signs and signs_absent",
        ),
        (
            {"person": {"age": 40}, "cramps": {"timing": ["midnight"]}},
            "cramps.timing[0]",
            "'night'",
        ),
        ({"person": {"age": "old"}}, "person.age", "number"),
        ({"person": {"age": 40}, "body_temperature_c": 55}, "body_temperature_c", "45"),
        ({"person": {"age": 300}}, "person.age", "300 is out of range: it must be at most 120"),
        (
            {"person": {"age": 40, "b12_supplement": {"dose_ug": -5}}},
            "person.b12_supplement.dose_ug",
            "must be at least 0",
        ),
    ],
)
def test_bad_cases_name_the_field(case: dict[str, Any], field: str | None, needle: str) -> None:
    with pytest.raises(InputError) as err:
        assess(parse_case(case), K)
    assert needle in str(err.value)
    if field:
        assert err.value.field == field


def test_unknown_medication_is_a_warning_not_an_error() -> None:
    case = parse_case({"person": {"age": 40}, "medications": [{"name": "sunshine"}]})
    out = assess(case, K).to_dict(K)
    assert [(w["code"], w["field"]) for w in out["warnings"]] == [
        ("unrecognised_medication", "medications[0].name")
    ]


def test_brand_names_are_recognised() -> None:
    case = parse_case({"person": {"age": 60}, "medications": [{"name": "Nexium"}]})
    out = assess(case, K).to_dict(K)
    assert out["warnings"] == []
    assert [r["code"] for r in out["risk_factors"]] == ["older_age", "proton_pump_inhibitor"]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 200)
    | st.floats(allow_nan=True)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
KEYS = ["person", "conditions", "medications", "exposures", "context", "body_temperature_c",
        "symptoms", "symptoms_absent", "signs", "signs_absent", "cramps", "labs"]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6),
    age=st.one_of(st.integers(0, 130), st.floats(allow_nan=True), st.text(max_size=3)),
)
def test_random_cases_never_crash(data: dict[str, Any], age: Any) -> None:
    data = {
        **data,
        "person": {
            "age": age,
            **(data.get("person") if isinstance(data.get("person"), dict) else {}),
        },
    }
    try:
        out = assess(parse_case(data), K).to_dict(K)
    except B12Error as exc:
        assert str(exc)
    else:
        json.dumps(out)


SYMPTOMS = ["paresthesia", "fatigue", "numbness", "dark_urine", "muscle_pain", "thirst",
            "carpopedal_spasm", "confusion", "balance_problems", "weakness"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    age=st.integers(16, 95),
    symptoms=st.lists(st.sampled_from(SYMPTOMS), unique=True, max_size=4),
    k=st.one_of(st.none(), st.floats(1.5, 6.5)),
    ck=st.one_of(st.none(), st.floats(20, 20000)),
    temp=st.one_of(st.none(), st.floats(36, 41.5)),
    diet=st.sampled_from(["omnivore", "vegan", "vegetarian"]),
)
def test_red_flag_criteria_always_give_urgent_care(
    age: int, symptoms: list[str], k: float | None, ck: float | None, temp: float | None, diet: str
) -> None:
    labs: list[dict[str, Any]] = []
    if k is not None:
        labs.append({"test": "potassium", "value": k, "unit": "mmol/L"})
    if ck is not None:
        labs.append(
            {
                "test": "creatine_kinase",
                "value": ck,
                "unit": "U/L",
                "reference_range": {"high": 200},
            }
        )
    case: dict[str, Any] = {
        "person": {"age": age, "diet": diet},
        "symptoms": symptoms,
        "labs": labs,
        "cramps": {"locations": ["calf"]},
    }
    if temp is not None:
        case["body_temperature_c"] = temp
        case["context"] = {"ambient_temperature_c": 35}
    out = assess(parse_case(case), K).to_dict(K)
    meets = (
        (k is not None and k < 2.5)
        or (ck is not None and ck > 1000)
        or (temp is not None and temp >= 39.4)
        or "carpopedal_spasm" in symptoms
        or (
            "dark_urine" in symptoms
            and {"muscle_pain", "weakness"} & set(symptoms)
            and (ck is None or ck > 200)
        )
    )
    urgent = out["triage"]["level"] in ("emergency", "urgent")
    if meets:
        assert urgent, out["triage"]
    assert urgent == bool(out["triage"]["red_flags"])


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ({"person": {"age": True}}, "person.age"),
        ({"person": {"age": "40"}}, "person.age"),
        ({"person": {"age": 40, "pregnant": 0}}, "person.pregnant"),
        ({"person": {"age": 40}, "cramps": {"duration_minutes": True}}, "cramps.duration_minutes"),
        (
            {
                "person": {"age": 40},
                "labs": [{"test": "potassium", "value": "4", "unit": "mmol/L"}],
            },
            "labs[0].value",
        ),
    ],
)
def test_numbers_and_booleans_are_not_coerced(case: dict[str, Any], field: str) -> None:
    """true is not 1 and "40" is not 40: a wrong type is named, not silently converted."""
    with pytest.raises(InputError) as err:
        parse_case(case)
    assert err.value.field == field


def test_a_case_without_an_age_is_assessed_and_says_what_it_could_not_use(
    knowledge: Knowledge,
) -> None:
    """Only ``person`` is required (contract section 1): no age is "not known"."""
    case = parse_case({"person": {"sex": "female"}, "cramps": {"timing": ["night"]}})
    out = assess(case, knowledge).to_dict(knowledge)
    warning = next(w for w in out["warnings"] if w["code"] == "age_unknown")
    assert warning["field"] == "person.age"
    assert "older age" in warning["message"]
    assert "older_age" not in {r["code"] for r in out["risk_factors"]}
