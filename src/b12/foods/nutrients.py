"""The nutrient code table: one place that maps our codes to each source's own names.

Both importers, the index, the JSON views and ``foods top`` read this table, so a code means
the same thing everywhere. Each row names the source's own identifier *and unit*, and the
importers refuse a file whose unit disagrees, so a value can never be stored in the wrong unit.
Values are always per 100 g of edible portion.
"""

from __future__ import annotations

from dataclasses import dataclass

from b12.errors import InputError


def display_unit(unit: str | None) -> str:
    """A unit as people write it: ``ug`` → ``µg``, ``ug_RAE`` → ``µg RAE``."""
    if not unit:
        return ""
    return unit.replace("ug", "µg").replace("_DFE", " DFE").replace("_RAE", " RAE")


@dataclass(frozen=True, slots=True)
class Nutrient:
    """A nutrient we keep, with where to find it in each source."""

    code: str
    name: str
    unit: str
    sr28_number: str
    """``Nutr_No`` in SR28 NUTR_DEF.txt / NUT_DATA.txt."""
    sr28_unit: str
    """The unit NUTR_DEF.txt states for that number (checked on import)."""
    fndds_column: str
    """Header of the column in the FNDDS Nutrient Values workbook (its unit is in the header)."""


NUTRIENTS: tuple[Nutrient, ...] = (
    # The ones the issue asks for first: B12 (total and added), energy, electrolytes, water.
    Nutrient("b12", "Vitamin B12", "ug", "418", "µg", "Vitamin B-12 (mcg)"),
    Nutrient("b12_added", "Vitamin B12, added", "ug", "578", "µg", "Vitamin B-12, added (mcg)"),
    Nutrient("energy", "Energy", "kcal", "208", "kcal", "Energy (kcal)"),
    Nutrient("protein", "Protein", "g", "203", "g", "Protein (g)"),
    Nutrient("water", "Water", "g", "255", "g", "Water (g)"),
    Nutrient("potassium", "Potassium", "mg", "306", "mg", "Potassium (mg)"),
    Nutrient("sodium", "Sodium", "mg", "307", "mg", "Sodium (mg)"),
    Nutrient("magnesium", "Magnesium", "mg", "304", "mg", "Magnesium (mg)"),
    Nutrient("calcium", "Calcium", "mg", "301", "mg", "Calcium (mg)"),
    # Folate as dietary folate equivalents, the unit intakes are set in; both sources state DFE.
    Nutrient("folate", "Folate, DFE", "ug_DFE", "435", "µg", "Folate, DFE (mcg_DFE)"),
    # What a later meal planner is likely to need.
    Nutrient("folate_total", "Folate, total", "ug", "417", "µg", "Folate, total (mcg)"),
    Nutrient("folic_acid", "Folic acid", "ug", "431", "µg", "Folic acid (mcg)"),
    Nutrient("folate_food", "Folate, food", "ug", "432", "µg", "Folate, food (mcg)"),
    Nutrient("fat", "Total fat", "g", "204", "g", "Total Fat (g)"),
    Nutrient(
        "saturated_fat",
        "Fatty acids, total saturated",
        "g",
        "606",
        "g",
        "Fatty acids, total saturated (g)",
    ),
    Nutrient("carbohydrate", "Carbohydrate", "g", "205", "g", "Carbohydrate (g)"),
    Nutrient("sugars", "Sugars, total", "g", "269", "g", "Sugars, total (g)"),
    Nutrient("fiber", "Fiber, total dietary", "g", "291", "g", "Fiber, total dietary (g)"),
    Nutrient("cholesterol", "Cholesterol", "mg", "601", "mg", "Cholesterol (mg)"),
    Nutrient("alcohol", "Alcohol", "g", "221", "g", "Alcohol (g)"),
    Nutrient("caffeine", "Caffeine", "mg", "262", "mg", "Caffeine (mg)"),
    Nutrient("iron", "Iron", "mg", "303", "mg", "Iron (mg)"),
    Nutrient("zinc", "Zinc", "mg", "309", "mg", "Zinc (mg)"),
    Nutrient("phosphorus", "Phosphorus", "mg", "305", "mg", "Phosphorus (mg)"),
    Nutrient("copper", "Copper", "mg", "312", "mg", "Copper (mg)"),
    Nutrient("selenium", "Selenium", "ug", "317", "µg", "Selenium (mcg)"),
    Nutrient("vitamin_a", "Vitamin A, RAE", "ug_RAE", "320", "µg", "Vitamin A, RAE (mcg_RAE)"),
    Nutrient("vitamin_c", "Vitamin C", "mg", "401", "mg", "Vitamin C (mg)"),
    Nutrient("vitamin_d", "Vitamin D (D2 + D3)", "ug", "328", "µg", "Vitamin D (D2 + D3) (mcg)"),
    Nutrient(
        "vitamin_e",
        "Vitamin E (alpha-tocopherol)",
        "mg",
        "323",
        "mg",
        "Vitamin E (alpha-tocopherol) (mg)",
    ),
    Nutrient(
        "vitamin_k",
        "Vitamin K (phylloquinone)",
        "ug",
        "430",
        "µg",
        "Vitamin K (phylloquinone) (mcg)",
    ),
    Nutrient("thiamin", "Thiamin", "mg", "404", "mg", "Thiamin (mg)"),
    Nutrient("riboflavin", "Riboflavin", "mg", "405", "mg", "Riboflavin (mg)"),
    Nutrient("niacin", "Niacin", "mg", "406", "mg", "Niacin (mg)"),
    Nutrient("vitamin_b6", "Vitamin B6", "mg", "415", "mg", "Vitamin B-6 (mg)"),
    Nutrient("choline", "Choline, total", "mg", "421", "mg", "Choline, total (mg)"),
)

NUTRIENT_CODES: tuple[str, ...] = tuple(n.code for n in NUTRIENTS)
BY_CODE: dict[str, Nutrient] = {n.code: n for n in NUTRIENTS}
BY_SR28_NUMBER: dict[str, Nutrient] = {n.sr28_number: n for n in NUTRIENTS}

# Shown by default in tables; JSON always carries every code.
HEADLINE_CODES: tuple[str, ...] = (
    "b12",
    "b12_added",
    "energy",
    "protein",
    "water",
    "potassium",
    "sodium",
    "magnesium",
    "calcium",
    "folate",
)


def nutrient_by_code(code: str) -> Nutrient:
    """The nutrient for ``code``; an unknown code is an input error listing the known ones."""
    try:
        return BY_CODE[code.strip().lower()]
    except KeyError:
        raise InputError(
            f"unknown nutrient {code!r}; use one of: {', '.join(NUTRIENT_CODES)}",
            field="nutrient",
        ) from None
