"""Rendering pages: the Jinja2 environment, the filters templates use, and security headers.

Templates and static files ship inside the package so ``b12 serve`` works from a wheel and
offline; nothing is loaded from another site. Every page carries the knowledge base's
disclaimer (information, not a diagnosis) through ``base.html``, and every page sets the
CSRF cookie its forms echo in a hidden field (``b12.web.security``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup

from b12.core.labs import si_as_printed
from b12.errors import B12Error, DataMissingError
from b12.foods.nutrients import display_unit
from b12.knowledge import load_knowledge
from b12.reports.render import TEMPLATES_DIR as REPORT_TEMPLATES_DIR
from b12.web.nav import NavLink, nav_for
from b12.web.security import CSRF_FIELD, csrf_token, set_csrf_cookie
from b12.web.signin import USER_KEY

if TYPE_CHECKING:
    from b12.config import Settings
    from b12.knowledge import Knowledge

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

# Only this server's own files may load: no CDN, no inline script, nothing framed.
HTML_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def label(code: object) -> str:
    """A code as words: the knowledge's plain term where it has one (``paresthesia`` → "pins
    and needles (paraesthesia)"), else ``deficiency_confirmed`` → "deficiency confirmed"."""
    return load_knowledge().plain_terms.of(str(code))


def num(value: object, digits: int = 3) -> str:
    """A number without trailing zeros; ``–`` for a value the source does not report."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def cite(ids: Iterable[str], sources: Sequence[Mapping[str, Any]] | None = None) -> Markup:
    """Citations as people read them: numbered links to the page's source list, each with
    the source's title as its tooltip, rather than the knowledge base's keys. Without the
    page's list (or an id not in it) the source's title is linked to its own address."""
    numbered = {str(s["id"]): (n, s) for n, s in enumerate(sources or [], start=1)}
    references = load_knowledge().references
    links = []
    for rid in dict.fromkeys(ids):
        if rid in numbered:
            n, source = numbered[rid]
            links.append(
                Markup('<a href="#src-{}" title="{}">{}</a>').format(rid, source["title"], n)
            )
        elif (ref := references.get(rid)) is not None:
            links.append(Markup('<a href="{}">{}</a>').format(ref.url or "#", ref.title))
    return Markup("[") + Markup(", ").join(links) + Markup("]") if links else Markup("")


_WEIGHT = re.compile(r"\s*\([+-−]?\d+(?:\.\d+)?\)$")


def unweighted(text: str) -> str:
    """An evidence line without its weight: "cramps at night (+1.5)" → "cramps at night"."""
    return _WEIGHT.sub("", text)


templates = Jinja2Templates(directory=TEMPLATES_DIR)
# The Report page includes the clinician report's own body template (b12.reports), so the
# page, the HTML file and the PDF are one template.
templates.env.loader = ChoiceLoader(
    [FileSystemLoader(TEMPLATES_DIR), FileSystemLoader(REPORT_TEMPLATES_DIR)]
)
templates.env.filters.update(
    label=label,
    num=num,
    unit=display_unit,
    cite=cite,
    unweighted=unweighted,
    references=lambda ids: load_knowledge().source_dicts(ids),
    si_printed=lambda lab: si_as_printed(
        lab["value_si"], lab["unit_si"], lab["test"], load_knowledge()
    ),
)
templates.env.globals["symptom_groups"] = lambda: load_knowledge().plain_terms.symptom_groups
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


def page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render ``name`` inside the site layout (navigation, disclaimer, security headers)."""
    knowledge: Knowledge = request.app.state.knowledge
    token, new = csrf_token(dict(request.cookies))
    nav = nav_for(request.url.path)
    if request.scope.get("state", {}).get(USER_KEY) is not None:  # signed in: b12.web.signin
        nav.append(NavLink("Account", "/account", request.url.path.startswith("/account")))
    full = {
        "nav": nav,
        "disclaimer": knowledge.status_texts.disclaimer,
        "csrf_field": CSRF_FIELD,
        "csrf_token": token,
        **context,
    }
    response = templates.TemplateResponse(
        request, name, full, status_code=status_code, headers=HTML_HEADERS
    )
    if new:
        set_csrf_cookie(response, request, token)
    return response


def error_page(request: Request, exc: B12Error, status_code: int) -> HTMLResponse:
    """The page for an error: how to import the food data, or what was wrong and why."""
    if isinstance(exc, DataMissingError):
        settings: Settings = request.app.state.settings
        return page(
            request,
            "data_missing.html",
            {"message": exc.message, "index_path": str(settings.food_index_path)},
            status_code,
        )
    titles = {404: "Not found", 405: "Not allowed", 422: "Please check what you entered"}
    return page(
        request,
        "error.html",
        {"title": titles.get(status_code, "Something went wrong"), "error": exc},
        status_code,
    )
