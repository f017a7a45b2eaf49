"""The rule language of the knowledge files: terms, alternatives, and the first rule that
holds (red flags are decided by it, most urgent first)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from b12.core.facts import Facts, FirstRule, compile_rule

NAMES = ["a", "b", "c", "d", "e"]
NUMBERS = ["x", "y"]

plain = st.sampled_from(NAMES)
negated = plain.map(lambda n: "!" + n)
comparison = st.builds(
    lambda name, op, num: f"{name}{op}{num}",
    st.sampled_from(NUMBERS),
    st.sampled_from(["<", "<=", ">", ">="]),
    st.integers(0, 4),
)
term = st.one_of(plain, negated, comparison, comparison.map(lambda t: "!" + t))
rules = st.lists(st.lists(st.lists(term, min_size=1, max_size=3), max_size=3), max_size=6)
facts = st.builds(
    Facts,
    st.sets(plain),
    st.dictionaries(st.sampled_from(NUMBERS), st.integers(0, 4).map(float)),
)


def _term_holds(term: str, f: Facts) -> bool:
    """The language as documented, written the slow and obvious way."""
    if term.startswith("!"):
        return not _term_holds(term[1:], f)
    for op in ("<=", ">=", "<", ">"):
        if op in term:
            name, number = term.split(op)
            value = f.numbers.get(name)
            if value is None:
                return False
            return {
                "<=": value <= float(number),
                ">=": value >= float(number),
                "<": value < float(number),
                ">": value > float(number),
            }[op]
    return term in f.names


def _first(rule_list: list[list[list[str]]], f: Facts) -> int | None:
    for index, rule in enumerate(rule_list):
        if any(all(_term_holds(t, f) for t in alternative) for alternative in rule):
            return index
    return None


@given(rules, facts)
def test_first_rule_is_the_first_whose_alternative_holds(
    rule_list: list[list[list[str]]], f: Facts
) -> None:
    assert FirstRule(rule_list).first(f) == _first(rule_list, f)


@given(st.lists(st.lists(term, min_size=1, max_size=3), max_size=3), facts)
def test_a_compiled_rule_holds_as_written(rule: list[list[str]], f: Facts) -> None:
    expected = any(all(_term_holds(t, f) for t in alternative) for alternative in rule)
    assert compile_rule(rule).holds(f) == expected


def test_terms() -> None:
    f = Facts({"heat"}, {"lab:potassium": 2.4})
    assert f.holds("heat")
    assert not f.holds("!heat")
    assert f.holds("!cool")
    assert f.holds("lab:potassium<2.5")
    assert not f.holds("lab:potassium>=2.5")
    assert not f.holds("lab:sodium<125")  # not measured: no comparison holds
    assert f.holds("!lab:sodium<125")
    assert not f.holds("cool")
    assert not f.holds("lab:potassium<two")  # unreadable: never holds
