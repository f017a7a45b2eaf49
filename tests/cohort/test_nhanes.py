"""NHANES 2013-2014 screened, checked against an independent computation.

The expected figures are computed here with pandas' own SAS reader (``pd.read_sas``), the
NICE NG239 numbers as printed (below 180 ng/L confirmed, above 350 unlikely; MMA above
280 nmol/L raised) and the generic names of metformin and the PPIs written out, so a slip in
the knowledge-to-SQL compiler, the XPT reader or the medicine matching shows as a mismatch.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pyreadstat
import pytest

from b12.cohort.nhanes import read_nhanes, sas_zero
from b12.knowledge import load_knowledge
from tests.cohort.conftest import run, whole

pytestmark = pytest.mark.realdata

BANDS = ("deficiency_confirmed", "indeterminate", "deficiency_unlikely")
METFORMIN = {"metformin"}
PPI = {"omeprazole", "esomeprazole", "lansoprazole", "pantoprazole", "rabeprazole",
       "dexlansoprazole"}  # fmt: skip
UNKNOWN = {"55555", "77777", "99999"}


def _xpt(folder: Path, name: str) -> pd.DataFrame:
    frame = pd.read_sas(folder / f"{name}.XPT", format="xport")
    numbers = frame.select_dtypes("number")
    frame[numbers.columns] = numbers.mask(numbers.abs() < 1e-70, 0.0)  # the SAS zero quirk
    return frame


def _class_flags(folder: Path, names: set[str]) -> dict[int, bool | None]:
    rx = pd.read_csv(folder / "RXQ_RX_H.csv", encoding="latin-1", dtype=str)
    flags: dict[int, bool | None] = {}
    for seqn, rows in rx.groupby("SEQN"):
        found, unknown = False, False
        for use, drug in zip(rows["RXDUSE"], rows["RXDDRUG"].fillna(""), strict=True):
            if use in ("7", "9"):
                unknown = True
            elif use == "1":
                parts = {p.strip().lower() for p in drug.split(";")}
                found |= bool(parts & names)
                unknown |= bool(parts & UNKNOWN) or drug == ""
        flags[int(float(str(seqn)))] = True if found else (None if unknown else False)
    return flags


def _share(part: Decimal, whole: Decimal) -> float | None:
    return None if whole == 0 else float(part / whole)


def _summary(frame: pd.DataFrame) -> dict[str, Any]:
    weight = [Decimal(f"{w:.6f}") for w in frame["WTMEC2YR"]]
    frame = frame.assign(w=weight)
    with_mma = frame[frame["LBXMMASI"].notna()]
    raised = with_mma[with_mma["LBXMMASI"] > 280]
    return {
        "n": len(frame),
        "n_with_mma": len(with_mma),
        "b12_status": {
            band: {
                "count": int((frame["band"] == band).sum()),
                "weighted_prevalence": _share(
                    sum(frame.loc[frame["band"] == band, "w"], Decimal(0)),
                    sum(frame["w"], Decimal(0)),
                ),
            }
            for band in BANDS
        },
        "mma_raised": {
            "count": len(raised),
            "weighted_prevalence": _share(
                sum(raised["w"], Decimal(0)), sum(with_mma["w"], Decimal(0))
            ),
        },
    }


def _expected(folder: Path) -> list[dict[str, Any]]:
    demo = _xpt(folder, "DEMO_H")[["SEQN", "RIDAGEYR", "WTMEC2YR"]]
    b12 = _xpt(folder, "VITB12_H")[["SEQN", "LBDB12"]]
    mma = _xpt(folder, "MMA_H")[["SEQN", "LBXMMASI"]]
    people = demo.merge(b12, on="SEQN", how="left").merge(mma, on="SEQN", how="left")
    people = people[people["LBDB12"].notna()].copy()
    people["band"] = "indeterminate"
    people.loc[people["LBDB12"] < 180, "band"] = "deficiency_confirmed"
    people.loc[people["LBDB12"] > 350, "band"] = "deficiency_unlikely"
    seqn = people["SEQN"].astype(int)
    people["metformin"] = seqn.map(_class_flags(folder, METFORMIN))
    people["ppi"] = seqn.map(_class_flags(folder, PPI))
    people["age_band"] = ["<50" if a < 50 else "50+" for a in people["RIDAGEYR"]]
    groups = [{"by": {}, **_summary(people)}]
    for name, values in (("metformin", (False, True, None)), ("ppi", (False, True, None)),
                         ("age_band", ("<50", "50+"))):  # fmt: skip
        for value in values:
            if value is None:
                part = people[people[name].isna()]
            else:
                part = people[people[name].map(lambda v, value=value: v is value or v == value)]
                if isinstance(value, bool):
                    part = part[part[name].notna()]
            if len(part):
                groups.append({"by": {name: value}, **_summary(part)})
    return groups


@pytest.fixture(scope="module")
def duckdb_result(nhanes_dir: Path) -> dict[str, Any]:
    return run(
        [nhanes_dir],
        group_by=["metformin", "ppi", "age_band"],
        age_bands="50",
    )


def test_counts_and_weighted_prevalences_match_an_independent_computation(
    duckdb_result: dict[str, Any], nhanes_dir: Path
) -> None:
    assert duckdb_result["groups"] == _expected(nhanes_dir)


def test_the_cohort_is_the_one_the_data_readme_describes(duckdb_result: dict[str, Any]) -> None:
    # shared/data/README.md: 5,440 adults have both B12 and MMA; DEMO_H has 10,175 people
    assert whole(duckdb_result)["n_with_mma"] == 5440
    src = duckdb_result["source"]
    assert (src["rows"], src["with_b12"], src["cycle"], src["weight"]) == (
        10175, 5447, "2013-2014", "WTMEC2YR"
    )  # fmt: skip
    by = [g["by"] for g in duckdb_result["groups"]]
    assert {"metformin": None} in by  # people who did not know or refused a medicine name


def test_the_sas_zero_quirk_is_undone(nhanes_dir: Path) -> None:
    """pandas reads some stored zeros as 5.397605e-79; b12's reader gives 0."""
    quirky = pd.read_sas(nhanes_dir / "MMA_H.XPT", format="xport")["LBDMMALC"]
    tiny = quirky[(quirky > 0) & (quirky < 1e-70)]
    assert len(tiny) > 1000 and tiny.iloc[0] == pytest.approx(5.397605e-79)
    assert sas_zero([5.397605346934028e-79, -5.4e-79, 0.0, 1.0, float("nan"), None]) == [
        0.0, 0.0, 0.0, 1.0, None, None
    ]  # fmt: skip
    table, _, _ = read_nhanes(nhanes_dir, load_knowledge())
    ages = table.column("age").to_pylist()
    raw_ages = pd.read_sas(nhanes_dir / "DEMO_H.XPT", format="xport")["RIDAGEYR"]
    assert (raw_ages < 1e-70).sum() == ages.count(0.0) > 0  # infants aged 0, none tiny
    assert not any(a is not None and 0 < a < 1e-70 for a in ages)
    values, _ = pyreadstat.read_xport(str(nhanes_dir / "MMA_H.XPT"))
    assert (values["LBDMMALC"] == 0).sum() == len(tiny)


def test_combination_products_and_every_ppi_are_recognised(
    nhanes_dir: Path, tmp_path: Path
) -> None:
    table, _, _ = read_nhanes(nhanes_dir, load_knowledge())
    drugs = dict(zip(table.column("person_id").to_pylist(), table.column("drug").to_pylist(),
                     strict=True))  # fmt: skip

    out = tmp_path / "flags.parquet"
    run([nhanes_dir], group_by=["metformin", "ppi"], out=out)
    rows = {r["person_id"]: r for r in pq.read_table(out).to_pylist()}
    glipizide_metformin = next(
        str(p) for p, d in drugs.items() if d and "GLIPIZIDE; METFORMIN" in d
    )
    assert rows[glipizide_metformin]["med_metformin"] is True
    dexlansoprazole = [str(p) for p, d in drugs.items() if d and "DEXLANSOPRAZOLE" in d]
    screened = [p for p in dexlansoprazole if p in rows]
    assert screened and all(rows[p]["med_ppi"] is True for p in screened)
    aripiprazole_only = [str(p) for p, d in drugs.items() if d == "ARIPIPRAZOLE" and str(p) in rows]
    assert aripiprazole_only and all(rows[p]["med_ppi"] is False for p in aripiprazole_only)
    refused = [str(p) for p, d in drugs.items() if d in ("77777", "99999") and str(p) in rows]
    assert refused and all(rows[p]["med_metformin"] is None for p in refused)
