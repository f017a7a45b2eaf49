"""The diary for web requests: one store per app, the current profile, and one way to turn
what a form or a JSON body says into a diary entry.

Everything here calls the diary application (``b12.diary``: parsers, food resolution,
profile choice) and the store (``b12.store``); nothing is re-implemented. Forms and the JSON
API send the same flat text fields (``kind``, ``at``, ``food``, ``amount``, ``dose`` …), so
both are read by ``build_entry`` and name the same field when something is wrong.

The current profile is the one ``b12 profile use`` remembers (a file in ``B12_HOME``), so the
web app and the command line always agree on whose diary is open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, get_args

from b12.core.case import Location, Symptom, Timing
from b12.core.diary import (
    CONDITIONS as ALL_CONDITIONS,
)
from b12.core.diary import (
    SUPPLEMENT_FORMS,
    CrampEntry,
    DrinkEntry,
    Entry,
    FoodEntry,
    LabEntry,
    Profile,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.models import result_text
from b12.core.scope import MAX_AGE_YEARS, MIN_AGE_YEARS
from b12.diary.contract import EntryJSON, ProfileJSON
from b12.diary.days import now
from b12.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from pathlib import Path

    from starlette.requests import Request

    from b12.knowledge import Knowledge
    from b12.store import DiaryStore
    from b12.web.food_access import FoodIndexProvider

KINDS = ("food", "supplement", "drink", "cramp", "symptom", "lab")
MEALS = ("breakfast", "lunch", "dinner", "snack")
FORMS = SUPPLEMENT_FORMS
ROUTES = ("oral", "sublingual", "intramuscular")
SEXES = ("female", "male")
DIETS = ("omnivore", "pescatarian", "vegetarian", "vegan")
LOCATIONS: tuple[str, ...] = get_args(Location)
TIMINGS: tuple[str, ...] = get_args(Timing)
SYMPTOMS: tuple[str, ...] = get_args(Symptom)
CONDITIONS = ALL_CONDITIONS  # every condition of the assessment contract
ENTRY_FIELDS = (
    "kind", "at", "food", "food_id", "amount", "meal", "dose", "form", "route", "volume",
    "what", "location", "timing", "duration", "severity", "symptom", "note", "result", "date",
)  # fmt: skip
MAX_DAYS = 366
T = TypeVar("T")


class DiaryProvider:
    """The app's one ``DiaryStore`` (migrated when first used, closed at shutdown)."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self._store: DiaryStore | None = None
        self._lock = threading.Lock()

    def get(self) -> DiaryStore:
        with self._lock:
            if self._store is None:
                from b12.store import DiaryStore

                self._store = DiaryStore(self.url)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def owned_by(self, owner: int) -> DiaryProvider:
        """This diary as account ``owner`` sees it (``DiaryStore.owned_by``)."""
        return OwnedDiary(self, owner)


class OwnedDiary(DiaryProvider):
    """One account's view of the app's store, for one request; closing it closes nothing."""

    def __init__(self, base: DiaryProvider, owner: int) -> None:
        self.url = base.url
        self._base = base
        self._owner = owner

    def get(self) -> DiaryStore:
        return self._base.get().owned_by(self._owner)

    def close(self) -> None:
        pass


def profile_home(store: DiaryStore, home: Path) -> Path:
    """Where the current profile is remembered: ``B12_HOME`` (shared with the command
    line) without accounts; a folder of the account's own with them, so one account's
    choice never names a profile of another."""
    return home if store.owner is None else home / "accounts" / str(store.owner)


def page_days(request: Request, default: int) -> int:
    """The ``days`` a page was asked for, within 1..MAX_DAYS (``default`` if not a number)."""
    text = request.query_params.get("days", str(default))
    return min(max(int(text), 1), MAX_DAYS) if text.isdigit() else default


def current_profile(store: DiaryStore, home: Path, explicit: str | None = None) -> Profile:
    """The profile the diary pages show (see the module docstring). Over HTTP, a profile
    asked for by name that does not exist is named alone: the answer never lists the other
    people in the diary (the CLI, run by the diary's owner, does)."""
    from b12.diary.profiles import pick_profile

    try:
        return pick_profile(store, profile_home(store, home), explicit or None)
    except InputError as exc:
        if explicit and exc.message.startswith("no profile named"):
            raise NotFoundError(f"no profile named {explicit!r}", field="profile") from None
        raise


# Profiles ---------------------------------------------------------------------------------


def profile_from_fields(
    fields: Mapping[str, Any], knowledge: Knowledge, name: str | None = None
) -> Profile:
    """A profile from form or JSON fields; ``InputError`` names the field at fault."""
    name = name if name is not None else str(fields.get("name") or "").strip()
    if not name:
        raise InputError("give a name", field="name")
    age_text = str(fields.get("age") if fields.get("age") is not None else "").strip()
    try:
        age = float(age_text)
    except ValueError:
        raise InputError("give the age in years, e.g. 42", field="age") from None
    if not MIN_AGE_YEARS <= age <= MAX_AGE_YEARS:
        raise InputError(f"b12 is for people aged {MIN_AGE_YEARS} to {MAX_AGE_YEARS}", field="age")
    sex = _choice(fields.get("sex"), SEXES, "sex")
    diet = _choice(fields.get("diet"), DIETS, "diet")
    pregnant = _flag(fields.get("pregnant"))
    breastfeeding = _flag(fields.get("breastfeeding"))
    if (pregnant or breastfeeding) and sex == "male":
        raise InputError("pregnant or breastfeeding is ticked but sex is male", field="pregnant")
    raw = fields.get("conditions") or []
    conditions = [str(c) for c in (raw if isinstance(raw, list) else [raw])]
    for c in conditions:
        if c not in CONDITIONS:
            raise InputError(f"unknown condition {c!r}", field="conditions")
    references = knowledge.intake_targets.references
    reference = str(fields.get("reference") or knowledge.intake_targets.default_reference)
    if reference not in references:
        raise InputError(f"choose one of {', '.join(references)}", field="reference")
    return Profile(
        name=name,
        age=age,
        sex=sex,  # type: ignore[arg-type]
        pregnant=pregnant,
        breastfeeding=breastfeeding,
        diet=diet,  # type: ignore[arg-type]
        conditions=sorted(set(conditions)),
        reference=reference,
    )


def _choice(value: Any, allowed: tuple[str, ...], field: str) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise InputError(f"choose {', '.join(allowed)} or leave it empty", field=field)
    return str(value)


def _flag(value: Any) -> bool:
    return value is True or value in ("on", "true", "1", "yes")


def profile_json(profile: Profile, current: str | None = None) -> ProfileJSON:
    return {
        "name": profile.name,
        "age": profile.age,
        "sex": profile.sex,
        "pregnant": profile.pregnant,
        "breastfeeding": profile.breastfeeding,
        "diet": profile.diet,
        "conditions": list(profile.conditions),
        "reference": profile.reference,
        "id": profile.id,
        "current": profile.name == current,
    }


# Entries ----------------------------------------------------------------------------------


def _text(fields: Mapping[str, Any], name: str) -> str:
    value = fields.get(name)
    return "" if value is None else str(value).strip()


def build_entry(
    fields: Mapping[str, Any],
    knowledge: Knowledge,
    foods: FoodIndexProvider,
    *,
    when: datetime | None = None,
) -> Entry:
    """One diary entry from flat text fields (see ``ENTRY_FIELDS``).

    A food is named by ``food_id`` or searched with the words in ``food``; when several
    foods match, ``b12.diary.foods.AmbiguousFood`` carries the candidates to choose from.
    """
    kind = _text(fields, "kind")
    if kind not in KINDS:
        raise InputError(f"choose one of {', '.join(KINDS)}", field="kind")
    from b12.diary.parse import (
        parse_day,
        parse_dose_ug,
        parse_duration_min,
        parse_volume_ml,
        parse_when,
    )

    moment = when or now()
    if kind != "lab":
        moment = _named(lambda: parse_when(_text(fields, "at") or None, moment), "at")
    if kind == "food":
        return _food(fields, foods, moment)
    if kind == "supplement":
        form = _text(fields, "form") or "cyanocobalamin"
        route = _text(fields, "route") or "oral"
        if form not in FORMS:
            raise InputError(f"choose one of {', '.join(FORMS)}", field="form")
        if route not in ROUTES:
            raise InputError(f"choose one of {', '.join(ROUTES)}", field="route")
        dose = _named(lambda: parse_dose_ug(_text(fields, "dose")), "dose")
        return SupplementEntry(at=moment, dose_ug=dose, form=form, route=route)  # type: ignore[arg-type]
    if kind == "drink":
        volume = _named(lambda: parse_volume_ml(_text(fields, "volume")), "volume")
        what = _text(fields, "what")[:100] or "water"
        return DrinkEntry(at=moment, volume_ml=volume, what=what)
    if kind == "cramp":
        location = _text(fields, "location")
        if location not in LOCATIONS:
            raise InputError("choose where the cramp was", field="location")
        timing = _text(fields, "timing") or None
        if timing is not None and timing not in TIMINGS:
            raise InputError(f"choose one of {', '.join(TIMINGS)}", field="timing")
        duration_text = _text(fields, "duration")
        duration = (
            _named(lambda: parse_duration_min(duration_text), "duration") if duration_text else None
        )
        severity = _severity(_text(fields, "severity"))
        return CrampEntry(moment, location, timing, duration, severity)
    if kind == "symptom":
        symptom = _text(fields, "symptom")
        if symptom not in SYMPTOMS:
            raise InputError("choose a symptom from the list", field="symptom")
        return SymptomEntry(at=moment, symptom=symptom, note=_text(fields, "note")[:500] or None)
    return _lab(fields, knowledge, parse_day, moment)


def _named(read: Callable[[], T], field: str) -> T:
    """Run a parser; its error names the form's field."""
    try:
        return read()
    except InputError as exc:
        raise InputError(exc.message, field=field) from None


def _severity(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 10:
        raise InputError("severity is a whole number from 1 (mild) to 10", field="severity")
    return int(text)


def _food(fields: Mapping[str, Any], foods: FoodIndexProvider, moment: datetime) -> FoodEntry:
    from b12.diary.foods import food_entry, resolve_food

    amount = _text(fields, "amount")
    food_id = _text(fields, "food_id")
    words = _text(fields, "food")
    if not amount:
        raise InputError("how much: e.g. 100 g, 3 oz, 1 cup or a portion name", field="amount")
    if not food_id and not words:
        raise InputError("type the food's name and choose it", field="food")
    meal = _text(fields, "meal") or None
    if meal is not None and meal not in MEALS:
        raise InputError(f"choose one of {', '.join(MEALS)}", field="meal")
    index = foods.get()
    if food_id:
        try:
            found, amount_text = resolve_food(index, amount, food_id=food_id[:40], amount=amount)
        except (InputError, NotFoundError) as exc:
            raise InputError(exc.message, field="food_id") from None
    else:
        # "1 g" only lets resolve_food split the words from an amount; ``amount`` is used.
        found, amount_text = resolve_food(index, f"1 g {words[:200]}", amount=amount)
    return _named(lambda: food_entry(found, amount_text, moment, meal), "amount")  # type: ignore[arg-type]


def _lab(
    fields: Mapping[str, Any], knowledge: Knowledge, parse_day: Any, moment: datetime
) -> LabEntry:
    from b12.diary.parse import parse_lab_result

    text = _text(fields, "result")
    if not text:
        raise InputError("type the result, e.g. b12_total=250 pg/mL", field="result")

    lab = _named(lambda: parse_lab_result(text[:300], knowledge), "result")
    day_text = _text(fields, "date")
    day = _named(lambda: parse_day(day_text, "date"), "date") if day_text else moment.date()
    return LabEntry(on=day, lab=lab)


def entry_json(entry: Entry) -> EntryJSON:
    """An entry as JSON (the shape ``b12 log … --json`` prints), with a readable line."""
    from b12.diary.entries import describe, entry_dict

    data = entry_dict(entry)
    data["text"] = describe(entry)
    return data


def entry_fields(entry: Entry) -> dict[str, str]:
    """The form fields that show ``entry`` for editing."""
    out: dict[str, str] = {"kind": entry.kind}
    if not isinstance(entry, LabEntry):
        out["at"] = entry.at.strftime("%Y-%m-%dT%H:%M")
    if isinstance(entry, FoodEntry):
        out |= {
            "food": entry.food_name,
            "food_id": entry.food_id,
            "amount": entry.amount_text,
            "meal": entry.meal or "",
        }
    elif isinstance(entry, SupplementEntry):
        out |= {"dose": f"{entry.dose_ug:g} ug", "form": entry.form, "route": entry.route}
    elif isinstance(entry, DrinkEntry):
        out |= {"volume": f"{entry.volume_ml:g} mL", "what": entry.what}
    elif isinstance(entry, CrampEntry):
        out |= {
            "location": entry.location,
            "timing": entry.timing or "",
            "duration": "" if entry.duration_minutes is None else f"{entry.duration_minutes:g}m",
            "severity": "" if entry.severity is None else str(entry.severity),
        }
    elif isinstance(entry, SymptomEntry):
        out |= {"symptom": entry.symptom, "note": entry.note or ""}
    else:
        lab = entry.lab
        out |= {"result": f"{lab.test}={result_text(lab)}", "date": entry.on.isoformat()}
    return out
