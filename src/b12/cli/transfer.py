"""`b12 export` and `b12 import`: the whole diary as one JSON document, and back."""

from __future__ import annotations

from typing import Any

import typer


def export(
    path: str = typer.Argument("-", help="File to write, or - for standard output."),
) -> None:
    """Write every profile, medicine and diary entry to a JSON document (b12-diary,
    version 2)."""
    import json
    import sys
    from pathlib import Path

    from b12.files import write_whole
    from b12.store import DiaryStore, export_json

    with DiaryStore.from_settings() as store:
        document = export_json(store)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if path == "-":
        sys.stdout.write(text)
        return
    write_whole(Path(path), text.encode("utf-8"))
    typer.echo(f"Exported {len(document.get('profiles', []))} profile(s) to {path}.")


def import_(
    path: str = typer.Argument(..., help="A file written by b12 export, or - for stdin."),
    replace: bool = typer.Option(False, "--replace", help="Replace profiles that exist."),
) -> None:
    """Read a diary document back (all of it in one transaction, or nothing)."""

    from b12.files import read_input
    from b12.json_input import read_json
    from b12.store import DiaryStore, import_json

    document = read_json(read_input(path), path)
    from b12.core.labs import ReadingOptions, interpret_lab
    from b12.knowledge import load_knowledge

    knowledge = load_knowledge()

    def check_lab(lab: Any, field: str) -> None:
        """As if typed: a known test, a unit it takes, a possible value."""
        interpret_lab(lab, knowledge, ReadingOptions(), field)

    with DiaryStore.from_settings() as store:
        import_json(store, document, replace=replace, check_lab=check_lab)
    typer.echo(f"Imported {len(document.get('profiles', []))} profile(s) from {path}.")
