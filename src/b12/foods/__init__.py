"""Food composition: USDA SR28 and FNDDS in a local searchable index.

The small public API the rest of the app uses (diary, web)::

    from b12.foods import FoodIndex, parse_amount

    with FoodIndex.from_settings() as index:      # or FoodIndex(path)
        hits = index.search("beef liver", limit=10)   # list[FoodHit], best first
        food = index.get("sr28:13327")                # Food (NotFoundError if unknown)
        amount = parse_amount("3 oz", food)           # ResolvedAmount(grams=85.05, …)
        food.for_grams(amount.grams)["b12"]           # NutrientAmount(70.7, "ug")
        index.top("b12", diet="vegan", per="serving") # list[TopEntry]

Building the index: ``import_sources(index_path, data_dir)``; fetching the files:
``b12.foods.sources.download.download(dest)``. JSON shapes: ``b12.foods.views``.

Names resolve lazily so that importing this package stays cheap for the CLI.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from b12.foods.importer import import_sources as import_sources
    from b12.foods.index import FoodIndex as FoodIndex
    from b12.foods.model import Food as Food
    from b12.foods.model import FoodHit as FoodHit
    from b12.foods.model import NutrientAmount as NutrientAmount
    from b12.foods.model import Portion as Portion
    from b12.foods.model import SourceStatus as SourceStatus
    from b12.foods.portions import ResolvedAmount as ResolvedAmount
    from b12.foods.portions import parse_amount as parse_amount
    from b12.foods.top import TopEntry as TopEntry

_WHERE = {
    "FoodIndex": "b12.foods.index",
    "Food": "b12.foods.model",
    "FoodHit": "b12.foods.model",
    "NutrientAmount": "b12.foods.model",
    "Portion": "b12.foods.model",
    "SourceStatus": "b12.foods.model",
    "ResolvedAmount": "b12.foods.portions",
    "parse_amount": "b12.foods.portions",
    "TopEntry": "b12.foods.top",
    "import_sources": "b12.foods.importer",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'b12.foods' has no attribute {name!r}")
    return getattr(import_module(module), name)
