"""Turn "3 oz salmon" into a food entry: split amount from food, find the food, weigh it.

When the words match several foods, the person chooses (the CLI asks, or lists the
candidates with their ids); b12 never guesses between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from b12.core.diary import DIARY_NUTRIENTS, FoodEntry, Meal
from b12.errors import InputError

if TYPE_CHECKING:
    from b12.foods import Food, FoodHit, FoodIndex

CANDIDATES_SHOWN = 8


class AmbiguousFood(InputError):
    """Several foods match; the message lists them with their ids."""

    def __init__(self, query: str, amount: str, candidates: Sequence[FoodHit]) -> None:
        listed = "; ".join(f"{c.id} {c.name}" for c in candidates)
        super().__init__(
            f"several foods match {query!r}: {listed}. Choose one with --food-id ID "
            f"(and --amount {amount!r} if needed), or add words to narrow it down",
            field="food",
        )
        self.query = query
        self.amount = amount
        self.candidates = list(candidates)


@dataclass(frozen=True, slots=True)
class FoodRequest:
    """What was typed, split into the amount and the words naming the food."""

    amount: str
    query: str


def split_food_text(text: str) -> FoodRequest:
    """ "3 oz salmon" → ("3 oz", "salmon"); "2 large eggs" → ("2 large", "eggs");
    "1 egg" → ("1 egg", "egg")."""
    from b12.foods.portions import is_unit, parse_quantity

    quantity, rest = parse_quantity(text)
    words = rest.split()
    if quantity is not None and len(words) == 1 and words[0].isalpha() and not is_unit(words[0]):
        return FoodRequest(text.strip(), words[0])  # "1 egg": the food is its own unit
    if quantity is None or len(words) < 2:
        raise InputError(
            f"cannot read {text!r}: write AMOUNT FOOD, e.g. '3 oz salmon', '85 g cooked clams', "
            "'2 large eggs' or '1 cup soy milk' (or give --food-id and --amount)",
            field="food",
        )
    number = text.strip()[: len(text.strip()) - len(" ".join(words))].strip() or str(quantity)
    if words[0] == "fl" and len(words) > 2 and words[1] == "oz":
        return FoodRequest(f"{number} fl oz", " ".join(words[2:]))
    return FoodRequest(f"{number} {words[0]}", " ".join(words[1:]))


def food_entry(food: Food, amount_text: str, at: datetime, meal: Meal | None = None) -> FoodEntry:
    """Weigh ``amount_text`` of ``food`` and snapshot the nutrients in that amount."""
    from b12.foods import parse_amount

    amount = parse_amount(amount_text, food)
    return weighed_entry(food, amount_text, amount.grams, at, meal)


def weighed_entry(
    food: Food, amount_text: str, grams: float, at: datetime, meal: Meal | None = None
) -> FoodEntry:
    """The entry for ``grams`` of ``food`` already weighed (the planner knows its grams):
    the nutrients in that amount, as ``b12 log food`` keeps them."""
    per_amount = food.for_grams(grams)
    nutrients: dict[str, float | None] = {}
    for code in DIARY_NUTRIENTS:
        value = per_amount.get(code)
        nutrients[code] = None if value is None else value.value
    return FoodEntry(
        at=at,
        food_id=food.id,
        food_name=food.name,
        amount_text=amount_text,
        grams=round(grams, 2),
        nutrients=nutrients,
        meal=meal,
    )


def resolve_food(
    index: FoodIndex,
    text: str,
    *,
    food_id: str | None = None,
    amount: str | None = None,
    choose: int | None = None,
) -> tuple[Food, str]:
    """The food and the amount text for what was typed.

    ``food_id`` names the food exactly (``text`` or ``amount`` is then the amount);
    otherwise the words are searched and a single match is used, or ``choose`` (1-based)
    picks among the candidates; several matches without a choice raise AmbiguousFood.
    """
    if food_id:
        food = index.get(food_id)
        if amount:
            return food, amount
        from b12.foods import parse_amount

        try:
            parse_amount(text, food)
        except InputError:
            try:  # "1 cup soy milk" with --food-id: the words after the amount name the food
                return food, split_food_text(text).amount
            except InputError:
                pass
        return food, text
    request = split_food_text(text)
    hits = index.search(request.query, limit=CANDIDATES_SHOWN)
    if not hits:
        raise InputError(
            f"no food matches {request.query!r}; try other words or `b12 foods search`",
            field="food",
        )
    if choose is not None:
        if not 1 <= choose <= len(hits):
            raise InputError(f"choose a number from 1 to {len(hits)}", field="food")
        return index.get(hits[choose - 1].id), (amount or request.amount)
    if len(hits) > 1:
        raise AmbiguousFood(request.query, amount or request.amount, hits)
    return index.get(hits[0].id), (amount or request.amount)
