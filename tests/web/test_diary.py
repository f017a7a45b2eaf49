"""The diary areas in-process: profiles, entries, intake and timeline, as JSON and as pages,
and the guards for pages that write personal data (CSRF token, Host check, Origin).

Each test gets its own B12_HOME (a fresh SQLite diary and current-profile file), linked to
the session's fixture food index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from b12.config import Settings
from b12.web.app import create_app
from tests.web.conftest import settings_for, with_csrf
from tests.web.conftest import test_client as make_client

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


@pytest.fixture
def diary_settings(tmp_path: Path, web_settings: Settings) -> Settings:
    settings = settings_for(tmp_path)
    settings.food_index_path.symlink_to(web_settings.food_index_path)  # the fixture foods
    return settings


@pytest.fixture
def dc(diary_settings: Settings) -> Iterator[TestClient]:
    """A client of an app with an empty diary of its own."""
    with make_client(create_app(diary_settings)) as c:
        yield c


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert {"code", "message", "field"} <= set(error)
    return error


def add_ana(c: TestClient) -> dict[str, Any]:
    response = c.post(
        "/api/profiles", json={"name": "Ana", "age": 34, "sex": "female", "diet": "vegan"}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


# JSON API ---------------------------------------------------------------------------------


def test_profiles_crud_and_current(dc: TestClient) -> None:
    assert dc.get("/api/profiles").json() == []
    ana = add_ana(dc)
    assert ana["current"] is True and ana["reference"] == "us-iom"
    ben = dc.post("/api/profiles", json={"name": "Ben", "age": 50, "reference": "efsa"}).json()
    assert ben["current"] is False
    assert error_of(dc.post("/api/profiles", json={"name": "Cy", "age": 15}), 422)["field"] == (
        "age"
    )
    assert error_of(dc.post("/api/profiles", json={"name": "Ana", "age": 30}), 422)
    bad_ref = dc.post("/api/profiles", json={"name": "Di", "age": 30, "reference": "who"})
    assert error_of(bad_ref, 422)["field"] == "reference"
    updated = dc.put("/api/profiles/Ben", json={"name": "Ben", "age": 51, "current": True})
    assert updated.status_code == 200 and updated.json()["age"] == 51
    assert [p["name"] for p in dc.get("/api/profiles").json() if p["current"]] == ["Ben"]
    assert error_of(dc.get("/api/profiles/Nobody"), 404)["code"] == "not_found"
    assert dc.delete("/api/profiles/Ben").status_code == 204
    assert [p["name"] for p in dc.get("/api/profiles").json()] == ["Ana"]


def test_entries_need_a_profile(dc: TestClient) -> None:
    error = error_of(dc.post("/api/entries", json={"kind": "drink", "volume": "1 L"}), 422)
    assert error["field"] == "profile" and "no profile" in error["message"]


def test_entries_crud_each_kind(dc: TestClient) -> None:
    add_ana(dc)
    bodies = [
        {"kind": "food", "food_id": "sr28:15159", "amount": "85 g", "at": "08:00"},
        {"kind": "supplement", "dose": "1000 ug", "form": "methylcobalamin"},
        {"kind": "drink", "volume": "500 mL"},
        {"kind": "cramp", "location": "calf", "timing": "night", "duration": "5m", "severity": "6"},
        {"kind": "symptom", "symptom": "paresthesia", "note": "toes"},
        {"kind": "lab", "result": "b12_total=150 pg/mL"},
    ]
    ids = []
    for body in bodies:
        response = dc.post("/api/entries", json=body)
        assert response.status_code == 201, (body, response.text)
        assert response.json()["kind"] == body["kind"]
        ids.append(response.json()["id"])
    listed = dc.get("/api/entries", params={"days": 1}).json()
    assert sorted(e["id"] for e in listed) == sorted(ids)
    food = dc.get(f"/api/entries/{ids[0]}").json()
    assert food["grams"] == 85 and food["nutrients"]["b12"] == pytest.approx(84.06, abs=0.01)
    changed = dc.put(f"/api/entries/{ids[2]}", json={"kind": "drink", "volume": "1 L"})
    assert changed.status_code == 200 and changed.json()["volume_ml"] == 1000
    assert error_of(dc.put(f"/api/entries/{ids[2]}", json={"kind": "cramp"}), 422)["field"] == (
        "kind"
    )
    assert dc.delete(f"/api/entries/{ids[1]}").status_code == 204
    assert error_of(dc.get(f"/api/entries/{ids[1]}"), 404)["code"] == "not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "supplement", "dose": "lots"}, "dose"),
        ({"kind": "drink", "volume": "5 parsecs"}, "volume"),
        ({"kind": "cramp", "location": "nose"}, "location"),
        ({"kind": "cramp", "location": "calf", "severity": "11"}, "severity"),
        ({"kind": "symptom", "symptom": "sneezing"}, "symptom"),
        ({"kind": "lab", "result": "b12_total=250 furlongs"}, "result"),
        ({"kind": "food", "food_id": "sr28:15159", "amount": "3 parsecs"}, "amount"),
        ({"kind": "food", "food_id": "sr28:99999", "amount": "1 g"}, "food_id"),
        ({"kind": "food", "food": "zzzzqqq", "amount": "100 g"}, "food"),
        ({"kind": "drink", "volume": "1 L", "at": "someday"}, "at"),
        ({"kind": "drink", "volume": "1 L", "extra": 1}, "extra"),
    ],
)
def test_bad_entries_name_the_field_and_write_nothing(
    dc: TestClient, body: dict[str, Any], field: str
) -> None:
    add_ana(dc)
    assert error_of(dc.post("/api/entries", json=body), 422)["field"] == field
    assert dc.get("/api/entries").json() == []


def test_ambiguous_food_lists_candidates_and_never_guesses(dc: TestClient) -> None:
    add_ana(dc)
    response = dc.post(
        "/api/entries", json={"kind": "food", "food": "beef liver", "amount": "3 oz"}
    )
    error = error_of(response, 409)
    assert error["code"] == "ambiguous_food"
    ids = {c["id"] for c in error["candidates"]}
    assert {"sr28:13325", "sr28:13327"} <= ids
    assert dc.get("/api/entries").json() == []


def test_intake_and_timeline(dc: TestClient) -> None:
    add_ana(dc)
    dc.post("/api/entries", json={"kind": "food", "food_id": "sr28:15159", "amount": "10 g"})
    dc.post("/api/entries", json={"kind": "cramp", "location": "calf"})
    intake = dc.get("/api/intake", params={"days": 3}).json()
    assert intake["profile"] == "Ana" and intake["days_logged"] == 1
    today = intake["days"][-1]
    assert today["b12"]["eaten_ug"]["oral_total"] == pytest.approx(9.889, abs=0.01)
    timeline = dc.get("/api/timeline", params={"days": 3}).json()
    assert len(timeline["days"]) == 3 and timeline["days"][-1]["cramps"]["count"] == 1
    assert error_of(dc.get("/api/intake", params={"to": "soon"}), 422)["field"] == "to"
    assert error_of(dc.get("/api/intake", params={"days": 0}), 422)["field"] == "days"


# Pages ------------------------------------------------------------------------------------


def test_profile_page_creates_and_keeps_bad_input(dc: TestClient) -> None:
    page = dc.get("/profile")
    assert page.status_code == 200 and "Add a person" in page.text
    bad = dc.post("/profile", data=with_csrf(dc, {"name": "Ana", "age": "12", "diet": "vegan"}))
    assert bad.status_code == 422
    assert 'id="age-error"' in bad.text and 'value="12"' in bad.text
    assert re.search(r'<option value="vegan" selected>', bad.text)
    ok = dc.post(
        "/profile",
        data=with_csrf(dc, {"name": "Ana", "age": "34", "conditions": ["gastrectomy"]}),
        follow_redirects=False,
    )
    assert ok.status_code == 303
    listed = dc.get("/profile").text
    assert "Ana" in listed and "(current)" in listed and "gastrectomy" in listed


def test_diary_page_logs_edits_and_deletes(dc: TestClient) -> None:
    assert "Add a profile" in dc.get("/diary").text
    assert "Add a profile" in dc.get("/intake").text
    add_ana(dc)
    bad = dc.post("/diary", data=with_csrf(dc, {"kind": "drink", "volume": "a lot"}))
    assert bad.status_code == 422
    assert 'id="volume-error"' in bad.text and 'value="a lot"' in bad.text
    assert dc.get("/api/entries").json() == []

    many = dc.post(
        "/diary", data=with_csrf(dc, {"kind": "food", "food": "beef liver", "amount": "3 oz"})
    )
    assert many.status_code == 422 and 'id="candidates"' in many.text
    assert 'value="sr28:13327"' in many.text and 'value="3 oz"' in many.text
    picked = dc.post(
        "/diary",
        data=with_csrf(
            dc, {"kind": "food", "food": "beef liver", "amount": "3 oz", "food_id": "sr28:13327"}
        ),
    )
    assert picked.status_code == 200 and "pan-fried" in picked.text
    [entry] = dc.get("/api/entries").json()
    edit = dc.get(f"/diary/{entry['id']}")
    assert edit.status_code == 200 and 'value="3 oz"' in edit.text
    form = {"food_id": "sr28:13327", "food": entry["food_name"], "amount": "100 g"}
    saved = dc.post(f"/diary/{entry['id']}", data=with_csrf(dc, form), follow_redirects=False)
    assert saved.status_code == 303
    assert dc.get(f"/api/entries/{entry['id']}").json()["grams"] == 100
    dc.post(f"/diary/{entry['id']}/delete", data=with_csrf(dc))
    assert dc.get("/api/entries").json() == []


def test_intake_and_timeline_pages_draw_svg(dc: TestClient) -> None:
    add_ana(dc)
    dc.post("/api/entries", json={"kind": "supplement", "dose": "250 ug"})
    dc.post("/api/entries", json={"kind": "cramp", "location": "calf", "severity": "4"})
    intake = dc.get("/intake")
    assert intake.status_code == 200
    assert '<svg class="chart" id="b12-chart"' in intake.text
    assert 'data-eaten="250.000"' in intake.text and 'class="target"' in intake.text
    assert 'id="percent-chart"' in intake.text
    timeline = dc.get("/timeline")
    assert 'id="timeline-chart"' in timeline.text and 'class="cramp"' in timeline.text
    assert "Information, not a diagnosis." in timeline.text


# Safety -----------------------------------------------------------------------------------


def test_pages_set_a_csrf_cookie_and_forms_carry_it(dc: TestClient) -> None:
    response = dc.get("/profile")
    token = response.cookies.get("b12_csrf")
    assert token and f'name="csrf_token" value="{token}"' in response.text
    assert "samesite=strict" in response.headers["set-cookie"].lower()


def test_a_form_without_the_csrf_token_is_refused(dc: TestClient) -> None:
    dc.get("/profile")
    missing = dc.post("/profile", data={"name": "Eve", "age": "40"})
    assert missing.status_code == 403
    wrong = dc.post("/profile", data={"name": "Eve", "age": "40", "csrf_token": "x" * 30})
    assert wrong.status_code == 403
    assert dc.post("/labs", data={"results": "b12=250 pg/mL"}).status_code == 403
    assert dc.get("/api/profiles").json() == []


def test_only_local_host_names_are_answered(dc: TestClient, diary_settings: Settings) -> None:
    assert dc.get("/api/health", headers={"host": "evil.example:8000"}).status_code == 400
    assert dc.get("/", headers={"host": "localhost:8000"}).status_code == 200
    assert dc.get("/", headers={"host": "[::1]:8000"}).status_code == 200
    with make_client(create_app(diary_settings, allowed_hosts=("b12.lan",))) as other:
        assert other.get("/", headers={"host": "b12.lan"}).status_code == 200


def test_api_writes_from_another_site_are_refused(dc: TestClient) -> None:
    body = {"name": "Eve", "age": 40}
    cross = dc.post("/api/profiles", json=body, headers={"origin": "http://evil.example"})
    assert error_of(cross, 403)["code"] == "cross_site"
    opaque = dc.post("/api/profiles", json=body, headers={"origin": "null"})  # sandboxed frame
    assert error_of(opaque, 403)["code"] == "cross_site"
    other_port = dc.post(  # another app on this computer is another site
        "/api/profiles", json=body, headers={"origin": "http://127.0.0.1:8001"}
    )
    assert error_of(other_port, 403)["code"] == "cross_site"
    same = dc.post("/api/profiles", json=body, headers={"origin": "http://127.0.0.1"})
    assert same.status_code == 201


def test_with_several_profiles_and_none_chosen_the_pages_ask(
    dc: TestClient, diary_settings: Settings
) -> None:
    add_ana(dc)
    dc.post("/api/profiles", json={"name": "Ben", "age": 50})
    (diary_settings.home / "current-profile").unlink()
    for path in ("/diary", "/intake", "/timeline"):
        response = dc.get(path)
        assert response.status_code == 200 and "several profiles" in response.text
    use = dc.post("/profile/use", data=with_csrf(dc, {"name": "Ben"}), follow_redirects=False)
    assert use.status_code == 303
    assert 'Diary <span class="muted">of Ben' in dc.get("/diary").text


@pytest.mark.parametrize("path", ["/diary", "/intake", "/timeline"])
def test_without_a_profile_the_diary_pages_lead_to_the_profile_page(
    dc: TestClient, path: str
) -> None:
    page = dc.get(path)
    assert page.status_code == 200
    assert '<a href="/profile">Add a profile, or choose one</a>' in page.text
    assert "b12 profile add" not in page.text  # no terminal commands on a web page


def test_the_timeline_sets_cramp_days_beside_the_others(dc: TestClient) -> None:
    assert dc.post("/api/profiles", json={"name": "Ana", "age": 40, "sex": "female"}).is_success
    for days_ago in range(4):
        at = f"{(date.today() - timedelta(days=days_ago)).isoformat()}T09:00"
        volume = "250 mL" if days_ago == 0 else "2 L"
        assert dc.post(
            "/api/entries", json={"kind": "drink", "volume": volume, "at": at}
        ).is_success
    assert dc.post("/api/entries", json={"kind": "cramp", "location": "calf"}).is_success
    compared = dc.get("/api/timeline?days=7").json()["cramp_days"]
    assert (compared["cramp_days"], compared["other_days"], compared["enough"]) == (1, 3, False)
    fluids = next(m for m in compared["measures"] if m["name"] == "fluids")
    assert (fluids["cramp_days"], fluids["day_before"], fluids["other_days"]) == (0.25, 2.0, 2.0)
    page = dc.get("/timeline?days=7").text
    assert 'id="cramp-days"' in page and "does not show that one causes the other" in page


def test_the_diary_by_day_with_totals_undo_and_log_again(dc: TestClient) -> None:
    add_ana(dc)
    for body in ({"kind": "food", "food_id": "sr28:01123", "amount": "1 large"},
                 {"kind": "cramp", "location": "calf"}):  # fmt: skip
        assert dc.post("/diary", data=with_csrf(dc, body)).status_code == 200
    page = dc.get("/diary").text
    assert page.count('class="diary-day"') == 1 and 'class="day-totals"' in page
    assert "B12 eaten" in page and "1 cramp(s)" in page
    assert 'id="recent-foods"' in page and "1 large Egg" in page  # the food, to log again
    again = dc.post("/diary", data=with_csrf(dc, {"kind": "food", "food_id": "sr28:01123",
                                                  "amount": "1 large"}))  # fmt: skip
    assert again.status_code == 200
    entries = dc.get("/api/entries").json()
    assert sum(e["kind"] == "food" for e in entries) == 2
    cramp = next(e for e in entries if e["kind"] == "cramp")
    deleted = dc.post(f"/diary/{cramp['id']}/delete", data=with_csrf(dc, {}))
    assert deleted.status_code == 200 and 'id="undo-form"' in deleted.text
    undo = re.search(r'id="undo-form">(.*?)</form>', deleted.text, re.S)
    assert undo is not None
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', undo.group(1)))
    fields.pop("b12_csrf", None)
    assert fields["location"] == "calf"
    restored = dc.post("/diary", data=with_csrf(dc, fields))
    assert restored.status_code == 200
    kinds = sorted(e["kind"] for e in dc.get("/api/entries").json())
    assert kinds == ["cramp", "food", "food"]


def test_a_food_page_logs_the_amount_shown(dc: TestClient) -> None:
    add_ana(dc)
    page = dc.get("/foods/sr28:01123?amount=1 large").text
    assert 'id="log-food-form"' in page and 'value="1 large"' in page
    logged = dc.post("/diary", data=with_csrf(dc, {"kind": "food", "food_id": "sr28:01123",
                                                   "amount": "1 large"}))  # fmt: skip
    assert logged.status_code == 200
    assert [e["kind"] for e in dc.get("/api/entries").json()] == ["food"]


def test_the_timeline_lanes_show_their_targets(dc: TestClient) -> None:
    assert dc.post("/api/profiles", json={"name": "Ana", "age": 40, "sex": "female"}).is_success
    assert dc.post("/api/entries", json={"kind": "drink", "volume": "1 L"}).is_success
    page = dc.get("/timeline?days=7").text
    assert 'data-lane="eaten"' in page and 'data-lane="fluid"' in page
    assert "target 2.4" in page and "target 2.7" in page  # µg of B12, litres of water
