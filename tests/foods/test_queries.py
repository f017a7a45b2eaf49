"""The pure query helpers: synonyms, qualifiers, form words, percentages, compounds."""

from __future__ import annotations

from b12.foods.queries import compound_splits, joined, missing_note, rewrite
from b12.foods.search import has_phrase

VOCAB = {"corn": 249, "flakes": 30, "soymilk": 30, "soy": 237, "milk": 452}


def freq(word: str) -> int:
    return VOCAB.get(word, 0)


def test_compound_words_split_and_join() -> None:
    assert compound_splits("cornflakes", freq) == "corn flakes"
    assert compound_splits("cornflakez", freq) is None
    assert joined("soy", "milk", freq) == "soymilk"
    assert joined("corn", "milk", freq) is None


def test_percent_goes_first_and_qualifiers_filter() -> None:
    assert rewrite("milk 2%").text == "2% milk"
    assert rewrite("milk 2 %").text == "2% milk"
    fortified = rewrite("fortified cereal")
    assert fortified.fortified and fortified.text == "cereal"
    assert not rewrite("cereal").fortified


def test_form_words_drop_while_other_words_remain() -> None:
    assert rewrite("salmon fillet").text == "salmon"
    assert rewrite("fillet").text == "fillet"


def test_synonyms_and_missing_notes() -> None:
    assert rewrite("nori").text == "seaweed laver"
    assert rewrite("marmite on toast").text.startswith("yeast extract spread")
    note = missing_note("Nutritional Yeast flakes")
    assert note is not None and "b12 log supplement" in note
    assert missing_note("yeast") is None


def test_phrase_in_any_order() -> None:
    assert has_phrase("Cereals ready-to-eat, POST Raisin Bran Cereal", "raisin bran")
    assert has_phrase("Cereals ready-to-eat, POST Raisin Bran Cereal", "bran raisin")
    assert not has_phrase("Muffin, English, oat bran, with raisins", "raisin bran")
