"""Sign-in for a b12 with accounts: who is asking, before any route runs.

Only an app made with ``create_app(accounts=True)`` (``b12 serve`` when ``b12 user add`` has
made an account) has this middleware; without accounts nothing here runs and b12 stays
login-free on this computer.

Every request carries its session in the ``b12_session`` cookie: a random token whose
SHA-256 the database keeps (``b12.store.accounts``). A request with an open session runs
as its account (``user_of``; the diary it reaches is that account's, ``b12.web.deps``).
Without one, only signing in and out, the health check, the static files and the CDS Hooks
services (which carry their own EHR token) answer; a page asked for sends the browser to
sign in, and the JSON API answers 401.

The cookie is HttpOnly (no script reads it), SameSite=Lax (another site's form or
script never carries it; a link followed to b12 does, so a shared link opens signed in),
and Secure (sent only over HTTPS) whenever the request came over HTTPS or to a name that
is not this computer's: a password and a session must never cross a network in clear.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

import anyio.to_thread
from starlette.requests import HTTPConnection, cookie_parser
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from b12.web.errors import API_PREFIX, error_json
from b12.web.security import TOKEN_PATHS, secure

if TYPE_CHECKING:
    from starlette.requests import Request

    from b12.store.accounts import Accounts, User
    from b12.web.diary_access import DiaryProvider

SESSION_COOKIE = "b12_session"
SIGNIN_PATH = "/signin"
OPEN_PATHS = frozenset({SIGNIN_PATH, "/signout", "/api/session", "/api/health"})
USER_KEY = "b12_user"
SESSION_SECONDS = 12 * 3600


def accounts_of(diary: DiaryProvider) -> Accounts:
    from b12.store.accounts import Accounts

    return Accounts(diary.get())


def user_of(request: Request) -> User | None:
    """The account the request runs as (None: no accounts, or not signed in)."""
    user: User | None = request.scope.get("state", {}).get(USER_KEY)
    return user


def cookie_token(cookie_header: str) -> str:
    """The session token in a ``Cookie`` header (parsed by Starlette), or ``""``."""
    return cookie_parser(cookie_header).get(SESSION_COOKIE, "")


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=secure(request),
        path="/",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=secure(request), path="/"
    )


class SignInMiddleware:
    """Looks up the request's session; refuses what needs one when there is none."""

    def __init__(self, app: ASGIApp, diary: DiaryProvider) -> None:
        self.app = app
        self.diary = diary

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = HTTPConnection(scope).cookies.get(SESSION_COOKIE, "")
        user = None
        if token:
            user = await anyio.to_thread.run_sync(self._user, token)
        path: str = scope["path"]
        if user is not None:
            scope.setdefault("state", {})[USER_KEY] = user
        elif not (path in OPEN_PATHS or path.startswith(("/static/", *TOKEN_PATHS))):
            await _sign_in_first(scope, path)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _user(self, token: str) -> User | None:
        return accounts_of(self.diary).session_user(token)


def _sign_in_first(scope: Scope, path: str) -> Response:
    if path.startswith(API_PREFIX):
        return error_json(
            401,
            "sign_in_required",
            "sign in first: POST /api/session with your account name and password",
        )
    if scope["method"] in ("GET", "HEAD"):
        query = scope.get("query_string", b"").decode("latin-1")
        wanted = path + ("?" + query if query else "")
        return RedirectResponse(f"{SIGNIN_PATH}?next={quote(wanted, safe='')}", 303)
    return PlainTextResponse("401: sign in first, then send this again", 401)
