"""The everyday food a plain name means among several matches, or none when no single food
stands out (the person then chooses)."""

from __future__ import annotations

import pytest

from b12.foods.everyday import everyday_choice
from b12.foods.index import FoodIndex
from b12.foods.model import FoodHit


def hits(*names: str) -> list[FoodHit]:
    return [FoodHit(f"t:{i}", n, "test", "g", None, None) for i, n in enumerate(names)]


def test_the_one_food_named_by_a_whole_part_of_its_name() -> None:
    found = hits("Cereals ready-to-eat, GENERAL MILLS, Fruity CHEERIOS",
                 "Cereals ready-to-eat, GENERAL MILLS, CHEERIOS",
                 "Cereals ready-to-eat, GENERAL MILLS, HONEY NUT CHEERIOS")  # fmt: skip
    choice = everyday_choice("cheerios", found)
    assert choice is not None and choice.name.endswith(", CHEERIOS")


def test_the_everyday_form_among_several_of_that_name() -> None:
    found = hits("Soy milk, chocolate", "Soymilk, sweetened", "Soy milk, unsweetened")
    choice = everyday_choice("soy milk", found)  # "Soymilk" is the same name
    assert choice is not None and choice.name == "Soy milk, unsweetened"


def test_no_choice_when_none_stands_out() -> None:
    assert everyday_choice("banana", hits("Banana, raw", "Bananas, raw")) is None
    assert everyday_choice("milk", hits("Milk, low fat", "Milk, fat free")) is None


def test_no_choice_without_a_food_of_that_name() -> None:
    assert everyday_choice("salmon", hits("Fish, salmon fillet, fried", "Salmon cakes")) is None
    assert everyday_choice("", hits("Milk, whole")) is None


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("query", "expected"),
    [("soy milk", "fndds:11320100"), ("cheerios", "sr28:08013"), ("oat milk", "fndds:11360200")],
)
def test_on_the_real_index(real_index: FoodIndex, query: str, expected: str) -> None:
    choice = everyday_choice(query, real_index.search(query, limit=8))
    assert choice is not None and choice.id == expected
