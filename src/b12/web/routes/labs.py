"""The lab area: ``POST /api/labs/interpret`` and the lab reader page.

Both read results through the core's one lab parser and ``interpret_labs``; the API returns
the core's report JSON as it is (the contract's ``{"labs", "b12_status", "warnings", …}``),
and the page shows it as a table with the B12 status, keeping what was typed when a line
is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from b12.config import Settings
from b12.core.contract import LabReportJSON
from b12.core.lab_parser import parse_lab
from b12.core.lab_report import read_labs
from b12.core.labs import ReadingOptions
from b12.core.models import LabInput
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.web.deps import KnowledgeDep, SettingsDep
from b12.web.fast_json import JSONResponse, cite_encoded
from b12.web.lab_lines import LabLinesError, LineError, read_lab_lines
from b12.web.options import checked_choices, guideline_id
from b12.web.render import page
from b12.web.schemas import ERROR_RESPONSES, LabsRequest

api = APIRouter(prefix="/api", tags=["labs"])
pages = APIRouter(include_in_schema=False)

_LAB_FIELD = re.compile(r"^labs\[(\d+)\](.*)$")
_FORM_FIELDS = ("guideline", "sex", "pregnant", "choices")  # anything else shows by the results


@api.post("/labs/interpret", response_model=LabReportJSON, responses=ERROR_RESPONSES)
async def interpret(
    body: LabsRequest, knowledge: KnowledgeDep, settings: SettingsDep
) -> JSONResponse:
    """Read lab results against a guideline, in whatever unit the lab used.

    ``results`` are read first, then ``labs``; the answer's ``labs`` keep that order.
    This is information, not a diagnosis.
    """
    if not body.results and not body.labs:
        raise InputError("give at least one result in results or labs", field="results")
    if body.pregnant and body.sex == "male":
        raise InputError("pregnant is true but sex is male", field="pregnant")
    options = ReadingOptions(
        guideline=guideline_id(body.guideline, settings, knowledge),
        choices=checked_choices(body.choices, knowledge),
        sex=body.sex,
        pregnant=body.pregnant,
    )
    labs: list[LabInput] = []
    for i, text in enumerate(body.results):
        try:
            labs.append(parse_lab(text, knowledge.lab_tests))
        except InputError as exc:
            raise InputError(exc.message, field=f"results[{i}]") from None
    labs += body.labs
    try:
        report = read_labs(labs, knowledge, options)
    except InputError as exc:
        raise InputError(exc.message, field=_input_field(exc.field, len(body.results))) from None
    return JSONResponse(report.to_dict(knowledge, cite_encoded(knowledge)))


def _input_field(field: str | None, n_results: int) -> str | None:
    """The core names ``labs[i]`` of the combined list; name the request's own field."""
    m = _LAB_FIELD.match(field or "")
    if not m:
        return field
    i = int(m[1])
    return f"results[{i}]{m[2]}" if i < n_results else f"labs[{i - n_results}]{m[2]}"


@dataclass
class LabForm:
    """What the lab reader form holds, to show it again exactly as it was sent."""

    results: str = ""
    guideline: str = ""
    sex: str = ""
    pregnant: bool = False
    choices: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    error_field: str | None = None
    line_errors: list[LineError] = field(default_factory=list)


@pages.get("/labs", response_class=HTMLResponse)
async def lab_reader(
    request: Request, knowledge: KnowledgeDep, settings: SettingsDep
) -> HTMLResponse:
    return _lab_page(request, knowledge, LabForm(guideline=settings.guideline), None)


@pages.post("/labs", response_class=HTMLResponse)
async def lab_reader_submit(
    request: Request, knowledge: KnowledgeDep, settings: SettingsDep
) -> HTMLResponse:
    form_data = await request.form()

    def text(name: str) -> str:
        value = form_data.get(name)
        return value if isinstance(value, str) else ""

    form = LabForm(
        results=text("results"),
        guideline=text("guideline") or settings.guideline,
        sex=text("sex"),
        pregnant=bool(text("pregnant")),
        choices={name: text(f"choice.{name}") for name in knowledge.choices},
    )
    report: dict[str, Any] | None = None
    try:
        report = _read(form, knowledge, settings)
    except LabLinesError as exc:
        form.error, form.error_field, form.line_errors = exc.message, "results", exc.lines
    except InputError as exc:
        shown = (exc.field or "").split(".")[0]
        form.error = exc.message
        form.error_field = shown if shown in _FORM_FIELDS else "results"
    return _lab_page(request, knowledge, form, report, 200 if form.error is None else 422)


def _read(form: LabForm, knowledge: Knowledge, settings: Settings) -> dict[str, Any]:
    if form.sex not in ("", "female", "male"):
        raise InputError("choose female or male, or leave it empty", field="sex")
    if form.pregnant and form.sex == "male":
        raise InputError("pregnant is ticked but sex is male", field="pregnant")
    options = ReadingOptions(
        guideline=guideline_id(form.guideline, settings, knowledge),
        choices=checked_choices({k: v for k, v in form.choices.items() if v}, knowledge),
        sex="female" if form.sex == "female" else "male" if form.sex == "male" else None,
        pregnant=form.pregnant,
    )
    lines = read_lab_lines(form.results, knowledge, options)
    if not lines:
        raise InputError("paste at least one result, e.g. b12_total=250 pg/mL", field="results")
    report = read_labs([lab for _, lab in lines], knowledge, options).to_dict(knowledge)
    line_of = [n for n, _ in lines]

    def line(field: str | None) -> int | None:
        m = _LAB_FIELD.match(field or "")
        return line_of[int(m[1])] if m and int(m[1]) < len(line_of) else None

    # the page's warnings also name the pasted line they are about
    warnings = [{**w, "line": line(w["field"])} for w in report["warnings"]]
    return {**report, "warnings": warnings}


def _lab_page(
    request: Request,
    knowledge: Knowledge,
    form: LabForm,
    report: dict[str, Any] | None,
    status_code: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "labs.html",
        {
            "form": form,
            "report": report,
            "guidelines": knowledge.guidelines,
            "choices": knowledge.choices,
            "lab_tests": knowledge.lab_tests,
        },
        status_code,
    )


ROUTERS = (api, pages)
