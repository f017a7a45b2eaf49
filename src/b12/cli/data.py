"""`b12 data` commands (being built: issue 4)."""

from __future__ import annotations

import typer

app = typer.Typer(help="data commands.", no_args_is_help=True, rich_markup_mode=None)
