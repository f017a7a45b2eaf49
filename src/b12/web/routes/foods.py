"""The food area: search and food pages, and their JSON twins under ``/api/foods``.

The web asks the food index to search and to fetch one food (it runs no SQL itself), and
the JSON is ``b12.foods.views``' contract shapes, as ``b12 foods … --json`` prints them,
sent as they are; ``b12.foods.contract`` declares them and is the routes' response schema.
Search pages work as a plain form; ``static/foods.js`` adds search-as-you-type on top by
calling the JSON API. Without an imported index both answer with how to import it.

These routes are ``async def`` and search on the event loop itself. A search of the 34 MB
index in the OS cache takes 0.1-1.5 ms (10 ms for the worst query seen, 66 two-letter
words), and repeated ones are remembered by the index; a trip to the thread pool would cost
more than that, since the worker and the event loop then fight for the GIL (the thread
version served under half the requests per second in ``benchmarks/bench_web.py``). The one slow
read, of an index not yet in the OS cache, is taken off the first request by
``FoodIndexProvider.warm`` when the server starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from b12.errors import InputError
from b12.foods.contract import FoodHitJSON, FoodJSON
from b12.foods.index import MAX_LIMIT
from b12.foods.model import NutrientAmount
from b12.foods.nutrients import BY_CODE, HEADLINE_CODES, NUTRIENT_CODES
from b12.foods.portions import ResolvedAmount, parse_amount
from b12.foods.views import food_json, hit_json
from b12.web.deps import FoodsDep
from b12.web.fast_json import JSONResponse
from b12.web.render import page
from b12.web.schemas import ERROR_RESPONSES, ErrorResponse

api = APIRouter(prefix="/api/foods", tags=["foods"])
pages = APIRouter(include_in_schema=False)

PAGE_RESULTS = 20
_MISSING: dict[int | str, dict[str, Any]] = {
    503: {"model": ErrorResponse, "description": "The food index is not imported yet."}
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No food with this id."}
}

Q = Annotated[
    str, Query(max_length=200, description="Words to look for; typos and prefixes are fine.")
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many foods to list.")]
FoodId = Annotated[
    str, Path(max_length=40, description="sr28:<5-digit NDB number> or fndds:<8-digit code>")
]
Amount = Annotated[
    str | None,
    Query(max_length=100, description='How much: "3 oz", "85 g", "1 cup" or a portion name.'),
]


@api.get("/search", response_model=list[FoodHitJSON], responses={**ERROR_RESPONSES, **_MISSING})
async def search_foods(foods: FoodsDep, q: Q = "", limit: Limit = 10) -> JSONResponse:
    """Foods whose names match ``q``, best first (any word order, plurals, typos)."""
    return JSONResponse([hit_json(hit) for hit in foods.get().search(q, limit)])


@api.get(
    "/{food_id}",
    response_model=FoodJSON,
    responses={**ERROR_RESPONSES, **_NOT_FOUND, **_MISSING},
)
async def show_food(foods: FoodsDep, food_id: FoodId, amount: Amount = None) -> JSONResponse:
    """Nutrients per 100 g (``null`` = not reported, never 0), portions, and what
    ``amount`` of the food gives."""
    food = foods.get().get(food_id)
    resolved = parse_amount(amount, food) if amount is not None else None
    return JSONResponse(food_json(food, resolved))


@pages.get("/foods", response_class=HTMLResponse)
async def food_search_page(request: Request, foods: FoodsDep, q: Q = "") -> HTMLResponse:
    index = foods.get()
    hits = index.search(q, PAGE_RESULTS) if q.strip() else []
    return page(request, "foods.html", {"q": q, "hits": hits, "limit": PAGE_RESULTS})


@dataclass(frozen=True, slots=True)
class NutrientRow:
    code: str
    name: str
    unit: str
    per_100g: NutrientAmount | None
    in_amount: NutrientAmount | None


@pages.get("/foods/{food_id}", response_class=HTMLResponse)
async def food_page(
    request: Request, foods: FoodsDep, food_id: FoodId, amount: Amount = None
) -> HTMLResponse:
    food = foods.get().get(food_id)
    resolved: ResolvedAmount | None = None
    error: str | None = None
    if amount is not None and amount.strip():
        try:
            resolved = parse_amount(amount, food)
        except InputError as exc:
            error = exc.message
    scaled = food.for_grams(resolved.grams) if resolved is not None else {}
    rows = [
        NutrientRow(
            code,
            BY_CODE[code].name,
            BY_CODE[code].unit,
            food.per_100g(code),
            scaled.get(code),
        )
        for code in NUTRIENT_CODES
    ]
    return page(
        request,
        "food.html",
        {
            "food": food,
            "amount": amount or "",
            "resolved": resolved,
            "b12_in_amount": scaled.get("b12"),
            "error": error,
            "headline": [r for r in rows if r.code in HEADLINE_CODES],
            "others": [r for r in rows if r.code not in HEADLINE_CODES],
        },
        200 if error is None else 422,
    )


ROUTERS = (api, pages)
