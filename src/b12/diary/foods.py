"""Turn "3 oz salmon" into a food entry: split amount from food, find the food, weigh it.

When the words match several foods, the person chooses (the CLI asks, or lists the
candidates with their ids); b12 never guesses between them.
"""

from __future__ import annotations

import re
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
        listed = "; ".join(f"{i}. {c.name} [{c.id}]" for i, c in enumerate(candidates, 1))
        super().__init__(
            f"several foods match {query!r}: {listed}. Pick one with --choose N (the number "
            "above) or --food-id ID, or add words to narrow it down",
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


def _matches(index: FoodIndex, query: str) -> list[FoodHit]:
    """The candidates for ``query``; none is an error that says what was meant, if known."""
    hits = index.search(query, limit=CANDIDATES_SHOWN)
    if not hits:
        suggestion = index.suggestion(query)
        hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
        raise InputError(
            f"no food matched {query!r}{hint}; try other words or `b12 foods search`",
            field="food",
        )
    return hits


def _chosen(hits: Sequence[FoodHit], choose: int) -> FoodHit:
    """Candidate ``choose`` (counted from 1, as they are listed)."""
    if not 1 <= choose <= len(hits):
        raise InputError(f"--choose: pick a number from 1 to {len(hits)}", field="food")
    return hits[choose - 1]


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
    hits = _matches(index, request.query)
    if choose is not None:
        return index.get(_chosen(hits, choose).id), (amount or request.amount)
    if len(hits) > 1:
        raise AmbiguousFood(request.query, amount or request.amount, hits)
    return index.get(hits[0].id), (amount or request.amount)


# "a bowl of oatmeal", "2 glasses of milk", "a slice of bread": a count, a container or
# piece word, "of", then the food. Containers are weighed as the food's cup.
_PORTION_OF = re.compile(
    r"^\s*(?P<n>\d+(?:[.,]\d+)?|\d+/\d+|a|an|one|two|three|half a|half an)\s+"
    r"(?P<unit>[a-z]+(?: [a-z]+)?)\s+of\s+(?P<food>.+?)\s*$",
    re.IGNORECASE,
)
_WORD_COUNTS = {"a": "1", "an": "1", "one": "1", "two": "2", "three": "3",
                "half a": "1/2", "half an": "1/2"}  # fmt: skip
CONTAINERS = {"bowl": "cup", "bowls": "cups", "glass": "cup", "glasses": "cups",
              "mug": "cup", "mugs": "cups"}  # fmt: skip
"""Everyday containers, weighed as the food's cup (a bowl of cereal, a glass of milk)."""


def split_typed_food(text: str) -> tuple[str | None, str]:
    """(amount or None, food words) for what people type: "2 eggs", "3 oz salmon",
    "a bowl of oatmeal" (1 cup), "a glass of milk" (1 cup), "a slice of bread", or a food
    alone ("tofu", "soy milk": None, to take the food's usual portion)."""
    m = _PORTION_OF.match(text)
    if m:
        count = _WORD_COUNTS.get(m["n"].lower(), m["n"])
        unit = m["unit"].lower()
        return f"{count} {CONTAINERS.get(unit, unit)}", m["food"]
    try:
        request = split_food_text(text)
    except InputError:
        words = text.split()
        if words and words[0].lower() in ("a", "an", "one"):
            return "1", " ".join(words[1:])  # "a banana": one of it
        return None, text.strip()
    return request.amount, request.query


@dataclass(frozen=True, slots=True)
class TypedFood:
    """The food and amount resolved from what was typed, and what was assumed."""

    food: Food
    amount: str
    notes: tuple[str, ...] = ()


def usual_portion(food: Food) -> str | None:
    """The amount text for the food's usual portion: FNDDS's "Quantity not specified" when
    it has one, else the first portion listed."""
    usable = [p for p in food.portions if p.grams > 0 and p.amount > 0]
    for p in usable:
        if p.description.lower().startswith("quantity not specified"):
            first = next((q for q in usable if abs(q.grams - p.grams) < 0.01 and q is not p), None)
            return first.description if first else f"{p.grams:g} g"
    return usable[0].description if usable else None


def resolve_typed_food(index: FoodIndex, text: str, *, choose: int | None = None) -> TypedFood:
    """What ``b12 log food`` logs for ``text``: the one food it means (the only match, or
    the everyday one among several, see ``b12.foods.everyday``) and the amount (typed, or
    the food's usual portion, said in ``notes``). Several foods with no everyday one raise
    ``AmbiguousFood`` (numbered, to pick with ``choose``)."""
    from b12.foods import parse_amount
    from b12.foods.everyday import everyday_choice
    from b12.foods.queries import missing_note

    amount, query = split_typed_food(text)
    note = missing_note(query)
    if note is not None:
        raise InputError(f"no food for {query!r}: {note}", field="food")
    hits = _matches(index, query)
    if choose is not None:
        hit = _chosen(hits, choose)
    else:
        picked = hits[0] if len(hits) == 1 else everyday_choice(query, hits)
        if picked is None:
            raise AmbiguousFood(query, amount or "", hits)
        hit = picked
    food = index.get(hit.id)
    notes: list[str] = []
    if len(hits) > 1 and choose is None:
        notes.append(f"{query!r} taken as {food.name} [{food.id}]; --choose N picks another")
    if amount is None:
        amount = usual_portion(food)
        if amount is None:
            raise InputError(
                f"{food.name} lists no portions: give an amount, e.g. '100 g {query}'",
                field="amount",
            )
        notes.append(f"no amount given: assumed {amount} of {food.name}")
    elif amount == "1":  # "a banana": one of the food itself
        amount = f"1 {query}"
    parse_amount(amount, food)  # refuse here, naming the food's portions, if it cannot be read
    return TypedFood(food, amount, tuple(notes))
