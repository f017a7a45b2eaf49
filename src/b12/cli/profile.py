"""`b12 profile`: the people whose diaries this database keeps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from b12.core.scope import MAX_AGE_YEARS, MIN_AGE_YEARS

if TYPE_CHECKING:
    from b12.core.diary import Profile

app = typer.Typer(
    help="People whose diaries b12 keeps (age, sex, pregnancy, diet, conditions, reference).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
_CONDITIONS = "a condition code of the assessment contract, e.g. type_2_diabetes, gastrectomy"


def _profile_dict(p: Profile) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(p)


def _check(sex: str | None, diet: str | None, conditions: list[str], reference: str | None) -> None:
    from b12.core.diary import CONDITIONS
    from b12.errors import InputError
    from b12.knowledge import load_knowledge
    from b12.store.validate import DIETS, SEXES

    if sex is not None and sex not in SEXES:
        raise InputError(f"--sex must be female or male, got {sex!r}", field="sex")
    if diet is not None and diet not in DIETS:
        raise InputError(
            f"--diet must be omnivore, pescatarian, vegetarian or vegan, got {diet!r}",
            field="diet",
        )
    for c in conditions:
        if c not in CONDITIONS:
            raise InputError(
                f"--condition {c!r} is not a condition b12 knows; allowed: {', '.join(CONDITIONS)}",
                field="condition",
            )
    refs = load_knowledge().intake_targets.references
    if reference is not None and reference not in refs:
        raise InputError(f"--reference must be one of {', '.join(refs)}", field="reference")


@app.command("add")
def add(
    name: str = typer.Argument(..., help="A name for this person."),
    age: float = typer.Option(
        ...,
        "--age",
        min=MIN_AGE_YEARS,
        max=MAX_AGE_YEARS,
        help=f"Age in years ({MIN_AGE_YEARS} or over).",
    ),
    sex: str = typer.Option(None, "--sex", help="female or male."),
    pregnant: bool = typer.Option(False, "--pregnant"),
    breastfeeding: bool = typer.Option(False, "--breastfeeding"),
    diet: str = typer.Option(None, "--diet", help="omnivore, pescatarian, vegetarian or vegan."),
    condition: list[str] = typer.Option([], "--condition", help=f"Repeatable: {_CONDITIONS}."),
    reference: str = typer.Option(None, "--reference", help="us-iom (default) or efsa targets."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Add a person."""
    from b12.cli.common import print_json
    from b12.config import get_settings
    from b12.core.diary import Profile
    from b12.diary.profiles import remember_profile
    from b12.knowledge import load_knowledge
    from b12.store import DiaryStore

    _check(sex, diet, condition, reference)
    profile = Profile(
        name=name,
        age=age,
        sex=sex,  # type: ignore[arg-type]
        pregnant=pregnant,
        breastfeeding=breastfeeding,
        diet=diet,  # type: ignore[arg-type]
        conditions=list(condition),
        reference=reference or load_knowledge().intake_targets.default_reference,
    )
    with DiaryStore.from_settings() as store:
        created = store.create_profile(profile)
        if len(store.list_profiles()) == 1:
            remember_profile(get_settings().home, name)
    if as_json:
        print_json(_profile_dict(created))
    else:
        typer.echo(f"Added {name}.")


@app.command("edit")
def edit(
    name: str = typer.Argument(...),
    age: float = typer.Option(None, "--age", min=MIN_AGE_YEARS, max=MAX_AGE_YEARS),
    sex: str = typer.Option(None, "--sex"),
    pregnant: bool = typer.Option(None, "--pregnant/--not-pregnant"),
    breastfeeding: bool = typer.Option(None, "--breastfeeding/--not-breastfeeding"),
    diet: str = typer.Option(None, "--diet"),
    condition: list[str] = typer.Option(None, "--condition", help="Replaces the conditions."),
    reference: str = typer.Option(None, "--reference"),
) -> None:
    """Change a person's details (only the options given change)."""
    from b12.store import DiaryStore

    _check(sex, diet, condition or [], reference)
    with DiaryStore.from_settings() as store:
        p = store.get_profile(name)
        for attr, value in (
            ("age", age), ("sex", sex), ("pregnant", pregnant),
            ("breastfeeding", breastfeeding), ("diet", diet), ("reference", reference),
        ):  # fmt: skip
            if value is not None:
                setattr(p, attr, value)
        if condition is not None:
            p.conditions = list(condition)
        store.update_profile(p)
    typer.echo(f"Updated {name}.")


@app.command("list")
def list_profiles(as_json: bool = typer.Option(False, "--json")) -> None:
    """List the people in the diary."""
    from b12.cli.common import console, print_json
    from b12.store import DiaryStore

    with DiaryStore.from_settings() as store:
        profiles = store.list_profiles()
    if as_json:
        print_json([_profile_dict(p) for p in profiles])
        return
    if not profiles:
        typer.echo("No profiles yet: b12 profile add NAME --age N")
        return
    from rich.table import Table

    table = Table("name", "age", "sex", "diet", "pregnant", "conditions", "reference")
    for p in profiles:
        table.add_row(
            p.name, f"{p.age:g}", p.sex or "?", p.diet or "?", "yes" if p.pregnant else "",
            ", ".join(p.conditions), p.reference,
        )  # fmt: skip
    console().print(table)


@app.command("use")
def use(name: str = typer.Argument(...)) -> None:
    """Make NAME the profile that log, intake and timeline use by default."""
    from b12.config import get_settings
    from b12.diary.profiles import remember_profile
    from b12.store import DiaryStore

    with DiaryStore.from_settings() as store:
        store.get_profile(name)
    remember_profile(get_settings().home, name)
    typer.echo(f"Now using {name}.")


@app.command("delete")
def delete(
    name: str = typer.Argument(...),
    yes: bool = typer.Option(False, "--yes", help="Confirm: this deletes the diary too."),
) -> None:
    """Delete a person and their diary."""
    from b12.errors import InputError
    from b12.store import DiaryStore

    if not yes:
        raise InputError(f"this deletes {name} and their whole diary; add --yes to confirm")
    with DiaryStore.from_settings() as store:
        count = store.delete_profile(name)
    typer.echo(f"Deleted {name} ({count} diary entries).")
