"""``python -m b12`` runs the CLI."""

from b12.cli.main import run

run()
