"""Request and response models of the JSON API, for validation and for ``/openapi.json``.

The responses are produced by the core (``Assessment.to_dict``, ``LabReport.to_dict``) and
``b12.foods.views`` and sent as they are, so the API returns exactly the contract's JSON.
The assessment's and the lab report's shapes are declared once, by the core, as the
``TypedDict``s those ``to_dict``s return (``b12.core.contract``); the routes name them as
their response schema. The food JSON of ``b12.foods.views`` is declared the same way, by
``b12.foods.contract`` (../shared/spec/foods.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from b12.core.models import LabInput


class ErrorDetail(BaseModel):
    code: str = Field(description="invalid_input, invalid_json, not_found, data_missing, …")
    message: str = Field(description="What was wrong and what is allowed.")
    field: str | None = Field(description="The input field at fault, e.g. person.age.")


class ErrorResponse(BaseModel):
    """Every error the API returns."""

    error: ErrorDetail


MAX_LABS = 100

LabLine = Annotated[str, Field(min_length=1, max_length=300)]


class LabsRequest(BaseModel):
    """Lab results to read: typed lines, contract objects, or both (lines first)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"results": ["b12_total=250 pg/mL", "mma=620 nmol/L"], "guideline": "nice-ng239"}
            ]
        },
    )
    results: list[LabLine] = Field(
        default_factory=list,
        max_length=MAX_LABS,
        description='Results typed as a lab report prints them: "TEST=VALUE UNIT (LOW-HIGH)".',
    )
    labs: list[LabInput] = Field(
        default_factory=list,
        max_length=MAX_LABS,
        description="Results as the case contract's labs[] objects.",
    )
    guideline: str | None = Field(
        default=None, description="nice-ng239 or bsh-2014; the server's default when absent."
    )
    sex: Literal["female", "male"] | None = None
    pregnant: StrictBool = False
    choices: dict[str, str] = Field(
        default_factory=dict,
        description="Where sources disagree: choice name → option, e.g. "
        '{"mma_upper_limit": "iom-mayo-271"}.',
    )


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The body is not JSON."},
    422: {"model": ErrorResponse, "description": "Bad input; the error names the field."},
}
