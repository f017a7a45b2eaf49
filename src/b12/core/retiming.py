"""Re-timing advice: what splitting or spacing a day's crystalline B12 would change.

The intake report states what a day's B12 was; this answers a different question, what
the same B12 taken at other times would have given, by re-running the absorption model on
re-timed copies of the day. Kept apart from the report's arithmetic because it is a search
over alternatives with its own thresholds (``absorption.toml``'s ``advice``) and wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from b12.core.absorption import B12Intake, absorb, move_intakes, split_intakes
from b12.core.diary_contract import RetimingJSON
from b12.knowledge.models import AbsorptionModel, AbsorptionParams


@dataclass(frozen=True, slots=True)
class Retiming:
    """A re-timing of one intake and what the model says it would change that day."""

    kind: Literal["split", "space"]
    text: str
    label: str
    at: datetime
    dose_ug: float
    absorbed_before_ug: float
    absorbed_after_ug: float

    @property
    def gain_ug(self) -> float:
        return self.absorbed_after_ug - self.absorbed_before_ug

    def to_dict(self) -> RetimingJSON:
        return {
            "kind": self.kind,
            "text": self.text,
            "intake": self.label,
            "at": self.at.isoformat(),
            "dose_ug": round(self.dose_ug, 3),
            "absorbed_before_ug": round(self.absorbed_before_ug, 3),
            "absorbed_after_ug": round(self.absorbed_after_ug, 3),
            "gain_ug": round(self.gain_ug, 3),
        }


def _fmt(ug: float) -> str:
    """One decimal below 10 µg, whole µg above; halves round up (1.55 -> 1.6, 2.55 -> 2.6)."""
    nudged = ug + 1e-9  # 2.55 is stored as 2.5499..., which would print as 2.5
    return f"{nudged:.1f}" if ug < 10 else f"{nudged:.0f}"


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: Literal["split", "space"]
    intake: B12Intake  # the crystalline intake that prompted it
    item_ug: float  # all B12 of that food or dose (natural + added)
    retimed: list[B12Intake]


def _candidates(
    intakes: list[B12Intake], episode: tuple[B12Intake, ...], hours: float
) -> list[_Candidate]:
    """Re-timed copies of the day worth trying for one IF-saturated episode: split its
    largest crystalline intake in two, or move its last crystalline intake (a dose before
    a fortified food) out of the episode. A food moves or splits whole: its natural B12
    goes with its added B12."""
    crystalline = [i for i in episode if i.crystalline]
    if not crystalline:
        return []  # natural food only: splitting a meal is not practical advice

    def same_item(target: B12Intake) -> set[int]:
        return {k for k, i in enumerate(intakes) if i.at == target.at and i.label == target.label}

    def total(indices: set[int]) -> float:
        return sum(intakes[k].ug for k in indices)

    largest = max(crystalline, key=lambda i: i.ug)
    whole = same_item(largest)
    out = [_Candidate("split", largest, total(whole), split_intakes(intakes, whole, 2, hours))]
    later = [i for i in crystalline if i.at > episode[0].at]
    if later:
        moved = max(later, key=lambda i: (i.kind == "supplement", i.at))
        whole = same_item(moved)
        to = episode[0].at + timedelta(hours=hours)
        out.append(_Candidate("space", moved, total(whole), move_intakes(intakes, whole, to)))
    return out


def _advice_text(
    candidate: _Candidate, first: B12Intake, hours: float, before: float, after: float
) -> str:
    """E.g. 'Taking the 5 µg dose ... as two 2.5 µg doses at least 4 h apart would raise
    absorbed B12 that day from ~1.6 to ~2.6 µg.'"""
    intake, ug = candidate.intake, candidate.item_ug
    when = intake.at.strftime("%H:%M")
    change = f"would raise absorbed B12 that day from ~{_fmt(before)} to ~{_fmt(after)} µg"
    if intake.kind == "supplement":
        what, verb, parts = f"the {intake.label} dose at {when}", "Taking", "doses"
    else:
        what, verb, parts = f"{intake.label} at {when} ({ug:g} µg B12)", "Eating", "servings"
    if candidate.kind == "split":
        return f"{verb} {what} as two {ug / 2:g} µg {parts} at least {hours:g} h apart {change}."
    return (
        f"{verb} {what} at least {hours:g} h after the B12 at "
        f"{first.at.strftime('%H:%M')} {change}."
    )


def _when(intake: B12Intake) -> datetime:
    return intake.at


def retiming_advice(
    intakes: Sequence[B12Intake], params: AbsorptionParams, model: AbsorptionModel
) -> list[Retiming]:
    """What splitting or spacing the day's crystalline B12 would change, by re-running the
    model on re-timed copies of the day. At most one suggestion per saturated episode (the
    one that gains most), and only gains above the thresholds in ``absorption.toml``."""
    day = list(intakes)
    base_run = absorb(day, params)
    before = base_run.absorbed_ug
    rule = model.advice
    hours = params.recovery_hours
    advice = []
    for episode in base_run.episodes:
        if not episode.if_saturated:
            continue
        # what drew the store down: this event and the intakes in the recovery time before it
        since = episode.start - timedelta(hours=hours)
        cluster = tuple(
            sorted((i for i in day if since < i.at <= episode.start and i.ug > 0), key=_when)
        )
        best: Retiming | None = None
        for candidate in _candidates(day, cluster, hours):
            after = absorb(candidate.retimed, params).absorbed_ug
            gain = after - before
            if gain < rule.min_gain_ug or gain < rule.min_gain_fraction * before:
                continue
            better = best is None or after > best.absorbed_after_ug + 1e-9
            # on a tie, moving a dose is simpler advice than splitting a tablet
            tie = best is not None and abs(after - best.absorbed_after_ug) <= 1e-9
            if better or (tie and candidate.kind == "space"):
                text = _advice_text(candidate, cluster[0], hours, before, after)
                intake = candidate.intake
                best = Retiming(
                    candidate.kind, text, intake.label, intake.at, candidate.item_ug, before, after
                )
        if best is not None:
            advice.append(best)
    return advice
