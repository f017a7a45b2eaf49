"""The medicines area: the courses of medicines in a person's record, as ``b12 med`` keeps
them; JSON under ``/api/profiles/{name}/medicines``, the page at ``/medicines``.

Medicines are periods (started, stopped), not diary events, and they answer the
self-check's medicines question when it starts from the diary, so they get their own page
beside the diary's. The form and the API send the same fields, read by
``medicine_access.build_medicine`` with the CLI's own parsers; the API answers with the JSON
``b12 med list --json`` prints. A name b12 does not know is kept, with a note saying so and
naming a close known name. A bad field re-renders the form with the message beside it and
everything typed kept; nothing is written until the whole medicine is read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from b12.diary.contract import MedicineJSON, MedicineWrittenJSON
from b12.diary.days import now
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.web.deps import DiaryDep, KnowledgeDep, SettingsDep
from b12.web.diary_access import current_profile
from b12.web.diary_schemas import NO_PROFILE, MedicineIn
from b12.web.fast_json import JSONResponse
from b12.web.medicine_access import (
    IMPROVED,
    MEDICINE_FIELDS,
    build_medicine,
    medicine_fields,
    medicine_json,
    medicine_rows,
)
from b12.web.render import page
from b12.web.schemas import ERROR_RESPONSES

api = APIRouter(prefix="/api/profiles/{name}/medicines", tags=["medicines"])
pages = APIRouter(include_in_schema=False)

Name = Annotated[str, Path(min_length=1, max_length=100, description="The profile's name.")]
MedicineId = Annotated[int, Path(ge=1, le=2**62, description="The medicine's id.")]
_ERRORS = {**ERROR_RESPONSES, **NO_PROFILE}


@api.get("", response_model=list[MedicineJSON], responses=_ERRORS)
def list_medicines(name: Name, diary: DiaryDep, knowledge: KnowledgeDep) -> JSONResponse:
    """The person's medicines, current and stopped, in the order they were added."""
    medicines = diary.get().list_medicines(name)
    return JSONResponse([medicine_json(m, knowledge) for m in medicines])


@api.post("", response_model=MedicineWrittenJSON, status_code=201, responses=_ERRORS)
def add_medicine(
    name: Name, body: MedicineIn, diary: DiaryDep, knowledge: KnowledgeDep
) -> JSONResponse:
    """Add a medicine to the person's record (see the fields of ``MedicineIn``)."""
    medicine, note = build_medicine(body.model_dump(), knowledge)
    saved = diary.get().add_medicine(name, medicine)
    written: MedicineWrittenJSON = {**medicine_json(saved, knowledge), "note": note}
    return JSONResponse(written, 201)


@api.get("/{medicine_id}", response_model=MedicineJSON, responses=_ERRORS)
def get_medicine(
    name: Name, medicine_id: MedicineId, diary: DiaryDep, knowledge: KnowledgeDep
) -> JSONResponse:
    return JSONResponse(
        medicine_json(diary.get().get_medicine(medicine_id, profile=name), knowledge)
    )


@api.put("/{medicine_id}", response_model=MedicineWrittenJSON, responses=_ERRORS)
def replace_medicine(
    name: Name, medicine_id: MedicineId, body: MedicineIn, diary: DiaryDep, knowledge: KnowledgeDep
) -> JSONResponse:
    """Replace a medicine with the one described (it keeps its id); a field left out
    becomes not known. To record that it was stopped, send ``stopped``."""
    store = diary.get()
    store.get_medicine(medicine_id, profile=name)
    medicine, note = build_medicine(body.model_dump(), knowledge)
    medicine.id = medicine_id
    saved = store.update_medicine(medicine, profile=name)
    written: MedicineWrittenJSON = {**medicine_json(saved, knowledge), "note": note}
    return JSONResponse(written)


@api.delete("/{medicine_id}", status_code=204, responses=_ERRORS)
def delete_medicine(name: Name, medicine_id: MedicineId, diary: DiaryDep) -> Response:
    """Delete a medicine from the record (to say it was stopped, ``PUT`` it with ``stopped``)."""
    diary.get().delete_medicine(medicine_id, profile=name)
    return Response(status_code=204)


# Pages ------------------------------------------------------------------------------------

PAGE_FIELDS = ("name", "dose", "started", "stopped", "improved_after_stopping")
assert set(PAGE_FIELDS) <= set(MEDICINE_FIELDS)


def _medicines_page(
    request: Request,
    diary: DiaryDep,
    knowledge: Knowledge,
    settings: SettingsDep,
    form: dict[str, str],
    error: InputError | None = None,
    editing: int | None = None,
) -> HTMLResponse:
    store = diary.get()
    try:
        person = current_profile(store, settings.home)
    except InputError:  # no profile yet, or several and none chosen
        return page(request, "no_profile.html", {"several": bool(store.list_profiles())})
    today = now().date()
    return page(
        request,
        "medicines.html",
        {
            "profile": person,
            "rows": medicine_rows(store.list_medicines(person.name), knowledge, today),
            "today": today,
            "form": form,
            "error": error,
            "editing": editing,
            "improved": IMPROVED,
            "page_fields": PAGE_FIELDS,
        },
        200 if error is None else 422,
    )


async def _form(request: Request) -> dict[str, str]:
    data = await request.form()
    return {k: v.strip() for k in PAGE_FIELDS if isinstance(v := data.get(k), str)}


@pages.get("/medicines", response_class=HTMLResponse)
def medicines_page(
    request: Request, diary: DiaryDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> HTMLResponse:
    return _medicines_page(request, diary, knowledge, settings, {})


@pages.post("/medicines", response_class=HTMLResponse)
async def add_medicine_form(
    request: Request, diary: DiaryDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> Response:
    form = await _form(request)
    store = diary.get()
    try:
        person = current_profile(store, settings.home)
        medicine, _ = build_medicine(form, knowledge)
        saved = store.add_medicine(person.name, medicine)
    except InputError as exc:
        return _medicines_page(request, diary, knowledge, settings, form, exc)
    return RedirectResponse(f"/medicines?added={saved.id}", 303)


@pages.get("/medicines/{medicine_id}", response_class=HTMLResponse)
def edit_medicine_page(
    request: Request,
    medicine_id: MedicineId,
    diary: DiaryDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
) -> HTMLResponse:
    store = diary.get()
    person = current_profile(store, settings.home)
    form = medicine_fields(store.get_medicine(medicine_id, profile=person.name))
    return _medicines_page(request, diary, knowledge, settings, form, editing=medicine_id)


@pages.post("/medicines/{medicine_id}", response_class=HTMLResponse)
async def edit_medicine(
    request: Request,
    medicine_id: MedicineId,
    diary: DiaryDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
) -> Response:
    form = await _form(request)
    store = diary.get()
    person = current_profile(store, settings.home)
    old = store.get_medicine(medicine_id, profile=person.name)
    try:
        # what the form does not show (the date of a dose change) stays as it was
        medicine, _ = build_medicine(medicine_fields(old) | form, knowledge)
        medicine.id = medicine_id
        store.update_medicine(medicine, profile=person.name)
    except InputError as exc:
        return _medicines_page(request, diary, knowledge, settings, form, exc, medicine_id)
    return RedirectResponse("/medicines", 303)


@pages.post("/medicines/{medicine_id}/stop", response_class=HTMLResponse)
def stop_medicine_form(
    request: Request,
    medicine_id: MedicineId,
    diary: DiaryDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
) -> Response:
    """Stopped today (``b12 med stop ID``); another day is set by editing it."""
    store = diary.get()
    person = current_profile(store, settings.home)
    medicine = store.get_medicine(medicine_id, profile=person.name)
    medicine.stopped = now().date()
    try:
        store.update_medicine(medicine, profile=person.name)
    except InputError as exc:
        return _medicines_page(request, diary, knowledge, settings, {}, exc)
    return RedirectResponse("/medicines", 303)


@pages.post("/medicines/{medicine_id}/delete", response_class=HTMLResponse)
def delete_medicine_form(
    medicine_id: MedicineId, diary: DiaryDep, settings: SettingsDep
) -> Response:
    store = diary.get()
    person = current_profile(store, settings.home)
    store.delete_medicine(medicine_id, profile=person.name)
    return RedirectResponse("/medicines", 303)


ROUTERS = (api, pages)
