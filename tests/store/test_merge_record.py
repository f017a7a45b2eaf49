"""``DiaryStore.merge_record`` (what ``b12 fhir import`` writes with), on SQLite and, with
B12_TEST_DATABASE_URL, PostgreSQL: one transaction, and merging twice adds nothing."""

from __future__ import annotations

from datetime import date

import pytest

from b12.core.diary import LabEntry, Medicine, Profile, Record
from b12.core.models import LAB_INPUT
from b12.errors import InputError
from b12.store import DiaryStore


def _lab(value: float, on: date) -> LabEntry:
    return LabEntry(
        on=on, lab=LAB_INPUT.validate_python({"test": "b12_total", "value": value, "unit": "pg/mL"})
    )


def test_merge_creates_then_adds_only_what_is_new(store: DiaryStore) -> None:
    record = Record(
        Profile(name="Ana", age=60, sex="female"),
        [_lab(180, date(2026, 1, 1)), _lab(180, date(2026, 1, 1))],  # the same result twice
        [Medicine(name="Metformin", generic="metformin", started=date(2019, 3, 1))],
    )
    assert store.merge_record(record, create=True) == (1, 1)
    assert store.merge_record(
        Record(record.profile, record.entries, record.medicines), create=False
    ) == (0, 0)
    more = Record(Profile(name="Ana", age=61, sex="female"), [_lab(300, date(2026, 2, 1))], [])
    assert store.merge_record(more, create=False) == (1, 0)
    stored = store.read_record("Ana")
    assert stored.profile.age == 61
    assert [e.lab.value for e in stored.entries if isinstance(e, LabEntry)] == [180, 300]
    assert len(stored.medicines) == 1


def test_a_bad_item_writes_nothing(store: DiaryStore) -> None:
    bad = Record(
        Profile(name="Bea", age=50),
        [_lab(180, date(2026, 1, 1))],
        [Medicine(name="x", started=date(2026, 2, 1), stopped=date(2026, 1, 1))],
    )
    with pytest.raises(InputError) as caught:
        store.merge_record(bad, create=True)
    assert caught.value.field == "medicines[0].stopped"
    assert [p.name for p in store.list_profiles()] == []


def test_create_refuses_a_name_taken(store: DiaryStore) -> None:
    store.create_profile(Profile(name="Cy", age=40))
    with pytest.raises(InputError, match="already exists"):
        store.merge_record(
            Record(Profile(name="Cy", age=41), [_lab(200, date(2026, 1, 1))]), create=True
        )
    assert store.read_record("Cy").entries == []
