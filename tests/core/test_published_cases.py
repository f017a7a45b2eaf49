"""The assessment on cases it was not written around: published case reports, guideline
scenarios and teaching vignettes (tests/published_cases), scored against issue 14's targets.

Safety is per case (an emergency or admitted case is never told to wait; the B12 status is
right); the ranking and over-triage targets are shares of the whole set."""

from __future__ import annotations

from typing import Any

import pytest

from b12.knowledge import Knowledge
from tests.published_cases.scoring import (
    LEVELS,
    NEEDS_HOSPITAL,
    SETTING_LEVELS,
    Scores,
    load_cases,
    score_case,
)

CASES = load_cases()


def test_the_set_is_large_and_broad() -> None:
    assert len(CASES) >= 40
    non_b12 = [c for c in CASES if not c["expected"]["b12_expected_cause"]]
    hospital = [c for c in CASES if c["care_setting"] in NEEDS_HOSPITAL]
    assert len(non_b12) * 2 >= len(CASES)
    assert len(hospital) >= 10
    for case in CASES:
        assert case["source"]["url"].startswith("http"), case["id"]
        assert case["care_setting"] in SETTING_LEVELS, case["id"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_no_one_who_needed_hospital_is_told_to_wait(
    case: dict[str, Any], knowledge: Knowledge
) -> None:
    outcome = score_case(case, knowledge)
    assert not outcome.under_triaged, outcome.line


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_b12_status_is_right(case: dict[str, Any], knowledge: Knowledge) -> None:
    outcome = score_case(case, knowledge)
    assert outcome.status_ok, outcome.line


def test_ranking_and_over_triage_targets(knowledge: Knowledge) -> None:
    scores = Scores([score_case(c, knowledge) for c in CASES])
    misses = "\n".join(o.line for o in scores.outcomes if o.top3_ok is False or o.over_triaged)
    assert scores.top3 >= 0.90, misses
    assert scores.share("over_triaged") <= 0.15, misses


def test_scoring_counts_under_triage(knowledge: Knowledge) -> None:
    """The scorer itself: an emergency case read as self-care is under-triaged."""
    case = {
        "id": "X",
        "care_setting": "emergency",
        "case": {"person": {"age": 40}},
        "expected": {"b12_status": "testing_not_indicated", "top3_causes_any": None},
    }
    outcome = score_case(case, knowledge)
    assert outcome.level in LEVELS[:3]
    assert outcome.under_triaged
