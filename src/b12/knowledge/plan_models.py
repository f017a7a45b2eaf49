"""Typed shape of ``planner.toml``: the planner's energy equations, B12 rules, supplement
doses, meal slots, food roles and realism rules.

Kept beside ``models.py`` (same conventions, ``b12.knowledge.shapes``: frozen dataclasses
validated by pydantic, unknown keys rejected) so the meal planner's knowledge is validated
at load time like the rest, and a role naming an unknown slot or a dose without a source
fails in tests, not in a plan.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from b12.knowledge.citations import Sources
from b12.knowledge.shapes import model

Activity = Literal["sedentary", "low_active", "active", "very_active"]


@model
class EerEquation:
    """IOM 2005 EER for one sex: intercept + age x age + PA x (weight x kg + height x m)."""

    intercept: float
    age: float
    weight: float
    height: float
    activity: dict[Activity, float]

    def kcal(self, age: float, weight_kg: float, height_m: float, activity: Activity) -> float:
        pa = self.activity[activity]
        return (
            self.intercept
            + self.age * age
            + pa * (self.weight * weight_kg + self.height * height_m)
        )


@model
class Body:
    weight_kg: float = Field(gt=0)
    height_m: float = Field(gt=0)


@model
class ReferenceBodies:
    male: Body
    female: Body
    sources: Sources


@model
class PregnancyEnergy:
    extra_kcal_by_trimester: tuple[float, float, float]
    default_trimester: int = Field(ge=1, le=3)
    sources: Sources


@model
class LactationEnergy:
    extra_kcal: float
    sources: Sources


@model
class EnergyRules:
    sources: Sources
    note: str
    min_age: float
    default_activity: Activity
    default_activity_sources: Sources
    default_activity_note: str
    tolerance: float = Field(gt=0, lt=0.5)
    tolerance_sources: Sources
    equations: dict[Literal["male", "female"], EerEquation]
    reference_body: ReferenceBodies
    pregnancy: PregnancyEnergy
    lactation: LactationEnergy


@model
class B12Rules:
    older_adult_min_age: float
    older_adult_crystalline_share: float = Field(ge=0, le=1)
    older_adult_sources: Sources
    older_adult_note: str
    passive_only_min_daily_ug: float = Field(gt=0)
    passive_only_sources: Sources
    passive_only_note: str


@model
class SupplementOption:
    id: str
    dose_ug: float = Field(gt=0)
    every: Literal["day", "week"]
    sources: Sources
    note: str


@model
class SupplementTimes:
    times: list[str]
    sources: Sources


@model
class Slot:
    time: str = Field(pattern=r"^\d\d:\d\d$")
    energy_share: tuple[float, float]
    roles: list[str]


@model
class Role:
    label: str
    required: bool
    drink: bool = False
    groups: list[str]
    require_words_sr28: list[str] = Field(default_factory=list)
    min_g: float = Field(gt=0)
    max_g: float = Field(gt=0)
    units: list[str]
    max_units: int | None = Field(default=None, ge=1)  # everyday amount; else roles_rules'


@model
class RoleRules:
    sources: Sources
    note: str
    max_family_items_per_day: int = Field(ge=1)
    max_family_items_per_meal: int = Field(ge=1)
    max_days_per_week: int = Field(ge=1, le=7)
    max_units: int = Field(ge=1)
    pool_size: int = Field(ge=2)
    exclude_words: list[str]
    raw_ok_roles: list[str]


@model
class Penalties:
    sources: Sources
    diary_days: int = Field(ge=1)
    b12_per_percent: float = Field(ge=0)
    mineral_per_percent: float = Field(ge=0)
    sodium_over_per_percent: float = Field(ge=0)
    water_per_percent: float = Field(ge=0)
    energy_per_percent: float = Field(ge=0)
    item: float = Field(ge=0)
    item_from_diary: float = Field(ge=0)
    item_preferred: float = Field(ge=0)
    item_unspecified: float = Field(ge=0)
    item_unusual: float = Field(ge=0)
    extra_unit: float = Field(ge=0)


@model
class CitedText:
    sources: Sources
    note: str


@model
class Everyday:
    """Per role, the starts of the FNDDS names of the foods people ordinarily eat there."""

    sources: Sources
    note: str
    unusual_words: list[str] = Field(default_factory=list)
    meat_alternatives: list[str] = Field(default_factory=list)
    meat_alternative_diets: list[str] = Field(default_factory=list)
    roles: dict[str, list[str]]


@model
class PlannerKnowledge:
    """All of ``planner.toml``."""

    energy: EnergyRules
    b12: B12Rules
    supplements: list[SupplementOption]
    supplement_times: SupplementTimes
    slots: dict[str, Slot]
    meals: CitedText
    roles: dict[str, Role]
    roles_rules: RoleRules
    penalties: Penalties
    everyday: Everyday

    @model_validator(mode="after")
    def _roles_and_slots_agree(self) -> PlannerKnowledge:
        named = [r for slot in self.slots.values() for r in slot.roles]
        unknown = sorted(set(named) - set(self.roles))
        if unknown:
            raise ValueError(f"slots name unknown roles: {', '.join(unknown)}")
        unused = sorted(set(self.roles) - set(named))
        if unused:
            raise ValueError(f"roles in no slot: {', '.join(unused)}")
        if len(named) != len(set(named)):
            raise ValueError("a role is in more than one slot")
        for name, role in self.roles.items():
            if role.min_g > role.max_g:
                raise ValueError(f"roles.{name}: min_g above max_g")
        odd = sorted(set(self.everyday.roles) - set(self.roles))
        if odd:
            raise ValueError(f"everyday names unknown roles: {', '.join(odd)}")
        times = [s.time for s in self.slots.values()]
        if times != sorted(times):
            raise ValueError("slots must be listed in the order of their times")
        return self
