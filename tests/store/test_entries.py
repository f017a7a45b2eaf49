"""Diary entries of every kind: add, get, list by time and kind, update, delete, batches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from b12.core.diary import (
    CrampEntry,
    DrinkEntry,
    Entry,
    FoodEntry,
    LabEntry,
    SupplementEntry,
    SymptomEntry,
)
from b12.core.models import LabInput
from b12.errors import InputError, NotFoundError
from b12.store import DiaryStore

from . import samples


@pytest.fixture
def ana(store: DiaryStore) -> DiaryStore:
    store.create_profile(samples.profile("Ana"))
    return store


def by_time(entries: list[Entry]) -> list[Entry]:
    def key(e: Entry) -> datetime:
        if isinstance(e, LabEntry):
            return datetime.combine(e.on, time(), UTC)  # labs sort at the start of their date
        return e.at

    return sorted(entries, key=key)


def test_every_kind_round_trips_exactly(ana: DiaryStore) -> None:
    for entry in samples.entries():
        added = ana.add_entry("Ana", entry)
        assert added.id is not None
        assert added == replace(entry, id=added.id)
        got = ana.get_entry(added.id)
        assert got == added
        assert type(got) is type(entry)
        if not isinstance(entry, LabEntry) and not isinstance(got, LabEntry):
            assert got.at.utcoffset() == entry.at.utcoffset()  # the wall-clock time is kept
            assert got.at.replace(tzinfo=None) == entry.at.replace(tzinfo=None)


def test_missing_nutrients_stay_missing(ana: DiaryStore) -> None:
    partial = samples.food(nutrients={"b12": 0.0, "energy": None})
    added = ana.add_entry("Ana", partial)
    assert isinstance(added, FoodEntry)
    stored = ana.get_entry(added.id or 0)
    assert isinstance(stored, FoodEntry)
    assert stored.nutrients["b12"] == 0.0  # a measured zero stays a zero...
    assert stored.nutrients["energy"] is None  # ...and missing stays missing
    assert stored.nutrients["calcium"] is None  # a code left out is missing, never 0
    assert list(stored.nutrients) == list(samples.NUTRIENTS_ALL_MISSING)


def test_list_is_in_time_order_across_offsets(ana: DiaryStore) -> None:
    ana.add_entries("Ana", samples.entries())
    listed = ana.list_entries("Ana")
    assert [replace(e, id=None) for e in listed] == by_time(samples.entries())
    assert [e.id for e in listed] != sorted(e.id or 0 for e in listed)  # not insertion order


def test_list_filters_by_half_open_range_and_kind(ana: DiaryStore) -> None:
    paris = samples.PARIS_SUMMER
    ana.add_entries("Ana", samples.entries())
    may_2 = ana.list_entries(
        "Ana", start=datetime(2024, 5, 2, tzinfo=paris), end=datetime(2024, 5, 3, tzinfo=paris)
    )
    assert [e.kind for e in may_2] == ["lab", "cramp", "drink", "cramp"]
    assert [e.kind for e in ana.list_entries("Ana", kinds=["lab"])] == ["lab", "lab", "lab"]
    assert [e.kind for e in ana.list_entries("Ana", kinds="supplement")] == ["supplement"]
    first = ana.list_entries("Ana")[0]
    assert isinstance(first, LabEntry)
    # start is inclusive, end exclusive: an entry exactly at the bound is in the next range
    cramp = next(e for e in may_2 if isinstance(e, CrampEntry))
    assert cramp in ana.list_entries("Ana", start=cramp.at, end=cramp.at + timedelta(seconds=1))
    assert ana.list_entries("Ana", end=cramp.at, start=cramp.at - timedelta(hours=1)) == []


def test_labs_fall_on_their_date_in_any_zone(ana: DiaryStore) -> None:
    lab = ana.add_entry(
        "Ana", LabEntry(on=date(2024, 5, 2), lab=LabInput(test="mma", result="high"))
    )
    for minutes in (-12 * 60, -5 * 60, 0, 5 * 60 + 45, 12 * 60, 13 * 60, 14 * 60):
        zone = timezone(timedelta(minutes=minutes))
        for day, expected in ((1, []), (2, [lab]), (3, [])):
            start = datetime(2024, 5, day, tzinfo=zone)
            found = ana.list_entries("Ana", start, start + timedelta(days=1))
            assert found == expected, (minutes, day)


def test_entries_are_per_profile(ana: DiaryStore) -> None:
    ana.create_profile(samples.profile("Bo"))
    mine = ana.add_entry("Ana", samples.food())
    assert ana.list_entries("Bo") == []
    with pytest.raises(
        NotFoundError, match=f"no diary entry with id {mine.id} in the diary of 'Bo'"
    ):
        ana.get_entry(mine.id or 0, profile="Bo")
    with pytest.raises(NotFoundError):
        ana.delete_entry(mine.id or 0, profile="Bo")
    assert ana.get_entry(mine.id or 0, profile="Ana") == mine


def test_update(ana: DiaryStore) -> None:
    cramp = ana.add_entry("Ana", CrampEntry(at=datetime.now(UTC), location="calf"))
    changed = replace(cramp, severity=9, timing="exercise", at=cramp.at - timedelta(days=1))
    assert ana.update_entry(changed) == changed
    assert ana.get_entry(cramp.id or 0) == changed
    lab = ana.add_entry(
        "Ana", LabEntry(on=date(2024, 1, 1), lab=LabInput(test="mma", result="high"))
    )
    moved = replace(lab, on=date(2024, 1, 5), lab=LabInput(test="mma", value=0.2, unit="umol/L"))
    ana.update_entry(moved, profile="Ana")
    assert ana.get_entry(lab.id or 0) == moved


def test_update_cannot_change_kind_or_invent_ids(ana: DiaryStore) -> None:
    cramp = ana.add_entry("Ana", CrampEntry(at=datetime.now(UTC), location="calf"))
    with pytest.raises(InputError, match=f"entry {cramp.id} is a cramp entry"):
        ana.update_entry(SymptomEntry(at=cramp.at, symptom="fatigue", id=cramp.id))
    with pytest.raises(InputError, match="has no id"):
        ana.update_entry(replace(cramp, id=None))
    with pytest.raises(NotFoundError, match="no diary entry with id 12345"):
        ana.update_entry(replace(cramp, id=12345))
    assert ana.get_entry(cramp.id or 0) == cramp


def test_delete_and_ids_are_never_reused(ana: DiaryStore) -> None:
    first, second = ana.add_entries("Ana", samples.entries()[:2])
    ana.delete_entry(second.id or 0)
    with pytest.raises(NotFoundError, match=f"no diary entry with id {second.id}"):
        ana.get_entry(second.id or 0)
    with pytest.raises(NotFoundError):
        ana.delete_entry(second.id or 0)
    third = ana.add_entry("Ana", samples.food())
    assert (third.id or 0) > (second.id or 0)
    assert {e.id for e in ana.list_entries("Ana")} == {first.id, third.id}


def test_adding_to_an_unknown_profile_lists_the_known_ones(ana: DiaryStore) -> None:
    with pytest.raises(NotFoundError, match="no profile named 'Anna'; list the profiles"):
        ana.add_entry("Anna", samples.food())


def test_a_batch_that_fails_half_way_writes_nothing(
    ana: DiaryStore, fail_at_insert: Callable[[int], None]
) -> None:
    fail_at_insert(3)
    with pytest.raises(RuntimeError, match="simulated"):
        ana.add_entries("Ana", samples.entries())
    assert ana.list_entries("Ana") == []


def test_a_batch_with_one_bad_entry_writes_nothing_and_names_it(ana: DiaryStore) -> None:
    batch = [*samples.entries(), DrinkEntry(at=datetime.now(UTC), volume_ml=-1)]
    with pytest.raises(InputError) as err:
        ana.add_entries("Ana", batch)
    assert err.value.field == f"entries[{len(batch) - 1}].volume_ml"
    assert ana.list_entries("Ana") == []


NOW = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        (samples.food(at=datetime(2024, 5, 1, 8, 0)), "at", "needs a timezone"),
        (
            samples.food(at=datetime(2024, 5, 1, tzinfo=timezone(timedelta(seconds=30)))),
            "at",
            "whole minutes",
        ),
        (samples.food(grams=float("nan")), "grams", "finite"),
        (samples.food(grams=True), "grams", "must be a number"),
        (samples.food(nutrients={"b12": float("inf")}), "nutrients.b12", "finite"),
        (samples.food(nutrients={"b12": -0.5}), "nutrients.b12", "0 or more"),
        (samples.food(nutrients={"vitamin_b12": 1.0}), "nutrients", "allowed: b12, b12_added"),
        (samples.food(meal="brunch"), "meal", "breakfast, lunch, dinner, snack"),
        (samples.food(food_id=""), "food_id", "non-empty"),
        (SupplementEntry(at=NOW, dose_ug=0), "dose_ug", "above 0"),
        (SupplementEntry(at=NOW, dose_ug=5, route="nasal"), "route", "oral, sublingual"),  # type: ignore[arg-type]
        (DrinkEntry(at=NOW, volume_ml=250, what=" "), "what", "non-empty"),
        (CrampEntry(at=NOW, location="calf", severity=11), "severity", "1 to 10"),
        (CrampEntry(at=NOW, location="calf", severity=5.5), "severity", "1 to 10"),  # type: ignore[arg-type]
        (CrampEntry(at=NOW, location="calf", duration_minutes=-2), "duration_minutes", "0 or"),
        (SymptomEntry(at=NOW, symptom="fatigue", note=3), "note", "must be text"),  # type: ignore[arg-type]
        (LabEntry(on=NOW, lab=LabInput(test="mma", result="high")), "on", r"a date \(no time\)"),
        (LabEntry(on=date(2024, 1, 1), lab={"test": "mma"}), "lab", "LabInput"),  # type: ignore[arg-type]
        (DrinkEntry(at=NOW, volume_ml=1, kind="food"), "kind", "'drink'"),  # type: ignore[arg-type]
        (
            DrinkEntry(at=datetime.min.replace(tzinfo=timezone(timedelta(hours=3))), volume_ml=1),
            "at",
            "out of range",
        ),
    ],
)
def test_bad_entries_are_refused_naming_the_field(
    ana: DiaryStore, entry: Entry, field: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as err:
        ana.add_entry("Ana", entry)
    assert err.value.field == field
    assert ana.list_entries("Ana") == []


def test_bad_list_arguments(ana: DiaryStore) -> None:
    with pytest.raises(InputError, match="unknown entry kind 'meal'; allowed: food, supplement"):
        ana.list_entries("Ana", kinds=["food", "meal"])
    with pytest.raises(InputError, match="needs a timezone") as err:
        ana.list_entries("Ana", start=datetime(2024, 1, 1))
    assert err.value.field == "start"
    with pytest.raises(InputError, match="is after end"):
        ana.list_entries("Ana", start=NOW, end=NOW - timedelta(days=1))


def test_not_a_diary_entry(ana: DiaryStore) -> None:
    with pytest.raises(InputError, match="is not a diary entry"):
        ana.add_entry("Ana", samples.profile())  # type: ignore[type-var]
