"""How long `b12 --help` (and `b12 labs interpret --help`) take as whole processes.

Prints min / median / max wall time over N runs. Target: `b12 --help` under 0.3 s.
Run: ./dev python benchmarks/bench_cli_startup.py [N]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time


def time_command(argv: list[str], runs: int) -> list[float]:
    subprocess.run(argv, capture_output=True, check=True)  # warm the OS file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    exe = shutil.which("b12") or f"{sys.prefix}/bin/b12"
    for label, argv in [
        ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
        ("b12 --help", [exe, "--help"]),
        ("b12 labs interpret --help", [exe, "labs", "interpret", "--help"]),
        (
            "b12 labs interpret b12_total=250 pg/mL",
            [exe, "labs", "interpret", "--json", "b12_total=250 pg/mL"],
        ),
    ]:
        t = time_command(argv, runs)
        print(
            f"{label:42s} min {min(t) * 1000:6.1f} ms  median {statistics.median(t) * 1000:6.1f} ms"
            f"  max {max(t) * 1000:6.1f} ms  (n={runs})"
        )


if __name__ == "__main__":
    main()
