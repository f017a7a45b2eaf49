"""`b12 intake` and `b12 timeline`: what the diary adds up to, and how cramps line up with it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from b12.core.intake import IntakeReport

_DAYS = typer.Option(7, "--days", min=1, max=3660, help="The last N days (default 7).")
_FROM = typer.Option(None, "--from", help="First day, YYYY-MM-DD.")
_TO = typer.Option(None, "--to", help="Last day, YYYY-MM-DD.")
_PROFILE = typer.Option(None, "--profile", help="Whose diary (default: the current profile).")


def _report(profile: str | None, days: int, start: str | None, end: str | None) -> Any:
    from b12.cli.common import open_diary
    from b12.cli.log import _range
    from b12.core.intake import analyse_intake
    from b12.diary.days import bounds
    from b12.knowledge import load_knowledge

    first, last = _range(days, start, end)
    store, name = open_diary(profile)
    with store:
        person = store.get_profile(name)
        entries = store.list_entries(name, *bounds(first, last))
    report = analyse_intake(entries, person, load_knowledge(), first, last)
    return report, entries, name


def intake(
    days: int = _DAYS,
    start: str = _FROM,
    end: str = _TO,
    profile: str = _PROFILE,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """B12 eaten (natural, fortified, supplements) and likely absorbed, per day and on
    average, against the life-stage target; potassium, sodium, magnesium, calcium and fluids
    against theirs; foods with missing values; and what re-timing B12 would change."""
    from b12.cli.common import print_json

    report, _entries, name = _report(profile, days, start, end)
    if as_json:
        print_json(report.to_dict())
        return
    _render_intake(report, name)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _narrow_table_style() -> dict[str, Any]:
    from rich import box

    return {"box": box.SIMPLE_HEAD, "show_edge": False, "collapse_padding": True}


def _render_intake(report: IntakeReport, name: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    from b12.cli.common import console, print_item

    narrow = _narrow_table_style()
    out = console()
    out.print(
        f"[bold]{escape(name)}: B12 and minerals, {report.start} to {report.end}[/]\n"
        f"[dim]{escape(report.reference_title)}[/]"
    )
    # Two narrow tables rather than one wide one, so each fits an 80-column terminal.
    b12 = Table(
        title="B12 (µg; absorbed: likely, with its range; % of the eaten target)",
        title_justify="left",
        **narrow,
    )
    b12.add_column("day", no_wrap=True, min_width=10)
    for col in ("natural", "fortif.", "suppl.", "eaten", "absorbed", "%", "cramps"):
        b12.add_column(col, justify="right", no_wrap=True)
    minerals = Table(title="Minerals (mg) and fluids", title_justify="left", **narrow)
    minerals.add_column("day", no_wrap=True, min_width=10)
    for col in ("K", "Na", "Mg", "Ca", "fluids L", "foods missing"):
        minerals.add_column(col, justify="right", no_wrap=True)
    for day in report.days:
        f = day.figures
        shown_day = day.day.isoformat()
        if not day.logged:
            b12.add_row(shown_day, *[""] * 6, str(day.cramps.count or ""))
            minerals.add_row(shown_day, *[""] * 6)
            continue
        b = f.b12
        absorbed = b.absorbed
        m = f.minerals
        b12.add_row(
            shown_day,
            _fmt(b.eaten.food_natural_ug, 2),
            _fmt(b.eaten.food_fortified_ug, 2),
            _fmt(b.eaten.supplement_oral_ug, 0),
            _fmt(b.eaten.oral_ug, 2),
            f"{absorbed.central:.1f} ({absorbed.low:.1f}-{absorbed.high:.1f})",
            _fmt(b.percent_eaten_of_target, 0),
            str(day.cramps.count or ""),
        )
        minerals.add_row(
            shown_day,
            *(
                _fmt(m[n].amount, 0) if n in m else ""
                for n in ("potassium", "sodium", "magnesium", "calcium")
            ),
            _fmt(f.fluids.total_l, 2),
            str(b.foods_missing or ""),
        )
    out.print(b12)
    out.print(minerals)
    avg = report.average
    if avg is not None:
        b = avg.b12
        out.print(
            f"\n[bold]Average over {report.days_logged} logged day(s):[/] B12 eaten "
            f"{b.eaten.oral_ug:.2f} µg a day ({_fmt(b.percent_eaten_of_target, 0)}% of "
            f"{_fmt(b.target_ug)} µg); likely absorbed {b.absorbed.central:.2f} µg "
            f"(range {b.absorbed.low:.2f}-{b.absorbed.high:.2f})"
            + (
                f" against about {b.absorbed_target_ug:.2f} µg absorbed that the target assumes."
                if b.absorbed_target_ug
                else "."
            )
        )
        for nutrient, amount in avg.minerals.items():
            target = f" of {amount.target:g} {amount.unit}" if amount.target else ""
            pct = f" ({_fmt(amount.percent_of_target, 0)}%{target})" if amount.target else ""
            gap = f"; {amount.foods_missing} food(s) had no value" if amount.foods_missing else ""
            out.print(f"  {nutrient}: {amount.amount:.0f} {amount.unit}{pct}{gap}")
        fl = avg.fluids
        out.print(
            f"  fluids: {fl.total_l:.2f} L (food {fl.from_food_l:.2f} + drinks {fl.drinks_l:.2f})"
            + (
                f", {_fmt(fl.percent_of_target, 0)}% of {fl.target_l:g} L total water"
                if fl.target_l
                else ""
            )
        )
    missing = sum(d.figures.b12.foods_missing for d in report.days if d.logged)
    if missing:
        out.print(
            f"\n[yellow]{missing} diary food(s) had no B12 value: they are counted as missing, "
            "not as 0, so B12 eaten is a lower bound.[/]"
        )
    advice = [a for d in report.days for a in d.advice]
    if advice:
        out.print("\n[bold]What re-timing B12 would change[/]")
        for a in advice[:5]:
            print_item(out, "  - ", f"{a.at:%Y-%m-%d}: {escape(a.text)}")
    for note in report.notes:
        out.print(f"[dim]{escape(note)}[/]")


def timeline(
    days: int = typer.Option(30, "--days", min=1, max=3660, help="The last N days (default 30)."),
    start: str = _FROM,
    end: str = _TO,
    profile: str = _PROFILE,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Cramps and symptoms day by day, beside B12 eaten and absorbed, fluids and labs."""
    from rich.markup import escape
    from rich.table import Table

    from b12.cli.common import console, print_json
    from b12.core.models import result_text
    from b12.core.timeline import build_timeline

    report, entries, name = _report(profile, days, start, end)
    rows = build_timeline(report, entries)
    if as_json:
        print_json([row.to_dict() for row in rows])
        return
    peak = max((r.b12_eaten_ug or 0.0 for r in rows), default=0.0) or 1.0
    table = Table(title=f"{name}: timeline {report.start} to {report.end}", title_justify="left")
    for col in ("day", "cramps", "symptoms", "B12 eaten", "", "absorbed", "fluids L", "labs"):
        table.add_column(col)
    for r in rows:
        bar = "" if r.b12_eaten_ug is None else "█" * max(1, round(10 * r.b12_eaten_ug / peak))
        cramps = "" if not r.cramps.count else "x" * min(r.cramps.count, 10)
        labs = ", ".join(f"{lab.test} {result_text(lab)}" for lab in r.labs)
        table.add_row(
            r.day.isoformat(),
            cramps,
            escape(", ".join(r.symptoms)),
            _fmt(r.b12_eaten_ug, 2),
            bar,
            "" if r.b12_absorbed_ug is None else f"{r.b12_absorbed_ug.central:.2f}",
            _fmt(r.fluids_l, 2),
            escape(labs),
        )
    out = console()
    out.print(table)
    _render_cramp_days(report, out)


def _render_cramp_days(report: IntakeReport, out: Any) -> None:
    """Cramp days beside days without, as medians, with what that does and does not show."""
    from rich.table import Table

    from b12.cli.common import print_item
    from b12.core.cramp_days import compare_cramp_days
    from b12.knowledge import load_knowledge

    compared = compare_cramp_days(report, load_knowledge().diary_case.windows.intake_min_days)
    if compared is None:
        return
    table = Table(title="Days with cramps and days without (medians)", title_justify="left",
                  **_narrow_table_style())  # fmt: skip
    for col in ("", f"cramp days ({compared.cramp_days})", "day before",
                f"days without ({compared.other_days})"):  # fmt: skip
        table.add_column(col)
    for m in compared.measures:
        table.add_row(f"{m.name} {m.unit}", _fmt(m.cramp_days, 2), _fmt(m.day_before, 2),
                      _fmt(m.other_days, 2))  # fmt: skip
    out.print(table)
    print_item(out, "", compared.sentence)
