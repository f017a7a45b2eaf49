"""A new user's record from the command line, then `b12 assess --profile`: the diary
answers what it holds, and the questionnaire asks only the rest."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.diary.test_diary_cli import ok, run


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def build_record(home: Path) -> None:
    ok(home, "profile", "add", "Ana", "--age", "67", "--sex", "female", "--diet", "omnivore",
       "--condition", "type_2_diabetes")  # fmt: skip
    ok(home, "med", "add", "metformin", "--dose", "1000 mg twice a day", "--started", "2018-03")
    ok(home, "med", "add", "Nexium", "--dose", "20 mg", "--started", ago(400))
    ok(home, "med", "add", "simvastatin", "--dose", "40 mg", "--started", "2015")
    ok(home, "log", "lab", "b12_total=180 pg/mL", "--date", ago(30))
    ok(home, "log", "lab", "mcv=103 fL", "--date", ago(30))
    for d in range(1, 8):
        ok(home, "log", "food", "1 cup almond milk", "--food-id", "sr28:14091",
           "--at", f"{ago(d)}T08:00")  # fmt: skip
        ok(home, "log", "food", "1 large egg", "--food-id", "sr28:01123", "--at", f"{ago(d)}T13:00")
        ok(home, "log", "cramp", "--location", "calf", "--timing", "night",
           "--duration", "3m", "--at", f"{ago(d)}T03:00")  # fmt: skip
    ok(home, "log", "symptom", "paresthesia", "--at", f"{ago(2)}T10:00")


@pytest.fixture(scope="module")
def built_home(tmp_path_factory: pytest.TempPathFactory, fixture_home: Path) -> Path:
    """A home with Ana's record, built once through the CLI for this module."""
    home = tmp_path_factory.mktemp("record")
    shutil.copy(fixture_home / "foods.sqlite3", home / "foods.sqlite3")
    build_record(home)
    return home


@pytest.fixture
def ana_home(built_home: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ana"
    shutil.copytree(built_home, target)
    return target


def test_assess_from_the_record_asks_only_what_it_lacks(ana_home: Path) -> None:
    home = ana_home
    # Answer every question the questionnaire still asks with "?" (don't know).
    proc = run(home, "assess", "--profile", "Ana", "--ask", stdin="?\n" * 40)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for held in ("How old are you", "Which medicines", "Where are the cramps",
                 "When do they come", "Any lab results", "Which best describes your diet",
                 "Do you have muscle cramps", "Do you have any of these conditions"):  # fmt: skip
        assert held not in out, f"asked {held!r} although the record holds it"
    assert "Any of these?" in out  # exposures: not in the record, so asked
    assert "From Ana's record" in out
    assert "180 pg/mL" in out and "metformin" in out.lower()


def test_the_ranked_causes_use_the_diary_and_equal_the_same_case_from_a_file(
    ana_home: Path, tmp_path: Path
) -> None:
    home = ana_home
    result: dict[str, Any] = ok(home, "assess", "--profile", "Ana", "--no-ask", "--json")
    record = result.pop("record")
    case = record["case"]
    assert [m["name"] for m in case["medications"]] == ["metformin", "esomeprazole",
                                                        "simvastatin"]  # fmt: skip
    assert case["medications"][0]["dose_mg_per_day"] == 2000
    assert {lab["test"] for lab in case["labs"]} == {"b12_total", "mcv"}
    assert case["cramps"]["locations"] == ["calf"] and case["cramps"]["timing"] == ["night"]
    assert case["intake"]["days_logged"] == 7
    assert {d["field"] for d in record["derived"]} >= {"labs[0]", "cramps", "intake"}
    assert result["b12_status"]["category"] == "indeterminate"
    risks = {r["code"] for r in result["risk_factors"]}
    assert {"metformin", "proton_pump_inhibitor"} <= risks
    b12 = next(c for c in result["cramp_causes"] if c["cause"] == "b12_deficiency")
    assert any("diary" in e for e in b12["evidence_for"] + b12["evidence_against"])

    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    assert ok(home, "assess", str(path), "--json") == result


def test_an_empty_record_is_assessed_and_says_what_is_missing(home: Path) -> None:
    ok(home, "profile", "add", "New", "--age", "40")
    out = ok(home, "assess", "--profile", "New", "--no-ask")
    assert "Not in the record" in out and "no recent lab results" in out


def test_a_case_file_and_a_profile_together_are_refused(home: Path, tmp_path: Path) -> None:
    ok(home, "profile", "add", "New", "--age", "40")
    proc = run(home, "assess", "case.json", "--profile", "New")
    assert proc.returncode == 2 and "not both" in proc.stderr


def test_medicines_from_the_command_line(home: Path) -> None:
    ok(home, "profile", "add", "Bo", "--age", "50")
    added = ok(home, "med", "add", "Losec", "--dose", "20 mg daily", "--started", "2024",
               "--json")  # fmt: skip
    assert added["generic"] == "omeprazole" and added["drug_class"] == "proton_pump_inhibitor"
    assert added["dose_mg_per_day"] == 20 and added["started"] == "2024-01-01"
    stopped = ok(home, "med", "stop", str(added["id"]), "--on", ago(3), "--improved", "--json")
    assert stopped["stopped"] == ago(3) and stopped["improved_after_stopping"] is True
    edited = ok(home, "med", "edit", str(added["id"]), "--clear", "dose", "--json")
    assert edited["dose_text"] is None and edited["dose_mg_per_day"] is None
    unknown = run(home, "med", "add", "omeprazol")
    assert unknown.returncode == 0 and "Did you mean omeprazole?" in unknown.stderr
    assert [m["name"] for m in ok(home, "med", "list", "--json")] == ["Losec", "omeprazol"]
    for bad, message in (
        (("med", "add", "x", "--dose", "lots"), "cannot read the dose"),
        (("med", "add", "x", "--started", "2999"), "in the future"),
        (("med", "add", "x", "--started", "2024-02-30"), "cannot read the date"),
        (("med", "edit", "99", "--name", "y"), "no medicine with id 99"),
        (("med", "edit", str(added["id"]), "--clear", "colour"), "allowed:"),
    ):
        proc = run(home, *bad)
        assert proc.returncode == 2 and message in proc.stderr, (bad, proc.stderr)
    ok(home, "med", "delete", str(added["id"]))
    assert [m["name"] for m in ok(home, "med", "list", "--json")] == ["omeprazol"]
