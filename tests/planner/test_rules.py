"""Each realism rule shown to bite: the same request with the rule switched off breaks it.
Also: every diet pattern, infeasible requests explained, bad input, the absorption
linearisation and the energy equations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pytest

from b12.core.absorption import doets_absorbed
from b12.core.diary import Profile
from b12.errors import InputError
from b12.foods.diets import DIETS, diet_by_name, eligibility
from b12.foods.model import Food
from b12.knowledge import Knowledge
from b12.planner.catalog import (
    Option,
    Preferences,
    family_of,
    is_everyday,
    normalised,
    options_for,
    pools,
)
from b12.planner.milp import BREAKPOINTS_UG, chords
from b12.planner.plan import amount_text, plan_meals
from b12.planner.request import PlanRequest, day_targets, eer_kcal
from b12.planner.result import Plan
from tests.planner.conftest import START

OLD = Profile("Bert", 72, "male", diet="omnivore")
APPLESAUCES = ("fndds:63101110", "fndds:63101120", "fndds:63101150")  # one family


def _plan(foods: Sequence[Food], knowledge: Knowledge, **kw: object) -> Plan:
    request = PlanRequest(**{"profile": OLD, "days": 1, "start": START, **kw})  # type: ignore[arg-type]
    return plan_meals(request, foods, knowledge)


def _items(plan: Plan) -> list[tuple[str, str, str]]:
    return [(i.entry.food_id, i.entry.food_name, i.role) for d in plan.days for m in d.meals
            for i in m.items]  # fmt: skip


@pytest.mark.realdata
def test_family_rule_bites(
    foods: list[Food], foods_by_id: dict[str, Food], knowledge: Knowledge
) -> None:
    """Three applesauces preferred (cost nothing): the rule keeps a day to two of them."""

    def most(plan: Plan) -> int:
        fams = Counter(family_of(foods_by_id[fid]) for fid, _, _ in _items(plan))
        return max(fams.values())

    assert most(_plan(foods, knowledge, prefer=APPLESAUCES)) <= 2
    assert most(_plan(foods, knowledge, prefer=APPLESAUCES, rules_off=frozenset({"family"}))) > 2


@pytest.mark.realdata
def test_variety_rule_bites(foods: list[Food], knowledge: Knowledge) -> None:
    def most_days(plan: Plan) -> int:
        counts = Counter(
            fid for fid, _, role in _items(plan) if not role.endswith(("drink", "water"))
        )
        return max(counts.values())

    limit = knowledge.planner.roles_rules.max_days_per_week
    assert most_days(_plan(foods, knowledge, days=7)) <= limit
    assert most_days(_plan(foods, knowledge, days=7, rules_off=frozenset({"variety"}))) > limit


@pytest.mark.realdata
def test_not_a_meal_rule_bites(foods: list[Food], knowledge: Knowledge) -> None:
    rules = knowledge.planner.roles_rules

    def odd(plan: Plan) -> list[str]:
        return [
            name for _, name, role in _items(plan)
            if any(normalised(w) in normalised(name) for w in rules.exclude_words
                   if not (w == "raw" and role in rules.raw_ok_roles))
        ]  # fmt: skip

    assert odd(_plan(foods, knowledge, days=3)) == []
    assert odd(_plan(foods, knowledge, days=3, rules_off=frozenset({"exclude_words"})))


@pytest.mark.realdata
@pytest.mark.parametrize("diet", DIETS)
def test_every_diet_respected(
    foods: list[Food], foods_by_id: dict[str, Food], knowledge: Knowledge, diet: str
) -> None:
    plan = _plan(foods, knowledge, days=2, diet=diet)
    assert plan.days
    for fid, name, _ in _items(plan):
        f = foods_by_id[fid]
        assert eligibility(diet, name=name, source=f.source, group_code=f.group_code).allowed


@pytest.mark.realdata
def test_exclude_prefer_avoid(foods: list[Food], knowledge: Knowledge) -> None:
    base = _plan(foods, knowledge)
    first = _items(base)[0]
    avoided = _plan(foods, knowledge, avoid=(first[0],))
    assert first[0] not in {fid for fid, _, _ in _items(avoided)}
    word = first[1].split(",")[0].split()[0]
    excluded = _plan(foods, knowledge, exclude=(word,))
    assert all(normalised(word) not in normalised(n) for _, n, _ in _items(excluded))
    preferred = _plan(foods, knowledge, prefer=("fndds:63101000",))  # apple, raw
    assert "fndds:63101000" in {fid for fid, _, _ in _items(preferred)}


@pytest.mark.realdata
def test_no_dose_allowed_without_if_route_is_explained(
    foods: list[Food], knowledge: Knowledge
) -> None:
    person = Profile("Eve", 60, "female", conditions=["gastrectomy"])
    plan = _plan(foods, knowledge, profile=person, supplements="none")
    (b12,) = [u for u in plan.unmet if u.nutrient == "b12_absorbed"]
    assert b12.days == (1,)
    assert "1000 µg" in b12.why and "clinician" in b12.why and "--supplements none" in b12.why
    assert plan.days[0].supplements == ()


@pytest.mark.realdata
def test_pernicious_anaemia_gets_at_least_1_mg(foods: list[Food], knowledge: Knowledge) -> None:
    person = Profile("Flo", 45, "female", conditions=["autoimmune_gastritis"])
    plan = _plan(foods, knowledge, profile=person, days=2)
    assert plan.supplement is not None and plan.supplement["dose_ug"] >= 1000
    assert not [u for u in plan.unmet if u.nutrient.startswith("b12")]


def test_empty_role_is_explained(foods_by_id: dict[str, Food], knowledge: Knowledge) -> None:
    """Foods that cannot make a dinner: the plan says which place no food can fill."""
    some = [f for f in foods_by_id.values() if f.group_code in ("4604", "1002", "6002")]
    plan = _plan(some, knowledge)
    assert plan.days == ()
    assert any(u.nutrient == "meals" and "at dinner" in u.why for u in plan.unmet)


def test_bad_input_names_the_field(knowledge: Knowledge) -> None:
    with pytest.raises(InputError) as bad:
        _plan([], knowledge, diet="paleo")
    assert bad.value.field == "diet" and "vegan" in str(bad.value)
    with pytest.raises(InputError) as bad:
        _plan([], knowledge, supplements="lots")
    assert bad.value.field == "supplements"
    with pytest.raises(InputError) as bad:
        _plan([], knowledge, profile=Profile("X", 40))
    assert bad.value.field == "sex" and "--energy" in str(bad.value)
    with pytest.raises(InputError) as bad:
        _plan([], knowledge, prefer=("fndds:99999999",))
    assert bad.value.field == "prefer"


def test_chords_stay_under_the_model(knowledge: Knowledge) -> None:
    """The program never counts more absorbed food B12 than the model: every chord lies on
    or under the Doets curve (capped at the IF fraction), and touches it at each breakpoint."""
    params = knowledge.absorption.params("central")
    lines = chords(params)
    for step in range(0, 4001):
        x = step / 200  # 0 to 20 µg
        model = doets_absorbed(x, params)
        assert min(s * x + c for s, c in lines) <= model + 1e-12
    for x in BREAKPOINTS_UG:
        assert min(s * x + c for s, c in lines) == pytest.approx(doets_absorbed(x, params))


def test_eer_from_the_iom_equations(knowledge: Knowledge) -> None:
    """A 30-year-old woman, IOM reference body (57 kg, 1.63 m), low active:
    354 - 6.91 x 30 + 1.12 x (9.36 x 57 + 726 x 1.63) = 2069.6 kcal; trimester 2 adds 340."""
    woman = Profile("W", 30, "female")
    assert eer_kcal(PlanRequest(profile=woman), knowledge)[0] == pytest.approx(2069.6, abs=0.1)
    pregnant = Profile("P", 30, "female", pregnant=True)
    assert eer_kcal(PlanRequest(profile=pregnant), knowledge)[0] == pytest.approx(2409.6, abs=0.1)


# --- Everyday meals (issue 16: "the days read like real meals") ------------------------------


@pytest.fixture(scope="module")
def unusual_plan(foods: list[Food], knowledge: Knowledge) -> Plan:
    """The older man's 3 days with the everyday list and the role caps both switched off."""
    return _plan(foods, knowledge, days=3, rules_off=frozenset({"everyday", "role_caps"}))


@pytest.mark.realdata
def test_everyday_rule_bites(
    week_plans: Mapping[str, Plan],
    unusual_plan: Plan,
    foods_by_id: dict[str, Food],
    knowledge: Knowledge,
) -> None:
    """Every planned food is on its role's everyday list; without the list the pool is the
    foods densest in the targets, and some are not (cactus, crayfish, frozen coffee drinks)."""

    def unusual(plan: Plan) -> list[str]:
        every = knowledge.planner
        return [name for fid, name, role in _items(plan)
                if not is_everyday(foods_by_id[fid], role, every, plan.diet)]  # fmt: skip

    for plan in week_plans.values():
        assert unusual(plan) == []
    assert unusual(unusual_plan)


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("diet", "everyday"), [("vegan", True), ("vegetarian", True), ("omnivore", False)]
)
def test_meat_alternatives_are_everyday_only_instead_of_meat(
    foods_by_id: dict[str, Food], knowledge: Knowledge, diet: str, everyday: bool
) -> None:
    burger = next(f for f in foods_by_id.values() if f.name == "Veggie burger, on bun")
    fillet = next(f for f in foods_by_id.values() if f.name == "Vegetarian, fillet")
    assert is_everyday(burger, "lunch_main", knowledge.planner, diet) is everyday
    assert is_everyday(fillet, "dinner_protein", knowledge.planner, diet) is everyday
    tofu = next(f for f in foods_by_id.values() if f.name == "Soybean curd")
    assert is_everyday(tofu, "dinner_protein", knowledge.planner, diet)


@pytest.mark.realdata
def test_one_water_entry(foods: list[Food], knowledge: Knowledge) -> None:
    """The index has two waters ('Water, NFS' and 'Water, tap'); the water roles offer one."""
    pref = Preferences(diet_by_name("omnivore"), (), frozenset(), frozenset(), {}, frozenset())
    options = options_for(foods, knowledge.planner, pref)
    targets = day_targets(PlanRequest(profile=OLD), knowledge)
    params = knowledge.absorption.params("central")
    for role in ("lunch_water", "dinner_water"):
        assert len({o.food_id for o in options[role]}) >= 2
        pooled = pools(options, targets, params, 8, pref)[role]
        assert [o.food.name for o in pooled] == ["Water, tap"]
        off = replace(pref, rules_off=frozenset({"everyday"}))
        assert len(pools(options, targets, params, 8, off)[role]) >= 2


@pytest.mark.realdata
def test_role_caps_bite(
    week_plans: Mapping[str, Plan], unusual_plan: Plan, knowledge: Knowledge
) -> None:
    """One cup of milk on cereal, one cup of coffee, tea or juice, two cups of water a meal:
    a role's max_units holds in every plan, and without it some role goes over."""
    roles = knowledge.planner.roles

    def over(plan: Plan) -> list[tuple[str, int]]:
        return [(i.role, i.units) for d in plan.days for m in d.meals for i in m.items
                if roles[i.role].max_units is not None
                and i.units > (roles[i.role].max_units or 0)]  # fmt: skip

    for plan in week_plans.values():
        assert over(plan) == []
    assert over(unusual_plan)


def _option_with(foods: Sequence[Food], knowledge: Knowledge, measure: str) -> Option:
    pref = Preferences(diet_by_name("omnivore"), (), frozenset(), frozenset(), {},
                       frozenset({"everyday", "role_caps"}))  # fmt: skip
    for opts in options_for(foods, knowledge.planner, pref).values():
        for o in opts:
            if o.unit.measure == measure:
                return o
    raise AssertionError(f"no food with the measure {measure!r}")


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("measure", "units", "text"),
    [
        ("tube", 3, "3 tubes"),
        ("tube", 1, "1 tube"),
        ("oz dry, yield after cooking", 4, "cooked from 4 oz dry"),
        ("5.3 oz container", 2, "2 containers (5.3 oz)"),
        ("cup", 2, "2 cups"),
        ("medium", 2, "2 medium"),
        ("oz", 3, "3 oz"),
        ("slice with sauce", 2, "2 slices with sauce"),
        ("patty", 2, "2 patties"),
    ],
)
def test_unit_wording(
    foods: list[Food], knowledge: Knowledge, measure: str, units: int, text: str
) -> None:
    """FNDDS measures are written for one: the count goes on the unit, not the size."""
    assert amount_text(_option_with(foods, knowledge, measure), units) == text
