"""A FastAPI route that calls its endpoint directly when there is nothing to resolve.

For every request, FastAPI's own handler (FastAPI 0.165) looks for a body, builds the
context of its error messages, resolves the endpoint's dependencies and parameters inside
telemetry spans, and then checks what the endpoint returned. An endpoint that takes only the
``Request`` and returns a ``Response`` (``POST /api/assess``: it reads its own body and
query, see ``b12.web.routes.assess``) needs none of it: the route calls it with the request
and passes its response on. The route is still an ``APIRoute``, so it is documented in the
OpenAPI schema as before. Around the call it keeps Starlette's own wrapper (the app's
exception handlers) but not FastAPI's copy of it, which adds two exit stacks per request
for the teardown of dependencies and uploads, of which such an endpoint has none.

An endpoint with anything to resolve (a parameter, a dependency, a body model) keeps
FastAPI's handler, so every router may use this class.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import request_response

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class DirectRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        super().__init__(path, endpoint, **options)
        if takes_only_the_request(self):
            # b12 limits bodies in its own middleware (b12.web.security), not per route
            assert options.get("max_body_size") is None, "a route's body limit would be lost"
            self.app = request_response(self.get_route_handler())

    def get_route_handler(self) -> Handler:
        if not takes_only_the_request(self):
            return super().get_route_handler()
        endpoint = self.endpoint
        name = self.dependant.request_param_name
        assert name is not None

        async def handler(request: Request) -> Response:
            response = await endpoint(**{name: request})
            if not isinstance(response, Response):
                raise TypeError(f"{self.path}: the endpoint must return a Response")
            return response

        return handler


def takes_only_the_request(route: APIRoute) -> bool:
    """Whether ``route``'s endpoint is ``async def f(request: Request) -> SomeResponse``."""
    d = route.dependant
    signature = inspect.signature(route.endpoint, eval_str=True)
    returns = signature.return_annotation
    return (
        inspect.iscoroutinefunction(route.endpoint)
        and d.request_param_name is not None
        and len(signature.parameters) == 1
        and not (d.path_params or d.query_params or d.header_params or d.cookie_params)
        and not (d.body_params or d.dependencies or route.body_field)
        and isinstance(returns, type)
        and issubclass(returns, Response)
    )


async def body_of(request: Request) -> bytes:
    """The request's body, read straight from the ASGI messages.

    Starlette's ``Request.body()`` goes through an async generator and its closing context
    for every request; a body sent as one message (any case or lab report) is here one
    ``receive``. The body can be read once: a direct endpoint reads it itself, and nothing
    after it reads it again.
    """
    chunks: list[bytes] = []
    while True:
        message = await request.receive()
        if message["type"] != "http.request":
            raise ClientDisconnect()
        chunk = message.get("body", b"")
        if not message.get("more_body", False):
            return b"".join((*chunks, chunk)) if chunks else chunk
        chunks.append(chunk)
