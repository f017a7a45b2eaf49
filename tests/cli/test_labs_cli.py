"""`b12 labs interpret` and `b12 assess` as a user runs them: output and exit code.

In-process (``tests.in_process``) except where the process is the point: start-up imports,
the console entry with piped input and its exit code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.in_process import Ran, b12

B12 = [sys.executable, "-m", "b12"]


def run(*args: str, stdin: str = "", columns: int = 100) -> Ran:
    return b12(*args, env={"COLUMNS": str(columns)}, stdin=stdin)


def test_json_has_the_contract_shapes() -> None:
    proc = run(
        "labs",
        "interpret",
        "--json",
        "b12_total=0.35 ng/mL",
        "mma=620 nmol/L",
        "egfr=88 mL/min/{1.73_m2}",
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) >= {"labs", "b12_status", "warnings"}
    b12 = out["labs"][0]
    assert {k: b12[k] for k in ("test", "value", "unit", "unit_si", "category", "severity")} == {
        "test": "b12_total",
        "value": 0.35,
        "unit": "ng/mL",
        "unit_si": "pmol/L",
        "category": "indeterminate",
        "severity": None,
    }
    assert b12["value_si"] == pytest.approx(258.2, abs=0.05)
    assert {"message", "sources", "warnings"} <= set(b12)
    status = out["b12_status"]
    assert status["category"] == "indeterminate"
    assert status["qualifiers"] == ["mma_supports_deficiency"]
    assert {"explanation", "next_steps", "sources"} <= set(status)


def test_guideline_option_changes_the_reading() -> None:
    nice = json.loads(run("labs", "interpret", "--json", "b12_total=190 ng/L").stdout)
    bsh = json.loads(
        run("labs", "interpret", "--json", "--guideline", "bsh-2014", "b12_total=190 ng/L").stdout
    )
    assert nice["labs"][0]["category"] == "indeterminate"
    assert bsh["labs"][0]["category"] == "deficiency_confirmed"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["potassium=4 mg/dL"], "allowed units: mmol/L, meq/L"),
        (["potassium=45 mmol/L"], "impossible for potassium"),
        (["b12_total=abc pg/mL"], "cannot read the value"),
        (["vitamin_q=3 mg"], "unknown test 'vitamin_q'"),
        (["--guideline", "who", "b12=200 ng/L"], "unknown guideline 'who'"),
        (["--choice", "mma_upper_limit=999", "mma=300 nmol/L"], "mma_upper_limit takes"),
    ],
)
def test_bad_input_is_one_line_with_nonzero_exit(args: list[str], needle: str) -> None:
    proc = run("labs", "interpret", *args)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and needle in lines[0]


def test_readable_output_names_status_warnings_and_disclaimer() -> None:
    proc = run("labs", "interpret", "b12_total=140 pmol/L (145-569)", "k=2.4 mmol/L")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "B12 status: indeterminate" in out
    assert "low (severe)" in out
    assert "[nice-ng239]" in out
    assert "out_of_reference_range_only" in out
    assert "not a diagnosis" in out


def test_help_explains_the_input_with_examples() -> None:
    proc = run("labs", "interpret", "--help")
    assert proc.returncode == 0
    for needle in (
        "TEST=VALUE UNIT",
        "b12_total=250 pg/mL",
        "(<HIGH)",
        "--guideline",
        "mL/min/{1.73_m2}",
    ):
        assert needle in proc.stdout


def test_top_level_help_is_fast_to_import() -> None:
    # `b12 --help` must not import the core, pydantic or the knowledge base.
    heavy = ("pydantic", "b12.core.labs", "b12.knowledge.loader")
    code = (
        "import sys; from b12.cli import main; "
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


def test_module_entry_point_exists() -> None:
    assert (Path(__file__).parents[2] / "src" / "b12" / "__main__.py").is_file()


def test_assess_questionnaire_in_a_real_process_saves_the_case(tmp_path: Path) -> None:
    answers = "70\nmale\n\ny\n1\n\n1\n\n\n\nomnivore\nnone\nsimvastatin\nnone\nnone\n\n\n"
    saved = tmp_path / "case.json"
    proc = subprocess.run(
        [*B12, "assess", "--save", str(saved)],
        input=answers, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Likely causes of your cramps" in proc.stdout
    case = json.loads(saved.read_text())
    assert case["person"] == {"age": 70.0, "sex": "male", "diet": "omnivore",
                              "b12_supplement": {"frequency": "none"}}  # fmt: skip
    assert case["medications"] == [{"name": "simvastatin"}]


def test_assess_questionnaire_cut_short_is_a_clear_error_and_exit_code_2() -> None:
    """A whole process: the exit code is what the shell sees."""
    proc = subprocess.run(
        [*B12, "assess"], input="40\n", capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error: the questionnaire ended")


def test_assess_file_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"person": {"age": 40}, "symptoms": ["tingles"]}')
    proc = run("assess", str(bad))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: symptoms[0]:")
    bad.write_text("{not json")
    proc = run("assess", str(bad))
    assert "is not valid JSON (line 1" in proc.stderr
    assert "no such case file" in run("assess", "missing.json").stderr


def test_assess_reads_a_vignette_file() -> None:
    case = Path(__file__).parents[1] / "assess_cases" / "C047.json"
    proc = run("assess", "--json", str(case))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["triage"]["level"] in ("emergency", "urgent")


def test_assess_text_wraps_under_its_item_and_keeps_b12_capitals() -> None:
    case = Path(__file__).parents[2] / "examples" / "vegan-paraesthesia.json"
    proc = run("assess", str(case), columns=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "Most likely cause of the cramps: vitamin B12" in " ".join(proc.stdout.split())
    risks = lines[lines.index("3. B12 risk factors") + 1 :]
    risks = risks[: risks.index("")]
    assert len(risks) > 1, "at 60 columns the vegan-diet detail wraps"
    assert risks[0].startswith("   - Vegan diet")
    assert all(line.startswith("     ") and line == line.rstrip() for line in risks[1:])


def test_lab_text_wraps_each_meaning_under_its_number() -> None:
    proc = run("labs", "interpret", "b12=140 pmol/L", "ck=1450 U/L (<200)", columns=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    meanings = lines[lines.index("What each result means") + 1 :]
    meanings = meanings[: meanings.index("")]
    assert meanings[0].startswith("  1. ") and len(meanings) > 2
    assert all(line.startswith(("  2. ", "     ")) for line in meanings[1:])


def test_assess_a_case_without_an_age_and_with_the_new_codes() -> None:
    case = {
        "person": {"sex": "male"},
        "symptoms": ["muscle_twitching", "progressive_weakness"],
        "signs": ["muscle_wasting"],
        "cramps": {"bilateral": True, "timing": ["night"]},
    }
    proc = run("assess", "--json", "-", stdin=json.dumps(case))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["cramp_causes"][0]["cause"] == "neuromuscular_disease"
    assert "age_unknown" in {w["code"] for w in out["warnings"]}
