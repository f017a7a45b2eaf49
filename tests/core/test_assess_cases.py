"""Every shared vignette and every case of our own (tests/assess_cases) gives its expected
status, qualifiers, top cause, triage, red flags, risk factors and warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from b12.core.assess import assess
from b12.core.case import parse_case
from b12.knowledge import Knowledge
from tests.conftest import shared_vignettes

OWN = [
    json.loads(p.read_text())
    for p in sorted((Path(__file__).parents[1] / "assess_cases").glob("C*.json"))
]
CASES = shared_vignettes() + OWN


def check(expected: dict[str, Any], out: dict[str, Any]) -> list[str]:
    """The vignette README's acceptance rules, as a list of what failed."""
    problems = []
    status = out["b12_status"]
    ok_status = {expected["b12_status"], *expected.get("b12_status_also_acceptable", [])}
    if status["category"] not in ok_status:
        problems.append(f"b12_status {status['category']} not in {sorted(ok_status)}")
    quals = set(status["qualifiers"])
    if expected["qualifiers_any"] and not quals & set(expected["qualifiers_any"]):
        problems.append(f"qualifiers {sorted(quals)} lack any of {expected['qualifiers_any']}")
    if quals & set(expected.get("qualifiers_forbidden", [])):
        problems.append(f"forbidden qualifiers in {sorted(quals)}")
    top = out["cramp_causes"][0]["cause"] if out["cramp_causes"] else None
    ok_top = {expected["top_cause"], *(expected.get("acceptable_top_causes") or [])}
    if top not in ok_top:
        ranked = ", ".join(f"{c['cause']}={c['score']}" for c in out["cramp_causes"][:4])
        problems.append(f"top cause {top} not in {sorted(map(str, ok_top))} ({ranked})")
    level = out["triage"]["level"]
    if (level in ("emergency", "urgent")) != expected["urgent"]:
        problems.append(f"triage {level} but urgent={expected['urgent']}")
    allowed = expected.get("triage_levels_allowed")
    if allowed and level not in allowed:
        problems.append(f"triage {level} not in {allowed}")
    if bool(out["triage"]["red_flags"]) != expected["red_flags_expected"]:
        problems.append(f"red flags {out['triage']['red_flags']}")
    codes = {r["code"] for r in out["risk_factors"]}
    missing = set(expected["risk_factors_required"]) - codes
    forbidden = set(expected["risk_factors_forbidden"]) & codes
    if missing:
        problems.append(f"missing risk factors {sorted(missing)}")
    if forbidden:
        problems.append(f"forbidden risk factors {sorted(forbidden)}")
    warnings = {w["code"] for w in out["warnings"]}
    if expected["warnings_any"] and not warnings & set(expected["warnings_any"]):
        problems.append(f"warnings {sorted(warnings)} lack any of {expected['warnings_any']}")
    return problems


@pytest.mark.parametrize("vignette", CASES, ids=[c["id"] for c in CASES])
def test_case(vignette: dict[str, Any], knowledge: Knowledge) -> None:
    out = assess(parse_case(vignette["case"]), knowledge).to_dict(knowledge)
    assert check(vignette["expected"], out) == []


def test_output_has_every_contract_field(knowledge: Knowledge) -> None:
    out = assess(parse_case(CASES[0]["case"]), knowledge).to_dict(knowledge)
    assert set(out) >= {
        "triage",
        "b12_status",
        "labs",
        "risk_factors",
        "cramp_causes",
        "warnings",
        "sources",
        "disclaimer",
    }
    assert set(out["triage"]) >= {"level", "red_flags"}
    for cause in out["cramp_causes"]:
        assert set(cause) >= {"cause", "score", "evidence_for", "evidence_against", "sources"}
        assert 0.0 <= cause["score"] <= 1.0
    for risk in out["risk_factors"]:
        assert set(risk) >= {"code", "label", "detail", "sources"}
    ids = {s["id"] for s in out["sources"]}
    cited = set(out["b12_status"]["sources"]) | {
        s for r in out["risk_factors"] for s in r["sources"]
    }
    assert cited <= ids
    assert "not a diagnosis" in out["disclaimer"]
