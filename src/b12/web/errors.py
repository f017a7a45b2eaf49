"""Every failure a person can cause becomes a clear answer, never a traceback.

The JSON API answers ``{"error": {"code", "message", "field"}}`` (a 4xx naming the field and
what is allowed); pages answer with an HTML page that says the same in words. The choice is
made by path: everything under ``/api/`` is JSON. A missing food index is not the client's
fault, so it is a 503 whose message says how to import the data.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from b12.core.validation_errors import field_path, readable_message
from b12.errors import B12Error, DataMissingError, InputError, NotFoundError, StoreBusyError
from b12.json_input import read_json
from b12.web.fast_json import JSONResponse

API_PREFIX = "/api/"


class InvalidJSON(InputError):
    """A request body that is not JSON at all (400, not 422: nothing could be read)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="body")


STATUS_BY_ERROR: tuple[tuple[type[B12Error], int, str], ...] = (
    (InvalidJSON, 400, "invalid_json"),
    (NotFoundError, 404, "not_found"),
    (DataMissingError, 503, "data_missing"),
    (StoreBusyError, 503, "busy"),
    (InputError, 422, "invalid_input"),
)


def is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def error_json(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "field": field}}, status)


def classify(exc: B12Error) -> tuple[int, str]:
    """HTTP status and error code for a b12 error (most specific class first)."""
    for cls, status, code in STATUS_BY_ERROR:
        if isinstance(exc, cls):
            return status, code
    return 400, "bad_request"


def request_field(loc: tuple[int | str, ...]) -> str | None:
    """``("body", "labs", 0, "unit")`` → ``labs[0].unit``; where the request put the value
    (body, query, path) is dropped, as the contract's field names do not carry it."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return field_path(parts) or None


def validation_message(err: dict[str, Any]) -> tuple[str, str]:
    """A readable message and error code for one pydantic/FastAPI validation error."""
    if err.get("type") == "json_invalid":
        ctx = err.get("ctx") or {}
        return f"the body is not valid JSON ({ctx.get('error', 'cannot decode')})", "invalid_json"
    return readable_message(err, contract="request"), "invalid_input"


async def _b12_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, B12Error)
    status, code = classify(exc)
    if is_api(request):
        response = error_json(status, code, exc.message, exc.field)
        if isinstance(exc, StoreBusyError):
            response.headers["Retry-After"] = str(exc.retry_after_seconds)
        return response
    from b12.web.render import error_page

    return error_page(request, exc, status)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    first: dict[str, Any] = errors[0] if errors else {}
    message, code = validation_message(first)
    field = request_field(tuple(first.get("loc", ())))
    if is_api(request):
        return error_json(400 if code == "invalid_json" else 422, code, message, field)
    from b12.web.render import error_page

    return error_page(request, InputError(message, field=field), 422)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
        exc.status_code, "http_error"
    )
    message = {
        404: f"nothing at {request.url.path}",
        405: f"{request.method} is not allowed on {request.url.path}",
    }.get(exc.status_code, str(exc.detail))
    if is_api(request) or exc.status_code not in (404, 405):
        field = "body" if exc.status_code == 413 else None
        response: Response = error_json(exc.status_code, code, message, field)
    else:
        from b12.web.render import error_page

        response = error_page(request, NotFoundError(message), exc.status_code)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def _client_gone(request: Request, exc: Exception) -> Response:
    """The client closed the connection before sending the whole body: there is nobody to
    answer and nothing went wrong here, so no traceback in the log; nothing was read, so
    nothing was written."""
    return Response(status_code=400)


def install(app: FastAPI) -> None:
    """Register the handlers that turn errors into the shapes above."""
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_exception_handler(B12Error, _b12_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


def decode_json_body(raw: bytes) -> Any:
    """The decoded JSON body of a route that validates it itself (with the core's parser)."""
    if not raw.strip():
        raise InputError("the body is empty; send a JSON object", field="body")
    try:
        return read_json(raw, "the body")
    except InputError as exc:
        raise InvalidJSON(exc.message) from None
