"""In-process throughput of the assessment engine: assessments per second over a batch.

Cases are parsed once (as the web app and CLI do on input); the timed loop runs the engine
(lab reading, risk factors, status, facts, triage, differential) and builds the JSON dict.
Target: at least 10,000 assessments per second on one core.
Run: ./dev python benchmarks/bench_assess.py [SECONDS]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from b12.core.assess import assess
from b12.core.case import parse_case
from b12.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[1]


def load_cases() -> list[dict[str, object]]:
    paths = sorted((ROOT.parent / "shared" / "vignettes").glob("V*.json"))
    paths += sorted((ROOT / "tests" / "assess_cases").glob("C*.json"))
    paths += sorted((ROOT / "examples").glob("*.json"))
    cases = []
    for p in paths:
        data = json.loads(p.read_text())
        cases.append(data.get("case", data))
    return cases


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    knowledge = load_knowledge()
    cases = [parse_case(c) for c in load_cases()]
    for case in cases:  # warm up
        assess(case, knowledge)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for case in cases:
            assess(case, knowledge)
        done += len(cases)
    engine = done / (time.perf_counter() - start)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for case in cases:
            assess(case, knowledge).to_dict(knowledge)
        done += len(cases)
    with_json = done / (time.perf_counter() - start)
    raw = load_cases()
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for c in raw:
            parse_case(c)
        done += len(raw)
    parsing = done / (time.perf_counter() - start)
    print(f"cases in batch: {len(cases)}")
    print(f"engine only (assess):           {engine:10,.0f} assessments/s")
    print(f"engine + contract dict:         {with_json:10,.0f} assessments/s")
    print(f"case validation (parse_case):   {parsing:10,.0f} cases/s")


if __name__ == "__main__":
    main()
