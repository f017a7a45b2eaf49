"""CPU instructions per request of the API's assessment work, counted by valgrind.

Timings on this kind of machine drift by a third within seconds, so a 5% change in the
engine cannot be seen in them. The number of instructions the CPU executes for the same
work does not drift: this script counts it with valgrind's cachegrind (no cache
simulation), once for start-up alone and once for start-up plus N passes over the worked
cases, and prints the difference per case for each stage of ``POST /api/assess``: read the
body (``CASE.validate_json``), assess, build the answer (``to_dict`` with the API's encoded
sources) and encode it (orjson); then all four, and the whole request through the b12 app
in-process (middleware, routing and the route, with no server or socket). Fewer
instructions is not always less time (cache misses count too), but it is a figure two runs
agree on (hash randomisation is fixed, as it changes the order sets are walked in).

Needs valgrind (Debian: ``apt install valgrind``).
Run: ./dev python benchmarks/bench_instructions.py [PASSES]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = ("read", "assess", "to_dict", "encode", "all", "request")


def _work(stage: str) -> tuple[Callable[[], object], int]:
    """One pass of ``stage`` over every worked case, and the number of cases."""
    import asyncio

    import orjson

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_web import contract_cases

    from b12.core.assess import assess
    from b12.core.case import CASE
    from b12.knowledge import load_knowledge
    from b12.web.app import create_app
    from b12.web.fast_json import cite_encoded

    knowledge = load_knowledge()
    cite = cite_encoded(knowledge)
    bodies = contract_cases()
    cases = [CASE.validate_json(body) for body in bodies]
    results = [assess(case, knowledge) for case in cases]
    answers = [result.to_dict(knowledge, cite) for result in results]
    app = create_app(knowledge=knowledge)

    def one_pass() -> None:
        if stage == "read":
            for body in bodies:
                CASE.validate_json(body)
        elif stage == "assess":
            for case in cases:
                assess(case, knowledge)
        elif stage == "to_dict":
            for result in results:
                result.to_dict(knowledge, cite)
        elif stage == "encode":
            for answer in answers:
                orjson.dumps(answer)
        elif stage == "all":
            for body in bodies:
                orjson.dumps(assess(CASE.validate_json(body), knowledge).to_dict(knowledge, cite))
        else:
            asyncio.run(_requests(app, bodies))

    return one_pass, len(bodies)


async def _requests(app: Any, bodies: list[bytes]) -> None:
    """``POST /api/assess`` with each body, straight into the ASGI app."""
    for body in bodies:
        await _post(app, "/api/assess", body)


async def _post(app: Any, path: str, body: bytes) -> None:
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return messages.pop() if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    headers = [
        (b"host", b"127.0.0.1:8000"),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": headers, "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }  # fmt: skip
    await app(scope, receive, send)
    if statuses != [200]:
        raise RuntimeError(f"POST {path} answered {statuses}")


def _count(stage: str, passes: int) -> int:
    command = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        sys.executable, __file__, "--run", stage, str(passes),
    ]  # fmt: skip
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=environment)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found[1].replace(",", ""))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--run"]:
        one_pass, _ = _work(argv[1])
        for _ in range(int(argv[2])):
            one_pass()
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt install valgrind)")
    passes = int(argv[0]) if argv else 5
    _, cases = _work("all")
    print(f"instructions per case, {cases} worked cases x {passes} passes (valgrind cachegrind)")
    for stage in STAGES:
        per_case = (_count(stage, passes) - _count(stage, 0)) / (passes * cases)
        print(f"  {stage:8} {per_case:>10,.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
