"""`b12 labs interpret`: read lab results typed exactly as the report prints them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from b12.core.contract import SourceJSON
    from b12.core.lab_report import LabReport
    from b12.knowledge import Knowledge

app = typer.Typer(help="Read lab results.", no_args_is_help=True, rich_markup_mode=None)

_HELP = """Read lab results against a guideline, in whatever unit your lab used.

Write each result as TEST=VALUE UNIT, optionally followed by the reference range the lab
printed, in brackets, and a date after @; or paste a result as the lab printed it:

\b
  b12 labs interpret "b12_total=250 pg/mL"
  b12 labs interpret "b12=0.35 ng/mL" "mma=620 nmol/L" "egfr=88 mL/min/{1.73_m2}"
  b12 labs interpret "b12_total=140 pmol/L (145-569)" "ck=1450 U/L (<200)"
  b12 labs interpret "egfr=>90 mL/min/1.73m2" "tsh=normal" "ifab=positive"
  b12 labs interpret --json --guideline bsh-2014 "b12_total=190 ng/L @2026-11-01"
  b12 labs interpret "Vitamin B12 250 pg/mL (200-900)" "Serum folate: 3.1 ng/mL Ref 3.9-26.8"

\b
Tests and units (UCUM; µ/mc spellings such as µmol/L and mcg are accepted):
  b12_total (b12)          pg/mL, ng/L, ng/mL, pmol/L
  b12_active (holotc)      pmol/L
  mma                      nmol/L, umol/L
  homocysteine             umol/L
  folate                   ng/mL, ug/L, nmol/L
  hemoglobin (hb)          g/dL, g/L
  mcv                      fL
  potassium (k), sodium    mmol/L, meq/L
  magnesium                mmol/L, mg/dL, meq/L
  calcium_adjusted         mmol/L, mg/dL
  creatine_kinase (ck)     U/L
  tsh                      mIU/L, m[IU]/L, uIU/mL
  egfr                     mL/min/{1.73_m2}
  ferritin                 ng/mL, ug/L
  creatinine               umol/L, mg/dL
  urea (bun)               mmol/L, mg/dL (mg/dL is read as BUN)
  hba1c                    mmol/mol, %
  free_t4                  pmol/L, ng/dL
  intrinsic_factor_antibody (ifab)   positive or negative

\b
A result known only as the lab's verdict is TEST=low|normal|high (or positive|negative).
A censored result takes a comparator: egfr=>90 ..., b12_total=<50 pmol/L.
Reference range: (LOW-HIGH), (<HIGH) or (>LOW), in the same unit as the value.

\b
Choices where sources disagree (--choice NAME=OPTION):
  mma_upper_limit          practical-neurology-280 (default), iom-mayo-271, allina-378, stabler-400
  rhabdomyolysis_ck        5x (default), 10x
  hypomagnesaemia          uk-0-7 (default), us-0-6
  renal_impairment_egfr    ckd-g3-60 (default)

This is information, not a diagnosis.
"""


@app.command("interpret", help=_HELP)
def interpret(
    results: list[str] = typer.Argument(..., metavar="TEST=VALUE UNIT...", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="Print the contract's JSON."),
    guideline: str = typer.Option(
        "", "--guideline", help="nice-ng239 (default) or bsh-2014.", show_default=False
    ),
    sex: str = typer.Option("", "--sex", help="female or male (some limits differ by sex)."),
    pregnant: bool = typer.Option(False, "--pregnant", help="Read as in pregnancy."),
    choice: list[str] = typer.Option(
        [], "--choice", help="Override a choice where sources disagree: NAME=OPTION."
    ),
) -> None:
    from b12.cli.common import parse_choices, print_json
    from b12.config import get_settings
    from b12.core.lab_parser import parse_lab
    from b12.core.lab_report import read_labs
    from b12.core.labs import ReadingOptions
    from b12.errors import InputError
    from b12.knowledge import load_knowledge

    knowledge = load_knowledge()
    if sex and sex not in ("female", "male"):
        raise InputError(f"--sex must be female or male, got {sex!r}")
    guideline_id = guideline or get_settings().guideline
    knowledge.guideline(guideline_id)
    options = ReadingOptions(
        guideline=guideline_id,
        choices=parse_choices(choice, knowledge),
        sex=sex or None,  # type: ignore[arg-type]
        pregnant=pregnant,
    )
    labs = [parse_lab(text, knowledge.lab_tests) for text in results]
    report = read_labs(labs, knowledge, options)
    if as_json:
        print_json(report.to_dict(knowledge))
    else:
        render_report(report, knowledge)


def render_report(report: LabReport, knowledge: Knowledge) -> None:
    """A readable table of the results, then what each means, the B12 status, warnings and
    sources."""
    from rich.markup import escape
    from rich.table import Table

    from b12.cli.common import console, print_item
    from b12.core.labs import si_as_printed
    from b12.core.models import result_text

    out = console()
    if report.needs_care_now and report.triage is not None:
        level = (
            "EMERGENCY: call emergency services now"
            if report.triage.level == "emergency"
            else "NEEDS MEDICAL CARE TODAY"
        )
        out.print(f"[bold red]{level}[/]")
        for flag in report.triage.red_flags:
            print_item(
                out,
                "  ! ",
                f"[bold]{escape(flag.message)}[/] [dim]"
                f"{escape('[' + ', '.join(flag.sources) + ']')}[/]",
            )
        out.print()
    table = Table(title="Lab results", title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("Test")
    table.add_column("Result", justify="right")
    table.add_column("SI units", justify="right")
    table.add_column("Reading")
    for i, lab in enumerate(report.labs, 1):
        shown = result_text(lab)
        si = (
            ""
            if lab.value_si is None
            else si_as_printed(lab.value_si, lab.unit_si or "", lab.test, knowledge)
        )
        reading = lab.category.replace("_", " ") + (f" ({lab.severity})" if lab.severity else "")
        style = _style(lab.category, lab.severity)
        table.add_row(str(i), lab.test, escape(shown), escape(si), f"[{style}]{reading}[/]")
    out.print(table)
    out.print("\n[bold]What each result means[/]")
    for i, lab in enumerate(report.labs, 1):
        sources = escape(f"[{', '.join(lab.sources)}]")
        print_item(out, f"  {i}. ", f"{escape(lab.message)} [dim]{sources}[/]")
    _render_status(report, knowledge, out)
    if report.warnings:
        out.print("\n[bold yellow]Warnings[/]")
        for w in report.warnings:
            print_item(
                out, "  ! ", f"{escape(w.field or '')}: {escape(w.message)} [dim]({w.code})[/]"
            )
    _render_sources(report.to_dict(knowledge)["sources"], out)
    out.print(f"\n[dim]{escape(knowledge.status_texts.disclaimer)}[/]")


def _render_status(report: LabReport, knowledge: Knowledge, out: Any) -> None:
    from rich.markup import escape

    from b12.cli.common import print_item

    status = report.b12_status
    shown = status.headline or status.category.replace("_", " ")
    out.print(f"\n[bold]B12 status:[/] {escape(shown)}")
    if status.qualifiers:
        notes = "; ".join(knowledge.plain_terms.of(q) for q in status.qualifiers)
        out.print(f"[dim]Notes: {escape(notes)}[/]")
    print_item(out, "", escape(status.explanation))
    if status.next_steps:
        out.print("\n[bold]Next steps[/]")
        for step in status.next_steps:
            print_item(out, "  - ", escape(step))


def _render_sources(sources: list[SourceJSON], out: Any) -> None:
    from rich.markup import escape

    from b12.cli.common import print_item

    out.print("\n[bold]Sources[/]")
    for ref in sources:
        flag = "" if ref["verified"] == "V" else " [dim](not verified in the primary source)[/]"
        text = escape(f"[{ref['id']}] {ref['title']}. {ref['publisher']}, {ref['year']}.")
        print_item(out, "  ", f"{text}{flag}")


def _style(category: str, severity: str | None) -> str:
    if severity == "severe" or category in ("rhabdomyolysis_range", "deficiency_confirmed"):
        return "bold red"
    if category in ("low", "high", "indeterminate", "positive"):
        return "yellow"
    return "green"
