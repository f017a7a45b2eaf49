"""Accounts in the web app (``create_app(accounts=True)``), on SQLite and PostgreSQL.

The main test signs in as one account and walks every route of the OpenAPI schema and
every page, with plausible bodies, aimed at another account's profile, entry and
medicine: each such request answers 403 or 404, none answers 500, no answer carries the
other account's data, and afterwards that account's record is exactly as it was. Beside
it: sign-in is required and rate-limited, the session cookie's flags, and the admin list.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI

from b12.store import DiaryStore
from b12.store.accounts import Accounts
from b12.web.app import create_app
from b12.web.signin import SESSION_COOKIE
from b12.web.throttle import PER_ACCOUNT, SignInThrottle
from tests.store.conftest import pg_schema, pg_server_url  # noqa: F401  (fixture)
from tests.web.conftest import settings_for, with_csrf
from tests.web.conftest import test_client as make_client

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

PASSWORD = "a long enough password"
ANA_PROFILE = "Anaprofile"
SECRETS = ("ana-private-note-7731", "ana-private-medicine-5519")  # only in Ana's record


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'diary.sqlite3'}"
        return
    with pg_schema(request.getfixturevalue("pg_server_url")) as url:
        yield url


@pytest.fixture
def app(database_url: str, tmp_path: Path, web_app: FastAPI) -> Iterator[FastAPI]:
    with DiaryStore(database_url) as store:
        accounts = Accounts(store)
        accounts.add("ana", PASSWORD)
        accounts.add("bo", PASSWORD)
        accounts.add("root", PASSWORD, "admin")
    home = tmp_path / "home"  # of its own: each account's current profile is kept in it
    home.mkdir()
    shutil.copyfile(web_app.state.settings.food_index_path, home / "foods.sqlite3")
    settings = replace(settings_for(home), database_url=database_url)
    served = create_app(settings, knowledge=web_app.state.knowledge, accounts=True)
    yield served
    served.state.diary.close()


def signed_in(app: FastAPI, name: str) -> TestClient:
    client = make_client(app)
    answer = client.post("/api/session", json={"name": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return client


@pytest.fixture
def ana_record(app: FastAPI) -> dict[str, Any]:
    """Ana's profile, one entry and one medicine, made through the API as Ana."""
    ana = signed_in(app, "ana")
    profile = {"name": ANA_PROFILE, "age": 47, "sex": "female", "diet": "vegan"}
    assert ana.post("/api/profiles", json=profile).status_code == 201
    entry = ana.post(
        "/api/entries",
        params={"profile": ANA_PROFILE},
        json={"kind": "symptom", "symptom": "fatigue", "note": SECRETS[0], "at": "08:30"},
    )
    assert entry.status_code == 201, entry.text
    medicine = ana.post(
        f"/api/profiles/{ANA_PROFILE}/medicines", json={"name": SECRETS[1], "dose": "500 mg"}
    )
    assert medicine.status_code == 201, medicine.text
    return {"entry_id": entry.json()["id"], "medicine_id": medicine.json()["id"], "client": ana}


def record_of(app: FastAPI, account: str) -> list[Any]:
    store: DiaryStore = app.state.diary.get()
    owner = Accounts(store).get(account).id
    return store.owned_by(owner).read_all()


ENTRY_BODY = {"kind": "symptom", "symptom": "fatigue", "note": "bo's note", "at": "09:00"}
# A profile Bo makes is his own, named apart from Ana's (names are per account: were it
# "Anaprofile" too, later requests would reach Bo's, not Ana's).
PROFILE_BODY = {"name": "Botwo", "age": 30, "sex": "male", "diet": "omnivore"}
MEDICINE_BODY = {"name": "omeprazole", "dose": "20 mg"}
JSON_BODIES: dict[str, Any] = {
    "EntryIn": ENTRY_BODY,
    "ProfileIn": PROFILE_BODY,
    "MedicineIn": MEDICINE_BODY,
    "SessionIn": {"name": "ana", "password": "not her password"},
    "UserIn": {"name": "mallory", "password": PASSWORD, "role": "admin"},
    "Case": {"age": 40, "sex": "female", "symptoms": ["fatigue"]},
    "LabsRequest": {"labs": [{"test": "b12_serum", "value": 200, "unit": "pg/mL"}]},
    "HookRequest": {"hook": "patient-view", "hookInstance": "x", "context": {}},
    "FeedbackIn": {"feedback": []},
}
FORM_BODY = {
    **ENTRY_BODY,
    "name": ANA_PROFILE,
    "age": "30",
    "dose": "20 mg",
    "password": PASSWORD,
}
FORM_CHANGES = {("POST", "/profile"): {"name": "Bothree"}}
# Requests that sign the walker out are walked last.
LAST = {("DELETE", "/api/session"), ("POST", "/signout")}
ADMIN_ONLY = ("/api/users", "/users")


def aimed_at_ana(method: str, path: str, query: set[str]) -> bool:
    """Whether the request names Ana's profile, entry or medicine (then: 403 or 404)."""
    return (
        bool(re.search(r"\{(name|entry_id|medicine_id)\}", path))
        or "profile" in query
        or (method, path) == ("POST", "/profile/use")
        or path.startswith(ADMIN_ONLY)
    )


def fill(path: str, ana: dict[str, Any]) -> str:
    values = {
        "name": "ana" if path.startswith(ADMIN_ONLY) else ANA_PROFILE,
        "entry_id": ana["entry_id"],
        "medicine_id": ana["medicine_id"],
        "food_id": "sr28:01001",
        "service_id": "b12-status",
    }
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: str(values[m.group(1)]), path)


def api_requests(app: FastAPI) -> list[tuple[str, str, set[str], Any]]:
    found = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            schema = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            body = JSON_BODIES[schema["$ref"].rsplit("/", 1)[1]] if schema else None
            found.append((method.upper(), path, query, body))
    return found


def page_requests(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for route in app.routes:
        methods = getattr(route, "methods", None) or set()
        path: str = getattr(route, "path", "")
        if getattr(route, "include_in_schema", True) or path == "/openapi.json":
            continue
        found += [(m, path) for m in sorted(methods - {"HEAD", "OPTIONS"})]
    return found


def test_one_account_never_reaches_anothers_record(
    app: FastAPI, ana_record: dict[str, Any]
) -> None:
    before = record_of(app, "ana")
    bo = signed_in(app, "bo")
    assert bo.post("/api/profiles", json={**PROFILE_BODY, "name": "Bo"}).status_code == 201
    walked: list[tuple[str, str, int]] = []
    aimed = 0
    requests: list[tuple[str, str, set[str], Any, bool]] = [
        (m, p, q, b, True) for m, p, q, b in api_requests(app)
    ] + [(m, p, set(), None, False) for m, p in page_requests(app)]
    requests.sort(key=lambda r: (r[0], r[1]) in LAST)
    for method, path, query, body, api in requests:
        url = fill(path, ana_record)
        params = {"profile": ANA_PROFILE} if "profile" in query or not api else {}
        if api:
            answer = bo.request(method, url, params=params, json=body)
        elif method == "POST":
            form = {**FORM_BODY, **FORM_CHANGES.get((method, path), {})}
            answer = bo.post(url, data=with_csrf(bo, form), follow_redirects=False)
        else:
            answer = bo.get(url, params=params, follow_redirects=False)
        walked.append((method, path, answer.status_code))
        assert answer.status_code < 500, (method, path, answer.text[:300])
        for secret in SECRETS:
            assert secret not in answer.text, (method, path)
        if aimed_at_ana(method, path, query):
            aimed += 1
            assert answer.status_code in (403, 404), (method, path, answer.status_code)
    assert len(walked) > 60 and aimed >= 35
    assert record_of(app, "ana") == before
    ana_sees = ana_record["client"].get(f"/api/profiles/{ANA_PROFILE}/medicines").json()
    assert [m["name"] for m in ana_sees] == [SECRETS[1]]


def test_without_a_session_only_sign_in_answers(app: FastAPI) -> None:
    anonymous = make_client(app)
    assert anonymous.get("/api/profiles").status_code == 401
    assert anonymous.get("/api/profiles").json()["error"]["code"] == "sign_in_required"
    moved = anonymous.get("/diary?days=7", follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == "/signin?next=%2Fdiary%3Fdays%3D7"
    assert anonymous.get("/signin").status_code == 200
    assert anonymous.get("/api/session").status_code == 401
    assert anonymous.post("/signout", data=with_csrf(anonymous)).status_code == 200  # /signin
    assert anonymous.get("/api/health").status_code == 200
    posted = anonymous.post("/diary", data=with_csrf(anonymous, ENTRY_BODY))
    assert posted.status_code == 401
    anonymous.cookies.set(SESSION_COOKIE, "forged-token-of-nobody-0123456789")
    assert anonymous.get("/api/profiles").status_code == 401


def test_the_sign_in_form_opens_a_session_and_sign_out_ends_it(app: FastAPI) -> None:
    browser = make_client(app)
    form = browser.get("/signin?next=/diary")
    assert 'name="password"' in form.text
    wrong = browser.post(
        "/signin", data=with_csrf(browser, {"name": "ana", "password": "nope", "next": "/diary"})
    )
    assert wrong.status_code == 401 and "wrong account name or password" in wrong.text
    right = browser.post(
        "/signin",
        data=with_csrf(browser, {"name": "ana", "password": PASSWORD, "next": "//evil.test/x"}),
        follow_redirects=False,
    )
    assert right.status_code == 303 and right.headers["location"] == "/"
    assert browser.get("/api/session").json() == {"name": "ana", "role": "user", "profiles": 0}
    account = browser.get("/diary").text
    assert '<a href="/account"' in account  # every page's menu leads to the sign-out
    assert 'id="account-name">ana<' in browser.get("/account").text
    out = browser.post("/signout", data=with_csrf(browser), follow_redirects=False)
    assert out.status_code == 303
    assert browser.get("/api/profiles").status_code == 401


def test_session_cookie_flags(app: FastAPI) -> None:
    local = make_client(app)
    answer = local.post("/api/session", json={"name": "ana", "password": PASSWORD})
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # http to this computer: a browser would drop a Secure one
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 40  # 256 random bits
    for base in ("https://127.0.0.1", "http://clinic.example"):
        from fastapi.testclient import TestClient

        remote = TestClient(create_served(app, "clinic.example"), base_url=base)
        answer = remote.post("/api/session", json={"name": "ana", "password": PASSWORD})
        assert answer.status_code == 200, (base, answer.text)
        assert "Secure" in answer.headers["set-cookie"], base


def test_the_form_token_cookie_is_secure_beyond_this_computer(app: FastAPI) -> None:
    from fastapi.testclient import TestClient

    local = make_client(app).get("/signin").headers["set-cookie"]
    assert local.startswith("b12_csrf=") and "Secure" not in local
    for base in ("https://127.0.0.1", "http://clinic.example"):
        remote = TestClient(create_served(app, "clinic.example"), base_url=base)
        cookie = remote.get("/signin").headers["set-cookie"]
        assert cookie.startswith("b12_csrf=") and "Secure" in cookie, base
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def create_served(app: FastAPI, host: str) -> FastAPI:
    return create_app(
        app.state.settings, knowledge=app.state.knowledge, allowed_hosts=(host,), accounts=True
    )


def test_sign_in_is_rate_limited_per_account_and_per_client(app: FastAPI) -> None:
    now = [1000.0]
    app.state.signin_throttle = SignInThrottle(per_client=8, clock=lambda: now[0])
    client = make_client(app)

    def sign_in(name: str, password: str) -> Any:
        return client.post("/api/session", json={"name": name, "password": password})

    for _ in range(PER_ACCOUNT):
        assert sign_in("ana", "wrong password").status_code == 401
    refused = sign_in("ana", PASSWORD)  # even the right password, while the limit holds
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.json()["error"]["code"] == "too_many_tries"
    assert sign_in("bo", PASSWORD).status_code == 200  # another account is not held up
    for _ in range(3):
        assert sign_in("nobody", "wrong password").status_code == 401
    assert sign_in("bo", PASSWORD).status_code == 429  # this address has failed 8 times
    now[0] += 15 * 60 + 1  # the window has passed
    assert sign_in("ana", PASSWORD).status_code == 200


def test_an_admin_manages_accounts_and_others_may_not(app: FastAPI) -> None:
    root, bo = signed_in(app, "root"), signed_in(app, "bo")
    assert bo.get("/api/users").status_code == 403
    assert bo.get("/users").status_code == 403
    assert [u["name"] for u in root.get("/api/users").json()] == ["ana", "bo", "root"]
    assert "Remove bo" in root.get("/users").text
    made = root.post("/api/users", json={"name": "cy", "password": PASSWORD})
    assert made.status_code == 201 and made.json()["role"] == "user"
    short = root.post("/api/users", json={"name": "dee", "password": "short"})
    assert short.status_code == 422 and short.json()["error"]["field"] == "password"
    assert root.delete("/api/users/root").status_code == 422  # not the signed-in account
    assert root.delete("/api/users/bo").status_code == 204
    assert bo.get("/api/profiles").status_code == 401  # bo's session went with bo
    assert root.delete("/api/users/bo").status_code == 404
