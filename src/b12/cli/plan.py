"""`b12 plan`: a week of meals and B12 doses that reach the person's absorbed-B12 target,
with minerals and fluids, for their diet, closest to what their diary says they eat.

Only Typer is imported at module level; the planner, the index and the solver are imported
inside the command (``b12 --help`` must start fast).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from b12.planner.result import Plan

_HELP = (
    "Plan meals (and B12 doses when food alone cannot do it) that reach your absorbed-B12 "
    "target with potassium, magnesium, calcium, sodium and fluids in range, for your diet. "
    "Information, not a prescription."
)


def plan(
    profile: str = typer.Option(
        None, "--profile", help="Whose plan (default: the current profile)."
    ),
    days: int = typer.Option(7, "--days", help="How many days to plan (1-14)."),
    diet: str = typer.Option(
        None, "--diet", help="omnivore, pescatarian, vegetarian or vegan (default: the profile's)."
    ),
    exclude: list[str] = typer.Option(
        None, "--exclude", help="Leave out foods whose name has this word (repeatable)."
    ),
    prefer: list[str] = typer.Option(None, "--prefer", help="A food id to favour (repeatable)."),
    avoid: list[str] = typer.Option(None, "--avoid", help="A food id never to plan (repeatable)."),
    energy: float = typer.Option(
        None, "--energy", help="Energy target in kcal a day (default: the IOM EER)."
    ),
    supplements: str = typer.Option("allow", "--supplements", help="allow or none."),
    activity: str = typer.Option(
        None, "--activity", help="sedentary, low_active, active, very_active."
    ),
    weight: float = typer.Option(None, "--weight", help="Weight in kg, for the EER."),
    height: float = typer.Option(None, "--height", help="Height in cm, for the EER."),
    start: str = typer.Option(None, "--start", help="First day, YYYY-MM-DD (default: today)."),
    log: int = typer.Option(
        None, "--log", help="Write day N of the plan into the diary (all or nothing)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
) -> None:
    """Plan meals and B12 doses (see the help above)."""
    from datetime import date

    from b12.cli.common import open_diary, print_json
    from b12.core.diary import DIARY_NUTRIENTS
    from b12.diary.days import bounds
    from b12.diary.parse import parse_day
    from b12.errors import InputError
    from b12.foods import FoodIndex
    from b12.knowledge import load_knowledge
    from b12.planner.plan import plan_meals
    from b12.planner.request import PlanRequest, diary_window

    knowledge = load_knowledge()
    first = parse_day(start) if start else date.today()
    store, name = open_diary(profile)
    with store:
        person = store.get_profile(name)
        diary = store.list_entries(name, *bounds(*diary_window(first, knowledge)))
    request = PlanRequest(
        profile=person,
        days=days,
        start=first,
        diet=diet,
        exclude=tuple(exclude or ()),
        prefer=tuple(prefer or ()),
        avoid=tuple(avoid or ()),
        energy_kcal=energy,
        supplements=supplements,
        activity=activity,
        weight_kg=weight,
        height_cm=height,
    )
    if log is not None and not 1 <= log <= days:
        raise InputError(f"--log takes a day of the plan, 1 to {days}", field="log")
    with FoodIndex.from_settings() as index:
        foods = index.all_foods(DIARY_NUTRIENTS)
    result = plan_meals(request, foods, knowledge, diary)
    if log is not None:
        if not result.days:
            raise InputError("there is no plan to log: see what is unmet", field="log")
        store, name = open_diary(profile)
        with store:
            saved = store.add_entries(name, result.days[log - 1].entries)
        typer.echo(f"Logged day {log} of the plan for {name}: {len(saved)} entries.", err=as_json)
    if as_json:
        print_json(result.to_dict())
        return
    render(result)


def render(result: Plan) -> None:
    """The week as a person reads it."""
    from rich.markup import escape

    from b12.cli.common import console, print_item
    from b12.planner.result import DISCLAIMER, percent_of_targets

    out = console()
    t = result.targets
    out.print(
        f"[bold]Meal plan for {escape(result.profile)} ({result.diet}), "
        f"{len(result.days)} day(s)[/]"
    )
    out.print(
        f"Targets a day: {t.energy_kcal:.0f} kcal ({t.energy_low:.0f}-{t.energy_high:.0f}); "
        + (f"B12 absorbed {t.b12_absorbed_ug:g} µg" if t.b12_absorbed_ug else "no B12 target")
        + "".join(f"; {k} {v:g} mg" for k, v in t.minerals.items() if v and k != "sodium")
        + (f"; sodium under {t.sodium_upper_mg:g} mg" if t.sodium_upper_mg else "")
        + (f"; water {t.water_ml / 1000:g} L" if t.water_ml else "")
    )
    for k, day in enumerate(result.days, 1):
        out.print(f"\n[bold]Day {k} ({day.day:%a %d %b})[/]")
        for meal in day.meals:
            out.print(f"  [bold]{meal.meal.capitalize()}[/] {meal.time}")
            for item in meal.items:
                e = item.entry
                print_item(
                    out, "    - ", f"{escape(e.amount_text)} {escape(e.food_name)} ({e.grams:g} g)"
                )
        for dose in day.supplements:
            out.print(
                f"  [bold]B12 dose[/] {dose.at:%H:%M}: {dose.dose_ug:g} µg {dose.form} by mouth"
            )
        tot = day.totals
        pct = percent_of_targets(tot, t)
        a = tot.b12_absorbed_ug
        out.print(
            f"  B12 eaten {tot.b12_eaten_ug:.1f} µg, absorbed {a.central:.2f} µg "
            f"({a.low:.2f}-{a.high:.2f}); {tot.energy_kcal:.0f} kcal"
        )
        shown = [
            f"{label} {value:.0f}%"
            for value, label in (
                (pct["potassium"], "K"),
                (pct["magnesium"], "Mg"),
                (pct["calcium"], "Ca"),
                (pct["sodium_of_upper"], "Na of upper"),
                (pct["water"], "fluids"),
            )
            if value is not None
        ]
        out.print("  " + ", ".join(shown))
    if result.supplement:
        s = result.supplement
        out.print(
            f"\n[bold]B12 dose:[/] {s['dose_ug']:g} µg a {s['every']}: {escape(str(s['note']))}"
        )
    for alt in result.alternatives:
        out.print(
            f"[dim]Or: {alt['dose_ug']:g} µg once a {alt['every']} ({escape(str(alt['note']))})[/]"
        )
    if result.unmet:
        out.print("\n[bold yellow]Not met[/]")
        for u in result.unmet:
            days = f" (days {', '.join(map(str, u.days))})" if u.days else ""
            print_item(out, "  - ", f"{u.nutrient}{days}: {escape(u.why)}")
    for note in result.notes:
        print_item(out, "", f"[dim]{escape(note)}[/]")
    out.print(f"[dim]Sources: {', '.join(result.sources)}[/]")
    out.print(f"\n[bold]{escape(DISCLAIMER)}[/]")
