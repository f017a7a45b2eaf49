"""`b12 ARGS` inside the test process, through Typer's CliRunner.

A new process per command cost about a second (Python, Typer, the knowledge base, the food
index); in-process, a command costs what it does. What a user sees is the same: stdout,
stderr and the exit code, with user errors as one line and exit code 2 (the root command
turns them into that, see ``b12.cli.main``). Tests where the process itself is the point
(start-up, the console entry, signals, what one process leaves for the next) still start
one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from typer.testing import CliRunner

from b12.cli.main import app
from b12.config import get_settings


@dataclass(frozen=True)
class Ran:
    """A command's outcome, named as ``subprocess.CompletedProcess`` names it."""

    returncode: int
    stdout: str
    stderr: str


def b12(*args: str, env: Mapping[str, str | None], stdin: str = "") -> Ran:
    """Run ``b12 ARGS`` with ``env`` set for its duration (None unsets a variable). The
    settings are read afresh, as a new process would. An exception that escapes the command
    is raised here: in a terminal it would have been a traceback."""
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, list(args), input=stdin, env=dict(env))
    finally:
        get_settings.cache_clear()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)
