"""The profile area: the people whose diaries b12 keeps, and which one is current.

``/profile`` lists them with a form to add one; ``/profile/{name}`` edits one; choosing the
current profile writes the same file as ``b12 profile use`` (in ``B12_HOME``), so the
command line and the web app open the same diary. The JSON twin is ``/api/profiles``.

Routes that only read are plain ``def`` (run in the thread pool); form posts read the form
asynchronously, then write (a local SQLite write is about a millisecond).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from b12.config import Settings
from b12.diary.contract import ProfileJSON
from b12.diary.profiles import remember_profile
from b12.errors import B12Error, InputError
from b12.knowledge import Knowledge
from b12.store import DiaryStore
from b12.web.deps import DiaryDep, KnowledgeDep, SettingsDep
from b12.web.diary_access import (
    CONDITIONS,
    DIETS,
    SEXES,
    current_profile,
    profile_from_fields,
    profile_home,
    profile_json,
)
from b12.web.diary_schemas import NO_PROFILE, ProfileIn
from b12.web.fast_json import JSONResponse
from b12.web.render import page
from b12.web.schemas import ERROR_RESPONSES

api = APIRouter(prefix="/api/profiles", tags=["profiles"])
pages = APIRouter(include_in_schema=False)

Name = Annotated[str, Path(min_length=1, max_length=100, description="The profile's name.")]


def current_name(store: DiaryStore, settings: Settings) -> str | None:
    try:
        return current_profile(store, settings.home).name
    except B12Error:
        return None


@api.get("", response_model=list[ProfileJSON])
def list_profiles(diary: DiaryDep, settings: SettingsDep) -> JSONResponse:
    """Everyone in the diary; ``current`` marks whose diary the pages show."""
    store = diary.get()
    current = current_name(store, settings)
    return JSONResponse([profile_json(p, current) for p in store.list_profiles()])


@api.post("", response_model=ProfileJSON, status_code=201, responses=ERROR_RESPONSES)
def create_profile(
    body: ProfileIn, diary: DiaryDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> JSONResponse:
    """Add a person (age 16 or over). The first one, or one sent with ``current``, becomes
    the current profile."""
    store = diary.get()
    profile = profile_from_fields(body.model_dump(), knowledge)
    created = store.create_profile(profile)
    if body.current or len(store.list_profiles()) == 1:
        remember_profile(profile_home(store, settings.home), created.name)
    return JSONResponse(profile_json(created, current_name(store, settings)), 201)


@api.get("/{name}", response_model=ProfileJSON, responses={**ERROR_RESPONSES, **NO_PROFILE})
def get_profile(name: Name, diary: DiaryDep, settings: SettingsDep) -> JSONResponse:
    store = diary.get()
    return JSONResponse(profile_json(store.get_profile(name), current_name(store, settings)))


@api.put("/{name}", response_model=ProfileJSON, responses={**ERROR_RESPONSES, **NO_PROFILE})
def update_profile(
    name: Name, body: ProfileIn, diary: DiaryDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> JSONResponse:
    """Replace a person's details (the name stays; ``name`` in the body must match)."""
    store = diary.get()
    old = store.get_profile(name)
    if body.name != name:
        raise InputError("renaming is not supported: send the same name", field="name")
    profile = profile_from_fields(body.model_dump(), knowledge, name=name)
    profile.id = old.id
    saved = store.update_profile(profile)
    if body.current:
        remember_profile(profile_home(store, settings.home), name)
    return JSONResponse(profile_json(saved, current_name(store, settings)))


@api.delete("/{name}", status_code=204, responses={**ERROR_RESPONSES, **NO_PROFILE})
def delete_profile(name: Name, diary: DiaryDep) -> Response:
    """Delete a person and their whole diary."""
    diary.get().delete_profile(name)
    return Response(status_code=204)


# Pages ------------------------------------------------------------------------------------


def _form_fields(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    data["conditions"] = [c for c in form.getlist("conditions") if isinstance(c, str)]
    return data


def _profiles_page(
    request: Request,
    store: DiaryStore,
    knowledge: Knowledge,
    settings: Settings,
    form: dict[str, Any],
    error: InputError | None = None,
    editing: str | None = None,
) -> HTMLResponse:
    return page(
        request,
        "profiles.html",
        {
            "profiles": store.list_profiles(),
            "current": current_name(store, settings),
            "form": form,
            "error": error,
            "editing": editing,
            "sexes": SEXES,
            "diets": DIETS,
            "conditions": CONDITIONS,
            "references": knowledge.intake_targets.references,
        },
        200 if error is None else 422,
    )


@pages.get("/profile", response_class=HTMLResponse)
def profiles_page(
    request: Request, diary: DiaryDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> HTMLResponse:
    return _profiles_page(
        request,
        diary.get(),
        knowledge,
        settings,
        {"reference": knowledge.intake_targets.default_reference},
    )


@pages.post("/profile", response_class=HTMLResponse)
async def add_profile(
    request: Request, diary: DiaryDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> Response:
    fields = _form_fields(await request.form())
    store = diary.get()
    try:
        created = store.create_profile(profile_from_fields(fields, knowledge))
    except InputError as exc:
        return _profiles_page(request, store, knowledge, settings, fields, exc)
    if current_name(store, settings) is None or len(store.list_profiles()) == 1:
        remember_profile(profile_home(store, settings.home), created.name)
    return RedirectResponse("/profile", 303)


@pages.post("/profile/use", response_class=HTMLResponse)
async def use_profile(request: Request, diary: DiaryDep, settings: SettingsDep) -> Response:
    name = (await request.form()).get("name")
    store = diary.get()
    store.get_profile(name if isinstance(name, str) else "")
    remember_profile(profile_home(store, settings.home), str(name))
    return RedirectResponse("/diary", 303)


@pages.get("/profile/{name}", response_class=HTMLResponse)
def edit_profile_page(
    request: Request, name: Name, diary: DiaryDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> HTMLResponse:
    store = diary.get()
    p = store.get_profile(name)
    form = {
        "name": p.name,
        "age": f"{p.age:g}",
        "sex": p.sex or "",
        "pregnant": "on" if p.pregnant else "",
        "breastfeeding": "on" if p.breastfeeding else "",
        "diet": p.diet or "",
        "conditions": p.conditions,
        "reference": p.reference,
    }
    return _profiles_page(request, store, knowledge, settings, form, editing=name)


@pages.post("/profile/{name}", response_class=HTMLResponse)
async def edit_profile(
    request: Request, name: Name, diary: DiaryDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> Response:
    fields = _form_fields(await request.form())
    fields["name"] = name
    store = diary.get()
    old = store.get_profile(name)
    try:
        profile = profile_from_fields(fields, knowledge, name=name)
        profile.id = old.id
        store.update_profile(profile)
    except InputError as exc:
        return _profiles_page(request, store, knowledge, settings, fields, exc, editing=name)
    return RedirectResponse("/profile", 303)


ROUTERS = (api, pages)
