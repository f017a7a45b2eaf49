"""Reading options from requests: the guideline profile and choices where sources disagree.

The allowed values come from the knowledge base, never from this module, so adding a
guideline or a choice is a data change that the API and the forms pick up as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from starlette.datastructures import QueryParams

from b12.config import Settings
from b12.core.assess import AssessOptions
from b12.errors import InputError
from b12.knowledge import Knowledge

GUIDELINE_MAX_CHARS = 64
CHOICES_MAX = 20

GUIDELINE_DOC = "nice-ng239 (default) or bsh-2014."
CHOICE_DOC = (
    "Where sources disagree: NAME=OPTION (repeatable), as the CLI's --choice, e.g. "
    "mma_upper_limit=iom-mayo-271."
)
ASSESS_QUERY: list[dict[str, Any]] = [
    {
        "name": "guideline",
        "in": "query",
        "required": False,
        "description": GUIDELINE_DOC,
        "schema": {"type": "string", "maxLength": GUIDELINE_MAX_CHARS},
    },
    {
        "name": "choice",
        "in": "query",
        "required": False,
        "description": CHOICE_DOC,
        "schema": {"type": "array", "items": {"type": "string"}, "maxItems": CHOICES_MAX},
    },
]
"""The OpenAPI parameters that ``assess_options`` reads, for a route's ``openapi_extra``."""


def guideline_id(given: str | None, settings: Settings, knowledge: Knowledge) -> str:
    """The guideline asked for, else the server's default; unknown ids name the allowed ones."""
    chosen = (given or "").strip() or settings.guideline
    knowledge.guideline(chosen)  # raises InputError(field="guideline") listing the allowed ids
    return chosen


def checked_choices(chosen: Mapping[str, str], knowledge: Knowledge) -> dict[str, str]:
    """``{choice name: option}`` checked against the knowledge base's choices."""
    out: dict[str, str] = {}
    for name, option in chosen.items():
        if name not in knowledge.choices:
            allowed = ", ".join(sorted(knowledge.choices))
            raise InputError(f"unknown choice {name!r}; choices are {allowed}", field="choices")
        options = knowledge.choices[name].options
        if option not in options:
            raise InputError(
                f"unknown option {option!r}; {name} takes {', '.join(options)}",
                field=f"choices.{name}",
            )
        out[name] = option
    return out


def assess_options(
    query: QueryParams | None, settings: Settings, knowledge: Knowledge
) -> AssessOptions:
    """``?guideline=…&choice=NAME=OPTION…`` of ``POST /api/assess`` (``ASSESS_QUERY``);
    ``None`` for a request without a query string (the server's defaults)."""
    if query is None:
        return AssessOptions(guideline=guideline_id(None, settings, knowledge))
    guideline = query.get("guideline")
    if guideline is not None and len(guideline) > GUIDELINE_MAX_CHARS:
        raise InputError(
            f"too long: a guideline id has at most {GUIDELINE_MAX_CHARS} characters",
            field="guideline",
        )
    pairs = query.getlist("choice")
    if len(pairs) > CHOICES_MAX:
        raise InputError(f"{len(pairs)} choices: at most {CHOICES_MAX}", field="choice")
    return AssessOptions(
        guideline=guideline_id(guideline, settings, knowledge),
        choices=choice_pairs(pairs, knowledge),
    )


def choice_pairs(pairs: Iterable[str], knowledge: Knowledge) -> dict[str, str]:
    """``NAME=OPTION`` strings (the ``choice`` query parameter, as the CLI's ``--choice``)."""
    chosen: dict[str, str] = {}
    for pair in pairs:
        name, sep, option = pair.partition("=")
        if not sep:
            raise InputError(f"{pair!r}: write NAME=OPTION", field="choice")
        chosen[name.strip()] = option.strip()
    return checked_choices(chosen, knowledge)
