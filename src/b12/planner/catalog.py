"""Which foods may fill which place in a meal, in which portion, and the few per role the
solver is given.

A food can fill a role when its WWEIA category or SR28 group is one of the role's, the
person's diet allows it (the same ``eligibility`` as ``b12 foods top``), nothing about it
says it is not a meal (``exclude_words``: infant foods, dry mixes, raw flours, energy
drinks, supplements sold as foods...), it has an energy value, and it has a household
portion of a usable weight. Its unit is that portion ("1 cup", "1 slice", "1 oz"); the
plan uses whole multiples of it, at most the role's everyday amount. Each role keeps the
``pool_size`` of its everyday foods (knowledge: ``planner.everyday``) best for the day's
targets per kcal, one family at most a few times, plus the person's own foods and the
preferred ones: ordinary meals by construction, and a program small enough to solve a week
in about a second and a half.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from b12.core.absorption import doets_absorbed
from b12.core.diary import DIARY_NUTRIENTS
from b12.errors import InputError
from b12.foods.diets import Diet, eligibility, for_adults
from b12.foods.model import Food, Portion
from b12.knowledge.models import AbsorptionParams
from b12.knowledge.plan_models import PlannerKnowledge, Role
from b12.planner.request import Targets

FAMILY_SHARE_IN_POOL = 3
"""At most this many foods of one family in a role's pool: the pool is there to give the
solver real choices, not twenty ways to cook one chicken."""

_UNSPECIFIED = re.compile(r"\b(NFS|NS as to|NS)\b")
_SKIP_PORTIONS = ("quantity not specified", "guideline", "nfs")


@dataclass(frozen=True, slots=True)
class Option:
    """One food in one role, in one household unit, with what one unit gives."""

    food: Food
    role: str
    slot: str
    unit: Portion
    min_units: int
    max_units: int
    family: str
    drink: bool
    cost: float  # the objective's cost of choosing it (simplicity, least change)
    everyday: bool  # on the role's everyday list (knowledge: planner.everyday)
    per_unit: Mapping[str, float]  # energy, b12_natural, b12_added, minerals, water

    @property
    def food_id(self) -> str:
        return self.food.id


def normalised(text: str) -> str:
    """Lower case, punctuation as spaces, padded: whole words match as ' word '."""
    return " " + " ".join(re.findall(r"[a-z0-9']+", text.lower())) + " "


def family_of(food: Food) -> str:
    """The near-duplicate family: the group and the name's first segment, without the
    'NS as to ...' qualifiers ("Chicken, NS as to part, roasted" -> group|chicken)."""
    head = food.name.split(",", 1)[0]
    head = _UNSPECIFIED.sub("", head)
    return f"{food.source}:{food.group_code}|{normalised(head).strip()}"


def _groups_match(groups: Iterable[str], food: Food) -> bool:
    for entry in groups:
        source, _, code = entry.partition(":")
        if source != food.source:
            continue
        low, dash, high = code.partition("-")
        if not dash:
            if food.group_code == code:
                return True
        elif food.group_code.isdigit() and int(low) <= int(food.group_code) <= int(high):
            return True
    return False


def unit_portion(food: Food, role: Role) -> Portion | None:
    """The household measure the plan counts in: the first of the role's preferred units the
    food lists as one whole measure, else its first plain measure of one."""
    usable = [
        p
        for p in food.portions
        if p.amount == 1
        and p.grams > 0
        and p.grams <= role.max_g
        and not p.description.lower().startswith(_SKIP_PORTIONS)
    ]
    for unit in role.units:
        for p in usable:
            words = normalised(p.measure.split(",")[0].split("(")[0])
            if f" {unit} " in words:
                return p
    return usable[0] if usable else None


def _per_unit(food: Food, grams: float) -> dict[str, float] | None:
    """What one unit gives; None when the food has no energy value (it cannot be planned).
    A missing nutrient is counted as nothing here, so the program never relies on it; the
    plan's totals count it as missing, as the diary does."""
    n = food.nutrients
    energy = n.get("energy")
    if energy is None:
        return None
    factor = grams / 100.0
    total = n.get("b12")
    added = n.get("b12_added")
    total_v = max(total or 0.0, 0.0)
    added_v = min(max(added or 0.0, 0.0), total_v) if total is not None else max(added or 0.0, 0)
    out = {
        "energy": energy * factor,
        "b12_added": added_v * factor,
        "b12_natural": (total_v - added_v) * factor if total is not None else 0.0,
    }
    for code in ("potassium", "magnesium", "calcium", "sodium", "water"):
        out[code] = (n.get(code) or 0.0) * factor
    return out


@dataclass(frozen=True, slots=True)
class Preferences:
    """Who the plan is for: diet, dislikes, favourites and their own foods."""

    diet: Diet
    exclude: tuple[str, ...]
    prefer: frozenset[str]
    avoid: frozenset[str]
    diary_counts: Mapping[str, int]  # food id -> times in the diary
    rules_off: frozenset[str]


def excluded_reason(
    food: Food, role_name: str, planner: PlannerKnowledge, pref: Preferences
) -> str | None:
    """Why a food may not fill this role, or None if it may."""
    if food.id in pref.avoid:
        return "avoided"
    if not for_adults(food.source, food.group_code):
        return "infant food"
    text = normalised(food.name)
    for word in pref.exclude:
        if normalised(word) in text:
            return f"excluded word {word!r}"
    if "exclude_words" not in pref.rules_off:
        raw_ok = role_name in planner.roles_rules.raw_ok_roles
        for word in planner.roles_rules.exclude_words:
            if word == "raw" and raw_ok:
                continue
            if normalised(word) in text:
                return f"not a meal ({word!r})"
    verdict = eligibility(
        pref.diet,
        name=food.name,
        source=food.source,
        group_code=food.group_code,
        group_name=food.group,
    )
    if not verdict.allowed:
        return verdict.reason
    return None


def is_everyday(food: Food, role_name: str, planner: PlannerKnowledge, diet: str) -> bool:
    """Whether the food is one people ordinarily eat in this place of a meal: an FNDDS food
    whose name starts with one of the role's everyday entries (whole words), without an
    unusual word, and a meat alternative only for the diets that eat them instead of meat."""
    if food.source != "fndds":
        return False
    every = planner.everyday
    text = normalised(food.name)
    if any(normalised(w) in text for w in every.unusual_words):
        return False
    if diet not in every.meat_alternative_diets and any(
        text.startswith(normalised(m)) for m in every.meat_alternatives
    ):
        return False
    return any(text.startswith(normalised(e)) for e in planner.everyday.roles.get(role_name, ()))


def _role_fits(food: Food, role: Role, rules_off: frozenset[str]) -> bool:
    if not _groups_match(role.groups, food):
        return False
    if food.source == "sr28" and role.require_words_sr28:
        text = normalised(food.name)
        return any(normalised(w) in text for w in role.require_words_sr28)
    return True


def options_for(
    foods: Sequence[Food], planner: PlannerKnowledge, pref: Preferences
) -> dict[str, list[Option]]:
    """Every usable option per role (before pooling)."""
    max_units = planner.roles_rules.max_units
    penalties = planner.penalties
    slot_of = {role: name for name, slot in planner.slots.items() for role in slot.roles}
    out: dict[str, list[Option]] = {name: [] for name in planner.roles}
    for food in foods:
        for name, role in planner.roles.items():
            if not _role_fits(food, role, pref.rules_off):
                continue
            if excluded_reason(food, name, planner, pref) is not None:
                continue
            unit = unit_portion(food, role)
            if unit is None:
                continue
            per_unit = _per_unit(food, unit.grams)
            if per_unit is None:
                continue
            cap = max_units
            if role.max_units is not None and "role_caps" not in pref.rules_off:
                cap = role.max_units
            top = min(cap, math.floor(role.max_g / unit.grams))
            low = max(1, math.ceil(role.min_g / unit.grams - 1e-9))
            if top < low:
                continue
            if food.id in pref.prefer:
                cost = penalties.item_preferred
            elif food.id in pref.diary_counts:
                cost = penalties.item_from_diary
            else:
                cost = penalties.item
            if _UNSPECIFIED.search(food.name):
                cost += penalties.item_unspecified
            everyday = is_everyday(food, name, planner, pref.diet.name)
            if not everyday and "everyday" not in pref.rules_off and food.id not in pref.prefer:
                cost += penalties.item_unusual
            out[name].append(
                Option(
                    food=food,
                    role=name,
                    slot=slot_of[name],
                    unit=unit,
                    min_units=low,
                    max_units=top,
                    family=family_of(food),
                    drink=role.drink,
                    cost=cost,
                    everyday=everyday,
                    per_unit=per_unit,
                )
            )
    return out


def density(option: Option, targets: Targets, params: AbsorptionParams) -> float:
    """How much of the day's targets a typical portion gives per share of the day's energy:
    absorbed B12 (as the model absorbs it from one meal), potassium, magnesium, calcium and
    water, less sodium."""
    n = max(option.min_units, round((option.min_units + option.max_units) / 3))
    u = option.per_unit
    score = 0.0
    if targets.b12_absorbed_ug:
        absorbed = (
            doets_absorbed(u["b12_natural"] * n, params)
            + (params.if_fraction + params.passive_fraction) * u["b12_added"] * n
        )
        score += 3.0 * min(1.0, absorbed / targets.b12_absorbed_ug)
    for code in ("potassium", "magnesium", "calcium"):
        target = targets.minerals.get(code)
        if target:
            score += min(1.0, u[code] * n / target)
    if targets.water_ml:
        score += 0.5 * min(1.0, u["water"] * n / targets.water_ml)
    if targets.sodium_upper_mg:
        score -= 0.5 * u["sodium"] * n / targets.sodium_upper_mg
    share = max(u["energy"] * n / targets.energy_kcal, 0.03)
    return score / share


def pools(
    options: Mapping[str, list[Option]],
    targets: Targets,
    params: AbsorptionParams,
    pool_size: int,
    pref: Preferences,
) -> dict[str, list[Option]]:
    """The options per role the solver is given: the person's own and preferred foods, then
    the densest, no family more than ``FAMILY_SHARE_IN_POOL`` times. Only everyday foods
    compete for the pool (unless ``pref.rules_off`` has "everyday", or none of the role's
    everyday foods is left for this diet and these exclusions): ranked by density alone, the
    pool is the foods densest in the targets, which are rarely what people eat."""
    out: dict[str, list[Option]] = {}
    for role, all_opts in options.items():
        opts = all_opts
        if "everyday" not in pref.rules_off:
            opts = [o for o in all_opts if o.everyday] or all_opts
        ranked = sorted(opts, key=lambda o: (-density(o, targets, params), o.cost, o.food_id))
        keep = [o for o in all_opts if o.food_id in pref.prefer or o.food_id in pref.diary_counts]
        kept_ids = {o.food_id for o in keep}
        wanted = pool_size + len(keep)
        families = Counter(o.family for o in keep)
        for o in ranked:
            if len(keep) >= wanted:
                break
            if o.food_id in kept_ids or families[o.family] >= FAMILY_SHARE_IN_POOL:
                continue
            keep.append(o)
            kept_ids.add(o.food_id)
            families[o.family] += 1
        out[role] = keep
    return out


def check_preferred(
    foods_by_id: Mapping[str, Food], options: Mapping[str, list[Option]], prefer: Iterable[str]
) -> None:
    """A preferred food must exist and be able to fill some role."""
    placed = {o.food_id for opts in options.values() for o in opts}
    for fid in prefer:
        if fid not in foods_by_id:
            raise InputError(
                f"--prefer {fid!r}: no such food in the index; find ids with `b12 foods search`",
                field="prefer",
            )
        if fid not in placed:
            food = foods_by_id[fid]
            raise InputError(
                f"--prefer {fid!r} ({food.name}, {food.group}) cannot be planned: its category "
                "has no place in a meal, the diet or an --exclude rules it out, or it has no "
                "household portion",
                field="prefer",
            )


DIARY_CODES = DIARY_NUTRIENTS
