"""Documenting bodies that a route validates itself with the core's own parser.

``POST /api/assess`` reads its body with ``b12.core.case.parse_case`` (the one way in for a
case, with the core's messages), so FastAPI does not see a body model. The case model is
still the schema clients should see: ``body_schema`` points the operation at it, and
``add_models`` puts it (with the models it refers to) into ``components.schemas``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import TypeAdapter

REF = "#/components/schemas/{model}"


def body_schema(model: type[Any], description: str) -> dict[str, Any]:
    """``openapi_extra`` for a route whose JSON body is ``model``."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}},
        }
    }


def add_models(openapi: dict[str, Any], models: Iterable[type[Any]]) -> None:
    """Add each model's JSON schema (a pydantic model or dataclass) and its sub-models to the
    document's components."""
    schemas: dict[str, Any] = openapi.setdefault("components", {}).setdefault("schemas", {})
    for model in models:
        schema = TypeAdapter(model).json_schema(ref_template=REF, mode="validation")
        for name, sub in schema.pop("$defs", {}).items():
            schemas.setdefault(name, sub)
        schemas.setdefault(model.__name__, schema)
