"""The JSON the core makes of a person's diary, declared once: the intake report
(``b12 intake --json``, ``GET /api/intake``), the timeline's rows and the cramp-day
comparison (``GET /api/timeline``), and the case built from a record
(``GET /api/profiles/{name}/assessment``).

As in ``b12.core.contract`` (which says why ``typing_extensions.TypedDict`` and why no
``from __future__ import annotations``): each ``to_dict`` returns one of these, so mypy
checks its keys and types, the API names the same types as its response schema, and
tests/web/test_contract.py checks real responses against them.
"""

from typing import Annotated, Any, Literal, NotRequired

from pydantic import Field
from typing_extensions import TypedDict

from b12.core.contract import AssessmentJSON


class EstimateJSON(TypedDict):
    """A model's central estimate and the range the other runs span."""

    central: float
    low: float
    high: float


class B12EatenJSON(TypedDict):
    """B12 by source, in µg; injections are delivered, not eaten (not in ``oral_total``)."""

    food_natural: float
    food_fortified: float
    supplement_oral: float
    oral_total: float
    injection: float


class B12FiguresJSON(TypedDict):
    eaten_ug: B12EatenJSON
    absorbed_ug: EstimateJSON
    target_ug: float | None
    percent_eaten_of_target: float | None
    absorbed_target_ug: float | None
    percent_absorbed_of_target: EstimateJSON | None
    foods_missing_b12: int
    foods_missing_b12_added: int
    complete: bool


class NutrientAmountJSON(TypedDict):
    """A nutrient summed over the foods that report it; ``foods_missing`` did not."""

    amount: float
    unit: str
    target: float | None
    percent_of_target: float | None
    foods_missing: int
    complete: bool
    upper: NotRequired[float]
    """The upper level, for a nutrient that has one (sodium)."""
    above_upper: NotRequired[bool | None]
    """Null when below it but foods are missing (not known)."""


class FluidsJSON(TypedDict):
    """Total water in litres: water in foods plus drinks."""

    from_food_l: float
    drinks_l: float
    total_l: float
    target_l: float | None
    percent_of_target: float | None
    foods_missing_water: int
    complete: bool


class IntakeFiguresJSON(TypedDict):
    """The figures of one day, or their average over the logged days."""

    foods: int
    b12: B12FiguresJSON
    potassium: NutrientAmountJSON
    sodium: NutrientAmountJSON
    magnesium: NutrientAmountJSON
    calcium: NutrientAmountJSON
    fluids: FluidsJSON
    missing_values: Annotated[
        dict[str, int], Field(description="Per diary nutrient: the foods without a value.")
    ]


class CrampDayJSON(TypedDict):
    count: int
    max_severity: int | None
    locations: list[str]
    minutes: float | None


class RetimingJSON(TypedDict):
    """A re-timing of one intake and what the model says it would change that day."""

    kind: Literal["split", "space"]
    text: str
    intake: str
    at: str
    dose_ug: float
    absorbed_before_ug: float
    absorbed_after_ug: float
    gain_ug: float


class DayIntakeJSON(IntakeFiguresJSON):
    """One day: its figures, cramps, symptoms and re-timing advice."""

    date: str
    logged: bool
    cramps: CrampDayJSON
    symptoms: list[str]
    advice: list[RetimingJSON]


class TypicalB12JSON(TypedDict):
    days_logged: int
    median_eaten_ug: float
    median_absorbed_ug: float
    days_eaten_target_met: int | None
    days_absorbed_target_met: int | None


class IntakeReferenceJSON(TypedDict):
    id: str
    title: str


class IntakeReportJSON(TypedDict):
    """Per day and on average, B12 eaten by source and likely absorbed (with a range)
    against the target, minerals and fluids against theirs, advice."""

    start: str
    end: str
    reference: IntakeReferenceJSON
    conditions: list[str]
    days_in_range: int
    days_logged: int
    average_per_logged_day: IntakeFiguresJSON | None
    typical_b12: TypicalB12JSON | None
    cramps_total: int
    days: list[DayIntakeJSON]
    notes: list[str]
    assumptions: dict[str, str]
    model: Annotated[
        dict[str, dict[str, Any]], Field(description="The absorption model's parameters used.")
    ]
    sources: list[str]


class TimelineRowJSON(TypedDict):
    """One day of the timeline; B12 and fluids are null on days with nothing logged."""

    date: str
    cramps: CrampDayJSON
    symptoms: list[str]
    b12_eaten_ug: float | None
    b12_injected_ug: float
    b12_absorbed_ug: EstimateJSON | None
    b12_missing_foods: int
    fluids_l: float | None
    labs: Annotated[
        list[dict[str, Any]], Field(description="The labs of the day (assessment contract).")
    ]


class MeasureJSON(TypedDict):
    """One quantity's median on cramp days, the days before them, and other days."""

    name: str
    unit: str
    cramp_days: float | None
    day_before: float | None
    other_days: float | None


class CrampDaysJSON(TypedDict):
    """Cramp days beside other logged days (medians)."""

    cramp_days: int
    other_days: int
    enough: bool
    measures: list[MeasureJSON]
    sentence: str


class DerivedJSON(TypedDict):
    """One field of the case and where it came from."""

    field: Annotated[str, Field(description='The case path, e.g. "labs[0]", "person.diet".')]
    text: str
    origin: Literal["profile", "medicines", "diary", "intake"]
    ids: Annotated[list[int], Field(description="The diary entries or medicines it rests on.")]
    first: str | None
    last: str | None


class RecordJSON(TypedDict):
    """The case built from a person's record and where each field came from."""

    today: str
    case: Annotated[dict[str, Any], Field(description="The case assessed (assessment contract).")]
    derived: list[DerivedJSON]
    missing: Annotated[list[str], Field(description="What the record could not tell.")]
    sources: list[str]


class RecordAssessmentJSON(AssessmentJSON):
    """``b12 assess --profile NAME --no-ask --json``: the assessment (as ``POST
    /api/assess``) plus ``record``, the case built from the person's record."""

    record: RecordJSON
