"""The ranked, transparent differential of cramp causes.

score = logistic(prior + sum of the weights of the evidence that holds). Every weight that
contributed is shown: positive ones in ``evidence_for``, negative ones in
``evidence_against``, zero-weight notes (context that is explicitly not counted) in
``notes``. A cause whose ``requires`` does not hold is still listed, with a low score.
"""

from __future__ import annotations

import math
import operator
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from b12.core.facts import CompiledRule, Facts, compile_rule
from b12.knowledge import Knowledge

_EXCLUDED_SCORE = 0.01
_POSITION = operator.attrgetter("position")
_SCORE = operator.attrgetter("score")
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
    sources: tuple[str, ...]  # those its cause does not cite already


@dataclass(frozen=True, slots=True)
class _Cause:
    """What ranking needs of one cause, worked out once per knowledge base."""

    code: str
    label: str
    prior: float
    prior_score: float
    sources: tuple[str, ...]  # the cause's own sources plus the weights' sources
    tests: tuple[tuple[str, str], ...]  # (test, the fact saying it was measured)
    requires: CompiledRule | None


@dataclass(frozen=True, slots=True)
class _Index:
    """Evidence grouped by the plain fact it needs, so ranking visits only facts that hold;
    negations and comparisons are checked one by one."""

    by_fact: dict[str, list[_Entry]]
    fact_names: frozenset[str]
    other: list[tuple[str, _Entry]]
    causes: list[_Cause]


def _build_index(knowledge: Knowledge) -> _Index:
    causes = list(knowledge.cramp_causes.causes.values())
    by_fact: dict[str, list[_Entry]] = defaultdict(list)
    other: list[tuple[str, _Entry]] = []
    weights = knowledge.cramp_causes.weights_sources
    for i, cause in enumerate(causes):
        cited = {*cause.sources, *weights}
        for position, ev in enumerate(cause.evidence):
            shown = f"{ev.text} ({ev.weight:+g})" if ev.weight else ev.text
            sources = tuple(dict.fromkeys(s for s in ev.sources if s not in cited))
            entry = _Entry(i, position, ev.weight, shown, ev.fact, ev.text, sources)
            if ev.fact.startswith("!") or any(c in ev.fact for c in "<>"):
                other.append((ev.fact, entry))
            else:
                by_fact[ev.fact].append(entry)
    ready = [
        _Cause(
            code=c.code,
            label=c.label,
            prior=c.prior,
            prior_score=round(1.0 / (1.0 + math.exp(-c.prior)), 3),
            sources=tuple(dict.fromkeys([*c.sources, *weights])),
            tests=tuple((t, f"lab:{t}:measured") for t in c.distinguishing_tests),
            requires=compile_rule(c.requires) if c.requires else None,
        )
        for c in causes
    ]
    return _Index(dict(by_fact), frozenset(by_fact), other, ready)


def rank_causes(facts: Facts, knowledge: Knowledge) -> list[CauseScore]:
    names = facts.names
    if "cramps:present" not in names:
        return []
    index = knowledge.extra_cache("cramp_evidence_index", _build_index)
    held: dict[int, list[_Entry]] = {}
    for name in index.fact_names & names:
        for entry in index.by_fact[name]:
            if entry.cause in held:
                held[entry.cause].append(entry)
            else:
                held[entry.cause] = [entry]
    for fact, entry in index.other:
        if facts.holds(fact):
            held.setdefault(entry.cause, []).append(entry)
    ranked = []
    for i, cause in enumerate(index.causes):
        ev_for: list[str] = []
        ev_against: list[str] = []
        notes: list[str] = []
        entries = held.get(i)
        if entries:
            if len(entries) > 1:
                entries.sort(key=_POSITION)
            score, sources = _weigh(cause, entries, facts.details, ev_for, ev_against, notes)
            score = round(score, 3)
        else:
            score, sources = cause.prior_score, list(cause.sources)  # already rounded
        if cause.requires is not None and not cause.requires.holds(facts):
            score = _EXCLUDED_SCORE
            ev_against.append("its precondition is not reported")
        tests = [t for t, measured in cause.tests if measured not in names] if cause.tests else []
        ranked.append(
            CauseScore(
                cause.code,
                cause.label,
                score,
                ev_for,
                ev_against,
                notes,
                sources,
                tests,
            )
        )
    ranked.sort(key=_SCORE, reverse=True)
    return ranked


def _weigh(
    cause: _Cause,
    entries: list[_Entry],
    details: dict[str, list[str]],
    ev_for: list[str],
    ev_against: list[str],
    notes: list[str],
) -> tuple[float, list[str]]:
    """The cause's score from the evidence that holds, which is shown in the three lists;
    and the sources, the cause's own first."""
    logit = cause.prior
    sources = list(cause.sources)
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
        if entry.sources:
            sources += [s for s in entry.sources if s not in sources]
    return 1.0 / (1.0 + math.exp(-logit)), sources
