"""The intake and timeline areas: what the diary adds up to, with charts drawn as SVG.

Both call the core as ``b12 intake`` and ``b12 timeline`` do: ``analyse_intake`` over the
profile's entries of the chosen days, then ``build_timeline`` from that same report, so the
two pages and the JSON API (``/api/intake``, ``/api/timeline``) never disagree.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from b12.config import Settings
from b12.core.cramp_days import compare_cramp_days
from b12.core.diary import Profile
from b12.core.intake import IntakeReport, analyse_intake
from b12.core.timeline import build_timeline
from b12.diary.contract import IntakeJSON, TimelineJSON
from b12.diary.days import bounds, day_range
from b12.diary.parse import parse_day
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.reports.charts import (
    PHONE_DAYS,
    PHONE_WIDTH,
    b12_chart,
    lane_targets,
    percent_chart,
    timeline_chart,
)
from b12.web.deps import DiaryDep, KnowledgeDep, SettingsDep
from b12.web.diary_access import MAX_DAYS, DiaryProvider, current_profile, page_days
from b12.web.diary_schemas import NO_PROFILE
from b12.web.fast_json import JSONResponse
from b12.web.render import page
from b12.web.schemas import ERROR_RESPONSES

api = APIRouter(prefix="/api", tags=["intake"])
pages = APIRouter(include_in_schema=False)

ProfileQ = Annotated[
    str | None, Query(max_length=100, description="Whose diary (default: the current one).")
]
Days = Annotated[int, Query(ge=1, le=MAX_DAYS, description="How many days, ending on `to`.")]
To = Annotated[
    str | None, Query(max_length=10, description="The last day, YYYY-MM-DD (default today).")
]


def _report(
    diary: DiaryProvider, person: Profile, knowledge: Knowledge, days: int, to: str | None
) -> tuple[IntakeReport, list[Any]]:
    first, last = day_range(days, parse_day(to, "to") if to else None)
    entries = diary.get().list_entries(person.name, *bounds(first, last))
    return analyse_intake(entries, person, knowledge, first, last), entries


@api.get("/intake", response_model=IntakeJSON, responses={**ERROR_RESPONSES, **NO_PROFILE})
def intake_json(
    diary: DiaryDep,
    settings: SettingsDep,
    knowledge: KnowledgeDep,
    profile: ProfileQ = None,
    days: Days = 7,
    to: To = None,
) -> JSONResponse:
    """B12 eaten (natural, fortified, supplements) and likely absorbed, per day and on
    average, against the target; minerals and fluids against theirs; missing values;
    what re-timing B12 would change. As ``b12 intake --json``."""
    person = current_profile(diary.get(), settings.home, profile)
    report, _entries = _report(diary, person, knowledge, days, to)
    intake: IntakeJSON = {"profile": person.name, **report.to_dict()}
    return JSONResponse(intake)


@api.get("/timeline", response_model=TimelineJSON, responses={**ERROR_RESPONSES, **NO_PROFILE})
def timeline_json(
    diary: DiaryDep,
    settings: SettingsDep,
    knowledge: KnowledgeDep,
    profile: ProfileQ = None,
    days: Days = 30,
    to: To = None,
) -> JSONResponse:
    """One row per day: cramps, symptoms, B12 eaten and absorbed, fluids, labs."""
    person = current_profile(diary.get(), settings.home, profile)
    report, entries = _report(diary, person, knowledge, days, to)
    rows = build_timeline(report, entries)
    compared = compare_cramp_days(report, knowledge.diary_case.windows.intake_min_days)
    timeline: TimelineJSON = {
        "profile": person.name,
        "days": [r.to_dict() for r in rows],
        "cramp_days": compared.to_dict() if compared else None,
    }
    return JSONResponse(timeline)


def _person(request: Request, diary: DiaryProvider, settings: Settings) -> Profile | HTMLResponse:
    """The current profile, or the page that asks for one when there is none, or several and
    none chosen."""
    store = diary.get()
    try:
        return current_profile(store, settings.home)
    except InputError:  # the page says what to do on the web, not in a terminal
        return page(request, "no_profile.html", {"several": bool(store.list_profiles())})


@pages.get("/intake", response_class=HTMLResponse)
def intake_page(
    request: Request, diary: DiaryDep, settings: SettingsDep, knowledge: KnowledgeDep
) -> HTMLResponse:
    person = _person(request, diary, settings)
    if isinstance(person, HTMLResponse):
        return person
    days = page_days(request, 7)
    report, _entries = _report(diary, person, knowledge, days, None)
    advice = [a for d in report.days for a in d.advice]
    return page(
        request,
        "intake.html",
        {
            "name": person.name,
            "days": days,
            "report": report,
            "b12_chart": b12_chart(report),
            "b12_chart_phone": b12_chart(
                report, width=PHONE_WIDTH, last=PHONE_DAYS, ident="b12-chart-phone"
            ),
            "percent_chart": percent_chart(report),
            "percent_chart_phone": percent_chart(
                report, width=PHONE_WIDTH, ident="percent-chart-phone"
            ),
            "advice": advice[:5],
            "missing": sum(d.figures.b12.foods_missing for d in report.days if d.logged),
        },
    )


@pages.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request, diary: DiaryDep, settings: SettingsDep, knowledge: KnowledgeDep
) -> HTMLResponse:
    person = _person(request, diary, settings)
    if isinstance(person, HTMLResponse):
        return person
    days = page_days(request, 30)
    report, entries = _report(diary, person, knowledge, days, None)
    rows = build_timeline(report, entries)
    compared = compare_cramp_days(report, knowledge.diary_case.windows.intake_min_days)
    return page(
        request,
        "timeline.html",
        {
            "name": person.name,
            "days": days,
            "rows": rows,
            "chart": timeline_chart(rows, targets=lane_targets(report)),
            "compared": compared,
        },
    )


ROUTERS = (api, pages)
