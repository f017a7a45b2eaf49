"""Request and response models of the JSON API, for validation and for ``/openapi.json``.

The responses are produced by the core (``Assessment.to_dict``, ``LabReport.to_dict``) and
``b12.foods.views`` and sent as they are, so the API returns exactly the contract's JSON;
these models describe that JSON for clients (../shared/spec/assessment.md, foods.md).
They name the contract's fields and allow more, as the contract does ("the project may
add fields").
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from b12.core.models import LabInput

TriageLevel = Literal["emergency", "urgent", "soon", "routine", "self_care"]
StatusCategory = Literal[
    "deficiency_confirmed",
    "indeterminate",
    "deficiency_unlikely",
    "testing_indicated",
    "testing_not_indicated",
    "known_deficiency",
]


class _Open(BaseModel):
    """A contract object: these fields at least, more allowed."""

    model_config = ConfigDict(extra="allow")


class ErrorDetail(BaseModel):
    code: str = Field(description="invalid_input, invalid_json, not_found, data_missing, …")
    message: str = Field(description="What was wrong and what is allowed.")
    field: str | None = Field(description="The input field at fault, e.g. person.age.")


class ErrorResponse(BaseModel):
    """Every error the API returns."""

    error: ErrorDetail


class WarningOut(_Open):
    code: str
    message: str
    field: str | None


class RedFlagOut(_Open):
    code: str
    message: str
    sources: list[str]


class TriageOut(_Open):
    level: TriageLevel
    red_flags: list[RedFlagOut]


class B12StatusOut(_Open):
    category: StatusCategory
    qualifiers: list[str]
    explanation: str
    next_steps: list[str]
    sources: list[str]


class InterpretedLabOut(_Open):
    test: str
    value: float | None
    unit: str | None
    value_si: float | None
    unit_si: str | None
    category: str = Field(
        description="b12_total/b12_active: deficiency_confirmed | indeterminate | "
        "deficiency_unlikely; other tests: low | normal | high | rhabdomyolysis_range, or the "
        "lab's verdict"
    )
    severity: Literal["mild", "moderate", "severe"] | None
    message: str
    sources: list[str]
    warnings: list[WarningOut]


class RiskFactorOut(_Open):
    code: str
    label: str
    detail: str
    sources: list[str]


class CrampCauseOut(_Open):
    cause: str
    score: float = Field(ge=0, le=1)
    likelihood: str
    """The score in words ("most likely", "possible", "unlikely"), as the result page shows."""
    evidence_for: list[str]
    evidence_against: list[str]
    sources: list[str]


class SourceOut(_Open):
    id: str
    title: str
    publisher: str
    year: int
    url: str


class AssessmentOut(_Open):
    """The assessment (contract section 2): red flags first, then B12 status and causes."""

    triage: TriageOut
    b12_status: B12StatusOut
    labs: list[InterpretedLabOut]
    risk_factors: list[RiskFactorOut]
    cramp_causes: list[CrampCauseOut]
    warnings: list[WarningOut]
    sources: list[SourceOut]
    disclaimer: str


class LabsOut(_Open):
    """Lab results read against a guideline (contract section 3)."""

    labs: list[InterpretedLabOut]
    b12_status: B12StatusOut
    warnings: list[WarningOut]
    guideline: str
    sources: list[SourceOut]


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


class NutrientOut(BaseModel):
    value: float
    unit: str


class FoodHitOut(_Open):
    id: str
    name: str
    source: str
    group: str
    b12_per_100g: float | None


class PortionOut(_Open):
    description: str
    grams: float


class AmountOut(_Open):
    text: str
    grams: float
    nutrients: dict[str, NutrientOut | None]


class FoodOut(_Open):
    """One food (foods contract ``show``); ``amount`` only when an amount was asked for."""

    id: str
    name: str
    source: str
    group: str
    nutrients_per_100g: dict[str, NutrientOut | None]
    portions: list[PortionOut]
    amount: AmountOut | None = None


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    food_index: Literal["ready", "missing"]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The body is not JSON."},
    422: {"model": ErrorResponse, "description": "Bad input; the error names the field."},
}
