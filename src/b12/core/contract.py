"""The JSON the core's results turn into (../shared/spec/assessment.md sections 2 and 3),
declared once.

Each ``to_dict`` returns one of these, so mypy checks that it writes exactly these keys
with these types; the web API names the same types as its response schema (``/openapi.json``),
so the documented shape and the JSON sent cannot drift apart. The contract lets the project
add fields: a key the code writes is declared here (``NotRequired`` when it is only there
sometimes), and the API tests check every response against these declarations.

``typing_extensions.TypedDict`` (not ``typing``'s) because pydantic, which reads these for
the OpenAPI document, needs it before Python 3.12; pydantic is imported by the core already
(``b12.core.models``), so ``Field`` costs nothing here. No ``from __future__ import
annotations``: a ``TypedDict`` sees ``NotRequired`` only in annotations it can evaluate.
"""

from collections.abc import Sequence
from typing import Annotated, Literal, NotRequired

from pydantic import Field
from typing_extensions import TypedDict

TriageLevel = Literal["emergency", "urgent", "soon", "routine", "self_care"]
"""Most to least urgent."""


class WarningJSON(TypedDict):
    """Something the reader should know about the input or a result."""

    code: str
    message: str
    field: str | None


class RedFlagJSON(TypedDict):
    code: str
    message: str
    sources: list[str]


class TriageJSON(TypedDict):
    """How urgent: red flags decide it before anything else."""

    level: TriageLevel
    red_flags: list[RedFlagJSON]
    reason: str
    sources: list[str]


class B12StatusJSON(TypedDict):
    category: Annotated[
        str,
        Field(
            description="deficiency_confirmed | indeterminate | deficiency_unlikely (from a B12 "
            "result) | testing_indicated | testing_not_indicated (none) | known_deficiency"
        ),
    ]
    qualifiers: list[str]
    explanation: str
    next_steps: list[str]
    sources: list[str]
    basis: NotRequired[str]
    """Which result decided it, e.g. "serum total vitamin B12 … 142 pg/mL"."""
    headline: NotRequired[str]
    """Shown instead of the category where the code would mislead."""


class ReferenceRangeJSON(TypedDict, total=False):
    low: float
    high: float


class InterpretedLabJSON(TypedDict):
    """One lab read against its rule (contract section 3)."""

    test: str
    name: str
    value: float | None
    unit: str | None
    value_si: float | None
    unit_si: str | None
    category: Annotated[
        str,
        Field(
            description="b12_total/b12_active: deficiency_confirmed | indeterminate | "
            "deficiency_unlikely; other tests: low | normal | high | rhabdomyolysis_range, "
            "or the lab's verdict"
        ),
    ]
    severity: Annotated[str | None, Field(description="mild | moderate | severe, or null")]
    message: str
    sources: list[str]
    warnings: list[WarningJSON]
    comparator: NotRequired[str]
    result: NotRequired[str]
    reference_range: NotRequired[ReferenceRangeJSON]
    date: NotRequired[str]
    loinc: NotRequired[list[str]]
    upper_limit_si: NotRequired[float]
    """Results read against a multiple of the upper limit of normal (creatine kinase)."""
    times_upper_limit: NotRequired[float]


class RiskFactorJSON(TypedDict):
    code: str
    label: str
    detail: str
    sources: list[str]
    counts_for_testing: bool


class CauseScoreJSON(TypedDict):
    cause: str
    label: str
    score: Annotated[float, Field(ge=0, le=1)]
    evidence_for: Sequence[str]
    evidence_against: Sequence[str]
    notes: Sequence[str]
    sources: Sequence[str]
    distinguishing_tests: Sequence[str]


class CrampCauseJSON(CauseScoreJSON):
    """One cause of the cramps, scored; most likely first."""

    likelihood: Annotated[
        str,
        Field(description='The score in words ("most likely", "possible", "unlikely").'),
    ]


class SourceJSON(TypedDict):
    """One reference that a line of output names by its id."""

    id: str
    title: str
    publisher: str
    year: int
    url: str
    verified: Literal["V", "S", "U"]


class AssessmentJSON(TypedDict):
    """The assessment (contract section 2): red flags first, then B12 status and causes."""

    summary: str
    triage: TriageJSON
    b12_status: B12StatusJSON
    labs: list[InterpretedLabJSON]
    risk_factors: list[RiskFactorJSON]
    cramp_causes: list[CrampCauseJSON]
    cramp_cause_clear: Annotated[
        bool | None,
        Field(description="Whether the most likely cause fits well; null without cramps."),
    ]
    next_steps: list[str]
    warnings: list[WarningJSON]
    guideline: str
    sources: list[SourceJSON]
    disclaimer: str


class NextStepJSON(TypedDict):
    text: str
    level: TriageLevel | None
    sources: list[str]


class LabReportJSON(TypedDict):
    """Lab results read against a guideline (contract section 3); ``triage`` and
    ``next_steps`` when the results were read as a lab report (``read_labs``)."""

    triage: NotRequired[TriageJSON]
    next_steps: NotRequired[list[NextStepJSON]]
    labs: list[InterpretedLabJSON]
    b12_status: B12StatusJSON
    warnings: list[WarningJSON]
    guideline: str
    sources: list[SourceJSON]
