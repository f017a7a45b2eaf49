"""The amount parser: numbers, weights, household measures, volumes, and clear errors."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b12.errors import InputError
from b12.foods.model import Food, Portion
from b12.foods.portions import GRAMS_PER, MAX_GRAMS, parse_amount, parse_quantity

MILK = Food(
    id="sr28:01077",
    name="Milk, whole, 3.25% milkfat, with added vitamin D",
    source="sr28",
    group="Dairy and Egg Products",
    group_code="0100",
    nutrients={"b12": 0.45},
    portions=(
        Portion("1 cup", 244.0, 1.0, "cup", 1),
        Portion("1 quart", 976.0, 1.0, "quart", 2),
        Portion("1 fl oz", 30.5, 1.0, "fl oz", 3),
        Portion("0.5 cup, whipped", 30.0, 0.5, "cup, whipped", 4),
    ),
)
BREAD = Food(
    id="fndds:51000100",
    name="Bread, NS as to major flour",
    source="fndds",
    group="Yeast breads",
    group_code="4202",
    nutrients={},
    portions=(
        Portion("1 large or thick slice", 40.0, 1.0, "large or thick slice", 1),
        Portion("1 slice", 29.0, 1.0, "slice", 2),
        Portion("1 small or thin/very thin slice", 20.0, 1.0, "small or thin/very thin slice", 3),
        Portion("1 slice, crust not eaten", 19.0, 1.0, "slice, crust not eaten", 4),
        Portion("Quantity not specified", 29.0, 1.0, "Quantity not specified", 5),
    ),
)
EGG = Food(
    id="sr28:01123",
    name="Egg, whole, raw, fresh",
    source="sr28",
    group="Dairy and Egg Products",
    group_code="0100",
    nutrients={},
    portions=(
        Portion("1 cup (4.86 large eggs)", 243.0, 1.0, "cup (4.86 large eggs)", 1),
        Portion("1 extra large", 56.0, 1.0, "extra large", 2),
        Portion("1 jumbo", 63.0, 1.0, "jumbo", 3),
        Portion("1 large", 50.0, 1.0, "large", 4),
        Portion("1 medium", 44.0, 1.0, "medium", 5),
    ),
)
LIVER = Food(
    id="sr28:13327",
    name="Beef, variety meats and by-products, liver, cooked, pan-fried",
    source="sr28",
    group="Beef Products",
    group_code="1300",
    nutrients={"b12": 83.13},
    portions=(Portion("1 slice", 81.0, 1.0, "slice", 1),),
)


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("3 oz", 3 * 28.349523125),
        ("85 g", 85.0),
        ("85g", 85.0),
        ("0.25 kg", 250.0),
        ("1 lb", 453.59237),
        ("2 ounces", 2 * 28.349523125),
        ("1 slice", 81.0),
        ("2 slices", 162.0),
        ("a slice", 81.0),
        ("half a slice", 40.5),
    ],
)
def test_weights_and_portions_of_beef_liver(text: str, grams: float) -> None:
    assert parse_amount(text, LIVER).grams == pytest.approx(grams)


def test_three_ounces_of_liver_is_about_70_7_ug_of_b12() -> None:
    amount = parse_amount("3 oz", LIVER)
    b12 = LIVER.for_grams(amount.grams)["b12"]
    assert b12 is not None
    assert b12.value == pytest.approx(70.7, abs=0.01)
    assert (amount.unit, amount.portion) == ("oz", None)


@pytest.mark.parametrize(
    ("text", "grams", "portion"),
    [
        ("1 cup", 244.0, "1 cup"),
        ("1/2 cup", 122.0, "1 cup"),
        ("½ cup", 122.0, "1 cup"),
        ("1 1/2 cups", 366.0, "1 cup"),
        ("1½ cups", 366.0, "1 cup"),
        ("1-1/2 cups", 366.0, "1 cup"),
        ("2 fl oz", 61.0, "1 fl oz"),
        ("1 cup whipped", 60.0, "0.5 cup, whipped"),  # the 0.5-cup measure, doubled
        ("250 ml", 250 * 244.0 / 236.5882365, "1 cup"),  # density from the cup
        ("1 tbsp", 14.78676478125 * 244.0 / 236.5882365, "1 cup"),
    ],
)
def test_milk_by_volume(text: str, grams: float, portion: str) -> None:
    amount = parse_amount(text, MILK)
    assert amount.grams == pytest.approx(grams)
    assert amount.portion is not None
    assert amount.portion.description == portion


@pytest.mark.parametrize(
    ("text", "grams"),
    [("1 slice", 29.0), ("2 slices", 58.0), ("1 large slice", 40.0), ("1 thin slice", 20.0)],
)
def test_the_plainest_portion_with_the_words_wins(text: str, grams: float) -> None:
    assert parse_amount(text, BREAD).grams == grams


def test_two_large_eggs() -> None:
    assert parse_amount("2 large", EGG).grams == 100.0
    assert parse_amount("1 extra large", EGG).grams == 56.0


@pytest.mark.parametrize(
    ("text", "grams", "portion"),
    [
        ("1 large egg", 50.0, "large"),  # the food's own name beside its portion
        ("2 large eggs", 100.0, "large"),
        ("1 egg", 44.0, "medium"),  # no size: a medium one, and the result says so
        ("an egg", 44.0, "medium"),
    ],
)
def test_the_food_named_as_its_own_unit(text: str, grams: float, portion: str) -> None:
    resolved = parse_amount(text, EGG)
    assert (resolved.grams, resolved.unit) == (grams, portion)


def test_a_food_named_with_a_portion_it_lacks_is_refused() -> None:
    with pytest.raises(InputError, match="1 large"):
        parse_amount("1 bowl egg", EGG)


def test_an_unknown_measure_lists_the_foods_portions() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount("1 bowl", LIVER)
    message = str(caught.value)
    assert "1 slice (81 g)" in message
    assert "sr28:13327" in message
    assert caught.value.field == "amount"


def test_a_volume_for_a_food_without_volume_measures_is_explained() -> None:
    with pytest.raises(InputError, match="no volume measure"):
        parse_amount("1 cup", LIVER)


@pytest.mark.parametrize("text", ["3", "", "   ", "0 g", "-1 g", "1/0 cup", "200 kg"])
def test_bad_amounts_are_input_errors(text: str) -> None:
    with pytest.raises(InputError):
        parse_amount(text, LIVER)


def test_a_bare_number_asks_for_a_unit() -> None:
    with pytest.raises(InputError, match="has no unit"):
        parse_amount("3", LIVER)


# Properties --------------------------------------------------------------------------

quantities = st.fractions(min_value=Fraction(1, 64), max_value=Fraction(200), max_denominator=64)


def _as_text(q: Fraction) -> str:
    if q.denominator == 1:
        return str(q.numerator)
    whole, rest = divmod(q.numerator, q.denominator)
    frac = f"{rest}/{q.denominator}"
    return f"{whole} {frac}" if whole else frac


@given(q=quantities, unit=st.sampled_from(sorted(GRAMS_PER)))
def test_weights_convert_exactly_up_to_100_kg(q: Fraction, unit: str) -> None:
    text = f"{_as_text(q)} {unit}"
    grams = float(q) * GRAMS_PER[unit]
    if grams > MAX_GRAMS:
        with pytest.raises(InputError, match="above 100 kg"):
            parse_amount(text, LIVER)
    else:
        assert parse_amount(text, LIVER).grams == pytest.approx(grams)


@given(q=quantities)
def test_portions_scale_linearly(q: Fraction) -> None:
    one = parse_amount("1 cup", MILK).grams
    assert parse_amount(f"{_as_text(q)} cups", MILK).grams == pytest.approx(float(q) * one)


@given(q=quantities)
def test_fraction_decimal_and_mixed_forms_agree(q: Fraction) -> None:
    as_fraction = parse_amount(f"{_as_text(q)} slice", LIVER).grams
    as_decimal = parse_amount(f"{float(q)!r} slice", LIVER).grams
    assert as_fraction == pytest.approx(as_decimal)


@given(st.text(max_size=30))
def test_any_text_gives_positive_grams_or_an_input_error(text: str) -> None:
    for food in (LIVER, MILK, BREAD):
        try:
            amount = parse_amount(text, food)
        except InputError:
            continue
        assert math.isfinite(amount.grams)
        assert 0 < amount.grams <= 100_000


@given(
    whole=st.integers(min_value=0, max_value=20),
    glyph=st.sampled_from(["½", "¼", "¾", "⅓", "⅔", "⅛"]),
)
def test_unicode_fractions_read_like_ascii_ones(whole: int, glyph: str) -> None:
    plain = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3", "⅛": "1/8"}[glyph]
    text = f"{whole}{glyph}" if whole else glyph
    ascii_text = f"{whole} {plain}" if whole else plain
    assert parse_quantity(text)[0] == parse_quantity(ascii_text)[0]
