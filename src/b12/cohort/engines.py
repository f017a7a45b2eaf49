"""The two engines the screen runs on, behind one small interface.

DuckDB is embedded and the default. Spark (PySpark, an optional extra) runs the same SQL
in local mode, or on a cluster given by ``--master`` / ``SPARK_MASTER``. An engine only
registers tables and runs the query text it is handed; it holds no rule.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa  # type: ignore[import-untyped]

from b12.cohort.dialect import DUCKDB, SPARK, Dialect
from b12.errors import B12Error, InputError


class Engine(Protocol):
    name: str
    dialect: Dialect

    def register_table(self, name: str, table: pa.Table) -> None: ...

    def register_files(self, name: str, kind: str, files: Sequence[Path]) -> None: ...

    def rows(self, sql: str) -> list[tuple[Any, ...]]: ...

    def write_parquet(self, sql: str, path: Path) -> None: ...

    def close(self) -> None: ...


def _bad_value(exc: Exception) -> InputError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError(
        f"a mapped column holds a value that is not a number ({first[:300]})", field="source"
    )


class DuckDBEngine:
    name = "duckdb"
    dialect = DUCKDB

    def __init__(self) -> None:
        import duckdb

        self._duckdb = duckdb
        self.con = duckdb.connect()

    def register_table(self, name: str, table: pa.Table) -> None:
        self.con.register(name, table)

    def register_files(self, name: str, kind: str, files: Sequence[Path]) -> None:
        paths = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in files) + "]"
        reader = (
            f"read_csv({paths}, header = true, all_varchar = true)"
            if kind == "csv"
            else f"read_parquet({paths})"
        )
        self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM {reader}")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        try:
            return list(self.con.execute(sql).fetchall())
        except self._duckdb.ConversionException as exc:
            raise _bad_value(exc) from None

    def write_parquet(self, sql: str, path: Path) -> None:
        target = str(path).replace("'", "''")
        try:
            self.con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)")
        except self._duckdb.ConversionException as exc:
            raise _bad_value(exc) from None

    def close(self) -> None:
        self.con.close()


_SESSION: Any = None


def spark_session(master: str | None = None) -> Any:
    """One SparkSession per process (starting the JVM takes seconds): ``master``, else
    ``SPARK_MASTER``, else local mode on every core."""
    global _SESSION
    if _SESSION is not None:
        return _SESSION
    try:  # imported by name: the extra may be absent where b12 is type-checked
        SparkSession = importlib.import_module("pyspark.sql").SparkSession
    except ImportError:
        raise B12Error(
            "--engine spark needs PySpark: install b12 with the 'spark' extra "
            "(pip install 'b12[spark]'; here: B12_EXTRAS=spark ./dev ...)"
        ) from None
    url = master or os.environ.get("SPARK_MASTER") or "local[*]"
    builder = (
        SparkSession.builder.master(url)
        .appName("b12 cohort screen")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
    )
    _SESSION = builder.getOrCreate()
    _SESSION.sparkContext.setLogLevel("ERROR")
    return _SESSION


class SparkEngine:
    name = "spark"
    dialect = SPARK

    def __init__(self, master: str | None = None) -> None:
        self.spark = spark_session(master)
        self._views: list[str] = []

    def register_table(self, name: str, table: pa.Table) -> None:
        self.spark.createDataFrame(table).createOrReplaceTempView(name)
        self._views.append(name)

    def register_files(self, name: str, kind: str, files: Sequence[Path]) -> None:
        paths = [str(p) for p in files]
        reader = self.spark.read
        frame = (
            reader.option("header", True).csv(paths) if kind == "csv" else reader.parquet(*paths)
        )
        frame.createOrReplaceTempView(name)
        self._views.append(name)

    def _run(self, sql: str) -> Any:
        return self.spark.sql(sql)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        try:
            return [tuple(r) for r in self._run(sql).collect()]
        except Exception as exc:
            if "CAST_INVALID_INPUT" in str(exc) or "NumberFormat" in str(exc):
                raise _bad_value(exc) from None
            raise

    def write_parquet(self, sql: str, path: Path) -> None:
        """One Parquet file, as DuckDB writes (Spark writes a folder of parts: the single
        part is moved to ``path``)."""
        tmp = Path(tempfile.mkdtemp(prefix="b12-spark-", dir=path.parent))
        try:
            try:
                self._run(sql).coalesce(1).write.mode("overwrite").parquet(str(tmp / "out"))
            except Exception as exc:
                if "CAST_INVALID_INPUT" in str(exc) or "NumberFormat" in str(exc):
                    raise _bad_value(exc) from None
                raise
            part = next((tmp / "out").glob("part-*.parquet"))
            shutil.move(str(part), path)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def close(self) -> None:
        for view in self._views:
            self.spark.catalog.dropTempView(view)


def open_engine(name: str, master: str | None = None) -> Engine:
    if name == "duckdb":
        if master:
            raise InputError("--master is for --engine spark", field="master")
        return DuckDBEngine()
    if name == "spark":
        return SparkEngine(master)
    raise InputError(f"unknown engine {name!r}; allowed: duckdb, spark", field="engine")
