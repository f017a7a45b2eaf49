"""Safety for an app without a login that keeps personal data on this computer.

Three guards, as one ASGI middleware in front of every route:

- **Host check** (against DNS rebinding): a page of another site that rebinds its name to
  127.0.0.1 still sends its own name in ``Host``; only ``127.0.0.1``, ``localhost`` and
  ``[::1]`` (any port) are answered, plus the names in ``B12_ALLOWED_HOSTS`` (comma
  separated) for someone who serves b12 on another address on purpose. Others get 400.
- **CSRF** for forms (double-submit token): every page sets a random ``b12_csrf`` cookie
  (SameSite=Strict, HttpOnly) and its forms carry the same value in a hidden
  ``csrf_token`` field; a form POST whose field does not match its cookie is refused (403)
  before any route runs. A write to the JSON API whose ``Origin`` header names another site
  is refused the same way (a browser always sends ``Origin`` on a cross-site write; scripts
  and the command line send none). The pages' ``Referrer-Policy: no-referrer`` makes the
  browser send ``Origin: null`` with their own forms, which the token then decides.
- **Body size** (this app's limit, instead of FastAPI's, whose 413 is plain text even on the
  JSON API): a request whose ``Content-Length`` is over the limit is refused before anything
  is read; a body sent without a length is counted as it is read and stopped when it passes
  the limit. Both answer 413 ``too_large``, as JSON on the API.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from b12.web.errors import API_PREFIX, error_json

CSRF_COOKIE = "b12_csrf"
CSRF_FIELD = "csrf_token"
DEFAULT_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
MAX_FORM_BYTES = 256 * 1024
# Paths whose every write authenticates itself with a bearer token (the CDS Hooks services'
# JWT, b12.web.routes.cds), not a cookie: a browser never attaches such a token on its own,
# so there is no cross-site request to forge and the Origin/CSRF rules do not apply (CORS
# decides which EHR pages may read the answers). The Host check and body limit still do.
TOKEN_PATHS = ("/cds-services",)


def allowed_hosts(extra: Iterable[str] = ()) -> frozenset[str]:
    """The default local names, ``B12_ALLOWED_HOSTS`` and ``extra`` (lower case, no port)."""
    names = [*DEFAULT_HOSTS, *extra]
    names += [n.strip() for n in os.environ.get("B12_ALLOWED_HOSTS", "").split(",")]
    return frozenset(n.lower() for n in names if n)


def host_name(value: str) -> str:
    """``127.0.0.1:8000`` → ``127.0.0.1``; ``[::1]:80`` → ``[::1]``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def new_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(cookies: dict[str, str]) -> tuple[str, bool]:
    """The session's token, and whether it is new (the response must set the cookie)."""
    token = cookies.get(CSRF_COOKIE, "")
    if 20 <= len(token) <= 100 and token.replace("-", "").replace("_", "").isalnum():
        return token, False
    return new_token(), True


def set_csrf_cookie(response: Response, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")


class LocalOnlyMiddleware:
    """The Host check and the body-size limit for every request, and the CSRF/Origin check
    for every write."""

    def __init__(
        self, app: ASGIApp, hosts: Iterable[str] = (), max_body_bytes: int | None = None
    ) -> None:
        self.app = app
        self.hosts = allowed_hosts(hosts)
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The first value of each header (ASGI names are lower case), in one pass: Starlette's
        # Headers searches the whole list again for every name asked.
        headers: dict[bytes, bytes] = dict(reversed(scope["headers"]))
        path: str = scope["path"]
        api = path.startswith(API_PREFIX)
        if host_name(headers.get(b"host", b"").decode("latin-1")) not in self.hosts:
            await _refuse(400, "bad_host", "this server only answers to localhost", api)(
                scope, receive, send
            )
            return
        limit = self.max_body_bytes
        if limit is not None:
            size = _declared_size(headers)
            if size is not None and size > limit:
                await _refuse(413, "too_large", _too_large(size, limit), api)(scope, receive, send)
                return
            if size is None:
                receive = _counted(receive, limit)
        if scope["method"] not in _UNSAFE or path.startswith(TOKEN_PATHS):
            await self.app(scope, receive, send)
            return
        origin = headers.get(b"origin")
        host = headers.get(b"host", b"").decode("latin-1")
        if not _origin_ok(None if origin is None else origin.decode("latin-1"), host, api):
            await _refuse(403, "cross_site", "a write from another site is refused", api)(
                scope, receive, send
            )
            return
        if api:
            if not _json_or_empty(headers):
                message = "send the body as JSON, with Content-Type: application/json"
                await _refuse(415, "unsupported_media_type", message, api)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        try:
            body = await _read_body(receive)
        except HTTPException as exc:  # a form sent without a length, past the limit
            await _refuse(exc.status_code, "too_large", exc.detail, api)(scope, receive, send)
            return
        if body is None or not _csrf_ok(Headers(scope=scope), body):
            message = (
                "this form has expired or did not come from this app: reload the page and "
                "send it again"
            )
            await _refuse(403, "csrf", message, api)(scope, receive, send)
            return
        await self.app(scope, _replay(body), send)


def _origin_ok(origin: str | None, host: str, api: bool) -> bool:
    """No ``Origin`` (scripts, old browsers) or this server's own: the same host and port
    the request was sent to (another app on another localhost port is another site). Pages
    send ``no-referrer``, so the browser's own forms say ``Origin: null``: a form is then
    judged by its CSRF token, while an API write from an opaque origin is refused."""
    if not origin:
        return True
    if origin == "null":
        return not api
    return urlsplit(origin).netloc.lower() == host.lower()


def _json_or_empty(headers: dict[bytes, bytes]) -> bool:
    """An API write carries JSON (or nothing, as a DELETE does)."""
    media = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    if media == b"application/json" or media.endswith(b"+json"):
        return True
    return headers.get(b"content-length") in (None, b"0") and b"transfer-encoding" not in headers


def _declared_size(headers: dict[bytes, bytes]) -> int | None:
    value = headers.get(b"content-length")
    return int(value) if value is not None and value.isdigit() else None


def _too_large(size: int | None, limit: int) -> str:
    """``size`` is None for a body sent without a length, stopped at the limit."""
    said = f"{size:,} bytes" if size is not None else "longer than that"
    return (
        f"at most {limit:,} bytes are read and the body is {said} (a case or a lab report is "
        "a few kilobytes)"
    )


def _counted(receive: Receive, limit: int) -> Receive:
    """``receive`` that stops a body sent without a length once it passes ``limit``: the
    413 is raised where the route reads, and the app's error handlers answer it."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, _too_large(None, limit))
        return message

    return counted


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _csrf_ok(headers: Headers, body: bytes) -> bool:
    cookie = ""
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == CSRF_COOKIE:
            cookie = value
    if not cookie or "application/x-www-form-urlencoded" not in headers.get("content-type", ""):
        return False
    try:
        fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return False
    sent = next((value for name, value in fields if name == CSRF_FIELD), "")
    return hmac.compare_digest(sent.encode(), cookie.encode())


def _refuse(status: int, code: str, message: str, api: bool) -> Response:
    if api:
        return error_json(status, code, message, "body" if status == 413 else None)
    return PlainTextResponse(f"{status}: {message}", status)
