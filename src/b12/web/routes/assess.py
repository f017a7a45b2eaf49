"""The assessment area: ``POST /api/assess`` and the guided self-check pages.

The API body is the case exactly as in the assessment contract, read by the core's
``parse_case`` (so errors name the field with the same words as the CLI), and the answer is
the core's ``Assessment.to_dict``, sent as it is. The self-check walks the core's question
flow one page at a time and ends on the same assessment, rendered for people.

The routes are ``async def``: assessing is pure CPU work well under a millisecond, and a
trip to the thread pool would cost about as much while buying nothing under the GIL. Those
that read the diary first are plain ``def`` (run in the thread pool), except the self-check
step, which reads the store only for a self-check started from the diary (a local read of
about a millisecond, as the diary's form posts write).

``GET /api/profiles/{name}/assessment`` is ``b12 assess --profile NAME --no-ask --json``: the
case built from the person's record (``b12.web.record_access``), assessed. The self-check
can start from the same case ("Start from my diary"): it then asks only what the record
lacks, shows what the record said, and stops for red flags as the ordinary one does.

``POST /api/assess`` reads its body itself (the core's ``parse_case`` gives the contract's
error words), its two options from the query string (``b12.web.options.assess_options``,
documented in ``openapi_extra``) and the knowledge and settings from the app's state. It is
an ordinary FastAPI route: ``benchmarks/bench_web.py`` measures it served.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from b12.config import Settings
from b12.core.assess import AssessOptions
from b12.core.assess import assess as run_assessment
from b12.core.case import CASE, Case, parse_case
from b12.core.contract import AssessmentJSON
from b12.core.diary_contract import RecordAssessmentJSON
from b12.core.questionnaire import (
    Flow,
    answer,
    next_question,
    questions_left,
    red_flags_now,
    start_flow,
    start_flow_from,
)
from b12.core.triage import TriageResult
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.web import selfcheck
from b12.web.deps import (
    DiaryDep,
    KnowledgeDep,
    SettingsDep,
    diary_of,
    knowledge_of,
    settings_of,
)
from b12.web.diary_access import DiaryProvider
from b12.web.diary_schemas import NO_PROFILE
from b12.web.errors import decode_json_body
from b12.web.fast_json import JSONResponse, cite_encoded
from b12.web.openapi import body_schema
from b12.web.options import (
    ASSESS_QUERY,
    CHOICE_DOC,
    CHOICES_MAX,
    GUIDELINE_DOC,
    GUIDELINE_MAX_CHARS,
    assess_options,
    choice_pairs,
    guideline_id,
)
from b12.web.record_access import RecordStart, record_assessment_json, record_case, record_start
from b12.web.render import page
from b12.web.routes.profiles import current_name
from b12.web.schemas import ERROR_RESPONSES

api = APIRouter(prefix="/api", tags=["assessment"])
pages = APIRouter(include_in_schema=False)

_CASE_DOC = (
    "The case (assessment contract, section 1). Only person is required; a missing key "
    "means not known, an empty list means none."
)


@api.post(
    "/assess",
    response_model=AssessmentJSON,
    responses=ERROR_RESPONSES,
    openapi_extra={**body_schema(Case, _CASE_DOC), "parameters": ASSESS_QUERY},
)
async def assess_case(request: Request) -> JSONResponse:
    """Red flags first, then B12 status, risk factors and the ranked causes of cramps.

    This is information, not a diagnosis.
    """
    knowledge = knowledge_of(request)
    query = request.query_params if request.scope["query_string"] else None
    options = assess_options(query, settings_of(request), knowledge)
    case = read_case(await request.body())
    assessment = run_assessment(case, knowledge, options)
    return JSONResponse(assessment.to_dict(knowledge, cite_encoded(knowledge)))


def read_case(raw: bytes) -> Case:
    """The body as a case.

    A valid case (nearly every request) is read by pydantic straight from the bytes, in one
    pass: 11 µs for the worked cases, against 18 µs to decode the JSON and then validate it.
    Whatever that refuses is read again the long way (``decode_json_body``, then
    ``parse_case``), so every error keeps the words the CLI uses. The case model refuses NaN
    and infinities itself (bounds or a finiteness check on every number), so the fast path
    accepts nothing that the long way would refuse.
    """
    try:
        return CASE.validate_json(raw)
    except ValidationError:
        return parse_case(decode_json_body(raw))


Name = Annotated[str, Path(min_length=1, max_length=100, description="The profile's name.")]
Guideline = Annotated[str | None, Query(max_length=GUIDELINE_MAX_CHARS, description=GUIDELINE_DOC)]
Choices = Annotated[list[str], Query(max_length=CHOICES_MAX, description=CHOICE_DOC)]


@api.get(
    "/profiles/{name}/assessment",
    response_model=RecordAssessmentJSON,
    responses={**ERROR_RESPONSES, **NO_PROFILE},
)
def assess_record(
    name: Name,
    diary: DiaryDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
    guideline: Guideline = None,
    choice: Choices = [],  # noqa: B006 (FastAPI copies the default)
) -> JSONResponse:
    """The assessment of the case built from the person's record (profile, medicines,
    labs, cramps, symptoms, what they ate), as ``b12 assess --profile NAME --no-ask
    --json``: the assessment plus ``record``, saying where each fact came from.

    This is information, not a diagnosis.
    """
    options = AssessOptions(
        guideline=guideline_id(guideline, settings, knowledge),
        choices=choice_pairs(choice, knowledge),
    )
    built = record_case(diary.get(), name, knowledge)
    assessment = run_assessment(parse_case(built.data), knowledge, options)
    return JSONResponse(record_assessment_json(assessment, built, knowledge))


@pages.get("/assess")
async def assess_page() -> RedirectResponse:
    """``/assess`` is where people guess the self-check lives: send them there."""
    return RedirectResponse("/self-check", 307)


RecordQ = Annotated[
    str | None, Query(max_length=100, description="Start from this person's record.")
]


@pages.get("/self-check", response_class=HTMLResponse)
def self_check_start(
    request: Request,
    diary: DiaryDep,
    knowledge: KnowledgeDep,
    settings: SettingsDep,
    record: RecordQ = None,
) -> HTMLResponse:
    """The first question; with ``record``, the first one that person's record leaves open
    (after the advice for any red flag the record already holds)."""
    if not record:
        first = next_question(start_flow(knowledge))
        assert first is not None
        offer = _diary_owner(diary, settings)
        return _question_page(request, selfcheck.view(first, []), offer=offer)
    start = record_start(diary.get(), record, knowledge)
    flow = start_flow_from(start.built.data, knowledge)
    guideline = guideline_id(None, settings, knowledge)
    first = next_question(flow)
    if first is None:  # the record answers every question
        return _assessment_page(request, [], flow, knowledge, guideline, start)
    urgent = red_flags_now(flow, knowledge)
    if urgent:
        codes = ",".join(sorted({flag.code for flag in urgent.red_flags}))
        step = selfcheck.view(first, [], seen=codes)
        return _urgent_page(request, step, urgent, urgent.red_flags, start)
    return _question_page(request, selfcheck.view(first, []), start=start)


@pages.post("/self-check", response_class=HTMLResponse)
async def self_check_step(
    request: Request, knowledge: KnowledgeDep, settings: SettingsDep
) -> HTMLResponse:
    """One answer in, the next question (or the assessment) out."""
    form = await request.form()
    record = form.get("record")
    start = _start(request, record if isinstance(record, str) else "", knowledge)
    base = start.built.data if start else None
    state = form.get("state")
    action = str(form.get("action") or "next")
    values = [v for v in form.getlist("value") if isinstance(v, str)]
    guideline = guideline_id(None, settings, knowledge)
    seen_field = form.get("seen")
    seen = selfcheck.seen_codes(seen_field if isinstance(seen_field, str) else "")

    answers = selfcheck.decode_state(state if isinstance(state, str) else "")
    flow = selfcheck.replay(answers, knowledge, guideline, base)
    question = next_question(flow)

    if action == "back" and answers:
        key, text = answers.pop()
        previous = next_question(selfcheck.replay(answers, knowledge, guideline, base))
        if previous is None or previous.key != key:  # the record changed meanwhile
            raise selfcheck.StateError()
        return _question_page(request, selfcheck.view(previous, answers, text), start=start)
    if question is None or action == "finish":
        return _assessment_page(request, answers, flow, knowledge, guideline, start)
    if form.get("key") != question.key or action == "continue":
        # A stale or edited form, or going on after a warning: the question the answers lead to.
        step = selfcheck.view(question, answers, seen=",".join(seen))
        return _question_page(request, step, start=start)

    text = selfcheck.answer_text(question, values, action)
    try:
        value = selfcheck.read(question, text, flow, knowledge, guideline)
    except InputError as exc:
        step = selfcheck.view(question, answers, text, exc)
        return _question_page(request, step, 422, start=start)
    answers.append((question.key, text))
    answer(flow, question.key, value)
    following = next_question(flow)
    if following is None:
        return _assessment_page(request, answers, flow, knowledge, guideline, start)
    urgent = red_flags_now(flow, knowledge)
    flags = urgent.red_flags if urgent else []
    new = [flag for flag in flags if flag.code not in seen]
    seen_now = ",".join(sorted(seen | {flag.code for flag in flags}))
    step = selfcheck.view(following, answers, seen=seen_now)
    if urgent and new:
        # a red flag holds already: its advice comes now, not after the last question
        return _urgent_page(request, step, urgent, new, start)
    return _question_page(request, step, start=start)


def _diary_owner(diary: DiaryProvider, settings: Settings) -> str | None:
    """The current profile, to offer its diary as a start; None when there is none, or when
    the diary database cannot be reached: the ordinary self-check never depends on it."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return current_name(diary.get(), settings)
    except (SQLAlchemyError, OSError):
        return None


def _start(request: Request, record: str, knowledge: Knowledge) -> RecordStart | None:
    """The record a self-check started from (the form's ``record`` field), read again."""
    if not record:
        return None
    if len(record) > 100:
        raise selfcheck.StateError()
    return record_start(diary_of(request).get(), record, knowledge)


def _question_page(
    request: Request,
    step: selfcheck.QuestionView,
    status_code: int = 200,
    *,
    start: RecordStart | None = None,
    offer: str | None = None,
) -> HTMLResponse:
    """A question; ``offer``: the current profile, whose diary the self-check may start from."""
    knowledge: Knowledge = request.app.state.knowledge
    settings: Settings = request.app.state.settings
    base = start.built.data if start else None
    answers = selfcheck.decode_state(step.state)
    flow = selfcheck.replay(answers, knowledge, guideline_id(None, settings, knowledge), base)
    context = {"step": step, "start": start, "offer": offer, "left": questions_left(flow)}
    return page(request, "selfcheck.html", context, status_code)


def _urgent_page(
    request: Request,
    step: selfcheck.QuestionView,
    urgent: TriageResult,
    flags: list[Any],
    start: RecordStart | None,
) -> HTMLResponse:
    context = {"step": step, "flags": flags, "level": urgent.level, "start": start}
    return page(request, "selfcheck_urgent.html", context)


def _assessment_page(
    request: Request,
    answers: selfcheck.Answers,
    flow: Flow,
    knowledge: Knowledge,
    guideline: str,
    start: RecordStart | None = None,
) -> HTMLResponse:
    """Assess the case the answers built (``flow``); an error goes back to the last question."""
    try:
        result = run_assessment(
            parse_case(flow.case), knowledge, AssessOptions(guideline=guideline)
        )
    except InputError as exc:
        if not answers:  # the record's own case is checked when it is built: not expected
            raise
        key, text = answers.pop()
        base = start.built.data if start else None
        last = next_question(selfcheck.replay(answers, knowledge, guideline, base))
        if last is None or last.key != key:
            raise selfcheck.StateError() from None
        step = selfcheck.view(last, answers, text, exc)
        return _question_page(request, step, 422, start=start)
    return page(
        request,
        "assessment.html",
        {
            "a": result.to_dict(knowledge),
            "state": selfcheck.encode_state(answers),
            "case_json": json.dumps(flow.case, indent=2, ensure_ascii=False),
            "start": start,
        },
    )


ROUTERS = (api, pages)
