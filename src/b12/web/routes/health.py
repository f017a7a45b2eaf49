"""``GET /api/health``: is the server up, and has the food index been imported?"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from typing_extensions import TypedDict

from b12 import __version__
from b12.web.deps import FoodsDep
from b12.web.fast_json import JSONResponse

api = APIRouter(prefix="/api", tags=["health"])


class HealthJSON(TypedDict):
    """The server is up (``status``), its version, and whether food search can answer."""

    status: Literal["ok"]
    version: str
    food_index: Literal["ready", "missing"]


@api.get("/health", response_model=HealthJSON)
async def health(foods: FoodsDep) -> JSONResponse:
    """Liveness, version, and whether food search can answer (``food_index``)."""
    answer: HealthJSON = {
        "status": "ok",
        "version": __version__,
        "food_index": "ready" if foods.available() else "missing",
    }
    return JSONResponse(answer)


ROUTERS = (api,)
