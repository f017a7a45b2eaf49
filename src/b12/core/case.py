"""The case: what a person tells b12 about themselves (contract section 1).

Validated once on the way in. Every missing key means "not known", an empty list means
"none". Unknown keys, unknown codes, impossible values and contradictions (a symptom both
present and absent, a pregnant man) are errors that name the field and say what is allowed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from b12.core.models import LabInput, Num
from b12.core.scope import MAX_AGE_YEARS, MIN_AGE_YEARS
from b12.core.validation_errors import field_path, readable_message
from b12.errors import InputError

Condition = Literal[
    "autoimmune_gastritis", "atrophic_gastritis", "gastrectomy", "bariatric_surgery",
    "ileal_resection", "crohns_disease", "coeliac_disease", "sjogrens_syndrome",
    "type_1_diabetes", "type_2_diabetes", "other_autoimmune_disease",
    "autoimmune_thyroid_disease", "hypothyroidism", "chronic_kidney_disease", "haemodialysis",
    "cirrhosis", "peripheral_arterial_disease", "heart_disease", "heart_failure",
    "hypertension", "copd", "abdominal_pelvic_radiotherapy", "family_history_b12_deficiency",
    "lumbar_spinal_stenosis", "alcohol_use_disorder", "diarrhoea_or_vomiting",
    "peripheral_neuropathy", "thyroidectomy", "hiv", "myeloma",
]  # fmt: skip
Exposure = Literal["nitrous_oxide", "alcohol_excess", "smoking", "low_sodium_diet"]
Symptom = Literal[
    "paresthesia", "numbness", "fatigue", "weakness", "balance_problems",
    "difficulty_walking", "falls", "cognitive_problems", "memory_problems", "confusion",
    "mood_changes", "depression", "anxiety", "sore_tongue", "mouth_ulcers", "vision_changes",
    "incontinence", "thirst", "dizziness", "reduced_urination", "dark_urine", "muscle_pain",
    "muscle_swelling", "muscle_stiffness", "palpitations", "perioral_tingling",
    "carpopedal_spasm", "nausea", "vomiting", "diarrhoea", "headache", "cold_intolerance",
    "weight_gain", "constipation", "breathlessness", "calf_pain_on_walking", "leg_swelling",
    "dizziness_on_standing", "dropping_objects", "seizure", "fainting", "chest_pain",
]  # fmt: skip
Sign = Literal[
    "romberg_positive", "reduced_vibration_sense", "reduced_proprioception", "spasticity",
    "gait_ataxia", "weak_foot_pulses", "chvostek_sign", "trousseau_sign", "pale_skin",
    "glossitis", "urine_dipstick_blood_without_red_cells", "hot_dry_skin",
    "reduced_ankle_reflexes",
]  # fmt: skip
Location = Literal[
    "calf", "foot", "toes", "thigh_front", "hamstring", "thigh", "leg", "hand", "fingers",
    "forearm", "arm", "shoulder", "abdomen", "back", "generalised",
]  # fmt: skip
Timing = Literal[
    "night", "rest", "during_exercise", "after_exercise", "walking", "during_physical_work",
    "during_dialysis", "any_time",
]  # fmt: skip
Trigger = Literal["exercise", "heat", "walking", "dialysis", "pregnancy", "cold"]
Relief = Literal["stretching", "rest", "walking", "standing", "fluids", "electrolytes", "massage"]

_STRICT = ConfigDict(frozen=True, extra="forbid")


class Supplement(BaseModel):
    model_config = _STRICT
    dose_ug: Num | None = Field(default=None, ge=0, le=100_000)
    frequency: Literal["daily", "weekly", "irregular", "none"] | None = None
    since_weeks: Num | None = Field(default=None, ge=0, le=5200)


class Treatment(BaseModel):
    model_config = _STRICT
    route: Literal["intramuscular", "oral"] | None = None
    status: Literal["current", "lapsed"] | None = None
    dose_ug: Num | None = Field(default=None, ge=0, le=100_000)
    interval_weeks: Num | None = Field(default=None, ge=0, le=520)
    last_dose_weeks_ago: Num | None = Field(default=None, ge=0, le=5200)


class Person(BaseModel):
    model_config = _STRICT
    age: Num = Field(ge=MIN_AGE_YEARS, le=MAX_AGE_YEARS)
    sex: Literal["female", "male"] | None = None
    pregnant: StrictBool | None = None
    breastfeeding: StrictBool | None = None
    diet: Literal["omnivore", "pescatarian", "vegetarian", "vegan"] | None = None
    low_animal_food_intake: StrictBool | None = None
    fortified_foods: Literal["none", "occasional", "daily"] | None = None
    fortified_foods_ug_per_day: Num | None = Field(default=None, ge=0, le=10_000)
    b12_supplement: Supplement | None = None
    b12_treatment: Treatment | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Person:
        if self.sex == "male" and self.pregnant:
            raise ValueError("pregnant is true but sex is male")
        if self.sex == "male" and self.breastfeeding:
            raise ValueError("breastfeeding is true but sex is male")
        return self


class Medication(BaseModel):
    model_config = _STRICT
    name: str = Field(min_length=1, max_length=100)
    dose_mg_per_day: Num | None = Field(default=None, ge=0, le=100_000)
    years: Num | None = Field(default=None, ge=0, le=100)
    started_weeks_ago: Num | None = Field(default=None, ge=0, le=5200)
    dose_changed_weeks_ago: Num | None = Field(default=None, ge=0, le=5200)


class Context(BaseModel):
    model_config = _STRICT
    ambient_temperature_c: Num | None = Field(default=None, ge=-60, le=60)
    heavy_sweating: StrictBool | None = None
    fluid_intake_l_per_day: Num | None = Field(default=None, ge=0, le=30)
    strenuous_exercise: StrictBool | None = None
    unaccustomed_exercise: StrictBool | None = None


class Cramps(BaseModel):
    model_config = _STRICT
    locations: list[Location] | None = None
    bilateral: StrictBool | None = None
    timing: list[Timing] | None = None
    duration_minutes: Num | None = Field(default=None, ge=0, le=10_080)
    episodes_per_week: Num | None = Field(default=None, ge=0, le=1000)
    history_weeks: Num | None = Field(default=None, ge=0, le=5200)
    onset: Literal["sudden", "gradual"] | None = None
    triggers: list[Trigger] | None = None
    relieved_by: list[Relief] | None = None
    wakes_from_sleep: StrictBool | None = None
    residual_soreness: StrictBool | None = None
    started_after_medication: str | None = Field(default=None, min_length=1, max_length=100)


class Case(BaseModel):
    """Contract section 1. Only ``person`` is required."""

    model_config = _STRICT
    person: Person
    conditions: list[Condition] | None = None
    medications: list[Medication] | None = None
    exposures: list[Exposure] | None = None
    context: Context | None = None
    body_temperature_c: Num | None = Field(default=None, ge=25, le=45)
    symptoms: list[Symptom] | None = None
    symptoms_absent: list[Symptom] | None = None
    signs: list[Sign] | None = None
    signs_absent: list[Sign] | None = None
    cramps: Cramps | None = None
    labs: list[LabInput] | None = None

    @field_validator("symptoms_absent", "signs_absent")
    @classmethod
    def _not_also_present(cls, absent: list[str] | None, info: ValidationInfo) -> list[str] | None:
        """A finding is either present or absent; the error names the ``_absent`` list."""
        what = info.field_name.removesuffix("_absent") if info.field_name else ""
        both = sorted(set(info.data.get(what) or []) & set(absent or []))
        if both:
            raise ValueError(
                f"{', '.join(both)} listed in both {what} and {what}_absent; "
                "a finding is either present or absent"
            )
        return absent


def parse_case(data: Any) -> Case:
    """Validate a decoded JSON case; the error names the first bad field and what is allowed."""
    if not isinstance(data, dict):
        raise InputError("a case must be a JSON object with at least a 'person' key")
    if "person" in data and isinstance(data["person"], dict):
        age = data["person"].get("age")
        if isinstance(age, int | float) and not isinstance(age, bool) and age < MIN_AGE_YEARS:
            raise InputError(
                f"age {age} is under {MIN_AGE_YEARS}: b12 follows guidance for people aged "
                f"{MIN_AGE_YEARS} and over",
                field="person.age",
            )
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        message = readable_message(err, contract="case")
        raise InputError(message, field=field_path(err["loc"]) or None) from None
