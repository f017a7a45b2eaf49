"""The ranked, transparent differential of cramp causes.

score = logistic(prior + sum of the weights of the evidence that holds). Every weight that
contributed is shown: positive ones in ``evidence_for``, negative ones in
``evidence_against``, zero-weight notes (context that is explicitly not counted) in
``notes``. A cause whose ``requires`` does not hold is still listed, with a low score.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from b12.core.facts import CompiledRule, Facts, compile_rule
from b12.knowledge import Knowledge
from b12.knowledge.models import CrampCause

_EXCLUDED_SCORE = 0.01
SHOWN_SCORE = 0.05
"""Causes scoring below this are named but not detailed in readable output (all are in JSON)."""


@dataclass(slots=True)
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


@dataclass(frozen=True, slots=True)
class _Entry:
    """One piece of evidence, ready to show: its place in the cause's list, weight, text."""

    cause: int
    position: int
    weight: float
    shown: str
    fact: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Index:
    """Evidence grouped by the plain fact it needs, so ranking visits only facts that hold;
    negations and comparisons are checked one by one."""

    by_fact: dict[str, list[_Entry]]
    fact_names: frozenset[str]
    other: list[tuple[str, _Entry]]
    causes: list[CrampCause]
    base_sources: list[tuple[str, ...]]  # the cause's own sources plus the weights' sources
    prior_scores: list[float]
    tests: list[tuple[tuple[str, str], ...]]  # (test, the fact saying it was measured)
    requires: list[CompiledRule | None]


def _build_index(knowledge: Knowledge) -> _Index:
    causes = list(knowledge.cramp_causes.causes.values())
    by_fact: dict[str, list[_Entry]] = defaultdict(list)
    other: list[tuple[str, _Entry]] = []
    for i, cause in enumerate(causes):
        for position, ev in enumerate(cause.evidence):
            shown = f"{ev.text} ({ev.weight:+g})" if ev.weight else ev.text
            entry = _Entry(i, position, ev.weight, shown, ev.fact, ev.text, tuple(ev.sources))
            if ev.fact.startswith("!") or any(c in ev.fact for c in "<>"):
                other.append((ev.fact, entry))
            else:
                by_fact[ev.fact].append(entry)
    weights = knowledge.cramp_causes.weights_sources
    base = [tuple(dict.fromkeys([*c.sources, *weights])) for c in causes]
    priors = [1.0 / (1.0 + math.exp(-c.prior)) for c in causes]
    tests = [tuple((t, f"lab:{t}:measured") for t in c.distinguishing_tests) for c in causes]
    requires = [compile_rule(c.requires) if c.requires else None for c in causes]
    return _Index(dict(by_fact), frozenset(by_fact), other, causes, base, priors, tests, requires)


def _position(entry: _Entry) -> int:
    return entry.position


def rank_causes(facts: Facts, knowledge: Knowledge) -> list[CauseScore]:
    if not facts.holds("cramps:present"):
        return []
    index = knowledge.extra_cache("cramp_evidence_index", _build_index)
    held: list[list[_Entry]] = [[] for _ in index.causes]
    names = facts.names
    for name in index.fact_names & names:
        for entry in index.by_fact[name]:
            held[entry.cause].append(entry)
    for fact, entry in index.other:
        if facts.holds(fact):
            held[entry.cause].append(entry)
    ranked = []
    for i, cause in enumerate(index.causes):
        entries = held[i]
        if len(entries) > 1:
            entries.sort(key=_position)
        ev_for: list[str] = []
        ev_against: list[str] = []
        notes: list[str] = []
        if entries:
            logit = cause.prior
            extra: list[str] = []
            details = facts.details
            for entry in entries:
                logit += entry.weight
                shown = entry.shown
                if entry.fact in details:
                    about = ", ".join(details[entry.fact])
                    shown = f"{entry.text}: {about} ({entry.weight:+g})"
                if entry.weight > 0:
                    ev_for.append(shown)
                elif entry.weight < 0:
                    ev_against.append(shown)
                else:
                    notes.append(shown)
                extra += entry.sources
            score = 1.0 / (1.0 + math.exp(-logit))
            sources = list(dict.fromkeys([*index.base_sources[i], *extra]))
        else:
            score = index.prior_scores[i]
            sources = list(index.base_sources[i])
        required = index.requires[i]
        if required is not None and not required.holds(facts):
            score = _EXCLUDED_SCORE
            ev_against.append("its precondition is not reported")
        tests = [t for t, measured in index.tests[i] if measured not in names]
        ranked.append(
            CauseScore(
                cause.code,
                cause.label,
                round(score, 3),
                ev_for,
                ev_against,
                notes,
                sources,
                tests,
            )
        )
    ranked.sort(key=_score, reverse=True)
    return ranked


def _score(cause: CauseScore) -> float:
    return cause.score
