"""The real USDA files (B12_DATA_DIR), imported once per session: values, counts, ranking."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from b12.cli.main import app
from b12.foods.diets import eligibility
from b12.foods.index import FoodIndex
from b12.foods.model import SourceStatus
from b12.foods.nutrients import NUTRIENTS
from b12.foods.portions import parse_amount

pytestmark = pytest.mark.realdata


def test_import_summary_counts_the_files(
    real_import: tuple[Path, list[SourceStatus], list[tuple[str, int, int | None]]],
) -> None:
    _, statuses, calls = real_import
    by = {s.source: s for s in statuses}
    assert by["sr28"].foods == 8789
    assert by["sr28"].portions == 15438  # every row of WEIGHT.txt
    assert by["fndds"].foods == 5432
    assert by["fndds"].portions == 22045  # 22,046 rows less human milk's 0 g portion
    assert by["sr28"].nutrient_values > 200_000
    assert by["fndds"].nutrient_values == 5431 * len(NUTRIENTS)  # every kept column, every food
    assert "Release 28" in by["sr28"].release
    assert "2021-2023" in by["fndds"].release
    stages = {stage for stage, _, _ in calls}
    assert {"SR28 nutrient values", "FNDDS nutrient values", "search index"} <= stages


@pytest.mark.parametrize(
    ("food_id", "b12", "added"),
    [
        ("sr28:15159", 98.89, None),  # clams, cooked, moist heat
        ("sr28:13327", 83.13, 0.0),  # beef liver, pan-fried
        ("sr28:13325", 59.3, 0.0),  # beef liver, raw
        ("sr28:01077", 0.45, 0.0),  # whole milk, 3.25 %
        ("sr28:08029", 5.0, 5.0),  # POST Bran Flakes
        ("fndds:11111000", 0.54, 0.0),  # milk, whole
        ("fndds:25110140", 82.47, 0.0),  # liver, beef
        ("fndds:11350020", 0.34, 0.34),  # almond milk, unsweetened: all of it added
        ("fndds:11320100", 0.39, 0.39),  # soy milk, unsweetened: all added
    ],
)
def test_values_match_the_files(
    real_index: FoodIndex, food_id: str, b12: float, added: float | None
) -> None:
    food = real_index.get(food_id)
    assert food.nutrients["b12"] == b12
    assert food.nutrients["b12_added"] == added


def test_three_ounces_of_pan_fried_beef_liver(real_index: FoodIndex) -> None:
    liver = real_index.get("sr28:13327")
    amount = parse_amount("3 oz", liver)
    b12 = liver.for_grams(amount.grams)["b12"]
    assert b12 is not None and b12.value == pytest.approx(70.7, abs=0.05)


def test_every_food_has_electrolytes_and_water_or_says_it_does_not(
    real_index: FoodIndex,
) -> None:
    milk = real_index.get("sr28:01077")
    for code in ("potassium", "sodium", "magnesium", "calcium", "water", "energy", "folate"):
        assert milk.nutrients[code] is not None
    assert real_index.get("fndds:11000000").nutrients["b12"] is None  # human milk: no row


def ids(index: FoodIndex, query: str, n: int = 10) -> list[str]:
    return [h.id for h in index.search(query, n)]


def names(index: FoodIndex, query: str, n: int = 5) -> list[str]:
    return [h.name for h in index.search(query, n)]


def test_everyday_records_first(real_index: FoodIndex) -> None:
    assert all(n.startswith(("Egg,", "Eggs,")) for n in names(real_index, "egg", 3))
    assert names(real_index, "milk", 1)[0].startswith("Milk, ")
    assert names(real_index, "clams", 1)[0].startswith("Clams")
    assert all(h.group != "Meat mixed dishes" for h in real_index.search("beef liver", 3))
    assert "sr28:13327" in ids(real_index, "beef liver", 6)
    assert "Baby" not in " ".join(names(real_index, "banana", 3))


def test_a_query_naming_a_dish_gets_the_dish(real_index: FoodIndex) -> None:
    assert all("sandwich" in n.lower() for n in names(real_index, "chicken sandwich", 3))
    assert all("pizza" in n.lower() for n in names(real_index, "pizza", 5))


def test_typing_and_typos_on_the_full_index(real_index: FoodIndex) -> None:
    assert ids(real_index, "almond milk unsweetened", 2)[0] in {"fndds:11350020", "sr28:14091"}
    assert ids(real_index, "liver beef") == ids(real_index, "beef liver")
    assert "cheddar" in names(real_index, "chedar", 1)[0].lower()
    assert "broccoli" in names(real_index, "brocoli", 1)[0].lower()
    assert "yogurt" in names(real_index, "yoghurt", 1)[0].lower()
    assert "chicken" in names(real_index, "chick", 1)[0].lower()


def test_vegans_see_fortified_foods(real_index: FoodIndex) -> None:
    top = real_index.top("b12", diet="vegan", per="100g", limit=30)
    assert len(top) == 30
    for entry in top:
        food = real_index.get(entry.id)
        verdict = eligibility(
            "vegan", name=food.name, source=food.source, group_code=food.group_code
        )
        assert verdict.allowed, (food.name, verdict.reason)
        assert entry.b12 is not None and entry.b12 > 0
        assert entry.b12_added is None or entry.b12_added <= entry.b12 + 0.01
    assert any("Cereals" in e.name for e in top)
    milks = real_index.top("b12", diet="vegan", per="serving", limit=300)
    assert any("milk" in e.name.lower() for e in milks)  # fortified plant milks show up


def test_cli_show_on_the_real_index(real_home: Path, use_home: Callable[[Path], None]) -> None:
    use_home(real_home)
    result = CliRunner().invoke(app, ["foods", "show", "sr28:13327", "--amount", "3 oz", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["amount"]["nutrients"]["b12"]["value"] == pytest.approx(70.7, abs=0.05)
