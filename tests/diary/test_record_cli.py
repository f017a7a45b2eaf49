"""A new user's record from the command line, then `b12 assess --profile` (the diary answers
what it holds, and the questionnaire asks only the rest) and `b12 report`, the clinician
report, whose PDF pages are kept as PNG in test-artifacts/report/."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.diary.test_diary_cli import ok, run

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "report"


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def build_record(home: Path) -> None:
    ok(home, "profile", "add", "Ana", "--age", "67", "--sex", "female", "--diet", "omnivore",
       "--condition", "type_2_diabetes")  # fmt: skip
    ok(home, "med", "add", "metformin", "--dose", "1000 mg twice a day", "--started", "2018-03")
    ok(home, "med", "add", "Nexium", "--dose", "20 mg", "--started", ago(400))
    ok(home, "med", "add", "simvastatin", "--dose", "40 mg", "--started", "2015")
    ok(home, "log", "lab", "b12_total=240 pg/mL (200-900)", "--date", ago(120))
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


# --- The clinician report -------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    poppler = shutil.which("pdftotext")
    assert poppler, "pdftotext (Debian poppler-utils) is needed: .ci/run installs it"
    return subprocess.run(
        [poppler, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {
        k.strip(): v.strip() for k, _, v in (ln.partition(":") for ln in out.stdout.splitlines())
    }


def keep_pages(pdf: Path, name: str) -> list[Path]:
    """The PDF's pages as PNG in test-artifacts/report/, to look at after a run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(ARTIFACTS / name)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def test_the_report_a_clinician_reads_in_two_minutes(ana_home: Path, tmp_path: Path) -> None:
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    out = ok(ana_home, "report", "--profile", "Ana", "--days", "180", "--pdf", str(pdf),
             "--html", str(html))  # fmt: skip
    assert f"to {pdf}" in out and f"to {html}" in out
    pages = keep_pages(pdf, "ana-a4")
    info = pdf_info(pdf)
    assert 1 <= int(info["Pages"]) <= 3 and "A4" in info["Page size"]
    text = " ".join(pdf_text(pdf).split())
    for expected in (
        "record summary for a clinician",
        "Urgency:",
        "B12 status: indeterminate",
        "67, female",
        "Nexium (esomeprazole) 20 mg",  # a brand, with its generic
        "metformin, 1000 mg twice a day, since 2018-03-01",
        "240 pg/mL",  # as the lab printed it, its SI value and range, and the reading
        "177.1 pmol/L",
        "200–900",
        "180 pg/mL",
        "Vitamin B12 deficiency",  # a ranked cause, with its evidence
        "Evidence for",
        "Likely absorbed",
        "Potassium",
        "Cramps and symptoms over time",
        "Not in the record",
        "nice-ng239",  # sources by id
        "lam-2013",
        "Information, not a diagnosis",
        "NICE NG239",
    ):
        assert expected in text, expected
    assert text.index("Urgency:") < text.index("B12 status:") < text.index("Lab results")
    assert len(pages) == int(info["Pages"]) and all(p.stat().st_size > 10_000 for p in pages)
    page = html.read_text(encoding="utf-8")
    assert 'id="trend-b12_total"' in page and 'id="b12-chart"' in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]  # nothing remote

    letter = tmp_path / "r-letter.pdf"
    ok(ana_home, "report", "--profile", "Ana", "--pdf", str(letter), "--paper", "letter")
    assert pdf_info(letter)["Page size"].startswith("612 x 792")
    keep_pages(letter, "ana-letter")


def test_the_report_says_what_b12_assess_says(ana_home: Path) -> None:
    report: dict[str, Any] = ok(ana_home, "report", "--profile", "Ana", "--json")
    assessed: dict[str, Any] = ok(ana_home, "assess", "--profile", "Ana", "--no-ask", "--json")
    record = assessed.pop("record")
    assert report["assessment"] == assessed
    assert report["record"]["case"] == record["case"]
    assert [lab["as_reported"] for lab in report["labs"]] == ["180 pg/mL", "103 fL"]
    assert report["period"]["days"] == 90 and report["period"]["charted_per"] == "week"
    assert [m["generic"] for m in report["person"]["medicines"]] == [
        "metformin", "esomeprazole", "simvastatin"]  # fmt: skip
    assert {s["id"] for s in report["sources"]} >= {"nice-ng239", "lam-2013"}


def test_an_empty_diary_gives_a_short_report_that_says_what_is_missing(
    home: Path, tmp_path: Path
) -> None:
    ok(home, "profile", "add", "New", "--age", "40")
    pdf = tmp_path / "empty.pdf"
    out = ok(home, "report", "--pdf", str(pdf))
    assert "Nothing was logged in that period" in out
    assert int(pdf_info(pdf)["Pages"]) <= 2
    text = " ".join(pdf_text(pdf).split())
    assert "Nothing logged in this period" in text and "no recent lab results" in text
    assert "no medicines in the record" in text
    keep_pages(pdf, "empty")


def test_bad_report_requests_say_what_is_allowed_and_write_nothing(
    home: Path, tmp_path: Path
) -> None:
    ok(home, "profile", "add", "New", "--age", "40")
    pdf = tmp_path / "r.pdf"
    for args, message in (
        ((), "--pdf FILE or --html FILE"),
        (("--pdf", str(pdf), "--paper", "a5"), "allowed: a4, letter"),
        (("--pdf", str(pdf), "--from", ago(1), "--to", ago(5)), "is after --to"),
        (("--pdf", str(pdf), "--guideline", "who"), "allowed: bsh-2014, nice-ng239"),
        (("--pdf", str(pdf), "--profile", "Nobody"), "no profile named 'Nobody'"),
    ):
        proc = run(home, "report", *args)
        assert proc.returncode == 2 and message in proc.stderr, (args, proc.stderr)
    assert not pdf.exists() and not list(tmp_path.glob("*.tmp"))
