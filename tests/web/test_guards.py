"""The safety middlewares one by one (``b12.web.host_check``, ``body_limit``, ``csrf``), on
a tiny app wired as ``create_app`` wires them, and on the real app where it matters."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from b12.web.body_limit import BodyLimitMiddleware
from b12.web.csrf import CSRFMiddleware
from b12.web.host_check import HostCheckMiddleware, patterns

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

TOKEN = "test-csrf-token-0123456789abcdef"
FORM = {"content-type": "application/x-www-form-urlencoded"}


async def echo(request: Request) -> Response:
    body = await request.body()
    if request.url.path.startswith("/api/"):
        return JSONResponse({"read": len(body)})
    return PlainTextResponse(body.decode())


def tiny_app(hosts: tuple[str, ...] = (), limit: int = 1000) -> Starlette:
    routes = [
        Route(p, echo, methods=["GET", "POST"]) for p in ("/api/x", "/form", "/cds-services/x")
    ]
    return Starlette(
        routes=routes,
        middleware=[  # outermost first, as create_app's add_middleware calls end up
            Middleware(HostCheckMiddleware, hosts=hosts),
            Middleware(BodyLimitMiddleware, max_body_bytes=limit),
            Middleware(CSRFMiddleware),
        ],
    )


@pytest.fixture
def tiny() -> Iterator[TestClient]:
    with TestClient(tiny_app(), base_url="http://127.0.0.1") as c:
        yield c


# Host -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:80", "[::1]", "[::1]:8000"]
)
def test_the_local_names_are_answered_with_any_port(tiny: TestClient, host: str) -> None:
    assert tiny.get("/api/x", headers={"host": host}).status_code == 200
    assert tiny.get("/form", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.2", "localhost:abc", "[::1", "[::2]:80"]
)
def test_other_or_malformed_names_get_400_in_the_apis_shape(tiny: TestClient, host: str) -> None:
    api = tiny.get("/api/x", headers={"host": host})
    assert api.status_code == 400
    assert api.json() == {
        "error": {
            "code": "bad_host",
            "message": "this server only answers to localhost",
            "field": None,
        }
    }
    page = tiny.get("/form", headers={"host": host})
    assert (page.status_code, page.text) == (400, "400: this server only answers to localhost")


def test_ipv6_on_the_real_app(empty_client: TestClient) -> None:
    assert empty_client.get("/api/health", headers={"host": "[::1]:8000"}).status_code == 200
    refused = empty_client.get("/api/health", headers={"host": "[::2]:8000"})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_host"


def test_allowed_names_come_from_the_argument_and_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("B12_ALLOWED_HOSTS", " b12.clinic.example , *.lan")
    with TestClient(tiny_app(hosts=("B12.Home",)), base_url="http://b12.home") as c:
        assert c.get("/api/x").status_code == 200
        assert c.get("/api/x", headers={"host": "b12.clinic.example:443"}).status_code == 200
        assert c.get("/api/x", headers={"host": "box.lan"}).status_code == 200
        assert c.get("/api/x", headers={"host": "clinic.example"}).status_code == 400


def test_a_bare_star_does_not_turn_the_check_off_nor_a_bad_pattern_stop_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("B12_ALLOWED_HOSTS", "*,b*.lan,*.ok.lan")
    assert patterns(["*", "b*.lan", "*.ok.lan", "a.lan"]) == ["*.ok.lan", "a.lan"]
    with TestClient(tiny_app(), base_url="http://127.0.0.1") as c:
        assert c.get("/api/x", headers={"host": "evil.example"}).status_code == 400
        assert c.get("/api/x", headers={"host": "x.ok.lan"}).status_code == 200


def test_no_www_redirect() -> None:
    with TestClient(tiny_app(hosts=("www.b12.lan",)), base_url="http://b12.lan") as c:
        response = c.get("/form", follow_redirects=False)
        assert response.status_code == 400


# Body size --------------------------------------------------------------------------------


def test_a_declared_size_over_the_limit_is_refused_before_the_origin_is_judged(
    tiny: TestClient,
) -> None:
    response = tiny.post(
        "/api/x",
        content=b"{}" + b" " * 2000,
        headers={"content-type": "application/json", "origin": "http://evil.example"},
    )
    assert response.status_code == 413
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("too_large", "body")
    assert "at most 1,000 bytes are read and the body is 2,002 bytes" in error["message"]


def test_a_chunked_form_over_the_limit_read_by_the_csrf_check_is_413(tiny: TestClient) -> None:
    response = tiny.post("/form", content=(b"x" * 400 for _ in range(4)), headers=FORM)
    assert response.status_code == 413
    assert response.text.startswith("413: at most 1,000 bytes are read")


def test_a_body_within_the_limit_reaches_the_route_whole(tiny: TestClient) -> None:
    chunked = tiny.post(
        "/api/x",
        content=(b" " * 300 for _ in range(3)),
        headers={"content-type": "application/json"},
    )
    assert chunked.json() == {"read": 900}


# CSRF -------------------------------------------------------------------------------------


def test_the_form_token_is_read_from_cookies_parsed_by_starlette(tiny: TestClient) -> None:
    body = f"a=1&csrf_token={TOKEN}".encode()
    cookie = f"other=1; b12_csrf={TOKEN}; last=2"
    ok = tiny.post("/form", content=body, headers={**FORM, "cookie": cookie})
    assert (ok.status_code, ok.text) == (200, body.decode())  # the route reads it all again
    quoted = tiny.post("/form", content=body, headers={**FORM, "cookie": f'b12_csrf="{TOKEN}"'})
    assert quoted.status_code == 200
    wrong = tiny.post("/form", content=body, headers={**FORM, "cookie": "b12_csrf=" + "x" * 32})
    assert wrong.status_code == 403 and "this form has expired" in wrong.text
    assert tiny.post("/form", content=body, headers=FORM).status_code == 403


def test_the_origin_must_be_the_servers_own_for_api_writes(tiny: TestClient) -> None:
    json = {"content-type": "application/json"}
    for origin, status in [
        (None, 200),
        ("http://127.0.0.1", 200),
        ("http://127.0.0.1:8001", 403),
        ("http://localhost", 403),  # another name is another origin
        ("null", 403),
    ]:
        headers = json if origin is None else {**json, "origin": origin}
        response = tiny.post("/api/x", content=b"{}", headers=headers)
        assert response.status_code == status, origin
        if status == 403:
            assert response.json()["error"]["code"] == "cross_site"
    on_port = tiny.post(
        "/api/x",
        content=b"{}",
        headers={**json, "host": "[::1]:8000", "origin": "http://[::1]:8000"},
    )
    assert on_port.status_code == 200


def test_token_paths_are_exempt_from_origin_and_csrf_but_not_from_host(tiny: TestClient) -> None:
    headers = {"origin": "http://evil.example", "content-type": "text/plain"}
    assert tiny.post("/cds-services/x", content=b"hi", headers=headers).status_code == 200
    bad_host = tiny.post("/cds-services/x", content=b"hi", headers={"host": "evil.example"})
    assert bad_host.status_code == 400


def test_reads_are_not_checked(tiny: TestClient) -> None:
    assert tiny.get("/form", headers={"origin": "http://evil.example"}).status_code == 200
