"""The CDS Hooks 2.0 services (``b12.interop.cds``) on the web app.

``GET /cds-services`` is the discovery document; ``POST /cds-services/{id}`` answers a hook
with cards; ``POST /cds-services/{id}/feedback`` takes the EHR's feedback on them.

These routes are called by an EHR, not by this app's pages, so they are guarded
differently (``CdsRoute``): every call but discovery and the CORS preflight must carry a
JWT of a trusted EHR, checked before the body is read (401 otherwise); the cookie-based
CSRF rules do not apply (``b12.web.security`` exempts ``/cds-services``: a bearer token is
not sent by a browser on its own, so a forged cross-site request cannot carry one); and
CORS headers are given only to the EHR origins configured (``B12_CDS_ORIGINS``), on
answers and errors alike. The Host allow-list still applies. The log says which service
answered with how many cards; never the patient, the context or the token.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from b12.core.validation_errors import field_path, readable_message
from b12.diary.days import now
from b12.interop.cds.auth import CdsAuthError, KeySet, ReplayGuard, verify
from b12.interop.cds.config import CdsConfig
from b12.interop.cds.contract import CardsJSON, DiscoveryJSON, FeedbackJSON
from b12.interop.cds.prefetch import PrefetchMissing, gather
from b12.interop.cds.rules import evaluate
from b12.interop.cds.services import SERVICES, discovery, prefetch_templates
from b12.interop.codes import load_interop
from b12.knowledge import Knowledge
from b12.web.fast_json import JSONResponse
from b12.web.schemas import ErrorResponse

log = logging.getLogger("b12.cds")
PREFIX = "/cds-services"
_PREFLIGHT_MAX_AGE = "600"


@dataclass
class CdsState:
    """What the CDS routes keep per app: settings, trusted keys, spent tokens, feedback."""

    config: CdsConfig
    keys: KeySet = field(init=False)
    replays: ReplayGuard = field(default_factory=ReplayGuard)
    feedback: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.keys = KeySet(self.config.jwks)


def cds_state(request: Request) -> CdsState:
    """The app's CDS state, made from the environment on first use (tests set their own
    in ``app.state.cds``)."""
    state: CdsState | None = getattr(request.app.state, "cds", None)
    if state is None:
        state = CdsState(CdsConfig.from_env())
        request.app.state.cds = state
    return state


def _cors(response: Response, request: Request, state: CdsState) -> Response:
    origin = request.headers.get("origin")
    if origin and origin.rstrip("/") in state.config.origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    body = {"error": {"code": code, "message": message, "field": None}}
    return JSONResponse(body, status_code=status, headers=headers)


def _audiences(request: Request, state: CdsState) -> list[str]:
    """The URLs a JWT's ``aud`` may name for this call: the service endpoint (and, for
    feedback, the feedback endpoint itself)."""
    base = state.config.base_url or f"{request.url.scheme}://{request.url.netloc}"
    path = request.url.path.rstrip("/")
    service = path.removesuffix("/feedback")
    return [base + service, base + service + "/"] + ([base + path] if path != service else [])


class CdsRoute(APIRoute):
    """A route of the CDS API: authenticated (except discovery), with CORS for the
    configured EHR origins on every answer, errors included."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        open_route = self.path == PREFIX

        async def guarded(request: Request) -> Response:
            state = cds_state(request)
            if not open_route:

                def check() -> None:
                    verify(
                        request.headers.get("authorization"),
                        _audiences(request, state),
                        state.config,
                        state.keys,
                        state.replays,
                    )

                try:
                    if state.keys.source and state.keys.source.startswith("http"):
                        await run_in_threadpool(check)  # a JWKS URL may be read
                    else:
                        check()
                except CdsAuthError as exc:
                    log.info("cds call refused: %s", exc)
                    challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
                    return _cors(_error(401, "unauthorized", str(exc), challenge), request, state)
            try:
                response = await handler(request)
            except RequestValidationError as exc:
                first = exc.errors()[0]
                loc = [part for part in first["loc"] if part != "body"]
                error = {
                    "code": "invalid_input",
                    "message": readable_message(first, contract="CDS Hooks"),
                    "field": field_path(loc) or "body",
                }
                response = JSONResponse({"error": error}, status_code=422)
            return _cors(response, request, state)

        return guarded


router = APIRouter(tags=["cds-hooks"], route_class=CdsRoute)
preflight = APIRouter(tags=["cds-hooks"])

_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The body is not JSON."},
    401: {"model": ErrorResponse, "description": "No valid JWT of a trusted EHR."},
    422: {"model": ErrorResponse, "description": "The request is not a CDS Hooks request."},
}


class FhirAuthorization(BaseModel):
    model_config = ConfigDict(extra="allow")
    access_token: str
    token_type: str = "Bearer"
    expires_in: int | None = None
    scope: str | None = None
    subject: str | None = None


class HookRequest(BaseModel):
    """A CDS Hooks 2.0 request (fields the spec adds later are kept, not refused)."""

    model_config = ConfigDict(extra="allow")
    hook: str = Field(max_length=100)
    hookInstance: str = Field(max_length=200)
    fhirServer: str | None = Field(default=None, max_length=2000)
    fhirAuthorization: FhirAuthorization | None = None
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


class Coding(BaseModel):
    model_config = ConfigDict(extra="allow")
    code: str
    system: str | None = None
    display: str | None = None


class OverrideReason(BaseModel):
    model_config = ConfigDict(extra="allow")
    reason: Coding | None = None
    userComment: str | None = Field(default=None, max_length=2000)


class AcceptedSuggestion(BaseModel):
    id: str


class FeedbackItem(BaseModel):
    model_config = ConfigDict(extra="allow")
    card: str = Field(max_length=200)
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[AcceptedSuggestion] | None = None
    overrideReason: OverrideReason | None = None
    outcomeTimestamp: str = Field(max_length=64)


class FeedbackIn(BaseModel):
    feedback: list[FeedbackItem] = Field(max_length=100)


@router.get(PREFIX, response_model=DiscoveryJSON)
async def discover(request: Request) -> JSONResponse:
    """The CDS Hooks discovery document: b12's services and their prefetch templates."""
    knowledge: Knowledge = request.app.state.knowledge
    return JSONResponse(discovery(load_interop(knowledge)))


@router.post(
    PREFIX + "/{service_id}",
    response_model=CardsJSON,
    responses={
        **_AUTH_ERRORS,
        404: {"model": ErrorResponse, "description": "No such service."},
        412: {"model": ErrorResponse, "description": "Prefetch data missing and not fetchable."},
    },
)
async def call_service(service_id: str, body: HookRequest, request: Request) -> Response:
    """Answer one hook: a B12 monitoring reminder, a low-result card, or no card."""
    service = SERVICES.get(service_id)
    if service is None:
        return _error(404, "not_found", f"no CDS service {service_id!r}; see {PREFIX}")
    if body.hook != service.hook:
        message = f"service {service_id} answers the {service.hook} hook, not {body.hook!r}"
        return _error(422, "invalid_input", message)
    knowledge: Knowledge = request.app.state.knowledge
    interop = load_interop(knowledge)
    state = cds_state(request)
    data = body.model_dump(exclude_none=True)
    try:
        gathered = await gather(data, prefetch_templates(interop), state.config)
    except PrefetchMissing as exc:
        log.info("cds %s: 412 (%s)", service_id, exc)
        return _error(412, "prefetch_missing", str(exc))
    guideline = request.app.state.settings.guideline
    cards = evaluate(
        service.hook, body.context, gathered, knowledge, interop, now().date(), guideline
    )
    log.info(
        "cds %s: %d card(s); fetched %s", service_id, len(cards), ",".join(gathered.fetched) or "-"
    )
    answer: CardsJSON = {"cards": cards}
    return JSONResponse(answer)


@router.post(
    PREFIX + "/{service_id}/feedback",
    response_model=FeedbackJSON,
    responses={**_AUTH_ERRORS, 404: {"model": ErrorResponse, "description": "No such service."}},
)
async def feedback(service_id: str, body: FeedbackIn, request: Request) -> Response:
    """The EHR's feedback on cards: counted per outcome and override reason (no PHI kept)."""
    if service_id not in SERVICES:
        return _error(404, "not_found", f"no CDS service {service_id!r}; see {PREFIX}")
    state = cds_state(request)
    for item in body.feedback:
        why = item.overrideReason.reason if item.overrideReason else None
        reason = why.code if why else "-"
        state.feedback[f"{service_id}:{item.outcome}:{reason}"] += 1
    log.info("cds %s: feedback on %d card(s)", service_id, len(body.feedback))
    received: FeedbackJSON = {"received": len(body.feedback)}
    return JSONResponse(received)


@preflight.options(PREFIX, include_in_schema=False)
@preflight.options(PREFIX + "/{rest:path}", include_in_schema=False)
async def cors_preflight(request: Request, rest: str = "") -> Response:
    """CORS preflight: allowed for the configured EHR origins only."""
    state = cds_state(request)
    origin = (request.headers.get("origin") or "").rstrip("/")
    method = (request.headers.get("access-control-request-method") or "").upper()
    if origin not in state.config.origins or method not in ("GET", "POST"):
        return Response(status_code=403)
    return Response(
        status_code=204,
        headers={
            "Access-Control-Allow-Origin": request.headers["origin"],
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "authorization, content-type",
            "Access-Control-Max-Age": _PREFLIGHT_MAX_AGE,
            "Vary": "Origin",
        },
    )


ROUTERS = (router, preflight)
