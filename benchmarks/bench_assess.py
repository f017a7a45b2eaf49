"""In-process throughput of the assessment engine: assessments per second over a batch.

The batch is every shared vignette, every case in tests/assess_cases and
tests/published_cases, and the examples,
parsed once (as the CLI and web app do on input). Each repetition runs the whole batch; the
figures are the best and the median repetition, so a busy neighbour on the machine shows up
as a gap between them rather than as a wrong number. Target: at least 10,000 per second.
Run: ./dev python benchmarks/bench_assess.py [REPETITIONS]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from b12.core.assess import assess
from b12.core.case import parse_case
from b12.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[1]


def load_cases() -> list[dict[str, Any]]:
    paths = sorted((ROOT.parent / "shared" / "vignettes").glob("V*.json"))
    paths += sorted((ROOT / "tests" / "assess_cases").glob("C*.json"))
    paths += sorted((ROOT / "tests" / "published_cases").glob("P*.json"))
    paths += sorted((ROOT / "examples").glob("*.json"))
    cases = []
    for p in paths:
        data = json.loads(p.read_text())
        cases.append(data.get("case", data))
    return cases


def per_second(batch: list[Any], fn: Callable[[Any], object], reps: int) -> tuple[float, float]:
    rates = []
    for _ in range(reps):
        start = time.perf_counter()
        for item in batch:
            fn(item)
        rates.append(len(batch) / (time.perf_counter() - start))
    return max(rates), statistics.median(rates)


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    knowledge = load_knowledge()
    raw = load_cases()
    cases = [parse_case(c) for c in raw]
    for case in cases:  # warm up caches built on first use
        assess(case, knowledge)
    rows = [
        ("engine (assess)", per_second(cases, lambda c: assess(c, knowledge), reps)),
        (
            "engine + contract dict",
            per_second(cases, lambda c: assess(c, knowledge).to_dict(knowledge), reps),
        ),
        ("case validation (parse_case)", per_second(raw, parse_case, reps)),
    ]
    print(f"batch: {len(cases)} cases x {reps} repetitions")
    for label, (best, median) in rows:
        print(f"{label:30s} best {best:9,.0f}/s   median {median:9,.0f}/s")


if __name__ == "__main__":
    main()
