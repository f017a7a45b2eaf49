"""A one-shot command imports only its own command module (start-up pays for what it
imports), and the root lists and finds every command it names."""

from __future__ import annotations

import subprocess
import sys

import typer.main

from b12.cli.main import COMMANDS, app


def test_a_command_loads_only_its_own_module() -> None:
    code = (
        "import sys; from b12.cli.main import run; sys.argv = ['b12', 'labs', 'interpret', "
        "'b12_total=250 pg/mL'];\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('b12.cli.')), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded = done.stderr.strip().splitlines()[-1]
    assert "'b12.cli.labs'" in loaded
    for other in ("cohort", "plan", "serve", "fhir", "foods", "log"):
        assert f"'b12.cli.{other}'" not in loaded, other


def test_every_named_command_is_listed_and_built() -> None:
    root = typer.main.get_command(app)
    ctx = root.make_context("b12", ["--help"], resilient_parsing=True)
    assert root.list_commands(ctx) == list(COMMANDS)  # type: ignore[attr-defined]
    for name in COMMANDS:
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        assert command is not None and command.name == name
    assert root.get_command(ctx, "no-such-command") is None  # type: ignore[attr-defined]
