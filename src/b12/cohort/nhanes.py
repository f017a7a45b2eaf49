"""Read a folder of NHANES public-use files into the screen's one table per person.

The SAS transport (.XPT) files are read with pyreadstat, a real SAS-transport reader; the
prescription file is the latin-1 CSV conversion of RXQ_RX. Which file holds which field, in
which unit, and what the survey's codes mean is data (``nhanes.toml``), checked here against
what the folder holds, so a missing column or an unknown code is an error before any work.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

from b12.cohort.fields import Column
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.knowledge.loader import KnowledgeError

_STEM = re.compile(r"^(?P<name>[A-Z0-9_]+)_(?P<cycle>[A-Z])$")
_SAS_ZERO = 1e-70
"""SAS transport writes some zeros so that readers decode them as 5.397605e-79 (pandas
does); no NHANES variable holds a real value that small, so anything below this is 0."""

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class NhanesLayout:
    """``nhanes.toml`` as read: codes and, per cycle, where each field lives."""

    person_id: str
    sex_codes: Mapping[str, str]
    prescriptions: Mapping[str, Any]
    cycles: Mapping[str, Mapping[str, Any]]
    sources: tuple[str, ...]


def load_layout(knowledge: Knowledge) -> NhanesLayout:
    text = resources.files("b12.cohort").joinpath("nhanes.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    missing = [s for s in raw["sources"] if s not in knowledge.references]
    if missing:
        raise KnowledgeError(f"nhanes.toml: unknown source {missing}")
    return NhanesLayout(
        person_id=raw["person_id"],
        sex_codes=raw["sex_codes"],
        prescriptions=raw["prescriptions"],
        cycles=raw["cycles"],
        sources=tuple(raw["sources"]),
    )


def is_nhanes_folder(path: Path) -> bool:
    return path.is_dir()


def sas_zero(values: list[float | None]) -> list[float | None]:
    """The SAS "5.4e-79 means 0" quirk undone (NaN, pyreadstat's missing, becomes None)."""
    out: list[float | None] = []
    for v in values:
        if v is None or math.isnan(v):
            out.append(None)
        elif abs(v) < _SAS_ZERO:
            out.append(0.0)
        else:
            out.append(float(v))
    return out


def _files_by_stem(folder: Path) -> dict[str, Path]:
    return {p.stem.upper(): p for p in folder.iterdir() if p.is_file()}


def detect_cycle(folder: Path, layout: NhanesLayout) -> str:
    """The cycle letter shared by the folder's NHANES file names (DEMO_H.XPT: H)."""
    letters = {
        m["cycle"] for stem in _files_by_stem(folder) if (m := _STEM.match(stem)) is not None
    }
    known = letters & set(layout.cycles)
    if not known:
        cycles = ", ".join(f"{c} ({layout.cycles[c]['years']})" for c in layout.cycles)
        raise InputError(
            f"{folder}: no NHANES files of a known cycle (names such as DEMO_H.XPT, "
            f"VITB12_H.XPT); b12 reads the cycles {cycles}",
            field="source",
        )
    if len(known) > 1:
        raise InputError(
            f"{folder}: files of several NHANES cycles ({', '.join(sorted(known))}); "
            "give one folder per cycle",
            field="source",
        )
    return known.pop()


def _read_xport(path: Path, columns: list[str]) -> dict[str, list[Any]]:
    import pyreadstat

    meta = pyreadstat.read_xport(str(path), metadataonly=True)[1]
    absent = [c for c in columns if c not in meta.column_names]
    if absent:
        raise InputError(
            f"{path.name}: no column {', '.join(absent)} (it has {len(meta.column_names)} "
            "columns; is it the NHANES file its name says?)",
            field="source",
        )
    data, _ = pyreadstat.read_xport(str(path), usecols=columns, output_format="dict")
    return {c: sas_zero([None if v is None else float(v) for v in data[c]]) for c in columns}


def _sex(values: list[float | None], codes: Mapping[str, str], where: str) -> list[str | None]:
    out: list[str | None] = []
    for v in values:
        if v is None:
            out.append(None)
            continue
        code = f"{v:g}"
        if code not in codes:
            allowed = ", ".join(f"{k} {m}" for k, m in codes.items())
            raise InputError(f"{where}: sex code {code!r} is not in the codebook ({allowed})")
        out.append(codes[code])
    return out


def _drugs(path: Path, layout: NhanesLayout) -> dict[int, str]:
    """Each person's medicines as one text, names separated as in combination products:
    '' for no prescription medicine, an unknown-drug code when use was refused or not known."""
    rx = layout.prescriptions
    unknown_code = rx["unknown_drug_codes"][-1]
    sep = rx["separator"]
    out: dict[int, list[str]] = {}
    with path.open(encoding=rx["encoding"], newline="") as fh:
        reader = csv.DictReader(fh)
        needed = (layout.person_id, rx["taken_column"], rx["drug_column"])
        absent = [c for c in needed if c not in (reader.fieldnames or [])]
        if absent:
            raise InputError(f"{path.name}: no column {', '.join(absent)}", field="source")
        for row in reader:
            person = int(float(row[layout.person_id]))
            taken = (row[rx["taken_column"]] or "").strip()
            names = out.setdefault(person, [])
            meaning = rx["taken"].get(taken.removesuffix(".0"))
            if meaning is None:
                allowed = ", ".join(rx["taken"])
                raise InputError(
                    f"{path.name}: {rx['taken_column']} code {taken!r} is not in the codebook "
                    f"(allowed: {allowed})",
                    field="source",
                )
            if meaning == "unknown":
                names.append(unknown_code)
            elif meaning == "yes":
                names.append((row[rx["drug_column"]] or unknown_code).strip())
    return {p: f"{sep} ".join(names) for p, names in out.items()}


def read_nhanes(
    folder: Path,
    knowledge: Knowledge,
    progress: Progress | None = None,
    check: Callable[[tuple[Column, ...]], None] | None = None,
) -> tuple[pa.Table, tuple[Column, ...], dict[str, Any]]:
    """The folder as one row per person of the demographics file (fields named as the
    screen names them), the columns with their units, and a summary for the report.
    ``check`` sees the columns the folder will give before any file is read."""
    layout = load_layout(knowledge)
    cycle = detect_cycle(folder, layout)
    spec = layout.cycles[cycle]
    files = _files_by_stem(folder)
    demo = spec["demographics"]
    fields: dict[str, dict[str, str]] = spec["fields"]
    wanted: dict[str, list[str]] = {}
    for f in fields.values():
        wanted.setdefault(f["file"], []).append(f["column"])
    b12_file = fields["b12_total"]["file"]
    for needed in (demo, b12_file):
        if needed not in files:
            raise InputError(
                f"{folder}: {needed}.XPT is missing (a cycle {cycle} screen needs the "
                f"demographics and the B12 file)",
                field="source",
            )
    rx_name = spec.get("prescriptions")
    if check is not None:
        present = [Column(n, n, f.get("unit")) for n, f in fields.items() if f["file"] in files]
        if rx_name and rx_name in files:
            present.append(Column("drug", "drug"))
        check((Column("person_id", "person_id"), *present))
    steps = len(wanted) + (1 if rx_name and rx_name in files else 0)
    done = 0
    read: dict[str, dict[str, list[Any]]] = {}
    used, missing = [], []
    for stem, names in wanted.items():
        if stem not in files:
            missing.append(stem)
            continue
        if progress:
            progress(files[stem].name, done, steps)
        read[stem] = _read_xport(files[stem], [layout.person_id, *names])
        used.append(files[stem].name)
        done += 1
    ids = [int(v) for v in read[demo][layout.person_id]]
    columns: dict[str, list[Any]] = {"person_id": ids}
    out_cols = [Column("person_id", "person_id")]
    for name, f in fields.items():
        if f["file"] not in read:
            continue
        data = read[f["file"]]
        by_id = dict(zip((int(v) for v in data[layout.person_id]), data[f["column"]], strict=True))
        values = [by_id.get(i) for i in ids]
        if name == "sex":
            values = _sex(values, layout.sex_codes, f"{f['file']}.{f['column']}")
        columns[name] = values
        out_cols.append(Column(name, name, f.get("unit")))
    if rx_name and rx_name in files:
        if progress:
            progress(files[rx_name].name, done, steps)
        drugs = _drugs(files[rx_name], layout)
        unknown = layout.prescriptions["unknown_drug_codes"][-1]
        columns["drug"] = [drugs.get(i, unknown) for i in ids]
        out_cols.append(Column("drug", "drug"))
        used.append(files[rx_name].name)
        done += 1
    elif rx_name:
        missing.append(rx_name)
    if progress:
        progress("merged", steps, steps)
    types = {"person_id": pa.int64(), "sex": pa.string(), "drug": pa.string()}
    table = pa.table({k: pa.array(v, type=types.get(k, pa.float64())) for k, v in columns.items()})
    summary = {
        "kind": "nhanes",
        "path": str(folder),
        "cycle": spec["years"],
        "files": used,
        "missing_files": missing,
        "weight": fields["weight"]["column"] if "weight" in fields else None,
        "variables": {n: f"{f['file']}.{f['column']}" for n, f in fields.items()},
        "sources": list(layout.sources),
    }
    return table, tuple(out_cols), summary
