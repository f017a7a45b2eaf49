"""Boundary values land in the band the personal reader gives, in every unit."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from b12.core.labs import ReadingOptions, interpret_lab
from b12.core.models import LabInput
from b12.core.units import convert
from b12.knowledge import load_knowledge
from tests.cohort.conftest import run, write_csv

BOUNDARIES = [  # (value, unit, guideline, band)
    (132.9, "pmol/L", "nice-ng239", "deficiency_confirmed"),
    (133, "pmol/L", "nice-ng239", "indeterminate"),
    (258, "pmol/L", "nice-ng239", "indeterminate"),
    (258.1, "pmol/L", "nice-ng239", "deficiency_unlikely"),
    (179.9, "pg/mL", "nice-ng239", "deficiency_confirmed"),
    (180, "pg/mL", "nice-ng239", "indeterminate"),
    (350, "pg/mL", "nice-ng239", "indeterminate"),
    (350.1, "pg/mL", "nice-ng239", "deficiency_unlikely"),
    (0.18, "ng/mL", "nice-ng239", "indeterminate"),
    (147.9, "pmol/L", "bsh-2014", "deficiency_confirmed"),
    (148, "pmol/L", "bsh-2014", "indeterminate"),
    (200, "ng/L", "bsh-2014", "indeterminate"),
]


@pytest.mark.parametrize(("unit", "guideline"), [
    ("pmol/L", "nice-ng239"), ("pg/mL", "nice-ng239"), ("ng/mL", "nice-ng239"),
    ("pmol/L", "bsh-2014"), ("ng/L", "bsh-2014"),
])  # fmt: skip
def test_boundaries_fall_in_the_same_band_as_b12_labs_interpret(
    tmp_path: Path, unit: str, guideline: str
) -> None:
    cases = [c for c in BOUNDARIES if c[1] == unit and c[2] == guideline]
    assert cases
    rows = [{"id": str(i), "b12": str(v)} for i, (v, *_rest) in enumerate(cases)]
    out = tmp_path / "flags.parquet"
    run([write_csv(tmp_path / "b.csv", rows)], maps=["id=person_id", f"b12=b12_total:{unit}"],
        guideline=guideline, out=out)  # fmt: skip
    got = {r["person_id"]: r["category"] for r in pq.read_table(out).to_pylist()}
    knowledge = load_knowledge()
    for i, (value, _unit, _g, band) in enumerate(cases):
        personal = interpret_lab(
            LabInput(test="b12_total", value=value, unit=unit), knowledge,
            ReadingOptions(guideline=guideline),
        ).category  # fmt: skip
        assert (got[str(i)], personal) == (band, band), (value, unit)


def test_mma_creatinine_and_their_qualifiers_follow_the_personal_status(tmp_path: Path) -> None:
    rows = [  # MMA 280 is not above the default upper limit; 281 is
        {"id": "a", "b12": "300", "mma": "280", "cr": "", "sex": "f"},
        {"id": "b", "b12": "300", "mma": "281", "cr": "", "sex": "F"},
        {"id": "c", "b12": "300", "mma": "0.5", "cr": "1.3", "sex": "male"},  # 115 umol/L
        {"id": "d", "b12": "400", "mma": "0.5", "cr": "1.1", "sex": "male"},  # 97 umol/L
        {"id": "e", "b12": "100", "mma": "", "cr": "", "sex": ""},
    ]
    units = {"a": "nmol/L", "b": "nmol/L"}
    assert units
    path = write_csv(tmp_path / "m.csv", rows)
    out = tmp_path / "o.parquet"
    # one unit per column: a and b are nmol/L values, c and d are read as nmol/L too, so
    # 0.5 is a normal MMA and the creatinine decides nothing for them
    result = run([path], maps=["id=person_id", "b12=b12_total:pg/mL", "mma=mma:nmol/L",
                               "cr=creatinine:mg/dL", "sex=sex"], out=out)  # fmt: skip
    got = {r["person_id"]: r for r in pq.read_table(out).to_pylist()}
    assert [got[k]["mma_raised"] for k in "abcde"] == [False, True, False, False, None]
    assert got["b"]["qualifiers"] == ["mma_supports_deficiency", "kidney_function_unknown"]
    assert got["c"]["kidney"] == "impaired" and got["d"]["kidney"] == "normal"
    assert got["e"]["category"] == "deficiency_confirmed" and got["e"]["qualifiers"] == []
    assert "nice-ng239" in got["e"]["sources"]
    assert result["groups"][0]["mma_raised"]["count"] == 1
    assert convert(1.3, "mg/dL", "umol/L", load_knowledge().lab_tests["creatinine"]) > 104


def test_a_raised_mma_with_reduced_kidney_function_is_not_read_as_deficiency(
    tmp_path: Path,
) -> None:
    rows = [{"b12": "300", "mma": "500", "egfr": "40"}, {"b12": "300", "mma": "500", "egfr": "75"}]
    out = tmp_path / "o.parquet"
    maps = ["b12=b12_total:pg/mL", "mma=mma:nmol/L", "egfr=egfr:mL/min/1.73m2"]
    run([write_csv(tmp_path / "k.csv", rows)], maps=maps, out=out)
    quals = sorted(tuple(r["qualifiers"]) for r in pq.read_table(out).to_pylist())
    assert quals == [("mma_supports_deficiency",), ("mma_uninterpretable_renal",)]


def test_medicine_names_combinations_and_unknown_codes(tmp_path: Path) -> None:
    rows = [
        {"b12": "300", "drugs": "GLIPIZIDE; METFORMIN"},
        {"b12": "300", "drugs": "Dexlansoprazole"},
        {"b12": "300", "drugs": "ARIPIPRAZOLE"},
        {"b12": "300", "drugs": ""},
        {"b12": "300", "drugs": "LISINOPRIL; 99999"},
        {"b12": "300", "drugs": "Glucophage SR"},
    ]
    out = tmp_path / "o.parquet"
    run([write_csv(tmp_path / "d.csv", rows)], maps=["b12=b12_total:pg/mL", "drugs=drug"],
        group_by=["metformin", "ppi"], out=out)  # fmt: skip
    flags = [(r["med_metformin"], r["med_ppi"]) for r in pq.read_table(out).to_pylist()]
    assert sorted(flags, key=repr) == sorted(
        [(True, False), (False, True), (False, False), (False, False), (None, None),
         (True, False)], key=repr)  # fmt: skip


def test_age_bands_and_crossed_splits(tmp_path: Path) -> None:
    rows = [{"b12": "300", "age": a, "sex": s} for a, s in
            [("39", "f"), ("40", "f"), ("59.5", "m"), ("60", "m"), ("", "m")]]  # fmt: skip
    result = run([write_csv(tmp_path / "a.csv", rows)],
                 maps=["b12=b12_total:pg/mL", "age=age", "sex=sex"], age_bands="40,60",
                 group_by=["age_band", "sex,age_band"])  # fmt: skip
    by = [(g["by"], g["n"]) for g in result["groups"]]
    assert by == [
        ({}, 5), ({"age_band": "<40"}, 1), ({"age_band": "40-59"}, 2), ({"age_band": "60+"}, 1),
        ({"age_band": None}, 1),
        ({"sex": "female", "age_band": "<40"}, 1), ({"sex": "female", "age_band": "40-59"}, 1),
        ({"sex": "male", "age_band": "40-59"}, 1), ({"sex": "male", "age_band": "60+"}, 1),
        ({"sex": "male", "age_band": None}, 1),
    ]  # fmt: skip
    assert result["groups"][0]["b12_status"]["indeterminate"]["weighted_prevalence"] is None
