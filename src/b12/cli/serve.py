"""`b12 serve`: the web app on this computer.

Only Typer is imported here: ``b12 --help`` must stay fast, so FastAPI, uvicorn and the app
are imported when the command runs.
"""

from __future__ import annotations

import typer

_HELP = """Start the b12 web app: self-check, lab reader, foods, diary and charts in a browser.

It listens on this computer only (127.0.0.1, localhost or ::1): the app has no accounts
yet, so anyone who could reach it would see every diary, and another --host is refused.
To use it from another device, reach this computer through an SSH tunnel. Food pages need
the food data (b12 data import); without it they say how to import it.

This is information, not a diagnosis.
"""


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    from b12.errors import InputError

    if host not in _LOOPBACK:
        raise InputError(
            f"b12 serve answers only on this computer ({', '.join(_LOOPBACK)}): it has no "
            f"accounts yet, so on {host} anyone who reached it would see every diary. Use an "
            "SSH tunnel to reach it from another device.",
            field="host",
        )
    import uvicorn

    from b12.web.app import create_app

    typer.echo(f"b12 web app: http://{host}:{port}/  (Ctrl+C to stop)")
    uvicorn.run(create_app(), host=host, port=port, log_level="info")


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


serve.__doc__ = _HELP
