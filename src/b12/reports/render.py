"""The clinician report as HTML and PDF, from one template and the shared SVG charts.

``report_html`` gives a standalone document (its CSS inline, nothing remote) that opens in
any browser and prints; ``report_pdf`` lays that same document out with WeasyPrint on A4 or
US Letter. The web app's Report page includes the same body template (``TEMPLATES_DIR``)
and the same charts (``report_charts``), so the page, the HTML file and the PDF agree.
WeasyPrint is imported only when a PDF is asked for: it is slow to import and needs Pango.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from b12.errors import InputError
from b12.reports.charts import (
    b12_chart,
    lane_targets,
    timeline_chart,
    trend_chart,
    weekly_rows,
)
from b12.reports.clinician import ClinicianReport

TEMPLATES_DIR = Path(__file__).parent / "templates"
CSS_PATH = TEMPLATES_DIR / "report.css"
Paper = Literal["a4", "letter"]
PAPERS: dict[str, str] = {"a4": "A4", "letter": "letter"}


def check_paper(paper: str) -> Paper:
    if paper not in PAPERS:
        raise InputError(
            f"unknown paper size {paper!r}; allowed: {', '.join(PAPERS)}", field="paper"
        )
    return paper  # type: ignore[return-value]


def report_charts(report: ClinicianReport) -> dict[str, Any]:
    """The SVG charts the report template places: B12, timeline, lab trends."""
    rows = report.timeline if report.per == "day" else weekly_rows(report.timeline)
    return {
        "b12": b12_chart(report.intake, report.per, height=230),
        "timeline": timeline_chart(
            rows, report.per, lane_h=40, targets=lane_targets(report.intake)
        ),
        "trends": [trend_chart(trend) for trend in report.trends()],
    }


def _num(value: object, digits: int = 3) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@cache
def _environment() -> Environment:
    from b12.knowledge import load_knowledge

    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    terms = load_knowledge().plain_terms
    env.filters.update(label=lambda code: terms.of(str(code)), num=_num)
    return env


def report_html(report: ClinicianReport, paper: str = "a4") -> str:
    """The report as one self-contained HTML document."""
    size = PAPERS[check_paper(paper)]
    template = _environment().get_template("report.html")
    return template.render(
        r=report.to_dict(),
        charts=report_charts(report),
        css=Markup(CSS_PATH.read_text(encoding="utf-8")),
        paper=size,
    )


def report_pdf(report: ClinicianReport, paper: str = "a4") -> bytes:
    """The report laid out as a PDF on ``paper`` (``a4`` or ``letter``)."""
    html = report_html(report, paper)
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
