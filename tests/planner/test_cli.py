"""`b12 plan` from the command line: the --json shape of issue 16, the readable week, and
--log, after which `b12 intake` for that day agrees with the plan to the rounding."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from b12.cli.main import app

pytestmark = pytest.mark.realdata


@pytest.fixture
def home(tmp_path: Path, real_home: Path, use_home: Callable[[Path], None]) -> Path:
    shutil.copy(real_home / "foods.sqlite3", tmp_path / "foods.sqlite3")
    use_home(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["profile", "add", "Ana", "--age", "34", "--sex", "female",
                                 "--diet", "vegan"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return tmp_path


def test_json_shape_log_and_intake_agree(home: Path) -> None:
    runner = CliRunner()
    args = ["plan", "--days", "1", "--start", "2026-03-02", "--json", "--log", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    (day,) = plan["days"]
    item = day["meals"][0]["items"][0]
    assert set(item) >= {"food_id", "name", "amount", "grams"}
    assert set(day["totals"]) >= {
        "energy_kcal", "b12_eaten_ug", "b12_absorbed_ug", "potassium_mg", "magnesium_mg",
        "calcium_mg", "sodium_mg", "water_ml",
    }  # fmt: skip
    assert set(day["totals"]["b12_absorbed_ug"]) == {"low", "central", "high"}
    assert all(set(s) >= {"time", "dose_ug"} for s in day["supplements"])
    assert set(plan["targets"]) >= {"b12_absorbed_ug", "energy_kcal", "potassium_mg"}
    assert isinstance(plan["unmet"], list)
    assert "not a prescription" in plan["disclaimer"]
    intake = runner.invoke(app, ["intake", "--from", "2026-03-02", "--to", "2026-03-02", "--json"])
    assert intake.exit_code == 0, intake.output
    logged = json.loads(intake.stdout)["days"][0]
    totals = day["totals"]
    assert logged["b12"]["absorbed_ug"] == totals["b12_absorbed_ug"]
    assert logged["b12"]["eaten_ug"]["oral_total"] == totals["b12_eaten_ug"]
    assert logged["potassium"]["amount"] == totals["potassium_mg"]
    assert logged["sodium"]["amount"] == totals["sodium_mg"]
    assert round(logged["fluids"]["total_l"] * 1000) == totals["water_ml"]
    n_items = sum(len(m["items"]) for m in day["meals"]) + len(day["supplements"])
    assert logged["foods"] == n_items - len(day["supplements"])


def test_readable_week_and_bad_input(home: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["plan", "--days", "2", "--start", "2026-03-02"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Day 1" in out and "Day 2" in out and "Breakfast 08:00" in out
    assert "absorbed" in out and "not a prescription" in out and "Sources:" in out
    # the message is the exception, or the one line the CLI prints for it on stderr
    bad = runner.invoke(app, ["plan", "--diet", "paleo"])
    assert bad.exit_code != 0 and "diet" in f"{bad.exception} {bad.output}"
    bad_log = runner.invoke(app, ["plan", "--days", "2", "--log", "3"])
    assert bad_log.exit_code != 0 and "--log" in f"{bad_log.exception} {bad_log.output}"
