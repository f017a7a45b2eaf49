"""`b12 labs` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="Read lab results.", no_args_is_help=True, rich_markup_mode=None)
