"""The API's JSON has exactly the shape its OpenAPI document declares: the types of
``b12.core.contract``, ``b12.core.diary_contract``, ``b12.diary.contract``,
``b12.foods.contract``, ``b12.planner.contract`` and ``b12.reports.contract`` (and those
beside their routes), which the ``to_dict``s and the JSON functions return and the routes
name as their response schema (issue 19). Every key a type declares as required is
present, every key present is declared, recursively, and each value has the declared type;
so a field added to the output without its declaration (or the other way round) fails
here."""

from __future__ import annotations

import types
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Literal,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

import httpx
import pytest
from typing_extensions import is_typeddict

from b12.config import Settings
from b12.core.contract import AssessmentJSON, InterpretedLabJSON, LabReportJSON
from b12.core.diary_contract import NutrientAmountJSON, RecordAssessmentJSON
from b12.diary.contract import (
    CandidateJSON,
    EntryJSON,
    IntakeJSON,
    MedicineJSON,
    MedicineWrittenJSON,
    ProfileJSON,
    TimelineJSON,
)
from b12.foods.contract import AmountJSON, FoodHitJSON, FoodJSON
from b12.interop.cds.contract import CardJSON, CardsJSON, DiscoveryJSON, FeedbackJSON
from b12.planner.contract import PlanJSON
from b12.reports.contract import ClinicianReportJSON, LabRowJSON
from b12.store import DiaryStore
from b12.store.accounts import Accounts
from b12.web.app import create_app
from b12.web.routes.accounts import UserJSON
from b12.web.routes.health import HealthJSON
from tests.foods.conftest import real_home, real_import  # noqa: F401 (fixtures)
from tests.web.conftest import settings_for
from tests.web.conftest import test_client as make_client
from tests.web.test_cds import (  # noqa: F401 (fixtures)
    Keys,
    b12_observation,
    call,
    cds_server,
    full_prefetch,
    keys,
    order_select,
)

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from tests.web.conftest import LiveServer

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
    if shape is Any:
        return
    if get_origin(shape) is Annotated:
        shape = get_args(shape)[0]
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
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            check(value, inner[0], path)
            return
        failed = []  # a union of several shapes: the value has one of them
        for option in inner:
            try:
                check(value, option, path)
                return
            except AssertionError as exc:
                failed.append(exc)
        raise AssertionError(path, value, failed)
    elif origin in (list, Sequence):
        assert isinstance(value, list), path
        for i, item in enumerate(value):
            check(item, args[0], f"{path}[{i}]")
    elif origin is dict:
        assert isinstance(value, dict), path
        for key, item in value.items():
            check(key, args[0], f"{path}.keys()")
            check(item, args[1], f"{path}.{key}")
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


# The diary ----------------------------------------------------------------------------------


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


@pytest.fixture
def diary(tmp_path: Path, web_settings: Settings) -> Iterator[TestClient]:
    """A client of an app with a diary of its own (and the fixture foods)."""
    settings = settings_for(tmp_path)
    settings.food_index_path.symlink_to(web_settings.food_index_path)
    with make_client(create_app(settings)) as c:
        yield c


def sent(response: Any, status: int, shape: Any) -> Any:
    assert response.status_code == status, response.text
    body = response.json()
    check(body, shape)
    return body


def test_the_diary_responses_have_the_declared_shape(diary: TestClient) -> None:
    c = diary
    ana = {"name": "Ana", "age": 67, "sex": "female", "diet": "omnivore",
           "conditions": ["type_2_diabetes"]}  # fmt: skip
    sent(c.post("/api/profiles", json=ana), 201, ProfileJSON)
    sent(c.post("/api/profiles", json={"name": "Bo", "age": 40}), 201, ProfileJSON)
    sent(c.put("/api/profiles/Ana", json=ana | {"current": True}), 200, ProfileJSON)
    assert len(sent(c.get("/api/profiles"), 200, list[ProfileJSON])) == 2
    sent(c.get("/api/profiles/Bo"), 200, ProfileJSON)

    meds = "/api/profiles/Ana/medicines"
    for body in ({"name": "metformin", "dose": "1000 mg twice a day", "started": "2018-03"},
                 {"name": "Nexium", "dose": "20 mg", "started": ago(400)},
                 {"name": "simvastatin", "started": "2015", "stopped": ago(10),
                  "improved_after_stopping": True},
                 {"name": "metformn"}):  # fmt: skip
        sent(c.post(meds, json=body), 201, MedicineWrittenJSON)
    unknown = sent(c.put(f"{meds}/4", json={"name": "frobnicol"}), 200, MedicineWrittenJSON)
    assert unknown["note"] and unknown["generic"] is None
    assert len(sent(c.get(meds), 200, list[MedicineJSON])) == 4
    sent(c.get(f"{meds}/1"), 200, MedicineJSON)

    entries = [
        {"kind": "lab", "result": "b12_total=180 pg/mL", "date": ago(30)},
        {"kind": "supplement", "dose": "1000 ug", "at": f"{ago(4)}T10:00"},
        {"kind": "supplement", "dose": "10 ug", "at": f"{ago(3)}T10:00"},
        {"kind": "supplement", "dose": "10 ug", "at": f"{ago(3)}T10:30"},
        {"kind": "symptom", "symptom": "paresthesia", "note": "hands", "at": f"{ago(2)}T10:00"},
    ]
    for d in range(1, 8):
        entries += [
            {"kind": "food", "food_id": "sr28:14091", "amount": "1 cup", "meal": "breakfast",
             "at": f"{ago(d)}T08:00"},
            {"kind": "food", "food_id": "sr28:01123", "amount": "1 large", "at": f"{ago(d)}T13:00"},
            {"kind": "drink", "volume": "500 mL", "what": "tea", "at": f"{ago(d)}T09:00"},
        ]  # fmt: skip
        if d % 2:
            cramp = {"location": "calf", "timing": "night", "duration": "3m", "severity": "5"}
            entries.append({"kind": "cramp", "at": f"{ago(d)}T03:00", **cramp})
    for body in entries:
        sent(c.post("/api/entries", json=body), 201, EntryJSON)
    listed = sent(c.get("/api/entries?days=31"), 200, list[EntryJSON])
    assert {e["kind"] for e in listed} == {"food", "supplement", "drink", "cramp", "symptom", "lab"}
    assert all(e["text"] for e in listed)  # always sent by the API (optional in the CLI's)
    sent(c.get("/api/entries/1"), 200, EntryJSON)
    again = {"kind": "food", "food_id": "sr28:15159", "amount": "85 g", "at": f"{ago(1)}T08:00"}
    sent(c.put(f"/api/entries/{listed[-1]['id']}", json=again), 200, EntryJSON)
    ambiguous = c.post(
        "/api/entries", json={"kind": "food", "food": "beef liver", "amount": "3 oz"}
    )
    assert ambiguous.status_code == 409, ambiguous.text
    check(ambiguous.json()["error"]["candidates"], list[CandidateJSON])

    for query in ("days=1", "days=7", "days=30", "profile=Bo"):
        intake = sent(c.get(f"/api/intake?{query}"), 200, IntakeJSON)
        timeline = sent(c.get(f"/api/timeline?{query}"), 200, TimelineJSON)
    assert intake["average_per_logged_day"] is None and timeline["cramp_days"] is None  # Bo's
    week = c.get("/api/intake?days=7").json()
    assert week["average_per_logged_day"] and any(d["advice"] for d in week["days"])
    assert c.get("/api/timeline?days=7").json()["cramp_days"]["measures"]

    record = sent(c.get("/api/profiles/Ana/assessment"), 200, RecordAssessmentJSON)
    assert record["record"]["derived"] and record["record"]["case"]["medications"]
    bsh = "/api/profiles/Bo/assessment?guideline=bsh-2014"
    assert sent(c.get(bsh), 200, RecordAssessmentJSON)["record"]["missing"]


def test_the_diary_optional_keys_are_optional() -> None:
    assert NutrientAmountJSON.__optional_keys__ == {"upper", "above_upper"}
    for kind in get_args(get_args(EntryJSON)[0]):
        assert kind.__optional_keys__ == {"text"}, kind


def test_the_openapi_document_names_the_diary_contract_types(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for path, method, status, name in (
        ("/api/profiles/{name}", "get", "200", "ProfileJSON"),
        ("/api/profiles/{name}/medicines", "post", "201", "MedicineWrittenJSON"),
        ("/api/profiles/{name}/medicines/{medicine_id}", "get", "200", "MedicineJSON"),
        ("/api/intake", "get", "200", "IntakeJSON"),
        ("/api/timeline", "get", "200", "TimelineJSON"),
        ("/api/profiles/{name}/assessment", "get", "200", "RecordAssessmentJSON"),
    ):
        response = doc["paths"][path][method]["responses"][status]
        assert response["content"]["application/json"]["schema"]["$ref"] == (
            f"#/components/schemas/{name}"
        )
    entry = doc["paths"]["/api/entries/{entry_id}"]["get"]["responses"]["200"]["content"]
    union = entry["application/json"]["schema"]
    assert union["discriminator"]["propertyName"] == "kind"
    assert {ref["$ref"].rsplit("/", 1)[1] for ref in union["oneOf"]} == {
        "FoodEntryJSON", "SupplementEntryJSON", "DrinkEntryJSON", "CrampEntryJSON",
        "SymptomEntryJSON", "LabEntryJSON",
    }  # fmt: skip
    schemas = doc["components"]["schemas"]
    assert set(schemas["ProfileJSON"]["required"]) == ProfileJSON.__required_keys__
    assert "record" in schemas["RecordAssessmentJSON"]["required"]


def test_an_entry_of_another_shape_is_caught() -> None:
    drink = {"at": "2026-01-01T09:00:00", "volume_ml": 500, "what": "tea", "id": 1, "kind": "drink"}
    check(drink, EntryJSON)
    check([drink | {"text": "500 mL tea"}], list[EntryJSON])
    for bad in (drink | {"kind": "food"}, drink | {"grams": 3.0}, drink | {"volume_ml": None}):
        with pytest.raises(AssertionError):
            check(bad, EntryJSON)


def test_the_account_responses_have_the_declared_shape(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
    with DiaryStore(url) as store:
        Accounts(store).add("root", "a long enough password", "admin")
    app = create_app(replace(settings_for(tmp_path), database_url=url), accounts=True)
    with make_client(app) as c:
        signin = {"name": "root", "password": "a long enough password"}
        sent(c.post("/api/session", json=signin), 200, UserJSON)
        sent(c.get("/api/session"), 200, UserJSON)
        bo = {"name": "bo", "password": "another long password"}
        assert sent(c.post("/api/users", json=bo), 201, UserJSON)["role"] == "user"
        assert len(sent(c.get("/api/users"), 200, list[UserJSON])) == 2


# CDS Hooks ----------------------------------------------------------------------------------


def test_the_cds_answers_have_the_declared_shape(
    cds_server: LiveServer,  # noqa: F811 (the fixture)
    keys: Keys,  # noqa: F811
) -> None:
    found = httpx.get(f"{cds_server.url}/cds-services")
    assert found.status_code == 200
    check(found.json(), DiscoveryJSON)
    low = b12_observation(110, "pmol/L", date.today() - timedelta(days=20))
    cards = []
    for prefetch in (full_prefetch([]), full_prefetch([low])):  # a monitoring, a result card
        response = call(cds_server, keys, "b12-order-select", order_select(prefetch))
        assert response.status_code == 200, response.text
        check(response.json(), CardsJSON)
        cards += response.json()["cards"]
    assert {"suggestions", "overrideReasons"} <= set(cards[0]) and len(cards) == 2
    assert CardJSON.__optional_keys__ == {"suggestions", "selectionBehavior", "overrideReasons"}
    url = f"{cds_server.url}/cds-services/b12-order-select/feedback"
    item = {"card": "x", "outcome": "accepted", "outcomeTimestamp": "2026-03-01T10:00:00Z"}
    auth = {"Authorization": f"Bearer {keys.sign(url)}"}
    received = httpx.post(url, json={"feedback": [item]}, headers=auth)
    assert received.status_code == 200, received.text
    check(received.json(), FeedbackJSON)


# Foods and health ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["clams cooked", "milk", "beef liver", "fortified cereal", ""])
def test_food_searches_have_the_declared_shape(client: TestClient, query: str) -> None:
    sent(client.get("/api/foods/search", params={"q": query, "limit": 20}), 200, list[FoodHitJSON])


def test_foods_have_the_declared_shape(client: TestClient) -> None:
    hits = client.get("/api/foods/search", params={"q": "milk", "limit": 20}).json()
    ids = ["sr28:13327", "sr28:15159", *(h["id"] for h in hits)]
    for food_id in ids:
        assert "amount" not in sent(client.get(f"/api/foods/{food_id}"), 200, FoodJSON)
        for amount in ("100 g", "3 oz"):
            food = sent(
                client.get(f"/api/foods/{food_id}", params={"amount": amount}), 200, FoodJSON
            )
            assert food["amount"]["nutrients"]
    portion = client.get("/api/foods/sr28:01123", params={"amount": "1 large"})
    assert sent(portion, 200, FoodJSON)["amount"]["portion"]
    assert FoodJSON.__optional_keys__ == {"amount"} and not AmountJSON.__optional_keys__


def test_health_has_the_declared_shape(client: TestClient, empty_client: TestClient) -> None:
    assert sent(client.get("/api/health"), 200, HealthJSON)["food_index"] == "ready"
    assert sent(empty_client.get("/api/health"), 200, HealthJSON)["food_index"] == "missing"


def test_the_openapi_document_names_the_food_contract_types(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    ok = doc["paths"]["/api/foods/{food_id}"]["get"]["responses"]["200"]["content"]
    assert ok["application/json"]["schema"]["$ref"] == "#/components/schemas/FoodJSON"
    hits = doc["paths"]["/api/foods/search"]["get"]["responses"]["200"]["content"]
    assert hits["application/json"]["schema"]["items"]["$ref"] == (
        "#/components/schemas/FoodHitJSON"
    )
    schemas = doc["components"]["schemas"]
    assert set(schemas["FoodHitJSON"]["required"]) == FoodHitJSON.__required_keys__
    assert set(schemas["HealthJSON"]["required"]) == HealthJSON.__required_keys__


# Plans --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def planner(
    real_home: Path,  # noqa: F811 (the fixture)
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[TestClient]:
    """A client of an app with the real foods (the fixture ones plan nothing) and three
    people: a vegan after a gastric bypass, an omnivore, and someone without sex (so no
    mineral targets)."""
    settings = settings_for(tmp_path_factory.mktemp("contract-plans"))
    settings.food_index_path.symlink_to(real_home / "foods.sqlite3")
    with make_client(create_app(settings)) as c:
        for person in ({"name": "Ana", "age": 50, "sex": "female", "diet": "vegan",
                        "conditions": ["bariatric_surgery"]},
                       {"name": "Bo", "age": 40, "sex": "male", "diet": "omnivore"},
                       {"name": "Cy", "age": 30}):  # fmt: skip
            sent(c.post("/api/profiles", json=person), 201, ProfileJSON)
        yield c


@pytest.mark.realdata
def test_plans_have_the_declared_shape(planner: TestClient) -> None:
    """With a dose, with none allowed, with avoided foods, and without mineral targets."""
    plans = [
        sent(planner.get(f"/api/plan?start=2026-03-02&{query}"), 200, PlanJSON)
        for query in ("profile=Ana&days=3", "profile=Ana&days=1&supplements=none",
                      "profile=Bo&days=2&avoid=sr28:01123&exclude=milk",
                      "profile=Cy&days=1&energy=2000")
    ]  # fmt: skip
    assert plans[0]["supplement"] and plans[0]["days"][0]["supplements"]
    assert all(p["days"][0]["meals"][0]["items"] for p in plans)
    assert plans[-1]["targets"]["potassium_mg"] is None


def test_a_plan_that_cannot_be_made_has_the_declared_shape(diary: TestClient) -> None:
    """The fixture foods are too few to plan with: no days, and what is unmet."""
    sent(diary.post("/api/profiles", json={"name": "Ana", "age": 70, "sex": "female"}), 201,
         ProfileJSON)  # fmt: skip
    plan = sent(diary.get("/api/plan?days=2"), 200, PlanJSON)
    assert not plan["days"] and plan["unmet"]


def test_the_openapi_document_names_the_plan_contract_type(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    ok = doc["paths"]["/api/plan"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"] == "#/components/schemas/PlanJSON"
    assert set(doc["components"]["schemas"]["PlanJSON"]["required"]) == PlanJSON.__required_keys__


# The clinician report -----------------------------------------------------------------------


def test_reports_have_the_declared_shape(diary: TestClient) -> None:
    """A full record (medicines, labs with and without the lab's range, foods, a dose,
    cramps, a symptom) charted per day and per week, and an empty one."""
    c = diary
    ana = {"name": "Ana", "age": 71, "sex": "female", "diet": "vegetarian",
           "conditions": ["type_2_diabetes", "hypothyroidism"]}  # fmt: skip
    sent(c.post("/api/profiles", json=ana), 201, ProfileJSON)
    sent(c.post("/api/profiles", json={"name": "Bo", "age": 40}), 201, ProfileJSON)
    for body in ({"name": "metformin", "dose": "1000 mg twice a day", "started": "2018-03"},
                 {"name": "omeprazole", "dose": "20 mg/day", "started": "2020",
                  "stopped": ago(20)}):  # fmt: skip
        sent(c.post("/api/profiles/Ana/medicines", json=body), 201, MedicineWrittenJSON)
    entries = [
        {"kind": "lab", "result": "b12_total=190 pg/mL (200-900)", "date": ago(60)},
        {"kind": "lab", "result": "b12_total=150 pg/mL", "date": ago(5)},
        {"kind": "lab", "result": "mma=520 nmol/L", "date": ago(5)},
        {"kind": "supplement", "dose": "1000 ug", "at": f"{ago(3)}T10:00"},
        {"kind": "symptom", "symptom": "paresthesia", "at": f"{ago(2)}T10:00"},
    ]
    for d in range(1, 6):
        entries += [
            {"kind": "food", "food_id": "sr28:01123", "amount": "1 large", "at": f"{ago(d)}T08:00"},
            {"kind": "drink", "volume": "500 mL", "what": "tea", "at": f"{ago(d)}T09:00"},
        ]
        if d % 2:
            entries.append({"kind": "cramp", "location": "calf", "timing": "night",
                            "at": f"{ago(d)}T03:00"})  # fmt: skip
    for body in entries:
        sent(c.post("/api/entries", json=body), 201, EntryJSON)
    reports = {
        query: sent(c.get(f"/api/report?{query}"), 200, ClinicianReportJSON)
        for query in ("profile=Ana", "profile=Ana&days=30", "profile=Ana&days=400",
                      "profile=Ana&days=7&guideline=bsh-2014", "profile=Bo")
    }  # fmt: skip
    full = reports["profile=Ana"]
    assert len(full["labs"]) == 3 and all("reading" in row for row in full["labs"])
    assert [row["lab_range"] is None for row in full["labs"]] == [False, True, True]
    assert full["person"]["medicines"] and full["cramp_days"] and not full["empty"]
    assert {r["period"]["charted_per"] for r in reports.values()} == {"day", "week"}
    assert reports["profile=Bo"]["empty"] and reports["profile=Bo"]["cramp_days"] is None
    assert LabRowJSON.__optional_keys__ == {"reading", "problem"}


def test_the_openapi_document_names_the_report_contract_type(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    ok = doc["paths"]["/api/report"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"] == "#/components/schemas/ClinicianReportJSON"
    schemas = doc["components"]["schemas"]
    assert set(schemas["ClinicianReportJSON"]["required"]) == (
        ClinicianReportJSON.__required_keys__
    )
    assert set(schemas["PeriodJSON"]["properties"]) == {"from", "to", "days", "charted_per"}
