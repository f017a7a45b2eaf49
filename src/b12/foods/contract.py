"""The JSON of food search and of one food (../shared/spec/foods.md ``search`` and
``show``), declared once: ``b12.foods.views`` returns these, ``b12 foods search/show
--json`` prints them and ``/api/foods/search`` and ``/api/foods/{food_id}`` name them as
their response schema.

As in ``b12.core.contract`` (which says why ``typing_extensions.TypedDict`` and why no
``from __future__ import annotations``): mypy checks the keys and types the views write,
and tests/web/test_contract.py checks real responses against these declarations. No
pydantic here: ``b12 foods`` imports this and should start fast.
"""

from typing import NotRequired

from typing_extensions import TypedDict


class NutrientJSON(TypedDict):
    """An amount of one nutrient; ``null`` where one is expected means not reported."""

    value: float
    unit: str


class FoodHitJSON(TypedDict):
    """One search result, per 100 g."""

    id: str
    name: str
    source: str
    group: str
    b12_per_100g: float | None
    b12_added_per_100g: float | None


class PortionJSON(TypedDict):
    description: str
    grams: float


class AmountJSON(TypedDict):
    """What an amount of the food weighs and gives."""

    text: str
    grams: float
    portion: str | None
    """The portion the amount was read against, if any."""
    nutrients: dict[str, NutrientJSON | None]


class FoodJSON(TypedDict):
    """One food; ``amount`` only when an amount was asked for."""

    id: str
    name: str
    source: str
    group: str
    group_code: str
    nutrients_per_100g: dict[str, NutrientJSON | None]
    portions: list[PortionJSON]
    amount: NotRequired[AmountJSON]
