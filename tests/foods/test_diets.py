"""Diet eligibility on real SR28/FNDDS names and groups (rules in src/b12/foods/diets.toml)."""

from __future__ import annotations

import pytest

from b12.errors import InputError
from b12.foods.diets import DIETS, Eligibility, eligibility, for_adults, load_rules

# (name, source:group, diet, allowed) — names and groups as the sources spell them.
CASES = [
    # vegan: no meat, fish, dairy, eggs or honey
    ("Almond milk, unsweetened", "fndds:1902", "vegan", True),
    ("Beverages, almond milk, unsweetened, shelf stable", "sr28:1400", "vegan", True),
    (
        "Soymilk, original and vanilla, with added calcium, vitamins A and D",
        "sr28:1600",
        "vegan",
        True,
    ),
    (
        "Oatmeal, regular or quick, made with non-dairy milk, no added fat",
        "fndds:4802",
        "vegan",
        True,
    ),
    (
        "Cereals ready-to-eat, KELLOGG, KELLOGG'S ALL-BRAN COMPLETE Wheat Flakes",
        "sr28:0800",
        "vegan",
        True,
    ),
    ("Nuts, almond butter, plain, without salt added", "sr28:1200", "vegan", True),
    ("Peanut butter, smooth style, with salt", "sr28:1600", "vegan", True),
    ("Eggplant, raw", "sr28:1100", "vegan", True),
    ("Beans, kidney, red, mature seeds, raw", "sr28:1600", "vegan", True),
    ("Vegan mayonnaise", "fndds:8010", "vegan", True),
    ("MORNINGSTAR FARMS Grillers Vegan, frozen, unprepared", "sr28:1600", "vegan", True),
    ("Yogurt, almond milk", "fndds:1904", "vegan", True),
    ("Milk, whole", "fndds:1002", "vegan", False),
    ("Milk, whole, 3.25% milkfat, with added vitamin D", "sr28:0100", "vegan", False),
    ("Egg, whole, raw", "fndds:2502", "vegan", False),
    ("Honey", "sr28:1900", "vegan", False),
    ("Cereals ready-to-eat, GENERAL MILLS, HONEY NUT CHEERIOS", "sr28:0800", "vegan", False),
    ("Candies, milk chocolate", "sr28:1900", "vegan", False),
    (
        "Cereals ready-to-eat, POST, Honey Bunches of Oats, with almonds",
        "sr28:0800",
        "vegan",
        False,
    ),
    ("Mayonnaise, regular", "fndds:8010", "vegan", False),
    ("Bacon, meatless", "sr28:1600", "vegan", False),
    ("LOMA LINDA Big Franks, canned, unprepared", "sr28:1600", "vegan", False),
    ("Bread, white, commercially prepared", "sr28:1800", "vegan", False),  # may hold milk
    ("Gelatin desserts, dry mix", "sr28:1900", "vegan", False),
    # vegetarian: no meat or fish; dairy and eggs fine
    ("Cheese, cheddar", "sr28:0100", "vegetarian", True),
    ("Egg, whole, raw, fresh", "sr28:0100", "vegetarian", True),
    ("Milk, whole", "fndds:1002", "vegetarian", True),
    ("Bacon, meatless", "sr28:1600", "vegetarian", True),
    ("Chicken, meatless", "sr28:1600", "vegetarian", True),
    ("Hot dog, vegetarian", "fndds:2806", "vegetarian", True),
    ("Pizza, cheese, stuffed crust", "fndds:3602", "vegetarian", True),
    ("Chili, vegetarian", "fndds:3102", "vegetarian", True),
    ("Veggie burger", "fndds:2806", "vegetarian", True),
    (
        "Beef, variety meats and by-products, liver, cooked, pan-fried",
        "sr28:1300",
        "vegetarian",
        False,
    ),
    ("Liver, beef", "fndds:2010", "vegetarian", False),
    ("Mollusks, clam, mixed species, cooked, moist heat", "sr28:1500", "vegetarian", False),
    ("Pizza with pepperoni, stuffed crust", "fndds:3602", "vegetarian", False),
    ("Chili con carne with beans", "fndds:3002", "vegetarian", False),
    ("Fried rice, NFS", "fndds:3402", "vegetarian", False),  # may hold meat, does not say
    ("Soup, chicken noodle, canned, condensed", "sr28:0600", "vegetarian", False),
    ("Gelatin desserts, dry mix", "sr28:1900", "vegetarian", False),
    ("Spaghetti with meat sauce", "fndds:3204", "vegetarian", False),
    # pescatarian: no meat; fish and seafood fine
    ("Clams, steamed or boiled", "fndds:2404", "pescatarian", True),
    ("Fish, salmon, baked or broiled", "fndds:2402", "pescatarian", True),
    ("Shrimp fried rice", "fndds:3402", "pescatarian", True),
    ("Tuna noodle casserole", "fndds:3006", "pescatarian", True),
    ("Chicken breast, roasted", "fndds:2202", "pescatarian", False),
    ("Pork fried rice", "fndds:3402", "pescatarian", False),
    ("Pork, fresh, ground, raw", "sr28:1000", "pescatarian", False),
    # omnivore: everything
    (
        "Beef, variety meats and by-products, liver, cooked, pan-fried",
        "sr28:1300",
        "omnivore",
        True,
    ),
    ("Honey", "sr28:1900", "omnivore", True),
]


def _verdict(diet: str, name: str, group: str) -> Eligibility:
    source, colon, code = group.partition(":")
    assert colon and source in ("sr28", "fndds"), group
    return eligibility(diet, name=name, source=source, group_code=code)


@pytest.mark.parametrize(("name", "group", "diet", "allowed"), CASES)
def test_diet_eligibility(name: str, group: str, diet: str, allowed: bool) -> None:
    verdict = _verdict(diet, name, group)
    assert verdict.allowed is allowed, verdict.reason


def test_every_decision_says_why() -> None:
    assert "honey" in _verdict("vegan", "Honey", "sr28:1900").reason
    beef = eligibility(
        "vegan", name="Beef, raw", source="sr28", group_code="1300", group_name="Beef Products"
    )
    assert "Beef Products" in beef.reason
    assert _verdict("vegan", "Vegan mayonnaise", "fndds:8010").reason == "described as vegan"


def test_group_codes_are_read_with_their_source() -> None:
    # SR28 group 1100 is vegetables; FNDDS category 1100 would fall among the milks.
    assert _verdict("vegan", "Spinach, raw", "sr28:1100").allowed
    assert not _verdict("vegan", "Spinach, raw", "fndds:1100").allowed


def test_stricter_diets_allow_no_more_than_looser_ones() -> None:
    order = ["omnivore", "pescatarian", "vegetarian", "vegan"]
    for name, group, *_ in CASES:
        allowed = [_verdict(d, name, group).allowed for d in order]
        # once a diet refuses a food, every stricter diet refuses it too
        assert allowed == sorted(allowed, reverse=True), (name, allowed)


def test_unknown_diets_are_input_errors_listing_the_diets() -> None:
    with pytest.raises(InputError, match="vegan"):
        _verdict("keto", "Honey", "sr28:1900")


def test_the_rule_file_defines_every_diet_and_every_word_list_it_uses() -> None:
    rules = load_rules()
    assert set(rules.diets) == set(DIETS)


def test_infant_foods_are_not_for_adults() -> None:
    assert not for_adults("sr28", "0300")  # SR28 Baby Foods
    assert not for_adults("fndds", "9404")  # FNDDS formula, prepared from powder
    assert for_adults("sr28", "0800")
    assert for_adults("fndds", "0300")
