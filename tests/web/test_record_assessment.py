"""The assessment built from a person's record, through the web: ``GET
/api/profiles/{name}/assessment`` answers what ``b12 assess --profile NAME --no-ask --json``
prints for the same record, and the self-check started from the diary asks only what the
record lacks, shows what the record said, and stops for red flags as the ordinary one does.
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
from tests.web.conftest import settings_for, with_csrf
from tests.web.conftest import test_client as make_client
from tests.web.test_diary import error_of
from tests.web.test_pages import hidden, question_key

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


@pytest.fixture
def home(tmp_path: Path, web_settings: Settings) -> Path:
    """A B12_HOME with the fixture foods and an empty diary, shared by the app and the CLI."""
    settings_for(tmp_path).food_index_path.symlink_to(web_settings.food_index_path)
    return tmp_path


@pytest.fixture
def rc(home: Path) -> Iterator[TestClient]:
    with make_client(create_app(settings_for(home))) as c:
        yield c


def post(c: TestClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = c.post(path, json=body)
    assert response.status_code == 201, (body, response.text)
    created: dict[str, Any] = response.json()
    return created


def build_record(c: TestClient, symptom: str = "paresthesia") -> None:
    """Ana's record as tests/diary/test_record_cli.py builds it with the CLI, through the API:
    a profile, three medicines, two labs a month ago, a week of meals and night cramps."""
    post(c, "/api/profiles", {"name": "Ana", "age": 67, "sex": "female", "diet": "omnivore",
                              "conditions": ["type_2_diabetes"]})  # fmt: skip
    meds = "/api/profiles/Ana/medicines"
    post(c, meds, {"name": "metformin", "dose": "1000 mg twice a day", "started": "2018-03"})
    post(c, meds, {"name": "Nexium", "dose": "20 mg", "started": ago(400)})
    post(c, meds, {"name": "simvastatin", "dose": "40 mg", "started": "2015"})
    post(c, "/api/entries", {"kind": "lab", "result": "b12_total=180 pg/mL", "date": ago(30)})
    post(c, "/api/entries", {"kind": "lab", "result": "mcv=103 fL", "date": ago(30)})
    for d in range(1, 8):
        for food, amount, hour in (("sr28:14091", "1 cup", "08"), ("sr28:01123", "1 large", "13")):
            post(c, "/api/entries", {"kind": "food", "food_id": food, "amount": amount,
                                     "at": f"{ago(d)}T{hour}:00"})  # fmt: skip
        post(c, "/api/entries", {"kind": "cramp", "location": "calf", "timing": "night",
                                 "duration": "3m", "at": f"{ago(d)}T03:00"})  # fmt: skip
    post(c, "/api/entries", {"kind": "symptom", "symptom": symptom, "at": f"{ago(2)}T10:00"})


# The API ----------------------------------------------------------------------------------


def test_the_assessment_is_what_b12_assess_profile_prints(rc: TestClient, home: Path) -> None:
    build_record(rc)
    web = rc.get("/api/profiles/Ana/assessment")
    assert web.status_code == 200, web.text
    result = web.json()
    cli = ok(home, "assess", "--profile", "Ana", "--no-ask", "--json")
    assert result.pop("record") == cli.pop("record")
    assert result == cli

    bsh = rc.get("/api/profiles/Ana/assessment", params={"guideline": "bsh-2014"}).json()
    assert bsh == ok(home, "assess", "--profile", "Ana", "--no-ask", "--json",
                     "--guideline", "bsh-2014")  # fmt: skip
    assert bsh["guideline"] == "bsh-2014" != result["guideline"]


def test_the_assessment_rests_on_the_record(rc: TestClient) -> None:
    build_record(rc)
    result = rc.get("/api/profiles/Ana/assessment").json()
    record = result["record"]
    case = record["case"]
    assert [m["name"] for m in case["medications"]] == ["metformin", "esomeprazole",
                                                        "simvastatin"]  # fmt: skip
    assert case["medications"][0]["dose_mg_per_day"] == 2000
    assert {lab["test"] for lab in case["labs"]} == {"b12_total", "mcv"}
    assert case["cramps"]["locations"] == ["calf"] and case["intake"]["days_logged"] == 7
    assert record["today"] == date.today().isoformat()
    lab = next(d for d in record["derived"] if d["field"] == "labs[0]")
    assert lab["origin"] == "diary" and lab["first"] == ago(30)
    assert {"metformin", "proton_pump_inhibitor"} <= {r["code"] for r in result["risk_factors"]}
    assert result["b12_status"]["category"] == "indeterminate"
    b12 = next(c for c in result["cramp_causes"] if c["cause"] == "b12_deficiency")
    assert any("diary" in e for e in b12["evidence_for"] + b12["evidence_against"])


def test_assessment_errors(rc: TestClient) -> None:
    assert error_of(rc.get("/api/profiles/Nobody/assessment"), 404)["code"] == "not_found"
    post(rc, "/api/profiles", {"name": "New", "age": 40})
    empty = rc.get("/api/profiles/New/assessment").json()
    assert "no recent lab results in the diary" in empty["record"]["missing"]
    bad = rc.get("/api/profiles/New/assessment", params={"guideline": "who-1999"})
    error = error_of(bad, 422)
    assert error["field"] == "guideline" and "nice-ng239" in error["message"]
    choice = rc.get("/api/profiles/New/assessment", params={"choice": "colour=blue"})
    assert error_of(choice, 422)["field"] == "choices"


# The self-check from the diary ------------------------------------------------------------


def walk(c: TestClient, html: str, answers: dict[str, Any]) -> tuple[str, list[str], int]:
    """From a self-check page, answer what it asks from ``answers`` (else Don't know) and go
    on past any red-flag advice, to the result: (result page, keys asked, warnings shown)."""
    asked: list[str] = []
    warned = 0
    for _ in range(40):
        data: dict[str, Any] = {"state": hidden(html, "state"), "record": hidden(html, "record")}
        if 'id="urgent-form"' in html:
            warned += 1
            data |= {"key": hidden(html, "key"), "seen": hidden(html, "seen"), "action": "continue"}
        elif 'id="question-form"' in html:
            key = question_key(html)
            asked.append(key)
            data |= {"key": key, "seen": hidden(html, "seen")}
            data |= (
                {"action": "next", "value": answers[key]}
                if key in answers
                else {"action": "dont_know"}
            )
        else:
            return html, asked, warned
        response = c.post("/self-check", data=with_csrf(c, data))
        assert response.status_code == 200, response.text[:2000]
        html = response.text
    raise AssertionError("the self-check did not end")


def section(html: str, id_: str) -> str:
    m = re.search(rf'<section[^>]*id="{id_}".*?</section>', html, re.S)
    assert m, f"no section {id_}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", m[0])).split())


def test_the_self_check_offers_the_current_profiles_diary(rc: TestClient) -> None:
    assert "Start from my diary" not in rc.get("/self-check").text  # nobody yet
    post(rc, "/api/profiles", {"name": "Ana", "age": 67})
    page = rc.get("/self-check").text
    assert "Start from my diary (Ana)" in page
    assert '<form method="get" action="/self-check" class="card" id="diary-start">' in page
    assert hidden(page, "record") == "Ana"


def test_from_the_diary_only_what_the_record_lacks_is_asked(rc: TestClient) -> None:
    build_record(rc)
    first = rc.get("/self-check", params={"record": "Ana"})
    assert first.status_code == 200
    facts = section(first.text, "record-facts")
    assert "From your record" in facts and "180 pg/mL" in facts and ago(30) in facts
    assert "metformin" in facts and "2018-03-01" in facts
    html, asked, _ = walk(rc, first.text, {"exposures": ["nitrous_oxide"]})
    held = {"age", "sex", "symptoms", "has_cramps", "cramp_locations", "cramp_timing",
            "cramp_duration", "diet", "medications", "conditions", "labs"}  # fmt: skip
    assert not held & set(asked), asked
    assert {"exposures", "supplement"} <= set(asked)  # the record cannot say: asked
    assert "Your self-check result" in html
    result = section(html, "record-facts")
    assert "180 pg/mL" in result and "metformin" in result and "esomeprazole" in result
    risks = re.search(r'aria-labelledby="risk-h">(.*?)</section>', html, re.S)
    assert risks and "metformin" in risks[1].lower()  # from the record's medicines
    assert re.search(r'<li class="cause" data-cause="b12_deficiency"', html)
    assert "nitrous_oxide" in hidden(html, "state")  # the answer given on the way
    case = unescape(re.search(r"<pre><code[^>]*>(.*?)</code></pre>", html, re.S)[1])  # type: ignore[index]
    assert '"dose_mg_per_day": 2000' in case and '"nitrous_oxide"' in case


def test_a_red_flag_in_the_record_is_shown_before_any_question(rc: TestClient) -> None:
    build_record(rc, symptom="chest_pain")
    first = rc.get("/self-check", params={"record": "Ana"})
    assert first.status_code == 200
    assert 'id="urgent-form"' in first.text and 'id="question-form"' not in first.text
    assert "Call emergency services now" in first.text and "chest pain" in first.text.lower()
    data = {"state": hidden(first.text, "state"), "key": hidden(first.text, "key"),
            "seen": hidden(first.text, "seen"), "record": "Ana", "action": "finish"}  # fmt: skip
    result = rc.post("/self-check", data=with_csrf(rc, data)).text
    assert "Your self-check result" in result
    assert "emergency" in section(result, "triage").lower()
    assert "180 pg/mL" in section(result, "record-facts")
    # going on instead: the questions follow, and the same warning is not shown again
    _, asked, warned = walk(rc, first.text, {})
    assert warned == 1 and asked  # the advice that opened it, then only the questions


def test_a_red_flag_answered_on_the_way_stops_the_diary_start_too(rc: TestClient) -> None:
    post(rc, "/api/profiles", {"name": "Bo", "age": 50, "sex": "male"})
    post(rc, "/api/entries", {"kind": "cramp", "location": "calf", "timing": "night"})
    page = rc.get("/self-check", params={"record": "Bo"}).text
    assert question_key(page) == "symptoms"  # age and sex come from the profile
    data = {"state": hidden(page, "state"), "key": "symptoms", "seen": "", "record": "Bo",
            "action": "next", "value": ["chest_pain"]}  # fmt: skip
    urgent = rc.post("/self-check", data=with_csrf(rc, data)).text
    assert 'id="urgent-form"' in urgent and "Call emergency services now" in urgent
    assert hidden(urgent, "record") == "Bo"


def test_a_record_that_changed_meanwhile_asks_to_start_again(rc: TestClient) -> None:
    post(rc, "/api/profiles", {"name": "Bo", "age": 50, "sex": "male"})
    page = rc.get("/self-check", params={"record": "Bo"}).text
    assert question_key(page) == "symptoms"
    post(rc, "/api/entries", {"kind": "symptom", "symptom": "fatigue"})  # now in the record
    data = {"state": hidden(page, "state"), "key": "symptoms", "seen": "", "record": "Bo",
            "action": "next", "value": ["fatigue"]}  # fmt: skip
    first_answer = rc.post("/self-check", data=with_csrf(rc, data))
    assert first_answer.status_code == 200  # a stale form: the question the record leads to
    assert question_key(first_answer.text) != "symptoms"
    state = '[["symptoms", "fatigue"]]'
    again = rc.post("/self-check", data=with_csrf(rc, data | {"state": state}))
    assert again.status_code == 422 and "start the self-check again" in again.text


def test_an_unknown_record_is_not_found(rc: TestClient) -> None:
    assert rc.get("/self-check", params={"record": "Nobody"}).status_code == 404


def test_the_ordinary_self_check_does_not_need_the_diary(tmp_path: Path) -> None:
    """A diary database that cannot be reached costs only the offer to start from it."""
    unreachable = replace(settings_for(tmp_path), database_url="sqlite:////proc/b12/diary.sqlite3")
    with make_client(create_app(unreachable)) as c:
        page = c.get("/self-check")
    assert page.status_code == 200 and question_key(page.text) == "age"
    assert "Start from my diary" not in page.text
