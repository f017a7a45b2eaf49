"""The Report area: the clinician report on a page, as a PDF or HTML download, and as JSON.

The page includes the report's own body template and charts (``b12.reports``), so what the
person sees is what ``b12 report --pdf`` prints; ``/report.pdf`` and ``/report.html`` are
those files, and ``/api/report`` (JSON) and ``/api/report.pdf`` the API twins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from b12 import __version__
from b12.config import Settings
from b12.diary.days import day_range, now
from b12.diary.parse import parse_day
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.reports.clinician import MAX_DAYS, ClinicianReport, build_report
from b12.reports.contract import ClinicianReportJSON
from b12.reports.render import CSS_PATH, check_paper, report_charts, report_html, report_pdf
from b12.web.deps import DiaryDep, KnowledgeDep, SettingsDep
from b12.web.diary_access import DiaryProvider, current_profile
from b12.web.diary_schemas import NO_PROFILE
from b12.web.fast_json import JSONResponse
from b12.web.render import HTML_HEADERS, page
from b12.web.schemas import ERROR_RESPONSES

api = APIRouter(prefix="/api", tags=["report"])
pages = APIRouter(include_in_schema=False)

ProfileQ = Annotated[
    str | None, Query(max_length=100, description="Whose record (default: the current one).")
]
Days = Annotated[int, Query(ge=1, le=MAX_DAYS, description="How many days, ending on `to`.")]
From = Annotated[
    str | None,
    Query(alias="from", max_length=10, description="The first day, YYYY-MM-DD (instead of days)."),
]
To = Annotated[
    str | None, Query(max_length=10, description="The last day, YYYY-MM-DD (default today).")
]
GuidelineQ = Annotated[
    str | None, Query(max_length=40, description="nice-ng239 (default) or bsh-2014.")
]
PaperQ = Annotated[str, Query(max_length=10, description="a4 (default) or letter.")]


@dataclass
class ReportQuery:
    """The period and guideline a report is asked for, as query parameters."""

    days: Days = 90
    start: From = None
    to: To = None
    guideline: GuidelineQ = None


QueryDep = Annotated[ReportQuery, Depends()]


def _period(days: int, start: str | None, end: str | None) -> tuple[date, date]:
    last = parse_day(end, "to") if end else now().date()
    first = parse_day(start, "from") if start else day_range(days, last)[0]
    return first, last


def _build(
    diary: DiaryProvider,
    settings: Settings,
    knowledge: Knowledge,
    profile: str | None,
    query: ReportQuery,
) -> ClinicianReport:
    store = diary.get()
    person = current_profile(store, settings.home, profile)
    first, last = _period(query.days, query.start, query.to)
    guideline = query.guideline
    return build_report(
        store.read_record(person.name),
        knowledge,
        first,
        last,
        guideline=guideline or settings.guideline,
        generated=now().date(),
        version=__version__,
    )


def _filename(report: ClinicianReport, suffix: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", report.record.profile.name).strip("-") or "person"
    return f"b12-report-{slug}-{report.last.isoformat()}.{suffix}"


def _download(report: ClinicianReport, data: bytes, media_type: str, suffix: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{_filename(report, suffix)}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


@api.get("/report", response_model=ClinicianReportJSON, responses={**ERROR_RESPONSES, **NO_PROFILE})
def report_json(
    diary: DiaryDep,
    settings: SettingsDep,
    knowledge: KnowledgeDep,
    query: QueryDep,
    profile: ProfileQ = None,
) -> JSONResponse:
    """What the clinician report says, as ``b12 report --json``: person, medicines, the
    assessment from the record, labs with readings, intake, timeline, what is missing and
    the sources."""
    report = _build(diary, settings, knowledge, profile, query)
    return JSONResponse(report.to_dict())


@api.get(
    "/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **ERROR_RESPONSES, **NO_PROFILE},
)
def report_pdf_api(
    diary: DiaryDep,
    settings: SettingsDep,
    knowledge: KnowledgeDep,
    query: QueryDep,
    profile: ProfileQ = None,
    paper: PaperQ = "a4",
) -> Response:
    """The clinician report as a PDF (A4 or US Letter), as ``b12 report --pdf``."""
    check_paper(paper)
    report = _build(diary, settings, knowledge, profile, query)
    return _download(report, report_pdf(report, paper), "application/pdf", "pdf")


@pages.get("/report", response_class=HTMLResponse)
def report_page(
    request: Request,
    diary: DiaryDep,
    settings: SettingsDep,
    knowledge: KnowledgeDep,
    query: QueryDep,
    paper: PaperQ = "a4",
) -> HTMLResponse:
    store = diary.get()
    try:
        person = current_profile(store, settings.home)
    except InputError:  # the page says what to do on the web, not in a terminal
        return page(request, "no_profile.html", {"several": bool(store.list_profiles())})
    check_paper(paper)
    report = _build(diary, settings, knowledge, person.name, query)
    shown: dict[str, Any] = {
        "days": query.days,
        "from": query.start,
        "to": query.to,
        "guideline": report.guideline_id,
        "paper": paper,
    }
    return page(
        request,
        "report_page.html",
        {
            "name": person.name,
            "r": report.to_dict(),
            "charts": report_charts(report),
            "query": shown,
            "query_string": request.url.query,
            "guidelines": list(knowledge.guidelines.values()),
            "max_days": MAX_DAYS,
        },
    )


# The page's download is the API's PDF (for the current profile unless ?profile= names one).
pages.get("/report.pdf", response_class=Response)(report_pdf_api)


@pages.get("/report.html", response_class=Response)
def report_html_page(
    diary: DiaryDep,
    settings: SettingsDep,
    knowledge: KnowledgeDep,
    query: QueryDep,
    paper: PaperQ = "a4",
) -> Response:
    report = _build(diary, settings, knowledge, None, query)
    html = report_html(report, paper).encode("utf-8")
    return _download(report, html, "text/html; charset=utf-8", "html")


@pages.get("/report/report.css")
def report_css() -> Response:
    return Response(
        CSS_PATH.read_text(encoding="utf-8"),
        media_type="text/css",
        headers={"Cache-Control": "max-age=3600", **HTML_HEADERS},
    )


ROUTERS = (api, pages)
