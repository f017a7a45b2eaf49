"""The diary area: log, list, edit and delete entries; JSON twin under ``/api/entries``.

The form and the API send the same flat fields, read by ``diary_access.build_entry`` with
the diary's own parsers and food resolution. When the words match several foods, the API
answers 409 ``ambiguous_food`` with the candidates and never guesses; the page logs in one
step only when the plain name means one everyday food (``b12.foods.everyday``: "soy milk"
is unsweetened soy milk), confirms what it logged and offers the other matches to change
to, and otherwise lists the candidates to choose from. A bad field re-renders the form
with the message beside it and everything typed kept; nothing is written until the whole
entry is read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from b12.config import Settings
from b12.core.diary import Entry, FoodEntry, Profile
from b12.core.diary_days import entry_day
from b12.core.intake import DayIntake, analyse_intake
from b12.diary.contract import CandidateJSON, EntryJSON
from b12.diary.days import bounds, day_range
from b12.diary.foods import CANDIDATES_SHOWN, AmbiguousFood
from b12.errors import B12Error, InputError
from b12.foods.everyday import everyday_choice
from b12.knowledge import Knowledge
from b12.web.deps import DiaryDep, FoodsDep, KnowledgeDep, SettingsDep
from b12.web.diary_access import (
    ENTRY_FIELDS,
    FORMS,
    KINDS,
    LOCATIONS,
    MAX_DAYS,
    MEALS,
    ROUTES,
    SYMPTOMS,
    TIMINGS,
    DiaryProvider,
    build_entry,
    current_profile,
    entry_fields,
    entry_json,
    page_days,
)
from b12.web.diary_schemas import NO_PROFILE, AmbiguousResponse, EntryIn
from b12.web.fast_json import JSONResponse
from b12.web.food_access import FoodIndexProvider
from b12.web.render import page
from b12.web.schemas import ERROR_RESPONSES

api = APIRouter(prefix="/api/entries", tags=["diary"])
pages = APIRouter(include_in_schema=False)

ProfileQ = Annotated[
    str | None,
    Query(max_length=100, description="Whose diary (default: the current profile)."),
]
Days = Annotated[int, Query(ge=1, le=MAX_DAYS, description="The last N days.")]
EntryId = Annotated[int, Path(ge=1, le=2**62, description="The entry's id.")]
_AMBIGUOUS: dict[int | str, dict[str, Any]] = {
    409: {"model": AmbiguousResponse, "description": "Several foods match: choose one."}
}


def _ambiguous(exc: AmbiguousFood) -> JSONResponse:
    candidates: list[CandidateJSON] = [{"id": c.id, "name": c.name} for c in exc.candidates]
    return JSONResponse(
        {
            "error": {
                "code": "ambiguous_food",
                "message": f"several foods match {exc.query!r}: send the food_id of one",
                "field": "food",
                "candidates": candidates,
            }
        },
        409,
    )


@api.get("", response_model=list[EntryJSON], responses={**ERROR_RESPONSES, **NO_PROFILE})
def list_entries(
    diary: DiaryDep, settings: SettingsDep, profile: ProfileQ = None, days: Days = 7
) -> JSONResponse:
    """The entries of the last ``days`` days, oldest first."""
    store = diary.get()
    person = current_profile(store, settings.home, profile)
    entries = store.list_entries(person.name, *bounds(*day_range(days)))
    return JSONResponse([entry_json(e) for e in entries])


@api.post(
    "",
    response_model=EntryJSON,
    status_code=201,
    responses={**ERROR_RESPONSES, **NO_PROFILE, **_AMBIGUOUS},
)
def add_entry(
    body: EntryIn,
    diary: DiaryDep,
    foods: FoodsDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
    profile: ProfileQ = None,
) -> JSONResponse:
    """Log one entry for the profile (see the fields of ``EntryIn``)."""
    store = diary.get()
    person = current_profile(store, settings.home, profile)
    try:
        entry = build_entry(body.model_dump(), knowledge, foods)
    except AmbiguousFood as exc:
        return _ambiguous(exc)
    return JSONResponse(entry_json(store.add_entry(person.name, entry)), 201)


@api.get("/{entry_id}", response_model=EntryJSON, responses={**ERROR_RESPONSES, **NO_PROFILE})
def get_entry(
    entry_id: EntryId, diary: DiaryDep, settings: SettingsDep, profile: ProfileQ = None
) -> JSONResponse:
    store = diary.get()
    person = current_profile(store, settings.home, profile)
    return JSONResponse(entry_json(store.get_entry(entry_id, profile=person.name)))


@api.put(
    "/{entry_id}",
    response_model=EntryJSON,
    responses={**ERROR_RESPONSES, **NO_PROFILE, **_AMBIGUOUS},
)
def replace_entry(
    entry_id: EntryId,
    body: EntryIn,
    diary: DiaryDep,
    foods: FoodsDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
    profile: ProfileQ = None,
) -> JSONResponse:
    """Replace an entry with the one described (it keeps its id; the kind may not change)."""
    store = diary.get()
    person = current_profile(store, settings.home, profile)
    old = store.get_entry(entry_id, profile=person.name)
    if body.kind != old.kind:
        raise InputError(f"entry {entry_id} is a {old.kind} entry", field="kind")
    try:
        entry = build_entry(body.model_dump(), knowledge, foods)
    except AmbiguousFood as exc:
        return _ambiguous(exc)
    entry.id = entry_id
    return JSONResponse(entry_json(store.update_entry(entry, profile=person.name)))


@api.delete("/{entry_id}", status_code=204, responses={**ERROR_RESPONSES, **NO_PROFILE})
def delete_entry(
    entry_id: EntryId, diary: DiaryDep, settings: SettingsDep, profile: ProfileQ = None
) -> Response:
    store = diary.get()
    person = current_profile(store, settings.home, profile)
    store.delete_entry(entry_id, profile=person.name)
    return Response(status_code=204)


# Pages ------------------------------------------------------------------------------------


def _diary_page(
    request: Request,
    diary: DiaryDep,
    settings: SettingsDep,
    days: int,
    form: dict[str, str],
    error: InputError | None = None,
    candidates: list[Any] | None = None,
    editing: int | None = None,
    logged: dict[str, Any] | None = None,
    restore: dict[str, str] | None = None,
) -> HTMLResponse:
    store = diary.get()
    try:
        person = current_profile(store, settings.home)
    except InputError:  # no profile yet, or several and none chosen
        return page(request, "no_profile.html", {"several": bool(store.list_profiles())})
    first, last = day_range(days)
    entries = store.list_entries(person.name, *bounds(first, last))
    knowledge: Knowledge = request.app.state.knowledge
    return page(
        request,
        "diary.html",
        {
            "profile": person,
            "entries": [entry_json(e) for e in reversed(entries)],
            "by_day": _by_day(entries, person, knowledge, first, last),
            "recent": _recent_foods(store.list_entries(person.name, *bounds(*day_range(30)))),
            "restore": restore,
            "days": days,
            "form": form,
            "error": error,
            "candidates": candidates or [],
            "editing": editing,
            "logged": logged,
            "kinds": KINDS,
            "meals": MEALS,
            "forms": FORMS,
            "routes": ROUTES,
            "locations": LOCATIONS,
            "timings": TIMINGS,
            "symptoms": SYMPTOMS,
        },
        200 if error is None else 422,
    )


@dataclass(frozen=True, slots=True)
class DiaryDay:
    """One day of the diary page: its entries, newest first, and what they add up to."""

    day: date
    entries: list[EntryJSON]
    intake: DayIntake | None


def _by_day(
    entries: list[Entry], person: Profile, knowledge: Knowledge, first: date, last: date
) -> list[DiaryDay]:
    """The entries grouped by day, newest day first, each with the day's totals from the
    same intake analysis as the Intake page (so the two never disagree)."""
    report = analyse_intake(entries, person, knowledge, first, last)
    days = {d.day: d for d in report.days}
    grouped: dict[date, list[EntryJSON]] = {}
    for entry in sorted(entries, key=lambda e: (entry_day(e), e.id or 0), reverse=True):
        grouped.setdefault(entry_day(entry), []).append(entry_json(entry))
    return [DiaryDay(day, items, days.get(day)) for day, items in grouped.items()]


RECENT_SHOWN = 6


def _recent_foods(entries: list[Entry]) -> list[dict[str, str]]:
    """The foods logged most often in the last 30 days (then most recently), each with the
    amount last used, to log again in one click."""
    foods = [e for e in entries if isinstance(e, FoodEntry)]
    counts = Counter(e.food_id for e in foods)
    latest = {e.food_id: e for e in sorted(foods, key=lambda e: e.at)}
    ranked = sorted(latest.values(), key=lambda e: (-counts[e.food_id], -e.at.timestamp()))
    return [
        {"food_id": e.food_id, "food": e.food_name, "amount": e.amount_text}
        for e in ranked[:RECENT_SHOWN]
    ]


@pages.get("/diary", response_class=HTMLResponse)
def diary_page(
    request: Request,
    diary: DiaryDep,
    settings: SettingsDep,
    foods: FoodsDep,
    kind: str = "food",
    added: int | None = None,
    others: Annotated[str | None, Query(max_length=200)] = None,
    restore: Annotated[str | None, Query(max_length=2000)] = None,
) -> HTMLResponse:
    form = {"kind": kind if kind in KINDS else "food"}
    deleted = {k: v for k, v in parse_qsl(restore or "") if k in ENTRY_FIELDS} or None
    return _diary_page(
        request, diary, settings, page_days(request, 7), form,
        logged=_logged(diary, settings, foods, added, others), restore=deleted,
    )  # fmt: skip


def _logged(
    diary: DiaryProvider,
    settings: Settings,
    foods: FoodIndexProvider,
    added: int | None,
    others: str | None,
) -> dict[str, Any] | None:
    """What was just logged, for the confirmation; with ``others`` (the words typed), the
    other foods they match, to change the entry to one of them."""
    if added is None:
        return None
    store = diary.get()
    try:
        entry = store.get_entry(added, profile=current_profile(store, settings.home).name)
    except B12Error:
        return None
    logged: dict[str, Any] = {"entry": entry_json(entry), "fields": entry_fields(entry)}
    if others and isinstance(entry, FoodEntry) and foods.available():
        hits = foods.get().search(others, limit=CANDIDATES_SHOWN)
        logged["others"] = [h for h in hits if h.id != entry.food_id]
    return logged


async def _form(request: Request) -> dict[str, str]:
    data = await request.form()
    return {k: v.strip() for k in ENTRY_FIELDS if isinstance(v := data.get(k), str)}


@pages.post("/diary", response_class=HTMLResponse)
async def log_entry(
    request: Request,
    diary: DiaryDep,
    foods: FoodsDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
) -> Response:
    form = await _form(request)
    store = diary.get()
    also = ""
    try:
        person = current_profile(store, settings.home)
        try:
            entry = build_entry(form, knowledge, foods)
        except AmbiguousFood as exc:
            # One step when the plain name means one everyday food: log it, and offer the
            # other matches on the next page to change to.
            choice = everyday_choice(exc.query, exc.candidates)
            if choice is None:
                raise
            entry = build_entry({**form, "food_id": choice.id, "amount": exc.amount},
                                knowledge, foods)  # fmt: skip
            also = "&" + urlencode({"others": exc.query})
    except AmbiguousFood as exc:
        error = InputError("several foods match: choose one below", field="food")
        return _diary_page(request, diary, settings, 7, form, error, exc.candidates)
    except InputError as exc:
        return _diary_page(request, diary, settings, 7, form, exc)
    saved = store.add_entry(person.name, entry)
    return RedirectResponse(f"/diary?kind={entry.kind}&added={saved.id}{also}", 303)


@pages.get("/diary/{entry_id}", response_class=HTMLResponse)
def edit_entry_page(
    request: Request, entry_id: EntryId, diary: DiaryDep, settings: SettingsDep
) -> HTMLResponse:
    store = diary.get()
    person = current_profile(store, settings.home)
    entry = store.get_entry(entry_id, profile=person.name)
    return _diary_page(request, diary, settings, 7, entry_fields(entry), editing=entry_id)


@pages.post("/diary/{entry_id}", response_class=HTMLResponse)
async def edit_entry(
    request: Request,
    entry_id: EntryId,
    diary: DiaryDep,
    foods: FoodsDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
) -> Response:
    form = await _form(request)
    store = diary.get()
    person = current_profile(store, settings.home)
    old = store.get_entry(entry_id, profile=person.name)
    form["kind"] = old.kind
    try:
        entry = build_entry(form, knowledge, foods)
    except AmbiguousFood as exc:
        error = InputError("several foods match: choose one below", field="food")
        return _diary_page(request, diary, settings, 7, form, error, exc.candidates, entry_id)
    except InputError as exc:
        return _diary_page(request, diary, settings, 7, form, exc, editing=entry_id)
    entry.id = entry_id
    store.update_entry(entry, profile=person.name)
    return RedirectResponse("/diary", 303)


@pages.post("/diary/{entry_id}/delete", response_class=HTMLResponse)
def delete_entry_form(entry_id: EntryId, diary: DiaryDep, settings: SettingsDep) -> Response:
    store = diary.get()
    person = current_profile(store, settings.home)
    fields = entry_fields(store.get_entry(entry_id, profile=person.name))
    store.delete_entry(entry_id, profile=person.name)
    # The next page offers to undo: it carries what the entry held, to log it again.
    return RedirectResponse("/diary?" + urlencode({"restore": urlencode(fields)}), 303)


ROUTERS = (api, pages)
