"""Cross-site request forgery: no other site's page can write here through the browser.

b12 has no login on this computer, so any page the browser opens could send it a form or a
script's request, and the browser would deliver it. Every write (POST, PUT, PATCH, DELETE)
is checked before any route runs:

- **Forms** (double-submit token): every page sets a random ``b12_csrf`` cookie
  (SameSite=Strict, HttpOnly; ``b12.web.render``) and its forms carry the same value in a
  hidden ``csrf_token`` field. A form whose field does not match its cookie is refused
  (403 ``csrf``). The form is read here to find the field and handed to the route as it
  came (``replay``), so the route reads it again as usual.
- **The JSON API**: a write whose ``Origin`` names another site is refused (403
  ``cross_site``): a browser always sends ``Origin`` on a cross-site write, while scripts and
  the command line send none. The server's own origin is the host and port the request was
  sent to (another app on another localhost port is another site). The pages'
  ``Referrer-Policy: no-referrer`` makes the browser say ``Origin: null`` with their own
  forms, which the token then decides; an API write from an opaque origin is refused. An
  API write must also be JSON (415 ``unsupported_media_type``): another site's page can send
  a form or text without asking, but JSON only after a CORS preflight this app never grants.

``TOKEN_PATHS`` (the CDS Hooks services) are exempt: each of their writes carries a bearer
token that a browser never attaches on its own, so there is nothing to forge.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl, urlsplit

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from b12.web.security import CSRF_COOKIE, CSRF_FIELD, TOKEN_PATHS, is_api, refuse

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_FORM_BYTES = 256 * 1024  # the form is held in memory to be read twice
EXPIRED = "this form has expired or did not come from this app: reload the page and send it again"


class CSRFMiddleware:
    """Refuses a write that another site's page could have sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in UNSAFE
            or scope["path"].startswith(TOKEN_PATHS)
        ):
            await self.app(scope, receive, send)
            return
        # The first value of each header (ASGI names are lower case), in one pass: Starlette's
        # Headers searches the whole list again for every name asked.
        headers: dict[bytes, bytes] = dict(reversed(scope["headers"]))
        api = is_api(scope["path"])
        origin = headers.get(b"origin")
        host = headers.get(b"host", b"").decode("latin-1")
        if not origin_ok(None if origin is None else origin.decode("latin-1"), host, api):
            message = "a write from another site is refused"
            await refuse(403, "cross_site", message, api)(scope, receive, send)
            return
        if api:
            if not json_or_empty(headers):
                message = "send the body as JSON, with Content-Type: application/json"
                await refuse(415, "unsupported_media_type", message, api)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        cookie = HTTPConnection(scope).cookies.get(CSRF_COOKIE, "")
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        if body is None or not token_ok(cookie, content_type, body):
            await refuse(403, "csrf", EXPIRED, api)(scope, receive, send)
            return
        await self.app(scope, replay(body), send)


def origin_ok(origin: str | None, host: str, api: bool) -> bool:
    """No ``Origin`` (scripts, old browsers) or this server's own: the same host and port
    the request was sent to. ``Origin: null`` (the pages' own forms, under ``no-referrer``)
    leaves a form to its token; an API write from an opaque origin is refused."""
    if not origin:
        return True
    if origin == "null":
        return not api
    return urlsplit(origin).netloc.lower() == host.lower()


def json_or_empty(headers: dict[bytes, bytes]) -> bool:
    """An API write carries JSON (or nothing, as a DELETE does)."""
    media = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    if media == b"application/json" or media.endswith(b"+json"):
        return True
    return headers.get(b"content-length") in (None, b"0") and b"transfer-encoding" not in headers


async def read_body(receive: Receive) -> bytes | None:
    """The whole body, or None past ``MAX_FORM_BYTES`` or when the client went away."""
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


def replay(body: bytes) -> Receive:
    """``receive`` for the route: the body already read, then a disconnect."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def token_ok(cookie: str, content_type: str, body: bytes) -> bool:
    """The form's ``csrf_token`` field is the cookie's value (compared in constant time)."""
    if not cookie or "application/x-www-form-urlencoded" not in content_type:
        return False
    try:
        fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return False
    sent = next((value for name, value in fields if name == CSRF_FIELD), "")
    return hmac.compare_digest(sent.encode(), cookie.encode())
