"""Which knowledge fields cite sources, found from their types rather than a list of names.

A field typed ``Sources`` holds reference ids (``references.toml``) and must name at least
one; ``OptionalSources`` may be empty (a grade or a note that needs no extra source). The
loader walks every validated model, collects the fields of these two types by reflection
and checks each id, so a new cited field is checked the day it is written, with no list of
field names to keep in step.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Annotated, Any


@dataclasses.dataclass(frozen=True)
class Cites:
    """The marker in a cited field's type; ``required``: at least one id."""

    required: bool


Sources = Annotated[list[str], Cites(required=True)]
OptionalSources = Annotated[list[str], Cites(required=False)]


@dataclasses.dataclass(frozen=True)
class Citation:
    path: str
    """Where the ids sit, e.g. ``lab_tests.potassium.rule.sources``."""
    ids: list[str]
    required: bool


@cache
def cited_fields(cls: type[Any]) -> dict[str, bool]:
    """The fields of dataclass ``cls`` typed ``Sources`` (True) or ``OptionalSources``."""
    found = {}
    for name, hint in typing.get_type_hints(cls, include_extras=True).items():
        for marker in getattr(hint, "__metadata__", ()):
            if isinstance(marker, Cites):
                found[name] = marker.required
    return found


def citations(value: object, path: str = "") -> Iterator[Citation]:
    """Every cited field in ``value`` and everything it holds (dataclasses, mappings,
    sequences), depth first; fields whose names start with ``_`` are private state."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cited = cited_fields(type(value))
        for f in dataclasses.fields(value):
            if f.name.startswith("_"):
                continue
            item = getattr(value, f.name)
            where = f"{path}.{f.name}" if path else f.name
            if f.name in cited:
                yield Citation(where, list(item), cited[f.name])
            else:
                yield from citations(item, where)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from citations(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from citations(item, f"{path}[{i}]")
