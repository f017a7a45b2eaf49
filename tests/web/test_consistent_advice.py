"""One consistent story: over every case this project holds (its own cases, the published
cases and the shared vignettes), assessed through the API, no line of advice contradicts
another. An urgent answer never also says self-care will do; a deficiency never also says
a test is not needed; a step is never said twice; 'most likely' only when a cause fits."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("B12_SHARED_DIR", REPO.parent / "shared")) / "vignettes"
FOLDERS = [REPO / "tests" / "assess_cases", REPO / "tests" / "published_cases", SHARED]
CASES = sorted(p for folder in FOLDERS if folder.is_dir() for p in folder.glob("*.json"))

# Words that tell a person care can wait, and words that say a B12 test is not needed.
WAIT = ("self-care is reasonable", "self-care steps", "no need to see", "can wait")
NO_TEST = ("test is not needed", "no b12 test", "not need a b12 test")
URGENT = ("emergency", "urgent")


def check(result: dict[str, Any]) -> list[str]:
    """What in one assessment contradicts something else in it."""
    problems = []
    level = result["triage"]["level"]
    said = " ".join([result["summary"], *result["next_steps"], result["triage"]["reason"]])
    said = said.lower()
    if level in URGENT and any(w in said for w in WAIT):
        problems.append(f"{level} but says care can wait")
    if level == "self_care" and result["triage"]["red_flags"]:
        problems.append("self-care with a warning sign")
    if result["b12_status"]["category"] in ("deficiency_confirmed", "indeterminate"):
        steps = " ".join(result["b12_status"]["next_steps"] + result["next_steps"]).lower()
        if any(w in steps for w in NO_TEST):
            problems.append("a deficient or borderline result but 'no test needed'")
    if len(result["next_steps"]) != len(set(result["next_steps"])):
        problems.append("a next step said twice")
    causes = result["cramp_causes"]
    if causes and causes[0]["likelihood"] == "most likely" and not result["cramp_cause_clear"]:
        problems.append("'most likely' for a cause that does not fit well")
    if any(c["likelihood"] == "most likely" for c in causes[1:]):
        problems.append("'most likely' below the first cause")
    return problems


def test_the_set_is_large_enough() -> None:
    assert len(CASES) >= 120, [str(f) for f in FOLDERS]


@pytest.mark.parametrize("guideline", ["nice-ng239", "bsh-2014"])
def test_no_assessment_contradicts_itself(client: TestClient, guideline: str) -> None:
    found = {}
    for path in CASES:
        case = json.loads(path.read_text(encoding="utf-8"))["case"]
        response = client.post(f"/api/assess?guideline={guideline}", json=case)
        assert response.status_code == 200, (path.name, response.text)
        problems = check(response.json())
        if problems:
            found[path.name] = problems
    assert not found, found


def test_the_check_catches_a_contradiction() -> None:
    bad = {
        "summary": "This needs medical care today. Self-care is reasonable for now.",
        "next_steps": ["Rest.", "Rest."],
        "triage": {"level": "urgent", "reason": "", "red_flags": []},
        "b12_status": {
            "category": "deficiency_confirmed",
            "next_steps": ["A B12 test is not needed."],
        },
        "cramp_causes": [{"likelihood": "most likely"}],
        "cramp_cause_clear": False,
    }
    assert len(check(bad)) == 4
