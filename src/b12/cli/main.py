"""The ``b12`` command.

Start-up speed matters: a one-shot command pays for what it imports. So the commands are
named here and each one's module is imported, and its Click command built, only when that
command runs (Click's "lazily loading subcommands" pattern, on Typer's group class); the
core, the knowledge base and the food index are imported inside the commands that need
them. ``b12 --help`` loads every command, to list them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import typer
import typer.main
from typer.core import TyperGroup

from b12.errors import B12Error

if TYPE_CHECKING:
    from typer._click import Command, Context  # the types TyperGroup is declared with

COMMANDS = {
    "assess": "b12.cli.assess:assess",
    "intake": "b12.cli.intake:intake",
    "plan": "b12.cli.plan:plan",
    "timeline": "b12.cli.intake:timeline",
    "report": "b12.cli.report:report",
    "export": "b12.cli.transfer:export",
    "import": "b12.cli.transfer:import_",
    "serve": "b12.cli.serve:serve",
    "labs": "b12.cli.labs:app",
    "foods": "b12.cli.foods:app",
    "data": "b12.cli.data:app",
    "profile": "b12.cli.profile:app",
    "log": "b12.cli.log:app",
    "med": "b12.cli.med:app",
    "user": "b12.cli.user:app",
    "cohort": "b12.cli.cohort:app",
    "fhir": "b12.cli.fhir:app",
}
"""Each command's name (in the order ``--help`` lists them) → ``module:attribute``: a Typer
app is a command group, a function one command (its help is its docstring or ``_HELP``)."""


def load_command(name: str) -> Command:
    """The Click command ``name``, built from its module."""
    module_name, attribute = COMMANDS[name].split(":")
    module = importlib.import_module(module_name)
    target = getattr(module, attribute)
    if isinstance(target, typer.Typer):
        command: Command = typer.main.get_group(target)  # a group even with one command
    else:
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name, help=getattr(module, "_HELP", None))(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


class _LazyCommands(MutableMapping[str, "Command"]):
    """The root group's commands, each built on first use (``load_command``)."""

    def __init__(self) -> None:
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = load_command(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._built]))

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._built))


class _Commands(TyperGroup):
    """The root command, its subcommands loaded lazily. A ``B12Error`` (the user's input,
    not a bug) becomes one line on stderr and exit code 2 here, inside the command, so a
    test's ``CliRunner`` sees what a user's terminal shows, without starting a process."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _LazyCommands()

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        return self.commands.get(cmd_name)

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
