"""``DirectRoute`` calls an endpoint that takes only the request without FastAPI's handler;
everything else keeps FastAPI's handler. ``body_of`` reads a body in one or many messages.
And ``POST /api/assess`` (a direct route) answers as before: with the server's guideline
when the request gives none, and the same case however its body was split."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, TypeVar

import orjson
import pytest
from fastapi import APIRouter, FastAPI, Request
from starlette.responses import Response

from b12.config import Settings
from b12.web.app import add_routes, create_app
from b12.web.direct_route import DirectRoute, body_of, takes_only_the_request
from b12.web.fast_json import JSONResponse
from tests.web.conftest import test_client as make_client

T = TypeVar("T")
CASE = {"person": {"age": 50}, "labs": [{"test": "b12_total", "value": 190, "unit": "ng/L"}]}


def small_app() -> FastAPI:
    router = APIRouter(route_class=DirectRoute)

    @router.post("/echo")
    async def echo(request: Request) -> JSONResponse:
        return JSONResponse({"got": (await body_of(request)).decode()})

    @router.get("/double")
    async def double(n: int) -> dict[str, int]:
        return {"n": 2 * n}

    @router.get("/wrong")
    async def wrong(request: Request) -> Response:
        return {"not": "a response"}  # type: ignore[return-value]

    app = FastAPI()
    add_routes(app, router)  # as b12's app adds its routers
    return app


def test_only_an_endpoint_of_the_request_alone_is_called_directly() -> None:
    routes = {r.path: r for r in small_app().router.routes if isinstance(r, DirectRoute)}
    assert takes_only_the_request(routes["/echo"])
    assert not takes_only_the_request(routes["/double"])


def test_an_endpoint_with_parameters_keeps_fastapis_validation() -> None:
    with make_client(small_app()) as client:
        assert client.get("/double", params={"n": 21}).json() == {"n": 42}
        assert client.get("/double", params={"n": "x"}).status_code == 422
        assert client.post("/echo", content=b"hello").json() == {"got": "hello"}


def test_a_direct_endpoint_must_return_a_response() -> None:
    with make_client(small_app()) as client, pytest.raises(TypeError, match="a Response"):
        client.get("/wrong")


def test_direct_routes_stay_in_the_openapi_document(web_app: FastAPI) -> None:
    assess = [r for r in web_app.router.routes if getattr(r, "path", "") == "/api/assess"]
    assert isinstance(assess[0], DirectRoute) and takes_only_the_request(assess[0])
    assert "post" in web_app.openapi()["paths"]["/api/assess"]


async def _post_in_chunks(app: FastAPI, path: str, chunks: list[bytes]) -> tuple[int, bytes]:
    """POST ``chunks`` as separate ASGI messages, as a client streaming its body would."""
    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000),
        "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json")],
    }  # fmt: skip
    await app(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a thread of its own: the browser tests leave a loop running on
    the main one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_body_in_several_messages_is_read_whole(web_app: FastAPI) -> None:
    raw = json.dumps(CASE).encode()
    whole = _run(_post_in_chunks(web_app, "/api/assess", [raw]))
    split = _run(_post_in_chunks(web_app, "/api/assess", [raw[:7], b"", raw[7:30], raw[30:]]))
    assert whole[0] == split[0] == 200
    assert orjson.loads(split[1]) == orjson.loads(whole[1])
    assert orjson.loads(split[1])["b12_status"]["category"] == "indeterminate"


def test_without_a_query_the_servers_guideline_is_used(web_settings: Settings) -> None:
    with make_client(create_app(replace(web_settings, guideline="bsh-2014"))) as client:
        plain = client.post("/api/assess", json=CASE).json()
        asked = client.post("/api/assess?guideline=nice-ng239", json=CASE).json()
    assert plain["guideline"] == "bsh-2014"
    assert plain["b12_status"]["category"] == "deficiency_confirmed"
    assert asked["guideline"] == "nice-ng239"
