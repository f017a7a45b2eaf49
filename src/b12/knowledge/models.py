"""Typed shapes of the knowledge files.

The TOML files are validated into these frozen models once, at load time, so a typo in a
threshold name or a missing source fails loudly in tests rather than silently at a user's
bedside. ``extra="forbid"`` everywhere for the same reason.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Confidence = Literal["V", "S", "U"]
Severity = Literal["mild", "moderate", "severe"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Reference(_Frozen):
    id: str
    title: str
    publisher: str
    year: int
    url: str
    verified: Confidence


class Limits(_Frozen):
    min: float
    max: float


class LimitWindows(_Frozen):
    """Where a lab's printed low and high reference limits usually fall (SI unit)."""

    low: tuple[float, float]
    high: tuple[float, float]


class LowGrade(_Frozen):
    severity: Severity
    below: float


class HighGrade(_Frozen):
    severity: Severity
    at_or_above: float


class Affine(_Frozen):
    """si = slope * value + intercept, for a unit that is not a simple multiple (HbA1c %)."""

    from_: str = Field(alias="from")
    slope: float
    intercept: float


class SexLimits(_Frozen):
    female: float
    male: float
    pregnant: float | None = None


class LabRule(_Frozen):
    kind: Literal["b12_bands", "range", "uln_multiple", "uln", "result_only"]
    sources: list[str] = Field(default_factory=list)
    confidence: Confidence = "V"
    choice: str | None = None
    low_below: float | None = None
    low_below_by_sex: SexLimits | None = None
    low_grades: list[LowGrade] = Field(default_factory=list)
    low_grades_pregnant: list[LowGrade] = Field(default_factory=list)
    grade_sources: list[str] = Field(default_factory=list)
    high_above: float | None = None
    high_at_or_above: float | None = None
    high_above_by_sex: SexLimits | None = None
    high_grades: list[HighGrade] = Field(default_factory=list)
    high_sources: list[str] = Field(default_factory=list)
    strongly_above: float | None = None
    strongly_sources: list[str] = Field(default_factory=list)
    default_uln: float | None = None
    default_uln_sources: list[str] = Field(default_factory=list)
    severe_at_or_above: float | None = None


class LabTest(_Frozen):
    code: str
    aliases: list[str] = Field(default_factory=list)
    name: str
    loinc: list[str]
    units: list[str]
    unit_aliases: dict[str, str] = Field(default_factory=dict)
    si_unit: str
    molar_mass: float | None = None
    valence: int | None = None
    affine: Affine | None = None
    chemistry_sources: list[str] = Field(default_factory=list)
    impossible_si: Limits | None = None
    plausible_si: Limits | None = None
    reference_limits_si: LimitWindows | None = None
    limits_sources: list[str] = Field(default_factory=list)
    prefer_lab_range: bool = False
    rule: LabRule
    messages: dict[str, str] = Field(default_factory=dict)

    @property
    def result_only(self) -> bool:
        return self.rule.kind == "result_only"


class B12Band(_Frozen):
    """One unit family of a guideline's B12 table, in the guideline's printed numbers."""

    unit: str
    confirmed_below: float
    unlikely_above: float
    sources: list[str] = Field(default_factory=list)


class B12Families(_Frozen):
    mass: B12Band | None = None
    molar: B12Band | None = None


class Guideline(_Frozen):
    id: str
    title: str
    sources: list[str]
    confidence: Confidence
    b12_total: B12Families
    b12_active: B12Families


class ChoiceOption(_Frozen):
    value: float
    sources: list[str]
    note: str


class Choice(_Frozen):
    name: str
    description: str
    unit: str
    default: str
    options: dict[str, ChoiceOption]


class StatusCategoryText(_Frozen):
    explanation: str
    next_steps: list[str]
    sources: list[str]


class StatusQualifierText(_Frozen):
    text: str
    next_step: str | None = None
    first: bool = False  # its next step goes before the category's
    replaces_next_steps_of: list[str] = Field(
        default_factory=list
    )  # categories whose steps it moots
    sources: list[str]


class LabsOnlyText(_Frozen):
    no_marker_explanation: str
    no_marker_suggestive: str
    sources: list[str]


class StatusTexts(_Frozen):
    disclaimer: str
    categories: dict[str, StatusCategoryText]
    qualifiers: dict[str, StatusQualifierText]
    labs_only: LabsOnlyText


class MedicationClass(_Frozen):
    name: str
    drugs: list[str]
    brands: list[str] = Field(default_factory=list)
    risk_factor: str | None = None
    cramp_association: str | None = None
    cramp_sources: list[str] = Field(default_factory=list)
    cramp_weight: float = 0.0
    mechanisms: list[str] = Field(default_factory=list)
    mechanism_sources: list[str] = Field(default_factory=list)
    interacts_with_statin: bool = False
    interaction_note: str | None = None
    interaction_sources: list[str] = Field(default_factory=list)
    b12_replacement: bool = False


class Medications(_Frozen):
    recent_weeks: float
    recent_sources: list[str]
    classes: dict[str, MedicationClass]


class RiskFactorDef(_Frozen):
    code: str
    label: str
    detail: str
    sources: list[str]
    counts_for_testing: bool


class RiskFactors(_Frozen):
    older_age_above: float
    metformin_high_dose_mg: float
    metformin_long_years: float
    acid_suppression_long_years: float
    vegan_adequate_supplement_ug_daily: float
    vegan_adequate_supplement_ug_weekly: float
    vegan_adequate_fortified_ug_daily: float
    supplement_masking_dose_ug: float
    supplement_recent_weeks: float
    threshold_sources: list[str]
    factors: dict[str, RiskFactorDef]


class Rule(_Frozen):
    """Alternatives of terms: holds when every term of any one alternative holds."""

    when: list[list[str]]


class RedFlag(Rule):
    code: str
    level: Literal["emergency", "urgent"]
    message: str
    sources: list[str]


class LevelRule(Rule):
    level: Literal["soon", "routine"]
    reason: str
    sources: list[str]


class Triage(_Frozen):
    red_flags: list[RedFlag]
    levels: list[LevelRule]


class Evidence(_Frozen):
    fact: str
    weight: float
    text: str
    sources: list[str]


class CrampCause(_Frozen):
    code: str
    advice: str
    label: str
    prior: float
    sources: list[str]
    distinguishing_tests: list[str]
    requires: list[list[str]] = Field(default_factory=list)
    evidence: list[Evidence]


class CrampCauses(_Frozen):
    weights_sources: list[str]
    causes: dict[str, CrampCause]


class FactThresholds(_Frozen):
    hot_ambient_c: float
    cool_ambient_c: float
    low_fluid_l_per_day: float
    adequate_fluid_l_per_day: float
    short_cramp_minutes: float
    thyroid_features_min: int
    sources: list[str]


class B12Symptoms(_Frozen):
    common_symptoms: frozenset[str]
    common_signs: frozenset[str]
    neuro_symptoms: frozenset[str]
    neuro_signs: frozenset[str]
    sources: list[str]


class B12Target(_Frozen):
    min_age: float
    ug: float
    pregnancy_ug: float | None = None
    lactation_ug: float | None = None


class BySex(_Frozen):
    male: float
    female: float
    pregnancy: float | None = None
    lactation: float | None = None


class BySexFromAge(BySex):
    min_age: float


class AdultTargets(_Frozen):
    potassium_mg: BySex
    sodium_mg: BySex
    sodium_upper_mg: float | None = None
    magnesium_mg_by_age: list[BySexFromAge]
    calcium_mg_by_age: list[BySexFromAge]
    water_l: BySex


class IntakeReference(_Frozen):
    id: str
    title: str
    sources: list[str]
    b12: list[B12Target]
    adult: AdultTargets

    def b12_target(
        self, age: float, *, pregnant: bool = False, lactating: bool = False
    ) -> float | None:
        """Daily B12 reference (ug) for a life stage; None below the ages covered."""
        for row in sorted(self.b12, key=lambda r: r.min_age, reverse=True):
            if age >= row.min_age:
                if pregnant and row.pregnancy_ug is not None:
                    return row.pregnancy_ug
                if lactating and row.lactation_ug is not None:
                    return row.lactation_ug
                return row.ug
        return None


class IntakeTargets(_Frozen):
    default_reference: str
    references: dict[str, IntakeReference]

    def reference(self, reference_id: str | None = None) -> IntakeReference:
        return self.references[reference_id or self.default_reference]
