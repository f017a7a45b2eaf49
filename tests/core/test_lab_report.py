"""The lab reader's report says what the results support, leads with what needs care now,
and never reads a missing value as a normal one (issue 20)."""

from __future__ import annotations

from typing import Any

from b12.core.lab_parser import parse_lab
from b12.core.lab_report import read_labs
from b12.core.labs import ReadingOptions
from b12.knowledge import Knowledge


def report(knowledge: Knowledge, *lines: str) -> dict[str, Any]:
    labs = [parse_lab(line, knowledge.lab_tests) for line in lines]
    return read_labs(labs, knowledge, ReadingOptions()).to_dict(knowledge)


def test_urgent_results_lead_the_report(knowledge: Knowledge) -> None:
    out = report(knowledge, "ck=1450 U/L (<200)", "k=2.4 mmol/L")
    assert out["triage"]["level"] == "urgent"
    assert list(out)[:2] == ["triage", "next_steps"]
    codes = [f["code"] for f in out["triage"]["red_flags"]]
    assert codes[:2] == ["rhabdomyolysis", "severe_hypokalaemia"]  # every one, in order
    assert out["next_steps"][0]["level"] == "urgent" and out["next_steps"][0]["sources"]
    assert out["next_steps"][-1]["level"] is None


def test_normal_results_need_no_care_today(knowledge: Knowledge) -> None:
    out = report(knowledge, "k=4.1 mmol/L", "b12_total=400 ng/L")
    assert out["triage"]["red_flags"] == []
    assert out["triage"]["level"] not in ("urgent", "emergency")


def test_a_raised_mma_without_kidney_function_never_claims_normal_kidneys(
    knowledge: Knowledge,
) -> None:
    out = report(knowledge, "b12_total=200 pg/mL", "mma=620 nmol/L")
    status = out["b12_status"]
    assert "kidney_function_unknown" in status["qualifiers"]
    text = status["explanation"] + " ".join(status["next_steps"])
    assert "raised with normal kidney function" not in text
    assert "Kidney function was not given" in status["explanation"]
    assert status["next_steps"][0].startswith("Ask for a kidney function result")
    known = report(knowledge, "b12_total=200 pg/mL", "mma=620 nmol/L", "egfr=85 mL/min/1.73m2")
    assert "kidney_function_unknown" not in known["b12_status"]["qualifiers"]


def test_without_a_b12_result_the_report_never_advises_against_a_test(
    knowledge: Knowledge,
) -> None:
    plain = report(knowledge, "k=4.1 mmol/L")["b12_status"]
    assert plain["headline"].startswith("no B12 result")  # not "testing not indicated"
    text = (plain["explanation"] + " ".join(plain["next_steps"])).lower()
    assert "not needed" not in text and "ranked causes" not in text
    antibody = report(knowledge, "intrinsic_factor_antibody=positive")["b12_status"]
    assert antibody["category"] == "testing_indicated"
    assert "pernicious anaemia" in antibody["explanation"]
    anaemia = report(knowledge, "hb=95 g/L")["b12_status"]
    assert anaemia["category"] == "testing_indicated"
