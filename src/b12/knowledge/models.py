"""Typed shapes of the knowledge files.

The TOML files are validated into these frozen models once, at load time, so a typo in a
threshold name or a missing source fails loudly in tests rather than silently at a user's
bedside. ``extra="forbid"`` everywhere for the same reason. How a model is declared and
validated (``model``, ``parse``, ``to_data``): ``b12.knowledge.shapes``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, field_validator, model_validator

from b12.knowledge.citations import OptionalSources, Sources
from b12.knowledge.shapes import model, parse, to_data

__all__ = ["parse", "to_data"]  # re-exported: read and written with these models

Confidence = Literal["V", "S", "U"]
Severity = Literal["mild", "moderate", "severe"]
TriageLevel = Literal["emergency", "urgent", "soon", "routine", "self_care"]


@model
class Reference:
    id: str
    title: str
    publisher: str
    year: int
    url: str
    verified: Confidence


@model
class Limits:
    min: float
    max: float


@model
class LimitWindows:
    """Where a lab's printed low and high reference limits usually fall (SI unit)."""

    low: tuple[float, float]
    high: tuple[float, float]


@model
class PrintedWindows:
    """Where one unit family's printed reference limits usually fall, as printed in ``unit``
    (a lab in pg/mL prints 180-914; one in pmol/L prints 145-569)."""

    unit: str
    low: tuple[float, float]
    high: tuple[float, float]


@model
class PrintedRanges:
    """The printed ranges of each unit family, to tell which family a range belongs to."""

    mass: PrintedWindows
    molar: PrintedWindows
    sources: Sources


@model
class LowGrade:
    severity: Severity
    below: float


@model
class HighGrade:
    severity: Severity
    at_or_above: float


@model
class Affine:
    """si = slope * value + intercept, for a unit that is not a simple multiple (HbA1c %)."""

    from_: str = Field(alias="from")
    slope: float
    intercept: float


@model
class SexLimits:
    female: float
    male: float
    pregnant: float | None = None


@model
class B12BandsRule:
    """Banded by the guideline profile in force (thresholds.toml), which cites itself."""

    kind: Literal["b12_bands"]
    sources: OptionalSources = Field(default_factory=list)


@model
class RangeRule:
    """Low and high limits, with optional severity grades (strict: a value below
    ``low_below`` is low; above ``high_above``, or at or above ``high_at_or_above``, high)."""

    kind: Literal["range"]
    sources: Sources
    confidence: Confidence = "V"
    choice: str | None = None
    """A choice (thresholds.toml) whose option is the low limit, where sources disagree."""
    low_below: float | None = None
    low_below_by_sex: SexLimits | None = None
    low_grades: list[LowGrade] = Field(default_factory=list)
    low_grades_pregnant: list[LowGrade] = Field(default_factory=list)
    grade_sources: OptionalSources = Field(default_factory=list)
    high_above: float | None = None
    high_at_or_above: float | None = None
    high_at_or_above_printed: dict[str, float] = Field(default_factory=dict)
    """The cut-off as the source prints it in other units (HbA1c 6.5 % beside 48 mmol/mol):
    a value in that unit is compared with the printed number, not a converted one."""
    high_above_by_sex: SexLimits | None = None
    high_grades: list[HighGrade] = Field(default_factory=list)
    high_sources: OptionalSources = Field(default_factory=list)
    strongly_above: float | None = None
    strongly_sources: OptionalSources = Field(default_factory=list)

    @property
    def reads_low(self) -> bool:
        return self.choice is not None or (
            self.low_below is not None or self.low_below_by_sex is not None
        )

    @property
    def reads_high(self) -> bool:
        return (
            self.high_above is not None
            or self.high_at_or_above is not None
            or self.high_above_by_sex is not None
        )


@model
class UlnRule:
    """High above the lab's printed upper limit, else the chosen default (MMA)."""

    kind: Literal["uln"]
    sources: Sources
    choice: str
    """The choice (thresholds.toml) holding the default upper limit."""
    strongly_above: float | None = None
    strongly_sources: OptionalSources = Field(default_factory=list)


@model
class UlnMultipleRule:
    """Read by multiples of the upper limit of normal (CK): the choice holds the multiple."""

    kind: Literal["uln_multiple"]
    sources: Sources
    choice: str
    default_uln: float
    """The upper limit assumed when the lab prints none."""
    default_uln_sources: Sources
    severe_at_or_above: float | None = None


@model
class ResultOnlyRule:
    """The lab reports a verdict (positive or negative), not a number."""

    kind: Literal["result_only"]
    sources: Sources


LabRule = Annotated[
    B12BandsRule | RangeRule | UlnRule | UlnMultipleRule | ResultOnlyRule,
    Field(discriminator="kind"),
]
"""How one test's result is read: one model per kind of rule, chosen by ``kind``."""


@model
class RangeCheck:
    """When a printed reference range makes its result's unit doubtful."""

    slack: float = Field(gt=1)
    """How far (a factor) outside a test's usual windows a printed limit may fall."""
    sources: Sources


@model
class LabTest:
    code: str
    aliases: list[str] = Field(default_factory=list)
    ambiguous_aliases: dict[str, str] = Field(default_factory=dict)
    """Names that may mean this test or another: the reader asks, with this question."""
    name: str
    loinc: list[str]
    units: list[str]
    unit_aliases: dict[str, str] = Field(default_factory=dict)
    si_unit: str
    si_decimals: int | None = None
    """Decimals a lab prints the SI value with (display only); None: 4 significant digits."""
    molar_mass: float | None = None
    valence: int | None = None
    affine: Affine | None = None
    chemistry_sources: OptionalSources = Field(default_factory=list)
    impossible_si: Limits | None = None
    plausible_si: Limits | None = None
    reference_limits_si: LimitWindows | None = None
    printed_ranges: PrintedRanges | None = None
    limits_sources: OptionalSources = Field(default_factory=list)
    prefer_lab_range: bool = False
    rule: LabRule
    messages: dict[str, str] = Field(default_factory=dict)

    @property
    def result_only(self) -> bool:
        return isinstance(self.rule, ResultOnlyRule)


@model
class B12Band:
    """One unit family of a guideline's B12 table, in the guideline's printed numbers."""

    unit: str
    confirmed_below: float
    unlikely_above: float
    sources: OptionalSources = Field(default_factory=list)


@model
class B12Families:
    mass: B12Band | None = None
    molar: B12Band | None = None


@model
class Guideline:
    id: str
    title: str
    sources: Sources
    confidence: Confidence
    b12_total: B12Families
    b12_active: B12Families


@model
class ChoiceOption:
    value: float
    sources: Sources
    note: str


@model
class Choice:
    name: str
    description: str
    unit: str
    default: str
    options: dict[str, ChoiceOption]


@model
class StatusCategoryText:
    explanation: str
    next_steps: list[str]
    sources: Sources


@model
class StatusQualifierText:
    text: str
    next_step: str | None = None
    first: bool = False  # its next step goes before the category's
    replaces_next_steps_of: list[str] = Field(
        default_factory=list
    )  # categories whose steps it moots
    sources: Sources


@model
class LabsOnlyText:
    no_marker_explanation: str
    no_marker_suggestive: str
    no_marker_headline: str
    no_marker_next_steps: list[str]
    suggestive_next_steps: list[str]
    if_antibody_positive: str
    sources: Sources


@model
class SpuriouslyLow:
    conditions: dict[str, str]  # condition code -> how to name it
    text: str
    sources: Sources


@model
class RenalConditions:
    conditions: frozenset[str]
    sources: Sources


@model
class StatusTexts:
    disclaimer: str
    age_unknown: str
    """Said when a case has no age: which age-dependent rules could not be used."""
    spuriously_low_b12: SpuriouslyLow
    renal_conditions: RenalConditions
    categories: dict[str, StatusCategoryText]
    qualifiers: dict[str, StatusQualifierText]
    labs_only: LabsOnlyText


@model
class MedicationClass:
    name: str
    drugs: list[str]
    brands: dict[str, str] = Field(default_factory=dict)
    """Brand name → the generic it contains (of ``drugs``; for a combination, the one
    that puts it in this class)."""
    risk_factor: str | None = None
    cramp_association: str | None = None
    cramp_sources: OptionalSources = Field(default_factory=list)
    cramp_weight: float = 0.0
    strong_association: bool = False
    mechanisms: list[str] = Field(default_factory=list)
    mechanism_sources: OptionalSources = Field(default_factory=list)
    interacts_with_statin: bool = False
    interaction_sources: OptionalSources = Field(default_factory=list)
    vte_risk: bool = False
    vte_sources: OptionalSources = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    """Short names for the class (``ppi``), as ``b12 cohort screen --group-by`` takes them."""

    @model_validator(mode="after")
    def _brands_name_a_drug_of_the_class(self) -> MedicationClass:
        wrong = {b: g for b, g in self.brands.items() if g not in self.drugs}
        if wrong:
            raise ValueError(f"brands name generics not in drugs: {wrong}")
        return self

    @model_validator(mode="after")
    def _each_claim_cites_its_sources(self) -> MedicationClass:
        claims = {
            "cramp_association": (self.cramp_association, self.cramp_sources),
            "mechanisms": (self.mechanisms, self.mechanism_sources),
            "interacts_with_statin": (self.interacts_with_statin, self.interaction_sources),
            "vte_risk": (self.vte_risk, self.vte_sources),
        }
        uncited = [name for name, (claim, sources) in claims.items() if claim and not sources]
        if uncited:
            raise ValueError(f"{', '.join(uncited)} cite no source")
        return self


@model
class Medications:
    recent_weeks: float
    recent_sources: Sources
    classes: dict[str, MedicationClass]


@model
class RiskFactorDef:
    code: str
    label: str
    detail: str
    sources: Sources
    counts_for_testing: bool


@model
class RiskFactors:
    older_age_above: float
    metformin_high_dose_mg: float
    metformin_long_years: float
    acid_suppression_long_years: float
    duration_asked_for: list[str]
    """Medicine classes whose risk grows with years of use: the self-check asks how long."""
    vegan_adequate_supplement_ug_daily: float
    vegan_adequate_supplement_ug_weekly: float
    vegan_adequate_fortified_ug_daily: float
    supplement_masking_dose_ug: float
    supplement_recent_weeks: float
    pregnancy_question_below_age: float
    not_counted_for_testing: str
    threshold_sources: Sources
    factors: dict[str, RiskFactorDef]


@model
class Rule:
    """Alternatives of terms: holds when every term of any one alternative holds."""

    when: list[list[str]]


@model
class RedFlag(Rule):
    code: str
    level: Literal["emergency", "urgent"]
    message: str
    sources: Sources


@model
class LevelRule(Rule):
    level: Literal["soon", "routine"]
    reason: str
    sources: Sources


@model
class Triage:
    level_summaries: dict[TriageLevel, str]
    """Each level's first sentence of an assessment's summary (every level has one)."""
    red_flags: list[RedFlag]
    levels: list[LevelRule]

    def __post_init__(self) -> None:
        missing = set(get_args(TriageLevel)) - set(self.level_summaries)
        if missing:
            raise ValueError(f"level_summaries: no sentence for {', '.join(sorted(missing))}")


@model
class Evidence:
    fact: str
    weight: float
    text: str
    sources: Sources


@model
class CrampCause:
    code: str
    advice: str
    label: str
    prior: float
    sources: Sources
    distinguishing_tests: list[str]
    requires: list[list[str]] = Field(default_factory=list)
    impossible_when: list[list[str]] = Field(default_factory=list)
    """A cause that cannot apply to this person (pregnancy for a man) is not listed."""
    advice_when_tests_advised: str | None = None
    """The advice to give instead of ``advice`` when the assessment advises a blood test,
    so the next steps never say both "ask for a test" and "tests are not needed"."""
    evidence: list[Evidence]

    @field_validator("evidence")
    @classmethod
    def _each_fact_once(cls, evidence: list[Evidence]) -> list[Evidence]:
        """A fact listed twice would count twice: give it one weight."""
        facts = [e.fact for e in evidence]
        twice = sorted({f for f in facts if facts.count(f) > 1})
        if twice:
            raise ValueError(f"evidence lists {', '.join(twice)} more than once")
        return evidence


@model
class ScoreWord:
    min: float = Field(ge=0, le=1)
    word: str


@model
class CrampCauses:
    weights_sources: Sources
    clear_cause_min_score: float
    """Below this top score no cause fits well, and the assessment says so."""
    no_clear_cause: str
    no_clear_cause_sources: Sources
    score_words: list[ScoreWord]
    """Bands, highest minimum first, that put a score in words."""
    leading_word: str
    score_words_sources: Sources
    leading_shown: int = Field(ge=1)
    """How many of the likeliest causes the advice names, with the tests that tell them
    apart (the clinician report too)."""
    detailed_min_score: float = Field(ge=0, le=1)
    """Causes scoring below this (and past the leading ones) are named but not detailed in
    readable output; every cause is in the JSON."""
    causes: dict[str, CrampCause]

    def __post_init__(self) -> None:
        minima = [band.min for band in self.score_words]
        if not minima or minima != sorted(minima, reverse=True) or minima[-1] != 0:
            raise ValueError("score_words: minima from highest to 0, the last one 0")

    def words_for(self, score: float, leading: bool) -> str:
        """The score in words; ``leading`` for the first cause of a ranking that fits well."""
        if leading and score >= self.clear_cause_min_score:
            return self.leading_word
        return next(band.word for band in self.score_words if score >= band.min)


@model
class FactThresholds:
    hot_ambient_c: float
    cool_ambient_c: float
    low_fluid_l_per_day: float
    adequate_fluid_l_per_day: float
    short_cramp_minutes: float
    sources: Sources
    location_groups: dict[str, frozenset[str]]
    """Each group of cramp locations gives the fact ``cramps:NAME`` when a cramp is in it."""


@model
class DiaryWindows:
    cramp_days: int = Field(gt=0)
    symptom_days: int = Field(gt=0)
    intake_days: int = Field(gt=0)
    intake_min_days: int = Field(gt=0)
    medicine_stopped_weeks: float = Field(gt=0)
    supplement_daily_min_per_week: int = Field(gt=0, le=7)
    injection_lapsed_factor: float = Field(gt=1)
    sources: Sources


@model
class IntakeFactRules:
    b12_low_fraction: float = Field(gt=0, lt=1)
    b12_adequate_fraction: float = Field(gt=0)
    potassium_low_fraction: float = Field(gt=0, lt=1)
    magnesium_low_fraction: float = Field(gt=0, lt=1)
    calcium_low_fraction: float = Field(gt=0, lt=1)
    sources: Sources


@model
class DiaryCaseRules:
    """How a case is built from a person's record (diary_case.toml)."""

    sources: Sources
    lab_window_days: int = Field(gt=0)
    lab_window_sources: Sources
    lab_window_days_by_test: dict[str, int]
    windows: DiaryWindows
    intake_facts: IntakeFactRules

    def lab_window(self, test: str) -> int:
        return self.lab_window_days_by_test.get(test, self.lab_window_days)


@model
class CombinedFact:
    """A fact made of other facts: it holds when ``when`` holds, or when at least
    ``at_least`` of the facts in ``of`` hold."""

    name: str
    note: str
    when: list[list[str]] = Field(default_factory=list)
    at_least: int | None = None
    of: list[str] = Field(default_factory=list)
    sources: Sources

    @model_validator(mode="after")
    def _one_form(self) -> CombinedFact:
        if bool(self.when) == (self.at_least is not None):
            raise ValueError(f"{self.name}: give either when, or at_least with of")
        if self.at_least is not None and not 1 <= self.at_least <= len(self.of):
            raise ValueError(f"{self.name}: at_least must be between 1 and the length of of")
        return self


@model
class B12Symptoms:
    common_symptoms: frozenset[str]
    common_signs: frozenset[str]
    neuro_symptoms: frozenset[str]
    neuro_signs: frozenset[str]
    first_nerve_symptoms: frozenset[str]
    sources: Sources


@model
class B12Target:
    min_age: float
    ug: float
    pregnancy_ug: float | None = None
    lactation_ug: float | None = None


@model
class BySex:
    male: float
    female: float
    pregnancy: float | None = None
    lactation: float | None = None


@model
class BySexFromAge(BySex):
    min_age: float


@model
class AdultTargets:
    potassium_mg: BySex
    sodium_mg: BySex
    sodium_upper_mg: float | None = None
    magnesium_mg_by_age: list[BySexFromAge]
    calcium_mg_by_age: list[BySexFromAge]
    water_l: BySex


@model
class IntakeReference:
    id: str
    title: str
    sources: Sources
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

    def adult_min_age(self) -> float:
        """Youngest age the ``adult`` block covers (the lowest ``min_age`` of its age tables)."""
        ages = [
            row.min_age for row in (*self.adult.magnesium_mg_by_age, *self.adult.calcium_mg_by_age)
        ]
        return min(ages) if ages else float("inf")

    def mineral_target(
        self,
        nutrient: Literal["potassium", "sodium", "magnesium", "calcium", "water"],
        age: float,
        sex: Literal["female", "male"] | None,
        *,
        pregnant: bool = False,
        lactating: bool = False,
    ) -> float | None:
        """Adult daily reference for a mineral (mg) or total water (L); None if not covered.

        None when the person is younger than the adult tables, when the reference has no
        value (EFSA calcium), or when sex is unknown and not implied by pregnancy or
        lactation: a made-up target would be worse than none.
        """
        if age < self.adult_min_age():
            return None
        if sex is None and (pregnant or lactating):
            sex = "female"
        adult = self.adult
        row: BySex | None
        if nutrient in ("magnesium", "calcium"):
            table = (
                adult.magnesium_mg_by_age if nutrient == "magnesium" else adult.calcium_mg_by_age
            )
            row = next(
                (
                    r
                    for r in sorted(table, key=lambda r: r.min_age, reverse=True)
                    if age >= r.min_age
                ),
                None,
            )
        else:
            row = {
                "potassium": adult.potassium_mg,
                "sodium": adult.sodium_mg,
                "water": adult.water_l,
            }[nutrient]
        if row is None or sex is None:
            return None
        if pregnant and row.pregnancy is not None:
            return row.pregnancy
        if lactating and row.lactation is not None:
            return row.lactation
        return row.male if sex == "male" else row.female


@model
class IntakeTargets:
    default_reference: str
    references: dict[str, IntakeReference]

    def reference(self, reference_id: str | None = None) -> IntakeReference:
        return self.references[reference_id or self.default_reference]


# --- B12 absorption model (knowledge/absorption.toml; used by b12.core.absorption) ---------

RangeEnd = Literal["central", "low", "high"]


@model
class ParameterValues:
    """A model input as three values: the one behind the central estimate, and the ones
    used to compute the low and the high end of the absorbed range.

    ``for_low`` is the value that gives LESS absorption, which for the recovery time is the
    longer one: the names say which end of the result a value serves, not its size.
    """

    central: float
    for_low: float
    for_high: float

    def value(self, estimate: RangeEnd) -> float:
        if estimate == "central":
            return self.central
        return self.for_low if estimate == "low" else self.for_high


@model
class AbsorptionParameter(ParameterValues):
    unit: str
    sources: Sources
    note: str


@model
class ConditionEffect:
    """How a condition changes the routes: factors on the IF capacity and on food-bound B12."""

    label: str
    if_capacity_factor: ParameterValues
    food_bound_factor: ParameterValues
    sources: Sources
    note: str


@model
class PlainTerms:
    """Codes in plain words, the clinical term in brackets (plain_terms.toml)."""

    terms: dict[str, str]
    sources: Sources
    symptom_groups: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    """Headings and the symptom codes under each, in the order the self-check shows them."""

    def of(self, code: str) -> str:
        return self.terms.get(code) or code.replace("_", " ")


@model
class CitedNote:
    """A modelling assumption stated in words, with its sources."""

    note: str
    sources: Sources


@model
class ReferenceAbsorption:
    """The absorption an intake reference already assumes (IOM RDA: 50%), by reference id."""

    assumed: dict[str, float]
    sources: Sources
    note: str


@model
class RetimingAdviceRule:
    min_gain_ug: float = Field(ge=0)
    min_gain_fraction: float = Field(ge=0)
    sources: Sources
    note: str


@model
class AbsorptionParams:
    """One concrete parameter set (central, low or high) with conditions applied.

    This is what the model functions compute with; build it with
    ``AbsorptionModel.params`` or override a value with ``dataclasses.replace``.
    """

    if_capacity_ug: float = Field(ge=0)
    if_fraction: float = Field(ge=0, le=1)
    passive_fraction: float = Field(ge=0, le=1)
    recovery_hours: float = Field(gt=0)
    doets_slope: float
    doets_intercept: float
    food_bound_factor: float = Field(default=1.0, ge=0, le=1)

    @model_validator(mode="after")
    def _never_more_than_eaten(self) -> AbsorptionParams:
        """IF share plus passive share above 100% would absorb more than was eaten."""
        if self.if_fraction + self.passive_fraction > 1:
            raise ValueError("if_fraction + passive_fraction must not exceed 1")
        return self


_MORE_IS_MORE = ("if_capacity_ug", "if_fraction", "passive_fraction")
ABSORPTION_PARAMETERS = (
    *_MORE_IS_MORE,
    "recovery_hours",
    "doets_slope",
    "doets_intercept",
)


@model
class AbsorptionModel:
    """The parameters of the B12 absorption model, each with its sources and reasoning."""

    if_capacity_ug: AbsorptionParameter
    if_fraction: AbsorptionParameter
    passive_fraction: AbsorptionParameter
    recovery_hours: AbsorptionParameter
    doets_slope: AbsorptionParameter
    doets_intercept: AbsorptionParameter
    conditions: dict[str, ConditionEffect]
    assumptions: dict[str, CitedNote]
    reference_absorption: ReferenceAbsorption
    advice: RetimingAdviceRule

    @model_validator(mode="after")
    def _ranges_point_the_right_way(self) -> AbsorptionModel:
        """A low end that would absorb more than the central one is a data error."""
        for name in _MORE_IS_MORE:
            p: AbsorptionParameter = getattr(self, name)
            if not p.for_low <= p.central <= p.for_high:
                raise ValueError(f"{name}: need for_low <= central <= for_high")
        r = self.recovery_hours
        if not r.for_low >= r.central >= r.for_high > 0:
            raise ValueError("recovery_hours: need for_low >= central >= for_high > 0")
        for code, effect in self.conditions.items():
            for factor in (effect.if_capacity_factor, effect.food_bound_factor):
                if not 0 <= factor.for_low <= factor.central <= factor.for_high <= 1:
                    raise ValueError(f"conditions.{code}: need 0 <= low <= central <= high <= 1")
        return self

    def params(
        self, estimate: RangeEnd = "central", conditions: Iterable[str] = ()
    ) -> AbsorptionParams:
        """The parameter set for one end of the range, with the person's conditions applied.

        Several conditions combine by taking the smallest factor of each route: the worst
        damaged route decides, and nothing is counted twice.
        """
        if_factor, food_factor = 1.0, 1.0
        for code in conditions:
            effect = self.conditions.get(code)
            if effect is not None:
                if_factor = min(if_factor, effect.if_capacity_factor.value(estimate))
                food_factor = min(food_factor, effect.food_bound_factor.value(estimate))
        return AbsorptionParams(
            if_capacity_ug=self.if_capacity_ug.value(estimate) * if_factor,
            if_fraction=self.if_fraction.value(estimate),
            passive_fraction=self.passive_fraction.value(estimate),
            recovery_hours=self.recovery_hours.value(estimate),
            doets_slope=self.doets_slope.value(estimate),
            doets_intercept=self.doets_intercept.value(estimate),
            food_bound_factor=food_factor,
        )

    def with_values(self, **values: float | tuple[float, float, float]) -> AbsorptionModel:
        """A copy with parameters overridden (the loaded knowledge is frozen).

        A number sets all three values; a ``(central, for_low, for_high)`` tuple sets each.
        Sources and notes are kept; the caller owns the new numbers.
        """
        update: dict[str, Any] = {}
        for name, value in values.items():
            if name not in ABSORPTION_PARAMETERS:
                raise ValueError(f"{name} is not one of {', '.join(ABSORPTION_PARAMETERS)}")
            current: AbsorptionParameter = getattr(self, name)
            central, low, high = value if isinstance(value, tuple) else (value, value, value)
            update[name] = dataclasses.replace(current, central=central, for_low=low, for_high=high)
        return parse(AbsorptionModel, to_data(dataclasses.replace(self, **update)))  # checked

    def absorption_routes_absent(self, conditions: Iterable[str]) -> list[str]:
        """The person's conditions that remove the IF route even at the high estimate."""
        return [
            code
            for code in conditions
            if code in self.conditions and self.conditions[code].if_capacity_factor.for_high == 0
        ]
