"""`b12 fhir import` and `b12 fhir export`: a person's labs, medicines and conditions in and
out as FHIR R4 (see ``b12.interop``). Heavy imports happen inside the commands."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="FHIR R4: import labs, medicines and conditions from an EHR or patient portal "
    "export; export a profile as a FHIR Bundle.",
    no_args_is_help=True,
)
_PROFILE = typer.Option(None, "--profile", help="Profile (default: the current one).")


@app.command("import")
def import_(
    path: str = typer.Argument(..., help="A FHIR Bundle (JSON) or NDJSON file, or - for stdin."),
    profile: str = _PROFILE,
    as_json: bool = typer.Option(False, "--json", help="Print the import report as JSON."),
) -> None:
    """Import a FHIR file into a profile (a new name is created from the file's Patient).

    Everything is written in one transaction or nothing is; importing the same file again
    adds nothing. Codes, units and medicines b12 does not know are listed, not guessed."""

    from b12.cli.common import print_json
    from b12.config import get_settings
    from b12.diary.days import now
    from b12.files import read_input
    from b12.interop.fhir_import import import_fhir_file
    from b12.knowledge import load_knowledge
    from b12.store import DiaryStore

    raw = read_input(path, field="file")
    with DiaryStore.from_settings() as store:
        report = import_fhir_file(
            store,
            raw,
            load_knowledge(),
            profile=profile,
            home=get_settings().home,
            today=now().date(),
            name=path,
        )
    if as_json:
        print_json(report.to_dict())
        return
    made = "new profile" if report.created else "profile"
    typer.echo(
        f"Imported into {made} {report.profile!r}: {report.labs_added} of {report.labs_read} "
        f"lab result(s) and {report.medicines_added} of {report.medicines_read} medicine(s) "
        "added (the rest were in the record already)."
    )
    if report.conditions:
        typer.echo(f"Conditions: {', '.join(report.conditions)}.")
    if report.unrecognised_medicines:
        typer.echo("Medicines b12 does not recognise (kept by name, not assessed):")
        for item in report.unrecognised_medicines:
            typer.echo(f"  - {item.where}: {item.reason}")
    if report.unread:
        typer.echo(f"Not read ({len(report.unread)}):")
        for item in report.unread:
            typer.echo(f"  - {item.where}: {item.reason}")
    if report.ignored:
        kinds = ", ".join(f"{k} ({n})" for k, n in sorted(report.ignored.items()))
        typer.echo(f"Resource types b12 does not read: {kinds}.")
    if report.derived:
        typer.echo(f"{report.derived} b12 intake estimate(s) skipped: the diary recomputes them.")


@app.command("export")
def export(
    profile: str = _PROFILE,
    days: int = typer.Option(
        None, "--days", min=1, help="Only the last N days (default: every lab and medicine)."
    ),
    document: bool = typer.Option(
        False, "--document", help="A document Bundle with a Composition, not a collection."
    ),
    output: str = typer.Option("-", "--output", "-o", help="File to write (default: stdout)."),
    guideline: str = typer.Option(None, "--guideline", help="nice-ng239 or bsh-2014."),
) -> None:
    """Export a profile as a FHIR R4 Bundle: Patient, lab Observations, B12 intake,
    MedicationStatements, a RiskAssessment and a Provenance."""
    import json
    import sys
    from pathlib import Path

    from b12.cli.common import open_diary
    from b12.config import get_settings
    from b12.diary.days import now
    from b12.files import write_whole
    from b12.interop.fhir_export import export_bundle
    from b12.knowledge import load_knowledge

    knowledge = load_knowledge()
    chosen = guideline or get_settings().guideline
    knowledge.guideline(chosen)
    store, name = open_diary(profile)
    with store:
        record = store.read_record(name)
    bundle = export_bundle(
        record, knowledge, now=now(), days=days, document=document, guideline=chosen
    )
    text = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
    if output == "-":
        sys.stdout.write(text)
        return
    write_whole(Path(output), text.encode("utf-8"))
    typer.echo(f"Exported {len(bundle['entry'])} resource(s) of {name!r} to {output}.")
