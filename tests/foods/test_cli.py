"""The `b12 foods` and `b12 data` commands as a user runs them (fixture data)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from b12.cli.main import app, run

runner = CliRunner()
UsePath = Callable[[Path], None]


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """Run the real console entry (errors → one line, exit code 2)."""
    monkeypatch.setattr(sys, "argv", ["b12", *args])
    with pytest.raises(SystemExit) as stop:
        run()
    return int(stop.value.code or 0)


def test_search_json_follows_the_contract(fixture_home: Path, use_home: UsePath) -> None:
    use_home(fixture_home)
    hits = json.loads(invoke("foods", "search", "clams", "cooked", "--json", "--limit", "3"))
    assert hits[0] == {
        "id": "sr28:15159",
        "name": "Mollusks, clam, mixed species, cooked, moist heat",
        "source": "sr28",
        "group": "Finfish and Shellfish Products",
        "b12_per_100g": 98.89,
        "b12_added_per_100g": None,
    }


def test_show_json_with_an_amount(fixture_home: Path, use_home: UsePath) -> None:
    use_home(fixture_home)
    food = json.loads(invoke("foods", "show", "sr28:13327", "--amount", "3 oz", "--json"))
    assert food["nutrients_per_100g"]["b12"] == {"value": 83.13, "unit": "ug"}
    assert food["nutrients_per_100g"]["b12_added"] == {"value": 0.0, "unit": "ug"}
    assert food["nutrients_per_100g"]["potassium"]["unit"] == "mg"
    assert food["nutrients_per_100g"]["selenium"] is None  # not reported: null, never 0
    assert food["portions"] == [{"description": "1 slice", "grams": 81.0}]
    assert food["amount"]["text"] == "3 oz"
    assert food["amount"]["grams"] == 85.05
    assert food["amount"]["nutrients"]["b12"] == {"value": 70.7, "unit": "ug"}


def test_show_without_amount_has_no_amount_key(fixture_home: Path, use_home: UsePath) -> None:
    use_home(fixture_home)
    food = json.loads(invoke("foods", "show", "sr28:11979", "--json"))
    assert "amount" not in food
    assert food["nutrients_per_100g"]["b12"] is None


def test_tables_are_the_default_output(fixture_home: Path, use_home: UsePath) -> None:
    use_home(fixture_home)
    assert "sr28:15159" in invoke("foods", "search", "clam")
    shown = invoke("foods", "show", "sr28:13327", "--amount", "3 oz")
    assert "70.7" in shown and "83.13" in shown and "1 slice" in shown
    top = invoke("foods", "top", "--diet", "vegan", "--per", "serving")
    assert "sr28:08029" in top and "sr28:13327" not in top


def test_top_json_carries_added_b12_and_the_reason(fixture_home: Path, use_home: UsePath) -> None:
    use_home(fixture_home)
    entries = json.loads(invoke("foods", "top", "--nutrient", "b12", "--diet", "vegan", "--json"))
    assert entries and all({"b12_added", "reason", "per", "grams"} <= set(e) for e in entries)
    assert all(e["diet"] == "vegan" for e in entries)


def test_data_import_prints_a_summary_and_status_reads_it(
    tmp_path: Path, fixture_data: Path, use_home: UsePath
) -> None:
    use_home(tmp_path)
    out = invoke("data", "import", "--source", str(fixture_data))
    assert "sr28" in out and "fndds" in out and "18" in out
    status = json.loads(invoke("data", "status", "--json"))
    assert {s["source"]: s["foods"] for s in status["sources"]} == {"sr28": 18, "fndds": 14}
    again = json.loads(invoke("data", "import", "--source", str(fixture_data), "--json"))
    assert {s["source"]: s["foods"] for s in again["sources"]} == {"sr28": 18, "fndds": 14}


def test_an_unresolvable_amount_is_one_line_listing_the_portions(
    fixture_home: Path,
    use_home: UsePath,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_home(fixture_home)
    code = run_main(monkeypatch, "foods", "show", "sr28:13327", "--amount", "1 bowl")
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: amount: ") and err.count("\n") == 1
    assert "1 slice (81 g)" in err


def test_a_missing_index_tells_how_to_build_it(
    tmp_path: Path,
    use_home: UsePath,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_home(tmp_path)
    assert run_main(monkeypatch, "foods", "search", "milk") == 2
    assert "b12 data import --source DIR" in capsys.readouterr().err


def test_import_without_a_folder_says_where_to_get_one(
    tmp_path: Path,
    use_home: UsePath,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("B12_DATA_DIR", raising=False)
    use_home(tmp_path)
    assert run_main(monkeypatch, "data", "import") == 2
    assert "--source DIR" in capsys.readouterr().err


def test_bad_options_are_one_line_errors(
    fixture_home: Path,
    use_home: UsePath,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_home(fixture_home)
    assert run_main(monkeypatch, "foods", "top", "--diet", "paleo") == 2
    assert "omnivore, pescatarian, vegetarian, vegan" in capsys.readouterr().err
    assert run_main(monkeypatch, "foods", "show", "sr28:00000") == 2
    assert "sr28:00000" in capsys.readouterr().err


def test_status_before_any_import_says_nothing_is_imported(
    tmp_path: Path, use_home: UsePath
) -> None:
    use_home(tmp_path)
    out = invoke("data", "status")
    assert out.startswith("Nothing is imported yet")
    assert json.loads(invoke("data", "status", "--json"))["sources"] == []
    assert not (tmp_path / "foods.sqlite3").exists()  # asking did not build an index


def test_the_food_index_is_private(fixture_home: Path) -> None:
    index = fixture_home / "foods.sqlite3"
    assert index.stat().st_mode & 0o777 == 0o600
