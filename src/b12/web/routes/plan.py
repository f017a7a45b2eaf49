"""The plan area: meals and B12 doses planned by ``b12.planner``, as ``b12 plan`` makes them.

``GET /plan`` shows the plan for the current profile: choose how many days, swap a food
(the food is avoided and the day re-planned, so the solver picks the closest food for the
same place in the meal) and print (the page has a print stylesheet). Those forms are GETs
of the same page and write nothing. ``POST /plan/log`` ("Log this day", a form with the
CSRF token like every other write) re-plans the same request, which the solver answers the
same way (fixed seed, one thread), and writes that day into the diary in one transaction:
all of its entries or none, as ``b12 plan --log``. ``GET /api/plan`` is the JSON twin, the
shape of ``b12 plan --json`` (``b12.planner.contract.PlanJSON``, its response schema).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from b12.core.diary import DIARY_NUTRIENTS, Profile
from b12.diary.days import bounds
from b12.diary.parse import parse_day
from b12.errors import InputError
from b12.foods.model import Food
from b12.knowledge import Knowledge
from b12.planner.contract import PlanJSON
from b12.planner.plan import plan_meals
from b12.planner.request import MAX_DAYS, PlanRequest, diary_window
from b12.planner.result import DISCLAIMER, Plan, percent_of_targets
from b12.web.deps import DiaryDep, FoodsDep, KnowledgeDep, SettingsDep
from b12.web.diary_access import DiaryProvider, current_profile
from b12.web.diary_schemas import NO_PROFILE
from b12.web.fast_json import JSONResponse
from b12.web.food_access import FoodIndexProvider
from b12.web.render import page
from b12.web.schemas import ERROR_RESPONSES

api = APIRouter(prefix="/api", tags=["plan"])
pages = APIRouter(include_in_schema=False)

ProfileQ = Annotated[str | None, Query(max_length=100, description="Whose plan.")]
DaysQ = Annotated[int, Query(ge=1, le=MAX_DAYS, description="How many days to plan.")]
Words = Annotated[list[str] | None, Query(max_length=20, description="Repeatable.")]


def _foods(request: Request, provider: FoodIndexProvider) -> list[Food]:
    """The whole index, read once per open index (planning reads every food)."""
    index = provider.get()
    cached = getattr(request.app.state, "plan_foods", None)
    if cached is None or cached[0] is not index:
        cached = (index, index.all_foods(DIARY_NUTRIENTS))
        request.app.state.plan_foods = cached
    foods: list[Food] = cached[1]
    return foods


def _plan(
    request: Request,
    foods: FoodIndexProvider,
    diary: DiaryProvider,
    knowledge: Knowledge,
    person: Profile,
    days: int,
    start: str | None,
    **choices: object,
) -> Plan:
    first = parse_day(start, "start") if start else date.today()
    # The diary before the plan's first day only, so "Log this day" re-plans exactly the
    # days the page showed, day after day.
    entries = diary.get().list_entries(person.name, *bounds(*diary_window(first, knowledge)))
    plan_request = PlanRequest(profile=person, days=days, start=first, **choices)  # type: ignore[arg-type]
    return plan_meals(plan_request, _foods(request, foods), knowledge, entries)


@api.get("/plan", response_model=PlanJSON, responses={**ERROR_RESPONSES, **NO_PROFILE})
def plan_json(
    request: Request,
    diary: DiaryDep,
    foods: FoodsDep,
    settings: SettingsDep,
    knowledge: KnowledgeDep,
    profile: ProfileQ = None,
    days: DaysQ = 7,
    start: Annotated[str | None, Query(max_length=10)] = None,
    diet: Annotated[str | None, Query(max_length=20)] = None,
    exclude: Words = None,
    prefer: Words = None,
    avoid: Words = None,
    energy: Annotated[float | None, Query(ge=1000, le=5000)] = None,
    supplements: Annotated[str, Query(max_length=10)] = "allow",
) -> JSONResponse:
    """Meals and B12 doses that reach the absorbed-B12 target with minerals and fluids,
    as ``b12 plan --json``. Information, not a prescription."""
    person = current_profile(diary.get(), settings.home, profile)
    plan = _plan(
        request, foods, diary, knowledge, person, days, start, diet=diet,
        exclude=tuple(exclude or ()), prefer=tuple(prefer or ()), avoid=tuple(avoid or ()),
        energy_kcal=energy, supplements=supplements,
    )  # fmt: skip
    return JSONResponse(plan.to_dict())


@pages.get("/plan", response_class=HTMLResponse)
def plan_page(
    request: Request,
    diary: DiaryDep,
    foods: FoodsDep,
    settings: SettingsDep,
    knowledge: KnowledgeDep,
    days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 3,
    avoid: Words = None,
    swap: Annotated[str | None, Query(max_length=20)] = None,
    logged: Annotated[int | None, Query(ge=1, le=MAX_DAYS)] = None,
    entries: Annotated[int | None, Query(ge=0, le=1000)] = None,
) -> HTMLResponse:
    store = diary.get()
    try:
        person = current_profile(store, settings.home)
    except InputError:
        return page(request, "no_profile.html", {"several": bool(store.list_profiles())})
    if not foods.available():
        return page(request, "data_missing.html", {})
    avoided = [*(avoid or ()), *([swap] if swap else [])]
    plan = _plan(request, foods, diary, knowledge, person, days, None, avoid=tuple(avoided))
    return page(
        request,
        "plan.html",
        {
            "name": person.name,
            "plan": plan,
            "days": days,
            "avoided": avoided,
            "percents": [percent_of_targets(d.totals, plan.targets) for d in plan.days],
            "disclaimer": DISCLAIMER,
            "logged": (logged, entries) if logged else None,
        },
    )


@pages.post("/plan/log", response_class=HTMLResponse)
async def log_plan_day(
    request: Request,
    diary: DiaryDep,
    foods: FoodsDep,
    settings: SettingsDep,
    knowledge: KnowledgeDep,
) -> Response:
    """Write one day of the plan on the page into the diary: all its entries or none."""
    form = await request.form()
    store = diary.get()
    person = current_profile(store, settings.home)

    def number(name: str, low: int, high: int) -> int:
        text = form.get(name)
        if not isinstance(text, str) or not text.strip().isdigit():
            raise InputError(f"{name} must be a whole number", field=name)
        value = int(text)
        if not low <= value <= high:
            raise InputError(f"{name} must be {low} to {high}", field=name)
        return value

    days = number("days", 1, MAX_DAYS)
    day = number("day", 1, days)
    start = form.get("start")
    avoided = [a[:20] for a in form.getlist("avoid") if isinstance(a, str)][:20]
    plan = _plan(request, foods, diary, knowledge, person, days,
                 start if isinstance(start, str) else None, avoid=tuple(avoided))  # fmt: skip
    if not plan.days:
        raise InputError("there is no plan to log: see what is unmet", field="day")
    saved = store.add_entries(person.name, plan.days[day - 1].entries)
    query = [("days", str(days)), *(("avoid", a) for a in avoided)]
    query += [("logged", str(day)), ("entries", str(len(saved)))]
    return RedirectResponse(f"/plan?{urlencode(query)}", 303)


ROUTERS = (api, pages)
