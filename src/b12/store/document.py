"""The export file format, version 2 (version 1 still read), as pydantic models.

A format of its own rather than the dataclasses dumped as they are: a file must stay
readable by later versions of b12 after the dataclasses change, so its shape is written
down here and ``version`` is bumped when it changes. The models are strict (no "12" for
12, no unknown keys) and read from JSON text, so a time arrives as an ISO string and
every error comes with its path. Field names match the dataclasses'. Each entry carries
its diary ``id`` (optional: a file without ids still imports); importing keeps an id when
no other entry holds it, so ``import --replace`` of an export keeps the ids people use with
``b12 log edit`` and ``delete``, and assigns new ones otherwise.

Version 2 added each profile's ``medicines`` (courses with dates and dose) and let
``conditions`` hold every condition of the assessment contract; a version 1 file is a
version 2 file without medicines, and is read as one. Example::

    {"format": "b12-diary", "version": 2, "profiles": [
      {"name": "Ana", "age": 34.0, "sex": "female", "pregnant": false,
       "breastfeeding": false, "diet": "vegan", "conditions": [], "reference": "us-iom",
       "entries": [
         {"kind": "food", "at": "2024-05-01T08:00:00+02:00", "food_id": "sr28:01077",
          "food_name": "Milk, whole", "amount_text": "1 cup", "grams": 244.0,
          "nutrients": {"b12": 1.1, "b12_added": null, ...}, "meal": "breakfast"},
         {"kind": "lab", "on": "2024-05-02",
          "lab": {"test": "b12_total", "value": 180.0, "unit": "pg/mL", ...}}],
       "medicines": [
         {"name": "Metformin", "generic": "metformin", "dose_text": "2000 mg/day",
          "dose_mg_per_day": 2000.0, "started": "2019-03-01", "stopped": null,
          "dose_changed": null, "improved_after_stopping": null}]}]}
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Annotated, Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from b12.core.diary import Diet, Meal, Medicine, Profile, Record, Sex
from b12.core.models import LabInput
from b12.store.validate import ENTRY_CLASSES

FORMAT: Final = "b12-diary"
VERSION: Final = 2
READABLE_VERSIONS: Final = (1, 2)


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class _EntryV1(_Strict):
    id: Annotated[int, Field(ge=1)] | None = None


class FoodV1(_EntryV1):
    kind: Literal["food"]
    at: AwareDatetime
    food_id: str
    food_name: str
    amount_text: str
    grams: float
    nutrients: dict[str, float | None]
    meal: Meal | None = None


class SupplementV1(_EntryV1):
    kind: Literal["supplement"]
    at: AwareDatetime
    dose_ug: float
    form: str
    route: Literal["oral", "sublingual", "intramuscular"]


class DrinkV1(_EntryV1):
    kind: Literal["drink"]
    at: AwareDatetime
    volume_ml: float
    what: str


class CrampV1(_EntryV1):
    kind: Literal["cramp"]
    at: AwareDatetime
    location: str
    timing: str | None = None
    duration_minutes: float | None = None
    severity: int | None = None


class SymptomV1(_EntryV1):
    kind: Literal["symptom"]
    at: AwareDatetime
    symptom: str
    note: str | None = None


class LabV1(_EntryV1):
    kind: Literal["lab"]
    on: date
    lab: LabInput


AnyEntryV1 = FoodV1 | SupplementV1 | DrinkV1 | CrampV1 | SymptomV1 | LabV1
EntryV1 = Annotated[AnyEntryV1, Field(discriminator="kind")]


class MedicineV2(_Strict):
    """A course of a medicine; no id (nothing outside the record refers to one), so export
    then import then export gives the same document."""

    name: str
    generic: str | None = None
    dose_text: str | None = None
    dose_mg_per_day: float | None = None
    started: date | None = None
    stopped: date | None = None
    dose_changed: date | None = None
    improved_after_stopping: bool | None = None


class ProfileV1(_Strict):
    name: str
    age: float
    sex: Sex | None = None
    pregnant: bool = False
    breastfeeding: bool = False
    diet: Diet | None = None
    conditions: list[str] = Field(default_factory=list)
    reference: str = "us-iom"
    entries: list[EntryV1] = Field(default_factory=list)
    medicines: list[MedicineV2] = Field(default_factory=list)


class DiaryV1(_Strict):
    """Versions 1 and 2 (``medicines`` is new in 2; a version 1 file has none)."""

    format: Literal["b12-diary"]
    version: Literal[1, 2]
    profiles: list[ProfileV1]


MODELS: dict[str, type[AnyEntryV1]] = {
    "food": FoodV1,
    "supplement": SupplementV1,
    "drink": DrinkV1,
    "cramp": CrampV1,
    "symptom": SymptomV1,
    "lab": LabV1,
}


def to_document(diary: list[Record]) -> dict[str, Any]:
    """Records (profile, entries, medicines) as the JSON-ready version 2 document."""
    profiles = [
        ProfileV1(
            **_fields(r.profile, ProfileV1, skip={"entries", "medicines"}),
            entries=[MODELS[e.kind](**_fields(e, MODELS[e.kind])) for e in r.entries],
            medicines=[MedicineV2(**_fields(m, MedicineV2)) for m in r.medicines],
        )
        for r in diary
    ]
    return DiaryV1(format=FORMAT, version=VERSION, profiles=profiles).model_dump(mode="json")


def from_document(document: DiaryV1) -> list[Record]:
    """The validated document as the core's dataclasses, in document order."""
    return [
        Record(
            profile=Profile(**_fields(p, Profile, skip={"id"})),
            entries=[
                ENTRY_CLASSES[e.kind](**_fields(e, ENTRY_CLASSES[e.kind]))  # ids kept
                for e in p.entries
            ],
            medicines=[Medicine(**_fields(m, MedicineV2)) for m in p.medicines],
        )
        for p in document.profiles
    ]


def _fields(source: object, target: type[Any], skip: Collection[str] = ()) -> dict[str, Any]:
    """The attributes of ``source`` that ``target`` (a model or dataclass) has, shallow."""
    names = getattr(target, "model_fields", None) or target.__dataclass_fields__
    return {name: getattr(source, name) for name in names if name not in skip}
