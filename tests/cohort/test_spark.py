"""Spark gives what DuckDB gives: the same JSON and the same per-person rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.cohort.conftest import run, write_csv

DRUGS = ["", "METFORMIN", "OMEPRAZOLE; X", "99999"]


def _same(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a.pop("engine") == "duckdb" and b.pop("engine") == "spark"
    a["source"].pop("out", None)
    b["source"].pop("out", None)
    assert a == b


@pytest.mark.realdata
def test_nhanes_on_spark_equals_duckdb(nhanes_dir: Path, spark_engine: str) -> None:
    kwargs: dict[str, Any] = {"group_by": ["metformin", "ppi", "age_band", "sex,age_band"],
                              "age_bands": "50"}  # fmt: skip
    _same(run([nhanes_dir], **kwargs), run([nhanes_dir], engine=spark_engine, **kwargs))


def test_csv_with_out_on_spark_equals_duckdb(tmp_path: Path, spark_engine: str) -> None:
    rows = [
        {"id": str(i), "b12": str(100 + 37 * i), "mma": str(150 + 53 * (i % 9)),
         "egfr": str(30 + 7 * (i % 11)), "age": str(20 + i % 70), "sex": "fm"[i % 2],
         "w": f"{1000 + 17.123457 * i:.6f}", "drugs": DRUGS[i % 4]}
        for i in range(60)
    ]  # fmt: skip
    path = write_csv(tmp_path / "c.csv", rows)
    maps = ["id=person_id", "b12=b12_total:pg/mL", "mma=mma:nmol/L", "egfr=egfr:mL/min/1.73m2",
            "age=age", "sex=sex", "w=weight", "drugs=drug"]  # fmt: skip
    kwargs: dict[str, Any] = {"maps": maps, "group_by": ["metformin", "ppi,sex"], "age_bands": "50"}
    duck, spark = tmp_path / "d.parquet", tmp_path / "s.parquet"
    _same(run([path], out=duck, **kwargs), run([path], out=spark, engine=spark_engine, **kwargs))
    key = "person_id"
    d = sorted(pq.read_table(duck).to_pylist(), key=lambda r: r[key])
    s = sorted(pq.read_table(spark).to_pylist(), key=lambda r: r[key])
    assert d == s and len(d) == 60
