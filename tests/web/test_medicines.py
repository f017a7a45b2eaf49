"""Medicines in a person's record through the web: the JSON API under
``/api/profiles/{name}/medicines`` (the same JSON as ``b12 med list --json``) and the
``/medicines`` page, with a real store: SQLite always, PostgreSQL too when
``B12_TEST_DATABASE_URL`` is set (as the store tests do).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from b12.config import Settings
from b12.web.app import create_app
from tests.diary.test_diary_cli import ok
from tests.store.conftest import pg_schema, pg_server_url  # noqa: F401 (fixture)
from tests.web.conftest import settings_for, with_csrf
from tests.web.conftest import test_client as make_client
from tests.web.test_diary import add_ana, error_of

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """A fresh home whose diary is SQLite in it, or a new PostgreSQL schema."""
    settings = settings_for(tmp_path)
    if request.param == "sqlite":
        yield settings
        return
    with pg_schema(request.getfixturevalue("pg_server_url")) as url:
        yield replace(settings, database_url=url)


@pytest.fixture
def mc(store_settings: Settings) -> Iterator[TestClient]:
    with make_client(create_app(store_settings)) as c:
        yield c


@pytest.fixture
def sc(tmp_path: Path) -> Iterator[TestClient]:
    """A client on a fresh SQLite diary, for the pages."""
    with make_client(create_app(settings_for(tmp_path))) as c:
        yield c


MEDS = "/api/profiles/Ana/medicines"


# JSON API ---------------------------------------------------------------------------------


def test_medicines_crud(mc: TestClient) -> None:
    add_ana(mc)
    assert mc.get(MEDS).json() == []
    added = mc.post(
        MEDS, json={"name": "Nexium", "dose": "20 mg twice a day", "started": "2019-03"}
    )
    assert added.status_code == 201, added.text
    nexium = added.json()
    assert nexium["generic"] == "esomeprazole"  # a brand, read as its own generic
    assert nexium["drug_class"] == "proton_pump_inhibitor"
    assert nexium["dose_text"] == "20 mg twice a day" and nexium["dose_mg_per_day"] == 40
    assert nexium["started"] == "2019-03-01" and nexium["stopped"] is None
    assert nexium["note"] is None
    metformin = mc.post(MEDS, json={"name": "metformin", "dose": "1 g daily"}).json()
    listed = mc.get(MEDS).json()
    assert [m["name"] for m in listed] == ["Nexium", "metformin"]
    assert listed[0] == {k: v for k, v in nexium.items() if k != "note"}

    one = f"{MEDS}/{nexium['id']}"
    assert mc.get(one).json() == listed[0]
    stopped = {"name": "Nexium", "dose": "20 mg", "started": "2019-03", "stopped": ago(10),
               "improved_after_stopping": True}  # fmt: skip
    changed = mc.put(one, json=stopped)
    assert changed.status_code == 200, changed.text
    assert changed.json()["stopped"] == ago(10) and changed.json()["dose_mg_per_day"] == 20
    assert changed.json()["improved_after_stopping"] is True
    # PUT replaces: what is left out becomes not known
    cleared = mc.put(one, json={"name": "Nexium"}).json()
    assert cleared["started"] is None and cleared["dose_text"] is None
    assert mc.delete(one).status_code == 204
    assert error_of(mc.get(one), 404)["code"] == "not_found"
    assert [m["id"] for m in mc.get(MEDS).json()] == [metformin["id"]]


def test_an_unknown_name_is_kept_with_a_suggestion(mc: TestClient) -> None:
    add_ana(mc)
    response = mc.post(MEDS, json={"name": "omeprazol", "dose": "20 mg"})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "omeprazol" and body["generic"] is None
    assert body["drug_class"] is None
    assert "Did you mean omeprazole?" in body["note"]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"name": "metformin", "dose": "lots"}, "dose", "500 mg twice a day"),
        ({"name": "metformin", "dose": "0 mg"}, "dose", "more than 0"),
        ({"name": "metformin", "started": "March 2019"}, "started", "YYYY-MM-DD, YYYY-MM or YYYY"),
        ({"name": "metformin", "started": "2024-02-30"}, "started", "cannot read the date"),
        ({"name": "metformin", "started": "2999"}, "started", "in the future"),
        ({"name": "metformin", "started": "2024", "stopped": "2020"}, "stopped", "before started"),
        ({"name": "metformin", "dose_changed": "soon"}, "dose_changed", "YYYY-MM"),
        ({"name": "   "}, "name", "needs a name"),
        ({"name": ""}, "name", "at least 1"),
        ({"dose": "20 mg"}, "name", "required"),
        ({"name": "metformin", "started": 2019}, "started", "string"),
        ({"name": "metformin", "colour": "blue"}, "colour", ""),
    ],
)
def test_bad_medicines_name_the_field_and_write_nothing(
    mc: TestClient, body: dict[str, Any], field: str, words: str
) -> None:
    add_ana(mc)
    error = error_of(mc.post(MEDS, json=body), 422)
    assert error["field"] == field and words in error["message"], error
    assert mc.get(MEDS).json() == []


def test_a_bad_edit_changes_nothing(mc: TestClient) -> None:
    add_ana(mc)
    med = mc.post(MEDS, json={"name": "metformin", "dose": "500 mg", "started": "2020"}).json()
    bad = mc.put(
        f"{MEDS}/{med['id']}", json={"name": "metformin", "started": "2020", "stopped": "2019"}
    )
    assert error_of(bad, 422)["field"] == "stopped"
    assert mc.get(f"{MEDS}/{med['id']}").json() == {k: v for k, v in med.items() if k != "note"}


def test_unknown_profiles_and_medicines_are_404(mc: TestClient) -> None:
    add_ana(mc)
    mc.post("/api/profiles", json={"name": "Bo", "age": 50})
    med = mc.post(MEDS, json={"name": "metformin"}).json()
    for response in (
        mc.get("/api/profiles/Nobody/medicines"),
        mc.post("/api/profiles/Nobody/medicines", json={"name": "metformin"}),
        mc.get(f"{MEDS}/999"),
        mc.put(f"{MEDS}/999", json={"name": "metformin"}),
        mc.delete(f"{MEDS}/999"),
        # one person's medicine cannot be reached through another's record
        mc.get(f"/api/profiles/Bo/medicines/{med['id']}"),
        mc.delete(f"/api/profiles/Bo/medicines/{med['id']}"),
    ):
        assert error_of(response, 404)["code"] == "not_found"
    assert len(mc.get(MEDS).json()) == 1
    assert error_of(mc.get(f"{MEDS}/0"), 422)["field"] == "medicine_id"


def test_the_api_gives_the_json_b12_med_list_prints(tmp_path: Path, web_settings: Settings) -> None:
    settings = settings_for(tmp_path)
    settings.food_index_path.symlink_to(web_settings.food_index_path)
    with make_client(create_app(settings)) as c:
        add_ana(c)
        c.post(MEDS, json={"name": "Losec", "dose": "20 mg daily", "started": "2024"})
        c.post(MEDS, json={"name": "omeprazol"})
        web = c.get(MEDS).json()
    ok(tmp_path, "med", "add", "metformin", "--dose", "500 mg twice a day", "--started", "2018")
    cli = ok(tmp_path, "med", "list", "--json")
    assert cli[:2] == web  # the web's medicines, as the CLI reads them
    with make_client(create_app(settings)) as c:
        assert c.get(MEDS).json() == cli  # and the CLI's, as the web reads them


# The page ---------------------------------------------------------------------------------


def rows(html: str) -> list[str]:
    """The medicines table's rows as text."""
    found = re.findall(r'<tr data-id="\d+".*?</tr>', html, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", r)).split()) for r in found]


def test_without_a_profile_the_page_leads_to_the_profile_page(sc: TestClient) -> None:
    page = sc.get("/medicines")
    assert page.status_code == 200
    assert '<a href="/profile">Add a profile, or choose one</a>' in page.text


def test_the_page_adds_stops_edits_and_deletes(sc: TestClient) -> None:
    add_ana(sc)
    empty = sc.get("/medicines")
    assert empty.status_code == 200 and "No medicines in the record yet" in empty.text
    assert '<a href="/medicines" aria-current="page">Medicines</a>' in empty.text
    form = {"name": "metformin", "dose": "1000 mg twice a day", "started": "2018-03"}
    added = sc.post("/medicines", data=with_csrf(sc, form), follow_redirects=False)
    assert added.status_code == 303
    sc.post("/medicines", data=with_csrf(sc, {"name": "omeprazol", "started": ago(45)}))
    page = sc.get("/medicines").text
    metformin, omeprazol = rows(page)
    assert metformin.startswith("metformin metformin")  # name, then the generic
    assert "1000 mg twice a day" in metformin and "2,000 mg a day" in metformin
    assert "2018-03-01" in metformin and "still taking" in metformin and "years" in metformin
    assert "not known to b12" in omeprazol and "45 days" in omeprazol
    assert "Did you mean omeprazole?" in unescape(page)

    [met, ome] = sc.get(MEDS).json()
    stop = sc.post(f"/medicines/{met['id']}/stop", data=with_csrf(sc), follow_redirects=False)
    assert stop.status_code == 303
    assert sc.get(f"{MEDS}/{met['id']}").json()["stopped"] == date.today().isoformat()
    assert "still taking" not in rows(sc.get("/medicines").text)[0]

    edit = sc.get(f"/medicines/{ome['id']}")
    assert edit.status_code == 200 and 'value="omeprazol"' in edit.text
    fixed = {"name": "omeprazole", "dose": "20 mg", "started": ago(45), "stopped": "",
             "improved_after_stopping": ""}  # fmt: skip
    saved = sc.post(f"/medicines/{ome['id']}", data=with_csrf(sc, fixed), follow_redirects=False)
    assert saved.status_code == 303
    now_known = sc.get(f"{MEDS}/{ome['id']}").json()
    assert now_known["generic"] == "omeprazole" and now_known["dose_mg_per_day"] == 20

    sc.post(f"/medicines/{met['id']}/delete", data=with_csrf(sc))
    assert [m["name"] for m in sc.get(MEDS).json()] == ["omeprazole"]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"name": "metformin", "dose": "a handful", "started": "2019"}, "dose"),
        ({"name": "metformin", "dose": "500 mg", "started": "last spring"}, "started"),
        ({"name": "metformin", "started": "2024", "stopped": "2019"}, "stopped"),
        ({"name": "", "dose": "500 mg", "started": "2019"}, "name"),
    ],
)
def test_a_bad_field_keeps_everything_typed(
    sc: TestClient, form: dict[str, str], field: str
) -> None:
    add_ana(sc)
    bad = sc.post("/medicines", data=with_csrf(sc, form))
    assert bad.status_code == 422
    assert f'id="{field}-error"' in bad.text
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', bad.text)
    for name, value in form.items():
        if value:
            assert re.search(rf'id="{name}" name="{name}"[^>]*value="{re.escape(value)}"', bad.text)
    assert sc.get(MEDS).json() == []


def test_a_bad_edit_keeps_what_was_typed_and_the_medicine(sc: TestClient) -> None:
    add_ana(sc)
    med = sc.post(MEDS, json={"name": "metformin", "dose": "500 mg", "started": "2020"}).json()
    form = {"name": "metformin", "dose": "500 mg", "started": "2020", "stopped": "2019-13"}
    bad = sc.post(f"/medicines/{med['id']}", data=with_csrf(sc, form))
    assert bad.status_code == 422 and 'id="stopped-error"' in bad.text
    assert 'value="2019-13"' in bad.text and f'action="/medicines/{med["id"]}"' in bad.text
    assert sc.get(f"{MEDS}/{med['id']}").json()["stopped"] is None


def test_the_page_forms_need_the_csrf_token(sc: TestClient) -> None:
    add_ana(sc)
    med = sc.post(MEDS, json={"name": "metformin"}).json()
    sc.get("/medicines")
    assert sc.post("/medicines", data={"name": "aspirin"}).status_code == 403
    assert sc.post(f"/medicines/{med['id']}/delete", data={}).status_code == 403
    assert [m["name"] for m in sc.get(MEDS).json()] == ["metformin"]


def test_the_profile_page_offers_every_condition(sc: TestClient) -> None:
    from b12.core.diary import CONDITIONS

    page = sc.get("/profile").text
    offered = set(re.findall(r'name="conditions" value="([^"]+)"', page))
    assert offered == set(CONDITIONS)
    every = {"name": "Ana", "age": 60, "conditions": list(CONDITIONS)}
    assert sc.post("/api/profiles", json=every).json()["conditions"] == sorted(CONDITIONS)
