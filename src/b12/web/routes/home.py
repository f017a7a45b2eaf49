"""The home page: what b12 does, and the three ways in (self-check, lab reader, foods)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from b12.web.deps import FoodsDep
from b12.web.render import page

pages = APIRouter(include_in_schema=False)


@pages.get("/", response_class=HTMLResponse)
async def home(request: Request, foods: FoodsDep) -> HTMLResponse:
    return page(request, "home.html", {"foods_ready": foods.available()})


ROUTERS = (pages,)
