"""Fixtures for the planner tests: the real USDA index (imported once per session, as in
tests/foods: B12_DATA_DIR, and B12_REQUIRE_DATA=1 turns a missing file into a failure) and
the four people of issue 16's "Done when", each planned for a week once per session."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from b12.core.diary import DIARY_NUTRIENTS, Profile
from b12.foods.index import FoodIndex
from b12.foods.model import Food
from b12.knowledge import Knowledge
from b12.planner.plan import plan_meals
from b12.planner.request import PlanRequest
from b12.planner.result import Plan
from tests.foods.conftest import real_home, real_import, real_index, use_home  # noqa: F401

START = date(2026, 3, 2)

PEOPLE: dict[str, Profile] = {
    "vegan_woman_34": Profile("Ana", 34, "female", diet="vegan"),
    "omnivore_man_72": Profile("Bert", 72, "male", diet="omnivore"),
    "pregnant_vegetarian_30": Profile("Cleo", 30, "female", pregnant=True, diet="vegetarian"),
    "gastric_bypass_50": Profile(
        "Dev", 50, "male", diet="omnivore", conditions=["bariatric_surgery"]
    ),
}


@pytest.fixture(scope="session")
def foods(real_index: FoodIndex) -> list[Food]:  # noqa: F811
    return real_index.all_foods(DIARY_NUTRIENTS)


@pytest.fixture(scope="session")
def foods_by_id(foods: list[Food]) -> dict[str, Food]:
    return {f.id: f for f in foods}


@pytest.fixture(scope="session")
def week_plans(foods: list[Food], knowledge: Knowledge) -> Mapping[str, Plan]:
    """The four people's 7-day plans, built once."""
    return {
        key: plan_meals(PlanRequest(profile=person, days=7, start=START), foods, knowledge)
        for key, person in PEOPLE.items()
    }
