"""`b12 serve`: the web app on this computer.

Only Typer is imported here: ``b12 --help`` must stay fast, so FastAPI, uvicorn and the app
are imported when the command runs.
"""

from __future__ import annotations

import typer

_HELP = """Start the b12 web app: self-check, lab reader, foods, diary and charts in a browser.

It listens on 127.0.0.1 (this computer only) unless --host says otherwise. The app has no
login: anyone who can reach the address sees the pages, so keep it local. Food pages need
the food data (b12 data import); without it they say how to import it.

This is information, not a diagnosis.
"""


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    import uvicorn

    from b12.web.app import create_app

    typer.echo(f"b12 web app: http://{host}:{port}/  (Ctrl+C to stop)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"note: listening on {host}; anyone who can reach it can use the app.")
    uvicorn.run(create_app(), host=host, port=port, log_level="info")


serve.__doc__ = _HELP
