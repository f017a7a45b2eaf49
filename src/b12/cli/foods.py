"""`b12 foods` commands (being built: issue 4)."""

from __future__ import annotations

import typer

app = typer.Typer(help="foods commands.", no_args_is_help=True, rich_markup_mode=None)
