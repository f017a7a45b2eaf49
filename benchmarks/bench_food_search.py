"""Search latency over the full food index: FTS5 search vs a naive LIKE scan, same run.

    B12_DATA_DIR=../shared/data .venv/bin/python benchmarks/bench_food_search.py
    .venv/bin/python benchmarks/bench_food_search.py --index ~/.local/share/b12/foods.sqlite3

Without --index it imports B12_DATA_DIR into a temporary index first (and reports how long
that took). Prints p50/p99 per query for both; asserts nothing about time. The FTS5 figures
are of an index that remembers no searches (every query searched afresh); a last line shows
a repeated query answered from the index's memory of recent searches.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from b12.foods.importer import import_sources
from b12.foods.index import FoodIndex
from b12.foods.search import tokenize

# What people type: whole words, several words in any order, plurals, misspellings, and
# every prefix on the way to a few of them (search as you type).
WORDS = [
    "beef liver", "liver beef", "clams", "clam cooked", "whole milk", "milk", "egg", "eggs",
    "chicken breast", "salmon", "tuna canned", "sardines", "cheddar cheese", "yogurt greek",
    "almond milk unsweetened", "soy milk", "oat milk", "fortified cereal", "bran flakes",
    "cheerios", "nutritional yeast", "tofu", "tempeh", "mussels", "oysters", "crab", "shrimp",
    "trout", "lamb liver", "chicken liver", "turkey", "pork chop", "ground beef", "steak",
    "ham", "bacon", "sausage", "cottage cheese", "swiss cheese", "ice cream", "butter",
    "banana", "spinach raw", "broccoli cooked", "potatoes baked", "rice white cooked",
    "bread whole wheat", "oatmeal", "orange juice", "coffee", "beer", "pizza",
    "cheese pizza", "chicken sandwich", "hamburger", "lasagna", "beef stew", "chili",
    "energy drink", "infant formula", "chedar", "brocoli", "yoghurt", "salmn", "chiken",
    "bannana", "spinich", "sandwhich", "cheeze", "tomatoe sauce",
]  # fmt: skip
TYPED = ["beef liver", "almond milk", "chicken breast", "clams", "fortified cereal"]


def queries() -> list[str]:
    out = list(WORDS)
    for text in TYPED:
        out += [text[:i] for i in range(2, len(text))]
    return out


def naive_like(conn: sqlite3.Connection) -> Callable[[str], list[str]]:
    """The baseline: every word as a LIKE '%word%' over the names, shortest name first."""

    def run(query: str) -> list[str]:
        words = tokenize(query) or [""]
        where = " AND ".join("name LIKE ?" for _ in words)
        rows = conn.execute(
            f"SELECT id FROM foods WHERE {where} ORDER BY length(name) LIMIT 10",
            [f"%{w}%" for w in words],
        ).fetchall()
        return [r[0] for r in rows]

    return run


def measure(fn: Callable[[str], object], qs: list[str], rounds: int) -> list[float]:
    for q in qs:  # warm the page cache and any lazy state
        fn(q)
    times: list[float] = []
    for _ in range(rounds):
        for q in qs:
            start = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - start) * 1000.0)
    return times


def pct(times: list[float], p: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(p / 100.0 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="an existing food index to use")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query set")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.index
        if path is None:
            data = os.environ.get("B12_DATA_DIR")
            if not data:
                raise SystemExit("set B12_DATA_DIR or pass --index PATH")
            path = Path(tmp) / "foods.sqlite3"
            start = time.perf_counter()
            import_sources(path, Path(data))
            print(f"import (both sources): {time.perf_counter() - start:.2f} s")
        qs = queries()
        with (
            FoodIndex(path, remembered_searches=0) as index,
            FoodIndex(path) as remembering,
            sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn,
        ):
            foods = conn.execute("SELECT COUNT(*) FROM foods").fetchone()[0]
            fts = measure(lambda q: index.search(q, 10), qs, args.rounds)
            remembered = measure(lambda q: remembering.search(q, 10), qs, args.rounds)
            like = measure(naive_like(conn), qs, args.rounds)
    print(f"index: {foods:,} foods; {len(qs)} queries x {args.rounds} rounds = {len(fts)} runs")
    print(f"{'method':<22}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}{'max ms':>9}")
    rows = (("FTS5 search()", fts), ("naive LIKE scan", like), ("search() remembered", remembered))
    for name, times in rows:
        print(
            f"{name:<22}{pct(times, 50):>9.3f}{pct(times, 99):>9.3f}"
            f"{statistics.fmean(times):>9.3f}{max(times):>9.3f}"
        )


if __name__ == "__main__":
    main()
