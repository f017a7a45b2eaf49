"""`b12 med`: the medicines a person takes or took, with dose and dates, for the assessment
built from the diary (`b12 assess --profile`) and the clinician report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from b12.cli.common import open_diary

if TYPE_CHECKING:
    from b12.core.diary import Medicine
    from b12.knowledge import Knowledge

app = typer.Typer(
    help="Medicines a person takes or took (name, dose, started, stopped); list, edit, delete.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
_PROFILE = typer.Option(None, "--profile", help="Whose record (default: the current profile).")
_JSON = typer.Option(False, "--json", help="Print the medicine(s) as JSON.")
_DATE_HELP = "YYYY-MM-DD, YYYY-MM or YYYY."


def _show(medicine: Medicine, knowledge: Knowledge, as_json: bool, verb: str, name: str) -> None:
    from datetime import date

    from b12.cli.common import print_json
    from b12.diary.medicines import describe, medicine_dict

    if as_json:
        print_json(medicine_dict(medicine, knowledge))
    else:
        typer.echo(
            f"{verb} for {name}: {describe(medicine, date.today())} (medicine {medicine.id})."
        )


@app.command("add")
def add(
    name: str = typer.Argument(..., help="Generic or brand name, e.g. metformin or Nexium."),
    dose: str = typer.Option(None, "--dose", help='e.g. "2000 mg/day", "500 mg twice a day".'),
    started: str = typer.Option(None, "--started", help=f"When it was started: {_DATE_HELP}"),
    stopped: str = typer.Option(None, "--stopped", help=f"When it was stopped: {_DATE_HELP}"),
    dose_changed: str = typer.Option(
        None, "--dose-changed", help=f"Last dose change: {_DATE_HELP}"
    ),
    profile: str = _PROFILE,
    as_json: bool = _JSON,
) -> None:
    """Add a medicine to a person's record."""
    from b12.core.diary import Medicine
    from b12.diary.medicines import parse_course_day, parse_daily_dose, resolve
    from b12.knowledge import load_knowledge

    knowledge = load_knowledge()
    generic, note = resolve(name, knowledge)
    medicine = Medicine(
        name=" ".join(name.split()),
        generic=generic,
        dose_text=" ".join(dose.split()) if dose else None,
        dose_mg_per_day=parse_daily_dose(dose) if dose else None,
        started=parse_course_day(started, "started") if started else None,
        stopped=parse_course_day(stopped, "stopped") if stopped else None,
        dose_changed=parse_course_day(dose_changed, "dose_changed") if dose_changed else None,
    )
    store, who = open_diary(profile)
    with store:
        saved = store.add_medicine(who, medicine)
    if note:
        typer.echo(f"note: {note}", err=True)
    _show(saved, knowledge, as_json, "Added", who)


@app.command("list")
def list_medicines(profile: str = _PROFILE, as_json: bool = _JSON) -> None:
    """List a person's medicines, current and stopped."""
    from datetime import date

    from b12.cli.common import console, print_json
    from b12.diary.medicines import drug_class, medicine_dict
    from b12.knowledge import load_knowledge

    knowledge = load_knowledge()
    store, who = open_diary(profile)
    with store:
        medicines = store.list_medicines(who)
    if as_json:
        print_json([medicine_dict(m, knowledge) for m in medicines])
        return
    if not medicines:
        typer.echo(f"No medicines for {who}: b12 med add NAME --dose '...' --started YYYY-MM")
        return
    from rich.table import Table

    today = date.today()
    table = Table("id", "medicine", "class", "dose", "started", "stopped", "for", title=who)
    for m in medicines:
        end = m.stopped or today
        taken = f"{(end - m.started).days / 365.25:.1f} y" if m.started else "?"
        known = drug_class(m, knowledge) or ("not known to b12" if m.generic is None else "")
        table.add_row(
            str(m.id), m.name, known.replace("_", " "), m.dose_text or "?",
            str(m.started or "?"), str(m.stopped or "taking"), taken,
        )  # fmt: skip
    console().print(table)


@app.command("edit")
def edit(
    medicine_id: int = typer.Argument(..., metavar="ID", help="The medicine's id (b12 med list)."),
    name: str = typer.Option(None, "--name"),
    dose: str = typer.Option(None, "--dose"),
    started: str = typer.Option(None, "--started", help=_DATE_HELP),
    stopped: str = typer.Option(None, "--stopped", help=_DATE_HELP),
    dose_changed: str = typer.Option(None, "--dose-changed", help=_DATE_HELP),
    improved: bool = typer.Option(
        None, "--improved/--not-improved", help="Did the cramps or symptoms improve after stopping?"
    ),
    clear: list[str] = typer.Option(
        [], "--clear", help="Forget a field: dose, started, stopped, dose-changed, improved."
    ),
    profile: str = _PROFILE,
    as_json: bool = _JSON,
) -> None:
    """Change a medicine (only the options given change)."""
    from b12.diary.medicines import parse_course_day, parse_daily_dose, resolve
    from b12.errors import InputError
    from b12.knowledge import load_knowledge

    clearable = {"dose", "started", "stopped", "dose-changed", "improved"}
    for field in clear:
        if field not in clearable:
            raise InputError(
                f"--clear {field!r}: allowed: {', '.join(sorted(clearable))}", field="clear"
            )
    knowledge = load_knowledge()
    store, who = open_diary(profile)
    with store:
        m = store.get_medicine(medicine_id, profile=who)
        note = None
        if name is not None:
            m.generic, note = resolve(name, knowledge)
            m.name = " ".join(name.split())
        if dose is not None or "dose" in clear:
            m.dose_text = " ".join(dose.split()) if dose else None
            m.dose_mg_per_day = parse_daily_dose(dose) if dose else None
        for attr, value in (("started", started), ("stopped", stopped)):
            if value is not None or attr in clear:
                setattr(m, attr, parse_course_day(value, attr) if value else None)
        if dose_changed is not None or "dose-changed" in clear:
            m.dose_changed = (
                parse_course_day(dose_changed, "dose_changed") if dose_changed else None
            )
        if improved is not None or "improved" in clear:
            m.improved_after_stopping = improved
        saved = store.update_medicine(m, profile=who)
    if note:
        typer.echo(f"note: {note}", err=True)
    _show(saved, knowledge, as_json, "Updated", who)


@app.command("stop")
def stop(
    medicine_id: int = typer.Argument(..., metavar="ID"),
    on: str = typer.Option(None, "--on", help=f"When it was stopped (default today): {_DATE_HELP}"),
    improved: bool = typer.Option(
        None, "--improved/--not-improved", help="Did the cramps or symptoms improve after stopping?"
    ),
    profile: str = _PROFILE,
    as_json: bool = _JSON,
) -> None:
    """Record that a medicine was stopped."""
    from datetime import date

    from b12.diary.medicines import parse_course_day
    from b12.knowledge import load_knowledge

    store, who = open_diary(profile)
    with store:
        m = store.get_medicine(medicine_id, profile=who)
        m.stopped = parse_course_day(on, "on") if on else date.today()
        if improved is not None:
            m.improved_after_stopping = improved
        saved = store.update_medicine(m, profile=who)
    _show(saved, load_knowledge(), as_json, "Stopped", who)


@app.command("delete")
def delete(medicine_id: int = typer.Argument(..., metavar="ID"), profile: str = _PROFILE) -> None:
    """Delete a medicine from the record (to say it was stopped, use b12 med stop)."""
    store, who = open_diary(profile)
    with store:
        store.delete_medicine(medicine_id, profile=who)
    typer.echo(f"Deleted medicine {medicine_id} from {who}'s record.")
