"""`b12 data` commands: import the USDA files into the food index, download them, status.

Only Typer is imported at module level; importers, httpx and Rich load inside the commands.
Progress bars go to stderr (and stay quiet when it is not a terminal); summaries go to stdout.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from b12.cli.common import print_json

if TYPE_CHECKING:
    from collections.abc import Iterator

    from b12.foods.model import ProgressFn, SourceStatus

app = typer.Typer(
    help="Get the USDA food composition data (SR28, FNDDS) and build the local food index.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")
_RELEASE_LABELS = {"sr28": "USDA SR28 (2015)", "fndds": "FNDDS 2021-2023, At A Glance"}
_ONLY = typer.Option(None, "--only", help="Only this source: sr28 or fndds (repeatable).")


@contextmanager
def _progress_bar(unit_bytes: bool) -> Iterator[ProgressFn]:
    """A Rich progress bar on stderr with one task per stage; yields the progress callback."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskID,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    amount = DownloadColumn() if unit_bytes else TaskProgressColumn()
    columns = (TextColumn("{task.description:<24}"), BarColumn(), amount, TimeElapsedColumn())
    tasks: dict[str, TaskID] = {}
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:

        def report(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield report


def _default_source() -> Path:
    from b12.config import get_settings
    from b12.errors import DataMissingError

    settings = get_settings()
    if settings.data_dir is not None:
        return settings.data_dir
    downloaded = settings.home / "data"
    if downloaded.is_dir():
        return downloaded
    raise DataMissingError(
        "no data folder: pass --source DIR (holding usda_sr28/ and/or usda_fndds_2021_2023/), "
        "set B12_DATA_DIR, or run `b12 data download` first"
    )


def _summary(statuses: list[SourceStatus], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in ("source", "release", "foods", "nutrient values", "portions", "seconds"):
        table.add_column(column, justify="right" if column[0] in "fnps" else "left")
    for s in statuses:
        table.add_row(
            s.source,
            _RELEASE_LABELS.get(s.source, s.release),
            f"{s.foods:,}",
            f"{s.nutrient_values:,}",
            f"{s.portions:,}",
            f"{s.seconds:.1f}",
        )
    Console().print(table)


@app.command("import")
def import_(
    source: Path | None = typer.Option(
        None,
        "--source",
        help="Folder with usda_sr28/ and/or usda_fndds_2021_2023/ (default: B12_DATA_DIR).",
    ),
    only: list[str] | None = _ONLY,
    json_out: bool = _JSON,
) -> None:
    """Import SR28 and FNDDS into the local food index (again = replace, never duplicate)."""
    _run_import(source if source is not None else _default_source(), only, json_out)


def _run_import(folder: Path, only: list[str] | None, json_out: bool) -> None:
    import time

    from b12.config import get_settings
    from b12.foods.importer import import_sources
    from b12.foods.views import status_json

    started = time.perf_counter()
    with _progress_bar(unit_bytes=False) as report:
        statuses = import_sources(
            get_settings().food_index_path, folder, only=only or None, progress=report
        )
    elapsed = time.perf_counter() - started
    if json_out:
        print_json({"seconds": round(elapsed, 2), "sources": [status_json(s) for s in statuses]})
        return
    _summary(statuses, f"Imported from {folder} in {elapsed:.1f} s")
    typer.echo(f"Index: {get_settings().food_index_path}")


@app.command()
def status(json_out: bool = _JSON) -> None:
    """What is in the food index, from which release and folder."""
    from b12.config import get_settings
    from b12.foods.index import FoodIndex
    from b12.foods.views import status_json

    path = get_settings().food_index_path
    if not path.exists():  # asking what is imported must not build an index
        if json_out:
            print_json({"index": str(path), "sources": []})
        else:
            typer.echo(
                f"Nothing is imported yet (no food index at {path}). Import the USDA files "
                "with `b12 data import --source DIR`, or `b12 data download` on a machine "
                "with internet."
            )
        return
    with FoodIndex(path) as index:
        statuses = index.status()
    if json_out:
        print_json({"index": str(path), "sources": [status_json(s) for s in statuses]})
        return
    if not statuses:
        typer.echo(f"The food index {path} is empty; run `b12 data import --source DIR`.")
        return
    _summary(statuses, f"Food index {path}")
    for s in statuses:
        typer.echo(f"{s.source}: imported {s.imported_at} from {s.directory}")


@app.command()
def download(
    dest: Path | None = typer.Option(
        None, "--dest", help="Where to put the files (default: the data folder in B12_HOME)."
    ),
    only: list[str] | None = _ONLY,
    then_import: bool = typer.Option(
        True, "--import/--no-import", help="Import the files once they are downloaded."
    ),
    force: bool = typer.Option(False, "--force", help="Download again even if present."),
    json_out: bool = _JSON,
) -> None:
    """Download the official USDA release files (SR28 ASCII zip, FNDDS 2021-2023 workbooks)."""
    from b12.config import get_settings
    from b12.foods.sources.download import download as fetch_all
    from b12.foods.sources.download import files_for

    target = dest if dest is not None else get_settings().home / "data"
    files = files_for(only)
    with _progress_bar(unit_bytes=True) as report:
        results = fetch_all(target, files, progress=report, force=force)
    if json_out and not then_import:
        print_json(
            [
                {"url": r.file.url, "path": str(r.path), "sha256": r.sha256, "fetched": r.fetched}
                for r in results
            ]
        )
        return
    for r in results:
        state = "downloaded" if r.fetched else "already there"
        typer.echo(f"{state}: {r.path} (sha256 {r.sha256[:16]}…)", err=json_out)
    if then_import:
        _run_import(target, only, json_out)
