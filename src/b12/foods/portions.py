"""The one amount parser: "3 oz", "85 g", "1 1/2 cups", "½ cup", "2 large", "1 slice" → grams.

Weights (g, kg, oz, lb) convert exactly. Anything else is matched against the food's own
household measures (SR28 WEIGHT.txt, FNDDS Portions and Weights): "2 large" is twice the
food's "1 large"; "slice" picks the plainest portion with that word ("1 slice" before
"1 large or thick slice"). Volumes (ml, l, cup, tbsp, tsp, fl oz, pint, quart) use a matching
portion when there is one, else convert through any volume portion of the same food. If
nothing fits, the error lists the food's portions so the user can pick one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from b12.errors import InputError
from b12.foods.model import Food, Portion
from b12.foods.search import singular

GRAMS_PER: dict[str, float] = {
    "g": 1.0,
    "kg": 1000.0,
    "oz": 28.349523125,
    "lb": 453.59237,
}
ML_PER: dict[str, float] = {
    "ml": 1.0,
    "l": 1000.0,
    "cup": 236.5882365,
    "tbsp": 14.78676478125,
    "tsp": 4.92892159375,
    "fl oz": 29.5735295625,
    "pint": 473.176473,
    "quart": 946.352946,
}
# Spellings → the unit or word we compare with.
_ALIASES: dict[str, str] = {
    "gram": "g", "grams": "g", "gr": "g", "gm": "g", "gms": "g", "grammes": "g",
    "kilogram": "kg", "kilograms": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg",
    "ounce": "oz", "ounces": "oz", "lbs": "lb", "pound": "lb", "pounds": "lb",
    "milliliter": "ml", "milliliters": "ml", "millilitre": "ml", "millilitres": "ml", "mls": "ml",
    "liter": "l", "liters": "l", "litre": "l", "litres": "l",
    "cups": "cup", "c": "cup",
    "tablespoon": "tbsp", "tablespoons": "tbsp", "tbs": "tbsp", "tbl": "tbsp", "tbsps": "tbsp",
    "teaspoon": "tsp", "teaspoons": "tsp", "tsps": "tsp",
    "pints": "pint", "pt": "pint", "quarts": "quart", "qt": "quart",
    "floz": "fl oz",
}  # fmt: skip
_WORD_NUMBERS: dict[str, Fraction] = {
    "a": Fraction(1),
    "an": Fraction(1),
    "one": Fraction(1),
    "half": Fraction(1, 2),
    "two": Fraction(2),
    "three": Fraction(3),
    "four": Fraction(4),
}
_VULGAR: dict[str, str] = {
    "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5",
    "⅛": "1/8", "⅜": "3/8", "⅝": "5/8", "⅞": "7/8", "⅙": "1/6", "⅚": "5/6",
}  # fmt: skip
_NUMBER = re.compile(
    r"""^\s*(?:
        (?P<whole>\d+)(?:\s+|\s*-\s*)(?P<num>\d+)\s*/\s*(?P<den>\d+)   # 1 1/2, 1-1/2
      | (?P<fnum>\d+)\s*/\s*(?P<fden>\d+)                              # 1/2
      | (?P<dec>\d+(?:[.,]\d+)?|[.,]\d+)                               # 3, 0.5, 0,5, .5
    )""",
    re.VERBOSE,
)
MAX_GRAMS = 100_000.0


@dataclass(frozen=True, slots=True)
class ResolvedAmount:
    """An amount of one food in grams, with what it was read as."""

    text: str
    grams: float
    quantity: float
    unit: str
    """"g", "oz", "cup", … or the portion's measure ("large", "slice")."""
    portion: Portion | None = None
    """The food portion the amount was resolved against, if any."""


def parse_quantity(text: str) -> tuple[Fraction | None, str]:
    """Split "1 1/2 cups" into (3/2, "cups"); no leading number gives (None, text)."""
    cleaned = text.strip().lower()
    for glyph, plain in _VULGAR.items():
        cleaned = re.sub(rf"(\d)\s*{glyph}", rf"\1 {plain}", cleaned)
        cleaned = cleaned.replace(glyph, f" {plain} ")
    cleaned = cleaned.strip()
    match = _NUMBER.match(cleaned)
    if match:
        g = match.groupdict()
        if g["whole"] is not None:
            den = int(g["den"])
            if den == 0:
                raise InputError(f"{text!r}: a fraction cannot divide by 0", field="amount")
            value = Fraction(int(g["whole"])) + Fraction(int(g["num"]), den)
        elif g["fnum"] is not None:
            den = int(g["fden"])
            if den == 0:
                raise InputError(f"{text!r}: a fraction cannot divide by 0", field="amount")
            value = Fraction(int(g["fnum"]), den)
        else:
            value = Fraction(g["dec"].replace(",", "."))
        return value, cleaned[match.end() :].strip()
    first, _, rest = cleaned.partition(" ")
    if first in _WORD_NUMBERS:
        rest = rest.strip()
        if first == "half" and rest.split(" ", 1)[0] in ("a", "an"):
            rest = rest.partition(" ")[2].strip()
        return _WORD_NUMBERS[first], rest
    return None, cleaned


def _words(text: str) -> list[str]:
    """Comparable words of a measure: lower case, singular, units spelled one way."""
    tokens = re.findall(r"[a-z]+|\d+(?:\.\d+)?", text.lower().replace("fl oz", "floz"))
    out: list[str] = []
    for t in tokens:
        t = _ALIASES.get(t, t)
        if t not in ("fl oz", "g", "kg", "oz", "lb", "ml", "l") and not t[0].isdigit():
            t = singular(t)
        out.append(t)
    return [w for w in out if w not in ("of", "the")]


def _unit(words: Sequence[str]) -> str | None:
    """The unit named by the whole of ``words`` ("fl oz", "cup", "g"), if it is one."""
    joined = " ".join(words)
    if joined in GRAMS_PER or joined in ML_PER:
        return joined
    return None


def is_unit(text: str) -> bool:
    """Whether ``text`` is a weight or volume unit ("oz", "cups", "fl oz")."""
    return _unit(_words(text)) is not None


def _head(measure: str) -> list[str]:
    """Words of the measure before its first comma or parenthesis: "cup (8 fl oz)" → cup."""
    return _words(re.split(r"[,(]", measure, maxsplit=1)[0])


def match_portion(measure: str, portions: Sequence[Portion]) -> Portion | None:
    """The food portion that ``measure`` ("cup", "large", "medium slice") names.

    Every word typed must occur in the portion's measure, at least one of them in its main
    part (before a comma or parenthesis); the portion with the fewest other words wins,
    then the one the source lists first.
    """
    wanted = _words(measure)
    if not wanted:
        return None
    best: tuple[int, int, Portion] | None = None
    for p in portions:
        if p.grams <= 0 or p.amount <= 0:
            continue
        words = _words(p.measure)
        head = set(_head(p.measure))
        if not set(wanted) <= set(words) or not (set(wanted) & head):
            continue
        key = (len(set(words) - set(wanted)), p.seq)
        if best is None or key < best[:2]:
            best = (key[0], key[1], p)
    return best[2] if best else None


def grams_per_ml(portions: Sequence[Portion]) -> tuple[float, Portion] | None:
    """Density of the food from its plainest volume portion ("1 cup" = 244 g → 1.03 g/ml)."""
    best: tuple[int, int, float, Portion] | None = None
    for p in portions:
        if p.grams <= 0 or p.amount <= 0:
            continue
        head = _head(p.measure)
        unit = _unit(head)
        if unit is None or unit not in ML_PER:
            continue
        key = (len(_words(p.measure)) - len(head), p.seq)
        if best is None or key < best[:2]:
            best = (key[0], key[1], p.grams_per_unit / ML_PER[unit], p)
    return (best[2], best[3]) if best else None


def parse_amount(text: str, food: Food) -> ResolvedAmount:
    """Resolve an amount of ``food`` to grams; raise ``InputError`` listing its portions."""
    quantity, rest = parse_quantity(text)
    rest = rest.strip().rstrip(".").strip()
    if quantity is None and not rest:
        raise InputError("the amount is empty; " + _allowed(food), field="amount")
    if quantity is None:
        quantity = Fraction(1)
    if quantity <= 0:
        raise InputError(f"{text!r}: the amount must be more than 0", field="amount")
    if not rest:
        raise InputError(f"{text!r} has no unit; " + _allowed(food), field="amount")
    words = _words(rest)
    unit = _unit(words)
    q = float(quantity)

    if unit in GRAMS_PER:
        return _checked(text, q * GRAMS_PER[unit], q, unit, None, food)
    portion = match_portion(rest, food.portions) or _portion_naming_the_food(words, food)
    if portion is not None:
        return _checked(text, q * portion.grams_per_unit, q, portion.measure, portion, food)
    if unit in ML_PER:
        density = grams_per_ml(food.portions)
        if density is not None:
            per_ml, via = density
            return _checked(text, q * ML_PER[unit] * per_ml, q, unit, via, food)
        raise InputError(
            f"cannot turn {text!r} into grams for {food.id} ({food.name}): it has no volume "
            "measure to take the density from; " + _allowed(food),
            field="amount",
        )
    raise InputError(
        f"cannot read {text!r} for {food.id} ({food.name}); " + _allowed(food),
        field="amount",
    )


# "1 egg", "2 bananas": the food named as its own unit means one whole item of a usual size;
# the sizes in the order taken (the portion used is shown, so "1 large egg" can correct it).
_ITEM_SIZES = ("medium", "large", "whole", "each", "item", "piece", "small", "extra large")


def _portion_naming_the_food(words: Sequence[str], food: Food) -> Portion | None:
    """The portion meant when the measure names the food itself: "1 large egg" is the egg's
    "large"; "1 egg", with no size, the first of ``_ITEM_SIZES`` the food has."""
    in_name = set(_words(food.name))
    size = [w for w in words if w not in in_name]
    if not words or len(size) == len(words):
        return None
    if size:
        return match_portion(" ".join(size), food.portions)
    usable = [p for p in food.portions if p.grams > 0 and p.amount > 0]
    for wanted in _ITEM_SIZES:
        for p in usable:
            if " ".join(_head(p.measure)) == wanted:
                return p
    return None


def _checked(
    text: str, grams: float, quantity: float, unit: str, portion: Portion | None, food: Food
) -> ResolvedAmount:
    if not math.isfinite(grams) or grams <= 0:
        raise InputError(f"{text!r}: the amount must be more than 0", field="amount")
    if grams > MAX_GRAMS:
        raise InputError(
            f"{text!r} is {grams / 1000:,.0f} kg of {food.name}; amounts above 100 kg are "
            "not accepted",
            field="amount",
        )
    return ResolvedAmount(
        text=text.strip(), grams=grams, quantity=quantity, unit=unit, portion=portion
    )


def _allowed(food: Food) -> str:
    usable = [p for p in food.portions if p.grams > 0]
    listing = "; ".join(f"{p.description} ({p.grams:g} g)" for p in usable)
    volume = ", ml, cup, tbsp, tsp, fl oz" if grams_per_ml(food.portions) else ""
    if listing:
        return f"use a weight (g, kg, oz, lb{volume}) or one of its portions: {listing}"
    return f"use a weight (g, kg, oz, lb{volume}); this food lists no portions"
