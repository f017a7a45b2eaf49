"""The diary as a user keeps it: `b12` commands on a fresh home (SQLite), in-process."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.in_process import Ran, b12


def run(home: Path, *args: str, stdin: str | None = None, columns: int = 160) -> Ran:
    env = {"B12_HOME": str(home), "COLUMNS": str(columns)}
    return b12(*args, env={**env, "B12_DATABASE_URL": None, "B12_PROFILE": None}, stdin=stdin or "")


def ok(home: Path, *args: str) -> Any:
    proc = run(home, *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout) if "--json" in args else proc.stdout


def test_a_vegan_week_of_fortified_servings(home: Path) -> None:
    ok(home, "profile", "add", "Ana", "--age", "34", "--sex", "female", "--diet", "vegan")
    for day in range(17, 24):
        ok(home, "log", "food", "1 cup soy milk", "--food-id", "fndds:11320100",
           "--at", f"2026-11-{day}T08:00")  # fmt: skip
        ok(home, "log", "food", "1 cup soy milk", "--food-id", "fndds:11320100",
           "--at", f"2026-11-{day}T14:00")  # fmt: skip
    ok(home, "log", "drink", "1.5", "L", "--at", "2026-11-17T10:00")
    report = ok(home, "intake", "--from", "2026-11-17", "--to", "2026-11-23", "--json")
    days = report["days"]
    assert len(days) == 7 and all(d["logged"] for d in days)
    first = days[0]["b12"]
    eaten = first["eaten_ug"]
    assert eaten["food_fortified"] > 0 and eaten["oral_total"] > 0
    absorbed = first["absorbed_ug"]
    assert 0 < absorbed["central"] < eaten["oral_total"]
    assert absorbed["low"] <= absorbed["central"] <= absorbed["high"]
    text = ok(home, "intake", "--from", "2026-11-17", "--to", "2026-11-23")
    assert "likely absorbed" in text


def test_one_serving_versus_two_hours_apart(home: Path) -> None:
    ok(home, "profile", "add", "Ben", "--age", "40")
    ok(home, "log", "supplement", "--dose", "5ug", "--at", "2026-11-20T08:00")
    ok(home, "log", "supplement", "--dose", "2.5ug", "--at", "2026-11-21T08:00")
    ok(home, "log", "supplement", "--dose", "2.5ug", "--at", "2026-11-21T14:00")
    days = ok(home, "intake", "--from", "2026-11-20", "--to", "2026-11-21", "--json")["days"]
    once, split = (d["b12"]["absorbed_ug"]["central"] for d in days)
    assert split > once * 1.5  # the second dose hours later is absorbed independently
    assert days[0]["advice"], "one 5 ug dose should come with re-timing advice"


def test_missing_b12_is_counted_not_zero(home: Path) -> None:
    ok(home, "profile", "add", "Cy", "--age", "50")
    # jalapeno, raw: SR28 reports no B12 for it (missing, not 0)
    entry = ok(home, "log", "food", "100 g jalapeno", "--food-id", "sr28:11979",
               "--at", "2026-11-20T12:00", "--json")  # fmt: skip
    assert entry["nutrients"]["b12"] is None
    day = ok(home, "intake", "--from", "2026-11-20", "--to", "2026-11-20", "--json")["days"][0]
    assert day["b12"]["foods_missing_b12"] == 1
    assert "no B12 value" in ok(home, "intake", "--from", "2026-11-20", "--to", "2026-11-20")


def test_ambiguous_food_lists_candidates_instead_of_guessing(home: Path) -> None:
    ok(home, "profile", "add", "Di", "--age", "30")
    proc = run(home, "log", "food", "1 cup milk")
    assert proc.returncode == 2
    assert "several foods match 'milk'" in proc.stderr and "--food-id" in proc.stderr
    assert ok(home, "log", "list", "--json") == []


def test_log_list_edit_delete_and_labs(home: Path) -> None:
    ok(home, "profile", "add", "Eve", "--age", "45")
    saved = ok(home, "log", "cramp", "--location", "calf", "--timing", "night",
               "--duration", "5m", "--severity", "6", "--json")  # fmt: skip
    ok(home, "log", "symptom", "paresthesia")
    lab = ok(home, "log", "lab", "b12_total=250 pg/mL", "--date", "2026-11-01", "--json")
    assert lab["lab"] == {"test": "b12_total", "value": 250.0, "unit": "pg/mL"}
    ok(home, "log", "edit", str(saved["id"]), "--severity", "8")
    entries = ok(home, "log", "list", "--days", "60", "--json")
    assert {e["kind"] for e in entries} == {"cramp", "symptom", "lab"}
    assert next(e for e in entries if e["kind"] == "cramp")["severity"] == 8
    ok(home, "log", "delete", str(saved["id"]))
    assert len(ok(home, "log", "list", "--days", "60", "--json")) == 2
    timeline = ok(home, "timeline", "--days", "60", "--json")
    assert any(row["labs"] for row in timeline)


def test_timeline_text_keeps_a_censored_results_comparator(home: Path) -> None:
    ok(home, "profile", "add", "Gil", "--age", "50")
    ok(home, "log", "lab", "egfr=>90 mL/min/{1.73_m2}")
    shown = run(home, "timeline", "--days", "3")
    assert shown.returncode == 0, shown.stderr
    assert "egfr >90 mL/min" in shown.stdout


def test_bad_diary_input_is_one_clear_line(home: Path) -> None:
    ok(home, "profile", "add", "Flo", "--age", "60")
    for args, needle in [
        (["log", "supplement", "--dose", "lots"], "cannot read the dose"),
        (["log", "drink", "3", "buckets"], "cannot read the volume"),
        (["log", "cramp", "--location", "ear"], "--location: allowed"),
        (["log", "lab", "potassium=4 mg/dL"], "allowed units: mmol/L, meq/L"),
        (["log", "symptom", "sadness"], "unknown symptom"),
        (["log", "delete", "999"], "999"),
        (["intake", "--profile", "Nobody"], "no profile named 'Nobody'"),
    ]:
        proc = run(home, *args)
        assert proc.returncode != 0, args
        assert "Traceback" not in proc.stderr
        assert needle in proc.stderr, (args, proc.stderr)


def test_export_then_import_gives_back_the_same_diary(home: Path, tmp_path: Path) -> None:
    ok(home, "profile", "add", "Gus", "--age", "70", "--diet", "vegetarian")
    ok(
        home,
        "log",
        "food",
        "1 cup whole milk",
        "--food-id",
        "sr28:01077",
        "--at",
        "2026-11-20T08:00",
    )
    ok(home, "log", "supplement", "--dose", "1000ug", "--at", "2026-11-20T09:00")
    ok(home, "log", "lab", "mma=620 nmol/L (<280)", "--date", "2026-11-19")
    exported = tmp_path / "diary.json"
    ok(home, "export", str(exported))
    other = tmp_path / "other-home"
    other.mkdir()
    ok(other, "import", str(exported))
    again = tmp_path / "again.json"
    ok(other, "export", str(again))
    assert json.loads(exported.read_text()) == json.loads(again.read_text())
    proc = run(other, "import", str(exported))
    assert proc.returncode == 2 and "Gus" in proc.stderr


def test_log_list_says_what_lies_outside_its_days(home: Path) -> None:
    ok(home, "profile", "add", "Ida", "--age", "52")
    ok(home, "log", "lab", "b12_total=250 pg/mL", "--date", "2025-01-10")
    ok(home, "log", "symptom", "paresthesia")
    shown = ok(home, "log", "list")
    assert "1 more entry outside these days" in shown and "2025-01-10" in shown
    assert "--from" in shown


def test_intake_reads_at_80_columns_with_one_spelling_of_micrograms(home: Path) -> None:
    ok(home, "profile", "add", "Jo", "--age", "34", "--sex", "female", "--diet", "vegan")
    ok(home, "log", "supplement", "--dose", "250ug")
    ok(home, "log", "drink", "500", "mL")
    shown = run(home, "intake", "--days", "3", columns=80)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    assert "…" not in shown.stdout  # nothing cut short
    assert "µg" in shown.stdout and " ug" not in shown.stdout


def test_the_diary_and_its_folder_are_private_after_a_fresh_start(tmp_path: Path) -> None:
    """Only the user who runs b12 can read what it keeps about them (0600 files, 0700
    folders), whatever the umask."""
    home = tmp_path / "fresh-home"
    old = os.umask(0o022)
    try:
        ok(home, "profile", "add", "Kim", "--age", "40")
        ok(home, "log", "drink", "500", "mL")
    finally:
        os.umask(old)
    mode = {p.name: p.stat().st_mode & 0o777 for p in [home, *home.iterdir()]}
    assert mode["fresh-home"] == 0o700
    assert mode["diary.sqlite3"] == 0o600
    assert mode["current-profile"] == 0o600
    assert all(m == 0o600 for name, m in mode.items() if name.startswith("diary.sqlite3-"))


def test_an_import_that_could_not_have_been_entered_writes_nothing(home: Path) -> None:
    """b12 import checks every value as if it had been typed; one bad value and nothing is
    written, with the value named."""
    ok(home, "profile", "add", "Lee", "--age", "50")
    ok(home, "log", "lab", "b12_total=250 pg/mL", "--date", "2026-11-01")
    good = ok(home, "export", "-")
    document = json.loads(good)
    bad_docs = []
    for change, needle in [
        (lambda p: p.update(age=5), "under 16"),
        (lambda p: p.update(sex="male", pregnant=True), "pregnant is true but sex is male"),
        (lambda p: p["entries"][0]["lab"].update(value=-5, unit="furlongs"), "furlongs"),
    ]:
        doc = json.loads(good)
        doc["profiles"][0]["name"] = "New"
        change(doc["profiles"][0])
        bad_docs.append((doc, needle))
    food = json.loads(good)
    food["profiles"][0]["name"] = "New"
    food["profiles"][0]["entries"].append({
        "kind": "food", "at": "2026-11-02T08:00:00+00:00", "food_id": "sr28:01077",
        "food_name": "Milk", "amount_text": "a lot", "grams": 1e12, "nutrients": {},
    })  # fmt: skip
    bad_docs.append((food, "at most 10000"))
    for doc, needle in bad_docs:
        proc = run(home, "import", "-", stdin=json.dumps(doc))
        assert proc.returncode == 2 and needle in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    assert [p["name"] for p in ok(home, "profile", "list", "--json")] == ["Lee"]
    assert document["profiles"][0]["name"] == "Lee"
