"""`foods top`: best sources a diet allows, per 100 g, per serving, per 100 kcal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from b12.cli.main import app
from b12.errors import InputError
from b12.foods.index import FoodIndex
from b12.foods.model import Portion
from b12.foods.top import Candidate, rank, typical_serving


def cand(
    id: str,
    name: str,
    value: float,
    *,
    source: str = "sr28",
    group_code: str = "0800",
    energy: float | None = 350.0,
    added: float | None = None,
    portions: tuple[Portion, ...] = (),
) -> Candidate:
    return Candidate(
        id=id, name=name, source=source, group=group_code, group_code=group_code,
        value=value, b12=value, b12_added=added, energy=energy, portions=portions,
    )  # fmt: skip


LIVER = cand(
    "sr28:13327",
    "Beef, variety meats and by-products, liver, cooked, pan-fried",
    83.13,
    group_code="1300",
    energy=175.0,
    added=0.0,
    portions=(Portion("1 slice", 81.0, 1.0, "slice", 1),),
)
CEREAL = cand(
    "sr28:08028",
    "Cereals ready-to-eat, KELLOGG, KELLOGG'S ALL-BRAN COMPLETE Wheat Flakes",
    21.0,
    energy=327.0,
    added=21.0,
    portions=(Portion("0.75 cup (1 NLEA serving)", 29.0, 0.75, "cup (1 NLEA serving)", 1),),
)
SOY = cand(
    "fndds:11320100",
    "Soy milk, unsweetened",
    0.39,
    source="fndds",
    group_code="1902",
    energy=33.0,
    added=0.39,
    portions=(
        Portion("1 cup", 243.0, 1.0, "cup", 1),
        Portion("Quantity not specified", 486.0, 1.0, "Quantity not specified", 2),
        Portion("1 fl oz", 30.4, 1.0, "fl oz", 3),
    ),
)
BABY = cand("sr28:03000", "Clif Z bar", 1.5, group_code="0300")
DRINK = cand("sr28:14022", "Beverages, MONSTER energy drink, low carb", 2.5, energy=2.0)


def test_vegans_get_fortified_foods_not_liver() -> None:
    top = rank([LIVER, CEREAL, SOY], nutrient="b12", diet="vegan", b12_daily_ug=2.4)
    assert [e.id for e in top] == ["sr28:08028", "fndds:11320100"]
    assert top[0].b12_added == 21.0
    assert top[0].b12_percent_rda == 875  # 21 µg of 2.4 µg
    assert rank([CEREAL], nutrient="b12")[0].b12_percent_rda is None
    assert top[0].reason


def test_omnivores_get_liver_first() -> None:
    assert rank([LIVER, CEREAL, SOY], nutrient="b12")[0].id == "sr28:13327"


def test_per_serving_uses_the_portion_people_eat() -> None:
    top = rank([LIVER, CEREAL, SOY], nutrient="b12", diet="vegan", per="serving")
    assert [(e.id, e.serving, e.grams) for e in top] == [
        ("sr28:08028", "0.75 cup (1 NLEA serving)", 29.0),
        ("fndds:11320100", "Quantity not specified", 486.0),
    ]
    assert top[0].value == pytest.approx(21.0 * 0.29)


def test_per_100_kcal_ranks_nutrient_density_and_skips_near_zero_energy() -> None:
    top = rank([CEREAL, SOY, DRINK], nutrient="b12", diet="vegan", per="100kcal")
    assert [e.id for e in top] == ["sr28:08028", "fndds:11320100"]  # drink: 2 kcal/100 g
    assert top[0].value == pytest.approx(21.0 / 327.0 * 100, rel=1e-3)  # 4 digits


def test_infant_foods_and_zero_values_are_left_out() -> None:
    zero = cand("sr28:11209", "Eggplant, raw", 0.0, group_code="1100")
    assert [e.id for e in rank([BABY, zero, CEREAL], nutrient="b12")] == ["sr28:08028"]


def test_limit_and_bad_options() -> None:
    assert len(rank([LIVER, CEREAL, SOY], nutrient="b12", limit=1)) == 1
    with pytest.raises(InputError, match="100kcal"):
        rank([CEREAL], nutrient="b12", per="cup")
    with pytest.raises(InputError, match="b12_added"):
        rank([CEREAL], nutrient="vitamin b12")
    with pytest.raises(InputError, match="vegan"):
        rank([CEREAL], nutrient="b12", diet="paleo")


def test_typical_serving() -> None:
    assert typical_serving("fndds", SOY.portions) == SOY.portions[1]
    assert typical_serving("sr28", SOY.portions) == SOY.portions[0]
    whole = Portion("1 pie", 1200.0, 1.0, "pie", 1)
    pinch = Portion("1 dash", 0.1, 1.0, "dash", 2)
    assert typical_serving("sr28", (whole, pinch)) is None


def test_top_on_the_fixture_index(fixture_index: FoodIndex) -> None:
    vegan = fixture_index.top("b12", diet="vegan", per="100g", limit=10)
    assert vegan, "the fixture has fortified vegan foods"
    assert {"sr28:13327", "fndds:25110140", "sr28:15159"}.isdisjoint(e.id for e in vegan)
    assert "sr28:08029" in [e.id for e in vegan]  # POST Bran Flakes, all of it added
    bran = next(e for e in vegan if e.id == "sr28:08029")
    assert bran.b12 == bran.b12_added == 5.0
    omnivore = fixture_index.top("b12", limit=3)
    assert omnivore[0].id == "sr28:15159"  # clams, 98.89 µg/100 g
    added = fixture_index.top("b12_added", diet="vegan", per="serving", limit=5)
    assert all(e.nutrient == "b12_added" and e.value > 0 for e in added)


# --- issue 19: the vegan list shows the best foods of each kind a vegan uses --------------


def test_vegan_list_is_chosen_by_kind_and_says_so() -> None:
    top = rank([LIVER, CEREAL, SOY, DRINK], nutrient="b12", diet="vegan", by_kind=True)
    assert [(e.kind, e.id) for e in top] == [
        ("plant milks", "fndds:11320100"),
        ("breakfast cereals", "sr28:08028"),
    ]
    assert top[0].per == "serving"  # the vegan default: per usual portion
    assert "best 3 of each kind a vegan uses" in top[0].chosen_by
    assert "energy" in top[0].chosen_by  # says what is left out
    plain = rank([CEREAL, SOY], nutrient="b12", diet="vegan")  # the library's default
    assert [e.id for e in plain] == ["sr28:08028", "fndds:11320100"] and plain[0].kind is None
    with pytest.raises(InputError, match="omnivore"):
        rank([CEREAL], nutrient="b12", by_kind=True)


def test_energy_drinks_and_candy_bars_are_left_out_for_every_diet() -> None:
    bar = cand("sr28:25006", "Formulated bar, MARS SNACKFOOD US, SNICKERS MARATHON", 13.6,
               group_code="2500")  # fmt: skip
    energy = cand("fndds:95310700", "Energy drink (Rockstar)", 3.77, source="fndds",
                  group_code="7206", energy=50.0)  # fmt: skip
    for diet in ("omnivore", "vegetarian", "vegan"):
        ids = [e.id for e in rank([bar, energy, CEREAL, SOY], nutrient="b12", diet=diet)]
        assert ids and {"sr28:25006", "fndds:95310700"}.isdisjoint(ids), diet


def test_real_vegan_list_has_each_kind_a_vegan_uses(real_index: FoodIndex) -> None:
    candidates = real_index.candidates("b12", with_portions=True)
    top = rank(candidates, nutrient="b12", diet="vegan", by_kind=True)
    kinds = {e.kind for e in top}
    assert {"plant milks", "breakfast cereals", "yeast extracts and nutritional yeast"} <= kinds
    assert any("yeast extract" in e.name.lower() for e in top)
    assert any(e.group == "Plant-based milk" or "milk" in e.name.lower() for e in top)
    banned = ("energy drink", "snickers", "candy", "candies", "margarine", "formulated bar")
    assert not [e.name for e in top if any(b in e.name.lower() for b in banned)]
    assert all(e.per == "serving" and e.reason for e in top)
    assert "per usual portion, best 3 of each kind a vegan uses" in top[0].chosen_by
    # other diets keep one ranking per 100 g, without energy drinks or candy bars
    omnivore = rank(real_index.candidates("b12"), nutrient="b12", limit=50)
    assert omnivore[0].per == "100g" and omnivore[0].kind is None
    assert not [e.name for e in omnivore if any(b in e.name.lower() for b in banned)]


def test_cli_vegan_top_on_the_real_index(real_home: Path, use_home: Callable[[Path], None]) -> None:
    use_home(real_home)
    result = CliRunner().invoke(app, ["foods", "top", "--diet", "vegan", "--json"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    assert {"plant milks", "breakfast cereals"} <= {e["kind"] for e in entries}
    assert "best 3 of each kind a vegan uses" in entries[0]["chosen_by"]
    assert {"id", "value", "b12_added", "reason", "per"} <= set(entries[0])
    text = CliRunner().invoke(app, ["foods", "top", "--diet", "vegan"], env={"COLUMNS": "300"})
    assert "per usual portion, best 3 of each kind a vegan uses" in text.output
