"""Every symptom the self-check offers is under exactly one heading of the symptom question."""

from __future__ import annotations

from collections import Counter

from b12.core.questionnaire import SYMPTOM_OPTIONS
from b12.knowledge import Knowledge


def test_every_offered_symptom_is_in_exactly_one_group(knowledge: Knowledge) -> None:
    grouped = Counter(c for codes in knowledge.plain_terms.symptom_groups.values() for c in codes)
    assert set(grouped) == set(SYMPTOM_OPTIONS)
    assert [c for c, n in grouped.items() if n > 1] == []
