"""The assessment area: ``POST /api/assess`` and the guided self-check pages.

The API body is the case exactly as in the assessment contract, read by the core's
``parse_case`` (so errors name the field with the same words as the CLI), and the answer is
the core's ``Assessment.to_dict``, sent as it is. The self-check walks the core's question
flow one page at a time and ends on the same assessment, rendered for people.

The routes are ``async def``: assessing is pure CPU work well under a millisecond, and a
trip to the thread pool would cost about as much while buying nothing under the GIL.

``POST /api/assess`` reads its body itself (the core's ``parse_case`` gives the contract's
error words), its two options from the query string (``b12.web.options.assess_options``,
documented in ``openapi_extra``) and the knowledge and settings from the app's state. It is
an ordinary FastAPI route: ``benchmarks/bench_web.py`` measures it served.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from b12.core.assess import AssessOptions
from b12.core.assess import assess as run_assessment
from b12.core.case import CASE, Case, parse_case
from b12.core.questionnaire import Flow, answer, next_question, red_flags_now, start_flow
from b12.errors import InputError
from b12.knowledge import Knowledge
from b12.web import selfcheck
from b12.web.deps import KnowledgeDep, SettingsDep, knowledge_of, settings_of
from b12.web.errors import decode_json_body
from b12.web.fast_json import JSONResponse, cite_encoded
from b12.web.openapi import body_schema
from b12.web.options import ASSESS_QUERY, assess_options, guideline_id
from b12.web.render import page
from b12.web.schemas import ERROR_RESPONSES, AssessmentOut

api = APIRouter(prefix="/api", tags=["assessment"])
pages = APIRouter(include_in_schema=False)

_CASE_DOC = (
    "The case (assessment contract, section 1). Only person is required; a missing key "
    "means not known, an empty list means none."
)


@api.post(
    "/assess",
    response_model=AssessmentOut,
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


@pages.get("/assess")
async def assess_page() -> RedirectResponse:
    """``/assess`` is where people guess the self-check lives: send them there."""
    return RedirectResponse("/self-check", 307)


@pages.get("/self-check", response_class=HTMLResponse)
async def self_check_start(request: Request) -> HTMLResponse:
    first = next_question(start_flow(knowledge_of(request)))
    assert first is not None
    return _question_page(request, selfcheck.view(first, []))


@pages.post("/self-check", response_class=HTMLResponse)
async def self_check_step(
    request: Request, knowledge: KnowledgeDep, settings: SettingsDep
) -> HTMLResponse:
    """One answer in, the next question (or the assessment) out."""
    form = await request.form()
    state = form.get("state")
    action = str(form.get("action") or "next")
    values = [v for v in form.getlist("value") if isinstance(v, str)]
    guideline = guideline_id(None, settings, knowledge)
    seen_field = form.get("seen")
    seen = selfcheck.seen_codes(seen_field if isinstance(seen_field, str) else "")

    answers = selfcheck.decode_state(state if isinstance(state, str) else "")
    flow = selfcheck.replay(answers, knowledge, guideline)
    question = next_question(flow)

    if action == "back" and answers:
        key, text = answers.pop()
        previous = next_question(selfcheck.replay(answers, knowledge, guideline))
        assert previous is not None and previous.key == key
        return _question_page(request, selfcheck.view(previous, answers, text))
    if question is None or action == "finish":
        return _assessment_page(request, answers, flow, knowledge, guideline)
    if form.get("key") != question.key or action == "continue":
        # A stale or edited form, or going on after a warning: the question the answers lead to.
        return _question_page(request, selfcheck.view(question, answers, seen=",".join(seen)))

    text = selfcheck.answer_text(question, values, action)
    try:
        value = selfcheck.read(question, text, flow, knowledge, guideline)
    except InputError as exc:
        return _question_page(request, selfcheck.view(question, answers, text, exc), 422)
    answers.append((question.key, text))
    answer(flow, question.key, value)
    following = next_question(flow)
    if following is None:
        return _assessment_page(request, answers, flow, knowledge, guideline)
    urgent = red_flags_now(flow, knowledge)
    flags = urgent.red_flags if urgent else []
    new = [flag for flag in flags if flag.code not in seen]
    seen_now = ",".join(sorted(seen | {flag.code for flag in flags}))
    step = selfcheck.view(following, answers, seen=seen_now)
    if urgent and new:
        # a red flag holds already: its advice comes now, not after the last question
        context = {"step": step, "flags": new, "level": urgent.level}
        return page(request, "selfcheck_urgent.html", context)
    return _question_page(request, step)


def _question_page(
    request: Request, step: selfcheck.QuestionView, status_code: int = 200
) -> HTMLResponse:
    return page(request, "selfcheck.html", {"step": step}, status_code)


def _assessment_page(
    request: Request,
    answers: selfcheck.Answers,
    flow: Flow,
    knowledge: Knowledge,
    guideline: str,
) -> HTMLResponse:
    """Assess the case the answers built (``flow``); an error goes back to the last question."""
    try:
        result = run_assessment(
            parse_case(flow.case), knowledge, AssessOptions(guideline=guideline)
        )
    except InputError as exc:
        key, text = answers.pop()
        last = next_question(selfcheck.replay(answers, knowledge, guideline))
        assert last is not None and last.key == key
        return _question_page(request, selfcheck.view(last, answers, text, exc), 422)
    return page(
        request,
        "assessment.html",
        {
            "a": result.to_dict(knowledge),
            "state": selfcheck.encode_state(answers),
            "case_json": json.dumps(flow.case, indent=2, ensure_ascii=False),
        },
    )


ROUTERS = (api, pages)
