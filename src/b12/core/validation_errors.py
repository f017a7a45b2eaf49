"""Pydantic's validation errors in b12's words: the field as the contracts name it, and
what is allowed.

The case parser (CLI and ``POST /api/assess``) and the web API's request models report the
first error of a pydantic model; both go through here so a bad value reads the same
wherever it was typed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

_PREFIX = re.compile(r"^(Value error|Assertion failed), ")
_QUOTED = re.compile(r"'([^']*)'")
_LIST_IN_FULL = 8  # a choice among this many or fewer is listed whole; longer, the nearest
_NEAREST = 3
_TYPO = 0.75  # similarity above which an unknown code is taken for a typo of a known one
_BOUND_WORDS = {
    "less_than_equal": "at most",
    "greater_than_equal": "at least",
    "less_than": "below",
    "greater_than": "above",
}


def field_path(loc: Sequence[int | str]) -> str:
    """``("labs", 0, "unit")`` → ``labs[0].unit``, leaving out pydantic's own names for
    validators and union members, which are not fields."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith("function-") or part == "literal_error" or "[" in part:
            continue
        else:
            out += f".{part}" if out else part
    return out


def readable_message(err: Any, contract: str) -> str:
    """One error's message: unknown keys and missing ones in plain words, a number out of
    bounds with the bound it broke, anything else as pydantic says it."""
    kind = err.get("type", "")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # models, dataclasses
        return f"unknown key (not in the {contract} contract)"
    if kind == "missing":
        return "required"
    if kind in _BOUND_WORDS and len(err.get("ctx") or {}) == 1:
        (bound,) = err["ctx"].values()
        return f"{err['input']} is out of range: it must be {_BOUND_WORDS[kind]} {bound:g}"
    if kind == "literal_error" and isinstance(err.get("input"), str):
        return unknown_code(err["input"], _QUOTED.findall(err["ctx"]["expected"]))
    if kind in ("dataclass_type", "model_type") and isinstance(err.get("input"), str):
        name = err["input"]
        return f'each item is an object, not a text: write {{"name": "{name}"}}'
    return _PREFIX.sub("", str(err.get("msg", "invalid value")))


def nearest(given: str, allowed: Sequence[str]) -> list[str]:
    """The few allowed codes closest to what was typed."""
    typed = given.strip().lower().replace(" ", "_").replace("-", "_")
    return difflib.get_close_matches(typed, list(allowed), n=_NEAREST, cutoff=0.0)


def unknown_code(given: str, allowed: Sequence[str]) -> str:
    """A code that is not allowed: the nearest few for a typo, else the whole list."""
    close = difflib.get_close_matches(
        given.strip().lower().replace(" ", "_"), list(allowed), n=_NEAREST, cutoff=_TYPO
    )
    if close and len(allowed) > _LIST_IN_FULL:
        return f"{given!r} is not a known code; did you mean {' or '.join(close)}?"
    return f"{given!r} is not allowed; allowed: {', '.join(map(repr, allowed))}"
