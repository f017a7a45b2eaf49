"""Signing in and out, and the account list for admins (only in an app with accounts).

Pages: ``/signin`` (form, then a session cookie and back to the page asked for),
``POST /signout``, and ``/users`` where an admin adds and removes accounts. The JSON twin
is ``/api/session`` (sign in, who am I, sign out) and ``/api/users`` (admins only).

A wrong name and a wrong password get the same answer, after the same work (one Argon2
verification, ``b12.store.accounts``); tries are rate-limited per account and per client
address (``b12.web.throttle``). An account that is not an admin gets 403 from the account
list, and no one can remove the account they are signed in with (that would lock the last
admin out).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from b12.errors import InputError
from b12.store.accounts import Accounts, User
from b12.web.deps import DiaryDep
from b12.web.errors import error_json
from b12.web.fast_json import JSONResponse
from b12.web.render import page
from b12.web.schemas import ERROR_RESPONSES
from b12.web.signin import (
    SIGNIN_PATH,
    accounts_of,
    clear_session_cookie,
    cookie_token,
    set_session_cookie,
    user_of,
)
from b12.web.throttle import SignInThrottle

api = APIRouter(prefix="/api", tags=["accounts"])
pages = APIRouter(include_in_schema=False)

AccountName = Annotated[str, Path(min_length=1, max_length=64, description="Account name.")]
_WRONG = "wrong account name or password"


class SessionIn(BaseModel):
    name: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class UserIn(BaseModel):
    name: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    role: Literal["user", "admin"] = "user"


class UserJSON(TypedDict):
    """An account: its name, its role and how many profiles it owns."""

    name: str
    role: Annotated[str, Field(description="user | admin")]
    profiles: int


def _user_json(user: User) -> UserJSON:
    return {"name": user.name, "role": user.role, "profiles": user.profiles}


def _throttle(request: Request) -> SignInThrottle:
    throttle: SignInThrottle = request.app.state.signin_throttle
    return throttle


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _sign_in(request: Request, accounts: Accounts, name: str, password: str) -> Any:
    """The account, or how long to wait (int seconds), or None for a wrong name/password."""
    throttle, client = _throttle(request), _client(request)
    wait = throttle.retry_after(name, client)
    if wait is not None:
        return wait
    user = await anyio.to_thread.run_sync(accounts.authenticate, name, password)
    if user is None:
        throttle.failed(name, client)
        return None
    throttle.succeeded(name)
    return user


def _safe_next(value: object) -> str:
    """Only a path on this site (``/diary``), never ``//other.site`` or a full URL."""
    text = value if isinstance(value, str) else ""
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return "/"
    return text


def _too_many(wait: int) -> str:
    return f"too many wrong tries: wait {wait} seconds, then try again"


# Sign in and out ---------------------------------------------------------------------------


@pages.get(SIGNIN_PATH, response_class=HTMLResponse)
def signin_page(request: Request) -> Response:
    wanted = _safe_next(request.query_params.get("next"))
    if user_of(request) is not None:
        return RedirectResponse(wanted, 303)
    return page(request, "signin.html", {"next": wanted, "name": ""})


@pages.post(SIGNIN_PATH, response_class=HTMLResponse)
async def signin(request: Request, diary: DiaryDep) -> Response:
    form = await request.form()
    name, password = str(form.get("name") or ""), str(form.get("password") or "")
    wanted = _safe_next(form.get("next"))
    accounts = accounts_of(diary)
    outcome = await _sign_in(request, accounts, name, password)
    if isinstance(outcome, User):
        token = await anyio.to_thread.run_sync(accounts.open_session, outcome)
        moved = RedirectResponse(wanted, 303)
        set_session_cookie(moved, request, token)
        return moved
    status, message = (429, _too_many(outcome)) if outcome else (401, _WRONG)
    response = page(
        request, "signin.html", {"next": wanted, "name": name, "error": message}, status
    )
    if outcome:
        response.headers["Retry-After"] = str(outcome)
    return response


@pages.get("/account", response_class=HTMLResponse)
def account_page(request: Request) -> Response:
    """Who is signed in, and the sign-out button (in the menu of every page)."""
    return page(request, "account.html", {"user": user_of(request)})


@pages.post("/signout", response_class=HTMLResponse)
async def signout(request: Request, diary: DiaryDep) -> Response:
    token = cookie_token(request.headers.get("cookie", ""))
    if token:
        await anyio.to_thread.run_sync(accounts_of(diary).close_session, token)
    response = RedirectResponse(SIGNIN_PATH, 303)
    clear_session_cookie(response, request)
    return response


@api.post(
    "/session",
    response_model=UserJSON,
    responses={**ERROR_RESPONSES, 401: ERROR_RESPONSES[422], 429: ERROR_RESPONSES[422]},
)
async def open_session(body: SessionIn, request: Request, diary: DiaryDep) -> Response:
    """Sign in: sets the session cookie the rest of the API then needs."""
    accounts = accounts_of(diary)
    outcome = await _sign_in(request, accounts, body.name, body.password)
    if isinstance(outcome, User):
        token = await anyio.to_thread.run_sync(accounts.open_session, outcome)
        response: Response = JSONResponse(_user_json(outcome))
        set_session_cookie(response, request, token)
        return response
    if outcome:
        response = error_json(429, "too_many_tries", _too_many(outcome), "password")
        response.headers["Retry-After"] = str(outcome)
        return response
    return error_json(401, "wrong_password", _WRONG, "password")


@api.get("/session", response_model=UserJSON)
def who_am_i(request: Request) -> JSONResponse:
    """The account this session is signed in with (401 when none is)."""
    user = user_of(request)
    if user is None:
        return error_json(401, "sign_in_required", "not signed in")
    return JSONResponse(_user_json(user))


@api.delete("/session", status_code=204)
def close_session(request: Request, diary: DiaryDep) -> Response:
    """Sign out: the session ends here and on the server."""
    token = cookie_token(request.headers.get("cookie", ""))
    if token:
        accounts_of(diary).close_session(token)
    response = Response(status_code=204)
    clear_session_cookie(response, request)
    return response


# The account list (admins) -----------------------------------------------------------------


_ADMINS_ONLY = "only an admin account may see and change the accounts"


def _admin(request: Request) -> User | None:
    """The signed-in account if it is an admin."""
    user = user_of(request)
    return user if user is not None and user.admin else None


def _forbidden(request: Request) -> Response:
    message = _ADMINS_ONLY
    if request.url.path.startswith("/api/"):
        return error_json(403, "forbidden", message)
    return HTMLResponse(f"<p>403: {message}</p>", 403)


def _delete(accounts: Accounts, me: User, name: str) -> None:
    if name == me.name:
        raise InputError("you cannot remove the account you are signed in with", field="name")
    accounts.delete(name, with_profiles=True)


@api.get("/users", response_model=list[UserJSON], responses={403: ERROR_RESPONSES[422]})
def list_users(request: Request, diary: DiaryDep) -> Response:
    """Every account (admins only)."""
    me = _admin(request)
    if me is None:
        return _forbidden(request)
    return JSONResponse([_user_json(u) for u in accounts_of(diary).users()])


@api.post(
    "/users", response_model=UserJSON, status_code=201, responses={**ERROR_RESPONSES, 403: {}}
)
def add_user(body: UserIn, request: Request, diary: DiaryDep) -> Response:
    """Add an account (admins only)."""
    me = _admin(request)
    if me is None:
        return _forbidden(request)
    return JSONResponse(
        _user_json(accounts_of(diary).add(body.name, body.password, body.role)), 201
    )


@api.delete("/users/{name}", status_code=204, responses={**ERROR_RESPONSES, 403: {}, 404: {}})
def delete_user(name: AccountName, request: Request, diary: DiaryDep) -> Response:
    """Remove an account with its profiles and their diaries (admins only)."""
    me = _admin(request)
    if me is None:
        return _forbidden(request)
    _delete(accounts_of(diary), me, name)
    return Response(status_code=204)


@pages.get("/users", response_class=HTMLResponse)
def users_page(request: Request, diary: DiaryDep) -> Response:
    me = _admin(request)
    if me is None:
        return _forbidden(request)
    return page(request, "users.html", {"users": accounts_of(diary).users()})


@pages.post("/users", response_class=HTMLResponse)
async def users_add(request: Request, diary: DiaryDep) -> Response:
    me = _admin(request)
    if me is None:
        return _forbidden(request)
    form = await request.form()
    accounts = accounts_of(diary)
    try:
        role = "admin" if form.get("role") == "admin" else "user"
        name, password = str(form.get("name") or ""), str(form.get("password") or "")
        await anyio.to_thread.run_sync(accounts.add, name, password, role)
    except InputError as exc:
        context = {"users": accounts.users(), "error": exc, "name": form.get("name")}
        return page(request, "users.html", context, 422)
    return RedirectResponse("/users", 303)


@pages.post("/users/{name}/delete", response_class=HTMLResponse)
def users_delete(name: AccountName, request: Request, diary: DiaryDep) -> Response:
    me = _admin(request)
    if me is None:
        return _forbidden(request)
    _delete(accounts_of(diary), me, name)
    return RedirectResponse("/users", 303)


ROUTERS = (pages, api)
