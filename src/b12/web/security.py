"""Safety for an app without a login that keeps personal data on this computer.

Three guards, each its own small ASGI middleware in front of every route (``create_app``
adds them; the order is documented there):

- **Host check** (``b12.web.host_check``, against DNS rebinding): a page of another site
  that rebinds its name to 127.0.0.1 still sends its own name in ``Host``; only
  ``127.0.0.1``, ``localhost`` and ``[::1]`` (any port) are answered, plus the names in
  ``B12_ALLOWED_HOSTS`` (comma separated) for someone who serves b12 on another address on
  purpose. Others get 400.
- **Body size** (``b12.web.body_limit``; this app's limit instead of FastAPI's, whose 413
  is plain text even on the JSON API): a body over the limit is refused, 413 ``too_large``,
  as JSON on the API.
- **CSRF** (``b12.web.csrf``): a form POST must carry the ``b12_csrf`` cookie's value in its
  ``csrf_token`` field; an API write must be JSON and must not come from another site's
  page (``Origin``).

This module holds what they and the pages share: the allowed names, the CSRF cookie, and
the refusal's shape (JSON ``{"error": {"code", "message", "field"}}`` under ``/api/``, plain
text elsewhere).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable

from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse, Response

from b12.web.errors import API_PREFIX, error_json

CSRF_COOKIE = "b12_csrf"
CSRF_FIELD = "csrf_token"
DEFAULT_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
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


def is_api(scope_path: str) -> bool:
    return scope_path.startswith(API_PREFIX)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(cookies: dict[str, str]) -> tuple[str, bool]:
    """The session's token, and whether it is new (the response must set the cookie)."""
    token = cookies.get(CSRF_COOKIE, "")
    if 20 <= len(token) <= 100 and token.replace("-", "").replace("_", "").isalnum():
        return token, False
    return new_token(), True


def secure(request: HTTPConnection) -> bool:
    """Whether cookies must be Secure: HTTPS, or a name that is not this computer's (served
    beyond it, so behind TLS; a browser keeps a Secure cookie off plain HTTP)."""
    return request.url.scheme == "https" or host_name(request.url.netloc) not in DEFAULT_HOSTS


def set_csrf_cookie(response: Response, request: HTTPConnection, token: str) -> None:
    response.set_cookie(
        CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure(request), path="/"
    )


def refuse(status: int, code: str, message: str, api: bool) -> Response:
    """A guard's refusal: the API's JSON error (``field`` is ``body`` for a 413), or text."""
    if api:
        return error_json(status, code, message, "body" if status == 413 else None)
    return PlainTextResponse(f"{status}: {message}", status)
