"""The JSON shapes of ../shared/spec/foods.md (``search``, ``show``) and of ``top``/status.

The CLI prints these with ``--json`` and the web API returns them, so they live here, as
plain functions from typed values to dicts, and nowhere else; search and show return the
``TypedDict``s of ``b12.foods.contract``, which the API names as its response schema.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from b12.foods.contract import FoodHitJSON, FoodJSON, NutrientJSON
from b12.foods.model import Food, FoodHit, NutrientAmount, SourceStatus
from b12.foods.portions import ResolvedAmount
from b12.foods.top import TopEntry


def nutrient_json(amount: NutrientAmount | None) -> NutrientJSON | None:
    return None if amount is None else {"value": amount.value, "unit": amount.unit}


def hit_json(hit: FoodHit) -> FoodHitJSON:
    return {
        "id": hit.id,
        "name": hit.name,
        "source": hit.source,
        "group": hit.group,
        "b12_per_100g": hit.b12_per_100g,
        "b12_added_per_100g": hit.b12_added_per_100g,
    }


def food_json(food: Food, amount: ResolvedAmount | None = None) -> FoodJSON:
    out: FoodJSON = {
        "id": food.id,
        "name": food.name,
        "source": food.source,
        "group": food.group,
        "group_code": food.group_code,
        "nutrients_per_100g": {code: nutrient_json(food.per_100g(code)) for code in food.nutrients},
        "portions": [{"description": p.description, "grams": p.grams} for p in food.portions],
    }
    if amount is not None:
        out["amount"] = {
            "text": amount.text,
            "grams": round(amount.grams, 2),
            "portion": amount.portion.description if amount.portion else None,
            "nutrients": {
                code: nutrient_json(value) for code, value in food.for_grams(amount.grams).items()
            },
        }
    return out


def top_json(entry: TopEntry) -> dict[str, Any]:
    return asdict(entry)


def status_json(status: SourceStatus) -> dict[str, Any]:
    out = asdict(status)
    out["files"] = dict(status.files)
    return out
