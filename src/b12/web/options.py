"""Reading options from requests: the guideline profile and choices where sources disagree.

The allowed values come from the knowledge base, never from this module, so adding a
guideline or a choice is a data change that the API and the forms pick up as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from b12.config import Settings
from b12.errors import InputError
from b12.knowledge import Knowledge


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


def choice_pairs(pairs: Iterable[str], knowledge: Knowledge) -> dict[str, str]:
    """``NAME=OPTION`` strings (the ``choice`` query parameter, as the CLI's ``--choice``)."""
    chosen: dict[str, str] = {}
    for pair in pairs:
        name, sep, option = pair.partition("=")
        if not sep:
            raise InputError(f"{pair!r}: write NAME=OPTION", field="choice")
        chosen[name.strip()] = option.strip()
    return checked_choices(chosen, knowledge)
