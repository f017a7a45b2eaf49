"""The web application factory.

``create_app(settings)`` builds a FastAPI app around one knowledge base (loaded and
validated at start-up) and one food index location. Each area of the site is a router
module in ``b12.web.routes`` with its JSON API twin beside its pages (see ``b12.web.nav``):
self-check, labs, foods, profiles, diary, intake and timeline. The diary database is
opened (and migrated) on first use, at ``B12_DATABASE_URL`` (default: in ``B12_HOME``).

The app starts without a food index: the food pages then explain how to import the data,
and the food API answers 503 with the same instructions.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.telemetry import TelemetryConfig

from b12 import __version__
from b12.config import Settings, get_settings
from b12.core.case import Case
from b12.knowledge import Knowledge, load_knowledge
from b12.web import errors
from b12.web.body_limit import BodyLimitMiddleware
from b12.web.csrf import CSRFMiddleware
from b12.web.diary_access import DiaryProvider
from b12.web.food_access import FoodIndexProvider
from b12.web.host_check import HostCheckMiddleware
from b12.web.openapi import add_models
from b12.web.render import STATIC_DIR
from b12.web.routes import accounts as accounts_routes
from b12.web.routes import (
    assess,
    cds,
    diary,
    docs,
    foods,
    health,
    home,
    intake,
    labs,
    medicines,
    plan,
    profiles,
    report,
)
from b12.web.signin import SignInMiddleware
from b12.web.throttle import SignInThrottle

# b12 keeps personal health data on this computer and sends nothing anywhere: FastAPI's
# built-in OpenTelemetry (spans, metrics and logs of requests and their errors, exported
# when the process has a provider or FASTAPI_OTEL_AUTO_CONFIGURE=true) is switched off
# whatever the environment says. That also spares the per-request check whether a provider
# is configured.
NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}

# Bodies above this are refused (413) before they are read: a case or a lab report is a
# few kilobytes, and nothing here should make the server hold megabytes for a client.
MAX_BODY_BYTES = 256 * 1024


class B12App(FastAPI):
    """FastAPI with the case model added to the OpenAPI document (see ``openapi``)."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            document = super().openapi()
            add_models(document, [Case])
            self.openapi_schema = document
        return self.openapi_schema


def create_app(
    settings: Settings | None = None,
    *,
    knowledge: Knowledge | None = None,
    allowed_hosts: tuple[str, ...] = (),
    accounts: bool = False,
) -> FastAPI:
    """The b12 web app for ``settings`` (default: the environment's, ``B12_HOME`` etc.).

    It answers only to localhost names, plus ``allowed_hosts`` and ``B12_ALLOWED_HOSTS``
    (``b12.web.security``). With ``accounts`` (``b12 serve`` when ``b12 user add`` made one)
    everyone signs in and reaches only their own profiles (``b12.web.signin``).
    """
    settings = settings or get_settings()
    knowledge = knowledge or load_knowledge()
    knowledge.guideline(settings.guideline)  # a bad B12_GUIDELINE stops start-up, naming it
    foods_access = FoodIndexProvider(settings.food_index_path)
    diary_access = DiaryProvider(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        foods_access.warm()
        yield
        foods_access.close()
        diary_access.close()

    app = B12App(
        title="b12",
        version=__version__,
        summary="Is it B12, or something else? Information, not a diagnosis.",
        description=(
            "JSON API of b12: assess a case (red flags, B12 status, risk factors, causes of "
            "cramps), read lab results in any unit, search foods and see their B12, keep a diary "
            "(profiles, entries) and see its intake and timeline. Shapes "
            "follow the assessment and foods contracts. Errors are "
            '`{"error": {"code", "message", "field"}}`.'
        ),
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; this app serves nothing remote
        redoc_url=None,
        lifespan=lifespan,
        telemetry=NO_TELEMETRY,
    )
    app.state.settings = settings
    app.state.knowledge = knowledge
    app.state.foods = foods_access
    app.state.diary = diary_access
    app.state.accounts = accounts
    app.state.signin_throttle = SignInThrottle()
    # The guards (b12.web.security), each one job. The last added runs first, so a request
    # meets them in this order: the Host check (another site's page, rebound to this
    # address, is refused before anything else runs); the body limit (it wraps ``receive``,
    # so it must be outside anything that reads the body: the CSRF check reads a form); the
    # CSRF check (a forged write is refused before anyone is looked up); then sign-in (the
    # session lookup, which may touch the database, only for a request that passed all three).
    if accounts:
        app.add_middleware(SignInMiddleware, diary=diary_access)
    app.add_middleware(CSRFMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=MAX_BODY_BYTES)
    app.add_middleware(HostCheckMiddleware, hosts=allowed_hosts)
    errors.install(app)
    # Starlette tries the routes in turn and each miss costs about a microsecond: the
    # busiest first (the contract's assess and labs, food search), the static files last.
    for area in (
        assess,
        labs,
        foods,
        health,
        home,
        profiles,
        diary,
        intake,
        plan,
        medicines,
        report,
        cds,
        docs,
        *((accounts_routes,) if accounts else ()),
    ):
        for router in area.ROUTERS:
            add_routes(app, router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def add_routes(app: FastAPI, router: APIRouter) -> None:
    """Put ``router``'s routes on the app itself rather than ``include_router`` it.

    FastAPI 0.165 keeps an included router as one node that it matches by walking all its
    routes, twice per request, after walking every router before it; with the site's 14
    routers that cost 20-40 µs a request (in-process: ``/api/health`` 79 → 59 µs, food
    search 144 → 103 µs). The area routers carry no router-level dependencies, so
    their routes (path prefix, tags and responses already applied) work the same flat.
    One difference: FastAPI's ``dependency_overrides`` reach only routes made by the app's
    own router, so tests swap what routes read by setting ``app.state`` (``b12.web.deps``).
    """
    assert not router.dependencies, "a router-level dependency would be lost"
    app.router.routes.extend(router.routes)
