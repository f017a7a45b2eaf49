"""The ranked, transparent differential of cramp causes.

score = logistic(prior + sum of the weights of the evidence that holds). Every weight that
contributed is shown: positive ones in ``evidence_for``, negative ones in
``evidence_against``, zero-weight notes (context that is explicitly not counted) in
``notes``. A cause whose ``requires`` does not hold is still listed, with a low score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from b12.core.facts import Facts
from b12.knowledge import Knowledge

_EXCLUDED_SCORE = 0.01


@dataclass(frozen=True, slots=True)
class CauseScore:
    cause: str
    label: str
    score: float
    evidence_for: list[str]
    evidence_against: list[str]
    notes: list[str]
    sources: list[str]
    distinguishing_tests: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cause": self.cause,
            "label": self.label,
            "score": self.score,
            "evidence_for": self.evidence_for,
            "evidence_against": self.evidence_against,
            "notes": self.notes,
            "sources": self.sources,
            "distinguishing_tests": self.distinguishing_tests,
        }


def rank_causes(facts: Facts, knowledge: Knowledge) -> list[CauseScore]:
    if not facts.holds("cramps:present"):
        return []
    ranked = []
    weights_sources = knowledge.cramp_causes.weights_sources
    for cause in knowledge.cramp_causes.causes.values():
        logit = cause.prior
        ev_for: list[str] = []
        ev_against: list[str] = []
        notes: list[str] = []
        sources = list(cause.sources)
        for ev in cause.evidence:
            if not facts.holds(ev.fact):
                continue
            logit += ev.weight
            text = f"{ev.text} ({ev.weight:+g})" if ev.weight else ev.text
            (ev_for if ev.weight > 0 else ev_against if ev.weight < 0 else notes).append(text)
            sources += ev.sources
        score = 1.0 / (1.0 + math.exp(-logit))
        if cause.requires and not facts.rule_holds(cause.requires):
            score = _EXCLUDED_SCORE
            ev_against.append("its precondition is not reported")
        tests = [t for t in cause.distinguishing_tests if not facts.holds(f"lab:{t}:measured")]
        ranked.append(
            CauseScore(
                cause.code,
                cause.label,
                round(score, 3),
                ev_for,
                ev_against,
                notes,
                list(dict.fromkeys([*sources, *weights_sources])),
                tests,
            )
        )
    ranked.sort(key=lambda c: c.score, reverse=True)
    return ranked
