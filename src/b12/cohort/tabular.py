"""CSV and Parquet files with one row per person, read through ``--map``.

Several files are parts of one table (the way a large cohort is usually stored), so they must
all be CSV or all Parquet and hold every mapped column. Their headers are read before any
work, so an unknown column is refused at once, naming the columns the file has.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from b12.cohort.fields import Column
from b12.errors import InputError

Kind = Literal["csv", "parquet"]
_KINDS: dict[str, Kind] = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


@dataclass(frozen=True, slots=True)
class TabularSource:
    kind: Kind
    files: tuple[Path, ...]
    columns: tuple[Column, ...]

    def summary(self) -> dict[str, Any]:
        weight = next((c.column for c in self.columns if c.field == "weight"), None)
        return {
            "kind": self.kind,
            "files": [str(f) for f in self.files],
            "weight": weight,
            "map": {c.column: c.field + (f":{c.unit}" if c.unit else "") for c in self.columns},
        }


def file_kind(path: Path) -> Kind:
    kind = _KINDS.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            f"{path}: not a CSV or Parquet file (.csv, .parquet) nor an NHANES folder",
            field="source",
        )
    return kind


def header(path: Path, kind: Kind) -> list[str]:
    """The file's column names, read without reading its rows."""
    if kind == "parquet":
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        try:
            return list(pq.read_schema(path).names)
        except Exception as exc:  # pyarrow raises several types for a broken file
            raise InputError(
                f"{path}: not a readable Parquet file ({exc})", field="source"
            ) from None
    with path.open(encoding="utf-8", newline="") as fh:
        try:
            return next(csv.reader(fh), [])
        except UnicodeDecodeError:
            raise InputError(f"{path}: a CSV file must be UTF-8", field="source") from None


def tabular_source(paths: Sequence[Path], columns: tuple[Column, ...]) -> TabularSource:
    kinds = {file_kind(p) for p in paths}
    if len(kinds) > 1:
        raise InputError("the files must be all CSV or all Parquet", field="source")
    kind = kinds.pop()
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: no such file", field="source")
        names = header(path, kind)
        absent = [c.column for c in columns if c.column not in names]
        if absent:
            shown = ", ".join(names[:30]) + (" ..." if len(names) > 30 else "")
            raise InputError(
                f"{path.name}: no column {', '.join(repr(a) for a in absent)}; "
                f"the file has {shown}",
                field="map",
            )
    return TabularSource(kind, tuple(paths), columns)
