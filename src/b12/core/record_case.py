"""The assessment case built from a person's own record: profile, medicines and diary.

A person who logs labs, cramps, symptoms, foods and medicines should not have to tell the
self-check all of it again, and what they ate is evidence no questionnaire collects. This
module turns a ``Record`` into the contract's case (section 1) and says, for every field it
filled, which entries or medicines it came from and on which dates, so the answer can show
its working. What it cannot know from the record it leaves out ("not known"), for the
questionnaire to ask; it never writes an absence the person did not state.

The windows (how recent a lab, a cramp or a meal must be to describe "now") and the intake
fact rules are knowledge data (``diary_case.toml``) with their sources. Pure: the caller
passes the record and today's date.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, get_args

from b12.core.case import Case, Location, Symptom, Timing, parse_case
from b12.core.diary import (
    CrampEntry,
    DrinkEntry,
    Entry,
    FoodEntry,
    LabEntry,
    Medicine,
    Record,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.diary_contract import DerivedJSON, RecordJSON
from b12.core.diary_days import entry_day
from b12.core.intake import IntakeFigures, IntakeReport, analyse_intake
from b12.core.models import lab_data, result_text
from b12.knowledge import Knowledge

Origin = Literal["profile", "medicines", "diary", "intake"]
_LOCATIONS = frozenset(get_args(Location))
_TIMINGS = frozenset(get_args(Timing))
_SYMPTOMS = frozenset(get_args(Symptom))
_TRIGGER_OF_TIMING = {
    "during_exercise": "exercise",
    "after_exercise": "exercise",
    "walking": "walking",
    "during_dialysis": "dialysis",
}
_WEEK = 7.0
_YEAR_DAYS = 365.25


@dataclass(frozen=True, slots=True)
class Derived:
    """One field of the case and where it came from."""

    field: str  # the case path, e.g. "labs[0]", "cramps.locations", "person.diet"
    text: str  # what was taken, in words
    origin: Origin
    ids: tuple[int, ...] = ()  # diary entry ids (origin diary) or medicine ids (medicines)
    first: date | None = None  # the earliest and latest dates it rests on
    last: date | None = None

    def to_dict(self) -> DerivedJSON:
        return {
            "field": self.field,
            "text": self.text,
            "origin": self.origin,
            "ids": list(self.ids),
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


@dataclass(slots=True)
class RecordCase:
    """The case data (contract JSON), the validated case, where each part came from, and
    what the record could not tell."""

    data: dict[str, Any]
    case: Case
    derived: list[Derived]
    missing: list[str]
    today: date
    intake: IntakeReport | None = None

    def to_dict(self, knowledge: Knowledge) -> RecordJSON:
        rules = knowledge.diary_case
        ids = [*rules.sources, *rules.lab_window_sources, *rules.windows.sources]
        if "intake" in self.data:
            ids += rules.intake_facts.sources
        return {
            "today": self.today.isoformat(),
            "case": self.data,
            "derived": [d.to_dict() for d in self.derived],
            "missing": list(self.missing),
            "sources": list(dict.fromkeys(ids)),
        }


@dataclass(slots=True)
class _Builder:
    record: Record
    knowledge: Knowledge
    today: date
    data: dict[str, Any] = field(default_factory=lambda: {"person": {}})
    derived: list[Derived] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    intake: IntakeReport | None = None

    def note(self, path: str, text: str, origin: Origin, entries: Sequence[Any] = ()) -> None:
        ids = tuple(e.id for e in entries if e.id is not None)
        days = [entry_day(e) for e in entries if not isinstance(e, Medicine)]
        days += [m.started for m in entries if isinstance(m, Medicine) and m.started]
        first, last = (min(days), max(days)) if days else (None, None)
        self.derived.append(Derived(path, text, origin, ids, first, last))

    def since(self, days: int) -> list[Entry]:
        first = self.today - timedelta(days=days - 1)
        return [e for e in self.record.entries if first <= entry_day(e) <= self.today]


def build_record_case(record: Record, knowledge: Knowledge, today: date) -> RecordCase:
    """The case a person's record holds, as of ``today`` (their local date)."""
    b = _Builder(record, knowledge, today)
    _person(b)
    _conditions(b)
    _medicines(b)
    _labs(b)
    _symptoms(b)
    _cramps(b)
    _supplements(b)
    _injections(b)
    _intake(b)
    return RecordCase(b.data, parse_case(b.data), b.derived, b.missing, today, b.intake)


def _person(b: _Builder) -> None:
    p = b.record.profile
    person = b.data["person"]
    person["age"] = p.age
    said = [f"age {p.age:g}"]
    if p.sex is not None:
        person["sex"] = p.sex
        said.append(p.sex)
    if p.sex != "male":
        person["pregnant"] = p.pregnant
        person["breastfeeding"] = p.breastfeeding
        said += ["pregnant" if p.pregnant else "not pregnant"]
        said += ["breastfeeding"] if p.breastfeeding else []
    if p.diet is not None:
        person["diet"] = p.diet
        said.append(f"{p.diet} diet")
    b.note("person", ", ".join(said), "profile")


def _conditions(b: _Builder) -> None:
    conditions = b.record.profile.conditions
    if conditions:
        b.data["conditions"] = list(conditions)
        b.note("conditions", _plain(conditions, b.knowledge), "profile")
    else:
        b.missing.append("no conditions in the profile (the self-check asks)")


def _medicines(b: _Builder) -> None:
    window = b.knowledge.diary_case.windows.medicine_stopped_weeks
    taken = []
    for med in b.record.medicines:
        stopped_weeks = _weeks(med.stopped, b.today)
        if stopped_weeks is not None and stopped_weeks > window:
            continue
        taken.append((med, _medication(med, b.today)))
    if not taken:
        b.missing.append("no medicines in the record (the self-check asks)")
        return
    b.data["medications"] = [item for _, item in taken]
    for i, (med, _) in enumerate(taken):
        b.note(f"medications[{i}]", _medicine_text(med, b.today), "medicines", [med])


def _medication(med: Medicine, today: date) -> dict[str, Any]:
    item: dict[str, Any] = {"name": med.generic or med.name}
    if med.dose_mg_per_day is not None:
        item["dose_mg_per_day"] = med.dose_mg_per_day
    if med.started is not None:
        end = med.stopped or today
        item["years"] = round((end - med.started).days / _YEAR_DAYS, 2)
        item["started_weeks_ago"] = _weeks(med.started, today)
    for key, day in (
        ("dose_changed_weeks_ago", med.dose_changed),
        ("stopped_weeks_ago", med.stopped),
    ):
        if day is not None:
            item[key] = _weeks(day, today)
    if med.improved_after_stopping is not None:
        item["improved_after_stopping"] = med.improved_after_stopping
    return item


def _medicine_text(med: Medicine, today: date) -> str:
    text = med.name + (f" ({med.generic})" if med.generic and med.generic != med.name else "")
    if med.dose_text:
        text += f" {med.dose_text}"
    if med.started:
        years = ((med.stopped or today) - med.started).days / _YEAR_DAYS
        text += f", started {med.started} ({years:.1f} years)"
    if med.stopped:
        text += f", stopped {med.stopped}"
    return text


def _labs(b: _Builder) -> None:
    rules = b.knowledge.diary_case
    latest: dict[str, LabEntry] = {}
    older: list[str] = []
    for entry in b.record.entries:
        if not isinstance(entry, LabEntry):
            continue
        age_days = (b.today - entry.on).days
        if age_days < 0:
            continue
        if age_days >= rules.lab_window(entry.lab.test):
            older.append(entry.lab.test)
            continue
        kept = latest.get(entry.lab.test)
        if kept is None or (kept.on, kept.id or 0) <= (entry.on, entry.id or 0):
            latest[entry.lab.test] = entry
    labs = []
    for i, entry in enumerate(sorted(latest.values(), key=lambda e: (e.on, e.lab.test))):
        item = lab_data(entry.lab)
        item["date"] = entry.on.isoformat()
        labs.append(item)
        name = _test_name(entry.lab.test, b.knowledge)
        b.note(f"labs[{i}]", f"{name} {result_text(entry.lab)} on {entry.on}", "diary", [entry])
    if labs:
        b.data["labs"] = labs
    stale = sorted({t for t in older if t not in latest})
    if stale:
        names = ", ".join(_test_name(t, b.knowledge) for t in stale)
        b.missing.append(f"results too old to describe now, so not used: {names}")
    if not labs:
        b.missing.append("no recent lab results in the diary")


def _test_name(test: str, knowledge: Knowledge) -> str:
    found = knowledge.lab_tests.get(test)
    return found.name if found else test


def _symptoms(b: _Builder) -> None:
    days = b.knowledge.diary_case.windows.symptom_days
    logged = [e for e in b.since(days) if isinstance(e, SymptomEntry)]
    codes = list(dict.fromkeys(e.symptom for e in logged if e.symptom in _SYMPTOMS))
    if not codes:
        b.missing.append(f"no symptoms logged in the last {days} days (the self-check asks)")
        return
    b.data["symptoms"] = codes
    b.note("symptoms", _plain(codes, b.knowledge), "diary", logged)


def _cramps(b: _Builder) -> None:
    windows = b.knowledge.diary_case.windows
    recent = [e for e in b.since(windows.cramp_days) if isinstance(e, CrampEntry)]
    if not recent:
        b.missing.append(
            f"no cramps logged in the last {windows.cramp_days} days (the self-check asks)"
        )
        return
    every = [e for e in b.record.entries if isinstance(e, CrampEntry)]
    first_ever = min(entry_day(e) for e in every)
    first_entry = min(entry_day(e) for e in b.record.entries)
    span_days = min(windows.cramp_days, max((b.today - first_entry).days + 1, int(_WEEK)))
    cramps: dict[str, Any] = {
        "episodes_per_week": round(len(recent) * _WEEK / span_days, 2),
        "history_weeks": round(max((b.today - first_ever).days, 0) / _WEEK, 1),
    }
    locations: list[str] = list(
        dict.fromkeys(e.location for e in recent if e.location in _LOCATIONS)
    )
    if locations:
        cramps["locations"] = locations
    timings: list[str] = list(
        dict.fromkeys(e.timing for e in recent if e.timing is not None and e.timing in _TIMINGS)
    )
    if timings:
        cramps["timing"] = timings
        triggers = list(
            dict.fromkeys(_TRIGGER_OF_TIMING[t] for t in timings if t in _TRIGGER_OF_TIMING)
        )
        if triggers:
            cramps["triggers"] = triggers
    minutes = [e.duration_minutes for e in recent if e.duration_minutes is not None]
    if minutes:
        cramps["duration_minutes"] = round(statistics.median(minutes), 2)
    b.data["cramps"] = cramps
    parts = [f"{len(recent)} cramps in the last {span_days} days"]
    if locations:
        parts.append(_plain(locations, b.knowledge))
    if timings:
        parts.append(_plain(timings, b.knowledge))
    if minutes:
        parts.append(f"lasting about {cramps['duration_minutes']:g} min")
    b.note("cramps", "; ".join(parts), "diary", recent)


def _supplements(b: _Builder) -> None:
    windows = b.knowledge.diary_case.windows
    every = [
        e for e in b.record.entries if isinstance(e, SupplementEntry) and e.route != "intramuscular"
    ]
    if not every:
        return  # never logged: not known, not "none"
    recent = [
        e
        for e in b.since(windows.intake_days)
        if isinstance(e, SupplementEntry) and e.route != "intramuscular"
    ]
    since_weeks = round((b.today - min(entry_day(e) for e in every)).days / _WEEK, 1)
    if not recent:
        b.data["person"]["b12_supplement"] = {"frequency": "none"}
        b.note(
            "person.b12_supplement",
            f"no B12 supplement logged in the last {windows.intake_days} days",
            "diary",
            every[-1:],
        )
        return
    days_taken = len({entry_day(e) for e in recent})
    per_week = days_taken * _WEEK / windows.intake_days
    frequency = (
        "daily"
        if per_week >= windows.supplement_daily_min_per_week
        else "weekly"
        if per_week >= 1
        else "irregular"
    )
    dose = statistics.median(e.dose_ug for e in recent)
    b.data["person"]["b12_supplement"] = {
        "dose_ug": dose,
        "frequency": frequency,
        "since_weeks": since_weeks,
    }
    b.note(
        "person.b12_supplement",
        f"B12 {dose:g} µg on {days_taken} of the last {windows.intake_days} days ({frequency})",
        "diary",
        recent,
    )


def _injections(b: _Builder) -> None:
    shots = [
        e for e in b.record.entries if isinstance(e, SupplementEntry) and e.route == "intramuscular"
    ]
    if not shots:
        return
    days = sorted({entry_day(e) for e in shots})
    last = days[-1]
    treatment: dict[str, Any] = {
        "route": "intramuscular",
        "dose_ug": shots[-1].dose_ug,
        "last_dose_weeks_ago": round((b.today - last).days / _WEEK, 1),
    }
    if len(days) >= 2:
        gaps = [(later - earlier).days / _WEEK for earlier, later in itertools.pairwise(days)]
        interval = round(statistics.median(gaps), 1)
        treatment["interval_weeks"] = interval
        lapsed = (
            treatment["last_dose_weeks_ago"]
            > interval * b.knowledge.diary_case.windows.injection_lapsed_factor
        )
        treatment["status"] = "lapsed" if lapsed else "current"
    b.data["person"]["b12_treatment"] = treatment
    b.note(
        "person.b12_treatment", f"{len(shots)} B12 injections, the last on {last}", "diary", shots
    )


def _intake(b: _Builder) -> None:
    """Intake facts from the days with foods logged (a day with only a drink says nothing
    about what was eaten), and fluids from the days with drinks logged."""
    windows = b.knowledge.diary_case.windows
    start = b.today - timedelta(days=windows.intake_days - 1)
    in_window = b.since(windows.intake_days)
    report = analyse_intake(in_window, b.record.profile, b.knowledge, start, b.today)
    b.intake = report
    food_days = {entry_day(e) for e in in_window if isinstance(e, FoodEntry)}
    eaten = [d.figures for d in report.days if d.day in food_days]
    if len(eaten) < windows.intake_min_days:
        b.missing.append(
            f"foods logged on {len(eaten)} of the last {windows.intake_days} days: at least "
            f"{windows.intake_min_days} are needed to use what you eat as evidence"
        )
    else:
        _nutrient_intake(b, eaten, [e for e in in_window if e.kind in ("food", "supplement")])
    drinks = [e for e in in_window if isinstance(e, DrinkEntry)]
    drink_days = [d for d in report.days if d.figures.fluids.drinks_l > 0]
    if len(drink_days) >= windows.intake_min_days:
        litres = statistics.fmean(d.figures.fluids.total_l for d in drink_days)
        b.data.setdefault("context", {})["fluid_intake_l_per_day"] = round(litres, 2)
        b.note(
            "context.fluid_intake_l_per_day",
            f"{litres:.1f} L a day (drinks and water in food) on {len(drink_days)} days "
            "with drinks logged",
            "intake",
            drinks,
        )


def _nutrient_intake(b: _Builder, days: list[IntakeFigures], eating: list[Entry]) -> None:
    intake: dict[str, Any] = {"days_logged": len(days)}
    target = days[0].b12.absorbed_target_ug
    if target:
        intake["b12_absorbed_ug"] = {
            "amount": round(statistics.fmean(d.b12.absorbed.central for d in days), 3),
            "target": target,
            "complete": all(d.b12.complete for d in days),
        }
    for name in ("potassium", "magnesium", "calcium"):
        amounts = [d.minerals[name] for d in days if name in d.minerals]
        if len(amounts) == len(days) and amounts[0].target:
            intake[f"{name}_mg"] = {
                "amount": round(statistics.fmean(a.amount for a in amounts), 1),
                "target": amounts[0].target,
                "complete": all(a.complete for a in amounts),
            }
    b.data["intake"] = intake
    b.note("intake", _intake_text(intake), "intake", eating)
    fortified = statistics.fmean(d.b12.eaten.food_fortified_ug for d in days)
    if b.data["person"].get("diet") in ("vegan", "vegetarian") or fortified > 0:
        b.data["person"]["fortified_foods_ug_per_day"] = round(fortified, 3)
        b.note(
            "person.fortified_foods_ug_per_day",
            f"{fortified:.2g} µg a day of B12 from fortified foods",
            "intake",
            [e for e in eating if isinstance(e, FoodEntry)],
        )


def _intake_text(intake: dict[str, Any]) -> str:
    parts = []
    labels = {
        "b12_absorbed_ug": ("absorbed B12", "µg"),
        "potassium_mg": ("potassium", "mg"),
        "magnesium_mg": ("magnesium", "mg"),
        "calcium_mg": ("calcium", "mg"),
    }
    for key, (label, unit) in labels.items():
        if key in intake:
            v = intake[key]
            share = v["amount"] / v["target"]
            at_least = "" if v["complete"] else "at least "
            parts.append(f"{label} {at_least}{v['amount']:.3g} {unit} ({share:.0%} of target)")
    return f"average of {intake['days_logged']} days with foods logged: " + ", ".join(parts)


def _plain(codes: Sequence[str], knowledge: Knowledge) -> str:
    return ", ".join(knowledge.plain_terms.of(code) for code in codes)


def _weeks(day: date | None, today: date) -> float | None:
    if day is None:
        return None
    return round(max((today - day).days, 0) / _WEEK, 1)
