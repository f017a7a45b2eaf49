"""`b12 assess CASE.json`: red flags, B12 status, risk factors and the ranked causes of cramps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from b12.core.assess import Assessment, AssessOptions
    from b12.core.questionnaire import Flow
    from b12.core.record_case import RecordCase
    from b12.knowledge import Knowledge

_HELP = """Assess a case: cramps, symptoms, risk factors, medicines and labs.

CASE is a JSON file in the assessment contract (see docs/assessment-contract.md), or - to
read standard input. Only "person" is required; anything left out (age too) is "not known".
A vignette file (the case under a "case" key, as in tests/assess_cases) also works.
With no CASE, a guided questionnaire asks only what matters next (? means don't know);
--save FILE keeps the case it built, to edit or re-run later. With --profile NAME, the case
is built from that person's record (profile, medicines, labs, cramps, symptoms and what
they ate) and the questionnaire asks only what the record lacks (--no-ask: nothing).

\b
  b12 assess
  b12 assess --save my-case.json
  b12 assess --profile Ana
  b12 assess examples/vegan-paraesthesia.json
  b12 assess --json examples/heat-cramps.json
  echo '{"person": {"age": 70}, "cramps": {"timing": ["night"]}}' | b12 assess -

The output starts with anything that needs urgent care, then your B12 status, your B12 risk
factors, the likely causes of your cramps with the evidence for and against each, next
steps and sources. This is information, not a diagnosis.
"""


def assess(
    case_file: str = typer.Argument(
        "", metavar="[CASE]", help="Case JSON file, - for stdin, or nothing for the questionnaire."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON."),
    guideline: str = typer.Option("", "--guideline", help="nice-ng239 (default) or bsh-2014."),
    choice: list[str] = typer.Option(
        [], "--choice", help="Override a choice where sources disagree: NAME=OPTION."
    ),
    save: str = typer.Option("", "--save", help="Save the case the questionnaire built (JSON)."),
    profile: str = typer.Option(
        None, "--profile", help="Build the case from this person's record (diary, medicines)."
    ),
    ask: bool = typer.Option(
        None,
        "--ask/--no-ask",
        help="With --profile: ask what the record lacks (default: when run in a terminal).",
    ),
) -> None:

    from b12.cli.common import parse_choices, print_json
    from b12.config import get_settings
    from b12.core.assess import AssessOptions
    from b12.core.assess import assess as run_assessment
    from b12.core.case import parse_case
    from b12.errors import InputError
    from b12.files import read_input
    from b12.json_input import read_json
    from b12.knowledge import load_knowledge

    knowledge = load_knowledge()
    options = AssessOptions(
        guideline=guideline or get_settings().guideline,
        choices=parse_choices(choice, knowledge),
    )
    if profile is not None or ask is not None:
        if case_file:
            raise InputError("give a CASE file or --profile, not both", field="profile")
        _assess_record(profile, knowledge, options, as_json, save, ask)
        return
    if not case_file:
        data = _interview(knowledge, save)
    elif case_file == "-":
        data = read_json(read_input("-"), "standard input")
    else:
        data = read_json(read_input(case_file, what="case file"), case_file)
    if isinstance(data, dict) and "person" not in data and isinstance(data.get("case"), dict):
        data = data["case"]  # a vignette file: the case sits under "case"
    result = run_assessment(parse_case(data), knowledge, options)
    if as_json:
        print_json(result.to_dict(knowledge))
    else:
        render(result, knowledge)


assess.__doc__ = _HELP


def _assess_record(
    profile: str | None,
    knowledge: Knowledge,
    options: AssessOptions,
    as_json: bool,
    save: str,
    ask: bool | None,
) -> None:
    """``b12 assess --profile``: the case from the record, topped up by the questionnaire."""
    import sys

    from b12.cli.common import open_diary, print_json
    from b12.core.assess import assess as run_assessment
    from b12.core.case import parse_case
    from b12.core.questionnaire import next_question, start_flow_from
    from b12.core.record_case import build_record_case
    from b12.diary.days import now

    store, name = open_diary(profile)
    with store:
        record = store.read_record(name)
    built = build_record_case(record, knowledge, now().date())
    data = built.data
    flow = start_flow_from(data, knowledge)
    if (sys.stdin.isatty() if ask is None else ask) and next_question(flow) is not None:
        data = _interview(knowledge, save, flow)
    result = run_assessment(parse_case(data), knowledge, options)
    if as_json:
        print_json(
            result.to_dict(knowledge) | {"record": built.to_dict(knowledge) | {"case": data}}
        )
    else:
        render(result, knowledge, lambda: render_record(built, name))


def render_record(built: RecordCase, name: str) -> None:
    """Where the facts came from: each field the record filled, with entry ids and dates."""
    from rich.markup import escape

    from b12.cli.common import console, print_item

    out = console()
    out.print(f"\n[bold]From {escape(name)}'s record[/] (as of {built.today})")
    for d in built.derived:
        where: list[str] = [d.origin]
        if d.first:
            where.append(str(d.first) if d.first == d.last else f"{d.first} to {d.last}")
        if d.ids:
            shown = ", ".join(map(str, d.ids[:8])) + (" …" if len(d.ids) > 8 else "")
            where.append(f"{'medicine' if d.origin == 'medicines' else 'entries'} {shown}")
        print_item(out, "   - ", f"{escape(d.text)} [dim]({escape('; '.join(where))})[/]")
    if built.missing:
        out.print("[bold]Not in the record[/]")
        for text in built.missing:
            print_item(out, "   - ", escape(text))


def _interview(knowledge: Knowledge, save: str, flow: Flow | None = None) -> dict[str, Any]:
    """Run the questionnaire on the terminal; save the case first, so nothing typed is lost."""
    import json

    from b12.cli.questionnaire import run_questionnaire
    from b12.errors import InputError

    def read(prompt: str) -> str:
        try:
            return input(prompt)
        except EOFError:
            raise InputError(
                "the questionnaire ended before it was finished (no more input)"
            ) from None

    case = run_questionnaire(read, typer.echo, knowledge, flow)
    if save:
        Path(save).write_text(json.dumps(case, indent=2) + "\n", encoding="utf-8")
        typer.echo(f"\nSaved your answers to {save} (run again with: b12 assess {save})\n")
    return case


def render(
    result: Assessment, knowledge: Knowledge, before_sources: Callable[[], None] | None = None
) -> None:
    """Readable assessment: summary, red flags, B12 status, causes, next steps, sources."""
    from rich.markup import escape

    from b12.cli.common import console, print_item
    from b12.core.models import result_text

    out = console()

    def item(lead: str, markup: str) -> None:
        print_item(out, lead, markup)

    data = result.to_dict(knowledge)
    style = {"emergency": "bold white on red", "urgent": "bold red", "soon": "yellow"}.get(
        result.triage.level, "green"
    )
    item("", f"[{style}]{escape(result.summary)}[/]")
    out.print()
    out.print(f"[bold]1. Urgency:[/] {result.triage.level.replace('_', ' ')}")
    for flag in result.triage.red_flags:
        sources = escape(f"[{', '.join(flag.sources)}]")
        item("   ", f"[bold red]RED FLAG[/] {escape(flag.message)} [dim]{sources}[/]")
    if not result.triage.red_flags:
        item("   ", f"No red flags. {escape(result.triage.reason)}")

    status = result.b12_status
    out.print(f"\n[bold]2. B12 status:[/] {status.category.replace('_', ' ')}")
    item("   ", escape(status.explanation))

    out.print("\n[bold]3. B12 risk factors[/]")
    if not result.risk_factors:
        out.print("   None found in what you told us.")
    for risk in result.risk_factors:
        item("   - ", f"[bold]{escape(risk.label)}[/]: {escape(risk.detail)}")

    if result.labs:
        out.print("\n[bold]Lab results[/]")
        for lab in result.labs:
            shown = result_text(lab)
            sev = f", {lab.severity}" if lab.severity else ""
            reading = knowledge.plain_terms.of(lab.category)
            out.print(f"   - {escape(lab.name)} {escape(shown)}: {reading}{sev}")

    out.print("\n[bold]4. Likely causes of your cramps[/] (most likely first; scores 0-1)")
    if not result.cramp_causes:
        out.print("   You did not describe cramps.")
    for cause in result.cramp_causes:
        if cause.score < knowledge.cramp_causes.detailed_min_score:
            continue
        out.print(f"   [bold]{cause.score:.2f}  {escape(cause.label)}[/]")
        for ev in cause.evidence_for:
            item("         + ", f"[green]{escape(ev)}[/]")
        for ev in cause.evidence_against:
            item("         - ", f"[red]{escape(ev)}[/]")
    floor = knowledge.cramp_causes.detailed_min_score
    hidden = [c.label for c in result.cramp_causes if c.score < floor]
    if hidden:
        listed = escape("; ".join(hidden))
        item("   ", f"[dim]Also considered, and unlikely here (--json shows why): {listed}.[/]")

    out.print("\n[bold]5. Next steps[/]")
    for step in result.next_steps:
        item("   - ", escape(step))
    if result.warnings:
        out.print("\n[bold yellow]Warnings[/]")
        for w in result.warnings:
            item("   ! ", f"{escape(w.field or '')}: {escape(w.message)} [dim]({w.code})[/]")
    if before_sources is not None:
        before_sources()
    out.print("\n[bold]Sources[/]")
    for ref in data["sources"]:
        item("   ", f"{escape('[' + ref['id'] + ']')} {escape(ref['title'])}, {ref['year']}.")
    out.print(f"\n[dim]{escape(data['disclaimer'])}[/]")
