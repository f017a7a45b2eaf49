"""The API's JSON has exactly the shape its OpenAPI document declares: the core's
``b12.core.contract`` types, which the ``to_dict``s return and the routes name as their
response schema (issue 19). Every key a type declares as required is present, every key
present is declared, recursively, and each value has the declared type; so a field added to
the output without its declaration (or the other way round) fails here."""

from __future__ import annotations

import types
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest
from typing_extensions import is_typeddict

from b12.core.contract import AssessmentJSON, InterpretedLabJSON, LabReportJSON

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))
LAB_BODIES = [
    {"results": ["b12_total=250 pg/mL", "mma=620 nmol/L", "egfr=88 mL/min/{1.73_m2}"]},
    {
        "results": ["creatine_kinase=12000 U/L", "potassium=2.4 mmol/L", "b12_total=0.35 ng/mL"],
        "sex": "female",
    },
    {"results": ["b12_total=140 pg/mL (200-900)", "intrinsic_factor_antibody=positive"]},
    {"results": ["tsh=12 mIU/L", "hemoglobin=9 g/dL", "mcv=<80 fL"], "guideline": "bsh-2014"},
    {"labs": [{"test": "folate", "value": 2.1, "unit": "ng/mL", "date": "2026-01-05"}]},
]


def check(value: Any, shape: Any, path: str = "$") -> None:
    """``value`` (decoded JSON) has exactly ``shape`` (a contract type)."""
    if is_typeddict(shape):
        assert isinstance(value, dict), path
        fields = get_type_hints(shape)
        missing = shape.__required_keys__ - set(value)
        undeclared = set(value) - set(fields)
        assert not missing and not undeclared, (path, missing, undeclared)
        for key, item in value.items():
            check(item, fields[key], f"{path}.{key}")
        return
    origin, args = get_origin(shape), get_args(shape)
    if origin in (Union, types.UnionType):
        if value is None:
            assert type(None) in args, path
            return
        (inner,) = [a for a in args if a is not type(None)]
        check(value, inner, path)
    elif origin in (list, Sequence):
        assert isinstance(value, list), path
        for i, item in enumerate(value):
            check(item, args[0], f"{path}[{i}]")
    elif origin is Literal:
        assert value in args, (path, value)
    elif shape is float:
        assert isinstance(value, int | float) and not isinstance(value, bool), (path, value)
    else:
        assert shape in (str, int, bool) and type(value) is shape, (path, value, shape)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_assessments_have_the_declared_shape(client: TestClient, example: Path) -> None:
    response = client.post(
        "/api/assess", content=example.read_bytes(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    check(response.json(), AssessmentJSON)


@pytest.mark.parametrize("body", LAB_BODIES)
def test_lab_reports_have_the_declared_shape(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/api/labs/interpret", json=body)
    assert response.status_code == 200, response.text
    check(response.json(), LabReportJSON)


def test_the_optional_keys_are_optional() -> None:
    assert InterpretedLabJSON.__optional_keys__ == {
        "comparator", "result", "reference_range", "date", "loinc", "upper_limit_si",
        "times_upper_limit",
    }  # fmt: skip
    assert LabReportJSON.__optional_keys__ == {"triage", "next_steps"}


def test_a_shape_mismatch_is_caught() -> None:
    good = {"code": "x", "message": "y", "field": None}
    check([good], get_type_hints(LabReportJSON)["warnings"])
    for bad in ({"code": "x", "message": "y"}, good | {"extra": 1}, good | {"field": 3}):
        with pytest.raises(AssertionError):
            check([bad], get_type_hints(LabReportJSON)["warnings"])


def test_the_openapi_document_names_the_contract_types(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for path, name in (("/api/assess", "AssessmentJSON"), ("/api/labs/interpret", "LabReportJSON")):
        schema = doc["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]
        assert schema["schema"]["$ref"] == f"#/components/schemas/{name}"
    labs = doc["components"]["schemas"]["InterpretedLabJSON"]
    assert set(labs["properties"]) == set(get_type_hints(InterpretedLabJSON))
    assert set(labs["required"]) == InterpretedLabJSON.__required_keys__
