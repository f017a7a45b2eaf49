"""Scores of the assessment on the published-case set (tests/published_cases/P*.json).

Each case comes from a published case report, guideline scenario or teaching vignette, with
the diagnosis and care setting the source reached. The scores are the issue-14 targets:
B12 status right, no emergency or admitted case told to wait (under-triage), the published
cause among the top three, and few cases sent to more urgent care than they needed.

Run ``./dev python -m tests.published_cases.scoring`` for the table; CI prints the totals
after the test run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from b12.core.assess import assess
from b12.core.case import parse_case
from b12.knowledge import Knowledge, load_knowledge

HERE = Path(__file__).parent
LEVELS = ["self_care", "routine", "soon", "urgent", "emergency"]
# The least and the most urgent level that fits where the source says the person was cared for.
SETTING_LEVELS = {
    "emergency": ("urgent", "emergency"),
    "admitted": ("urgent", "emergency"),
    "same_day": ("soon", "urgent"),
    "outpatient": ("routine", "soon"),
    "primary_care": ("routine", "soon"),
    "self_care": ("self_care", "routine"),
}
NEEDS_HOSPITAL = frozenset({"emergency", "admitted"})


def load_cases() -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted(HERE.glob("P*.json"))]


@dataclass(frozen=True)
class Outcome:
    id: str
    setting: str
    level: str
    status_ok: bool
    under_triaged: bool
    over_triaged: bool
    top3_ok: bool | None  # None: the case describes no cramps
    top3: tuple[str, ...]
    status: str

    @property
    def line(self) -> str:
        marks = [
            "" if self.status_ok else f"status {self.status}",
            "UNDER-TRIAGED" if self.under_triaged else "",
            "over-triaged" if self.over_triaged else "",
            "" if self.top3_ok in (True, None) else f"top3 {','.join(self.top3)}",
        ]
        return f"{self.id:6} {self.setting:12} {self.level:10} {' '.join(m for m in marks if m)}"


def score_case(case: dict[str, Any], knowledge: Knowledge) -> Outcome:
    out = assess(parse_case(case["case"]), knowledge).to_dict(knowledge)
    expected = case["expected"]
    level = out["triage"]["level"]
    setting = case["care_setting"]
    least, most = SETTING_LEVELS[setting]
    rank = LEVELS.index(level)
    top3 = tuple(c["cause"] for c in out["cramp_causes"][:3])
    wanted = expected.get("top3_causes_any")
    statuses = {expected["b12_status"], *expected.get("b12_status_also_acceptable", [])}
    return Outcome(
        id=case["id"],
        setting=setting,
        level=level,
        status_ok=out["b12_status"]["category"] in statuses,
        under_triaged=setting in NEEDS_HOSPITAL and rank < LEVELS.index(least),
        over_triaged=rank > LEVELS.index(most),
        top3_ok=None if not wanted else bool(set(wanted) & set(top3)),
        top3=top3,
        status=out["b12_status"]["category"],
    )


@dataclass(frozen=True)
class Scores:
    outcomes: list[Outcome]

    @property
    def n(self) -> int:
        return len(self.outcomes)

    def share(self, attr: str) -> float:
        return sum(bool(getattr(o, attr)) for o in self.outcomes) / max(self.n, 1)

    @property
    def top3(self) -> float:
        scored = [o for o in self.outcomes if o.top3_ok is not None]
        return sum(bool(o.top3_ok) for o in scored) / max(len(scored), 1)

    def summary(self) -> str:
        hospital = sum(o.setting in NEEDS_HOSPITAL for o in self.outcomes)
        return (
            f"published cases: {self.n} ({hospital} emergency or admitted); "
            f"B12 status {self.share('status_ok'):.0%}; "
            f"under-triage {sum(o.under_triaged for o in self.outcomes)}; "
            f"top-3 cause {self.top3:.0%}; over-triage {self.share('over_triaged'):.0%}"
        )


def score_all(knowledge: Knowledge | None = None) -> Scores:
    knowledge = knowledge or load_knowledge()
    return Scores([score_case(c, knowledge) for c in load_cases()])


if __name__ == "__main__":
    scores = score_all()
    for outcome in scores.outcomes:
        print(outcome.line)
    print(scores.summary())
