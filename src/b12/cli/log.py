"""`b12 log`: keep the diary — foods, supplements, drinks, cramps, symptoms and labs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from b12.cli.common import open_diary
from b12.diary.days import bounds, day_range, now

if TYPE_CHECKING:
    from b12.core.diary import Entry

app = typer.Typer(
    help="Log foods, supplements, drinks, cramps, symptoms and lab results; list, edit, delete.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
_PROFILE = typer.Option(None, "--profile", help="Whose diary (default: the current profile).")
_AT = typer.Option(None, "--at", help="When: 2026-11-23T08:30, 08:30 or 'yesterday 21:00'.")
_JSON = typer.Option(False, "--json", help="Print the saved entry as JSON.")


def _save(profile: str | None, entry: Entry, as_json: bool) -> None:
    from b12.cli.common import print_json
    from b12.diary.entries import describe, entry_dict

    store, name = open_diary(profile)
    with store:
        saved = store.add_entry(name, entry)
    if as_json:
        print_json(entry_dict(saved))
    else:
        typer.echo(f"Logged for {name}: {describe(saved)} (entry {saved.id}).")


@app.command("food")
def food(
    text: str = typer.Argument(..., help='Amount and food, e.g. "3 oz salmon".'),
    meal: str = typer.Option(None, "--meal", help="breakfast, lunch, dinner or snack."),
    at: str = _AT,
    food_id: str = typer.Option(None, "--food-id", help="Exact food id (sr28:... or fndds:...)."),
    choose: int = typer.Option(None, "--choose", help="Pick candidate N when several match."),
    profile: str = _PROFILE,
    as_json: bool = _JSON,
) -> None:
    """Log a food: the amount is weighed against the food's portions and its nutrients kept."""
    import sys

    from b12.diary.foods import AmbiguousFood, food_entry, resolve_food, resolve_typed_food
    from b12.diary.parse import parse_when
    from b12.errors import InputError
    from b12.foods import FoodIndex
    from b12.store.validate import MEALS

    if meal is not None and meal not in MEALS:
        raise InputError("--meal must be breakfast, lunch, dinner or snack", field="meal")
    when = parse_when(at, now())
    notes: list[str] = []
    with FoodIndex.from_settings() as index:
        if food_id:
            found, amount = resolve_food(index, text, food_id=food_id)
        else:
            try:
                typed = resolve_typed_food(index, text, choose=choose)
            except AmbiguousFood as many:
                if not sys.stdin.isatty():
                    raise
                typer.echo(f"Several foods match {many.query!r}:")
                for i, c in enumerate(many.candidates, 1):
                    typer.echo(f"  {i}. {c.name}  [{c.id}]")
                pick = typer.prompt("Which one (number)", type=int)
                typed = resolve_typed_food(index, text, choose=pick)
            found, amount, notes = typed.food, typed.amount, list(typed.notes)
        entry = food_entry(found, amount, when, meal)  # type: ignore[arg-type]
    _save(profile, entry, as_json)
    for note in notes:  # how a plain name was read, once the entry is saved
        typer.echo(note, err=True)


@app.command("supplement")
def supplement(
    dose: str = typer.Option(..., "--dose", help="e.g. 1000ug, 250 mcg, 1 mg."),
    form: str = typer.Option("cyanocobalamin", "--form", help="cyanocobalamin, methylcobalamin…"),
    route: str = typer.Option("oral", "--route", help="oral, sublingual or intramuscular."),
    at: str = _AT,
    profile: str = _PROFILE,
    as_json: bool = _JSON,
) -> None:
    """Log a B12 supplement or injection."""
    from b12.core.diary import SUPPLEMENT_FORMS, SupplementEntry
    from b12.diary.parse import parse_dose_ug, parse_when
    from b12.errors import InputError
    from b12.store.validate import ROUTES

    if form not in SUPPLEMENT_FORMS:
        raise InputError(f"--form must be one of {', '.join(SUPPLEMENT_FORMS)}", field="form")
    if route not in ROUTES:
        raise InputError("--route must be oral, sublingual or intramuscular", field="route")
    entry = SupplementEntry(
        at=parse_when(at, now()),
        dose_ug=parse_dose_ug(dose),
        form=form,
        route=route,  # type: ignore[arg-type]
    )
    _save(profile, entry, as_json)


@app.command("drink")
def drink(
    volume: list[str] = typer.Argument(..., help='e.g. 500 mL, "2 cups", 0.5 L.'),
    what: str = typer.Option("water", "--what"),
    at: str = _AT,
    profile: str = _PROFILE,
    as_json: bool = _JSON,
) -> None:
    """Log a drink (counts towards fluids)."""
    from b12.core.diary import DrinkEntry
    from b12.diary.parse import parse_volume_ml, parse_when

    entry = DrinkEntry(
        at=parse_when(at, now()), volume_ml=parse_volume_ml(" ".join(volume)), what=what
    )
    _save(profile, entry, as_json)


@app.command("cramp")
def cramp(
    location: str = typer.Option(..., "--location", help="calf, foot, thigh, hand, …"),
    timing: str = typer.Option(None, "--timing", help="night, rest, during_exercise, …"),
    duration: str = typer.Option(None, "--duration", help="e.g. 30s, 5m, 1h."),
    severity: int = typer.Option(None, "--severity", min=1, max=10, help="1 (mild) to 10."),
    at: str = _AT,
    profile: str = _PROFILE,
    as_json: bool = _JSON,
) -> None:
    """Log a cramp."""
    from typing import get_args

    from b12.core.case import Location, Timing
    from b12.core.diary import CrampEntry
    from b12.diary.parse import parse_duration_min, parse_when
    from b12.errors import InputError

    if location not in get_args(Location):
        raise InputError(f"--location: allowed {', '.join(get_args(Location))}", field="location")
    if timing is not None and timing not in get_args(Timing):
        raise InputError(f"--timing: allowed {', '.join(get_args(Timing))}", field="timing")
    entry = CrampEntry(
        at=parse_when(at, now()),
        location=location,
        timing=timing,
        duration_minutes=None if duration is None else parse_duration_min(duration),
        severity=severity,
    )
    _save(profile, entry, as_json)


@app.command("symptom")
def symptom(
    code: str = typer.Argument(..., help="A symptom code, e.g. paresthesia, fatigue."),
    note: str = typer.Option(None, "--note"),
    at: str = _AT,
    profile: str = _PROFILE,
    as_json: bool = _JSON,
) -> None:
    """Log a symptom."""
    from typing import get_args

    from b12.core.case import Symptom
    from b12.core.diary import SymptomEntry
    from b12.diary.parse import parse_when
    from b12.errors import InputError

    if code not in get_args(Symptom):
        raise InputError(f"unknown symptom {code!r}; allowed: {', '.join(get_args(Symptom))}")
    _save(profile, SymptomEntry(at=parse_when(at, now()), symptom=code, note=note), as_json)


@app.command("lab")
def lab(
    result: str = typer.Argument(..., help='As for b12 labs interpret: "b12_total=250 pg/mL".'),
    on: str = typer.Option(None, "--date", help="YYYY-MM-DD (default today)."),
    profile: str = _PROFILE,
    as_json: bool = _JSON,
) -> None:
    """Log a lab result (read with the same parser and checks as `b12 labs interpret`)."""
    from b12.core.diary import LabEntry
    from b12.diary.parse import parse_day, parse_lab_result
    from b12.knowledge import load_knowledge

    lab = parse_lab_result(result, load_knowledge())
    day = parse_day(on) if on else now().date()
    _save(profile, LabEntry(on=day, lab=lab), as_json)


def _range(days: int, start: str | None, end: str | None) -> tuple[Any, Any]:
    from b12.diary.parse import parse_day
    from b12.errors import InputError

    last = parse_day(end, "to") if end else now().date()
    first = parse_day(start, "from") if start else day_range(days, last)[0]
    if first > last:
        raise InputError(f"--from ({first}) is after --to ({last})", field="from")
    return first, last


@app.command("list")
def list_entries(
    days: int = typer.Option(7, "--days", min=1, help="The last N days (default 7)."),
    start: str = typer.Option(None, "--from", help="First day, YYYY-MM-DD."),
    end: str = typer.Option(None, "--to", help="Last day, YYYY-MM-DD."),
    kind: list[str] = typer.Option(
        [], "--kind", help="food, supplement, drink, cramp, symptom, lab."
    ),
    profile: str = _PROFILE,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List diary entries, oldest first."""
    from b12.cli.common import console, print_json
    from b12.diary.entries import describe, entry_dict

    first, last = _range(days, start, end)
    store, name = open_diary(profile)
    with store:
        entries = store.list_entries(name, *bounds(first, last), kinds=kind or None)
        total, earliest, latest = store.count_entries(name)
    if as_json:
        print_json([entry_dict(e) for e in entries])
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table("id", "kind", "entry", title=f"{name}: {first} to {last}", title_justify="left")
    for e in entries:
        table.add_row(str(e.id), e.kind, escape(describe(e)))
    console().print(table)
    if not entries:
        typer.echo("Nothing logged in these days.")
    outside = total - len(entries)
    if outside > 0 and not kind and earliest is not None and latest is not None:
        typer.echo(
            f"{outside} more entr{'y' if outside == 1 else 'ies'} outside these days "
            f"(the diary runs from {earliest:%Y-%m-%d} to {latest:%Y-%m-%d}); "
            "use --from/--to or --days to see them."
        )


@app.command("delete")
def delete(entry_id: int = typer.Argument(...), profile: str = _PROFILE) -> None:
    """Delete one entry by its id (see `b12 log list`)."""
    from b12.diary.entries import describe

    store, name = open_diary(profile)
    with store:
        entry = store.get_entry(entry_id, profile=name)
        store.delete_entry(entry_id, profile=name)
    typer.echo(f"Deleted entry {entry_id}: {describe(entry)}")


@app.command("edit")
def edit(
    entry_id: int = typer.Argument(...),
    at: str = typer.Option(None, "--at", help="New time."),
    amount: str = typer.Option(None, "--amount", help="Food: new amount, e.g. '4 oz'."),
    meal: str = typer.Option(None, "--meal"),
    dose: str = typer.Option(None, "--dose", help="Supplement: new dose."),
    volume: str = typer.Option(None, "--volume", help="Drink: new volume."),
    severity: int = typer.Option(None, "--severity", min=1, max=10),
    duration: str = typer.Option(None, "--duration"),
    note: str = typer.Option(None, "--note"),
    profile: str = _PROFILE,
) -> None:
    """Change one entry; only the options given change."""
    from b12.core.diary import (
        CrampEntry,
        DrinkEntry,
        FoodEntry,
        LabEntry,
        SupplementEntry,
        SymptomEntry,
    )
    from b12.diary.entries import describe
    from b12.diary.parse import parse_dose_ug, parse_duration_min, parse_volume_ml, parse_when
    from b12.errors import InputError

    store, name = open_diary(profile)
    with store:
        entry = store.get_entry(entry_id, profile=name)
        if at is not None:
            if isinstance(entry, LabEntry):
                raise InputError("a lab entry has a date, not a time: delete and log it again")
            entry.at = parse_when(at, now())
        changes = {
            "amount": (amount, FoodEntry), "meal": (meal, FoodEntry),
            "dose": (dose, SupplementEntry), "volume": (volume, DrinkEntry),
            "severity": (severity, CrampEntry), "duration": (duration, CrampEntry),
            "note": (note, SymptomEntry),
        }  # fmt: skip
        for option, (value, kind) in changes.items():
            if value is not None and not isinstance(entry, kind):
                raise InputError(f"--{option} does not apply to a {entry.kind} entry")
        if isinstance(entry, FoodEntry) and amount is not None:
            from b12.diary.foods import food_entry
            from b12.foods import FoodIndex

            with FoodIndex.from_settings() as index:
                fresh = food_entry(index.get(entry.food_id), amount, entry.at, entry.meal)
            entry.amount_text, entry.grams, entry.nutrients = (
                fresh.amount_text, fresh.grams, fresh.nutrients,
            )  # fmt: skip
        if isinstance(entry, FoodEntry) and meal is not None:
            entry.meal = meal  # type: ignore[assignment]
        if isinstance(entry, SupplementEntry) and dose is not None:
            entry.dose_ug = parse_dose_ug(dose)
        if isinstance(entry, DrinkEntry) and volume is not None:
            entry.volume_ml = parse_volume_ml(volume)
        if isinstance(entry, CrampEntry):
            if severity is not None:
                entry.severity = severity
            if duration is not None:
                entry.duration_minutes = parse_duration_min(duration)
        if isinstance(entry, SymptomEntry) and note is not None:
            entry.note = note
        saved = store.update_entry(entry, profile=name)
    typer.echo(f"Updated entry {entry_id}: {describe(saved)}")
