"""HTTP throughput and latency of the web app under a bounded local load, against the floor
of the framework itself.

Two uvicorn servers are started on 127.0.0.1, each in its own process with the same
settings (one worker, no access log): the b12 app, and a bare FastAPI app. The bare app's
``/ping`` is the framework's floor; its ``/core/…`` endpoints do exactly the core work of a
b12 route (decode, ``parse_case``, ``assess``, ``to_dict``, JSON; or one index search) with
no b12 web layer, so a second ratio shows what the web layer itself costs. The server
process's CPU time per request is printed beside them (from /proc): it shows whether the
server or the load client sets the pace, and what each request costs the server.

Each scenario sends N requests over C keep-alive connections (bounded in count and in
time), after a warm-up, cycling through many different bodies or queries (every worked
case of the assessment contract; 40 everyday food searches), and prints requests per
second, p50 and p99 latency, the ratio to the floor (target: at least 0.5) and the ratio to
the same core work served bare.

The run is split into R rounds. In every round each scenario runs between two runs of the
floor, and its ratio is to the mean of those two; the median ratio of the rounds is printed
with its range. This machine's speed drifts by a third or more over seconds (a tight loop
of the same code, in one process, ranges from about 105 to 170 µs an assessment):
measured seconds apart from the floor, a scenario would carry that drift into its ratio.

The load comes from a minimal asyncio HTTP/1.1 client rather than httpx: on a small
machine a heavier client would be the bottleneck and the figures would measure it.

Food search is included when B12_HOME holds a food index (``b12 data import``), twice: the
40 everyday queries in turn (the index remembers recent searches, as search-as-you-type
repeats them) and a run where every query is new (the index's own words, then pairs of
them; no query repeats across rounds), which measures the search itself. Nothing here
asserts a time; on a shared machine, run it twice and compare.

Run: ./dev python benchmarks/bench_web.py [--requests N] [--rounds R] [--concurrency C]
     [--max-seconds S]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

ROOT = Path(__file__).resolve().parents[1]
FLOOR = "bare FastAPI GET /ping (floor)"
_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)


# Servers ------------------------------------------------------------------------------------


def bare_app() -> FastAPI:
    """The framework's floor, and the core's work with no b12 web layer around it."""
    from b12.config import get_settings
    from b12.core.assess import AssessOptions, assess
    from b12.core.case import parse_case
    from b12.foods.index import FoodIndex
    from b12.foods.views import hit_json
    from b12.knowledge import load_knowledge

    app = FastAPI()
    knowledge = load_knowledge()
    index_path = get_settings().food_index_path
    index = FoodIndex(index_path) if index_path.is_file() else None

    @app.get("/ping")
    async def ping() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/core/assess")
    async def core_assess(request: Request) -> JSONResponse:
        case = parse_case(json.loads(await request.body()))
        return JSONResponse(assess(case, knowledge, AssessOptions()).to_dict(knowledge))

    @app.get("/core/search")
    async def core_search(q: str, limit: int = 10) -> JSONResponse:  # on the loop, as b12's
        assert index is not None
        return JSONResponse([hit_json(hit) for hit in index.search(q, limit)])

    return app


def serve(kind: str, fd: int) -> None:
    """Child process: run one app on the listening socket inherited as ``fd``."""
    import uvicorn

    if kind == "bare":
        app = bare_app()
    else:
        from b12.web.app import create_app

        app = create_app()
    # socket.socket(fileno=…) reads the real family and protocol back from the descriptor;
    # uvicorn's own ``fd=`` treats it as a Unix socket, so asyncio would leave Nagle's
    # algorithm on and every response would wait ~40 ms for a delayed ACK.
    sock = socket.socket(fileno=fd)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


@dataclass
class Server:
    kind: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_server(kind: str) -> Server:
    """Bind 127.0.0.1:0 here and hand the socket to the child: no port can be taken
    between choosing and listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(256)
    port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", kind, "--fd", str(sock.fileno())],
        pass_fds=[sock.fileno()],
    )
    sock.close()
    server = Server(kind, port, process)
    probe = "/ping" if kind == "bare" else "/api/health"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(server.url + probe, timeout=2):
                return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the {kind} server did not start") from None
            time.sleep(0.1)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


# Load ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    label: str
    server: str
    method: str
    targets: tuple[tuple[str, bytes], ...]
    """(path, body) pairs sent in turn: many different cases or queries, not one repeated,
    so nothing can answer from a cache of the last request."""
    bare_twin: str | None = None
    """Label of the bare scenario doing the same core work, for the second ratio."""
    warm_up: tuple[tuple[str, bytes], ...] = ()
    """Sent before the timed run when they must differ from ``targets`` (default: those)."""
    fresh: bool = False
    """``targets`` are shared out among the rounds, so no target is sent twice."""


@dataclass
class Result:
    done: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    server_cpu: float = 0.0
    """CPU seconds the server process used in the timed run (user + system)."""

    @property
    def per_second(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def raw_requests(scenario: Scenario, port: int) -> list[bytes]:
    out = []
    for path, body in scenario.targets:
        head = f"{scenario.method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        out.append(head.encode() + b"\r\n" + body)
    return out


async def _connection(
    port: int, requests: list[bytes], budget: list[int], stop_at: float, result: Result
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while budget[0] > 0 and time.perf_counter() < stop_at:
            budget[0] -= 1
            started = time.perf_counter()
            writer.write(requests[budget[0] % len(requests)])
            head = await reader.readuntil(b"\r\n\r\n")
            length = _LENGTH.search(head)
            if length is None:
                raise RuntimeError(f"a response without Content-Length: {head[:200]!r}")
            await reader.readexactly(int(length[1]))
            result.latencies.append(time.perf_counter() - started)
            result.done += 1
            if head[9:12] != b"200":
                result.errors += 1
    finally:
        writer.close()


async def _load(
    port: int, messages: list[bytes], requests: int, concurrency: int, cap: float
) -> Result:
    result = Result()
    budget = [requests]
    started = time.perf_counter()
    stop_at = started + cap
    await asyncio.gather(
        *(_connection(port, messages, budget, stop_at, result) for _ in range(concurrency))
    )
    result.seconds = time.perf_counter() - started
    return result


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def warm(scenario: Scenario, server: Server, requests: int, concurrency: int, cap: float) -> None:
    targets = scenario.warm_up or scenario.targets
    messages = raw_requests(replace(scenario, targets=targets), server.port)
    asyncio.run(_load(server.port, messages, min(300, requests), concurrency, cap))


def run_round(
    scenario: Scenario,
    server: Server,
    round_index: int,
    requests: int,
    concurrency: int,
    cap: float,
) -> Result:
    targets = scenario.targets
    if scenario.fresh:
        targets = targets[round_index * requests : (round_index + 1) * requests]
    messages = raw_requests(replace(scenario, targets=targets), server.port)
    before = cpu_seconds(server.process.pid)
    result = asyncio.run(_load(server.port, messages, requests, concurrency, cap))
    result.server_cpu = cpu_seconds(server.process.pid) - before
    return result


@dataclass
class Summary:
    """One scenario over all rounds: its rounds' results and ratios."""

    rounds: list[Result] = field(default_factory=list)
    to_floor: list[float] = field(default_factory=list)
    to_twin: list[float] = field(default_factory=list)

    def latencies(self) -> Result:
        return Result(latencies=[t for r in self.rounds for t in r.latencies])

    def median_rate(self) -> float:
        return statistics.median(r.per_second for r in self.rounds)

    def median_server_us(self) -> float:
        return statistics.median(r.server_cpu / max(r.done, 1) * 1e6 for r in self.rounds)

    def errors(self) -> int:
        return sum(r.errors for r in self.rounds)

    def done(self) -> int:
        return sum(r.done for r in self.rounds)


def ratio_text(ratios: list[float]) -> str:
    """The median ratio and its range over the rounds: ``0.52 (0.47–0.55)``."""
    if not ratios:
        return ""
    return f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})"


# Scenarios ----------------------------------------------------------------------------------


def contract_cases() -> list[bytes]:
    """Every worked case b12 is tested on: the shared vignettes and the project's own."""
    folders = (ROOT.parent / "shared" / "vignettes", ROOT / "tests" / "assess_cases")
    paths = sorted(p for folder in folders if folder.is_dir() for p in folder.glob("*.json"))
    cases = [json.loads(p.read_text())["case"] for p in paths]
    if not cases:
        cases = [json.loads((ROOT / "examples" / "vegan-paraesthesia.json").read_text())]
    return [json.dumps(case).encode() for case in cases]


# What people type into the food search: whole names, words half typed while the list
# updates, plurals, a few typos, and dishes.
SEARCH_QUERIES = (
    "beef liver", "milk", "salmon", "egg", "clams", "chedar", "fortified cereal", "tuna",
    "yogurt", "nutritional yeast", "sardines", "chicken breast", "swiss cheese", "soy milk",
    "oat", "almond milk", "trout", "mussels", "oysters", "crab", "shrimp", "beef", "pork chop",
    "turkey", "ham", "tofu", "tempeh", "spinach", "banana", "potato", "bread", "rice",
    "orange juice", "coffee", "sal", "chick", "yog", "brocoli", "tomatoe", "cheeseburger",
)  # fmt: skip


def new_queries(count: int) -> list[str]:
    """``count`` different queries no server has seen: the index's own words, most used
    first, then pairs of them, so the search cache cannot answer any of them."""
    from b12.config import get_settings

    with sqlite3.connect(f"file:{get_settings().food_index_path}?mode=ro", uri=True) as conn:
        words = [w for (w,) in conn.execute("SELECT word FROM vocab ORDER BY df DESC, word")]
    queries = list(words)
    queries += [f"{a} {b}" for a, b in itertools.pairwise(words)]
    if len(queries) < count:
        print(f"(only {len(queries)} new queries for {count} requests: some will repeat)")
    return queries[:count]


def food_index_ready(server: Server) -> bool:
    with urllib.request.urlopen(server.url + "/api/health", timeout=5) as response:
        return bool(json.load(response)["food_index"] == "ready")


def scenarios(b12: Server, requests: int) -> list[Scenario]:
    """Every scenario; ``requests`` is the whole run's count (new queries are made for it)."""
    cases = tuple(("", body) for body in contract_cases())
    labs = {"results": ["b12_total=250 pg/mL", "mma=620 nmol/L", "egfr=88 mL/min/{1.73_m2}"]}
    searches = tuple(
        (f"?{urllib.parse.urlencode({'q': q, 'limit': 10})}", b"") for q in SEARCH_QUERIES
    )
    bare_assess = f"bare + core: assess ({len(cases)} cases)"
    bare_search = f"bare + core: search ({len(searches)} queries)"
    bare_new = "bare + core: search (each query new)"

    def at(path: str, targets: tuple[tuple[str, bytes], ...]) -> tuple[tuple[str, bytes], ...]:
        return tuple((path + suffix, body) for suffix, body in targets)

    out = [
        Scenario(FLOOR, "bare", "GET", (("/ping", b""),)),
        Scenario("b12 GET /api/health", "b12", "GET", (("/api/health", b""),)),
        Scenario(bare_assess, "bare", "POST", at("/core/assess", cases)),
        Scenario(f"b12 POST /api/assess ({len(cases)} cases)", "b12", "POST",
                 at("/api/assess", cases), bare_twin=bare_assess),
        Scenario("b12 POST /api/labs/interpret (3 results)", "b12", "POST",
                 (("/api/labs/interpret", json.dumps(labs).encode()),)),
    ]  # fmt: skip
    if food_index_ready(b12):
        out += [
            Scenario(bare_search, "bare", "GET", at("/core/search", searches)),
            Scenario(f"b12 GET /api/foods/search ({len(searches)} queries)", "b12", "GET",
                     at("/api/foods/search", searches), bare_twin=bare_search),
        ]  # fmt: skip
        fresh = [
            (f"?{urllib.parse.urlencode({'q': q, 'limit': 10})}", b"")
            for q in new_queries(requests + 300)
        ]
        timed, warm_up = tuple(fresh[:requests]), tuple(fresh[requests:])
        out += [
            Scenario(bare_new, "bare", "GET", at("/core/search", timed),
                     warm_up=at("/core/search", warm_up), fresh=True),
            Scenario("b12 GET /api/foods/search (each query new)", "b12", "GET",
                     at("/api/foods/search", timed), bare_twin=bare_new,
                     warm_up=at("/api/foods/search", warm_up), fresh=True),
        ]  # fmt: skip
    else:
        print("(no food index in B12_HOME: food search skipped; run `b12 data import`)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=800, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of every scenario")
    parser.add_argument("--concurrency", type=int, default=8, help="open connections")
    parser.add_argument("--max-seconds", type=float, default=20.0, help="time cap per round")
    parser.add_argument("--serve", choices=("bare", "b12"), help=argparse.SUPPRESS)
    parser.add_argument("--fd", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.fd)
        return

    servers = {kind: start_server(kind) for kind in ("bare", "b12")}
    try:
        cpus = len(os.sched_getaffinity(0))
        print(
            f"{args.rounds} rounds of {args.requests} requests per scenario over "
            f"{args.concurrency} keep-alive connections (cap {args.max_seconds:g} s a round); "
            f"uvicorn, 1 worker, h11; {cpus} CPUs"
        )
        plan = scenarios(servers["b12"], args.requests * args.rounds)
        for scenario in plan:
            warm(scenario, servers[scenario.server], args.requests, args.concurrency, 5.0)
        summaries = {scenario.label: Summary() for scenario in plan}
        floor = next(scenario for scenario in plan if scenario.label == FLOOR)

        def measure(scenario: Scenario, round_index: int) -> Result:
            server = servers[scenario.server]
            result = run_round(
                scenario, server, round_index, args.requests, args.concurrency, args.max_seconds
            )
            summaries[scenario.label].rounds.append(result)
            return result

        for round_index in range(args.rounds):
            rates: dict[str, float] = {}
            floor_before = measure(floor, round_index).per_second
            for scenario in plan:
                if scenario is floor:
                    continue
                result = measure(scenario, round_index)
                floor_after = measure(floor, round_index).per_second
                rates[scenario.label] = result.per_second
                summary = summaries[scenario.label]
                summary.to_floor.append(2 * result.per_second / (floor_before + floor_after))
                twin = rates.get(scenario.bare_twin or "")
                if twin:
                    summary.to_twin.append(result.per_second / twin)
                floor_before = floor_after
            print(f"  round {round_index + 1}/{args.rounds} done", file=sys.stderr)
        header = (
            f"{'scenario':46} {'done':>5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
            f"{'÷floor (range)':>17} {'÷bare+core':>17} {'server µs/req':>13}"
        )
        print(header)
        print("-" * len(header))
        for scenario in plan:
            summary = summaries[scenario.label]
            pooled = summary.latencies()
            errors = f"  ({summary.errors()} not 200!)" if summary.errors() else ""
            print(
                f"{scenario.label:46} {summary.done():>5} {summary.median_rate():>7,.0f} "
                f"{pooled.percentile(0.50) * 1000:>7.2f} {pooled.percentile(0.99) * 1000:>7.2f} "
                f"{ratio_text(summary.to_floor):>17} {ratio_text(summary.to_twin):>17} "
                f"{summary.median_server_us():>13,.0f}{errors}"
            )
        print(
            "A figure, not a target (b12 uses FastAPI's ordinary routes). req/s and server "
            "µs/req are medians "
            "of the rounds; each ratio is taken within a round (median, and range over the "
            "rounds). ÷bare+core compares a b12 route with the same core work served bare: "
            "1.00 means the web layer adds nothing. server µs/req is the server process's "
            "CPU time per request: when it is close to 1e6 / req/s, the server, not the load "
            "client, sets the pace."
        )
    finally:
        for server in servers.values():
            stop_server(server)


if __name__ == "__main__":
    main()
