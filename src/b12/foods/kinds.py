"""What kind of record a food is: a basic food, a mixed dish, or food for infants.

Search ranks the everyday record first (raw or cooked basic foods before mixed dishes unless
the query names a dish), and ``foods top`` leaves infant foods out; both need to know the kind.
The kind comes from the source's own grouping (SR28 food groups, FNDDS/WWEIA categories), never
from a guess about the recipe. ``prior`` turns it into the static part of the search rank.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Kind(StrEnum):
    BASIC = "basic"
    """A single food, raw or simply prepared (meat, fish, milk, eggs, fruit, grains, …)."""
    DISH = "dish"
    """A mixed dish, sandwich, soup or fast/restaurant food."""
    INFANT = "infant"
    """Baby foods, infant formula and human milk."""
    OTHER = "other"
    """Everything else: baked goods, sweets, snacks, cereals, beverages, condiments."""


# SR28 FD_GROUP codes.
_SR28: dict[str, Kind] = {
    "0100": Kind.BASIC,  # Dairy and Egg Products
    "0200": Kind.BASIC,  # Spices and Herbs
    "0300": Kind.INFANT,  # Baby Foods
    "0400": Kind.BASIC,  # Fats and Oils
    "0500": Kind.BASIC,  # Poultry Products
    "0600": Kind.DISH,  # Soups, Sauces, and Gravies
    "0700": Kind.OTHER,  # Sausages and Luncheon Meats
    "0800": Kind.OTHER,  # Breakfast Cereals
    "0900": Kind.BASIC,  # Fruits and Fruit Juices
    "1000": Kind.BASIC,  # Pork Products
    "1100": Kind.BASIC,  # Vegetables and Vegetable Products
    "1200": Kind.BASIC,  # Nut and Seed Products
    "1300": Kind.BASIC,  # Beef Products
    "1400": Kind.OTHER,  # Beverages
    "1500": Kind.BASIC,  # Finfish and Shellfish Products
    "1600": Kind.BASIC,  # Legumes and Legume Products
    "1700": Kind.BASIC,  # Lamb, Veal, and Game Products
    "1800": Kind.OTHER,  # Baked Products
    "1900": Kind.OTHER,  # Sweets
    "2000": Kind.BASIC,  # Cereal Grains and Pasta
    "2100": Kind.DISH,  # Fast Foods
    "2200": Kind.DISH,  # Meals, Entrees, and Side Dishes
    "2500": Kind.OTHER,  # Snacks
    "3500": Kind.OTHER,  # American Indian/Alaska Native Foods
    "3600": Kind.DISH,  # Restaurant Foods
}

# WWEIA category numbers, as ranges (inclusive).
_FNDDS: tuple[tuple[int, int, Kind], ...] = (
    (1002, 1208, Kind.BASIC),  # milk, flavored milk
    (1402, 1402, Kind.OTHER),  # milk shakes and other dairy drinks
    (1602, 1904, Kind.BASIC),  # cheese, yogurt, plant-based milk
    (1905, 1999, Kind.OTHER),  # plant-based yogurt
    (2002, 2599, Kind.BASIC),  # meats, poultry, seafood, eggs
    (2600, 2699, Kind.OTHER),  # cured meats, bacon, frankfurters, sausages
    (2802, 2899, Kind.BASIC),  # beans, nuts and seeds, soy products
    (3002, 3899, Kind.DISH),  # mixed dishes, pizza, sandwiches, soups
    (4002, 4208, Kind.BASIC),  # rice, pasta, breads, tortillas
    (6002, 6418, Kind.BASIC),  # fruits and vegetables
    (6420, 6499, Kind.OTHER),  # vegetable combinations, fried vegetables, slaws, on sandwiches
    (6802, 6802, Kind.BASIC),  # white potatoes, baked or boiled
    (7002, 7008, Kind.BASIC),  # juices
    (9002, 9699, Kind.INFANT),  # baby food, baby juice and water, formula, human milk
)

_STATE = re.compile(
    r"\b(raw|cooked|boiled|roasted|baked|broiled|grilled|steamed|fried|pan-fried|braised|"
    r"stewed|poached|scrambled|moist heat|dry heat|fresh|plain)\b",
    re.IGNORECASE,
)
# Parts few people mean when they type just "chicken" or "beef"; a query naming them still
# finds them, because then every candidate carries the same penalty.
_UNCOMMON_PART = re.compile(
    r"\b(feet|skin|giblets|gizzards?|hearts?|neck|back|tongue|brains?|kidneys?|spleen|"
    r"lungs?|pancreas|thymus|tripe|chitterlings|ears|tail|snout|jowl|by-products|"
    r"separable fat|mechanically separated)\b",
    re.IGNORECASE,
)
_BRAND = re.compile(r"\b[A-Z][A-Z'&]{2,}\b")


def classify(source: str, group_code: str) -> Kind:
    """The kind of a record from its source's group code."""
    if source == "sr28":
        return _SR28.get(group_code, Kind.OTHER)
    try:
        number = int(group_code)
    except ValueError:
        return Kind.OTHER
    for low, high, kind in _FNDDS:
        if low <= number <= high:
            return kind
    return Kind.OTHER


# Weights of the static rank, in units of bm25 score (lower sorts first). A name-matching
# term in the first segment of a name is worth about 2-4 units, so these move records within
# a good match rather than lifting poor matches over good ones.
DISH_PENALTY = 3.0
INFANT_PENALTY = 6.0
BASIC_BONUS = 1.0
STATE_BONUS = 1.0
SEGMENT_PENALTY = 0.25
BRAND_PENALTY = 0.75
UNCOMMON_PART_PENALTY = 1.5


def prior(kind: Kind, name: str) -> float:
    """Query-independent part of the rank (lower is better), without the kind penalties.

    ``DISH_PENALTY`` and ``INFANT_PENALTY`` are added at query time, because a query that
    names a dish (or asks for baby food) drops them.
    """
    score = SEGMENT_PENALTY * name.count(",")
    if kind is Kind.BASIC:
        score -= BASIC_BONUS
        if _STATE.search(name):
            score -= STATE_BONUS
    if _BRAND.search(name):
        score += BRAND_PENALTY
    if _UNCOMMON_PART.search(name):
        score += UNCOMMON_PART_PENALTY
    return score
