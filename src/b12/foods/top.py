"""The best sources of a nutrient that a diet allows, per 100 g, per serving or per 100 kcal.

Pure ranking over ``Candidate`` values (the index supplies them). Infant foods are left out,
every entry says why the diet allows it, and B12 entries carry the added (fortified) share,
so a vegan sees which fortified foods cover the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from b12.errors import InputError
from b12.foods.diets import Diet, diet_by_name, eligibility, for_adults
from b12.foods.model import Portion, round_sig
from b12.foods.nutrients import BY_CODE, nutrient_by_code

PER_CHOICES: tuple[str, ...] = ("100g", "serving", "100kcal")

SERVING_MIN_G = 10.0
SERVING_MAX_G = 500.0
"""A "serving" is a portion within these weights, so "1 pie" or "1 pinch" is not one."""

MIN_KCAL_PER_100G = 5.0
"""Per-100-kcal ranking skips near-zero-energy foods (water, diet drinks, spices): dividing by
almost nothing would put them first for no useful reason."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """What ranking needs of a food: the ranked value and B12/energy per 100 g, portions."""

    id: str
    name: str
    source: str
    group: str
    group_code: str
    value: float
    b12: float | None
    b12_added: float | None
    energy: float | None
    portions: tuple[Portion, ...] = ()


@dataclass(frozen=True, slots=True)
class TopEntry:
    id: str
    name: str
    source: str
    group: str
    nutrient: str
    unit: str
    per: str
    value: float
    grams: float
    """Grams the value is for: 100, the serving's weight, or the weight giving 100 kcal."""
    serving: str | None
    b12: float | None
    b12_added: float | None
    b12_percent_rda: float | None
    diet: str
    reason: str


def typical_serving(source: str, portions: Sequence[Portion]) -> Portion | None:
    """The portion a serving means for this food.

    FNDDS: its "Quantity not specified" portion (the amount people typically report);
    otherwise, and for SR28, the first portion the source lists between 10 and 500 g.
    """
    usable = [p for p in portions if SERVING_MIN_G <= p.grams <= SERVING_MAX_G]
    if source == "fndds":
        for p in usable:
            if p.description.lower().startswith("quantity not specified"):
                return p
    usable = [p for p in usable if not p.description.lower().startswith(("guideline", "quantity"))]
    return usable[0] if usable else None


def check_per(per: str) -> str:
    value = per.strip().lower().replace(" ", "")
    if value not in PER_CHOICES:
        raise InputError(
            f"unknown basis {per!r}; use one of: {', '.join(PER_CHOICES)}", field="per"
        )
    return value


def _basis(c: Candidate, per: str) -> tuple[float, Portion | None] | None:
    """Grams the ranking compares (and the serving used), or None if not comparable."""
    if per == "100g":
        return 100.0, None
    if per == "serving":
        serving = typical_serving(c.source, c.portions)
        return (serving.grams, serving) if serving else None
    if c.energy is None or c.energy < MIN_KCAL_PER_100G:
        return None
    return 100.0 * 100.0 / c.energy, None


def rank(
    candidates: Iterable[Candidate],
    *,
    nutrient: str,
    diet: str | Diet = "omnivore",
    per: str = "100g",
    limit: int = 20,
    b12_daily_ug: float | None = None,
) -> list[TopEntry]:
    """The ``limit`` best candidates for ``nutrient`` that ``diet`` allows. With
    ``b12_daily_ug`` (a daily reference from the knowledge base), each entry also gives its
    B12 as a percentage of it."""
    code = nutrient_by_code(nutrient).code
    basis_name = check_per(per)
    d = diet if isinstance(diet, Diet) else diet_by_name(diet)
    if limit < 1:
        raise InputError("limit must be at least 1", field="limit")
    scored: list[tuple[float, str, Candidate, float, Portion | None]] = []
    for c in candidates:
        if not for_adults(c.source, c.group_code):
            continue
        basis = _basis(c, basis_name)
        if basis is None:
            continue
        grams, serving = basis
        scored.append((c.value * grams / 100.0, c.id, c, grams, serving))
    scored.sort(key=lambda s: (-s[0], s[1]))
    out: list[TopEntry] = []
    for value, _, c, grams, serving in scored:
        if value <= 0:
            break
        verdict = eligibility(
            d, name=c.name, source=c.source, group_code=c.group_code, group_name=c.group
        )
        if not verdict.allowed:
            continue
        factor = grams / 100.0
        b12 = None if c.b12 is None else round_sig(c.b12 * factor)
        out.append(
            TopEntry(
                id=c.id,
                name=c.name,
                source=c.source,
                group=c.group,
                nutrient=code,
                unit=BY_CODE[code].unit,
                per=basis_name,
                value=round_sig(value),
                grams=round(grams, 2),
                serving=serving.description if serving else None,
                b12=b12,
                b12_added=None if c.b12_added is None else round_sig(c.b12_added * factor),
                b12_percent_rda=(
                    None if b12 is None or not b12_daily_ug else round(100.0 * b12 / b12_daily_ug)
                ),
                diet=d.name,
                reason=verdict.reason,
            )
        )
        if len(out) >= limit:
            break
    return out
