"""The JSON API: the contracts' shapes, the same answers as the core, and errors that name
the field (../shared/spec/assessment.md and foods.md)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from b12.core.assess import AssessOptions, assess
from b12.core.case import parse_case
from b12.core.lab_parser import parse_lab
from b12.core.lab_report import read_labs
from b12.core.labs import ReadingOptions
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.web.app import create_app
from tests.conftest import REPO, shared_vignettes

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

VIGNETTES = shared_vignettes()
OWN_CASES = sorted((REPO / "tests" / "assess_cases").glob("C*.json"))


def core_assessment(case: dict[str, Any], knowledge: Knowledge, **options: Any) -> Any:
    """What the core says, through a JSON round trip (as a client would read it)."""
    result = assess(parse_case(case), knowledge, AssessOptions(**options))
    return json.loads(json.dumps(result.to_dict(knowledge)))


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "field"}, body
    assert body["error"]["message"], body
    error: dict[str, Any] = body["error"]
    return error


# Assessment -------------------------------------------------------------------------------


@pytest.mark.skipif(not VIGNETTES, reason="../shared/vignettes is not beside the repository")
@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_every_vignette_gives_the_cores_json(
    client: TestClient, knowledge: Knowledge, vignette: dict[str, Any]
) -> None:
    response = client.post("/api/assess", json=vignette["case"])
    assert response.status_code == 200, response.text
    assert response.json() == core_assessment(vignette["case"], knowledge)


@pytest.mark.parametrize("guideline", ["nice-ng239", "bsh-2014"])
def test_own_cases_give_the_cores_json(
    client: TestClient, knowledge: Knowledge, guideline: str
) -> None:
    assert OWN_CASES
    for path in OWN_CASES:
        data = json.loads(path.read_text())
        case = data.get("case", data)
        response = client.post(f"/api/assess?guideline={guideline}", json=case)
        assert response.status_code == 200, (path.name, response.text)
        expected = core_assessment(case, knowledge, guideline=guideline)
        assert response.json() == expected, path.name


def test_assessment_has_the_contract_shape(client: TestClient) -> None:
    case = json.loads((REPO / "examples" / "vegan-paraesthesia.json").read_text())
    out = client.post("/api/assess", json=case).json()
    assert {
        "triage",
        "b12_status",
        "labs",
        "risk_factors",
        "cramp_causes",
        "warnings",
        "sources",
        "disclaimer",
    } <= set(out)
    assert out["triage"]["level"] in ("emergency", "urgent", "soon", "routine", "self_care")
    assert {"category", "qualifiers", "explanation", "next_steps", "sources"} <= set(
        out["b12_status"]
    )
    for cause in out["cramp_causes"]:
        assert {"cause", "score", "evidence_for", "evidence_against", "sources"} <= set(cause)
        assert 0 <= cause["score"] <= 1
    for ref in out["sources"]:
        assert {"id", "title", "publisher", "year", "url"} <= set(ref)
    assert "not a diagnosis" in out["disclaimer"]


def test_guideline_and_choices_as_query_options(client: TestClient, knowledge: Knowledge) -> None:
    case = {"person": {"age": 50}, "labs": [{"test": "b12_total", "value": 190, "unit": "ng/L"}]}
    nice = client.post("/api/assess", json=case).json()
    bsh = client.post("/api/assess?guideline=bsh-2014", json=case).json()
    assert nice["b12_status"]["category"] == "indeterminate"
    assert bsh["b12_status"]["category"] == "deficiency_confirmed"
    assert bsh == core_assessment(case, knowledge, guideline="bsh-2014")

    chosen = client.post(
        "/api/assess",
        params={"choice": ["mma_upper_limit=iom-mayo-271"]},
        json={"person": {"age": 50}, "labs": [{"test": "mma", "value": 300, "unit": "nmol/L"}]},
    )
    assert chosen.status_code == 200
    assert chosen.json()["labs"][0]["category"] == "high"


@pytest.mark.parametrize(
    ("body", "field", "needle"),
    [
        ({"person": {"age": 12}}, "person.age", "under 16"),
        ({}, "person", "required"),
        ({"person": {"age": 40}, "symptomz": []}, "symptomz", "unknown key"),
        ({"person": {"age": 40, "diet": "carnivore"}}, "person.diet", "vegan"),
        ({"person": {"age": 40}, "symptoms": ["hiccups"]}, "symptoms[0]", "paresthesia"),
        (
            {"person": {"age": 40}, "labs": [{"test": "potassium", "value": 4, "unit": "mg/dL"}]},
            "labs[0].unit",
            "mmol/L",
        ),
        ([1, 2], None, "JSON object"),
    ],
)
def test_bad_cases_are_422_naming_the_field(
    client: TestClient, body: Any, field: str | None, needle: str
) -> None:
    response = client.post("/api/assess", json=body)
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["code"] == "invalid_input"
    assert error["field"] == field
    assert needle in error["message"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("guideline=who-1999", "guideline"),
        ("choice=nonsense", "choice"),
        ("choice=mma_upper_limit=999", "choices.mma_upper_limit"),
        ("choice=no_such_choice=1", "choices"),
        ("&".join(["choice=mma_upper_limit=iom-mayo-271"] * 21), "choice"),
    ],
)
def test_bad_options_name_the_option(client: TestClient, query: str, field: str) -> None:
    response = client.post(f"/api/assess?{query}", json={"person": {"age": 40}})
    assert response.status_code == 422
    assert error_of(response)["field"] == field


def test_an_overlong_guideline_is_refused_before_it_is_looked_up(client: TestClient) -> None:
    response = client.post("/api/assess?guideline=" + "n" * 65, json={"person": {"age": 40}})
    assert response.status_code == 422
    assert error_of(response)["field"] == "guideline"
    assert "at most 64 characters" in error_of(response)["message"]


JSON = {"content-type": "application/json"}


@pytest.mark.parametrize("path", ["/api/assess", "/api/labs/interpret", "/api/entries"])
def test_an_api_write_that_is_not_json_is_refused_by_its_media_type(
    client: TestClient, path: str
) -> None:
    response = client.post(path, content=b"person=me", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"
    assert "application/json" in error_of(response)["message"]


@pytest.mark.parametrize(
    "raw", [b"", b"{not json", b'{"person": {"age": NaN}}', b"[" * 100_000, b"\xff\xfe"]
)
def test_unreadable_bodies_are_client_errors(client: TestClient, raw: bytes) -> None:
    response = client.post("/api/assess", content=raw, headers=JSON)
    assert response.status_code in (400, 422), response.text
    assert error_of(response)["field"] == "body"


@pytest.mark.parametrize("path", ["/api/assess", "/api/labs/interpret", "/api/entries"])
def test_huge_bodies_are_refused_with_the_apis_error(client: TestClient, path: str) -> None:
    response = client.post(path, content=b" " * 2_000_000)
    assert response.status_code == 413
    error = error_of(response)
    assert (error["code"], error["field"]) == ("too_large", "body")
    assert "262,144 bytes are read and the body is 2,000,000 bytes" in error["message"]


def test_a_body_that_does_not_say_its_size_is_still_stopped(client: TestClient) -> None:
    chunks = (b" " * 65_536 for _ in range(32))  # sent chunked: no Content-Length
    response = client.post("/api/assess", content=chunks, headers=JSON)
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"


# Labs -------------------------------------------------------------------------------------


def test_labs_interpret_matches_the_cli_contract(client: TestClient, knowledge: Knowledge) -> None:
    results = ["b12_total=0.35 ng/mL", "mma=620 nmol/L", "egfr=88 mL/min/{1.73_m2}"]
    response = client.post("/api/labs/interpret", json={"results": results})
    assert response.status_code == 200, response.text
    out = response.json()
    assert {"labs", "b12_status", "warnings", "guideline", "sources"} <= set(out)
    b12 = out["labs"][0]
    assert (b12["test"], b12["unit"], b12["unit_si"], b12["category"]) == (
        "b12_total",
        "ng/mL",
        "pmol/L",
        "indeterminate",
    )
    assert b12["value_si"] == pytest.approx(258.2, abs=0.05)
    assert out["b12_status"]["qualifiers"] == ["mma_supports_deficiency"]
    labs = [parse_lab(r, knowledge.lab_tests) for r in results]
    core = read_labs(labs, knowledge, ReadingOptions()).to_dict(knowledge)
    assert out == json.loads(json.dumps(core))
    assert out["triage"]["level"] not in ("urgent", "emergency")


def test_labs_as_objects_and_options(client: TestClient, knowledge: Knowledge) -> None:
    body = {
        "results": ["b12_total=190 ng/L"],
        "labs": [{"test": "magnesium", "value": 0.65, "unit": "mmol/L"}],
        "guideline": "bsh-2014",
        "sex": "female",
        "choices": {"hypomagnesaemia": "us-0-6"},
    }
    out = client.post("/api/labs/interpret", json=body).json()
    assert [lab["test"] for lab in out["labs"]] == ["b12_total", "magnesium"]
    assert out["guideline"] == "bsh-2014"
    assert out["labs"][0]["category"] == "deficiency_confirmed"
    assert out["labs"][1]["category"] == "normal"  # 0.65 is not below the US 0.60 cut-off


@pytest.mark.parametrize(
    ("body", "field", "needle"),
    [
        ({}, "results", "at least one"),
        ({"results": ["k=4 mg/dL"]}, "results[0].unit", "mmol/L"),
        ({"results": ["b12_total=250 pg/mL", "nonsense"]}, "results[1]", "TEST=VALUE UNIT"),
        (
            {"results": ["b12=250 pg/mL"], "labs": [{"test": "k", "value": 4, "unit": "mg/dL"}]},
            "labs[0]",
            "",
        ),
        ({"labs": [{"test": "mma", "value": 620}]}, "labs[0]", "unit"),
        ({"results": ["b12=250 pg/mL"], "sex": "other"}, "sex", "female"),
        ({"results": ["b12=250 pg/mL"], "guideline": "x"}, "guideline", "nice-ng239"),
        ({"results": ["b12=250 pg/mL"], "choices": {"x": "y"}}, "choices", "mma_upper_limit"),
        ({"results": ["b12=250 pg/mL"], "sex": "male", "pregnant": True}, "pregnant", "male"),
        ({"results": ["b12=250 pg/mL"], "extra": 1}, "extra", "unknown key"),
    ],
)
def test_bad_lab_requests_name_the_field(
    client: TestClient, body: dict[str, Any], field: str, needle: str
) -> None:
    response = client.post("/api/labs/interpret", json=body)
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["field"] is not None and error["field"].startswith(field), error
    assert needle in error["message"]


# Foods ------------------------------------------------------------------------------------


def test_food_search_follows_the_contract(client: TestClient) -> None:
    response = client.get("/api/foods/search", params={"q": "clams cooked", "limit": 3})
    assert response.status_code == 200
    assert response.json()[0] == {
        "id": "sr28:15159",
        "name": "Mollusks, clam, mixed species, cooked, moist heat",
        "source": "sr28",
        "group": "Finfish and Shellfish Products",
        "b12_per_100g": 98.89,
        "b12_added_per_100g": None,
    }
    assert client.get("/api/foods/search", params={"q": ""}).json() == []


def test_food_show_with_an_amount(client: TestClient) -> None:
    food = client.get("/api/foods/sr28:13327", params={"amount": "3 oz"}).json()
    assert food["nutrients_per_100g"]["b12"] == {"value": 83.13, "unit": "ug"}
    assert food["nutrients_per_100g"]["selenium"] is None  # not reported: null, never 0
    assert food["portions"] == [{"description": "1 slice", "grams": 81.0}]
    assert food["amount"]["grams"] == 85.05
    assert food["amount"]["nutrients"]["b12"] == {"value": 70.7, "unit": "ug"}
    assert "amount" not in client.get("/api/foods/sr28:13327").json()


def test_unknown_food_is_404_with_a_message(client: TestClient) -> None:
    response = client.get("/api/foods/sr28:99999")
    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "not_found" and error["field"] == "id"
    assert "sr28:99999" in error["message"]
    assert "not a food id" in error_of(client.get("/api/foods/liver"))["message"]


def test_bad_amount_lists_the_portions(client: TestClient) -> None:
    response = client.get("/api/foods/sr28:13327", params={"amount": "3 parsecs"})
    assert response.status_code == 422
    error = error_of(response)
    assert error["field"] == "amount" and "1 slice" in error["message"]


@pytest.mark.parametrize(("query", "field"), [("limit=0", "limit"), ("limit=x", "limit")])
def test_bad_search_parameters(client: TestClient, query: str, field: str) -> None:
    response = client.get(f"/api/foods/search?q=milk&{query}")
    assert response.status_code == 422
    assert error_of(response)["field"] == field


def test_without_a_food_index_food_api_says_how_to_import(empty_client: TestClient) -> None:
    response = empty_client.get("/api/foods/search", params={"q": "milk"})
    assert response.status_code == 503
    error = error_of(response)
    assert error["code"] == "data_missing"
    assert "b12 data import" in error["message"]
    health = empty_client.get("/api/health").json()
    assert health["status"] == "ok" and health["food_index"] == "missing"


def test_an_index_imported_while_running_is_picked_up(
    empty_client: TestClient, food_home: Path, empty_settings: Any
) -> None:
    target = empty_settings.food_index_path
    assert empty_client.get("/api/foods/sr28:13327").status_code == 503
    target.write_bytes((food_home / "foods.sqlite3").read_bytes())
    try:
        assert empty_client.get("/api/foods/sr28:13327").status_code == 200
        assert empty_client.get("/api/health").json()["food_index"] == "ready"
    finally:
        target.unlink()


# The rest ---------------------------------------------------------------------------------


def test_unknown_api_paths_and_methods_are_json(client: TestClient) -> None:
    assert error_of(client.get("/api/nothing"))["code"] == "not_found"
    response = client.get("/api/assess")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_openapi_documents_requests_responses_and_errors(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    assert set(paths) == {
        "/api/health",
        "/api/assess",
        "/api/labs/interpret",
        "/api/foods/search",
        "/api/foods/{food_id}",
        "/api/profiles",
        "/api/profiles/{name}",
        "/api/profiles/{name}/medicines",
        "/api/profiles/{name}/medicines/{medicine_id}",
        "/api/profiles/{name}/assessment",
        "/api/entries",
        "/api/entries/{entry_id}",
        "/api/intake",
        "/api/timeline",
        "/api/plan",
        "/api/report",
        "/api/report.pdf",
        "/cds-services",
        "/cds-services/{service_id}",
        "/cds-services/{service_id}/feedback",
    }
    pdf = paths["/api/report.pdf"]["get"]["responses"]["200"]["content"]
    assert list(pdf) == ["application/pdf"]
    schemas = doc["components"]["schemas"]
    assess_op = paths["/api/assess"]["post"]
    body_ref = assess_op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body_ref == "#/components/schemas/Case"
    assert {"Case", "Person", "Cramps", "LabInput", "AssessmentJSON", "ErrorResponse"} <= set(
        schemas
    )
    assert "422" in assess_op["responses"] and "200" in assess_op["responses"]
    assert [p["name"] for p in assess_op["parameters"]] == ["guideline", "choice"]
    assert "503" in paths["/api/foods/search"]["get"]["responses"]
    # Every $ref in the document resolves (the case model's sub-models were added).
    refs = set(_refs(doc))
    assert refs and all(ref.removeprefix("#/components/schemas/") in schemas for ref in refs)


def _refs(node: Any) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_a_bad_default_guideline_stops_start_up(web_settings: Any) -> None:
    with pytest.raises(InputError, match="unknown guideline 'who-1999'"):
        create_app(replace(web_settings, guideline_chosen="who-1999"))


def test_the_api_accepts_and_documents_the_codes_added_for_safety(client: TestClient) -> None:
    """Issue 14's codes reach the API: in the OpenAPI schema and in an assessment."""
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    text = json.dumps(schemas)
    for code in ("one_sided_leg_swelling", "fasciculations", "active_cancer", "long_haul_travel",
                 "improved_after_stopping", "stopped_weeks_ago"):  # fmt: skip
        assert code in text, code
    case = {
        "person": {"sex": "female"},
        "exposures": ["long_haul_travel"],
        "symptoms": ["one_sided_leg_swelling"],
        "medications": [{"name": "formoterol", "stopped_weeks_ago": 2,
                         "improved_after_stopping": True}],
        "cramps": {"bilateral": False, "locations": ["calf"]},
    }  # fmt: skip
    out = client.post("/api/assess", json=case).json()
    assert out["triage"]["level"] == "urgent"
    assert out["cramp_causes"][0]["cause"] == "deep_vein_thrombosis"
    assert "age_unknown" in {w["code"] for w in out["warnings"]}
