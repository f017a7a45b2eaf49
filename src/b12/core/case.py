"""The case: what a person tells b12 about themselves (contract section 1).

Validated once on the way in. Every missing key means "not known", an empty list means
"none". Unknown keys, unknown codes, impossible values and contradictions (a symptom both
present and absent, a pregnant man) are errors that name the field and say what is allowed.

The case's parts are pydantic dataclasses, as the knowledge models are (see
``b12.knowledge.models`` for why: attribute reads on a ``BaseModel`` are slow, and an
assessment reads the case many times); read one with ``parse_case`` or ``CASE``. Its labs
are ``b12.core.models.LabInput``, shared with the diary and its file format.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass

from b12.core.models import LabInput, Num
from b12.core.scope import MAX_AGE_YEARS, MAX_B12_DOSE_UG, MAX_MEDICINE_MG_PER_DAY, MIN_AGE_YEARS
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
    "active_cancer", "previous_venous_thromboembolism", "recent_surgery", "recent_immobility",
    "parathyroidectomy", "hypoparathyroidism", "motor_neurone_disease", "hyperthyroidism",
]  # fmt: skip
Exposure = Literal[
    "nitrous_oxide", "alcohol_excess", "smoking", "low_sodium_diet", "long_haul_travel",
]  # fmt: skip
Symptom = Literal[
    "paresthesia", "numbness", "fatigue", "weakness", "balance_problems",
    "difficulty_walking", "falls", "cognitive_problems", "memory_problems", "confusion",
    "mood_changes", "depression", "anxiety", "sore_tongue", "mouth_ulcers", "vision_changes",
    "incontinence", "thirst", "dizziness", "reduced_urination", "dark_urine", "muscle_pain",
    "muscle_swelling", "muscle_stiffness", "palpitations", "perioral_tingling",
    "carpopedal_spasm", "nausea", "vomiting", "diarrhoea", "headache", "cold_intolerance",
    "weight_gain", "constipation", "breathlessness", "calf_pain_on_walking", "leg_swelling",
    "dizziness_on_standing", "dropping_objects", "seizure", "fainting", "chest_pain",
    "one_sided_leg_swelling", "one_sided_leg_pain", "leg_warmth_or_redness", "muscle_tenderness",
    "muscle_twitching", "weight_loss", "progressive_weakness", "difficulty_swallowing",
    "slurred_speech", "fever",
]  # fmt: skip
Sign = Literal[
    "romberg_positive", "reduced_vibration_sense", "reduced_proprioception", "spasticity",
    "gait_ataxia", "weak_foot_pulses", "chvostek_sign", "trousseau_sign", "pale_skin",
    "glossitis", "urine_dipstick_blood_without_red_cells", "hot_dry_skin",
    "reduced_ankle_reflexes", "calf_tenderness", "one_sided_calf_swelling", "pitting_oedema",
    "fasciculations", "muscle_wasting", "brisk_reflexes", "extensor_plantar", "hoffmann_sign",
    "delayed_reflex_relaxation", "tachycardia", "hypotension", "dry_mucous_membranes",
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

_STRICT = ConfigDict(extra="forbid", defer_build=True)  # built on first use, not at import


@dataclass(frozen=True, kw_only=True, config=_STRICT)
class Supplement:
    dose_ug: Annotated[Num | None, Field(ge=0, le=MAX_B12_DOSE_UG)] = None
    frequency: Literal["daily", "weekly", "irregular", "none"] | None = None
    since_weeks: Annotated[Num | None, Field(ge=0, le=5200)] = None


@dataclass(frozen=True, kw_only=True, config=_STRICT)
class Treatment:
    route: Literal["intramuscular", "oral"] | None = None
    status: Literal["current", "lapsed"] | None = None
    dose_ug: Annotated[Num | None, Field(ge=0, le=MAX_B12_DOSE_UG)] = None
    interval_weeks: Annotated[Num | None, Field(ge=0, le=520)] = None
    last_dose_weeks_ago: Annotated[Num | None, Field(ge=0, le=5200)] = None


@dataclass(frozen=True, kw_only=True, config=_STRICT)
class Person:
    age: Annotated[Num | None, Field(ge=MIN_AGE_YEARS, le=MAX_AGE_YEARS)] = None
    sex: Literal["female", "male"] | None = None
    pregnant: StrictBool | None = None
    breastfeeding: StrictBool | None = None
    diet: Literal["omnivore", "pescatarian", "vegetarian", "vegan"] | None = None
    low_animal_food_intake: StrictBool | None = None
    fortified_foods: Literal["none", "occasional", "daily"] | None = None
    fortified_foods_ug_per_day: Annotated[Num | None, Field(ge=0, le=10_000)] = None
    b12_supplement: Supplement | None = None
    b12_treatment: Treatment | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Person:
        if self.sex == "male" and self.pregnant:
            raise ValueError("pregnant is true but sex is male")
        if self.sex == "male" and self.breastfeeding:
            raise ValueError("breastfeeding is true but sex is male")
        return self


@dataclass(frozen=True, kw_only=True, config=_STRICT)
class Medication:
    name: Annotated[str, Field(min_length=1, max_length=100)]
    dose_mg_per_day: Annotated[Num | None, Field(ge=0, le=MAX_MEDICINE_MG_PER_DAY)] = None
    years: Annotated[Num | None, Field(ge=0, le=100)] = None
    started_weeks_ago: Annotated[Num | None, Field(ge=0, le=5200)] = None
    dose_changed_weeks_ago: Annotated[Num | None, Field(ge=0, le=5200)] = None
    stopped_weeks_ago: Annotated[Num | None, Field(ge=0, le=5200)] = None
    improved_after_stopping: StrictBool | None = None


@dataclass(frozen=True, kw_only=True, config=_STRICT)
class Context:
    ambient_temperature_c: Annotated[Num | None, Field(ge=-60, le=60)] = None
    heavy_sweating: StrictBool | None = None
    fluid_intake_l_per_day: Annotated[Num | None, Field(ge=0, le=30)] = None
    strenuous_exercise: StrictBool | None = None
    unaccustomed_exercise: StrictBool | None = None


@dataclass(frozen=True, kw_only=True, config=_STRICT)
class Cramps:
    locations: list[Location] | None = None
    bilateral: StrictBool | None = None
    timing: list[Timing] | None = None
    duration_minutes: Annotated[Num | None, Field(ge=0, le=10_080)] = None
    episodes_per_week: Annotated[Num | None, Field(ge=0, le=1000)] = None
    history_weeks: Annotated[Num | None, Field(ge=0, le=5200)] = None
    onset: Literal["sudden", "gradual"] | None = None
    triggers: list[Trigger] | None = None
    relieved_by: list[Relief] | None = None
    wakes_from_sleep: StrictBool | None = None
    residual_soreness: StrictBool | None = None
    started_after_medication: Annotated[str | None, Field(min_length=1, max_length=100)] = None


@dataclass(frozen=True, kw_only=True, config=_STRICT)
class NutrientIntake:
    """A daily average against its target; ``complete`` is false when some foods did not
    report the nutrient, so ``amount`` is a lower bound."""

    amount: Annotated[Num, Field(ge=0, le=1_000_000)]
    target: Annotated[Num, Field(gt=0, le=1_000_000)]
    complete: StrictBool = True


@dataclass(frozen=True, kw_only=True, config=_STRICT)
class Intake:
    """What the person's food and drink diary shows, averaged over the logged days (the
    diary fills this in; a case written by hand may too)."""

    days_logged: Annotated[int, Strict(), Field(ge=1, le=3660)]
    b12_absorbed_ug: NutrientIntake | None = None
    potassium_mg: NutrientIntake | None = None
    magnesium_mg: NutrientIntake | None = None
    calcium_mg: NutrientIntake | None = None


@dataclass(frozen=True, kw_only=True, config=_STRICT)
class Case:
    """Contract section 1. Only ``person`` is required."""

    person: Person
    conditions: list[Condition] | None = None
    medications: list[Medication] | None = None
    exposures: list[Exposure] | None = None
    context: Context | None = None
    body_temperature_c: Annotated[Num | None, Field(ge=25, le=45)] = None
    symptoms: list[Symptom] | None = None
    symptoms_absent: list[Symptom] | None = None
    signs: list[Sign] | None = None
    signs_absent: list[Sign] | None = None
    cramps: Cramps | None = None
    labs: list[LabInput] | None = None
    intake: Intake | None = None

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


CASE: TypeAdapter[Case] = TypeAdapter(Case)
"""Validates a case: ``CASE.validate_json(raw)``, ``CASE.json_schema()``."""


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
        return CASE.validate_python(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        message = readable_message(err, contract="case")
        raise InputError(message, field=field_path(err["loc"]) or None) from None
