"""Typed values shared by the parsers, the index and the views.

Parsers yield the ``*Record`` types (one row of a source, nothing computed); the index hands
out ``Food``, ``FoodHit`` and ``Portion``. Keeping them as frozen dataclasses lets the pure
logic (ranking, amounts, diets) be tested without a database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from b12.foods.nutrients import BY_CODE, NUTRIENT_CODES

SOURCES: tuple[str, ...] = ("sr28", "fndds")

ProgressFn = Callable[[str, int, "int | None"], None]
"""``progress(stage, done, total)``: called now and then during long work; total may be None."""


def food_id(source: str, code: str) -> str:
    """The public id of a food: the source's own code with the source as prefix."""
    return f"{source}:{code}"


@dataclass(frozen=True, slots=True)
class FoodRecord:
    """One food as a source describes it."""

    source: str
    code: str
    name: str
    group_code: str
    group_name: str
    synonyms: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return food_id(self.source, self.code)


@dataclass(frozen=True, slots=True)
class ValueRecord:
    """One nutrient value per 100 g, in the unit of ``nutrients.BY_CODE[nutrient]``."""

    code: str
    nutrient: str
    value: float


@dataclass(frozen=True, slots=True)
class PortionRecord:
    """One household measure of a food: ``amount`` × ``measure`` weighs ``grams``.

    ``description`` is the text the user sees ("1 cup, chopped", "Quantity not specified");
    ``amount``/``measure`` split off its leading count so "2 cups" can be resolved against it.
    """

    code: str
    seq: int
    description: str
    amount: float
    measure: str
    grams: float


@dataclass(frozen=True, slots=True)
class Portion:
    """A household measure of one food, as shown to the user."""

    description: str
    grams: float
    amount: float = 1.0
    measure: str = ""
    seq: int = 0

    @property
    def grams_per_unit(self) -> float:
        """Weight of one ``measure`` (the description may be for 0.5 or 3 of them)."""
        return self.grams / self.amount if self.amount > 0 else self.grams


@dataclass(frozen=True, slots=True)
class NutrientAmount:
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class Food:
    """A food with its nutrients per 100 g (``None`` = not reported) and its portions."""

    id: str
    name: str
    source: str
    group: str
    group_code: str
    nutrients: Mapping[str, float | None]
    portions: tuple[Portion, ...] = ()
    synonyms: tuple[str, ...] = ()

    def per_100g(self, code: str) -> NutrientAmount | None:
        value = self.nutrients.get(code)
        return None if value is None else NutrientAmount(value, BY_CODE[code].unit)

    def for_grams(self, grams: float) -> dict[str, NutrientAmount | None]:
        """Every nutrient for ``grams`` of this food, rounded to 4 significant digits."""
        out: dict[str, NutrientAmount | None] = {}
        for code in NUTRIENT_CODES:
            value = self.nutrients.get(code)
            out[code] = (
                None
                if value is None
                else NutrientAmount(round_sig(value * grams / 100.0), BY_CODE[code].unit)
            )
        return out


@dataclass(frozen=True, slots=True)
class FoodHit:
    """One search result."""

    id: str
    name: str
    source: str
    group: str
    b12_per_100g: float | None
    b12_added_per_100g: float | None


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """What one import left in the index."""

    source: str
    release: str
    release_date: str | None
    directory: str
    imported_at: str
    foods: int
    nutrient_values: int
    portions: int
    seconds: float
    files: Mapping[str, str] = field(default_factory=dict)
    """File name → sha256 of each file read."""


def round_sig(value: float, digits: int = 4) -> float:
    """Round to ``digits`` significant digits (70.7012 → 70.7, 0.0044551 → 0.004455)."""
    if value == 0:
        return 0.0
    from math import floor, log10

    return round(value, digits - 1 - floor(log10(abs(value))))
