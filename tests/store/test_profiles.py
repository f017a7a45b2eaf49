"""Profiles: several people in one database, addressed by a unique name."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Any

import pytest

from b12.errors import InputError, NotFoundError
from b12.store import DiaryStore

from . import samples


def test_create_get_list(store: DiaryStore) -> None:
    ana = store.create_profile(samples.profile("Ana"))
    assert ana.id is not None
    assert ana == replace(samples.profile("Ana"), id=ana.id)
    bo = store.create_profile(samples.profile("Bo", age=71, sex=None, diet=None, conditions=[]))
    assert store.get_profile("Ana") == ana
    assert store.get_profile("Bo") == bo
    assert bo.age == 71.0 and isinstance(bo.age, float)
    assert [p.name for p in store.list_profiles()] == ["Ana", "Bo"]


def test_unicode_names_are_one_name_however_composed(store: DiaryStore) -> None:
    composed = "Zoë Łukasz-Nguyễn 李"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    store.create_profile(samples.profile(decomposed))
    assert store.get_profile(composed).name == composed
    with pytest.raises(InputError, match="already exists"):
        store.create_profile(samples.profile(composed))


def test_unknown_profile_names_it_and_lists_the_others(store: DiaryStore) -> None:
    with pytest.raises(NotFoundError, match="no profile named 'Ana'; there are no profiles yet"):
        store.get_profile("Ana")
    store.create_profile(samples.profile("Bo"))
    store.create_profile(samples.profile("Ana"))
    with pytest.raises(NotFoundError) as err:
        store.get_profile("Carl")
    assert str(err.value) == "profile: no profile named 'Carl'; list the profiles to see the names"
    assert "Ana" not in str(err.value)  # other people's names are never listed


def test_duplicate_name_is_refused(store: DiaryStore) -> None:
    store.create_profile(samples.profile("Ana"))
    with pytest.raises(InputError, match="a profile named 'Ana' already exists"):
        store.create_profile(samples.profile("Ana", age=20))
    assert store.get_profile("Ana").age == 34.5


def test_update_and_rename(store: DiaryStore) -> None:
    ana = store.create_profile(samples.profile("Ana"))
    store.create_profile(samples.profile("Bo"))
    ana.age = 35
    ana.pregnant = True
    ana.conditions = []
    updated = store.update_profile(ana)
    assert store.get_profile("Ana") == updated
    assert updated.age == 35.0 and updated.pregnant and updated.conditions == []
    renamed = store.update_profile(replace(updated, name="Ana María"))
    assert store.get_profile("Ana María").id == ana.id
    with pytest.raises(NotFoundError):
        store.get_profile("Ana")
    with pytest.raises(InputError, match="'Bo' already exists"):
        store.update_profile(replace(renamed, name="Bo"))


def test_update_needs_a_known_id(store: DiaryStore) -> None:
    with pytest.raises(InputError, match="has no id"):
        store.update_profile(samples.profile())
    with pytest.raises(NotFoundError, match="no profile with id 999"):
        store.update_profile(replace(samples.profile(), id=999))


def test_delete_takes_the_diary_with_it(store: DiaryStore) -> None:
    store.create_profile(samples.profile("Ana"))
    store.create_profile(samples.profile("Bo"))
    store.add_entries("Ana", samples.entries())
    kept = store.add_entry("Bo", samples.food())
    assert store.delete_profile("Ana") == len(samples.entries())
    assert [p.name for p in store.list_profiles()] == ["Bo"]
    assert [r.profile.name for r in store.read_all()] == ["Bo"]
    assert store.list_entries("Bo") == [kept]
    with pytest.raises(NotFoundError, match="no profile named"):
        store.delete_profile("Ana")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "non-empty text"),
        ({"name": " Ana"}, "name", "spaces"),
        ({"name": "x" * 101}, "name", "at most 100"),
        ({"age": -1}, "age", "0 or more"),
        ({"age": float("nan")}, "age", "finite"),
        ({"age": 131}, "age", "at most 130"),
        ({"age": "34"}, "age", "must be a number"),
        ({"sex": "f"}, "sex", "female, male"),
        ({"diet": "keto"}, "diet", "omnivore, pescatarian, vegetarian, vegan"),
        ({"pregnant": 1}, "pregnant", "true or false"),
        ({"conditions": ["gastritis"]}, "conditions[0]", "autoimmune_gastritis"),
        ({"conditions": ["gastrectomy", "gastrectomy"]}, "conditions", "twice"),
        ({"reference": ""}, "reference", "non-empty"),
    ],
)
def test_bad_profiles_are_refused_naming_the_field(
    store: DiaryStore, changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as err:
        store.create_profile(replace(samples.profile(), **changes))
    assert err.value.field == field
    assert store.list_profiles() == []
