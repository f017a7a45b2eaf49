"""What routes receive from outside the request: the knowledge base, the settings, the
food index and the diary store, all kept in ``app.state`` by ``create_app``.

Routes take them through FastAPI's dependency injection (``KnowledgeDep`` …), except the
contract's ``POST /api/assess``, which calls ``knowledge_of`` and ``settings_of`` directly
(see ``b12.web.routes.assess`` for why). Either way they come from ``app.state``, so a test
swaps one by setting it there. (``app.dependency_overrides`` would not reach the routes:
they are added to the app flat, see ``b12.web.app.add_routes``.)

The dependencies are ``async def`` on purpose: they only read ``app.state``, and FastAPI
runs a plain ``def`` dependency in its thread pool, a thread hop per dependency per request.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from b12.config import Settings
from b12.knowledge import Knowledge
from b12.web.diary_access import DiaryProvider
from b12.web.food_access import FoodIndexProvider
from b12.web.signin import USER_KEY

NOBODY = 0  # an account id no account has (ids start at 1)


def knowledge_of(request: Request) -> Knowledge:
    knowledge: Knowledge = request.app.state.knowledge
    return knowledge


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_knowledge(request: Request) -> Knowledge:
    return knowledge_of(request)


async def get_settings(request: Request) -> Settings:
    return settings_of(request)


async def get_foods(request: Request) -> FoodIndexProvider:
    foods: FoodIndexProvider = request.app.state.foods
    return foods


KnowledgeDep = Annotated[Knowledge, Depends(get_knowledge)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
FoodsDep = Annotated[FoodIndexProvider, Depends(get_foods)]


def diary_of(request: Request) -> DiaryProvider:
    """The diary as the request may see it: with accounts, only the signed-in account's
    profiles (no account at all for a request that is not signed in, which reaches only
    the sign-in page anyway: ``b12.web.signin``); without accounts, the whole diary."""
    diary: DiaryProvider = request.app.state.diary
    if not request.app.state.accounts:
        return diary
    user = request.scope.get("state", {}).get(USER_KEY)
    return diary.owned_by(user.id if user is not None else NOBODY)


async def get_diary(request: Request) -> DiaryProvider:
    return diary_of(request)


DiaryDep = Annotated[DiaryProvider, Depends(get_diary)]
