"""`b12 user`: the accounts that may sign in to a b12 served beyond this computer.

With no account, b12 is for the person at this computer and asks no one to sign in; the
first ``b12 user add`` turns sign-in on for the web app (``b12 serve``), where each account
then sees only its own profiles. Passwords are asked twice without echo, or read from the
first line of standard input with ``--password-stdin`` (for scripts); only their Argon2
hash is stored.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from b12.store.accounts import Accounts

app = typer.Typer(
    help="Accounts for serving b12 beyond this computer (sign-in, each account's own profiles).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
_STDIN = typer.Option(
    False, "--password-stdin", help="Read the password from the first line of standard input."
)


def _accounts() -> Accounts:
    from b12.store import DiaryStore
    from b12.store.accounts import Accounts

    return Accounts(DiaryStore.from_settings())


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command("add")
def add(
    name: str = typer.Argument(..., help="The name to sign in with (a-z, 0-9, . _ @ -)."),
    admin: bool = typer.Option(False, "--admin", help="May list and manage the accounts."),
    password_stdin: bool = _STDIN,
) -> None:
    """Add an account. The first account turns sign-in on for the web app."""
    from b12.store.accounts import check_name

    check_name(name)  # before asking for a password
    accounts = _accounts()
    try:
        user = accounts.add(name, _password(password_stdin), "admin" if admin else "user")
    finally:
        accounts.store.close()
    typer.echo(f"added account {user.name!r} ({user.role})")


@app.command("list")
def list_users(as_json: bool = typer.Option(False, "--json")) -> None:
    """The accounts, with their role and how many profiles each owns."""
    from b12.cli.common import print_json

    accounts = _accounts()
    try:
        users = accounts.users()
    finally:
        accounts.store.close()
    if as_json:
        print_json(
            [
                {
                    "name": u.name,
                    "role": u.role,
                    "profiles": u.profiles,
                    "created": u.created_utc.isoformat() + "Z",
                }
                for u in users
            ]
        )
        return
    if not users:
        typer.echo("no accounts: b12 serves only this computer, without sign-in")
    for u in users:
        typer.echo(f"{u.name}\t{u.role}\t{u.profiles} profile(s)")


@app.command("delete")
def delete(
    name: str = typer.Argument(..., help="The account to remove."),
    with_profiles: bool = typer.Option(
        False, "--with-profiles", help="Also delete the profiles (and diaries) it owns."
    ),
) -> None:
    """Remove an account and sign it out everywhere."""
    accounts = _accounts()
    try:
        gone = accounts.delete(name, with_profiles=with_profiles)
    finally:
        accounts.store.close()
    typer.echo(f"deleted account {name!r}" + (f" and {gone} profile(s)" if gone else ""))


@app.command("adopt")
def adopt(
    name: str = typer.Argument(..., help="The account that takes the profiles."),
    profiles: list[str] = typer.Argument(
        None, help="Profiles to give it (default: every profile of no account)."
    ),
) -> None:
    """Give profiles made before the first account (or by the command line) to an account,
    so the web app shows them to it once sign-in is on."""
    accounts = _accounts()
    try:
        given = accounts.adopt(name, profiles or None)
    finally:
        accounts.store.close()
    if not given:
        typer.echo("no profile without an account: nothing to give")
    else:
        typer.echo(f"gave {', '.join(given)} to account {name!r}")


@app.command("passwd")
def passwd(
    name: str = typer.Argument(..., help="The account whose password changes."),
    password_stdin: bool = _STDIN,
) -> None:
    """Set a new password; the account's open sessions end."""
    accounts = _accounts()
    try:
        accounts.get(name)  # a missing account is said before the password is asked
        accounts.set_password(name, _password(password_stdin))
    finally:
        accounts.store.close()
    typer.echo(f"changed the password of {name!r}; its sessions were signed out")
