"""``GET /api/health``: is the server up, and has the food index been imported?"""

from __future__ import annotations

from fastapi import APIRouter

from b12 import __version__
from b12.web.deps import FoodsDep
from b12.web.schemas import HealthOut

api = APIRouter(prefix="/api", tags=["health"])


@api.get("/health", response_model=HealthOut)
async def health(foods: FoodsDep) -> HealthOut:
    """Liveness, version, and whether food search can answer (``food_index``)."""
    return HealthOut(
        status="ok",
        version=__version__,
        food_index="ready" if foods.available() else "missing",
    )


ROUTERS = (api,)
