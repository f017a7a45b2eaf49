"""`b12 serve`: the web app on this computer, or, with accounts, for others to reach.

Only Typer is imported here: ``b12 --help`` must stay fast, so FastAPI, uvicorn and the app
are imported when the command runs.
"""

from __future__ import annotations

from pathlib import Path

import typer

_HELP = """Start the b12 web app: self-check, lab reader, foods, diary and charts in a browser.

Without accounts it listens on this computer only (127.0.0.1, localhost or ::1) and asks
no one to sign in; another --host is refused, since anyone who reached it would see every
diary. With accounts (b12 user add NAME --admin) everyone signs in, each account sees only
its own profiles, and another --host is allowed: serve it over HTTPS (--ssl-certfile and
--ssl-keyfile, or behind a TLS proxy), as the sign-in cookie is sent only over HTTPS
beyond this computer. Food pages need the food data (b12 data import); without it they
say how to import it.

This is information, not a diagnosis.
"""


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    ssl_certfile: Path | None = typer.Option(
        None, "--ssl-certfile", exists=True, dir_okay=False, help="TLS certificate (PEM)."
    ),
    ssl_keyfile: Path | None = typer.Option(
        None, "--ssl-keyfile", exists=True, dir_okay=False, help="TLS private key (PEM)."
    ),
) -> None:
    from b12.errors import InputError

    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise InputError("give both --ssl-certfile and --ssl-keyfile, or neither", field="ssl")
    accounts = _has_accounts()
    if host not in LOOPBACK and not accounts:
        raise InputError(
            f"b12 serve answers only on this computer ({', '.join(LOOPBACK)}) until it has "
            f"accounts: on {host} anyone who reached it would see every diary. Add one with "
            "`b12 user add NAME --admin` (then everyone signs in), or use an SSH tunnel to "
            "reach this computer from another device.",
            field="host",
        )
    import uvicorn

    from b12.web.app import create_app

    scheme = "https" if ssl_certfile else "http"
    hosts = () if host in LOOPBACK or host in WILDCARDS else (host,)
    sign_in = " (sign-in required)" if accounts else ""
    typer.echo(f"b12 web app: {scheme}://{host}:{port}/{sign_in}  (Ctrl+C to stop)")
    uvicorn.run(
        create_app(allowed_hosts=hosts, accounts=accounts),
        host=host,
        port=port,
        log_level="info",
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )


def _has_accounts() -> bool:
    from b12.store import DiaryStore
    from b12.store.accounts import Accounts

    with DiaryStore.from_settings() as store:
        return Accounts(store).any()


LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::")  # every address: the names it answers to go in B12_ALLOWED_HOSTS


serve.__doc__ = _HELP
