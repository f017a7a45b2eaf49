"""Sustained diary writes per second through the API of a real server, at 1, 8 and 32
clients writing at once (issue 22): every write is one ``POST /api/entries`` of a drink.

The server is uvicorn on 127.0.0.1 with an empty SQLite diary in a scratch B12_HOME, as
``b12 serve`` runs it. Each client writes in a loop for the given seconds; the figure is the
acknowledged (201) writes per second over that time, with how many were asked to retry
(503) and any other answer, which would be a bug. The baseline in the same run is one
client's plain ``GET /api/health``: the framework's own floor on this machine.
Run: ./dev python benchmarks/bench_writes.py [SECONDS]
     (B12_DATABASE_URL=postgresql+psycopg://USER:PASS@HOST/DB for PostgreSQL: an empty
     database or schema; its writes are retried on a conflict, see b12.store)
"""

from __future__ import annotations

import json
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import uvicorn

from b12.config import get_settings
from b12.web.app import create_app


def _serve(home: Path) -> tuple[str, uvicorn.Server, threading.Thread]:
    import os

    os.environ["B12_HOME"] = str(home)
    get_settings.cache_clear()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(get_settings()), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


def _call(url: str, method: str = "GET", body: object = None) -> int:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _run(clients: int, seconds: float, call: object) -> Counter[int]:
    assert callable(call)
    counts: Counter[int] = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop() -> None:
        mine: Counter[int] = Counter()
        while time.monotonic() < stop:
            mine[call()] += 1
        with lock:
            counts.update(mine)

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    with tempfile.TemporaryDirectory() as home:
        base, server, thread = _serve(Path(home))
        assert _call(base + "/api/profiles", "POST", {"name": "Ana", "age": 34}) == 201
        floor = _run(1, seconds, lambda: _call(base + "/api/health"))
        print(f"baseline: GET /api/health, 1 client: {floor[200] / seconds:8.0f} /s")
        drink = {"kind": "drink", "volume": "250 mL"}
        for clients in (1, 8, 32):
            counts = _run(clients, seconds, lambda: _call(base + "/api/entries", "POST", drink))
            other = sum(n for status, n in counts.items() if status not in (201, 503))
            print(
                f"writes, {clients:2d} client(s): {counts[201] / seconds:8.0f} /s acknowledged"
                f"   503 retry: {counts[503]:4d}   other: {other}"
            )
        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main()
