"""``b12 cohort screen``: check everything, read the source, run the screen, shape the result.

Every check that can fail on the user's input (guideline, choices, splits, columns, units,
codes, output path) runs before the engine starts or a row is screened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from b12.cohort.engines import Engine, open_engine
from b12.cohort.fields import Column, parse_maps
from b12.cohort.grouping import Grouping, parse_grouping, value_order
from b12.cohort.nhanes import load_layout, read_nhanes
from b12.cohort.query import RAW, STATUS, Query
from b12.cohort.rules import CHOICES_USED, Rules
from b12.cohort.status_table import BANDS, status_rows
from b12.cohort.tabular import tabular_source
from b12.errors import InputError
from b12.knowledge import Knowledge

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ScreenRequest:
    sources: Sequence[Path]
    maps: Sequence[str] = ()
    engine: str = "duckdb"
    guideline: str | None = None  # None: the knowledge base's default
    choices: dict[str, str] = field(default_factory=dict)
    group_by: Sequence[str] = ()
    age_bands: str | None = None
    out: Path | None = None
    master: str | None = None


def _check_choices(choices: dict[str, str]) -> None:
    unused = sorted(set(choices) - set(CHOICES_USED))
    if unused:
        raise InputError(
            f"--choice {unused[0]}: a cohort screen reads only {', '.join(CHOICES_USED)}",
            field="choice",
        )


def _check_fields(columns: Sequence[Column], grouping: Grouping) -> None:
    mapped = {c.field for c in columns}
    for f in grouping.fields:
        need = "drug" if f.class_code else ("age" if f.name == "age_band" else f.name)
        if need not in mapped:
            raise InputError(
                f"--group-by {f.name} needs a {need} column (--map COLUMN={need})",
                field="group_by",
            )


def _check_out(out: Path | None) -> None:
    if out is None:
        return
    if out.suffix.lower() != ".parquet":
        raise InputError(f"--out {out}: the file must end in .parquet", field="out")
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: no folder {out.parent}", field="out")


def _status_table(rules: Rules, guideline: str) -> pa.Table:
    cutoff = rules.knowledge.choice("renal_impairment_egfr", rules.choices).value
    rows = status_rows(rules.knowledge, guideline, cutoff)
    return pa.table(
        {
            "category": [r.category for r in rows],
            "mma": [r.mma for r in rows],
            "kidney": [r.kidney for r in rows],
            "homocysteine": [r.homocysteine for r in rows],
            "qualifiers": pa.array([list(r.qualifiers) for r in rows], pa.list_(pa.string())),
            "sources": pa.array([list(r.sources) for r in rows], pa.list_(pa.string())),
        }
    )


def _share(part: Any, whole: Any) -> float | None:
    if whole is None or Decimal(whole) == 0:
        return None
    return float(Decimal(part or 0) / Decimal(whole))


def _groups(rows: list[tuple[Any, ...]], q: Query) -> tuple[list[dict[str, Any]], tuple[Any, ...]]:
    fields = q.grouping.fields
    k = len(fields)
    names = ["n", "n_mma", "n_mma_raised", *(f"n_{b}" for b in BANDS)]
    groups = []
    whole: tuple[Any, ...] = ()
    for row in rows:
        flags, values, rest = row[:k], row[k : 2 * k], row[2 * k :]
        counts = dict(zip(names, rest[: len(names)], strict=True))
        weights = (
            dict(zip(names, rest[len(names) : 2 * len(names)], strict=True)) if q.weighted else {}
        )
        by = {f.name: v for f, g, v in zip(fields, flags, values, strict=True) if g == 0}
        if not by:
            whole = rest
        elif not counts["n"]:
            continue

        def share(name: str, of: str, weights: dict[str, Any] = weights) -> float | None:
            return _share(weights[name], weights[of]) if q.weighted else None

        groups.append(
            {
                "by": by,
                "n": int(counts["n"]),
                "n_with_mma": int(counts["n_mma"]),
                "b12_status": {
                    band: {
                        "count": int(counts[f"n_{band}"]),
                        "weighted_prevalence": share(f"n_{band}", "n"),
                    }
                    for band in BANDS
                },
                "mma_raised": {
                    "count": int(counts["n_mma_raised"]),
                    "weighted_prevalence": share("n_mma_raised", "n_mma"),
                },
            }
        )
    split_of = {frozenset(f.name for f in split): i for i, split in enumerate(q.grouping.splits)}
    by_name = {f.name: f for f in fields}
    edges = q.grouping.age_edges

    def order(g: dict[str, Any]) -> tuple[Any, ...]:
        if not g["by"]:
            return (-1,)
        split = q.grouping.splits[split_of[frozenset(g["by"])]]
        return (
            split_of[frozenset(g["by"])],
            *(value_order(by_name[f.name], g["by"][f.name], edges) for f in split),
        )

    return sorted(groups, key=order), whole


def screen(
    request: ScreenRequest, knowledge: Knowledge, progress: Progress | None = None
) -> dict[str, Any]:
    """Screen the source; the result is the ``--json`` document."""
    guideline = knowledge.guideline(request.guideline)
    _check_choices(request.choices)
    grouping = parse_grouping(request.group_by, request.age_bands, knowledge)
    _check_out(request.out)
    if request.engine not in ("duckdb", "spark"):
        raise InputError(
            f"unknown engine {request.engine!r}; allowed: duckdb, spark", field="engine"
        )
    if not request.sources:
        raise InputError("give a source: an NHANES folder or CSV/Parquet files", field="source")
    sources = [Path(s) for s in request.sources]
    folders = [s for s in sources if s.is_dir()]
    table: pa.Table | None = None
    unknown_codes: tuple[str, ...] = tuple(
        load_layout(knowledge).prescriptions["unknown_drug_codes"]
    )
    if folders:
        if len(sources) > 1:
            raise InputError(
                "give one NHANES folder, or CSV/Parquet files, not both", field="source"
            )
        if request.maps:
            raise InputError(
                "--map is for CSV/Parquet files; an NHANES folder is read by its codebook",
                field="map",
            )
        table, columns, summary = read_nhanes(
            sources[0], knowledge, progress, check=lambda cols: _check_fields(cols, grouping)
        )
        tabular = None
    else:
        columns = parse_maps(request.maps, knowledge)
        tabular = tabular_source(sources, columns)
        _check_fields(columns, grouping)
        summary = tabular.summary()
    engine: Engine = open_engine(request.engine, request.master)
    try:
        rules = Rules(
            knowledge=knowledge,
            guideline=guideline,
            choices=request.choices,
            units={c.field: c.unit for c in columns if c.unit},
            dialect=engine.dialect,
            unknown_drug_codes=unknown_codes,
        )
        q = Query(rules, columns, grouping)
        if table is not None:
            engine.register_table(RAW, table)
        else:
            assert tabular is not None
            engine.register_files(RAW, tabular.kind, tabular.files)
            if "sex" in q.fields:
                bad = engine.rows(q.bad_sex_sql())
                if bad:
                    raise InputError(
                        f"column {q.fields['sex'].column!r}: sex {bad[0][0]!r} is not one of "
                        "female, male, f, m",
                        field="map",
                    )
        if progress:
            progress("screening", 0, 1)
        if request.out is not None:
            engine.register_table(STATUS, _status_table(rules, guideline.id))
            engine.write_parquet(q.out_sql(), request.out)
        rows = engine.rows(q.aggregate_sql())
        if progress:
            progress("screening", 1, 1)
    finally:
        engine.close()
    groups, whole = _groups(rows, q)
    n_rows_at = 3 + len(BANDS) + (3 + len(BANDS) if q.weighted else 0)
    summary = {
        **summary,
        "rows": int(whole[n_rows_at]),
        "with_b12": groups[0]["n"],
        "impossible_values": {c: int(whole[n_rows_at + 1 + i]) for i, c in enumerate(q.labs)},
    }
    if request.out is not None:
        summary["out"] = str(request.out)
    return {
        "engine": request.engine,
        "guideline": guideline.id,
        "choices": rules.choices_in_force(),
        "source": summary,
        "groups": groups,
    }
