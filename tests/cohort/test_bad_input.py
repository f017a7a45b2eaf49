"""Bad input is refused with one message naming what was wrong and what is allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from b12.cli.main import app
from b12.errors import InputError
from tests.cohort.conftest import run, write_csv


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "c.csv", [{"b12": "300", "sex": "x", "age": "50"}])


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"maps": ["nope=b12_total:pg/mL"]}, ["no column 'nope'", "the file has b12, sex, age"]),
    ({"maps": ["b12=b12_total:mg/dL"]}, ["b12_total does not take the unit", "pmol/L"]),
    ({"maps": ["b12=b12_total"]}, ["needs the column's unit", "allowed units"]),
    ({"maps": ["b12=vitamin_q:pg/mL"]}, ["unknown field 'vitamin_q'", "b12_total"]),
    ({"maps": ["age=age"]}, ["no B12 column"]),
    ({"maps": ["b12=b12_total:pg/mL", "sex=sex"]}, ["sex 'x' is not one of female, male"]),
    ({"maps": ["b12=b12_total:pg/mL"], "group_by": ["sex"]}, ["needs a sex column"]),
    ({"maps": ["b12=b12_total:pg/mL"], "group_by": ["statins"]}, ["unknown field", "ppi"]),
    ({"maps": ["b12=b12_total:pg/mL", "age=age"], "group_by": ["age_band"]}, ["--age-bands"]),
    ({"maps": ["b12=b12_total:pg/mL"], "age_bands": "65,50"}, ["rise"]),
    ({"maps": ["b12=b12_total:pg/mL"], "choices": {"hypomagnesaemia": "us-0-6"}},
     ["reads only mma_upper_limit"]),
    ({"maps": ["b12=b12_total:pg/mL"], "engine": "sqlite"}, ["allowed: duckdb, spark"]),
    ({"maps": ["b12=b12_total:pg/mL"], "guideline": "who"}, ["unknown guideline"]),
    ({"maps": ["b12=b12_total:pg/mL"], "out": Path("no-such-folder-b12/x.parquet")}, ["no folder"]),
])  # fmt: skip
def test_bad_options_are_refused_clearly(
    csv_file: Path, kwargs: dict[str, Any], words: list[str]
) -> None:
    with pytest.raises(InputError) as err:
        run([csv_file], **kwargs)
    for word in words:
        assert word in str(err.value)


def test_a_folder_that_is_not_nhanes_and_a_wrong_file_type(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no NHANES files of a known cycle"):
        run([tmp_path])
    (tmp_path / "DEMO_H.XPT").write_bytes(b"")
    with pytest.raises(InputError, match=r"VITB12_H\.XPT is missing"):
        run([tmp_path])
    with pytest.raises(InputError, match="not a CSV or Parquet"):
        run([tmp_path / "x.xlsx"], maps=["b=b12_total:pg/mL"])


def test_a_value_that_is_not_a_number(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", [{"b12": "low"}])
    with pytest.raises(InputError, match="not a number"):
        run([path], maps=["b12=b12_total:pg/mL"])


def test_the_cli_prints_one_line_and_exits_2(csv_file: Path) -> None:
    result = CliRunner().invoke(
        app, ["cohort", "screen", str(csv_file), "--map", "b12=b12:furlongs"]
    )
    assert result.exit_code == 2
    said = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "does not take the unit 'furlongs'" in said and "Traceback" not in said


def test_the_cli_table_and_json(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ok.csv", [{"b12": "100", "w": "2"}, {"b12": "400", "w": "6"}])
    args = ["cohort", "screen", str(path), "--map", "b12=b12_total:pg/mL", "--map", "w=weight"]
    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "everyone" in table.output and "25.0%" in table.output and "75.0%" in table.output
    as_json = CliRunner().invoke(app, [*args, "--json"])
    assert '"weighted_prevalence": 0.25' in as_json.output
