"""`b12 cohort screen`: screen a population's lab results with the personal reading's rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

app = typer.Typer(
    help="Screen whole cohorts of lab results (DuckDB or Spark).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_HELP = """Screen a cohort for vitamin B12 deficiency with the rules b12 labs interpret uses.

SOURCE is a folder of NHANES files (the cycle is recognised from the file names: DEMO,
VITB12, MMA, BIOPRO, RXQ_RX) or CSV/Parquet files with one row per person, mapped with
--map COLUMN=FIELD[:UNIT]:

\b
  b12 cohort screen ../shared/data/nhanes/2013_2014 --group-by metformin --group-by ppi
  b12 cohort screen ../shared/data/nhanes/2013_2014 --age-bands 50,65 --group-by sex,age_band
  b12 cohort screen labs.parquet --map LBDB12SI=b12_total:pmol/L --map RIDAGEYR=age
  b12 cohort screen part-*.parquet --map b12=b12_total:pg/mL --map mma=mma:nmol/L \\
      --map drugs=drug --group-by metformin --engine spark --json

\b
Fields: b12_total, b12_active, mma, homocysteine, egfr, creatinine (each with its unit, as
in b12 labs interpret), person_id, age (years), sex (female/male or f/m), weight (survey
weight: weighted prevalences use it), drug (medicine names, ';' between several; empty:
none; 55555/77777/99999: unknown).

\b
--group-by: sex, age_band (edges from --age-bands: 50 gives <50 and 50+), or a medication
class (metformin, ppi, h2ra, ...: true, false or unknown). Fields joined by a comma are
crossed. Choices: --choice mma_upper_limit=OPTION, --choice renal_impairment_egfr=OPTION.

This is population screening information, not a diagnosis of anyone.
"""


@app.command("screen", help=_HELP)
def screen(
    sources: list[Path] = typer.Argument(..., metavar="SOURCE...", show_default=False),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (default) or spark."),
    guideline: str = typer.Option(
        "", "--guideline", help="nice-ng239 (default) or bsh-2014.", show_default=False
    ),
    choice: list[str] = typer.Option([], "--choice", help="NAME=OPTION, as in b12 labs."),
    group_by: list[str] = typer.Option(
        [], "--group-by", help="A split: sex, age_band or a medication class; a,b crosses."
    ),
    age_bands: str = typer.Option("", "--age-bands", help="Age band edges, e.g. 50 or 40,65."),
    maps: list[str] = typer.Option(
        [], "--map", help="COLUMN=FIELD[:UNIT] for CSV/Parquet sources."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Write one row per person (Parquet).", show_default=False
    ),
    master: str = typer.Option(
        "", "--master", help="Spark master URL (default: SPARK_MASTER, else local mode)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    from b12.cli.common import parse_choices, print_json
    from b12.cohort.screen import ScreenRequest
    from b12.cohort.screen import screen as run_screen
    from b12.config import get_settings
    from b12.knowledge import load_knowledge

    knowledge = load_knowledge()
    request = ScreenRequest(
        sources=sources,
        maps=maps,
        engine=engine,
        guideline=guideline or get_settings().guideline,
        choices=parse_choices(choice, knowledge),
        group_by=group_by,
        age_bands=age_bands or None,
        out=out,
        master=master or None,
    )
    if as_json:
        print_json(run_screen(request, knowledge))
        return
    from rich.progress import Progress

    from b12.cli.common import console

    out_console = console()
    with Progress(console=out_console, transient=True) as bar:
        task = bar.add_task("reading", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=f"{step}", completed=done, total=total)

        result = run_screen(request, knowledge, progress)
    render(result, out_console)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def render(result: dict[str, Any], out: Any) -> None:
    """The groups as a table: counts, and weighted prevalences where the source has weights."""
    from rich.markup import escape
    from rich.table import Table

    src = result["source"]
    title = (
        f"B12 screen of {src.get('cycle') or src['kind']} ({result['guideline']}, "
        f"{result['engine']}): {src['with_b12']} of {src['rows']} rows have a B12 result"
    )
    table = Table(title=escape(title), title_justify="left")
    table.add_column("Group")
    table.add_column("n", justify="right")
    for band in ("deficiency_confirmed", "indeterminate", "deficiency_unlikely"):
        table.add_column(band.replace("_", " "), justify="right")
    table.add_column("with MMA", justify="right")
    table.add_column("MMA raised", justify="right")
    for g in result["groups"]:
        name = ", ".join(f"{k}={v}" for k, v in g["by"].items()) or "everyone"
        cells = []
        for band in ("deficiency_confirmed", "indeterminate", "deficiency_unlikely"):
            s = g["b12_status"][band]
            cells.append(f"{s['count']} {_pct(s['weighted_prevalence'])}".strip())
        m = g["mma_raised"]
        cells += [str(g["n_with_mma"]), f"{m['count']} {_pct(m['weighted_prevalence'])}".strip()]
        table.add_row(escape(name), str(g["n"]), *cells)
    out.print(table)
    weight = src.get("weight")
    out.print(
        f"[dim]Percentages are weighted by {escape(weight)}; MMA's denominator is the people "
        "with an MMA result.[/]"
        if weight
        else "[dim]The source has no survey weight: counts only.[/]"
    )
    if src.get("out"):
        out.print(f"One row per person written to {escape(src['out'])}")
