"""Cohort screening throughput: b12 on DuckDB, a hand-written DuckDB query, b12 on Spark.

Generates synthetic people (Parquet, 10 parts of 1 M by default) with a B12 in pg/mL, MMA,
creatinine, age, sex, a survey weight and medicine names, then screens them split by
metformin, PPI, age band and sex. The hand-written query is what an analyst would write for
the same screen (NICE NG239 numbers typed in): the floor b12's compiled query is measured
against. Spark runs in local mode at 1 M, 5 M and 10 M people to show how it scales.

    ./dev python benchmarks/bench_cohort.py                 # DuckDB only
    B12_EXTRAS=spark ./dev python benchmarks/bench_cohort.py --spark

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from b12.cohort.screen import ScreenRequest, screen
from b12.knowledge import load_knowledge

PART = 1_000_000
MAPS = [
    "id=person_id",
    "b12=b12_total:pg/mL",
    "mma=mma:nmol/L",
    "cr=creatinine:mg/dL",
    "age=age",
    "sex=sex",
    "w=weight",
    "drugs=drug",
]
GROUPS = ["metformin", "ppi", "age_band", "sex"]

FLOOR = """
WITH s AS (
  SELECT
    CASE WHEN b12 < 180 THEN 'c' WHEN b12 > 350 THEN 'u' ELSE 'i' END AS cat,
    CASE WHEN mma IS NULL THEN NULL ELSE mma > 280 END AS raised,
    CAST(w AS DECIMAL(18,6)) AS w,
    CASE WHEN age < 50 THEN '<50' ELSE '50+' END AS age_band,
    CASE sex WHEN 'f' THEN 'female' WHEN 'm' THEN 'male' END AS sex,
    list_transform(string_split(lower(drugs), ';'), lambda x: trim(x)) AS names
  FROM read_parquet({files}) WHERE b12 IS NOT NULL
), f AS (
  SELECT *,
    CASE WHEN list_has_any(names, ['metformin']) THEN true
         WHEN list_has_any(names, ['55555', '77777', '99999']) THEN NULL ELSE false END AS met,
    CASE WHEN list_has_any(names, ['omeprazole', 'esomeprazole', 'lansoprazole',
           'pantoprazole', 'rabeprazole', 'dexlansoprazole']) THEN true
         WHEN list_has_any(names, ['55555', '77777', '99999']) THEN NULL ELSE false END AS ppi
  FROM s
)
SELECT met, ppi, age_band, sex, count(*), count(raised),
  sum(CASE WHEN cat = 'c' THEN 1 ELSE 0 END), sum(CASE WHEN cat = 'i' THEN 1 ELSE 0 END),
  sum(CASE WHEN cat = 'u' THEN 1 ELSE 0 END), sum(CASE WHEN raised THEN 1 ELSE 0 END),
  sum(w), sum(CASE WHEN cat = 'c' THEN w END), sum(CASE WHEN cat = 'i' THEN w END),
  sum(CASE WHEN cat = 'u' THEN w END), sum(CASE WHEN raised IS NOT NULL THEN w END),
  sum(CASE WHEN raised THEN w END)
FROM f GROUP BY GROUPING SETS ((), (met), (ppi), (age_band), (sex))
"""


def generate(folder: Path, parts: int) -> list[Path]:
    """Synthetic people, drawn from hashes so every run makes the same data."""
    files = []
    con = duckdb.connect()
    for part in range(parts):
        path = folder / f"people-{part:02d}.parquet"
        files.append(path)
        if path.exists():
            continue
        start = part * PART
        con.execute(
            f"""
            COPY (
              SELECT i AS id,
                CASE WHEN hash(i, 1) % 50 = 0 THEN NULL
                     ELSE 60 + (hash(i, 2) % 90000) / 100.0 END AS b12,
                CASE WHEN hash(i, 3) % 20 = 0 THEN NULL
                     ELSE 50 + (hash(i, 4) % 60000) / 100.0 END AS mma,
                0.4 + (hash(i, 5) % 150) / 100.0 AS cr,
                CAST(18 + hash(i, 6) % 63 AS DOUBLE) AS age,
                CASE hash(i, 7) % 2 WHEN 0 THEN 'f' ELSE 'm' END AS sex,
                1000 + (hash(i, 8) % 100000000) / 1000000.0 AS w,
                CASE hash(i, 9) % 20 WHEN 0 THEN 'METFORMIN' WHEN 1 THEN 'OMEPRAZOLE'
                  WHEN 2 THEN 'GLIPIZIDE; METFORMIN' WHEN 3 THEN 'LISINOPRIL'
                  WHEN 4 THEN '99999' ELSE '' END AS drugs
              FROM range({start}, {start + PART}) t(i)
            ) TO '{path}' (FORMAT parquet)
            """
        )
    return files


def b12_run(files: list[Path], engine: str) -> float:
    request = ScreenRequest(
        sources=files, maps=MAPS, engine=engine, group_by=GROUPS, age_bands="50"
    )
    knowledge = load_knowledge()
    start = time.perf_counter()
    screen(request, knowledge)
    return time.perf_counter() - start


def floor_run(files: list[Path]) -> float:
    paths = "[" + ", ".join(f"'{f}'" for f in files) + "]"
    con = duckdb.connect()
    start = time.perf_counter()
    con.execute(FLOOR.format(files=paths)).fetchall()
    return time.perf_counter() - start


def best(fn: object, runs: int) -> float:
    assert callable(fn)
    return min(fn() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parts", type=int, default=10, help="millions of people")
    parser.add_argument("--spark", action="store_true", help="also run b12 on Spark local")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "b12-bench")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    files = generate(args.dir, args.parts)
    n = args.parts * PART
    print(f"{n:,} synthetic people in {args.dir} ({time.perf_counter() - started:.1f} s)")
    b12_duck = best(lambda: b12_run(files, "duckdb"), args.runs)
    floor = best(lambda: floor_run(files), args.runs)
    print(f"b12 on DuckDB      {n / b12_duck / 1e6:6.2f} M people/s  ({b12_duck:.2f} s)")
    print(f"hand-written floor {n / floor / 1e6:6.2f} M people/s  ({floor:.2f} s)")
    print(f"b12 / floor time   {b12_duck / floor:6.2f} x")
    if args.spark:
        b12_run(files[:1], "spark")  # start the JVM and warm up once
        for parts in sorted({1, min(5, args.parts), args.parts}):
            seconds = best(lambda parts=parts: b12_run(files[:parts], "spark"), 1)
            people = parts * PART
            print(
                f"b12 on Spark local {people / seconds / 1e6:6.2f} M people/s  "
                f"({people / 1e6:.0f} M in {seconds:.2f} s)"
            )


if __name__ == "__main__":
    main()
