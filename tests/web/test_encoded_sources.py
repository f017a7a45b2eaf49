"""The API encodes an answer's bibliography once per process (``cite_encoded``); what a
client receives must be exactly the core's answer, entry for entry and in order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from b12.core.assess import AssessOptions, assess
from b12.core.case import parse_case
from b12.core.lab_report import interpret_labs
from b12.core.labs import ReadingOptions
from b12.core.models import LAB_INPUT
from b12.knowledge import Knowledge, load_knowledge
from b12.web.fast_json import cite_encoded

ROOT = Path(__file__).resolve().parents[2]
CASES = [
    json.loads(p.read_text())["case"]
    for p in sorted((ROOT / "tests" / "assess_cases").glob("*.json"))
]


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


@pytest.mark.parametrize("guideline", ["nice-ng239", "bsh-2014"])
def test_api_assessments_equal_the_core_ones(client: TestClient, guideline: str) -> None:
    knowledge = load_knowledge()
    for case in CASES:
        response = client.post(f"/api/assess?guideline={guideline}", json=case)
        assert response.status_code == 200, response.text
        expected = assess(parse_case(case), knowledge, AssessOptions(guideline=guideline))
        assert response.json() == _plain(expected.to_dict(knowledge))
        assert response.json()["sources"], "every assessment cites something"


def test_api_lab_reports_equal_the_core_ones(client: TestClient) -> None:
    knowledge = load_knowledge()
    labs = [lab for case in CASES for lab in case.get("labs") or []][:12]
    response = client.post("/api/labs/interpret", json={"labs": labs})
    assert response.status_code == 200, response.text
    report = interpret_labs(
        [LAB_INPUT.validate_python(lab) for lab in labs], knowledge, ReadingOptions()
    )
    assert response.json() == _plain(report.to_dict(knowledge))


def test_encoded_entries_are_the_bibliography_entries(knowledge: Knowledge) -> None:
    ids = list(knowledge.references)
    encoded = cite_encoded(knowledge)(ids + ids[:3])
    assert orjson.loads(orjson.dumps(encoded)) == knowledge.source_dicts(ids)
