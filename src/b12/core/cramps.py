"""The ranked, transparent differential of cramp causes.

score = logistic(prior + sum of the weights of the evidence that holds). Every weight that
contributed is shown: positive ones in ``evidence_for``, negative ones in
``evidence_against``, zero-weight notes (context that is explicitly not counted) in
``notes``. A cause whose ``requires`` does not hold is still listed, with a low score; a
cause whose ``impossible_when`` holds (pregnancy for a man) is not listed at all.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass

from b12.core.contract import CauseScoreJSON
from b12.core.facts import Check, CompiledRule, Facts, compile_rule, compile_term, is_complex
from b12.knowledge import Knowledge

_EXCLUDED_SCORE = 0.01
_EXCLUDED_NOTE = "its precondition is not reported"
_EXCLUDED_ONLY = (_EXCLUDED_NOTE,)
_NONE: tuple[str, ...] = ()
_POSITION = operator.attrgetter("position")
_SCORE = operator.attrgetter("score")


@dataclass(slots=True)
class CauseScore:
    """One cause, scored. The lists are shared with other assessments when nothing about
    this case changed them (a cause with no evidence): read them, never change them."""

    cause: str
    label: str
    score: float
    evidence_for: Sequence[str]
    evidence_against: Sequence[str]
    notes: Sequence[str]
    sources: Sequence[str]
    distinguishing_tests: Sequence[str]

    def to_dict(self) -> CauseScoreJSON:
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
    requires: CompiledRule | None
    impossible: CompiledRule | None
    tests: tuple[str, ...]
    measured: frozenset[str]  # the facts saying one of its tests was measured
    test_facts: tuple[tuple[str, str], ...]  # (test, the fact saying it was measured)


@dataclass(frozen=True, slots=True)
class _Index:
    """Evidence grouped by the plain fact it needs, so ranking visits only facts that hold
    (one set intersection for all causes: cheaper than one per cause); negations and
    comparisons are checked one by one."""

    by_fact: dict[str, list[_Entry]]
    fact_names: frozenset[str]
    checked: tuple[tuple[Check, _Entry], ...]
    causes: list[_Cause]


def _build_index(knowledge: Knowledge) -> _Index:
    weights = knowledge.cramp_causes.weights_sources
    by_fact: dict[str, list[_Entry]] = {}
    checked: list[tuple[Check, _Entry]] = []
    causes = []
    for i, cause in enumerate(knowledge.cramp_causes.causes.values()):
        cited = {*cause.sources, *weights}
        for position, ev in enumerate(cause.evidence):
            shown = f"{ev.text} ({ev.weight:+g})" if ev.weight else ev.text
            sources = tuple(dict.fromkeys(s for s in ev.sources if s not in cited))
            entry = _Entry(i, position, ev.weight, shown, ev.fact, ev.text, sources)
            if is_complex(ev.fact):
                checked.append((compile_term(ev.fact), entry))
            else:
                by_fact.setdefault(ev.fact, []).append(entry)
        tests = tuple(cause.distinguishing_tests)
        causes.append(
            _Cause(
                code=cause.code,
                label=cause.label,
                prior=cause.prior,
                prior_score=round(1.0 / (1.0 + math.exp(-cause.prior)), 3),
                sources=tuple(dict.fromkeys([*cause.sources, *weights])),
                requires=compile_rule(cause.requires) if cause.requires else None,
                impossible=compile_rule(cause.impossible_when) if cause.impossible_when else None,
                tests=tests,
                measured=frozenset(f"lab:{t}:measured" for t in tests),
                test_facts=tuple((t, f"lab:{t}:measured") for t in tests),
            )
        )
    return _Index(by_fact, frozenset(by_fact), tuple(checked), causes)


def rank_causes(facts: Facts, knowledge: Knowledge) -> list[CauseScore]:
    names = facts.names
    if "cramps:present" not in names:
        return []
    index = knowledge.derived(_build_index)
    held: dict[int, list[_Entry]] = {}
    for name in index.fact_names & names:
        for entry in index.by_fact[name]:
            if entry.cause in held:
                held[entry.cause].append(entry)
            else:
                held[entry.cause] = [entry]
    for check, entry in index.checked:
        if check.holds(facts):
            held.setdefault(entry.cause, []).append(entry)
    ranked = []
    for i, cause in enumerate(index.causes):
        if cause.impossible is not None and cause.impossible.holds(facts):
            continue
        entries = held.get(i)
        excluded = cause.requires is not None and not cause.requires.holds(facts)
        ev_for: Sequence[str]
        ev_against: Sequence[str]
        notes: Sequence[str]
        sources: Sequence[str]
        if entries:
            if len(entries) > 1:
                entries.sort(key=_POSITION)
            logit, ev_for, against, notes, sources = _weigh(cause, entries, facts.details)
            score = round(1.0 / (1.0 + math.exp(-logit)), 3)
            if excluded:
                against.append(_EXCLUDED_NOTE)
            ev_against = against
        else:
            ev_for = ev_against = notes = _NONE
            score, sources = cause.prior_score, cause.sources  # already rounded
            if excluded:
                ev_against = _EXCLUDED_ONLY
        if excluded:
            score = _EXCLUDED_SCORE
        tests: Sequence[str] = cause.tests
        if tests and not names.isdisjoint(cause.measured):
            tests = [t for t, measured in cause.test_facts if measured not in names]
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
    cause: _Cause, entries: list[_Entry], details: dict[str, list[str]]
) -> tuple[float, list[str], list[str], list[str], Sequence[str]]:
    """The cause's logit from the evidence that holds; that evidence as shown (for, against,
    notes); and the sources, the cause's own first."""
    logit = cause.prior
    ev_for: list[str] = []
    ev_against: list[str] = []
    notes: list[str] = []
    extra: list[str] = []
    for entry in entries:
        weight = entry.weight
        logit += weight
        shown = entry.shown
        if details and entry.fact in details:
            about = ", ".join(details[entry.fact])
            shown = f"{entry.text}: {about} ({weight:+g})"
        if weight > 0:
            ev_for.append(shown)
        elif weight < 0:
            ev_against.append(shown)
        else:
            notes.append(shown)
        if entry.sources:
            extra += entry.sources
    sources = list(dict.fromkeys((*cause.sources, *extra))) if extra else cause.sources
    return logit, ev_for, ev_against, notes, sources
