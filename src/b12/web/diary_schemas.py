"""Request and response models of the diary JSON API (profiles, entries, medicines, intake,
timeline, the assessment from the record).

Requests are strict (no coercion, no unknown keys) so the OpenAPI document says exactly
what is accepted; entries use the same flat text fields as the diary form, read by
``b12.web.diary_access.build_entry``. Responses are the shapes ``b12 … --json`` prints,
declared once where they are made (``b12.diary.contract``, ``b12.core.diary_contract``)
and named by the routes as their response schema.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from b12.core.diary import CONDITIONS
from b12.core.scope import MAX_AGE_YEARS, MIN_AGE_YEARS
from b12.diary.contract import CandidateJSON
from b12.web.schemas import ErrorResponse

_STRICT = ConfigDict(extra="forbid", strict=True)
Text = Annotated[str, Field(max_length=300)]


class ProfileIn(BaseModel):
    """A person whose diary b12 keeps."""

    model_config = _STRICT
    name: Annotated[str, Field(min_length=1, max_length=100)]
    age: Annotated[float, Field(ge=MIN_AGE_YEARS, le=MAX_AGE_YEARS)]
    sex: Literal["female", "male"] | None = None
    pregnant: bool = False
    breastfeeding: bool = False
    diet: Literal["omnivore", "pescatarian", "vegetarian", "vegan"] | None = None
    conditions: Annotated[
        list[Annotated[str, Field(max_length=40)]], Field(max_length=len(CONDITIONS))
    ] = []
    reference: Annotated[str, Field(max_length=40)] = "us-iom"
    current: bool = Field(False, description="Make this the current profile.")


class EntryIn(BaseModel):
    """One diary entry as flat text, the fields of the diary form. ``kind`` says which apply:
    food (``food`` words or ``food_id``, ``amount``, ``meal``), supplement (``dose``,
    ``form``, ``route``), drink (``volume``, ``what``), cramp (``location``, ``timing``,
    ``duration``, ``severity``), symptom (``symptom``, ``note``), lab (``result`` as the lab
    reader reads it, ``date``). ``at``: ISO date-time, ``08:30`` or ``yesterday 21:00``."""

    model_config = _STRICT
    kind: Literal["food", "supplement", "drink", "cramp", "symptom", "lab"]
    at: Text | None = None
    food: Text | None = None
    food_id: Text | None = None
    amount: Text | None = None
    meal: Text | None = None
    dose: Text | None = None
    form: Text | None = None
    route: Text | None = None
    volume: Text | None = None
    what: Text | None = None
    location: Text | None = None
    timing: Text | None = None
    duration: Text | None = None
    severity: Text | None = None
    symptom: Text | None = None
    note: Text | None = None
    result: Text | None = None
    date: Text | None = None


class AmbiguousDetail(BaseModel):
    code: Literal["ambiguous_food"]
    message: str
    field: str | None
    candidates: list[CandidateJSON]


class AmbiguousResponse(BaseModel):
    """Several foods match the words: choose one and send its ``food_id``."""

    error: AmbiguousDetail


class MedicineIn(BaseModel):
    """A course of a medicine, as ``b12 med add`` takes it. ``name``: generic or brand
    (resolved to the generic when b12 knows it; kept as typed when not). ``dose``: e.g.
    "2000 mg/day", "500 mg twice a day", "20 mg" (once a day). Dates: YYYY-MM-DD, YYYY-MM
    or YYYY. A field left out is not known (``PUT`` replaces the whole medicine)."""

    model_config = _STRICT
    name: Annotated[str, Field(min_length=1, max_length=100)]
    dose: Annotated[str, Field(max_length=100)] | None = None
    started: Annotated[str, Field(max_length=20)] | None = None
    stopped: Annotated[str, Field(max_length=20)] | None = None
    dose_changed: Annotated[str, Field(max_length=20)] | None = None
    improved_after_stopping: bool | None = Field(
        None, description="Did the cramps or symptoms improve after stopping it?"
    )


NO_PROFILE: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such profile, entry or medicine."}
}
