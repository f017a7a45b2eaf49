"""Triage: red flags first, stopping at the first that holds; otherwise the least urgent
level whose rule holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from b12.core.contract import RedFlagJSON, TriageJSON, TriageLevel
from b12.core.facts import Facts, FirstRule
from b12.knowledge import Knowledge


@dataclass(slots=True)
class RedFlagHit:
    code: str
    message: str
    sources: list[str]

    def to_dict(self) -> RedFlagJSON:
        return {"code": self.code, "message": self.message, "sources": self.sources}


@dataclass(slots=True)
class TriageResult:
    level: TriageLevel
    red_flags: list[RedFlagHit] = field(default_factory=list)
    reason: str = ""
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> TriageJSON:
        return {
            "level": self.level,
            "red_flags": [r.to_dict() for r in self.red_flags],
            "reason": self.reason,
            "sources": self.sources,
        }


_SELF_CARE = (
    "Nothing found that needs a clinician soon; the self-care steps below apply, and see a "
    "clinician if things change or do not settle."
)


def _compile(knowledge: Knowledge) -> tuple[FirstRule, FirstRule]:
    rules = knowledge.triage
    return (
        FirstRule([flag.when for flag in rules.red_flags]),
        FirstRule([level.when for level in rules.levels]),
    )


def triage(facts: Facts, knowledge: Knowledge, every_flag: bool = False) -> TriageResult:
    """The first red flag decides the level; ``every_flag`` lists each one that holds
    (the lab report shows every result that needs care, most urgent first)."""
    rules = knowledge.triage
    flag_rules, level_rules = knowledge.derived(_compile)
    found = flag_rules.holding(facts, stop_at_first=not every_flag)
    if found:
        flags = [rules.red_flags[i] for i in found]
        hits = [RedFlagHit(f.code, f.message, list(f.sources)) for f in flags]
        first = flags[0]
        return TriageResult(first.level, hits, first.message, list(first.sources))
    first_level = level_rules.first(facts)
    if first_level is not None:
        level = rules.levels[first_level]
        return TriageResult(level.level, [], level.reason, list(level.sources))
    return TriageResult("self_care", [], _SELF_CARE, [])
