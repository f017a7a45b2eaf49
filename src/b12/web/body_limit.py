"""The request body's size limit, answered as ``413 too_large`` (JSON on the API).

This app's own limit rather than FastAPI's, whose 413 is plain text even on the JSON API. A
case or a lab report is a few kilobytes, and every body is read into memory: a request
whose ``Content-Length`` is over the limit is refused before anything is read, and a body
sent without a length (chunked) is counted as it is read and stopped once it passes the
limit. Where a route reads it, the 413 (an ``HTTPException``) is answered by the app's error
handlers; where a middleware behind this one reads it (the CSRF check reads a form), it
comes back here and is answered the same way.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from b12.web.security import is_api, refuse


class BodyTooLarge(HTTPException):
    """A body sent without a length, stopped at the limit."""


class BodyLimitMiddleware:
    """Refuses a body over ``max_body_bytes``, whether or not it says its size."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.limit = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        size = declared_size(scope)
        api = is_api(scope["path"])
        if size is not None:
            if size > self.limit:
                await refuse(413, "too_large", too_large(size, self.limit), api)(
                    scope, receive, send
                )
                return
            await self.app(scope, receive, send)
            return
        started = False

        async def send_started(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await self.app(scope, counted(receive, self.limit), send_started)
        except BodyTooLarge as exc:  # read by a middleware, outside the app's error handlers
            if started:
                raise
            await refuse(413, "too_large", exc.detail, api)(scope, receive, send)


def declared_size(scope: Scope) -> int | None:
    """The ``Content-Length``, when there is one and it is a number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def too_large(size: int | None, limit: int) -> str:
    """``size`` is None for a body sent without a length, stopped at the limit."""
    said = f"{size:,} bytes" if size is not None else "longer than that"
    return (
        f"at most {limit:,} bytes are read and the body is {said} (a case or a lab report is "
        "a few kilobytes)"
    )


def counted(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises ``BodyTooLarge`` once the body passes ``limit``."""
    seen = 0

    async def receive_counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(413, too_large(None, limit))
        return message

    return receive_counted
