"""The best sources of a nutrient that a diet allows, per 100 g, per serving or per 100 kcal.

Pure ranking over ``Candidate`` values (the index supplies them). Infant foods are left out,
and so are the kinds of food nobody uses as a B12 source (energy drinks, sweets, nutritional
shakes, margarine, alcohol: ``top.toml``). Every entry says why the diet allows it, and B12
entries carry the added (fortified) share, so a vegan sees which fortified foods cover the
day. For a diet ``top.toml`` lists kinds for (vegan), the list is the best few foods of each
kind per usual portion (plant milks, cereals, yeast extracts, …) rather than one ranking,
which per 100 g would be all breakfast cereals; ``describe`` says how a list was chosen.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from b12.errors import InputError
from b12.foods.diets import (
    Diet,
    _groups,
    _GroupSet,
    _normalise,
    _Words,
    _words,
    diet_by_name,
    eligibility,
    for_adults,
)
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
class FoodKind:
    """A kind of food (``top.toml``): by food group or by words of its description."""

    name: str
    label: str
    groups: _GroupSet
    words: _Words
    min_portion_g: float = SERVING_MIN_G

    def has(self, c: Candidate) -> bool:
        if self.groups.has(c.source, c.group_code):
            return True
        text = _normalise(c.name)
        return self.words.find(set(text.split()), text) is not None


@dataclass(frozen=True, slots=True)
class KindView:
    """How a diet's list is chosen when it shows the best of each kind."""

    per: str
    best_of_each_kind: int
    kinds: tuple[FoodKind, ...]


@dataclass(frozen=True, slots=True)
class TopRules:
    leave_out: tuple[FoodKind, ...]
    views: dict[str, KindView]


def _kind(name: str, raw: dict[str, object]) -> FoodKind:
    groups = raw.get("groups", [])
    words = raw.get("words", [])
    assert isinstance(groups, list) and isinstance(words, list)
    minimum = raw.get("min_portion_g", SERVING_MIN_G)
    assert isinstance(minimum, int | float)
    return FoodKind(
        name=name,
        label=str(raw["label"]),
        groups=_groups([str(g) for g in groups]),
        words=_words([(str(w), name) for w in words]),
        min_portion_g=float(minimum),
    )


@cache
def load_top_rules() -> TopRules:
    """The kinds of ``top.toml`` (read once per process)."""
    raw = tomllib.loads(resources.files("b12.foods").joinpath("top.toml").read_text("utf-8"))
    kinds = {name: _kind(name, k) for name, k in raw["kinds"].items()}
    views = {
        diet: KindView(
            per=check_per(v["per"]),
            best_of_each_kind=int(v["best_of_each_kind"]),
            kinds=tuple(kinds[k] for k in v["kinds"]),
        )
        for diet, v in raw["diets"].items()
    }
    leave_out = tuple(_kind(name, k) for name, k in raw["leave_out"].items())
    return TopRules(leave_out, views)


def kind_view(diet: str | Diet) -> KindView | None:
    """The best-of-each-kind view ``diet`` uses by default, if any."""
    name = diet.name if isinstance(diet, Diet) else diet_by_name(diet).name
    return load_top_rules().views.get(name)


def default_by_kind(diet: str | Diet) -> bool:
    """Whether ``foods top`` shows the best of each kind for ``diet`` unless told otherwise."""
    return kind_view(diet) is not None


def default_per(diet: str | Diet, *, by_kind: bool | None = None) -> str:
    """The basis ``foods top`` compares on when none is asked for."""
    view = kind_view(diet) if by_kind is not False else None
    return view.per if view else "100g"


def left_out(c: Candidate) -> FoodKind | None:
    """The kind nobody uses as a B12 source that ``c`` is, if any."""
    return next((k for k in load_top_rules().leave_out if k.has(c)), None)


_PER_TEXT = {"100g": "per 100 g", "serving": "per usual portion", "100kcal": "per 100 kcal"}


def describe(nutrient: str, diet: str | Diet, per: str, *, by_kind: bool = False) -> str:
    """How a list is chosen, for its title: what is ranked, on what basis, what is left out."""
    code = nutrient_by_code(nutrient)
    d = diet if isinstance(diet, Diet) else diet_by_name(diet)
    basis = _PER_TEXT[check_per(per)]
    view = kind_view(d)
    skipped = ", ".join(k.label for k in load_top_rules().leave_out)
    if view is not None and by_kind:
        kinds = ", ".join(k.label for k in view.kinds)
        text = (
            f"{code.name} {basis}, best {view.best_of_each_kind} of each kind a {d.name} "
            f"uses ({kinds}); fortified foods only carry the B12 their label says"
        )
    else:
        text = f"Best sources of {code.name.lower()} {basis}, {d.name} ({d.description})"
    return f"{text}. Left out: infant foods, {skipped}."


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
    kind: str | None = None
    """The kind of food it is shown as the best of (``top.toml``), or None in a plain ranking."""
    chosen_by: str = ""
    """How the list it is in was chosen (``describe``)."""


def typical_serving(
    source: str, portions: Sequence[Portion], *, min_g: float = SERVING_MIN_G
) -> Portion | None:
    """The portion a serving means for this food.

    FNDDS: its "Quantity not specified" portion (the amount people typically report);
    otherwise, and for SR28, the first portion the source lists between 10 and 500 g
    (``min_g`` lowers the 10 g for foods eaten by the teaspoon, such as yeast spreads).
    """
    usable = [p for p in portions if min_g <= p.grams <= SERVING_MAX_G]
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


def _basis(
    c: Candidate, per: str, min_g: float = SERVING_MIN_G
) -> tuple[float, Portion | None] | None:
    """Grams the ranking compares (and the serving used), or None if not comparable."""
    if per == "100g":
        return 100.0, None
    if per == "serving":
        serving = typical_serving(c.source, c.portions, min_g=min_g)
        return (serving.grams, serving) if serving else None
    if c.energy is None or c.energy < MIN_KCAL_PER_100G:
        return None
    return 100.0 * 100.0 / c.energy, None


def rank(
    candidates: Iterable[Candidate],
    *,
    nutrient: str,
    diet: str | Diet = "omnivore",
    per: str | None = None,
    limit: int = 20,
    b12_daily_ug: float | None = None,
    by_kind: bool = False,
) -> list[TopEntry]:
    """The ``limit`` best candidates for ``nutrient`` that ``diet`` allows. With
    ``b12_daily_ug`` (a daily reference from the knowledge base), each entry also gives its
    B12 as a percentage of it.

    With ``by_kind`` (what ``foods top`` does for a diet with a kind view in ``top.toml``:
    ``default_by_kind``), the list is the best few of each kind in the view's order, foods
    of no kind left out, and ``per`` defaults to the view's basis (else to 100 g); asking for
    it for a diet without a view is an error.
    """
    code = nutrient_by_code(nutrient).code
    d = diet if isinstance(diet, Diet) else diet_by_name(diet)
    if limit < 1:
        raise InputError("limit must be at least 1", field="limit")
    view = kind_view(d) if by_kind else None
    basis_name = check_per(per) if per is not None else (view.per if view else "100g")
    if by_kind and view is None:
        raise InputError(f"no kinds of food are listed for the {d.name} diet", field="by_kind")
    chosen_by = describe(code, d, basis_name, by_kind=view is not None)
    scored: list[tuple[float, str, Candidate, float, Portion | None, FoodKind | None]] = []
    for c in candidates:
        if not for_adults(c.source, c.group_code) or left_out(c) is not None:
            continue
        kind: FoodKind | None = None
        if view is not None:
            kind = next((k for k in view.kinds if k.has(c)), None)
            if kind is None:
                continue
        basis = _basis(c, basis_name, kind.min_portion_g if kind else SERVING_MIN_G)
        if basis is None:
            continue
        grams, serving = basis
        scored.append((c.value * grams / 100.0, c.id, c, grams, serving, kind))
    scored.sort(key=lambda s: (-s[0], s[1]))
    out: list[TopEntry] = []
    per_kind: dict[str, list[TopEntry]] = {}
    for value, _, c, grams, serving, kind in scored:
        if value <= 0:
            break
        if (
            view is not None
            and kind is not None
            and len(per_kind.get(kind.name, ())) >= view.best_of_each_kind
        ):
            continue
        verdict = eligibility(
            d, name=c.name, source=c.source, group_code=c.group_code, group_name=c.group
        )
        if not verdict.allowed:
            continue
        factor = grams / 100.0
        b12 = None if c.b12 is None else round_sig(c.b12 * factor)
        entry = TopEntry(
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
            kind=kind.label if kind else None,
            chosen_by=chosen_by,
        )
        if view is not None and kind is not None:
            per_kind.setdefault(kind.name, []).append(entry)
            continue
        out.append(entry)
        if len(out) >= limit:
            break
    if view is not None:
        out = [e for k in view.kinds for e in per_kind.get(k.name, [])][:limit]
    return out
