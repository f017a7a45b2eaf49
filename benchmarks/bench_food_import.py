"""Import time of SR28 + FNDDS from B12_DATA_DIR into a fresh index, then a re-import.

    B12_DATA_DIR=../shared/data .venv/bin/python benchmarks/bench_food_import.py

Prints seconds per source (as the importer records them), the wall time of the first import
and of an idempotent re-import, and the time to only read the three FNDDS workbooks with
openpyxl (the slow part). Asserts nothing about time.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from pathlib import Path

from b12.foods.importer import import_sources
from b12.foods.sources import fndds


def main() -> None:
    data = os.environ.get("B12_DATA_DIR")
    if not data:
        raise SystemExit("set B12_DATA_DIR to the folder holding usda_sr28/ and usda_fndds_*/")
    source = Path(data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "foods.sqlite3"
        for label in ("first import", "re-import"):
            start = time.perf_counter()
            statuses = import_sources(path, source)
            wall = time.perf_counter() - start
            parts = ", ".join(
                f"{s.source} {s.seconds:.2f} s ({s.foods:,} foods, "
                f"{s.nutrient_values:,} values, {s.portions:,} portions)"
                for s in statuses
            )
            print(f"{label:<13} {wall:6.2f} s   {parts}")
        size = path.stat().st_size / 1e6
        with sqlite3.connect(path) as conn:
            foods = conn.execute("SELECT COUNT(*) FROM foods").fetchone()[0]
        print(f"index size    {size:6.1f} MB, {foods:,} foods")

    folder = source / fndds.DIRNAME
    start = time.perf_counter()
    rows = 0
    for book in fndds.REQUIRED:
        sheet = fndds.read_sheet(folder / book)
        rows += sum(1 for _ in sheet.rows)
    print(f"openpyxl only {time.perf_counter() - start:6.2f} s to read {rows:,} workbook rows")


if __name__ == "__main__":
    main()
