"""Search: word order, plurals, prefixes, misspellings, and the everyday record first."""

from __future__ import annotations

import pytest

from b12.errors import InputError
from b12.foods.index import FoodIndex
from b12.foods.kinds import Kind, classify
from b12.foods.search import (
    best_correction,
    edit_distance,
    match_expression,
    parse_query,
    prefix_distance,
)


def ids(index: FoodIndex, query: str, limit: int = 10) -> list[str]:
    return [h.id for h in index.search(query, limit)]


def test_word_order_does_not_matter(fixture_index: FoodIndex) -> None:
    assert ids(fixture_index, "beef liver") == ids(fixture_index, "liver beef")
    assert "sr28:13327" in ids(fixture_index, "liver beef pan fried")


def test_plural_and_singular_find_the_same_foods(fixture_index: FoodIndex) -> None:
    assert ids(fixture_index, "clams") == ids(fixture_index, "clam")
    assert ids(fixture_index, "clams")[0] in {"fndds:26303160", "sr28:15159"}


def test_a_half_typed_last_word_is_a_prefix(fixture_index: FoodIndex) -> None:
    assert ids(fixture_index, "almond mil")[0] == "fndds:11350020"
    assert "sr28:15159" in ids(fixture_index, "cla")
    assert ids(fixture_index, "cl ") == []  # a finished two-letter word matches nothing


def test_misspellings_are_corrected(fixture_index: FoodIndex) -> None:
    assert ids(fixture_index, "chedar")[0] == "sr28:01009"
    assert ids(fixture_index, "brann flakes")[0] == "sr28:08029"
    assert "sr28:15159" in ids(fixture_index, "clamz")
    assert ids(fixture_index, "almnd milk")[0] == "fndds:11350020"


def test_diacritics_and_case_are_ignored(fixture_index: FoodIndex) -> None:
    assert ids(fixture_index, "JALAPEÑO") == ids(fixture_index, "jalapeno") == ["sr28:11979"]


def test_basic_foods_come_before_dishes_unless_the_query_names_a_dish(
    fixture_index: FoodIndex,
) -> None:
    cheese = ids(fixture_index, "cheese")
    assert cheese[0] == "sr28:01009"  # Cheese, cheddar
    assert cheese.index("sr28:01009") < cheese.index("sr28:21505")  # before the pizza
    assert ids(fixture_index, "cheese pizza")[0] in {"sr28:21505", "fndds:58106233"}


def test_egg_means_eggs_not_eggplant(fixture_index: FoodIndex) -> None:
    found = ids(fixture_index, "egg")
    assert found[:2] == ["fndds:31101010", "sr28:01123"] or found[:2] == [
        "sr28:01123",
        "fndds:31101010",
    ]
    assert found.index("sr28:11209") > 1  # Eggplant comes later


def test_infant_foods_are_found_when_asked_for(fixture_index: FoodIndex) -> None:
    assert ids(fixture_index, "clif z bar")[0] == "sr28:03000"
    assert parse_query("baby bar").wants_infant


def test_kinds_come_from_the_source_groups() -> None:
    assert classify("sr28", "0300") is Kind.INFANT
    assert classify("sr28", "2100") is Kind.DISH
    assert classify("sr28", "1300") is Kind.BASIC
    assert classify("fndds", "3602") is Kind.DISH  # pizza
    assert classify("fndds", "2010") is Kind.BASIC  # liver and organ meats
    assert classify("fndds", "9404") is Kind.INFANT  # formula
    assert classify("fndds", "not a number") is Kind.OTHER


def test_hits_carry_b12_and_missing_stays_none(fixture_index: FoodIndex) -> None:
    (hit,) = fixture_index.search("jalapeno")
    assert hit.b12_per_100g is None
    liver = next(h for h in fixture_index.search("beef liver") if h.id == "sr28:13327")
    assert (liver.b12_per_100g, liver.b12_added_per_100g) == (83.13, 0.0)
    assert liver.group == "Beef Products"


@pytest.mark.parametrize(
    "query", ['"', "*", "AND", "OR NOT", "milk)", 'beef" OR "x', "^~", "NEAR(a b)", "-", ""]
)
def test_fts_syntax_in_a_query_is_just_text(fixture_index: FoodIndex, query: str) -> None:
    fixture_index.search(query)  # must not raise sqlite3.OperationalError


def test_limit_is_checked(fixture_index: FoodIndex) -> None:
    assert len(fixture_index.search("milk", 2)) == 2
    with pytest.raises(InputError, match="limit"):
        fixture_index.search("milk", 0)


def test_a_word_typed_twice_is_searched_once(fixture_index: FoodIndex) -> None:
    assert parse_query("milk Milk milk").terms == ("milk",)
    assert ids(fixture_index, "clam clams clam") == ids(fixture_index, "clam clams")


def test_a_repeated_search_gives_the_same_answer_and_callers_cannot_spoil_it(
    fixture_index: FoodIndex,
) -> None:
    first = fixture_index.search("milk", 5)
    first.clear()  # the caller owns its list; the remembered answer is untouched
    again = fixture_index.search("milk", 5)
    assert len(again) == 5
    assert again == fixture_index.search("  MILK", 5)  # same words, same answer
    assert fixture_index.search("milk", 2) == again[:2]
    with FoodIndex(fixture_index.path, remembered_searches=0) as forgetful:
        assert forgetful.search("milk", 5) == again  # memory changes speed, never the answer


def test_query_parsing() -> None:
    q = parse_query("Beef  livers ")
    assert q.terms == ("beef", "livers")
    assert not q.prefix_last
    assert parse_query("chicken sandwiches").wants_dish
    assert not parse_query("chicken").wants_dish
    assert parse_query("of the").terms == ("of", "the")  # only stop words: keep them


def test_match_expression_quotes_terms_and_groups_alternatives() -> None:
    assert match_expression([("beef",), ("liv",)], prefix_last=True) == '"beef" AND "liv"*'
    assert match_expression([("chedar", "cheddar")], prefix_last=False) == '("chedar" OR "cheddar")'
    assert match_expression([("ch",)], prefix_last=True) == 'head : "ch"*'
    assert match_expression([("a",), ("b",)], prefix_last=False, any_term=True) == '"a" OR "b"'


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("chedar", "cheddar", 1), ("yoghurt", "yogurt", 1), ("brocolli", "broccoli", 2),
     ("banana", "banana", 0), ("salmno", "salmon", 1), ("abc", "xyz", 3)],
)  # fmt: skip
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, 5) == distance


def test_edit_distance_stops_at_the_limit() -> None:
    assert edit_distance("chicken", "zucchini", 2) == 3


def test_prefix_distance_compares_with_the_start_of_the_word() -> None:
    assert prefix_distance("brocol", "broccoli", 2) == 1
    assert prefix_distance("chik", "chicken", 1) == 1


def test_best_correction_prefers_close_then_common_words() -> None:
    candidates = [("cheddar", 50), ("chedda", 1), ("cheese", 400)]
    assert best_correction("chedar", candidates, prefix=False) == "cheddar"
    assert best_correction("egg", candidates, prefix=False) is None  # too short to guess
    assert best_correction("zzzzzz", candidates, prefix=False) is None
