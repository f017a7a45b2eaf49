"""How long one-shot `b12` commands take as whole processes, beside a bare Python start.

Prints min / median / max wall time over N runs, the median CPU time (user + system, less
disturbed than wall time by other work on the machine) and the median as a multiple of
`python -c pass` measured in the same run. Targets (issue 19): `b12 labs interpret` and
`b12 assess FILE` under 250 ms median and within 10x of `python -c pass`.

The compiled knowledge cache is warm for every row but the "cold cache" one, which points
B12_CACHE_DIR at a new empty folder each run (what the first command after an install or a
knowledge change costs).

Run: ./dev python benchmarks/bench_cli_startup.py [N]
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "vegan-paraesthesia.json"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(
    argv: list[str], runs: int, env: Callable[[], dict[str, str]] | None = None
) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each of ``runs`` runs (after one untimed run that warms the
    OS file cache and the compiled knowledge)."""
    subprocess.run(argv, capture_output=True, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        run_env = env() if env else None
        cpu = _children_cpu()
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True, env=run_env)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return walls, cpus


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    exe = shutil.which("b12") or f"{sys.prefix}/bin/b12"
    scratch = Path(tempfile.mkdtemp(prefix="b12-bench-"))
    count = iter(range(10**9))

    def cold_cache() -> dict[str, str]:
        return {**os.environ, "B12_CACHE_DIR": str(scratch / str(next(count)))}

    interpret = [exe, "labs", "interpret", "--json", "b12_total=250 pg/mL"]
    rows: list[tuple[str, list[str], Callable[[], dict[str, str]] | None]] = [
        ("python -c pass (floor)", [sys.executable, "-c", "pass"], None),
        ("b12 --help", [exe, "--help"], None),
        ("b12 labs interpret --help", [exe, "labs", "interpret", "--help"], None),
        ("b12 labs interpret b12_total=250 pg/mL", interpret, None),
        ("  ... cold cache", interpret, cold_cache),
        (f"b12 assess --json {EXAMPLE.name}", [exe, "assess", "--json", str(EXAMPLE)], None),
    ]
    floor = None
    try:
        for label, argv, env in rows:
            walls, cpus = time_command(argv, runs, env)
            median = statistics.median(walls)
            floor = floor or median
            print(
                f"{label:46s} min {min(walls) * 1000:6.1f}  median {median * 1000:6.1f}"
                f"  max {max(walls) * 1000:6.1f} ms  cpu {statistics.median(cpus) * 1000:6.1f} ms"
                f"  {median / floor:5.1f}x floor  (n={runs})"
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
