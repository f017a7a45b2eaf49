"""The JSON of a person's diary, declared once: profiles, entries and medicines (as
``b12 … --json`` prints them and ``/api/profiles``, ``/api/entries`` and
``/api/profiles/{name}/medicines`` send them), and what ``/api/intake`` and
``/api/timeline`` wrap around the core's reports (``b12.core.diary_contract``).

As in ``b12.core.contract`` (which says why ``typing_extensions.TypedDict`` and why no
``from __future__ import annotations``): the functions that write these return them, so
mypy checks their keys and types; the API names the same types as its response schema,
and tests/web/test_contract.py checks real responses against them.
"""

from typing import Annotated, Any, Literal, NotRequired, Union

from pydantic import Field
from typing_extensions import TypedDict

from b12.core.diary import Diet, Meal, Sex
from b12.core.diary_contract import CrampDaysJSON, IntakeReportJSON, TimelineRowJSON


class ProfileJSON(TypedDict):
    """A person whose diary b12 keeps; ``current`` marks whose diary the pages show."""

    name: str
    age: float
    sex: Sex | None
    pregnant: bool
    breastfeeding: bool
    diet: Diet | None
    conditions: list[str]
    reference: str
    id: int | None
    current: bool


_TEXT = "The entry in words (the web API always sends it; ``b12 log --json`` does not)."


class FoodEntryJSON(TypedDict):
    at: str
    food_id: str
    food_name: str
    amount_text: str
    grams: float
    nutrients: Annotated[
        dict[str, float | None], Field(description="In the amount eaten; null: not known.")
    ]
    meal: Meal | None
    id: int | None
    kind: Literal["food"]
    text: NotRequired[Annotated[str, Field(description=_TEXT)]]


class SupplementEntryJSON(TypedDict):
    at: str
    dose_ug: float
    form: str
    route: Literal["oral", "sublingual", "intramuscular"]
    id: int | None
    kind: Literal["supplement"]
    text: NotRequired[Annotated[str, Field(description=_TEXT)]]


class DrinkEntryJSON(TypedDict):
    at: str
    volume_ml: float
    what: str
    id: int | None
    kind: Literal["drink"]
    text: NotRequired[Annotated[str, Field(description=_TEXT)]]


class CrampEntryJSON(TypedDict):
    at: str
    location: str
    timing: str | None
    duration_minutes: float | None
    severity: int | None
    id: int | None
    kind: Literal["cramp"]
    text: NotRequired[Annotated[str, Field(description=_TEXT)]]


class SymptomEntryJSON(TypedDict):
    at: str
    symptom: str
    note: str | None
    id: int | None
    kind: Literal["symptom"]
    text: NotRequired[Annotated[str, Field(description=_TEXT)]]


class LabEntryJSON(TypedDict):
    on: str
    lab: Annotated[dict[str, Any], Field(description="The lab (assessment contract).")]
    id: int | None
    kind: Literal["lab"]
    text: NotRequired[Annotated[str, Field(description=_TEXT)]]


EntryJSON = Annotated[
    Union[  # noqa: UP007 (pydantic reads the discriminator from a typing.Union)
        FoodEntryJSON,
        SupplementEntryJSON,
        DrinkEntryJSON,
        CrampEntryJSON,
        SymptomEntryJSON,
        LabEntryJSON,
    ],
    Field(discriminator="kind"),
]
"""One diary entry, its fields chosen by ``kind``; dates as ISO text."""


class CandidateJSON(TypedDict):
    """A food the words match."""

    id: str
    name: str


class MedicineJSON(TypedDict):
    """A medicine as ``b12 med list --json`` prints it (dates as YYYY-MM-DD)."""

    name: str
    generic: Annotated[
        str | None, Field(description="The generic name; null when b12 does not know it.")
    ]
    dose_text: str | None
    dose_mg_per_day: float | None
    started: str | None
    stopped: str | None
    dose_changed: str | None
    improved_after_stopping: bool | None
    id: int | None
    drug_class: str | None


class MedicineWrittenJSON(MedicineJSON):
    """The medicine written, plus ``note``: for a name b12 does not know, that it is kept
    but cannot be assessed, with a close known name ("Did you mean …?"); else null."""

    note: str | None


class IntakeJSON(IntakeReportJSON):
    """``b12 intake --json`` for one person: per day and average, B12 eaten by source and
    likely absorbed (with a range) against the target, minerals and fluids, advice."""

    profile: str


class TimelineJSON(TypedDict):
    profile: str
    days: list[TimelineRowJSON]
    cramp_days: Annotated[
        CrampDaysJSON | None,
        Field(description="Cramp days beside other logged days; null when no logged day had one."),
    ]
