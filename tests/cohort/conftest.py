"""Shared fixtures for the cohort tests.

The real NHANES 2013-2014 files come from ``B12_DATA_DIR`` (``nhanes/2013_2014``); the tests
that need them skip without them, and fail instead when ``B12_REQUIRE_DATA=1``. Spark runs
for real in local mode, one session for the whole test run; without PySpark or Java the
Spark tests skip, and fail instead when ``B12_REQUIRE_SPARK=1`` (as in CI).
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from b12.cohort.screen import ScreenRequest, screen
from b12.knowledge import load_knowledge

NHANES_FILES = ("DEMO_H.XPT", "VITB12_H.XPT", "MMA_H.XPT", "BIOPRO_H.XPT", "RXQ_RX_H.csv")


@pytest.fixture(scope="session")
def nhanes_dir() -> Path:
    value = os.environ.get("B12_DATA_DIR")
    folder = Path(value).expanduser() / "nhanes" / "2013_2014" if value else None
    if folder is None or not all((folder / f).is_file() for f in NHANES_FILES):
        if os.environ.get("B12_REQUIRE_DATA") == "1":
            pytest.fail("B12_REQUIRE_DATA=1 but B12_DATA_DIR lacks nhanes/2013_2014")
        pytest.skip("B12_DATA_DIR is unset or lacks nhanes/2013_2014")
    return folder


@pytest.fixture(scope="session")
def spark_engine() -> str:
    """'spark', once a local SparkSession has started (shared by every Spark test)."""
    required = os.environ.get("B12_REQUIRE_SPARK") == "1"
    problem = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        problem = "PySpark is not installed (B12_EXTRAS=spark ./dev test ...)"
    if problem is None and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        problem = "no Java runtime for Spark"
    if problem is not None:
        if required:
            pytest.fail(f"B12_REQUIRE_SPARK=1 but {problem}")
        pytest.skip(problem)
    from b12.cohort.engines import spark_session

    spark_session("local[2]")
    return "spark"


def write_csv(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(sources: Sequence[Path], **kwargs: Any) -> dict[str, Any]:
    return screen(ScreenRequest(sources=list(sources), **kwargs), load_knowledge())


def whole(result: dict[str, Any]) -> dict[str, Any]:
    group = result["groups"][0]
    assert group["by"] == {}
    return group
