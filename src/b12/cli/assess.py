"""`b12 assess` (being built: issue 3)."""

from __future__ import annotations

import typer


def assess() -> None:
    """Assess a case (cramps, symptoms, risk factors, labs)."""
    typer.echo("not yet available")
    raise typer.Exit(1)
