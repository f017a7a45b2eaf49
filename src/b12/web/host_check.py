"""The Host check, against DNS rebinding: Starlette's ``TrustedHostMiddleware``, answering
in this app's error shape.

A page of another site can rebind its own name to 127.0.0.1 and then read and write this
app as if it were that site; the browser still sends the site's name in ``Host``. So only
the names of ``b12.web.security.allowed_hosts`` are answered (``127.0.0.1``, ``localhost``
and ``[::1]``, any port; ``B12_ALLOWED_HOSTS``; ``create_app(allowed_hosts=…)``), and any
other, a missing or a malformed ``Host`` gets 400.

Starlette does the parsing and matching (``[::1]:8000`` is the host ``[::1]``; a name
``*.example.lan`` in the list matches its subdomains). Its refusal is plain text, though, and
the JSON API answers every error as ``{"error": {"code", "message", "field"}}``: this thin
wrapper lets Starlette decide and answers the refusal itself (``bad_host``).
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from b12.web.security import allowed_hosts, is_api, refuse

# Set in the scope by the app behind TrustedHostMiddleware: the request passed the check.
_PASSED = "b12.host_ok"


def patterns(names: Iterable[str]) -> list[str]:
    """The names TrustedHostMiddleware accepts as they are: a bare ``*`` (which would turn
    the check off) and ``*`` anywhere but a leading ``*.`` (which it refuses at start-up)
    matched nothing before Starlette did the matching, and still match nothing."""
    return sorted(n for n in names if "*" not in n or (n.startswith("*.") and "*" not in n[1:]))


class HostCheckMiddleware:
    """Answers only requests whose ``Host`` is one of the allowed names."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.check = TrustedHostMiddleware(
            self._passed, allowed_hosts=patterns(allowed_hosts(hosts)), www_redirect=False
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan passes; a websocket is checked as Starlette does
            await self.check(scope, receive, send)
            return

        async def send_passed(message: Message) -> None:
            if _PASSED in scope:  # the app's own answer; before it, Starlette's refusal
                await send(message)

        await self.check(scope, receive, send_passed)
        if _PASSED not in scope:
            message = "this server only answers to localhost"
            await refuse(400, "bad_host", message, is_api(scope["path"]))(scope, receive, send)

    async def _passed(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[_PASSED] = True
        await self.app(scope, receive, send)
