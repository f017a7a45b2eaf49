"""`b12 foods` commands: search the food index, show one food, list the best B12 sources.

Only Typer is imported at module level (``b12 --help`` must start fast); the index, the views
and Rich are imported inside each command.
"""

from __future__ import annotations

import typer

from b12.cli.common import print_json
from b12.foods.nutrients import display_unit

app = typer.Typer(
    help="Find foods offline and see how much B12 (natural and added) they give.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_JSON = typer.Option(False, "--json", help="Print JSON (see ../shared/spec/foods.md).")


def _num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:,.0f}"


@app.command()
def search(
    query: list[str] = typer.Argument(..., help="Words to look for, e.g. beef liver."),
    limit: int = typer.Option(10, "--limit", "-n", help="How many foods to list (1-200)."),
    json_out: bool = _JSON,
) -> None:
    """Search foods by name: any word order, plurals, half-typed words and typos are fine."""
    from b12.foods.index import FoodIndex
    from b12.foods.queries import missing_note

    text = " ".join(query)
    with FoodIndex.from_settings() as index:
        hits = index.search(text, limit)
        suggestion = None if hits else index.suggestion(text)
    note = missing_note(text)
    if note is not None:
        typer.echo(f"Note: {note}", err=True)
    if json_out:
        from b12.foods.views import hit_json

        print_json([hit_json(h) for h in hits])
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not hits:
        hint = f" Did you mean {suggestion!r}?" if suggestion else " Try other words."
        console.print(f"No food matched {text!r}.{hint}", markup=False)
        return
    table = Table(title=f"Foods matching {' '.join(query)!r}", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("food")
    table.add_column("group")
    table.add_column("B12 µg/100 g", justify="right")
    table.add_column("added", justify="right")
    for h in hits:
        table.add_row(h.id, h.name, h.group, _num(h.b12_per_100g), _num(h.b12_added_per_100g))
    console.print(table)


@app.command()
def show(
    food_id: str = typer.Argument(..., metavar="ID", help="A food id, e.g. sr28:13327."),
    amount: str | None = typer.Option(
        None, "--amount", "-a", help='How much you eat: "3 oz", "85 g", "1 cup", "2 large".'
    ),
    all_nutrients: bool = typer.Option(
        False, "--all", help="List every nutrient, not just the main ones."
    ),
    json_out: bool = _JSON,
) -> None:
    """Nutrients per 100 g, the food's portions, and what an amount of it gives."""
    from b12.foods.index import FoodIndex
    from b12.foods.portions import parse_amount

    with FoodIndex.from_settings() as index:
        food = index.get(food_id)
    resolved = parse_amount(amount, food) if amount is not None else None
    if json_out:
        from b12.foods.views import food_json

        print_json(food_json(food, resolved))
        return
    from rich.console import Console
    from rich.table import Table

    from b12.foods.nutrients import BY_CODE, HEADLINE_CODES, NUTRIENT_CODES

    console = Console()
    console.print(f"[bold]{food.name}[/bold]  ({food.id}, {food.group})")
    table = Table(title_justify="left")
    table.add_column("nutrient")
    table.add_column("per 100 g", justify="right")
    if resolved is not None:
        table.add_column(f"in {resolved.text} ({resolved.grams:.4g} g)", justify="right")
        scaled = food.for_grams(resolved.grams)
    for code in NUTRIENT_CODES if all_nutrients else HEADLINE_CODES:
        n = BY_CODE[code]
        value = food.nutrients[code]
        row = [f"{n.name} ({display_unit(n.unit)})", _num(value, 3)]
        if resolved is not None:
            part = scaled[code]
            row.append(_num(part.value if part else None, 3))
        table.add_row(*row)
    console.print(table)
    if food.portions:
        portions = Table(title="Portions", title_justify="left")
        portions.add_column("portion")
        portions.add_column("grams", justify="right")
        for p in food.portions:
            portions.add_row(p.description, _num(p.grams, 1))
        console.print(portions)
    else:
        console.print("This food lists no portions; give amounts in g, kg, oz or lb.")
    console.print("– means the source does not report the nutrient (it is not 0).")


@app.command()
def top(
    nutrient: str = typer.Option("b12", "--nutrient", help="Nutrient code, e.g. b12, b12_added."),
    diet: str = typer.Option(
        "omnivore", "--diet", help="omnivore, pescatarian, vegetarian or vegan."
    ),
    per: str | None = typer.Option(
        None,
        "--per",
        help="Compare per 100g, serving or 100kcal (default: serving for vegan, else 100g).",
    ),
    limit: int = typer.Option(20, "--limit", "-n", help="How many foods to list."),
    by_kind: bool | None = typer.Option(
        None,
        "--by-kind/--one-ranking",
        help="Best few of each kind of food (the vegan default) or one ranking of all foods.",
    ),
    json_out: bool = _JSON,
) -> None:
    """The best sources of a nutrient that a diet allows (infant foods, energy drinks, sweets,
    shakes, margarine and alcohol left out), with B12 as a share of the adult daily reference
    from the knowledge base. For vegans: the best 3 of each kind a vegan uses per portion."""
    from b12.foods.index import FoodIndex
    from b12.foods.nutrients import nutrient_by_code
    from b12.foods.top import check_per, default_by_kind, default_per, describe, rank
    from b12.knowledge import load_knowledge

    reference = load_knowledge().intake_targets.reference()
    b12_reference = reference.b12_target(reference.adult_min_age())

    code = nutrient_by_code(nutrient)
    kinds = default_by_kind(diet) if by_kind is None else by_kind
    basis = check_per(per) if per is not None else default_per(diet, by_kind=kinds)
    with FoodIndex.from_settings() as index:
        candidates = index.candidates(code.code, with_portions=basis == "serving")
    entries = rank(
        candidates,
        nutrient=code.code,
        diet=diet,
        per=basis,
        limit=limit,
        b12_daily_ug=b12_reference,
        by_kind=kinds,
    )
    if json_out:
        from b12.foods.views import top_json

        print_json([top_json(e) for e in entries])
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    caption = entries[0].chosen_by if entries else describe(nutrient, diet, basis, by_kind=kinds)
    table = Table(title=caption, title_justify="left")
    if kinds:
        table.add_column("kind")
    table.add_column("id", no_wrap=True)
    table.add_column("food")
    if basis == "serving":
        table.add_column("serving")
    table.add_column(f"{code.code} ({display_unit(code.unit)})", justify="right")
    table.add_column("B12 added (µg)", justify="right")
    table.add_column(f"% of {b12_reference:g} µg a day", justify="right")
    for e in entries:
        row = [e.kind or ""] if kinds else []
        row += [e.id, e.name]
        if e.per == "serving":
            serving = e.serving or ""
            if serving.lower().startswith("quantity not specified"):
                serving = "usual amount"  # FNDDS: what people report when they give no amount
            row.append(f"{serving} ({e.grams:g} g)")
        row += [_num(e.value, 3), _num(e.b12_added, 3), _num(e.b12_percent_rda, 0)]
        table.add_row(*row)
    console.print(table)
    console.print(
        "Diet fit is read from food groups and names only; check labels for gelatin, whey, "
        "honey or egg. Added B12 is the fortified part."
    )
