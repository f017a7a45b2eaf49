"""The ``b12`` command.

Start-up speed matters (``b12 --help`` should answer in well under a second), so this module
and the command-group modules import only Typer at the top; the core, the knowledge base and
the food index are imported inside the commands that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from b12.cli import assess as assess_cmd
from b12.cli import cohort as cohort_cmd
from b12.cli import data as data_cmd
from b12.cli import fhir as fhir_cmd
from b12.cli import foods as foods_cmd
from b12.cli import intake as intake_cmd
from b12.cli import labs as labs_cmd
from b12.cli import log as log_cmd
from b12.cli import med as med_cmd
from b12.cli import plan as plan_cmd
from b12.cli import profile as profile_cmd
from b12.cli import report as report_cmd
from b12.cli import serve as serve_cmd
from b12.cli import transfer as transfer_cmd
from b12.cli import user as user_cmd
from b12.errors import B12Error

if TYPE_CHECKING:
    from typer._click import Context  # the Context TyperGroup.invoke is declared with


class _Commands(TyperGroup):
    """The root command. A ``B12Error`` (the user's input, not a bug) becomes one line on
    stderr and exit code 2 here, inside the command, so a test's ``CliRunner`` sees what a
    user's terminal shows, without starting a process."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except B12Error as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Commands,
    name="b12",
    help=(
        "b12 helps you find out whether muscle cramps and other symptoms may come from "
        "vitamin B12 deficiency or from something else, read lab results in any unit, and "
        "find foods rich in B12.\n\n"
        "It informs and points to care; it does not diagnose or prescribe."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(labs_cmd.app, name="labs")
app.command("assess", help=assess_cmd._HELP)(assess_cmd.assess)
app.add_typer(foods_cmd.app, name="foods")
app.add_typer(data_cmd.app, name="data")
app.add_typer(profile_cmd.app, name="profile")
app.add_typer(log_cmd.app, name="log")
app.add_typer(med_cmd.app, name="med")
app.command("intake")(intake_cmd.intake)
app.command("plan", help=plan_cmd._HELP)(plan_cmd.plan)
app.command("timeline")(intake_cmd.timeline)
app.command("report", help=report_cmd._HELP)(report_cmd.report)
app.command("export")(transfer_cmd.export)
app.command("import")(transfer_cmd.import_)
app.command("serve")(serve_cmd.serve)
app.add_typer(user_cmd.app, name="user")
app.add_typer(cohort_cmd.app, name="cohort")
app.add_typer(fhir_cmd.app, name="fhir")


def _version(value: bool) -> None:
    if value:
        import b12

        typer.echo(f"b12 {b12.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """b12 command line."""


def run() -> None:
    """Console entry point (user errors: one line on stderr, exit code 2; see ``_Commands``)."""
    app()
