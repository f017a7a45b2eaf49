"""Property tests: whatever valid entries a person logs come back exactly, and survive an
export and re-import unchanged, on both backends."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b12.core.diary import (
    ABSORPTION_CONDITIONS,
    DIARY_NUTRIENTS,
    CrampEntry,
    DrinkEntry,
    Entry,
    FoodEntry,
    LabEntry,
    Profile,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.models import LabInput, ReferenceRange
from b12.core.scope import (
    MAX_B12_DOSE_UG,
    MAX_CRAMP_MINUTES,
    MAX_DRINK_ML,
    MAX_FOOD_GRAMS,
    MIN_AGE_YEARS,
)
from b12.store import DiaryStore, export_json, import_json

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

zones = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.datetimes(datetime(1900, 1, 1), datetime(2200, 12, 31), timezones=zones)
days = st.dates(date(1900, 1, 1), date(2200, 12, 31))
amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)


def up_to(limit: float) -> st.SearchStrategy[float]:
    """Amounts a diary entry can hold (the store refuses more: see store.validate)."""
    return st.floats(min_value=0, max_value=limit, allow_nan=False, allow_infinity=False)


def above_0_up_to(limit: float) -> st.SearchStrategy[float]:
    return up_to(limit).filter(lambda x: x > 0)


# Any Unicode text a database can hold (no NUL, no lone surrogates), as b12 requires.
storable = st.characters(codec="utf-8", exclude_characters="\x00")
texts = st.text(storable, min_size=1, max_size=30).filter(str.strip)
nutrients = st.dictionaries(st.sampled_from(DIARY_NUTRIENTS), st.none() | amounts)


@st.composite
def ranges(draw: st.DrawFn) -> ReferenceRange:
    low, high = draw(st.none() | amounts), draw(st.none() | amounts)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return ReferenceRange(low=low, high=high)


labs = st.one_of(
    st.builds(
        LabInput,
        test=texts,
        value=amounts,
        unit=texts,
        comparator=st.none() | st.sampled_from(["<", "<=", ">", ">="]),
        reference_range=st.none() | ranges(),
        date=st.none() | days.map(date.isoformat),
    ),
    st.builds(
        LabInput,
        test=texts,
        result=st.sampled_from(["low", "normal", "high", "positive", "negative"]),
    ),
)
entries: st.SearchStrategy[Entry] = st.one_of(
    st.builds(
        FoodEntry,
        at=moments,
        food_id=texts,
        food_name=texts,
        amount_text=texts,
        grams=up_to(MAX_FOOD_GRAMS),
        nutrients=nutrients,
        meal=st.none() | st.sampled_from(["breakfast", "lunch", "dinner", "snack"]),
    ),
    st.builds(
        SupplementEntry,
        at=moments,
        dose_ug=above_0_up_to(MAX_B12_DOSE_UG),
        form=texts,
        route=st.sampled_from(["oral", "sublingual", "intramuscular"]),
    ),
    st.builds(DrinkEntry, at=moments, volume_ml=above_0_up_to(MAX_DRINK_ML), what=texts),
    st.builds(
        CrampEntry,
        at=moments,
        location=texts,
        timing=st.none() | texts,
        duration_minutes=st.none() | up_to(MAX_CRAMP_MINUTES),
        severity=st.none() | st.integers(1, 10),
    ),
    st.builds(
        SymptomEntry, at=moments, symptom=texts, note=st.none() | st.text(storable, max_size=50)
    ),
    st.builds(LabEntry, on=days, lab=labs),
)
profiles = st.builds(
    Profile,
    name=texts.map(str.strip),
    age=st.floats(MIN_AGE_YEARS, 130),
    sex=st.none() | st.sampled_from(["female", "male"]),
    pregnant=st.booleans(),
    breastfeeding=st.booleans(),
    diet=st.none() | st.sampled_from(["omnivore", "pescatarian", "vegetarian", "vegan"]),
    conditions=st.lists(st.sampled_from(ABSORPTION_CONDITIONS), unique=True),
    reference=texts,
).filter(lambda p: p.sex != "male" or not (p.pregnant or p.breastfeeding))


def as_stored(entry: Entry, entry_id: int | None) -> Entry:
    """What the store promises to give back: the same values, every nutrient code present."""
    if isinstance(entry, FoodEntry):
        entry = replace(entry, nutrients={c: entry.nutrients.get(c) for c in DIARY_NUTRIENTS})
    return replace(entry, id=entry_id)


@SETTINGS
@given(batch=st.lists(entries, max_size=8))
def test_entries_come_back_exactly(store: DiaryStore, batch: list[Entry]) -> None:
    store.create_profile(Profile(name="P", age=40))
    try:
        added = store.add_entries("P", batch)
        assert added == [as_stored(e, a.id) for e, a in zip(batch, added, strict=True)]
        listed = store.list_entries("P")
        assert sorted(listed, key=lambda e: e.id or 0) == added
        for got, given_ in zip(added, batch, strict=True):
            if not isinstance(given_, LabEntry):
                assert isinstance(got, type(given_))
                assert got.at.utcoffset() == given_.at.utcoffset()
    finally:
        store.delete_profile("P")


@SETTINGS
@given(person=profiles, batch=st.lists(entries, max_size=6))
def test_export_import_export_is_identical(
    store: DiaryStore, person: Profile, batch: list[Entry]
) -> None:
    created = store.create_profile(person)
    try:
        store.add_entries(created.name, batch)
        document = export_json(store)
        store.delete_profile(created.name)
        assert import_json(store, document) == {created.name: len(batch)}
        assert export_json(store) == document
    finally:
        for p in store.list_profiles():
            store.delete_profile(p.name)
