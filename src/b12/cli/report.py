"""`b12 report`: the clinician report of a person's record, as a PDF or an HTML file."""

from __future__ import annotations

import typer

from b12.cli.common import open_diary

_HELP = """The person's record over a period, for a clinician to read in two minutes.

Who the person is (age, sex, diet, conditions, medicines and for how long), the assessment
built from the record (urgency first, B12 status, risk factors, ranked causes of cramps
with evidence for and against), every lab result of the period with the guideline's
reading and a trend chart, B12 eaten against likely absorbed and the target, minerals and
fluids, cramps and symptoms over time, what the record lacks, and the sources.

Examples:

\b
  b12 report --pdf report.pdf
  b12 report --profile Ana --days 30 --html report.html --paper letter
  b12 report --from 2026-01-01 --to 2026-03-31 --pdf q1.pdf --guideline bsh-2014
"""


def report(
    pdf: str = typer.Option(None, "--pdf", help="Write the report as a PDF to this file."),
    html: str = typer.Option(None, "--html", help="Write the report as an HTML file."),
    days: int = typer.Option(90, "--days", min=1, max=3660, help="The last N days (default 90)."),
    start: str = typer.Option(None, "--from", help="First day, YYYY-MM-DD."),
    end: str = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default today)."),
    profile: str = typer.Option(None, "--profile", help="Whose record (default: current)."),
    guideline: str = typer.Option(None, "--guideline", help="nice-ng239 (default) or bsh-2014."),
    paper: str = typer.Option("a4", "--paper", help="a4 (default) or letter."),
    as_json: bool = typer.Option(False, "--json", help="Print what the report says as JSON."),
) -> None:
    from pathlib import Path

    from b12 import __version__
    from b12.cli.common import print_json
    from b12.cli.log import _range
    from b12.diary.days import now
    from b12.errors import InputError
    from b12.files import write_whole
    from b12.knowledge import load_knowledge
    from b12.reports.clinician import build_report
    from b12.reports.render import check_paper, report_html, report_pdf

    if not (pdf or html or as_json):
        raise InputError("say where to write the report: --pdf FILE or --html FILE (or --json)")
    check_paper(paper)
    first, last = _range(days, start, end)
    knowledge = load_knowledge()
    store, name = open_diary(profile)
    with store:
        record = store.read_record(name)
    built = build_report(
        record,
        knowledge,
        first,
        last,
        guideline=guideline,
        generated=now().date(),
        version=__version__,
    )
    # Render everything before writing anything: a failure leaves no file behind.
    outputs: list[tuple[str, bytes]] = []
    if html:
        outputs.append((html, report_html(built, paper).encode("utf-8")))
    if pdf:
        outputs.append((pdf, report_pdf(built, paper)))
    for path, data in outputs:
        write_whole(Path(path), data)
    if as_json:
        print_json(built.to_dict())
        return
    for path, _ in outputs:
        typer.echo(f"Wrote {name}'s report, {first} to {last}, to {path}.")
    if built.empty:
        typer.echo("Nothing was logged in that period: the report lists what is missing.")
