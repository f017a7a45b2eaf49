"""Pydantic's validation errors in b12's words: the field as the contracts name it, and
what is allowed.

The case parser (CLI and ``POST /api/assess``) and the web API's request models report the
first error of a pydantic model; both go through here so a bad value reads the same
wherever it was typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_PREFIX = re.compile(r"^(Value error|Assertion failed), ")
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
    return _PREFIX.sub("", str(err.get("msg", "invalid value")))
