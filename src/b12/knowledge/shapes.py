"""How a knowledge model is declared: a frozen standard dataclass that pydantic validates.

Pydantic's own ``@dataclass`` wraps each class in its machinery when the module is imported
(about a millisecond a class, ninety classes: a third of a one-shot command), although a
process that reads the compiled knowledge (``b12.knowledge.compiled``) validates none of
them. A standard dataclass carrying ``__pydantic_config__`` is validated just the same by a
``TypeAdapter`` (validators, ``Field`` constraints and defaults, ``extra="forbid"``), and
only when a knowledge file is actually read.

Not a ``BaseModel`` either: ``BaseModel`` defines ``__getattr__``, and on CPython any class
with one loses the interpreter's fast path for every attribute read; an assessment reads
these objects hundreds of times. ``dataclasses.replace`` copies without validating: tests
that build a broken knowledge base rely on it, and ``validate`` then finds the fault.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar, dataclass_transform

from pydantic import ConfigDict, Field, TypeAdapter

T = TypeVar("T")

# defer_build: a model's validator is built on its first validation, not when first named.
CONFIG = ConfigDict(extra="forbid", defer_build=True)
_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field, Field)
)
def model(cls: type[T]) -> type[T]:
    """A knowledge model: frozen, keyword-only, unknown keys refused when validated."""
    made = dataclasses.dataclass(frozen=True, kw_only=True)(cls)
    made.__pydantic_config__ = CONFIG  # type: ignore[attr-defined]
    return made


def _adapter(shape: type[Any]) -> TypeAdapter[Any]:
    if shape not in _ADAPTERS:
        _ADAPTERS[shape] = TypeAdapter(shape)
    return _ADAPTERS[shape]


def parse(shape: type[T], data: Any) -> T:
    """``data`` (decoded TOML or JSON) validated as ``shape``; pydantic's ValidationError
    (a ValueError) names the bad field."""
    return _adapter(shape).validate_python(data)  # type: ignore[no-any-return]


def to_data(value: Any) -> Any:
    """A model as plain data (dicts, lists, numbers, strings), for JSON or a new ``parse``."""
    return _adapter(type(value)).dump_python(value)
