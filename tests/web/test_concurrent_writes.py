"""40 people's diary writes through the API at once, against a real server on SQLite and on
PostgreSQL: each answers 201, or 503 with Retry-After, never 500, and the diary holds
exactly the acknowledged ones."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import pytest

from b12.web.app import create_app
from tests.store.conftest import pg_schema, pg_server_url  # noqa: F401 (fixture)
from tests.web.conftest import LiveServer, settings_for

CLIENTS = 40


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    with ExitStack() as stack:
        settings = settings_for(tmp_path)
        if request.param == "postgresql":
            url = stack.enter_context(pg_schema(request.getfixturevalue("pg_server_url")))
            settings = replace(settings, database_url=url)
        live = LiveServer(create_app(settings))
        live.start()
        yield live
        live.stop()


def call(
    server: LiveServer, method: str, path: str, body: object = None
) -> tuple[int, dict[str, str], bytes]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        server.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_simultaneous_api_writes_land_or_ask_to_retry(server: LiveServer) -> None:
    status, _, text = call(server, "POST", "/api/profiles", {"name": "Ana", "age": 34})
    assert status == 201, text
    start = threading.Barrier(CLIENTS)

    def write(_: int) -> tuple[int, dict[str, str]]:
        start.wait()
        status, headers, _ = call(server, "POST", "/api/entries",
                                  {"kind": "drink", "volume": "250 mL"})  # fmt: skip
        return status, headers

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(write, range(CLIENTS)))
    statuses = [s for s, _ in answers]
    assert set(statuses) <= {201, 503}, statuses
    assert all("Retry-After" in h for s, h in answers if s == 503)
    _, _, listed = call(server, "GET", "/api/entries?days=1")
    assert len(json.loads(listed)) == statuses.count(201)
    assert statuses.count(201) == CLIENTS  # the writes waited their turn
